"""Findings: compare the claims of each fact and each event of a story, and say what disagrees.

Every rule here compares intervals (:mod:`extractor.tolerance`), so rounding, hedges, units,
folds against percents and halves against percents never count as disagreements. What remains is
reported with the sentences that state it and the outlets that published them.

Split by rule family: :mod:`.values`, :mod:`.labels`, :mod:`.direction`, :mod:`.arithmetic`,
:mod:`.events`, :mod:`.conversions`; :mod:`.story` runs them on one story and :mod:`.context`
holds what they share.
"""

from extractor.reconcile.checks.context import StoryAnalysis
from extractor.reconcile.checks.events import same_place
from extractor.reconcile.checks.story import analyse_story

__all__ = ["StoryAnalysis", "analyse_story", "same_place"]
