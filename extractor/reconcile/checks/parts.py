"""Part-whole rules: a total that is not the sum of its stated parts.

A breakdown and its total are compared only where the text itself says that the figures are a
total and its parts, never by guessing which figures might add up:

- in one sentence, a total and the parts that break it down: after a colon ("at least 1,270
  people had been killed: 1,210 in Sarn province and 60 in Velt"), or before the words
  that close a count ("60 passengers and four crew members, 65 people in all"), or after "Of the"
  ("Of the 146 cases, 79 were ... and 62 ..."). Stated parts that cannot add up to their stated
  total are an error of the article, whatever any other outlet says (high). A list closed by
  "and" or by "in all" is the whole breakdown; after "Of the" it may be partial, so only parts
  that exceed the total are flagged;
- across articles, a breakdown one outlet states that adds up exactly (three distinctive
  figures, a + b = t: not a coincidence) against another outlet that states the same total and
  one of the same parts, but a different figure for the other part (medium: the label that ties
  the parts is read from the claims' descriptors).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context, plural, show
from extractor.reconcile.tolerance import Interval, is_distinctive, read_unit, slip_of_the_pen

__all__ = ["part_whole_rules"]

# Words that close a count after its total: "65 people in all", "a total of 12", "in total".
_CLOSES = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,2}(?:in\s+all|in\s+total|altogether|all\s+told|"
                     r"combined)\b", re.IGNORECASE)
# What follows a total whose breakdown comes next: "... had been killed: 2,205 in ...".
_COLON = re.compile(r"^[^,;.:\d]{0,60}:\s*$")
_OF_THE = re.compile(r"(?:^|[.;]\s*)of\s+the\s+$", re.IGNORECASE)
# Two parts of one breakdown are stated together: in one sentence or the next (characters
# between their starts; about two news sentences).
NEAR_PARTS = 300


def _exact(v: ClaimView) -> Interval | None:
    """A count of things stated exactly is a whole number: "60 passengers and four crew"
    are 60 and 4, not 59.5 to 60.5 (the rounding a measurement could hide)."""
    c = v.claim
    if v.interval is None or c.value is None:
        return None
    if c.qualifier == "exact" and _unit(v) == "count" and float(c.value).is_integer() and (
            v.interval.hi - v.interval.lo) <= 1.0:
        return Interval(c.value, c.value)
    return v.interval


def _unit(v: ClaimView) -> str | None:
    """The unit a part is counted in (a figure with none counts its object)."""
    return read_unit(v.claim) or "count"


def _sum(parts: Sequence[ClaimView]) -> Interval | None:
    intervals = [_exact(p) for p in parts]
    if any(i is None for i in intervals):
        return None
    return Interval(sum(i.lo for i in intervals if i), sum(i.hi for i in intervals if i))


def _sentences(views: Sequence[ClaimView]) -> dict[tuple[str, str, int], list[ClaimView]]:
    out: dict[tuple[str, str, int], list[ClaimView]] = {}
    for v in views:
        c = v.claim
        if c.kind == "quantity" and c.basis in (None, "absolute") and v.interval is not None:
            out.setdefault((c.article_id, c.field, c.sentence_start), []).append(v)
    for members in out.values():
        members.sort(key=lambda v: v.claim.start)
    return out


def _breakdowns(members: list[ClaimView]) -> list[tuple[ClaimView, list[ClaimView], bool]]:
    """(total, parts, whether the parts are the whole breakdown) stated in one sentence."""
    found = []
    sentence = members[0].claim.sentence
    off = members[0].claim.sentence_start
    for total in members:
        unit = _unit(total)
        same = [m for m in members if m is not total and _unit(m) == unit]
        after = sentence[total.claim.end - off:]
        before = sentence[:total.claim.start - off]
        if _CLOSES.match(after):
            parts = [m for m in same if m.claim.end <= total.claim.start]
            found.append((total, parts, True))
            continue
        colon = after.find(":")
        if colon >= 0 and _COLON.match(after[:colon + 1]):
            stop = after.find(";", colon)
            end = total.claim.end + (stop if stop >= 0 else len(after))
            parts = [m for m in same if total.claim.end < m.claim.start and m.claim.end <= end]
            last = parts[-1] if parts else None
            joined = last is not None and bool(re.search(
                r"\band\s+(?:\w+\s+){0,2}$", sentence[:last.claim.start - off]))
            found.append((total, parts, joined))
            continue
        if _OF_THE.search(before):
            parts = [m for m in same if m.claim.start > total.claim.end]
            found.append((total, parts, False))
    return [(t, p, whole) for t, p, whole in found if len(p) >= 2]


def part_whole_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group]) -> None:
    """Totals that their stated parts do not add up to, within a sentence and across outlets."""
    reported: set[str] = set()
    for members in _sentences(views).values():
        for total, parts, whole in _breakdowns(members):
            # Only counts: the dead, the passengers, the cases of a breakdown add up by
            # definition. Amounts of money or measures listed after a total are as often
            # segments, charges and gains of other kinds, and rounded ("revenue of $46.7bn:
            # $41.1bn from data centres, $4.3bn from gaming and a $2.2bn one-off gain").
            if _unit(total) != "count":
                continue
            summed, stated = _sum(parts), _exact(total)
            if summed is None or stated is None:
                continue
            exceeds = summed.lo > stated.hi
            short = whole and summed.hi < stated.lo
            if not (exceeds or short):
                continue
            _report_sentence(ctx, views, groups, total, parts, summed)
            reported.add(total.claim.article_id)
    _across_articles(ctx, views, groups, reported)


def _fact_of(groups: list[Group], v: ClaimView) -> Group | None:
    return next((g for g in groups if v in g.members), None)


def _report_sentence(ctx: Context, views: Sequence[ClaimView], groups: list[Group],
                     total: ClaimView, parts: list[ClaimView], summed: Interval) -> None:
    # other outlets that give the total the parts make side with the parts
    made, stated = _sum(parts), _exact(total)
    backing = [v for v in views if v.claim.article_id != total.claim.article_id
               and v.source != total.source and v.claim.basis in (None, "absolute")
               and _unit(v) == _unit(total) and (x := _exact(v)) is not None
               and made is not None and stated is not None
               and x.meets(made) and not x.meets(stated) and _close(v, made)]
    name = ctx.names.get(total.claim.article_id, total.claim.article_id)
    text = (f"{name} gives {show(total)} as the total of "
            f"{' + '.join(show(p) for p in parts)}, which add up to {_span(summed)}, not "
            f"{total.claim.text}: the sentence states the total and its parts together, so "
            f"they cannot both be right.")
    if backing:
        n = len({v.source for v in backing})
        text += (f" {plural(n, 'other independent source')} "
                 f"{'gives' if n == 1 else 'give'} the total the parts make: "
                 f"{', '.join(dict.fromkeys(show(v) for v in backing))}.")
    members = [total, *parts, *backing[:3]]
    ctx.add("part_whole", "high", members, f"{text} {ctx.quote(members)}.",
            _fact_of(groups, total))
    fact = _fact_of(groups, total)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"


def _close(v: ClaimView, summed: Interval) -> bool:
    mid = (summed.lo + summed.hi) / 2
    return v.interval is not None and abs(v.interval.lo - mid) <= max(1.0, 0.02 * mid)


def _span(interval: Interval) -> str:
    lo, hi = interval.lo, interval.hi
    if round(lo) == round(hi) or hi - lo < 1:
        return f"{(lo + hi) / 2:,.0f}"
    return f"{lo:,.0f} to {hi:,.0f}"


def _across_articles(ctx: Context, views: Sequence[ClaimView], groups: list[Group],
                     reported: set[str]) -> None:
    """A breakdown that adds up in one outlet, broken by one part in another."""
    by_article: dict[str, list[ClaimView]] = {}
    for v in views:
        c = v.claim
        # "added 12,881" may be read as a change: a count in a breakdown either way
        if c.kind == "quantity" and c.basis in (None, "absolute", "change") and (
                v.interval is not None and c.qualifier == "exact"
                and _additive(v) and (c.value or 0) > 0):
            by_article.setdefault(c.article_id, []).append(v)
    sums: list[tuple[ClaimView, ClaimView, ClaimView]] = []
    for members in by_article.values():
        for a, b, t in itertools.permutations(members, 3):
            if a.claim.start > b.claim.start or not _one_unit(a, b, t):
                continue
            assert a.claim.value is not None and b.claim.value is not None
            if t.claim.value is not None and abs(a.claim.value + b.claim.value
                                                 - t.claim.value) < 0.5 and a.claim.value > 0 \
                    and b.claim.value > 0 and _together(a, b) and _no_coincidence(a, b, t):
                sums.append((a, b, t))
    flagged: set[str] = set()
    for a, b, t in sums:
        for article_id, members in by_article.items():
            if article_id in reported | flagged or article_id == a.claim.article_id:
                continue
            if any(m.source == a.source for m in members):
                continue
            for fixed, varied in ((b, a), (a, b)):
                t2 = next((m for m in members if _same(m, t)), None)
                f2 = next((m for m in members if _same(m, fixed) and _one_unit(m, fixed)),
                          None)
                if t2 is None or f2 is None or _states_part(members, varied):
                    continue
                v2 = next((m for m in members if m not in (t2, f2)
                           and not _same(m, varied)
                           and _together(m, f2) and _twin_part(m, varied)), None)
                if v2 is None:
                    continue
                _report_across(ctx, groups, (v2, f2, t2), (varied, fixed, t))
                flagged.add(article_id)
                break


def _states_part(members: Sequence[ClaimView], part: ClaimView) -> bool:
    """Whether an article states the part itself, in its unit: then its breakdown adds up
    like the other outlet's, and another figure of it a slip away from the part ("345
    million" in 2023 beside "45 million" now) is another fact."""
    return any(_same(m, part) and _one_unit(m, part) for m in members)


