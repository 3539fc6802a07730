"""Videos: what a user asked for and what came out."""
from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import (BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric,
                        String, Text, text)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db
from ytempire.text.script_shape import DEFAULT_DURATION_SECONDS

PUBLISH_TARGETS = ("youtube", "local")
VIDEO_STATUSES = ("draft", "queued", "processing", "completed", "needs_review", "published", "failed",
                  "cancelled")
# review: the finished video waits for a person's approval (POST /videos/{id}/approve), then uploads.
PUBLISH_MODES = ("auto", "manual", "scheduled", "review")


@dataclass(frozen=True)
class VideoSettings:
    """A video's `video_config`, typed, with the defaults a request that left a field out gets."""

    duration: int = DEFAULT_DURATION_SECONDS
    voice: str = "professional-male"
    language: str = "en-US"
    style: str = "educational"
    format: str = "landscape"
    use_gpu: bool = False
    visuals: str = "auto"             # auto | stock | ai_images | slides
    captions: str = "word"            # word | sentence | none
    captions_upload: bool = False
    music: str | None = None          # a track id, "auto", or None

    @classmethod
    def from_stored(cls, stored: dict | None) -> VideoSettings:
        known = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in (stored or {}).items() if key in known})


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
    # The originality check's last result (scores, closest videos, hold, approval); None: never checked.
    originality = mapped_column(JSONB)
    # Which provider made each part (script, voice, visuals, music): shown, and drives the disclosure.
    made_with = mapped_column(JSONB)
    meta = mapped_column("metadata", JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)

    channel = relationship("Channel")
    jobs = relationship("GenerationJob", back_populates="video", cascade="all, delete-orphan",
                        passive_deletes=True, order_by="GenerationJob.created_at")

    __table_args__ = (
        CheckConstraint(f"status IN {VIDEO_STATUSES}", name="status_valid"),
        CheckConstraint(f"publish_mode IN {PUBLISH_MODES}", name="publish_mode_valid"),
        CheckConstraint("generation_cost >= 0", name="cost_positive"),
        CheckConstraint(f"publish_target IN {PUBLISH_TARGETS}", name="publish_target_valid"),
        # List orders (created_at, id) per user, per user and status, per channel.
        Index("ix_videos_user_created_id", "user_id", "created_at", "id"),
        Index("ix_videos_user_status_created_id", "user_id", "status", "created_at", "id"),
        Index("ix_videos_channel_created_id", "channel_id", "created_at", "id"),
        Index("ix_videos_status", "status"),
        Index("ix_videos_user_needs_review", "user_id", "created_at", postgresql_where=text("status = 'needs_review'")),
        Index("ix_videos_published_at", "published_at"),
        Index("ix_videos_scheduled_at", "scheduled_at", postgresql_where=text("scheduled_at IS NOT NULL")),
        # Idempotency-Key: one video per key and user.
        Index("uq_videos_user_idempotency_key", "user_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
    )

    @property
    def settings(self) -> VideoSettings:
        """`video_config` as typed settings, defaults filled in."""
        return VideoSettings.from_stored(self.video_config)

    @property
    def job(self):
        """The latest generation job (a retry reuses the same job row)."""
        return self.jobs[-1] if self.jobs else None
