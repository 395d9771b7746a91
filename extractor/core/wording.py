"""Counts in words for the one-line summaries every stage prints ("1 error", "2 errors")."""

from __future__ import annotations

import textwrap

__all__ = ["plural", "shorten"]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` with its noun in the right number: ``plural(1, "story", "stories")`` is "1 story"."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis if longer than ``width``.

    >>> shorten("Possible conflation: only one outlet places the meeting in Lisbon", 40)
    'Possible conflation: only one outlet…'
    """
    one_line = " ".join(text.split())
    if len(one_line) <= width:
        return one_line
    # textwrap drops whole words until the placeholder fits; a first word longer than the width
    # (a URL, say) would leave only the placeholder, so that one is cut where it is.
    cut = textwrap.shorten(one_line, width=width, placeholder="…")
    if cut == "…":
        return one_line[: width - 1] + "…"
    return cut[:-1].rstrip(",;:–—-") + "…"  # "in Lisbon…", not "in Lisbon,…"
