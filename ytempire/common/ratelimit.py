"""Who a request counts against: the signed-in user, else the client address."""
from flask import request
from flask_jwt_extended import decode_token


def client_address() -> str:
    return request.remote_addr or "unknown"


def bearer_claims() -> dict | None:
    """The claims of the request's bearer token if it verifies, else None (forged tokens count by address)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        try:
            return decode_token(header[7:].strip())
        except Exception:  # noqa: BLE001 - any bad token simply falls back to the address
            pass
    return None
