"""``newsclaims crawl``: read every feed, fetch each new article, extract, dedupe, store.

Feeds are fetched first (conditional GET; an unchanged feed is re-read from its stored body so
that entries left over by an interrupted run are still fetched), then article pages: threads
fetch them, worker processes extract them, and the calling thread alone writes to the database,
each page whole (a savepoint) in transactions committed every 64 pages or every second, so a
killed crawl loses nothing committed and the next run skips every URL it already has. Feeds
that keep failing are disabled (see ``DISABLE_AFTER``); robots.txt answers are kept a day.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from extractor import store
from extractor.core.locking import crawl_lock
from extractor.core.progress import Progress, Tally
from extractor.core.records import Article, Feed, FeedEntry, FetchedPage
from extractor.core.settings import Settings
from extractor.core.wording import plural
from extractor.crawl import dedupe
from extractor.crawl.dedupe import DuplicateIndex, store_article
from extractor.crawl.feeds import load_feeds, parse_feed
from extractor.crawl.fetch import Fetcher, FetchResult, RobotsAnswer
from extractor.crawl.html import NotAnArticleError, article_from_html, decode_html
from extractor.crawl.plaintext import article_from_text
from extractor.crawl.urls import canonical_url, url_scheme

__all__ = [
    "CrawlSummary",
    "Held",
    "crawl",
    "crawl_database",
    "extraction_workers",
    "locked_database",
    "reextract",
    "run_crawl",
]

log = logging.getLogger("newsclaims.crawler")


@dataclass(frozen=True)
class CrawlSummary:
    """What one crawl did; ``str()`` is the one-line summary."""

    feeds: int
    new_articles: int
    duplicates: int  # exact copies under another URL (not stored) + near-duplicates (linked)
    not_modified: int  # feeds unchanged (304 or same body hash) and pages answered 304
    errors: tuple[str, ...] = ()
    known: int = 0  # entries whose URL was already stored (not fetched)
    pages: int = 0  # article pages requested
    feeds_failed: int = 0
    locked: bool = False  # another crawl held the lock: nothing was done
    lock_file: str | None = None
    # feeds not read because repeated failures disabled them (this run or an earlier one)
    disabled: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """The run itself failed: there were feeds and none of them could be read."""
        return self.feeds > 0 and self.feeds_failed == self.feeds

    def __str__(self) -> str:
        if self.locked:
            return f"crawl: another crawl is running (lock {self.lock_file} is held): nothing done"
        line = (
            f"crawl: {plural(self.feeds, 'feed')} read ({self.not_modified} not modified), "
            f"{plural(self.new_articles, 'new article')}, "
            f"{plural(self.duplicates, 'duplicate')}, {plural(len(self.errors), 'error')}"
        )
        if self.disabled:
            line += (f"; {plural(len(self.disabled), 'feed')} disabled after repeated failures "
                     f"({', '.join(self.disabled)}): fix them in feeds.yaml or crawl "
                     f"--retry-disabled")
        return line


def crawl(
    db: sqlite_utils.Database,
    settings: Settings,
    *,
    feeds_path: Path | None = None,
    progress: bool | None = None,
) -> CrawlSummary:
    """Crawl every enabled feed of feeds.yaml once, under the crawl lock (the agreed API)."""
    return _locked_crawl(settings, lambda: db, feeds_path=feeds_path, progress=progress,
                         retry_disabled=False)


def crawl_database(
    settings: Settings,
    *,
    feeds_path: Path | None = None,
    progress: bool | None = None,
    retry_disabled: bool = False,
) -> CrawlSummary:
    """:func:`crawl` of ``settings.db_path``, opened (created, migrated) only once the lock is held.

    What ``newsclaims crawl`` runs: a second run started while one is going neither creates nor
    migrates nor even opens the database. ``retry_disabled`` gives the feeds that repeated
    failures disabled another chance.
    """
    return _locked_crawl(settings, None, feeds_path=feeds_path, progress=progress,
                         retry_disabled=retry_disabled)


def _locked_crawl(
    settings: Settings,
    open_db: Callable[[], sqlite_utils.Database] | None,
    *,
    feeds_path: Path | None,
    progress: bool | None,
    retry_disabled: bool,
) -> CrawlSummary:
    feeds = load_feeds(Path(feeds_path or settings.feeds_path))
    with locked_database(settings, open_db=open_db) as held:
        if held is None:
            return CrawlSummary(0, 0, 0, 0, locked=True, lock_file=str(settings.lock_file))
        for feed in feeds:
            store.save_feed_config(held.db, feed)
        return run_crawl(held.db, settings, [f for f in feeds if f.enabled], progress=progress,
                         workers=held.workers, retry_disabled=retry_disabled)


@dataclass(frozen=True)
class _PageResult:
    feed: Feed
    entry: FeedEntry
    result: FetchResult
    article: Article | None
    reason: str | None  # why there is no article, when the fetch itself succeeded
    sketch: dedupe.Sketch | None = None
    compressed_html: bytes | None = None


def _record(db: sqlite_utils.Database, result: FetchResult, extra_error: str | None = None) -> None:
    """Write every attempt; the last one carries the verdict, the validators and permanence.

    ``url`` is the address asked for (the feed's or the entry's), ``final_url`` the address this
    request went to (after redirects); robots.txt requests are recorded under their own URL.
    """
    page = result.page
    for i, a in enumerate(result.attempts):
        last = i == len(result.attempts) - 1
        own = a.kind == "robots"
        store.record_fetch(
            db, url=a.url if own else page.url, kind=a.kind, started_at=a.started_at,
            feed=page.feed, final_url=a.url, status=a.status,
            error=(page.error or extra_error or a.error) if last else a.error, size=a.size,
            elapsed_ms=a.elapsed_ms,
            etag=result.etag if last else None,
            last_modified=result.last_modified if last else None,
            permanent=result.permanent if last else False,
        )


@dataclass(frozen=True)
class _Extracted:
    article: Article | None  # without raw_html: the caller has the page body already
    reason: str | None
    sketch: dedupe.Sketch | None = None
    compressed_html: bytes | None = None


def _extract_job(feed: Feed, entry: FeedEntry, page: FetchedPage) -> _Extracted:
    """Extraction and duplicate fingerprints of one page: CPU work, run in a worker process."""
    outlet = feed.outlet or feed.name
    try:
        if (page.content_type or "").startswith("text/plain"):
            # a page dump or a wire text: cleaned of furniture like an ingested .txt file
            text, _ = decode_html(page.body, page.encoding)
            article = article_from_text(text, url=page.url, outlet=outlet,
                                        fetched_at=page.fetched_at)
            # as for HTML pages: the text's own title and date first, the feed's when it has none
            article = replace(article, feed=feed.name,
                              title=article.title or entry.title,
                              published=article.published or entry.published,
                              author=article.author or entry.author)
        else:
            article = article_from_html(page, outlet=outlet, fetched_at=page.fetched_at)
    except NotAnArticleError as exc:
        return _Extracted(None, str(exc))
    except Exception as exc:  # an extractor bug on one page must not end the crawl
        return _Extracted(None, f"extraction failed: {type(exc).__name__}: {exc}")
    # Shingles and compression here too: CPU work that would otherwise queue in the one
    # process that writes the database.
    return _Extracted(replace(article, raw_html=None), None,
                      dedupe.Sketch.of(dedupe.shingles(article.text)), store.compress(page.body))


def _fetch_page(
    fetcher: Fetcher,
    workers: ProcessPoolExecutor | None,
    feed: Feed,
    entry: FeedEntry,
    etag: str | None,
    last_modified: str | None,
) -> _PageResult | FetchResult:
    """Fetch one page (in a crawl thread); extract it here when there are no worker processes.

    With workers, the fetched page goes back to the main loop, which hands it to a worker: a
    crawl thread waiting on a worker would cost a thread hand-off per page and hold a
    connection slot idle.
    """
    # via: the feed's own URL decides whether the page must be on a public address (fetch.py)
    result = fetcher.fetch(entry.url, kind="page", etag=etag, last_modified=last_modified,
                           feed=feed.name, entry=entry, via=feed.url)
    page = result.page
    if page.error or page.not_modified:
        return _PageResult(feed, entry, result, None, None)
    if workers is not None:
        return result
    return _finish(feed, entry, result, _extract_job(feed, entry, page))


def _finish(feed: Feed, entry: FeedEntry, result: FetchResult, done: _Extracted) -> _PageResult:
    article = replace(done.article, raw_html=result.page.body) if done.article else None
    return _PageResult(feed, entry, result, article, done.reason, done.sketch,
                       done.compressed_html)


def _settle(
    done: Future[Any],
    workers: ProcessPoolExecutor | None,
    feed: Feed,
    entry: FeedEntry,
    fetched: FetchResult | None,
) -> _PageResult | Future[_Extracted]:
    """The page a finished fetch or extraction gives, or the extraction it now needs."""
    try:
        value = done.result()
    except BrokenProcessPool:  # a worker died (killed, out of memory): extract here instead
        assert fetched is not None  # only extractions run in the pool
        return _finish(feed, entry, fetched, _extract_job(feed, entry, fetched.page))
    if isinstance(value, FetchResult):
        assert workers is not None  # _fetch_page hands pages back only when there are workers
        try:
            return workers.submit(_extract_job, feed, entry, value.page)
        except BrokenProcessPool:
            return _finish(feed, entry, value, _extract_job(feed, entry, value.page))
    if isinstance(value, _Extracted):
        assert fetched is not None
        return _finish(feed, entry, fetched, value)
    assert isinstance(value, _PageResult)
    return value


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the crawl process decides how to stop, not the
    # extraction workers (a worker killed mid-page would break the pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A crawl killed with SIGKILL cannot stop its workers: they watch for it and exit.
    threading.Thread(target=_exit_with(parent), daemon=True).start()


def _exit_with(parent: int) -> Callable[[], None]:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    return watch


@contextlib.contextmanager
def extraction_workers() -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for extraction (CPU-bound: threads would share one core), or None.

    Call it before taking the crawl lock and before starting any thread of this process: the
    workers are forked, and must inherit neither the lock nor a lock held by another thread.
    With one core there is nothing to gain, and None is given.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cores or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init, initargs=(os.getpid(),))
    try:
        pool.submit(int).result()  # with "fork" every worker starts at the first task: now
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Media Cloud's rss-fetcher weighs a feed's failures by how likely they are to last: "hard" (a
# 404, a refusal: 1), "soft" (a server error, a page that is not a feed: 0.5), "temporary" (a
# timeout, a 429: 0.25), and stops fetching a feed whose consecutive failures add up past a
# limit. Ten points is ten runs of a feed that is gone (2.5 hours of 15-minute cron runs, ten
# hours of hourly `watch`), forty of one that is only timing out.
DISABLE_AFTER = 10.0
_HARD, _SOFT, _TEMPORARY = 1.0, 0.5, 0.25


def _failure_weight(result: FetchResult, unreadable: bool) -> float:
    """How much one failed feed fetch counts towards disabling the feed."""
    page = result.page
    if page.error is None:
        return _SOFT if unreadable else 0.0  # fetched, but not a feed (an HTML error page...)
    if result.permanent:
        return _HARD  # 4xx, robots.txt disallow, refused scheme, unreadable file
    if page.status == 429 or page.error.startswith("timed out"):
        return _TEMPORARY
    return _SOFT  # 5xx, network errors, redirect loops


def _config_key(feed: Feed) -> str:
    """The feed's configuration as feeds.yaml gives it: a change to it re-enables the feed."""
    return json.dumps(store.to_row(feed), sort_keys=True)


