"""Periods: "June", "last month", "the first half of 2025", "earlier this year" -> ISO date ranges.

Everything is resolved against a :class:`Reference` (the article's publication date, or what is
known of it). Only spans already known to be dates reach this module; dateparser is the last
resort for them, never a search over running text (it reads "38%" as 1938).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

__all__ = [
    "MONTHS",
    "OPEN",
    "Period",
    "Reference",
    "after_period",
    "months_between",
    "names_fiscal",
    "names_period",
    "resolve_period",
    "shift_months",
    "shift_period",
]

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# the ordinals of quarters and halves ("the second quarter", "in the first")
ORDINALS = _ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                   "fourth": 4, "4th": 4}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
# A bare month later than this many months after the reference month is read as last year's
# ("December" in a July article): news reports the recent past far more often than plans.
_FUTURE_MONTHS = 2


@dataclass(frozen=True)
class Reference:
    """What is known of the date an article was written: year, and perhaps month and day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None  # the local hour of publication, where the time is known
    # a borrowed date is a window: the article appeared between ``date`` and ``until`` (the
    # days its story's dated articles appeared)
    until: date | None = None
    # ... and the days its story's event took place on, as the dated articles' leads name them
    days: tuple[date, ...] = ()

    @classmethod
    def parse(cls, value: str | None) -> Reference:
        """From "2025-07-21", "2025-07-21T09:35:00+00:00" (its hour as written: the outlet's
        local time), "2025-07", "2025", or a window "2025-07-21/2025-07-23"."""
        if not value:
            return cls()
        m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ](\d{2}):)?", value)
        if not m:
            return cls()
        year, month, day, hour = (int(g) if g else None for g in m.groups())
        window, _, named = value.partition(";")
        until = re.fullmatch(r"\d{4}-\d{2}-\d{2}/(\d{4}-\d{2}-\d{2})", window)
        days = tuple(date.fromisoformat(d) for d in named.split(",")
                     if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
        return cls(year, month, day, hour if day is not None else None,
                   date.fromisoformat(until.group(1)) if until and day is not None else None,
                   days if until else ())

    def event_day(self, weekday: int) -> date | None:
        """The one day of its story's event that falls on ``weekday`` (0: Monday) within the
        week before its window, if there is exactly one."""
        if self.date is None or self.until is None:
            return None
        found = [d for d in self.days if d.weekday() == weekday
                 and self.date - timedelta(days=7) <= d <= self.until]
        return found[0] if len(found) == 1 else None

    def last(self) -> Reference:
        """The reference at the end of its window (itself when it is one day)."""
        if self.until is None:
            return self
        return Reference(self.until.year, self.until.month, self.until.day)

    @property
    def date(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None

    def iso(self) -> str | None:
        if not self.year:
            return None
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        iso = "-".join(parts)
        if self.day and self.until is not None:  # a window, with its story's event days
            days = ",".join(d.isoformat() for d in self.days)
            return f"{iso}/{self.until.isoformat()}" + (f";{days}" if days else "")
        return f"{iso}T{self.hour:02d}:00" if self.day and self.hour is not None else iso


@dataclass(frozen=True)
class Period:
    """A resolved period: first and last day, and its granularity."""

    start: date
    end: date
    granularity: str  # day | week | month | quarter | half | year | range

    @property
    def key(self) -> tuple[int, int]:
        return (self.start.year, self.start.month)

    @property
    def is_open(self) -> bool:
        """A period the text names but does not date ("June" with no year known, "fiscal Q2")."""
        return self.granularity == "open"

    def nests(self, other: Period) -> bool:
        """Whether one of the two lies within the other."""
        return (self.start <= other.start and other.end <= self.end) or (
            other.start <= self.start and self.end <= other.end)


# A period the text names without dating it: "June" in an article with no year known, "its
# fiscal second quarter" without the months it covers. It is kept as words (period_text) with
# no dates, so that the figure is not given a borrowed period instead: absent rather than wrong.
OPEN = Period(date.min, date.max, "open")


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month")


def _months(year: int, first: int, last: int, granularity: str) -> Period:
    end = calendar.monthrange(year, last)[1]
    return Period(date(year, first, 1), date(year, last, end), granularity)


def _months2(first_year: int, first: int, last_year: int, last: int) -> Period:
    end = calendar.monthrange(last_year, last)[1]
    return Period(date(first_year, first, 1), date(last_year, last, end), "range")


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_period(period: Period, months: int) -> Period:
    """``period`` moved by whole months (June 2025 by -12: June 2024), keeping its shape."""
    y1, m1 = shift_months(period.start.year, period.start.month, months)
    y2, m2 = shift_months(period.end.year, period.end.month, months)
    if period.granularity in ("day", "week"):
        day = min(period.start.day, calendar.monthrange(y1, m1)[1])
        start = date(y1, m1, day)
        return Period(start, start + (period.end - period.start), period.granularity)
    end = date(y2, m2, calendar.monthrange(y2, m2)[1])
    return Period(date(y1, m1, 1), end, period.granularity)


def months_between(a: Period, b: Period) -> int:
    """Whole months from the start of ``a`` to the start of ``b``."""
    return (b.start.year - a.start.year) * 12 + (b.start.month - a.start.month)


def _year_for_month(month: int, ref: Reference) -> int | None:
    if ref.year is None:
        return None
    if ref.month is not None and month > ref.month + _FUTURE_MONTHS:
        return ref.year - 1
    return ref.year


def _clean(text: str) -> str:
    s = text.lower().replace("’", "'").strip(" ,.;:")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*-\s*(to|through|until)\s*-\s*", r" \1 ", s)  # "January-to-March"
    # a time of day around a date: "Wednesday night", "the night of August 31", "shortly
    # before midnight on Sunday" (the day is the period; the hour is no period of a figure)
    s = re.sub(r"^(?:at |by |around |about )?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?"
               r"(?= (?:on|in|of) )\s*(?:on |in |of )?", "", s)  # "12:50 in the afternoon of"
    s = re.sub(r"^(?:the )?(?:night|evening|morning|afternoon) of ", "", s)
    s = re.sub(r"^(?:(?:shortly|just|soon) )?(?:(?:before|after) )?(?:midnight|midday|noon|dawn|"
               r"dusk|daybreak) (?:on )?", "", s)
    s = re.sub(r"(?<=[a-z0-9]) (?:night|evening|morning|afternoon)$", "", s)
    s = re.sub(r"^(?:earlier|later|early|late)\s+(?=(?:in|on)\s)", "", s)
    s = re.sub(r"^(?:in|on|during|for|by|since|from|until|through|of|at)\s+", "", s)
    s = re.sub(r"^(?:early|mid|late|the end of|the start of|the beginning of)[\s-]+", "", s)
    # "the April-June period of 2024": the months of that year
    s = re.sub(r" period of ((?:19|20)\d\d)$", r" \1", s)
    return re.sub(r"^(?:the|its|their)\s+", "", s)


@lru_cache(maxsize=8192)
def resolve_period(text: str, ref: Reference, future: bool = False) -> Period | None:
    """The period ``text`` names, against ``ref``; None when it names none or is not resolvable.

    ``future``: the span sits in a future clause ("by Tuesday", "will ... on Friday"), so a bare
    weekday is the next one rather than the last."""
    s = _clean(text)
    if not s:
        return None
    if future and (ahead := _future_weekday(s, ref) or _future_month(s, ref)) is not None:
        return ahead
    if (weekend := _weekend(s, ref, future)) is not None:
        return weekend
    year_m = r"((?:19|20)\d{2})"
    if m := _ENDED.fullmatch(s):
        return _ended(m[1], m[2], ref)
    if (ended := _month_quarter(s, ref)) is not None:
        return ended
    if _FISCAL.search(s):
        # "fiscal 2025", "its fiscal second quarter": a company's own calendar, not the
        # calendar year or quarter of the same name; only "the quarter ended <date>" dates it
        return None
    if m := re.fullmatch(rf"(?:first|opening) ({_MONTH_COUNT}) months"
                         rf"(?: of (?:the|this) year| of {year_m})?", s):
        # "the first three months of the year": January to March
        year = int(m[2]) if m[2] else ref.year
        n = _COUNTS[m[1]]
        return _months(year, 1, n, _SPAN_NAMES.get(n, "range")) if year else None
    if s in ("year", "year-end", "year end", "end-year", "end of the year", "end of this year"):
        # "a year-end rate of 3.9%", "to end the year at 3.1%": the reference year
        return _months(ref.year, 1, 12, "year") if ref.year else None
    if m := re.fullmatch(r"(?:between )?(.+?) (?:and|to|until|till|through) (.+)", s):
        # "between June 1 and July 15", "from March to May": one span from the first to the last
        span_from, span_to = resolve_period(m[1], ref), resolve_period(m[2], ref)
        if span_to is not None and not re.search(year_m, m[1]):
            span_from = _range_start(m[1], span_to) or span_from
        if span_from is not None and span_to is not None and span_from.start <= span_to.end:
            return Period(span_from.start, span_to.end, "range")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[t ].*)?", s):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(rf"{year_m}[-–/](\d{{2}})", s):
        # "in 2023-24": a season or fiscal year across two years; the two calendar years
        # hold it whichever months it runs
        year1 = int(m[1])
        if (year1 + 1) % 100 == int(m[2]):
            return _months2(year1, 1, year1 + 1, 12)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        return _month(int(m[1]), int(m[2])) if 1 <= int(m[2]) <= 12 else None
    if m := re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? {year_m}", s):
        return _day(int(m[3]), MONTHS[m[1]], int(m[2]))
    if m := re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE})\.?,? {year_m}", s):
        return _day(int(m[3]), MONTHS[m[2]], int(m[1]))
    if m := re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}}) ?[-–] ?(\d{{1,2}})(?:,? {year_m})?", s):
        # "Sept. 16-17": the days of a two-day meeting
        year = int(m[4]) if m[4] else _year_for_month(MONTHS[m[1]], ref)
        day1, day2 = _day(year, MONTHS[m[1]], int(m[2])), _day(year, MONTHS[m[1]], int(m[3]))
        if day1 is None or day2 is None or day2.start < day1.start:
            return None
        return Period(day1.start, day2.end, "range")
    if m := re.fullmatch(rf"{year_m}[-–/](\d{{2}}) (?:school year|academic year|season|"
                         rf"campaign|winter|financial year)", s):
        # "the 2023-24 school year", "the 2024-25 season": July to June across the two years
        year1 = int(m[1])
        if (year1 + 1) % 100 != int(m[2]):
            return None
        return _months2(year1, 7, year1 + 1, 6)
    if m := re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?", s):
        year = _year_for_month(MONTHS[m[1]], ref)
        return _day(year, MONTHS[m[1]], int(m[2])) if year else None
    if m := re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE})\.?", s):
        year = _year_for_month(MONTHS[m[2]], ref)
        return _day(year, MONTHS[m[2]], int(m[1])) if year else None
    if m := re.fullmatch(rf"({_MONTH_RE})\.?,? (?:of )?{year_m}", s):
        return _month(int(m[2]), MONTHS[m[1]])
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s*[-–/]\s*({_MONTH_RE})\.?(?: quarter| period)?"
                         rf"(?:,? {year_m})?", s):  # "the April-June quarter"
        first, last = MONTHS[m[1]], MONTHS[m[2]]
        year = int(m[3]) if m[3] else _year_for_month(last, ref)
        if year is None or last < first:
            return None
        return _months(year, first, last, "quarter" if last - first == 2 else "range")
    if m := re.fullmatch(rf"({_MONTH_RE})\.?(?: of)? (last|this|next) year", s):
        if ref.year is None:
            return None
        return _month(ref.year + {"last": -1, "this": 0, "next": 1}[m[2]], MONTHS[m[1]])
    if m := re.fullmatch(rf"(last|this|next) ({_MONTH_RE})", s):
        return _relative_month(MONTHS[m[2]], m[1], ref)
    if s in MONTHS:
        year = _year_for_month(MONTHS[s], ref)
        return _month(year, MONTHS[s]) if year else None
    if m := re.fullmatch(year_m, s):
        return _months(int(m[1]), 1, 12, "year")
    if m := re.fullmatch(rf"(first|second|1st|2nd) half(?: of (?:the year|{year_m}))?", s):
        return _half(_ORD[m[1]], int(m[2]) if m[2] else ref.year)
    if m := re.fullmatch(rf"h([12]) ?{year_m}?", s):
        return _half(int(m[1]), int(m[2]) if m[2] else ref.year)
    if m := re.fullmatch(
            rf"(first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter(?: of {year_m})?", s):
        return _quarter(_ORD[m[1]], int(m[2]) if m[2] else ref.year)
    if m := re.fullmatch(rf"q([1-4]) ?{year_m}?", s):
        return _quarter(int(m[1]), int(m[2]) if m[2] else ref.year)
    relative = _relative(s, ref)
    if relative is not None or not re.search(r"\d", s):
        return relative
    return _dateparser(s, ref)


