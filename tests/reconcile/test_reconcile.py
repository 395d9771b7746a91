"""Stories, incremental and idempotent reconcile runs, and the reconcile/stories commands."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.records import Article, Claim, stable_id
from extractor.core.settings import load_settings
from extractor.reconcile.run import list_stories, reconcile

SETTINGS = load_settings()


def _other_domain_article(key: str, published: str, text: str) -> Article:
    url = f"https://news.example/{key}"
    return Article(id=stable_id(url), url=url, canonical_url=url, outlet=f"Outlet {key}",
                   title=text.split(".")[0], text=text,
                   text_hash=hashlib.sha256(text.encode()).hexdigest(), published=published)


FLOOD = ("Floods in the Po valley killed 41 people and forced 12,730 residents from their homes, "
         "regional officials said on Monday. Rescue teams were still searching villages near "
         "the river. The regional government said damage to farms would reach 1.28 billion euros.")


def _flood_claims(article: Article, deaths: float) -> list[Claim]:
    def claim(text: str, **fields: object) -> Claim:
        start = article.text.index(text) if text in article.text else 0
        return Claim(id=stable_id(article.id, start, text), article_id=article.id,
                     kind="quantity", text=text, start=start, end=start + len(text),
                     sentence=article.text.split(". ")[0], subject="Italy",
                     **fields)  # type: ignore[arg-type]

    return [claim("41 people", value=deaths, unit="count", basis="absolute", metric="deaths"),
            claim("12,730 residents", value=12730, unit="count", basis="absolute",
                  metric="evacuations", object="residents"),
            claim("1.28 billion euros", value=1.28e9, unit="EUR", basis="absolute",
                  metric="damage", object="farms")]


def test_seeds_make_one_story_of_five_independent_articles(hand_db: sqlite_utils.Database
                                                           ) -> None:
    summary = reconcile(hand_db, SETTINGS)
    assert (summary.stories, summary.articles, summary.changed_stories) == (1, 5, 1)
    assert summary.findings["high"] >= 1 and summary.facts > 10
    (story,) = list_stories(hand_db)
    assert (story.articles, story.independent_sources) == (5, 5)
    assert story.findings == len(list(dbmod.iter_findings(hand_db)))
    assert "5 articles" in str(summary) and "1 high" in str(summary)


def test_reconcile_is_idempotent_and_incremental(hand_db: sqlite_utils.Database,
        store: Callable[..., Any]) -> None:
    reconcile(hand_db, SETTINGS)
    before = {f.id for f in dbmod.iter_findings(hand_db)}
    (story,) = list(dbmod.iter_stories(hand_db))
    again = reconcile(hand_db, SETTINGS)
    assert (again.changed_stories, again.changed_articles) == (0, 0)
    assert {f.id for f in dbmod.iter_findings(hand_db)} == before

    # an unrelated story from another domain starts its own story and leaves the first alone
    flood = _other_domain_article("flood-1", "2026-11-03", FLOOD)
    store(hand_db, [flood], _flood_claims(flood, 41))
    summary = reconcile(hand_db, SETTINGS)
    assert (summary.stories, summary.changed_stories, summary.changed_articles) == (2, 1, 1)
    assert [s.id for s in dbmod.iter_stories(hand_db)].count(story.id) == 1
    assert {f.id for f in dbmod.iter_findings(hand_db, story.id)} == before

    # a second report of the flood joins its story through the figures they share
    text2 = FLOOD.replace("killed 41 people", "killed 41 people, according to civil protection,")
    follow = _other_domain_article("flood-2", "2026-11-04", text2 + " More rain is expected.")
    store(hand_db, [follow], _flood_claims(follow, 41))
    summary = reconcile(hand_db, SETTINGS)
    assert (summary.stories, summary.changed_stories) == (2, 1)
    flood_story = next(s for s in dbmod.iter_stories(hand_db) if flood.id in s.article_ids)
    assert set(flood_story.article_ids) == {flood.id, follow.id}
    # the follow-up repeats the report nearly word for word: one independent source
    assert flood_story.independent_sources == 1 and flood_story.syndicated == ((follow.id,
                                                                                flood.id),)


def test_changed_claims_recompute_only_their_story(hand_db: sqlite_utils.Database,
        store: Callable[..., Any]) -> None:
    flood = _other_domain_article("flood-1", "2026-11-03", FLOOD)
    store(hand_db, [flood], _flood_claims(flood, 41))
    reconcile(hand_db, SETTINGS)
    facts = {f.id for f in dbmod.iter_facts(hand_db)}
    # re-extraction of one article (a new pipeline version) changes its claims
    dbmod.replace_claims(hand_db, flood.id, _flood_claims(flood, 42), pipeline="v2")
    summary = reconcile(hand_db, SETTINGS)
    assert (summary.changed_stories, summary.changed_articles) == (1, 1)
    assert any(f.value == 42 for f in dbmod.iter_facts(hand_db))
    assert len({f.id for f in dbmod.iter_facts(hand_db)} & facts) >= 10  # seeds' facts kept


def test_full_recomputes_everything_with_the_same_result(hand_db: sqlite_utils.Database) -> None:
    first = reconcile(hand_db, SETTINGS)
    findings = sorted((f.kind, f.severity, f.claim_ids) for f in dbmod.iter_findings(hand_db))
    full = reconcile(hand_db, SETTINGS, full=True)
    assert full.changed_stories == 1 and full.facts == first.facts
    assert sorted((f.kind, f.severity, f.claim_ids)
                  for f in dbmod.iter_findings(hand_db)) == findings


def test_articles_far_apart_in_time_are_different_stories(db: sqlite_utils.Database,
        store: Callable[..., Any]) -> None:
    one = _other_domain_article("flood-2025", "2025-05-01", FLOOD)
    two = _other_domain_article("flood-2026", "2026-11-03", FLOOD + " A year later.")
    store(db, [one, two], _flood_claims(one, 41) + _flood_claims(two, 41))
    assert reconcile(db, SETTINGS).stories == 2


def test_articles_without_claims_or_text_in_common_stay_apart(db: sqlite_utils.Database,
        store: Callable[..., Any]) -> None:
    articles = [
        _other_domain_article("a", "2026-01-05", "The city council approved a new cycling lane "
                              "along the harbour after a long debate about parking spaces."),
        _other_domain_article("b", "2026-01-05", "A late goal gave the visitors a draw in the "
                              "derby, leaving both clubs level at the top of the table."),
    ]
    store(db, articles, [])
    summary = reconcile(db, SETTINGS)
    assert summary.stories == 2 and summary.facts == 0


def test_reconcile_and_stories_commands(hand_db: sqlite_utils.Database, db_path: Path,
                                        runner: CliRunner) -> None:
    hand_db.close()
    result = runner.invoke(cli, ["--db", str(db_path), "reconcile"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("reconciled 5 articles into 1 story")
    result = runner.invoke(cli, ["--db", str(db_path), "stories"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "1 story"
    assert "5 articles" in lines[0] and "5 sources" in lines[0] and "1 high" in lines[0]
    result = runner.invoke(cli, ["--db", str(db_path), "reconcile", "--full"])
    assert result.exit_code == 0 and "(1 recomputed" in result.output


def test_commands_on_an_unusable_database_fail_with_one_line(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    bad = tmp_path / "not.db"
    bad.write_text("this is not a database" * 50)
    for command in ("reconcile", "stories"):
        result = runner.invoke(cli, ["--db", str(bad), command])
        assert result.exit_code == 1
        assert result.output.strip() == ("Error: not a usable SQLite database: file is not a "
                                         f"database ({bad})")


def test_stories_on_an_empty_database_says_what_to_do(db_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", str(db_path), "stories"])
    assert result.exit_code == 0
    assert "run `newsclaims reconcile`" in result.output


def test_claims_of_unknown_shape_do_not_break_a_story(db: sqlite_utils.Database,
        store: Callable[..., Any]) -> None:
    """Hostile input: claims with missing values, odd units, zero and negative levels."""
    article = _other_domain_article("odd", "2026-02-02", FLOOD)
    odd = [
        Claim(id="o1", article_id=article.id, kind="quantity", text="n/a", start=0, end=3,
              sentence="n/a"),
        Claim(id="o2", article_id=article.id, kind="quantity", text="0 people", start=3, end=11,
              sentence="s", value=0, unit="count", basis="absolute"),
        Claim(id="o3", article_id=article.id, kind="quantity", text="-5 zorks", start=11, end=19,
              sentence="s", value=-5, unit="zork", basis="absolute"),
        Claim(id="o4", article_id=article.id, kind="quantity", text="-120%", start=19, end=24,
              sentence="s", value=-120, unit="percent", basis="change", comparison="mom",
              period_start="2026-01-01", period_end="2026-01-31"),
        Claim(id="o5", article_id=article.id, kind="event", text="x", start=24, end=25,
              sentence="s", place="Nowhere"),
        Claim(id="o6", article_id=article.id, kind="quantity", text="NaN t", start=25, end=30,
              sentence="s", value=float("nan"), unit="tonne", basis="absolute"),
        Claim(id="o7", article_id=article.id, kind="quantity", text="1e400", start=30, end=35,
              sentence="s", value=float("inf"), unit="count", basis="absolute"),
        Claim(id="o8", article_id=article.id, kind="quantity", text="12%", start=35, end=38,
              sentence="s", value=12, unit="percent", basis="change", comparison="yoy",
              period_start="2026-13-45", period_end="garbage"),
        Claim(id="o9", article_id=article.id, kind="event", text="met", start=38, end=41,
              sentence="s", event="", period_start="not a date", participants=("", "X")),
    ]
    store(db, [article], odd)
    summary = reconcile(db, SETTINGS)
    assert summary.stories == 1 and summary.facts >= 3
