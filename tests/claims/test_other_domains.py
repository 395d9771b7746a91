"""Articles from other domains than the seed story: health, earnings, elections, disasters.

newsclaims is judged on stories it has never seen; these check that nothing in the rules leans
on the seed story's vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.records import Claim

Claims = Callable[..., list[Claim]]


def q(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.kind == "quantity" and text in c.text]
    assert found, f"no claim with {text!r}: {[c.text for c in claims]}"
    return found[0]


def fields(c: Claim) -> tuple[object, ...]:
    return (c.value, c.unit, c.basis, c.period_start, c.period_end)


@pytest.fixture(scope="module")
def health(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("health.txt"), published="2024-04-15")


@pytest.fixture(scope="module")
def earnings(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("earnings.txt"), published="2024-11-14")


@pytest.fixture(scope="module")
def election(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("election.txt"), published="2024-07-06")


@pytest.fixture(scope="module")
def disaster(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("disaster.txt"), published="2023-09-11")


@pytest.fixture(scope="module")
def article_text() -> Callable[[str], str]:
    from .conftest import ARTICLES

    return lambda name: (ARTICLES / name).read_text(encoding="utf-8")


def test_public_health_counts(health: list[Claim]) -> None:
    cases = q(health, "1,243")
    assert fields(cases) == (1243, "count", "absolute", "2024-01-01", "2024-03-31")
    assert cases.metric == "cases"
    rise = q(health, "38%")
    assert (rise.value, rise.basis, rise.comparison) == (38, "change", "qoq")
    admissions = q(health, "12.5%")
    assert (admissions.value, admissions.comparison, admissions.period_start) == (
        -12.5, "yoy", "2024-03-01")
    double = q(health, "double")
    assert (double.value, double.unit, double.qualifier) == (2, "multiple", "more_than")
    share = q(health, "two-thirds")
    assert (share.basis, share.qualifier) == ("share", "about")
    assert share.value == pytest.approx(66.67, abs=0.01)
    doses = q(health, "4,000")
    assert (doses.qualifier, doses.unit, doses.period_start) == ("less_than", "count",
                                                                 "2024-02-01")
    points = q(health, "3 percentage points")
    assert (points.value, points.unit, points.basis) == (-3, "percentage_point", "change")
    assert not [c for c in health if "0800" in c.text or "0199" in c.text]  # a phone number
    release = [c for c in health if c.kind == "event" and c.period_start == "2024-04-12"]
    assert release, "the release of the figures is a dated event"


def test_company_earnings_in_eur_and_gbp(earnings: list[Claim]) -> None:
    assert fields(q(earnings, "€2.6 billion")) == (2.6e9, "EUR", "absolute", "2024-07-01",
                                                    "2024-09-30")
    rise = q(earnings, "9%")
    assert (rise.value, rise.basis, rise.period_start) == (9, "change", "2024-07-01")
    assert q(earnings, "€19.2bn").value == pytest.approx(1.92e10)
    base = q(earnings, "€18.3bn")
    assert (base.period_start, base.period_end) == ("2023-07-01", "2023-09-30")
    assert q(earnings, "4.1%").value == pytest.approx(-4.1)
    profit = q(earnings, "£2.1 billion")
    assert fields(profit) == (2.1e9, "GBP", "absolute", "2024-01-01", "2024-06-30")
    assert profit.subject == "Barclays"
    fall = q(earnings, "5%")
    assert (fall.value, fall.comparison) == (-5, "yoy")
    assert q(earnings, "£750m").value == pytest.approx(7.5e8)
    staff = q(earnings, "320,000")
    assert (staff.unit, staff.qualifier, staff.metric) == ("count", "about", "employment")
    assert q(earnings, "second-biggest").value == 2


def test_election_shares_and_seats(election: list[Claim]) -> None:
    seats = q(election, "412")
    assert (seats.value, seats.unit, seats.metric) == (412, "count", "seats")
    vote = q(election, "33.7%")
    assert (vote.basis, vote.object, vote.subject) == ("share", "vote", "Labour")
    assert vote.source == "Electoral Commission"
    assert q(election, "23.7%").basis == "share"
    drop = q(election, "19.9 percentage points")
    assert (drop.value, drop.unit, drop.direction) == (-19.9, "percentage_point", "down")
    turnout = q(election, "60%")
    assert (turnout.basis, turnout.qualifier) == ("absolute", "about")
    assert q(election, "four million").value == 4e6
    held = [c for c in election if c.kind == "event" and "election" in (c.event or "")]
    assert held and held[0].period_start == "2024-07-04"
    assert not [c for c in election if c.kind == "quantity" and c.text.strip() == "2019"]


def test_disaster_tolls(disaster: list[Claim]) -> None:
    deaths = q(disaster, "2,946")
    assert (deaths.value, deaths.qualifier, deaths.metric) == (2946, "at_least", "deaths")
    assert q(disaster, "5,600").qualifier == "more_than"
    assert q(disaster, "50,000").qualifier == "about"
    mourning = q(disaster, "three days")
    assert (mourning.value, mourning.unit) == (3, "day")
    rain = q(disaster, "120 mm")
    assert (rain.unit, rain.qualifier, rain.period_start) == ("mm", "up_to", "2023-09-18")
    assert q(disaster, "38°C").unit == "celsius"
    assert q(disaster, "6.8").unit == "magnitude"
    assert not [c for c in disaster if c.kind == "quantity" and c.text.strip() == "1960"]
