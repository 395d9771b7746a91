"""A figure's period is right or absent (issue 13): it comes only from evidence that applies to
it (its own phrase, a date of its clause or of a clause above it, the story's time from the
lead, dateline or publication date), never from a date of another clause about another event.
Each rule of figure_periods.py / timeline.py is run here on a general sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.core.records import Claim

Claims = Callable[..., list[Claim]]


def q(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.kind == "quantity" and c.text == text]
    assert found, f"no figure {text!r} in {[c.text for c in claims if c.kind == 'quantity']}"
    return found[0]


def span(c: Claim) -> tuple[str | None, str | None]:
    return c.period_start, c.period_end


# ---------------------------------------------------------------- the figure's own clause


def test_a_date_in_a_relative_clause_about_something_else_does_not_date_the_figure(
        claims_of: Claims) -> None:
    claims = claims_of("About 750 girls were staying at Camp Mystic, which was founded in 1926, "
                       "when the river rose on Friday.", published="2025-07-05")
    assert q(claims, "About 750").period_start != "1926-01-01"


def test_a_date_inside_a_comparison_does_not_date_the_figure(claims_of: Claims) -> None:
    claims = claims_of("Turnout reached 82.5%, the highest since reunification in 1990, "
                       "officials said.", published="2025-02-24")
    assert span(q(claims, "82.5%")) == ("2025-02-24", "2025-02-24")  # the story's day


def test_a_relative_clause_on_a_figure_dates_that_figure_only(claims_of: Claims) -> None:
    claims = claims_of("The far-right party won 20.8%, doubling the 10.3% it won in 2021.",
                       published="2025-02-24")
    assert span(q(claims, "10.3%")) == ("2021-01-01", "2021-12-31")
    assert q(claims, "20.8%").period_start == "2025-02-24"


def test_relative_clauses_of_one_noun_share_its_date(claims_of: Claims) -> None:
    claims = claims_of("The club record is the £85m they committed to Benfica in June 2022, of "
                       "which £64m was guaranteed.", published="2025-06-13")
    assert span(q(claims, "£64m")) == ("2022-06-01", "2022-06-30")


def test_a_when_clause_after_a_date_is_about_that_date(claims_of: Claims) -> None:
    claims = claims_of("Building on commitments made in May, when both nations agreed to cut "
                       "tariffs for 90 days, the deal goes further.", published="2025-07-21")
    assert span(q(claims, "90 days")) == ("2025-05-01", "2025-05-31")


def test_the_date_of_an_event_noun_that_is_the_subject_dates_its_clause(
        claims_of: Claims) -> None:
    claims = claims_of("The magnitude 6.0 quake of August 31 killed more than 2,200 people.",
                       published="2025-11-04")
    assert span(q(claims, "more than 2,200")) == ("2025-08-31", "2025-08-31")


def test_the_date_of_a_noun_in_a_phrase_does_not_date_the_clause(claims_of: Claims) -> None:
    claims = claims_of("Google lands Wiz for $32bn after last year's rejection",
                       published="2025-03-18")
    assert q(claims, "$32bn").period_start != "2024-01-01"


def test_a_level_since_a_date_runs_from_that_date_to_the_report(claims_of: Claims) -> None:
    claims = claims_of("The central bank has held its benchmark rate at 4.25% since December.",
                       published="2025-09-05")
    assert span(q(claims, "4.25%")) == ("2024-12-01", "2025-09-05")


def test_the_base_of_a_change_without_its_own_period_stays_undated(claims_of: Claims) -> None:
    claims = claims_of("Production fell to 362,615 vehicles from 433,371.",
                       published="2025-04-02")
    assert q(claims, "433,371").period_start is None  # an earlier period the text does not give


def test_a_time_named_but_not_datable_keeps_the_figure_undated(claims_of: Claims) -> None:
    claims = claims_of("Last season brought 16 goals and 14 assists.", published="2025-06-20")
    goals = q(claims, "16")
    assert (goals.period_start, goals.period_text) == (None, "Last season")


# ---------------------------------------------------------------- months without a year


def test_a_month_without_a_known_year_stays_open(claims_of: Claims) -> None:
    """No publication date and no year: "June" is kept as words, not dated (absent, not
    wrong), and not replaced by a period from elsewhere."""
    rise = q(claims_of("Exports rose 5% in June.", published=None), "5%")
    assert (rise.period_start, rise.period_end, rise.period_text) == (None, None, "June")


# ---------------------------------------------------------------- fiscal periods


def test_plain_quarters_follow_the_fiscal_calendar_the_text_states(claims_of: Claims) -> None:
    claims = claims_of("Acme reported revenue of $46.7 billion for the quarter ended July 27, its "
                       "fiscal second quarter. It guided to about $54 billion for the third "
                       "quarter.", published="2025-08-28")
    assert span(q(claims, "$46.7 billion")) == ("2025-05-01", "2025-07-31")
    assert span(q(claims, "about $54 billion")) == ("2025-08-01", "2025-10-31")


def test_a_fiscal_quarter_without_its_months_stays_open(claims_of: Claims) -> None:
    rise = q(claims_of("Fiscal second-quarter profit rose 12%.", published="2025-08-28"), "12%")
    assert rise.period_start is None and rise.period_text is not None


# ---------------------------------------------------------------- the story's time


LEAD = ("KABUL, Sept 1 (Harbor Wire) - A strong earthquake shook eastern Afghanistan late on "
        "Sunday, killing at least 622 people, officials said on Monday.\n\n"
        "The U.S. Geological Survey said the quake had a magnitude of 6.0 and struck at a depth "
        "of 8 km.\n\n"
        "Rescuers said 1,300 people had been injured.")


def test_an_event_figure_without_a_date_is_of_the_event_the_lead_reports(
        claims_of: Claims) -> None:
    claims = claims_of(LEAD, published="2025-09-01")
    assert span(q(claims, "8 km")) == ("2025-08-31", "2025-08-31")  # Sunday, not the dateline


def test_a_count_without_a_date_runs_from_the_event_to_the_report(claims_of: Claims) -> None:
    claims = claims_of(LEAD, published="2025-09-01")
    assert span(q(claims, "1,300")) == ("2025-08-31", "2025-09-01")


def test_a_dateline_is_the_filing_day_not_the_figures_period(claims_of: Claims) -> None:
    claims = claims_of("AUSTIN, Texas, April 2 (Wire) - Tesla handed 336,681 vehicles to "
                       "customers in the first three months of the year.",
                       published="2025-04-02")
    assert span(q(claims, "336,681")) == ("2025-01-01", "2025-03-31")


def test_a_background_paragraph_does_not_date_the_next_one(claims_of: Claims) -> None:
    claims = claims_of("Rescuers reached the villages on Tuesday.\n\nIn October 2023, a "
                       "magnitude 6.3 quake in Herat killed more than 1,500 people.\n\nAid groups "
                       "sent 40 trucks of supplies.", published="2025-09-02")
    assert span(q(claims, "more than 1,500")) == ("2023-10-01", "2023-10-31")
    assert q(claims, "40").period_start == "2025-09-02"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # the next sentence does not go on about 2019's measure
        ("Sales of the drug rose to $1.2bn in 2019. The regulator counted 57 complaints.", "57"),
        ("The club was founded in 1905. The stadium was rebuilt for 45,000 fans.", "45,000"),
    ],
)
def test_a_background_period_is_not_carried_to_another_measure(claims_of: Claims, text: str,
                                                                figure: str) -> None:
    assert q(claims_of(text, published="2025-07-21"), figure).period_start is None


def test_a_weekday_is_not_dated_from_a_borrowed_reference(claims_of: Claims, nlp: object) -> None:
    """A date borrowed from another article of the story may be days off this one's: its
    weekdays stay open rather than resolve to the wrong day."""
    from extractor.claims.nlp import make_doc

    doc = make_doc(nlp, "The ministry said 27 people died on Monday.",  # type: ignore[arg-type]
                   published="2025-11-04")
    doc._.reference_source = "similar:abc"
    claims = list(nlp(doc)._.claims)  # type: ignore[operator]
    assert q(claims, "27").period_start is None


@pytest.mark.parametrize(("window", "day"), [
    ("2025-11-04/2025-11-05", "2025-11-03"),  # Monday read on Tuesday or Wednesday: Nov 3
    ("2025-11-04/2025-11-11", None),  # a week apart: the Monday before either
])
def test_a_weekday_is_dated_from_a_story_window_only_when_every_day_of_it_agrees(
        nlp: object, window: str, day: str | None) -> None:
    """An undated article takes the days its story's dated articles appeared on: a weekday
    that every day of that window resolves alike is dated; otherwise it stays open."""
    from extractor.claims.nlp import make_doc

    doc = make_doc(nlp, "The ministry said 27 people died on Monday.",  # type: ignore[arg-type]
                   published=window)
    doc._.reference_source = "story:abc"
    claims = list(nlp(doc)._.claims)  # type: ignore[operator]
    assert q(claims, "27").period_start == day


def _story_claims(nlp: object, text: str, reference: str) -> list[Claim]:
    from extractor.claims.nlp import make_doc

    doc = make_doc(nlp, text, published=reference)  # type: ignore[arg-type]
    doc._.reference_source = "story:abc"
    return list(nlp(doc)._.claims)  # type: ignore[operator]


def test_a_weekday_is_the_day_of_its_storys_event_when_the_window_cannot_say(
        nlp: object) -> None:
    """The story appeared over a week (Monday to the next Monday): "Sunday" could be either
    Sunday, but its dated leads name only the first."""
    text = "A quake struck late on Sunday, killing 800 people."
    assert q(_story_claims(nlp, text, "2025-09-01/2025-09-08;2025-08-31"),
             "800").period_start == "2025-08-31"
    assert q(_story_claims(nlp, text, "2025-09-01/2025-09-08"), "800").period_start is None


def test_an_undated_report_whose_lead_dates_nothing_is_of_its_storys_event_day(
        nlp: object) -> None:
    text = "Rescuers pulled 12 survivors from the rubble of the village."
    assert span(q(_story_claims(nlp, text, "2025-09-01/2025-09-03;2025-08-31"), "12")) == (
        "2025-08-31", "2025-08-31")
    assert span(q(_story_claims(nlp, text, "2025-09-01/2025-09-03"), "12")) == (None, None)


# ---------------------------------------------------------------- rules added for issue 13


def test_the_month_of_a_release_the_opening_names_dates_its_figures(claims_of: Claims) -> None:
    claims = claims_of("On Friday the figures became a political fight. In the morning the "
                       "statistics office published its count of July payrolls. Employers "
                       "added 73,000 jobs.", published="2025-08-02")
    assert span(q(claims, "73,000")) == ("2025-07-01", "2025-07-31")


def test_the_earlier_value_of_a_change_is_not_dated_by_the_new_values_date(
        claims_of: Claims) -> None:
    claims = claims_of("Employers added only 14,000 jobs in June, down from 147,000.",
                       published="2025-08-02")
    assert span(q(claims, "only 14,000")) == ("2025-06-01", "2025-06-30")
    assert q(claims, "147,000").period_start != "2025-06-01"


def test_a_revision_of_one_months_figure_dates_both_values(claims_of: Claims) -> None:
    claims = claims_of("The agency cut May's increase to 19,000 from 144,000.",
                       published="2025-08-02")
    assert span(q(claims, "144,000")) == span(q(claims, "19,000")) == \
        ("2025-05-01", "2025-05-31")


def test_each_conjunct_of_a_gapped_sentence_keeps_its_own_date(claims_of: Claims) -> None:
    claims = claims_of("The club paid 222 million euros for the striker in 2017 and 180 million "
                       "euros for the winger in 2018.", published="2025-06-01")
    assert q(claims, "222 million euros").period_start == "2017-01-01"
    assert q(claims, "180 million euros").period_start == "2018-01-01"


def test_the_day_of_a_release_on_the_subject_dates_its_count(claims_of: Claims) -> None:
    claims = claims_of("The state's latest count, released on Tuesday, showed 62 cases.",
                       published="2025-03-01")
    assert span(q(claims, "62")) == ("2025-02-25", "2025-02-25")


def test_the_day_an_analyst_forecast_a_figure_is_not_its_period(claims_of: Claims) -> None:
    claims = claims_of("Rain of up to 120 mm is forecast for the region next week.",
                       published="2023-09-11")
    assert span(q(claims, "up to 120 mm")) == ("2023-09-18", "2023-09-24")


def test_the_year_to_a_weekday_is_the_calendar_year_to_that_day(claims_of: Claims) -> None:
    claims = claims_of("The shares have gained 31% this year through Tuesday's close.",
                       published="2025-06-12")
    assert span(q(claims, "31%")) == ("2025-01-01", "2025-06-10")


# ---------------------------------------------------------------- tense, asides and anaphora


def test_a_weekday_of_a_present_tense_verb_is_the_coming_one(claims_of: Claims) -> None:
    # published on a Saturday: "turns 30 on Friday" is the Friday ahead, not the one before
    claims = claims_of("The city council meets on Monday. The striker turns 30 on Friday.",
                       published="2025-05-31")
    assert span(q(claims, "30")) == ("2025-06-06", "2025-06-06")
    # a state as of a day is no plan: the last Monday
    claims = claims_of("The death toll stands at 50 as of Monday.", published="2025-06-04")
    assert span(q(claims, "50")) == ("2025-06-02", "2025-06-02")


def test_a_relative_clause_set_off_by_commas_keeps_its_own_time(claims_of: Claims) -> None:
    claims = claims_of("Rovers won the cup final 3-1 on Saturday. Jones, who saved two "
                       "penalties in the semi-final, turns 30 on Friday.", published="2025-05-31")
    assert q(claims, "two").period_start != "2025-06-06"


def test_a_clause_on_a_multiple_dates_its_base_not_the_multiple(claims_of: Claims) -> None:
    claims = claims_of("Acme agreed on Monday to buy Beta for $9 billion. The price is three "
                       "times what Acme paid for Gamma in 2016.", published="2025-03-18")
    assert q(claims, "three times").period_start != "2016-01-01"


def test_a_date_after_a_colon_does_not_date_a_figure_before_it(claims_of: Claims) -> None:
    claims = claims_of("That $4 billion purchase went badly: the buyer sold the unit in 2019 "
                       "for about $1 billion.", published="2025-03-18")
    assert q(claims, "$4 billion").period_start != "2019-01-01"
    assert q(claims, "about $1 billion").period_start == "2019-01-01"


def test_a_month_after_that_or_the_following_is_of_the_year_just_named(
        claims_of: Claims) -> None:
    claims = claims_of("She was nominated in 2021 and confirmed the following January, with "
                       "64 senators voting for her.", published="2025-07-21")
    assert span(q(claims, "64")) == ("2022-01-01", "2022-01-31")
    claims = claims_of("He joined the academy in March 2016 at the age of 15. He made his "
                       "league debut that May, aged just 16.", published="2025-07-21")
    assert span(q(claims, "just 16")) == ("2016-05-01", "2016-05-31")


def test_a_range_of_months_takes_the_year_of_its_last_end(claims_of: Claims) -> None:
    claims = claims_of("The bank lowered rates by 75 basis points between October and "
                       "December of last year.", published="2025-11-20")
    assert span(q(claims, "75 basis points")) == ("2024-10-01", "2024-12-31")
    # the parser reads "September", "November" and "last year" apart here
    claims = claims_of("The central bank lowered its rate by half a point between September "
                       "and November of last year before holding.", published="2025-11-20")
    assert span(q(claims, "half a point")) == ("2024-09-01", "2024-11-30")


def test_the_first_months_of_a_year_run_from_january_whatever_their_number(
        claims_of: Claims) -> None:
    claims = claims_of("Car sales rose 4% in the first eight months of 2025.",
                       published="2025-09-17")
    assert span(q(claims, "4%")) == ("2025-01-01", "2025-08-31")



def test_the_date_of_the_noun_a_percentage_measures_is_its_own(claims_of: Claims) -> None:
    claims = claims_of("Factories added 9,000 jobs in May. Salaries grew by 4.1%, well above "
                       "inflation of 3.2% in April.", published="2025-06-06")
    assert span(q(claims, "3.2%")) == ("2025-04-01", "2025-04-30")


def test_a_month_of_a_future_clause_is_the_coming_one(claims_of: Claims) -> None:
    claims = claims_of("The council will meet in January to approve 40 new posts.",
                       published="2025-02-24")
    assert span(q(claims, "40")) == ("2026-01-01", "2026-01-31")
    # a future seen from the past may have come already
    claims = claims_of("Acme said in December it would cut 300 jobs in January.",
                       published="2025-02-24")
    assert span(q(claims, "300")) == ("2025-01-01", "2025-01-31")
    # the present tense schedules a day of the week, not a month
    claims = claims_of("Factories added 9,000 jobs in May. The index compares with inflation "
                       "of 3.2% in April.", published="2025-06-06")
    assert span(q(claims, "3.2%")) == ("2025-04-01", "2025-04-30")


def test_the_year_earlier_quarter_moves_a_base_figure_back_a_year(claims_of: Claims) -> None:
    claims = claims_of("Sales in the first quarter were $8.2 billion, compared with $7.1 billion "
                       "in the year-earlier quarter.", published="2025-05-06")
    assert span(q(claims, "$7.1 billion")) == ("2024-01-01", "2024-03-31")


def test_a_date_the_entity_reads_with_a_figure_before_it_still_dates(claims_of: Claims) -> None:
    claims = claims_of("The champion, who turned 22 last month, won the final on Sunday.",
                       published="2025-06-09")
    assert span(q(claims, "22")) == ("2025-05-01", "2025-05-31")


def test_the_quarter_that_ended_in_a_month_is_the_three_months_to_it(claims_of: Claims) -> None:
    # timeline._extended and periods._ENDED read "ended in June" as "ended June"
    claims = claims_of("The retailer's sales rose 12% to $8.1 billion in the quarter that ended "
                       "in March, the company said on Thursday.", published="2025-04-24")
    assert span(q(claims, "$8.1 billion")) == ("2025-01-01", "2025-03-31")


def test_a_quarter_named_by_its_last_month_is_the_three_months_to_it(claims_of: Claims) -> None:
    # periods._month_quarter
    claims = claims_of("The chipmaker reported revenue of $9.4 billion for its September quarter.",
                       published="2025-10-29")
    assert span(q(claims, "$9.4 billion")) == ("2025-07-01", "2025-09-30")


def test_a_lead_about_an_undatable_fiscal_quarter_is_not_dated_by_the_statement_day(
        claims_of: Claims) -> None:
    # FigurePeriods._undatable_lead: the day the company spoke dates none of its figures
    claims = claims_of("The software group earned $3 billion in its fiscal third quarter, it "
                       "said on Tuesday. Cloud sales grew 20%.", published="2025-07-30")
    assert span(q(claims, "20%")) == (None, None)
    assert span(q(claims, "$3 billion")) == (None, None)


def test_the_fiscal_year_ends_with_the_fourth_quarter_the_text_dates(claims_of: Claims) -> None:
    # timeline._fiscal_label reads "the three months to"; timeline._year_of_last_quarter
    claims = claims_of("The toolmaker said revenue for its fiscal fourth quarter, the three "
                       "months to September 30, rose 6% to $2.2 billion. Sales for the whole "
                       "fiscal year came to $8.5 billion.", published="2025-10-22")
    assert span(q(claims, "$2.2 billion")) == ("2025-07-01", "2025-09-30")
    assert span(q(claims, "$8.5 billion")) == ("2024-10-01", "2025-09-30")


def test_a_report_filed_in_the_small_hours_is_about_the_evening_before(
        claims_of: Claims) -> None:
    text = ("A night to forget for the visitors. The home side won 3-0 in front of 40,000 fans, "
            "and the striker scored twice.")
    late = claims_of(text, published="2025-06-01T00:40:00+02:00")
    assert q(late, "40,000").period_start == "2025-05-31"
    morning = claims_of(text, published="2025-06-01T10:40:00+02:00")
    assert q(morning, "40,000").period_start == "2025-06-01"


# ---------------------------------------------------------------- companies' own calendars


def test_plain_quarters_and_the_year_of_an_undated_fiscal_calendar_stay_open(
        claims_of: Claims) -> None:
    """A text that names a fiscal period without its months keeps its own calendar: its
    "second quarter" is not April to June, its "year" not the calendar year."""
    claims = claims_of("Nexora said revenue in its fiscal first quarter rose 12% to $4.2 "
                       "billion. Operating income climbed 9% in the second quarter. Net income "
                       "for the year was $12.5 billion.", published="2025-05-28")
    assert [span(q(claims, t)) for t in ("9%", "$12.5 billion")] == [(None, None)] * 2
    assert q(claims, "9%").period_text == "the second quarter"


def test_the_months_of_one_calendar_aligned_quarter_do_not_name_the_others(
        claims_of: Claims) -> None:
    """"The quarter ended June 30" falls on a calendar quarter, but a company that speaks of
    its fiscal year may call it its fourth: "the first quarter" stays open."""
    claims = claims_of("Nexora's sales in the quarter ended June 30 rose 18% to $7.6 billion, "
                       "closing fiscal 2025. In the first quarter, sales had risen 13%.",
                       published="2025-07-31")
    assert span(q(claims, "18%")) == ("2025-04-01", "2025-06-30")
    assert span(q(claims, "13%")) == (None, None)


def test_a_quarter_not_yet_begun_is_not_the_time_of_a_past_figure(claims_of: Claims) -> None:
    claims = claims_of("Operating income rose 23% to $34.3 billion in the fourth quarter.",
                       published="2025-08-01")
    assert span(q(claims, "$34.3 billion")) == (None, None)
    ahead = claims_of("Operating income will rise in the fourth quarter, to $40 billion.",
                      published="2025-08-01")
    assert span(q(ahead, "$40 billion")) == ("2025-10-01", "2025-12-31")


def test_a_span_of_months_of_a_named_year(claims_of: Claims) -> None:
    claims = claims_of("Net income was $22.04 billion in the April-June period of 2024.",
                       published="2025-07-31")
    assert span(q(claims, "$22.04 billion")) == ("2024-04-01", "2024-06-30")


def test_the_day_a_company_spoke_does_not_date_the_figures_of_its_undated_fiscal_quarter(
        claims_of: Claims) -> None:
    claims = claims_of("Nexora reported its results for the fourth quarter of its fiscal year "
                       "on Wednesday. Revenue rose 18% to $76.4 billion.",
                       published="2025-07-31")
    assert span(q(claims, "$76.4 billion")) == (None, None)


def test_a_lead_figure_dated_by_its_own_day_keeps_the_story_on_that_day(
        claims_of: Claims) -> None:
    """Shares moved on Thursday a day after results for the June quarter: the market figures
    are the day's, not the quarter's the results were for."""
    claims = claims_of("Nexora shares ended Thursday's session up 3.9%, a day after its results "
                       "for the June quarter beat forecasts.\n\nThe stock had been up as much as "
                       "8% shortly after the open.", published="2025-07-31T16:25:00-04:00")
    assert span(q(claims, "as much as 8%")) == ("2025-07-31", "2025-07-31")


def test_a_figure_that_says_it_covers_a_quarter_is_not_dated_by_a_day(claims_of: Claims
                                                                      ) -> None:
    claims = claims_of("Nexora shares ended Thursday's session up 3.9%.\n\nInvestors were "
                       "reacting to quarterly revenue of $76.4 billion.",
                       published="2025-07-31T16:25:00-04:00")
    assert span(q(claims, "$76.4 billion")) == (None, None)
    assert span(q(claims, "3.9%")) == ("2025-07-31", "2025-07-31")


def test_a_fiscal_year_that_ended_in_a_month_dates_its_quarters_and_the_year(
        claims_of: Claims) -> None:
    """"Its fiscal year ended June 30": its fourth quarter is April to June, and "the year" is
    July to June, not the calendar's."""
    claims = claims_of("Nexora's fiscal year ended June 30. Revenue in the fourth quarter rose "
                       "18% to $7.6 billion, and net income for the year was $10 billion.",
                       published="2025-07-31")
    assert span(q(claims, "$7.6 billion")) == ("2025-04-01", "2025-06-30")
    assert span(q(claims, "$10 billion")) == ("2024-07-01", "2025-06-30")


