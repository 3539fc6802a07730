"""A stand-in for the OpenAI chat completions endpoint (`POST /v1/chat/completions`).

By default it answers a script request (a system prompt naming "sections") with a small script
and anything else with title/description/tags, about the prompt's "Topic:" line. Answers are shaped
like the real API's: a `chat.completion` object with `usage`, `x-request-id`
and `openai-processing-ms` headers; errors carry OpenAI's `{"error": {message, type, param, code}}`
body, and 429s a `retry-after` header. Usage is counted deterministically (characters / 4) so
tests can check that tokens reach the script unchanged.
"""
from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import tempfile
import time
from pathlib import Path

from tests.standins import RecordedRequest, Reply, StandInServer
from tests.standins.media_files import SOURCES, make_image

SNAPSHOT = "gpt-4o-mini-2024-07-18"


def _error(status: int, message: str, type_: str, code: str | None, headers: dict | None = None,
           delay: float = 0.0) -> Reply:
    return Reply.json(status, {"error": {"message": message, "type": type_, "param": None, "code": code}},
                      headers, delay)


def default_script(topic: str = "the topic") -> dict:
    """A small but complete script answer: hook, three points, call to action."""
    points = [{"heading": f"Point {n}: part {n}", "text": f"This is part {n} about {topic}. It explains one idea.",
               "visuals": [f"{topic} part {n}", f"{topic} idea {n}"]} for n in (1, 2, 3)]
    return {"title": f"All about {topic}",
            "sections": [{"heading": "Hook", "text": f"Why does {topic} matter? Let us find out.",
                          "visuals": [f"{topic} close up", f"{topic} wide shot"]}, *points,
                         {"heading": "Call to action", "text": "Subscribe for more.", "visuals": ["subscribe button"]}]}


def default_metadata(topic: str = "the topic") -> dict:
    return {"title": f"{topic}: the complete guide",
            "description": f"Everything about {topic} in a few minutes.",
            "tags": [topic, "guide", "tutorial", "how to"]}


class OpenAIStandIn(StandInServer):
    """`with OpenAIStandIn(api_key="sk-test") as api: OpenAI(base_url=api.base_url, ...)`."""

    def __init__(self, api_key: str = "sk-test-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.replies: list[dict] = []          # every chat.completion body sent, in order
        self.image_prompts: list[str] = []     # every images.generate prompt answered, in order
        self._ids = itertools.count(1)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    # -- scripted behaviours ------------------------------------------------------------------

    def answer_next(self, content: str, finish_reason: str = "stop") -> None:
        """Reply to the next request with this message content (e.g. broken JSON)."""
        self.queue(lambda request: self._completion(request.json(), content, finish_reason))

    def rate_limit_next(self, retry_after: int = 7) -> None:
        self.queue(_error(429, f"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, "
                               f"Requested 1. Please try again in {retry_after}s.", "requests", "rate_limit_exceeded",
                          {"retry-after": str(retry_after), "x-ratelimit-limit-requests": "3",
                           "x-ratelimit-remaining-requests": "0"}))

    def server_error_next(self, status: int = 500) -> None:
        self.queue(_error(status, "The server had an error while processing your request. Sorry about that!",
                          "server_error", None))

    def error_next(self, status: int, message: str, type_: str = "invalid_request_error",
                   code: str | None = None) -> None:
        self.queue(_error(status, message, type_, code))

    def slow_next(self, seconds: float) -> None:
        """The next request is answered normally, but only after `seconds` (beyond the client's timeout)."""
        self.queue(lambda request: dataclasses.replace(self.respond(request), delay=seconds))

    # -- the normal answer --------------------------------------------------------------------

    def respond(self, request: RecordedRequest) -> Reply:
        if request.method == "POST" and request.path == "/v1/images/generations":
            return self._image(request)
        if request.method != "POST" or request.path != "/v1/chat/completions":
            return _error(404, f"Invalid URL ({request.method} {request.path})", "invalid_request_error", None)
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided. You can find your API key at "
                               "https://platform.openai.com/account/api-keys.", "invalid_request_error",
                          "invalid_api_key")
        try:
            body = request.json()
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error", None)
        if body.get("response_format") == {"type": "json_object"} and "json" not in json.dumps(body["messages"]).lower():
            return _error(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of "
                               "type 'json_object'.", "invalid_request_error", None)
        system = " ".join(m.get("content", "") for m in body.get("messages", []) if m.get("role") == "system")
        user = "\n".join(m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user")
        topic = next((line[len("Topic: "):] for line in user.splitlines() if line.startswith("Topic: ")), "the topic")
        answer = default_script(topic) if '"sections"' in system else default_metadata(topic)
        return self._completion(body, json.dumps(answer))

    def _image(self, request: RecordedRequest) -> Reply:
        """`images.generate` as the gpt-image models answer it: always base64 PNG, with token usage.
        The picture is a real one of the asked size, a different ffmpeg test pattern each call."""
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        body = request.json()
        if not body.get("prompt"):
            return _error(400, "Missing required parameter: 'prompt'.", "invalid_request_error", "missing_required_parameter")
        size = body.get("size") or "1024x1024"
        if size not in ("1024x1024", "1536x1024", "1024x1536", "auto"):
            return _error(400, f"Invalid value: '{size}'. Supported values are: '1024x1024', '1024x1536', "
                               "'1536x1024', and 'auto'.", "invalid_request_error", "invalid_value")
        self.image_prompts.append(body["prompt"])
        width, height = (1024, 1024) if size == "auto" else map(int, size.split("x"))
        with tempfile.TemporaryDirectory() as folder:
            path = make_image(Path(folder) / "image.png", SOURCES[len(self.image_prompts) % len(SOURCES)],
                              (width, height))
            picture = base64.b64encode(path.read_bytes()).decode()
        return Reply.json(200, {"created": int(time.time()), "background": "opaque", "output_format": "png",
                                "quality": body.get("quality", "auto"), "size": size,
                                "data": [{"b64_json": picture}],
                                "usage": {"input_tokens": max(1, len(body["prompt"]) // 4), "output_tokens": 1056,
                                          "total_tokens": max(1, len(body["prompt"]) // 4) + 1056,
                                          "input_tokens_details": {"text_tokens": max(1, len(body["prompt"]) // 4),
                                                                   "image_tokens": 0}}})

    def _completion(self, body: dict, content: str, finish_reason: str = "stop") -> Reply:
        prompt_chars = sum(len(m.get("content", "")) for m in body.get("messages", []))
        usage = {"prompt_tokens": max(1, prompt_chars // 4), "completion_tokens": max(1, len(content) // 4)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        usage["prompt_tokens_details"] = {"cached_tokens": 0, "audio_tokens": 0}
        usage["completion_tokens_details"] = {"reasoning_tokens": 0, "audio_tokens": 0,
                                              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
        number = next(self._ids)
        completion = {
            "id": f"chatcmpl-standin{number:06d}", "object": "chat.completion", "created": int(time.time()),
            "model": SNAPSHOT if body.get("model") == "gpt-4o-mini" else body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None,
                                                 "annotations": []},
                         "logprobs": None, "finish_reason": finish_reason}],
            "usage": usage, "service_tier": "default", "system_fingerprint": "fp_standin",
        }
        self.replies.append(completion)
        return Reply.json(200, completion, {"x-request-id": f"req_standin{number:06d}", "openai-processing-ms": "12"})
