"""Findings: compare the claims of each fact and each event of a story, and say what disagrees.

Every rule here compares intervals (:mod:`extractor.tolerance`), so rounding, hedges, units,
folds against percents and halves against percents never count as disagreements. What remains is
reported with the sentences that state it and the outlets that published them.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .align import (
    GENERIC_METRICS,
    PERSON_CLASSIFIERS,
    ClaimView,
    EventGroup,
    Group,
    align_events,
    align_quantities,
    head_noun,
    periods_overlap,
    same_action,
    unify_short_names,
    view,
)
from .describe import (
    describe_event,
    describe_quantity,
    entity_phrase,
    object_phrase,
    period_phrase,
)
from .records import Article, Claim, Fact, FactStatus, Finding, FindingKind, Severity, stable_id
from .stories import quoted_from, source_key
from .tolerance import (
    UNREAD,
    Interval,
    implied_ratio,
    is_distinctive,
    read_unit,
    same_figure,
)

__all__ = ["StoryAnalysis", "analyse_story", "same_place"]

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class StoryAnalysis:
    """The facts and findings of one story."""

    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Context:
    story_id: str
    names: dict[str, str]  # article id -> outlet name for explanations
    published: dict[str, str | None]
    # findings with the fact they are about; fact ids are known once facts stop merging
    pending: list[tuple[Finding, Group | None]] = field(default_factory=list)
    status: dict[int, FactStatus] = field(default_factory=dict)  # id(group) -> status
    fact_ids: dict[int, str] = field(default_factory=dict)

    def add(self, kind: FindingKind, severity: Severity, members: Sequence[ClaimView],
            explanation: str, fact: Group | None = None) -> None:
        claims = list({m.claim.id: m.claim for m in members}.values())
        claim_ids = tuple(c.id for c in claims)
        article_ids = tuple(dict.fromkeys(c.article_id for c in claims))
        # one quoted sentence per claim id, in the order of claim_ids (the report pairs them),
        # even when two claims share a sentence
        evidence = tuple(" ".join(c.sentence.split()) for c in claims)
        finding = Finding(
            id=stable_id(self.story_id, kind, *sorted(claim_ids)),
            story_id=self.story_id,
            kind=kind,
            severity=severity,
            article_ids=article_ids,
            claim_ids=claim_ids,
            explanation=explanation,
            evidence=evidence,
        )
        self.pending.append((finding, fact))

    def quote(self, members: Sequence[ClaimView], limit: int = 3) -> str:
        """'Outlet A: "sentence"; Outlet B: "sentence"', one quote per article and field."""
        parts, seen = [], set()
        for m in members:
            if (m.claim.article_id, m.claim.field) in seen:
                continue
            seen.add((m.claim.article_id, m.claim.field))
            sentence = " ".join(m.claim.sentence.split())
            if len(sentence) > 300:
                sentence = sentence[:297] + "..."
            # a headline claim is quoted as the headline: what readers of the title see
            where = " (headline)" if m.claim.field == "title" else ""
            parts.append(f'{self.names.get(m.claim.article_id, m.claim.article_id)}{where}: '
                         f'"{sentence}"')
            if len(parts) >= limit:
                break
        more = len({m.claim.article_id for m in members}) - len(parts)
        return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")

    def outlets(self, members: Sequence[ClaimView]) -> str:
        names = dict.fromkeys(self.names.get(m.claim.article_id, m.claim.article_id)
                              for m in members)
        return ", ".join(names)


# --------------------------------------------------------------------------- descriptions


def _period_text(period: tuple[str | None, str | None]) -> str:
    return period_phrase(*period)


def describe(g: Group) -> str:
    """A plain-language description of a fact from its descriptors."""
    return describe_quantity(g.members, block=g.block, flow=g.flow, subject=g.subject,
                             counterpart=g.counterpart, head=g.head, period=g.period,
                             comparison=g.comparison)


def _parties(g: Group) -> str:
    """ "China to the United States", or one party when the other is not named."""
    subject = entity_phrase(_name(g, g.subject)) if g.subject else "an unnamed party"
    return f"{subject} to {entity_phrase(_name(g, g.counterpart))}" if g.counterpart else subject


def _name(g: Group, key: str) -> str:
    """An entity as the claims write it (views compare lower-cased names)."""
    for m in g.members:
        for name in (m.claim.subject, m.claim.counterpart):
            if name and name.strip().lower().removeprefix("the ") == key:
                return name.strip()
    return key


def _show(v: ClaimView) -> str:
    return f'"{v.claim.text}"'


# --------------------------------------------------------------------------- value rules


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


def _members_comparable(a: Group, b: Group) -> bool:
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
    return any(_strongly_comparable(*_own_periods(x, y))
               and x.claim.sentence != y.claim.sentence
               for x in a.members if x.subject and x.flow
               for y in parties.get((x.subject, x.flow, x.counterpart), ()))


def _own_periods(x: ClaimView, y: ClaimView) -> tuple[Group, Group]:
    """Two claims as one-claim facts; an undated headline figure takes the period of its own
    article's body figure (a headline sums up its article: "profit jumps 25%" is the quarter the
    body reports)."""
    if x.claim.article_id == y.claim.article_id:
        if x.claim.field == "title" and x.period[0] is None:
            x = replace(x, period=y.period)
        elif y.claim.field == "title" and y.period[0] is None:
            y = replace(y, period=x.period)
    return _as_group([x]), _as_group([y])


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


def _published(ctx: _Context, g: Group) -> list[str | None]:
    return [ctx.published.get(m.claim.article_id) for m in g.members]


def _reading_days(g: Group) -> list[str]:
    """The days a level's readings are dated to, if every one of them is (else empty)."""
    days = [day for m in g.members if m.period[0] is None and (day := m.claim.period_start)]
    return days if len(days) == len(g.members) else []


