"""Time from sending POST /videos/generate to the first stage task starting in a real worker.

Idle stack: one `ai` worker, and each request waits until the previous job has left the ai queue.
Run: .venv/bin/python bench/first_task_latency.py [iterations]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import bench_services  # noqa: E402
from tests.workers import celery_worker, wait_for  # noqa: E402
from ytempire import create_app  # noqa: E402
from ytempire.extensions import db  # noqa: E402
from ytempire.pipeline.models import GenerationJob  # noqa: E402


def main(iterations: int = 20) -> dict:
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        app = create_app(config)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        client = app.test_client()
        tokens = client.post("/api/v1/auth/register", json={
            "email": "bench@example.com", "username": "bench", "password": "BenchPass123!",
            "terms_accepted": True}).get_json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        with app.app_context():
            db.session.execute(db.text("UPDATE users SET subscription_tier = 'enterprise'"))
            db.session.commit()
        channel = client.post("/api/v1/channels", headers=headers, json={
            "name": "Bench", "niche": "tech", "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
        app.config["MAX_VIDEOS_PER_DAY_PRO"] = 10_000
        latencies = []
        with celery_worker(config | {"SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"]}, "ai",
                           Path(storage)):
            for _ in range(iterations + 2):
                sent = time.time()
                receipt = client.post("/api/v1/videos/generate", headers=headers, json={
                    "channel_id": channel["id"], "topic": "Latency of a queue", "publish": "manual",
                    "video_config": {"duration": 15}}).get_json()
                responded = time.time()

                def started():
                    with app.app_context():
                        job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
                        value = job.stage_details.get("script_generation", {}).get("started_at") if job else None
                        db.session.remove()
                        return value

                from datetime import datetime

                started_at = datetime.fromisoformat(wait_for(started, timeout=60).replace("Z", "+00:00"))
                latencies.append(((started_at.timestamp() - sent) * 1000, (responded - sent) * 1000))
                wait_for(lambda: _left_ai_queue(app, receipt["job_id"]), timeout=120)
        latencies = latencies[2:]  # the first requests warm the worker's connections
        to_task = [max(a, 0.0) for a, _ in latencies]
        api = [b for _, b in latencies]
        result = {"iterations": iterations, "api_202_ms_p50": statistics.median(api),
                  "first_task_ms_p50": statistics.median(to_task),
                  "first_task_ms_p95": sorted(to_task)[int(0.95 * (len(to_task) - 1))],
                  "first_task_ms_max": max(to_task)}
        print("| measure | value |\n|---|---|")
        for key, value in result.items():
            print(f"| {key} | {value:.1f} |" if isinstance(value, float) else f"| {key} | {value} |")
        return result


def _left_ai_queue(app, job_id) -> bool:
    with app.app_context():
        job = db.session.get(GenerationJob, uuid.UUID(job_id))
        done = "voice_synthesis" in (job.stages_completed or []) or job.status == "failed"
        db.session.remove()
        return done


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
