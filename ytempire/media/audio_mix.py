"""The soundtrack: narration with music ducked under it, normalised to YouTube's loudness.

YouTube turns louder uploads down to about -14 LUFS integrated, so a mix at -14 plays as loud as
its neighbours without being squashed. Music sits BED_BELOW_SPEECH_LU under the voice in the
pauses and is pushed down further while the voice speaks (sidechaincompress keyed by the voice).

Normalisation is two-pass: pass one measures the mix (loudnorm's analysis), pass two applies the
measured values (linear where the peaks allow it). One-pass loudnorm guesses from the first few
seconds and often misses by more than 1 LU on short videos; a last gain step corrects the small
error the second pass may leave, so the file really lands within tolerance. Everything is
audio-only ffmpeg work: a ten-minute mix takes seconds.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ytempire.common.atomic_files import atomic_output
from ytempire.common.ffmpeg import FFmpegError, run_ffmpeg

TARGET_LUFS = -14.0                   # YouTube's playback reference
TOLERANCE_LU = 1.0
TRUE_PEAK_DBTP = -1.5
LOUDNESS_RANGE_LU = 11.0
BED_BELOW_SPEECH_LU = 14.0            # music in the pauses, this far under the voice
SAMPLE_RATE = 48_000
MUSIC_FADE_S = 2.0
# Ducking: react within a syllable, recover over a breath so the music does not pump between words.
# The key (the voice) is brought to KEY_LUFS first, so the threshold means the same for any voice.
KEY_LUFS = -20.0
DUCK = "threshold=0.02:ratio=12:attack=15:release=400:knee=4"
_STEREO = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"
_CODECS = {".wav": ["-c:a", "pcm_s16le"], ".flac": ["-c:a", "flac"], ".m4a": ["-c:a", "aac", "-b:a", "192k"]}


@dataclass(frozen=True)
class Loudness:
    integrated: float                 # LUFS
    true_peak: float                  # dBTP
    lra: float                        # LU
    threshold: float                  # LUFS, the relative gate


@dataclass(frozen=True)
class MixResult:
    path: str
    loudness: Loudness                # of the written file
    with_music: bool


def measure_loudness(path: str | Path, *, start: float | None = None, duration: float | None = None) -> Loudness:
    """EBU R128 loudness of a file's audio (or of a window of it), through ffmpeg's ebur128."""
    window = (["-ss", f"{start:.3f}"] if start is not None else []) + (["-t", f"{duration:.3f}"] if duration else [])
    result = run_ffmpeg([*window, "-i", str(path), "-vn", "-af", "ebur128=peak=true:framelog=verbose",
                         "-f", "null", "-"], loglevel="info", timeout=600)
    summary = result.stderr[result.stderr.rfind("Summary:"):]
    number = r"(-?(?:\d+(?:\.\d+)?|inf))"

    def value(label: str) -> float:
        match = re.search(label + r":\s*" + number, summary)
        if not match:
            raise FFmpegError(f"ebur128 reported no {label.strip()} for {path}", stderr=result.stderr)
        return float(match.group(1))

    return Loudness(value(r"\bI"), value(r"Peak"), value(r"LRA"), value(r"Threshold"))


def mix_soundtrack(narration_path: str | Path, out_path: str | Path, *, duration: float,
                   music_path: str | Path | None = None, target_lufs: float = TARGET_LUFS) -> MixResult:
    """Write narration (+ ducked, looped, faded music) normalised to `target_lufs` into `out_path`.

    The format follows the suffix: .wav (default for the render to encode once), .flac or .m4a.
    The result lasts `duration` seconds (the narration's length; the music is looped or cut).
    """
    out_path = Path(out_path)
    codec = _CODECS.get(out_path.suffix.lower())
    if codec is None:
        raise ValueError(f"unsupported soundtrack format {out_path.suffix!r}; use one of {', '.join(_CODECS)}")
    inputs = ["-i", str(narration_path)]
    if music_path:
        inputs += ["-stream_loop", "-1", "-i", str(music_path)]
        graph = _ducking_graph(narration_path, music_path, duration)
    else:
        graph = f"[0:a]{_STEREO},apad,atrim=0:{duration:.3f}[mix]"
    measured = _loudnorm_analysis(inputs, graph, target_lufs)
    apply = (f"loudnorm=I={target_lufs}:TP={TRUE_PEAK_DBTP}:LRA={LOUDNESS_RANGE_LU}"
             f":measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
             f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
             f":offset={measured['target_offset']}:linear=true,aresample={SAMPLE_RATE}")
    with atomic_output(out_path) as partial:
        run_ffmpeg([*inputs, "-filter_complex", f"{graph};[mix]{apply}[out]", "-map", "[out]", "-ac", "2",
                    *codec, "-t", f"{duration:.3f}", str(partial)], timeout=_timeout(duration))
        loudness = measure_loudness(partial)
        error = target_lufs - loudness.integrated
        if abs(error) > TOLERANCE_LU / 4:
            # Dynamic loudnorm (when the peaks forbid linear) can leave a residue; one gain step fixes it.
            corrected = partial.with_name(partial.stem + ".gain" + partial.suffix)
            try:
                run_ffmpeg(["-i", str(partial), "-af", f"volume={error:.2f}dB,alimiter=limit={_limit()}:level=false",
                            *codec, str(corrected)], timeout=_timeout(duration))
                corrected.replace(partial)
            finally:
                corrected.unlink(missing_ok=True)
            loudness = measure_loudness(partial)
    return MixResult(str(out_path), loudness, bool(music_path))


def _ducking_graph(narration_path, music_path, duration: float) -> str:
    """Voice as is; music set BED_BELOW_SPEECH_LU under it, then compressed whenever the voice speaks."""
    voice = measure_loudness(narration_path).integrated
    music = measure_loudness(music_path, duration=min(duration, 120.0)).integrated
    gain = (voice - BED_BELOW_SPEECH_LU) - music if music > -70 else 0.0
    fade_out = max(0.0, duration - MUSIC_FADE_S)
    key_gain = KEY_LUFS - voice if voice > -70 else 0.0
    return (f"[0:a]{_STEREO},apad,atrim=0:{duration:.3f},asplit=2[voice][raw_key];"
            f"[raw_key]volume={key_gain:.2f}dB[key];"
            f"[1:a]{_STEREO},atrim=0:{duration:.3f},volume={gain:.2f}dB,"
            f"afade=t=in:d={MUSIC_FADE_S},afade=t=out:st={fade_out:.3f}:d={MUSIC_FADE_S}[bed];"
            f"[bed][key]sidechaincompress={DUCK}[ducked];"
            "[voice][ducked]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mix]")


def _loudnorm_analysis(inputs: list[str], graph: str, target_lufs: float) -> dict:
    result = run_ffmpeg([*inputs, "-filter_complex",
                         f"{graph};[mix]loudnorm=I={target_lufs}:TP={TRUE_PEAK_DBTP}:LRA={LOUDNESS_RANGE_LU}"
                         ":print_format=json[out]", "-map", "[out]", "-f", "null", "-"], loglevel="info",
                        timeout=600)
    block = result.stderr[result.stderr.rfind("{"):result.stderr.rfind("}") + 1]
    try:
        measured = json.loads(block)
    except ValueError:
        raise FFmpegError("loudnorm printed no measurement", stderr=result.stderr) from None
    if measured.get("input_i") in (None, "-inf"):
        raise FFmpegError("the soundtrack is silent: nothing to normalise", stderr=result.stderr)
    return measured


def _limit() -> float:
    return round(10 ** (TRUE_PEAK_DBTP / 20), 4)   # alimiter takes a linear level


def _timeout(duration: float) -> float:
    return max(120.0, duration * 2 + 60)
