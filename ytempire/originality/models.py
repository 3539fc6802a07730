"""One fingerprint per finished video; the guard compares a new video with its owner's rows."""
from __future__ import annotations

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import mapped_column

from ytempire.extensions import db


class VideoFingerprint(db.Model):
    __tablename__ = "video_fingerprints"

    video_id = mapped_column(UUID(as_uuid=True), ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True)
    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    channel_id = mapped_column(UUID(as_uuid=True), nullable=False)
    title = mapped_column(String(500), nullable=False)
    script_signature = mapped_column(LargeBinary, nullable=False)       # MinHash, NUM_PERM uint32
    script_bands = mapped_column(ARRAY(BigInteger), nullable=False)     # LSH band keys, found by GIN
    visuals = mapped_column(ARRAY(Text), nullable=False, server_default=text("'{}'"), default=list)
    thumbnail_hash = mapped_column(BigInteger)                          # dHash; None: no thumbnail
    created_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())

    __table_args__ = (
        Index("ix_video_fingerprints_user_created", "user_id", "created_at"),
        # fastupdate off: a pending list would be scanned linearly by every check until vacuum.
        Index("ix_video_fingerprints_script_bands", "script_bands", postgresql_using="gin",
              postgresql_with={"fastupdate": "off"}),
        Index("ix_video_fingerprints_visuals", "visuals", postgresql_using="gin", postgresql_with={"fastupdate": "off"}),
    )
