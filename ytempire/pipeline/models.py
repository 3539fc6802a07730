"""The generation job: one row per video, moved through its stages by pipeline/lifecycle.py."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db

JOB_STATUSES = ("pending", "running", "completed", "failed", "cancelled")
# Unfinished: waiting in the queue or being worked on (the queue position counts these).
ACTIVE_JOB_STATUSES = ("pending", "running")


class GenerationJob(UUIDPrimaryKey, Timestamps, db.Model):
    """Where a video's generation is; PostgreSQL, not the broker, is the truth (docs/architecture.md)."""

    __tablename__ = "generation_jobs"

    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="CASCADE"), nullable=False)
    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="pending", default="pending")
    progress: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    current_stage = mapped_column(String(50))
    stages = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    stages_completed = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    stage_details = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    use_gpu: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"), default=False)
    task_ids = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    enqueued_at = mapped_column(DateTime(timezone=True))
    started_at = mapped_column(DateTime(timezone=True))
    heartbeat_at = mapped_column(DateTime(timezone=True))
    completed_at = mapped_column(DateTime(timezone=True))
    deferred_until = mapped_column(DateTime(timezone=True))
    deferred_reason = mapped_column(Text)
    error_message = mapped_column(Text)
    error_details = mapped_column(JSONB)
    cost_breakdown = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    worker_id = mapped_column(String(100))
    retry_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    max_retries: Mapped[int] = mapped_column(Integer, nullable=False, server_default="3", default=3)
    # The stage a delivery is running now; a duplicate delivery finds it claimed and stops (pipeline/claims.py).
    claimed_stage = mapped_column(String(50))
    claimed_at = mapped_column(DateTime(timezone=True))
    claim_token = mapped_column(UUID(as_uuid=True))
    stage_attempts = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)

    video = relationship("Video", back_populates="jobs")

    def remaining_stages(self) -> list[str]:
        """The job's stages not done yet, in order."""
        done = set(self.stages_completed or [])
        return [stage for stage in self.stages if stage not in done]

    __table_args__ = (
        CheckConstraint(f"status IN {JOB_STATUSES}", name="status_valid"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_valid"),
        Index("ix_generation_jobs_status", "status"),
        Index("ix_generation_jobs_video_id", "video_id"),
        Index("ix_generation_jobs_worker_id", "worker_id"),
        Index("ix_generation_jobs_user_created", "user_id", "created_at"),
        # The queue position of a new job counts the unfinished jobs older than it: this index holds
        # only those, so the count reads the queue, not the whole history.
        Index("ix_generation_jobs_unfinished_created", "created_at",
              postgresql_where=text("status IN ('pending', 'running')")),
    )
