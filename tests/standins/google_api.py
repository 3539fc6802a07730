"""A stand-in for Google's OAuth token endpoint, the YouTube Data API, YouTube Analytics and the hub.

One server answers all four, as the real client libraries call them:
- `POST /token` (authorization_code and refresh_token grants; form-encoded like Google's),
- `GET /youtube/v3/channels` (`mine=true` names the channel the access token belongs to; `id=…`
  returns snippet and statistics),
- `GET /youtube/v3/videos` (`videos.list`, part statistics/snippet/status), `PUT /youtube/v3/videos`
  (`videos.update`, the parts named by `part`), `DELETE /youtube/v3/videos` (`videos.delete`): on the
  uploads in `videos`, and only by the token of the channel that owns them,
- `GET /v2/reports` (YouTube Analytics `reports.query`, dimension day, or none for totals),
- `POST /hub` (PubSubHubbub subscribe requests, answered 202),
- `POST /upload/youtube/v3/captions` (`captions.insert`: a multipart/related body of the caption
  resource's JSON and the caption file, answered with the `youtube#caption` resource).
Tokens are opaque strings it hands out itself; a call with an unknown bearer token is a 401.
"""
from __future__ import annotations

import email
import itertools
import json
from datetime import date, timedelta
from urllib.parse import parse_qs

from tests.standins import RecordedRequest, Reply, StandInServer


def google_error(status: int, reason: str, message: str) -> Reply:
    return Reply.json(status, {"error": {"code": status, "message": message,
                                         "errors": [{"reason": reason, "message": message}]}})


