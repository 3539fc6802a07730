"""/api/v1/webhooks/youtube: the PubSubHubbub callback (no JWT; the hub signs what it sends)."""
from flask import Response, request
from flask.views import MethodView
from marshmallow import ValidationError, fields, validate, validates_schema

from ytempire.common.docs import ApiBlueprint
from ytempire.common.schemas import BaseSchema
from ytempire.common import rate_limits
from ytempire.inbound_webhooks.youtube_feed import apply_notification
from ytempire.youtube import pubsub

blp = ApiBlueprint("youtube_webhooks", __name__, url_prefix="/api/v1/webhooks", description="YouTube PubSubHubbub receiver")


class HubVerificationQuerySchema(BaseSchema):
    """The hub's verification of intent, with the rules the server applies stated in the spec."""

    mode = fields.String(data_key="hub.mode", required=True,
                         validate=validate.OneOf(("subscribe", "unsubscribe", "denied")))
    topic = fields.String(data_key="hub.topic", required=True, validate=validate.Length(min=1, max=500),
                          metadata={"description": "The feed URL we asked the hub about; any other is a 404"})
    challenge = fields.String(data_key="hub.challenge", validate=validate.Length(min=1, max=1000),
                              metadata={"description": "Required unless hub.mode is denied; echoed as the body"})
    lease_seconds = fields.Integer(data_key="hub.lease_seconds", validate=validate.Range(min=1),
                                   metadata={"description": "With hub.mode=subscribe; a longer lease is cut to 30 days"})
    reason = fields.String(data_key="hub.reason", validate=validate.Length(max=2000),
                           metadata={"description": "Sent with hub.mode=denied"})

    @validates_schema
    def _challenge_unless_denied(self, data, **kwargs):
        if data.get("mode") in ("subscribe", "unsubscribe") and not data.get("challenge"):
            raise ValidationError("Required unless hub.mode is denied.", "hub.challenge")


@blp.route("/youtube")
class YouTubeHub(MethodView):
    decorators = [rate_limits.exempt]   # the hub's traffic is bounded by our subscriptions, not by users

    @blp.arguments(HubVerificationQuerySchema, location="query")
    @blp.errors(400, 404)
    def get(self, args):
        """Hub verification of intent: echo hub.challenge while our request for the topic is pending"""
        challenge = pubsub.verify_intent(args.get("mode"), args.get("topic"), args.get("challenge"),
                                         args.get("lease_seconds"), args.get("reason"))
        return Response(challenge, status=200, mimetype="text/plain")

    @blp.response(204)
    @blp.errors(400, 403)
    @blp.doc(parameters=[{"in": "header", "name": "X-Hub-Signature", "required": True, "schema": {"type": "string"},
                          "description": "sha1=<HMAC of the raw body with our hub.secret>"}])
    def post(self):
        """An Atom notification (video published, updated or deleted), signed with X-Hub-Signature"""
        body = request.get_data(cache=False)
        pubsub.check_signature(request.headers.get("X-Hub-Signature"), body)
        apply_notification(body)
