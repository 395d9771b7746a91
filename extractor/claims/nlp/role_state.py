"""What the role rules work on: a figure's parse facts and the roles found so far.

A role rule (``roles.RULES``) is a function of a :class:`RoleState`: it reads the figure's draft
and parse, and may set ``metric``, ``object``, ``subject``, ``counterpart`` or ``metric_noun``
(the noun whose amount the figure is, read by the rules after it), or the draft's ``unit``.
Each rule carries one example sentence and what that sentence must yield
(tests/claims/test_roles.py runs them all through the real pipeline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.figures import Draft
from extractor.claims.nlp.lexicon import Lexicon

__all__ = ["RoleState", "Rule", "rule"]


@dataclass(frozen=True)
class Rule:
    """A role rule with the example sentence its docstring gives and the fields of the claim
    that example must yield (``figure``: the claim's text, when the sentence has several;
    ``headline``: the example is read as an article's title)."""

    apply: Callable[[RoleState], None]
    example: str
    expect: Mapping[str, Any]
    figure: str | None = None
    headline: bool = False

    @property
    def name(self) -> str:
        return self.apply.__name__

    def __call__(self, state: RoleState) -> None:
        self.apply(state)


def rule(example: str, *, figure: str | None = None, headline: bool = False,
         **expect: Any) -> Callable[[Callable[[RoleState], None]], Rule]:
    """Declare a role rule; ``expect`` are Claim fields the example's figure must have."""

    def make(fn: Callable[[RoleState], None]) -> Rule:
        return Rule(fn, example, expect, figure, headline)

    return make


@dataclass
class RoleState:
    """One figure's roles while the rules run, and the parse facts they share."""

    d: Draft
    ctx: Context
    groups: dict[str, tuple[str, ...]]  # joined subject -> its members ("A and B" -> (A, B))
    metric: str | None = None
    object: str | None = None
    subject: str | None = None
    counterpart: str | None = None
    metric_noun: Token | None = None  # the noun whose amount the figure is ("revenue")
    verb: Token | None = field(init=False)  # the figure's governing verb
    top: Token = field(init=False)  # "%" is punctuation to spaCy: the anchor can sit below it
    subj: Token | None = field(init=False)  # the verb's subject, if outside the figure
    lemma: str = field(init=False)  # the verb's lemma ("" without a verb)
    generic: bool = field(init=False)  # a verb of change or of saying names no metric

    def __post_init__(self) -> None:
        self.verb = self.ctx.governing_verb(self.anchor)
        self.top = self.d.tokens.root
        subj = self.ctx.subject_of(self.verb) if self.verb is not None else None
        self.subj = subj if self.outside(subj) else None
        self.lemma = self.verb.lemma_.lower() if self.verb is not None else ""
        lex = self.lex
        # "the yen weakened", "data showed": the verb says how or who, not what is measured
        self.generic = self.verb is not None and (
            self.lemma in lex.generic_verbs or self.lemma in lex.reporting_verbs
            or self.lemma in lex.up_verbs or self.lemma in lex.down_verbs)

    @property
    def lex(self) -> Lexicon:
        return self.ctx.lexicon

    @property
    def anchor(self) -> Token:
        return self.d.anchor

    def roles(self) -> tuple[str | None, str | None, str | None, str | None]:
        return self.metric, self.object, self.subject, self.counterpart

    def outside(self, t: Token | None) -> bool:
        """A token that is not part of the figure itself."""
        return t is not None and not (self.d.tokens.start <= t.i < self.d.tokens.end)

    def is_bare_number(self) -> bool:
        """A number with no unit yet: what it counts is still open."""
        return self.d.unit is None and self.d.kind == "number"

    def of_phrase(self) -> Token | None:
        """The "of X" of the metric noun, unless X is the figure ("a profit of 1.42 billion")."""
        if self.metric_noun is None:
            return None
        of = self.ctx.prep_object(self.metric_noun, "of")
        return of if self.outside(of) else None

    def who(self, token: Token) -> str | None:
        """The subject ``token`` names: an entity, or a coordination joined with "and"."""
        names = self.ctx.members(token)
        if not names:
            return None
        # in the written order, like event subjects; order-free comparison is by participants
        joined = " and ".join(names)
        if len(names) > 1:
            self.groups[joined] = tuple(names)
        return joined

    def speaker(self, token: Token) -> str | None:
        """A country or company that reports; a wire service (`news_agencies`) only sources."""
        if token.ent_type_ not in ("GPE", "ORG"):
            return None
        name = self.ctx.entity(token)
        if name is None or name.lower() in self.lex.news_agencies:
            return None
        return name

    def clauses_above(self) -> Iterator[tuple[Token, Token | None]]:
        """The verbs above the figure's verb (up to three) with their subjects."""
        climb = self.verb
        for _ in range(3):
            if climb is None or climb.head is climb:
                return
            climb = self.ctx.governing_verb(climb)
            if climb is None:
                return
            yield climb, self.ctx.subject_of(climb)

    def clause_entity(self) -> str | None:
        """An entity of the figure's own clause: the antecedent of a "where" clause ("on
        Spain, where sales dropped") or an "in <country>" on its verb."""
        verb, ctx = self.verb, self.ctx
        if verb is None:
            return None
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
            head = verb.head
            if head.ent_type_ in ("GPE", "ORG", "NORP") or ctx.entities.known(head.text):
                return ctx.entity(head, acting=False)
        place = ctx.prep_object(verb, "in")
        if place is not None and place.ent_type_ == "GPE":
            return ctx.entity(place, acting=False)
        return None

    def possessive_antecedent(self, noun: Token) -> str | None:
        """ "its"/"their" before ``noun`` refers to the sentence's subject: the first actor
        entity that is a subject before it ("Acme is recalling ... bottles of its syrup")."""
        if not any(c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in ("its", "their")
                   for c in noun.children):
            return None
        for t in noun.sent:
            if t.i >= noun.i:
                break
            if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ in ("ORG", "GPE", "NORP"):
                return self.ctx.entity(t)
        return None

    def phrase_metric(self) -> str | None:
        """A metric named by the verb with its particle, preposition or complement verb
        (`verb_metrics` keys like "force from", "force flee"), when the verb alone names none."""
        if self.verb is None:
            return None
        for c in self.verb.children:
            if c.dep_ in ("prep", "prt", "xcomp", "advcl"):
                found = self.lex.verb_metrics.get(f"{self.lemma} {c.lemma_.lower()}")
                if found:
                    return str(found)
        return None

    def multiple_base(self) -> Token | None:
        """The noun a multiple is of: "3.4 times the safe limit" -> limit."""
        d = self.d
        for t in d.tokens:
            if (t.like_num or t.pos_ == "NUM") and t.dep_ == "nummod" and \
                    t.head.pos_ == "NOUN" and t.head.i >= d.tokens.end:
                return t.head
        return None

    def gapped_count(self) -> Token | None:
        """The counted noun of the clause a bare-number clause is coordinated with."""
        verb, top = self.verb, self.top
        if verb is None or top.dep_ not in ("nsubj", "nsubjpass") or top.head != verb or \
                verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        first = self.ctx.child(verb.head, "nsubj", "nsubjpass")
        if first is None:
            # "120 schools were closed": the parser may hang the subject from the auxiliary
            first = next((t for t in self.d.sent if t.i < verb.head.i and t.dep_ in (
                "nsubj", "nsubjpass") and t.head.head == verb.head), None)
        if first is None or first.pos_ != "NOUN":
            return None
        if any(c.dep_ == "nummod" and (c.like_num or c.pos_ == "NUM") for c in first.children):
            return first
        return None
