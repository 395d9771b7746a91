"""Export the articles, claims, facts, findings and stories of a database as CSV or JSON Lines.

The SQLite file itself is the primary export (browse it in Datasette with ``newsclaims
serve``); these flat files are for spreadsheets and data tools.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from extractor.core.errors import InputError

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "ExportFormat", "export"]

ExportFormat = Literal["csv", "jsonl"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl")
EXPORT_TABLES = ("articles", "claims", "facts", "findings", "stories")
# Large or internal columns that are no use outside newsclaims: the compressed HTML (re-extraction
# only) and the crawler's conditional-GET and near-duplicate state.
_SKIP_COLUMNS = {"raw_html", "fingerprint", "etag", "last_modified"}
# Columns holding JSON arrays (records' tuples): real lists in JSON Lines, JSON text in CSV.
_JSON_COLUMNS = {"article_ids", "claim_ids", "evidence", "participants", "syndicated", "tags"}


def _rows(db: sqlite_utils.Database, table: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    if table == "stories":
        # A story's articles live in story_articles; analysts expect them on the story row.
        sql = (
            "select s.*, (select json_group_array(article_id) from story_articles sa "
            "where sa.story_id = s.id) as article_ids from stories s order by s.rowid"
        )
        cursor = db.execute(sql)
    else:
        names = ", ".join(f"[{c}]" for c in columns)
        cursor = db.execute(f"select {names} from [{table}] order by rowid")
    keys = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(keys, values, strict=True))


def _columns(db: sqlite_utils.Database, table: str) -> list[str]:
    columns = [c.name for c in db[table].columns if c.name not in _SKIP_COLUMNS]
    if table == "stories":
        columns.append("article_ids")
    return columns


def _write_csv(path: Path, columns: list[str], rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _write_jsonl(path: Path, columns: list[str], rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            record = {c: row.get(c) for c in columns}
            for column in _JSON_COLUMNS & record.keys():
                value = record[column]
                if isinstance(value, str):
                    record[column] = json.loads(value)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def export(db: sqlite_utils.Database, fmt: str, out_dir: Path) -> list[Path]:
    """Write one file per table (articles, claims, facts, findings, stories) into ``out_dir``.

    Each file is written beside its final name and renamed into place, so a reader never sees a
    half-written export. Returns the paths written.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} is a file, not a directory: give --out a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the export directory {out_dir}: {exc.strerror}") from exc
    writer = _write_csv if fmt == "csv" else _write_jsonl
    paths = []
    for table in EXPORT_TABLES:
        columns = _columns(db, table)
        path = out_dir / f"{table}.{fmt}"
        partial = path.with_name(f".{path.name}.partial")
        try:
            writer(partial, columns, _rows(db, table, columns))
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputError(f"cannot write {path}: {exc.strerror}") from exc
        paths.append(path)
    return paths
