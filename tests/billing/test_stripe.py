"""Stripe: Checkout through the real library against a stand-in; signed webhooks applied once."""
import hashlib
import hmac
import json
import time
import uuid

import pytest

from tests.helpers import assert_error, set_tier
from tests.standins.stripe_server import StripeStandIn
from ytempire.billing.models import StripeEvent
from ytempire.channels.models import Channel
from ytempire.users.models import User

SECRET = "whsec_test_secret"
WEBHOOK = "/api/v1/webhooks/stripe"


@pytest.fixture
def stripe_config(app):
    values = {"STRIPE_WEBHOOK_SECRET": SECRET, "STRIPE_PRICE_STARTER": "price_starter",
              "STRIPE_PRICE_PROFESSIONAL": "price_pro", "STRIPE_PRICE_ENTERPRISE": "price_ent"}
    saved = {key: app.config.get(key) for key in (*values, "STRIPE_SECRET_KEY", "STRIPE_API_BASE")}
    app.config.update(values)
    yield app.config
    app.config.update(saved)


def signed(payload: dict, secret: str = SECRET, timestamp: int | None = None) -> tuple[bytes, dict]:
    body = json.dumps(payload).encode()
    ts = timestamp or int(time.time())
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={ts},v1={digest}", "Content-Type": "application/json"}


def event(kind: str, obj: dict, event_id: str | None = None, created: int | None = None) -> dict:
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event", "type": kind,
            "api_version": "2025-01-27", "created": created or int(time.time()), "data": {"object": obj}}


def subscription(user_id, status="active", price="price_pro", customer="cus_123", period_end=None, sub_id="sub_1"):
    return {"id": sub_id, "object": "subscription", "status": status, "customer": customer,
            "metadata": {"user_id": user_id},
            "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": price},
                                                  "current_period_end": period_end or int(time.time()) + 86400 * 30}]}}


def post_event(client, payload, **kwargs):
    body, headers = signed(payload, **kwargs)
    return client.post(WEBHOOK, data=body, headers=headers)


def test_checkout_creates_a_session_through_the_stripe_library(user, stripe_config):
    with StripeStandIn("sk_test_abc") as stand_in:
        stripe_config["STRIPE_SECRET_KEY"], stripe_config["STRIPE_API_BASE"] = "sk_test_abc", stand_in.url
        response = user.post("/api/v1/billing/checkout", json={"tier": "professional"})
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        assert body["session_id"].startswith("cs_test_") and body["checkout_url"].startswith("https://checkout")
        form = stand_in.form(stand_in.requests[-1])
        assert form["mode"] == "subscription" and form["line_items[0][price]"] == "price_pro"
        assert form["client_reference_id"] == user.user_id and form["metadata[tier]"] == "professional"
        assert stand_in.requests[-1].headers["authorization"] == "Bearer sk_test_abc"


def test_checkout_errors_are_envelopes(user, stripe_config):
    assert_error(user.post("/api/v1/billing/checkout", json={"tier": "starter"}), 503, "SERVICE_UNAVAILABLE")
    assert_error(user.post("/api/v1/billing/checkout", json={"tier": "gold"}), 400, "VALIDATION_ERROR")
    with StripeStandIn("sk_test_abc") as stand_in:
        stripe_config["STRIPE_SECRET_KEY"], stripe_config["STRIPE_API_BASE"] = "sk_test_abc", stand_in.url
        stand_in.error_next(400, "invalid_request_error", "No such price: 'price_pro'", "resource_missing")
        assert_error(user.post("/api/v1/billing/checkout", json={"tier": "professional"}), 502,
                     "PAYMENT_PROVIDER_ERROR")
        stripe_config["STRIPE_PRICE_ENTERPRISE"] = None
        assert_error(user.post("/api/v1/billing/checkout", json={"tier": "enterprise"}), 400, "VALIDATION_ERROR")


def test_webhook_rejects_bad_signatures_and_changes_nothing(client, db, user, stripe_config):
    payload = event("customer.subscription.updated", subscription(user.user_id))
    body, headers = signed(payload, secret="whsec_wrong")
    assert_error(client.post(WEBHOOK, data=body, headers=headers), 400, "INVALID_SIGNATURE")
    body, headers = signed(payload)
    tampered = body.replace(b"price_pro", b"price_ent")
    assert_error(client.post(WEBHOOK, data=tampered, headers=headers), 400, "INVALID_SIGNATURE")
    assert_error(client.post(WEBHOOK, data=body), 400, "INVALID_SIGNATURE")
    stale = post_event(client, payload, timestamp=int(time.time()) - 3600)
    assert_error(stale, 400, "INVALID_SIGNATURE")
    assert db.session.query(StripeEvent).count() == 0
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "free"


def test_webhook_without_a_configured_secret_is_503(client, app):
    assert_error(client.post(WEBHOOK, data=b"{}", headers={"Stripe-Signature": "t=1,v1=x"}), 503,
                 "SERVICE_UNAVAILABLE")


