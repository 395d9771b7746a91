"""A labelled corpus in the format of fixtures/stories (README there): events, their articles with
every figure each states, and the conflicts and non-conflicts between them.

:func:`load_corpus` reads and checks it (a malformed file is a ConfigError naming file and entry);
:func:`ingest_corpus` adds its articles to a database through the real ingest path, with the
title, outlet and publication time the gold gives, as a crawl would have stored them.
"""

from __future__ import annotations

import calendar
import json
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from extractor import store
from extractor.core.errors import ConfigError, InputError
from extractor.core.settings import Settings

__all__ = [
    "Corpus",
    "CorpusArticle",
    "GoldConflict",
    "GoldFigure",
    "article_ids",
    "ingest_corpus",
    "load_corpus",
    "period_range",
]


@dataclass(frozen=True)
class GoldFigure:
    """One figure an article states, as the annotators normalised it."""

    text: str
    value: float
    unit: str
    basis: str
    period: str | None
    field: str = "text"  # "title" or "text"
    fact: str | None = None
    qualifier: str | None = None
    comparison: str | None = None


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    event: str
    file: str  # relative to the corpus's articles/ folder
    outlet: str
    title: str
    published: str | None
    language: str
    copy_of: str | None
    figures: tuple[GoldFigure, ...]


@dataclass(frozen=True)
class GoldConflict:
    key: str
    event: str
    kind: str
    articles: tuple[str, ...]  # the article at fault first
    facts: tuple[str, ...]
    confidence: str  # high | medium | low; "" for a non-conflict
    why: str = ""


@dataclass(frozen=True)
class Corpus:
    root: Path
    articles: tuple[CorpusArticle, ...]
    conflicts: tuple[GoldConflict, ...]
    non_conflicts: tuple[GoldConflict, ...]
    confusable: dict[str, tuple[str, ...]] = field(default_factory=dict)  # event -> events

    @property
    def events(self) -> list[str]:
        return sorted({a.event for a in self.articles})


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ConfigError(f"{path}:1: expected a mapping with an 'articles' list")
    return data


def _figure(raw: Any, where: str) -> GoldFigure:
    if not isinstance(raw, dict) or not isinstance(raw.get("value"), (int, float)) or \
            not raw.get("text") or not raw.get("unit"):
        raise ConfigError(f"{where}: a figure needs text, a numeric value and a unit")
    period = raw.get("period")
    return GoldFigure(
        text=str(raw["text"]), value=float(raw["value"]), unit=str(raw["unit"]),
        basis=str(raw.get("basis") or "absolute"),
        period=None if period is None else str(period), field=str(raw.get("field", "text")),
        fact=None if raw.get("fact") is None else str(raw["fact"]),
        qualifier=raw.get("qualifier"), comparison=raw.get("comparison"),
    )


def _conflict(raw: Any, event: str, where: str, *, confidence: bool) -> GoldConflict:
    if not isinstance(raw, dict) or not raw.get("key") or not raw.get("articles"):
        raise ConfigError(f"{where}: needs a key and articles")
    return GoldConflict(
        key=str(raw["key"]), event=event, kind=str(raw.get("kind", "")),
        articles=tuple(str(a) for a in raw["articles"]),
        facts=tuple(str(f) for f in raw.get("facts") or ()),
        confidence=str(raw.get("confidence", "")) if confidence else "",
        why=str(raw.get("why", "")),
    )


