"""Label rules: one distinctive figure given for different things, or read with different
metric words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extractor.core.records import Severity
from extractor.reconcile.align import (
    PERSON_CLASSIFIERS,
    ClaimView,
    Group,
    head_noun,
    periods_overlap,
)
from extractor.reconcile.checks.context import Context, plural, show, verb
from extractor.reconcile.describe import object_phrase, period_phrase
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
    # one finding per odd outlet, over all the figures it labels oddly
    odd_by_source: dict[str, list[tuple[Group, list[ClaimView], list[ClaimView], bool]]] = {}
    per_twin = [(twin, _odd_labels(ctx, twin)) for twin in twins]
    decided = {source for _, found in per_twin for source, *_, tie in found if not tie}
    # a figure where the labels tie is decided by the outlet that is odd on another figure
    per_twin = [(twin, _odd_labels(ctx, twin, decided)) for twin in twins]
    for twin, found in per_twin:
        for source, odd, right, tie in found:
            if tie and source not in decided and {m.source for m in right} & decided:
                continue  # the other label's outlet is the odd one on another figure
            odd_by_source.setdefault(source, []).append((twin, odd, right, tie))
    for items in odd_by_source.values():
        _report_labels(ctx, items)
    return merged


def _words_of(label: str | None) -> set[str]:
    return {_singular_word(w) for w in re.findall(r"[^\W_]+", (label or "").lower())}


def _singular_word(word: str) -> str:
    return head_noun(word) or word


def _same_label(a: ClaimView, b: ClaimView) -> bool:
    """Two labels where one's words hold the other's ("target" / "target range", "models" /
    "other models"): one label written at two lengths, not two things."""
    wa, wb = _words_of(a.claim.object), _words_of(b.claim.object)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


# Nouns that count persons, in general English: a figure counted in persons by some outlets and
# in things by another ("1.43 million patients" / "bottles") is attached to the wrong noun, where
# two nouns for things ("cars" / "vehicles", "models" / "units") may name one thing at two levels.
PERSON_NOUNS = frozenset({
    "people", "person", "individual", "resident", "patient", "victim", "child", "adult",
    "woman", "man", "student", "worker", "employee", "passenger", "voter", "member", "customer",
    "user", "subscriber", "soldier", "civilian", "migrant", "refugee", "tourist", "visitor",
    "fan", "player", "citizen", "inhabitant", "household", "family", "casualty", "survivor",
    "evacuee", "teenager", "girl", "boy", "camper", "rescuer", "officer", "doctor", "nurse",
    "teacher", "pupil", "farmer", "investor", "shareholder", "consumer", "buyer", "applicant",
    "prisoner", "detainee", "protester", "spectator", "athlete", "driver", "pilot", "crew",
})


def _persons(head: str | None) -> bool:
    return head in PERSON_NOUNS


def _labels(ctx: Context, twin: Group) -> list[ClaimView]:
    """The members whose label is a thing of their own.

    The figure is distinctive (three or more significant digits), so it identifies its
    statistic whatever period or role its sentence gives it; a figure an expectation or an
    average states is another statistic.
    """
    labelled = [v for v in twin.members if v.head and is_distinctive(v.claim)
                and v.claim.qualifier not in ("more_than", "at_least", "less_than", "up_to")
                and ((f := ctx.frame(v)) is None or f.role not in ("expectation", "average"))]
    # an outlet that gives the figure two labels itself ("124 cases, and counting. ... 124
    # confirmed infections") uses them as one thing's names: it neither votes nor is odd
    heads_of: dict[str, set[str | None]] = {}
    for v in labelled:
        heads_of.setdefault(v.source, set()).add(v.head)
    return [v for v in labelled if len(heads_of[v.source]) == 1]


def _counting_nouns(odd: ClaimView, right: ClaimView) -> bool:
    """Both labels only repeat their claims' metric: the noun the figure counts ("720,803
    deliveries", "336,681 cars" read as metric and object alike), not a thing it is of."""
    return odd.head == odd.flow and right.head == right.flow


