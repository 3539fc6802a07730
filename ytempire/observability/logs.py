"""Structured JSON logs: one line per request (and per task), never a secret."""
import logging
import re
import sys
import time
import uuid
from functools import lru_cache

import structlog
from flask import Flask, g, request

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
SECRET_KEYS = ("password", "token", "secret", "authorization", "api_key")


@lru_cache(maxsize=1024)
def _looks_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_KEYS)


def drop_secrets(_logger, _method, event: dict) -> dict:
    """Last line of defence: mask any field whose name looks like a secret."""
    for key in list(event):
        if _looks_secret(key):
            event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level)
    # Alembic announces each of its plugins at INFO on every `flask` command: noise, not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            drop_secrets,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )


def register_request_logging(app: Flask) -> None:
    log = structlog.get_logger("ytempire.request")

    @app.before_request
    def assign_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else f"req_{uuid.uuid4().hex}"
        g.request_started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=g.request_id)

    @app.after_request
    def log_request(response):
        request_id = getattr(g, "request_id", None) or f"req_{uuid.uuid4().hex}"
        response.headers["X-Request-ID"] = request_id
        started = getattr(g, "request_started", None)
        log.info(
            "request",
            method=request.method,
            path=request.path,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 2) if started else None,
            user_id=_current_user_id(),
            remote_addr=request.remote_addr,
        )
        return response


def _current_user_id():
    from flask_jwt_extended import get_current_user

    try:
        user = get_current_user()
    except RuntimeError:
        return None
    return str(user.id) if user is not None else None
