"""Stories, facts and findings, and what the reconciler last saw of each article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from extractor.core.records import Fact, Finding, Story
from extractor.store.rows import IN_CHUNK, from_row, insert_rows, now, to_row


def iter_stories(db: sqlite_utils.Database) -> Iterator[Story]:
    members: dict[str, list[str]] = {}
    for row in db.execute(
        "select story_id, article_id from story_articles order by story_id, rowid"
    ).fetchall():
        members.setdefault(row[0], []).append(row[1])
    for row in db["stories"].rows_where(order_by="first_published, id"):
        row = dict(row)
        row["article_ids"] = json.dumps(members.get(row["id"], []))
        yield from_row(Story, row)


def iter_facts(db: sqlite_utils.Database, story_id: str | None = None) -> Iterator[Fact]:
    where, params = ("story_id = ?", [story_id]) if story_id else (None, [])
    for row in db["facts"].rows_where(where, params, order_by="story_id, rowid"):
        yield from_row(Fact, row)


_SEVERITY_ORDER = (
    "case severity when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end"
)


def iter_findings(db: sqlite_utils.Database, story_id: str | None = None) -> Iterator[Finding]:
    where, params = ("story_id = ?", [story_id]) if story_id else (None, [])
    for row in db["findings"].rows_where(
        where, params, order_by=f"story_id, {_SEVERITY_ORDER}, rowid"
    ):
        yield from_row(Finding, row)


def replace_story(
    db: sqlite_utils.Database,
    story: Story,
    facts: Iterable[Fact],
    findings: Iterable[Finding],
) -> None:
    """Atomically write one story with its membership, facts and findings (replacing old ones)."""
    facts = list(facts)
    with db.conn:
        old_facts = [r[0] for r in db.execute(
            "select id from facts where story_id = ?", [story.id]).fetchall()]
        if old_facts:
            marks = ",".join("?" * len(old_facts))
            db.execute(f"delete from fact_claims where fact_id in ({marks})", old_facts)
        db.execute("delete from facts where story_id = ?", [story.id])
        db.execute("delete from findings where story_id = ?", [story.id])
        db.table("stories").upsert(
            {**to_row(story, exclude=["article_ids"]), "updated_at": now()}, pk="id"
        )
        db.execute("delete from story_articles where story_id = ?", [story.id])
        db.table("story_articles").upsert_all(
            [{"story_id": story.id, "article_id": a} for a in story.article_ids],
            pk="article_id",
        )
        if facts:
            db.table("facts").insert_all([to_row(f) for f in facts], pk="id", replace=True)
            db.table("fact_claims").insert_all(
                [{"fact_id": f.id, "claim_id": c} for f in facts for c in f.claim_ids],
                pk=("fact_id", "claim_id"),
                replace=True,
            )
        rows = [to_row(f) for f in findings]
        if rows:
            db.table("findings").insert_all(rows, pk="id", replace=True)


def reconcile_inputs(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """What the reconciler last saw of each article: article id -> {story_id, digest}."""
    return {
        row[0]: {"article_id": row[0], "story_id": row[1], "digest": row[2]}
        for row in db.execute("select article_id, story_id, digest from reconcile_inputs")
    }


def input_rows(db: sqlite_utils.Database, article_ids: Iterable[str]
               ) -> dict[str, dict[str, Any]]:
    """The reconcile_inputs rows of some articles, with their grouping sketch."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        for row in db.execute(
            f"select article_id, story_id, digest, sketch from reconcile_inputs "
            f"where article_id in ({','.join('?' * len(chunk))})", chunk
        ).fetchall():
            out[row[0]] = dict(zip(("article_id", "story_id", "digest", "sketch"), row,
                                   strict=True))
    return out


def input_sketches(db: sqlite_utils.Database, article_ids: Iterable[str]) -> dict[str, str]:
    """The grouping sketch (JSON) the reconciler last saw of each of some articles."""
    return {a: r["sketch"] for a, r in input_rows(db, article_ids).items() if r["sketch"]}


