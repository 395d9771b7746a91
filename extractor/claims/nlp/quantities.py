"""Quantity claims: each figure of a Doc with basis, direction, comparison, period and context.

The steps, each in its own module:

1. ``figures``: mentions -> drafts, skipping numbers that are no quantity (years, model
   numbers, page furniture); units, rates, ambiguous currencies.
2. ``basis``: absolute, change, share, multiple or rank, and the direction of a change.
3. ``figure_periods``: the period a figure is for and the comparison a change makes.
4. ``roles``: what it measures and of whom (metric, object, subject, counterpart), by the
   ordered rules of ``metric_rules`` and ``subject_rules``.
5. ``restatements``: figures that restate a neighbour's context ("..., up 12%", range ends,
   "a similar grip").
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span

from extractor.claims.nlp.basis import BasisReader
from extractor.claims.nlp.context import Context
from extractor.claims.nlp.entities import doc_text
from extractor.claims.nlp.figure_periods import FigurePeriods
from extractor.claims.nlp.figures import Draft, FigureReader
from extractor.claims.nlp.mentions import MentionFinder
from extractor.claims.nlp.periods import Reference
from extractor.claims.nlp.restatements import range_context, restated_context, similar_shares
from extractor.claims.nlp.roles import RoleReader
from extractor.claims.nlp.timeline import Cue, PeriodMention
from extractor.core.records import Claim, stable_id

__all__ = ["QuantityReader"]

_CONTEXT_CHARS = 500  # about two news sentences, in characters: how far a subject carries


class QuantityReader:
    """Turns a parsed Doc into quantity claims."""

    def __init__(self, finder: MentionFinder, context: Context) -> None:
        self._sources: dict[tuple[int, int], str | None] = {}
        self.finder = finder
        self.ctx = context
        self.lex = context.lexicon
        self.figures = FigureReader(finder, context)
        self.basis = BasisReader(context.lexicon)
        self.periods = FigurePeriods(context, finder.units)
        self.roles = RoleReader(context)

    def claims(self, doc: Doc, periods: list[PeriodMention], cues: list[Cue],
               ref: Reference, pipeline: str, ref_penalty: float) -> list[Claim]:
        text = doc_text(doc)
        cue_tokens = {i for c in cues for i in range(c.start, c.end)}
        self._sources = {}
        drafts = self.figures.drafts(doc, text, periods)
        for d in drafts:
            self.basis.read(d, text, cue_tokens)
        self.figures.resolve_currencies(doc, drafts)
        self.basis.ranges(drafts)
        self.basis.restated_changes(drafts, text)
        self.basis.points_of_a_rate(drafts)
        doc._.main_period = self.periods.assign_periods(doc, drafts, periods, ref)
        self.periods.assign_comparisons(drafts, periods, cues)
        claims: list[Claim] = []
        last_subject: dict[int, str] = {}  # sentence start (char) -> the subject it gave
        for d in drafts:
            claim = self._claim(d, text, pipeline, ref_penalty, last_subject)
            if d.period_from == "background" and d.period is not None and \
                    not self.periods.continues(claim, d, d.period.sent_start, drafts, claims):
                # a period of another time than the story's, borrowed from another sentence,
                # only when this one goes on about the same measure: "57 reports" after
                # "sales rose ... in 2019" is not for 2019. No period rather than a wrong one
                # (unknown aligns with any).
                claim = dataclasses.replace(claim, period_start=None, period_end=None,
                                            period_text=None)
            claims.append(claim)
        restated_context(self.ctx, text, drafts, claims)
        range_context(drafts, claims)
        return similar_shares(self.ctx, doc, text, drafts, claims)

    def _claim(self, d: Draft, text: str, pipeline: str, ref_penalty: float,
               last_subject: dict[int, str]) -> Claim:
        m = d.mention
        metric, obj, subject, counterpart = self.roles.roles(d)
        if subject is None:
            subject = _carried_subject(d, text, last_subject, counterpart)
        elif d.basis != "share":
            last_subject[d.sent.start_char] = subject
        period = d.period.period if d.period and not d.period.period.is_open else None
        return Claim(
            id=stable_id("", m.start, m.end, "quantity"),
            article_id="",
            kind="quantity",
            text=text[m.start:m.end],
            start=m.start,
            end=m.end,
            sentence=d.sent.text,
            sentence_start=d.sent.start_char,
            value=d.value,
            unit=d.unit,
            unit_text=m.unit_text,
            basis=d.basis,  # type: ignore[arg-type]
            direction=d.direction if d.basis in ("change", "multiple") else None,  # type: ignore[arg-type]
            comparison=d.comparison if d.basis in ("change", "multiple") else None,  # type: ignore[arg-type]
            qualifier=d.mention.qualifier,  # type: ignore[arg-type]  # a role may hedge it
            period_start=period.start.isoformat() if period else None,
            period_end=period.end.isoformat() if period else None,
            period_text=(d.period.text or None) if d.period else None,
            metric=metric,
            object=obj,
            subject=subject,
            counterpart=counterpart,
            source=self._source(d.sent),
            participants=self.roles.groups.get(subject or "", ()),
            confidence=_confidence(d, ref_penalty),
            pipeline=pipeline,
        )

    def _source(self, sent: Span) -> str | None:
        key = (id(sent.doc), sent.start)
        if key not in self._sources:
            self._sources = {key: self.ctx.source(sent)} if len(self._sources) > 256 else {
                **self._sources, key: self.ctx.source(sent)}
        return self._sources[key]


def _carried_subject(d: Draft, text: str, last_subject: dict[int, str],
                     counterpart: str | None) -> str | None:
    """A figure with no subject of its own continues its paragraph's last subject, unless that
    is the other side its own sentence names ("shipments to Japan")."""
    earlier = [k for k in last_subject if d.sent.start_char - k <= _CONTEXT_CHARS
               and "\n" not in text[k:d.sent.start_char]]
    subject = last_subject[max(earlier)] if earlier else None
    return None if subject is not None and subject == counterpart else subject


def _confidence(d: Draft, ref_penalty: float) -> float:
    # Confidence steps are ranks, not probabilities: a period read from the figure's own
    # words beats one borrowed from its sentence, which beats one from earlier text; a
    # figure with no unit is the least sure of what it measures.
    confidence = d.confidence
    if d.period_from == "statement":
        confidence -= 0.05
    elif d.period_from in ("context", "background"):
        confidence -= 0.1
    elif d.period_from in ("main", "none"):
        confidence -= 0.15
    if d.period is not None and not d.period.period.is_open:
        confidence -= ref_penalty
    if d.unit is None:
        confidence -= 0.2
    return round(max(0.1, min(1.0, confidence)), 3)
