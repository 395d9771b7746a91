"""The reconcile stage: articles and claims -> stories, facts and findings, incrementally.

Each run compares every article with what the last run saw of it (text, duplicate link, date,
extraction). New articles join a story or start one; only the stories touched by new or changed
articles are recomputed; running it twice changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from . import db as dbmod
from .checks import analyse_story
from .records import Article, Claim, Story, stable_id
from .settings import Settings
from .stories import (
    ArticleSketch,
    StoryIndex,
    independent_source_count,
    sketch,
    syndicated_copies,
)

__all__ = ["ReconcileSummary", "StoryRow", "list_stories", "reconcile"]

SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True)
class ReconcileSummary:
    """What a reconcile run did."""

    stories: int
    articles: int
    facts: int
    findings: dict[str, int] = field(default_factory=dict)  # by severity
    changed_stories: int = 0
    changed_articles: int = 0

    def __str__(self) -> str:
        by = ", ".join(f"{self.findings.get(s, 0)} {s}" for s in SEVERITIES)
        return (f"reconciled {self.articles} articles into {self.stories} "
                f"{'story' if self.stories == 1 else 'stories'} "
                f"({self.changed_stories} recomputed, {self.changed_articles} new or changed "
                f"articles): {self.facts} facts; findings: {by}")


def _digest(row: dict[str, Any]) -> str:
    return stable_id(row["text_hash"], row["duplicate_of"], row["published"], row["pipeline"],
                     row["extracted_at"], row["n_claims"])


def _sketch_to_json(s: ArticleSketch) -> str:
    return json.dumps({
        "outlet": s.outlet, "published": s.published.isoformat() if s.published else None,
        "title": s.title, "lead": s.lead, "figures": sorted(s.figures),
        "entities": sorted(s.entities), "words": sorted(s.words),
        "duplicate_of": s.duplicate_of,
    }, ensure_ascii=False)


def _sketch_from_json(article_id: str, raw: str) -> ArticleSketch:
    d = json.loads(raw)
    return ArticleSketch(
        id=article_id, outlet=d["outlet"],
        published=date.fromisoformat(d["published"]) if d["published"] else None,
        title=d["title"], lead=d["lead"], figures=frozenset(d["figures"]),
        entities=frozenset(d["entities"]), words=frozenset(d["words"]),
        duplicate_of=d["duplicate_of"],
    )


def _claims_of(db: sqlite_utils.Database, article_ids: Sequence[str]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = defaultdict(list)
    for article_id in article_ids:
        out[article_id] = list(dbmod.iter_claims(db, article_id))
    return out


def reconcile(db: sqlite_utils.Database, settings: Settings, *, full: bool = False
              ) -> ReconcileSummary:
    """Group new and changed articles into stories and recompute those stories' facts/findings."""
    del settings  # the reconciler's rules are fixed, documented tolerances (docs/reconcile.md)
    if full:
        dbmod.clear_reconciliation(db)
    seen = dbmod.reconcile_inputs(db)
    rows = list(dbmod.article_digests(db))
    changed = [r for r in rows if seen.get(r["id"], {}).get("digest") != _digest(r)]
    if changed:
        dirty = _place(db, seen, changed)
        for story_id in sorted(dirty):
            _recompute(db, story_id)
    else:
        dirty = set()
    return _summary(db, len(dirty), len(changed))


