"""The real chain (ingest -> extract -> reconcile) on three more stories from other domains.

A product recall (a count in millions written two ways, a share as "two-thirds" and "67%"), a
budget in euros ("€14.6bn" / "14.6 billion euros") and a case count revised upwards over days.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Fact

MANIFEST = Path(__file__).parent / "fixtures" / "other_domains" / "more_articles.jsonl"


@pytest.fixture
def more_db(
    reconciled_manifest: Callable[[Path], sqlite_utils.Database],
) -> sqlite_utils.Database:
    return reconciled_manifest(MANIFEST)


def _outlets(db: sqlite_utils.Database) -> dict[str, str | None]:
    return {a.id: a.outlet for a in dbmod.iter_articles(db)}


def _fact(db: sqlite_utils.Database, value: float, unit: str) -> Fact:
    facts = [f for f in dbmod.iter_facts(db) if f.kind == "quantity" and f.unit == unit
             and f.value is not None and abs(f.value - value) <= 0.01 * value]
    return max(facts, key=lambda f: f.independent_sources)


def test_more_domains_group_into_their_stories(more_db: sqlite_utils.Database) -> None:
    outlets = _outlets(more_db)
    stories = {frozenset(outlets[a] for a in s.article_ids) for s in dbmod.iter_stories(more_db)}
    # the measles follow-up shares no figure with the first report (the count moved on): it
    # joins through its wording and the place named in both headlines
    assert stories == {frozenset({"Consumer Wire", "Home News"}),
                       frozenset({"EU Desk", "Capital Times"}),
                       frozenset({"Health Wire", "Daily Post"})}


def test_more_domains_agree_across_notations(more_db: sqlite_utils.Database) -> None:
    # "about 1.2 million" and "1,200,000" dishwashers; "about two-thirds" and "roughly 67%"
    recalled = _fact(more_db, 1.2e6, "count")
    assert recalled.independent_sources == 2 and recalled.status == "agreed"
    share = _fact(more_db, 67, "percent")
    assert share.independent_sources == 2 and share.status == "agreed"
    assert share.basis == "share"
    # "€14.6bn" and "14.6 billion euros", phrased with different verbs
    budget = _fact(more_db, 14.6e9, "EUR")
    assert budget.independent_sources == 2 and budget.status == "agreed"


def test_more_domains_a_revised_count_is_an_update(more_db: sqlite_utils.Database) -> None:
    outlets = _outlets(more_db)
    findings = list(dbmod.iter_findings(more_db))
    assert not [f for f in findings if f.severity in ("high", "medium")], [
        (f.kind, f.explanation) for f in findings if f.severity in ("high", "medium")]
    (update,) = [f for f in findings if f.kind == "update"]
    assert {outlets[a] for a in update.article_ids} == {"Health Wire", "Daily Post"}
    assert "312" in update.explanation and "487" in update.explanation
    assert update.severity == "info"
