"""An article's profile for story grouping, read off the spaCy Docs the claims stage already has.

Content words are lemmas of nouns, proper nouns, verbs and adjectives (a tagged pipeline) or the
lower-cased words that are not stop words (a pipeline without a tagger); names are the named
entities (a pipeline with NER) or runs of capitalised words inside sentences (one without). Each
is counted per part of the article: its title, its lead and its whole body, since the title and
the lead say what a report is about (the inverted pyramid).
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from extractor.claims.nlp.entities import entities
from extractor.core.names import name_key
from extractor.core.records import Article, ArticleProfile

__all__ = ["LEAD_CHARS", "ProfileBuilder", "tokenised_profile"]

# The lead: the first two sentences or so of a news report, which carry its who/what/when.
LEAD_CHARS = 400
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# spaCy's entity labels for names across its pipelines (English OntoNotes, and PER/LOC/MISC of
# the WikiNER-trained ones such as French); numbers, dates and money are figures, not names.
_NAME_LABELS = frozenset({"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT",
                          "PRODUCT", "LAW", "WORK_OF_ART", "MISC"})
# Without NER, a capitalised word inside a sentence is taken as part of a name. In a language that
# capitalises every noun (data/lexicon.yaml `noun_capitalising_languages`: German), a word is a
# name's only when it is no common word of its language (wordfreq Zipf frequency under 4.3,
# about 20 per million words) and is known beyond it (any frequency in English) or not at all:
# in the German articles of fixtures/stories this keeps "Merz", "Google", "Wagenknecht",
# "Kvaratskhelia" and drops "Milliarden", "Geldbuße", "Behörde", "Bundestagswahl".
_COMMON_ZIPF = 4.3
_MIN_WORD = 3


@functools.cache
def _capitalises_nouns(language: str | None) -> bool:
    from extractor.core.data import read_yaml

    return bool(language) and language in (
        read_yaml("lexicon.yaml").get("noun_capitalising_languages") or ())


@functools.lru_cache(maxsize=65_536)
def _name_word(word: str, language: str | None) -> bool:
    """Whether a capitalised word inside a sentence belongs to a name."""
    if not _capitalises_nouns(language):
        return True
    from wordfreq import zipf_frequency

    try:
        own = zipf_frequency(word, str(language))
        english = zipf_frequency(word, "en")
    except (LookupError, ValueError):
        return True
    return own < _COMMON_ZIPF and (english > 0 or own == 0)


class ProfileBuilder:
    """Accumulates the Docs of one article (title, then the pieces of its body)."""

    def __init__(self, article_id: str, language: str | None) -> None:
        self.article_id = article_id
        self.language = language
        self.terms: dict[str, Counter[str]] = {p: Counter() for p in ("title", "lead", "body")}
        self.names: dict[str, Counter[str]] = {p: Counter() for p in ("title", "lead", "body")}

    def add(self, doc: Any, part: str, *, offset: int = 0) -> None:
        """Count the words and names of ``doc``: the title, or a piece of the body starting at
        character ``offset`` of the body (the lead is the body's first LEAD_CHARS)."""
        tagged = doc.has_annotation("POS")
        for tok in doc:
            term = self._term(tok, tagged)
            if term is None:
                continue
            self.terms[part][term] += 1
            if part == "body" and offset + tok.idx < LEAD_CHARS:
                self.terms["lead"][term] += 1
        for start, name in self._names(doc):
            self.names[part][name] += 1
            if part == "body" and offset + start < LEAD_CHARS:
                self.names["lead"][name] += 1

    @staticmethod
    def _term(tok: Any, tagged: bool) -> str | None:
        if not tok.is_alpha or tok.is_stop or len(tok) < _MIN_WORD:
            return None
        if tagged:
            if tok.pos_ not in _CONTENT:
                return None
            return str(tok.lemma_ or tok.text).lower()
        return str(tok.lower_)

    def _names(self, doc: Any) -> list[tuple[int, str]]:
        if doc.has_annotation("ENT_IOB"):
            out = []
            for ent in entities(doc):
                if ent.label_ not in _NAME_LABELS:
                    continue
                tokens = list(ent)
                while tokens and (tokens[0].is_stop or tokens[0].pos_ == "DET"):
                    tokens = tokens[1:]  # "the Federal Reserve": the name is "Federal Reserve"
                key = name_key(doc[tokens[0].i:tokens[-1].i + 1].text) if tokens else None
                if key:
                    out.append((ent.start_char, key))
            return out
        return self._capitalised_runs(doc)

    def _capitalised_runs(self, doc: Any) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        run: list[Any] = []

        def close() -> None:
            words = [t for t in run if _name_word(t.lower_, self.language)]
            key = name_key(" ".join(t.text for t in words)) if words else None
            if key:
                out.append((words[0].idx, key))
            run.clear()

        previous: Any = None
        for tok in doc:
            opening = previous is None or previous.is_space or "\n" in previous.whitespace_ or \
                previous.text in (".", "!", "?", ":", "\"", "“", "«", "„")
            if tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop and not opening:
                run.append(tok)
            else:
                close()
            previous = tok
        close()
        return out

    def profile(self) -> ArticleProfile:
        return ArticleProfile(
            article_id=self.article_id, language=self.language,
            terms={p: dict(c) for p, c in self.terms.items() if c},
            names={p: dict(c) for p, c in self.names.items() if c},
        )


def tokenised_profile(article: Article) -> ArticleProfile | None:
    """The profile of an article no claim pipeline reads (a language not supported), from
    spaCy's tokenizer and stop words for its language alone; None for text with no words."""
    if not article.text or not article.text.strip():
        return None
    try:
        nlp = _blank(article.language or "xx")
    except (ImportError, KeyError, ValueError):
        nlp = _blank("xx")
    builder = ProfileBuilder(article.id, article.language)
    builder.add(nlp(article.text[:_TOKENISED_CHARS]), "body")
    if article.title:
        builder.add(nlp(article.title), "title")
    return builder.profile()


# Enough of a long article to say what it is about, at tokenizer speed.
_TOKENISED_CHARS = 20_000


@functools.cache
def _blank(language: str) -> Any:
    import spacy

    return spacy.blank(language)
