"""The periods and comparison cues of one Doc, each with its role (the claim's period or a base)."""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.entities import ENTS_KEY, doc_text, entities
from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.local_dates import phrase
from extractor.claims.nlp.periods import (
    MONTHS,
    OPEN,
    ORDINALS,
    Period,
    Reference,
    after_period,
    hours_after,
    names_fiscal,
    names_period,
    resolve_period,
    shift_months,
    shift_period,
)

__all__ = [
    "LEAD_SENTENCES",
    "Cue",
    "PeriodMention",
    "analyse",
    "ents_between",
    "forget_indexes",
    "reference_from_text",
    "sentence_of",
]

# The lead: the sentences that carry a news report's who, what and when. Calibrated on
# fixtures/stories (and checked on fixtures/stories-validation): one sentence or three both
# score lower than two.
LEAD_SENTENCES = 2

CUES_KEY = "newsclaims_cues"
_COMPARISONS = {"COMP_MOM": "mom", "COMP_YOY": "yoy", "COMP_QOQ": "qoq", "COMP_DAY": "vs_date",
                "COMP_WEEK": "vs_date"}
# Cues that move a period by days rather than months ("a day earlier", "the previous week").
_CUE_DAYS = {"COMP_DAY": 1, "COMP_WEEK": 7}
_VERBS = frozenset({"VERB", "AUX"})
# "May" and "March" are months only as proper nouns ("exports may rise", "a march").
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_DURATION = re.compile(
    r"^(?:for\s+|the\s+)?(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|several|a few|few|many)\s+(?:days?|weeks?|months?|years?|hours?|decades?)"
    r"(?:\s+(?:long|old))?$",
    re.IGNORECASE,
)
# A time named relative to another that cannot be dated ("last season", "the following day",
# "this time", "a year later"): a number of them is a duration, itself a figure ("six weeks").
_UNITS = r"(?:season|year|month|week|day|weekend|summer|winter|spring|autumn|fall|time)"
_DEICTIC = re.compile(
    rf"\b(?:last|next|this|that|previous|following|coming|same) {_UNITS}\b|"
    r"\b(?:next|following|previous) (?:morning|afternoon|evening|night)\b|"
    r"\b(?:first|following|next|coming) (?:few )?(?:hours|days|weeks|months)\b|"
    rf"\b(?:his|her|their|its|our) (?:first|second|third|last|final|debut|maiden|opening) "
    rf"{_UNITS}\b|"
    r"\b(?:last|next|this|previous|current|coming) (?:financial|fiscal) year\b|"
    rf"\ban? {_UNITS} (?:ago|later|earlier|before|after)\b", re.IGNORECASE)
_WEEKDAY_ONLY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_DAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|jan|feb|"
    r"mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
# The same period a year before, named as one: "the year-earlier quarter", "the year-ago
# period", "the prior-year month" (a comparison cue, like "a year earlier").
_YEAR_BACK = re.compile(r"\b(?:year[- ](?:earlier|ago)|prior[- ]year|previous[- ]year)\s+"
                        r"(?:quarter|period|month|half|week|season)\b", re.IGNORECASE)
# Markers that make a following period a base only when they directly precede it ("since May").
_PRECEDING_ONLY = frozenset({"since", "over"})


@dataclass(frozen=True)
class PeriodMention:
    """A period named in the text."""

    start: int  # token indices
    end: int
    text: str
    period: Period
    role: str  # "claim": the period a figure or event is for; "base": what it is compared with;
    # "statement": when a source said it ("said on Tuesday"): an event's date, not a figure's;
    # "dateline": the place-and-date line that opens a wire report ("KABUL, Sept 1 (Wire) -")
    sent_start: int  # token index of its sentence's start
    # a period of a company's own calendar the text cannot date ("its fiscal third quarter")
    fiscal: bool = False
    words: str = ""  # the date said the English way (local_dates.phrase), when another language

    @property
    def english(self) -> str:
        """The period's words in English (its own words in an English text)."""
        return self.words or self.text


@dataclass(frozen=True)
class Cue:
    """A comparison phrase ("month-over-month", "the same period last year")."""

    start: int
    end: int
    comparison: str  # mom | yoy | qoq | vs_date
    days: int = 0  # for day/week cues ("a day earlier"): how many days back the base is


