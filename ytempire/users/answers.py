"""The profile answer (GET /users/me) kept per version of the user row (common/kept_answers.py).

UserSchema shows the user row's own columns only, and the database sets `updated_at` on every
update of that row: (id, updated_at) names one exact answer.
"""
from __future__ import annotations

from functools import lru_cache

from flask import Response
from sqlalchemy import bindparam, select

from ytempire.common.plain_reads import read_rows
from ytempire.common.kept_answers import AnswerKind
from ytempire.errors import Unauthorized
from ytempire.extensions import db
from ytempire.users.models import User
from ytempire.users.schemas import UserSchema


@lru_cache(maxsize=1)
def _version_of_user():
    return select(User.id, User.updated_at).where(User.id == bindparam("user_id"))


PROFILE = AnswerKind(
    name="profile",
    row_version=lambda row: (row.id, row.updated_at),
    load=lambda ids: db.session.scalars(select(User).where(User.id.in_(ids))
                                        .execution_options(populate_existing=True)),
    loaded_version=lambda user: (user.id, user.updated_at),
    render=lambda user: UserSchema().dump(user),
)


def profile_response(user_id) -> Response:
    rows = read_rows(_version_of_user(), {"user_id": user_id})
    return PROFILE.one(rows, Unauthorized("Account not found or not active"))   # deleted since its status was read
