"""The finding rules, on the seeds' hand-written claims and on small stories from other domains."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from extractor.core.records import Article, Claim, Finding
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.syndication import syndicated_copies

MUST_LOOK = ("high", "medium")


def _article(article_id: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}", outlet=outlet or article_id,
                   title=f"Title {article_id}", text=f"Text of {article_id}.", text_hash=article_id,
                   published=published)


def _run(articles: list[Article], claims: list[Claim]) -> list[Finding]:
    return analyse_story("s", articles, claims, syndicated_copies(articles)).findings


@pytest.fixture
def seed_findings(seed_articles: dict[str, Article], hand_claims: list[Claim]
                  ) -> tuple[list[Finding], dict[str, str]]:
    articles = list(seed_articles.values())
    names = {a.id: key for key, a in seed_articles.items()}
    return _run(articles, hand_claims), names


def _keys(f: Finding, names: dict[str, str]) -> list[str]:
    return [names[a] for a in f.article_ids]


def test_seeds_place_conflation_is_high_and_quotes_the_evidence(seed_findings: Any) -> None:
    findings, names = seed_findings
    place = [f for f in findings if f.kind == "place_conflict"]
    assert len(place) == 1
    f = place[0]
    assert f.severity == "high"
    assert _keys(f, names)[0] == "003" and {"000", "001"} <= set(_keys(f, names))
    assert "Geneva" in f.explanation and "conflation" in f.explanation
    assert any("trade meeting in Geneva" in e for e in f.evidence)
    # the other-date event of the same parties that the place may belong to is quoted
    assert "reduce tariffs" in f.explanation


def test_seeds_figures_attached_to_another_thing_are_mislabelled(seed_findings: Any) -> None:
    findings, names = seed_findings
    labels = [f for f in findings if f.kind == "mislabelled_object"]
    assert len(labels) == 1
    assert _keys(labels[0], names)[0] == "001" and labels[0].severity == "medium"
    assert "precious metals" in labels[0].explanation


def test_seeds_reversed_headline_is_a_direction_and_internal_conflict(seed_findings: Any) -> None:
    findings, names = seed_findings
    direction = [f for f in findings if f.kind == "direction_conflict"]
    assert [_keys(f, names)[0] for f in direction] == ["000"]
    internal = [f for f in findings if f.kind == "internal_inconsistency"]
    assert [_keys(f, names) for f in internal] == [["000"]]


def test_seeds_non_conflicts_are_not_flagged(seed_findings: Any) -> None:
    findings, _ = seed_findings
    flagged = [f for f in findings if f.severity in MUST_LOOK]
    assert {f.kind for f in flagged} <= {"place_conflict", "mislabelled_object",
                                         "direction_conflict", "internal_inconsistency"}
    arithmetic = [f for f in findings if f.kind == "arithmetic"]
    # 46 t -> 353 t against 660%, 1,238 t -> 3,188 t against 157.5%: consistent, info only
    assert len(arithmetic) >= 2 and {f.severity for f in arithmetic} == {"info"}
    assert any("46 tons" in f.explanation for f in arithmetic)


def test_a_real_value_disagreement_is_a_high_value_conflict(make_claim: Callable[..., Claim]
                                                            ) -> None:
    common: dict[str, Any] = {"unit": "EUR", "basis": "absolute", "metric": "revenue",
                              "object": "group revenue", "subject": "Volta AG",
                              "period_start": "2026-01-01", "period_end": "2026-03-31"}
    claims = [make_claim("a", "€2.31 billion", value=2.31e9, **common),
              make_claim("b", "€2.13 billion", value=2.13e9, **common),
              make_claim("c", "2.3bn euros", value=2.3e9, **common)]
    findings = _run([_article("a"), _article("b"), _article("c")], claims)
    conflicts = [f for f in findings if f.kind == "value_conflict"]
    assert len(conflicts) == 1 and conflicts[0].severity == "high"
    assert set(conflicts[0].article_ids) == {"a", "b", "c"}
    assert "€2.13 billion" in conflicts[0].explanation


def test_a_count_revised_upwards_later_is_an_update(make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "deaths",
                              "object": "flood victims", "subject": "Valencia"}
    claims = [make_claim("early", "at least 62 people", value=62, qualifier="at_least",
                         **common),
              make_claim("late", "158 people", value=158, **common)]
    articles = [_article("early", "2026-10-30T08:00:00"), _article("late", "2026-10-31T09:00:00")]
    findings = _run(articles, claims)
    assert not [f for f in findings if f.severity in MUST_LOOK]
    # "at least 62" admits 158: nothing to report; an exact earlier count is an update
    claims[0] = make_claim("early", "62 people", value=62, **common)
    findings = _run(articles, claims)
    assert [f.kind for f in findings if f.kind in ("update", "value_conflict")] == ["update"]
    assert next(f for f in findings if f.kind == "update").severity == "info"


def test_a_closed_period_figure_that_changes_is_still_a_conflict(
        make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "cases",
                              "object": "measles cases", "subject": "Texas",
                              "period_start": "2026-02-01", "period_end": "2026-02-28"}
    claims = [make_claim("a", "146 cases", value=146, **common),
              make_claim("b", "198 cases", value=198, **common)]
    findings = _run([_article("a", "2026-03-05"), _article("b", "2026-03-06")], claims)
    assert [f.kind for f in findings if f.severity in MUST_LOOK] == ["value_conflict"]


def test_levels_that_contradict_a_stated_change_fail_the_arithmetic(
        make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"metric": "sales", "object": "electric cars", "subject": "Norway"}
    may = {"period_start": "2026-05-01", "period_end": "2026-05-31"}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30"}
    claims = [
        make_claim("a", "12,400 cars", value=12400, unit="count", basis="absolute", **common,
                   **may),
        make_claim("b", "15,100 cars", value=15100, unit="count", basis="absolute", **common,
                   **june),
        make_claim("b", "35%", value=35, unit="percent", basis="change", direction="up",
                   comparison="mom", **common, **june),
    ]
    findings = _run([_article("a"), _article("b")], claims)
    arithmetic = [f for f in findings if f.kind == "arithmetic"]
    assert len(arithmetic) == 1 and arithmetic[0].severity == "medium"
    assert "Inconsistent" in arithmetic[0].explanation
    # +21.8% is what the levels imply: the same check passes
    claims[2] = make_claim("b", "22%", value=22, unit="percent", basis="change", direction="up",
                           comparison="mom", **common, **june)
    findings = _run([_article("a"), _article("b")], claims)
    assert [f.severity for f in findings if f.kind == "arithmetic"] == ["info"]


def test_levels_thousands_of_times_apart_are_not_one_series(
        make_claim: Callable[..., Claim]) -> None:
    """A per-share figure of last year and this year's revenue, neither saying what it
    measures (as a language without a parser leaves them): no change links them."""
    last = {"period_start": "2025-04-01", "period_end": "2025-06-30"}
    this = {"period_start": "2026-04-01", "period_end": "2026-06-30"}
    claims = [
        make_claim("a", "2,95 Dollar", value=2.95, unit="USD", basis="absolute", **last),
        make_claim("b", "$76.4 billion", value=76.4e9, unit="USD", basis="absolute", **this),
        make_claim("b", "18%", value=18, unit="percent", basis="change", direction="up",
                   comparison="yoy", **this),
    ]
    findings = _run([_article("a"), _article("b")], claims)
    assert not [f for f in findings if f.kind == "arithmetic"]


def test_similar_looking_shares_of_different_things_are_different_facts(
        make_claim: Callable[..., Claim]) -> None:
    claims = [
        make_claim("a", "42%", value=42, unit="percent", basis="share", metric="share",
                   object="votes", subject="Labour"),
        make_claim("b", "34%", value=34, unit="percent", basis="share", metric="share",
                   object="votes", subject="Conservatives"),
        make_claim("b", "about 60%", value=60, unit="percent", basis="share", metric="turnout",
                   qualifier="about", object="registered voters", subject="Labour"),
    ]
    result = analyse_story("s", [_article("a"), _article("b")], claims, {})
    assert not [f for f in result.findings if f.severity in MUST_LOOK]
    assert len([f for f in result.facts if f.kind == "quantity"]) == 3


def test_one_event_with_dates_that_do_not_overlap_is_a_date_conflict(
        make_claim: Callable[..., Claim]) -> None:
    event: dict[str, Any] = {"kind": "event", "event": "sign ceasefire agreement",
                             "participants": ("Armenia", "Azerbaijan")}
    claims = [
        make_claim("a", "signed a ceasefire agreement in March", period_start="2026-03-01",
                   period_end="2026-03-31", **event),
        make_claim("b", "signed the ceasefire agreement on April 8", period_start="2026-04-08",
                   period_end="2026-04-08", **event),
    ]
    findings = _run([_article("a"), _article("b")], claims)
    dates = [f for f in findings if f.kind == "date_conflict"]
    assert len(dates) == 1 and set(dates[0].article_ids) == {"a", "b"}


def test_syndicated_copies_count_as_one_source(make_claim: Callable[..., Claim]) -> None:
    text = ("The central bank raised its key rate by half a point to 4.75 percent on Thursday, "
            "its third increase this year. Officials said inflation had stayed above target for "
            "eleven months and that further moves would depend on wage data. ")
    original = Article(id="o", url="u1", canonical_url="u1", outlet="Wire", title="Rates",
                       text=text * 2, text_hash="1", published="2026-01-01")
    copy = Article(id="c", url="u2", canonical_url="u2", outlet="Daily", title="Bank lifts rate",
                   text=text * 2 + "Our reporter adds a line.", text_hash="2",
                   published="2026-01-02")
    assert syndicated_copies([copy, original]) == {"c": "o"}
    claims = [make_claim(a, "4.75 percent", value=4.75, unit="percent", basis="absolute",
                         metric="rate", object="key rate", subject="central bank")
              for a in ("o", "c")]
    result = analyse_story("s", [original, copy], claims, syndicated_copies([original, copy]))
    fact = next(f for f in result.facts if f.kind == "quantity")
    assert fact.independent_sources == 1 and fact.status == "single_source"


def test_two_figures_of_one_sentence_are_two_quantities(make_claim: Callable[..., Claim]
                                                        ) -> None:
    common: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "seats",
                              "object": "council seats", "subject": "Greens",
                              "period_start": "2026-05-01", "period_end": "2026-05-31",
                              "sentence": "The Greens won 12 of the 48 council seats in May."}
    claims = [make_claim("a", "12", value=12, **common),
              make_claim("a", "48", value=48, **common)]
    findings = _run([_article("a")], claims)
    assert not [f for f in findings if f.kind in ("value_conflict", "internal_inconsistency")]
    # the same two figures in two sentences of one article do contradict each other (each
    # sentence states the party and the month; "12 of the 48" states a part, compared with
    # nothing: frames.py)
    claims = [make_claim("a", "12", value=12, period_text="May",
                         **{**common, "sentence": "The Greens won 12 council seats in May."}),
              make_claim("a", "48", value=48, period_text="May",
                         **{**common, "sentence": "The Greens won 48 council seats in May."})]
    kinds = {f.kind for f in _run([_article("a", "2026-06-02")], claims)}
    assert {"value_conflict", "internal_inconsistency"} <= kinds


def test_readings_of_a_running_count_on_different_days_are_one_fact(
        make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "deaths",
                              "subject": "Peru"}
    claims = [make_claim("sun", "42 people", value=42, period_start="2026-03-01",
                         period_end="2026-03-01", **common),
              make_claim("mon", "67", value=67, period_start="2026-03-02",
                         period_end="2026-03-02", **common)]
    articles = [_article("sun", "2026-03-01T14:00:00"), _article("mon", "2026-03-02T09:00:00")]
    result = analyse_story("s", articles, claims, {})
    assert [f.kind for f in result.findings if f.kind != "single_source"] == ["update"]
    assert [f.status for f in result.facts] == ["update"]
    # a monthly figure is a different matter: June and July are two facts
    monthly = [make_claim("sun", "42", value=42, period_start="2026-06-01",
                          period_end="2026-06-30", **common),
               make_claim("mon", "67", value=67, period_start="2026-07-01",
                          period_end="2026-07-31", **common)]
    result = analyse_story("s", articles, monthly, {})
    assert len(result.facts) == 2 and not [f for f in result.findings if f.kind == "update"]


def test_places_written_two_ways_are_one_place() -> None:
    from extractor.reconcile.checks import same_place

    assert same_place("Washington", "Washington, D.C.")
    assert same_place("the Hague", "The Hague")
    assert not same_place("Geneva", "London")
    assert not same_place("York", "New York")
    assert not same_place(None, "Paris")


def test_outlets_placing_one_event_in_different_cities_conflict(
        make_claim: Callable[..., Claim]) -> None:
    event: dict[str, Any] = {"kind": "event", "event": "sign trade agreement",
                             "participants": ("Chile", "Japan"), "period_start": "2026-02-10",
                             "period_end": "2026-02-10"}
    claims = [make_claim("a", "signed in Tokyo", place="Tokyo", **event),
              make_claim("b", "signed in Santiago", place="Santiago", **event),
              make_claim("c", "signed in Santiago, Chile", place="Santiago, Chile", **event)]
    findings = _run([_article("a"), _article("b"), _article("c")], claims)
    places = [f for f in findings if f.kind == "place_conflict"]
    # Tokyo against two independent outlets that agree on Santiago
    assert [(f.severity, f.article_ids[0]) for f in places] == [("high", "a")]


def test_a_place_no_other_report_gives_is_a_possible_conflation(
        make_claim: Callable[..., Claim]) -> None:
    """One outlet publishes two reports, only one with the place; a second outlet has none."""
    event: dict[str, Any] = {"kind": "event", "event": "agree fisheries deal",
                             "participants": ("Norway", "United Kingdom")}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30"}
    claims = [
        make_claim("a1", "agreed a fisheries deal in June", **event, **june),
        make_claim("a2", "the fisheries deal agreed in Bergen", place="Bergen", **event),
        make_claim("b1", "agreed the fisheries deal last month", **event, **june),
    ]
    articles = [_article("a1", outlet="Outlet A"), _article("a2", outlet="Outlet A"),
                _article("b1", outlet="Outlet B")]
    places = [f for f in _run(articles, claims) if f.kind == "place_conflict"]
    assert len(places) == 1
    assert places[0].article_ids[0] == "a2" and places[0].severity == "high"
    assert "gives no date for it" in places[0].explanation
    # the same place given with the date the others agree on is only a note
    claims[1] = make_claim("a2", "the fisheries deal agreed in Bergen in June", place="Bergen",
                           **event, **june)
    places = [f for f in _run(articles, claims) if f.kind == "place_conflict"]
    assert [f.severity for f in places] == ["low"]


def test_shares_of_consecutive_months_imply_a_change_in_points(
        make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"metric": "rate", "object": "unemployment rate",
                              "subject": "Spain"}
    may = {"period_start": "2026-05-01", "period_end": "2026-05-31"}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30"}

    def run(points: float) -> list[Finding]:
        claims = [
            make_claim("a", "10.9%", value=10.9, unit="percent", basis="share", **common, **may),
            make_claim("b", "11.4%", value=11.4, unit="percent", basis="share", **common, **june),
            make_claim("b", f"{points} percentage points", value=points,
                       unit="percentage_point", basis="change", direction="up",
                       comparison="mom", **common, **june),
        ]
        return [f for f in _run([_article("a"), _article("b")], claims)
                if f.kind == "arithmetic"]

    assert [f.severity for f in run(0.5)] == ["info"]
    inconsistent = run(1.5)
    assert [f.severity for f in inconsistent] == ["medium"]
    assert "percentage_point" in inconsistent[0].explanation


def test_a_toll_rising_within_one_report_is_an_update(make_claim: Callable[..., Claim]) -> None:
    common: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "deaths",
                              "subject": "Chile"}
    claims = [make_claim("a", "19", value=19, period_start="2026-02-02", period_end="2026-02-02",
                         sentence="On Sunday officials said 19 people had died.", **common),
              make_claim("a", "51", value=51, period_start="2026-02-03", period_end="2026-02-03",
                         sentence="By Monday the toll had risen to 51.", **common)]
    findings = _run([_article("a", "2026-02-03T12:00:00")], claims)
    assert [f.kind for f in findings] == ["update"]


def test_a_sentence_quoted_word_for_word_adds_no_independent_source(
        make_claim: Callable[..., Claim]) -> None:
    wire = ("The ministry said exports of soybeans rose to 8.42 million tonnes in March, "
            "according to the customs office.")
    a = Article(id="a", url="u1", canonical_url="u1", outlet="Wire", title="Soy",
                text=wire + " Prices were stable. Farmers planted early this year.",
                text_hash="1", published="2026-04-10")
    b = Article(id="b", url="u2", canonical_url="u2", outlet="Farm Daily", title="Soy boom",
                text="Farmers in the south are optimistic about the harvest this season. "
                     + wire + " Local growers expect a record crop if the rains hold off. "
                     "Cooperatives have already booked extra storage for the autumn.",
                text_hash="2",
                published="2026-04-11")
    common: dict[str, Any] = {"value": 8.42e6, "unit": "tonne", "basis": "absolute",
                              "metric": "exports", "object": "soybeans", "subject": "Brazil",
                              "period_start": "2026-03-01", "period_end": "2026-03-31",
                              "sentence": wire}
    claims = [make_claim("a", "8.42 million tonnes", **common),
              make_claim("b", "8.42 million tonnes", **common)]
    result = analyse_story("s", [a, b], claims, syndicated_copies([a, b]))
    assert syndicated_copies([a, b]) == {}  # b is not a copy as a whole
    fact = next(f for f in result.facts if f.kind == "quantity")
    assert fact.independent_sources == 1


def test_an_exact_figure_joins_the_fact_nearest_in_value(make_claim: Callable[..., Claim]
                                                         ) -> None:
    """A bare 37,373 (a report that names no owner, as one in another language may) fits both
    the hedged "about 38,400" of the total and the 37,373 stated for one model line; it is the
    same number as the second, so it joins that fact."""
    from extractor.reconcile.align import align_quantities, view

    q2 = {"period_start": "2026-04-01", "period_end": "2026-06-30", "unit": "count",
          "basis": "absolute"}
    total = make_claim("a", "about 38,400", value=38400, qualifier="about", subject="Northwind",
                       metric="deliveries", object="vehicles", **q2)  # the first fact formed
    line = make_claim("b", "37,373", value=37373, subject="Model Line", metric="deliveries",
                      **q2)
    bare = make_claim("c", "37,373", value=37373, **q2)
    groups = align_quantities([view(c, c.article_id) for c in (total, line, bare)])
    together = next(g for g in groups if any(m.claim is bare for m in g.members))
    assert [m.claim for m in together.members] == [line, bare]


def test_a_change_rounded_from_a_rounded_figure_agrees_with_its_levels(
        make_claim: Callable[..., Claim]) -> None:
    """20,137 then 17,422 is a fall of 13.48%, published as 13.5% and then said as "14%":
    a rounding of a rounding, not an inconsistency."""
    common: dict[str, Any] = {"metric": "sales", "object": "vans", "subject": "Norway"}
    may = {"period_start": "2026-05-01", "period_end": "2026-05-31"}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30"}
    claims = [
        make_claim("a", "20,137 vans", value=20137, unit="count", basis="absolute", **common,
                   **may),
        make_claim("b", "17,422 vans", value=17422, unit="count", basis="absolute", **common,
                   **june),
        make_claim("b", "14%", value=-14, unit="percent", basis="change", direction="down",
                   comparison="mom", **common, **june),
    ]
    findings = _run([_article("a"), _article("b")], claims)
    assert [f.severity for f in findings if f.kind == "arithmetic"] == ["info"]


@pytest.mark.parametrize("first", ["a", "z"])
def test_levels_of_one_series_named_two_ways_are_linked_whichever_article_comes_first(
        make_claim: Callable[..., Claim], first: str) -> None:
    """The May level is called "vans" by one outlet and "light trucks" by another (a label
    conflict of its own); the June level "vans": the change is checked against the levels
    whichever of the two May statements sorts first."""
    common: dict[str, Any] = {"metric": "sales", "subject": "Norway", "unit": "count",
                              "basis": "absolute"}
    may = {"period_start": "2026-05-01", "period_end": "2026-05-31"}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30"}
    other = "z" if first == "a" else "a"
    claims = [
        make_claim(first, "2,140 light trucks", value=2140, object="light trucks", **common,
                   **may),
        make_claim(other, "2,140 vans", value=2140, object="vans", **common, **may),
        make_claim("m", "5,510 vans", value=5510, object="vans", **common, **june),
        make_claim("m", "157.5%", value=157.5, unit="percent", basis="change", direction="up",
                   comparison="mom", metric="sales", subject="Norway", object="vans",
                   **june),
    ]
    findings = _run([_article("a"), _article("z"), _article("m")], claims)
    assert [f.severity for f in findings if f.kind == "arithmetic"] == ["info"]
