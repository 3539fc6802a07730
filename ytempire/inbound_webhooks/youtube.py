"""/api/v1/webhooks/youtube: the PubSubHubbub callback (no JWT; the hub signs what it sends)."""
from flask import Response, request
from flask.views import MethodView
from marshmallow import fields

from ytempire.common.docs import ApiBlueprint
from ytempire.common.schemas import BaseSchema
from ytempire.extensions import limiter
from ytempire.inbound_webhooks.youtube_feed import apply_notification
from ytempire.youtube import pubsub

blp = ApiBlueprint("youtube_webhooks", __name__, url_prefix="/api/v1/webhooks", description="YouTube PubSubHubbub receiver")


class HubVerificationQuerySchema(BaseSchema):
    mode = fields.String(data_key="hub.mode")
    topic = fields.String(data_key="hub.topic")
    challenge = fields.String(data_key="hub.challenge")
    lease_seconds = fields.Integer(data_key="hub.lease_seconds")
    reason = fields.String(data_key="hub.reason")      # sent with hub.mode=denied


@blp.route("/youtube")
class YouTubeHub(MethodView):
    decorators = [limiter.exempt]   # the hub's traffic is bounded by our subscriptions, not by users

    @blp.arguments(HubVerificationQuerySchema, location="query")
    @blp.errors(400, 404)
    def get(self, args):
        """Hub verification of intent: echo hub.challenge while our request for the topic is pending"""
        challenge = pubsub.verify_intent(args.get("mode"), args.get("topic"), args.get("challenge"),
                                         args.get("lease_seconds"), args.get("reason"))
        return Response(challenge, status=200, mimetype="text/plain")

    @blp.response(204)
    @blp.errors(400, 403)
    def post(self):
        """An Atom notification (video published, updated or deleted), signed with X-Hub-Signature"""
        body = request.get_data(cache=False)
        pubsub.check_signature(request.headers.get("X-Hub-Signature"), body)
        apply_notification(body)