def _range_start(text: str, end: Period) -> Period | None:
    """The first end of a range that names no year, in the year of the range's last end (or
    the one before, when it would come after it): "between October and December of last
    year" starts in October of last year; "from November to February 2025" in November
    2024."""
    for year in (end.end.year, end.end.year - 1):
        start = resolve_period(text, Reference(year))
        if start is not None and start.start <= end.end:
            return start
    return None


_COUNTS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}
# "the first eight months of 2025": any number of months from January (not only quarters)
_COUNTS.update({w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven",
                                            "eight", "nine", "ten", "eleven"), start=2)})
_COUNTS.update({str(n): n for n in range(2, 12)})
_MONTH_COUNT = "|".join(sorted(_COUNTS, key=len, reverse=True))
_SPAN_NAMES = {3: "quarter", 6: "half", 12: "year"}
# "the quarter ended July 27", "the three months to June 30", "the fiscal year ended Jan. 26":
# a span of whole months that ends on the date given.
_ENDED = re.compile(
    r"(?:fiscal )?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[ -])?"
    r"(quarter|half|year|(?:three|six|nine|twelve|3|6|9|12) months)"
    r",? (?:that |which )?(?:ended|ending|ends|to|through) (?:on |in )?(.+)")
_FISCAL = re.compile(r"\b(?:fiscal|fy ?(?:\d{2}|\d{4})?)\b")
_WEEKDAY_RE = "|".join(d.lower() for d in calendar.day_name)
# What names a period even when it cannot be dated (no year known, a fiscal calendar).
_NAMED = re.compile(
    rf"\b(?:{_MONTH_RE})\b|\b(?:q[1-4]|h[12])\b|\b(?:first|second|third|fourth|1st|2nd|3rd|"
    rf"4th)[ -](?:quarter|half)\b|\bfiscal\b|\bfy ?\d|\b(?:{_WEEKDAY_RE})\b|"
    r"\b(?:last|this|next|previous|past) (?:week|month|year|quarter)\b|"
    r"\bearlier this (?:week|month|year)\b|\byesterday\b|\btoday\b|\byear-end\b")