def _additive(v: ClaimView) -> bool:
    """A figure whose parts add up to its whole: a count or an amount of money ("EUR 485
    million for the transfers and EUR 45 million for the transparency breach"), not a rate or
    a share."""
    unit = _unit(v)
    return unit == "count" or bool(unit and re.fullmatch(r"[A-Z]{3}", unit))


def _one_unit(*views: ClaimView) -> bool:
    """Figures counted in one unit (one currency): only those add up."""
    return len({_unit(v) for v in views}) == 1


def _no_coincidence(a: ClaimView, b: ClaimView, t: ClaimView) -> bool:
    """A sum that is no coincidence: one of its figures at least is distinctive (three or more
    significant digits: "485 million and 45 million make 530 million", where 45 and 530 are
    round), so that a + b = t is not round numbers meeting by chance ("50 and 50 make 100").
    The rule asks more before it flags (another outlet's same total, same other part, and a
    slip of the pen for the third), so one distinctive figure suffices; calibrated on
    fixtures/stories (no flag) and fixtures/conflicts."""
    return any(is_distinctive(v.claim) for v in (a, b, t))


def _same(a: ClaimView, b: ClaimView) -> bool:
    """The same count (whatever basis the extractor gave it)."""
    return a.claim.value == b.claim.value


def _together(a: ClaimView, b: ClaimView) -> bool:
    """Two figures of one article stated in one sentence or the next."""
    return a.claim.field == b.claim.field and abs(a.claim.start - b.claim.start) <= NEAR_PARTS


