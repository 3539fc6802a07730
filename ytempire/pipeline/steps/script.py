"""Script generation and content optimization (title, description, tags)."""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app

from ytempire.extensions import db
from ytempire.accounting.costs import record_cost
from ytempire.pipeline.storage import ARTEFACTS, has_artefact, load_json, save_json
from ytempire.accounting import pricing
from ytempire.providers.script.interface import Script, ScriptRequest, ScriptSection, VideoMetadata
from ytempire.providers.script import script_provider
from ytempire.providers.script.openai_chat import ModelOutputError

SCRIPT, METADATA = ARTEFACTS["script_generation"], ARTEFACTS["content_optimization"]


def script_request(video) -> ScriptRequest:
    settings = video.settings
    return ScriptRequest(
        topic=video.topic, title=video.title, niche=video.channel.niche, style=settings.style,
        duration_seconds=settings.duration, language=video.language,
        audience=(video.channel.settings or {}).get("target_audience", {}),
    )


def load_script(video_id) -> Script:
    data = load_json(video_id, SCRIPT)
    data["sections"] = [ScriptSection(**section) for section in data["sections"]]
    return Script(**data)


def _charge_tokens(job, stage: str, result) -> None:
    record_cost(job, stage, result.provider, pricing.INPUT_TOKEN, result.input_tokens, result.model, call="input")
    record_cost(job, stage, result.provider, pricing.OUTPUT_TOKEN, result.output_tokens, result.model, call="output")


def _call_charging_failures(job, stage: str, call):
    """Run a provider call; an unusable answer was still billed, so charge it before failing."""
    try:
        return call()
    except ModelOutputError as error:
        record_cost(job, stage, "openai", pricing.INPUT_TOKEN, error.input_tokens,
                    current_app.config["OPENAI_MODEL"], call="failed-input")
        record_cost(job, stage, "openai", pricing.OUTPUT_TOKEN, error.output_tokens,
                    current_app.config["OPENAI_MODEL"], call="failed-output")
        db.session.commit()
        raise


def generate_script(job) -> None:
    video = job.video
    if not has_artefact(video.id, SCRIPT):
        provider = script_provider(current_app.config)
        script = _call_charging_failures(job, "script_generation",
                                         lambda: provider.write_script(script_request(video)))
        save_json(video.id, SCRIPT, asdict(script))
    script = load_script(video.id)
    # Charged from the artefact's own usage, also when it is reused: a worker that died between
    # writing it and committing the charge left the call unpaid (the charge key keeps this once).
    _charge_tokens(job, "script_generation", script)
    video.script = script.narration


def optimize_content(job) -> None:
    video = job.video
    if not has_artefact(video.id, METADATA):
        provider = script_provider(current_app.config)
        metadata = _call_charging_failures(job, "content_optimization", lambda: provider.optimize_metadata(
            load_script(video.id), script_request(video)))
        save_json(video.id, METADATA, asdict(metadata))
    metadata = VideoMetadata(**load_json(video.id, METADATA))
    _charge_tokens(job, "content_optimization", metadata)   # as in generate_script: a reused artefact too
    video.title = metadata.title
    video.description = metadata.description
    video.tags = metadata.tags
