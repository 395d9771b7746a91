"""Value rules: one quantity stated with values no rounding, hedge or unit reconciles, or a
running figure revised by a later report."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from extractor.core.dates import order_key
from extractor.core.records import Severity
from extractor.reconcile.align import GENERIC_METRICS, ClaimView, Group
from extractor.reconcile.checks.context import (
    Context,
    co_stated,
    describe,
    period_text,
    plural,
    show,
    verb,
)
from extractor.reconcile.checks.conversions import conversions
from extractor.reconcile.frames import names_other_period
from extractor.reconcile.tolerance import OCCURRENCE_MEASURES, is_distinctive, slip_of_the_pen


def _strongly_comparable(a: Group, b: Group) -> bool:
    """Same measured thing, stated fully enough on both sides that a difference is a dispute.

    A missing descriptor lets agreeing claims join a fact, but never makes a conflict: "90% of
    supply" and "70% of production" only look alike until their objects are read. Both sides must
    name the subject and what is measured; a metric that only names the kind of quantity ("share")
    needs the object too.
    """
    if a.block != b.block:
        return False
    if not (a.subject and b.subject and a.flow and b.flow):
        return False
    if (a.flow in GENERIC_METRICS or a.block.startswith("share")) and not (a.head and b.head):
        return False
    if (a.subject, a.flow, a.counterpart) != (b.subject, b.flow, b.counterpart):
        return False
    if a.head != b.head and not (_restates_metric(a, b) or _restates_metric(b, a)):
        return False
    # Both periods unknown compares running figures ("the toll rose to ..."); one unknown does not.
    if a.period != b.period or (a.period[0] is None) != (b.period[0] is None):
        return False
    return not (a.block == "ratio" and (not a.comparison or a.comparison != b.comparison))


def _members_comparable(a: Group, b: Group, published: Mapping[str, str | None]) -> bool:
    """Whether a claim of each side, on its own descriptors, is strongly comparable.

    A fact takes a missing descriptor from the claims that join it, so its period may come from
    another outlet's wording ("this week") while the claim that disagrees with it ("6.2 million
    vehicles" in a headline, "2.62 million" in its own body, neither dated) states none: the
    claims themselves say they are the same quantity.
    """
    if a.block != b.block:
        return False
    # only claims with the same parties and flow can be (the cheap part of the test first)
    parties: dict[tuple[str | None, ...], list[ClaimView]] = {}
    for y in b.members:
        if y.subject and y.flow:
            parties.setdefault((y.subject, y.flow, y.counterpart), []).append(y)
    return any(_strongly_comparable(*_own_periods(x, y, published))
               and x.claim.sentence != y.claim.sentence
               for x in a.members if x.subject and x.flow
               for y in parties.get((x.subject, x.flow, x.counterpart), ()))


def _own_periods(x: ClaimView, y: ClaimView, published: Mapping[str, str | None]
                 ) -> tuple[Group, Group]:
    """Two claims as one-claim facts; an undated headline figure takes the period of its own
    article's body figure (a headline sums up its article: "profit jumps 25%" is the quarter the
    body reports), unless that period is long past (_recent): a headline sums up the news, not
    the record it is compared with ("after a 4.34 billion euro fine in 2018")."""
    if x.claim.article_id == y.claim.article_id:
        day = published.get(x.claim.article_id)
        if x.claim.field == "title" and x.period[0] is None and _recent(y, day):
            x = replace(x, period=y.period)
        elif y.claim.field == "title" and y.period[0] is None and _recent(x, day):
            y = replace(y, period=x.period)
    return as_group([x]), as_group([y])


# How long before its report a period may end and still be the news a headline sums up: a
# year and a month covers an annual figure reported in the following weeks.
RECENT_DAYS = 400


def _recent(v: ClaimView, published: str | None) -> bool:
    """Whether a body figure's period is the news of its report (or it states none)."""
    end = v.period[1] or v.period[0]
    if end is None or not published:
        return True
    try:
        return (date.fromisoformat(published[:10]) - date.fromisoformat(end[:10])).days \
            <= RECENT_DAYS
    except ValueError:
        return True


