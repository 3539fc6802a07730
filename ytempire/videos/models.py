"""Videos and their generation jobs."""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric,
                        String, Text, text)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db

PUBLISH_TARGETS = ("youtube", "local")
VIDEO_STATUSES = ("draft", "queued", "processing", "completed", "published", "failed", "cancelled")
PUBLISH_MODES = ("auto", "manual", "scheduled")
JOB_STATUSES = ("pending", "running", "completed", "failed", "cancelled")


class Video(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "videos"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    channel_id = mapped_column(UUID(as_uuid=True), ForeignKey("channels.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    topic: Mapped[str] = mapped_column(Text, nullable=False)
    description = mapped_column(Text)
    script = mapped_column(Text)
    tags = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    language: Mapped[str] = mapped_column(String(20), nullable=False, server_default="en-US", default="en-US")
    video_config = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    monetization = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    youtube_video_id = mapped_column(String(100), unique=True)
    # Where the upload stage put the video: 'youtube' (youtube_video_id set) or 'local' (the offline
    # publisher, no YouTube id); null until published.
    publish_target = mapped_column(String(20))
    thumbnail_url = mapped_column(String(500))
    video_path = mapped_column(String(1000))
    thumbnail_path = mapped_column(String(1000))
    duration_seconds = mapped_column(Numeric(10, 2))
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="draft", default="draft")
    publish_mode: Mapped[str] = mapped_column(String(20), nullable=False, server_default="auto", default="auto")
    privacy_status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="private", default="private")
    generation_cost = mapped_column(Numeric(10, 4))
    estimated_cost = mapped_column(Numeric(10, 4))
    processing_time_seconds = mapped_column(Integer)
    published_at = mapped_column(DateTime(timezone=True))
    scheduled_at = mapped_column(DateTime(timezone=True))
    view_count: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0", default=0)
    like_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    comment_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    estimated_revenue = mapped_column(Numeric(10, 2), nullable=False, server_default="0", default=0)
    idempotency_key = mapped_column(String(255))
    request_fingerprint = mapped_column(String(64))
    meta = mapped_column("metadata", JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)

    channel = relationship("Channel")
    jobs = relationship("GenerationJob", back_populates="video", cascade="all, delete-orphan",
                        passive_deletes=True, order_by="GenerationJob.created_at")

    __table_args__ = (
        CheckConstraint(f"status IN {VIDEO_STATUSES}", name="status_valid"),
        CheckConstraint(f"publish_mode IN {PUBLISH_MODES}", name="publish_mode_valid"),
        CheckConstraint("generation_cost >= 0", name="cost_positive"),
        CheckConstraint(f"publish_target IN {PUBLISH_TARGETS}", name="publish_target_valid"),
        Index("ix_videos_channel_id", "channel_id"),
        Index("ix_videos_user_created", "user_id", "created_at"),
        Index("ix_videos_status", "status"),
        Index("ix_videos_published_at", "published_at"),
        Index("ix_videos_scheduled_at", "scheduled_at", postgresql_where=text("scheduled_at IS NOT NULL")),
        # Idempotency-Key: one video per key and user.
        Index("uq_videos_user_idempotency_key", "user_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
    )

    @property
    def job(self):
        """The latest generation job (a retry reuses the same job row)."""
        return self.jobs[-1] if self.jobs else None


class GenerationJob(UUIDPrimaryKey, Timestamps, db.Model):
    """Where a video's generation is; PostgreSQL, not the broker, is the truth (DESIGN.md §1)."""

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

    __table_args__ = (
        CheckConstraint(f"status IN {JOB_STATUSES}", name="status_valid"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_valid"),
        Index("ix_generation_jobs_status", "status"),
        Index("ix_generation_jobs_video_id", "video_id"),
        Index("ix_generation_jobs_worker_id", "worker_id"),
        Index("ix_generation_jobs_user_created", "user_id", "created_at"),
    )


class GenerationRequest(UUIDPrimaryKey, db.Model):
    """One row per accepted video; kept when the video is deleted so DELETE cannot reset the daily cap."""

    __tablename__ = "generation_requests"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="SET NULL"))
    created_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=text("now()"))

    video = relationship("Video")

    __table_args__ = (Index("ix_generation_requests_user_created", "user_id", "created_at"),)
