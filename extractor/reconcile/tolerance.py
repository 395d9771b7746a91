"""Every stated figure as an interval, so that two statements agree when their intervals meet.

The rule follows AggChecker (SIGMOD 2019): a figure is wrong only when the true value cannot be
rounded to it. A stated figure is its value plus or minus half a unit of its last stated digit,
widened by its hedge ("about", "nearly", "more than"). Changes, multiples and fractions ("+660%",
"sevenfold", "about half") are put on one scale, the ratio new/old, so that they can be compared
with each other and with the ratio of two levels.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from extractor.core.records import Claim

__all__ = [
    "OCCURRENCE_MEASURES",
    "UNREAD",
    "Interval",
    "canonical_unit",
    "claim_interval",
    "implied_ratio",
    "is_distinctive",
    "ratio_interval",
    "read_unit",
    "rounding_step",
    "same_figure",
    "slip_of_the_pen",
    "stated_interval",
]

INF = math.inf
# Floating point noise when a value went through text -> float -> arithmetic (0.1 + 0.2 != 0.3).
_EPS = 1e-9

# "about X": X rounded to two significant figures, whose worst-case error is 5% of X (a leading
# digit of 1: 10 stands for 9.5..10.5). 5% therefore covers every two-figure rounding of X.
ABOUT_RELATIVE = 0.05
# "nearly X" / "almost X": just under X, by less than such a rounding.
NEARLY_RELATIVE = ABOUT_RELATIVE


@dataclass(frozen=True)
class Interval:
    """A closed interval of values a statement admits (``lo`` may be -inf, ``hi`` +inf)."""

    lo: float
    hi: float

    def meets(self, other: Interval) -> bool:
        """Whether some value is admitted by both."""
        return self.lo <= other.hi + _EPS * max(1.0, abs(other.hi)) and (
            other.lo <= self.hi + _EPS * max(1.0, abs(self.hi))
        )

    def intersect(self, other: Interval) -> Interval | None:
        if not self.meets(other):
            return None
        return Interval(max(self.lo, other.lo), min(self.hi, other.hi))

    def contains(self, value: float) -> bool:
        return self.lo - _EPS <= value <= self.hi + _EPS

    def scaled(self, factor: float) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def __str__(self) -> str:
        def fmt(x: float) -> str:
            if math.isinf(x):
                return "∞" if x > 0 else "-∞"
            return f"{x:.4g}"

        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"


# --------------------------------------------------------------------------- units

# Units that measure the same dimension, with the factor to the canonical unit. General
# measurement vocabulary (SI and the common imperial units), nothing from any one story.
_UNIT_FACTORS: dict[str, tuple[str, float]] = {
    # mass: a bare "ton" in news is the metric tonne (wire style books: Reuters, AP write "tonnes"
    # or "metric tons"); only an explicit "short ton" or "long ton" means the imperial ones.
    "tonne": ("tonne", 1.0),
    "tonnes": ("tonne", 1.0),
    "ton": ("tonne", 1.0),
    "tons": ("tonne", 1.0),
    "metric ton": ("tonne", 1.0),
    "metric tons": ("tonne", 1.0),
    "metric tonne": ("tonne", 1.0),
    "metric tonnes": ("tonne", 1.0),
    "t": ("tonne", 1.0),
    "short ton": ("tonne", 0.90718474),
    "short tons": ("tonne", 0.90718474),
    "long ton": ("tonne", 1.0160469),
    "long tons": ("tonne", 1.0160469),
    "kilotonne": ("tonne", 1e3),
    "kt": ("tonne", 1e3),
    "megatonne": ("tonne", 1e6),
    "kilogram": ("tonne", 1e-3),
    "kg": ("tonne", 1e-3),
    "gram": ("tonne", 1e-6),
    "g": ("tonne", 1e-6),
    "pound": ("tonne", 0.00045359237),
    "lb": ("tonne", 0.00045359237),
    "ounce": ("tonne", 2.8349523125e-5),
    # length
    "metre": ("metre", 1.0),
    "meter": ("metre", 1.0),
    "m": ("metre", 1.0),
    "kilometre": ("metre", 1e3),
    "kilometer": ("metre", 1e3),
    "km": ("metre", 1e3),
    "mile": ("metre", 1609.344),
    "foot": ("metre", 0.3048),
    # time
    "day": ("day", 1.0),
    "days": ("day", 1.0),
    "week": ("day", 7.0),
    "weeks": ("day", 7.0),
    "hour": ("day", 1 / 24),
    # ratios
    "percent": ("percent", 1.0),
    "%": ("percent", 1.0),
    "per cent": ("percent", 1.0),
    "percentage_point": ("percentage_point", 1.0),
    "multiple": ("multiple", 1.0),
    "count": ("count", 1.0),
    "rank": ("rank", 1.0),
}


# Units of measures an occurrence has once and for all: an earthquake's magnitude. A count of its
# victims grows from report to report (a running total); its magnitude is measured once, and
# revised, if at all, within its first hours. Two such figures are never readings of one running
# figure.
OCCURRENCE_MEASURES = frozenset({"magnitude"})


def canonical_unit(unit: str | None) -> tuple[str | None, float]:
    """The canonical unit of a normalised or written unit, and the factor to convert into it."""
    if unit is None:
        return None, 1.0
    key = unit.strip().lower()
    if key in _UNIT_FACTORS:
        return _UNIT_FACTORS[key]
    # Currencies are ISO codes already (USD, EUR): keep them as they are, never convert between
    # them (exchange rates change; a fact-checker compares amounts in the currency stated).
    return unit.strip(), 1.0


# read_unit's answer for a figure whose unit the extractor did not read.
UNREAD = "?"
# ISO 4217 codes have three letters; a currency name the extractor could not tie to one country
# it writes in capitals as it is ("PESO", "FRANC", "DOLLAR": models/units.yaml `ambiguous`).
# Such an amount may be in any of several currencies, so it is compared as one whose unit was
# not read: "3.1 billion pesos" can be the "₱3.1bn" of another outlet.
_AMBIGUOUS_CURRENCY = re.compile(r"[A-Z]{4,}")


def read_unit(claim: Claim) -> str | None:
    """The claim's canonical unit (None when none is written), or UNREAD when the extractor did
    not read the one written.

    A figure written next to a currency sign (Unicode category Sc: "₺4.8bn", "₹500 crore")
    whose unit came out as a bare count (or nothing) had its currency misread, and a currency
    name left ambiguous ("PESO") names no one currency: either may be in any unit, and is
    compared as such.
    """
    unit = canonical_unit(claim.unit)[0]
    if unit and _AMBIGUOUS_CURRENCY.fullmatch(unit):
        return UNREAD
    if unit not in (None, "count"):
        return unit
    at = claim.start - claim.sentence_start
    around = claim.text + (claim.sentence[at - 1] if 0 < at <= len(claim.sentence) else "")
    if any(unicodedata.category(ch) == "Sc" for ch in around):
        return UNREAD
    return unit


# --------------------------------------------------------------------------- rounding

# The number as written: digits with thousands separators (comma, dot-less spaces of any kind),
# a decimal point, or full-width digits. The extractor keeps the text as written, so the stated
# precision is read from it.
_NUMBER = re.compile(r"[0-9０-９](?:[0-9０-９,\u00a0\u202f\u2009 ](?=[0-9０-９])|[0-9０-９])*"
                     r"(?:[.·][0-9０-９]+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _digits_step(written: str) -> tuple[float, float] | None:
    """(number, step of its last significant digit) of the first number written in ``written``."""
    match = _NUMBER.search(written)
    if not match:
        return None
    raw = match.group(0).translate(_FULLWIDTH)
    raw = re.sub(r"[,\u00a0\u202f\u2009 ]", "", raw).replace("·", ".")
    try:
        number = float(raw)
    except ValueError:
        return None
    if "." in raw:
        decimals = len(raw.split(".", 1)[1])
        return number, 10.0 ** -decimals
    digits = raw.lstrip("0") or "0"
    trailing = len(digits) - len(digits.rstrip("0"))
    if trailing == 0 or digits == "0":
        return number, 1.0
    # A whole number ending in zeros ("160%", "3,200", "270,000") may be rounded. Take it as
    # rounded to two significant figures, as news copy rounds: one figure would let "100 dead"
    # agree with "140 dead"; two keeps "160%" consistent with 157.5%.
    significant = len(digits) - trailing
    kept = max(significant, 2)
    return number, 10.0 ** max(len(digits) - kept, 0)


def rounding_step(value: float, text: str | None) -> float:
    """The unit of the last stated digit of ``value`` as written in ``text``, in value's scale."""
    if value == 0:
        return 1.0
    parsed = _digits_step(text or "")
    if parsed and parsed[0] > 0:
        number, step = parsed
        # Scale words ("$500 million", "1.2bn") make the value a power of ten times the written
        # number; the step scales with it.
        exponent = math.log10(abs(value) / number)
        # Any other factor means the text's first number is not this value's ("seven of the 17"
        # for 7): fall back to the rule for numbers in words.
        if abs(exponent - round(exponent)) < 1e-6:
            return step * 10.0 ** round(exponent)
    # No digits written ("sevenfold", "about half", "two-thirds"): a number in words states one
    # significant figure.
    return 10.0 ** math.floor(math.log10(abs(value)))


