"""A real HTTP server on 127.0.0.1 for the crawler tests, with a route for every bad input."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from extractor.core.data import DATA_DIR
from extractor.core.settings import Settings

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "fixtures"
sys.path.insert(0, str(FIXTURES))

from synth import article_html  # noqa: E402

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
LAST_MODIFIED = formatdate(1753000000, usegmt=True)  # a fixed date in July 2025
TIMEOUT = 1.0  # the crawler's timeout in these tests; the slow routes take longer
MAX_BODY = 300_000  # the crawler's body cap in these tests; the huge routes send more


@dataclasses.dataclass
class Hit:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    at: float = dataclasses.field(default_factory=time.monotonic)  # when the answer went out


class Site:
    """The server's state: what it was asked, and switches the tests turn."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stall = threading.Event()  # while clear, /dyn/stall blocks (for the kill test)
        self.overrides: dict[str, bytes] = {}  # path -> body served instead of the fixture
        self.spans: list[tuple[float, float]] = []  # (start, end) of each /dyn/hold/ request
        self.base = ""

    def count(self, path: str) -> int:
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            return self.counts[path]

    def served(self, status: int | None = None, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path.startswith(prefix)
                    and (status is None or h.status == status)]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # without it, Nagle's algorithm + delayed ACK add 40 ms to each response
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None, length: bool = True) -> None:
            with site.lock:
                site.hits.append(Hit("GET", self.path, status, dict(self.headers)))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
            if not length:
                self.close_connection = True

        def _static(self, path: Path, ctype: str) -> None:
            body = site.overrides.get(self.path) or path.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-Modified-Since") == LAST_MODIFIED
                and self.path not in site.overrides
            ):
                self._send(304, headers={"ETag": etag})
                return
            self._send(200, body, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

        def do_GET(self) -> None:  # one branch per route: the clearest layout for a test server
            path = self.path
            n = site.count(path)
            if path == "/robots.txt":
                return self._send(200, ROBOTS, "text/plain")
            if path.startswith("/extra/") and path in site.overrides:  # feeds made by a test
                return self._static(FIXTURES / "missing", "application/rss+xml")
            for prefix, root in (("/site/", DATA_DIR / "demo"), ("/bad/", FIXTURES / "bad")):
                if path.startswith(prefix):
                    f = root / path[len(prefix):].split("?")[0]
                    if not f.is_file():
                        return self._send(404, b"not found")
                    ctype = {
                        ".rss": "application/rss+xml", ".atom": "application/atom+xml",
                    }.get(f.suffix, "text/html; charset=utf-8")
                    if f.name == "latin1.html":
                        ctype = "text/html"
                    if f.name == "mislabelled.html":
                        ctype = "text/html; charset=iso-8859-1"
                    return self._static(f, ctype)
            if path == "/private/secret.html":
                return self._send(200, article_html(999).encode())
            if path in ("/dyn/404", "/dyn/410", "/dyn/500"):
                return self._send(int(path[-3:]), b"<h1>error</h1>")
            if path == "/dyn/flaky":
                if n == 1:
                    return self._send(503, b"busy")
                return self._send(200, article_html(401).encode())
            if path == "/dyn/429":
                if n == 1:
                    return self._send(429, b"slow down", headers={"Retry-After": "1"})
                return self._send(200, article_html(402).encode())
            if path == "/dyn/429-long":
                return self._send(429, b"slow down", headers={"Retry-After": "3600"})
            if path == "/dyn/slow":
                time.sleep(TIMEOUT * 2.5)
                return self._send(200, article_html(403).encode())
            if path == "/dyn/trickle":
                body = article_html(404).encode()
                with site.lock:
                    site.hits.append(Hit("GET", path, 200, dict(self.headers)))
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for i in range(0, len(body), 200):
                        self.wfile.write(body[i:i + 200])
                        self.wfile.flush()
                        time.sleep(0.4)  # each chunk within the read timeout, the whole beyond
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return None
            if path == "/dyn/loop-a":
                return self._send(302, headers={"Location": "/dyn/loop-b"})
            if path == "/dyn/loop-b":
                return self._send(301, headers={"Location": "/dyn/loop-a"})
            if path.startswith("/dyn/chain/"):
                k = int(path.rsplit("/", 1)[1])
                return self._send(302, headers={"Location": f"/dyn/chain/{k + 1}"})
            if path == "/dyn/redirect-file":
                return self._send(302, headers={"Location": "file:///etc/passwd"})
            if path.startswith("/dyn/redirect?to="):  # to any URL (the address guard tests)
                return self._send(302, headers={"Location": unquote(path.split("=", 1)[1])})
            if path == "/dyn/huge":
                return self._send(200, b"<html><body>" + b"<p>x</p>" * (MAX_BODY // 4))
            if path == "/dyn/huge-stream":
                return self._send(200, b"<p>y</p>" * (MAX_BODY // 4), length=False)
            if path == "/dyn/pdf":
                return self._send(200, b"%PDF-1.4 not really", "application/pdf")
            if path == "/dyn/gzip":
                body = gzip.compress(article_html(405).encode())
                return self._send(200, body, headers={"Content-Encoding": "gzip"})
            if path.startswith("/dyn/hold/"):  # a page that takes a moment (politeness test)
                start = time.monotonic()
                time.sleep(0.2)
                with site.lock:
                    site.spans.append((start, time.monotonic()))
                return self._send(200, article_html(int(path.rsplit("/", 1)[1])).encode())
            if path == "/dyn/stall":
                site.stall.wait(15)
                return self._send(200, article_html(406).encode())
            if path.startswith("/dyn/claims/"):  # names another site's page as its canonical
                seed = int(path.rsplit("/", 1)[1])
                head = '<link rel="canonical" href="https://www.victim.example/news/scoop">'
                return self._send(200, article_html(seed, extra_head=head).encode())
            for kind in ("article", "alias", "mirror"):
                if path.split("?")[0].startswith(f"/dyn/{kind}/"):
                    seed = int(path.split("?")[0].rsplit("/", 1)[1])
                    head = ""
                    if kind == "alias":
                        head = f'<link rel="canonical" href="/dyn/article/{seed}">'
                    return self._send(200, article_html(seed, extra_head=head).encode())
            return self._send(404, b"no such route")

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh server on 127.0.0.1 (random port) per test, stopped afterwards."""
    with serve() as state:
        yield state


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        state.stall.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def settings(db_path: Path, tmp_path: Path) -> Settings:
    """Fast settings: short timeouts, no politeness delay, small caps."""
    return fast_settings(db_path, tmp_path)


def fast_settings(db_path: Path, tmp_path: Path) -> Settings:
    return Settings(
        db_path=db_path,
        feeds_path=tmp_path / "feeds.yaml",
        timeout=TIMEOUT,
        max_retries=2,
        backoff=0.05,
        max_retry_after=5.0,
        max_body_bytes=MAX_BODY,
        per_host_delay=0.0,
        per_host_concurrency=8,
        concurrency=8,
    )


@pytest.fixture
def make_feeds(tmp_path: Path) -> Callable[[list[tuple[str, str]]], Path]:
    """Write a feeds.yaml listing (name, url) pairs; returns its path."""

    def write(feeds: list[tuple[str, str]]) -> Path:
        lines = ["feeds:"]
        for name, url in feeds:
            lines += [f"  - name: {name}", f"    url: {url}"]
        path = tmp_path / "feeds.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@dataclasses.dataclass
class HostileRun:
    summary: Any
    db: Any
    site: Site
    settings: Settings
    feeds: Path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    """One crawl of every bad input, shared by the tests that inspect its records."""
    from extractor import store as dbmod
    from extractor.crawl.crawler import crawl

    tmp = tmp_path_factory.mktemp("hostile")
    settings = fast_settings(tmp / "newsclaims.db", tmp)
    with serve() as site:
        names = ["hostile.rss", "bad-links.rss", "malformed.rss", "empty.rss", "not-a-feed.rss",
                 "no-such-feed.rss"]
        feeds = tmp / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(
            f"  - name: {n.split('.')[0].replace('no-such-feed', 'missing')}\n"
            f"    url: {site.base}/bad/{n}\n" for n in names), encoding="utf-8")
        db = dbmod.open_db(settings.db_path)
        summary = crawl(db, settings, feeds_path=feeds, progress=False)
        yield HostileRun(summary, db, site, settings, feeds)
        db.close()
