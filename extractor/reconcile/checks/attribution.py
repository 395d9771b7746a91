"""Attribution rules: a right figure attached to the wrong thing (another period, another
measure) where the outlet's own text and other outlets say what it belongs to.

- **A headline that carries another fact's figure.** A headline sums up its article's news.
  When the headline's figure is one its own text gives for another fact (the quarter's
  production, the revision to earlier months), and the text gives the headline's fact another
  figure that two or more other outlets confirm, the headline has put the figure on the wrong
  fact. The two body figures are told apart by what the text ties them to: the verb before each
  figure ("delivers 410,000" in the headline, "produced 410,244" and "delivered 384,122" in the
  text), or the period of each (the revision "for May and June", the news "in July", in the
  article's lead).
- **A figure given the wrong period.** One outlet dates a figure to one period ("added 73,000
  jobs in June") while two or more other outlets give the same figure, for the same measure, to
  another period (July), and another outlet gives that first period a different figure (June:
  14,000): the figure is the other period's.

Both are one finding each (``attribution_conflict``, high), the outlet at fault first; a value
conflict raised on the same statements is dropped (one finding per disagreement).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.reconcile.align import (
    GENERIC_METRICS,
    ClaimView,
    Group,
    head_noun,
    periods_overlap,
)
from extractor.reconcile.checks.context import Context, period_text, plural, show, verb
from extractor.reconcile.tolerance import canonical_unit, claim_interval, stated_interval

__all__ = ["attribution_rules"]

# The lead: what a headline sums up is in the article's first sentences (characters).
LEAD_CHARS = 400
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*(?:(?:a|an|the|about|around|roughly|some|nearly|"
                          r"almost|just|only|more|than|over|under|at|least|net|combined|total|"
                          r"of|by|to)\W+)*[$€£¥₹]?\W*$", re.IGNORECASE)
# words between a verb and its figure, and prepositions, which tie a figure to nothing in
# particular ("won ... with 28.6%")
_FILLERS = {"a", "an", "the", "about", "around", "roughly", "some", "nearly", "almost", "just",
            "only", "more", "than", "over", "under", "at", "least", "net", "of", "by", "to",
            "with", "in", "on", "for", "from", "as", "and", "or"}


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# A word this short is a function word (a preposition or article: "um", "de", "en", "à", "di",
# "op", "by", "to"), in the languages of the corpora, not the verb a figure is tied to; calibrated
# on fixtures/stories and fixtures/conflicts, where no figure follows a verb of two letters.
MAX_FUNCTION_WORD = 2


def _function_word(word: str) -> bool:
    """Whether a word before a figure ties it to nothing: an English filler or any word of two
    letters or fewer, the prepositions of every language ("Umsatz stieg um 18 Prozent" and
    "Gewinn stieg um 24 Prozent" share "um", not a verb: the verbs are "Umsatz"'s and
    "stieg")."""
    return word.lower() in _FILLERS or len(word) <= MAX_FUNCTION_WORD


def _verb_before(v: ClaimView) -> str | None:
    """The word the figure follows, past hedges, articles and prepositions ("delivered
    384,122")."""
    c = v.claim
    at = c.start - c.sentence_start
    if not 0 < at <= len(c.sentence):
        return None
    words = re.findall(r"[^\W\d_]+", c.sentence[:at])
    while words and _function_word(words[-1]):
        words.pop()
    return _stem(words[-1]) if words else None


def _magnitude(v: ClaimView) -> float | None:
    return abs(v.claim.value) if v.claim.value is not None else None


def _unit(v: ClaimView) -> str:
    return canonical_unit(v.claim.unit)[0] or "count"


_BOUNDS = ("more_than", "at_least", "less_than", "up_to")


def _holds(h: ClaimView, other: ClaimView) -> bool:
    """Whether the headline figure, as written, admits the other figure's magnitude (a bound,
    "at least 622", admits too much to tie it to any one figure)."""
    value = _magnitude(other)
    if value is None or h.claim.value is None or h.claim.qualifier in _BOUNDS:
        return False
    return stated_interval(abs(h.claim.value), h.claim.text, h.claim.qualifier).contains(value)


def _same_figure(a: ClaimView, b: ClaimView) -> bool:
    ia, ib = claim_interval(a.claim), claim_interval(b.claim)
    if ia is None or ib is None or _unit(a) != _unit(b):
        return False
    return abs(a.claim.value or 0) == abs(b.claim.value or 0) or (
        ia.contains(abs(b.claim.value or 0)) and ib.contains(abs(a.claim.value or 0)))


def attribution_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group]) -> None:
    figures = [v for v in views if v.claim.kind == "quantity" and v.claim.value is not None
               and v.interval is not None]
    _headlines(ctx, figures, groups)
    _misdated(ctx, figures, groups)