def stated_interval(
    value: float, text: str | None, qualifier: str = "exact", *, lower: float | None = None
) -> Interval:
    """The values a figure admits: rounding of its last stated digit widened by its hedge.

    The hedge bounds the magnitude, so "fell more than 38%" (-38) admits -38 and below.
    ``lower`` is a floor the quantity cannot go under (0 for levels and shares).
    """
    half = rounding_step(value, text) / 2
    magnitude = abs(value)
    if qualifier == "about":
        lo, hi = magnitude - max(half, ABOUT_RELATIVE * magnitude), magnitude + max(
            half, ABOUT_RELATIVE * magnitude
        )
    elif qualifier == "nearly":
        lo, hi = magnitude - max(half, NEARLY_RELATIVE * magnitude), magnitude + half
    elif qualifier in ("more_than", "at_least"):
        lo, hi = magnitude - half, INF
    elif qualifier in ("less_than", "up_to"):
        lo, hi = -INF, magnitude + half
    else:
        lo, hi = magnitude - half, magnitude + half
    if value < 0:
        lo, hi = -hi, -lo
    if lower is not None:
        lo = max(lo, lower)
        hi = max(hi, lower)
    return Interval(lo, hi)


# "X times higher/more/larger" is read as X or as X + 1 (Cochrane style guides warn about it):
# the interval covers both, so neither reading is called an error.
_TIMES_MORE = re.compile(r"\btimes\s+(?:higher|more|greater|larger|bigger|as\s+(?:high|much))",
                         re.IGNORECASE)


