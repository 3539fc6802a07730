"""/api/v1/analytics: overview, per-channel and per-video series, revenue against cost."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.analytics import service
from ytempire.analytics.schemas import (ChannelSeriesSchema, OverviewQuerySchema, OverviewSchema, RevenueSchema,
                                        VideoSeriesSchema, WindowQuerySchema)
from ytempire.channels.service import get_owned_channel
from ytempire.common.docs import ApiBlueprint
from ytempire.common.user_cache import remembered_response
from ytempire.videos.service import get_owned_video

blp = ApiBlueprint("analytics", __name__, url_prefix="/api/v1/analytics",
                   description="Views, revenue and profit, from daily snapshots")


def window(args):
    return service.resolve_window(args.get("start_date"), args.get("end_date"))


def channel_filter(args):
    """The optional channel_id filter, checked for ownership (another user's channel is a 404)."""
    return get_owned_channel(current_user.id, args["channel_id"]).id if args.get("channel_id") else None


@blp.route("/overview")
class Overview(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(OverviewQuerySchema, location="query")
    @blp.response(200, OverviewSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def get(self, args):
        """Views, revenue, subscriber growth, videos published and engagement for a period (up to 5 minutes old)"""
        start, end = window(args)
        # An answer is stored only after channel_filter found the channel the user's, so a hit needs no check.
        return remembered_response(current_user.id, f"overview:{start}:{end}:{args.get('channel_id')}", OverviewSchema,
                                   lambda: service.overview(current_user.id, start, end, channel_filter(args)))


@blp.route("/channels/<channel_id>")
class ChannelAnalytics(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(WindowQuerySchema, location="query")
    @blp.response(200, ChannelSeriesSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def get(self, args, channel_id):
        """One channel's daily series (up to 5 minutes old)"""
        start, end = window(args)
        return remembered_response(current_user.id, f"channel:{channel_id}:{start}:{end}", ChannelSeriesSchema,
                                   lambda: service.channel_series(get_owned_channel(current_user.id, channel_id),
                                                                  start, end))


@blp.route("/videos/<video_id>")
class VideoAnalytics(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(WindowQuerySchema, location="query")
    @blp.response(200, VideoSeriesSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def get(self, args, video_id):
        """One video's daily series"""
        return service.video_series(get_owned_video(current_user.id, video_id), *window(args))


@blp.route("/revenue")
class Revenue(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(OverviewQuerySchema, location="query")
    @blp.response(200, RevenueSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def get(self, args):
        """Revenue against generation cost: profit per channel and per video"""
        return service.revenue_report(current_user.id, *window(args), channel_filter(args))
