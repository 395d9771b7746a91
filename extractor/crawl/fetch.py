"""The HTTP(S) client: polite, bounded, conditional, and honest about every attempt.

One :class:`Fetcher` per crawl, shared by its worker threads. It enforces a total time budget
per request, retries 5xx/429/network errors with exponential backoff (honouring Retry-After),
caps body size while streaming and the number of redirects (detecting loops), obeys robots.txt
(RFC 9309), spaces requests to one host and caps how many run at once, accepts gzip, and sends
conditional GETs. Links of a remote feed, and redirects, connect to public addresses only (see
:mod:`extractor.crawl.guard`). Every attempt is returned as an :class:`Attempt` for the
``fetches`` table.
"""

from __future__ import annotations

import email.utils
import mimetypes
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from extractor.core.dates import now
from extractor.core.records import FeedEntry, FetchedPage
from extractor.core.settings import Settings
from extractor.crawl.guard import AddressRefusedError, http_client, on_this_machine
from extractor.crawl.urls import canonical_url, is_http_url, path_from_file_url, url_scheme

__all__ = ["Attempt", "FetchResult", "Fetcher", "RobotsAnswer", "parse_retry_after"]

_REDIRECTS = {301, 302, 303, 307, 308}
# Statuses worth another try: the server says it is busy or broken right now.
_RETRY = {429, 500, 502, 503, 504, 520, 521, 522, 523, 524}
# RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt; more is ignored.
_ROBOTS_MAX = 512 * 1024
# A Crawl-delay longer than this would stall a scheduled run on one host; we cap it (and say so
# in docs/crawler.md) rather than ignore the host's wish entirely.
_MAX_CRAWL_DELAY = 30.0
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
            "*/*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1",
    "robots": "text/plain, */*;q=0.5",
}


@dataclass(frozen=True)
class Attempt:
    """One request as it went: a row of the ``fetches`` table."""

    url: str
    kind: str
    started_at: str
    status: int | None = None
    error: str | None = None
    size: int = 0
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class RobotsAnswer:
    """A robots.txt answer worth keeping: 200 with its text, or an "unavailable" 4xx."""

    origin: str  # scheme://host[:port], lower-case
    fetched_at: str
    status: int
    body: str = ""


