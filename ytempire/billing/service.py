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
A downgrade never deletes anything: active channels over the new tier's limit are paused, newest first,
so the channels the user has run longest stay live.
"""
from __future__ import annotations

from datetime import datetime, timezone

import stripe
import structlog
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from ytempire.billing.models import StripeEvent
from ytempire.channels.models import Channel
from ytempire.common.uuids import parse_uuid
from ytempire.errors import APIError, ServiceUnavailable, ValidationError
from ytempire.extensions import db
from ytempire.users.models import User
from ytempire.users.tiers import tier_limits

log = structlog.get_logger(__name__)
PAID_TIERS = ("starter", "professional", "enterprise")
KEEP_TIER_STATUSES = ("active", "trialing", "past_due")


class BadSignature(APIError):
    status, code, message = 400, "INVALID_SIGNATURE", "Stripe signature verification failed"


class PaymentProviderError(APIError):
    status, code, message = 502, "PAYMENT_PROVIDER_ERROR", "Stripe could not complete the request"


def price_ids() -> dict[str, str]:
    cfg = current_app.config
    return {tier: cfg.get(f"STRIPE_PRICE_{tier.upper()}") for tier in PAID_TIERS}


def _client() -> stripe.StripeClient:
    cfg = current_app.config
    if not cfg.get("STRIPE_SECRET_KEY"):
        raise ServiceUnavailable("Billing is not configured (STRIPE_SECRET_KEY is unset)")
    base = {"api": cfg["STRIPE_API_BASE"]} if cfg.get("STRIPE_API_BASE") else None
    return stripe.StripeClient(cfg["STRIPE_SECRET_KEY"], base_addresses=base, max_network_retries=1)


def create_checkout_session(user: User, tier: str, success_url: str | None, cancel_url: str | None) -> dict:
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


def verify_event(payload: bytes, signature: str | None) -> dict:
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise ServiceUnavailable("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset)")
    if not signature:
        raise BadSignature("Missing Stripe-Signature header")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret,
                                               tolerance=current_app.config["STRIPE_WEBHOOK_TOLERANCE_SECONDS"])
    except stripe.SignatureVerificationError as error:
        raise BadSignature(str(error).split("\n")[0][:200]) from error
    except ValueError as error:
        raise ValidationError("Webhook body is not a Stripe event") from error
    return event.to_dict()


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


def apply_event(event: dict) -> tuple[User | None, str]:
    obj = event["data"]["object"]
    kind = event["type"]
    user = _user_for(obj)
    if user is None:
        return None, "ignored: unknown customer"
    if kind == "checkout.session.completed":
        if obj.get("customer") and not user.stripe_customer_id:
            user.stripe_customer_id = obj["customer"]
        tier = (obj.get("metadata") or {}).get("tier")
        if tier in PAID_TIERS:
            apply_tier(user, tier, user.subscription_expires_at)
            return user, f"tier {tier}"
        return user, "customer linked"
    if kind in ("customer.subscription.created", "customer.subscription.updated"):
        if obj.get("customer") and not user.stripe_customer_id:
            user.stripe_customer_id = obj["customer"]
        if obj.get("status") in KEEP_TIER_STATUSES:
            tier = _tier_of_subscription(obj) or user.subscription_tier
            apply_tier(user, tier, _period_end(obj))
            return user, f"tier {tier} ({obj.get('status')})"
        apply_tier(user, "free", None)
        return user, f"downgraded: subscription {obj.get('status')}"
    if kind == "customer.subscription.deleted":
        apply_tier(user, "free", None)
        return user, "downgraded: subscription deleted"
    if kind == "invoice.payment_failed":
        if obj.get("next_payment_attempt") is None:
            apply_tier(user, "free", None)
            return user, "downgraded: payment failed, no retries left"
        user.meta = {**(user.meta or {}), "billing_warning": "payment failed; Stripe will retry"}
        return user, "warning recorded"
    return user, f"ignored: {kind}"


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


def active_channel_count(user_id) -> int:
    return db.session.scalar(select(func.count(Channel.id)).where(Channel.user_id == user_id,
                                                                  Channel.status == "active"))
