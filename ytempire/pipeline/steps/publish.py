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
from ytempire.pipeline.storage import ARTEFACTS, StageScratch, has_artefact, load_json, save_json, stage_scratch
from ytempire.accounting import pricing
from ytempire.common.provider_errors import PermanentProviderError
from ytempire.storage import MissingObject, object_store
from ytempire.providers.publisher.local import LocalPublisher
from ytempire.providers.publisher.youtube_upload import UNVERIFIED_APP_WARNING, YouTubePublisher, video_body
from ytempire.youtube import service as youtube
from ytempire.youtube.client import CAPTIONS_SCOPE

# Spread deferred uploads over a few minutes after the reset, so they do not all start at once.
DEFER_JITTER_SECONDS = 300
RECEIPT = ARTEFACTS["youtube_upload"]


class UploadFiles:
    """The video's files on this host: the recorded paths with the local store, fetched into the
    stage's scratch folder from a remote one."""

    def __init__(self, video, scratch: StageScratch):
        self.scratch = scratch
        self.video = scratch.fetch_location(video.video_path) if video.video_path else None
        self.thumbnail = scratch.fetch_location(video.thumbnail_path) if video.thumbnail_path else None

    def stored(self, name: str) -> str | None:
        """A file the render kept beside the MP4 (remote store only), or None."""
        try:
            return str(self.scratch.fetch(name))
        except MissingObject:
            return None


def upload_video(job) -> None:
    with stage_scratch(job.video_id, "youtube_upload") as scratch:
        _upload(job, job.video, UploadFiles(job.video, scratch))


def _upload(job, video, files: UploadFiles) -> None:
    receipt = load_json(video.id, RECEIPT) if has_artefact(video.id, RECEIPT) else {}
    if not receipt:  # before anything is uploaded or any quota spent; a resumed upload was checked
        guard_upload(video, thumbnail_file=files.thumbnail)
    credential = youtube.credential_of(video.channel_id)
    if credential is None:
        receipt = receipt or _publish_locally(video, files)
        record_cost(job, "youtube_upload", LocalPublisher.name, pricing.UPLOAD, 1)
        # Kept on this server: no YouTube id, so nothing reads it as a real upload.
        video.publish_target, video.youtube_video_id = "local", None
    else:
        try:
            receipt = _publish_to_youtube(video, credential, receipt, files)
        except QuotaExceeded as spent:
            until = spent.resets_at + timedelta(seconds=random.uniform(0, DEFER_JITTER_SECONDS))
            raise StageDeferred(until, f"YouTube quota ({spent.bucket}) spent; upload resumes after the reset") \
                from spent
        record_cost(job, "youtube_upload", YouTubePublisher.name, pricing.UPLOAD, 1)
        video.publish_target, video.youtube_video_id = "youtube", receipt["video_id"]
    video.privacy_status = receipt.get("privacy_status", video.privacy_status)
    video.published_at = video.published_at or utcnow()


def _publish_locally(video, files: UploadFiles) -> dict:
    receipt = LocalPublisher(object_store()).upload(
        video_path=files.video, thumbnail_path=files.thumbnail, title=video.title,
        description=video.description or "", tags=video.tags or [], privacy_status=video.privacy_status)
    save_json(video.id, RECEIPT, receipt)
    return receipt


def _publish_to_youtube(video, credential, receipt: dict, files: UploadFiles) -> dict:
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
    receipt = publisher.publish(receipt, lambda r: save_json(video.id, RECEIPT, r), video_path=files.video,
                                thumbnail_path=files.thumbnail, body=body, playlist_id=settings.get("playlist_id"),
                                captions=_captions_to_upload(video, access, files))
    if receipt.get("caption_error"):
        credential.add_warning(CAPTIONS_REFUSED_WARNING)
    if receipt.get("forced_private"):
        # YouTube keeps uploads of unaudited API projects private whatever was asked (since July 2020).
        credential.add_warning(UNVERIFIED_APP_WARNING)
    return receipt


CAPTIONS_FILENAME = "captions.srt"    # written beside the video by the captions step (media.captions)
RENDER_CAPTIONS_FILENAME = "video.srt"  # the render's sentence captions, beside video.mp4
CAPTIONS_SCOPE_WARNING = "captions not uploaded: reconnect the channel to allow caption uploads"
CAPTIONS_REFUSED_WARNING = "captions not uploaded: YouTube refused them (see the video's upload receipt)"


def _captions_to_upload(video, access, files: UploadFiles) -> tuple[str, str] | None:
    """(SRT path, language) when the video asks for `captions_upload` and the grant allows it.

    Grants made before caption uploads existed lack the force-ssl scope; those skip the captions
    with a warning on the credential rather than fail an upload that otherwise works.
    """
    if not video.settings.captions_upload or not video.video_path:
        return None
    if files.scratch.store.is_remote:
        srt = files.stored(CAPTIONS_FILENAME) or files.stored(RENDER_CAPTIONS_FILENAME)
    else:
        srt = os.path.join(os.path.dirname(video.video_path), CAPTIONS_FILENAME)
        if not os.path.exists(srt):
            srt = os.path.splitext(video.video_path)[0] + ".srt"     # the render's sentence captions
    if not srt or not os.path.exists(srt):
        return None
    scopes = (youtube.stored_token(access.credential) or {}).get("scopes") or []
    if scopes and CAPTIONS_SCOPE not in scopes:
        access.credential.add_warning(CAPTIONS_SCOPE_WARNING)
        return None
    return srt, video.language or "en"
