"""Headline claims (Claim.field == "title"): checked against the body, never a second source.

Hand-built title claims until the extractor emits them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Article, Claim
from extractor.core.settings import load_settings
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.run import reconcile

HEADLINE = "Nordbank profit jumps 25% as lending grows"
BODY = "Nordbank's net profit rose 18% in the first quarter of 2026 from a year earlier."
Q1: dict[str, Any] = {"unit": "percent", "basis": "change", "direction": "up",
                      "comparison": "yoy", "metric": "profit", "object": "net profit",
                      "subject": "Nordbank", "period_start": "2026-01-01",
                      "period_end": "2026-03-31", "period_text": "the first quarter of 2026"}


def _article(article_id: str, title: str, text: str) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}",
                   outlet=f"Outlet {article_id}", title=title, text=text, text_hash=article_id,
                   published="2026-04-24")


def _headline_claim(make_claim: Callable[..., Claim], article_id: str, title: str,
                    figure: str, value: float) -> Claim:
    start = title.index(figure)
    made = make_claim(article_id, figure, value=value, sentence=title, field="title", **Q1)
    # offsets index into the headline
    return replace(made, id=f"t-{made.id}", start=start, end=start + len(figure))


def test_a_headline_that_repeats_its_body_is_one_statement(
        make_claim: Callable[..., Claim]) -> None:
    title = "Nordbank profit up 18% in first quarter"
    a = _article("a", title, BODY)
    claims = [_headline_claim(make_claim, "a", title, "18%", 18),
              make_claim("a", "18%", value=18, sentence=BODY, **Q1)]
    result = analyse_story("s", [a], claims, {})
    (fact,) = [f for f in result.facts if f.kind == "quantity"]
    assert len(fact.claim_ids) == 2 and fact.independent_sources == 1
    assert fact.status == "single_source"
    assert not [f for f in result.findings if f.severity in ("high", "medium")]


def test_a_headline_contradicting_its_body_is_internal(
        make_claim: Callable[..., Claim]) -> None:
    a, b = _article("a", HEADLINE, BODY), _article("b", "Nordbank results", BODY)
    claims = [_headline_claim(make_claim, "a", HEADLINE, "25%", 25),
              make_claim("a", "18%", value=18, sentence=BODY, **Q1),
              make_claim("b", "18%", value=18, sentence=BODY, **Q1)]
    findings = analyse_story("s", [a, b], claims, {}).findings
    (inside,) = [f for f in findings if f.kind == "internal_inconsistency"]
    assert inside.article_ids == ("a",) and inside.severity == "medium"
    assert "in its headline and its text with values that disagree" in inside.explanation
    assert 'Outlet a (headline): "Nordbank profit jumps 25% as lending grows"' in \
        inside.explanation
    assert HEADLINE in inside.evidence and BODY in inside.evidence
    # the headline's figure disputes what two independent sources (a's body, b) say
    (value,) = [f for f in findings if f.kind == "value_conflict"]
    assert set(value.article_ids) == {"a", "b"}


def test_a_reversed_headline_is_a_direction_and_internal_conflict(
        seed_findings_claims: Any) -> None:
    findings, claims, names = seed_findings_claims
    by_id = {c.id: c for c in claims}
    (direction,) = [f for f in findings if f.kind == "direction_conflict"]
    assert names[direction.article_ids[0]] == "000"
    assert by_id[direction.claim_ids[0]].field == "title"  # the odd claim first
    assert "Odd one out" in direction.explanation
    # a flow reads from the giver to the receiver, counts are pluralised
    assert "headline of the article «Rare metals" in direction.explanation
    assert "gives \"660%\" to the United States' exports; its own text and 3 other " \
           "independent sources give it to China's exports to the United States" \
           in direction.explanation
    assert "(s)" not in direction.explanation
    (inside,) = [f for f in findings if f.kind == "internal_inconsistency"]
    assert "its headline gives it to the United States' exports, its own text to China's " \
           "exports to the United States" in inside.explanation


def test_headline_claims_go_through_the_database(db: sqlite_utils.Database,
                                                 store: Callable[..., Any],
                                                 make_claim: Callable[..., Claim]) -> None:
    a, b = _article("a", HEADLINE, BODY), _article("b", "Nordbank results", BODY)
    claims = [_headline_claim(make_claim, "a", HEADLINE, "25%", 25),
              make_claim("a", "18%", value=18, sentence=BODY, **Q1),
              make_claim("b", "18%", value=18, sentence=BODY, **Q1)]
    store(db, [a, b], claims)
    reconcile(db, load_settings())
    kinds = {(f.kind, f.article_ids) for f in dbmod.iter_findings(db)
             if f.severity in ("high", "medium")}
    assert ("internal_inconsistency", ("a",)) in kinds
