"""Fact-check reports of the stories in a newsclaims database: term, md, html and json."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

import sqlite_utils

from extractor import store
from extractor.core.errors import InputError
from extractor.core.versions import PIPELINE_VERSION
from extractor.report.data import EmptyReportError, StoryReport, gather, next_step
from extractor.report.html import render_html
from extractor.report.jsonout import SCHEMA_VERSION, render_json, report_payload
from extractor.report.markdown import render_markdown
from extractor.report.term import render_term

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "EmptyReportError",
    "Format",
    "StoryReport",
    "gather",
    "pending_work",
    "render",
    "render_reports",
    "report_state",
]

Format = Literal["term", "md", "html", "json"]
FORMATS: tuple[Format, ...] = ("term", "md", "html", "json")


def report_state(reports: list[StoryReport]) -> str:
    """A fingerprint of what a report shows (not when it was made): equal states, equal reports."""
    payload = report_payload(reports, generated_at=None)
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:20]


def render_reports(
    reports: list[StoryReport], fmt: str, *, width: int = 80, color: bool = False
) -> str:
    """Render already gathered stories in ``fmt``."""
    generated_at = store.now()
    if fmt == "term":
        return render_term(reports, width=width, color=color)
    if fmt == "md":
        return render_markdown(reports, generated_at=generated_at, state=report_state(reports))
    if fmt == "html":
        return render_html(reports, generated_at=generated_at, state=report_state(reports))
    if fmt == "json":
        return render_json(reports, generated_at=generated_at)
    raise InputError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


def render(
    db: sqlite_utils.Database,
    fmt: str,
    story_id: str | None = None,
    *,
    width: int = 80,
    color: bool = False,
) -> str:
    """The report of one story (or all) in ``fmt``: term, md, html or json.

    Raises NotFoundError for an unknown story, EmptyReportError when there is no story yet.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return render_reports(gather(db, story_id), fmt, width=width, color=color)


def pending_work(db: sqlite_utils.Database) -> str | None:
    """One line naming the command the database needs before its report is complete, or None.

    Raises EmptyReportError with that line when the report would show nothing: no story yet, or
    stories without a single fact while articles still wait for extraction or reconciliation.
    """
    step = next_step(db, PIPELINE_VERSION)
    if step is None:
        return None
    n = store.counts(db)
    if not n["stories"] or not n["facts"]:
        raise EmptyReportError(step)
    return step
