"""The fleet's daily spend budget: once today's spend (UTC day, every user) reaches DAILY_SPEND_BUDGET,
paid stages wait until the next UTC midnight instead of spending more; free stages go on.

The wait is a StageDeferred, so the job shows `pending` with its reason and beat's recovery
re-enqueues it after the reset, as it does for spent YouTube quota.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from ytempire.accounting.models import CostEntry
from ytempire.common.timeutil import start_of_day, utcnow
from ytempire.extensions import db
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.outcomes import StageDeferred

REASON_PREFIX = "Daily spend budget reached"


def spend_today(now: datetime | None = None) -> Decimal:
    since = start_of_day(now or utcnow())
    return db.session.scalar(select(func.coalesce(func.sum(CostEntry.amount), 0))
                             .where(CostEntry.created_at >= since)) or Decimal(0)


def budget_status(now: datetime | None = None) -> dict:
    """Today's spend against the budget, whether paid stages wait, until when, and how many jobs do."""
    now = now or utcnow()
    spent, budget = spend_today(now), current_app.config["DAILY_SPEND_BUDGET"]
    reached = spent >= budget
    waiting = db.session.scalar(select(func.count()).select_from(GenerationJob).where(
        GenerationJob.status == "pending", GenerationJob.deferred_reason.startswith(REASON_PREFIX)))
    return {"today": spent, "budget": budget,
            "budget_used_percent": float(spent / budget * 100) if budget else None,
            "budget_reached": reached,
            "paid_stages_resume_at": start_of_day(now) + timedelta(days=1) if reached else None,
            "jobs_waiting_for_budget": waiting,
            "reason": (f"{REASON_PREFIX}: {spent:.2f} of {budget:.2f} USD spent today (UTC); paid stages "
                       "wait until 00:00 UTC") if reached else None}


def ensure_fleet_budget(stage_estimate: Decimal) -> None:
    """Defer a paid stage (estimate above 0) while today's fleet spend has reached the budget."""
    if stage_estimate <= 0:
        return
    status = budget_status()
    if status["budget_reached"]:
        raise StageDeferred(status["paid_stages_resume_at"], status["reason"])
