"""Plain-language descriptions of facts, built from their descriptors.

"Germany's exports of electric cars to France, June 2025 (units)": whose, what,
of what, to or from whom, when, in what unit. Every word comes from the claims themselves or from
general English (possessives, articles, month names, unit names); nothing is specific to a story.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import cache

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.reconcile.align import ClaimView, flow_of, head_noun, names_statement

__all__ = ["describe_event", "describe_quantity", "entity_phrase", "object_phrase",
           "period_phrase", "possessive", "unit_phrase"]

# How a canonical unit reads in a description. General measurement vocabulary; currency codes
# (USD, EUR) and anything else are shown as they are.
_UNIT_NAMES = {
    "tonne": "tonnes", "metre": "metres", "day": "days", "percent": "percent",
    "percentage_point": "percentage points", "multiple": "times", "count": "number",
    "rank": "rank",
}
# How a change's comparison reads: what the change is measured against.
_COMPARED = {"mom": "vs the previous month", "yoy": "vs a year earlier",
             "qoq": "vs the previous quarter", "vs_date": "vs an earlier date"}
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def _plural_word(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def entity_phrase(name: str) -> str:
    """A name as it reads in running text: "United States" -> "the United States".

    English puts "the" before multi-word names that end in a plural ("the United States", "the
    Social Democrats") or that are built with "of" ("the Bank of England"); single names do not
    take it ("China", "Nordbank").
    """
    name = " ".join(name.split())
    words = name.split()
    if len(words) > 1 and words[0].lower() != "the" and (
            _plural_word(words[-1]) or " of " in f" {name.lower()} "):
        return f"the {name}"
    return name


def possessive(phrase: str) -> str:
    """ "China" -> "China's"; "the United States" -> "the United States'"."""
    return f"{phrase}'" if phrase.endswith("s") else f"{phrase}'s"


def period_phrase(start: str | None, end: str | None) -> str:
    """An ISO period in words: a month, a quarter, a half, a year, a day or a range."""
    if not start:
        return ""
    try:
        s = date.fromisoformat(start[:10])
        e = date.fromisoformat((end or start)[:10])
    except ValueError:
        return start if not end or end == start else f"{start} to {end}"
    if s == e:
        return f"{s.day} {calendar.month_name[s.month]} {s.year}"
    month_end = calendar.monthrange(e.year, e.month)[1]
    if s.day == 1 and e.day == month_end and s.year == e.year:
        months = e.month - s.month + 1
        if months == 1:
            return f"{calendar.month_name[s.month]} {s.year}"
        if months == 12:
            return str(s.year)
        if months == 3 and s.month % 3 == 1:
            return f"the {_ORDINAL[s.month // 3 + 1]} quarter of {s.year}"
        if months == 6 and s.month in (1, 7):
            return f"the {_ORDINAL[s.month // 6 + 1]} half of {s.year}"
        return f"{calendar.month_name[s.month]} to {calendar.month_name[e.month]} {s.year}"
    return f"{s.day} {calendar.month_name[s.month]} {s.year} to " \
           f"{e.day} {calendar.month_name[e.month]} {e.year}"


def unit_phrase(unit: str | None) -> str:
    """The name of a canonical unit in a description (currency codes stay codes)."""
    if not unit:
        return ""
    return _UNIT_NAMES.get(unit, unit)


def _display(members: Sequence[ClaimView], key: str | None) -> str | None:
    """An entity as the claims write it (views compare lower-cased names)."""
    if not key:
        return None
    for m in members:
        for name in (m.claim.subject, m.claim.counterpart):
            if name and name.strip().lower().removeprefix("the ") == key:
                return _as_written(name.strip(), members)
    return entity_phrase(key)


def _as_written(name: str, members: Sequence[ClaimView]) -> str:
    """A name with "the" where its own sentences write it so ("the Philippines"), without where
    they name it bare ("Halvern Pharmaceuticals is recalling ..."); English's rule otherwise."""
    if name.lower().startswith("the "):
        return name
    bare = the = False
    pattern = re.compile(rf"(\bthe\s+)?(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    for m in members:
        for found in pattern.finditer(m.claim.sentence):
            the, bare = the or bool(found.group(1)), bare or not found.group(1)
    if the != bare:
        return f"the {name}" if the else name
    return entity_phrase(name)


def object_phrase(members: Sequence[ClaimView], head: str | None) -> str | None:
    """The object with this head noun as the claims write it: a phrase that says what kind
    ("electric cars") over a bare head ("car"), then the most common, then the fuller."""
    things = Counter(" ".join(m.claim.object.split()) for m in members
                     if m.claim.object and m.head and m.head == head)
    return max(things, key=lambda t: (len(t.split()) > 1, things[t], len(t)), default=None)


@cache
def _change_words() -> frozenset[str]:
    """Words that name a change, not a measure ("decline", "rise": lexicon.yaml ``up``/``down``):
    "Change in Lorvia's decline of steel" says the change twice."""
    try:
        data = read_yaml("lexicon.yaml")
    except ConfigError:
        return frozenset()
    words: set[str] = set()
    for side in ("up", "down"):
        entry = data.get(side) if isinstance(data, dict) else None
        if isinstance(entry, dict):
            for key in ("verbs", "words"):
                words.update(str(w).lower() for w in entry.get(key) or [])
    return frozenset(words)


def _names_change(metric: str | None) -> bool:
    words = re.findall(r"[a-z]+", (metric or "").lower())
    return bool(words) and (words[-1] in _change_words()
                            or words[-1].rstrip("s") in _change_words())


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe_quantity(members: Sequence[ClaimView], *, block: str, flow: str | None,
                      subject: str | None, counterpart: str | None, head: str | None,
                      period: tuple[str | None, str | None], comparison: str | None) -> str:
    """ "Germany's exports of cars to France, June 2025 (units)" for a fact."""
    c = members[0].claim
    whose, other, towards = _display(members, subject), _display(members, counterpart), "to"
    # name the flow from the side the fact is told from ("exports", not the converse "imports");
    # when every claim tells it from the receiving side, describe it as they do
    giving = next((m.claim for m in members
                   if m.claim.metric and flow_of(m.claim.metric) == (flow, False)), None)
    receiving = next((m.claim for m in members if m.claim.metric and flow_of(m.claim.metric)[1]),
                     None)
    metric_claim = giving or receiving or c
    if giving is None and receiving is not None:
        whose, other, towards = other, whose, "from"
    metric = " ".join((metric_claim.metric or "").split()) or None
    if metric and _names_change(metric):
        metric = None  # "decline" is the change itself, said by "Change in ..." below
    thing = object_phrase(members, head)
    basis = c.basis or "absolute"
    # "a share of 90%" is a proportion; "shares fell 8.4%" (plural, a change) is a company's stock
    proportion = metric and head_noun(metric) == "share" and not (
        basis == "change" and metric.lower().endswith("shares"))
    if basis == "share" or proportion:
        what = f"share of {thing or 'the total'}"
    elif basis == "rank":
        what = f"rank as {metric or thing or 'ranked'}"
        if thing and metric:
            what += f" for {thing}"
    elif metric and thing and (head_noun(thing) == head_noun(metric) or head_noun(metric) in {
            head_noun(w) for w in thing.split()}):
        # "a net profit of 1.42 billion euros", "the flood death toll" for metric "deaths": the
        # object names the metric already
        what = thing
    elif metric and thing and metric.endswith("ed"):
        what = f"{thing} {metric}"  # a participle follows its noun: "vehicles recalled"
    elif metric and thing:
        what = f"{metric} of {thing}"
    else:
        what = metric or thing or "figure"
    text = f"{possessive(whose)} {what}" if whose else what
    if other:
        text += f" {towards} {other}"
    if block == "ratio" or basis in ("change", "multiple"):
        text = f"change in {text}"
    when = period_phrase(*period)
    compared = _COMPARED.get(comparison or "")
    if when or compared:
        text += ", " + " ".join(x for x in (when, compared) if x)
    unit = "percent" if block == "ratio" and c.basis == "change" else (
        "times" if block == "ratio" else unit_phrase(block.split(":", 1)[-1]))
    return _capitalise(f"{text} ({unit})" if unit else text)


def describe_event(members: Sequence[ClaimView]) -> str:
    """ "Agree trade framework: China and the United States, June 2025" for an event; a bare
    reporting verb ("say") reads "Statement: Nordbank"."""
    c = members[0].claim
    what = " ".join((c.event or c.text).split())
    if names_statement(what):
        what = "statement"
    names = list(dict.fromkeys(entity_phrase(p.strip()) for m in members
                               for p in m.claim.participants if p.strip()))
    parts = [_capitalise(what)]
    if names:
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(who)
    dated = next((m for m in members if m.period[0]), None)
    when = period_phrase(*dated.period) if dated else ""
    text = ": ".join(parts)
    return f"{text}, {when}" if when else text