_SENTS_KEY = "newsclaims_sentences"


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence of token ``i`` (spaCy's ``Token.sent`` scans the whole Doc on every call)."""
    index = doc.user_data.get(_SENTS_KEY)
    if index is None:
        sents = list(doc.sents)
        index = ([s.start for s in sents], sents)
        doc.user_data[_SENTS_KEY] = index
    starts, sents = index
    return sents[max(0, bisect.bisect_right(starts, i) - 1)]


_ENTS_INDEX_KEY = "newsclaims_ents_index"


def ents_between(doc: Doc, first: int, last: int) -> list[Span]:
    """Entities within tokens ``first``..``last`` (``Doc.ents`` is rebuilt on every access)."""
    index = doc.user_data.get(_ENTS_INDEX_KEY)
    if index is None:
        ents = list(entities(doc))
        index = ([e.start for e in ents], ents)
        doc.user_data[_ENTS_INDEX_KEY] = index
    starts, ents = index
    k = bisect.bisect_left(starts, first)
    out = []
    while k < len(ents) and ents[k].start <= last:
        if ents[k].end - 1 <= last:
            out.append(ents[k])
        k += 1
    return out


def forget_indexes(doc: Doc) -> None:
    """Drop the sentence and entity indexes (they hold Spans, which a Doc cannot serialise)."""
    doc.user_data.pop(_SENTS_KEY, None)
    doc.user_data.pop(_ENTS_INDEX_KEY, None)
    doc.user_data.pop(ENTS_KEY, None)


def reference_from_text(doc: Doc) -> tuple[Reference, str]:
    """A full date the dateline or the first paragraph writes ("BERLIN, March 12, 2025 - ...");
    none otherwise. A date further on is one the story mentions, often years back ("the 2023
    quake"), and the latest year of a text is as often a background or a future year: months
    without a year stay open rather than resolve in it (no dateparser search either)."""
    lead_end = next((k for k, t in enumerate(doc) if t.is_space and "\n\n" in t.text),
                    len(doc))
    for span in sorted(_date_spans(doc), key=lambda s: s.start):
        if span.start >= lead_end:
            break
        period = resolve_period(span.text, Reference())
        if period is not None and period.granularity == "day":
            return Reference(period.start.year, period.start.month, period.start.day), \
                "text-date"
    return Reference(), "none"


def _date_spans(doc: Doc) -> list[Span]:
    spans = [e for e in entities(doc) if e.label_ == "DATE"]
    if CUES_KEY in doc.spans:
        spans.extend(s for s in doc.spans[CUES_KEY] if s.label_ == "PERIOD")
    return spans


_AGO = frozenset({"ago", "earlier", "before"})


def _ago_as_time(span: Span, lexicon: Lexicon) -> bool:
    """Whether a cue such as "a year ago" names a time rather than a comparison: no figure or
    comparison word just before it ("an almost silent transfer market a year ago, when
    the winger arrived for £10m" is last year; "from 410,000 a year ago" compares)."""
    if span[-1].lower_ not in _AGO or span[0].lower_ not in ("a", "an", "one"):
        return False
    doc = span.doc
    first = max(sentence_of(doc, span.start).start, span.start - 6)
    before = doc[first:span.start]
    return not any(t.like_num or t.text in ("%", "$", "€", "£") or t.is_currency
                   or t.lower_ in lexicon.comparison_markers or t.lower_ == "compared"
                   for t in before)


def _is_month_word(span: Span) -> bool:
    if len(span) == 1 and span[0].lower_ in _AMBIGUOUS_MONTHS:
        return span[0].pos_ == "PROPN"
    return True


def analyse(doc: Doc, lexicon: Lexicon, ref: Reference) -> tuple[list[PeriodMention], list[Cue]]:
    """Every period of ``doc`` with its role, and every comparison cue.

    A period the text names but that cannot be dated ("June" when no year is known, "its
    fiscal second quarter") is kept as an open period (``periods.OPEN``): the figure it governs
    keeps the words and no dates rather than borrowing a period from elsewhere."""
    cues: list[Cue] = []
    candidates: list[Span] = []
    if CUES_KEY in doc.spans:
        for span in doc.spans[CUES_KEY]:
            if span.label_ in _COMPARISONS and not _ago_as_time(span, lexicon):
                cues.append(Cue(span.start, span.end, _COMPARISONS[span.label_],
                                _CUE_DAYS.get(span.label_, 0)))
            elif span.label_ == "PERIOD" and _is_month_word(span):
                candidates.append(span)
    ents = entities(doc)
    candidates.extend(e for e in ents if e.label_ == "DATE" and _is_month_word(e))
    # "on Wednesday night", "early on Monday": a TIME entity that names the day
    candidates.extend(e for e in ents if e.label_ == "TIME" and _DAY_WORDS.search(e.text)
                      and _is_month_word(e))
    # "by 6 a.m. the next day", "the next morning": a time relative to another, undatable
    candidates.extend(e for e in ents if e.label_ == "TIME" and _DEICTIC.search(e.text)
                      and not _DAY_WORDS.search(e.text))
    candidates = [_extended(span) for span in candidates]
    candidates.extend(_joined_ranges(doc, candidates))
    candidates.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    for cue in cues:
        taken.update(range(cue.start, cue.end))
    periods: list[PeriodMention] = []
    fiscal: dict[str, Period] = {}  # "q2" -> the months "the quarter ended July 27" gives it
    borrowed = str(doc._.reference_source or "").startswith(("similar:", "story:"))
    late: set[int] = set()  # starts of quarters a past clause reports that had not begun
    cue_tokens = set(taken)
    for span in candidates:
        if taken.intersection(range(span.start, span.end)):
            if not _hedged_time(span, cue_tokens) or \
                    taken.difference(cue_tokens).intersection(range(span.start, span.end)):
                continue
            # "valued at $12 billion less than a year ago": a time, not the cue "a year ago"
            taken.update(range(span.start, span.end))
            periods.append(PeriodMention(span.start, span.end, span.text, OPEN, "claim",
                                         sentence_of(doc, span.start).start))
            continue
        if _DURATION.match(span.text.strip()):
            continue
        if _YEAR_BACK.search(span.text) and not taken.intersection(range(span.start, span.end)):
            # "compared with $30bn in the year-earlier quarter": a cue, as "a year earlier"
            cues.append(Cue(span.start, span.end, "yoy"))
            taken.update(range(span.start, span.end))
            continue
        # phrase(): a date of another language said the English way (local_dates.py)
        weekday = bool(_WEEKDAY_ONLY.search(phrase(span)))
        future = _is_future(span, lexicon, weekday) and (weekday or not _reported_future(span))
        period = resolve_period(phrase(span), ref, future)
        if borrowed and period is not None and period.granularity == "day" and \
                _WEEKDAY_ONLY.search(span.text) and not re.search(r"\d", span.text) and \
                (event := ref.event_day(period.start.weekday())) is not None:
            # "late on Sunday" in a story whose dated leads name a Sunday: that Sunday
            period = Period(event, event, "day")
        elif borrowed and period is not None and period.granularity == "day" and \
                _WEEKDAY_ONLY.search(span.text) and not re.search(r"\d", span.text) and \
                (ref.until is None or resolve_period(phrase(span), ref.last(), future) != period):
            # a weekday counts back from the article's own date; a date borrowed from its
            # story is a window of days, which dates the weekday only if every day of it
            # gives the same one ("Sunday" read on Monday or Tuesday); a date borrowed from
            # one other article may be days off: the day stays open
            period = OPEN
        if period is not None and _not_yet_begun(span, period, ref):
            late.add(span.start)  # undated below unless a fiscal calendar moves it
        if period is None and (rest := _after_a_figure(span)) is not None:
            # "who turned 22 last month": the entity took in the age before the date
            span = rest
            period = resolve_period(phrase(span), ref, future)
        label = _fiscal_label(phrase(span))
        if period is not None and label:
            fiscal[label] = period  # "its fiscal second quarter, which ended July 27"
        elif period is None and label in fiscal:
            period = _of_year(fiscal[label], phrase(span), fiscal)
        if period is None and (names_period(phrase(span)) or _DEICTIC.search(phrase(span))):
            # "last season", "two summers ago", "this time", "over the weekend": a time the
            # text names but that cannot be dated: the figure it governs stays undated
            period = OPEN
        if period is None:
            continue
        taken.update(range(span.start, span.end))
        role = "base" if _is_base(span, lexicon) else (
            "dateline" if _is_dateline(span) else
            "statement" if _is_statement_date(span, period, lexicon) else "claim")
        periods.append(PeriodMention(span.start, span.end, span.text, period, role,
                                     sentence_of(doc, span.start).start,
                                     period.is_open and names_fiscal(phrase(span)),
                                     phrase(span) if phrase(span) != span.text else ""))
    ended = fiscal.pop("ended", None)
    if ended is not None:
        # "the quarter ended July 27, its fiscal second quarter": the label names those months
        where = next(p.sent_start for p in periods if p.period == ended)
        for p in periods:
            label = _fiscal_label(p.english)
            if p.sent_start == where and p.period.is_open and label and label[0] == "q":
                fiscal[label] = ended
        fiscal.setdefault("ended", ended)
    _year_of_last_quarter(fiscal)
    _quarters_of_year(fiscal)
    if fiscal:  # a fiscal label named before the sentence that dates it
        periods = [dataclasses.replace(p, period=_of_year(fiscal[label], p.english, fiscal))
                   if p.period.is_open and (label := _fiscal_label(p.english)) in fiscal else p
                   for p in periods]
        periods = _on_fiscal_calendar(periods, fiscal)
    if late:
        # "Operating income rose 23% in the fourth quarter", read in August: not this year's
        # fourth quarter, which has not begun; another calendar's (unless the text gave it
        # and it moved), or last year's
        periods = [dataclasses.replace(p, period=OPEN) if p.start in late
                   and ref.date is not None and p.period.start > ref.date else p
                   for p in periods]
    if not fiscal or (set(fiscal) == {"ended"} and not _fiscal_offset(fiscal)):
        # the months of one quarter that fall on the calendar's quarters do not say which of
        # its quarters the company calls it (a year that starts in July calls April to June its
        # fourth); one a month off them moves the others with it (_on_fiscal_calendar)
        periods = _undated_own_calendar(doc, periods, _reported_late(doc, periods, ref))
    periods.sort(key=lambda p: p.start)
    periods = _anaphoric_months(doc, periods)
    periods = _relative_times(doc, periods)
    periods = _elliptic_parts(doc, periods, lexicon, taken)
    cues.sort(key=lambda c: c.start)
    return periods, cues


# Words before a bare month that date it by the time the text was just talking about ("that
# May", "the following January"), not by the publication date.
_THAT_TIME = {"that": 0, "following": 1, "next": 1, "same": 0}


def _anaphoric_months(doc: Doc, periods: list[PeriodMention]) -> list[PeriodMention]:
    """A bare month after "that" or "the following" is of the year the text last named:
    "signed in March 2016 and made her debut that May" is May 2016; "elected in 2019 and sworn
    in the following January" is January 2020. Without a dated period before it, the
    month stays open (no guess from the publication year)."""
    out: list[PeriodMention] = []
    last: Period | None = None
    for p in periods:
        word = doc[p.start - 1].lower_ if p.start > 0 else ""
        if word in _THAT_TIME and p.period.granularity == "month" and \
                p.text.strip().lower() in MONTHS and (word != "next" or (
                    p.start > 1 and doc[p.start - 2].lower_ == "the")):
            month = p.period.start.month
            if last is None:
                moved = OPEN
            else:
                year = last.end.year
                if _THAT_TIME[word] and month <= last.end.month:
                    year += 1  # "the following January": the first one after that time
                moved = Period(date(year, month, 1), date(year, month,
                               calendar.monthrange(year, month)[1]), "month")
            p = dataclasses.replace(p, period=moved, text=f"{word} {p.text}")
        elif not p.period.is_open and p.role != "dateline":
            last = p.period
        out.append(p)
    return out


def _relative_times(doc: Doc, periods: list[PeriodMention]) -> list[PeriodMention]:
    """A time named by its distance after another ("the next morning", "the following day",
    "a year later") is after the time the text last named in the same paragraph: "Judge Mehta
    ruled on September 2 ... shares rose 9% the following day" is September 3; "222 million
    euros in 2017 and 180 million euros a year later", 2018. Without a dated time before it in
    its paragraph, it stays open."""
    out: list[PeriodMention] = []
    last: PeriodMention | None = None
    text = doc_text(doc)
    for p in periods:
        if last is not None and "\n" in text[doc[last.end - 1].idx:doc[p.start].idx]:
            last = None  # another paragraph: the narrative's clock starts again
        if p.period.is_open and last is not None and \
                (moved := after_period(p.english or p.text, last.period)) is not None:
            out.append(dataclasses.replace(p, period=moved))
            continue  # "a year earlier ... a month earlier": both from the time named before
        if p.period.is_open and hours_after(p.english or p.text):
            continue  # "over the following hours" after no day: the time the text is telling of
        if not p.period.is_open and p.role == "claim":
            last = p  # a time the story tells of, not the day a source spoke
        out.append(p)
    return out


# "in the second quarter ... against 10.4 gigawatt-hours in the first": a named part of a year,
# and the prepositions that put an ordinal without a noun of its own in its place
_PART_OF_YEAR = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[ -](quarter|half)\b",
                           re.IGNORECASE)
