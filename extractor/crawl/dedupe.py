"""Duplicate detection: the exact text hash and near-duplicates (wire copies) by text shingles.

Each stored article keeps its sampled shingles (its sketch) in ``articles.fingerprint`` and its
32 smallest in the ``article_shingles`` index, so checking a new article costs a few indexed
queries: stored texts are never re-read or re-shingled, whatever the size of the database.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from extractor import store
from extractor.core.dates import instant
from extractor.core.records import Article

__all__ = [
    "DuplicateIndex",
    "Match",
    "Sketch",
    "fingerprint",
    "normalise_text",
    "parse_fingerprint",
    "shingles",
    "store_article",
    "text_hash",
]

_WORD_RE = re.compile(r"\w+", re.UNICODE)
# 5-word shingles: long enough that shared stock phrases ("according to the data") do not make two
# different stories look alike, short enough that an edited sentence still shares most shingles
# (Broder's resemblance work used 4-10; trafilatura's benchmark F1 uses 4).
SHINGLE_WORDS = 5
# Keep one shingle in four (by hash): sampling by hash keeps the same shingles of both texts, so
# the resemblance estimate is unbiased while the stored sketch is a quarter of the size.
_SAMPLE_MOD = 4
# Wire copies are republished within days; older articles are not candidates (keeps the index of
# a long-running database small). A week covers weekend and follow-up republication.
NEAR_DUPLICATE_WINDOW_DAYS = 7
# Below this many sampled shingles (~ 60 words) the resemblance estimate is too noisy to link.
_MIN_SHINGLES = 12


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: what the exact-duplicate hash is taken over."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


_SKETCH_PREFIX = "s5m4:"  # 5-word shingles, one in 4 kept: a future format gets a new prefix
# The index holds, per article, only its smallest sampled shingle hashes (a bottom-k sketch): a
# copy shares most of its original's shingles, so it shares some of these 32 with near certainty
# (at 80% containment, missing all 32 has odds of 0.2**32), while the index stays a fifth of the
# size of one holding every sampled shingle. Candidates found through it are then scored on the
# full sampled sets kept in ``articles.fingerprint``.
_INDEX_K = 32
_QUERY_K = 2 * _INDEX_K
# A shingle among the indexed ones of more recent articles than this is ignored (see find).
_COMMON_SHINGLE = 50
# A candidate must share at least 2 of its indexed shingles with the new text (one shared 5-word
# phrase is a quotation, not a copy); a copy of an article shares about 32 x its containment.
_MIN_HITS = 2
# Only the candidates sharing most are scored on their full shingle sets: a copy ranks first by
# far (~26 of 32 at 80% containment, against ~7 for a story that quotes two of its paragraphs).
_CANDIDATES = 8


class Sketch:
    """A text's sampled shingle hashes in ascending order: what dedupe compares and stores.

    Pickled as packed bytes (extraction workers send it to the process that stores), so it
    costs one buffer copy rather than hundreds of Python ints.
    """

    __slots__ = ("_set", "values")

    def __init__(self, values: array[int]) -> None:
        self.values = values  # array("I"), ascending
        self._set: frozenset[int] | None = None

    @classmethod
    def of(cls, sh: Iterable[int]) -> Sketch:
        return cls(array("I", sorted(sh)))

    @classmethod
    def from_bytes(cls, data: bytes) -> Sketch:
        values = array("I")
        values.frombytes(data)
        if sys.byteorder == "big":
            values.byteswap()  # stored little-endian whatever the machine
        return cls(values)

    def to_bytes(self) -> bytes:
        if sys.byteorder == "big":
            swapped = array("I", self.values)
            swapped.byteswap()
            return swapped.tobytes()
        return self.values.tobytes()

    def __reduce__(self) -> tuple[Callable[[bytes], Sketch], tuple[bytes]]:
        return Sketch.from_bytes, (self.to_bytes(),)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def set(self) -> frozenset[int]:
        if self._set is None:
            self._set = frozenset(self.values)
        return self._set

    def smallest(self, k: int) -> list[int]:
        return self.values[:k].tolist()


def _sketch(sh: Sketch | Iterable[int]) -> Sketch:
    return sh if isinstance(sh, Sketch) else Sketch.of(sh)


def fingerprint(sh: Sketch | Iterable[int]) -> str:
    """The stored form of a sampled shingle set (``articles.fingerprint``): sorted, packed, base64.

    Near-duplicate checks compare the new text's shingles with these, so stored texts are never
    re-read or re-shingled.
    """
    return _SKETCH_PREFIX + base64.b64encode(_sketch(sh).to_bytes()).decode("ascii")


def _stored(value: str | None) -> Sketch | None:
    if not value or not value.startswith(_SKETCH_PREFIX):
        return None
    return Sketch.from_bytes(base64.b64decode(value[len(_SKETCH_PREFIX):]))


def parse_fingerprint(value: str | None) -> frozenset[int] | None:
    """The shingle set of a stored fingerprint; None if it is missing or of another format."""
    stored = _stored(value)
    return stored.set if stored is not None else None


def shingles(text: str) -> frozenset[int]:
    """Sampled hashes of the text's overlapping 5-word sequences."""
    words = _WORD_RE.findall(normalise_text(text))
    out = set()
    crc32 = zlib.crc32
    # zip() of shifted lists walks the 5-word windows without slicing the list at each step
    for window in zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False):
        h = crc32(" ".join(window).encode("utf-8"))
        if h % _SAMPLE_MOD == 0:
            out.add(h)
    return frozenset(out)


