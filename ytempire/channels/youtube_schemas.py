"""Bodies of the YouTube linking endpoints (in the reference's style: snake_case, UTC times with Z)."""
from marshmallow import fields

from ytempire.common.schemas import BaseSchema, UTCDateTime


class OAuthStartSchema(BaseSchema):
    authorization_url = fields.String()
    state = fields.String()


class OAuthCallbackQuerySchema(BaseSchema):
    """Google redirects with `code` and `state`, or with `error` when the user declined."""

    code = fields.String()
    state = fields.String(required=True, metadata={"description": "The signed state from /oauth/start"})
    error = fields.String()


class ChannelLinkSchema(BaseSchema):
    channel_id = fields.UUID()
    youtube_channel_id = fields.Function(lambda credential: credential.channel.youtube_channel_id)
    status = fields.String()
    warnings = fields.List(fields.String())
    linked_at = UTCDateTime()
