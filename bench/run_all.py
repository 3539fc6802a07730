"""Run every benchmark in one go: `make bench` (PostgreSQL and Redis for the latency one, RabbitMQ too for throughput)."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script, args in (("render_bench.py", []), ("first_task_latency.py", ["20"]), ("throughput.py", ["--videos", "6"])):
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