def ratio_interval(claim: Claim) -> Interval | None:
    """A change or a multiple on the ratio scale new/old (+660% -> 7.6, "half" -> 0.5)."""
    if claim.value is None or not math.isfinite(claim.value):
        return None
    if claim.basis == "change" and canonical_unit(claim.unit)[0] == "percent":
        pct = stated_interval(claim.value, claim.text, claim.qualifier)
        # a ratio cannot be negative: "-120%" is a misreading, not a ratio below zero
        return Interval(max(1 + pct.lo / 100, 0.0), max(1 + pct.hi / 100, 0.0))
    if claim.basis == "multiple" or canonical_unit(claim.unit)[0] == "multiple":
        value = claim.value
        if claim.direction == "down" and value > 1:
            # "fell threefold" is new = old / 3
            interval = stated_interval(value, claim.text, claim.qualifier, lower=0.0)
            return Interval(1 / interval.hi if interval.hi > 0 else 0.0,
                            1 / interval.lo if interval.lo > 0 else INF)
        interval = stated_interval(value, claim.text, claim.qualifier, lower=0.0)
        if _TIMES_MORE.search(claim.text or ""):
            interval = Interval(interval.lo, interval.hi + 1)
        return interval
    return None


def claim_interval(claim: Claim) -> Interval | None:
    """The interval a quantity claim admits, in its canonical unit (ratios for changes)."""
    if claim.value is None or not math.isfinite(claim.value):
        return None  # no value, or a misread one (NaN, infinity) that admits nothing to compare
    ratio = ratio_interval(claim)
    if ratio is not None:
        return ratio
    unit, factor = canonical_unit(claim.unit)
    floor = 0.0 if claim.basis in ("absolute", "share", "rank") else None
    interval = stated_interval(claim.value, claim.text, claim.qualifier, lower=floor)
    if claim.basis == "share" and unit == "percent":
        interval = Interval(interval.lo, min(interval.hi, 100.0))
    return interval.scaled(factor) if factor != 1.0 else interval


