"""Linking a channel to YouTube (OAuth) and reading it back: credentials, clients, channel sync."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import structlog
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ytempire.channels.models import Channel
from ytempire.common.lookup import get_or_404
from ytempire.common.timeutil import isoformat, utcnow
from ytempire.common.uuids import parse_uuid
from ytempire.errors import Conflict, NotFound, RateLimited, ServiceUnavailable, ValidationError, constraint_name
from ytempire.extensions import db
from ytempire.youtube.quota import QuotaExceeded
from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.youtube import client, oauth
from ytempire.common.secrets_at_rest import InvalidToken, decrypt_token, encrypt_token
from ytempire.youtube.models import ChannelCredential

log = structlog.get_logger(__name__)


@dataclass
class YouTubeAccess:
    """A Data API client and the name its calls are charged to in the quota ledger."""

    youtube: object
    quota_credential: str
    credential: ChannelCredential | None = None


def credential_of(channel_id) -> ChannelCredential | None:
    return db.session.scalar(select(ChannelCredential).where(ChannelCredential.channel_id == channel_id))


def active_credential(channel_id) -> ChannelCredential | None:
    credential = credential_of(channel_id)
    return credential if credential is not None and credential.status == "active" else None


def store_token(credential: ChannelCredential, token: dict) -> None:
    credential.encrypted_token = encrypt_token(token)


# Warnings that say why a grant stopped working; a new link clears them (others, like the unverified-app
# warning, describe the Google project and stay).
REAUTH_WARNINGS = (client.REVOKED_MESSAGE, "The stored YouTube grant can no longer be decrypted; reconnect the channel")
UNREADABLE_MESSAGE = REAUTH_WARNINGS[1]


def mark_needs_reauth(credential: ChannelCredential, reason: str) -> None:
    """The grant is gone: stop using it until the user reconnects (committed at once)."""
    credential.status = "needs_reauth"
    credential.add_warning(reason)
    db.session.commit()
    log.warning("youtube_credential_needs_reauth", channel_id=str(credential.channel_id))


def stored_token(credential: ChannelCredential) -> dict | None:
    """The grant's token JSON, or None when it cannot be decrypted (CREDENTIALS_ENCRYPTION_KEY changed)."""
    try:
        return decrypt_token(credential.encrypted_token)
    except InvalidToken:
        return None


def credentials_for(credential: ChannelCredential):
    """Valid google-auth credentials for the grant, refreshed (and re-encrypted) when expired.

    A grant we cannot decrypt, or that Google refuses to refresh (now or mid-call), is marked
    needs_reauth and raised as CredentialRevoked: the user reconnects, which overwrites it.
    """
    token = stored_token(credential)
    if token is None:
        mark_needs_reauth(credential, UNREADABLE_MESSAGE)
        raise client.CredentialRevoked(UNREADABLE_MESSAGE)
    creds = client.google_credentials(token, on_revoked=lambda: mark_needs_reauth(credential, client.REVOKED_MESSAGE))
    if client.refresh_if_needed(creds):
        store_token(credential, client.token_from_credentials(creds, token))
        db.session.commit()
    return creds


def api_key_quota_name(api_key: str) -> str:
    """Quota belongs to the key's project; the ledger names it without storing the key itself."""
    return "api-key:" + hashlib.sha256(api_key.encode()).hexdigest()[:12]


def youtube_access(channel: Channel, *, allow_api_key: bool = True) -> YouTubeAccess:
    """The channel's OAuth grant when active, else the server's API key (public data only), else 409."""
    credential = credential_of(channel.id)
    if credential is not None and credential.status == "active":
        creds = credentials_for(credential)
        return YouTubeAccess(client.build_service("youtube", "v3", credentials=creds), credential.google_project,
                             credential)
    api_key = current_app.config["YOUTUBE_API_KEY"]
    if allow_api_key and api_key:
        return YouTubeAccess(client.build_service("youtube", "v3", developer_key=api_key), api_key_quota_name(api_key))
    if credential is not None:
        raise Conflict(f"The channel's YouTube access is {credential.status}; reconnect it via /oauth/start")
    raise Conflict("The channel is not linked to YouTube: connect it via /oauth/start (or set YOUTUBE_API_KEY)")


def as_api_error(error: Exception) -> Exception:
    """A provider failure seen by an API caller: quota 429, outage 503, anything else 409."""
    if isinstance(error, QuotaExceeded):
        seconds = max(1, int((error.resets_at - utcnow()).total_seconds()))
        return RateLimited(f"YouTube quota is spent until {isoformat(error.resets_at)}",
                           headers={"Retry-After": str(seconds)})
    if isinstance(error, TransientProviderError):
        return ServiceUnavailable("YouTube is unavailable; try again shortly", headers={"Retry-After": "30"})
    if isinstance(error, PermanentProviderError):
        return Conflict(str(error))
    return error


# -- OAuth ------------------------------------------------------------------------------------

def start_oauth(channel: Channel) -> dict:
    """Google's consent URL; a deleted channel is gone here as everywhere else it can be acted on."""
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    state = oauth.sign_state(channel.user_id, channel.id)
    return {"authorization_url": oauth.authorization_url(state), "state": state}


