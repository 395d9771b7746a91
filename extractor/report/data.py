"""Gather, from the database, everything one report shows about each story."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

import sqlite_utils

from extractor import store
from extractor.core.dates import order_key
from extractor.core.errors import NotFoundError
from extractor.core.records import Article, Claim, Fact, Finding, Story

__all__ = [
    "SEVERITIES",
    "CellState",
    "EmptyReportError",
    "FactView",
    "StoryReport",
    "TimelineEntry",
    "gather",
    "join_names",
    "language_marker",
    "next_step",
    "outlet_label",
    "outlet_of",
    "split_brief",
]

SEVERITIES = ("high", "medium", "low", "info")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
# Finding kinds that say two or more statements of one fact cannot all be true; a cell of the
# facts x outlets matrix whose claim such a finding names is shown as disputed.
_DISPUTE_KINDS = frozenset({
    "value_conflict", "date_conflict", "place_conflict", "direction_conflict",
    "attribution_conflict", "mislabelled_object", "internal_inconsistency", "arithmetic",
    "part_whole", "scope_conflict", "person_conflict", "currency_conflict", "period_conflict",
})
# Kinds where what is disputed is the value (or date, place, direction) itself, so every claim
# stating the same value shares the dispute. In the other kinds (a wrong label, a wrong
# attribution, sums that do not add up, a part given as the whole) the value may be right and
# only named claims are.
_VALUE_KINDS = frozenset({"value_conflict", "date_conflict", "place_conflict",
                          "direction_conflict", "person_conflict", "currency_conflict",
                          "period_conflict"})
# For label disputes, the fields whose wording is in question: a named claim is disputed when
# one of them disagrees with the fact's own (best-supported) label.
_LABEL_FIELDS = {"mislabelled_object": ("object",), "attribution_conflict": ("subject", "source")}

CellState = str  # "agree" | "dispute" | "single" | "update"


class EmptyReportError(NotFoundError):
    """There is nothing to report yet; the message says which stage to run next."""


@dataclass(frozen=True)
class FactView:
    """One fact with its claims, and how each article's statement of it stands."""

    fact: Fact
    claims: tuple[Claim, ...]
    disputed_claim_ids: frozenset[str]

    def claims_of(self, article_id: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.article_id == article_id)

    def cell_state(self, article_id: str) -> CellState | None:
        """How this article's statement of the fact stands, or None when it does not state it."""
        mine = self.claims_of(article_id)
        if not mine:
            return None
        if any(c.id in self.disputed_claim_ids for c in mine):
            return "dispute"
        status = self.fact.status
        if status == "single_source":
            return "single"
        if status == "update":
            return "update"
        return "agree"


@dataclass(frozen=True)
class TimelineEntry:
    """A dated point of the story: an article's publication or a dated event it reports."""

    date: str  # ISO date or datetime, sorts as text
    kind: str  # "article" | "event"
    label: str
    article_ids: tuple[str, ...] = ()
    place: str | None = None  # "in <place> (<outlets>)", for each place the outlets give
    end: str | None = None  # for events known only to a period


