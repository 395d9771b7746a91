"""Scoring findings against a corpus's gold conflicts: precision first, then recall by severity.

Every high or medium finding (what a fact-checker must look at) either matches a gold conflict
(a finding kind that reports the gold's kind, naming the article at fault and, when the gold
names others, one of them, or naming the article at fault alone: its own statements disagree)
or is a false alarm. A gold conflict is found when a matching finding
has the severity it needs: high conflicts a high finding, medium ones a high or medium one. Low
gold conflicts (matters of framing) are never required, and a finding that matches one is no
false alarm.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from extractor import store
from extractor.core.records import Finding
from extractor.evaluate.corpus import Corpus, GoldConflict, article_ids

__all__ = ["GOLD_KINDS", "ConflictScore", "score_conflicts"]

# The gold's kinds and the finding kinds that report them.
GOLD_KINDS: dict[str, frozenset[str]] = {
    "value": frozenset({"value_conflict"}),
    "place-date": frozenset({"place_conflict", "date_conflict"}),
    "attribution": frozenset({"mislabelled_object", "direction_conflict",
                              "attribution_conflict"}),
    "part-whole": frozenset({"part_whole", "arithmetic"}),
    "scope": frozenset({"scope_conflict"}),
    "person-age": frozenset({"person_conflict"}),
    "person-title": frozenset({"person_conflict"}),
    "name-spelling": frozenset({"name_spelling"}),
    "currency": frozenset({"currency_conflict", "value_conflict"}),
    "period": frozenset({"period_conflict", "value_conflict"}),
}
MUST_LOOK = ("high", "medium")
# Kinds whose findings list the article at fault first (the odd label, the reversed flow, the
# uncorroborated place): the gold's first article must be that one.
ODD_FIRST = frozenset({"mislabelled_object", "direction_conflict", "place_conflict"})


@dataclass(frozen=True)
class ConflictScore:
    reported: int  # high + medium findings on the corpus's articles
    matched: int  # of those, findings that match a gold conflict
    high_reported: int
    high_false_alarms: int
    found: dict[str, tuple[int, int]]  # gold confidence -> (found, required)
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]
    by_kind: dict[str, tuple[int, int]]  # gold kind -> (found, required), high and medium

    @property
    def precision(self) -> float:
        return self.matched / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        found = sum(f for f, _ in self.found.values())
        required = sum(r for _, r in self.found.values())
        return found / required if required else 1.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "high_false_alarms": float(self.high_false_alarms)}

    def lines(self, *, details: int = 40) -> list[str]:
        per = ", ".join(f"{level} {f}/{r}" for level, (f, r) in sorted(self.found.items()))
        out = [
            f"findings: precision {self.precision:.1%} ({self.matched}/{self.reported} high and "
            f"medium findings match a gold conflict; {self.high_false_alarms} of "
            f"{self.high_reported} high findings are false alarms), recall {self.recall:.1%} "
            f"of the high and medium gold conflicts ({per})",
            "  by kind: " + ", ".join(f"{k} {f}/{r}" for k, (f, r) in sorted(self.by_kind.items())),
        ]
        out += [f"  MISS {m}" for m in self.misses[:details]]
        out += [f"  FALSE ALARM {f}" for f in self.false_alarms[:details]]
        if len(self.false_alarms) > details:
            out.append(f"  ... and {len(self.false_alarms) - details} more false alarms")
        return out


def _matches(finding: Finding, conflict: GoldConflict, ids: dict[str, str]) -> bool:
    arts = [ids[a] for a in conflict.articles if a in ids]
    if not arts:
        return False
    # a contradiction inside one article is the same error seen from within
    kind_ok = finding.kind in GOLD_KINDS.get(conflict.kind, frozenset()) or (
        finding.kind == "internal_inconsistency" and len(set(arts)) == 1)
    if not kind_ok or arts[0] not in finding.article_ids:
        return False
    if finding.kind in ODD_FIRST and finding.article_ids[0] != arts[0]:
        return False  # the finding blames another article: it is not this conflict
    # a finding about the article at fault alone (its own statements disagree: a name spelled
    # two ways, a headline against its text) is this conflict seen from within
    alone = tuple(finding.article_ids) == (arts[0],)
    return len(arts) == 1 or alone or any(a in finding.article_ids for a in arts[1:])


def score_conflicts(db: sqlite_utils.Database, corpus: Corpus) -> ConflictScore:
    """Score the stored findings of the corpus's articles against its gold conflicts."""
    ids = article_ids(db, corpus)
    name = {v: k for k, v in ids.items()}
    ours = set(ids.values())
    findings = [f for f in store.iter_findings(db) if set(f.article_ids) & ours]
    looked = [f for f in findings if f.severity in MUST_LOOK]
    matched, false_alarms = 0, []
    high = high_false = 0
    for f in looked:
        hit = any(_matches(f, c, ids) for c in corpus.conflicts)
        matched += hit
        high += f.severity == "high"
        if not hit:
            high_false += f.severity == "high"
            arts = ",".join(name.get(a, a) for a in f.article_ids)
            false_alarms.append(f"{f.severity} {f.kind} [{arts}]: {f.explanation[:200]}")
    found: Counter[str] = Counter()
    required: Counter[str] = Counter()
    kind_found: Counter[str] = Counter()
    kind_required: Counter[str] = Counter()
    misses = []
    for c in corpus.conflicts:
        if c.confidence not in MUST_LOOK:
            continue
        required[c.confidence] += 1
        kind_required[c.kind] += 1
        needed = ("high",) if c.confidence == "high" else MUST_LOOK
        hits = [f for f in findings if _matches(f, c, ids)]
        if any(f.severity in needed for f in hits):
            found[c.confidence] += 1
            kind_found[c.kind] += 1
            continue
        how = (f"found only as {', '.join(sorted({f.severity for f in hits}))}" if hits
               else "no matching finding")
        misses.append(f"{c.event}/{c.key} ({c.confidence} {c.kind}, "
                      f"{','.join(c.articles)}): {how}")
    return ConflictScore(
        reported=len(looked), matched=matched, high_reported=high, high_false_alarms=high_false,
        found={level: (found[level], required[level]) for level in required},
        misses=tuple(misses), false_alarms=tuple(false_alarms),
        by_kind={k: (kind_found[k], kind_required[k]) for k in kind_required},
    )
