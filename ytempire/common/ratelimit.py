"""Who a request counts against: the signed-in user, else the client address."""
from flask import request
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
