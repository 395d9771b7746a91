"""Articles and their addresses."""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from extractor.core.records import Article
from extractor.store.rows import IN_CHUNK, from_row, to_row
from extractor.store.schema import transaction


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


def articles_by_id(db: sqlite_utils.Database, article_ids: Iterable[str]) -> dict[str, Article]:
    """Many articles at once, without raw HTML."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, Article] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        for row in db.table("articles").rows_where(
            f"id in ({','.join('?' * len(chunk))})", chunk,
            select=", ".join(f.name for f in dataclasses.fields(Article) if f.name != "raw_html"),
        ):
            out[row["id"]] = article_from_row(row)
    return out


def has_article(db: sqlite_utils.Database, article_id: str) -> bool:
    return bool(db["articles"].count_where("id = ?", [article_id]))


def article_addresses(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(id, url, canonical_url) of every article."""
    return [(str(a), str(u), str(c)) for a, u, c in
            db.execute("select id, url, canonical_url from articles").fetchall()]


def dated_articles(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """id, published, title and text of every article with a publication date."""
    return list(db.execute_returning_dicts(
        "select id, published, title, text from articles where published is not null"))
