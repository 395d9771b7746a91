"""Stated figures as intervals: what must agree (rounding, hedges, units, folds), what must not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.core.records import Claim
from extractor.reconcile.tolerance import (
    UNREAD,
    Interval,
    canonical_unit,
    claim_interval,
    implied_ratio,
    is_distinctive,
    ratio_interval,
    read_unit,
    rounding_step,
    same_figure,
    stated_interval,
)


@pytest.mark.parametrize(("value", "text", "step"), [
    (3188, "3,188 tonnes", 1.0),
    (157.5, "157.5%", 0.1),
    (160, "160%", 10.0),  # trailing zero: two significant figures
    (270000, "270,000 tons", 10000.0),
    (500e6, "$500 million", 10e6),  # the scale word scales the step
    (1.2e9, "1.2bn", 0.1e9),
    (7, "sevenfold", 1.0),  # words: one significant figure
    (0.5, "about half", 0.1),
    (7, "seven of the 17", 1.0),  # the first number written is not this value's
])
def test_rounding_step_reads_the_last_stated_digit(value: float, text: str, step: float) -> None:
    assert rounding_step(value, text) == pytest.approx(step)


def test_roundings_and_hedges_of_one_figure_agree() -> None:
    exact = stated_interval(157.5, "157.5%")
    for value, text, qualifier in [(158, "158%", "exact"), (160, "160%", "exact"),
                                   (160, "nearly 160%", "nearly"),
                                   (160, "around 160%", "about")]:
        assert exact.meets(stated_interval(value, text, qualifier)), text
    assert stated_interval(-38.1, "38.1% below").meets(stated_interval(-38, "38% lower"))
    assert stated_interval(90, "about 90%", "about").meets(
        stated_interval(90, "over 90%", "more_than"))


def test_real_differences_do_not_agree() -> None:
    assert not stated_interval(100, "100 dead").meets(stated_interval(140, "140 dead"))
    assert not stated_interval(353, "353 tonnes").meets(stated_interval(3188, "3,188 tonnes"))
    assert not stated_interval(38, "38%").meets(stated_interval(18.9, "18.9%"))
    # a hedge bounds the figure on one side only
    assert not stated_interval(90, "over 90%", "more_than").meets(
        stated_interval(70, "about 70%", "about"))
    assert not stated_interval(160, "nearly 160%", "nearly").meets(stated_interval(180, "180%"))


def test_hedges_apply_to_the_magnitude_of_a_fall() -> None:
    fell = stated_interval(-38, "fell more than 38%", "more_than")
    assert fell.contains(-45) and not fell.contains(-30)


def _claim(**fields: object) -> Claim:
    base: dict[str, object] = {"id": "x", "article_id": "a", "kind": "quantity", "start": 0,
                               "end": 1, "sentence": "s"}
    base.update(fields)
    return Claim(**base)  # type: ignore[arg-type]


def test_folds_percents_and_halves_share_one_ratio_scale() -> None:
    pct = ratio_interval(_claim(text="660%", value=660, unit="percent", basis="change"))
    fold = ratio_interval(_claim(text="more than sevenfold", value=7, unit="multiple",
                                 basis="multiple", qualifier="more_than"))
    times = ratio_interval(_claim(text="more than seven times higher", value=7, unit="multiple",
                                  basis="multiple", qualifier="more_than"))
    half = ratio_interval(_claim(text="about half", value=0.5, unit="multiple", basis="multiple",
                                 qualifier="about"))
    below = ratio_interval(_claim(text="about 50%", value=-50, unit="percent", basis="change",
                                  qualifier="about"))
    assert pct and fold and times and half and below
    assert pct.contains(7.6) and pct.meets(fold) and pct.meets(times)
    assert half.meets(below)
    less = ratio_interval(_claim(text="38% less", value=-38, unit="percent", basis="change"))
    assert less and not less.meets(half)


def test_times_higher_admits_both_readings() -> None:
    times = ratio_interval(_claim(text="three times higher", value=3, unit="multiple",
                                  basis="multiple"))
    assert times and times.contains(3.0) and times.contains(4.0)
    plain = ratio_interval(_claim(text="tripled", value=3, unit="multiple", basis="multiple"))
    assert plain and not plain.contains(4.0)


def test_units_tonnes_tons_and_metric_tons_are_one_unit() -> None:
    assert {canonical_unit(u)[0] for u in ("tonne", "tons", "metric tons", "t")} == {"tonne"}
    assert canonical_unit("short tons")[1] == pytest.approx(0.907, abs=1e-3)
    assert canonical_unit("EUR") == ("EUR", 1.0)
    kg = claim_interval(_claim(text="353,000 kg", value=353000, unit="kg", basis="absolute"))
    t = claim_interval(_claim(text="353 tonnes", value=353, unit="tonne", basis="absolute"))
    assert kg and t and kg.meets(t)


def test_an_ambiguous_currency_name_is_compared_as_unread(
        make_claim: Callable[..., Claim]) -> None:
    """ "12.4 billion pesos" left as PESO (which country's?) may be another outlet's ₱12.4bn."""
    assert read_unit(make_claim(text="12.4 billion pesos", value=12.4e9, unit="PESO")) == UNREAD
    assert read_unit(make_claim(text="$214 million", value=2.14e8, unit="USD")) == "USD"
    assert read_unit(make_claim(text="353 tonnes", value=353, unit="tonne")) == "tonne"



def test_levels_imply_a_ratio_with_their_rounding() -> None:
    implied = implied_ratio(stated_interval(46, "46 tons"), stated_interval(353, "353 tons"))
    assert implied is not None
    assert implied.lo == pytest.approx(352.5 / 46.5) and implied.hi == pytest.approx(353.5 / 45.5)
    assert implied.contains(7.6)  # a reported +660% is consistent
    assert not implied.contains(8.0)
    assert implied_ratio(Interval(0, 1), Interval(1, 2)) is None  # no ratio from a zero base


def test_distinctive_figures_and_same_figure() -> None:
    a = _claim(text="3,188 tonnes", value=3188, unit="tonne", basis="absolute")
    b = _claim(text="3,188 metric tons", value=3188, unit="metric tons", basis="absolute")
    c = _claim(text="90%", value=90, unit="percent", basis="share")
    assert is_distinctive(a) and not is_distinctive(c)
    assert same_figure(a, b)
    assert not same_figure(a, _claim(text="3,190 tonnes", value=3190, unit="tonne"))


@given(st.floats(min_value=0.01, max_value=1e9), st.sampled_from(
    ["exact", "about", "nearly", "more_than", "less_than", "at_least", "up_to"]))
def test_a_figure_always_admits_its_own_value(value: float, qualifier: str) -> None:
    text = f"{value:,.2f}"
    interval = stated_interval(value, text, qualifier)
    assert interval.contains(value)
    assert stated_interval(-value, text, qualifier).contains(-value)


def test_make_claim_fixture_builds_claims(make_claim: Callable[..., Claim]) -> None:
    claim = make_claim(value=1.0, unit="count", basis="absolute")
    assert claim_interval(claim) == Interval(0.5, 1.5)
