"""Label rules: one distinctive figure given for different things, or read with different
metric words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from extractor.reconcile.align import (
    PERSON_CLASSIFIERS,
    ClaimView,
    Group,
    head_noun,
    periods_overlap,
)
from extractor.reconcile.checks.context import Context, plural, show, verb
from extractor.reconcile.describe import object_phrase
from extractor.reconcile.tolerance import is_distinctive, same_figure


def _majority(values: Sequence[tuple[str, str]]) -> tuple[str | None, int]:
    """The value held by the most independent sources, or None on a tie."""
    counts = Counter(v for v, _ in set(values))
    if not counts:
        return None, 0
    (top, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None, n
    return top, n


def label_rules(ctx: Context, groups: list[Group]) -> list[Group]:
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
        figures = ", ".join(dict.fromkeys(show(o) for o in odd))
        if label and right:
            # the odd side is the label fewer independent sources give; it comes first in the
            # finding's articles and claims so that a report can mark just those
            odd_sources = len({v.source for v in labelled if v.head == odd[0].head})
            attach = verb(len({m.claim.article_id for m in odd}), "attach")
            text = (f"Odd one out: {ctx.outlets(odd)} {attach} "
                    f"{figures} to \"{odd[0].claim.object}\", a label "
                    f"{plural(odd_sources, 'independent source')} {verb(odd_sources, 'give')}, "
                    f"while {plural(n, 'independent source')} {verb(n, 'give')} the same "
                    f"{'figure' if len({show(o) for o in odd}) == 1 else 'figures'} for "
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


def statistic_rules(groups: list[Group]) -> list[Group]:
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


def classifier_notes(ctx: Context, groups: list[Group]) -> None:
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
                    f"{', '.join(dict.fromkeys(show(m) for m in odd))} for "
                    f"\"{odd[0].claim.object}\", while {plural(n_people, 'independent source')} "
                    f"{verb(n_people, 'count')} "
                    f"people with the same figure; a count of persons and a count of "
                    f"{head}s may be the figure attached to the wrong noun. "
                    f"{ctx.quote(odd + people)}.", g)
