"""JWT issuing and revocation.

An access token and its refresh token share a session id (`sid`); logging out blocklists the
session in Redis for the refresh lifetime, which revokes both tokens at once.
"""
import uuid

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token

from ytempire.common.redis import get_redis


def _expires_in() -> int:
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())


def issue_tokens(user) -> dict:
    """A fresh session: access + refresh token pair."""
    sid = uuid.uuid4().hex
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims={"sid": sid}),
        "refresh_token": create_refresh_token(identity=identity, additional_claims={"sid": sid}),
        "token_type": "Bearer",
        "expires_in": _expires_in(),
    }


def refresh_access_token(identity: str, sid: str) -> dict:
    return {
        "access_token": create_access_token(identity=identity, additional_claims={"sid": sid}),
        "token_type": "Bearer",
        "expires_in": _expires_in(),
    }


def revoke_session(claims: dict) -> None:
    ttl = int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    r = get_redis()
    r.set(f"revoked:sid:{claims.get('sid')}", 1, ex=ttl)
    r.set(f"revoked:jti:{claims['jti']}", 1, ex=ttl)


def is_revoked(claims: dict) -> bool:
    keys = [f"revoked:jti:{claims['jti']}"]
    if claims.get("sid"):
        keys.append(f"revoked:sid:{claims['sid']}")
    return get_redis().exists(*keys) > 0
