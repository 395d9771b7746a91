"""The database: schema, migrations, and the mapping between records and rows.

This is the only module that knows table layouts. Everything else hands it records
(``extractor.records``) and gets records back. The schema is documented in docs/schema.md; keep
the two in step.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import types
import typing
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from .records import Article, Claim, Fact, Feed, Finding, Story

__all__ = [
    "SCHEMA_VERSION",
    "SchemaError",
    "from_row",
    "now",
    "open_db",
    "to_row",
]

SCHEMA_VERSION = 1

R = TypeVar("R")


class SchemaError(Exception):
    """The database file cannot be used by this version of newsclaims."""


def now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- records <-> rows


def _is_tuple_type(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is tuple:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_tuple_type(a) for a in typing.get_args(tp))
    return False


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def to_row(record: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A flat row from a record: tuples become JSON arrays, nested records are left out."""
    skip = set(exclude)
    row: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in skip:
            continue
        value = getattr(record, f.name)
        if dataclasses.is_dataclass(value):
            continue
        if isinstance(value, tuple):
            value = json.dumps(value, ensure_ascii=False)
        row[f.name] = value
    return row


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    """A record from a row: unknown columns are ignored, JSON arrays become tuples."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        if value is not None and _is_tuple_type(hints[f.name]) and isinstance(value, str):
            value = _tuplify(json.loads(value))
        if hints[f.name] is bool or hints[f.name] == "bool":
            value = bool(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def _tuplify(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuplify(v) for v in value)
    return value


# --------------------------------------------------------------------------- schema


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("feeds").create(
        {
            "name": str,
            "url": str,
            "interval": int,
            "enabled": int,
            "tags": str,
            "outlet": str,
            "etag": str,
            "last_modified": str,
            "body_hash": str,  # sha256 of the last body: some servers keep an ETag after a change
            "last_body": bytes,  # zlib-compressed last body, re-read when the feed is unchanged
            "last_fetched_at": str,
            "last_status": int,
            "last_error": str,
            "failures": int,  # consecutive failed fetches (0 after a success)
            "failure_score": float,  # weighted failures since the last success (see crawler.py)
            "disabled_at": str,  # set when failures disabled the feed; NULL while it is active
            "disabled_reason": str,
            "disabled_config": str,  # the feed's config then: editing it in feeds.yaml re-enables
        },
        pk="name",
        not_null={"url"},
    )
    # robots.txt per origin, kept a day (RFC 9309 2.4) so that each run does not ask again.
    db.table("robots").create(
        {"origin": str, "fetched_at": str, "status": int, "body": str},
        pk="origin",
    )
    db.table("fetches").create(
        {
            "id": int,
            "url": str,
            "final_url": str,
            "feed": str,
            "kind": str,  # feed | page | robots | file
            "status": int,
            "error": str,
            "bytes": int,
            "elapsed_ms": float,
            "started_at": str,
            "etag": str,  # validators of a page that was fetched but not stored (conditional GET)
            "last_modified": str,
            "permanent": int,  # 1: retrying will not help (404, 410, robots, refused scheme)
        },
        pk="id",
        not_null={"url", "kind", "started_at"},
    )
    db.table("fetches").create_index(["url"])
    db.table("articles").create(
        {
            "id": str,
            "url": str,
            "canonical_url": str,
            "outlet": str,
            "title": str,
            "author": str,
            "published": str,
            "language": str,
            "site_name": str,
            "feed": str,
            "text": str,
            "text_hash": str,
            "fingerprint": str,  # sampled shingle hashes of the text (dedupe.fingerprint)
            "duplicate_of": str,
            "fetched_at": str,
            "etag": str,
            "last_modified": str,
            "raw_html": bytes,  # zlib-compressed HTML, for re-extraction without re-fetching
        },
        pk="id",
        not_null={"url", "canonical_url", "text", "text_hash"},
        foreign_keys=[("duplicate_of", "articles", "id")],
    )
    db.table("articles").create_index(["canonical_url"], unique=True)
    db.table("articles").create_index(["text_hash"])
    # Near-duplicate index: each recent article's smallest sampled shingle hashes (dedupe.py),
    # looked up by shingle; rows older than the near-duplicate window are deleted by the crawl.
    db.execute(
        "create table article_shingles (shingle integer not null, article_id text not null, "
        "day integer not null, primary key (shingle, article_id)) without rowid"
    )
    db.table("article_shingles").create_index(["day"])
    # How many recent articles have each indexed shingle, per day: stock phrases are left out.
    db.execute(
        "create table shingle_counts (shingle integer not null, day integer not null, "
        "n integer not null, primary key (shingle, day)) without rowid"
    )
    db.table("articles").enable_fts(["title", "text"], create_triggers=True)
    # Every URL an article was seen under (feed link, redirect target, canonical), so that a known
    # article is not fetched again under another of its addresses.
    db.table("article_urls").create(
        {"url": str, "article_id": str},
        pk="url",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("extractions").create(
        {
            "article_id": str,
            "pipeline": str,
            "status": str,  # ok | skipped | error
            "reason": str,
            "n_claims": int,
            "extracted_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("claims").create(
        {
            "id": str,
            "article_id": str,
            "kind": str,
            "text": str,
            "start": int,
            "end": int,
            "sentence": str,
            "sentence_start": int,
            "value": float,
            "unit": str,
            "unit_text": str,
            "basis": str,
            "direction": str,
            "comparison": str,
            "qualifier": str,
            "period_start": str,
            "period_end": str,
            "period_text": str,
            "metric": str,
            "object": str,
            "subject": str,
            "counterpart": str,
            "source": str,
            "event": str,
            "place": str,
            "participants": str,
            "confidence": float,
            "pipeline": str,
            "field": str,  # title | text: which of the article's fields start/end index into
        },
        pk="id",
        not_null={"article_id", "kind", "text", "start", "end"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("claims").create_index(["article_id"])
    db.table("stories").create(
        {
            "id": str,
            "title": str,
            "independent_sources": int,
            "syndicated": str,
            "first_published": str,
            "last_published": str,
            "updated_at": str,
        },
        pk="id",
    )
    db.table("story_articles").create(
        {"story_id": str, "article_id": str},
        pk="article_id",  # an article belongs to one story
        foreign_keys=[("story_id", "stories", "id"), ("article_id", "articles", "id")],
    )
    db.table("story_articles").create_index(["story_id"])
    db.table("facts").create(
        {
            "id": str,
            "story_id": str,
            "kind": str,
            "description": str,
            "claim_ids": str,
            "article_ids": str,
            "status": str,
            "value": float,
            "unit": str,
            "basis": str,
            "comparison": str,
            "period_start": str,
            "period_end": str,
            "metric": str,
            "object": str,
            "subject": str,
            "counterpart": str,
            "independent_sources": int,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id")],
    )
    db.table("facts").create_index(["story_id"])
    db.table("fact_claims").create(
        {"fact_id": str, "claim_id": str},
        pk=("fact_id", "claim_id"),
        foreign_keys=[("fact_id", "facts", "id"), ("claim_id", "claims", "id")],
    )
    db.table("findings").create(
        {
            "id": str,
            "story_id": str,
            "kind": str,
            "severity": str,
            "fact_id": str,
            "article_ids": str,
            "claim_ids": str,
            "explanation": str,
            "evidence": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id")],
    )
    db.table("findings").create_index(["story_id"])
    # What the reconciler last saw of each article, so that `reconcile` only recomputes the stories
    # whose articles or claims changed. `sketch` holds the article's grouping keys (JSON) so that
    # new articles are placed without re-reading every stored claim.
    db.table("reconcile_inputs").create(
        {"article_id": str, "story_id": str, "digest": str, "sketch": str, "reconciled_at": str},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )


# Each migration takes the database from version i to i+1. Append, never edit a released one.
MIGRATIONS = [_create_v1]


def schema_version(db: sqlite_utils.Database) -> int:
    """The file's schema version: 0 for an empty file, -1 for a file that is not ours."""
    tables = set(db.table_names())
    if "meta" not in tables:
        return 0 if not tables else -1
    row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    if row:
        return int(row[0])
    return 0 if tables == {"meta"} else -1


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema up to SCHEMA_VERSION, or refuse a file this version cannot use."""
    version = schema_version(db)
    if version < 0:
        raise SchemaError(
            f"{db_path(db)} is not a newsclaims database (it has tables but no schema version)"
        )
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{db_path(db)} has schema version {version}, newer than this newsclaims "
            f"({SCHEMA_VERSION}): upgrade newsclaims"
        )
    if version == SCHEMA_VERSION:
        return
    # Python's sqlite3 runs DDL outside transactions unless one is open: open one explicitly so that
    # a migration killed half way leaves the file as it was.
    db.execute("begin immediate")
    try:
        db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
        for step in MIGRATIONS[version:]:
            step(db)
        db.table("meta").upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def db_path(db: sqlite_utils.Database) -> str:
    row = db.execute("pragma database_list").fetchone()
    return row[2] or ":memory:"


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating as needed) the database at ``path``, in WAL mode."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise SchemaError(f"{path} is a directory, not a database file")
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("pragma foreign_keys = on")
        db.execute("pragma busy_timeout = 30000")
        if str(path) != ":memory:":
            db.enable_wal()
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{path}: not a usable SQLite database ({exc})") from exc
    return db


# --------------------------------------------------------------------------- feeds & articles


def save_feed_config(db: sqlite_utils.Database, feed: Feed) -> None:
    """Insert or update a feed's configuration, keeping its crawl state."""
    row = to_row(feed)
    existing = db["feeds"].count_where("name = ?", [feed.name])
    if existing:
        db.table("feeds").update(feed.name, row)
    else:
        db.table("feeds").insert(row)


