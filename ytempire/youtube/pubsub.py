"""YouTube push notifications over PubSubHubbub (WebSub): subscribe, verify, receive.

- We subscribe each linked channel's upload feed at the hub with one global `hub.secret`
  (YOUTUBE_WEBHOOK_SECRET) and renew leases before they lapse.
- The hub verifies intent with a GET; we echo `hub.challenge` only while a request of ours for that
  topic and mode is pending (we POSTed it within PUBSUB_VERIFY_WINDOW_SECONDS, default an hour), so
  nobody can subscribe our endpoint to arbitrary feeds, unsubscribe us from ours, or replay a
  handshake later (WebSub §5.3). The lease the hub grants is clamped to 1 s .. 30 days, so a forged or
  broken value can never push renewal past the real lease. `hub.mode=denied` is acknowledged and
  recorded; renewal asks again.
- Renewal subscribes the feeds we want (live, linked channels) and unsubscribes the ones we no
  longer want (deleted or unlinked channels, or a feed of a YouTube id the channel no longer has).
- Deliveries are Atom feeds signed `X-Hub-Signature: sha1=<HMAC of the raw body>` (WebSub §7.1).
  Bodies with a DTD are refused before parsing, so entity expansion (billion laughs, XXE) can't occur.
- A notification updates the matching video: its title and published time; a deleted entry sets
  the video back to `completed` (the render is still ours, it is no longer on YouTube), keeps its
  youtube_video_id for history and analytics, and records `youtube_deleted_at` in its metadata.
"""
from __future__ import annotations

import hmac
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
import structlog
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ytempire.channels.models import Channel
from ytempire.common.timeutil import bounded_utc, utcnow
from ytempire.errors import Forbidden, NotFound, ValidationError
from ytempire.extensions import db
from ytempire.youtube.models import ChannelCredential, PubSubSubscription

log = structlog.get_logger(__name__)

FEED_URL = "https://www.youtube.com/xml/feeds/videos.xml?channel_id={}"
CALLBACK_PATH = "/api/v1/webhooks/youtube"
NS = {"atom": "http://www.w3.org/2005/Atom", "yt": "http://www.youtube.com/xml/schemas/2015",
      "at": "http://purl.org/atompub/tombstones/1.0"}
SIGNATURE_ALGORITHMS = {"sha1", "sha256", "sha384", "sha512"}   # WebSub §7.1; YouTube's hub sends sha1
DEFAULT_LEASE_SECONDS = 10 * 24 * 3600
MAX_LEASE_SECONDS = 30 * 24 * 3600
RENEW_BEFORE = timedelta(days=1)


def topic_url(youtube_channel_id: str) -> str:
    return FEED_URL.format(youtube_channel_id)


# -- Verification of intent (GET) -------------------------------------------------------------

def verify_intent(mode: str | None, topic: str | None, challenge: str | None, lease_seconds: int | None,
                  reason: str | None = None) -> str:
    """The challenge to echo ('' for a denial), or 404 for a topic/mode we have no pending request for."""
    if mode not in ("subscribe", "unsubscribe", "denied") or not topic or (mode != "denied" and not challenge):
        raise ValidationError("hub.mode (subscribe, unsubscribe or denied), hub.topic and hub.challenge are required")
    if mode == "subscribe" and lease_seconds is not None and lease_seconds < 1:
        raise ValidationError(details=[{"field": "hub.lease_seconds", "message": "Must be a positive number of seconds."}])
    subscription = db.session.scalar(select(PubSubSubscription).where(PubSubSubscription.topic_url == topic)
                                     .with_for_update())
    if subscription is None:
        raise NotFound("Unknown topic")
    now = utcnow()
    if mode == "denied":
        _record_denial(subscription, reason, now)
    elif not _pending(subscription, mode, now):
        raise NotFound("Unknown topic")
    elif mode == "subscribe":
        subscription.verified_at = now
        subscription.lease_expires_at = now + timedelta(seconds=min(lease_seconds or DEFAULT_LEASE_SECONDS,
                                                                    MAX_LEASE_SECONDS))
        subscription.denied_at = subscription.denied_reason = None
    else:
        db.session.delete(subscription)
    db.session.commit()
    return challenge if mode != "denied" else ""


def _verify_window() -> timedelta:
    return timedelta(seconds=current_app.config["PUBSUB_VERIFY_WINDOW_SECONDS"])


def _pending(subscription: PubSubSubscription, mode: str, now: datetime) -> bool:
    """We asked the hub for `mode` on this topic recently enough for its verification to be ours."""
    return (subscription.requested_mode == mode and subscription.requested_at is not None
            and subscription.requested_at > now - _verify_window())


def _record_denial(subscription: PubSubSubscription, reason: str | None, now: datetime) -> None:
    # The hub refused (or ended) the subscription: no lease, so renewal asks again.
    subscription.denied_at, subscription.denied_reason = now, (reason or "")[:500] or None
    subscription.lease_expires_at = subscription.verified_at = None
    log.warning("pubsub_subscription_denied", topic=subscription.topic_url, reason=reason)


# -- Deliveries (POST) ------------------------------------------------------------------------

def check_signature(header: str | None, body: bytes) -> None:
    """400 without a signature, 403 for a wrong one; compared in constant time."""
    secret = current_app.config["YOUTUBE_WEBHOOK_SECRET"]
    if not header or "=" not in header:
        raise ValidationError("Missing X-Hub-Signature", details=[{"field": "X-Hub-Signature", "message": "missing"}])
    method, _, signature = header.partition("=")
    if method.lower() not in SIGNATURE_ALGORITHMS:
        raise ValidationError("Unsupported signature method",
                              details=[{"field": "X-Hub-Signature", "message": method}])
    if not secret:   # unverifiable: refuse rather than trust an unsigned world
        raise Forbidden("YouTube notifications are not configured (YOUTUBE_WEBHOOK_SECRET)")
    expected = hmac.new(secret.encode(), body, method.lower()).hexdigest()
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise Forbidden("Invalid X-Hub-Signature")


