"""Conversion rules: one amount converted into another unit by several outlets."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context, plural, show, verb
from extractor.reconcile.tolerance import UNREAD, is_distinctive, read_unit

# What joins an amount to the same amount in another unit within one sentence: "3.1 billion
# rand ($168 million)", "€1.2bn, or $1.3bn", "185 km/h - 115 mph". Hedges ("about", "roughly")
# belong to the figure's own text, not to the joint.
_CONVERSION_JOINT = re.compile(r"^\s*(?:\(|\[|,?\s*or|[-\u2013\u2014/])\s*$")


def conversions(views: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView]]:
    """(amount, the same amount in another unit) pairs stated side by side in one sentence."""
    by_sentence: dict[tuple[str, str, int], list[ClaimView]] = {}
    for v in views:
        c = v.claim
        if c.kind == "quantity" and c.basis in (None, "absolute") and v.interval is not None:
            by_sentence.setdefault((c.article_id, c.field, c.sentence_start), []).append(v)
    pairs = []
    for members in by_sentence.values():
        members.sort(key=lambda v: v.claim.start)
        for x, y in itertools.pairwise(members):
            ux, uy = read_unit(x.claim), read_unit(y.claim)
            if uy == UNREAD or ux == uy:
                continue
            off = x.claim.sentence_start
            joint = x.claim.sentence[x.claim.end - off:y.claim.start - off]
            if _CONVERSION_JOINT.match(joint):
                pairs.append((x, y))
    return pairs


def _same_amount(a: ClaimView, b: ClaimView) -> bool:
    """Intervals that meet, in one unit (or one side's unit unread: tolerance.read_unit)."""
    ua, ub = read_unit(a.claim), read_unit(b.claim)
    return a.interval is not None and b.interval is not None and a.interval.meets(
        b.interval) and (ua == ub or UNREAD in (ua, ub))


def conversion_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group]) -> None:
    """One amount converted into another unit, by several outlets: the conversions must agree.

    An amount restated in another unit in the same sentence ("3.1 billion rand ($168
    million)") is the same quantity twice. When outlets state the same distinctive amount (3+
    significant digits: not a coincidence) and convert it into the same unit, conversions that
    no rounding or hedge reconciles disagree, whatever the subject or the period each outlet
    gives (exchange rates do not move by a rounding's width within a story's days, and a
    physical unit's factor never does). The conversion fewer independent sources support is the
    odd one out, listed first; on a tie neither is called odd.
    """
    pairs = [(x, y) for x, y in conversions(views) if is_distinctive(x.claim)]

    def support(x: ClaimView, y: ClaimView) -> list[ClaimView]:
        # the conversions of the same amount that agree with (x, y), one per pair
        return [q for p, q in pairs if _same_amount(p, x) and _same_amount(q, y)]

    flagged: set[str] = set()
    for i, (x1, y1) in enumerate(pairs):
        for x2, y2 in pairs[i + 1:]:
            if x1.source == x2.source or {y1.claim.id, y2.claim.id} & flagged:
                continue
            if not _same_amount(x1, x2) or read_unit(y1.claim) != read_unit(y2.claim) or (
                    _same_amount(y1, y2)):
                continue
            s1, s2 = support(x1, y1), support(x2, y2)
            n1, n2 = len({q.source for q in s1}), len({q.source for q in s2})
            (ox, oy, right) = (x1, y1, s2) if n1 < n2 else (x2, y2, s1)
            lead = "Odd one out: " if n1 != n2 else ""
            ctx.add("value_conflict", "medium", [oy, ox, *right],
                    f"{lead}{ctx.outlets([oy])} converts \"{ox.claim.text}\" into "
                    f"\"{oy.claim.text}\", while {plural(max(n1, n2), 'independent source')} "
                    f"{verb(max(n1, n2), 'convert')} the "
                    f"same amount into {' / '.join(dict.fromkeys(show(q) for q in right))}; "
                    f"no rounding or hedge reconciles the two conversions. "
                    f"{ctx.quote([oy, *right])}.",
                    next((g for g in groups if oy in g.members), None))
            flagged.add(oy.claim.id)
            for g in groups:
                if oy in g.members:
                    ctx.status[id(g)] = "conflict"
