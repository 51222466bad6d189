"""The SSRF guard: which URLs claimgraph may fetch, and a network backend that connects only where it checked.

A URL that arrives from somebody else (the REST API, a feed's entry, a redirect) must not make claimgraph talk to
the machine it runs on or to its private network: loopback, private (RFC 1918, unique-local IPv6), link-local
(cloud metadata at 169.254.169.254), multicast, reserved, unspecified (``0.0.0.0``, ``::``), shared address space
and every IPv6 form that embeds one of those (IPv4-mapped ``::ffff:127.0.0.1``, IPv4-compatible, 6to4, NAT64).
Only ``http``/``https`` URLs without credentials pass. :func:`check_url` resolves the host and checks *every*
address it has (one bad address refuses the URL: an attacker's name server chooses which one a client picks).

A check followed by a second, independent DNS lookup at connect time could be answered differently (DNS
rebinding). :class:`GuardedBackend` therefore does both in one place: the HTTP client's connection pool asks it
for a TCP connection to ``host:port``, it resolves once, checks the addresses and connects to a checked one; the
request keeps its ``Host`` header and TLS keeps the URL's host name for SNI and certificate checks, because
httpcore sets both from the URL, not from the socket.

``allow_private=True`` (the ``allow_private_urls`` setting, ``--allow-private``) allows non-public addresses;
schemes and credentials are still checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import IngestError

__all__ = ["UnsafeURL", "CheckedURL", "check_url", "check_address", "resolve", "GuardedBackend"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class UnsafeURL(IngestError):
    """A URL the guard refuses (code E120); ``reason`` says why, for the ingest log and API error bodies."""

    code = "E120"

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(
            "E120",
            message=f"Refused to fetch {url}: {reason}. Only public http(s) addresses are fetched; allow private "
            "addresses with --allow-private or CLAIMGRAPH_ALLOW_PRIVATE_URLS=1 (never for untrusted input).",
            url=url,
            reason=reason,
        )


@dataclass(frozen=True, slots=True)
class CheckedURL:
    """A URL that passed the guard: its parts and the addresses its host resolved to (all checked)."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    packed = int(ip)
    if packed >> 32 == 0 and packed > 1:  # deprecated IPv4-compatible ::a.b.c.d (not :: or ::1)
        return ipaddress.IPv4Address(packed)
    return None


def _why_not_public(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None:
            why = _why_not_public(inner)
            return f"{why} (as the IPv6 address {ip})" if why else None
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attr, why in checks:
        if getattr(ip, attr):
            return f"{ip} is {why}"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return f"{ip} is in the shared (carrier-grade NAT) address space"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def check_address(address: str, *, allow_private: bool = False) -> None:
    """Raise :class:`UnsafeURL` when ``address`` (an IP literal) may not be connected to."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise UnsafeURL(address, "not an IP address") from exc
    if allow_private:
        return
    why = _why_not_public(ip)
    if why:
        raise UnsafeURL(address, why)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise UnsafeURL(host, f"the host name does not resolve ({exc})") from exc
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in seen:
            seen.append(address)
    if not seen:
        raise UnsafeURL(host, "the host name has no address")
    return seen


def _parts(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(url, f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise UnsafeURL(url, f"the scheme {scheme or '(none)'!r} is not http or https")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UnsafeURL(url, "the URL carries credentials")
    host = parts.hostname or ""
    if not host:
        raise UnsafeURL(url, "the URL has no host")
    return scheme, host, port or (443 if scheme == "https" else 80)


def check_url(url: str, *, allow_private: bool = False) -> CheckedURL:
    """Check ``url`` and every address of its host; return what was checked or raise :class:`UnsafeURL` (E120).

    >>> check_url("http://169.254.169.254/latest/meta-data/")  # doctest: +SKIP
    UnsafeURL: [E120] Refused to fetch ...: 169.254.169.254 is a link-local address ...
    """
    scheme, host, port = _parts(url)
    addresses = resolve(host, port)
    for address in addresses:
        try:
            check_address(address, allow_private=allow_private)
        except UnsafeURL as exc:
            raise UnsafeURL(url, exc.reason if address == host else f"{host} resolves to {exc.reason}") from None
    return CheckedURL(url=url, scheme=scheme, host=host, port=port, addresses=tuple(addresses))


class GuardedBackend:
    """An httpcore network backend that resolves, checks and connects in one step (no DNS rebinding window).

    Plugged into the fetcher's connection pool (:func:`claimgraph.ingest.http.guarded_transport`); every TCP
    connection the client opens, for the first request and for every redirect hop, passes through here.
    """

    def __init__(self, *, allow_private: bool = False) -> None:
        import httpcore

        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()
        self.connected: list[tuple[str, int, str]] = []  # (host, port, address): what was actually dialled

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        import httpcore

        addresses = resolve(host, port)
        for address in addresses:
            try:
                check_address(address, allow_private=self.allow_private)
            except UnsafeURL as exc:
                where = exc.reason if address == host else f"{host} resolves to {exc.reason}"
                raise UnsafeURL(f"{host}:{port}", where) from None
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            self.connected.append((host, port, address))
            return stream
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise UnsafeURL(path, "Unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
