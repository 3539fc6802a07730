"""Outbound webhook delivery on the default queue, retried with backoff by re-scheduling itself."""
from celery import shared_task

from ytempire.outbound_webhooks.service import attempt_delivery


@shared_task(bind=True, name="outbound_webhooks.deliver", max_retries=None)
def deliver(self, delivery_id: str) -> str:
    delay = attempt_delivery(delivery_id)
    if delay is None:
        return "finished"
    # Attempts are counted in PostgreSQL (WEBHOOK_MAX_ATTEMPTS), not by Celery.
    raise self.retry(countdown=delay)