def test_fiscal_years_and_quarters_named_by_number_follow_the_dated_fiscal_year(
        claims_of: Claims) -> None:
    """A fiscal year is named by the calendar year it ends in: after "the fiscal year that
    ended in June", fiscal 2024 is July 2023 to June 2024, and the first quarter of fiscal
    2026 is July to September 2025."""
    claims = claims_of("For the fiscal year that ended in June, Nexora earned $10 billion, up "
                       "from $8.1 billion in fiscal 2024. It expects revenue of $8 billion in the "
                       "first quarter of fiscal 2026.", published="2025-07-31")
    assert span(q(claims, "$10 billion")) == ("2024-07-01", "2025-06-30")
    assert span(q(claims, "$8 billion")) == ("2025-07-01", "2025-09-30")


def test_a_results_story_dates_no_figure_by_the_day_it_was_published(claims_of: Claims) -> None:
    """A story whose opening names the quarter it reports: its figures without a period of
    their own are of that quarter (whose months its own calendar may keep), not of the day."""
    claims = claims_of("On Wednesday, Nexora beat forecasts with its results for its fiscal "
                       "first quarter. Revenue was $4.2 billion.", published="2025-05-29")
    assert span(q(claims, "$4.2 billion")) == (None, None)


# ---------------------------------------------------------------- present levels, bases, sequels


