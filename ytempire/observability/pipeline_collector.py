"""Pipeline metrics read at scrape time from PostgreSQL and the broker.

Workers run in other processes and containers; reading the job table and the queues at scrape
time gives one consistent answer from any API process, with nothing to aggregate.
"""
from __future__ import annotations

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from sqlalchemy import text

from ytempire.celery_binding import get_celery, queue_depths
from ytempire.extensions import db

STAGE_BUCKETS = (1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800)
QUEUES = ("default", "ai", "render", "render_gpu", "upload")

_BUCKET_COLUMNS = ", ".join(f"count(*) FILTER (WHERE d <= {b}) AS le_{i}" for i, b in enumerate(STAGE_BUCKETS))
STAGE_DURATION_SQL = text(f"""
    SELECT stage.key AS stage, count(*) AS n, coalesce(sum(d), 0) AS total, {_BUCKET_COLUMNS}
    FROM generation_jobs j,
         LATERAL jsonb_each(j.stage_details) AS stage,
         LATERAL (SELECT EXTRACT(EPOCH FROM ((stage.value->>'completed_at')::timestamptz
                                            - (stage.value->>'started_at')::timestamptz)) AS d) AS dur
    WHERE stage.value ? 'completed_at' AND stage.value ? 'started_at'
    GROUP BY stage.key
""")


class PipelineCollector:
    def __init__(self, app):
        self.app = app

    def collect(self):
        up = GaugeMetricFamily("ytempire_pipeline_metrics_up", "1 when the database answered this scrape")
        with self.app.app_context():
            try:
                families = [*self._stage_durations(), *self._jobs(), *self._costs()]
                up.add_metric([], 1)
            except Exception:  # noqa: BLE001 - a down database must not fail the whole scrape
                db.session.remove()
                families = []
                up.add_metric([], 0)
        yield from families
        yield up
        yield self._queue_depths()

    def _stage_durations(self):
        family = HistogramMetricFamily("ytempire_stage_duration_seconds", "Pipeline stage run time",
                                       labels=["stage"])
        for row in db.session.execute(STAGE_DURATION_SQL).mappings():
            buckets = [(str(b), row[f"le_{i}"]) for i, b in enumerate(STAGE_BUCKETS)] + [("+Inf", row["n"])]
            family.add_metric([row["stage"]], buckets, float(row["total"]))
        yield family

    def _jobs(self):
        jobs = GaugeMetricFamily("ytempire_jobs", "Generation jobs by status", labels=["status"])
        for status, count in db.session.execute(text("SELECT status, count(*) FROM generation_jobs GROUP BY status")):
            jobs.add_metric([status], count)
        yield jobs
        retries = CounterMetricFamily("ytempire_job_retries", "Stage retries after transient errors")
        retries.add_metric([], db.session.scalar(text("SELECT coalesce(sum(retry_count), 0) FROM generation_jobs")))
        yield retries
        failures = CounterMetricFamily("ytempire_stage_failures", "Jobs failed, by the stage that failed",
                                       labels=["stage"])
        for stage, count in db.session.execute(text(
                "SELECT coalesce(error_details->>'stage', 'unknown'), count(*) FROM generation_jobs "
                "WHERE status = 'failed' GROUP BY 1")):
            failures.add_metric([stage], count)
        yield failures

    def _costs(self):
        family = CounterMetricFamily("ytempire_cost_usd", "Spend recorded in the cost ledger",
                                     labels=["stage", "provider"])
        for stage, provider, amount in db.session.execute(text(
                "SELECT stage, provider, sum(amount) FROM cost_entries GROUP BY stage, provider")):
            family.add_metric([stage, provider], float(amount))
        db.session.remove()
        yield family

    def _queue_depths(self):
        family = GaugeMetricFamily("ytempire_queue_depth", "Messages waiting per Celery queue", labels=["queue"])
        try:
            for queue, depth in queue_depths(get_celery(self.app), QUEUES).items():
                family.add_metric([queue], depth)
        except Exception:  # noqa: BLE001 - an unreachable broker shows as missing samples, not a failed scrape
            pass
        return family
