"""Claims -> facts: within a story, group the claims that state the same quantity or event.

Two quantity claims state the same fact when they measure the same thing (metric, object head
noun) of the same subject towards the same counterpart, over the same period, on the same basis,
and their values agree within their stated precision (:mod:`extractor.tolerance`). A descriptor
the extractor could not read (``None``) matches anything: sentences often leave the subject or the
object to the previous sentence. Flows are compared from one side: "the B imported X from A" is
"A exported X to B".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from rapidfuzz import fuzz

from extractor.core.data import read_yaml
from extractor.core.errors import ConfigError
from extractor.core.records import Claim
from extractor.reconcile.tolerance import (
    UNREAD,
    Interval,
    canonical_unit,
    claim_interval,
    read_unit,
)

__all__ = [
    "GENERIC_METRICS",
    "PERSON_CLASSIFIERS",
    "ClaimView",
    "Group",
    "align_events",
    "align_quantities",
    "flow_of",
    "head_noun",
    "names_statement",
    "periods_overlap",
    "running_to",
    "same_action",
    "unify_short_names",
    "view",
]

# Verbs and nouns naming the two sides of one transfer: what one party imports, buys or borrows,
# the other exports, sells or lends. General economic vocabulary, read as (converse, own side).
_CONVERSE = {
    "import": "export",
    "buy": "sell",
    "purchase": "sale",
    "borrow": "lend",
    "receive": "send",
    "inflow": "outflow",
}
# Different words for one flow (the noun and the verb of one action): normalised so that
# "shipments to B" and "exports to B" compare.
_SAME_FLOW = {"shipment": "export", "ship": "export", "sell": "sale", "sold": "sale",
              "exported": "export", "imported": "import", "bought": "buy",
              # a (death) toll counts deaths: "the toll rose to 41", "41 deaths"
              "toll": "death", "fatality": "death", "dead": "death", "killed": "death"}
# Event phrases compare on their content words; these carry no content.
_EVENT_STOP = {"the", "a", "an", "of", "to", "on", "in", "for", "with", "and", "at", "by", "its",
               "their", "from", "new", "some"}
# Share of the shorter predicate's content words two phrasings of one event have in common: half
# lets "agree a trade framework" meet "the trade meeting" (one of two) but keeps "impose export
# curbs" and "receive export licences" (one of three) apart.
SAME_ACTION_SHARE = 0.5
# Event predicates this similar (rapidfuzz token_set_ratio) are one phrasing of one action even
# without a shared content word ("agreed" / "agree"): 85 is about one differing short token.
EVENT_TEXT_SIMILAR = 85

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Head nouns that name no particular thing: pronoun-like words and the classifiers counts use
# ("310 others", "42 people"). They say nothing about what is measured, so they count as missing.
# The classifiers among them that count persons: "118,000 people" says at least that persons are
# counted, which a count of things ("118,000 homes") contradicts (checks._classifier_notes).
PERSON_CLASSIFIERS = frozenset({"people", "person", "individual"})
_EMPTY_HEADS = {"other", "one", "those", "these", "them", *PERSON_CLASSIFIERS,
                "figure", "number", "total", "amount", "level", "value", "time",
                # "a range of 4.25% to 4.50%": the kind of quantity, not what it is of
                "range", "band"}
# Metrics that name only the kind of quantity ("a share", "the total"): with them, the object
# ("share of production") is what tells two quantities apart.
GENERIC_METRICS = frozenset({"share", "proportion", "percentage", "part", "portion", "rank",
                             "total", "number", "amount", "figure", "level", "value", "count"})


def _singular(word: str) -> str:
    """Crude English singular, enough to compare head nouns ("exports" -> "export")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def head_noun(phrase: str | None) -> str | None:
    """The head noun of a noun phrase: its last word, singular ("crude oil exports" -> "export")."""
    if not phrase:
        return None
    # "exports of goods": the head is before "of"
    phrase = re.split(r"\b(?:of|for|to|from|in|on|with|by)\b", phrase.lower(), maxsplit=1)[0]
    tokens = _TOKEN.findall(phrase.replace("'s", ""))
    return _singular(tokens[-1]) if tokens else None


