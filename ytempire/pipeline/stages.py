"""The six pipeline stages in order, and the progress each one completes."""

STAGES = (
    "script_generation",
    "content_optimization",
    "voice_synthesis",
    "video_assembly",
    "thumbnail_creation",
    "youtube_upload",
)

# Progress (0-100) reached when a stage finishes; weighted by typical stage duration.
PROGRESS_AFTER = {
    "script_generation": 15,
    "content_optimization": 25,
    "voice_synthesis": 45,
    "video_assembly": 80,
    "thumbnail_creation": 90,
    "youtube_upload": 100,
}
