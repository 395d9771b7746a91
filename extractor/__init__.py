"""newsclaims: a news-monitoring fact-check tool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["__version__", "load"]

__version__ = "0.1.0"


def load(model: str | None = None, **kwargs: Any) -> Language:
    """The claim-extraction spaCy pipeline (spaCy is imported only when this is called)."""
    from extractor.claims.nlp import load as load_pipeline

    return load_pipeline(model, **kwargs)
