"""Units, currencies and scale words (vocabulary in models/units.yaml) and their regex fragments."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import cached_property
from typing import Any

__all__ = ["UnitVocab"]

# Every Unicode currency sign (general category Sc), listed once at import.
_CURRENCY_SIGNS = "".join(chr(i) for i in range(sys.maxunicode + 1)
                          if unicodedata.category(chr(i)) == "Sc")


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of ``phrases``, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


class UnitVocab:
    """Lookup from a unit as written to its normalised name."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.words: dict[str, str] = {}
        for unit, spellings in data.get("words", {}).items():
            for s in spellings:
                self.words[" ".join(str(s).lower().split())] = unit
        self.abbreviations: dict[str, str] = {}
        for unit, spellings in data.get("abbreviations", {}).items():
            for s in spellings:
                self.abbreviations[str(s)] = unit
        self.durations = frozenset(data.get("durations", []))
        self.prefixes: dict[str, str] = {str(k).lower(): str(v)
                                         for k, v in data.get("prefixes", {}).items()}
        self.scales: dict[str, float] = {str(k).lower(): float(v)
                                         for k, v in data.get("scales", {}).items()}
        self.letter_scales = frozenset(str(s) for s in data.get("letter_scales", []))
        cur = data.get("currencies", {})
        self.currency_symbols: dict[str, str] = dict(cur.get("symbols", {}))
        self.currency_codes = frozenset(cur.get("codes", []))
        self.code_aliases: dict[str, str] = dict(cur.get("code_aliases", {}))
        self.currency_words: dict[str, str] = {" ".join(k.lower().split()): v
                                               for k, v in cur.get("words", {}).items()}
        # name -> (default code or None, country -> code): "peso" needs the article's country
        self.ambiguous: dict[str, tuple[str | None, dict[str, str]]] = {
            str(name): (spec.get("default"), dict(spec.get("countries", {})))
            for name, spec in cur.get("ambiguous", {}).items()}
        # units stored under another unit with a factor ("gigawatt-hours": kWh x 1e6)
        self.factors: dict[str, tuple[str, float]] = {
            str(k): (str(v[0]), float(v[1])) for k, v in data.get("factors", {}).items()}
        # currency words that name a hundredth of the currency ("cents", "pence")
        self.subunits: dict[str, float] = {" ".join(str(k).lower().split()): float(v)
                                           for k, v in cur.get("subunits", {}).items()}
        self.percent_forms = [str(p) for p in data.get("percent", [])]
        self.pp_forms = [str(p) for p in data.get("percentage_point", [])]
        self.bp_forms = [str(p) for p in data.get("basis_point", [])]

    def unit(self, written: str) -> str | None:
        """The normalised unit for a unit as written ("metric tons" -> "tonne")."""
        text = " ".join(written.split())
        if text in self.abbreviations:
            return self.abbreviations[text]
        return self.words.get(text.lower())

    def scaled_unit(self, unit: str | None) -> tuple[str | None, float]:
        """(stored unit, factor) of a normalised unit: ("kwh_giga") -> ("kwh", 1e6)."""
        if unit in self.factors:
            return self.factors[unit]
        return unit, 1.0

    def currency(self, written: str) -> str | None:
        """ISO 4217 code for a currency symbol, code or word as written."""
        text = written.strip()
        if text in self.currency_symbols:
            return self.currency_symbols[text]
        if text.upper() in self.currency_codes and text.isupper():
            return self.code_aliases.get(text, text)
        return self.currency_words.get(" ".join(text.lower().split()))

    def resolve_currency(self, code: str, countries: Sequence[str]) -> str:
        """An ambiguous currency name ("PESO") as the ISO code of the first of ``countries``
        that uses it, else its default, else the name as it is; other codes unchanged."""
        if code not in self.ambiguous:
            return code
        default, by_country = self.ambiguous[code]
        for country in countries:
            if country in by_country:
                return by_country[country]
        return default or code

    @cached_property
    def symbol_pattern(self) -> str:
        # a one-letter symbol ("R" for the rand) only in capitals and glued to the number ("R500")
        letters = [s for s in self.currency_symbols if len(s) == 1 and s.isalpha()]
        symbols = _alternation([s for s in self.currency_symbols if s not in letters])
        if letters:
            symbols = "|".join([symbols, *(rf"(?-i:{re.escape(s)})(?=\d)" for s in letters)])
        # every other Unicode currency sign (category Sc) in front of a number is part of it
        others = "".join(re.escape(c) for c in _CURRENCY_SIGNS if c not in self.currency_symbols)
        codes = "|".join(sorted(self.currency_codes, key=len, reverse=True))
        return rf"(?:{symbols}|[{others}])\s?|(?-i:(?:{codes}))\s?"

    @cached_property
    def scale_words_pattern(self) -> str:
        words = [s for s in self.scales if len(s) > 2 or s in ("bn", "mn", "tn")]
        return _alternation([*words, "hundred"])

    @cached_property
    def unit_words_pattern(self) -> str:
        return _alternation(list(self.words))

    @cached_property
    def abbreviation_pattern(self) -> str:
        return _alternation(list(self.abbreviations))

    @cached_property
    def currency_words_pattern(self) -> str:
        return _alternation(list(self.currency_words))

    @cached_property
    def percent_pattern(self) -> str:
        return _alternation(self.percent_forms)

    @cached_property
    def pp_pattern(self) -> str:
        return _alternation(self.pp_forms)

    @cached_property
    def bp_pattern(self) -> str:
        return _alternation(self.bp_forms)
