"""Channels: the YouTube channels a user runs."""
from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db

CHANNEL_STATUSES = ("active", "paused", "deleted")
MONETIZATION_STATUSES = ("pending", "eligible", "enabled", "suspended")


class Channel(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "channels"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    youtube_channel_id: Mapped[str] = mapped_column(String(100), nullable=False)
    channel_name: Mapped[str] = mapped_column(String(255), nullable=False)
    niche: Mapped[str] = mapped_column(String(100), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="active", default="active")
    monetization_status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="pending", default="pending")
    subscriber_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    total_views: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0", default=0)
    video_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    last_synced_at = mapped_column(DateTime(timezone=True))
    settings = mapped_column(JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    meta = mapped_column("metadata", JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)
    # The brand kit (ytempire.media.style); None until the owner saves one: the niche's style is used.
    style = mapped_column(JSONB)

    owner = relationship("User", back_populates="channels")
    # The OAuth grant, when the channel has been linked to YouTube (ytempire.youtube.models).
    youtube_credential = relationship("ChannelCredential", uselist=False, back_populates="channel")

    __table_args__ = (
        CheckConstraint(f"status IN {CHANNEL_STATUSES}", name="status_valid"),
        CheckConstraint(f"monetization_status IN {MONETIZATION_STATUSES}", name="monetization_valid"),
        # Typing an id reserves nothing (a verified link does, on channel_credentials); one account just
        # cannot have two live channels for one YouTube channel.
        Index("uq_channels_user_id_youtube_channel_id_live", "user_id", "youtube_channel_id", unique=True,
              postgresql_where=text("status <> 'deleted'")),
        Index("ix_channels_user_id", "user_id"),
        Index("ix_channels_status", "status"),
        Index("ix_channels_user_status", "user_id", "status"),
    )

    @property
    def target_audience(self) -> dict:
        return (self.settings or {}).get("target_audience", {})

    @property
    def monetization_enabled(self) -> bool:
        return self.monetization_status == "enabled"


BRAND_ASSET_KINDS = ("watermark", "clip")


class BrandAsset(UUIDPrimaryKey, Timestamps, db.Model):
    """A file a channel's style uses: a watermark PNG or an intro/outro clip, under
    STORAGE_PATH/brand/<user_id>/<channel_id>/."""

    __tablename__ = "brand_assets"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    channel_id = mapped_column(UUID(as_uuid=True), ForeignKey("channels.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)      # as uploaded
    path: Mapped[str] = mapped_column(String(1000), nullable=False)
    content_type: Mapped[str] = mapped_column(String(50), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    duration_seconds = mapped_column(Float)                                 # clips only

    __table_args__ = (
        CheckConstraint(f"kind IN {BRAND_ASSET_KINDS}", name="kind_valid"),
        Index("ix_brand_assets_channel_created", "channel_id", "created_at"),
    )
