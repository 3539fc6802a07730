"""Recovery right after the broker restarted: the pooled connection is stale, the run must still send."""
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis as redis_lib

from tests.pipeline.test_stage_claims import claimed_by_another_delivery
from ytempire import create_app
from ytempire.pipeline.recovery import queues_with_workers, recover_stuck_jobs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, which it may stop and start (never the shared one)."""

    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen([shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis_lib.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis_lib.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_recovery_right_after_a_broker_restart_sends_the_stuck_job(app_config, db, request_video, private_redis,
                                                                   process_defaults_restored):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt, age=timedelta(seconds=200))  # its worker died minutes ago
    db.session.remove()
    beat_app = create_app({**app_config, "CELERY_BROKER_URL": private_redis.url})
    with beat_app.app_context():
        assert queues_with_workers() is None  # an earlier run: the connection is now in the pool
        private_redis.stop()
        private_redis.start()
        assert recover_stuck_jobs() == 1
    assert redis_lib.Redis.from_url(private_redis.url).llen("ai") == 1
