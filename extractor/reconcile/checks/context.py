"""What every finding rule shares: the story context that collects findings, and how facts
and claims are named in explanations."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from extractor.core.records import Fact, FactStatus, Finding, FindingKind, Severity, stable_id
from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.describe import describe_quantity, entity_phrase, period_phrase, possessive
from extractor.reconcile.frames import Frame

# Finding kinds that say statements of a fact cannot all be true: the fact they are about is in
# conflict (the report's disputed cells follow the same list: report/data.py).
DISPUTE_KINDS = frozenset({
    "value_conflict", "date_conflict", "place_conflict", "direction_conflict",
    "attribution_conflict", "mislabelled_object", "internal_inconsistency", "arithmetic",
    "part_whole", "scope_conflict", "person_conflict", "currency_conflict", "period_conflict",
})


@dataclass
class StoryAnalysis:
    """The facts and findings of one story."""

    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Context:
    story_id: str
    names: dict[str, str]  # article id -> outlet name for explanations
    published: dict[str, str | None]
    # findings with the fact they are about; fact ids are known once facts stop merging
    pending: list[tuple[Finding, Group | None]] = field(default_factory=list)
    status: dict[int, FactStatus] = field(default_factory=dict)  # id(group) -> status
    fact_ids: dict[int, str] = field(default_factory=dict)
    # claim id -> what its own words establish (frames.py); a claim without one is unsure
    frames: Mapping[str, Frame] = field(default_factory=dict)

    def frame(self, m: ClaimView) -> Frame | None:
        return self.frames.get(m.claim.id)

    def sure(self, m: ClaimView) -> bool:
        """Whether the claim's period and role are its own (frames.Frame.sure)."""
        f = self.frames.get(m.claim.id)
        return f is not None and f.sure

    def stated(self, m: ClaimView) -> bool:
        """Whether the claim names its subject in its own sentence, with a sure frame."""
        f = self.frames.get(m.claim.id)
        return f is not None and f.sure and f.entity and m.subject is not None

    def add(self, kind: FindingKind, severity: Severity, members: Sequence[ClaimView],
            explanation: str, fact: Group | None = None) -> None:
        claims = list({m.claim.id: m.claim for m in members}.values())
        claim_ids = tuple(c.id for c in claims)
        article_ids = tuple(dict.fromkeys(c.article_id for c in claims))
        # one quoted sentence per claim id, in the order of claim_ids (the report pairs them),
        # even when two claims share a sentence
        evidence = tuple(" ".join(c.sentence.split()) for c in claims)
        finding = Finding(
            id=stable_id(self.story_id, kind, *sorted(claim_ids)),
            story_id=self.story_id,
            kind=kind,
            severity=severity,
            article_ids=article_ids,
            claim_ids=claim_ids,
            explanation=explanation[:1].upper() + explanation[1:],
            evidence=evidence,
        )
        self.pending.append((finding, fact))

    def supersede(self, kinds: Collection[str], claim_ids: Collection[str]) -> None:
        """One finding per disagreement: drop the findings of ``kinds`` already raised on any of
        ``claim_ids``, which the finding about to be added explains."""
        ids = set(claim_ids)
        self.pending = [(f, g) for f, g in self.pending
                        if not (f.kind in kinds and ids & set(f.claim_ids))]

    def add_text(self, kind: FindingKind, severity: Severity, article_ids: Sequence[str],
                 sentences: Sequence[str], explanation: str, fact: Group | None = None) -> None:
        """A finding read from the articles' sentences rather than from claims (a contract's
        end year is a date, not a figure): its evidence is those sentences."""
        finding = Finding(
            id=stable_id(self.story_id, kind, *sorted(set(article_ids)), *sentences),
            story_id=self.story_id,
            kind=kind,
            severity=severity,
            article_ids=tuple(dict.fromkeys(article_ids)),
            claim_ids=(),
            explanation=explanation[:1].upper() + explanation[1:],
            evidence=tuple(" ".join(s.split()) for s in sentences),
        )
        self.pending.append((finding, fact))

    def quote(self, members: Sequence[ClaimView], limit: int = 3) -> str:
        """'Outlet A: "sentence"; Outlet B: "sentence"', one quote per article and field."""
        parts, seen = [], set()
        for m in members:
            if (m.claim.article_id, m.claim.field) in seen:
                continue
            seen.add((m.claim.article_id, m.claim.field))
            sentence = " ".join(m.claim.sentence.split())
            if len(sentence) > 300:
                sentence = sentence[:297] + "..."
            # a headline claim is quoted as the headline: what readers of the title see
            where = " (headline)" if m.claim.field == "title" else ""
            parts.append(f'{self.names.get(m.claim.article_id, m.claim.article_id)}{where}: '
                         f'"{sentence}"')
            if len(parts) >= limit:
                break
        more = len({m.claim.article_id for m in members}) - len(parts)
        return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")

    def outlets(self, members: Sequence[ClaimView]) -> str:
        names = dict.fromkeys(self.names.get(m.claim.article_id, m.claim.article_id)
                              for m in members)
        return ", ".join(names)




def period_text(period: tuple[str | None, str | None]) -> str:
    return period_phrase(*period)


def describe(g: Group) -> str:
    """A plain-language description of a fact from its descriptors."""
    return describe_quantity(g.members, block=g.block, flow=g.flow, subject=g.subject,
                             counterpart=g.counterpart, head=g.head, period=g.period,
                             comparison=g.comparison)


def flow_phrase(g: Group) -> str:
    """Who gives what to whom, from the giving side: "Brazil's exports to the Netherlands"."""
    # the metric as written by a claim seen from its own side ("imports" seen from the exporter
    # is the exporter's flow, which only the normalised flow names)
    metric = next((m.claim.metric.strip().lower() for m in g.members if m.claim.metric
                   and m.subject and _key(m.claim.subject) == m.subject), None)
    metric = metric or g.flow or "figure"
    who = possessive(entity_phrase(name_of(g, g.subject))) if g.subject else "an unnamed party's"
    to = f" to {entity_phrase(name_of(g, g.counterpart))}" if g.counterpart else ""
    return f"{who} {metric}{to}"


def _key(name: str | None) -> str:
    return (name or "").strip().lower().removeprefix("the ")


def plural(n: int, noun: str) -> str:
    """A count with its noun: "1 independent source", "3 independent sources"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def verb(n: int, word: str) -> str:
    """A present-tense verb agreeing with a count of subjects: verb(1, "give") -> "gives"."""
    if n != 1:
        return word
    return word + "es" if word.endswith(("s", "sh", "ch", "x", "z")) else word + "s"


def name_of(g: Group, key: str) -> str:
    """An entity as the claims write it (views compare lower-cased names)."""
    for m in g.members:
        for name in (m.claim.subject, m.claim.counterpart):
            if name and name.strip().lower().removeprefix("the ") == key:
                return name.strip()
    return key


def show(v: ClaimView) -> str:
    return f'"{v.claim.text}"'


def co_stated(a: Group, b: Group) -> bool:
    sentences = {(m.claim.article_id, m.claim.field, m.claim.sentence_start, m.claim.sentence)
                 for m in a.members}
    return any((m.claim.article_id, m.claim.field, m.claim.sentence_start, m.claim.sentence)
               in sentences for m in b.members)
