"""Languages: identification (core/language.py), and articles in a language the claims stage does
not read are stored with their language, and skipped with a reason, never read as English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.language import (
    MIN_CONFIDENCE,
    PLANNED,
    SUPPORTED,
    guess_language,
    unsupported_reason,
)

# Plain text: the headline first, one line per paragraph (as fixtures/stories writes them)
POLISH = (
    "Inflacja w Polsce spadła w lipcu do 3,1 procent\n\n"
    "Główny Urząd Statystyczny podał w czwartek, że ceny towarów i usług konsumpcyjnych "
    "wzrosły w lipcu o 3,1 procent w ujęciu rocznym, wobec 4,1 procent w czerwcu. To "
    "najniższy odczyt od czterech lat. Ekonomiści ankietowani przez agencje spodziewali "
    "się spadku inflacji do 3,3 procent.\n\n"
    "Żywność i napoje bezalkoholowe podrożały o 4,9 procent, a ceny nośników energii "
    "spadły o 2,3 procent. W ujęciu miesięcznym ceny wzrosły o 0,3 procent. Rada Polityki "
    "Pieniężnej obniżyła w lipcu stopę referencyjną o 25 punktów bazowych, do 5 procent, "
    "i nie wyklucza kolejnych cięć jesienią. Według Ministerstwa Finansów deficyt budżetu "
    "po czerwcu wyniósł 130,3 miliarda złotych.\n"
)

TURKISH = (
    "Türkiye'de yıllık enflasyon temmuzda yüzde 33,5'e geriledi\n\n"
    "Türkiye İstatistik Kurumu'nun pazartesi günü açıkladığı verilere göre tüketici "
    "fiyatları temmuzda aylık bazda yüzde 2,06 arttı ve yıllık enflasyon yüzde 35,05'ten "
    "yüzde 33,52'ye geriledi. Ekonomistlerin beklentisi yıllık yüzde 34,1 seviyesindeydi.\n\n"
    "Gıda fiyatlarındaki yıllık artış yüzde 31,2 olurken, konut grubunda artış yüzde 65 "
    "ile en yüksek seviyede kaldı. Merkez Bankası geçen ay politika faizini 300 baz puan "
    "indirerek yüzde 43'e düşürmüştü. Banka, yıl sonu enflasyon tahminini yüzde 24 olarak "
    "koruyor.\n"
)

ENGLISH = (
    "Steel exports climb for a third month\n\n"
    "Steel exports rose 12% to 4,100 tonnes in June, the statistics office said on "
    "Tuesday, the third monthly rise in a row. Imports fell 3% to 1,250 tonnes over the "
    "same period.\n\n"
    "Mills in the north of the country produced 9,800 tonnes in June, up from 9,200 "
    "tonnes in May, as two plants that had been closed for repairs restarted, according "
    "to the industry association.\n"
)

# Polish, with no lang attribute: the language comes from the text, as for plain text
POLISH_HTML = """<!doctype html><html><head><title>Eksport stali wzrósł w czerwcu o 12 procent
</title></head><body><article><h1>Eksport stali wzrósł w czerwcu o 12 procent</h1>
<p>Eksport stali wzrósł w czerwcu o 12 procent, do 4100 ton, poinformował we wtorek urząd
statystyczny. To trzeci z rzędu miesięczny wzrost. Import spadł w tym samym okresie o 3 procent,
do 1250 ton.</p>
<p>Huty na północy kraju wyprodukowały w czerwcu 9800 ton stali wobec 9200 ton w maju, ponieważ
wznowiły pracę dwa zakłady zamknięte wcześniej z powodu remontów, podało stowarzyszenie
branżowe.</p></article></body></html>
"""


# --------------------------------------------------------------------------- guess_language


@pytest.mark.parametrize("text", [
    "",
    "Reuters",
    "too short",
    "Paris, London",
    "12% 4,100 3.5 2025",
])
def test_too_little_text_has_no_language(text: str) -> None:
    assert guess_language(text) is None


@pytest.mark.parametrize("text", [
    "Manchester United 2 Liverpool 1. Arsenal 3 Chelsea 0.",  # names and scores
    "GDP 2.1% Q2; CPI 3.4% y/y",  # abbreviations and figures
])
def test_names_and_figures_without_sentences_are_not_a_confident_language(text: str) -> None:
    assert guess_language(text) is None


@pytest.mark.parametrize(("text", "language"), [
    ("Inflacja spadła w lipcu do 3,1 procent.", "pl"),
    ("Yıllık enflasyon temmuzda yüzde 33,5'e geriledi.", "tr"),
    ("Die Exporte stiegen im Juni um zwölf Prozent.", "de"),
    ("A inflação caiu para 3,1% em julho, segundo o instituto de estatística.", "pt"),
    ("Exporturile au crescut cu 12% în iunie, potrivit datelor vamale.", "ro"),
    ("Экспорт вырос на 12 процентов в июне, сообщила таможня.", "ru"),
    ("Οι εξαγωγές αυξήθηκαν κατά 12% τον Ιούνιο, ανακοίνωσε η τελωνειακή υπηρεσία.", "el"),
    ("Exports rose 12% to 3,188 tonnes in June, according to customs data.", "en"),
])
def test_one_short_sentence_is_enough(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_languages_the_old_stop_word_lists_did_not_know_are_identified() -> None:
    assert guess_language(POLISH) == "pl"
    assert guess_language(TURKISH) == "tr"
    assert guess_language(ENGLISH) == "en"


def test_a_quotation_in_another_language_does_not_change_the_article_language() -> None:
    quote = ('"Die Lage ist ernst, aber wir haben sie im Griff", sagte der Minister am Abend '
             "vor Journalisten in Berlin.")
    english = ENGLISH + "\n\nThe German minister was blunt. " + quote
    assert guess_language(english) == "en"
    german = ("Der Stahlexport ist im Juni um zwölf Prozent auf 4100 Tonnen gestiegen, teilte "
              "das Statistikamt am Dienstag mit. Die Importe sanken im selben Zeitraum um drei "
              'Prozent. "We expect the recovery to continue", said the head of the association.')
    assert guess_language(german) == "de"


def test_a_text_in_two_languages_takes_the_language_of_most_of_it() -> None:
    polish_body = POLISH.split("\n\n", 1)[1]
    assert guess_language(polish_body + "\n\nSteel exports rose 12% in June.") == "pl"
    assert guess_language(ENGLISH + "\n\nInflacja spadła w lipcu do 3,1 procent.") == "en"


def test_only_the_start_of_a_very_long_text_is_read() -> None:
    long_english = (ENGLISH + "\n\n") * 40  # > 10,000 characters
    assert len(long_english) > 10_000
    assert guess_language(long_english + POLISH * 60) == "en"


def test_english_is_read_and_every_other_language_says_why_not() -> None:
    assert "en" in SUPPORTED and unsupported_reason("en") is None
    assert 0.5 <= MIN_CONFIDENCE < 1
    for language in PLANNED - SUPPORTED:  # issue 12 adds their pipelines
        assert unsupported_reason(language) == f"language {language} not supported yet"
    assert {"pl", "tr"}.isdisjoint(SUPPORTED | PLANNED)
    assert unsupported_reason("pl") == "language pl not supported"
    assert unsupported_reason(None) == "language unknown (too little text, or no language is clear)"


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.slow  # loads the spaCy pipeline
def test_polish_and_turkish_articles_are_stored_and_skipped_and_english_is_extracted(
        runner: CliRunner, tmp_path: Path) -> None:
    files = {}
    for name, text in (("inflacja.txt", POLISH), ("enflasyon.txt", TURKISH),
                       ("steel.txt", ENGLISH), ("eksport.html", POLISH_HTML)):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    db_file = tmp_path / "languages.db"
    ingested = runner.invoke(cli, ["--db", str(db_file), "ingest", *map(str, files.values())])
    assert ingested.exit_code == 0, ingested.output
    extracted = runner.invoke(cli, ["--db", str(db_file), "extract"])
    assert extracted.exit_code == 0, extracted.output
    assert "3 skipped" in extracted.stdout

    db = sqlite_utils.Database(db_file)
    articles = {row["title"].strip(): row for row in db.query(
        "select id, title, language from articles")}
    assert len(articles) == 4
    by_language = {row["language"]: row for row in articles.values()}
    assert set(by_language) == {"pl", "tr", "en"}
    assert articles["Eksport stali wzrósł w czerwcu o 12 procent"]["language"] == "pl"
    for row in articles.values():
        extraction = db.table("extractions").get(row["id"])
        claims = list(dbmod.iter_claims(db, row["id"]))
        if row["language"] == "en":
            assert extraction["status"] == "ok"
            assert {c.text for c in claims} >= {"12%", "4,100 tonnes", "3%"}
        else:
            assert (extraction["status"], extraction["n_claims"], claims) == ("skipped", 0, [])
            assert extraction["reason"] == f"language {row['language']} not supported"
    db.close()

    listing = runner.invoke(cli, ["--db", str(db_file), "claims", "--format", "jsonl"])
    assert listing.exit_code == 0
    listed_articles = {json.loads(line)["article_id"] for line in listing.output.splitlines()}
    assert listed_articles == {by_language["en"]["id"]}
