"""Script and metadata from OpenAI chat completions, answered as JSON objects.

Two calls per video: one writes the narration (sections for the asked duration and language), one
turns the finished script into title, description and tags. Chapter timestamps are not left to the
model: they are computed from the sections' word counts, like the offline writer's.

The client's own retries are off (`max_retries=0`): Celery retries the stage with backoff and
jitter, and two retry layers would multiply waits and spend. Failures are sorted into transient
(timeouts, connection errors, 429, 5xx) and permanent (other 4xx, unusable answers).
"""
from __future__ import annotations

import json

import openai

from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.providers.script.interface import Script, ScriptRequest, ScriptSection, VideoMetadata
from ytempire.text.languages import language_info
from ytempire.text.phrasebooks import phrasebook_for
from ytempire.text.script_shape import WORDS_PER_MINUTE, point_count, target_word_count
from ytempire.text.youtube_metadata import build_description, fit_tags, fit_title, hashtags, keywords

TOKENS_PER_WORD_BUDGET = 3            # generous: non-Latin scripts take 2–3 tokens a word, plus JSON
SCRIPT_EXCERPT_CHARS = 6000           # what the metadata call sees of the script; bounds its cost

SCRIPT_SYSTEM_PROMPT = (
    "You write narration scripts for YouTube videos. The text is read aloud by a narrator, so write "
    "spoken sentences only: no stage directions, markdown, emojis, links or timestamps. Answer with one "
    'JSON object and nothing else, shaped {"title": string, "sections": [{"heading": string, '
    '"text": string, "visuals": [string, ...]}, ...]}. "visuals" holds one stock-footage search query '
    "per sentence of the section's text, in order: two to four English words naming what can be filmed "
    '(for example "solar panels on roof"), never abstract words.'
)
METADATA_SYSTEM_PROMPT = (
    "You optimize YouTube metadata for search and click-through without clickbait. Answer with one JSON "
    'object and nothing else, shaped {"title": string (at most 100 characters), "description": string '
    '(two to four sentences, no timestamps, no links), "tags": [string, ...] (10 to 20 search phrases)}.'
)


class ModelOutputError(PermanentProviderError):
    """The model answered, but not with what was asked. The call was still billed, so the tokens
    travel with the error for the cost ledger."""

    def __init__(self, message: str, input_tokens: int = 0, output_tokens: int = 0):
        super().__init__(message)
        self.input_tokens, self.output_tokens = input_tokens, output_tokens


