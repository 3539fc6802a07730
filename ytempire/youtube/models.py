"""Tables of the youtube feature: a channel's OAuth grant (encrypted) and its PubSubHubbub lease."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ytempire.common.models import Timestamps, UUIDPrimaryKey
from ytempire.common.timeutil import utcnow
from ytempire.extensions import db

CREDENTIAL_STATUSES = ("active", "needs_reauth", "revoked")
HUB_MODES = ("subscribe", "unsubscribe")


class ChannelCredential(UUIDPrimaryKey, Timestamps, db.Model):
    """One OAuth grant per channel. The token JSON is stored only as Fernet ciphertext."""

    __tablename__ = "channel_credentials"

    channel_id = mapped_column(UUID(as_uuid=True), ForeignKey("channels.id", ondelete="CASCADE"), nullable=False,
                               unique=True)
    encrypted_token: Mapped[str] = mapped_column(Text, nullable=False)
    # The YouTube channel Google confirmed this grant is for: the one claim on that id among all accounts.
    youtube_channel_id: Mapped[str] = mapped_column(String(100), nullable=False)
    # The quota ledger's credential name: quota belongs to the Google Cloud project (its OAuth client).
    google_project: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="active", default="active")
    warnings = mapped_column(JSONB, nullable=False, server_default=text("'[]'::jsonb"), default=list)
    # When the user last granted access (updated_at also moves with every token refresh).
    linked_at = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now(), default=utcnow)

    channel = relationship("Channel", back_populates="youtube_credential")

    __table_args__ = (CheckConstraint(f"status IN {CREDENTIAL_STATUSES}", name="status_valid"),
                      Index("uq_channel_credentials_youtube_channel_id", "youtube_channel_id", unique=True))

    def add_warning(self, warning: str) -> None:
        if warning not in (self.warnings or []):
            self.warnings = [*(self.warnings or []), warning]


class PubSubSubscription(UUIDPrimaryKey, Timestamps, db.Model):
    """Our subscription to a channel's upload feed at the hub; one global secret signs deliveries."""

    __tablename__ = "pubsub_subscriptions"

    channel_id = mapped_column(UUID(as_uuid=True), ForeignKey("channels.id", ondelete="CASCADE"), nullable=False)
    topic_url: Mapped[str] = mapped_column(String(500), nullable=False, unique=True)
    lease_expires_at = mapped_column(DateTime(timezone=True))
    verified_at = mapped_column(DateTime(timezone=True))
    # Our last request to the hub, pending until the hub verifies it; only then is a verification honoured.
    requested_mode = mapped_column(String(20))
    requested_at = mapped_column(DateTime(timezone=True))
    # The hub refused the subscription (hub.mode=denied): when and why, as it told us.
    denied_at = mapped_column(DateTime(timezone=True))
    denied_reason = mapped_column(String(500))

    channel = relationship("Channel")

    __table_args__ = (
        CheckConstraint(f"requested_mode IN {HUB_MODES}", name="requested_mode_valid"),
        Index("ix_pubsub_subscriptions_channel_id", "channel_id"),
        Index("ix_pubsub_subscriptions_lease_expires_at", "lease_expires_at"),
    )
