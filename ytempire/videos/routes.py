"""/api/v1/videos: generation requests, status, lifecycle, cost and files."""
import re

from flask import Response, redirect, request, send_file, stream_with_context
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.common.docs import ApiBlueprint
from ytempire.errors import ValidationError
from ytempire.videos import answers, service
from ytempire.videos.events import open_event_stream
from ytempire.videos.schemas import (GenerateBatchResponseSchema, GenerateBatchSchema, GenerateVideoResponseSchema, GenerateVideoSchema, PublishSchema,
                                     VideoCostSchema, VideoDeleteQuerySchema, VideoListQuerySchema, VideoListSchema, VideoSchema,
                                     VideoStatusSchema, VideoUpdateSchema)

STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")

REDIRECT_TO_STORE = "With object storage (STORAGE_TYPE=s3): Location is a presigned link to the file, valid for minutes"

blp = ApiBlueprint("videos", __name__, url_prefix="/api/v1/videos", description="Video generation and lifecycle")


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 255):
        raise ValidationError(details=[{"field": "Idempotency-Key", "message": "Must be 1-255 characters"}])
    return key


@blp.route("/generate")
class GenerateVideo(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(GenerateVideoSchema)
    @blp.response(202, GenerateVideoResponseSchema)
    @blp.authenticated
    @blp.errors(400, 402, 404, 422, 429, 503)
    def post(self, data):
        """Queue a video: script, optimization, voice, assembly, thumbnail, upload"""
        video, _created = service.generate_video(current_user, data, idempotency_key())
        return service.generation_receipt(video)


@blp.route("/generate/batch")
class GenerateBatch(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(GenerateBatchSchema)
    @blp.response(202, GenerateBatchResponseSchema)
    @blp.authenticated
    @blp.errors(400, 402, 429, 503)
    def post(self, data):
        """Queue up to 50 videos at once; nothing is queued if any item is invalid"""
        videos = service.generate_batch(current_user, data["items"])
        jobs = [{"job_id": v.job.id, "video_id": v.id, "status": v.status, "estimated_cost": v.estimated_cost}
                for v in videos]
        return {"jobs": jobs, "count": len(jobs), "estimated_cost": sum(v.estimated_cost for v in videos)}


@blp.route("")
class Videos(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(VideoListQuerySchema, location="query")
    @blp.response(200, VideoListSchema)
    @blp.authenticated
    @blp.errors(400)
    def get(self, args):
        """List videos: filter by channel, status and creation time; sort; page or cursor"""
        return answers.list_response(*service.list_videos(current_user.id, args))


# uuid: a plain <video_id> would also match "generate", and OPTIONS /generate would then offer GET, PUT, DELETE.
@blp.route("/<uuid:video_id>")
class VideoById(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, VideoSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """One video"""
        return answers.video_response(service.owned_video_version(current_user.id, video_id))

    @blp.arguments(VideoUpdateSchema)
    @blp.response(200, VideoSchema)
    @blp.authenticated
    @blp.errors(400, 404, 409, 503)
    def put(self, changes, video_id):
        """Edit title, description, tags, privacy or schedule; an uploaded video is edited on YouTube too"""
        return service.update_video(service.get_owned_video(current_user.id, video_id), changes)

    @blp.arguments(VideoDeleteQuerySchema, location="query")
    @blp.response(204)
    @blp.authenticated
    @blp.errors(400, 404, 409, 503)
    def delete(self, args, video_id):
        """Delete a video: cancels its job, revokes its tasks, removes its files; `delete_from_youtube=true` also deletes the upload on YouTube"""
        service.delete_video(service.get_owned_video(current_user.id, video_id), args["delete_from_youtube"])


@blp.route("/<video_id>/status")
class VideoStatus(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, VideoStatusSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """Generation progress: stage, stages completed and remaining, error when failed"""
        return answers.status_response(service.owned_video_version(current_user.id, video_id))


@blp.route("/<video_id>/publish")
class PublishVideo(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(PublishSchema)
    @blp.response(202, VideoStatusSchema)
    @blp.authenticated
    @blp.errors(400, 404, 409)
    def post(self, options, video_id):
        """Publish a completed video now, or schedule it"""
        video = service.publish_video(service.get_owned_video(current_user.id, video_id), options)
        return service.video_status(video)


@blp.route("/<video_id>/approve")
class ApproveVideo(MethodView):
    decorators = [jwt_required()]

    @blp.response(202, VideoStatusSchema)
    @blp.authenticated
    @blp.errors(404, 409)
    def post(self, video_id):
        """Approve a video held for review: its upload is released, once"""
        return service.video_status(service.approve_video(service.get_owned_video(current_user.id, video_id)))


@blp.route("/<video_id>/retry")
class RetryVideo(MethodView):
    decorators = [jwt_required()]

    @blp.response(202, VideoStatusSchema)
    @blp.authenticated
    @blp.errors(404, 409)
    def post(self, video_id):
        """Resume a failed video at the stage that failed"""
        return service.video_status(service.retry_video(service.get_owned_video(current_user.id, video_id)))


@blp.route("/<video_id>/cost")
class VideoCost(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, VideoCostSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """Cost by stage group, derived from the per-call ledger"""
        return service.video_cost(service.get_owned_video(current_user.id, video_id))


@blp.route("/<video_id>/download")
class DownloadVideo(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, description="The MP4 file", content_type="video/mp4")
    @blp.alt_response(302, description=REDIRECT_TO_STORE)
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """Download the rendered MP4 (or, with object storage, a redirect to a short-lived link to it)"""
        video = service.get_owned_video(current_user.id, video_id)
        name = f"{video.id}.mp4"
        return _send(service.video_file(video, "video", download_name=name, content_type="video/mp4"),
                     mimetype="video/mp4", as_attachment=True, download_name=name, conditional=True)


@blp.route("/<video_id>/thumbnail")
class VideoThumbnail(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, description="The thumbnail image", content_type="image/jpeg")
    @blp.alt_response(302, description=REDIRECT_TO_STORE)
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """The generated thumbnail"""
        video = service.get_owned_video(current_user.id, video_id)
        return _send(service.video_file(video, "thumbnail", content_type="image/jpeg"), mimetype="image/jpeg")


@blp.route("/<video_id>/preview")
class VideoPreview(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, description="A 3x3 contact sheet of the video's frames, each with its time",
                  content_type="image/png")
    @blp.alt_response(302, description=REDIRECT_TO_STORE)
    @blp.authenticated
    @blp.errors(404, 409)
    def get(self, video_id):
        """Contact sheet (PNG, 3x3 frames with their times); 409 while the video is not rendered yet"""
        video = service.get_owned_video(current_user.id, video_id)
        return _send(service.video_preview(video), mimetype="image/png", conditional=True)


def _send(stored: service.StoredFile, **send_options):
    """Send a local file, or redirect to the object store's short-lived link."""
    if stored.url:
        return redirect(stored.url, code=302)
    return send_file(stored.path, **send_options)


@blp.route("/<video_id>/events")
class VideoEvents(MethodView):
    # EventSource cannot send headers, so this one endpoint also takes ?access_token=.
    decorators = [jwt_required(locations=["headers", "query_string"])]

    @blp.response(200, description="text/event-stream of state, stage and progress events",
                  content_type="text/event-stream")
    @blp.authenticated
    @blp.errors(404)
    def get(self, video_id):
        """Live progress (Server-Sent Events); resumes after Last-Event-ID, ends with the final state"""
        video = service.get_owned_video(current_user.id, video_id)
        last_event_id = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
        if last_event_id and not STREAM_ID.match(last_event_id):
            last_event_id = None  # not one of ours: start from the current state
        stream = open_event_stream(video, last_event_id)
        return Response(stream_with_context(stream), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
