"""Claims and the record of each article's extraction."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator

import sqlite_utils

from extractor.core.records import ArticleProfile, Claim
from extractor.store.rows import IN_CHUNK, from_row, now, to_row


def replace_claims(
    db: sqlite_utils.Database,
    article_id: str,
    claims: Iterable[Claim],
    *,
    pipeline: str,
    status: str = "ok",
    reason: str | None = None,
    profile: ArticleProfile | None = None,
    reference: str | None = None,
) -> int:
    """Atomically replace an article's claims and profile, and record the extraction (with the
    date an undated article was read against, ``reference``); returns the number of claims."""
    rows = [to_row(c) for c in claims]
    with db.conn:
        db.execute("delete from article_profiles where article_id = ?", [article_id])
        if profile is not None:
            db.execute("insert into article_profiles (article_id, pipeline, language, profile) "
                       "values (?, ?, ?, ?)", [article_id, pipeline, profile.language,
                                               json.dumps({"terms": profile.terms,
                                                           "names": profile.names},
                                                          ensure_ascii=False)])
        db.execute("delete from fact_claims where claim_id in "
                   "(select id from claims where article_id = ?)", [article_id])
        db.execute("delete from claims where article_id = ?", [article_id])
        if rows:
            db.table("claims").insert_all(rows, pk="id", replace=True)
        db.table("extractions").upsert(
            {
                "article_id": article_id,
                "pipeline": pipeline,
                "status": status,
                "reason": reason,
                "n_claims": len(rows),
                "extracted_at": now(),
                "reference": reference,
            },
            pk="article_id",
        )
    return len(rows)


def iter_claims(
    db: sqlite_utils.Database, article_id: str | None = None
) -> Iterator[Claim]:
    where, params = ("article_id = ?", [article_id]) if article_id else (None, [])
    for row in db["claims"].rows_where(where, params, order_by="article_id, start"):
        yield from_row(Claim, row)


_CLAIM_FIELDS = [f.name for f in dataclasses.fields(Claim)]


def claims_by_article(
    db: sqlite_utils.Database, article_ids: Iterable[str]
) -> dict[str, list[Claim]]:
    """The claims of many articles at once, in text order (the reconciler's bulk read)."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, list[Claim]] = {a: [] for a in ids}
    columns = ", ".join(f'"{c}"' for c in _CLAIM_FIELDS)
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        cursor = db.execute(
            f"select {columns} from claims where article_id in ({','.join('?' * len(chunk))}) "
            "order by article_id, start", chunk)
        for values in cursor.fetchall():
            row = dict(zip(_CLAIM_FIELDS, values, strict=True))
            row["participants"] = tuple(json.loads(row["participants"] or "[]"))
            row["qualifier"] = row["qualifier"] or "exact"
            row["sentence_start"] = row["sentence_start"] or 0
            row["confidence"] = 1.0 if row["confidence"] is None else row["confidence"]
            row["pipeline"] = row["pipeline"] or ""
            out[row["article_id"]].append(Claim(**row))
    return out


def profiles_by_article(db: sqlite_utils.Database, article_ids: Iterable[str]
                        ) -> dict[str, ArticleProfile]:
    """The grouping profiles of many articles at once (articles without one are left out)."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, ArticleProfile] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        for article_id, language, raw in db.execute(
            f"select article_id, language, profile from article_profiles where article_id in "
            f"({','.join('?' * len(chunk))})", chunk
        ).fetchall():
            data = json.loads(raw or "{}")
            out[article_id] = ArticleProfile(article_id, language, data.get("terms") or {},
                                             data.get("names") or {})
    return out


def undated_story_dates(db: sqlite_utils.Database
                        ) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """For every undated article in a story with dated articles: (story id, the ids and
    publication times of those dated articles)."""
    out: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for article_id, story_id, other_id, published in db.execute(
        "select sa.article_id, sa.story_id, other.id, other.published from story_articles sa "
        "join articles a on a.id = sa.article_id and a.published is null "
        "join story_articles so on so.story_id = sa.story_id "
        "join articles other on other.id = so.article_id and other.published is not null "
        "order by sa.article_id, other.published"
    ).fetchall():
        out.setdefault(article_id, (story_id, []))[1].append((other_id, published))
    return out


def extraction_references(db: sqlite_utils.Database, article_ids: Iterable[str]
                          ) -> dict[str, str | None]:
    """article id -> the reference its extraction recorded (None: none), for the articles
    extracted without error or skip."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, str | None] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        out.update(db.execute(
            f"select article_id, reference from extractions where status = 'ok' and "
            f"article_id in ({','.join('?' * len(chunk))})", chunk).fetchall())
    return out


def lead_days(db: sqlite_utils.Database, article_ids: Iterable[str], lead_chars: int
              ) -> dict[str, set[str]]:
    """article id -> the single days its claims in the first ``lead_chars`` characters are
    dated by in their own words (period_text set)."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, set[str]] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        for article_id, day in db.execute(
            f"select article_id, period_start from claims where article_id in "
            f"({','.join('?' * len(chunk))}) and field = 'text' and start < ? "
            f"and period_text is not null and period_start = period_end", [*chunk, lead_chars]
        ).fetchall():
            out.setdefault(article_id, set()).add(day)
    return out
