"""Extraction picks the pipeline by the article's language: each supported language through its
own pipeline (recorded in ``extractions.pipeline``), any other skipped, never read as English;
a second run with nothing new does nothing."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.claims.nlp import expected_pipeline_id, load_language, pipeline_id
from extractor.core.settings import load_settings
from tests.claims.conftest import make_article, store

GERMAN = ("Die Union hat die Bundestagswahl am Sonntag mit 28,5 Prozent gewonnen. Rund 59,2 "
          "Millionen Menschen waren wahlberechtigt, im neuen Bundestag gibt es 630 Sitze.")
SPANISH = ("Bruselas multó el viernes a Google con 2.950 millones de euros por abusar de su "
           "posición dominante en la publicidad digital.")
POLISH = ("Eksport stali wzrósł w czerwcu o 12 procent, do 4100 ton, poinformował we wtorek "
          "urząd statystyczny. Import spadł w tym samym okresie o 3 procent, do 1250 ton.")


def test_each_language_goes_through_its_own_pipeline(db: sqlite_utils.Database, db_path: Path,
                                                     nlp: Language) -> None:
    settings = load_settings(db_path=db_path)
    german = store(db, make_article(GERMAN, name="de", published="2025-02-24", language="de"))
    spanish = store(db, make_article(SPANISH, name="es", published="2025-09-05", language=None))
    polish = store(db, make_article(POLISH, name="pl", language=None))
    summary = extract_pending(db, settings, nlp=nlp, progress=False)
    assert summary.errors == () and summary.skipped == 1
    rows = {a: db.table("extractions").get(a.id) for a in (german, spanish, polish)}
    assert rows[german]["pipeline"] == expected_pipeline_id(None, "de")
    assert "de_blank" in rows[german]["pipeline"]
    assert "es_blank" in rows[spanish]["pipeline"]  # the language guessed from the text
    assert (rows[polish]["status"], rows[polish]["reason"]) == ("skipped",
                                                                "language pl not supported")
    claims = {c.text: c for c in dbmod.iter_claims(db, german.id)}
    assert claims["28,5 Prozent"].value == 28.5 and claims["28,5 Prozent"].unit == "percent"
    assert claims["28,5 Prozent"].period_start == "2025-02-23"  # "am Sonntag"
    assert claims["630"].unit == "count"
    fine = next(c for c in dbmod.iter_claims(db, spanish.id) if c.kind == "quantity")
    assert (fine.value, fine.unit) == (2.95e9, "EUR")
    again = extract_pending(db, settings, nlp=nlp, progress=False)
    assert again.articles == 0


def test_the_expected_id_of_a_language_is_its_loaded_pipelines() -> None:
    for lang in ("de", "fr"):
        assert expected_pipeline_id(None, lang) == pipeline_id(load_language(lang))
