"""Event claims named by what happened: by class ("agreement: trade", "talks", "imposition:
tariff"), a definite class noun referring back to its event, a verb with no class by its lemmas,
a light verb ("made landfall", "held a vote") by its object, with the event's place and day."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

from .conftest import MON, TUE, events

Claims = Callable[..., list[Claim]]


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
