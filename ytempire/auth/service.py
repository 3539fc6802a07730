"""Registration and login; no request objects here."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ytempire.auth import throttle
from ytempire.auth.passwords import hash_password, verify_password
from ytempire.auth.tokens import issue_tokens
from ytempire.common.timeutil import utcnow
from ytempire.errors import APIError, Conflict, RateLimited, Unauthorized, ValidationError, constraint_name
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


def _email_exists() -> APIError:
    return Conflict("Email already exists", details=[{"field": "email", "message": "Email already exists"}])


def _username_taken() -> APIError:
    return ValidationError(details=[{"field": "username", "message": "Username already taken"}])


# What each users constraint means to the client; any other violation is a server bug (500), not a 409.
_ERROR_BY_CONSTRAINT = {
    "uq_users_email_lower": _email_exists,
    "uq_users_username_lower": _username_taken,
    "ck_users_email_format": lambda: ValidationError(
        details=[{"field": "email", "message": "Not a valid email address."}]),
    "ck_users_username_length": lambda: ValidationError(
        details=[{"field": "username", "message": "Username must be 3-50 characters"}]),
}


def ensure_unique(email: str | None, username: str | None, exclude_user_id=None) -> None:
    """409 for a taken email; 400 with a field detail for a taken username (issue #2)."""
    if email and email_taken(email, exclude_user_id):
        raise _email_exists()
    if username and username_taken(username, exclude_user_id):
        raise _username_taken()


def commit_user() -> None:
    """Commit a new or changed user; a constraint the checks above could not see becomes its API error.

    A concurrent registration or profile update can still win the race for an email or username.
    """
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        api_error = _ERROR_BY_CONSTRAINT.get(constraint_name(error))
        if api_error is None:
            raise
        raise api_error() from error


def register_user(email: str, username: str, password: str) -> tuple[User, dict]:
    ensure_unique(email, username)
    user = User(email=email, username=username, password_hash=hash_password(password), last_login=utcnow())
    db.session.add(user)
    commit_user()
    return user, issue_tokens(user)


def login(email: str, password: str, address: str) -> dict:
    email = email.strip().lower()
    wait = throttle.reserve_attempt(email, address)
    if wait:
        raise RateLimited("Too many login attempts; try again later", headers={"Retry-After": str(wait)})
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    valid = verify_password(password, user.password_hash if user else _unknown_user_hash())
    # A deleted account answers like an unknown one: neither its past nor its password is confirmed.
    if not user or not valid or user.status == "deleted":
        raise Unauthorized("Invalid email or password", code="UNAUTHORIZED")  # the attempt stays counted
    throttle.release_attempt(email, address)
    if not user.is_active:
        raise APIError("Account is suspended", status=403, code="ACCOUNT_SUSPENDED")
    user.last_login = utcnow()
    db.session.commit()
    return issue_tokens(user)
