"""Versions that stored data carries, so that a newer newsclaims knows what to redo."""

from __future__ import annotations

__all__ = ["PIPELINE_VERSION"]

# The claim-extraction rules' version, stored with every claim and extraction: bump it when a
# change to the rules should re-extract stored articles (the next `extract` redoes every one).
PIPELINE_VERSION = "8"
