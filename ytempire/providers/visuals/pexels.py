"""Pexels (https://www.pexels.com/api/documentation/): video search, photo search when no clip fits.

Requests carry the key in `Authorization`; every file is under the Pexels License, which asks for
no attribution but we credit the author and page anyway (the description lists every source).
"""
from __future__ import annotations

import requests

from ytempire.providers.visuals.http import get_json
from ytempire.providers.visuals.interface import CLIP, STILL, Credit, StockItem

API_BASE = "https://api.pexels.com"
LICENCE = "Pexels License"
PER_PAGE = 15


class PexelsSource:
    name = "pexels"

    def __init__(self, api_key: str, base_url: str | None = None, timeout: float = 30.0):
        self.base_url = (base_url or API_BASE).rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = api_key

    def _search(self, path: str, query: str, orientation: str) -> dict:
        return get_json(self.session, f"{self.base_url}{path}", service="Pexels", timeout=self.timeout,
                        params={"query": query, "orientation": orientation, "per_page": PER_PAGE})

    def search_videos(self, query: str, orientation: str) -> list[StockItem]:
        items = []
        for video in self._search("/videos/search", query, orientation).get("videos") or []:
            files = [f for f in video.get("video_files") or [] if f.get("file_type") == "video/mp4"
                     and f.get("width") and f.get("height") and f.get("link")]
            if not files:
                continue
            user = video.get("user") or {}
            credit = Credit(user.get("name") or "Pexels contributor", video.get("url") or "", LICENCE, self.name)
            for file in files:        # each rendition; the chooser takes the smallest that is big enough
                items.append(StockItem(f"pexels:video:{video['id']}", CLIP, file["link"], int(file["width"]),
                                       int(file["height"]), float(video.get("duration") or 0), credit))
        return items

    def search_photos(self, query: str, orientation: str) -> list[StockItem]:
        items = []
        for photo in self._search("/v1/search", query, orientation).get("photos") or []:
            source = (photo.get("src") or {}).get("original")
            if not source:
                continue
            credit = Credit(photo.get("photographer") or "Pexels contributor", photo.get("url") or "", LICENCE,
                            self.name)
            items.append(StockItem(f"pexels:photo:{photo['id']}", STILL, source, int(photo["width"]),
                                   int(photo["height"]), None, credit))
        return items