def _place(db: sqlite_utils.Database, seen: dict[str, dict[str, Any]],
           changed: list[dict[str, Any]]) -> set[str]:
    """Put each changed article in a story; return the stories to recompute."""
    index = StoryIndex()
    changed_ids = {r["id"] for r in changed}
    for article_id, row in seen.items():
        if article_id not in changed_ids and row["story_id"] and row["sketch"]:
            index.add(row["story_id"], _sketch_from_json(article_id, row["sketch"]))
    dirty: set[str] = set()
    claims = _claims_of(db, [r["id"] for r in changed])
    saved = []
    for row in changed:  # in publication order (article_digests sorts them)
        article = dbmod.get_article(db, row["id"])
        s = sketch(article, claims[row["id"]])
        previous = seen.get(row["id"], {}).get("story_id")
        # An article keeps its story across runs, so that story ids and reports stay stable.
        story_id = previous or index.best_story(s) or stable_id("story", article.id)
        if previous and previous != story_id:
            dirty.add(previous)
        index.add(story_id, s)
        dirty.add(story_id)
        saved.append({"article_id": row["id"], "story_id": story_id, "digest": _digest(row),
                      "sketch": _sketch_to_json(s)})
    # membership first, so that each recomputed story reads its articles from the database
    with db.conn:
        for r in saved:
            db.table("story_articles").delete_where("article_id = ?", [r["article_id"]])
    for story_id in dirty:
        members = [r["article_id"] for r in saved if r["story_id"] == story_id]
        _ensure_story(db, story_id, members)
    dbmod.save_reconcile_inputs(db, saved)
    return dirty


def _ensure_story(db: sqlite_utils.Database, story_id: str, new_members: list[str]) -> None:
    with db.conn:
        if not db["stories"].count_where("id = ?", [story_id]):
            db.table("stories").insert({"id": story_id, "title": "", "independent_sources": 0,
                                  "updated_at": dbmod.now()})
        if new_members:
            db.table("story_articles").upsert_all(
                [{"story_id": story_id, "article_id": a} for a in new_members], pk="article_id")


def _recompute(db: sqlite_utils.Database, story_id: str) -> None:
    ids = [r[0] for r in db.execute(
        "select article_id from story_articles where story_id = ? order by rowid", [story_id])]
    if not ids:
        dbmod.delete_story(db, story_id)
        return
    articles = [dbmod.get_article(db, a) for a in ids]
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    claims = [c for cs in _claims_of(db, ids).values() for c in cs]
    copies = syndicated_copies(articles)
    analysis = analyse_story(story_id, articles, claims, copies)
    story = _story(story_id, articles, copies)
    dbmod.replace_story(db, story, analysis.facts, analysis.findings)


def _story(story_id: str, articles: list[Article], copies: dict[str, str]) -> Story:
    dates = sorted(a.published for a in articles if a.published)
    originals = [a for a in articles if a.id not in copies]
    titled = next((a for a in originals if a.title), articles[0])
    return Story(
        id=story_id,
        title=(titled.title or titled.text[:80]).strip(),
        article_ids=tuple(a.id for a in articles),
        independent_sources=independent_source_count(articles, copies),
        syndicated=tuple(sorted(copies.items())),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


def _summary(db: sqlite_utils.Database, changed_stories: int, changed_articles: int
             ) -> ReconcileSummary:
    severities: Counter[str] = Counter(
        dict(db.execute("select severity, count(*) from findings group by severity").fetchall()))
    return ReconcileSummary(
        stories=db["stories"].count,
        articles=db["story_articles"].count,
        facts=db["facts"].count,
        findings={s: severities.get(s, 0) for s in SEVERITIES},
        changed_stories=changed_stories,
        changed_articles=changed_articles,
    )


@dataclass(frozen=True)
class StoryRow:
    """A story as `newsclaims stories` lists it."""

    id: str
    title: str
    articles: int
    independent_sources: int
    findings: int
    high: int
    medium: int
    first_published: str | None
    last_published: str | None

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 70 else self.title[:67] + "..."
        return (f"{self.id}  {self.articles:>4} articles  {self.independent_sources:>4} sources  "
                f"{self.findings:>4} findings ({self.high} high, {self.medium} medium)  {title}")


def list_stories(db: sqlite_utils.Database) -> list[StoryRow]:
    """Every story with its article, independent-source and finding counts."""
    return [StoryRow(**row) for row in dbmod.story_counts(db)]
