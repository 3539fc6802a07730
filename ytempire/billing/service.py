"""Stripe billing: Checkout sessions and the subscription webhook.

Tier rules applied from Stripe events (documented for operators):
- `checkout.session.completed`: link the Stripe customer to the user (client_reference_id) and grant the
  tier named in the session metadata.
- `customer.subscription.created/updated`: status `active`/`trialing` → the tier of the subscribed price
  (or metadata.tier), valid until the current period's end; `past_due` → keep the tier while Stripe retries
  the card; `unpaid`, `canceled`, `incomplete_expired` → free.
- `customer.subscription.deleted` → free at once.
- `invoice.payment_failed` → free only when Stripe has given up (`next_payment_attempt` is null);
  otherwise the tier stays and a billing warning is recorded on the user.
- `incomplete` (first payment pending, e.g. 3-D Secure) changes nothing: the user keeps the tier they have.
Ordering (subscription_state.py): events about another subscription than the user's live one, or older
than the newest event applied, are stored and acknowledged but change nothing, so a late
`customer.subscription.updated(active)` can never undo a `deleted`. A user with a live subscription
cannot start a second Checkout (409).
A downgrade never deletes anything: active channels over the new tier's limit are paused, newest first,
so the channels the user has run longest stay live.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import stripe
import structlog
from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from ytempire.billing.models import StripeEvent
from ytempire.billing.subscription_state import has_live_subscription, reason_to_ignore, remember
from ytempire.channels.models import Channel
from ytempire.common.uuids import parse_uuid
from ytempire.errors import APIError, Conflict, ServiceUnavailable, ValidationError
from ytempire.extensions import db
from ytempire.users.models import User
from ytempire.billing.tiers import tier_limits

log = structlog.get_logger(__name__)
PAID_TIERS = ("starter", "professional", "enterprise")
KEEP_TIER_STATUSES = ("active", "trialing", "past_due")
UNCHANGED_STATUSES = ("incomplete",)


class BadSignature(APIError):
    status, code, message = 400, "INVALID_SIGNATURE", "Stripe signature verification failed"


class PaymentProviderError(APIError):
    status, code, message = 502, "PAYMENT_PROVIDER_ERROR", "Stripe could not complete the request"


def price_ids() -> dict[str, str]:
    cfg = current_app.config
    return {tier: cfg[f"STRIPE_PRICE_{tier.upper()}"] for tier in PAID_TIERS}


def _client() -> stripe.StripeClient:
    cfg = current_app.config
    if not cfg["STRIPE_SECRET_KEY"]:
        raise ServiceUnavailable("Billing is not configured (STRIPE_SECRET_KEY is unset)")
    base = {"api": cfg["STRIPE_API_BASE"]} if cfg["STRIPE_API_BASE"] else None
    return stripe.StripeClient(cfg["STRIPE_SECRET_KEY"], base_addresses=base, max_network_retries=1)


def create_checkout_session(user: User, tier: str, success_url: str | None, cancel_url: str | None) -> dict:
    if has_live_subscription(user):
        raise Conflict("You already have an active subscription; a second one would bill you twice",
                       details=[{"field": "tier", "message": "an active subscription exists"}])
    price = price_ids().get(tier)
    client = _client()
    if not price:
        raise ValidationError(details=[{"field": "tier", "message": f"No Stripe price is configured for {tier}"}])
    app_url = current_app.config["APP_URL"]
    params = {
        "mode": "subscription",
        "line_items": [{"price": price, "quantity": 1}],
        "client_reference_id": str(user.id),
        "metadata": {"user_id": str(user.id), "tier": tier},
        "subscription_data": {"metadata": {"user_id": str(user.id), "tier": tier}},
        "success_url": success_url or f"{app_url}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": cancel_url or f"{app_url}/billing/cancelled",
    }
    if user.stripe_customer_id:
        params["customer"] = user.stripe_customer_id
    else:
        params["customer_email"] = user.email
    try:
        session = client.v1.checkout.sessions.create(params=params)
    except stripe.RateLimitError as error:
        raise ServiceUnavailable("Stripe is rate limiting; try again shortly") from error
    except stripe.StripeError as error:
        log.warning("stripe_checkout_failed", error_type=type(error).__name__, http_status=error.http_status)
        raise PaymentProviderError(error.user_message or "Stripe refused the checkout request") from error
    return {"session_id": session.id, "checkout_url": session.url}


def customer_portal_url(user: User) -> str | None:
    """A fresh Stripe billing-portal session for the user's customer; None without one, or while Stripe fails.

    Portal sessions are short-lived, so one is made per request rather than stored. The billing page
    still answers when Stripe does not: the link is simply absent.
    """
    if not user.stripe_customer_id or not current_app.config["STRIPE_SECRET_KEY"]:
        return None
    try:
        session = _client().v1.billing_portal.sessions.create(params={
            "customer": user.stripe_customer_id, "return_url": f"{current_app.config['APP_URL']}/billing"})
    except stripe.StripeError as error:
        log.warning("stripe_portal_failed", error_type=type(error).__name__, http_status=error.http_status)
        return None
    return session.url


def verify_event(payload: bytes, signature: str | None) -> dict:
    secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    if not secret:
        raise ServiceUnavailable("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset)")
    if not signature:
        raise BadSignature("Missing Stripe-Signature header")
    try:
        # The signature first, then the body: Webhook.construct_event would crash on well-signed JSON that is
        # not an object, so we parse and check the event's shape ourselves.
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, secret,
                                              tolerance=current_app.config["STRIPE_WEBHOOK_TOLERANCE_SECONDS"])
        event = json.loads(payload)
    except stripe.SignatureVerificationError as error:
        raise BadSignature(str(error).split("\n")[0][:200]) from error
    except ValueError as error:     # not UTF-8, or not JSON
        raise ValidationError("Webhook body is not a Stripe event") from error
    if not _is_event(event):
        raise ValidationError("Webhook body is not a Stripe event")
    return event


def _is_event(event) -> bool:
    """A well-signed body still has to have an event's shape before we store and apply it."""
    return (isinstance(event, dict) and isinstance(event.get("id"), str) and isinstance(event.get("type"), str)
            and isinstance(event.get("created"), int) and isinstance((event.get("data") or {}).get("object"), dict))


