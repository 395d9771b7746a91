"""Feeds, fetch attempts and robots.txt answers: what the crawler remembers between runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from extractor.core.records import Feed
from extractor.store.rows import to_row
from extractor.store.schema import transaction


def save_feed_config(db: sqlite_utils.Database, feed: Feed) -> None:
    """Insert or update a feed's configuration, keeping its crawl state."""
    row = to_row(feed)
    existing = db["feeds"].count_where("name = ?", [feed.name])
    if existing:
        db.table("feeds").update(feed.name, row)
    else:
        db.table("feeds").insert(row)


_FETCH_COLUMNS = (
    "url", "final_url", "feed", "kind", "status", "error", "bytes", "elapsed_ms", "started_at",
    "etag", "last_modified", "permanent",
)


_INSERT_FETCH = (
    f"insert into fetches ({', '.join(_FETCH_COLUMNS)}) "
    f"values ({', '.join('?' * len(_FETCH_COLUMNS))})"
)


def record_fetch(
    db: sqlite_utils.Database,
    *,
    url: str,
    kind: str,
    started_at: str,
    final_url: str | None = None,
    feed: str | None = None,
    status: int | None = None,
    error: str | None = None,
    size: int = 0,
    elapsed_ms: float = 0.0,
    etag: str | None = None,
    last_modified: str | None = None,
    permanent: bool = False,
) -> None:
    """Append one fetch attempt (feed, page, robots or file) to ``fetches``, committed at once."""
    # Plain SQL: sqlite-utils' insert() re-reads the table's schema on every call, which costs
    # more than the insert itself at crawl rates of hundreds of pages a second.
    with transaction(db):
        db.conn.execute(_INSERT_FETCH, (
            url, final_url, feed, kind, status, error, size, round(elapsed_ms, 1), started_at,
            etag, last_modified, int(permanent),
        ))


def last_fetch(db: sqlite_utils.Database, url: str, kind: str = "page") -> dict[str, Any] | None:
    """The latest recorded fetch of ``url`` (as requested), or None."""
    cursor = db.execute(
        "select * from fetches where url = ? and kind = ? order by id desc limit 1", [url, kind]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def feed_state(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """The crawl state of a feed (etag, last_modified, body_hash, last_fetched_at, ...)."""
    rows = list(db["feeds"].rows_where("name = ?", [name]))
    return dict(rows[0]) if rows else None


def update_feed_state(db: sqlite_utils.Database, name: str, **state: Any) -> None:
    with transaction(db):  # joins the caller's transaction, if any
        db.table("feeds").update(name, state)


def robots_answers(
    db: sqlite_utils.Database, since: str
) -> list[tuple[str, str, int, str]]:
    """Kept robots.txt answers fetched at or after ``since``: (origin, fetched_at, status, body)."""
    return [
        (str(o), str(f), int(st), str(b or ""))
        for o, f, st, b in db.execute(
            "select origin, fetched_at, status, body from robots where fetched_at >= ?", [since]
        ).fetchall()
    ]


def save_robots(db: sqlite_utils.Database, rows: Iterable[tuple[str, str, int, str]]) -> None:
    """Keep robots.txt answers (origin, fetched_at, status, body), replacing older ones."""
    with transaction(db):
        db.conn.executemany(
            "insert or replace into robots (origin, fetched_at, status, body) values (?, ?, ?, ?)",
            list(rows),
        )


def feed_times(db: sqlite_utils.Database) -> dict[str, str]:
    """Feed name -> when it was last fetched (ISO), for feeds fetched at least once."""
    return {str(n): str(w) for n, w in
            db.execute("select name, last_fetched_at from feeds").fetchall() if w}
