"""The pieces every stage stands on: records <-> rows, schema migration, the CLI group."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.records import Claim, Story
from extractor.store import schema


def test_claim_round_trips_through_a_row() -> None:
    claim = Claim(
        id="c1", article_id="a1", kind="event", text="agreed", start=3, end=9,
        sentence="They agreed.", participants=("China", "United States"), value=None,
    )
    assert dbmod.from_row(Claim, dbmod.to_row(claim)) == claim


def test_story_tuple_of_pairs_round_trips() -> None:
    story = Story(id="s", title="t", article_ids=("a", "b"), independent_sources=1,
                  syndicated=(("b", "a"),))
    assert dbmod.from_row(Story, dbmod.to_row(story)) == story


def test_open_db_creates_schema_in_wal_mode(db_path: Path) -> None:
    database = dbmod.open_db(db_path)
    assert {"feeds", "fetches", "articles", "claims", "stories", "facts", "findings"} <= set(
        database.table_names()
    )
    assert database.journal_mode == "wal"
    assert dbmod.schema_version(database) == dbmod.SCHEMA_VERSION


def test_open_db_refuses_a_newer_schema(db_path: Path) -> None:
    database = dbmod.open_db(db_path)
    database["meta"].upsert({"key": "schema_version", "value": "999"}, pk="key")
    database.close()
    with pytest.raises(dbmod.SchemaError, match="newer than this newsclaims"):
        dbmod.open_db(db_path)


def test_open_db_refuses_a_foreign_sqlite_file(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("create table other (x)")
    conn.commit()
    conn.close()
    with pytest.raises(dbmod.SchemaError, match="not a newsclaims database"):
        dbmod.open_db(db_path)


def test_open_db_refuses_a_file_that_is_not_sqlite(db_path: Path) -> None:
    db_path.write_text("hello, this is not a database" * 100)
    with pytest.raises(dbmod.SchemaError, match="not a usable SQLite database"):
        dbmod.open_db(db_path)


def test_every_command_has_help_text(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help, f"newsclaims {name} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_a_migration_that_fails_half_way_leaves_the_file_untouched(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def create_then_fail(database: object) -> None:
        schema._create_v1(database)  # type: ignore[arg-type]
        raise RuntimeError("killed half way")

    monkeypatch.setattr(schema, "MIGRATIONS", [create_then_fail])
    with pytest.raises(RuntimeError):
        dbmod.open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("select name from sqlite_master").fetchall() == []
    conn.close()
    monkeypatch.undo()
    assert dbmod.schema_version(dbmod.open_db(db_path)) == dbmod.SCHEMA_VERSION


def test_an_interrupted_first_run_with_an_empty_meta_table_is_migrated(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("create table meta (key text primary key, value text)")
    conn.commit()
    conn.close()
    assert dbmod.schema_version(dbmod.open_db(db_path)) == dbmod.SCHEMA_VERSION


def test_every_name_a_module_exports_exists() -> None:
    import importlib
    import pkgutil

    import extractor

    missing = []
    for info in pkgutil.walk_packages(extractor.__path__, "extractor."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            if not hasattr(module, name):
                missing.append(f"{info.name}.{name}")
    assert not missing


def test_the_records_module_exports_one_type_per_stage() -> None:
    from extractor.core import records

    stages = {"Feed", "FeedEntry", "FetchedPage", "Article", "Claim", "Story", "Fact", "Finding"}
    assert stages <= set(records.__all__)
    for name in stages:
        params = getattr(records, name).__dataclass_params__
        assert params.frozen, f"{name} must be a frozen dataclass"
