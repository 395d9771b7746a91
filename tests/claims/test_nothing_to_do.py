"""An extract with nothing new costs no model load (the second `newsclaims run` of a cron job)."""

from __future__ import annotations

import pytest
import sqlite_utils
from spacy.language import Language

import extractor.claims.nlp
from extractor.claims.extract import extract_pending
from extractor.claims.nlp import expected_pipeline_id, pipeline_id
from extractor.core.settings import load_settings

from .conftest import make_article, store


def test_the_expected_pipeline_id_is_the_loaded_one(nlp: Language) -> None:
    assert expected_pipeline_id() == pipeline_id(nlp)


def test_extract_with_nothing_new_does_not_load_the_model(
    db: sqlite_utils.Database, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings()
    store(db, make_article("Sales rose 12% to 3,188 units in June."))
    assert extract_pending(db, settings, nlp=nlp, progress=False).articles == 1

    def no_load(*args: object, **kwargs: object) -> Language:
        raise AssertionError("the model was loaded although nothing was pending")

    monkeypatch.setattr(extractor.claims.nlp, "load", no_load)
    summary = extract_pending(db, settings, progress=False)
    assert (summary.articles, summary.claims) == (0, 0)

    store(db, make_article("Profits fell 5% in May.", name="b"))
    with pytest.raises(AssertionError, match="nothing was pending"):
        extract_pending(db, settings, progress=False)