def _headlines(ctx: Context, figures: list[ClaimView], groups: list[Group]) -> None:
    by_article: dict[str, list[ClaimView]] = {}
    for v in figures:
        by_article.setdefault(v.claim.article_id, []).append(v)
    for mine in by_article.values():
        body = [v for v in mine if v.claim.field == "text"]
        for h in (v for v in mine if v.claim.field == "title"):
            if h.claim.qualifier in _BOUNDS:
                continue
            twins = [b for b in body if _unit(b) == _unit(h) and _holds(h, b)
                     and b.claim.qualifier not in _BOUNDS]
            news = [c for c in body if _unit(c) == _unit(h) and not _holds(h, c)
                    and c.claim.start < LEAD_CHARS and c.claim.qualifier not in _BOUNDS]
            if not twins or not news:
                continue
            for c in news:
                others = [o for o in figures if o.source != c.source and _same_figure(o, c)
                          and _role(ctx, o) == "value"]
                if len({o.source for o in others}) < 2:
                    continue
                b = next((b for b in twins if _another_fact(ctx, h, b, c)), None)
                if b is None:
                    continue
                _report_headline(ctx, groups, h, b, c, others)
                break


def _role(ctx: Context, v: ClaimView) -> str | None:
    frame = ctx.frame(v)
    return frame.role if frame is not None else None


def _another_fact(ctx: Context, h: ClaimView, b: ClaimView, c: ClaimView) -> bool:
    """Whether the text ties the headline's figure (``b``) to another fact than ``c``, the
    headline's own: by the verb before each figure (the headline's verb is ``c``'s, not
    ``b``'s), or by their periods (``b`` and ``c`` measure one thing, ``b`` for periods before
    ``c``'s, the news; the headline names no period of its own)."""
    hv, bv, cv = _verb_before(h), _verb_before(b), _verb_before(c)
    if hv and cv and hv == cv and bv and bv != hv:
        return True
    fb, fc = ctx.frame(b), ctx.frame(c)
    # one measure: the same metric or thing, or both in one sentence ("added 73,000 jobs in
    # July, and marked down its earlier counts for May and June by a combined 258,000")
    together = (b.claim.sentence_start, b.claim.sentence) == (c.claim.sentence_start,
                                                               c.claim.sentence)
    if h.period[0] is not None or not (_measure(b) & _measure(c) or together):
        return False
    if b.subject and c.subject and b.subject != c.subject:
        return False
    return bool(b.claim.period_start and c.claim.period_start and fb and fc and fb.period
                and fc.period and (b.claim.period_end or b.claim.period_start)
                < c.claim.period_start)


def _report_headline(ctx: Context, groups: list[Group], h: ClaimView, b: ClaimView,
                     c: ClaimView, others: list[ClaimView]) -> None:
    name = ctx.names.get(h.claim.article_id, h.claim.article_id)
    n = len({o.source for o in others})
    text = (f"Odd one out: {name}'s headline gives {show(h)}, a figure its own text gives for "
            f"something else ({show(b)}: \"{' '.join(b.claim.sentence.split())[:160]}\"); for "
            f"the news the headline announces, its text gives {show(c)}, as "
            f"{plural(n, 'other independent source')} {verb(n, 'do')}. Same fact: the "
            f"headline's and the lead's. {ctx.quote([h, b, c, *others])}.")
    _replace_value_conflicts(ctx, {h.claim.id})
    fact = next((g for g in groups if h in g.members), None)
    ctx.add("attribution_conflict", "high", [h, b, c, *others[:3]], text, fact)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"


def _replace_value_conflicts(ctx: Context, claim_ids: set[str]) -> None:
    """One finding per disagreement: a value conflict or internal inconsistency raised on the
    statements an attribution finding explains is dropped."""
    ctx.supersede(("value_conflict", "internal_inconsistency"), claim_ids)


def _measure(v: ClaimView) -> set[str]:
    return {x for x in (v.flow, v.head) if x}


# A period a figure is for spans a month or more; a single day is when a running figure was
# read or a report was dated ("AUSTIN, April 2"), not another period the figure could be for.
MIN_PERIOD_DAYS = 28


