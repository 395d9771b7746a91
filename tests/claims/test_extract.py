"""``newsclaims extract`` / ``claims``: idempotent runs, --force, and hostile articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims import extract as claims_mod
from extractor.claims.extract import extract_pending
from extractor.cli import cli
from extractor.core.settings import load_settings

from .conftest import make_article, store

GOOD = ("In June, exports of steel rose 12% to 4,100 tonnes, the statistics office said. "
        "Imports fell 3% in May.")


def test_extract_is_idempotent_and_force_redoes(db: sqlite_utils.Database, db_path: Path,
                                                nlp: Language) -> None:
    settings = load_settings(db_path=db_path)
    article = store(db, make_article(GOOD))
    first = extract_pending(db, settings, nlp=nlp, progress=False)
    assert (first.articles, first.skipped, first.errors) == (1, 0, ())
    assert first.claims >= 3
    stored = list(dbmod.iter_claims(db, article.id))
    assert {c.text for c in stored} >= {"12%", "4,100 tonnes", "3%"}
    assert all(c.article_id == article.id and article.text[c.start:c.end] == c.text
               for c in stored)
    again = extract_pending(db, settings, nlp=nlp, progress=False)
    assert (again.articles, again.claims) == (0, 0)
    forced = extract_pending(db, settings, nlp=nlp, progress=False, force=True)
    assert (forced.articles, forced.claims) == (1, first.claims)
    assert [c.id for c in dbmod.iter_claims(db, article.id)] == [c.id for c in stored]
    row = db.table("extractions").get(article.id)
    assert (row["status"], row["pipeline"]) == ("ok", first.pipeline)
    assert str(first).startswith("extract: 1 article, ")


def test_hostile_articles_are_recorded_and_the_rest_extracted(db: sqlite_utils.Database,
                                                              db_path: Path,
                                                              nlp: Language) -> None:
    settings = load_settings(db_path=db_path)
    cases = {
        "empty": make_article("   \n ", name="empty"),
        # a language no pipeline reads (core/language.py SUPPORTED), guessed or declared
        "polish": make_article(
            "Eksport stali wzrósł w czerwcu o 12 procent, do 4100 ton, poinformował we wtorek "
            "urząd statystyczny. To trzeci z rzędu miesięczny wzrost. Import spadł w tym samym "
            "okresie o 3 procent, do 1250 ton.",
            name="polish", language=None),
        "declared": make_article(GOOD, name="declared", language="pl"),
        "no-numbers": make_article("The minister spoke to reporters about the plan and the "
                                   "talks that will follow.", name="no-numbers"),
        "broken": make_article("Exports rose 12% to 4,100 tonnes â€™ in June \x00 and "
                               "\ufffd\ufffd fell.", name="broken"),
        "good": make_article(GOOD, name="good"),
    }
    for article in cases.values():
        store(db, article)
    summary = extract_pending(db, settings, nlp=nlp, progress=False)
    assert summary.errors == ()
    status = {name: db.table("extractions").get(a.id) for name, a in cases.items()}
    assert status["empty"]["status"] == "skipped" and status["empty"]["reason"] == "empty text"
    assert status["polish"]["status"] == "skipped"
    assert status["polish"]["reason"] == "language pl not supported"
    assert status["declared"]["reason"] == "language pl not supported"
    assert (status["no-numbers"]["status"], status["no-numbers"]["n_claims"]) == ("ok", 0)
    assert status["broken"]["status"] == "ok" and status["broken"]["n_claims"] >= 2
    assert status["good"]["n_claims"] >= 3
    assert summary.skipped == 3


def test_lone_surrogates_are_replaced_keeping_offsets() -> None:
    raw = "Exports rose 12% \ud800 to 4,100\u202f000 tonnes"
    clean = claims_mod.prepare_text(raw)
    assert len(clean) == len(raw)
    assert "\ud800" not in clean and "4,100,000" in clean
    clean.encode("utf-8")  # storable in SQLite


def test_long_article_is_split_without_losing_offsets(db: sqlite_utils.Database, db_path: Path,
                                                      nlp: Language,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims_mod, "MAX_CHARS", 2_000)  # a 100,000-word article, in small
    paragraph = ("In June, exports of steel rose 12% to 4,100 tonnes, officials said. "
                 "Imports fell 3% in May, the lowest level in a year.\n\n")
    text = paragraph * 60  # ~8,000 characters: four pieces
    article = store(db, make_article(text, name="long"))
    summary = extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    assert summary.errors == ()
    assert len([c for c in claims if c.text == "4,100 tonnes"]) == 60
    assert all(text[c.start:c.end] == c.text for c in claims)


@pytest.mark.slow
def test_hundred_thousand_word_article(db: sqlite_utils.Database, db_path: Path,
                                       nlp: Language) -> None:
    text = ("Officials said the harvest of wheat reached 1,200 tonnes in March, up 4% from "
            "February, while the region added 35 new farms in the first quarter of 2024 and "
            "prices eased slightly across the markets that the cooperative runs. ") * 2600
    assert len(text.split()) >= 100_000
    article = store(db, make_article(text, name="huge"))
    summary = extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False,
                              batch_size=2)
    assert summary.errors == ()
    assert db.table("extractions").get(article.id)["n_claims"] >= 3 * 2600


def test_cli_ingest_extract_claims_jsonl(runner: CliRunner, tmp_path: Path,
                                         seeds_dir: Path) -> None:
    db_file = str(tmp_path / "cli.db")
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert runner.invoke(cli, ["--db", db_file, "ingest", *seeds]).exit_code == 0
    result = runner.invoke(cli, ["--db", db_file, "extract"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("extract: 5 articles, ")  # progress lines go to stderr
    again = runner.invoke(cli, ["--db", db_file, "extract"])
    assert again.stdout.startswith("extract: 0 articles, 0 claims")
    listing = runner.invoke(cli, ["--db", db_file, "claims", "--format", "jsonl"])
    assert listing.exit_code == 0
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert len(rows) > 50
    keys = {"article_id", "sentence", "start", "end", "text", "value", "unit", "unit_text",
            "basis", "direction", "comparison", "qualifier", "period_start", "period_end",
            "metric", "object", "subject", "counterpart", "source", "confidence", "event",
            "place", "participants", "kind"}
    assert keys <= set(rows[0])
    tonnes = [r for r in rows if r["text"] == "3,188 tonnes"]
    assert tonnes and tonnes[0]["unit"] == "tonne" and tonnes[0]["period_start"] == "2025-06-01"
    table = runner.invoke(cli, ["--db", db_file, "claims", "--article", rows[0]["article_id"]])
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:3] == ["article_id", "kind", "text"]


def test_cli_claims_of_an_unknown_article(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "claims", "--article", "nope"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: no article with id 'nope' in ")


def test_cli_extract_with_a_missing_model(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "--model", "no_such_model",
                                 "extract"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: spaCy pipeline 'no_such_model' is not installed")


def test_undated_article_borrows_the_date_of_the_most_similar_dated_one(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    lead = ("Steel exports from Ruritania surged last month as mills restarted after the strike, "
            "traders said. ")
    dated = store(db, make_article(lead + "Exports rose 12% to 4,100 tonnes last month.",
                                   name="dated", published="2024-03-05",
                                   title="Ruritania steel exports surge after strike"))
    undated = store(db, make_article(lead + "Shipments reached 4,100 tonnes last month.",
                                     name="undated", published=None,
                                     title="Ruritania steel exports surge after the strike"))
    unrelated = store(db, make_article(
        "The city council approved a new budget for parks last month, officials said, and "
        "spending on playgrounds will rise 5% last month.", name="unrelated", published=None,
        title="Council approves park budget"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    by_id = {a.id: [c for c in dbmod.iter_claims(db, a.id) if c.kind == "quantity"]
             for a in (dated, undated, unrelated)}
    borrowed = next(c for c in by_id[undated.id] if c.text == "4,100 tonnes")
    own = next(c for c in by_id[dated.id] if c.text == "4,100 tonnes")
    assert (borrowed.period_start, own.period_start) == ("2024-02-01", "2024-02-01")
    assert borrowed.confidence < own.confidence  # the date is a guess
    assert all(c.period_start is None for c in by_id[unrelated.id])  # never today's date


def test_public_api_is_pinned() -> None:
    import extractor.claims.nlp
    import extractor.evaluate.claims

    assert sorted(extractor.claims.nlp.__all__) == ["PIPELINE_VERSION", "build_model",
                                             "expected_pipeline_id", "load", "load_language",
                                             "make_doc", "normalize_text", "pipeline_id"]
    assert sorted(claims_mod.__all__) == ["ExtractSummary", "claims_from_doc",
                                          "extract_pending", "format_claims", "prepare_text"]
    assert {"score_claims", "run_eval", "load_gold", "ClaimScore"} <= set(
        extractor.evaluate.claims.__all__)


def test_headline_claims_index_the_title(db: sqlite_utils.Database, db_path: Path,
                                         nlp: Language) -> None:
    article = store(db, make_article(
        "Steel exports rose 12% to 4,100 tonnes in June, the statistics office said.",
        name="headline", title="Steel exports surge 12% in June"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    title = [c for c in claims if c.field == "title"]
    assert [c.text for c in title] == ["12%"]
    head = title[0]
    assert article.title is not None and article.title[head.start:head.end] == "12%"
    assert (head.value, head.basis, head.period_start) == (12, "change", "2025-06-01")
    body = [c for c in claims if c.field == "text"]
    assert {c.text for c in body} >= {"12%", "4,100 tonnes"}
    assert len({c.id for c in claims}) == len(claims)  # title ids never collide with text ids
