"""Scope rules: a figure for part of an area presented as the figure for the whole.

An outlet that reports "the death toll in the state rose to 68" when 68 was one county's toll, and
the state's stood higher, states a true number about the wrong place. The words say which
figure is whose only in the other outlets' texts, so the rule asks for all of this:

- an outlet B states the figure for a named sub-area in the figure's own clause ("Ash County's
  death toll climbed to 68", "410 people had died ... in Sarn province": a county, province,
  district and the like), and in the same report a larger figure of the same measure for the
  area as a whole ("the statewide toll to at least 80", "killing at least 430 people");
- an outlet A states the same figure (same value and unit) for the same measure with no
  sub-area in its clause ("The death toll in the state ... rose to 68"), its frame sure (frames.py)
  and its period, if it has one, the story's own.

Not when A's clause and B's name a place in common (the same part, placed alike), nor when A's
own report gives the figure for a sub-area too (a restatement). Then A gives the sub-area's
figure as the whole (high: B's own report holds both figures, so the
two cannot be one count at one moment). The sub-area nouns are general English administrative
divisions; "state" and "region" are left out, as either can be the whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context
from extractor.reconcile.frames import clause_of
from extractor.reconcile.tolerance import read_unit, same_figure

__all__ = ["scope_rules"]

_SUB_AREA = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+){1,3})(?i:county|province|district|prefecture|municipality|"
    r"department|borough|parish|governorate|canton|oblast|ward|township)\b"
    r"|\b(?i:county|province|district|prefecture|municipality|borough|parish|governorate|"
    r"canton|oblast|township)\s+of\s+([A-Z][\w'’-]+)"
    # "about 400,000 in Tessin alone": "alone" marks the named place as a part of the whole
    r"|\bin\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)\s+alone\b")
# A figure a sentence gives after a larger one, introduced as included in it: "moved nearly
# 1.9 million people, including about 400,000 in Tessin alone".
_INCLUDED = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+which)\b", re.IGNORECASE)
# A sub-area must be written as a name: "Ash County", "Sarn province", "the province of Velt".
_NAME = re.compile(r"^[A-Z]")
# How far from the story's date a period may be and still be the story's own moment.
STORY_DAYS = 31


def _sub_area(v: ClaimView) -> str | None:
    """The named sub-area in the figure's clause, if any (its subject counts too)."""
    c = v.claim
    at = c.start - c.sentence_start
    if not 0 <= at <= len(c.sentence):
        return None
    lo, hi = clause_of(c.sentence, at, at + len(c.text))
    for text in (c.sentence[lo:hi], c.subject or ""):
        for m in _SUB_AREA.finditer(text):
            name = (m.group(1) or m.group(2) or m.group(3) or "").strip()
            if name and _NAME.match(name):
                return " ".join((m.group(3) or m.group(0)).split())
    return None


def _included(t: ClaimView, s: ClaimView) -> bool:
    """Whether ``s`` is given as included in ``t``, a figure before it in its sentence ("moved
    nearly 1.9 million people, including about 400,000 in Tessin alone"): the part then
    measures what its whole measures, whatever the extractor read around it."""
    a, b = t.claim, s.claim
    if (a.article_id, a.field, a.sentence_start) != (b.article_id, b.field, b.sentence_start):
        return False
    between = b.sentence[a.end - a.sentence_start:b.start - b.sentence_start]
    return a.start < b.start and bool(_INCLUDED.search(between))


def _clause(v: ClaimView) -> str:
    c = v.claim
    at = c.start - c.sentence_start
    if not 0 <= at <= len(c.sentence):
        return ""
    lo, hi = clause_of(c.sentence, at, at + len(c.text))
    return c.sentence[lo:hi]


def _names_in(text: str) -> set[str]:
    """Capitalised words past the clause's first word: the places and bodies it names."""
    words = [w.strip(".,;:'’\"()") for w in text.split()[1:]]
    return {w for w in words if _NAME.match(w) and len(w) > 1}


def _same_place(w: ClaimView, s: ClaimView) -> bool:
    """Whether the two figures' clauses name a place in common: "A dozen people were also
    killed in neighbouring Velt" and "12 people had been killed ... in neighbouring Velt"
    place the figure alike, whatever else the second sentence names."""
    return bool(_names_in(_clause(w)) & _names_in(_clause(s)))


def _measure(v: ClaimView) -> set[str]:
    return {x for x in (v.flow, v.head) if x}


def _counts(v: ClaimView) -> bool:
    return (v.claim.kind == "quantity" and v.claim.basis in (None, "absolute")
            and v.interval is not None and v.claim.value is not None)


def _story_moment(v: ClaimView, anchor: date | None) -> bool:
    start = v.period[0] or (v.claim.period_start if v.claim.period_end == v.claim.period_start
                            else None)
    if start is None or anchor is None:
        return True
    try:
        return abs((date.fromisoformat(start[:10]) - anchor).days) <= STORY_DAYS
    except ValueError:
        return True


