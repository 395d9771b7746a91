"""Recall with precision kept: the story's occurrence dated or measured otherwise by one outlet,
a distinctive figure one outlet mistypes, a figure given another period that headlines confirm.
Each story is written for the test, in news style, from other places and numbers than the
corpus."""

from __future__ import annotations

from typing import Any

from extractor.core.records import Article, Claim, Finding
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.frames import names_other_period
from extractor.reconcile.syndication import syndicated_copies

MUST_LOOK = ("high", "medium")
_N = iter(range(10**6))


def _article(article_id: str, *, published: str | None = "2026-05-06T10:00:00+00:00",
             title: str | None = None) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}",
                   outlet=f"Outlet {article_id}", title=title or f"Title {article_id}",
                   text=f"Text of {article_id}.", text_hash=article_id, published=published)


def _claim(article: str, sentence: str, text: str, *, at: int = 0, **fields: Any) -> Claim:
    """A claim whose offsets point at ``text`` inside ``sentence`` (sentence at offset ``at``)."""
    start = sentence.index(text)
    fields.setdefault("kind", "quantity")
    return Claim(id=f"o{next(_N)}", article_id=article, text=text, start=at + start,
                 end=at + start + len(text), sentence=sentence, sentence_start=at, **fields)


def _event(article: str, sentence: str, text: str, event: str, day: str, when: str, *,
           at: int = 0) -> Claim:
    return _claim(article, sentence, text, at=at, kind="event", event=event, period_start=day,
                  period_end=day, period_text=when)


def _run(articles: list[Article], claims: list[Claim]) -> list[Finding]:
    return analyse_story("s", articles, claims, syndicated_copies(articles)).findings


def _looked(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in MUST_LOOK]


# --------------------------------------------------------------------------- occurrence dates

S1 = "An explosion ripped through a fertiliser plant outside Lindau on Tuesday, killing four."
S2 = "The blast hit the plant shortly after 6 a.m. on Tuesday, the fire service said."
S3 = "The explosion struck on Monday morning, officials said."


def _explosion_claims() -> list[Claim]:
    return [
        _event("a", S1, "An explosion ripped through a fertiliser plant outside Lindau on Tuesday",
               "explosion rip plant", "2026-05-05", "on Tuesday"),
        _event("b", S2, "The blast hit the plant shortly after 6 a.m. on Tuesday",
               "blast hit plant", "2026-05-05", "on Tuesday"),
        _event("c", S3, "The explosion struck on Monday", "explosion strike", "2026-05-04",
               "on Monday", at=200),
    ]


def test_one_outlet_dating_the_storys_explosion_on_another_day_is_a_high_date_conflict(
) -> None:
    """"An explosion ripped through a plant on Tuesday" (lead), "The blast hit the plant on
    Tuesday", "The explosion struck on Monday": three wordings of one occurrence, one outlet
    off by a day."""
    found = [f for f in _looked(_run([_article(x) for x in "abc"], _explosion_claims()))
             if f.kind == "date_conflict"]
    assert len(found) == 1, found
    assert found[0].severity == "high" and found[0].article_ids[0] == "c"
    assert "Odd one out" in found[0].explanation and "2 independent sources" in \
        found[0].explanation


def test_another_explosion_of_the_story_is_not_dated_against_the_storys() -> None:
    """A second blast, an indefinite one later in a report, and one two years before are other
    occurrences of the kind: no outlet contradicts the story's date."""
    second = "A second blast hit the site on Thursday as crews searched the rubble."
    later = "Firefighters said an explosion hit a nearby depot on Wednesday."
    past = "The explosion that struck the same plant on 3 March 2024 injured two."
    others = [
        _event("c", second, "A second blast hit the site on Thursday", "blast hit site",
               "2026-05-07", "on Thursday", at=90),
        _event("c", later, "an explosion hit a nearby depot on Wednesday", "explosion hit depot",
               "2026-05-06", "on Wednesday", at=300),
        _event("c", past, "The explosion that struck the same plant on 3 March 2024",
               "explosion strike plant", "2024-03-03", "on 3 March 2024", at=150),
    ]
    lead = _claim("c", "Rescuers searched the site.", "Rescuers", at=0, value=1.0, unit="count")
    for other in others:
        # each alone is one outlet's only statement of an explosion, away from the others' day
        found = _run([_article(x) for x in "abc"], [*_explosion_claims()[:2], lead, other])
        assert not [f for f in _looked(found) if f.kind == "date_conflict"], (other, found)


# --------------------------------------------------------------------------- occurrence measure

