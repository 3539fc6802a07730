"""PubSubHubbub: the hub's verification handshake, signed Atom deliveries, lease renewal."""
import hashlib
import hmac
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode

import pytest

from tests.helpers import assert_error
from tests.youtube.conftest import WEBHOOK_SECRET
from ytempire.common.timeutil import utcnow
from ytempire.videos.models import Video
from ytempire.youtube.models import PubSubSubscription
from ytempire.youtube.pubsub import renew_pubsub_subscriptions, topic_url

URL = "/api/v1/webhooks/youtube"


@pytest.fixture
def subscription(db, channel, linked):
    row = PubSubSubscription(channel_id=uuid.UUID(channel["id"]), topic_url=topic_url(channel["youtube_channel_id"]))
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def video(db, user, channel):
    row = Video(user_id=uuid.UUID(user.user_id), channel_id=uuid.UUID(channel["id"]), title="Old title", topic="t",
                status="published", youtube_video_id="yt_abc123", published_at=utcnow() - timedelta(hours=1))
    db.session.add(row)
    db.session.commit()
    return row


def verification(mode, topic, challenge="c-123", lease=432000):
    return URL + "?" + urlencode({"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge,
                                  "hub.lease_seconds": lease})


def test_handshake_for_our_topic_echoes_the_challenge_as_plain_text_and_records_the_lease(db, client, subscription):
    response = client.get(verification("subscribe", subscription.topic_url, "challenge-xyz"))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "challenge-xyz" and response.mimetype == "text/plain"
    db.session.expire_all()
    assert subscription.verified_at is not None
    assert timedelta(days=4, hours=23) < subscription.lease_expires_at - utcnow() <= timedelta(days=5)


def test_handshake_for_an_unknown_topic_is_404(client, subscription):
    response = client.get(verification("subscribe", topic_url("UC_not_ours")))
    assert_error(response, 404, "NOT_FOUND")
    assert "c-123" not in response.get_data(as_text=True)


def test_unsubscribe_of_a_topic_we_still_want_is_refused(client, subscription):
    assert_error(client.get(verification("unsubscribe", subscription.topic_url)), 404, "NOT_FOUND")


def test_unsubscribe_is_confirmed_once_the_channel_is_deleted(db, client, user, channel, subscription):
    assert user.delete(f"/api/v1/channels/{channel['id']}").status_code == 204
    assert client.get(verification("unsubscribe", subscription.topic_url)).get_data(as_text=True) == "c-123"
    assert db.session.query(PubSubSubscription).count() == 0


def feed(entry: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
            f'xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0">'
            f'<link rel="hub" href="https://pubsubhubbub.appspot.com"/>{entry}</feed>').encode()


def update_entry(channel_id, title="New title", published="2026-11-20T10:00:00+00:00"):
    return (f"<entry><id>yt:video:yt_abc123</id><yt:videoId>yt_abc123</yt:videoId><yt:channelId>{channel_id}"
            f"</yt:channelId><title>{title}</title><link rel=\"alternate\" href=\"https://www.youtube.com/watch?v=yt_abc123\"/>"
            f"<published>{published}</published><updated>2026-11-21T08:00:00.5+00:00</updated></entry>")


def signed(body: bytes, secret=WEBHOOK_SECRET) -> dict:
    digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {"X-Hub-Signature": f"sha1={digest}", "Content-Type": "application/atom+xml"}


def test_a_signed_update_changes_title_and_published_time(db, client, channel, video):
    body = feed(update_entry(channel["youtube_channel_id"]))
    response = client.post(URL, data=body, headers=signed(body))
    assert response.status_code == 204
    db.session.expire_all()
    assert video.title == "New title"
    assert video.published_at == datetime(2026, 11, 20, 10, tzinfo=timezone.utc)


