"""A real S3 server for the storage tests: moto in server mode on a free port, spoken to by boto3."""
from __future__ import annotations

import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.pipeline.conftest import channel, request_video  # noqa: F401 - the pipeline tests' fixtures

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_endpoint):
    """STORAGE_TYPE=s3 settings on a fresh bucket of the session's server."""
    bucket = f"ytempire-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                 aws_secret_access_key=SECRET_KEY).create_bucket(Bucket=bucket)
    return {"STORAGE_TYPE": "s3", "S3_ENDPOINT_URL": s3_endpoint, "S3_BUCKET": bucket, "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY, "S3_SECRET_ACCESS_KEY": SECRET_KEY}


@pytest.fixture
def s3_app(app, s3_settings, tmp_path):
    """The suite's app switched to the S3 store (and a private scratch folder) for one test."""
    saved = {name: app.config.get(name) for name in [*s3_settings, "SCRATCH_PATH"]}
    app.config.update(s3_settings, SCRATCH_PATH=str(tmp_path / "scratch"))
    yield app
    app.config.update(saved)


def worker_s3_env(s3_settings: dict, root) -> dict:
    """A worker's environment for the S3 store, with its own STORAGE_PATH and SCRATCH_PATH under `root`
    (so nothing it makes can be read from the API's folders)."""
    return {**s3_settings, "STORAGE_PATH": str(root / "storage"), "SCRATCH_PATH": str(root / "scratch")}
