"""Linking a channel: consent URL, signed state, code exchange, ownership check, encryption at rest."""
import time
import uuid
from urllib.parse import parse_qs, urlsplit

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from tests.helpers import assert_error
from ytempire.common.secrets_at_rest import decrypt_token
from ytempire.youtube.models import ChannelCredential
from ytempire.youtube.oauth import STATE_SALT


def start(user, channel):
    response = user.get(f"/api/v1/channels/{channel['id']}/oauth/start")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_start_returns_googles_consent_url_for_offline_access_with_the_three_scopes(user, channel):
    body = start(user, channel)
    url = urlsplit(body["authorization_url"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://accounts.google.com/o/oauth2/v2/auth"
    assert query["access_type"] == "offline" and query["prompt"] == "consent" and query["response_type"] == "code"
    assert query["client_id"] == "client-123.apps"
    assert query["redirect_uri"] == "https://api.example.com/api/v1/channels/oauth/callback"
    scopes = set(query["scope"].split())
    assert {"https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly",
            "https://www.googleapis.com/auth/yt-analytics.readonly"} <= scopes
    assert query["state"] == body["state"]


def test_start_for_another_users_channel_is_404(other_user, channel):
    assert_error(other_user.get(f"/api/v1/channels/{channel['id']}/oauth/start"), 404, "NOT_FOUND")


def test_start_without_an_oauth_client_configured_is_503(app, user, channel, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_CLIENT_ID", None)
    assert_error(user.get(f"/api/v1/channels/{channel['id']}/oauth/start"), 503, "SERVICE_UNAVAILABLE")


def test_callback_stores_the_grant_encrypted_and_no_token_is_readable_in_the_row(db, client, user, channel, google):
    state = start(user, channel)["state"]
    response = client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["channel_id"] == channel["id"] and body["status"] == "active"
    assert body["youtube_channel_id"] == google.youtube_channel_id
    exchange = google.requests_to("/token")[0]
    assert parse_qs(exchange.body.decode())["grant_type"] == ["authorization_code"]

    raw = db.session.execute(text("SELECT * FROM channel_credentials")).mappings().one()
    row_text = " ".join(str(value) for value in raw.values())
    access_token = next(t for t in google.tokens if t.startswith("ya29.access"))
    refresh_token = next(iter(google.refresh_tokens))
    for secret in (access_token, refresh_token, "ya29", "1//refresh", "youtube.upload"):
        assert secret not in row_text
    token = decrypt_token(raw["encrypted_token"])
    assert token["access_token"] == access_token and token["refresh_token"] == refresh_token


def test_callback_for_a_different_youtube_channel_is_400_and_stores_nothing(db, client, user, channel, google):
    state = start(user, channel)["state"]
    google.youtube_channel_id = "UC_someone_else"          # the Google account owns another channel
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 400,
                 "VALIDATION_ERROR")
    assert db.session.query(ChannelCredential).count() == 0


def test_callback_with_a_tampered_state_is_400(db, client, user, channel, other_user):
    state = start(user, channel)["state"]
    forged = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={forged}"), 400, "VALIDATION_ERROR")
    # A state signed with another key (someone else's server) names our channel but is refused too.
    foreign = URLSafeTimedSerializer("not-our-secret", salt=STATE_SALT).dumps(
        {"u": other_user.user_id, "c": channel["id"], "n": "x"})
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={foreign}"), 400, "VALIDATION_ERROR")
    assert db.session.query(ChannelCredential).count() == 0


def test_callback_with_an_expired_state_is_400(app, db, client, user, channel, monkeypatch):
    state = start(user, channel)["state"]
    monkeypatch.setitem(app.config, "YOUTUBE_OAUTH_STATE_MAX_AGE", 1)
    time.sleep(2.1)
    body = assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 400,
                        "VALIDATION_ERROR")
    assert "expired" in body["error"]["message"]
    assert db.session.query(ChannelCredential).count() == 0


def test_callback_with_a_refused_code_is_400(db, client, user, channel, google):
    state = start(user, channel)["state"]
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=stolen-code&state={state}"), 400,
                 "VALIDATION_ERROR")
    assert db.session.query(ChannelCredential).count() == 0


def test_state_for_a_channel_the_user_does_not_own_is_404(app, client, user, other_user, channel):
    with app.test_request_context():
        from ytempire.youtube.oauth import sign_state

        state = sign_state(uuid.UUID(other_user.user_id), channel["id"])
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 404, "NOT_FOUND")