Q1 = "A magnitude 6.8 earthquake struck southern Kelvia early on Sunday, officials said."
Q2 = "A magnitude 6.8 quake shook the port city of Orvo on Sunday."
Q3 = "The 6.8-magnitude quake was centred near Orvo at a depth of 12 km."
Q4 = "The magnitude 8.6 earthquake struck on Sunday, flattening homes across the valley."


def _quake_claims(odd: str = Q4, odd_source: str | None = None) -> list[Claim]:
    sunday = {"period_start": "2026-05-03", "period_end": "2026-05-03", "period_text": "on Sunday"}
    mag: dict[str, Any] = {"unit": "magnitude", "basis": "absolute"}
    odd_text = "8.6" if "8.6" in odd else "7.4"
    return [
        _event("a", Q1, "A magnitude 6.8 earthquake struck southern Kelvia early on Sunday",
               "earthquake strike", "2026-05-03", "on Sunday"),
        _claim("a", Q1, "6.8", value=6.8, metric="strikes", **mag, **sunday),
        _event("b", Q2, "A magnitude 6.8 quake shook the port city of Orvo on Sunday",
               "quake shake city", "2026-05-03", "on Sunday"),
        _claim("b", Q2, "6.8", value=6.8, metric="shakes", **mag, **sunday),
        _claim("c", Q3, "6.8-magnitude", value=6.8, metric="quake", at=120, **mag),
        _event("d", odd, f"The magnitude {odd_text} earthquake struck on Sunday",
               "earthquake strike", "2026-05-03", "on Sunday", at=80),
        _claim("d", odd, odd_text, value=float(odd_text), metric="strikes", at=80,
               source=odd_source, **mag, **sunday),
    ]


def _quake_articles() -> list[Article]:
    return [_article("a", published="2026-05-03T08:00:00+00:00"),
            _article("b", published="2026-05-03T09:00:00+00:00"),
            _article("c", published="2026-05-04T09:00:00+00:00"),
            _article("d", published="2026-05-03T12:00:00+00:00")]


def test_a_magnitude_one_outlet_mistypes_is_a_high_value_conflict() -> None:
    """"A magnitude 6.8 earthquake struck ... on Sunday" (two leads), "The 6.8-magnitude quake
    was centred near Orvo", "The magnitude 8.6 earthquake struck on Sunday": one quake, one
    magnitude, whatever verb each sentence gives it."""
    found = [f for f in _looked(_run(_quake_articles(), _quake_claims()))
             if f.kind == "value_conflict"]
    assert len(found) == 1, found
    assert found[0].severity == "high" and found[0].article_ids[0] == "d"
    assert "magnitude of 8.6" in found[0].explanation and "6.8" in found[0].explanation


def test_two_agencies_magnitudes_and_a_first_reading_are_not_a_conflict() -> None:
    """"7.4, according to the Kelvian Seismology Centre" against the USGS's 6.8 is two
    measurements; a 7.4 reported before every 6.8 is a first reading, since revised."""
    usgs = [c if c.kind != "quantity" else
            Claim(**{**c.__dict__, "source": "USGS"}) for c in _quake_claims()]
    agency = "The magnitude 7.4 earthquake struck on Sunday, the Kelvian Seismology Centre said."
    claims = [*usgs[:5], *_quake_claims(agency, "Kelvian Seismology Centre")[5:]]
    assert not [f for f in _looked(_run(_quake_articles(), claims))
                if f.kind == "value_conflict"]
    early = [*_quake_articles()[:3], _article("d", published="2026-05-03T06:00:00+00:00")]
    assert not [f for f in _looked(_run(early, _quake_claims()))
                if f.kind == "value_conflict"]


# --------------------------------------------------------------------------- slips of the pen


def _attendance(texts: dict[str, str]) -> tuple[list[Article], list[Claim]]:
    claims = []
    for article, sentence in texts.items():
        figure = next(w.rstrip("%,") + "%" for w in sentence.split() if w[0].isdigit())
        claims.append(_claim(article, sentence, figure, value=float(figure[:-1]), unit="percent",
                             basis="absolute", subject="Attendance", period_start="2026-05-02",
                             period_end="2026-05-02", period_text="Saturday"))
    return [_article(a) for a in texts], claims