_TIME_PREPOSITIONS = frozenset({"in", "during", "for", "from", "over", "than", "to", "since"})


def _elliptic_parts(doc: Doc, periods: list[PeriodMention], lexicon: Lexicon,
                    taken: set[int]) -> list[PeriodMention]:
    """An ordinal without a noun after a named quarter or half of its sentence is another part
    of the same year: "deployed 9.6 gigawatt-hours in the second quarter against 10.4
    gigawatt-hours in the first" is the first quarter ("the first to do so" is no time)."""
    added: list[PeriodMention] = []
    for p in periods:
        m = _PART_OF_YEAR.search(p.english or p.text)
        if m is None or p.period.granularity not in ("quarter", "half"):
            continue
        months = 3 if p.period.granularity == "quarter" else 6
        sent = sentence_of(doc, p.start)
        for i in range(p.end + 2, sent.end):
            k = ORDINALS.get(doc[i].lower_)
            if k is None or k > 12 // months or i in taken or doc[i - 1].lower_ != "the" or \
                    doc[i - 2].lower_ not in _TIME_PREPOSITIONS or (
                    i + 1 < sent.end and not doc[i + 1].is_punct
                    and doc[i + 1].pos_ not in ("CCONJ", "ADP", "SCONJ")):
                continue
            span = doc[i - 1:i + 1]
            period = shift_period(p.period, (k - ORDINALS[m[1].lower()]) * months)
            added.append(PeriodMention(span.start, span.end, span.text, period,
                                       "base" if _is_base(span, lexicon) else "claim",
                                       sent.start))
            taken.add(i)
    return sorted(periods + added, key=lambda p: p.start) if added else periods


