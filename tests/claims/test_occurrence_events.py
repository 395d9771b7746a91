"""Event claims for occurrences (a quake, an explosion) whose sentence also states figures: the
date is the occurrence's, and the figures describe it (its magnitude, a distance)."""

from __future__ import annotations

from collections.abc import Callable

from extractor.core.records import Claim


def _events(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind == "event"]


def test_a_quake_dated_in_a_sentence_of_distances_and_magnitudes_is_an_event(
        claims_of: Callable[..., list[Claim]]) -> None:
    text = ("The magnitude 5.9 quake struck shortly after dawn on Tuesday, at a depth of about "
            "12 km, some 40 km from Kelvo.")
    events = _events(claims_of(text, published="2026-05-07"))
    assert [(e.event, e.period_start) for e in events] == [("quake strike", "2026-05-05")]
    assert events[0].text.startswith("The magnitude 5.9 quake struck")


def test_an_earthquake_read_with_two_subjects_keeps_its_own_name(
        claims_of: Callable[..., list[Claim]]) -> None:
    """The parser reads "magnitude" and "earthquake" both as subjects of "ripped": the event is
    named by the one that names an event."""
    text = ("A magnitude 7.1 earthquake ripped through the northern hills on Friday, killing at "
            "least 30 people.")
    events = _events(claims_of(text, published="2026-05-09"))
    assert [(e.event, e.period_start) for e in events] == [("earthquake rip", "2026-05-08")]


def test_a_figure_a_verb_states_is_still_no_event(
        claims_of: Callable[..., list[Claim]]) -> None:
    assert not _events(claims_of("Copper exports rose 5% in June, customs data showed.",
                                 published="2026-07-20"))
