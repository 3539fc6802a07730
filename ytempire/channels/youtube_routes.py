"""/api/v1/channels/…: link a channel to YouTube (OAuth) and sync its statistics."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.channels.schemas import ChannelSchema
from ytempire.channels.service import get_owned_channel
from ytempire.common.docs import ApiBlueprint
from ytempire.youtube import service
from ytempire.channels.youtube_schemas import ChannelLinkSchema, OAuthCallbackQuerySchema, OAuthStartSchema

blp = ApiBlueprint("youtube", __name__, url_prefix="/api/v1/channels", description="YouTube linking (OAuth) and channel sync")


@blp.route("/<channel_id>/oauth/start")
class OAuthStart(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, OAuthStartSchema)
    @blp.authenticated
    @blp.errors(404, 503)
    def get(self, channel_id):
        """Google's consent URL for linking this channel (state expires after 10 minutes)"""
        return service.start_oauth(get_owned_channel(current_user.id, channel_id))


@blp.route("/<channel_id>/oauth")
class OAuthLink(MethodView):
    decorators = [jwt_required()]

    @blp.response(204)
    @blp.authenticated
    @blp.errors(404)
    def delete(self, channel_id):
        """Unlink the channel from YouTube: the stored grant is deleted (link again via /oauth/start)"""
        service.unlink_channel(get_owned_channel(current_user.id, channel_id))


@blp.route("/oauth/callback")
class OAuthCallback(MethodView):
    # No JWT: Google's browser redirect carries none; the signed, expiring `state` names user and channel.

    @blp.arguments(OAuthCallbackQuerySchema, location="query")
    @blp.response(200, ChannelLinkSchema)
    @blp.errors(400, 404, 429, 503)
    def get(self, args):
        """Google's redirect target: store the grant once it is shown to own the channel"""
        return service.finish_oauth(args.get("code"), args.get("state"), args.get("error"))


@blp.route("/<channel_id>/sync")
class ChannelSync(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, ChannelSchema)
    @blp.authenticated
    @blp.errors(404, 409, 503)
    def post(self, channel_id):
        """Refresh subscriber, view and video counts from YouTube (1 quota unit)"""
        return service.sync_channel(get_owned_channel(current_user.id, channel_id))
