"""Names as story grouping compares them: "l'Espagne", "Spain's" and "SPAIN" are one key each
way they are spelled, with accents, case, elided articles and possessives set aside."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key"]

# An elided article glued to a name ("l'Espagne", "d'Italia", "dell'Europa"): lower-case letters
# and an apostrophe before a capital; "O'Brien" starts with a capital and keeps its "O'".
_ELIDED = re.compile(r"^[^\W\d_A-Z]{1,4}['’](?=[^\W\d_])")
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"[\s\-‐–—]+")


def name_key(text: str) -> str | None:
    """The comparison key of a name, or None when nothing of it is left."""
    text = _ELIDED.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _SPACES.sub(" ", folded).strip(" .,;:!?\"'“”‘’()[]")
    return folded or None
