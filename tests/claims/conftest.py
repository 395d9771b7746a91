"""Fixtures of the claims stage: the real spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from spacy.language import Language

from extractor import store as dbmod
from extractor.claims.nlp import load, make_doc
from extractor.core.records import Article, Claim, stable_id

ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load()


@pytest.fixture(scope="session")
def claims_of(nlp: Language) -> Callable[..., list[Claim]]:
    """The claims the pipeline finds in a text (published on ``published``)."""

    def run(text: str, published: str | None = "2025-07-21") -> list[Claim]:
        return list(nlp(make_doc(nlp, text, published=published))._.claims)

    return run


def make_article(text: str, *, name: str = "a", published: str | None = "2025-07-21",
                 language: str | None = "en", title: str | None = None) -> Article:
    url = f"https://news.example.org/{name}"
    return Article(
        id=stable_id(url), url=url, canonical_url=url, outlet="Example News", title=title,
        text=text, text_hash=stable_id(text, length=40), published=published,
        language=language,
    )


def store(db: sqlite_utils.Database, article: Article) -> Article:
    db.table("articles").insert(dbmod.to_row(article, exclude=["raw_html"]), pk="id", replace=True)
    return article


# Publication days for the tests of weekdays and relative dates: a Monday, Tuesday, Wednesday.
MON, TUE, WED = "2026-10-12", "2026-10-13", "2026-10-14"


def q(claims: list[Claim], text: str) -> Claim:
    """The first quantity claim whose text holds ``text`` ("$500 million" finds "about $500
    million"); fails naming the claims found."""
    found = [c for c in claims if c.kind == "quantity" and text in c.text]
    assert found, f"no quantity claim with {text!r}: {[c.text for c in claims]}"
    return found[0]


def q_exact(claims: list[Claim], text: str) -> Claim:
    """The first quantity claim whose text is ``text`` and nothing more ("41" is not "at least
    41"): for tests where a longer figure holding the same digits must not stand in."""
    return next(c for c in claims if c.kind == "quantity" and c.text == text)


def events(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind == "event"]
