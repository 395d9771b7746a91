"""The report for a terminal: rich text and tables that read well in 80 columns.

Article text only ever goes into ``Text`` objects, never into rich markup strings, so a title
holding ``[bold]`` or ``[link=...]`` prints as written.
"""

from __future__ import annotations

import io
import re

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from extractor.report.data import FactView, StoryReport, join_names, outlet_label, split_brief
from extractor.report.text import (
    CELL_MARK,
    MATRIX_LEGEND,
    article_labels,
    article_note,
    brief_explanation,
    claim_value,
    compact_period,
    evidence_of,
    fact_period,
    kind_label,
    one_line,
    plural,
    published_label,
    single_source_note,
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
        for renderable in _story(report, width):
            # A URL broken over lines can be neither clicked nor copied: let the terminal wrap it.
            console.print(renderable, soft_wrap=isinstance(renderable, _Url))
    if brief:
        console.print(Text(""))
        console.print(Text("Stories covered by one article (nothing to cross-check)",
                           style="bold underline"))
        for report in brief:
            article = report.articles[0] if report.articles else None
            where = (f"{outlet_label(article)}, {published_label(article.published)}"
                     if article else "")
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


def _story(report: StoryReport, width: int) -> list[RenderableType]:
    story = report.story
    out: list[RenderableType] = [
        Text(""),
        Text(one_line(story.title), style="bold underline"),
        Text(f"{story_summary(report)} · story {story.id}", style="dim"),
        Text(""),
        Text("Findings", style="bold"),
    ]
    out += _findings(report)
    out += [Text(""), Text("Facts × outlets", style="bold"), *_matrix(report, width)]
    out += [Text(""), Text("Facts stated by one outlet only", style="bold"), *_single(report)]
    out += [Text(""), Text("Timeline", style="bold"), *_timeline(report, width)]
    out += [Text(""), Text("Sources", style="bold"), *_sources(report)]
    return out


def _findings(report: StoryReport) -> list[RenderableType]:
    singles = len(report.single_source_facts())
    note: list[RenderableType] = [Text(
        f"{plural(singles, 'fact is', 'facts are')} stated by one outlet only: listed below.",
        style="dim")] if singles and len(report.articles) > 1 else []
    if not report.disputes:
        if len(report.articles) < 2:
            return [Text("Only one article covers this story: nothing to cross-check.")]
        return [Text("No disagreement was found between the outlets."), *note]
    out: list[RenderableType] = [*note]
    numbers = _numbers(report)
    for n, finding in enumerate(report.disputes, 1):
        outlets = join_names(sorted({report.outlet(a) for a in finding.article_ids}))
        # A grid, so that a long list of outlets wraps under itself, not at column 0.
        head = Table.grid(padding=(0, 1), pad_edge=False)
        head.add_column(no_wrap=True, width=2)
        head.add_column()
        head.add_row(f"{n}.", Text.assemble(
            (f" {finding.severity.upper()} ", _SEVERITY_STYLE.get(finding.severity, "")),
            " ", (kind_label(finding.kind), "bold"), f" · {outlets}",
        ))
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
            for i, source in enumerate(ev.sources):
                quote.append(", " if i else "")
                article = source.article
                quote.append(outlet_label(article) if article else source.outlet, style="bold")
                if article:
                    quote.append(f" [{numbers[article.id]}]")
            if ev.figures:
                quote.append(f" ({ev.figures})")
            lines.append(Padding(quote, (0, 0, 0, 5)))
        out.append(Group(*lines))
        out.append(Text(""))
    return out


def _matrix(report: StoryReport, width: int) -> list[RenderableType]:
    if not report.facts:
        return [Text("No figures or dated events were found in these articles.")]
    rows = report.matrix_facts()
    note = single_source_note(report)
    if not rows:
        return [Text(note)]
    articles = [a for a in report.articles if any(v.claims_of(a.id) for v in rows)]
    if len(articles) > _MAX_COLUMNS:
        return [*_fact_list(report, rows, width), *([Text(note, style="dim")] if note else [])]
    # Outlets are numbered in the header so that five or six of them still fit in 80 columns.
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=True)
    table.add_column(Text("Fact"), ratio=3, overflow="fold")
    numbers = _numbers(report)
    for article in articles:
        table.add_column(Text(f"[{numbers[article.id]}]"), ratio=2, overflow="fold")
    for view in rows:
        period = fact_period(view.fact)
        label = Text(view.fact.description)
        if period:
            label.append(f" ({period})", style="dim")
        cells: list[RenderableType] = [label]
        for article in articles:
            state = view.cell_state(article.id)
            values = "; ".join(dict.fromkeys(claim_value(c) for c in view.claims_of(article.id)))
            cells.append(Text(f"{CELL_MARK[state]} {values}".strip(),
                              style=_CELL_STYLE.get(state or "", "")))
        table.add_row(*cells)
    labels = article_labels(report)
    keys = []
    for article in articles:
        extra = article_note(report, article)
        keys.append(f"[{numbers[article.id]}] {labels[article.id]}"
                    + (f" ({extra})" if extra else ""))
    key = Text("  ".join(keys), style="dim")
    legend = Text("  ".join(f"{CELL_MARK[k]} {v}" for k, v in MATRIX_LEGEND.items()), style="dim")
    return [table, key, legend, *([Text(note, style="dim")] if note else [])]


