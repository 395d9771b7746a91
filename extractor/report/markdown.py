"""The report as Markdown (CommonMark + GFM tables): renders on any Markdown viewer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from extractor.report.data import StoryReport, join_names, outlet_label, split_brief
from extractor.report.text import (
    CELL_MARK,
    MATRIX_LEGEND,
    article_labels,
    brief_explanation,
    claim_value,
    evidence_of,
    fact_period,
    kind_label,
    one_line,
    plural,
    published_label,
    quote_link,
    single_source_note,
    spans,
    statements,
    story_summary,
    timeline_lines,
)

__all__ = ["render_markdown"]

# The characters that start markup inside a line (emphasis, code, links, raw HTML, entities,
# table cells, strikethrough, closing heading marks). Article text only ever appears after a
# prefix, so line-start markers (lists, quotes) cannot fire. CommonMark lets each be
# backslash-escaped, so article text can never become markup or HTML.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def md(text: str | None) -> str:
    """Article or feed text made inert: one line, every Markdown/HTML character escaped."""
    return _escape(one_line(text))


def _escape(text: str) -> str:
    """Escape without trimming: for pieces of a line that are joined back together."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _link(label: str, url: str) -> str:
    # Never a javascript: or data: link. Nor file: links: Markdown renderers (markdown-it,
    # GitHub) refuse them and print the raw `[label](<file:…>)` instead; Sources shows the path.
    if not _linkable(url):
        return md(label)
    # Angle-bracket destinations allow any character but <, > and newlines: percent-encode those.
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20").replace("\n", "")
    return f"[{md(label)}](<{safe}>)"


