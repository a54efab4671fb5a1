"""Which address the browser used, when a reverse proxy stands between it and Samskab.

A proxy may rewrite `Host` (nginx's `proxy_set_header Host $proxy_host`, or an upstream
name) and speaks plain HTTP to Samskab while the browser spoke HTTPS. It then says what the
browser used in `X-Forwarded-Host` and `X-Forwarded-Proto`. Anyone can send those headers,
so they are believed only from the peers in SAMSKAB_TRUSTED_PROXIES.

One catch: Streamlit serves through uvicorn, which itself believes `X-Forwarded-For` from
the addresses in its FORWARDED_ALLOW_IPS (default: loopback) and then replaces the peer's
address with the browser's. The proxy's own address is gone by the time a route runs. The
replaced address has port 0 (a forwarded address carries none; a real connection never
has port 0), so a replacement is recognised, and the proxy behind it is then trusted only
if everything uvicorn trusts is inside SAMSKAB_TRUSTED_PROXIES.
"""

from __future__ import annotations

import functools
import ipaddress
import os
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import config

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# uvicorn's default for FORWARDED_ALLOW_IPS.
UVICORN_DEFAULT_TRUSTED = "127.0.0.1,::1"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


@functools.lru_cache(maxsize=1)
def trusted_proxies() -> tuple[Network, ...]:
    """SAMSKAB_TRUSTED_PROXIES, read once per process (tests clear the cache)."""
    return networks(config.load().trusted_proxies)


def uvicorn_trusted(raw: str | None = None) -> tuple[Network, ...]:
    """The addresses uvicorn believes X-Forwarded-For from (its FORWARDED_ALLOW_IPS)."""
    raw = os.environ.get("FORWARDED_ALLOW_IPS", UVICORN_DEFAULT_TRUSTED) if raw is None else raw
    found: list[Network] = []
    for entry in (e.strip() for e in raw.split(",")):
        if entry == "*":
            found += networks(("0.0.0.0/0", "::/0"))
            continue
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue  # a Unix socket path or a name: never the address of a TCP peer
    return tuple(found)


def _within(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def _covered(inner: tuple[Network, ...], outer: tuple[Network, ...]) -> bool:
    return all(
        any(n.version == o.version and n.subnet_of(o) for o in outer)  # type: ignore[arg-type]
        for n in inner
    )


def peer_is_trusted(
    client: tuple[str, int] | None,
    headers: Mapping[str, str],
    trusted: tuple[Network, ...],
    uvicorn: tuple[Network, ...] | None = None,
) -> bool:
    """Whether the connection came from a trusted proxy (see the module's note on uvicorn)."""
    if client is None or not trusted:
        return False
    host, port = client
    if port == 0 and "x-forwarded-for" in headers:
        # uvicorn replaced the proxy's address: the proxy was one uvicorn trusts.
        return _covered(uvicorn_trusted() if uvicorn is None else uvicorn, trusted)
    return _within(host, trusted)


def _first(value: str | None) -> str | None:
    """The first of a comma-separated header: the value the outermost proxy saw."""
    if not value:
        return None
    return value.split(",", 1)[0].strip() or None


class BrowserAddress(NamedTuple):
    scheme: str | None  # None: not known (no trusted proxy said it)
    host: str


def browser_address(
    client: tuple[str, int] | None,
    headers: Mapping[str, str],
    trusted: tuple[Network, ...],
) -> BrowserAddress:
    """Scheme and host[:port] the browser used.

    The connection's own scheme says nothing when a proxy may stand between (HTTPS to the
    proxy, HTTP from it), so the scheme is known only when a trusted proxy says it.
    """
    if peer_is_trusted(client, headers, trusted):
        proto = (_first(headers.get("x-forwarded-proto")) or "").lower()
        return BrowserAddress(
            proto if proto in _DEFAULT_PORTS else None,
            _first(headers.get("x-forwarded-host")) or headers.get("host", ""),
        )
    return BrowserAddress(None, headers.get("host", ""))


def _authority(scheme: str, host: str) -> str:
    host = host.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    if default and host.endswith(f":{default}"):
        host = host[: -len(default) - 1]
    return host


def same_origin(origin: str, address: BrowserAddress) -> bool:
    """Whether a browser's Origin header names the address the request was sent to."""
    scheme, sep, host = origin.partition("://")
    scheme = scheme.lower()
    if not sep or not host or scheme not in _DEFAULT_PORTS:
        return False  # "null" (a sandboxed or file page) or nonsense
    if address.scheme is not None and scheme != address.scheme:
        return False
    return _authority(scheme, host) == _authority(scheme, address.host)
