"""Headline claims (Claim.field == "title") through the real extract: a headline's period from its
own words, else from the body figure it restates, else the body's main period; two headlines in
one title read apart."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.core.settings import load_settings

from .conftest import make_article, store


def test_a_headline_without_period_takes_the_bodys_main_period(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Steel exports rose 12% in June from May, the statistics office said. Shipments to "
        "Asia reached 4,100 tonnes in June. Imports fell 3% in June.",
        name="headline-main", title="Steel exports surge 12%"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    head = next(c for c in claims if c.field == "title")
    body = next(c for c in claims if c.field == "text" and c.text == "12%")
    assert (head.period_start, head.period_end) == ("2025-06-01", "2025-06-30")
    assert head.period_text is None  # no words of its own
    assert head.confidence < body.confidence


def test_a_headline_with_its_own_period_keeps_it(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Steel exports rose 12% in June from May. Imports fell 3% in June.",
        name="headline-own", title="Steel exports fell 4% in May"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    head = next(c for c in dbmod.iter_claims(db, article.id) if c.field == "title")
    assert head.period_start == "2025-05-01"


def test_a_headline_takes_the_period_of_the_body_figure_it_restates(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Sales rose to $1.2bn in 2019. The regulator has received 57 complaints about the app. "
        "Revenue grew 8% in June.",
        name="headline-twin", title="Regulator gets 57 complaints about the app"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    head = next(c for c in dbmod.iter_claims(db, article.id) if c.field == "title")
    assert head.text == "57" and head.period_start is None  # undated in the body too


def test_a_headline_amount_without_its_unit_takes_the_unit_of_the_same_body_amount(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    # extract.headline_units: headlines drop the currency the body names
    article = store(db, make_article(
        "The regulator fined the carmaker 1.4 billion euros on Tuesday for rigging emissions "
        "tests. It also ordered a recall of 300,000 cars.",
        name="headline-unit", title="Regulator fines carmaker 1.4 billion over emissions"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    head = next(c for c in dbmod.iter_claims(db, article.id) if c.field == "title")
    assert (head.value, head.unit) == (1.4e9, "EUR")


def test_two_headlines_in_one_title_are_read_apart(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    """A slash between two headline parts, and title-case common nouns: the subject of the
    second part is whose exports they are ("of American firms"), not a broken entity."""
    article = store(db, make_article(
        "Brazil's coffee exports to the United States rose 60% in June, officials said.",
        name="two-headlines",
        title="Coffee prices, Brazil supplies the US/ Exports of American firms increased 60%"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    head = next(c for c in claims if c.field == "title")
    assert article.title is not None and article.title[head.start:head.end] == head.text
    assert head.sentence == "Exports of American firms increased 60%"
    assert (head.metric, head.subject) == ("exports", "United States")
    body = next(c for c in claims if c.field == "text" and c.text == "60%")
    assert body.subject == "Brazil"  # the contradiction is the reconciler's to report


def test_a_slash_inside_a_word_is_not_a_headline_break() -> None:
    from extractor.claims.extract import split_headline

    assert split_headline("Open 24/7: speeds of 120 km/h") == "Open 24/7: speeds of 120 km/h"
    assert split_headline("Markets slide | Oil jumps") == "Markets slide \n Oil jumps"
    assert len(split_headline("A/ B")) == len("A/ B")  # offsets hold
