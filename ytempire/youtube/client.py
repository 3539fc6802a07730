"""The Google API clients (YouTube Data v3, YouTube Analytics v2) built with google-api-python-client.

Clients use the static discovery documents shipped in the wheel (no network at build time) and,
when YOUTUBE_API_BASE_URL is set, send every API call to that base instead of Google (stand-ins in
tests, a proxy in production). OAuth tokens are refreshed with google-auth before the call; a
refresh that Google answers with `invalid_grant` (the user revoked access, or the grant expired)
marks the channel's credential `needs_reauth`, so the pipeline stops trying and the user is asked
to reconnect.
"""
from __future__ import annotations

import json
import socket
import urllib.parse
from datetime import datetime, timedelta, timezone

import google.auth.exceptions
import google.auth.transport.requests
import httplib2
from flask import current_app
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient import discovery
from googleapiclient.errors import HttpError
from googleapiclient.http import build_http

from ytempire.common.timeutil import utcnow
from ytempire.youtube.quota import QuotaExceeded, next_reset, reserve_quota
from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError

SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.readonly",
    "https://www.googleapis.com/auth/yt-analytics.readonly",
    # estimatedRevenue in YouTube Analytics needs the monetary scope; without it revenue stays 0.
    "https://www.googleapis.com/auth/yt-analytics-monetary.readonly",
    # captions.insert needs force-ssl; optional like analytics: without it captions are not uploaded.
    "https://www.googleapis.com/auth/youtube.force-ssl",
)
CAPTIONS_SCOPE = SCOPES[-1]
REQUIRED_SCOPES = frozenset(SCOPES[:2])      # upload and read; analytics is optional for a link

# Reasons Google gives (in the error body) when a call is refused for the day's quota: wait for the reset.
QUOTA_REASONS = frozenset({"quotaExceeded", "uploadLimitExceeded", "dailyLimitExceeded"})
# Short-term limits (requests per 100 s, per user): worth a retry with backoff, not a day's wait. Google answers
# them with a 403 (sometimes 429); https://developers.google.com/youtube/v3/docs/errors
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
REVOKED_MESSAGE = "YouTube access was revoked or expired; reconnect the channel"
TRANSPORT_ERRORS = (socket.timeout, TimeoutError, ConnectionError, httplib2.HttpLib2Error,
                    google.auth.exceptions.TransportError)


class CredentialRevoked(PermanentProviderError):
    """Google refused to refresh the grant (invalid_grant): the user must reconnect the channel."""


def is_invalid_grant(error: google.auth.exceptions.RefreshError) -> bool:
    detail = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], dict) else {}
    return detail.get("error") == "invalid_grant" or "invalid_grant" in str(error)


class GrantCredentials(Credentials):
    """google-auth credentials that report a refused refresh (invalid_grant) to `on_revoked`.

    A refresh happens in two places: before a call when the token has expired, and inside
    AuthorizedHttp when a call is answered 401 mid-token-life (the user revoked access a minute ago).
    Both go through `refresh`, so the grant is marked for reconnection whichever found out.
    """

    on_revoked = None

    def refresh(self, request):
        try:
            super().refresh(request)
        except google.auth.exceptions.RefreshError as error:
            if self.on_revoked is not None and is_invalid_grant(error):
                self.on_revoked()
            raise


def new_http() -> httplib2.Http:
    """The transport under every client; tests replace it with googleapiclient's HttpMockSequence."""
    return build_http()


def build_service(api: str, version: str, *, credentials: Credentials | None = None,
                  developer_key: str | None = None):
    """A discovery client for `api`, authorised by OAuth credentials or an API key."""
    base = current_app.config["YOUTUBE_API_BASE_URL"]
    http = AuthorizedHttp(credentials, http=new_http()) if credentials is not None else new_http()
    return discovery.build(api, version, http=http, developerKey=developer_key, static_discovery=True,
                           cache_discovery=False,
                           client_options={"api_endpoint": base.rstrip("/") + "/"} if base else None)


def token_from_grant(grant: dict, previous: dict | None = None) -> dict:
    """Our stored token JSON from a token-endpoint answer (Google omits the refresh token on re-consent)."""
    expires_in = int(grant.get("expires_in") or 3600)
    scopes = grant.get("scope", "").split() or (previous or {}).get("scopes", [])
    return {"access_token": grant["access_token"],
            "refresh_token": grant.get("refresh_token") or (previous or {}).get("refresh_token"),
            "expiry": (utcnow() + timedelta(seconds=expires_in)).isoformat(), "scopes": scopes,
            "token_type": grant.get("token_type", "Bearer")}


