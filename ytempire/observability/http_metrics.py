"""Request latency and counts per endpoint and status, recorded with prometheus_client.

Metric objects are module-level (one per process, as Prometheus expects); every app built by the
factory attaches the same hooks, so tests that build several apps all record. Under gunicorn with
PROMETHEUS_MULTIPROC_DIR the client library writes per-process files that /metrics merges.
"""
from __future__ import annotations

import time

from flask import Flask, g, request
from prometheus_client import Counter, Histogram

REQUEST_LATENCY = Histogram(
    "ytempire_http_request_duration_seconds", "HTTP request latency", ["method", "endpoint", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUESTS = Counter("ytempire_http_requests", "HTTP requests", ["method", "endpoint", "status"])
STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _method() -> str:
    # Clients choose the method: any other word would create a new series per request.
    return request.method if request.method in STANDARD_METHODS else "other"


def _endpoint() -> str:
    # The URL rule, not the path: /videos/<video_id> is one series, not one per video.
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def register_http_metrics(app: Flask) -> None:
    @app.before_request
    def start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.path != "/metrics":
            labels = (_method(), _endpoint(), str(response.status_code))
            REQUEST_LATENCY.labels(*labels).observe(time.perf_counter() - started)
            REQUESTS.labels(*labels).inc()
        return response
