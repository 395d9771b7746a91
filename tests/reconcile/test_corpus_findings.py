"""The findings quality gate on the development corpus: the real eval of fixtures/stories.

Every article is placed in its gold event's story (``--given-stories``), so the score is that of
facts and findings, apart from story grouping. Floors in corpus_baseline.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from extractor.cli import cli

PROJECT_DIR = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_DIR / "fixtures" / "stories"
BASELINE = json.loads(Path(__file__).with_name("corpus_baseline.json").read_text())


def test_findings_on_the_story_corpus_meet_the_floors(tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "corpus.db"), "eval", "--corpus", str(CORPUS),
              "--given-stories", "--details", "60", "--json", str(out)])
    assert result.exit_code == 0, result.output
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    report = "\n".join(line for line in result.output.splitlines()
                       if line.startswith(("findings:", "  by kind", "  MISS ", "  FALSE ")))
    assert findings["high_false_alarms"] <= BASELINE["high_false_alarms"], report
    assert findings["precision"] >= BASELINE["precision"], report
    assert findings["recall"] >= BASELINE["recall"], report
