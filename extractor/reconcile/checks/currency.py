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

import math
import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.core.names import name_key
from extractor.core.records import Article, FindingKind
from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context, plural, verb
from extractor.reconcile.checks.conversions import conversions
from extractor.reconcile.frames import VALUE
from extractor.reconcile.lead_amounts import Lead, lead_amounts, own_year
from extractor.reconcile.tolerance import Interval, canonical_unit, is_distinctive

__all__ = ["currency_rules", "lead_rules", "rate_band"]


@cache
def _table() -> tuple[dict[int, dict[str, float]], float, float, dict[str, float]]:
    try:
        data = read_yaml("exchange_rates.yaml")
    except ConfigError:
        return {}, 0.0, 0.0, {}
    if not isinstance(data, dict):
        return {}, 0.0, 0.0, {}
    years = {int(y): {str(k): float(v) for k, v in (rates or {}).items()}
             for y, rates in (data.get("per_euro") or {}).items()}
    for rates in years.values():
        rates["EUR"] = 1.0
    bands = {str(k): float(v) for k, v in (data.get("bands") or {}).items()}
    return years, float(data.get("band", 0.1)), float(data.get("band_after", 0.15)), bands


def rate_band(base: str, quote: str, year: int) -> Interval | None:
    """The plausible rates (units of ``quote`` per unit of ``base``) in ``year``, or None when
    the table does not know both currencies."""
    years, band, band_after, bands = _table()
    if not years:
        return None
    known = sorted(years)
    use = year if year in years else (known[-1] if year > known[-1] else known[0])
    # a currency whose rate to the euro moves less than the general band has its own band
    # (exchange_rates.yaml ``bands``); a pair of two currencies takes the wider of theirs
    own = max(bands.get(base, band) if base != "EUR" else 0.0,
              bands.get(quote, band) if quote != "EUR" else 0.0)
    width = own if use == year else max(own, band_after)
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
                   anchor: date | None, articles: Sequence[Article] = ()) -> None:
    """Conversions in one sentence that no rate of the year allows; the amounts reports lead
    with, in any language and currency, that no rounding or rate joins (lead_rules)."""
    if articles:
        lead_rules(ctx, articles, views, groups, anchor)
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
    ctx.supersede(("value_conflict",), {y.claim.id})
    fact = next((g for g in groups if y in g.members), None)
    ctx.add("currency_conflict", "high", members, f"Odd one out: {text} {ctx.quote(members)}.",
            fact)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"


# --------------------------------------------------------------------------- lead amounts


def _money(interval: Interval) -> Interval:
    """An amount of money is not negative: "up to £116m" admits 0 to 116.5 million."""
    return Interval(max(interval.lo, 0.0), interval.hi)


def _lead_interval(lead: Lead) -> Interval | None:
    """What the headline and its restatement admit together ("bis zu 136" and "rund 136")."""
    a, b = lead.title.interval, lead.body.interval
    if a is None or b is None:
        return None
    both = a.intersect(b)
    return _money(both) if both is not None else None


def _implied(x: Interval, y: Interval) -> Interval:
    """The rates (units of y's currency per unit of x's) that make x and y one amount."""
    hi = y.hi / x.lo if x.lo > 0 else float("inf")
    return Interval(y.lo / x.hi if x.hi > 0 else 0.0, hi)


def _same_amount(x: Interval, cx: str, y: Interval, cy: str, year: int) -> bool | None:
    """Whether two amounts can be one (in two currencies: at a plausible rate of ``year``);
    None when no rate of the pair is known."""
    if cx == cy:
        return x.meets(y)
    band = rate_band(cx, cy, year)
    if band is None:
        return None
    return _implied(x, y).meets(band)


def _in_euros(interval: Interval, currency: str, year: int) -> float | None:
    band = rate_band("EUR", currency, year)
    if band is None:
        return None
    mid = (band.lo + band.hi) / 2
    return (interval.lo + interval.hi) / 2 / mid if math.isfinite(interval.hi) else None


