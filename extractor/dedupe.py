"""Duplicate detection: the exact text hash and near-duplicates (wire copies) by text shingles."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlite_utils
from trafilatura.deduplication import content_fingerprint

from . import db as dbmod
from .records import Article

__all__ = [
    "DuplicateIndex",
    "Match",
    "fingerprint",
    "normalise_text",
    "shingles",
    "store_article",
    "text_hash",
]

_WORD_RE = re.compile(r"\w+", re.UNICODE)
# 5-word shingles: long enough that shared stock phrases ("according to the data") do not make two
# different stories look alike, short enough that an edited sentence still shares most shingles
# (Broder's resemblance work used 4-10; trafilatura's benchmark F1 uses 4).
SHINGLE_WORDS = 5
# Keep one shingle in four (by hash) for the index: sampling by hash keeps the same shingles of
# both texts, so the resemblance estimate is unbiased while the index is a quarter of the size.
_SAMPLE_MOD = 4
# Wire copies are republished within days; older articles are not candidates (keeps the index of
# a long-running database small). A week covers weekend and follow-up republication.
NEAR_DUPLICATE_WINDOW_DAYS = 7
# A shingle found in more articles than this is ignored when looking for copies (see find()).
_COMMON_SHINGLE = 50
# Below this many sampled shingles (~ 60 words) the resemblance estimate is too noisy to link.
_MIN_SHINGLES = 12


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: what the exact-duplicate hash is taken over."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


_M64 = (1 << 64) - 1
_LANE = 16  # bits per counter lane: room for 65,535 shingles, far more than any article has
# _SPREAD[b]: the 8 bits of byte b moved to the low bit of 8 lanes, so that adding spread bytes
# counts, lane by lane, how many shingles set each bit position (8 additions per shingle instead
# of 64 bit tests).
_SPREAD = [sum(((b >> i) & 1) << (i * _LANE) for i in range(8)) for b in range(256)]
_LANE_MASK = (1 << _LANE) - 1


def _mix64(x: int) -> int:
    """splitmix64's finaliser: spreads a 32-bit shingle hash over 64 well-mixed bits."""
    z = (x + 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def fingerprint(text: str, sh: frozenset[int] | None = None) -> str:
    """A 64-bit SimHash (Charikar) of the text's shingles, as 16 hex digits.

    Stored for near-duplicate search outside newsclaims (Hamming distance <= 3 of 64 bits is the
    usual cut, Manku et al. 2007); our own dedupe compares the shingles themselves. Built from the
    shingles dedupe computes anyway, it costs a third of trafilatura's token SimHash, which is
    still used for texts too short to have enough shingles.
    """
    sh = shingles(text) if sh is None else sh
    if len(sh) < _MIN_SHINGLES:
        return f"{int(content_fingerprint(text), 16):016x}"
    counts = [0] * 8  # one accumulator per byte position, 8 lanes each
    for s in sh:
        h = _mix64(s)
        for j in range(8):
            counts[j] += _SPREAD[(h >> (8 * j)) & 0xFF]
    half = len(sh) / 2
    bits = 0
    for j, acc in enumerate(counts):
        for i in range(8):
            if (acc >> (i * _LANE)) & _LANE_MASK > half:
                bits |= 1 << (8 * j + i)
    return f"{bits:016x}"


def shingles(text: str) -> frozenset[int]:
    """Sampled hashes of the text's overlapping 5-word sequences."""
    words = _WORD_RE.findall(normalise_text(text))
    out = set()
    for i in range(max(0, len(words) - SHINGLE_WORDS + 1)):
        h = zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))
        if h % _SAMPLE_MOD == 0:
            out.add(h)
    return frozenset(out)


@dataclass(frozen=True)
class Match:
    kind: str  # "exact" | "near"
    article_id: str
    score: float