def _day(when: str | None) -> int:
    """Days since 1970 of an ISO time (today when missing or unreadable): the window's unit."""
    try:
        moment = datetime.fromisoformat(when) if when else datetime.now(UTC)
    except ValueError:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() // 86400)


@dataclass(frozen=True)
class Match:
    kind: str  # "exact" | "near"
    article_id: str
    score: float


class DuplicateIndex:
    """Finds the stored article a new text copies, through the database's own indexes.

    Exact copies by ``articles.text_hash`` (indexed); near-duplicates through ``article_shingles``
    (each recent article's bottom-32 shingles) and the stored fingerprints. Nothing is loaded up
    front: a check costs a few index lookups, whatever the size of the database.
    """

    def __init__(self, db: sqlite_utils.Database, threshold: float) -> None:
        self.db = db
        self.threshold = threshold
        # The last stock-phrase lookup (day, shingles asked, answer): ``add`` right after
        # ``find`` asks about a subset of the same shingles with no write in between, and
        # reuses it (one SQL query a page fewer in the single writing thread).
        self._last_common: tuple[int, frozenset[int], set[int]] | None = None

    @classmethod
    def from_db(cls, db: sqlite_utils.Database, threshold: float) -> DuplicateIndex:
        """The index of ``db``; index rows older than the window are dropped first."""
        since = _day(None) - NEAR_DUPLICATE_WINDOW_DAYS
        store.prune_shingles(db, since)
        return cls(db, threshold)

    def _common(self, values: list[int], since: int) -> set[int]:
        """Those of ``values`` in the indexed shingles of over 50 recent articles."""
        if not values:
            return set()
        last = self._last_common
        if last is not None and last[0] == since and last[1].issuperset(values):
            return last[2].intersection(values)
        common = store.common_shingles(self.db, values, since, _COMMON_SHINGLE)
        self._last_common = (since, frozenset(values), common)
        return common

    def original_of(self, article_id: str) -> str:
        return store.original_of(self.db, article_id)

    def find(
        self, text: str, digest: str | None = None, sh: Sketch | frozenset[int] | None = None
    ) -> Match | None:
        """The earlier article this text copies exactly, else one it nearly copies, else None."""
        self._last_common = None  # only ever reused by the ``add`` of the page found here
        digest = digest or text_hash(text)
        exact = store.article_with_hash(self.db, digest)
        if exact:
            return Match("exact", exact, 1.0)
        sketch = _sketch(shingles(text) if sh is None else sh)
        if len(sketch) < _MIN_SHINGLES:
            return None
        since = _day(None) - NEAR_DUPLICATE_WINDOW_DAYS
        # The text's own smallest hashes meet the stored bottom-32 of anything it copies (or that
        # copies it, up to twice its length): asking for 64 instead of all ~300 of a long
        # article keeps the lookup small however many articles share its common phrases.
        values = sketch.smallest(_QUERY_K)
        # A shingle in this many articles is a stock phrase (a credit line, a disclaimer), not
        # evidence that two texts are copies (wire copies are a handful of outlets); its long
        # list of articles is not even read.
        common = self._common(values, since)
        values = [v for v in values if v not in common]
        hits = store.shingle_hits(self.db, values, since, _MIN_HITS, _CANDIDATES)
        candidates = set(sorted(hits, key=hits.__getitem__, reverse=True)[:_CANDIDATES])
        best: Match | None = None
        mine = sketch.set
        for article_id, stored in self._fingerprints(candidates):
            # Share of the new article's shingles found in the older one: a copy with an extra
            # intro or a trimmed ending still scores high, an unrelated story scores near 0.
            score = len(mine.intersection(stored.values)) / len(mine)
            if score >= self.threshold and (best is None or score > best.score):
                best = Match("near", article_id, score)
        if best is not None:
            # Link to the original, not to another copy of it.
            best = Match("near", self.original_of(best.article_id), best.score)
        return best

    def _fingerprints(self, ids: set[str]) -> list[tuple[str, Sketch]]:
        out = []
        for article_id, value in store.fingerprints(self.db, ids):
            stored = _stored(value)
            if stored:
                out.append((str(article_id), stored))
        return out

    def add(
        self, article_id: str, sh: Sketch | frozenset[int], fetched_at: str | None = None
    ) -> None:
        """Index a stored article (inside the caller's transaction)."""
        sketch = _sketch(sh)
        if len(sketch) < _MIN_SHINGLES:
            return  # too short to be linked either way
        day = _day(fetched_at)
        values = sketch.smallest(_INDEX_K)
        common = self._common(values, _day(None) - NEAR_DUPLICATE_WINDOW_DAYS)
        self._last_common = None  # the counts change now
        # Stock phrases are counted but not listed: their lists would only grow, and are
        # never read.
        store.index_shingles(self.db, article_id, day, values,
                             [s for s in values if s not in common])


