"""Arithmetic rules: levels of consecutive periods imply a change; compare it with the
change stated."""

from __future__ import annotations

import math
from datetime import date, timedelta

from extractor.reconcile.align import ClaimView, Group
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
    """Two levels of one series: same flow, parties and thing (a missing one matches), read
    from every statement of each: the statements of one fact may name its thing two ways
    ("vans", "light trucks"), and which one comes first must not decide."""
    def said(g: Group, field: str) -> set[str]:
        return {v for m in g.members if (v := getattr(m, field))}

    if said(a, "counterpart") != said(b, "counterpart") and not (
            said(a, "counterpart") & said(b, "counterpart")):
        return False
    return all(not x or not y or bool(x & y)
               for x, y in ((said(a, f), said(b, f)) for f in ("flow", "subject", "head")))


# Levels of one series in consecutive periods are within this factor of each other: a count
# that grows a hundredfold in a year is news, a thousandfold is another series ("2.95 dollars"
# of earnings per share beside "$76.4 billion" of revenue, in a language whose figures carry no
# thing measured to tell them apart). On fixtures/stories and -conflicts the levels the check
# paired were at most 8 times apart, but for pairs of unrelated measures (billions of times).
_SCALE_FACTOR = 1000.0


def _same_scale(a: Group, b: Group) -> bool:
    """Whether two levels are of a size one series can have in consecutive periods."""
    assert a.interval is not None and b.interval is not None
    x, y = abs(a.interval.lo + a.interval.hi), abs(b.interval.lo + b.interval.hi)
    if math.isinf(x) or math.isinf(y) or not x or not y:
        return True
    return max(x, y) / min(x, y) <= _SCALE_FACTOR


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


def _rounded_twice(stated: Interval) -> Interval:
    """What a rounded figure admits when it may round an already rounded one: a fall of
    13.48% is published as 13.5%, which an outlet then gives as "14%", beyond the 13.5-14.5
    that rounding 13.48 alone allows. The first rounding was to the next finer digit, so the
    band grows by half of that digit's step (a twentieth of the band's width) on each side."""
    if math.isinf(stated.lo) or math.isinf(stated.hi):
        return stated
    slack = (stated.hi - stated.lo) / 20
    return Interval(stated.lo - slack, stated.hi + slack)


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
                    and _linked(lv, new) and _same_scale(lv, new)]
            for old in olds:
                assert old.interval and new.interval
                implied, unit = _implied(change, old.interval, new.interval)
                if implied is None:
                    continue
                if any(m.interval is not None and implied.meets(_rounded_twice(m.interval))
                       for m in change.members):
                    # consistent with a statement of the change (a fact's interval is the
                    # intersection of its statements, narrower than any one of them)
                    members = old.members[:1] + new.members[:1] + change.members[:1]
                    ctx.add("arithmetic", "info", members,
                            f"Consistent: {_head(change, old, new, implied, unit)}. "
                            f"{ctx.quote(members)}.", change)
                    continue
                # an inconsistency needs three statements each sure of its frame (its period
                # and its role are its own: frames.py); else the levels may be another series',
                # a baseline or an expectation
                # each for the period it is used for, on its own words
                trio = [next((m for m in g.members if _usable(ctx, m, baseline=g is old,
                                                              new=new)
                              and m.period == period), None)
                        for g, period in ((old, before), (new, change.period),
                                          (change, change.period))]
                if any(m is None for m in trio):
                    continue
                members = [m for m in trio if m is not None]
                ctx.status[id(change)] = "conflict"
                single = len({m.claim.article_id for m in members}) == 1
                ctx.add("internal_inconsistency" if single else "arithmetic", "medium",
                        members, f"Inconsistent: {_head(change, old, new, implied, unit)}. "
                        f"{ctx.quote(members)}.", change)


def _usable(ctx: Context, m: ClaimView, *, baseline: bool, new: Group) -> bool:
    """A statement sure of its period whose role is the level or change it is used as: the
    earlier level may be stated as what the change starts from ("rose from 200 to 300"), and
    is then the start of that sentence's level only ("Production slipped to 362,615 from
    433,371" gives no base for deliveries stated elsewhere)."""
    frame = ctx.frame(m)
    if frame is None or not frame.period:
        return False
    if frame.role == "baseline":
        return baseline and any(n.claim.article_id == m.claim.article_id
                                and n.claim.sentence_start == m.claim.sentence_start
                                for n in new.members)
    return frame.role == "value"


def _head(change: Group, old: Group, new: Group, implied: Interval, unit: str) -> str:
    if unit == "ratio":
        said = (f"a change of {_span(_as_percent(implied), '%')}; stated: "
                f"{show(change.members[0])} ({_span(_as_percent(change.interval), '%')})"
                if change.interval else "")
    else:
        said = (f"a change of {_span(implied, ' ' + unit)}; stated: "
                f"{show(change.members[0])} ({_span(change.interval, ' ' + unit)})"
                if change.interval else "")
    return f"{show(old.members[0])} then {show(new.members[0])} imply {said}"
