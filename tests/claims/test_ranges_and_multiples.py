"""Ranges ("5-7%", "between $2 and $3 billion") as two bounds that admit any figure inside them,
and "X times higher" kept as X, with a tolerance that admits the X + 1 some readers mean."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim
from extractor.reconcile.tolerance import claim_interval

from .conftest import q

Claims = Callable[..., list[Claim]]


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Growth is expected to be 5-7% this year.", ("5", 5, "at_least"), ("7%", 7, "up_to")),
        ("Growth is expected to be between 5 and 7 per cent this year.",
         ("between 5", 5, "at_least"), ("7 per cent", 7, "up_to")),
        ("The plant will cost between $2 and $3 billion.",
         ("between $2", 2e9, "at_least"), ("$3 billion", 3e9, "up_to")),
        ("Sales fell 5–7% in June.", ("5", -5, "at_least"), ("7%", -7, "up_to")),
    ],
)
def test_a_range_is_two_bounds(claims_of: Claims, sentence: str,
                               low: tuple[str, float, str], high: tuple[str, float, str]) -> None:
    figures = [c for c in claims_of(sentence) if c.kind == "quantity"]
    assert [(c.text, c.value, c.qualifier) for c in figures] == [low, high]
    a, b = figures
    assert (a.unit, a.basis, a.metric, a.period_start) == (b.unit, b.basis, b.metric,
                                                           b.period_start)


def test_range_bounds_admit_any_figure_inside(claims_of: Claims) -> None:
    low, high = [c for c in claims_of("Growth is expected to be 5-7% this year.")
                 if c.kind == "quantity"]
    lo, hi = claim_interval(low), claim_interval(high)
    assert lo is not None and hi is not None
    for inside in (5.0, 6.0, 7.0):
        assert lo.contains(inside) and hi.contains(inside)
    assert not hi.contains(8.0)


def test_times_higher_keeps_x_and_the_tolerance_admits_x_plus_one(claims_of: Claims) -> None:
    claim = q(claims_of("Exports were seven times higher than in May."), "seven times")
    assert (claim.value, claim.unit, claim.qualifier) == (7, "multiple", "exact")
    assert claim.text == "seven times higher"
    plain = q(claims_of("Sales rose sevenfold in June."), "sevenfold")
    assert claim.confidence < plain.confidence
    interval = claim_interval(claim)
    assert interval is not None and interval.contains(7) and interval.contains(8)
