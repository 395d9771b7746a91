"""Wording shared by the renderers: labels for facts, claims and findings, evidence, links."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlsplit

from extractor.core.dates import parse_published
from extractor.core.records import Article, Claim, Fact, Finding
from extractor.report.data import StoryReport, join_names, outlet_label, outlet_of

__all__ = [
    "CELL_MARK",
    "CELL_WORD",
    "MATRIX_LEGEND",
    "Evidence",
    "Statement",
    "article_labels",
    "article_note",
    "brief_explanation",
    "claim_value",
    "compact_period",
    "evidence_of",
    "fact_period",
    "kind_label",
    "one_line",
    "plural",
    "published_label",
    "quote_link",
    "single_source_note",
    "spans",
    "statements",
    "story_summary",
    "timeline_lines",
]

# How the facts x outlets matrix marks a statement, in text formats (the HTML uses colour too).
CELL_MARK = {"agree": "✓", "dispute": "✗", "single": "•", "update": "↻", None: ""}
CELL_WORD = {
    "agree": "agrees with the other outlets",
    "dispute": "in dispute (named in a finding)",
    "single": "stated by this outlet only",
    "update": "a later figure replaced an earlier one",
}
# The marks the matrix can show: one-outlet facts are listed apart, so • never appears in it.
MATRIX_LEGEND = {k: v for k, v in CELL_WORD.items() if k != "single"}


def one_line(text: str | None) -> str:
    """Collapse all whitespace (articles hold newlines and tabs) to single spaces."""
    return re.sub(r"\s+", " ", text or "").strip()


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def published_label(value: str | None) -> str:
    """A publication time as a reader writes it: "2026-10-12 11:30 +08:00" (the outlet's own
    clock), the day alone when only the day is known, "undated" when nothing is."""
    when = parse_published(value)
    if isinstance(when, datetime):
        offset = when.strftime("%z")
        zone = f" {offset[:3]}:{offset[3:5]}" if offset else ""
        return f"{when:%Y-%m-%d %H:%M}{zone}"
    if when is not None:
        return when.isoformat()
    return value or "undated"


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
    """One quoted sentence of a finding, with its article and the figures read from it."""

    sentence: str
    claims: tuple[Claim, ...]
    article: Article | None
    outlet: str = "unknown article"  # the article's label, as in the matrix's column heads
    # Other articles printing the same sentence with the same figures (a copy and its
    # original): quoted once, cited with each of them.
    also: tuple[Evidence, ...] = ()

    @property
    def sources(self) -> tuple[Evidence, ...]:
        """This entry and the others quoting the same words: one citation each."""
        return (self, *self.also)

    @property
    def url(self) -> str | None:
        return quote_link(self.article.url, self.sentence) if self.article else None

    @property
    def figures(self) -> str:
        """The figures of the finding this sentence holds, as written: "3,188 tons; 46 tons"."""
        return "; ".join(dict.fromkeys(claim_value(c) for c in self.claims))


def spans(sentence: str, claims: tuple[Claim, ...]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is_figure) pieces, so renderers can highlight each figure.

    A figure is found by its words (the claim's text) inside the sentence; a figure the sentence
    does not hold verbatim is simply not highlighted.
    """
    found: list[tuple[int, int]] = []
    for claim in claims:
        needle = one_line(claim.text)
        start = sentence.find(needle) if needle else -1
        while start >= 0 and any(a < start + len(needle) and start < b for a, b in found):
            start = sentence.find(needle, start + 1)
        if start >= 0:
            found.append((start, start + len(needle)))
    pieces: list[tuple[str, bool]] = []
    at = 0
    for a, b in sorted(found):
        if a > at:
            pieces.append((sentence[at:a], False))
        pieces.append((sentence[a:b], True))
        at = b
    if at < len(sentence):
        pieces.append((sentence[at:], False))
    return pieces


def evidence_of(report: StoryReport, finding: Finding) -> list[Evidence]:
    """The finding's evidence: one entry per article and sentence, in the finding's order.

    Each claim's own sentence is the quote (``Finding.evidence`` is not guaranteed to list one
    sentence per claim id); sentences of ``Finding.evidence`` that no claim accounts for follow
    unattributed, so no evidence the reconciler gave is dropped.
    """
    articles = report.article_by_id
    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim_id in finding.claim_ids:
        claim = report.claims.get(claim_id)
        if claim is not None:
            grouped.setdefault((claim.article_id, one_line(claim.sentence)), []).append(claim)
    labels = article_labels(report)

    def cite(sentence: str, claims: tuple[Claim, ...], article: Article | None) -> Evidence:
        label = labels.get(article.id, outlet_label(article)) if article else "unknown article"
        return Evidence(sentence, claims, article, label)

    out = [cite(sentence, tuple(claims), articles.get(article_id))
           for (article_id, sentence), claims in grouped.items()]
    quoted = {sentence for _, sentence in grouped}
    for sentence in dict.fromkeys(one_line(e) for e in finding.evidence):
        if sentence and sentence not in quoted:
            source = next((a for a in report.articles if sentence in one_line(a.text)), None)
            out.append(cite(sentence, (), source))
    if not out:
        out = [cite("", (), articles[a]) for a in finding.article_ids if a in articles]
    return _fold_copies(out)


