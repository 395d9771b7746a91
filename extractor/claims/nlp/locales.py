"""The number, unit, currency and calendar vocabulary of one language, from maintained data.

English keeps its own tables (data/units.yaml, data/lexicon.yaml). For the other supported
languages the words that say what a figure is come from:

- **CLDR** through babel: the decimal and grouping symbols ("2,95" and "13.400" in German, "81 118"
  in French), the compact-number scale words and their plurals and abbreviations ("Millionen",
  "Mrd.", "millions", "mil millones", "milhões", "bi"), currency display names in singular and
  plural ("Euro", "dólares estadounidenses", "livres sterling") and the unit names of the units
  newsclaims normalises ("Sekunden", "kilómetros", "gigawatts", "pour cent");
- **text2num** for number words ("zwölf", "huit", "diecinueve", "dez"), found by
  :func:`word_numbers`;
- **dateparser's language data** (itself from CLDR) for month and weekday names and the relative
  dates ("gestern", "el año pasado", "la semaine dernière").

What CLDR does not hold (hedges, direction words, percentage points, comparison markers) is
general grammar of each language in data/languages.yaml, read by ``Lexicon``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["LocaleVocab", "WordNumber", "ago_words", "locale_vocab", "parse_local_number",
           "word_numbers"]

# CLDR unit keys -> the normalised unit names of data/units.yaml (the same names English uses,
# so that a German "Sekunden" and an English "seconds" align without translation).
CLDR_UNITS: dict[str, str] = {
    "mass-tonne": "tonne", "mass-kilogram": "kg", "mass-gram": "gram", "mass-ounce": "ounce",
    "volume-barrel": "barrel", "volume-liter": "litre", "volume-gallon": "gallon",
    "volume-cubic-meter": "cubic_metre", "length-kilometer": "km", "length-meter": "metre",
    "length-centimeter": "cm", "length-millimeter": "mm", "length-mile": "mile",
    "length-foot": "foot", "length-inch": "inch", "area-hectare": "hectare", "area-acre": "acre",
    "area-square-kilometer": "square_km", "temperature-celsius": "celsius",
    "temperature-fahrenheit": "fahrenheit", "speed-kilometer-per-hour": "kmh",
    "speed-mile-per-hour": "mph", "power-megawatt": "megawatt", "power-gigawatt": "gigawatt",
    "energy-kilowatt-hour": "kwh", "duration-decade": "decade", "duration-year": "year",
    "duration-month": "month", "duration-week": "week", "duration-day": "day",
    "duration-hour": "hour", "duration-minute": "minute", "duration-second": "second",
}
# SI prefixes a kilowatt-hour name takes for larger energies ("Gigawattstunden", "gigavatios
# hora"): CLDR names only the kilowatt-hour, the others are the same word with another prefix.
_KWH_PREFIXES = {"mega": 1e3, "giga": 1e6, "tera": 1e9}
_MAGNITUDES = {"1000": 1e3, "1000000": 1e6, "1000000000": 1e9, "1000000000000": 1e12}
# dateparser's relative-type keys -> the English phrase periods.resolve_period reads.
_RELATIVE = {"0 day ago": "today", "1 day ago": "yesterday", "0 week ago": "this week",
             "1 week ago": "last week", "in 1 week": "next week", "0 month ago": "this month",
             "1 month ago": "last month", "in 1 month": "next month",
             "0 year ago": "this year", "1 year ago": "last year", "in 1 year": "next year"}
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Babel locale per language: Portuguese news is Brazilian ("bilhões") or European ("mil
# milhões"): both locales' words are read, each with its own value.
_LOCALES: dict[str, tuple[str, ...]] = {"pt": ("pt", "pt_PT")}


@dataclass(frozen=True)
class LocaleVocab:
    """The words and symbols of numbers, units, currencies and dates in one language."""

    lang: str
    decimal: str  # "," in German, French, Spanish, Italian, Portuguese
    groups: tuple[str, ...]  # ASCII grouping characters: "." and/or " "
    scales: dict[str, float]  # lower case: "millionen", "mil millones", "mrd."
    letter_scales: dict[str, float]  # short forms that need a currency: "m", "md", "bi"
    currency_words: dict[str, str]  # lower case name -> ISO code or ambiguous name (DOLLAR)
    units: dict[str, str]  # lower case unit word -> normalised unit
    unit_factors: dict[str, float]  # unit word -> factor to its unit ("gigawattstunden": 1e6)
    percent: tuple[str, ...]
    months: dict[str, int]  # lower case month name or abbreviation -> 1..12
    weekdays: dict[str, int]  # lower case weekday name -> 0 (Monday)..6
    relative: dict[str, str] = field(default_factory=dict)  # "gestern" -> "yesterday"


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").lower().split())


def _pattern_words(pattern: str) -> str:
    """ "{0} Kilowattstunden" / "0 Millionen" -> "kilowattstunden" / "millionen"."""
    words = pattern.replace("{0}", " ").replace("'.'", ".").replace("'", "")
    return _fold(re.sub(r"^[\s0]+|[\s0]+$", "", words))


def _ascii_group(symbol: str) -> str:
    """CLDR's grouping symbol as newsclaims' normalised text writes it: typographic spaces are
    plain spaces there (numbers.normalize_text)."""
    return " " if unicodedata.category(symbol) == "Zs" else symbol


def _head_noun(name: str, lang: str) -> str:
    """The noun that names a currency without its country: "US-Dollar" -> "dollar", "dólar
    estadounidense" -> "dólar", "livre sterling" -> "livre". German puts it last (after a
    hyphen or an adjective), the Romance languages first."""
    words = _fold(name).split()
    if lang == "de":
        return words[-1].split("-")[-1]
    return words[0]


def _currency_words(locales: Iterable[object], lang: str,
                    ambiguous: Mapping[str, set[str]]) -> dict[str, str]:
    """Currency names as written after a number, from CLDR display names and their plurals.

    A full name ("US-Dollar", "dollars des États-Unis") is its code. A bare head noun
    ("Dollar", "dollars", "libras") is the code when one currency has it, else the ambiguous
    name of data/units.yaml that shares the most of its codes (DOLLAR, POUND, PESO...), resolved
    later by the countries the article names; else it is left out.
    """
    words: dict[str, str] = {}
    heads: dict[str, set[str]] = defaultdict(set)
    for loc in locales:
        names = loc.currencies  # type: ignore[attr-defined]
        plurals = loc._data["currency_names_plural"]  # type: ignore[attr-defined]
        for code, name in names.items():
            if len(code) != 3 or not code.isupper() or not name:
                continue
            forms = {name, *dict(plurals.get(code, {})).values()}
            for form in forms:
                folded = _fold(form)
                if len(folded) > 2:
                    words.setdefault(folded, code)
                    heads[_head_noun(form, lang)].add(code)
    for head, codes in heads.items():
        if len(head) <= 2 or (head in words and words[head] in codes and len(codes) == 1):
            continue
        if len(codes) == 1:
            words[head] = next(iter(codes))
            continue
        best = max(ambiguous, key=lambda name: len(ambiguous[name] & codes), default=None)
        if best is not None and len(ambiguous[best] & codes) >= 2:
            words[head] = best
        elif head in words and words[head] not in codes:
            del words[head]
    return words


@cache
def locale_vocab(lang: str, ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> LocaleVocab:
    """The vocabulary of ``lang`` (ISO 639-1). ``ambiguous``: the ambiguous currency names of
    data/units.yaml with their codes, as (name, codes) pairs."""
    from babel import Locale

    locales = [Locale.parse(code) for code in _LOCALES.get(lang, (lang,))]
    main = locales[0]
    decimal = main.number_symbols["latn"]["decimal"]
    groups = tuple(dict.fromkeys([_ascii_group(main.number_symbols["latn"]["group"]), "."]))
    groups = tuple(g for g in groups if g != decimal)
    scales: dict[str, float] = {}
    letters: dict[str, float] = {}
    for loc in locales:
        for length in ("long", "short"):
            for forms in loc.compact_decimal_formats[length].values():
                for magnitude, pattern in forms.items():
                    factor = _MAGNITUDES.get(magnitude)
                    if factor is None:
                        continue
                    # "0000 M" (Spanish short billions) is a pattern of digits, not a word
                    zeros = len(pattern.pattern) - len(pattern.pattern.lstrip("0"))
                    word = _pattern_words(pattern.pattern)
                    if not word or not any(c.isalpha() for c in word):
                        continue
                    value = factor * 10 ** (zeros - 1) if zeros > 1 else factor
                    if length == "short" and len(word.rstrip(".")) <= 2:
                        letters.setdefault(word, value)  # "M", "Md", "bi": with a currency only
                    else:
                        scales.setdefault(word, value)
    ambiguous_codes = {name: set(codes) for name, codes in ambiguous}
    currency_words = _currency_words(locales, lang, ambiguous_codes)
    units: dict[str, str] = {}
    factors: dict[str, float] = {}
    for loc in locales:
        patterns = loc._data["unit_patterns"]
        for key, unit in CLDR_UNITS.items():
            forms = dict(patterns.get(key, {}).get("long", {}))
            if not {"one", "other"} & set(forms):  # some locales name a unit in short form only
                forms = dict(patterns.get(key, {}).get("short", {}))
            for plural, pattern in forms.items():
                if plural == "per" or "{0}" not in pattern:
                    continue
                word = _pattern_words(pattern)
                if not word or (len(word) < 3 and plural != "one" and lang != "fr") or \
                        not word.replace("-", "").replace(" ", "").isalpha():
                    continue
                for form in _inflections(word, lang, plural):
                    units.setdefault(form, unit)
                    if unit == "kwh":
                        for prefix, factor in _KWH_PREFIXES.items():
                            swapped = re.sub(r"^(?:kilo|chilo|quilo)", prefix, form)
                            if swapped != form:
                                units.setdefault(swapped, unit)
                                factors[swapped] = factor
    percent = tuple(dict.fromkeys(
        _pattern_words(p) for loc in locales
        for p in dict(loc._data["unit_patterns"]["concentr-percent"]["long"]).values()
        if "{0}" in p))
    for word, unit in _duration_words(lang).items():
        units.setdefault(word, unit)
    months, weekdays, relative = _calendar(lang, locales)
    return LocaleVocab(lang, decimal, groups, scales, letters, currency_words, units, factors,
                       percent, months, weekdays, relative)


def _inflections(word: str, lang: str, plural: str) -> list[str]:
    """A unit word and its other case forms: German plurals take -n in the dative ("in vier
    Jahren", "seit drei Tagen"), which CLDR's unit names do not list."""
    forms = [word]
    if lang == "de" and plural != "one" and " " not in word and word.endswith(("e", "er", "el")):
        forms.append(word + "n")  # Jahre -> Jahren, Meter -> Metern
    return forms


def _dateparser_data(lang: str) -> dict[str, Any]:
    import importlib

    module = importlib.import_module(f"dateparser.data.date_translation_data.{lang}")
    return dict(module.info)


@cache
def ago_words(lang: str) -> frozenset[str]:
    """The words for "ago" in dateparser's language data, which place a time a span before
    the time of writing: "vor" ("vor einem Jahr"), "hace" ("hace un año"), "fa" ("un anno fa")."""
    return frozenset(_fold(w) for w in _dateparser_data(lang).get("ago", []))


def _duration_words(lang: str) -> dict[str, str]:
    """Words of durations from dateparser's language data, with their case forms ("Jahren",
    "années"); abbreviations ("Std", "sem") are left out: in running text they are other words."""
    data = _dateparser_data(lang)
    out: dict[str, str] = {}
    for unit in ("year", "month", "week", "day", "hour", "minute", "second"):
        words = [_fold(w) for w in data.get(unit, []) if w.isalpha()]
        for word in words:
            # an abbreviation is a strict prefix of another form ("sett" of "settimana")
            if len(word) >= 4 and not any(o != word and o.startswith(word) for o in words):
                out[word] = unit
    return out


def _calendar(lang: str, locales: list[Any]) -> tuple[dict[str, int], dict[str, int],
                                                      dict[str, str]]:
    """Month and weekday names (CLDR's full names; abbreviations such as "mar" are words of
    their own in running text) and relative dates (dateparser's language data)."""
    from babel import dates

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for loc in locales:
        for context in ("format", "stand-alone"):
            for i, name in dates.get_month_names("wide", context, loc).items():
                months.setdefault(_fold(name), i)
            for i, name in dates.get_day_names("wide", context, loc).items():
                weekdays.setdefault(_fold(name), i)
    relative = {_fold(phrase): _RELATIVE[key]
                for key, phrases in _dateparser_data(lang).get("relative-type", {}).items()
                if key in _RELATIVE for phrase in phrases}
    return months, weekdays, relative


def parse_local_number(text: str, vocab: LocaleVocab) -> float | None:
    """A number written with the language's separators: "2,95" -> 2.95, "13.400" -> 13400,
    "81 118" -> 81118 (French); a dot followed by other than three digits is a decimal point
    even where CLDR groups with dots ("magnitude 7.7" in a German text)."""
    s = text.strip()
    sign = -1.0 if s[:1] == "-" else 1.0
    s = s.lstrip("+-")
    groups = "".join(re.escape(g) for g in vocab.groups)
    dec = re.escape(vocab.decimal)
    m = re.fullmatch(rf"(\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)(?:{dec}(\d+))?", s) if groups \
        else None
    if m:
        whole = re.sub(rf"[{groups}]", "", m.group(1))
        return sign * float(f"{whole}.{m.group(2) or 0}")
    m = re.fullmatch(r"(\d+)\.(\d+)", s)
    if m:
        return sign * float(s)
    return None


@dataclass(frozen=True)
class WordNumber:
    """A number written in words ("zwölf", "vingt et un"), with its character offsets."""

    start: int
    end: int
    value: float
    ordinal: bool


class _Token:
    """A token as text2num's ``find_numbers`` reads it."""

    __slots__ = ("end", "start", "word")

    def __init__(self, word: str, start: int, end: int) -> None:
        self.word, self.start, self.end = word, start, end

    def text(self) -> str:
        return self.word

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


_WORD_TOKENS = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")


def word_numbers(text: str, lang: str) -> list[WordNumber]:
    """Every number written in words in ``text`` (text2num), cardinal or ordinal."""
    from text_to_num import find_numbers

    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _WORD_TOKENS.finditer(text)]
    out = []
    for occ in find_numbers(tokens, lang, 0.0):
        first, last = tokens[occ.start], tokens[occ.end - 1]
        if first.word.isdigit() and last.word.isdigit():
            continue  # digits are read by the mention patterns
        out.append(WordNumber(first.start, last.end, float(occ.value), bool(occ.is_ordinal)))
    return out