def _object_head(claim: Claim) -> str | None:
    head = head_noun(claim.object)
    if head is None or head in _EMPTY_HEADS:
        return None
    # "a profit of 1.42 billion euros" read as object "euros": that is the unit, not the thing
    if claim.unit_text and head == head_noun(claim.unit_text):
        return None
    if claim.unit and head in (claim.unit.lower(), _singular(claim.unit.lower())):
        return None
    return head


def running_to(claim: Claim, published: str | None) -> bool:
    """Whether a level's period is the extractor's "from the event to the report" for a running
    count: no words of its own, ending on the day of the report (or the day before)."""
    if claim.kind != "quantity" or claim.basis not in (None, "absolute") or claim.period_text:
        return False
    if not (claim.period_end and published):
        return False
    try:
        days = (date.fromisoformat(published[:10])
                - date.fromisoformat(claim.period_end[:10])).days
    except ValueError:
        return False
    return 0 <= days <= 1


def _period(claim: Claim, published: str | None = None) -> tuple[str | None, str | None]:
    """The period a figure is for; a single day on a level is only when it was read, so none.

    Flows are stated for months, quarters and years; a level dated to one day ("rose to 67 on
    Monday") is a reading of a running figure, and readings on different days of one story are
    one quantity at different times (an update when it grows, not another fact). So is a level
    whose period runs, with no words of its own, to the day of its report (running_to).
    """
    start, end = claim.period_start, claim.period_end
    if running_to(claim, published):
        return None, None
    if claim.period_text and claim.period_text.lower() not in claim.sentence.lower():
        # a period carried from another sentence is the extractor's guess: it splits agreeing
        # statements into separate facts, so it is taken as unknown (frames.py keeps such a
        # claim out of any dispute)
        return None, None
    if claim.field == "title" and not (
            claim.period_text and claim.period_text.lower() in claim.sentence.lower()):
        # a headline is read on its own: a period its words do not state was borrowed from the
        # body (whatever month the text names first); it is compared with its own body's figure
        # by that figure's period (checks._members_comparable)
        return None, None
    if claim.kind == "quantity" and claim.basis in (None, "absolute") and start and (
            end is None or end == start):
        return None, None
    return start, end


