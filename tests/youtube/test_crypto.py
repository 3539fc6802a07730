"""Tokens at rest: Fernet with the configured key (rotation-friendly), or one derived from SECRET_KEY."""
import pytest
from cryptography.fernet import Fernet

from ytempire.common.secrets_at_rest import InvalidToken, decrypt_token, derive_key, encrypt_token

TOKEN = {"access_token": "ya29.secret-access", "refresh_token": "1//secret-refresh", "scopes": ["a"]}


def test_without_a_configured_key_tokens_round_trip_under_a_key_derived_from_secret_key(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "CREDENTIALS_ENCRYPTION_KEY", None)
    ciphertext = encrypt_token(TOKEN)
    assert "secret" not in ciphertext and decrypt_token(ciphertext) == TOKEN
    assert Fernet(derive_key(app.config["SECRET_KEY"])).decrypt(ciphertext.encode())
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key")
    with pytest.raises(InvalidToken):
        decrypt_token(ciphertext)


def test_a_rotated_key_list_still_reads_old_tokens_and_writes_with_the_new_key(app, db, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "CREDENTIALS_ENCRYPTION_KEY", old)
    before = encrypt_token(TOKEN)
    monkeypatch.setitem(app.config, "CREDENTIALS_ENCRYPTION_KEY", f"{new},{old}")
    assert decrypt_token(before) == TOKEN
    assert Fernet(new.encode()).decrypt(encrypt_token(TOKEN).encode())
