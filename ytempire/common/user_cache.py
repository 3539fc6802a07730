"""What Redis remembers per user, and forgetting it when the user's data changes.

Two things: the account's standing, its status and tier (so a request need not read the user row
to know the account is still active, or which limits apply), and computed answers (usage,
analytics, list totals) in one hash per user, so one DEL forgets them all. Every ORM commit that
inserts, changes or deletes a row these depend on drops them after the commit (the standing only
when the user row itself changed: a new video must not cost the next request a read of the
account); writers that bypass the unit of work delete the keys of their rows (`answer_keys_of`)
after their commit, and those outside the session (the analytics sync's upserts) call
`forget_user`. The TTLs bound what a writer outside the app, or a failed delete, could leave stale.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

ANSWER_TTL_SECONDS = 300
STATUS_TTL_SECONDS = 30
_PENDING = "ytempire.forget_users"
_PENDING_STATUS = "ytempire.forget_user_status"


def answers_key(user_id) -> str:
    return f"cache:user:{user_id}"


def status_key(user_id) -> str:
    return f"user:{user_id}:status"


def _redis():
    from ytempire.common.redis import get_redis

    return get_redis()


def remembered(user_id, name: str, compute: Callable[[], str]) -> str:
    """The stored answer `name` of this user, else `compute()` stored for at most ANSWER_TTL_SECONDS."""
    return remembered_many(user_id, {name: compute})[name]


def remembered_many(user_id, computes: dict[str, Callable[[], str]]) -> dict[str, str]:
    """Several stored answers of this user read in one round trip; each missing one computed and stored."""
    r, key = _redis(), answers_key(user_id)
    names = list(computes)
    stored = dict(zip(names, r.hmget(key, names)))
    missing = {name: computes[name]() for name, value in stored.items() if value is None}
    if missing:
        pipe = r.pipeline(transaction=False)
        pipe.hset(key, mapping=missing)
        pipe.expire(key, ANSWER_TTL_SECONDS, nx=True)  # the first answer starts the clock
        pipe.execute()
    return {**stored, **missing}


# What the status key holds besides the status: the fields that decide the tier's limits, so a
# request that checks a limit (the daily video cap) does not read the user row either.
STANDING_FIELDS = ("status", "subscription_tier", "subscription_expires_at")


def remember_standing(user_id, status: str, subscription_tier: str, subscription_expires_at) -> None:
    """The account's status and tier, remembered under the status key (forgotten with it)."""
    expires = subscription_expires_at.isoformat() if subscription_expires_at else None
    _redis().set(status_key(user_id), json.dumps([status, subscription_tier, expires]), ex=STATUS_TTL_SECONDS)


def read_standing(stored: str | None) -> dict | None:
    """A remembered standing as {field: value}; None when nothing (or an older format) is stored."""
    try:
        status, tier, expires = json.loads(stored)
        return {"status": status, "subscription_tier": tier,
                "subscription_expires_at": datetime.fromisoformat(expires) if expires else None}
    except (TypeError, ValueError):
        return None


def forget_user(*user_ids, status_too: bool = True) -> None:
    """Drop the stored answers (and, unless `status_too` is False, the status) of these users."""
    _forget(answers_of=user_ids, status_of=user_ids if status_too else ())


def _forget(answers_of, status_of) -> None:
    """One DEL for the answers of `answers_of` and the statuses of `status_of`."""
    keys = [answers_key(user_id) for user_id in answers_of if user_id]
    keys += [status_key(user_id) for user_id in status_of if user_id]
    if keys:
        _redis().delete(*keys)


def _owner(obj):
    """The user whose remembered data `obj` feeds, or None for rows nothing remembers."""
    from ytempire.channels.models import Channel
    from ytempire.accounting.models import CostEntry
    from ytempire.users.models import User
    from ytempire.accounting.models import GenerationRequest
    from ytempire.videos.models import Video

    if isinstance(obj, User):
        return obj.id
    if isinstance(obj, (Video, Channel, CostEntry, GenerationRequest)):
        return obj.user_id
    return None


def _is_user(obj) -> bool:
    from ytempire.users.models import User

    return isinstance(obj, User)


def _stat_owners(session, changed) -> set:
    """The users whose channels or videos the changed daily-stat rows belong to (one query per kind)."""
    from sqlalchemy import select

    from ytempire.analytics.models import ChannelDailyStat, VideoDailyStat
    from ytempire.channels.models import Channel
    from ytempire.videos.models import Video

    channel_ids = {obj.channel_id for obj in changed if isinstance(obj, ChannelDailyStat)}
    video_ids = {obj.video_id for obj in changed if isinstance(obj, VideoDailyStat)}
    connection, owners = session.connection(), set()
    if channel_ids:
        owners |= set(connection.scalars(select(Channel.user_id).where(Channel.id.in_(channel_ids))))
    if video_ids:
        owners |= set(connection.scalars(select(Video.user_id).where(Video.id.in_(video_ids))))
    return owners


@event.listens_for(Session, "after_flush")
def _collect(session, _flush_context):
    changed = [*session.new, *session.deleted,
               *(obj for obj in session.dirty if session.is_modified(obj, include_collections=False))]
    owners = {_owner(obj) for obj in changed} | _stat_owners(session, changed)
    owners.discard(None)
    if owners:
        session.info.setdefault(_PENDING, set()).update(owners)
    accounts = {obj.id for obj in changed if _is_user(obj)}
    if accounts:   # the remembered status depends on the user row alone
        session.info.setdefault(_PENDING_STATUS, set()).update(accounts)


def answer_keys_of(objects) -> list[str]:
    """The keys of the remembered answers that rows written past the unit of work make stale, for
    a writer that deletes them itself after its commit (in a round trip it makes anyway)."""
    owners = {_owner(obj) for obj in objects}
    owners.discard(None)
    return [answers_key(owner) for owner in owners]


@event.listens_for(Session, "after_commit")
def _forget_committed(session):
    owners = session.info.pop(_PENDING, None) or set()
    accounts = session.info.pop(_PENDING_STATUS, None) or set()
    if (owners or accounts) and has_app_context() and "redis" in current_app.extensions:
        _forget(answers_of=owners | accounts, status_of=accounts)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session):
    session.info.pop(_PENDING, None)
    session.info.pop(_PENDING_STATUS, None)


def remembered_response(user_id, name: str, schema, compute: Callable[[], object]):
    """A JSON answer as `schema` dumps `compute()`, remembered under `name` for this user."""
    body = remembered(user_id, name, lambda: current_app.json.dumps(schema().dump(compute())))
    return current_app.response_class(body, mimetype="application/json")
