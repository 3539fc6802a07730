"""gunicorn's own error answers (a request it refuses before the app sees it) in the API's JSON envelope.

gunicorn writes an HTML page for a request line over `limit_request_line` (414), oversized headers
(431) or a malformed request (400); clients of this API only ever parse the envelope. gunicorn has
no setting for that page, so gunicorn.conf.py installs `write_error` below in its place.
"""
from __future__ import annotations

import json
import uuid
from http import HTTPStatus

from ytempire.common.timeutil import isoformat, utcnow

CODE_BY_STATUS = {400: "BAD_REQUEST", 403: "FORBIDDEN", 414: "URI_TOO_LONG", 417: "EXPECTATION_FAILED",
                  431: "REQUEST_HEADER_FIELDS_TOO_LARGE", 500: "INTERNAL_ERROR", 501: "NOT_IMPLEMENTED"}
MESSAGE_BY_STATUS = {
    400: "Malformed HTTP request",
    414: "The request line (method, path and query) is too long; send long input in a JSON body",
    431: "The request headers are too large",
    500: "An unexpected error occurred. Quote the request_id when reporting it.",
}


def envelope_response(status: int, reason: str) -> bytes:
    """A complete HTTP/1.1 response carrying the error envelope; the connection is closed after it."""
    request_id = f"req_{uuid.uuid4().hex}"
    body = json.dumps({"error": {"code": CODE_BY_STATUS.get(status, reason.upper().replace(" ", "_")),
                                 "message": MESSAGE_BY_STATUS.get(status, reason), "details": []},
                       "request_id": request_id, "timestamp": isoformat(utcnow())}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Request-ID: {request_id}\r\n\r\n")
    return head.encode("latin-1") + body


def write_error(sock, status_int, reason, mesg):
    """gunicorn.util.write_error's signature; gunicorn's own message is logged by gunicorn, not sent."""
    from gunicorn import util

    util.write_nonblock(sock, envelope_response(int(status_int), reason or HTTPStatus(int(status_int)).phrase))


def install() -> None:
    """Route gunicorn's error pages through write_error (its workers call `util.write_error`)."""
    from gunicorn import util

    util.write_error = write_error
