"""Periods resolved against the publication date: months, relative phrases, halves, quarters."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.claims.nlp.periods import (
    OPEN,
    Period,
    Reference,
    after_period,
    names_period,
    resolve_period,
    shift_period,
)

JULY_21 = Reference(2025, 7, 21)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("June", "2025-06-01", "2025-06-30"),
        ("in June", "2025-06-01", "2025-06-30"),
        ("June’s", "2025-06-01", "2025-06-30"),
        ("December", "2024-12-01", "2024-12-31"),  # a later month is last year's
        ("last month", "2025-06-01", "2025-06-30"),
        ("June last year", "2024-06-01", "2024-06-30"),
        ("June 2024", "2024-06-01", "2024-06-30"),
        ("the first half of 2025", "2025-01-01", "2025-06-30"),
        ("H2 2024", "2024-07-01", "2024-12-31"),
        ("the third quarter of 2024", "2024-07-01", "2024-09-30"),
        ("Q1 2025", "2025-01-01", "2025-03-31"),
        ("earlier this year", "2025-01-01", "2025-06-30"),
        ("Earlier in April", "2025-04-01", "2025-04-30"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("last year", "2024-01-01", "2024-12-31"),
        ("July 20, 2025", "2025-07-20", "2025-07-20"),
        ("20 July 2025", "2025-07-20", "2025-07-20"),
        ("2025-07-20", "2025-07-20", "2025-07-20"),
        ("last week", "2025-07-14", "2025-07-20"),
        ("yesterday", "2025-07-20", "2025-07-20"),
        ("on Friday", "2025-07-18", "2025-07-18"),
        ("between June 1 and July 15", "2025-06-01", "2025-07-15"),  # a span of dates
        ("from March to May", "2025-03-01", "2025-05-31"),
        ("Q3", "2025-07-01", "2025-09-30"),
        ("third-quarter", "2025-07-01", "2025-09-30"),
    ],
)
def test_resolve_period(text: str, start: str, end: str) -> None:
    period = resolve_period(text, JULY_21)
    assert period is not None, text
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["monthly", "year-over-year", "decades", "recent months",
                                  "90 days", "the past 12 months"])
def test_not_a_period(text: str) -> None:
    assert resolve_period(text, JULY_21) is None


def test_without_a_reference_only_absolute_dates_resolve() -> None:
    unknown = Reference()
    assert resolve_period("last month", unknown) is None
    assert resolve_period("June", unknown) is None
    june = resolve_period("June 2025", unknown)
    assert june is not None and june.start.isoformat() == "2025-06-01"


def test_year_only_reference_resolves_months_but_not_last_month() -> None:
    ref = Reference(2025)
    june = resolve_period("June", ref)
    assert june is not None and june.start.isoformat() == "2025-06-01"
    assert resolve_period("last month", ref) is None


def test_shift_period_keeps_shape() -> None:
    q3 = resolve_period("Q3 2024", JULY_21)
    assert q3 is not None
    back = shift_period(q3, -12)
    assert (back.start.isoformat(), back.end.isoformat()) == ("2023-07-01", "2023-09-30")
    feb = resolve_period("March 2024", JULY_21)
    assert feb is not None
    assert shift_period(feb, -1).end.isoformat() == "2024-02-29"


def test_month_ranges() -> None:
    q = resolve_period("the April-June quarter", JULY_21)
    assert q is not None and (q.start.isoformat(), q.end.isoformat()) == ("2025-04-01",
                                                                          "2025-06-30")
    assert resolve_period("June-April", JULY_21) is None


AUG_28 = Reference(2025, 8, 28)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a span of whole months that ends on a date: the calendar months a fiscal period covers
        ("the quarter ended July 27", "2025-05-01", "2025-07-31"),
        ("its fiscal second quarter, which ended July 27", "2025-05-01", "2025-07-31"),
        ("the three months to June 30", "2025-04-01", "2025-06-30"),
        ("the fiscal year ended Jan. 26, 2025", "2024-02-01", "2025-01-31"),
        ("the quarter ended Feb. 2", "2024-11-01", "2025-01-31"),  # early in a month: one before
        ("the year to August", "2024-09-01", "2025-08-31"),
        ("the first three months of the year", "2025-01-01", "2025-03-31"),
        ("the first six months of 2024", "2024-01-01", "2024-06-30"),
        ("January-to-March", "2025-01-01", "2025-03-31"),
        ("Sept. 16-17", "2025-09-16", "2025-09-17"),
        ("August of last year", "2024-08-01", "2024-08-31"),
        ("year-end", "2025-01-01", "2025-12-31"),  # "a year-end rate of 3.9%"
        ("the 2023-24 school year", "2023-07-01", "2024-06-30"),
        ("in 2023-24", "2023-01-01", "2024-12-31"),  # a season or a fiscal year: both years
        ("two years ago", "2023-01-01", "2023-12-31"),
        ("six months ago", "2025-02-01", "2025-02-28"),
        ("two summers ago", "2023-06-01", "2023-08-31"),
        ("last summer", "2024-06-01", "2024-08-31"),
        ("next winter", "2025-12-01", "2026-02-28"),
        # a time of day around a date: the day
        ("Wednesday night", "2025-08-27", "2025-08-27"),
        ("the night of August 31", "2025-08-31", "2025-08-31"),
        ("shortly before midnight on Sunday", "2025-08-24", "2025-08-24"),
        ("12:50 in the afternoon of March 28", "2025-03-28", "2025-03-28"),
    ],
)
def test_spans_fiscal_periods_and_relative_times(text: str, start: str, end: str) -> None:
    period = resolve_period(text, AUG_28)
    assert period is not None, text
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["fiscal 2025", "fiscal Q2", "its fiscal second quarter",
                                  "the second quarter of fiscal 2026", "FY26"])
def test_a_fiscal_period_is_not_the_calendar_one_of_its_name(text: str) -> None:
    """ "fiscal 2025" is a company's own year: never the calendar year 2025 (absent, not
    wrong); the text still names a period, which the pipeline keeps open."""
    assert resolve_period(text, AUG_28) is None
    assert names_period(text)


@pytest.mark.parametrize("text", ["June", "the second quarter", "on Monday", "last month",
                                  "fiscal Q2"])
def test_a_named_period_without_a_year_known_stays_open(text: str) -> None:
    assert resolve_period(text, Reference()) is None
    assert names_period(text)


@pytest.mark.parametrize("text", ["90 days", "recent months", "decades", "monthly"])
def test_durations_and_frequencies_name_no_period(text: str) -> None:
    assert not names_period(text)


def test_the_open_period_is_no_dated_period() -> None:
    assert OPEN.is_open and not resolve_period("June 2025", AUG_28).is_open  # type: ignore[union-attr]


def test_a_reference_keeps_the_local_hour_of_a_publication_time() -> None:
    ref = Reference.parse("2025-06-01T00:40:00+02:00")
    assert (ref.date, ref.hour) == (date(2025, 6, 1), 0)
    assert Reference.parse(ref.iso()) == ref
    assert Reference.parse("2025-06-01").hour is None
    assert Reference.parse("2025-06").iso() == "2025-06"


@pytest.mark.parametrize(("text", "before", "want"), [
    ("the next morning", ("2025-08-31", "2025-08-31", "day"), ("2025-09-01", "2025-09-01")),
    ("the following day", ("2025-09-02", "2025-09-02", "day"), ("2025-09-03", "2025-09-03")),
    ("three days later", ("2025-09-02", "2025-09-02", "day"), ("2025-09-05", "2025-09-05")),
    ("a year later", ("2017-01-01", "2017-12-31", "year"), ("2018-01-01", "2018-12-31")),
    ("a year later", ("2026-12-01", "2026-12-31", "month"), ("2027-12-01", "2027-12-31")),
    ("two months later", ("2020-03-01", "2020-03-31", "month"), ("2020-05-01", "2020-05-31")),
    ("a year earlier", ("2025-04-01", "2025-06-30", "quarter"), ("2024-04-01", "2024-06-30")),
    ("over the following hours", ("2025-07-04", "2025-07-04", "day"),
     ("2025-07-04", "2025-07-05")),  # that day, or past midnight
    ("two hours later", ("2025-07-04", "2025-07-04", "day"), ("2025-07-04", "2025-07-05")),
    ("the next day", ("2017-01-01", "2017-12-31", "year"), None),  # a day after a year: no day
    ("last year", ("2017-01-01", "2017-12-31", "year"), None),  # not a time after another
])
def test_after_period(text: str, before: tuple[str, str, str],
                      want: tuple[str, str] | None) -> None:
    start, end, granularity = before
    got = after_period(text, Period(date.fromisoformat(start), date.fromisoformat(end),
                                    granularity))
    assert (got and (got.start.isoformat(), got.end.isoformat())) == want


@pytest.mark.parametrize(("text", "day", "future", "want"), [
    ("over the weekend", "2025-02-26", False, ("2025-02-22", "2025-02-23")),  # on a Wednesday
    ("last weekend", "2025-03-01", False, ("2025-02-22", "2025-02-23")),  # said on a Saturday
    ("the weekend", "2025-03-02", False, ("2025-03-01", "2025-03-02")),  # said on the Sunday
    ("this weekend", "2025-02-26", True, ("2025-03-01", "2025-03-02")),  # "will ... this weekend"
    ("next weekend", "2025-03-01", False, ("2025-03-08", "2025-03-09")),
])
def test_a_weekend_is_the_saturday_and_sunday_the_reference_day_points_to(
        text: str, day: str, future: bool, want: tuple[str, str]) -> None:
    got = resolve_period(text, Reference.parse(day), future)
    assert got is not None and (got.start.isoformat(), got.end.isoformat()) == want
