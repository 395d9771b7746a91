"""The figures quality gate on the labelled development corpus (fixtures/stories): every figure
each English article states, found by value and unit, with its period right (nesting the gold's),
wrong, or absent, and the share of claims that state a gold figure (claim precision). The
extraction alone is run (no story grouping), as `newsclaims eval --corpus` scores it. Floors in
corpus_figures_baseline.json: a change may raise them, never lower them silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.core.settings import load_settings
from extractor.evaluate.corpus import ingest_corpus, load_corpus
from extractor.evaluate.figures import FigureScore, score_figures

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "stories"
BASELINE = json.loads(Path(__file__).with_name("corpus_figures_baseline.json").read_text())


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> FigureScore:
    path = tmp_path_factory.mktemp("corpus-figures") / "corpus.db"
    settings = load_settings(db_path=path)
    db: sqlite_utils.Database = dbmod.open_db(path)
    corpus = load_corpus(CORPUS)
    ingest_corpus(db, settings, corpus, progress=False)
    extract_pending(db, settings, nlp=nlp, progress=False)
    return score_figures(db, corpus)


def test_english_figures_of_the_story_corpus_meet_the_floors(scored: FigureScore) -> None:
    en = scored.by_language["en"]
    report = "\n".join(scored.lines(details=40))
    floors = BASELINE["en"]
    assert en["found"] >= floors["found"], report
    assert en["right"] >= floors["right"], report
    assert en["right"] / en["found"] >= floors["right_of_found"], report
    assert en["wrong_of_found"] <= floors["wrong_of_found_at_most"], report
    assert en["precision"] >= floors["precision"], report
