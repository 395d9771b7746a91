"""The reconcile stage: articles and claims -> stories, facts and findings, incrementally.

Each run compares every article with what the last run saw of it (text, duplicate link, date,
extraction). New articles join a story or start one; only the stories touched by new or changed
articles are recomputed; running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from extractor import store
from extractor.core.dates import order_key
from extractor.core.records import Article, Fact, Finding, Story, stable_id
from extractor.core.settings import Settings
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.stories import (
    SPLIT_MAX_SIZE,
    SPLIT_MIN_SIZE,
    GroupingIndex,
    GroupingVector,
    grouping_vector,
)
from extractor.reconcile.syndication import independent_source_count, syndicated_copies

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
    merged_stories: int = 0  # stories folded into another by an article that links them

    def __str__(self) -> str:
        by = ", ".join(f"{self.findings.get(s, 0)} {s}" for s in SEVERITIES)
        merged = f", {self.merged_stories} merged" if self.merged_stories else ""
        return (f"reconciled {_count(self.articles, 'article')} into "
                f"{_count(self.stories, 'story', 'stories')} "
                f"({self.changed_stories} recomputed{merged}, {self.changed_articles} new or "
                f"changed {'article' if self.changed_articles == 1 else 'articles'}): "
                f"{_count(self.facts, 'fact')}; findings: {by}")


def _count(n: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun in the right number: "1 article", "2 articles"."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def _digest(row: dict[str, Any]) -> str:
    return stable_id(row["text_hash"], row["duplicate_of"], row["published"], row["pipeline"],
                     row["extracted_at"], row["n_claims"])


# Stories written per transaction: large enough that commits do not dominate a full run, small
# enough that an interrupted run loses little and memory stays bounded.
WRITE_BATCH = 200


def reconcile(db: sqlite_utils.Database, settings: Settings, *, full: bool = False,
              given: Mapping[str, str] | None = None) -> ReconcileSummary:
    """Group new and changed articles into stories and recompute those stories' facts/findings.

    ``given`` (article id -> story key) places articles in given stories instead of grouping
    them: ``newsclaims eval --given-stories`` scores facts and findings apart from grouping.
    """
    del settings  # the reconciler's rules are fixed, documented tolerances (docs/reconcile.md)
    if full:
        store.clear_reconciliation(db)
    seen = store.reconcile_inputs(db)
    rows = list(store.article_digests(db))
    changed = [r for r in rows if seen.get(r["id"], {}).get("digest") != _digest(r)]
    if not changed:
        return _summary(db, 0, 0)
    inputs, merged = _place(db, seen, changed, given)
    placed = {r["article_id"]: r["story_id"] for r in inputs}
    dirty = set(placed.values()) | {seen[a]["story_id"] for a in placed
                                    if a in seen and seen[a]["story_id"]}
    members = store.story_members(db, dirty)
    for story_id in members:  # changed articles are where this run placed them
        members[story_id] = [a for a in members[story_id] if a not in placed]
    for article_id, story_id in placed.items():
        members[story_id].append(article_id)
    batch: list[tuple[Story, list[Fact], list[Finding]]] = []
    emptied = []
    for story_id in sorted(dirty):
        if not members[story_id]:
            emptied.append(story_id)
            continue
        batch.append(_analyse(db, story_id, members[story_id]))
        if len(batch) >= WRITE_BATCH:
            _write(db, batch, inputs)
            batch = []
    _write(db, batch, inputs)
    # stories merged into another (or left empty) go once their articles are written elsewhere
    for story_id in emptied:
        store.delete_story(db, story_id)
    return _summary(db, len(dirty) - len(emptied), len(changed), merged)


def _write(db: sqlite_utils.Database, batch: list[tuple[Story, list[Fact], list[Finding]]],
           inputs: list[dict[str, Any]]) -> None:
    """Write a batch of stories with what was seen of their changed articles, atomically."""
    ids = {s.id for s, _, _ in batch}
    store.write_stories(db, batch, [r for r in inputs if r["story_id"] in ids])


# Articles whose claims are read at once while placing them: one query per chunk, and a small
# live heap (holding every claim of a 100k-claim run makes Python's garbage collector rescan them
# all, which made the cost grow faster than the corpus).
PLACE_CHUNK = 500


def _place(db: sqlite_utils.Database, seen: dict[str, dict[str, Any]],
           changed: list[dict[str, Any]], given: Mapping[str, str] | None = None
           ) -> tuple[list[dict[str, Any]], int]:
    """Put each changed article in a story; return what to record (reconcile_inputs) of each
    article placed or moved, and how many stories were merged into others."""
    index = GroupingIndex(db)
    saved: dict[str, dict[str, Any]] = {}
    merged: dict[str, str] = {}
    for i in range(0, len(changed), PLACE_CHUNK):
        chunk = changed[i:i + PLACE_CHUNK]
        ids = [r["id"] for r in chunk]
        articles = store.articles_by_id(db, ids)
        claims = store.claims_by_article(db, ids)
        profiles = store.profiles_by_article(db, ids)
        before = store.input_sketches(db, [a for a in ids if seen.get(a, {}).get("story_id")])
        for row in chunk:  # in publication order (article_digests sorts them)
            article = articles[row["id"]]
            v = grouping_vector(article, profiles.get(article.id), claims[article.id])
            old = GroupingVector.from_json(article.id, before.get(article.id) or "")
            story_id = _story_for(index, v, old, seen.get(article.id, {}).get("story_id"),
                                  saved, merged, given)
            saved[article.id] = {"article_id": article.id, "story_id": story_id,
                                 "digest": _digest(row), "sketch": v.to_json()}
    # articles of merged stories move with them: unchanged ones keep what was seen of them
    if merged:
        members = store.story_members(db, merged)
        moved = [a for story in members.values() for a in story if a not in saved]
        for article_id, row in store.input_rows(db, moved).items():
            saved[article_id] = {**row, "story_id": _final(merged, seen[article_id]["story_id"])}
        for row in saved.values():
            row["story_id"] = _final(merged, row["story_id"])
    if given is None:
        _split_drifted(db, index, saved, seen)
    index.flush()
    return list(saved.values()), len(merged)


def _split_drifted(db: sqlite_utils.Database, index: GroupingIndex,
                   saved: dict[str, dict[str, Any]], seen: dict[str, dict[str, Any]]) -> None:
    """Split the stories that grew in this run and whose members now form separate groups."""
    grown = {row["story_id"] for a, row in saved.items() if a not in seen}
    stored = store.story_members(db, grown)
    for story_id in sorted(grown):
        ids = list(dict.fromkeys([*stored.get(story_id, ()),
                                  *(a for a, r in saved.items() if r["story_id"] == story_id)]))
        ids = [a for a in ids if saved.get(a, seen.get(a, {})).get("story_id") == story_id]
        if not SPLIT_MIN_SIZE <= len(ids) <= SPLIT_MAX_SIZE:
            continue
        rows = {**store.input_rows(db, [a for a in ids if a not in saved]),
                **{a: saved[a] for a in ids if a in saved}}
        vectors = [v for a in ids if (v := GroupingVector.from_json(
            a, rows.get(a, {}).get("sketch") or "")) is not None]
        if len(vectors) != len(ids):
            continue  # a member placed by an older version: no vector to judge it by
        parts = index.split(story_id, vectors)
        for part in parts[1:]:
            new_id = stable_id("story", min(v.article_id for v in part))
            index.rebuild(new_id, part)
            for v in part:
                saved[v.article_id] = {**rows[v.article_id], "story_id": new_id}
        if len(parts) > 1:
            index.rebuild(story_id, parts[0])


def _final(merged: dict[str, str], story_id: str) -> str:
    while story_id in merged:
        story_id = merged[story_id]
    return story_id


def _story_for(index: GroupingIndex, v: GroupingVector, old: GroupingVector | None,
               previous: str | None, saved: dict[str, dict[str, Any]], merged: dict[str, str],
               given: Mapping[str, str] | None) -> str:
    """The story article ``v`` goes to (joining it there), folding stories it bridges."""
    if previous is not None:
        # An article keeps its story across runs, so that story ids and reports stay stable;
        # its terms are counted anew.
        story_id = _final(merged, previous)
        if old is not None:
            index.remove(story_id, old)
            index.stats.count(old.keys(), -1)
    elif given is not None and v.article_id in given:
        story_id = stable_id("story", given[v.article_id])
    elif v.duplicate_of and v.duplicate_of in saved:
        story_id = saved[v.duplicate_of]["story_id"]  # a copy goes where its original is
    else:
        story_id, folds = index.place(v, stable_id("story", v.article_id))
        merged.update(folds)
        return story_id
    story_id = _final(merged, story_id)
    index.stats.count(v.keys())
    index.add(story_id, v)
    return story_id


def _analyse(db: sqlite_utils.Database, story_id: str, ids: list[str]
             ) -> tuple[Story, list[Fact], list[Finding]]:
    articles = sorted(store.articles_by_id(db, ids).values(),
                      key=lambda a: (order_key(a.published), a.id))
    claims = [c for cs in store.claims_by_article(db, ids).values() for c in cs]
    copies = syndicated_copies(articles)
    analysis = analyse_story(story_id, articles, claims, copies)
    return _story(story_id, articles, copies), analysis.facts, analysis.findings


def _story(story_id: str, articles: list[Article], copies: dict[str, str]) -> Story:
    # publication times may carry different offsets: order them as moments, not as strings
    dates = sorted((a.published for a in articles if a.published), key=order_key)
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


def _summary(db: sqlite_utils.Database, changed_stories: int, changed_articles: int,
             merged: int = 0) -> ReconcileSummary:
    n = store.counts(db)
    return ReconcileSummary(
        stories=n["stories"],
        articles=n["grouped"],
        facts=n["facts"],
        findings={s: n["findings"].get(s, 0) for s in SEVERITIES},
        changed_stories=changed_stories,
        changed_articles=changed_articles,
        merged_stories=merged,
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
        # fixed-width columns, nouns in the right number ("1 article ", "5 articles")
        return (f"{self.id}  {_count(self.articles, 'article'):>13}  "
                f"{_count(self.independent_sources, 'source'):>12}  "
                f"{_count(self.findings, 'finding'):>13} ({self.high} high, {self.medium} medium)"
                f"  {title}")


def list_stories(db: sqlite_utils.Database) -> list[StoryRow]:
    """Every story with its article, independent-source and finding counts."""
    return [StoryRow(**row) for row in store.story_counts(db)]