def test_a_present_level_is_of_the_storys_time(claims_of: Claims) -> None:
    """ "The far right gets 152 seats" the morning after a Sunday vote: the seats of that
    result, the story's time (Sunday to the report); a present share stays without a period."""
    claims = claims_of("The conservatives won Sunday's election with 28.5% of the vote.\n\n"
                       "The far right gets 152 seats. The alliance controls 40% of the "
                       "chamber.", published="2025-02-24")
    assert span(q(claims, "152")) == ("2025-02-23", "2025-02-24")
    assert span(q(claims, "40%")) == (None, None)


def test_a_present_level_after_a_story_time_that_ended_before_the_report_has_no_period(
        nlp: object) -> None:
    """An undated article about a quarter that ended weeks before its story appeared: "the
    apps now have 100 million users" is true when it was written, which is not that quarter."""
    text = ("The earnings call for the quarter that ended in June was a victory lap. Cloud "
            "sales grew 33% in the June quarter.\n\nThe apps now have 100 million monthly "
            "active users.")
    claims = _story_claims(nlp, text, "2025-07-30/2025-07-31;2025-07-30")
    assert span(q(claims, "33%")) == ("2025-04-01", "2025-06-30")
    assert span(q(claims, "100 million")) == (None, None)


def test_what_a_multiple_multiplies_is_not_of_the_storys_day(claims_of: Claims) -> None:
    """ "six times the $5.4 billion it paid for a security firm, in 2022": the $5.4 billion is
    a base of another time, whatever the parser hangs the year on."""
    claims = claims_of("On Tuesday the group agreed to pay $32 billion for the startup. The "
                       "purchase is nearly six times the $5.4 billion it paid for Mandiant, "
                       "the incident-response firm, in 2022.", published="2025-03-19")
    assert q(claims, "$5.4 billion").period_start != "2025-03-18"


