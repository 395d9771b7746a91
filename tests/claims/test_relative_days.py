"""Days written relative to the article: a weekday is the nearest such day (on or before the
publication in a past clause, the next one in a future clause), and a base "a day earlier" or
"the previous day" is dated before the figure's own day."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.claims.nlp.periods import Reference, resolve_period
from extractor.core.records import Claim

from .conftest import MON, TUE, WED, events, q_exact

Claims = Callable[..., list[Claim]]


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
    assert q_exact(claims_of(sentence, published=published), figure).period_start == day


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
    assert q_exact(claims, "410").period_start == "2026-10-06"


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
    assert q_exact(claims_of(sentence, published=published), base).period_start == day