def google_credentials(token: dict, on_revoked=None) -> GrantCredentials:
    """Credentials for a stored token; `on_revoked()` runs when Google refuses to refresh it for good."""
    cfg = current_app.config
    expiry = datetime.fromisoformat(token["expiry"]).astimezone(timezone.utc).replace(tzinfo=None) \
        if token.get("expiry") else None          # google-auth compares naive UTC datetimes
    credentials = GrantCredentials(token=token.get("access_token"), refresh_token=token.get("refresh_token"),
                       token_uri=cfg["GOOGLE_OAUTH_TOKEN_URI"], client_id=cfg["YOUTUBE_CLIENT_ID"],
                       client_secret=cfg["YOUTUBE_CLIENT_SECRET"], scopes=token.get("scopes") or None,
                       expiry=expiry)
    credentials.on_revoked = on_revoked
    return credentials


def token_from_credentials(credentials: Credentials, previous: dict) -> dict:
    expiry = credentials.expiry.replace(tzinfo=timezone.utc).isoformat() if credentials.expiry else None
    return {**previous, "access_token": credentials.token,
            "refresh_token": credentials.refresh_token or previous.get("refresh_token"), "expiry": expiry}


def refresh_if_needed(credentials: Credentials) -> bool:
    """Refresh an expired access token now; True when it was refreshed (the caller stores it)."""
    if credentials.valid:
        return False
    try:
        credentials.refresh(google.auth.transport.requests.Request())
    except google.auth.exceptions.RefreshError as error:
        if is_invalid_grant(error):
            raise CredentialRevoked(REVOKED_MESSAGE) from error
        raise TransientProviderError(f"Google token refresh failed: {error}") from error
    except google.auth.exceptions.TransportError as error:
        raise TransientProviderError(f"Google token endpoint unreachable: {error}") from error
    return True


def error_reason(error: HttpError) -> tuple[str | None, str]:
    """(reason, message) from Google's JSON error body."""
    try:
        body = json.loads(error.content.decode() if isinstance(error.content, bytes) else error.content)["error"]
        reasons = body.get("errors") or [{}]
        return reasons[0].get("reason"), body.get("message", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, str(error)


def translate(error: Exception, quota_credential: str) -> Exception:
    """Our error for a failed Google call: the day's quota → QuotaExceeded; short-term rate limits, 5xx and
    timeouts → transient (retried with backoff); anything else permanent."""
    if isinstance(error, google.auth.exceptions.RefreshError):
        return CredentialRevoked(REVOKED_MESSAGE) if is_invalid_grant(error) else \
            TransientProviderError(f"Google token refresh failed: {error}")
    if isinstance(error, TRANSPORT_ERRORS):
        return TransientProviderError(f"YouTube unreachable: {type(error).__name__}: {error}")
    if not isinstance(error, HttpError):
        return error
    status = error.resp.status
    reason, message = error_reason(error)
    if reason in RATE_LIMIT_REASONS:
        return TransientProviderError(f"YouTube API {status} {reason}: {message}")
    if status == 429 or reason in QUOTA_REASONS:
        retry_after = str(error.resp.get("retry-after", ""))
        resets_at = utcnow() + timedelta(seconds=int(retry_after)) if retry_after.isdigit() else next_reset()
        return QuotaExceeded(quota_credential, reason or "rate_limit", resets_at)
    if status >= 500 or status == 408:
        return TransientProviderError(f"YouTube API {status}: {message}")
    return PermanentProviderError(f"YouTube API {status} {reason or ''}: {message}".strip())


def call(request, quota_credential: str, method: str | None):
    """Reserve the method's quota (when it draws on the Data API's), then execute one request."""
    if method:
        reserve_quota(quota_credential, method)
    _use_base_scheme(request)
    try:
        return request.execute(num_retries=0)
    except Exception as error:  # noqa: BLE001 - translate() keeps anything it does not recognise as is
        raise translate(error, quota_credential) from error


def _use_base_scheme(request) -> None:
    """Send a media upload (thumbnails.set, captions.insert) with YOUTUBE_API_BASE_URL's scheme.

    With `api_endpoint` set, googleapiclient moves upload URLs to the base's host but keeps https,
    so a plain-http base (a stand-in, a local proxy) would be spoken to in TLS.
    """
    base = urllib.parse.urlsplit(current_app.config["YOUTUBE_API_BASE_URL"] or "")
    uri = urllib.parse.urlsplit(getattr(request, "uri", "") or "")
    if base.scheme == "http" and uri.scheme == "https" and uri.netloc == base.netloc:
        request.uri = urllib.parse.urlunsplit(uri._replace(scheme="http"))
