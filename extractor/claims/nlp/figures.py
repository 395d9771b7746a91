"""Reading a figure: each mention of the text becomes a draft, unless it is no quantity at all.

A :class:`Draft` is the working record of one figure while the other steps (basis, periods,
roles) fill it in. The skip filters (``FILTERS``) each name one kind of number that news text
writes without stating a quantity: a year, a model number, page furniture.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.entities import entities
from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.mentions import Mention, MentionFinder
from extractor.claims.nlp.periods import MONTHS, Period
from extractor.claims.nlp.timeline import CUES_KEY, PeriodMention, sentence_of
from extractor.claims.nlp.units import UnitVocab

__all__ = ["BASE_CONFIDENCE", "CONTEXT_TOKENS", "FILTERS", "VERBS", "Candidate", "Draft",
           "FigureReader", "counted_noun", "people_name"]

VERBS = frozenset({"VERB", "AUX"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A sentence with no verb and at most this many words is page furniture ("Fourteen days free",
# "100+ trusted global sources."), not a statement: body sentences that state figures have a verb.
_FURNITURE_WORDS = 8
_YEARS = (1800, 2100)  # a bare four-digit integer in this range is a year, i.e. a period
_TIMES_NEXT = frozenset({"higher", "more", "larger", "bigger", "greater", "as", "the", "that",
                         "what", "faster", "lower", "smaller", "less", "over", "than", "its",
                         "their"})
CONTEXT_TOKENS = 80  # about two news sentences: how far back a figure borrows a period
BASE_CONFIDENCE = 0.9  # rules, not a trained model: never claim certainty
_RANGE_WORDS = frozenset({"between", "and", "to", "from", "the", "of", "about", "around", "some",
                          "over", "under", "nearly", "almost", "or", "a", "an"})
_WEEKDAYS = frozenset(d.lower() for d in calendar.day_name) | frozenset(
    d.lower() for d in calendar.day_abbr)
_RATE = re.compile(r"^\s+(?:a|an|per|each)\s+([a-z]+)\b(?!\s+(?:earlier|ago|before|later))")


@dataclass
class Draft:
    """One figure while it is being read; the steps after :class:`FigureReader` fill it in."""

    mention: Mention
    tokens: Span
    sent: Span
    kind: str
    value: float
    unit: str | None
    basis: str = "absolute"
    direction: str | None = None
    comparison: str | None = None
    period: PeriodMention | None = None
    period_from: str = "none"  # own | free | since | context | background | main | statement | none
    base: Period | None = None
    confidence: float = BASE_CONFIDENCE

    @property
    def anchor(self) -> Token:
        tokens = [t for t in self.tokens if not t.is_punct] or list(self.tokens)
        return tokens[-1]


@dataclass(frozen=True)
class Candidate:
    """A mention as the skip filters see it."""

    mention: Mention
    span: Span
    sent: Span
    num_tok: Token  # the first token of the number itself
    text_after: str  # up to 40 characters after the mention, lower case
    text_before: str  # up to 12 characters before the mention, lower case
    raw: str  # the number as written
    date_tokens: Collection[int]  # tokens of dates and periods
    lex: Lexicon
    units: UnitVocab
    ner_dates: Collection[int] = ()  # of those, the tokens only the statistical NER dates

    @property
    def prev_tok(self) -> Token | None:
        """The token before the number in its sentence."""
        i = self.num_tok.i
        return self.num_tok.doc[i - 1] if i > self.sent.start else None

    @property
    def bare(self) -> bool:
        """A plain number: no unit, no scale word."""
        m = self.mention
        return m.kind == "number" and m.unit is None and not m.scaled


# ------------------------------------------------------------------ skip filters
# Each filter answers "is this mention no quantity?"; they are independent predicates, so their
# order only puts the cheap and common ones first.

def furniture(c: Candidate) -> bool:
    """Every figure of a short verbless line: "Fourteen days free", "100+ trusted sources."."""
    if c.sent.doc._.headline:
        return False  # headlines are verbless by style
    if not c.sent.doc.has_annotation("TAG") and not c.sent.doc.has_annotation("POS"):
        return False  # a pipeline without a tagger (a blank language) cannot tell a verb
    words = [t for t in c.sent if t.is_alpha]
    if len(words) > _FURNITURE_WORDS or not _alone_on_its_line(c.sent):
        return False  # "Four new cases upstate. The county has reported ...": a lead-in
    # a statement has a finite verb (or a verb at its root, or a verb of change the tagger
    # took for a participle: "Gross margin widened by ..."); "100+ trusted sources" has not
    change = c.lex.up_verbs | c.lex.down_verbs
    return not any(t.tag_ in _FINITE or (t.pos_ in VERBS and t.dep_ == "ROOT")
                   or (t.pos_ == "VERB" and t.lemma_.lower() in change) for t in c.sent)


def _alone_on_its_line(sent: Span) -> bool:
    """Whether nothing but the sentence is written on its line (page furniture is a line of its
    own: "Fourteen days free"; a verbless lead-in is followed by its sentences)."""
    doc = sent.doc
    before = doc[sent.start - 1] if sent.start > 0 else None
    starts = before is None or "\n" in before.text or "\n" in before.whitespace_
    last = sent[-1]
    nxt = doc[sent.end] if sent.end < len(doc) else None
    ends = nxt is None or "\n" in last.whitespace_ or "\n" in last.text or \
        "\n" in nxt.text
    return starts and ends


def part_of_a_date(c: Candidate) -> bool:
    """A number of a date or period ("July 20", "the past 12 months"); "for 90 days" counts."""
    m = c.mention
    if c.bare and _after_a_day_in_a_date(c):
        return True  # the "17" of "Sept. 16 and 17"
    if m.kind not in ("number", "fraction") or c.num_tok.i not in c.date_tokens:
        return False
    if m.unit == "minute" and not c.raw[-1:].isdigit():
        return False  # "the 71st minute" of a match: the NER calls it a time, it is a figure
    if m.unit == "count":
        return False  # "a second straight quarterly decline": a run, whatever the NER says
    if m.unit == "year" and re.match(r"(?:-|s?\s+)old\b", c.text_after):
        return False  # "the 22-year-old", "five years old": an age, never a period
    if c.num_tok.i in c.ner_dates and m.unit is None and not _a_date_number(c) and (
            m.kind == "number" or (m.kind == "fraction" and c.raw.lower().split()[0] in (
                "a", "an", "one"))):
        return False  # "climbed past 2,200", "by Sunday 55 victims": no part of a date
    if m.unit not in c.units.durations:
        return True
    prev = c.prev_tok.lower_ if c.prev_tok is not None else ""
    if prev in ("first", "the"):
        # "the first 48 hours after the flood", "the twelve months to March", "the half hour
        # before": spans; "the first three months", "the six months to June": a quarter, a half
        return _names_a_quarter(m)
    # "the past 12 months", "the next two weeks": periods, not durations
    return prev in ("last", "past", "next", "previous", "coming", "recent")


def _after_a_day_in_a_date(c: Candidate) -> bool:
    """ "on Sept. 16 and 17", "May 5 to 7": the second day of a date's days."""
    doc, i = c.num_tok.doc, c.num_tok.i
    return i - 2 >= c.sent.start and doc[i - 1].lower_ in ("and", "to", "-", "or") and \
        doc[i - 2].like_num and (i - 2) in c.date_tokens and c.raw.isdigit() and \
        int(c.raw) <= 31


