"""The report as one self-contained HTML file: inline CSS, no script, no external asset.

Every piece of text that comes from an article or a feed goes through :func:`esc`, and a
Content-Security-Policy forbids scripts and remote loads, so a hostile title stays text.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from extractor.report.data import (
    FactView,
    StoryReport,
    TimelineEntry,
    join_names,
    outlet_label,
    split_brief,
)
from extractor.report.text import (
    CELL_MARK,
    CELL_WORD,
    MATRIX_LEGEND,
    Evidence,
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
    quote_link,
    single_source_note,
    spans,
    statements,
    story_summary,
)

__all__ = ["render_html"]

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'")

_CSS = """
:root{--agree:#d5efd9;--dispute:#f7c9c9;--single:#e2e8f3;--update:#fbe6b8;--ink:#1d2330;
--muted:#5d6677;--line:#d5d9e0;--high:#b3261e;--medium:#c46a00;--low:#5a6b8c;--info:#6b7280}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.35rem;margin:2rem 0 .3rem;
border-top:3px solid var(--ink);padding-top:.8rem}h3{font-size:1.05rem;margin:1.6rem 0 .5rem}
.muted,.summary{color:var(--muted)}.summary{margin:.2rem 0 1rem}
code{font-size:.85em;background:#f1f3f6;padding:0 .25em;border-radius:3px}
a{color:#1a56b0}
.badge{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.04em;color:#fff;
border-radius:3px;padding:.05rem .45rem;text-transform:uppercase;vertical-align:1px}
.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--medium)}
.badge.sev-low{background:var(--low)}.badge.sev-info{background:var(--info)}
ol.findings{padding-left:1.4rem}ol.findings>li{margin:0 0 1.1rem;padding-left:.3rem}
.finding-head{font-weight:600}.kind{font-weight:700}
blockquote{margin:.4rem 0 .4rem .2rem;padding:.3rem .8rem;border-left:4px solid var(--line);
background:#fafbfc}blockquote p{margin:0}blockquote footer{font-size:.85rem;color:var(--muted)}
li.finding-high blockquote{border-left-color:var(--high)}
li.finding-medium blockquote{border-left-color:var(--medium)}
.scroll{overflow-x:auto}th .sub{font-weight:400;font-size:.75rem;color:var(--muted)}
table{border-collapse:collapse;font-size:.9rem;margin:.3rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef1f5;position:sticky;top:0}
td.agree{background:var(--agree)}td.dispute{background:var(--dispute);font-weight:600}
td.single{background:var(--single)}td.update{background:var(--update)}
td.absent{color:#aab0bb;text-align:center}td.period{white-space:nowrap}
tr.status-conflict th{border-left:4px solid var(--high)}
tr:target th,tr:target td{outline:2px solid var(--ink)}a.to-fact{font-size:.8rem;font-weight:400}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-1px;
border:1px solid var(--line)}
details.single-list>summary{cursor:pointer;color:var(--muted);margin:.2rem 0}
details.single-list[open]>summary{margin-bottom:.3rem}
ol.timeline{list-style:none;padding:0;margin:.5rem 0;border-left:3px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 .6rem;padding-left:1.1rem}
ol.timeline li::before{content:"";position:absolute;left:-.5rem;top:.45rem;width:.7rem;
height:.7rem;border-radius:50%;background:#fff;border:2px solid var(--muted)}
ol.timeline li.tl-event::before{background:var(--medium);border-color:var(--medium)}
ol.timeline time{font-variant-numeric:tabular-nums;font-weight:600;margin-right:.5rem}
.tl-kind{font-size:.75rem;text-transform:uppercase;color:var(--muted);margin-right:.4rem}
mark{background:#fff1a8;padding:0 .1em;border-radius:2px}
footer.page{margin-top:3rem;font-size:.8rem;color:var(--muted)}
@media print{thead th{position:static}a{color:inherit}h2{break-before:page}}
"""


def esc(text: object) -> str:
    """Text made inert for HTML, both as element content and inside attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def _href(url: str | None) -> str | None:
    """An attribute-safe link target, or None for a scheme that could run code (javascript:)."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https", "file"):
        return None
    return esc(url)


def _link(label: str, url: str | None, *, title: str | None = None) -> str:
    href = _href(url)
    if href is None:
        return esc(label)
    tip = f' title="{esc(title)}"' if title else ""
    return f'<a href="{href}" rel="noopener noreferrer"{tip}>{esc(label)}</a>'


def render_html(reports: list[StoryReport], *, generated_at: str, state: str) -> str:
    title = reports[0].story.title if len(reports) == 1 else "newsclaims fact-check report"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f'<meta name="generator" content="newsclaims"><meta name="newsclaims-state" '
        f'content="{esc(state)}">',
        f"<title>{esc(one_line(title))} · newsclaims</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>newsclaims fact-check report</h1>",
        f'<p class="muted">Generated {esc(generated_at)} · '
        f"{plural(len(reports), 'story', 'stories')}. Findings come first, most severe first; "
        "each quote links to its article.</p>",
    ]
    full, brief = split_brief(reports)
    if len(full) > 1 or (full and brief):
        parts.append("<nav><ol>")
        for report in full:
            counts = report.severity_counts()
            parts.append(
                f'<li><a href="#story-{esc(report.story.id)}">{esc(one_line(report.story.title))}'
                f"</a> <span class=\"muted\">({counts['high']} high, {counts['medium']} medium)"
                "</span></li>"
            )
        if brief:
            parts.append(f'<li><a href="#brief">{plural(len(brief), "story", "stories")} '
                         "covered by one article</a></li>")
        parts.append("</ol></nav>")
    parts.append("</header><main>")
    if not reports:
        parts.append('<p class="summary">No story in the database yet: no article could be '
                     "grouped with another, or nothing has been crawled.</p>")
    for report in full:
        parts += _story(report)
    if brief:
        parts += _brief(brief)
    parts.append('</main><footer class="page">Written by newsclaims. Values are shown as each '
                 "outlet wrote them; agreement is judged on the normalised values.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _brief(reports: list[StoryReport]) -> list[str]:
    out = [
        '<section class="story" id="brief"><h2>Stories covered by one article</h2>',
        '<p class="summary">Nothing to cross-check in these yet. <code>newsclaims report --story '
        "ID</code> shows one in full.</p>",
        '<div class="scroll"><table><thead><tr><th>Story</th><th>Outlet</th><th>Published</th>'
        "<th>Figures</th><th>Id</th></tr></thead><tbody>",
    ]
    for report in reports:
        article = report.articles[0] if report.articles else None
        out.append(
            f"<tr><td>{esc(one_line(report.story.title))}</td>"
            f"<td>{_link(outlet_label(article), article.url) if article else ''}</td>"
            f"<td>{esc(published_label(article.published if article else None))}</td>"
            f"<td>{len(report.facts)}</td><td><code>{esc(report.story.id)}</code></td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return out


def _story(report: StoryReport) -> list[str]:
    story = report.story
    out = [
        f'<section class="story" id="story-{esc(story.id)}">',
        f"<h2>{esc(one_line(story.title))}</h2>",
        f'<p class="summary">{esc(story_summary(report))} · story <code>{esc(story.id)}</code></p>',
    ]
    out += _findings(report)
    out += _matrix(report)
    out += _single_source(report)
    out += _timeline(report)
    out += _sources(report)
    out.append("</section>")
    return out


def _evidence(ev: Evidence) -> str:
    marked = "".join(f"<mark>{esc(t)}</mark>" if fig else esc(t)
                     for t, fig in spans(ev.sentence, ev.claims))
    quote = f"<p>“{marked}”</p>" if ev.sentence else ""
    figure = f" · <q>{esc(ev.figures)}</q>" if ev.figures else ""
    cited = ", ".join(_link(e.outlet, e.url) for e in ev.sources)
    return f"<blockquote>{quote}<footer>— {cited}{figure}</footer></blockquote>"


def _fact_link(report: StoryReport, fact_id: str | None) -> str:
    """A link from a finding to its fact's row of the matrix, when the row is there."""
    if not fact_id or not any(v.fact.id == fact_id for v in report.matrix_facts()):
        return ""
    return f' · <a class="to-fact" href="#fact-{esc(fact_id)}">the fact in the table ↓</a>'


def _findings(report: StoryReport) -> list[str]:
    out = ["<h3>Findings</h3>"]
    singles = len(report.single_source_facts())
    if singles and len(report.articles) > 1:
        out.append(f'<p class="muted">{plural(singles, "fact is", "facts are")} stated by '
                   f'one outlet only: see <a href="#single-{esc(report.story.id)}">below</a>.</p>')
    if not report.disputes:
        if len(report.articles) < 2:
            text = "Only one article covers this story, so nothing could be cross-checked."
        else:
            text = "No disagreement was found between the outlets."
        return [*out, f'<p class="muted">{text}</p>']
    out.append('<ol class="findings">')
    for finding in report.disputes:
        names = sorted({report.outlet(a) for a in finding.article_ids})
        outlets = ("between " if len(names) > 1 else "in ") + join_names(names)
        evidence = evidence_of(report, finding)
        out.append(
            f'<li class="finding finding-{esc(finding.severity)}"><div class="finding-head">'
            f'<span class="badge sev-{esc(finding.severity)}">{esc(finding.severity)}</span> '
            f'<span class="kind">{esc(kind_label(finding.kind))}</span> '
            f'<span class="muted">{esc(outlets)}</span>{_fact_link(report, finding.fact_id)}</div>'
            f"<p>{esc(brief_explanation(finding, evidence))}</p>"
        )
        out += [_evidence(ev) for ev in evidence]
        out.append("</li>")
    out.append("</ol>")
    return out


def _cell(report: StoryReport, view: FactView, article_id: str) -> str:
    state = view.cell_state(article_id)
    claims = view.claims_of(article_id)
    if state is None:
        return '<td class="absent" title="not stated">—</td>'
    # A figure an article repeats (lede and body) is shown once; the tip keeps every sentence.
    values = "<br>".join(esc(v) for v in dict.fromkeys(claim_value(c) for c in claims))
    tip = " | ".join(one_line(c.sentence) for c in claims)
    return (f'<td class="{state}" title="{esc(tip)}"><span aria-label="{esc(CELL_WORD[state])}">'
            f"{CELL_MARK[state]}</span> {values}</td>")


def _matrix(report: StoryReport) -> list[str]:
    out = ["<h3>Facts × outlets</h3>"]
    if not report.facts:
        return [*out, '<p class="muted">No figures or dated events were found in these '
                "articles.</p>"]
    rows = report.matrix_facts()
    note = single_source_note(report)
    if not rows:
        return [*out, f'<p class="muted">{esc(note)}</p>']
    articles = [a for a in report.articles if any(v.claims_of(a.id) for v in rows)]
    labels = article_labels(report)
    head = "".join(
        f'<th scope="col">{_link(labels[a.id], a.url, title=one_line(a.title))}'
        f'<div class="sub">{esc(article_note(report, a))}</div></th>'
        for a in articles
    )
    out += [
        '<div class="scroll"><table class="matrix"><thead><tr><th scope="col">Fact</th>'
        f'<th scope="col">Period</th><th scope="col">Status</th>{head}</tr></thead><tbody>'
    ]
    for view in rows:
        fact = view.fact
        cells = "".join(_cell(report, view, a.id) for a in articles)
        out.append(
            f'<tr class="status-{esc(fact.status)}" id="fact-{esc(fact.id)}">'
            f'<th scope="row">{esc(fact.description)}</th>'
            f'<td class="period">{esc(fact_period(fact))}</td>'
            f"<td>{esc(kind_label(fact.status))}</td>{cells}</tr>"
        )
    out.append("</tbody></table></div>")
    legend = "".join(
        f'<span><i style="background:var(--{k})"></i>{CELL_MARK[k]} {esc(v)}</span>'
        for k, v in MATRIX_LEGEND.items()
    )
    out.append(f'<p class="legend">{legend}<span>— not stated</span></p>')
    if note:
        out.append(f'<p class="muted"><a href="#single-{esc(report.story.id)}">{esc(note)}</a></p>')
    return out


def _single_source(report: StoryReport) -> list[str]:
    out = [f'<h3 id="single-{esc(report.story.id)}">Facts stated by one outlet only</h3>']
    views = report.single_source_facts()
    if not report.facts:
        return [*out, '<p class="muted">None.</p>']
    if not views:
        return [*out, '<p class="muted">None: every fact is stated by at least two '
                "outlets.</p>"]
    # Collapsed: on a real story this is a list of some forty facts that nobody disputes,
    # which pushed the sources and the timeline a few screens down. <details> needs no script
    # (the page allows none); the summary line gives the count.
    out.append(f'<details class="single-list"><summary>{plural(len(views), "fact")} stated by '
               "one outlet only (figures and dated events, each with its sentence): show the "
               "list</summary>")
    out.append("<ul>")
    labels = article_labels(report)
    for view in views:
        for st in statements(report, view.claims):
            where = ", ".join(_link(labels[a.id], quote_link(a.url, st.sentence))
                              for a in st.articles)
            claims = (st.claim,) if st.claim else ()
            quote = "".join(f"<mark>{esc(t)}</mark>" if fig else esc(t)
                            for t, fig in spans(st.sentence, claims))
            out.append(
                f"<li><strong>{esc(view.fact.description)}</strong>: "
                f"{esc(st.value)} — {where}: “{quote}”</li>"
            )
    out.append("</ul></details>")
    return out


def _timeline_item(report: StoryReport, entry: TimelineEntry) -> str:
    when = esc(compact_period(entry.date, entry.end))
    if entry.kind == "article":
        when = esc(published_label(entry.date))
        article = report.article_by_id[entry.article_ids[0]]
        what = (f"{esc(outlet_label(article))}: "
                f"{_link(one_line(entry.label), article.url)}")
        kind = "published"
    else:
        outlets = join_names(sorted({report.outlet(a) for a in entry.article_ids}))
        place = f" · {esc(entry.place)}" if entry.place else ""
        label = re.sub(r"^event:\s*", "", one_line(entry.label), flags=re.IGNORECASE)
        what = f"{esc(label)} <span class=\"muted\">({esc(outlets)})</span>{place}"
        kind = "event"
    return (f'<li class="tl-{entry.kind}"><time datetime="{esc(entry.date)}">{when}</time>'
            f'<span class="tl-kind">{kind}</span>{what}</li>')


def _timeline(report: StoryReport) -> list[str]:
    entries = report.timeline()
    out = ["<h3>Timeline</h3>"]
    if not entries:
        return [*out, '<p class="muted">No article or event of this story carries a date.</p>']
    out.append('<ol class="timeline">')
    out += [_timeline_item(report, e) for e in entries]
    out.append("</ol>")
    return out


def _sources(report: StoryReport) -> list[str]:
    copies = report.duplicates()
    out = [
        "<h3>Sources and syndication</h3>",
        f"<p>{plural(len(report.articles), 'article')}, "
        f"<strong>{plural(report.story.independent_sources, 'independent source')}</strong> "
        "once copies are folded into their original.</p>",
        '<div class="scroll"><table><thead><tr><th>Outlet</th><th>Title</th><th>Published</th>'
        "<th>Copy of</th></tr></thead><tbody>",
    ]
    labels = article_labels(report)
    for article in report.articles:
        original = copies.get(article.id, "")
        copy_of = esc(labels.get(original, original))
        out.append(
            f"<tr><td>{esc(labels[article.id])}</td>"
            f"<td>{_link(one_line(article.title) or '(untitled)', article.url)}</td>"
            f"<td>{esc(published_label(article.published))}</td><td>{copy_of}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out
