"""Titles exactly as the page or feed gives them; rel=canonical trusted only on the same site."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from synth import paragraphs  # fixtures/, put on sys.path by conftest

from extractor.core.records import FeedEntry, FetchedPage
from extractor.core.settings import Settings
from extractor.crawl.crawler import crawl
from extractor.crawl.html import article_from_html, registered_domain
from extractor.crawl.plaintext import article_from_text

BODY = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(77))


def _page(head: str, h1: str = "", url: str = "https://news.example.org/a/1",
          entry: FeedEntry | None = None) -> FetchedPage:
    body = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
            f"<main><article>{h1}{BODY}</article></main></body></html>")
    return FetchedPage(url=url, final_url=url, status=200, body=body.encode(),
                       content_type="text/html; charset=utf-8", entry=entry)


def _title(page: FetchedPage) -> str | None:
    return article_from_html(page).title


def test_og_title_is_kept_whole_with_its_punctuation() -> None:
    headline = "Exports up 30% - officials say: 'a record' | not the site name"
    page = _page(f'<title>Other | Site</title><meta property="og:title" '
                 f'content="{html.escape(headline)}">')
    assert _title(page) == headline


def test_html_title_is_not_cut_at_separators() -> None:
    # trafilatura would keep "Jobless rate falls to 4.1%" and drop the rest
    page = _page("<title>Jobless rate falls to 4.1% - lowest since 2019</title>",
                 h1="<h1>Section</h1><h1>Other</h1>")
    assert _title(page) == "Jobless rate falls to 4.1% - lowest since 2019"


def test_og_title_before_twitter_title() -> None:
    page = _page('<meta name="twitter:title" content="Short one">'
                 '<meta property="og:title" content="The full headline, 12% up">')
    assert _title(page) == "The full headline, 12% up"


def test_single_h1_and_json_ld_headline_and_long_titles() -> None:
    assert _title(_page("<title>Site</title>", h1="<h1>Prices rose  2.4%\n in May</h1>")) == \
        "Prices rose 2.4% in May"  # line breaks of the markup are spaces
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
          '{"@type": "WebSite", "name": "Site"}, {"@type": "NewsArticle", '
          '"headline": "Council approves \\u20ac12m harbour budget"}]}</script>')
    assert _title(_page(f"<title>Site</title>{ld}")) == "Council approves €12m harbour budget"
    long_title = "A headline " + "that goes on and on " * 15 + "and ends here"
    assert _title(_page(f'<meta property="og:title" content="{long_title}">')) == long_title


def test_feed_title_when_the_page_has_none() -> None:
    entry = FeedEntry(feed="f", url="https://news.example.org/a/1",
                      title="Output fell 3% - survey")
    assert _title(_page("", entry=entry)) == "Output fell 3% - survey"


def test_registered_domain() -> None:
    assert registered_domain("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert registered_domain("http://amp.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("https://evil.co.uk/x") == "evil.co.uk"
    assert registered_domain("http://127.0.0.1:8080/x") == "127.0.0.1"
    assert registered_domain("http://localhost/x") == "localhost"


@pytest.mark.parametrize(("link", "trusted"), [
    ("https://www.example.org/story/1", True),      # same registered domain
    ("https://amp.example.org/story/1?utm_source=x", True),
    ("/story/1", True),                              # relative: same host
    ("https://other.example.com/story/1", False),   # another site
    ("https://example.org.evil.net/story/1", False),
    ("javascript:alert(1)", False),
])
def test_rel_canonical_only_on_the_same_site(link: str, trusted: bool) -> None:
    url = "https://news.example.org/a/1?utm_medium=feed"
    article = article_from_html(_page(f'<link rel="canonical" href="{link}">', url=url))
    if trusted:
        assert article.canonical_url.endswith("/story/1")
        assert "utm_" not in article.canonical_url
    else:
        assert article.canonical_url == "https://news.example.org/a/1"


def test_hostile_canonical_does_not_take_over_another_sites_article(
    db: sqlite_utils.Database, settings: Settings, site, make_feeds: Callable[..., Path]
) -> None:
    """A page claiming another site's address is stored under its own: the real article of
    that address, crawled later, is still stored, and the hostile page cannot stand in for it."""
    site.overrides["/extra/hostile.rss"] = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Claims</title><link>/dyn/claims/21</link></item>"
        b"<item><title>Alias</title><link>/dyn/alias/22</link></item>"
        b"</channel></rss>")
    summary = crawl(db, settings, feeds_path=make_feeds([("h", f"{site.base}/extra/hostile.rss")]),
                    progress=False)
    assert summary.errors == () and summary.new_articles == 2
    urls = {r[0] for r in db.execute("select canonical_url from articles").fetchall()}
    # the hostile page keeps its own address; the same-site alias uses its rel=canonical
    assert urls == {f"{site.base}/dyn/claims/21", f"{site.base}/dyn/article/22"}
    known = {r[0] for r in db.execute("select url from article_urls").fetchall()}
    assert not any("victim.example" in u for u in known)


JOBLESS = "Jobless rate falls to 4.1% - lowest since 2019"
COUNCIL = "Council approves harbour budget: 12m euros"
HASHTAG = "#MeToo founder speaks at the harbour council"


@pytest.mark.parametrize(("heading", "title"), [
    (f"# {JOBLESS}", JOBLESS),  # Markdown marks go, the title's own characters stay
    (f"**{COUNCIL}**", COUNCIL),
    (HASHTAG, HASHTAG),
])
def test_plain_text_title_keeps_its_own_characters(heading: str, title: str) -> None:
    text = heading + "\n\n" + "\n\n".join(paragraphs(78))
    assert article_from_text(text, url="file:///tmp/a.txt").title == title
