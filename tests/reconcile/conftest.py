"""Fixtures of the reconcile tests: the seed articles as records, and hand-written claims for them.

The hand-written claims (fixtures/seed_claims.handwritten.jsonl) follow the Claim contract; they let
the reconciler's rules be tested without the extractor. The gold test runs on real extracted claims.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Article, Claim, stable_id
from extractor.reconcile.describe import entity_phrase, period_phrase, possessive

HERE = Path(__file__).resolve().parent
HAND_CLAIMS = HERE / "fixtures" / "seed_claims.handwritten.jsonl"
# The seeds' own dates where their text shows one (as the gold file records them).
SEED_DATES = {"000": "2025-07-21", "002": "2025-07-20"}
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")

CLAIM_FIELDS = {"value", "unit", "basis", "direction", "comparison", "qualifier", "metric",
                "object", "subject", "counterpart", "source", "event", "place", "period_start",
                "period_end"}


def month_period(period: str) -> tuple[str, str]:
    """'2025-06' -> ('2025-06-01', '2025-06-30'); '2025' -> the year; a full date -> that day."""
    import calendar

    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    if len(period) == 7:
        y, m = int(period[:4]), int(period[5:])
        return f"{period}-01", f"{period}-{calendar.monthrange(y, m)[1]:02d}"
    return period, period


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence of text holding [start, end), with its offset."""
    s = 0
    for m in _BOUNDARY.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return text[s:m.start()], s
    return text[s:], s


def seed_article(path: Path, key: str, *, outlet: str | None = None) -> Article:
    text = path.read_text(encoding="utf-8")
    # the headline: the first line of five words or more that is not a dateline ("Posted on
    # 2025-07-21 09:35:00")
    title = next(line.strip() for line in text.splitlines()
                 if len(line.split()) >= 5 and not re.search(r"\d{4}-\d{2}-\d{2}", line))
    url = path.resolve().as_uri()
    return Article(
        id=stable_id(url), url=url, canonical_url=url, outlet=outlet, title=title, text=text,
        text_hash=hashlib.sha256(text.encode()).hexdigest(), published=SEED_DATES.get(key),
        language="en",
    )


def claims_from_spec(articles: dict[str, Article], specs: list[dict[str, Any]]) -> list[Claim]:
    """Claims with offsets and sentences computed from each spec's anchor in its article."""
    out = []
    for spec in specs:
        article = articles[spec["article"]]
        # "field": "title" claims index into the headline (the Claim contract's Claim.field)
        where = spec.get("field", "text")
        body = (article.title or "") if where == "title" else article.text
        anchor_at = body.index(spec["anchor"])
        start = body.index(spec["text"], anchor_at)
        end = start + len(spec["text"])
        if where == "title":
            sentence, sentence_start = body, 0
        else:
            sentence, sentence_start = sentence_around(body, start, end)
        fields = {k: v for k, v in spec.items() if k in CLAIM_FIELDS}
        if "period" in spec:
            fields["period_start"], fields["period_end"] = month_period(spec["period"])
        kind = spec.get("kind", "quantity")
        out.append(Claim(
            id=stable_id(article.id, start, end, kind) if where == "text" else stable_id(
                article.id, where, start, end, kind), article_id=article.id, kind=kind,
            text=spec["text"], start=start, end=end, sentence=sentence,
            sentence_start=sentence_start, participants=tuple(spec.get("participants", ())),
            pipeline="handwritten", field=where, **fields,
        ))
    return out


@pytest.fixture
def reconciled_manifest(db_path: Path) -> Callable[[Path], sqlite_utils.Database]:
    """Ingest, extract and reconcile a manifest's articles with the real chain, into ``db_path``."""
    return lambda manifest: _reconciled(db_path, manifest)


def _reconciled(db_path: Path, manifest: Path) -> sqlite_utils.Database:
    from extractor.claims.extract import extract_pending
    from extractor.core.settings import load_settings
    from extractor.crawl.ingest import ingest_paths
    from extractor.reconcile.run import reconcile

    settings = load_settings(db_path=db_path)
    database = dbmod.open_db(db_path)
    ingest_paths(database, settings, [manifest])
    extract_pending(database, settings)
    reconcile(database, settings)
    return database


def load_specs(path: Path = HAND_CLAIMS) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for s in (json.loads(line) for line in lines if line.strip()) if "article" in s]


@pytest.fixture(scope="session")
def seed_articles(seeds_dir: Path) -> dict[str, Article]:
    return {p.name[:3]: seed_article(p, p.name[:3]) for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def hand_claims(seed_articles: dict[str, Article]) -> list[Claim]:
    return claims_from_spec(seed_articles, load_specs())


def store_records(db: sqlite_utils.Database, articles: list[Article], claims: list[Claim]
                  ) -> None:
    """Store articles and their claims as the crawler and the extractor would."""
    for article in articles:
        dbmod.save_article(db, article)
    for article in articles:
        dbmod.replace_claims(db, article.id, [c for c in claims if c.article_id == article.id],
                             pipeline="handwritten")


@pytest.fixture
def hand_db(db: sqlite_utils.Database, seed_articles: dict[str, Article],
            hand_claims: list[Claim]) -> sqlite_utils.Database:
    store_records(db, list(seed_articles.values()), hand_claims)
    return db


@pytest.fixture
def store() -> Callable[[sqlite_utils.Database, list[Article], list[Claim]], None]:
    """Store articles and claims as the crawler and the extractor would."""
    return store_records


@pytest.fixture
def make_claim() -> Callable[..., Claim]:
    """A quantity claim with sensible defaults, for rule tests."""
    counter = iter(range(10**6))

    def make(article_id: str = "a1", text: str = "353 tonnes", **fields: Any) -> Claim:
        n = next(counter)
        fields.setdefault("kind", "quantity")
        if "sentence" in fields:
            sentence = fields.pop("sentence")
        else:
            # a sentence that states what the claim says: its party, measure, thing and period
            # in its own words, as a news sentence does (the reconciler reads claims' frames
            # from their sentences: extractor/reconcile/frames.py)
            if fields.get("period_start") and "period_text" not in fields:
                fields["period_text"] = period_phrase(fields["period_start"],
                                                      fields.get("period_end"))
            who = (possessive(entity_phrase(fields["subject"])) + " "
                   if fields.get("subject") else "")
            what = " ".join(str(fields[k]) for k in ("metric", "object") if fields.get(k))
            when = f" in {fields['period_text']}" if fields.get("period_text") else ""
            sentence = f"Sentence {n}: {who}{what or 'figure'} was {text}{when}."
        start = max(sentence.find(text), 0)
        return Claim(id=f"c{n}", article_id=article_id, text=text, start=start,
                     end=start + len(text), sentence=sentence, **fields)

    return make


@pytest.fixture
def gold(gold_path: Path) -> Iterator[dict[str, Any]]:
    import yaml

    with gold_path.open(encoding="utf-8") as fh:
        yield yaml.safe_load(fh)


@pytest.fixture
def seed_findings_claims(seed_articles: dict[str, Article], hand_claims: list[Claim]
                         ) -> tuple[list[Any], list[Claim], dict[str, str]]:
    """Findings of the seed story from the hand-written claims, the claims, id -> seed key."""
    from extractor.reconcile.checks import analyse_story
    from extractor.reconcile.syndication import syndicated_copies

    articles = list(seed_articles.values())
    findings = analyse_story("s", articles, hand_claims, syndicated_copies(articles)).findings
    return findings, hand_claims, {a.id: key for key, a in seed_articles.items()}
