"""flask-jwt-extended loaders: user lookup, blocklist, and every failure in the envelope."""
import uuid

from flask import g
from flask_jwt_extended import JWTManager
from sqlalchemy import select

from ytempire.auth.current import SignedInUser
from ytempire.auth.tokens import session_state
from ytempire.common.user_cache import remember_status
from ytempire.errors import error_response
from ytempire.extensions import db
from ytempire.users.models import User


def _unauthorized(message: str):
    return error_response(401, "UNAUTHORIZED", message)


def register_jwt_callbacks(jwt: JWTManager) -> None:
    @jwt.user_lookup_loader
    def load_user(_header, claims):
        """The account, if active; its row is read only when the view uses more than its id.

        A suspended or deleted account's tokens stop working at once: a status change forgets the
        status Redis remembers (user_cache), so the next request reads it from the database.
        """
        try:
            user_id = uuid.UUID(claims["sub"])
        except (ValueError, TypeError):
            return None
        status = g.pop("remembered_account_status", None)
        if status is None:
            status = db.session.scalar(select(User.status).where(User.id == user_id))
            if status is not None:
                remember_status(user_id, status)
        return SignedInUser(user_id) if status == "active" else None

    @jwt.token_in_blocklist_loader
    def check_blocklist(_header, claims):
        revoked, g.remembered_account_status = session_state(claims)  # read by load_user, same request
        return revoked

    @jwt.unauthorized_loader
    def missing_token(reason):
        return _unauthorized("Missing or malformed Authorization header (expected 'Bearer <token>')")

    @jwt.invalid_token_loader
    def invalid_token(reason):
        return _unauthorized("Invalid token")

    @jwt.expired_token_loader
    def expired_token(_header, _claims):
        return _unauthorized("Token has expired")

    @jwt.revoked_token_loader
    def revoked_token(_header, _claims):
        return _unauthorized("Token has been revoked")

    @jwt.user_lookup_error_loader
    def unknown_user(_header, _claims):
        return _unauthorized("Account not found or not active")

    @jwt.needs_fresh_token_loader
    def needs_fresh(_header, _claims):
        return _unauthorized("Fresh token required")

    @jwt.token_verification_failed_loader
    def verification_failed(_header, _claims):
        return _unauthorized("Token verification failed")
