"""Numbers as news text writes them: separators, decimals, scales, word numbers, fractions, folds.

``normalize_text`` maps typographic variants to ASCII one character for one character, so that
offsets into the normalised text are offsets into the original (``Claim.start``/``end`` stay
valid against ``Article.text``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractor.core.data import read_yaml

__all__ = [
    "FOLD_VERBS",
    "FRACTIONS",
    "GROUP_WORDS",
    "ORDINALS",
    "SCALES",
    "TENS_WORDS",
    "UNIT_WORDS",
    "WORD_NUMBERS",
    "normalize_text",
    "parse_fold",
    "parse_fraction",
    "parse_number",
    "parse_ordinal",
]

# Spaces that typesetters put inside numbers ("3 188", "1 200"): no-break, narrow no-break, thin,
# figure and punctuation spaces.
_NUMBER_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a"
_MINUSES = "\u2212\u2012\u2013\ufe63\uff0d"  # minus sign, figure dash, en dash, small/full-width -
_GROUPED = re.compile(rf"(?<=\d)[{_NUMBER_SPACES}](?=\d{{3}}(?!\d))")
_SIGNED = re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=\())[{_MINUSES}](?=\d)")

# One source for each vocabulary: the number words of data/lexicon.yaml and the scale words of
# data/units.yaml (the mention finder builds its patterns from the same tables).
_LEXICON = read_yaml("lexicon.yaml")
UNIT_WORDS: dict[str, int] = dict(_LEXICON["units_words"])
TENS_WORDS: dict[str, int] = dict(_LEXICON["tens_words"])
GROUP_WORDS: dict[str, int] = dict(_LEXICON["group_words"])
WORD_NUMBERS: dict[str, int] = {**UNIT_WORDS, **TENS_WORDS, **GROUP_WORDS,
                                **{f"a {w}": v for w, v in GROUP_WORDS.items()}}
ORDINALS: dict[str, int] = dict(_LEXICON["ordinals"])
FRACTIONS: dict[str, int] = dict(_LEXICON["fractions"])
SCALES: dict[str, float] = {str(k).lower(): float(v)
                            for k, v in read_yaml("units.yaml")["scales"].items()}
FOLD_VERBS: dict[str, float] = {str(k): float(v) for k, v in _LEXICON["fold_verbs"].items()}

_DIGITS = re.compile(
    r"^(?P<sign>[+-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?(?P<scale>[a-z]+)?$"
)


def normalize_text(text: str, lang: str = "en") -> str:
    """``text`` with full-width forms, Unicode minus signs and in-number spaces made ASCII.

    The result has exactly the same length, so character offsets carry over unchanged. A space
    inside a digit group becomes the group sign of ``lang``'s numbers as newsclaims reads them:
    "," in English ("3 188" -> "3,188"), a plain space elsewhere (French "81 118": a comma would
    be its decimal sign).
    """
    if text.isascii():
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ord(ch) < 128:
            continue
        if "\uff01" <= ch <= "\uff5e":  # full-width ASCII block: digits, letters, %, comma
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1:
                chars[i] = folded
    out = "".join(chars)
    out = _GROUPED.sub("," if lang == "en" else " ", out)  # "3 188" -> "3,188": same length
    out = _SIGNED.sub("-", out)
    return out


def _clean(text: str) -> str:
    text = normalize_text(text).strip().lower()
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """The value of a number as written: "3,188", "157.5", "1.2bn", "270 thousand", "seven",
    "twenty-five", "two hundred", "-12"; None when ``text`` is not a number."""
    s = _clean(text).replace("−", "-")
    if not s:
        return None
    m = _DIGITS.match(s.replace(" ", ""))
    if m and (m.group("int") or m.group("frac")):
        value = float((m.group("int") or "0").replace(",", "") + (m.group("frac") or ""))
        scale = m.group("scale")
        if scale:
            if scale not in SCALES:
                return None
            value *= SCALES[scale]
        return -value if m.group("sign") == "-" else value
    return _parse_words(s)


def _parse_words(s: str) -> float | None:
    parts = [p for p in re.split(r"[\s-]+", s.replace(" and ", " ")) if p]
    if not parts:
        return None
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    s = re.sub(r"^half an? ", "0.5 ", s)  # "half a million"
    if len(parts) >= 2 and parts[0] in ("a", "an") and parts[1] in ("dozen", "hundred",
                                                                      "thousand", "million",
                                                                      "billion", "trillion"):
        parts = ["one", *parts[1:]]
    total, current, seen = 0.0, 0.0, False
    for i, part in enumerate(parts):
        digit = _DIGITS.match(part)
        if part == "dozen":
            current = (current or 1) * 12  # "two dozen"
        elif part in WORD_NUMBERS:
            current += WORD_NUMBERS[part]
        elif digit and (digit.group("int") or digit.group("frac")) and \
                not digit.group("scale") and i == 0:
            current += float(part.replace(",", ""))
        elif part in SCALES and seen:
            if part == "hundred":
                current *= 100
            else:
                total += current * SCALES[part]
                current = 0.0
        else:
            return None
        seen = True
    return total + current


@lru_cache(maxsize=1024)
def parse_fraction(text: str) -> float | None:
    """ "half", "a third", "two-thirds", "three quarters" -> 0.5, 0.333…, 0.666…, 0.75."""
    parts = [p for p in re.split(r"[\s-]+", _clean(text)) if p]
    if not parts or parts[-1] not in FRACTIONS:
        return None
    denominator = FRACTIONS[parts[-1]]
    if len(parts) == 1:
        return 1 / denominator if parts[0].startswith("half") else None
    numerator = 1.0 if parts[0] in ("a", "an", "one") else parse_number(parts[0])
    if numerator is None or len(parts) > 2:
        return None
    return numerator / denominator


@lru_cache(maxsize=1024)
def parse_fold(text: str) -> float | None:
    """A multiple: "sevenfold", "7-fold", "seven times", "doubled" -> 7, 7, 7, 2."""
    s = _clean(text)
    if s in FOLD_VERBS:
        return FOLD_VERBS[s]
    m = re.fullmatch(r"(.+?)[\s-]?fold", s) or re.fullmatch(r"(.+?)\s+times", s)
    if not m:
        return None
    return parse_number(m.group(1))


def parse_ordinal(text: str) -> int | None:
    """ "second" or "2nd" -> 2."""
    s = _clean(text)
    if s in ORDINALS:
        return ORDINALS[s]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", s)
    return int(m.group(1)) if m else None
