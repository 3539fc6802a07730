"""POST /auth/register, /auth/login, /auth/refresh, /auth/logout."""
import time
import uuid

import bcrypt
import pytest
from flask_jwt_extended import create_access_token

from tests.helpers import STRONG_PASSWORD, assert_error, register
from ytempire.users.models import User

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"


def registration(**overrides):
    body = {"email": "new@example.com", "username": "newuser", "password": STRONG_PASSWORD, "terms_accepted": True}
    body.update(overrides)
    return body


def test_register_returns_201_with_user_and_tokens(client):
    response = client.post(REGISTER, json=registration())
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "new@example.com" and body["username"] == "newuser"
    assert len(body["user_id"]) == 36
    assert body["access_token"] and body["refresh_token"]
    assert body["expires_in"] == 1800


def test_register_stores_a_salted_slow_hash(client, db):
    client.post(REGISTER, json=registration())
    user = db.session.query(User).one()
    assert user.password_hash.startswith("$2b$") and STRONG_PASSWORD not in user.password_hash
    assert bcrypt.checkpw(STRONG_PASSWORD.encode(), user.password_hash.encode())


def test_register_with_taken_email_in_other_case_is_409(client):
    client.post(REGISTER, json=registration())
    response = client.post(REGISTER, json=registration(email="NEW@Example.COM", username="other"))
    assert_error(response, 409, "CONFLICT")


