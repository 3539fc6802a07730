"""Outbound webhooks: registration, SSRF refusal, signing, retries with backoff, attempts per hook."""
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.helpers import assert_error
from ytempire.outbound_webhooks.service import attempt_delivery, emit
from ytempire.outbound_webhooks.signing import verify
from ytempire.outbound_webhooks.targets import ForbiddenTarget, check_target

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


@pytest.mark.parametrize("address", ["100.64.0.1", "192.0.0.1", "198.18.0.1", "192.0.2.7", "2001:db8::1",
                                     "2002:7f00:1::", "::ffff:127.0.0.1", "64:ff9b::a00:1", "fc00::1", "fe80::1",
                                     "224.0.1.1"])
def test_target_check_refuses_every_non_global_address(address):
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(ForbiddenTarget):
        check_target(f"https://{host}/hook", allow_private=False)


def test_target_check_accepts_global_ipv6_and_returns_the_checked_addresses():
    assert [str(a) for a in check_target("https://[2606:4700::1111]/hook", allow_private=False)] == ["2606:4700::1111"]


def test_delivery_connects_to_the_address_that_was_checked(app, db, user, allow_private, monkeypatch):
    import ipaddress

    from ytempire.outbound_webhooks import targets

    receiver = Receiver([200])
    port = receiver.server.server_port
    lookups = []

    def resolve(host):  # a name only this resolver knows: the system's DNS would fail on it
        lookups.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(targets, "resolve_addresses", resolve)
    user.post(HOOKS, json={"url": f"http://hooks.example.invalid:{port}/hook?via=test", "events": ["video.completed"]})
    lookups.clear()
    delivery_id = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    assert attempt_delivery(delivery_id) is None
    assert lookups == ["hooks.example.invalid"]  # resolved once, for the check; the connection used that answer
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.invalid:{port}"


def test_paused_or_deleted_hooks_get_no_more_attempts(app, db, user, allow_private):
    receiver = Receiver([500] * 5)
    hook = user.post(HOOKS, json={"url": receiver.url, "events": ["video.completed"]}).get_json()
    first = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    assert attempt_delivery(first) is not None and len(receiver.requests) == 1
    user.put(f"{HOOKS}/{hook['id']}", json={"active": False})
    assert attempt_delivery(first) is None and len(receiver.requests) == 1
    listed = user.get(f"{HOOKS}/{hook['id']}/deliveries").get_json()["deliveries"][0]
    assert listed["status"] == "failed" and listed["attempts"][-1]["error"] == "not sent: the hook is paused"
    user.put(f"{HOOKS}/{hook['id']}", json={"active": True})
    second = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    assert user.delete(f"{HOOKS}/{hook['id']}").status_code == 204
    assert attempt_delivery(second) is None and len(receiver.requests) == 1


def test_a_delivery_the_broker_refused_is_sent_again_once_overdue(app, db, user, allow_private, monkeypatch):
    from datetime import timedelta

    from ytempire.common.timeutil import utcnow
    from ytempire.outbound_webhooks.models import WebhookDelivery
    from ytempire.outbound_webhooks.service import OVERDUE_SECONDS

    user.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "events": ["video.completed", "video.failed"]})
    celery, queue = app.extensions["celery"], app.extensions["redis"]
    queue.delete("default")
    with monkeypatch.context() as broken:
        broken.setattr(celery, "send_task", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("broker down")))
        lost = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    assert queue.llen("default") == 0
    emit(uuid.UUID(user.user_id), "video.failed", {})
    assert queue.llen("default") == 1  # not overdue yet: only the new one
    db.session.get(WebhookDelivery, lost).next_attempt_at = utcnow() - timedelta(seconds=OVERDUE_SECONDS + 1)
    db.session.commit()
    emit(uuid.UUID(user.user_id), "video.failed", {})
    sent = [json.loads(message)["headers"]["argsrepr"] for message in queue.lrange("default", 0, -1)]
    assert len(sent) == 3 and sum(str(lost) in args for args in sent) == 1


def test_more_than_twenty_hooks_per_account_is_409(user, allow_private):
    for index in range(20):
        assert user.post(HOOKS, json={"url": f"http://127.0.0.1:9/{index}", "events": ["video.failed"]}).status_code == 201
    assert_error(user.post(HOOKS, json={"url": "http://127.0.0.1:9/21", "events": ["video.failed"]}), 409, "CONFLICT")


def test_the_beat_task_resends_an_overdue_delivery_without_new_webhook_traffic(app, db, user, allow_private,
                                                                                monkeypatch):
    from datetime import timedelta

    from tasks.schedules import resend_overdue_webhooks
    from ytempire.common.timeutil import utcnow
    from ytempire.outbound_webhooks.models import WebhookDelivery
    from ytempire.outbound_webhooks.service import OVERDUE_SECONDS

    user.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "events": ["video.completed"]})
    celery, queue = app.extensions["celery"], app.extensions["redis"]
    queue.delete("default")
    with monkeypatch.context() as broken:
        broken.setattr(celery, "send_task", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("broker down")))
        lost = emit(uuid.UUID(user.user_id), "video.completed", {})[0].id
    db.session.get(WebhookDelivery, lost).next_attempt_at = utcnow() - timedelta(seconds=OVERDUE_SECONDS + 1)
    db.session.commit()
    assert resend_overdue_webhooks.apply().get() == 1
    (message,) = queue.lrange("default", 0, -1)
    assert str(lost) in json.loads(message)["headers"]["argsrepr"]
