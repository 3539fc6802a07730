"""Registration and login; no request objects here."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ytempire.auth import throttle
from ytempire.auth.passwords import hash_password, verify_password
from ytempire.auth.tokens import issue_tokens
from ytempire.common.timeutil import utcnow
from ytempire.errors import APIError, Conflict, RateLimited, Unauthorized, ValidationError
from ytempire.extensions import db
from ytempire.users.models import User

_dummy_hash: str | None = None


def _unknown_user_hash() -> str:
    """Checked when the email is unknown, so both paths cost one bcrypt check (no timing oracle)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("not-a-real-password")
    return _dummy_hash


def email_taken(email: str, exclude_user_id=None) -> bool:
    stmt = select(User.id).where(func.lower(User.email) == email.lower())
    if exclude_user_id:
        stmt = stmt.where(User.id != exclude_user_id)
    return db.session.scalar(stmt) is not None


def username_taken(username: str, exclude_user_id=None) -> bool:
    stmt = select(User.id).where(func.lower(User.username) == username.lower())
    if exclude_user_id:
        stmt = stmt.where(User.id != exclude_user_id)
    return db.session.scalar(stmt) is not None


def ensure_unique(email: str | None, username: str | None, exclude_user_id=None) -> None:
    """409 for a taken email; 400 with a field detail for a taken username (issue #2)."""
    if email and email_taken(email, exclude_user_id):
        raise Conflict("Email already exists", details=[{"field": "email", "message": "Email already exists"}])
    if username and username_taken(username, exclude_user_id):
        raise ValidationError(details=[{"field": "username", "message": "Username already taken"}])


def register_user(email: str, username: str, password: str) -> tuple[User, dict]:
    ensure_unique(email, username)
    user = User(email=email, username=username, password_hash=hash_password(password), last_login=utcnow())
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent registration won the race for the same email or username.
        db.session.rollback()
        ensure_unique(email, username)
        raise Conflict("Account already exists")
    return user, issue_tokens(user)


def login(email: str, password: str, address: str) -> dict:
    email = email.strip().lower()
    wait = throttle.seconds_locked(email, address)
    if wait:
        raise RateLimited("Too many login attempts; try again later", headers={"Retry-After": str(wait)})
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    valid = verify_password(password, user.password_hash if user else _unknown_user_hash())
    if not user or not valid:
        throttle.record_failure(email, address)
        raise Unauthorized("Invalid email or password", code="UNAUTHORIZED")
    if not user.is_active:
        raise APIError("Account is suspended", status=403, code="ACCOUNT_SUSPENDED")
    throttle.clear_failures(email)
    user.last_login = utcnow()
    db.session.commit()
    return issue_tokens(user)
