"""One Redis connection pool per app, for counters, the token blocklist and pub/sub; Lua scripts by SHA."""
import hashlib

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


class Script:
    """A Lua script sent as its SHA1 (EVALSHA); its text goes again only when Redis has lost it
    (restarted, SCRIPT FLUSH), and EVAL keeps it there once more."""

    def __init__(self, text: str):
        self.text, self.sha = text, hashlib.sha1(text.encode()).hexdigest()

    def __call__(self, client: redis.Redis, keys: list, args: list):
        try:
            return client.evalsha(self.sha, len(keys), *keys, *args)
        except redis.exceptions.NoScriptError:
            return client.eval(self.text, len(keys), *keys, *args)
