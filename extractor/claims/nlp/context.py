"""A figure's context from the dependency parse: metric, object, subject, counterpart, source."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractor.claims.nlp.entities import EntityNormalizer, entities
from extractor.claims.nlp.lexicon import Lexicon
from extractor.claims.nlp.timeline import ents_between, sentence_of

__all__ = ["Context"]

_VERBS = frozenset({"VERB", "AUX"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_ACTOR_LABELS = ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC")
_NOT_ACTORS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_NP_MODIFIERS = frozenset({"compound", "amod", "nmod"})
_NP_STOPS = frozenset({"det", "poss", "nummod", "quantmod", "case", "predet", "prep", "cc",
                       "conj", "appos", "relcl", "acl", "punct"})
_NP_STOP_POS = frozenset({"NUM", "SYM", "DET", "PRON", "ADP", "PUNCT", "CCONJ", "VERB", "AUX"})
_GENERIC_NOUNS = frozenset({"level", "levels", "figure", "figures", "total", "amount", "number",
                            "volume", "volumes", "value", "it", "they", "this", "that",
                            "record", "high", "low", "peak", "tally"})


class Context:
    """Syntactic helpers bound to one vocabulary."""

    def __init__(self, lexicon: Lexicon, entities: EntityNormalizer) -> None:
        self.lexicon = lexicon
        self.entities = entities

    # ------------------------------------------------------------------ phrases

    @staticmethod
    def compact_np(token: Token, *, with_of: bool = False) -> str:
        """The noun phrase headed by ``token``: its compounds and adjectives (and "of X")."""
        doc = token.doc
        keep_from = token.i
        for i in range(token.i - 1, max(-1, token.i - 8), -1):
            t = doc[i]
            if t.text == "-" and i > 0:
                continue
            if t.dep_ in _NP_STOPS or t.pos_ in _NP_STOP_POS or not token.is_ancestor(t):
                break
            keep_from = i
        text = token.doc[keep_from:token.i + 1].text
        if with_of:
            for child in token.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        text = f"{text} of {Context.compact_np(obj, with_of=True)}"
                    break
        return text

    @staticmethod
    def governing_verb(token: Token) -> Token | None:
        """The nearest verb above ``token`` in the parse (None if there is none)."""
        t = token
        for _ in range(12):  # parse trees of news sentences are rarely deeper than this
            if t.pos_ in _VERBS and t is not token:
                return t
            if t.head is t:
                return t if t.pos_ in _VERBS else None
            t = t.head
        return None

    @staticmethod
    def child(token: Token, *deps: str) -> Token | None:
        return next((c for c in token.children if c.dep_ in deps), None)

    @staticmethod
    def prep_object(token: Token, *preps: str) -> Token | None:
        """The object of a ``preps`` preposition hanging from ``token``."""
        for c in token.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        return None

    def subject_of(self, verb: Token) -> Token | None:
        subj = self.child(verb, "nsubj", "nsubjpass", "csubj")
        if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        if subj is None and verb.dep_ in ("xcomp", "advcl", "conj", "acl") and \
                verb.head is not verb:
            if verb.dep_ == "acl":
                return verb.head
            return self.subject_of(verb.head) if verb.head.pos_ in _VERBS else None
        return subj

    # ------------------------------------------------------------------ entities

    def entity(self, token: Token, *, acting: bool = True) -> str | None:
        """The normalised entity ``token`` heads or belongs to, if it names one."""
        doc = token.doc
        if token.ent_type_ in _NOT_ACTORS:
            return None  # "June's total": a date or a figure owns nothing
        if token.ent_type_ in _ACTOR_LABELS:
            start, end = token.i, token.i + 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            return self.entities.normalize(doc[start:end].text, acting=acting)
        np_text = self.compact_np(token)
        known = self.entities.known(np_text) or self.entities.known(token.text)
        if known:
            return known
        if acting and self.entities.clean(token.text) in self.entities.capitals:
            return self.entities.capitals[self.entities.clean(token.text)]
        if token.pos_ == "PROPN" and not self._headline_noun(token):
            return self.entities.clean(np_text)
        for c in token.children:
            if c.dep_ in ("amod", "compound", "poss"):
                inner = self.entities.known(c.text)
                if inner and c.dep_ != "compound":
                    return inner
        return None

    def members(self, token: Token) -> list[str]:
        """The entities a subject names: one, or each of a coordination ("Apple and X Corp"),
        or the pair named just before for "both nations" / "the two countries"."""
        pair = self.pair_before(token)
        if pair:
            return pair
        doc = token.doc
        first = token.left_edge.i
        last = max([token.i, *(c.i for c in token.conjuncts if c.i > token.i)])
        words = doc[first:last + 1]
        if token.ent_type_ in _ACTOR_LABELS:
            # "the US Food and Drug Administration": an "and" inside one name joins nothing
            # (entity bounds from the token's IOB tags: Doc.ents is rebuilt on every access)
            start, end = token.i, token.i + 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if start <= first and last < end:
                return [self.entities.normalize(doc[start:end].text)]
        if not any(t.dep_ == "cc" and t.lower_ in ("and", "&") for t in words):
            one = self.entity(token)
            return [one] if one else []
        parts: list[list[Token]] = [[]]
        for t in words:
            if (t.dep_ == "cc" and t.lower_ in ("and", "&")) or t.text == ",":
                parts.append([])
            else:
                parts[-1].append(t)
        names: list[str] = []
        for part in (p for p in parts if p):
            propn = [t for t in part if t.pos_ == "PROPN" or t.ent_type_ in _ACTOR_LABELS]
            if not propn:
                return [n for n in [self.entity(token)] if n]  # "Apple and its suppliers"
            text = doc[propn[0].i:propn[-1].i + 1].text
            name = self.entities.normalize(text)
            if name and name not in names:
                names.append(name)
        return names

    def pair_before(self, token: Token) -> list[str]:
        """ "both nations", "the two countries", "both sides": the two entities named just
        before (in the same sentence or the previous two), if the text names exactly two."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.lexicon.pair_nouns:
            return []
        dets = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod")}
        if not dets & {"both", "two"}:
            return []
        doc = token.doc
        sent = sentence_of(doc, token.i)
        starts = [sent.start]
        while len(starts) < 3 and starts[-1] > 0:  # this sentence and the two before it
            starts.append(sentence_of(doc, starts[-1] - 1).start)
        for lo, hi in zip(starts, [token.i, *starts[:-1]], strict=True):
            names: list[str] = []
            for ent in entities(doc):
                if ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "at"):
                    continue  # "met in Vienna": a place, not a party
                if lo <= ent.start and ent.end <= hi and ent.label_ in _ACTOR_LABELS[:4]:
                    name = self.entities.normalize(ent.text)
                    if name not in names:
                        names.append(name)
            if len(names) == 2:
                return names
            if len(names) > 2:
                return []  # three and more: "both" cannot be resolved safely
        return []

    def owner(self, noun: Token) -> str | None:
        """Whose ``noun`` is: "China's exports", "Chinese exports", "China exports"."""
        for c in noun.children:
            if c.dep_ == "poss":
                return self.entity(c) or None
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i:
                found = self.entity(c)
                if found:
                    return found
        return None

    # ------------------------------------------------------------------ metric

    def metric_from_verb(self, verb: Token) -> str:
        lemma = verb.lemma_.lower()
        return self.lexicon.verb_metrics.get(lemma) or (lemma + "s")

    @staticmethod
    def _headline_noun(token: Token) -> bool:
        """A capitalised common noun of a title-case headline ("Exports of ... Rose"), which
        the tagger takes for a proper noun: no entity type, and not at a known name."""
        return token.pos_ == "PROPN" and not token.ent_type_ and bool(token.doc._.headline)

    def is_metric_noun(self, token: Token) -> bool:
        noun = token.pos_ == "NOUN" or (self._headline_noun(token)
                                        and not self.entities.known(token.text))
        return (noun and token.lower_ not in _GENERIC_NOUNS
                and token.ent_type_ not in (*_ACTOR_LABELS, "DATE", "TIME", "QUANTITY",
                                            "MONEY", "PERCENT", "CARDINAL")
                and not self.pair_before(token))  # "both nations" are parties, not a metric

    # ------------------------------------------------------------------ source

    def source(self, sent: Span) -> str | None:
        """Who the sentence attributes its figures to."""
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor().lower_ == "to":
                obj = next((c for c in t.nbor().children if c.dep_ == "pobj"), None)
                if obj is None:
                    obj = next((c for c in t.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self._source_phrase(obj)
        for t in sent:
            if t.pos_ in _VERBS and t.lemma_.lower() in self.lexicon.reporting_verbs:
                subj = self.child(t, "nsubj")
                if subj is None or subj.pos_ == "PRON":
                    continue
                if subj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or \
                        subj.lemma_.lower() in self.lexicon.source_nouns:
                    return self._source_phrase(subj)
        return None

    def _source_phrase(self, head: Token) -> str:
        first, last = head.left_edge.i, head.right_edge.i
        ents = ents_between(head.doc, first, last)
        for labels in (("ORG",), ("PERSON",), ("GPE", "NORP")):
            names = [e for e in ents
                     if e.start >= first and e.end - 1 <= last and e.label_ in labels]
            if names:
                return self.entities.normalize(names[-1].text)
        return self.entities.clean(self.compact_np(head))
