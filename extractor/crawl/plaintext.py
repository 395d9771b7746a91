"""Text of a plain-text article: general page-furniture rules (``data/furniture.yaml``), no
knowledge of any particular story or outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import dateparser

from extractor.core.data import read_yaml
from extractor.core.language import guess_language
from extractor.core.records import Article, stable_id
from extractor.crawl import dedupe
from extractor.crawl.html import NotAnArticleError
from extractor.crawl.urls import canonical_url

__all__ = ["PlainText", "article_from_text", "clean_plain_text", "is_furniture"]


def _furniture() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml("furniture.yaml")
    return data


@dataclass(frozen=True)
class PlainText:
    """A plain-text article after furniture removal."""

    text: str
    title: str | None
    published: str | None
    author: str | None


_ISO_DATE = r"\b(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?"
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_PATTERNS = [
    re.compile(_ISO_DATE),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}\b", re.I),
]
# A date is read only from the first lines (the dateline area), never from the body, where dates
# are what the article talks about rather than when it was published.
_DATE_LINES = 8
# A dateline: a place in capitals and commas, then the date ("WASHINGTON, Sept. 17, 2025 -").
_PLACE = re.compile(r"^(?:[A-Z][\w.'’-]*\s*)+,\s*")
_NAME = r"[A-Z][\w'’.-]+"
_BYLINE = re.compile(rf"^(?i:by|from|written by|words by)\s+({_NAME}(?:\s+{_NAME}){{0,3}})$")
_MD_LINK_ONLY = re.compile(r"^!?\[[^\]]*\]\([^)]*\)$")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S.*\S|\S)\1")


def _dateline(line: str) -> str:
    """The part of a prose line a dateline date may be in: its start after a place, if any."""
    m = _PLACE.match(line)
    return line[m.end():m.end() + 30] if m else line[:30]


def _unmarked(line: str) -> str:
    """A heading line without its Markdown marks (``# ``, ``**...**``), otherwise as written:
    a title's own characters (a leading hashtag, an asterisk) stay."""
    text = _MD_HEADING.sub("", line.strip())
    m = _MD_EMPHASIS.fullmatch(text)
    return m.group(2) if m else text


def _find_date(line: str) -> str | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.search(line)
        if not m:
            continue
        if pattern is _DATE_PATTERNS[0]:
            return m.group(1) + (f"T{m.group(2)}" if m.group(2) else "")
        parsed = dateparser.parse(m.group(0), languages=["en"])
        if parsed:
            return parsed.date().isoformat()
    return None


def _words(line: str) -> int:
    return len(line.split())


def is_furniture(line: str) -> bool:
    """Whether a line is generic page furniture (menus, prompts, credits), by furniture.yaml."""
    data = _furniture()
    low = line.casefold().strip()
    bare = re.sub(r"[^\w\s’']", "", low).strip()
    if not bare or _MD_LINK_ONLY.match(line.strip()):
        return True
    if bare in data["whole"] or any(low.startswith(s) for s in data["starts"]):
        return True
    return _words(line) <= data["max_words"] and any(p in low for p in data["phrases"])


def _is_prose(line: str) -> bool:
    n = _words(line)
    end = line.rstrip().rstrip("*_")
    # Six words and a full stop: a sentence. A long line ending in a comma or semicolon is a
    # paragraph the source wrapped mid-sentence (it continues on the next line).
    return (n >= 6 and end.endswith(_SENTENCE_END)) or (n >= 8 and end.endswith((",", ";", ":")))


def _prose_words(lines: list[str]) -> int:
    return sum(_words(x) for x in lines if _is_prose(x))


def clean_plain_text(raw: str) -> PlainText:
    """The article body of a plain-text page dump, with title, date and byline from its head."""
    lines = [x.strip() for x in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [x for x in lines if x]
    furniture = [is_furniture(x) for x in lines]
    # Segments: runs of lines between furniture lines. The body is the segment with most prose,
    # joined with neighbours across a single furniture line when they hold real prose too (an
    # "Advertisement" line in the middle of a story).
    segments: list[tuple[int, int]] = []
    start = None
    for i, furn in enumerate([*furniture, True]):
        if not furn and start is None:
            start = i
        elif furn and start is not None:
            segments.append((start, i))
            start = None
    if not segments:
        raise NotAnArticleError("no article text (only page furniture)")
    best = max(range(len(segments)), key=lambda k: _prose_words(lines[slice(*segments[k])]))
    lo, hi = segments[best]

    def substantial(seg: tuple[int, int]) -> bool:
        prose = [x for x in lines[slice(*seg)] if _is_prose(x)]
        return len(prose) >= 2  # one stray sentence next to furniture is a prompt, not story

    k = best
    while k > 0 and segments[k][0] - segments[k - 1][1] == 1 and substantial(segments[k - 1]):
        k -= 1
        lo = segments[k][0]
    k = best
    while (k + 1 < len(segments) and segments[k + 1][0] - segments[k][1] == 1
           and substantial(segments[k + 1])):
        k += 1
        hi = segments[k][1]
    prose_idx = [i for i in range(lo, hi) if _is_prose(lines[i])]
    if not prose_idx:
        raise NotAnArticleError("no article text (no sentences)")
    body_lo, body_hi = prose_idx[0], prose_idx[-1] + 1
    body = [lines[i] for i in range(body_lo, body_hi) if not furniture[i]]
    head = [lines[i] for i in range(body_lo) if not furniture[i]]

    # in a sentence, only a date after nothing but a place is a dateline ("BERLIN, March 12,
    # 2024 - ..."); one further on is a date the story mentions ("... On October 7, 2023, a
    # quake ...")
    published = next((d for d in (_find_date(_dateline(x) if _is_prose(x) else x)
                                  for x in lines[:_DATE_LINES]) if d), None)
    author = None
    title = None
    for line in head:
        m = _BYLINE.match(line)
        if m:
            author = author or m.group(1)
            continue
        if _find_date(line):
            continue
        # A headline: a few words to a long sentence's worth (news headlines run 5-20 words;
        # under 3 is a section name or an outlet, over 30 a paragraph), without a full stop.
        if title is None and 3 <= _words(line) <= 30 and not line.endswith("."):
            title = _unmarked(line)
    return PlainText(text="\n\n".join(body), title=title, published=published, author=author)


def article_from_text(
    raw: str,
    *,
    url: str,
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
    fetched_at: str | None = None,
    clean: bool = True,
) -> Article:
    """An article from plain text (cleaned of furniture unless ``clean`` is false)."""
    if clean:
        plain = clean_plain_text(raw)
    else:
        plain = PlainText(text=raw.strip(), title=None, published=None, author=None)
    if not plain.text:
        raise NotAnArticleError("empty text")
    canonical = canonical_url(url)
    return Article(
        id=stable_id(canonical),
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        title=title or plain.title,
        text=plain.text,
        text_hash=dedupe.text_hash(plain.text),
        author=plain.author,
        published=published or plain.published,
        language=guess_language(plain.text),
        fetched_at=fetched_at,
    )