def _odd_labels(ctx: Context, twin: Group, odd_elsewhere: set[str] | None = None
                ) -> list[tuple[str, list[ClaimView], list[ClaimView], bool]]:
    """Within one figure stated with different labels: (odd source, its claims, the claims of
    the label most independent sources give, whether the labels tie). On a tie, the label of
    an outlet that is odd on another figure (``odd_elsewhere``) is taken as the odd one."""
    labelled = _labels(ctx, twin)
    counts: Counter[str] = Counter()
    for head in {v.head for v in labelled if v.head}:
        counts[head] = len({v.source for v in labelled if v.head == head})
    if len(counts) < 2:
        return []
    ranked = counts.most_common()
    if odd_elsewhere and len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        odd_heads = {v.head for v in labelled if v.source in odd_elsewhere}
        ranked.sort(key=lambda item: (item[0] in odd_heads, -item[1]))
    (label, n), *rest = ranked
    bodies = {v.claim.article_id for v in labelled if v.claim.field != "title"}
    right = [v for v in labelled if v.head == label]
    by_odd: dict[str, list[ClaimView]] = {}
    for v in labelled:
        # a headline compresses its label ("raises defence to ...") and its article states the
        # figure once: where the body gives the figure too, the body's label is the article's
        if v.head == label or (v.claim.field == "title" and v.claim.article_id in bodies):
            continue
        if any(_same_label(v, r) for r in right):
            continue  # one label at two lengths
        if all(_counting_nouns(v, r) and _persons(v.head) == _persons(r.head) for r in right):
            # two counting nouns of one kind ("cars" / "vehicles", "deliveries" / "units") may
            # name one thing at two levels; persons against things ("patients" / "bottles")
            # cannot
            continue
        by_odd.setdefault(v.source, []).append(v)
    tie = bool(rest) and rest[0][1] == n
    if tie:
        right = [m for m in labelled if m.source not in by_odd]
    return [(source, odd, right, tie) for source, odd in by_odd.items()]


def _report_labels(ctx: Context,
                   found: list[tuple[Group, list[ClaimView], list[ClaimView], bool]]) -> None:
    """One mislabel finding for one outlet's odd labels, over the figures it gives them to."""
    # the figures where a majority names another label decide; figures where the labels tie
    # only add their claims
    tie = all(t for *_, t in found)
    found = sorted(found, key=lambda item: item[3])
    twin = found[0][0]
    odd = list(dict.fromkeys(m for _, o, _, _ in found for m in o))
    right = list(dict.fromkeys(m for _, _, r, t in found for m in r if tie or not t))
    for g, *_ in found:
        ctx.status[id(g)] = "conflict"
    figures = ", ".join(dict.fromkeys(show(o) for o in odd))
    label = next((r.head for r in right if r.head), None)
    labelled = [m for g, *_ in found for m in _labels(ctx, g)]
    n = max(len({m.source for m in _labels(ctx, g) if m.head == label}) for g, *_ in found)
    odd_sources = len({m.source for m in labelled if m.head == odd[0].head})
    if not tie and label:
        # the odd side is the label fewer independent sources give; it comes first in the
        # finding's articles and claims so that a report can mark just those
        attach = verb(len({m.claim.article_id for m in odd}), "attach")
        text = (f"Odd one out: {ctx.outlets(odd)} {attach} "
                f"{figures} to \"{odd[0].claim.object}\", a label "
                f"{plural(odd_sources, 'independent source')} {verb(odd_sources, 'give')}, "
                f"while {plural(n, 'independent source')} {verb(n, 'give')} the same "
                f"{'figure' if len({show(o) for o in odd}) == 1 else 'figures'} for "
                f"\"{object_phrase(right, label)}\". Same figure: {figures}, "
                f"{_same_frame(twin)}. {ctx.quote(odd + right)}.")
        # one source against one cannot tell which label is right: a note
        severity: Severity = "medium" if n >= 2 else "low"
        ctx.add("mislabelled_object", severity, odd + right, text, twin)
    else:
        text = (f"The same figure is given for different things by different outlets, and "
                f"as many independent sources give each label, so neither is the odd one "
                f"out: {ctx.quote(odd + right)}.")
        # on a tie nothing says which label is wrong (they may name one thing): a note
        ctx.add("mislabelled_object", "low", odd + right, text, twin)


def _same_frame(twin: Group) -> str:
    """What ties the statements to one figure, for the explanation."""
    parts = []
    if twin.subject:
        parts.append(f"of {twin.subject.title() if twin.subject.islower() else twin.subject}")
    if twin.period[0]:
        parts.append(f"for {period_phrase(*twin.period)}")
    return "the same party and period" if not parts else "stated " + " ".join(parts)


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