def _entity(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    return name[4:] if name.startswith("the ") else name or None


def flow_of(metric: str | None) -> tuple[str | None, bool]:
    """(normalised metric, whether it names the receiving side of a transfer)."""
    if not metric:
        return None, False
    word = _singular(_TOKEN.findall(metric.lower())[-1]) if _TOKEN.findall(metric) else None
    if word is None:
        return None, False
    word = _SAME_FLOW.get(word, word)
    if word in _CONVERSE:
        return _CONVERSE[word], True
    return word, False


def periods_overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two ISO periods share a day (an unknown period overlaps anything)."""
    if not a[0] or not b[0]:
        return True
    a_end, b_end = a[1] or a[0], b[1] or b[0]
    return a[0] <= b_end and b[0] <= a_end


@dataclass(frozen=True)
class ClaimView:
    """A claim as alignment compares it: block, descriptors seen from one side, interval."""

    claim: Claim
    source: str  # the independent source (outlet after folding copies) of its article
    block: str  # only claims of one block can state one fact
    interval: Interval | None
    flow: str | None
    subject: str | None
    counterpart: str | None
    head: str | None
    period: tuple[str | None, str | None]
    comparison: str | None
    words: frozenset[str] = frozenset()  # event content words
    participants: frozenset[str] = frozenset()
    verb: str | None = None  # an event predicate's first word when it has more than one
    report: str = ""  # the original report it comes from (its article, or what that copies)

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.flow, self.subject, self.counterpart, self.head,
                                           self.period[0]))


def _block(claim: Claim) -> str:
    if claim.kind == "event":
        return "event"
    unit = canonical_unit(claim.unit)[0]
    if claim.basis in (None, "absolute") and read_unit(claim) == UNREAD:
        # a currency sign the extractor read as a count ("₺4.8bn"): not a count of anything,
        # and in no unit a fact can be compared in (tolerance.read_unit)
        return "absolute:unread"
    if claim.basis == "multiple" or unit == "multiple" or (
        claim.basis == "change" and unit == "percent"
    ):
        return "ratio"  # percent changes, folds and fractions all live on the ratio scale
    if unit is None and claim.basis in (None, "absolute"):
        unit = "count"  # a level with no unit counts its object ("rose to 487")
    return f"{claim.basis or 'absolute'}:{unit}"


def view(claim: Claim, source: str, report: str | None = None,
         published: str | None = None) -> ClaimView:
    """The comparable form of a claim (``source``: its independent source; ``report``: the
    original article its article is or copies; ``published``: its article's date)."""
    flow, receiving = flow_of(claim.metric)
    subject, counterpart = _entity(claim.subject), _entity(claim.counterpart)
    if subject and subject == counterpart:
        # nothing flows from a party to itself: one of the two is a misreading, and the party
        # after "to"/"from" is the one the sentence states, the owner is often guessed from
        # context, so the owner is taken as unknown
        subject = None
    if receiving:
        subject, counterpart = counterpart, subject
    comparison = claim.comparison if claim.comparison not in (None, "unspecified") else None
    words: frozenset[str] = frozenset()
    verb = None
    if claim.kind == "event":
        tokens = [_singular(t) for t in _TOKEN.findall((claim.event or claim.text).lower())]
        words = frozenset(t for t in tokens if t not in _EVENT_STOP and len(t) > 2)
        verb = tokens[0] if len(tokens) > 1 else None
    return ClaimView(
        claim=claim,
        source=source,
        block=_block(claim),
        interval=claim_interval(claim) if claim.kind == "quantity" else None,
        flow=flow,
        subject=subject,
        counterpart=counterpart,
        head=_object_head(claim),
        period=_period(claim, published),
        comparison=comparison,
        words=words,
        participants=frozenset(p for p in (_entity(x) for x in claim.participants) if p),
        verb=verb,
        report=report or claim.article_id,
    )


_COORDINATION = re.compile(r"\s(?:and|&)\s|,")


def unify_short_names(views: Sequence[ClaimView]) -> list[ClaimView]:
    """Read a short form of a name as the full name its own article gives ("Nordvik" after
    "Nordvik Holdings").

    News style names a party in full once and by its first word(s) after that, headline
    included; within one article a name whose words begin exactly one longer name of that article
    is that party. Across articles nothing is assumed (two outlets' "Lorvia" may be the country
    in one and a company in the other).
    """
    names: dict[str, set[str]] = {}
    written: dict[tuple[str, str], str] = {}  # (article, compared name) -> the name as written
    for v in views:
        names.setdefault(v.claim.article_id, set()).update(
            n for n in (v.subject, v.counterpart) if n)
        for raw in (v.claim.subject, v.claim.counterpart):
            if raw and (key := _entity(raw)):
                written.setdefault((v.claim.article_id, key), raw.strip())
    alias: dict[tuple[str, str], str] = {}
    for article_id, found in names.items():
        for short in found:
            words = short.split()
            # a coordination ("Kenya and Uganda") names two parties, not a longer
            # name of its first one
            longer = [n for n in found if n != short and n.split()[:len(words)] == words
                      and not _COORDINATION.search(n)]
            if len(longer) == 1:
                alias[(article_id, short)] = longer[0]
    if not alias:
        return list(views)
    out = []
    for v in views:
        subject = alias.get((v.claim.article_id, v.subject or ""), v.subject)
        counterpart = alias.get((v.claim.article_id, v.counterpart or ""), v.counterpart)
        if subject and subject == counterpart:
            subject = None  # as in view(): nothing flows from a party to itself
        out.append(replace(v, claim=_full_names(v.claim, alias, written), subject=subject,
                           counterpart=counterpart))
    return out


def _full_names(claim: Claim, alias: dict[tuple[str, str], str],
                written: dict[tuple[str, str], str]) -> Claim:
    """The claim naming its parties in full, as its article writes them (for descriptions)."""
    def full(raw: str | None) -> str | None:
        key = (claim.article_id, _entity(raw) or "")
        return written.get((claim.article_id, alias[key]), raw) if key in alias else raw

    subject, counterpart = full(claim.subject), full(claim.counterpart)
    if (subject, counterpart) == (claim.subject, claim.counterpart):
        return claim
    return replace(claim, subject=subject, counterpart=counterpart)


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


class _Aligned:
    """What a fact and an event group both answer: who states them, in which articles."""

    members: list[ClaimView]

    @property
    def sources(self) -> set[str]:
        return {m.source for m in self.members}

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(m.claim.article_id for m in self.members))


@dataclass
class Group(_Aligned):
    """Claims aligned as one fact (all compatible, all values within one interval)."""

    block: str
    members: list[ClaimView] = field(default_factory=list)
    interval: Interval | None = None
    flow: str | None = None
    subject: str | None = None
    counterpart: str | None = None
    head: str | None = None
    period: tuple[str | None, str | None] = (None, None)
    comparison: str | None = None

    def add(self, v: ClaimView) -> None:
        self.members.append(v)
        if v.interval is not None:
            self.interval = v.interval if self.interval is None else (
                self.interval.intersect(v.interval) or self.interval)
        self.flow = self.flow or v.flow
        self.subject = self.subject or v.subject
        self.counterpart = self.counterpart or v.counterpart
        self.head = self.head or v.head
        if self.period[0] is None:
            self.period = v.period
        self.comparison = self.comparison or v.comparison

    def compatible(self, v: ClaimView) -> int | None:
        """How many descriptors ``v`` shares with the group, or None if one contradicts it."""
        pairs = ((self.flow, v.flow), (self.subject, v.subject), (self.head, v.head),
                 (self.counterpart, v.counterpart), (self.period[0], v.period[0]),
                 (self.period[1], v.period[1]), (self.comparison, v.comparison))
        if not all(_agree(a, b) for a, b in pairs):
            return None
        subject, counterpart = self.subject or v.subject, self.counterpart or v.counterpart
        if subject and subject == counterpart:
            return None  # nothing flows from a party to itself: the two read the parties apart
        return sum(a is not None and a == b for a, b in pairs)


def align_quantities(views: Iterable[ClaimView]) -> list[Group]:
    """Group quantity claims into facts: compatible descriptors and values that agree."""
    groups: dict[str, list[Group]] = {}
    ordered = sorted(
        (v for v in views if v.claim.kind == "quantity" and v.interval is not None),
        # the most fully described and most precise claims found the groups the others join
        key=lambda v: (-v.specificity, _width(v.interval), v.claim.article_id, v.claim.start),
    )
    for v in ordered:
        best: tuple[tuple[int, float], Group] | None = None
        for g in groups.get(v.block, []):
            shared = g.compatible(v)
            if shared is None or g.interval is None or v.interval is None:
                continue
            if not g.interval.meets(v.interval):
                continue
            # of facts that fit as well, the nearest in value: an exact 373,728 joins the
            # 373,728 stated elsewhere, not the "about 384,000" whose band also holds it
            score = (shared, -_gap(g.interval, v.interval))
            if best is None or score > best[0]:
                best = (score, g)
        if best is None:
            g = Group(block=v.block)
            groups.setdefault(v.block, []).append(g)
        else:
            g = best[1]
        g.add(v)
    return [g for block in groups.values() for g in block]


def _gap(a: Interval, b: Interval) -> float:
    """How far apart the middles of two intervals are, relative to their size (0: the same)."""
    def middle(i: Interval) -> float:
        if math.isinf(i.lo) or math.isinf(i.hi):
            return i.hi if math.isinf(i.lo) else i.lo
        return (i.lo + i.hi) / 2

    x, y = middle(a), middle(b)
    return abs(x - y) / max(abs(x), abs(y), 1e-9)


def _width(interval: Interval | None) -> float:
    if interval is None:
        return float("inf")
    return interval.hi - interval.lo


# --------------------------------------------------------------------------- events


@dataclass
class EventGroup(_Aligned):
    """Event claims aligned as one event."""

    members: list[ClaimView] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)

    def matches(self, v: ClaimView) -> bool:
        """Same action on the same thing by compatible participants."""
        if self.participants and v.participants and not (self.participants & v.participants):
            return False
        if not any(periods_overlap(m.period, v.period) for m in self.members):
            return False
        # against the founding (most fully described) claim only, so that a chain of loosely
        # similar phrasings cannot drift from one event to another
        return same_action(self.members[0], v)

    def add(self, v: ClaimView) -> None:
        self.members.append(v)
        self.words |= v.words
        self.participants |= v.participants