def _loosely_comparable(a: Group, b: Group) -> bool:
    """Levels of one running figure whose owner no claim names ("cases rose to 487").

    Too loosely described to call a difference a conflict, but enough to see that a later
    report revised it: same flow and thing, nothing that tells them apart.
    """
    if a.block != b.block or not a.block.startswith("absolute") or a.period != b.period:
        return False
    if not (a.flow and a.flow == b.flow):
        return False
    return all(x is None or y is None or x == y for x, y in (
        (a.subject, b.subject), (a.counterpart, b.counterpart), (a.head, b.head)))


def _restates_metric(a: Group, b: Group) -> bool:
    """``a`` names as its object only what the metric names ("net profit" for metric "profit")
    and ``b`` names no object: both measure the metric itself."""
    return b.head is None and a.head is not None and a.head == a.flow


def _published(ctx: Context, g: Group) -> list[str | None]:
    return [ctx.published.get(m.claim.article_id) for m in g.members]


def _reading_days(g: Group) -> list[str]:
    """The days a level's readings are dated to, if every one of them is (else empty)."""
    days = [day for m in g.members if m.period[0] is None and (day := m.claim.period_start)]
    return days if len(days) == len(g.members) else []


# A period this long (days) is a calendar period a rate is for (a month, a quarter, a year),
# not the days of a running event; the shortest month, as in attribution.MIN_PERIOD_DAYS.
MIN_RATE_PERIOD_DAYS = 28


def _periodic_rate(g: Group) -> bool:
    """A percentage level for a month, a quarter or a year ("core inflation of 2.4% in 2025",
    "unemployment of 6.2% in July"): a rate of its period, which later reports of a story
    restate but do not revise upwards as they would a running toll (turnout on election day,
    a day's figure, still may be read as it runs)."""
    if g.block != "absolute:percent":
        return False
    start, end = g.period
    try:
        first = date.fromisoformat(str(start)[:10])
        last = date.fromisoformat(str(end or start)[:10])
    except ValueError:
        return False
    return (last - first).days + 1 >= MIN_RATE_PERIOD_DAYS


def _is_update(ctx: Context, a: Group, b: Group) -> bool:
    """A later report giving a larger level of an open-ended figure revises it.

    Running totals (tolls, cases, counts "so far") grow between reports. Taken in the order they
    were reported (publication date, then the day a reading is dated to within one report), the
    statements of such a figure never go down: each admits a value at least as large as what any
    earlier statement already required ("at least 23", then 41, then 58). When they do, and the
    period was not closed before the first report, the difference is an update, not a conflict.
    A later smaller figure (a conversion that lost digits, a dropped total) stays a difference.
    """
    if not a.block.startswith("absolute") or a.block.split(":", 1)[1] in OCCURRENCE_MEASURES:
        return False  # a quake's magnitude is no running total: 6.0 then 6.3 is no revision
    if _periodic_rate(a) or _periodic_rate(b):
        return False  # core inflation "in 2025" is 2.4% or not: no report revises it to 4.2%
    members = [m for m in a.members + b.members if m.interval is not None]
    # an undated report that restates what a dated one says (the 956 injured an undated review
    # quotes, which "nearly 1,000" the next day also admits) places nothing; one that agrees
    # with no dated statement may be any moment, and nothing can be ordered
    dated = [m for m in members if ctx.published.get(m.claim.article_id)]
    if len(dated) >= 2 and len(dated) < len(members) and all(
            any(u.interval.meets(d.interval) for d in dated if d.interval)
            for u in members if u not in dated and u.interval):
        members = dated
    published = [ctx.published.get(m.claim.article_id) for m in members]
    days = [m.claim.period_start if m.period[0] is None else None for m in members]
    if all(published):
        # the moment of each report (offsets differ: compare instants), then the day a reading
        # is dated to within one report
        times = [(order_key(str(p))[0], d or "") for p, d in zip(published, days, strict=True)]
    elif all(days):
        times = [(str(d), "") for d in days]  # readings of one report dated to its days
    else:
        return False  # an undated statement cannot be placed before or after the others
    ordered = sorted(zip(times, members, strict=True), key=lambda tm: tm[0])
    if ordered[0][0] == ordered[-1][0]:
        return False  # all of one moment: two values of one moment disagree
    required, current, before = -math.inf, -math.inf, None
    low, high = -math.inf, math.inf  # what the statements of one moment all admit
    for time, m in ordered:
        assert m.interval is not None
        if time != before:
            required, before = max(required, current), time
            low, high = -math.inf, math.inf
        if m.interval.hi < required:
            return False  # lower than an earlier report already said: not a running total
        low, high = max(low, m.interval.lo), min(high, m.interval.hi)
        if low > high:
            return False  # two values for one moment disagree: that is no revision
        current = max(current, m.interval.lo)
    end = a.period[1] or b.period[1]
    # a figure for a period that closed before the first report is a settled statistic
    return not (end and end < ordered[0][0][0])


