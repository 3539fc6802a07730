"""Outbound webhooks: registration, fan-out of events, and one delivery attempt at a time."""
from __future__ import annotations

import json
import random
import time
import uuid
from datetime import timedelta

import requests
from flask import current_app
from sqlalchemy import select

from ytempire.common.lookup import get_or_404
from ytempire.common.pagination import paginate
from ytempire.common.timeutil import isoformat, utcnow
from ytempire.common.uuids import parse_uuid
from ytempire.errors import ValidationError
from ytempire.extensions import db
from ytempire.hooks.models import Webhook, WebhookDelivery
from ytempire.hooks.signing import new_secret, sign
from ytempire.hooks.targets import ForbiddenTarget, check_target

DELIVER_TASK = "webhooks.deliver"


def _allow_private() -> bool:
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE_TARGETS"))


def _ensure_callable_url(url: str) -> None:
    try:
        check_target(url, _allow_private())
    except ForbiddenTarget as error:
        raise ValidationError(details=[{"field": "url", "message": str(error)}]) from error


def create_hook(user_id, data: dict) -> Webhook:
    _ensure_callable_url(data["url"])
    hook = Webhook(user_id=user_id, url=data["url"], events=sorted(set(data["events"])), secret=new_secret(),
                   description=data.get("description"))
    db.session.add(hook)
    db.session.commit()
    return hook


def list_hooks(user_id, page: int, limit: int):
    return paginate(select(Webhook).where(Webhook.user_id == user_id).order_by(Webhook.created_at.desc()), page, limit)


def get_owned_hook(user_id, hook_id) -> Webhook:
    return get_or_404(Webhook, hook_id, "Webhook", owner_id=user_id)


def update_hook(hook: Webhook, changes: dict) -> Webhook:
    if "url" in changes:
        _ensure_callable_url(changes["url"])
        hook.url = changes["url"]
    if "events" in changes:
        hook.events = sorted(set(changes["events"]))
    for field in ("active", "description"):
        if field in changes:
            setattr(hook, field, changes[field])
    db.session.commit()
    return hook


def delete_hook(hook: Webhook) -> None:
    db.session.delete(hook)
    db.session.commit()


def list_deliveries(hook: Webhook, page: int, limit: int):
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
    return paginate(stmt.order_by(WebhookDelivery.created_at.desc()), page, limit)


def emit(user_id, event: str, data: dict) -> list[WebhookDelivery]:
    """Record a delivery for each of the user's active hooks on `event`, commit, then enqueue them."""
    hooks = db.session.scalars(select(Webhook).where(Webhook.user_id == user_id, Webhook.active.is_(True))).all()
    deliveries = []
    for hook in hooks:
        if event not in hook.events:
            continue
        delivery_id = uuid.uuid4()
        payload = {"id": str(delivery_id), "event": event, "created_at": isoformat(utcnow()), "data": data}
        deliveries.append(WebhookDelivery(id=delivery_id, webhook=hook, event=event, payload=payload))
    if not deliveries:
        return []
    db.session.add_all(deliveries)
    db.session.commit()
    celery = current_app.extensions["celery"]
    for delivery in deliveries:
        celery.send_task(DELIVER_TASK, args=(str(delivery.id),), queue="default")
    return deliveries


def _record_attempt(delivery: WebhookDelivery, status_code: int | None, error: str | None, started: float) -> None:
    delivery.attempt_count += 1
    delivery.attempts = [*delivery.attempts, {
        "attempt": delivery.attempt_count, "at": isoformat(utcnow()), "status_code": status_code,
        "error": error, "duration_ms": round((time.perf_counter() - started) * 1000, 1)}]


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: base·2^(n-1), ±20%."""
    base = current_app.config["WEBHOOK_RETRY_BASE_SECONDS"]
    return base * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)


def attempt_delivery(delivery_id) -> float | None:
    """POST one delivery; None when finished (delivered or given up), else seconds until the next try."""
    delivery = db.session.execute(select(WebhookDelivery).where(WebhookDelivery.id == parse_uuid(delivery_id))
                                  .with_for_update()).scalar()
    if delivery is None or delivery.status != "pending":
        db.session.rollback()
        return None
    hook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    started = time.perf_counter()
    status_code, error = None, None
    try:
        check_target(hook.url, _allow_private())
        response = requests.post(hook.url, data=body, timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"],
                                 allow_redirects=False, headers={
                                     "Content-Type": "application/json", "User-Agent": "YTEMPIRE-Webhooks/1.0",
                                     "X-YTEmpire-Event": delivery.event, "X-YTEmpire-Delivery": str(delivery.id),
                                     "X-YTEmpire-Signature": sign(hook.secret, timestamp, body)})
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except ForbiddenTarget as refused:
        error = f"refused: {refused}"
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"[:300]
    _record_attempt(delivery, status_code, error, started)
    if error is None:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "succeeded", utcnow(), None
        db.session.commit()
        return None
    if delivery.attempt_count >= current_app.config["WEBHOOK_MAX_ATTEMPTS"] or error.startswith("refused"):
        delivery.status, delivery.next_attempt_at = "failed", None
        db.session.commit()
        return None
    delay = retry_delay(delivery.attempt_count)
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    db.session.commit()
    return delay
