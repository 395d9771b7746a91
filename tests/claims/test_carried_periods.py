"""Periods carried from a nearby sentence: to a figure of the same measure and to a past share,
never to a standing share ("controls over 90% of the supply") or to an unrelated measure."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import q, q_exact

Claims = Callable[..., list[Claim]]


def test_a_standing_share_takes_no_month_from_a_nearby_sentence(claims_of: Claims) -> None:
    claims = claims_of("Exports rose 38% in June from May. China controls over 90% of the "
                       "global supply.")
    assert q(claims, "38%").period_start == "2025-06-01"
    share = q(claims, "90%")
    assert (share.basis, share.period_start, share.period_end) == ("share", None, None)


def test_a_present_level_is_of_the_storys_time_not_of_a_nearby_sentence(
        claims_of: Claims) -> None:
    """ "The stadium has 45,000 seats" after a sentence about 2019: true when the article was
    written (its publication day), never the month of the background sentence."""
    claims = claims_of("Ticket sales reached 2.1 million in July 2019. The stadium has 45,000 "
                       "seats.", published="2025-07-21")
    assert (q(claims, "45,000").period_start, q(claims, "45,000").period_end) == (
        "2025-07-21", "2025-07-21")


def test_a_past_share_keeps_its_context_period(claims_of: Claims) -> None:
    claims = claims_of("Exports rose 38% in June. Shipments to Europe made up 40% of the total.")
    assert q(claims, "40%").period_start == "2025-06-01"


def test_standing_shares_align_across_articles(claims_of: Claims) -> None:
    """Two outlets state one standing share near different months: same (empty) period."""
    a = q(claims_of("Imports fell 3% in May. The country produces about 70% of the world's "
                    "cobalt."), "70%")
    b = q(claims_of("Prices rose 9% in June. The country produces about 70% of the world's "
                    "cobalt."), "70%")
    assert (a.period_start, a.period_end) == (b.period_start, b.period_end) == (None, None)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Sales of the drug rose to $1.2bn last year. The company has received 57 reports of "
         "side effects.", "57"),
        ("The drug was approved in 2019 after a trial of 4,212 patients. Analysts estimated "
         "the recall could cost the company up to $90 million.", "up to $90 million"),
        # a background date ("founded in 1905") does not date the next sentence's figure
        ("The club was founded in 1905. The stadium was rebuilt for 45,000 fans.", "45,000"),
    ],
)
def test_a_period_is_not_borrowed_by_an_unrelated_measure(claims_of: Claims, text: str,
                                                          figure: str) -> None:
    assert q_exact(claims_of(text), figure).period_start is None


def test_a_period_is_carried_to_the_same_measure(claims_of: Claims) -> None:
    claims = claims_of("Car exports rose in June, with shipments to Asia up 12%. Exports to "
                       "Europe reached 310,000 vehicles.")
    assert q_exact(claims, "310,000").period_start == "2025-06-01"
