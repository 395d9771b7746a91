"""A database written from hand-made records, so the reports can be tested without the other stages.

Story ``s-trade`` has four articles from four outlets (one a syndicated copy): an agreed figure, a
value conflict, a place conflict on a dated event (the high finding), a single-source figure, and
an article title that holds a ``<script>`` element. Story ``s-lonely`` has one article and no
numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from extractor import store as dbmod
from extractor.core.records import Article, Claim, Fact, Finding, Story

HOSTILE_TITLE = 'Exports <script>window.__pwned = 1; console.error("xss")</script> & "surge"'

TEXTS = {
    "a1": (
        "Widget exports reached 3,188 tonnes in June, customs data showed. "
        "Exports to the US rose 45% from May. "
        "The deal was agreed at a meeting in Oslo on June 12."
    ),
    "a2": (
        "Total widget exports were 3,188 tons in June. "
        "Shipments to the US jumped 54% on the month."
    ),
    "a3": (
        "Widget exports reached 3,188 tonnes in June, customs data showed. "
        "Exports to the US rose 45% from May. "
        "The deal was agreed at a meeting in Oslo on June 12."
    ),
    "a4": (
        "The breakthrough came at talks in Lisbon in June. "
        "The country set a mining quota of 270,000 tons for 2025. "
        "Exports stood at 3,188 tonnes."
    ),
    "a5": "A quiet day at the harbour, with no figures to speak of.",
}


def article(aid: str, outlet: str | None, title: str, published: str | None,
            duplicate_of: str | None = None, url: str | None = None) -> Article:
    text = TEXTS[aid]
    return Article(
        id=aid,
        url=url or f"https://{(outlet or 'news').lower().replace(' ', '')}.example/{aid}",
        canonical_url=url or f"https://{(outlet or 'news').lower().replace(' ', '')}.example/{aid}",
        outlet=outlet,
        title=title,
        text=text,
        text_hash=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        duplicate_of=duplicate_of,
    )


def claim(aid: str, text: str, **fields: Any) -> Claim:
    body = TEXTS[aid]
    start = body.index(text)
    s_start = body.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = body.find(". ", start)
    sentence = body[s_start: len(body) if s_end < 0 else s_end + 1]
    return Claim(
        id=f"{aid}:{start}", article_id=aid, kind=fields.pop("kind", "quantity"), text=text,
        start=start, end=start + len(text), sentence=sentence, sentence_start=s_start, **fields,
    )


def insert_article(db: sqlite_utils.Database, a: Article) -> None:
    db.table("articles").insert(dbmod.to_row(a, exclude=["raw_html"]))


def build(db: sqlite_utils.Database) -> None:
    """Write the two stories of this module's docstring into ``db``."""
    articles = [
        article("a1", "Wire Service", "Widget exports surge in June", "2025-07-20"),
        article("a2", "Daily Planet", HOSTILE_TITLE, "2025-07-21T09:35:00+00:00"),
        article("a3", "Copy Times", "Widget exports surge in June", "2025-07-21", "a1"),
        article("a4", None, "Talks bring relief", None, url="https://www.blog.example/talks"),
        article("a5", "Harbour News", "A quiet day", "2025-07-22"),
    ]
    for a in articles:
        insert_article(db, a)
    tonnes = {"value": 3188.0, "unit": "tonne", "basis": "absolute", "period_start": "2025-06-01",
              "period_end": "2025-06-30"}
    claims = {
        "a1": [claim("a1", "3,188 tonnes", **tonnes),
               claim("a1", "45%", value=45.0, unit="percent", basis="change"),
               claim("a1", "agreed at a meeting in Oslo on June 12", kind="event",
                     event="agree deal", place="Oslo", period_start="2025-06-12",
                     period_end="2025-06-12", period_text="June 12")],
        "a2": [claim("a2", "3,188 tons", **tonnes),
               claim("a2", "54%", value=54.0, unit="percent", basis="change")],
        "a3": [claim("a3", "3,188 tonnes", **tonnes),
               claim("a3", "45%", value=45.0, unit="percent", basis="change"),
               claim("a3", "agreed at a meeting in Oslo on June 12", kind="event",
                     event="agree deal", place="Oslo", period_start="2025-06-12",
                     period_end="2025-06-12", period_text="June 12")],
        "a4": [claim("a4", "talks in Lisbon in June", kind="event", event="agree deal",
                     place="Lisbon", period_start="2025-06-01", period_end="2025-06-30",
                     period_text="June"),
               claim("a4", "270,000 tons", value=270000.0, unit="tonne", basis="absolute",
                     period_start="2025-01-01", period_end="2025-12-31"),
               claim("a4", "3,188 tonnes", value=3188.0, unit="tonne", basis="absolute")],
    }
    for aid, cs in claims.items():
        dbmod.replace_claims(db, aid, cs, pipeline="hand-written")
    dbmod.replace_claims(db, "a5", [], pipeline="hand-written")
    c = {(cl.article_id, cl.text): cl.id for cs in claims.values() for cl in cs}
    trade = Story(
        id="s-trade", title="Widget exports surge after trade deal",
        article_ids=("a1", "a2", "a3", "a4"), independent_sources=3, syndicated=(("a3", "a1"),),
        first_published="2025-07-20", last_published="2025-07-21T09:35:00+00:00",
    )
    facts = [
        Fact(id="f-total", story_id="s-trade", kind="quantity",
             description="widget exports in June", status="agreed", value=3188.0, unit="tonne",
             basis="absolute", period_start="2025-06-01", period_end="2025-06-30",
             claim_ids=(c["a1", "3,188 tonnes"], c["a2", "3,188 tons"], c["a3", "3,188 tonnes"],
                        c["a4", "3,188 tonnes"]),
             article_ids=("a1", "a2", "a3", "a4"), independent_sources=3),
        Fact(id="f-change", story_id="s-trade", kind="quantity",
             description="change in exports to the US, June vs May", status="conflict",
             value=45.0, unit="percent", basis="change",
             claim_ids=(c["a1", "45%"], c["a2", "54%"], c["a3", "45%"]),
             article_ids=("a1", "a2", "a3"), independent_sources=2),
        Fact(id="f-deal", story_id="s-trade", kind="event", description="deal agreed",
             status="conflict", period_start="2025-06-12", period_end="2025-06-12",
             claim_ids=(c["a1", "agreed at a meeting in Oslo on June 12"],
                        c["a3", "agreed at a meeting in Oslo on June 12"],
                        c["a4", "talks in Lisbon in June"]),
             article_ids=("a1", "a3", "a4"), independent_sources=2),
        Fact(id="f-quota", story_id="s-trade", kind="quantity",
             description="mining quota for 2025", status="single_source", value=270000.0,
             unit="tonne", basis="absolute", period_start="2025-01-01", period_end="2025-12-31",
             claim_ids=(c["a4", "270,000 tons"],), article_ids=("a4",), independent_sources=1),
    ]
    findings = [
        Finding(id="fd-change", story_id="s-trade", kind="value_conflict", severity="medium",
                fact_id="f-change", article_ids=("a2", "a1"),
                claim_ids=(c["a2", "54%"], c["a1", "45%"]),
                explanation="Daily Planet says exports to the US rose 54%; Wire Service says 45%.",
                evidence=(TEXTS["a2"].split(". ")[1], "Exports to the US rose 45% from May.")),
        Finding(id="fd-place", story_id="s-trade", kind="place_conflict", severity="high",
                fact_id="f-deal", article_ids=("a4", "a1"),
                claim_ids=(c["a4", "talks in Lisbon in June"],
                           c["a1", "agreed at a meeting in Oslo on June 12"]),
                explanation="blog.example places the June deal in Lisbon; Wire Service in Oslo. "
                            "Possibly two events conflated.",
                evidence=("The breakthrough came at talks in Lisbon in June.",
                          "The deal was agreed at a meeting in Oslo on June 12.")),
        Finding(id="fd-single", story_id="s-trade", kind="single_source", severity="info",
                fact_id="f-quota", article_ids=("a4",), claim_ids=(c["a4", "270,000 tons"],),
                explanation="Only blog.example states the 2025 mining quota.",
                evidence=("The country set a mining quota of 270,000 tons for 2025.",)),
    ]
    dbmod.replace_story(db, trade, facts, findings)
    lonely = Story(id="s-lonely", title="A quiet day", article_ids=("a5",),
                   independent_sources=1, first_published="2025-07-22",
                   last_published="2025-07-22")
    dbmod.replace_story(db, lonely, [], [])


@pytest.fixture
def report_db(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    build(db)
    yield db


@pytest.fixture
def report_db_path(report_db: sqlite_utils.Database, db_path: Path) -> Path:
    return db_path


@dataclass(frozen=True)
class SeedRun:
    """The outcome of `newsclaims run` on the shipped fixture feeds (the seed story)."""

    db_path: Path
    out_dir: Path
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> SeedRun:
    """Run the main job once per session: it loads spaCy, which takes seconds."""
    from click.testing import CliRunner

    from extractor.cli import cli

    base = tmp_path_factory.mktemp("run")
    db_path, out_dir = base / "newsclaims.db", base / "reports"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "run", "--out", str(out_dir)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SeedRun(db_path, out_dir, result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def add_article() -> Any:
    """A function that stores one more article (id, outlet, text) in a database."""

    def add(db: sqlite_utils.Database, aid: str, outlet: str, text: str,
            published: str = "2025-07-23") -> Article:
        TEXTS[aid] = text
        made = article(aid, outlet, f"{outlet} on widget exports", published)
        insert_article(db, made)
        return made

    yield add
    for aid in [k for k in TEXTS if k not in _BUILT_TEXTS]:
        del TEXTS[aid]


_BUILT_TEXTS = frozenset(TEXTS)
