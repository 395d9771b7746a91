"""Scoring the extracted figures of a labelled corpus: recall, periods, and precision.

For each gold figure of an article (fixtures/stories format), the claims whose text overlaps the
figure's quoted words are its candidates. It is **found** when a candidate has the same value (as
an absolute number: a sign or basis error is reported apart) in the same unit; then its period is
**right** (the claim's period and the gold's nest: one lies within the other), **wrong** (they
do not nest), or **absent** (the claim has none). A gold figure about no particular time (period
null) counts as right whatever the claim says. **Precision** is over the quantity claims: the
share that overlaps some gold figure of its article (the annotators list every figure, so a claim
that overlaps none states no figure: "-0400" of a time zone, "a similar grip").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from extractor import store
from extractor.core.records import Article, Claim
from extractor.evaluate.corpus import Corpus, CorpusArticle, GoldFigure, article_ids, period_range

__all__ = ["FigureResult", "FigureScore", "score_figures"]

# Units the gold writes differently from the extractor's normalised unit: (unit, factor).
# Durations in decades and in years are one quantity ("a decade" is labelled 1 decade in some
# articles, 10 years in others).
_SAME_UNIT = {"basis_point": (("percentage_point", 0.01),), "year": (("decade", 0.1),),
              "decade": (("year", 10.0),)}
# Values agree when they differ by less than this share: only float noise from scale words.
_VALUE_TOLERANCE = 1e-3


@dataclass(frozen=True)
class FigureResult:
    article: CorpusArticle
    gold: GoldFigure
    claim: Claim | None  # the best candidate (None: nothing overlaps the figure)
    found: bool
    period: str  # right | wrong | absent | unscored ("" when not found)
    sign_ok: bool = True

    def describe(self) -> str:
        g = self.gold
        head = (f"{self.article.id} [{self.article.language}] {g.text!r} = {g.value:g} {g.unit}"
                f" ({g.basis}, {g.period or 'no period'})")
        if self.claim is None:
            return f"MISS {head}: no claim overlaps it"
        c = self.claim
        got = (f"{c.text!r} value={c.value} unit={c.unit} basis={c.basis} "
               f"period={c.period_start}..{c.period_end} ({c.period_text or '-'})")
        if not self.found:
            return f"MISREAD {head} -> {got}"
        return f"{self.period.upper()} PERIOD {head} -> {got}"


@dataclass
class _Tally:
    figures: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    claims: int = 0
    matched_claims: int = 0


@dataclass(frozen=True)
class FigureScore:
    results: tuple[FigureResult, ...]
    spurious: tuple[str, ...]  # claims that overlap no gold figure, described
    claims: int  # quantity claims of the scored articles
    matched_claims: int
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)
    missing_articles: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    @property
    def right(self) -> int:
        return sum(r.found and r.period in ("right", "unscored") for r in self.results)

    @property
    def wrong(self) -> int:
        return sum(r.found and r.period == "wrong" for r in self.results)

    @property
    def precision(self) -> float:
        return self.matched_claims / self.claims if self.claims else 1.0

    def as_dict(self) -> dict[str, float]:
        total = self.total or 1
        return {
            "found": round(self.found / total, 4),
            "right": round(self.right / total, 4),
            "wrong_of_found": round(self.wrong / self.found, 4) if self.found else 0.0,
            "precision": round(self.precision, 4),
        }

    def lines(self, *, details: int = 40) -> list[str]:
        d = self.as_dict()
        out = [
            f"figures: {self.found}/{self.total} found ({d['found']:.1%}), {self.right} right "
            f"with their period ({d['right']:.1%}), {self.wrong} with a wrong period "
            f"({d['wrong_of_found']:.1%} of the found); claim precision {d['precision']:.1%} "
            f"({self.matched_claims}/{self.claims} claims state a gold figure)",
        ]
        for lang, s in sorted(self.by_language.items()):
            out.append(f"  {lang}: {int(s['figures'])} figures, found {s['found']:.1%}, right "
                       f"{s['right']:.1%}, wrong periods {s['wrong_of_found']:.1%} of the found,"
                       f" precision {s['precision']:.1%}")
        if self.missing_articles:
            out.append("  articles not in the database: " + ", ".join(self.missing_articles))
        problems = [r for r in self.results if not r.found or r.period == "wrong"]
        for r in problems[:details]:
            out.append(f"  {r.describe()}")
        if len(problems) > details:
            out.append(f"  ... and {len(problems) - details} more misses and wrong periods")
        for line in self.spurious[:details // 2]:
            out.append(f"  NOT A FIGURE {line}")
        if len(self.spurious) > details // 2:
            out.append(f"  ... and {len(self.spurious) - details // 2} more claims that state "
                       "no gold figure")
        return out


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], haystack.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return out


def _same_value(claim: Claim, gold: GoldFigure) -> bool:
    if claim.value is None:
        return False
    for unit, factor in ((gold.unit, 1.0), *_SAME_UNIT.get(gold.unit, ())):
        if claim.unit == unit and math.isclose(abs(claim.value), abs(gold.value * factor),
                                               rel_tol=_VALUE_TOLERANCE, abs_tol=1e-9):
            return True
    return False


def _claim_range(claim: Claim) -> tuple[date, date] | None:
    if not claim.period_start or not claim.period_end:
        return None
    try:
        return date.fromisoformat(claim.period_start[:10]), date.fromisoformat(
            claim.period_end[:10])
    except ValueError:
        return None


def period_verdict(claim: Claim, gold: GoldFigure) -> str:
    """right | wrong | absent | unscored: how the claim's period stands to the gold's."""
    wanted = period_range(gold.period)
    if wanted is None:
        return "unscored"
    got = _claim_range(claim)
    if got is None:
        return "absent"
    inside = wanted[0] <= got[0] and got[1] <= wanted[1]
    around = got[0] <= wanted[0] and wanted[1] <= got[1]
    return "right" if inside or around else "wrong"


def _score_article(article: CorpusArticle, stored: Article, claims: list[Claim]
                   ) -> tuple[list[FigureResult], list[Claim], int]:
    texts = {"text": stored.text or "", "title": stored.title or ""}
    occurrences: dict[int, list[tuple[int, int]]] = {
        k: _spans(texts.get(g.field, ""), g.text) for k, g in enumerate(article.figures)}
    quantities = [c for c in claims if c.kind == "quantity"]
    results = []
    for k, gold in enumerate(article.figures):
        spans = occurrences[k]
        candidates = [c for c in quantities if c.field == gold.field
                      and any(c.start < e and s < c.end for s, e in spans)]
        good = [c for c in candidates if _same_value(c, gold)]
        if good:
            verdicts = {id(c): period_verdict(c, gold) for c in good}
            order = ("right", "unscored", "absent", "wrong")
            best = min(good, key=lambda c: order.index(verdicts[id(c)]))
            sign_ok = best.value is None or gold.value == 0 or (
                math.copysign(1, best.value) == math.copysign(1, gold.value))
            results.append(FigureResult(article, gold, best, True, verdicts[id(best)], sign_ok))
        else:
            results.append(FigureResult(article, gold, candidates[0] if candidates else None,
                                        False, ""))
    covered = [(g.field, s, e) for k, g in enumerate(article.figures) for s, e in occurrences[k]]
    spurious = [c for c in quantities
                if not any(f == c.field and c.start < e and s < c.end for f, s, e in covered)]
    return results, spurious, len(quantities)


def score_figures(db: sqlite_utils.Database, corpus: Corpus) -> FigureScore:
    """Score the stored claims of the corpus's articles against its gold figures."""
    ids = article_ids(db, corpus)
    stored = store.articles_by_id(db, ids.values())
    claims = store.claims_by_article(db, ids.values())
    results: list[FigureResult] = []
    spurious: list[str] = []
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    n_claims = n_matched = 0
    missing = []
    scored: set[str] = set()
    for article in corpus.articles:
        stored_id = ids.get(article.id)
        if stored_id is None or stored_id not in stored:
            missing.append(article.id)
            continue
        if stored_id in scored:
            continue  # an exact copy stored as its original: scored once, as the original
        scored.add(stored_id)
        mine, extra, count = _score_article(article, stored[stored_id], claims[stored_id])
        results.extend(mine)
        spurious.extend(f"{article.id} [{article.language}] {c.field} {c.text!r} value={c.value} "
                        f"unit={c.unit}: {c.sentence[:90]!r}" for c in extra)
        n_claims += count
        n_matched += count - len(extra)
        t = tallies[article.language]
        t.figures += len(mine)
        t.found += sum(r.found for r in mine)
        t.right += sum(r.found and r.period in ("right", "unscored") for r in mine)
        t.wrong += sum(r.found and r.period == "wrong" for r in mine)
        t.claims += count
        t.matched_claims += count - len(extra)
    by_language = {
        lang: {
            "figures": t.figures,
            "found": t.found / t.figures if t.figures else 0.0,
            "right": t.right / t.figures if t.figures else 0.0,
            "wrong_of_found": t.wrong / t.found if t.found else 0.0,
            "precision": t.matched_claims / t.claims if t.claims else 1.0,
        }
        for lang, t in tallies.items()
    }
    return FigureScore(tuple(results), tuple(spurious), n_claims, n_matched, by_language,
                       tuple(missing))
