"""The schema and its migrations, and opening a database file (the only place that creates
tables). The tables are documented column by column in docs/schema.md; keep the two in step."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

__all__ = [
    "SCHEMA_VERSION",
    "Batches",
    "SchemaError",
    "migrate",
    "open_db",
    "relax_sync",
    "schema_version",
    "transaction",
]

SCHEMA_VERSION = 3


class SchemaError(Exception):
    """The database file cannot be used by this version of newsclaims."""


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


def _add_grouping_v2(db: sqlite_utils.Database) -> None:
    """Story grouping's own state, so that a new article is placed without reading every other.

    ``article_profiles``: each article's content words (lemmas of title, lead and body) and names,
    written by the claims stage from its spaCy Doc. ``term_df``: in how many grouped articles each
    word, name and figure occurs (the document frequencies of the term weights), kept current as
    articles arrive. ``story_profiles``: each story's summed term vectors, dates and
    representative members (JSON); ``story_keys``: the inverted index from a term to the stories
    it is among the top terms of, which gives an article its candidate stories.
    """
    db.table("article_profiles").create(
        {"article_id": str, "pipeline": str, "language": str, "profile": str},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("term_df").create({"key": str, "df": int}, pk="key")
    # first_day/last_day: the story's publication span, read without the profile, so that
    # candidate stories outside an article's time window are never loaded
    db.table("story_profiles").create({"story_id": str, "first_day": str, "last_day": str,
                                       "profile": str, "updated_at": str}, pk="story_id")
    db.execute("create table story_keys (key text not null, story_id text not null, "
               "primary key (key, story_id)) without rowid")
    db.table("story_keys").create_index(["story_id"])


def _add_extraction_reference_v3(db: sqlite_utils.Database) -> None:
    """``extractions.reference``: the date an undated article's relative periods were read
    against and where it came from ("2025-09-01 story:<id>"), so that once the article joins a
    story with dated articles it is read again against the story's date (claims/extract.py)."""
    db.table("extractions").add_column("reference", str)


# Each migration takes the database from version i to i+1. Append, never edit a released one.
MIGRATIONS = [_create_v1, _add_grouping_v2, _add_extraction_reference_v3]


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


def relax_sync(db: sqlite_utils.Database) -> None:
    """WAL with synchronous=NORMAL: a commit survives the process being killed (what a crawl
    needs) without an fsync per commit; only a power cut can lose the last commits."""
    db.execute("pragma synchronous = normal")


class Batches:
    """Groups page writes into transactions, one savepoint per page so a page stays whole."""

    def __init__(self, db: sqlite_utils.Database, pages: int, seconds: float) -> None:
        self.db = db
        self.max_pages, self.max_seconds = pages, seconds
        self.pages = 0
        self.started = 0.0

    def due_in(self) -> float | None:
        """Seconds until the open batch must be committed (None: no batch open)."""
        if not self.pages:
            return None
        return max(0.0, self.started + self.max_seconds - time.monotonic())

    @contextlib.contextmanager
    def page(self) -> Iterator[None]:
        conn = self.db.conn
        if not conn.in_transaction:
            conn.execute("begin")
            self.started, self.pages = time.monotonic(), 0
        conn.execute("savepoint page")
        try:
            yield
        except BaseException:
            conn.execute("rollback to page")
            conn.execute("release page")
            raise
        conn.execute("release page")
        self.pages += 1
        if self.pages >= self.max_pages or time.monotonic() - self.started >= self.max_seconds:
            self.commit()

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.commit()
        self.pages = 0