def _parts(lead: Lead, views: Sequence[ClaimView], frames: Context, year: int) -> list[ClaimView]:
    """Smaller amounts the lead's article states beside its lead, dated to the report (a base
    fee, an add-on, an instalment): what another outlet's headline may give instead of the
    whole without being wrong."""
    whole = _lead_interval(lead)
    whole_eur = _in_euros(whole, lead.currency, year) if whole else None
    if whole_eur is None:
        return []
    out = []
    for v in views:
        c = v.claim
        if c.article_id != lead.body.claim.article_id or c.field == "title" or v.interval is None \
                or c.basis not in (None, "absolute") or c.sentence_start == (
                    lead.body.claim.sentence_start) or not own_year(v, year):
            continue
        cur = _currency(v)
        frame = frames.frame(v)
        if cur is None or frame is None or frame.role != VALUE:
            continue
        eur = _in_euros(_money(v.interval), cur, year)
        if eur is not None and eur < whole_eur:
            out.append(v)
    return out


def lead_rules(ctx: Context, articles: Sequence[Article], views: Sequence[ClaimView],
               groups: list[Group], anchor: date | None) -> None:
    """The amount a report leads with, against the amounts other reports of the story lead
    with, in any language and currency (lead_amounts.py says when two are one fact).

    One report's lead amount that no rounding, hedge or plausible rate joins to the lead
    amounts of two or more other independent sources, which agree with each other and none of
    which agrees with it, is the odd one out. It is not called wrong when it may be a part of
    the others' amount (it meets a smaller amount one of them states beside its lead: a base
    fee against the fee with add-ons), nor when its own article also states the others'
    amount. A disagreement in one currency is a value conflict; one seen only across currencies
    is a currency conflict (the rates: exchange_rates.yaml)."""
    year = anchor.year if anchor else None
    leads = [lead for lead in lead_amounts(articles, views, ctx.frames)
             if _lead_interval(lead) is not None]
    if year is None or len(leads) < 3:
        return
    by_source: dict[str, Lead] = {}
    # one lead per independent source, its original report's: a copy restates it
    for lead in sorted(leads, key=lambda lead: lead.body.claim.article_id != lead.body.report):
        by_source.setdefault(lead.source, lead)
    leads = list(by_source.values())

    def same(a: Lead, b: Lead) -> bool | None:
        x, y = _lead_interval(a), _lead_interval(b)
        if x is None or y is None or not (a.names & b.names):
            return None  # their headlines name no party in common: nothing ties them
        if _one_number(a, b):
            return _at_par(a.currency, b.currency, year)
        return _same_amount(x, a.currency, y, b.currency, year)

    for odd in leads:
        verdicts = [(other, same(odd, other)) for other in leads if other is not odd]
        against = [other for other, ok in verdicts if ok is False]
        if len(against) < 2 or any(ok for _, ok in verdicts):
            continue
        if any(same(a, b) is False for i, a in enumerate(against) for b in against[i + 1:]):
            continue  # the others do not agree among themselves: nothing says which is right
        interval = _lead_interval(odd)
        assert interval is not None
        parts = [] if _number_kept(odd, against) else [
            p for other in against for p in _parts(other, views, ctx, year)]
        if any(_same_amount(interval, odd.currency, _money(p.interval), c, year)
               for p in parts if p.interval is not None and (c := _currency(p))):
            continue  # it may give a part of the others' amount (a base fee, an add-on)
        own = [v for v in views if v.claim.article_id == odd.body.claim.article_id
               and v.claim.kind == "quantity" and v.interval is not None
               and not _restates(v, odd)
               and math.isfinite(v.interval.hi) and own_year(v, year)
               and (c := _currency(v)) is not None and any(
                   _same_amount(_money(v.interval), c, y, other.currency, year)
                   for other in against if (y := _lead_interval(other)) is not None)]
        if own:
            continue  # its own article states the others' amount too: two facts, not one
        _report_lead(ctx, groups, odd, against, year)


def _restates(v: ClaimView, lead: Lead) -> bool:
    """A statement of the lead's own amount (its number in its currency), not another amount
    its article gives."""
    return _currency(v) == lead.currency and v.claim.value == lead.body.claim.value


