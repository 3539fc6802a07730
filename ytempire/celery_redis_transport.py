"""kombu's Redis transport, with one redis-py client per connection pool instead of one per publish.

kombu builds a new `redis.Redis` object for every message it publishes (and again for the task-sent
event): redis-py's constructor copies ~170 response callbacks each time, a third of the CPU that
sending a task costs the API. The client object holds no connection of its own (each command
borrows one from the pool) and is safe to share between threads, so the channel keeps one for as
long as its pool lives. Everything else is kombu's.
"""
from __future__ import annotations

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _shared_client = None

    def _create_client(self, asynchronous=False):
        if asynchronous:  # the consumer's BRPOP/pub-sub client: kombu caches it itself
            return super()._create_client(asynchronous=True)
        client, pool = self._shared_client, self.pool
        if client is None or client.connection_pool is not pool:  # a reconnect makes a new pool
            client = self._shared_client = super()._create_client()
        return client


class Transport(kombu_redis.Transport):
    Channel = Channel


def transport_for(broker_url: str) -> str | None:
    """This transport for a plain Redis broker URL; None (kombu's choice by scheme) for any other."""
    return f"{__name__}:Transport" if broker_url.startswith(("redis://", "rediss://")) else None
