"""Two unseen multi-outlet stories (a drug recall, a typhoon) through the whole CLI.

fixtures/e2e/<story>/ holds the pages, feeds and gold file; conftest.py serves them on 127.0.0.1
and runs `crawl --feeds`, `extract`, `reconcile`, `stories` and `report --format json` once. What
is asserted is what a fact-checker relies on: one story per event, wire copies not counted as
confirmation, the planted errors found with the right kind and outlet at fault, the planted
non-conflicts (roundings, hedges, unit spellings, revised tolls) never flagged. Planted cases the
pipeline cannot catch yet (see the e2e report) are not asserted here.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractor import store as dbmod
from extractor.core.records import Finding
from extractor.evaluate.findings import article_map, score_findings

# the session's run (tests/e2e/conftest.py: E2ERun): db, CLI results, JSON report, gold files
E2ERun = Any
MUST_LOOK = ("high", "medium")


def _ids(run: E2ERun, story: str) -> dict[str, str]:
    """Gold article key ("C0") -> database article id."""
    return article_map(run.db, run.golds[story])


def _findings(run: E2ERun, story: str) -> list[Finding]:
    ids = set(_ids(run, story).values())
    return [f for f in dbmod.iter_findings(run.db) if set(f.article_ids) & ids]


def _claims(run: E2ERun, finding: Finding) -> list[Any]:
    by_id = {c.id: c for c in dbmod.iter_claims(run.db)}
    return [by_id[c] for c in finding.claim_ids if c in by_id]


def test_the_cli_crawled_every_page_over_http(e2e: E2ERun) -> None:
    crawl = e2e.results["crawl"].output
    assert "11 feeds read" in crawl and "0 errors" in crawl, crawl
    for story in e2e.golds:
        ids = _ids(e2e, story)  # raises if a gold page is missing from the database
        assert len(ids) == len(e2e.golds[story]["articles"])
    assert "0 errors" in e2e.results["extract"].output


@pytest.mark.parametrize("story", ["cardivex-recall", "typhoon-koji"])
def test_each_event_is_one_story(e2e: E2ERun, story: str) -> None:
    ids = set(_ids(e2e, story).values())
    holding = [s for s in dbmod.iter_stories(e2e.db) if set(s.article_ids) & ids]
    assert len(holding) == 1, [s.title for s in holding]
    assert set(holding[0].article_ids) == ids  # and nothing from the other story
    # `newsclaims stories` shows the two stories with their article and source counts
    listing = e2e.results["stories"].output
    assert listing.strip().endswith("2 stories"), listing
    line = next(x for x in listing.splitlines() if x.startswith(holding[0].id))
    assert f"{len(ids)} articles" in line and f"{holding[0].independent_sources} sources" in line


@pytest.mark.parametrize(("story", "copy", "original", "sources"),
                         [("cardivex-recall", "C1", "C0", 5), ("typhoon-koji", "T1", "T0", 4)])
def test_the_wire_copy_is_not_an_independent_source(e2e: E2ERun, story: str, copy: str,
                                                    original: str, sources: int) -> None:
    ids = _ids(e2e, story)
    (s,) = [s for s in dbmod.iter_stories(e2e.db) if ids[original] in s.article_ids]
    # the republisher credits the wire ("first published by ...") and is published later the same
    # day; whichever page the crawler fetched first, the copy points at the original
    assert s.syndicated == ((ids[copy], ids[original]),)
    assert s.independent_sources == sources
    stories = {r["id"]: r for r in e2e.report["stories"]}
    assert stories[s.id]["independent_sources"] == sources
    # (the report also lists the crawler's own duplicate link, which may point the other way when
    # the crawler fetched the copy first: a known gap of the report/crawler stages, not asserted)
    assert {"copy": ids[copy], "original": ids[original]} in stories[s.id]["syndicated"]
    # no fact counts the copy as a second outlet: at most one source per original outlet
    outlet = {a.id: a.outlet for a in dbmod.iter_articles(e2e.db)}
    article_of = {c.id: c.article_id for c in dbmod.iter_claims(e2e.db)}
    for fact in dbmod.iter_facts(e2e.db):
        if fact.story_id == s.id:
            arts = {article_of[c] for c in fact.claim_ids}
            originals = {outlet[ids[original] if a == ids[copy] else a] for a in arts}
            assert fact.independent_sources <= len(originals), fact.description


@pytest.mark.parametrize(("story", "found", "notes"), [
    ("cardivex-recall", {"bottles_called_patients", "recall_misdated", "headline_bottles"},
     set()),
    # the homes/people mislabel is a note (low): "people" names no particular thing
    ("typhoon-koji", {"usd_damage_digits", "landfall_place_date"}, {"displaced_called_homes"}),
])
def test_planted_conflicts_are_found_and_nothing_else(e2e: E2ERun, story: str,
                                                      found: set[str], notes: set[str]) -> None:
    score = score_findings(e2e.db, e2e.golds[story])
    assert found <= set(score.found), score.lines()
    assert notes <= set(score.notes), score.lines()
    assert score.precision == 1.0 and not score.false_alarms, score.lines()
    assert not score.non_conflicts_flagged, score.lines()


def test_a_mislabelled_figure_names_the_odd_outlet_first(e2e: E2ERun) -> None:
    ids = _ids(e2e, "cardivex-recall")
    (label,) = [f for f in _findings(e2e, "cardivex-recall") if f.kind == "mislabelled_object"]
    assert label.severity == "medium" and label.article_ids[0] == ids["C4"]
    assert label.explanation.startswith("Odd one out: The Morning Post")
    assert '"patients"' in label.explanation and '"bottles"' in label.explanation
    assert len(label.evidence) == len(label.claim_ids)
    odd = _claims(e2e, label)[0]
    assert odd.article_id == ids["C4"] and odd.text == "1.43 million"


def test_people_counted_as_homes_is_a_note_naming_the_odd_outlet(e2e: E2ERun) -> None:
    ids = _ids(e2e, "typhoon-koji")
    (note,) = [f for f in _findings(e2e, "typhoon-koji") if f.kind == "mislabelled_object"]
    assert note.severity == "low" and note.article_ids[0] == ids["T4"]
    assert note.explanation.startswith('Odd one out: Weather Desk gives "118,000" for "homes"')


def test_a_misdated_announcement_is_a_date_conflict(e2e: E2ERun) -> None:
    ids = _ids(e2e, "cardivex-recall")
    (date,) = [f for f in _findings(e2e, "cardivex-recall") if f.kind == "date_conflict"]
    assert ids["C4"] in date.article_ids and date.severity in MUST_LOOK
    assert "3 March 2026" in date.explanation and "10 March 2026" in date.explanation


def test_a_landfall_moved_a_day_and_a_province_is_a_high_date_conflict(e2e: E2ERun) -> None:
    ids = _ids(e2e, "typhoon-koji")
    (date,) = [f for f in _findings(e2e, "typhoon-koji") if f.kind == "date_conflict"]
    # the outlet alone against two independent reports that agree on the date: high, odd first
    assert date.severity == "high" and date.article_ids[0] == ids["T3"]
    assert {ids["T0"], ids["T2"]} <= set(date.article_ids)
    assert date.explanation.startswith("Odd one out: Island Times dates this event 10 October "
                                       "2026 and places it in Isabela province, while 2 "
                                       "independent sources date it 11 October 2026 and place "
                                       "it in Aurora province")
    assert len(date.evidence) == len(date.claim_ids)


def test_a_headline_contradicting_its_body_is_internal(e2e: E2ERun) -> None:
    ids = _ids(e2e, "cardivex-recall")
    (inside,) = [f for f in _findings(e2e, "cardivex-recall")
                 if f.kind == "internal_inconsistency"]
    assert inside.article_ids == (ids["C5"],)
    assert "in its headline and its text" in inside.explanation
    assert "Halvern recalls 4.3 million bottles of Cardivex" in inside.evidence
    # and across outlets it is a value conflict against the 1.43 million everyone else gives
    (value,) = [f for f in _findings(e2e, "cardivex-recall") if f.kind == "value_conflict"]
    assert value.article_ids[0] == ids["C5"] and ids["C0"] in value.article_ids
    assert value.explanation.startswith("Odd one out: Evening Courier")
    assert {c.text for c in _claims(e2e, value)} >= {"4.3 million", "1,430,000"}


def test_a_conversion_with_swapped_digits_is_a_value_conflict(e2e: E2ERun) -> None:
    ids = _ids(e2e, "typhoon-koji")
    (value,) = [f for f in _findings(e2e, "typhoon-koji") if f.kind == "value_conflict"]
    assert value.severity == "medium" and value.article_ids[0] == ids["T3"]
    assert value.explanation.startswith("Odd one out: Island Times converts")
    texts = [c.text for c in _claims(e2e, value)]
    assert texts[0] == "$124 million" and "$214 million" in texts
    # the rounded conversion ("roughly $210 million") sides with the wire, not with the odd one
    assert "roughly $210 million" in texts
    assert ids["T1"] not in value.article_ids[:1]


def test_a_toll_revised_over_three_days_is_an_update(e2e: E2ERun) -> None:
    ids = _ids(e2e, "typhoon-koji")
    findings = _findings(e2e, "typhoon-koji")
    updates = [f for f in findings if f.kind == "update"
               and {ids["T0"], ids["T2"], ids["T3"]} <= set(f.article_ids)]
    assert len(updates) == 1 and updates[0].severity == "info"
    values = {c.value for c in _claims(e2e, updates[0])}
    assert {23, 41, 58} <= values
    # none of the three counts is reported as a conflict
    for f in findings:
        if f.severity in MUST_LOOK:
            assert not {c.value for c in _claims(e2e, f)} & {23, 41, 58}, f.explanation


def test_roundings_and_hedges_agree(e2e: E2ERun) -> None:
    """about 1.4 million / roughly 1.43 million / 1,430,000; more than 4,000 / 4,212;
    about 13 / 12.6 points; roughly $210 million / $214 million; 185 km/h / kilometres per hour:
    one fact each, no finding."""
    facts = [f for f in dbmod.iter_facts(e2e.db) if f.kind == "quantity"]
    by_id = {c.id: c for c in dbmod.iter_claims(e2e.db)}

    def fact_with(text: str) -> set[str]:
        (fact,) = [f for f in facts if any(by_id[c].text == text for c in f.claim_ids)]
        return {by_id[c].text for c in fact.claim_ids}

    assert {"roughly 1.43 million", "1,430,000"} <= fact_with("roughly 1.43 million")
    assert {"More than 4,000", "4,212"} <= fact_with("More than 4,000")
    assert {"about 13 points", "12.6 points"} <= fact_with("about 13 points")
    assert {"roughly $210 million", "$214 million"} <= fact_with("roughly $210 million")
    # unit spellings: "km/h" and "kilometres per hour"
    assert {"up to 185 km/h", "185 kilometres per hour"} <= fact_with("up to 185 km/h")
    # every finding a fact-checker must look at holds one of the planted errors (the roundings
    # and hedges may be quoted as the agreeing side, never found at fault on their own)
    # ("rose 150%" / "grew 2.5-fold" and "$1.2 billion" / "$1.2bn" are planted non-conflicts too;
    # the extractor gives them different subjects, so they are not asserted as one fact)
    planted = {"1.43 million patients", "4.3 million bottles", "$124 million", "on March 3",
               "in Isabela province"}
    for f in dbmod.iter_findings(e2e.db):
        if f.severity in MUST_LOOK:
            said = " ".join(by_id[c].sentence for c in f.claim_ids)
            assert any(p in said for p in planted), f.explanation


def test_the_json_report_carries_the_findings(e2e: E2ERun) -> None:
    stored = {f.id: f for f in dbmod.iter_findings(e2e.db)}
    reported = [f for s in e2e.report["stories"] for f in s["findings"]]
    assert {f["id"] for f in reported} == set(stored)
    for f in reported:
        assert f["kind"] == stored[f["id"]].kind and f["severity"] == stored[f["id"]].severity
        assert len(f["evidence"]) == len(f["claim_ids"])
    for s in e2e.report["stories"]:
        must = [f for f in s["findings"] if f["severity"] in MUST_LOOK]
        assert s["findings_by_severity"]["high"] + s["findings_by_severity"]["medium"] == len(must)


def test_a_second_reconcile_changes_nothing(e2e: E2ERun) -> None:
    from click.testing import CliRunner

    from extractor.cli import cli

    before = sorted(f.id for f in dbmod.iter_findings(e2e.db))
    db_path = e2e.db.conn.execute("pragma database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["--db", db_path, "reconcile"])
    assert result.exit_code == 0, result.output
    assert "0 recomputed, 0 new or changed articles" in result.output
    assert sorted(f.id for f in dbmod.iter_findings(e2e.db)) == before
