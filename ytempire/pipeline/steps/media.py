"""Voice-over, video assembly and thumbnail: the artefacts a viewer sees and hears."""
from __future__ import annotations

import os
from dataclasses import asdict, replace
from pathlib import Path

from flask import current_app
from PIL import Image

from ytempire.media.audio_mix import mix_soundtrack
from ytempire.media.branding import bumper_seconds
from ytempire.media.captions import CaptionFiles, write_captions
from ytempire.media.headlines import segment_headlines
from ytempire.media.hero import HERO_FILENAME, hero_shot, save_hero
from ytempire.media.preview import PREVIEW_FILENAME, contact_sheet
from ytempire.media.quality import QualityReport, inspect_video, quality_failure
from ytempire.media.output import frame_size
from ytempire.media.render import render_video
from ytempire.media.style import BrandStyle
from ytempire.media.thumbnail import render_thumbnail
from ytempire.accounting.costs import record_cost
from ytempire.pipeline.progress import stage_progress_reporter
from ytempire.pipeline.steps.brand import video_style
from ytempire.pipeline.steps.originality import fingerprint_finished_video
from ytempire.extensions import db
from ytempire.media.footage import render_footage
from ytempire.accounting.costs import ensure_within_budget
from ytempire.pipeline.steps.script import load_script
from ytempire.pipeline.storage import (ARTEFACTS, StageScratch, artefact_location, has_artefact, load_json, save_json,
                                      stage_scratch, video_dir)
from ytempire.accounting import pricing
from ytempire.providers.voice.interface import Narration
from ytempire.providers.voice.timeline import spoken_section_starts
from ytempire.providers.voice import voice_provider
from ytempire.music.service import music_for_video
from ytempire.providers.visuals import SLIDES, resolve_visuals, visual_provider
from ytempire.providers.visuals.interface import Credit, VisualRequest
from ytempire.providers.visuals.planning import segment_queries
from ytempire.text.sentences import split_sentences
from ytempire.text.youtube_metadata import chapter_lines, format_timestamp, with_credits


NARRATION, VIDEO, THUMBNAIL = ARTEFACTS["voice_synthesis"], ARTEFACTS["video_assembly"], ARTEFACTS["thumbnail_creation"]
VISUALS = "visuals.json"
# Kept beside the MP4 for the upload stage (caption tracks), the API (the preview) and the thumbnail
# (the picture it is built on, when the video shows footage or images).
RENDER_SIDE_FILES = ("captions.srt", "captions.ass", "video.srt", HERO_FILENAME)


def load_narration(video_id, scratch: StageScratch | None = None) -> Narration:
    """The stored narration; with a remote store and a scratch folder, its audio fetched into that folder."""
    narration = Narration.from_dict(load_json(video_id, NARRATION))
    if scratch is None or not scratch.store.is_remote:
        return narration
    return replace(narration, audio_path=str(scratch.fetch(os.path.basename(narration.audio_path))))


def synthesize_voice(job) -> None:
    video = job.video
    script = load_script(video.id)
    if not has_artefact(video.id, NARRATION):
        with stage_scratch(video.id, "voice_synthesis") as scratch:
            sentences = split_sentences(script.narration)
            narration = voice_provider(current_app.config).synthesize(
                sentences, video.language, video.settings.voice, str(scratch.folder),
                target_seconds=video.settings.duration)
            scratch.keep(os.path.basename(narration.audio_path))   # first: a stored narration has its audio
            save_json(video.id, NARRATION, asdict(narration))
    narration = load_narration(video.id)
    # Charged from the artefact, also when it is reused: a crash between writing it and committing
    # the charge must not make the synthesis free (the charge key keeps it to one entry).
    model = current_app.config["ELEVENLABS_MODEL_ID"] if narration.provider == "elevenlabs" else None
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
    with stage_scratch(job.video_id, "video_assembly") as scratch:
        _assemble(job, job.video, scratch)


