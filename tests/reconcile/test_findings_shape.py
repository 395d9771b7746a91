"""What the report relies on in a finding: one evidence sentence per claim, the odd side first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractor.core.records import Article, Claim, Finding
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.syndication import syndicated_copies


def _article(article_id: str, outlet: str) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}", outlet=outlet,
                   title=f"Title {article_id}", text=f"Text of {article_id}.",
                   text_hash=article_id, published="2026-05-04")


def _run(articles: list[Article], claims: list[Claim]) -> list[Finding]:
    return analyse_story("s", articles, claims, syndicated_copies(articles)).findings


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_evidence_is_one_sentence_per_claim_in_claim_order(
        hand_claims: list[Claim], seed_articles: dict[str, Article]) -> None:
    findings = _run(list(seed_articles.values()), hand_claims)
    by_id = {c.id: c for c in hand_claims}
    assert findings
    for f in findings:
        assert len(f.evidence) == len(f.claim_ids), f
        assert list(f.evidence) == [_one_line(by_id[i].sentence) for i in f.claim_ids]


def test_evidence_repeats_a_sentence_that_holds_several_claims(
        make_claim: Callable[..., Claim]) -> None:
    sentence = ("Orders rose from 200 units in March to 300 units in April, a gain of 20%, "
                "the maker said.")
    common: dict[str, Any] = {"sentence": sentence, "unit": "count", "basis": "absolute",
                              "metric": "orders", "object": "units", "subject": "Velta"}
    claims = [
        make_claim("a", "200 units", value=200, period_start="2026-03-01",
                   period_end="2026-03-31", period_text="March", **common),
        make_claim("a", "300 units", value=300, period_start="2026-04-01",
                   period_end="2026-04-30", period_text="April", **common),
        make_claim("a", "20%", value=20, sentence=sentence, unit="percent", basis="change",
                   direction="up", comparison="mom", metric="orders", subject="Velta",
                   period_start="2026-04-01", period_end="2026-04-30", period_text="April"),
    ]
    findings = _run([_article("a", "Trade Weekly")], claims)
    (inside,) = [f for f in findings if f.kind == "internal_inconsistency"]
    assert len(inside.claim_ids) == 3 and inside.evidence == (sentence,) * 3
    # 200 -> 300 units (each rounded to two figures) is a rise of 44% to 56%
    assert "imply a change of +43.9% to +56.4%; stated: \"20%\" (+19.5% to +20.5%)" in \
        inside.explanation


def test_mislabelled_findings_put_the_odd_side_first(seed_findings_claims: Any) -> None:
    findings, claims, names = seed_findings_claims
    (label,) = [f for f in findings if f.kind == "mislabelled_object"]
    by_id = {c.id: c for c in claims}
    objects = [by_id[i].object for i in label.claim_ids]
    odd = [o for o in objects if o == objects[0]]
    # the odd label ("precious metals", one outlet) first, then the label most sources give
    assert objects[0] == "precious metals" and objects[:len(odd)] == odd
    assert all(o != objects[0] for o in objects[len(odd):]) and len(objects) > len(odd)
    assert names[label.article_ids[0]] == "001"
    assert label.explanation.startswith("Odd one out: ")
    assert "a label 1 independent source gives" in label.explanation
    assert "while 3 independent sources give the same figures" in label.explanation


def test_a_tied_label_names_no_odd_one(make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"unit": "tonne", "basis": "absolute", "metric": "output",
                              "subject": "Norland", "period_start": "2026-01-01",
                              "period_end": "2026-03-31"}
    claims = [make_claim("a", "4,512 tonnes", value=4512, object="copper cathodes", **common),
              make_claim("b", "4,512 tonnes", value=4512, object="copper ore", **common)]
    findings = _run([_article("a", "Metal Bulletin"), _article("b", "Mining Daily")], claims)
    (label,) = [f for f in findings if f.kind == "mislabelled_object"]
    assert "neither is the odd one out" in label.explanation


def test_a_flow_from_a_party_to_itself_is_no_reversal(make_claim: Callable[..., Claim]) -> None:
    june: dict[str, Any] = {"unit": "tonne", "basis": "absolute", "metric": "shipments",
                            "period_start": "2025-06-01", "period_end": "2025-06-30"}
    claims = [make_claim("a", "353 tons", value=353, subject="Norland", counterpart="Estovia",
                         **june),
              make_claim("b", "353 tons", value=353, subject="Estovia", counterpart="Estovia",
                         **june)]
    result = analyse_story("s", [_article("a", "Wire"), _article("b", "Blog")], claims, {})
    # "shipments to Estovia" read with Estovia as the owner too: a misreading, not a reversal
    assert not [f for f in result.findings if f.kind == "direction_conflict"]
    (fact,) = [f for f in result.facts if f.value == 353]
    assert fact.independent_sources == 2


def test_explanations_read_as_plain_english(seed_findings_claims: Any) -> None:
    """Counts are pluralised and verbs agree: no "source(s)", "give(s)", "report(s)"."""
    findings, _, _ = seed_findings_claims
    assert findings
    for finding in findings:
        assert "(s)" not in finding.explanation, finding.explanation
        assert finding.explanation[:1].isupper(), finding.explanation
        assert " 1 independent sources" not in finding.explanation
