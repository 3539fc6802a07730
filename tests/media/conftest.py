"""Shared media artefacts, made once per session: a short real narration and its rendered video."""
from __future__ import annotations

import pytest

from ytempire.media.render import render_video
from ytempire.providers.voice.espeak import OfflineVoiceProvider

TITLE = "Why Octopuses Are Smarter Than You Think"
SENTENCES = [
    "Octopuses have nine brains.",
    "Each arm can taste, touch and decide on its own.",
    "They open jars, escape tanks and recognise faces.",
    "Follow for more strange animal facts!",
]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def narration(media_dir):
    return OfflineVoiceProvider().synthesize(SENTENCES, "en-US", "professional-male", str(media_dir / "voice"))


@pytest.fixture(scope="session")
def landscape_video(narration, media_dir):
    return render_video(narration, media_dir / "out" / "landscape.mp4", title=TITLE, workdir=media_dir / "work")