class GoogleStandIn(StandInServer):
    def __init__(self, youtube_channel_id: str = "UC_standin", client_id: str = "client-123.apps",
                 client_secret: str = "client-secret") -> None:
        super().__init__()
        self.youtube_channel_id, self.client_id, self.client_secret = youtube_channel_id, client_id, client_secret
        self.valid_codes: set[str] = {"good-code"}
        self.tokens: dict[str, str] = {}            # access token -> YouTube channel id
        self.refresh_tokens: dict[str, str] = {}    # refresh token -> YouTube channel id
        self.revoked: set[str] = set()
        self.statistics = {"subscriberCount": "1234", "viewCount": "98765", "videoCount": "42"}
        self.daily: dict[str, list[tuple[str, dict]]] = {}    # "channel" or a video id -> [(day, metrics)]
        self.videos: dict[str, dict] = {}     # video id -> {"snippet", "status", "statistics", "owner"}
        self.captions: list[dict] = []              # every caption track received: snippet and file text
        self._ids = itertools.count(1)

    # -- helpers for tests ----------------------------------------------------------------------

    def issue(self, channel_id: str | None = None) -> tuple[str, str]:
        """A fresh (access, refresh) pair belonging to `channel_id`."""
        n = next(self._ids)
        access, refresh = f"ya29.access-{n}", f"1//refresh-{n}"
        self.tokens[access] = self.refresh_tokens[refresh] = channel_id or self.youtube_channel_id
        return access, refresh

    def add_video(self, video_id: str, owner: str | None = None, **statistics) -> dict:
        """An upload of `owner` (the stand-in's channel by default) with the given statistics."""
        self.videos[video_id] = {"snippet": {"title": "Uploaded", "description": "", "tags": [], "categoryId": "22"},
                                 "status": {"privacyStatus": "private"}, "owner": owner or self.youtube_channel_id,
                                 "statistics": {key: str(value) for key, value in statistics.items()}}
        return self.videos[video_id]

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    # -- the service ----------------------------------------------------------------------------

    def respond(self, request: RecordedRequest) -> Reply:
        if request.path == "/token":
            return self._token(parse_qs(request.body.decode()))
        if request.path == "/hub":
            return Reply(202)
        owner = self._bearer_owner(request)
        if request.path == "/youtube/v3/channels":
            return self._channels(request.query, owner)
        if request.path == "/youtube/v3/videos":
            return self._videos(request, owner)
        if request.path == "/upload/youtube/v3/captions" and request.method == "POST":
            return self._insert_caption(request, owner)
        if request.path == "/v2/reports":
            return self._reports(request.query) if owner else google_error(401, "authError", "Invalid Credentials")
        return google_error(404, "notFound", f"no route {request.path}")

    def _bearer_owner(self, request: RecordedRequest) -> str | None:
        header = request.headers.get("authorization", "")
        return self.tokens.get(header.removeprefix("Bearer ").strip())

    def _token(self, form: dict) -> Reply:
        get = lambda key: (form.get(key) or [""])[0]  # noqa: E731
        if (get("client_id"), get("client_secret")) != (self.client_id, self.client_secret):
            return Reply.json(401, {"error": "invalid_client"})
        if get("grant_type") == "authorization_code":
            if get("code") not in self.valid_codes:
                return Reply.json(400, {"error": "invalid_grant", "error_description": "Bad code"})
            access, refresh = self.issue()
            return Reply.json(200, {"access_token": access, "refresh_token": refresh, "expires_in": 3599,
                                    "token_type": "Bearer", "scope": " ".join(self.granted_scopes)})
        if get("grant_type") == "refresh_token":
            refresh = get("refresh_token")
            if refresh in self.revoked or refresh not in self.refresh_tokens:
                return Reply.json(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
            access = f"ya29.refreshed-{next(self._ids)}"
            self.tokens[access] = self.refresh_tokens[refresh]
            return Reply.json(200, {"access_token": access, "expires_in": 3599, "token_type": "Bearer"})
        return Reply.json(400, {"error": "unsupported_grant_type"})

    granted_scopes = ("https://www.googleapis.com/auth/youtube.upload",
                      "https://www.googleapis.com/auth/youtube.readonly",
                      "https://www.googleapis.com/auth/yt-analytics.readonly",
                      "https://www.googleapis.com/auth/yt-analytics-monetary.readonly",
                      "https://www.googleapis.com/auth/youtube.force-ssl")

    def _channels(self, query: dict, owner: str | None) -> Reply:
        if owner is None and "key" not in query:
            return google_error(401, "authError", "Invalid Credentials")
        if query.get("mine") == ["true"]:
            return Reply.json(200, {"kind": "youtube#channelListResponse", "items": [{"id": owner}]})
        wanted = (query.get("id") or [""])[0]
        items = [{"id": wanted, "snippet": {"title": f"YouTube title of {wanted}"}, "statistics": self.statistics}] \
            if wanted else []
        return Reply.json(200, {"kind": "youtube#channelListResponse", "items": items})

    def _videos(self, request: RecordedRequest, owner: str | None) -> Reply:
        if owner is None:
            return google_error(401, "authError", "Invalid Credentials")
        parts = (request.query.get("part") or [""])[0].split(",")
        if request.method == "GET":
            ids = (request.query.get("id") or [""])[0].split(",")
            items = [{"kind": "youtube#video", "id": vid, **{p: self.videos[vid][p] for p in parts if p in
                                                            self.videos[vid]}} for vid in ids if vid in self.videos]
            return Reply.json(200, {"kind": "youtube#videoListResponse", "items": items,
                                    "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}})
        vid = (request.query.get("id") or [""])[0] if request.method == "DELETE" else (request.json() or {}).get("id")
        video = self.videos.get(vid)
        if video is None:
            return google_error(404, "videoNotFound", "The video that you are trying to update cannot be found.")
        if video["owner"] != owner:
            return google_error(403, "forbidden", "The video that you are trying to update is not yours.")
        if request.method == "DELETE":
            del self.videos[vid]
            return Reply(204)
        if request.method == "PUT":
            body = request.json()
            if "snippet" in parts and not (body.get("snippet") or {}).get("title"):
                return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
            for part in parts:
                video[part] = body[part]
            return Reply.json(200, {"kind": "youtube#video", "id": vid, **{p: video[p] for p in parts}})
        return google_error(405, "methodNotAllowed", request.method)
    def _insert_caption(self, request: RecordedRequest, owner: str | None) -> Reply:
        if owner is None:
            return google_error(401, "authError", "Invalid Credentials")
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("multipart/related"):
            return google_error(400, "mediaBodyRequired", "The request does not include the caption track content.")
        message = email.message_from_bytes(f"Content-Type: {content_type}\r\n\r\n".encode() + request.body)
        parts = [part.get_payload(decode=True) for part in message.walk() if not part.is_multipart()]
        try:
            snippet = json.loads(parts[0])["snippet"]
            track = parts[1].decode("utf-8")
        except (IndexError, KeyError, ValueError):
            return google_error(400, "invalidMetadata", "The request metadata is invalid.")
        if not snippet.get("videoId") or not snippet.get("language"):
            return google_error(400, "invalidMetadata", "videoId and language are required.")
        caption_id = f"cap_{next(self._ids)}"
        self.captions.append({"id": caption_id, "snippet": snippet, "track": track,
                              "upload_type": request.query.get("uploadType", [""])[0]})
        return Reply.json(200, {"kind": "youtube#caption", "id": caption_id,
                                "snippet": {**snippet, "trackKind": "standard", "status": "serving"}})

    def set_daily(self, key: str, start: date, values: list[dict]) -> None:
        """Daily metrics for the channel ("channel") or a video id, from `start` on."""
        self.daily[key] = [((start + timedelta(days=i)).isoformat(), v) for i, v in enumerate(values)]

    def _reports(self, query: dict) -> Reply:
        metrics = query["metrics"][0].split(",")
        video = (query.get("filters") or [""])[0].removeprefix("video==")
        start, end = query["startDate"][0], query["endDate"][0]
        rows = [[day] + [values.get(m, 0) for m in metrics] for day, values in self.daily.get(video or "channel", [])
                if start <= day <= end]
        headers = [{"name": m, "columnType": "METRIC", "dataType": "INTEGER"} for m in metrics]
        if "dimensions" not in query:  # totals over the range: one row, no day column
            return Reply.json(200, {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers,
                                    "rows": [[sum(row[i + 1] for row in rows) for i in range(len(metrics))]]})
        headers = [{"name": "day", "columnType": "DIMENSION", "dataType": "STRING"}] + headers
        return Reply.json(200, {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows})
