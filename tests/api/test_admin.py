"""/admin: access rules, user management, system health and metrics."""
import uuid

import pytest

from tests.helpers import STRONG_PASSWORD, AuthedClient, assert_error, register
from ytempire import create_app
from ytempire.users.models import User


@pytest.fixture
def admin(client, db):
    tokens = register(client)
    db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
    db.session.commit()
    return AuthedClient(client, tokens)


ADMIN_ENDPOINTS = [("get", "/api/v1/admin/users"), ("patch", "/api/v1/admin/users/00000000-0000-0000-0000-000000000000"),
                   ("get", "/api/v1/admin/system/health"), ("get", "/api/v1/admin/system/metrics")]


def test_admin_endpoints_are_401_anonymous_and_403_for_normal_users(client, user):
    for method, url in ADMIN_ENDPOINTS:
        kwargs = {"json": {}} if method == "patch" else {}
        assert_error(getattr(client, method)(url, **kwargs), 401, "UNAUTHORIZED")
        assert_error(getattr(user, method)(url, **kwargs), 403, "FORBIDDEN")


def test_admin_lists_users_with_usage_and_filters(admin, user, other_user):
    user.post("/api/v1/channels", json={"name": "A", "niche": "tech", "youtube_channel_id": "UC_adminlist1"})
    body = admin.get("/api/v1/admin/users?limit=50").get_json()
    assert body["pagination"]["total"] == 3
    mine = next(row for row in body["users"] if row["user"]["id"] == user.user_id)
    assert mine["channel_count"] == 1 and mine["videos_this_month"] == 0 and mine["spend_this_month"] == 0
    email = user.get("/api/v1/users/me").get_json()["email"]
    found = admin.get(f"/api/v1/admin/users?search={email.upper()}").get_json()
    assert [row["user"]["id"] for row in found["users"]] == [user.user_id]
    assert admin.get("/api/v1/admin/users?tier=enterprise").get_json()["users"] == []
    assert_error(admin.get("/api/v1/admin/users?tier=gold"), 400, "VALIDATION_ERROR")


def test_suspending_a_user_ends_their_sessions_for_good_and_reactivating_lets_them_sign_in_again(admin, user,
                                                                                                  client):
    assert user.get("/api/v1/users/me").status_code == 200
    me = user.get("/api/v1/users/me").get_json()
    response = admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"status": "suspended"})
    assert response.status_code == 200 and response.get_json()["status"] == "suspended"
    assert_error(user.get("/api/v1/users/me"), 401, "UNAUTHORIZED")
    admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"status": "active"})
    # The tokens issued before the suspension stay dead, access and refresh alike.
    assert_error(user.get("/api/v1/users/me"), 401, "UNAUTHORIZED")
    refresh = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {user.tokens['refresh_token']}"})
    assert_error(refresh, 401, "UNAUTHORIZED")
    signed_in = client.post("/api/v1/auth/login", json={"email": me["email"], "password": STRONG_PASSWORD})
    assert signed_in.status_code == 200
    token = signed_in.get_json()["access_token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_admin_changes_a_users_tier(admin, user):
    admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"subscription_tier": "starter"})
    assert user.get("/api/v1/users/me/billing").get_json()["limits"]["max_channels"] == 5
    assert_error(admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"subscription_tier": "gold"}),
                 400, "VALIDATION_ERROR")
    assert_error(admin.patch("/api/v1/admin/users/not-a-user", json={"status": "active"}), 404, "NOT_FOUND")


def test_health_names_workers_when_none_are_alive(admin):
    response = admin.get("/api/v1/admin/system/health")
    assert response.status_code == 503
    body = response.get_json()
    assert "workers" in body["failing"]
    for name in ("database", "redis", "broker", "disk"):
        assert body["components"][name]["status"] == "ok", body
        assert body["components"][name]["latency_ms"] >= 0
    assert set(body["components"]["broker"]["queues"]) == {"default", "ai", "render", "render_gpu", "upload"}