def _active_feeds(
    db: sqlite_utils.Database, feeds: Sequence[Feed], retry_disabled: bool
) -> tuple[list[Feed], list[str]]:
    """The feeds to read now, and the names of those left out because failures disabled them."""
    active, disabled = [], []
    for feed in feeds:
        state = store.feed_state(db, feed.name) or {}
        if not state.get("disabled_at"):
            active.append(feed)
        elif retry_disabled or state.get("disabled_config") != _config_key(feed):
            # Asked to, or the user edited the feed in feeds.yaml: a fresh start.
            store.update_feed_state(db, feed.name, disabled_at=None, disabled_reason=None,
                                    disabled_config=None, failure_score=0.0, failures=0)
            log.info("feed %s re-enabled", feed.name)
            active.append(feed)
        else:
            disabled.append(feed.name)
    return active, disabled


def _feed_entries(
    db: sqlite_utils.Database, feed: Feed, result: FetchResult, tally: Tally
) -> tuple[tuple[FeedEntry, ...], bool, bool]:
    """The feed's entries (new body or stored one), whether it was unchanged, and whether
    this fetch disabled the feed."""
    page = result.page
    state = store.feed_state(db, feed.name) or {}
    stored = zlib.decompress(state["last_body"]) if state.get("last_body") else None
    local = url_scheme(feed.url) == "file"
    if page.error:
        tally.error(f"{feed.url}: {page.error} (feed {feed.name})")
        disabled = _count_failure(db, feed, state, result, page.error, unreadable=False,
                                  tally=tally)
        if stored is None:
            return (), False, disabled
        # Entries of the last good copy whose pages are still missing are worth trying.
        entries = parse_feed(stored, feed=feed.name, base_url=feed.url, local=local).entries
        return entries, False, disabled
    if page.not_modified and stored is None:
        # validators without a stored body (an older database): nothing to read
        return (), True, False
    if page.not_modified and stored is not None:
        body, unchanged = stored, True
    else:
        body = page.body
        digest = hashlib.sha256(body).hexdigest()
        unchanged = digest == state.get("body_hash")
    parsed = parse_feed(body, feed=feed.name, base_url=page.final_url, local=local,
                        content_type=page.content_type)
    if not unchanged:
        for problem in parsed.problems:
            tally.error(f"{problem} (feed {feed.name})")
    update: dict[str, object] = {
        "last_fetched_at": page.fetched_at,
        "last_status": page.status,
        "last_error": "; ".join(parsed.problems) or None,
    }
    if not page.not_modified:
        update.update(
            etag=result.etag, last_modified=result.last_modified,
            body_hash=hashlib.sha256(body).hexdigest(), last_body=zlib.compress(body, 6),
        )
    unreadable = not parsed.entries and bool(parsed.problems)
    disabled = False
    if unreadable:
        disabled = _count_failure(db, feed, state, result, parsed.problems[0], unreadable=True,
                                  tally=tally)
    else:
        update.update(failures=0, failure_score=0.0)
    store.update_feed_state(db, feed.name, **update)
    return parsed.entries, unchanged, disabled