def names_fiscal(text: str) -> bool:
    """Whether ``text`` names a period of a company's own calendar ("its fiscal third
    quarter", "FY2026")."""
    return bool(_FISCAL.search(text.lower()))


def names_period(text: str) -> bool:
    """Whether ``text`` names a period (a month, quarter, half, weekday, fiscal period, "last
    month"), whether or not it can be dated: "June" with no year known still says when."""
    return bool(_NAMED.search(text.lower()))


_MONTH_QUARTER = re.compile(rf"(?:fiscal )?({_MONTH_RE})(?:[ -](?:19|20)\d\d)?[ -](quarter|half)")


def _month_quarter(s: str, ref: Reference) -> Period | None:
    """ "revenue for its June quarter": a quarter (or half) named by the month it ends in is
    the three (six) months to the end of that month, as "the quarter ended in June" is; a
    company's own calendar says no more than that."""
    m = _MONTH_QUARTER.fullmatch(s)
    if m is None:
        return None
    year = re.search(r"(?:19|20)\d\d", s)
    return _ended(m[2], f"{m[1]} {year[0]}" if year else m[1], ref)


def _ended(length: str, when: str, ref: Reference) -> Period | None:
    """ "the quarter ended July 27": the calendar months the span covers, ending with the month
    of the date (or the month before, when the date falls in its first half: a fiscal quarter
    "ended Feb. 2" is November to January)."""
    end = resolve_period(when, ref)
    if end is None or end.granularity not in ("day", "month"):
        return None
    if length == "year" and end.granularity == "day" and not re.search(
            rf"\d|\b(?:{_MONTH_RE})\b", when):
        # "(this) year through Tuesday's close": the calendar year to that day; a fiscal
        # year ends on a date ("the year ended Jan. 26"), not on a weekday
        return Period(date(end.start.year, 1, 1), end.end, "range")
    n = {"quarter": 3, "half": 6, "year": 12}.get(length) or _COUNTS[length.split()[0]]
    year, month = end.end.year, end.end.month
    if end.granularity == "day" and end.end.day < 15:
        year, month = shift_months(year, month, -1)
    first_year, first_month = shift_months(year, month, -(n - 1))
    last = calendar.monthrange(year, month)[1]
    return Period(date(first_year, first_month, 1), date(year, month, last),
                  _SPAN_NAMES.get(n, "range"))


