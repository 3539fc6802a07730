"""How close `render_video` is to the cost of plain ffmpeg, and how much memory a long render takes.

Measures, on this machine:
  (a) wall time of `render_video` for a ~60 s 1280x720 narrated video with subtitles
      (the offline voice is timed separately);
  (b) the floor: plain ffmpeg encoding one still image plus the same audio, same length, size and
      codec settings (`encoding_args`), both as the usual `-loop 1` command and as a tighter
      variant that decodes the still once;
  (c) the ratio (a)/(b), target <= 2x;
  (d) peak RSS of rendering a 10-minute 720p video in a child process, Python and ffmpeg separately
      (getrusage RUSAGE_SELF / RUSAGE_CHILDREN in the child), target < 1 GB.
Prints a markdown table.

Run: .venv/bin/python bench/render_bench.py [--repeat 3] [--long-seconds 600]
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ytempire.common.ffmpeg import ffmpeg_exe, run_ffmpeg  # noqa: E402
from ytempire.media.output import FPS, encoding_args  # noqa: E402
from ytempire.media.render import render_video  # noqa: E402
from ytempire.media.slides import render_slide  # noqa: E402
from ytempire.providers.voice.interface import Narration, TimedText  # noqa: E402
from ytempire.providers.voice.espeak import OfflineVoiceProvider  # noqa: E402

TITLE = "The Hidden History of Coffee"
SENTENCES = [
    "Coffee was discovered, legend says, by a goat herder in Ethiopia.",
    "He noticed his goats dancing after eating red berries from a strange shrub.",
    "Monks brewed the berries to stay awake through long nights of prayer.",
    "From there, coffee travelled to Yemen, where it was first cultivated on terraced hills.",
    "By the fifteenth century, coffee houses filled the streets of Mecca and Cairo.",
    "They were called schools of the wise, because people gathered there to talk and share news.",
    "Europeans first tasted coffee in Venice in the sixteen hundreds.",
    "Some priests called it the bitter invention of Satan.",
    "Pope Clement the Eighth tasted it himself and gave it his blessing.",
    "Soon London had hundreds of coffee houses, and some became banks and insurance companies.",
    "Today, over two billion cups of coffee are drunk every single day.",
    "So the next time you sip your morning cup, remember the dancing goats that started it all.",
]


SECTION_HEADLINES = ["A goat herder's discovery", "From Yemen to Mecca and Cairo", "Europe meets coffee",
                     "Two billion cups a day"]
SENTENCES_PER_SECTION = 3


def section_headlines(narration: Narration) -> list[str]:
    """One headline per segment, a section every few sentences, as the pipeline passes them."""
    return [SECTION_HEADLINES[index // SENTENCES_PER_SECTION % len(SECTION_HEADLINES)]
            for index in range(len(narration.segments))]


def narrate(seconds: float, out_dir: Path) -> tuple[Narration, float]:
    """A real offline narration of about `seconds`, and the wall time its synthesis took."""
    voice = OfflineVoiceProvider()
    sample = voice.synthesize(SENTENCES, "en-US", "professional-male", str(out_dir / "sample"))
    per_sentence = sample.duration / len(SENTENCES)
    count = max(1, round(seconds / per_sentence))
    sentences = list(itertools.islice(itertools.cycle(SENTENCES), count))
    started = time.perf_counter()
    narration = voice.synthesize(sentences, "en-US", "professional-male", str(out_dir))
    return narration, time.perf_counter() - started


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def floor_commands(still: str, audio: str, duration: float, out: str) -> dict[str, list[str]]:
    """Plain ffmpeg, one still + the narration, with the renderer's own codec settings."""
    tail = [*encoding_args("libx264"), "-t", f"{duration:.3f}", out]
    return {
        "loop1": ["-loop", "1", "-framerate", str(FPS), "-i", still, "-i", audio, "-map", "0:v", "-map", "1:a", *tail],
        "decode_once": ["-framerate", str(FPS), "-i", still, "-i", audio, "-filter_complex",
                        f"[0:v]format=yuv420p,loop=loop=-1:size=1,fps={FPS}[v]", "-map", "[v]", "-map", "1:a", *tail],
    }


