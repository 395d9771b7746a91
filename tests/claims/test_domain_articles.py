"""Whole articles from other domains than the seed story, each through the real pipeline: public
health, company earnings, an election, an earthquake, a football transfer, a heatwave, a central
bank's rate decision and quarterly results (tests/claims/articles/).

newsclaims is judged on stories it has never seen; these check that nothing in the rules leans
on the seed story's vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import q

Claims = Callable[..., list[Claim]]


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
    assert base.metric == "revenue"  # "compared with €18.3bn": the base of the same metric
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
    injured = q(disaster, "5,600")  # "injuring more than 5,600": people, though unnamed
    assert (injured.qualifier, injured.unit, injured.metric) == ("more_than", "count", "injuries")
    assert q(disaster, "50,000").qualifier == "about"
    mourning = q(disaster, "three days")
    assert (mourning.value, mourning.unit) == (3, "day")
    rain = q(disaster, "120 mm")
    assert (rain.unit, rain.qualifier, rain.period_start) == ("mm", "up_to", "2023-09-18")
    assert q(disaster, "38°C").unit == "celsius"
    assert q(disaster, "6.8").unit == "magnitude"
    assert not [c for c in disaster if c.kind == "quantity" and c.text.strip() == "1960"]


def qs(claims: list[Claim], text: str) -> list[Claim]:
    return [c for c in claims if c.kind == "quantity" and text in c.text]


@pytest.fixture(scope="module")
def transfer(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("transfer.txt"), published="2025-08-12")


@pytest.fixture(scope="module")
def heatwave(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("heatwave.txt"), published="2025-07-21")


@pytest.fixture(scope="module")
def rates(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("ratedecision.txt"), published="2025-08-07")


@pytest.fixture(scope="module")
def quarterly(claims_of: Claims, article_text: Callable[[str], str]) -> list[Claim]:
    return claims_of(article_text("quarterly.txt"), published="2024-10-24")


def test_sports_transfer_fees_in_gbp(transfer: list[Claim]) -> None:
    fee = qs(transfer, "£85m")[-1]  # the body's, not the headline line's
    assert (fee.value, fee.unit, fee.unit_text, fee.basis) == (85e6, "GBP", "£", "absolute")
    assert (fee.metric, fee.object, fee.subject) == ("price", "signing", "Northfield United")
    # "the club announced on Tuesday" in an article of Tuesday 2025-08-12: that same day
    assert fee.period_start == "2025-08-12"
    assert q(transfer, "£95m").value == 95e6
    wage = q(transfer, "£300,000")
    assert (wage.unit, wage.qualifier) == ("GBP/week", "about")
    spent = q(transfer, "£200 million")
    assert (spent.value, spent.qualifier, spent.subject) == (2e8, "more_than", "Northfield")
    assert q(transfer, "second-most expensive").value == 2
    goals = q(transfer, "14")
    assert (goals.unit, goals.object, goals.subject) == ("count", "goals", "Silva")
    assert not qs(transfer, "2022")  # a year: a period, never a quantity
    confirmed = [c for c in transfer if c.kind == "event" and "Both clubs" in c.text]
    assert confirmed and confirmed[0].event == "agreement"  # "confirmed the deal"
    assert set(confirmed[0].participants) == {"Northfield", "Porto"}  # "both clubs"


def test_heatwave_temperatures_and_deaths(heatwave: list[Claim]) -> None:
    celsius = q(heatwave, "44.5°C")
    assert (celsius.value, celsius.unit, celsius.period_start) == (44.5, "celsius", "2025-07-20")
    assert celsius.source == "Aemet"
    fahrenheit = q(heatwave, "112.1°F")
    assert (fahrenheit.value, fahrenheit.unit) == (112.1, "fahrenheit")
    deaths = q(heatwave, "1,180")
    assert (deaths.unit, deaths.metric, deaths.source) == ("count", "deaths", "health ministry")
    assert (deaths.period_start, deaths.period_end) == ("2025-06-01", "2025-07-15")
    rise = q(heatwave, "23%")
    # "..., up 23% from the same period last year": the change of the deaths just before it
    assert (rise.value, rise.basis, rise.comparison, rise.metric) == (23, "change", "yoy",
                                                                      "deaths")
    toll = q(heatwave, "67")
    assert (toll.unit, toll.object, toll.metric, toll.subject) == ("count", "death toll",
                                                                   "deaths", "Andalusia")
    night = q(heatwave, "above 30°C")
    assert (night.qualifier, night.unit) == ("more_than", "celsius")
    reserves = q(heatwave, "41%")
    assert (reserves.basis, reserves.object, reserves.period_start) == ("share", "capacity",
                                                                        "2025-07-01")
    losses = q(heatwave, "1.5 billion euros")
    assert (losses.unit, losses.metric, losses.object) == ("EUR", "losses", "crop losses")
    assert not qs(heatwave, "2004")


def test_central_bank_rate_decision(rates: list[Claim]) -> None:
    cut = next(c for c in qs(rates, "a quarter point") if "central bank" in c.sentence)
    assert (cut.value, cut.unit, cut.basis, cut.direction) == (-0.25, "percentage_point",
                                                              "change", "down")
    assert cut.metric == "rate"
    level = q(rates, "4.25%")
    assert (level.value, level.basis, level.metric) == (4.25, "absolute", "rate")
    bp = q(rates, "25 basis point")
    # basis points are hundredths of a percentage point: "25 basis points" == "a quarter point"
    assert (bp.value, bp.unit, bp.unit_text) == (-0.25, "percentage_point", "basis point")
    hike = q(rates, "50 basis points")
    assert (hike.value, hike.direction, hike.metric) == (0.5, "up", "rates")
    assert (hike.period_start, hike.period_end) == ("2023-08-01", "2023-08-31")
    assert q(rates, "4.5%").metric == "rates"  # "hold rates at 4.5%"
    peak = q(rates, "11.1%")
    assert (peak.metric, peak.period_start) == ("inflation", "2022-10-01")
    assert q(rates, "2.6%").period_start == "2025-07-01"
    assert not qs(rates, "7-2") and not [c for c in rates if c.text.strip() in ("7", "2")]
    assert q(rates, "64,500").unit == "count"


def test_quarterly_earnings_q3_and_year_on_year(quarterly: list[Claim]) -> None:
    q3 = ("2024-07-01", "2024-09-30")
    revenue = q(quarterly, "$4.8 billion")
    assert (revenue.value, revenue.unit, revenue.metric, revenue.subject) == (
        4.8e9, "USD", "revenue", "Nordtek")
    assert (revenue.period_start, revenue.period_end) == q3  # "third-quarter revenue"
    growth = next(c for c in qs(quarterly, "12%") if "reported" in c.sentence)
    assert (growth.value, growth.basis, growth.comparison) == (12, "change", "yoy")
    assert (growth.period_start, growth.period_end) == q3
    profit = q(quarterly, "$910 million")
    assert (profit.metric, profit.period_start, profit.period_end) == ("profit", *q3)
    base = q(quarterly, "$640 million")  # "from $640 million a year earlier"
    assert (base.period_start, base.period_end) == ("2023-07-01", "2023-09-30")
    assert base.metric == "profit"
    margin = q(quarterly, "2.3 percentage points")
    assert (margin.value, margin.unit, margin.metric) == (2.3, "percentage_point", "margin")
    assert q(quarterly, "61.4%").value == 61.4
    low, high = q(quarterly, "$5.0 billion"), q(quarterly, "$5.2 billion")
    assert (low.qualifier, high.qualifier) == ("at_least", "up_to")  # a range: two bounds
    assert (low.period_start, low.period_end) == ("2024-10-01", "2024-12-31")  # fourth quarter
    staff = q(quarterly, "21,000")
    # "Nordtek employs 21,000 people": a present level, of the story's time (the quarter to the
    # report), not of the "next 12 months" its sentence goes on to
    assert (staff.unit, staff.metric, staff.period_start, staff.period_end) == (
        "count", "employment", "2024-07-01", "2024-10-24")
