"""Which numbers are figures (claims/nlp/figures.py): the filters that skip the numbers of dates,
scores, names and terms, and keep the figures that look like them. Each rule runs on the
general sentence of its docstring."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from extractor.core.records import Claim

Claims = Callable[..., list[Claim]]


def figures(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims if c.kind == "quantity"]


@pytest.mark.parametrize(("text", "not_a_figure"), [
    ("The summit will be held on Sept. 16 and 17 in Geneva.", "17"),  # a date's second day
    ("Tickets for the Sept. 16-17 meeting sold out.", "17"),  # a range of days
    ("The 10-year Treasury note yielded 4.2% on Monday.", "10-year"),  # a maturity
    ("Rates on 30-year fixed mortgages rose to 6.9%.", "30-year"),  # a maturity
    ("The S&P 500 and the Nasdaq 100 both closed higher.", "100"),  # index names in a row
])
def test_numbers_of_dates_terms_and_names_are_not_figures(claims_of: Claims, text: str,
                                                          not_a_figure: str) -> None:
    assert not [t for t in figures(claims_of(text)) if not_a_figure in t]


@pytest.mark.parametrize(("text", "figure"), [
    # the NER dates these numbers, but they count
    ("Sales fell for a second straight quarter, a second straight quarterly decline.",
     "second"),
    ("The death toll climbed past 2,200 on Tuesday, officials said.", "2,200"),
    ("By Sunday 55 victims had been identified, police said.", "55"),
    ("The 22-year-old scored twice.", "22"),  # an age, never a period
    # a list whose verb is said once: each party's seats after its name
    ("The conservatives hold 208 seats, the AfD 152, the SPD 120 and the Greens 85.", "152"),
    ("Terry County has 21 cases and Dawson County eight.", "eight"),
])
def test_numbers_that_look_like_dates_or_names_but_count_are_figures(
        claims_of: Claims, text: str, figure: str) -> None:
    assert any(figure in t for t in figures(claims_of(text)))


def test_a_verbless_lead_in_followed_by_its_sentences_is_not_page_furniture(
        claims_of: Claims) -> None:
    text = "Nine cases next door. New Mexico has reported nine cases in Lea County."
    assert figures(claims_of(text)).count("Nine") == 1
    # a line of its own is furniture
    assert figures(claims_of("Fourteen days free\n\nThe club signed two players.")) == ["two"]


def test_turning_an_age_is_nearly_that_age(claims_of: Claims) -> None:
    (age,) = [c for c in claims_of("Maya Reyes, who won the title, turns 20 on Tuesday.")
              if c.metric == "age"]
    assert (age.value, age.qualifier) == (20, "nearly")
    (past,) = [c for c in claims_of("Maya Reyes turned 20 last week.") if c.metric == "age"]
    assert past.qualifier == "exact"


@pytest.fixture(scope="module")
def local_figures() -> Callable[[str, str], list[str]]:
    """The figures the pipeline of a language other than English finds in a text."""
    from extractor.claims.nlp import load_language, make_doc

    pipelines: dict[str, Language] = {}

    def run(lang: str, text: str) -> list[str]:
        if lang not in pipelines:
            pipelines[lang] = load_language(lang)
        nlp = pipelines[lang]
        return figures(list(nlp(make_doc(nlp, text, published="2025-07-21"))._.claims))

    return run


@pytest.mark.parametrize(("lang", "text"), [
    # an ordinal agreeing with a plural noun (_plural_ordinal)
    ("fr", "Les premières livraisons sont arrivées au port mardi."),
    ("es", "Los primeros pasajeros bajaron del tren por la tarde."),
    # a capitalised ordinal opening a title (_title_ordinal)
    ("fr", "Dans la soirée, le Premier ministre a reçu les syndicats."),
])
def test_an_ordinal_that_names_a_first_few_or_a_title_ranks_nothing(
        local_figures: Callable[[str, str], list[str]], lang: str, text: str) -> None:
    assert local_figures(lang, text) == []


def test_an_ordinal_before_a_singular_noun_still_ranks(
        local_figures: Callable[[str, str], list[str]]) -> None:
    assert local_figures("es", "Es la segunda empresa del sector.") == ["segunda empresa"]