@dataclass(frozen=True)
class StoryReport:
    """Everything the renderers need about one story, findings first by severity."""

    story: Story
    articles: tuple[Article, ...]
    facts: tuple[FactView, ...]
    findings: tuple[Finding, ...]
    claims: dict[str, Claim] = field(repr=False)

    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def outlet(self, article_id: str) -> str:
        article = self.article_by_id.get(article_id)
        return outlet_label(article) if article else article_id

    def severity_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    @property
    def disputes(self) -> tuple[Finding, ...]:
        """The findings the Findings section lists: all but single-source notices, which the
        section on single-source figures shows with their facts."""
        return tuple(f for f in self.findings if f.kind != "single_source")

    @property
    def brief(self) -> bool:
        """Nothing to cross-check: one article and no dispute above info. Listed, not detailed."""
        return len(self.articles) < 2 and all(f.severity == "info" for f in self.disputes)

    def rank(self) -> tuple[object, ...]:
        """Sort key: the stories with the most severe disputes first, then the best covered.

        Single-source notices do not count: a story many outlets agree on except for one
        conflict comes before a story of one outlet's unchecked figures.
        """
        counts: Counter[str] = Counter(f.severity for f in self.disputes)
        return (*(-counts.get(s, 0) for s in SEVERITIES), -len(self.articles),
                _descending(self.story.last_published or ""))

    def single_source_facts(self) -> tuple[FactView, ...]:
        """Facts one outlet states and nobody disputes: listed, not drawn in the matrix."""
        return tuple(v for v in self.facts
                     if v.fact.status == "single_source" and not v.disputed_claim_ids)

    def matrix_facts(self) -> tuple[FactView, ...]:
        """The rows of the facts x outlets matrix: what more than one outlet states, or what is
        disputed. A one-outlet fact has a single filled cell and nothing to compare: in a story
        of 50 facts, 40 such rows buried the 10 that were cross-checked, so they are listed apart.
        """
        single = set(map(id, self.single_source_facts()))
        return tuple(v for v in self.facts if id(v) not in single)

    def duplicates(self) -> dict[str, str]:
        """Copy article id -> original article id, each pair once.

        The reconciler's story-level copy list is authoritative: it orders by publication and
        credit lines, and already weighs the crawler's ``duplicate_of`` (which may point the
        other way when the copy was fetched first). A crawler link is added only for an article
        that list does not mention at all, and only to an article of this story.
        """
        pairs = {copy: original for copy, original in self.story.syndicated if copy != original}
        mentioned = set(pairs) | set(pairs.values())
        ids = {a.id for a in self.articles}
        for article in self.articles:
            original = article.duplicate_of
            if (original and original != article.id and original in ids
                    and article.id not in mentioned and original not in pairs):
                pairs[article.id] = original
                mentioned |= {article.id, original}
        return pairs

    def timeline(self) -> tuple[TimelineEntry, ...]:
        entries = [
            TimelineEntry(a.published, "article", a.title or a.url, (a.id,))
            for a in self.articles
            if a.published
        ]
        for view in self.facts:
            fact = view.fact
            if fact.kind != "event" or not fact.period_start:
                continue
            by_place: dict[str, set[str]] = {}
            for claim in view.claims:
                if claim.place:
                    by_place.setdefault(claim.place, set()).add(self.outlet(claim.article_id))
            places = "; ".join(
                f"in {place} ({join_names(sorted(outlets))})"
                for place, outlets in sorted(by_place.items())
            )
            entries.append(
                TimelineEntry(
                    fact.period_start,
                    "event",
                    fact.description,
                    fact.article_ids,
                    place=places or None,
                    end=fact.period_end if fact.period_end != fact.period_start else None,
                )
            )
        # Events before articles on the same day: the event is what the articles report.
        # Within a day, articles by their publication instant (offsets differ between outlets).
        return tuple(sorted(entries, key=lambda e: (e.date[:10], e.kind != "event",
                                                    order_key(e.date))))


def join_names(names: Iterable[str]) -> str:
    """Outlet names as a list: "A, B", or "A; B" when a name holds a comma itself (a headline
    standing for an outlet), so that the list still parses."""
    items = list(names)
    return ("; " if any("," in n for n in items) else ", ").join(items)


def language_marker(article: Article) -> str:
    """ " [de]" after the outlet of an article not in English: a reader sees that its quote is
    the original sentence in that language (ISO 639-1), not a translation."""
    lang = (article.language or "").split("-")[0].lower()
    return f" [{lang}]" if lang and lang != "en" else ""


def outlet_label(article: Article) -> str:
    """The outlet as the report shows it: its name, with the language of a report not in
    English ("Domstadt-Rundschau [de]")."""
    return outlet_of(article) + language_marker(article)


def outlet_of(article: Article) -> str:
    """The name an article's outlet is shown under: its outlet, site name or host."""
    if article.outlet:
        return article.outlet
    if article.site_name:
        return article.site_name
    parts = urlsplit(article.url)
    if parts.hostname:
        return parts.hostname.removeprefix("www.")
    # A local file (`newsclaims ingest`): its headline says more to a reader than a file name
    # such as 003_06136ee423a96cb5.txt, so the first words of the title stand for the outlet.
    title = " ".join((article.title or "").split())
    if title:
        return _shorten(title, _LABEL_CHARS)
    return parts.path.rstrip("/").rsplit("/", 1)[-1] or article.url


# Long enough for the first four or five words of a headline, short enough for a column head.
_LABEL_CHARS = 30


