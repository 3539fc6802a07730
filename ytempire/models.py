"""Every model module, imported so Alembic and the mappers see the whole schema."""
from ytempire.accounting import models as accounting_models
from ytempire.analytics import models as analytics_models
from ytempire.billing import models as billing_models
from ytempire.channels import models as channel_models
from ytempire.music import models as music_models
from ytempire.originality import models as originality_models
from ytempire.outbound_webhooks import models as outbound_webhook_models
from ytempire.pipeline import models as pipeline_models
from ytempire.users import models as user_models
from ytempire.videos import models as video_models
from ytempire.youtube import models as youtube_models
from ytempire.youtube import quota_models

MODEL_MODULES = (accounting_models, analytics_models, billing_models, channel_models, music_models,
                 originality_models, outbound_webhook_models, pipeline_models, user_models, video_models,
                 youtube_models, quota_models)
