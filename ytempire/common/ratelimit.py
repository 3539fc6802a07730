"""Who a request counts against (the signed-in user, else the client address), and its headers."""
from flask import Flask, g, request
from flask_jwt_extended import decode_token


def client_address() -> str:
    return request.remote_addr or "unknown"


def rate_limit_key() -> str:
    """`user:<id>` for a valid bearer token, `ip:<addr>` otherwise (forged tokens count by address)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        try:
            claims = decode_token(header[7:].strip())
            return f"user:{claims['sub']}"
        except Exception:  # noqa: BLE001 - any bad token simply falls back to the address
            pass
    return f"ip:{client_address()}"


def register_rate_limit_headers(app: Flask) -> None:
    """Keep Retry-After for answers that ask the client to wait (flask-limiter adds it to every response).

    Registered before the limiter, so this hook runs after the limiter's own (Flask runs them in reverse).
    An answer that chose its own wait (a backing service down, a daily cap) keeps that value rather than
    the limiter's window reset.
    """

    @app.after_request
    def drop_needless_retry_after(response):
        if response.status_code not in (429, 503):
            response.headers.pop("Retry-After", None)
        elif getattr(g, "explicit_retry_after", None):
            response.headers["Retry-After"] = g.explicit_retry_after
        return response
