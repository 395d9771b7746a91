"""Money and units news uses every day (issue 13): cents and pence, country-prefixed currencies,
basis and percentage points written every way, magnitudes, match minutes, seconds, energy in
gigawatt-hours, revisions with their direction, and bare whole numbers that count."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

Claims = Callable[..., list[Claim]]


def q(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.kind == "quantity" and text in c.text]
    assert found, f"no figure {text!r} in {[c.text for c in claims if c.kind == 'quantity']}"
    return found[0]


@pytest.mark.parametrize(("sentence", "unit"), [
    ("The party's 16.4% is a drop of 9.3 points from its 25.7% last time.", "percentage_point"),
    ("Her approval rating fell 5 points to 38%.", "percentage_point"),
    ("The Dow fell 542 points, or 1.2%, on Friday.", "point"),  # the change restated
    ("The index rose 30 points to 5,000.", "point"),
])
def test_points_beside_percentage_levels_are_percentage_points(claims_of: Claims,
                                                               sentence: str, unit: str) -> None:
    figure = next(c for c in claims_of(sentence) if c.unit_text and "point" in c.unit_text)
    assert figure.unit == unit


@pytest.mark.parametrize(("sentence", "figure", "value", "unit"), [
    ("The company earned 38 cents a share in the quarter.", "38 cents", 0.38, "USD/share"),
    ("A loaf now costs 95 pence in British shops.", "95 pence", 0.95, "GBP"),
    ("The miner raised US$250m from investors.", "US$250m", 2.5e8, "USD"),
    ("Shares closed at C$14.20 in Toronto on Friday.", "C$14.20", 14.2, "CAD"),
    ("The utility will invest R500 million in new lines.", "R500 million", 5e8, "ZAR"),
    ("The bank cut rates by a quarter of a percentage point.",
     "a quarter of a percentage point", 0.25, "percentage_point"),
    ("It was the first half-point cut since 2008.", "half-point", 0.5, "percentage_point"),
    ("Policymakers approved a 25-basis-point reduction.", "25-basis-point", 0.25,
     "percentage_point"),
    ("A 6.1-magnitude quake struck the region on Sunday.", "6.1-magnitude", 6.1, "magnitude"),
    ("The tremor measured 5.8 on the Richter scale.", "5.8 on the Richter scale", 5.8,
     "magnitude"),
    ("Palmer scored in the 71st minute to seal the win.", "71st minute", 71, "minute"),
    ("The jet crashed forty seconds after takeoff.", "forty seconds", 40, "second"),
    ("He signed a five-year contract with the club.", "five-year", 5, "year"),
    ("The plant stored 9.6 gigawatt-hours of energy last year.", "9.6 gigawatt-hours", 9.6e6,
     "kwh"),
    ("The second goal came a quarter of an hour later.", "a quarter of an hour", 0.25, "hour"),
    ("The meeting lasted three quarters of an hour.", "three quarters of an hour", 0.75,
     "hour"),
])
def test_an_everyday_unit_is_read_with_its_value(claims_of: Claims, sentence: str, figure: str,
                                                 value: float, unit: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert abs(claim.value or 0) == pytest.approx(value) and claim.unit == unit


def test_a_duration_is_no_change_of_the_verb_it_follows(claims_of: Claims) -> None:
    claim = q(claims_of("The jet crashed forty seconds after takeoff."), "forty seconds")
    assert (claim.basis, claim.value) == ("absolute", 40)


def test_a_one_letter_currency_needs_a_capital_glued_to_the_number(claims_of: Claims) -> None:
    claims = claims_of("The fare rose to r 500 and then to r500 on Monday.")
    assert not any(c.unit == "ZAR" for c in claims)


def test_a_hyphen_does_not_join_an_ordinal_half(claims_of: Claims) -> None:
    claims = claims_of("Chelsea scored two second-half goals on Sunday.")
    assert not any(c.unit == "second" for c in claims)


def test_a_revision_down_is_a_fall(claims_of: Claims) -> None:
    claim = q(claims_of("June payrolls were revised down by 87,000 on Friday."), "87,000")
    assert (claim.basis, claim.value, claim.direction) == ("change", -87000, "down")


@pytest.mark.parametrize(("sentence", "figure"), [
    ("The death toll passed 800 on Sunday, officials said.", "800"),
    ("In the new parliament the conservatives hold 208 seats, the nationalists 152.", "152"),
    ("At least 255 were injured when the building collapsed.", "255"),
])
def test_a_bare_whole_number_counts(claims_of: Claims, sentence: str, figure: str) -> None:
    assert q(claims_of(sentence), figure).unit == "count"


@pytest.mark.parametrize(("sentence", "figure"), [
    ("The index rose to 310 on Friday, traders said.", "310"),
    ("The ratio stood at 5.2 according to the survey.", "5.2"),
])
def test_a_scale_reading_or_a_decimal_is_no_count(claims_of: Claims, sentence: str,
                                                  figure: str) -> None:
    assert q(claims_of(sentence), figure).unit is None


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Adjusted earnings per share were 68 cents, short of forecasts.", "68 cents"),
    ("EPS came in at $1.05 for the quarter.", "$1.05"),
    ("It now expects adjusted EPS of $2.52 to $2.62 for the year.", "$2.62"),
])
def test_an_amount_of_earnings_per_share_is_per_share(claims_of: Claims, sentence: str,
                                                      figure: str) -> None:
    """lexicon `per_share_words` before the amount (or "a share" after it)."""
    assert q(claims_of(sentence), figure).unit == "USD/share"


def test_an_amount_after_a_per_share_sentence_is_not_per_share(claims_of: Claims) -> None:
    claims = claims_of("EPS rose 5%. Revenue rose to $177.4 billion.")
    assert q(claims, "$177.4 billion").unit == "USD"
