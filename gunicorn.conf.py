"""Gunicorn settings read from ./gunicorn.conf.py by default."""

# No access log: structlog logs each request once (with its request_id), and gunicorn's line would
# carry the SSE endpoint's ?access_token= query in clear.
accesslog = None

# Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new connections
# over them by address hash. On one shared socket, clients that connect in a burst were accepted
# mostly by whichever worker woke first (32 of 32 in one measured run): keep-alive pins them there,
# so that worker's threads queued every request while the other worker idled.
reuse_port = True


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


def post_worker_init(worker):
    """Move the loaded app's objects out of the garbage collector's sight.

    The app, its libraries and their caches are ~300,000 tracked objects that live as long as the
    worker; a full collection walks all of them (60-170 ms, every thread of the worker stopped), and
    it comes round again once enough new objects survive — at the tail of the latency under load.
    Frozen, they are never scanned; what requests create later is collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()
