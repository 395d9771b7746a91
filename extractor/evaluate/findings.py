"""Scoring the reconciler's findings against a gold file's conflicts and non-conflicts.

A gold conflict is found when a finding of a matching kind names the article at fault (the
first of the gold's articles; first in the finding too for kinds that put the odd side first)
and, when the gold names several, at least one of the others.
High gold conflicts must be found as high findings; medium ones may also be low/info notes.
Precision is over the findings a fact-checker must look at (high and medium): each either
matches a gold conflict (of any confidence) or is a false alarm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from extractor import store
from extractor.core.errors import ConfigError, NotFoundError
from extractor.core.records import Finding
from extractor.core.settings import Settings

__all__ = ["FindingsScore", "article_map", "reconcile_and_score", "score_findings"]

# The gold file's kinds and the finding kinds that report them.
GOLD_KINDS: dict[str, frozenset[str]] = {
    "place-date": frozenset({"place_conflict", "date_conflict"}),
    "attribution": frozenset({"mislabelled_object", "direction_conflict",
                              "attribution_conflict"}),
    "value": frozenset({"value_conflict"}),
}
MUST_LOOK = ("high", "medium")
# Kinds whose findings list the article at fault first (the odd label, the reversed flow, the
# uncorroborated place): the gold's first article must be that one.
ODD_FIRST = frozenset({"mislabelled_object", "direction_conflict", "place_conflict"})


@dataclass(frozen=True)
class FindingsScore:
    """Precision and recall of findings, with each miss and false alarm spelled out."""

    precision: float
    recall: float
    reported: int  # high + medium findings
    true_positives: int
    found: tuple[str, ...] = ()  # gold conflict keys found
    notes: tuple[str, ...] = ()  # medium gold conflicts found only as low/info notes
    misses: tuple[str, ...] = ()  # gold conflicts (high/medium) not found, with why
    false_alarms: tuple[str, ...] = ()  # high/medium findings matching no gold conflict
    non_conflicts_flagged: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def lines(self) -> list[str]:
        notes = (f", {len(self.notes)} as {'a note' if len(self.notes) == 1 else 'notes'}"
                 if self.notes else "")
        out = [
            f"findings: precision {self.precision:.1%} ({self.true_positives}/{self.reported} "
            f"high/medium findings match a gold conflict), recall {self.recall:.1%} "
            f"({len(self.found) + len(self.notes)} of "
            f"{len(self.found) + len(self.notes) + len(self.misses)} high/medium gold "
            f"conflicts found{notes})",
        ]
        out += [f"  found: {k}" for k in self.found]
        out += [f"  found as a note only: {k}" for k in self.notes]
        out += [f"  MISS: {m}" for m in self.misses]
        out += [f"  FALSE ALARM: {f}" for f in self.false_alarms]
        out += [f"  NON-CONFLICT FLAGGED: {n}" for n in self.non_conflicts_flagged]
        return out


def article_map(db: sqlite_utils.Database, gold: dict[str, Any]) -> dict[str, str]:
    """Gold article key -> database article id, by the file name in the article's URL."""
    rows = store.article_addresses(db)
    out: dict[str, str] = {}
    for item in gold.get("articles") or []:
        if not isinstance(item, dict) or "id" not in item or "file" not in item:
            raise ConfigError(f"gold articles: expected {{id, file}} entries, got {item!r}")
        name = str(item["file"])
        match = next((r[0] for r in rows if str(r[1]).endswith("/" + name)
                      or str(r[2]).endswith("/" + name)), None)
        if match is None:
            raise NotFoundError(f"gold article {item['id']} ({name}) is not in the database: "
                                "ingest the gold's articles first")
        out[str(item["id"])] = match
    return out


