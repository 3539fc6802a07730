"""The YouTube publisher: resumable upload through `videos.insert`, then thumbnail, playlist and captions.

Each call reserves its quota first (youtube/quota_rules.py: videos.insert has its own 100-calls bucket,
thumbnails.set and playlistItems.insert draw on the shared pool). The upload is resumable: after a
5xx or a dropped connection, calling `next_chunk()` again asks the server which bytes it holds
(an empty PUT with `Content-Range: bytes */size`, answered by a 308 with `Range`) and continues
from there, so a flaky network never restarts a large upload from zero.

Progress is written to the receipt after each call, so a stage re-run (after a quota deferral or a
lost worker) never uploads the same video twice.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime

import structlog
from googleapiclient.http import MediaFileUpload

from ytempire.common.timeutil import isoformat, utcnow
from ytempire.youtube.quota import reserve_quota
from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.youtube import client

log = structlog.get_logger(__name__)

CHUNK_UNIT = 256 * 1024                 # resumable chunks must be multiples of 256 KiB
UNVERIFIED_APP_WARNING = "unverified app: uploads forced private"


class YouTubePublisher:
    name = "youtube"

    def __init__(self, youtube, quota_credential: str, *, chunk_bytes: int = 8 * 1024 * 1024,
                 chunk_retries: int = 5, retry_base_seconds: float = 1.0):
        self.youtube, self.quota_credential = youtube, quota_credential
        self.chunk_bytes = max(CHUNK_UNIT, chunk_bytes // CHUNK_UNIT * CHUNK_UNIT)
        self.chunk_retries, self.retry_base_seconds = chunk_retries, retry_base_seconds

    def publish(self, receipt: dict, save: Callable[[dict], None], *, video_path: str, thumbnail_path: str | None,
                body: dict, playlist_id: str | None = None, captions: tuple[str, str] | None = None) -> dict:
        """Upload, set the thumbnail, add to the playlist, upload `captions` ((SRT path, language));
        each step once, `save` after each."""
        if "video_id" not in receipt:
            receipt = self._upload(video_path, body)
            save(receipt)
        if thumbnail_path and not receipt.get("thumbnail_set"):
            self._call(self.youtube.thumbnails().set(
                videoId=receipt["video_id"], media_body=MediaFileUpload(thumbnail_path, mimetype="image/jpeg")),
                "thumbnails.set")
            receipt = {**receipt, "thumbnail_set": True}
            save(receipt)
        if playlist_id and not receipt.get("playlist_item_id"):
            item = self._call(self.youtube.playlistItems().insert(part="snippet", body={"snippet": {
                "playlistId": playlist_id, "resourceId": {"kind": "youtube#video", "videoId": receipt["video_id"]}}}),
                "playlistItems.insert")
            receipt = {**receipt, "playlist_item_id": item.get("id")}
            save(receipt)
        if captions and not receipt.get("caption_id") and not receipt.get("caption_error"):
            receipt = {**receipt, **self._insert_captions(receipt["video_id"], *captions)}
            save(receipt)
        return receipt

    def _insert_captions(self, video_id: str, srt_path: str, language: str) -> dict:
        """`captions.insert` (400 units). A refusal is kept in the receipt, not raised: the video is
        already public by then, and missing captions must not fail a finished upload."""
        request = self.youtube.captions().insert(
            part="snippet", body={"snippet": {"videoId": video_id, "language": language, "name": "", "isDraft": False}},
            media_body=MediaFileUpload(srt_path, mimetype="application/octet-stream"))
        try:
            caption = self._call(request, "captions.insert")
        except client.CredentialRevoked:
            raise                        # the channel must be reconnected: the stage's usual failure
        except PermanentProviderError as error:
            log.warning("youtube_captions_refused", video_id=video_id, error=str(error))
            return {"caption_error": str(error)}
        return {"caption_id": caption.get("id")}

    def _call(self, request, method: str):
        return client.call(request, self.quota_credential, method)

    def _upload(self, video_path: str, body: dict) -> dict:
        reserve_quota(self.quota_credential, "videos.insert")
        media = MediaFileUpload(video_path, mimetype="video/mp4", chunksize=self.chunk_bytes, resumable=True)
        request = self.youtube.videos().insert(part="snippet,status", body=body, media_body=media)
        failures, response = 0, None
        while response is None:
            try:
                _, response = request.next_chunk(num_retries=0)
                failures = 0
            except Exception as error:  # noqa: BLE001 - classified below; only transient ones are resumed
                translated = client.translate(error, self.quota_credential)
                if not isinstance(translated, TransientProviderError) or failures >= self.chunk_retries:
                    raise translated from error
                failures += 1
                log.warning("youtube_upload_chunk_retry", attempt=failures, error=str(translated))
                time.sleep(random.uniform(0, self.retry_base_seconds * 2 ** failures))
        asked = body["status"]["privacyStatus"]
        granted = (response.get("status") or {}).get("privacyStatus", asked)
        return {"video_id": response["id"], "publisher": self.name, "privacy_status": granted,
                "requested_privacy_status": asked, "forced_private": asked != "private" and granted == "private",
                "uploaded_at": isoformat(utcnow()), "thumbnail_set": False}


def video_body(*, title: str, description: str, tags: list, privacy_status: str, language: str | None,
               publish_at: datetime | None, settings: dict, synthetic_media: bool | None = None) -> dict:
    """The `videos.insert` resource from the video and its channel's YouTube settings.

    A future `publish_at` needs privacyStatus private (YouTube publishes it at that time).
    `synthetic_media` is what the video was really made with (the caller decides); without it
    `containsSyntheticMedia` follows the channel's setting, default True.
    """
    if synthetic_media is None:
        synthetic_media = settings.get("contains_synthetic_media", True)
    status = {"privacyStatus": privacy_status,
              "selfDeclaredMadeForKids": bool(settings.get("made_for_kids", False)),
              "containsSyntheticMedia": bool(synthetic_media)}
    if publish_at and publish_at > utcnow():
        status.update(privacyStatus="private", publishAt=isoformat(publish_at))
    snippet = {"title": title, "description": description, "tags": tags,
               "categoryId": str(settings.get("category_id", "27"))}
    if language:
        snippet.update(defaultLanguage=language, defaultAudioLanguage=language)
    return {"snippet": snippet, "status": status}
