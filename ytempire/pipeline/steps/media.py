"""Voice-over, video assembly and thumbnail: the artefacts a viewer sees and hears."""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app

from ytempire.extensions import db
from ytempire.media.footage import render_footage
from ytempire.media.headlines import segment_headlines
from ytempire.media.render import frame_size, render_video
from ytempire.media.thumbnail import render_thumbnail
from ytempire.accounting.costs import ensure_within_budget, record_cost
from ytempire.pipeline.steps.script import load_script
from ytempire.pipeline.storage import artefact_path, read_json, video_dir, write_json
from ytempire.accounting import pricing
from ytempire.providers.voice.interface import Narration, TimedText
from ytempire.providers.voice.timeline import spoken_section_starts
from ytempire.providers.voice import voice_provider
from ytempire.providers.visuals import SLIDES, resolve_visuals, visual_provider
from ytempire.providers.visuals.interface import Credit, VisualRequest
from ytempire.providers.visuals.planning import segment_queries
from ytempire.text.sentences import split_sentences
from ytempire.text.youtube_metadata import chapter_lines, format_timestamp, with_credits


def load_narration(video_id) -> Narration:
    data = read_json(artefact_path(video_id, "voice_synthesis"))
    data["segments"] = [TimedText(**segment) for segment in data["segments"]]
    return Narration(**data)


def synthesize_voice(job) -> None:
    video = job.video
    path = artefact_path(video.id, "voice_synthesis")
    script = load_script(video.id)
    if not path.exists():
        sentences = split_sentences(script.narration)
        voice = (video.video_config or {}).get("voice", "professional-male")
        narration = voice_provider(current_app.config).synthesize(
            sentences, video.language, voice, str(video_dir(video.id)),
            target_seconds=(video.video_config or {}).get("duration"))
        write_json(path, asdict(narration))
    narration = load_narration(video.id)
    # Charged from the artefact, also when it is reused: a crash between writing it and committing
    # the charge must not make the synthesis free (the charge key keeps it to one entry).
    model = current_app.config.get("ELEVENLABS_MODEL_ID") if narration.provider == "elevenlabs" else None
    record_cost(job, "voice_synthesis", narration.provider, pricing.CHARACTER, narration.characters, model)
    video.description = retime_chapters(video.description, script.sections, narration)


def retime_chapters(description: str | None, sections, narration: Narration) -> str | None:
    """The description's chapter list, re-timed from the spoken narration.

    content_optimization writes chapters before any voice exists, at the assumed 150 words a
    minute; the real voice runs faster or slower, so the times come from its segments instead.
    """
    estimated = chapter_lines(sections)
    spoken = [f"{format_timestamp(start)} {line.split(' ', 1)[1]}"
              for start, line in zip(spoken_section_starts(sections, narration.segments), estimated)]
    if not description or "\n".join(estimated) not in description:
        return description        # already re-timed, or chapters the metadata writer did not list
    return description.replace("\n".join(estimated), "\n".join(spoken), 1)


def assemble_video(job) -> None:
    video = job.video
    path = artefact_path(video.id, "video_assembly")
    plan_path = video_dir(video.id) / "visuals.json"
    narration = load_narration(video.id)
    if not path.exists():
        config = video.video_config or {}
        kind = resolve_visuals(current_app.config, config.get("visuals"))
        script = load_script(video.id)
        size = frame_size(config.get("format", "landscape"))
        workdir = video_dir(video.id) / "render"
        if kind == SLIDES:
            render_video(narration, str(path), title=video.title, fmt=config.get("format", "landscape"),
                         prefer_gpu=job.use_gpu, workdir=str(workdir),
                         headlines=segment_headlines(script, narration.segments, title=video.title))
        else:
            request = VisualRequest(
                topic=video.topic, title=video.title, sections=script.sections, segments=narration.segments,
                duration=narration.duration, size=size, workdir=str(workdir), language=script.language,
                queries=segment_queries(script.sections, narration.segments), video_id=str(video.id))
            plan = visual_provider(current_app.config, kind, paid_calls=LedgerPaidCalls(job, "video_assembly"),
                                   size=size).plan(request)
            write_json(plan_path, {"provider": plan.provider, "shots": [asdict(shot) for shot in plan.shots],
                                   "credits": [asdict(credit) for credit in plan.credits]})
            render_footage(plan, narration, str(path), size=size, prefer_gpu=job.use_gpu, workdir=str(workdir))
    # The MP4 lasts as long as its narration, so a reused render is charged the same minutes.
    record_cost(job, "video_assembly", pricing.RENDER_PROVIDER, pricing.MINUTE, round(narration.duration / 60, 4))
    video.video_path = str(path)
    video.duration_seconds = round(narration.duration, 2)
    if plan_path.exists():
        video.description = with_credits(video.description, [Credit(**c).line() for c in read_json(plan_path)["credits"]])


class LedgerPaidCalls:
    """A visuals source's paid calls against this job's ledger: the per-video cap is checked before
    each call; each charge is committed at once, because the money is spent even if the stage
    fails later (a failing stage rolls its session back)."""

    def __init__(self, job, stage: str):
        self.job, self.stage = job, stage

    def check(self, provider: str, unit: str, units, model: str | None) -> None:
        ensure_within_budget(self.job.video_id, pricing.cost(provider, unit, units, model))

    def charge(self, provider: str, unit: str, units, model: str | None, call: str) -> None:
        record_cost(self.job, self.stage, provider, unit, units, model, call=call)
        db.session.commit()


def create_thumbnail(job) -> None:
    video = job.video
    path = artefact_path(video.id, "thumbnail_creation")
    if not path.exists():
        render_thumbnail(video.title, str(path), seed=video.title)  # same palette as the slides
    video.thumbnail_path = str(path)
    video.thumbnail_url = f"/api/v1/videos/{video.id}/thumbnail"
