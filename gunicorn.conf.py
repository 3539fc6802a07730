"""Gunicorn settings read from ./gunicorn.conf.py by default."""

# No access log: structlog logs each request once (with its request_id), and gunicorn's line would
# carry the SSE endpoint's ?access_token= query in clear.
accesslog = None


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the Prometheus multiprocess files."""
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
