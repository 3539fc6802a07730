"""Password hashing (bcrypt, salted, slow) and the strength rule."""
import re

import bcrypt
from flask import current_app

# bcrypt only reads the first 72 bytes; longer passwords would silently collide.
MAX_PASSWORD_BYTES = 72


def hash_password(password: str) -> str:
    rounds = current_app.config["BCRYPT_ROUNDS"]
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:MAX_PASSWORD_BYTES], password_hash.encode())
    except ValueError:
        return False


def password_problems(password: str) -> list[str]:
    """Why a password is weak; empty when it is acceptable."""
    problems = []
    if len(password) < 8:
        problems.append("at least 8 characters")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        problems.append(f"at most {MAX_PASSWORD_BYTES} bytes")
    if not re.search(r"[a-z]", password):
        problems.append("a lowercase letter")
    if not re.search(r"[A-Z]", password):
        problems.append("an uppercase letter")
    if not re.search(r"\d", password):
        problems.append("a digit")
    return problems
