"""The ledgers: one row per paid call (costs) and one per accepted video (the daily cap)."""
from __future__ import annotations

from sqlalchemy import DateTime, ForeignKey, Index, Numeric, String, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import UUIDPrimaryKey
from ytempire.extensions import db


class CostEntry(UUIDPrimaryKey, db.Model):
    __tablename__ = "cost_entries"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # Spend survives a deleted video: usage and billing history must not shrink.
    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="SET NULL"))
    job_id = mapped_column(UUID(as_uuid=True), ForeignKey("generation_jobs.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(50), nullable=False)
    provider: Mapped[str] = mapped_column(String(50), nullable=False)
    model = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(30), nullable=False)
    units = mapped_column(Numeric(18, 4), nullable=False)
    unit_price = mapped_column(Numeric(18, 10), nullable=False)
    amount = mapped_column(Numeric(12, 6), nullable=False)
    # Unique per (job, stage, call): re-running a finished stage can never charge twice.
    charge_key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    created_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())

    __table_args__ = (
        Index("ix_cost_entries_video_id", "video_id"),
        Index("ix_cost_entries_user_created", "user_id", "created_at"),
    )


class GenerationRequest(UUIDPrimaryKey, db.Model):
    """One row per accepted video; kept when the video is deleted so DELETE cannot reset the daily cap."""

    __tablename__ = "generation_requests"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="SET NULL"))
    created_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=text("now()"))

    video = relationship("Video")

    __table_args__ = (Index("ix_generation_requests_user_created", "user_id", "created_at"),)
