"""The offline voice speaks real, timed speech through espeak-ng."""
import multiprocessing
import wave
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.text.languages import SUPPORTED_LANGUAGES, UnsupportedLanguage
from ytempire.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from ytempire.providers.voice.espeak import SENTENCE_PAUSE_S, OfflineVoiceProvider, voice_style

from tests.media.conftest import SENTENCES
from tests.media.signals import median_pitch, read_wav, rms, speech_variety

voice = OfflineVoiceProvider()


# ----------------------------------------------------------------------------- sentence splitting

def test_split_sentences_on_terminal_punctuation():
    text = "Is it real? Yes! It is. \u201cReally,\u201d she said."
    assert split_sentences(text) == ["Is it real?", "Yes!", "It is.", "\u201cReally,\u201d she said."]


def test_split_sentences_keeps_abbreviations_initials_and_decimals():
    text = "Dr. Smith moved to the U.S. in 1999. He paid $3.50 for coffee, e.g. espresso. J. R. R. Tolkien wrote it."
    assert split_sentences(text) == [
        "Dr. Smith moved to the U.S. in 1999.", "He paid $3.50 for coffee, e.g. espresso.", "J. R. R. Tolkien wrote it."]


def test_split_sentences_breaks_at_blank_lines_and_joins_wrapped_lines():
    text = "Hook without a full stop\n\nThe first point is\nwrapped over two lines. Then more"
    assert split_sentences(text) == ["Hook without a full stop", "The first point is wrapped over two lines.", "Then more"]


def test_split_sentences_handles_scripts_without_spaces_after_full_stops():
    assert split_sentences("यह पहला वाक्य है। यह दूसरा है।") == ["यह पहला वाक्य है।", "यह दूसरा है।"]
    assert split_sentences("你好。我很好！") == ["你好。", "我很好！"]


def test_long_sentence_is_cut_at_a_comma_near_its_middle():
    clause = "this clause has exactly some words in it"
    text = ", ".join([clause] * 10) + "."
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert " ".join(parts) == text                                   # nothing lost, order kept
    assert all(p.endswith((",", ".")) for p in parts)


def test_split_sentences_of_nothing_is_empty():
    assert split_sentences("") == [] and split_sentences("  \n\n ") == []


# ----------------------------------------------------------------------------- the narration WAV

def test_narration_is_a_mono_16bit_wav_whose_length_is_the_narration_duration(narration):
    pcm, rate, params = read_wav(narration.audio_path)
    assert (params.nchannels, params.sampwidth, rate) == (1, 2, 22050)
    assert narration.duration == pytest.approx(len(pcm) / rate, abs=1e-6)
    assert narration.provider == "offline" and narration.voice == "professional-male"
    assert narration.characters == sum(len(s) for s in SENTENCES)


def test_one_segment_per_sentence_in_order_separated_by_pauses(narration):
    assert [s.text for s in narration.segments] == SENTENCES
    assert narration.segments[0].start == 0.0
    for before, after in zip(narration.segments, narration.segments[1:]):
        assert after.start - before.end == pytest.approx(SENTENCE_PAUSE_S, abs=1e-3)
    assert narration.segments[-1].end < narration.duration
    assert all(s.end - s.start > 0.5 for s in narration.segments)


def test_speech_fills_each_segment_and_pauses_are_silent(narration):
    pcm, rate, _ = read_wav(narration.audio_path)
    for seg in narration.segments:
        assert rms(pcm[int(seg.start * rate): int(seg.end * rate)]) > 1000
    for before, after in zip(narration.segments, narration.segments[1:]):
        assert not pcm[int(before.end * rate) + 1: int(after.start * rate) - 1].any()
    # Segment edges are exact: speech begins within 50 ms of each start and ends within 50 ms of each end.
    loud = np.abs(pcm.astype(np.int32)) > 200
    for seg in narration.segments:
        window = loud[int(seg.start * rate): int(seg.end * rate)]
        first, last = np.flatnonzero(window)[[0, -1]] / rate
        assert first < 0.05 and (seg.end - seg.start) - last < 0.05


def test_narration_sounds_like_speech_not_a_tone(narration):
    pcm, rate, _ = read_wav(narration.audio_path)
    zcr_spread, centroid_spread = speech_variety(pcm, rate)
    t = np.arange(rate * 2) / rate
    tone = (8000 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)
    tone_zcr, tone_centroid = speech_variety(tone, rate)
    assert zcr_spread > 0.02 and centroid_spread > 150               # varies like phonemes do
    assert tone_zcr < 0.005 and tone_centroid < 20                   # the measure tells a tone apart
    assert 80 < median_pitch(pcm, rate) < 200                        # a male speaking voice


