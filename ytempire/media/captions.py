"""Word-timed captions: an ASS file burned into the picture and an SRT for the MP4's soft track.

The words and their times come from the voice (`Narration.words`), so the highlighted word is the
one being said. Words are grouped into pages of at most two lines that fit the title-safe area
(the middle 80 % of the frame); a page never spans two sentences or a long pause. In `word` mode
each word of a page gets its own event (the page with that word in the highlight colour) starting
at the word's start, which is also what the quality gate compares with the voice's timing; in
`sentence` mode a page is one event in one colour.

The font is the one the slides use (`fonts.font_path`, chosen to cover the text's script), or the
channel style's face when it covers the text; ffmpeg's `ass` filter finds it through `fontsdir`.
A channel's `CaptionStyle` also scales the size, sets the highlight colour and puts the captions at
the bottom, middle or top. Sizes are relative to the frame, so a caption is as
readable on a phone at 720p as at 1080p, and 9:16 sits above the Shorts player's controls.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from ytempire.common.atomic_files import atomic_output
from ytempire.common.fonts import brand_font_path, font_path
from ytempire.media.style import CaptionStyle
from ytempire.media.subtitles import write_srt
from ytempire.providers.voice.interface import Narration, TimedText, TimedWord
from ytempire.providers.voice.words import proportional_words

CAPTION_MODES = ("word", "sentence", "none")
DEFAULT_CAPTION_MODE = "word"
SAFE_MARGIN = 0.10                    # title-safe: 10 % in from every edge
SHORTS_BOTTOM = 0.25                  # 9:16: keep clear of the Shorts caption and buttons
MAX_LINES = 2
PAUSE_BREAK_S = 0.8                   # a longer silence between words starts a new page
HOLD_S = 0.5                          # a page stays this long after its last word, unless the next one starts
HIGHLIGHT = "&H0000E6FF&"             # ASS colours are &HAABBGGRR: amber (255, 230, 0)
TEXT = "&H00FFFFFF&"
_TEXT_TAG = "{\\1c" + TEXT + "}"
_ANY_COLOUR_TAG = r"\{\\1c&H[0-9A-F]{8}&\}"
# ASS numpad alignment (bottom, middle, top centre) of each caption position.
_ALIGNMENT = {"bottom": 2, "middle": 5, "top": 8}


@dataclass(frozen=True)
class CaptionLayout:
    """How captions sit in a frame of `width` x `height`."""

    width: int
    height: int
    font_path: str | None
    font_name: str
    font_size: int                    # ASS font size: the line height in pixels of the frame
    margin_x: int
    margin_bottom: int                # the vertical margin from the edge the captions sit at
    highlight: str = HIGHLIGHT        # ASS colour of the word being said
    position: str = "bottom"          # bottom | middle | top

    @property
    def line_width(self) -> int:
        return self.width - 2 * self.margin_x


@dataclass(frozen=True)
class CaptionPage:
    """Up to two lines of words, on screen from `start` to `end`."""

    lines: tuple[tuple[TimedWord, ...], ...]
    start: float
    end: float

    @property
    def words(self) -> list[TimedWord]:
        return [word for line in self.lines for word in line]


@dataclass(frozen=True)
class CaptionFiles:
    """What the render needs: the ASS to burn (None for `none`), its fonts folder, the SRT to mux."""

    ass_path: str | None
    fonts_dir: str | None
    srt_path: str
    mode: str


def caption_layout(width: int, height: int, text: str = "", style: CaptionStyle | None = None) -> CaptionLayout:
    """Font and margins for a frame: the font size follows the frame's height, narrowed for 9:16,
    scaled by a channel's caption `style`, which also picks the face, highlight and position."""
    size = round(min(height * 0.065, width * 0.075) * (style.size / 100 if style else 1))
    path = brand_font_path(style.font, text=text) if style else font_path(bold=True, text=text)
    name = ImageFont.truetype(path, 12).getname()[0] if path else "Sans"
    position = style.position if style else "bottom"
    edge = (SHORTS_BOTTOM if height > width else SAFE_MARGIN) if position == "bottom" else SAFE_MARGIN
    return CaptionLayout(width, height, path, name, size, round(width * SAFE_MARGIN),
                         round(height * edge) if position != "middle" else 0,
                         ass_colour(style.highlight) if style else HIGHLIGHT, position)


