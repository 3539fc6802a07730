"""What each subscription tier allows, and which tier applies to a user right now."""
from flask import current_app

from ytempire.common.timeutil import utcnow


def tier_limits(tier: str) -> dict:
    """The limits of a tier by name (see effective_tier for a user's)."""
    cfg = current_app.config
    daily = cfg["MAX_VIDEOS_PER_DAY_FREE"] if tier == "free" else cfg["MAX_VIDEOS_PER_DAY_PRO"]
    return {
        "max_channels": cfg["TIER_LIMITS"].get(tier, cfg["TIER_LIMITS"]["free"])["max_channels"],
        "max_videos_per_day": daily,
        "max_cost_per_video": cfg["MAX_COST_PER_VIDEO"],
        "max_video_duration_seconds": cfg["MAX_VIDEO_DURATION_SECONDS"],
    }


def subscription_status(user) -> str:
    """'free', 'active', or 'expired' once a paid subscription's end has passed."""
    if user.subscription_tier == "free":
        return "free"
    expires = user.subscription_expires_at
    return "expired" if expires is not None and expires <= utcnow() else "active"


def effective_tier(user) -> str:
    """The tier whose limits apply now: an expired paid subscription gets free-tier limits.

    The stored tier is kept (Stripe may still renew it); only what it allows lapses.
    """
    return "free" if subscription_status(user) == "expired" else user.subscription_tier


def user_limits(user) -> dict:
    """The limits that apply to this user now; every limit check should read them from here."""
    return tier_limits(effective_tier(user))
