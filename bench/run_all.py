"""Run every benchmark in one go: `make bench` (PostgreSQL and Redis for all but the render ones, RabbitMQ too for throughput)."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script, args in (("render_bench.py", []), ("footage_bench.py", []), ("first_task_latency.py", ["20"]),
                     ("throughput.py", ["--videos", "6"]), ("api_load.py", []), ("api_cpu.py", []), ("api_instructions.py", []),
                     ("storage_overhead.py", ["--repeat", "3"]), ("originality_bench.py", ["100000", "50"])):
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
