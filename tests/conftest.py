"""Fixtures shared by every stage's tests; stage-specific ones live in tests/<stage>/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_DIR / "fixtures"
# The development set lives beside the repository (../shared), as in CI.
SHARED = PROJECT_DIR.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
GOLD_PATH = SHARED / "gold" / "seeds.yaml"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsclaims.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = dbmod.open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"the seed articles are missing: expected them in {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD_PATH.is_file():
        pytest.fail(f"the gold file is missing: expected it at {GOLD_PATH}")
    return GOLD_PATH
