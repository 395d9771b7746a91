"""The address guard: a remote feed's links and redirects reach public addresses only.

How a remote feed is tested on one machine
------------------------------------------
The guard (extractor/crawl/guard.py) decides from two things: the feed's URL as listed in
feeds.yaml (a file or a loopback host makes a local feed, any other host a remote one), and,
when a connection is made, every address the host name resolves to. The tests put a made-up
network around the real HTTP server on 127.0.0.1 by replacing the two socket functions at its
edges, and nothing between them:

- ``socket.getaddrinfo`` answers from ``NAMES``: ``news.example`` (the remote feed) and
  ``public.example`` resolve to public addresses, ``intranet.example`` to 10.0.0.5, and so on,
  one name per address class. IP literals are resolved numerically; any other name fails, so no
  lookup leaves the machine.
- ``socket.create_connection``, which httpcore calls with the address the guard checked, is a
  router: it connects each address of the made-up network to the test server (same port) and
  notes the address asked for; anything else fails, so no packet leaves the machine.

So the remote feed really is fetched "from" a public address, each link really is checked
against what its name resolves to when the connection is made, a link that passes really is
fetched and stored, and the router's notes show that a refused address was never connected to.
The guard, the fetcher, httpx, httpcore and the crawl run as in production.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.errors import ConfigError
from extractor.core.settings import Settings, load_settings
from extractor.crawl.crawler import CrawlSummary, crawl
from extractor.crawl.fetch import Fetcher
from extractor.crawl.guard import address_problem, on_this_machine

from .conftest import Site, fast_settings, serve

PUBLIC = "93.184.216.34"
PUBLIC6 = "2606:2800:220:1:248:1893:25c8:1946"
NAMES: dict[str, list[str]] = {
    "news.example": [PUBLIC],
    "public.example": [PUBLIC],
    "public6.example": [PUBLIC6],
    "loopback.example": ["127.0.0.1"],
    "localhost": ["127.0.0.1"],
    "intranet.example": ["10.0.0.5"],
    "db.example": ["172.16.3.4"],
    "ula.example": ["fd12:3456::1"],
    "ll6.example": ["fe80::1"],
    "multicast.example": ["224.0.0.251"],
    "reserved.example": ["240.0.0.1"],
    "cgnat.example": ["100.64.0.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "mixed.example": [PUBLIC, "10.0.0.7"],  # one private address is enough to refuse
}

# (test id, host as the link writes it, what the refusal must say)
REFUSED = [
    ("loopback", "loopback.example", "loopback.example resolves to 127.0.0.1, a loopback address"),
    ("localhost", "localhost", "localhost resolves to 127.0.0.1, a loopback address"),
    ("loopback-ipv6", "[::1]", "::1 is a loopback address"),
    ("private-10", "intranet.example", "intranet.example resolves to 10.0.0.5, a private address"),
    ("private-172-16", "db.example", "db.example resolves to 172.16.3.4, a private address"),
    ("private-192-168", "192.168.1.1", "192.168.1.1 is a private address"),
    ("private-ipv6-unique-local", "ula.example", "fd12:3456::1, a private address"),
    ("link-local-cloud-metadata", "169.254.169.254", "169.254.169.254 is a link-local address"),
    ("link-local-ipv6", "ll6.example", "fe80::1, a link-local address"),
    ("unspecified", "0.0.0.0", "0.0.0.0 is an unspecified address"),
    ("unspecified-ipv6", "[::]", ":: is an unspecified address"),
    ("multicast", "multicast.example", "224.0.0.251, a multicast address"),
    ("reserved", "reserved.example", "240.0.0.1, a reserved address"),
    ("carrier-grade-nat", "cgnat.example", "100.64.0.1, a shared (carrier-grade NAT) address"),
    ("ipv4-mapped-private", "[::ffff:10.0.0.5]",
     "is a private address (IPv4 10.0.0.5 inside IPv6)"),
    ("ipv4-mapped-loopback-by-name", "mapped.example",
     "::ffff:127.0.0.1, a loopback address (IPv4 127.0.0.1 inside IPv6)"),
    ("public-and-private-mixed", "mixed.example", "mixed.example resolves to 10.0.0.7"),
]
ALLOWED = [("public", "public.example"), ("public-ipv6", "public6.example")]


def _host_addresses(host: str) -> list[str]:
    bare = host.strip("[]")
    return NAMES.get(bare, [bare])


# every address of the made-up network: the router connects these to the test server
ROUTED = {ipaddress.ip_address(a) for _, host, _ in REFUSED for a in _host_addresses(host)} | {
    ipaddress.ip_address(a) for addresses in NAMES.values() for a in addresses} | {
    ipaddress.ip_address("127.0.0.1")}


class MadeUpNetwork:
    """The two replaced socket functions, and the addresses connected to."""

    def __init__(self) -> None:
        self.names = {name: list(addresses) for name, addresses in NAMES.items()}
        self.connected: list[str] = []
        self._getaddrinfo = socket.getaddrinfo
        self._connect = socket.create_connection

    def getaddrinfo(self, host: Any, port: Any, family: int = 0, type: int = 0,
                    proto: int = 0, flags: int = 0) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in self.names:
            out = []
            for address in self.names[name]:
                v6 = ":" in address
                out.append((socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                            (address, int(port), 0, 0) if v6 else (address, int(port))))
            return out
        # IP literals only: a name not in the table must not reach a real name server
        return self._getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def create_connection(self, address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address[0], address[1]
        ip = ipaddress.ip_address(host.split("%")[0])
        self.connected.append(str(ip))
        if ip in ROUTED:
            return self._connect(("127.0.0.1", port), *args, **kwargs)
        raise OSError(f"made-up network: no route to {host}")

    def connected_to_any(self, addresses: list[str]) -> bool:
        wanted = {str(ipaddress.ip_address(a)) for a in addresses}
        return bool(wanted & set(self.connected))


@contextlib.contextmanager
def made_up_network() -> Iterator[MadeUpNetwork]:
    net = MadeUpNetwork()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", net.getaddrinfo)
        mp.setattr(socket, "create_connection", net.create_connection)
        yield net


@pytest.fixture
def network() -> Iterator[MadeUpNetwork]:
    with made_up_network() as net:
        yield net


def _links(port: int) -> dict[str, str]:
    """One article link per address class (and the public ones), each its own article."""
    hosts = [(key, host) for key, host, _ in REFUSED] + ALLOWED
    return {key: f"http://{host}:{port}/dyn/article/{900 + i}"
            for i, (key, host) in enumerate(hosts)}


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>S{i}</title><link>{u}</link></item>"
                    for i, u in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
            "</channel></rss>").encode()


def _port(site: Site) -> int:
    return int(site.base.rsplit(":", 1)[1])


def _feeds(tmp: Path, url: str) -> Path:
    path = tmp / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: guarded\n    url: {url}\n", encoding="utf-8")
    return path


def _page_fetch(db: sqlite_utils.Database, url: str) -> dict[str, Any]:
    rows = list(db["fetches"].rows_where("url = ? and kind = 'page'", [url],
                                         order_by="id desc", limit=1))
    assert rows, f"no fetch recorded for {url}"
    return rows[0]


def _stored(db: sqlite_utils.Database, url: str) -> bool:
    return dbmod.article_id_for_url(db, url) is not None


@dataclasses.dataclass
class GuardRun:
    summary: CrawlSummary
    db: sqlite_utils.Database
    links: dict[str, str]
    feed: str
    network: MadeUpNetwork


def _crawl_links(tmp: Path, feed_host: str | None, **changes: Any) -> Iterator[GuardRun]:
    """One crawl of a feed listing every link of ``_links``; ``feed_host`` None: 127.0.0.1.

    The server and the made-up network go away after the crawl: the tests read the records.
    """
    # A generous timeout: twenty hosts' robots.txt and pages at once on a loaded machine must
    # not time out, or an unreachable robots.txt would shut a host out and fail a guard test.
    settings = dataclasses.replace(fast_settings(tmp / "newsclaims.db", tmp), timeout=20.0,
                                   **changes)
    db = dbmod.open_db(settings.db_path)
    with serve() as site, made_up_network() as net:
        links = _links(_port(site))
        site.overrides["/extra/guard.rss"] = _rss(list(links.values()))
        base = site.base if feed_host is None else f"http://{feed_host}:{_port(site)}"
        feed = f"{base}/extra/guard.rss"
        summary = crawl(db, settings, feeds_path=_feeds(tmp, feed), progress=False)
    yield GuardRun(summary, db, links, feed, net)
    db.close()


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuardRun]:
    """A remote feed (news.example, a public address) linking to every address class."""
    yield from _crawl_links(tmp_path_factory.mktemp("remote"), "news.example")


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuardRun]:
    """The same links in a feed the user listed on this machine (127.0.0.1)."""
    yield from _crawl_links(tmp_path_factory.mktemp("local"), None)


@pytest.fixture(scope="module")
def allowed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuardRun]:
    """The remote feed again, with allow_private_networks."""
    yield from _crawl_links(tmp_path_factory.mktemp("allowed"), "news.example",
                            allow_private_networks=True)


# ------------------------------------------------------------------ links from a remote feed


@pytest.mark.parametrize(("key", "host", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_link_from_remote_feed_is_refused_for_each_address_class(
    remote: GuardRun, key: str, host: str, reason: str
) -> None:
    url = remote.links[key]
    row = _page_fetch(remote.db, url)
    assert row["error"].startswith("refused: "), row["error"]
    assert reason in row["error"]
    assert row["error"].endswith(f"(link from remote feed {remote.feed})")
    assert row["status"] is None and not row["permanent"]  # asked again next run: DNS changes
    assert not _stored(remote.db, url)
    assert any(e.startswith(f"{url}: refused: ") for e in remote.summary.errors)
    # refused before connecting: the router never saw the address (mixed.example's public
    # one is news.example's too, and was connected to for the feed)
    refused = [a for a in _host_addresses(host) if a != PUBLIC]
    assert refused and not remote.network.connected_to_any(refused)


def test_remote_feed_links_to_public_addresses_are_fetched_and_the_crawl_goes_on(
    remote: GuardRun,
) -> None:
    for key, _host in ALLOWED:
        assert _stored(remote.db, remote.links[key]), key
    assert remote.summary.new_articles == len(ALLOWED)
    assert len(remote.summary.errors) == len(REFUSED)
    assert remote.network.connected_to_any([PUBLIC, PUBLIC6])


def test_the_refusal_names_the_address_its_class_and_the_feed(remote: GuardRun) -> None:
    row = _page_fetch(remote.db, remote.links["private-10"])
    assert row["error"] == ("refused: intranet.example resolves to 10.0.0.5, a private address "
                            f"(link from remote feed {remote.feed})")


def test_refused_link_is_asked_again_on_the_next_run(
    network: MadeUpNetwork, site: Site, settings: Settings, db: sqlite_utils.Database,
    tmp_path: Path,
) -> None:
    """A refusal depends on DNS and on allow_private_networks, which both change."""
    port = _port(site)
    link = f"http://intranet.example:{port}/dyn/article/970"
    site.overrides["/extra/guard.rss"] = _rss([link])
    feeds = _feeds(tmp_path, f"http://news.example:{port}/extra/guard.rss")
    crawl(db, settings, feeds_path=feeds, progress=False)
    crawl(db, settings, feeds_path=feeds, progress=False)
    rows = list(db["fetches"].rows_where("url = ? and kind = 'page'", [link]))
    assert [r["error"].split(" (")[0] for r in rows] == [
        "refused: intranet.example resolves to 10.0.0.5, a private address"] * 2
    network.names["intranet.example"] = [PUBLIC]  # the name moved to a public address
    third = crawl(db, settings, feeds_path=feeds, progress=False)
    assert third.new_articles == 1 and _stored(db, link)


# ------------------------------------------------------------------ a feed on this machine


def test_links_from_a_local_feed_may_reach_every_address_class(local: GuardRun) -> None:
    missing = [key for key, url in local.links.items() if not _stored(local.db, url)]
    assert missing == []
    assert local.summary.errors == ()
    assert local.network.connected_to_any(["10.0.0.5", "169.254.169.254", "::1"])


def test_allow_private_networks_lets_a_remote_feed_reach_every_address_class(
    allowed: GuardRun,
) -> None:
    missing = [key for key, url in allowed.links.items() if not _stored(allowed.db, url)]
    assert missing == []
    assert allowed.summary.errors == ()


# ------------------------------------------------------------------ redirects


def _redirect(port: int, target: str, host: str = "public.example") -> str:
    return f"http://{host}:{port}/dyn/redirect?to={quote(target, safe='')}"


def test_redirect_from_a_public_page_to_a_private_address_is_refused(
    network: MadeUpNetwork, site: Site, settings: Settings, db: sqlite_utils.Database,
    tmp_path: Path,
) -> None:
    port = _port(site)
    private = f"http://intranet.example:{port}/dyn/article/971"
    public = f"http://public6.example:{port}/dyn/article/972"
    links = [_redirect(port, private), _redirect(port, public)]
    site.overrides["/extra/guard.rss"] = _rss(links)
    feed = f"http://news.example:{port}/extra/guard.rss"
    summary = crawl(db, settings, feeds_path=_feeds(tmp_path, feed), progress=False)
    row = _page_fetch(db, links[0])
    assert row["error"] == (
        "refused: intranet.example resolves to 10.0.0.5, a private address "
        f"(redirect from {links[0]}; link from remote feed {feed})")
    assert row["final_url"] == private
    assert not network.connected_to_any(["10.0.0.5"])
    assert summary.new_articles == 1 and _stored(db, links[1])  # a public target is followed


def test_remote_feed_redirected_to_a_private_address_is_refused(
    network: MadeUpNetwork, site: Site, settings: Settings, db: sqlite_utils.Database,
    tmp_path: Path,
) -> None:
    port = _port(site)
    site.overrides["/extra/guard.rss"] = _rss([f"http://public.example:{port}/dyn/article/973"])
    target = f"http://intranet.example:{port}/extra/guard.rss"
    feed = _redirect(port, target, host="news.example")
    summary = crawl(db, settings, feeds_path=_feeds(tmp_path, feed), progress=False)
    assert summary.feeds_failed == 1 and summary.new_articles == 0
    rows = list(db["fetches"].rows_where("url = ? and kind = 'feed'", [feed], order_by="id"))
    assert rows[-1]["error"] == ("refused: intranet.example resolves to 10.0.0.5, a private "
                                 f"address (redirect from {feed})")
    assert not network.connected_to_any(["10.0.0.5"])


def test_local_feed_may_redirect_to_a_private_address(
    network: MadeUpNetwork, site: Site, settings: Settings, db: sqlite_utils.Database,
    tmp_path: Path,
) -> None:
    port = _port(site)
    site.overrides["/extra/guard.rss"] = _rss([f"http://intranet.example:{port}/dyn/article/974"])
    feed = _redirect(port, f"http://intranet.example:{port}/extra/guard.rss", host="127.0.0.1")
    summary = crawl(db, settings, feeds_path=_feeds(tmp_path, feed), progress=False)
    assert summary.errors == () and summary.new_articles == 1
    assert network.connected_to_any(["10.0.0.5"])


# ------------------------------------------------------------------ the check at connect time


def test_a_name_is_checked_on_the_address_each_connection_uses(
    network: MadeUpNetwork, site: Site, settings: Settings,
) -> None:
    """DNS rebinding: a name that answers a public address first and 127.0.0.1 next time."""
    port = _port(site)
    url = f"http://rebind.example:{port}/dyn/article/975"
    lookups = 0

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        nonlocal lookups
        if host == "rebind.example":
            lookups += 1
            network.names[host] = [PUBLIC] if lookups == 1 else ["127.0.0.1"]
        return network.getaddrinfo(host, port, *args, **kwargs)

    # no robots.txt: one connection per fetcher, so one lookup each
    plain = dataclasses.replace(settings, respect_robots=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", rebinding)
        with Fetcher(plain) as fetcher:  # connects to the public address it checked
            first = fetcher.fetch(url, via="https://news.example/rss")
        with Fetcher(plain) as fetcher:  # a new connection, a new answer, a new check
            second = fetcher.fetch(url, via="https://news.example/rss")
    assert first.page.status == 200 and first.page.error is None
    assert second.page.error == ("refused: rebind.example resolves to 127.0.0.1, a loopback "
                                 "address (link from remote feed https://news.example/rss)")
    assert lookups == 2
    assert network.connected == [PUBLIC]  # never 127.0.0.1, which a second lookup would give


def test_a_name_that_resolves_to_a_private_address_is_refused_without_robots(
    network: MadeUpNetwork, site: Site, settings: Settings,
) -> None:
    """Without robots.txt to ask first, the page request itself is the one refused."""
    url = f"http://intranet.example:{_port(site)}/dyn/article/976"
    with Fetcher(dataclasses.replace(settings, respect_robots=False)) as fetcher:
        result = fetcher.fetch(url, via="https://news.example/rss")
    assert [(a.kind, a.error) for a in result.attempts] == [
        ("page", "refused: intranet.example resolves to 10.0.0.5, a private address "
                 "(link from remote feed https://news.example/rss)")]
    assert not result.permanent
    assert network.connected == []


# ------------------------------------------------------------------ the rules themselves


@pytest.mark.parametrize(("address", "problem"), [
    ("8.8.8.8", None),
    ("2001:4860:4860::8888", None),
    ("::ffff:8.8.8.8", None),
    ("64:ff9b::808:808", None),  # NAT64 of a public address: how IPv6-only networks reach IPv4
    ("127.0.0.2", "a loopback address"),
    ("10.255.0.1", "a private address"),
    ("172.31.255.255", "a private address"),
    ("192.168.0.1", "a private address"),
    ("fc00::1", "a private address"),
    ("169.254.0.1", "a link-local address"),
    ("fe80::abcd", "a link-local address"),
    ("0.0.0.0", "an unspecified address"),
    ("::", "an unspecified address"),
    ("239.255.255.250", "a multicast address"),
    ("ff02::1", "a multicast address"),
    ("255.255.255.255", "a reserved address"),
    ("100.127.255.254", "a shared (carrier-grade NAT) address"),
    ("fec0::1", "a site-local address"),
    ("192.0.2.1", "a private address"),  # documentation range: not on the public internet
    ("::ffff:169.254.169.254", "a link-local address (IPv4 169.254.169.254 inside IPv6)"),
    ("2002:a00:5::1", "a private address (IPv4 10.0.0.5 inside IPv6)"),  # 6to4
    ("64:ff9b::7f00:1", "a loopback address (IPv4 127.0.0.1 inside IPv6)"),  # NAT64
])
def test_address_classes(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


@pytest.mark.parametrize(("url", "local"), [
    ("file:///srv/feeds/a.rss", True),
    ("http://127.0.0.1:8080/feed", True),
    ("http://127.9.9.9/feed", True),
    ("http://[::1]:8080/feed", True),
    ("http://localhost/feed", True),
    ("http://news.localhost/feed", True),
    ("https://news.example/rss", False),
    ("http://10.0.0.5/feed", False),  # the user's own network, but not this machine
    ("http://localhost.news.example/rss", False),
])
def test_which_feeds_are_local(url: str, local: bool) -> None:
    assert on_this_machine(url) is local


def test_allow_private_networks_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", raising=False)
    assert load_settings().allow_private_networks is False
    for value, expected in (("1", True), ("yes", True), ("TRUE", True), ("0", False),
                            ("off", False)):
        monkeypatch.setenv("NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", value)
        assert load_settings().allow_private_networks is expected, value
    monkeypatch.setenv("NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", "maybe")
    with pytest.raises(ConfigError, match=r"'maybe' is not a yes/no value: .*"
                                          r"\(\$NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS\)"):
        load_settings()


def test_cli_reports_a_bad_allow_private_networks_value_in_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["--db", str(tmp_path / "n.db"), "crawl"],
                           env={"NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": "maybe"})
    assert result.exit_code == 2
    assert result.output == ("Error: 'maybe' is not a yes/no value: use 1/0, true/false, yes/no "
                             "or on/off ($NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS)\n")
    assert not (tmp_path / "n.db").exists()
