"""Footage rendering: ours vs a plain ffmpeg floor vs a MoviePy pipeline, and memory of a long render.

Inputs, made here with ffmpeg test sources: 12 clips at 1920x1080 25 fps, a real offline narration
of about 60 s, word-style captions as an ASS file (one event per spoken word, the word highlighted
in its sentence, at most two lines), and a music track mixed under the narration into one
soundtrack (the mix is what the soundtrack step writes before the encode; it is timed on its own row).

  (a) ours: `render_footage` of 12 clip shots, 1920x1080, captions burned in, soundtrack muxed;
  (b) the floor: one plain ffmpeg command over the same inputs: 12 clips scaled and concatenated,
      a caption picture overlaid, the same soundtrack, the same codec settings;
  (c) MoviePy 2.2.1 the way open tools use it: VideoFileClip per clip, resized, concatenated,
      one TextClip per caption event composited on top, `write_videofile` (same codec settings);
  (d) a 10-minute 1920x1080 footage render (120 clip shots) in a child process: wall time, and the
      peak of the summed RSS of the whole process tree (Python and ffmpeg), sampled every 100 ms.

Run: .venv/bin/python bench/footage_bench.py [--repeat 1] [--seconds 60] [--long-seconds 600]
     [--skip-moviepy] [--skip-long] [--only-long]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ytempire.common.ffmpeg import run_ffmpeg  # noqa: E402
from ytempire.common.fonts import font_path  # noqa: E402
from ytempire.media.footage import footage_encoding_args, render_footage  # noqa: E402
from ytempire.media.output import FPS  # noqa: E402
from ytempire.providers.visuals.interface import CLIP, Shot, VisualPlan  # noqa: E402
from ytempire.providers.voice.interface import Narration  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_bench import narrate  # noqa: E402

SIZE = (1920, 1080)
CLIPS = 12
SOURCES = ("testsrc2", "mandelbrot", "smptehdbars", "rgbtestsrc", "testsrc", "cellauto")


def make_clips(folder: Path, count: int, seconds: float) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"clip{n:03d}.mp4"
        if not path.exists():
            source = SOURCES[n % len(SOURCES)]
            run_ffmpeg(["-f", "lavfi", "-i", f"{source}=size=1920x1080:rate=25", "-t", f"{seconds}",
                        "-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", str(path)],
                       timeout=600)
        paths.append(path)
    return paths


def word_events(narration: Narration) -> list[tuple[float, float, str, int, list[str]]]:
    """(start, end, sentence, word index, words): proportional word times inside each sentence."""
    events = []
    for segment in narration.segments:
        words = segment.text.split()
        step = (segment.end - segment.start) / max(len(words), 1)
        for index in range(len(words)):
            events.append((segment.start + index * step, segment.start + (index + 1) * step, segment.text, index, words))
    return events


def ass_time(seconds: float) -> str:
    cs = int(round(seconds * 100))
    return f"{cs // 360000}:{cs // 6000 % 60:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"


def write_ass(narration: Narration, path: Path) -> Path:
    header = f"""[Script Info]
ScriptType: v4.00+
PlayResX: {SIZE[0]}
PlayResY: {SIZE[1]}
WrapStyle: 0

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Word,DejaVu Sans,64,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,1,0,0,0,100,100,0,0,1,4,1,2,160,160,110,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""
    lines = []
    for start, end, _, index, words in word_events(narration):
        shown = " ".join(("{\\c&H00FFFF&}" + w + "{\\c&HFFFFFF&}") if i == index else w for i, w in enumerate(words))
        lines.append(f"Dialogue: 0,{ass_time(start)},{ass_time(end)},Word,,0,0,0,,{shown}")
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_soundtrack(narration: Narration, folder: Path) -> tuple[Path, float]:
    music = folder / "music.m4a"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=220:duration={narration.duration + 1}", "-f", "lavfi", "-i",
                f"sine=frequency=330:duration={narration.duration + 1}", "-filter_complex", "amix=inputs=2",
                "-c:a", "aac", str(music)])
    out = folder / "soundtrack.m4a"
    started = time.perf_counter()
    run_ffmpeg(["-i", narration.audio_path, "-i", str(music), "-filter_complex",
                "[1:a]volume=0.12[m];[0:a][m]amix=inputs=2:duration=first:normalize=0,loudnorm=I=-14",
                "-c:a", "aac", "-b:a", "192k", "-ar", "48000", str(out)], timeout=600)
    return out, time.perf_counter() - started


