"""A figure's basis (absolute, change, share, multiple, rank) and direction (up, down, flat).

The basis says how a figure relates to what it measures: a level ("rose to 353 tons"), the
size of a change ("fell 18.9%"), a part of a whole ("40% of voters"), a ratio to an earlier
level ("sevenfold") or a place in an order ("second-largest"). A change is signed by its
direction.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Collection

from spacy.tokens import Token

from extractor.claims.nlp.figures import VERBS, Draft, counted_noun
from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.units import UnitVocab

__all__ = ["BasisReader"]

_TARGET_PREPS = frozenset({"to", "at", "of", "from", "with", "for", "in", "on"})
_COMPARATIVE = re.compile(r"\s+(?:higher|more|larger|bigger|greater|faster)\b")


class BasisReader:
    """Sets ``basis``, ``direction``, the sign of ``value`` and basis-given units of drafts."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.durations = frozenset(str(u) for u in lexicon.units.get("durations", []))
        self.unit_words = UnitVocab(lexicon.units)
        # languages.yaml `change_links`: the word for "by" before the size of a change
        self.change_links = frozenset(str(w).lower() for w in lexicon.local.get("change_links", []))

    def read(self, d: Draft, text: str, cue_tokens: Collection[int]) -> None:
        """Basis and direction of one draft; ``cue_tokens`` are the comparison cues' tokens."""
        text_after = text[d.mention.end:d.mention.end + 40].lower()
        if d.kind == "rank":
            d.basis, d.unit = "rank", "rank"
        elif d.kind == "fold":
            self._fold(d, text_after, cue_tokens)
        elif d.kind == "fraction":
            self._fraction(d, text_after)
        elif text[d.mention.start:d.mention.start + 5].lower() == "minus":
            pass  # "dropped to minus 12 degrees": a level below zero, not a fall of 12
        else:
            self._amount(d, text_after, cue_tokens)

    def _fold(self, d: Draft, text_after: str, cue_tokens: Collection[int]) -> None:
        """ "sevenfold", "doubled", "three times higher": new level / old level."""
        d.basis, d.unit = "multiple", "multiple"
        d.direction = self._direction(d, cue_tokens) or ("down" if d.value < 1 else "up")
        if d.mention.unit_text == "times" and text_after.split()[:1] and \
                text_after.split()[0].strip(",.") in ("higher", "more", "larger", "bigger",
                                                      "greater", "faster"):
            d.confidence -= 0.1  # "X times higher" may mean X or X+1 times the old level
            # the comparative belongs to the figure as written: with it in ``text`` the
            # reconciler's tolerance admits both readings (X and X+1)
            word = _COMPARATIVE.match(text_after)
            if word:
                d.mention = dataclasses.replace(d.mention, end=d.mention.end + word.end())

    def _fraction(self, d: Draft, text_after: str) -> None:
        """ "lost a third of their value" (change), "half of what they were" (multiple),
        "half of voters" (share)."""
        after = text_after.lstrip()
        verb = self._change_verb(d)
        lemma = verb.lemma_.lower() if verb is not None else ""
        # "a fall of about a quarter", "roughly a quarter lower": the words around it say so
        around = None if after.startswith("of ") else (
            self._direction_after(d, ()) or self._direction_before(d))
        if lemma in self.lex.down_verbs or lemma in self.lex.up_verbs or around in ("up", "down"):
            # "lost a third of their value", "fell by half": the fraction is the change
            d.basis, d.unit = "change", "percent"
            d.direction = around or ("down" if lemma in self.lex.down_verbs else "up")
            sign = -1 if d.direction == "down" else 1
            d.value = sign * round(d.value * 100, 6)
        elif after.startswith("of ") and after[3:].startswith(self.lex.multiple_of):
            d.basis, d.unit = "multiple", "multiple"
            d.direction = "down" if d.value < 1 else "up"
        else:
            d.basis, d.unit, d.value = "share", "percent", round(d.value * 100, 6)

    def _amount(self, d: Draft, text_after: str, cue_tokens: Collection[int]) -> None:
        """Numbers, money, percentages and points: a level unless a direction makes it a
        change ("38% lower", "fell 18.9%") or an "of" makes it a share ("40% of voters")."""
        kind = d.kind
        if kind == "number" and d.unit is None:
            d.unit = self._duration_counted(d)  # "1,000 flight hours", "two more years"
        if d.unit in self.durations:
            return  # "crashed forty seconds after takeoff": a span of time, never a change
        if d.mention.unit == "count":
            return  # "cut rates twice", "a second straight decline": occurrences, no change
        direction = self._direction(d, cue_tokens)
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
        elif direction and (self._by_or_object_of_change(d) or self._after_a_change_link(d)):
            d.basis, d.direction = "change", direction
        else:
            d.basis = "absolute"
        if d.unit == "rank":
            d.basis = "rank"
        if kind == "number" and d.unit is None:
            d.unit = "count" if counted_noun(d) is not None else None
        if d.basis == "change":
            d.value = -abs(d.value) if d.direction == "down" else abs(d.value)
            if d.direction == "flat":
                d.value = 0.0 if d.value == 0 else d.value

    def _duration_counted(self, d: Draft) -> str | None:
        """The unit of time a bare number counts when a word stands between them ("more than
        1,000 flight hours", "two more years", "ten business days"): a span of time, like
        "1,000 hours"."""
        noun = counted_noun(d)
        if noun is None or noun.i == d.tokens.end or noun.ent_type_ == "DATE":
            # "three years" is read with its unit already; "rose by 73,000 last month" (which
            # the parser may read as 73,000 months) is no span
            return None
        unit = self.unit_words.unit(noun.text)
        return unit if unit in self.durations else None

    def _direction(self, d: Draft, cue_tokens: Collection[int]) -> str | None:
        """up/down/flat from the words after the figure, before it, or its governing verb."""
        return (self._direction_after(d, cue_tokens) or self._direction_before(d)
                or self._direction_of_verb(d) or self._direction_of_clause(d))

    def _direction_after(self, d: Draft, cue_tokens: Collection[int]) -> str | None:
        """ "38% lower", "a 660% increase", "18.9% year-on-year decline"."""
        doc = d.tokens.doc
        i, steps = d.tokens.end, 0
        while i < d.sent.end and steps < 6:  # "18.9% year-on-year decline": skip the cue words
            t = doc[i]
            low = t.lower_
            if i in cue_tokens:
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
        return None

    def _direction_before(self, d: Draft) -> str | None:
        """ "up 160%", headlines' "surge 660%", "growth of 1.2%", "a fall of 3%"."""
        doc = d.tokens.doc
        j = d.tokens.start - 1
        if j < d.sent.start:
            return None
        prev = doc[j]
        if prev.lower_ in self.lex.up_words:
            return "up"
        if prev.lower_ in self.lex.down_words:
            return "down"
        if prev.lower_ == "by" and j - 1 >= d.sent.start and doc[j - 1].lower_ in (
                self.lex.up_words | self.lex.down_words):
            # "revised down by 87,000", "marked up by 12%": the word before "by" says which way
            return "up" if doc[j - 1].lower_ in self.lex.up_words else "down"
        if prev.lower_ == "of" and j - 1 >= d.sent.start:
            noun = doc[j - 1].lower_
            if noun in self.lex.up_words:
                return "up"
            if noun in self.lex.down_words:
                return "down"
        return None

    def _direction_of_clause(self, d: Draft) -> str | None:
        """Without a parse, the size of a change its language marks with a word for "by"
        (languages.yaml `change_links`) takes its direction from a word of its clause: "Die
        Erlöse stiegen im Quartal um 4,8 Prozent", "die Umsätze legten um 4,6 Prozent zu"
        (the clause: between punctuation marks; a gapped clause, the sentence before it)."""
        doc = d.tokens.doc
        j = d.tokens.start - 1
        if doc.has_annotation("DEP") or j < d.sent.start or doc[j].lower_ not in self.change_links:
            return None
        lo = next((i + 1 for i in range(j, d.sent.start - 1, -1) if doc[i].is_punct),
                  d.sent.start)
        hi = next((i for i in range(d.tokens.end, d.sent.end) if doc[i].is_punct), d.sent.end)
        # its own clause first, then the sentence before it, whose verb a gapped clause
        # leaves out ("Der Onlinehandel wuchs um 25 Prozent, das Werbegeschäft um 46 Prozent")
        for words in (itertools.chain(doc[lo:j], doc[d.tokens.end:hi]),
                      reversed(doc[d.sent.start:lo])):
            for t in words:
                if t.lower_ in self.lex.up_words:
                    return "up"
                if t.lower_ in self.lex.down_words:
                    return "down"
        return None

    def _direction_of_verb(self, d: Draft) -> str | None:
        """ "fell 18.9%", "rising by 660%": the verb the figure is the change of."""
        verb = self._change_verb(d)
        if verb is not None:
            lemma = verb.lemma_.lower()
            if lemma in self.lex.up_verbs:
                return "up"
            if lemma in self.lex.down_verbs:
                return "down"
        return None

    @staticmethod
    def _change_verb(d: Draft) -> Token | None:
        """The verb the figure is the amount of change of ("fell 18.9%", "rising by 660%")."""
        t = d.anchor
        for _ in range(4):
            head = t.head
            if head is t:
                return None
            if t.dep_ == "pobj" and head.lower_ in _TARGET_PREPS:
                return None  # "rose to 353 tons": the new level, not the change
            if head.pos_ in VERBS:
                return head if t.dep_ in ("dobj", "npadvmod", "advmod", "pobj", "attr",
                                          "nsubj", "acomp", "ccomp", "prep", "conj",
                                          "appos", "oprd") else None
            t = head
        return None

    def _after_a_change_link(self, d: Draft) -> bool:
        j = d.tokens.start - 1
        return j >= d.sent.start and d.tokens.doc[j].lower_ in self.change_links

    def _by_or_object_of_change(self, d: Draft) -> bool:
        doc = d.tokens.doc
        j = d.tokens.start - 1
        if j >= d.sent.start and doc[j].lower_ == "by":
            return True
        return self._change_verb(d) is not None

    def ranges(self, drafts: list[Draft]) -> None:
        """The low end of a range reads its basis and sign from the high end ("fell 5-7%")."""
        for low, high in itertools.pairwise(drafts):
            if low.mention.bound != "low" or high.mention.bound != "high":
                continue
            if high.unit is None and (counted_noun(low) or counted_noun(high)):
                high.unit = "count"  # "between 10 and 20 people": the noun follows the pair
            low.basis, low.direction, low.unit = high.basis, high.direction, high.unit
            low.value = -abs(low.value) if high.value < 0 else abs(low.value)

    @staticmethod
    def points_of_a_rate(drafts: list[Draft]) -> None:
        """ "Its 16.4% is a drop of 9.3 points from 2021": points in a sentence whose
        percentages are levels (a share, a rate) and none a change are percentage points;
        "The index fell 542 points, or 1.2%" keeps index points (its percentage is the
        change restated)."""
        by_sent: dict[int, list[Draft]] = {}
        for d in drafts:
            by_sent.setdefault(d.sent.start, []).append(d)
        for group in by_sent.values():
            percents = [d for d in group if d.unit == "percent"]
            if not percents or any(d.basis == "change" for d in percents):
                continue
            for d in group:
                if d.unit == "point":
                    d.unit = "percentage_point"

    @staticmethod
    def restated_changes(drafts: list[Draft], text: str) -> None:
        """ "closed down 45.2 points, or 0.6%": the percentage restates the change."""
        for prev, d in itertools.pairwise(drafts):
            if d.basis != "absolute" or d.kind != "percent" or prev.basis != "change" or \
                    prev.sent.start != d.sent.start:
                continue
            between = text[prev.mention.end:d.mention.start].strip(" ,").lower()
            if between == "or":
                d.basis, d.direction = "change", prev.direction
                d.value = -abs(d.value) if prev.direction == "down" else abs(d.value)
