"""Fixtures shared by every stage's tests; stage-specific ones live in tests/<stage>/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_DIR / "fixtures"
# The development set: the five seed articles and the project's own gold labels for them, kept in
# the repository so that a fresh checkout runs every test.
SEEDS_DIR = FIXTURES / "seeds"
GOLD_PATH = SEEDS_DIR / "gold.yaml"
# The original labels (shared/seeds, shared/gold/seeds.yaml) sit beside the checkout on the team's
# machines. Where present they are scored as well: an extra check, never a requirement.
# $NEWSCLAIMS_TEST_SHARED names another place for them; a missing directory there runs the suite
# as a fresh clone would, without them.
_SHARED_OVERRIDE = os.environ.get("NEWSCLAIMS_TEST_SHARED")
SHARED_CANDIDATES = ((Path(_SHARED_OVERRIDE),) if _SHARED_OVERRIDE
                     else (PROJECT_DIR.parent / "shared", Path("/work/shared")))
SHARED = next((d for d in SHARED_CANDIDATES if d.is_dir()), SHARED_CANDIDATES[0])
SHARED_SEEDS_DIR = SHARED / "seeds"
SHARED_GOLD_PATH = SHARED / "gold" / "seeds.yaml"


@dataclass(frozen=True)
class SeedGold:
    """One set of seed articles with its gold labels."""

    name: str
    seeds_dir: Path
    gold_path: Path


# Always the repository's own; the shared original too when it is there.
GOLD_SOURCES = [SeedGold("own", SEEDS_DIR, GOLD_PATH)] + (
    [SeedGold("shared", SHARED_SEEDS_DIR, SHARED_GOLD_PATH)]
    if SHARED_SEEDS_DIR.is_dir() and SHARED_GOLD_PATH.is_file() else [])


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
    """fixtures/seeds: the five seed articles (a glob over a missing folder would find nothing
    and let a test pass vacuously, hence the check)."""
    if len(list(SEEDS_DIR.glob("*.txt"))) != 5:
        pytest.fail(f"the seed articles are missing: expected five .txt files in {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def gold_path() -> Path:
    """fixtures/seeds/gold.yaml: the project's own gold labels for the seed articles."""
    if not GOLD_PATH.is_file():
        pytest.fail(f"the gold file is missing: expected it at {GOLD_PATH}")
    return GOLD_PATH


@pytest.fixture(scope="session", params=GOLD_SOURCES, ids=lambda source: source.name)
def seed_gold(request: pytest.FixtureRequest) -> SeedGold:
    """Each available set of seed articles and gold labels, for the tests that pin floors on
    them: the repository's own always, the shared original where it is present."""
    source: SeedGold = request.param
    if len(list(source.seeds_dir.glob("*.txt"))) != 5 or not source.gold_path.is_file():
        pytest.fail(f"the {source.name} seed gold is incomplete: expected five .txt files in "
                    f"{source.seeds_dir} and {source.gold_path}")
    return source


STORIES = FIXTURES / "stories"


@pytest.fixture(scope="session")
def story_corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    """fixtures/stories ingested, extracted and reconciled once for the session, through the
    real pipeline: (the eval report, the database path). Tests read its scores and database."""
    from extractor.core.settings import load_settings
    from extractor.evaluate.run import run_corpus_eval

    path = tmp_path_factory.mktemp("stories") / "stories.db"
    settings = load_settings(db_path=path)
    database = dbmod.open_db(path)
    report = run_corpus_eval(database, settings, STORIES)
    database.close()
    return report, path


CONFLICTS = FIXTURES / "conflicts"


@pytest.fixture(scope="session")
def conflicts_corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    """fixtures/conflicts run like ``story_corpus_run`` (the real pipeline, once a session),
    each article placed in its gold event's story (``--given-stories``): its findings are
    scored apart from grouping. (the eval report, the database path)."""
    from extractor.core.settings import load_settings
    from extractor.evaluate.run import run_corpus_eval

    path = tmp_path_factory.mktemp("conflicts") / "conflicts.db"
    settings = load_settings(db_path=path)
    database = dbmod.open_db(path)
    report = run_corpus_eval(database, settings, CONFLICTS, given_stories=True)
    database.close()
    return report, path
