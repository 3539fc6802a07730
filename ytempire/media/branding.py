"""A channel style's additions to a render, as pieces of the same single ffmpeg pass: the
watermark overlaid at a corner with its opacity, and the intro/outro (a title card or an uploaded
clip, scaled and padded to the frame at the output fps) joined before and after the narrated part.

The burned-in captions and the narrated picture keep the narration's own times; the bumpers are
joined around them, and the soundtrack is delayed by the intro and padded to the whole length.
Uploaded clips play silently: the soundtrack is the narration and its music only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ytempire.common.ffmpeg import probe
from ytempire.media.output import FPS
from ytempire.media.style import BrandStyle, Bumper, Watermark
from ytempire.media.title_card import TITLE_CARD_SECONDS, draw_title_card

WATERMARK_SHARE = 0.15                # the watermark fits in 15 % of the frame's width and height
CORNER_MARGIN = 0.03                  # of the frame's shorter side
OUTRO_TEXT = "Thanks for watching"


@dataclass(frozen=True)
class BumperInput:
    """One intro or outro as an ffmpeg input: its options and file, and how long it plays."""

    args: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class Branding:
    """What a render adds for a style: a watermark and the bumpers, ready as ffmpeg inputs."""

    watermark: Watermark | None = None
    intro: BumperInput | None = None
    outro: BumperInput | None = None
    background: tuple[int, int, int] = (0, 0, 0)

    @property
    def lead(self) -> float:
        """Seconds before the narration starts."""
        return self.intro.seconds if self.intro else 0.0

    @property
    def added(self) -> float:
        """Seconds the bumpers add to the video."""
        return self.lead + (self.outro.seconds if self.outro else 0.0)

    @property
    def has_bumpers(self) -> bool:
        return bool(self.intro or self.outro)


NO_BRANDING = Branding()


def prepare_branding(style: BrandStyle | None, *, title: str, size: tuple[int, int], workdir: str | Path) -> Branding:
    """The style's watermark and bumpers for a `size` render; title cards are drawn into `workdir`."""
    if style is None:
        return NO_BRANDING
    folder = Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    intro = _bumper_input(style.intro, title, size, style, folder / "intro_card.png")
    outro = _bumper_input(style.outro, OUTRO_TEXT, size, style, folder / "outro_card.png")
    return Branding(style.watermark, intro, outro, style.palette.background)


def bumper_seconds(style: BrandStyle | None) -> tuple[float, float]:
    """(seconds before the narration, seconds the intro and outro add): what the captions' soft
    track and the quality checks must allow for, known without drawing anything."""
    if style is None:
        return 0.0, 0.0
    intro, outro = _seconds(style.intro), _seconds(style.outro)
    return intro, intro + outro


def _seconds(bumper: Bumper) -> float:
    if bumper.kind == "title_card":
        return TITLE_CARD_SECONDS
    if bumper.kind == "clip" and bumper.clip_path and Path(bumper.clip_path).is_file():
        return round(probe(bumper.clip_path).duration or 0.0, 3)
    return 0.0


def _bumper_input(bumper: Bumper, text: str, size: tuple[int, int], style: BrandStyle,
                  card_path: Path) -> BumperInput | None:
    seconds = _seconds(bumper)
    if seconds <= 0:
        return None
    if bumper.kind == "title_card":
        draw_title_card(text, card_path, size=size, style=style)
        return BumperInput(("-loop", "1", "-framerate", str(FPS), "-t", f"{seconds:.3f}", "-i", str(card_path)),
                           seconds)
    return BumperInput(("-i", bumper.clip_path), seconds)


def input_args(branding: Branding) -> list[str]:
    """The extra inputs, in the order the graph pieces number them: watermark, intro, outro."""
    return watermark_args(branding) + bumper_args(branding)


def watermark_args(branding: Branding) -> list[str]:
    return ["-i", branding.watermark.path] if branding.watermark else []


def bumper_args(branding: Branding) -> list[str]:
    return [arg for bumper in (branding.intro, branding.outro) if bumper for arg in bumper.args]


