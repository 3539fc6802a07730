"""Channel management: ownership, tier limits and soft deletion."""
from functools import lru_cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from ytempire.channels.models import Channel
from ytempire.common.lookup import get_or_404
from ytempire.common.plain_reads import read_rows
from ytempire.common.uuids import parse_uuid
from ytempire.errors import ChannelLimitExceeded, Conflict, NotFound
from ytempire.extensions import db
from ytempire.users.models import User
from ytempire.billing.tiers import effective_tier, user_limits


def get_owned_channel(user_id, channel_id) -> Channel:
    """The user's channel, or 404 (another user's channel is indistinguishable from none)."""
    return get_or_404(Channel, channel_id, "Channel", owner_id=user_id)


# What a new video needs of its channel: the owner, the status, and the style's defaults.
_FOR_NEW_VIDEO = select(Channel.id, Channel.user_id, Channel.status, Channel.style, Channel.niche).where(
    Channel.id == bindparam("channel_id"), Channel.user_id == bindparam("user_id"))


def owned_channel_for_new_video(user_id, channel_id):
    """The user's channel as a row of id, user_id, status, style and niche, or 404 as
    `get_owned_channel`. One plain read (common/plain_reads.py), not an ORM load into the request's
    transaction: a video request reads its channel before it writes anything."""
    parsed = parse_uuid(channel_id)
    rows = read_rows(_FOR_NEW_VIDEO, {"channel_id": parsed, "user_id": user_id}) if parsed else []
    if not rows:
        raise NotFound("Channel not found")
    return rows[0]


def listed_channels(user_id, status: str | None) -> tuple:
    """The user's channels, for channels.answers to page through newest first: (statement, its parameters)."""
    return _listed(bool(status)), {"user_id": user_id, **({"status": status} if status else {})}


@lru_cache(maxsize=2)
def _listed(by_status: bool):
    stmt = select(Channel).where(Channel.user_id == bindparam("user_id"))
    # Deleted channels are hidden unless asked for explicitly.
    return stmt.where(Channel.status == bindparam("status")) if by_status else stmt.where(Channel.status != "deleted")


def _lock_user_and_check_limit(user_id) -> None:
    """Serialise a user's activations on their row, so two concurrent creates cannot both pass."""
    user = db.session.execute(select(User).where(User.id == user_id).with_for_update()).scalar_one()
    active = db.session.scalar(
        select(func.count(Channel.id)).where(Channel.user_id == user_id, Channel.status == "active")
    )
    limit = user_limits(user)["max_channels"]
    if active >= limit:
        raise ChannelLimitExceeded(
            f"Your {effective_tier(user)} tier allows {limit} active channel(s)",
            details=[{"field": "tier", "message": f"{active} of {limit} active channels in use"}],
        )


def _duplicate_youtube_id() -> Conflict:
    return Conflict("You already have a channel for this YouTube channel",
                    details=[{"field": "youtube_channel_id", "message": "used by another of your channels"}])


def _ensure_youtube_id_free(user_id, youtube_channel_id: str, exclude_channel_id=None) -> None:
    """Only the user's own live channels count: whether another account typed the id is none of theirs.

    A YouTube channel is claimed among all accounts only by a verified OAuth link (ytempire.youtube.service).
    """
    stmt = select(Channel.id).where(Channel.user_id == user_id, Channel.youtube_channel_id == youtube_channel_id,
                                    Channel.status != "deleted")
    if exclude_channel_id:
        stmt = stmt.where(Channel.id != exclude_channel_id)
    if db.session.scalar(stmt) is not None:
        raise _duplicate_youtube_id()


def _ensure_not_linked(channel: Channel) -> None:
    """A grant belongs to one YouTube channel: repointing a linked channel would sync and upload to the old one."""
    if channel.youtube_credential is not None:
        raise Conflict("The channel is linked to YouTube; unlink it (DELETE /channels/{id}/oauth) before changing "
                       "its YouTube channel id",
                       details=[{"field": "youtube_channel_id", "message": "linked channels keep their YouTube id"}])


def _commit_or_conflict() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise _duplicate_youtube_id() from error


def create_channel(user_id, data: dict) -> Channel:
    try:
        _lock_user_and_check_limit(user_id)
        _ensure_youtube_id_free(user_id, data["youtube_channel_id"])
    except Exception:
        db.session.rollback()
        raise
    channel = Channel(
        user_id=user_id, channel_name=data["name"], niche=data["niche"],
        youtube_channel_id=data["youtube_channel_id"],
        settings={"target_audience": data.get("target_audience") or {}, "youtube": data.get("youtube_settings") or {}},
    )
    db.session.add(channel)
    _commit_or_conflict()
    return channel


def update_channel(channel: Channel, changes: dict) -> Channel:
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    try:
        if changes.get("status") == "active" and channel.status != "active":
            _lock_user_and_check_limit(channel.user_id)
        if changes.get("youtube_channel_id", channel.youtube_channel_id) != channel.youtube_channel_id:
            _ensure_not_linked(channel)
            _ensure_youtube_id_free(channel.user_id, changes["youtube_channel_id"], exclude_channel_id=channel.id)
    except Exception:
        db.session.rollback()
        raise
    if "name" in changes:
        channel.channel_name = changes["name"]
    for field in ("niche", "youtube_channel_id", "status"):
        if field in changes:
            setattr(channel, field, changes[field])
    if "target_audience" in changes:
        channel.settings = {**(channel.settings or {}), "target_audience": changes["target_audience"]}
    if "youtube_settings" in changes:
        current = (channel.settings or {}).get("youtube", {})
        channel.settings = {**(channel.settings or {}), "youtube": {**current, **changes["youtube_settings"]}}
    _commit_or_conflict()
    return channel


def delete_channel(channel: Channel) -> None:
    """Soft delete: the row stays for history, it stops counting against the limit."""
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    channel.status = "deleted"
    if channel.youtube_credential is not None:  # a deleted channel's grant is unusable; it must not hold the id
        db.session.delete(channel.youtube_credential)
    db.session.commit()
