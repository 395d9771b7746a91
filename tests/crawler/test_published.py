"""Publication times: stored in full (with the source's offset) when given, ordered as instants."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from extractor import store as dbmod
from extractor.core.dates import full_time, instant, order_key
from extractor.core.records import Article, FeedEntry, FetchedPage, stable_id
from extractor.core.settings import Settings
from extractor.crawl.dedupe import DuplicateIndex, store_article, text_hash
from extractor.crawl.feeds import parse_feed
from extractor.crawl.html import article_from_html

BODY = "".join(
    f"<p>The river rose again overnight in the valley town, paragraph {n}, and officials said "
    f"the shelters were full while the pumps ran without a break through the dark.</p>"
    for n in range(4)
)


def _page(head: str, body: str = "", entry: FeedEntry | None = None) -> FetchedPage:
    html = (f"<html lang='en'><head><title>Flood toll rises in valley town</title>{head}</head>"
            f"<body><article><h1>Flood toll rises in valley town</h1>{body}{BODY}</article>"
            f"</body></html>")
    return FetchedPage(url="https://news.example/flood", final_url="https://news.example/flood",
                       status=200, body=html.encode(), content_type="text/html", entry=entry)


def _entry(published: str | None) -> FeedEntry:
    return FeedEntry(feed="f", url="https://news.example/flood", title=None, published=published)


def test_page_time_is_kept_in_full_with_its_offset() -> None:
    meta = '<meta property="article:published_time" content="2026-10-12T11:30:00+08:00">'
    assert article_from_html(_page(meta)).published == "2026-10-12T11:30:00+08:00"
    # Z and fractions of a second, as content systems write them
    meta = '<meta property="article:published_time" content="2026-10-12T03:30:00.123Z">'
    assert article_from_html(_page(meta)).published == "2026-10-12T03:30:00+00:00"


def test_json_ld_and_time_elements_give_the_time() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
          '"NewsArticle", "headline": "Flood toll rises", '
          '"datePublished": "2026-10-12T19:05:00-04:00"}</script>')
    assert article_from_html(_page(ld)).published == "2026-10-12T19:05:00-04:00"
    time_el = '<p>By Ana Ruiz, <time datetime="2026-10-12T07:45:00+02:00" pubdate>Oct 12</time></p>'
    assert article_from_html(_page("", time_el)).published == "2026-10-12T07:45:00+02:00"


def test_day_only_stays_a_day_and_the_feed_time_of_that_day_completes_it() -> None:
    meta = '<meta property="article:published_time" content="2026-10-12">'
    assert article_from_html(_page(meta)).published == "2026-10-12"
    # the feed gives a time on the same day: stored in full
    same = article_from_html(_page(meta, entry=_entry("2026-10-12T18:00:00+01:00")))
    assert same.published == "2026-10-12T18:00:00+01:00"
    # a feed time of another day does not override the page's day
    other = article_from_html(_page(meta, entry=_entry("2026-10-14T18:00:00+01:00")))
    assert other.published == "2026-10-12"
    # a midnight time is how content systems write a bare day: not a time of day
    midnight = '<meta property="article:published_time" content="2026-10-12T00:00:00+00:00">'
    assert article_from_html(_page(midnight)).published == "2026-10-12"
    # no date on the page: the feed entry's
    assert article_from_html(_page("", entry=_entry("2026-10-13T06:00:00+09:00"))).published == (
        "2026-10-13T06:00:00+09:00")


def test_feed_dates_keep_the_offset_the_feed_wrote() -> None:
    items = "".join(
        f"<item><link>https://a.example/{n}</link>{f'<pubDate>{d}</pubDate>' if d else ''}</item>"
        for n, d in enumerate(["Mon, 12 Oct 2026 11:30:00 +0800", "Mon, 12 Oct 2026 19:10:00 GMT",
                               "Mon, 12 Oct 2026 00:00:00 GMT", None], start=1))
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
           "</channel></rss>").encode()
    parsed = parse_feed(rss, feed="f", base_url="https://a.example/rss")
    assert [e.published for e in parsed.entries] == [
        "2026-10-12T11:30:00+08:00", "2026-10-12T19:10:00+00:00", "2026-10-12", None]
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>
      <updated>2026-10-12T20:00:00-05:00</updated>
      <entry><title>e</title><id>urn:e</id><link href="https://b.example/1"/>
        <updated>2026-10-12T20:00:00-05:00</updated></entry>
    </feed>"""
    entry = parse_feed(atom, feed="g", base_url="https://b.example/atom").entries[0]
    # the outlet's own day (the 12th), not the UTC day (the 13th)
    assert entry.published == "2026-10-12T20:00:00-05:00"