def child_render(narration_json: str, out_path: str, workdir: str) -> None:
    """Child-process entry: render, then report this process's and its children's peak RSS."""
    data = json.loads(Path(narration_json).read_text())
    narration = Narration(**{**data, "segments": [TimedText(**s) for s in data["segments"]]})
    started = time.perf_counter()
    render_video(narration, out_path, title=TITLE, workdir=workdir, headlines=section_headlines(narration))
    print(json.dumps({
        "wall_s": time.perf_counter() - started,
        "python_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "ffmpeg_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))


def long_render(seconds: float, work: Path) -> dict:
    narration, voice_s = narrate(seconds, work / "long_voice")
    narration_json = work / "long_narration.json"
    narration_json.write_text(json.dumps(asdict(narration)))
    result = subprocess.run([sys.executable, __file__, "--child", str(narration_json), str(work / "long.mp4"),
                             str(work / "long_work")], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {**report, "voice_s": voice_s, "duration": narration.duration, "segments": len(narration.segments)}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--long-seconds", type=float, default=600)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        narration, voice_s = narrate(args.seconds, work / "voice")
        still = render_slide(narration.segments[0].text, work / "still.png", title=TITLE, index=0, count=1,
                             size=(1280, 720))
        floor_cmds = floor_commands(still, narration.audio_path, narration.duration, str(work / "floor.mp4"))
        contenders = {
            "render": lambda: render_video(narration, work / "render.mp4", title=TITLE, workdir=work / "w",
                                           headlines=section_headlines(narration)),
            **{name: (lambda cmd=cmd: run_ffmpeg(cmd, timeout=600)) for name, cmd in floor_cmds.items()},
        }
        # Interleaved rounds, so a burst of load elsewhere on the machine hits every contender alike.
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.repeat):
            for name, run in contenders.items():
                samples[name].append(timed(run))
        render_s, floors = statistics.median(samples.pop("render")), {n: statistics.median(v) for n, v in samples.items()}
        long = long_render(args.long_seconds, work)

    mib = 1024
    version = run_ffmpeg(["-version"], loglevel="quiet").stdout.decode().splitlines()[0].split(" Copyright")[0]
    rows = [
        ("Offline voice, %.1f s narration (%d sentences)" % (narration.duration, len(narration.segments)),
         f"{voice_s:.2f} s", ""),
        ("(a) `render_video`, %.1f s 1280x720, subtitles, median of %d" % (narration.duration, args.repeat),
         f"{render_s:.2f} s", f"{narration.duration / render_s:.1f}x real time"),
        ("(b) floor: ffmpeg `-loop 1` still + same audio, same codec settings", f"{floors['loop1']:.2f} s", ""),
        ("(b') tight floor: still decoded once (`loop` filter), same settings", f"{floors['decode_once']:.2f} s", ""),
        ("(c) ratio (a)/(b)", f"{render_s / floors['loop1']:.2f}x", "target <= 2x"),
        ("(c') ratio (a)/(b')", f"{render_s / floors['decode_once']:.2f}x", "target <= 2x"),
        ("Offline voice, %.0f s narration (%d sentences)" % (long["duration"], long["segments"]),
         f"{long['voice_s']:.2f} s", ""),
        ("(d) `render_video`, %.0f s 1280x720: wall time" % long["duration"], f"{long['wall_s']:.1f} s",
         f"{long['duration'] / long['wall_s']:.1f}x real time"),
        ("(d) peak RSS, Python render process", f"{long['python_maxrss_kb'] / mib:.0f} MiB", ""),
        ("(d) peak RSS, ffmpeg child", f"{long['ffmpeg_maxrss_kb'] / mib:.0f} MiB", ""),
        ("(d) peak RSS, Python + ffmpeg (upper bound, both at peak at once)",
         f"{(long['python_maxrss_kb'] + long['ffmpeg_maxrss_kb']) / mib:.0f} MiB", "target < 1024 MiB"),
    ]
    print(f"Machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, {version}, "
          f"binary {Path(ffmpeg_exe()).name}; load average at the end {os.getloadavg()[0]:.2f}\n")
    print("| Measure | Value | Note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_render(*sys.argv[2:])
    else:
        main()
