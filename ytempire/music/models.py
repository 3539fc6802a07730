"""A user's uploaded music track; the file lives under STORAGE_PATH/music/<user_id>/."""
from __future__ import annotations

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db


class MusicTrack(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "music_tracks"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)      # as uploaded
    path: Mapped[str] = mapped_column(String(1000), nullable=False)
    codec: Mapped[str] = mapped_column(String(30), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    duration_seconds: Mapped[float] = mapped_column(Float, nullable=False)

    __table_args__ = (Index("ix_music_tracks_user_created", "user_id", "created_at"),)
