"""The upload stage: hand the finished video to the channel's publisher.

A channel with an active YouTube grant uploads through the YouTube Data API; one without a grant
uses the local publisher, so the pipeline still completes offline. A grant that needs
re-authorisation fails the stage rather than silently publishing somewhere else. When YouTube's
quota is spent the stage is deferred, never failed: the job waits as `pending` until
the quota day resets and beat's recovery re-enqueues it.
"""
from __future__ import annotations

import os
import random
from datetime import timedelta

from flask import current_app

from ytempire.common.timeutil import utcnow
from ytempire.accounting.costs import record_cost
from ytempire.youtube.quota import QuotaExceeded
from ytempire.originality.disclosure import contains_synthetic_media
from ytempire.pipeline.outcomes import StageDeferred
from ytempire.pipeline.steps.originality import guard_upload
from ytempire.pipeline.storage import artefact_path, read_json, write_json
from ytempire.accounting import pricing
from ytempire.common.provider_errors import PermanentProviderError
from ytempire.providers.publisher.local import LocalPublisher
from ytempire.providers.publisher.youtube_upload import UNVERIFIED_APP_WARNING, YouTubePublisher, video_body
from ytempire.youtube import service as youtube
from ytempire.youtube.client import CAPTIONS_SCOPE

# Spread deferred uploads over a few minutes after the reset, so they do not all start at once.
DEFER_JITTER_SECONDS = 300


def upload_video(job) -> None:
    video = job.video
    path = artefact_path(video.id, "youtube_upload")
    receipt = read_json(path) if path.exists() else {}
    if not receipt:  # before anything is uploaded or any quota spent; a resumed upload was checked
        guard_upload(video)
    credential = youtube.credential_of(video.channel_id)
    if credential is None:
        receipt = receipt or _publish_locally(video, path)
        record_cost(job, "youtube_upload", LocalPublisher.name, pricing.UPLOAD, 1)
        # Kept on this server: no YouTube id, so nothing reads it as a real upload.
        video.publish_target, video.youtube_video_id = "local", None
    else:
        try:
            receipt = _publish_to_youtube(video, credential, receipt, path)
        except QuotaExceeded as spent:
            until = spent.resets_at + timedelta(seconds=random.uniform(0, DEFER_JITTER_SECONDS))
            raise StageDeferred(until, f"YouTube quota ({spent.bucket}) spent; upload resumes after the reset") \
                from spent
        record_cost(job, "youtube_upload", YouTubePublisher.name, pricing.UPLOAD, 1)
        video.publish_target, video.youtube_video_id = "youtube", receipt["video_id"]
    video.privacy_status = receipt.get("privacy_status", video.privacy_status)
    video.published_at = video.published_at or utcnow()


def _publish_locally(video, path) -> dict:
    receipt = LocalPublisher(current_app.config["STORAGE_PATH"]).upload(
        video_path=video.video_path, thumbnail_path=video.thumbnail_path, title=video.title,
        description=video.description or "", tags=video.tags or [], privacy_status=video.privacy_status)
    write_json(path, receipt)
    return receipt


def _publish_to_youtube(video, credential, receipt: dict, path) -> dict:
    if credential.status != "active":
        raise PermanentProviderError(f"YouTube access for this channel is {credential.status}; reconnect it")
    cfg = current_app.config
    access = youtube.youtube_access(video.channel, allow_api_key=False)
    settings = (video.channel.settings or {}).get("youtube", {})
    publisher = YouTubePublisher(access.youtube, access.quota_credential,
                                 chunk_bytes=cfg["YOUTUBE_UPLOAD_CHUNK_BYTES"],
                                 retry_base_seconds=cfg["YOUTUBE_UPLOAD_RETRY_BASE_SECONDS"])
    body = video_body(title=video.title, description=video.description or "", tags=video.tags or [],
                      privacy_status=video.privacy_status, language=video.language, publish_at=video.scheduled_at,
                      settings=settings,
                      synthetic_media=contains_synthetic_media(video.made_with, settings.get("contains_synthetic_media")))
    receipt = publisher.publish(receipt, lambda r: write_json(path, r), video_path=video.video_path,
                                thumbnail_path=video.thumbnail_path, body=body,
                                playlist_id=settings.get("playlist_id"), captions=_captions_to_upload(video, access))
    if receipt.get("caption_error"):
        credential.add_warning(CAPTIONS_REFUSED_WARNING)
    if receipt.get("forced_private"):
        # YouTube keeps uploads of unaudited API projects private whatever was asked (since July 2020).
        credential.add_warning(UNVERIFIED_APP_WARNING)
    return receipt


CAPTIONS_FILENAME = "captions.srt"    # written beside the video by the captions step (media.captions)
CAPTIONS_SCOPE_WARNING = "captions not uploaded: reconnect the channel to allow caption uploads"
CAPTIONS_REFUSED_WARNING = "captions not uploaded: YouTube refused them (see the video's upload receipt)"


def _captions_to_upload(video, access) -> tuple[str, str] | None:
    """(SRT path, language) when the video asks for `captions_upload` and the grant allows it.

    Grants made before caption uploads existed lack the force-ssl scope; those skip the captions
    with a warning on the credential rather than fail an upload that otherwise works.
    """
    if not video.settings.captions_upload or not video.video_path:
        return None
    srt = os.path.join(os.path.dirname(video.video_path), CAPTIONS_FILENAME)
    if not os.path.exists(srt):
        srt = os.path.splitext(video.video_path)[0] + ".srt"     # the render's sentence captions
    if not os.path.exists(srt):
        return None
    scopes = (youtube.stored_token(access.credential) or {}).get("scopes") or []
    if scopes and CAPTIONS_SCOPE not in scopes:
        access.credential.add_warning(CAPTIONS_SCOPE_WARNING)
        return None
    return srt, video.language or "en"
