"""The report as JSON, in the versioned schema of ``report.schema.json`` (beside this module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.core.records import Article, Claim, Finding
from extractor.report.data import StoryReport, outlet_of

__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "load_schema", "render_json", "report_payload"]

# Major.minor: the minor number grows when fields are added (old readers keep working), the
# major number when a field is removed, renamed or changes meaning. Keep in step with the schema.
SCHEMA_VERSION = "1.2"
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "outlet": outlet_of(article),
        # the language of the text (ISO 639-1): the quotes are its original sentences
        "language": article.language,
        "title": article.title,
        "published": article.published,
        "author": article.author,
        "duplicate_of": article.duplicate_of,
    }


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "kind": claim.kind,
        "value": claim.value,
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "text": claim.text,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "field": claim.field,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "event": claim.event,
        "place": claim.place,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "severity": finding.severity,
        "fact_id": finding.fact_id,
        "article_ids": list(finding.article_ids),
        "claim_ids": list(finding.claim_ids),
        "explanation": finding.explanation,
        "evidence": list(finding.evidence),
    }


def _story(report: StoryReport) -> dict[str, Any]:
    story = report.story
    facts = []
    for view in report.facts:
        fact = view.fact
        facts.append({
            "id": fact.id,
            "kind": fact.kind,
            "description": fact.description,
            "value": fact.value,
            "unit": fact.unit,
            "basis": fact.basis,
            "period_start": fact.period_start,
            "period_end": fact.period_end,
            "status": fact.status,
            "independent_sources": fact.independent_sources,
            "claims": [_claim(c) for c in view.claims],
        })
    return {
        "id": story.id,
        "title": story.title,
        "independent_sources": story.independent_sources,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "syndicated": [{"copy": c, "original": o} for c, o in report.duplicates().items()],
        "findings_by_severity": report.severity_counts(),
        "articles": [_article(a) for a in report.articles],
        "findings": [_finding(f) for f in report.findings],
        "facts": facts,
    }


def report_payload(reports: list[StoryReport], *, generated_at: str | None) -> dict[str, Any]:
    """The report as plain data; ``generated_at=None`` leaves the time out (for fingerprints)."""
    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"newsclaims {__version__}",
    }
    if generated_at is not None:
        payload["generated_at"] = generated_at
    payload["stories"] = [_story(r) for r in reports]
    return payload


def render_json(reports: list[StoryReport], *, generated_at: str) -> str:
    payload = report_payload(reports, generated_at=generated_at)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
