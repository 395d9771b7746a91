"""extractor/data/metadata.json (what `newsclaims serve` gives Datasette) describes the real schema
and its canned queries run; tests/report/test_datasette.py runs them through Datasette itself."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from datasette.utils import escape_fts

from extractor.core.data import DATA_DIR

PROJECT_DIR = Path(__file__).resolve().parents[2]
METADATA = json.loads((DATA_DIR / "metadata.json").read_text(encoding="utf-8"))
DATABASE = METADATA["databases"]["newsclaims"]
# Sample values for the named parameters of canned queries.
PARAMS: dict[str, Any] = {"fact_id": "f-change", "q": "widget", "article_id": "a1"}


def test_metadata_is_package_data_not_a_repository_file() -> None:
    assert not (PROJECT_DIR / "metadata.json").exists()


def test_the_promised_canned_queries_exist() -> None:
    titles = {q["title"] for q in DATABASE["queries"].values()}
    assert {"All conflicts", "Figures stated by only one outlet"} <= titles
    for query in DATABASE["queries"].values():
        assert query["description"] and query["sql"]


@pytest.mark.parametrize("name", sorted(DATABASE["queries"]))
def test_canned_query_runs_on_a_real_database(name: str, report_db_path: Path) -> None:
    sql = DATABASE["queries"][name]["sql"]
    params = {p: PARAMS[p] for p in re.findall(r":(\w+)", sql)}
    conn = sqlite3.connect(report_db_path)
    conn.create_function("escape_fts", 1, escape_fts)  # Datasette gives every connection this
    conn.row_factory = sqlite3.Row
    rows = conn.execute(sql, params).fetchall()
    conn.close()
    assert rows, f"{name} returned nothing on a database that has something to show"


def test_all_conflicts_lists_the_most_severe_first(report_db_path: Path) -> None:
    conn = sqlite3.connect(report_db_path)
    rows = conn.execute(DATABASE["queries"]["all_conflicts"]["sql"]).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("high", "place_conflict"), ("medium", "value_conflict")
    ]


def test_single_source_figures_names_the_outlet(report_db_path: Path) -> None:
    conn = sqlite3.connect(report_db_path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(DATABASE["queries"]["single_source_figures"]["sql"]).fetchall()
    assert [(r["stated_as"], r["url"]) for r in rows] == [
        ("270,000 tons", "https://www.blog.example/talks")
    ]


def test_described_tables_and_columns_exist(report_db_path: Path) -> None:
    conn = sqlite3.connect(report_db_path)
    for table, info in DATABASE["tables"].items():
        columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert columns, f"metadata.json describes a table {table} the schema does not have"
        missing = set(info.get("columns", {})) - columns
        assert not missing, f"metadata.json describes columns {table}.{missing} that do not exist"


def test_report_tables_have_every_column_described(report_db_path: Path) -> None:
    conn = sqlite3.connect(report_db_path)
    for table in ("articles", "claims", "facts", "findings", "stories"):
        columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert columns <= set(DATABASE["tables"][table]["columns"]), table
