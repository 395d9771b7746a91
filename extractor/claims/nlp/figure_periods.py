"""A figure's period (what time it is for) and comparison (what it is compared with).

The period comes from the figure's own words, else its sentence, else the statement's date,
else the text just before, else the article's main period; standing shares and levels take
none of the fallbacks (docs/claims.md, "Period"). The comparison of a change comes from a cue
next to it ("on the year") or from its base period against its claim period.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from spacy.tokens import Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.figures import CONTEXT_TOKENS, VERBS, Draft
from extractor.claims.nlp.periods import Period, months_between, shift_period
from extractor.claims.nlp.timeline import Cue, PeriodMention, sentence_of
from extractor.claims.nlp.units import UnitVocab
from extractor.core.records import Claim

__all__ = ["FigurePeriods"]

T = TypeVar("T")
_CUE_MONTHS = {"mom": -1, "qoq": -3, "yoy": -12}


class FigurePeriods:
    """Periods and comparisons of drafts."""

    def __init__(self, context: Context, units: UnitVocab) -> None:
        self.ctx = context
        self.lex = context.lexicon
        self.units = units

    # ------------------------------------------------------------------ periods

    def assign_periods(self, drafts: list[Draft], periods: list[PeriodMention],
                       main: PeriodMention | None) -> None:
        by_sent = _by_sentence(periods, lambda p: p.sent_start)
        drafts_by_sent = _by_sentence(drafts, lambda d: d.sent.start)
        owner: dict[int, Draft] = {}  # id(period) -> the figure it modifies
        for start, ps in by_sent.items():
            for p in ps:
                for d in drafts_by_sent.get(start, []):
                    if self.owns(d, p):
                        owner[id(p)] = d
                        break
        claim_periods = [p for p in periods if p.role == "claim"]
        starts = [p.start for p in claim_periods]
        for d in drafts:
            in_sent = by_sent.get(d.sent.start, [])
            own = [p for p in in_sent if owner.get(id(p)) is d]
            free = [p for p in in_sent if id(p) not in owner and p.role == "claim"]
            other = [p for p in in_sent if owner.get(id(p), d) is not d and p.role == "claim"]
            # "..., officials said on Tuesday": the figure stands as of the statement's date
            said = [p for p in in_sent if p.role == "statement"]
            if not own and self._standing(d) and not any(
                    self._in_clause(d, p) for p in in_sent if p.role == "claim"):
                continue  # "Acme, which controls 40% of ..., had cut prices in April"
            for tier, ps in (("own", own), ("free", free), ("other", other), ("statement", said)):
                if ps:
                    d.period = min(ps, key=functools.partial(_distance, d))
                    d.period_from = tier
                    break
            if d.period is None and self._standing(d):
                continue  # "Acme controls 40% of the market": true now, no period
            if d.period is None:
                # the period of the previous sentence or two (news rarely repeats it), else the
                # month the article is mostly about
                k = bisect.bisect_left(starts, d.sent.start)
                if k and d.sent.start - starts[k - 1] < CONTEXT_TOKENS:
                    d.period, d.period_from = claim_periods[k - 1], "context"
                elif main is not None:
                    d.period, d.period_from = main, "main"

    def _standing(self, d: Draft) -> bool:
        """A share or level stated in the present tense with no period words in its sentence.

        "Acme controls 40% of the market" describes a standing state, not the month of a
        nearby sentence: borrowing that month would make two outlets' identical statements
        disagree on their period. It gets no period (an unknown period aligns with any), not the
        article's year: a standing share often spans years, and a year would split it from the
        same statement in an article of the next January.
        """
        if d.basis not in ("share", "absolute", "rank") or d.unit in self.units.durations:
            return False
        verb = self.ctx.governing_verb(d.anchor)
        for _ in range(2):  # "dominates the sector, producing over 90%": the finite verb
            if verb is None or verb.tag_ != "VBG" or verb.head is verb or \
                    verb.head.pos_ not in VERBS:
                break
            verb = verb.head
        if verb is None:
            return False
        tags = {verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass"))}
        # simple present only: "controls", "is", "has"; not "has risen", "will", "was"
        return verb.tag_ in ("VBZ", "VBP") and not tags & {"MD", "VBD", "VBN"}

    def _in_clause(self, d: Draft, p: PeriodMention) -> bool:
        """Whether period ``p`` lies inside the clause of the figure's verb."""
        verb = self.ctx.governing_verb(d.anchor)
        if verb is None:
            return True
        return verb.left_edge.i <= p.start and p.end - 1 <= verb.right_edge.i

    def owns(self, d: Draft, p: PeriodMention) -> bool:
        """Whether the period modifies this figure ("1,238 tons in May", "from 1,238 t in May")."""
        doc = d.tokens.doc
        t: Token = doc[p.start:p.end].root
        for _ in range(4):  # "1,238 tons in May": in -> tons; a couple of arcs at most
            if d.tokens.start <= t.i < d.tokens.end:
                return True
            head = t.head
            if head is t or head.pos_ in VERBS:
                return False
            if head.pos_ == "ADP" and any(
                    c.dep_ == "pobj" and d.tokens.start <= c.i < d.tokens.end
                    for c in head.children):
                return True  # "from 1,238 tons in May": May is a sibling of the figure
            if head.lower_ in self.lex.comparison_markers:
                return False  # "3.7%, its lowest since 1969": 1969 is the base, not its period
            t = head
        return False

    def continues(self, claim: Claim, d: Draft, sent_start: int, drafts: list[Draft],
                  made: list[Claim]) -> bool:
        """Whether ``claim`` goes on about what the sentence at ``sent_start`` measures: its
        metric or object is a word of that sentence or of one of its figures ("sold ... in
        June." -> "Total sales ... 3,188 cars"), or nothing tells otherwise (no figures there,
        no metric here). A share is of the measure before it ("made up 40% of the total")."""
        if claim.basis == "share" or not drafts:
            return True
        mine = {_stem(w) for x in (claim.metric, claim.object) if x for w in x.split()}
        if not mine:
            return True
        verb = self.ctx.governing_verb(d.anchor)
        subj = self.ctx.subject_of(verb) if verb is not None else None
        if subj is not None and subj.pos_ == "NOUN":
            mine.add(_stem(subj.lemma_))  # "Exports to Asia reached 310,000 vehicles": exports
        peers = [c for d, c in zip(drafts, made, strict=False) if d.sent.start == sent_start]
        if not peers:
            return True
        theirs = {_stem(w) for c in peers for x in (c.metric, c.object) if x for w in x.split()}
        sent = sentence_of(drafts[0].tokens.doc, sent_start)
        theirs.update(_stem(t.lemma_) for t in sent if t.pos_ in ("NOUN", "VERB", "PROPN"))
        return bool(mine & theirs)

    # ------------------------------------------------------------------ comparisons

    def assign_comparisons(self, drafts: list[Draft], periods: list[PeriodMention],
                           cues: list[Cue]) -> None:
        self._base_levels(drafts, cues)
        changes = _by_sentence([d for d in drafts if d.basis in ("change", "multiple")],
                               lambda d: d.sent.start)
        if not changes:
            return
        sent_of = {d.sent.start: (d.sent.start, d.sent.end) for ds in changes.values()
                   for d in ds}

        def in_sentence(i: int) -> list[Draft]:
            for start, (lo, hi) in sent_of.items():
                if lo <= i < hi:
                    return changes[start]
            return []

        for cue in cues:
            target = _nearest(in_sentence(cue.start), cue.start, cue.end)
            if target is not None and target.comparison is None:
                target.comparison = cue.comparison
        for p in periods:
            if p.role != "base":
                continue
            target = _nearest(changes.get(p.sent_start, []), p.start, p.end)
            if target is not None and target.base is None and not self.owns(target, p):
                target.base = p.period
        for d in (d for ds in changes.values() for d in ds):
            if d.comparison is None and d.base is not None and d.period is not None:
                d.comparison = _compare(d.base, d.period.period)
            if d.comparison is None:
                d.comparison = "unspecified"

    def _base_levels(self, drafts: list[Draft], cues: list[Cue]) -> None:
        """ "compared with €18.3bn in the same quarter a year earlier": the base figure's period
        is the claim period moved back by the cue, not the claim period itself."""
        doc = drafts[0].tokens.doc if drafts else None
        cue_starts = [c.start for c in cues]
        for d in drafts:
            if doc is None or d.basis != "absolute" or d.period is None or d.period_from == "own":
                continue
            before = {doc[i].lower_ for i in range(max(d.sent.start, d.tokens.start - 3),
                                                   d.tokens.start)}
            if not before & self.lex.comparison_markers:
                continue
            k = bisect.bisect_left(cue_starts, d.tokens.end)
            # "€18.3bn in the same quarter a year earlier": the cue follows within a few words
            cue = cues[k] if k < len(cues) and cues[k].start - d.tokens.end <= 4 else None
            if cue is None:
                continue
            text = doc[cue.start:cue.end].text
            if cue.days:
                # "up from 41 a day earlier": the day before the claim's own date; a day cue
                # against a month or longer period says nothing more precise, so leave it
                if d.period.period.granularity != "day":
                    continue
                back = timedelta(days=cue.days)
                shifted = Period(d.period.period.start - back, d.period.period.end - back, "day")
            else:
                shifted = shift_period(d.period.period, _CUE_MONTHS[cue.comparison])
            d.period = dataclasses.replace(d.period, period=shifted, text=text)
            d.period_from = "own"


