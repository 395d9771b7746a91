"""Syndicated copies within a story: a wire story republished by other outlets counts once.

Articles are compared sentence by sentence (a copy keeps most of the original's sentences) and as
whole texts (a light edit); the crawler's ``duplicate_of`` link is taken as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz

from extractor.core.dates import order_key
from extractor.core.records import Article, Claim

__all__ = [
    "independent_source_count",
    "normal_sentence",
    "quoted_from",
    "source_key",
    "syndicated_copies",
]

# Wire copies keep most sentences of the original (editors trim or add a paragraph); two outlets
# quoting the same agency data share figures but not sentence after sentence. Half of the
# sentences verbatim (after normalising case, spaces and quotes) marks a copy.
COPY_SENTENCE_SHARE = 0.5
# Sentences shorter than this are furniture or formulae ("Read more.", "Photo: AP") that many
# unrelated articles share.
COPY_MIN_SENTENCE = 40
# Whole-text rapidfuzz ratio (0-100) above which one text is a light edit of the other; only for
# texts of a paragraph or more (MIN_ARTICLE_CHARS of the crawler), since two stubs differing in a
# name are 90% alike.
COPY_TEXT_RATIO = 90
COPY_MIN_TEXT = 250

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def normal_sentence(sentence: str) -> str | None:
    """A sentence as copies are compared (case, spaces and punctuation away), or None if it is
    too short to tell a copy from a formula."""
    norm = _NON_WORD.sub(" ", sentence.lower()).strip()
    return norm if len(norm) >= COPY_MIN_SENTENCE else None


def _sentences(text: str) -> set[str]:
    return {n for n in (normal_sentence(raw) for raw in _SENTENCE.split(text)) if n}


def quoted_from(articles: Sequence[Article], claims: Sequence[Claim],
                copies: dict[str, str]) -> dict[str, str]:
    """Claim id -> the earlier article whose sentence it repeats word for word.

    An outlet that takes a paragraph from a wire ("..., according to Reuters") without being a
    copy as a whole adds no independent confirmation of the figures in that paragraph.
    """
    first: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: (a.published or "9999", a.id)):
        if article.id in copies:
            continue  # a whole copy is folded into its original already
        for sentence in _sentences(article.text):
            first.setdefault(sentence, article.id)
    out = {}
    for claim in claims:
        norm = normal_sentence(claim.sentence)
        origin = first.get(norm) if norm else None
        if origin and origin != copies.get(claim.article_id, claim.article_id):
            out[claim.id] = origin
    return out


def syndicated_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Copy article id -> original article id, among the articles of one story.

    Articles are taken in publication order; a copy points at the earliest article it copies (the
    crawler's ``duplicate_of``, or most of its sentences verbatim, or a light edit of its text).
    """
    ordered = sorted(articles, key=lambda a: (order_key(a.published), a.id))
    ids = {a.id for a in ordered}
    copies: dict[str, str] = {}
    seen: list[tuple[Article, set[str]]] = []
    for article in ordered:
        sentences = _sentences(article.text)
        original: str | None = None
        if article.duplicate_of and article.duplicate_of in ids:
            original = article.duplicate_of
        else:
            for earlier, earlier_sentences in seen:
                if sentences and len(sentences & earlier_sentences) >= COPY_SENTENCE_SHARE * len(
                    sentences
                ):
                    original = earlier.id
                    break
                # score_cutoff lets rapidfuzz give up early on texts that cannot reach it
                if min(len(article.text), len(earlier.text)) >= COPY_MIN_TEXT and fuzz.ratio(
                        article.text[:3000], earlier.text[:3000],
                        score_cutoff=COPY_TEXT_RATIO) >= COPY_TEXT_RATIO:
                    original = earlier.id
                    break
        if original:
            root = _root(copies, original)
            # a copy points at the original of what it copies; an article whose crawler link
            # leads back to itself (an earlier copy of it was marked as its duplicate) is the
            # original, never a copy of itself
            if root != article.id:
                copies[article.id] = root
        seen.append((article, sentences))
    # the crawler may link an early article to a later one: point every copy at its final root
    roots = {copy: root for copy in copies if (root := _root(copies, copy)) != copy}
    return _credited_originals(roots, {a.id: a for a in ordered})


def _names_outlet(text: str, outlet: str | None) -> bool:
    """Whether ``text`` names the outlet ("first published by Metro Wire", "(Metro Wire)")."""
    # outlet names of three letters or fewer ("AP", "BBC") are too often other words' letters
    if not outlet or len(outlet.strip()) < 4:
        return False
    return re.search(rf"(?<!\w){re.escape(outlet.strip())}(?!\w)", text, re.IGNORECASE) is not None


def _credited_originals(roots: dict[str, str], by_id: dict[str, Article]) -> dict[str, str]:
    """Turn copy links around where the "original" credits its "copy"'s outlet.

    Publication order decides which of two identical texts came first, but pages often carry a
    date without a time, and the crawler links whichever it fetched second as the duplicate. On a
    tie (same day, or a date missing) the text decides: a republisher credits the outlet it takes
    the wire from ("This story was first published by X", "(X)"), the original does not name its
    republisher.
    """
    out = dict(roots)
    for copy, root in roots.items():
        a, b = by_id.get(copy), by_id.get(root)
        if a is None or b is None or out.get(copy) != root:
            continue
        day_a, day_b = parse_date(a.published), parse_date(b.published)
        if day_a and day_b and day_a != day_b:
            continue  # the dates say which came first
        if _names_outlet(b.text, a.outlet) and not _names_outlet(a.text, b.outlet):
            # b credits a: a is the original; every link to b now leads to a
            out = {c: (copy if r == root else r) for c, r in out.items() if c != copy}
            out[root] = copy
    return out


def _root(copies: dict[str, str], article_id: str) -> str:
    """The original at the end of a chain of copy links (cycles stop where they close)."""
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def independent_source_count(articles: Sequence[Article], copies: dict[str, str]) -> int:
    """Outlets after folding copies into their original (one outlet counts once)."""
    by_id = {a.id: a for a in articles}
    sources = set()
    for article in articles:
        root = by_id.get(copies.get(article.id, article.id), article)
        sources.add(("outlet", root.outlet.lower()) if root.outlet else ("article", root.id))
    return len(sources)


def source_key(article: Article, copies: dict[str, str], by_id: dict[str, Article]) -> str:
    """The independent source an article counts as."""
    root = by_id.get(copies.get(article.id, article.id), article)
    return f"outlet:{root.outlet.lower()}" if root.outlet else f"article:{root.id}"
