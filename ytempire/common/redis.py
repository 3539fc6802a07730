"""One Redis connection pool per app, for counters, the token blocklist and pub/sub."""
import redis
from flask import Flask, current_app


def init_redis(app: Flask) -> None:
    app.extensions["redis"] = redis.Redis.from_url(
        app.config["REDIS_URL"], decode_responses=True, socket_timeout=2, socket_connect_timeout=2,
        health_check_interval=30,
    )


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]