def test_register_with_taken_username_is_400_naming_the_field(client):
    client.post(REGISTER, json=registration())
    body = assert_error(client.post(REGISTER, json=registration(email="x@example.com", username="NewUser")),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "username"


def _fields(response):
    return {d["field"] for d in response.get_json()["error"]["details"]}


def test_register_with_invalid_email_is_400(client):
    response = client.post(REGISTER, json=registration(email="not-an-email"))
    assert_error(response, 400, "VALIDATION_ERROR")
    assert _fields(response) == {"email"}


def test_register_with_short_or_long_username_is_400(client):
    for username in ("ab", "x" * 51, "bad name!"):
        response = client.post(REGISTER, json=registration(username=username))
        assert_error(response, 400, "VALIDATION_ERROR")
        assert _fields(response) == {"username"}


def test_register_with_weak_password_is_400(client):
    for password in ("short1A", "alllowercase1", "NoDigitsHere", "x" * 80 + "A1"):
        response = client.post(REGISTER, json=registration(password=password))
        assert_error(response, 400, "VALIDATION_ERROR")
        assert _fields(response) == {"password"}


def test_register_without_accepting_terms_is_400(client):
    for terms in (False, None):
        response = client.post(REGISTER, json=registration(terms_accepted=terms))
        assert_error(response, 400, "VALIDATION_ERROR")
        assert _fields(response) == {"terms_accepted"}


def test_register_reports_every_invalid_field_at_once(client):
    response = client.post(REGISTER, json={"email": "x", "password": "a"})
    assert_error(response, 400, "VALIDATION_ERROR")
    assert _fields(response) == {"email", "username", "password", "terms_accepted"}


def test_login_returns_bearer_tokens(client):
    register(client, email="login@example.com")
    response = client.post(LOGIN, json={"email": "Login@Example.com", "password": STRONG_PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 1800
    assert body["access_token"] and body["refresh_token"]


def test_login_with_wrong_password_or_unknown_email_is_401(client):
    register(client, email="login@example.com")
    assert_error(client.post(LOGIN, json={"email": "login@example.com", "password": "Wrong1234"}), 401, "UNAUTHORIZED")
    assert_error(client.post(LOGIN, json={"email": "nobody@example.com", "password": "Wrong1234"}), 401, "UNAUTHORIZED")


def test_repeated_login_failures_from_one_address_lock_that_address_out_of_the_account_even_with_the_right_password(
        client, app):
    register(client, email="victim@example.com")
    guesser = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = client.post(LOGIN, json={"email": "victim@example.com", "password": "Wrong1234"},
                               environ_base=guesser)
        assert response.status_code == 401
    response = client.post(LOGIN, json={"email": "victim@example.com", "password": STRONG_PASSWORD},
                           environ_base=guesser)
    body = assert_error(response, 429, "RATE_LIMITED")
    assert int(response.headers["Retry-After"]) > 0 and body["error"]["message"]


def test_an_attacker_who_knows_an_email_cannot_lock_its_owner_out(client, app):
    register(client, email="owner@example.com")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        client.post(LOGIN, json={"email": "owner@example.com", "password": "Wrong1234"},
                    environ_base={"REMOTE_ADDR": "203.0.113.9"})
    response = client.post(LOGIN, json={"email": "owner@example.com", "password": STRONG_PASSWORD},
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 200, response.get_json()


def test_failures_from_many_addresses_lock_the_account_at_the_slower_global_limit(client, app):
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] >= 5 * app.config["LOGIN_MAX_FAILURES"]
    register(client, email="spread@example.com")
    for attempt in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        response = client.post(LOGIN, json={"email": "spread@example.com", "password": "Wrong1234"},
                               environ_base={"REMOTE_ADDR": f"10.1.{attempt // 200}.{attempt % 200}"})
        assert response.status_code == 401
    response = client.post(LOGIN, json={"email": "spread@example.com", "password": STRONG_PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.2.0.1"})
    assert_error(response, 429, "RATE_LIMITED")


def test_each_further_lock_of_the_same_account_and_address_lasts_twice_as_long(client, app):
    from ytempire.common.redis import get_redis

    register(client, email="again@example.com")
    guesser, lockout = {"REMOTE_ADDR": "10.3.0.1"}, app.config["LOGIN_LOCKOUT_SECONDS"]
    waits = []
    for _ in range(3):
        for _ in range(app.config["LOGIN_MAX_FAILURES"]):
            assert client.post(LOGIN, json={"email": "again@example.com", "password": "Wrong1234"},
                               environ_base=guesser).status_code == 401
        locked = client.post(LOGIN, json={"email": "again@example.com", "password": "Wrong1234"},
                             environ_base=guesser)
        assert_error(locked, 429, "RATE_LIMITED")
        waits.append(int(locked.headers["Retry-After"]))
        with app.app_context():  # the cool-down has passed: only the pair's counter expires, its lock count stays
            redis = get_redis()
            for key in redis.scan_iter("login:fail:*"):
                redis.delete(key)
    for number, wait in enumerate(waits):
        assert 2 ** number * lockout - 2 <= wait <= 2 ** number * lockout, waits


def test_logging_in_to_a_deleted_account_answers_like_wrong_credentials(client, db):
    tokens = register(client, email="gone@example.com")
    db.session.get(User, uuid.UUID(tokens["user_id"])).status = "deleted"
    db.session.commit()
    right = client.post(LOGIN, json={"email": "gone@example.com", "password": STRONG_PASSWORD})
    wrong = client.post(LOGIN, json={"email": "gone@example.com", "password": "Wrong1234"})
    unknown = client.post(LOGIN, json={"email": "never@example.com", "password": STRONG_PASSWORD})
    bodies = [assert_error(response, 401, "UNAUTHORIZED")["error"] for response in (right, wrong, unknown)]
    assert bodies[0] == bodies[1] == bodies[2]
    assert "suspend" not in right.get_data(as_text=True).lower()


def test_repeated_login_failures_from_one_address_are_429_for_any_account(client, app):
    for attempt in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        client.post(LOGIN, json={"email": f"guess{attempt}@example.com", "password": "Wrong1234"})
    register(client, email="someone@example.com")
    response = client.post(LOGIN, json={"email": "someone@example.com", "password": STRONG_PASSWORD})
    assert_error(response, 429, "RATE_LIMITED")


def test_a_few_typos_on_a_shared_address_do_not_lock_out_its_other_users(client, app):
    """The address limit is far above the account one: one NAT, many people."""
    assert app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] >= 10 * app.config["LOGIN_MAX_FAILURES"]
    register(client, email="colleague@example.com")
    for attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post(LOGIN, json={"email": "typist@example.com", "password": "Wrong1234"}).status_code == 401
    assert_error(client.post(LOGIN, json={"email": "typist@example.com", "password": "Wrong1234"}),
                 429, "RATE_LIMITED")
    response = client.post(LOGIN, json={"email": "colleague@example.com", "password": STRONG_PASSWORD})
    assert response.status_code == 200


def test_successful_logins_do_not_use_up_the_address_limit(client, app):
    register(client, email="often@example.com")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] + 1):
        response = client.post(LOGIN, json={"email": "often@example.com", "password": STRONG_PASSWORD})
        assert response.status_code == 200


def test_parallel_wrong_guesses_cannot_exceed_the_account_limit(client, app, monkeypatch):
    """Each guess is counted before its (slow) password check, so a burst cannot slip past the limit."""
    import threading

    from ytempire.auth import service

    register(client, email="target@example.com")
    check = service.verify_password

    def slow_check(password, password_hash):
        time.sleep(0.2)  # a real bcrypt cost, so that every guess overlaps the others
        return check(password, password_hash)

    monkeypatch.setattr(service, "verify_password", slow_check)
    guesses, statuses = 20, []
    start = threading.Barrier(guesses)

    def guess(number):
        start.wait()
        response = app.test_client().post(LOGIN, json={"email": "target@example.com", "password": f"Wrong{number}"},
                                          environ_base={"REMOTE_ADDR": "10.9.0.1"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(401) == app.config["LOGIN_MAX_FAILURES"]
    assert statuses.count(429) == guesses - app.config["LOGIN_MAX_FAILURES"]


def test_refresh_with_refresh_token_returns_a_new_access_token(client):
    tokens = register(client)
    response = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert response.status_code == 200
    new_access = response.get_json()["access_token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {new_access}"}).status_code == 200


def test_refresh_with_an_access_token_is_401(client):
    tokens = register(client)
    response = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert_error(response, 401, "UNAUTHORIZED")


def test_logout_revokes_the_access_token_and_its_refresh_token(client):
    tokens = register(client)
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.post("/api/v1/auth/logout", headers=access).status_code == 200
    body = assert_error(client.get("/api/v1/users/me", headers=access), 401, "UNAUTHORIZED")
    assert "revoked" in body["error"]["message"].lower()
    refresh = {"Authorization": f"Bearer {tokens['refresh_token']}"}
    assert_error(client.post("/api/v1/auth/refresh", headers=refresh), 401, "UNAUTHORIZED")


def test_logout_leaves_other_sessions_signed_in(client):
    first = register(client, email="multi@example.com")
    second = client.post(LOGIN, json={"email": "multi@example.com", "password": STRONG_PASSWORD}).get_json()
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {second['access_token']}"}).status_code == 200


def test_revoked_session_key_expires_with_the_refresh_lifetime(client, app):
    tokens = register(client)
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    r = app.extensions["redis"]
    ttls = [r.ttl(key) for key in r.keys("revoked:*")]
    lifetime = app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()
    assert ttls and all(lifetime - 10 < ttl <= lifetime for ttl in ttls)


def test_expired_token_is_401(client, app):
    tokens = register(client)
    from datetime import timedelta

    with app.app_context():
        expired = create_access_token(identity=tokens["user_id"], expires_delta=timedelta(seconds=-1))
    body = assert_error(client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {expired}"}),
                        401, "UNAUTHORIZED")
    assert "expired" in body["error"]["message"].lower()


def test_forged_token_is_401(client):
    tokens = register(client)
    header, payload, signature = tokens["access_token"].split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    assert_error(client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"}), 401, "UNAUTHORIZED")
    assert_error(client.get("/api/v1/users/me", headers={"Authorization": "Bearer not.a.jwt"}), 401, "UNAUTHORIZED")


def test_missing_token_is_401(client):
    assert_error(client.get("/api/v1/users/me"), 401, "UNAUTHORIZED")
    assert_error(client.get("/api/v1/users/me", headers={"Authorization": "Token abc"}), 401, "UNAUTHORIZED")


def test_suspended_users_tokens_stop_working_at_once(client, db):
    tokens = register(client)
    user = db.session.get(User, uuid.UUID(tokens["user_id"]))
    user.status = "suspended"
    db.session.commit()
    assert_error(client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}),
                 401, "UNAUTHORIZED")


def test_login_records_last_login(client, db):
    tokens = register(client, email="seen@example.com")
    time.sleep(0.01)
    client.post(LOGIN, json={"email": "seen@example.com", "password": STRONG_PASSWORD})
    user = db.session.get(User, uuid.UUID(tokens["user_id"]))
    assert user.last_login > user.created_at


def test_request_logs_are_json_lines_without_passwords_or_tokens(client, capsys):
    import json

    tokens = register(client, email="logged@example.com")
    client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    out = capsys.readouterr().out
    assert STRONG_PASSWORD not in out and tokens["access_token"] not in out and tokens["refresh_token"] not in out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    me = [line for line in lines if line.get("path") == "/api/v1/users/me"][-1]
    assert me["status"] == 200 and me["method"] == "GET" and me["user_id"] == tokens["user_id"]
    assert me["request_id"].startswith("req_") and me["duration_ms"] >= 0


STORABLE_LOOKING_EMAILS = ("o'brien@example.com", "jöhn@example.com", "x@localhost")


def test_register_with_an_email_the_database_would_refuse_is_400_naming_email(client):
    for email in STORABLE_LOOKING_EMAILS:
        response = client.post(REGISTER, json=registration(email=email))
        assert_error(response, 400, "VALIDATION_ERROR")
        assert _fields(response) == {"email"}, email


def test_register_race_lost_on_email_is_409_and_on_username_is_400(client, app, monkeypatch):
    """The unique indexes, not the pre-check, decide when two registrations race."""
    from ytempire.auth import service

    client.post(REGISTER, json=registration())
    monkeypatch.setattr(service, "ensure_unique", lambda *args, **kwargs: None)
    assert_error(client.post(REGISTER, json=registration(email="NEW@example.com", username="other")),
                 409, "CONFLICT")
    body = assert_error(client.post(REGISTER, json=registration(email="other@example.com", username="NEWUSER")),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "username"


def test_a_check_constraint_failure_is_400_on_its_field_not_409(app, db):
    """Only a taken email is a conflict; the email CHECK, if validation ever let one past, names the field."""
    from ytempire.auth.service import register_user
    from ytempire.errors import APIError

    with pytest.raises(APIError) as raised:
        register_user("x@localhost", "someone", STRONG_PASSWORD)
    assert raised.value.status == 400 and raised.value.details[0]["field"] == "email"


def test_an_unexpected_constraint_failure_stays_a_server_error_not_409(app, db):
    from sqlalchemy.exc import IntegrityError

    from ytempire.auth.service import commit_user

    db.session.add(User(email="a@example.com", username="someone", password_hash="x", subscription_tier="gold"))
    with pytest.raises(IntegrityError):
        commit_user()


def test_terms_accepted_must_be_json_true(client):
    for terms in ("true", 1, "yes", "on"):
        response = client.post(REGISTER, json=registration(terms_accepted=terms))
        assert_error(response, 400, "VALIDATION_ERROR")
        assert _fields(response) == {"terms_accepted"}, terms


def test_an_invalid_email_is_reported_once(client):
    response = client.post(REGISTER, json=registration(email="not-an-email"))
    details = assert_error(response, 400, "VALIDATION_ERROR")["error"]["details"]
    assert details == [{"field": "email", "message": "Not a valid email address."}]