def article_digests(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Each article with what decides whether the reconciler must look at it again."""
    for row in db.execute(
        "select a.id, a.published, a.text_hash, a.duplicate_of, e.pipeline, e.extracted_at, "
        "e.n_claims from articles a left join extractions e on e.article_id = a.id "
        "order by coalesce(a.published, a.fetched_at, ''), a.id"
    ).fetchall():
        yield dict(zip(("id", "published", "text_hash", "duplicate_of", "pipeline",
                        "extracted_at", "n_claims"), row, strict=True))


def clear_reconciliation(db: sqlite_utils.Database) -> None:
    """Forget every story, fact and finding (for a full re-run)."""
    with db.conn:
        for table in ("fact_claims", "findings", "facts", "story_articles", "reconcile_inputs",
                      "stories", "term_df", "story_profiles", "story_keys"):
            db.execute(f"delete from {table}")
        db.execute("delete from meta where key = 'grouping_documents'")


def delete_story(db: sqlite_utils.Database, story_id: str) -> None:
    """Remove a story that no longer has articles, with its facts and findings."""
    with db.conn:
        db.execute("delete from fact_claims where fact_id in "
                   "(select id from facts where story_id = ?)", [story_id])
        for table in ("findings", "facts", "story_articles"):
            db.execute(f"delete from {table} where story_id = ?", [story_id])
        db.execute("delete from stories where id = ?", [story_id])


def story_counts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One row per story: title, articles, independent sources, findings by severity."""
    rows = db.execute(
        "select s.id, s.title, s.independent_sources, s.first_published, s.last_published, "
        "(select count(*) from story_articles sa where sa.story_id = s.id), "
        "(select count(*) from findings f where f.story_id = s.id), "
        "(select count(*) from findings f where f.story_id = s.id and f.severity = 'high'), "
        "(select count(*) from findings f where f.story_id = s.id and f.severity = 'medium') "
        "from stories s order by s.first_published, s.id"
    ).fetchall()
    keys = ("id", "title", "independent_sources", "first_published", "last_published",
            "articles", "findings", "high", "medium")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def write_stories(
    db: sqlite_utils.Database,
    stories: Iterable[tuple[Story, Iterable[Fact], Iterable[Finding]]],
    inputs: Iterable[dict[str, Any]] = (),
) -> None:
    """Replace many stories (membership, facts, findings) and record the reconciler's inputs,
    in one transaction: the bulk form of :func:`replace_story`, with a few statements per batch
    instead of a dozen per story."""
    batch = [(s, list(fa), list(fi)) for s, fa, fi in stories]
    ids = [[s.id] for s, _, _ in batch]
    stamp = now()
    with db.conn:
        db.conn.executemany("delete from fact_claims where fact_id in "
                            "(select id from facts where story_id = ?)", ids)
        for table in ("facts", "findings", "story_articles"):
            db.conn.executemany(f"delete from {table} where story_id = ?", ids)
        db.conn.executemany("delete from story_articles where article_id = ?",
                            [[a] for s, _, _ in batch for a in s.article_ids])
        insert_rows(db, "stories", [{**to_row(s, exclude=["article_ids"]), "updated_at": stamp}
                                     for s, _, _ in batch])
        insert_rows(db, "story_articles", [{"story_id": s.id, "article_id": a}
                                            for s, _, _ in batch for a in s.article_ids])
        insert_rows(db, "facts", [to_row(f) for _, facts, _ in batch for f in facts])
        insert_rows(db, "fact_claims", [{"fact_id": f.id, "claim_id": c}
                                         for _, facts, _ in batch for f in facts
                                         for c in f.claim_ids])
        insert_rows(db, "findings", [to_row(f) for _, _, findings in batch for f in findings])
        insert_rows(db, "reconcile_inputs", [{**r, "reconciled_at": stamp} for r in inputs])


def story_members(db: sqlite_utils.Database, story_ids: Iterable[str]) -> dict[str, list[str]]:
    """story id -> its article ids, for many stories at once."""
    ids = list(dict.fromkeys(story_ids))
    out: dict[str, list[str]] = {s: [] for s in ids}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        for story_id, article_id in db.execute(
            f"select story_id, article_id from story_articles where story_id in "
            f"({','.join('?' * len(chunk))}) order by rowid", chunk
        ).fetchall():
            out[story_id].append(article_id)
    return out


def counts(db: sqlite_utils.Database) -> dict[str, Any]:
    """How many articles, stories, grouped articles and facts there are, and findings by
    severity (``findings``: severity -> count)."""
    findings = dict(db.execute("select severity, count(*) from findings group by severity")
                    .fetchall())
    return {"articles": db["articles"].count, "stories": db["stories"].count,
            "grouped": db["story_articles"].count, "facts": db["facts"].count,
            "findings": findings}


def article_states(db: sqlite_utils.Database) -> list[tuple[str, str | None, bool]]:
    """(article id, pipeline of its extraction or None, whether it is in a story)."""
    return [(str(a), p, bool(m)) for a, p, m in db.execute(
        "select a.id, e.pipeline, (select 1 from story_articles s where s.article_id = a.id) "
        "from articles a left join extractions e on e.article_id = a.id").fetchall()]
