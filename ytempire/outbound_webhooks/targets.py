"""Which URLs a webhook may call: only globally routable addresses (SSRF).

Checked when the hook is registered and again before each delivery, since DNS can change; the
delivery then connects to the very address that was checked (see transport.py).
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class ForbiddenTarget(ValueError):
    """The URL is malformed or resolves to an address we refuse to call."""


class UnresolvableHost(ForbiddenTarget):
    """The host does not resolve (now): refused at registration, retried at delivery."""


def resolve_addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise UnresolvableHost(f"Host {host!r} does not resolve") from error
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def embedded_ipv4(address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo, NAT64."""
    if address.version != 6:
        return []
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if address in NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [v4 for v4 in found if v4 is not None]


def is_public(address) -> bool:
    """Globally routable, by IANA's registries (is_global): no private, shared (100.64/10), loopback,
    link-local, reserved or documentation range, and no IPv6 wrapper around such an IPv4 address."""
    return address.is_global and not address.is_multicast and all(is_public(v4) for v4 in embedded_ipv4(address))


def check_target(url: str, allow_private: bool) -> list:
    """The addresses `url` resolves to, once every one of them is allowed; raises ForbiddenTarget."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ForbiddenTarget("URL must be http(s) with a host")
    if parts.username or parts.password:
        raise ForbiddenTarget("URL must not contain credentials")
    addresses = resolve_addresses(parts.hostname)
    blocked = [str(a) for a in addresses if not is_public(a)]
    if blocked and not allow_private:
        raise ForbiddenTarget(f"URL resolves to a non-public address ({', '.join(sorted(set(blocked)))})")
    return addresses
