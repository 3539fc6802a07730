"""Users: accounts, tiers and their state."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, DateTime, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db

TIERS = ("free", "starter", "professional", "enterprise")
USER_STATUSES = ("active", "suspended", "deleted")
# The one email rule: the database CHECK (migration 0001) and the API's EmailField both use it.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"


class User(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(255), nullable=False)
    username: Mapped[str] = mapped_column(String(50), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    subscription_tier: Mapped[str] = mapped_column(String(20), nullable=False, server_default="free", default="free")
    subscription_expires_at = mapped_column(DateTime(timezone=True))
    stripe_customer_id = mapped_column(String(255))
    last_login = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="active", default="active")
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"), default=False)
    meta = mapped_column("metadata", JSONB, nullable=False, server_default=text("'{}'::jsonb"), default=dict)

    channels = relationship("Channel", back_populates="owner", lazy="dynamic")

    __table_args__ = (
        CheckConstraint(f"email ~* '{EMAIL_PATTERN}'", name="email_format"),
        CheckConstraint("length(username) >= 3 AND length(username) <= 50", name="username_length"),
        CheckConstraint(f"subscription_tier IN {TIERS}", name="subscription_tier_valid"),
        CheckConstraint(f"status IN {USER_STATUSES}", name="status_valid"),
        # Email and username are unique regardless of case.
        Index("uq_users_email_lower", func.lower(email), unique=True),
        Index("uq_users_username_lower", func.lower(username), unique=True),
        Index("ix_users_status", "status"),
        Index("ix_users_subscription_tier", "subscription_tier"),
    )

    @property
    def is_active(self) -> bool:
        return self.status == "active"