@cache
def _reporting_verbs() -> frozenset[str] | None:
    """The extractor's reporting verbs (models/lexicon.yaml ``reporting_verbs``: "say", "note"),
    or None when the list cannot be read."""
    try:
        data = read_yaml("lexicon.yaml")
    except ConfigError:
        return None
    words = data.get("reporting_verbs") if isinstance(data, dict) else None
    if not isinstance(words, list) or not words:
        return None
    return frozenset(_singular(str(w).lower()) for w in words)


def names_occasion(words: Iterable[str]) -> bool:
    """Whether an event predicate's content words name one particular occasion.

    Two or more words do ("secure trade framework"); one does unless it is a reporting verb
    (a statement is made again and again, a collapse or a resignation happens once).
    """
    found = set(words)
    if len(found) >= 2:
        return True
    verbs = _reporting_verbs()
    # without the list, every bare predicate is taken as a statement (no occasion): a missed
    # conflict rather than statements on two days called one event dated twice
    return len(found) == 1 and verbs is not None and not (found & verbs)


def names_statement(predicate: str) -> bool:
    """Whether an event predicate is a bare reporting verb ("say", "said"): a statement."""
    words = [_singular(t) for t in _TOKEN.findall(predicate.lower())]
    verbs = _reporting_verbs()
    return len(words) == 1 and verbs is not None and (
        words[0] in verbs or words[0].removesuffix("ed") in verbs
        or words[0].removesuffix("d") in verbs or words[0] == "said")


