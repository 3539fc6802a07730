"""Measurements the media tests make on real artefacts: audio energy and variety, pitch,
decoded video frames, SRT cues. Kept apart from the tests so each test reads as its claim."""
from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np

from ytempire.common.ffmpeg import decode_audio, run_ffmpeg

FRAME_S = 0.03


def read_wav(path: str | Path) -> tuple[np.ndarray, int, wave._wave_params]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        pcm = np.frombuffer(wav.readframes(params.nframes), dtype=np.int16)
    return pcm, params.framerate, params


def rms(pcm: np.ndarray) -> float:
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if pcm.size else 0.0


def decoded_rms(path: str | Path, start: float, duration: float) -> float:
    """RMS of a file's audio (decoded by ffmpeg to 16 kHz mono) over a window."""
    return rms(np.frombuffer(decode_audio(path, start=start, duration=duration), dtype=np.int16))


def _loud_frames(pcm: np.ndarray, rate: int) -> np.ndarray:
    size = int(FRAME_S * rate)
    frames = pcm[: len(pcm) // size * size].astype(np.float64).reshape(-1, size)
    energy = np.sqrt((frames ** 2).mean(axis=1))
    return frames[energy > 0.1 * energy.max()]


def speech_variety(pcm: np.ndarray, rate: int) -> tuple[float, float]:
    """(std of zero-crossing rate, std of spectral centroid in Hz) over the loud 30 ms frames.

    Speech alternates voiced sounds (low ZCR, low centroid) and fricatives (high both), so both
    vary a lot; a steady tone or hum has nearly constant values."""
    frames = _loud_frames(pcm, rate)
    zcr = (np.diff(np.signbit(frames), axis=1) != 0).mean(axis=1)
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]), axis=1))
    freqs = np.fft.rfftfreq(frames.shape[1], 1 / rate)
    centroid = (spectrum * freqs).sum(axis=1) / np.maximum(spectrum.sum(axis=1), 1e-9)
    return float(zcr.std()), float(centroid.std())


def median_pitch(pcm: np.ndarray, rate: int, fmin: float = 60, fmax: float = 400) -> float:
    """Median fundamental frequency (autocorrelation) over loud frames, in Hz."""
    frames = _loud_frames(pcm, rate)
    lo, hi = int(rate / fmax), int(rate / fmin)
    pitches = []
    for frame in frames:
        frame = frame - frame.mean()
        corr = np.correlate(frame, frame, mode="full")[len(frame) - 1:]
        if corr[0] <= 0:
            continue
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] / corr[0] > 0.3:                  # voiced frames only
            pitches.append(rate / lag)
    return float(np.median(pitches))


def video_frame(path: str | Path, at: float, size: tuple[int, int] = (64, 36)) -> np.ndarray:
    """The frame shown at `at` seconds, scaled down to `size`, as an RGB float array."""
    width, height = size
    raw = run_ffmpeg(["-ss", f"{at:.3f}", "-i", str(path), "-frames:v", "1", "-vf",
                      f"scale={width}:{height}:flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3).astype(np.float64)


_CUE = re.compile(r"(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n(.*?)(?:\n\n|\n?$)", re.S)


def parse_srt(text: str) -> list[tuple[int, float, float, str]]:
    """(number, start, end, text) for every cue."""
    cues = []
    for m in _CUE.finditer(text):
        g = m.groups()
        start = int(g[1]) * 3600 + int(g[2]) * 60 + int(g[3]) + int(g[4]) / 1000
        end = int(g[5]) * 3600 + int(g[6]) * 60 + int(g[7]) + int(g[8]) / 1000
        cues.append((int(g[0]), start, end, g[9].strip()))
    return cues
