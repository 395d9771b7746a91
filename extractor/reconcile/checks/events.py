"""Event rules: places and dates of one event across outlets."""

from __future__ import annotations

import re
from datetime import date

from extractor.core.records import Severity
from extractor.reconcile.align import (
    ClaimView,
    EventGroup,
    names_occasion,
    periods_overlap,
    same_action,
)
from extractor.reconcile.checks.context import Context, period_text, plural, verb

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
# A date that disputes another names one occasion: a day, or at most a month. A quarter, a half
# or a year is the period of a statistic ("delivered 336,681 vehicles in the first quarter"),
# and two such periods are two statistics, not one occasion dated twice.
OCCASION_DAYS = 31
# Dates written in an event's words ("on April 8", "8 April 2026", "in 2024"): not figures.
_DATE_WORDS = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|"
    r"oct|nov|dec)[a-z]*|(?:19|20)\d\d)\b", re.IGNORECASE)
# Words that make an event prospective or hypothetical ("is expected to close in 2026", "had
# been expected on Monday", "will meet in October"): what may happen is not dated by it.
_PROSPECTIVE = re.compile(r"\b(?i:expect\w*|will|would|could|might|plan\w*|schedul\w*|"
                          r"due\s+to|set\s+to|likely|hope\w*|intend\w*|aim\w*|project\w*|"
                          r"forecast\w*|implies|next)\b|\bmay\b")  # "may", not the month




def event_rules(ctx: Context, events: list[EventGroup]) -> None:
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
                    f"{place}" + (" and gives no date for it" if not own else "") + "; "
                    f"{plural(len(silent_reports), 'other report')} "
                    f"({plural(n_sources, 'independent source')}) "
                    f"{verb(len(silent_reports), 'describe')} it without that place"
                    + (f", dating it {period_text(dated[0].period)}" if consensus else "")
                    + f". {ctx.quote(with_place[:1] + silent)}.")
            if twins:
                text += (" The same parties have another event at a different date in this story,"
                         " which the detail may belong to: "
                         f"{ctx.quote([t.members[0] for t in twins], limit=2)}.")
            ctx.add("place_conflict", severity, with_place + silent, text)
        _date_rule(ctx, g)
    _date_across_groups(ctx, events)


def _span_days(period: tuple[str | None, str | None]) -> int | None:
    start, end = period
    if not start:
        return None
    try:
        return (date.fromisoformat((end or start)[:10]) - date.fromisoformat(start[:10])).days
    except ValueError:
        return None


def datable(ctx: Context, m: ClaimView) -> bool:
    """Whether an event claim's date can dispute another's: read from its own words against a
    known date (frames.py), no longer than a month, and of an event that happened (not one
    expected, planned or implied)."""
    frame = ctx.frame(m)
    days = _span_days(m.period)
    if frame is None or not frame.period or days is None or days > OCCASION_DAYS:
        return False
    c = m.claim
    words = c.text.replace(c.period_text, " ") if c.period_text else c.text
    words = _DATE_WORDS.sub(" ", words)
    if any(ch.isdigit() for ch in words):
        return False  # an event told with a figure ("added 220,000 jobs in August") is a
        # statistic of its period, which the value rules compare
    at = c.start - c.sentence_start
    own = c.sentence[max(0, at - 40):at + len(c.text) + 40] if 0 <= at <= len(c.sentence) \
        else c.text
    return not _PROSPECTIVE.search(own)


def _corroborated_against_one(pairs: list[tuple[ClaimView, ClaimView]]) -> bool:
    """One independent source on one side, two or more on the other agreeing on the date."""
    sides = [list(dict.fromkeys(a for a, _ in pairs)), list(dict.fromkeys(b for _, b in pairs))]
    sides.sort(key=lambda side: len({m.source for m in side}))
    odd, other = sides
    return len({m.source for m in odd}) == 1 and len({m.source for m in other}) >= 2 and all(
        periods_overlap(x.period, y.period) for x in other for y in other)


def _one_occasion(a: ClaimView, b: ClaimView) -> bool:
    """A one-word predicate ("agreement", "rule", "talks") names an occasion only with its
    parties: both sides must name them, and name the same."""
    if len(a.words) >= 2 and len(b.words) >= 2:
        return True
    return bool(a.participants and b.participants and a.participants & b.participants)


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