def maturity(c: Candidate) -> bool:
    """The term that names a loan or bond ("the 10-year Treasury note", "30-year fixed
    mortgages": lexicon `maturity_nouns`), not a span of time the text states."""
    m = c.mention
    if m.unit not in c.units.durations or c.lex.lang != "en" or "-" not in \
            c.span.text:
        return False
    words = [w.strip(",.;") for w in c.text_after.split()[:3]]
    return any(w in c.lex.set_of("maturity_nouns") for w in words)


def _a_date_number(c: Candidate) -> bool:
    """A number the NER put in a date that is a part of one: a day next to its month or weekday
    ("Sept. 16", "Sunday 5"), an hour next to its clock word ("10 p.m."), a year."""
    doc, i = c.num_tok.doc, c.num_tok.i
    if c.raw.isdigit() and len(c.raw) == 4:
        return True
    near = [doc[j].lower_.rstrip(".") for j in (i - 1, i + 1) if 0 <= j < len(doc)]
    if any(w in c.lex.set_of("clock_words") for w in near):
        return True
    day = c.raw.isdigit() and 1 <= int(c.raw) <= 31
    return day and any(w in MONTHS or w in _WEEKDAYS for w in near)


def _names_a_quarter(m: Mention) -> bool:
    """ "the first three months", "the first six months": a quarter or half, i.e. a period."""
    return m.unit == "month" and m.value in (3, 6)


