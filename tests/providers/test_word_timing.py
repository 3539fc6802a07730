"""Word timing from both voices: each word's start is where its sound starts in the narration."""
import numpy as np

from ytempire.common.ffmpeg import decode_audio
from ytempire.providers.voice.espeak import OfflineVoiceProvider
from ytempire.providers.voice.interface import Narration
from ytempire.providers.voice.words import proportional_words, tokens, words_from_characters
from tests.standins import Reply
from tests.standins.elevenlabs_server import aligned_mp3, with_timestamps_body

RATE = 16_000


def level_db(pcm: np.ndarray, start: float, end: float) -> float:
    window = pcm[max(0, int(start * RATE)):int(end * RATE)].astype(float)
    return 20 * np.log10(np.sqrt((window ** 2).mean()) + 1e-9) if window.size else -200.0


def pcm_of(narration: Narration) -> np.ndarray:
    return np.frombuffer(decode_audio(narration.audio_path, sample_rate=RATE), dtype=np.int16)


def assert_words_cover_the_segments(narration: Narration) -> None:
    assert [w.text for w in narration.words] == [t for s in narration.segments for *_, t in tokens(s.text)]
    for segment in narration.segments:
        # Word times are stored to the millisecond; the segment's own bounds are not rounded.
        inside = [w for w in narration.words if segment.start - 0.0005 <= w.start <= segment.end + 0.0005]
        assert len(inside) == len(segment.text.split())
        assert all(a.start <= a.end <= b.start for a, b in zip(inside, inside[1:]))


def test_offline_words_come_from_espeak_word_events_not_a_proportional_spread(tmp_path):
    narration = OfflineVoiceProvider().synthesize(["Stop, wait, and then listen carefully.", "Extraordinary cat."],
                                                  "en-US", "professional-male", str(tmp_path))
    assert_words_cover_the_segments(narration)
    pcm = pcm_of(narration)
    after_pause = [w for w in narration.words if w.text in ("wait,", "and")]
    for word in after_pause:      # espeak pauses at a comma: silence just before the word, speech just after
        assert level_db(pcm, word.start - 0.05, word.start - 0.005) < 20 < level_db(pcm, word.start, word.start + 0.06)
    first = narration.segments[0]
    spread = {w.text: w.start for w in proportional_words(first.text, first.start, first.end)}
    assert abs(spread["wait,"] - after_pause[0].start) > 0.15     # the fallback would be far off here


def test_offline_narration_round_trips_its_words_through_the_artefact(tmp_path):
    from dataclasses import asdict

    narration = OfflineVoiceProvider().synthesize(["One small step."], "en-US", "", str(tmp_path))
    again = Narration.from_dict(asdict(narration))
    assert again == narration and again.words
    old = {k: v for k, v in asdict(narration).items() if k != "words"}   # an artefact from before word timing
    assert Narration.from_dict(old).words == []


def test_elevenlabs_words_follow_the_character_alignment_and_the_audio(elevenlabs_provider, elevenlabs_api, tmp_path):
    sentences = ["Hello there, curious viewer.", "Solar panels turn light into current."]
    narration = elevenlabs_provider.synthesize(sentences, "en-US", "", str(tmp_path))
    assert all(r.path.endswith("/with-timestamps") for r in elevenlabs_api.speech_requests)
    assert_words_cover_the_segments(narration)
    pcm = pcm_of(narration)
    for word in narration.words:
        # The stand-in's audio is silent between words and a tone inside them.
        if word.start - 0.05 > 0 and word not in (narration.words[0], narration.words[4]):
            assert level_db(pcm, word.start - 0.045, word.start - 0.015) < 30, word
        assert level_db(pcm, word.start + 0.01, word.start + 0.05) > 60, word


def test_elevenlabs_alignment_that_does_not_spell_the_text_falls_back_to_proportional(elevenlabs_provider,
                                                                                      elevenlabs_api, tmp_path):
    body = with_timestamps_body("Something else entirely.", aligned_mp3("Hello there friend."))
    elevenlabs_api.queue(Reply.json(200, body))
    narration = elevenlabs_provider.synthesize(["Hello there friend."], "en-US", "", str(tmp_path))
    segment = narration.segments[0]
    assert narration.words == proportional_words(segment.text, segment.start, segment.end)


def test_character_alignment_maps_to_words_with_punctuation_kept():
    text = "Hi there, you."
    starts = [0.1 * i for i in range(len(text))]
    words = words_from_characters(text, list(text), starts, [s + 0.1 for s in starts], 5.0, 7.0)
    assert [(w.text, w.start, w.end) for w in words] == [("Hi", 5.0, 5.2), ("there,", 5.3, 5.9), ("you.", 6.0, 6.4)]


def test_proportional_fallback_spreads_by_letters_over_the_sentence():
    words = proportional_words("a bbb", 0.0, 4.0)
    assert [(w.start, w.end) for w in words] == [(0.0, 1.0), (1.0, 4.0)]
