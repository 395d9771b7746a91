"""Named people: every mention of a person, with the title or role the text gives them, and
their age as a figure.

A fact-checker compares what outlets say about the people in a story: a person's age ("Merz,
69," / "the 70-year-old"), their title and whether it fits the date ("former chancellor Olaf
Scholz" while he is in office), and the spelling of their name ("Leitha" / "Leitah"). This
component reads them:

- **person claims** (``kind == "person"``): one per mention of a named person. ``text`` is the
  name as written, ``subject`` the fullest form of that name in the text (the mention "Leitha"
  of "Larry Leitha"), ``object`` the title or role the text attaches to it ("former Federal
  Reserve chair", "Kerr County Sheriff", "outgoing Chancellor"): the words before the name in its
  noun phrase, or the noun its name is in apposition to ("director Richard Eastland"). A
  capitalised word that differs from a known surname by a letter or two ("Leitah" after "Larry
  Leitha") is a mention too: the tagger often does not tag a misspelt name as a person, and a
  misspelling is what the reconciler looks for;
- **ages** as quantity claims (metric ``age``, unit ``year``, subject the person): "Eastland,
  74,", "Sam Lilley (28)", "aged 29", "the 69-year-old". A figure the quantity component already
  read at those characters is rewritten (it read "74" as a bare count); otherwise one is added.

Every rule is general English news style; nothing names a person or a story.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractor.claims.nlp.entities import ENTS_KEY, doc_text, entities
from extractor.claims.nlp.local_people import local_age_claims
from extractor.core.data import read_yaml
from extractor.core.records import Claim

__all__ = ["PeopleComponent", "person_claims"]

# Ages of people: a number outside this range after a name is something else ("Flight 5342").
MIN_AGE, MAX_AGE = 1, 120
# A capitalised word this close to a known surname (rapidfuzz ratio, 0-100) and not equal to it
# is read as the same name spelt another way: one letter wrong or two swapped in a name of five
# or more letters scores 80 to 92; unrelated names score far lower. Calibrated on
# fixtures/stories (Leitha/Leitah 83, Wells/Welles 91, Kvaratskhelia/Kvaratshkelia 92).
VARIANT_RATIO = 80
MIN_VARIANT_LEN = 5
_AGE_WORDS = re.compile(r"^(\d{1,3})-year-old$", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*$")
# Words of a noun phrase that are not part of a title: determiners and possessives.
_NOT_TITLE_DEPS = {"det", "poss", "case", "punct", "predet", "nummod", "appos", "prep", "cc",
                   "conj", "relcl", "acl"}


def _clean(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return " ".join(name.replace('"', " ").replace("“", " ").replace("”", " ").split())


def _last(name: str) -> str:
    words = _clean(name).split()
    return words[-1] if words else ""


def _person_spans(doc: Doc) -> list[Span]:
    """PERSON entities, and a known surname written alone where the tagger named it otherwise
    ("Eastland" tagged as a place, "Scholz" as an organisation)."""
    spans = [e for e in entities(doc) if (e.label_ == "PERSON" or _titled(e))
             and any(t.is_alpha for t in e)]
    full = [s for s in spans if len(_clean(s.text).split()) >= 2]
    surnames = {_last(s.text) for s in full}
    # a name followed by an age in apposition is a person's, whatever the tagger said
    # ("Scholz, 66, accepted ...")
    for tok in doc:
        if tok.pos_ == "PROPN" and _NAME_TOKEN.match(tok.text) and tok.is_alpha and (
                _age_after(doc[tok.i:tok.i + 1]) is not None):
            surnames.add(tok.text)
    taken = {t.i for s in spans for t in s}
    for ent in entities(doc):
        if ent.label_ == "PERSON" or any(t.i in taken for t in ent):
            continue
        words = _clean(ent.text).split()
        if not words:
            continue
        if len(words) >= 2 and _last(ent.text) in surnames:
            # "Olaf Scholz" tagged as an organisation, where the text names Scholz elsewhere
            spans.append(ent)
            taken.update(t.i for t in ent)
        elif len(words) == 1 and words[0] in surnames:
            spans.append(ent)
            taken.update(t.i for t in ent)
    for tok in doc:
        if tok.i in taken or not _NAME_TOKEN.match(tok.text) or not tok.is_alpha:
            continue
        if tok.text in surnames:
            spans.append(doc[tok.i:tok.i + 1])
            taken.add(tok.i)
        elif len(tok.text) >= MIN_VARIANT_LEN and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            close = [s for s in surnames if len(s) >= MIN_VARIANT_LEN and s != tok.text
                     and abs(len(s) - len(tok.text)) <= 1 and s.rstrip("s") != tok.text
                     and tok.text.rstrip("s") != s and fuzz.ratio(s, tok.text) >= VARIANT_RATIO]
            if close:
                spans.append(doc[tok.i:tok.i + 1])
                taken.add(tok.i)
    return sorted(spans, key=lambda s: s.start)


# Titles written before a name, capitalised or not ("Chancellor Olaf Scholz", "coach Pep
# Guardiola"): general English offices and roles.
TITLE_WORDS = frozenset({
    "president", "chancellor", "minister", "premier", "governor", "senator", "congressman",
    "congresswoman", "representative", "mayor", "sheriff", "judge", "justice", "chair",
    "chairman", "chairwoman", "director", "commissioner", "secretary", "ambassador", "king",
    "queen", "prince", "princess", "pope", "general", "colonel", "captain", "officer", "coach",
    "manager", "chief", "spokesman", "spokeswoman", "spokesperson", "leader", "founder",
    "ceo", "executive", "economist", "analyst", "professor", "dr", "sir", "dame", "lord",
})


def _titled(ent: Span) -> bool:
    """A name of two to four capitalised words right after a role noun that modifies it
    ("former chancellor Olaf Scholz", "Chancellor Olaf Scholz's", "coach Pep Guardiola"): a
    person's, whatever the tagger's label."""
    words = [t for t in ent if t.is_alpha]
    if not 2 <= len(words) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper()
                                           for t in words):
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is None or before.dep_ != "compound" or before.head.i not in range(ent.start,
                                                                                  ent.end):
        return False
    return (before.pos_ == "NOUN" and before.is_lower) or before.lower_ in TITLE_WORDS


def _title(span: Span) -> str | None:
    """The title or role before a name in its noun phrase ("former Federal Reserve chair
    Jerome Powell"), or the noun the name is in apposition to ("director Richard Eastland")."""
    root = span.root
    inside = {t.i for t in span}
    words: list[Token] = []
    for child in root.lefts:
        if child.i in inside or child.dep_ in _NOT_TITLE_DEPS:
            continue
        words.extend(t for t in child.subtree if t.i not in inside and t.dep_ not in (
            "det", "poss", "case", "punct") and t.i < span.start)
    if not words and root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
        words = [t for t in head.subtree if t.i <= head.i and t.dep_ not in (
            "det", "poss", "case", "punct") and t.i not in inside]
    # an age is not a title ("the 69-year-old Friedrich Merz")
    words = [t for t in words if not t.like_num and t.lower_ not in ("-", "year", "years", "old")]
    if not words:
        return None
    words = sorted(set(words), key=lambda t: t.i)
    text = " ".join(t.text for t in words).strip()
    return text or None


def _age_after(span: Span) -> Token | None:
    """ "Eastland, 74," / "Lilley (28)" / "Wirtz, aged 22": the age right after a name."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].text in (",", "("):
        j = i + 1
        if j < len(doc) and doc[j].lower_ == "aged":
            j += 1
        if j < len(doc) and doc[j].like_num and doc[j].text.isdigit():
            value = int(doc[j].text)
            closes = j + 1 >= len(doc) or doc[j + 1].text in (",", ")", ".", ";")
            if MIN_AGE <= value <= MAX_AGE and closes:
                return doc[j]
    return None


def _year_old(doc: Doc) -> Iterator[tuple[Span, int]]:
    """ "the 69-year-old", "a 22 year old": spans with their age."""
    for tok in doc:
        match = _AGE_WORDS.match(tok.text)
        if match:
            yield doc[tok.i:tok.i + 1], int(match.group(1))
            continue
        # the tokenizer splits "69-year-old" into 69 - year - old
        if tok.like_num and tok.text.isdigit() and tok.i + 4 < len(doc) + 1:
            rest = [t.lower_ for t in doc[tok.i + 1:tok.i + 5]]
            if rest[:4] == ["-", "year", "-", "old"] or rest[:2] == ["year", "old"]:
                end = tok.i + (5 if rest[:1] == ["-"] else 3)
                yield doc[tok.i:end], int(tok.text)


def person_claims(doc: Doc, claims: Sequence[Claim], pipeline: str) -> list[Claim]:
    """``claims`` with ages rewritten as such, plus the person and age claims of ``doc``."""
    spans = _person_spans(doc)
    if not spans:
        return list(claims)
    text = doc_text(doc)
    full: dict[str, str] = {}  # surname -> the fullest name the text gives
    for s in spans:
        name = _clean(s.text)
        last = _last(name)
        if last and len(name) > len(full.get(last, "")):
            full[last] = name
    out = list(claims)
    by_offsets = {(c.start, c.end): k for k, c in enumerate(out) if c.kind == "quantity"}
    added: list[Claim] = []

    def name_of(span: Span) -> str:
        # a full name is its own; a surname alone is the fullest name that ends with it (or
        # the nearest such name before it, when two people share the surname)
        name = _clean(span.text)
        if len(name.split()) >= 2:
            return name
        last = _last(name)
        owners = [s for s in spans if len(_clean(s.text).split()) >= 2
                  and _last(s.text) == last]
        if len({_clean(s.text) for s in owners}) > 1:
            before = [s for s in owners if s.start < span.start]
            return _clean(before[-1].text) if before else name
        return full.get(last, name)

    # an age is as of the story's time (figure_periods.py: the anchor), not of a neighbour date
    anchor = doc._.main_period
    as_of = anchor.period if anchor is not None and not anchor.period.is_open else None

    def age(tok_start: int, tok_end: int, value: int, person: Span) -> None:
        start, end = tok_start, tok_end
        sent = person.sent
        fields = {"value": float(value), "unit": "year", "unit_text": "years",
                  "basis": "absolute", "metric": "age", "object": None,
                  "subject": name_of(person), "counterpart": None, "qualifier": "exact",
                  "period_start": as_of.start.isoformat() if as_of else None,
                  "period_end": as_of.end.isoformat() if as_of else None, "period_text": None,
                  "direction": None, "comparison": None}
        k = next((k for (s, e), k in by_offsets.items() if (s <= start and end <= e)
                  or start <= s < end), None)
        if k is not None:
            # "turns 20" read as nearly 20 (metric_rules.py) stays so
            fields["qualifier"] = out[k].qualifier
            out[k] = dataclasses.replace(out[k], **fields)  # type: ignore[arg-type]
            return
        added.append(Claim(id="", article_id="", kind="quantity", text=text[start:end],
                           start=start, end=end, sentence=sent.text,
                           sentence_start=sent.start_char, pipeline=pipeline,
                           **fields))  # type: ignore[arg-type]

    for s in spans:
        sent = s.sent
        added.append(Claim(id="", article_id="", kind="person", text=text[s.start_char:s.end_char],
                           start=s.start_char, end=s.end_char, sentence=sent.text,
                           sentence_start=sent.start_char, subject=name_of(s), object=_title(s),
                           pipeline=pipeline))
        tok = _age_after(s)
        if tok is not None:
            age(tok.idx, tok.idx + len(tok.text), int(tok.text), s)
    for span, value in _year_old(doc):
        if not MIN_AGE <= value <= MAX_AGE:
            continue
        person = _nearest_person(span, spans)
        if person is not None:
            age(span.start_char, span.end_char, value, person)
    return out + sorted(added, key=lambda c: (c.start, c.kind))


def _nearest_person(span: Span, spans: Sequence[Span]) -> Span | None:
    """The person a "69-year-old" describes: the name it modifies, else the nearest one before
    it in its sentence, else the last one named before its sentence."""
    sent = span.sent
    after = [s for s in spans if s.start >= span.end and s.sent == sent and (
        s.start - span.end) <= 3]
    if after:
        return after[0]
    before = [s for s in spans if s.end <= span.start]
    in_sentence = [s for s in before if s.sent == sent]
    if in_sentence:
        return in_sentence[-1]
    return before[-1] if before else None


@cache
def _local_grammar(lang: str) -> tuple[dict[str, Any], bool]:
    """languages.yaml's section for ``lang``, and whether the language capitalises every noun
    (lexicon.yaml ``noun_capitalising_languages``)."""
    languages = read_yaml("languages.yaml")
    lexicon = read_yaml("lexicon.yaml")
    local = dict((languages.get(lang) or {}) if isinstance(languages, dict) else {})
    nouns = lexicon.get("noun_capitalising_languages") if isinstance(lexicon, dict) else None
    return local, lang in (nouns or ())


class PeopleComponent:
    """``newsclaims_people_v1``: person claims and ages, appended to ``doc._.claims``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from extractor.claims.nlp.components import pipeline_id

        lang = self.nlp.lang or "en"
        if lang != "en":
            # the other languages' pipelines have no parser for the English rules: their ages
            # are read from the figures and the grammar of an age (local_people.py)
            local, capitalises = _local_grammar(lang)
            doc._.claims = local_age_claims(doc, list(doc._.claims or []),
                                            pipeline_id(self.nlp), lang, local, capitalises)
        else:
            doc._.claims = person_claims(doc, list(doc._.claims or []), pipeline_id(self.nlp))
        doc.user_data.pop(ENTS_KEY, None)  # Spans: a Doc cannot serialise them
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("newsclaims_people_v1", assigns=["doc._.claims"],
                  requires=["doc.ents", "token.dep"])
def make_people(nlp: Language, name: str) -> PeopleComponent:
    return PeopleComponent(nlp, name)