def _count_failure(
    db: sqlite_utils.Database,
    feed: Feed,
    state: dict[str, object],
    result: FetchResult,
    error: str,
    *,
    unreadable: bool,
    tally: Tally,
) -> bool:
    """Add one failure to the feed's weighted count; disable it past the limit (True then)."""
    failures = int(state.get("failures") or 0) + 1  # type: ignore[call-overload]
    score = float(state.get("failure_score") or 0.0) + _failure_weight(  # type: ignore[arg-type]
        result, unreadable)
    update: dict[str, object] = {
        "last_fetched_at": result.page.fetched_at, "last_status": result.page.status,
        "last_error": error, "failures": failures, "failure_score": score,
    }
    disabled = score >= DISABLE_AFTER
    if disabled:
        reason = (f"disabled after {failures} failed fetches in a row (weighted {score:g}, "
                  f"limit {DISABLE_AFTER:g}); last: {error}")
        update.update(disabled_at=store.now(), disabled_reason=reason,
                      disabled_config=_config_key(feed))
        tally.error(f"{feed.url}: feed {feed.name} {reason}: fix it in feeds.yaml or crawl "
                    f"--retry-disabled")
    store.update_feed_state(db, feed.name, **update)
    return disabled


def _pending(
    db: sqlite_utils.Database, work: Sequence[tuple[Feed, FeedEntry]], tally: Tally
) -> Iterator[tuple[Feed, FeedEntry, str | None, str | None]]:
    """Entries worth fetching: not stored under any of their URLs, not failed for good."""
    seen: set[str] = set()
    for feed, entry in work:
        canon = canonical_url(entry.url)
        if canon in seen:
            continue
        seen.add(canon)
        if store.article_id_for_url(db, entry.url) or store.article_id_for_url(db, canon):
            tally.known += 1
            continue
        last = store.last_fetch(db, entry.url)
        if last and last["permanent"]:
            continue  # 404, 410, robots.txt disallow, refused: recorded once, not retried
        etag = last_modified = None
        if last and last["status"] == 200:  # fetched before but not stored (not an article)
            etag, last_modified = last["etag"], last["last_modified"]
        yield feed, entry, etag, last_modified


