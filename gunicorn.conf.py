"""Gunicorn settings read from ./gunicorn.conf.py by default."""

# No access log: structlog logs each request once (with its request_id), and gunicorn's line would
# carry the SSE endpoint's ?access_token= query in clear.
accesslog = None

# One listening socket shared by the workers, each accepting only while it holds no more kept-alive
# connections than the others (ytempire/common/balanced_worker.py). With a socket per worker
# (reuse_port) the kernel's hash split 32 clients 13/19 as often as 16/16; on one socket with
# plain workers, a burst was accepted mostly by whichever worker woke first (32 of 32 measured).
worker_class = "ytempire.common.balanced_worker.BalancedThreadWorker"
reuse_port = False


def pre_fork(server, worker):
    from ytempire.common.balanced_worker import assign_slot

    assign_slot(server, worker)


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the Prometheus multiprocess files, and its connection count."""
    import os

    from ytempire.common.balanced_worker import release_slot

    release_slot(worker)

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