def _is_update(ctx: _Context, a: Group, b: Group) -> bool:
    """A later report giving a larger level of an open-ended figure revises it.

    Running totals (tolls, cases, counts "so far") grow between reports. Taken in the order they
    were reported (publication date, then the day a reading is dated to within one report), the
    statements of such a figure never go down: each admits a value at least as large as what any
    earlier statement already required ("at least 23", then 41, then 58). When they do, and the
    period was not closed before the first report, the difference is an update, not a conflict.
    A later smaller figure (a conversion that lost digits, a dropped total) stays a difference.
    """
    if not a.block.startswith("absolute"):
        return False
    members = [m for m in a.members + b.members if m.interval is not None]
    published = [ctx.published.get(m.claim.article_id) for m in members]
    days = [m.claim.period_start if m.period[0] is None else None for m in members]
    if all(published):
        times = [(str(p)[:10], d or "") for p, d in zip(published, days, strict=True)]
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


def _value_rules(ctx: _Context, groups: list[Group]) -> list[Group]:
    """Merge facts that are one quantity stated differently; report why they differ.

    Two different figures in one sentence are two quantities ("seven of the 17", "from 46 to
    353"), never one quantity stated twice, so they are not compared.
    """
    merged: list[Group] = []
    for g in groups:
        target, loose = None, False
        for m in merged:
            if not (m.interval and g.interval) or m.interval.meets(g.interval) or _co_stated(m, g):
                continue
            if _strongly_comparable(m, g) or _members_comparable(m, g):
                target = m
                break
            if _loosely_comparable(m, g) and _is_update(ctx, m, g):
                target, loose = m, True
                break
        if target is None:
            merged.append(g)
            continue
        old_members = list(target.members)
        for v in g.members:
            target.add(v)
        if loose or _is_update(ctx, _as_group(old_members), g):
            ctx.status[id(target)] = "update"
            ctx.add("update", "info", old_members + g.members,
                    f"{describe(target)}: a later report revises the figure. "
                    f"{ctx.quote(old_members + g.members)}.", target)
            continue
        ctx.status[id(target)] = "conflict"
        # High needs the period and the object on both sides. An undated pair may be two moments
        # of a running figure; without an object, a narrower quantity (the revenue of one
        # product) can hide behind the same metric. Both are still for a fact-checker to look at.
        old_group = _as_group(old_members)
        severity: Severity = "high" if old_group.period[0] and g.period[0] and old_group.head and (
            g.head) else "medium"
        same_article = {m.claim.article_id for m in old_members} & {
            m.claim.article_id for m in g.members}
        # the side fewer independent sources give comes first, so that a report can mark it;
        # on a tie the order is the facts' own and no side is called odd
        first, second = old_members, list(g.members)
        n_first, n_second = len({m.source for m in first}), len({m.source for m in second})
        if n_second < n_first:
            first, second, n_first, n_second = second, first, n_second, n_first
        odd = (f"Odd one out: {ctx.outlets(first)} ({n_first} independent source(s); "
               f"{n_second} give the other value). ") if n_first < n_second else ""
        sides = f"{' / '.join(_show(m) for m in first[:3])} against " \
                f"{' / '.join(_show(m) for m in second[:3])}"
        ctx.add("value_conflict", severity, first + second,
                f"{odd}{describe(target)}: the outlets give values that no rounding, hedge or "
                f"unit reconciles ({sides}). {ctx.quote(first + second)}.", target)
        for article_id in same_article:
            inside = [m for m in old_members + g.members if m.claim.article_id == article_id]
            where = "in its headline and its text" if len({m.claim.field for m in inside}) > 1 \
                else "twice"
            ctx.add("internal_inconsistency", "medium", inside,
                    f"{ctx.names.get(article_id, article_id)} states {describe(target)} {where} "
                    f"with values that disagree: {ctx.quote(inside)}.", target)
    return merged