def value_rules(ctx: Context, groups: list[Group]) -> list[Group]:
    """Merge facts that are one quantity stated differently; report why they differ.

    Two different figures in one sentence are two quantities ("seven of the 17", "from 46 to
    353"), never one quantity stated twice, so they are not compared.
    """
    merged: list[Group] = []
    owned: dict[tuple[str, str, int], list[str]] = {}  # a sentence -> its claims' period words
    for g in groups:
        for v in g.members:
            if v.claim.period_text:
                owned.setdefault(_sentence_key(v), []).append(v.claim.period_text)
    # an amount restated in another unit beside its original ("12.4 billion pesos ($124
    # million)") is checked as a conversion (conversions.py), which says what it should be
    converted = {y.claim.id for x, y in conversions([v for g in groups for v in g.members])}
    slipped: set[str] = set()  # claims already reported as a slip: one finding per slip
    for g in groups:
        target, pair = None, None
        for m in merged:
            if not (m.interval and g.interval) or m.interval.meets(g.interval) or co_stated(m, g):
                continue
            if not (_strongly_comparable(m, g) or _members_comparable(m, g, ctx.published)) \
                    and not _is_update(ctx, m, g) and (
                        slip := _slip(ctx, m, g, owned, converted)):
                if not {v.claim.id for v in slip[0]} & slipped:
                    slipped.update(v.claim.id for v in slip[0])
                    ctx.status[id(g)] = "conflict"  # both facts: neither is shown as agreed
                    _report_slip(ctx, m, *slip)
                continue
            if _strongly_comparable(m, g) or _members_comparable(m, g, ctx.published):
                if _is_update(ctx, m, g):
                    target = m
                    break
                # A dispute needs a pair of statements, one on each side, whose own frames say
                # they are about the same thing (frames.py); without one the two stay apart.
                pair = _disputed_pair(ctx, m, g)
                if pair is not None:
                    target = m
                    break
                continue
            if _loosely_comparable(m, g) and _is_update(ctx, m, g):
                target = m
                break
        if target is None:
            merged.append(g)
            continue
        old_members = list(target.members)
        for v in g.members:
            target.add(v)
        if pair is None:
            ctx.status[id(target)] = "update"
            ctx.add("update", "info", old_members + g.members,
                    f"{describe(target)}: a later report revises the figure. "
                    f"{ctx.quote(old_members + g.members)}.", target)
            continue
        ctx.status[id(target)] = "conflict"
        _report_conflict(ctx, target, old_members, list(g.members), pair, groups)
    return merged


def _sentence_key(v: ClaimView) -> tuple[str, str, int]:
    return v.claim.article_id, v.claim.field, v.claim.sentence_start


# How many independent sources must give the figure a slip of the pen departs from, when the
# two statements name only what is measured ("Turnout was 85.2%" / "Turnout reached 82.5%"),
# not whose it is: two is the corroboration every "odd one out" rule asks for.
SLIP_CORROBORATION = 2


def _measure_key(v: ClaimView) -> tuple[str | None, ...]:
    return v.subject, v.flow, v.counterpart, v.head