def ass_colour(rgb: tuple[int, int, int]) -> str:
    """An RGB colour as ASS writes it: &HAABBGGRR& (opaque)."""
    red, green, blue = rgb
    return f"&H00{blue:02X}{green:02X}{red:02X}&"


def spoken_words(narration: Narration) -> list[TimedWord]:
    """The narration's timed words; for an artefact without them, each sentence spread proportionally."""
    if narration.words:
        return list(narration.words)
    return [w for segment in narration.segments for w in proportional_words(segment.text, segment.start, segment.end)]


def caption_pages(narration: Narration, layout: CaptionLayout) -> list[CaptionPage]:
    """Group the spoken words into pages that fit two lines of the title-safe width."""
    font = _measuring_font(layout)
    words = spoken_words(narration)
    pages: list[list[list[TimedWord]]] = []
    sentence_of = _sentence_index(words, narration.segments)
    previous: tuple[TimedWord, int] | None = None
    for word, sentence in zip(words, sentence_of):
        new_page = (previous is None or sentence != previous[1] or word.start - previous[0].end > PAUSE_BREAK_S)
        if not new_page:
            line = pages[-1][-1]
            if font.getlength(" ".join(w.text for w in [*line, word])) <= layout.line_width:
                line.append(word)
            elif len(pages[-1]) < MAX_LINES:
                pages[-1].append([word])
            else:
                new_page = True
        if new_page:
            pages.append([[word]])
        previous = word, sentence
    result: list[CaptionPage] = []
    for index, lines in enumerate(pages):
        first, last = lines[0][0], lines[-1][-1]
        next_start = pages[index + 1][0][0].start if index + 1 < len(pages) else narration.duration
        end = next_start if next_start - last.end <= PAUSE_BREAK_S else last.end + HOLD_S
        result.append(CaptionPage(tuple(tuple(line) for line in lines), first.start,
                                  max(min(end, narration.duration), last.end)))
    return result