def _shorten(text: str, limit: int) -> str:
    """The text, cut at a word boundary with an ellipsis when longer than ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—/")
    return f"{cut}…"


def _article(db: sqlite_utils.Database, article_id: str) -> Article | None:
    try:
        return store.get_article(db, article_id)
    except sqlite_utils.db.NotFoundError:
        return None  # a membership row whose article is gone: report what is left


def _statement(claim: Claim) -> tuple[object, ...]:
    """What a claim asserts, without its wording: equal statements stand or fall together."""
    if claim.kind == "event":
        return ("event", claim.place, claim.period_start, claim.period_end)
    return ("quantity", claim.value, claim.unit, claim.basis, claim.period_start)


def _words(label: str) -> frozenset[str]:
    """A label's words, lower-cased, plural -s dropped: "Steel-pipe exports" -> steel, pipe, export.

    Words of three letters or fewer keep their s ("gas", "bus"): too short to be plurals safely.
    """
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w
                     for w in re.findall(r"[a-z0-9]+", label.lower()))


def _same_label(a: str, b: str) -> bool:
    """One label's words contain the other's: "pipe" and "steel pipes" name one thing."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _mislabelled(claim: Claim, fact: Fact, fields: tuple[str, ...]) -> bool:
    for name in fields:
        mine, reference = getattr(claim, name), getattr(fact, name, None)
        if mine and reference and not _same_label(mine, reference):
            return True
    return False


def _disputed(fact: Fact, claims: tuple[Claim, ...], findings: list[Finding]) -> frozenset[str]:
    """The claims of a fact that its findings put in dispute.

    Only findings above info count (an info note such as "the arithmetic is consistent" disputes
    nothing). A claim is disputed when a finding names it and, if the finding names articles,
    one of them. For value, date, place and direction conflicts, every claim stating the same
    thing is disputed too: a finding names one claim per side, and a syndicated copy saying the
    same is just as much in dispute. For label disputes (a mislabelled object, a wrong
    attribution) the figure may be right: of the named claims, only those whose label differs
    from the fact's are disputed, unless no label tells them apart.
    """
    by_id = {c.id: c for c in claims}
    disputed: set[str] = set()
    for finding in findings:
        if finding.kind not in _DISPUTE_KINDS or finding.severity == "info":
            continue
        articles = set(finding.article_ids)
        named = {i for i in finding.claim_ids
                 if i in by_id and (not articles or by_id[i].article_id in articles)}
        fields = _LABEL_FIELDS.get(finding.kind)
        if fields:
            wrong = {i for i in named if _mislabelled(by_id[i], fact, fields)}
            named = wrong or named
        disputed |= named
        if finding.kind in _VALUE_KINDS:
            said = {_statement(by_id[i]) for i in named}
            disputed |= {c.id for c in claims if _statement(c) in said}
    return frozenset(disputed)


def _older(pipeline: str | None, version: str | None) -> bool:
    """A newsclaims pipeline id ("newsclaims-<version>+<model>+<hash>") of another version.

    Ids that are not newsclaims' own (hand-made claims, another tool) are not ours to judge.
    """
    if not pipeline or version is None or not pipeline.startswith("newsclaims-"):
        return False
    return pipeline.removeprefix("newsclaims-").split("+", 1)[0] != version


def next_step(db: sqlite_utils.Database, pipeline_version: str | None = None) -> str | None:
    """One line saying which command the database needs before its report is complete, or None.

    In order: articles never extracted, articles extracted by an older pipeline (when the
    current ``pipeline_version`` is given), articles extracted but not in any story yet.
    """
    where = store.db_path(db)
    articles = store.counts(db)["articles"]
    if not articles:
        return (f"{where} holds no articles yet: run `newsclaims run` (or `newsclaims crawl`, "
                "`extract` and `reconcile`) first")
    rows = store.article_states(db)
    unextracted = sum(1 for _, pipeline, _ in rows if pipeline is None)
    if unextracted:
        return (f"{where} holds {_count(unextracted, articles)} with no claims yet: "
                "run `newsclaims extract`, then `newsclaims reconcile`")
    older = sorted({p for _, p, _ in rows if p is not None and _older(p, pipeline_version)})
    if older:
        n = sum(1 for _, p, _ in rows if p in older)
        return (f"{where} holds {_count(n, articles)} extracted by an older pipeline "
                f"({', '.join(older[:2])}): run `newsclaims extract`, then "
                "`newsclaims reconcile`")
    loose = sum(1 for *_, member in rows if not member)
    if loose:
        return (f"{where} holds {_count(loose, articles)} not grouped into stories yet: "
                "run `newsclaims reconcile`")
    return None