def _slip_statement(ctx: Context, v: ClaimView,
                    owned: Mapping[tuple[str, str, int], list[str]]) -> bool:
    """A statement that may be one side of a slip of the pen: the figure its sentence states
    (not a baseline or a record), naming what it measures in its own words, and for its own
    period or for none: a period borrowed from another sentence (which alignment ignores
    too) counts as none when its sentence names no period but other figures' and compared
    ones ("Turnout reached 82.5%, the highest since reunification in 1990")."""
    frame = ctx.frame(v)
    if frame is None or frame.role != "value" or v.interval is None or v.claim.field != "text":
        return False
    if not any((v.subject, v.flow, v.head)) or (v.subject and not frame.entity):
        return False
    if frame.period:
        return True
    mine = v.claim.period_text
    others = [w for w in owned.get(_sentence_key(v), []) if w != mine]
    return v.period[0] is None and not (mine and mine.lower() in v.claim.sentence.lower()) \
        and not names_other_period(v.claim.sentence, others)


def _slip(ctx: Context, a: Group, b: Group, owned: Mapping[tuple[str, str, int], list[str]],
          converted: set[str]) -> tuple[list[ClaimView], list[ClaimView]] | None:
    """(odd side, corroborated side) of a distinctive figure mistyped by one outlet.

    Two distinctive figures a slip of the pen apart (tolerance.slip_of_the_pen: 85.2% / 82.5%)
    are one figure mistyped, not two quantities that happen to look alike (about one chance in
    a thousand per pair) nor two moments of a running count. So they need less description
    than a value conflict: the same measured thing on their own words, whatever names it
    (subject, metric or object), none of it contradicting, the same period (or none on both
    sides, both reports dated), not two named sources' readings, and one outlet against
    SLIP_CORROBORATION or more independent sources.
    """
    if a.block != b.block:
        return None
    for x in a.members:
        if x.claim.id in converted or not (is_distinctive(x.claim)
                                           and _slip_statement(ctx, x, owned)):
            continue
        for y in b.members:
            if x.claim.sentence == y.claim.sentence or _measure_key(x) != _measure_key(y) or (
                    x.period != y.period) or not slip_of_the_pen(x.claim, y.claim):
                continue
            if y.claim.id in converted or not (is_distinctive(y.claim)
                                               and _slip_statement(ctx, y, owned)):
                continue
            fx, fy = ctx.frame(x), ctx.frame(y)
            if fx is None or fy is None or (fx.source and fy.source and fx.source != fy.source):
                continue
            if x.period[0] is None and not (fx.dated and fy.dated):
                continue
            sides = [[m for m in g.members if m.interval is not None and z.interval is not None
                      and m.interval.meets(z.interval) and _measure_key(m) == _measure_key(z)
                      and _slip_statement(ctx, m, owned)] for g, z in ((a, x), (b, y))]
            counts = [len({m.source for m in side}) for side in sides]
            if sorted(counts) != [1, max(counts)] or max(counts) < SLIP_CORROBORATION:
                continue
            odd, right = sides if counts[0] == 1 else sides[::-1]
            if {m.source for m in odd} & {m.source for m in right}:
                continue
            return odd, right
    return None


def _report_slip(ctx: Context, target: Group, odd: list[ClaimView],
                 right: list[ClaimView]) -> None:
    """One high value conflict: the odd outlet's mistyped figure, the corroborated one."""
    n = len({m.source for m in right})
    ctx.status[id(target)] = "conflict"
    what = " ".join(w for w in (odd[0].claim.subject, odd[0].claim.metric, odd[0].claim.object)
                    if w) or "the same quantity"
    period = f", for {period_text(odd[0].period)}" if odd[0].period[0] else ""
    ctx.add("value_conflict", "high", odd + right,
            f"Odd one out: {ctx.outlets(odd)} ({plural(1, 'independent source')}; {n} "
            f"{verb(n, 'give')} the other value) gives {show(odd[0])} where "
            f"{' / '.join(dict.fromkeys(show(m) for m in right[:3]))} is stated: the two "
            f"differ by a slip of the pen (digits swapped, one wrong, one too many), one "
            f"figure mistyped. Same thing: both state {what}{period}, in their own words. "
            f"{ctx.quote(odd + right)}.", target)


