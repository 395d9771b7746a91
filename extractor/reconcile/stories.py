"""Grouping articles into stories, incrementally, and folding syndicated copies into their original.

An article joins the story it shares distinctive figures, named entities and wording with, among
stories whose publication dates are near its own; otherwise it starts a story. Candidate stories
come from an inverted index (figure, entity and title-word keys -> stories), so grouping costs
about the same per article however many stories there are.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from extractor.core.dates import order_key
from extractor.core.records import Article, Claim
from extractor.reconcile.tolerance import UNREAD, canonical_unit, is_distinctive, read_unit

__all__ = [
    "ArticleSketch",
    "StoryIndex",
    "independent_source_count",
    "normal_sentence",
    "quoted_from",
    "sketch",
    "syndicated_copies",
]

# Reports of one event come within days of each other. A week tolerates weekly publications and
# late analyses; the window is measured from the story's latest article, so a developing story
# (revised tolls, follow-ups) continues as long as it keeps being reported.
DATE_WINDOW_DAYS = 7
# The lead (the first sentences) carries the who/what/when of a news report (inverted pyramid);
# 400 characters is about its first two sentences.
LEAD_CHARS = 400
# rapidfuzz token_set_ratio (0-100) of title + lead. Two reports of one event written
# independently share their key words (actors, action, figures) but little else: at 60 the shared
# tokens are most of the shorter text; at 85 the texts are near rewrites of each other.
TEXT_SIMILAR = 60
TEXT_VERY_SIMILAR = 85
# Only the first articles of a big story are compared word by word: they define what it is about,
# and the cost per new article stays bounded.
STORY_REPRESENTATIVES = 12
# A key found in this many stories says nothing about which one an article belongs to (like a
# stop word); skipping it keeps candidate lists short and the cost linear.
MAX_POSTING = 64
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

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class ArticleSketch:
    """What grouping needs of one article."""

    id: str
    outlet: str | None
    published: date | None
    title: str
    lead: str
    figures: frozenset[str]
    entities: frozenset[str]
    words: frozenset[str]
    duplicate_of: str | None = None
    names: frozenset[str] = frozenset()  # proper names written in the lead

    @property
    def text_key(self) -> str:
        return f"{self.title} {self.lead}".lower()


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _figure_key(claim: Claim) -> str | None:
    if claim.kind != "quantity" or claim.value is None or not is_distinctive(claim):
        return None
    _, factor = canonical_unit(claim.unit)
    unit = read_unit(claim)  # UNREAD ("?") when the extractor did not read it
    value = abs(claim.value) * factor
    # the value itself ("3,188 tonnes" and "3,188 metric tons" give one key); six significant
    # digits only absorb float noise from scale words and unit factors
    return f"{unit}:{float(f'{value:.6g}')!r}"


def _entity_keys(claims: Iterable[Claim]) -> frozenset[str]:
    names: set[str] = set()
    for c in claims:
        for name in (c.subject, c.counterpart, c.place, *c.participants):
            if name:
                names.add(name.strip().lower())
    return frozenset(names)


def sketch(article: Article, claims: Sequence[Claim]) -> ArticleSketch:
    """The grouping features of an article and its claims."""
    title = (article.title or "").strip()
    body = article.text or ""
    lead = body[:LEAD_CHARS]
    figures = frozenset(k for k in (_figure_key(c) for c in claims) if k)
    words = frozenset(w.lower() for w in _WORD.findall(f"{title} {lead}"))
    return ArticleSketch(
        id=article.id,
        outlet=article.outlet,
        published=parse_date(article.published),
        title=title,
        lead=lead,
        figures=figures,
        entities=_entity_keys(claims),
        words=words,
        duplicate_of=article.duplicate_of,
        names=lead_names(lead),
    )


# Capitalised words that are not names in English text: days and months (from the calendar
# module, so in the locale's language, not a list of ours).
_CALENDAR = frozenset(w.lower() for w in (*calendar.day_name, *calendar.month_name) if w)
_NAME = re.compile(r"[A-Z][^\W\d_]{3,}", re.UNICODE)


def lead_names(lead: str) -> frozenset[str]:
    """Proper names in a lead: capitalised words that do not open a sentence ("in Lorvia's")."""
    out = set()
    for sentence in _SENTENCE.split(lead):
        for match in _NAME.finditer(sentence):
            if match.start() == 0 or sentence[:match.start()].strip() in ('"', "“", "'"):
                continue  # a sentence's first word is capitalised anyway
            word = match.group(0).lower()
            if word not in _CALENDAR:
                out.add(word)
    return frozenset(out)


@dataclass
class _StoryState:
    first: date | None = None
    last: date | None = None
    representatives: list[ArticleSketch] = field(default_factory=list)
    figures: set[str] = field(default_factory=set)
    # the figures' values, and those whose unit was not read (shared_figures)
    values: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    members: list[str] = field(default_factory=list)  # article ids
    names: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # the postings this story is listed in


class StoryIndex:
    """Stories seen so far, searchable by the keys of a new article."""

    def __init__(self) -> None:
        self._postings: dict[str, list[str]] = defaultdict(list)
        self._stories: dict[str, _StoryState] = {}
        self.story_of: dict[str, str] = {}
        # original article id -> story of a copy placed before it (the crawler may link an
        # earlier-dated article to a later one)
        self._copied_in: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._stories)

    @staticmethod
    def _keys(s: ArticleSketch) -> set[str]:
        keys = {f"f:{_figure_value(f)}" for f in s.figures} | {f"e:{e}" for e in s.entities}
        keys |= {f"w:{w}" for w in s.words}
        return keys

    def add(self, story_id: str, s: ArticleSketch) -> None:
        """Record that article ``s`` belongs to ``story_id``."""
        state = self._stories.setdefault(story_id, _StoryState())
        if s.published:
            state.first = min(state.first or s.published, s.published)
            state.last = max(state.last or s.published, s.published)
        if len(state.representatives) < STORY_REPRESENTATIVES:
            state.representatives.append(s)
        new_keys = self._keys(s) - {f"f:{_figure_value(f)}" for f in state.figures} - {
            f"e:{e}" for e in state.entities
        }
        for key in new_keys - state.keys:
            posting = self._postings[key]
            if len(posting) <= MAX_POSTING and (not posting or posting[-1] != story_id):
                posting.append(story_id)
        state.keys |= new_keys
        state.figures |= s.figures
        state.values |= {_figure_value(f) for f in s.figures}
        state.unread |= {_figure_value(f) for f in s.figures if _unread(f)}
        state.entities |= s.entities
        state.names |= s.names
        state.members.append(s.id)
        self.story_of[s.id] = story_id
        if s.duplicate_of:
            self._copied_in.setdefault(s.duplicate_of, story_id)

    def members(self, story_id: str) -> list[str]:
        """The article ids of a story, in the order they were added."""
        state = self._stories.get(story_id)
        return list(state.members) if state else []

    def merge(self, source: str, target: str) -> None:
        """Fold story ``source`` into ``target``: its articles, keys and dates."""
        if source == target or source not in self._stories:
            return
        src = self._stories.pop(source)
        dst = self._stories.setdefault(target, _StoryState())
        dst.first = min((d for d in (dst.first, src.first) if d), default=None)
        dst.last = max((d for d in (dst.last, src.last) if d), default=None)
        room = STORY_REPRESENTATIVES - len(dst.representatives)
        dst.representatives.extend(src.representatives[:max(room, 0)])
        for key in src.keys:
            posting = self._postings[key]
            posting[:] = list(dict.fromkeys(target if x == source else x for x in posting))
        dst.keys |= src.keys
        dst.figures |= src.figures
        dst.values |= src.values
        dst.unread |= src.unread
        dst.entities |= src.entities
        dst.names |= src.names
        dst.members.extend(src.members)
        for article_id in src.members:
            self.story_of[article_id] = target
        for original, story_id in self._copied_in.items():
            if story_id == source:
                self._copied_in[original] = target

    def bridged(self, s: ArticleSketch, story_id: str) -> list[str]:
        """Other stories that ``s``, placed in ``story_id``, shows to be the same story.

        An article that joins two stories by the joining rules and shares a distinctive figure
        (3+ significant digits, about one chance in a thousand) with each is evidence that they
        are one: a follow-up that links two first reports which had nothing in common. Merging
        keeps grouping independent of the order articles arrive in.
        """
        if not s.figures:
            return []
        out = []
        for other in self._candidates(s):
            if other == story_id:
                continue
            state = self._stories[other]
            shared = _distinct_figures(shared_figures(s.figures, state))
            if not shared or not self._in_window(state, s.published):
                continue
            # stricter than joining, since a merge joins every article of both stories: two
            # distinctive figures, or one with both similar wording and a name in common (a
            # roundup repeating one figure of another story does not merge it)
            if shared >= 2 or (_text_similarity(s, state) >= TEXT_SIMILAR and (
                    (s.entities | s.names) & (state.entities | state.names))):
                out.append(other)
        return out

    def size(self, story_id: str) -> int:
        state = self._stories.get(story_id)
        return len(state.members) if state else 0

    def _in_window(self, state: _StoryState, when: date | None) -> bool:
        if when is None or state.first is None or state.last is None:
            return True  # an undated article can only be placed by its content
        return (state.first - when).days <= DATE_WINDOW_DAYS and (
            (when - state.last).days <= DATE_WINDOW_DAYS
        )

    def best_story(self, s: ArticleSketch) -> str | None:
        """The story ``s`` belongs to, or None when it starts a new one."""
        if s.duplicate_of and s.duplicate_of in self.story_of:
            return self.story_of[s.duplicate_of]  # a copy goes where its original is
        if s.id in self._copied_in:
            return self._copied_in[s.id]  # and an original where its copy already is
        best: tuple[float, str] | None = None
        for story_id in self._candidates(s):
            state = self._stories[story_id]
            if not self._in_window(state, s.published):
                continue
            score = self._score(s, state)
            if score is not None and (best is None or score > best[0]):
                best = (score, story_id)
        return best[1] if best else None

    def _candidates(self, s: ArticleSketch) -> list[str]:
        """Stories sharing at least one key with ``s`` (through the inverted index)."""
        found: dict[str, None] = {}
        for key in sorted(self._keys(s)):
            posting = self._postings.get(key)
            if posting and len(posting) <= MAX_POSTING:
                found.update(dict.fromkeys(posting))
        return list(found)

    @staticmethod
    def _score(s: ArticleSketch, state: _StoryState) -> float | None:
        """A join score, or None when ``s`` does not belong to the story (the joining rules)."""
        figures = _distinct_figures(shared_figures(s.figures, state))
        entities = len(s.entities & state.entities)
        text = _text_similarity(s, state)
        # Two distinctive figures (3+ significant digits each) in common cannot be chance.
        joins = figures >= 2
        # One such figure is chance once in ~1000 pairs; the wording or the actors confirm it.
        joins = joins or (figures == 1 and (text >= TEXT_SIMILAR or entities >= 1))
        # Without figures, near-identical title and lead about the same actors.
        joins = joins or (text >= TEXT_VERY_SIMILAR and entities >= 1)
        # A follow-up whose figures have all moved on (a revised count): similar wording, two
        # names or actors in common, one of them in both headlines (what the story is about).
        joins = joins or (text >= TEXT_SIMILAR and _headline_name(s, state))
        if not joins:
            return None
        return figures * 100 + entities * 10 + text


# A distinctive figure has three or more significant digits, so a rounding of it ("about
# 35,600" for 35,598) lies within half a unit of its third digit: at most 0.5% away.
SAME_FIGURE_RELATIVE = 0.005


def _figure_value(key: str) -> str:
    """The value part of a figure key ("tonne:3188.0" -> "3188.0")."""
    return key.rpartition(":")[2]


# A figure key whose unit the extractor did not read (tolerance.read_unit gave UNREAD) starts with
# _UNREAD_PREFIX: such a figure may be in any unit.


_UNREAD_PREFIX = f"{UNREAD}:"


def _unread(key: str) -> bool:
    return key.startswith(_UNREAD_PREFIX)


def shared_figures(mine: Iterable[str], story: _StoryState) -> set[str]:
    """My figure keys that the other side states too: same unit and value, or the same value
    where one side's unit was not read ("₺4.8bn" read as a count, against "4.8 billion
    lira").

    Two units both read ("1.25 million barrels", "$1.25 million") are two figures.
    """
    mine = mine if isinstance(mine, (set, frozenset)) else set(mine)
    out = set(mine & story.figures)  # the common case, at set speed
    if story.unread:
        out |= {k for k in mine if _figure_value(k) in story.unread}
    out |= {k for k in mine if k.startswith(_UNREAD_PREFIX) and _figure_value(k) in story.values}
    return out


def _distinct_figures(keys: Iterable[str]) -> int:
    """How many different figures the keys name: a figure and its rounding count once (and one
    value read with two units is one figure)."""
    seen: list[float] = []
    for key in keys:
        try:
            value = float(_figure_value(key))
        except ValueError:
            continue
        if not any(abs(value - v) <= SAME_FIGURE_RELATIVE * max(abs(v), abs(value))
                   for v in seen):
            seen.append(value)
    return len(seen)


def _text_similarity(s: ArticleSketch, state: _StoryState) -> float:
    """rapidfuzz token_set_ratio (0-100) of title + lead with the story's closest article."""
    return max((fuzz.token_set_ratio(s.text_key, r.text_key) for r in state.representatives),
               default=0.0)


def _headline_name(s: ArticleSketch, state: _StoryState) -> bool:
    """Two or more names/actors shared with the story, one of them in both headlines."""
    shared = (s.entities | s.names) & (state.entities | state.names)
    if len(shared) < 2:
        return False
    mine = set(_WORD.findall(s.title.lower()))
    return any(name in mine and any(name in set(_WORD.findall(r.title.lower()))
                                    for r in state.representatives)
               for name in shared)


# --------------------------------------------------------------------------- syndication


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