def _as_group(members: list[ClaimView]) -> Group:
    g = Group(block=members[0].block)
    for m in members:
        g.add(m)
    return g


def _majority(values: Sequence[tuple[str, str]]) -> tuple[str | None, int]:
    """The value held by the most independent sources, or None on a tie."""
    counts = Counter(v for v, _ in set(values))
    if not counts:
        return None, 0
    (top, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None, n
    return top, n


def _label_rules(ctx: _Context, groups: list[Group]) -> list[Group]:
    """The same distinctive figure attached to a different thing: merge it and flag the label.

    A figure of three or more significant digits repeated for the same period is one statistic;
    an outlet naming a different object for it (a different head noun) mislabels it. Which label
    is right is decided over all such figures of the story, by independent sources.
    """
    merged: list[Group] = []
    twins: list[Group] = []
    for g in groups:
        twin = None
        for m in merged:
            if m.block == g.block and m.head and g.head and m.head != g.head and (
                periods_overlap(m.period, g.period)
                and all(a is None or b is None or a == b for a, b in (
                    (m.subject, g.subject), (m.counterpart, g.counterpart)))
                and _share_distinctive_figure(m, g)
            ):
                twin = m
                break
        if twin is None:
            merged.append(g)
            continue
        for v in g.members:
            twin.add(v)
        if twin not in twins:
            twins.append(twin)
    if not twins:
        return merged
    labelled = [v for t in twins for v in t.members if v.head]
    label, n = _majority([(v.head, v.source) for v in labelled if v.head])
    by_odd: dict[str, list[ClaimView]] = {}
    bodies = {v.claim.article_id for v in labelled if v.claim.field != "title"}
    for v in labelled:
        # a headline compresses its label ("raises defence to ...") and its article states the
        # figure once: where the body gives the figure too, the body's label is the article's
        if v.head != label and not (v.claim.field == "title" and v.claim.article_id in bodies):
            by_odd.setdefault(v.source, []).append(v)
    for odd in by_odd.values():
        twin = next(t for t in twins if odd[0] in t.members)
        ctx.status[id(twin)] = "conflict"
        right = [m for t in twins if any(o in t.members for o in odd)
                 for m in t.members if m.head == label]
        figures = ", ".join(dict.fromkeys(_show(o) for o in odd))
        if label and right:
            # the odd side is the label fewer independent sources give; it comes first in the
            # finding's articles and claims so that a report can mark just those
            odd_sources = len({v.source for v in labelled if v.head == odd[0].head})
            verb = "attaches" if len({m.claim.article_id for m in odd}) == 1 else "attach"
            text = (f"Odd one out: {ctx.outlets(odd)} {verb} "
                    f"{figures} to \"{odd[0].claim.object}\", a label {odd_sources} independent "
                    f"source(s) give, while {n} independent source(s) give the same figures for "
                    f"\"{object_phrase(right, label)}\". {ctx.quote(odd + right)}.")
        else:
            others = [m for t in twins if odd[0] in t.members for m in t.members
                      if m.source != odd[0].source]
            right = others
            text = (f"The same figure is given for different things by different outlets, and "
                    f"as many independent sources give each label, so neither is the odd one "
                    f"out: {ctx.quote(odd + others)}.")
        ctx.add("mislabelled_object", "medium", odd + right, text, twin)
    return merged


def _statistic_rules(groups: list[Group]) -> list[Group]:
    """One distinctive figure read with two different metric words is one statistic.

    The metric comes from the governing verb or noun, and outlets phrase one figure with
    different ones ("approved a budget of 14.6bn" / "backed a budget of 14.6 billion"). A figure
    of three or more significant digits, same unit and period, same or unnamed parties and
    thing, is the same statistic (about one chance in a thousand otherwise), so it is one fact.
    """
    merged: list[Group] = []
    for g in groups:
        twin = next((m for m in merged if m.block == g.block and m.flow and g.flow
                     and m.flow != g.flow and m.period == g.period
                     and all(x is None or y is None or x == y for x, y in (
                         (m.subject, g.subject), (m.counterpart, g.counterpart),
                         (m.head, g.head), (m.comparison, g.comparison)))
                     and m.interval and g.interval and m.interval.meets(g.interval)
                     and _share_distinctive_figure(m, g)), None)
        if twin is None:
            merged.append(g)
        else:
            for v in g.members:
                twin.add(v)
    return merged


def _share_distinctive_figure(a: Group, b: Group) -> bool:
    return any(
        is_distinctive(x.claim) and is_distinctive(y.claim) and same_figure(x.claim, y.claim)
        for x in a.members for y in b.members
    )


def _classifier_notes(ctx: _Context, groups: list[Group]) -> None:
    """A distinctive figure given as a count of people by most sources, of a thing by fewer.

    "people" names no particular thing, so "118,000 people" and "118,000 homes" align as one
    fact (as "1,347 people" and "1,347 deaths" must). A count of persons against a count of
    things may still be the figure attached to the wrong noun; the words cannot tell "deaths"
    (persons) from "homes" (things), so it is a note (low) with the side fewer independent
    sources give first, never a conflict.
    """
    for g in groups:
        if not any(is_distinctive(m.claim) for m in g.members):
            continue
        people = [m for m in g.members if head_noun(m.claim.object) in PERSON_CLASSIFIERS]
        n_people = len({m.source for m in people})
        by_head: dict[str, list[ClaimView]] = {}
        for m in g.members:
            if m.head and m not in people:
                by_head.setdefault(m.head, []).append(m)
        for head, odd in by_head.items():
            n_odd = len({m.source for m in odd})
            if n_odd >= n_people or {m.source for m in odd} & {m.source for m in people}:
                continue  # as many say the thing, or one outlet says both: no odd side
            ctx.add("mislabelled_object", "low", odd + people,
                    f"Odd one out: {ctx.outlets(odd)} "
                    f"{'gives' if len({m.claim.article_id for m in odd}) == 1 else 'give'} "
                    f"{', '.join(dict.fromkeys(_show(m) for m in odd))} for "
                    f"\"{odd[0].claim.object}\", while {n_people} independent source(s) count "
                    f"people with the same figure; a count of persons and a count of "
                    f"{head}s may be the figure attached to the wrong noun. "
                    f"{ctx.quote(odd + people)}.", g)


def _direction_rules(ctx: _Context, groups: list[Group]) -> None:
    """The same figure of the same flow with its parties swapped (who exported to whom)."""
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if a.block != b.block or not (a.flow and a.flow == b.flow):
                continue
            if not (a.interval and b.interval and a.interval.meets(b.interval)):
                continue
            if not periods_overlap(a.period, b.period):
                continue
            if a.comparison and b.comparison and a.comparison != b.comparison:
                continue
            reversed_ = (a.subject and a.subject != b.subject and a.subject == b.counterpart) or (
                b.subject and b.subject != a.subject and b.subject == a.counterpart)
            if not reversed_:
                continue
            if not any(same_figure(x.claim, y.claim) for x in a.members for y in b.members):
                continue
            odd, right = (a, b) if len(a.sources) < len(b.sources) else (b, a)
            ctx.status[id(odd)] = "conflict"
            ctx.add("direction_conflict", "medium", odd.members + right.members,
                    f"Odd one out: {ctx.outlets(odd.members)} give(s) {_show(odd.members[0])} "
                    f"as a flow of {_parties(odd)}, while {len(right.sources)} independent "
                    f"source(s) give it as a flow of {_parties(right)}: "
                    f"{ctx.quote(odd.members + right.members)}.", odd)
            own = {m.claim.article_id for m in odd.members} & {
                m.claim.article_id for m in right.members}
            for article_id in own:
                mine = [m for m in odd.members if m.claim.article_id == article_id]
                body = [m for m in right.members if m.claim.article_id == article_id]
                where = "its headline" if mine[0].claim.field == "title" else "one sentence"
                ctx.add("internal_inconsistency", "medium", mine + body,
                        f"{ctx.names.get(article_id, article_id)} contradicts itself on who the "
                        f"figure belongs to: {where} gives {_show(mine[0])} to "
                        f"{_name(odd, odd.subject or 'unnamed')}, its own text to "
                        f"{_name(right, right.subject or 'unnamed')}: "
                        f"{ctx.quote(mine + body, limit=2)}.", odd)


# --------------------------------------------------------------------------- arithmetic


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


def _co_stated(a: Group, b: Group) -> bool:
    sentences = {(m.claim.article_id, m.claim.field, m.claim.sentence_start, m.claim.sentence)
                 for m in a.members}
    return any((m.claim.article_id, m.claim.field, m.claim.sentence_start, m.claim.sentence)
               in sentences for m in b.members)


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


def _arithmetic_rules(ctx: _Context, groups: list[Group]) -> None:
    """Levels of consecutive periods imply a change (a ratio, or a difference in points or
    units): compare it with the change stated, within and across articles."""
    for change in groups:
        wanted = _level_block(change)
        before = _previous(change.period, change.comparison)
        if wanted is None or before is None or change.interval is None:
            continue
        levels = [g for g in groups if g.block.startswith(wanted) and g.interval]
        news = [lv for lv in levels if lv.period == change.period and (
            _co_stated(lv, change) or _linked(lv, change))]
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
                            f"{_show(change.members[0])} ({_span(stated_pct, '%')})")
                else:
                    said = (f"a change of {_span(implied, ' ' + unit)}; stated: "
                            f"{_show(change.members[0])} ({_span(change.interval, ' ' + unit)})")
                head = f"{_show(old.members[0])} then {_show(new.members[0])} imply {said}"
                if implied.meets(change.interval):
                    ctx.add("arithmetic", "info", members,
                            f"Consistent: {head}. {ctx.quote(members)}.", change)
                else:
                    ctx.status[id(change)] = "conflict"
                    single = len({m.claim.article_id for m in members}) == 1
                    ctx.add("internal_inconsistency" if single else "arithmetic", "medium",
                            members, f"Inconsistent: {head}. {ctx.quote(members)}.", change)