def _disputed_pair(ctx: Context, a: Group, b: Group) -> tuple[ClaimView, ClaimView] | None:
    """Two statements, one of each fact, that are about the same thing and disagree.

    Each must be sure of its frame (its period and its role are its own: frames.py) and name its
    subject in its own sentence; neither may be attributed to a named source the other is not
    (two agencies' readings are two measurements, each right for its agency); on their own
    descriptors they must be strongly comparable, and their own intervals must not meet.
    """
    best: tuple[int, ClaimView, ClaimView] | None = None
    for x in a.members:
        if not ctx.stated(x) or x.interval is None:
            continue
        for y in b.members:
            if not ctx.stated(y) or y.interval is None or x.interval.meets(y.interval):
                continue
            if x.claim.sentence == y.claim.sentence:
                continue
            fx, fy = ctx.frame(x), ctx.frame(y)
            if fx and fy and fx.source and fy.source and fx.source != fy.source:
                continue
            if not _strongly_comparable(*_own_periods(x, y, ctx.published)):
                continue
            if x.period[0] is None and y.period[0] is None and not (fx and fy and fx.dated
                                                                     and fy.dated):
                # two readings of a running figure are ordered by when they were reported; an
                # undated report cannot be placed before or after the other
                continue
                continue
            # prefer the pair that states the most on both sides (period, object)
            score = sum(bool(v) for v in (x.period[0], y.period[0], x.head, y.head))
            if best is None or score > best[0]:
                best = (score, x, y)
    return None if best is None else (best[1], best[2])


def _part_given_as_whole(ctx: Context, first: list[ClaimView], second: list[ClaimView],
                         target: Group, groups: Sequence[Group]
                         ) -> tuple[list[ClaimView], ClaimView, ClaimView] | None:
    """(odd side, the part, the whole beside it) when one side of a value conflict gives the
    figure another outlet states for a part of the whole, in the same report as the whole the
    other side gives: "Orbis's revenue climbed to $46.7 billion" against "$76.4 billion",
    where a third report gives revenue of $76.44 billion and, for its cloud business alone,
    $46.7 billion. The odd figure must be distinctive (not a coincidence), smaller than the
    whole, and the value its sentence states (not an estimate or a baseline)."""
    for odd, other in ((first, second), (second, first)):
        sources = {m.source for m in odd}
        if len(sources) > 1:
            continue  # two outlets do not give one part as the whole by chance
        for m in odd:
            if not is_distinctive(m.claim) or m.interval is None:
                continue
            for g in groups:
                if g is target or g.block != target.block:
                    continue
                for part in g.members:
                    frame = ctx.frame(part)
                    if part.source in sources or part.interval is None or frame is None or (
                            frame.role != "value") or part.claim.value != m.claim.value:
                        continue
                    whole = next((w for w in _block_members(groups, part.claim.article_id,
                                                            target)
                                  if w.interval is not None and w.interval.lo > part.interval.hi
                                  and any(o.interval is not None and w.interval.meets(o.interval)
                                          for o in other)), None)
                    if whole is not None:
                        return odd, part, whole
    return None


def _block_members(groups: Sequence[Group], article_id: str, target: Group) -> list[ClaimView]:
    """The statements of one article in the facts of ``target``'s block (its unit)."""
    return [v for g in groups if g.block == target.block for v in g.members
            if v.claim.article_id == article_id]