def compress(html: bytes | None) -> bytes | None:
    return zlib.compress(html, 6) if html else None


def decompress(blob: bytes | None) -> bytes | None:
    return zlib.decompress(blob) if blob else None


def article_from_row(row: dict[str, Any], *, with_html: bool = False) -> Article:
    row = dict(row)
    row["raw_html"] = decompress(row.get("raw_html")) if with_html else None
    return from_row(Article, row)


def get_article(db: sqlite_utils.Database, article_id: str, *, with_html: bool = False) -> Article:
    return article_from_row(db.table("articles").get(article_id), with_html=with_html)


def iter_articles(
    db: sqlite_utils.Database, where: str | None = None, params: Iterable[Any] = ()
) -> Iterator[Article]:
    """Articles in the order they were stored (without raw HTML)."""
    for row in db["articles"].rows_where(where, list(params), order_by="rowid"):
        yield article_from_row(row)


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction around the block; inside another one it simply joins it."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("begin")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


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


def article_id_for_url(db: sqlite_utils.Database, url: str) -> str | None:
    """The id of the stored article known under ``url`` (any of its addresses), if any."""
    row = db.execute("select article_id from article_urls where url = ?", [url]).fetchone()
    if row:
        return str(row[0])
    row = db.execute("select id from articles where canonical_url = ?", [url]).fetchone()
    return str(row[0]) if row else None


