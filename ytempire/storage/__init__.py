"""The object store artefacts and music live in, chosen by STORAGE_TYPE (`local` or `s3`)."""
from __future__ import annotations

from flask import current_app

from ytempire.storage.interface import MissingObject, ObjectStore, StoredObject
from ytempire.storage.local import LocalStore
from ytempire.storage.s3 import S3Store

__all__ = ["MissingObject", "ObjectStore", "StoredObject", "object_store", "store_from_config"]

# One client per distinct setting: a boto3 client is costly to build and safe to share between threads.
_STORES: dict[tuple, ObjectStore] = {}
SETTINGS = ("STORAGE_TYPE", "STORAGE_PATH", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY", "S3_MULTIPART_THRESHOLD_BYTES", "S3_PUBLIC_ENDPOINT_URL")


def object_store() -> ObjectStore:
    """The running app's store."""
    return store_from_config(current_app.config)


def store_from_config(config) -> ObjectStore:
    settings = tuple(config.get(name) for name in SETTINGS)
    if settings not in _STORES:
        _STORES[settings] = _build(config)
    return _STORES[settings]


def _build(config) -> ObjectStore:
    if config.get("STORAGE_TYPE", "local") == "s3":
        return S3Store(bucket=config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                       region=config.get("S3_REGION") or "us-east-1",
                       access_key_id=config.get("S3_ACCESS_KEY_ID"),
                       secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
                       multipart_bytes=config.get("S3_MULTIPART_THRESHOLD_BYTES") or 8 * 1024 * 1024,
                       public_endpoint_url=config.get("S3_PUBLIC_ENDPOINT_URL"))
    return LocalStore(config["STORAGE_PATH"])
