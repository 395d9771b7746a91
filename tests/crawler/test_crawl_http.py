"""Crawls of a real HTTP server on 127.0.0.1: clean articles once, nothing new the second time."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from extractor import store as dbmod
from extractor.core.data import DATA_DIR
from extractor.core.records import stable_id
from extractor.core.settings import Settings
from extractor.crawl.crawler import crawl

SEED_SENTENCES = {
    "china-rare-metals-exports-us": "Beijing has a strong grip on the production of rare earth "
    "magnets, with about 90% of the market",
    "china-rare-earth-exports-surge": "Total exports of the precious metals increased to 3,188 "
    "tons, up around 160% from 1,238 tons in May.",
    "rare-earth-magnet-exports-june": "Globally, China's rare earth magnet exports reached 3,188 "
    "tonnes in June, a 157.5% jump from May's 1,238 tonnes",
    "china-resumes-magnet-exports": "where imports dropped to just 46 tons in May.",
    "export-curbs-ease-trade-framework": "Last week, Apple and MP Materials announced a $500 "
    "million partnership",
}
FURNITURE = ["cookie", "Subscribe", "Sign in", "Leave a Reply", "Related Stories",
             "Copper prices", "All rights reserved", "Live TV", "Share this article",
             "email address will not be published", "Download the app", "Skip to main",
             "Privacy policy", "Post Comment"]


def _site_feeds(site_base: str) -> list[tuple[str, str]]:
    return [
        ("daily-metals", f"{site_base}/site/feeds/daily-metals.rss"),
        ("euro-wire", f"{site_base}/site/feeds/euro-wire.atom"),
        ("finance-notes", f"{site_base}/site/feeds/finance-notes.rss"),
        ("finance-notes-atom", f"{site_base}/site/feeds/finance-notes.atom"),
    ]


def test_first_crawl_stores_each_article_once_with_clean_text(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    feeds = make_feeds(_site_feeds(site.base))
    summary = crawl(db, settings, feeds_path=feeds, progress=False)

    assert summary.errors == ()
    assert summary.feeds == 4
    # five seed articles new, the wire copy linked as a near-duplicate of its original
    assert (summary.new_articles, summary.duplicates) == (5, 1)
    rows = {r["url"].rsplit("/", 1)[1].removesuffix(".html"): r
            for r in db["articles"].rows_where(order_by="rowid")}
    assert len(rows) == 6
    for slug, sentence in SEED_SENTENCES.items():
        text = rows[slug]["text"]
        assert sentence in text, slug
        assert [f for f in FURNITURE if f.lower() in text.lower()] == [], slug
    # every page was fetched once, although two feeds (RSS and Atom) list the same pages
    page_hits = site.served(200, "/site/articles/")
    assert len(page_hits) == 6 and len({h.path for h in page_hits}) == 6
    assert all("newsclaims" in h.headers.get("User-Agent", "") for h in page_hits)


def test_metadata_from_page_and_feed(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    crawl(db, settings, feeds_path=make_feeds(_site_feeds(site.base)), progress=False)
    by_slug = {r["url"].rsplit("/", 1)[1].removesuffix(".html"): r
               for r in db["articles"].rows_where()}
    a = by_slug["china-rare-metals-exports-us"]
    assert a["title"].startswith("Rare metals, China supplies the US")
    assert a["author"] == "Dorian Koça"
    # article:published_time of the page, in full with the page's own offset
    assert a["published"] == "2025-07-21T09:35:00+02:00"
    assert a["site_name"] == "Daily Metals Report"
    assert a["outlet"] == "daily-metals"  # the feed name when feeds.yaml gives no outlet
    assert a["language"] == "en"
    assert a["id"] == stable_id(a["canonical_url"])
    b = by_slug["rare-earth-magnet-exports-june"]
    # the page gives the day only: the feed's time of that same day completes it
    assert b["published"] == "2025-07-20T12:00:00+00:00"
    c = by_slug["china-resumes-magnet-exports"]
    assert c["published"] == "2025-07-22T08:15:00+00:00"  # no date on the page: the feed's
    # the raw HTML is kept, compressed, for re-extraction without re-fetching
    article = dbmod.get_article(db, a["id"], with_html=True)
    assert article.raw_html is not None and b"cookie-banner" in article.raw_html
    assert len(db.table("articles").get(a["id"])["raw_html"]) < len(article.raw_html)


def test_near_duplicate_wire_copy_is_linked_not_dropped(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    crawl(db, settings, feeds_path=make_feeds(_site_feeds(site.base)), progress=False)
    rows = {r["url"].rsplit("/", 1)[1].removesuffix(".html"): r
            for r in db["articles"].rows_where()}
    original = rows["china-rare-earth-exports-surge"]
    copy = rows["wire-china-rare-earth-shipments-jump"]
    assert copy["duplicate_of"] == original["id"]
    assert original["duplicate_of"] is None
    others = [r for k, r in rows.items() if k not in ("wire-china-rare-earth-shipments-jump",)]
    assert all(r["duplicate_of"] is None for r in others)  # same story, different text: not copies


def test_wire_copy_in_a_later_crawl_is_linked_to_the_stored_original(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    """The original's sketch, stored by the first run, is what the second run compares with."""
    feeds = _site_feeds(site.base)
    first = crawl(db, settings, feeds_path=make_feeds([feeds[1]]), progress=False)  # euro-wire
    assert first.duplicates == 0
    second = crawl(db, settings, feeds_path=make_feeds(feeds), progress=False)
    assert second.duplicates == 1
    rows = {r["url"].rsplit("/", 1)[1].removesuffix(".html"): r
            for r in db["articles"].rows_where()}
    assert rows["wire-china-rare-earth-shipments-jump"]["duplicate_of"] == \
        rows["china-rare-earth-exports-surge"]["id"]