_RANGE_OPENERS = frozenset({"between", "from"})
_RANGE_LINKS = frozenset({"and", "to", "through", "until", "till", "-", "–"})


def _joined_ranges(doc: Doc, spans: list[Span]) -> list[Span]:
    """The two ends of a range of periods as one span, with a year that follows the second
    end: "between October and December of last year" is one span of three months (the
    parser may read "October", "December" and "last year" apart, and "October" alone would
    resolve in the publication year)."""
    starts: dict[int, Span] = {}
    for span in spans:
        if span.start not in starts or len(span) > len(starts[span.start]):
            starts[span.start] = span
    out = []
    for first in starts.values():
        j = first.end
        if first.start == 0 or doc[first.start - 1].lower_ not in _RANGE_OPENERS or \
                j + 1 >= len(doc) or doc[j].lower_ not in _RANGE_LINKS or j + 1 not in starts:
            continue
        end = starts[j + 1].end
        if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in starts:
            end = starts[end + 1].end  # "... and December of last year"
        out.append(doc[first.start:end])
    return out


# Hedges that make a time of a comparison cue ("less than a year ago", "nearly a year ago").
_TIME_HEDGES = frozenset({"less", "more", "than", "about", "around", "nearly", "almost", "just",
                          "over", "under", "some", "roughly", "barely"})


def _hedged_time(span: Span, cue_tokens: set[int]) -> bool:
    """Whether a date span is a hedged time around a comparison cue ("less than a year ago"
    holds the cue "a year ago"): a time the clause is about, which cannot be dated."""
    extra = [t for t in span if t.i not in cue_tokens]
    return bool(extra) and span[0].i not in cue_tokens and \
        all(t.lower_ in _TIME_HEDGES for t in extra)


_ENDED_WORDS = frozenset({"ended", "ending", "ends", "to", "through"})
_SPAN_NOUNS = frozenset({"quarter", "half", "year", "months"})
_FISCAL_PREFIX = frozenset({"first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th",
                            "-", "fiscal", "the", "its", "their"})


def _extended(span: Span) -> Span:
    """The date with the words that make it a span of months or a fiscal period: "the quarter
    ended" + "July 27", "fiscal" + "2026", "the second quarter" + "of fiscal 2026"."""
    doc = span.doc
    sent = sentence_of(doc, span.start)
    start, end = span.start, span.end
    i = start - 1
    if i >= sent.start and doc[i].lower_ in ("on", "in"):
        i -= 1  # "ended on July 27", "the quarter that ended in June"
    if i > sent.start and doc[i].lower_ in _ENDED_WORDS:
        j = i - 1
        if j > sent.start and doc[j].lower_ in ("that", "which"):
            j -= 1
        if j > sent.start and doc[j].text == ",":
            j -= 1
        if j >= sent.start and doc[j].lower_ in _SPAN_NOUNS:
            start = j - 1 if doc[j].lower_ == "months" and j > sent.start else j
    while start - 1 >= sent.start and doc[start - 1].lower_ in _FISCAL_PREFIX and (
            doc[start - 1].lower_ != "the"):
        start -= 1
    if end + 2 < sent.end and doc[end].lower_ == "period" and doc[end + 1].lower_ == "of" and \
            re.fullmatch(r"(?:19|20)\d\d", doc[end + 2].text):
        end += 3  # "the April-June period of 2024"
    elif end + 1 < sent.end and doc[end].lower_ == "of" and doc[end + 1].lower_ == "fiscal":
        end += 2 + (end + 2 < sent.end and doc[end + 2].like_num)
    elif end < sent.end and doc[end].lower_ == "fiscal" and end + 1 < sent.end and \
            doc[end + 1].like_num:
        end += 2
    if end - start >= 2 and doc[end - 1].like_num and _WEEKDAY_ONLY.fullmatch(doc[end - 2].text):
        end -= 1  # "by Sunday 55 victims had been identified": the count is no day of a month
    if (start, end) == (span.start, span.end):
        return span
    return doc[start:end]


