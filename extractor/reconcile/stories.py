"""Grouping articles into stories, online, as news-monitoring systems do (Miranda et al., EMNLP
2018, "Multilingual Clustering of Streaming News").

Each article is a vector in three parts: the content-word lemmas of its title, lead and body in
its own language, the names it mentions (people, organisations, places: much the same in every
language) and the figures it states with their units. Each term is weighted by its TF-IDF, whose
document frequencies are counted in the database as articles arrive and smoothed by a
language-wide prior (wordfreq) so that the first articles of a new database are weighted
sensibly. A new article is compared with the stories that share its most telling terms (an
inverted index, so the cost per article does not grow with the number of stories): per part, its
cosine with the story's centroid and with the story's closest representative member, plus how
far its publication date is from the story's. A logistic model, fitted on the labelled
development corpus (scripts/calibrate_grouping.py), turns these into the probability that the
article reports the story's event; it joins the likeliest story above JOIN_PROBABILITY or starts
one. An article likely to belong to two stories joins them into one.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import sqlite_utils

from extractor import store
from extractor.core.names import name_key
from extractor.core.records import Article, ArticleProfile, Claim

__all__ = [
    "FEATURES",
    "SPLIT_MAX_SIZE",
    "SPLIT_MIN_SIZE",
    "GroupingIndex",
    "GroupingVector",
    "StoryState",
    "TermStats",
    "features",
    "grouping_vector",
    "probability",
]

# The lead: the first two sentences or so (claims/profile.py counts it the same way).
LEAD_CHARS = 400
# How much each part of an article counts: the title and the lead say what a report is about
# (the inverted pyramid). Fitted with the model below on fixtures/stories.
PART_WEIGHTS = {"title": 2.0, "lead": 1.5, "body": 1.0}
# A multi-word name also counts by its words ("Friedrich Merz" meets "Merz"; "Red Eléctrica de
# España" meets "Red Eléctrica"), at this weight relative to the whole name.
NAME_WORD_WEIGHT = 1.0
NAME_WORD_MIN = 4  # shorter words of names are particles ("de", "van", "al")

# Document frequencies: a key seen in df of n articles weighs log((n + N0) / (df + N0 * p + 0.5))
# where p is the prior share of documents holding it. N0 pseudo-documents let the prior dominate
# while the database is small and fade as it grows.
PRIOR_DOCUMENTS = 50
# A word's prior document share from its language-wide frequency f (wordfreq): 1 - exp(-f * L)
# for a document of L content words.
PRIOR_DOCUMENT_WORDS = 300
# A figure's prior document share by its significant digits: round figures ("5%", "2 million")
# turn up in many unrelated reports, "3,188 tonnes" in few.
FIGURE_PRIOR = {1: 0.3, 2: 0.03}
FIGURE_PRIOR_RARE = 0.003

# The model: logistic regression over FEATURES, fitted by scripts/calibrate_grouping.py on
# fixtures/stories (pairs of an article and each story formed before it, in publication order;
# other events also as if reported the same day, and every pair also without its names) with
# C=0.1 and JOIN_PROBABILITY 0.5: leave-events-out cross-validated B-cubed F1 0.992 (1.000 at
# 0.3, 0.992 from 0.4 to 0.5; the highest of the plateau is the safer side, since a merged story
# breeds false conflicts: at 0.4 a Fed decision reported in Italian, 12 days after a jobs
# report whose figures it recalls, joined that report's story).
FEATURES = ("centroid_words", "closest_words", "centroid_names", "closest_names",
            "centroid_figures", "closest_figures", "log_days_apart", "undated",
            "other_language", "same_periods", "periods_unknown")
COEFFICIENTS = (1.81, 2.17, 0.851, 0.833, 2.43, 2.46, -0.267, 0.101, 0.914, 2.84, 0.391)
INTERCEPT = -3.19
# Reports of one event, its follow-ups and analyses come within weeks of each other, measured
# from the story's nearest article (a developing story goes on as long as it is reported); the
# same actor's next monthly release or quarterly report comes a month or more later.
MAX_DAYS_APART = 30
# A figure's period counts towards what an article is about when it is at most a quarter long
# (a month, a quarter, a day): "2025" says little about which monthly release it is.
PERIOD_MONTHS = 3
# Join the likeliest story at or above this probability, else start one.
JOIN_PROBABILITY = 0.5
# An article this likely to belong to a second story too shows the two are one story.
MERGE_PROBABILITY = 0.9
# A story that grew is checked for drift: its members, each compared with each as a story of
# one, are linked at JOIN_PROBABILITY; two or more linked groups of two or more members that
# nothing links are two stories (a member linked to nobody stays where it was placed). On
# fixtures/stories no event's members fall apart this way (checked at 0.2 to 0.6), while a
# story merged from two events does. The size bounds keep the check cheap: stories of up to
# 60 members, compared pairwise.
SPLIT_MIN_SIZE = 4
SPLIT_MAX_SIZE = 60

# Story summaries stay bounded: the centroid keeps its heaviest keys, and a few members stand
# for the story in the closest-member features (its first ones, which say what it is, and its
# latest ones, where a developing story is now).
CENTROID_KEYS = 150
FIRST_REPRESENTATIVES = 3
LATEST_REPRESENTATIVES = 3
# ... each summarised by its heaviest terms of each part
REPRESENTATIVE_KEYS = 80
STORY_DAYS = 64
# Candidate stories come from an article's most telling terms of each part, through the index of
# each story's most telling terms; a term in too many stories is a stop word for this purpose.
# Stories kept in memory during a run; the least recently used beyond this are written back and
# dropped, so that memory stays flat however many stories a full run passes through.
CACHED_STORIES = 4000
QUERY_TERMS = 12
STORY_INDEX_TERMS = 24
MAX_POSTING = 200
MAX_CANDIDATES = 40
# ... and a candidate shares at least a quarter as many of the article's telling terms as the
# best one does.
CANDIDATE_SHARE = 4

_KINDS = ("words", "names", "figures")


@dataclass
class GroupingVector:
    """An article's terms before weighting: words, names and figures, with its date."""

    article_id: str
    language: str | None
    day: str | None  # ISO date of publication
    words: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    duplicate_of: str | None = None
    periods: dict[str, float] = field(default_factory=dict)  # month -> weight of its figures

    def parts(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        return self.words, self.names, self.figures

    def keys(self) -> set[str]:
        return {*self.words, *self.names, *self.figures}

    def to_json(self) -> str:
        return json.dumps({"language": self.language, "day": self.day, "words": self.words,
                           "names": self.names, "figures": self.figures,
                           "duplicate_of": self.duplicate_of, "periods": self.periods},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, article_id: str, raw: str) -> GroupingVector | None:
        try:
            d = json.loads(raw)
        except (TypeError, ValueError):
            return None
        if not isinstance(d, dict) or "words" not in d:
            return None  # the sketch of an older version: the article is placed again
        return cls(article_id, d.get("language"), d.get("day"), d["words"], d["names"],
                   d["figures"], d.get("duplicate_of"), d.get("periods") or {})


def _sublinear(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _figure_key(claim: Claim) -> str | None:
    if claim.kind != "quantity" or claim.value is None or not claim.unit:
        return None
    return f"f:{claim.unit}:{float(f'{abs(claim.value):.6g}')!r}"


def grouping_vector(article: Article, profile: ArticleProfile | None,
                    claims: Sequence[Claim]) -> GroupingVector:
    """The grouping terms of an article: its profile's words and names, the names its claims
    give (subjects, places, participants) and its figures."""
    profile = profile or fallback_profile(article)
    language = profile.language or article.language
    words: dict[str, float] = {}
    names: dict[str, float] = {}
    for part, weight in PART_WEIGHTS.items():
        for term, n in (profile.terms.get(part) or {}).items():
            key = f"w:{language}:{term}"
            words[key] = words.get(key, 0.0) + weight * _sublinear(n)
        for name, n in (profile.names.get(part) or {}).items():
            _add_name(names, name, weight * _sublinear(n))
    for claim in claims:
        for raw in (claim.subject, claim.counterpart, claim.place, *claim.participants):
            given = name_key(raw) if raw else None
            if given:
                _add_name(names, given, 1.0)
    figures = {k: 1.0 for k in (_figure_key(c) for c in claims) if k}
    day = (article.published or "")[:10] or None
    return GroupingVector(article.id, language, day, words, names, figures,
                          article.duplicate_of, _periods(claims))


def _periods(claims: Sequence[Claim]) -> dict[str, float]:
    """Months the article's figures are about, each figure counting once."""
    out: dict[str, float] = {}
    for c in claims:
        if c.kind != "quantity" or not c.period_start or not c.period_end:
            continue
        try:
            first, last = date.fromisoformat(c.period_start[:10]), date.fromisoformat(
                c.period_end[:10])
        except ValueError:
            continue
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if not 0 < months <= PERIOD_MONTHS:
            continue
        for k in range(months):
            year, month = divmod(first.month - 1 + k, 12)
            key = f"{first.year + year}-{month + 1:02d}"
            out[key] = out.get(key, 0.0) + 1.0 / months
    return out


# Without a profile from the claims stage (an article extracted by an older version, or stored
# by hand), words and names are read from the text itself: words of three letters or more that
# are not among a language's commonest (wordfreq Zipf 5.5 and over: "the", "said", "would"), and
# runs of capitalised words inside sentences.
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_CAPITALISED_RUN = re.compile(r"(?<![.!?\n]\s)(?<!^)\b[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)*")
_COMMON_ZIPF = 5.5


def fallback_profile(article: Article) -> ArticleProfile:
    """An article's grouping profile read from its text alone."""
    from wordfreq import zipf_frequency

    language = article.language or "en"

    def common(word: str) -> bool:
        try:
            return zipf_frequency(word, language) >= _COMMON_ZIPF
        except (LookupError, ValueError):
            return False

    terms: dict[str, dict[str, int]] = {}
    names: dict[str, dict[str, int]] = {}
    body = article.text or ""
    for part, text in (("title", article.title or ""), ("lead", body[:LEAD_CHARS]),
                       ("body", body)):
        counts = Counter(w for w in (m.lower() for m in _WORD.findall(text)) if not common(w))
        found = Counter(k for k in (name_key(m) for m in _CAPITALISED_RUN.findall(text))
                        if k and not common(k))
        terms[part], names[part] = dict(counts), dict(found)
    return ArticleProfile(article.id, language, terms, names)


def _add_name(names: dict[str, float], name: str, weight: float) -> None:
    names[f"n:{name}"] = names.get(f"n:{name}", 0.0) + weight
    words = name.split()
    if len(words) > 1:
        for word in words:
            if len(word) >= NAME_WORD_MIN:
                names[f"n:{word}"] = names.get(f"n:{word}", 0.0) + NAME_WORD_WEIGHT * weight


# --------------------------------------------------------------------------- term weights


def _significant_digits(value: float) -> int:
    digits = f"{value:.6g}".replace(".", "").replace("-", "").split("e")[0]
    return max(1, len(digits.strip("0")))


@lru_cache(maxsize=200_000)
def prior_share(key: str) -> float:
    """The share of documents expected to hold ``key`` before any is counted."""
    kind, _, rest = key.partition(":")
    if kind == "f":
        try:
            value = float(rest.rpartition(":")[2])
        except ValueError:
            return FIGURE_PRIOR_RARE
        return FIGURE_PRIOR.get(_significant_digits(value), FIGURE_PRIOR_RARE)
    if kind == "w":
        language, _, word = rest.partition(":")
    else:
        language, word = "en", rest  # names are much the same in every language
    from wordfreq import word_frequency

    try:
        frequency = word_frequency(word, language) if language else 0.0
    except (LookupError, ValueError):
        frequency = 0.0
    return 1.0 - math.exp(-frequency * PRIOR_DOCUMENT_WORDS)


class TermStats:
    """Document frequencies of grouping terms, read from the database as needed and kept
    current in memory until :meth:`changes` are written back."""

    def __init__(self, db: sqlite_utils.Database | None = None) -> None:
        self.db = db
        self.documents = store.grouping_documents(db) if db is not None else 0
        self.df: dict[str, int] = {}
        self.changed: set[str] = set()
        self._idf: dict[str, float] = {}
        self.epoch = self._epoch()
        self._idf_epoch = self.epoch

    def _epoch(self) -> int:
        """Changes each time the document count grows by a tenth: weights computed in the same
        epoch may be reused (a weight moves by well under 0.1 within one)."""
        return int(math.log(self.documents + PRIOR_DOCUMENTS) / math.log(1.1))

    def load(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self.df]
        if not missing:
            return
        known = store.term_frequencies(self.db, missing) if self.db is not None else {}
        for key in missing:
            self.df[key] = known.get(key, 0)

    def count(self, keys: Iterable[str], sign: int = 1) -> None:
        """Count (or, with sign -1, uncount) one article holding ``keys``."""
        keys = list(keys)
        self.load(keys)
        for key in keys:
            self.df[key] = max(0, self.df[key] + sign)
            self.changed.add(key)
            self._idf.pop(key, None)
        self.documents = max(0, self.documents + sign)
        self.epoch = self._epoch()

    def idf(self, key: str) -> float:
        if self._idf_epoch != self.epoch:
            self._idf.clear()
            self._idf_epoch = self.epoch
        found = self._idf.get(key)
        if found is None:
            df = self.df.get(key, 0)
            found = max(0.0, math.log((self.documents + PRIOR_DOCUMENTS)
                                      / (df + PRIOR_DOCUMENTS * prior_share(key) + 0.5)))
            self._idf[key] = found
        return found

    def changes(self) -> dict[str, int]:
        return {k: self.df[k] for k in self.changed}


def _weighted(raw: dict[str, float], stats: TermStats) -> dict[str, float]:
    """TF-IDF weights of one part, unit length."""
    out = {k: w * stats.idf(k) for k, w in raw.items()}
    norm = math.sqrt(sum(w * w for w in out.values()))
    return {k: w / norm for k, w in out.items() if w} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def _unit(raw: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {k: w / norm for k, w in raw.items()} if norm else {}


# --------------------------------------------------------------------------- stories


@dataclass
class StoryState:
    """What grouping keeps of a story: summed member vectors, representatives, dates."""

    id: str
    size: int = 0
    sums: list[dict[str, float]] = field(default_factory=lambda: [{}, {}, {}])
    representatives: list[list[dict[str, float]]] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    index_keys: list[str] = field(default_factory=list)
    periods: dict[str, float] = field(default_factory=dict)
    # TF-IDF weights of the centroid and the representatives, reused while the story and the
    # weights' epoch (TermStats.epoch) stay the same
    _cache: tuple[int, list[dict[str, float]], list[list[dict[str, float]]]] | None = field(
        default=None, repr=False, compare=False)

    def weighted(self, stats: TermStats) -> tuple[list[dict[str, float]],
                                                   list[list[dict[str, float]]]]:
        if self._cache is None or self._cache[0] != stats.epoch:
            stats.load({k for part in self.sums for k in part}
                       | {k for rep in self.representatives for part in rep for k in part})
            self._cache = (stats.epoch, [_weighted(part, stats) for part in self.sums],
                           [[_weighted(part, stats) for part in rep]
                            for rep in self.representatives])
        return self._cache[1], self._cache[2]

    def add(self, v: GroupingVector) -> None:
        self._cache = None
        self._fold(v, 1.0)
        parts = [dict(heapq.nlargest(REPRESENTATIVE_KEYS, p.items(), key=lambda kv: kv[1]))
                 for p in v.parts()]
        if len(self.representatives) < FIRST_REPRESENTATIVES + LATEST_REPRESENTATIVES:
            self.representatives.append(parts)
        else:  # the first ones stay; the latest ones move on
            del self.representatives[FIRST_REPRESENTATIVES]
            self.representatives.append(parts)
        if v.day and v.day not in self.days:
            self.days = sorted([*self.days, v.day])
            if len(self.days) > STORY_DAYS:  # the span is what matters: keep both ends
                self.days = self.days[:STORY_DAYS // 2] + self.days[-(STORY_DAYS // 2):]
        if v.language and v.language not in self.languages:
            self.languages.append(v.language)
        self.size += 1

    def remove(self, v: GroupingVector) -> None:
        """Take a member's terms out again (its text changed); its date and representative
        stay until the story is rebuilt, since they only ever widen a story."""
        self._cache = None
        self._fold(v, -1.0)
        self.size = max(0, self.size - 1)

    def _fold(self, v: GroupingVector, sign: float) -> None:
        mass = sum(v.periods.values())
        for month, w in v.periods.items():
            self.periods[month] = max(0.0, self.periods.get(month, 0.0) + sign * w / mass)
        for total, part in zip(self.sums, v.parts(), strict=True):
            for key, w in _unit(part).items():
                total[key] = total.get(key, 0.0) + sign * w
        for k, total in enumerate(self.sums):
            if len(total) > CENTROID_KEYS:
                self.sums[k] = dict(heapq.nlargest(CENTROID_KEYS, total.items(),
                                                   key=lambda kv: kv[1]))
            if sign < 0:
                self.sums[k] = {key: w for key, w in self.sums[k].items() if w > 1e-9}

    def absorb(self, other: StoryState) -> None:
        """Fold another story into this one."""
        self._cache = None
        for total, part in zip(self.sums, other.sums, strict=True):
            for key, w in part.items():
                total[key] = total.get(key, 0.0) + w
        room = FIRST_REPRESENTATIVES + LATEST_REPRESENTATIVES - len(self.representatives)
        self.representatives.extend(other.representatives[:max(room, 0)])
        self.days = sorted(set(self.days) | set(other.days))
        self.languages = list(dict.fromkeys([*self.languages, *other.languages]))
        for month, w in other.periods.items():
            self.periods[month] = self.periods.get(month, 0.0) + w
        self.size += other.size

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "sums": self.sums, "representatives": self.representatives,
                "days": self.days, "languages": self.languages, "index_keys": self.index_keys,
                "periods": self.periods}

    @classmethod
    def from_json(cls, story_id: str, d: dict[str, Any]) -> StoryState:
        return cls(story_id, int(d.get("size", 0)), d.get("sums") or [{}, {}, {}],
                   d.get("representatives") or [], d.get("days") or [],
                   d.get("languages") or [], d.get("index_keys") or [], d.get("periods") or {})


def _days_apart(day: str | None, days: Sequence[str]) -> float | None:
    if not day or not days:
        return None
    try:
        mine = date.fromisoformat(day)
        return float(min(abs((mine - date.fromisoformat(d)).days) for d in days))
    except ValueError:
        return None


def _too_far(day: str | None, days: Sequence[str]) -> bool:
    """Whether an article is dated too far from every article of a story to report its event."""
    apart = _days_apart(day, days)
    return apart is not None and apart > MAX_DAYS_APART


def _outside(day: str, span: tuple[str | None, str | None]) -> bool:
    """Whether ``day`` lies more than MAX_DAYS_APART before or after a story's span."""
    first, last = span
    if not first or not last:
        return False
    return bool(_too_far(day, [first]) and day < first) or bool(
        _too_far(day, [last]) and day > last)


def features(v: GroupingVector, story: StoryState, stats: TermStats,
             mine: Sequence[dict[str, float]] | None = None) -> list[float]:
    """The model's inputs (FEATURES) for article ``v`` against ``story`` (``mine``: the
    article's weighted parts, when already computed)."""
    mine = mine if mine is not None else [_weighted(part, stats) for part in v.parts()]
    centroids, representatives = story.weighted(stats)
    out: list[float] = []
    for k, part in enumerate(mine):
        out.append(_dot(part, centroids[k]))
        out.append(max((_dot(part, rep[k]) for rep in representatives), default=0.0))
    apart = _days_apart(v.day, story.days)
    # Time only ever counts against: reports of one event come within days, but so do the
    # reports of every other event of those days (a development corpus of a few events would
    # teach "the same day" as evidence, which a real stream of hundreds a day belies).
    out += [math.log1p(apart), 0.0] if apart is not None else [0.0, 1.0]
    out.append(0.0 if v.language in story.languages or not story.languages else 1.0)
    total_mine, total_theirs = sum(v.periods.values()), sum(story.periods.values())
    if total_mine and total_theirs:
        out += [sum(min(w / total_mine, story.periods[k] / total_theirs)
                    for k, w in v.periods.items() if k in story.periods), 0.0]
    else:
        out += [0.0, 1.0]
    return out


def probability(values: Sequence[float]) -> float:
    """The model's probability that an article with these FEATURES reports the story."""
    z = INTERCEPT + sum(c * x for c, x in zip(COEFFICIENTS, values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# --------------------------------------------------------------------------- the index


class GroupingIndex:
    """The stories seen so far, with the database as their store: stories are read when an
    article's terms point at them and written back by :meth:`flush`."""

    def __init__(self, db: sqlite_utils.Database | None = None) -> None:
        self.db = db
        self.stats = TermStats(db)
        self._stories: OrderedDict[str, StoryState] = OrderedDict()
        self._postings: dict[str, set[str]] = {}
        self._dirty: set[str] = set()
        self._gone: set[str] = set()
        # each known story's publication span, to pass over those outside an article's window
        # without reading them
        self._spans: dict[str, tuple[str | None, str | None]] = {}

    # -- reading

    def story(self, story_id: str) -> StoryState:
        if story_id in self._stories:
            self._stories.move_to_end(story_id)
            return self._stories[story_id]
        stored = store.story_profiles(self.db, [story_id]) if self.db is not None else {}
        state = (StoryState.from_json(story_id, stored[story_id]) if story_id in stored
                 else StoryState(story_id))
        self._stories[story_id] = state
        if self.db is not None and len(self._stories) > CACHED_STORIES:
            self._evict(len(self._stories) // 4)
        return state

    def _evict(self, n: int) -> None:
        """Write back and drop the ``n`` least recently used stories."""
        assert self.db is not None
        old = [self._stories.popitem(last=False)[1] for _ in range(n)]
        dirty = [st for st in old if st.id in self._dirty]
        store.save_grouping(self.db, self.stats.documents, {},
                            {st.id: st.to_json() for st in dirty},
                            {st.id: st.index_keys for st in dirty})
        self._dirty -= {st.id for st in dirty}

    def _load_postings(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self._postings]
        if not missing:
            return
        found = store.stories_with_keys(self.db, missing) if self.db is not None else {}
        for key in missing:
            self._postings[key] = set(found.get(key, ())) - self._gone

    def _telling(self, parts: Sequence[dict[str, float]], n: int) -> list[str]:
        """The ``n`` heaviest TF-IDF terms of each part."""
        out: list[str] = []
        for part in parts:
            out += heapq.nlargest(n, part, key=lambda k: part[k] * self.stats.idf(k))
        return out

    def candidates(self, v: GroupingVector) -> list[str]:
        keys = self._telling(v.parts(), QUERY_TERMS)
        self._load_postings(keys)
        hits: Counter[str] = Counter()
        for key in keys:
            posting = self._postings.get(key, set())
            if 0 < len(posting) <= MAX_POSTING:
                hits.update(posting)
        if v.day:
            unknown = [s for s in hits if s not in self._spans]
            if unknown and self.db is not None:
                self._spans.update(store.story_spans(self.db, unknown))
            hits = Counter({s: n for s, n in hits.items()
                            if not _outside(v.day, self._spans.get(s, (None, None)))})
        ranked = hits.most_common(MAX_CANDIDATES)
        # a story that shares one telling term where the best candidates share many is no
        # candidate worth reading (in a large database, most of a window's stories share a word)
        floor = max(1, ranked[0][1] // CANDIDATE_SHARE) if ranked else 1
        return [s for s, n in ranked if n >= floor]

    def likelihoods(self, v: GroupingVector) -> list[tuple[float, str]]:
        """(probability, story id) of each candidate story, likeliest first."""
        stories = [self.story(s) for s in self.candidates(v)]
        self.stats.load(v.keys())
        mine = [_weighted(part, self.stats) for part in v.parts()]
        scored = [(probability(features(v, s, self.stats, mine)), s.id) for s in stories
                  if s.size and not _too_far(v.day, s.days)]
        return sorted(scored, key=lambda x: (-x[0], x[1]))

    def choose(self, v: GroupingVector) -> tuple[str | None, list[str]]:
        """The story ``v`` joins (None: it starts one), and other stories it shows to be the
        same: a later report likely to belong to two stories bridges them."""
        self.stats.count(v.keys())  # weighed as one of the documents, as it will be
        likely = [(p, s) for p, s in self.likelihoods(v) if p >= JOIN_PROBABILITY]
        self.stats.count(v.keys(), -1)
        if not likely:
            return None, []
        best = likely[0][1]
        if likely[0][0] <= MERGE_PROBABILITY:
            return best, []
        # two stories far apart in time are the same actor's two events, whatever an undated
        # article that resembles both suggests
        days = self.story(best).days
        bridged = [s for p, s in likely[1:] if p > MERGE_PROBABILITY
                   and not any(_too_far(d, days) for d in self.story(s).days)]
        return best, bridged

    def place(self, v: GroupingVector, new_id: str) -> tuple[str, list[tuple[str, str]]]:
        """Put ``v`` in its story (``new_id`` if it starts one); returns the story and the
        (folded, kept) pairs of stories it joined into one. The larger story keeps its id
        (ties: the smaller id), so that reports of the bigger story stay where they were."""
        story_id, bridged = self.choose(v)
        story_id = story_id or new_id
        folds = []
        for other in bridged:
            keep, fold = sorted((story_id, other), key=lambda x: (-self.story(x).size, x))
            self.merge(fold, keep)
            folds.append((fold, keep))
            story_id = keep
        self.stats.count(v.keys())
        self.add(story_id, v)
        return story_id, folds

    def split(self, story_id: str, members: Sequence[GroupingVector]
              ) -> list[list[GroupingVector]]:
        """The groups ``members`` of a story fall into, the one holding its first member
        first; a single group when the story holds together (see SPLIT_MIN_SIZE)."""
        self.stats.load(set().union(*(v.keys() for v in members)))
        singles = []
        for v in members:
            single = StoryState(v.article_id)
            single.add(v)
            singles.append(single)
        weighted = [[_weighted(part, self.stats) for part in v.parts()] for v in members]
        linked: dict[int, set[int]] = {i: set() for i in range(len(members))}
        for i, j in itertools.combinations(range(len(members)), 2):
            if _too_far(members[i].day, singles[j].days):
                continue
            p = max(probability(features(members[i], singles[j], self.stats, weighted[i])),
                    probability(features(members[j], singles[i], self.stats, weighted[j])))
            if p >= JOIN_PROBABILITY:
                linked[i].add(j)
                linked[j].add(i)
        groups: list[list[int]] = []
        seen: set[int] = set()
        for start in range(len(members)):
            if start in seen:
                continue
            group, todo = [], [start]
            while todo:
                k = todo.pop()
                if k not in seen:
                    seen.add(k)
                    group.append(k)
                    todo.extend(linked[k])
            groups.append(sorted(group))
        big = [g for g in groups if len(g) >= 2]
        if len(big) < 2:
            return [list(members)]
        first = next(g for g in big if 0 in g) if any(0 in g for g in big) else big[0]
        rest = [g for g in big if g is not first]
        kept = [k for k in range(len(members)) if not any(k in g for g in rest)]
        return [[members[k] for k in kept], *([members[k] for k in g] for g in rest)]

    def rebuild(self, story_id: str, members: Sequence[GroupingVector]) -> None:
        """Make ``story_id`` the story of exactly ``members``."""
        state = StoryState(story_id)
        for v in members:
            state.add(v)
        old = self._stories.pop(story_id, None)
        if old is not None:
            for key in old.index_keys:
                self._postings.setdefault(key, set()).discard(story_id)
            state.index_keys = []
        self._stories[story_id] = state
        self._reindex(state)

    # -- writing

    def add(self, story_id: str, v: GroupingVector) -> None:
        story = self.story(story_id)
        story.add(v)
        self._reindex(story)

    def remove(self, story_id: str, v: GroupingVector) -> None:
        story = self.story(story_id)
        story.remove(v)
        self._reindex(story)

    def merge(self, source: str, target: str) -> None:
        """Fold story ``source`` into ``target``."""
        if source == target:
            return
        src, dst = self.story(source), self.story(target)
        dst.absorb(src)
        for key in src.index_keys:
            self._postings.setdefault(key, set()).discard(source)
        self._stories.pop(source, None)
        self._dirty.discard(source)
        self._gone.add(source)
        self._reindex(dst)

    def _reindex(self, story: StoryState) -> None:
        if story.days:
            self._spans[story.id] = (story.days[0], story.days[-1])
        centroids, _ = story.weighted(self.stats)
        new = [k for part in centroids
               for k in heapq.nlargest(STORY_INDEX_TERMS, part, key=part.__getitem__)]
        self._load_postings([*story.index_keys, *new])
        for key in set(story.index_keys) - set(new):
            self._postings[key].discard(story.id)
        for key in new:
            self._postings[key].add(story.id)
        story.index_keys = new
        self._dirty.add(story.id)
        self._gone.discard(story.id)

    def flush(self) -> None:
        """Write the changed stories, index entries and document frequencies."""
        if self.db is None:
            return
        dirty = {s: self._stories[s] for s in self._dirty if s in self._stories}
        store.save_grouping(self.db, self.stats.documents, self.stats.changes(),
                            {s: st.to_json() for s, st in dirty.items()},
                            {s: st.index_keys for s, st in dirty.items()}, self._gone)
        self._dirty.clear()
        self._gone.clear()
        self.stats.changed.clear()