def implied_ratio(old: Interval, new: Interval) -> Interval | None:
    """The ratio new/old that two levels imply, with their rounding (46 -> 353 t: 7.59..7.76)."""
    if old.lo <= 0 or math.isinf(old.hi) or math.isinf(new.hi) or new.lo < 0:
        return None
    return Interval(new.lo / old.hi, new.hi / old.lo)


def is_distinctive(claim: Claim) -> bool:
    """Whether the same figure in two articles is unlikely to be a coincidence.

    Three or more significant digits ("3,188", "157.5") match by chance about once in a thousand
    pairs; round figures ("90%", "seven", "500 million") recur across unrelated statements.
    """
    if claim.value is None or claim.value == 0 or not math.isfinite(claim.value):
        return False
    step = rounding_step(claim.value, claim.text)
    return abs(claim.value) / step >= 100 - _EPS


def same_figure(a: Claim, b: Claim) -> bool:
    """Same stated figure: same canonical unit and each value inside the other's rounding."""
    if a.value is None or b.value is None or not (math.isfinite(a.value)
                                                  and math.isfinite(b.value)):
        return False
    ua, fa = canonical_unit(a.unit)
    ub, fb = canonical_unit(b.unit)
    if ua != ub:
        return False
    ia = stated_interval(a.value, a.text).scaled(fa)
    ib = stated_interval(b.value, b.text).scaled(fb)
    return ia.contains(b.value * fb) and ib.contains(a.value * fa)


def _written_digits(claim: Claim) -> str:
    """The digits of the first number written in the claim's text ("1,464" -> "1464")."""
    match = _NUMBER.search(claim.text or "")
    return re.sub(r"\D", "", match.group(0).translate(_FULLWIDTH)) if match else ""


def slip_of_the_pen(a: Claim, b: Claim) -> bool:
    """Whether two written figures differ by the commonest typing errors: two adjacent digits
    swapped (1,644 / 1,464; 82.5 / 85.2), one digit wrong (6.3 / 5.3), or one digit too many or
    too few (220,000 / 22,000). Two figures a slip apart stand for one figure mistyped, not for
    two moments of a running count; figures of fewer than two digits are never called one."""
    x, y = _written_digits(a), _written_digits(b)
    if not x or not y or x == y or max(len(x), len(y)) < 2:
        return False
    if len(x) == len(y):
        wrong = [i for i in range(len(x)) if x[i] != y[i]]
        return len(wrong) == 1 or (len(wrong) == 2 and wrong[1] == wrong[0] + 1
                                   and x[wrong[0]] == y[wrong[1]] and x[wrong[1]] == y[wrong[0]])
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))
