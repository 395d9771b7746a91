"""The second pass's gaps, found on real output: subjects, counts, objects, pairs, standing
shares, event classes, headline periods, ranges and "X times higher"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.core.records import Claim
from extractor.core.settings import load_settings
from extractor.reconcile.tolerance import claim_interval

from .conftest import make_article, store

Claims = Callable[..., list[Claim]]


def q(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.kind == "quantity" and text in c.text]
    assert found, f"no quantity claim with {text!r}: {[c.text for c in claims]}"
    return found[0]


def events(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind == "event"]


# ---------------------------------------------------------------- 1. coordinated subjects


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


# ---------------------------------------------------------------- 2. same clause beats context


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


# ---------------------------------------------------------------- 3. counts without a unit word


@pytest.mark.parametrize(
    ("sentence", "figure", "obj", "metric"),
    [
        ("The death toll from the floods rose to 67 on Sunday.", "67", "death toll", "deaths"),
        ("The number of confirmed cases climbed to 1,204 in May.", "1,204", "cases", None),
        ("Officials said 310 people were evacuated on Monday.", "310", "people", None),
    ],
)
def test_counts_with_no_unit_word(claims_of: Claims, sentence: str, figure: str, obj: str,
                                  metric: str | None) -> None:
    claim = q(claims_of(sentence), figure)
    assert claim.unit == "count"
    assert obj in (claim.object or "")
    if metric:
        assert claim.metric == metric


def test_a_scale_reading_is_not_a_count(claims_of: Claims) -> None:
    claim = q(claims_of("The index rose to 310 on Friday, traders said."), "310")
    assert claim.unit is None


# ---------------------------------------------------------------- 4. the object is never the unit


@pytest.mark.parametrize(
    ("sentence", "figure", "obj"),
    [
        ("Siemens reported a profit of 1.42 billion euros in the third quarter.",
         "1.42 billion euros", "profit"),
        ("The group posted revenue of 3.1 billion pounds in 2024.", "3.1 billion pounds",
         "revenue"),
        ("The group booked sales of 9,000 tonnes in June.", "9,000 tonnes", "sales"),
    ],
)
def test_the_object_is_the_governing_noun_not_the_unit(
        claims_of: Claims, sentence: str, figure: str, obj: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert claim.object == obj
    assert claim.object not in (claim.unit_text, claim.unit)


# ---------------------------------------------------------------- 5. "both nations"


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


# ---------------------------------------------------------------- 6. standing shares


def test_a_standing_share_takes_no_month_from_a_nearby_sentence(claims_of: Claims) -> None:
    claims = claims_of("Exports rose 38% in June from May. China controls over 90% of the "
                       "global supply.")
    assert q(claims, "38%").period_start == "2025-06-01"
    share = q(claims, "90%")
    assert (share.basis, share.period_start, share.period_end) == ("share", None, None)


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


# ---------------------------------------------------------------- 7. event classes


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        ("Washington and Beijing agreed last month on a trade framework.", "agreement: trade"),
        ("The two sides secured a trade framework in June.", "agreement: trade"),
        ("Negotiators reached a trade deal in Vienna on Monday.", "agreement: trade"),
        ("The June agreement eased tensions between the neighbours.", "agreement"),
        ("Negotiations resumed in Stockholm on Monday.", "talks"),
        ("Trade talks were held in London in June.", "talks: trade"),
        ("China imposed new export controls in April.", "imposition: export control"),
        ("The government announced new tariffs on steel in March.", "imposition: tariff"),
        ("In June, the ministry lifted some restrictions.", "lifting: restriction"),
        ("The statistics office released the data on Tuesday.", "release: data"),
        ("The firms announced a partnership last week.", "announcement: partnership"),
        ("Exports were restricted in April by the government.", "imposition: export"),
        ("The country banned sales of the chip in April.", "imposition: sale"),
        # pausing operations lifts nothing imposed: no class, the lemmas stay
        ("Some suppliers were forced to pause operations in January.", "pause operation"),
    ],
)
def test_events_are_named_by_class(claims_of: Claims, sentence: str, event: str) -> None:
    found = events(claims_of(sentence))
    assert [c.event for c in found] == [event]
    assert sentence[found[0].start:found[0].end] == found[0].text  # the words as written


def test_a_definite_class_noun_refers_back_to_its_event(claims_of: Claims) -> None:
    claims = claims_of("Washington and Beijing agreed last month on a trade framework. After "
                       "the June agreement, officials met again in Vienna on July 3.")
    named = [c.event for c in events(claims)]
    assert named[:2] == ["agreement: trade", "agreement: trade"]  # "the June agreement"
    assert events(claims)[1].participants == ("United States", "China")
    assert events(claims)[1].text == "the June agreement"


def test_a_verb_without_a_class_keeps_its_lemmas(claims_of: Claims) -> None:
    found = events(claims_of("Siemens reported a profit of 1.42 billion euros in the third "
                             "quarter."))
    assert [c.event for c in found] == ["report profit"]


# ---------------------------------------------------------------- 8. headline periods


def test_a_headline_without_period_takes_the_bodys_main_period(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Steel exports rose 12% in June from May, the statistics office said. Shipments to "
        "Asia reached 4,100 tonnes in June. Imports fell 3% in June.",
        name="headline-main", title="Steel exports surge 12%"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    head = next(c for c in claims if c.field == "title")
    body = next(c for c in claims if c.field == "text" and c.text == "12%")
    assert (head.period_start, head.period_end) == ("2025-06-01", "2025-06-30")
    assert head.period_text is None  # no words of its own
    assert head.confidence < body.confidence


def test_a_headline_with_its_own_period_keeps_it(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Steel exports rose 12% in June from May. Imports fell 3% in June.",
        name="headline-own", title="Steel exports fell 4% in May"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    head = next(c for c in dbmod.iter_claims(db, article.id) if c.field == "title")
    assert head.period_start == "2025-05-01"


# ---------------------------------------------------------------- 9. ranges


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Growth is expected to be 5-7% this year.", ("5", 5, "at_least"), ("7%", 7, "up_to")),
        ("Growth is expected to be between 5 and 7 per cent this year.",
         ("between 5", 5, "at_least"), ("7 per cent", 7, "up_to")),
        ("The plant will cost between $2 and $3 billion.",
         ("between $2", 2e9, "at_least"), ("$3 billion", 3e9, "up_to")),
        ("Sales fell 5–7% in June.", ("5", -5, "at_least"), ("7%", -7, "up_to")),
    ],
)
def test_a_range_is_two_bounds(claims_of: Claims, sentence: str,
                               low: tuple[str, float, str], high: tuple[str, float, str]) -> None:
    figures = [c for c in claims_of(sentence) if c.kind == "quantity"]
    assert [(c.text, c.value, c.qualifier) for c in figures] == [low, high]
    a, b = figures
    assert (a.unit, a.basis, a.metric, a.period_start) == (b.unit, b.basis, b.metric,
                                                           b.period_start)


def test_range_bounds_admit_any_figure_inside(claims_of: Claims) -> None:
    low, high = [c for c in claims_of("Growth is expected to be 5-7% this year.")
                 if c.kind == "quantity"]
    lo, hi = claim_interval(low), claim_interval(high)
    assert lo is not None and hi is not None
    for inside in (5.0, 6.0, 7.0):
        assert lo.contains(inside) and hi.contains(inside)
    assert not hi.contains(8.0)


# ---------------------------------------------------------------- 10. "X times higher"


def test_times_higher_keeps_x_and_the_tolerance_admits_x_plus_one(claims_of: Claims) -> None:
    claim = q(claims_of("Exports were seven times higher than in May."), "seven times")
    assert (claim.value, claim.unit, claim.qualifier) == (7, "multiple", "exact")
    assert claim.text == "seven times higher"
    plain = q(claims_of("Sales rose sevenfold in June."), "sevenfold")
    assert claim.confidence < plain.confidence
    interval = claim_interval(claim)
    assert interval is not None and interval.contains(7) and interval.contains(8)


# ---------------------------------------------------------------- headlines read as headlines


def test_two_headlines_in_one_title_are_read_apart(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    """A slash between two headline parts, and title-case common nouns: the subject of the
    second part is whose exports they are ("of American firms"), not a broken entity."""
    article = store(db, make_article(
        "Brazil's coffee exports to the United States rose 60% in June, officials said.",
        name="two-headlines",
        title="Coffee prices, Brazil supplies the US/ Exports of American firms increased 60%"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    claims = list(dbmod.iter_claims(db, article.id))
    head = next(c for c in claims if c.field == "title")
    assert article.title is not None and article.title[head.start:head.end] == head.text
    assert head.sentence == "Exports of American firms increased 60%"
    assert (head.metric, head.subject) == ("exports", "United States")
    body = next(c for c in claims if c.field == "text" and c.text == "60%")
    assert body.subject == "Brazil"  # the contradiction is the reconciler's to report


def test_a_slash_inside_a_word_is_not_a_headline_break() -> None:
    from extractor.claims.extract import split_headline

    assert split_headline("Open 24/7: speeds of 120 km/h") == "Open 24/7: speeds of 120 km/h"
    assert split_headline("Markets slide | Oil jumps") == "Markets slide \n Oil jumps"
    assert len(split_headline("A/ B")) == len("A/ B")  # offsets hold
