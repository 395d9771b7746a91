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
from extractor.reconcile.syndication import syndicated_copies

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


def _vector(article_id: str, words: set[str], names: set[str], figures: set[str],
            day: str | None) -> Any:
    from extractor.reconcile.stories import GroupingVector

    return GroupingVector(article_id, "en", day, {f"w:en:{w}": 1.0 for w in words},
                          {f"n:{n}": 1.0 for n in names}, {f"f:{f}": 1.0 for f in figures})


def test_an_undated_report_resembling_two_stories_does_not_join_them_across_a_month() -> None:
    """The same actor's two monthly releases stay apart even when an undated article reads like
    both (the confusable events of the issue: two releases of one statistic)."""
    from extractor.reconcile.stories import GroupingIndex

    words = {"payrolls", "employers", "unemployment", "hiring", "labor", "economists"}
    names = {"bureau of labor statistics", "federal reserve", "washington"}
    index = GroupingIndex()
    july, _ = index.place(_vector("j1", words, names, {"count:73000.0"}, "2025-08-01"), "july")
    index.place(_vector("j2", words, names, {"count:73000.0"}, "2025-08-02"), "july-2")
    august, _ = index.place(_vector("a1", words, names, {"count:22000.0"}, "2025-09-05"), "aug")
    assert july == "july" and august == "aug"  # five weeks apart: a new story
    undated = _vector("u", words, names, {"count:22000.0", "count:73000.0"}, None)
    story, folds = index.place(undated, "u")
    assert folds == [] and story in ("july", "aug")


def test_names_are_compared_without_case_accents_articles_or_possessives() -> None:
    from extractor.core.names import name_key

    assert name_key("l'Espagne") == name_key("Espagne") == "espagne"
    assert name_key("Red Eléctrica") == "red electrica"
    assert name_key("Spain's") == "spain"
    assert name_key("O'Brien") == "o'brien"
    assert name_key("  ") is None


def test_the_fallback_profile_reads_names_inside_sentences_not_sentence_openers() -> None:
    from extractor.reconcile.stories import fallback_profile

    article = _article("l", "2026-03-10", "Health authorities in Lorvia confirmed 312 cases. "
                       "Officials in Brekke said the Halvorsen clinic was worst hit.", "Paper")
    names = fallback_profile(article).names["body"]
    assert {"lorvia", "brekke", "halvorsen"} <= set(names)
    assert "health" not in names and "officials" not in names
