"""The near-duplicate index: each recent article's sampled text shingles, and how many recent
articles share each shingle (crawl.dedupe decides what they mean; this module only stores them)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from extractor.store.rows import IN_CHUNK
from extractor.store.schema import transaction

__all__ = [
    "article_with_hash",
    "common_shingles",
    "fingerprints",
    "index_shingles",
    "original_of",
    "prune_shingles",
    "published_and_fingerprint",
    "relink_copies",
    "shingle_hits",
]


def prune_shingles(db: sqlite_utils.Database, since: int) -> None:
    """Forget index rows of days before ``since`` (days since 1970)."""
    with transaction(db):
        db.execute("delete from article_shingles where day < ?", [since])
        db.execute("delete from shingle_counts where day < ?", [since])


def common_shingles(db: sqlite_utils.Database, values: list[int], since: int,
                    more_than: int) -> set[int]:
    """Those of ``values`` counted in more than ``more_than`` articles since day ``since``."""
    if not values:
        return set()
    return {int(r[0]) for r in db.execute(
        f"select shingle from shingle_counts where shingle in ({','.join('?' * len(values))})"
        f" and day >= ? group by shingle having sum(n) > ?",
        [*values, since, more_than],
    ).fetchall()}


def original_of(db: sqlite_utils.Database, article_id: str) -> str:
    """The article a stored copy points at, or the article itself."""
    row = db.execute("select duplicate_of from articles where id = ?", [article_id]).fetchone()
    return str(row[0]) if row and row[0] else article_id


def article_with_hash(db: sqlite_utils.Database, digest: str) -> str | None:
    """The first stored article whose normalised text has this hash."""
    row = db.execute(
        "select id from articles where text_hash = ? order by rowid limit 1", [digest]
    ).fetchone()
    return str(row[0]) if row else None


def shingle_hits(db: sqlite_utils.Database, values: list[int], since: int, min_hits: int,
                 limit: int) -> dict[str, int]:
    """Article id -> how many of ``values`` it lists (at least ``min_hits``), best ``limit``
    per chunk of values; counted by SQLite, so the long lists of shared shingles never reach
    Python."""
    hits: dict[str, int] = {}
    for i in range(0, len(values), IN_CHUNK):
        chunk = values[i : i + IN_CHUNK]
        for article_id, n in db.execute(
            f"select article_id, count(*) from article_shingles where shingle in "
            f"({','.join('?' * len(chunk))}) and day >= ? group by article_id "
            f"having count(*) >= ? order by count(*) desc limit ?",
            [*chunk, since, min_hits, limit],
        ).fetchall():
            hits[str(article_id)] = hits.get(str(article_id), 0) + int(n)
    return hits


def fingerprints(db: sqlite_utils.Database, ids: Iterable[str]) -> list[tuple[str, str | None]]:
    """(article id, stored fingerprint) of the given articles."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return [(str(a), f) for a, f in db.execute(
        f"select id, fingerprint from articles where id in ({','.join('?' * len(wanted))})",
        wanted,
    ).fetchall()]


def index_shingles(db: sqlite_utils.Database, article_id: str, day: int, counted: list[int],
                   listed: list[int]) -> None:
    """Count ``counted`` for ``day`` and list the article under ``listed`` (inside the
    caller's transaction)."""
    db.conn.executemany(
        "insert into shingle_counts (shingle, day, n) values (?, ?, 1) "
        "on conflict (shingle, day) do update set n = n + 1",
        [(s, day) for s in counted],
    )
    db.conn.executemany(
        "insert or ignore into article_shingles (shingle, article_id, day) values (?, ?, ?)",
        [(s, article_id, day) for s in listed],
    )


def relink_copies(db: sqlite_utils.Database, original: str, former: str) -> None:
    """Make ``former`` (until now the original) and its copies point at ``original``."""
    db.execute("update articles set duplicate_of = ? where id = ? or duplicate_of = ?",
               [original, former, former])


def published_and_fingerprint(db: sqlite_utils.Database, article_id: str
                              ) -> tuple[str | None, str | None] | None:
    row = db.execute("select published, fingerprint from articles where id = ?",
                     [article_id]).fetchone()
    return (row[0], row[1]) if row else None
