"""The figures quality gate on the labelled development corpus (fixtures/stories): every figure
each English article states, found by value and unit, with its period right (nesting the gold's),
wrong, or absent, and the share of claims that state a gold figure (claim precision). Scored on
the session's real `newsclaims eval --corpus` run (extract, group, and read undated articles
again against their story's date). Floors in corpus_figures_baseline.json: a change may raise
them, never lower them silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate.figures import FigureScore

BASELINE = json.loads(Path(__file__).with_name("corpus_figures_baseline.json").read_text())


@pytest.fixture(scope="module")
def scored(story_corpus_run: tuple[Any, Path]) -> FigureScore:
    report, _ = story_corpus_run
    figures: FigureScore = report.figures
    return figures


def test_english_figures_of_the_story_corpus_meet_the_floors(scored: FigureScore) -> None:
    en = scored.by_language["en"]
    report = "\n".join(scored.lines(details=40))
    floors = BASELINE["en"]
    assert en["found"] >= floors["found"], report
    assert en["right"] >= floors["right"], report
    assert en["right"] / en["found"] >= floors["right_of_found"], report
    assert en["wrong_of_found"] <= floors["wrong_of_found_at_most"], report
    assert en["precision"] >= floors["precision"], report