_FISCAL_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1",
                    "2nd": "2", "3rd": "3", "4th": "4"}


def _fiscal_label(text: str) -> str | None:
    """The label a fiscal period is referred to by again ("fiscal second quarter", "Q2"): "q2",
    "h1", "year"; None for a text that names no fiscal period."""
    s = text.lower()
    if "fiscal" not in s and "ended" not in s and "ending" not in s and \
            not re.search(r"\bfy|\b(?:quarter|three months),? to\b", s):
        return None  # "the three months to June 30" says which months, as "ended" does
    if m := re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[ -](quarter|half)", s):
        return ("q" if m[2] == "quarter" else "h") + _FISCAL_ORDINALS[m[1]]
    if m := re.search(r"\b([qh])([1-4])\b", s):
        return m[1] + m[2]
    if re.search(r"\b(?:fiscal year|fiscal (?:19|20)\d\d|fy ?\d|year (?:ended|ending))", s):
        return "year"
    if re.search(r"\b(?:quarter|three months),? (?:that |which )?(?:ended|ending|to)\b", s):
        return "ended"  # "the quarter ended July 27": which quarter, the sentence may say
    return None


_PLAIN_QUARTER = re.compile(r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th)[ -](quarter|half)|"
                            r"([qh])([1-4]))\b", re.IGNORECASE)


def _of_year(dated: Period, text: str, fiscal: dict[str, Period]) -> Period:
    """A fiscal period the text dated once, moved to the fiscal year another mention names:
    after "the fiscal year that ended in June" (July 2024 to June 2025), "fiscal 2024" is
    the year before and "the first quarter of fiscal 2026" July to September 2025 (a fiscal
    year is named by the calendar year it ends in)."""
    m = re.search(r"\b(?:((?:19|20)\d\d)|fy ?(\d\d))\b", text.lower())
    if m is None:
        return dated
    named = int(m[1]) if m[1] else 2000 + int(m[2])
    year = fiscal.get("year")
    ends = year.end.year if year is not None and year.granularity == "year" and \
        year.start <= dated.start and dated.end <= year.end else dated.end.year
    return shift_period(dated, 12 * (named - ends))


def _quarters_of_year(fiscal: dict[str, Period]) -> None:
    """Once the text dates a fiscal year ("the fiscal year that ended in June"), its quarters
    and halves are its three- and six-month parts: its fourth quarter is April to June."""
    year = fiscal.get("year")
    if year is None or year.granularity != "year":
        return
    for label, months, n in (("q", 3, 4), ("h", 6, 2)):
        for k in range(n):
            y, m = shift_months(year.start.year, year.start.month, months * k)
            y2, m2 = shift_months(y, m, months - 1)
            fiscal.setdefault(f"{label}{k + 1}", Period(
                date(y, m, 1), date(y2, m2, calendar.monthrange(y2, m2)[1]),
                "quarter" if label == "q" else "half"))


def _year_of_last_quarter(fiscal: dict[str, Period]) -> None:
    """ "its fiscal fourth quarter, the three months to June 30 ... $75 billion in the fiscal
    year": a fiscal year ends with its fourth quarter, so once the text dates that quarter,
    "the fiscal year" is the twelve months to its end."""
    last = fiscal.get("q4")
    if last is None or "year" in fiscal or last.granularity != "quarter":
        return
    first_year, first_month = shift_months(last.end.year, last.end.month, -11)
    fiscal["year"] = Period(date(first_year, first_month, 1), last.end, "year")


def _on_fiscal_calendar(periods: list[PeriodMention], fiscal: dict[str, Period]
                        ) -> list[PeriodMention]:
    """Quarters and halves of a company that reports on its own calendar: once the text says
    which months one of them covers ("its fiscal second quarter, which ended July 27": May to
    July), every plain "first quarter", "third-quarter", "Q3" of it is moved the same way
    ("the third quarter": August to October), as a careful reader would read them."""
    offset = _fiscal_offset(fiscal)
    year = fiscal.get("year")
    out = []
    for p in periods:
        if offset and not p.period.is_open and p.period.granularity in ("quarter", "half") \
                and _PLAIN_QUARTER.search(p.english) and _fiscal_label(p.english) is None:
            p = dataclasses.replace(p, period=shift_period(p.period, offset))
        elif year is not None and p.period.granularity == "year" and \
                _THE_YEAR.fullmatch(p.english.strip().lower()):
            p = dataclasses.replace(p, period=year)  # "for the year": its fiscal year
        out.append(p)
    return out


def _undated_own_calendar(doc: Doc, periods: list[PeriodMention], late: bool = False
                          ) -> list[PeriodMention]:
    """Plain quarters, halves and "the year" of a text that speaks of a fiscal period whose
    label it does not date: "Gross margin slipped in its fiscal first quarter ... Revenue rose
    9% in the second quarter ... Sales for the year reached $20 billion": the company keeps its
    own calendar, so "the second quarter" and "the year" are its own too, not April to June
    or the calendar year. Knowing the months of one quarter ("the quarter ended June 30")
    does not say which of its quarters that is (a year that starts in July calls April to June
    its fourth). Named, but undated: absent rather than wrong. So are they when the lead
    reports a plain quarter too long after its end (``late``: _reported_late)."""
    if not late and not any(p.fiscal and p.role != "base" for p in periods):
        return periods
    return [dataclasses.replace(p, period=OPEN, fiscal=True)
            if not p.period.is_open and _own_calendar_label(doc, p) else p
            for p in periods]