# --------------------------------------------------------------------------- events


def _event_rules(ctx: _Context, events: list[EventGroup]) -> None:
    """Places and dates of one event across outlets; uncorroborated details may be conflations."""
    for g in events:
        placed = [m for m in g.members if m.claim.place]
        others = [m for m in g.members if not m.claim.place]
        for place in dict.fromkeys(m.claim.place.strip() for m in placed if m.claim.place):
            with_place = [m for m in placed if same_place(m.claim.place, place)]
            stating = {m.source for m in with_place}
            other_places = [m for m in placed if m not in with_place and m.source not in stating]
            if other_places:
                ctx.add("place_conflict", "high" if len({m.source for m in other_places}) >= 2
                        else "medium", with_place + other_places,
                        f"One event, different places: {ctx.quote(with_place + other_places)}.")
                continue
            # One outlet alone places an event that at least two other original reports (copies
            # folded into what they copy) describe without that place: a detail nobody
            # corroborates. Silence is counted in reports, not outlets: an outlet's own other
            # report that leaves the place out is evidence too. Fewer than two describers is no
            # evidence of anything.
            stating_reports = {m.report for m in with_place}
            silent = [m for m in others if m.report not in stating_reports]
            silent_reports = {m.report for m in silent}
            if len(stating) != 1 or len(silent_reports) < 2:
                continue
            twins = _conflation_candidates(g, events)
            dated = [m for m in silent if m.period[0]]
            consensus = len({m.report for m in dated}) >= 2 and all(
                periods_overlap(a.period, b.period) for a in dated for b in dated)
            own = [m.period for m in with_place if m.period[0]]
            # The detail contradicts the dating when the outlet's own date for it misses the date
            # two or more reports agree on; it is unanchored when the outlet gives no date with it
            # at all, so nothing ties the place to this occasion rather than another.
            contradicts = consensus and bool(own) and not any(
                periods_overlap(p, m.period) for p in own for m in dated)
            unanchored = consensus and not own
            severity: Severity = "high" if (twins or contradicts or unanchored) else "low"
            n_sources = len({m.source for m in silent})
            text = (f"Possible conflation: only {ctx.outlets(with_place)} places this event in "
                    f"{place} ({ctx.quote(with_place, limit=1)}"
                    + (", without a date" if not own else "") + "); "
                    f"{len(silent_reports)} other reports ({n_sources} independent source(s)) "
                    "describe it without that place"
                    + (f", dating it {_period_text(dated[0].period)}" if consensus else "")
                    + f": {ctx.quote(silent)}.")
            if twins:
                text += (" The same parties have another event at a different date in this story,"
                         " which the detail may belong to: "
                         f"{ctx.quote([t.members[0] for t in twins], limit=2)}.")
            ctx.add("place_conflict", severity, with_place + silent, text)
        _date_rule(ctx, g)
    _date_across_groups(ctx, events)