def year(c: Candidate) -> bool:
    """A bare year: "built in 1998" is a period, never a quantity."""
    return c.bare and c.raw.isdigit() and len(c.raw) == 4 and \
        _YEARS[0] <= c.mention.value <= _YEARS[1]


def decade(c: Candidate) -> bool:
    """A decade or a plural number: "the 1990s", "100's"."""
    return c.bare and (c.text_after[:2] in ("'s", "’s") or c.text_after[:1] == "s")


def score_or_season(c: Candidate) -> bool:
    """A score or a season: "won 3-1", "the 2024-25 season"; in other languages also the words
    of a score (languages.yaml `score_links`): "venceu por 3 a 0", "gagné 2 à 1"."""
    if not c.bare:
        return False
    if re.match(r"[-–]\d", c.text_after) is not None or \
            re.search(r"\d[-–]$", c.text_before) is not None:
        return True  # both sides: "won 3-1", "Sept. 16-17"
    links = c.lex.local.get("score_links")
    if not links:
        return False
    if len(c.raw) > 1:
        return False  # a score is a digit or two a side; "de 15 a 20" is a range
    alt = "|".join(re.escape(str(w)) for w in links)
    return re.match(rf"\s*(?:{alt})\s*\d(?!\d)", c.text_after) is not None or \
        re.search(rf"(?<!\d)\d\s*(?:{alt})\s*$", c.text_before) is not None


def model_number(c: Candidate) -> bool:
    """A model or section number right after a name: "Boeing 737", "Article 5"."""
    m, prev = c.mention, c.prev_tok
    return c.bare and prev is not None and _a_name(prev, c.lex) and \
        (prev.is_title or (prev.is_upper and len(prev) > 1)) and \
        "," not in c.raw and "." not in c.raw and m.qualifier == "exact" and \
        m.start == c.num_tok.idx and not _after_a_day(c) and not gapped_after_name(c.num_tok)


def _a_name(tok: Token, lex: Lexicon) -> bool:
    """A proper noun, or a capitalised noun inside a sentence of a language that capitalises
    only names ("la Ligue 1": the French tagger reads "Ligue" as a noun)."""
    if tok.pos_ == "PROPN":
        return True
    capitalising = lex.data["lexicon"].get("noun_capitalising_languages", [])
    return lex.lang != "en" and lex.lang not in capitalising and tok.pos_ == "NOUN" and \
        tok.is_title and not tok.is_sent_start


def _after_a_day(c: Candidate) -> bool:
    """ "by Sunday 55 victims had been identified": a number after a weekday or month that
    cannot be its day is no model number."""
    prev = c.prev_tok
    word = prev.lower_.rstrip(".") if prev is not None else ""
    return (word in _WEEKDAYS or word in MONTHS) and not (
        c.raw.isdigit() and (int(c.raw) <= 31 or len(c.raw) == 4))


