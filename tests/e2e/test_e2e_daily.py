"""The typhoon story crawled day by day: incremental runs reach what one full run reaches.

Day 1 the wire, its copy and a short explainer; day 2 the revised toll; day 3 the second revision
with the misplaced landfall and the swapped conversion. Each day: `crawl`, `extract`, and an
incremental `reconcile` (conftest.daily_typhoon).
"""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli


def test_each_day_joins_the_same_story(daily_typhoon: Any) -> None:
    days = daily_typhoon.outputs
    assert "0 errors" in days[0]["crawl"] and "into 1 story " in days[0]["reconcile"]
    for day in days[1:]:
        # the new report joins the story (one recomputed, no new story); only the new article is
        # new or changed, unless the extraction pipeline's version moved between two days (then
        # `extract` redid every article, as it should)
        assert "into 1 story (1 recomputed, " in day["reconcile"], day
        if "extract: 1 article," in day["extract"]:
            assert "1 new or changed article)" in day["reconcile"], day
    db = dbmod.open_db(daily_typhoon.db_path)
    try:
        (story,) = list(dbmod.iter_stories(db))
        assert len(story.article_ids) == 5 and story.independent_sources == 4
    finally:
        db.close()


def test_the_toll_is_an_update_on_day_two_and_three(daily_typhoon: Any) -> None:
    db = dbmod.open_db(daily_typhoon.db_path)
    try:
        findings = list(dbmod.iter_findings(db))
        claims = {c.id: c for c in dbmod.iter_claims(db)}
        updates = [f for f in findings if f.kind == "update"]
        assert any({23, 41, 58} <= {claims[c].value for c in f.claim_ids} for f in updates)
        must = {f.kind: f for f in findings if f.severity in ("high", "medium")}
        # the planted conversion and the landfall moved a day and a province; nothing else
        assert sorted(must) == ["date_conflict", "value_conflict"]
        assert claims[must["value_conflict"].claim_ids[0]].text == "$124 million"
        assert "Isabela province" in claims[must["date_conflict"].claim_ids[0]].sentence
    finally:
        db.close()


def test_a_full_run_gives_what_the_daily_runs_gave(daily_typhoon: Any) -> None:
    db = dbmod.open_db(daily_typhoon.db_path)
    try:
        before = sorted((f.id, f.kind, f.severity) for f in dbmod.iter_findings(db))
        facts_before = sorted(f.id for f in dbmod.iter_facts(db))
    finally:
        db.close()
    result = CliRunner().invoke(cli, ["--db", str(daily_typhoon.db_path), "reconcile", "--full"])
    assert result.exit_code == 0, result.output
    db = dbmod.open_db(daily_typhoon.db_path)
    try:
        assert sorted((f.id, f.kind, f.severity) for f in dbmod.iter_findings(db)) == before
        assert sorted(f.id for f in dbmod.iter_facts(db)) == facts_before
    finally:
        db.close()
