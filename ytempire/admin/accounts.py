"""Administrator accounts made from the command line (`flask create-admin`), held to the API's rules."""
from __future__ import annotations

import marshmallow
from sqlalchemy import func, select

from ytempire.auth.passwords import hash_password
from ytempire.auth.schemas import RegisterSchema
from ytempire.auth.service import commit_user, ensure_unique
from ytempire.auth.tokens import revoke_sessions_before_now
from ytempire.errors import Conflict, ValidationError, field_details
from ytempire.extensions import db
from ytempire.users.models import User


def ensure_admin(email: str, username: str, password: str) -> tuple[User, list[str]]:
    """Create an administrator, or promote the account with that email; returns it and what was done.

    An existing account is reactivated if suspended and gets the given password (its earlier
    sessions end), so the operator can sign in with what they just typed.
    """
    try:
        data = RegisterSchema().load({"email": email, "username": username, "password": password,
                                      "terms_accepted": True})
    except marshmallow.ValidationError as error:
        raise ValidationError(details=field_details(error.messages)) from error
    user = db.session.scalar(select(User).where(func.lower(User.email) == data["email"]))
    if user is None:
        ensure_unique(None, data["username"])
        user = User(email=data["email"], username=data["username"], password_hash=hash_password(password))
        db.session.add(user)
        done = ["created"]
    else:
        if user.status == "deleted":
            raise Conflict("That account was deleted; use another email")
        done = ["promoted" if not user.is_admin else "already an administrator"]
        if user.status != "active":
            done.append(f"reactivated (was {user.status})")
        if user.username != data["username"]:
            done.append(f"username kept as {user.username}")
        user.status, user.password_hash = "active", hash_password(password)
        done.append("password reset; its earlier sessions are signed out")
    user.is_admin = True
    commit_user()
    if "created" not in done:
        revoke_sessions_before_now(user.id)
    return user, done