def gapped_after_name(num: Token, depth: int = 0) -> bool:
    """A number after a name in a list whose verb is said once: "The Liberals hold 141, the
    Greens 38 and the Farmers Party 12", "Ash County has 21 and Birch County eight". The pair
    before it ends in a figure its verb governs (or is itself such a pair), unlike "the S&P 500
    and the Nasdaq 100" (model names in a row)."""
    doc, sent = num.doc, num.sent
    i = num.i - 1
    while i >= sent.start and doc[i].pos_ == "PROPN":
        i -= 1  # the name
    if i == num.i - 1:
        return False
    if i >= sent.start and doc[i].lower_ == "the":
        i -= 1
    if i < sent.start or doc[i].lower_ not in (",", "and"):
        return False
    while i >= sent.start and doc[i].lower_ in (",", "and"):
        i -= 1
    for j in range(i, max(sent.start - 1, i - 4), -1):
        t = doc[j]
        if t.like_num or t.pos_ == "NUM":
            before = doc[j - 1] if j > sent.start else None
            if before is None or before.pos_ != "PROPN":
                return True  # "The Liberals get 141 seats, the Greens 38"
            return depth < 8 and gapped_after_name(t, depth + 1)
        if t.is_punct or t.pos_ in VERBS:
            return False
    return False


def label_identifier(c: Candidate) -> bool:
    """An identifier after a label noun (lexicon `label_nouns`): "a phase 3 trial", "room 101"."""
    m, prev = c.mention, c.prev_tok
    return c.bare and prev is not None and prev.lemma_.lower() in c.lex.label_nouns and \
        "," not in c.raw and m.qualifier == "exact" and m.start == c.num_tok.idx


def times_as_occurrences(c: Candidate) -> bool:
    """ "three times" that counts occurrences ("met three times"), not a multiple ("three times
    deeper", "three times the number")."""
    if c.mention.kind != "fold" or c.mention.unit_text != "times":
        return False
    nxt = c.text_after.split()[:1]
    if nxt and nxt[0].strip(",.") in _TIMES_NEXT:
        return False
    doc, end = c.span.doc, c.span.end
    return not (end < len(doc) and doc[end].tag_ in ("JJR", "RBR"))


def lone_one(c: Candidate) -> bool:
    """ "one of the", "one resident said", "no one", "once the deal closes": the words "one"
    and "once" alone are no figure; they count when hedged ("only one death", "conceded only
    once", "more than one governor"), coordinated with another count ("Ten girls and one
    counselor", "27 bodies ... and one from the helicopter"), or before a noun news tallies
    (lexicon `tally_nouns`: "claimed one life", "one seat for the SSW")."""
    word = c.raw.lower()
    m = c.mention
    if c.lex.lang != "en" or word not in ("one", "once") or m.unit not in (None, "count") or \
            m.scaled:
        return False
    if m.start < m.num_start:
        return False  # a hedge before it: "only one", "more than one"
    if word == "once":
        return True
    tok = c.num_tok
    noun = tok.head if tok.dep_ == "nummod" and tok.head.i > tok.i else None
    if noun is not None and noun.lemma_.lower() in c.lex.set_of("tally_nouns"):
        return False
    return not _after_another_count(tok)


def _after_another_count(tok: Token) -> bool:
    """ "Ten girls and one counselor", "four hospitals and one health centre": a number after
    "and" whose clause has counted something already (no verb in between)."""
    doc, sent = tok.doc, tok.sent
    if tok.i - 1 < sent.start or doc[tok.i - 1].lower_ not in ("and", ","):
        return False
    for j in range(tok.i - 2, max(sent.start - 1, tok.i - 14), -1):
        t = doc[j]
        if t.pos_ in VERBS and t.tag_ != "VBN":
            return False
        if (t.like_num or t.pos_ == "NUM") and t.i + 1 < len(doc) and \
                doc[t.i + 1].pos_ in ("NOUN", "PROPN"):
            return True
    return False


