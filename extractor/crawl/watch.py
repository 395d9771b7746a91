"""Scheduled crawling: the crawl lock and ``newsclaims watch``."""

from __future__ import annotations

import contextlib
import logging
import random
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import sqlite_utils

from extractor.core.errors import ConfigError
from extractor.core.settings import Settings
from extractor.core.wording import plural

if TYPE_CHECKING:
    pass

__all__ = ["WatchSummary", "watch", "watch_database"]

log = logging.getLogger("newsclaims.crawler")
# Each feed's next crawl is moved by up to ±10% of its interval so that many feeds with the same
# interval (and many newsclaims installs started by the same cron minute) do not hit together.
JITTER = 0.1


@dataclass(frozen=True)
class WatchSummary:
    rounds: int
    crawls: int
    new_articles: int
    duplicates: int
    errors: int
    locked: bool = False
    lock_file: str | None = None
    disabled: tuple[str, ...] = ()  # feeds disabled by repeated failures at the last round

    def __str__(self) -> str:
        if self.locked:
            return f"watch: another crawl is running (lock {self.lock_file} is held): nothing done"
        line = (
            f"watch: stopped after {plural(self.rounds, 'round')} "
            f"({plural(self.crawls, 'feed crawl')}), {plural(self.new_articles, 'new article')}, "
            f"{plural(self.duplicates, 'duplicate')}, {plural(self.errors, 'error')}"
        )
        if self.disabled:
            line += (f"; {plural(len(self.disabled), 'feed')} disabled after repeated failures "
                     f"({', '.join(self.disabled)}): fix them in feeds.yaml or watch "
                     f"--retry-disabled")
        return line


def _last_crawled(db: sqlite_utils.Database) -> dict[str, float]:
    from extractor import store

    out: dict[str, float] = {}
    for name, when in store.feed_times(db).items():
        with contextlib.suppress(ValueError):
            out[name] = datetime.fromisoformat(when).timestamp()
    return out


def watch(
    db: sqlite_utils.Database,
    settings: Settings,
    *,
    every: float = 900.0,
    feeds_path: Path | None = None,
    progress: bool | None = None,
    max_rounds: int | None = None,
    stop: threading.Event | None = None,
    retry_disabled: bool = False,
) -> WatchSummary:
    """Crawl feeds as they fall due (per-feed intervals, jittered), checking every ``every`` s.

    SIGINT and SIGTERM end the loop after the pages in flight are stored; the lock is held for
    the whole watch so that cron-started crawls stand aside. ``retry_disabled`` gives feeds
    that repeated failures disabled another chance (in the first round).
    """
    return _watch(settings, lambda: db, every=every, feeds_path=feeds_path, progress=progress,
                  max_rounds=max_rounds, stop=stop, retry_disabled=retry_disabled)


def watch_database(
    settings: Settings,
    *,
    every: float = 900.0,
    feeds_path: Path | None = None,
    progress: bool | None = None,
    retry_disabled: bool = False,
) -> WatchSummary:
    """:func:`watch` of ``settings.db_path``, opened only once the crawl lock is held."""
    return _watch(settings, None, every=every, feeds_path=feeds_path, progress=progress,
                  max_rounds=None, stop=None, retry_disabled=retry_disabled)


def _watch(
    settings: Settings,
    open_db: Callable[[], sqlite_utils.Database] | None,
    *,
    every: float,
    feeds_path: Path | None,
    progress: bool | None,
    max_rounds: int | None,
    stop: threading.Event | None,
    retry_disabled: bool,
) -> WatchSummary:
    from extractor import store
    from extractor.crawl.crawler import locked_database, run_crawl
    from extractor.crawl.feeds import load_feeds

    stop = stop or threading.Event()
    path = Path(feeds_path or settings.feeds_path)
    feeds = load_feeds(path)  # a malformed file at start is the user's error: fail now
    rounds = crawls = new = dups = errors = 0
    disabled: tuple[str, ...] = ()
    with locked_database(settings, open_db=open_db) as held:
        if held is None:
            return WatchSummary(0, 0, 0, 0, 0, locked=True, lock_file=str(settings.lock_file))
        db, workers = held.db, held.workers
        previous = _install_handlers(stop)
        try:
            last = _last_crawled(db)
            due_at = {f.name: last.get(f.name, 0.0) + f.interval for f in feeds}
            while not stop.is_set():
                try:
                    feeds = load_feeds(path)
                except ConfigError as exc:  # keep watching with the feeds we had
                    log.warning("error: %s (keeping the previous feed list)", exc)
                for feed in feeds:
                    store.save_feed_config(db, feed)
                t = time.time()
                due = [f for f in feeds if f.enabled and due_at.get(f.name, 0.0) <= t]
                if due:
                    result = run_crawl(db, settings, due, progress=progress, stop=stop,
                                       workers=workers, retry_disabled=retry_disabled)
                    retry_disabled = False  # once: feeds that fail again are disabled again
                    disabled = result.disabled
                    crawls += len(due)
                    new += result.new_articles
                    dups += result.duplicates
                    errors += len(result.errors)
                    for f in due:
                        due_at[f.name] = time.time() + f.interval * (
                            1 + random.uniform(-JITTER, JITTER)
                        )
                rounds += 1
                if max_rounds is not None and rounds >= max_rounds:
                    break
                stop.wait(every * (1 + random.uniform(0, JITTER)))
        finally:
            _restore_handlers(previous)
    return WatchSummary(rounds, crawls, new, dups, errors, disabled=disabled)


_Handler = signal.Handlers | int | None | object


def _install_handlers(stop: threading.Event) -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: FrameType | None) -> None:
        log.info("watch: %s received, stopping after the pages in flight",
                 signal.Signals(signum).name)
        stop.set()

    return {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}


def _restore_handlers(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
