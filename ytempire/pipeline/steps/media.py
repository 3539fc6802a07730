"""Voice-over, video assembly and thumbnail: the artefacts a viewer sees and hears."""
from __future__ import annotations

import os
from dataclasses import asdict

from flask import current_app

from ytempire.media.audio_mix import mix_soundtrack
from ytempire.media.captions import DEFAULT_CAPTION_MODE, CaptionFiles, write_captions
from ytempire.media.headlines import segment_headlines
from ytempire.media.preview import PREVIEW_FILENAME, contact_sheet
from ytempire.media.quality import QualityReport, inspect_video, quality_failure
from ytempire.media.render import frame_size, render_video
from ytempire.media.thumbnail import render_thumbnail
from ytempire.accounting.costs import record_cost
from ytempire.pipeline.progress import stage_progress_reporter
from ytempire.pipeline.steps.originality import fingerprint_finished_video
from ytempire.pipeline.steps.script import load_script
from ytempire.pipeline.storage import artefact_path, read_json, video_dir, write_json
from ytempire.accounting import pricing
from ytempire.providers.voice.interface import Narration
from ytempire.providers.voice.timeline import spoken_section_starts
from ytempire.providers.voice import voice_provider
from ytempire.music.service import music_for_video
from ytempire.text.sentences import split_sentences
from ytempire.text.youtube_metadata import chapter_lines, format_timestamp


def load_narration(video_id) -> Narration:
    return Narration.from_dict(read_json(artefact_path(video_id, "voice_synthesis")))


def synthesize_voice(job) -> None:
    video = job.video
    path = artefact_path(video.id, "voice_synthesis")
    script = load_script(video.id)
    if not path.exists():
        sentences = split_sentences(script.narration)
        narration = voice_provider(current_app.config).synthesize(
            sentences, video.language, video.settings.voice, str(video_dir(video.id)),
            target_seconds=video.settings.duration)
        write_json(path, asdict(narration))
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
    video = job.video
    path = artefact_path(video.id, "video_assembly")
    narration = load_narration(video.id)
    captions = write_video_captions(video, narration)
    if not path.exists():
        render_video(
            narration, str(path), title=video.title, fmt=video.settings.format,
            prefer_gpu=job.use_gpu, workdir=str(video_dir(video.id) / "render"),
            headlines=segment_headlines(load_script(video.id), narration.segments, title=video.title),
            on_progress=stage_progress_reporter(),
        )
    # The MP4 lasts as long as its narration, so a reused render is charged the same minutes.
    record_cost(job, "video_assembly", pricing.RENDER_PROVIDER, pricing.MINUTE, round(narration.duration / 60, 4))
    video.video_path = str(path)
    video.duration_seconds = round(narration.duration, 2)
    check_assembled_video(video, narration, captions, enforce=ENFORCE_QUALITY_GATES)
    store_preview(video)


def create_thumbnail(job) -> None:
    video = job.video
    path = artefact_path(video.id, "thumbnail_creation")
    if not path.exists():
        render_thumbnail(video.title, str(path), seed=video.title)  # same palette as the slides
    video.thumbnail_path = str(path)
    video.thumbnail_url = f"/api/v1/videos/{video.id}/thumbnail"
    fingerprint_finished_video(video, load_script(video.id).narration)


# ----------------------------------------------------------------------------- captions, sound, quality
# Files the render consumes (captions.ass burned in, captions.srt as the soft track and for YouTube,
# soundtrack.wav in place of the raw narration) and the checks and preview that follow it.

QUALITY_REPORT = "quality.json"
SOUNDTRACK = "soundtrack.wav"
# Report-only until the render mixes soundtrack.wav and moves its picture: the slides render plays
# the raw narration (not -14 LUFS) and holds a slide for a whole sentence (often over 4 s).
ENFORCE_QUALITY_GATES = False


def write_video_captions(video, narration: Narration) -> CaptionFiles:
    """captions.ass (none for `captions: none`) and captions.srt beside the video, for its format."""
    config = video.video_config or {}
    width, height = frame_size(config.get("format", "landscape"))
    return write_captions(narration, video_dir(video.id), width=width, height=height,
                          mode=config.get("captions", DEFAULT_CAPTION_MODE))


def mix_video_soundtrack(video, narration: Narration) -> str:
    """soundtrack.wav: the narration with the video's music ducked under it, at -14 LUFS; reused if there."""
    path = video_dir(video.id) / SOUNDTRACK
    if not path.exists():
        mix_soundtrack(narration.audio_path, path, duration=narration.duration, music_path=music_for_video(video))
    return str(path)


def check_assembled_video(video, narration: Narration, captions: CaptionFiles | None, *,
                          enforce: bool = True) -> QualityReport:
    """Run the quality gates on the MP4 and keep the report beside it; with `enforce`, a failed gate
    fails the stage with the reasons."""
    report = inspect_video(video.video_path, narration, requested_seconds=(video.video_config or {}).get("duration"),
                           captions_ass=captions.ass_path if captions else None)
    write_json(video_dir(video.id) / QUALITY_REPORT, asdict(report))
    if enforce and not report.passed:
        raise quality_failure(report)
    return report


def store_preview(video) -> str:
    """The 3x3 contact sheet beside the MP4, drawn once per render."""
    path = video_dir(video.id) / PREVIEW_FILENAME
    if not path.exists() or path.stat().st_mtime < os.path.getmtime(video.video_path):
        contact_sheet(video.video_path, path)
    return str(path)
