"""The address guard: links from a remote feed may only lead to public addresses.

A feed named in feeds.yaml may be anywhere (a file, a server on this machine, a host on the
intranet): the user chose it. What a *remote* feed names (its links, and every redirect) is
chosen by whoever controls that feed, and must not make newsclaims read from this machine or
its private network (a router's admin page, 169.254.169.254's cloud credentials) and store the
answer where reports show it.

The check is made where the connection is made: :class:`GuardedBackend` is an httpcore network
backend that resolves the host itself, checks every address it resolves to, and connects to a
checked address. Checking the name beforehand would leave a window for DNS rebinding (a name
that resolves to a public address when checked and to 127.0.0.1 when connected).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from extractor.crawl.urls import url_scheme

__all__ = [
    "AddressRefusedError",
    "GuardedBackend",
    "address_problem",
    "http_client",
    "on_this_machine",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# RFC 6598 shared address space (carrier-grade NAT): neither private nor global for ipaddress,
# and no property names it.
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# RFC 6052 well-known NAT64 prefix: on an IPv6-only network with DNS64 every IPv4 host is
# reached through it, so it is judged by the IPv4 address inside.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefusedError(Exception):
    """A connection the guard will not make; the message names the address and its class."""


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if any: the connection ends up there."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48 (6to4)
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address ("a private address"), or None when it is one.

    Built on ``ipaddress``'s properties, which follow the IANA special-purpose registries:
    ``is_unspecified`` (0.0.0.0, ::), ``is_loopback`` (127/8, ::1), ``is_link_local``
    (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), ``is_multicast``
    (224/4, ff00::/8: Python 3.11 calls some of it global), ``is_reserved`` (240/4 and the
    broadcast address, IPv6 ranges the IETF keeps), ``is_site_local`` (fec0::/10, deprecated but
    still routed by some networks), ``is_private`` (10/8, 172.16/12, 192.168/16, fc00::/7, and
    the documentation and benchmarking ranges), then anything else ``is_global`` does not
    accept. Carrier-grade NAT (100.64/10) has no property and is checked by range; IPv4-mapped,
    6to4 and NAT64 IPv6 addresses are judged by the IPv4 address they carry.
    """
    inner = _embedded_ipv4(ip)
    if inner is not None:
        problem = address_problem(inner)
        return f"{problem} (IPv4 {inner} inside IPv6)" if problem else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


def on_this_machine(url: str) -> bool:
    """Whether a feed at ``url`` is local: a file, or a server on a loopback host.

    Decided from the URL as the user wrote it, never from DNS, so that no answer from a name
    server can turn a remote feed into a local one. ``localhost`` and ``*.localhost`` are
    loopback names by RFC 6761.
    """
    if url_scheme(url) == "file":
        return True
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (_embedded_ipv4(ip) or ip).is_loopback


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves each host itself and connects to one of its addresses, checked when ``check``.

    With ``check`` every address the name resolves to must be public, or no connection is made
    at all (a name that mixes a public and a private address is refused: which one a client
    uses is the attacker's choice). Without it, it connects as the default backend would; both
    kinds resolve here so that what is checked is exactly what is connected to.
    """

    def __init__(self, *, check: bool) -> None:
        self.check = check
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolve(host, port)
        if self.check:
            for address in addresses:
                problem = address_problem(ipaddress.ip_address(address))
                if problem and _same(address, host):
                    raise AddressRefusedError(f"{address} is {problem}")
                if problem:
                    raise AddressRefusedError(f"{host} resolves to {address}, {problem}")
        error: Exception | None = None
        for address in addresses:  # in the resolver's order, as socket.create_connection does
            try:
                return self._sync.connect_tcp(address, port, timeout, local_address,
                                              socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None  # _resolve gives at least one address
        raise error

    def _resolve(self, host: str, port: int) -> list[str]:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:  # gaierror: no such name; reported like any connect failure
            raise httpcore.ConnectError(str(exc)) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        return addresses

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefusedError(f"Unix socket {path}: not a network address")

    def sleep(self, seconds: float) -> None:
        self._sync.sleep(seconds)


def _same(address: str, host: str) -> bool:
    """Whether ``host`` is the address itself (an IP literal in the URL)."""
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(address)
    except ValueError:
        return False


def http_client(
    *,
    check: bool,
    user_agent: str,
    timeout: float,
    concurrency: int,
    ssl_context: ssl.SSLContext,
) -> httpx.Client:
    """The crawler's httpx client, connecting through a :class:`GuardedBackend`."""
    limits = httpx.Limits(max_connections=max(1, concurrency),
                          max_keepalive_connections=max(1, concurrency))
    transport = httpx.HTTPTransport(verify=ssl_context, http2=True, limits=limits,
                                    trust_env=False)
    # httpx 0.28 takes no network backend (encode/httpx#3749 proposes the argument): the pool it
    # made is replaced by one with the same settings that connects through ours. Should a later
    # httpx keep its pool elsewhere, fail here rather than crawl unguarded.
    if not isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        raise RuntimeError("this httpx keeps no connection pool in HTTPTransport._pool")
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=True,
        network_backend=GuardedBackend(check=check),
    )
    return httpx.Client(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        transport=transport,
        trust_env=False,  # a crawler's targets are named in feeds.yaml, not in proxy env vars
    )
