"""Text and metadata of an HTML article page, with trafilatura (plain text: crawl/plaintext.py).

Gives an :class:`~extractor.core.records.Article` or raises :class:`NotAnArticleError` with the
reason. Nothing here knows any particular story or outlet.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from tld import get_fld
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
)
from trafilatura.settings import Extractor
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from extractor.core.dates import full_time, same_day
from extractor.core.language import guess_language
from extractor.core.records import Article, FeedEntry, FetchedPage, stable_id
from extractor.crawl import dedupe
from extractor.crawl.urls import canonical_url, is_http_url, resolve_link

__all__ = [
    "MIN_ARTICLE_CHARS",
    "NotAnArticleError",
    "article_from_html",
    "decode_html",
    "page_title",
    "registered_domain",
]

# trafilatura's own MIN_EXTRACTED_SIZE (settings.cfg): below 250 characters of main text a page is
# a stub, an index or an error page rather than an article.
MIN_ARTICLE_CHARS = 250


class NotAnArticleError(Exception):
    """The input has no article text; the message says why."""


# --------------------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text of an HTML body and the encoding used, robust to missing and wrong charset labels.

    A body that is valid UTF-8 is read as UTF-8 whatever its label says (non-ASCII text in a legacy
    encoding is almost never valid UTF-8, while UTF-8 labelled Latin-1 is a common server error);
    otherwise the HTTP label, then the <meta> label, then charset detection.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:4096])
    for label in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        codec = _codec(label)
        if codec and codec not in ("utf-8", "ascii"):
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                continue
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is not None:
        return str(best), best.encoding
    return body.decode("cp1252", errors="replace"), "cp1252"


# --------------------------------------------------------------------------- language

_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_OG_LOCALE = re.compile(
    r"""<meta[^>]+property=["']og:locale["'][^>]+content=["']([A-Za-z]{2})""", re.I
)
_WORDS = re.compile(r"\w+", re.UNICODE)


def _html_language(html: str) -> str | None:
    head = html[:20_000]
    m = _HTML_LANG.search(head) or _OG_LOCALE.search(head)
    return m.group(1).lower()[:2] if m else None


# --------------------------------------------------------------------------- HTML

_CANONICAL = re.compile(
    r"""<link\b(?=[^>]*\brel=["']?canonical\b)[^>]*\bhref=["']([^"'>\s]+)""", re.I
)


def registered_domain(url: str) -> str | None:
    """The registrable domain of an http(s) URL (``bbc.co.uk`` for ``www.bbc.co.uk``).

    By the Public Suffix List (the ``tld`` package, which trafilatura's URL library courlan
    depends on); a host without a public suffix (an IP address, ``localhost``) is its own
    registered domain.
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return _registered(host) if host else None


@functools.lru_cache(maxsize=4096)  # a crawl sees few hosts, each many times
def _registered(host: str) -> str:
    fld = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(fld) if fld else host


def _rel_canonical(html: str, base: str) -> str | None:
    """The page's ``rel=canonical`` address, if it may be trusted.

    Only an address on the same registered domain as the page itself (``www.example.org`` may
    name ``example.org`` or ``amp.example.org``): a hostile or mistaken page must not make us
    store it under another site's address, where it would stand in for that site's article.
    """
    m = _CANONICAL.search(html[:100_000])
    if not m:
        return None
    try:
        link = resolve_link(m.group(1), base)
    except ValueError:  # e.g. an unclosed IPv6 literal
        return None
    if not is_http_url(link):
        return None  # a canonical address is a web address
    if not is_http_url(base):
        return link  # a local file may name its web address (a saved copy of a page)
    if registered_domain(link) != registered_domain(base):
        return None
    return link


def _clean_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value or None


# Markup that states when the article was first published, in order of trust: meta tags
# (Open Graph's article:published_time, schema.org itemprop, Dublin Core, the keys of common
# content systems), then JSON-LD ``datePublished``, then ``<time>`` elements.
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "published_time",
    "publishdate", "publish-date", "pubdate", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "sailthru.date", "parsely-pub-date",
)


def _published_time(tree: HtmlElement, day: str | None) -> str | None:
    """The full publication time the markup gives for ``day`` (htmldate's choice), if any.

    htmldate chooses the publication day (and rejects implausible ones) but returns the day
    only; the time of day and its offset are read from the markup it read, and kept only when
    they fall on that day, so the two never disagree.
    """
    if not day:
        return None
    candidates: list[str] = []
    metas: dict[str, list[str]] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and (content := meta.get("content")):
            metas.setdefault(key, []).append(content)
    for key in _PUBLISHED_META:
        candidates += metas.get(key, [])
    candidates += [v for item in _json_ld(tree)
                   if isinstance(v := item.get("datePublished"), str)]
    times = tree.findall(".//time[@datetime]")
    # a <time> marked as the publication first, then the others (a byline's dateline)
    candidates += [t.get("datetime", "") for t in times
                   if t.get("pubdate") is not None or (t.get("itemprop") or "").lower()
                   == "datepublished"]
    candidates += [t.get("datetime", "") for t in times]
    for value in candidates:
        when = full_time(value)
        if when and same_day(when, day):
            return when
    return None


def _published(tree: HtmlElement, day: str | None, entry: FeedEntry | None) -> str | None:
    """The page's publication time (full when the markup or the feed gives one), else the
    feed entry's."""
    day = _clean_date(day)
    given = entry.published if entry else None
    if not day:
        return given
    when = _published_time(tree, day)
    if when:
        return when
    # the page gives the day only: the feed's time of that same day says more
    if given and full_time(given) and same_day(given, day):
        return given
    return day


