"""The two object stores behave alike: put, get, exists, list, delete, and what only S3 does (parts, URLs)."""
from __future__ import annotations

import os
import urllib.request
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

import pytest
from botocore.exceptions import ClientError

from ytempire.storage import MissingObject, store_from_config
from ytempire.storage.s3 import S3Store


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return store_from_config({"STORAGE_TYPE": "local", "STORAGE_PATH": str(tmp_path / "storage")})
    return store_from_config(request.getfixturevalue("s3_settings"))


def test_a_file_put_comes_back_whole(store, tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(4096))
    store.put_file("videos/v1/video.mp4", source)
    assert store.exists("videos/v1/video.mp4") and not store.exists("videos/v1/other.mp4")
    back = store.get_file("videos/v1/video.mp4", tmp_path / "out" / "video.mp4")
    assert back.read_bytes() == source.read_bytes()


def test_json_round_trip_and_missing_keys(store, tmp_path):
    store.put_json("videos/v1/script.json", {"title": "A", "n": 2})
    assert store.get_json("videos/v1/script.json") == {"title": "A", "n": 2}
    with pytest.raises(MissingObject):
        store.get_json("videos/v1/nothing.json")
    with pytest.raises(MissingObject):
        store.get_file("videos/v1/nothing.mp4", tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_list_and_delete_prefix_touch_only_that_prefix(store, tmp_path):
    source = tmp_path / "f.txt"
    source.write_text("x" * 10)
    for key in ("videos/a/one.txt", "videos/a/sub/two.txt", "videos/b/one.txt", "music/u/t.mp3"):
        store.put_file(key, source)
    listed = list(store.list("videos/a/"))
    assert sorted(item.key for item in listed) == ["videos/a/one.txt", "videos/a/sub/two.txt"]
    assert all(item.size == 10 and item.last_modified.tzinfo is not None for item in listed)
    assert store.delete_prefix("videos/a/") == 2
    assert list(store.list("videos/a/")) == []
    assert store.exists("videos/b/one.txt") and store.exists("music/u/t.mp3")
    store.delete("music/u/t.mp3")
    assert not store.exists("music/u/t.mp3")


def test_location_names_the_key_again(store):
    location = store.location("videos/v9/thumbnail.jpg")
    assert store.key_of(location) == "videos/v9/thumbnail.jpg"
    assert store.key_of("s3://another-bucket/videos/v9/thumbnail.jpg") is None


def test_the_local_store_keeps_the_old_layout(tmp_path):
    store = store_from_config({"STORAGE_TYPE": "local", "STORAGE_PATH": str(tmp_path)})
    store.put_json("videos/v1/script.json", {"a": 1})
    assert (tmp_path / "v1" / "script.json").is_file()
    assert store.location("music/u/t.mp3") == str(tmp_path / "music" / "u" / "t.mp3")
    assert store.presigned_url("videos/v1/script.json", expires=60) is None


def test_a_large_file_goes_up_in_parts(s3_settings, tmp_path):
    store = store_from_config({**s3_settings, "S3_MULTIPART_THRESHOLD_BYTES": 5 * 1024 * 1024})
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(11 * 1024 * 1024))
    store.put_file("videos/big/video.mp4", source)
    head = store.client.head_object(Bucket=s3_settings["S3_BUCKET"], Key="videos/big/video.mp4")
    # S3 names a multipart object's ETag "<md5 of the parts' md5s>-<number of parts>".
    assert head["ETag"].strip('"').endswith("-3")
    assert store.get_file("videos/big/video.mp4", tmp_path / "back.bin").read_bytes() == source.read_bytes()


def test_a_presigned_url_serves_the_object_and_says_when_it_expires(s3_settings, tmp_path):
    store = store_from_config(s3_settings)
    assert isinstance(store, S3Store)
    source = tmp_path / "clip.mp4"
    source.write_bytes(b"not really an mp4")
    store.put_file("videos/v2/video.mp4", source)
    url = store.presigned_url("videos/v2/video.mp4", expires=120, download_name="v2.mp4", content_type="video/mp4")
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"not really an mp4"
        assert response.headers["Content-Type"] == "video/mp4"
        assert 'filename="v2.mp4"' in response.headers["Content-Disposition"]
    # moto's server does not refuse expired signatures (real S3 and MinIO do), so the test reads the
    # signed lifetime and signing time from the URL: 120 s from now.
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["120"]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - signed_at).total_seconds()) < 60


def test_links_are_signed_for_the_public_endpoint_when_one_is_set(s3_settings, tmp_path):
    public = s3_settings["S3_ENDPOINT_URL"].replace("127.0.0.1", "localhost")   # the same server, another name
    store = store_from_config({**s3_settings, "S3_PUBLIC_ENDPOINT_URL": public})
    source = tmp_path / "t.jpg"
    source.write_bytes(b"jpeg bytes")
    store.put_file("videos/v3/thumbnail.jpg", source)
    url = store.presigned_url("videos/v3/thumbnail.jpg", expires=60)
    assert url.startswith(f"{public}/{s3_settings['S3_BUCKET']}/videos/v3/thumbnail.jpg?")
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"jpeg bytes"


def test_a_missing_bucket_is_an_error_not_a_missing_key(s3_settings):
    store = store_from_config({**s3_settings, "S3_BUCKET": "no-such-bucket-here"})
    with pytest.raises(ClientError):
        store.put_json("videos/v/x.json", {})
