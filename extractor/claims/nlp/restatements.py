"""Figures that restate another figure's context: appended changes, range ends, "a similar X".

These run on finished claims, as they copy roles one figure's rules read to a neighbour whose
own parse says less.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.figures import CONTEXT_TOKENS, Draft
from extractor.claims.nlp.timeline import sentence_of
from extractor.core.records import Claim, stable_id

__all__ = ["range_context", "restated_context", "similar_shares"]

# Words that introduce the base level a figure is compared with ("€19.2bn, compared with
# €18.3bn", "$910 million from $640 million").
_BASE_MARKERS = ("compared with", "compared to", "versus", "vs", "vs.", "against", "from",
                 "up from", "down from", "than")
_SIMILAR = re.compile(r"\bsimilar\b", re.IGNORECASE)


def restated_context(ctx: Context, text: str, drafts: list[Draft], claims: list[Claim]) -> None:
    """ "revenue of $4.8 billion, up 12% year-on-year": an appended change measures the
    level just before it, whatever verb the parse hangs it from."""
    for k in range(1, len(drafts)):
        d, prev = drafts[k], drafts[k - 1]
        if prev.basis != "absolute" or prev.sent.start != d.sent.start or \
                claims[k - 1].metric is None:
            continue
        between = text[prev.mention.end:d.mention.start].rstrip().lower()
        if d.basis == "absolute" and d.unit == prev.unit and \
                between.endswith(_BASE_MARKERS):
            pass  # "revenue grew to €19.2bn, compared with €18.3bn": the base of the same
        elif d.basis != "change" or not between.endswith((", up", ", down", "; up",
                                                            "; down")) or \
                ctx.governing_verb(d.anchor) is ctx.governing_verb(prev.anchor):
            continue
        before = claims[k - 1]
        claims[k] = dataclasses.replace(
            claims[k], metric=before.metric, object=before.object,
            subject=before.subject or claims[k].subject,
            counterpart=before.counterpart or claims[k].counterpart,
            participants=before.participants or claims[k].participants)


def range_context(drafts: list[Draft], claims: list[Claim]) -> None:
    """ "between 5 and 7%": one range, one context; the high end carries the words."""
    for k in range(len(claims) - 1):
        if drafts[k].mention.bound == "low" and drafts[k + 1].mention.bound == "high":
            high = claims[k + 1]
            claims[k] = dataclasses.replace(
                claims[k], metric=high.metric, object=high.object, subject=high.subject,
                counterpart=high.counterpart, participants=high.participants,
                unit=high.unit, period_start=high.period_start, period_end=high.period_end,
                period_text=high.period_text, comparison=high.comparison)


def similar_shares(ctx: Context, doc: Doc, text: str, drafts: list[Draft],
                   claims: list[Claim]) -> list[Claim]:
    """ "about 90% of the market, as well as a similar grip on refining": a second share.

    An anaphoric "a similar <noun>" right after a share restates that share for another
    object; it becomes a share claim of its own, hedged "about" and less confident.
    """
    out = list(claims)
    shares = [d for d in drafts if d.basis == "share"]
    hits = [doc.char_span(m.start(), m.end()) for m in _SIMILAR.finditer(text)]
    for t in (span[0] for span in hits if shares and span is not None):
        if t.dep_ != "amod" or t.head.pos_ != "NOUN":
            continue
        noun = t.head
        det = doc[t.i - 1] if t.i > 0 else None
        if det is None or det.lower_ not in ("a", "the"):
            continue
        before = [(d, c) for d, c in zip(drafts, claims, strict=True)
                  if d.basis == "share" and d.tokens.end <= det.i
                  # "similar" refers back within about a sentence
                  and det.i - d.tokens.end <= CONTEXT_TOKENS // 2]
        if not before:
            continue
        _, source = before[-1]
        target = ctx.prep_object(noun, "on", "in", "of", "over")
        if target is not None and target.lower_ in ("the",):
            target = None
        obj = ctx.compact_np(target, with_of=True) if target is not None else None
        start, end = det.idx, noun.idx + len(noun.text)
        out.append(dataclasses.replace(
            source, id=stable_id("", start, end, "quantity"), text=text[start:end],
            start=start, end=end, sentence=sentence_of(doc, t.i).text,
            sentence_start=sentence_of(doc, t.i).start_char,
            qualifier="about", object=obj, unit_text=None,
            confidence=round(max(0.1, source.confidence - 0.3), 3),  # read by analogy
        ))
    out.sort(key=lambda c: c.start)
    return out
