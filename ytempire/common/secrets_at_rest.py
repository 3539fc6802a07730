"""Secrets at rest (OAuth tokens, outbound webhook signing secrets): Fernet (AES-128-CBC + HMAC-SHA256).

The key is CREDENTIALS_ENCRYPTION_KEY (comma-separated Fernet keys; the first encrypts, all
decrypt, so a key can be rotated). When unset, a key is derived from SECRET_KEY with HKDF-SHA256,
so development works out of the box; production should set its own key.
"""
from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

HKDF_INFO = b"ytempire:channel-credentials:v1"


def derive_key(secret: str) -> bytes:
    """A Fernet key from an arbitrary secret (HKDF-SHA256, fixed context string)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


def _fernet() -> MultiFernet:
    configured = current_app.config["CREDENTIALS_ENCRYPTION_KEY"]
    keys = [k.strip().encode() for k in configured.split(",") if k.strip()] if configured else []
    return MultiFernet([Fernet(k) for k in keys] or [Fernet(derive_key(current_app.config["SECRET_KEY"]))])


def encrypt_text(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt_text(ciphertext: str) -> str:
    """The clear text; InvalidToken when the key changed or the row was tampered with."""
    return _fernet().decrypt(ciphertext.encode()).decode()


def encrypt_token(token: dict) -> str:
    return encrypt_text(json.dumps(token, sort_keys=True))


def decrypt_token(ciphertext: str) -> dict:
    """The token JSON; InvalidToken when the key changed or the row was tampered with."""
    return json.loads(decrypt_text(ciphertext))


__all__ = ["InvalidToken", "decrypt_text", "decrypt_token", "derive_key", "encrypt_text", "encrypt_token"]
