"""Person claims and ages from the real claim pipeline (extractor/claims/nlp/people.py): what the
people checks of the reconciler read."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.core.records import Claim


@pytest.fixture(scope="module")
def read() -> Any:
    from extractor.claims.nlp import load, make_doc

    nlp = load()

    def claims(text: str) -> list[Claim]:
        return list(nlp(make_doc(nlp, text, published="2026-05-04"))._.claims)

    return claims


def test_mentions_carry_the_full_name_and_the_title_before_it(read: Any) -> None:
    found = read("Former central bank governor Ines Varga defended the decision. Varga said "
                 "rates would stay high.")
    people = [(c.text, c.subject, c.object) for c in found if c.kind == "person"]
    assert ("Ines Varga", "Ines Varga", "Former central bank governor") in people
    assert ("Varga", "Ines Varga", None) in people


def test_ages_in_apposition_and_year_old_are_age_figures_of_the_person(read: Any) -> None:
    found = read("Captain Mara Ostrowski, 51, flew the plane. The 34-year-old Tomas Lind was "
                 "her first officer.")
    ages = {(c.subject, c.value) for c in found if c.metric == "age"}
    assert ages == {("Mara Ostrowski", 51.0), ("Tomas Lind", 34.0)}
    assert all(c.unit == "year" and c.basis == "absolute" for c in found if c.metric == "age")


def test_a_surname_written_a_letter_off_is_a_mention_and_an_unrelated_word_is_not(
        read: Any) -> None:
    found = read("Sheriff Dana Whitcombe said the search would go on. Whitcomb added that 40 "
                 "people were missing near Whitfield.")
    names = {c.text for c in found if c.kind == "person"}
    assert "Whitcomb" in names and "Whitfield" not in names
