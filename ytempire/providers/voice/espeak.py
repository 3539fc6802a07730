"""The offline voice: real speech from espeak-ng, with no network and no system packages.

The `espeakng-loader` wheel ships `libespeak-ng.so` and its `espeak-ng-data`; we drive the C API
through ctypes in synchronous mode (`espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, …)`,
`espeak_SetSynthCallback`, `espeak_Synth`), which hands us 16-bit mono PCM at 22,050 Hz.

Each sentence is synthesised on its own, so the sample count gives every `TimedText` an exact
start and end without any forced alignment; subtitles and slides follow the voice to the sample.
Inside a sentence, the engine's word events (`espeakEVENT_WORD`: character position and audio
position in ms) time each word for the word-highlighting captions.
"""
from __future__ import annotations

import ctypes
import os
import re
import threading
import wave
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ytempire.common.atomic_files import atomic_output
from ytempire.providers.voice.interface import Narration, TimedText
from ytempire.providers.voice.interface import TimedWord
from ytempire.providers.voice.words import words_from_positions
from ytempire.common.provider_errors import PermanentProviderError, ProviderError
from ytempire.text.languages import language_info

SENTENCE_PAUSE_S = 0.25               # breath between sentences, outside every segment
TAIL_PAUSE_S = 0.5                    # so a video does not cut off on the last syllable

# ----------------------------------------------------------------------------- voice styles

@dataclass(frozen=True)
class VoiceStyle:
    """How a `video_config.voice` value sounds through espeak-ng."""

    variant: str | None               # espeak variant under voices/!v ("m3", "f3"), None = voice default
    rate: int                         # words per minute
    pitch: int                        # 0-100, 50 is the voice's own pitch
    pitch_range: int                  # 0-100, intonation range; low sounds flat, high lively


# "<delivery>-<gender>", e.g. "professional-female". Two small tables, not a row per combination.
# Rates sit near the scripts' 150 words a minute, so a video's length follows the asked duration.
_DELIVERY = {                         # rate, pitch, range
    "professional": (150, 48, 45),
    "casual": (160, 55, 65),
    "energetic": (172, 60, 85),
    "calm": (140, 45, 35),
    "narrator": (145, 42, 50),
}
_GENDER_VARIANT = {"male": "m3", "female": "f3", "neutral": None}
DEFAULT_VOICE = "professional-male"


def voice_style(voice: str | None) -> VoiceStyle:
    """Map a voice name to espeak settings; unknown parts fall back to the default, never an error."""
    tokens = re.split(r"[-_\s]+", (voice or "").lower())
    delivery = next((t for t in tokens if t in _DELIVERY), "professional")
    gender = next((t for t in tokens if t in _GENDER_VARIANT), "male")
    rate, pitch, pitch_range = _DELIVERY[delivery]
    return VoiceStyle(_GENDER_VARIANT[gender], rate, pitch, pitch_range)


PACE_TOLERANCE = 0.15                 # re-speak beyond this, inside the ±20% length rule
MIN_RATE_WPM, MAX_RATE_WPM = 110, 260   # still intelligible at both ends


def paced_style(style: VoiceStyle, seconds: float, sentences: int, target_seconds: float | None) -> VoiceStyle | None:
    """The style re-rated so the narration lasts about `target_seconds`; None when it already does.

    Only speech scales with the rate: the pauses between sentences and the tail stay as they are.
    """
    if not target_seconds or abs(seconds / target_seconds - 1) <= PACE_TOLERANCE:
        return None
    pauses = max(sentences - 1, 0) * SENTENCE_PAUSE_S + TAIL_PAUSE_S
    speech, wanted = seconds - pauses, target_seconds - pauses
    rate = MAX_RATE_WPM if wanted <= 0 else round(style.rate * speech / wanted)
    return replace(style, rate=min(max(rate, MIN_RATE_WPM), MAX_RATE_WPM))


# ----------------------------------------------------------------------------- espeak-ng binding

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE, _PITCH, _RANGE = 1, 3, 4       # espeak_PARAMETER values
_EVENT_LIST_TERMINATED, _EVENT_WORD = 0, 1   # espeak_EVENT_TYPE values


class _Event(ctypes.Structure):
    """`espeak_EVENT` from speak_lib.h; the callback gets an array ending in LIST_TERMINATED."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int),      # 1-based, in characters of the UTF-8 text
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int),   # ms since espeak_Synth
                ("sample", ctypes.c_int), ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.POINTER(_Event))


class _Espeak:
    """The process-wide espeak-ng engine.

    The C library keeps one global voice, parameter set and callback and is not thread-safe, so
    every use holds `lock`. It is initialised lazily and again in a forked child (Celery prefork),
    keyed by pid, so a worker never relies on state inherited from its parent.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sample_rate = 0
        self._lib: ctypes.CDLL | None = None
        self._pid: int | None = None
        self._chunks: list[bytes] = []
        self.word_events: list[tuple[int, float]] = []   # (0-based char index, seconds) of the last `speak`
        self._callback = _SYNTH_CALLBACK(self._collect)   # kept alive: C holds only the pointer

    def after_fork(self) -> None:
        self.lock = threading.Lock()  # a lock held by another thread at fork time would never be released

    def _collect(self, wav, num_samples, events) -> int:
        if num_samples > 0:
            self._chunks.append(ctypes.string_at(wav, num_samples * 2))
        index = 0
        while events and events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_WORD:
                self.word_events.append((event.text_position - 1, event.audio_position / 1000))
            index += 1
        return 0                      # 0 = keep going

    def _ensure_initialised(self) -> ctypes.CDLL:
        if self._pid == os.getpid() and self._lib is not None:
            return self._lib
        try:
            import espeakng_loader

            lib = self._lib or ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise PermanentProviderError(f"espeak-ng is not available: {exc}") from exc
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if rate <= 0:
            raise PermanentProviderError(f"espeak_Initialize failed ({rate}) with data at {data_path}")
        lib.espeak_SetSynthCallback(self._callback)
        self._lib, self._pid, self.sample_rate = lib, os.getpid(), rate
        return lib

    def select(self, espeak_voice: str, style: VoiceStyle) -> None:
        """Set voice and prosody for the following `speak` calls (caller holds `lock`)."""
        lib = self._ensure_initialised()
        name = f"{espeak_voice}+{style.variant}" if style.variant else espeak_voice
        if lib.espeak_SetVoiceByName(name.encode()) != 0:
            raise PermanentProviderError(f"espeak-ng has no voice {name!r}")
        for parameter, value in ((_RATE, style.rate), (_PITCH, style.pitch), (_RANGE, style.pitch_range)):
            lib.espeak_SetParameter(parameter, value, 0)

    def speak(self, text: str) -> np.ndarray:
        """Synthesise one sentence to int16 PCM (caller holds `lock`)."""
        lib = self._ensure_initialised()
        data = text.encode("utf-8")
        self._chunks, self.word_events = [], []
        status = lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if status != 0:
            raise ProviderError(f"espeak_Synth failed with status {status}")
        pcm = np.frombuffer(b"".join(self._chunks), dtype=np.int16)
        self._chunks = []
        return pcm


