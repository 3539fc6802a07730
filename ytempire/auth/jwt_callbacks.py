"""flask-jwt-extended loaders: user lookup, blocklist, and every failure in the envelope."""
import uuid

from flask_jwt_extended import JWTManager

from ytempire.auth.tokens import is_revoked
from ytempire.errors import error_response
from ytempire.extensions import db
from ytempire.users.models import User


def _unauthorized(message: str):
    return error_response(401, "UNAUTHORIZED", message)


def register_jwt_callbacks(jwt: JWTManager) -> None:
    @jwt.user_lookup_loader
    def load_user(_header, claims):
        try:
            user = db.session.get(User, uuid.UUID(claims["sub"]))
        except (ValueError, TypeError):
            return None
        # A suspended or deleted account's tokens stop working at once.
        return user if user is not None and user.is_active else None

    @jwt.token_in_blocklist_loader
    def check_blocklist(_header, claims):
        return is_revoked(claims)

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