@pytest.mark.usefixtures("process_defaults_restored")
def test_health_with_a_refusing_broker_is_503_naming_it_and_answers_fast(app_config):
    import time

    app = create_app({**app_config, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    client = app.test_client()
    tokens = register(client)
    with app.app_context():
        from ytempire.extensions import db

        db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
        db.session.commit()
    started = time.monotonic()
    response = client.get("/api/v1/admin/system/health", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    assert "broker" in response.get_json()["failing"]


def test_metrics_report_jobs_spend_and_budget(admin):
    body = admin.get("/api/v1/admin/system/metrics").get_json()
    assert body["jobs_by_status"] == {} and body["retries"] == 0
    assert body["spend"]["today"] == 0 and body["spend"]["budget"] == 50
    assert body["stage_durations"] == []


@pytest.mark.usefixtures("process_defaults_restored")
def test_redis_outage_is_503_not_500(app_config):
    app = create_app({**app_config, "REDIS_URL": "redis://127.0.0.1:1/0", "RATELIMIT_STORAGE_URI": "memory://"})
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": "a@example.com", "password": "Whatever1"})
    assert_error(response, 503, "SERVICE_UNAVAILABLE")


def test_admin_patch_with_nothing_to_change_is_400(admin, user):
    assert_error(admin.patch(f"/api/v1/admin/users/{user.user_id}", json={}), 400, "VALIDATION_ERROR")
    assert_error(admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"plan": "pro"}), 400, "VALIDATION_ERROR")


def test_admin_tier_downgrade_pauses_channels_over_the_new_limit_like_stripe(app, admin, user):
    from tests.helpers import set_tier

    set_tier(app, user.user_id, "starter")
    ids = [user.post("/api/v1/channels", json={"name": f"C{i}", "niche": "tech",
                                               "youtube_channel_id": f"UC_down{i}{uuid.uuid4().hex[:6]}"}).get_json()["id"]
           for i in range(3)]
    response = admin.patch(f"/api/v1/admin/users/{user.user_id}", json={"subscription_tier": "free"})
    assert response.status_code == 200 and response.get_json()["subscription_tier"] == "free"
    statuses = [user.get(f"/api/v1/channels/{channel_id}").get_json()["status"] for channel_id in ids]
    assert statuses == ["active", "paused", "paused"]  # the oldest stays, as after a Stripe downgrade


def test_admin_suspending_or_demoting_themselves_is_409(admin):
    for change in ({"status": "suspended"}, {"is_admin": False}):
        assert_error(admin.patch(f"/api/v1/admin/users/{admin.user_id}", json=change), 409, "CONFLICT")
    assert admin.get("/api/v1/users/me").get_json()["is_admin"] is True


def test_admin_demotes_and_suspends_another_admin(admin, client, db):
    other = register(client)
    db.session.get(User, uuid.UUID(other["user_id"])).is_admin = True
    db.session.commit()
    response = admin.patch(f"/api/v1/admin/users/{other['user_id']}", json={"is_admin": False})
    assert response.status_code == 200 and response.get_json()["is_admin"] is False
    assert admin.patch(f"/api/v1/admin/users/{other['user_id']}", json={"status": "suspended"}).status_code == 200
    assert_error(admin.patch(f"/api/v1/admin/users/{other['user_id']}", json={"is_admin": "yes"}),
                 400, "VALIDATION_ERROR")


def test_removing_the_last_active_admin_is_409(app, admin, user):
    from ytempire.admin import service
    from ytempire.errors import Conflict
    from ytempire.extensions import db

    with app.app_context():
        last, actor = (db.session.get(User, uuid.UUID(i)) for i in (admin.user_id, user.user_id))
        for change in ({"status": "suspended"}, {"is_admin": False}):
            with pytest.raises(Conflict):
                service.update_user(actor, last, change)
        db.session.rollback()


def test_admin_search_matches_percent_and_underscore_literally(admin, client):
    register(client, email="alpha@example.com", username="under_score")
    register(client, email="beta@example.com", username="underxscore")
    found = admin.get("/api/v1/admin/users?search=under_s").get_json()["users"]
    assert [row["user"]["username"] for row in found] == ["under_score"]
    assert admin.get("/api/v1/admin/users?search=%25").get_json()["users"] == []
    assert admin.get("/api/v1/admin/users?search=%5C").get_json()["users"] == []
