"""robots.txt kept a day; feeds disabled after repeated weighted failures, and re-enabled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.settings import Settings
from extractor.crawl.crawler import DISABLE_AFTER, crawl, crawl_database
from extractor.crawl.watch import watch


def _rss(*links: str) -> bytes:
    items = "".join(f"<item><title>S{i}</title><link>{u}</link></item>"
                    for i, u in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
            "</channel></rss>").encode()


def test_robots_txt_is_kept_for_a_day(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    site.overrides["/extra/r.rss"] = _rss("/dyn/article/31", "/private/secret.html")
    feeds = make_feeds([("r", f"{site.base}/extra/r.rss")])
    first = crawl(db, settings, feeds_path=feeds, progress=False)
    assert first.new_articles == 1 and len(site.served(prefix="/robots.txt")) == 1
    row = db.table("robots").get(site.base)
    assert row["status"] == 200 and "Disallow: /private/" in row["body"] and row["fetched_at"]
    site.overrides["/extra/r.rss"] = _rss("/dyn/article/32", "/private/other.html")
    second = crawl(db, settings, feeds_path=feeds, progress=False)
    assert second.new_articles == 1
    assert len(site.served(prefix="/robots.txt")) == 1  # not asked again: the kept copy rules
    assert not site.served(prefix="/private/")  # ... and it is obeyed
    assert any("disallowed by robots.txt" in e for e in second.errors)
    # a day later it is asked again
    db.execute("update robots set fetched_at = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    site.overrides["/extra/r.rss"] = _rss("/dyn/article/33")
    crawl(db, settings, feeds_path=feeds, progress=False)
    assert len(site.served(prefix="/robots.txt")) == 2
    assert db.table("robots").get(site.base)["fetched_at"] > "2000-01-02"


def test_feed_is_disabled_after_repeated_failures_and_can_be_retried(
    runner: CliRunner, db_path: Path, settings: Settings, site,
    make_feeds: Callable[..., Path],
) -> None:
    feeds = make_feeds([("gone", f"{site.base}/dyn/404"),
                        ("fine", f"{site.base}/site/feeds/daily-metals.rss")])
    runs = 0
    while True:  # a 404 is a "hard" failure: one point a run
        runs += 1
        summary = crawl_database(settings, feeds_path=feeds, progress=False)
        if summary.disabled:
            break
        assert runs < DISABLE_AFTER
    assert runs == DISABLE_AFTER and summary.disabled == ("gone",)
    assert "1 feed disabled after repeated failures (gone)" in str(summary)
    assert any("feed gone disabled after 10 failed fetches" in e for e in summary.errors)
    db = dbmod.open_db(db_path)
    row = db.table("feeds").get("gone")
    assert row["disabled_at"] and "HTTP 404 Not Found" in row["disabled_reason"]
    assert db.table("feeds").get("fine")["disabled_at"] is None
    db.close()
    hits = len(site.served(prefix="/dyn/404"))
    # later runs leave it alone, and say so
    result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(feeds)])
    assert result.exit_code == 0, result.output
    assert "2 feeds read" not in result.output and "1 feed read" in result.output
    assert "1 feed disabled after repeated failures (gone)" in result.output
    assert "--retry-disabled" in result.output
    assert len(site.served(prefix="/dyn/404")) == hits
    # --retry-disabled asks again (and one more failure does not disable it at once)
    result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(feeds),
                                 "--retry-disabled"])
    assert result.exit_code == 0, result.output
    assert len(site.served(prefix="/dyn/404")) == hits + 1
    assert "feeds disabled" not in result.output.splitlines()[0]


def test_editing_a_disabled_feed_re_enables_it(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    feeds = make_feeds([("moved", f"{site.base}/dyn/410")])
    for _ in range(int(DISABLE_AFTER)):
        summary = crawl(db, settings, feeds_path=feeds, progress=False)
    assert summary.disabled == ("moved",)
    assert crawl(db, settings, feeds_path=feeds, progress=False).feeds == 0
    # the user fixes the URL in feeds.yaml: the feed is read again, its failures forgotten
    feeds = make_feeds([("moved", f"{site.base}/site/feeds/daily-metals.rss")])
    summary = crawl(db, settings, feeds_path=feeds, progress=False)
    assert summary.feeds == 1 and summary.disabled == () and summary.new_articles > 0
    row = db.table("feeds").get("moved")
    assert row["disabled_at"] is None and row["failure_score"] == 0 and row["failures"] == 0


def test_temporary_failures_weigh_less(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    feeds = make_feeds([("busy", f"{site.base}/dyn/429-long"), ("down", f"{site.base}/dyn/500")])
    crawl(db, settings, feeds_path=feeds, progress=False)
    scores = dict(db.execute("select name, failure_score from feeds").fetchall())
    assert scores == {"busy": 0.25, "down": 0.5}  # Media Cloud's "temporary" and "soft" weights
    # one good fetch wipes the slate
    feeds = make_feeds([("busy", f"{site.base}/site/feeds/daily-metals.rss")])
    crawl(db, settings, feeds_path=feeds, progress=False)
    assert db.table("feeds").get("busy")["failure_score"] == 0


def test_watch_skips_disabled_feeds_and_can_retry_them(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    feeds = make_feeds([("gone", f"{site.base}/dyn/404")])
    for _ in range(int(DISABLE_AFTER)):
        crawl(db, settings, feeds_path=feeds, progress=False)
    hits = len(site.served(prefix="/dyn/404"))
    db.execute("update feeds set last_fetched_at = '2000-01-01T00:00:00+00:00'")  # due now
    db.conn.commit()
    summary = watch(db, settings, every=0.05, feeds_path=feeds, progress=False, max_rounds=1)
    assert summary.disabled == ("gone",) and "1 feed disabled after repeated failures" in str(
        summary)
    assert len(site.served(prefix="/dyn/404")) == hits
    summary = watch(db, settings, every=0.05, feeds_path=feeds, progress=False, max_rounds=1,
                    retry_disabled=True)
    assert len(site.served(prefix="/dyn/404")) == hits + 1
    assert summary.disabled == ()  # one failure after a fresh start does not disable it again