def test_second_crawl_fetches_nothing_new(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    feeds = make_feeds(_site_feeds(site.base))
    crawl(db, settings, feeds_path=feeds, progress=False)
    before_pages = len(site.served(prefix="/site/articles/"))
    before_fetches = db["fetches"].count
    second = crawl(db, settings, feeds_path=feeds, progress=False)

    assert (second.new_articles, second.duplicates, second.errors) == (0, 0, ())
    assert second.not_modified == 4
    assert "4 feeds read (4 not modified), 0 new articles" in str(second)
    # feeds were asked conditionally and answered 304; no article page was requested again
    feed_hits = site.served(prefix="/site/feeds/")[-4:]
    assert {h.status for h in feed_hits} == {304}
    assert all("If-None-Match" in h.headers for h in feed_hits)
    assert len(site.served(prefix="/site/articles/")) == before_pages
    assert db["articles"].count == 6
    new_rows = list(db["fetches"].rows_where("id > ?", [before_fetches]))
    # robots.txt is read once per run; otherwise only the four feeds, each answered 304
    assert {r["kind"] for r in new_rows} <= {"feed", "robots"}
    assert [r["status"] for r in new_rows if r["kind"] == "feed"] == [304] * 4


def test_changed_feed_with_same_etag_is_noticed_by_body_hash(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    """Some servers keep an ETag after the feed changes: the body hash catches it."""
    feeds = make_feeds([("metals", f"{site.base}/site/feeds/daily-metals.rss")])
    crawl(db, settings, feeds_path=feeds, progress=False)
    path = "/site/feeds/daily-metals.rss"
    original = (DATA_DIR / "demo/feeds/daily-metals.rss")
    extra = original.read_bytes().replace(
        b"  </channel>",
        b"    <item><title>Extra</title><link>/dyn/article/77</link></item>\n  </channel>",
    )
    site.overrides[path] = extra  # new body; the server ignores If-Modified-Since for it
    second = crawl(db, settings, feeds_path=feeds, progress=False)
    assert second.not_modified == 0
    assert second.new_articles == 1
    assert db["articles"].count == 3


def test_politeness_delay_and_concurrency_cap_per_host(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    links = "".join(f"<item><link>/dyn/hold/{n}</link></item>" for n in range(801, 805))
    site.overrides["/extra/polite.rss"] = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>P</title>{links}'
        "</channel></rss>").encode()
    polite = dataclasses.replace(settings, per_host_delay=0.3, per_host_concurrency=1,
                                 concurrency=4)
    summary = crawl(db, polite, feeds_path=make_feeds([("p", f"{site.base}/extra/polite.rss")]),
                    progress=False)
    assert summary.new_articles == 4
    spans = sorted(site.spans)
    assert len(spans) == 4
    for (start_a, end_a), (start_b, _) in itertools.pairwise(spans):
        assert start_b >= end_a - 0.01  # one request at a time to the host ...
        # ... and at least the delay between starts. The server notes a start when its thread
        # gets to run, which a loaded machine can delay by tens of ms; without the delay the
        # gap would be the 0.2 s the page takes, so 0.25 still tells the two apart.
        assert start_b - start_a >= 0.3 - 0.05


def test_articles_can_be_reextracted_from_stored_html(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    from extractor.crawl.crawler import reextract

    crawl(db, settings, feeds_path=make_feeds(_site_feeds(site.base)), progress=False)
    before = len(site.hits)
    for row in db["articles"].rows:
        fresh = reextract(db, row["id"])
        assert (fresh.id, fresh.text, fresh.title) == (row["id"], row["text"], row["title"])
    assert len(site.hits) == before  # nothing was fetched
