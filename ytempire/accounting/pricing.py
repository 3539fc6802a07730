"""The one price table, dated, so every cost entry and every estimate use the same numbers.

Cost entries store the units as well as the price, so when a vendor changes its prices the ledger
can be re-priced from this table: every price is kept here once, with the date it was checked.
Prices are US dollars per single unit, kept as exact Decimals; only amounts are rounded.
"""
from __future__ import annotations

import os
import re
from decimal import Decimal

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.text.script_shape import WORDS_PER_MINUTE

PRICES_AS_OF = "2026-11"

# Units as they are written to the ledger.
INPUT_TOKEN = "input_token"
OUTPUT_TOKEN = "output_token"
CHARACTER = "character"
MINUTE = "minute"
UPLOAD = "upload"


def image_unit(size: str, quality: str) -> str:
    """Generated images are priced per picture, by size and quality ("image_1536x1024_medium")."""
    return f"image_{size}_{quality}"

AMOUNT_PLACES = Decimal("0.000001")
PER_MILLION = Decimal(1_000_000)
PER_THOUSAND = Decimal(1_000)

# Sources (checked 2026-11): OpenAI pricing page (gpt-4o-mini $0.15 in / $0.60 out per
# 1M tokens; tts-1 $15 per 1M characters); ElevenLabs API pricing (~$0.05 per 1,000 characters on
# Flash/Turbo, ~$0.10 on Multilingual v2/v3).
_PAID_PRICES: dict[tuple[str, str, str], Decimal] = {
    ("openai", INPUT_TOKEN, "gpt-4o-mini"): Decimal("0.15") / PER_MILLION,
    ("openai", OUTPUT_TOKEN, "gpt-4o-mini"): Decimal("0.60") / PER_MILLION,
    ("openai", CHARACTER, "tts-1"): Decimal("15") / PER_MILLION,
    ("elevenlabs", CHARACTER, "eleven_flash_v2_5"): Decimal("0.05") / PER_THOUSAND,
    ("elevenlabs", CHARACTER, "eleven_flash_v2"): Decimal("0.05") / PER_THOUSAND,
    ("elevenlabs", CHARACTER, "eleven_turbo_v2_5"): Decimal("0.05") / PER_THOUSAND,
    ("elevenlabs", CHARACTER, "eleven_turbo_v2"): Decimal("0.05") / PER_THOUSAND,
    ("elevenlabs", CHARACTER, "eleven_multilingual_v2"): Decimal("0.10") / PER_THOUSAND,
    ("elevenlabs", CHARACTER, "eleven_v3"): Decimal("0.10") / PER_THOUSAND,
    # OpenAI image generation, per picture at medium quality (OpenAI pricing page,
    # https://platform.openai.com/docs/pricing, "Image generation"; gpt-image-1.5, 2025-12).
    ("openai", "image_1536x1024_medium", "gpt-image-1.5"): Decimal("0.050"),
    ("openai", "image_1024x1536_medium", "gpt-image-1.5"): Decimal("0.051"),
    ("openai", "image_1024x1024_medium", "gpt-image-1.5"): Decimal("0.034"),
}

# An ElevenLabs model missing from the table is priced at the dearest tier, so the per-video cap
# errs on the side of stopping early rather than overspending.
_ELEVENLABS_FALLBACK = Decimal("0.10") / PER_THOUSAND

# Providers that cost no money: the offline generators, the local publisher, and YouTube (whose
# limit is quota units, tracked in the quota ledger, not dollars).
FREE_PROVIDERS = frozenset({"offline", "local", "youtube"})

# Rendering runs on our own CPUs; a deployment that wants to charge compute sets this per minute
# of rendered video.
RENDER_PROVIDER = "render"
RENDER_PRICE_ENV = "RENDER_PRICE_PER_MINUTE"

_SNAPSHOT_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class UnknownPrice(PermanentProviderError, LookupError):
    """No price is known for this provider/unit/model: we refuse to guess a paid price as zero.

    Permanent, because retrying cannot teach the table a price; the fix is a new table row."""


def _render_price_per_minute() -> Decimal:
    return Decimal(os.environ.get(RENDER_PRICE_ENV) or "0")


def _base_model(model: str | None) -> str | None:
    """OpenAI dated snapshots ("gpt-4o-mini-2024-07-18") cost the same as their alias."""
    return _SNAPSHOT_SUFFIX.sub("", model) if model else model


def price_for(provider: str, unit: str, model: str | None = None) -> Decimal:
    """Dollars per one `unit` of `provider`'s `model`; raises UnknownPrice for an unpriced paid call."""
    if provider in FREE_PROVIDERS:
        return Decimal(0)
    if provider == RENDER_PROVIDER and unit == MINUTE:
        return _render_price_per_minute()
    price = _PAID_PRICES.get((provider, unit, _base_model(model)))
    if price is not None:
        return price
    if provider == "elevenlabs" and unit == CHARACTER:
        return _ELEVENLABS_FALLBACK
    raise UnknownPrice(f"No price for provider={provider!r} unit={unit!r} model={model!r} (table of {PRICES_AS_OF})")


def cost(provider: str, unit: str, units, model: str | None = None) -> Decimal:
    """The amount for `units` units, quantised to 6 decimal places (the ledger's precision)."""
    return (price_for(provider, unit, model) * Decimal(units)).quantize(AMOUNT_PLACES)


# Estimation assumptions: the shared narration pace, ~6 characters per word with its space and
# punctuation, ~4 characters per token for English-like text, fixed prompt/answer overheads per call.
CHARS_PER_WORD = 6
CHARS_PER_TOKEN = 4
SCRIPT_PROMPT_TOKENS = 400
SCRIPT_JSON_OVERHEAD_TOKENS = 150
OPTIMISE_PROMPT_TOKENS = 350
OPTIMISE_OUTPUT_TOKENS = 600


def estimate_video_cost(duration_seconds: int, script_provider: str, voice_provider: str, model: str | None,
                        voice_model: str | None = None) -> dict[str, Decimal]:
    """Expected cost per pipeline stage before anything runs, from the same table as the ledger."""
    narration_chars = Decimal(duration_seconds) / 60 * WORDS_PER_MINUTE * CHARS_PER_WORD
    script_tokens = (narration_chars / CHARS_PER_TOKEN).to_integral_value() + SCRIPT_JSON_OVERHEAD_TOKENS

    def chat(input_tokens, output_tokens) -> Decimal:
        return (cost(script_provider, INPUT_TOKEN, input_tokens, model)
                + cost(script_provider, OUTPUT_TOKEN, output_tokens, model))

    return {
        "script_generation": chat(SCRIPT_PROMPT_TOKENS, script_tokens),
        "content_optimization": chat(OPTIMISE_PROMPT_TOKENS + script_tokens, OPTIMISE_OUTPUT_TOKENS),
        "voice_synthesis": cost(voice_provider, CHARACTER, narration_chars.to_integral_value(), voice_model),
        "video_assembly": cost(RENDER_PROVIDER, MINUTE, Decimal(duration_seconds) / 60),
        "thumbnail_creation": Decimal(0).quantize(AMOUNT_PLACES),
        "youtube_upload": cost("youtube", UPLOAD, 1),
    }
