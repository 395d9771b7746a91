"""The one "open the database only once the lock is held" helper behind crawl, watch and run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractor import store as dbmod
from extractor.core.errors import InputError
from extractor.core.locking import crawl_lock
from extractor.core.settings import Settings
from extractor.crawl.crawler import locked_database


def test_lock_held_elsewhere_opens_prepares_and_forks_nothing(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "news.db")
    prepared: list[str] = []
    with crawl_lock(settings.lock_file) as mine:  # another holder (flock is per open file)
        assert mine
        with locked_database(settings, prepare=lambda: prepared.append("x")) as held:
            assert held is None
    assert prepared == [] and not settings.db_path.exists()


def test_free_lock_prepares_then_opens_and_closes_the_database(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "news.db")
    order: list[str] = []
    with locked_database(settings, prepare=lambda: order.append(
            f"prepare (db exists: {settings.db_path.exists()})")) as held:
        assert held is not None
        order.append("open")
        assert held.db["articles"].exists()  # created and migrated once the lock is held
        with crawl_lock(settings.lock_file) as other:
            assert not other  # held for the whole block
    assert order == ["prepare (db exists: False)", "open"]
    with pytest.raises(sqlite3.ProgrammingError):  # closed on leaving
        held.db.execute("select 1")
    with crawl_lock(settings.lock_file) as after:
        assert after  # and let go


def test_a_callers_open_database_is_used_and_left_open(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "news.db")
    db = dbmod.open_db(tmp_path / "other.db")
    with locked_database(settings, open_db=lambda: db) as held:
        assert held is not None and held.db is db
    assert db.execute("select 1").fetchone() == (1,)
    assert not settings.db_path.exists()
    db.close()


def test_a_failing_prepare_leaves_no_database_and_the_lock_free(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "news.db")

    def refuse() -> None:
        raise InputError("cannot create the report directory")

    with pytest.raises(InputError), locked_database(settings, prepare=refuse):
        pass
    assert not settings.db_path.exists()
    with crawl_lock(settings.lock_file) as free:
        assert free
