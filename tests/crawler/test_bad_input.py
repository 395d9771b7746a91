"""Every bad input gets a clear error in its fetch record and in the summary; the crawl goes on.

One crawl of the hostile feeds (module fixture ``hostile`` in conftest.py) is inspected by each
test; the last test crawls again to check what is (and is not) retried.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import sqlite_utils

from extractor.crawl.crawler import crawl

from .conftest import HostileRun


def _last_page_fetch(db: sqlite_utils.Database, suffix: str) -> dict[str, Any]:
    rows = list(db["fetches"].rows_where("url like ? and kind = 'page'", ["%" + suffix],
                                         order_by="id desc", limit=1))
    assert rows, f"no fetch recorded for {suffix}"
    return rows[0]


def _article(db: sqlite_utils.Database, suffix: str) -> dict[str, Any] | None:
    rows = list(db["articles"].rows_where("url like ?", ["%" + suffix]))
    return rows[0] if rows else None


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


EXPECTED_ERRORS = {
    "/bad/empty.html": "empty page",
    "/bad/not-article.html": "not an article:",
    "/dyn/404": "HTTP 404 Not Found",
    "/dyn/410": "HTTP 410 Gone",
    "/dyn/500": "HTTP 500 Internal Server Error (after 3 tries)",
    "/dyn/429-long": "Retry-After 3600 s is over the 5 s cap",
    "/dyn/slow": "timed out after 1 s",
    "/dyn/trickle": "timed out after 1 s",
    "/dyn/loop-a": "redirect loop:",
    "/dyn/chain/0": "too many redirects (more than 5)",
    "/dyn/redirect-file": "refused redirect to a non-http(s) URL: file:///etc/passwd",
    "/dyn/huge": "body too large: 600012 bytes declared (cap 300000)",
    "/dyn/huge-stream": "body too large: over 300000 bytes",
    "/dyn/pdf": "not an HTML page (content type application/pdf)",
    "/private/secret.html": "disallowed by robots.txt",
}


@pytest.mark.parametrize("suffix,message", sorted(EXPECTED_ERRORS.items()))
def test_each_bad_page_has_its_error_in_fetches_and_summary(
    hostile: HostileRun, suffix: str, message: str
) -> None:
    row = _last_page_fetch(hostile.db, suffix)
    assert message in (row["error"] or ""), row
    assert any(line.split(": ")[0].endswith(suffix) and message in line
               for line in hostile.summary.errors), hostile.summary.errors
    assert _article(hostile.db, suffix) is None


def test_the_crawl_goes_on_past_bad_input(hostile: HostileRun) -> None:
    stored = {r["url"].split("127.0.0.1:")[1].split("/", 1)[1].split("?")[0]
              for r in hostile.db["articles"].rows}
    assert {"bad/latin1.html", "bad/mislabelled.html", "dyn/flaky", "dyn/429", "dyn/gzip",
            "dyn/article/101", "dyn/article/201"} <= stored
    # some feeds failed, not all of them: the run itself did not fail
    assert not hostile.summary.failed
    assert f"{len(hostile.summary.errors)} errors" in str(hostile.summary)


def test_feed_problems_are_recorded(hostile: HostileRun) -> None:
    errors = "\n".join(hostile.summary.errors)
    for scheme, link in [("file", "etc/passwd"), ("javascript", "javascript:alert"),
                         ("ftp", "ftp://files.example"), ("data", "data:text/html")]:
        assert f"{link}" in errors and f"refused link with scheme '{scheme}'" in errors
    assert "malformed.rss: malformed feed (SAXParseException" in errors
    assert "empty.rss: empty feed" in errors
    assert "not-a-feed.rss: not an RSS or Atom feed" in errors
    assert "no-such-feed.rss: HTTP 404 Not Found (feed missing)" in errors
    feeds = {r["name"]: r for r in hostile.db["feeds"].rows}
    assert feeds["missing"]["failures"] == 1
    assert "malformed feed" in feeds["malformed"]["last_error"]
    # the entry of the malformed feed that did parse was crawled
    assert _article(hostile.db, "/dyn/article/101") is not None
    # the entry listed twice in one feed was fetched once
    assert hostile.site.counts["/dyn/article/201"] == 1


def test_retries_and_retry_after(hostile: HostileRun) -> None:
    counts = hostile.site.counts
    assert counts["/dyn/500"] == 3  # first try + max_retries (2), then given up
    assert counts["/dyn/flaky"] == 2  # 503 once, then the article
    assert counts["/dyn/429-long"] == 1  # an hour's wait is not worth it: no retry
    attempts = list(hostile.db["fetches"].rows_where("url like '%/dyn/429'", order_by="id"))
    assert [a["status"] for a in attempts] == [429, 200]
    gap = _seconds(attempts[1]["started_at"]) - _seconds(attempts[0]["started_at"])
    assert gap >= 0.9  # Retry-After: 1 was honoured (the backoff alone is 0.05 s)


def test_robots_disallowed_page_is_never_requested(hostile: HostileRun) -> None:
    assert "/private/secret.html" not in hostile.site.counts
    assert hostile.site.counts["/robots.txt"] == 1


def test_encodings_are_decoded_correctly(hostile: HostileRun) -> None:
    for suffix in ("/bad/latin1.html", "/bad/mislabelled.html"):
        article = _article(hostile.db, suffix)
        assert article is not None, suffix
        assert "Café owners" in article["text"] and "council’s" in article["text"]
        assert "Ã" not in article["text"] and "\ufffd" not in article["text"]


def test_gzip_page_is_decompressed(hostile: HostileRun) -> None:
    hit = next(h for h in hostile.site.hits if h.path == "/dyn/gzip")
    assert "gzip" in hit.headers.get("Accept-Encoding", "")
    article = _article(hostile.db, "/dyn/gzip")
    assert article is not None and "according to figures seen by reporters" in article["text"]


def test_same_article_under_several_urls_is_stored_once(hostile: HostileRun) -> None:
    db = hostile.db
    # Which of the three addresses is fetched first varies from run to run; whichever it is,
    # one article is stored and the other addresses lead to it.
    urls = {r["url"].split("127.0.0.1:")[1].split("/", 1)[1]: r["article_id"]
            for r in db["article_urls"].rows}
    ids = {urls["dyn/article/301"], urls["dyn/alias/301"], urls["dyn/mirror/301"]}
    assert len(ids) == 1
    rows = list(db["articles"].rows_where("url like '%/301' or url like '%/301?%'"))
    assert [r["id"] for r in rows] == list(ids)
    # the tracked and the clean link were fetched once between them
    fetched = sum(c for p, c in hostile.site.counts.items() if p.startswith("/dyn/article/301"))
    assert fetched == 1
    # tracking parameters and fragments never reach a canonical URL
    assert not [r for r in db["articles"].rows if "utm_" in r["canonical_url"]
                or "#" in r["canonical_url"]]
    assert hostile.summary.duplicates >= 1


def test_fetch_records_are_complete(hostile: HostileRun) -> None:
    conn = hostile.db.conn
    incomplete = conn.execute(
        "select count(*) from fetches where url is null or started_at is null or kind is null"
    ).fetchone()[0]
    assert incomplete == 0
    timed = conn.execute("select count(*) from fetches where elapsed_ms > 0").fetchone()[0]
    assert timed > 20


def test_second_crawl_retries_only_what_can_succeed(hostile: HostileRun) -> None:
    before = dict(hostile.site.counts)
    articles = hostile.db["articles"].count
    second = crawl(hostile.db, hostile.settings, feeds_path=hostile.feeds, progress=False)
    assert second.new_articles == 0 and hostile.db["articles"].count == articles
    counts = hostile.site.counts
    # gone for good (404, 410, refused redirect, too big) is not asked again ...
    for path in ("/dyn/404", "/dyn/410", "/dyn/redirect-file", "/dyn/huge"):
        assert counts[path] == before[path], path
    # ... a server error may have passed, so it is tried again
    assert counts["/dyn/500"] > before["/dyn/500"]
    # a page that was not an article is asked conditionally, and answers 304
    last = hostile.site.served(prefix="/bad/not-article.html")[-1]
    assert last.status == 304 and "If-None-Match" in last.headers
