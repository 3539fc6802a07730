"""One webhook POST over a connection to an address that was already checked.

DNS is not asked again between the check and the connection, so a name cannot be rebound to an
internal address in between; the Host header, TLS SNI and the certificate check still use the
URL's host name.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import certifi
import urllib3

TRANSPORT_ERRORS = (urllib3.exceptions.HTTPError, OSError)


def post_to_address(url: str, address, body: bytes, headers: dict, timeout: float) -> int:
    """POST `body` to `url`, connecting to `address`; the response status. Redirects are not followed."""
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    if https:
        pool = urllib3.HTTPSConnectionPool(str(address), port, server_hostname=parts.hostname,
                                           cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
    else:
        pool = urllib3.HTTPConnectionPool(str(address), port)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with pool:
        # The body is never read: a receiver cannot make us download anything.
        response = pool.urlopen("POST", path, body=body, headers={**headers, "Host": parts.netloc},
                                redirect=False, retries=False, preload_content=False,
                                timeout=urllib3.Timeout(connect=timeout, read=timeout))
        response.release_conn()
        return response.status