def test_female_voice_is_higher_and_calm_delivery_is_slower(tmp_path):
    line = ["The quick brown fox jumps over the lazy dog near the river bank."]
    male = voice.synthesize(line, "en-US", "professional-male", str(tmp_path / "m"))
    female = voice.synthesize(line, "en-US", "professional-female", str(tmp_path / "f"))
    calm = voice.synthesize(line, "en-US", "calm-male", str(tmp_path / "c"))
    energetic = voice.synthesize(line, "en-US", "energetic-male", str(tmp_path / "e"))
    assert _pitch(female) > 1.3 * _pitch(male)
    assert calm.segments[0].end > 1.15 * energetic.segments[0].end


def test_unknown_voice_falls_back_to_the_default_voice(tmp_path):
    line = ["Unknown voices are not an error."]
    default = voice.synthesize(line, "en-US", "professional-male", str(tmp_path / "d"))
    unknown = voice.synthesize(line, "en-US", "robot-overlord-9000", str(tmp_path / "u"))
    assert voice_style("robot-overlord-9000") == voice_style("professional-male")
    # espeak-ng carries a little state between utterances, so repeats match closely, not bit for bit.
    assert unknown.duration == pytest.approx(default.duration, rel=0.01)
    assert _pitch(unknown) == pytest.approx(_pitch(default), rel=0.05)
    assert unknown.voice == "robot-overlord-9000"


def _pitch(narration):
    return median_pitch(*read_wav(narration.audio_path)[:2])


@pytest.mark.parametrize("language, text", [
    ("es-ES", ["Los pulpos tienen nueve cerebros.", "Pueden abrir frascos."]),
    ("de-DE", ["Kraken haben neun Gehirne.", "Sie können Gläser öffnen."]),
    ("hi-IN", ["ऑक्टोपस के नौ दिमाग होते हैं।"]),
])
def test_non_english_language_produces_speech(tmp_path, language, text):
    narration = voice.synthesize(text, language, "casual-female", str(tmp_path))
    pcm, rate, _ = read_wav(narration.audio_path)
    assert len(narration.segments) == len(text)
    assert rms(pcm) > 500
    zcr_spread, centroid_spread = speech_variety(pcm, rate)
    assert zcr_spread > 0.02 and centroid_spread > 150


def test_every_supported_language_speaks_in_its_own_way(tmp_path):
    """Each listed espeak voice exists in the bundled data, and the language changes the audio."""
    audio = {}
    for code in SUPPORTED_LANGUAGES:
        narration = voice.synthesize(["2024"], code, "professional-male", str(tmp_path / code))
        pcm = read_wav(narration.audio_path)[0]
        assert rms(pcm) > 500, code
        audio[code] = pcm.tobytes()
    assert len(set(audio.values())) == len(audio)                   # 26 different readings of a number


def test_unspeakable_sentences_get_no_segment(tmp_path):
    narration = voice.synthesize(["Hello.", "…", "...", "Goodbye."], "en-US", "professional-male", str(tmp_path))
    assert [s.text for s in narration.segments] == ["Hello.", "Goodbye."]
    assert narration.characters == len("Hello.") + len("Goodbye.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["narration.wav"]     # no temporary file left


def test_unsupported_language_fails_permanently(tmp_path):
    with pytest.raises(UnsupportedLanguage):
        voice.synthesize(["Hello."], "tlh-KL", "professional-male", str(tmp_path))


def test_nothing_to_say_fails_permanently(tmp_path):
    with pytest.raises(PermanentProviderError):
        voice.synthesize(["  ", ""], "en-US", "professional-male", str(tmp_path))


def test_concurrent_synthesis_from_threads_matches_serial(tmp_path):
    """Voice, language and prosody are global in espeak-ng: without the lock, threads would mix them."""
    jobs = [(["Thread one speaks first, slowly and calmly."], "en-US", "calm-male"),
            (["Der zweite Faden spricht Deutsch."], "de-DE", "energetic-female"),
            (["El tercero habla español."], "es-ES", "casual-male")] * 3
    serial = [voice.synthesize(*job, str(tmp_path / f"s{i}")) for i, job in enumerate(jobs)]
    with ThreadPoolExecutor(len(jobs)) as pool:
        threaded = list(pool.map(lambda ij: voice.synthesize(*ij[1], str(tmp_path / f"t{ij[0]}")), enumerate(jobs)))
    for alone, together in zip(serial, threaded):
        assert together.duration == pytest.approx(alone.duration, rel=0.02)
        assert _pitch(together) == pytest.approx(_pitch(alone), rel=0.1)


def _speak_in_child(out_dir, queue):
    narration = OfflineVoiceProvider().synthesize(["Spoken in a forked worker."], "en-US", "casual-male", out_dir)
    queue.put(narration.duration)


def test_forked_worker_process_can_speak(tmp_path, narration):
    # `narration` made the parent initialise espeak first, as a Celery prefork parent might.
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_speak_in_child, args=(str(tmp_path), queue))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    duration = queue.get(timeout=5)
    with wave.open(str(tmp_path / "narration.wav")) as wav:
        assert wav.getnframes() / wav.getframerate() == pytest.approx(duration)
    assert rms(read_wav(tmp_path / "narration.wav")[0]) > 500