@dataclass(frozen=True)
class FeedEntry:
    video_id: str
    channel_id: str | None
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    deleted_at: datetime | None = None


def _time(text: str | None) -> datetime | None:
    try:
        return bounded_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00"))) if text else None
    except ValueError:
        return None


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Entries of an Atom notification; a body with a DTD or that is not XML is a 400."""
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise ValidationError("DTDs are not accepted")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise ValidationError("The body is not a valid Atom feed") from error
    entries = []
    for entry in root.findall("atom:entry", NS):
        video_id = entry.findtext("yt:videoId", namespaces=NS)
        if video_id:
            entries.append(FeedEntry(video_id.strip(), (entry.findtext("yt:channelId", namespaces=NS) or "").strip(),
                                     entry.findtext("atom:title", namespaces=NS),
                                     _time(entry.findtext("atom:published", namespaces=NS)),
                                     _time(entry.findtext("atom:updated", namespaces=NS))))
    for deleted in root.findall("at:deleted-entry", NS):
        ref = deleted.get("ref", "")
        channel_uri = deleted.findtext("at:by/atom:uri", namespaces=NS) or ""
        entries.append(FeedEntry(ref.removeprefix("yt:video:"), channel_uri.rstrip("/").rsplit("/", 1)[-1] or None,
                                 deleted_at=_time(deleted.get("when")) or utcnow()))
    return entries



def ensure_subscriptions() -> None:
    """Every linked, live channel has a subscription row for its upload feed."""
    channels = db.session.execute(
        select(Channel.id, Channel.youtube_channel_id).join(ChannelCredential, ChannelCredential.channel_id == Channel.id)
        .where(ChannelCredential.status == "active", Channel.status != "deleted")).all()
    known = set(db.session.scalars(select(PubSubSubscription.topic_url)).all())
    for channel_id, youtube_channel_id in channels:
        if topic_url(youtube_channel_id) not in known:
            db.session.add(PubSubSubscription(channel_id=channel_id, topic_url=topic_url(youtube_channel_id)))
    db.session.commit()


def wanted(subscription: PubSubSubscription) -> bool:
    """The feed still belongs to a live channel linked to that YouTube channel."""
    channel = subscription.channel
    return (channel.status != "deleted" and channel.youtube_credential is not None
            and subscription.topic_url == topic_url(channel.youtube_channel_id))


def _request_due(subscription: PubSubSubscription, now: datetime) -> str | None:
    """'subscribe' when a wanted lease is missing or ends within a day, 'unsubscribe' for an unwanted feed
    we have not just asked to drop, else None."""
    lease = subscription.lease_expires_at
    if wanted(subscription):
        return "subscribe" if lease is None or lease < now + RENEW_BEFORE else None
    return None if _pending(subscription, "unsubscribe", now) else "unsubscribe"


def _lapsed(subscription: PubSubSubscription, now: datetime) -> bool:
    """An unwanted feed whose lease has already ended (or never began): nothing left to unsubscribe."""
    return not wanted(subscription) and (subscription.lease_expires_at is None or subscription.lease_expires_at < now)


def _ask_hub(subscription: PubSubSubscription, mode: str) -> bool:
    """POST the request to the hub, recorded as pending first: the hub may verify before it answers us."""
    cfg = current_app.config
    subscription.requested_mode, subscription.requested_at = mode, utcnow()
    db.session.commit()
    form = {"hub.callback": cfg["APP_URL"].rstrip("/") + CALLBACK_PATH, "hub.topic": subscription.topic_url,
            "hub.mode": mode, "hub.verify": "async", "hub.secret": cfg["YOUTUBE_WEBHOOK_SECRET"]}
    if mode == "subscribe":
        form["hub.lease_seconds"] = str(cfg["PUBSUB_LEASE_SECONDS"])
    try:
        response = requests.post(cfg["PUBSUBHUBBUB_HUB_URL"], timeout=cfg["YOUTUBE_HTTP_TIMEOUT_SECONDS"],
                                 data=form)
        ok = response.status_code in (202, 204)
    except requests.RequestException:
        ok = False
    if not ok:
        subscription.requested_mode = subscription.requested_at = None
        db.session.commit()
        log.warning("pubsub_request_failed", topic=subscription.topic_url, mode=mode)
    return ok


def renew_pubsub_subscriptions() -> dict:
    """Subscribe wanted feeds whose lease is missing or ends within a day; unsubscribe unwanted ones."""
    if not current_app.config["YOUTUBE_WEBHOOK_SECRET"]:
        log.warning("pubsub_renewal_skipped", reason="YOUTUBE_WEBHOOK_SECRET is not set")
        return {"requested": 0, "failed": 0, "skipped": True}
    ensure_subscriptions()
    now = utcnow()
    subscriptions = db.session.scalars(select(PubSubSubscription).options(
        selectinload(PubSubSubscription.channel).selectinload(Channel.youtube_credential))).all()
    requested = failed = 0
    for subscription in subscriptions:
        if _lapsed(subscription, now):
            db.session.delete(subscription)
            db.session.commit()
            continue
        mode = _request_due(subscription, now)
        if mode is not None:
            ok = _ask_hub(subscription, mode)
            requested, failed = requested + ok, failed + (not ok)
    return {"requested": requested, "failed": failed, "skipped": False}
