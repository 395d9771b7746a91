"""Figures in text of a language other than English: the same :class:`Mention` records, read
with that language's number formats, scale words, currency and unit names (``locales``) and its
grammar of figures (data/languages.yaml).

"2,95 Milliarden Euro" -> 2950000000 EUR, "13.400 Stimmen" -> 13400, "81 118 spectateurs" ->
81118, "2.950 millones de euros" -> 2950000000 EUR, "300 millions de dollars" -> 300000000
DOLLAR (US dollars unless the article names another dollar country), "R$ 450 milhões" ->
450000000 BRL, "zwölf" -> 12, "un cuarto de punto" -> 0.25 percentage points, "25 punti base"
-> 0.25 percentage points, "la 22e minute" -> minute 22.

Ambiguity is settled by the article's language: "1.200" is 1200 in German, Spanish, Italian and
Portuguese (CLDR groups with dots there) and 1.2 in English, which keeps its own finder
(``mentions.MentionFinder``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.locales import (
    LocaleVocab,
    WordNumber,
    ago_words,
    locale_vocab,
    parse_local_number,
    word_numbers,
)
from extractor.claims.nlp.mentions import Mention, MentionFinder, leftmost_longest
from extractor.claims.nlp.units import UnitVocab, _alternation

__all__ = ["LocalMentionFinder", "finder_for"]

# A number written in words is masked with this private-use character, one for one, so that the
# figure patterns (written for digits) read it and offsets stay those of the text.
_MASK = "\ue000"
# How far an amount's currency carries to a later amount that names none: a paragraph or two
# (the five "millones" of a Spanish fine report follow their "de euros" within 600 characters).
_CARRY_CHARS = 800
# Digit ordinals: "22e", "1er", "2º", "1.er", "2.ª" (the suffixes CLDR's quarter names use).
_DIGIT_ORDINAL = r"\d{1,3}(?:e|er|re|ème|ᵉ|º|ª|°|\.º|\.ª|\.er|\.o)"


def finder_for(lexicon: Lexicon) -> MentionFinder:
    """The mention finder of the lexicon's language."""
    return MentionFinder(lexicon) if lexicon.lang == "en" else LocalMentionFinder(lexicon)


