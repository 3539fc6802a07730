"""Google OAuth 2.0 for installed web apps: consent URL, signed state, code exchange.

The callback is a browser redirect from Google and carries no bearer token, so the `state`
parameter authenticates it: it is signed with SECRET_KEY (itsdangerous), names the user and the
channel, and expires after YOUTUBE_OAUTH_STATE_MAX_AGE seconds (default 600). A forged, altered or
stale state is a 400 and nothing is exchanged. Each state is good for one callback: its random nonce
is recorded in Redis on first use (for as long as the state could be valid), and a second use is a 400,
so a state seen in a log or a browser history cannot link a channel again.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlencode

import requests
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ytempire.common.redis import get_redis
from ytempire.errors import ServiceUnavailable, ValidationError
from ytempire.youtube.client import SCOPES

STATE_SALT = "ytempire.youtube.oauth-state"
CALLBACK_PATH = "/api/v1/channels/oauth/callback"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=STATE_SALT)


def redirect_uri() -> str:
    cfg = current_app.config
    return cfg["YOUTUBE_OAUTH_REDIRECT_URI"] or cfg["APP_URL"].rstrip("/") + CALLBACK_PATH


def client_id() -> str:
    """The OAuth client; without id and secret linking cannot work, which is the server's problem (503)."""
    cfg = current_app.config
    if not (cfg["YOUTUBE_CLIENT_ID"] and cfg["YOUTUBE_CLIENT_SECRET"]):
        raise ServiceUnavailable("YouTube linking is not configured (YOUTUBE_CLIENT_ID / YOUTUBE_CLIENT_SECRET)")
    return cfg["YOUTUBE_CLIENT_ID"]


def sign_state(user_id, channel_id) -> str:
    return _serializer().dumps({"u": str(user_id), "c": str(channel_id), "n": secrets.token_urlsafe(16)})


def consume_state(state: str) -> tuple[str, str]:
    """(user_id, channel_id) from a state we signed within the allowed age and never used before, else 400."""
    max_age = current_app.config["YOUTUBE_OAUTH_STATE_MAX_AGE"]
    try:
        data = _serializer().loads(state, max_age=max_age)
        user_id, channel_id, nonce = data["u"], data["c"], data["n"]
    except SignatureExpired as error:
        raise ValidationError("The authorisation request expired; start again",
                              details=[{"field": "state", "message": "expired"}]) from error
    except (BadSignature, KeyError, TypeError) as error:
        raise ValidationError("Invalid OAuth state", details=[{"field": "state", "message": "invalid"}]) from error
    # SET NX: of two concurrent callbacks with the same state, exactly one gets through.
    if not get_redis().set(f"{STATE_SALT}:used:{nonce}", 1, nx=True, ex=max_age + 60):
        raise ValidationError("This authorisation request was already used; start again",
                              details=[{"field": "state", "message": "already used"}])
    return user_id, channel_id


def authorization_url(state: str) -> str:
    """Google's consent screen: offline access (a refresh token) and a fresh consent every time."""
    query = {"client_id": client_id(), "redirect_uri": redirect_uri(), "response_type": "code",
             "scope": " ".join(SCOPES), "access_type": "offline", "prompt": "consent",
             "include_granted_scopes": "true", "state": state}
    return f"{current_app.config['GOOGLE_OAUTH_AUTH_URI']}?{urlencode(query)}"


def exchange_code(code: str) -> dict:
    """The token endpoint's answer for an authorisation code; a refused code is the client's 400."""
    cfg = current_app.config
    try:
        response = requests.post(cfg["GOOGLE_OAUTH_TOKEN_URI"], timeout=cfg["YOUTUBE_HTTP_TIMEOUT_SECONDS"],
                                 data={"code": code, "client_id": client_id(),
                                       "client_secret": cfg["YOUTUBE_CLIENT_SECRET"],
                                       "redirect_uri": redirect_uri(), "grant_type": "authorization_code"})
    except requests.RequestException as error:
        raise ServiceUnavailable("Google's token endpoint is unreachable; try again shortly") from error
    if response.status_code >= 500:
        raise ServiceUnavailable("Google's token endpoint failed; try again shortly")
    try:
        grant = response.json()
    except ValueError:
        grant = {}
    if response.status_code != 200 or "access_token" not in grant:
        raise ValidationError("Google refused the authorisation code",
                              details=[{"field": "code", "message": grant.get("error", "invalid_grant")}])
    return grant
