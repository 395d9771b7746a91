"""``newsclaims ingest``: add local .html, .txt and .jsonl manifest files without HTTP."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from extractor import store
from extractor.core.dates import full_time, parse_published
from extractor.core.progress import Progress, Tally
from extractor.core.records import Article, FetchedPage
from extractor.core.settings import Settings
from extractor.crawl.dedupe import DuplicateIndex, store_article
from extractor.crawl.html import NotAnArticleError, article_from_html, decode_html
from extractor.crawl.plaintext import article_from_text
from extractor.crawl.urls import file_url, url_scheme

__all__ = ["IngestSummary", "ingest_paths"]

log = logging.getLogger("newsclaims.crawler")

SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt", ".jsonl": "jsonl"}


@dataclass(frozen=True)
class IngestSummary:
    """What one ``ingest`` run did."""

    files: int
    new_articles: int
    duplicates: int
    known: int = 0  # already stored under the same URL (nothing written)
    errors: tuple[str, ...] = ()

    def __str__(self) -> str:
        return (
            f"ingest: {self.files} files read, {self.new_articles} new articles, "
            f"{self.duplicates} duplicates, {self.known} already stored, {len(self.errors)} errors"
        )


def _expand(paths: Sequence[Path], tally: Tally) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif not path.exists():
            tally.error(f"{path}: no such file")
        elif path.suffix.lower() not in SUFFIXES:
            tally.error(f"{path}: unsupported file type (expected .html, .txt or .jsonl)")
        else:
            yield path


def _html_article(body: bytes, url: str, outlet: str | None) -> Article:
    page = FetchedPage(url=url, final_url=url, status=None, body=body, content_type="text/html")
    article = article_from_html(page, outlet=outlet, fetched_at=store.now())
    if outlet is None and article.site_name:
        article = _with(article, outlet=article.site_name)
    return article


def _with(article: Article, **changes: Any) -> Article:
    from dataclasses import replace

    return replace(article, **{k: v for k, v in changes.items() if v is not None})


def _file_article(path: Path, url: str | None = None, outlet: str | None = None) -> Article:
    kind = SUFFIXES.get(path.suffix.lower())
    body = path.read_bytes()
    url = url or file_url(path)
    if kind == "html":
        return _html_article(body, url, outlet)
    if kind == "txt":
        text, _ = decode_html(body)
        return article_from_text(text, url=url, outlet=outlet, fetched_at=store.now())
    raise NotAnArticleError(f"unsupported file type {path.suffix!r} (expected .html or .txt)")


def _manifest_articles(
    path: Path, tally: Tally
) -> Iterator[tuple[str, Article | None, str | None]]:
    """(where, article or None, error) for each line of a JSONL manifest."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield where, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(item, dict):
                yield where, None, "expected a JSON object {url, outlet, title, text|path, ...}"
                continue
            yield where, *_manifest_item(path, item)


def _manifest_item(manifest: Path, item: dict[str, Any]) -> tuple[Article | None, str | None]:
    url, text, rel = item.get("url"), item.get("text"), item.get("path")
    if (text is None) == (rel is None):
        return None, "needs exactly one of 'text' and 'path'"
    for key in ("url", "outlet", "published", "title", "text", "path"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return None, f"'{key}' must be a string"
    if url is not None and url_scheme(url) not in ("http", "https", "file"):
        return None, f"'url' must be an http(s) or file: URL, got {url!r}"
    published = item.get("published")
    if published is not None:
        # stored as ISO 8601 like every other source (consumers read its first 10 characters
        # as the day): a full time keeps its offset, a day stays a day
        when = parse_published(published)
        if when is None:
            return None, (f"'published' {published!r} is not a date or time (ISO 8601 such as "
                          "2026-10-12 or 2026-10-12T11:30:00+08:00, or RFC 822)")
        published = full_time(published) or (
            when.date() if isinstance(when, datetime) else when).isoformat()
    meta = {"outlet": item.get("outlet"), "title": item.get("title"), "published": published}
    try:
        if text is not None:
            if not url:
                return None, "'url' is required with 'text'"
            article = article_from_text(text, url=url, outlet=meta["outlet"], title=meta["title"],
                                        published=meta["published"], fetched_at=store.now(),
                                        clean=False)
        else:
            target = (manifest.parent / str(rel)).resolve()
            if not target.is_file():
                return None, f"'path' {rel!r}: no such file"
            article = _file_article(target, url, meta["outlet"])
    except NotAnArticleError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    return _with(article, **meta), None


def ingest_paths(
    db: sqlite_utils.Database,
    settings: Settings,
    paths: Sequence[Path],
    *,
    progress: bool | None = None,
) -> IngestSummary:
    """Add local .html/.txt files and .jsonl manifests (and directories of them) to articles."""
    tally = Tally()
    files = list(_expand([Path(p) for p in paths], tally))
    index = DuplicateIndex.from_db(db, settings.near_duplicate_threshold)
    with Progress("ingest", len(files), progress) as bar:
        tally.quiet = bar.enabled
        for path in files:
            started, t0 = store.now(), time.perf_counter()
            items: Iterator[tuple[str, Article | None, str | None]]
            if SUFFIXES[path.suffix.lower()] == "jsonl":
                items = _manifest_articles(path, tally)
            else:
                items = iter([_read_one(path)])
            file_error = None
            for where, article, error in items:
                if article is None:
                    tally.error(f"{where}: {error}")
                    file_error = file_error or error
                    continue
                outcome, article_id = store_article(db, index, article)
                tally.count(outcome)
                log.debug("%s %s -> %s", outcome, where, article_id)
            try:
                size = path.stat().st_size
            except OSError:
                size = 0  # removed while we read it: the error is already recorded
            store.record_fetch(
                db, url=file_url(path), kind="file", started_at=started, error=file_error,
                size=size, elapsed_ms=(time.perf_counter() - t0) * 1000,
            )
            bar.advance(f"ingested {path}")
    return IngestSummary(
        files=len(files), new_articles=tally.new, duplicates=tally.duplicates,
        known=tally.known, errors=tuple(tally.errors),
    )


def _read_one(path: Path) -> tuple[str, Article | None, str | None]:
    try:
        return str(path), _file_article(path), None
    except NotAnArticleError as exc:
        return str(path), None, str(exc)
    except OSError as exc:
        return str(path), None, f"cannot read: {exc.strerror or exc}"
