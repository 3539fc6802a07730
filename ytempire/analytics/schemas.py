"""Bodies of /analytics: overview, per channel, per video, revenue."""
from datetime import date, datetime, timedelta, timezone

from marshmallow import ValidationError, fields

from ytempire.common.schemas import BaseSchema, Money, UTCDateTime

# YouTube's first day (the first upload, 2005-04-23): no analytics can predate it. The bound also keeps
# window arithmetic (end - 30 days) far from date.min, where it would overflow.
FIRST_DAY = date(2005, 4, 23)
MAX_DAYS_AHEAD = 366


class DayField(fields.Field):
    """ISO 8601 date or date-time (`2025-01-09` or `2025-01-09T10:00:00Z`), loaded as its UTC calendar day.

    Days outside [2005-04-23, today + 1 year] are refused, so a query can never name a day we cannot hold.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        day = self._parse(value)
        latest = datetime.now(timezone.utc).date() + timedelta(days=MAX_DAYS_AHEAD)
        if not FIRST_DAY <= day <= latest:
            raise ValidationError(f"Must be between {FIRST_DAY.isoformat()} and {latest.isoformat()}.")
        return day

    @staticmethod
    def _parse(value) -> date:
        if not isinstance(value, str):
            raise ValidationError("Not a valid ISO 8601 date.")
        try:
            if "T" not in value and " " not in value:
                return date.fromisoformat(value)
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise ValidationError("Not a valid ISO 8601 date.") from error
        # An offset names a UTC instant: 2025-01-09T23:30:00-05:00 is 2025-01-10 in UTC, our days' zone.
        return moment.astimezone(timezone.utc).date() if moment.tzinfo else moment.date()

    def _serialize(self, value, attr, obj, **kwargs):
        return value.isoformat() if value else None


class WindowQuerySchema(BaseSchema):
    start_date = DayField()
    end_date = DayField()


class OverviewQuerySchema(WindowQuerySchema):
    channel_id = fields.UUID()


class AnalyticsPeriodSchema(BaseSchema):
    start = UTCDateTime()
    end = UTCDateTime()


class SummarySchema(BaseSchema):
    total_views = fields.Integer()
    total_revenue = Money()
    subscriber_growth = fields.Integer()
    videos_published = fields.Integer()
    engagement_rate = fields.Float()


class ChannelOverviewSchema(BaseSchema):
    channel_id = fields.UUID()
    views = fields.Integer()
    revenue = Money()
    subscribers_gained = fields.Integer()


class OverviewSchema(BaseSchema):
    period = fields.Nested(AnalyticsPeriodSchema)
    summary = fields.Nested(SummarySchema)
    channels = fields.List(fields.Nested(ChannelOverviewSchema))


class ChannelDaySchema(BaseSchema):
    date = DayField()
    views = fields.Integer()
    revenue = Money()
    subscribers_gained = fields.Integer()
    subscribers_lost = fields.Integer()
    subscriber_count = fields.Integer()


class ChannelTotalsSchema(BaseSchema):
    views = fields.Integer()
    revenue = Money()
    subscriber_growth = fields.Integer()


class ChannelSeriesSchema(BaseSchema):
    channel_id = fields.UUID()
    period = fields.Nested(AnalyticsPeriodSchema)
    days = fields.List(fields.Nested(ChannelDaySchema))
    totals = fields.Nested(ChannelTotalsSchema)


class VideoDaySchema(BaseSchema):
    date = DayField()
    views = fields.Integer()
    likes = fields.Integer()
    comments = fields.Integer()
    watch_time_minutes = fields.Float()
    revenue = Money()


class VideoTotalsSchema(BaseSchema):
    views = fields.Integer()
    revenue = Money()
    engagement_rate = fields.Float()


class VideoSeriesSchema(BaseSchema):
    video_id = fields.UUID()
    period = fields.Nested(AnalyticsPeriodSchema)
    days = fields.List(fields.Nested(VideoDaySchema))
    totals = fields.Nested(VideoTotalsSchema)


class ProfitSchema(BaseSchema):
    revenue = Money()
    cost = Money()
    profit = Money()


class ChannelProfitSchema(ProfitSchema):
    channel_id = fields.UUID()
    videos = fields.Integer()


class VideoProfitSchema(ProfitSchema):
    video_id = fields.UUID()
    channel_id = fields.UUID()
    title = fields.String()


class RevenueSchema(BaseSchema):
    period = fields.Nested(AnalyticsPeriodSchema)
    totals = fields.Nested(ProfitSchema)
    channels = fields.List(fields.Nested(ChannelProfitSchema))
    videos = fields.List(fields.Nested(VideoProfitSchema))
