"""The report for a terminal: rich text and tables that read well in 80 columns.

Article text only ever goes into ``Text`` objects, never into rich markup strings, so a title
holding ``[bold]`` or ``[link=...]`` prints as written.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .data import StoryReport, outlet_of, split_brief
from .text import (
    CELL_MARK,
    CELL_WORD,
    article_labels,
    article_note,
    brief_explanation,
    claim_value,
    evidence_of,
    fact_period,
    kind_label,
    one_line,
    plural,
    spans,
    statements,
    story_summary,
)

__all__ = ["render_term"]

_SEVERITY_STYLE = {"high": "bold white on red", "medium": "bold black on yellow",
                   "low": "bold white on blue", "info": "white on grey37"}
# Beyond five outlet columns plus the fact column, 80 columns leave under 10 characters a value.
_MAX_COLUMNS = 5
_CELL_STYLE = {"agree": "green", "dispute": "bold red", "single": "cyan", "update": "yellow"}


def render_term(reports: list[StoryReport], *, width: int = 80, color: bool = False) -> str:
    """The report as terminal text ``width`` columns wide, with ANSI colours if ``color``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False, legacy_windows=False)
    console.print(Text("newsclaims fact-check report", style="bold"))
    console.print(Text(f"{plural(len(reports), 'story', 'stories')}; findings first, most "
                       "severe first.", style="dim"))
    full, brief = split_brief(reports)
    for report in full:
        for renderable in _story(report):
            # A URL broken over lines can be neither clicked nor copied: let the terminal wrap it.
            console.print(renderable, soft_wrap=isinstance(renderable, _Url))
    if brief:
        console.print(Text(""))
        console.print(Text("Stories covered by one article (nothing to cross-check)",
                           style="bold underline"))
        for report in brief:
            article = report.articles[0] if report.articles else None
            where = f"{outlet_of(article)}, {article.published or 'undated'}" if article else ""
            console.print(Text.assemble("• ", (one_line(report.story.title), "bold"),
                                        f" — {where} · {plural(len(report.facts), 'figure')} · ",
                                        (report.story.id, "dim")))
    # rich pads padded blocks to the full width: trailing blanks are noise in a pipe or a file.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


class _Url(Text):
    """A line holding a URL, printed without hard line breaks."""


def _numbers(report: StoryReport) -> dict[str, int]:
    """Each article's reference number: [n] in findings and matrix, listed under Sources."""
    return {a.id: i for i, a in enumerate(report.articles, 1)}


def _story(report: StoryReport) -> list[RenderableType]:
    story = report.story
    out: list[RenderableType] = [
        Text(""),
        Text(one_line(story.title), style="bold underline"),
        Text(f"{story_summary(report)} · story {story.id}", style="dim"),
        Text(""),
        Text("Findings", style="bold"),
    ]
    out += _findings(report)
    out += [Text(""), Text("Facts × outlets", style="bold"), *_matrix(report)]
    out += [Text(""), Text("Stated by one outlet only", style="bold"), *_single(report)]
    out += [Text(""), Text("Sources", style="bold"), *_sources(report)]
    return out


def _findings(report: StoryReport) -> list[RenderableType]:
    singles = len(report.findings) - len(report.disputes)
    note: list[RenderableType] = [Text(
        f"{plural(singles, 'figure is', 'figures are')} stated by one outlet only: listed below.",
        style="dim")] if singles else []
    if not report.disputes:
        if len(report.articles) < 2:
            return [Text("Only one article covers this story: nothing to cross-check.")]
        return [Text("No disagreement was found between the outlets."), *note]
    out: list[RenderableType] = [*note]
    numbers = _numbers(report)
    for n, finding in enumerate(report.disputes, 1):
        outlets = ", ".join(sorted({report.outlet(a) for a in finding.article_ids}))
        head = Text.assemble(
            f"{n}. ", (f" {finding.severity.upper()} ", _SEVERITY_STYLE.get(finding.severity, "")),
            " ", (kind_label(finding.kind), "bold"), f" · {outlets}",
        )
        evidence = evidence_of(report, finding)
        lines: list[RenderableType] = [
            head, Padding(Text(brief_explanation(finding, evidence)), (0, 0, 0, 3))]
        for ev in evidence:
            quote = Text("“" if ev.sentence else "", style="italic")
            for piece, figure in spans(ev.sentence, ev.claims):
                quote.append(piece, style="bold italic" if figure else "italic")
            quote.append("”" if ev.sentence else "", style="italic")
            quote.append("\n— ")
            # The terminal cites articles by number: the outlet name and [n] are enough.
            quote.append(outlet_of(ev.article) if ev.article else ev.outlet, style="bold")
            if ev.article:
                quote.append(f" [{numbers[ev.article.id]}]")
            if ev.figures:
                quote.append(f" ({ev.figures})")
            lines.append(Padding(quote, (0, 0, 0, 5)))
        out.append(Group(*lines))
        out.append(Text(""))
    return out


