"""Syndication: each copy/original pair once, in the reconciler's direction."""

from __future__ import annotations

import json

import sqlite_utils

from extractor import store as dbmod
from extractor.core import records
from extractor.report import render


def _story(db: sqlite_utils.Database, links: dict[str, str | None],
           syndicated: tuple[tuple[str, str], ...]) -> None:
    """Articles w1 (published at 09:00), w2 (18:00) and w3, with the crawler's links given."""
    published = {"w1": "2026-10-12T09:00:00+02:00", "w2": "2026-10-12T18:00:00+02:00",
                 "w3": "2026-10-13", "elsewhere": "2026-10-01"}
    for aid in published:
        text = f"The toll rose to {23 if aid == 'w1' else 31} in the valley, officials said."
        db.table("articles").insert(dbmod.to_row(records.Article(
            id=aid, url=f"https://{aid}.example/a", canonical_url=f"https://{aid}.example/a",
            outlet=f"Outlet {aid}", title=f"Toll rises ({aid})", text=text, text_hash=aid,
            published=published[aid]), exclude=["raw_html"]))
        dbmod.replace_claims(db, aid, [], pipeline="t")
    for aid, dup in links.items():  # after every article exists (duplicate_of is a foreign key)
        db.execute("update articles set duplicate_of = ? where id = ?", [dup, aid])
    dbmod.replace_story(db, records.Story(
        id="s", title="Valley flood", article_ids=tuple(links), independent_sources=2,
        syndicated=syndicated), [], [])


def test_pair_linked_both_ways_is_shown_once_as_the_reconciler_has_it(
    db: sqlite_utils.Database,
) -> None:
    # The crawler fetched the morning report second and linked it to the evening copy; the
    # reconciler, ordering by publication, says the evening one (w2) copies the morning one.
    _story(db, {"w1": "w2", "w2": None, "w3": None}, (("w2", "w1"),))
    story = json.loads(render(db, "json"))["stories"][0]
    assert story["syndicated"] == [{"copy": "w2", "original": "w1"}]
    # the crawler's own link stays visible on the article itself
    assert {a["id"]: a["duplicate_of"] for a in story["articles"]}["w1"] == "w2"
    md = render(db, "md")
    sources = md.split("### Sources and syndication")[1]
    assert "(copy of Outlet w1)" in sources and "(copy of Outlet w2)" not in sources
    # articles in publication order, each with its time on the outlet's clock
    assert sources.index("Outlet w1") < sources.index("Outlet w2") < sources.index("Outlet w3")
    assert "2026-10-12 09:00 +02:00" in sources and "2026-10-12 18:00 +02:00" in sources


def test_crawler_link_the_reconciler_does_not_mention_is_kept(
    db: sqlite_utils.Database,
) -> None:
    # A story reconciled before its copy list existed: the crawler's link is all there is.
    _story(db, {"w1": None, "w2": "w1", "w3": "elsewhere"}, ())
    story = json.loads(render(db, "json"))["stories"][0]
    # w3's original is not in the story: nothing to point at in the report
    assert story["syndicated"] == [{"copy": "w2", "original": "w1"}]
