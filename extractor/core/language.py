"""The language of an article's text (ISO 639-1), when the page does not say."""

from __future__ import annotations

import re

from extractor.core.data import read_yaml

__all__ = ["guess_language"]

_WORDS = re.compile(r"\w+", re.UNICODE)


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language with most stop words in the text's first 300 words."""
    words = _WORDS.findall(text.casefold())[:300]
    if len(words) < 20:  # too little text to tell
        return None
    scores = {
        lang: sum(1 for w in words if w in set(stops))
        for lang, stops in read_yaml("furniture.yaml")["stopwords"].items()
    }
    lang, hits = max(scores.items(), key=lambda kv: kv[1])
    # Stop words are ~40% of running text in these languages; under 10% is not a confident guess.
    return lang if hits >= 0.1 * len(words) else None