def _day(year: int | None, month: int, day: int) -> Period | None:
    if year is None:
        return None
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return Period(d, d, "day")


def _half(half: int, year: int | None) -> Period | None:
    if year is None:
        return None
    return _months(year, 1, 6, "half") if half == 1 else _months(year, 7, 12, "half")


def _quarter(quarter: int, year: int | None) -> Period | None:
    if year is None:
        return None
    return _months(year, 3 * quarter - 2, 3 * quarter, "quarter")


def _relative_month(month: int, which: str, ref: Reference) -> Period | None:
    if ref.year is None or ref.month is None:
        return None
    if which == "this":
        return _month(ref.year, month)
    if which == "next":
        return _month(ref.year if month > ref.month else ref.year + 1, month)
    return _month(ref.year if month < ref.month else ref.year - 1, month)


# the small counts of a span of time written in words ("two weeks later", "a month after")
SMALL_NUMBERS = _SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                          "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# Meteorological seasons of the northern hemisphere, where most English-language news is
# written: (first month, months long).
_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3)}


# Times named by their distance after the one the text last named: "the next morning",
# "the following day", "a year later", "three days later".
# (_clean has taken the time of day off: "the next morning" is "the next")
_NEXT_DAY = re.compile(r"(?:the )?(?:next|following)(?: day)?")
_HOURS_AFTER = re.compile(r"(?:over |within |during )?(?:the )?(?:next|following|subsequent) "
                          r"(?:(?:few|several|\d+|two|three|four|five|six) )?hours|"
                          r"(?:\d+|an|one|two|three|four|five|six|a few|several) hours? later")
