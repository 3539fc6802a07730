import json
import time

import pytest

from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.providers.script.interface import ScriptRequest
from ytempire.providers.script.openai_chat import ModelOutputError, OpenAIScriptProvider

from tests.providers.conftest import OPENAI_KEY
from tests.standins.openai_server import default_script

REQUEST = ScriptRequest(topic="sourdough bread", niche="baking", duration_seconds=60, language="es-ES")


def sent(api, index=-1) -> dict:
    return api.requests[index].json()


def test_script_comes_from_one_json_mode_chat_completion(openai_provider, openai_api):
    script = openai_provider.write_script(REQUEST)
    assert len(openai_api.requests) == 1
    request = openai_api.requests[0]
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert request.headers["x-stainless-retry-count"] == "0"
    body = request.json()
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    prompt = body["messages"][1]["content"]
    assert "Spanish" in prompt and "es-ES" in prompt and "150 spoken words" in prompt and "sourdough bread" in prompt
    expected = default_script("sourdough bread")
    assert [s.heading for s in script.sections] == [s["heading"] for s in expected["sections"]]
    assert script.title == expected["title"]
    assert (script.provider, script.model, script.language) == ("openai", "gpt-4o-mini", "es-ES")


def test_usage_tokens_are_taken_from_the_response(openai_provider, openai_api):
    script = openai_provider.write_script(REQUEST)
    usage = openai_api.replies[0]["usage"]
    assert (script.input_tokens, script.output_tokens) == (usage["prompt_tokens"], usage["completion_tokens"])
    assert script.input_tokens > 0 and script.output_tokens > 0


def test_long_scripts_get_a_token_budget_that_can_hold_them(openai_provider, openai_api):
    openai_provider.write_script(ScriptRequest(topic="x", duration_seconds=1200))
    assert sent(openai_api)["max_tokens"] >= 3000 * 2
    openai_provider.write_script(ScriptRequest(topic="x", duration_seconds=30))
    assert sent(openai_api)["max_tokens"] == 2000


def test_metadata_keeps_users_title_and_adds_computed_chapters(openai_provider, openai_api):
    req = ScriptRequest(topic="sourdough bread", niche="baking", title="My sourdough diary", duration_seconds=60)
    script = openai_provider.write_script(req)
    metadata = openai_provider.optimize_metadata(script, req)
    prompt = sent(openai_api)["messages"][1]["content"]
    assert script.sections[1].text in prompt and "My sourdough diary" in prompt
    assert metadata.title == "My sourdough diary"
    assert metadata.description.startswith("Everything about sourdough bread in a few minutes.\n\n")
    assert "\n0:00 Hook\n" in metadata.description
    assert {"guide", "tutorial", "sourdough bread", "baking"} <= set(metadata.tags)
    usage = openai_api.replies[-1]["usage"]
    assert (metadata.input_tokens, metadata.output_tokens) == (usage["prompt_tokens"], usage["completion_tokens"])
    assert metadata.model == "gpt-4o-mini"


def test_metadata_uses_the_models_title_when_the_user_gave_none(openai_provider, openai_api):
    req = ScriptRequest(topic="sourdough bread", duration_seconds=60)
    metadata = openai_provider.optimize_metadata(openai_provider.write_script(req), req)
    assert metadata.title == "sourdough bread: the complete guide"


def test_429_is_transient_with_retry_after_and_the_library_does_not_retry(openai_provider, openai_api):
    openai_api.rate_limit_next(retry_after=7)
    with pytest.raises(TransientProviderError) as info:
        openai_provider.write_script(REQUEST)
    assert "429" in str(info.value) and info.value.retry_after == 7
    assert len(openai_api.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(openai_provider, openai_api, status):
    openai_api.server_error_next(status)
    with pytest.raises(TransientProviderError, match=str(status)):
        openai_provider.write_script(REQUEST)
    assert len(openai_api.requests) == 1


def test_wrong_api_key_is_permanent(openai_api):
    provider = OpenAIScriptProvider(api_key="sk-wrong", base_url=openai_api.base_url, timeout=5)
    with pytest.raises(PermanentProviderError, match="401") as info:
        provider.write_script(REQUEST)
    assert not isinstance(info.value, TransientProviderError)
    assert openai_api.requests[0].headers["authorization"] == "Bearer sk-wrong"


@pytest.mark.parametrize("status, code", [(400, None), (403, "unsupported_country_region_territory"),
                                          (404, "model_not_found")])
def test_client_errors_are_permanent(openai_provider, openai_api, status, code):
    openai_api.error_next(status, f"error {status}", code=code)
    with pytest.raises(PermanentProviderError, match=str(status)):
        openai_provider.write_script(REQUEST)


def test_timeout_is_transient(openai_api):
    provider = OpenAIScriptProvider(api_key=OPENAI_KEY, base_url=openai_api.base_url, timeout=0.5)
    openai_api.slow_next(5)
    started = time.monotonic()
    with pytest.raises(TransientProviderError, match="unreachable"):
        provider.write_script(REQUEST)
    assert time.monotonic() - started < 3
    assert len(openai_api.requests) == 1


def test_refused_connection_is_transient(closed_port_url):
    provider = OpenAIScriptProvider(api_key=OPENAI_KEY, base_url=f"{closed_port_url}/v1", timeout=2)
    with pytest.raises(TransientProviderError):
        provider.write_script(REQUEST)


def test_invalid_json_content_is_permanent_and_keeps_the_billed_tokens(openai_provider, openai_api):
    openai_api.answer_next("Sure! Here is your script: {not json")
    with pytest.raises(ModelOutputError, match="invalid JSON") as info:
        openai_provider.write_script(REQUEST)
    assert isinstance(info.value, PermanentProviderError)
    assert info.value.output_tokens == openai_api.replies[0]["usage"]["completion_tokens"] > 0


@pytest.mark.parametrize("content", [json.dumps({"title": "x"}), json.dumps({"sections": "none"}),
                                     json.dumps({"sections": [{"heading": "", "text": "x"}]}), json.dumps([1, 2])])
def test_json_without_usable_sections_is_permanent(openai_provider, openai_api, content):
    openai_api.answer_next(content)
    with pytest.raises(ModelOutputError):
        openai_provider.write_script(REQUEST)


def test_answer_cut_off_at_max_tokens_is_permanent(openai_provider, openai_api):
    openai_api.answer_next('{"title": "x", "sections": [', finish_reason="length")
    with pytest.raises(ModelOutputError, match="OPENAI_MAX_TOKENS"):
        openai_provider.write_script(REQUEST)


def test_the_script_carries_one_footage_query_per_sentence(openai_provider, openai_api):
    script = openai_provider.write_script(REQUEST)
    system = openai_api.requests[0].json()["messages"][0]["content"]
    assert '"visuals"' in system and "per sentence" in system
    expected = default_script("sourdough bread")
    assert [s.visual_queries for s in script.sections] == [s["visuals"] for s in expected["sections"]]


def test_unusable_footage_queries_keep_the_others_in_place(openai_provider, openai_api):
    answer = {"title": "T", "sections": [{"heading": "Hook", "text": "One. Two. Three.",
                                          "visuals": ["  bread   loaf ", 7, "oven"]},
                                         {"heading": "End", "text": "Bye.", "visuals": "not a list"}]}
    openai_api.answer_next(json.dumps(answer))
    script = openai_provider.write_script(REQUEST)
    assert [s.visual_queries for s in script.sections] == [["bread loaf", "", "oven"], []]
