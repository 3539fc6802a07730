"""Stock footage sources against their stand-ins: choice by orientation, resolution and length,
no clip twice, photos then drawn scenes when no clip fits, credits, and the shared cache."""
from __future__ import annotations

import os

import pytest

from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.common.media_cache import MediaCache
from ytempire.common.ffmpeg import probe
from ytempire.providers.visuals.interface import CLIP, STILL, VisualRequest
from ytempire.providers.visuals.pexels import PexelsSource
from ytempire.providers.visuals.pixabay import PixabaySource
from ytempire.providers.visuals.stock import StockFootage
from ytempire.providers.voice.interface import TimedText

from tests.standins import Reply
from tests.standins.pexels_server import PexelsStandIn
from tests.standins.pixabay_server import PixabayStandIn
from tests.standins.stock_library import build_library

SIZE = (1280, 720)
SENTENCES = [("Solar panels cover the roof.", 2.5), ("Sunlight hits the silicon cells.", 3.5),
             ("Electrons start to flow.", 2.6), ("The inverter feeds the house.", 4.0)]


@pytest.fixture(scope="session")
def stock_files(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("stock-library"))


def visual_request(workdir, sentences=SENTENCES, size=SIZE) -> VisualRequest:
    segments, at = [], 0.0
    for text, seconds in sentences:
        segments.append(TimedText(text, at, at + seconds - 0.25))
        at += seconds
    return VisualRequest(topic="How solar panels make electricity", title="Solar power", sections=[],
                         segments=segments, duration=at, size=size, workdir=str(workdir))


def test_pexels_clips_fit_the_frame_are_used_once_and_last_their_sentence(stock_files, tmp_path):
    with PexelsStandIn(stock_files, api_key="px-key") as api:
        source = PexelsSource("px-key", base_url=api.url, timeout=5)
        plan = StockFootage([source], MediaCache(tmp_path / "cache")).plan(visual_request(tmp_path))
        searches = [r for r in api.requests if r.path == "/videos/search"]
    assert [s.kind for s in plan.shots] == [CLIP] * 4
    assert len({s.source_id for s in plan.shots}) == 4                       # never the same clip twice
    starts = [0.0, 2.5, 6.0, 8.6]
    assert [round(s.start, 3) for s in plan.shots] == starts
    assert [round(s.duration, 3) for s in plan.shots] == [2.5, 3.5, 2.6, 4.0]
    for shot in plan.shots:
        video = probe(shot.path).of_kind("video")[0]
        assert (video.width, video.height) >= SIZE                       # the small renditions were passed over
        assert shot.path.startswith(str(tmp_path / "cache"))
        assert abs(shot.clip_duration - probe(shot.path).duration) < 0.1
    # Clips long enough for their sentence come first; a 4 s sentence gets a 3 s clip, looped.
    assert plan.shots[3].clip_duration < plan.shots[3].duration
    assert all(r.query["orientation"] == ["landscape"] and r.query["query"][0] for r in searches)
    credit = plan.shots[0].credit
    assert credit.licence == "Pexels License" and credit.author.startswith("Filmer")
    assert credit.source_url.startswith("https://www.pexels.com/video/")


def test_pexels_photos_when_no_clip_is_big_enough_then_drawn_scenes(stock_files, tmp_path):
    small_only = [i for i in stock_files if not (i.kind == "video" and i.width >= SIZE[0])]
    with PexelsStandIn(small_only, api_key="px-key") as api:
        plan = StockFootage([PexelsSource("px-key", base_url=api.url, timeout=5)],
                            MediaCache(tmp_path / "cache")).plan(visual_request(tmp_path))
        photo_searches = [r for r in api.requests if r.path == "/v1/search"]
    assert [s.kind for s in plan.shots] == [STILL] * 4
    photos = [s for s in plan.shots if s.source_id.startswith("pexels:photo:")]
    assert len(photos) == 3 and len({s.source_id for s in photos}) == 3     # the library has three
    assert plan.shots[3].source_id.startswith("offline:") and os.path.getsize(plan.shots[3].path) > 10_000
    assert photo_searches and photos[0].credit.author.startswith("Photographer")