def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of ``lang`` (function words: articles, prepositions, pronouns)."""
    from spacy.util import get_lang_class

    return frozenset(w.lower() for w in get_lang_class(lang).Defaults.stop_words)


def _units_data(english: dict[str, Any], vocab: LocaleVocab,
                local: dict[str, Any]) -> dict[str, Any]:
    """data/units.yaml's shape with the language's words: CLDR unit and currency names and scale
    words, languages.yaml's percentage and basis points; symbols, ISO codes and the unit
    abbreviations (km, MW, °C) are international and stay."""
    cur = dict(english.get("currencies", {}))
    cur["words"] = dict(vocab.currency_words)
    words: dict[str, list[str]] = {}
    for word, unit in vocab.units.items():
        words.setdefault(unit, []).append(word)
    return {
        "words": words,
        "abbreviations": english.get("abbreviations", {}),
        "prefixes": {str(k).lower(): v for k, v in local.get("prefixes", {}).items()},
        "durations": english.get("durations", []),
        "percent": ["%", *vocab.percent, *local.get("percent", [])],
        "percentage_point": list(local.get("percentage_point", [])),
        "basis_point": list(local.get("basis_point", [])),
        "scales": {**vocab.letter_scales, **vocab.scales},
        "letter_scales": list(vocab.letter_scales),
        "currencies": cur,
    }


def _inside_sentence(text: str, start: int) -> bool:
    """Whether a word at ``start`` stands inside its sentence, not at its head (after a full
    stop, a colon, a line break or an opening quote)."""
    before = text[:start].rstrip(" \t\"'«“„‘")
    return bool(before) and before[-1] not in ".!?:\n"


# How far back the counts an elided "uno" follows may start ("11 votos a favor y uno").
_ELIDED_REACH = 60


class LocalMentionFinder(MentionFinder):
    """Compiled patterns for the figures of one language other than English."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.lang = lexicon.lang
        local = lexicon.local
        ambiguous = tuple(sorted(
            (str(name), tuple(sorted({*dict(spec.get("countries", {})).values(),
                                      *([spec["default"]] if spec.get("default") else [])})))
            for name, spec in lexicon.units.get("currencies", {}).get("ambiguous", {}).items()))
        self.vocab = locale_vocab(self.lang, ambiguous)
        self.units = UnitVocab(_units_data(lexicon.units, self.vocab, local))
        self.unit_factors = dict(self.vocab.unit_factors)
        self.vague = frozenset(str(w).lower() for w in local.get("vague", []))
        # the forms of the indefinite article text2num does not read as one ("einen", "eine")
        self.articles = frozenset(w for w in self.vague if not word_numbers(w, self.lang))
        self.article = re.compile(
            rf"(?<![\w-])(?:{_alternation(list(self.articles))})(?![\w-])",
            re.IGNORECASE) if self.articles else None
        # "mit einem Tor", "nach einem Sieg": the forms a preposition governs are the article
        self.oblique = frozenset(str(w).lower() for w in local.get("oblique_articles", []))
        tally = _alternation([str(w) for w in local.get("tally_nouns", [])])
        self.tally = re.compile(rf"\s+(?:{tally})(?![\w-])", re.IGNORECASE) if tally else None
        placing = _alternation(list(ago_words(self.lang)))
        later = _alternation([*ago_words(self.lang),
                              *(str(w) for w in local.get("later_words", []))])
        self.placed_before = re.compile(rf"(?<![\w])(?:{placing})\s+$",
                                        re.IGNORECASE) if placing else None
        self.placed_after = re.compile(rf"\s+(?:{later})(?![\w])",
                                       re.IGNORECASE) if later else None
        self.ordinal_words = {str(k).lower(): int(v) for k, v in local.get("ordinals", {}).items()}
        self.period_words = {str(k).lower() for k in local.get("period_words", {})}
        # words that make an ordinal a rank though they are function words ("deuxième plus
        # lourde", "segunda más poderosa"): spaCy lists "plus" and "más" as stop words
        self.stop_words = _stop_words(self.lang) - {
            str(w).lower() for w in local.get("superlative", [])}
        self.minute_words = {str(k).lower() for k in local.get("minute_words", [])}
        self.every_words = frozenset(str(w).lower() for w in local.get("every_words", []))
        self.noun_capitalising = frozenset(str(w).lower() for w in (
            lexicon.data.get("lexicon") or {}).get("noun_capitalising_languages", []))
        u = self.units
        groups = "".join(re.escape(g) for g in self.vocab.groups)
        dec = re.escape(self.vocab.decimal)
        digits = (rf"\d{{1,3}}(?:[{groups}]\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?"
                  rf"|\d+\.\d+(?!\d)")
        linkers = [str(w) for w in local.get("linkers", [])]
        glued = [w for w in linkers if w.endswith(("'", "’"))]
        spaced = [w for w in linkers if w not in glued]
        link = ""
        if linkers:
            parts = []
            if spaced:
                parts.append(rf"(?:{_alternation(spaced)})\s+")
            if glued:
                parts.append(rf"(?:{_alternation(glued)})")
            link = rf"(?:{'|'.join(parts)})?"
        letters = _alternation(list(self.vocab.letter_scales)) or r"(?!x)x"
        ages = _alternation([str(a) for a in local.get("age_suffixes", [])]) or r"(?!x)x"
        marks = "".join(re.escape(str(m)) for m in local.get("minute_marks", []))
        signs = _alternation([s for s in u.currency_symbols if not s[:1].isalpha()])
        percent = _alternation([*self.vocab.percent, *map(str, local.get("percent", []))])
        # "11 por ciento", "6 per cento": a percent word that holds a number word is no number
        self.percent_words = re.compile(rf"(?<![\w])(?:{percent or '(?!x)x'})(?![\w])",
                                        re.IGNORECASE)
        # "un seul but", "un solo punto": the article made a count by "single"
        single = _alternation([str(w) for w in local.get("single_words", [])]) or r"(?!x)x"
        # "vier weitere Jahre": a word for "more" between a number and its scale or unit
        more = _alternation([str(w) for w in local.get("more_words", [])]) or r"(?!x)x"
        unit_next = "|".join(p for p in (u.scale_words_pattern, u.pp_pattern, u.bp_pattern,
                                         u.currency_words_pattern, u.unit_words_pattern) if p)
        unit_next = rf"(?:{unit_next})(?![\w-])"
        self.main = re.compile(
            rf"(?<![\w.\-/$€£¥{_MASK}])(?P<cur>{u.symbol_pattern})?"
            rf"(?P<num>[+-]?(?:{digits})|{_MASK}+)"
            rf"(?:[-–](?P<num2>\d+(?:{dec}\d+)?)(?=\s?%))?"
            rf"(?:\s+(?P<more>{more})(?=\s+{unit_next}))?"
            rf"(?:\s?(?P<scale>{u.scale_words_pattern})(?![\w])"
            rf"|\s?(?P<lscale>{letters})(?![\w]))?"
            rf"(?:\s+(?P<single>{single})(?![\w]))?"
            r"(?:"
            rf"(?P<bp>[\s-]?(?:{u.bp_pattern}))(?![\w])"
            rf"|(?P<pp>[\s-]?(?:{u.pp_pattern}))(?![\w])"
            rf"|(?P<pct>\s?%|[\s-](?:{percent}))(?![\w])"
            rf"|(?P<curword>\s+{link}(?:{u.currency_words_pattern}))(?![\w])"
            rf"|(?P<cursym>\s?(?:{signs}))"
            rf"|(?P<age>-(?:{ages}))(?![\w])"
            rf"|(?P<unit>[\s-](?:{u.unit_words_pattern}))(?![\w-])"
            rf"|(?P<abbr>\s?(?-i:{u.abbreviation_pattern}))(?![\w/])"
            + (rf"|(?P<minute>[{marks}])(?![\w])" if marks else "")
            + r")?"
            r"(?![\w])(?!,\d)(?!\.\d)",
            re.IGNORECASE,
        )
        fractions = {str(k).lower(): int(v) for k, v in local.get("fractions", {}).items()}
        self.fraction_values = fractions
        frac_alt = _alternation(list(fractions)) or r"(?!x)x"
        vague = _alternation(list(self.vague)) or r"(?!x)x"
        self.fraction = re.compile(
            rf"(?<![\w-])(?:(?:{vague}|{_MASK}+)\s+)?(?P<frac>{frac_alt})\s+(?:(?:{link})\s*)?"
            rf"(?P<point>{u.pp_pattern})(?![\w])", re.IGNORECASE)
        # "media hora", "un cuarto de hora", "une demi-heure", "mezz'ora": a fraction of a
        # unit of time; "una hora y media", "une heure et demie": a half more
        durations = [w for w, unit in u.words.items() if unit in u.durations]
        self.fraction_unit = re.compile(
            rf"(?<![\w-])(?:(?:{vague})\s+)?(?P<frac>{frac_alt})(?:[\s-]+|(?<=['’]))"
            rf"(?:(?:{link})\s*)?(?P<unit>{_alternation(durations) or '(?!x)x'})(?![\w])",
            re.IGNORECASE)
        halves = [w for w, n in fractions.items() if n == 2]
        ands = _alternation([str(w) for w in local.get("and_words", [])]) or r"(?!x)x"
        self.and_a_half = re.compile(
            rf"\s+(?:{ands})\s+(?:{_alternation(halves) or '(?!x)x'})(?![\w])", re.IGNORECASE)
        compounds = {str(k).lower(): (float(v[0]), str(v[1]))
                     for k, v in local.get("fraction_compounds", {}).items()}
        self.compounds = compounds
        self.compound = re.compile(
            rf"(?<![\w-])(?:(?:{vague})\s+)?(?P<word>{_alternation(list(compounds))})(?![\w])",
            re.IGNORECASE) if compounds else None
        folds = _alternation(list(lexicon.words.get("fold_verbs", {})))
        self.fold_verb = re.compile(rf"(?<![\w-])(?:{folds or '(?!x)x'})(?![\w-])",
                                    re.IGNORECASE)
        prefixes = {str(k).lower(): int(v) for k, v in local.get("rank_prefixes", {}).items()}
        self.rank_prefixes = prefixes
        sup_suffixes = _alternation([str(s) for s in local.get("superlative_suffixes", [])])
        self.compound_rank = re.compile(
            rf"(?<![\w-])(?P<ord>{_alternation(list(prefixes))})\w+?(?:{sup_suffixes})(?![\w])",
            re.IGNORECASE) if prefixes and sup_suffixes else None
        self.digit_ordinal = re.compile(
            rf"(?<![\w.,])(?P<ord>{_DIGIT_ORDINAL})\s+(?P<next>[^\W\d_]+)", re.IGNORECASE)
        self.after_word = re.compile(r"\s+(?P<next>[^\W\d_][\w-]*)")
        hedges = "|".join(
            r"\s+".join(re.escape(w) for w in h.split())
            for h in sorted(lexicon.hedges, key=len, reverse=True))
        self.hedge = re.compile(
            rf"(?<![\w])(?P<hedge>{hedges or '(?!x)x'})\s+$", re.IGNORECASE)
        between = [str(w) for w in local.get("between", [])]
        if len(between) == 2:
            self.between_lead = re.compile(rf"\b{re.escape(between[0])}\s+$", re.IGNORECASE)
            self.between_and = re.compile(rf"\s+{re.escape(between[1])}\s+", re.IGNORECASE)
        self._words: dict[int, WordNumber] = {}
        self._text = ""
        before = _alternation([str(w) for w in local.get("clock_before", [])])
        words = r"[^\W\d_]+"
        self.clock = re.compile(
            r"(?<![\w.,])\d{1,2}(?:\s?[h:.]\s?\d{2}(?!\d|,\d)|\s?h(?![\w])|\s?Uhr(?![\w]))"
            + (rf"|(?<![\w])(?:{before})\s+(?:\d{{1,2}}(?![\d.,])|{words})" if before else ""),
            re.IGNORECASE)
        leads = [str(w) for w in local.get("minute_leads", [])]
        self.minute_lead = re.compile(rf"(?<![\w])(?:{_alternation(leads)})\s+$",
                                      re.IGNORECASE) if leads else None
        minute_prefixes = [str(k) for k, v in local.get("prefixes", {}).items()
                           if v == "minute"]
        self.minute_prefix = re.compile(
            rf"(?<![\w])(?:{_alternation(minute_prefixes)})\s+$",
            re.IGNORECASE) if minute_prefixes else None
        self.minute_mark_signs = frozenset(str(m) for m in local.get("minute_marks", []))
        and_word = re.escape(between[1]) if len(between) == 2 else r"(?!x)x"
        self.and_word = and_word
        range_to = _alternation([str(w) for w in local.get("range_to", [])]) or r"(?!x)x"
        self.list_join = re.compile(rf"\s+(?:{and_word}|{range_to})\s+", re.IGNORECASE)
        # digits, a few words (the counted noun and how it was counted), "and": "11 votos a
        # favor y" before an "uno" that stands for one more of them
        self.elided_after = re.compile(
            rf"(?<![\w.,])\d+(?:\s+[^\W\d_]+){{1,3}}\s+{and_word}\s+$", re.IGNORECASE)
        prefix_words = _alternation(list(self.units.prefixes))
        self.prefix_lead = re.compile(
            rf"(?<![\w])(?P<link>[^\W\d_]+)\s+(?P<prefix>{prefix_words})\s+$",
            re.IGNORECASE) if prefix_words else None
        # what may follow a minute that stands alone: the end of its clause or "and" and the next
        self.clause_end = re.compile(rf"\s*(?:[^\w\s]|$|(?:{and_word})(?![\w]))",
                                     re.IGNORECASE)
        self.bare_ordinal = re.compile(rf"(?<![\w.,])(?P<ord>{_DIGIT_ORDINAL})(?![\w])",
                                       re.IGNORECASE)
        dot_after = _alternation([str(w) for w in local.get("dot_ordinal_after", [])])
        self.dot_ordinal = re.compile(
            rf"(?<![\w])(?:{dot_after})\s+(?P<ord>\d{{1,3}})\.\s(?P<next>[^\W\d_][\w-]*)",
            re.IGNORECASE) if dot_after else None
        links = local.get("compound_links")
        self.unit_compound = re.compile(
            rf"(?<![\w-])(?P<num>[^\W\d_]+?)(?P<unit>{u.unit_words_pattern})"
            rf"(?:{_alternation([str(w) for w in links]) or '(?!x)x'})?"
            r"(?P<rest>[^\W\d_]{3,})(?![\w-])",
            re.IGNORECASE) if links is not None and u.unit_words_pattern else None
        half = local.get("half_suffix")
        self.half = re.compile(rf"(?<![\w])(?P<n>[^\W\d_]+?){re.escape(half)}(?![\w])",
                               re.IGNORECASE) if half else None

    # ------------------------------------------------------------------ finding

    def excluded_ranges(self, text: str) -> list[tuple[int, int]]:
        """Phone numbers, dates, URLs (as English) and clock times as this language writes
        them: "a las 12.33", "à 12 h 33", "um 8 Uhr", "às 11h", "a las seis"."""
        ranges = super().excluded_ranges(text)
        ranges.extend(m.span() for m in self.clock.finditer(text))
        return sorted(ranges)

    def find(self, text: str) -> list[Mention]:
        """Every figure in ``text``, left to right, none overlapping."""
        numbers = [w for w in word_numbers(text, self.lang) if not self._scale_word(text, w)]
        numbers.extend(self._halves(text))
        numbers.extend(self._article_ones(text, numbers))
        self._words = {w.start: w for w in numbers if not w.ordinal}
        self._text = text  # the words behind the masked number words
        shadow = list(text)
        percents = [m.span() for m in self.percent_words.finditer(text)]
        numbers = [w for w in numbers
                   if not any(a <= w.start and w.end <= b for a, b in percents)]
        for w in numbers:
            if not w.ordinal:
                shadow[w.start:w.end] = _MASK * (w.end - w.start)
        masked = "".join(shadow)
        found: list[Mention] = []
        found.extend(self._ranks(text, numbers))
        for m in self.fold_verb.finditer(text):
            fold = self.lexicon.words["fold_verbs"].get(m.group(0).lower())
            if fold is not None:
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "fold", float(fold), "multiple",
                    None, "exact")))
        for m in self.fraction.finditer(masked):
            share = 1 / self.fraction_values[m.group("frac").lower()]
            found.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start("frac"), m.end("frac"), "pp", share,
                "percentage_point", m.group("point"), "exact")))
        for m in self.fraction_unit.finditer(masked):
            unit = self.units.unit(m.group("unit"))
            found.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start("frac"), m.end("frac"), "number",
                1 / self.fraction_values[m.group("frac").lower()], unit, m.group("unit"),
                "exact")))
        if self.compound is not None:
            for m in self.compound.finditer(text):
                value, unit = self.compounds[m.group("word").lower()]
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start("word"), m.end("word"), "pp", value, unit,
                    m.group("word"), "exact")))
        found.extend(self._unit_compounds(text))
        for m in self.main.finditer(masked):
            for mention in self._main(m):
                mention = self._with_hedge(text, mention)
                if not self._span_that_dates(text, mention):
                    found.append(mention)
        found = [self._and_a_half(text, f) for f in found]
        mentions = self._between(text, leftmost_longest(found))
        mentions = self._carried_currency(self._listed_with_next(text, mentions))
        return self._match_minutes(text, self._repeated_prefix(text, mentions))

    def _and_a_half(self, text: str, m: Mention) -> Mention:
        """ "una hora y media", "uma hora e meia", "une heure et demie": a span of time and a
        half (languages.yaml `and_words` and the fractions of two)."""
        if m.unit not in self.units.durations or m.kind != "number":
            return m
        half = self.and_a_half.match(text, m.end)
        if half is None:
            return m
        return dataclasses.replace(m, end=half.end(), value=m.value + 0.5)

    def _repeated_prefix(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "de magnitude 7,7 selon l'USGS et de 7,9 selon le centre chinois": a plain number
        after "and" and the same small word that led an earlier number's prefix unit
        (languages.yaml `prefixes`) in the sentence is in that unit: the coordination repeats
        the preposition and leaves the noun out."""
        if self.prefix_lead is None:
            return mentions
        out = list(mentions)
        for i, a in enumerate(out):
            lead = self.prefix_lead.search(text, max(0, a.start - 40), a.start)
            if a.kind != "number" or lead is None:
                continue
            unit = self.units.prefixes[" ".join(lead.group("prefix").lower().split())]
            again = re.compile(
                rf"(?<![\w])(?:{self.and_word})\s+{re.escape(lead.group('link'))}\s+$",
                re.IGNORECASE)
            for j in range(i + 1, len(out)):
                b = out[j]
                if re.search(r"[.!?;]\s", text[a.end:b.start]):
                    break  # the sentence (or its clause) has ended
                if b.kind == "number" and b.unit is None and not b.scaled and \
                        again.search(text, max(0, b.start - 40), b.start):
                    out[j] = Mention(b.start, b.end, b.num_start, b.num_end, "number", b.value,
                                     unit, None, b.qualifier)
        return out

    def _listed_with_next(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "un matrimonio de 81 y 77 años", "eine Spanne von 4,25 bis 4,50 Prozent", "2,52 bis
        2,62 Dollar": a plain
        number joined by "and" (languages.yaml `between`) or "to" (`range_to`) to the next
        figure, which names its unit, is in that unit: the language writes the unit once for
        the two. A range with "between" ("entre 3 y 4 %") is ``_between``'s; a scale is not
        shared ("3 y 4 millones" may be 3 of anything)."""
        out = list(mentions)
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            if a.kind != "number" or a.unit is not None or a.scaled or a.bound or b.bound or \
                    b.scaled or b.unit is None or \
                    b.kind not in ("number", "percent", "pp", "money") or \
                    not self.list_join.fullmatch(text[a.end:b.start]):
                continue
            out[i] = Mention(a.start, a.end, a.num_start, a.num_end, b.kind, a.value, b.unit,
                             b.unit_text, a.qualifier)
        return out

    # ------------------------------------------------------------------ minutes of a match

    def _after_minute_lead(self, text: str, start: int) -> bool:
        """Whether the words just before ``start`` introduce the minute of a match
        (languages.yaml `minute_leads`: "en el", "aos", "à la", "in der")."""
        return self.minute_lead is not None and \
            self.minute_lead.search(text, max(0, start - 24), start) is not None

    def _states_a_minute(self, text: str, mentions: list[Mention]) -> bool:
        """Whether the article names the minute of a match in so many words: a minute mark ("al
        12'"), a minute prefix ("en el minuto 12"), an ordinal of the minute word ("à la 22e
        minute") or a number of minutes after a minute lead ("aos 22 minutos"). A duration
        alone ("huit minutes plus tard", "12 minutos después") is no such evidence."""
        for m in mentions:
            numeral = text[m.num_start:m.num_end]
            if m.unit == "minute" and (
                    m.unit_text in self.minute_mark_signs
                    or re.fullmatch(_DIGIT_ORDINAL, numeral, re.IGNORECASE)
                    or self._after_minute_lead(text, m.start)):
                return True
            if m.kind == "number" and m.unit is None and self.minute_prefix is not None and \
                    self.minute_prefix.search(text, max(0, m.start - 16), m.start):
                return True
        return False

    def _bare_minute(self, text: str, m: Mention) -> bool:
        """ "completó su doblete en el 63;", "ampliou aos 30, com...", "en el 73 y": a plain
        number of 1 to 120 (a match with extra time) after a minute lead that ends its clause
        or is followed by "and" is the minute of a match (in an article that states one)."""
        numeral = text[m.num_start:m.num_end]
        return m.kind == "number" and m.unit is None and not m.scaled and \
            numeral.isdigit() and 1 <= m.value <= 120 and \
            self._after_minute_lead(text, m.start) and \
            self.clause_end.match(text, m.end) is not None

    def _bare_ordinal_minutes(self, text: str, taken: list[Mention]) -> list[Mention]:
        """ "Juste avant la pause (43e), ...", "à la 43e, Palmer...": a digit ordinal of 1 to
        120 on its own in brackets, or after a minute lead at the end of its clause, is the
        minute of a match (in an article that states one)."""
        out: list[Mention] = []
        for m in self.bare_ordinal.finditer(text):
            value = float(re.sub(r"\D.*", "", m.group("ord")))
            if not 1 <= value <= 120 or any(t.start < m.end() and m.start() < t.end
                                            for t in taken):
                continue
            bracketed = text[:m.start()].rstrip().endswith("(") and \
                text[m.end():].lstrip().startswith(")")
            led = self._after_minute_lead(text, m.start()) and \
                self.clause_end.match(text, m.end()) is not None
            if bracketed or led:
                out.append(Mention(m.start(), m.end(), m.start(), m.end(), "number", value,
                                   "minute", None, "exact"))
        return out

    def _match_minutes(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Minutes of a match written without the minute word: "en el 63", "aos 30", "(43e)".
        A number after "en el" or "aos" is as often an age ("murió a los 81") or a count, so it
        is read as a minute only where the same article states a minute in so many words
        (``_states_a_minute``): a match report does, an obituary or an economic report does
        not. The evidence is the article's own, not a list of football words."""
        if self.minute_lead is None or not self._states_a_minute(text, mentions):
            return mentions
        out: list[Mention] = []
        for m in mentions:
            if self._bare_minute(text, m):
                lead = self.minute_lead.search(text, max(0, m.start - 24), m.start)
                start = lead.start() if lead is not None else m.start
                m = Mention(start, m.end, m.num_start, m.num_end, "number", m.value, "minute",
                            None, "exact")
            out.append(m)
        out.extend(self._bare_ordinal_minutes(text, mentions))
        return sorted(out, key=lambda x: x.start)

    @staticmethod
    def _carried_currency(mentions: list[Mention]) -> list[Mention]:
        """ "2.420 millones" after "4.340 millones de euros": an amount with a scale word and no
        unit is in the currency of the amount with a scale word just before it (news in these
        languages names the currency once and then drops it)."""
        out = list(mentions)
        last: Mention | None = None
        for i, m in enumerate(out):
            if m.kind == "money" and m.scaled:
                last = m
            elif m.kind == "number" and m.unit is None and m.scaled and last is not None and \
                    m.start - last.end < _CARRY_CHARS:
                out[i] = Mention(m.start, m.end, m.num_start, m.num_end, "money", m.value,
                                 last.unit, None, m.qualifier, m.scaled, m.bound)
        return out

    def _article_ones(self, text: str, numbers: list[WordNumber]) -> list[WordNumber]:
        """ "Die Bank senkte den Zins um einen Prozentpunkt", "eine Million Menschen": the forms
        of the indefinite article text2num does not read (it reads "ein", not "einen" or
        "eine"; languages.yaml `vague`) are the number one, as "ein" is. Alone they stay no
        figure (``_one``); before a unit, a scale word or a tally noun they count."""
        if self.article is None:
            return []
        return [WordNumber(m.start(), m.end(), 1.0, False) for m in self.article.finditer(text)
                if not any(w.start < m.end() and m.start() < w.end for w in numbers)]

    def _tally_end(self, text: str, end: int) -> int | None:
        """Where the tally noun (languages.yaml `tally_nouns`) right after ``end`` ends, if one
        is there: "Ein Sitz ging an die Liste" counts one seat, as English "one seat"."""
        m = self.tally.match(text, end) if self.tally is not None else None
        return m.end() if m is not None else None

    def _span_that_dates(self, text: str, m: Mention) -> bool:
        """ "vor einem Jahr", "ein Jahr später", "hace un año", "un anno fa": the article and a
        unit of time that place another time (dateparser's word for "ago", before or after it,
        or languages.yaml `later_words` after it) state no span, as English "a year ago"
        (figures.a_span_that_dates); hedged ("vor weniger als einem Jahr"), they say how long."""
        if m.value != 1 or m.unit not in self.units.durations or m.start < m.num_start or \
                text[m.num_start:m.num_end].lower() not in self.vague:
            return False
        return bool(self.placed_before and self.placed_before.search(
            text, max(0, m.start - 16), m.start)) or \
            bool(self.placed_after and self.placed_after.match(text, m.end))

    def _unit_compounds(self, text: str) -> list[Mention]:
        """ "ein Dreijahresvertrag", "die Zehnminutenpause": a compound noun that opens with a
        number word and a unit word (joined by languages.yaml `compound_links`) states that
        many of the unit, as English "a three-year contract". The article "ein" opening a
        compound is no number ("Eintagsfliege")."""
        if self.unit_compound is None:
            return []
        out: list[Mention] = []
        for m in self.unit_compound.finditer(text):
            num = m.group("num")
            read = word_numbers(num, self.lang)
            if num.lower() in self.vague or len(read) != 1 or read[0].ordinal or \
                    read[0].end - read[0].start != len(num):
                continue
            unit = self.units.unit(m.group("unit"))
            if unit is None:
                continue
            out.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start(), m.end("num"), "number", read[0].value, unit,
                m.group("unit"), "exact")))
        return out

    def _halves(self, text: str) -> list[WordNumber]:
        """ "dreieinhalb Jahre": a number word and a half (languages.yaml `half_suffix`)."""
        if self.half is None:
            return []
        out = []
        for m in self.half.finditer(text):
            inner = word_numbers(m.group("n"), self.lang)
            if len(inner) == 1 and inner[0].end - inner[0].start == len(m.group("n")):
                out.append(WordNumber(m.start(), m.end(), inner[0].value + 0.5, False))
        return out

    def _scale_word(self, text: str, w: WordNumber) -> bool:
        """ "2,95 Milliarden": a scale word after digits multiplies them; text2num reads it
        as a number of its own."""
        before = text[max(0, w.start - 12):w.start].rstrip()
        word = " ".join(text[w.start:w.end].lower().split())
        if word in self.units.scales and w.value >= 1e6:
            return True  # "plusieurs milliards": a scale word alone is no figure either
        # "costó 180 millones un año después": text2num reads "millones un" as 1000001, but the
        # scale is the digits' and the "un" an article
        return bool(before) and before[-1].isdigit() and word.split()[0] in self.units.scales

    @staticmethod
    def _plural_ordinal(ordinal: str, after: str) -> bool:
        """An ordinal that agrees with a plural noun names the first (second) few of a kind,
        not a place in an order: "les premières mesures", "los primeros casos" (both words with
        a plural "s")."""
        return ordinal.lower().endswith("s") and after.lower().endswith(("s", "x"))

    def _title_ordinal(self, text: str, start: int, after: str) -> bool:
        """A capitalised ordinal inside a sentence, before a lower-case word, opens a title or a
        name in a language that capitalises only names: "le Premier ministre", "la Primera
        dama" rank nothing (German capitalises every noun, and a nominal ordinal with it:
        "wurde Zweiter hinter Bayern")."""
        if self.lang in self.noun_capitalising or not text[start].isupper() or \
                not after[:1].islower():
            return False
        return _inside_sentence(text, start)

    def _nominal_ordinal(self, text: str, start: int, nxt: re.Match[str] | None) -> bool:
        """A capitalised ordinal inside a sentence with no noun after it (punctuation or a
        lower-case word) is a noun of its own in a language that capitalises nouns: "Die
        Mannschaft wurde Dritter vor dem Rivalen" ranks third, "jeder Dritte" is one in three
        (after `every_words`)."""
        if self.lang not in self.noun_capitalising or not text[start].isupper() or \
                (nxt is not None and not nxt.group("next")[:1].islower()):
            return False
        return _inside_sentence(text, start)

    def _every_before(self, text: str, start: int) -> int | None:
        """Where the word for "every" right before an ordinal starts, if one is there
        (languages.yaml `every_words`): "jeder vierte Wähler" is one voter in four."""
        m = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 20):start])
        if m is None or m.group(1).lower() not in self.every_words:
            return None
        return max(0, start - 20) + m.start(1)

    def _ranks(self, text: str, numbers: list[WordNumber]) -> list[Mention]:
        """Ordinals that rank ("zweithöchste", "deuxième plus lourde", "segunda ciudad") and
        ordinal minutes of a match ("la 22e minute")."""
        out: list[Mention] = []
        ordinals: list[tuple[int, int, float]] = [(w.start, w.end, w.value) for w in numbers
                                                  if w.ordinal]
        for m in re.finditer(r"[^\W\d_]+", text):
            known = self.ordinal_words.get(m.group(0).lower())
            if known is not None:
                ordinals.append((m.start(), m.end(), float(known)))
        for start, end, value in ordinals:
            nxt = self.after_word.match(text, end)
            if self._nominal_ordinal(text, start, nxt):
                every = self._every_before(text, start)
                if every is not None and value > 1:  # "jeder Dritte": one in three
                    nominal = Mention(every, end, every, end, "fraction", 1 / value, None,
                                      None, "exact")
                else:  # "wurde Dritter": third place
                    nominal = Mention(start, end, start, end, "rank", value, "rank", None,
                                      "exact")
                out.append(self._with_hedge(text, nominal))
                continue
            if nxt is None or nxt.group("next").lower() in self.period_words or \
                    nxt.group("next").lower() in self.stop_words or \
                    self._plural_ordinal(text[start:end], nxt.group("next")) or \
                    self._title_ordinal(text, start, nxt.group("next")):
                # "im zweiten Quartal" is a period, "segundo" alone a second, "segundo a REN"
                # ("according to") and "prima del" rank nothing
                continue
            word = nxt.group("next").lower()
            if word in self.minute_words:
                out.append(Mention(start, nxt.end(), start, end, "number", value, "minute",
                                   nxt.group("next"), "exact"))
                continue
            every = self._every_before(text, start)
            if every is not None and value > 1:
                # "jede siebte Zweitstimme": one in seven, a share
                out.append(self._with_hedge(text, Mention(every, nxt.end(), every, end,
                                                          "fraction", 1 / value, None, None,
                                                          "exact")))
                continue
            out.append(self._with_hedge(text, Mention(start, nxt.end(), start, end, "rank",
                                                      value, "rank", None, "exact")))
        for m in self.digit_ordinal.finditer(text):
            value = float(re.sub(r"\D.*", "", m.group("ord")))
            word = m.group("next").lower()
            if word in self.period_words:
                continue
            unit, kind = ("minute", "number") if word in self.minute_words else ("rank", "rank")
            end = m.end() if unit == "minute" else m.end("ord")
            out.append(Mention(m.start(), end, m.start(), m.end("ord"), kind, value, unit,
                               m.group("next") if unit == "minute" else None, "exact"))
        out.extend(self._dot_ordinals(text))
        if self.compound_rank is not None:
            for m in self.compound_rank.finditer(text):
                value = self.rank_prefixes[m.group("ord").lower()]
                out.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "rank", float(value), "rank",
                    None, "exact")))
        return out

    def _dot_ordinals(self, text: str) -> list[Mention]:
        """ "zum 20. Meistertitel", "in der 30. Minute": digits and a full stop after an
        article (languages.yaml `dot_ordinal_after`) before a capitalised noun are an ordinal,
        a rank or (before the minute word) the minute of a match. Not a date ("am 23. Juni":
        a month name), nor a sentence's end before the next ("... 64. Ein ...": a function
        word), nor a club's name ("des 1. FC Köln": an abbreviation), nor a quarter."""
        if self.dot_ordinal is None:
            return []
        out: list[Mention] = []
        for m in self.dot_ordinal.finditer(text):
            word = m.group("next")
            low = word.lower()
            if not (word[:1].isupper() and word[1:2].islower()) or low in self.vocab.months or \
                    low in self.stop_words or low in self.period_words:
                continue
            value = float(m.group("ord"))
            if low in self.minute_words:
                out.append(Mention(m.start("ord"), m.end("next"), m.start("ord"), m.end("ord"),
                                   "number", value, "minute", word, "exact"))
            else:
                out.append(self._with_hedge(text, Mention(
                    m.start("ord"), m.end("ord") + 1, m.start("ord"), m.end("ord"), "rank",
                    value, "rank", None, "exact")))
        return out

    # ------------------------------------------------------------------ reading

    def _elided_count(self, text: str, start: int) -> bool:
        """Whether "uno" ends a pair of counts whose noun it leaves out: "con 11 voti
        favorevoli e uno contrario", "11 votos a favor y uno en contra": one more of them,
        not an article."""
        return bool(self.elided_after.search(text, max(0, start - _ELIDED_REACH), start))

    def number_value(self, text: str, start: int, end: int) -> float | None:
        word = self._words.get(start)
        if word is not None:
            return word.value
        return parse_local_number(text[start:end], self.vocab)

    def _one(self, m: re.Match[str]) -> Mention | None:
        u = self.units
        num_start, num_end = m.start("num"), m.end("num")
        word = self._words.get(num_start)
        num_text = m.group("num")
        if word is not None:
            value: float | None = word.value
        else:
            value = parse_local_number(num_text, self.vocab)
        if value is None:
            return None
        cur = m.group("cur")
        currency = (u.currency(cur.strip()) or cur.strip()) if cur else None
        if m.group("cursym"):
            currency = currency or u.currency(m.group("cursym").strip())
        scaled = False
        scale, lscale = m.group("scale"), m.group("lscale")
        if scale:
            value *= u.scales.get(" ".join(scale.lower().split()), 1.0)
            scaled = True
        elif lscale:
            if not currency and not m.group("curword"):
                return None  # "15 M" without a currency: metres as likely as millions
            value *= u.scales.get(lscale.lower(), 1.0)
            scaled = True
        kind, unit, unit_text = "number", None, None
        if m.group("bp"):
            kind, unit, unit_text = "pp", "percentage_point", m.group("bp").strip(" -")
            value /= 100
        elif m.group("pp"):
            kind, unit, unit_text = "pp", "percentage_point", m.group("pp").strip(" -")
        elif m.group("pct"):
            kind, unit, unit_text = "percent", "percent", m.group("pct").strip(" -")
        elif m.group("curword"):
            written = m.group("curword").strip()
            name = re.sub(r"^(?:\S+\s+|\S+['’])", "", written) if written.lower() not in \
                u.currency_words else written
            currency = currency or u.currency(name) or u.currency(written)
            unit_text = written
        elif m.group("age"):
            unit, unit_text = "year", m.group("age").strip("-")
        elif m.group("unit") or m.group("abbr"):
            unit_text = (m.group("unit") or m.group("abbr")).strip(" -")
            unit = u.unit(unit_text)
            value *= self.unit_factors.get(" ".join(unit_text.lower().split()), 1.0)
        elif "minute" in m.groupdict() and m.group("minute"):
            unit, unit_text = "minute", m.group("minute")
        if currency:
            kind, unit = "money", currency
            if not unit_text:
                unit_text = (cur or m.group("cursym") or "").strip()
        end = m.end()
        if kind == "number" and unit is None and not scaled and (
                (word is not None and value == 1) or num_text.lower() in self.vague) and \
                not m.group("single") and not self._elided_count(m.string, m.start()):
            tally = self._tally_end(m.string, end) if value == 1 and \
                self._text[num_start:num_end].lower() not in self.oblique else None
            if tally is None:
                return None  # "un", "ein": the article, too ambiguous to be a figure on its own
            end = tally  # "Ein Sitz": the count one of a tally noun
        return Mention(m.start(), end, num_start, num_end, kind, value, unit, unit_text,
                       "exact", scaled)
