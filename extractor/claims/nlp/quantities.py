"""Quantity claims: each figure of a Doc with basis, direction, comparison, period and context."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.mentions import Mention, MentionFinder
from extractor.claims.nlp.periods import Period, months_between, shift_period
from extractor.claims.nlp.timeline import Cue, PeriodMention, sentence_of
from extractor.core.records import Claim, stable_id

__all__ = ["QuantityReader"]

T = TypeVar("T")
_VERBS = frozenset({"VERB", "AUX"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A sentence with no verb and at most this many words is page furniture ("Fourteen days free",
# "100+ trusted global sources."), not a statement: body sentences that state figures have a verb.
_FURNITURE_WORDS = 8
_YEARS = (1800, 2100)  # a bare four-digit integer in this range is a year, i.e. a period
_TIMES_NEXT = frozenset({"higher", "more", "larger", "bigger", "greater", "as", "the", "that",
                         "what", "faster", "lower", "smaller", "less", "over", "than", "its",
                         "their"})
_TARGET_PREPS = frozenset({"to", "at", "of", "from", "with", "for", "in", "on"})
_CONTEXT_TOKENS = 80  # about two news sentences: how far back a figure borrows a period
_CONTEXT_CHARS = 500  # the same, in characters, for carrying a subject within a paragraph
_BASE_CONFIDENCE = 0.9  # rules, not a trained model: never claim certainty


@dataclass
class _Draft:
    mention: Mention
    tokens: Span
    sent: Span
    kind: str
    value: float
    unit: str | None
    basis: str = "absolute"
    direction: str | None = None
    comparison: str | None = None
    period: PeriodMention | None = None
    period_from: str = "none"  # own | free | other | context | main | none
    base: Period | None = None
    confidence: float = _BASE_CONFIDENCE

    @property
    def anchor(self) -> Token:
        tokens = [t for t in self.tokens if not t.is_punct] or list(self.tokens)
        return tokens[-1]


class QuantityReader:
    """Turns a parsed Doc into quantity claims."""

    def __init__(self, finder: MentionFinder, context: Context) -> None:
        self._cue_tokens: set[int] = set()
        self._sources: dict[tuple[int, int], str | None] = {}
        self._groups: dict[str, tuple[str, ...]] = {}  # joined subject -> its members
        self._text = ""
        self.finder = finder
        self.ctx = context
        self.lex = context.lexicon

    # ------------------------------------------------------------------ entry point

    def claims(self, doc: Doc, periods: list[PeriodMention], cues: list[Cue],
               main: PeriodMention | None, pipeline: str, ref_penalty: float) -> list[Claim]:
        self._text = doc.text  # Doc.text is rebuilt from the tokens on every access
        excluded = self.finder.excluded_ranges(self._text)
        date_tokens: set[int] = set()
        for ent in doc.ents:
            # the statistical NER tags some ranges as DATE ("Between 10 and 20"): a DATE entity
            # counts only with a word of its own beyond function words
            if ent.label_ in ("DATE", "TIME") and any(
                    t.is_alpha and t.lower_ not in _RANGE_WORDS for t in ent):
                date_tokens.update(range(ent.start, ent.end))
        for p in periods:
            date_tokens.update(range(p.start, p.end))
        self._cue_tokens = {i for c in cues for i in range(c.start, c.end)}
        self._sources = {}
        drafts: list[_Draft] = []
        ex_starts = [s for s, _ in excluded]
        for mention in self.finder.find(self._text):
            k = bisect.bisect_left(ex_starts, mention.end)
            if any(e > mention.start for _, e in excluded[max(0, k - 3):k]):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            draft = self._draft(mention, span, date_tokens)
            if draft is not None:
                drafts.append(draft)
        self._resolve_currencies(doc, drafts)
        self._ranges(drafts)
        self._restated_changes(drafts)
        self._assign_periods(drafts, periods, main)
        self._assign_comparisons(drafts, periods, cues)
        claims: list[Claim] = []
        last_subject: dict[int, str] = {}  # sentence start (char) -> the subject it gave
        for d in drafts:
            claim = self._claim(d, pipeline, ref_penalty, last_subject)
            if d.period_from == "context" and d.period is not None and \
                    not self._continues(claim, d, d.period.sent_start, drafts, claims):
                # a period borrowed from another sentence only when this one goes on about
                # the same measure: "57 reports" after "sales rose ... last year" is not for
                # last year. No period rather than a wrong one (unknown aligns with any).
                claim = dataclasses.replace(claim, period_start=None, period_end=None,
                                            period_text=None)
            claims.append(claim)
        self._restated_context(drafts, claims)
        for k in range(len(claims) - 1):
            if drafts[k].mention.bound == "low" and drafts[k + 1].mention.bound == "high":
                high = claims[k + 1]  # one range, one context: the high end carries the words
                claims[k] = dataclasses.replace(
                    claims[k], metric=high.metric, object=high.object, subject=high.subject,
                    counterpart=high.counterpart, participants=high.participants,
                    unit=high.unit, period_start=high.period_start, period_end=high.period_end,
                    period_text=high.period_text, comparison=high.comparison)
        return self._similar(doc, drafts, claims)

    def _continues(self, claim: Claim, d: _Draft, sent_start: int, drafts: list[_Draft],
                   made: list[Claim]) -> bool:
        """Whether ``claim`` goes on about what the sentence at ``sent_start`` measures: its
        metric or object is a word of that sentence or of one of its figures ("exported ... in
        June." -> "Total exports ... 3,188 tons"), or nothing tells otherwise (no figures there,
        no metric here). A share is of the measure before it ("made up 40% of the total")."""
        if claim.basis == "share" or not drafts:
            return True
        mine = {_stem(w) for x in (claim.metric, claim.object) if x for w in x.split()}
        if not mine:
            return True
        verb = self.ctx.governing_verb(d.anchor)
        subj = self.ctx.subject_of(verb) if verb is not None else None
        if subj is not None and subj.pos_ == "NOUN":
            mine.add(_stem(subj.lemma_))  # "Exports to Asia reached 310,000 vehicles": exports
        peers = [c for d, c in zip(drafts, made, strict=False) if d.sent.start == sent_start]
        if not peers:
            return True
        theirs = {_stem(w) for c in peers for x in (c.metric, c.object) if x for w in x.split()}
        sent = sentence_of(drafts[0].tokens.doc, sent_start)
        theirs.update(_stem(t.lemma_) for t in sent if t.pos_ in ("NOUN", "VERB", "PROPN"))
        return bool(mine & theirs)

    def _resolve_currencies(self, doc: Doc, drafts: list[_Draft]) -> None:
        """ "12.4 billion pesos": the peso of the countries the figure's sentence names, else of
        the article's most named country that has one (models/units.yaml `ambiguous`)."""
        units = self.finder.units
        todo = [d for d in drafts if d.unit in units.ambiguous]
        if not todo:
            return
        ents = self.ctx.entities
        named: list[tuple[int, str]] = []  # (sentence start, country)
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP", "LOC"):
                country = ents.known(ent.text) or ents.capitals.get(ents.clean(ent.text))
                if country:
                    named.append((sentence_of(doc, ent.start).start, country))
        counts = Counter(c for _, c in named)
        by_count = sorted(counts, key=lambda c: -counts[c])
        for d in todo:
            own = [c for start, c in named if start == d.sent.start]
            d.unit = units.resolve_currency(str(d.unit), [*own, *by_count])

    def _ranges(self, drafts: list[_Draft]) -> None:
        """The low end of a range reads its basis and sign from the high end ("fell 5-7%")."""
        for low, high in itertools.pairwise(drafts):
            if low.mention.bound != "low" or high.mention.bound != "high":
                continue
            if high.unit is None and (self._counted_noun(low) or self._counted_noun(high)):
                high.unit = "count"  # "between 10 and 20 people": the noun follows the pair
            low.basis, low.direction, low.unit = high.basis, high.direction, high.unit
            low.value = -abs(low.value) if high.value < 0 else abs(low.value)

    def _restated_context(self, drafts: list[_Draft], claims: list[Claim]) -> None:
        """ "revenue of $4.8 billion, up 12% year-on-year": an appended change measures the
        level just before it, whatever verb the parse hangs it from."""
        for k in range(1, len(drafts)):
            d, prev = drafts[k], drafts[k - 1]
            if prev.basis != "absolute" or prev.sent.start != d.sent.start or \
                    claims[k - 1].metric is None:
                continue
            between = self._text[prev.mention.end:d.mention.start].rstrip().lower()
            if d.basis == "absolute" and d.unit == prev.unit and \
                    between.endswith(_BASE_MARKERS):
                pass  # "revenue grew to €19.2bn, compared with €18.3bn": the base of the same
            elif d.basis != "change" or not between.endswith((", up", ", down", "; up",
                                                                "; down")) or \
                    self.ctx.governing_verb(d.anchor) is self.ctx.governing_verb(prev.anchor):
                continue
            before = claims[k - 1]
            claims[k] = dataclasses.replace(
                claims[k], metric=before.metric, object=before.object,
                subject=before.subject or claims[k].subject,
                counterpart=before.counterpart or claims[k].counterpart,
                participants=before.participants or claims[k].participants)

    def _restated_changes(self, drafts: list[_Draft]) -> None:
        """ "closed down 45.2 points, or 0.6%": the percentage restates the change."""
        for prev, d in itertools.pairwise(drafts):
            if d.basis != "absolute" or d.kind != "percent" or prev.basis != "change" or \
                    prev.sent.start != d.sent.start:
                continue
            between = self._text[prev.mention.end:d.mention.start].strip(" ,").lower()
            if between == "or":
                d.basis, d.direction = "change", prev.direction
                d.value = -abs(d.value) if prev.direction == "down" else abs(d.value)

    def _similar(self, doc: Doc, drafts: list[_Draft], claims: list[Claim]) -> list[Claim]:
        """ "about 90% of the market, as well as a similar grip on refining": a second share.

        An anaphoric "a similar <noun>" right after a share restates that share for another
        object; it becomes a share claim of its own, hedged "about" and less confident.
        """
        out = list(claims)
        shares = [d for d in drafts if d.basis == "share"]
        hits = [doc.char_span(m.start(), m.end()) for m in _SIMILAR.finditer(self._text)]
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
                      and det.i - d.tokens.end <= _CONTEXT_TOKENS // 2]
            if not before:
                continue
            _, source = before[-1]
            target = self.ctx.prep_object(noun, "on", "in", "of", "over")
            if target is not None and target.lower_ in ("the",):
                target = None
            obj = self.ctx.compact_np(target, with_of=True) if target is not None else None
            start, end = det.idx, noun.idx + len(noun.text)
            out.append(dataclasses.replace(
                source, id=stable_id("", start, end, "quantity"), text=self._text[start:end],
                start=start, end=end, sentence=sentence_of(doc, t.i).text,
                sentence_start=sentence_of(doc, t.i).start_char,
                qualifier="about", object=obj, unit_text=None,
                confidence=round(max(0.1, source.confidence - 0.3), 3),  # read by analogy
            ))
        out.sort(key=lambda c: c.start)
        return out

    # ------------------------------------------------------------------ figures

    def _draft(self, m: Mention, span: Span, date_tokens: set[int]) -> _Draft | None:
        doc = span.doc
        sent = sentence_of(doc, span.start)
        if not doc._.headline and self._is_furniture(sent):
            return None
        num_tokens = [t for t in span if t.idx < m.num_end and t.idx + len(t) > m.num_start]
        num_tok = num_tokens[0] if num_tokens else span[0]
        text_after = self._text[m.end:m.end + 40].lower()
        kind, value, unit = m.kind, m.value, m.unit
        if kind in ("number", "fraction") and num_tok.i in date_tokens:
            if unit not in self.finder.units.durations:
                return None
            prev = doc[num_tok.i - 1].lower_ if num_tok.i > sent.start else ""
            if prev in ("last", "past", "next", "previous", "coming", "recent", "first", "the"):
                return None  # "the past 12 months", "the three months to September": periods
        if kind == "number" and unit is None and not m.scaled:
            raw = self._text[m.num_start:m.num_end]
            if raw.isdigit() and len(raw) == 4 and _YEARS[0] <= value <= _YEARS[1]:
                return None  # a year: a period, never a quantity
            if text_after[:2] in ("'s", "’s") or text_after[:1] == "s":
                return None  # "100's", decades
            if re.match(r"[-–]\d", text_after):
                return None  # a score or a season ("won 3-1", "the 2024-25 season")
            prev_tok = doc[num_tok.i - 1] if num_tok.i > sent.start else None
            if prev_tok is not None and prev_tok.pos_ == "PROPN" and \
                    (prev_tok.is_title or (prev_tok.is_upper and len(prev_tok) > 1)) and \
                    "," not in raw and "." not in raw and m.qualifier == "exact" and \
                    m.start == num_tok.idx:
                return None  # a model or section number: "Boeing 737", "Article 5"
            if prev_tok is not None and prev_tok.lemma_.lower() in self.lex.label_nouns and \
                    "," not in raw and m.qualifier == "exact" and m.start == num_tok.idx:
                return None  # an identifier: "a phase 3 trial", "Category 4", "room 101"
        if kind == "fold" and m.unit_text == "times":
            nxt = text_after.split()[:1]
            if not nxt or nxt[0].strip(",.") not in _TIMES_NEXT:
                return None  # "three times" as occurrences, not a multiple
        if kind == "fold" and m.unit_text is None and num_tok.pos_ not in _VERBS and \
                text_after.split()[:1] not in (["the"], ["that"], ["what"], ["its"], ["their"]):
            return None  # "a double standard", "double-digit"; but "more than double the number"
        if kind == "fraction":
            words = self._text[m.num_start:m.num_end].lower().split()
            singular = words[-1] in ("third", "quarter", "fifth", "tenth")
            if singular and not (text_after.startswith(" of ") or text_after[:1] in ".,;"):
                return None  # "a third round", "a quarter century"
        if kind == "rank":
            last = span[-1]
            if last.tag_ != "JJS" and last.lower_ not in self.lex.superlatives and \
                    not (len(span) > 1 and span[-2].lower_ == "most"):
                return None  # "second test", "first interest"
        if kind == "number" and unit is None and num_tok.i > sent.start:
            unit = self.finder.units.prefixes.get(doc[num_tok.i - 1].lower_, unit)
        rate = _RATE.match(text_after)
        if rate and unit is not None and kind in ("money", "number"):
            per = rate.group(1)
            per_unit = self.finder.units.unit(per) or self.finder.units.unit(per + "s") or per
            unit = f"{unit}/{per_unit}"  # "$82.50 a barrel": USD/barrel; "per day": /day
        draft = _Draft(m, span, sent, kind, value, unit)
        self._basis(draft, text_after)
        return draft

    def _is_furniture(self, sent: Span) -> bool:
        words = [t for t in sent if t.is_alpha]
        if len(words) > _FURNITURE_WORDS:
            return False
        # a statement has a finite verb (or a verb at its root, or a verb of change the tagger
        # took for a participle: "Gross margin widened by ..."); "100+ trusted sources" has not
        change = self.lex.up_verbs | self.lex.down_verbs
        return not any(t.tag_ in _FINITE or (t.pos_ in _VERBS and t.dep_ == "ROOT")
                       or (t.pos_ == "VERB" and t.lemma_.lower() in change) for t in sent)

    # ------------------------------------------------------------------ basis and direction

    def _basis(self, d: _Draft, text_after: str) -> None:
        kind = d.kind
        if kind == "rank":
            d.basis, d.unit = "rank", "rank"
            return
        if kind == "fold":
            d.basis, d.unit = "multiple", "multiple"
            d.direction = self._direction(d) or ("down" if d.value < 1 else "up")
            if d.mention.unit_text == "times" and text_after.split()[:1] and \
                    text_after.split()[0].strip(",.") in ("higher", "more", "larger", "bigger",
                                                          "greater", "faster"):
                d.confidence -= 0.1  # "X times higher" may mean X or X+1 times the old level
                # the comparative belongs to the figure as written: with it in ``text`` the
                # reconciler's tolerance admits both readings (X and X+1)
                word = _COMPARATIVE.match(text_after)
                if word:
                    d.mention = dataclasses.replace(d.mention, end=d.mention.end + word.end())
            return
        if kind == "fraction":
            after = text_after.lstrip()
            verb = self._change_verb(d)
            lemma = verb.lemma_.lower() if verb is not None else ""
            if lemma in self.lex.down_verbs or lemma in self.lex.up_verbs:
                # "lost a third of their value", "fell by half": the fraction is the change
                d.basis, d.unit = "change", "percent"
                d.direction = "down" if lemma in self.lex.down_verbs else "up"
                sign = -1 if d.direction == "down" else 1
                d.value = sign * round(d.value * 100, 6)
            elif after.startswith("of ") and after[3:].startswith(self.lex.multiple_of):
                d.basis, d.unit = "multiple", "multiple"
                d.direction = "down" if d.value < 1 else "up"
            else:
                d.basis, d.unit, d.value = "share", "percent", round(d.value * 100, 6)
            return
        if self._text[d.mention.start:d.mention.start + 5].lower() == "minus":
            return  # "dropped to minus 12 degrees": a level below zero, not a fall of 12
        direction = self._direction(d)
        if kind == "pp":
            d.basis, d.direction = "change", direction or ("up" if d.value >= 0 else "down")
        elif kind == "percent":
            after = text_after.lstrip()
            head = d.anchor.head
            if (after.startswith("of ") and not after.startswith("of what")) or \
                    head.lemma_.lower() in self.lex.share_nouns:
                d.basis = "share"
            elif direction:
                d.basis, d.direction = "change", direction
            else:
                d.basis = "absolute"
        elif direction and self._by_or_object_of_change(d):
            d.basis, d.direction = "change", direction
        else:
            d.basis = "absolute"
        if d.unit == "rank":
            d.basis = "rank"
        if kind == "number" and d.unit is None:
            d.unit = "count" if self._counted_noun(d) is not None else None
        if d.basis == "change":
            d.value = -abs(d.value) if d.direction == "down" else abs(d.value)
            if d.direction == "flat":
                d.value = 0.0 if d.value == 0 else d.value

    def _direction(self, d: _Draft) -> str | None:
        """up/down/flat from the words after the figure, before it, or its governing verb."""
        doc = d.tokens.doc
        i, steps = d.tokens.end, 0
        while i < d.sent.end and steps < 6:  # "18.9% year-on-year decline": skip the cue words
            t = doc[i]
            low = t.lower_
            if i in self._cue_tokens:
                i += 1
                continue
            if low in self.lex.up_words:
                return "up"
            if low in self.lex.down_words:
                return "down"
            if low in self.lex.flat_words:
                return "flat"
            if (t.is_punct and t.text != "-") or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
                break
            i, steps = i + 1, steps + 1
        j = d.tokens.start - 1
        if j >= d.sent.start:
            prev = doc[j]
            if prev.lower_ in self.lex.up_words:  # "up 160%", headlines' "surge 660%"
                return "up"
            if prev.lower_ in self.lex.down_words:
                return "down"
            if prev.lower_ == "of" and j - 1 >= d.sent.start:  # "growth of 1.2%", "a fall of 3%"
                noun = doc[j - 1].lower_
                if noun in self.lex.up_words:
                    return "up"
                if noun in self.lex.down_words:
                    return "down"
        verb = self._change_verb(d)
        if verb is not None:
            lemma = verb.lemma_.lower()
            if lemma in self.lex.up_verbs:
                return "up"
            if lemma in self.lex.down_verbs:
                return "down"
        return None

    def _change_verb(self, d: _Draft) -> Token | None:
        """The verb the figure is the amount of change of ("fell 18.9%", "rising by 660%")."""
        t = d.anchor
        for _ in range(4):
            head = t.head
            if head is t:
                return None
            if t.dep_ == "pobj" and head.lower_ in _TARGET_PREPS:
                return None  # "rose to 353 tons": the new level, not the change
            if head.pos_ in _VERBS:
                return head if t.dep_ in ("dobj", "npadvmod", "advmod", "pobj", "attr",
                                          "nsubj", "acomp", "ccomp", "prep", "conj",
                                          "appos", "oprd") else None
            t = head
        return None

    def _by_or_object_of_change(self, d: _Draft) -> bool:
        doc = d.tokens.doc
        j = d.tokens.start - 1
        if j >= d.sent.start and doc[j].lower_ == "by":
            return True
        return self._change_verb(d) is not None

    def _counted_noun(self, d: _Draft) -> Token | None:
        num = d.tokens[0]
        for t in d.tokens:
            if t.like_num or t.pos_ == "NUM":
                num = t  # the last: "four million votes" -> million -> votes
        if num.dep_ in ("nummod", "quantmod") and num.head.i > num.i and (
                num.head.pos_ == "NOUN" or _people_name(num.head)):
            return num.head  # "1,243 cases", "2 million Americans"
        obj = self.ctx.prep_object(num, "of")
        if obj is not None and obj.pos_ == "NOUN":
            return obj
        return None

    # ------------------------------------------------------------------ periods

    def _assign_periods(self, drafts: list[_Draft], periods: list[PeriodMention],
                        main: PeriodMention | None) -> None:
        by_sent = _by_sentence(periods, lambda p: p.sent_start)
        drafts_by_sent = _by_sentence(drafts, lambda d: d.sent.start)
        owner: dict[int, _Draft] = {}  # id(period) -> the figure it modifies
        for start, ps in by_sent.items():
            for p in ps:
                for d in drafts_by_sent.get(start, []):
                    if self._owns(d, p):
                        owner[id(p)] = d
                        break
        claim_periods = [p for p in periods if p.role == "claim"]
        starts = [p.start for p in claim_periods]
        for d in drafts:
            in_sent = by_sent.get(d.sent.start, [])
            own = [p for p in in_sent if owner.get(id(p)) is d]
            free = [p for p in in_sent if id(p) not in owner and p.role == "claim"]
            other = [p for p in in_sent if owner.get(id(p), d) is not d and p.role == "claim"]
            # "..., officials said on Tuesday": the figure stands as of the statement's date
            said = [p for p in in_sent if p.role == "statement"]
            if not own and self._standing(d) and not any(
                    self._in_clause(d, p) for p in in_sent if p.role == "claim"):
                continue  # "China, which controls over 90% of ..., had imposed ... in April"
            for tier, ps in (("own", own), ("free", free), ("other", other), ("statement", said)):
                if ps:
                    d.period = min(ps, key=functools.partial(_distance, d))
                    d.period_from = tier
                    break
            if d.period is None and self._standing(d):
                continue  # "China controls over 90% of the global supply": true now, no period
            if d.period is None:
                # the period of the previous sentence or two (news rarely repeats it), else the
                # month the article is mostly about
                k = bisect.bisect_left(starts, d.sent.start)
                if k and d.sent.start - starts[k - 1] < _CONTEXT_TOKENS:
                    d.period, d.period_from = claim_periods[k - 1], "context"
                elif main is not None:
                    d.period, d.period_from = main, "main"

    def _standing(self, d: _Draft) -> bool:
        """A share or level stated in the present tense with no period words in its sentence.

        "China controls over 90% of the global supply" describes a standing state, not the month
        of a nearby sentence: borrowing that month would make two outlets' identical statements
        disagree on their period. It gets no period (an unknown period aligns with any), not the
        article's year: a standing share often spans years, and a year would split it from the
        same statement in an article of the next January.
        """
        if d.basis not in ("share", "absolute", "rank") or d.unit in self.finder.units.durations:
            return False
        verb = self.ctx.governing_verb(d.anchor)
        for _ in range(2):  # "dominates the sector, producing over 90%": the finite verb
            if verb is None or verb.tag_ != "VBG" or verb.head is verb or \
                    verb.head.pos_ not in _VERBS:
                break
            verb = verb.head
        if verb is None:
            return False
        tags = {verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass"))}
        # simple present only: "controls", "is", "has"; not "has risen", "will", "was"
        return verb.tag_ in ("VBZ", "VBP") and not tags & {"MD", "VBD", "VBN"}

    def _in_clause(self, d: _Draft, p: PeriodMention) -> bool:
        """Whether period ``p`` lies inside the clause of the figure's verb."""
        verb = self.ctx.governing_verb(d.anchor)
        if verb is None:
            return True
        return verb.left_edge.i <= p.start and p.end - 1 <= verb.right_edge.i

    def _owns(self, d: _Draft, p: PeriodMention) -> bool:
        """Whether the period modifies this figure ("1,238 tons in May", "from 1,238 t in May")."""
        doc = d.tokens.doc
        t: Token = doc[p.start:p.end].root
        for _ in range(4):  # "1,238 tons in May": in -> tons; a couple of arcs at most
            if d.tokens.start <= t.i < d.tokens.end:
                return True
            head = t.head
            if head is t or head.pos_ in _VERBS:
                return False
            if head.pos_ == "ADP" and any(
                    c.dep_ == "pobj" and d.tokens.start <= c.i < d.tokens.end
                    for c in head.children):
                return True  # "from 1,238 tons in May": May is a sibling of the figure
            if head.lower_ in self.lex.comparison_markers:
                return False  # "3.7%, its lowest since 1969": 1969 is the base, not its period
            t = head
        return False

    # ------------------------------------------------------------------ comparisons

    def _assign_comparisons(self, drafts: list[_Draft], periods: list[PeriodMention],
                            cues: list[Cue]) -> None:
        self._base_levels(drafts, cues)
        changes = _by_sentence([d for d in drafts if d.basis in ("change", "multiple")],
                               lambda d: d.sent.start)
        if not changes:
            return
        sent_of = {d.sent.start: (d.sent.start, d.sent.end) for ds in changes.values()
                   for d in ds}

        def in_sentence(i: int) -> list[_Draft]:
            for start, (lo, hi) in sent_of.items():
                if lo <= i < hi:
                    return changes[start]
            return []

        for cue in cues:
            target = self._nearest(in_sentence(cue.start), cue.start, cue.end)
            if target is not None and target.comparison is None:
                target.comparison = cue.comparison
        for p in periods:
            if p.role != "base":
                continue
            target = self._nearest(changes.get(p.sent_start, []), p.start, p.end)
            if target is not None and target.base is None and not self._owns(target, p):
                target.base = p.period
        for d in (d for ds in changes.values() for d in ds):
            if d.comparison is None and d.base is not None and d.period is not None:
                d.comparison = _compare(d.base, d.period.period)
            if d.comparison is None:
                d.comparison = "unspecified"

    def _base_levels(self, drafts: list[_Draft], cues: list[Cue]) -> None:
        """ "compared with €18.3bn in the same quarter a year earlier": the base figure's period
        is the claim period moved back by the cue, not the claim period itself."""
        doc = drafts[0].tokens.doc if drafts else None
        cue_starts = [c.start for c in cues]
        for d in drafts:
            if doc is None or d.basis != "absolute" or d.period is None or d.period_from == "own":
                continue
            before = {doc[i].lower_ for i in range(max(d.sent.start, d.tokens.start - 3),
                                                   d.tokens.start)}
            if not before & self.lex.comparison_markers:
                continue
            k = bisect.bisect_left(cue_starts, d.tokens.end)
            # "€18.3bn in the same quarter a year earlier": the cue follows within a few words
            cue = cues[k] if k < len(cues) and cues[k].start - d.tokens.end <= 4 else None
            if cue is None:
                continue
            text = doc[cue.start:cue.end].text
            if cue.days:
                # "up from 41 a day earlier": the day before the claim's own date; a day cue
                # against a month or longer period says nothing more precise, so leave it
                if d.period.period.granularity != "day":
                    continue
                back = timedelta(days=cue.days)
                shifted = Period(d.period.period.start - back, d.period.period.end - back, "day")
            else:
                shifted = shift_period(d.period.period, _CUE_MONTHS[cue.comparison])
            d.period = dataclasses.replace(d.period, period=shifted, text=text)
            d.period_from = "own"

    @staticmethod
    def _nearest(changes: list[_Draft], start: int, end: int) -> _Draft | None:
        best: tuple[int, _Draft] | None = None
        for d in changes:
            if not (d.sent.start <= start < d.sent.end):
                continue
            if d.tokens.end <= start:
                dist = start - d.tokens.end  # cues follow their figure
            elif end <= d.tokens.start:
                dist = 2 * (d.tokens.start - end) + 3  # a cue before a figure binds less
            else:
                dist = 0
            if best is None or dist < best[0]:
                best = (dist, d)
        return best[1] if best else None

    # ------------------------------------------------------------------ the claim

    def _claim(self, d: _Draft, pipeline: str, ref_penalty: float,
               last_subject: dict[int, str]) -> Claim:
        m = d.mention
        metric, obj, subject, counterpart = self._roles(d)
        if subject is None:
            # a figure with no subject of its own continues its paragraph's last subject, unless
            # that is the other side its own sentence names ("shipments to the U.S.")
            earlier = [k for k in last_subject if d.sent.start_char - k <= _CONTEXT_CHARS
                       and "\n" not in self._text[k:d.sent.start_char]]
            subject = last_subject[max(earlier)] if earlier else None
            if subject is not None and subject == counterpart:
                subject = None
        elif d.basis != "share":
            last_subject[d.sent.start_char] = subject
        # Confidence steps are ranks, not probabilities: a period read from the figure's own
        # words beats one borrowed from its sentence, which beats one from earlier text; a
        # figure with no unit is the least sure of what it measures.
        confidence = d.confidence
        if d.period_from in ("other", "statement"):
            confidence -= 0.05
        elif d.period_from == "context":
            confidence -= 0.1
        elif d.period_from in ("main", "none"):
            confidence -= 0.15
        if d.period is not None:
            confidence -= ref_penalty
        if d.unit is None:
            confidence -= 0.2
        period = d.period.period if d.period else None
        return Claim(
            id=stable_id("", m.start, m.end, "quantity"),
            article_id="",
            kind="quantity",
            text=self._text[m.start:m.end],
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
            qualifier=m.qualifier,  # type: ignore[arg-type]
            period_start=period.start.isoformat() if period else None,
            period_end=period.end.isoformat() if period else None,
            period_text=d.period.text if d.period else None,
            metric=metric,
            object=obj,
            subject=subject,
            counterpart=counterpart,
            source=self._source(d.sent),
            participants=self._groups.get(subject or "", ()),
            confidence=round(max(0.1, min(1.0, confidence)), 3),
            pipeline=pipeline,
        )

    def _source(self, sent: Span) -> str | None:
        key = (id(sent.doc), sent.start)
        if key not in self._sources:
            self._sources = {key: self.ctx.source(sent)} if len(self._sources) > 256 else {
                **self._sources, key: self.ctx.source(sent)}
        return self._sources[key]

    def _who(self, token: Token) -> str | None:
        """The subject ``token`` names: an entity, or a coordination joined with "and"."""
        names = self.ctx.members(token)
        if not names:
            return None
        # in the written order, like event subjects; order-free comparison is by participants
        joined = " and ".join(names)
        if len(names) > 1:
            self._groups[joined] = tuple(names)
        return joined

    def _roles(self, d: _Draft) -> tuple[str | None, str | None, str | None, str | None]:
        """metric, object, subject and counterpart of a figure."""
        ctx = self.ctx
        anchor = d.anchor
        metric: str | None = None
        obj: str | None = None
        subject: str | None = None
        counterpart: str | None = None
        if d.basis == "share":
            metric = "share"
            of = ctx.prep_object(anchor, "of") or ctx.prep_object(anchor.head, "of")
            if of is not None:
                obj = ctx.compact_np(of, with_of=True)
        elif d.basis == "rank":
            noun = anchor.head if anchor.head.pos_ == "NOUN" else None
            metric = noun.lemma_.lower() if noun is not None else None
        elif d.unit == "count":
            noun = self._counted_noun(d)
            if noun is not None:
                obj = ctx.compact_np(noun)
        if d.kind in ("number", "money") and obj is None:
            of = ctx.prep_object(anchor, "of")
            if of is not None and of.pos_ == "NOUN":
                obj = ctx.compact_np(of)
        def outside(t: Token | None) -> bool:
            return t is not None and not (d.tokens.start <= t.i < d.tokens.end)

        verb = ctx.governing_verb(anchor)
        top = d.tokens.root  # "%" is punctuation to spaCy: the anchor can sit below the root
        metric_noun: Token | None = None
        head = anchor.head
        if d.basis == "absolute" and d.unit not in (None, "count") and \
                anchor.dep_ in ("compound", "nmod", "amod", "nummod") and \
                head.pos_ == "NOUN" and outside(head) and ctx.is_metric_noun(head):
            words = [t.lower_ for t in head.lefts if t.dep_ == "compound" and outside(t)]
            metric = " ".join([*words, head.lower_])  # "a $500 million partnership"
        if verb is not None:
            subj = ctx.subject_of(verb)
            if not outside(subj):
                subj = None
            lemma = verb.lemma_.lower()
            # verbs of change and of saying name no metric: "the yen weakened", "data showed"
            generic = (lemma in self.lex.generic_verbs or lemma in self.lex.reporting_verbs
                       or lemma in self.lex.up_verbs or lemma in self.lex.down_verbs)
            phrase = self._phrase_metric(verb)
            if phrase is not None and metric is None:
                metric = phrase  # "forcing 118,000 people from their homes": displacements
            if d.unit == "count" and metric is None and (
                    generic or lemma not in self.lex.verb_metrics):
                counted = self._counted_noun(d)
                if counted is not None and _people_name(counted):
                    # "2 million Americans take the drug": people, whose nationality is the
                    # subject, not what is measured
                    metric, obj = "people", counted.text
                    subject = subject or ctx.entity(counted)
                else:
                    metric = counted.lower_ if counted is not None else None
            dobj = ctx.child(verb, "dobj")
            if metric is None and dobj is not None and outside(dobj) and \
                    ctx.is_metric_noun(dobj) and (
                        lemma in self.lex.up_verbs or lemma in self.lex.down_verbs
                        or (top.dep_ == "pobj" and top.head.lower_ in ("to", "at", "by")
                            and top.head.head in (verb, dobj))):
                # "cut its interest rate by a quarter point to 4.25%", "held rates at 4.5%":
                # the verb moves its object; the figure measures the object, not the mover
                metric_noun = dobj
                if subj is not None:
                    subject = self._who(subj)
            elif subj is not None and ctx.is_metric_noun(subj) and (
                    generic or subj.lemma_.lower() == lemma):
                metric_noun = subj
            elif not generic and metric is None:
                metric = ctx.metric_from_verb(verb)
                if subj is not None:
                    subject = self._who(subj)
            if subject is None and subj is not None and metric_noun is None:
                subject = self._who(subj)
            if metric_noun is None and metric is None:
                dobj = ctx.child(verb, "dobj")
                if dobj is not None and ctx.is_metric_noun(dobj) and outside(dobj):
                    metric_noun = dobj
        if verb is not None and d.kind == "money" and metric_noun is None and \
                top.dep_ == "pobj" and top.head.lower_ == "for" and \
                top.head.head in (verb, ctx.child(verb, "dobj")) and \
                verb.lemma_.lower() not in self.lex.reporting_verbs:
            # "completed the signing of X for £85m", "sold the unit for $2bn": the price paid
            metric = "price"
            dobj = ctx.child(verb, "dobj")
            if dobj is not None and outside(dobj) and dobj.pos_ == "NOUN":
                obj = obj or ctx.compact_np(dobj)
        if verb is None and metric_noun is None:
            # headlines: "Brazil coffee exports to the US surge 60%" parses "surge" as a
            # noun; the subject of whatever heads the figure still names what is measured
            for above in anchor.ancestors:
                subj_noun = ctx.child(above, "nsubj")
                if subj_noun is not None and outside(subj_noun) and ctx.is_metric_noun(subj_noun):
                    metric_noun = subj_noun
                    break
        of_head = head.head if anchor.dep_ == "pobj" and head.lower_ == "of" else None
        if of_head is None and top.dep_ == "pobj" and top.head.lower_ == "of":
            of_head = top.head.head  # "winds of 185 kilometres per hour": the unit's head
        if d.basis == "absolute" and d.unit not in (None, "count") and of_head is not None and \
                of_head.pos_ == "NOUN" and outside(of_head) and ctx.is_metric_noun(of_head):
            # "posted revenue of 3.1 billion pounds", "a profit of 1.42 billion euros": the
            # noun the figure is the amount of is what is measured, whatever the verb
            metric_noun, metric = of_head, of_head.lower_
        if metric_noun is None and anchor.head.pos_ == "NOUN" and anchor.head is not anchor and \
                ctx.is_metric_noun(anchor.head) and d.basis in ("change", "multiple"):
            change_noun = anchor.head  # "a 660% increase in exports"
            inner = ctx.prep_object(change_noun, "in", "of")
            if inner is not None and ctx.is_metric_noun(inner):
                metric_noun = inner
        if metric_noun is not None:
            if metric is None:
                metric = metric_noun.lower_
            subject = ctx.owner(metric_noun) or subject
            of = ctx.prep_object(metric_noun, "of")
            if of is not None and not outside(of):
                # "a profit of 1.42 billion euros": the of-phrase is the figure itself, so the
                # thing measured is the governing noun, never the unit
                of = None
                obj = obj or ctx.compact_np(metric_noun)
            if of is not None and subject is None and \
                    (antecedent := self._possessive_antecedent(of)) is not None:
                subject = antecedent  # "bottles of its pill": whose "its" is, not the pill
            if of is not None and of.pos_ == "PROPN" and subject is None:
                subject = ctx.entity(of)  # "shares of <company>", "exports of <country>"
            elif of is not None and of.pos_ == "NOUN" and subject is None and \
                    ctx.owner(of) is not None:
                subject = ctx.owner(of)  # "exports of American firms": United States
            elif obj is None and of is not None and of.pos_ == "NOUN":
                obj = ctx.compact_np(of)
            if obj is None:
                mods = [t for t in metric_noun.lefts if t.dep_ == "compound"
                        and t.pos_ == "NOUN" and t.ent_type_ == ""]
                if mods:
                    obj = ctx.compact_np(mods[-1])
            to = ctx.prep_object(metric_noun, "to", "into")
            if to is not None:
                counterpart = ctx.entity(to, acting=False)
            source_of = ctx.prep_object(metric_noun, "from")
            if source_of is not None:
                who = ctx.entity(source_of, acting=False)
                if who and metric and metric.startswith("import"):
                    counterpart = counterpart or who
                elif who:
                    subject = subject or who
        if counterpart is None and verb is not None:
            to = ctx.prep_object(verb, "to", "into")
            if to is not None and not (d.tokens.start <= to.i < d.tokens.end):
                counterpart = ctx.entity(to, acting=False)
        if subject is None and verb is not None:
            subject = self._clause_entity(verb)
        climb: Token | None = verb
        speaker: str | None = None
        for _ in range(3):  # "China exported ..., with shipments rising by 660%": China
            if subject is not None or climb is None or climb.head is climb:
                break
            climb = ctx.governing_verb(climb)
            if climb is None:
                break
            upper = ctx.subject_of(climb)
            if climb.lemma_.lower() not in self.lex.reporting_verbs:
                if upper is not None and outside(upper):
                    subject = self._who(upper) or (
                        ctx.owner(upper) if upper.pos_ == "NOUN" else None)
            elif speaker is None and upper is not None and outside(upper):
                speaker = self._speaker(upper)
        # "China said exports rose 5%": a country or company reporting figures with no owner of
        # their own reports its own (a wire service that "said" is only the source)
        subject = subject or speaker
        if d.unit is None and d.kind == "number" and metric_noun is None and verb is not None:
            subj = ctx.subject_of(verb)
            counted = ctx.prep_object(subj, "of") if subj is not None and \
                subj.lower_ in ("number", "total", "tally", "count") else None
            if counted is not None and counted.pos_ == "NOUN":
                metric_noun = counted  # "the number of confirmed cases climbed to 1,204"
        if d.unit is None and d.kind == "number" and metric_noun is not None and \
                metric_noun.lemma_.lower() not in self.lex.measure_nouns and \
                metric_noun.lemma_.lower() not in self.lex.rate_nouns:
            # "the death toll rose to 67": a bare number of a noun that is not a scale reading
            # counts things; what it counts is the noun phrase
            d.unit = "count"
            obj = ctx.compact_np(metric_noun)
            metric = self.lex.noun_metrics.get(obj.lower()) or self.lex.noun_metrics.get(
                metric_noun.lemma_.lower()) or metric
        if d.unit is None and d.kind == "number" and verb is not None and \
                verb.lemma_.lower() in self.lex.count_verbs and \
                top.dep_ in ("nsubj", "nsubjpass", "dobj"):
            d.unit = "count"  # "more than 5,600 were injured": people, unnamed
        if d.basis == "multiple":
            base = self._multiple_base(d)
            if base is not None:
                # "at up to 3.4 times the daily intake": a multiple of the noun after it; what
                # is measured is the noun the phrase qualifies ("the impurity at ..."), else
                # the base noun itself, never the verb of a neighbouring clause
                obj = ctx.compact_np(base)
                holder = base.head.head if base.dep_ == "pobj" else None
                metric = (holder.lemma_.lower() if holder is not None and holder.pos_ == "NOUN"
                          else base.lemma_.lower())
        if d.unit is None and d.kind == "number" and verb is not None:
            gapped = self._gapped_count(d, verb)
            if gapped is not None:
                # "3,600 houses were destroyed and 21,500 damaged": the elided noun is the
                # first clause's; the verb of its own clause says what happened to them
                d.unit, obj = "count", ctx.compact_np(gapped)
                if verb.lemma_.lower() not in self.lex.generic_verbs:
                    # the participle as written ("flooded") when no metric name is known
                    metric = str(self.lex.verb_metrics.get(verb.lemma_.lower(), verb.lower_))
        if subject is not None and subject == counterpart:
            counterpart = None
        return metric, obj, subject, counterpart

    def _possessive_antecedent(self, noun: Token) -> str | None:
        """ "its"/"their" before ``noun`` refers to the sentence's subject: the first actor
        entity that is a subject before it ("Halvern is recalling ... bottles of its pill")."""
        if not any(c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in ("its", "their")
                   for c in noun.children):
            return None
        for t in noun.sent:
            if t.i >= noun.i:
                break
            if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ in ("ORG", "GPE", "NORP"):
                return self.ctx.entity(t)
        return None

    def _phrase_metric(self, verb: Token) -> str | None:
        """A metric named by a verb with its particle, preposition or complement verb
        (`verb_metrics` keys like "force from", "force flee"), when the verb alone names none."""
        lemma = verb.lemma_.lower()
        for c in verb.children:
            if c.dep_ in ("prep", "prt", "xcomp", "advcl"):
                found = self.lex.verb_metrics.get(f"{lemma} {c.lemma_.lower()}")
                if found:
                    return str(found)
        return None

    @staticmethod
    def _multiple_base(d: _Draft) -> Token | None:
        """The noun a multiple is of: "3.4 times the daily intake" -> intake."""
        for t in d.tokens:
            if (t.like_num or t.pos_ == "NUM") and t.dep_ == "nummod" and \
                    t.head.pos_ == "NOUN" and t.head.i >= d.tokens.end:
                return t.head
        return None

    def _gapped_count(self, d: _Draft, verb: Token) -> Token | None:
        """The counted noun of the clause a bare-number clause is coordinated with."""
        top = d.tokens.root
        if top.dep_ not in ("nsubj", "nsubjpass") or top.head != verb or \
                verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        first = self.ctx.child(verb.head, "nsubj", "nsubjpass")
        if first is None:
            # "120 schools were closed": the parser may hang the subject from the auxiliary
            first = next((t for t in d.sent if t.i < verb.head.i and t.dep_ in (
                "nsubj", "nsubjpass") and t.head.head == verb.head), None)
        if first is None or first.pos_ != "NOUN":
            return None
        if any(c.dep_ == "nummod" and (c.like_num or c.pos_ == "NUM") for c in first.children):
            return first
        return None

    def _clause_entity(self, verb: Token) -> str | None:
        """An entity of the figure's own clause: the antecedent of a "where" clause ("on the
        U.S., where imports dropped") or an "in <country>" on its verb. The same clause beats
        a subject carried over from earlier sentences."""
        ctx = self.ctx
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
            head = verb.head
            if head.ent_type_ in ("GPE", "ORG", "NORP") or ctx.entities.known(head.text):
                return ctx.entity(head, acting=False)
        place = ctx.prep_object(verb, "in")
        if place is not None and place.ent_type_ == "GPE":
            return ctx.entity(place, acting=False)
        return None

    def _speaker(self, token: Token) -> str | None:
        if token.ent_type_ not in ("GPE", "ORG"):
            return None
        name = self.ctx.entity(token)
        if name is None or name.lower() in self.lex.news_agencies:
            return None
        return name


# Words that introduce the base level a figure is compared with ("€19.2bn, compared with
# €18.3bn", "$910 million from $640 million").
_BASE_MARKERS = ("compared with", "compared to", "versus", "vs", "vs.", "against", "from",
                 "up from", "down from", "than")
_COMPARATIVE = re.compile(r"\s+(?:higher|more|larger|bigger|greater|faster)\b")
_CUE_MONTHS = {"mom": -1, "qoq": -3, "yoy": -12}
_SIMILAR = re.compile(r"\bsimilar\b", re.IGNORECASE)
_RANGE_WORDS = frozenset({"between", "and", "to", "from", "the", "of", "about", "around", "some",
                          "over", "under", "nearly", "almost", "or", "a", "an"})
_RATE = re.compile(r"^\s+(?:a|an|per|each)\s+([a-z]+)\b(?!\s+(?:earlier|ago|before|later))")


def _stem(word: str) -> str:
    """A crude stem to compare a metric with the words of a sentence: "exports" ~ "exported"
    ~ "export". Five letters keep "shipments"/"ship" apart from "shares"/"sales"."""
    return word.lower()[:5]


def _people_name(token: Token) -> bool:
    """A plural nationality or group name ("Americans", "Filipinos"): people being counted."""
    return token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS")


def _by_sentence(items: list[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return grouped


def _distance(d: _Draft, p: PeriodMention) -> int:
    if p.start >= d.tokens.end:
        return p.start - d.tokens.end
    return d.tokens.start - p.end if p.end <= d.tokens.start else 0


def _compare(base: Period, claim: Period) -> str:
    """The comparison a base period makes for a claim period (May for June: mom)."""
    if base.granularity == "year" and claim.start.year == base.start.year + 1:
        return "yoy"
    months = months_between(base, claim)
    if months == 12:
        return "yoy"
    if months == 1 and claim.granularity in ("month", "day", "week"):
        return "mom"
    if months == 3 and claim.granularity == "quarter":
        return "qoq"
    return "vs_date"