_LATER = re.compile(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
                    r"(day|week|month|year)s? (later|earlier)")


def hours_after(text: str) -> bool:
    """Whether ``text`` names hours after another time ("over the following hours", "two hours
    later"): within a day or so of it."""
    return bool(_HOURS_AFTER.fullmatch(_clean(text)))


def after_period(text: str, before: Period) -> Period | None:
    """The time a phrase names after (or before) ``before``, the time the text last named:
    "the next morning" after "the night of August 31" is September 1; "a year later" after "in
    2017" is 2018; "two months later" after "in March 2020" is May 2020; "a year earlier" after
    "in the second quarter" of 2025 is that quarter of 2024. A day after a month, or a month
    after a year, says nothing precise: None."""
    s = _clean(text)
    if hours_after(s):
        # "over the following hours" after "at 1:14 a.m." on July 4: that day, or past midnight
        if before.granularity != "day":
            return None
        return Period(before.end, before.end + timedelta(days=1), "range")
    if _NEXT_DAY.fullmatch(s):
        if before.granularity != "day":
            return None
        day = before.end + timedelta(days=1)
        return Period(day, day, "day")
    if not (m := _LATER.fullmatch(s)):
        return None
    n = int(m[1]) if m[1].isdigit() else _SMALL[m[1]]
    unit = m[2]
    if m[3] == "earlier":
        n = -n
    if unit in ("day", "week"):
        if before.granularity != "day":
            return None
        day = before.end + timedelta(days=n * (7 if unit == "week" else 1))
        return Period(day, day, "day") if unit == "day" else Period(
            day - timedelta(days=day.weekday()), day - timedelta(days=day.weekday() - 6), "week")
    if unit == "month" and before.granularity not in ("day", "month"):
        return None
    if before.granularity not in ("day", "month", "quarter", "half", "year"):
        return None
    moved = shift_period(before, n * (12 if unit == "year" else 1))
    # a day named a year on is the month it falls in: "a year later" is rarely to the day
    return _month(moved.start.year, moved.start.month) if moved.granularity == "day" else moved


