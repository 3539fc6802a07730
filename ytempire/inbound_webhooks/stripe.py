"""POST /api/v1/webhooks/stripe: signed Stripe events, each applied once."""
from flask import request
from flask.views import MethodView

from ytempire.billing import service
from ytempire.billing.schemas import WebhookAckSchema
from ytempire.common.docs import ApiBlueprint
from ytempire.common import rate_limits

blp = ApiBlueprint("stripe_webhooks", __name__, url_prefix="/api/v1/webhooks", description="Stripe webhook receiver")


@blp.route("/stripe")
class StripeWebhook(MethodView):
    decorators = [rate_limits.exempt]

    @blp.response(200, WebhookAckSchema)
    @blp.errors(400, 503)
    @blp.doc(parameters=[{"in": "header", "name": "Stripe-Signature", "required": True, "schema": {"type": "string"},
                          "description": "Stripe's signature of the raw body; without a valid one the event is a 400"}])
    def post(self):
        """Receive a Stripe event (Stripe-Signature verified; replays are acknowledged, not re-applied)"""
        outcome = service.handle_event(request.get_data(), request.headers.get("Stripe-Signature"))
        return {"received": True, "outcome": outcome}
