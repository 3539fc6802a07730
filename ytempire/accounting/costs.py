"""The cost ledger: write one entry per paid call, derive every total from the entries."""
from __future__ import annotations

from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from ytempire.errors import CostLimitExceeded
from ytempire.extensions import db
from ytempire.accounting.models import CostEntry
from ytempire.accounting import pricing

# The reference's cost endpoint groups stages into three buckets.
COST_BUCKETS = {
    "script_generation": "script_generation",
    "content_optimization": "script_generation",
    "voice_synthesis": "voice_synthesis",
    "video_assembly": "video_processing",
    "thumbnail_creation": "video_processing",
    "youtube_upload": "video_processing",
}


def record_cost(job, stage: str, provider: str, unit: str, units, model: str | None = None, call: str = "main"):
    """Charge one call once: the (job, stage, call) key makes a re-run a no-op."""
    unit_price = pricing.price_for(provider, unit, model)
    amount = pricing.cost(provider, unit, units, model)
    db.session.execute(insert(CostEntry).values(
        user_id=job.user_id, video_id=job.video_id, job_id=job.id, stage=stage, provider=provider, model=model,
        unit=unit, units=Decimal(str(units)), unit_price=unit_price, amount=amount,
        charge_key=f"{job.id}:{stage}:{call}",
    ).on_conflict_do_nothing(index_elements=["charge_key"]))


def spent_on_video(video_id) -> Decimal:
    return db.session.scalar(
        select(func.coalesce(func.sum(CostEntry.amount), 0)).where(CostEntry.video_id == video_id)) or Decimal(0)


def stage_costs(video_id) -> dict[str, Decimal]:
    rows = db.session.execute(select(CostEntry.stage, func.sum(CostEntry.amount))
                              .where(CostEntry.video_id == video_id).group_by(CostEntry.stage)).all()
    return {stage: amount for stage, amount in rows}


def cost_breakdown(video_id) -> dict:
    """{script_generation, voice_synthesis, video_processing, total_cost}; total is the exact sum."""
    buckets = {"script_generation": Decimal(0), "voice_synthesis": Decimal(0), "video_processing": Decimal(0)}
    for stage, amount in stage_costs(video_id).items():
        buckets[COST_BUCKETS.get(stage, "video_processing")] += amount
    buckets["total_cost"] = sum(buckets.values(), Decimal(0))
    return buckets


def ensure_within_budget(video_id, next_stage_estimate: Decimal) -> None:
    """The hard cap per video, before each stage."""
    cap = current_app.config["MAX_COST_PER_VIDEO"]
    spent = spent_on_video(video_id)
    if spent + next_stage_estimate > cap:
        raise CostLimitExceeded(
            f"Spent {spent:.4f} + next stage {next_stage_estimate:.4f} would exceed the {cap} per-video cap")
