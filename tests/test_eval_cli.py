"""`newsclaims eval` scores claims and findings against the gold file, through the real CLI: the
repository's own (fixtures/seeds) and, where it is present, the shared original."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from extractor.cli import cli


def test_eval_prints_claim_and_finding_scores_and_finds_the_high_conflict(
    runner: CliRunner, tmp_path: Path, seed_gold: Any
) -> None:
    result = runner.invoke(
        cli,
        ["--db", str(tmp_path / "eval.db"), "eval", "--gold", str(seed_gold.gold_path),
         "--articles", str(seed_gold.seeds_dir)],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("claims: ") and "recall" in line for line in lines)
    assert any(line.startswith("findings: precision") for line in lines)
    assert "found: geneva_vs_june_framework" in result.output


def test_eval_names_a_malformed_gold_file(runner: CliRunner, tmp_path: Path,
                                          seeds_dir: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text("facts: [\n  - key: x\n    value: [unclosed\n", encoding="utf-8")
    result = runner.invoke(
        cli,
        ["--db", str(tmp_path / "eval.db"), "eval", "--gold", str(gold),
         "--articles", str(seeds_dir)],
    )
    assert result.exit_code != 0
    assert result.output.startswith("Error: ") and str(gold) in result.output
