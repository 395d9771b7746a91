"""Currencies: a name several countries' currencies share ("pesos", "pounds", "dollars") resolved
from the countries the article names, else left ambiguous; every currency sign before a number
read as part of the figure."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import q_exact

Claims = Callable[..., list[Claim]]


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Damage reached 12.4 billion pesos, the Philippine agriculture department said.",
         "12.4 billion pesos", "PHP"),
        ("The bank earned 3 billion pesos in Mexico last year.", "3 billion pesos", "MXN"),
        ("Losses reached 40 billion pesos.", "40 billion pesos", "PESO"),  # no country named
        ("Egypt lost 3 billion pounds in tourism revenue.", "3 billion pounds", "EGP"),
        ("The club paid 3 billion pounds for the stadium.", "3 billion pounds", "GBP"),
        ("The fund raised 500 million dollars.", "500 million dollars", "USD"),
        ("Canada will spend 40 million dollars on the bridge.", "40 million dollars", "CAD"),
        ("Kenya's exports earned 120 billion shillings.", "120 billion shillings", "KES"),
    ],
)
def test_ambiguous_currency_names_resolve_from_the_articles_countries(
        claims_of: Claims, text: str, figure: str, unit: str) -> None:
    assert q_exact(claims_of(text), figure).unit == unit


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("Damage to crops reached ₱12.4bn, officials in Manila said.", "₱12.4bn", 12.4e9, "PHP"),
        ("The central bank injected ₦5bn into the market.", "₦5bn", 5e9, "NGN"),
        ("The ministry spent ₴300 million on repairs.", "₴300 million", 3e8, "UAH"),
        # a currency sign with no unambiguous code stays part of the figure, as written
        ("The fund raised ₿12 from investors.", "₿12", 12, "₿"),
    ],
)
def test_every_currency_sign_before_a_number_is_part_of_the_figure(
        claims_of: Claims, text: str, figure: str, value: float, unit: str) -> None:
    claim = q_exact(claims_of(text), figure)
    assert (claim.value, claim.unit, claim.basis) == (value, unit, "absolute")