def _reported_late(doc: Doc, periods: list[PeriodMention], ref: Reference) -> bool:
    """Whether the lead reports a plain quarter that ended too long before the article to be
    the calendar's: "Walmart reported second-quarter revenue of $177.4 billion", published on
    August 21, is of a quarter of its own (May to July), not April to June; its other plain
    quarters are its own too. The latest such quarter of the lead counts ("up from the first
    quarter" in a July story about the second is background). Halves are left alone: a
    half-year report may come three months after the half."""
    if ref.date is None:
        return False
    lead = list(itertools.islice(doc.sents, LEAD_SENTENCES))
    lead_end = lead[-1].end if lead else 0
    ended = [p.period.end for p in periods if p.start < lead_end and p.role == "claim"
             and not p.period.is_open and p.period.granularity == "quarter"
             and p.period.end < ref.date and _own_calendar_label(doc, p)]
    return bool(ended) and _RESULTS_DAYS < (ref.date - max(ended)).days <= _RESULTS_RECENT


# A company reports a calendar quarter within 45 days of its end (the SEC's deadline for a
# quarterly report of the smallest filers, 40 for the largest; results come out before it), so
# a lead reporting a plain quarter later than that is of a calendar of the company's own (a
# retailer's or a chipmaker's quarter, a month behind the calendar's: reported 50-70 days
# after the calendar quarter's end, a retailer 52 and a chipmaker 58 days in 2025). Later than
# 75 days, the quarter the lead names is background ("Gegenüber dem schwachen ersten Quartal"
# in a July story about the second). fixtures/conflicts: the retailer's results (52 days) are
# the one story it applies to (fixtures/stories reports no plain quarter later than 31 days);
# fixtures/stories-validation: English wrong periods 10.1% -> 8.3% of the found.
_RESULTS_DAYS = 45
_RESULTS_RECENT = 75


def _own_calendar_label(doc: Doc, p: PeriodMention) -> bool:
    """A period named by its place in a year without the year's months: "the second quarter",
    "H1", "the year", "the full year" (not "the quarter ended June 30", not "2025")."""
    if p.period.granularity in ("quarter", "half"):
        # "the second quarter", "Q2", "vierten Quartal": no year, no months, no "ended"
        return not _fiscal_label(p.english) and not re.search(r"\d{4}", p.text) and \
            not any(t.lower_ in MONTHS for t in doc[p.start:p.end])
    return p.period.granularity == "year" and bool(_THE_YEAR.fullmatch(p.text.strip().lower()))


# "the year" as a company names its own ("Operating income for the year was $128 billion")
_THE_YEAR = re.compile(r"(?:the |this )?(?:full |whole |entire )?year")


def _fiscal_offset(fiscal: dict[str, Period]) -> int:
    """Months between a fiscal period and the calendar one of the same name (May-July for a
    fiscal second quarter: +1); for "the quarter ended July 27" alone, the shift of its months
    off the calendar quarters (+1 or -1); 0 when they are calendar periods."""
    for label, period in fiscal.items():
        if label[0] in "qh" and label[1:].isdigit():
            n, size = int(label[1:]), 3 if label[0] == "q" else 6
            shift = (period.start.month - 1) - (n - 1) * size
            return (shift + 6) % 12 - 6  # the nearest way round the year
    year = fiscal.get("year")
    if year is not None and year.granularity == "year":
        # "its fiscal year, which ended in June": July to September is its first quarter
        return ((year.start.month - 1) + 6) % 12 - 6
    for period in fiscal.values():
        if period.granularity == "quarter":
            return {0: 0, 1: 1, 2: -1}[(period.start.month - 1) % 3]
    return 0


def _is_dateline(span: Span) -> bool:
    """ "KABUL, Sept 1 (Harbor Wire) - A strong earthquake ...": the place-and-date line that
    opens a wire report gives the day it was filed, not the period of the figures after it."""
    doc = span.doc
    if span.start > 12 or sentence_of(doc, span.start).start != 0:
        return False
    if any(not (t.is_punct or t.is_space or t.text[:1].isupper()) for t in doc[:span.start]):
        return False  # only the place, in capitals, before it
    k = span.end
    while k < len(doc) and (doc[k].text == "," or (doc[k].like_num and len(doc[k]) == 4)):
        k += 1
    return k < len(doc) and doc[k].text in ("(", "-", "--", "—", "–", "/")


# Modal auxiliaries that put a clause in the future ("will meet", "would finish" in reported
# speech), and verbs whose "to" complement is planned ("is expected to", "plans to", "is due to").
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "wo"})
_PLAN_VERBS = frozenset({"expect", "plan", "schedule", "set", "due", "aim", "intend", "go",
                         "hope", "prepare"})


def _not_yet_begun(span: Span, period: Period, ref: Reference) -> bool:
    """Whether a quarter or half the clause reports as past had not begun by the reference
    day: "Operating income rose 23% in the fourth quarter", read on 1 August. Only a simple past
    verb with no modal is read so ("would rise in the fourth quarter" is a forecast); without a
    parser (tag_ empty) nothing is."""
    if period.granularity not in ("quarter", "half") or ref.date is None or \
            period.start <= ref.date or re.search(r"\d{4}", span.text):
        return False
    t: Token = span.root
    for _ in range(4):  # date -> preposition -> verb
        if t.head == t:
            return False
        t = t.head
        if t.pos_ in _VERBS:
            break
    else:
        return False
    return t.tag_ == "VBD" and not any(c.dep_ == "aux" for c in t.children)