def add_article_urls(db: sqlite_utils.Database, article_id: str, urls: Iterable[str]) -> None:
    """Remember more addresses of a stored article (first one wins for a URL)."""
    rows = [(u, article_id) for u in dict.fromkeys(urls) if u]
    if rows:
        with transaction(db):
            db.conn.executemany(
                "insert or ignore into article_urls (url, article_id) values (?, ?)", rows
            )


def save_article(
    db: sqlite_utils.Database,
    article: Article,
    *,
    fingerprint: str | None = None,
    urls: Iterable[str] = (),
    etag: str | None = None,
    last_modified: str | None = None,
    compressed_html: bytes | None = None,
) -> None:
    """Store a new article with its compressed HTML and addresses, in one transaction."""
    row = to_row(article, exclude=["raw_html"])
    row.update(
        raw_html=compressed_html or compress(article.raw_html),
        fingerprint=fingerprint,
        etag=etag,
        last_modified=last_modified,
    )
    addresses = dict.fromkeys([article.url, article.canonical_url, *urls])
    columns = ", ".join(f"[{c}]" for c in row)
    with transaction(db):
        db.conn.execute(
            f"insert into articles ({columns}) values ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        db.conn.executemany(
            "insert or ignore into article_urls (url, article_id) values (?, ?)",
            [(u, article.id) for u in addresses if u],
        )


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


# --------------------------------------------------------------------------- claims


def replace_claims(
    db: sqlite_utils.Database,
    article_id: str,
    claims: Iterable[Claim],
    *,
    pipeline: str,
    status: str = "ok",
    reason: str | None = None,
) -> int:
    """Atomically replace an article's claims and record the extraction; returns the count."""
    rows = [to_row(c) for c in claims]
    with db.conn:
        db.execute("delete from fact_claims where claim_id in "
                   "(select id from claims where article_id = ?)", [article_id])
        db.execute("delete from claims where article_id = ?", [article_id])
        if rows:
            db.table("claims").insert_all(rows, pk="id", replace=True)
        db.table("extractions").upsert(
            {
                "article_id": article_id,
                "pipeline": pipeline,
                "status": status,
                "reason": reason,
                "n_claims": len(rows),
                "extracted_at": now(),
            },
            pk="article_id",
        )
    return len(rows)


def iter_claims(
    db: sqlite_utils.Database, article_id: str | None = None
) -> Iterator[Claim]:
    where, params = ("article_id = ?", [article_id]) if article_id else (None, [])
    for row in db["claims"].rows_where(where, params, order_by="article_id, start"):
        yield from_row(Claim, row)


# ------------------------------------------------------------------- stories, facts, findings


