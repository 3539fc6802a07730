"""Which URLs a webhook may call: no loopback, private, link-local or reserved addresses (SSRF).

Checked when the hook is registered and again before each delivery, since DNS can change.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class ForbiddenTarget(ValueError):
    """The URL is malformed or resolves to an address we refuse to call."""


def resolve_addresses(host: str) -> list[ipaddress._BaseAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise ForbiddenTarget(f"Host {host!r} does not resolve") from error
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def is_public(address) -> bool:
    return not (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified
                or (address.version == 6 and address.ipv4_mapped and not is_public(address.ipv4_mapped)))


def check_target(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ForbiddenTarget("URL must be http(s) with a host")
    if parts.username or parts.password:
        raise ForbiddenTarget("URL must not contain credentials")
    if allow_private:
        return
    blocked = [str(a) for a in resolve_addresses(parts.hostname) if not is_public(a)]
    if blocked:
        raise ForbiddenTarget(f"URL resolves to a non-public address ({', '.join(sorted(set(blocked)))})")