def _is_future(span: Span, lexicon: Lexicon, weekday: bool = False) -> bool:
    """Whether a date span sits in a future clause (its verb has a future modal or is planned;
    for a ``weekday``, also a verb in the scheduling present: "turns 30 on Friday").

    "Acme said on Monday it would cut jobs": a date right after a reporting verb is the
    statement's, whatever clause the parser hangs it from."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in ("on", "last", "this"):
        i -= 1
    if i >= 0 and doc[i].lemma_.lower() in lexicon.reporting_verbs:
        return False
    if span.root.dep_ in ("poss", "compound", "nmod"):
        return False  # "will not remember Sunday's final": the time of a thing, not the clause
    t: Token = span.root
    for _ in range(4):  # date -> preposition -> verb, a few arcs at most
        if t.head == t:
            break
        t = t.head
        if t.pos_ in _VERBS or t.lower_ == "due":
            break
    else:
        return False
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in t.children):
        return True
    if t.lower_ == "due" or (weekday and _scheduled_present(t, lexicon)):
        return True
    if i >= 0 and doc[i].lower_ in ("by", "until", "before") and t.tag_ in ("VB", "VBZ", "VBP"):
        return True  # "the storm is expected to move out by Tuesday": a deadline ahead
    head = t.head
    # "plans to vote on Friday", "expects the storm to move out on Tuesday": an infinitive
    return (t.dep_ in ("xcomp", "ccomp") and t.tag_ == "VB" and head != t
            and (head.lemma_.lower() in _PLAN_VERBS
                 or any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children)))


def _after_a_figure(span: Span) -> Span | None:
    """The date of a span that begins with a figure of its own: "turned 22 last month" (the
    entity reads "22 last month"), "scored 3 on Sunday". A day before its month ("5 May") is
    a date as a whole and resolves before this is asked."""
    if len(span) < 2 or not span[0].like_num or not names_period(span[1:].text):
        return None
    return span[1:]


def _reported_future(span: Span) -> bool:
    """Whether a date's clause is a future seen from the past ("said in December it would cut
    jobs in January"): its month may already have come, so it is not moved ahead a year (a
    weekday is: "would meet on Friday" is within the week either way)."""
    t: Token = span.root
    for _ in range(4):
        if t.head is t:
            return False
        t = t.head
        if t.pos_ in _VERBS:
            return any(c.dep_ == "aux" and c.lower_ == "would" for c in t.children)
    return False


def _scheduled_present(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a day hangs from a verb in the simple present of a story's body, which news
    uses for what is scheduled: "the striker turns 30 on Friday", "the council votes on
    Monday" are the coming days. A headline's present tells the past ("Quake kills 800"), and
    "says on Monday" is a statement, so neither counts."""
    if verb.doc._.headline or verb.lemma_.lower() in lexicon.reporting_verbs or \
            verb.lemma_.lower() in _STATES:
        return False  # "the toll stands at 40 as of Monday" is a state reached, not a plan
    if verb.tag_ not in ("VBZ", "VBP") or verb.dep_ in ("relcl", "acl", "advcl"):
        return False
    return not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


# Verbs of a state, whose present tells how things stand as of a day, not what is scheduled.
_STATES = frozenset({"be", "stand", "remain", "have", "hold", "sit", "rest"})


def _is_base(span: Span, lexicon: Lexicon) -> bool:
    """Whether the period is what something is compared with ("than May", "from June 2024")."""
    doc = span.doc
    if _over_a_span(span, lexicon):
        return False
    if lexicon.lang != "en":
        if _after_a_comparison(span, lexicon):
            return True
    else:
        first = sentence_of(doc, span.start).start
        i = span.start - 1
        while i >= first and doc[i].lower_ in ("in", "the", "of", "with", "to"):
            if doc[i].lower_ in ("with", "to") and i - 1 >= 0 and \
                    doc[i - 1].lower_ == "compared":
                return True
            i -= 1
        if i >= first and doc[i].lower_ in lexicon.comparison_markers:
            return True
    t: Token = span.root
    for _ in range(6):  # a comparison phrase is a few arcs deep at most
        if t.head is t or t.head.pos_ in _VERBS:
            head = t.head
            return head.lower_ in ("compared", "versus") and head.i < span.start
        t = t.head
        if t.lower_ in lexicon.comparison_markers and t.lower_ not in _PRECEDING_ONLY:
            return True
    return False


# How far before "over" a word of change makes it a comparison ("rose 5% over", "a 5% increase
# over"): the change word, its figure and unit.
_CHANGE_REACH = 3


def _over_a_span(span: Span, lexicon: Lexicon) -> bool:
    """Whether "over" before a period says during it, not compared with it: "bookings passed
    $100 billion over the fiscal year", "gave 150 more doses than usual over the weekend" (no
    word just before it tells of a change, as in "sales rose 5% over last year")."""
    doc = span.doc
    i = span.start - 1
    if i < 0 or doc[i].lower_ != "over":
        return False
    first = max(sentence_of(doc, span.start).start, i - _CHANGE_REACH)
    return not any(t.lemma_.lower() in lexicon.up_verbs or t.lemma_.lower() in lexicon.down_verbs
                   or t.lower_ in lexicon.up_words or t.lower_ in lexicon.down_words
                   for t in doc[first:i])


# How many words other than languages.yaml `base_links` may stand between a "than" marker or a
# fold noun and its date: the noun of "mehr als bei der Wahl 2021", "le double de son résultat
# de 2021" (fixtures/stories: one; two would take "mehr als 300 Menschen in Berlin 2024"-like
# runs of a clause for a comparison).
_BASE_NOUNS = 1
# How far back from a date a comparison marker may stand, in words (fixtures/stories: the
# longest is "le double de son résultat de 2021", five).
_BASE_REACH = 6


