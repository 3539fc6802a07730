"""STORAGE_TYPE is checked when the app is configured, not when the first stage writes."""
import pytest

from ytempire.config import config_from_mapping


def test_s3_without_a_bucket_refuses_to_start():
    with pytest.raises(RuntimeError, match="STORAGE_TYPE=s3 needs S3_BUCKET"):
        config_from_mapping({"STORAGE_TYPE": "s3", "S3_BUCKET": None})


def test_an_unknown_storage_type_refuses_to_start():
    with pytest.raises(RuntimeError, match="STORAGE_TYPE='ftp' is not one of local, s3"):
        config_from_mapping({"STORAGE_TYPE": "ftp"})


def test_local_is_the_default_and_s3_with_a_bucket_is_accepted():
    assert config_from_mapping({})["STORAGE_TYPE"] == "local"
    values = config_from_mapping({"STORAGE_TYPE": "s3", "S3_BUCKET": "videos"})
    assert values["S3_PRESIGN_SECONDS"] == 300 and values["S3_REGION"] == "us-east-1"