def plan_for(narration: Narration, clips: list[Path], clip_seconds: float) -> VisualPlan:
    step = narration.duration / len(clips)
    return VisualPlan([Shot(i * step, step, CLIP, str(p), clip_duration=clip_seconds) for i, p in enumerate(clips)],
                      "bench")


def ours(narration, plan, ass, soundtrack, out: Path) -> float:
    started = time.perf_counter()
    render_footage(plan, narration, out, size=SIZE, workdir=out.parent / "work", soundtrack_path=str(soundtrack),
                   captions_ass_path=str(ass))
    return time.perf_counter() - started


def floor(narration, plan, caption_png: Path, soundtrack, out: Path) -> float:
    """Plain ffmpeg: the same clips scaled and concatenated, one picture overlaid, the same audio."""
    inputs, chains = [], []
    for n, shot in enumerate(plan.shots):
        inputs += ["-t", f"{shot.duration:.3f}", "-i", shot.path]
        chains.append(f"[{n}:v]scale={SIZE[0]}:{SIZE[1]},setsar=1,fps={FPS}[s{n}]")
    count = len(plan.shots)
    graph = ";".join(chains) + ";" + "".join(f"[s{n}]" for n in range(count)) + \
        f"concat=n={count}:v=1:a=0[c];[c][{count}:v]overlay=0:H-h-80,format=yuv420p[v]"
    started = time.perf_counter()
    run_ffmpeg([*inputs, "-i", str(caption_png), "-i", str(soundtrack), "-filter_complex", graph, "-map", "[v]",
                "-map", f"{count + 1}:a", *footage_encoding_args("libx264"), "-t", f"{narration.duration:.3f}",
                str(out)], timeout=1800)
    return time.perf_counter() - started


def moviepy_pipeline(narration, plan, soundtrack, out: Path) -> float:
    from moviepy import AudioFileClip, CompositeVideoClip, TextClip, VideoFileClip, concatenate_videoclips

    started = time.perf_counter()
    clips = [VideoFileClip(shot.path).subclipped(0, shot.duration).resized(SIZE) for shot in plan.shots]
    video = concatenate_videoclips(clips)
    font = font_path(bold=True)
    captions = [TextClip(font=font, text=words[index], font_size=64, color="yellow", stroke_color="black",
                         stroke_width=4, method="label").with_start(start).with_duration(end - start)
                .with_position(("center", SIZE[1] - 200))
                for start, end, _, index, words in word_events(narration)]
    final = CompositeVideoClip([video, *captions]).with_audio(AudioFileClip(str(soundtrack)))
    final = final.with_duration(narration.duration)
    final.write_videofile(str(out), fps=FPS, codec="libx264", preset="veryfast", audio_codec="aac",
                          audio_bitrate="128k", ffmpeg_params=["-crf", "23", "-pix_fmt", "yuv420p"], logger=None)
    for clip in clips:
        clip.close()
    return time.perf_counter() - started