def to_ass(narration: Narration, layout: CaptionLayout, mode: str = DEFAULT_CAPTION_MODE) -> str:
    """The ASS document: a style sized for the frame and one event per word (`word`) or page (`sentence`)."""
    if mode not in ("word", "sentence"):
        raise ValueError(f"no ASS for captions mode {mode!r}")
    outline = max(2, round(layout.font_size * 0.09))
    header = (
        "[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: yes\n"
        f"PlayResX: {layout.width}\nPlayResY: {layout.height}\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
        "Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: Caption,{layout.font_name},{layout.font_size},{TEXT},{layout.highlight},&H00000000&,&H80000000&,"
        f"-1,0,0,0,100,100,0,0,1,{outline},{max(1, outline // 2)},{_ALIGNMENT[layout.position]},"
        f"{layout.margin_x},{layout.margin_x},{layout.margin_bottom},1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = []
    for page in caption_pages(narration, layout):
        if mode == "sentence":
            events.append(_dialogue(page.start, page.end, _page_text(page, None, layout.highlight)))
            continue
        words = page.words
        for n, word in enumerate(words):
            end = words[n + 1].start if n + 1 < len(words) else page.end
            events.append(_dialogue(word.start, end, _page_text(page, word, layout.highlight)))
    return header + "".join(events)


def write_captions(narration: Narration, out_dir: str | Path, *, width: int, height: int,
                   mode: str = DEFAULT_CAPTION_MODE, style: CaptionStyle | None = None,
                   lead: float = 0.0) -> CaptionFiles:
    """Write `captions.ass` (unless `mode` is `none`) and `captions.srt` into `out_dir`, atomically.

    The SRT (pages of at most two lines) is the soft subtitle track and the file YouTube receives;
    it is written in every mode, as viewers can switch a soft track on themselves. It is on the
    video's clock, `lead` seconds (a channel's intro) after the narration's; the ASS, burned into
    the narrated part before the intro is joined, stays on the narration's.
    """
    if mode not in CAPTION_MODES:
        raise ValueError(f"unknown captions mode {mode!r}; expected one of {', '.join(CAPTION_MODES)}")
    out = Path(out_dir)
    layout = caption_layout(width, height, " ".join(s.text for s in narration.segments), style)
    pages = caption_pages(narration, layout)
    srt_path = write_srt([TimedText("\n".join(" ".join(w.text for w in line) for line in page.lines),
                                    page.start + lead, page.end + lead) for page in pages], out / "captions.srt")
    ass_path = None
    if mode != "none":
        ass_path = out / "captions.ass"
        with atomic_output(ass_path) as tmp:
            tmp.write_text(to_ass(narration, layout, mode), encoding="utf-8")
    fonts_dir = str(Path(layout.font_path).parent) if layout.font_path else None
    return CaptionFiles(str(ass_path) if ass_path else None, fonts_dir, srt_path, mode)


def ass_filter(files: CaptionFiles) -> str | None:
    """The ffmpeg video filter that burns `files.ass_path` in, or None when nothing is burned."""
    if not files.ass_path:
        return None
    args = f"ass=filename={_filter_quote(files.ass_path)}"
    return args + (f":fontsdir={_filter_quote(files.fonts_dir)}" if files.fonts_dir else "")


# ----------------------------------------------------------------------------- reading back

_DIALOGUE = re.compile(r"^Dialogue:\s*\d+,(\d+):(\d{2}):(\d{2}\.\d{2}),(\d+):(\d{2}):(\d{2}\.\d{2}),[^,]*,[^,]*,"
                       r"[^,]*,[^,]*,[^,]*,[^,]*,(.*)$")


@dataclass(frozen=True)
class CaptionEvent:
    start: float
    end: float
    text: str                         # without override tags, lines joined by a space
    highlighted: str | None           # the word in the highlight colour, if any


def read_ass_events(path: str | Path) -> list[CaptionEvent]:
    """The Dialogue events of an ASS file, in order: what a viewer sees and when."""
    events = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _DIALOGUE.match(line)
        if not match:
            continue
        h1, m1, s1, h2, m2, s2, text = match.groups()
        marked = re.search(_ANY_COLOUR_TAG + r"(.*?)" + re.escape(_TEXT_TAG), text)
        plain = re.sub(r"\{[^}]*\}", "", text).replace("\\N", " ")
        events.append(CaptionEvent(int(h1) * 3600 + int(m1) * 60 + float(s1), int(h2) * 3600 + int(m2) * 60 + float(s2),
                                   plain, marked.group(1) if marked else None))
    return events


# ----------------------------------------------------------------------------- helpers

def _measuring_font(layout: CaptionLayout) -> ImageFont.FreeTypeFont:
    # Measured at the full ASS size: libass draws a little smaller (the size is a line height, not
    # an em), and the outline adds a little, so lines measured this way always fit.
    if layout.font_path:
        return ImageFont.truetype(layout.font_path, layout.font_size)
    return ImageFont.load_default(size=layout.font_size)


def _sentence_index(words: list[TimedWord], segments: list[TimedText]) -> list[int]:
    """Which segment each word belongs to (the last one that starts at or before the word)."""
    index, owners = 0, []
    for word in words:
        while index + 1 < len(segments) and segments[index + 1].start <= word.start + 0.005:   # times are rounded to ms
            index += 1
        owners.append(index)
    return owners


def _ass_text(text: str) -> str:
    # Braces open override blocks and a backslash starts a tag: neither may reach libass from a script.
    return text.replace("\\", "\u29f5").replace("{", "(").replace("}", ")")


def _page_text(page: CaptionPage, current: TimedWord | None, highlight: str = HIGHLIGHT) -> str:
    tag = "{\\1c" + highlight + "}"
    lines = []
    for line in page.lines:
        lines.append(" ".join(f"{tag}{_ass_text(w.text)}{_TEXT_TAG}" if w is current else _ass_text(w.text)
                              for w in line))
    return "\\N".join(lines)


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6000)
    return f"{hours}:{minutes:02d}:{centis // 100:02d}.{centis % 100:02d}"


def _dialogue(start: float, end: float, text: str) -> str:
    return f"Dialogue: 0,{_ass_time(start)},{_ass_time(max(end, start + 0.01))},Caption,,0,0,0,,{text}\n"


def _filter_quote(path: str) -> str:
    # Inside a filtergraph, ':' separates options and '\'' ends a quoted value; escape both.
    return "'" + path.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:") + "'"