def test_times_are_ordered_as_instants_not_strings() -> None:
    morning_tokyo = "2026-10-13T08:00:00+09:00"  # 2026-10-12 23:00 UTC
    evening_london = "2026-10-12T23:30:00+00:00"
    assert sorted([evening_london, morning_tokyo], key=order_key) == [morning_tokyo,
                                                                     evening_london]
    assert instant(morning_tokyo) == datetime(2026, 10, 12, 23, 0, tzinfo=UTC)
    assert instant("2026-10-12") is None  # a day cannot order two reports of that day
    assert sorted(["2026-10-12T09:00:00+00:00", None, "2026-10-12"], key=order_key) == [
        "2026-10-12", "2026-10-12T09:00:00+00:00", None]
    assert full_time("Mon, 12 Oct 2026 11:30:00 +0800") == "2026-10-12T11:30:00+08:00"
    assert full_time("not a date") is None


def _article(url: str, text: str, published: str) -> Article:
    return Article(id=stable_id(url), url=url, canonical_url=url, outlet="o", title=None,
                   text=text, text_hash=text_hash(text), published=published,
                   fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))


def test_copy_points_at_the_earlier_published_report_of_the_same_day(tmp_path: Path) -> None:
    """A running count reported at 09:00 and copied at 18:00 the same day: the copy, fetched
    first, is turned round to point at the morning report."""
    from synth import paragraphs  # fixtures/, put on sys.path by conftest

    db = dbmod.open_db(tmp_path / "n.db")
    index = DuplicateIndex.from_db(db, 0.8)
    story = "\n".join(paragraphs(11))
    # the copy is the shorter text (a trimmed reprint): by text alone it would be the original
    copy = "\n".join(story.split("\n")[:-1])
    evening = _article("http://evening.example/1", copy, "2026-10-12T18:00:00+00:00")
    morning = _article("http://morning.example/1", story, "2026-10-12T09:00:00+00:00")
    assert store_article(db, index, evening)[0] == "new"
    assert store_article(db, index, morning) == ("near_duplicate", morning.id)
    rows = dict(db.execute("select id, duplicate_of from articles").fetchall())
    assert rows == {evening.id: morning.id, morning.id: None}
    db.close()


def test_copy_order_across_offsets_uses_the_instant(tmp_path: Path) -> None:
    """Tokyo's 08:00 on the 13th is before London's 23:30 on the 12th: the local days mislead."""
    from synth import paragraphs

    db = dbmod.open_db(tmp_path / "n.db")
    index = DuplicateIndex.from_db(db, 0.8)
    story = "\n".join(paragraphs(12))
    london = _article("http://london.example/1", "Reprinted from our partners.\n" + story,
                      "2026-10-12T23:30:00+00:00")
    tokyo = _article("http://tokyo.example/1", story, "2026-10-13T08:00:00+09:00")
    # London (later) fetched first and stored as new; Tokyo (earlier) turns it round
    assert store_article(db, index, london)[0] == "new"
    assert store_article(db, index, tokyo) == ("near_duplicate", tokyo.id)
    assert dict(db.execute("select id, duplicate_of from articles").fetchall()) == {
        london.id: tokyo.id, tokyo.id: None}
    # and the other way: the later one arriving second simply points at the earlier
    db2 = dbmod.open_db(tmp_path / "m.db")
    index2 = DuplicateIndex.from_db(db2, 0.8)
    assert store_article(db2, index2, tokyo)[0] == "new"
    assert store_article(db2, index2, london) == ("near_duplicate", london.id)
    assert dict(db2.execute("select id, duplicate_of from articles").fetchall()) == {
        london.id: tokyo.id, tokyo.id: None}
    db.close()
    db2.close()


def test_manifest_times_are_stored_as_iso_and_a_bad_one_is_an_error(
    db: sqlite_utils.Database, settings: Settings, tmp_path: Path
) -> None:
    import json

    from extractor.crawl.ingest import ingest_paths

    text = "A sentence of manifest text that is long enough to count as an article here. " * 5
    rows = [
        {"url": "https://m.example/1", "published": "Mon, 12 Oct 2026 11:30:00 +0800",
         "text": text + "one"},
        {"url": "https://m.example/2", "published": "2026-10-12T00:00:00", "text": text + "two"},
        {"url": "https://m.example/3", "published": "last Tuesday", "text": text + "three"},
    ]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    summary = ingest_paths(db, settings, [manifest], progress=False)
    assert summary.errors == (
        f"{manifest}:3: 'published' 'last Tuesday' is not a date or time (ISO 8601 such as "
        "2026-10-12 or 2026-10-12T11:30:00+08:00, or RFC 822)",)
    stored = {r["url"]: r["published"] for r in db["articles"].rows}
    assert stored == {"https://m.example/1": "2026-10-12T11:30:00+08:00",
                      "https://m.example/2": "2026-10-12"}