@dataclass
class DuplicateIndex:
    """Exact hashes and shingle sets of recent articles, to find copies of a new one."""

    threshold: float
    by_hash: dict[str, str] = field(default_factory=dict)
    postings: dict[int, list[str]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    originals: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_db(cls, db: sqlite_utils.Database, threshold: float) -> DuplicateIndex:
        index = cls(threshold=threshold)
        for article_id, h, dup in db.execute(
            "select id, text_hash, duplicate_of from articles order by rowid"
        ).fetchall():
            index.by_hash.setdefault(h, article_id)
            index.originals[article_id] = dup
        since = (datetime.now(UTC) - timedelta(days=NEAR_DUPLICATE_WINDOW_DAYS)).isoformat()
        for article_id, text in db.execute(
            "select id, text from articles where fetched_at >= ? or fetched_at is null "
            "order by rowid",
            [since],
        ).fetchall():
            index._add_shingles(article_id, shingles(text))
        return index

    def _add_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        self.sizes[article_id] = len(sh)
        for s in sh:
            self.postings.setdefault(s, []).append(article_id)

    def find(
        self, text: str, digest: str | None = None, sh: frozenset[int] | None = None
    ) -> Match | None:
        """The earlier article this text copies exactly, else one it nearly copies, else None."""
        digest = digest or text_hash(text)
        if digest in self.by_hash:
            return Match("exact", self.by_hash[digest], 1.0)
        sh = shingles(text) if sh is None else sh
        if len(sh) < _MIN_SHINGLES:
            return None
        counts: dict[str, int] = {}
        for s in sh:
            posting = self.postings.get(s, ())
            # A shingle in this many articles is a stock phrase (a credit line, a disclaimer),
            # not evidence that two texts are copies; wire copies are a handful of outlets.
            if len(posting) > _COMMON_SHINGLE:
                continue
            for article_id in posting:
                counts[article_id] = counts.get(article_id, 0) + 1
        best: Match | None = None
        for article_id, shared in counts.items():
            # Share of the new article's shingles found in the older one: a copy with an extra
            # intro or a trimmed ending still scores high, an unrelated story scores near 0.
            score = shared / len(sh)
            if score >= self.threshold and (best is None or score > best.score):
                best = Match("near", article_id, score)
        if best is not None:
            # Link to the original, not to another copy of it.
            root = self.originals.get(best.article_id) or best.article_id
            best = Match("near", root, best.score)
        return best

    def add(
        self, article_id: str, text: str, digest: str, duplicate_of: str | None,
        sh: frozenset[int] | None = None,
    ) -> None:
        self.by_hash.setdefault(digest, article_id)
        self.originals[article_id] = duplicate_of
        self._add_shingles(article_id, shingles(text) if sh is None else sh)


def store_article(
    db: sqlite_utils.Database,
    index: DuplicateIndex,
    article: Article,
    *,
    urls: tuple[str, ...] = (),
    etag: str | None = None,
    last_modified: str | None = None,
    sh: frozenset[int] | None = None,
    simhash: str | None = None,
    compressed_html: bytes | None = None,
) -> tuple[str, str]:
    """Store ``article`` unless it is known; returns (outcome, article id).

    Outcomes: ``known`` (one of its URLs is already stored: nothing written), ``duplicate`` (the
    same text is stored under another URL: only the new URLs are added to it), ``near_duplicate``
    (stored, with ``duplicate_of`` pointing at the original), ``new``. ``sh`` and ``simhash``
    are the article's shingles and fingerprint when already computed (by an extraction worker).
    """
    addresses = (article.url, article.canonical_url, *urls)
    for url in addresses:
        known = dbmod.article_id_for_url(db, url)
        if known:
            dbmod.add_article_urls(db, known, addresses)
            return "known", known
    sh = shingles(article.text) if sh is None else sh
    match = index.find(article.text, article.text_hash, sh)
    if match is not None and match.kind == "exact":
        dbmod.add_article_urls(db, match.article_id, addresses)
        return "duplicate", match.article_id
    duplicate_of = match.article_id if match is not None else None
    relink = None
    if match is not None and duplicate_of and _is_original(db, article, match):
        # Pages arrive in the order their fetches finish: when the copy came first, the article
        # published earlier becomes the original and the stored copies point to it.
        relink, duplicate_of = duplicate_of, None
    if duplicate_of:
        article = dataclasses.replace(article, duplicate_of=duplicate_of)
    dbmod.save_article(
        db,
        article,
        fingerprint=simhash or fingerprint(article.text, sh),
        urls=urls,
        etag=etag,
        last_modified=last_modified,
        compressed_html=compressed_html,
    )
    index.add(article.id, article.text, article.text_hash, duplicate_of, sh)
    if relink:
        with dbmod.transaction(db):
            db.execute("update articles set duplicate_of = ? where id = ? or duplicate_of = ?",
                       [article.id, relink, relink])
        for aid, orig in list(index.originals.items()):
            if aid == relink or orig == relink:
                index.originals[aid] = article.id
        return "near_duplicate", article.id
    return ("near_duplicate" if duplicate_of else "new"), article.id


def _when(value: str | None) -> datetime | None:
    if not value or len(value) <= 10:
        return None  # a bare date cannot order two articles of the same day
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _is_original(db: sqlite_utils.Database, article: Article, match: Match) -> bool:
    """Whether the new article, rather than the stored one it nearly copies, is the original."""
    row = db.execute("select published, text from articles where id = ?",
                     [match.article_id]).fetchone()
    if row is None:
        return False
    mine, theirs = article.published, row[0]
    if mine and theirs and mine[:10] != theirs[:10]:
        return mine[:10] < theirs[:10]
    t_mine, t_theirs = _when(mine), _when(theirs)
    if t_mine and t_theirs and t_mine != t_theirs:
        return t_mine < t_theirs
    # No dates to go by: copies add an intro, a credit line or a footer to the original, so the
    # original is the text more fully contained in the other.
    old = shingles(str(row[1]))
    new = shingles(article.text)
    old_in_new = len(old & new) / len(old) if old else 0.0
    return match.score > old_in_new
