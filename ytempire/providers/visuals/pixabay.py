"""Pixabay (https://pixabay.com/api/docs/): videos and photos, the key as a query parameter.

Content is under the Pixabay Content License; the author and page are credited in the description.
"""
from __future__ import annotations

import requests

from ytempire.providers.visuals.http import get_json
from ytempire.providers.visuals.interface import CLIP, STILL, Credit, StockItem

API_BASE = "https://pixabay.com"
LICENCE = "Pixabay Content License"
PER_PAGE = 20
MAX_QUERY_CHARS = 100                 # Pixabay rejects longer `q`
ORIENTATION = {"landscape": "horizontal", "portrait": "vertical"}


class PixabaySource:
    name = "pixabay"

    def __init__(self, api_key: str, base_url: str | None = None, timeout: float = 30.0):
        self.api_key = api_key
        self.base_url = (base_url or API_BASE).rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def _search(self, path: str, query: str, **extra) -> list[dict]:
        params = {"key": self.api_key, "q": query[:MAX_QUERY_CHARS], "per_page": PER_PAGE, "safesearch": "true",
                  **extra}
        return get_json(self.session, f"{self.base_url}{path}", service="Pixabay", timeout=self.timeout,
                        params=params).get("hits") or []

    def search_videos(self, query: str, orientation: str) -> list[StockItem]:
        items = []
        for hit in self._search("/api/videos/", query):
            credit = Credit(hit.get("user") or "Pixabay contributor", hit.get("pageURL") or "", LICENCE, self.name)
            for rendition in (hit.get("videos") or {}).values():
                if rendition.get("url") and rendition.get("width") and rendition.get("height"):
                    items.append(StockItem(f"pixabay:video:{hit['id']}", CLIP, rendition["url"],
                                           int(rendition["width"]), int(rendition["height"]),
                                           float(hit.get("duration") or 0), credit))
        return items

    def search_photos(self, query: str, orientation: str) -> list[StockItem]:
        items = []
        for hit in self._search("/api/", query, image_type="photo",
                                orientation=ORIENTATION.get(orientation, "all")):
            url = hit.get("largeImageURL") or hit.get("webformatURL")
            if not url:
                continue
            credit = Credit(hit.get("user") or "Pixabay contributor", hit.get("pageURL") or "", LICENCE, self.name)
            # largeImageURL is scaled to at most 1280 px on its long side; the size is what is served.
            width, height = int(hit.get("imageWidth") or 0), int(hit.get("imageHeight") or 0)
            scale = min(1.0, 1280 / max(width, height, 1)) if "largeImageURL" in hit else 1.0
            items.append(StockItem(f"pixabay:photo:{hit['id']}", STILL, url, int(width * scale),
                                   int(height * scale), None, credit))
        return items
