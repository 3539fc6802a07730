"""Run every benchmark in one go: `make bench` (needs PostgreSQL and Redis for the latency one)."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script, args in (("render_bench.py", []), ("footage_bench.py", []), ("first_task_latency.py", ["20"])):
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
