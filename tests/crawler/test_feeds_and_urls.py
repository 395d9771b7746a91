"""feeds.yaml validation (errors name file:line), feed parsing, canonical URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.core.data import DATA_DIR
from extractor.core.errors import ConfigError
from extractor.crawl.feeds import load_feeds, parse_duration, parse_feed
from extractor.crawl.urls import canonical_url, resolve_link

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_default_feeds_file_lists_the_fixture_feeds() -> None:
    feeds = load_feeds(DATA_DIR / "feeds.yaml")
    assert [f.name for f in feeds] == ["daily-metals", "euro-wire", "finance-notes"]
    for feed in feeds:
        assert feed.url.startswith("file://")
        assert Path(feed.url.removeprefix("file://")).is_file()
    assert feeds[0].outlet == "Daily Metals Report" and feeds[0].tags == ("fixture", "rss")
    # real-world feeds are shown, commented out
    assert "#  - name:" in (DATA_DIR / "feeds.yaml").read_text()


def test_feed_options(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        "  - {name: a, url: 'https://example.org/rss', interval: 15m, enabled: false,"
        " tags: [x, y], outlet: Example}\n"
        "  - name: b\n    url: sub/local.rss\n    interval: 7200\n",
        encoding="utf-8",
    )
    a, b = load_feeds(path)
    assert (a.interval, a.enabled, a.tags, a.outlet) == (900, False, ("x", "y"), "Example")
    assert b.url == (tmp_path / "sub/local.rss").as_uri() and b.interval == 7200


@pytest.mark.parametrize(
    "content,message",
    [
        ("feeds:\n  - name: a\n    url: [unclosed\n", "feeds.yaml:3: not valid YAML"),
        ("feeds:\n  - name: a\n    url: http://x\n  - name: a\n    url: http://y\n",
         "feeds.yaml:4: duplicate feed name 'a' (first at line 2)"),
        ("feeds:\n  - name: a\n", "feeds.yaml:2: feed is missing 'url'"),
        ("feeds:\n  - name: a\n    url: http://x\n    colour: red\n",
         "feeds.yaml:4: unknown feed key 'colour'"),
        ("feeds:\n  - name: a\n    url: http://x\n    interval: soon\n",
         "feeds.yaml:4: 'interval' must be seconds or like 15m, 1h, 1d"),
        ("feeds:\n  - name: a\n    url: http://x\n    enabled: maybe\n",
         "feeds.yaml:4: 'enabled' must be true or false"),
        ("feeds:\n  - name: a\n    url: ftp://x/feed\n",
         "feeds.yaml:3: unsupported URL scheme 'ftp'"),
        ("feeds:\n  - just a string\n", "feeds.yaml:2: each feed must be a mapping"),
        ("feeds: 3\n", "feeds.yaml:1: 'feeds' must be a list"),
        ("sources: []\n", "feeds.yaml:1: unknown top-level key 'sources'"),
        ("", "feeds.yaml:1: expected a mapping with a 'feeds:' list"),
        ("feeds:\n  - name: a\n    url: http://x\n    tags: x\n",
         "feeds.yaml:4: 'tags' must be a list of strings"),
    ],
)
def test_malformed_feeds_file_names_line_and_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_feeds(path)
    assert str(err.value).startswith(str(tmp_path / message.split(":")[0]))
    assert message in str(err.value)


def test_missing_feeds_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="feeds file not found"):
        load_feeds(tmp_path / "nope.yaml")


def test_parse_rss_and_atom() -> None:
    rss = DATA_DIR / "demo/feeds/finance-notes.rss"
    atom = DATA_DIR / "demo/feeds/finance-notes.atom"
    r = parse_feed(rss.read_bytes(), feed="f", base_url=rss.as_uri(), local=True)
    a = parse_feed(atom.read_bytes(), feed="f", base_url=atom.as_uri(), local=True)
    assert r.problems == () and a.problems == ()
    assert [e.url for e in r.entries] == [e.url for e in a.entries]
    assert r.entries[1].url == (DATA_DIR / "demo/articles/rare-earth-magnet-exports-june.html"
                                ).as_uri()
    assert [e.published for e in r.entries] == [e.published for e in a.entries]
    assert r.entries[1].published == "2025-07-20T12:00:00+00:00"


def test_remote_feed_may_not_link_to_local_files() -> None:
    body = (FIXTURES / "bad/bad-links.rss").read_bytes()
    remote = parse_feed(body, feed="f", base_url="https://news.example/feed.rss")
    assert [e.url for e in remote.entries] == ["https://news.example/dyn/article/201"]
    assert len(remote.problems) == 4
    assert all("refused link with scheme" in p for p in remote.problems)
    # the same feed read from a local file may point at local files (the fixtures work so)
    local = parse_feed(body, feed="f", base_url="file:///srv/feeds/x.rss", local=True)
    assert any(e.url.startswith("file:") for e in local.entries)
    assert len(local.problems) == 3  # javascript:, ftp: and data: stay refused


def test_malformed_feed_keeps_what_parsed() -> None:
    parsed = parse_feed((FIXTURES / "bad/malformed.rss").read_bytes(), feed="f",
                        base_url="https://news.example/feed.rss")
    assert [e.title for e in parsed.entries][:1] == ["A story that parsed"]
    assert any("malformed feed" in p for p in parsed.problems)


def test_parse_duration() -> None:
    assert [parse_duration(v) for v in (900, "90s", "15m", "1h", "2d", "1.5h")] == [
        900, 90, 900, 3600, 172800, 5400]
    assert parse_duration("soon") is None and parse_duration(True) is None


@pytest.mark.parametrize(
    "url,canonical",
    [
        ("HTTPS://News.Example:443/a/b?utm_source=rss&utm_medium=feed&id=7#comments",
         "https://news.example/a/b?id=7"),
        ("http://news.example/x?fbclid=abc&gclid=1&mc_cid=2&_ga=3&page=2",
         "http://news.example/x?page=2"),
        ("http://news.example:8080", "http://news.example:8080/"),
        ("https://news.example/a?ga_source=x&ref_src=twsrc", "https://news.example/a"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_resolve_link() -> None:
    assert resolve_link("../articles/a.html", "file:///srv/site/feeds/x.rss") == (
        "file:///srv/site/articles/a.html")
    assert resolve_link("/a", "https://news.example/feeds/x") == "https://news.example/a"
    assert resolve_link("javascript:alert(1)", "https://news.example/") == "javascript:alert(1)"


RSS_091 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link>
<item><title>One</title><link>https://old.example/one</link></item></channel></rss>"""
RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link>
<items><rdf:Seq><rdf:li resource="https://rdf.example/a"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example/a"><title>A</title><link>https://rdf.example/a</link>
<dc:date>2025-07-20T10:00:00Z</dc:date><dc:creator>A. Writer</dc:creator></item>
</rdf:RDF>"""


def test_rss_091_and_rss_10() -> None:
    old = parse_feed(RSS_091, feed="o", base_url="https://old.example/rss")
    rdf = parse_feed(RSS_10, feed="r", base_url="https://rdf.example/rss")
    assert [e.url for e in old.entries] == ["https://old.example/one"] and old.problems == ()
    assert [e.url for e in rdf.entries] == ["https://rdf.example/a"] and rdf.problems == ()
    assert rdf.entries[0].published == "2025-07-20T10:00:00+00:00"
    assert rdf.entries[0].author == "A. Writer"


def test_invalid_links_are_problems_not_crashes() -> None:
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b"<item><link>http://[::1/broken</link></item>"
            b"<item><link>https://ok.example/a</link></item></channel></rss>")
    parsed = parse_feed(body, feed="f", base_url="https://ok.example/rss")
    assert [e.url for e in parsed.entries] == ["https://ok.example/a"]
    assert parsed.problems and "invalid link" in parsed.problems[0]
