"""The code stays ruff- and mypy-clean (configuration in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, timeout=300, check=False)


def test_ruff_finds_nothing() -> None:
    result = run_tool("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package() -> None:
    result = run_tool("mypy", "extractor")
    assert result.returncode == 0, result.stdout + result.stderr


def test_stages_import_one_way() -> None:
    """The import-linter layer contract of pyproject.toml: a backward import fails here."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_backward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract is not vacuous: core importing a stage above it is reported as broken."""
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "extractor", copy / "extractor",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(PROJECT_DIR / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "extractor" / "core" / "records.py"
    bad.write_text(bad.read_text() + "\nfrom extractor.reconcile import stories  # noqa\n")
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
                            cwd=copy, capture_output=True, text=True, timeout=300, check=False,
                            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "extractor.core.records -> extractor.reconcile" in result.stdout
