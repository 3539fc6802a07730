"""What S3 storage costs over the local disk: one 60 s video through every stage, on each store.

Each store gets a fresh database and Redis db (bench/environment.py); S3 is moto's server on
loopback, spoken to by the real boto3 client, so the figure is the client-side cost of the store
(each stage fetching its inputs into scratch and uploading its outputs, multipart above 8 MiB),
not a network's latency or bandwidth: add those for a real bucket. The stages run in this process
one after another (`run_stage`), as a worker would run them, offline providers, local publisher.

Run: .venv/bin/python bench/storage_overhead.py [--seconds 60] [--repeat 1]
"""
from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import bench_services  # noqa: E402
from ytempire import create_app  # noqa: E402
from ytempire.pipeline.runner import run_stage  # noqa: E402
from ytempire.pipeline.stages import STAGES  # noqa: E402

PASSWORD = "Bench-Passw0rd!x"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def s3_settings(endpoint: str) -> dict:
    bucket = f"bench-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                 aws_secret_access_key="bench").create_bucket(Bucket=bucket)
    return {"STORAGE_TYPE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "bench", "S3_SECRET_ACCESS_KEY": "bench"}


def one_video(store_settings: dict, seconds: int) -> dict[str, float]:
    """Seconds per stage for one video made on the store `store_settings` describes."""
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        from flask_migrate import upgrade

        config |= {**store_settings, "SECRET_KEY": "bench-" + "k" * 40, "JWT_SECRET_KEY": "bench-" + "j" * 40,
                   "SCRATCH_PATH": str(Path(storage) / "scratch"), "MEDIA_CACHE_PATH": str(Path(storage) / "cache")}
        app = create_app(config)
        with app.app_context():
            upgrade()
        client = app.test_client()
        tokens = client.post("/api/v1/auth/register", json={
            "email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "username": f"bench_{uuid.uuid4().hex[:8]}",
            "password": PASSWORD, "terms_accepted": True}).get_json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        channel = client.post("/api/v1/channels", headers=headers, json={
            "name": "Bench", "niche": "science", "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
        receipt = client.post("/api/v1/videos/generate", headers=headers, json={
            "channel_id": channel["id"], "topic": "How solar panels turn sunlight into electricity",
            "video_config": {"duration": seconds}}).get_json()
        timings = {}
        with app.app_context():
            for stage in STAGES:
                started = time.perf_counter()
                run_stage(receipt["job_id"], stage, "bench-worker")
                timings[stage] = time.perf_counter() - started
        return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        runs = {"local": [], "s3": []}
        for _ in range(options.repeat):             # interleaved, so load from elsewhere hits both alike
            runs["local"].append(one_video({"STORAGE_TYPE": "local"}, options.seconds))
            runs["s3"].append(one_video(s3_settings(f"http://127.0.0.1:{port}"), options.seconds))
    finally:
        server.stop()
    print(f"\n{options.seconds} s video, median of {options.repeat} run(s) per store, seconds per stage\n")
    print("| stage | local | s3 | extra on s3 |\n|---|---|---|---|")
    totals = {"local": 0.0, "s3": 0.0}
    for stage in STAGES:
        local = statistics.median(run[stage] for run in runs["local"])
        s3 = statistics.median(run[stage] for run in runs["s3"])
        totals["local"] += local
        totals["s3"] += s3
        print(f"| {stage} | {local:.2f} | {s3:.2f} | {s3 - local:+.2f} |")
    print(f"| **all stages** | {totals['local']:.2f} | {totals['s3']:.2f} | {totals['s3'] - totals['local']:+.2f} "
          f"({(totals['s3'] / totals['local'] - 1) * 100:+.1f} %) |")


if __name__ == "__main__":
    main()