def test_a_signed_deletion_unpublishes_the_video_and_keeps_its_youtube_id(db, client, channel, video):
    body = feed(f'<at:deleted-entry ref="yt:video:yt_abc123" when="2026-11-22T09:00:00+00:00">'
                f'<link href="https://www.youtube.com/watch?v=yt_abc123"/><at:by><name>Science</name>'
                f'<uri>https://www.youtube.com/channel/{channel["youtube_channel_id"]}</uri></at:by></at:deleted-entry>')
    assert client.post(URL, data=body, headers=signed(body)).status_code == 204
    db.session.expire_all()
    assert video.status == "completed" and video.youtube_video_id == "yt_abc123"
    assert video.meta["youtube_deleted_at"].startswith("2026-11-22T09:00:00")


@pytest.mark.parametrize("headers,status,code", [
    ({}, 400, "VALIDATION_ERROR"),
    ({"X-Hub-Signature": "sha1=" + "0" * 40}, 403, "FORBIDDEN"),
])
def test_missing_or_forged_signature_changes_nothing(db, client, channel, video, headers, status, code):
    body = feed(update_entry(channel["youtube_channel_id"], title="Hijacked"))
    assert_error(client.post(URL, data=body, headers=headers), status, code)
    db.session.expire_all()
    assert video.title == "Old title"


def test_a_body_signed_with_another_secret_is_403(db, client, channel, video):
    body = feed(update_entry(channel["youtube_channel_id"], title="Hijacked"))
    assert_error(client.post(URL, data=body, headers=signed(body, "wrong-secret")), 403, "FORBIDDEN")


def test_a_signed_body_with_a_dtd_is_refused(db, client, channel, video):
    body = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + feed(update_entry(
        channel["youtube_channel_id"], title="&lol;"))[len(b'<?xml version="1.0" encoding="UTF-8"?>'):])
    assert_error(client.post(URL, data=body, headers=signed(body)), 400, "VALIDATION_ERROR")
    db.session.expire_all()
    assert video.title == "Old title"


def test_a_notification_for_a_video_of_another_channel_changes_nothing(db, client, video):
    body = feed(update_entry("UC_someone_else", title="Hijacked"))
    assert client.post(URL, data=body, headers=signed(body)).status_code == 204
    db.session.expire_all()
    assert video.title == "Old title"


def test_renewal_subscribes_linked_channels_at_the_hub_with_callback_and_secret(db, channel, linked, google):
    assert renew_pubsub_subscriptions() == {"requested": 1, "failed": 0, "skipped": False}
    form = {k: v[0] for k, v in parse_qs(google.requests_to("/hub")[0].body.decode()).items()}
    assert form["hub.callback"] == "https://api.example.com/api/v1/webhooks/youtube"
    assert form["hub.topic"] == f"https://www.youtube.com/xml/feeds/videos.xml?channel_id={channel['youtube_channel_id']}"
    assert form["hub.mode"] == "subscribe" and form["hub.secret"] == WEBHOOK_SECRET
    assert int(form["hub.lease_seconds"]) > 0
    assert db.session.query(PubSubSubscription).one().topic_url == form["hub.topic"]


def test_renewal_skips_leases_that_last_more_than_a_day(db, channel, linked, google, subscription):
    subscription.lease_expires_at = utcnow() + timedelta(days=3)
    db.session.commit()
    assert renew_pubsub_subscriptions()["requested"] == 0
    subscription.lease_expires_at = utcnow() + timedelta(hours=5)
    db.session.commit()
    assert renew_pubsub_subscriptions()["requested"] == 1
    assert len(google.requests_to("/hub")) == 1


def test_the_hub_endpoint_is_exempt_from_rate_limits_and_needs_no_jwt(app, client, subscription, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_DEFAULT", "2 per minute")
    assert [client.get("/api/v1/channels").status_code for _ in range(3)][-1] == 429   # an ordinary route is limited
    answers = [client.get(verification("subscribe", subscription.topic_url)).status_code for _ in range(5)]
    assert answers == [200] * 5
