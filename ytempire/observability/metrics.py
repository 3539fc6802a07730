"""/metrics in Prometheus format, correct under gunicorn with several workers.

With PROMETHEUS_MULTIPROC_DIR set (for the API process only: the run command and compose set it), request metrics from
every gunicorn worker are merged by prometheus_client's MultiProcessCollector and served
together with the pipeline collector.
"""
from __future__ import annotations

import os

from flask import Blueprint, Flask, Response, current_app
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from ytempire.common import rate_limits
from ytempire.observability.http_metrics import register_http_metrics
from ytempire.observability.pipeline_collector import PipelineCollector

blp = Blueprint("metrics", __name__)


def init_metrics(app: Flask) -> None:
    register_http_metrics(app)
    app.register_blueprint(blp)


@blp.get("/metrics")
@rate_limits.exempt
def metrics():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
        output = generate_latest(registry)
    else:
        output = generate_latest(REGISTRY)
    pipeline = CollectorRegistry()
    pipeline.register(PipelineCollector(current_app._get_current_object()))
    # content_type, not mimetype: Flask would append a second "; charset=utf-8" to the library's value.
    return Response(output + generate_latest(pipeline), content_type=CONTENT_TYPE_LATEST)
