"""Wording shared by the renderers: labels for facts, claims and findings, evidence, links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

from ..records import Article, Claim, Fact, Finding
from .data import StoryReport, outlet_of

__all__ = [
    "CELL_MARK",
    "CELL_WORD",
    "Evidence",
    "claim_value",
    "compact_period",
    "evidence_of",
    "fact_period",
    "kind_label",
    "one_line",
    "plural",
    "quote_link",
    "story_summary",
]

# How the facts x outlets matrix marks a statement, in text formats (the HTML uses colour too).
CELL_MARK = {"agree": "✓", "dispute": "✗", "single": "•", "update": "↻", None: ""}
CELL_WORD = {
    "agree": "agrees with the other outlets",
    "dispute": "in dispute (named in a finding)",
    "single": "stated by this outlet only",
    "update": "a later figure replaced an earlier one",
}


def one_line(text: str | None) -> str:
    """Collapse all whitespace (articles hold newlines and tabs) to single spaces."""
    return re.sub(r"\s+", " ", text or "").strip()


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def compact_period(start: str | None, end: str | None) -> str:
    """A period as a reader says it: 2025-06 for all of June, 2025 for a whole year."""
    if not start:
        return ""
    start, end = start[:10], (end or start)[:10]
    if start == end:
        return start
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return f"{start} – {end}"
    whole_months = first.day == 1 and (last + timedelta(days=1)).day == 1
    if not whole_months:
        return f"{start} – {end}"
    if first.year == last.year and first.month == 1 and last.month == 12:
        return str(first.year)
    if (first.year, first.month) == (last.year, last.month):
        return start[:7]
    return f"{start[:7]} – {end[:7]}"


def fact_period(fact: Fact) -> str:
    return compact_period(fact.period_start, fact.period_end)


def claim_value(claim: Claim) -> str:
    """The claim as the outlet wrote it, with the place or period of an event."""
    text = one_line(claim.text)
    if claim.kind == "event":
        extra = [p for p in (claim.place, claim.period_text) if p and p not in text]
        if extra:
            text = f"{text} ({', '.join(one_line(e) for e in extra)})"
    return text


@dataclass(frozen=True)
class Evidence:
    """One quoted sentence of a finding, with the article it comes from."""

    sentence: str
    claim: Claim | None
    article: Article | None

    @property
    def outlet(self) -> str:
        return outlet_of(self.article) if self.article else "unknown article"

    @property
    def url(self) -> str | None:
        return quote_link(self.article.url, self.sentence) if self.article else None


def evidence_of(report: StoryReport, finding: Finding) -> list[Evidence]:
    """The finding's evidence sentences, each tied to its claim and article."""
    articles = report.article_by_id
    out: list[Evidence] = []
    for i, claim_id in enumerate(finding.claim_ids):
        claim = report.claims.get(claim_id)
        sentence = finding.evidence[i] if i < len(finding.evidence) else (
            claim.sentence if claim else "")
        article = articles.get(claim.article_id) if claim else None
        if sentence or article:
            out.append(Evidence(one_line(sentence), claim, article))
    # Evidence without claim ids (or more sentences than claims): keep the sentences.
    for sentence in finding.evidence[len(finding.claim_ids):]:
        out.append(Evidence(one_line(sentence), None, None))
    if not out:
        out = [Evidence("", None, articles.get(a)) for a in finding.article_ids if a in articles]
    return out


# A text fragment of this many words at each end locates a sentence on the page without a
# fragile match on the whole sentence (browsers match fragments word by word, exactly).
_FRAGMENT_WORDS = 4


def _fragment_part(text: str) -> str:
    # '-', ',' and '&' are syntax inside a text fragment, so they are escaped with the rest.
    return quote(text, safe="").replace("-", "%2D")


def quote_link(url: str, sentence: str | None) -> str:
    """The article URL, with a text fragment (#:~:text=) that scrolls to the quoted sentence."""
    if not sentence or urlsplit(url).scheme not in ("http", "https"):
        return url
    words = one_line(sentence).split(" ")
    if len(words) <= 2 * _FRAGMENT_WORDS:
        fragment = _fragment_part(" ".join(words))
    else:
        start = " ".join(words[:_FRAGMENT_WORDS])
        end = " ".join(words[-_FRAGMENT_WORDS:])
        fragment = f"{_fragment_part(start)},{_fragment_part(end)}"
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={fragment}"


def story_summary(report: StoryReport) -> str:
    """One line: articles, outlets, independent sources, findings by severity."""
    outlets = {outlet_of(a) for a in report.articles}
    counts = report.severity_counts()
    findings = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"
    return (
        f"{plural(len(report.articles), 'article')} from {plural(len(outlets), 'outlet')}, "
        f"{plural(report.story.independent_sources, 'independent source')}; "
        f"{plural(len(report.facts), 'fact')}; findings: {findings}"
    )
