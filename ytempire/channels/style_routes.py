"""/api/v1/channels/{id}/style: a channel's brand kit and the files it uses."""
from functools import wraps

from flask import request
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required
from marshmallow import fields, validate
from werkzeug.exceptions import RequestEntityTooLarge

from ytempire.channels import style_service as service
from ytempire.channels.models import BRAND_ASSET_KINDS
from ytempire.channels.service import get_owned_channel
from ytempire.channels.style_schemas import (BrandAssetListSchema, BrandAssetSchema, BrandAssetUploadSchema,
                                             ChannelStyleResponseSchema, ChannelStyleSchema)
from ytempire.common.docs import ApiBlueprint
from ytempire.common.schemas import BaseSchema
from ytempire.errors import ValidationError

blp = ApiBlueprint("channel_style", __name__, url_prefix="/api/v1/channels",
                   description="A channel's style: colours, captions, watermark, intro/outro, thumbnail, defaults")

MULTIPART_OVERHEAD = 64 * 1024        # boundaries and part headers around the file


class AssetKindQuerySchema(BaseSchema):
    kind = fields.String(required=True, validate=validate.OneOf(BRAND_ASSET_KINDS), metadata={
        "description": "`watermark`: a PNG, 16-1024 px a side, at most 2 MiB; `clip`: an MP4, MOV or WebM "
                       "intro/outro of at most 10 s and 50 MiB"})


def asset_upload_limit(view):
    """Allow bodies up to the largest asset here (the app-wide limit is far lower); larger is a 400."""
    @wraps(view)
    def limited(*args, **kwargs):
        request.max_content_length = service.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
        if request.method == "POST":
            try:
                request.files             # parse now, so an oversized body is refused here
            except RequestEntityTooLarge:
                message = f"The upload is larger than {service.MAX_UPLOAD_BYTES / 2**20:.1f} MiB"
                raise ValidationError(message, details=[{"field": "file", "message": message}]) from None
        return view(*args, **kwargs)
    return limited


@blp.route("/<channel_id>/style")
class ChannelStyle(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, ChannelStyleResponseSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, channel_id):
        """The channel's style: the saved one, or the one derived from its niche"""
        return service.style_view(get_owned_channel(current_user.id, channel_id))

    @blp.arguments(ChannelStyleSchema)
    @blp.response(200, ChannelStyleResponseSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def put(self, style, channel_id):
        """Replace the style (fields left out take their defaults; `palette` is required)"""
        return service.save_style(service.editable_channel(get_owned_channel(current_user.id, channel_id)), style)


@blp.route("/<channel_id>/style/assets")
class BrandAssets(MethodView):
    decorators = [asset_upload_limit, jwt_required()]

    @blp.response(200, BrandAssetListSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, channel_id):
        """The channel's uploaded watermarks and clips, newest first"""
        return {"assets": service.list_assets(get_owned_channel(current_user.id, channel_id))}

    @blp.arguments(AssetKindQuerySchema, location="query")
    @blp.arguments(BrandAssetUploadSchema, location="files")
    @blp.response(201, BrandAssetSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def post(self, query, files, channel_id):
        """Upload a watermark PNG or an intro/outro clip (multipart field `file`); checked by content"""
        channel = service.editable_channel(get_owned_channel(current_user.id, channel_id))
        return service.upload_asset(channel, query["kind"], files["file"])


@blp.route("/<channel_id>/style/assets/<asset_id>")
class BrandAssetById(MethodView):
    decorators = [jwt_required()]

    @blp.response(204)
    @blp.authenticated
    @blp.errors(404)
    def delete(self, channel_id, asset_id):
        """Delete an asset; a style using it loses its watermark or intro/outro"""
        channel = service.editable_channel(get_owned_channel(current_user.id, channel_id))
        service.delete_asset(channel, service.get_channel_asset(channel, asset_id))
