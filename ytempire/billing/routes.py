"""Subscriptions and checkout (Stripe)"""
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("billing", __name__, url_prefix="/api/v1/billing", description="Subscriptions and checkout (Stripe)")
