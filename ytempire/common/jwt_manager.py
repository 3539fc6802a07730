"""A JWTManager that checks a token's signature once per process, not on every request.

A client sends the same access token with every request for up to JWT_EXPIRATION_MINUTES, and
within one request the rate limiter (keying by the token's subject) and the view both decode it.
Verifying the signature and parsing the claims costs more than the rest of a cheap request, so
the claims of a token that verified are kept, per app, keyed by the token's exact text (an HMAC
signature: the same text verifies the same way until the key changes, and the key is the app's
config). A kept token is used only while its `exp` and `nbf` still hold; then it is decoded again
and fails as before. Failures are never kept. What can change during a token's life is checked on
every request elsewhere: revocation (the blocklist), password changes and suspension
(auth/jwt_callbacks.py).
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from flask import current_app, has_app_context
from flask_jwt_extended import JWTManager

_CACHE = "ytempire.verified_tokens"
MAX_KEPT_TOKENS = 50_000     # about 1 KB each; cleared when full (the next request verifies again)


class RequestScopedJWTManager(JWTManager):
    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if not has_app_context():
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        kept = current_app.extensions.setdefault(_CACHE, {})
        key = (encoded_token, csrf_value, allow_expired)
        claims = kept.get(key)
        if claims is not None and _still_valid(claims, allow_expired):
            return claims
        claims = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        if len(kept) >= MAX_KEPT_TOKENS:
            kept.clear()
        kept[key] = claims
        return claims


def _still_valid(claims: dict, allow_expired: bool) -> bool:
    """`exp` and `nbf` against the same clock PyJWT reads (no leeway is configured)."""
    now = datetime.now(tz=timezone.utc).timestamp()
    if "nbf" in claims and claims["nbf"] > now:
        return False
    return allow_expired or "exp" not in claims or claims["exp"] > now


def _keep_unverified_headers() -> None:
    """flask-jwt-extended parses the token's header on every request (PyJWT checks every character
    of it in Python). A header is a pure function of the token's text: parse each text once."""
    from flask_jwt_extended import view_decorators

    parse = view_decorators.get_unverified_jwt_headers
    if not hasattr(parse, "cache_info"):
        view_decorators.get_unverified_jwt_headers = lru_cache(maxsize=4096)(parse)


_keep_unverified_headers()
