"""Outbound webhooks: a user's endpoints and every delivery with its attempts."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.extensions import db
from ytempire.common.secrets_at_rest import decrypt_text, encrypt_text

HOOK_EVENTS = ("video.completed", "video.failed", "video.published")
DELIVERY_STATUSES = ("pending", "succeeded", "failed")


class Webhook(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "webhooks"

    user_id = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    events = mapped_column(JSONB, nullable=False)
    # The signing secret only as Fernet ciphertext, like OAuth tokens; `secret` reads and writes it in clear.
    encrypted_secret: Mapped[str] = mapped_column(Text, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"), default=True)
    description = mapped_column(String(255))

    deliveries = relationship("WebhookDelivery", back_populates="webhook", cascade="all, delete-orphan",
                              passive_deletes=True)

    __table_args__ = (Index("ix_webhooks_user_id", "user_id"),)

    @property
    def secret(self) -> str:
        return decrypt_text(self.encrypted_secret)

    @secret.setter
    def secret(self, value: str) -> None:
        self.encrypted_secret = encrypt_text(value)


class WebhookDelivery(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "webhook_deliveries"

    webhook_id = mapped_column(UUID(as_uuid=True), ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False)
    event: Mapped[str] = mapped_column(String(50), nullable=False)
    payload = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="pending", default="pending")
    attempt_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    attempts = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    next_attempt_at = mapped_column(DateTime(timezone=True))
    delivered_at = mapped_column(DateTime(timezone=True))

    webhook = relationship("Webhook", back_populates="deliveries")

    __table_args__ = (
        CheckConstraint(f"status IN {DELIVERY_STATUSES}", name="status_valid"),
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
        Index("ix_webhook_deliveries_status", "status"),
    )
