"""The crawler's public API that other stages code against, pinned."""

from __future__ import annotations

import dataclasses
import inspect

from extractor.crawl import crawler, ingest


def test_crawl_and_ingest_signatures() -> None:
    crawl = inspect.signature(crawler.crawl)
    assert list(crawl.parameters) == ["db", "settings", "feeds_path", "progress"]
    assert crawl.parameters["feeds_path"].kind is inspect.Parameter.KEYWORD_ONLY
    assert crawl.parameters["progress"].default is None
    ingest_paths = inspect.signature(ingest.ingest_paths)
    assert list(ingest_paths.parameters) == ["db", "settings", "paths", "progress"]
    assert ingest_paths.parameters["progress"].kind is inspect.Parameter.KEYWORD_ONLY


def test_summaries_are_frozen_with_the_agreed_fields() -> None:
    for cls, extra in ((crawler.CrawlSummary, {"feeds", "not_modified"}),
                       (ingest.IngestSummary, set())):
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen  # type: ignore[union-attr]
        names = {f.name for f in dataclasses.fields(cls)}
        assert {"new_articles", "duplicates", "errors"} | extra <= names
    summary = crawler.CrawlSummary(feeds=2, new_articles=3, duplicates=1, not_modified=1,
                                   errors=("http://x/a: HTTP 404 Not Found",))
    assert str(summary) == ("crawl: 2 feeds read (1 not modified), 3 new articles, "
                            "1 duplicate, 1 error")
    assert str(ingest.IngestSummary(files=1, new_articles=1, duplicates=0)) == (
        "ingest: 1 file read, 1 new article, 0 duplicates, 0 already stored, 0 errors")
