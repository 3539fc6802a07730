"""The generation-request ledger: what the tier's daily video cap counts.

Counting rows in `videos` would let DELETE hand a request back; a ledger row outlives its video
(its video_id becomes NULL), so delete + create cannot get past the cap.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select

from ytempire.common.plain_reads import read_rows
from ytempire.accounting.models import GenerationRequest
from ytempire.videos.models import Video


def new_generation_request(video: Video) -> GenerationRequest:
    """The ledger row of an accepted video, written together with it."""
    return GenerationRequest(user_id=video.user_id, video=video)


REQUESTS_SINCE = select(func.count(GenerationRequest.id)).where(
    GenerationRequest.user_id == bindparam("user_id"), GenerationRequest.created_at >= bindparam("since"))


def generation_requests_since(user_id, since: datetime) -> int:
    """Videos the user asked for since `since`, deleted ones included: a count of committed rows,
    read outside the caller's transaction (the ledger is only written by committing writers)."""
    return read_rows(REQUESTS_SINCE, {"user_id": user_id, "since": since})[0][0]
