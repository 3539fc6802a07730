"""Bodies of /videos (reference §8.1 Video Generation)."""
from datetime import timezone

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ytempire.common.pagination import PaginationQuerySchema, PaginationSchema
from ytempire.common.schemas import BaseSchema, Money, UTCDateTime
from ytempire.pipeline.stages import STAGES
from ytempire.providers.visuals import VISUALS_KINDS
from ytempire.text.script_shape import MIN_DURATION_SECONDS
from ytempire.videos.models import PUBLISH_MODES, VIDEO_STATUSES

VIDEO_FORMATS = ("landscape", "landscape_1080p", "shorts")
STYLES = ("educational", "entertaining", "informative", "storytelling", "review", "news", "tutorial", "casual")
PRIVACY = ("private", "unlisted", "public")


class LanguageField(fields.String):
    """A BCP-47 code we can script, speak and subtitle; the error lists the supported ones."""

    def _deserialize(self, value, attr, data, **kwargs):
        from ytempire.text.languages import UnsupportedLanguage, resolve_language

        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            return resolve_language(value)
        except UnsupportedLanguage as error:
            raise ValidationError(str(error)) from error


class VideoConfigSchema(BaseSchema):
    duration = fields.Integer(load_default=60, validate=validate.Range(
        min=MIN_DURATION_SECONDS, error=f"Must be at least {MIN_DURATION_SECONDS} seconds, the shortest video whose "
                                        f"narration the pipeline can fit to the asked length"))
    voice = fields.String(load_default="professional-male", validate=validate.Length(min=1, max=50))
    language = LanguageField(load_default="en-US")
    style = fields.String(load_default="educational", validate=validate.OneOf(STYLES))
    format = fields.String(load_default="landscape", validate=validate.OneOf(VIDEO_FORMATS))
    use_gpu = fields.Boolean(load_default=False)
    visuals = fields.String(load_default="auto", validate=validate.OneOf(VISUALS_KINDS), metadata={
        "description": "auto: stock footage if a library key is set, else AI images if enabled, else offline "
                       "scenes; stock | ai_images | slides ask for one (400 when it is not configured)"})


class MonetizationSchema(BaseSchema):
    enable_ads = fields.Boolean(load_default=True)
    affiliate_links = fields.Boolean(load_default=False)


