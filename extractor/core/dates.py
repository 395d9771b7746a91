"""Publication times: read them as the page or feed gives them, and order them.

``Article.published`` is an ISO 8601 string: the full time with the offset the source gives
(``2026-10-12T11:30:00+08:00``) when the page or feed states one, the date alone
(``2026-10-12``) when that is all there is. The offset is kept rather than converted to UTC:
the date part (``published[:10]``) stays the outlet's own calendar day, which is the day its
"today", "on Monday" or "yesterday" refer to (the claims stage reads it so). Two times are
compared as instants (:func:`instant`), never as strings, since offsets differ.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, date, datetime

__all__ = ["full_time", "instant", "now", "order_key", "parse_published", "same_day"]


def now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_published(value: str | None) -> datetime | date | None:
    """A datetime when ``value`` gives a time of day, a date when only the day, else None.

    Reads ISO 8601 (``2026-10-12T11:30:00+08:00``, ``...Z``, ``2026-10-12 11:30``) and RFC 822
    (``Mon, 12 Oct 2026 11:30:00 +0800``, what RSS gives).
    """
    if not value or not (text := value.strip()):
        return None
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if len(text) <= 10:  # "2026-10-12": a day, not its midnight
        return when.date()
    return when


def full_time(value: str | None) -> str | None:
    """``value`` as ISO 8601 with its own offset (seconds precision), if it gives a time of day.

    A time of exactly 00:00:00 is taken as no time: content systems that store only a day
    write it as midnight, and a wrong time would order reports wrongly. A time without an
    offset is kept without one (its zone is unknown).
    """
    when = parse_published(value)
    if not isinstance(when, datetime):
        return None
    if (when.hour, when.minute, when.second, when.microsecond) == (0, 0, 0, 0):
        return None
    return when.replace(microsecond=0).isoformat()


def same_day(value: str | None, day: str | None) -> bool:
    """Whether the publication time ``value`` falls on ``day`` (an ISO date) in its own offset."""
    return bool(value and day and value[:10] == day[:10])


def instant(value: str | None) -> datetime | None:
    """The moment a full publication time names (a time without offset taken as UTC), else None.

    A date alone gives None: it cannot order two reports of the same day.
    """
    when = parse_published(value)
    if not isinstance(when, datetime):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def order_key(value: str | None) -> tuple[str, str]:
    """A sort key putting publication times in time order, undated last.

    Full times sort by their UTC instant; a date alone sorts at the start of its day (before
    that day's times), which is the most an undated-time report can claim.
    """
    if not value:
        return ("9999", "")
    when = instant(value)
    if when is not None:
        return (when.astimezone(UTC).isoformat(), value)
    return (value[:10], value)
