"""Outbound webhooks: registration, SSRF refusal, signing, retries with backoff, attempts per hook."""
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.helpers import assert_error
from ytempire.hooks.service import attempt_delivery, emit
from ytempire.hooks.signing import verify
from ytempire.hooks.targets import ForbiddenTarget, check_target

HOOKS = "/api/v1/hooks"


class Receiver:
    """A local HTTP endpoint that answers with scripted status codes and records requests."""

    def __init__(self, statuses):
        self.statuses, self.requests = list(statuses), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"


@pytest.fixture
def allow_private(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
    yield
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False


def test_registering_a_loopback_or_private_url_is_refused(user):
    for url in ("http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/x", "http://192.168.0.5/x",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://0.0.0.0/x"):
        body = assert_error(user.post(HOOKS, json={"url": url, "events": ["video.completed"]}), 400, "VALIDATION_ERROR")
        assert body["error"]["details"][0]["field"] == "url", url


def test_target_check_accepts_public_addresses_and_rejects_credentials():
    check_target("https://93.184.215.14/hook", allow_private=False)
    with pytest.raises(ForbiddenTarget):
        check_target("https://user:pw@93.184.215.14/hook", allow_private=False)
    with pytest.raises(ForbiddenTarget):
        check_target("ftp://93.184.215.14/hook", allow_private=False)


def test_create_list_update_delete_hook(user, other_user, allow_private):
    created = user.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "events": ["video.completed", "video.failed"]})
    assert created.status_code == 201
    hook = created.get_json()
    assert hook["secret"].startswith("whsec_") and hook["events"] == ["video.completed", "video.failed"]
    listed = user.get(HOOKS).get_json()
    assert listed["pagination"]["total"] == 1 and "secret" not in listed["hooks"][0]
    assert user.put(f"{HOOKS}/{hook['id']}", json={"active": False}).get_json()["active"] is False
    assert_error(other_user.get(f"{HOOKS}/{hook['id']}"), 404, "NOT_FOUND")
    assert_error(user.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "events": ["video.exploded"]}),
                 400, "VALIDATION_ERROR")
    assert user.delete(f"{HOOKS}/{hook['id']}").status_code == 204
    assert user.get(HOOKS).get_json()["hooks"] == []


def test_delivery_is_signed_and_retried_with_backoff_until_it_succeeds(app, db, user, allow_private):
    receiver = Receiver([500, 503, 200])
    hook = user.post(HOOKS, json={"url": receiver.url, "events": ["video.completed"]}).get_json()
    deliveries = emit(uuid.UUID(user.user_id), "video.completed", {"video_id": "v1"})
    assert len(deliveries) == 1 and app.extensions["redis"].llen("default") == 1
    delivery_id = deliveries[0].id
    delays = [attempt_delivery(delivery_id) for _ in range(3)]
    assert delays[0] is not None and delays[1] is not None and delays[2] is None
    base = app.config["WEBHOOK_RETRY_BASE_SECONDS"]
    assert 0.8 * base <= delays[0] <= 1.2 * base and 1.6 * base <= delays[1] <= 2.4 * base
    assert len(receiver.requests) == 3
    request = receiver.requests[-1]
    assert request["headers"]["X-YTEmpire-Event"] == "video.completed"
    assert verify(hook["secret"], request["headers"]["X-YTEmpire-Signature"], request["body"])
    assert not verify("whsec_wrong", request["headers"]["X-YTEmpire-Signature"], request["body"])
    assert json.loads(request["body"])["data"] == {"video_id": "v1"}
    listed = user.get(f"{HOOKS}/{hook['id']}/deliveries").get_json()["deliveries"][0]
    assert listed["status"] == "succeeded" and listed["attempt_count"] == 3
    assert [a["status_code"] for a in listed["attempts"]] == [500, 503, 200]


def test_delivery_gives_up_after_the_configured_attempts(app, db, user, allow_private):
    receiver = Receiver([500] * 10)
    user.post(HOOKS, json={"url": receiver.url, "events": ["video.failed"]})
    delivery_id = emit(uuid.UUID(user.user_id), "video.failed", {})[0].id
    results = [attempt_delivery(delivery_id) for _ in range(app.config["WEBHOOK_MAX_ATTEMPTS"])]
    assert results[-1] is None and all(r is not None for r in results[:-1])
    assert attempt_delivery(delivery_id) is None
    assert len(receiver.requests) == app.config["WEBHOOK_MAX_ATTEMPTS"]


def test_delivery_to_a_target_that_became_private_is_refused_without_calling_it(app, db, user, allow_private):
    receiver = Receiver([200])
    user.post(HOOKS, json={"url": receiver.url, "events": ["video.completed"]})
    delivery_id = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
    assert attempt_delivery(delivery_id) is None
    assert receiver.requests == []


def test_events_go_only_to_hooks_subscribed_to_them(db, user, allow_private):
    user.post(HOOKS, json={"url": "http://127.0.0.1:9/a", "events": ["video.failed"]})
    assert emit(uuid.UUID(user.user_id), "video.completed", {}) == []