def bumper_chain(bumper: BumperInput, input_index: int, branding: Branding, size: tuple[int, int]) -> str:
    """One bumper alone to `[v]`: for renders that encode it as a part of its own."""
    return f"[{input_index}:v]{_normalised(size, branding.background, bumper.seconds)}[v]"


def input_count(branding: Branding) -> int:
    return int(branding.watermark is not None) + int(branding.intro is not None) + int(branding.outro is not None)


def with_watermark(video_chain: str, branding: Branding, first_input: int, size: tuple[int, int]) -> str:
    """`video_chain` (no output label yet) with the watermark overlaid; still open for more filters."""
    mark = branding.watermark
    if not mark:
        return video_chain
    width, height = size
    margin = round(min(size) * CORNER_MARGIN)
    x = f"{margin}" if mark.corner.endswith("left") else f"main_w-overlay_w-{margin}"
    y = f"{margin}" if mark.corner.startswith("top") else f"main_h-overlay_h-{margin}"
    logo = (f"[{first_input}:v]format=rgba,scale=w={round(width * WATERMARK_SHARE)}:h={round(height * WATERMARK_SHARE)}"
            f":force_original_aspect_ratio=decrease,colorchannelmixer=aa={mark.opacity:.3f}[wm]")
    return f"{video_chain}[unmarked];{logo};[unmarked][wm]overlay=x={x}:y={y}:format=auto,format=yuv420p"


def joined_with_bumpers(main_label: str, branding: Branding, first_input: int, size: tuple[int, int],
                        main_seconds: float) -> list[str]:
    """Filter chains joining intro, `main_label` (cut to `main_seconds`) and outro into `[v]` (a plain
    rename without bumpers)."""
    if not branding.has_bumpers:
        return [f"{main_label}null[v]"]
    index = first_input + int(branding.watermark is not None)
    chains, parts = [f"{main_label}trim=duration={main_seconds:.3f},setpts=PTS-STARTPTS[narrated]"], []
    for name, bumper in (("intro", branding.intro), ("outro", branding.outro)):
        if bumper is None:
            continue
        chains.append(f"[{index}:v]{_normalised(size, branding.background, bumper.seconds)}[{name}]")
        parts.append(name)
        index += 1
    order = (["[intro]"] if branding.intro else []) + ["[narrated]"] + (["[outro]"] if branding.outro else [])
    chains.append("".join(order) + f"concat=n={len(order)}:v=1:a=0[v]")
    return chains


def _normalised(size: tuple[int, int], background: tuple[int, int, int], seconds: float) -> str:
    """Any clip or card to the frame: fitted inside and padded in the background colour, output fps,
    yuv420p, square pixels, exactly `seconds` long from its own zero (a picture stream that ends
    before its container does holds its last frame, so the soundtrack's delay still matches)."""
    width, height = size
    colour = "0x{:02X}{:02X}{:02X}".format(*background)
    return (f"scale={width}:{height}:force_original_aspect_ratio=decrease,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color={colour},setsar=1,fps={FPS},format=yuv420p,"
            f"setpts=PTS-STARTPTS,tpad=stop_mode=clone:stop_duration={seconds:.3f},"
            f"trim=duration={seconds:.3f},setpts=PTS-STARTPTS")


def delayed_audio(audio_graph: list[str], audio_map: list[str], branding: Branding,
                  total_seconds: float) -> tuple[list[str], list[str]]:
    """The soundtrack moved behind the intro and padded with silence through the outro."""
    if not branding.has_bumpers:
        return audio_graph, audio_map
    delay_ms = round(branding.lead * 1000)
    shift = f"adelay={delay_ms}:all=1,apad=whole_dur={total_seconds:.3f}[a]"
    if audio_map == ["-map", "[a]"]:
        graph = [*audio_graph[:-1], audio_graph[-1][:-len("[a]")] + "[premix]", f"[premix]{shift}"]
    else:
        graph = [*audio_graph, f"[{audio_map[1].split(':')[0]}:a]{shift}"]
    return graph, ["-map", "[a]"]
