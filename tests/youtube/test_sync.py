"""POST /channels/{id}/sync through the real googleapiclient against the stand-in; token refresh."""
from datetime import datetime

from tests.helpers import assert_error
from ytempire.youtube.quota_models import QuotaUsage
from ytempire.common.secrets_at_rest import decrypt_token
from tests.youtube.conftest import link


def test_sync_reads_statistics_with_the_channels_grant_and_charges_one_unit(db, user, channel, linked, google):
    response = user.post(f"/api/v1/channels/{channel['id']}/sync")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["subscriber_count"], body["total_views"], body["video_count"]) == (1234, 98765, 42)
    assert body["name"] == "Science Daily"               # the user's name stays; YouTube's goes to metadata
    assert datetime.fromisoformat(body["last_synced_at"].replace("Z", "+00:00"))
    call = google.requests_to("/youtube/v3/channels")[-1]
    assert call.query["id"] == [google.youtube_channel_id] and call.query["part"] == ["snippet,statistics"]
    assert call.headers["authorization"].startswith("Bearer ya29.")
    usage = db.session.query(QuotaUsage).one()
    assert (usage.credential, usage.bucket, usage.units_used) == ("client-123.apps", "pool", 1)


def test_sync_with_an_expired_token_refreshes_it_and_stores_the_new_one_encrypted(db, user, channel, google):
    credential = link(db, channel["id"], google, expired=True)
    old = decrypt_token(credential.encrypted_token)["access_token"]
    assert user.post(f"/api/v1/channels/{channel['id']}/sync").status_code == 200
    assert [r for r in google.requests_to("/token") if b"grant_type=refresh_token" in r.body]
    db.session.expire_all()
    token = decrypt_token(credential.encrypted_token)
    assert token["access_token"] != old and token["access_token"].startswith("ya29.refreshed")
    assert google.requests_to("/youtube/v3/channels")[-1].headers["authorization"] == f"Bearer {token['access_token']}"


def test_a_revoked_grant_marks_the_credential_needs_reauth_and_sync_is_409(db, user, channel, google):
    credential = link(db, channel["id"], google, expired=True)
    google.revoked.add(decrypt_token(credential.encrypted_token)["refresh_token"])
    body = assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 409, "CONFLICT")
    assert "reconnect" in body["error"]["message"]
    db.session.expire_all()
    assert credential.status == "needs_reauth"


def test_sync_without_a_grant_or_api_key_is_409(user, channel, google):
    body = assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 409, "CONFLICT")
    assert "not linked" in body["error"]["message"]
    assert google.requests == []


def test_sync_with_the_servers_api_key_reads_public_statistics(app, db, user, channel, google, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_API_KEY", "AIza-test-key")
    assert user.post(f"/api/v1/channels/{channel['id']}/sync").get_json()["total_views"] == 98765
    assert google.requests_to("/youtube/v3/channels")[-1].query["key"] == ["AIza-test-key"]
    assert "AIza-test-key" not in db.session.query(QuotaUsage).one().credential


def test_sync_when_the_quota_is_spent_is_429_with_retry_after(app, db, user, channel, linked, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 0)
    response = user.post(f"/api/v1/channels/{channel['id']}/sync")
    assert_error(response, 429, "RATE_LIMITED")
    assert int(response.headers["Retry-After"]) > 0


def test_sync_of_another_users_channel_is_404(other_user, channel, linked):
    assert_error(other_user.post(f"/api/v1/channels/{channel['id']}/sync"), 404, "NOT_FOUND")


def test_sync_when_youtube_fails_is_503(user, channel, linked, google):
    from tests.standins.google_api import google_error

    google.queue(google_error(503, "backendError", "Backend Error"))
    assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 503, "SERVICE_UNAVAILABLE")


def test_a_grant_revoked_mid_token_life_marks_needs_reauth_and_sync_is_409(db, user, channel, google):
    credential = link(db, channel["id"], google)                # the access token is still within its hour
    token = decrypt_token(credential.encrypted_token)
    google.tokens.pop(token["access_token"])                    # the user revoked access: 401 on the next call…
    google.revoked.add(token["refresh_token"])                  # …and the refresh is refused (invalid_grant)
    body = assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 409, "CONFLICT")
    assert "reconnect" in body["error"]["message"]
    db.session.expire_all()
    assert credential.status == "needs_reauth"
    assert user.get(f"/api/v1/channels/{channel['id']}").get_json()["youtube_link"]["status"] == "needs_reauth"


def test_a_grant_sealed_with_an_old_encryption_key_needs_reauth_and_sync_is_409(app, db, user, channel, linked,
                                                                                 google, monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.setitem(app.config, "CREDENTIALS_ENCRYPTION_KEY", Fernet.generate_key().decode())
    body = assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 409, "CONFLICT")
    assert "reconnect" in body["error"]["message"]
    db.session.expire_all()
    assert linked.status == "needs_reauth"
    assert google.requests == []                                # nothing was sent with an unreadable grant


def test_a_short_term_rate_limit_is_503_to_retry_soon_not_429_until_midnight(user, channel, linked, google):
    from tests.standins.google_api import google_error

    for reason in ("rateLimitExceeded", "userRateLimitExceeded"):
        google.queue(google_error(403, reason, "Too many requests"))
        body = assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 503, "SERVICE_UNAVAILABLE")
        assert "try again shortly" in body["error"]["message"]


def test_the_days_quota_refused_by_youtube_is_429_until_pacific_midnight(user, channel, linked, google):
    from tests.standins.google_api import google_error
    from ytempire.youtube.quota import next_reset
    from ytempire.common.timeutil import utcnow

    google.queue(google_error(403, "quotaExceeded", "The request cannot be completed because you have exceeded"))
    response = user.post(f"/api/v1/channels/{channel['id']}/sync")
    assert_error(response, 429, "RATE_LIMITED")
    assert abs(int(response.headers["Retry-After"]) - (next_reset() - utcnow()).total_seconds()) < 60