def test_subscription_update_sets_tier_and_expiry_and_a_replay_is_a_no_op(client, db, user, stripe_config):
    period_end = int(time.time()) + 86400 * 30
    payload = event("customer.subscription.updated", subscription(user.user_id, period_end=period_end),
                    event_id="evt_once")
    first = post_event(client, payload)
    assert first.status_code == 200 and first.get_json()["outcome"].startswith("tier professional")
    billing = user.get("/api/v1/users/me/billing").get_json()
    assert billing["subscription_tier"] == "professional" and billing["subscription_status"] == "active"
    assert billing["stripe_customer_id"] == "cus_123"
    set_tier(client.application, user.user_id, "starter")  # changed by someone else in between
    replay = post_event(client, payload)
    assert replay.status_code == 200 and replay.get_json()["outcome"] == "duplicate"
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "starter"
    assert db.session.query(StripeEvent).filter_by(id="evt_once").count() == 1


def test_checkout_completed_links_the_customer(client, db, user, stripe_config):
    session = {"id": "cs_1", "object": "checkout.session", "client_reference_id": user.user_id,
               "customer": "cus_new", "metadata": {"tier": "starter", "user_id": user.user_id}}
    assert post_event(client, event("checkout.session.completed", session)).status_code == 200
    stored = db.session.get(User, uuid.UUID(user.user_id))
    assert stored.stripe_customer_id == "cus_new" and stored.subscription_tier == "starter"


def create_channels(user, count):
    for i in range(count):
        assert user.post("/api/v1/channels", json={"name": f"C{i}", "niche": "tech",
                                                   "youtube_channel_id": f"UC_down{i}{uuid.uuid4().hex[:6]}"}
                         ).status_code == 201
        time.sleep(0.01)


def test_subscription_deleted_downgrades_and_pauses_extra_channels_without_deleting(client, db, user,
                                                                                    stripe_config):
    set_tier(client.application, user.user_id, "starter")
    create_channels(user, 4)
    response = post_event(client, event("customer.subscription.deleted",
                                        subscription(user.user_id, status="canceled")))
    assert response.status_code == 200
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "free"
    channels = db.session.query(Channel).filter_by(user_id=uuid.UUID(user.user_id)).order_by(Channel.created_at).all()
    assert [c.status for c in channels] == ["active", "paused", "paused", "paused"]
    assert len(channels) == 4


def test_payment_failure_downgrades_only_when_stripe_stops_retrying(client, user, stripe_config):
    set_tier(client.application, user.user_id, "professional")
    invoice = {"id": "in_1", "object": "invoice", "customer": "cus_x", "metadata": {"user_id": user.user_id},
               "next_payment_attempt": int(time.time()) + 86400}
    assert post_event(client, event("invoice.payment_failed", invoice)).get_json()["outcome"] == "warning recorded"
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "professional"
    invoice["next_payment_attempt"] = None
    post_event(client, event("invoice.payment_failed", invoice))
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "free"


def test_past_due_keeps_the_tier_and_unpaid_downgrades(client, user, stripe_config):
    set_tier(client.application, user.user_id, "professional")
    post_event(client, event("customer.subscription.updated", subscription(user.user_id, status="past_due")))
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "professional"
    post_event(client, event("customer.subscription.updated", subscription(user.user_id, status="unpaid")))
    assert user.get("/api/v1/users/me").get_json()["subscription_tier"] == "free"


def test_unknown_events_and_customers_are_acknowledged_and_stored(client, db, stripe_config):
    assert post_event(client, event("charge.refunded", {"id": "ch_1", "customer": "cus_nobody"})).status_code == 200
    assert post_event(client, event("customer.subscription.updated",
                                    subscription(str(uuid.uuid4()), customer="cus_ghost"))).status_code == 200
    assert db.session.query(StripeEvent).count() == 2


def test_the_webhook_is_not_rate_limited(app_config):
    from ytempire import create_app

    limited = create_app({**app_config, "RATELIMIT_DEFAULT": "2 per hour", "STRIPE_WEBHOOK_SECRET": SECRET})
    client = limited.test_client()
    statuses = [post_event(client, event("charge.refunded", {"id": "ch", "customer": "cus_none"})).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 200]


def tier_of(user):
    return user.get("/api/v1/users/me").get_json()["subscription_tier"]


@pytest.mark.parametrize("late_by", [-30, 0])
def test_a_late_active_update_after_the_deletion_does_not_upgrade_again(client, user, stripe_config, late_by):
    now = int(time.time())
    assert post_event(client, event("customer.subscription.updated", subscription(user.user_id), created=now - 60)
                      ).get_json()["outcome"].startswith("tier professional")
    post_event(client, event("customer.subscription.deleted", subscription(user.user_id, status="canceled"),
                             created=now))
    # Stripe retried the earlier update (older `created`), or sent one stamped in the same second.
    late = post_event(client, event("customer.subscription.updated", subscription(user.user_id),
                                    created=now + late_by))
    assert late.status_code == 200 and late.get_json()["outcome"].startswith("ignored")
    assert tier_of(user) == "free"