def _date_across_groups(ctx: Context, events: list[EventGroup]) -> None:
    """The same action dated differently by different outlets: possibly two events conflated.

    Alignment keeps claims whose dates do not overlap apart, so one event dated twice is two
    groups. They are one action when their predicates share most content words (a bare
    predicate only as itself, and never a bare reporting verb) and their participants are the
    same or one side names none (as in alignment: "the bridge" names no one). The side fewer
    independent sources give comes first; it is high when one source contradicts a date that 2+
    independent sources agree on (an uncorroborated detail against a corroborated one).
    """
    for i, g in enumerate(events):
        for h in events[i + 1:]:
            if not (names_occasion(g.words) and names_occasion(h.words)):
                continue
            if g.participants and h.participants and g.participants != h.participants:
                continue
            if not (g.participants or h.participants):
                continue  # nothing but the predicate ties them: too little for one occasion
            if len(g.words) < 2 or len(h.words) < 2:
                if g.words != h.words:  # a bare predicate is one action only as itself
                    continue
            elif len(g.words & h.words) < SAME_EVENT_WORDS * len(g.words | h.words):
                continue
            pairs = [(a, b) for a in g.members for b in h.members
                     if a.period[0] and b.period[0] and a.source != b.source
                     and not periods_overlap(a.period, b.period)
                     and datable(ctx, a) and datable(ctx, b)]
            strict = [(a, b) for a, b in pairs if _one_occasion(a, b)]
            if strict:
                _report_dates(ctx, g, h, strict)
            elif pairs and _corroborated_against_one(pairs):
                # a one-word predicate ("made landfall") with its parties named on one side
                # only: one occasion when one source alone dates it against 2+ that agree
                _report_dates(ctx, g, h, pairs)


def _report_dates(ctx: Context, g: EventGroup, h: EventGroup,
                  pairs: list[tuple[ClaimView, ClaimView]]) -> None:
    """One finding for two groups of one action whose dates do not overlap."""
    a_side = list(dict.fromkeys(a for a, _ in pairs))
    b_side = list(dict.fromkeys(b for _, b in pairs))
    odd, other = (a_side, b_side)
    if len({m.source for m in b_side}) < len({m.source for m in a_side}):
        odd, other = b_side, a_side
    n_odd, n_other = len({m.source for m in odd}), len({m.source for m in other})
    agreed = all(periods_overlap(x.period, y.period) for x in other for y in other)
    severity: Severity = "high" if n_odd == 1 and n_other >= 2 and agreed else "medium"
    places = [m.claim.place.strip() for m in odd if m.claim.place]
    other_places = [m.claim.place.strip() for m in other if m.claim.place]
    moved = bool(places and other_places) and not any(
        same_place(x, y) for x in places for y in other_places)
    when, other_when = period_text(odd[0].period), period_text(other[0].period)
    if n_odd < n_other:
        n_named = len({ctx.names.get(m.claim.article_id, m.claim.article_id) for m in odd})
        text = (f"Odd one out: {ctx.outlets(odd)} {verb(n_named, 'date')} this event {when}"
                + (f" and {verb(n_named, 'place')} it in {places[0]}" if moved else "")
                + f", while {plural(n_other, 'independent source')} "
                f"{verb(n_other, 'date')} it {other_when}"
                + (f" and {verb(n_other, 'place')} it in {other_places[0]}" if moved else ""))
    else:
        text = (f"One event, dates that do not overlap ({when} vs {other_when})"
                + (f" and places that differ ({places[0]} vs {other_places[0]})" if moved else ""))
    text += f"; possibly two events conflated: {ctx.quote(odd + other)}."
    ctx.add("date_conflict", severity, odd + other, text)


def _date_rule(ctx: Context, g: EventGroup) -> None:
    """Dates of one event that do not overlap between independent outlets."""
    dated = [m for m in g.members if m.period[0]]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if a.source != b.source and not periods_overlap(a.period, b.period) and (
                    same_action(a, b)) and datable(ctx, a) and datable(ctx, b) and (
                    _one_occasion(a, b)):
                ctx.add("date_conflict", "medium", [a, b],
                        f"One event, dates that do not overlap ({period_text(a.period)} vs "
                        f"{period_text(b.period)}); possibly two events conflated: "
                        f"{ctx.quote([a, b])}.")
                return
