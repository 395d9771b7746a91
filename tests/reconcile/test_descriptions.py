"""Fact descriptions a fact-checker reads, generated from the claims' fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from extractor.core.records import Article, Claim, Fact
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.describe import entity_phrase, period_phrase, possessive


def _facts(claims: list[Claim]) -> list[Fact]:
    ids = sorted({c.article_id for c in claims})
    articles = [Article(id=a, url=a, canonical_url=a, outlet=f"Outlet {a}", title=a, text=a,
                        text_hash=a, published="2026-07-02") for a in ids]
    return analyse_story("s", articles, claims, {}).facts


def _description(claims: list[Claim]) -> str:
    (fact,) = [f for f in _facts(claims) if f.kind == "quantity"]
    return fact.description


@pytest.mark.parametrize(("start", "end", "said"), [
    ("2025-06-01", "2025-06-30", "June 2025"),
    ("2026-01-01", "2026-03-31", "the first quarter of 2026"),
    ("2025-07-01", "2025-12-31", "the second half of 2025"),
    ("2024-01-01", "2024-12-31", "2024"),
    ("2026-03-02", "2026-03-02", "2 March 2026"),
    ("2026-02-01", "2026-04-30", "February to April 2026"),
    ("2025-11-15", "2026-01-10", "15 November 2025 to 10 January 2026"),
    ("not a date", None, "not a date"),
])
def test_periods_read_as_words(start: str, end: str | None, said: str) -> None:
    assert period_phrase(start, end) == said


def test_names_take_the_article_and_possessive_english_gives_them() -> None:
    assert entity_phrase("United States") == "the United States"
    assert entity_phrase("Bank of England") == "the Bank of England"
    assert entity_phrase("China") == "China" and entity_phrase("Nordbank") == "Nordbank"
    assert possessive("the United States") == "the United States'"
    assert possessive("Nordbank") == "Nordbank's"


def test_a_flow_told_from_either_side_is_described_from_the_giving_side(
        make_claim: Callable[..., Claim]) -> None:
    june: dict[str, Any] = {"unit": "tonne", "basis": "absolute", "period_start": "2025-06-01",
                            "period_end": "2025-06-30"}
    claims = [
        make_claim("a", "353 tonnes", value=353, metric="exports", object="magnets",
                   subject="China", counterpart="United States", **june),
        make_claim("b", "353 tons", value=353, metric="imports", object="magnets",
                   subject="United States", counterpart="China", **june),
    ]
    assert _description(claims) == ("China's exports of magnets to the United States, "
                                    "June 2025 (tonnes)")
    # told only by the buyer: described as the buyer tells it
    assert _description(claims[1:]) == ("The United States' imports of magnets from China, "
                                        "June 2025 (tonnes)")


def test_changes_shares_ranks_and_money_read_plainly(make_claim: Callable[..., Claim]) -> None:
    q1: dict[str, Any] = {"period_start": "2026-01-01", "period_end": "2026-03-31"}
    change = make_claim("a", "18%", value=18, unit="percent", basis="change", direction="up",
                        comparison="yoy", metric="net profit", subject="Nordbank", **q1)
    assert _description([change]) == ("Change in Nordbank's net profit, the first quarter of "
                                      "2026 vs a year earlier (percent)")
    profit = make_claim("a", "1.42 billion euros", value=1.42e9, unit="EUR", basis="absolute",
                        metric="profit", object="net profit", subject="Nordbank", **q1)
    assert _description([profit]) == "Nordbank's net profit, the first quarter of 2026 (EUR)"
    share = make_claim("a", "34.2%", value=34.2, unit="percent", basis="share", metric="share",
                       object="the vote", subject="Social Democrats")
    assert _description([share]) == "The Social Democrats' share of the vote (percent)"
    rank = make_claim("a", "second-largest", value=2, unit="rank", basis="rank",
                      metric="buyer", subject="United States")
    assert _description([rank]) == "The United States' rank as buyer (rank)"
    recalled = make_claim("a", "1.2 million", value=1.2e6, unit="count", basis="absolute",
                          metric="recalled", object="vehicles")
    # a metric read from a participle follows its object: "vehicles recalled"
    assert _description([recalled]) == "Vehicles recalled (number)"


def test_event_descriptions_name_action_parties_and_time(
        make_claim: Callable[..., Claim]) -> None:
    event = make_claim("a", "signed a ceasefire agreement", kind="event",
                       event="sign ceasefire agreement", participants=("Armenia", "Azerbaijan"),
                       period_start="2026-05-01", period_end="2026-05-31")
    (fact,) = _facts([event])
    assert fact.description == "Sign ceasefire agreement: Armenia and Azerbaijan, May 2026"
    # no bracketed codes or lower-cased names left from the machinery
    assert "[" not in fact.description and "armenia" not in fact.description


def test_a_stock_move_is_not_a_proportion(make_claim: Callable[..., Claim]) -> None:
    move: dict[str, Any] = {"unit": "percent", "basis": "change", "direction": "down",
                            "metric": "shares", "subject": "Nordbank",
                            "period_start": "2026-03-10", "period_end": "2026-03-10"}
    claims = [make_claim("a", "8.4%", value=-8.4, **move),
              make_claim("b", "8.4%", value=-8.4, **move)]
    assert _description(claims) == "Change in Nordbank's shares, 10 March 2026 (percent)"
    held = {"unit": "percent", "basis": "share", "metric": "share", "object": "the market",
            "subject": "Nordbank"}
    claims = [make_claim("a", "12%", value=12, **held), make_claim("b", "12%", value=12, **held)]
    assert _description(claims) == "Nordbank's share of the market (percent)"


def test_a_name_takes_the_article_as_its_sentences_write_it(
        make_claim: Callable[..., Claim]) -> None:
    fields: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "bottles",
                              "object": "bottles", "subject": "Nordvik Holdings"}
    said = "Nordvik Holdings is recalling 1.43 million bottles."
    claims = [make_claim("a", "1.43 million", value=1.43e6, sentence=said, **fields),
              make_claim("b", "1.43 million", value=1.43e6, sentence=said, **fields)]
    # a plural last word would take "the" by English's rule ("the United States"); the
    # sentences name this one bare
    assert _description(claims) == "Nordvik Holdings' bottles (number)"
    fields["subject"] = "Philippines"
    said = "Floods in the Philippines destroyed 3,600 houses."
    claims = [make_claim("a", "3,600", value=3600, sentence=said, **fields),
              make_claim("b", "3,600", value=3600, sentence=said, **fields)]
    assert _description(claims).startswith("The Philippines' bottles")