class GenerateVideoSchema(BaseSchema):
    channel_id = fields.UUID(required=True)
    title = fields.String(validate=validate.Length(min=1, max=100))
    topic = fields.String(required=True, validate=validate.Length(min=3, max=500))
    video_config = fields.Nested(VideoConfigSchema, load_default=lambda: VideoConfigSchema().load({}))
    monetization = fields.Nested(MonetizationSchema, load_default=lambda: MonetizationSchema().load({}))
    publish = fields.String(load_default="auto", validate=validate.OneOf(PUBLISH_MODES))
    scheduled_at = fields.AwareDateTime(default_timezone=timezone.utc)
    privacy_status = fields.String(load_default="private", validate=validate.OneOf(PRIVACY))

    @validates("topic")
    def _topic_not_blank(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Topic must not be blank")

    @validates_schema
    def _schedule(self, data, **kwargs):
        from ytempire.common.timeutil import utcnow

        if data.get("publish") == "scheduled":
            if not data.get("scheduled_at"):
                raise ValidationError("scheduled_at is required when publish is 'scheduled'", "scheduled_at")
            if data["scheduled_at"] <= utcnow():
                raise ValidationError("scheduled_at must be in the future", "scheduled_at")
        elif data.get("scheduled_at"):
            raise ValidationError("scheduled_at is only allowed when publish is 'scheduled'", "scheduled_at")


class GenerateVideoResponseSchema(BaseSchema):
    job_id = fields.UUID()
    video_id = fields.UUID()
    status = fields.String()
    estimated_completion = UTCDateTime()
    estimated_cost = Money()
    queue_position = fields.Integer()


class VideoStatusSchema(BaseSchema):
    video_id = fields.UUID()
    job_id = fields.UUID(allow_none=True)
    status = fields.String()
    progress = fields.Integer()
    current_stage = fields.String(allow_none=True)
    stages_completed = fields.List(fields.String())
    stages_remaining = fields.List(fields.String())
    error = fields.Dict(allow_none=True)
    deferred_until = UTCDateTime(allow_none=True)     # only while the job waits for YouTube quota
    deferred_reason = fields.String(allow_none=True)
    updated_at = UTCDateTime()


class VideoSchema(BaseSchema):
    id = fields.UUID()
    channel_id = fields.UUID()
    job_id = fields.Function(lambda video: str(video.job.id) if video.job else None)
    title = fields.String()
    topic = fields.String()
    description = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    language = fields.String()
    video_config = fields.Dict()
    monetization = fields.Dict()
    status = fields.String()
    progress = fields.Function(lambda video: video.job.progress if video.job else 0)
    publish_mode = fields.String()
    privacy_status = fields.String()
    youtube_video_id = fields.String(allow_none=True)
    thumbnail_url = fields.String(allow_none=True)
    video_url = fields.Function(lambda v: f"/api/v1/videos/{v.id}/download" if v.video_path else None)
    duration_seconds = fields.Float(allow_none=True)
    estimated_cost = Money(allow_none=True)
    generation_cost = Money(allow_none=True)
    processing_time_seconds = fields.Integer(allow_none=True)
    view_count = fields.Integer()
    like_count = fields.Integer()
    comment_count = fields.Integer()
    estimated_revenue = Money()
    scheduled_at = UTCDateTime(allow_none=True)
    published_at = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class VideoUpdateSchema(BaseSchema):
    title = fields.String(validate=validate.Length(min=1, max=100))
    description = fields.String(validate=validate.Length(max=5000))
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=100)), validate=validate.Length(max=50))
    privacy_status = fields.String(validate=validate.OneOf(PRIVACY))
    scheduled_at = fields.AwareDateTime(allow_none=True, default_timezone=timezone.utc)


SORTABLE = ("created_at", "-created_at", "title", "-title", "status", "-status", "published_at", "-published_at")


class VideoListQuerySchema(PaginationQuerySchema):
    channel_id = fields.UUID()
    status = fields.String(validate=validate.OneOf(VIDEO_STATUSES))
    created_after = fields.AwareDateTime(default_timezone=timezone.utc)
    created_before = fields.AwareDateTime(default_timezone=timezone.utc)
    sort = fields.String(load_default="-created_at", validate=validate.OneOf(SORTABLE))
    cursor = fields.String(validate=validate.Length(max=200))

    @validates_schema
    def _range(self, data, **kwargs):
        if data.get("created_after") and data.get("created_before") and data["created_before"] < data["created_after"]:
            raise ValidationError("created_before must not be earlier than created_after", "created_before")


class VideoListSchema(BaseSchema):
    videos = fields.List(fields.Nested(VideoSchema))
    pagination = fields.Nested(PaginationSchema)
    next_cursor = fields.String(allow_none=True)


class PublishSchema(BaseSchema):
    scheduled_at = fields.AwareDateTime(default_timezone=timezone.utc)
    privacy_status = fields.String(validate=validate.OneOf(PRIVACY))


class VideoCostSchema(BaseSchema):
    video_id = fields.UUID()
    script_generation = Money()
    voice_synthesis = Money()
    video_processing = Money()
    total_cost = Money()
    estimated_cost = Money(allow_none=True)
    entries = fields.List(fields.Dict())


__all__ = ["STAGES"]


MAX_BATCH_ITEMS = 50


class GenerateBatchSchema(BaseSchema):
    items = fields.List(fields.Nested(GenerateVideoSchema), required=True,
                        validate=validate.Length(min=1, max=MAX_BATCH_ITEMS))


class BatchItemSchema(BaseSchema):
    job_id = fields.UUID()
    video_id = fields.UUID()
    status = fields.String()
    estimated_cost = Money()


class GenerateBatchResponseSchema(BaseSchema):
    jobs = fields.List(fields.Nested(BatchItemSchema))
    count = fields.Integer()
    estimated_cost = Money()
