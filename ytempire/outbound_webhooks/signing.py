"""Delivery signatures: `X-YTEmpire-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.

The timestamp inside the signed string lets receivers reject replays (as Stripe does).
"""
import hashlib
import hmac
import secrets


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes) -> bool:
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    expected = sign(secret, int(parts.get("t", 0)), body)
    return hmac.compare_digest(expected, header)
