"""A stand-in for the Pixabay API: `GET /api/videos/` and `GET /api/` (photos), and the files they link.

The key is the `key` query parameter (a wrong one is Pixabay's plain-text 400); hits carry `user`,
`pageURL`, video renditions under `videos.{large,medium,small,tiny}` and photos' `largeImageURL`.
"""
from __future__ import annotations

from collections import Counter

from tests.standins import RecordedRequest, Reply, StandInServer
from tests.standins.stock_library import LibraryItem, serve_file


class PixabayStandIn(StandInServer):
    def __init__(self, library: list[LibraryItem], api_key: str = "pixabay-test-key") -> None:
        super().__init__()
        self.api_key, self.library = api_key, library
        self.downloads: Counter[str] = Counter()

    def respond(self, request: RecordedRequest) -> Reply:
        if request.path.startswith("/files/"):
            return serve_file(self.library, request.path, self.downloads)
        if (request.query.get("key") or [""])[0] != self.api_key:
            return Reply(400, b"[ERROR 400] Invalid or missing API key (https://pixabay.com/api/docs/).",
                         {"Content-Type": "text/plain"})
        if len((request.query.get("q") or [""])[0]) > 100:
            return Reply(400, b"[ERROR 400] \"q\" exceeds the maximum length of 100 characters.",
                         {"Content-Type": "text/plain"})
        if request.path == "/api/videos/":
            hits = [self._video(i) for i in self.library if i.kind == "video"]
        elif request.path == "/api/":
            orientation = (request.query.get("orientation") or ["all"])[0]
            hits = [self._photo(i) for i in self.library if i.kind == "photo" and (
                orientation == "all" or (orientation == "vertical") == (i.height > i.width))]
        else:
            return Reply(404, b"Not Found")
        return Reply.json(200, {"total": len(hits), "totalHits": len(hits), "hits": hits},
                          {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "60"})

    def _video(self, item: LibraryItem) -> dict:
        link = f"{self.url}/files/{item.path.name}"
        rendition = {"url": link, "width": item.width, "height": item.height, "size": item.path.stat().st_size,
                     "thumbnail": link}
        return {"id": item.id, "pageURL": f"https://pixabay.com/videos/clip-{item.id}/", "type": "film",
                "tags": "test, pattern", "duration": int(round(item.duration)), "videos": {"large": rendition},
                "views": 10, "downloads": 1, "likes": 0, "comments": 0, "user_id": item.id * 3, "user": item.author,
                "userImageURL": ""}

    def _photo(self, item: LibraryItem) -> dict:
        link = f"{self.url}/files/{item.path.name}"
        return {"id": item.id, "pageURL": f"https://pixabay.com/photos/photo-{item.id}/", "type": "photo",
                "tags": "test, pattern", "previewURL": link, "webformatURL": link, "largeImageURL": link,
                "imageWidth": item.width, "imageHeight": item.height, "imageSize": item.path.stat().st_size,
                "views": 10, "downloads": 1, "likes": 0, "comments": 0, "user_id": item.id * 3, "user": item.author,
                "userImageURL": ""}
