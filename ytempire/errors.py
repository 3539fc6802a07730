"""Domain errors and the one error envelope every failure is rendered in.

`{"error": {"code", "message", "details"}, "request_id", "timestamp"}` with X-Request-ID,
whatever raised: our services, webargs validation, Werkzeug routing, JWT checks, rate limits,
or an unexpected exception (logged with its request id, never shown to the client).
"""
from __future__ import annotations

import traceback
from http import HTTPStatus

import redis
import sqlalchemy.exc
import structlog
from flask import Flask, current_app, g, jsonify
from werkzeug.exceptions import HTTPException

from ytempire.common.timeutil import isoformat, utcnow

log = structlog.get_logger(__name__)

CODE_BY_STATUS = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    402: "COST_LIMIT_EXCEEDED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


DEPENDENCY_NAMES = {"postgresql": "PostgreSQL", "redis": "Redis"}


def failing_dependency(error: Exception) -> str:
    """'postgresql' or 'redis': which backing service a connection error came from."""
    return "postgresql" if isinstance(error, sqlalchemy.exc.OperationalError) else "redis"


class APIError(Exception):
    """An error with a status, a stable code and optional per-field details."""

    status = 400
    code = "VALIDATION_ERROR"
    message = "Invalid request data"

    def __init__(self, message: str | None = None, *, details=None, status=None, code=None, headers=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.details = details or []
        self.status = status or self.status
        self.code = code or self.code
        self.headers = headers or {}


class ValidationError(APIError):
    status, code, message = 400, "VALIDATION_ERROR", "Invalid request data"


class Unauthorized(APIError):
    status, code, message = 401, "UNAUTHORIZED", "Authentication required"


class Forbidden(APIError):
    status, code, message = 403, "FORBIDDEN", "You are not allowed to do this"


class NotFound(APIError):
    status, code, message = 404, "NOT_FOUND", "Resource not found"


class Conflict(APIError):
    status, code, message = 409, "CONFLICT", "Resource already exists"


class ChannelLimitExceeded(APIError):
    status, code, message = 403, "CHANNEL_LIMIT_EXCEEDED", "Channel limit exceeded for your subscription tier"


class CostLimitExceeded(APIError):
    status, code, message = 402, "COST_LIMIT_EXCEEDED", "Estimated cost exceeds the per-video limit"


class RateLimited(APIError):
    status, code, message = 429, "RATE_LIMITED", "Too many requests"


class ServiceUnavailable(APIError):
    status, code, message = 503, "SERVICE_UNAVAILABLE", "A dependency is unavailable"


def field_details(messages) -> list[dict]:
    """Flatten marshmallow's nested messages into [{field, message}] (dotted paths, item indexes)."""
    details: list[dict] = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                # webargs nests by location ("json", "query"); the location is not a field.
                if not path and key in ("json", "query", "form", "headers", "files", "view_args", "path"):
                    walk(value, path)
                elif key == "_schema":  # marshmallow's name for the object as a whole
                    walk(value, path)
                else:
                    walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, (list, tuple)):
            if all(isinstance(m, str) for m in node):
                for m in node:
                    details.append({"field": path or None, "message": m})
            else:
                for item in node:
                    walk(item, path)
        else:
            details.append({"field": path or None, "message": str(node)})

    walk(messages, "")
    # Two validators of one field may say the same thing (marshmallow's Email and our pattern).
    unique = {(d["field"], d["message"]): d for d in details}
    return list(unique.values())


def error_response(status: int, code: str, message: str, details=None, headers=None):
    """The envelope; the one place that shapes an error body."""
    body = {
        "error": {"code": code, "message": message, "details": details or []},
        "request_id": getattr(g, "request_id", None),
        "timestamp": isoformat(utcnow()),
    }
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def http_exception_response(error: HTTPException):
    """Render any Werkzeug/webargs/smorest HTTPException in the envelope."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    details = field_details(data.get("messages", {})) if data.get("messages") else []
    if status == 422:
        status = 400  # the reference documents invalid input as 400
    code = CODE_BY_STATUS.get(status, HTTPStatus(status).phrase.upper().replace(" ", "_"))
    if details:
        message = "Invalid request data"
    elif status in (404, 405):
        message = {404: "The requested URL was not found", 405: "Method not allowed for this URL"}[status]
    else:
        message = error.description or HTTPStatus(status).phrase
    headers = {}
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    headers.update(data.get("headers") or {})
    return error_response(status, code, message, details, headers)


def _database_error_in(error: BaseException) -> BaseException | None:
    """The database error this exception is or was raised from, if any."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, sqlalchemy.exc.StatementError) or hasattr(error, "pgcode"):
            return error
        error = error.__cause__ or error.__context__
    return None


def constraint_name(error: BaseException) -> str | None:
    """The constraint a database error names (psycopg2's diagnostics), e.g. 'uq_users_email_lower'."""
    diag = getattr(getattr(error, "orig", error), "diag", None)
    return getattr(diag, "constraint_name", None)


def database_error_fields(error: BaseException) -> dict:
    """What may be logged about a database error: its type, SQLSTATE and constraint.

    Never its text: PostgreSQL's DETAIL ("Failing row contains (...)") and SQLAlchemy's
    [parameters: ...] carry row values such as password hashes and emails.
    """
    orig = getattr(error, "orig", error)
    return {"error_type": type(error).__name__, "db_error_type": type(orig).__name__,
            "pgcode": getattr(orig, "pgcode", None), "constraint": constraint_name(error)}


def _log_unexpected(error: Exception) -> None:
    database_error = _database_error_in(error)
    if database_error is None:
        log.exception("unhandled_exception", error_type=type(error).__name__)
        return
    # Frames only (file, line, code): the messages along the chain are what hold the row values.
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("unhandled_exception", **database_error_fields(database_error),
              outer_error_type=type(error).__name__, stack=frames)


def _discard_failed_transaction() -> None:
    """A failed flush must not poison the next use of this session."""
    try:
        current_app.extensions["sqlalchemy"].session.rollback()
    except Exception:  # noqa: BLE001 - the connection itself may be gone; the error response still goes out
        pass


def register_error_handlers(app: Flask) -> None:
    """Route every exception to the envelope; unexpected ones are logged, not shown."""

    @app.errorhandler(APIError)
    def handle_api_error(error: APIError):
        return error_response(error.status, error.code, error.message, error.details, error.headers)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        return http_exception_response(error)

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    @app.errorhandler(sqlalchemy.exc.OperationalError)
    def handle_dependency_down(error: Exception):
        # Fail closed: without Redis we cannot check revoked tokens or rate limits.
        _discard_failed_transaction()
        part = failing_dependency(error)
        log.error("dependency_unavailable", dependency=part, error_type=type(error).__name__)
        return error_response(503, "SERVICE_UNAVAILABLE", "A backing service is unavailable; try again shortly",
                              details=[{"field": part, "message": f"{DEPENDENCY_NAMES[part]} is unavailable"}],
                              headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_exception_response(error)
        _discard_failed_transaction()
        _log_unexpected(error)
        return error_response(500, "INTERNAL_ERROR", "An unexpected error occurred. Quote the request_id when reporting it.")
