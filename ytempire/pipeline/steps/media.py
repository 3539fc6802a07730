"""Voice-over, video assembly and thumbnail: the artefacts a viewer sees and hears."""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app

from ytempire.media.headlines import segment_headlines
from ytempire.media.render import render_video
from ytempire.media.thumbnail import render_thumbnail
from ytempire.accounting.costs import record_cost
from ytempire.pipeline.steps.originality import fingerprint_finished_video
from ytempire.pipeline.steps.script import load_script
from ytempire.pipeline.storage import artefact_path, read_json, video_dir, write_json
from ytempire.accounting import pricing
from ytempire.providers.voice.interface import Narration, TimedText
from ytempire.providers.voice.timeline import spoken_section_starts
from ytempire.providers.voice import voice_provider
from ytempire.text.sentences import split_sentences
from ytempire.text.youtube_metadata import chapter_lines, format_timestamp


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
    if not path.exists():
        render_video(
            narration, str(path), title=video.title, fmt=video.settings.format,
            prefer_gpu=job.use_gpu, workdir=str(video_dir(video.id) / "render"),
            headlines=segment_headlines(load_script(video.id), narration.segments, title=video.title),
        )
    # The MP4 lasts as long as its narration, so a reused render is charged the same minutes.
    record_cost(job, "video_assembly", pricing.RENDER_PROVIDER, pricing.MINUTE, round(narration.duration / 60, 4))
    video.video_path = str(path)
    video.duration_seconds = round(narration.duration, 2)


def create_thumbnail(job) -> None:
    video = job.video
    path = artefact_path(video.id, "thumbnail_creation")
    if not path.exists():
        render_thumbnail(video.title, str(path), seed=video.title)  # same palette as the slides
    video.thumbnail_path = str(path)
    video.thumbnail_url = f"/api/v1/videos/{video.id}/thumbnail"
    fingerprint_finished_video(video, load_script(video.id).narration)
