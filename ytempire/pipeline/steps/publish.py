"""The upload stage: hand the finished video to the channel's publisher."""
from __future__ import annotations

from flask import current_app

from ytempire.common.timeutil import utcnow
from ytempire.pipeline.costs import record_cost
from ytempire.pipeline.storage import artefact_path, read_json, write_json
from ytempire.providers import pricing
from ytempire.providers.publisher_local import LocalPublisher


def upload_video(job) -> None:
    video = job.video
    path = artefact_path(video.id, "youtube_upload")
    if not path.exists():
        publisher = LocalPublisher(current_app.config["STORAGE_PATH"])
        receipt = publisher.upload(video_path=video.video_path, thumbnail_path=video.thumbnail_path,
                                   title=video.title, description=video.description or "", tags=video.tags or [],
                                   privacy_status=video.privacy_status)
        write_json(path, receipt)
        record_cost(job, "youtube_upload", publisher.name, pricing.UPLOAD, 1)
    receipt = read_json(path)
    video.youtube_video_id = receipt["video_id"]
    video.published_at = video.published_at or utcnow()