def handle_event(payload: bytes, signature: str | None) -> str:
    """Verify, store once, apply; a replayed event id is a no-op ('duplicate')."""
    event = verify_event(payload, signature)
    stored = db.session.execute(insert(StripeEvent).values(
        id=event["id"], type=event["type"], payload=event).on_conflict_do_nothing().returning(StripeEvent.id)
    ).scalar()
    if stored is None:
        db.session.rollback()
        return "duplicate"
    user, outcome = apply_event(event)
    row = db.session.get(StripeEvent, event["id"])
    row.user_id, row.outcome = (user.id if user else None), outcome
    db.session.commit()
    log.info("stripe_event", stripe_event=event["type"], outcome=outcome)
    return outcome


def _user_for(obj: dict) -> User | None:
    user_id = parse_uuid(obj.get("client_reference_id") or (obj.get("metadata") or {}).get("user_id"))
    if user_id:
        user = db.session.get(User, user_id)
        if user:
            return user
    customer = obj.get("customer")
    if isinstance(customer, dict):
        customer = customer.get("id")
    if customer:
        return db.session.scalar(select(User).where(User.stripe_customer_id == customer))
    return None


def _tier_of_subscription(subscription: dict) -> str | None:
    by_price = {price: tier for tier, price in price_ids().items() if price}
    for item in (subscription.get("items") or {}).get("data", []):
        tier = by_price.get((item.get("price") or {}).get("id"))
        if tier:
            return tier
    tier = (subscription.get("metadata") or {}).get("tier")
    return tier if tier in PAID_TIERS else None


def _period_end(subscription: dict) -> datetime | None:
    # Newer API versions moved current_period_end onto the subscription items.
    end = subscription.get("current_period_end") or next(
        (i.get("current_period_end") for i in (subscription.get("items") or {}).get("data", [])
         if i.get("current_period_end")), None)
    return datetime.fromtimestamp(end, tz=timezone.utc) if end else None