def same_place(a: str | None, b: str | None) -> bool:
    """One place written two ways: "Washington" / "Washington, D.C.", "the Hague" / "The Hague"."""
    if not a or not b:
        return False
    x = " ".join(_WORDS.findall(a.lower().removeprefix("the ")))
    y = " ".join(_WORDS.findall(b.lower().removeprefix("the ")))
    # a place named with its region or country still names the place ("Paris, France")
    return bool(x and y) and (x == y or x.startswith(y + " ") or y.startswith(x + " "))


def _conflation_candidates(g: EventGroup, events: list[EventGroup]) -> list[EventGroup]:
    """Other events of the same parties at dates that do not overlap this one's."""
    dated = [m.period for m in g.members if m.period[0]]
    if not dated or not g.participants:
        return []
    out = []
    for h in events:
        if h is g or not (h.participants & g.participants) or len(h.participants) < 2:
            continue
        h_dated = [m.period for m in h.members if m.period[0]]
        if h_dated and not any(periods_overlap(p, q) for p in dated for q in h_dated):
            out.append(h)
    return out


# Two phrasings of one action share most of their content words ("sign ceasefire agreement" /
# "signed the ceasefire"): at least half of the union, so "agree to cut tariffs" and "agree a
# framework" (one word of five) stay two events.
SAME_EVENT_WORDS = 0.5


