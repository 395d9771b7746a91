"""The amount a report is about, in any language: a language-neutral frame for money figures.

Alignment compares figures by what the extractor read around them (metric, subject, object),
which the pipelines of languages other than English do not read (docs/claims.md, "Languages":
no parser, no NER). What every report does state, in every language, is the amount its story is
about: its headline gives it ("EU fines Google $2.5 billion", "Brüssel verhängt 2,95 Milliarden
Euro Strafe gegen Google", "150 Millionen Euro: Wirtz wird teuerster Bundesliga-Export") and its
text restates it. Two such *lead amounts* of one story are one fact when:

- each is its article's only money figure in the headline, and its text restates it (same
  currency, values that meet): the article's own figure, not one it mentions in passing;
- the two headlines name the same party ("Google", "Wirtz"): names are language-neutral,
  spelled alike in every language, unlike the words around them. A name is a capitalised word the
  article also writes capitalised inside a sentence (so that an English headline's Title Case
  is not taken for names), and in a language that capitalises every noun (German) one that is
  not a common word of the language or is nearly as common in English (wordfreq);
- the restatement is the value its sentence states (frames.py role) and names no year other
  than the report's (not "a 4.34 billion euro fine in 2018").

Amounts in one currency are compared by their intervals (tolerance.py), amounts in two
currencies through the band of plausible rates (checks/currency.py). Two lead amounts that are
different facts of one story (a base fee in one headline, the fee with add-ons in another) are
told apart by the parts the other outlets state: an amount that meets a smaller amount another
outlet gives beside its own lead (a base fee, an add-on, a first instalment) may be that part,
and is not called wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.core.names import name_key
from extractor.core.records import Article
from extractor.reconcile.align import ClaimView
from extractor.reconcile.frames import VALUE, Frame
from extractor.reconcile.tolerance import canonical_unit

__all__ = ["Lead", "headline_names", "lead_amounts", "text_names"]

# A word this common in its language (wordfreq Zipf, about 20 per million words) is a common
# word there, not a name, unless it is nearly as common in English (names travel: "Google",
# "Friedrich"); the threshold of the grouping profiles (claims/profile.py).
_COMMON_ZIPF = 4.3
_TRAVELS = 2.5
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”„«»(]\s*$|^\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Lead:
    """An article's lead amount: its headline's money figure and the text restating it."""

    title: ClaimView
    body: ClaimView
    currency: str
    names: frozenset[str]  # name keys its headline writes

    @property
    def source(self) -> str:
        return self.body.source

    @property
    def views(self) -> tuple[ClaimView, ClaimView]:
        return (self.title, self.body)


@cache
def _capitalises_nouns(language: str | None) -> bool:
    try:
        data = read_yaml("lexicon.yaml")
    except ConfigError:
        return False
    langs = data.get("noun_capitalising_languages") if isinstance(data, dict) else None
    return bool(language) and language in (langs or ())


@cache
def _common(word: str, language: str) -> bool:
    """A common word of ``language`` that does not travel to English."""
    from wordfreq import zipf_frequency

    try:
        own, english = zipf_frequency(word, language), zipf_frequency(word, "en")
    except (LookupError, ValueError):
        return False
    if own < _COMMON_ZIPF and (english > 0 or own == 0):
        return False
    return not (english >= _TRAVELS and english >= own - 2.0)


@cache
def _function_word(word: str, language: str) -> bool:
    """An article or pronoun capitalised inside a sentence ("The Hague", a quoted title):
    words this frequent (Zipf 6, one in a thousand words) name nobody."""
    from wordfreq import zipf_frequency

    try:
        return max(zipf_frequency(word, language), zipf_frequency(word, "en")) >= 6.0
    except (LookupError, ValueError):
        return False


def text_names(text: str, language: str | None) -> frozenset[str]:
    """Name keys of the capitalised words ``text`` writes inside its sentences."""
    out: set[str] = set()
    lang = (language or "en").split("-")[0]
    nouns = _capitalises_nouns(lang)
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not word[:1].isupper() or len(word) < 3:
            continue
        if _SENTENCE_END.search(text[max(0, m.start() - 3):m.start()]):
            continue  # a sentence's first word is capitalised whatever it is
        if (nouns and _common(word.lower(), lang)) or _function_word(word.lower(), lang):
            continue
        for part in re.split(r"[-‐]", word):
            key = name_key(part)
            if key and len(key) >= 3 and part[:1].isupper():
                out.add(key)
    return frozenset(out)


def headline_names(title: str, names: frozenset[str]) -> frozenset[str]:
    """The names a headline writes: its capitalised words that its article's text also writes
    capitalised inside a sentence (a Title Case headline's common words are not)."""
    keys = set()
    for m in _WORD.finditer(title):
        for part in re.split(r"[-‐]", m.group(0)):
            key = name_key(part)
            if key and part[:1].isupper() and key in names:
                keys.add(key)
    return frozenset(keys)


def _currency(v: ClaimView) -> str | None:
    unit = canonical_unit(v.claim.unit)[0]
    return unit if unit and len(unit) == 3 and unit.isupper() else None


def own_year(v: ClaimView, year: int | None) -> bool:
    """Whether a figure's sentence names no year but the report's."""
    return all(year is not None and int(y) == year for y in _YEAR.findall(v.claim.sentence))


def lead_amounts(articles: Iterable[Article], views: Sequence[ClaimView],
                 frames: Mapping[str, Frame]) -> list[Lead]:
    """The lead amount of each article that has one (see the module's docstring)."""
    by_article: dict[str, list[ClaimView]] = {}
    for v in views:
        c = v.claim
        if c.kind == "quantity" and c.basis in (None, "absolute") and v.interval is not None \
                and _currency(v):
            by_article.setdefault(c.article_id, []).append(v)
    leads = []
    for article in articles:
        money = by_article.get(article.id, [])
        titles = [v for v in money if v.claim.field == "title"]
        if len(titles) != 1 or not article.title:
            continue
        title = titles[0]
        currency = _currency(title)
        year = _year(article.published)
        body = [v for v in money if v.claim.field != "title" and _currency(v) == currency
                and v.interval is not None and title.interval is not None
                and v.interval.meets(title.interval) and own_year(v, year)
                and (f := frames.get(v.claim.id)) is not None and f.role == VALUE]
        if not body or currency is None:
            continue
        # the restatement that writes the headline's own value ("rund 136" for "bis zu 136"),
        # before one that only falls within its hedge ("knapp 118")
        value = title.claim.value
        body.sort(key=lambda v: not (value is not None and v.interval is not None
                                     and v.interval.lo <= value <= v.interval.hi))
        # the figure's own words ("Euro", "Milliarden") name nobody
        headline = (article.title[:title.claim.start] + " " * len(title.claim.text)
                    + article.title[title.claim.end:])
        names = headline_names(headline, text_names(article.text or "", article.language))
        if names:
            leads.append(Lead(title, body[0], currency, names))
    return leads


def _year(published: str | None) -> int | None:
    try:
        return int(published[:4]) if published else None
    except ValueError:
        return None