def test_a_distinctive_figure_one_outlet_mistypes_is_high_without_its_owner_named() -> None:
    """"Attendance reached 71.6%, the highest since records began in 1998" twice, "Attendance
    was 76.1%": the statements name only what is measured, not whose it is, yet two digits
    swapped in a three-digit figure are one figure mistyped."""
    articles, claims = _attendance({
        "a": "Attendance reached 71.6%, the highest since records began in 1998.",
        "b": "Attendance stood at 71.6%, the organisers said.",
        "c": "Attendance was 76.1%, the highest since records began.",
    })
    found = [f for f in _looked(_run(articles, claims)) if f.kind == "value_conflict"]
    assert len(found) == 1 and found[0].severity == "high", found
    assert found[0].article_ids[0] == "c" and "slip of the pen" in found[0].explanation


def test_an_uncorroborated_or_round_slip_is_no_finding() -> None:
    """One outlet against one is no odd one out; "72%" against "27%" is no distinctive
    figure."""
    one, claims = _attendance({"a": "Attendance reached 71.6%, the organisers said.",
                               "c": "Attendance was 76.1%, the organisers said."})
    assert not _looked(_run(one, claims))
    articles, claims = _attendance({"a": "Attendance reached 72%, the organisers said.",
                                    "b": "Attendance stood at 72%, the league said.",
                                    "c": "Attendance was 27%, the club said."})
    assert not [f for f in _looked(_run(articles, claims)) if "slip" in f.explanation]


def test_a_period_another_figure_owns_or_a_comparison_names_is_not_the_figures() -> None:
    sentence = "Attendance stays at 71.6%, the highest since 1998 and above the 64.2% of 2019."
    assert not names_other_period(sentence, ["2019"])
    assert names_other_period("In 2019 attendance stood at 71.6%.")


# --------------------------------------------------------------------------- misdated figures


def test_a_figure_given_another_period_is_found_through_a_headlines_words() -> None:
    """"Exports rose by 12,400 tonnes in May" where a headline ("Copper export growth slows to
    12,400 tonnes in June") and a body sentence give the figure to June, and another outlet
    gives May 9,800 tonnes."""
    fields: dict[str, Any] = {"unit": "tonne", "basis": "change"}
    may = {"period_start": "2026-05-01", "period_end": "2026-05-31", "period_text": "in May"}
    june = {"period_start": "2026-06-01", "period_end": "2026-06-30", "period_text": "in June"}
    headline = "Copper export growth slows to 12,400 tonnes in June"
    claims = [
        _claim("a", "Exports rose by 12,400 tonnes in May, customs data showed.", "12,400 tonnes",
               value=12400, metric="exports", **fields, **may),
        _claim("b", headline, "12,400 tonnes", value=12400, metric="growth",
               object="copper export growth", field="title", **fields, **june),
        _claim("c", "Exports rose by 12,400 tonnes in June.", "12,400 tonnes", value=12400,
               metric="exports", **fields, **june),
        _claim("d", "Exports rose by 9,800 tonnes in May.", "9,800 tonnes", value=9800,
               metric="exports", **fields, **may),
    ]
    articles = [_article("a"), _article("b", title=headline), _article("c"), _article("d")]
    found = [f for f in _run(articles, claims) if f.kind == "attribution_conflict"]
    assert len(found) == 1 and found[0].severity == "high", found
    assert found[0].article_ids[0] == "a" and "June 2026's" in found[0].explanation
    # without the headline, one outlet gives June the figure: no odd one out
    assert not [f for f in _run(articles, [c for c in claims if c.article_id != "b"])
                if f.kind == "attribution_conflict"]


# --------------------------------------------------------------------------- updates


def test_an_undated_report_restating_a_dated_figure_does_not_stop_an_update() -> None:
    """"Kelvia counted 534 injured" on Monday, "Kelvia counted nearly 1,000 injured" on Tuesday,
    and an undated review quoting Kelvia's 956: a running count revised, not a conflict."""
    fields: dict[str, Any] = {"unit": "count", "basis": "absolute", "metric": "injuries",
                              "subject": "Kelvia"}
    texts = {"a": ("Kelvia counted 534 injured, its ministry said.", "534"),
             "b": ("Kelvia counted nearly 1,000 injured by Tuesday evening.", "nearly 1,000"),
             "c": ("In its final count Kelvia recorded 956 injured.", "956")}
    claims = [_claim(a, s, t, value=float(t.split()[-1].replace(",", "")),
                     qualifier="nearly" if "nearly" in t else "exact", **fields)
              for a, (s, t) in texts.items()]
    articles = [_article("a", published="2026-05-04T08:00:00+00:00"),
                _article("b", published="2026-05-05T20:00:00+00:00"),
                _article("c", published=None)]
    found = _run(articles, claims)
    assert not _looked(found), found
    assert [f.kind for f in found if f.kind == "update"] == ["update"]
