"""The date an article's relative periods resolve against (extract._reference, issues 11 and
13): its publication date; else a full date its dateline or first paragraph writes; else the
date of a dated article of the same story within a few days (its year only when two alike
stories of one season compete); else none: months stay open, never today's date."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.core.records import Claim
from extractor.core.settings import load_settings
from extractor.crawl.plaintext import clean_plain_text

from .conftest import make_article, store

STEEL = ("Steel exports from Ruritania rose sharply last month as mills restarted after the "
         "strike, traders said. ")


def _figures(db: sqlite_utils.Database, article_id: str) -> dict[str, Claim]:
    return {c.text: c for c in dbmod.iter_claims(db, article_id) if c.kind == "quantity"}


def test_an_undated_article_is_dated_by_its_own_dateline(db: sqlite_utils.Database,
                                                         db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "BERLIN, March 12, 2025 - Exports rose 4% in February, the statistics office said.",
        name="dateline", published=None))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    assert _figures(db, article.id)["4%"].period_start == "2025-02-01"


def test_a_full_date_further_on_is_not_the_articles_date(db: sqlite_utils.Database,
                                                          db_path: Path, nlp: Language) -> None:
    """ "On October 7, 2023, a quake struck ..." in the fourth paragraph is a date the story
    mentions, not when it was written: "in June" stays open rather than June 2023."""
    text = ("Exports rose 4% in June, the statistics office said.\n\n"
            "Imports were flat.\n\nShipping was slow.\n\n"
            "On October 7, 2023, a strike closed the port for a week.")
    article = store(db, make_article(text, name="background-date", published=None))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    rise = _figures(db, article.id)["4%"]
    assert (rise.period_start, rise.period_text) == (None, "June")


def test_a_date_is_borrowed_only_from_one_story_within_a_few_days(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    """Two dated reports a month apart read alike (a monthly release): an undated third one
    borrows neither's day, only their common year; "last month" then stays open while
    "in February" resolves in that year."""
    for name, day in (("march", "2024-03-05"), ("april", "2024-04-04")):
        store(db, make_article(STEEL + "Exports rose 12% to 4,100 tonnes last month.",
                               name=name, published=day,
                               title="Ruritania steel exports surge after strike"))
    undated = store(db, make_article(
        STEEL + "Shipments reached 4,100 tonnes last month, after 3,900 tonnes in February.",
        name="undated", published=None, title="Ruritania steel exports surge after the strike"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    figures = _figures(db, undated.id)
    assert figures["4,100 tonnes"].period_start is None  # "last month" of which month?
    assert figures["3,900 tonnes"].period_start == "2024-02-01"


def test_no_date_is_borrowed_from_alike_stories_of_different_years(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    for name, day in (("y2023", "2023-03-05"), ("y2024", "2024-03-05")):
        store(db, make_article(STEEL + "Exports rose 12% to 4,100 tonnes in February.",
                               name=name, published=day,
                               title="Ruritania steel exports surge after strike"))
    undated = store(db, make_article(STEEL + "Shipments reached 4,100 tonnes in February.",
                                     name="undated", published=None,
                                     title="Ruritania steel exports surge after the strike"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    shipped = _figures(db, undated.id)["4,100 tonnes"]
    assert (shipped.period_start, shipped.period_text) == (None, "February")


def test_a_plain_text_page_takes_its_date_from_its_dateline_not_its_body() -> None:
    body = ("KABUL (Wire) - A quake struck northern Afghanistan early on Monday, killing 20.\n"
            "It was the second in two months. On October 7, 2023, a series of quakes struck "
            "Herat province, killing more than 1,500 people.\n")
    assert clean_plain_text(body).published is None
    dated = "WASHINGTON, March 12, 2025 - Senators voted 52 to 48 on the bill.\n" + body
    assert clean_plain_text(dated).published == "2025-03-12"


def test_an_undated_article_is_read_again_against_the_days_its_story_appeared(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    """An undated article whose lead is unlike every dated one borrows nothing at first; once
    grouping places it in a story with dated articles, the next extraction reads it against
    the days they appeared on (Tuesday and Wednesday): "in February" is February of that
    year, and "on Monday" the Monday both days agree on."""
    from extractor.reconcile.run import reconcile

    settings = load_settings(db_path=db_path)
    dated = [store(db, make_article(STEEL + "Exports rose 12% to 4,100 tonnes last month.",
                                    name=name, published=day,
                                    title="Ruritania steel exports surge after strike"))
             for name, day in (("tue", "2024-03-05"), ("wed", "2024-03-06"))]
    undated = store(db, make_article(
        "For the families of the northern valleys, the furnaces are the only employer. "
        "Shipments reached 3,900 tonnes in February. On Monday, 300 workers went back.",
        name="undated", published=None, title="Why the valley mills matter"))
    extract_pending(db, settings, nlp=nlp, progress=False)
    assert _figures(db, undated.id)["3,900 tonnes"].period_start is None

    reconcile(db, settings, given={a.id: "steel" for a in [*dated, undated]})
    again = extract_pending(db, settings, nlp=nlp, progress=False)
    figures = _figures(db, undated.id)
    assert again.articles == 1  # only the undated one is read again
    assert figures["3,900 tonnes"].period_start == "2024-02-01"
    assert figures["300"].period_start == "2024-03-04"
    reference = db.execute("select reference from extractions where article_id = ?",
                           [undated.id]).fetchone()[0]
    assert reference.startswith("2024-03-05/2024-03-06 story:")
    # read once: the next run finds nothing to do
    assert extract_pending(db, settings, nlp=nlp, progress=False).articles == 0
