"""Profile updates, usage and billing views, all from stored data."""
from decimal import Decimal

from sqlalchemy import func, select

from ytempire.auth.passwords import hash_password, verify_password
from ytempire.auth.service import commit_user, ensure_unique
from ytempire.auth.tokens import issue_tokens, revoke_sessions_before_now
from ytempire.billing.service import customer_portal_url
from ytempire.channels.models import Channel
from ytempire.common.timeutil import start_of_day, utcnow
from ytempire.errors import ValidationError
from ytempire.extensions import db
from ytempire.accounting.models import CostEntry
from ytempire.users.models import User
from ytempire.billing.tiers import subscription_status, user_limits
from ytempire.accounting.requests import generation_requests_since
from ytempire.videos.models import Video


class UpdatedProfile:
    """The user as UserSchema reads it, plus the new session's tokens after a password change."""

    def __init__(self, user: User, tokens: dict):
        self.user, self.tokens = user, tokens

    def __getattr__(self, name):
        return self.tokens[name] if name in self.tokens else getattr(self.user, name)


def update_profile(user: User, changes: dict) -> User | UpdatedProfile:
    """Apply a partial update. A password change signs out every session, the caller's too, and
    returns fresh tokens for the caller: whoever knew the old password is locked out at once."""
    ensure_unique(changes.get("email"), changes.get("username"), exclude_user_id=user.id)
    if "password" in changes:
        if not verify_password(changes["current_password"], user.password_hash):
            raise ValidationError(details=[{"field": "current_password", "message": "Current password is incorrect"}])
        user.password_hash = hash_password(changes["password"])
    for field in ("email", "username"):
        if field in changes:
            setattr(user, field, changes[field])
    commit_user()
    if "password" not in changes:
        return user
    revoke_sessions_before_now(user.id)
    return UpdatedProfile(user, issue_tokens(user))


def usage(user: User) -> dict:
    now = utcnow()
    month_start = start_of_day(now).replace(day=1)
    today = start_of_day(now)
    limits = user_limits(user)

    channel_counts = dict(db.session.execute(
        select(Channel.status, func.count()).where(Channel.user_id == user.id).group_by(Channel.status)
    ).all())
    by_status = dict(db.session.execute(
        select(Video.status, func.count()).where(Video.user_id == user.id, Video.created_at >= month_start)
        .group_by(Video.status)
    ).all())
    spend_by_stage = {stage: amount for stage, amount in db.session.execute(
        select(CostEntry.stage, func.sum(CostEntry.amount))
        .where(CostEntry.user_id == user.id, CostEntry.created_at >= month_start).group_by(CostEntry.stage)
    ).all()}
    spend_today = db.session.scalar(
        select(func.coalesce(func.sum(CostEntry.amount), 0)).where(
            CostEntry.user_id == user.id, CostEntry.created_at >= today)
    )
    period_total = sum(spend_by_stage.values(), Decimal(0))
    videos_this_period = sum(by_status.values())
    return {
        "period": {"start": month_start, "end": now},
        "channels": {"active": channel_counts.get("active", 0), "paused": channel_counts.get("paused", 0),
                     "limit": limits["max_channels"]},
        "videos": {"today": generation_requests_since(user.id, today), "this_period": videos_this_period,
                   "daily_limit": limits["max_videos_per_day"], "by_status": by_status},
        "cost": {"today": spend_today, "this_period": period_total, "by_stage": spend_by_stage,
                 "average_per_video": (period_total / videos_this_period) if videos_this_period else Decimal(0)},
        "limits": limits,
    }


def billing(user: User) -> dict:
    return {
        "subscription_tier": user.subscription_tier,
        "subscription_status": subscription_status(user),
        "subscription_expires_at": user.subscription_expires_at,
        "limits": user_limits(user),
        "stripe_customer_id": user.stripe_customer_id,
        "customer_portal_url": customer_portal_url(user),
    }