def _ago(s: str, ref: Reference) -> Period | None:
    """ "two years ago", "six months ago", "two summers ago", "last summer", "next winter"."""
    y, mo = ref.year, ref.month
    if y is None or mo is None:
        return None
    if m := re.fullmatch(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
                         r"(year|month|week|day|spring|summer|autumn|winter)s? ago", s):
        n = int(m[1]) if m[1].isdigit() else _SMALL[m[1]]
        unit = m[2]
        if unit == "year":
            return _months(y - n, 1, 12, "year")
        if unit == "month":
            return _month(*shift_months(y, mo, -n))
        if unit in _SEASONS:
            return _season(unit, ref, -n)
        d = ref.date
        if d is None:
            return None
        back = d - timedelta(days=n * (7 if unit == "week" else 1))
        if unit == "day":
            return Period(back, back, "day")
        monday = back - timedelta(days=back.weekday())
        return Period(monday, monday + timedelta(days=6), "week")
    if m := re.fullmatch(r"(last|this|next) (spring|summer|autumn|winter)", s):
        return _season(m[2], ref, {"last": -1, "this": 0, "next": 1}[m[1]])
    return None


def _weekend(s: str, ref: Reference, future: bool) -> Period | None:
    """ "over the weekend", "last weekend" (Saturday and Sunday): the latest one that has begun
    by the reference day; "this weekend" in a future clause, "next weekend": the first one that
    has not ended (on a Sunday, that day's)."""
    m = re.fullmatch(r"(?:over (?:the )?)?(?:(last|past|this|next|coming) )?weekend", s)
    d = ref.date
    if m is None or d is None:
        return None
    ahead = m[1] in ("next", "coming") or (future and m[1] in (None, "this"))
    saturday = d - timedelta(days=(d.weekday() - 5) % 7)  # the latest Saturday up to d
    if ahead and (d.weekday() < 5 or m[1] in ("next", "coming")):
        saturday += timedelta(days=7)
    elif m[1] in ("last", "past") and d.weekday() >= 5:
        saturday -= timedelta(days=7)  # said on the weekend: the one before
    return Period(saturday, saturday + timedelta(days=1), "range")


def _season(name: str, ref: Reference, which: int) -> Period | None:
    """ "this summer" (0): the one of the reference year (a winter: the one that began last
    December until March); "last summer" (-1, -2 for "two summers ago"): the latest ones
    that have ended; "next winter" (1): the first one that has not begun."""
    day = ref.date or (date(ref.year, ref.month, 15) if ref.year and ref.month else None)
    if day is None:
        return None
    first, length = _SEASONS[name]

    def of(year: int) -> Period:
        end_year, end_month = shift_months(year, first, length - 1)
        return Period(date(year, first, 1),
                      date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]),
                      "range")

    year = day.year - (1 if first == 12 and day.month < 3 else 0)
    if which == 0:
        return of(year)
    if which > 0:
        while of(year).start <= day:
            year += 1
        return of(year + which - 1)
    while of(year).end >= day:
        year -= 1
    return of(year + which + 1)


