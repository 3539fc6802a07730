"""Which Stripe events may still change a user's tier.

Stripe delivers events out of order and retries them for up to three days, so an event is applied
only when it is about the user's current subscription and no older than the newest one applied
(event `created`). A user's Stripe state lives in users.metadata under "stripe":
{"subscription_id", "status", "event_created"}.
"""
from __future__ import annotations

from ytempire.users.models import User

LIVE_STATUSES = ("active", "trialing", "past_due")


def stripe_state(user: User) -> dict:
    return (user.meta or {}).get("stripe") or {}


def has_live_subscription(user: User) -> bool:
    state = stripe_state(user)
    return bool(state.get("subscription_id")) and state.get("status") in LIVE_STATUSES


def reason_to_ignore(user: User, event: dict, subscription_id: str | None) -> str | None:
    """Why this event must not touch the user's tier, or None when it may."""
    state = stripe_state(user)
    if event["created"] < state.get("event_created", 0):
        return "stale event"
    current = state.get("subscription_id")
    if subscription_id and current and subscription_id != current and state.get("status") in LIVE_STATUSES:
        return f"not the current subscription ({current})"
    if subscription_id and subscription_id == current and state.get("status") == "canceled":
        return "subscription already ended"     # Stripe never revives a deleted subscription
    return None


def remember(user: User, event: dict, subscription_id: str | None, status: str | None) -> None:
    """Record the event as applied: the subscription it was about, its status, its time."""
    state = stripe_state(user)
    user.meta = {**(user.meta or {}), "stripe": {
        "subscription_id": subscription_id or state.get("subscription_id"),
        "status": status or state.get("status"),
        "event_created": max(event["created"], state.get("event_created", 0))}}
