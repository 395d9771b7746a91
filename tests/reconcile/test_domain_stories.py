"""The real chain (ingest -> extract -> reconcile) on hand-written stories from other domains
(tests/reconcile/fixtures/other_domains/), each told apart from the others.

articles.jsonl: an earthquake toll revised over two days (with a syndicated copy), bank results
where one outlet swaps two digits of the profit, an election with rounded shares of several
parties: only the profit is flagged. more_articles.jsonl: a product recall (a count in millions
written two ways, a share as "two-thirds" and "67%"), a budget in euros ("€14.6bn" / "14.6 billion
euros") and a case count revised upwards over days: agreements and an update, no conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Fact

FIXTURES = Path(__file__).parent / "fixtures" / "other_domains"
MANIFEST = FIXTURES / "articles.jsonl"
MORE_MANIFEST = FIXTURES / "more_articles.jsonl"


@pytest.fixture
def other_db(
    reconciled_manifest: Callable[[Path], sqlite_utils.Database],
) -> sqlite_utils.Database:
    return reconciled_manifest(MANIFEST)


@pytest.fixture
def more_db(
    reconciled_manifest: Callable[[Path], sqlite_utils.Database],
) -> sqlite_utils.Database:
    return reconciled_manifest(MORE_MANIFEST)


def _outlets(db: sqlite_utils.Database) -> dict[str, str | None]:
    return {a.id: a.outlet for a in dbmod.iter_articles(db)}


def _fact(db: sqlite_utils.Database, value: float, unit: str) -> Fact:
    facts = [f for f in dbmod.iter_facts(db) if f.kind == "quantity" and f.unit == unit
             and f.value is not None and abs(f.value - value) <= 0.01 * value]
    return max(facts, key=lambda f: f.independent_sources)


def test_quake_profit_and_election_reports_group_into_their_stories(
        other_db: sqlite_utils.Database) -> None:
    outlets = {a.id: a.outlet for a in dbmod.iter_articles(other_db)}
    stories = {frozenset(outlets[a] for a in s.article_ids) for s in dbmod.iter_stories(other_db)}
    # the syndicated copy of the quake report (Paper C) is folded away by the crawler
    assert stories == {frozenset({"Wire A", "Daily B"}),
                       frozenset({"Markets One", "Finance Two"}),
                       frozenset({"Civic News", "The Tribune"})}


def test_only_the_misreported_profit_is_flagged(other_db: sqlite_utils.Database) -> None:
    outlets = {a.id: a.outlet for a in dbmod.iter_articles(other_db)}
    flagged = [f for f in dbmod.iter_findings(other_db) if f.severity in ("high", "medium")]
    # a revised toll, rounded election shares and different parties' shares are not conflicts
    assert [(f.kind, {outlets[a] for a in f.article_ids}) for f in flagged] == [
        ("value_conflict", {"Markets One", "Finance Two"})]
    assert "1.24 billion euros" in flagged[0].explanation
    assert "1.42 billion euros" in flagged[0].explanation


def test_recall_budget_and_measles_reports_group_into_their_stories(
        more_db: sqlite_utils.Database) -> None:
    outlets = _outlets(more_db)
    stories = {frozenset(outlets[a] for a in s.article_ids) for s in dbmod.iter_stories(more_db)}
    # the measles follow-up shares no figure with the first report (the count moved on): it
    # joins through its wording and the place named in both headlines
    assert stories == {frozenset({"Consumer Wire", "Home News"}),
                       frozenset({"EU Desk", "Capital Times"}),
                       frozenset({"Health Wire", "Daily Post"})}


def test_figures_written_in_other_notations_agree(more_db: sqlite_utils.Database) -> None:
    # "about 1.2 million" and "1,200,000" dishwashers; "about two-thirds" and "roughly 67%"
    recalled = _fact(more_db, 1.2e6, "count")
    assert recalled.independent_sources == 2 and recalled.status == "agreed"
    share = _fact(more_db, 67, "percent")
    assert share.independent_sources == 2 and share.status == "agreed"
    assert share.basis == "share"
    # "€14.6bn" and "14.6 billion euros", phrased with different verbs
    budget = _fact(more_db, 14.6e9, "EUR")
    assert budget.independent_sources == 2 and budget.status == "agreed"


def test_a_case_count_revised_over_days_is_an_update(more_db: sqlite_utils.Database) -> None:
    outlets = _outlets(more_db)
    findings = list(dbmod.iter_findings(more_db))
    assert not [f for f in findings if f.severity in ("high", "medium")], [
        (f.kind, f.explanation) for f in findings if f.severity in ("high", "medium")]
    (update,) = [f for f in findings if f.kind == "update"]
    assert {outlets[a] for a in update.article_ids} == {"Health Wire", "Daily Post"}
    assert "312" in update.explanation and "487" in update.explanation
    assert update.severity == "info"
