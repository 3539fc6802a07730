"""YouTube PubSubHubbub receiver"""
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("youtube_webhooks", __name__, url_prefix="/api/v1/webhooks", description="YouTube PubSubHubbub receiver")
