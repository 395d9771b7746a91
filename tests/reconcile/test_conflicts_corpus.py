"""The findings quality gate on fixtures/conflicts: planted conflicts of the kinds a held-out
corpus missed (currency, ages, titles, parts, periods, places, scope), next to natural
differences. The session's one real eval of the corpus (tests/conftest.py
``conflicts_corpus_run``), articles placed in their gold events' stories. Floors in
conflicts_corpus_baseline.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FLOORS = json.loads(Path(__file__).with_name("conflicts_corpus_baseline.json").read_text())


def test_findings_on_the_conflicts_corpus_meet_the_floors(conflicts_corpus_run: Any) -> None:
    report, _ = conflicts_corpus_run
    score = report.conflicts
    details = "\n".join(score.lines(details=60))
    assert score.high_false_alarms <= FLOORS["high_false_alarms"], details
    assert score.precision >= FLOORS["precision"], details
    assert score.recall >= FLOORS["recall"], details


def test_the_conflicts_corpus_is_grouped_as_given(conflicts_corpus_run: Any) -> None:
    """Every article is in its gold event's story: the findings score is about findings."""
    report, _ = conflicts_corpus_run
    assert report.grouping.ours.f1 == 1.0
