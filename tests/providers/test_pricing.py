from decimal import Decimal

import pytest

from ytempire.pipeline.stages import STAGES
from ytempire.accounting import pricing
from ytempire.common.provider_errors import PermanentProviderError


def test_prices_are_dated_2026_11():
    assert pricing.PRICES_AS_OF == "2026-11"


@pytest.mark.parametrize("unit, per_million", [(pricing.INPUT_TOKEN, "0.15"), (pricing.OUTPUT_TOKEN, "0.60")])
def test_gpt_4o_mini_is_priced_per_million_tokens(unit, per_million):
    assert pricing.price_for("openai", unit, "gpt-4o-mini") * 1_000_000 == Decimal(per_million)
    assert pricing.cost("openai", unit, 1_000_000, "gpt-4o-mini") == Decimal(per_million)


def test_dated_openai_snapshot_costs_the_same_as_its_alias():
    assert pricing.price_for("openai", pricing.OUTPUT_TOKEN, "gpt-4o-mini-2024-07-18") == \
        pricing.price_for("openai", pricing.OUTPUT_TOKEN, "gpt-4o-mini")


def test_tts_1_costs_15_dollars_per_million_characters():
    assert pricing.cost("openai", pricing.CHARACTER, 1_000_000, "tts-1") == Decimal("15")


@pytest.mark.parametrize("model, per_thousand", [
    ("eleven_flash_v2_5", "0.05"), ("eleven_turbo_v2_5", "0.05"),
    ("eleven_multilingual_v2", "0.10"), ("eleven_v3", "0.10"),
    ("eleven_model_from_the_future", "0.10"),          # unknown: the dearer tier, so the cap errs safe
])
def test_elevenlabs_is_priced_per_thousand_characters_by_model(model, per_thousand):
    assert pricing.cost("elevenlabs", pricing.CHARACTER, 1000, model) == Decimal(per_thousand)


@pytest.mark.parametrize("provider, unit", [("offline", pricing.INPUT_TOKEN), ("offline", pricing.CHARACTER),
                                            ("local", pricing.UPLOAD), ("youtube", pricing.UPLOAD)])
def test_offline_providers_and_uploads_cost_nothing(provider, unit):
    assert pricing.price_for(provider, unit, None) == 0
    assert pricing.cost(provider, unit, 123456) == 0


def test_render_minutes_are_free_unless_a_compute_price_is_configured(monkeypatch):
    monkeypatch.delenv(pricing.RENDER_PRICE_ENV, raising=False)
    assert pricing.cost(pricing.RENDER_PROVIDER, pricing.MINUTE, 10) == 0
    monkeypatch.setenv(pricing.RENDER_PRICE_ENV, "0.02")
    assert pricing.cost(pricing.RENDER_PROVIDER, pricing.MINUTE, Decimal("2.5")) == Decimal("0.05")


def test_amounts_are_decimals_quantised_to_six_places():
    amount = pricing.cost("openai", pricing.INPUT_TOKEN, 1234, "gpt-4o-mini")   # 0.0001851 exactly
    assert isinstance(amount, Decimal)
    assert amount == Decimal("0.000185")
    assert amount.as_tuple().exponent == -6


def test_unknown_paid_model_is_refused_rather_than_priced_at_zero():
    with pytest.raises(pricing.UnknownPrice) as info:
        pricing.price_for("openai", pricing.INPUT_TOKEN, "gpt-9-ultra")
    assert isinstance(info.value, PermanentProviderError)
    assert "gpt-9-ultra" in str(info.value)


def test_estimate_names_every_pipeline_stage_in_order():
    estimate = pricing.estimate_video_cost(60, "offline", "offline", None)
    assert tuple(estimate) == STAGES
    assert all(isinstance(v, Decimal) and v == 0 for v in estimate.values())


def test_estimate_for_paid_providers_uses_the_same_table():
    estimate = pricing.estimate_video_cost(600, "openai", "elevenlabs", "gpt-4o-mini", voice_model="eleven_flash_v2_5")
    # 10 minutes = 1,500 words = 9,000 characters at $0.05 per 1,000
    assert estimate["voice_synthesis"] == Decimal("0.45")
    assert Decimal(0) < estimate["script_generation"] < Decimal("0.01")
    assert Decimal(0) < estimate["content_optimization"] < Decimal("0.01")
    assert estimate["youtube_upload"] == estimate["thumbnail_creation"] == estimate["video_assembly"] == 0


def test_estimate_grows_with_duration_and_voice_tier():
    short = pricing.estimate_video_cost(60, "openai", "elevenlabs", "gpt-4o-mini", "eleven_flash_v2_5")
    long = pricing.estimate_video_cost(600, "openai", "elevenlabs", "gpt-4o-mini", "eleven_flash_v2_5")
    dear = pricing.estimate_video_cost(600, "openai", "elevenlabs", "gpt-4o-mini", "eleven_multilingual_v2")
    assert long["script_generation"] > short["script_generation"]
    assert long["voice_synthesis"] == 10 * short["voice_synthesis"]
    assert dear["voice_synthesis"] == 2 * long["voice_synthesis"]
