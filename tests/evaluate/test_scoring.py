"""The scores `newsclaims eval --corpus` prints: B-cubed, the baseline, periods, the format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractor.core.errors import ConfigError, InputError
from extractor.core.records import Article
from extractor.evaluate.corpus import load_corpus, period_range
from extractor.evaluate.stories import bcubed, tfidf_baseline

STORIES = Path(__file__).resolve().parents[2] / "fixtures" / "stories"


def test_bcubed_punishes_merging_and_splitting_alike() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = bcubed({"a": "1", "b": "1", "c": "2", "d": "2"}, gold)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    merged = bcubed(dict.fromkeys(gold, "one"), gold)
    assert merged.recall == 1.0 and merged.precision == 0.5
    split = bcubed({k: k for k in gold}, gold)
    assert split.precision == 1.0 and split.recall == 0.5
    assert merged.f1 == pytest.approx(split.f1)


def _article(aid: str, text: str, published: str) -> Article:
    return Article(id=aid, url=f"https://x.example/{aid}", canonical_url=f"https://x.example/{aid}",
                   outlet=None, title=None, text=text, text_hash=aid, published=published)


def test_the_tfidf_baseline_groups_by_shared_words_only() -> None:
    quake = "A powerful earthquake struck the mountain province, killing dozens of villagers."
    quake2 = "Dozens of villagers were killed when a powerful earthquake struck the province."
    budget = "Parliament approved the annual budget after a long debate over taxes and pensions."
    clusters = tfidf_baseline([_article("q1", quake, "2025-01-02"),
                               _article("b1", budget, "2025-01-02"),
                               _article("q2", quake2, "2025-01-03")])
    assert clusters["q1"] == clusters["q2"] != clusters["b1"]


def test_gold_periods_become_day_ranges() -> None:
    assert period_range("2025-06") == (date(2025, 6, 1), date(2025, 6, 30))
    assert period_range("2025-Q2") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_range("2025-H2") == (date(2025, 7, 1), date(2025, 12, 31))
    assert period_range("2025-03-28/2025-03-30") == (date(2025, 3, 28), date(2025, 3, 30))
    assert period_range("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_range(None) is None


def test_the_shipped_corpus_loads_with_its_events_and_languages() -> None:
    corpus = load_corpus(STORIES)
    assert len(corpus.events) >= 14 and len(corpus.articles) >= 80
    assert {a.language for a in corpus.articles} >= {"en", "de", "fr", "es"}
    assert any(others for others in corpus.confusable.values())
    assert all(a.figures for a in corpus.articles)


def test_a_malformed_gold_file_names_the_file_and_entry(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold" / "broken.yaml").write_text("event: broken\narticles:\n  - {id: a}\n")
    with pytest.raises(ConfigError, match=r"broken.yaml: article #1: needs an id and a file"):
        load_corpus(tmp_path)
    with pytest.raises(InputError, match="no gold files"):
        load_corpus(tmp_path / "articles")


@pytest.mark.parametrize(("gold_unit", "gold_value", "unit", "value"), [
    ("year", 10, "decade", 1.0),  # "a decade" labelled in years
    ("decade", 3, "year", 30.0),
    ("basis_point", 25, "percentage_point", 0.25),
])
def test_one_quantity_in_two_units_is_the_same_figure(gold_unit: str, gold_value: float,
                                                      unit: str, value: float) -> None:
    from extractor.core.records import Claim
    from extractor.evaluate.corpus import GoldFigure
    from extractor.evaluate.figures import _same_value

    gold = GoldFigure(text="a decade", value=gold_value, unit=gold_unit, basis="absolute",
                      period=None)
    claim = Claim(id="c", article_id="a", kind="quantity", text="a decade", start=0, end=8,
                  sentence="", value=value, unit=unit)
    assert _same_value(claim, gold)
    assert not _same_value(Claim(id="c", article_id="a", kind="quantity", text="a decade",
                                 start=0, end=8, sentence="", value=value, unit="count"), gold)