def a_span_that_dates(c: Candidate) -> bool:
    """ "a year earlier", "a week ago", "a day later": one unit of time that places another
    time, not a span (unless hedged: "less than a year ago" says how long); and "70% a year",
    "twice a day": a rate's "per"."""
    m = c.mention
    if c.raw.lower() not in ("a", "an") or m.unit not in c.units.durations:
        return False
    prev = c.prev_tok
    if prev is not None and (prev.like_num or prev.pos_ in ("NUM", "NOUN", "PROPN")
                             or prev.lower_ in ("%", "times", "once", "twice", "per")):
        return True  # a rate: "about 4 cm a year", "growing about 70% a year"
    if m.start < m.num_start:
        return False  # hedged: "more than a year", "just over a week"
    nxt = c.text_after.split()[:2]
    word = nxt[0].strip(",.;:") if nxt else ""
    return word in ("earlier", "ago", "later", "prior", "back", "previously", "on") or \
        nxt[:2] == ["from", "now"]


def fold_word_as_adjective(c: Candidate) -> bool:
    """ "a double standard", "double-digit"; but "more than double the number" is a multiple.
    (English: the fold words of other languages are verbs and nouns, languages.yaml `fold`.)"""
    return c.lex.lang == "en" and c.mention.kind == "fold" and c.mention.unit_text is None and \
        c.num_tok.pos_ not in VERBS and \
        c.text_after.split()[:1] not in (["the"], ["that"], ["what"], ["its"], ["their"])


def fraction_as_ordinal(c: Candidate) -> bool:
    """ "a third round", "a quarter century": a singular fraction word not followed by "of"."""
    m = c.mention
    if m.kind != "fraction":
        return False
    words = c.raw.lower().split()
    singular = words[-1] in ("third", "quarter", "fifth", "tenth")
    after = c.text_after.split()[:1]
    comparative = bool(after) and (after[0] in c.lex.up_words or after[0] in c.lex.down_words)
    return singular and not (c.text_after.startswith(" of ") or c.text_after[:1] in ".,;"
                             or comparative)  # "roughly a quarter lower than a year ago"


def ordinal_not_rank(c: Candidate) -> bool:
    """An ordinal that ranks nothing: "the second test", "the second quarter"; "second-largest",
    "finished fourth" and "the seventh coach to lift the trophy" are ranks."""
    if c.mention.kind != "rank" or c.lex.lang != "en":
        return False  # other languages' finders keep only ordinals before a word that they rank
    span = c.span
    last = span[-1]
    if last.tag_ == "JJS" or last.lower_ in c.lex.superlatives or \
            (len(span) > 1 and span[-2].lower_ == "most"):
        return False
    return c.mention.num_end != c.mention.end or not ranks_in_an_order(c)


def _tally_noun_after(tok: Token, lex: Lexicon, reach: int = 3) -> bool:
    """Whether a tally noun (lexicon `tally_nouns`) follows an ordinal within a few modifiers
    ("the first U.S. measles death"), read from the words rather than the parse, which often
    takes a disease or a place in such a run of nouns for a verb."""
    tally = lex.set_of("tally_nouns")
    for t in tok.doc[tok.i + 1:tok.i + 1 + reach]:
        if t.is_punct or t.pos_ in ("ADP", "DET", "AUX", "PRON", "CCONJ", "SCONJ", "PART"):
            return False
        if t.lemma_.lower() in tally or t.lower_ in tally:
            return True
    return False


