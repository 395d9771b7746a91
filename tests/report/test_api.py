"""The report stage's public names: what other code and users import (changes are deliberate)."""

from __future__ import annotations

import inspect

import extractor.pipeline
import extractor.report
import extractor.store.export


def test_exported_members() -> None:
    assert sorted(extractor.report.__all__) == sorted([
        "FORMATS", "SCHEMA_VERSION", "EmptyReportError", "Format", "StoryReport", "gather",
        "pending_work", "render", "render_reports", "report_state",
    ])
    assert sorted(extractor.store.export.__all__) == [
        "EXPORT_FORMATS", "EXPORT_TABLES", "ExportFormat", "export",
    ]
    assert sorted(extractor.pipeline.__all__) == ["REPORT_FILES", "RunSummary", "run"]
    for module in (extractor.report, extractor.store.export, extractor.pipeline):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_entry_point_signatures() -> None:
    assert str(inspect.signature(extractor.report.render)) == (
        "(db: 'sqlite_utils.Database', fmt: 'str', story_id: 'str | None' = None, *, "
        "width: 'int' = 80, color: 'bool' = False) -> 'str'"
    )
    export_params = inspect.signature(extractor.store.export.export).parameters
    assert list(export_params) == ["db", "fmt", "out_dir"]
    params = inspect.signature(extractor.pipeline.run).parameters
    assert list(params) == ["settings", "out_dir", "log"]
    assert params["out_dir"].kind is inspect.Parameter.KEYWORD_ONLY
