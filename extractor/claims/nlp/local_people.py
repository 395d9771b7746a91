"""People's ages in languages other than English, read into the same age claims as English.

An age is what outlets in every language state about the people of a story ("Merz, 69," /
"der 70-Jährige" / "À 69 ans, Friedrich Merz" / "El mediapunta, de 23 años," / "il
diciannovenne Senny Mayulu"), and a wrong one is a conflict a fact-checker checks across
languages. The pipelines of German, Spanish, Italian and Portuguese have no tagger, parser or
NER (docs/claims.md, "Languages"), so this reads ages from the figures the quantity component
already found (a number of years: CLDR's unit names, languages.yaml's age suffixes) and from the
grammar of an age, which is the same in these languages and general news style:

- **apposition**: a number of years between commas or in brackets right after a noun phrase
  ("Merz, 69,", "Eastland, de 70 años,", "Lilley (28)"): the age of what it follows;
- **age forms**: a number with an age suffix ("70-Jährige", languages.yaml ``age_suffixes``), a
  number of years followed by the word for "old" ("22 Jahre alten", ``age_after``), introduced
  by "aged" ("âgé de 22 ans", ``age_before``) or opening the sentence ("À 69 ans, Friedrich
  Merz", ``age_lead``), and a number word with the age suffix of Italian ("diciannovenne",
  ``age_word_suffix``, read with text2num);
- **whose age**: the name it stands next to ("der 70-jährige Friedrich Merz", "Merz, 69,");
  otherwise (a description: "der 70-Jährige", "El mediapunta, de 23 años") the person named
  nearest before it in its paragraph, else the first person the article names. Without NER, a
  person's name is a run of two to four capitalised words not led by an article (languages.yaml
  ``name_articles``: "el Liverpool", "dem FC Liverpool" are clubs, "del Bayer Leverkusen" too),
  or the last word of such a run written alone; a word common in its language (wordfreq) is no
  name's, unless it is as common in English (given names travel: "Friedrich", "Peter").

An age stated with a past year in its clause ("im Januar 2020 als 16-Jähriger") is the age the
person was then, not their age in the story: it is left as the figure it was. An age read from a
description rather than a name is marked by its sentence not naming the person: the reconciler's
frame (frames.entity_stated) sees that, and compares such ages with care (checks/people.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from spacy.tokens import Doc

from extractor.claims.nlp.entities import entities
from extractor.core.records import Claim

__all__ = ["local_age_claims"]

MIN_AGE, MAX_AGE = 1, 120
# A word this common in its language (wordfreq Zipf, about 20 per million words) is a common
# word, not a name's, unless it is nearly as common in English: names travel across languages,
# the common words of one language rarely do (profile.py uses the same threshold).
_COMMON_ZIPF = 4.3
_TRAVELS = 2.5  # a given name's English frequency: "Friedrich" 3.3, "Florian" 2.8
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_PARAGRAPH = re.compile(r"\n\s*\n")
_QUOTE = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|»[^«\n]*«")
# Names of up to four words: "Richard „Dick“ Eastland" keeps its nickname's quotes.
_MAX_NAME_WORDS = 4


@dataclasses.dataclass(frozen=True)
class _Name:
    start: int
    end: int
    text: str
    person: bool  # person-like: a run of 2+ name words not led by an article


@cache
def _zipf(word: str, lang: str) -> tuple[float, float]:
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, lang), zipf_frequency(word, "en")
    except (LookupError, ValueError):
        return 0.0, 0.0


def _name_word(word: str, lang: str, initial: bool, capitalises_nouns: bool) -> bool:
    """Whether a capitalised word belongs to a name: in a language that capitalises only
    names, any capitalised word inside a sentence; at a sentence's start, or in German (every
    noun capitalised), one that is no common word of the language or travels to English."""
    if not _NAME_WORD.match(word) or len(word) < 2:
        return False
    if not initial and not capitalises_nouns:
        return True
    own, english = _zipf(word.lower(), lang)
    if own < _COMMON_ZIPF and (english > 0 or own == 0):
        return True
    return english >= _TRAVELS and english >= own - 2.0


def _names(doc: Doc, lang: str, local: dict[str, Any], capitalises_nouns: bool) -> list[_Name]:
    """Runs of name words in the text, person-like or not."""
    articles = {str(a).lower() for a in local.get("name_articles", [])}
    persons = {(e.start_char, e.end_char) for e in entities(doc) if e.label_ in ("PER", "PERSON")}
    others = [(e.start_char, e.end_char) for e in entities(doc)
              if e.label_ not in ("PER", "PERSON", "MISC")]
    out: list[_Name] = []
    run: list[Any] = []

    def close() -> None:
        if not run:
            return
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        before = run[0].i - 1
        led = before >= 0 and doc[before].lower_ in articles
        in_ent = any(s <= start and end <= e for s, e in persons)
        in_other = any(s <= start and end <= e for s, e in others)
        person = in_ent or (not in_other and not led and 2 <= len(run) <= _MAX_NAME_WORDS)
        out.append(_Name(start, end, doc.text[start:end], person))
        run.clear()

    for tok in doc:
        initial = tok.is_sent_start or tok.i == 0 or doc[tok.i - 1].text in (
            ".", "!", "?", ":", '"', "“", "„", "«", "»", "”")
        if tok.is_alpha and _name_word(tok.text, lang, initial, capitalises_nouns):
            run.append(tok)
            continue
        if run and tok.text in ('"', "„", "“", "”", "«", "»") and tok.i + 1 < len(doc):
            continue  # Richard "Dick" Eastland: a nickname in quotes stays in the name
        close()
    close()
    return out


def _clean(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return " ".join(re.sub(r"[\"“”„«»]", " ", name).split())


def _fullest(name: str, names: Sequence[_Name]) -> str:
    """A surname alone is the fullest person-like name the text gives that ends with it."""
    clean = _clean(name)
    words = clean.split()
    if not words:
        return clean
    best = clean
    for n in names:
        other = _clean(n.text)
        if n.person and other.split()[-1:] == words[-1:] and len(other) > len(best):
            best = other
    return best


def _ages_of(claims: Sequence[Claim]) -> list[int]:
    return [k for k, c in enumerate(claims) if c.kind == "quantity" and c.value is not None
            and MIN_AGE <= c.value <= MAX_AGE and float(c.value).is_integer()
            and c.unit in ("year", "count", None)]


def _word_ages(doc: Doc, lang: str, suffix: str) -> list[tuple[int, int, int]]:
    """ "il diciannovenne", "un 22enne": a number word or digits with the age suffix."""
    if not suffix:
        return []
    from text_to_num import alpha2digit

    out = []
    for m in re.finditer(rf"\b(\w+?){re.escape(suffix)}\b", doc.text, re.IGNORECASE):
        stem = m.group(1)
        value = None
        if stem.isdigit():
            value = int(stem)
        else:
            # the suffix replaces the number word's last vowel: diciannov(e)+enne, vent(i)+enne
            for vowel in ("e", "i", "a", "o", ""):
                digits = alpha2digit(stem + vowel, lang)
                if digits.isdigit():
                    value = int(digits)
                    break
        if value is not None and MIN_AGE <= value <= MAX_AGE:
            out.append((m.start(), m.end(), value))
    return out


def local_age_claims(doc: Doc, claims: Sequence[Claim], pipeline: str, lang: str,
                     local: dict[str, Any], capitalises_nouns: bool) -> list[Claim]:
    """``claims`` with the ages of named people rewritten as age claims (metric ``age``,
    unit ``year``, subject the person), plus ages written as words."""
    text = doc.text
    names = _names(doc, lang, local, capitalises_nouns)
    out = list(claims)
    anchor = doc._.main_period
    as_of = anchor.period if anchor is not None and not anchor.period.is_open else None
    reference_year = _reference_year(doc)

    def fields(person: str) -> dict[str, Any]:
        return {"unit": "year", "unit_text": "years", "basis": "absolute", "metric": "age",
                "object": None, "subject": person, "counterpart": None, "qualifier": "exact",
                "period_start": as_of.start.isoformat() if as_of else None,
                "period_end": as_of.end.isoformat() if as_of else None, "period_text": None,
                "direction": None, "comparison": None}

    taken: set[tuple[int, int]] = set()
    for k in _ages_of(out):
        c = out[k]
        how = _age_form(text, c, local)
        if how is None or _past(text, c.start, c.end, reference_year):
            continue
        person = _whose(text, c.start, c.end, how, names)
        if person is None:
            continue
        out[k] = dataclasses.replace(out[k], **fields(_fullest(person, names)))
        taken.add((c.start, c.end))
    suffix = str(local.get("age_word_suffix") or "")
    for start, end, value in _word_ages(doc, lang, suffix):
        if any(s <= start < e for s, e in taken) or _past(text, start, end, reference_year):
            continue
        person = _whose(text, start, end, "form", names)
        if person is None:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        sent = span.sent if span is not None else None
        at = next((i for i, c in enumerate(out) if c.kind == "quantity"
                   and c.start <= start < c.end), None)
        claim = Claim(id="", article_id="", kind="quantity", text=text[start:end], start=start,
                      end=end, sentence=sent.text if sent is not None else text,
                      sentence_start=sent.start_char if sent is not None else 0,
                      value=float(value), pipeline=pipeline,
                      **fields(_fullest(person, names)))
        if at is not None:
            out[at] = dataclasses.replace(claim, sentence=out[at].sentence,
                                          sentence_start=out[at].sentence_start)
        else:
            out.append(claim)
    return sorted(out, key=lambda c: (c.start, c.kind))


def _reference_year(doc: Doc) -> int | None:
    ref = doc._.reference_date
    try:
        return int(str(ref)[:4]) if ref else None
    except ValueError:
        return None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    para_lo = max((m.end() for m in _PARAGRAPH.finditer(text, 0, start)), default=0)
    lo = max([para_lo, *(m.end() for m in re.finditer(r"[.!?](?=\s)", text[:start]))])
    lo = max([lo, *(m.end() + lo for m in _CLAUSE_END.finditer(text[lo:start]))])
    after = re.search(r"[.!?](?=\s|$)|[,;:()\u2013\u2014]", text[end:])
    return lo, end + (after.start() if after else len(text) - end)


def _past(text: str, start: int, end: int, reference_year: int | None) -> bool:
    """An age whose own clause names a year before the report's: the age the person was
    then ("im Januar 2020 als 16-Jähriger"), not their age in the story."""
    if reference_year is None:
        return False
    lo, hi = _clause(text, start, end)
    return any(int(m.group(0)) < reference_year for m in _YEAR.finditer(text, lo, hi))


def _words_pattern(words: Sequence[Any]) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _age_form(text: str, c: Claim, local: dict[str, Any]) -> str | None:
    """How a figure is written as an age: "apposition", "lead" (opening its sentence: "À 69
    ans, ..."), "form" (an age suffix, "alt", "âgé de"), or None when it is no age."""
    before = text[max(0, c.start - 40):c.start]
    after = text[c.end:c.end + 30]
    suffixes = [str(s).lower() for s in local.get("age_suffixes", [])]
    if c.unit == "year" and any(re.search(rf"-{re.escape(s)}$", c.text, re.IGNORECASE)
                                for s in suffixes):
        return "form"
    old = _words_pattern(local.get("age_after", []))
    if c.unit == "year" and old and re.match(rf"\s+(?:{old})\b", after, re.IGNORECASE):
        return "form"
    aged = _words_pattern(local.get("age_before", []))
    if c.unit == "year" and aged and re.search(rf"(?:^|\W)(?:{aged})\s*$", before,
                                               re.IGNORECASE):
        return "form"
    lead = _words_pattern(local.get("age_lead", []))
    if c.unit == "year" and lead and re.match(r"\s*,", after) and re.search(
            rf"(?:^|[.!?]\s+|\n)(?:{lead})\s+$", before, re.IGNORECASE):
        return "lead"
    links = _words_pattern(local.get("age_links", []))
    link = rf"(?:(?:{links})\s+)?" if links else ""
    closes = re.match(r"\s*(?:[,)]|$)", after)
    # a bare number in apposition ("Merz, 69,") must be digits alone; with its unit ("69 ans",
    # "de 70 años") the unit says it is a span of years
    years = c.unit == "year" or (c.unit in ("count", None) and c.text.strip().isdigit())
    if closes and years and re.search(rf"(?:,|\()\s*{link}$", before, re.IGNORECASE):
        return "apposition"
    return None


def _whose(text: str, start: int, end: int, how: str, names: Sequence[_Name]) -> str | None:
    """The name an age belongs to (see the module's docstring)."""
    sentence_lo = max([0, *(m.end() for m in re.finditer(r"[.!?](?=\s)", text[:start]))])
    if how == "apposition":
        # the phrase the commas set the age beside: a name right before it, else a description
        lo = start
        m = re.search(r"(?:,|\()\s*\w*\s*$", text[:start])
        if m:
            lo = m.start()
        just_before = [n for n in names if n.end <= lo and not text[n.end:lo].strip(" \"”»")]
        if just_before:
            return just_before[-1].text
        if re.search(r"\d\s*(?:,|\()\s*\w*\s*$", text[:start]):
            return None  # a list of numbers, not an apposition
    elif how == "lead":
        after = [n for n in names if n.start >= end and n.person
                 and re.fullmatch(r"\s*,\s*", text[end:n.start])]
        if after:
            return after[0].text
        return None
    else:
        # the name the age form modifies ("der 70-jährige Friedrich Merz")
        after = [n for n in names if n.start >= end and n.person
                 and len(text[end:n.start].split()) <= 2 and "," not in text[end:n.start]]
        if after:
            return after[0].text
        # "Friedrich Merz, âgé de 69 ans": the name the phrase stands beside
        m = re.search(r"(,|\()\s*[^\W\d]+(?:\s+[^\W\d]+)?\s*$", text[sentence_lo:start])
        if m:
            lo = sentence_lo + m.start()
            beside = [n for n in names if n.end <= lo and not text[n.end:lo].strip(" \"”»")]
            if beside and beside[-1].person:
                return beside[-1].text
    # a description ("der 70-Jährige", "El mediapunta, de 23 años"): the person named nearest
    # before it in its paragraph, else the first person the article names
    para_lo = max((m.end() for m in _PARAGRAPH.finditer(text, 0, start)), default=0)
    persons = [n for n in names if n.person]
    surnames = {_clean(n.text).split()[-1] for n in persons if _clean(n.text)}
    known = [n for n in names if n.person or _clean(n.text) in surnames]
    # a name inside a quotation is what someone says, not who says it ("\"Vessel Grid passt
    # perfekt zu uns\", sagte die 55-Jährige")
    quoted = [(m.start(), m.end()) for m in _QUOTE.finditer(text, para_lo, start)]
    near = [n for n in known if para_lo <= n.start and n.end <= start
            and not any(lo <= n.start < hi for lo, hi in quoted)]
    if near:
        return near[-1].text
    return persons[0].text if persons and persons[0].start < start else None
