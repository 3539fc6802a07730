"""YouTube linking (OAuth) and channel sync"""
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("youtube", __name__, url_prefix="/api/v1/channels", description="YouTube linking (OAuth) and channel sync")