def test_a_value_something_compares_with_is_a_base(claims_of: Claims) -> None:
    """ "Revenue of $76.4 billion compares with $64.7 billion a year earlier": not the quarter
    of the revenue."""
    claims = claims_of("The group's revenue for the quarter to June was $76.4 billion. That "
                       "compares with $64.7 billion a year earlier.", published="2025-07-31")
    assert span(q(claims, "$76.4 billion")) == ("2025-04-01", "2025-06-30")
    assert q(claims, "$64.7 billion").period_start != "2025-04-01"


@pytest.mark.parametrize(("text", "figure", "period"), [
    ("A judge ruled on September 2 that the firm could keep its browser. Its shares rose 9% "
     "the following day.", "9%", ("2025-09-03", "2025-09-03")),
    ("The club paid 222 million euros for him in 2017 and 180 million euros for another "
     "forward a year later.", "180 million euros", ("2018-01-01", "2018-12-31")),
    ("The quake struck on the night of August 31. The toll reached 622 the next morning.",
     "622", ("2025-09-01", "2025-09-01")),
    ("The quake struck on August 31.\n\nThe toll reached 622 the next morning.", "622", None),
    # the year a quarter named without one takes from "a year earlier"
    ("The chipmaker reported revenue of $46.7 billion for the quarter ended July 27. A year "
     "earlier, second-quarter revenue was $30 billion.", "$30 billion",
     ("2024-05-01", "2024-07-31")),
    # from the time the story tells of, not the day its source spoke
    # (the quarter with its year: read in September, a plain "second quarter" reported then
    # would be a company's own: test_a_quarter_reported_long_after_its_calendar_end...)
    ("The carmaker delivered 384,122 vehicles in the second quarter of 2025, it said on "
     "Wednesday. A year earlier, it had delivered 443,956.", "443,956",
     ("2024-04-01", "2024-06-30")),
])
def test_a_time_named_after_another_counts_from_the_one_just_named(
        claims_of: Claims, text: str, figure: str, period: tuple[str, str] | None) -> None:
    """ "the following day", "a year later": after the time the paragraph last named; with none
    before it in its paragraph, the time stays open."""
    got = q(claims_of(text, published="2025-09-05"), figure)
    assert (span(got) if period else got.period_start) == (period or None)


