"""Floors per language on the labelled corpus (fixtures/stories), through the real eval: every
supported language's figures are found with their value and unit, and their period, at least as
often as when pinned; claims that state no gold figure stay rare.

The run is the session's one eval of the corpus (tests/conftest.py ``story_corpus_run``), so
these floors cost no extra extraction. Raise a floor when a change raises the score; lower one
only with the reason in the same change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.core.language import SUPPORTED

# As measured when pinned (issue 12 and 13 work), raised 2026-12-06 after the figure-recall and
# period work (measured then: en found 0.979 right 0.800; de 0.923/0.490; es 0.931/0.862; fr
# 0.929/0.786; it 0.943/0.657; pt 0.857/0.857): found (value + unit), right (also the period)
# and claim precision, each a little under the score. German "right" was low because its
# election articles date the results by the night they were announced ("in der Nacht zum
# Montag"); raised 2026-12-06 once that night is read as the evening before and dates of
# another clause or an earlier value no longer date a figure (measured then: en found 0.979
# right 0.806; de 0.923/0.657, wrong periods 5.3% of the found, was 29.5%). Italian raised
# 2026-12-06 once a report filed in the small hours is about the evening before (measured then:
# it 0.943/0.857, wrong periods 6.1% of the found, was 27.3%). German, Spanish, French and
# Italian raised 2026-12-06 once the base of a comparison, relative clauses and "when" clauses
# are read without a parser (measured then: de 0.923/0.706, wrong 1.5% of the found, was 5.3%;
# es 0.931/0.877, wrong 1.7%, was 5.0%; fr 0.929/0.869, wrong 1.3%, was 6.4%; it 0.943/0.914,
# wrong 3.0%, was 6.1%).
FLOORS: dict[str, dict[str, float]] = {
    "en": {"found": 0.96, "right": 0.79, "precision": 0.98},
    "de": {"found": 0.90, "right": 0.68, "precision": 0.93},
    "es": {"found": 0.91, "right": 0.85, "precision": 0.93},
    "fr": {"found": 0.91, "right": 0.84, "precision": 0.96},
    "it": {"found": 0.91, "right": 0.89, "precision": 0.92},
    "pt": {"found": 0.84, "right": 0.84, "precision": 0.94},
}


@pytest.fixture(scope="module")
def by_language(story_corpus_run: tuple[Any, Path]) -> dict[str, dict[str, float]]:
    report, _ = story_corpus_run
    return dict(report.figures.by_language)


def test_every_language_of_the_corpus_is_supported(by_language: dict[str, Any]) -> None:
    assert set(by_language) <= SUPPORTED
    assert set(FLOORS) == set(by_language)


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_figures_of_each_language_do_not_fall_below_the_floors(
        by_language: dict[str, dict[str, float]], lang: str) -> None:
    scores = by_language[lang]
    low = {k: (round(scores[k], 4), floor) for k, floor in FLOORS[lang].items()
           if scores[k] < floor}
    assert not low, f"{lang}: below the floor (score, floor): {low}"
