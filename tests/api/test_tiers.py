"""A user's effective tier: a paid tier whose subscription has expired gets free-tier limits."""
import uuid
from datetime import timedelta

import pytest

from tests.helpers import set_tier
from ytempire.common.timeutil import utcnow
from ytempire.extensions import db as _db
from ytempire.users.models import User
from ytempire.billing.tiers import effective_tier, subscription_status, user_limits

ME = "/api/v1/users/me"


def _expire(app, user_id, when):
    with app.app_context():
        _db.session.get(User, uuid.UUID(user_id)).subscription_expires_at = when
        _db.session.commit()
        _db.session.remove()


@pytest.mark.parametrize("tier, expires_in, status, effective", [
    ("free", None, "free", "free"),
    ("professional", None, "active", "professional"),
    ("professional", timedelta(days=3), "active", "professional"),
    ("professional", timedelta(seconds=-1), "expired", "free"),
    ("enterprise", timedelta(days=-30), "expired", "free"),
])
def test_effective_tier_follows_the_subscription_end(app, tier, expires_in, status, effective):
    user = User(subscription_tier=tier, subscription_expires_at=utcnow() + expires_in if expires_in else None)
    with app.app_context():
        assert subscription_status(user) == status
        assert effective_tier(user) == effective
        assert user_limits(user)["max_channels"] == app.config["TIER_LIMITS"][effective]["max_channels"]


def test_expired_paid_subscription_shows_free_limits_in_billing_and_usage(app, user):
    set_tier(app, user.user_id, "professional")
    _expire(app, user.user_id, utcnow() - timedelta(minutes=1))
    billing = user.get(f"{ME}/billing").get_json()
    assert billing["subscription_tier"] == "professional" and billing["subscription_status"] == "expired"
    assert billing["limits"]["max_channels"] == 1
    assert billing["limits"]["max_videos_per_day"] == app.config["MAX_VIDEOS_PER_DAY_FREE"]
    usage = user.get(f"{ME}/usage").get_json()
    assert usage["channels"]["limit"] == 1 and usage["videos"]["daily_limit"] == app.config["MAX_VIDEOS_PER_DAY_FREE"]


def test_paid_subscription_before_its_end_keeps_paid_limits(app, user):
    set_tier(app, user.user_id, "professional")
    _expire(app, user.user_id, utcnow() + timedelta(days=1))
    billing = user.get(f"{ME}/billing").get_json()
    assert billing["subscription_status"] == "active" and billing["limits"]["max_channels"] == 20
    assert user.get(f"{ME}/usage").get_json()["videos"]["daily_limit"] == app.config["MAX_VIDEOS_PER_DAY_PRO"]


def test_expired_professional_user_creating_a_second_channel_is_403(app, user):
    set_tier(app, user.user_id, "professional")
    _expire(app, user.user_id, utcnow() - timedelta(minutes=1))
    first = user.post("/api/v1/channels", json={"name": "One", "niche": "tech", "youtube_channel_id": "UC_exp_one"})
    assert first.status_code == 201
    second = user.post("/api/v1/channels", json={"name": "Two", "niche": "tech", "youtube_channel_id": "UC_exp_two"})
    assert second.status_code == 403
    assert second.get_json()["error"]["code"] == "CHANNEL_LIMIT_EXCEEDED"
    assert "free tier" in second.get_json()["error"]["message"]