def _fold_copies(entries: list[Evidence]) -> list[Evidence]:
    """One entry per quoted sentence and figures: a copy repeating its original's words is
    cited beside it instead of being quoted twice."""
    first: dict[tuple[str, str], int] = {}
    out: list[Evidence] = []
    for ev in entries:
        key = (ev.sentence, ev.figures)
        if not ev.sentence or key not in first:
            first.setdefault(key, len(out))
            out.append(ev)
            continue
        at = first[key]
        out[at] = replace(out[at], also=(*out[at].also, ev))
    return out


def article_labels(report: StoryReport) -> dict[str, str]:
    """A column label per article: its outlet, numbered when the outlet has several articles."""
    names = {a.id: outlet_label(a) for a in report.articles}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    labels = {}
    for article_id, name in names.items():
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} ({seen[name]})"
        labels[article_id] = name
    return labels


def article_note(report: StoryReport, article: Article) -> str:
    """What tells an article apart in a column head: a copy's original, else its date."""
    original = report.duplicates().get(article.id)
    if original:
        return f"copy of {article_labels(report).get(original, original)}"
    return (article.published or "")[:10]


def brief_explanation(finding: Finding, evidence: list[Evidence]) -> str:
    """The finding's explanation without the quotes the evidence list shows anyway.

    When the quotes trail the explanation (after its last full sentence), they are cut off;
    when they sit inside a sentence ("in X (Outlet: \"...\", without a date)"), each quote the
    evidence shows is dropped and its outlet's name kept, so the sentence still reads.
    """
    text = one_line(finding.explanation)
    shown = [e.sentence[:_QUOTE_PREFIX] for e in evidence if e.sentence]

    def is_shown(quote: str) -> bool:
        head = one_line(quote)[:_QUOTE_PREFIX]
        return bool(head) and any(p.startswith(head) or head.startswith(p) for p in shown)

    quoted = [m for m in _ATTRIBUTED_QUOTE.finditer(text) if is_shown(m.group("quote"))]
    if not quoted:
        return text
    head = text[: quoted[0].start()].rstrip()
    if head.endswith("."):
        return head
    out, at = [], 0
    for m in quoted:
        out += [text[at: m.start()], m.group("name")]
        at = m.end()
    return "".join([*out, text[at:]])


# `Outlet: "quote"` or `Outlet (copy of Other): "quote"` inside an explanation. A name never
# crosses a sentence end (". "), so it cannot swallow the sentence before it.
_ATTRIBUTED_QUOTE = re.compile(
    r'(?P<name>(?:(?!\. )[^:;"()]){1,80}?(?: \([^()"]{1,80}\))?): "(?P<quote>[^"]*)"'
)
# Enough of a quoted sentence to find it again inside an explanation, and short enough to stay
# clear of the reconciler's own truncation of long quotes.
_QUOTE_PREFIX = 30


@dataclass(frozen=True)
class Statement:
    """One way a fact is stated, with every article that states it so (copies included)."""

    value: str
    sentence: str
    articles: tuple[Article, ...]
    claim: Claim | None = None  # the first claim stating it, to highlight its words in the quote


def statements(report: StoryReport, claims: tuple[Claim, ...]) -> list[Statement]:
    """Claims grouped by what they say and the sentence they say it in."""
    grouped: dict[tuple[str, str], list[Article]] = {}
    first: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        article = report.article_by_id.get(claim.article_id)
        key = (claim_value(claim), one_line(claim.sentence))
        articles = grouped.setdefault(key, [])
        first.setdefault(key, claim)
        if article is not None and article not in articles:
            articles.append(article)
    return [Statement(v, s, tuple(a), first[v, s]) for (v, s), a in grouped.items()]


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


def single_source_note(report: StoryReport) -> str:
    """What the matrix leaves out, for the line below it (empty when it leaves nothing out)."""
    n = len(report.single_source_facts())
    if not n:
        return ""
    if not report.matrix_facts():
        return (f"No fact is stated by more than one outlet; the {plural(n, 'fact')} "
                "stated by one outlet only are listed below.")
    return (f"{plural(n, 'more fact is', 'more facts are')} stated by one outlet only "
            "(nothing to compare): listed below.")


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


def timeline_lines(report: StoryReport) -> list[tuple[str, str]]:
    """The story's timeline as (when, what) lines of plain text, oldest first.

    Articles by publication date ("published: Outlet: title"), dated events with their
    outlets and, for each place the outlets give, which outlet gives it: a conflated event shows
    as one date with two places.
    """
    labels = article_labels(report)
    out = []
    for entry in report.timeline():
        when = compact_period(entry.date, entry.end)
        if entry.kind == "article":
            when = published_label(entry.date)
            article_id = entry.article_ids[0]
            out.append((when, f"published: {labels.get(article_id, article_id)}: "
                              f"{one_line(entry.label)}"))
            continue
        label = re.sub(r"^event:\s*", "", one_line(entry.label), flags=re.IGNORECASE)
        outlets = join_names(sorted({report.outlet(a) for a in entry.article_ids}))
        place = f"; {entry.place}" if entry.place else ""
        out.append((when, f"event: {label} ({outlets}){place}"))
    return out
