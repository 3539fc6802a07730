"""The generation-request ledger: what the tier's daily video cap counts.

Counting rows in `videos` would let DELETE hand a request back; a ledger row outlives its video
(its video_id becomes NULL), so delete + create cannot get past the cap.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from ytempire.extensions import db
from ytempire.accounting.models import GenerationRequest
from ytempire.videos.models import Video


def new_generation_request(video: Video) -> GenerationRequest:
    """The ledger row of an accepted video, written together with it."""
    return GenerationRequest(user_id=video.user_id, video=video)


def generation_requests_since(user_id, since: datetime) -> int:
    """Videos the user asked for since `since`, deleted ones included."""
    return db.session.scalar(select(func.count(GenerationRequest.id)).where(
        GenerationRequest.user_id == user_id, GenerationRequest.created_at >= since))