def finish_oauth(code: str | None, state: str | None, error: str | None = None) -> ChannelCredential:
    """Exchange the code, check it authorises this channel's YouTube account, store it encrypted."""
    if not state:
        raise ValidationError(details=[{"field": "state", "message": "Missing data for required field."}])
    user_id, channel_id = oauth.consume_state(state)
    channel = get_or_404(Channel, channel_id, "Channel", owner_id=parse_uuid(user_id))
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    if error or not code:
        raise ValidationError("Google did not grant access", details=[{"field": "code", "message": error or "missing"}])
    grant = oauth.exchange_code(code)
    existing = credential_of(channel.id)
    # The old grant only lends its refresh token when Google omits one; an unreadable one is simply replaced.
    previous = stored_token(existing) if existing is not None else None
    token = client.token_from_grant(grant, previous)
    missing = client.REQUIRED_SCOPES - set(token["scopes"])
    if token["scopes"] and missing:
        raise ValidationError("Grant every requested permission to link the channel",
                              details=[{"field": "scope", "message": f"missing {sorted(missing)}"}])
    authorised = _authorised_channel_id(token)
    if authorised != channel.youtube_channel_id:
        raise ValidationError("The Google account authorised a different YouTube channel",
                              details=[{"field": "youtube_channel_id",
                                        "message": f"expected {channel.youtube_channel_id}, got {authorised}"}])
    _ensure_not_linked_elsewhere(channel, authorised)
    credential = existing or ChannelCredential(channel_id=channel.id, warnings=[])
    credential.youtube_channel_id = authorised
    store_token(credential, token)
    credential.google_project = current_app.config["YOUTUBE_CLIENT_ID"]
    credential.status, credential.linked_at = "active", utcnow()
    credential.warnings = [w for w in credential.warnings or [] if w not in REAUTH_WARNINGS]
    db.session.add(credential)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if constraint_name(error) != "uq_channel_credentials_youtube_channel_id":
            raise
        raise _linked_elsewhere() from error  # a concurrent link of the same YouTube channel won
    log.info("youtube_channel_linked", channel_id=str(channel.id))
    return credential


def _linked_elsewhere() -> Conflict:
    return Conflict("This YouTube channel is already linked to another YTEMPIRE channel; unlink it there first",
                    details=[{"field": "youtube_channel_id", "message": "already linked"}])


def _ensure_not_linked_elsewhere(channel: Channel, youtube_channel_id: str) -> None:
    """One verified link per YouTube channel; Google has just shown this user manages it, so saying so is safe."""
    stmt = select(ChannelCredential.id).where(ChannelCredential.youtube_channel_id == youtube_channel_id,
                                              ChannelCredential.channel_id != channel.id)
    if db.session.scalar(stmt) is not None:
        raise _linked_elsewhere()


def unlink_channel(channel: Channel) -> None:
    """Forget the channel's grant (its feed is unsubscribed by the next renewal); 404 when there is none."""
    credential = credential_of(channel.id)
    if credential is None or channel.status == "deleted":
        raise NotFound("The channel is not linked to YouTube")
    db.session.delete(credential)
    db.session.commit()
    log.info("youtube_channel_unlinked", channel_id=str(channel.id))


def _authorised_channel_id(token: dict) -> str | None:
    """The YouTube channel the new grant belongs to (`channels.list(mine=true)`)."""
    youtube = client.build_service("youtube", "v3", credentials=client.google_credentials(token))
    try:
        answer = client.call(youtube.channels().list(part="id", mine=True), current_app.config["YOUTUBE_CLIENT_ID"],
                             "channels.list")
    except (QuotaExceeded, TransientProviderError, PermanentProviderError) as error:
        raise as_api_error(error) from error
    items = answer.get("items") or []
    return items[0]["id"] if items else None


# -- Channel sync -----------------------------------------------------------------------------

def sync_channel(channel: Channel) -> Channel:
    """POST /channels/{id}/sync: the channel's counters from YouTube, or the API error saying why not."""
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    try:
        return refresh_channel_statistics(channel)
    except (QuotaExceeded, TransientProviderError, PermanentProviderError) as error:
        raise as_api_error(error) from error


def refresh_channel_statistics(channel: Channel) -> Channel:
    """Read `channels.list(part=snippet,statistics)` (1 unit) into the channel row; provider errors propagate."""
    access = youtube_access(channel)
    answer = client.call(access.youtube.channels().list(part="snippet,statistics", id=channel.youtube_channel_id),
                         access.quota_credential, "channels.list")
    items = answer.get("items") or []
    if not items:
        raise PermanentProviderError(f"YouTube has no channel {channel.youtube_channel_id}")
    apply_channel_statistics(channel, items[0])
    db.session.commit()
    return channel


def apply_channel_statistics(channel: Channel, item: dict) -> None:
    """Counters from a `channels` resource; YouTube's title is kept in metadata, the user's name stays."""
    stats = item.get("statistics") or {}
    if not stats.get("hiddenSubscriberCount"):
        channel.subscriber_count = int(stats.get("subscriberCount") or 0)
    channel.total_views = int(stats.get("viewCount") or 0)
    channel.video_count = int(stats.get("videoCount") or 0)
    title = (item.get("snippet") or {}).get("title")
    if title:
        channel.meta = {**(channel.meta or {}), "youtube_title": title}
    channel.last_synced_at = utcnow()