def test_a_level_its_verb_says_is_current_is_not_of_the_date_before_it(
        claims_of: Claims) -> None:
    """lexicon `now_words` on the figure's own verb: "has now reached 7,000" is of the story's
    time, not of the March of the sentence before (which the same measure would carry)."""
    claims = claims_of("Unemployment rose to 4.3% in August, the department said on Friday.\n\n"
                       "The agency employed 5,000 people in March. Its staff has now reached "
                       "7,000 people.", published="2025-09-05")
    assert span(q(claims, "7,000")) == ("2025-08-01", "2025-09-05")


def test_a_time_ago_the_text_cannot_date_keeps_the_sentences_figures_off_the_storys_day(
        claims_of: Claims) -> None:
    """ "valued at $12 billion less than a year ago": the figure "less than a year" is part of
    the time phrase, and the valuation is of that undatable time, not of the story's day."""
    claims = claims_of("The group agreed on Tuesday to buy the startup for $32 billion.\n\n"
                       "The startup was valued at $12 billion less than a year ago.",
                       published="2025-03-18")
    assert span(q(claims, "$12 billion")) == (None, None)


def test_a_figure_of_a_thing_named_with_a_demonstrative_goes_on_about_the_time_before(
        claims_of: Claims) -> None:
    """ "those quakes" points back to the October 2023 of the sentence before: the toll is of
    that time, though "toll" is no word of that sentence."""
    claims = claims_of("A quake killed 800 people on Sunday.\n\nThe last disaster on this scale "
                       "came in October 2023, when quakes hit Herat. The UN put the toll from "
                       "those quakes at more than 1,500.", published="2025-09-01")
    assert span(q(claims, "more than 1,500")) == ("2023-10-01", "2023-10-31")


