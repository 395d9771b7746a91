"""The real chain (ingest -> extract -> reconcile) on hand-written articles from other domains."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from extractor import store as dbmod

MANIFEST = Path(__file__).parent / "fixtures" / "other_domains" / "articles.jsonl"


@pytest.fixture
def other_db(
    reconciled_manifest: Callable[[Path], sqlite_utils.Database],
) -> sqlite_utils.Database:
    return reconciled_manifest(MANIFEST)


def test_other_domains_group_into_their_stories(other_db: sqlite_utils.Database) -> None:
    outlets = {a.id: a.outlet for a in dbmod.iter_articles(other_db)}
    stories = {frozenset(outlets[a] for a in s.article_ids) for s in dbmod.iter_stories(other_db)}
    # the syndicated copy of the quake report (Paper C) is folded away by the crawler
    assert stories == {frozenset({"Wire A", "Daily B"}),
                       frozenset({"Markets One", "Finance Two"}),
                       frozenset({"Civic News", "The Tribune"})}


def test_other_domains_flag_only_the_misreported_profit(other_db: sqlite_utils.Database) -> None:
    outlets = {a.id: a.outlet for a in dbmod.iter_articles(other_db)}
    flagged = [f for f in dbmod.iter_findings(other_db) if f.severity in ("high", "medium")]
    # a revised toll, rounded election shares and different parties' shares are not conflicts
    assert [(f.kind, {outlets[a] for a in f.article_ids}) for f in flagged] == [
        ("value_conflict", {"Markets One", "Finance Two"})]
    assert "1.24 billion euros" in flagged[0].explanation
    assert "1.42 billion euros" in flagged[0].explanation
