"""The soundtrack: music ducked under the voice, the whole mix at -14 LUFS within 1 LU."""
import numpy as np
import pytest

from ytempire.media.audio_mix import TARGET_LUFS, measure_loudness, mix_soundtrack
from ytempire.common.ffmpeg import decode_audio, probe, run_ffmpeg

RATE = 16_000
VOICE_HZ, MUSIC_HZ = 1000, 220


@pytest.fixture(scope="module")
def speech_and_pauses(tmp_path_factory):
    """A stand-in narration: a 1 kHz 'voice' speaking 2 s, pausing 2 s, four times; quiet overall."""
    path = tmp_path_factory.mktemp("mix") / "voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={VOICE_HZ}:sample_rate=44100:duration=16",
                "-af", "volume='if(lt(mod(t,4),2),0.1,0)':eval=frame", "-ac", "1", str(path)])
    return path


@pytest.fixture(scope="module")
def loud_music(tmp_path_factory):
    """Music far louder than the voice, and shorter than it: the mix must tame and loop it."""
    path = tmp_path_factory.mktemp("music") / "music.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={MUSIC_HZ}:sample_rate=44100:duration=5",
                "-af", "volume=0.9", "-c:a", "libmp3lame", str(path)])
    return path


def tone_level_db(pcm: np.ndarray, hz: float, start: float, end: float) -> float:
    window = pcm[int(start * RATE):int(end * RATE)].astype(float)
    t = np.arange(window.size) / RATE
    amplitude = 2 * abs(np.dot(window, np.exp(-2j * np.pi * hz * t))) / window.size
    return 20 * np.log10(amplitude + 1e-9)


def test_music_is_ducked_under_speech_and_the_mix_lands_at_minus_14_lufs(speech_and_pauses, loud_music, tmp_path):
    result = mix_soundtrack(speech_and_pauses, tmp_path / "mix.wav", duration=16.0, music_path=loud_music)
    assert result.with_music
    measured = measure_loudness(result.path)
    assert abs(measured.integrated - TARGET_LUFS) <= 1.0, measured
    assert measured.true_peak <= -1.0
    assert probe(result.path).duration == pytest.approx(16.0, abs=0.05)
    pcm = np.frombuffer(decode_audio(result.path, sample_rate=RATE), dtype=np.int16)
    # Middle of each speech window and of each pause (after the compressor's release).
    under_speech = [tone_level_db(pcm, MUSIC_HZ, s + 0.5, s + 1.5) for s in (4, 8, 12)]
    in_pauses = [tone_level_db(pcm, MUSIC_HZ, s + 0.8, s + 1.8) for s in (2, 6, 10)]
    voice = [tone_level_db(pcm, VOICE_HZ, s + 0.5, s + 1.5) for s in (4, 8, 12)]
    assert max(under_speech) < min(in_pauses) - 6          # ducked by more than 6 dB while the voice speaks
    assert min(voice) > max(under_speech) + 15             # and the voice stands well above it
    assert min(in_pauses) < min(voice) - 6                 # the bed stays under the voice even in pauses


def test_narration_alone_is_normalised_to_minus_14_lufs(speech_and_pauses, tmp_path):
    before = measure_loudness(speech_and_pauses)
    assert before.integrated < TARGET_LUFS - 5                # the input really was too quiet
    result = mix_soundtrack(speech_and_pauses, tmp_path / "voice.m4a", duration=16.0)
    assert not result.with_music and probe(result.path).of_kind("audio")[0].codec == "aac"
    assert abs(measure_loudness(result.path).integrated - TARGET_LUFS) <= 1.0


def test_a_real_narration_mix_is_in_tolerance(narration, loud_music, tmp_path):
    result = mix_soundtrack(narration.audio_path, tmp_path / "mix.wav", duration=narration.duration,
                            music_path=loud_music)
    assert abs(measure_loudness(result.path).integrated - TARGET_LUFS) <= 1.0


def test_unknown_soundtrack_format_is_refused(speech_and_pauses, tmp_path):
    with pytest.raises(ValueError, match="unsupported soundtrack format"):
        mix_soundtrack(speech_and_pauses, tmp_path / "mix.ogg", duration=16.0)
