"""Edits and deletions of an uploaded video, carried out on YouTube too.

`PUT /videos/{id}` on a video we uploaded sends its title, description, tags, privacy and schedule
with `videos.update` (snippet and status, 50 units); `DELETE /videos/{id}?delete_from_youtube=true`
calls `videos.delete` (50 units). Both reserve their units in the quota ledger first and run before
our row changes, so a refusal leaves both sides as they were. A video published by the local
publisher has nothing on YouTube and is only changed here.
"""
from __future__ import annotations

from datetime import datetime

from ytempire.common.timeutil import utcnow
from ytempire.errors import Conflict, ValidationError
from ytempire.youtube.quota import QuotaExceeded
from ytempire.common.provider_errors import ProviderError
from ytempire.providers.publisher.youtube_upload import video_body
from ytempire.youtube import client
from ytempire.youtube import service as youtube


def on_youtube(video) -> bool:
    return video.publish_target == "youtube" and bool(video.youtube_video_id)


def check_youtube_schedule(scheduled_at: datetime | None, privacy_status: str) -> None:
    """YouTube publishes a private upload at `publishAt`; any other upload is already out."""
    if scheduled_at is None:
        return
    if scheduled_at <= utcnow():
        raise ValidationError(details=[{"field": "scheduled_at", "message": "Must be in the future"}])
    if privacy_status != "private":
        raise Conflict("YouTube publishes at a set time only a private video: set privacy_status to private",
                       details=[{"field": "scheduled_at", "message": "needs privacy_status private"}])


def _call(video, make_request, method: str, *, missing_is_done: bool = False):
    access = youtube.youtube_access(video.channel, allow_api_key=False)
    try:
        return client.call(make_request(access.youtube), access.quota_credential, method)
    except (ProviderError, QuotaExceeded) as error:
        if missing_is_done and "videoNotFound" in str(error):
            return None
        raise youtube.as_api_error(error) from error


def push_update(video, changes: dict) -> None:
    """videos.update with the video's metadata as `changes` would leave it.

    Called before the row changes: the quota reservation commits the session.
    """
    values = {field: changes.get(field, getattr(video, field))
              for field in ("title", "description", "tags", "privacy_status", "scheduled_at")}
    settings = (video.channel.settings or {}).get("youtube", {})
    body = video_body(title=values["title"], description=values["description"] or "", tags=values["tags"] or [],
                      privacy_status=values["privacy_status"], language=video.language,
                      publish_at=values["scheduled_at"], settings=settings)
    body["id"] = video.youtube_video_id
    _call(video, lambda api: api.videos().update(part="snippet,status", body=body), "videos.update")


def delete_from_youtube(video) -> None:
    """videos.delete; a video YouTube no longer has counts as deleted."""
    _call(video, lambda api: api.videos().delete(id=video.youtube_video_id), "videos.delete", missing_is_done=True)
