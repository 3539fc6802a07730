"""YouTube Data API quota rules: one table per scheme, chosen by YOUTUBE_QUOTA_SCHEME.

"2026" (default) — YouTube Data API revision history, 2026-06-01: `videos.insert` and
`search.list` each have their own bucket of 100 calls a day; every other method draws on the
shared pool (YOUTUBE_QUOTA_PER_ACCOUNT, default 10,000 units). Invalid requests cost at least 1.
"legacy" — the older single-pool rule: videos.insert 1,600 units, search.list 100,
thumbnails.set 50, list/read calls 1, all from the one pool.
The quota day resets at midnight Pacific time.

Sources (re-check them when Google changes the rules):
- https://developers.google.com/youtube/v3/revision_history (the per-method buckets, 2026-06-01)
- https://developers.google.com/youtube/v3/determine_quota_cost (units per method in the shared pool)
"""
from __future__ import annotations

from dataclasses import dataclass

POOL = "pool"
SCHEMES = ("2026", "legacy")

# Costs in the shared pool (units per call), the same in both schemes for non-bucketed methods.
POOL_COSTS = {
    "channels.list": 1, "videos.list": 1, "playlists.list": 1, "playlistItems.list": 1,
    "videos.update": 50, "thumbnails.set": 50, "playlistItems.insert": 50, "videos.delete": 50,
    "subscriptions.list": 1, "captions.insert": 400,
}


@dataclass(frozen=True)
class QuotaCharge:
    bucket: str       # POOL or a per-method bucket name
    units: int


def check_scheme(scheme: str) -> str:
    """The scheme itself, or ValueError: a misspelt scheme must not silently charge by the wrong rules."""
    if scheme not in SCHEMES:
        raise ValueError(f"YOUTUBE_QUOTA_SCHEME must be one of {', '.join(SCHEMES)}; got {scheme!r}")
    return scheme


def charge_for(method: str, scheme: str) -> QuotaCharge:
    """What one call of `method` costs, and from which bucket."""
    if check_scheme(scheme) == "legacy":
        legacy = {"videos.insert": 1600, "search.list": 100}
        return QuotaCharge(POOL, legacy.get(method, POOL_COSTS.get(method, 1)))
    if method in ("videos.insert", "search.list"):
        return QuotaCharge(method, 1)
    return QuotaCharge(POOL, POOL_COSTS.get(method, 1))


def bucket_limits(scheme: str, pool_units: int) -> dict[str, int]:
    if check_scheme(scheme) == "legacy":
        return {POOL: pool_units}
    return {POOL: pool_units, "videos.insert": 100, "search.list": 100}
