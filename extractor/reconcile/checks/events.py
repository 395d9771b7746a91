"""Event rules: places and dates of one event across outlets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from extractor.core.data import read_yaml
from extractor.core.dates import order_key
from extractor.core.errors import ConfigError
from extractor.core.records import Claim, Severity
from extractor.reconcile.align import (
    ClaimView,
    EventGroup,
    names_occasion,
    periods_overlap,
    same_action,
)
from extractor.reconcile.checks.context import Context, period_text, plural, verb
from extractor.reconcile.tolerance import OCCURRENCE_MEASURES, canonical_unit

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
# A date that disputes another names one occasion: a day, or at most a month. A quarter, a half
# or a year is the period of a statistic ("delivered 336,681 vehicles in the first quarter"),
# and two such periods are two statistics, not one occasion dated twice.
OCCASION_DAYS = 31
# Dates and clock times written in an event's words ("on April 8", "8 April 2026", "in 2024",
# "at 8:48 p.m.", "shortly after 6 a.m."): not figures.
_DATE_WORDS = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|"
    r"oct|nov|dec)[a-z]*|(?:19|20)\d\d)\b|\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"|\b\d{1,2}:\d\d\b", re.IGNORECASE)
# Words that make an event prospective or hypothetical ("is expected to close in 2026", "had
# been expected on Monday", "will meet in October"): what may happen is not dated by it.
# ("plan" as a verb: "planned", "plans to", not "plant" or "planet")
_PROSPECTIVE = re.compile(r"\b(?i:expect\w*|will|would|could|might|plan(?:s|ned|ning)?\b|"
                          r"schedul\w*|due\s+to|set\s+to|likely|hope\w*|intend\w*|aim\w*|"
                          r"project\w*|"
                          r"forecast\w*|implies|next)\b|\bmay\b")  # "may", not the month




def event_rules(ctx: Context, events: list[EventGroup]) -> None:
    """Places and dates of one event across outlets; uncorroborated details may be conflations."""
    for g in events:
        placed = [m for m in g.members if m.claim.place]
        others = [m for m in g.members if not m.claim.place]
        for place in dict.fromkeys(m.claim.place.strip() for m in placed if m.claim.place):
            with_place = [m for m in placed if same_place(m.claim.place, place)]
            stating = {m.source for m in with_place}
            # a one-word predicate ("quake in Paktika") names one occasion only with its
            # parties (as for dates): two quakes of a story in two places are two quakes
            other_places = [m for m in placed if m not in with_place and m.source not in stating
                            and any(_one_occasion(m, w) for w in with_place)]
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
    words = _DATE_WORDS.sub(" ", _predicate(c, words))
    if any(ch.isdigit() for ch in words):
        return False  # an event told with a figure ("added 220,000 jobs in August") is a
        # statistic of its period, which the value rules compare
    at = c.start - c.sentence_start
    own = c.sentence[max(0, at - 40):at + len(c.text) + 40] if 0 <= at <= len(c.sentence) \
        else c.text
    return not _PROSPECTIVE.search(own)


@cache
def _event_nouns() -> frozenset[str]:
    """Nouns that name events (lexicon.yaml ``event_nouns``: "earthquake", "talks")."""
    try:
        data = read_yaml("lexicon.yaml")
    except ConfigError:
        return frozenset()
    words = data.get("event_nouns") if isinstance(data, dict) else None
    return frozenset(str(w).lower() for w in words or [])


def _predicate(c: Claim, words: str) -> str:
    """An event's words from its subject on, when its subject is an event noun.

    The extractor names such an event by its subject first ("quake strike" for "the magnitude
    6.0 quake struck on Saturday"); a figure in the subject's own words describes what happened
    (its magnitude), it is no statistic of the period the way "added 220,000 jobs in August"
    is.
    """
    first = (c.event or "").split(" ", 1)[0].lower()
    if first not in _event_nouns():
        return words
    found = list(re.finditer(rf"\b{re.escape(first)}\w*", words, re.IGNORECASE))
    return words[found[0].end():] if found else words


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


# --------------------------------------------------------------------------- occurrences

# Things that happen at one place in one moment, and their other names: a story about one has one
# date for it, which every report of it gives ("the quake struck late on Sunday"). Events that
# last or move (storms, floods, fires) are left out: they hit different places on different days.
OCCURRENCES = {"earthquake": "earthquake", "quake": "earthquake", "temblor": "earthquake",
               "explosion": "explosion", "blast": "explosion", "crash": "crash",
               "landslide": "landslide", "tsunami": "tsunami"}
# Verbs that say such a thing happened or reached a place: "struck", "hit", "shook", "ripped
# through". With another verb ("the quake killed ...", "the crash prompted ...") the date may be
# another action's.
HAPPENED = frozenset({"strike", "hit", "shake", "rock", "jolt", "rip", "tear", "slam", "occur",
                      "happen", "devastate", "flatten", "level", "destroy", "damage"})
# Words before the noun that make it another one of its kind ("a fresh tremor", "the second
# quake", "an earlier blast"): another occurrence, not the story's.
_ANOTHER = frozenset({"another", "second", "third", "fourth", "fifth", "new", "fresh", "latest",
                      "earlier", "previous", "prior", "subsequent", "later", "next", "other",
                      "last", "first"})
_DEFINITE = frozenset({"the", "this", "that", "its", "their"})
_INDEFINITE = frozenset({"a", "an", "one", "some", "any"})


def _occurrence(m: ClaimView) -> str | None:
    """The kind of occurrence an event claim dates (canonical noun), if it says one happened:
    its name is the noun alone ("Friday's earthquake") or the noun and a verb of happening
    ("earthquake strike", "quake shake mountain")."""
    words = (m.claim.event or "").lower().split()
    if not words or words[0] not in OCCURRENCES:
        return None
    if len(words) > 1 and words[1] not in HAPPENED:
        return None
    return OCCURRENCES[words[0]]


def _the_storys(m: ClaimView, lead: bool) -> bool:
    """Whether an event claim's words refer to the story's occurrence (_refers)."""
    c = m.claim
    at = c.start - c.sentence_start
    if not 0 <= at <= len(c.sentence):
        return False
    found = _NOUN.search(c.sentence, at, at + len(c.text))
    return found is not None and _refers(c.sentence, found.start(), lead)


_NOUN = re.compile(r"\b(?:" + "|".join(OCCURRENCES) + r")s?\b", re.IGNORECASE)


def _refers(sentence: str, noun_at: int, lead: bool) -> bool:
    """Whether the occurrence noun at ``noun_at`` refers to the story's occurrence: a definite
    noun phrase ("the quake", "Friday's earthquake", "the magnitude 7.7 earthquake that
    struck"), or an indefinite one in its article's first sentence or headline, where a report
    introduces its news ("A strong earthquake shook ..."); never one marked as another ("a
    fresh tremor", "the second quake", "the first of four quakes")."""
    before = re.findall(r"[^\W\d_]+(?:['’]s)?", sentence[:noun_at].lower())
    for word in reversed(before[-6:]):
        if word in _ANOTHER:
            return False
        if word in _DEFINITE or word.endswith(("'s", "’s")):
            return True
        if word in _INDEFINITE:
            return lead
    return lead and len(before) <= 1  # a headline's bare noun ("Magnitude 6.3 quake kills")


def _leads(views: Sequence[ClaimView]) -> dict[str, int]:
    """Article id -> where its first sentence with a claim starts (its lead)."""
    leads: dict[str, int] = {}
    for m in views:
        if m.claim.field == "text":
            at = leads.get(m.claim.article_id)
            leads[m.claim.article_id] = m.claim.sentence_start if at is None else min(
                at, m.claim.sentence_start)
    return leads


# A report's first sentence starts at its text's start, or after a dateline at most ("KABUL,
# Sept 1 (Harbor Wire) - " is 30 characters; the corpus's longest is under 60).
LEAD_START_CHARS = 80


def _in_lead(m: ClaimView, leads: dict[str, int]) -> bool:
    """A headline, or its article's first sentence (the first with a claim, near the start)."""
    return m.claim.field == "title" or (
        leads.get(m.claim.article_id) == m.claim.sentence_start
        and m.claim.sentence_start <= LEAD_START_CHARS)


def occurrence_rules(ctx: Context, views: Sequence[ClaimView]) -> None:
    """The story's occurrence (an earthquake, a crash): its date, and the measure it has once
    and for all (a quake's magnitude), against what two or more independent sources agree on."""
    leads = _leads(views)
    dates = _occurrence_dates(ctx, [v for v in views if v.claim.kind == "event"], leads)
    _occurrence_measures(ctx, [v for v in views if v.claim.kind == "quantity"], leads, dates)


def _occurrence_dates(ctx: Context, members: Sequence[ClaimView], leads: dict[str, int]
                      ) -> dict[str, tuple[str | None, str | None]]:
    """One outlet dates the story's occurrence (an earthquake, a crash) on another day than two
    or more independent sources agree on; returns the agreed date of each kind of occurrence.

    Alignment compares predicates, and outlets write one occurrence with different verbs ("the
    quake struck", "an earthquake shook", "Friday's earthquake"): these are one action when they
    say the same kind of thing happened and each refers to the story's one (frames, not words).
    An outlet is odd only when none of its statements of that occurrence fits the date the
    others agree on, and its date is within a month of theirs (a misdated report of it, not
    another occurrence of that kind years before); when places are named on both sides they
    must be one place. High: one source against a date 2+ agree on (the rule for
    uncorroborated details).
    """
    by_kind: dict[str, list[ClaimView]] = {}
    for m in members:
        kind = _occurrence(m)
        if kind and m.period[0] and datable(ctx, m) and _the_storys(m, _in_lead(m, leads)):
            by_kind.setdefault(kind, []).append(m)
    agreed = {}
    for kind, found in by_kind.items():
        period = _odd_occurrence_date(ctx, kind, found)
        if period is not None:
            agreed[kind] = period
    return agreed


def _odd_occurrence_date(ctx: Context, kind: str, found: list[ClaimView]
                         ) -> tuple[str | None, str | None] | None:
    """Report the odd date of one kind of occurrence; the date 2+ sources agree on, if any."""
    sources = {m.source for m in found}
    best: tuple[int, list[ClaimView]] | None = None
    for anchor in found:
        # the statements that fit this one's date, all of them fitting each other
        agree = [m for m in found if periods_overlap(m.period, anchor.period)]
        if not all(periods_overlap(a.period, b.period) for a in agree for b in agree):
            continue
        n = len({m.source for m in agree})
        if best is None or n > best[0]:
            best = (n, agree)
    if best is None or best[0] < 2:
        return None
    agree = best[1]
    agreeing = {m.source for m in agree}
    # the day they agree on: the latest start and earliest end of their statements
    day = (max(str(m.period[0]) for m in agree),
           min(str(m.period[1] or m.period[0]) for m in agree))
    odd_sources = sources - agreeing
    if len(odd_sources) != 1:
        return day  # nobody, or two camps: not one outlet's slip
    (odd_source,) = odd_sources
    odd = [m for m in found if m.source == odd_source]
    if not all(_days_apart(m.period, agree[0].period) <= OCCASION_DAYS for m in odd):
        return day
    places = {m.claim.place for m in agree if m.claim.place}
    if any(m.claim.place for m in odd) and places and not any(
            same_place(m.claim.place, p) for m in odd for p in places):
        return day  # named at another place: perhaps another occurrence
    n_odd = len({ctx.names.get(m.claim.article_id, m.claim.article_id) for m in odd})
    n_other = len(agreeing)
    text = (f"Odd one out: {ctx.outlets(odd)} {verb(n_odd, 'date')} the {kind} "
            f"{period_text(odd[0].period)}, while {plural(n_other, 'independent source')} "
            f"{verb(n_other, 'date')} it {period_text(agree[0].period)}. Same occurrence: each "
            f"reports the story's {kind} (a definite reference, or its lead's), within a month "
            f"of the others' date; an occurrence has one date. {ctx.quote(odd + agree)}.")
    # one finding per disagreement: a date conflict another rule raised on the odd statements
    # (one event dated twice, without the consensus) is this one
    ctx.supersede(("date_conflict",), {m.claim.id for m in odd})
    ctx.add("date_conflict", "high", odd + agree, text)
    return day


def _days_apart(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> int:
    """Days between two periods that do not overlap (0 when they do)."""
    if periods_overlap(a, b) or not a[0] or not b[0]:
        return 0
    try:
        a0, a1 = date.fromisoformat(a[0][:10]), date.fromisoformat((a[1] or a[0])[:10])
        b0, b1 = date.fromisoformat(b[0][:10]), date.fromisoformat((b[1] or b[0])[:10])
    except ValueError:
        return 10**6
    return min(abs((b0 - a1).days), abs((a0 - b1).days))


# How far after its figure the noun it measures may be: "5.3-magnitude earthquake", "6.3
# magnitude quake" (two words at most between them).
_NOUN_AFTER_WORDS = 2
# One occurrence named (a plural, "four magnitude 6.3 quakes", measures several).
_ONE_NOUN = re.compile(r"\b(?:" + "|".join(OCCURRENCES) + r")\b", re.IGNORECASE)


def _measured(ctx: Context, v: ClaimView, leads: dict[str, int],
              dates: dict[str, tuple[str | None, str | None]]) -> str | None:
    """The kind of the story's occurrence a measure claim measures, if its words say so: the
    noun follows its figure ("a 5.3-magnitude earthquake"), refers to the story's occurrence,
    and a day the sentence gives it is the day the outlets agree it happened on ("the magnitude
    6.0 quake of August 31" in a story of a November quake is another quake)."""
    c = v.claim
    frame = ctx.frame(v)
    if canonical_unit(c.unit)[0] not in OCCURRENCE_MEASURES or v.interval is None or (
            frame is None or frame.role != "value"):
        return None
    at = c.start - c.sentence_start
    if not 0 <= at <= len(c.sentence):
        return None
    end = at + len(c.text)
    noun = _ONE_NOUN.search(c.sentence, at, end + 40)
    if noun is None or len(re.findall(r"[^\W_]+", c.sentence[end:noun.start()])) > \
            _NOUN_AFTER_WORDS:
        return None
    kind = OCCURRENCES[noun.group(0).lower()]
    if not _refers(c.sentence, noun.start(), _in_lead(v, leads)):
        return None
    if c.period_start and c.period_text and c.period_text.lower() in c.sentence.lower():
        day = dates.get(kind)
        if day is None or not periods_overlap((c.period_start, c.period_end), day):
            return None
    return kind


def _occurrence_measures(ctx: Context, figures: Sequence[ClaimView], leads: dict[str, int],
                         dates: dict[str, tuple[str | None, str | None]]) -> None:
    """One outlet gives the story's occurrence a measure (a quake's magnitude) that no rounding
    reconciles with the one two or more independent sources agree on.

    Outlets read a magnitude with any verb ("struck", "was centred", "kills"), so the value
    rules, which compare what is measured of whom, do not see one quantity; the measure of one
    occurrence is one quantity whatever the sentence does with it. Not a conflict: readings
    attributed to two different named agencies (the USGS's 7.7, another centre's 7.9), and a
    reading reported before every one it disagrees with (a first estimate since revised).
    """
    by_kind: dict[str, list[ClaimView]] = {}
    for v in figures:
        kind = _measured(ctx, v, leads, dates)
        if kind is not None:
            by_kind.setdefault(kind, []).append(v)
    for kind, found in by_kind.items():
        best: tuple[int, list[ClaimView]] | None = None
        for anchor in found:
            assert anchor.interval is not None
            agree = [m for m in found if m.interval is not None
                     and m.interval.meets(anchor.interval)]
            if not all(a.interval.meets(b.interval) for a in agree for b in agree
                       if a.interval and b.interval):
                continue
            n = len({m.source for m in agree})
            if best is None or n > best[0]:
                best = (n, agree)
        if best is None or best[0] < 2:
            continue
        agree = best[1]
        odd_sources = {m.source for m in found} - {m.source for m in agree}
        if len(odd_sources) != 1:
            continue
        odd = [m for m in found if m.source in odd_sources]
        if not all(o.interval and a.interval and not o.interval.meets(a.interval)
                   for o in odd for a in agree):
            continue
        named = {f.source for m in agree if (f := ctx.frame(m)) and f.source}
        odd_named = {f.source for m in odd if (f := ctx.frame(m)) and f.source}
        if odd_named and named and not odd_named & named:
            continue  # two agencies' readings are two measurements
        first = min(order_key(ctx.published.get(m.claim.article_id)) for m in agree)
        if all(order_key(ctx.published.get(m.claim.article_id)) < first for m in odd):
            continue  # a first reading, reported before every other: since revised
        _report_measure(ctx, kind, odd, agree)


def _number(m: ClaimView) -> str:
    return f"{m.claim.value:g}" if m.claim.value is not None else m.claim.text


def _report_measure(ctx: Context, kind: str, odd: list[ClaimView],
                    agree: list[ClaimView]) -> None:
    n_odd = len({ctx.names.get(m.claim.article_id, m.claim.article_id) for m in odd})
    n_other = len({m.source for m in agree})
    measure = canonical_unit(odd[0].claim.unit)[0] or "measure"
    text = (f"Odd one out: {ctx.outlets(odd)} {verb(n_odd, 'give')} the {kind} a {measure} of "
            f"{' / '.join(dict.fromkeys(_number(m) for m in odd))}, while "
            f"{plural(n_other, 'independent source')} {verb(n_other, 'give')} "
            f"{' / '.join(dict.fromkeys(_number(m) for m in agree))}. Same thing: each "
            f"measures the story's {kind} (a definite reference, or its lead's, on the day the "
            f"outlets agree it happened); an occurrence has one {measure}. "
            f"{ctx.quote(odd + agree)}.")
    # one finding per disagreement: a value conflict raised on these statements is this one
    ctx.supersede(("value_conflict",), {m.claim.id for m in odd})
    ctx.add("value_conflict", "high", odd + agree, text)
