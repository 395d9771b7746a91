"""The pieces every stage stands on: records <-> rows, schema migration, the CLI group."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import db as dbmod
from extractor.cli import cli
from extractor.records import Claim, Story


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