# Pages are committed in batches: with a commit per page, storing a bench page took 1.11 ms of
# CPU, against 0.67 ms in batches of 64 (WAL and FTS bookkeeping per commit). A batch ends after
# this many pages or this many seconds, whichever comes first, so a killed crawl loses at most a
# second of pages (never part of one), which the next run fetches again.
BATCH_PAGES = 64
BATCH_SECONDS = 1.0
# robots.txt answers are kept this long (RFC 9309 2.4: "SHOULD NOT use the cached version for
# more than 24 hours").
ROBOTS_MAX_AGE = timedelta(hours=24)


def _keep_robots(db: sqlite_utils.Database, fetcher: Fetcher) -> None:
    answers = fetcher.fetched_robots()
    if answers:
        store.save_robots(db, [(a.origin, a.fetched_at, a.status, a.body) for a in answers])


def run_crawl(
    db: sqlite_utils.Database,
    settings: Settings,
    feeds: Sequence[Feed],
    *,
    progress: bool | None = None,
    stop: threading.Event | None = None,
    workers: ProcessPoolExecutor | None = None,
    retry_disabled: bool = False,
) -> CrawlSummary:
    """Crawl the given feeds once (no lock: callers hold it); ``stop`` ends it early but cleanly.

    ``workers`` (from :func:`extraction_workers`) extract pages in other processes; without them
    extraction runs in the crawl threads. Feeds disabled by repeated failures are left out
    unless ``retry_disabled`` (or their entry in feeds.yaml changed).
    """
    stop = stop or threading.Event()
    tally = Tally()
    not_modified = feeds_failed = pages = 0
    store.relax_sync(db)
    index = DuplicateIndex.from_db(db, settings.near_duplicate_threshold)
    for feed in feeds:
        store.save_feed_config(db, feed)  # callers may pass feeds not yet in the table
    feeds, disabled = _active_feeds(db, feeds, retry_disabled)
    work: list[tuple[Feed, FeedEntry]] = []
    batches = store.Batches(db, BATCH_PAGES, BATCH_SECONDS)
    with (
        Fetcher(settings, stop) as fetcher,
        ThreadPoolExecutor(max(1, settings.concurrency), thread_name_prefix="crawl") as pool,
        Progress("crawl", len(feeds), progress) as bar,
    ):
        since = (datetime.now(UTC) - ROBOTS_MAX_AGE).isoformat(timespec="seconds")
        fetcher.use_robots(RobotsAnswer(*row) for row in store.robots_answers(db, since))
        tally.quiet = bar.enabled
        feed_futures: dict[Future[FetchResult], Feed] = {}
        for feed in feeds:
            state = store.feed_state(db, feed.name) or {}
            feed_futures[pool.submit(fetcher.fetch, feed.url, kind="feed", feed=feed.name,
                                     etag=state.get("etag"),
                                     last_modified=state.get("last_modified"))] = feed
        for fut, feed in feed_futures.items():
            result = fut.result()
            with store.transaction(db):
                _record(db, result)
                entries, unchanged, now_disabled = _feed_entries(db, feed, result, tally)
            if now_disabled:
                disabled.append(feed.name)
            feeds_failed += result.page.error is not None
            not_modified += unchanged
            work.extend((feed, e) for e in entries)
            bar.advance(f"feed {feed.name}: {len(entries)} entries"
                        f"{' (not modified)' if unchanged else ''}")
        _keep_robots(db, fetcher)
        todo = list(_pending(db, work, tally))
        bar.add_total(len(todo))
        # A bounded window of pages in flight keeps memory flat however long the feeds are.
        window = max(2, 2 * settings.concurrency)
        # page fetches (crawl threads) and extractions (worker processes) under way
        in_flight: dict[Future[Any], tuple[Feed, FeedEntry, FetchResult | None]] = {}
        queue = iter(todo)
        try:
            while True:
                while not stop.is_set() and len(in_flight) < window:
                    item = next(queue, None)
                    if item is None:
                        break
                    in_flight[pool.submit(_fetch_page, fetcher, workers, *item)] = (
                        item[0], item[1], None)
                if not in_flight:
                    break
                finished, _ = wait(in_flight, timeout=batches.due_in(),
                                   return_when=FIRST_COMPLETED)
                if not finished:
                    batches.commit()  # nothing arrived for a while: do not sit on stored pages
                    continue
                for done in finished:
                    feed, entry, fetched = in_flight.pop(done)
                    try:
                        pr = _settle(done, workers, feed, entry, fetched)
                        if isinstance(pr, Future):  # fetched: now extracted in a worker
                            in_flight[pr] = (feed, entry, done.result())
                            continue
                        with batches.page():
                            line = _store_in_transaction(db, index, pr, tally)
                            _keep_robots(db, fetcher)
                    except Exception as exc:  # a bug on one page must not end the crawl
                        pages += 1
                        tally.error(f"{entry.url}: internal error: {type(exc).__name__}: {exc}")
                        bar.advance("")
                        continue
                    pages += 1
                    bar.advance(line)
                    not_modified += pr.result.page.not_modified
        finally:
            batches.commit()  # whatever ends the loop, the pages stored so far are kept
    return CrawlSummary(
        feeds=len(feeds), new_articles=tally.new, duplicates=tally.duplicates,
        not_modified=not_modified, errors=tuple(tally.errors), known=tally.known, pages=pages,
        feeds_failed=feeds_failed, disabled=tuple(disabled),
    )


