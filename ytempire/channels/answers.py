"""Channel answers kept per row version (common/kept_answers.py): GET /channels and /channels/{id}.

A channel as ChannelSchema shows it depends on its row (whose `updated_at` the database sets on
every update) and on its YouTube grant's status, warnings and link time. A read asks for those
columns only, with the list's total counted in the same query, and serializes only channels it
has not seen in that version.
"""
from __future__ import annotations

from functools import lru_cache

from flask import Response
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from ytempire.channels.models import Channel
from ytempire.channels.schemas import ChannelSchema
from ytempire.common.kept_answers import AnswerKind, json_response, list_body
from ytempire.common.plain_reads import read_rows
from ytempire.common.pagination import count_rows, pagination, pagination_body
from ytempire.common.uuids import parse_uuid
from ytempire.errors import NotFound
from ytempire.extensions import db
from ytempire.youtube.models import ChannelCredential


def _version_columns(channel_id, updated_at) -> list:
    """The columns a channel's version is made of: its id and updated_at, its grant's status, warnings and linked_at."""
    return [channel_id, updated_at, ChannelCredential.status.label("link_status"),
            ChannelCredential.warnings.label("link_warnings"), ChannelCredential.linked_at.label("linked_at")]


def _narrow(stmt: Select) -> Select:
    """`stmt` (a select of Channel) reading the version columns only."""
    return (stmt.with_only_columns(*_version_columns(Channel.id, Channel.updated_at))
            .outerjoin(ChannelCredential, ChannelCredential.channel_id == Channel.id))


@lru_cache(maxsize=1)
def _one_channel() -> Select:
    return _narrow(select(Channel).where(Channel.id == bindparam("channel_id"), Channel.user_id == bindparam("user_id")))


def _version(channel_id, updated_at, status, warnings, linked_at) -> tuple:
    return channel_id, updated_at, status, tuple(warnings) if warnings is not None else None, linked_at


def _loaded_version(channel: Channel) -> tuple:
    grant = channel.youtube_credential
    if grant is None:
        return _version(channel.id, channel.updated_at, None, None, None)
    return _version(channel.id, channel.updated_at, grant.status, grant.warnings, grant.linked_at)


CHANNEL = AnswerKind(
    name="channel",
    row_version=lambda row: _version(row.id, row.updated_at, row.link_status, row.link_warnings, row.linked_at),
    load=lambda ids: db.session.scalars(select(Channel).where(Channel.id.in_(ids))     # read afresh, as videos
                                        .options(selectinload(Channel.youtube_credential))
                                        .execution_options(populate_existing=True)),
    loaded_version=_loaded_version,
    render=lambda channel: ChannelSchema().dump(channel),
)


def channel_response(user_id, channel_id) -> Response:
    """The caller's channel; 404 for a malformed id, another user's channel or none."""
    parsed = parse_uuid(channel_id)
    rows = read_rows(_one_channel(), {"channel_id": parsed, "user_id": user_id}) if parsed else []
    return CHANNEL.one(rows, NotFound("Channel not found"))


@lru_cache(maxsize=8)
def _page_of(stmt: Select) -> Select:
    """The page of `stmt`'s channels newest first, with their total, and only then their grants:
    joined before the LIMIT, every channel of the account would be joined to be counted (0.23 ms
    against 0.19 for 250 channels and no grant; the gap grows with linked channels)."""
    page = (stmt.with_only_columns(Channel.id, Channel.updated_at, Channel.created_at, func.count().over().label("total"))
            .order_by(Channel.created_at.desc(), Channel.id)
            .limit(bindparam("page_limit")).offset(bindparam("page_offset"))
            .subquery("page"))
    return (select(*_version_columns(page.c.id, page.c.updated_at), page.c.total)
            .outerjoin_from(page, ChannelCredential, ChannelCredential.channel_id == page.c.id)
            .order_by(page.c.created_at.desc(), page.c.id))


def list_response(stmt: Select, params: dict, page: int, limit: int) -> Response:
    """One page of `stmt` (a filter of channels, kept: its page statement is built once) in
    ChannelListSchema's shape; the total comes with the page's rows."""
    rows = read_rows(_page_of(stmt), {**params, "page_limit": limit, "page_offset": (page - 1) * limit})
    total = rows[0].total if rows else count_rows(stmt, params)   # past the last page: counted on its own
    body = list_body("channels", CHANNEL.texts(rows), {"pagination": pagination_body(pagination(page, limit, total))})
    return json_response(body)
