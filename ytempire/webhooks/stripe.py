"""Stripe webhook receiver"""
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("stripe_webhooks", __name__, url_prefix="/api/v1/webhooks", description="Stripe webhook receiver")
