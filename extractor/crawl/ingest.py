"""``newsclaims ingest``: add local .html, .txt and .jsonl manifest files without HTTP."""

from __future__ import annotations

import codecs
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
from extractor.core.wording import plural
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
    errors: tuple[str, ...] = ()  # "where: what", one per file or manifest line that failed
    # (where, what) of each manifest line that is not a manifest entry at all (not JSON, not an
    # object, a field of the wrong type): a malformed input file, exit status 2 in the CLI
    malformed: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return (
            f"ingest: {plural(self.files, 'file')} read, "
            f"{plural(self.new_articles, 'new article')}, "
            f"{plural(self.duplicates, 'duplicate')}, {self.known} already stored, "
            f"{plural(len(self.errors), 'error')}"
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
        if not body.strip():
            raise NotAnArticleError("empty file")
        if b"\x00" in body and not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # NUL bytes never occur in text in an 8-bit encoding or UTF-8: an image, a PDF, an
            # archive renamed .txt (decoded anyway, it would give "no sentences", which misleads)
            raise NotAnArticleError("not a text file (it holds binary data)")
        text, _ = decode_html(body)
        return article_from_text(text, url=url, outlet=outlet, fetched_at=store.now())
    raise NotAnArticleError(f"unsupported file type {path.suffix!r} (expected .html or .txt)")


@dataclass(frozen=True)
class _Item:
    """One file, or one line of a manifest: its article, or why there is none."""

    where: str  # path, or path:line
    article: Article | None = None
    error: str | None = None
    malformed: bool = False  # not a manifest entry at all (the input file is malformed)


def _manifest_articles(path: Path) -> Iterator[_Item]:
    """One item for each line of a JSONL manifest; one error item for a manifest with none."""
    entries = 0
    # utf-8-sig: a byte-order mark some editors write is not part of the first line's JSON
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            entries += 1
            try:
                # without its line break: JSON counts it, and an object cut short at the end of
                # the line would be reported at "line 2, column 1" of the one-line document
                item = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                yield _Item(where, error=f"not valid JSON: {exc.msg[:1].lower()}{exc.msg[1:]} "
                                        f"at column {exc.colno}", malformed=True)
                continue
            if not isinstance(item, dict):
                yield _Item(where, error="expected a JSON object {url, outlet, title, "
                                         "text|path, ...}", malformed=True)
                continue
            yield _manifest_item(path, where, item)
    if not entries:
        yield _Item(str(path), error="holds no articles (the manifest is empty)")


def _manifest_entry_problem(item: dict[str, Any]) -> str | None:
    """What makes a JSON object not a manifest entry, if anything."""
    url, text, rel = item.get("url"), item.get("text"), item.get("path")
    if (text is None) == (rel is None):
        return "needs exactly one of 'text' and 'path'"
    for key in ("url", "outlet", "published", "title", "text", "path"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return f"'{key}' must be a string"
    if url is not None and url_scheme(url) not in ("http", "https", "file"):
        return f"'url' must be an http(s) or file: URL, got {url!r}"
    if text is not None and not url:
        return "'url' is required with 'text'"
    published = item.get("published")
    if published is not None and parse_published(published) is None:
        return (f"'published' {published!r} is not a date or time (ISO 8601 such as "
                "2026-10-12 or 2026-10-12T11:30:00+08:00, or RFC 822)")
    return None


def _manifest_item(manifest: Path, where: str, item: dict[str, Any]) -> _Item:
    problem = _manifest_entry_problem(item)
    if problem:
        return _Item(where, error=problem, malformed=True)
    url, text, rel = item.get("url"), item.get("text"), item.get("path")
    published = item.get("published")
    if published is not None:
        # stored as ISO 8601 like every other source (consumers read its first 10 characters
        # as the day): a full time keeps its offset, a day stays a day
        when = parse_published(published)  # not None: _manifest_entry_problem checked it
        if when is not None:
            published = full_time(published) or (
                when.date() if isinstance(when, datetime) else when).isoformat()
    meta = {"outlet": item.get("outlet"), "title": item.get("title"), "published": published}
    try:
        if text is not None:
            article = article_from_text(text, url=str(url), outlet=meta["outlet"],
                                        title=meta["title"],
                                        published=meta["published"], fetched_at=store.now(),
                                        clean=False)
        else:
            target = (manifest.parent / str(rel)).resolve()
            if not target.is_file():
                return _Item(where, error=f"'path' {rel!r}: no such file")
            article = _file_article(target, url, meta["outlet"])
    except NotAnArticleError as exc:
        return _Item(where, error=str(exc))
    except OSError as exc:
        return _Item(where, error=f"cannot read: {exc.strerror or exc}")
    return _Item(where, article=_with(article, **meta))


def ingest_paths(
    db: sqlite_utils.Database,
    settings: Settings,
    paths: Sequence[Path],
    *,
    progress: bool | None = None,
) -> IngestSummary:
    """Add local .html/.txt files and .jsonl manifests (and directories of them) to articles."""
    tally = Tally()
    malformed: list[tuple[str, str]] = []
    files = list(_expand([Path(p) for p in paths], tally))
    index = DuplicateIndex.from_db(db, settings.near_duplicate_threshold)
    with Progress("ingest", len(files), progress) as bar:
        tally.quiet = bar.enabled
        for path in files:
            started, t0 = store.now(), time.perf_counter()
            manifest = SUFFIXES[path.suffix.lower()] == "jsonl"
            items = _manifest_articles(path) if manifest else iter([_read_one(path)])
            file_error = None
            read = 0
            for item in items:
                if item.article is None:
                    tally.error(f"{item.where}: {item.error}")
                    file_error = file_error or item.error
                    if item.malformed:
                        malformed.append((item.where, str(item.error)))
                    continue
                outcome, article_id = store_article(db, index, item.article)
                tally.count(outcome)
                read += 1
                log.debug("%s %s -> %s", outcome, item.where, article_id)
            try:
                size = path.stat().st_size
            except OSError:
                size = 0  # removed while we read it: the error is already recorded
            store.record_fetch(
                db, url=file_url(path), kind="file", started_at=started, error=file_error,
                size=size, elapsed_ms=(time.perf_counter() - t0) * 1000,
            )
            # a file that gave no article has had its error line: no "ingested" after it
            if read and manifest:
                bar.advance(f"ingested {path} ({plural(read, 'article')})")
            else:
                bar.advance(f"ingested {path}" if read else "")
    return IngestSummary(
        files=len(files), new_articles=tally.new, duplicates=tally.duplicates,
        known=tally.known, errors=tuple(tally.errors), malformed=tuple(malformed),
    )


def _read_one(path: Path) -> _Item:
    try:
        return _Item(str(path), article=_file_article(path))
    except NotAnArticleError as exc:
        return _Item(str(path), error=str(exc))
    except OSError as exc:
        return _Item(str(path), error=f"cannot read: {exc.strerror or exc}")
