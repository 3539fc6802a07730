"""The YouTube quota ledger: units used per credential, Pacific-time day and bucket."""
from sqlalchemy import Date, DateTime, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ytempire.common.models import UUIDPrimaryKey
from ytempire.extensions import db


class QuotaUsage(UUIDPrimaryKey, db.Model):
    __tablename__ = "youtube_quota_usage"

    credential: Mapped[str] = mapped_column(String(200), nullable=False)
    quota_day = mapped_column(Date, nullable=False)
    bucket: Mapped[str] = mapped_column(String(50), nullable=False)
    units_used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    units_limit: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now(),
                               onupdate=func.now())

    __table_args__ = (UniqueConstraint("credential", "quota_day", "bucket", name="uq_quota_credential_day_bucket"),)
