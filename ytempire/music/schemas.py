"""Bodies of /media/music."""
from marshmallow import fields

from ytempire.common.pagination import PaginationSchema
from ytempire.common.schemas import BaseSchema, UTCDateTime


class MusicUploadSchema(BaseSchema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                               "description": "MP3, M4A/AAC, WAV, OGG/Opus or FLAC"})


class MusicTrackSchema(BaseSchema):
    id = fields.UUID()
    title = fields.String()
    filename = fields.String()
    codec = fields.String()
    size_bytes = fields.Integer()
    duration_seconds = fields.Float()
    created_at = UTCDateTime()


class MusicListSchema(BaseSchema):
    tracks = fields.List(fields.Nested(MusicTrackSchema))
    pagination = fields.Nested(PaginationSchema)
