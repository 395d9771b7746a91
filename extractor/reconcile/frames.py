"""What a figure is about, and how surely it was read: the frame two statements must share before
their difference can be a dispute a fact-checker is asked to look at.

Alignment lets a claim with a missing descriptor join a fact (sentences leave the subject or the
period to the sentence before), which is right for counting agreement and wrong for raising an
alarm. A frame records, for each claim, what its own words establish:

- ``entity``: the party it is about (its subject) is named in its own sentence, not carried over
  from context;
- ``period``: the period it is for is read from its own clause against a known date, or it
  states none; a period the sentence shares with another period expression ("down 32% from the
  fourth quarter of 2024 ... the first quarter"), one that follows a comparison word ("since
  1990"), or one resolved from a weekday or a bare month in an article whose date is unknown or
  far from the story's, is unsure;
- ``role``: whether the figure is the value the sentence states, or a baseline it is compared
  with ("from 386,810"), an expectation ("the 377,590 analysts expected"), a difference ("missed
  by nearly 41,000"), an average, a record or a part of a larger count ("80 of the Texas
  cases");
- ``source``: who it is attributed to, when that is a named body or person.

A figure whose frame is unsure still joins facts and counts as agreement; it takes part in no
high or medium finding (docs/reconcile.md, "Frames").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from statistics import median_low

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.core.records import Article, Claim
from extractor.reconcile.align import running_to

__all__ = ["Frame", "clause_of", "frame_of", "is_figure", "names_other_period", "story_anchor",
           "story_frames", "suspect_dates"]

VALUE = "value"
# An article dated this far from the median date of its story's articles has a date that is
# probably not its publication date (a date read from its text): weekdays and bare months
# resolved against it are unsure. Two weeks is twice the story window of docs/reconcile.md.
# Calibrated on fixtures/stories, where a date read from an undated article's text was two
# years off.
SUSPECT_DATE_DAYS = 14
# A bare month or weekday in an undated article is taken as the story's when it resolved within
# the eleven months before the story's date (or the month after it): "August" in a story of
# September 2025 is August 2025; "July" resolved to 1974 is not the story's July.
NEAR_BEFORE_DAYS = 330
NEAR_AFTER_DAYS = 31

_YEAR = r"(?:19|20)\d\d"
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# Expressions that name a period a figure may be for: years, months, quarters, halves, and the
# relative ones of comparisons. Weekdays are left out: they date statements ("said on Friday")
# far more often than they give a figure's period.
_PERIOD = re.compile(
    rf"\b(?:{_YEAR}|(?:{_MONTHS})\b|(?:first|second|third|fourth|final|last|previous|same)\s+"
    rf"(?:quarter|half)|q[1-4]\b|(?:a|one)\s+year\s+(?:earlier|ago|before)|last\s+year|"
    rf"previous\s+year|prior\s+year|same\s+period|same\s+month|same\s+quarter)",
    re.IGNORECASE)
_BARE_YEAR = re.compile(rf"\b{_YEAR}\b")
# Words after which a period is what a figure is compared with, not the period it is for:
# "the highest since 1990", "compared with 2021", "down from the same quarter of 2024".
_BEFORE_PERIOD = re.compile(r"\b(?:since|than|from|compared\s+(?:with|to)|against|versus|vs\.?|"
                            r"before|over)\s+(?:the\s+|in\s+|its\s+)?$", re.IGNORECASE)
# Words after which a period is only partly covered: "720,803 vehicles so far in 2025" is the
# year to date, not the year.
_PARTIAL = re.compile(r"\b(?:so\s+far|to\s+date|year[-\s]to[-\s]date|through|until|up\s+to|"
                      r"by\s+the\s+end\s+of)\s+(?:in\s+|this\s+|of\s+)?$", re.IGNORECASE)
# Where a clause ends: a figure's own clause is between these.
# (a comma between digits is a thousands separator: "1,300")
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|[;:()\u2013\u2014]|\s-\s|\b(?:while|whereas|but|"
                         r"though|although|"
                         r"compared|against|when|which|after|before)\b", re.IGNORECASE)
# Hedges, articles and currency words between a role word and its figure ("from about 43",
# "than the $23 billion").
_FILLER = (r"(?:\s+|\b(?:the|a|an|its|their|about|around|roughly|some|nearly|almost|more|less|"
           r"than|over|under|just|only|at|least|most|us)\b|[$€£¥₹])*")
_ROLE_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # the figure a change starts from or is compared with
    ("baseline", re.compile(r"\b(?:from|than|versus|vs\.?|against|compared\s+(?:with|to)|"
                            r"not)" + _FILLER + r"$", re.IGNORECASE)),
    ("record", re.compile(r"\b(?:record|all-time|previous|prior|former|earlier|old)"
                          + _FILLER + r"$", re.IGNORECASE)),
    ("average", re.compile(r"\b(?:average|averaged|averaging|mean|median)\b[\w\s]{0,30}?"
                           r"(?:of|at|was|is)?" + _FILLER + r"$", re.IGNORECASE)),
    ("expectation", re.compile(r"\b(?:expected|expecting|forecast|forecasts|forecasting|"
                               r"estimated|projected|predicted|predicts|predicting|anticipated|"
                               r"consensus|expects|estimates?|projections?|predictions?)\b"
                               r"[\w\s]{0,40}?" + _FILLER + r"$", re.IGNORECASE)),
    ("difference", re.compile(r"\b(?:missed|beat|beaten|exceeded|topped|short|shy)\b[\w\s]{0,20}"
                              r"\bby" + _FILLER + r"$", re.IGNORECASE)),
)
_ROLE_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^\s*of\s+(?:the|them|those|these|whom|which|its|their)\b",
                        re.IGNORECASE)),
    ("expectation", re.compile(r"^[^.;]{0,40}?\b(?:had\s+been\s+|was\s+|were\s+|had\s+)?"
                               r"(?:expected|forecast|predicted|projected|anticipated|estimated|"
                               r"pencilled\s+in|penciled\s+in|told\s+to\s+expect)\b",
                               re.IGNORECASE)),
)


@dataclass(frozen=True)
class Frame:
    """What a claim's own words establish about the figure (see the module's docstring)."""

    entity: bool
    period: bool
    role: str
    source: str | None = None
    # its article has a trustworthy publication date: the moment it was reported is known
    dated: bool = True

    @property
    def sure(self) -> bool:
        """Its period and its role are its own: it may be one side of a dispute."""
        return self.period and self.role == VALUE


@cache
def _source_words() -> frozenset[str]:
    """Generic source nouns ("officials", "data", "ministry": lexicon.yaml ``source_nouns``)."""
    try:
        data = read_yaml("lexicon.yaml")
    except ConfigError:
        return frozenset()
    words = data.get("source_nouns") if isinstance(data, dict) else None
    return frozenset(str(w).lower() for w in words or [])


@cache
def _entity_names() -> dict[str, frozenset[str]]:
    """Canonical entity name (lower case) -> the ways news text writes it (entities.yaml)."""
    try:
        data = read_yaml("entities.yaml")
    except ConfigError:
        return {}
    out: dict[str, set[str]] = {}
    if not isinstance(data, dict):
        return {}
    for name, aliases in (data.get("aliases") or {}).items():
        out.setdefault(str(name).lower(), set()).update(str(a).lower() for a in aliases or [])
    for demonym, name in (data.get("demonyms") or {}).items():
        out.setdefault(str(name).lower(), set()).add(str(demonym).lower())
    return {k: frozenset(v) for k, v in out.items()}


# Last words of names that say what kind of place or body a name is, not which.
_KIND_WORDS = frozenset({
    "county", "province", "district", "state", "region", "city", "town", "village", "island",
    "department", "ministry", "agency", "office", "bureau", "council", "commission", "committee",
    "company", "corporation", "corp", "inc", "ltd", "group", "bank", "party", "university",
    "court", "service", "authority", "administration", "government", "club", "team",
})


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


@cache
def _number_words() -> frozenset[str]:
    """Words that write a number (lexicon.yaml number vocabularies, units.yaml scales)."""
    words: set[str] = {"hundred", "hundreds", "twice", "thrice", "once", "tenfold"}
    for name, keys in (("lexicon.yaml", ("units_words", "group_words", "tens_words", "ordinals",
                                         "fractions", "fold_verbs")), ("units.yaml", ("scales",))):
        try:
            data = read_yaml(name)
        except ConfigError:
            continue
        for key in keys:
            entry = data.get(key) if isinstance(data, dict) else None
            if isinstance(entry, dict):
                words.update(str(k).lower() for k in entry)
    return frozenset(words)


def is_figure(claim: Claim) -> bool:
    """Whether a quantity claim's text writes a number: digits, a number word ("seven",
    "half", "a dozen"), or a multiple ("sevenfold"). A claim that restates a neighbour's figure
    in other words ("a similar grip") states no figure of its own: it is not listed as one."""
    text = claim.text or ""
    if any(ch.isdigit() for ch in text):
        return True
    words = re.findall(r"[a-z]+", text.lower())
    return any(w in _number_words() or w.endswith("fold") for w in words)


def entity_stated(name: str | None, sentence: str) -> bool:
    """Whether ``name`` (a claim's subject) is written in ``sentence``: itself, an alias or
    demonym of it (entities.yaml), its initials ("US"), or one of its own words of 4+ letters
    (a short form: "Leitha" for "Larry Leitha", "Kerr" for "Kerr County")."""
    if not name:
        return False
    parts = re.split(r"\s+(?:and|&)\s+", name.strip())
    if len(parts) > 1:
        # a coordination ("Model 3 and Model Y") is stated when each of its parties is
        return all(entity_stated(part, sentence) for part in parts)
    key = name.strip().lower().removeprefix("the ")
    text = " " + " ".join(_words(sentence)) + " "
    forms = {key, *_entity_names().get(key, ())}
    words = _words(key)
    if len(words) > 1:
        forms.add("".join(w[0] for w in words))  # "United States" -> "us"
    for form in forms:
        joined = " ".join(_words(form))
        if joined and f" {joined} " in text:
            return True
    # a short form: the last word ("Leitha" for "Larry Leitha"), or the first when the last only
    # says what kind of body or place it is ("Kerr" for "Kerr County")
    short = [words[-1]] if words else []
    if len(words) > 1 and words[-1] in _KIND_WORDS:
        short = [words[0]]
    return any(len(w) >= 4 and f" {w} " in text for w in short)


def clause_of(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause of ``sentence`` holding [start, end)."""
    lo = 0
    for m in _CLAUSE_END.finditer(sentence, 0, start):
        lo = m.end()
    after = _CLAUSE_END.search(sentence, end)
    return lo, (after.start() if after else len(sentence))


def _role(claim: Claim) -> str:
    at = claim.start - claim.sentence_start
    if not 0 <= at <= len(claim.sentence):
        return VALUE
    before = claim.sentence[max(0, at - 80):at]
    after = claim.sentence[at + len(claim.text):]
    for role, pattern in _ROLE_BEFORE:
        if role == "difference" and claim.basis not in (None, "absolute"):
            continue
        if pattern.search(before):
            return role
    for role, pattern in _ROLE_AFTER:
        if pattern.search(after):
            return role
    return VALUE


def _near(claim: Claim, anchor: date | None) -> bool:
    """Whether a period read from words without a year (a bare month, a weekday) lies where
    such words point from the story's date: within the eleven months before it (the same
    month of the year before is "last July", which names its year by "last") or the month
    after it."""
    if anchor is None or not claim.period_start:
        return False
    try:
        start = date.fromisoformat(claim.period_start[:10])
    except ValueError:
        return False
    return -NEAR_AFTER_DAYS <= (anchor - start).days <= NEAR_BEFORE_DAYS


def _period_sure(claim: Claim, dated: bool, anchor: date | None = None,
                 published: str | None = None) -> bool:
    if not claim.period_start:
        # it states no period: compared as a reading of its report's moment, unless its
        # sentence names a period the extractor did not tie to it ("In 2023-24, ... 18 goals")
        return not _PERIOD.search(claim.sentence)
    if dated and running_to(claim, published):
        return True  # a running count to the day of its report: a reading of that moment
    words = claim.period_text
    sentence = claim.sentence
    found = sentence.lower().find(words.lower()) if words else -1
    if claim.field == "title" and found < 0:
        return True  # a headline's borrowed period is dropped (align._period): it states none
    if not words or found < 0:
        return False  # a period taken from another sentence
    if not dated and not _BARE_YEAR.search(words) and not _near(claim, anchor):
        return False  # a weekday or a bare month resolved against a date nobody gave
    if _BEFORE_PERIOD.search(sentence[:found]):
        return False  # "the highest since 1990": the period of the comparison
    if _PARTIAL.search(sentence[:found]):
        return False  # "so far in 2025": part of the period its words name
    at = claim.start - claim.sentence_start
    lo, hi = clause_of(sentence, max(at, 0), max(at, 0) + len(claim.text))
    if lo <= found < hi:
        return True  # its own clause dates it
    # read from another clause: sure when it is the period named nearest before the figure
    # ("rose to 300 units in April, a gain of 20%"), or the only one in the sentence
    spans = [(m.start(), m.end()) for m in _PERIOD.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in re.finditer(re.escape(words), sentence, re.IGNORECASE)]
    before = [span for span in spans if span[0] < at]
    if before:
        nearest = max(before)
        return any(m.start() <= nearest[0] < m.end() or nearest[0] <= m.start() < nearest[1]
                   for m in re.finditer(re.escape(words), sentence, re.IGNORECASE))
    return not [span for span in spans if not found <= span[0] < found + len(words)]


# Words that make a clause a comparison: a period named in it is what the figure is compared
# with ("the highest since reunification in 1990", "well above the 76.4% recorded in 2021").
_COMPARING = re.compile(r"\b(?:since|than|compared|versus|against|above|below|highest|lowest|"
                        r"biggest|largest|smallest|record|previous|prior|earlier)\b",
                        re.IGNORECASE)


def names_other_period(sentence: str, owned: Iterable[str] = ()) -> bool:
    """Whether ``sentence`` names a period a figure without one of its own may have missed: one
    that is not another figure's (``owned``: the period words the sentence's other claims were
    read with) nor in a clause that compares ("the highest since reunification in 1990")."""
    taken = [(m.start(), m.end()) for words in owned if words
             for m in re.finditer(re.escape(words), sentence, re.IGNORECASE)]
    for m in _PERIOD.finditer(sentence):
        if any(lo <= m.start() < hi for lo, hi in taken):
            continue
        lo, _ = clause_of(sentence, m.start(), m.end())
        if _COMPARING.search(sentence, lo, m.start()):
            continue
        return True
    return False


def _source(claim: Claim) -> str | None:
    """A named source (a body or a person), lower-cased; generic nouns ("officials") are None."""
    if not claim.source:
        return None
    words = _words(claim.source)
    if not words or all(w in _source_words() for w in words) or not any(
            ch.isupper() for ch in claim.source):
        return None
    if claim.subject and words == _words(claim.subject):
        return None  # the party the figure is about, read as its source: no attribution
    return " ".join(words)


def suspect_dates(articles: Iterable[Article]) -> set[str]:
    """Ids of articles whose date is far from the dates of the rest of their story."""
    days: dict[str, date] = {}
    for a in articles:
        if a.published:
            try:
                days[a.id] = date.fromisoformat(a.published[:10])
            except ValueError:
                continue
    if len(days) < 3:
        return set()
    middle = median_low(sorted(days.values()))
    return {a for a, d in days.items() if abs((d - middle).days) > SUSPECT_DATE_DAYS}


def frame_of(claim: Claim, *, dated: bool, anchor: date | None = None,
             published: str | None = None) -> Frame:
    """The frame of one claim; ``dated``: its article has a trustworthy publication date
    (``published``); ``anchor``: the story's date (the median date of its dated articles)."""
    return Frame(
        entity=entity_stated(claim.subject, claim.sentence),
        period=_period_sure(claim, dated, anchor, published),
        role=_role(claim) if claim.kind == "quantity" else VALUE,
        source=_source(claim),
        dated=dated,
    )


def story_anchor(articles: Iterable[Article]) -> date | None:
    """The story's date: the median date of its articles whose dates are trustworthy."""
    articles = list(articles)
    suspect = suspect_dates(articles)
    days = []
    for a in articles:
        if a.published and a.id not in suspect:
            try:
                days.append(date.fromisoformat(a.published[:10]))
            except ValueError:
                continue
    return median_low(sorted(days)) if days else None


def story_frames(articles: Iterable[Article], claims: Iterable[Claim]) -> Mapping[str, Frame]:
    """Claim id -> frame, for the claims of one story."""
    articles = list(articles)
    suspect = suspect_dates(articles)
    dated = {a.id for a in articles if a.published and a.id not in suspect}
    anchor = story_anchor(articles)
    published = {a.id: a.published for a in articles}
    return {c.id: frame_of(c, dated=c.article_id in dated, anchor=anchor,
                           published=published.get(c.article_id)) for c in claims}