def _matrix(report: StoryReport) -> list[RenderableType]:
    if not report.facts:
        return [Text("No figures or dated events were found in these articles.")]
    articles = [a for a in report.articles if any(v.claims_of(a.id) for v in report.facts)]
    if len(articles) > _MAX_COLUMNS:
        return _fact_list(report)
    # Outlets are numbered in the header so that five or six of them still fit in 80 columns.
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=True)
    table.add_column(Text("Fact"), ratio=3, overflow="fold")
    numbers = _numbers(report)
    for article in articles:
        table.add_column(Text(f"[{numbers[article.id]}]"), ratio=2, overflow="fold")
    for view in report.facts:
        period = fact_period(view.fact)
        label = Text(view.fact.description)
        if period:
            label.append(f" ({period})", style="dim")
        cells: list[RenderableType] = [label]
        for article in articles:
            state = view.cell_state(article.id)
            values = "; ".join(claim_value(c) for c in view.claims_of(article.id))
            cells.append(Text(f"{CELL_MARK[state]} {values}".strip(),
                              style=_CELL_STYLE.get(state or "", "")))
        table.add_row(*cells)
    labels = article_labels(report)
    keys = []
    for article in articles:
        note = article_note(report, article)
        keys.append(f"[{numbers[article.id]}] {labels[article.id]}"
                    + (f" ({note})" if note else ""))
    key = Text("  ".join(keys), style="dim")
    legend = Text("  ".join(f"{CELL_MARK[k]} {v}" for k, v in CELL_WORD.items()), style="dim")
    return [table, key, legend]


def _fact_list(report: StoryReport) -> list[RenderableType]:
    """The matrix turned on its side, for stories with more outlets than 80 columns can hold."""
    out: list[RenderableType] = []
    for view in report.facts:
        period = fact_period(view.fact)
        out.append(Text.assemble((view.fact.description, "bold"),
                                 (f" ({period})" if period else "", "dim"),
                                 f" · {kind_label(view.fact.status)}"))
        for claim in view.claims:
            state = view.cell_state(claim.article_id)
            out.append(Text(f"   {CELL_MARK[state]} {report.outlet(claim.article_id)}: "
                            f"{claim_value(claim)}", style=_CELL_STYLE.get(state or "", "")))
    legend = "  ".join(f"{CELL_MARK[k]} {v}" for k, v in CELL_WORD.items())
    return [*out, Text(legend, style="dim")]


def _single(report: StoryReport) -> list[RenderableType]:
    views = report.single_source_facts()
    if not report.facts:
        return [Text("None.")]
    if not views:
        return [Text("None: every figure is stated by at least two outlets.")]
    out: list[RenderableType] = []
    numbers = _numbers(report)
    for view in views:
        for st in statements(report, view.claims):
            out.append(Text.assemble(
                "• ", (view.fact.description, "bold"), f": {st.value} — ",
                ", ".join(f"{outlet_of(a)} [{numbers[a.id]}]" for a in st.articles)))
    return out


def _sources(report: StoryReport) -> list[RenderableType]:
    copies = report.duplicates()
    numbers = _numbers(report)
    out: list[RenderableType] = [Text(
        f"{plural(len(report.articles), 'article')}, "
        f"{plural(report.story.independent_sources, 'independent source')} once copies are "
        "folded into their original.")]
    for article in report.articles:
        original = copies.get(article.id)
        note = f" (copy of [{numbers.get(original, '?')}])" if original else ""
        out.append(Text.assemble(
            f"[{numbers[article.id]}] ", (outlet_of(article), "bold"),
            f", {article.published or 'undated'}: ", one_line(article.title) or "(untitled)", note))
        out.append(_Url(f"    {article.url}", style="dim"))
    return out
