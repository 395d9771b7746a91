"""Extractor failures found on unseen stories (a drug recall, a typhoon), each checked on the
sentences that showed it and on sentences of other domains: weekdays, day-before bases, light
-verb events and province places, ambiguous currency names and signs, metrics of counts,
identifiers after label nouns, periods carried across sentences, and subjects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.claims.nlp.periods import Reference, resolve_period
from extractor.core.records import Claim
from extractor.core.settings import load_settings

from .conftest import make_article, store

Claims = Callable[..., list[Claim]]

MON, TUE, WED = "2026-10-12", "2026-10-13", "2026-10-14"  # a Monday, Tuesday, Wednesday


def q(claims: list[Claim], text: str) -> Claim:
    return next(c for c in claims if c.kind == "quantity" and c.text == text)


def events(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind == "event"]


# ---------------------------------------------------------------- 1. weekdays


@pytest.mark.parametrize(
    ("text", "published", "future", "day"),
    [
        ("Monday", MON, False, MON),  # the publication day itself, not a week before
        ("on Tuesday", TUE, False, TUE),
        ("Friday", MON, False, "2026-10-09"),
        ("Tuesday", MON, True, TUE),  # "by Tuesday": the next one
        ("Monday", MON, True, MON),
        ("last Monday", MON, False, "2026-10-05"),  # "last" means before today
        ("next Friday", WED, False, "2026-10-16"),
    ],
)
def test_weekdays_resolve_to_the_nearest_such_day(text: str, published: str, future: bool,
                                                  day: str) -> None:
    period = resolve_period(text, Reference.parse(published), future)
    assert period is not None and period.start.isoformat() == period.end.isoformat() == day


@pytest.mark.parametrize(
    ("sentence", "published", "figure", "day"),
    [
        ("The death toll rose to 41 on Tuesday, officials said.", TUE, "41", TUE),
        ("Shares of the carmaker fell 4% on Monday in Frankfurt.", MON, "4%", MON),
        ("The ministry said on Monday that 1,204 cases were confirmed.", MON, "1,204", MON),
        # the date right after a reporting verb is the statement's, not the future clause's
        ("Acme said on Monday it would cut 2,000 jobs at its plant.", WED, "2,000", MON),
    ],
)
def test_a_weekday_in_the_past_is_on_or_before_the_publication_day(
        claims_of: Claims, sentence: str, published: str, figure: str, day: str) -> None:
    assert q(claims_of(sentence, published=published), figure).period_start == day


def test_a_weekday_in_a_future_clause_is_the_next_one(claims_of: Claims) -> None:
    recall = claims_of("The company said it would finish the recall by Tuesday, officials said.",
                       published=MON)
    assert {c.period_start for c in events(recall)} == {TUE}
    vote = claims_of("The city council will vote on the new budget on Friday.", published=WED)
    assert {c.period_start for c in events(vote)} == {"2026-10-16"}
    storm = claims_of("Forecasters expect the weakened storm to move out over the sea by "
                      "Tuesday.", published=MON)
    assert {c.period_start for c in events(storm)} == {TUE}
    plant = claims_of("The company plans to open the plant on Friday.", published=MON)
    assert {c.period_start for c in events(plant)} == {"2026-10-16"}


def test_a_deadline_in_a_past_clause_stays_past(claims_of: Claims) -> None:
    claims = claims_of("Sales had risen to 410 units by Tuesday.", published=MON)
    assert q(claims, "410").period_start == "2026-10-06"


# ---------------------------------------------------------------- 2. "a day earlier"


@pytest.mark.parametrize(
    ("sentence", "published", "base", "day"),
    [
        ("At least 58 people have been killed by the storm, officials said on Wednesday, "
         "up from 41 a day earlier.", WED, "41", TUE),
        ("Sales rose to 410 units on Tuesday, compared with 350 units the previous day.",
         WED, "350", MON),
        ("The fund had 9,300 members on Wednesday, up from 8,100 a week earlier.",
         WED, "8,100", "2026-10-07"),
    ],
)
def test_a_day_before_base_is_dated_before_the_claims_own_date(
        claims_of: Claims, sentence: str, published: str, base: str, day: str) -> None:
    assert q(claims_of(sentence, published=published), base).period_start == day


# ---------------------------------------------------------------- 3. light verbs, places


@pytest.mark.parametrize(
    ("sentence", "name", "place", "day"),
    [
        ("Typhoon Koji made landfall in Aurora province on Sunday, October 11, killing at "
         "least 23 people.", "landfall", "Aurora province", "2026-10-11"),
        ("The storm made landfall in Isabela province on Saturday, October 10.", "landfall",
         "Isabela province", "2026-10-10"),
        ("Lawmakers held a vote in Cedar county on Friday.", "vote", "Cedar county",
         "2026-10-09"),
        ("The new rules took effect in Ontario on Monday.", "effect", "Ontario", MON),
    ],
)
def test_light_verbs_name_the_event_by_their_object(
        claims_of: Claims, sentence: str, name: str, place: str, day: str) -> None:
    found = [c for c in events(claims_of(sentence, published=TUE)) if c.event == name]
    assert [(c.place, c.period_start) for c in found] == [(place, day)]


# ---------------------------------------------------------------- 4. currencies


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
    assert q(claims_of(text), figure).unit == unit


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
    claim = q(claims_of(text), figure)
    assert (claim.value, claim.unit, claim.basis) == (value, unit, "absolute")


# ---------------------------------------------------------------- 5. counts by their verb


@pytest.mark.parametrize(
    ("sentence", "figure", "metric", "obj"),
    [
        ("The storm brought heavy rain, forcing 118,000 people from their homes.", "118,000",
         "displacements", "people"),
        ("The wildfire forced 2,300 families to flee.", "2,300", "displacements", "families"),
        ("The floods displaced 40,000 residents.", "40,000", "displacements", "residents"),
    ],
)
def test_counts_take_their_metric_from_the_verb(
        claims_of: Claims, sentence: str, figure: str, metric: str, obj: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert (claim.unit, claim.metric, claim.object) == ("count", metric, obj)


@pytest.mark.parametrize(
    ("sentence", "first", "second", "noun", "metrics"),
    [
        ("More than 3,600 houses were destroyed and 21,500 damaged, officials said.",
         "More than 3,600", "21,500", "houses", ("destroyed", "damaged")),
        ("About 12 bridges were destroyed and 40 damaged by the earthquake.",
         "About 12", "40", "bridges", ("destroyed", "damaged")),
        ("About 120 schools were closed and 45 flooded.", "About 120", "45", "schools",
         ("schools", "flooded")),
    ],
)
def test_an_elided_count_inherits_the_counted_noun(
        claims_of: Claims, sentence: str, first: str, second: str, noun: str,
        metrics: tuple[str, str]) -> None:
    claims = claims_of(sentence)
    a, b = q(claims, first), q(claims, second)
    assert (a.unit, a.object, b.unit, b.object) == ("count", noun, "count", noun)
    assert (a.metric, b.metric) == metrics


# ---------------------------------------------------------------- 6. wrong metrics


@pytest.mark.parametrize(
    ("sentence", "figure", "metric", "unit"),
    [
        ("The typhoon brings sustained winds of 185 kilometres per hour to the coast.",
         "185 kilometres per hour", "winds", "kmh"),
        ("The train reached a top speed of 320 kilometres per hour in tests.",
         "320 kilometres per hour", "speed", "kmh"),
        ("Tests found the impurity at up to 3.4 times the daily intake the agency considers "
         "acceptable.", "up to 3.4 times", "impurity", "multiple"),
        ("Inspectors measured lead at five times the legal limit the city allows.",
         "five times", "lead", "multiple"),
    ],
)
def test_the_metric_is_the_measured_noun_not_a_neighbouring_verb(
        claims_of: Claims, sentence: str, figure: str, metric: str, unit: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert (claim.metric, claim.unit) == (metric, unit)


@pytest.mark.parametrize(
    ("sentence", "figure", "obj", "subject"),
    [
        ("Some 2 million Americans take the drug every day.", "Some 2 million", "Americans",
         "United States"),
        ("About 40,000 Kenyans attended the rally in Nairobi.", "About 40,000", "Kenyans",
         "Kenya"),
    ],
)
def test_a_number_of_nationals_counts_people(
        claims_of: Claims, sentence: str, figure: str, obj: str, subject: str) -> None:
    claim = q(claims_of(sentence), figure)
    assert (claim.unit, claim.metric, claim.object, claim.subject) == (
        "count", "people", obj, subject)


# ---------------------------------------------------------------- 7. identifiers


@pytest.mark.parametrize(
    "sentence",
    [
        "The company tested the pill in a phase 3 trial that ended in 2019.",
        "The hurricane strengthened into a Category 4 storm overnight.",
        "Passengers on flight 370 were never found.",
        "The meeting was held in room 101 of the ministry.",
        "The proposal falls under section 12 of the treaty.",
    ],
)
def test_a_number_after_a_label_noun_is_an_identifier(claims_of: Claims, sentence: str) -> None:
    assert [c.text for c in claims_of(sentence) if c.kind == "quantity"] == []


# ---------------------------------------------------------------- 8. carried periods


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Sales of the drug rose to $1.2bn last year. The company has received 57 reports of "
         "side effects.", "57"),
        ("The drug was approved in 2019 after a trial of 4,212 patients. Analysts estimated "
         "the recall could cost the company up to $90 million.", "up to $90 million"),
        ("Ticket sales reached 2.1 million in July. The stadium has 45,000 seats.", "45,000"),
        # a background date ("founded in 1905") does not date the next sentence's figure
        ("The club was founded in 1905. The stadium was rebuilt for 45,000 fans.", "45,000"),
    ],
)
def test_a_period_is_not_borrowed_by_an_unrelated_measure(claims_of: Claims, text: str,
                                                          figure: str) -> None:
    assert q(claims_of(text), figure).period_start is None


def test_a_period_is_carried_to_the_same_measure(claims_of: Claims) -> None:
    claims = claims_of("Car exports rose in June, with shipments to Asia up 12%. Exports to "
                       "Europe reached 310,000 vehicles.")
    assert q(claims, "310,000").period_start == "2025-06-01"


def test_a_headline_takes_the_period_of_the_body_figure_it_restates(
        db: sqlite_utils.Database, db_path: Path, nlp: Language) -> None:
    article = store(db, make_article(
        "Sales rose to $1.2bn in 2019. The regulator has received 57 complaints about the app. "
        "Revenue grew 8% in June.",
        name="headline-twin", title="Regulator gets 57 complaints about the app"))
    extract_pending(db, load_settings(db_path=db_path), nlp=nlp, progress=False)
    head = next(c for c in dbmod.iter_claims(db, article.id) if c.field == "title")
    assert head.text == "57" and head.period_start is None  # undated in the body too


# ---------------------------------------------------------------- 9. subjects


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
    assert q(claims_of(sentence), figure).subject == subject


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