def _linkable(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def render_markdown(reports: list[StoryReport], *, generated_at: str, state: str) -> str:
    lines = [
        "# newsclaims fact-check report",
        "",
        f"Generated {generated_at} · {plural(len(reports), 'story', 'stories')}. "
        "Findings come first, most severe first; each quote links to its article.",
        "",
    ]
    if not reports:
        lines += ["No story in the database yet: no article could be grouped with another, or "
                  "nothing has been crawled.", ""]
    full, brief = split_brief(reports)
    for report in full:
        lines += _story(report)
    if brief:
        lines += _brief(brief)
    lines.append(f"<!-- newsclaims-state: {state} -->")
    return "\n".join(lines) + "\n"


def _brief(reports: list[StoryReport]) -> list[str]:
    out = [
        "## Stories covered by one article",
        "",
        "Nothing to cross-check in these yet. `newsclaims report --story ID` shows one in full.",
        "",
    ]
    for report in reports:
        article = report.articles[0] if report.articles else None
        where = (f"{_link(outlet_label(article), article.url)}, "
                 f"{md(published_label(article.published))}" if article else "no article")
        out.append(f"- **{md(report.story.title)}**: {where} · "
                   f"{plural(len(report.facts), 'figure')} · `{report.story.id}`")
    return [*out, ""]


def _story(report: StoryReport) -> list[str]:
    story = report.story
    out = [f"## {md(story.title)}", "", f"*{md(story_summary(report))}* · story `{story.id}`", ""]
    out += _findings(report)
    out += _matrix(report)
    out += _single_source(report)
    out += _timeline(report)
    out += _sources(report)
    return out


def _findings(report: StoryReport) -> list[str]:
    out = ["### Findings", ""]
    singles = len(report.single_source_facts())
    if singles and len(report.articles) > 1:
        out += [f"{plural(singles, 'fact is', 'facts are')} stated by one outlet only: see "
                "*Facts stated by one outlet only* below.", ""]
    if not report.disputes:
        if len(report.articles) < 2:
            out += ["Only one article covers this story, so nothing could be cross-checked.", ""]
        else:
            out += ["No disagreement was found between the outlets.", ""]
        return out
    for n, finding in enumerate(report.disputes, 1):
        outlets = sorted({report.outlet(a) for a in finding.article_ids})
        evidence = evidence_of(report, finding)
        out.append(
            f"{n}. **{finding.severity.upper()} · {kind_label(finding.kind)}** "
            f"({md(join_names(outlets))}): {md(brief_explanation(finding, evidence))}"
        )
        for ev in evidence:
            marked = "".join(f"**{_escape(t)}**" if fig else _escape(t)
                             for t, fig in spans(ev.sentence, ev.claims))
            quote = f"“{marked}”" if ev.sentence else "(no sentence)"
            source = ", ".join(_link(e.outlet, e.url) if e.url else md(e.outlet)
                               for e in ev.sources)
            figure = f" ({md(ev.figures)})" if ev.figures else ""
            out.append(f"   > {quote} — {source}{figure}")
            out.append("")
    return out


def _matrix(report: StoryReport) -> list[str]:
    out = ["### Facts × outlets", ""]
    if not report.facts:
        out += ["No figures or dated events were found in these articles.", ""]
        return out
    rows = report.matrix_facts()
    note = single_source_note(report)
    if not rows:
        return [*out, note, ""]
    articles = [a for a in report.articles if any(v.claims_of(a.id) for v in rows)]
    labels = article_labels(report)
    header = ["Fact", "Period", "Status", *(md(labels[a.id]) for a in articles)]
    out += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for view in rows:
        cells = [md(view.fact.description), md(fact_period(view.fact)),
                 kind_label(view.fact.status)]
        for article in articles:
            state = view.cell_state(article.id)
            values = "; ".join(dict.fromkeys(claim_value(c) for c in view.claims_of(article.id)))
            cells.append(f"{CELL_MARK[state]} {md(values)}".strip())
        out.append("| " + " | ".join(cells) + " |")
    legend = "; ".join(f"{CELL_MARK[k]} {v}" for k, v in MATRIX_LEGEND.items())
    out += ["", f"Values as each outlet wrote them. {legend}.", ""]
    if note:
        out += [note, ""]
    return out


def _timeline(report: StoryReport) -> list[str]:
    out = ["### Timeline", ""]
    lines = timeline_lines(report)
    if not lines:
        return [*out, "No article or event of this story carries a date.", ""]
    return [*out, *(f"- **{md(when)}** {md(what)}" for when, what in lines), ""]


def _single_source(report: StoryReport) -> list[str]:
    views = report.single_source_facts()
    out = ["### Facts stated by one outlet only", ""]
    if not report.facts:
        return [*out, "None.", ""]
    if not views:
        return [*out, "None: every fact is stated by at least two outlets.", ""]
    labels = article_labels(report)
    for view in views:
        for st in statements(report, view.claims):
            where = ", ".join(_link(labels[a.id], quote_link(a.url, st.sentence))
                              for a in st.articles)
            claims = (st.claim,) if st.claim else ()
            quote = "".join(f"**{_escape(t)}**" if fig else _escape(t)
                            for t, fig in spans(st.sentence, claims))
            out.append(f"- **{md(view.fact.description)}**: {md(st.value)} — {where}: "
                       f"“{quote}”")
    return [*out, ""]


def _sources(report: StoryReport) -> list[str]:
    story = report.story
    copies = report.duplicates()
    out = [
        "### Sources and syndication",
        "",
        f"{plural(len(report.articles), 'article')}, "
        f"{plural(story.independent_sources, 'independent source')} once copies are folded "
        "into their original.",
        "",
    ]
    labels = article_labels(report)
    for article in report.articles:
        note = ""
        if article.id in copies:
            note = f" (copy of {md(labels.get(copies[article.id], copies[article.id]))})"
        date = md(published_label(article.published))
        # A local file cannot be linked (see _link): its path is shown to be opened by hand.
        path = "" if _linkable(article.url) else f" · {md(article.url)}"
        out.append(f"- {_link(labels[article.id], article.url)}, {date}: "
                   f"{md(article.title or '(untitled)')}{note}{path}")
    return [*out, ""]
