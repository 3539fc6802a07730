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
def subscription(db, channel, linked, google):
    """The channel's feed, with our subscribe request just sent to the hub (as the renewal beat does)."""
    assert renew_pubsub_subscriptions()["requested"] == 1
    return db.session.query(PubSubSubscription).one()


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


def test_renewal_records_the_pending_request_before_the_hub_verifies_it(db, subscription, google):
    form = parse_qs(google.requests_to("/hub")[0].body.decode())
    assert form["hub.mode"] == ["subscribe"]
    assert subscription.requested_mode == "subscribe"
    assert utcnow() - subscription.requested_at < timedelta(minutes=1)


def test_handshake_without_a_pending_request_of_ours_is_404_and_changes_nothing(db, client, subscription):
    subscription.requested_mode = subscription.requested_at = None
    db.session.commit()
    assert_error(client.get(verification("subscribe", subscription.topic_url, lease=10**9)), 404, "NOT_FOUND")
    db.session.expire_all()
    assert subscription.verified_at is None and subscription.lease_expires_at is None


def test_handshake_after_the_request_window_closed_is_404(db, client, subscription):
    subscription.requested_at = utcnow() - timedelta(hours=1, minutes=1)
    db.session.commit()
    assert_error(client.get(verification("subscribe", subscription.topic_url)), 404, "NOT_FOUND")


@pytest.mark.parametrize("lease", [10**9, 10**12, 10**30])
def test_a_huge_lease_is_clamped_to_30_days(db, client, subscription, lease):
    response = client.get(verification("subscribe", subscription.topic_url, lease=lease))
    assert response.status_code == 200 and response.get_data(as_text=True) == "c-123"
    db.session.expire_all()
    assert timedelta(days=29, hours=23) < subscription.lease_expires_at - utcnow() <= timedelta(days=30)


@pytest.mark.parametrize("lease", [0, -5, "1e9", "soon"])
def test_a_lease_that_is_not_a_positive_integer_is_400(db, client, subscription, lease):
    response = client.get(verification("subscribe", subscription.topic_url, lease=lease))
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "hub.lease_seconds"
    assert "c-123" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert subscription.lease_expires_at is None


def test_a_denial_is_acknowledged_and_recorded_and_renewal_asks_again(db, client, subscription, google):
    assert client.get(verification("subscribe", subscription.topic_url)).status_code == 200
    response = client.get(URL + "?" + urlencode({"hub.mode": "denied", "hub.topic": subscription.topic_url,
                                                 "hub.reason": "topic not found"}))
    assert response.status_code == 200
    db.session.expire_all()
    assert subscription.denied_at is not None and subscription.denied_reason == "topic not found"
    assert subscription.lease_expires_at is None
    assert renew_pubsub_subscriptions()["requested"] == 1
    assert len(google.requests_to("/hub")) == 2


def test_handshake_for_an_unknown_topic_is_404(client, subscription):
    response = client.get(verification("subscribe", topic_url("UC_not_ours")))
    assert_error(response, 404, "NOT_FOUND")
    assert "c-123" not in response.get_data(as_text=True)


def test_unsubscribe_of_a_topic_we_still_want_is_refused(client, subscription):
    assert_error(client.get(verification("unsubscribe", subscription.topic_url)), 404, "NOT_FOUND")


def test_once_the_channel_is_deleted_renewal_unsubscribes_and_the_hub_is_confirmed(db, client, user, channel,
                                                                                    subscription, google):
    assert client.get(verification("subscribe", subscription.topic_url)).status_code == 200
    assert user.delete(f"/api/v1/channels/{channel['id']}").status_code == 204
    assert_error(client.get(verification("unsubscribe", subscription.topic_url)), 404, "NOT_FOUND")  # not asked yet
    assert renew_pubsub_subscriptions()["requested"] == 1
    assert parse_qs(google.requests_to("/hub")[-1].body.decode())["hub.mode"] == ["unsubscribe"]
    assert client.get(verification("unsubscribe", subscription.topic_url)).get_data(as_text=True) == "c-123"
    assert db.session.query(PubSubSubscription).count() == 0


def test_unlinking_a_channel_unsubscribes_its_feed(db, client, user, channel, subscription, google):
    assert client.get(verification("subscribe", subscription.topic_url)).status_code == 200
    assert user.delete(f"/api/v1/channels/{channel['id']}/oauth").status_code == 204
    renew_pubsub_subscriptions()
    assert parse_qs(google.requests_to("/hub")[-1].body.decode())["hub.mode"] == ["unsubscribe"]


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
    assert len(google.requests_to("/hub")) == 2          # the fixture's first request, then this renewal


def test_the_hub_endpoint_is_exempt_from_rate_limits_and_needs_no_jwt(app, client, subscription, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_DEFAULT", "2 per minute")
    assert [client.get("/api/v1/channels").status_code for _ in range(3)][-1] == 429   # an ordinary route is limited
    answers = [client.get(verification("subscribe", subscription.topic_url)).status_code for _ in range(5)]
    assert answers == [200] * 5