def ranks_in_an_order(c: Candidate) -> bool:
    """A bare ordinal is a rank when its words place something in an order: a standing ("came
    first", "finished fourth", "surged into second place", "the Greens second on 20.8%", "remains a
    distant third"), or one of a series the sentence names ("the seventh coach to lift the
    trophy", "the fourth time Brussels has fined Google", "a second trophy in seven weeks",
    "his third attempt"). "First" ranks only in a standing or a tally (lexicon `tally_nouns`:
    "the first measles death"): "the first cut since December" ranks no figure."""
    tok, lex = c.num_tok, c.lex
    doc = tok.doc
    if tok.i in c.date_tokens:
        return False  # "the second quarter", "the first half": periods
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lemma_.lower() in lex.set_of("standing_nouns"):
        return True  # "into second place"
    prev = c.prev_tok
    if prev is not None and (prev.pos_ == "PROPN" or prev.text[:1].isupper()) and \
            re.match(r"\s+(?:with|on)\s+[\d.,]+\s?(?:%|percent|per cent)", c.text_after):
        return True  # "the Farmers Party second with 20.8%", "Greens second on 20.8%"
    if tok.dep_ in ("advmod", "npadvmod", "attr", "acomp", "oprd", "dobj"):
        head = tok.head
        if head.pos_ == "ADP" and head.head.pos_ in VERBS:
            head = head.head  # "finished second behind Bayern"
        if head.pos_ in VERBS and head.lemma_.lower() in lex.set_of("rank_verbs"):
            return True
    if tok.dep_ not in ("amod", "nummod"):
        return False
    if _tally_noun_after(tok, lex):
        return True  # "the first U.S. measles death", whatever the parser made of "measles"
    noun = tok.head
    while noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head  # "the first measles death": the ordinal hangs on a compound
    if noun.pos_ != "NOUN" or noun.i < tok.i or noun.i in c.date_tokens or \
            noun.lemma_.lower() in lex.set_of("period_nouns"):
        return False
    if noun.lemma_.lower() in lex.set_of("tally_nouns"):
        return True  # "the first measles death", "the outbreak's first fatality"
    if c.mention.value < 2:
        return False
    if any(ch.dep_ == "poss" for ch in noun.children):
        return True  # "his third attempt", "the country's second city"
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    infinitive = after is not None and after.lower_ == "to" and noun.i + 2 < len(doc) and \
        doc[noun.i + 2].tag_ == "VB"
    series = any(ch.dep_ in ("relcl", "acl") or (ch.dep_ == "prep" and ch.lower_ in (
        "in", "since")) for ch in noun.children)
    return infinitive or series


FILTERS: tuple[Callable[[Candidate], bool], ...] = (
    furniture, part_of_a_date, year, decade, score_or_season, model_number, label_identifier,
    times_as_occurrences, fold_word_as_adjective, fraction_as_ordinal, ordinal_not_rank,
    lone_one, a_span_that_dates, maturity,
)


# ------------------------------------------------------------------ reading


