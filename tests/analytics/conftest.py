"""Analytics sync fixtures: the YouTube stand-in and a linked channel (shared with tests/youtube)."""
from tests.youtube.conftest import channel, google, linked  # noqa: F401 - fixtures re-exported