def _date_across_groups(ctx: _Context, events: list[EventGroup]) -> None:
    """The same action of the same parties dated differently by different outlets."""
    for i, g in enumerate(events):
        for h in events[i + 1:]:
            if not (g.words and h.words and g.participants) or g.participants != h.participants:
                continue
            if len(g.words) < 2 or len(h.words) < 2:
                continue  # a bare predicate ("said") names no occasion (see align.same_action)
            if len(g.words & h.words) < SAME_EVENT_WORDS * len(g.words | h.words):
                continue
            pairs = [(a, b) for a in g.members for b in h.members
                     if a.period[0] and b.period[0] and a.source != b.source
                     and not periods_overlap(a.period, b.period)]
            if pairs:
                a, b = pairs[0]
                ctx.add("date_conflict", "medium", [a, b],
                        f"One event, dates that do not overlap ({_period_text(a.period)} vs "
                        f"{_period_text(b.period)}); possibly two events conflated: "
                        f"{ctx.quote([a, b])}.")


def _date_rule(ctx: _Context, g: EventGroup) -> None:
    """Dates of one event that do not overlap between independent outlets."""
    dated = [m for m in g.members if m.period[0]]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if a.source != b.source and not periods_overlap(a.period, b.period) and (
                    same_action(a, b)):
                ctx.add("date_conflict", "medium", [a, b],
                        f"One event, dates that do not overlap ({_period_text(a.period)} vs "
                        f"{_period_text(b.period)}); possibly two events conflated: "
                        f"{ctx.quote([a, b])}.")
                return