def store_article(
    db: sqlite_utils.Database,
    index: DuplicateIndex,
    article: Article,
    *,
    urls: tuple[str, ...] = (),
    etag: str | None = None,
    last_modified: str | None = None,
    sh: Sketch | frozenset[int] | None = None,
    compressed_html: bytes | None = None,
) -> tuple[str, str]:
    """Store ``article`` unless it is known; returns (outcome, article id).

    Outcomes: ``known`` (one of its URLs is already stored: nothing written), ``duplicate`` (the
    same text is stored under another URL: only the new URLs are added to it), ``near_duplicate``
    (stored, with ``duplicate_of`` pointing at the original), ``new``. ``sh`` is the article's
    shingle set when already computed (by an extraction worker). Everything it writes is one
    transaction (or part of the caller's).
    """
    addresses = (article.url, article.canonical_url, *urls)
    with store.transaction(db):
        for url in dict.fromkeys(addresses):
            known = store.article_id_for_url(db, url)
            if known:
                store.add_article_urls(db, known, addresses)
                return "known", known
        sketch = _sketch(shingles(article.text) if sh is None else sh)
        match = index.find(article.text, article.text_hash, sketch)
        if match is not None and match.kind == "exact":
            store.add_article_urls(db, match.article_id, addresses)
            return "duplicate", match.article_id
        duplicate_of = match.article_id if match is not None else None
        relink = None
        if match is not None and duplicate_of and _is_original(db, article, match, sketch.set):
            # Pages arrive in the order their fetches finish: when the copy came first, the
            # article published earlier becomes the original and the stored copies point to it.
            relink, duplicate_of = duplicate_of, None
        if duplicate_of:
            article = dataclasses.replace(article, duplicate_of=duplicate_of)
        store.save_article(
            db,
            article,
            fingerprint=fingerprint(sketch),
            urls=urls,
            etag=etag,
            last_modified=last_modified,
            compressed_html=compressed_html,
        )
        index.add(article.id, sketch, article.fetched_at)
        if relink:
            store.relink_copies(db, article.id, relink)
            return "near_duplicate", article.id
    return ("near_duplicate" if duplicate_of else "new"), article.id


def _is_original(
    db: sqlite_utils.Database, article: Article, match: Match, new: frozenset[int]
) -> bool:
    """Whether the new article, rather than the stored one it nearly copies, is the original."""
    row = store.published_and_fingerprint(db, match.article_id)
    if row is None:
        return False
    mine, theirs = article.published, row[0]
    # Full times are compared as instants (offsets differ between outlets: the local days of
    # two reports an hour apart can differ); a day alone by its day.
    t_mine, t_theirs = instant(mine), instant(theirs)
    if t_mine and t_theirs and t_mine != t_theirs:
        return t_mine < t_theirs
    if mine and theirs and mine[:10] != theirs[:10]:
        return mine[:10] < theirs[:10]
    # No dates to go by: copies add an intro, a credit line or a footer to the original, so the
    # original is the text more fully contained in the other.
    old = parse_fingerprint(row[1]) or frozenset()
    old_in_new = len(old & new) / len(old) if old else 0.0
    return match.score > old_in_new