def caption_picture(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    from ytempire.common.fonts import load_font

    image = Image.new("RGBA", (SIZE[0], 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((SIZE[0] // 2, 80), "A caption line of about the usual length", anchor="mm",
                               font=load_font(64, bold=True), fill=(255, 255, 255, 255), stroke_width=4,
                               stroke_fill=(0, 0, 0, 255))
    path = folder / "caption.png"
    image.save(path)
    return path


def long_render_child(folder: str, seconds: float) -> None:
    """In a child process: narrate, make the soundtrack and captions, render 10 minutes of footage."""
    folder = Path(folder)
    narration, _ = narrate(seconds, folder / "voice")
    clip_seconds = 5.0
    clips = make_clips(folder / "clips", CLIPS, clip_seconds)
    shots = max(1, round(narration.duration / clip_seconds))
    step = narration.duration / shots
    plan = VisualPlan([Shot(i * step, step, CLIP, str(clips[i % len(clips)]), clip_duration=clip_seconds)
                       for i in range(shots)], "bench")
    ass = write_ass(narration, folder / "captions.ass")
    soundtrack, _ = make_soundtrack(narration, folder)
    print(json.dumps({"ready": True, "shots": shots, "duration": narration.duration}), flush=True)
    sys.stdin.readline()              # the parent starts sampling memory for the render alone
    started = time.perf_counter()
    render_footage(plan, narration, folder / "long.mp4", size=SIZE, workdir=folder / "work",
                   soundtrack_path=str(soundtrack), captions_ass_path=str(ass))
    print(json.dumps({"wall": time.perf_counter() - started}), flush=True)


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return 0


def long_render(seconds: float, folder: Path) -> dict:
    child = subprocess.Popen([sys.executable, __file__, "--child", str(folder), "--long-seconds", str(seconds)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = json.loads(child.stdout.readline())
    peak = {"rss": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak["rss"] = max(peak["rss"], tree_rss(child.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    child.stdin.write("go\n")
    child.stdin.flush()
    result = json.loads(child.stdout.readline())
    done.set()
    sampler.join()
    child.wait()
    return {**ready, **result, "peak_mib": peak["rss"] / 2 ** 20}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--long-seconds", type=float, default=600)
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--only-long", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        long_render_child(args.child, args.long_seconds)
        return
    if args.only_long:
        with tempfile.TemporaryDirectory(prefix="footage-long-") as long_tmp:
            print(json.dumps(long_render(args.long_seconds, Path(long_tmp))))
        return
    with tempfile.TemporaryDirectory(prefix="footage-bench-") as tmp:
        folder = Path(tmp)
        narration, voice_s = narrate(args.seconds, folder / "voice")
        clip_seconds = narration.duration / CLIPS + 0.5
        started = time.perf_counter()
        clips = make_clips(folder / "clips", CLIPS, clip_seconds)
        clips_s = time.perf_counter() - started
        plan = plan_for(narration, clips, clip_seconds)
        ass = write_ass(narration, folder / "captions.ass")
        soundtrack, mix_s = make_soundtrack(narration, folder)
        picture = caption_picture(folder)
        rows = [("Offline voice, narration", f"{narration.duration:.1f} s ({len(narration.segments)} sentences)"),
                ("Inputs: 12 clips 1920x1080 25 fps made with ffmpeg test sources", f"{clips_s:.1f} s"),
                ("Soundtrack mix (narration + music, loudnorm), before the encode", f"{mix_s:.2f} s"),
                ("Caption events (one per word)", str(len(word_events(narration))))]
        times = {"ours": [], "floor": [], "moviepy": []}
        for round_number in range(args.repeat):
            times["floor"].append(floor(narration, plan, picture, soundtrack, folder / f"floor{round_number}.mp4"))
            times["ours"].append(ours(narration, plan, ass, soundtrack, folder / f"ours{round_number}.mp4"))
            if not args.skip_moviepy:
                times["moviepy"].append(moviepy_pipeline(narration, plan, soundtrack, folder / f"mp{round_number}.mp4"))
        a, b = statistics.median(times["ours"]), statistics.median(times["floor"])
        rows += [("(a) ours: `render_footage`, 12 clips, ASS word captions burned in, soundtrack", f"{a:.2f} s"),
                 ("(b) floor: ffmpeg concat + scale + overlay, same inputs and codec settings", f"{b:.2f} s"),
                 ("(a)/(b), target <= 1.3x", f"{a / b:.2f}x")]
        if times["moviepy"]:
            c = statistics.median(times["moviepy"])
            rows += [("(c) MoviePy 2.2.1: concatenate + composite TextClips + write_videofile", f"{c:.2f} s"),
                     ("(c)/(a), target >= 5x", f"{c / a:.1f}x")]
        if not args.skip_long:
            with tempfile.TemporaryDirectory(prefix="footage-long-") as long_tmp:
                long = long_render(args.long_seconds, Path(long_tmp))
            rows += [(f"(d) {long['duration']:.0f} s 1920x1080 footage, {long['shots']} clip shots: wall time",
                      f"{long['wall']:.1f} s"),
                     ("(d) peak RSS of the render process tree (Python + ffmpeg), target < 1024 MiB",
                      f"{long['peak_mib']:.0f} MiB")]
    print("| Measure | Value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows))
    print(f"\ncpus={os.cpu_count()} load={os.getloadavg()}")


if __name__ == "__main__":
    main()