def _span(period: tuple[str | None, str | None]) -> int:
    from datetime import date

    try:
        start = date.fromisoformat(str(period[0])[:10])
        return (date.fromisoformat(str(period[1] or period[0])[:10]) - start).days + 1
    except ValueError:
        return 0


def _like(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Two periods of one kind (a month and a month, a quarter and a quarter)."""
    x, y = _span(a), _span(b)
    return min(x, y) >= MIN_PERIOD_DAYS and max(x, y) <= 1.5 * min(x, y)


def _measure_words(v: ClaimView) -> set[str]:
    """What a figure measures, in all the words its claim gives for it: metric, object head and
    the object's other words ("US job growth" is growth, and of jobs), not its parties' names
    nor words that only name a kind of quantity ("total", "number")."""
    names = {w for name in (v.claim.subject, v.claim.counterpart) if name
             for w in re.findall(r"[^\W\d_]+", name.lower())}
    words = {head_noun(w) or w for w in re.findall(r"[^\W\d_]+", (v.claim.object or "").lower())}
    return ({w for w in words if len(w) > 2 and w not in names and w not in GENERIC_METRICS
             and w not in _FILLERS} | _measure(v))


def _also_for(x: ClaimView, dated: list[ClaimView], period: tuple[str | None, str | None]
              ) -> bool:
    """Whether x's own article gives x's figure to the other period too ("core inflation ...
    easing to 1.9% in 2026 ...; headline inflation ... back up to 1.9% in 2027"): the article
    knows the figure of that period, so its figure for its own period is another measure's
    (core against headline), not the other period's figure misdated."""
    return any(z.claim.article_id == x.claim.article_id and z is not x and _same_figure(x, z)
               and (z.claim.period_start, z.claim.period_end) == period for z in dated)


def _misdated(ctx: Context, figures: list[ClaimView], groups: list[Group]) -> None:
    """One outlet gives a figure to another period than 2+ other outlets do, and another outlet
    gives that period a different figure of the same measure.

    The odd statement is a body sentence; the corroborating ones may be headlines ("US job
    growth slows to 73,000 in July": a headline states its own period), and tie to the odd
    one's measure by any word of what they measure (_measure_words: "jobs" and "job growth").
    """
    stated = [v for v in figures if v.claim.period_start and ctx.sure(v) and _measure(v)]
    dated = [v for v in stated if v.claim.field == "text"]
    reported: set[str] = set()
    for x in dated:
        if x.claim.article_id in reported:
            continue
        px = (x.claim.period_start, x.claim.period_end)
        elsewhere = [y for y in stated if y.source != x.source and _same_figure(x, y)
                     and _measure(x) & _measure_words(y)
                     and _like(px, (y.claim.period_start, y.claim.period_end))
                     and not periods_overlap(px, (y.claim.period_start, y.claim.period_end))]
        periods = {(y.claim.period_start, y.claim.period_end) for y in elsewhere}
        if len(periods) != 1 or len({y.source for y in elsewhere}) < 2:
            continue
        if _also_for(x, dated, next(iter(periods))):
            continue
        own = [z for z in dated if z.source != x.source and _measure(x) & _measure(z)
               and _unit(z) == _unit(x) and not _same_figure(x, z)
               and (z.claim.period_start, z.claim.period_end) == px]
        if not own:
            continue
        reported.add(x.claim.article_id)
        name = ctx.names.get(x.claim.article_id, x.claim.article_id)
        (p_other,) = periods
        n = len({y.source for y in elsewhere})
        text = (f"Odd one out: {name} gives {show(x)} for {period_text(px)}, while "
                f"{plural(n, 'independent source')} {verb(n, 'give')} the same figure for "
                f"{period_text(p_other)}, and {ctx.outlets(own)} "
                f"{verb(len({z.claim.article_id for z in own}), 'give')} {period_text(px)} "
                f"{show(own[0])}: the figure is {period_text(p_other)}'s. Same measure: "
                f"{', '.join(sorted(_measure(x)))}. {ctx.quote([x, *elsewhere[:2], *own[:1]])}.")
        _replace_value_conflicts(ctx, {x.claim.id})
        fact = next((g for g in groups if x in g.members), None)
        ctx.add("attribution_conflict", "high", [x, *elsewhere[:3], *own[:2]], text, fact)
        if fact is not None:
            ctx.status[id(fact)] = "conflict"
