"""Import every model so Alembic and the mappers see the whole schema."""
from ytempire.channels.models import Channel  # noqa: F401
from ytempire.accounting.models import CostEntry  # noqa: F401
from ytempire.users.models import User  # noqa: F401
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video  # noqa: F401
from ytempire.outbound_webhooks.models import Webhook, WebhookDelivery  # noqa: F401
from ytempire.music.models import MusicTrack  # noqa: F401
from ytempire.youtube.quota_models import QuotaUsage  # noqa: F401
import ytempire.analytics.models  # noqa: E402,F401
import ytempire.billing.models  # noqa: E402,F401
import ytempire.youtube.models  # noqa: E402,F401
