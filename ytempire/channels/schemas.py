"""Bodies of /channels: create, update, list, statistics."""
from marshmallow import fields, validate

from ytempire.channels.models import CHANNEL_STATUSES
from ytempire.common.pagination import PaginationQuerySchema, PaginationSchema
from ytempire.common.schemas import BaseSchema, StrictBoolean, UTCDateTime

YOUTUBE_CHANNEL_ID = validate.Regexp(r"^[A-Za-z0-9_-]{3,100}$",
                                     error="YouTube channel id must be 3-100 letters, digits, '_' or '-'")


class TargetAudienceSchema(BaseSchema):
    age_range = fields.String(validate=validate.Regexp(r"^\d{1,2}(-\d{1,2}|\+)$", error="Use e.g. '18-34' or '65+'"))
    interests = fields.List(fields.String(validate=validate.Length(min=1, max=50)), validate=validate.Length(max=30))
    geography = fields.String(validate=validate.Length(min=2, max=100))


class YouTubeSettingsSchema(BaseSchema):
    """How uploads to this channel are declared to YouTube (used by the YouTube publisher)."""

    made_for_kids = StrictBoolean()
    contains_synthetic_media = StrictBoolean(metadata={"description": "altered/synthetic content disclosure"})
    category_id = fields.String(validate=validate.Regexp(r"^\d{1,3}$", error="A YouTube category id, e.g. '27'"))
    playlist_id = fields.String(allow_none=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{2,64}$"))


class ChannelCreateSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    niche = fields.String(required=True, validate=validate.Length(min=1, max=100))
    youtube_channel_id = fields.String(required=True, validate=YOUTUBE_CHANNEL_ID)
    target_audience = fields.Nested(TargetAudienceSchema, load_default=dict)
    youtube_settings = fields.Nested(YouTubeSettingsSchema, load_default=dict)


class ChannelUpdateSchema(BaseSchema):
    """Partial update; `status` may pause or reactivate (delete with DELETE)."""

    name = fields.String(validate=validate.Length(min=1, max=255))
    niche = fields.String(validate=validate.Length(min=1, max=100))
    youtube_channel_id = fields.String(validate=YOUTUBE_CHANNEL_ID)
    target_audience = fields.Nested(TargetAudienceSchema)
    youtube_settings = fields.Nested(YouTubeSettingsSchema)
    status = fields.String(validate=validate.OneOf(["active", "paused"]))


class YouTubeLinkSchema(BaseSchema):
    """The channel's YouTube grant as the user needs to see it: usable or not, and what limits it."""

    status = fields.String(metadata={"description": "not_linked, active, needs_reauth or revoked"})
    warnings = fields.List(fields.String(), metadata={"description": "e.g. 'unverified app: uploads forced private'"})
    linked_at = UTCDateTime(allow_none=True)


class YouTubeLinkField(fields.Nested):
    """The channel's credential through YouTubeLinkSchema; a channel without one reads `not_linked`."""

    NOT_LINKED = {"status": "not_linked", "warnings": [], "linked_at": None}

    def __init__(self, **kwargs):
        super().__init__(YouTubeLinkSchema, attribute="youtube_credential", **kwargs)

    def _serialize(self, credential, attr, obj, **kwargs):
        return super()._serialize(credential, attr, obj, **kwargs) if credential is not None else dict(self.NOT_LINKED)


class ChannelSchema(BaseSchema):
    id = fields.UUID()
    name = fields.String(attribute="channel_name")
    youtube_channel_id = fields.String()
    niche = fields.String()
    status = fields.String()
    subscriber_count = fields.Integer()
    video_count = fields.Integer()
    total_views = fields.Integer()
    monetization_enabled = StrictBoolean()
    monetization_status = fields.String()
    target_audience = fields.Dict()
    youtube_settings = fields.Function(lambda channel: (channel.settings or {}).get("youtube", {}))
    youtube_link = YouTubeLinkField(metadata={"description": "OAuth link to YouTube and its warnings"})
    last_synced_at = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class ChannelListQuerySchema(PaginationQuerySchema):
    status = fields.String(validate=validate.OneOf(CHANNEL_STATUSES))


class ChannelListSchema(BaseSchema):
    channels = fields.List(fields.Nested(ChannelSchema))
    pagination = fields.Nested(PaginationSchema)
