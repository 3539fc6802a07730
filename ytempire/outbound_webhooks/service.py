"""Outbound webhooks: registration, fan-out of events, and one delivery attempt at a time."""
from __future__ import annotations

import json
import random
import time
import uuid
from datetime import timedelta

import structlog
from flask import current_app
from sqlalchemy import func, select

from ytempire.common.lookup import get_or_404
from ytempire.common.pagination import paginate
from ytempire.common.timeutil import isoformat, utcnow
from ytempire.common.uuids import parse_uuid
from ytempire.errors import Conflict, ValidationError
from ytempire.extensions import db
from ytempire.outbound_webhooks.models import Webhook, WebhookDelivery
from ytempire.outbound_webhooks.signing import new_secret, sign
from ytempire.outbound_webhooks.targets import ForbiddenTarget, UnresolvableHost, check_target
from ytempire.outbound_webhooks.transport import TRANSPORT_ERRORS, post_to_address
from ytempire.users.models import User
from ytempire.celery_binding import get_celery

DELIVER_TASK = "outbound_webhooks.deliver"
MAX_HOOKS_PER_USER = 20
# A pending delivery this far past its next attempt lost its task (the broker refused it, or a
# worker holding its countdown died): it is sent again. Generous, so a merely late retry is rarely doubled.
OVERDUE_SECONDS = 15 * 60
log = structlog.get_logger(__name__)


def _allow_private() -> bool:
    return bool(current_app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"])


def _ensure_callable_url(url: str) -> None:
    try:
        check_target(url, _allow_private())
    except ForbiddenTarget as error:
        raise ValidationError(details=[{"field": "url", "message": str(error)}]) from error


def create_hook(user_id, data: dict) -> Webhook:
    _ensure_callable_url(data["url"])
    # The user's row is locked so that parallel creations cannot pass the cap together.
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    count = db.session.scalar(select(func.count(Webhook.id)).where(Webhook.user_id == user_id))
    if count >= MAX_HOOKS_PER_USER:
        raise Conflict(f"At most {MAX_HOOKS_PER_USER} webhooks per account; delete one first")
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
    for delivery in deliveries:
        delivery.next_attempt_at = utcnow()
    db.session.add_all(deliveries)
    db.session.commit()
    _send([delivery.id for delivery in deliveries])
    resend_overdue_deliveries()
    return deliveries


def _send(delivery_ids) -> None:
    """Enqueue attempts; one the broker refuses stays pending and is sent again once overdue."""
    celery = get_celery(current_app)
    for delivery_id in delivery_ids:
        try:
            celery.send_task(DELIVER_TASK, args=(str(delivery_id),), queue="default")
        except Exception as error:  # noqa: BLE001 - the row is committed; resend_overdue_deliveries picks it up
            log.warning("webhook_enqueue_failed", delivery_id=str(delivery_id), error_type=type(error).__name__)


def resend_overdue_deliveries(limit: int = 50) -> int:
    """Send again pending deliveries whose next attempt is OVERDUE_SECONDS late (their task was lost).

    Runs on the delivery path itself (each attempt and each emit) while webhooks are in use, and
    from beat every five minutes for quiet spells. Rows are locked and pushed forward before sending, so
    two callers never both resend the same one.
    """
    now = utcnow()
    overdue = db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.status == "pending",
                                      WebhookDelivery.next_attempt_at < now - timedelta(seconds=OVERDUE_SECONDS))
        .order_by(WebhookDelivery.next_attempt_at).limit(limit).with_for_update(skip_locked=True)).all()
    for delivery in overdue:
        delivery.next_attempt_at = now
    ids = [delivery.id for delivery in overdue]
    db.session.commit()
    _send(ids)
    return len(ids)


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
    delay = _attempt(delivery_id)
    resend_overdue_deliveries()
    return delay


def _attempt(delivery_id) -> float | None:
    delivery = db.session.execute(select(WebhookDelivery).where(WebhookDelivery.id == parse_uuid(delivery_id))
                                  .with_for_update()).scalar()
    if delivery is None or delivery.status != "pending":  # a deleted hook's deliveries are gone with it
        db.session.rollback()
        return None
    hook = delivery.webhook
    started = time.perf_counter()
    if not hook.active:
        _record_attempt(delivery, None, "not sent: the hook is paused", started)
        return _finish(delivery, succeeded=False)
    status_code, error = None, None
    try:
        address = check_target(hook.url, _allow_private())[0]
        status_code = post_to_address(hook.url, address, *_signed_request(hook, delivery),
                                      timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except UnresolvableHost as failure:
        error = str(failure)  # DNS may be back by the next attempt
    except ForbiddenTarget as refused:
        error = f"refused: {refused}"
    except TRANSPORT_ERRORS as failure:
        error = f"{type(failure).__name__}: {failure}"[:300]
    _record_attempt(delivery, status_code, error, started)
    if error is None:
        return _finish(delivery, succeeded=True)
    if delivery.attempt_count >= current_app.config["WEBHOOK_MAX_ATTEMPTS"] or error.startswith("refused"):
        return _finish(delivery, succeeded=False)
    delay = retry_delay(delivery.attempt_count)
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    db.session.commit()
    return delay


def _signed_request(hook: Webhook, delivery: WebhookDelivery) -> tuple[bytes, dict]:
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    return body, {"Content-Type": "application/json", "User-Agent": "YTEMPIRE-Webhooks/1.0",
                  "X-YTEmpire-Event": delivery.event, "X-YTEmpire-Delivery": str(delivery.id),
                  "X-YTEmpire-Signature": sign(hook.secret, int(time.time()), body)}


def _finish(delivery: WebhookDelivery, succeeded: bool) -> None:
    delivery.status, delivery.next_attempt_at = "succeeded" if succeeded else "failed", None
    if succeeded:
        delivery.delivered_at = utcnow()
    db.session.commit()
    return None