def _after_a_comparison(span: Span, lexicon: Lexicon) -> bool:
    """Whether a date of a language other than English is what something is compared with,
    read on the words before it (languages.yaml `comparison_markers`, `base_links`,
    `than_markers`, `comparatives`, `fold`): "vier Punkte mehr als bei der Wahl 2021",
    "ha dado ventaja desde al menos 2014", "il doppio del 2021". Small words (prepositions,
    articles) may stand between the marker and the date; a marker that also joins clauses
    ("als", "que") compares only after a comparative of its clause ("Als im
    Jahr 2021 die Flut kam" dates the flood) and is the only one a noun may follow ("contre le
    Bayern samedi" is a match's day), and a fold word compares only as a noun before its
    complement ("le double de son résultat de 2021")."""
    local = lexicon.local
    links = _words(local.get("base_links"))
    than = _words(local.get("than_markers"))
    folds = _words(local.get("fold"))
    of = _words(local.get("of_links"))
    markers = lexicon.comparison_markers
    doc = span.doc
    first = sentence_of(doc, span.start).start
    nouns = 0
    for i in range(span.start - 1, max(first, span.start - _BASE_REACH) - 1, -1):
        t = doc[i]
        if t.text in _CLAUSE_MARKS or t.like_num or any(c.isdigit() for c in t.text):
            return False
        word = t.lower_
        if _ends_marker(doc, i, markers, first):
            if " to " in phrase(span) and word in lexicon.set_of("range_openers"):
                return False  # "von Januar bis März": the start of a span of months, no base
            if i == span.start - 1 and _dates_a_noun(t, first, lexicon):
                return False  # "die Bundestagswahl vom 23. Februar": the election's day
            if word in than:
                return _compared_before(doc, i, first, lexicon)
            # a noun after "since", "against", "by" is what the marker takes: "contra o Bayern
            # no sábado" (against Bayern on Saturday), "von Powell am Mittwoch"
            return nouns == 0
        if word in folds and i + 1 < span.start and doc[i + 1].lower_ in of:
            return True  # "le double de son résultat de 2021", "il doppio del 2021"
        if word in links:
            continue
        nouns += 1
        if nouns > _BASE_NOUNS:
            return False
    return False


def _words(values: list[Any] | dict[str, Any] | None) -> frozenset[str]:
    """The words of a languages.yaml list (or the keys of a mapping), lower-cased."""
    return frozenset(str(w).lower() for w in (values or []))


def _ends_marker(doc: Doc, i: int, markers: frozenset[str], first: int) -> bool:
    """Whether a comparison marker of one or more words ends at token ``i`` ("gegenüber",
    "par rapport")."""
    for marker in markers:
        words = marker.split()
        k = i - len(words) + 1
        if k >= first and [doc[j].lower_ for j in range(k, i + 1)] == words:
            return True
    return False


def _compared_before(doc: Doc, i: int, first: int, lexicon: Lexicon) -> bool:
    """Whether a comparative of the clause comes before the word at ``i`` (languages.yaml
    `comparatives`, `up`, `down`, `fold`): "mehr als", "so hoch wie", "más alto que"."""
    words = _words(lexicon.local.get("comparatives")) | lexicon.up_words | \
        lexicon.down_words | _words(lexicon.local.get("fold"))
    for j in range(i - 1, first - 1, -1):
        if doc[j].text in _CLAUSE_MARKS:
            return False
        if doc[j].lower_ in words:
            return True
    return False


def _dates_a_noun(marker: Token, first: int, lexicon: Lexicon) -> bool:
    """Whether a comparison marker that also dates a noun does so here: German "von" / "vom"
    introduce a base after a figure or a verb ("stieg von 2,8 Prozent", "sank gegenüber dem
    Vormonat") but date the noun right before them ("die Landtagswahl vom 14. März", "der
    Bericht vom Freitag"): a capitalised word inside the sentence, which in German is a noun,
    that follows no number (then it is a unit: "3 Prozent vom Umsatz")."""
    if marker.lower_ not in lexicon.noun_dates or marker.i - 1 <= first:
        return False
    noun = marker.doc[marker.i - 1]
    before = marker.doc[marker.i - 2]
    return noun.is_alpha and noun.is_title and not before.like_num


def _is_statement_date(span: Span, period: Period, lexicon: Lexicon) -> bool:
    """ "X said on Tuesday": the date of a statement, not of the figures it gives.

    Only a day or a week is read so: "reported 1,243 cases in the first quarter" is the
    figure's period even though it hangs from the reporting verb."""
    if period.granularity not in ("day", "week"):
        return False
    if lexicon.lang != "en":
        return _in_a_statement_clause(span, lexicon)
    i = span.start - 1
    if i >= 0 and span.doc[i].lower_ == "on":
        i -= 1
    if i >= 0 and _said(span.doc[i], lexicon):
        return True  # "Acme said on Monday it delivered ...": the parser may hang it lower
    t: Token = span.root
    for _ in range(3):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in _VERBS:
            return _said(t, lexicon)
    return False


_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "–", "—", "\"", "„", "“", "”", "«", "»"})


def _in_a_statement_clause(span: Span, lexicon: Lexicon) -> bool:
    """Whether a day shares its clause with a verb of saying of the language (languages.yaml
    `statement_verbs`, as written or as lemmas): "wie das Ministerium am Freitag in Washington
    mitteilte", "a annoncé lundi le ministère". Read on the words between punctuation, as the
    blank pipelines of these languages have no parser."""
    verbs = {str(w).lower() for w in lexicon.local.get("statement_verbs", [])}
    if not verbs:
        return False
    doc = span.doc
    sent = sentence_of(doc, span.start)
    lo = span.start
    while lo > sent.start and doc[lo - 1].text not in _CLAUSE_MARKS:
        lo -= 1
    hi = span.end
    while hi < sent.end and doc[hi].text not in _CLAUSE_MARKS:
        hi += 1
    return any(t.lower_ in verbs or t.lemma_.lower() in verbs for t in doc[lo:hi])


def _said(verb: Token, lexicon: Lexicon) -> bool:
    """A verb of saying, or an active verb of forecasting: "analysts expected 110,000 on
    Friday" dates the forecast; "Rain of up to 120 mm is forecast for next week" dates the
    rain."""
    lemma = verb.lemma_.lower()
    return lemma in lexicon.reporting_verbs or (
        lemma in _FORECAST_VERBS and not any(c.dep_ == "auxpass" for c in verb.children))


# Verbs whose day is when a figure was expected, not what it is for: "a betting market had
# forecast 352,000 on Tuesday" (deliveries of the quarter), "analysts expected 110,000 on Friday".
_FORECAST_VERBS = frozenset({"forecast", "expect", "predict", "project", "anticipate"})
