"""The originality check for one video against 100,000 stored fingerprints of the same user.

The catalogue: 99,000 fingerprints of unrelated scripts (random MinHash signatures: what unrelated
texts give) and 1,000 real offline-writer scripts on varied topics, which share its templates and
so are partly similar (the hard part: many of them are LSH candidates), plus the probe's own
near-duplicate. Every fingerprint has a thumbnail hash and a few stock clip ids.
Run: .venv/bin/python bench/originality_bench.py [fingerprints] [checks]
"""
from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import psycopg2.extras  # noqa: E402

from bench.environment import bench_services  # noqa: E402
from ytempire import create_app  # noqa: E402
from ytempire.extensions import db  # noqa: E402
from ytempire.originality import fingerprint as fp  # noqa: E402
from ytempire.common.timeutil import utcnow  # noqa: E402
from ytempire.originality.models import VideoFingerprint  # noqa: E402
from ytempire.originality.service import candidates, check  # noqa: E402
from ytempire.providers.script.interface import ScriptRequest  # noqa: E402
from ytempire.providers.script.offline import OfflineScriptProvider  # noqa: E402
from ytempire.videos.models import Video  # noqa: E402

SUBJECTS = ["tides", "volcanoes", "sleep", "budgeting", "coffee", "bridges", "bees", "solar panels", "chess",
            "glaciers", "vaccines", "rainbows", "compost", "typing", "jazz", "rust", "kites", "memory", "salt",
            "lightning"]
ANGLES = ["why {} matters", "how {} works", "the history of {}", "mistakes people make with {}",
          "a beginner's guide to {}"]


def catalogue(total: int, rng) -> tuple[list[tuple], str]:
    writer = OfflineScriptProvider()
    probe_text = writer.write_script(ScriptRequest(topic="how tides work", duration_seconds=60)).narration
    rows = []
    for index in range(min(1000, total - 1)):
        topic = ANGLES[index % len(ANGLES)].format(SUBJECTS[index // len(ANGLES) % len(SUBJECTS)]) + f" {index}"
        rows.append(fp.minhash(writer.write_script(ScriptRequest(topic=topic, duration_seconds=60)).narration))
    rows.append(fp.minhash(probe_text + " And one more closing line."))            # the near-duplicate
    while len(rows) < total:
        rows.append(rng.integers(0, 2 ** 32, fp.NUM_PERM, dtype=np.uint64).astype(np.uint32))
    return rows, probe_text


def load(config, total: int, rng) -> tuple:
    signatures, probe_text = catalogue(total, rng)
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        user_id, channel_id = uuid.uuid4(), uuid.uuid4()
        db.session.execute(db.text(
            "INSERT INTO users (id, email, username, password_hash) VALUES (:u, 'bench@example.com', 'bench', 'x');"
            "INSERT INTO channels (id, user_id, channel_name, niche, youtube_channel_id) "
            "VALUES (:c, :u, 'Bench', 'science', 'UC_bench');"
            "INSERT INTO videos (id, user_id, channel_id, title, topic) SELECT gen_random_uuid(), :u, :c, "
            "'Video ' || g, 'topic' FROM generate_series(1, :n) g"), {"u": user_id, "c": channel_id, "n": total + 1})
        ids = db.session.scalars(db.text("SELECT id FROM videos ORDER BY id")).all()
        probe_id, stored_ids = ids[0], ids[1:]
        buffer = io.StringIO()
        for video_id, signature in zip(stored_ids, signatures):
            bands = ",".join(str(key) for key in fp.band_keys(signature))
            clips = ",".join(f"pexels:video:{n}" for n in rng.integers(0, 5_000_000, 4))
            thumb = int(rng.integers(-2 ** 63, 2 ** 63 - 1, dtype=np.int64))
            buffer.write(f"{video_id}\t{user_id}\t{channel_id}\tVideo\t\\\\x{signature.tobytes().hex()}\t"
                         f"{{{bands}}}\t{{{clips}}}\t{thumb}\n")
        buffer.seek(0)
        cursor = db.session.connection().connection.cursor()
        cursor.copy_expert("COPY video_fingerprints (video_id, user_id, channel_id, title, script_signature, "
                           "script_bands, visuals, thumbnail_hash) FROM STDIN", buffer)
        db.session.commit()
        probe = fp.minhash(probe_text)
        db.session.execute(db.text(
            "INSERT INTO video_fingerprints (video_id, user_id, channel_id, title, script_signature, script_bands,"
            " visuals, thumbnail_hash) VALUES (:v, :u, :c, 'How tides work', :s, :b, :vis, 0)"),
            {"v": probe_id, "u": user_id, "c": channel_id, "s": probe.tobytes(), "b": fp.band_keys(probe),
             "vis": ["pexels:video:1", "pexels:video:2"]})
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(db.text("VACUUM ANALYZE video_fingerprints"))
    return app, probe_id


def main(total: int = 100_000, checks: int = 50) -> dict:
    rng = np.random.default_rng(14)
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        started = time.perf_counter()
        app, probe_id = load(config, total, rng)
        print(f"loaded {total} fingerprints in {time.perf_counter() - started:.1f} s", flush=True)
        with app.app_context():
            video = db.session.get(Video, probe_id)
            timings, result = [], None
            for _ in range(checks + 3):
                begun = time.perf_counter()
                result = check(video, app.config)
                timings.append((time.perf_counter() - begun) * 1000)
            timings = sorted(timings[3:])
            mine = db.session.get(VideoFingerprint, probe_id)
            query = candidates(mine, utcnow() - timedelta(days=app.config["ORIGINALITY_WINDOW_DAYS"]))
            compiled = query.compile(dialect=db.engine.dialect)
            psycopg2.extras.register_uuid()
            cursor = db.session.connection().connection.cursor()
            cursor.execute("EXPLAIN ANALYZE " + str(compiled), compiled.params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            candidate_count = len(db.session.execute(query).all())
        report = {"fingerprints": total, "checks": checks,
                  "p50_ms": round(statistics.median(timings), 2),
                  "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2), "max_ms": round(timings[-1], 2),
                  "closest_script_similarity": result["script_similarity"], "held": result["held"],
                  "uses_band_index": "ix_video_fingerprints_script_bands" in plan,
                  "candidates_compared": candidate_count}
        print(plan)
        print(report)
        return report


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