def iter_stories(db: sqlite_utils.Database) -> Iterator[Story]:
    members: dict[str, list[str]] = {}
    for row in db.execute(
        "select story_id, article_id from story_articles order by story_id, rowid"
    ).fetchall():
        members.setdefault(row[0], []).append(row[1])
    for row in db["stories"].rows_where(order_by="first_published, id"):
        row = dict(row)
        row["article_ids"] = json.dumps(members.get(row["id"], []))
        yield from_row(Story, row)


def iter_facts(db: sqlite_utils.Database, story_id: str | None = None) -> Iterator[Fact]:
    where, params = ("story_id = ?", [story_id]) if story_id else (None, [])
    for row in db["facts"].rows_where(where, params, order_by="story_id, rowid"):
        yield from_row(Fact, row)


_SEVERITY_ORDER = (
    "case severity when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end"
)


def iter_findings(db: sqlite_utils.Database, story_id: str | None = None) -> Iterator[Finding]:
    where, params = ("story_id = ?", [story_id]) if story_id else (None, [])
    for row in db["findings"].rows_where(
        where, params, order_by=f"story_id, {_SEVERITY_ORDER}, rowid"
    ):
        yield from_row(Finding, row)


def replace_story(
    db: sqlite_utils.Database,
    story: Story,
    facts: Iterable[Fact],
    findings: Iterable[Finding],
) -> None:
    """Atomically write one story with its membership, facts and findings (replacing old ones)."""
    facts = list(facts)
    with db.conn:
        old_facts = [r[0] for r in db.execute(
            "select id from facts where story_id = ?", [story.id]).fetchall()]
        if old_facts:
            marks = ",".join("?" * len(old_facts))
            db.execute(f"delete from fact_claims where fact_id in ({marks})", old_facts)
        db.execute("delete from facts where story_id = ?", [story.id])
        db.execute("delete from findings where story_id = ?", [story.id])
        db.table("stories").upsert(
            {**to_row(story, exclude=["article_ids"]), "updated_at": now()}, pk="id"
        )
        db.execute("delete from story_articles where story_id = ?", [story.id])
        db.table("story_articles").upsert_all(
            [{"story_id": story.id, "article_id": a} for a in story.article_ids],
            pk="article_id",
        )
        if facts:
            db.table("facts").insert_all([to_row(f) for f in facts], pk="id", replace=True)
            db.table("fact_claims").insert_all(
                [{"fact_id": f.id, "claim_id": c} for f in facts for c in f.claim_ids],
                pk=("fact_id", "claim_id"),
                replace=True,
            )
        rows = [to_row(f) for f in findings]
        if rows:
            db.table("findings").insert_all(rows, pk="id", replace=True)


