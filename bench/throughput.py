"""End-to-end throughput: videos per minute through real workers, one render worker vs two, per broker.

Offline providers, 15 s videos, published by the local publisher. For each broker and each number of
render workers, a fresh database (and Redis db / RabbitMQ virtual host) and fresh workers: one on
`default,ai` (2 processes), one on `upload`, and N on `render` (one process each, as `make run` starts
them). All videos are requested at once; the clock runs from the first request to the last video
published. Bounded: `--videos` per configuration, and a timeout per configuration.
Run: .venv/bin/python bench/throughput.py [--videos 6] [--brokers redis,rabbitmq] [--render-workers 1,2]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import bench_services  # noqa: E402
from tests.workers import celery_worker, wait_for  # noqa: E402
from ytempire import create_app  # noqa: E402
from ytempire.extensions import db  # noqa: E402
from ytempire.pipeline.models import GenerationJob  # noqa: E402

FINISHED = ("completed", "failed", "cancelled")


def _signed_up_client(app):
    client = app.test_client()
    tokens = client.post("/api/v1/auth/register", json={
        "email": "bench@example.com", "username": "bench", "password": "BenchPass123!",
        "terms_accepted": True}).get_json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    with app.app_context():
        db.session.execute(db.text("UPDATE users SET subscription_tier = 'enterprise'"))
        db.session.commit()
    channel = client.post("/api/v1/channels", headers=headers, json={
        "name": "Bench", "niche": "science", "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    return client, headers, channel["id"]


def _jobs(app, job_ids):
    with app.app_context():
        jobs = db.session.scalars(db.select(GenerationJob).where(GenerationJob.id.in_(job_ids))).all()
        rows = [(job.status, job.completed_at) for job in jobs]
        db.session.remove()
    return rows


def measure(broker: str, render_workers: int, videos: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as storage, bench_services(storage, broker) as config:
        app = create_app(config)
        app.config["MAX_VIDEOS_PER_DAY_PRO"] = 10_000
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        client, headers, channel_id = _signed_up_client(app)
        logs = Path(storage) / "logs"
        logs.mkdir()
        with ExitStack() as workers:
            workers.enter_context(celery_worker(config, "default,ai", logs, concurrency=2))
            workers.enter_context(celery_worker(config, "upload", logs))
            for _ in range(render_workers):
                workers.enter_context(celery_worker(config, "render", logs))
            started = time.time()
            job_ids = []
            for index in range(videos):
                receipt = client.post("/api/v1/videos/generate", headers=headers, json={
                    "channel_id": channel_id, "title": f"Tides, part {index + 1}",
                    "topic": "Why the ocean has tides twice a day", "video_config": {"duration": 15}}).get_json()
                job_ids.append(uuid.UUID(receipt["job_id"]))
            wait_for(lambda: all(status in FINISHED for status, _ in _jobs(app, job_ids)), timeout=timeout,
                     interval=0.5, describe=lambda: _jobs(app, job_ids))
            elapsed = time.time() - started
        rows = _jobs(app, job_ids)
    done = [finished.timestamp() - started for status, finished in rows if status == "completed"]
    return {"broker": broker, "render_workers": render_workers, "videos": videos, "completed": len(done),
            "seconds": round(elapsed, 1), "videos_per_minute": round(len(done) / elapsed * 60, 2),
            "median_video_seconds": round(statistics.median(done), 1) if done else None}


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=6)
    parser.add_argument("--brokers", default="redis,rabbitmq")
    parser.add_argument("--render-workers", default="1,2")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per configuration")
    args = parser.parse_args(argv)
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    print("| broker | render workers | videos completed | wall s | videos/min | median s to publish |\n"
          "|---|---|---|---|---|---|", flush=True)
    results = []
    for broker in args.brokers.split(","):
        for render_workers in (int(n) for n in args.render_workers.split(",")):
            result = measure(broker, render_workers, args.videos, args.timeout)
            results.append(result)
            print(f"| {broker} | {render_workers} | {result['completed']}/{result['videos']} | {result['seconds']} | "
                  f"{result['videos_per_minute']} | {result['median_video_seconds']} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)
    return results


if __name__ == "__main__":
    main()
