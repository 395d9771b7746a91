"""Currency rules: an amount restated in another currency at a rate no plausible rate of its
year allows.

An outlet that writes "$32 billion (around €22 billion)" in March 2025 converts at 1.45 dollars
a euro, when the euro traded between 1.02 and 1.18 dollars that year: one of the two amounts is
wrong. The rates come from a shipped table of annual averages (extractor/data/
exchange_rates.yaml, ECB reference rates), widened to a band that holds every daily rate of the
year, so that a correct conversion, rounded and hedged as news copy does, is never flagged. Only
conversions stated side by side in one sentence are read (conversions.py: "(", ", or", a dash);
other outlets that state the same amount in the second currency within the band are cited as
the right conversion.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context, plural, verb
from extractor.reconcile.checks.conversions import conversions
from extractor.reconcile.tolerance import Interval, canonical_unit, is_distinctive

__all__ = ["currency_rules", "rate_band"]


@cache
def _table() -> tuple[dict[int, dict[str, float]], float, float]:
    try:
        data = read_yaml("exchange_rates.yaml")
    except ConfigError:
        return {}, 0.0, 0.0
    if not isinstance(data, dict):
        return {}, 0.0, 0.0
    years = {int(y): {str(k): float(v) for k, v in (rates or {}).items()}
             for y, rates in (data.get("per_euro") or {}).items()}
    for rates in years.values():
        rates["EUR"] = 1.0
    return years, float(data.get("band", 0.1)), float(data.get("band_after", 0.15))


def rate_band(base: str, quote: str, year: int) -> Interval | None:
    """The plausible rates (units of ``quote`` per unit of ``base``) in ``year``, or None when
    the table does not know both currencies."""
    years, band, band_after = _table()
    if not years:
        return None
    known = sorted(years)
    use = year if year in years else (known[-1] if year > known[-1] else known[0])
    width = band if use == year else band_after
    rates = years[use]
    if base not in rates or quote not in rates:
        return None
    mid = rates[quote] / rates[base]
    return Interval(mid * (1 - width), mid * (1 + width))


def _currency(v: ClaimView) -> str | None:
    unit = canonical_unit(v.claim.unit)[0]
    return unit if unit and len(unit) == 3 and unit.isupper() else None


def _year(published: str | None, anchor: date | None) -> int | None:
    try:
        return int(published[:4]) if published else (anchor.year if anchor else None)
    except ValueError:
        return anchor.year if anchor else None


def currency_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group],
                   anchor: date | None) -> None:
    """Conversions in one sentence that no rate of the year allows."""
    for x, y in conversions(views):
        cx, cy = _currency(x), _currency(y)
        if not cx or not cy or cx == cy or x.interval is None or y.interval is None:
            continue
        if not is_distinctive(x.claim) and not is_distinctive(y.claim) and (
                (x.claim.value or 0) < 1e6):
            continue  # small round sums ("$5 (€4)") carry too little precision to judge
        year = _year(ctx.published.get(x.claim.article_id), anchor)
        band = rate_band(cx, cy, year) if year else None
        if band is None or x.interval.lo <= 0:
            continue
        implied = Interval(y.interval.lo / x.interval.hi, y.interval.hi / x.interval.lo)
        if implied.meets(band):
            continue
        expected = Interval(x.interval.lo * band.lo, x.interval.hi * band.hi)
        right = [v for v in views if v.source != x.source and _currency(v) == cy
                 and v.interval is not None and v.interval.meets(expected)
                 and v.claim.basis in (None, "absolute")]
        _report(ctx, groups, x, y, implied, band, year or 0, right)


def _report(ctx: Context, groups: list[Group], x: ClaimView, y: ClaimView, implied: Interval,
            band: Interval, year: int, right: list[ClaimView]) -> None:
    name = ctx.names.get(x.claim.article_id, x.claim.article_id)
    cx, cy = _currency(x), _currency(y)
    text = (f"{name} restates \"{x.claim.text}\" as \"{y.claim.text}\", a rate of "
            f"{implied.lo:.3g} to {implied.hi:.3g} {cy} per {cx}; rates in {year} were within "
            f"{band.lo:.3g} to {band.hi:.3g} (ECB annual average, widened to hold every day's "
            f"rate), so one of the two amounts is wrong.")
    if right:
        n = len({v.source for v in right})
        text += (f" {plural(n, 'other independent source')} {verb(n, 'give')} the amount in "
                 f"{cy} at a plausible rate: "
                 f"{', '.join(dict.fromkeys(repr(v.claim.text) for v in right[:3]))}.")
    members = [x, y, *right[:4]]
    # one finding per disagreement: the conversion compared with other outlets' conversions
    # (conversions.py) is this one
    ctx.pending = [(f, g) for f, g in ctx.pending
                   if not (f.kind == "value_conflict" and y.claim.id in f.claim_ids)]
    fact = next((g for g in groups if y in g.members), None)
    ctx.add("currency_conflict", "high", members, f"Odd one out: {text} {ctx.quote(members)}.",
            fact)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"