def _store_in_transaction(
    db: sqlite_utils.Database, index: DuplicateIndex, pr: _PageResult, tally: Tally
) -> str:
    """Record the page's fetches and store its article; returns the log line."""
    page = pr.result.page
    _record(db, pr.result, pr.reason)
    if page.error:
        tally.error(f"{page.url}: {page.error}")
        return ""
    if page.not_modified:
        return f"not modified {page.url}"
    if pr.article is None:
        tally.error(f"{page.url}: {pr.reason}")
        return ""
    urls = tuple(u for u in (page.final_url, canonical_url(page.final_url)) if u)
    outcome, article_id = store_article(db, index, pr.article, urls=urls, etag=pr.result.etag,
                                        last_modified=pr.result.last_modified,
                                        sh=pr.sketch, compressed_html=pr.compressed_html)
    tally.count(outcome)
    return f"{outcome.replace('_', ' ')} {page.url} -> {article_id}"


def reextract(db: sqlite_utils.Database, article_id: str) -> Article:
    """The article extracted afresh from its stored raw HTML (nothing fetched, nothing written).

    Storing the result is the caller's explicit decision: the claims stage's character offsets
    index into the stored text.
    """
    stored = store.get_article(db, article_id, with_html=True)
    if not stored.raw_html:
        raise NotAnArticleError(f"article {article_id} has no stored HTML (ingested as text)")
    page = FetchedPage(url=stored.url, final_url=stored.canonical_url, status=200,
                       body=stored.raw_html, content_type="text/html",
                       fetched_at=stored.fetched_at or "")
    fresh = article_from_html(page, outlet=stored.outlet, fetched_at=stored.fetched_at)
    return replace(fresh, id=stored.id, url=stored.url, canonical_url=stored.canonical_url,
                   feed=stored.feed, duplicate_of=stored.duplicate_of,
                   published=fresh.published or stored.published,
                   title=fresh.title or stored.title, author=fresh.author or stored.author)


