"""newsclaims: a news-monitoring fact-check tool."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