def test_a_date_in_a_relative_clause_does_not_set_the_time_of_the_next_sentence(
        claims_of: Claims) -> None:
    """ "Hakimi, who spent the 2020-21 season at Inter, opened the scoring": 2020-21 is when
    Hakimi was at Inter; "eight minutes later" in the next sentence is still the final's."""
    claims = claims_of("Paris won the final 5-0 on Saturday.\n\nHakimi, who spent the 2020-21 "
                       "season at Inter, opened the scoring. Eight minutes later Doue doubled "
                       "the lead.", published="2025-05-31")
    assert span(q(claims, "Eight minutes")) == ("2025-05-31", "2025-05-31")


def test_a_count_of_months_or_quarters_in_a_row_is_not_of_the_storys_period(
        claims_of: Claims) -> None:
    """ "the second straight quarterly decline" spans two quarters; "100 million monthly
    users" counts users."""
    claims = claims_of("The carmaker delivered 384,122 vehicles in the second quarter, the "
                       "second straight quarterly decline. Its app has 100 million monthly "
                       "users.", published="2025-07-02")
    assert span(q(claims, "second")) == (None, None)
    assert q(claims, "100 million").period_start is not None


def test_a_date_after_the_earlier_value_of_a_change_dates_that_value(
        claims_of: Claims) -> None:
    """ "climbed to $27.23 billion ... from $22.04 billion ... in the April-June period of
    2024": the year-earlier quarter is the earlier value's; the new one is of the story's."""
    claims = claims_of("The group reported revenue of $76.4 billion for the quarter ended June "
                       "30. Net income climbed to $27.23 billion, or $3.65 a share, from $22.04 "
                       "billion, or $2.95 a share, in the April-June period of 2024.",
                       published="2025-07-31")
    assert span(q(claims, "$22.04 billion")) == ("2024-04-01", "2024-06-30")
    assert q(claims, "$27.23 billion").period_start == "2025-04-01"


