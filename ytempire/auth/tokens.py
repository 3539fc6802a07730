"""JWT issuing and revocation.

An access token and its refresh token share a session id (`sid`) and the time the user signed
in (`auth_time`, which a refreshed access token inherits). Logging out blocklists the session in
Redis for the refresh lifetime, which revokes both tokens at once; a password change revokes every
session that signed in before it, by storing the user's "valid after" time.
"""
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g, has_request_context
from flask_jwt_extended import create_access_token, create_refresh_token

from ytempire.common.redis import get_redis


def _expires_in() -> int:
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())


def _refresh_lifetime() -> int:
    """Seconds any token can live, so revocation records may expire after it."""
    return int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())


def _valid_after_key(identity: str) -> str:
    return f"revoked:user:{identity}:before"


def issue_tokens(user) -> dict:
    """A fresh session: access + refresh token pair."""
    # Sub-second precision: `iat` is whole seconds, and a session opened in the same second as a
    # password change must survive it while the ones before it do not.
    claims = {"sid": uuid.uuid4().hex, "auth_time": time.time()}
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity=identity, additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": _expires_in(),
    }


def refresh_access_token(refresh_claims: dict) -> dict:
    """A new access token in the refresh token's session."""
    claims = {key: refresh_claims[key] for key in ("sid", "auth_time") if key in refresh_claims}
    return {
        "access_token": create_access_token(identity=refresh_claims["sub"], additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": _expires_in(),
    }


def revoke_session(claims: dict) -> None:
    r = get_redis()
    r.set(f"revoked:sid:{claims.get('sid')}", 1, ex=_refresh_lifetime())
    r.set(f"revoked:jti:{claims['jti']}", 1, ex=_refresh_lifetime())


def revoke_sessions_before_now(user_id) -> None:
    """Every token of this user signed in until now stops working (a password change)."""
    get_redis().set(_valid_after_key(str(user_id)), repr(time.time()), ex=_refresh_lifetime())


@dataclass(frozen=True)
class SessionReads:
    """What says whether a token's session still holds: how many of `exists` are set (revocations
    of the token and of its session) and the values of `gets` (the user's "valid after" time and
    the account status Redis remembers). `verdict` turns those results into (revoked?, status)."""

    exists: tuple[str, ...]
    gets: tuple[str, ...]
    verdict: Callable[[int, list], tuple[bool, str | None]]


def session_reads(claims: dict) -> SessionReads:
    """The reads for this token. The app gives this to the rate limiter, which sends them in its
    own round trip (common/rate_limits.py)."""
    from ytempire.common.user_cache import status_key

    exists = [f"revoked:jti:{claims['jti']}"]
    if claims.get("sid"):
        exists.append(f"revoked:sid:{claims['sid']}")

    def verdict(revocations: int, values: list) -> tuple[bool, str | None]:
        valid_after, status = values
        signed_in = claims.get("auth_time", claims["iat"])  # tokens from before auth_time existed
        return revocations > 0 or (valid_after is not None and signed_in < float(valid_after)), status

    return SessionReads(tuple(exists), (_valid_after_key(claims["sub"]), status_key(claims["sub"])), verdict)


def session_state(claims: dict) -> tuple[bool, str | None]:
    """(revoked?, the account status Redis remembers or None), in one round trip; read once per
    request: the rate limiter's round trip usually brought it already."""
    prefetched = g.pop("prefetched_session", None) if has_request_context() else None
    if prefetched is not None and prefetched[0] == claims["jti"]:
        return prefetched[1]
    reads = session_reads(claims)
    pipe = get_redis().pipeline(transaction=False)
    pipe.exists(*reads.exists)
    for key in reads.gets:
        pipe.get(key)
    revocations, *values = pipe.execute()
    return reads.verdict(revocations, values)


def is_revoked(claims: dict) -> bool:
    return session_state(claims)[0]
