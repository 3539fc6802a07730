"""Local HTTP stand-ins for paid APIs, so tests drive the real client libraries over real sockets.

Each stand-in is a stdlib HTTP server on 127.0.0.1 with an ephemeral port, run in a thread and
used as a context manager. It records every request, answers like the real service by default,
and can be told to answer the next requests differently (an error status, a slow reply, a broken
body) to exercise the client's error handling.
"""
from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]           # lower-case names
    body: bytes

    def json(self):
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                # seconds to wait before answering: makes client timeouts happen

    @classmethod
    def json(cls, status: int, payload, headers: dict[str, str] | None = None, delay: float = 0.0) -> "Reply":
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})},
                   delay)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"     # keep-alive, as the real services; clients reuse connections

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        parts = urlsplit(self.path)
        request = RecordedRequest(self.command, parts.path, parse_qs(parts.query),
                                  {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
        reply = self.server.standin._dispatch(request)
        if reply.delay and self.server.standin._stopping.wait(reply.delay):
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass                      # the client gave up (its timeout); nothing left to tell it

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format, *args) -> None:   # keep test output clean
        pass


class StandInServer:
    """Base class: subclasses answer with `respond(request) -> Reply`."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._queued: deque[Reply | Callable[[RecordedRequest], Reply]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: Reply | Callable[[RecordedRequest], Reply]) -> None:
        """Answer the next requests with these replies (or functions of the request), in order,
        before going back to normal."""
        with self._lock:
            self._queued.extend(replies)

    def respond(self, request: RecordedRequest) -> Reply:
        raise NotImplementedError

    def _dispatch(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            queued = self._queued.popleft() if self._queued else None
        if queued is None:
            return self.respond(request)
        return queued(request) if callable(queued) else queued

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._server.standin = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
