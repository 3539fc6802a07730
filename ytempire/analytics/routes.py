"""Views, revenue and profit, from daily snapshots"""
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("analytics", __name__, url_prefix="/api/v1/analytics", description="Views, revenue and profit, from daily snapshots")