def load_corpus(root: Path) -> Corpus:
    """The corpus under ``root`` (``gold/*.yaml`` and ``articles/``)."""
    root = Path(root)
    paths = sorted((root / "gold").glob("*.yaml"))
    if not paths:
        raise InputError(f"{root}: no gold files (expected {root / 'gold'}/*.yaml)")
    articles: list[CorpusArticle] = []
    conflicts: list[GoldConflict] = []
    non_conflicts: list[GoldConflict] = []
    confusable: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for path in paths:
        data = _read(path)
        event = str(data.get("event") or path.stem)
        confusable[event] = tuple(str(e) for e in data.get("confusable_with") or ())
        for n, raw in enumerate(data["articles"], 1):
            where = f"{path}: article #{n}"
            if not isinstance(raw, dict) or not raw.get("id") or not raw.get("file"):
                raise ConfigError(f"{where}: needs an id and a file")
            aid = str(raw["id"])
            if aid in seen:
                raise ConfigError(f"{where}: id {aid!r} is used twice in the corpus")
            seen.add(aid)
            if not (root / "articles" / str(raw["file"])).is_file():
                raise InputError(f"{root / 'articles' / str(raw['file'])}: named by {path} "
                                 "but not found")
            published = raw.get("published")
            articles.append(CorpusArticle(
                id=aid, event=event, file=str(raw["file"]), outlet=str(raw.get("outlet") or ""),
                title=str(raw.get("title") or ""),
                published=None if published is None else str(published),
                language=str(raw.get("language") or "en"),
                copy_of=None if raw.get("copy_of") is None else str(raw["copy_of"]),
                figures=tuple(_figure(f, f"{where} ({aid}) figure #{k}")
                              for k, f in enumerate(raw.get("figures") or (), 1)),
            ))
        for n, raw in enumerate(data.get("conflicts") or (), 1):
            conflicts.append(_conflict(raw, event, f"{path}: conflict #{n}", confidence=True))
        for n, raw in enumerate(data.get("non_conflicts") or (), 1):
            non_conflicts.append(_conflict(raw, event, f"{path}: non-conflict #{n}",
                                           confidence=False))
    return Corpus(root, tuple(articles), tuple(conflicts), tuple(non_conflicts), confusable)


def _iso(published: str | None) -> str | None:
    """The gold's publication time as ingest accepts it (YAML may have read a bare date)."""
    return published if published is None else str(published)


def ingest_corpus(db: sqlite_utils.Database, settings: Settings, corpus: Corpus,
                  *, progress: bool | None = None) -> str:
    """Ingest every article of the corpus (title, outlet, publication time from the gold);
    returns the ingest summary line."""
    from extractor.crawl.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="newsclaims-corpus-") as tmp:
        manifest = Path(tmp) / "corpus.jsonl"
        with manifest.open("w", encoding="utf-8") as fh:
            for a in corpus.articles:
                path = (corpus.root / "articles" / a.file).resolve()
                fh.write(json.dumps({
                    "path": str(path), "url": path.as_uri(), "outlet": a.outlet,
                    "title": a.title or None, "published": _iso(a.published),
                }, ensure_ascii=False) + "\n")
        return str(ingest_paths(db, settings, [manifest], progress=progress))


def article_ids(db: sqlite_utils.Database, corpus: Corpus) -> dict[str, str]:
    """Corpus article id -> stored article id (a copy stored as its original's duplicate maps
    to the article stored under its address)."""
    out: dict[str, str] = {}
    for a in corpus.articles:
        url = (corpus.root / "articles" / a.file).resolve().as_uri()
        found = store.article_id_for_url(db, url)
        if found is not None:
            out[a.id] = found
    return out


def period_range(period: str | None) -> tuple[date, date] | None:
    """The first and last day of a gold period: 2025, 2025-06, 2025-06-05, 2025-Q2, 2025-H1,
    or an interval of two of them joined by "/"."""
    if period is None:
        return None
    parts = str(period).split("/")
    first, last = _one_range(parts[0]), _one_range(parts[-1])
    if first is None or last is None:
        return None
    return first[0], last[1]


def _one_range(text: str) -> tuple[date, date] | None:
    text = text.strip()
    try:
        year = int(text[:4])
    except ValueError:
        return None
    rest = text[5:]
    if not rest:
        return date(year, 1, 1), date(year, 12, 31)
    if rest[0] in "QH":
        n = int(rest[1:])
        months = 3 if rest[0] == "Q" else 6
        first = (n - 1) * months + 1
        last = first + months - 1
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    month = int(rest[:2])
    if len(rest) > 3:
        day = date(year, month, int(rest[3:5]))
        return day, day
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