def _twin_part(m: ClaimView, part: ClaimView) -> bool:
    """A figure that stands for the same part: labelled alike (same subject or thing) and a
    slip of the pen away from it."""
    alike = (m.subject and m.subject == part.subject) or (m.head and m.head == part.head) or (
        _unlabelled(m) and _unlabelled(part))
    return bool(alike) and slip_of_the_pen(m.claim, part.claim)


def _unlabelled(v: ClaimView) -> bool:
    """A figure the extractor gave no subject nor thing (as in languages without a parser, or
    in "EUR 485 million over the transfers and EUR 54 million for ..."): nothing tells it apart
    from another part, and the breakdown's shared total and other part tie it."""
    return not v.subject and not v.head


def _report_across(ctx: Context, groups: list[Group],
                   odd: tuple[ClaimView, ClaimView, ClaimView],
                   right: tuple[ClaimView, ClaimView, ClaimView]) -> None:
    (v2, f2, t2), (v, f, t) = odd, right
    assert v2.claim.value is not None and f2.claim.value is not None
    made = v2.claim.value + f2.claim.value
    name = ctx.names.get(v2.claim.article_id, v2.claim.article_id)
    other = ctx.names.get(v.claim.article_id, v.claim.article_id)
    text = (f"Odd one out: {name} gives {show(v2)} and {show(f2)} as the parts of {show(t2)}, "
            f"but they add up to {made:,.0f}; {other} gives {show(v)} and {show(f)}, which "
            f"add up to {show(t)}. Same breakdown: the same total and the same other part.")
    members = [v2, f2, t2, v, f, t]
    # three distinctive figures that add up exactly in one outlet are one breakdown (not a
    # coincidence), and the odd part is a slip of the pen away from its twin: an error
    ctx.add("part_whole", "high", members, f"{text} {ctx.quote(members)}.",
            _fact_of(groups, v2))
    fact = _fact_of(groups, v2)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"
