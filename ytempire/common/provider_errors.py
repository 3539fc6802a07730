"""How a call to an outside service failed: worth retrying, or not.

Shared by every provider kind and by the YouTube client, so the stage runner can decide between a
retry with backoff and a failed job without knowing which service answered.
"""
from __future__ import annotations


class ProviderError(Exception):
    """Base class for provider failures."""


class TransientProviderError(ProviderError):
    """A failure worth retrying: timeout, connection reset, 429, 5xx."""


class PermanentProviderError(ProviderError):
    """A failure that retrying cannot fix: bad request, auth, unsupported input."""