class FigureReader:
    """Mentions of a Doc -> drafts: filters what is no quantity, reads units and rates."""

    def __init__(self, finder: MentionFinder, context: Context) -> None:
        self.finder = finder
        self.ctx = context
        self.lex = context.lexicon
        self.filters = FILTERS
        # the words between the two ends of a range: "$2.52 to $2.62", "0,58 bis 0,60 Dollar"
        links = ["to", "and"] if self.lex.lang == "en" else [
            *map(str, self.lex.local.get("range_to", [])),
            *map(str, self.lex.local.get("between", [])[1:])]
        alternation = "|".join(re.escape(w) for w in links) or "(?!x)x"
        self.range_link = re.compile(rf"\s*(?:[-–]|\s(?:{alternation})\s)\s*", re.IGNORECASE)
        self.range_before = re.compile(rf"[$€£]?\d[\d.,]*(?:\s+(?:{alternation})\s+|\s*[-–]\s*)$",
                                       re.IGNORECASE)
        # lexicon `per_share_words` ("per share", "je Aktie"): compiled once, read per amount
        shares = sorted(self.lex.set_of("per_share_words"), key=len, reverse=True)
        self.per_share = re.compile(
            rf"(?<![\w])(?:{'|'.join(re.escape(w) for w in shares)})(?![\w])"
        ) if shares else None
        rates = [str(w) for w in self.lex.local.get("rate_words", [])]
        self.local_rate = re.compile(
            rf"^\s+(?:{'|'.join(re.escape(w) for w in rates)})\s+(\w+)") if rates else None

    def drafts(self, doc: Doc, text: str, periods: list[PeriodMention]) -> list[Draft]:
        """The figures of ``doc`` (whose text is ``text``), in text order, basis not yet read."""
        excluded = self.finder.excluded_ranges(text)
        date_tokens, ner_dates = _date_tokens(doc, periods)
        cue_tokens = _cue_tokens(doc)
        drafts: list[Draft] = []
        ex_starts = [s for s, _ in excluded]
        for mention in self.finder.find(text):
            k = bisect.bisect_left(ex_starts, mention.end)
            if any(e > mention.start for _, e in excluded[max(0, k - 3):k]):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span) or all(t.i in cue_tokens for t in span):
                continue  # "un an" of "sur un an": the words of a comparison, no figure
            draft = self._draft(mention, span, text, date_tokens, ner_dates)
            if draft is not None:
                drafts.append(draft)
        for a, b in itertools.pairwise(drafts):
            # "0,58 bis 0,60 Dollar je Aktie": the two ends of a range are per share alike
            units = {str(a.unit), str(b.unit)}
            if len(units) == 2 and {u.split("/")[0] for u in units} == {str(a.unit).split("/")[0]} \
                    and any(u.endswith("/share") for u in units) and \
                    self.range_link.fullmatch(text[a.mention.end:b.mention.start]):
                a.unit = b.unit = next(u for u in units if u.endswith("/share"))
        return drafts

    def _draft(self, m: Mention, span: Span, text: str, date_tokens: set[int],
               ner_dates: set[int]) -> Draft | None:
        doc = span.doc
        sent = sentence_of(doc, span.start)
        num_tokens = [t for t in span if t.idx < m.num_end and t.idx + len(t) > m.num_start]
        num_tok = num_tokens[0] if num_tokens else span[0]
        text_after = text[m.end:m.end + 40].lower()
        units = self.finder.units
        candidate = Candidate(m, span, sent, num_tok, text_after,
                              text[max(0, m.start - 12):m.start].lower(),
                              text[m.num_start:m.num_end],
                              date_tokens, self.lex, units, ner_dates)
        if any(skip(candidate) for skip in self.filters):
            return None
        unit = m.unit
        if m.kind == "number" and unit is None and num_tok.i > sent.start:
            unit = units.prefixes.get(doc[num_tok.i - 1].lower_, unit)  # "a magnitude 6.8"
        if m.kind == "money" and unit is not None and "/" not in unit and not m.scaled and \
                self._per_share(text, m):
            unit = f"{unit}/share"  # "adjusted earnings per share of 68 cents"
        if self.lex.lang != "en":
            rate = self.local_rate.match(text_after) if self.local_rate else None
            # "20 Millionen Euro pro Jahr": a rate only per a unit the language names
            per_unit = units.unit(rate.group(1)) if rate else None
            if per_unit and unit is not None and m.kind in ("money", "number"):
                unit = f"{unit}/{per_unit}"
            return Draft(m, span, sent, m.kind, m.value, unit)
        rate = _RATE.match(text_after)
        if rate and unit is not None and m.kind in ("money", "number"):
            per = rate.group(1)
            per_unit = units.unit(per) or units.unit(per + "s") or per
            unit = f"{unit}/{per_unit}"  # "$82.50 a barrel": USD/barrel; "per day": /day
        return Draft(m, span, sent, m.kind, m.value, unit)

    def _per_share(self, text: str, m: Mention) -> bool:
        """Whether an amount is of a measure per share: the words say so right after it ("0,68
        Dollar je Aktie") or in the words before it, with no other figure between ("adjusted
        earnings per share of 68 cents", "EPS came in at $1.05", "der Gewinn je Aktie lag bei
        0,88 Dollar"; lexicon `per_share_words`). Never an amount in millions or billions (the
        net income beside a per-share figure)."""
        if self.per_share is None:
            return False
        after = text[m.end:m.end + 24].lower()
        start = m.start
        if (low := self.range_before.search(text, max(0, start - 30), start)) is not None:
            start = low.start()  # "adjusted EPS of $2.52 to $2.62": the range's words
        before = text[max(0, start - _PER_SHARE_REACH):start].lower()
        before = re.split(r"[.;:!?]\s|\d", before)[-1]  # this sentence, after the last figure
        return self.per_share.match(after.lstrip()) is not None or \
            self.per_share.search(before) is not None

    def resolve_currencies(self, doc: Doc, drafts: list[Draft]) -> None:
        """ "12.4 billion pesos": the peso of the countries the figure's sentence names, else of
        the article's most named country that has one (models/units.yaml `ambiguous`)."""
        units = self.finder.units
        # "38 cents a share": DOLLAR/share is the dollar of the article's country, per share
        todo = [d for d in drafts if str(d.unit).split("/")[0] in units.ambiguous]
        if not todo:
            return
        ents = self.ctx.entities
        named: list[tuple[int, str]] = []  # (sentence start, country)
        for ent in entities(doc):
            if ent.label_ in ("GPE", "NORP", "LOC"):
                country = ents.known(ent.text) or ents.capitals.get(ents.clean(ent.text))
                if country:
                    named.append((sentence_of(doc, ent.start).start, country))
        counts = Counter(c for _, c in named)
        by_count = sorted(counts, key=lambda c: -counts[c])
        for d in todo:
            own = [c for start, c in named if start == d.sent.start]
            base, slash, per = str(d.unit).partition("/")
            d.unit = units.resolve_currency(base, [*own, *by_count]) + slash + per


