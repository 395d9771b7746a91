"""The periods and comparison cues of one Doc, each with its role (the claim's period or a base)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.periods import Period, Reference, resolve_period

__all__ = [
    "Cue",
    "PeriodMention",
    "analyse",
    "ents_between",
    "forget_indexes",
    "main_period",
    "reference_from_text",
    "sentence_of",
]

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
    # "statement": when a source said it ("said on Tuesday"): an event's date, not a figure's
    sent_start: int  # token index of its sentence's start


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


_ENTS_KEY = "newsclaims_ents"


def ents_between(doc: Doc, first: int, last: int) -> list[Span]:
    """Entities within tokens ``first``..``last`` (``Doc.ents`` is rebuilt on every access)."""
    index = doc.user_data.get(_ENTS_KEY)
    if index is None:
        ents = list(doc.ents)
        index = ([e.start for e in ents], ents)
        doc.user_data[_ENTS_KEY] = index
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
    doc.user_data.pop(_ENTS_KEY, None)


def reference_from_text(doc: Doc) -> tuple[Reference, str]:
    """The latest full date written in the text, else its latest year (no dateparser search)."""
    best: Period | None = None
    years: list[int] = []
    for span in _date_spans(doc):
        period = resolve_period(span.text, Reference())
        if period is None:
            continue
        if period.granularity == "day" and (best is None or period.start > best.start):
            best = period
        years.append(period.start.year)
    if best is not None:
        return Reference(best.start.year, best.start.month, best.start.day), "text-date"
    if years:
        return Reference(max(years)), "text-year"
    return Reference(), "none"


def _date_spans(doc: Doc) -> list[Span]:
    spans = [e for e in doc.ents if e.label_ == "DATE"]
    if CUES_KEY in doc.spans:
        spans.extend(s for s in doc.spans[CUES_KEY] if s.label_ == "PERIOD")
    return spans


def _is_month_word(span: Span) -> bool:
    if len(span) == 1 and span[0].lower_ in _AMBIGUOUS_MONTHS:
        return span[0].pos_ == "PROPN"
    return True


def analyse(doc: Doc, lexicon: Lexicon, ref: Reference) -> tuple[list[PeriodMention], list[Cue]]:
    """Every resolvable period of ``doc`` with its role, and every comparison cue."""
    cues: list[Cue] = []
    candidates: list[Span] = []
    if CUES_KEY in doc.spans:
        for span in doc.spans[CUES_KEY]:
            if span.label_ in _COMPARISONS:
                cues.append(Cue(span.start, span.end, _COMPARISONS[span.label_],
                                _CUE_DAYS.get(span.label_, 0)))
            elif span.label_ == "PERIOD" and _is_month_word(span):
                candidates.append(span)
    candidates.extend(e for e in doc.ents if e.label_ == "DATE" and _is_month_word(e))
    candidates.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    for cue in cues:
        taken.update(range(cue.start, cue.end))
    periods: list[PeriodMention] = []
    for span in candidates:
        if taken.intersection(range(span.start, span.end)):
            continue
        if _DURATION.match(span.text.strip()):
            continue
        period = resolve_period(span.text, ref, _is_future(span, lexicon))
        if period is None:
            continue
        taken.update(range(span.start, span.end))
        role = "base" if _is_base(span, lexicon) else (
            "statement" if _is_statement_date(span, period, lexicon) else "claim")
        periods.append(PeriodMention(span.start, span.end, span.text, period, role,
                                     sentence_of(doc, span.start).start))
    periods.sort(key=lambda p: p.start)
    cues.sort(key=lambda c: c.start)
    return periods, cues


# Modal auxiliaries that put a clause in the future ("will meet", "would finish" in reported
# speech), and verbs whose "to" complement is planned ("is expected to", "plans to", "is due to").
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "wo"})
_PLAN_VERBS = frozenset({"expect", "plan", "schedule", "set", "due", "aim", "intend", "go",
                         "hope", "prepare"})


def _is_future(span: Span, lexicon: Lexicon) -> bool:
    """Whether a date span sits in a future clause (its verb has a future modal or is planned).

    "Acme said on Monday it would cut jobs": a date right after a reporting verb is the
    statement's, whatever clause the parser hangs it from."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in ("on", "last", "this"):
        i -= 1
    if i >= 0 and doc[i].lemma_.lower() in lexicon.reporting_verbs:
        return False
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
    if t.lower_ == "due":
        return True
    if i >= 0 and doc[i].lower_ in ("by", "until", "before") and t.tag_ in ("VB", "VBZ", "VBP"):
        return True  # "the storm is expected to move out by Tuesday": a deadline ahead
    head = t.head
    # "plans to vote on Friday", "expects the storm to move out on Tuesday": an infinitive
    return (t.dep_ in ("xcomp", "ccomp") and t.tag_ == "VB" and head != t
            and (head.lemma_.lower() in _PLAN_VERBS
                 or any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children)))


def _is_base(span: Span, lexicon: Lexicon) -> bool:
    """Whether the period is what something is compared with ("than May", "from June 2024")."""
    doc = span.doc
    first = sentence_of(doc, span.start).start
    i = span.start - 1
    while i >= first and doc[i].lower_ in ("in", "the", "of", "with", "to"):
        if doc[i].lower_ in ("with", "to") and i - 1 >= 0 and doc[i - 1].lower_ == "compared":
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


def _is_statement_date(span: Span, period: Period, lexicon: Lexicon) -> bool:
    """ "X said on Tuesday": the date of a statement, not of the figures it gives.

    Only a day or a week is read so: "reported 1,243 cases in the first quarter" is the
    figure's period even though it hangs from the reporting verb."""
    if period.granularity not in ("day", "week"):
        return False
    t: Token = span.root
    for _ in range(3):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in _VERBS:
            return t.lemma_.lower() in lexicon.reporting_verbs
    return False


def main_period(periods: list[PeriodMention]) -> PeriodMention | None:
    """The month the article is mostly about: its most frequent claim-role month."""
    months = [p for p in periods if p.role == "claim" and p.period.granularity == "month"]
    if not months:
        return None
    counts = Counter(p.period.key for p in months)
    best = max(counts.values())
    return next(p for p in months if counts[p.period.key] == best)