def _retry_after(error: openai.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _provider_error(error: openai.OpenAIError) -> Exception:
    """Sort an openai exception into the transient/permanent split the pipeline retries on."""
    if isinstance(error, openai.APIConnectionError):          # includes APITimeoutError
        return TransientProviderError(f"OpenAI unreachable: {error}")
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        message = f"OpenAI returned {status}: {error.message}"
        if status == 429 or status == 408 or status == 409 or status >= 500:
            transient = TransientProviderError(message)
            transient.retry_after = _retry_after(error)
            return transient
        return PermanentProviderError(message)
    return PermanentProviderError(f"OpenAI call failed: {error}")


class OpenAIScriptProvider:
    """`ScriptProvider` on the OpenAI chat completions API (or any server speaking it)."""

    name = "openai"

    def __init__(self, api_key: str, model: str = "gpt-4o-mini", base_url: str | None = None,
                 max_tokens: int = 2000, timeout: float = 120.0):
        self.model, self.max_tokens = model, max_tokens
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)

    def _ask_json(self, system: str, user: str, max_tokens: int) -> tuple[dict, int, int]:
        """One chat completion in JSON mode: (parsed object, input tokens, output tokens)."""
        try:
            completion = self._client.chat.completions.create(
                model=self.model, max_tokens=max_tokens, response_format={"type": "json_object"},
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            )
        except openai.OpenAIError as error:
            raise _provider_error(error) from error
        usage = completion.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else (0, 0)
        if not completion.choices:
            raise ModelOutputError("OpenAI answered with no choices", *tokens)
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise ModelOutputError(f"OpenAI stopped at max_tokens={max_tokens} before the JSON was complete; "
                                   "raise OPENAI_MAX_TOKENS", *tokens)
        try:
            data = json.loads(choice.message.content or "")
        except json.JSONDecodeError as error:
            refusal = getattr(choice.message, "refusal", None)
            reason = f"refused: {refusal}" if refusal else f"invalid JSON ({error})"
            raise ModelOutputError(f"OpenAI answer unusable: {reason}", *tokens) from error
        if not isinstance(data, dict):
            raise ModelOutputError("OpenAI answer is JSON but not an object", *tokens)
        return data, tokens[0], tokens[1]

    def write_script(self, request: ScriptRequest) -> Script:
        """Hook, 3–5 points and a call to action, written in the request's language."""
        info = language_info(request.language)
        book = phrasebook_for(info.code)
        points, words = point_count(request.duration_seconds), target_word_count(request.duration_seconds)
        user = "\n".join([
            f"Topic: {request.topic}",
            f"Working title: {request.title or 'none; propose one'}",
            f"Niche: {request.niche}",
            f"Style: {request.style}",
            f"Audience: {json.dumps(request.audience, ensure_ascii=False) if request.audience else 'general'}",
            f"Language: write the title, every heading and every sentence in {info.name} ({info.code}).",
            f"Length: {words} spoken words in total, within 10% (about {request.duration_seconds} seconds at "
            f"{WORDS_PER_MINUTE} words per minute).",
            f"Structure: exactly {points + 2} sections - a hook (heading \"{book.hook_heading}\"), then {points} "
            f"main points (headings like \"{book.point_heading.format(n=1, aspect='...')}\"), then a call to "
            f"action (heading \"{book.cta_heading}\").",
        ])
        # OPENAI_MAX_TOKENS is raised for long scripts: a cap below the asked length could never succeed.
        budget = max(self.max_tokens, words * TOKENS_PER_WORD_BUDGET + 300)
        data, input_tokens, output_tokens = self._ask_json(SCRIPT_SYSTEM_PROMPT, user, budget)
        sections = _sections(data.get("sections"))
        if not sections:
            raise ModelOutputError("OpenAI script has no usable sections", input_tokens, output_tokens)
        title = request.title or _text(data.get("title")) or request.topic
        return Script(title=fit_title(title), sections=sections, language=info.code, provider=self.name,
                      model=self.model, input_tokens=input_tokens, output_tokens=output_tokens)

    def optimize_metadata(self, script: Script, request: ScriptRequest) -> VideoMetadata:
        """Title (the user's if given), description with computed chapters, and tags."""
        info = language_info(request.language)
        user = "\n".join([
            f"Topic: {request.topic}",
            f"Niche: {request.niche}",
            f"Language: write title, description and tags in {info.name} ({info.code}).",
            f"Title: keep exactly \"{request.title}\"." if request.title else f"Current title: {script.title}",
            "Script:",
            script.narration[:SCRIPT_EXCERPT_CHARS],
        ])
        data, input_tokens, output_tokens = self._ask_json(METADATA_SYSTEM_PROMPT, user, self.max_tokens)
        title = request.title or _text(data.get("title")) or script.title
        summary = _text(data.get("description")) or ""
        model_tags = [tag for tag in data["tags"] if _text(tag)] if isinstance(data.get("tags"), list) else []
        topic_words = keywords(request.topic)
        return VideoMetadata(
            title=fit_title(title),
            description=build_description(summary, script.sections, hashtags([request.topic, request.niche,
                                                                             *topic_words])),
            tags=fit_tags([*model_tags, request.topic, request.niche, *topic_words]),
            provider=self.name, model=self.model, input_tokens=input_tokens, output_tokens=output_tokens,
        )


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _sections(raw) -> list[ScriptSection]:
    """The model's sections that have both a heading and spoken text; anything else is dropped."""
    if not isinstance(raw, list):
        return []
    return [ScriptSection(heading=" ".join(item["heading"].split()), text=" ".join(item["text"].split()),
                          visual_queries=_queries(item.get("visuals")))
            for item in raw if isinstance(item, dict) and _text(item.get("heading")) and _text(item.get("text"))]


def _queries(raw) -> list[str]:
    """The section's footage queries, trimmed; an unusable entry becomes "" so the others keep
    their sentence's position."""
    if not isinstance(raw, list):
        return []
    return [" ".join(q.split())[:100] if _text(q) else "" for q in raw]