def _report_conflict(ctx: Context, target: Group, old_members: list[ClaimView],
                     new_members: list[ClaimView], pair: tuple[ClaimView, ClaimView],
                     groups: Sequence[Group] = ()) -> None:
    """One value conflict (and an internal inconsistency for an article on both sides)."""
    x, y = pair
    # each side: the statements of its fact that are sure of their frame and disagree with the
    # other side's statement of the pair; the rest of the facts' members are context
    first = [m for m in old_members if ctx.stated(m) and m.interval is not None
             and y.interval is not None and not m.interval.meets(y.interval)] or [x]
    second = [m for m in new_members if ctx.stated(m) and m.interval is not None
              and x.interval is not None and not m.interval.meets(x.interval)] or [y]
    # High needs the period and the object on both sides. An undated pair may be two moments
    # of a running figure; without an object, a narrower quantity (the revenue of one
    # product) can hide behind the same metric. Both are still for a fact-checker to look at.
    # A pair a slip of the pen apart (digits swapped, one wrong, one too many) is one figure
    # mistyped, not two moments of a running count nor a narrower quantity: high too.
    severity: Severity = "high" if (x.period[0] and y.period[0] and x.head and y.head) or (
        slip_of_the_pen(x.claim, y.claim)) else "medium"
    same_article = {m.claim.article_id for m in first} & {m.claim.article_id for m in second}
    # the side fewer independent sources give comes first, so that a report can mark it;
    # on a tie the order is the facts' own and no side is called odd
    n_first, n_second = len({m.source for m in first}), len({m.source for m in second})
    if n_second < n_first:
        first, second, n_first, n_second = second, first, n_second, n_first
    odd = (f"Odd one out: {ctx.outlets(first)} ({plural(n_first, 'independent source')}; "
           f"{n_second} {verb(n_second, 'give')} the other value). "
           ) if n_first < n_second else ""
    sides = f"{' / '.join(show(m) for m in first[:3])} against " \
            f"{' / '.join(show(m) for m in second[:3])}"
    why = _same_thing(ctx, x, y)
    found = _part_given_as_whole(ctx, first, second, target, groups)
    if found is not None:
        part_odd, part, whole = found
        name = ctx.names.get(part.claim.article_id, part.claim.article_id)
        members = [*part_odd, part, whole, *(m for m in first + second if m not in part_odd)]
        # a value conflict still (the part's figure is a wrong value for the whole), now
        # certain: the figure is accounted for as another fact's
        ctx.add("value_conflict", "high", members,
                f"Odd one out: {ctx.outlets(part_odd)} {verb(len(part_odd), 'give')} "
                f"{describe(target)} as {show(part_odd[0])}, the figure {name} gives for a part "
                f"({show(part)}: \"{' '.join(part.claim.sentence.split())[:140]}\"), beside "
                f"{show(whole)} for the whole, as other outlets give it ({sides}). A part "
                f"given as the whole. {ctx.quote(members)}.", target)
        return
    ctx.add("value_conflict", severity, first + second,
            f"{odd}{describe(target)}: the outlets give values that no rounding, hedge or "
            f"unit reconciles ({sides}). {why} {ctx.quote(first + second)}.", target)
    for article_id in same_article:
        inside = [m for m in first + second if m.claim.article_id == article_id]
        fields = {m.claim.field for m in inside}
        # within one article, two values of a running figure are usually two moments told in
        # turn ("rose from 43 to 68"); only a headline against its own text, or two values for
        # one stated period, contradict each other
        if len(fields) == 1 and not all(m.period[0] for m in inside):
            continue
        where = "in its headline and its text" if len(fields) > 1 else "twice"
        ctx.add("internal_inconsistency", "medium", inside,
                f"{ctx.names.get(article_id, article_id)} states {describe(target)} {where} "
                f"with values that disagree: {ctx.quote(inside)}.", target)


def _same_thing(ctx: Context, x: ClaimView, y: ClaimView) -> str:
    """Why the two statements are about one thing: what their own words share."""
    parts = [f"both name {name_of_view(x)}"]
    what = x.claim.metric or x.flow
    if what:
        parts.append(f"measure {what.strip()}")
    if x.head:
        parts.append(f"of {x.claim.object or x.head}")
    if x.period[0]:
        parts.append(f"for {period_text(x.period)}")
    else:
        parts.append("with no period of their own (the reports' moments)")
    return "Same thing: " + ", ".join(parts) + "."


def name_of_view(v: ClaimView) -> str:
    return (v.claim.subject or v.subject or "the same party").strip()


def as_group(members: list[ClaimView]) -> Group:
    g = Group(block=members[0].block)
    for m in members:
        g.add(m)
    return g