def _count(n: int, total: int) -> str:
    """ "3 articles", or "1 of 3 articles" when only some are meant."""
    return f"{n} of {total} articles" if n < total else f"{n} article{'s' * (n != 1)}"


def _empty_message(db: sqlite_utils.Database) -> str:
    return next_step(db) or f"{store.db_path(db)} holds no stories yet: run `newsclaims reconcile`"


def gather(db: sqlite_utils.Database, story_id: str | None = None) -> list[StoryReport]:
    """The stories to report (one, or all), each with its articles, facts, claims and findings.

    Raises NotFoundError for an unknown ``story_id`` and EmptyReportError when there is no story.
    """
    stories = list(store.iter_stories(db))
    if story_id is not None:
        stories = [_one_story(db, stories, story_id)]
    if not stories:
        raise EmptyReportError(_empty_message(db))
    return sorted((_gather_story(db, story) for story in stories), key=StoryReport.rank)


def split_brief(reports: list[StoryReport]) -> tuple[list[StoryReport], list[StoryReport]]:
    """Stories to show in full, and one-article stories to list briefly (only among several)."""
    if len(reports) < 2:
        return reports, []
    return [r for r in reports if not r.brief], [r for r in reports if r.brief]


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


def _one_story(db: sqlite_utils.Database, stories: list[Story], story_id: str) -> Story:
    """The story with this id, or the only one whose id starts with it (as git takes hashes)."""
    exact = [s for s in stories if s.id == story_id]
    if exact:
        return exact[0]
    matches = [s for s in stories if story_id and s.id.startswith(story_id)]
    if len(matches) == 1:
        return matches[0]
    where = store.db_path(db)
    if matches:
        ids = ", ".join(sorted(s.id for s in matches)[:5])
        raise NotFoundError(f"story id {story_id!r} is ambiguous in {where}: {ids} start with it")
    raise NotFoundError(f"no story {story_id!r} in {where}: `newsclaims stories` lists them")


def _gather_story(db: sqlite_utils.Database, story: Story) -> StoryReport:
    articles = [a for a in (_article(db, i) for i in story.article_ids) if a is not None]
    claims: dict[str, Claim] = {}
    for article in articles:
        claims.update((c.id, c) for c in store.iter_claims(db, article.id))
    findings = sorted(
        store.iter_findings(db, story.id), key=lambda f: _SEVERITY_RANK.get(f.severity, 99)
    )
    on_fact: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fact_id:
            on_fact.setdefault(finding.fact_id, []).append(finding)
    views = []
    for fact in store.iter_facts(db, story.id):
        fact_claims = tuple(claims[c] for c in fact.claim_ids if c in claims)
        disputed = _disputed(fact, fact_claims, on_fact.get(fact.id, []))
        if fact.status == "conflict" and not disputed:
            # In conflict, but no finding says which statements: none of them can be ticked.
            disputed = frozenset(c.id for c in fact_claims)
        if disputed and fact.status != "conflict":
            # a finding disputes some of its statements: the report agrees with itself and
            # never shows the fact as agreed (or as one outlet's) beside that finding
            fact = dataclasses.replace(fact, status="conflict")
        views.append(FactView(fact, fact_claims, disputed))
    # Disputed facts first (a finding on a one-outlet fact, a wrong label, disputes it too),
    # then the best-attested: the order a fact-checker reads them in.
    order = {"conflict": 0, "update": 1, "agreed": 2, "single_source": 3}
    views.sort(key=lambda v: (not v.disputed_claim_ids, order.get(v.fact.status, 9),
                              -len(set(v.fact.article_ids))))
    # by publication instant: "2026-10-13T08:00+09:00" comes before "2026-10-12T23:30+00:00"
    articles.sort(key=lambda a: (order_key(a.published), outlet_of(a).lower()))
    return StoryReport(story, tuple(articles), tuple(views), tuple(findings), claims)
