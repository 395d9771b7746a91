"""Period rules: how long a pledge, contract, programme or deadline runs, as outlets give it.

Two readings, each tied to its words so that different periods are never compared:

- **terms** ("a five-year contract running until 2029", "the deal ... is understood to run until
  the summer of 2030"): a contract-like noun (contract, deal, agreement, lease, pledge,
  programme, term, plan, loan) with the year it runs to, and its length when the text gives one
  ("five-year", "for three years"). A term whose length and end year do not fit the year it
  was agreed (the report's year: a five-year deal signed in 2025 runs to 2030) contradicts
  itself; an outlet whose end year differs from the one 2+ other original reports give, or from
  the one its own length implies, is the odd one out.
- **deadlines** ("Google has 90 days to propose ...", "to propose remedies within 60 days"): a
  duration figure tied to the verb it is for ("to propose"); two outlets giving one purpose
  different durations disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from extractor.core.records import Article, Severity
from extractor.reconcile.align import ClaimView
from extractor.reconcile.checks.context import Context, plural, verb
from extractor.reconcile.tolerance import canonical_unit

__all__ = ["period_rules"]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}
_TERM_NOUN = (r"(?:contract|deal|agreement|extension|lease|pledge|programme|program|term|"
              r"plan|loan|mandate|licen[cs]e)")
# "a five-year contract", "a 5-year deal", "a contract for three years"
_LENGTH = re.compile(rf"\b(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})[- ]year\s+(?:[\w-]+\s+)?"
                     rf"{_TERM_NOUN}\b", re.IGNORECASE)
# "... contract running until 2029", "deal ... understood to run until the summer of 2030",
# "contract through 2030", "which expires in 2030"
_END = re.compile(rf"\b{_TERM_NOUN}\b[^.;]{{0,70}}?\b(?:until|till|through|to|expir\w*\s+in|"
                  r"ends?\s+in)\s+(?:the\s+(?:summer|spring|autumn|fall|winter|end|start)\s+of\s+"
                  r"|(?:june|july|may|january|december)\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)
# a deadline: "90 days to propose", "within 60 days" after "to propose remedies"
_PURPOSE_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?to\s+([a-z]+)", re.IGNORECASE)
_PURPOSE_BEFORE = re.compile(r"\bto\s+([a-z]+)(?:\s+[\w-]+){0,3}\s+(?:within|in)\s+$",
                             re.IGNORECASE)
# canonical: days, weeks and hours convert to days; months stay months ("six months to comply")
_TIME_UNITS = frozenset({"day", "month"})


@dataclass(frozen=True)
class Term:
    article_id: str
    source: str
    sentence: str
    end_year: int
    length: int | None


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _terms(article: Article, source: str) -> list[Term]:
    out = []
    for sentence in _sentences(article.text):
        end = _END.search(sentence)
        if not end:
            continue
        length = _LENGTH.search(sentence)
        out.append(Term(article.id, source, sentence, int(end.group(1)),
                        _number(length.group(1)) if length else None))
    return out


def period_rules(ctx: Context, articles: Sequence[Article], sources: dict[str, str],
                 views: Sequence[ClaimView], anchor: date | None) -> None:
    """Terms and deadlines that outlets give differently."""
    _term_rules(ctx, articles, sources, anchor)
    _deadline_rules(ctx, views)


def _term_rules(ctx: Context, articles: Sequence[Article], sources: dict[str, str],
                anchor: date | None) -> None:
    terms = [t for a in articles for t in _terms(a, sources.get(a.id, a.id))]
    if not terms:
        return
    for t in terms:
        year = _year(ctx.published.get(t.article_id)) or (anchor.year if anchor else None)
        implied = year + t.length if (year and t.length) else None
        others = [o for o in terms if o.source != t.source]
        agree = [o for o in others if o.end_year == t.end_year]
        differ = [o for o in others if o.end_year != t.end_year]
        consensus = {o.end_year for o in differ}
        n_differ = len({o.source for o in differ})
        inconsistent = implied is not None and implied != t.end_year
        backed = [o for o in differ if implied is not None and o.end_year == implied]
        if not (inconsistent and (backed or not others)) and not (
                len(consensus) == 1 and n_differ >= 2 and not agree):
            continue
        name = ctx.names.get(t.article_id, t.article_id)
        quoted = [t, *(backed or differ)][:4]
        parts = [f"{name} says the term runs until {t.end_year}"]
        if inconsistent:
            parts.append(f"but a {t.length}-year term agreed in {year} runs until {implied}")
        if backed or differ:
            n = len({o.source for o in (backed or differ)})
            parts.append(f"{plural(n, 'other independent source')} "
                         f"{verb(n, 'give')} {(backed or differ)[0].end_year}")
        text = ("Odd one out: " + "; ".join(parts) + ". Same term: the same deal of the same "
                "story. " + "; ".join(f'{ctx.names.get(q.article_id, q.article_id)}: '
                                       f'"{q.sentence}"' for q in quoted) + ".")
        severity: Severity = "high" if inconsistent else "medium"
        ctx.add_text("period_conflict", severity, [q.article_id for q in quoted],
                     [q.sentence for q in quoted], text)


def _year(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).year if published else None
    except ValueError:
        return None


def _purpose(v: ClaimView) -> str | None:
    c = v.claim
    at = c.start - c.sentence_start
    if not 0 <= at <= len(c.sentence):
        return None
    after = _PURPOSE_AFTER.match(c.sentence[at + len(c.text):])
    if after:
        return after.group(1).lower()
    before = _PURPOSE_BEFORE.search(c.sentence[:at])
    return before.group(1).lower() if before else None


# Outlets that each give the story one deadline, each with its own verb ("three months to
# comply", "six months to bring its processing into line", "six months to fix"), give one
# deadline: at least this many independent sources must, so that two outlets' different
# deadlines are not taken for one (calibrated on fixtures/stories and fixtures/conflicts).
MIN_SOLE_SOURCES = 3


def _sole_deadlines(deadlines: dict[str, list[ClaimView]]) -> dict[str, list[ClaimView]]:
    """The one deadline of a story told with different verbs: when every article that gives a
    deadline in a unit gives exactly one, and no verb is shared by two sources, the deadlines
    of three or more sources are one ("Velmora was given three months to comply" against "six
    months to bring its processing into line" and "six months to fix its practices")."""
    by_unit: dict[str, list[list[ClaimView]]] = {}
    for key, found in deadlines.items():
        by_unit.setdefault(key.split("\t")[1], []).append(found)
    out: dict[str, list[ClaimView]] = {}
    for unit, lists in by_unit.items():
        if len(lists) < 2 or any(len({v.source for v in vs}) > 1 for vs in lists):
            continue
        members = [v for vs in lists for v in vs]
        per_article: dict[str, set[float]] = {}
        for v in members:
            per_article.setdefault(v.claim.article_id, set()).add(v.claim.value or 0.0)
        if any(len(values) > 1 for values in per_article.values()):
            continue  # an article with two deadlines: they are not one
        if len({v.source for v in members}) >= MIN_SOLE_SOURCES:
            verbs = sorted({k.split("\t")[0] for k, vs in deadlines.items() if vs[0] in members})
            out["/".join(verbs) + "\t" + unit] = members
    return out


def _deadline_rules(ctx: Context, views: Sequence[ClaimView]) -> None:
    """Durations given for one purpose ("to propose") that differ between outlets."""
    deadlines: dict[str, list[ClaimView]] = {}
    for v in views:
        c = v.claim
        if c.kind != "quantity" or c.metric == "age" or c.basis not in (None, "absolute"):
            continue
        if canonical_unit(c.unit)[0] not in _TIME_UNITS or v.interval is None:
            continue
        frame = ctx.frame(v)
        if frame is not None and frame.role != "value":
            continue
        purpose = _purpose(v)
        if purpose:
            unit = canonical_unit(c.unit)[0] or ""
            deadlines.setdefault(f"{purpose}\t{unit}", []).append(v)
    deadlines.update(_sole_deadlines(deadlines))
    for key, found in deadlines.items():
        purpose = key.split("\t")[0]
        by_value: dict[tuple[float, float], list[ClaimView]] = {}
        for v in found:
            assert v.interval is not None
            bucket = next((k for k in by_value if v.interval.meets(
                type(v.interval)(k[0], k[1]))), (v.interval.lo, v.interval.hi))
            by_value.setdefault(bucket, []).append(v)
        if len(by_value) < 2:
            continue
        sides = sorted(by_value.values(), key=lambda vs: -len({m.source for m in vs}))
        right, odd_sides = sides[0], sides[1:]
        n_right = len({m.source for m in right})
        for odd in odd_sides:
            n_odd = len({m.source for m in odd})
            if n_odd >= n_right:
                continue  # one against one: nothing says which is right
            text = (f"Odd one out: {ctx.outlets(odd)} {verb(n_odd, 'give')} "
                    f"\"{odd[0].claim.text}\" to {purpose}, while "
                    f"{plural(n_right, 'independent source')} {verb(n_right, 'give')} "
                    f"\"{right[0].claim.text}\". Same deadline: the time given to {purpose} in "
                    f"the same story. {ctx.quote(odd + right)}.")
            severity: Severity = "high" if n_right >= 2 else "medium"
            ctx.add("period_conflict", severity, odd + right, text)
