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
import itertools
import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from spacy.tokens import Doc, Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.figures import CONTEXT_TOKENS, VERBS, Draft
from extractor.claims.nlp.periods import (
    SMALL_NUMBERS,
    Period,
    Reference,
    months_between,
    shift_period,
)
from extractor.claims.nlp.timeline import LEAD_SENTENCES, Cue, PeriodMention, sentence_of
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
        # nouns of a release whose date is that of the figures it gives ("the latest count,
        # released on Tuesday, showed 62 cases"); "The company, founded in 1998, employs
        # 21,000 people" is no release
        self._releases = self.lex.source_nouns | _TALLY_NOUNS
        # the month or quarter of a data release the current document's opening names
        # (_data_period), set while its story time is read
        self._released_data: PeriodMention | None = None
        # the lead reports figures of a period it names but cannot date (_undatable_lead)
        self._undated_lead = False
        self._period_adjectives = self.lex.set_of("period_adjectives")
        self._now_words = self.lex.set_of("now_words")
        # the words that open a relative clause after a comma (languages.yaml, else lexicon)
        self._relative_words = [str(w).lower() for w in self.lex.local.get(
            "relative_words", [])] or sorted(self.lex.set_of("relative_words"))
        # the lead's period is the day one of its figures is dated by in its own words
        self._figure_day = False
        self._event: PeriodMention | None = None  # the story's event and its span to the report
        self._anchor: PeriodMention | None = None
        # the word for "of" between a noun or figure and what belongs to it (languages.yaml)
        self._of_links = frozenset(str(w).lower() for w in self.lex.local.get("of_links", []))

    # ------------------------------------------------------------------ periods

    def assign_periods(self, doc: Doc, drafts: list[Draft], periods: list[PeriodMention],
                       ref: Reference) -> PeriodMention | None:
        """Give each figure its period; return the article's anchor (what its lead reports).

        In order: a period of the figure's own phrase ("1,238 tons in May", "the $23 billion
        Google offered last July"); a period of its clause or of a clause above it ("In April
        it fined Apple 500 million euros"); none for a standing share or level; the period of
        an earlier sentence of the same paragraph ("context"); else the anchor ("main"). A date
        in another clause about another event ("Camp Mystic, which was founded in 1926") never
        dates the figure: absent rather than wrong."""
        joined = _comma_fragments(doc)
        by_sent = _by_sentence(periods, lambda p: joined.get(p.sent_start, p.sent_start))
        drafts_by_sent = _by_sentence(drafts, lambda d: d.sent.start)
        owner: dict[int, Draft] = {}  # id(period) -> the figure it modifies
        owners: dict[int, set[int]] = {}  # id(period) -> every figure it modifies
        for start, ps in by_sent.items():
            for p in ps:
                if p.role == "dateline":
                    continue
                here = drafts_by_sent.get(start, [])
                if _multiple_base(p, here):
                    continue  # "soit le double de son résultat de 2021": the double's base
                for d in here:
                    if self.owns(d, p):
                        owner.setdefault(id(p), d)
                        owners.setdefault(id(p), set()).add(id(d))
        said: dict[int, PeriodMention] = {}  # id(draft) -> its statement's date
        partner = _range_partners(drafts)  # "between $5.0 billion and $5.2 billion": one range
        for d in drafts:
            in_sent = by_sent.get(d.sent.start, [])
            mine = {id(d), id(partner.get(id(d), d))}
            peers = [x for x in drafts_by_sent.get(d.sent.start, []) if id(x) not in mine]
            bases = [b for b in peers if _after_from(b)]
            in_sent = [p for p in in_sent if not _other_conjunct(d, p, peers, in_sent)
                       and not _past_a_colon(d, p) and not self._after_value(p, peers)
                       and not self._relative_aside(d, p) and not _of_a_base(d, p, bases)]
            own = [p for p in in_sent if owners.get(id(p), set()) & mine or self._under(d, p)]
            if not own and _after_from(d):
                # "from $22.04 billion, or $2.95 a share, in the April-June period of 2024":
                # the first date after the earlier value, if it is no comparison's
                after = [p for p in in_sent if p.start >= d.tokens.end and p.role == "claim"]
                if after and self._clause(doc[after[0].start:after[0].end].root) is not None:
                    own = after[:1]
            ruling = [(rank, p) for p in in_sent if p.role == "claim" and (
                rank := self.governs(d, p) if id(p) not in owner else
                self._subject_date(d, owner[id(p)])) is not None
                and not self._earlier_value(d, p)]
            ruling += [(1, p) for p in in_sent if p.role == "statement" and self._released(d, p)]
            ruling = _year_from_a_sequel(ruling)
            if (when := self._when_date(d, by_sent.get(d.sent.start, []))) is not None:
                d.period, d.period_from = when, "own"
            elif own:
                d.period, d.period_from = min(own, key=functools.partial(_distance, d)), "own"
            elif ruling:
                d.period = min(ruling, key=lambda rp: (rp[0], _distance(d, rp[1])))[1]
                d.period_from = "free"
            elif (since := self._since(d, in_sent, ref)) is not None:
                d.period, d.period_from = since, "since"
            else:
                statements = [p for p in in_sent if p.role == "statement"
                              and self.governs(d, p) is not None]
                if statements:
                    said[id(d)] = min(statements, key=functools.partial(_distance, d))
            if d.period is not None and d.period_from in ("own", "free") and \
                    (later := _after_a_duration(d, d.period)) is not None:
                d.period = later
        anchored = self.anchor(doc, drafts, periods, ref)
        event, anchor = anchored if anchored is not None else (None, None)
        self._event, self._anchor = event, anchor
        if doc._.headline:
            # a headline's undated figures take the period of the body figure they restate,
            # or the body's anchor (extract.headline_periods), not one of the title alone
            return anchor
        window = anchor.period if anchor is not None else None
        claim_periods = [p for p in periods if p.role == "claim" and not p.period.is_open]
        # the dates that set the time of the sentences after them: not one in a relative clause
        # ("Hakimi, who spent the 2020-21 season at Inter, opened the scoring. Eight minutes
        # later ...") or a comparison
        context = [p for p in claim_periods if not self._relative_or_compared(doc, p)]
        starts = [p.start for p in context]
        # a present-tense figure is of the time of writing: the story's time if it reaches the
        # report ("The AfD gets 152 seats", the day after the vote), else none ("The apps now
        # have 100 million users" in a story about a quarter that ended a month before)
        now = anchor is not None and (ref.date is None or anchor.period.end >= ref.date)
        for d in drafts:
            if d.period is not None:
                continue
            present = self._present(d) or self._says_now(d)
            if present and d.basis == "share":
                continue  # "Acme controls 40% of the market": true for years, no period
            # "fell 16% to 362,615 from 433,371", "six times the $5.4 billion it paid"
            base = self._base_figure(d) or _multiple_base_figure(d, drafts_by_sent[d.sent.start])
            late = [p for p in by_sent.get(d.sent.start, []) if p.role == "claim"
                    and window is not None and _nested(p.period, window)
                    and self.governs(d, p, late=True) is not None
                    and not self._earlier_value(d, p) and not self._relative_aside(d, p)]
            if late:
                d.period, d.period_from = min(late, key=functools.partial(_distance, d)), "free"
                d.period = _after_a_duration(d, d.period) or d.period
                continue
            peers = [x for x in drafts_by_sent.get(d.sent.start, []) if x is not d]
            bases = [b for b in peers if _after_from(b)]
            # (and a time it names but cannot date around a figure of its own: "It was valued
            # at $12 billion less than a year ago")
            others = [p for p in by_sent.get(d.sent.start, [])
                      if p.role == "claim" and (
                          (not p.period.is_open and id(p) not in owner)
                          or (p.period.is_open and id(p) in owner and _inside(owner[id(p)], p)))
                      and not self._aside(doc, p) and not self._after_value(p, peers)
                      and not _of_a_base(d, p, bases)
                      and not (doc.has_annotation("DEP") and self._in_a_relative_clause(d, p))]
            if (later := next((x for p in others if (x := _after_a_duration(d, p))), None)):
                d.period, d.period_from = later, "free"  # "Two weeks after a quake struck on
                continue  # August 31, the toll has risen to 2,205": September 14
            if others:
                # dates of the sentence that do not govern the figure: a sentence about another
                # time ("the £85m committed in June 2022, of which £64m was guaranteed") gives
                # it no period; one about the story's time, the story's
                if window is not None and all(_nested(p.period, window) for p in others) \
                        and not self._in_an_aside(d):
                    d.period = event if base or not self._as_of_report(d, event) else anchor
                    d.period_from = "base" if base else "main"
                continue
            k = bisect.bisect_left(starts, d.sent.start)
            before = context[k - 1] if k else None
            if before is not None and not base and not present and not (
                    window is not None and before.period.end < window.start
                    and self._modal(d)) and \
                    d.sent.start - before.start < CONTEXT_TOKENS and \
                    not self._paragraph_break(before, d):
                # the period of the previous sentence or two of the paragraph (news rarely
                # repeats it); one about another time than the story's must be continued
                # by this figure (quantities.py checks that once the claim's metric is known)
                # a sentence that names the story's time among others ("the fourth quarter of
                # its fiscal year, which ended in June") is about the story's time
                current = window is not None and any(
                    _nested(p.period, window) and _nested(before.period, p.period)
                    for p in claim_periods if p.sent_start == before.sent_start)
                if not current:
                    d.period, d.period_from = before, "base" if base else "background"
                    continue
            if anchor is not None and ((not now and self._modal(d)) or self._in_an_aside(d)
                                       or self._timed_from_another_event(d)):
                # of no time the story's is: a future figure ("the next one will be north of
                # $30 billion" a month after the quarter it reports), a past aside ("The pair,
                # who played together for four years, will now be reunited"), a span after an
                # undated event ("18 months after it was founded")
                continue
            if anchor is not None and (now or not present):
                # the story's time: safer than the day of a neighbour sentence, which may be
                # the report's while this figure is the event's (or the other way round)
                # a base figure takes the event, which a cue after it moves back
                d.period = event if base or not self._as_of_report(d, event) else anchor
                d.period_from = "main"
            elif id(d) in said and not self._undated_lead:
                # "..., officials said on Tuesday": as of the statement, when nothing else dates it
                d.period, d.period_from = said[id(d)], "statement"
            if base and d.period is not None:
                d.period_from = "base"  # kept only if a cue moves it back (_base_levels)
        for d in drafts:
            if d.period is not None and (self._longer_than_its_day(d) or self._counts_periods(d)):
                d.period, d.period_from = None, "none"
        return anchor

    def _counts_periods(self, d: Draft) -> bool:
        """Whether a count counts periods ("a run of eight monthly declines", "the second
        straight quarterly fall"): it spans as many months or quarters as it counts, which no
        single period of the story is, and its own words do not say which. Such a run is short
        ("100 million monthly active users" counts users, not months)."""
        if d.unit not in ("count", "rank") or not 2 <= d.value <= _RUN_PERIODS or \
                d.period_from == "own":
            return False
        doc = d.tokens.doc
        return any(t.lower_ in self._period_adjectives
                   for t in doc[d.tokens.end:min(d.tokens.end + 3, d.sent.end)])

    def _longer_than_its_day(self, d: Draft) -> bool:
        """Whether a figure dated by a single day says it covers a longer time ("Investors
        were reacting to quarterly revenue of $76.4 billion", "annual sales of $2 billion"):
        no day is its period; which quarter or year it is, only its own words could say."""
        assert d.period is not None
        if d.period.period.granularity not in ("day", "week"):
            return False
        adjectives = self._period_adjectives
        doc = d.tokens.doc
        first = max(d.sent.start, d.tokens.start - _ADJECTIVE_REACH)
        return any(t.lower_ in adjectives for t in doc[first:d.tokens.end])

    def anchor(self, doc: Doc, drafts: list[Draft], periods: list[PeriodMention],
               ref: Reference) -> tuple[PeriodMention, PeriodMention] | None:
        """The story's time, which a figure without a period of its own is about: the event
        the lead reports, and the span from it to the report (the reference day).

        The event is the period of the lead's first dated figure, else the lead's first
        period, if either is recent against the reference date, else the reference day; a
        day or week of the story just before it ("the quake struck late on Sunday") moves its
        start back. "KABUL, Sept 1 - A quake shook eastern Afghanistan on Sunday, killing 622":
        Sunday, and Sunday to September 1. "Employers added 22,000 jobs in August, the
        department said on Friday": August, and August to that Friday. A figure without a
        period of its own is of the span: a count reported while it changes (a death toll,
        cases) runs from the event to the report, and the event's own figures (a magnitude)
        and the report day's (a share price) lie within it."""
        if not periods and ref.date is None:
            return None
        self._released_data = None
        self._undated_lead = False
        self._figure_day = False
        lead = self._lead_period(doc, drafts, periods, ref)
        own_date = str(doc._.reference_source or "") in ("given", "text-date")
        # an undated article of a story whose dated leads name its event's day: that day, as
        # the publication day is for a dated article whose lead dates nothing (a results
        # story's undatable period keeps it off the figures: _opening_reports_a_period below)
        story_day = _story_event(ref) if str(doc._.reference_source or "").startswith(
            "story:") else None
        if lead is None and (self._undated_lead or (story_day is None and (
                ref.date is None or not own_date))):
            # a date borrowed from another article of the story is when that one appeared,
            # not necessarily this one: its day is no anchor, though its year resolves months
            return None
        event = lead.period if lead is not None else story_day or _undated_event(ref)
        if event.granularity in ("day", "week") and not self._figure_day and \
                _opening_reports_a_period(doc, periods):
            return None
        start, end = event.start, event.end
        if event.granularity in ("day", "week"):
            earliest = start - timedelta(days=_EVENT_DAYS)
            for p in periods:
                if p.role == "claim" and p.period.granularity == "day" and \
                        earliest <= p.period.start < start and p.period.end <= end:
                    start = p.period.start
        where = lead.start if lead is not None else 0
        sent = lead.sent_start if lead is not None else 0
        happened = lead if lead is not None and start == event.start else PeriodMention(
            where, where, "", Period(start, end, "day" if start == end else "range"), "claim",
            sent)
        # a running count runs from the event to the report; the data of a release the
        # opening names ("Employers added 73,000 jobs" after "the count of July payrolls")
        # are of its month
        released = lead is not None and lead.role == "claim" and lead is self._released_data
        if own_date and ref.date is not None and not released and \
                end < ref.date <= end + timedelta(days=_RECENT_DAYS):
            end = ref.date
        if end == happened.period.end:
            return happened, happened
        return happened, PeriodMention(where, where, "", Period(start, end, "range"), "claim",
                                       sent)

    def _lead_period(self, doc: Doc, drafts: list[Draft], periods: list[PeriodMention],
                     ref: Reference) -> PeriodMention | None:
        """The period of the lead's first dated figure, else the lead's first period, if
        recent against the reference date; one that is over by then before one that is not
        (a forecast for "the third quarter" in a lead about the second quarter's results)."""
        lead_end = _lead_end(doc)
        candidates = [d.period for d in drafts if d.tokens.start < lead_end
                      and d.period is not None and d.period_from in ("own", "free")
                      and d.period.role == "claim" and _recent(d.period.period, ref)]
        candidates += [p for p in periods if p.start < lead_end and p.role == "claim"
                       and _recent(p.period, ref) and not self._aside(doc, p)]
        over = [p for p in candidates if ref.date is None or p.period.end <= ref.date]
        if over or candidates:
            chosen = (over or candidates)[0]
            # a day a lead figure is dated by in its own words is that figure's ("shares
            # ended Thursday's session up 3.9%, a day after its results for the June
            # quarter"): the story is of that day, not of the data it reacts to
            dated_figure = any(d.period is chosen for d in drafts if d.tokens.start < lead_end)
            self._figure_day = dated_figure
            self._released_data = None if dated_figure else self._data_period(doc, periods,
                                                                              chosen)
            return self._released_data or chosen
        if ref.date is None:
            return None  # without a reference day, "recent" means nothing beyond the lead
        # a lead without a date ("For years, Tesla's delivery report was a ritual of records"):
        # the period most of the body's dated figures are for, if it has just ended
        common = self._common_period(drafts, ref)
        if common is not None:
            return next(d.period for d in drafts if d.period is not None
                        and d.period.period == common)
        # else the day the lead's source spoke ("the companies said on Tuesday"), unless its
        # figures are of a fiscal period it cannot date (a lead without even that day keeps the
        # publication day: on fixtures/stories-validation dropping that too cost right periods)
        spoke = next((p for p in periods if p.start < lead_end and p.role == "statement"
                     and _recent(p.period, ref)), None)
        if spoke is not None and (self._undatable_lead(drafts, lead_end)
                                  or _own_calendar_opening(doc, periods)):
            self._undated_lead = True
            return None
        return spoke

    @staticmethod
    def _undatable_lead(drafts: list[Draft], lead_end: int) -> bool:
        """Whether the lead's figures are of a period it names but cannot date: "The group
        earned $3 billion in its fiscal third quarter, it said on Tuesday" is about a quarter
        of the company's own calendar, not about Tuesday; its other figures ("sales rose 8%")
        are of that quarter too, so the day the source spoke dates none of them."""
        return any(d.tokens.start < lead_end and d.period is not None and d.period.period.is_open
                   and d.period_from in ("own", "free") and d.period.role == "claim"
                   and d.period.fiscal for d in drafts)

    @staticmethod
    def _data_period(doc: Doc, periods: list[PeriodMention], lead: PeriodMention
                     ) -> PeriodMention | None:
        """The month or quarter a data release is about, when the lead gives only the day of
        the release: "On Friday it became something else ... the bureau published its count of
        July payrolls" is about July, and its figures ("employers added 73,000 jobs") are
        July's, not Friday's. A month or quarter that ended just before the lead's day and
        names what a noun of the opening counts ("July payrolls", "the June report", "data
        for the second quarter") says so; a month in a clause of its own ("in July, a
        similar quake struck") is another event."""
        if lead.period.granularity not in ("day", "week"):
            return None
        opening = _lead_end(doc, _OPENING_SENTENCES)
        for p in periods:
            if p.start >= opening or p.role != "claim" or p.period.is_open or \
                    p.period.granularity not in ("month", "quarter"):
                continue
            gap = (lead.period.start - p.period.end).days
            if not 0 < gap <= _JUST_ENDED_DAYS or not _names_data(doc[p.start:p.end].root):
                continue
            return p
        return None

    @staticmethod
    def _common_period(drafts: list[Draft], ref: Reference) -> Period | None:
        """The period most of the figures dated in their own words are for, if it has just
        ended by the reference day (a month or quarter of data: "July payrolls")."""
        if ref.date is None:
            return None
        dated = Counter(d.period.period for d in drafts if d.period is not None
                        and d.period_from in ("own", "free") and d.period.role == "claim"
                        and _recent(d.period.period, ref, _JUST_ENDED_DAYS))
        best = max(dated.values(), default=0)
        if best < _COMMON_FIGURES:
            return None
        return next(p for p, n in dated.items() if n == best)

    def _since(self, d: Draft, in_sent: list[PeriodMention], ref: Reference
               ) -> PeriodMention | None:
        """ "losses since January reached 97,000", "has held rates in a range of 4.25%-4.50%
        since December": a level or count since a date is for the span from that date to the
        report (a change since a date is compared with it instead: comparisons)."""
        if d.basis in ("change", "multiple") or ref.date is None:
            return None
        doc = d.tokens.doc
        for p in in_sent:
            if p.period.is_open or p.period.start > ref.date:
                continue
            if p.role == "base" and p.start and doc[p.start - 1].lower_ == "since":
                found = self._clause(doc[p.start - 1])  # the clause "since" hangs from
                if found is None or self._rank(d, found[0]) is None:
                    continue
            elif p.role != "claim" or not self._since_clause(d, p):
                continue
            span = Period(p.period.start, max(p.period.end, ref.date), "range")
            return dataclasses.replace(p, period=span, text=f"since {p.text}", role="claim")
        return None

    def _since_clause(self, d: Draft, p: PeriodMention) -> bool:
        """Whether a date is in a "since" clause on the figure's clause: "Eighteen people have
        been hospitalized since the outbreak was identified in late January"."""
        found = self._clause(d.tokens.doc[p.start:p.end].root)
        if found is None or found[0] is None:
            return False
        verb = found[0]
        return verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "since" for c in verb.children) and \
            self._rank(d, verb.head) is not None

    @staticmethod
    def _as_of_report(d: Draft, event: PeriodMention | None) -> bool:
        """Whether a figure without a period of its own runs to the report rather than being
        the event's: a count (a death toll, cases: news reports them while they change), or
        any figure of a story about a month or quarter of data (the report's own day, with
        its market moves, belongs to it); the figures of a day's event (a match, a quake's
        magnitude, a fine) are that day's, and so are the counts of a story whose lead gives
        them "as of" its day ("124 cases as of Tuesday's update. Eighteen patients have been
        hospitalized": the same update's)."""
        if event is None or (event.period.end - event.period.start).days > _EVENT_DAYS * 2:
            return True
        return d.unit == "count" and not _as_of(d.tokens.doc, event)

    def _base_figure(self, d: Draft) -> bool:
        """ "fell 16% to 362,615 from 433,371", "higher than the $23 billion": a figure right
        after a comparison marker is what another is compared with; its period is an earlier
        one the sentence does not state (a cue after it, "a year earlier", gives it:
        assign_comparisons)."""
        doc = d.tokens.doc
        i = _word_before(d)
        if i > d.sent.start and doc[i].lower_ in ("with", "to") and \
                doc[i - 1].lemma_.lower() in ("compare", "comparison"):
            return True  # "compared with €18.3bn", "compares with $64.7 billion"
        return (i >= d.sent.start and (doc[i].lower_ in _BASE_MARKERS
                                       or self._after_word(doc[i]))) or self._when_compared(d)

    def _after_word(self, word: Token) -> bool:
        """Whether a figure right after this word is an earlier value (languages.yaml
        `after_value`): "Es ist die dritte Pause nach fünf Erhöhungen" (the third pause after
        five rises): the five rises came before the story's time and are not of its day."""
        return word.lower_ in {str(w).lower() for w in self.lex.local.get("after_value", [])}

    def _earlier_value(self, d: Draft, p: PeriodMention) -> bool:
        """Whether the figure is the earlier value of a change its clause dates: "only 14,000
        in June, down from 147,000": the date is the new value's, the value after "from" is of
        a time before (where the parser hangs the date from the earlier value, as it often
        does in "slowed to 3.7% from 3.9% in August", the date stays that value's). A date of the
        measured noun ("cut May's increase to 19,000 from 144,000", "July's gain was nudged
        up to 79,000 from 73,000": a revision) is both values'."""
        doc = d.tokens.doc
        i = _word_before(d)
        if i < d.sent.start or doc[i].lower_ != "from":
            return False
        verb = self.ctx.governing_verb(d.anchor)
        if verb is not None and {verb.lemma_.lower(), *(c.lemma_.lower() for c in verb.children
                                                      if c.dep_ in _ARGUMENTS)} & _REVISIONS:
            return False  # "raised its forecast for growth this year to 1.6% from 1.4%"
        t: Token = doc[p.start:p.end].root
        for _ in range(4):  # the date of a noun ("the forecast for growth this year") or a verb
            if t.dep_ in ("poss", "compound", "nmod") or (t.head.pos_ == "NOUN" and t.head.i != t.i
                                                            and not t.head.like_num):
                return False
            if t.head.i == t.i or t.head.pos_ in VERBS:
                return True
            t = t.head
        return True

    def _after_value(self, p: PeriodMention, others: list[Draft]) -> bool:
        """Whether a date right after another figure dates only that figure, an earlier value
        the sentence's figure follows (languages.yaml `after_value`): "die Teuerung betrug 2,6
        Prozent nach 2,8 Prozent im April" puts April on the 2,8, not on the 2,6."""
        words = {str(w).lower() for w in self.lex.local.get("after_value", [])}
        if not words or not others:
            return False
        doc = others[0].tokens.doc
        for x in others:
            if not 0 <= p.start - x.tokens.end <= _DATE_GAP:
                continue
            # the word before the value, or before its article ("dopo il 2,8% di aprile")
            before = {doc[i].lower_ for i in range(max(x.sent.start, x.tokens.start - 2),
                                                   x.tokens.start)}
            if before & words:
                return True
        return False

    def _when_comma(self, d: Draft, relative: bool = False) -> int | None:
        """The comma before the "when" word (languages.yaml `when_words`; or, if ``relative``,
        a `relative_words` word) that opens the figure's clause, if one does: "..., als sie
        10,3 Prozent holte", "celle du 28 septembre 2003, qui avait plongé dans le noir quelque
        56 millions d'Italiens"."""
        words = [str(w).lower() for w in self.lex.local.get("when_words", [])]
        if relative:
            words += [str(w).lower() for w in self.lex.local.get("relative_words", [])]
        if not words:
            return None  # English: the parser says which clause a date governs
        doc = d.tokens.doc
        i = d.tokens.start - 1
        while i > d.sent.start and doc[i].text not in _CLAUSE_MARKS:
            i -= 1
        if doc[i].text == "," and i + 1 < d.tokens.start and _phrase_at(doc, i + 1, words):
            return i
        return None

    def _when_date(self, d: Draft, periods: list[PeriodMention]) -> PeriodMention | None:
        """A date right before a "when" or relative clause without a date of its own dates its
        figures (languages.yaml `when_words`, `relative_words`), even the base of a
        comparison: "twice as much as in 2021, when it had landed at 10.3%" ("doppelt so viel
        wie 2021, als sie bei 10,3 Prozent gelandet war") puts the 10.3% in 2021, "the blackout
        of 28 September 2003, which left 56 million people in the dark" the 56 million on that
        day. Else a "back then" (_then_date)."""
        comma = self._when_comma(d, relative=True)
        if comma is None:
            return self._then_date(d, periods)
        doc = d.tokens.doc
        end = next((j for j in range(d.tokens.end, d.sent.end) if doc[j].text in _CLAUSE_MARKS),
                   d.sent.end)
        if comma is not None and not any(comma < p.start < end for p in periods):
            found = next((p for p in periods if p.end == comma and not p.period.is_open
                          and p.role in ("claim", "base")), None)
            if found is not None:
                return found
        return self._then_date(d, periods)

    def _then_date(self, d: Draft, periods: list[PeriodMention]) -> PeriodMention | None:
        """The time a "back then" before the figure in its sentence refers to (languages.yaml
        `then_words`): the last one named before it, even the base of a comparison. "Compared
        with the weak first quarter, things improved: back then Tesla had delivered only
        336,681 cars, 13% fewer than a year before" puts both figures in the first quarter."""
        words = [str(w).lower() for w in self.lex.local.get("then_words", [])]
        if not words:
            return None
        doc = d.tokens.doc
        then = next((i for i in range(d.sent.start, d.tokens.start)
                     if _phrase_at(doc, i, words)), None)
        if then is None:
            return None
        named = [p for p in periods if p.end <= then and not p.period.is_open
                 and p.role in ("claim", "base")]
        return named[-1] if named else None

    def _when_compared(self, d: Draft) -> bool:
        """Whether a figure's "when" clause follows the base of a comparison that it does not
        date: "against the election three and a half years ago, when it won 10.3%" ("Gegenüber
        der Wahl vor dreieinhalb Jahren, als sie 10,3 Prozent holte"): the figure is of that
        earlier time, which the sentence does not date. A marker that is also the word for
        "of" ("von") compares nothing here, and a "than" marker only after a comparative
        ("weniger als im Vorjahresquartal, als 443.956 Autos ausgeliefert wurden")."""
        comma = self._when_comma(d)
        if comma is None:
            return False
        local = self.lex.local
        than = {str(w).lower() for w in local.get("than_markers", [])}
        comparatives = {str(w).lower() for w in [*local.get("comparatives", []),
                                                 *local.get("fold", {})]}
        comparatives |= self.lex.up_words | self.lex.down_words
        markers = {m.split()[-1] for m in self.lex.comparison_markers} - self._of_links
        doc = d.tokens.doc
        start = comma - 1
        while start > d.sent.start and doc[start - 1].text not in _CLAUSE_MARKS:
            start -= 1
        for i in range(start, comma):
            word = doc[i].lower_
            if word not in markers:
                continue
            if word not in than or any(doc[j].lower_ in comparatives for j in range(start, i)):
                return True
        return False

    def _relative_aside(self, d: Draft, p: PeriodMention) -> bool:
        """Without a parser, whether a date lies in a relative clause the figure is not in
        (languages.yaml `relative_words`, opened after a comma or after `and_words`): "rates
        will end the year at 3.6%, which implies two more cuts in October and December"
        (Spanish ", lo que implica ... en octubre") does not put the 3.6% in October; in "who
        had been sworn in on Tuesday and who backed a half-point cut" the cut is not Tuesday's."""
        return not d.tokens.doc.has_annotation("DEP") and self._in_a_relative_clause(d, p)

    def _in_a_relative_clause(self, d: Draft, p: PeriodMention) -> bool:
        """Whether a date lies in a relative clause opened after a comma that the figure is not
        in, read from the words where a parser reads the sentence too ("two coaches were on the
        flight, among them a pair of skaters, who won the world title in 1994": the parser may
        lose the clause in a long list, the comma and "who" do not); such a date does not make
        the sentence one about another time (`others` in assign_periods)."""
        doc = d.tokens.doc
        opened = self._relative_clauses(doc, d.sent.start, d.sent.end)
        inside = next(((lo, hi) for lo, hi in opened if lo <= p.start < hi), None)
        return inside is not None and not inside[0] <= d.tokens.start < inside[1]

    def _relative_clauses(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """The relative clauses of a sentence read without a parser: (first, end) token of each,
        from its relative word to the next punctuation mark or the next relative clause."""
        words = self._relative_words
        joins = {str(w).lower() for w in self.lex.local.get("and_words", [])}
        opens = []
        for i in range(start + 1, end):
            before = doc[i - 1].text
            if before != "," and doc[i - 1].lower_ not in joins:
                continue
            if _phrase_at(doc, i, words):
                opens.append(i)
        clauses = []
        for k, i in enumerate(opens):
            stop = opens[k + 1] - 1 if k + 1 < len(opens) else end
            j = next((j for j in range(i, stop) if doc[j].text in _CLAUSE_MARKS), stop)
            clauses.append((i, j))
        return clauses

    def _under(self, d: Draft, p: PeriodMention) -> bool:
        """Whether the figure's clause hangs from the date: "in 2021, when it won 25.7%",
        "the fourth quarter of 2024, when the company delivered a record 495,570 vehicles"."""
        t = self.ctx.governing_verb(d.anchor)
        doc = d.tokens.doc
        for _ in range(4):
            if t is None or t.head.i == t.i:
                return False
            if t.dep_ in ("relcl", "advcl", "acl") and p.start <= t.head.i < p.end:
                return True
            when = next((c for c in t.children if c.lower_ == "when" and c.i < t.i), None)
            if when is not None:
                # "made in May, when both nations agreed to cut tariffs for 90 days": a
                # "when" clause right after a date is about that date, wherever it is attached
                k = when.i - 1
                if k >= 0 and doc[k].text == ",":
                    k -= 1
                return p.start <= k < p.end
            t = t.head
        return False

    @staticmethod
    def _paragraph_break(p: PeriodMention, d: Draft) -> bool:
        """Whether a line break lies between a period and the figure's sentence (Doc.text is
        rebuilt on every access: the tokens between are read instead)."""
        doc = d.tokens.doc
        return any("\n" in t.text or "\n" in t.whitespace_
                   for t in doc[max(0, p.end - 1):d.sent.start])

    def governs(self, d: Draft, p: PeriodMention, late: bool = False) -> int | None:
        """How closely a date of the figure's sentence governs it: 0 when it hangs from the
        figure's own verb, n when from the verb n clauses above it ("In April it fined Apple
        500 million euros", "In June, officials said that exports rose 5%"); None when it
        belongs to another clause ("About 750 girls were at Camp Mystic, which was founded in
        1926") or to a comparison ("turnout reached 82.5%, the highest since reunification in
        1990"). The date of a noun in a phrase ("after the June agreement, shipments rose to
        353 tons") governs only ``late``, once it is known to be of the story's time: "Google
        lands Wiz after last year's rejection" is not about last year."""
        found = self._clause(d.tokens.doc[p.start:p.end].root)
        if found is None or (found[2] and not late):
            return None  # a comparison's date, or (at first) the date of a noun in a phrase
        if found[0] is None and not d.tokens.doc.has_annotation("DEP"):
            return _punctuated_clauses(d, p)
        return self._rank(d, found[0])

    def _clause(self, token: Token) -> tuple[Token | None, str, bool] | None:
        """The verb whose clause a date belongs to (None in a verbless sentence), that
        clause's relation, and whether the date qualifies a noun in a phrase ("after last
        year's rejection", "after the June agreement"); None when a comparison holds it."""
        t = token
        noun = t.dep_ in ("poss", "compound", "nmod", "amod") and t.head.dep_ == "pobj" and \
            t.head.head.lower_ in _OTHER_TIME  # "after last year's rejection"
        for _ in range(12):  # news sentences are rarely deeper than this
            if t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in VERBS:
                return t, t.dep_, noun
            if t.lower_ in _COMPARED or t.tag_ in _COMPARATIVES:
                return None
        return None, "", noun

    def _rank(self, d: Draft, clause: Token | None) -> int | None:
        """How many clauses up from the figure's verb ``clause`` is (None: not above it)."""
        if clause is None:
            return 0  # a verbless sentence (a headline): its date is its figures'
        verb = self.ctx.governing_verb(d.anchor)
        if verb is None:
            # the date hangs from a verb the figure is not under ("the total reaches £116m,
            # nudging past the £90m the club committed two summers ago", with "reaches" read
            # as a noun): another clause's
            return None
        below = clause
        for depth in range(3):  # "agreed [to pay £115m in August 2023]": an infinitive below
            if below.i == verb.i:
                return depth
            if below.dep_ != "xcomp" or below.head.i == below.i:
                break
            below = below.head
        if clause.dep_ in ("relcl", "acl"):
            # "the £85m they committed in June 2022, of which £64m was guaranteed": relative
            # clauses of one noun share its time
            t = verb
            for _ in range(6):
                if t.dep_ in ("relcl", "acl") and t.head.i == clause.head.i:
                    return 1
                if t.head.i == t.i:
                    break
                t = t.head
        for depth in range(12):
            if verb.i == clause.i:
                return depth
            if verb.head.i == verb.i or _aside_clause(verb) or _dated_aside(verb):
                return None
            verb = verb.head
        return None

    def _released(self, d: Draft, p: PeriodMention) -> bool:
        """Whether a date is that of the release the figure is read from: "The state's latest
        count, released on Tuesday, showed 62 cases" (a clause on the subject of the figure's
        verb, a count, report or survey). "The company, founded in 1998, employs 21,000
        people" is no release."""
        verb = self.ctx.governing_verb(d.anchor)
        found = self._clause(d.tokens.doc[p.start:p.end].root)
        if verb is None or found is None or found[0] is None:
            return False
        clause = found[0]
        noun = clause.head
        return clause.dep_ in ("relcl", "acl") and noun.dep_ in ("nsubj", "nsubjpass") and \
            noun.head.i == verb.i and noun.lemma_.lower() in self._releases

    def _subject_date(self, d: Draft, other: Draft) -> int | None:
        """A date of another figure's noun that is the subject of a clause above this figure
        dates it too: "The magnitude 6.0 quake of August 31 killed more than 2,200 people"
        (but "behind the 4.34 billion euro fine in 2018" dates only that fine)."""
        noun = _quantified(other, self._of_links) or other.anchor
        if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.pos_ not in VERBS:
            return None
        return self._rank(d, noun.head)

    def _relative_or_compared(self, doc: Doc, p: PeriodMention) -> bool:
        """Whether a date is in a relative clause on a noun or in a comparison: it says when
        that thing happened, not when the story's next sentences do ("After the August quake,
        ..." does)."""
        found = self._clause(doc[p.start:p.end].root)
        return found is None or found[1] in ("relcl", "acl")

    def _aside(self, doc: Doc, p: PeriodMention) -> bool:
        """Whether a date is an aside of its sentence: in a comparison ("the highest since
        1990") or in a relative clause on a noun ("Camp Mystic, which was founded in 1926")."""
        found = self._clause(doc[p.start:p.end].root)
        return found is None or found[2] or found[1] in ("relcl", "acl")

    def _modal(self, d: Draft) -> bool:
        """Whether the figure's verb is in the future or the conditional ("Alphabet would pay a
        fee of $3.2 billion", "the deal will cost $2 billion"): such a statement is not about a
        past time the sentence before it names (a future one, "by 2030", it may continue). A
        possibility ("the recall could cost up to $90 million") is no statement of its time."""
        verb = self.ctx.governing_verb(d.anchor)
        return verb is not None and any(c.tag_ == "MD" and c.lower_ in _WILL
                                        for c in verb.children)

    def _timed_from_another_event(self, d: Draft) -> bool:
        """Whether the figure's clause places it a span of time after or before another event
        it does not date ("It reached $100 million in revenue about 18 months after it was
        founded"), or the figure is that span ("The disaster comes barely two months after the
        deadliest earthquake"): its time is not the story's."""
        doc = d.tokens.doc
        verb = self.ctx.governing_verb(d.anchor)
        if verb is None:
            return False
        for t in doc[verb.left_edge.i:verb.right_edge.i + 1]:
            if t.lower_ not in ("after", "before") or not (
                    (t.dep_ == "prep" and t.head.i == verb.i)
                    or (t.dep_ == "mark" and t.head.dep_ == "advcl" and t.head.head.i == verb.i)):
                continue
            words = " ".join(w.lower_ for w in doc[max(verb.sent.start, t.i - 3):t.i])
            if _DURATION_BEFORE.search(words):
                return True
        return False

    def _in_an_aside(self, d: Draft) -> bool:
        """Whether the figure is in a past relative clause set off by commas from a main clause
        that is not past ("The pair, who played together for more than four years, will now be
        reunited"): a time of its own before the story's, which its words do not give."""
        verb = self.ctx.governing_verb(d.anchor)
        return verb is not None and _aside_clause(verb)

    def _says_now(self, d: Draft) -> bool:
        """Whether the figure's sentence says it is of the time of writing (lexicon
        `now_words`): "Derzeit liegt der Leitzins bei 4,25 bis 4,50 Prozent" after a sentence
        about a meeting on September 17 is the rate now, not on that day. With a parser, only
        the figure's own verb counts ("The debate now is whether they cut by half a point": the
        half point is not now's). A change ("is now 84,000 below its January level") is
        measured from another time, which its context may give."""
        if d.basis not in ("share", "absolute", "rank"):
            return False
        if not d.tokens.doc.has_annotation("DEP"):
            return any(t.lower_ in self._now_words for t in d.sent)
        verb = self.ctx.governing_verb(d.anchor)
        return verb is not None and any(c.lower_ in self._now_words for c in verb.children)

    def _present(self, d: Draft) -> bool:
        """A share, level or rank stated in the simple present ("Acme controls 40% of the
        market", "The AfD gets 152 seats", "the fine is the fourth"): a state at the time of
        writing, not of the month of a nearby sentence.

        A share takes no period at all: it often stands for years, and the month of a nearby
        sentence or the story's day would split two outlets' identical statements (an unknown
        period aligns with any). A level or rank is of the story's time when that reaches the
        report (assign_periods): on fixtures/stories, -validation and -conflicts that dated 56
        English figures right and 5 wrong that had no period before (among them a base,
        "compares with $64.7 billion a year earlier", which _base_figure now reads).
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
        """Whether the period modifies this figure or the noun it quantifies ("1,238 tons in
        May", "from 1,238 t in May", "a year-end rate of 3.9%", "the 4.34 billion euro fine in
        2018", "the $23 billion Google offered last July")."""
        doc = d.tokens.doc
        if not doc.has_annotation("DEP"):
            return self._of_date(d, p)
        region = set(range(d.tokens.start, d.tokens.end))
        noun = _quantified(d, self._of_links)
        if noun is not None:
            region.add(noun.i)
        t: Token = doc[p.start:p.end].root
        for _ in range(4):  # "1,238 tons in May": in -> tons; a couple of arcs at most
            if t.i in region:
                return True
            head = t.head
            if head.i == t.i or (t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")):
                # "the $4 billion purchase of a chipmaker in 2012, as well as its takeover
                # of a software firm in 2022": a coordinated noun is another thing with its own date
                return False
            if head.pos_ in VERBS and d.basis == "multiple":
                return False  # "three times what it paid in 2016": the clause is the base
            if head.pos_ in VERBS:
                # a clause on the figure itself: "the 10.3% it won in 2021", "the £90m
                # the club agreed to pay in August 2023" (through the verbs it complements)
                for _ in range(3):
                    if head.dep_ in ("relcl", "acl"):
                        return head.head.i in region
                    if head.dep_ not in ("xcomp", "ccomp", "conj") or head.head.i == head.i:
                        return False
                    head = head.head
                return False
            if head.pos_ == "ADP" and any(c.dep_ == "pobj" and c.i in region
                                          for c in head.children):
                return True  # "from 1,238 tons in May": May is a sibling of the figure
            if head.lower_ in self.lex.comparison_markers:
                return False  # "3.7%, its lowest since 1969": 1969 is the base, not its period
            t = head
        return False

    def _of_date(self, d: Draft, p: PeriodMention) -> bool:
        """Without a parser, whether a date right after a figure is the figure's own, joined by
        the word for "of" (languages.yaml `of_links`): "the fine of 4.34 billion euros of 2018"
        ("los 4.340 millones de euros de 2018", "la multa di 2,4 miliardi del 2017") is that
        fine's year, not the year of the clause's other figures."""
        doc = d.tokens.doc
        return p.start == d.tokens.end + 1 and doc[d.tokens.end].lower_ in self._of_links

    def continues(self, claim: Claim, d: Draft, sent_start: int, drafts: list[Draft],
                  made: list[Claim]) -> bool:
        """Whether ``claim`` goes on about what the sentence at ``sent_start`` measures, so
        that it may take that sentence's period: its metric or object (or its verb's subject
        noun) is a word of that sentence or of one of its figures ("Exports fell in 2019."
        -> "Total exports ... 3,188 cars"). A share is of the measure before it ("made up 40%
        of the total"). Without such evidence it takes no period: "The club was founded in
        1905. The stadium has 45,000 seats." """
        if not drafts:
            return True
        if self._points_back(d):
            return True
        mine = {_stem(w) for x in (claim.metric, claim.object) if x for w in x.split()}
        if not mine:
            return False  # nothing says it goes on about that time: no period, not a guess
        verb = self.ctx.governing_verb(d.anchor)
        subj = self.ctx.subject_of(verb) if verb is not None else None
        if subj is not None and subj.pos_ == "NOUN":
            mine.add(_stem(subj.lemma_))  # "Exports to Asia reached 310,000 vehicles": exports
        peers = [c for d, c in zip(drafts, made, strict=False) if d.sent.start == sent_start]
        theirs = {_stem(w) for c in peers for x in (c.metric, c.object) if x for w in x.split()}
        sent = sentence_of(drafts[0].tokens.doc, sent_start)
        theirs.update(_stem(t.lemma_) for t in sent if t.pos_ in ("NOUN", "VERB", "PROPN"))
        return bool(mine & theirs)

    def _points_back(self, d: Draft) -> bool:
        """Whether the figure's clause names a thing with a demonstrative, pointing back to
        what the text just told ("In October 2023 a series of quakes hit Herat. The UN put the
        toll from those quakes at more than 1,500"): it goes on about that time."""
        doc = d.tokens.doc
        verb = self.ctx.governing_verb(d.anchor)
        lo, hi = (verb.left_edge.i, verb.right_edge.i + 1) if verb is not None else (
            d.sent.start, d.sent.end)
        periods = self.lex.set_of("period_nouns")
        return any(t.dep_ == "det" and t.lower_ in _DEMONSTRATIVES and t.head.pos_ == "NOUN"
                   and t.head.lemma_.lower() not in periods for t in doc[lo:hi])

    # ------------------------------------------------------------------ comparisons

    def assign_comparisons(self, drafts: list[Draft], periods: list[PeriodMention],
                           cues: list[Cue]) -> None:
        self._base_levels(drafts, cues)
        for d in drafts:
            if d.period_from == "base":
                d.period, d.period_from = None, "none"  # no cue dated it: absent, not a guess
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
            if p.role != "base" or p.period.is_open:
                continue
            target = _nearest(changes.get(p.sent_start, []), p.start, p.end)
            if target is not None and target.base is None and not self.owns(target, p):
                target.base = p.period
        for d in (d for ds in changes.values() for d in ds):
            if d.comparison is None and d.base is not None and d.period is not None and \
                    not d.period.period.is_open:
                d.comparison = _compare(d.base, d.period.period)
            if d.comparison is None:
                d.comparison = "unspecified"

    def _own_clause_cue(self, d: Draft, cues: list[Cue]) -> Cue | None:
        """A comparison cue in a clause on the figure's own noun: "less than half of the 21,551
        Tesla delivered in those lines a year ago" is of a year before the story's quarter (a
        cue on a verb of reporting dates the report, not the figure: "not the 144,000 it
        reported a month ago" is still May's)."""
        doc = d.tokens.doc
        if not doc.has_annotation("DEP"):
            return None
        region = set(range(d.tokens.start, d.tokens.end))
        noun = _quantified(d, self._of_links)
        if noun is not None:
            region.add(noun.i)
        reporting = self.lex.set_of("reporting_verbs")
        for cue in cues:
            if not d.tokens.end <= cue.start < d.sent.end:
                continue
            t = doc[cue.start:cue.end].root
            for _ in range(3):  # "ago" -> "delivered" -> the noun: a couple of arcs
                if t.dep_ in ("relcl", "acl") and t.head.i in region:
                    # "not the 144,000 it reported a month ago": the cue dates the report
                    return None if t.lemma_.lower() in reporting else cue
                if t.head.i == t.i:
                    break
                t = t.head
        return None

    def _base_levels(self, drafts: list[Draft], cues: list[Cue]) -> None:
        """ "compared with €18.3bn in the same quarter a year earlier": the base figure's period
        is the claim period moved back by the cue, not the claim period itself."""
        doc = drafts[0].tokens.doc if drafts else None
        cue_starts = [c.start for c in cues]
        markers = self.lex.comparison_markers | {
            str(w).lower() for w in self.lex.local.get("after_value", [])}
        for d in drafts:
            if doc is None or d.basis != "absolute" or d.period is None or \
                    d.period_from == "own" or d.period.period.is_open:
                continue
            before = {doc[i].lower_ for i in range(max(d.sent.start, d.tokens.start - 3),
                                                   d.tokens.start)}
            k = bisect.bisect_left(cue_starts, d.tokens.end)
            # "€18.3bn in the same quarter a year earlier", "nach 2,95 Dollar im
            # Vorjahresquartal": the cue follows within a few words
            cue = cues[k] if before & markers and k < len(cues) and \
                cues[k].start - d.tokens.end <= 4 else None
            if cue is None and (cue := self._own_clause_cue(d, cues)) is not None and \
                    d.period is self._anchor and self._event is not None:
                # the story's own period, not its span to the report, is what the cue moves
                d.period = self._event
            if cue is None and d.period_from == "base" and \
                    (comma := self._when_comma(d)) is not None and self._when_compared(d):
                # "13.5% fewer than in the year-earlier quarter, when it delivered 443,956":
                # the cue of the comparison the "when" clause hangs from
                cue = next((c for c in reversed(cues) if d.sent.start <= c.start < comma), None)
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


# The longest run of periods news counts ("the 60th straight monthly rise": five years of
# months); a larger count before "monthly" counts something else ("100 million monthly users").
_RUN_PERIODS = 60
# A time named by its distance from the one before ("a year earlier", "two months later").
_SEQUEL = re.compile(r"\b(?:earlier|later)$", re.IGNORECASE)
# The modals of the future and the conditional (not of possibility: "could", "may", "might").
_WILL = frozenset({"will", "would", "'ll", "wo"})
# Determiners that point back to a thing just named ("those quakes", "that sequence").
_DEMONSTRATIVES = frozenset({"that", "those", "this", "these"})
# Words that put a date in a comparison rather than on the figure ("the highest since
# reunification in 1990", "behind the 4.34 billion euro fine in 2018"), and comparative or
# superlative adjectives and adverbs.
_COMPARED = frozenset({"since", "than", "compared", "versus", "vs", "vs.", "against", "behind"})
_COMPARATIVES = frozenset({"JJS", "JJR", "RBS", "RBR"})
_BASE_MARKERS = frozenset({"from", "than", "versus", "vs", "vs.", "against"})
_EARLIER_VALUE_MARKERS = _BASE_MARKERS - {"than"}
# "two weeks after", "a month before", "10 days after", "a fortnight after": how long after or
# before a date the clause is (the words just before the marker)
_DURATION_BEFORE = re.compile(
    r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?P<unit>days?|weeks?|months?|years?|fortnight)$")
# Prepositions that place a dated thing at another time than the clause ("after last year's
# rejection", "before Tuesday's vote"); "the result of the February 23 election" is its time.
_OTHER_TIME = frozenset({"after", "before", "since", "following", "until", "till", "ahead",
                         "despite", "amid", "unlike"})
# How long before the reference date the lead's period may end and still be what the article
# reports, and how far after it it may start (a vote on Sunday, a meeting next week). Measured
# on fixtures/stories: monthly data come out ~5 weeks after the month, quarterly deliveries two
# days after the quarter, annual accounts within ~2 months; the background dates of leads
# ("the deadliest since 2001") are years back.
_RECENT_DAYS = 100
_AHEAD_DAYS = 31
# A period most of the body's figures are for stands in for an undated lead only if it ended
# this recently: monthly and quarterly data come out within ~5 weeks (fixtures/stories: jobs
# reports 1-5 days, deliveries 2-3 days after the quarter); "last year" in a March article is
# background.
_JUST_ENDED_DAYS = 40
# ... and only if it dates at least this many figures: a story of a month's or a quarter's data
# dates most of its figures by it (fixtures/stories: 4-12), a background date one or two.
_COMMON_FIGURES = 3
_LEAD_SENTENCES = LEAD_SENTENCES
# The opening where a data story names the month or quarter its release is about, when its lead
# gives only the release day ("On Friday ... the bureau published its count of July payrolls"):
# the lead and the next two sentences.
_OPENING_SENTENCES = 4
# How many days before the lead's day the story's event may lie ("raised the flood toll to 43
# on Saturday" after "the floods of Friday"): a news story of a disaster or a match runs
# over a few days; longer gaps are background.
_EVENT_DAYS = 7


def _recent(period: Period, ref: Reference, days: int = 0) -> bool:
    """Whether a period is the article's own time rather than its background or outlook: it
    ends at most ``days`` (default _RECENT_DAYS) before the reference day."""
    if period.is_open:
        return False
    day = ref.date
    if day is None:
        # no publication day: a year known (months resolve in it) or nothing at all
        return ref.year is None or period.start.year <= ref.year <= period.end.year
    return (period.end >= day - timedelta(days=days or _RECENT_DAYS)
            and period.start <= day + timedelta(days=_AHEAD_DAYS))


# A report published before this local hour whose lead dates nothing is about the evening
# before (a match, a count, an election night): calibrated on fixtures/stories, where the one
# article filed after midnight (00:40) reports the final of the evening before, and checked on
# fixtures/stories-validation and fixtures/conflicts (no change there).
_SMALL_HOURS = 5


def _undated_event(ref: Reference) -> Period:
    """The day of the event a report whose lead dates nothing is about: its publication day,
    or the day before for one filed in the small hours ("A night to forget for the visitors",
    published at 00:40, reports the evening before)."""
    day = ref.date
    assert day is not None
    if ref.hour is not None and ref.hour < _SMALL_HOURS:
        day -= timedelta(days=1)
    return Period(day, day, "day")


def _own_calendar_opening(doc: Doc, periods: list[PeriodMention]) -> bool:
    """Whether the lead names a period of the company's own calendar it cannot date ("The
    chipmaker reported on Wednesday its results for the fourth quarter of its fiscal year"):
    the report is about that period, and the day the company spoke dates none of its
    figures."""
    lead_end = _lead_end(doc)
    return any(p.start < lead_end and p.role == "claim" and p.period.is_open and p.fiscal
               for p in periods)


def _opening_reports_a_period(doc: Doc, periods: list[PeriodMention]) -> bool:
    """Whether the opening names a quarter, a half or a fiscal period ("Nexora reported on
    Wednesday that revenue in the first quarter rose 9%"): a results story, whose figures
    without a period of their own are of that period, not of the day they were published."""
    opening = _lead_end(doc, _OPENING_SENTENCES)
    return any(p.start < opening and p.role in ("claim", "base") and (
        p.fiscal or p.period.granularity in ("quarter", "half")) for p in periods)


def _story_event(ref: Reference) -> Period | None:
    """The first day of its story's event an undated article's reference carries (the days
    the dated articles' leads name: extract._event_days)."""
    return Period(ref.days[0], ref.days[0], "day") if ref.days else None


def _nested(period: Period, window: Period) -> bool:
    return not period.is_open and period.nests(window)


def _lead_end(doc: Doc, sentences: int = _LEAD_SENTENCES) -> int:
    """The token where the lead ends: the first two sentences, which carry a news report's who,
    what and when (the inverted pyramid); a one-sentence first paragraph is often only the
    hook, the second sentence the news."""
    sents = list(itertools.islice(doc.sents, sentences))
    return sents[-1].end if sents else 0


def _names_data(t: Token) -> bool:
    """Whether a date qualifies a noun ("July payrolls", "July's report", "the count for
    July", "data for the second quarter") rather than a clause ("fell in July")."""
    if t.dep_ in ("compound", "poss", "nmod", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
        return True
    head = t.head
    return t.dep_ == "pobj" and head.lower_ in ("of", "for") and head.head.pos_ == "NOUN"



# The longest verbless piece a parser may cut off a sentence ("Mardi à 12 h 51, sirènes et
# klaxons"): a day, a clock time and a short subject (fixtures/stories; checked on
# fixtures/stories-validation, where joining every sentence cut at a comma, verbs and all, cost
# a right period).
_FRAGMENT_TOKENS = 10
# Tokens that end a sentence (a piece of one the parser cut off ends otherwise).
_SENTENCE_ENDS = frozenset({".", "!", "?", "…", ":", ";", "-", "–", "—"})
# The most tokens a phrase of languages.yaml spans ("en aquella ocasión", "à l ' époque").
_PHRASE_TOKENS = 5
# Punctuation that ends a clause, for the languages read without a parser.
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "–", "—"})
# How many tokens before a figure its noun's period adjective may stand ("quarterly revenue of
# $76.4 billion": 3; "annual sales rose 4% to $2 billion": 5).
_ADJECTIVE_REACH = 5
# How many words may stand between an earlier value and its date ("2,8 Prozent im April",
# "2,8 % en avril": a preposition or an article).
_DATE_GAP = 2
# Releases of running counts, besides the lexicon's source nouns (report, data, survey, ...).
_TALLY_NOUNS = frozenset({"count", "tally", "update", "bulletin", "toll", "release", "reading"})
# A change of an estimate of one period, not a change over time: "raised its forecast for
# growth this year to 1.6% from 1.4%", "revised June to 14,000 from 147,000".
_REVISIONS = frozenset({"revise", "revision", "forecast", "estimate", "projection", "outlook",
                        "guidance", "target", "expectation", "prediction"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})
# Words that join two clauses or list items, each of which may carry its own figure and date.
_CONJUNCTIONS = frozenset({"and", "but", ";", "while", "whereas"})


def _other_conjunct(d: Draft, p: PeriodMention, peers: list[Draft],
                    in_sent: list[PeriodMention]) -> bool:
    """Whether a date lies in another conjunct of the sentence than the figure, each with a
    figure and a time of its own: "paid 120 million euros for the striker in 2017 and 95
    million euros for the winger a year later" (2017 is the 120 million's), "cut May's increase to
    19,000 from 144,000 and June's to 14,000 from 147,000". The parser often hangs a gapped
    second conjunct from the first verb; the words say which figure each date goes with.
    A conjunct without a time of its own shares the other's ("added 22,000 jobs in August,
    and the jobless rate reached 4.3%"; "In October 2023 the quake killed 1,500 and
    destroyed 63,000 homes")."""
    doc = d.tokens.doc
    inside = {i for q in in_sent for i in range(q.start, q.end)}  # "November and December"
    joins = [i for i in range(d.sent.start, d.sent.end)
             if doc[i].lower_ in _CONJUNCTIONS and i not in inside]
    if not joins:
        return False

    def conjunct(i: int) -> int:
        return bisect.bisect_left(joins, i)

    mine, theirs = conjunct(d.tokens.start), conjunct(p.start)
    if mine == theirs:
        return False
    return any(conjunct(q.start) == mine for q in in_sent if q is not p) and \
        any(conjunct(x.tokens.start) == theirs for x in peers)


def _phrase_at(doc: Doc, i: int, phrases: list[str]) -> bool:
    """Whether one of ``phrases`` (lower case, one or more words) starts at token ``i`` and ends
    at a word boundary, however the tokenizer split it ("à l'époque", "lo que")."""
    text = doc[i:min(i + _PHRASE_TOKENS, len(doc))].text.lower()
    return any(text.startswith(ph) and (len(text) == len(ph) or not text[len(ph)].isalnum())
               for ph in phrases)


def _comma_fragments(doc: Doc) -> dict[int, int]:
    """Verbless pieces the parser cut off a sentence, each mapped to the start of the sentence
    they belong to: in "Tuesday at 12:51, sirens and horns marked a minute of silence" (French
    "Mardi à 12 h 51, sirènes et klaxons ont marqué une minute de silence") the parser may make
    "Mardi à 12 h 51" and even "sirènes et klaxons" sentences of their own; the fronted day is
    the whole sentence's. A piece does not end as a sentence does (no full stop, no line
    break) and has no verb; a run of them belongs to the sentence after it."""
    out: dict[int, int] = {}
    if not doc.has_annotation("DEP"):
        return out
    run: list[int] = []
    for here, after in itertools.pairwise(doc.sents):
        last = here[-1]
        if last.text in _SENTENCE_ENDS or "\n" in last.text + last.whitespace_ or \
                len(here) > _FRAGMENT_TOKENS or any(t.pos_ in VERBS for t in here):
            run = []
            continue
        run.append(here.start)
        for start in run:
            out[start] = after.start
    return out


def _multiple_base(p: PeriodMention, drafts: list[Draft]) -> bool:
    """Whether a date lies in the complement of a multiple, whose base it dates: in "20.8% of
    the vote, twice its result of 2021" (French "soit le double de son résultat de 2021") 2021
    is the year of the result the share doubles, neither the share's nor the double's."""
    doc = drafts[0].tokens.doc if drafts else None
    if doc is None or not doc.has_annotation("DEP"):
        return False
    spans = [(x.tokens.start, x.tokens.end) for x in drafts if x.basis == "multiple"
             and x.tokens.end <= p.start]
    t: Token = doc[p.start:p.end].root
    for _ in range(4):  # "2021" -> "résultat" -> "double": a couple of arcs
        if t.head.i == t.i:
            return False
        t = t.head
        if any(lo <= t.i < hi for lo, hi in spans):
            return True
        if t.pos_ in VERBS:
            return False
    return False


def _year_from_a_sequel(ruling: list[tuple[int, PeriodMention]]
                        ) -> list[tuple[int, PeriodMention]]:
    """ "A year earlier, second-quarter revenue was $30 billion": the quarter is named without
    its year, which "a year earlier" gives (timeline._relative_times dated it from the quarter
    before); of the two, the one that says the year dates the figure."""
    sequels = [p for _, p in ruling if not p.period.is_open and _SEQUEL.search(p.text)]
    if not sequels:
        return ruling
    grains = {p.period.granularity for p in sequels}
    return [(r, p) for r, p in ruling if p in sequels or p.period.granularity not in grains
            or re.search(r"\d{4}", p.text)]


def _as_of(doc: Doc, p: PeriodMention) -> bool:
    """Whether a period follows "as of" ("as of Tuesday's update", "as of 5 p.m. on Monday"):
    the time a running count was taken."""
    return p.start >= 2 and doc[p.start - 2].lower_ == "as" and doc[p.start - 1].lower_ == "of"


def _after_a_duration(d: Draft, p: PeriodMention) -> PeriodMention | None:
    """The time a figure's clause is at when its date is that of "<a duration> after" (or
    before) it: "Two weeks after the quake of August 31, the toll has risen to 2,205" is
    September 14, not August 31 ("two weeks after a quake struck on August 31" too); a
    figure inside the "after" phrase keeps its date ("after a quake killed 2,205 on August
    31")."""
    doc = d.tokens.doc
    if not doc.has_annotation("DEP") or p.period.is_open:
        return None
    t = doc[p.start:p.end].root
    for _ in range(5):  # "August 31" -> "of" -> "quake" -> "after": a few arcs
        marker = t if t.lower_ in ("after", "before") and t.dep_ == "prep" else next(
            (c for c in t.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
        if marker is not None:
            # the phrase or the clause the marker opens, or the duration itself
            if t.left_edge.i <= d.tokens.start <= t.right_edge.i or \
                    marker.i - 3 <= d.tokens.start < marker.i:
                return None
            words = [w.lower_ for w in doc[max(d.sent.start, marker.i - 3):marker.i]]
            m = _DURATION_BEFORE.search(" ".join(words))
            if m is None:
                return None
            later = _moved(p.period, m["n"], m["unit"], 1 if marker.lower_ == "after" else -1)
            if later is None:
                return None
            return dataclasses.replace(p, period=later, text=f"{m[0]} {marker.text} {p.text}")
        if t.head.i == t.i or t.i == d.anchor.i:
            return None
        t = t.head
    return None


def _moved(period: Period, n: str, unit: str, sign: int) -> Period | None:
    """``period`` moved by "two weeks", "a month", "10 days" (``sign`` -1: back): a day stays
    a day; a month or longer moves by whole months; a day count on a longer period says
    nothing precise (None)."""
    count = int(n) if n.isdigit() else SMALL_NUMBERS[n]
    unit = unit.rstrip("s")
    if unit == "fortnight":
        count, unit = 2 * count, "week"
    if unit in ("day", "week"):
        if period.granularity != "day":
            return None
        day = period.start + timedelta(days=sign * count * (7 if unit == "week" else 1))
        return Period(day, day, "day")
    return shift_period(period, sign * count * (12 if unit == "year" else 1))


def _word_before(d: Draft) -> int:
    """The index of the word before the figure, its determiners skipped ("from the 386,810":
    "from"); below the sentence start when there is none."""
    doc = d.tokens.doc
    i = d.tokens.start - 1
    while i >= d.sent.start and doc[i].lower_ in ("the", "a", "an", "its", "their"):
        i -= 1
    return i


def _after_from(d: Draft) -> bool:
    """Whether a figure follows "from" or "against" (its determiners skipped): the earlier value
    of a change ("climbed to $27.23 billion from $22.04 billion", "9.6 gigawatt-hours in the
    second quarter against 10.4 in the first"); "than" also ends a hedge ("more than 5%")."""
    i = _word_before(d)
    return i >= d.sent.start and d.tokens.doc[i].lower_ in _EARLIER_VALUE_MARKERS


def _of_a_base(d: Draft, p: PeriodMention, bases: list[Draft], first: int = -1) -> bool:
    """Whether a date after the earlier value of a change dates that value, not the new one
    before it: "Net income climbed to $27.23 billion, or $3.65 a share, from $22.04 billion,
    or $2.95 a share, in the April-June period of 2024" (a date of the story's time comes back
    to the new value: `late` in assign_periods). With ``first`` the sentence start, whether it
    dates the earlier value ``d`` itself."""
    lo = first if first >= 0 else d.tokens.end
    return any(lo <= b.tokens.start and b.tokens.end <= p.start for b in bases)


def _inside(d: Draft, p: PeriodMention) -> bool:
    """Whether a figure is part of a time phrase ("less than a year" of "less than a year
    ago")."""
    return p.start <= d.tokens.start and d.tokens.end <= p.end


def _multiple_base_figure(d: Draft, peers: list[Draft]) -> bool:
    """Whether the figure is what a multiple right before it multiplies: in "the price is
    nearly six times the $5.4 billion it paid in 2022" the $5.4 billion is a base, of an
    earlier time its clause may date (assign_comparisons), not of the story's."""
    doc = d.tokens.doc
    i = d.tokens.start - 1
    while i >= d.sent.start and doc[i].is_stop and not doc[i].like_num:
        i -= 1  # determiners and particles between them ("the", "die", "le", "del")
    return any(x.basis == "multiple" and x.tokens.start <= i < x.tokens.end for x in peers)


def _punctuated_clauses(d: Draft, p: PeriodMention) -> int:
    """Without a parser (the blank pipelines of de, es, it, pt), how closely a date governs a
    figure: 0 in its own clause between punctuation marks, 1 across one, so that "2016 hatte
    die Behörde 1,2 Milliarden Euro verhängt, 2018 folgten 0,9 Milliarden Euro" gives each
    fine its own year rather than the nearest."""
    doc = d.tokens.doc
    lo, hi = (d.tokens.end, p.start) if p.start >= d.tokens.end else (p.end, d.tokens.start)
    return int(any(doc[i].text in _CLAUSE_MARKS for i in range(lo, hi)))


def _past_a_colon(d: Draft, p: PeriodMention) -> bool:
    """Whether a date comes after a colon or semicolon that follows the figure: what comes
    after one is a statement of its own ("The $5 billion merger soured: the group sold the
    division in 2019 for $2 billion" does not put the merger in 2019). A figure after the colon
    may take a date before it ("First half: sales of 12,400 cars")."""
    if p.start < d.tokens.end:
        return False
    doc = d.tokens.doc
    return any(doc[i].text in (":", ";") for i in range(d.tokens.end, p.start))


def _aside_clause(verb: Token) -> bool:
    """Whether a verb heads a relative clause set off by commas in the past while the main
    clause is not, an aside about its noun with a time of its own: in "The goalkeeper, who
    saved two penalties in the semi-final, turns 30 on Friday" the main clause's Friday is not
    when she saved them ("the team that won on Sunday" is no aside)."""
    if verb.dep_ != "relcl":
        return False
    first = verb.left_edge.i
    if first == 0 or verb.doc[first - 1].text != ",":
        return False
    main = verb.head.head
    return _past(verb) and main.pos_ in VERBS and not _past(main)


def _dated_aside(verb: Token) -> bool:
    """Whether a verb heads a relative clause set off by commas that names a time of its own:
    in "Chelsea, who finished fourth in the league and lifted a cup in May, also won the old
    Club World Cup in 2021" the fourth place is not of 2021 (whatever the tenses)."""
    if verb.dep_ != "relcl":
        return False
    first, last = verb.left_edge.i, verb.right_edge.i
    if first == 0 or verb.doc[first - 1].text != ",":
        return False
    return any(p.role == "claim" and first <= p.start and p.end - 1 <= last
               for p in verb.doc._.periods or [])


def _past(verb: Token) -> bool:
    """Whether a verb is in a past tense ("scored", "had scored", "was founded")."""
    tags = {verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass"))}
    return "VBD" in tags or (verb.tag_ == "VBN" and not tags & {"MD", "VBZ", "VBP", "VB"})


def _quantified(d: Draft, of_links: frozenset[str] = frozenset()) -> Token | None:
    """The noun a figure quantifies or fills: "4.34 billion euro fine", "a rate of 3.9%" (and,
    in a language parsed with Universal Dependencies, the noun before its `of_links` word)."""
    a = _figure_root(d)
    head = a.head
    doc = d.tokens.doc
    if d.basis == "multiple" and d.tokens.end < len(doc) and \
            doc[d.tokens.end].lower_ in ("the", "its", "their", "what"):
        return None  # "more than double the $9 billion its rival paid in 2017": the base
    if a.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") and \
            head.pos_ in ("NOUN", "PROPN") and head.i >= d.tokens.end and not head.like_num:
        return head
    if a.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and \
            not head.head.like_num:
        return head.head
    if a.dep_ == "nmod" and head.pos_ == "NOUN" and head.i < d.tokens.start and \
            any(c.dep_ == "case" and c.lower_ in of_links for c in a.children):
        return head  # "l'objectif européen de 15 %" (a target of 15%): UD's nmod with "de"
    return None


def _figure_root(d: Draft) -> Token:
    """The top word of a figure's own words: "%" of "3.2 %", where the parser hangs the rest
    of the sentence ("inflation of 3.2% in April" hangs "3.2" from "%" and "%" from "of")."""
    a = d.anchor
    for _ in range(3):
        if a.head.i == a.i or not d.tokens.start <= a.head.i < d.tokens.end:
            break
        a = a.head
    return a


def _range_partners(drafts: list[Draft]) -> dict[int, Draft]:
    """id(draft) -> the other end of its range ("between 5 and 7%" are two figures)."""
    out: dict[int, Draft] = {}
    for low, high in itertools.pairwise(drafts):
        if low.mention.bound == "low" and high.mention.bound == "high":
            out[id(low)], out[id(high)] = high, low
    return out


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
