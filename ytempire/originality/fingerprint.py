"""Fingerprints: MinHash of a text's word shingles, LSH band keys, and a difference hash of an image.

Pure functions on numpy arrays, so the same code fingerprints a video and runs the benchmark.
A signature is NUM_PERM uint32 minimums; two signatures agree at a position with probability
equal to the Jaccard similarity of their shingle sets. BANDS x ROWS band keys make any pair above
about 0.42 similar share a key with high probability (0.99 at 0.6), so the database finds the
candidates through an index and only those are compared exactly.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
from PIL import Image

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261202)  # fixed: stored signatures must stay comparable
_A = _rng.integers(1, 1 << 29, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 29, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)
EMPTY_SIGNATURE = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def _hash32(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=4).digest(), "little")


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` words; a text shorter than that is one shingle."""
    tokens = words(text)
    if not tokens:
        return set()
    return {" ".join(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1))}


def minhash(text: str) -> np.ndarray:
    hashes = np.array([_hash32(s) for s in shingles(text)], dtype=np.uint64)
    if hashes.size == 0:
        return EMPTY_SIGNATURE.copy()
    permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME
    return (permuted & 0xFFFFFFFF).astype(np.uint32).min(axis=0)


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (PostgreSQL bigint), the band number mixed in."""
    rows = signature.reshape(BANDS, ROWS)
    keys = []
    for band, values in enumerate(rows):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + values.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    if (a == EMPTY_SIGNATURE).all() or (b == EMPTY_SIGNATURE).all():
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def similarities(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature to each row of `others` (n x NUM_PERM)."""
    if others.size == 0 or (signature == EMPTY_SIGNATURE).all():
        return np.zeros(len(others))
    return (others == signature[None, :]).mean(axis=1)


def word_jaccard(a: str, b: str) -> float:
    left, right = set(words(a)), set(words(b))
    return len(left & right) / len(left | right) if left | right else 0.0


def dhash(path: str, size: int = 8) -> int:
    """64-bit difference hash: each bit says whether a pixel is brighter than its right neighbour.

    Survives re-encoding and resizing, so two thumbnails that look alike have few differing bits.
    Signed, to fit PostgreSQL's bigint.
    """
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("L").resize((size + 1, size), Image.LANCZOS), dtype=np.int16)
    bits = (pixels[:, 1:] > pixels[:, :-1]).flatten()
    value = int("".join("1" if bit else "0" for bit in bits), 2)
    return value - (1 << 64) if value >= (1 << 63) else value


def hash_similarity(a: int | None, b: int | None) -> float | None:
    if a is None or b is None:
        return None
    return 1 - bin((a ^ b) & 0xFFFFFFFFFFFFFFFF).count("1") / 64