def same_action(a: ClaimView, b: ClaimView) -> bool:
    """Whether two event claims phrase one action on one thing."""
    # The predicate's object carries what the event is about ("framework", "tariff"): two
    # phrasings of one event share at least half of the content words of the shorter one, or
    # are near-identical. A shared verb alone ("secure a framework" / "secure licences") is not
    # the same event, nor is one generic shared word ("impose export curbs" / "receive export
    # licences").
    wa, wb = set(a.words), set(b.words)
    if len(wa) < 2 or len(wb) < 2:
        # a bare reporting verb ("said", "noted") names no particular occasion: two statements
        # by one party on different days are two events, not one event dated twice; any other
        # bare predicate ("collapsed", "resigned") is one only as itself
        return wa == wb and names_occasion(wa)
    if a.verb and a.verb == b.verb:
        wa.discard(a.verb)
        wb.discard(b.verb)
    shared = wa & wb
    if shared and len(shared) >= SAME_ACTION_SHARE * min(len(wa), len(wb)):
        return True
    ta, tb = a.claim.event or a.claim.text, b.claim.event or b.claim.text
    return fuzz.token_set_ratio(ta.lower(), tb.lower()) >= EVENT_TEXT_SIMILAR


def align_events(views: Sequence[ClaimView]) -> list[EventGroup]:
    """Group event claims that describe one event (same action, participants, time)."""
    groups: list[EventGroup] = []
    for v in sorted((v for v in views if v.claim.kind == "event"),
                    key=lambda v: (-len(v.words) - len(v.participants), v.claim.article_id,
                                   v.claim.start)):
        for g in groups:
            if g.matches(v):
                g.add(v)
                break
        else:
            g = EventGroup()
            g.add(v)
            groups.append(g)
    return groups