def test_pixabay_clips_with_the_key_in_the_query_and_its_licence(stock_files, tmp_path):
    with PixabayStandIn(stock_files, api_key="pb-key") as api:
        plan = StockFootage([PixabaySource("pb-key", base_url=api.url, timeout=5)],
                            MediaCache(tmp_path / "cache")).plan(visual_request(tmp_path))
        searches = [r for r in api.requests if r.path == "/api/videos/"]
    assert [s.kind for s in plan.shots] == [CLIP] * 4 and len({s.source_id for s in plan.shots}) == 4
    assert all(r.query["key"] == ["pb-key"] and len(r.query["q"][0]) <= 100 for r in searches)
    assert {c.licence for c in plan.credits} == {"Pixabay Content License"}
    assert all(c.source_url.startswith("https://pixabay.com/videos/") for c in plan.credits)


def test_a_clip_is_downloaded_once_for_two_videos(stock_files, tmp_path):
    cache = MediaCache(tmp_path / "shared-cache")
    with PexelsStandIn(stock_files, api_key="px-key") as api:
        source = PexelsSource("px-key", base_url=api.url, timeout=5)
        first = StockFootage([source], cache).plan(visual_request(tmp_path / "v1"))
        after_first = sum(api.downloads.values())
        second = StockFootage([source], cache).plan(visual_request(tmp_path / "v2"))
    assert after_first == 4 and sum(api.downloads.values()) == 4           # the second video fetched nothing
    assert [s.path for s in second.shots] == [s.path for s in first.shots]
    assert all(count == 1 for count in api.downloads.values())


def test_a_wrong_key_is_permanent_and_a_server_error_transient(stock_files, tmp_path):
    with PexelsStandIn(stock_files, api_key="px-key") as api:
        with pytest.raises(PermanentProviderError, match="401"):
            PexelsSource("wrong", base_url=api.url, timeout=5).search_videos("sun", "landscape")
    with PixabayStandIn(stock_files, api_key="pb-key") as api:
        api.queue(Reply(503, b"Service Unavailable", {"Retry-After": "4"}))
        with pytest.raises(TransientProviderError) as failure:
            PixabaySource("pb-key", base_url=api.url, timeout=5).search_videos("sun", "landscape")
        assert failure.value.retry_after == 4.0


def test_cache_trim_deletes_the_least_recently_used_until_it_fits(tmp_path):
    cache = MediaCache(tmp_path / "cache")
    paths = {}
    for n, name in enumerate(("old", "used", "new")):
        paths[name], cached = cache.fetch(f"https://files/{name}", ".bin",
                                          lambda to, n=n: to.write_bytes(bytes([n]) * 1000))
        assert not cached
        os.utime(paths[name], (1_000_000 + n, 1_000_000 + n))
    assert cache.lookup("https://files/used") == paths["used"]            # a use moves it to the front
    removed = cache.trim(2000)
    assert removed == [paths["old"]] and cache.size_bytes() == 2000
    assert cache.lookup("https://files/old") is None
    _, cached = cache.fetch("https://files/new", ".bin", lambda to: pytest.fail("fetched again"))
    assert cached


def test_choice_follows_the_formats_orientation_resolution_and_length():
    from ytempire.providers.visuals.interface import Credit, StockItem
    from ytempire.providers.visuals.stock import choose

    credit = Credit("A", "https://example.org/a", "Pexels License", "pexels")

    def item(n, w, h, seconds):
        return StockItem(f"pexels:video:{n}", CLIP, f"https://files/{n}.mp4", w, h, seconds, credit)

    hits = [item(1, 1920, 1080, 20), item(2, 1080, 1920, 3), item(3, 2160, 3840, 12), item(4, 720, 1280, 30),
            item(5, 1080, 1920, 12), item(6, 3840, 2160, 4)]
    assert choose(hits, (1080, 1920), 8.0, set()).source_id == "pexels:video:5"   # long enough, smallest that fits
    assert choose(hits, (1080, 1920), 8.0, {"pexels:video:5"}).source_id == "pexels:video:3"
    assert choose(hits, (1080, 1920), 2.0, {"pexels:video:5", "pexels:video:3"}).source_id == "pexels:video:2"
    assert choose(hits, (1920, 1080), 10.0, set()).source_id == "pexels:video:1"
    assert choose(hits, (1920, 1080), 30.0, {"pexels:video:1"}).source_id == "pexels:video:6"  # looped: none longer
    assert choose(hits, (1280, 720), 5.0, {"pexels:video:1", "pexels:video:6"}) is None
