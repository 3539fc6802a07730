"""Script writers: OpenAI when OPENAI_API_KEY is set, else the offline multilingual writer."""
from __future__ import annotations

from collections.abc import Mapping

from ytempire.accounting import pricing
from ytempire.providers.script.interface import ScriptProvider
from ytempire.providers.script.offline import OfflineScriptProvider
from ytempire.providers.script.openai_chat import OpenAIScriptProvider


def script_provider(config: Mapping) -> ScriptProvider:
    """OpenAI when OPENAI_API_KEY is set, else the offline writer.

    The model must be in the price table: checking here fails a misconfiguration at the first
    stage, before any money is spent, instead of after the call when its cost cannot be recorded.
    """
    api_key = config["OPENAI_API_KEY"]
    if not api_key:
        return OfflineScriptProvider()
    model = config["OPENAI_MODEL"]
    pricing.price_for("openai", pricing.INPUT_TOKEN, model)
    pricing.price_for("openai", pricing.OUTPUT_TOKEN, model)
    return OpenAIScriptProvider(api_key=api_key, model=model, base_url=config["OPENAI_BASE_URL"],
                                max_tokens=config["OPENAI_MAX_TOKENS"], timeout=config["OPENAI_TIMEOUT_SECONDS"])
