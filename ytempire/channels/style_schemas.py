"""Bodies of /channels/{id}/style: the brand kit and its uploaded assets."""
from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ytempire.common.fonts import BRAND_FONTS, DEFAULT_BRAND_FONT
from ytempire.common.schemas import BaseSchema, StrictBoolean, UTCDateTime, loaded_defaults
from ytempire.common.uuids import parse_uuid
from ytempire.media.style import (BUMPER_KINDS, CAPTION_POSITIONS, CAPTION_SIZE_RANGE, CORNERS, HEX_COLOUR,
                                  OPACITY_RANGE, THUMBNAIL_TEMPLATES)
from ytempire.providers.visuals import VISUALS_KINDS


def hex_colour(metadata: dict | None = None, **kwargs) -> fields.String:
    return fields.String(validate=validate.Regexp(HEX_COLOUR, error="Must be a colour as #RRGGBB"),
                         metadata={"pattern": HEX_COLOUR, "example": "#1E88E5", **(metadata or {})}, **kwargs)


class PaletteSchema(BaseSchema):
    """primary and secondary colour the backgrounds, accent the bars and highlights, background the depths."""

    primary = hex_colour(required=True)
    secondary = hex_colour(required=True)
    accent = hex_colour(required=True)
    background = hex_colour(required=True)


class CaptionStyleSchema(BaseSchema):
    font = fields.String(load_default=DEFAULT_BRAND_FONT, validate=validate.OneOf(BRAND_FONTS), metadata={
        "description": f"One of the bundled open fonts: {', '.join(BRAND_FONTS)}"})
    size = fields.Integer(load_default=100, validate=validate.Range(*CAPTION_SIZE_RANGE), metadata={
        "description": "Percent of the frame-relative default caption size"})
    highlight_color = hex_colour(load_default="#FFE600", metadata={"description": "colour of the word being said"})
    position = fields.String(load_default="bottom", validate=validate.OneOf(CAPTION_POSITIONS))


class BumperSchema(BaseSchema):
    """An intro or outro: none, a title card drawn in the palette, or an uploaded clip (kind `clip`)."""

    kind = fields.String(load_default="none", validate=validate.OneOf(BUMPER_KINDS))
    clip_asset_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "a `clip` asset of this channel (POST /channels/{id}/style/assets)"})

    @validates_schema
    def _clip_needs_an_asset(self, data, **kwargs):
        if data.get("kind") == "clip" and not data.get("clip_asset_id"):
            raise ValidationError("Required when kind is 'clip'", "clip_asset_id")


class WatermarkSchema(BaseSchema):
    asset_id = fields.UUID(required=True, metadata={"description": "a `watermark` asset of this channel"})
    corner = fields.String(load_default="bottom_right", validate=validate.OneOf(CORNERS))
    opacity = fields.Float(load_default=0.6, validate=validate.Range(*OPACITY_RANGE))


class ChannelStyleSchema(BaseSchema):
    """The whole style: PUT replaces it (fields left out take their defaults), GET shows the saved
    one or, for a channel that never saved one, the style derived from its niche."""

    palette = fields.Nested(PaletteSchema, required=True)
    captions = fields.Nested(CaptionStyleSchema, load_default=loaded_defaults(CaptionStyleSchema))
    intro = fields.Nested(BumperSchema, load_default=loaded_defaults(BumperSchema))
    outro = fields.Nested(BumperSchema, load_default=loaded_defaults(BumperSchema))
    watermark = fields.Nested(WatermarkSchema, load_default=None, allow_none=True)
    default_voice = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=50),
                                  metadata={"description": "video_config.voice when a request leaves it out"})
    default_music = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=36), metadata={
        "description": "video_config.music when a request leaves it out: `auto` or one of your track ids"})
    default_visuals = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(VISUALS_KINDS),
                                    metadata={"description": "video_config.visuals when a request leaves it out"})
    thumbnail_template = fields.String(load_default="bold", validate=validate.OneOf(THUMBNAIL_TEMPLATES))

    @validates("default_music")
    def _music_is_auto_or_an_id(self, value, **kwargs):
        if value is not None and value != "auto" and parse_uuid(value) is None:
            raise ValidationError("Must be 'auto' or the id of one of your music tracks")


class ChannelStyleResponseSchema(ChannelStyleSchema):
    derived_from_niche = StrictBoolean(metadata={"description": "true until a style is saved with PUT"})


class BrandAssetUploadSchema(BaseSchema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class BrandAssetSchema(BaseSchema):
    id = fields.UUID()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()
    duration_seconds = fields.Float(allow_none=True)
    created_at = UTCDateTime()


class BrandAssetListSchema(BaseSchema):
    assets = fields.List(fields.Nested(BrandAssetSchema))