def _one_number(a: Lead, b: Lead) -> bool:
    """Two leads that write one number in two currencies ("$530 million", "530 million
    euros")."""
    return a.currency != b.currency and a.body.claim.value == b.body.claim.value


def _at_par(a: str, b: str, year: int) -> bool | None:
    """Whether one number can be one amount in two currencies: only at a rate of one, which
    must then be a plausible rate of the year. The rounding of the number ("530 million",
    525 to 535) must not stand in for a rate: a conversion that happens to keep every digit
    is a rate of one, not of 1.02."""
    band = rate_band(a, b, year)
    return None if band is None else band.contains(1.0)


def _number_kept(odd: Lead, against: Sequence[Lead]) -> bool:
    """Whether the odd lead writes the very number the others lead with, in another currency
    ("Velmora fined $530 million" against "fined Velmora 530 million euros"): the currency was
    changed and the number kept, an explanation that a part of the others' amount meeting it at
    some plausible rate (a EUR 485m component at 1.09 dollars a euro) cannot beat."""
    value = odd.body.claim.value
    return value is not None and all(
        b.currency != odd.currency and b.body.claim.value == value for b in against)


def _report_lead(ctx: Context, groups: list[Group], odd: Lead, against: list[Lead],
                 year: int) -> None:
    same_currency = [b for b in against if b.currency == odd.currency]
    kind: FindingKind = "value_conflict" if same_currency else "currency_conflict"
    shared = set.intersection(*(set(odd.names & b.names) for b in against)) or set(odd.names)
    party = " and ".join(_name_runs(odd.title.claim.sentence, shared)[:2])
    by_currency: dict[str, list[Lead]] = {}
    for b in against:
        by_currency.setdefault(b.currency, []).append(b)
    sides = []
    for currency, leads in by_currency.items():
        texts = ", ".join(dict.fromkeys(f'"{b.body.claim.text}"' for b in leads))
        side = f"{texts} ({ctx.outlets([b.body for b in leads])})"
        band = rate_band(currency, odd.currency, year) if currency != odd.currency else None
        x = [_lead_interval(b) for b in leads]
        if band is not None and all(x):
            lo = min(i.lo for i in x if i) * band.lo
            hi = max(i.hi for i in x if i) * band.hi
            side += (f", which at any rate of {year} ({band.lo:.3g} to {band.hi:.3g} "
                     f"{odd.currency} per {currency}) is {_amount(lo)} to {_amount(hi)} "
                     f"{odd.currency}")
        sides.append(side)
    n = len({b.source for b in against})
    members = [odd.title, odd.body, *(v for b in against for v in (b.body, b.title))]
    text = (f"Odd one out: {ctx.outlets([odd.body])} leads with \"{odd.title.claim.text}"
            f"\" in its headline and \"{odd.body.claim.text}\" in its text, while "
            f"{plural(n, 'independent source')} {verb(n, 'lead')} with {'; '.join(sides)}; "
            f"no rounding, hedge or plausible exchange rate joins them. Same thing: each "
            f"headline gives the amount its report is about and names {party}, each text "
            f"restates it for the story's days, and \"{odd.body.claim.text}\" is no part "
            f"(a base amount, an add-on) that the others state. {ctx.quote(members, limit=4)}.")
    fact = next((g for g in groups if odd.body in g.members), None)
    ctx.add(kind, "high", members, text, fact)
    for g in groups:
        if odd.body in g.members or odd.title in g.members:
            ctx.status[id(g)] = "conflict"


def _name_runs(headline: str, keys: set[str]) -> list[str]:
    """The names of ``keys`` as the headline writes them, consecutive words together
    ("Vessel Grid")."""
    runs: list[list[str]] = [[]]
    for m in re.finditer(r"[^\W\d_][\w'’-]*|\S", headline):
        word = m.group(0)
        if name_key(word) in keys:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return list(dict.fromkeys(" ".join(r) for r in runs if r)) or sorted(keys)


def _amount(value: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {word}"
    return f"{value:,.0f}"
