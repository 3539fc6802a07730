"""/users/me, /users/me/usage and /users/me/billing."""
from tests.helpers import STRONG_PASSWORD, assert_error, register, set_tier

ME = "/api/v1/users/me"


def test_get_me_returns_the_profile_without_secrets(user):
    body = user.get(ME).get_json()
    assert body["id"] == user.user_id and body["user_id"] == user.user_id
    assert body["subscription_tier"] == "free" and body["status"] == "active"
    assert "password" not in body and "password_hash" not in body


def test_update_username_and_email(user):
    response = user.put(ME, json={"username": "renamed_user", "email": "Renamed@Example.com"})
    assert response.status_code == 200
    assert response.get_json()["username"] == "renamed_user"
    assert response.get_json()["email"] == "renamed@example.com"


def test_update_email_to_one_taken_is_409(client, user):
    register(client, email="taken@example.com")
    assert_error(user.put(ME, json={"email": "TAKEN@example.com"}), 409, "CONFLICT")


def test_change_password_needs_the_current_one(client, user):
    email = user.get(ME).get_json()["email"]
    body = assert_error(user.put(ME, json={"password": "NewPass456!"}), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "current_password"
    body = assert_error(user.put(ME, json={"password": "NewPass456!", "current_password": "Wrong1234"}),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "current_password"
    assert client.post("/api/v1/auth/login", json={"email": email, "password": STRONG_PASSWORD}).status_code == 200
    ok = user.put(ME, json={"password": "NewPass456!", "current_password": STRONG_PASSWORD})
    assert ok.status_code == 200
    assert client.post("/api/v1/auth/login", json={"email": email, "password": "NewPass456!"}).status_code == 200
    assert client.post("/api/v1/auth/login", json={"email": email, "password": STRONG_PASSWORD}).status_code == 401


def test_change_to_a_weak_password_is_400(user):
    assert_error(user.put(ME, json={"password": "weak", "current_password": STRONG_PASSWORD}), 400, "VALIDATION_ERROR")


def test_usage_counts_channels_and_reports_limits(user):
    user.post("/api/v1/channels", json={"name": "A", "niche": "tech", "youtube_channel_id": "UC_usage01"})
    body = user.get(f"{ME}/usage").get_json()
    assert body["channels"] == {"active": 1, "paused": 0, "limit": 1}
    assert body["videos"]["today"] == 0 and body["videos"]["daily_limit"] == 10
    assert body["cost"]["this_period"] == 0
    assert body["limits"]["max_cost_per_video"] == 3.0
    assert body["period"]["start"].endswith("T00:00:00Z")


def test_billing_shows_tier_limits_and_expiry(app, user):
    body = user.get(f"{ME}/billing").get_json()
    assert body["subscription_tier"] == "free" and body["subscription_status"] == "free"
    assert body["limits"]["max_channels"] == 1 and body["subscription_expires_at"] is None
    set_tier(app, user.user_id, "professional")
    body = user.get(f"{ME}/billing").get_json()
    assert body["limits"]["max_channels"] == 20 and body["limits"]["max_videos_per_day"] == 50


def test_update_email_to_one_the_database_would_refuse_is_400_naming_email(user):
    for email in ("o'brien@example.com", "jöhn@example.com", "x@localhost"):
        body = assert_error(user.put(ME, json={"email": email}), 400, "VALIDATION_ERROR")
        assert [d["field"] for d in body["error"]["details"]] == ["email"], email
    assert user.get(ME).status_code == 200


def test_update_racing_for_a_taken_email_or_username_is_409_or_400(client, user, monkeypatch):
    """The unique indexes decide when the pre-check raced with another writer."""
    from ytempire.users import service

    register(client, email="taken@example.com", username="taken_name")
    monkeypatch.setattr(service, "ensure_unique", lambda *args, **kwargs: None)
    assert_error(user.put(ME, json={"email": "taken@example.com"}), 409, "CONFLICT")
    body = assert_error(user.put(ME, json={"username": "TAKEN_NAME"}), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "username"
    assert user.get(ME).status_code == 200


def test_update_without_a_json_body_is_400(user):
    for kwargs in ({}, {"data": "email=a@b.co", "content_type": "application/x-www-form-urlencoded"},
                   {"data": "", "content_type": "application/json"}, {"json": {}}, {"json": {"unknown": 1}},
                   {"json": {"current_password": STRONG_PASSWORD}}):
        body = assert_error(user.put(ME, **kwargs), 400, "VALIDATION_ERROR")
        assert body["error"]["details"][0]["field"] is None, kwargs
        assert_error(user.patch(ME, **kwargs), 400, "VALIDATION_ERROR")


def test_password_change_revokes_every_earlier_token_and_returns_a_new_session(client):
    tokens = register(client, email="changer@example.com")
    other = client.post("/api/v1/auth/login", json={"email": "changer@example.com", "password": STRONG_PASSWORD})
    other = other.get_json()
    response = client.put(ME, json={"password": "NewPass456!", "current_password": STRONG_PASSWORD},
                          headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert response.status_code == 200
    fresh = response.get_json()
    assert fresh["token_type"] == "Bearer" and fresh["expires_in"] > 0 and fresh["email"] == "changer@example.com"

    def bearer(token):
        return {"Authorization": f"Bearer {token}"}

    for old in (tokens, other):
        body = assert_error(client.get(ME, headers=bearer(old["access_token"])), 401, "UNAUTHORIZED")
        assert "revoked" in body["error"]["message"].lower()
        assert_error(client.post("/api/v1/auth/refresh", headers=bearer(old["refresh_token"])), 401, "UNAUTHORIZED")
    assert client.get(ME, headers=bearer(fresh["access_token"])).status_code == 200
    refreshed = client.post("/api/v1/auth/refresh", headers=bearer(fresh["refresh_token"])).get_json()
    assert client.get(ME, headers=bearer(refreshed["access_token"])).status_code == 200
    again = client.post("/api/v1/auth/login", json={"email": "changer@example.com", "password": "NewPass456!"})
    assert client.get(ME, headers=bearer(again.get_json()["access_token"])).status_code == 200


def test_other_profile_changes_keep_sessions_and_return_no_tokens(user):
    body = user.put(ME, json={"username": "kept_session"}).get_json()
    assert "access_token" not in body and "refresh_token" not in body
    assert user.get(ME).status_code == 200


def test_password_change_revocation_expires_with_the_refresh_lifetime(app, user):
    user.put(ME, json={"password": "NewPass456!", "current_password": STRONG_PASSWORD})
    ttl = app.extensions["redis"].ttl(f"revoked:user:{user.user_id}:before")
    lifetime = app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()
    assert lifetime - 10 < ttl <= lifetime
