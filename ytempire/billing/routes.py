"""/api/v1/billing: Stripe Checkout for paid tiers."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.billing import service
from ytempire.billing.schemas import CheckoutRequestSchema, CheckoutSessionSchema
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("billing", __name__, url_prefix="/api/v1/billing", description="Subscriptions and checkout (Stripe)")


@blp.route("/checkout")
class Checkout(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(CheckoutRequestSchema)
    @blp.response(201, CheckoutSessionSchema)
    @blp.authenticated
    @blp.errors(400, 502, 503)
    def post(self, data):
        """Start a Stripe Checkout Session for a paid tier; redirect the user to checkout_url"""
        return service.create_checkout_session(current_user, data["tier"], data.get("success_url"),
                                               data.get("cancel_url"))