def _hanging(head: Text, body: Text, width: int) -> Text:
    """``head`` then ``body``, the body's wrapped lines indented under its first one.

    Laid out by hand (greedy, at spaces; a word longer than the line is cut): a rich grid per
    line does the same at many times the cost, which showed in reports of many stories.
    """
    indent = head.cell_len
    room = max(width - indent, 20)  # a floor, so a very long head still leaves a usable line
    plain = body.plain
    cuts: list[int] = []  # offsets where a new line starts
    line_start = 0
    for word in re.finditer(r"\S+", plain):
        while word.end() - line_start > room:
            if word.start() > line_start and plain[line_start:word.start()].strip():
                line_start = word.start()
            else:
                line_start += room
            cuts.append(line_start)
    pieces = body.divide(cuts) if cuts else [body]
    out = head.copy()
    for i, piece in enumerate(pieces):
        piece.rstrip()
        if i:
            out.append("\n" + " " * indent)
        out.append_text(piece)
    return out


def _fact_list(report: StoryReport, rows: tuple[FactView, ...],
               width: int) -> list[RenderableType]:
    """The matrix turned on its side, for stories with more outlets than 80 columns can hold:
    one line per article stating the fact, its values as written (each once)."""
    numbers = _numbers(report)
    labels = {a.id: f"{outlet_label(a)} [{numbers[a.id]}]" for a in report.articles}
    out: list[RenderableType] = []
    for view in rows:
        period = fact_period(view.fact)
        # One Text per fact: printing each line on its own costs rich a layout pass per line.
        block = Text.assemble((view.fact.description, "bold"),
                              (f" ({period})" if period else "", "dim"),
                              f" · {kind_label(view.fact.status)}")
        stating = [a for a in report.articles if view.claims_of(a.id)]
        column = max(len(labels[a.id]) for a in stating) if stating else 0
        for article in stating:
            claims = view.claims_of(article.id)
            state = view.cell_state(article.id)
            style = _CELL_STYLE.get(state or "", "")
            values = "; ".join(dict.fromkeys(claim_value(c) for c in claims))
            head = Text.assemble((f"  {CELL_MARK[state]} ", style),
                                 labels[article.id].ljust(column) + " ")
            block.append("\n")
            block.append_text(_hanging(head, Text(values, style=style), width))
        out.append(block)
    legend = "  ".join(f"{CELL_MARK[k]} {v}" for k, v in MATRIX_LEGEND.items())
    return [*out, Text(legend, style="dim")]


def _single(report: StoryReport) -> list[RenderableType]:
    views = report.single_source_facts()
    if not report.facts:
        return [Text("None.")]
    if not views:
        return [Text("None: every fact is stated by at least two outlets.")]
    out: list[RenderableType] = []
    numbers = _numbers(report)
    for view in views:
        for st in statements(report, view.claims):
            out.append(Text.assemble(
                "• ", (view.fact.description, "bold"), f": {st.value} — ",
                ", ".join(f"{outlet_label(a)} [{numbers[a.id]}]" for a in st.articles)))
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
            f"[{numbers[article.id]}] ", (outlet_label(article), "bold"),
            f", {(article.published or 'undated')[:10]}: ",
            one_line(article.title) or "(untitled)", note))
        out.append(_Url(f"    {article.url}", style="dim"))
    return out


# A period the date column already shows, at the end of a fact's description: ", April 2025",
# ", 14 July 2025 to 20 July 2025", ", the first half of 2025". The year anchors it.
_TRAILING_PERIOD = re.compile(r",[^,]*\b\d{4}$")


def _timeline(report: StoryReport, width: int) -> list[RenderableType]:
    """A compact timeline: articles by day (titles are under Sources), then the dated events
    that several outlets give or that carry a place, with the places each outlet gives; events
    from one outlet only are counted, not listed (the section above lists them)."""
    entries = report.timeline()
    if not entries:
        return [Text("No article or event of this story carries a date.")]
    numbers = _numbers(report)
    rows: list[tuple[str, Text]] = []
    days: dict[str, list[str]] = {}
    hidden = 0
    for entry in entries:
        when = compact_period(entry.date, entry.end)
        if entry.kind == "article":
            article_id = entry.article_ids[0]
            cited = f"{report.outlet(article_id)} [{numbers[article_id]}]"
            # same-day reports told apart by time; one word ("09:35+02:00"), so never wrapped
            clock = published_label(entry.date)[11:].replace(" ", "")
            cited += f" {clock}" if clock else ""
            if when not in days:
                days[when] = []
                rows.append((when, Text()))  # filled below, once the day's articles are known
            days[when].append(cited)
            continue
        outlets = sorted({report.outlet(a) for a in entry.article_ids})
        if len(entry.article_ids) < 2 and not entry.place:
            hidden += 1
            continue
        label = _TRAILING_PERIOD.sub("", one_line(entry.label)) or one_line(entry.label)
        line = Text.assemble(("event ", "dim"), label, f" ({join_names(outlets)})")
        if entry.place:
            line.append(f"; {entry.place}", style="bold")
        rows.append((when, line))
    for when, line in rows:
        if not line.plain:
            line.append_text(Text.assemble(("published ", "dim"), ", ".join(days[when])))
    column = max(len(when) for when, _ in rows)
    out: list[RenderableType] = [_hanging(Text(when.ljust(column) + " ", style="bold"), line,
                                          width) for when, line in rows]
    if hidden:
        out.append(Text(f"{plural(hidden, 'more dated event', 'more dated events')} from one "
                        "outlet only: listed above.", style="dim"))
    return out