def test_a_date_in_a_relative_clause_after_a_comma_does_not_unseat_the_storys_time(
        claims_of: Claims) -> None:
    """ "..., among them two skaters, who won the world pairs title in 1994": 1994 is the
    skaters' title, whatever the parser makes of "pairs"; the counts are of the crash."""
    claims = claims_of("A jet and a helicopter collided over the river on Wednesday night.\n\n"
                       "The club said two of its skaters, two mothers and two coaches were on "
                       "the flight, among them Vadim Naumov and Evgenia Shishkova, who won the "
                       "world pairs title for Russia in 1994.", published="2025-01-30")
    assert q(claims, "two").period_start == "2025-01-29"


def test_a_count_right_after_a_weekday_is_no_day_of_a_month(claims_of: Claims) -> None:
    """ "by Sunday 55 victims had been identified": the statistical NER reads "Sunday 55" as
    one date; the count is of that Sunday ("Sunday 2 February" stays a date)."""
    claims = claims_of("The jet crashed on Wednesday night. By Friday the toll had reached 41, "
                       "and by Sunday 55 victims had been identified.", published="2025-02-03")
    assert span(q(claims, "55")) == ("2025-02-02", "2025-02-02")


def test_a_count_since_a_clause_with_a_date_runs_from_that_date_to_the_report(
        claims_of: Claims) -> None:
    """ "have been hospitalized since the outbreak was identified in late January": from
    January to the report, as "since January" would be."""
    claims = claims_of("A child died of measles, officials said on Wednesday.\n\nThe state's "
                       "latest count, released on Tuesday, showed 124 cases. Eighteen people "
                       "have been hospitalized since the outbreak was identified in late "
                       "January.", published="2025-02-26")
    assert span(q(claims, "Eighteen")) == ("2025-01-01", "2025-02-26")


def test_a_conditional_figure_is_not_of_the_past_time_of_the_sentence_before(
        claims_of: Claims) -> None:
    """ "would pay a breakup fee of $3.2 billion" after "valued at $12 billion last May": the
    fee is the deal's (the story's day), not last May's."""
    claims = claims_of("Alphabet agreed on Tuesday to buy the startup for $32 billion.\n\nThe "
                       "startup was valued at $12 billion last May. Alphabet would pay it a "
                       "breakup fee of about $3.2 billion if regulators block the deal.",
                       published="2025-03-19")
    assert q(claims, "about $3.2 billion").period_start == "2025-03-18"


def test_a_future_figure_takes_no_period_of_a_story_that_ended_before_the_report(
        nlp: object) -> None:
    """ "the next one will be north of $30 billion" in an undated piece on the quarter that
    ended in June (its story appeared in July): the forecast is of no time that quarter is."""
    claims = _story_claims(nlp, "Microsoft's call for the quarter that ended in June was a "
                           "victory lap.\n\nIt spent $24.2 billion on capital projects in the "
                           "quarter, and the finance chief says the next one will be north of "
                           "$30 billion.", "2025-07-30/2025-07-31;2025-06")
    assert span(q(claims, "$30 billion")) == (None, None)
    assert q(claims, "$24.2 billion").period_start == "2025-04-01"


def test_a_date_after_an_amount_in_apposition_to_a_rank_dates_both(
        claims_of: Claims) -> None:
    """ "The third, 1.49 billion euros in March 2019": March 2019 is the rank's and the
    amount's, not the story's day."""
    claims = claims_of("Brussels fined Google 2.95 billion euros on Friday. The third, 1.49 "
                       "billion euros in March 2019, concerned advertising contracts.",
                       published="2025-09-05")
    assert span(q(claims, "1.49 billion euros")) == ("2019-03-01", "2019-03-31")


def test_a_cue_in_a_clause_on_the_figures_noun_moves_that_figure_back(
        claims_of: Claims) -> None:
    """ "less than half of the 21,551 Tesla delivered a year ago" is the quarter a year before
    the story's; "not the 144,000 it reported a month ago" dates the report, not the figure."""
    claims = claims_of("Tesla delivered 384,122 vehicles in the second quarter. Other models: "
                       "10,394, less than half of the 21,551 Tesla delivered in those lines a "
                       "year ago.", published="2025-07-03")
    assert span(q(claims, "21,551")) == ("2024-04-01", "2024-06-30")
    claims = claims_of("The bureau published its count of July payrolls on Friday. It now "
                       "estimates that employers added 19,000 jobs in May, not the 144,000 it "
                       "reported a month ago.", published="2025-08-01")
    assert q(claims, "144,000").period_start != "2025-06-01"


def test_a_figure_in_a_dated_relative_aside_takes_no_date_of_the_main_clause(
        claims_of: Claims) -> None:
    """ "Chelsea, who finished fourth in the league and lifted a cup in May, also won the old
    Club World Cup in 2021": the fourth place is not of 2021."""
    claims = claims_of("Chelsea won the final 3-0 on Sunday.\n\nChelsea, who finished fourth "
                       "in the Premier League and lifted the Conference League in May, also won "
                       "the old version of the Club World Cup in 2021.", published="2025-07-14")
    assert q(claims, "fourth").period_start != "2021-01-01"


def test_over_a_period_without_a_change_is_during_it_not_a_comparison(
        claims_of: Claims) -> None:
    """ "bookings passed $100 billion over the fiscal year": the year is the figure's (an
    undatable fiscal one: no period rather than the story's quarter); "sales rose 5% over last
    year" compares."""
    claims = claims_of("Microsoft reported revenue of $76.4 billion for the quarter ended June "
                       "30. Commercial bookings passed $100 billion over the fiscal year for the "
                       "first time.", published="2025-07-31")
    assert span(q(claims, "$100 billion")) == (None, None)
    assert q(claims, "$100 billion").period_text == "the fiscal year"


