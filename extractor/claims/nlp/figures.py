"""Reading a figure: each mention of the text becomes a draft, unless it is no quantity at all.

A :class:`Draft` is the working record of one figure while the other steps (basis, periods,
roles) fill it in. The skip filters (``FILTERS``) each name one kind of number that news text
writes without stating a quantity: a year, a model number, page furniture.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.mentions import Mention, MentionFinder
from extractor.claims.nlp.periods import Period
from extractor.claims.nlp.timeline import PeriodMention, sentence_of
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
    if len(words) > _FURNITURE_WORDS:
        return False
    # a statement has a finite verb (or a verb at its root, or a verb of change the tagger
    # took for a participle: "Gross margin widened by ..."); "100+ trusted sources" has not
    change = c.lex.up_verbs | c.lex.down_verbs
    return not any(t.tag_ in _FINITE or (t.pos_ in VERBS and t.dep_ == "ROOT")
                   or (t.pos_ == "VERB" and t.lemma_.lower() in change) for t in c.sent)


def part_of_a_date(c: Candidate) -> bool:
    """A number of a date or period ("July 20", "the past 12 months"); "for 90 days" counts."""
    m = c.mention
    if m.kind not in ("number", "fraction") or c.num_tok.i not in c.date_tokens:
        return False
    if m.unit == "minute" and not c.raw[-1:].isdigit():
        return False  # "the 71st minute" of a match: the NER calls it a time, it is a figure
    if m.unit not in c.units.durations:
        return True
    prev = c.prev_tok.lower_ if c.prev_tok is not None else ""
    # "the past 12 months", "the three months to September": periods, not durations
    return prev in ("last", "past", "next", "previous", "coming", "recent", "first", "the")


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
    if re.match(r"[-–]\d", c.text_after) is not None:
        return True
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
    return c.bare and prev is not None and prev.pos_ == "PROPN" and \
        (prev.is_title or (prev.is_upper and len(prev) > 1)) and \
        "," not in c.raw and "." not in c.raw and m.qualifier == "exact" and \
        m.start == c.num_tok.idx


def label_identifier(c: Candidate) -> bool:
    """An identifier after a label noun (lexicon `label_nouns`): "a phase 3 trial", "room 101"."""
    m, prev = c.mention, c.prev_tok
    return c.bare and prev is not None and prev.lemma_.lower() in c.lex.label_nouns and \
        "," not in c.raw and m.qualifier == "exact" and m.start == c.num_tok.idx


def times_as_occurrences(c: Candidate) -> bool:
    """ "three times" that counts occurrences ("met three times"), not a multiple."""
    if c.mention.kind != "fold" or c.mention.unit_text != "times":
        return False
    nxt = c.text_after.split()[:1]
    return not nxt or nxt[0].strip(",.") not in _TIMES_NEXT


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
    return singular and not (c.text_after.startswith(" of ") or c.text_after[:1] in ".,;")


def ordinal_not_rank(c: Candidate) -> bool:
    """An ordinal that ranks nothing: "the second test"; "second-largest" is a rank."""
    if c.mention.kind != "rank" or c.lex.lang != "en":
        return False  # other languages' finders keep only ordinals before a word that they rank
    span = c.span
    last = span[-1]
    return last.tag_ != "JJS" and last.lower_ not in c.lex.superlatives and \
        not (len(span) > 1 and span[-2].lower_ == "most")


FILTERS: tuple[Callable[[Candidate], bool], ...] = (
    furniture, part_of_a_date, year, decade, score_or_season, model_number, label_identifier,
    times_as_occurrences, fold_word_as_adjective, fraction_as_ordinal, ordinal_not_rank,
)


# ------------------------------------------------------------------ reading


class FigureReader:
    """Mentions of a Doc -> drafts: filters what is no quantity, reads units and rates."""

    def __init__(self, finder: MentionFinder, context: Context) -> None:
        self.finder = finder
        self.ctx = context
        self.lex = context.lexicon
        self.filters = FILTERS
        rates = [str(w) for w in self.lex.local.get("rate_words", [])]
        self.local_rate = re.compile(
            rf"^\s+(?:{'|'.join(re.escape(w) for w in rates)})\s+(\w+)") if rates else None

    def drafts(self, doc: Doc, text: str, periods: list[PeriodMention]) -> list[Draft]:
        """The figures of ``doc`` (whose text is ``text``), in text order, basis not yet read."""
        excluded = self.finder.excluded_ranges(text)
        date_tokens = _date_tokens(doc, periods)
        drafts: list[Draft] = []
        ex_starts = [s for s, _ in excluded]
        for mention in self.finder.find(text):
            k = bisect.bisect_left(ex_starts, mention.end)
            if any(e > mention.start for _, e in excluded[max(0, k - 3):k]):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            draft = self._draft(mention, span, text, date_tokens)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def _draft(self, m: Mention, span: Span, text: str, date_tokens: set[int]) -> Draft | None:
        doc = span.doc
        sent = sentence_of(doc, span.start)
        num_tokens = [t for t in span if t.idx < m.num_end and t.idx + len(t) > m.num_start]
        num_tok = num_tokens[0] if num_tokens else span[0]
        text_after = text[m.end:m.end + 40].lower()
        units = self.finder.units
        candidate = Candidate(m, span, sent, num_tok, text_after,
                              text[max(0, m.start - 12):m.start].lower(),
                              text[m.num_start:m.num_end],
                              date_tokens, self.lex, units)
        if any(skip(candidate) for skip in self.filters):
            return None
        unit = m.unit
        if m.kind == "number" and unit is None and num_tok.i > sent.start:
            unit = units.prefixes.get(doc[num_tok.i - 1].lower_, unit)  # "a magnitude 6.8"
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
        for ent in doc.ents:
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


def _date_tokens(doc: Doc, periods: list[PeriodMention]) -> set[int]:
    """Tokens of dates and periods, whose numbers are no quantities."""
    tokens: set[int] = set()
    for ent in doc.ents:
        # the statistical NER tags some ranges as DATE ("Between 10 and 20"): a DATE entity
        # counts only with a word of its own beyond function words
        if ent.label_ in ("DATE", "TIME") and any(
                t.is_alpha and t.lower_ not in _RANGE_WORDS for t in ent):
            tokens.update(range(ent.start, ent.end))
    for p in periods:
        tokens.update(range(p.start, p.end))
    return tokens


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