@dataclass(frozen=True)
class FetchResult:
    page: FetchedPage
    attempts: tuple[Attempt, ...]
    # retrying later will not help (404, 410, robots, refused scheme, too big); an address refusal
    # is not permanent: DNS answers and the allow_private_networks setting both change
    permanent: bool = False
    etag: str | None = None
    last_modified: str | None = None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _HostGate:
    """Per-host politeness: at most ``concurrency`` requests at once, ``delay`` s between starts."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.sem = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.delay = delay

    @contextmanager
    def slot(self, stop: threading.Event) -> Iterator[None]:
        self.sem.acquire()
        try:
            with self.lock:
                t = time.monotonic()
                wait = self.next_start - t
                self.next_start = max(t, self.next_start) + self.delay
            if wait > 0:
                stop.wait(wait)
            yield
        finally:
            self.sem.release()


@dataclass
class _Response:
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    error: str | None = None
    permanent: bool = False
    refused: bool = False  # the address guard would not connect


class _RefusedError(Exception):
    pass


class _RobotsRefusedError(Exception):
    """robots.txt of a host the guard refused: the page is refused the same way."""


class Fetcher:
    """Fetches feeds, pages and robots.txt for one crawl; safe to share between threads."""

    def __init__(self, settings: Settings, stop: threading.Event | None = None) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        ssl_context = httpx.create_ssl_context(trust_env=False)

        def client(check: bool) -> httpx.Client:
            return http_client(check=check, user_agent=settings.user_agent,
                               timeout=settings.timeout, concurrency=settings.concurrency,
                               ssl_context=ssl_context)

        # Two pools, so that a connection made unchecked (to a feed the user listed) is never
        # reused for a request that must be checked (a remote feed's link to the same host).
        self.client = client(check=False)
        self._guarded = None if settings.allow_private_networks else client(check=True)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Protego | bool] = {}
        self._robots_fetched: list[RobotsAnswer] = []
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._token = settings.user_agent.split("/")[0].strip() or "newsclaims"

    def close(self) -> None:
        self.client.close()
        if self._guarded is not None:
            self._guarded.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def fetch(
        self,
        url: str,
        *,
        kind: str = "page",
        etag: str | None = None,
        last_modified: str | None = None,
        feed: str | None = None,
        entry: FeedEntry | None = None,
        via: str | None = None,
    ) -> FetchResult:
        """GET ``url`` (http(s) or file:) following redirects; never raises for a bad answer.

        ``via`` is the URL of the feed (as listed in feeds.yaml) that links to ``url``. When
        that feed is remote (not a file, not on a loopback host), every request connects to
        public addresses only, or is refused and recorded as refused. Without ``via``, ``url``
        is one the user named (a feed): it may be on any host, but its redirects are held to
        the same rule when it is remote. ``allow_private_networks`` lifts the rule.
        """
        try:
            return self._fetch(url, kind=kind, etag=etag, last_modified=last_modified,
                               feed=feed, entry=entry, via=via)
        except (ValueError, httpx.InvalidURL) as exc:  # UnicodeError (IDNA) is a ValueError
            error = f"invalid URL: {exc}"
            page = FetchedPage(url=url, final_url=url, status=None, fetched_at=now(),
                               error=error, feed=feed, entry=entry)
            return FetchResult(page, (Attempt(url, kind, page.fetched_at, error=error),),
                               permanent=True)

    def _fetch(
        self,
        url: str,
        *,
        kind: str,
        etag: str | None,
        last_modified: str | None,
        feed: str | None,
        entry: FeedEntry | None,
        via: str | None,
    ) -> FetchResult:
        if url_scheme(url) == "file":
            return self._fetch_file(url, kind=kind, feed=feed, entry=entry)
        attempts: list[Attempt] = []
        started = now()
        t0 = time.perf_counter()

        def done(resp: _Response, final: str, permanent: bool = False) -> FetchResult:
            ctype = resp.headers.get("content-type")
            page = FetchedPage(
                url=url,
                final_url=final,
                status=resp.status,
                body=resp.body if resp.error is None else b"",
                content_type=ctype,
                encoding=_charset(ctype),
                etag=resp.headers.get("etag"),
                last_modified=resp.headers.get("last-modified"),
                fetched_at=started,
                elapsed_ms=(time.perf_counter() - t0) * 1000,
                not_modified=resp.status == 304,
                error=resp.error,
                feed=feed,
                entry=entry,
            )
            return FetchResult(page, tuple(attempts), permanent or resp.permanent,
                               page.etag, page.last_modified)

        if not is_http_url(url):
            resp = _Response(error=f"refused: scheme {url_scheme(url) or 'none'!r} is not http(s)")
            attempts.append(Attempt(url, kind, started, error=resp.error))
            return done(resp, url, permanent=True)
        current, chain = url, [canonical_url(url)]
        guarded = self._guarded is not None and not on_this_machine(via or url)
        headers = {"Accept": _ACCEPT.get(kind, "*/*")}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        previous: str | None = None
        for _hop in range(self.settings.max_redirects + 1):
            # Why this request must connect to a public address (None: it need not).
            why = None
            if guarded and (via is not None or previous is not None):
                why = "; ".join(reason for reason in (
                    previous and f"redirect from {previous}",
                    via and f"link from remote feed {via}") if reason)
            try:
                if self.settings.respect_robots and not self._allowed(current, attempts, why):
                    resp = _Response(error=f"disallowed by robots.txt: {current}",
                                     permanent=True)
                    attempts.append(Attempt(current, kind, now(), error=resp.error))
                    return done(resp, current)
            except _RobotsRefusedError as exc:
                resp = _Response(error=str(exc), refused=True)
                attempts.append(Attempt(current, kind, now(), error=resp.error))
                return done(resp, current)
            resp = self._get(current, kind, headers, attempts, why=why)
            location = resp.headers.get("location")
            if resp.status not in _REDIRECTS or resp.error or not location:
                if resp.status in _REDIRECTS and not location:
                    resp.error = f"HTTP {resp.status} redirect without a Location header"
                return done(resp, current)
            target = urljoin(current, location.strip())
            if not is_http_url(target):
                resp.error = f"refused redirect to a non-http(s) URL: {target}"
                return done(resp, current, permanent=True)
            if canonical_url(target) in chain:
                loop = " -> ".join([*chain[chain.index(canonical_url(target)):], target])
                resp.error = f"redirect loop: {loop}"
                return done(resp, current)
            chain.append(canonical_url(target))
            previous, current = current, target
            # Validators belong to the URL they were stored for, not to a redirect target.
            headers.pop("If-None-Match", None)
            headers.pop("If-Modified-Since", None)
        resp = _Response(error=f"too many redirects (more than {self.settings.max_redirects})")
        return done(resp, current)

    # ------------------------------------------------------------------ internals

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(self.settings.per_host_delay, self.settings.per_host_concurrency)
                self._gates[host] = gate
            return gate

    def _get(
        self, url: str, kind: str, headers: dict[str, str], attempts: list[Attempt],
        *, max_bytes: int | None = None, retries: int | None = None, why: str | None = None,
    ) -> _Response:
        """One GET with bounded retries on 5xx/429/network errors; each try is recorded.

        With ``why`` (the reason it must), the request connects to public addresses only.
        """
        s = self.settings
        cap = max_bytes or s.max_body_bytes
        tries = (s.max_retries if retries is None else retries) + 1
        resp = _Response()
        for attempt in range(tries):
            if self.stop.is_set() and attempt:
                break
            started, t0 = now(), time.perf_counter()
            resp = _Response()
            retryable = False
            with self._gate(url).slot(self.stop):
                try:
                    self._stream(url, headers, cap, resp, why is not None)
                except AddressRefusedError as exc:
                    resp.error = f"refused: {exc} ({why})"
                    resp.refused = True
                except httpx.TimeoutException:
                    # Not retried: a server this slow now is unlikely to be fast in a second, and
                    # each retry would cost another full timeout. The next run tries again.
                    resp.error = f"timed out after {s.timeout:g} s"
                except httpx.TransportError as exc:
                    resp.error = f"network error: {type(exc).__name__}: {exc}".rstrip(": ")
                    retryable = True
                except _RefusedError as exc:
                    resp.error = str(exc)
                    resp.permanent = True
            elapsed = (time.perf_counter() - t0) * 1000
            wait = s.backoff * 2**attempt
            if resp.status is not None and resp.error is None:
                if resp.status in _RETRY:
                    retryable = True
                    resp.error = f"HTTP {resp.status} {httpx.codes.get_reason_phrase(resp.status)}"
                    after = parse_retry_after(resp.headers.get("retry-after"))
                    if after is not None and after > s.max_retry_after:
                        resp.error += (f" (Retry-After {after:.0f} s is over the "
                                       f"{s.max_retry_after:g} s cap: not retried)")
                        retryable = False
                    elif after is not None:
                        wait = max(wait, after)
                elif resp.status >= 400:
                    resp.error = f"HTTP {resp.status} {httpx.codes.get_reason_phrase(resp.status)}"
                    # Client errors (404 Not Found, 410 Gone, 403 Forbidden) stay as they are.
                    resp.permanent = resp.status not in (408, 425)
            last = not retryable or attempt + 1 >= tries
            if last and retryable and tries > 1:
                resp.error = f"{resp.error} (after {tries} tries)"
            attempts.append(Attempt(url, kind, started, resp.status, resp.error,
                                    len(resp.body), elapsed))
            if last:
                break
            self.stop.wait(wait)
        return resp

    def _stream(
        self, url: str, headers: dict[str, str], cap: int, resp: _Response, guarded: bool
    ) -> None:
        deadline = time.monotonic() + self.settings.timeout
        client = self._guarded if guarded and self._guarded is not None else self.client
        with client.stream("GET", url, headers=headers) as r:
            resp.status, resp.headers = r.status_code, r.headers
            if r.status_code != 200:
                return  # error pages, redirects and 304s: the body is not wanted
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise _RefusedError(f"body too large: {int(declared)} bytes declared (cap {cap})")
            chunks, size = [], 0
            # iter_bytes() yields decompressed bytes, so the cap also stops gzip bombs.
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise _RefusedError(f"body too large: over {cap} bytes")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("total time budget exceeded")
                chunks.append(chunk)
            resp.body = b"".join(chunks)

    def _allowed(self, url: str, attempts: list[Attempt], why: str | None) -> bool:
        """Whether robots.txt lets us fetch ``url``; raises _RobotsRefusedError if the guard
        refused robots.txt itself (no answer is kept then: a local feed may still ask)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin, attempts, why)
        rules = self._robots[origin]
        if isinstance(rules, bool):
            return rules
        return bool(rules.can_fetch(url, self._token))

    def _load_robots(self, origin: str, attempts: list[Attempt], why: str | None
                     ) -> Protego | bool:
        """Parsed robots.txt; True (allow all) if absent, False (disallow all) if unreachable."""
        url = origin + "/robots.txt"
        for _hop in range(5):  # RFC 9309: follow at least five redirects
            # One retry only: robots.txt comes before any page of the host, do not hammer it.
            resp = self._get(url, "robots", {"Accept": _ACCEPT["robots"]}, attempts,
                             max_bytes=_ROBOTS_MAX * 4, retries=1, why=why)
            if resp.refused:
                raise _RobotsRefusedError(resp.error)
            if resp.status in _REDIRECTS and resp.headers.get("location"):
                url = urljoin(url, resp.headers["location"])
                if not is_http_url(url):
                    return True
                continue
            break
        text = ""
        if resp.status == 200:
            text = resp.body[:_ROBOTS_MAX].decode("utf-8", errors="replace")
        if resp.status is not None and (resp.status == 200 or _unavailable(resp.status)):
            # Worth keeping: a definite answer. An unreachable robots.txt is asked again next run
            # rather than shutting the host out for a day.
            with self._lock:
                self._robots_fetched.append(RobotsAnswer(origin, now(), resp.status, text))
        return self._rules(origin, resp.status, text)

    def _rules(self, origin: str, status: int | None, text: str) -> Protego | bool:
        if status == 200:
            rules = Protego.parse(text)
            delay = rules.crawl_delay(self._token)
            if delay:
                gate = self._gate(origin)
                gate.delay = max(gate.delay, min(float(delay), _MAX_CRAWL_DELAY))
            return rules
        # RFC 9309 2.3.1.3: an "unavailable" robots.txt (4xx) means no restrictions; 2.3.1.4: an
        # unreachable one (5xx, 429, network error) means complete disallow.
        return status is not None and _unavailable(status)

    def use_robots(self, answers: Iterable[RobotsAnswer]) -> None:
        """Take robots.txt answers kept from earlier runs (the caller checks their age)."""
        for answer in answers:
            rules = self._rules(answer.origin, answer.status, answer.body)
            with self._lock:
                self._robots[answer.origin] = rules

    def fetched_robots(self) -> list[RobotsAnswer]:
        """robots.txt answers fetched since the last call, for the caller to keep."""
        with self._lock:
            out, self._robots_fetched = self._robots_fetched, []
        return out

    def _fetch_file(
        self, url: str, *, kind: str, feed: str | None, entry: FeedEntry | None
    ) -> FetchResult:
        started, t0 = now(), time.perf_counter()
        path = path_from_file_url(url)
        error, body = None, b""
        try:
            size = path.stat().st_size
            if size > self.settings.max_body_bytes:
                error = f"file too large: {size} bytes (cap {self.settings.max_body_bytes})"
            else:
                body = path.read_bytes()
        except OSError as exc:
            error = f"cannot read file: {exc.strerror or exc}"
        ctype = mimetypes.guess_type(path.name)[0]
        page = FetchedPage(url=url, final_url=url, status=None, body=body, content_type=ctype,
                           fetched_at=started, elapsed_ms=(time.perf_counter() - t0) * 1000,
                           error=error, feed=feed, entry=entry)
        attempt = Attempt(url, kind, started, None, error, len(body), page.elapsed_ms)
        return FetchResult(page, (attempt,), permanent=error is not None)


def _unavailable(status: int) -> bool:
    """RFC 9309 2.3.1.3: a 4xx robots.txt (but 429) is "unavailable": crawl without rules."""
    return 400 <= status < 500 and status != 429


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