def _nearest(changes: list[Draft], start: int, end: int) -> Draft | None:
    best: tuple[int, Draft] | None = None
    for d in changes:
        if not (d.sent.start <= start < d.sent.end):
            continue
        if d.tokens.end <= start:
            dist = start - d.tokens.end  # cues follow their figure
        elif end <= d.tokens.start:
            dist = 2 * (d.tokens.start - end) + 3  # a cue before a figure binds less
        else:
            dist = 0
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


def _stem(word: str) -> str:
    """A crude stem to compare a metric with the words of a sentence: "exports" ~ "exported"
    ~ "export". Five letters keep "shipments"/"ship" apart from "shares"/"sales"."""
    return word.lower()[:5]


def _by_sentence(items: list[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return grouped


def _distance(d: Draft, p: PeriodMention) -> int:
    if p.start >= d.tokens.end:
        return p.start - d.tokens.end
    return d.tokens.start - p.end if p.end <= d.tokens.start else 0


def _compare(base: Period, claim: Period) -> str:
    """The comparison a base period makes for a claim period (May for June: mom)."""
    if base.granularity == "year" and claim.start.year == base.start.year + 1:
        return "yoy"
    months = months_between(base, claim)
    if months == 12:
        return "yoy"
    if months == 1 and claim.granularity in ("month", "day", "week"):
        return "mom"
    if months == 3 and claim.granularity == "quarter":
        return "qoq"
    return "vs_date"
