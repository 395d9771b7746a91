"""What a figure measures: its object is the noun that governs it, never its unit; its metric is
the measured noun, not a verb beside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import q, q_exact

Claims = Callable[..., list[Claim]]


@pytest.mark.parametrize(
    ("sentence", "figure", "obj"),
    [
        ("Siemens reported a profit of 1.42 billion euros in the third quarter.",
         "1.42 billion euros", "profit"),
        ("The group posted revenue of 3.1 billion pounds in 2024.", "3.1 billion pounds",
         "revenue"),
        ("The group booked sales of 9,000 tonnes in June.", "9,000 tonnes", "sales"),
    ],
)
def test_the_object_is_the_governing_noun_not_the_unit(
        claims_of: Claims, sentence: str, figure: str, obj: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert claim.object == obj
    assert claim.object not in (claim.unit_text, claim.unit)


@pytest.mark.parametrize(
    ("sentence", "figure", "metric", "unit"),
    [
        ("The typhoon brings sustained winds of 185 kilometres per hour to the coast.",
         "185 kilometres per hour", "winds", "kmh"),
        ("The train reached a top speed of 320 kilometres per hour in tests.",
         "320 kilometres per hour", "speed", "kmh"),
        ("Tests found the impurity at up to 3.4 times the daily intake the agency considers "
         "acceptable.", "up to 3.4 times", "impurity", "multiple"),
        ("Inspectors measured lead at five times the legal limit the city allows.",
         "five times", "lead", "multiple"),
    ],
)
def test_the_metric_is_the_measured_noun_not_a_neighbouring_verb(
        claims_of: Claims, sentence: str, figure: str, metric: str, unit: str) -> None:
    claim = q_exact(claims_of(sentence), figure)
    assert (claim.metric, claim.unit) == (metric, unit)


def test_a_verb_names_no_metric_outside_english() -> None:
    """verb_names_metric: "vendu" + "s" names nothing; a French verb names a metric only
    through `verb_metrics` (none), so the metric is left open rather than made up."""
    from extractor.claims.nlp import load_language, make_doc

    nlp = load_language("fr")
    doc = nlp(make_doc(nlp, "Le constructeur a livré 3 000 camions en mai.",
                       published="2025-07-21"))
    claim = next(c for c in doc._.claims if c.kind == "quantity")
    assert claim.value == 3000
    assert claim.metric is None
