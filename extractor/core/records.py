"""The records that flow through newsclaims, one frozen dataclass per stage.

feeds.yaml -> Feed -> FeedEntry -> FetchedPage -> Article -> Doc (doc._.claims) -> Claim
-> Story / Fact / Finding -> report.

Stages are functions from one record type to the next; only ``extractor.db`` turns records into
rows and back. Collections are tuples so that records stay hashable and immutable. Dates and times
are ISO 8601 strings (``2025-07-21`` or ``2025-07-21T09:35:00+00:00``): they are what SQLite, JSON
and the reports carry, and they sort correctly as text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Article",
    "ArticleProfile",
    "Basis",
    "Claim",
    "ClaimKind",
    "Comparison",
    "Direction",
    "Fact",
    "FactStatus",
    "Feed",
    "FeedEntry",
    "FetchedPage",
    "Finding",
    "FindingKind",
    "Qualifier",
    "Severity",
    "Story",
    "stable_id",
]

Basis = Literal["absolute", "change", "share", "multiple", "rank"]
Direction = Literal["up", "down", "flat"]
Comparison = Literal["mom", "yoy", "qoq", "vs_date", "unspecified"]
Qualifier = Literal["exact", "about", "more_than", "at_least", "less_than", "up_to", "nearly"]
ClaimKind = Literal["quantity", "event", "person"]  # person: a named person's mention
Severity = Literal["high", "medium", "low", "info"]
FindingKind = Literal[
    "value_conflict",
    "date_conflict",
    "place_conflict",
    "mislabelled_object",
    "direction_conflict",
    "attribution_conflict",
    "arithmetic",
    "single_source",
    "internal_inconsistency",
    "update",
    "part_whole",  # a total that is not the sum of its stated parts
    "scope_conflict",  # a figure for part of an area given as the whole
    "person_conflict",  # a named person's age or title given differently, or wrong for the date
    "name_spelling",  # one person's name spelled two ways
    "currency_conflict",  # amounts in two currencies that no plausible rate joins
    "period_conflict",  # a pledge or programme said to run over different periods
]
FactStatus = Literal["agreed", "conflict", "single_source", "update"]


def stable_id(*parts: object, length: int = 16) -> str:
    """A short deterministic id from its parts, so that re-running a stage gives the same ids."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Feed:
    """One entry of feeds.yaml."""

    name: str
    url: str  # http(s) URL, file: URL, or a path relative to feeds.yaml (already resolved to file:)
    interval: int = 3600  # seconds between crawls of this feed under `newsclaims watch`
    enabled: bool = True
    tags: tuple[str, ...] = ()
    outlet: str | None = None  # display name of the outlet; defaults to the feed name


@dataclass(frozen=True)
class FeedEntry:
    """One item of a parsed feed: a link to an article, with what the feed says about it."""

    feed: str  # Feed.name
    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    summary: str | None = None
    entry_id: str | None = None  # the feed's own guid/id


@dataclass(frozen=True)
class FetchedPage:
    """The outcome of one HTTP(S) or file fetch; ``error`` is set when there is no usable body."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int | None  # HTTP status; None for a network error or a file
    body: bytes = field(default=b"", repr=False)
    content_type: str | None = None
    encoding: str | None = None  # declared or detected charset
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = ""
    elapsed_ms: float = 0.0
    not_modified: bool = False  # a 304 answer to a conditional GET
    error: str | None = None  # one line: what went wrong
    feed: str | None = None  # the Feed.name it came from, if any
    entry: FeedEntry | None = None


@dataclass(frozen=True)
class Article:
    """Clean text and metadata of one article."""

    id: str  # stable_id(canonical_url)
    url: str
    canonical_url: str
    outlet: str | None
    title: str | None
    text: str
    text_hash: str  # sha256 of the normalised text
    author: str | None = None
    published: str | None = None  # ISO date or datetime
    language: str | None = None  # ISO 639-1
    site_name: str | None = None
    feed: str | None = None
    duplicate_of: str | None = None  # id of the article this one is a (near-)copy of
    fetched_at: str | None = None
    raw_html: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ArticleProfile:
    """What story grouping reads of an article's words, written by the claims stage.

    ``terms`` and ``names`` map each part of the article ("title", "lead", "body") to counts:
    content-word lemmas of the article's own language, and normalised names (people,
    organisations, places), which are much the same in every language.
    """

    article_id: str
    language: str | None
    terms: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)
    names: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Claim:
    """One figure or dated event stated in an article, normalised, with its provenance.

    Quantity claims have ``value``/``unit``/``basis``; event claims (``kind == "event"``) have
    ``event``, ``place`` and ``participants`` and use the period fields for when it happened;
    person claims (``kind == "person"``) are one mention of a named person: ``text`` the name as
    written, ``subject`` its fullest form in the text, ``object`` the title or role given.
    """

    id: str  # stable_id(article_id, start, end, kind)
    article_id: str
    kind: ClaimKind
    text: str  # the figure (or event phrase) as written
    start: int  # character offsets of ``text`` in Article.text
    end: int
    sentence: str
    sentence_start: int = 0  # offset of ``sentence`` in Article.text
    value: float | None = None
    unit: str | None = None  # normalised: tonne, USD, percent, percentage_point, multiple, count...
    unit_text: str | None = None  # the unit as written
    basis: Basis | None = None
    direction: Direction | None = None  # for changes
    comparison: Comparison | None = None  # for changes
    qualifier: Qualifier = "exact"
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    period_text: str | None = None  # the words the period was read from
    metric: str | None = None  # what is measured: "exports", "share", "production"
    object: str | None = None  # of what: "crude oil", "hospital beds"
    subject: str | None = None  # whose: normalised entity, e.g. "China"
    counterpart: str | None = None  # to/from whom: "United States"
    source: str | None = None  # attributed to: "General Administration of Customs"
    event: str | None = None  # for event claims: what happened ("agree trade framework")
    place: str | None = None
    participants: tuple[str, ...] = ()
    confidence: float = 1.0
    pipeline: str = ""  # name and version of the pipeline that produced it
    # Which article field the offsets index into: headlines are checked too, and a headline that
    # contradicts its own body is a finding.
    field: Literal["title", "text"] = "text"


@dataclass(frozen=True)
class Story:
    """Articles that cover the same event."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    independent_sources: int  # outlets after folding syndicated copies into their original
    syndicated: tuple[tuple[str, str], ...] = ()  # (copy article id, original article id)
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True)
class Fact:
    """One quantity or event as stated, possibly differently, by the claims of a story."""

    id: str
    story_id: str
    kind: ClaimKind
    description: str
    claim_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    status: FactStatus
    value: float | None = None  # the best-supported value (the most precise agreeing statement)
    unit: str | None = None
    basis: Basis | None = None
    comparison: Comparison | None = None
    period_start: str | None = None
    period_end: str | None = None
    metric: str | None = None
    object: str | None = None
    subject: str | None = None
    counterpart: str | None = None
    independent_sources: int = 0


@dataclass(frozen=True)
class Finding:
    """Something a fact-checker should look at, with the evidence for it."""

    id: str
    story_id: str
    kind: FindingKind
    severity: Severity
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]
    explanation: str  # plain language, quoting the evidence sentences
    fact_id: str | None = None
    evidence: tuple[str, ...] = ()  # the quoted sentences, one per claim
