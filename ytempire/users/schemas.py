"""Bodies of /users/me and its usage and billing views."""
from marshmallow import ValidationError, fields, validates_schema

from ytempire.auth.schemas import EmailField, NewPasswordField, UsernameField
from ytempire.common.schemas import BaseSchema, Money, StrictBoolean, UTCDateTime


class UserSchema(BaseSchema):
    id = fields.UUID()
    user_id = fields.Function(lambda user: str(user.id))
    email = fields.String()
    username = fields.String()
    subscription_tier = fields.String()
    subscription_expires_at = UTCDateTime(allow_none=True)
    status = fields.String()
    is_admin = StrictBoolean()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()
    last_login = UTCDateTime(allow_none=True)


class ProfileUpdateResponseSchema(UserSchema):
    """The profile; after a password change also the caller's new session (every older one is revoked)."""

    access_token = fields.String(metadata={"description": "Only after a password change"})
    refresh_token = fields.String(metadata={"description": "Only after a password change"})
    token_type = fields.String(metadata={"description": "Only after a password change"})
    expires_in = fields.Integer(metadata={"description": "Only after a password change"})


class UserUpdateSchema(BaseSchema):
    """Partial update; a new password needs the current one."""

    email = EmailField()
    username = UsernameField()
    password = NewPasswordField()
    current_password = fields.String(load_only=True)

    @validates_schema
    def _changes_something(self, data, **kwargs):
        # A form post, an empty body or only unknown keys would otherwise be a silent 200 that changed nothing.
        if not set(data) - {"current_password"}:
            raise ValidationError("Send a JSON object with at least one of: email, username, password")

    @validates_schema
    def _needs_current(self, data, **kwargs):
        if "password" in data and not data.get("current_password"):
            raise ValidationError("Current password is required to change the password", "current_password")


class LimitsSchema(BaseSchema):
    max_channels = fields.Integer()
    max_videos_per_day = fields.Integer()
    max_cost_per_video = Money()
    max_video_duration_seconds = fields.Integer()


class PeriodSchema(BaseSchema):
    start = UTCDateTime()
    end = UTCDateTime()


class ChannelUsageSchema(BaseSchema):
    active = fields.Integer()
    paused = fields.Integer()
    limit = fields.Integer()


class VideoUsageSchema(BaseSchema):
    today = fields.Integer()
    this_period = fields.Integer()
    daily_limit = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())


class CostUsageSchema(BaseSchema):
    today = Money()
    this_period = Money()
    average_per_video = Money()
    by_stage = fields.Dict(keys=fields.String(), values=Money())


class UsageSchema(BaseSchema):
    period = fields.Nested(PeriodSchema)
    channels = fields.Nested(ChannelUsageSchema)
    videos = fields.Nested(VideoUsageSchema)
    cost = fields.Nested(CostUsageSchema)
    limits = fields.Nested(LimitsSchema)


class BillingSchema(BaseSchema):
    subscription_tier = fields.String()
    subscription_status = fields.String()
    subscription_expires_at = UTCDateTime(allow_none=True)
    limits = fields.Nested(LimitsSchema)
    stripe_customer_id = fields.String(allow_none=True)
    customer_portal_url = fields.String(allow_none=True)