def _assemble(job, video, scratch: StageScratch) -> None:
    path = scratch.path(VIDEO)
    narration = load_narration(video.id, scratch)
    style = video_style(video, scratch)
    captions = write_video_captions(video, narration, scratch.folder, style)
    rendered = has_artefact(video.id, VIDEO)
    if not rendered:
        settings = video.settings
        kind = resolve_visuals(current_app.config, settings.visuals)
        script = load_script(video.id)
        workdir = scratch.folder / "render"
        # Every render gets the finished soundtrack (music ducked, -14 LUFS), the burned-in captions
        # and the soft subtitle track, and reports its progress while ffmpeg encodes.
        finish = {"prefer_gpu": job.use_gpu, "workdir": str(workdir),
                  "soundtrack_path": mix_video_soundtrack(video, narration, scratch),
                  "captions_ass_path": captions.ass_path, "captions_fonts_dir": captions.fonts_dir,
                  "soft_subtitles_path": captions.srt_path, "on_progress": stage_progress_reporter()}
        if kind == SLIDES:
            render_video(narration, str(path), title=video.title, fmt=settings.format, style=style,
                         headlines=segment_headlines(script, narration.segments, title=video.title), **finish)
        else:
            size = frame_size(settings.format)
            request = VisualRequest(
                topic=video.topic, title=video.title, sections=script.sections, segments=narration.segments,
                duration=narration.duration, size=size, workdir=str(workdir), language=script.language,
                queries=segment_queries(script.sections, narration.segments), video_id=str(video.id),
                gradients=style.palette.gradients(), accent=style.palette.accent, face=style.captions.font)
            plan = visual_provider(current_app.config, kind, paid_calls=LedgerPaidCalls(job, "video_assembly"),
                                   size=size).plan(request)
            save_json(video.id, VISUALS, {"provider": plan.provider, "shots": [asdict(shot) for shot in plan.shots],
                                          "credits": [asdict(credit) for credit in plan.credits]})
            render_footage(plan, narration, str(path), size=size, style=style, title=video.title, **finish)
            if (shot := hero_shot(plan)) is not None:
                save_hero(shot, scratch.path(HERO_FILENAME))
    elif scratch.store.is_remote:
        scratch.fetch(VIDEO)      # the checks and the preview read the stored render
    # The MP4 lasts as long as its narration, so a reused render is charged the same minutes.
    record_cost(job, "video_assembly", pricing.RENDER_PROVIDER, pricing.MINUTE, round(narration.duration / 60, 4))
    video.video_path = artefact_location(video.id, VIDEO)
    video.duration_seconds = round(narration.duration, 2)
    if has_artefact(video.id, VISUALS):
        credits = load_json(video.id, VISUALS)["credits"]
        video.description = with_credits(video.description, [Credit(**c).line() for c in credits])
    check_assembled_video(video, narration, captions, enforce=current_app.config["QUALITY_GATES_ENFORCED"],
                          freeze_gate=resolve_visuals(current_app.config, video.settings.visuals) != SLIDES,
                          style=style, video_file=str(path))
    store_preview(video, str(path), scratch)
    for name in RENDER_SIDE_FILES:
        if scratch.path(name).is_file():
            scratch.keep(name)
    if not rendered:
        scratch.keep(VIDEO)       # last: a stored MP4 means the whole stage's output is stored


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
    with stage_scratch(video.id, "thumbnail_creation") as scratch:
        path = scratch.path(THUMBNAIL)
        if not has_artefact(video.id, THUMBNAIL):
            render_thumbnail(video.title, str(path), seed=video.title, style=video_style(video, scratch),
                             picture=_hero_picture(video.id, scratch))
            scratch.keep(THUMBNAIL)
        elif scratch.store.is_remote:
            scratch.fetch(THUMBNAIL)
        video.thumbnail_path = artefact_location(video.id, THUMBNAIL)
        video.thumbnail_url = f"/api/v1/videos/{video.id}/thumbnail"
        fingerprint_finished_video(video, load_script(video.id).narration, thumbnail_file=str(path))