def _subscription_of_invoice(invoice: dict) -> str | None:
    # Newer API versions moved the subscription under parent.subscription_details.
    sub = invoice.get("subscription") or (((invoice.get("parent") or {}).get("subscription_details") or {})
                                          .get("subscription"))
    return sub.get("id") if isinstance(sub, dict) else sub


def _link_customer(user: User, obj: dict) -> None:
    if obj.get("customer") and not user.stripe_customer_id:
        user.stripe_customer_id = obj["customer"] if isinstance(obj["customer"], str) else obj["customer"].get("id")


def apply_event(event: dict) -> tuple[User | None, str]:
    obj = event["data"]["object"]
    kind = event["type"]
    user = _user_for(obj)
    if user is None:
        return None, "ignored: unknown customer"
    subscription_id = {"checkout.session.completed": obj.get("subscription"),
                       "invoice.payment_failed": _subscription_of_invoice(obj)}.get(kind, obj.get("id"))
    if kind in ("checkout.session.completed", "customer.subscription.created", "customer.subscription.updated"):
        _link_customer(user, obj)
    if not kind.startswith("customer.subscription.") and kind not in ("checkout.session.completed",
                                                                      "invoice.payment_failed"):
        return user, f"ignored: {kind}"
    ignore = reason_to_ignore(user, event, subscription_id)
    if ignore:
        return user, f"ignored: {ignore}"
    if kind == "checkout.session.completed":
        return user, _apply_checkout(user, event, obj, subscription_id)
    if kind in ("customer.subscription.created", "customer.subscription.updated"):
        return user, _apply_subscription(user, event, obj)
    if kind == "customer.subscription.deleted":
        apply_tier(user, "free", None)
        remember(user, event, subscription_id, "canceled")
        return user, "downgraded: subscription deleted"
    if kind == "invoice.payment_failed":
        return user, _apply_payment_failure(user, event, obj, subscription_id)
    return user, f"ignored: {kind}"


def _apply_checkout(user: User, event: dict, session: dict, subscription_id: str | None) -> str:
    tier = (session.get("metadata") or {}).get("tier")
    if tier not in PAID_TIERS:
        return "customer linked"
    apply_tier(user, tier, user.subscription_expires_at)
    remember(user, event, subscription_id, "active")
    return f"tier {tier}"


def _apply_subscription(user: User, event: dict, subscription: dict) -> str:
    status = subscription.get("status")
    if status in UNCHANGED_STATUSES:
        return f"ignored: subscription {status}"
    remember(user, event, subscription.get("id"), status)
    if status in KEEP_TIER_STATUSES:
        tier = _tier_of_subscription(subscription) or user.subscription_tier
        apply_tier(user, tier, _period_end(subscription))
        return f"tier {tier} ({status})"
    apply_tier(user, "free", None)
    return f"downgraded: subscription {status}"


def _apply_payment_failure(user: User, event: dict, invoice: dict, subscription_id: str | None) -> str:
    if invoice.get("next_payment_attempt") is None:
        apply_tier(user, "free", None)
        remember(user, event, subscription_id, "unpaid")
        return "downgraded: payment failed, no retries left"
    user.meta = {**(user.meta or {}), "billing_warning": "payment failed; Stripe will retry"}
    return "warning recorded"


def apply_tier(user: User, tier: str, expires_at: datetime | None) -> list[Channel]:
    """Set the tier; pause active channels over its limit (newest first). Returns the paused ones."""
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    user.subscription_tier = tier
    user.subscription_expires_at = expires_at
    limit = tier_limits(tier)["max_channels"]
    active = db.session.scalars(select(Channel).where(Channel.user_id == user.id, Channel.status == "active")
                                .order_by(Channel.created_at.asc(), Channel.id)).all()
    paused = active[limit:]
    for channel in paused:
        channel.status = "paused"
        channel.settings = {**(channel.settings or {}), "paused_reason": f"over the {tier} tier's channel limit"}
    return paused