def test_an_event_older_than_the_last_applied_is_ignored(client, user, stripe_config):
    now = int(time.time())
    post_event(client, event("customer.subscription.updated", subscription(user.user_id, price="price_pro"),
                             created=now))
    stale = post_event(client, event("customer.subscription.updated", subscription(user.user_id, price="price_starter"),
                                     created=now - 120))
    assert stale.get_json()["outcome"] == "ignored: stale event"
    assert tier_of(user) == "professional"


def test_events_of_another_subscription_do_not_touch_the_live_one(client, user, stripe_config):
    post_event(client, event("customer.subscription.updated", subscription(user.user_id, sub_id="sub_live")))
    other = post_event(client, event("customer.subscription.deleted",
                                     subscription(user.user_id, status="canceled", sub_id="sub_old")))
    assert other.get_json()["outcome"] == "ignored: not the current subscription (sub_live)"
    assert tier_of(user) == "professional"


def test_a_new_incomplete_subscription_does_not_downgrade_and_its_activation_applies(client, user, stripe_config):
    set_tier(client.application, user.user_id, "professional")
    pending = post_event(client, event("customer.subscription.created",
                                       subscription(user.user_id, status="incomplete", price="price_starter",
                                                    sub_id="sub_new")))
    assert pending.get_json()["outcome"] == "ignored: subscription incomplete"
    assert tier_of(user) == "professional"
    post_event(client, event("customer.subscription.updated",
                             subscription(user.user_id, price="price_starter", sub_id="sub_new")))
    assert tier_of(user) == "starter"


def test_after_a_deletion_a_new_subscription_is_adopted(client, user, stripe_config):
    now = int(time.time())
    post_event(client, event("customer.subscription.updated", subscription(user.user_id), created=now - 60))
    post_event(client, event("customer.subscription.deleted", subscription(user.user_id, status="canceled"),
                             created=now - 30))
    post_event(client, event("customer.subscription.created",
                             subscription(user.user_id, price="price_ent", sub_id="sub_2"), created=now))
    assert tier_of(user) == "enterprise"


def test_checkout_while_a_subscription_is_active_is_409(client, user, stripe_config):
    post_event(client, event("customer.subscription.updated", subscription(user.user_id)))
    with StripeStandIn("sk_test_abc") as stand_in:
        stripe_config["STRIPE_SECRET_KEY"], stripe_config["STRIPE_API_BASE"] = "sk_test_abc", stand_in.url
        assert_error(user.post("/api/v1/billing/checkout", json={"tier": "enterprise"}), 409, "CONFLICT")
        assert stand_in.requests == []
        post_event(client, event("customer.subscription.deleted", subscription(user.user_id, status="canceled")))
        assert user.post("/api/v1/billing/checkout", json={"tier": "enterprise"}).status_code == 201


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"{}", b'"evt_1"',
                                  b'{"id": "evt_1", "type": "customer.subscription.updated", "created": 1}'])
def test_a_well_signed_body_that_is_not_a_stripe_event_is_400(client, db, stripe_config, body):
    ts = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    response = client.post(WEBHOOK, data=body, headers={"Stripe-Signature": f"t={ts},v1={digest}",
                                                        "Content-Type": "application/json"})
    assert_error(response, 400, "VALIDATION_ERROR")
    assert db.session.query(StripeEvent).count() == 0


def test_billing_gives_a_customer_portal_url_from_a_stripe_billing_portal_session(db, user, stripe_config):
    stored = db.session.get(User, uuid.UUID(user.user_id))
    stored.stripe_customer_id = "cus_portal"
    db.session.commit()
    with StripeStandIn("sk_test_abc") as stand_in:
        stand_in.customers.add("cus_portal")
        stripe_config["STRIPE_SECRET_KEY"], stripe_config["STRIPE_API_BASE"] = "sk_test_abc", stand_in.url
        billing = user.get("/api/v1/users/me/billing").get_json()
        assert billing["customer_portal_url"].startswith("https://billing.stripe.com/p/session/")
        made = [r for r in stand_in.requests if r.path == "/v1/billing_portal/sessions"]
        assert len(made) == 1 and stand_in.form(made[0]) == {
            "customer": "cus_portal", "return_url": f"{stripe_config['APP_URL']}/billing"}

        stand_in.customers.clear()  # Stripe no longer knows the customer: the page answers without a link
        response = user.get("/api/v1/users/me/billing")
        assert response.status_code == 200 and response.get_json()["customer_portal_url"] is None


def test_no_portal_url_and_no_stripe_call_without_a_stripe_customer(user, stripe_config):
    with StripeStandIn("sk_test_abc") as stand_in:
        stripe_config["STRIPE_SECRET_KEY"], stripe_config["STRIPE_API_BASE"] = "sk_test_abc", stand_in.url
        assert user.get("/api/v1/users/me/billing").get_json()["customer_portal_url"] is None
        assert stand_in.requests == []