# --------------------------------------------------------------------------- conversions

# What joins an amount to the same amount in another unit within one sentence: "3.1 billion
# rand ($168 million)", "€1.2bn, or $1.3bn", "185 km/h - 115 mph". Hedges ("about", "roughly")
# belong to the figure's own text, not to the joint.
_CONVERSION_JOINT = re.compile(r"^\s*(?:\(|\[|,?\s*or|[-\u2013\u2014/])\s*$")


def _conversions(views: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView]]:
    """(amount, the same amount in another unit) pairs stated side by side in one sentence."""
    by_sentence: dict[tuple[str, str, int], list[ClaimView]] = {}
    for v in views:
        c = v.claim
        if c.kind == "quantity" and c.basis in (None, "absolute") and v.interval is not None:
            by_sentence.setdefault((c.article_id, c.field, c.sentence_start), []).append(v)
    pairs = []
    for members in by_sentence.values():
        members.sort(key=lambda v: v.claim.start)
        for x, y in itertools.pairwise(members):
            ux, uy = read_unit(x.claim), read_unit(y.claim)
            if uy == UNREAD or ux == uy:
                continue
            off = x.claim.sentence_start
            joint = x.claim.sentence[x.claim.end - off:y.claim.start - off]
            if _CONVERSION_JOINT.match(joint):
                pairs.append((x, y))
    return pairs


def _same_amount(a: ClaimView, b: ClaimView) -> bool:
    """Intervals that meet, in one unit (or one side's unit unread: tolerance.read_unit)."""
    ua, ub = read_unit(a.claim), read_unit(b.claim)
    return a.interval is not None and b.interval is not None and a.interval.meets(
        b.interval) and (ua == ub or UNREAD in (ua, ub))


def _conversion_rules(ctx: _Context, views: Sequence[ClaimView], groups: list[Group]) -> None:
    """One amount converted into another unit, by several outlets: the conversions must agree.

    An amount restated in another unit in the same sentence ("3.1 billion rand ($168
    million)") is the same quantity twice. When outlets state the same distinctive amount (3+
    significant digits: not a coincidence) and convert it into the same unit, conversions that
    no rounding or hedge reconciles disagree, whatever the subject or the period each outlet
    gives (exchange rates do not move by a rounding's width within a story's days, and a
    physical unit's factor never does). The conversion fewer independent sources support is the
    odd one out, listed first; on a tie neither is called odd.
    """
    pairs = [(x, y) for x, y in _conversions(views) if is_distinctive(x.claim)]

    def support(x: ClaimView, y: ClaimView) -> list[ClaimView]:
        # the conversions of the same amount that agree with (x, y), one per pair
        return [q for p, q in pairs if _same_amount(p, x) and _same_amount(q, y)]

    flagged: set[str] = set()
    for i, (x1, y1) in enumerate(pairs):
        for x2, y2 in pairs[i + 1:]:
            if x1.source == x2.source or {y1.claim.id, y2.claim.id} & flagged:
                continue
            if not _same_amount(x1, x2) or read_unit(y1.claim) != read_unit(y2.claim) or (
                    _same_amount(y1, y2)):
                continue
            s1, s2 = support(x1, y1), support(x2, y2)
            n1, n2 = len({q.source for q in s1}), len({q.source for q in s2})
            (ox, oy, right) = (x1, y1, s2) if n1 < n2 else (x2, y2, s1)
            lead = "Odd one out: " if n1 != n2 else ""
            ctx.add("value_conflict", "medium", [oy, ox, *right],
                    f"{lead}{ctx.outlets([oy])} converts \"{ox.claim.text}\" into "
                    f"\"{oy.claim.text}\", while {max(n1, n2)} independent source(s) convert the "
                    f"same amount into {' / '.join(dict.fromkeys(_show(q) for q in right))}; "
                    f"no rounding or hedge reconciles the two conversions. "
                    f"{ctx.quote([oy, *right])}.",
                    next((g for g in groups if oy in g.members), None))
            flagged.add(oy.claim.id)
            for g in groups:
                if oy in g.members:
                    ctx.status[id(g)] = "conflict"


# --------------------------------------------------------------------------- story


