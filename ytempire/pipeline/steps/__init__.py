"""One function per stage: do the work once, store the artefact, charge the ledger.

Every step first looks for its artefact and reuses it, so a re-delivered or retried task never
redoes (or re-charges) finished work.
"""
from ytempire.pipeline.steps.media import assemble_video, create_thumbnail, synthesize_voice
from ytempire.pipeline.steps.publish import upload_video
from ytempire.pipeline.steps.script import generate_script, optimize_content

STEPS = {
    "script_generation": generate_script,
    "content_optimization": optimize_content,
    "voice_synthesis": synthesize_voice,
    "video_assembly": assemble_video,
    "thumbnail_creation": create_thumbnail,
    "youtube_upload": upload_video,
}
