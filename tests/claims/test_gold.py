"""The seed gold as a quality gate: recall and field accuracy may not fall below the pinned floors
(tests/claims/eval_baseline.json), as trafilatura's eval gate does. The floors hold for the
repository's own gold (fixtures/seeds) and, where it is present, for the shared original."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.core.settings import load_settings
from extractor.evaluate.claims import load_gold, run_eval

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory, nlp: Language,
              seed_gold: Any) -> tuple[sqlite_utils.Database, object]:
    path = tmp_path_factory.mktemp(f"gold-{seed_gold.name}") / "gold.db"
    settings = load_settings(db_path=path)
    database = dbmod.open_db(path)
    report = run_eval(database, settings, seed_gold.gold_path, seed_gold.seeds_dir, nlp=nlp,
                      progress=False)
    return database, report


def test_gold_scores_do_not_fall_below_the_floors(evaluated: tuple[object, object]) -> None:
    _, report = evaluated
    scores = report.claims.as_dict()  # type: ignore[attr-defined]
    misses = "\n".join(report.claims.lines())  # type: ignore[attr-defined]
    assert report.claims.total == BASELINE["statable_entries"], misses  # type: ignore[attr-defined]
    for name, floor in BASELINE.items():
        if name in scores:
            assert scores[name] >= floor, f"{name} {scores[name]} < floor {floor}\n{misses}"
    assert report.claims.recall >= 0.95, misses  # type: ignore[attr-defined]


def test_no_claim_for_years_furniture_or_phone_numbers(evaluated: tuple[object, object]) -> None:
    database, _ = evaluated
    claims = list(dbmod.iter_claims(database))  # type: ignore[arg-type]
    assert claims
    for c in claims:
        if c.kind != "quantity":
            continue
        assert not (c.text.isdigit() and len(c.text) == 4), f"a bare year: {c.text!r}"
        assert "100" not in c.text, f"page furniture: {c.text!r}"  # "100’s of titles", "100+"
        assert c.text.lower() not in ("one", "fourteen days"), f"page furniture: {c.text!r}"
        assert "H20" not in c.text


def test_gold_excludes_unstatable_entries(seed_gold: Any) -> None:
    gold = load_gold(seed_gold.gold_path)
    assert any("(no date)" in line for line in gold.excluded)
    assert all("(no date)" not in e.stated for e in gold.entries)


def test_eval_command_prints_recall_and_misses(runner: object, tmp_path: Path, seeds_dir: Path,
                                               gold_path: Path) -> None:
    from click.testing import CliRunner

    from extractor.cli import cli

    assert isinstance(runner, CliRunner)
    result = runner.invoke(cli, ["eval", "--gold", str(gold_path), "--articles", str(seeds_dir),
                                 "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "e.db").is_file()
    assert "recall" in result.output
    assert "accuracy of the found: value" in result.output


def test_eval_with_a_malformed_gold_file_names_it(runner: object, tmp_path: Path,
                                                  seeds_dir: Path) -> None:
    from click.testing import CliRunner

    from extractor.cli import cli

    assert isinstance(runner, CliRunner)
    bad = tmp_path / "gold.yaml"
    bad.write_text("facts: [\n  - key: x\n    value: [unclosed\n")
    result = runner.invoke(cli, ["--db", str(tmp_path / "e.db"), "eval", "--gold", str(bad),
                                 "--articles", str(seeds_dir)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: malformed YAML: ")
    assert result.output.endswith(f" ({bad}:2)\n") and result.output.count("\n") == 1
