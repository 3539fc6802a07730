"""Bodies of /videos: generation requests, receipts, status, lists, costs."""

from flask import current_app
from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ytempire.common.pagination import PaginationQuerySchema, PaginationSchema
from ytempire.common.schemas import BaseSchema, Money, QueryBoolean, StrictBoolean, UTCDateTime, loaded_defaults
from ytempire.common.timeutil import utcnow
from ytempire.text.languages import UnsupportedLanguage, resolve_language
from ytempire.common.uuids import parse_uuid
from ytempire.media.captions import CAPTION_MODES
from ytempire.providers.visuals import VISUALS_KINDS
from ytempire.text.script_shape import MIN_DURATION_SECONDS
from ytempire.videos.models import PUBLISH_MODES, VIDEO_STATUSES, VideoSettings

YOUTUBE_WATCH_URL = "https://www.youtube.com/watch?v={}"


def published_url(video) -> str | None:
    """YouTube's watch page, or for the local publisher this API's own download URL."""
    if video.publish_target == "youtube" and video.youtube_video_id:
        return YOUTUBE_WATCH_URL.format(video.youtube_video_id)
    if video.publish_target == "local":
        return f"{current_app.config['APP_URL'].rstrip('/')}/api/v1/videos/{video.id}/download"
    return None

VIDEO_FORMATS = ("landscape", "landscape_1080p", "shorts")
STYLES = ("educational", "entertaining", "informative", "storytelling", "review", "news", "tutorial", "casual")
PRIVACY = ("private", "unlisted", "public")


