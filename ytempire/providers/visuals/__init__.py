"""Visuals: stock footage (Pexels, Pixabay), AI images (OpenAI), offline scenes, or the old slides.

`video_config.visuals` asks for a kind; `auto` takes stock footage when a library key is set,
else AI images when they are enabled, else the offline scenes. A kind whose settings are missing
is refused at the request (400 naming the setting), not discovered at render time.
"""
from __future__ import annotations

from collections.abc import Mapping

from ytempire.providers.visuals.interface import PaidCalls, VisualProvider

VISUALS_KINDS = ("auto", "stock", "ai_images", "slides")
OFFLINE, SLIDES, STOCK, AI_IMAGES = "offline", "slides", "stock", "ai_images"


class VisualsNotConfigured(ValueError):
    """The asked kind of visuals needs settings this deployment lacks."""

    def __init__(self, kind: str, missing: str):
        super().__init__(f"visuals '{kind}' needs {missing}")
        self.kind, self.missing = kind, missing


def _missing_for(config: Mapping, kind: str) -> str | None:
    if kind == STOCK and not (config["PEXELS_API_KEY"] or config["PIXABAY_API_KEY"]):
        return "PEXELS_API_KEY or PIXABAY_API_KEY"
    if kind == AI_IMAGES:
        missing = [name for name in ("AI_IMAGES_ENABLED", "OPENAI_API_KEY") if not config[name]]
        return " and ".join(missing) or None
    return None


def resolve_visuals(config: Mapping, asked: str | None) -> str:
    """The kind that will render: stock | ai_images | offline | slides; VisualsNotConfigured if
    `asked` is a kind this deployment is not set up for."""
    asked = asked or "auto"
    if asked == "auto":
        for kind in (STOCK, AI_IMAGES):
            if _missing_for(config, kind) is None:
                return kind
        return OFFLINE
    if asked not in VISUALS_KINDS:
        raise ValueError(f"unknown visuals {asked!r}; expected one of {', '.join(VISUALS_KINDS)}")
    missing = _missing_for(config, asked)
    if missing:
        raise VisualsNotConfigured(asked, missing)
    return asked


def visual_provider(config: Mapping, kind: str, *, paid_calls: PaidCalls, size: tuple[int, int]) -> VisualProvider:
    """The source for a resolved kind (not `slides`, which the slide renderer draws itself)."""
    # Imported here: the sources use the media modules, which import this package's interface.
    from ytempire.accounting import pricing
    from ytempire.common.media_cache import media_cache
    from ytempire.providers.visuals.offline import OfflineScenes
    from ytempire.providers.visuals.openai_images import OpenAIImages, image_size
    from ytempire.providers.visuals.pexels import PexelsSource
    from ytempire.providers.visuals.pixabay import PixabaySource
    from ytempire.providers.visuals.stock import StockFootage

    timeout = config["VISUALS_TIMEOUT_SECONDS"]
    if kind == STOCK:
        sources = []
        if config["PEXELS_API_KEY"]:
            sources.append(PexelsSource(config["PEXELS_API_KEY"], config["PEXELS_BASE_URL"], timeout))
        if config["PIXABAY_API_KEY"]:
            sources.append(PixabaySource(config["PIXABAY_API_KEY"], config["PIXABAY_BASE_URL"], timeout))
        return StockFootage(sources, media_cache(config), timeout)
    if kind == AI_IMAGES:
        model = config["OPENAI_IMAGE_MODEL"]
        # Unpriced models fail here, before a picture is paid for whose cost could not be recorded.
        pricing.price_for("openai", pricing.image_unit(image_size(size), "medium"), model)
        return OpenAIImages(config["OPENAI_API_KEY"], model, media_cache(config), paid_calls,
                            base_url=config["OPENAI_BASE_URL"], timeout=config["OPENAI_TIMEOUT_SECONDS"])
    if kind == OFFLINE:
        return OfflineScenes()
    raise ValueError(f"no visual provider for {kind!r}")
