"""Dates and periods in text of a language other than English, for the period logic that reads
English.

The English pipeline finds dates with its statistical NER and span-ruler patterns; the other
languages have neither (a blank pipeline) or an NER without dates (French). :class:`LocalDates`
finds the date phrases of a language from the month and weekday names, relative dates and
number words of ``locales`` (CLDR, dateparser, text2num) and languages.yaml's few words for
quarters, halves and "last"/"next", and writes each as a ``PERIOD`` span whose ``id_`` is the
same date said the English way: "am Sonntag" -> "sunday", "le 28 mars 2025" -> "28 march 2025",
"en junio" -> "june", "im zweiten Quartal 2025" -> "second quarter of 2025", "vendredi dernier"
-> "last friday", "el año pasado" -> "last year". ``timeline.analyse`` resolves that phrase with
``periods.resolve_period``, so every language gets the same periods as English.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Span

from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.locales import LocaleVocab, locale_vocab, word_numbers
from extractor.claims.nlp.units import _alternation

__all__ = ["LABEL", "LocalDates", "phrase"]

LABEL = "PERIOD"
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
_DAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_YEAR = r"(?:19|20)\d\d"


def phrase(span: Span) -> str:
    """The date a span names, as English words when it was read in another language."""
    return span.id_ or span.text


class LocalDates:
    """The date phrases of one language, each with its English phrase."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lang = lexicon.lang
        local = lexicon.local
        self.vocab: LocaleVocab = locale_vocab(lexicon.lang)
        v = self.vocab
        months = _alternation(list(v.months))
        days = _alternation(list(v.weekdays))
        last = _alternation([str(w) for w in local.get("last", [])]) or r"(?!x)x"
        nxt = _alternation([str(w) for w in local.get("next", [])]) or r"(?!x)x"
        links = _alternation([str(w) for w in local.get("date_links", []) if w != "."])
        link = rf"(?:(?:{links})\s+)?" if links else ""
        # German writes the day as an ordinal ("28. März"), Spanish and Portuguese with "de"
        self.day_month = re.compile(
            rf"(?<![\w.])(?P<day>[0-3]?\d)(?:\.|º|er|°)?\s+{link}(?P<month>{months})"
            rf"(?:\s+{link}(?P<year>{_YEAR}))?(?![\w])", re.IGNORECASE)
        self.month_year = re.compile(
            rf"(?<![\w])(?P<month>{months})(?:\s+{link}(?P<year>{_YEAR}))?(?![\w])",
            re.IGNORECASE)
        # weekdays: "Sonntagabend" is Sunday evening (German compounds take the weekday first)
        tail = r"\w*" if self.lang == "de" else ""
        night = _alternation([str(w) for w in local.get("night_before", [])]) or r"(?!x)x"
        self.weekday = re.compile(
            rf"(?<![\w])(?:(?P<night>{night})\s+)?(?:(?P<pre>{last}|{nxt})\s+)?"
            rf"(?P<day>{days}){tail}"
            rf"(?:\s+(?P<post>{last}|{nxt}))?(?![\w])", re.IGNORECASE)
        self.last = frozenset(str(w).lower() for w in local.get("last", []))
        relative = dict(v.relative)
        seasons = [str(w) for w in local.get("season_words", [])]
        for unit, words in (("year", _unit_words(v, "year")), ("month", _unit_words(v, "month")),
                            ("week", _unit_words(v, "week")), ("season", seasons)):
            for word in words:
                for w in local.get("last", []):
                    relative.setdefault(f"{w} {word}".lower(), f"last {unit}")
                    relative.setdefault(f"{word} {w}".lower(), f"last {unit}")
                for w in local.get("next", []):
                    relative.setdefault(f"{w} {word}".lower(), f"next {unit}")
                    relative.setdefault(f"{word} {w}".lower(), f"next {unit}")
        for word, english in (local.get("year_seasons") or {}).items():
            # "im vergangenen Sommer", "l'été dernier": last summer, as English resolves it
            for edge, words in (("last", local.get("last", [])), ("next", local.get("next", []))):
                for w in words:
                    relative.setdefault(f"{w} {word}".lower(), f"{edge} {english}")
                    relative.setdefault(f"{word} {w}".lower(), f"{edge} {english}")
        for words in local.get("year_end", []):
            # "entro la fine dell'anno", "a finales de año": the end of the year, as English
            relative.setdefault(str(words).lower(), "end of the year")
        self.relative = relative
        self.relative_re = re.compile(
            rf"(?<![\w])(?:{_alternation(list(relative))})(?![\w])", re.IGNORECASE)
        self.period_words = {str(k).lower(): str(v) for k, v in
                             local.get("period_words", {}).items()}
        self.ordinals = {str(k).lower(): int(n) for k, n in local.get("ordinals", {}).items()}
        pw = _alternation(list(self.period_words)) or r"(?!x)x"
        self.after_ordinal = re.compile(
            rf"\s+(?P<word>{pw})(?:\s+(?:{links}|des|jahres|\s)*\s*(?P<year>{_YEAR}))?(?![\w])",
            re.IGNORECASE)
        self.digit_ordinal = re.compile(
            rf"(?<![\w.])(?P<n>[1-4])(?:\.|e|er|re|º|ª|\.º|\.er)\s+(?P<word>{pw})"
            rf"(?:\s+(?:{links}|\s)*\s*(?P<year>{_YEAR}))?(?![\w])", re.IGNORECASE)
        fiscal_years = _alternation([str(w) for w in local.get("fiscal_year_words", [])])
        # "das gesamte Geschäftsjahr", "l'ensemble de l'exercice 2025": a year of the company's
        # own calendar, named but not dated (a year after it says which one, not its months)
        self.fiscal_year = re.compile(
            rf"(?<![\w])(?:{fiscal_years})(?:\s+(?P<year>{_YEAR}(?:/\d{{2}})?))?(?![\w])",
            re.IGNORECASE) if fiscal_years else None
        ended = _alternation([str(w) for w in local.get("ended_words", [])])
        # "clos fin juin", "cerrado en junio", "das Ende Juni abgeschlossen wurde": the month a
        # period ended in, which says when it ended, not what the figures are of
        self.ended_before = re.compile(rf"(?<![\w])(?:{ended})(?:\s+[^\W\d_]+)?\s+$",
                                       re.IGNORECASE) if ended else None
        self.ended_after = re.compile(rf"\s+(?:{ended})(?![\w])",
                                      re.IGNORECASE) if ended else None
        self.range_link = re.compile(
            rf"\s+(?:{_alternation([str(w) for w in local.get('range_to', [])])})\s+",
            re.IGNORECASE) if local.get("range_to") else None
        self.quarter_code = re.compile(rf"(?<![\w])([QH][1-4])(?:\s*({_YEAR}))?(?![\w])")
        self.year = re.compile(rf"(?<![\w.,'’-]){_YEAR}(?![\w'’%-]|\s?%|[.,]\d)")
        # "im Vorjahresquartal", "sur un an", "interanual": what a change is compared with
        # (languages.yaml `cues`), as "a year earlier" is in English
        self.cues = {str(k).lower(): str(v) for k, v in local.get("cues", {}).items()}
        self.cue = re.compile(rf"(?<![\w])(?:{_alternation(list(self.cues))})(?![\w])",
                              re.IGNORECASE) if self.cues else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, English phrase) of every date phrase in ``text``, none overlapping."""
        v = self.vocab
        found: list[tuple[int, int, str]] = []
        for m in self.day_month.finditer(text):
            month = _MONTHS_EN[v.months[_fold(m.group("month"))] - 1]
            year = f" {m.group('year')}" if m.group("year") else ""
            found.append((m.start(), m.end(), f"{int(m.group('day'))} {month}{year}"))
        months = []
        for m in self.month_year.finditer(text):
            month = _MONTHS_EN[v.months[_fold(m.group("month"))] - 1]
            year = f" {m.group('year')}" if m.group("year") else ""
            months.append((m.start(), m.end(), f"{month}{year}"))
        found.extend(months)
        found.extend(self._month_ranges(text, months))
        for m in self.weekday.finditer(text):
            day = _DAYS_EN[_night_before(v.weekdays[_fold(m.group("day"))], m.group("night"))]
            edge = (m.group("pre") or m.group("post") or "").lower()
            which = "" if not edge else ("last " if edge in self.last else "next ")
            found.append((m.start(), m.end(), f"{which}{day}"))
        for m in self.relative_re.finditer(text):
            found.append((m.start(), m.end(), self.relative[_fold(m.group(0))]))
        found.extend(self._quarters(text))
        for m in self.quarter_code.finditer(text):
            found.append((m.start(), m.end(), " ".join(g for g in m.groups() if g).lower()))
        if self.fiscal_year is not None:
            for m in self.fiscal_year.finditer(text):
                year = f" {m.group('year')}" if m.group("year") else ""
                found.append((m.start(), m.end(), f"fiscal year{year}"))
        for m in self.year.finditer(text):
            found.append((m.start(), m.end(), m.group(0)))
        found = [self._ended(text, item) for item in found]
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[tuple[int, int, str]] = []
        for item in found:
            if out and item[0] < out[-1][1]:
                continue
            out.append(item)
        return out

    def _ended(self, text: str, item: tuple[int, int, str]) -> tuple[int, int, str]:
        """A month or day that ends a period ("le trimestre clos fin juin") as "ended June":
        named, not the figures' time."""
        if self.ended_before is None or self.ended_after is None or \
                not re.search(r"[a-z]", item[2]) or item[2].startswith(("fiscal", "ended")):
            return item
        if self.ended_before.search(text, max(0, item[0] - 30), item[0]) or \
                self.ended_after.match(text, item[1]):
            return (item[0], item[1], f"{self._ended_span(text, item[0])}ended {item[2]}")
        return item

    def _ended_span(self, text: str, end: int) -> str:
        """ "year " or "quarter " when the nearest period noun of the sentence before ``end``
        is a year of the company's own or a quarter ("son exercice décalé, clos fin juin":
        the year ended in June); "" when there is none."""
        start = max([0, *(m.end() for m in re.finditer(r"[.!?]\s", text[:end]))])
        nearest, kind = -1, ""
        if self.fiscal_year is not None:
            for m in self.fiscal_year.finditer(text, start, end):
                nearest, kind = m.start(), "year "
        for word, unit in self.period_words.items():
            for m in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text[start:end],
                                 re.IGNORECASE):
                if start + m.start() > nearest and unit.endswith(("quarter", "half")):
                    nearest, kind = start + m.start(), unit.split()[-1] + " "
        return kind

    def _month_ranges(self, text: str, months: list[tuple[int, int, str]]
                      ) -> list[tuple[int, int, str]]:
        """Two months joined by a word of range (languages.yaml `range_to`) are one span:
        "Juli bis September", "de juillet à septembre" -> "July to September"."""
        if self.range_link is None:
            return []
        return [(a[0], b[1], f"{a[2]} to {b[2]}") for a, b in itertools.pairwise(months)
                if self.range_link.fullmatch(text, a[1], b[0])]

    def _quarters(self, text: str) -> list[tuple[int, int, str]]:
        """ "im zweiten Quartal 2025", "au premier semestre", "2.º trimestre"."""
        out = []
        ordinals = [(w.start, w.end, int(w.value)) for w in word_numbers(text, self.lang)
                    if w.ordinal]
        for m in re.finditer(r"[^\W\d_]+", text):
            n = self.ordinals.get(m.group(0).lower())
            if n is not None:
                ordinals.append((m.start(), m.end(), n))
        for start, end, n in ordinals:
            after = self.after_ordinal.match(text, end)
            if after is None or n not in _ORDINALS_EN:
                continue
            out.append((start, after.end(),
                        self._period(n, after.group("word"), after.group("year"))))
        for d in self.digit_ordinal.finditer(text):
            out.append((d.start(), d.end(),
                        self._period(int(d.group("n")), d.group("word"), d.group("year"))))
        return out

    def _period(self, n: int, word: str, year: str | None) -> str:
        kind = self.period_words[word.lower()]
        if kind.endswith("half") and n > 2:
            return ""
        of = f" of {year}" if year else ""
        return f"{_ORDINALS_EN[n]} {kind}{of}"

    def spans(self, doc: Doc) -> list[Span]:
        """The date phrases of ``doc`` as PERIOD spans whose id is the English phrase, and its
        comparison cues as COMP_* spans (as the English span ruler writes them)."""
        out = []
        for start, end, english in self.find(doc.text):
            if not english:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                out.append(Span(doc, span.start, span.end, label=LABEL, span_id=english))
        if self.cue is not None:
            taken = {t for s in out for t in range(s.start, s.end)}
            for m in self.cue.finditer(doc.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span) and not taken & set(range(span.start,
                                                                             span.end)):
                    label = _CUE_LABELS[self.cues[" ".join(m.group(0).lower().split())]]
                    out.append(Span(doc, span.start, span.end, label=label))
        return out


# languages.yaml `cues` values -> the span labels of the English span ruler (timeline reads both)
_CUE_LABELS = {"yoy": "COMP_YOY", "mom": "COMP_MOM", "qoq": "COMP_QOQ"}


def _night_before(weekday: int, night: str | None) -> int:
    """The day whose evening a night leading into ``weekday`` began: "in der Nacht zum
    Montag wurde das Ergebnis verkündet" is Sunday night, as news dates such a night by the
    evening before (languages.yaml `night_before`)."""
    return (weekday - 1) % 7 if night else weekday


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _unit_words(vocab: LocaleVocab, unit: str) -> list[str]:
    return [w for w, u in vocab.units.items() if u == unit and " " not in w]
