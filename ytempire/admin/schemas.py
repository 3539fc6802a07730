"""Bodies of /admin."""
from marshmallow import ValidationError, fields, validate, validates_schema

from ytempire.common.pagination import PaginationQuerySchema, PaginationSchema
from ytempire.common.schemas import BaseSchema, Money, StrictBoolean, UTCDateTime
from ytempire.users.models import TIERS, USER_STATUSES
from ytempire.users.schemas import UserSchema


class AdminUserListQuerySchema(PaginationQuerySchema):
    search = fields.String(validate=validate.Length(min=1, max=255))
    tier = fields.String(validate=validate.OneOf(TIERS))
    status = fields.String(validate=validate.OneOf(USER_STATUSES))


class AdminUserSchema(BaseSchema):
    user = fields.Nested(UserSchema)
    channel_count = fields.Integer()
    videos_this_month = fields.Integer()
    spend_this_month = Money()


class AdminUserListSchema(BaseSchema):
    users = fields.List(fields.Nested(AdminUserSchema))
    pagination = fields.Nested(PaginationSchema)


class AdminUserUpdateSchema(BaseSchema):
    status = fields.String(validate=validate.OneOf(("active", "suspended")))
    subscription_tier = fields.String(validate=validate.OneOf(TIERS))
    is_admin = StrictBoolean()

    @validates_schema
    def _changes_something(self, data, **kwargs):
        # An empty body (or only unknown keys) would otherwise be a silent 200 that changed nothing.
        if not data:
            raise ValidationError("Send a JSON object with at least one of: status, subscription_tier, is_admin")


class StageDurationSchema(BaseSchema):
    stage = fields.String()
    p50_seconds = fields.Float()
    p95_seconds = fields.Float()
    samples = fields.Integer()


class SpendSchema(BaseSchema):
    today = Money()
    budget = Money()
    budget_used_percent = fields.Float(allow_none=True)
    budget_reached = StrictBoolean(metadata={"description": "paid stages wait until paid_stages_resume_at"})
    paid_stages_resume_at = UTCDateTime(allow_none=True)
    jobs_waiting_for_budget = fields.Integer()
    reason = fields.String(allow_none=True)


class WindowSchema(BaseSchema):
    start = UTCDateTime()
    end = UTCDateTime()


class QuotaRowSchema(BaseSchema):
    credential = fields.String()
    bucket = fields.String()
    used = fields.Integer()
    limit = fields.Integer()
    quota_day = fields.String()
    scheme = fields.String()
    resets_at = UTCDateTime()


class SystemMetricsSchema(BaseSchema):
    window = fields.Nested(WindowSchema)
    jobs_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    stage_durations = fields.List(fields.Nested(StageDurationSchema))
    failures = fields.Dict()
    retries = fields.Integer()
    spend = fields.Nested(SpendSchema)
    youtube_quota = fields.List(fields.Nested(QuotaRowSchema))
    # needs_review: videos waiting for a person now; held_24h: holds in the window (near-duplicates and review mode)
    review_holds = fields.Dict(keys=fields.String(), values=fields.Integer())