_ENGINE = _Espeak()
os.register_at_fork(after_in_child=_ENGINE.after_fork)


def audible_span(pcm: np.ndarray, sample_rate: int, *, threshold: int = 200, margin_s: float = 0.03) -> tuple[int, int]:
    """[first, last) sample of `pcm` without the leading/trailing near-silence, keeping a short
    margin for soft consonants; (0, 0) when nothing is audible."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    if loud.size == 0:
        return 0, 0
    margin = int(margin_s * sample_rate)
    return int(max(0, loud[0] - margin)), int(min(pcm.size, loud[-1] + 1 + margin))



# ----------------------------------------------------------------------------- the provider

class OfflineVoiceProvider:
    """`VoiceProvider` backed by espeak-ng: one WAV, one exact segment per spoken sentence."""

    name = "offline"
    audio_filename = "narration.wav"

    def synthesize(self, sentences: list[str], language: str, voice: str, out_dir: str,
                   target_seconds: float | None = None) -> Narration:
        """Speak `sentences` in order into `out_dir/narration.wav`, pausing between them.

        With `target_seconds`, a narration more than PACE_TOLERANCE off the target is spoken once
        more at a rate scaled to fit (a video's length must be within ±20% of the asked one).
        """
        info = language_info(language)                  # UnsupportedLanguage is a permanent error
        style = voice_style(voice)
        texts = [" ".join(s.split()) for s in sentences if s and s.strip()]
        if not texts:
            raise PermanentProviderError("nothing to narrate: no non-empty sentence")
        out_path = Path(out_dir) / self.audio_filename
        with _ENGINE.lock:
            segments, words, seconds = self._speak_to(out_path, texts, info.espeak_voice, style)
            paced = paced_style(style, seconds, len(segments), target_seconds)
            if paced is not None:
                segments, words, seconds = self._speak_to(out_path, texts, info.espeak_voice, paced)
        return Narration(
            audio_path=str(out_path),
            duration=seconds,
            segments=segments,
            characters=sum(len(s.text) for s in segments),
            provider=self.name,
            voice=voice or DEFAULT_VOICE,
            words=words,
        )

    def _speak_to(self, out_path: Path, texts: list[str], espeak_voice: str,
                  style: VoiceStyle) -> tuple[list[TimedText], list[TimedWord], float]:
        """One complete narration file (caller holds the engine lock); (segments, words, seconds)."""
        with atomic_output(out_path) as tmp_path:
            segments, words, samples, rate = self._write_wav(tmp_path, texts, espeak_voice, style)
            if not segments:
                raise PermanentProviderError("espeak-ng produced no audio for the given sentences")
        return segments, words, samples / rate

    @staticmethod
    def _write_wav(path: Path, texts: list[str], espeak_voice: str,
                   style: VoiceStyle) -> tuple[list[TimedText], list[TimedWord], int, int]:
        """Speak `texts` into a mono 16-bit WAV (caller holds the engine lock); return the
        segments, their words, the total sample count and the sample rate. The sample count is
        the clock; word events are moved by the silence trimmed off the sentence's start."""
        _ENGINE.select(espeak_voice, style)
        rate = _ENGINE.sample_rate
        pause = np.zeros(int(SENTENCE_PAUSE_S * rate), dtype=np.int16)
        segments: list[TimedText] = []
        words: list[TimedWord] = []
        written = 0
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            for text in texts:
                raw = _ENGINE.speak(text)
                first, last = audible_span(raw, rate)
                pcm = raw[first:last]
                if pcm.size == 0:                        # nothing speakable ("…"): no segment
                    continue
                if segments:
                    wav.writeframes(pause.tobytes())
                    written += pause.size
                wav.writeframes(pcm.tobytes())
                segment = TimedText(text, written / rate, (written + pcm.size) / rate)
                segments.append(segment)
                events = [(position, seconds - first / rate) for position, seconds in _ENGINE.word_events]
                words += words_from_positions(text, events, segment.start, segment.end)
                written += pcm.size
            tail = np.zeros(int(TAIL_PAUSE_S * rate), dtype=np.int16)
            wav.writeframes(tail.tobytes())
            written += tail.size
        return segments, words, written, rate