def test_callback_when_the_user_declines_consent_is_400_and_exchanges_nothing(db, client, user, channel, google):
    state = start(user, channel)["state"]
    body = assert_error(client.get(f"/api/v1/channels/oauth/callback?error=access_denied&state={state}"), 400,
                        "VALIDATION_ERROR")
    assert body["error"]["details"] == [{"field": "code", "message": "access_denied"}]
    assert google.requests_to("/token") == [] and db.session.query(ChannelCredential).count() == 0


def test_a_state_is_good_for_one_callback_only(db, client, user, channel, google):
    state = start(user, channel)["state"]
    assert client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}").status_code == 200
    body = assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 400,
                        "VALIDATION_ERROR")
    assert body["error"]["details"] == [{"field": "state", "message": "already used"}]
    assert len(google.requests_to("/token")) == 1                   # the second use exchanged nothing


def test_a_state_used_by_a_declined_consent_cannot_be_replayed_with_a_code(db, client, user, channel, google):
    state = start(user, channel)["state"]
    assert_error(client.get(f"/api/v1/channels/oauth/callback?error=access_denied&state={state}"), 400,
                 "VALIDATION_ERROR")
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 400, "VALIDATION_ERROR")
    assert db.session.query(ChannelCredential).count() == 0


def test_relinking_after_the_encryption_key_changed_overwrites_the_unreadable_grant(app, db, client, user, channel,
                                                                                   google, monkeypatch):
    from cryptography.fernet import Fernet

    from tests.youtube.conftest import link

    credential = link(db, channel["id"], google)
    first_linked_at = credential.linked_at
    monkeypatch.setitem(app.config, "CREDENTIALS_ENCRYPTION_KEY", Fernet.generate_key().decode())
    assert_error(user.post(f"/api/v1/channels/{channel['id']}/sync"), 409, "CONFLICT")   # marks needs_reauth

    state = start(user, channel)["state"]
    response = client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "active" and response.get_json()["warnings"] == []
    db.session.expire_all()
    assert decrypt_token(credential.encrypted_token)["access_token"].startswith("ya29.access")   # the new key reads it
    assert credential.linked_at > first_linked_at
    shown = user.get(f"/api/v1/channels/{channel['id']}").get_json()["youtube_link"]
    assert shown["status"] == "active" and shown["warnings"] == []
    assert user.post(f"/api/v1/channels/{channel['id']}/sync").status_code == 200


def test_a_channel_id_typed_by_a_squatter_does_not_block_the_real_owners_link(db, client, user, other_user, channel,
                                                                              google):
    squatter = other_user.post("/api/v1/channels", json={"name": "Mine", "niche": "science",
                                                         "youtube_channel_id": google.youtube_channel_id})
    assert squatter.status_code == 201, squatter.get_json()
    state = start(user, channel)["state"]
    response = client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}")
    assert response.status_code == 200, response.get_json()
    credential = db.session.query(ChannelCredential).one()
    assert str(credential.channel_id) == channel["id"] and credential.youtube_channel_id == google.youtube_channel_id


def test_linking_a_youtube_channel_another_ytempire_channel_has_linked_is_409_and_stores_nothing(db, client, user,
                                                                                               other_user, channel,
                                                                                               google):
    assert client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={start(user, channel)['state']}") \
        .status_code == 200
    second = other_user.post("/api/v1/channels", json={"name": "Mine", "niche": "science",
                                                       "youtube_channel_id": google.youtube_channel_id}).get_json()
    state = start(other_user, second)["state"]
    assert_error(client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={state}"), 409, "CONFLICT")
    assert [str(c.channel_id) for c in db.session.query(ChannelCredential).all()] == [channel["id"]]


def test_deleting_a_linked_channel_frees_its_youtube_channel_for_a_new_link(db, client, user, channel, google):
    assert client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={start(user, channel)['state']}") \
        .status_code == 200
    assert user.delete(f"/api/v1/channels/{channel['id']}").status_code == 204
    again = user.post("/api/v1/channels", json={"name": "Again", "niche": "science",
                                                "youtube_channel_id": google.youtube_channel_id}).get_json()
    response = client.get(f"/api/v1/channels/oauth/callback?code=good-code&state={start(user, again)['state']}")
    assert response.status_code == 200, response.get_json()


def test_starting_oauth_for_a_deleted_channel_is_404(user, channel):
    assert user.delete(f"/api/v1/channels/{channel['id']}").status_code == 204
    assert_error(user.get(f"/api/v1/channels/{channel['id']}/oauth/start"), 404, "NOT_FOUND")
