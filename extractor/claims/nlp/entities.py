"""Entity normalisation: "U.S.", "US", "the United States", "America" -> "United States".

Capitals stand for their country's government when they act ("Beijing imposed", "talks between
Washington and Beijing") and stay places after "in"/"at" ("a meeting in Beijing").
Vocabulary: models/entities.yaml (general world knowledge, not any one story's).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

__all__ = ["ENTS_KEY", "EntityNormalizer", "doc_text", "entities"]

# Doc.ents builds its spans from the tokens' IOB tags on every access (a Token object per token);
# the components after the NER read them many times per Doc, and never change them. They are
# kept in the Doc's own user_data, so that they go with it (timeline.forget_indexes drops
# them before a Doc is serialised).
ENTS_KEY = "newsclaims_ents"


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc (call only once the NER has run)."""
    found = doc.user_data.get(ENTS_KEY)
    if found is None:
        found = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return found  # type: ignore[no-any-return]


_TEXT_KEY = "newsclaims_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined from the tokens once per Doc (spaCy joins them on every access)."""
    found = doc.user_data.get(_TEXT_KEY)
    if found is None:
        found = doc.user_data[_TEXT_KEY] = doc.text
    return str(found)


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class EntityNormalizer:
    """Canonical names for the ways news writes countries, blocs and capitals."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.aliases: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        for canonical, spellings in data.get("aliases", {}).items():
            for s in [canonical, *spellings]:
                self.aliases[str(s)] = canonical
                if len(str(s)) > 3:  # short forms ("US", "UN") only in their exact case
                    self.folded[str(s).casefold()] = canonical
        self.demonyms: dict[str, str] = dict(data.get("demonyms", {}))
        self.capitals: dict[str, str] = dict(data.get("capitals", {}))
        self.metonyms: dict[str, str] = dict(data.get("metonyms", {}))

    @staticmethod
    def clean(text: str) -> str:
        """``text`` without a leading article, trailing possessive or surrounding punctuation."""
        s = " ".join(text.split()).strip(" ,;:\"“”'‘’()")
        s = _LEADING.sub("", s)
        return _POSSESSIVE.sub("", s).strip()

    def known(self, text: str) -> str | None:
        """The canonical name if ``text`` is a known country, bloc, demonym or metonym."""
        s = self.clean(text)
        if s in self.aliases:
            return self.aliases[s]
        if s.casefold() in self.folded:
            return self.folded[s.casefold()]
        if s in self.demonyms:
            return self.demonyms[s]
        if s.endswith("s") and s[:-1] in self.demonyms:
            return self.demonyms[s[:-1]]  # "Americans", "Filipinos": the people of a country
        if s in self.metonyms:
            return self.metonyms[s]
        if s.endswith(" government") or s.endswith(" administration"):
            head = s.rsplit(" ", 1)[0]
            return self.known(head) or self.capitals.get(head)
        return None

    def normalize(self, text: str, *, acting: bool = True) -> str:
        """Canonical name of an entity as written; a capital that ``acting`` is its country."""
        s = self.clean(text)
        found = self.known(s)
        if found:
            return found
        if acting and s in self.capitals:
            return self.capitals[s]
        return s
