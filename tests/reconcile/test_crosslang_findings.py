"""Conflicts across languages, through the real chain (ingest -> extract -> reconcile -> report).

An invented takeover reported in English, German and Spanish (tests/reconcile/fixtures/
crosslang/): two English outlets give £200m; one German outlet gives 300 million euros (about
£255m at any rate of 2025: a planted currency conflict) and calls the chief executive "die
55-Jährige" where the English outlets give her age as 54 (a planted age conflict); another
German and a Spanish outlet give 235 million euros (a correct conversion) and the age 54.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Finding
from extractor.report import render

FIXTURES = Path(__file__).parent / "fixtures" / "crosslang"


def _outlets(db: sqlite_utils.Database) -> dict[str, str | None]:
    return {a.id: a.outlet for a in dbmod.iter_articles(db)}


def _must_look(db: sqlite_utils.Database) -> list[Finding]:
    return [f for f in dbmod.iter_findings(db) if f.severity in ("high", "medium")]


@pytest.fixture
def planted_db(reconciled_manifest: Callable[[Path], sqlite_utils.Database]
               ) -> sqlite_utils.Database:
    return reconciled_manifest(FIXTURES / "planted.jsonl")


@pytest.fixture
def converted_db(reconciled_manifest: Callable[[Path], sqlite_utils.Database]
                 ) -> sqlite_utils.Database:
    return reconciled_manifest(FIXTURES / "converted.jsonl")


def test_the_languages_of_one_takeover_form_one_story(planted_db: sqlite_utils.Database,
                                                        converted_db: sqlite_utils.Database
                                                        ) -> None:
    for db in (planted_db, converted_db):
        assert len(list(dbmod.iter_stories(db))) == 1


def test_a_german_amount_no_rate_joins_to_the_english_pounds_is_a_currency_conflict(
        planted_db: sqlite_utils.Database) -> None:
    outlets = _outlets(planted_db)
    currency = [f for f in _must_look(planted_db) if f.kind == "currency_conflict"]
    assert len(currency) == 1
    finding = currency[0]
    assert finding.severity == "high"
    # the German outlet is the odd one out, against both English outlets
    assert outlets[finding.article_ids[0]] == "Kurier am Hafen"
    assert {outlets[a] for a in finding.article_ids} == {
        "Kurier am Hafen", "Harbour Desk", "Northline Business"}
    assert finding.explanation.startswith("Odd one out: Kurier am Hafen [de] leads with "
                                          "\"300 Millionen Euro\"")
    assert "GBP per EUR" in finding.explanation or "EUR per GBP" in finding.explanation
    # why the two statements are one thing, and the original German sentence quoted
    assert "Same thing: each headline gives the amount its report is about" in (
        finding.explanation)
    assert any("zahlt für den dänischen Kabelhersteller Vessel Grid 300 Millionen Euro" in e
               for e in finding.evidence)


def test_a_correct_conversion_into_euros_is_not_flagged(converted_db: sqlite_utils.Database
                                                        ) -> None:
    # £200m and 235 million euros (1.175 euros a pound, June 2025), in three languages
    assert _must_look(converted_db) == []


def test_an_age_written_as_der_55_jaehrige_conflicts_with_the_english_54(
        planted_db: sqlite_utils.Database) -> None:
    outlets = _outlets(planted_db)
    ages = [f for f in _must_look(planted_db) if f.kind == "person_conflict"]
    assert len(ages) == 1
    finding = ages[0]
    assert finding.severity == "high"
    assert outlets[finding.article_ids[0]] == "Kurier am Hafen"
    assert "Mira Kessler the age 55, while 2 independent sources give 54" in (
        finding.explanation)
    # the German age is read from a description: the explanation says whom it refers to
    assert "\"55-Jährige\" in a sentence that does not name Mira Kessler" in (
        finding.explanation)


def test_an_age_given_in_spanish_agrees_with_the_english_one(
        converted_db: sqlite_utils.Database) -> None:
    ages = [c for c in dbmod.iter_claims(converted_db) if c.metric == "age"]
    assert {(c.subject, c.value) for c in ages} == {("Mira Kessler", 54.0)}
    assert len({c.article_id for c in ages}) == 3  # two English outlets and the Spanish one


def test_the_report_marks_the_language_of_non_english_evidence(
        planted_db: sqlite_utils.Database) -> None:
    for fmt in ("term", "md", "html"):
        text = render(planted_db, fmt, width=200)
        # Markdown escapes the brackets it would otherwise read as a link
        marker = "\\[de\\]" if fmt == "md" else "[de]"
        assert f"Kurier am Hafen {marker}" in text, fmt
        assert "Harbour Desk [en]" not in text, fmt  # English is the report's own language
        # the original sentence, not a translation
        assert "zahlt für den dänischen Kabelhersteller Vessel Grid" in text, fmt
    payload = json.loads(render(planted_db, "json"))
    languages = {a["outlet"]: a["language"] for s in payload["stories"] for a in s["articles"]}
    assert languages == {"Kurier am Hafen": "de", "Harbour Desk": "en",
                         "Northline Business": "en"}
