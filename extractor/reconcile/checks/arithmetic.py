"""Arithmetic rules: levels of consecutive periods imply a change; compare it with the
change stated."""

from __future__ import annotations

import math
from datetime import date, timedelta

from extractor.reconcile.align import Group
from extractor.reconcile.checks.context import Context, co_stated, show
from extractor.reconcile.tolerance import Interval, implied_ratio


def _previous(period: tuple[str | None, str | None], comparison: str | None
              ) -> tuple[str, str] | None:
    """The period a change compares with: the month/quarter before, or a year before."""
    start, end = period
    if not start or not end:
        return None
    try:
        s, e = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return None
    if comparison == "yoy":
        try:
            return s.replace(year=s.year - 1).isoformat(), (
                e.replace(year=e.year - 1, day=min(e.day, 28) if e.month == 2 else e.day)
            ).isoformat()
        except ValueError:
            return None
    months = {"mom": 1, "qoq": 3}.get(comparison or "")
    if months is None:
        return None
    y, m = divmod(s.year * 12 + s.month - 1 - months, 12)
    first = date(y, m + 1, 1)
    ny, nm = divmod(y * 12 + m + months, 12)
    last = date(ny, nm + 1, 1) - timedelta(days=1)
    return first.isoformat(), last.isoformat()


def _linked(a: Group, b: Group) -> bool:
    """Two levels of one series: same flow, parties and thing (a missing one matches)."""
    return (a.counterpart == b.counterpart and all(
        x is None or y is None or x == y
        for x, y in ((a.flow, b.flow), (a.subject, b.subject), (a.head, b.head))))


def _level_block(change: Group) -> str | None:
    """The block of the levels a change is a change of (None: none to compare with)."""
    if change.block == "ratio":
        return "absolute"  # a ratio compares levels of any unit (prefix match)
    unit = change.block.split(":", 1)[1]
    if change.block.startswith("change:"):
        # percentage points are differences of shares; other units, of levels in that unit
        return "share:percent" if unit == "percentage_point" else f"absolute:{unit}"
    return None


def _implied(change: Group, old: Interval, new: Interval) -> tuple[Interval | None, str]:
    """What two levels imply for the change, and the unit to say it in."""
    if change.block == "ratio":
        return implied_ratio(old, new), "ratio"
    return Interval(new.lo - old.hi, new.hi - old.lo), change.block.split(":", 1)[1]


def _span(interval: Interval, unit: str) -> str:
    """An interval as a reader says it: "+43.9% to +56.4%", "more than -38%"."""
    def fmt(x: float) -> str:
        return f"{x:+.3g}{unit}" if abs(x) < 1000 else f"{x:+,.0f}{unit}"

    if math.isinf(interval.hi) and math.isinf(interval.lo):
        return "any value"
    if math.isinf(interval.hi):
        return f"{fmt(interval.lo)} or more"
    if math.isinf(interval.lo):
        return f"{fmt(interval.hi)} or less"
    if fmt(interval.lo) == fmt(interval.hi):
        return fmt(interval.lo)
    return f"{fmt(interval.lo)} to {fmt(interval.hi)}"


def _as_percent(ratio: Interval) -> Interval:
    return Interval((ratio.lo - 1) * 100, (ratio.hi - 1) * 100)


def arithmetic_rules(ctx: Context, groups: list[Group]) -> None:
    """Levels of consecutive periods imply a change (a ratio, or a difference in points or
    units): compare it with the change stated, within and across articles."""
    for change in groups:
        wanted = _level_block(change)
        before = _previous(change.period, change.comparison)
        if wanted is None or before is None or change.interval is None:
            continue
        levels = [g for g in groups if g.block.startswith(wanted) and g.interval]
        news = [lv for lv in levels if lv.period == change.period and (
            co_stated(lv, change) or _linked(lv, change))]
        for new in news:
            olds = [lv for lv in levels if lv.period == before and lv.block == new.block
                    and _linked(lv, new)]
            for old in olds:
                assert old.interval and new.interval
                implied, unit = _implied(change, old.interval, new.interval)
                if implied is None:
                    continue
                members = old.members[:1] + new.members[:1] + change.members[:1]
                if unit == "ratio":
                    implied_pct = _as_percent(implied)
                    stated_pct = _as_percent(change.interval)
                    said = (f"a change of {_span(implied_pct, '%')}; stated: "
                            f"{show(change.members[0])} ({_span(stated_pct, '%')})")
                else:
                    said = (f"a change of {_span(implied, ' ' + unit)}; stated: "
                            f"{show(change.members[0])} ({_span(change.interval, ' ' + unit)})")
                head = f"{show(old.members[0])} then {show(new.members[0])} imply {said}"
                if implied.meets(change.interval):
                    ctx.add("arithmetic", "info", members,
                            f"Consistent: {head}. {ctx.quote(members)}.", change)
                else:
                    ctx.status[id(change)] = "conflict"
                    single = len({m.claim.article_id for m in members}) == 1
                    ctx.add("internal_inconsistency" if single else "arithmetic", "medium",
                            members, f"Inconsistent: {head}. {ctx.quote(members)}.", change)
