"""flask-jwt-extended loaders: user lookup, blocklist, and every failure in the envelope."""
import uuid

from flask import g
from flask_jwt_extended import JWTManager
from sqlalchemy import select

from ytempire.auth.current import SignedInUser
from ytempire.auth.tokens import session_state
from ytempire.common.user_cache import STANDING_FIELDS, read_standing, remember_standing
from ytempire.errors import error_response
from ytempire.extensions import db
from ytempire.users.models import User


def _unauthorized(message: str):
    return error_response(401, "UNAUTHORIZED", message)


def register_jwt_callbacks(jwt: JWTManager) -> None:
    @jwt.user_lookup_loader
    def load_user(_header, claims):
        """The account, if active; its row is read only when the view uses more than its id, status
        and tier.

        A suspended or deleted account's tokens stop working at once: a change of the user row
        forgets the standing Redis remembers (user_cache), so the next request reads it again.
        """
        try:
            user_id = uuid.UUID(claims["sub"])
        except (ValueError, TypeError):
            return None
        standing = read_standing(g.pop("remembered_account_status", None))
        if standing is None:
            row = db.session.execute(select(*(getattr(User, field) for field in STANDING_FIELDS))
                                     .where(User.id == user_id)).first()
            if row is None:
                return None
            standing = dict(zip(STANDING_FIELDS, row))
            remember_standing(user_id, *row)
        return SignedInUser(user_id, standing) if standing["status"] == "active" else None

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
