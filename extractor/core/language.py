"""The language of an article's text (ISO 639-1), when the page does not say, and the languages
the claims stage extracts.

Identification is py3langid's (a maintained fork of langid.py: a naive Bayes model of byte
n-grams over 140 languages). bench/langid_bench.py measured it against lingua on 582 news
sentences in 13 languages and on the 109 articles of fixtures/stories (BENCHMARKS.md, "language
identification"): the same accuracy as lingua's high-accuracy mode on sentences (99.7%; 98.7% on
those of 5-9 words) and on whole articles (100%), at a twentieth of its installed size (5 MB
against 100 MB), a tenth of its memory (92 MB against ~920 MB resident) and 40-200 times less time
per sentence. lingua's low-accuracy mode is small in memory but scored 97.1%, and kept wrong
answers even at a confidence of 0.95. So lingua stays a development dependency, for the bench only.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["MIN_CONFIDENCE", "PLANNED", "SUPPORTED", "guess_language", "unsupported_reason"]

# The languages the claims stage extracts (issue 12): English with its pretrained pipeline,
# French with fr_core_news_sm, German, Spanish, Italian and Portuguese with blank pipelines and
# the language's number, unit and date words (docs/claims.md, "Languages"). Articles in any other
# language are stored and skipped with a reason, never read as English; PLANNED names languages
# whose pipeline is under way (none now).
SUPPORTED: frozenset[str] = frozenset({"en", "de", "fr", "es", "it", "pt"})
PLANNED: frozenset[str] = frozenset()

# py3langid's probability (normalised with its length-scaled softmax) of the best language.
# Calibrated with bench/langid_bench.py on bench/data/langid_sentences.tsv (390 sentences, 13
# languages) and on the first 1, 2, 3, 4, 6 and 8 words of each: from 0.7 up no answer kept was
# wrong, at any length (0.5 kept 15 wrong short prefixes, 0.6 kept 4); 0.7 still answers 95% of
# whole sentences (3 English ones of 70 get None) and every fixture article scored over 0.99.
MIN_CONFIDENCE = 0.7
# Under three words a text is a name or a label rather than a sample of a language (caution, not
# calibration: the bench's 1- and 2-word prefixes were seldom answered at 0.7, and never wrongly).
MIN_WORDS = 3
# The identifier reads bytes: an article's first 10,000 characters say its language as well as
# all of it, and a 100,000-word article costs no more than a long one.
_SAMPLE_CHARS = 10_000
# Labels of py3langid that are not a language: no linguistic content, undetermined.
_NOT_A_LANGUAGE = {"zxx", "und"}
_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def _identifier() -> Any:
    """The py3langid model (0.5 s and ~90 MB to load), once per process, on first use."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None when it is too short or no language is clear."""
    sample = text[:_SAMPLE_CHARS]
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return None
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or language in _NOT_A_LANGUAGE:
        return None
    return str(language)


def unsupported_reason(language: str | None) -> str | None:
    """Why the claims stage does not extract text in ``language`` (None: it does)."""
    if language in SUPPORTED:
        return None
    if language is None:
        return "language unknown (too little text, or no language is clear)"
    if language in PLANNED:
        return f"language {language} not supported yet"
    return f"language {language} not supported"
