"""Counts: numbers of things with no unit word ("the death toll rose to 67"), the metric a count
takes from its verb, a count whose noun a second clause elides, numbers of nationals; and numbers
that count nothing (a scale reading, an identifier after a label noun)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import q, q_exact

Claims = Callable[..., list[Claim]]


@pytest.mark.parametrize(
    ("sentence", "figure", "obj", "metric"),
    [
        ("The death toll from the floods rose to 67 on Sunday.", "67", "death toll", "deaths"),
        ("The number of confirmed cases climbed to 1,204 in May.", "1,204", "cases", None),
        ("Officials said 310 people were evacuated on Monday.", "310", "people", None),
    ],
)
def test_counts_with_no_unit_word(claims_of: Claims, sentence: str, figure: str, obj: str,
                                  metric: str | None) -> None:
    claim = q(claims_of(sentence), figure)
    assert claim.unit == "count"
    assert obj in (claim.object or "")
    if metric:
        assert claim.metric == metric


def test_a_scale_reading_is_not_a_count(claims_of: Claims) -> None:
    claim = q(claims_of("The index rose to 310 on Friday, traders said."), "310")
    assert claim.unit is None


@pytest.mark.parametrize(
    ("sentence", "figure", "metric", "obj"),
    [
        ("The storm brought heavy rain, forcing 118,000 people from their homes.", "118,000",
         "displacements", "people"),
        ("The wildfire forced 2,300 families to flee.", "2,300", "displacements", "families"),
        ("The floods displaced 40,000 residents.", "40,000", "displacements", "residents"),
    ],
)
def test_counts_take_their_metric_from_the_verb(
        claims_of: Claims, sentence: str, figure: str, metric: str, obj: str) -> None:
    claim = q_exact(claims_of(sentence), figure)
    assert (claim.unit, claim.metric, claim.object) == ("count", metric, obj)


@pytest.mark.parametrize(
    ("sentence", "first", "second", "noun", "metrics"),
    [
        ("More than 3,600 houses were destroyed and 21,500 damaged, officials said.",
         "More than 3,600", "21,500", "houses", ("destroyed", "damaged")),
        ("About 12 bridges were destroyed and 40 damaged by the earthquake.",
         "About 12", "40", "bridges", ("destroyed", "damaged")),
        ("About 120 schools were closed and 45 flooded.", "About 120", "45", "schools",
         ("schools", "flooded")),
    ],
)
def test_an_elided_count_inherits_the_counted_noun(
        claims_of: Claims, sentence: str, first: str, second: str, noun: str,
        metrics: tuple[str, str]) -> None:
    claims = claims_of(sentence)
    a, b = q_exact(claims, first), q_exact(claims, second)
    assert (a.unit, a.object, b.unit, b.object) == ("count", noun, "count", noun)
    assert (a.metric, b.metric) == metrics


@pytest.mark.parametrize(
    ("sentence", "figure", "obj", "subject"),
    [
        ("Some 2 million Americans take the drug every day.", "Some 2 million", "Americans",
         "United States"),
        ("About 40,000 Kenyans attended the rally in Nairobi.", "About 40,000", "Kenyans",
         "Kenya"),
    ],
)
def test_a_number_of_nationals_counts_people(
        claims_of: Claims, sentence: str, figure: str, obj: str, subject: str) -> None:
    claim = q_exact(claims_of(sentence), figure)
    assert (claim.unit, claim.metric, claim.object, claim.subject) == (
        "count", "people", obj, subject)


@pytest.mark.parametrize(
    "sentence",
    [
        "The company tested the pill in a phase 3 trial that ended in 2019.",
        "The hurricane strengthened into a Category 4 storm overnight.",
        "Passengers on flight 370 were never found.",
        "The meeting was held in room 101 of the ministry.",
        "The proposal falls under section 12 of the treaty.",
    ],
)
def test_a_number_after_a_label_noun_is_an_identifier(claims_of: Claims, sentence: str) -> None:
    assert [c.text for c in claims_of(sentence) if c.kind == "quantity"] == []
