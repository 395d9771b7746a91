"""Ages of named people in German, Spanish, French and Italian, read by the real pipelines of
those languages into the same age claims as English (metric "age", unit "year", subject the
person): what the reconciler's person checks compare across languages."""

from __future__ import annotations

import pytest

from extractor.claims.nlp import load_language, make_doc
from extractor.core.records import Claim


def _ages(lang: str, text: str) -> list[tuple[str, float | None, str | None]]:
    nlp = load_language(lang)
    doc = nlp(make_doc(nlp, text, published="2025-06-20"))
    claims: list[Claim] = doc._.claims
    return [(c.text, c.value, c.subject) for c in claims if c.metric == "age"]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # a description after a sentence that names the person, past a quotation
    ("de", "Kanzlerkandidat Friedrich Merz will bis Ostern eine Regierung bilden. \"Die Welt "
           "wartet nicht\", sagte der 70-Jährige am Wahlabend.",
     [("70-Jährige", 70.0, "Friedrich Merz")]),
    # an age in apposition to a role noun: the person named nearest before it, not the club
    ("es", "El Liverpool hizo oficial la llegada de Florian Wirtz, procedente del Bayer "
           "Leverkusen. El mediapunta, de 23 años, firmó un contrato hasta 2030.",
     [("23 años", 23.0, "Florian Wirtz")]),
    ("es", "Entre los fallecidos figura el director, Richard \"Dick\" Eastland, de 70 años, "
           "quien murió.",
     [("70 años", 70.0, "Richard Dick Eastland")]),
    # an age opening the sentence, before the name it describes
    ("fr", "À 69 ans, Friedrich Merz, qui n'a jamais été ministre, se prépare à gouverner.",
     [("69 ans", 69.0, "Friedrich Merz")]),
    ("fr", "Le milieu Florian Wirtz, âgé de 22 ans, a signé.",
     [("22 ans", 22.0, "Florian Wirtz")]),
    # a number word with the Italian age suffix
    ("it", "All'86' il diciannovenne Senny Mayulu ha completato la manita.",
     [("diciannovenne", 19.0, "Senny Mayulu")]),
    ("de", "Der Kanzler, Olaf Scholz, 66, räumte die Niederlage ein.",
     [("66", 66.0, "Olaf Scholz")]),
])
def test_an_age_in_another_language_is_the_named_persons(
        lang: str, text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _ages(lang, text) == expected


def test_an_age_stated_with_a_past_year_is_not_the_persons_age_now() -> None:
    # the age he was when he joined, five years before the report
    text = ("Florian Wirtz verlässt Leverkusen. Wirtz war im Januar 2020 als 16-Jähriger aus "
            "dem Nachwuchs des 1. FC Köln nach Leverkusen gekommen.")
    assert _ages("de", text) == []


def test_the_ages_of_unnamed_people_are_nobodys() -> None:
    # "a couple aged 81 and 77 and their son, 56": no name, no age claim
    text = ("En Taboadela, un matrimonio de 81 y 77 años y su hijo, de 56, fueron hallados sin "
            "vida en su casa.")
    assert _ages("es", text) == []