# How far before an amount the words of a per-share measure may stand ("adjusted earnings per
# share came in at 68 cents"): a short clause.
_PER_SHARE_REACH = 30


def _cue_tokens(doc: Doc) -> set[int]:
    """Tokens of the comparison cues ("a year earlier", "sur un an", "interanual"); not of
    one a noun phrase follows, which places an event ("a month before the vote": a span)."""
    return {i for span in doc.spans.get(CUES_KEY, []) if span.label_.startswith("COMP_")
            and not (span.end < len(doc) and doc[span.end].pos_ in ("DET", "NOUN", "PROPN"))
            for i in range(span.start, span.end)}


def _date_tokens(doc: Doc, periods: list[PeriodMention]) -> tuple[set[int], set[int]]:
    """Tokens of dates and periods, whose numbers are no quantities; and of those, the weak
    ones: only the statistical NER dates them, or the period they are in cannot be dated
    ("by Sunday 55 victims", "16 last year" read whole)."""
    ner: set[int] = set()
    for ent in entities(doc):
        # the statistical NER tags some ranges as DATE ("Between 10 and 20"): a DATE entity
        # counts only with a word of its own beyond function words ("10 p.m." has one)
        if ent.label_ in ("DATE", "TIME") and any(
                (t.is_alpha or t.lower_.rstrip(".") in ("a.m", "p.m"))
                and t.lower_ not in _RANGE_WORDS for t in ent):
            ner.update(range(ent.start, ent.end))
    ours: set[int] = set()
    weak: set[int] = set()
    for p in periods:
        ours.update(range(p.start, p.end))
        if p.period.is_open:
            weak.update(range(p.start, p.end))
    return ner | ours, (ner - ours) | weak


def counted_noun(d: Draft) -> Token | None:
    """The noun a bare number counts: "1,243 cases", "four million votes", "seven of the 17"."""
    num = d.tokens[0]
    for t in d.tokens:
        if t.like_num or t.pos_ == "NUM":
            num = t  # the last: "four million votes" -> million -> votes
    if num.dep_ in ("nummod", "quantmod") and num.head.i > num.i and (
            num.head.pos_ == "NOUN" or people_name(num.head)):
        return num.head  # "1,243 cases", "2 million Americans"
    obj = Context.prep_object(num, "of")
    if obj is not None and obj.pos_ == "NOUN":
        return obj
    return None


def people_name(token: Token) -> bool:
    """A plural nationality or group name ("Americans", "Filipinos"): people being counted."""
    return token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS")