def _drop_leading_title(text: str, title: str | None) -> str:
    """The text without a first line that repeats the title (the title has its own field)."""
    first, _, rest = text.partition("\n")
    if title and dedupe.normalise_text(first) == dedupe.normalise_text(title):
        return rest.strip()
    return text


def _one_line(value: str | None) -> str | None:
    """Whitespace runs (line breaks of the markup) as single spaces; nothing else changes."""
    if not value:
        return None
    return " ".join(value.split()) or None


_TITLE_META = ("og:title", "twitter:title")  # in this order of preference


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The objects of the page's JSON-LD blocks (lists and ``@graph`` walked), in page order."""
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k == "@graph")


def _json_headline(tree: HtmlElement) -> str | None:
    for item in _json_ld(tree):
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip():
            return headline
    return None


def page_title(tree: HtmlElement) -> str | None:
    """The page's headline exactly as the page states it (whitespace runs made single spaces).

    In order: ``og:title``, ``twitter:title``, JSON-LD ``headline``, the page's only ``<h1>``,
    the whole ``<title>``. Nothing is cut off or rewritten: unlike trafilatura's title, a
    ``<title>`` is not split at " - " or " | " (that drops half of "Exports up 30% - officials"),
    and no length limit applies. The claims stage reads claims from titles too.
    """
    metas: dict[str, str] = {}
    for meta in tree.iterfind(".//head/meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _TITLE_META and key not in metas and (title := _one_line(meta.get("content"))):
            metas[key] = title
    for key in _TITLE_META:
        if key in metas:
            return metas[key]
    if title := _one_line(_json_headline(tree)):
        return title
    h1 = tree.findall(".//h1")
    if len(h1) == 1 and (title := _one_line(h1[0].text_content())):
        return title
    element = tree.find(".//head/title")
    if element is None:
        element = tree.find(".//title")
    return _one_line(element.text_content()) if element is not None else None


@dataclass(frozen=True)
class _Meta:
    author: str | None
    date: str | None
    sitename: str | None


def _metadata(tree: HtmlElement, url: str | None) -> _Meta:
    """Date, site name and the author named in meta tags, as trafilatura's ``extract_metadata``.

    The same steps in the same order (meta tags, JSON-LD; htmldate; site name from meta or the
    <title>), without what newsclaims does not store (categories, tags, licence, image,
    description): that part cost about a quarter of the metadata time. An author given only in
    the page's byline is found by :func:`_byline_author` once extraction is done with the tree.
    Dates come only from the markup (meta tags, <time>, JSON-LD): the extensive search guesses
    from any date in the text, and a wrong publication date is worse than none.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:  # trafilatura's own check: a login, not a name
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        meta = extract_meta_json(tree, meta)
    date = find_date(tree, url=meta.url or url, extensive_search=False, original_date=True)
    sitename = meta.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    return _Meta(meta.author or None, date or None, sitename or None)


def _byline_author(tree: HtmlElement) -> str | None:
    """trafilatura's ``extract_author`` on a tree nobody needs any more: pruned in place, where
    trafilatura prunes a deep copy of the whole page (a third of the metadata time)."""
    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS,
                              len_limit=120)
    return normalize_authors(None, author) if author else None


@functools.cache
def _extraction_options() -> Extractor:
    """trafilatura's options (comments out, tables in), built once: building them per page reads
    its configuration again each time."""
    return Extractor(output_format="python", comments=False, tables=True)


def article_from_html(
    page: FetchedPage, *, outlet: str | None = None, fetched_at: str | None = None
) -> Article:
    """The article in an HTML page (main text without boilerplate, with metadata)."""
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    if ctype and ctype not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        raise NotAnArticleError(f"not an HTML page (content type {ctype})")
    if not page.body.strip():
        raise NotAnArticleError("empty page")
    html, _ = decode_html(page.body, page.encoding)
    url = page.final_url if is_http_url(page.final_url) else None
    # One parse for everything: the metadata and title are read from this tree, and trafilatura
    # extracts from (a copy of) it instead of parsing the HTML again.
    tree = load_html(html)
    if tree is None:
        raise NotAnArticleError("not an article: the HTML could not be parsed")
    meta = _metadata(tree, url)
    title = page_title(tree)
    entry: FeedEntry | None = page.entry
    # read before the byline search below prunes the tree
    published = _published(tree, meta.date, entry)
    options = copy.copy(_extraction_options())
    options.url = options.source = url
    doc = trafilatura.bare_extraction(tree, options=options)  # works on its own copy of the tree
    author = meta.author or _byline_author(tree)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = title or (entry.title if entry else None)
    text = _drop_leading_title(text, title)
    if len(text) < MIN_ARTICLE_CHARS:
        raise NotAnArticleError(
            f"not an article: {len(text)} characters of main text (minimum {MIN_ARTICLE_CHARS})"
        )
    canonical = canonical_url(_rel_canonical(html, page.final_url) or page.final_url)
    return Article(
        id=stable_id(canonical),
        url=page.url,
        canonical_url=canonical,
        outlet=outlet,
        title=title,
        text=text,
        text_hash=dedupe.text_hash(text),
        author=author or (entry.author if entry else None),
        published=published,
        language=_html_language(html) or guess_language(text),
        site_name=meta.sitename,
        feed=page.feed,
        fetched_at=fetched_at or page.fetched_at or None,
        raw_html=page.body,
    )
