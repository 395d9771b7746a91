"""Conflicts with an odd side, on hand-built claims from domains unlike the seeds: a headline that
gives a figure to another party is one direction finding, however many facts the other side
holds; an event one outlet dates and places apart is a high date conflict, naming the odd side
first; and statements made on different days are no one event to conflict over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractor.core.records import Article, Claim, Finding
from extractor.reconcile.align import names_occasion
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.syndication import syndicated_copies


def _article(article_id: str, outlet: str | None = None, published: str | None = None
             ) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}", outlet=outlet or article_id,
                   title=f"Title {article_id}", text=f"Text of {article_id}.", text_hash=article_id,
                   published=published)


def _run(articles: list[Article], claims: list[Claim]) -> list[Finding]:
    return analyse_story("s", articles, claims, syndicated_copies(articles)).findings


Q2 = {"period_start": "2026-04-01", "period_end": "2026-06-30", "basis": "change",
      "unit": "percent", "comparison": "qoq"}


def test_one_odd_headline_against_two_facts_is_one_direction_finding(
        make_claim: Callable[..., Claim]) -> None:
    """A headline gives Norland's coffee exports to Brazil; the body and two outlets give Brazil's
    exports to Norland, one with the thing named and one without (two facts on that side)."""
    claims = [
        make_claim("a", "31%", value=31, metric="exports", subject="Norland", field="title",
                   sentence="Norland exports jump 31%", **Q2),
        make_claim("a", "31%", value=31, metric="exports", subject="Brazil", counterpart="Norland",
                   object="coffee", sentence="Brazil's coffee exports to Norland rose 31%.", **Q2),
        make_claim("b", "31%", value=31, metric="exports", subject="Brazil", counterpart="Norland",
                   object="coffee", sentence="Brazilian coffee exports to Norland grew 31%.", **Q2),
        make_claim("c", "31%", value=31, metric="shipments", subject="Brazil",
                   counterpart="Norland", sentence="Shipments from Brazil to Norland rose 31%.",
                   **Q2),
    ]
    articles = [_article("a", "Daily Ledger"), _article("b", "Harbour Times"),
                _article("c", "Trade Wire")]
    findings = _run(articles, claims)
    (direction,) = [f for f in findings if f.kind == "direction_conflict"]
    assert direction.article_ids[0] == "a" and direction.claim_ids[0] == claims[0].id
    assert set(direction.article_ids) == {"a", "b", "c"}
    assert direction.explanation.startswith(
        "Odd one out: Daily Ledger's headline gives \"31%\" to Norland's exports; its own text and "
        "2 other independent sources give it to Brazil's exports to Norland")
    (inside,) = [f for f in findings if f.kind == "internal_inconsistency"]
    assert inside.article_ids == ("a",)


EVENT: dict[str, Any] = {"kind": "event", "event": "collapse"}


def _collapse(make_claim: Callable[..., Claim], article_id: str, day: str, place: str,
              participants: tuple[str, ...]) -> Claim:
    return make_claim(article_id, f"collapsed in {place}", place=place, period_start=day,
                      period_end=day, participants=participants, **EVENT)


def test_an_event_moved_a_day_and_a_place_by_one_outlet_is_a_high_date_conflict(
        make_claim: Callable[..., Claim]) -> None:
    """A bridge collapse: two outlets say Tarven on 4 May; one says "the bridge", Ostrava, 3 May."""
    claims = [_collapse(make_claim, "a", "2026-05-04", "Tarven", ("Tarven Bridge",)),
              _collapse(make_claim, "b", "2026-05-04", "Tarven", ("Tarven Bridge",)),
              _collapse(make_claim, "c", "2026-05-03", "Ostrava", ())]
    articles = [_article("a", "Rail Post"), _article("b", "City Desk"), _article("c", "Metro")]
    (date,) = [f for f in _run(articles, claims) if f.kind == "date_conflict"]
    assert date.severity == "high" and date.article_ids[0] == "c"
    assert date.explanation.startswith(
        "Odd one out: Metro dates this event 3 May 2026 and places it in Ostrava, while 2 "
        "independent sources date it 4 May 2026 and place it in Tarven")
    # one outlet against one, both naming the bridge: no side is odd, and it is for a
    # fact-checker, not high
    named = [claims[1], _collapse(make_claim, "c", "2026-05-03", "Ostrava", ("Tarven Bridge",))]
    (tie,) = [f for f in _run(articles[1:], named) if f.kind == "date_conflict"]
    assert tie.severity == "medium" and tie.explanation.startswith("One event, dates that do not")
    # a one-word predicate whose parties one side does not name ("collapsed", "ruled"), one
    # source against one: nothing says it is the same occasion (frames: no high or medium)
    assert not [f for f in _run(articles[1:], claims[1:]) if f.kind == "date_conflict"]


def test_statements_on_different_days_are_not_one_event(make_claim: Callable[..., Claim]) -> None:
    """A bare reporting verb names no occasion: "officials said on Monday" / "... on Wednesday"."""
    say: dict[str, Any] = {"kind": "event", "event": "say", "participants": ("officials",)}
    claims = [make_claim("a", "officials said on Monday", period_start="2026-05-04",
                         period_end="2026-05-04", **say),
              make_claim("b", "officials said on Wednesday", period_start="2026-05-06",
                         period_end="2026-05-06", **say)]
    assert not [f for f in _run([_article("a"), _article("b")], claims)
                if f.kind in ("date_conflict", "place_conflict")]
    assert not names_occasion({"say"}) and names_occasion({"collapse"})
    assert names_occasion({"sign", "treaty"}) and not names_occasion(set())
