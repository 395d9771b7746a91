"""Stories merged by an article that links them (incrementally), and syndication links."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Article, Claim, stable_id
from extractor.core.settings import load_settings
from extractor.reconcile.run import reconcile
from extractor.reconcile.stories import syndicated_copies

SETTINGS = load_settings()

# A chemical-plant fire: one first report gives the casualty figures, another (a different desk,
# no wording in common) the evacuation and the damage; a follow-up gives all of them.
FIRST = ("Firefighters battled a blaze at the Halvorsen chemical works through the night, and "
         "officials counted 1,347 residents treated for smoke inhalation.")
SECOND = ("Insurers estimated the damage from Tuesday's industrial fire near Brekke at 4.36 "
          "billion kroner, while 12,480 people were kept out of their homes.")
FOLLOW = ("A day after the Halvorsen chemical works fire near Brekke, 1,347 residents had been "
          "treated for smoke inhalation, 12,480 people remained evacuated and insurers put the "
          "damage at 4.36 billion kroner.")


def _article(key: str, published: str, text: str, outlet: str) -> Article:
    url = f"https://news.example/{key}"
    return Article(id=stable_id(url), url=url, canonical_url=url, outlet=outlet,
                   title=text.split(",")[0], text=text,
                   text_hash=hashlib.sha256(text.encode()).hexdigest(), published=published)


def _claim(article: Article, text: str, value: float, unit: str, metric: str) -> Claim:
    start = article.text.index(text)
    return Claim(id=stable_id(article.id, start, text), article_id=article.id, kind="quantity",
                 text=text, start=start, end=start + len(text), sentence=article.text,
                 value=value, unit=unit, basis="absolute", metric=metric)


def _treated(a: Article) -> Claim:
    return _claim(a, "1,347 residents", 1347, "count", "treated")


def _evacuated(a: Article) -> Claim:
    return _claim(a, "12,480 people", 12480, "count", "evacuated")


def _damage(a: Article) -> Claim:
    return _claim(a, "4.36 billion kroner", 4.36e9, "NOK", "damage")


def _groups(db: sqlite_utils.Database) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in dbmod.iter_stories(db)}


def test_an_article_linking_two_stories_merges_them_incrementally(
        db: sqlite_utils.Database, store: Callable[..., Any]) -> None:
    first = _article("first", "2026-03-10", FIRST, "Paper One")
    second = _article("second", "2026-03-10", SECOND, "Paper Two")
    echo = _article("echo", "2026-03-10", SECOND.replace("Insurers", "Analysts"), "Paper Five")
    store(db, [first, second, echo], [_treated(first), _evacuated(second), _damage(second),
                                      _evacuated(echo), _damage(echo)])
    assert reconcile(db, SETTINGS).stories == 2  # nothing in common yet
    before = {s.id: set(s.article_ids) for s in dbmod.iter_stories(db)}
    survivor = next(i for i, ids in before.items() if second.id in ids)  # the larger story

    follow = _article("follow", "2026-03-11", FOLLOW, "Paper Three")
    store(db, [follow], [_treated(follow), _evacuated(follow), _damage(follow)])
    summary = reconcile(db, SETTINGS)
    assert summary.stories == 1 and summary.merged_stories == 1, str(summary)
    assert "1 merged" in str(summary)
    (story,) = list(dbmod.iter_stories(db))
    assert set(story.article_ids) == {first.id, second.id, echo.id, follow.id}
    assert story.id == survivor and story.independent_sources == 4
    # the merged-away story is gone with its facts and findings, the new story's facts hold both
    assert {f.story_id for f in dbmod.iter_facts(db)} == {story.id}
    assert {f.story_id for f in dbmod.iter_findings(db)} <= {story.id}
    treated = next(f for f in dbmod.iter_facts(db) if f.value == 1347)
    assert set(treated.article_ids) == {first.id, follow.id}

    # the moved article's stored placement follows it: a second run has nothing to do, and a
    # full regrouping gives the same story
    again = reconcile(db, SETTINGS)
    assert (again.changed_stories, again.changed_articles, again.merged_stories) == (0, 0, 0)
    assert dbmod.reconcile_inputs(db)[first.id]["story_id"] == story.id
    reconcile(db, SETTINGS, full=True)
    assert _groups(db) == {frozenset({first.id, second.id, echo.id, follow.id})}


def test_a_round_figure_in_common_does_not_merge_stories(
        db: sqlite_utils.Database, store: Callable[..., Any]) -> None:
    first = _article("first", "2026-03-10", FIRST, "Paper One")
    second = _article("second", "2026-03-10", SECOND, "Paper Two")
    store(db, [first, second], [_treated(first), _evacuated(second), _damage(second)])
    reconcile(db, SETTINGS)
    # shares only a distinctive figure with the second story: joins it, leaves the first alone
    text = "Evacuation orders for 12,480 people near Brekke were lifted on Friday, insurers said."
    later = _article("later", "2026-03-13", text, "Paper Four")
    store(db, [later], [_evacuated(later)])
    summary = reconcile(db, SETTINGS)
    assert summary.stories == 2 and summary.merged_stories == 0
    assert frozenset({second.id, later.id}) in _groups(db)


def _wire(article_id: str, published: str, duplicate_of: str | None = None) -> Article:
    text = ("The port authority said container traffic fell for the third month in a row as "
            "shipping lines diverted vessels away from the strait. Dock workers said overtime "
            "shifts had been cancelled and two cranes were idle for most of the week. ") * 2
    return Article(id=article_id, url=f"u/{article_id}", canonical_url=f"u/{article_id}",
                   outlet=f"Outlet {article_id}", title="Port traffic falls", text=text,
                   text_hash=article_id, published=published, duplicate_of=duplicate_of)


def test_an_original_is_never_listed_as_a_copy_of_itself() -> None:
    # the crawler saw the later republication first and linked the earlier original to it
    early = _wire("early", "2026-02-01", duplicate_of="late")
    late = _wire("late", "2026-02-02")
    copies = syndicated_copies([early, late])
    assert copies == {"early": "late"}
    assert all(copy != original for copy, original in copies.items())
    # a chain of links points every copy at the same original, and a cycle has no self-pair
    third = _wire("third", "2026-02-03", duplicate_of="early")
    assert syndicated_copies([early, late, third]) == {"early": "late", "third": "late"}
    loop = [_wire("x", "2026-02-01", duplicate_of="y"), _wire("y", "2026-02-02",
                                                               duplicate_of="x")]
    assert all(c != o for c, o in syndicated_copies(loop).items())


def test_a_stored_story_lists_no_self_copy(db: sqlite_utils.Database,
                                          store: Callable[..., Any]) -> None:
    early = _wire("early", "2026-02-01", duplicate_of="late")
    late = _wire("late", "2026-02-02")
    store(db, [late, early], [])
    reconcile(db, SETTINGS)
    (story,) = list(dbmod.iter_stories(db))
    assert story.syndicated == (("early", "late"),) and story.independent_sources == 1


def _sketch(article_id: str, figures: set[str], title: str = "", lead: str = "",
            entities: frozenset[str] = frozenset()) -> Any:
    from datetime import date

    from extractor.reconcile.stories import ArticleSketch, lead_names

    return ArticleSketch(id=article_id, outlet=article_id, published=date(2026, 3, 10),
                         title=title, lead=lead, figures=frozenset(figures),
                         entities=entities, words=frozenset(), names=lead_names(lead))


def test_a_figure_and_its_rounding_are_one_shared_figure() -> None:
    from extractor.reconcile.stories import StoryIndex

    index = StoryIndex()
    index.add("one", _sketch("a", {"tonne:35598.0", "count:1347.0"}))
    index.add("two", _sketch("b", {"tonne:35598.0", "tonne:35600.0", "EUR:4360000000.0"}))
    # "35,598 tonnes" and "about 35,600 tonnes" are one figure in common with story one: chance
    bridge = _sketch("c", {"tonne:35598.0", "tonne:35600.0", "EUR:4360000000.0"})
    assert index.best_story(bridge) == "two" and index.bridged(bridge, "two") == []
    # two different figures in common are not chance: the stories are one
    link = _sketch("d", {"tonne:35598.0", "count:1347.0", "EUR:4360000000.0"})
    assert index.bridged(link, "two") == ["one"]
    index.merge("one", "two")
    assert index.story_of["a"] == "two" and index.members("two") == ["b", "a"]
    assert index.best_story(_sketch("e", {"count:1347.0", "tonne:35598.0"})) == "two"


def test_lead_names_skip_sentence_openers_and_calendar_words() -> None:
    from extractor.reconcile.stories import lead_names

    lead = ("Health authorities in Lorvia confirmed 312 cases on Monday. The Ministry of "
            "Health said in March that Lorvia's northern province was worst hit.")
    assert lead_names(lead) == {"lorvia", "ministry", "health"}
