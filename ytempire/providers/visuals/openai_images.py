"""AI images: one OpenAI-generated picture per script section, panned slowly under its narration.

Each image is a paid call: the per-video cap is checked before it is made and the call is
charged to the cost ledger right after (`PaidCalls`, bound to the job by the pipeline step). The
picture is cached under the video, model, size and prompt, so a re-run of the stage does not pay
again, while another video on the same topic gets pictures of its own.
"""
from __future__ import annotations

import base64

import openai

from ytempire.accounting import pricing
from ytempire.common.media_cache import MediaCache
from ytempire.providers.script.openai_chat import _provider_error
from ytempire.providers.visuals.interface import STILL, Credit, PaidCalls, Shot, VisualPlan, VisualRequest
from ytempire.providers.visuals.planning import sentence_spans
from ytempire.providers.voice.timeline import section_of_each_segment

QUALITY = "medium"
PROMPT_CHARS = 900
PROMPT_STYLE = ("Photographic, cinematic light, no text, no letters, no logos, no watermark. "
                "A picture for this part of a narrated video about {topic}: {heading}. {text}")


def image_size(frame: tuple[int, int]) -> str:
    """The generator's size closest to the frame's shape."""
    return "1024x1536" if frame[1] > frame[0] else "1536x1024"


class OpenAIImages:
    name = "openai"

    def __init__(self, api_key: str, model: str, cache: MediaCache, paid_calls: PaidCalls,
                 base_url: str | None = None, timeout: float = 120.0):
        self.model, self.cache, self.paid_calls = model, cache, paid_calls
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)

    def plan(self, request: VisualRequest) -> VisualPlan:
        owners = section_of_each_segment(request.sections, request.segments) if request.sections \
            else [0] * len(request.segments)
        size = image_size(request.size)
        unit = pricing.image_unit(size, QUALITY)
        shots: list[Shot] = []
        for span in sentence_spans(request):
            section = owners[span.segments[0]]
            if shots and shots[-1].source_id == f"section:{section}":   # same section: the picture goes on panning
                last = shots.pop()
                shots.append(Shot(last.start, span.end - last.start, STILL, last.path, last.query,
                                  credit=last.credit, source_id=last.source_id))
                continue
            heading = request.sections[section].heading if request.sections else request.title
            text = request.sections[section].text if request.sections else span.text
            prompt = PROMPT_STYLE.format(topic=request.topic, heading=heading, text=text)[:PROMPT_CHARS]
            path, _ = self.cache.fetch(f"openai-image:{request.video_id}:{self.model}:{size}:{QUALITY}:{prompt}", ".png",
                                       lambda to, p=prompt, n=section: self._generate(p, size, unit, f"image-{n}", to))
            credit = Credit(f"Generated with OpenAI {self.model}", "https://openai.com/policies/terms-of-use",
                            "AI-generated", self.name)
            shots.append(Shot(span.start, span.duration, STILL, str(path), heading, credit=credit,
                              source_id=f"section:{section}"))
        return VisualPlan(shots, self.name)

    def _generate(self, prompt: str, size: str, unit: str, call: str, to) -> None:
        self.paid_calls.check(self.name, unit, 1, self.model)       # refuses before any money is spent
        try:
            result = self._client.images.generate(model=self.model, prompt=prompt, size=size, quality=QUALITY, n=1)
        except openai.OpenAIError as error:
            raise _provider_error(error) from error
        self.paid_calls.charge(self.name, unit, 1, self.model, call)
        data = result.data[0] if result.data else None
        if data is None or not data.b64_json:
            from ytempire.common.provider_errors import PermanentProviderError

            raise PermanentProviderError("OpenAI answered the image request without an image")
        to.write_bytes(base64.b64decode(data.b64_json))
