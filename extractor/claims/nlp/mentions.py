"""Figures in text: where each number, amount, percentage, fold or rank is, and what it says.

One compiled regex pass over the (normalised) text finds the figures; the spaCy components then
read their context from the parse. Matching on characters rather than tokens keeps "$500M",
"1.2bn", "38%-lower" and "sevenfold" whole whatever the tokenizer does with them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.numbers import (
    FRACTIONS,
    GROUP_WORDS,
    ORDINALS,
    SCALES,
    TENS_WORDS,
    UNIT_WORDS,
    parse_fold,
    parse_fraction,
    parse_number,
)
from extractor.claims.nlp.units import UnitVocab

__all__ = ["Mention", "MentionFinder", "leftmost_longest"]

MentionKind = str  # number | money | percent | pp | fold | fraction | rank


@dataclass(frozen=True)
class Mention:
    """One figure as found in the text, before its context is read."""

    start: int  # of the whole figure, hedge included
    end: int
    num_start: int  # of the number itself (for the parse)
    num_end: int
    kind: MentionKind
    value: float
    unit: str | None  # normalised
    unit_text: str | None  # as written
    qualifier: str  # exact | about | more_than | ...
    scaled: bool = False  # a scale word or letter was applied ("million", "bn")
    bound: str = ""  # "low"/"high" for the two ends of a range ("5-7%", "between 5 and 7%")


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first (so "seventeen" is not read as "seven")."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_UNITS = rf"(?:{_alternatives(UNIT_WORDS)})"
_TENS = rf"(?:{_alternatives(TENS_WORDS)})"
_ONES = rf"(?:{_alternatives(w for w, v in UNIT_WORDS.items() if 1 <= v <= 9)})"
_SCALE_WORDS = _alternatives(w for w in SCALES if len(w) > 2 and w != "hundred")
# "a quarter of a million", "two-thirds of a billion"
_OF_A_SCALE = re.compile(rf"\s+of\s+an?\s+({_SCALE_WORDS})\b", re.IGNORECASE)
_HALF_A = rf"half\s+a(?=\s+(?:{_SCALE_WORDS}))"  # "half a million"
_GROUP = rf"(?:a\s+)?(?:{_alternatives(GROUP_WORDS)})"
_A_SCALE = rf"an?(?=\s+(?:{_SCALE_WORDS}|hundred)\b)"  # "a billion dollars", "a hundred feet"
_WORDNUM = rf"(?:{_TENS}(?:[- ]{_ONES})?|{_UNITS}|{_GROUP}|{_HALF_A}|{_A_SCALE})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"

# "a quarter point", "half a percentage point", "a quarter of a percentage point", "half-point"
_POINT = re.compile(r"(?:\s+of)?(?:\s+a)?[\s-]+((?:percentage[\s-]+)?points?)\b",
                    re.IGNORECASE)
# "the 71st minute", "in the 22nd and 30th minutes": the minute of a match (or of an hour)
_MINUTE = re.compile(r"[\s-]+minutes?\b", re.IGNORECASE)
_AND_MINUTE = re.compile(r"\s+and\s+(?:the\s+)?\d+(?:st|nd|rd|th)[\s-]+minutes\b", re.IGNORECASE)
# "a full percentage point", "a percentage point": one point ("a point" alone is too vague)
_A_POINT = re.compile(r"(?<![\w-])an?\s+(?:full\s+)?(?P<unit>percentage[\s-]+points?)\b",
                      re.IGNORECASE)
# "second straight decline", "third consecutive month", "the fourth loss in a row": a streak
_STREAK = re.compile(
    r"\s+(?:straight|consecutive|successive)\b|(?:\s+[\w-]+){1,3}\s+in\s+a\s+row\b",
    re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
# Word numbers too vague to be a figure alone ("zero tolerance", "dozen"); "one" is read in its
# sentence (figures.lone_one): "one of the" is no figure, "only one death" is
_VAGUE = frozenset({"dozen", "zero"})
# "twice" before what it multiplies ("twice as many", "more than twice the 4.1 GWh") is a
# multiple; before anything else ("scored twice", "cut rates twice more") it counts occurrences
_TWICE = re.compile(r"(?<![\w-])(?P<w>twice|thrice|once)(?![\w-])", re.IGNORECASE)
_MULTIPLIES = re.compile(
    r"\s+(?:as|the|that|what|its|their|his|her|this|these|those|\w+er\s+than"
    r"|more\s+(?:\w+\s+)?than)\b", re.IGNORECASE)
_TIMES_WORDS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_MINUS = re.compile(r"(?<![\w])minus\s+$", re.IGNORECASE)
_DURING = frozenset({"over", "under"})

# "one in five adults", "1 in 3": a share (the second number is small: "3 in 2024" is a date)
_ONE_IN = re.compile(
    rf"(?<![\w.-])(?P<n>\d{{1,3}}|{_UNITS}|{_TENS})\s+in\s+(?:every\s+)?"
    rf"(?P<of>\d{{1,3}}|{_UNITS}|{_TENS})(?![\w.,-])",
    re.IGNORECASE,
)

# Text that looks numeric but is never a claim: phone numbers, ISO dates and clock times, list
# numerals at the start of a line, URLs.
_NOT_FIGURES = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}"
    r"|(?:\+\d{1,3}[\s.-]?)?\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]?\d{3,4}|\b\d{3}-\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|(?m:^[ \t]*\(?\d{1,2}[.)](?=\s))"
    r"|\bhttps?://\S+|\bwww\.\S+|\S+@\S+\.\w+",
)


def leftmost_longest(found: list[Mention]) -> list[Mention]:
    """Mentions that do not overlap, the leftmost first and, from one start, the longest: the
    regex passes find "$500 million" and "500" both; the figure is the longer."""
    result: list[Mention] = []
    for mention in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
        if result and mention.start < result[-1].end:
            continue
        result.append(mention)
    return result


class MentionFinder:
    """Compiled patterns for the figures of one vocabulary."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.units = UnitVocab(lexicon.units)
        u = self.units
        self.main = re.compile(
            rf"(?<![\w.\-/$€£¥])(?P<cur>{u.symbol_pattern})?"
            rf"(?P<num>[+-]?(?:{_DIGITS})|{_WORDNUM})(?:[-–](?P<num2>\d+(?:\.\d+)?)(?=\s?%))?"
            r"(?P<half>\s+and\s+a\s+half(?=\s))?"  # "four and a half hours"
            rf"(?:[\s-]?(?P<scale>{u.scale_words_pattern})\b"
            rf"|(?P<lscale>bn|mn|mln|tn|trn|m|b|k|M|B|K)(?![\w]))?"
            r"(?:"
            rf"(?P<bp>[\s-]?(?:{u.bp_pattern}))\b"
            rf"|(?P<pp>\s?(?:{u.pp_pattern}))\b"
            rf"|(?P<pct>\s?(?:{u.percent_pattern}))"
            r"|(?P<fold>[- ]?fold)\b"
            r"|(?P<times>\s+times)\b"
            rf"|(?P<curword>(?:\s+|(?<=[a-z])-)(?:{u.currency_words_pattern}))\b"
            # "a 6.1-magnitude quake", "a five-year contract", "the 22-year-old": a hyphen
            # joins a unit too, but not "two second-half goals"
            rf"|(?P<unit>[\s-](?:{u.unit_words_pattern}))\b(?!-(?!old\b)\w)"
            rf"|(?P<abbr>\s?(?-i:{u.abbreviation_pattern}))(?![\w/])"
            r")?"
            r"(?![\w])(?!,\d)(?!\.\d)",
            re.IGNORECASE,
        )
        fractions = "|".join(sorted(FRACTIONS, key=len, reverse=True))
        self.fraction = re.compile(
            rf"(?<![\w-])(?:(?:a|an|one|{_UNITS}|{_TENS})[\s-])?(?:{fractions})"
            r"(?![\w]|-(?!points?\b))",
            re.IGNORECASE,
        )
        folds = "|".join(sorted(lexicon.words.get("fold_verbs", {}), key=len, reverse=True))
        self.fold_verb = re.compile(rf"(?<![\w-])(?:{folds})(?![\w-])", re.IGNORECASE)
        ordinals = "|".join(sorted(ORDINALS, key=len, reverse=True))
        sup = "|".join(sorted(lexicon.superlatives, key=len, reverse=True))
        self.ordinal = re.compile(rf"(?<![\w-])(?:{ordinals}|\d+(?:st|nd|rd|th))(?![\w-])",
                                  re.IGNORECASE)
        self.rank = re.compile(
            rf"(?<![\w-])(?P<ord>{ordinals}|\d+(?:st|nd|rd|th))[\s-]+"
            rf"(?:most\s+\w+|(?:{sup})|\w+est)(?![\w-])",
            re.IGNORECASE,
        )
        hedges = "|".join(
            r"\s+".join(re.escape(w) for w in h.split())
            for h in sorted(lexicon.hedges, key=len, reverse=True)
        )
        self.hedge = re.compile(rf"(?<![\w])(?P<hedge>{hedges})\s+$", re.IGNORECASE)
        # "a decade", "an hour", "a year and a half": one unit of time ("a second" is as often
        # the ordinal: "added a second")
        spans = [w for w, unit in u.words.items() if unit in u.durations and unit != "second"
                 and " " not in w and not w.endswith("s")]
        self.span_of_one = re.compile(
            rf"(?<![\w-])(?P<a>an?)\s+(?P<unit>{_alternatives(spans)})"
            r"(?P<half>\s+and\s+a\s+half)?(?![\w-])", re.IGNORECASE)
        self.fraction_of_time = re.compile(
            rf"[\s-](?:of\s+)?(?:an?\s+)?(?P<unit>{_alternatives(spans)})(?![\w-])", re.IGNORECASE)

    def excluded_ranges(self, text: str) -> list[tuple[int, int]]:
        """Character ranges that hold no figure (phone numbers, dates, clock times, URLs)."""
        return [m.span() for m in _NOT_FIGURES.finditer(text)]

    def find(self, text: str) -> list[Mention]:
        """Every figure in ``text``, left to right, none overlapping."""
        found: list[Mention] = []
        for m in self.ordinal.finditer(text):
            value = ORDINALS.get(m.group(0).lower()) or int(re.sub(r"\D", "", m.group(0)))
            minute = _MINUTE.match(text, m.end())
            if minute is not None:
                found.append(Mention(m.start(), minute.end(), m.start(), m.end(), "number",
                                     float(value), "minute", minute.group(0).strip(" -"),
                                     "exact"))
            elif _AND_MINUTE.match(text, m.end()):  # the "22nd" of "the 22nd and 30th minutes"
                found.append(Mention(m.start(), m.end(), m.start(), m.end(), "number",
                                     float(value), "minute", "minutes", "exact"))
            elif _STREAK.match(text, m.end()):
                # "a second straight quarterly decline", "the third loss in a row": a run of
                # that many, a count
                found.append(Mention(m.start(), m.end(), m.start(), m.end(), "number",
                                     float(value), "count", None, "exact"))
            else:
                # "finished fourth", "the seventh coach to lift the trophy": a place in an
                # order when its context says so (figures.ordinal_not_rank reads the parse)
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "rank", float(value), "rank",
                    None, "exact")))
        for m in self.rank.finditer(text):
            value = ORDINALS.get(m.group("ord").lower()) or int(re.sub(r"\D", "", m.group("ord")))
            found.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start("ord"), m.end("ord"), "rank", float(value),
                "rank", None, "exact")))
        for m in self.fold_verb.finditer(text):
            fold = parse_fold(m.group(0))
            if fold is not None:
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "fold", fold, "multiple",
                    None, "exact")))
        for m in self.fraction.finditer(text):
            share = parse_fraction(m.group(0))
            point = _POINT.match(text, m.end())
            if share is None and point is not None and m.group(0).lower() in FRACTIONS:
                share = 1 / FRACTIONS[m.group(0).lower()]  # "two more quarter-point cuts"
            span = self.fraction_of_time.match(text, m.end())
            if share is not None and span is not None:
                # "the half hour before the collapse", "half a day": a fraction of a unit of time
                found.append(self._with_hedge(text, Mention(
                    m.start(), span.end(), m.start(), m.end(), "number", share,
                    self.units.unit(span.group("unit")), span.group("unit"), "exact")))
                continue
            scale = _OF_A_SCALE.match(text, m.end())
            if share is not None and scale is not None:
                # "a quarter of a million jobs": a fraction of a scale word is a number
                found.append(self._with_hedge(text, Mention(
                    m.start(), scale.end(), m.start(), scale.end(), "number",
                    share * SCALES[scale.group(1).lower()], None, None, "exact", True)))
                continue
            if share is not None and point is not None:
                # "a quarter point", "half a percentage point": a fraction of a point
                found.append(self._with_hedge(text, Mention(
                    m.start(), point.end(), m.start(), m.end(), "pp", share,
                    "percentage_point", point.group(1), "exact")))
            elif share is not None:
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "fraction", share, None,
                    None, "exact")))
        for m in _A_POINT.finditer(text):  # "a full percentage point": one point
            found.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start(), m.end(), "pp", 1.0, "percentage_point",
                m.group("unit"), "exact")))
        for m in self.span_of_one.finditer(text):
            unit = self.units.unit(m.group("unit"))
            found.append(self._with_hedge(text, Mention(
                m.start(), m.end(), m.start("a"), m.end("a"), "number",
                1.5 if m.group("half") else 1.0, unit, m.group("unit"), "exact")))
        for m in _TWICE.finditer(text):
            times = _TIMES_WORDS[m.group("w").lower()]
            if times > 1 and _MULTIPLIES.match(text, m.end()):
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "fold", times, "multiple",
                    m.group("w"), "exact")))
            else:  # "scored twice": occurrences, a count
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "number", times, "count",
                    m.group("w"), "exact")))
        for m in _ONE_IN.finditer(text):
            n, of = parse_number(m.group("n")), parse_number(m.group("of"))
            if n is not None and of and n < of:
                found.append(self._with_hedge(text, Mention(
                    m.start(), m.end(), m.start(), m.end(), "fraction", n / of, None,
                    None, "exact")))
        for m in self.main.finditer(text):
            for mention in self._main(m):
                found.append(self._with_hedge(text, mention))
        return self._to_range(text, self._between(text, leftmost_longest(found)))

    # the words of a range ("between 5 and 7"); a language's finder sets its own
    between_lead: re.Pattern[str] = _BETWEEN
    between_and: re.Pattern[str] = _AND

    def _between(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "between 5 and 7 per cent": the two ends of a range, the unit (and scale) of the
        second applying to the first."""
        out = list(mentions)
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            lead = self.between_lead.search(text[max(0, a.start - 12):a.start])
            if lead is None or not self.between_and.fullmatch(text[a.end:b.start]) or \
                    a.bound or b.bound:
                continue
            if a.kind not in ("number", b.kind) or (a.unit is not None and a.unit != b.unit):
                continue
            value = a.value
            if b.scaled and not a.scaled:  # "between 5 and 7 million": 5 million
                b_num = self.number_value(text, b.num_start, b.num_end)
                value *= b.value / b_num if b_num else 1.0
            if value >= b.value:
                continue
            start = a.start - (len(text[max(0, a.start - 12):a.start]) - lead.start())
            out[i] = Mention(start, a.end, a.num_start, a.num_end, b.kind, value, b.unit,
                             b.unit_text, "at_least" if a.qualifier == "exact" else a.qualifier,
                             b.scaled, "low")
            out[i + 1] = dataclasses.replace(
                b, qualifier="up_to" if b.qualifier == "exact" else b.qualifier, bound="high")
        return out

    @staticmethod
    def _to_range(text: str, mentions: list[Mention]) -> list[Mention]:
        """ "1 to 3 inches", "from about 3,000 to 5,000 megawatts": a bare number before "to"
        and a figure with a unit is in that unit (and scale); without "from" the two are a
        range's ends ("from 3,000 to 5,000" is a change, each end a level)."""
        out = list(mentions)
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            if a.kind != "number" or a.unit is not None or a.bound or b.bound or \
                    b.kind not in ("number", "money", "percent", "pp") or b.unit is None or \
                    _TO.fullmatch(text[a.end:b.start]) is None or b.qualifier != "exact":
                continue
            value = a.value
            if b.scaled and not a.scaled:  # "from 3 to 5 million"
                b_num = parse_number(text[b.num_start:b.num_end])
                value *= b.value / b_num if b_num else 1.0
            ranged = not _FROM.search(text[max(0, a.start - 6):a.start]) and value < b.value
            out[i] = Mention(a.start, a.end, a.num_start, a.num_end, b.kind, value, b.unit,
                             b.unit_text, "at_least" if ranged and a.qualifier == "exact"
                             else a.qualifier, b.scaled, "low" if ranged else "")
            if ranged:
                out[i + 1] = dataclasses.replace(b, qualifier="up_to", bound="high")
        return out

    def number_value(self, text: str, start: int, end: int) -> float | None:
        """The value of the number written at ``text[start:end]``."""
        return parse_number(text[start:end])

    def _main(self, m: re.Match[str]) -> list[Mention]:
        one = self._one(m)
        if one is None:
            return []
        if not m.group("num2"):
            return [one]
        # "5-7%": two claims, the low end "at least", the high end "up to". A midpoint would be
        # a figure nobody stated: "about 6%" would conflict with an outlet's "5%", while the two
        # bounds agree with any figure inside the range (see docs/claims.md).
        high = float(m.group("num2"))
        if high <= one.value:
            return []
        low = Mention(one.start, m.end("num"), one.num_start, m.end("num"), one.kind, one.value,
                      one.unit, one.unit_text, "at_least", one.scaled, "low")
        top = Mention(m.start("num2"), one.end, m.start("num2"), m.end("num2"), one.kind, high,
                      one.unit, one.unit_text, "up_to", one.scaled, "high")
        return [low, top]

    def _one(self, m: re.Match[str]) -> Mention | None:
        u = self.units
        num_text = m.group("num")
        value = 0.5 if num_text.lower().startswith("half") else parse_number(num_text)
        if num_text.lower() in ("a", "an"):
            if not m.group("scale"):
                return None
            value = 1.0  # "a billion dollars"
        if value is None:
            return None
        if m.group("half"):
            value += 0.5  # "four and a half hours", "two and a half times"
        qualifier = "exact"
        end = m.end()
        cur = m.group("cur")
        # a currency sign with no unambiguous code is kept as written ("₿" is its own unit)
        currency = (u.currency(cur.strip()) or cur.strip()) if cur else None
        scaled = False
        scale = m.group("scale")
        lscale = m.group("lscale")
        if scale:
            value *= u.scales.get(scale.lower(), 100.0 if scale.lower() == "hundred" else 1.0)
            scaled = True
        elif lscale:
            low = lscale.lower()
            if low in u.letter_scales and not currency and not (
                    lscale == "K" and re.fullmatch(r"\d{2,3}", num_text)):
                # "500m" without a currency is more often metres than millions: leave it out;
                # a capital K after two or three digits is thousands ("384K", "22K")
                return None
            value *= u.scales.get(low, 1.0)
            scaled = True
        kind = "number"
        unit: str | None = None
        unit_text: str | None = None
        if m.group("bp"):  # hundredths of a percentage point
            kind, unit, unit_text = "pp", "percentage_point", m.group("bp").strip(" -")
            value /= 100
        elif m.group("pp"):
            kind, unit, unit_text = "pp", "percentage_point", m.group("pp").strip()
        elif m.group("pct"):
            kind, unit, unit_text = "percent", "percent", m.group("pct").strip()
        elif m.group("fold") or m.group("times"):
            kind, unit = "fold", "multiple"
            unit_text = (m.group("fold") or m.group("times")).strip(" -")
        elif m.group("curword"):
            word = m.group("curword").strip(" -")
            currency = currency or u.currency(word)
            unit_text = word
            value *= u.subunits.get(" ".join(word.lower().split()), 1.0)  # "38 cents"
        elif m.group("unit") and m.group("unit").strip(" -").lower() in u.prefixes and \
                re.match(r"\s+\d", m.string[m.end():]):
            end = m.start("unit")  # "four magnitude 6.3 quakes": the unit is the next number's
        elif m.group("unit") or m.group("abbr"):
            unit_text = (m.group("unit") or m.group("abbr")).strip(" -")
            unit, factor = u.scaled_unit(u.unit(unit_text))
            value *= factor
            if unit == "pound_mass" and scaled:
                # "half a million pounds", "3 billion pounds": money, sterling unless the
                # article names another country of pounds (resolved with its countries)
                currency = "POUND"
        if currency:
            kind, unit = "money", currency
            if cur and not unit_text:
                unit_text = cur.strip()
        if kind == "number" and unit is None and not scaled and num_text.lower() in _VAGUE:
            return None  # "one app", "one of the": too ambiguous to be a figure on its own
        return Mention(m.start(), end, m.start("num"), m.end("num"), kind, value, unit,
                       unit_text, qualifier, scaled)

    def _with_hedge(self, text: str, mention: Mention) -> Mention:
        # the longest hedge ("no fewer than", "in excess of") is under 24 characters
        window = text[max(0, mention.start - 24):mention.start]
        minus = _MINUS.search(window)
        if minus:  # "minus 12 degrees": a negative level, not a fall
            mention = Mention(mention.start - (len(window) - minus.start()), mention.end,
                              mention.num_start, mention.num_end, mention.kind, -mention.value,
                              mention.unit, mention.unit_text, mention.qualifier, mention.scaled)
            window = text[max(0, mention.start - 24):mention.start]
        h = self.hedge.search(window)
        if not h:
            return mention
        hedge = " ".join(h.group("hedge").lower().split())
        if hedge in _DURING and mention.unit in self.units.durations:
            return mention  # "over ten years" is a span of time, not "more than ten years"
        qualifier = self.lexicon.hedges.get(hedge, "exact")
        start = mention.start - (len(window) - h.start("hedge"))
        return Mention(start, mention.end, mention.num_start, mention.num_end, mention.kind,
                       mention.value, mention.unit, mention.unit_text, qualifier, mention.scaled)
