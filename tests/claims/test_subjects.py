"""Whose figure or event it is: the subject and the participants, from coordinations ("Germany and
France"), reporting verbs, the figure's own clause, "both nations", possessives and demonyms,
and organisations with "and" in their name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import WED, events, q, q_exact

Claims = Callable[..., list[Claim]]


def test_coordinated_subject_is_the_whole_coordination(claims_of: Claims) -> None:
    claims = claims_of("Apple and MP Materials announced a $500 million partnership last week.")
    money = q(claims, "$500 million")
    assert money.subject == "Apple and MP Materials"
    assert money.participants == ("Apple", "MP Materials")
    event = events(claims)[0]
    assert event.participants == ("Apple", "MP Materials")
    assert event.subject == "Apple and MP Materials"


def test_coordinated_capitals_are_normalised(claims_of: Claims) -> None:
    event = events(claims_of("Washington and Beijing agreed last month on a trade framework."))[0]
    assert event.participants == ("United States", "China")
    assert event.subject == "United States and China"


def test_coordinated_participants_compare_as_sets(claims_of: Claims) -> None:
    """The subject keeps the written order; the participants hold the same parties either way."""
    a = q(claims_of("Germany and France pledged $2 billion in aid in May."), "$2 billion")
    b = q(claims_of("France and Germany pledged $2 billion in aid in May."), "$2 billion")
    assert (a.subject, b.subject) == ("Germany and France", "France and Germany")
    assert set(a.participants) == set(b.participants) == {"France", "Germany"}


def test_a_coordination_with_a_common_noun_is_not_split(claims_of: Claims) -> None:
    claims = claims_of("Toyota and its suppliers invested $2 billion in the plant in 2024.")
    money = q(claims, "$2 billion")
    assert money.subject == "Toyota"  # "its suppliers" names no entity
    assert money.participants == ()


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("China said exports rose 5% in June.", "China"),
        ("Beijing said China's exports rose 5% in June.", "China"),
        ("Customs data showed China exported 3,188 tons in June.", "China"),
        # a wire service that "said" is the source, not whose exports they are
        ("Reuters said exports rose 5% in June.", None),
    ],
)
def test_a_figure_under_a_reporting_verb_keeps_its_subject(
        claims_of: Claims, sentence: str, subject: str | None) -> None:
    figure = next(c for c in claims_of(sentence) if c.kind == "quantity")
    assert figure.subject == subject


def test_the_antecedent_of_a_where_clause_is_the_subject(claims_of: Claims) -> None:
    claims = claims_of(
        "China's exports fell 12% in April. These restrictions had a major impact, especially "
        "on the U.S., where imports dropped to just 46 tons in May.")
    assert q(claims, "12%").subject == "China"
    assert q(claims, "46 tons").subject == "United States"


def test_a_country_in_the_clause_beats_the_carried_subject(claims_of: Claims) -> None:
    claims = claims_of("Brazil's coffee exports fell 8% in March. In Vietnam, shipments rose "
                       "4% in March.")
    assert q(claims, "8%").subject == "Brazil"
    assert q(claims, "4%").subject == "Vietnam"


def test_both_nations_resolve_to_the_two_named_before(claims_of: Claims) -> None:
    claims = claims_of("Officials from the United States and China met in Geneva in May. "
                       "Both nations agreed on June 2 to cut tariffs by 115 percentage points.")
    cut = q(claims, "115 percentage points")
    assert set(cut.participants) == {"United States", "China"}
    agreed = [c for c in events(claims) if c.period_start == "2025-06-02"]
    assert agreed and set(agreed[0].participants) == {"United States", "China"}


def test_the_two_countries_stay_unresolved_with_three_names(claims_of: Claims) -> None:
    claims = claims_of("Japan, South Korea and Taiwan raised rates in May. The two countries "
                       "agreed on June 2 to share data.")
    agreed = [c for c in events(claims) if c.period_start == "2025-06-02"]
    assert agreed and agreed[0].participants == ()


@pytest.mark.parametrize(
    ("sentence", "figure", "subject"),
    [
        ("Drugmaker Halvern Pharmaceuticals is recalling about 1.4 million bottles of its "
         "blood-pressure pill Cardivex, the Food and Drug Administration announced on "
         "March 10.", "about 1.4 million", "Drugmaker Halvern Pharmaceuticals"),
        ("Philippine typhoon death toll rises to 41", "41", "Philippines"),
        ("Kenyan tea exports rose 5% in May.", "5%", "Kenya"),
    ],
)
def test_subjects_of_possessives_and_demonyms(claims_of: Claims, sentence: str, figure: str,
                                              subject: str) -> None:
    assert q_exact(claims_of(sentence), figure).subject == subject


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The US Food and Drug Administration said on Tuesday that the recall was voluntary.",
         "US Food and Drug Administration"),
        ("The Food and Agriculture Organization said on Monday that rice prices had fallen.",
         "Food and Agriculture Organization"),
    ],
)
def test_an_organisation_with_and_in_its_name_is_one_participant(
        claims_of: Claims, sentence: str, name: str) -> None:
    found = events(claims_of(sentence, published=WED))
    assert found and all(c.participants == (name,) for c in found)


@pytest.mark.parametrize("text", [
    "Norway's consumer watchdog fined Meridian Bank $3 million on Monday.",
    "Meridian Bank was fined $3 million by Norway's consumer watchdog on Monday.",
])
def test_a_fine_is_the_payers_and_the_fining_country_its_other_side(
        claims_of: Callable[..., list[Claim]], text: str) -> None:
    """penalised_pays, active and passive alike: the one fined is the subject."""
    claim = q(claims_of(text), "$3 million")
    assert (claim.metric, claim.subject, claim.counterpart) == ("fines", "Meridian Bank", "Norway")


@pytest.mark.parametrize(("text", "payer", "country"), [
    # the name hangs on the amount; the other amount is no one fined
    ("Italy's antitrust regulator fined TikTok €10 million on Tuesday, worth about $11 million.",
     "TikTok", "Italy"),
    # the tagger reads the name as part of the amount
    ("Germany's cartel office fined YouTube €20 million on Tuesday, worth about $22 million.",
     "YouTube", "Germany"),
])
def test_a_fines_conversion_is_the_payers_too(claims_of: Callable[..., list[Claim]], text: str,
                                               payer: str, country: str) -> None:
    """penalised_pays: the amount the fine is worth in another currency is the payer's too."""
    claims = claims_of(text)
    for claim in (c for c in claims if c.kind == "quantity"):
        assert (claim.subject, claim.counterpart) == (payer, country), claim.text
