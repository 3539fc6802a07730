"""The S3 store (AWS, MinIO, R2, ...): what lets the API, the AI workers, the render workers and the
upload worker run on different hosts with nothing shared but PostgreSQL, the broker and a bucket.

Large files go up and down in parts (TransferConfig), so a long render never needs one huge request;
downloads reach the browser by presigned URL, never through the API.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Iterator

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from ytempire.storage.interface import MissingObject, StoredObject

SCHEME = "s3://"
DELETE_BATCH = 1000          # the most keys one DeleteObjects call takes
NOT_FOUND_CODES = {"404", "NoSuchKey", "NotFound"}


class S3Store:
    kind = "s3"
    is_remote = True

    def __init__(self, *, bucket: str, endpoint_url: str | None = None, region: str = "us-east-1",
                 access_key_id: str | None = None, secret_access_key: str | None = None,
                 multipart_bytes: int = 8 * 1024 * 1024, public_endpoint_url: str | None = None):
        self.bucket = bucket
        credentials = {"region_name": region, "aws_access_key_id": access_key_id,
                       "aws_secret_access_key": secret_access_key}
        self.client = boto3.client("s3", endpoint_url=endpoint_url, config=_client_config(endpoint_url), **credentials)
        # Signing needs no request, so links for browsers can name another host than the one workers use.
        public = public_endpoint_url or endpoint_url
        self.signer = self.client if public == endpoint_url else boto3.client(
            "s3", endpoint_url=public, config=_client_config(public), **credentials)
        self.transfer = TransferConfig(multipart_threshold=multipart_bytes, multipart_chunksize=multipart_bytes)

    def put_file(self, key: str, local_path: str | Path) -> None:
        # A multipart upload becomes visible only when completed, so readers never see part of it.
        self.client.upload_file(str(local_path), self.bucket, key, Config=self.transfer)

    def get_file(self, key: str, local_path: str | Path) -> Path:
        target = Path(local_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.partial{target.suffix}")
        try:
            self.client.download_file(self.bucket, key, str(partial), Config=self.transfer)
        except ClientError as error:
            partial.unlink(missing_ok=True)
            if _not_found(error):
                raise MissingObject(key) from None
            raise
        os.replace(partial, target)
        return target

    def put_json(self, key: str, data: dict) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, ContentType="application/json",
                               Body=json.dumps(data, indent=2, default=str).encode())

    def get_json(self, key: str) -> dict:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as error:
            if _not_found(error):
                raise MissingObject(key) from None
            raise
        with body:
            return json.loads(body.read())

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _not_found(error):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def delete_prefix(self, prefix: str) -> int:
        keys = [stored.key for stored in self.list(prefix)]
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start:start + DELETE_BATCH]
            self.client.delete_objects(Bucket=self.bucket,
                                       Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True})
        return len(keys)

    def list(self, prefix: str) -> Iterator[StoredObject]:
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                yield StoredObject(item["Key"], item["Size"], item["LastModified"])

    def ping(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def presigned_url(self, key: str, *, expires: int, download_name: str | None = None,
                      content_type: str | None = None) -> str:
        params = {"Bucket": self.bucket, "Key": key}
        if download_name:
            params["ResponseContentDisposition"] = f'attachment; filename="{download_name}"'
        if content_type:
            params["ResponseContentType"] = content_type
        return self.signer.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)

    def local_path(self, key: str) -> None:
        return None

    def location(self, key: str) -> str:
        return f"{SCHEME}{self.bucket}/{key}"

    def key_of(self, location: str) -> str | None:
        prefix = f"{SCHEME}{self.bucket}/"
        return location[len(prefix):] if location and location.startswith(prefix) else None


def _client_config(endpoint_url: str | None) -> BotoConfig:
    # Path-style addressing for a custom endpoint: MinIO and most self-hosted stores have no per-bucket DNS.
    return BotoConfig(signature_version="s3v4", retries={"max_attempts": 5, "mode": "standard"},
                      s3={"addressing_style": "path" if endpoint_url else "auto"})


def _not_found(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in NOT_FOUND_CODES
