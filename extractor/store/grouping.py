"""Story grouping's state: document frequencies of its terms, each story's profile, and the
inverted index from terms to stories (reconcile.stories decides what they mean)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from extractor.store.rows import IN_CHUNK, now

__all__ = [
    "grouping_documents",
    "save_grouping",
    "stories_with_keys",
    "story_profiles",
    "story_spans",
    "term_frequencies",
]

_DOCUMENTS = "grouping_documents"


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), IN_CHUNK):
        yield items[i:i + IN_CHUNK]


def grouping_documents(db: sqlite_utils.Database) -> int:
    """How many articles the document frequencies count."""
    row = db.execute("select value from meta where key = ?", [_DOCUMENTS]).fetchone()
    return int(row[0]) if row else 0


def term_frequencies(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, int]:
    """Document frequency of each key that has one (keys never seen are left out)."""
    out: dict[str, int] = {}
    for chunk in _chunks(list(dict.fromkeys(keys))):
        out.update((str(k), int(n)) for k, n in db.execute(
            f"select key, df from term_df where key in ({','.join('?' * len(chunk))})",
            chunk).fetchall())
    return out


def stories_with_keys(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, list[str]]:
    """Key -> the stories it indexes."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(list(dict.fromkeys(keys))):
        for key, story_id in db.execute(
            f"select key, story_id from story_keys where key in ({','.join('?' * len(chunk))})",
            chunk).fetchall():
            out.setdefault(str(key), []).append(str(story_id))
    return out


def story_profiles(db: sqlite_utils.Database, story_ids: Iterable[str]) -> dict[str, Any]:
    """Story id -> its stored profile (decoded JSON)."""
    out: dict[str, Any] = {}
    for chunk in _chunks(list(dict.fromkeys(story_ids))):
        for story_id, raw in db.execute(
            f"select story_id, profile from story_profiles where story_id in "
            f"({','.join('?' * len(chunk))})", chunk).fetchall():
            out[str(story_id)] = json.loads(raw)
    return out


def _day(value: str | None) -> str:
    return value or ""


def story_spans(db: sqlite_utils.Database, story_ids: Iterable[str]
                ) -> dict[str, tuple[str | None, str | None]]:
    """Story id -> (first day, last day) of its articles (None for a story of undated ones)."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for chunk in _chunks(list(dict.fromkeys(story_ids))):
        for story_id, first, last in db.execute(
            f"select story_id, first_day, last_day from story_profiles where story_id in "
            f"({','.join('?' * len(chunk))})", chunk).fetchall():
            out[str(story_id)] = (first, last)
    return out


def save_grouping(db: sqlite_utils.Database, documents: int, frequencies: Mapping[str, int],
                  profiles: Mapping[str, Any], keys: Mapping[str, Iterable[str]],
                  gone: Iterable[str] = ()) -> None:
    """Write what a reconcile run changed of the grouping state, in one transaction: the
    document count, changed frequencies, changed story profiles with their index keys, and
    stories that no longer exist."""
    stamp = now()
    with db.conn:
        db.execute("insert or replace into meta (key, value) values (?, ?)",
                   [_DOCUMENTS, str(documents)])
        db.conn.executemany("insert or replace into term_df (key, df) values (?, ?)",
                            [(k, n) for k, n in frequencies.items() if n > 0])
        db.conn.executemany("delete from term_df where key = ?",
                            [(k,) for k, n in frequencies.items() if n <= 0])
        for story_id in [*gone, *keys]:
            db.execute("delete from story_keys where story_id = ?", [story_id])
        for story_id in gone:
            db.execute("delete from story_profiles where story_id = ?", [story_id])
        db.conn.executemany(
            "insert or replace into story_profiles (story_id, first_day, last_day, profile, "
            "updated_at) values (?, ?, ?, ?, ?)",
            [(s, min(p.get("days") or [None], key=_day), max(p.get("days") or [None], key=_day),
              json.dumps(p, ensure_ascii=False, separators=(",", ":")), stamp)
             for s, p in profiles.items()])
        db.conn.executemany("insert or ignore into story_keys (key, story_id) values (?, ?)",
                            [(k, s) for s, ks in keys.items() for k in ks])
