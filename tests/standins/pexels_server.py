"""A stand-in for the Pexels API: `GET /videos/search`, `GET /v1/search` and the files they link.

Answers are shaped like Pexels' (videos with `user` and `video_files` renditions, photos with
`photographer` and `src`); the key goes in the `Authorization` header, a wrong one is a 401, and
every answer carries the `X-Ratelimit-*` headers. Files are served from `/files/<name>`; the
stand-in counts how often each was downloaded.
"""
from __future__ import annotations

from collections import Counter

from tests.standins import RecordedRequest, Reply, StandInServer
from tests.standins.stock_library import LibraryItem, serve_file


class PexelsStandIn(StandInServer):
    def __init__(self, library: list[LibraryItem], api_key: str = "pexels-test-key") -> None:
        super().__init__()
        self.api_key, self.library = api_key, library
        self.downloads: Counter[str] = Counter()

    def _matches(self, item: LibraryItem, kind: str, orientation: str | None) -> bool:
        if item.kind != kind:
            return False
        if orientation == "landscape":
            return item.width > item.height
        if orientation == "portrait":
            return item.height > item.width
        return True

    def respond(self, request: RecordedRequest) -> Reply:
        if request.path.startswith("/files/"):
            return serve_file(self.library, request.path, self.downloads)
        if request.headers.get("authorization") != self.api_key:
            return Reply.json(401, {"status": 401, "code": "Unauthorized"})
        query = (request.query.get("query") or [""])[0]
        orientation = (request.query.get("orientation") or [None])[0]
        per_page = int((request.query.get("per_page") or ["15"])[0])
        if request.path == "/videos/search":
            hits = [self._video(i) for i in self.library if self._matches(i, "video", orientation)][:per_page]
            body = {"page": 1, "per_page": per_page, "total_results": len(hits), "videos": hits,
                    "url": f"https://www.pexels.com/videos/search/{query}/"}
        elif request.path == "/v1/search":
            hits = [self._photo(i) for i in self.library if self._matches(i, "photo", orientation)][:per_page]
            body = {"page": 1, "per_page": per_page, "total_results": len(hits), "photos": hits}
        else:
            return Reply.json(404, {"status": 404, "code": "Not Found"})
        return Reply.json(200, body, {"X-Ratelimit-Limit": "20000", "X-Ratelimit-Remaining": "19999",
                                      "X-Ratelimit-Reset": "1767225600"})

    def _video(self, item: LibraryItem) -> dict:
        return {"id": item.id, "width": item.width, "height": item.height, "duration": int(round(item.duration)),
                "url": f"https://www.pexels.com/video/clip-{item.id}/", "image": f"{self.url}/files/{item.path.name}",
                "user": {"id": item.id * 7, "name": item.author, "url": f"https://www.pexels.com/@user{item.id}"},
                "video_files": [{"id": item.id * 10, "quality": "hd", "file_type": "video/mp4", "width": item.width,
                                 "height": item.height, "fps": 12.0, "link": f"{self.url}/files/{item.path.name}"}],
                "video_pictures": []}

    def _photo(self, item: LibraryItem) -> dict:
        link = f"{self.url}/files/{item.path.name}"
        return {"id": item.id, "width": item.width, "height": item.height,
                "url": f"https://www.pexels.com/photo/photo-{item.id}/", "photographer": item.author,
                "photographer_url": f"https://www.pexels.com/@user{item.id}", "photographer_id": item.id,
                "avg_color": "#808080", "alt": "a test picture",
                "src": {"original": link, "large2x": link, "large": link, "medium": link, "small": link}}