def _hero_picture(video_id, scratch: StageScratch) -> Image.Image | None:
    """The picture the render kept for the thumbnail, or None (slides, drawn scenes)."""
    if not has_artefact(video_id, HERO_FILENAME):
        return None
    path = scratch.fetch(HERO_FILENAME) if scratch.store.is_remote else scratch.path(HERO_FILENAME)
    with Image.open(path) as picture:
        return picture.convert("RGB")


# ----------------------------------------------------------------------------- captions, sound, quality
# Files the render consumes (captions.ass burned in, captions.srt as the soft track and for YouTube,
# soundtrack.wav in place of the raw narration) and the checks and preview that follow it.

QUALITY_REPORT = "quality.json"
SOUNDTRACK = "soundtrack.wav"


def write_video_captions(video, narration: Narration, folder: Path | None = None,
                         style: BrandStyle | None = None) -> CaptionFiles:
    """captions.ass (none for `captions: none`) and captions.srt beside the video, for its format,
    in the channel's caption style; the .srt on the video's clock (after an intro)."""
    width, height = frame_size(video.settings.format)
    return write_captions(narration, folder or video_dir(video.id), width=width, height=height,
                          mode=video.settings.captions, style=style.captions if style else None,
                          lead=bumper_seconds(style)[0])


def mix_video_soundtrack(video, narration: Narration, scratch: StageScratch | None = None) -> str:
    """soundtrack.wav: the narration with the video's music ducked under it, at -14 LUFS; reused if there."""
    path = (scratch.folder if scratch else video_dir(video.id)) / SOUNDTRACK
    if not path.exists():
        music = music_for_video(video)
        if music and scratch:
            music = scratch.fetch_location(music)      # a track in the bucket, fetched to this worker
        mix_soundtrack(narration.audio_path, path, duration=narration.duration, music_path=music)
    return str(path)


def check_assembled_video(video, narration: Narration, captions: CaptionFiles | None, *,
                          enforce: bool = True, freeze_gate: bool = True, style: BrandStyle | None = None,
                          video_file: str | None = None) -> QualityReport:
    """Run the quality gates on the MP4 and keep the report beside it; with `enforce`, a failed gate
    fails the stage with the reasons. The freeze gate is off for the `slides` kind, which holds one
    picture per sentence by design (the other kinds move all the time); the style's intro and outro
    are allowed for."""
    lead, bumpers = bumper_seconds(style)
    report = inspect_video(video_file or video.video_path, narration, requested_seconds=video.settings.duration,
                           captions_ass=captions.ass_path if captions else None, freeze_gate=freeze_gate,
                           lead=lead, bumpers=bumpers)
    save_json(video.id, QUALITY_REPORT, asdict(report))
    if enforce and not report.passed:
        raise quality_failure(report)
    return report


def store_preview(video, video_file: str | None = None, scratch: StageScratch | None = None) -> str:
    """The 3x3 contact sheet beside the MP4, drawn once per render; its location."""
    video_file = video_file or video.video_path
    if scratch is not None and scratch.store.is_remote:
        # A stage that reuses a stored render finds its sheet stored too (both are kept by that stage).
        if not has_artefact(video.id, PREVIEW_FILENAME) or not has_artefact(video.id, VIDEO):
            contact_sheet(video_file, scratch.path(PREVIEW_FILENAME))
            return scratch.keep(PREVIEW_FILENAME)
        return artefact_location(video.id, PREVIEW_FILENAME)
    path = video_dir(video.id) / PREVIEW_FILENAME
    if not path.exists() or path.stat().st_mtime < os.path.getmtime(video_file):
        contact_sheet(video_file, path)
    return str(path)
