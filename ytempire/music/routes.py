"""/api/v1/media/music: the user's music library for videos' background music."""
from functools import wraps

from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required
from werkzeug.exceptions import RequestEntityTooLarge

from ytempire.common.docs import ApiBlueprint
from ytempire.common.pagination import PaginationQuerySchema
from ytempire.errors import ValidationError
from ytempire.music import service
from ytempire.music.schemas import MusicListSchema, MusicTrackSchema, MusicUploadSchema

blp = ApiBlueprint("music", __name__, url_prefix="/api/v1/media/music",
                   description="Music tracks to play under the narration (video_config.music)")

MULTIPART_OVERHEAD = 64 * 1024        # boundaries and part headers around the file


def music_upload_limit(view):
    """Allow bodies up to MUSIC_MAX_BYTES here (the app-wide limit is far lower); larger is a 400."""
    @wraps(view)
    def limited(*args, **kwargs):
        request.max_content_length = current_app.config["MUSIC_MAX_BYTES"] + MULTIPART_OVERHEAD
        if request.method == "POST":
            try:
                request.files             # parse now, so an oversized body is refused here
            except RequestEntityTooLarge:
                message = f"The upload is larger than {current_app.config['MUSIC_MAX_BYTES'] / 2**20:.1f} MiB"
                raise ValidationError(message, details=[{"field": "file", "message": message}]) from None
        return view(*args, **kwargs)
    return limited


@blp.route("")
class MusicTracks(MethodView):
    decorators = [music_upload_limit, jwt_required()]

    @blp.arguments(PaginationQuerySchema, location="query")
    @blp.response(200, MusicListSchema)
    @blp.authenticated
    @blp.errors(400)
    def get(self, args):
        """The user's music tracks, newest first"""
        tracks, pagination = service.list_tracks(current_user.id, args["page"], args["limit"])
        return {"tracks": tracks, "pagination": pagination}

    @blp.arguments(MusicUploadSchema, location="files")
    @blp.response(201, MusicTrackSchema)
    @blp.authenticated
    @blp.errors(400)
    def post(self, files):
        """Upload a track (multipart field `file`); type, size and length are checked with ffmpeg"""
        return service.upload_track(current_user.id, files["file"])


@blp.route("/<track_id>")
class MusicTrackById(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, MusicTrackSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, track_id):
        """One music track"""
        return service.get_owned_track(current_user.id, track_id)

    @blp.response(204)
    @blp.authenticated
    @blp.errors(404)
    def delete(self, track_id):
        """Delete a track and its file; videos that chose it render without music"""
        service.delete_track(service.get_owned_track(current_user.id, track_id))