# ------------------------------------------------------------- the lock and the database


@dataclass(frozen=True)
class Held:
    """What :func:`locked_database` gives while the crawl lock is held."""

    db: sqlite_utils.Database
    workers: ProcessPoolExecutor | None  # extraction workers (None with one core)


@contextlib.contextmanager
def locked_database(
    settings: Settings,
    *,
    open_db: Callable[[], sqlite_utils.Database] | None = None,
    prepare: Callable[[], None] | None = None,
) -> Iterator[Held | None]:
    """The crawl lock held, then the database opened: what ``crawl``, ``watch`` and ``run`` share.

    Yields None, having opened, created, migrated and prepared nothing, when another process
    holds the lock (and forked nothing, unless it took the lock in the instant between the
    first look and the second take below). Otherwise the extraction workers are forked
    (before the lock is taken: they must not inherit it), the lock is taken, ``prepare`` runs
    (e.g. creating a report directory) and the database is opened: ``settings.db_path``,
    closed again on leaving, or ``open_db()`` for a caller that already holds one open (it
    stays open).
    """
    # A first look, so that a run standing aside does not fork workers for nothing; the lock
    # is let go while they are forked, and a run slipping in between is harmless (URLs are
    # stored once either way, and it is caught by the second take below).
    with crawl_lock(settings.lock_file) as acquired:
        if not acquired:
            yield None
            return
    with extraction_workers() as workers, crawl_lock(settings.lock_file) as acquired:
        if not acquired:
            yield None
            return
        if prepare is not None:
            prepare()
        db = open_db() if open_db is not None else store.open_db(settings.db_path)
        try:
            yield Held(db, workers)
        finally:
            if open_db is None:
                db.close()
