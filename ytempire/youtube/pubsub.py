"""YouTube push notifications over PubSubHubbub (WebSub): subscribe, verify, receive.

- We subscribe each linked channel's upload feed at the hub with one global `hub.secret`
  (YOUTUBE_WEBHOOK_SECRET) and renew leases before they lapse.
- The hub verifies intent with a GET; we echo `hub.challenge` only for topics we asked for
  (subscribe), or for topics we no longer want (unsubscribe of a deleted channel), so nobody can
  subscribe our endpoint to arbitrary feeds or unsubscribe us from ours (WebSub §5.3).
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
from sqlalchemy import or_, select

from ytempire.channels.models import Channel
from ytempire.common.timeutil import utcnow
from ytempire.errors import Forbidden, NotFound, ValidationError
from ytempire.extensions import db
from ytempire.providers.youtube_metadata import fit_title
from ytempire.videos.models import Video
from ytempire.youtube.models import ChannelCredential, PubSubSubscription

log = structlog.get_logger(__name__)

FEED_URL = "https://www.youtube.com/xml/feeds/videos.xml?channel_id={}"
CALLBACK_PATH = "/api/v1/webhooks/youtube"
NS = {"atom": "http://www.w3.org/2005/Atom", "yt": "http://www.youtube.com/xml/schemas/2015",
      "at": "http://purl.org/atompub/tombstones/1.0"}
SIGNATURE_ALGORITHMS = {"sha1", "sha256", "sha384", "sha512"}   # WebSub §7.1; YouTube's hub sends sha1
DEFAULT_LEASE_SECONDS = 10 * 24 * 3600
RENEW_BEFORE = timedelta(days=1)


def topic_url(youtube_channel_id: str) -> str:
    return FEED_URL.format(youtube_channel_id)


# -- Verification of intent (GET) -------------------------------------------------------------

def verify_intent(mode: str | None, topic: str | None, challenge: str | None, lease_seconds: int | None) -> str:
    """The challenge to echo, or 404 for a topic/mode we did not ask for."""
    if not (mode and topic and challenge) or mode not in ("subscribe", "unsubscribe"):
        raise ValidationError("hub.mode, hub.topic and hub.challenge are required")
    subscription = db.session.scalar(select(PubSubSubscription).where(PubSubSubscription.topic_url == topic))
    if subscription is None:
        raise NotFound("Unknown topic")
    wanted = subscription.channel.status != "deleted"
    if (mode == "subscribe") != wanted:
        raise NotFound("Unknown topic")
    if mode == "subscribe":
        now = utcnow()
        subscription.verified_at = now
        subscription.lease_expires_at = now + timedelta(seconds=lease_seconds or DEFAULT_LEASE_SECONDS)
    else:
        db.session.delete(subscription)
    db.session.commit()
    return challenge


# -- Deliveries (POST) ------------------------------------------------------------------------

def check_signature(header: str | None, body: bytes) -> None:
    """400 without a signature, 403 for a wrong one; compared in constant time."""
    secret = current_app.config.get("YOUTUBE_WEBHOOK_SECRET")
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
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")) if text else None
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


def apply_notification(body: bytes) -> int:
    """Apply a verified feed to our videos; the number of videos changed (unknown ones are ignored)."""
    changed = 0
    for entry in parse_feed(body):
        stmt = select(Video).join(Channel, Channel.id == Video.channel_id).where(Video.youtube_video_id == entry.video_id)
        if entry.channel_id:
            stmt = stmt.where(Channel.youtube_channel_id == entry.channel_id)
        video = db.session.scalar(stmt.with_for_update(of=Video))
        if video is None:
            continue
        if entry.deleted_at:
            video.status = "completed"
            video.meta = {**(video.meta or {}), "youtube_deleted_at": entry.deleted_at.isoformat()}
        else:
            if entry.title:
                video.title = fit_title(entry.title)
            if entry.published:
                video.published_at = entry.published
            video.meta = {**(video.meta or {}), "youtube_updated_at": entry.updated.isoformat() if entry.updated
                          else utcnow().isoformat()}
        changed += 1
    db.session.commit()
    log.info("youtube_notification_applied", videos=changed)
    return changed


# -- Subscribing and renewing (beat) ----------------------------------------------------------

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


def renew_pubsub_subscriptions() -> dict:
    """Ask the hub to (re)subscribe every feed whose lease is missing or ends within a day."""
    cfg = current_app.config
    if not cfg.get("YOUTUBE_WEBHOOK_SECRET"):
        log.warning("pubsub_renewal_skipped", reason="YOUTUBE_WEBHOOK_SECRET is not set")
        return {"requested": 0, "failed": 0, "skipped": True}
    ensure_subscriptions()
    due = db.session.scalars(select(PubSubSubscription).join(Channel, Channel.id == PubSubSubscription.channel_id)
                             .where(Channel.status != "deleted",
                                    or_(PubSubSubscription.lease_expires_at.is_(None),
                                        PubSubSubscription.lease_expires_at < utcnow() + RENEW_BEFORE))).all()
    requested = failed = 0
    for subscription in due:
        try:
            response = requests.post(cfg["PUBSUBHUBBUB_HUB_URL"], timeout=cfg.get("YOUTUBE_HTTP_TIMEOUT_SECONDS", 30), data={
                "hub.callback": cfg["APP_URL"].rstrip("/") + CALLBACK_PATH, "hub.topic": subscription.topic_url,
                "hub.mode": "subscribe", "hub.verify": "async", "hub.secret": cfg["YOUTUBE_WEBHOOK_SECRET"],
                "hub.lease_seconds": str(cfg.get("PUBSUB_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))})
            ok = response.status_code in (202, 204)
        except requests.RequestException:
            ok = False
        requested, failed = requested + ok, failed + (not ok)
        if not ok:
            log.warning("pubsub_subscribe_failed", topic=subscription.topic_url)
    return {"requested": requested, "failed": failed, "skipped": False}
