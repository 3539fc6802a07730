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


def _answer_refused_requests_in_the_envelope():
    """A request gunicorn refuses itself (e.g. a request line over limit_request_line) gets the JSON envelope."""
    from ytempire.common.server_errors import install

    install()


_answer_refused_requests_in_the_envelope()