def test_an_ordinal_without_a_noun_after_a_named_quarter_is_another_quarter(
        claims_of: Claims) -> None:
    """ "9.6 gigawatt-hours in the second quarter against 10.4 gigawatt-hours in the first":
    the first quarter, the value after "against" its own; "the first to do so" is no time."""
    claims = claims_of("The energy business deployed 9.6 gigawatt-hours in the second quarter "
                       "against 10.4 gigawatt-hours in the first. Deliveries fell 13% in the "
                       "second quarter, the first to do so since 2020.", published="2025-07-03")
    assert span(q(claims, "10.4 gigawatt-hours")) == ("2025-01-01", "2025-03-31")
    assert span(q(claims, "9.6 gigawatt-hours")) == ("2025-04-01", "2025-06-30")
    assert span(q(claims, "13%")) == ("2025-04-01", "2025-06-30")


def test_figures_over_the_weekend_are_of_that_weekend(claims_of: Claims) -> None:
    """ "clinics had given between 100 and 150 more doses than usual over the weekend", read
    on a Wednesday: the Saturday and Sunday before, not the story's day."""
    claims = claims_of("Doctors pushed back on Wednesday after the secretary played down the "
                       "outbreak.\n\nThe health director said the city's clinics had given "
                       "between 100 and 150 more vaccine doses than usual over the weekend.",
                       published="2025-02-26")
    assert span(q(claims, "150")) == ("2025-02-22", "2025-02-23")


def test_hours_after_no_named_day_are_of_the_time_the_text_tells_of(claims_of: Claims) -> None:
    """ "Over the following hours the river rose 26 feet" after a warning at 1:14 a.m.: the
    story's day (no day named before in the paragraph), not an undated time."""
    claims = claims_of("The river flooded the camps on Friday.\n\nA flash flood warning went "
                       "out at 1:14 a.m. Over the following hours the river rose 26 feet in 45 "
                       "minutes.", published="2025-07-04")
    assert q(claims, "26 feet").period_start == "2025-07-04"


def test_counts_of_a_story_whose_lead_gives_them_as_of_a_day_are_that_days(
        claims_of: Claims) -> None:
    """ "124 confirmed cases as of Tuesday's update. Eighteen patients have been hospitalized":
    the same update's count, not a count running on to Wednesday's report (a toll "killing
    622" on Sunday, read on Monday, runs to the report)."""
    claims = claims_of("A child has died of measles in Lubbock, officials said on Wednesday. "
                       "The outbreak had grown to 124 confirmed cases as of Tuesday's update. "
                       "Eighteen patients have been hospitalized.", published="2025-02-26")
    assert span(q(claims, "Eighteen")) == ("2025-02-25", "2025-02-25")
    claims = claims_of("A quake shook eastern Afghanistan on Sunday, killing 622 people. Rescuers "
                       "have pulled 3,000 people from the rubble.", published="2025-09-01")
    assert span(q(claims, "3,000")) == ("2025-08-31", "2025-09-01")


def test_a_figure_in_a_past_aside_of_a_future_clause_takes_no_story_time(
        claims_of: Claims) -> None:
    """ "The pair, who played together for more than four years at the BayArena, will now be
    reunited": those years are a time of their own before the story's."""
    claims = claims_of("Liverpool agreed a fee with Leverkusen on Friday. Frimpong moved to "
                       "Anfield last month for about £29.5m. The pair, who played together for "
                       "more than four years at the BayArena, will now be reunited.",
                       published="2025-06-20")
    assert span(q(claims, "more than four years")) == (None, None)


def test_a_quarter_reported_long_after_its_calendar_end_is_the_companys_own(
        claims_of: Claims) -> None:
    """ "Nvidia reported second-quarter revenue of $46.7 billion" on August 27: calendar
    companies report within 45 days, so this is a quarter of its own calendar (May to July),
    undated rather than April to June; a July deliveries story's second quarter stays dated."""
    claims = claims_of("Nvidia on Wednesday reported second-quarter revenue of $46.7 billion. "
                       "Data center revenue rose to $41.1 billion in the second quarter.",
                       published="2025-08-27")
    assert span(q(claims, "$41.1 billion")) == (None, None)
    assert q(claims, "$41.1 billion").period_text == "the second quarter"
    claims = claims_of("Tesla delivered 384,122 vehicles in the second quarter, down from "
                       "336,681 in the first quarter.", published="2025-07-02")
    assert span(q(claims, "384,122")) == ("2025-04-01", "2025-06-30")


def test_a_clause_a_duration_after_a_date_is_at_that_later_time(claims_of: Claims) -> None:
    """ "Two weeks after a quake struck on August 31, the toll has risen to 2,205": September
    14; a figure inside the "after" clause keeps its date ("killed 1,400 people on August
    31")."""
    claims = claims_of("Two weeks after a quake killed 1,400 people on August 31, the death toll "
                       "has risen to 2,205, officials said.", published="2025-09-14")
    assert span(q(claims, "2,205")) == ("2025-09-14", "2025-09-14")
    assert span(q(claims, "1,400")) == ("2025-08-31", "2025-08-31")
    claims = claims_of("Two weeks after the quake of August 31, the death toll has risen to "
                       "2,205.", published="2025-09-14")
    assert span(q(claims, "2,205")) == ("2025-09-14", "2025-09-14")


def test_a_figure_a_span_after_an_undated_event_takes_no_story_time(claims_of: Claims) -> None:
    """ "It reached $100 million in revenue about 18 months after it was founded": a time after
    a founding the text does not date, not the day of the deal the story reports."""
    claims = claims_of("Google agreed on Tuesday to buy Wiz for $32 billion. It reached $100 "
                       "million in annual recurring revenue about 18 months after it was "
                       "founded.", published="2025-03-18")
    assert span(q(claims, "$100 million")) == (None, None)
    assert q(claims, "$32 billion").period_start == "2025-03-18"
