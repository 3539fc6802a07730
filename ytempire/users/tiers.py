"""What each subscription tier allows, from configuration."""
from flask import current_app


def tier_limits(tier: str) -> dict:
    cfg = current_app.config
    daily = cfg["MAX_VIDEOS_PER_DAY_FREE"] if tier == "free" else cfg["MAX_VIDEOS_PER_DAY_PRO"]
    return {
        "max_channels": cfg["TIER_LIMITS"].get(tier, cfg["TIER_LIMITS"]["free"])["max_channels"],
        "max_videos_per_day": daily,
        "max_cost_per_video": cfg["MAX_COST_PER_VIDEO"],
        "max_video_duration_seconds": cfg["MAX_VIDEO_DURATION_SECONDS"],
    }