def analyse_story(story_id: str, articles: Sequence[Article], claims: Sequence[Claim],
                  copies: dict[str, str]) -> StoryAnalysis:
    """Align a story's claims into facts and compare them."""
    by_id = {a.id: a for a in articles}
    names = {a.id: _outlet_name(a) for a in articles}
    for copy, original in copies.items():  # a republished wire names the outlet it copies
        if copy in names and original in names and names[copy] != names[original]:
            names[copy] = f"{names[copy]} (copy of {names[original]})"
    ctx = _Context(story_id=story_id, names=names,
                   published={a.id: a.published for a in articles})
    quoted = quoted_from(articles, claims, copies)

    def origin(c: Claim) -> Article:
        # the article a claim's sentence first appeared in: its own, what it copies or quotes
        return by_id[quoted.get(c.id) or copies.get(c.article_id, c.article_id)]

    views = [view(c, source_key(origin(c), copies, by_id), origin(c).id)
             for c in claims if c.article_id in by_id]
    views = unify_short_names(views)
    groups = align_quantities(views)
    groups = _statistic_rules(groups)
    groups = _label_rules(ctx, groups)
    groups = _value_rules(ctx, groups)
    events = align_events(views)
    for g in groups:
        ctx.fact_ids[id(g)] = stable_id(story_id, *sorted(m.claim.id for m in g.members))
    _direction_rules(ctx, groups)
    _classifier_notes(ctx, groups)
    _arithmetic_rules(ctx, groups)
    _conversion_rules(ctx, views, groups)
    _event_rules(ctx, events)
    facts = [_fact(ctx, g) for g in groups] + [_event_fact(ctx, e) for e in events]
    for g in groups:
        if len(g.sources) == 1 and ctx.status.get(id(g)) is None:
            ctx.add("single_source", "low", g.members,
                    f"Only {ctx.outlets(g.members)} states {describe(g)}: "
                    f"{ctx.quote(g.members, limit=1)}.", g)
    findings: dict[str, Finding] = {}
    for finding, fact in ctx.pending:
        if fact is not None and id(fact) in ctx.fact_ids:
            finding = replace(finding, fact_id=ctx.fact_ids[id(fact)])
        # one finding per kind and claims: two rules can reach the same claims
        findings.setdefault(finding.id, finding)
    return StoryAnalysis(facts=facts, findings=list(findings.values()))


def _outlet_name(article: Article) -> str:
    if article.outlet or article.site_name:
        return str(article.outlet or article.site_name)
    title = " ".join((article.title or article.id).split())
    return f"the article «{title[:60]}{'…' if len(title) > 60 else ''}»"


def _fact(ctx: _Context, g: Group) -> Fact:
    best = min(g.members, key=lambda m: (m.interval.hi - m.interval.lo) if m.interval else 1e300)
    c = best.claim
    status = ctx.status.get(id(g)) or ("single_source" if len(g.sources) == 1 else "agreed")
    return Fact(
        id=ctx.fact_ids[id(g)],
        story_id=ctx.story_id,
        kind="quantity",
        description=describe(g),
        claim_ids=tuple(m.claim.id for m in g.members),
        article_ids=tuple(g.article_ids),
        status=status,
        value=c.value,
        unit=c.unit,
        basis=c.basis,
        comparison=g.comparison,  # type: ignore[arg-type]
        period_start=g.period[0],
        period_end=g.period[1],
        metric=c.metric,
        object=next((m.claim.object for m in g.members if m.claim.object), None),
        subject=next((m.claim.subject for m in g.members if m.claim.subject), None),
        counterpart=next((m.claim.counterpart for m in g.members if m.claim.counterpart), None),
        independent_sources=len(g.sources),
    )


def _event_fact(ctx: _Context, g: EventGroup) -> Fact:
    dated = next((m for m in g.members if m.period[0]), None)
    return Fact(
        id=stable_id(ctx.story_id, "event", *sorted(m.claim.id for m in g.members)),
        story_id=ctx.story_id,
        kind="event",
        description=describe_event(g.members),
        claim_ids=tuple(m.claim.id for m in g.members),
        article_ids=tuple(g.article_ids),
        status="single_source" if len(g.sources) == 1 else "agreed",
        period_start=dated.period[0] if dated else None,
        period_end=dated.period[1] if dated else None,
        independent_sources=len(g.sources),
    )
