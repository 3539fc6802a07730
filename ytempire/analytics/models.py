"""Daily analytics snapshots: one row per video (or channel) and day, upserted by the sync."""
from __future__ import annotations

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, Numeric, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import mapped_column

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db


class VideoDailyStat(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "video_daily_stats"

    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="CASCADE"), nullable=False)
    day = mapped_column(Date, nullable=False)
    views = mapped_column(BigInteger, nullable=False, server_default="0", default=0)
    likes = mapped_column(Integer, nullable=False, server_default="0", default=0)
    comments = mapped_column(Integer, nullable=False, server_default="0", default=0)
    watch_time_minutes = mapped_column(Numeric(14, 2), nullable=False, server_default="0", default=0)
    estimated_revenue = mapped_column(Numeric(12, 4), nullable=False, server_default="0", default=0)

    __table_args__ = (
        UniqueConstraint("video_id", "day", name="uq_video_daily_stats_video_id"),
        Index("ix_video_daily_stats_day", "day"),
    )


class ChannelDailyStat(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "channel_daily_stats"

    channel_id = mapped_column(UUID(as_uuid=True), ForeignKey("channels.id", ondelete="CASCADE"), nullable=False)
    day = mapped_column(Date, nullable=False)
    views = mapped_column(BigInteger, nullable=False, server_default="0", default=0)
    subscribers_gained = mapped_column(Integer, nullable=False, server_default="0", default=0)
    subscribers_lost = mapped_column(Integer, nullable=False, server_default="0", default=0)
    estimated_revenue = mapped_column(Numeric(12, 4), nullable=False, server_default="0", default=0)
    # Lifetime subscriber count as read on that day (Data API), when known.
    subscriber_count = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("channel_id", "day", name="uq_channel_daily_stats_channel_id"),
        Index("ix_channel_daily_stats_day", "day"),
    )
