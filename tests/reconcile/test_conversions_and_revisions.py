"""Rules added after the e2e stories (tests/e2e): conversions, revised counts, short names,
headline vs body, wire copies credited by their republisher, figures whose unit was misread.

Hand-built claims, so that each rule is checked without the extractor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from extractor.core.records import Article, Claim
from extractor.reconcile.checks import analyse_story
from extractor.reconcile.stories import GroupingIndex, GroupingVector
from extractor.reconcile.syndication import syndicated_copies
from extractor.reconcile.tolerance import UNREAD, read_unit


def _article(article_id: str, text: str, *, published: str = "2026-10-12",
             outlet: str | None = None, title: str = "A headline",
             duplicate_of: str | None = None) -> Article:
    return Article(id=article_id, url=f"https://example.org/{article_id}",
                   canonical_url=f"https://example.org/{article_id}",
                   outlet=outlet or f"Outlet {article_id}", title=title, text=text,
                   text_hash=article_id, published=published, language="en",
                   duplicate_of=duplicate_of)


def _claim(article: Article, text: str, value: float, **fields: Any) -> Claim:
    """A quantity claim at its real offsets in a one-sentence article."""
    where = fields.pop("field", "text")
    body = (article.title or "") if where == "title" else article.text
    start = body.index(text)
    fields.setdefault("basis", "absolute")
    return Claim(id=f"{article.id}-{where}-{start}", article_id=article.id, kind="quantity",
                 text=text, start=start, end=start + len(text), sentence=body,
                 sentence_start=0, value=value, field=where, **fields)


# --------------------------------------------------------------------------- conversions

WIRE = "Damage was estimated at 12.4 billion pesos ($214 million), the council said."
ROUNDED = "The storm caused damage estimated at ₱12.4bn, or roughly $210 million."
SWAPPED = "Damage is now put at 12.4 billion pesos ($124 million), the council said."


def _conversion_story(*texts: str) -> list[Any]:
    articles = [_article(f"a{i}", text, published=f"2026-10-1{i}")
                for i, text in enumerate(texts)]
    claims = []
    for a in articles:
        peso = next(t for t in ("12.4 billion pesos", "₱12.4bn") if t in a.text)
        usd = next(t for t in ("roughly $210 million", "$214 million", "$124 million")
                   if t in a.text)
        # the extractor reads "₱" as a count: an unread unit matches any
        claims.append(_claim(a, peso, 12.4e9, unit="PHP" if "pesos" in peso else "count",
                             metric="damage"))
        claims.append(_claim(a, usd, float(usd.split("$")[1].split()[0]) * 1e6, unit="USD",
                             metric="damage", qualifier="about" if "roughly" in usd else "exact"))
    return analyse_story("s", articles, claims, {}).findings


def test_a_conversion_that_disagrees_is_a_value_conflict_odd_first() -> None:
    findings = _conversion_story(WIRE, ROUNDED, SWAPPED)
    (value,) = [f for f in findings if f.kind == "value_conflict"]
    assert value.severity == "medium" and value.article_ids[0] == "a2"
    assert value.explanation.startswith("Odd one out: Outlet a2 converts \"12.4 billion pesos\" "
                                        "into \"$124 million\", while 2 independent sources")
    assert len(value.evidence) == len(value.claim_ids)


def test_conversions_that_round_agree() -> None:
    findings = _conversion_story(WIRE, ROUNDED)
    assert not [f for f in findings if f.severity in ("high", "medium")]


def test_two_figures_that_are_not_a_conversion_are_not_compared() -> None:
    # "12.4 billion pesos in damage and $124 million in lost exports": not one amount twice
    other = "Damage reached 12.4 billion pesos and exports lost $124 million, officials said."
    a, b = _article("a", WIRE), _article("b", other)
    claims = [_claim(a, "12.4 billion pesos", 12.4e9, unit="PHP"),
              _claim(a, "$214 million", 214e6, unit="USD"),
              _claim(b, "12.4 billion pesos", 12.4e9, unit="PHP"),
              _claim(b, "$124 million", 124e6, unit="USD")]
    findings = analyse_story("s", [a, b], claims, {}).findings
    assert not [f for f in findings if f.kind == "value_conflict"]


# --------------------------------------------------------------------------- revised counts


def _toll(article_id: str, text: str, figure: str, value: float, published: str,
          **fields: Any) -> tuple[Article, Claim]:
    a = _article(article_id, text, published=published)
    return a, _claim(a, figure, value, unit="count", metric="deaths", subject="Typhoon Koji",
                     **fields)


def test_a_count_revised_upwards_over_three_days_is_an_update() -> None:
    # "at least 23" admits 58: the rule must not let it join the later figure against the middle
    a, c1 = _toll("a", "Typhoon Koji killed at least 23 people.", "at least 23", 23,
                  "2026-10-12", qualifier="at_least")
    b, c2 = _toll("b", "The toll from Typhoon Koji rose to 41.", "41", 41, "2026-10-13")
    c, c3 = _toll("c", "Typhoon Koji has killed 58 people.", "58", 58, "2026-10-14")
    findings = analyse_story("s", [a, b, c], [c1, c2, c3], {}).findings
    assert not [f for f in findings if f.severity in ("high", "medium")]
    (update,) = [f for f in findings if f.kind == "update"]
    assert set(update.article_ids) == {"a", "b", "c"} and update.severity == "info"


def test_same_day_reports_of_a_running_count_are_ordered_by_their_times() -> None:
    # morning 23 in Manila (+08:00) is 01:30 UTC; evening 31 in London is 17:00 UTC the same day:
    # by the day alone they would be one moment stating two disagreeing values
    a, c1 = _toll("a", "Typhoon Koji killed 23 people.", "23", 23, "2026-10-12T09:30:00+08:00")
    b, c2 = _toll("b", "The toll from Typhoon Koji rose to 31.", "31", 31,
                  "2026-10-12T18:00:00+01:00")
    findings = analyse_story("s", [a, b], [c1, c2], {}).findings
    assert not [f for f in findings if f.severity in ("high", "medium")]
    assert [f for f in findings if f.kind == "update"]


def test_a_morning_report_that_is_later_in_utc_is_not_an_update_of_the_evening_one() -> None:
    # 31 at 18:00+01:00 (17:00 UTC) then 23 at 09:30-08:00 (17:30 UTC): the smaller is later
    a, c1 = _toll("a", "The toll from Typhoon Koji rose to 31.", "31", 31,
                  "2026-10-12T18:00:00+01:00")
    b, c2 = _toll("b", "Typhoon Koji killed 23 people.", "23", 23, "2026-10-12T09:30:00-08:00")
    findings = analyse_story("s", [a, b], [c1, c2], {}).findings
    assert not [f for f in findings if f.kind == "update"]


def test_a_later_smaller_count_is_not_an_update() -> None:
    a, c1 = _toll("a", "Typhoon Koji killed 58 people.", "58", 58, "2026-10-12")
    b, c2 = _toll("b", "The toll from Typhoon Koji stands at 41.", "41", 41, "2026-10-14")
    findings = analyse_story("s", [a, b], [c1, c2], {}).findings
    assert not [f for f in findings if f.kind == "update"]
    (value,) = [f for f in findings if f.kind == "value_conflict"]
    assert set(value.article_ids) == {"a", "b"}


# --------------------------------------------------------------------------- names, headlines


def test_a_short_name_is_its_article_s_full_name_and_a_headline_is_checked_against_its_body(
) -> None:
    odd = _article("a", "Halvern Pharmaceuticals is recalling 1.43 million bottles.",
                   title="Halvern recalls 4.3 million bottles", published="2026-03-11")
    other = _article("b", "Halvern Pharmaceuticals pulled roughly 1.43 million bottles this "
                     "week.", published="2026-03-12")
    fields = {"unit": "count", "metric": "bottles", "object": "bottles"}
    claims = [_claim(odd, "4.3 million", 4.3e6, field="title", subject="Halvern", **fields),
              _claim(odd, "1.43 million", 1.43e6, subject="Halvern Pharmaceuticals", **fields),
              # another outlet dates the figure ("this week"): the fact takes that period, the
              # headline and its body state none, and are still compared with each other
              _claim(other, "roughly 1.43 million", 1.43e6, subject="Halvern Pharmaceuticals",
                     qualifier="about", period_start="2026-03-09", period_end="2026-03-15",
                     period_text="this week", **fields)]
    findings = analyse_story("s", [odd, other], claims, {}).findings
    (inside,) = [f for f in findings if f.kind == "internal_inconsistency"]
    assert inside.article_ids == ("a",) and "in its headline and its text" in inside.explanation
    (value,) = [f for f in findings if f.kind == "value_conflict"]
    assert set(value.article_ids) == {"a", "b"}
    # the description names the party in full, as the article writes it
    assert "Halvern Pharmaceuticals" in value.explanation


def test_short_names_are_not_read_across_articles() -> None:
    a = _article("a", "Lorvia exported 1,250 tonnes.")
    b = _article("b", "Lorvia Mining exported 1,520 tonnes.")
    fields = {"unit": "tonne", "metric": "exports"}
    claims = [_claim(a, "1,250 tonnes", 1250, subject="Lorvia", **fields),
              _claim(b, "1,520 tonnes", 1520, subject="Lorvia Mining", **fields)]
    findings = analyse_story("s", [a, b], claims, {}).findings
    assert not [f for f in findings if f.kind == "value_conflict"]


# --------------------------------------------------------------------------- stories


WIRE_TEXT = ("Typhoon Koji made landfall in Aurora province on Sunday, killing at least 23 people "
             "and forcing 118,000 people from their homes, disaster officials said on Monday. "
             "Damage to crops and infrastructure was estimated at 12.4 billion pesos.")


def test_a_republisher_crediting_the_wire_is_the_copy_whatever_the_crawler_linked() -> None:
    # same day, no time: the crawler fetched the copy first and marked the wire as its duplicate
    wire = _article("w", WIRE_TEXT, outlet="Asia Wire", duplicate_of="r")
    copy = _article("r", f"(Asia Wire) {WIRE_TEXT}", outlet="Luzon Ledger")
    assert syndicated_copies([wire, copy]) == {"r": "w"}
    assert syndicated_copies([copy, wire]) == {"r": "w"}


def test_dates_decide_before_credits() -> None:
    wire = _article("w", WIRE_TEXT, outlet="Asia Wire", published="2026-10-13")
    copy = _article("r", f"(Asia Wire) {WIRE_TEXT}", outlet="Luzon Ledger",
                    published="2026-10-12")
    # the earlier page is the original even if it names the other outlet
    assert syndicated_copies([wire, copy]) == {"w": "r"}


def _vector(article_id: str, words: set[str], names: set[str], figures: set[str],
            day: str = "2026-10-12") -> GroupingVector:
    return GroupingVector(article_id, "en", day, {f"w:en:{w}": 1.0 for w in words},
                          {f"n:{n}": 2.0 for n in names}, {f"f:{f}": 1.0 for f in figures})


def test_a_shared_actor_and_figure_join_a_story_but_a_figure_alone_does_not() -> None:
    storm = {"typhoon", "landfall", "province", "evacuation", "damage", "winds"}
    figures = {"PHP:12400000000.0", "count:23.0", "kmh:185.0"}
    index = GroupingIndex()
    index.place(_vector("a", storm, {"typhoon koji", "luzon"}, figures), "one")
    # the same actors, words and amounts: the same story
    assert index.place(_vector("b", storm, {"typhoon koji", "luzon"}, figures), "two")[0] \
        == "one"
    # the amount alone, about another matter with other actors, is no evidence of one event
    water = {"budget", "utility", "tariff", "customers", "pipes", "regulator"}
    assert index.place(_vector("c", water, {"manila water"}, {"PHP:12400000000.0",
                                                               "count:4.0"}), "three")[0] \
        == "three"


def test_a_currency_sign_beside_a_count_leaves_its_unit_unread() -> None:
    a = _article("a", ROUNDED)
    sign_outside = replace(_claim(a, "₱12.4bn", 12.4e9, unit="count"), text="12.4bn")
    sign_outside = replace(sign_outside, start=sign_outside.start + 1)
    assert read_unit(sign_outside) == UNREAD
    assert read_unit(_claim(a, "₱12.4bn", 12.4e9, unit="count")) == UNREAD
    assert read_unit(_claim(a, "$210 million", 210e6, unit="USD")) == "USD"
    b = _article("b", "Officials counted 12,400 people in shelters.")
    assert read_unit(_claim(b, "12,400", 12400, unit="count")) == "count"
    assert read_unit(_claim(b, "12,400", 12400)) is None  # no unit written is not unread


def test_a_value_conflict_puts_the_side_fewer_sources_give_first() -> None:
    a, c1 = _toll("a", "Typhoon Koji killed 58 people.", "58", 58, "2026-10-12")
    b, c2 = _toll("b", "Typhoon Koji has killed 58 people.", "58", 58, "2026-10-12")
    c, c3 = _toll("c", "The toll from Typhoon Koji stands at 41.", "41", 41, "2026-10-14")
    findings = analyse_story("s", [a, b, c], [c1, c2, c3], {}).findings
    (value,) = [f for f in findings if f.kind == "value_conflict"]
    assert value.article_ids[0] == "c" and value.claim_ids[0] == c3.id
    assert value.explanation.startswith("Odd one out: Outlet c (1 independent source; 2 give")


def _count(article_id: str, text: str, figure: str, obj: str) -> tuple[Article, Claim]:
    a = _article(article_id, text)
    return a, _claim(a, figure, 118000, unit="count", object=obj, subject="Typhoon Koji")


def test_two_labels_one_outlet_gives_a_figure_itself_are_its_names_for_one_thing() -> None:
    a = _article("a", "The Koji outbreak has grown to 1,240 cases.")
    b = _article("b", "1,240 cases, and counting. The latest tally put it at 1,240 infections.")
    common: dict[str, Any] = {"unit": "count", "metric": "outbreak", "subject": "Koji"}
    claims = [_claim(a, "1,240", 1240, object="cases", **common),
              _claim(b, "1,240", 1240, object="cases", **common),
              Claim(id="b-second", article_id="b", kind="quantity", text="1,240",
                    start=b.text.rindex("1,240"), end=b.text.rindex("1,240") + 5,
                    sentence=b.text, value=1240, basis="absolute", object="infections",
                    **common)]
    findings = analyse_story("s", [a, b], claims, {}).findings
    assert not [f for f in findings if f.kind == "mislabelled_object"]


def test_a_count_of_people_given_as_things_by_one_outlet_is_a_note() -> None:
    a, c1 = _count("a", "Typhoon Koji forced 118,000 people from their homes.", "118,000",
                   "people")
    b, c2 = _count("b", "Typhoon Koji displaced 118,000 people.", "118,000", "people")
    c, c3 = _count("c", "Typhoon Koji destroyed 118,000 homes.", "118,000", "homes")
    findings = analyse_story("s", [a, b, c], [c1, c2, c3], {}).findings
    (note,) = [f for f in findings if f.kind == "mislabelled_object"]
    assert note.severity == "low" and note.article_ids[0] == "c"
    assert note.explanation.startswith('Odd one out: Outlet c gives "118,000" for "homes", while '
                                       '2 independent sources count people')
    # as many outlets naming the thing as saying "people" is no note: "people" may only be
    # less specific
    findings = analyse_story("s", [a, c], [c1, c3], {}).findings
    assert not [f for f in findings if f.kind == "mislabelled_object"]