def scope_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group],
                anchor: date | None) -> None:
    """Sub-area figures that another outlet gives for the whole area."""
    counts = [v for v in views if _counts(v)]
    areas = {v.claim.id: _sub_area(v) for v in counts}
    done: set[tuple[str, str]] = set()
    for s in counts:
        area = areas[s.claim.id]
        frame = ctx.frame(s)
        if not area or (frame is not None and frame.role != "value"):
            continue
        wholes = [t for t in counts if t.claim.article_id == s.claim.article_id
                  and not areas[t.claim.id] and _measure(t) & _measure(s)
                  and t.interval is not None and s.interval is not None
                  and t.interval.lo > s.interval.hi
                  and read_unit(t.claim) == read_unit(s.claim)
                  and (f := ctx.frame(t)) is not None and f.role == "value"]
        if not wholes:
            continue
        for w in counts:
            if w.source == s.source or areas[w.claim.id] or not same_figure(w.claim, s.claim):
                continue
            if _same_place(w, s) or any(
                    areas[o.claim.id] and o.claim.article_id == w.claim.article_id
                    and same_figure(o.claim, w.claim) for o in counts):
                # the clauses place it alike, or A's report itself gives the figure for a
                # sub-area ("Four cases next door. The county has reported four cases in Ash
                # Township"): a restatement, not the part given as the whole
                continue
            if not (_measure(w) & _measure(s)) or not ctx.sure(w) or not _story_moment(
                    w, anchor):
                continue
            key = (w.claim.article_id, s.claim.article_id)
            if key in done:
                continue
            done.add(key)
            _report(ctx, groups, w, s, wholes[0], area)
    _included_parts(ctx, groups, counts, areas, anchor, done)


def _loose_measure(v: ClaimView) -> set[str]:
    """What a figure measures in every word the extractor read for it: metric, thing and the
    words of the thing ("people", "evacuations")."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", v.claim.object or "") if len(w) > 2}
    return _measure(v) | words


def _place_words(v: ClaimView) -> set[str]:
    return _names_in(" " + _clause(v)) | set(re.findall(r"[A-Z][\w'’-]+", v.claim.subject or ""))


def _elsewhere(area: str | None, whole_place: set[str]) -> bool:
    """Whether a figure's own area is another place than the whole's ("Marova province"
    is the whole "Marova"; "Tessin" is not)."""
    return bool(area) and not set(re.findall(r"[A-Z][\w'’-]+", area or "")) & whole_place


def _included_parts(ctx: Context, groups: list[Group], counts: list[ClaimView],
                    areas: dict[str, str | None], anchor: date | None,
                    done: set[tuple[str, str]]) -> None:
    """A part that its own sentence gives as included in a larger whole, which another outlet
    gives as the whole ("Marova moved nearly 1.9 million people, including about 400,000 in
    Tessin alone" against "Marova evacuated 400,000"). The other outlet's statements of
    the figure (headline and text) are read together: one of them sure of its frame, one of
    them measuring what the part or its whole measures, and none placing it in the part."""
    for s in counts:
        area = areas[s.claim.id]
        frame = ctx.frame(s)
        if not area or frame is None or frame.role != "value" or s.interval is None:
            continue
        wholes = [t for t in counts if _included(t, s) and not areas[t.claim.id]
                  and t.interval is not None and t.interval.lo > s.interval.hi
                  and read_unit(t.claim) == read_unit(s.claim)]
        if not wholes:
            continue
        t = wholes[0]
        measured = _loose_measure(s) | _loose_measure(t)
        whole_place = _place_words(t)
        for w in counts:
            if w.source == s.source or not same_figure(w.claim, s.claim):
                continue
            restated = [o for o in counts if o.claim.article_id == w.claim.article_id
                        and same_figure(o.claim, w.claim)]
            if any(_elsewhere(areas[o.claim.id], whole_place) or _same_place(o, s)
                   for o in restated):
                continue  # placed in the part, or in another place than the whole
            sure = [o for o in restated if ctx.sure(o) and _story_moment(o, anchor)]
            if not sure or not measured & set().union(*(_loose_measure(o) for o in restated)):
                continue
            key = (w.claim.article_id, s.claim.article_id)
            if key in done:
                continue
            done.add(key)
            _report(ctx, groups, sure[0], s, t, area)


def _report(ctx: Context, groups: list[Group], w: ClaimView, s: ClaimView, t: ClaimView,
            area: str) -> None:
    a_name = ctx.names.get(w.claim.article_id, w.claim.article_id)
    b_name = ctx.names.get(s.claim.article_id, s.claim.article_id)
    text = (f"Odd one out: {a_name} gives \"{w.claim.text}\" for the whole area, but "
            f"\"{s.claim.text}\" is the figure {b_name} gives for {area} alone, beside "
            f"\"{t.claim.text}\" for the whole in the same report. Same measure, same count: "
            f"a part of the area given as all of it. {ctx.quote([w, s, t])}.")
    fact = next((g for g in groups if w in g.members), None)
    ctx.add("scope_conflict", "high", [w, s, t], text, fact)
    if fact is not None:
        ctx.status[id(fact)] = "conflict"
