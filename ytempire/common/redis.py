"""One Redis connection pool per app, for counters, the token blocklist and pub/sub."""
import redis
from flask import Flask, current_app

from ytempire.config import redis_timeouts


def init_redis(app: Flask) -> None:
    """Short socket timeouts: a hung Redis turns into a quick 503, not a request stuck for ever."""
    app.extensions["redis"] = redis.Redis.from_url(
        app.config["REDIS_URL"], decode_responses=True, health_check_interval=30, **redis_timeouts(app.config),
    )


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]
