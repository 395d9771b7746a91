"""Records <-> rows: the one mapping between the frozen records and table rows."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

import sqlite_utils

from extractor.core.dates import now

__all__ = ["IN_CHUNK", "from_row", "insert_rows", "now", "to_row"]

R = TypeVar("R")




def _is_tuple_type(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is tuple:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_tuple_type(a) for a in typing.get_args(tp))
    return False


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def to_row(record: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A flat row from a record: tuples become JSON arrays, nested records are left out."""
    skip = set(exclude)
    row: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in skip:
            continue
        value = getattr(record, f.name)
        if dataclasses.is_dataclass(value):
            continue
        if isinstance(value, tuple):
            value = json.dumps(value, ensure_ascii=False)
        row[f.name] = value
    return row


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    """A record from a row: unknown columns are ignored, JSON arrays become tuples."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        if value is not None and _is_tuple_type(hints[f.name]) and isinstance(value, str):
            value = _tuplify(json.loads(value))
        if hints[f.name] is bool or hints[f.name] == "bool":
            value = bool(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def _tuplify(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuplify(v) for v in value)
    return value


# SQLite's default limit on host parameters is 999 (before 3.32); stay well below it.
IN_CHUNK = 500


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    db.conn.executemany(
        f"insert or replace into {table} ({', '.join(columns)}) "
        f"values ({', '.join('?' * len(columns))})",
        [[r.get(c) for c in columns] for r in rows],
    )