def _matches(finding: Finding, conflict: dict[str, Any], ids: dict[str, str]) -> bool:
    arts = [ids[a] for a in conflict.get("articles", []) if a in ids]
    if not arts:
        return False
    kinds = GOLD_KINDS.get(str(conflict.get("kind")), frozenset())
    kind_ok = finding.kind in kinds or (
        # a contradiction inside one article is the same error seen from within
        finding.kind == "internal_inconsistency" and len(arts) == 1)
    if not kind_ok or arts[0] not in finding.article_ids:
        return False
    if finding.kind in ODD_FIRST and finding.article_ids[0] != arts[0]:
        return False  # the finding blames another article: it is not this conflict
    return len(arts) == 1 or any(a in finding.article_ids for a in arts[1:])


def _label(finding: Finding, names: dict[str, str]) -> str:
    arts = ",".join(names.get(a, a) for a in finding.article_ids)
    return f"{finding.severity} {finding.kind} [{arts}]: {finding.explanation[:160]}"


def score_findings(db: sqlite_utils.Database, gold: dict[str, Any],
                   findings: Iterable[Finding] | None = None) -> FindingsScore:
    """Score the stored findings (or ``findings``) against ``gold`` conflicts/non-conflicts."""
    ids = article_map(db, gold)
    names = {v: k for k, v in ids.items()}
    gold_articles = set(ids.values())
    all_findings = [f for f in (findings if findings is not None else store.iter_findings(db))
                    if set(f.article_ids) & gold_articles]
    conflicts = [c for c in gold.get("conflicts") or [] if isinstance(c, dict)]
    looked = [f for f in all_findings if f.severity in MUST_LOOK]
    matched: set[str] = set()
    false_alarms, flagged = [], []
    for f in looked:
        if any(_matches(f, c, ids) for c in conflicts):
            matched.add(f.id)
            continue
        false_alarms.append(_label(f, names))
        for nc in gold.get("non_conflicts") or []:
            arts = {ids[a] for a in nc.get("articles", []) if a in ids}
            if f.kind not in GOLD_KINDS["place-date"] and set(f.article_ids) <= arts:
                flagged.append(f"{nc.get('key')}: {_label(f, names)}")
                break
    found, notes, misses = [], [], []
    for c in conflicts:
        level = c.get("confidence")
        if level not in MUST_LOOK:
            continue
        key = str(c.get("key"))
        hits = [f for f in all_findings if _matches(f, c, ids)]
        needed = ("high",) if level == "high" else MUST_LOOK
        if any(f.severity in needed for f in hits):
            found.append(key)
        elif level == "medium" and hits:
            notes.append(key)
        elif hits:
            misses.append(f"{key} ({level} {c.get('kind')}): found only as "
                          f"{', '.join(sorted({f.severity for f in hits}))}")
        else:
            misses.append(f"{key} ({level} {c.get('kind')}, articles "
                          f"{','.join(c.get('articles', []))}): no matching finding")
    required = len(found) + len(notes) + len(misses)
    return FindingsScore(
        precision=len(matched) / len(looked) if looked else 1.0,
        recall=(len(found) + len(notes)) / required if required else 1.0,
        reported=len(looked),
        true_positives=len(matched),
        found=tuple(found),
        notes=tuple(notes),
        misses=tuple(misses),
        false_alarms=tuple(false_alarms),
        non_conflicts_flagged=tuple(flagged),
    )


def reconcile_and_score(db: sqlite_utils.Database, settings: Settings, gold_path: Path
                        ) -> FindingsScore:
    """Reconcile the database, then score its findings against the gold file at ``gold_path``.

    This is the findings hook of ``evaluate.run_eval`` (its ``findings=`` argument).
    """
    from extractor.reconcile.run import reconcile

    try:
        gold = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{gold_path}:{mark.line + 1}" if mark else str(gold_path)
        raise ConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    except OSError as exc:
        raise ConfigError(f"{gold_path}: cannot read ({exc.strerror or exc})") from exc
    if not isinstance(gold, dict):
        raise ConfigError(f"{gold_path}: expected a mapping with articles and conflicts")
    reconcile(db, settings)
    return score_findings(db, gold)
