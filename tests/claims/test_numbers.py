"""Number parsing: separators, decimals, scales, word numbers, fractions, folds, Unicode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.claims.nlp.numbers import (
    normalize_text,
    parse_fold,
    parse_fraction,
    parse_number,
    parse_ordinal,
)

_FULLWIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789,.%"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,188", 3188), ("22,319", 22319), ("157.5", 157.5), ("270,000", 270000),
        ("1.2bn", 1.2e9), ("500M", 5e8), ("500 million", 5e8), ("4.5 billion", 4.5e9),
        ("seven", 7), ("seventeen", 17), ("twenty-five", 25), ("two hundred", 200),
        ("a dozen", 12), ("270 thousand", 270000), ("-12", -12), ("+3.5", 3.5),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "H20", "tonnes", "1.2.3", "seven apples", "12xyz"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("sevenfold", 7), ("seven-fold", 7), ("7-fold", 7), ("seven times", 7),
     ("doubled", 2), ("tripled", 3), ("halved", 0.5)],
)
def test_parse_fold(text: str, value: float) -> None:
    assert parse_fold(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("half", 0.5), ("a third", 1 / 3), ("two-thirds", 2 / 3), ("three quarters", 0.75),
     ("a quarter", 0.25)],
)
def test_parse_fraction(text: str, value: float) -> None:
    assert parse_fraction(text) == pytest.approx(value)


def test_parse_ordinal() -> None:
    assert parse_ordinal("second") == 2
    assert parse_ordinal("3rd") == 3
    assert parse_ordinal("largest") is None


def test_normalize_text_keeps_length_and_fixes_numbers() -> None:
    raw = "Deaths: 3\u202f188, change \u221212%, ３，１８８ tonnes, 1\u00a0200 people"
    out = normalize_text(raw)
    assert len(out) == len(raw)
    assert "3,188" in out
    assert "-12%" in out
    assert "3,188 tonnes" in out
    assert "1,200 people" in out


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=1, max_value=10**9))
def test_unicode_spaced_and_fullwidth_integers_round_trip(n: int) -> None:
    thin = f"{n:,}".replace(",", "\u202f")
    assert parse_number(normalize_text(thin)) == n
    wide = f"{n:,}".translate(_FULLWIDTH)
    assert parse_number(normalize_text(wide)) == n


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_decimals_round_trip(d: object) -> None:
    text = f"{d:,.2f}"
    assert parse_number(text) == pytest.approx(float(str(d)))


@given(st.integers(min_value=1, max_value=999), st.sampled_from(
    [("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("thousand", 1e3), ("trillion", 1e12)]))
def test_scale_words_multiply(n: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    sep = "" if word == "bn" else " "
    assert parse_number(f"{n}{sep}{word}") == pytest.approx(n * factor)


@given(st.text(max_size=60))
def test_normalize_text_never_changes_length(text: str) -> None:
    assert len(normalize_text(text)) == len(text)


@given(st.integers(min_value=1, max_value=99))
def test_minus_sign_is_a_negative_number(n: int) -> None:
    assert parse_number(normalize_text(f" \u2212{n}").strip()) == -n