class LanguageField(fields.String):
    """A BCP-47 code we can script, speak and subtitle; the error lists the supported ones."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            return resolve_language(value)
        except UnsupportedLanguage as error:
            raise ValidationError(str(error)) from error


class VideoConfigSchema(BaseSchema):
    duration = fields.Integer(load_default=VideoSettings.duration, validate=validate.Range(
        min=MIN_DURATION_SECONDS, error=f"Must be at least {MIN_DURATION_SECONDS} seconds, the shortest video whose "
                                        f"narration the pipeline can fit to the asked length"))
    # voice, music and visuals left out take the channel style's defaults, else VideoSettings' (videos.service).
    voice = fields.String(validate=validate.Length(min=1, max=50), metadata={
        "description": f"Left out: the channel style's default_voice, else `{VideoSettings.voice}`"})
    language = LanguageField(load_default=VideoSettings.language)
    style = fields.String(load_default=VideoSettings.style, validate=validate.OneOf(STYLES))
    format = fields.String(load_default=VideoSettings.format, validate=validate.OneOf(VIDEO_FORMATS))
    use_gpu = StrictBoolean(load_default=VideoSettings.use_gpu)
    captions = fields.String(load_default=VideoSettings.captions, validate=validate.OneOf(CAPTION_MODES), metadata={
        "description": "Burned-in captions: `word` (the spoken word highlighted), `sentence`, or `none`; "
                       "the MP4 carries a soft subtitle track in every mode"})
    captions_upload = StrictBoolean(load_default=VideoSettings.captions_upload, metadata={
        "description": "Also upload the captions to YouTube (captions.insert, 400 quota units)"})
    music = fields.String(allow_none=True, validate=validate.Length(max=36), metadata={
        "description": "A music track id from GET /media/music, `auto` (one of your tracks), or null for none; "
                       "left out: the channel style's default_music, else none"})

    @validates("music")
    def _music_is_auto_or_an_id(self, value, **kwargs):
        if value is not None and value != "auto" and parse_uuid(value) is None:
            raise ValidationError("Must be 'auto' or the id of one of your music tracks")
    visuals = fields.String(validate=validate.OneOf(VISUALS_KINDS), metadata={
        "description": "auto: stock footage if a library key is set, else AI images if enabled, else offline "
                       "scenes; stock | ai_images | slides ask for one (400 when it is not configured); "
                       "left out: the channel style's default_visuals, else `auto`"})


class MonetizationSchema(BaseSchema):
    enable_ads = StrictBoolean(load_default=True)
    affiliate_links = StrictBoolean(load_default=False)


class GenerateVideoSchema(BaseSchema):
    channel_id = fields.UUID(required=True)
    title = fields.String(validate=validate.Length(min=1, max=100))
    topic = fields.String(required=True, validate=validate.Length(min=3, max=500))
    video_config = fields.Nested(VideoConfigSchema, load_default=loaded_defaults(VideoConfigSchema))
    monetization = fields.Nested(MonetizationSchema, load_default=loaded_defaults(MonetizationSchema))
    publish = fields.String(load_default="auto", validate=validate.OneOf(PUBLISH_MODES))
    scheduled_at = UTCDateTime()
    privacy_status = fields.String(load_default="private", validate=validate.OneOf(PRIVACY))

    @validates("topic")
    def _topic_not_blank(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Topic must not be blank")

    @validates_schema
    def _schedule(self, data, **kwargs):
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
    deferred_until = UTCDateTime(allow_none=True)     # only while the job waits (YouTube quota, daily spend budget)
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
    publish_target = fields.String(allow_none=True, metadata={
        "description": "youtube, or local: the offline publisher kept it on this server (no YouTube id)"})
    published_url = fields.Function(published_url, allow_none=True, metadata={
        "description": "where the published video is watched: YouTube, or this API's download URL"})
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
    # score (1 = original), script_similarity, visual_reuse, held, reasons, closest videos, checked_at
    originality = fields.Dict(allow_none=True)
    made_with = fields.Dict(allow_none=True)      # provider of the script, voice, visuals and music
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class VideoDeleteQuerySchema(BaseSchema):
    delete_from_youtube = QueryBoolean(load_default=False, metadata={
        "description": "also delete the upload on YouTube (videos.delete, 50 quota units); ignored for a video "
                       "that never reached YouTube"})


class VideoUpdateSchema(BaseSchema):
    title = fields.String(validate=validate.Length(min=1, max=100))
    description = fields.String(validate=validate.Length(max=5000))
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=100)), validate=validate.Length(max=50))
    privacy_status = fields.String(validate=validate.OneOf(PRIVACY))
    scheduled_at = UTCDateTime(allow_none=True)


CURSOR_PATTERN = r"^[A-Za-z0-9_-]+={0,2}$"
SORTABLE = ("created_at", "-created_at", "title", "-title", "status", "-status", "published_at", "-published_at")


class VideoListQuerySchema(PaginationQuerySchema):
    channel_id = fields.UUID()
    status = fields.String(validate=validate.OneOf(VIDEO_STATUSES))
    needs_review = QueryBoolean(metadata={"description": "true: only videos held for review; false: none"})
    created_after = UTCDateTime()
    created_before = UTCDateTime()
    sort = fields.String(load_default="-created_at", validate=validate.OneOf(SORTABLE))
    cursor = fields.String(validate=[validate.Length(min=1, max=200), validate.Regexp(CURSOR_PATTERN)],
                           metadata={"pattern": CURSOR_PATTERN, "description":
                                     "`next_cursor` of the previous page (opaque, URL-safe base64); newest first, "
                                     "and `page` and `sort` are ignored"})

    @validates_schema
    def _range(self, data, **kwargs):
        if data.get("created_after") and data.get("created_before") and data["created_before"] < data["created_after"]:
            raise ValidationError("created_before must not be earlier than created_after", "created_before")


class VideoListSchema(BaseSchema):
    videos = fields.List(fields.Nested(VideoSchema))  # assembled from kept answers (videos/answers.py)
    pagination = fields.Nested(PaginationSchema, allow_none=True,
                               metadata={"description": "null on a page read with `cursor`"})
    next_cursor = fields.String(allow_none=True)


class PublishSchema(BaseSchema):
    scheduled_at = UTCDateTime()
    privacy_status = fields.String(validate=validate.OneOf(PRIVACY))


class VideoCostSchema(BaseSchema):
    video_id = fields.UUID()
    script_generation = Money()
    voice_synthesis = Money()
    video_processing = Money()
    total_cost = Money()
    estimated_cost = Money(allow_none=True)
    entries = fields.List(fields.Dict())



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
