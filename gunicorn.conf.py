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


def post_fork(server, worker):
    """Threads hand the interpreter over every millisecond instead of every 5.

    A request thread back from a Redis or PostgreSQL round trip waits for the interpreter lock
    until the running thread yields it; with several threads per worker, Python's default 5 ms
    interval adds up to 5 ms per round trip to a request's latency under load.
    """
    import sys

    sys.setswitchinterval(0.001)
