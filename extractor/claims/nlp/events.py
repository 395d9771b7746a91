"""Event claims: what happened, when, where and who took part.

An event is a verb, or an event noun ("agreement", "talks"), with a date or a place attached:
"Washington and Beijing agreed last month on a trade framework" -> event "agreement: trade",
period last month, participants United States and China; "a trade meeting in <city>" -> event
"talks: trade", place <city>. Names are a class from models/events.yaml plus the object ("reached
a trade deal" and "secured a trade framework" are both "agreement: trade"); a verb with no class
keeps its lemmas ("report profit").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extractor.claims.nlp.context import Context
from extractor.claims.nlp.entities import doc_text, entities
from extractor.claims.nlp.timeline import PeriodMention, sentence_of
from extractor.core.records import Claim, stable_id

__all__ = ["EventReader"]

_VERBS = frozenset({"VERB", "AUX"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_LABELS = ("GPE", "ORG", "NORP", "PERSON")
# Sentences this short are datelines and bylines ("Posted on 2025-07-21"), not reports of events.
_MIN_WORDS = 6
_OBJECT_DEPS = ("dobj", "attr", "oprd")
_EVENT_CONFIDENCE = 0.8  # event attachment is read from the parse: less sure than a figure


@dataclass
class _Event:
    head: Token
    period: PeriodMention | None = None
    place: str | None = None
    place_tokens: tuple[int, int] | None = None
    extra: list[int] = field(default_factory=list)


class EventReader:
    """Turns a parsed Doc into event claims."""

    def __init__(self, context: Context) -> None:
        self.ctx = context
        self.lex = context.lexicon
        nouns = "|".join(sorted((re.escape(n) for n in self.lex.place_nouns), key=len,
                                reverse=True))
        self._place_nouns = re.compile(rf"(?<=[A-Za-z] )(?:{nouns or '(?!)'})s?\b",
                                       re.IGNORECASE)

    def claims(self, doc: Doc, periods: list[PeriodMention], figure_tokens: set[int],
               pipeline: str, ref_penalty: float) -> list[Claim]:
        events: dict[int, _Event] = {}
        text = doc_text(doc)
        for p in periods:
            if p.role in ("base", "dateline") or figure_tokens.intersection(range(p.start, p.end)):
                continue
            span = doc[p.start:p.end]
            if sum(t.is_alpha for t in sentence_of(doc, span.start)) < _MIN_WORDS:
                continue
            head = self._event_head(span.root)
            if head is None:
                continue
            ev = events.setdefault(head.i, _Event(head))
            if ev.period is None:
                ev.period = p
        for ent in entities(doc):
            if ent.label_ not in _PLACE_LABELS:
                continue
            prep = ent.root.head
            if ent.root.dep_ != "pobj" or prep.lower_ not in ("in", "at"):
                continue
            head = prep.head
            if (head.pos_ == "NOUN" and self._is_event_noun(head)) or (
                    head.i in events and events[head.i].place is None):
                ev = events.setdefault(head.i, _Event(head))
                ev.place = self.ctx.entities.normalize(ent.text, acting=False)
                ev.place_tokens = (ent.start, ent.end)
        for found in self._place_nouns.finditer(text):
            # "in Aurora province": a name before a place noun is a place, whatever NER calls it
            # (a regex pass finds the few candidates; a Python loop over every token is slow)
            noun = doc.char_span(found.start(), found.end())
            if noun is None:
                continue
            tok = noun[0]
            if tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "at"):
                continue
            names = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if not names:
                continue
            head = tok.head.head
            if (head.pos_ == "NOUN" and self._is_event_noun(head)) or (
                    head.i in events and events[head.i].place is None):
                ev = events.setdefault(head.i, _Event(head))
                if ev.place is None:
                    ev.place = doc[min(t.i for t in names):tok.i + 1].text
                    ev.place_tokens = (min(t.i for t in names), tok.i + 1)
        # a verb whose complement is a figure is a quantity statement, already a quantity claim
        figure_verbs = {v.i for i in figure_tokens
                        if (v := _complement_of(doc[i])) is not None}
        for ev in events.values():
            subj = self.ctx.subject_of(ev.head) if ev.head.pos_ in _VERBS else None
            obj = self.ctx.child(ev.head, "dobj") if ev.head.pos_ in _VERBS else None
            if ev.place is None and subj is not None and self._is_event_noun(subj) and \
                    obj is not None and obj.ent_type_ in _PLACE_LABELS:
                ev.place = self.ctx.entities.normalize(obj.text, acting=False)  # "storm hit X"
        # ... unless what the verb's subject names is itself something that happens ("the
        # magnitude 6.0 quake struck ... on Saturday, some 27 km from Jalalabad"): the figures
        # describe the occurrence (its magnitude, a distance), and the verb dates it
        made = [(ev, self._claim(doc, ev, pipeline, ref_penalty))
                for i, ev in sorted(events.items())
                if i not in figure_verbs or ev.place is not None
                or self._event_subject(ev.head) is not None]
        return self._anaphora([(ev, c) for ev, c in made if c is not None])

    @staticmethod
    def _anaphora(made: list[tuple[_Event, Claim]]) -> list[Claim]:
        """ "the June agreement" after "agreed on a trade framework": a definite bare class
        noun refers back to the last event of its class in the text, and takes its object."""
        out: list[Claim] = []
        for ev, c in made:
            name = c.event or ""
            definite = any(t.dep_ in ("det", "poss") and t.lower_ in ("the", "this", "that",
                                                                       "its", "their")
                           for t in ev.head.lefts)
            if ev.head.pos_ == "NOUN" and ":" not in name and definite:
                earlier = [e for e in out if (e.event or "").startswith(f"{name}: ")]
                if earlier:
                    c = dataclasses.replace(
                        c, event=earlier[-1].event,
                        participants=c.participants or earlier[-1].participants,
                        subject=c.subject or earlier[-1].subject)
            out.append(c)
        return out

    def _is_event_noun(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.lex.event_nouns or token.lower_ in self.lex.event_nouns

    def _event_subject(self, verb: Token) -> Token | None:
        """The verb's subject when it names an event ("the quake struck", "talks resumed").

        Every subject the parser attached is looked at: in "a magnitude 7.7 earthquake ripped
        through ..." it reads both "magnitude" and "earthquake" as subjects."""
        if verb.pos_ not in _VERBS:
            return None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if (found := self.ctx.subject_of(verb)) is not None:
            subjects.insert(0, found)  # "the earthquake that struck": the relative's antecedent
        return next((s for s in subjects if s.pos_ == "NOUN" and self._is_event_noun(s)), None)

    def _event_head(self, root: Token) -> Token | None:
        """The verb or event noun a date hangs from."""
        t = root
        for _ in range(4):  # date -> (prep) -> verb/noun: a couple of arcs
            head = t.head
            if head is t:
                return t if t.pos_ in _VERBS else None
            if head.pos_ == "NOUN" and self._is_event_noun(head):
                return head
            if head.pos_ in _VERBS:
                return self._main_verb(head)
            if head.pos_ == "NOUN" and t.dep_ in ("compound", "nmod", "npadvmod") and \
                    self._is_event_noun(head):
                return head
            t = head
        return None

    def _main_verb(self, verb: Token) -> Token:
        """ "managed to secure" -> secure; "began selling" -> selling."""
        if verb.lemma_.lower() in self.lex.light_verbs:
            comp = self.ctx.child(verb, "xcomp")
            if comp is not None and comp.pos_ in _VERBS:
                return comp
        return verb

    def _claim(self, doc: Doc, ev: _Event, pipeline: str, ref_penalty: float) -> Claim | None:
        head = ev.head
        if head.pos_ in _VERBS and head.lemma_.lower() in self.lex.generic_verbs and \
                ev.place is None and self._event_subject(head) is None:
            return None  # "exports soared in June", "June's total was": figures, not events
        sent = sentence_of(doc, head.i)
        ctx = self.ctx
        name, obj_tok = self._name(head)
        if not name:
            return None
        participants = self._participants(head)
        indices = [head.i]
        if head.pos_ in _VERBS:
            subj = ctx.subject_of(head)
            # a subject more than a few words back would drag a long clause into the text
            if subj is not None and sent.start <= subj.i < head.i and head.i - subj.i < 8:
                indices.append(min(t.i for t in subj.subtree))
        else:
            left = [t.i for t in head.lefts if t.dep_ in ("compound", "amod", "det", "poss")]
            indices.extend(left)
        if obj_tok is not None:
            indices.append(obj_tok.i)
        if ev.period is not None:
            indices.extend([ev.period.start, ev.period.end - 1])
        if ev.place_tokens is not None:
            indices.extend([ev.place_tokens[0], ev.place_tokens[1] - 1])
        lo = max(min(indices), sent.start)
        hi = min(max(indices), sent.end - 1)
        span = doc[lo:hi + 1]
        period = ev.period.period if ev.period and not ev.period.period.is_open else None
        confidence = _EVENT_CONFIDENCE - (ref_penalty if period else 0.0)
        return Claim(
            id=stable_id("", span.start_char, span.end_char, "event"),
            article_id="",
            kind="event",
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            sentence=sent.text,
            sentence_start=sent.start_char,
            period_start=period.start.isoformat() if period else None,
            period_end=period.end.isoformat() if period else None,
            period_text=ev.period.text if ev.period else None,
            event=name,
            place=ev.place,
            participants=tuple(participants),
            subject=self._subject(head, participants),
            source=ctx.source(sent),
            confidence=round(max(0.1, confidence), 3),
            pipeline=pipeline,
        )

    def _name(self, head: Token) -> tuple[str, Token | None]:
        """The event's class and object ("agreement: trade"), else its predicate and object
        lemmas ("report profit")."""
        words, obj = self._words(head)
        classes = self.lex.event_classes
        lemma = _lemma(head)
        cls: str | None = None
        thing: list[Token] = []
        if head.pos_ not in _VERBS:
            cls = classes.of_noun(lemma, head.lower_)
            thing = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"
                     and t.ent_type_ != "DATE"] + [head]
        else:
            by_verb = classes.by_verb.get(head.lemma_.lower())
            by_obj = classes.of_noun(_lemma(obj), obj.lower_) if obj is not None else None
            if by_verb in classes.needs and by_obj != classes.needs[by_verb]:
                by_verb = None  # "paused operations" lifts nothing imposed
            if by_verb and not (by_verb in classes.weak and by_obj):
                cls = by_verb
            elif by_obj and (by_verb or head.lemma_.lower() in classes.support):
                cls = by_obj  # "reach a deal", "announce new tariffs"
            subj = self.ctx.subject_of(head)
            if cls is None and obj is None and subj is not None and subj.pos_ == "NOUN":
                cls = classes.of_noun(_lemma(subj), subj.lower_)  # "negotiations resumed"
                if cls is not None:
                    thing = [t for t in subj.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
            acted_on = obj if obj is not None else self.ctx.child(head, "nsubjpass")
            if acted_on is not None and acted_on.pos_ in ("NOUN", "PROPN") and \
                    acted_on.ent_type_ not in _ACTOR_LABELS:
                # "imposed curbs on exports", or passive "exports were restricted"
                thing = [t for t in acted_on.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
                thing.append(acted_on)
        if cls is None and head.lemma_.lower() in classes.light and obj is not None and \
                _nounish(obj) and obj.ent_type_ not in _ACTOR_LABELS:
            # "made landfall", "took effect": the light verb adds nothing, the object is the event
            mods = [_lemma(t) for t in obj.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
            return " ".join([*mods, _lemma(obj)]), obj
        if cls is None:
            return words, obj
        # names of the event itself add nothing to its class ("trade deal" -> agreement: trade)
        kept = [_lemma(t) for t in thing
                if classes.by_noun.get(_lemma(t)) != cls and classes.by_noun.get(t.lower_) != cls]
        return (f"{cls}: {' '.join(kept)}" if kept else cls), obj

    def _words(self, head: Token) -> tuple[str, Token | None]:
        """Normalised predicate and object lemma: "agree trade framework"."""
        if head.pos_ not in _VERBS:
            mods = [_lemma(t) for t in head.lefts
                    if t.dep_ == "compound" and t.pos_ == "NOUN" and t.ent_type_ != "DATE"]
            return " ".join([*mods, _lemma(head)]), None
        obj = self.ctx.child(head, *_OBJECT_DEPS)
        if obj is None:
            obj = self.ctx.prep_object(head, "on", "to", "over", "for")
        if obj is not None and obj.ent_type_ in ("DATE", "TIME"):
            obj = None
        if obj is None and head.dep_ == "acl" and head.head.pos_ == "NOUN":
            obj = head.head  # "data, released on July 20": release data
        words = [head.lemma_.lower()]
        subj = self.ctx.subject_of(head)
        if subj is None or not self._is_event_noun(subj):
            subj = self._event_subject(head)  # "a magnitude 7.7 earthquake ripped through"
        if subj is not None and subj is not obj and subj.pos_ == "NOUN" and \
                self._is_event_noun(subj) and head.dep_ != "acl":
            words.insert(0, _lemma(subj))  # "earthquake hit", "talks resume"
        if obj is not None and _nounish(obj) and obj.ent_type_ not in _ACTOR_LABELS:
            mods = [t.lemma_.lower() for t in obj.lefts
                    if t.dep_ == "compound" and t.pos_ == "NOUN"]
            words.extend([*mods, _lemma(obj)])
        return " ".join(words), obj

    def _subject(self, head: Token, participants: list[str]) -> str | None:
        """Who acted: the whole coordination when the subject names several ("A and B")."""
        subj = self.ctx.subject_of(head) if head.pos_ in _VERBS else None
        members = self.ctx.members(subj) if subj is not None else []
        if len(members) > 1:
            return " and ".join(members)
        return participants[0] if participants else None

    def _participants(self, head: Token) -> list[str]:
        ctx = self.ctx
        found: list[str] = []
        candidates: list[Token] = []
        holders_extra: list[Token] = []
        if head.pos_ in _VERBS:
            subj = ctx.subject_of(head)
            if subj is not None:
                # "Apple and X Corp announced", "both nations agreed": every member
                members = ctx.members(subj)
                for member in members:
                    if member not in found:
                        found.append(member)
                if not members:
                    candidates.append(subj)
                    candidates.extend(t for t in subj.conjuncts)
                elif subj.pos_ == "NOUN":
                    holders_extra.append(subj)
            agent = ctx.prep_object(head, "by")
            if agent is not None:
                candidates.append(agent)
        else:
            candidates.extend(t for t in head.children if t.dep_ == "poss")
        holders = [head, *holders_extra, *(c for c in candidates if c.pos_ == "NOUN")]
        for holder in holders:  # "talks between X and Y resumed", "leaders of the G7 met"
            for prep in ("between", "with", "among", "of"):
                if prep == "of" and holder is head:
                    continue
                obj = ctx.prep_object(holder, prep)
                if obj is not None:
                    candidates.append(obj)
                    candidates.extend(obj.conjuncts)
        for t in candidates:
            if t.pos_ == "NOUN" and t.ent_type_ == "":
                continue  # "leaders", "talks": not a participant by name
            name = ctx.entity(t)
            if name and name not in found:
                found.append(name)
        return found


# Lemmas the pretrained lemmatizer gets wrong for news usage.
_LEMMA_FIXES = {"datum": "data", "medium": "media"}


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return _LEMMA_FIXES.get(lemma, lemma)


def _nounish(token: Token) -> bool:
    """A noun, or a direct object the tagger took for an adjective ("made landfall")."""
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and token.dep_ == "dobj")


def _complement_of(token: Token) -> Token | None:
    """The verb a figure token is the complement of ("rose 5%", "reached 3,188 tonnes")."""
    head = token.head
    if head.pos_ in _VERBS and token.dep_ in ("dobj", "npadvmod", "advmod", "attr", "acomp",
                                               "oprd", "nsubj", "nsubjpass", "advcl"):
        return head
    if head.pos_ == "ADP" and token.dep_ == "pobj" and head.head.pos_ in _VERBS and \
            head.lower_ in ("to", "by", "from", "at", "of"):  # "rose to X", "fell by X"
        return head.head
    return None
