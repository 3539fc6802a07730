"""HTTP for the stock libraries: one session, timeouts, and their failures sorted for the runner."""
from __future__ import annotations

from pathlib import Path

import requests

from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError

DOWNLOAD_CHUNK = 1 << 20


def _raise_for(response: requests.Response, service: str) -> None:
    if response.status_code < 400:
        return
    message = f"{service} returned {response.status_code}: {response.text[:200]}"
    if response.status_code in (408, 429) or response.status_code >= 500:
        error = TransientProviderError(message)
        retry_after = response.headers.get("Retry-After")
        error.retry_after = float(retry_after) if retry_after and retry_after.isdigit() else None
        raise error
    raise PermanentProviderError(message)


def get_json(session: requests.Session, url: str, *, service: str, timeout: float, **kwargs) -> dict:
    try:
        response = session.get(url, timeout=timeout, **kwargs)
    except requests.RequestException as error:
        raise TransientProviderError(f"{service} unreachable: {error}") from error
    _raise_for(response, service)
    try:
        return response.json()
    except ValueError as error:
        raise TransientProviderError(f"{service} answered with a body that is not JSON") from error


def download(session: requests.Session, url: str, to: Path, *, service: str, timeout: float) -> None:
    """Stream `url` into `to`; a short or failed transfer raises (the cache keeps nothing)."""
    try:
        with session.get(url, timeout=timeout, stream=True) as response:
            _raise_for(response, service)
            with open(to, "wb") as handle:
                for chunk in response.iter_content(DOWNLOAD_CHUNK):
                    handle.write(chunk)
    except requests.RequestException as error:
        raise TransientProviderError(f"{service} download failed: {error}") from error