def _relative(s: str, ref: Reference) -> Period | None:
    y, mo = ref.year, ref.month
    if y is None:
        return None
    if (ago := _ago(s, ref)) is not None:
        return ago
    if s in ("this year", "the year so far", "so far this year", "year to date"):
        return _months(y, 1, 12, "year")
    if s in ("last year", "the previous year", "a year ago"):
        return _months(y - 1, 1, 12, "year")
    if s == "next year":
        return _months(y + 1, 1, 12, "year")
    if mo is None:
        return None
    if s in ("earlier this year", "earlier in the year", "earlier in this year"):
        if mo == 1:
            return _months(y, 1, 1, "range")
        return _months(y, 1, mo - 1, "range")
    if s in ("last month", "the previous month", "past month"):
        return _month(*shift_months(y, mo, -1))
    if s in ("this month", "earlier this month"):
        return _month(y, mo)
    if s == "next month":
        return _month(*shift_months(y, mo, 1))
    if s in ("last quarter", "the previous quarter"):
        q = (mo - 1) // 3 + 1
        return _quarter(q - 1, y) if q > 1 else _quarter(4, y - 1)
    d = ref.date
    if d is None:
        return None
    if s in ("last week", "the past week", "past week"):
        monday = d - timedelta(days=d.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), "week")
    if s == "next week":
        monday = d - timedelta(days=d.weekday() - 7)
        return Period(monday, monday + timedelta(days=6), "week")
    if s in ("this week", "earlier this week"):
        monday = d - timedelta(days=d.weekday())
        return Period(monday, d, "week")
    if s == "today":
        return Period(d, d, "day")
    if s == "yesterday":
        return Period(d - timedelta(days=1), d - timedelta(days=1), "day")
    if s.startswith("last ") and s.removeprefix("last ") in _WEEKDAYS:
        back = (d.weekday() - _WEEKDAYS[s.removeprefix("last ")]) % 7 or 7
        return Period(d - timedelta(days=back), d - timedelta(days=back), "day")
    if s.startswith("next ") and s.removeprefix("next ") in _WEEKDAYS:
        ahead = (_WEEKDAYS[s.removeprefix("next ")] - d.weekday()) % 7 or 7
        return Period(d + timedelta(days=ahead), d + timedelta(days=ahead), "day")
    if s in _WEEKDAYS:
        # News convention: a bare weekday is the latest such day on or before the publication
        # date ("officials said on Monday" in a Monday article is that Monday); a future one
        # is resolved by the caller (resolve_period(..., future=True)).
        back = (d.weekday() - _WEEKDAYS[s]) % 7
        return Period(d - timedelta(days=back), d - timedelta(days=back), "day")
    return None


def _future_weekday(s: str, ref: Reference) -> Period | None:
    """A bare weekday in a future clause ("by Tuesday", "will meet on Friday"): the next such day
    on or after the publication date."""
    d = ref.date
    if d is None or s not in _WEEKDAYS:
        return None
    ahead = (_WEEKDAYS[s] - d.weekday()) % 7
    return Period(d + timedelta(days=ahead), d + timedelta(days=ahead), "day")


def _future_month(s: str, ref: Reference) -> Period | None:
    """A month or a day of a month without a year in a future clause ("the vote is due on
    October 12", "will meet in March"): the next one on or after the publication date,
    not the last one."""
    if ref.year is None or ref.month is None:
        return None
    m = re.fullmatch(rf"({_MONTH_RE})\.?(?: (\d{{1,2}})(?:st|nd|rd|th)?)?", s)
    if m is None:
        return None
    month, day = MONTHS[m[1]], int(m[2]) if m[2] else None
    passed = (month, day or 31) < (ref.month, ref.day or 1)
    return resolve_period(f"{s} {ref.year + passed}", ref)


def _dateparser(s: str, ref: Reference) -> Period | None:
    """dateparser on a span already known to be a date, for the forms above do not cover."""
    import dateparser  # slow to import; only a few spans ever get here

    if not re.search(rf"\b(?:{_MONTH_RE})\b|\b(?:19|20)\d\d\b", s):
        return None  # "90 days", "the past 12 months": durations, not dates
    if any(not 1800 <= int(y) <= 2100 for y in re.findall(r"\b\d{4}\b", s)):
        return None  # "June 2372": no year of news (figures.py reads years as 1800-2100)

    base = datetime(ref.year, ref.month or 12, ref.day or 28) if ref.year else None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
                "REQUIRE_PARTS": ["year"] if base is None else []}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    try:
        parsed = dateparser.parse(s, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    return Period(parsed.date(), parsed.date(), "day")
