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