def reconcile_inputs(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """What the reconciler last saw of each article: article id -> {story_id, digest, sketch}."""
    return {
        row["article_id"]: row
        for row in db.table("reconcile_inputs").rows_where(
            select="article_id, story_id, digest, sketch")
    }


def article_digests(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Each article with what decides whether the reconciler must look at it again."""
    for row in db.execute(
        "select a.id, a.published, a.text_hash, a.duplicate_of, e.pipeline, e.extracted_at, "
        "e.n_claims from articles a left join extractions e on e.article_id = a.id "
        "order by coalesce(a.published, a.fetched_at, ''), a.id"
    ).fetchall():
        yield dict(zip(("id", "published", "text_hash", "duplicate_of", "pipeline",
                        "extracted_at", "n_claims"), row, strict=True))


def clear_reconciliation(db: sqlite_utils.Database) -> None:
    """Forget every story, fact and finding (for a full re-run)."""
    with db.conn:
        for table in ("fact_claims", "findings", "facts", "story_articles", "reconcile_inputs",
                      "stories"):
            db.execute(f"delete from {table}")


def delete_story(db: sqlite_utils.Database, story_id: str) -> None:
    """Remove a story that no longer has articles, with its facts and findings."""
    with db.conn:
        db.execute("delete from fact_claims where fact_id in "
                   "(select id from facts where story_id = ?)", [story_id])
        for table in ("findings", "facts", "story_articles"):
            db.execute(f"delete from {table} where story_id = ?", [story_id])
        db.execute("delete from stories where id = ?", [story_id])


def story_counts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One row per story: title, articles, independent sources, findings by severity."""
    rows = db.execute(
        "select s.id, s.title, s.independent_sources, s.first_published, s.last_published, "
        "(select count(*) from story_articles sa where sa.story_id = s.id), "
        "(select count(*) from findings f where f.story_id = s.id), "
        "(select count(*) from findings f where f.story_id = s.id and f.severity = 'high'), "
        "(select count(*) from findings f where f.story_id = s.id and f.severity = 'medium') "
        "from stories s order by s.first_published, s.id"
    ).fetchall()
    keys = ("id", "title", "independent_sources", "first_published", "last_published",
            "articles", "findings", "high", "medium")
    return [dict(zip(keys, r, strict=True)) for r in rows]


_CLAIM_FIELDS = [f.name for f in dataclasses.fields(Claim)]
# SQLite's default limit on host parameters is 999 (before 3.32); stay well below it.
_IN_CHUNK = 500


def claims_by_article(
    db: sqlite_utils.Database, article_ids: Iterable[str]
) -> dict[str, list[Claim]]:
    """The claims of many articles at once, in text order (the reconciler's bulk read)."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, list[Claim]] = {a: [] for a in ids}
    columns = ", ".join(f'"{c}"' for c in _CLAIM_FIELDS)
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i:i + _IN_CHUNK]
        cursor = db.execute(
            f"select {columns} from claims where article_id in ({','.join('?' * len(chunk))}) "
            "order by article_id, start", chunk)
        for values in cursor.fetchall():
            row = dict(zip(_CLAIM_FIELDS, values, strict=True))
            row["participants"] = tuple(json.loads(row["participants"] or "[]"))
            row["qualifier"] = row["qualifier"] or "exact"
            row["sentence_start"] = row["sentence_start"] or 0
            row["confidence"] = 1.0 if row["confidence"] is None else row["confidence"]
            row["pipeline"] = row["pipeline"] or ""
            out[row["article_id"]].append(Claim(**row))
    return out


def articles_by_id(db: sqlite_utils.Database, article_ids: Iterable[str]) -> dict[str, Article]:
    """Many articles at once, without raw HTML."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, Article] = {}
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i:i + _IN_CHUNK]
        for row in db.table("articles").rows_where(
            f"id in ({','.join('?' * len(chunk))})", chunk,
            select=", ".join(f.name for f in dataclasses.fields(Article) if f.name != "raw_html"),
        ):
            out[row["id"]] = article_from_row(row)
    return out


def _insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    db.conn.executemany(
        f"insert or replace into {table} ({', '.join(columns)}) "
        f"values ({', '.join('?' * len(columns))})",
        [[r.get(c) for c in columns] for r in rows],
    )


def write_stories(
    db: sqlite_utils.Database,
    stories: Iterable[tuple[Story, Iterable[Fact], Iterable[Finding]]],
    inputs: Iterable[dict[str, Any]] = (),
) -> None:
    """Replace many stories (membership, facts, findings) and record the reconciler's inputs,
    in one transaction: the bulk form of :func:`replace_story`, with a few statements per batch
    instead of a dozen per story."""
    batch = [(s, list(fa), list(fi)) for s, fa, fi in stories]
    ids = [[s.id] for s, _, _ in batch]
    stamp = now()
    with db.conn:
        db.conn.executemany("delete from fact_claims where fact_id in "
                            "(select id from facts where story_id = ?)", ids)
        for table in ("facts", "findings", "story_articles"):
            db.conn.executemany(f"delete from {table} where story_id = ?", ids)
        db.conn.executemany("delete from story_articles where article_id = ?",
                            [[a] for s, _, _ in batch for a in s.article_ids])
        _insert_rows(db, "stories", [{**to_row(s, exclude=["article_ids"]), "updated_at": stamp}
                                     for s, _, _ in batch])
        _insert_rows(db, "story_articles", [{"story_id": s.id, "article_id": a}
                                            for s, _, _ in batch for a in s.article_ids])
        _insert_rows(db, "facts", [to_row(f) for _, facts, _ in batch for f in facts])
        _insert_rows(db, "fact_claims", [{"fact_id": f.id, "claim_id": c}
                                         for _, facts, _ in batch for f in facts
                                         for c in f.claim_ids])
        _insert_rows(db, "findings", [to_row(f) for _, _, findings in batch for f in findings])
        _insert_rows(db, "reconcile_inputs", [{**r, "reconciled_at": stamp} for r in inputs])


def story_members(db: sqlite_utils.Database, story_ids: Iterable[str]) -> dict[str, list[str]]:
    """story id -> its article ids, for many stories at once."""
    ids = list(dict.fromkeys(story_ids))
    out: dict[str, list[str]] = {s: [] for s in ids}
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i:i + _IN_CHUNK]
        for story_id, article_id in db.execute(
            f"select story_id, article_id from story_articles where story_id in "
            f"({','.join('?' * len(chunk))}) order by rowid", chunk
        ).fetchall():
            out[story_id].append(article_id)
    return out
