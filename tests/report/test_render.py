"""What the four report formats show a fact-checker, checked on a hand-written database."""

from __future__ import annotations

import json
import re
import typing
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import jsonschema
import pytest
import sqlite_utils
from markdown_it import MarkdownIt

from extractor import store as dbmod
from extractor.core import records
from extractor.core.errors import NotFoundError
from extractor.report import EmptyReportError, gather, render
from extractor.report.data import outlet_of
from extractor.report.jsonout import load_schema
from extractor.report.text import compact_period, quote_link

HOSTILE = "<script>window.__pwned = 1"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


# --------------------------------------------------------------------------- order and content


def test_findings_come_first_most_severe_first(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    high, medium = (md.index(s) for s in ("**HIGH", "**MEDIUM"))
    assert md.index("### Findings") < high < medium < md.index("### Facts × outlets")
    findings = md.split("### Findings")[1].split("###")[0]
    # Single-source notices are not disputes: their section lists them, the findings point to it.
    assert "single source" not in findings
    pointer = "1 fact is stated by one outlet only: see *Facts stated by one outlet only*"
    assert pointer in findings
    assert md.index("### Facts × outlets") < md.index("### Facts stated by one outlet only")
    assert md.index("### Facts stated by one outlet only") < md.index("### Sources")


def test_evidence_is_quoted_and_linked_to_its_article(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    line = next(x for x in md.splitlines() if "The breakthrough came at" in x)
    assert line.lstrip().startswith(">")
    # The whole sentence is quoted, with the disputed words in bold.
    assert "“The breakthrough came at **talks in Lisbon in June**.”" in line
    assert "(<https://www.blog.example/talks#:~:text=The%20breakthrough" in line
    oslo = next(x for x in md.splitlines() if "meeting in Oslo on June 12**.”" in x)
    assert "[Wire Service](<https://wireservice.example/a1#:~:text=" in oslo


def test_matrix_marks_agreement_and_dispute_per_outlet(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    header = next(x for x in md.splitlines() if x.startswith("| Fact |"))
    outlets = [c.strip() for c in header.strip("|").split("|")][3:]
    row = next(x for x in md.splitlines() if x.startswith("| change in exports"))
    cells = dict(zip(outlets, [c.strip() for c in row.strip("|").split("|")][3:], strict=True))
    assert cells["Daily Planet"] == "✗ 54%"
    assert cells["Wire Service"] == "✗ 45%"
    # The syndicated copy says what its original says, so it is just as much in dispute.
    assert cells["Copy Times"] == "✗ 45%"
    assert cells["blog.example"] == ""
    agreed = next(x for x in md.splitlines() if x.startswith("| widget exports in June"))
    assert agreed.count("✓") == 4 and "3,188 tons" in agreed and "| 2025-06 |" in agreed


def test_single_source_and_syndication_are_reported(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    single = md.split("### Facts stated by one outlet only")[1].split("###")[0]
    assert "**mining quota for 2025**: 270,000 tons" in single
    sources = md.split("### Sources and syndication")[1]
    assert "4 articles, 3 independent sources" in sources
    assert "(copy of Wire Service)" in sources


def test_story_with_one_article_and_no_numbers_says_so(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-lonely")
    assert "Only one article covers this story, so nothing could be cross-checked." in md
    assert "No figures or dated events were found in these articles." in md
    assert "s-trade" not in md
    html = render(report_db, "html", "s-lonely")
    assert "nothing could be cross-checked" in html


def test_unknown_story_and_empty_database_raise_clear_errors(
    report_db: sqlite_utils.Database, db: sqlite_utils.Database
) -> None:
    with pytest.raises(NotFoundError, match=r"no story 'nope' in .*newsclaims\.db"):
        render(report_db, "md", "nope")
    # A unique prefix is enough; an ambiguous one names the candidates.
    assert "## A quiet day" in render(report_db, "md", "s-l")
    with pytest.raises(NotFoundError, match=r"story id 's-' is ambiguous in .*: s-lonely, "
                                            r"s-trade start with it$"):
        render(report_db, "md", "s-")


def test_empty_database_names_the_next_step(db: sqlite_utils.Database) -> None:
    with pytest.raises(EmptyReportError, match="holds no articles yet: run `newsclaims run`"):
        gather(db)


# --------------------------------------------------------------------------- terminal


def test_term_fits_80_columns_and_keeps_text_verbatim(report_db: sqlite_utils.Database) -> None:
    text = render(report_db, "term")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in text
    assert all(line == line.rstrip() for line in lines)
    assert any("HIGH" in line and "place conflict" in line for line in lines)
    # rich markup is never parsed from article text: the title's brackets and tags survive.
    assert HOSTILE in text.replace("\n", "")
    assert text.index("HIGH") < text.index("MEDIUM") < text.index("Facts × outlets")


def test_term_colour_is_opt_in(report_db: sqlite_utils.Database) -> None:
    assert "\x1b[" in render(report_db, "term", color=True)


# --------------------------------------------------------------------------- markdown


def test_markdown_renders_tables_and_no_article_html(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md")
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html
    assert "&lt;script&gt;window.__pwned = 1" in html  # the hostile title, as text
    tags = parse(html)
    assert sum(1 for t, _ in tags.tags if t == "table") == 1  # the lonely story has no matrix
    hrefs = [a["href"] or "" for t, a in tags.tags if t == "a"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_markdown_links_all_render_and_local_files_show_their_path(
    report_db: sqlite_utils.Database,
) -> None:
    """Markdown renderers refuse file: links and print `[label](<file:…>)` raw: not in ours."""
    report_db.execute("update articles set url = 'file:///data/feeds/a1.html' where id = 'a1'")
    report_db.conn.commit()
    md = render(report_db, "md", "s-trade")
    html = MarkdownIt("commonmark").enable("table").render(md)
    text = "".join(parse(html).text)
    assert "](" not in text and "](<" not in md.replace("](<https://", "")
    hrefs = [a["href"] or "" for t, a in parse(html).tags if t == "a"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    sources = text.split("Sources and syndication")[1]
    assert "Wire Service, 2025-07-20: Widget exports surge in June · file:///data/feeds/a1.html" \
        in sources
    # Evidence reads as a quote followed by who said it.
    assert "” — Wire Service" in text


# --------------------------------------------------------------------------- html


def test_html_is_self_contained_and_escapes_article_text(report_db: sqlite_utils.Database) -> None:
    html = render(report_db, "html")
    tags = parse(html)
    names = [t for t, _ in tags.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names
    assert not [a for _, a in tags.tags if "src" in a]
    assert "<script" not in html.lower()
    sources = parse(html.split("<h3>Sources and syndication</h3>")[1])
    assert any(HOSTILE in t for t in sources.text)  # shown, as text
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_html_matrix_is_coloured_by_agreement(report_db: sqlite_utils.Database) -> None:
    html = render(report_db, "html", "s-trade")
    cells = re.findall(r'<td class="(agree|dispute|single|update|absent)"[^>]*>(.*?)</td>', html)
    by_state: dict[str, list[str]] = {}
    for state, content in cells:
        by_state.setdefault(state, []).append(content)
    assert any("54%" in c for c in by_state["dispute"])
    assert sum("3,188" in c for c in by_state["agree"]) == 4
    assert "td.dispute{background:var(--dispute)" in html


def _matrix_rows(text: str, fmt: str) -> list[str]:
    """The fact labels of the matrix rows, top to bottom."""
    if fmt == "html":
        table = text.split('<table class="matrix">')[1].split("</table>")[0]
        return re.findall(r'<th scope="row">(.*?)</th>', table)
    if fmt == "md":
        table = text.split("### Facts × outlets")[1].split("\n\n")[1]
        return [line.split(" | ")[0].removeprefix("| ") for line in table.splitlines()[2:]]
    section = text.split("Facts × outlets")[1].split("Facts stated by one outlet only")[0]
    # rich's table: indented rows under a rule; the fact is the first column.
    return [line.strip() for line in section.splitlines()
            if line.startswith(" ") and not line.strip().startswith(("─", "Fact"))]


@pytest.mark.parametrize("fmt", ["html", "md", "term"])
def test_matrix_keeps_single_source_rows_apart_and_disputes_first(
    report_db: sqlite_utils.Database, fmt: str
) -> None:
    text = render(report_db, fmt, "s-trade")
    rows = _matrix_rows(text, fmt)
    joined = "\n".join(rows)
    # The one-outlet fact is listed below, not drawn as a row with one filled cell.
    assert "mining quota" not in joined
    flat = " ".join(text.split())  # the terminal wraps the note
    assert "1 more fact is stated by one outlet only (nothing to compare): listed below." in flat
    single = text.rsplit("Facts stated by one outlet only", 1)[1]
    assert "mining quota for 2025" in single and "270,000 tons" in single
    # Both disputed facts lead, the agreed one follows.
    agreed = joined.index("widget exports in")
    assert joined.index("change in exports") < agreed and joined.index("deal agreed") < agreed


def test_a_disputed_one_outlet_fact_stays_in_the_matrix(report_db: sqlite_utils.Database) -> None:
    story = next(s for s in dbmod.iter_stories(report_db) if s.id == "s-trade")
    facts = list(dbmod.iter_facts(report_db, story.id))
    quota = next(f for f in facts if f.id == "f-quota")
    findings = [*dbmod.iter_findings(report_db, story.id), records.Finding(
        id="fd-inner", story_id=story.id, kind="internal_inconsistency", severity="low",
        fact_id=quota.id, article_ids=("a4",), claim_ids=quota.claim_ids,
        explanation="blog.example gives two quotas.", evidence=())]
    dbmod.replace_story(report_db, story, facts, findings)
    html = render(report_db, "html", "s-trade")
    rows = _matrix_rows(html, "html")
    assert "mining quota for 2025" in rows
    # Disputed rows first: the quota, although stated by one outlet, comes before agreed facts.
    assert rows.index("mining quota for 2025") < rows.index("widget exports in June")
    assert "stated by one outlet only (nothing to compare)" not in html


def test_html_timeline_orders_events_and_articles(report_db: sqlite_utils.Database) -> None:
    html = render(report_db, "html", "s-trade")
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    dates = re.findall(r'<time datetime="([^"]+)"', timeline)
    assert dates == sorted(dates, key=lambda d: d[:10])
    assert dates[0] == "2025-06-12"  # the event comes before the articles that report it
    assert "in Lisbon (blog.example)" in timeline
    assert "in Oslo (Copy Times, Wire Service)" in timeline


def test_javascript_urls_never_become_links(db: sqlite_utils.Database) -> None:
    article = records.Article(
        id="js", url="javascript:alert(1)", canonical_url="javascript:alert(1)", outlet=None,
        title="Click me", text="Nothing here.", text_hash="0",
    )
    db.table("articles").insert(dbmod.to_row(article, exclude=["raw_html"]))
    dbmod.replace_story(db, records.Story(id="s", title="t", article_ids=("js",),
                                          independent_sources=1), [], [])
    for fmt in ("html", "md"):
        out = render(db, fmt)
        assert "Click me" in out
        assert "](<javascript:" not in out
        if fmt == "html":
            assert "javascript:" not in "".join(a.get("href") or "" for _, a in parse(out).tags)


# --------------------------------------------------------------------------- json


def test_json_report_validates_against_the_schema(report_db: sqlite_utils.Database) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    # The version the schema file itself declares, in its `const` and in its `$id`.
    declared = schema["properties"]["schema_version"]["const"]
    assert re.fullmatch(r"\d+\.\d+", declared)
    assert schema["$id"] == f"urn:newsclaims:report-schema:{declared}"
    for story_id in (None, "s-trade", "s-lonely"):
        payload = json.loads(render(report_db, "json", story_id))
        jsonschema.Draft202012Validator(schema).validate(payload)
        assert payload["schema_version"] == declared
    # A report claiming another version than the file describes is refused by the schema.
    payload["schema_version"] = "1.0" if declared != "1.0" else "2.0"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(payload)


# Every field issue 5 lists, plus `field` on claims (schema 1.1): in every report, required and
# described by the schema.
ISSUE_FIELDS = {
    "story": ("", ["id", "title", "articles", "facts", "findings"]),
    "article": ("articles", ["id", "url", "outlet", "published"]),
    "fact": ("facts", ["id", "description", "unit", "basis", "period_start", "period_end",
                       "status", "claims"]),
    "claim": ("facts.claims", ["article_id", "value", "unit", "text", "sentence", "start", "end",
                               "field"]),
    "finding": ("findings", ["kind", "severity", "article_ids", "claim_ids", "explanation"]),
}


def _objects(story: dict[str, Any], path: str) -> list[dict[str, Any]]:
    found = [story]
    for key in filter(None, path.split(".")):
        found = [item for obj in found for item in obj[key]]
    return found


def test_json_report_holds_and_documents_every_issue_field(
    report_db: sqlite_utils.Database,
) -> None:
    schema = load_schema()["$defs"]
    payload = json.loads(render(report_db, "json"))
    for definition, (path, fields) in ISSUE_FIELDS.items():
        spec = schema[definition]
        objects = [o for story in payload["stories"] for o in _objects(story, path)]
        assert objects, definition  # the fixture exercises each kind of object
        for name in fields:
            assert name in spec["required"], (definition, name)
            assert spec["properties"][name].get("description"), (definition, name)
            assert all(name in obj for obj in objects), (definition, name)
    claims = _objects(payload["stories"][0], "facts.claims")
    assert {c["field"] for c in claims} == {"text"}


def test_json_report_carries_the_documented_fields(report_db: sqlite_utils.Database) -> None:
    payload = json.loads(render(report_db, "json", "s-trade"))
    story = payload["stories"][0]
    assert {"id", "title", "articles", "facts", "findings"} <= story.keys()
    assert {"id", "url", "outlet", "published"} <= story["articles"][0].keys()
    assert [f["severity"] for f in story["findings"]] == ["high", "medium", "info"]
    texts = {a["id"]: a for a in story["articles"]}
    assert texts["a4"]["outlet"] == "blog.example"  # no outlet name: the host
    fact = next(f for f in story["facts"] if f["id"] == "f-change")
    assert fact["status"] == "conflict"
    values = sorted(c["value"] for c in fact["claims"])
    assert values == [45.0, 45.0, 54.0]
    for claim in fact["claims"]:
        assert {"article_id", "value", "unit", "text", "sentence", "start", "end"} <= claim.keys()
        assert claim["text"] in claim["sentence"]


def test_json_claim_offsets_point_into_the_article_text(report_db: sqlite_utils.Database) -> None:
    payload = json.loads(render(report_db, "json"))
    for story in payload["stories"]:
        for fact in story["facts"]:
            for claim in fact["claims"]:
                row = report_db.table("articles").get(claim["article_id"])
                text = row[claim["field"]]
                assert text[claim["start"]:claim["end"]] == claim["text"]


def test_schema_enums_follow_the_records() -> None:
    schema = load_schema()["$defs"]
    pairs = {
        ("finding", "kind"): records.FindingKind,
        ("fact", "status"): records.FactStatus,
        ("claim", "qualifier"): records.Qualifier,
        ("claim", "kind"): records.ClaimKind,
    }
    for (definition, prop), literal in pairs.items():
        assert set(schema[definition]["properties"][prop]["enum"]) == set(typing.get_args(literal))
    assert set(schema["severity"]["enum"]) == set(typing.get_args(records.Severity))
    basis = set(schema["fact"]["properties"]["basis"]["enum"]) - {None}
    assert basis == set(typing.get_args(records.Basis))


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2025-06-01", "2025-06-30", "2025-06"),
        ("2025-01-01", "2025-12-31", "2025"),
        ("2025-01-01", "2025-06-30", "2025-01 – 2025-06"),
        ("2025-06-12", "2025-06-12", "2025-06-12"),
        ("2025-06-12", "2025-06-20", "2025-06-12 – 2025-06-20"),
        ("2024-02-01", "2024-02-29", "2024-02"),
        (None, None, ""),
    ],
)
def test_periods_read_as_people_say_them(start: str | None, end: str | None, shown: str) -> None:
    assert compact_period(start, end) == shown


def test_quote_links_scroll_to_the_sentence() -> None:
    sentence = "Prices rose 5%  in the\nlast quarter of a well-known, odd-run year."
    link = quote_link("https://x.example/a?b=1#top", sentence)
    # The first and last four words, with the fragment syntax characters - , & escaped.
    assert link == ("https://x.example/a?b=1#:~:text=Prices%20rose%205%25%20in,"
                    "a%20well%2Dknown%2C%20odd%2Drun%20year.")
    short = quote_link("https://x.example/a", "Prices rose 5% in June.")
    assert short == "https://x.example/a#:~:text=Prices%20rose%205%25%20in%20June."
    assert quote_link("file:///tmp/a.html", "Anything.") == "file:///tmp/a.html"


# --------------------------------------------------------------------------- many stories


def test_stories_with_severe_findings_come_first(report_db: sqlite_utils.Database) -> None:
    # s-lonely is the newer story, but s-trade holds the high finding: it leads every format.
    assert [r.story.id for r in gather(report_db)] == ["s-trade", "s-lonely"]
    payload = json.loads(render(report_db, "json"))
    assert [s["id"] for s in payload["stories"]] == ["s-trade", "s-lonely"]


def test_one_article_stories_are_listed_briefly(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md")
    assert "## A quiet day" not in md
    brief = md.split("## Stories covered by one article")[1]
    entry = "- **A quiet day**: [Harbour News](<https://harbournews.example/a5>), 2025-07-22"
    assert entry in brief
    assert "`s-lonely`" in brief
    html = render(report_db, "html")
    assert '<a href="#brief">1 story covered by one article</a>' in html
    assert "A quiet day" in html.split('id="brief"')[1]
    term = render(report_db, "term")
    assert "Stories covered by one article" in term and "s-lonely" in term


def test_local_files_are_named_by_their_headline(db: sqlite_utils.Database) -> None:
    """An ingested file has no outlet: its headline's first words name it, else its file name."""
    article = records.Article(
        id="f", url="file:///data/seeds/003_abc.txt", canonical_url="file:///data/seeds/003_abc.txt",
        outlet=None, title="China Resumes Rare Earth Magnet Exports After Trade Truce", text="x",
        text_hash="0",
    )
    assert outlet_of(article) == "China Resumes Rare Earth…"
    assert outlet_of(replace(article, title="Short one")) == "Short one"
    assert outlet_of(replace(article, title=None)) == "003_abc.txt"
    assert outlet_of(replace(article, site_name="Seeds Daily")) == "Seeds Daily"


def test_term_lists_facts_when_outlets_outnumber_the_columns(db: sqlite_utils.Database) -> None:
    ids = []
    for i in range(7):
        text = f"Output was {100 + i} tonnes in June."
        db.table("articles").insert(dbmod.to_row(records.Article(
            id=f"m{i}", url=f"https://outlet{i}.example/x", canonical_url=f"https://o{i}/x",
            outlet=f"Outlet number {i}", title="Output", text=text, text_hash=str(i),
        ), exclude=["raw_html"]))
        figure = f"{100 + i} tonnes"
        dbmod.replace_claims(db, f"m{i}", [records.Claim(
            id=f"m{i}c", article_id=f"m{i}", kind="quantity", text=figure,
            start=text.index(figure), end=text.index(figure) + len(figure), sentence=text,
            value=100.0 + i, unit="tonne")], pipeline="t")
        ids.append(f"m{i}")
    fact = records.Fact(id="f", story_id="s", kind="quantity", description="output in June",
                        claim_ids=tuple(f"{a}c" for a in ids), article_ids=tuple(ids),
                        status="conflict")
    dbmod.replace_story(db, records.Story(id="s", title="Output", article_ids=tuple(ids),
                                          independent_sources=7), [fact], [])
    text = render(db, "term")
    assert max(len(line) for line in text.splitlines()) <= 80
    for i in range(7):  # a conflict no finding explains: every statement is in dispute
        assert re.search(rf"✗ Outlet number {i} \[{i + 1}\] +{100 + i} tonnes", text)


def test_evidence_quotes_each_claims_own_sentence_once(report_db: sqlite_utils.Database) -> None:
    from extractor.report.text import evidence_of

    report = gather(report_db, "s-trade")[0]
    c = {(cl.article_id, cl.text): cl.id for cl in report.claims.values()}
    finding = records.Finding(
        id="x", story_id="s-trade", kind="value_conflict", severity="high",
        article_ids=("a1", "a2"),
        # Two figures of one sentence of a1, and one of a2; the evidence is deduplicated and in
        # another order than the claims, as a reconciler may well write it.
        claim_ids=(c["a1", "3,188 tonnes"], c["a2", "54%"], c["a1", "45%"]),
        evidence=("Shipments to the US jumped 54% on the month.",
                  "Widget exports reached 3,188 tonnes in June, customs data showed.",
                  "Exports to the US rose 45% from May.", "The deal was agreed at a meeting in "
                  "Oslo on June 12."),
        explanation="test",
    )
    evidence = evidence_of(report, finding)
    pairs = [(e.outlet, e.sentence, e.figures) for e in evidence]
    assert pairs == [
        ("Wire Service", "Widget exports reached 3,188 tonnes in June, customs data showed.",
         "3,188 tonnes"),
        ("Daily Planet", "Shipments to the US jumped 54% on the month.", "54%"),
        ("Wire Service", "Exports to the US rose 45% from May.", "45%"),
        # A sentence no claim accounts for is kept, attributed to the article that holds it.
        ("Wire Service", "The deal was agreed at a meeting in Oslo on June 12.", ""),
    ]


def test_label_findings_dispute_only_the_named_articles(report_db: sqlite_utils.Database) -> None:
    story = next(s for s in dbmod.iter_stories(report_db) if s.id == "s-trade")
    facts = list(dbmod.iter_facts(report_db, "s-trade"))
    findings = list(dbmod.iter_findings(report_db, "s-trade"))
    total = next(f for f in facts if f.id == "f-total")
    a1, a2 = (next(c for c in total.claim_ids if c.startswith(a)) for a in ("a1:", "a2:"))
    findings += [
        # a2 calls the figure something else; a1's claim is named as the reference side.
        records.Finding(id="lab", story_id="s-trade", kind="mislabelled_object", severity="medium",
                        fact_id="f-total", article_ids=("a2",), claim_ids=(a2, a1),
                        explanation="Daily Planet calls widget exports total exports."),
        # An info note that the arithmetic holds disputes nothing.
        records.Finding(id="ari", story_id="s-trade", kind="arithmetic", severity="info",
                        fact_id="f-total", article_ids=("a1",), claim_ids=(a1,),
                        explanation="Consistent."),
    ]
    dbmod.replace_story(report_db, story, facts, findings)
    md = render(report_db, "md", "s-trade")
    row = next(x for x in md.splitlines() if x.startswith("| widget exports in June"))
    assert row.count("✗") == 1 and "✗ 3,188 tons" in row and row.count("✓") == 3


def test_explanations_do_not_repeat_the_quotes_shown_below(
    report_db: sqlite_utils.Database,
) -> None:
    from extractor.report.text import brief_explanation, evidence_of

    report = gather(report_db, "s-trade")[0]
    claim = next(c for c in report.claims.values() if c.text == "54%")
    finding = records.Finding(
        id="x", story_id="s-trade", kind="value_conflict", severity="high", article_ids=("a2",),
        claim_ids=(claim.id,), explanation=(
            "Daily Planet says 54% where two outlets say 45%. Daily Planet: "
            '"Shipments to the US jumped 54% on the month." (and 1 more).'))
    assert brief_explanation(finding, evidence_of(report, finding)) == (
        "Daily Planet says 54% where two outlets say 45%.")
    plain = records.Finding(id="y", story_id="s-trade", kind="value_conflict", severity="high",
                            article_ids=(), claim_ids=(), explanation="No quotes here.  At all.")
    assert brief_explanation(plain, []) == "No quotes here. At all."
    # Quotes inside a sentence give way to their outlets' names, so the sentence still reads.
    inline = records.Finding(
        id="z", story_id="s-trade", kind="place_conflict", severity="high",
        article_ids=("a4", "a1"), claim_ids=(), explanation=(
            'Only blog.example places it in Lisbon (blog.example: "The breakthrough came at '
            'talks in Lisbon in June.", without a day); 1 other report dates it 2025-06-12: '
            'Wire Service (copy of x): "The deal was agreed at a meeting in Oslo on June 12.".'),
        evidence=("The breakthrough came at talks in Lisbon in June.",
                  "The deal was agreed at a meeting in Oslo on June 12."))
    assert brief_explanation(inline, evidence_of(report, inline)) == (
        "Only blog.example places it in Lisbon (blog.example, without a day); 1 other report "
        "dates it 2025-06-12: Wire Service (copy of x).")


def test_columns_of_one_outlet_are_told_apart(db: sqlite_utils.Database) -> None:
    for aid, dup in (("o1", None), ("o2", "o1"), ("o3", None)):
        text = f"Output was 5 tonnes in {aid}."
        db.table("articles").insert(dbmod.to_row(records.Article(
            id=aid, url=f"https://same.example/{aid}", canonical_url=f"https://same.example/{aid}",
            outlet="Same Outlet" if aid != "o3" else "Other", title=aid, text=text,
            text_hash=aid, published="2025-07-0" + aid[1], duplicate_of=dup),
            exclude=["raw_html"]))
        dbmod.replace_claims(db, aid, [records.Claim(
            id=f"{aid}c", article_id=aid, kind="quantity", text="5 tonnes", start=11, end=19,
            sentence=text, value=5.0, unit="tonne")], pipeline="t")
    fact = records.Fact(id="f", story_id="s", kind="quantity", description="output",
                        claim_ids=("o1c", "o2c", "o3c"), article_ids=("o1", "o2", "o3"),
                        status="agreed")
    # A self-pair in `syndicated` (an original listed as its own copy) is ignored.
    dbmod.replace_story(db, records.Story(id="s", title="Output", article_ids=("o1", "o2", "o3"),
                                          independent_sources=2,
                                          syndicated=(("o1", "o1"), ("o2", "o1"))), [fact], [])
    md = render(db, "md")
    assert "| Fact | Period | Status | Same Outlet (1) | Same Outlet (2) | Other |" in md
    assert "(copy of Same Outlet (1))" in md
    html = render(db, "html")
    assert '<div class="sub">copy of Same Outlet (1)</div>' in html
    assert '<div class="sub">2025-07-03</div>' in html
    assert '<div class="sub">2025-07-01</div>' in html  # o1: not "copy of" itself
    assert "copy of Same Outlet (1))" not in md.split("Same Outlet (1)](")[1].split("\n")[0]


def test_mislabelled_figures_are_told_from_rightly_labelled_ones(
    db: sqlite_utils.Database,
) -> None:
    objects = {"r1": "magnet", "r2": "rare-earth magnets", "r3": "precious metals", "r4": None}
    for aid, obj in objects.items():
        text = f"Exports of {obj or 'goods'} were 3,188 tons in June."
        db.table("articles").insert(dbmod.to_row(records.Article(
            id=aid, url=f"https://{aid}.example/", canonical_url=f"https://{aid}.example/",
            outlet=f"Outlet {aid}", title=aid, text=text, text_hash=aid), exclude=["raw_html"]))
        start = text.index("3,188 tons")
        dbmod.replace_claims(db, aid, [records.Claim(
            id=f"{aid}c", article_id=aid, kind="quantity", text="3,188 tons", start=start,
            end=start + 10, sentence=text, value=3188.0, unit="tonne", object=obj)],
            pipeline="t")
    ids = tuple(objects)
    fact = records.Fact(id="f", story_id="s", kind="quantity", description="exports",
                        claim_ids=tuple(f"{a}c" for a in ids), article_ids=ids, status="agreed",
                        object="magnet")
    finding = records.Finding(  # names both sides, as a reconciler may
        id="m", story_id="s", kind="mislabelled_object", severity="medium", fact_id="f",
        article_ids=("r1", "r2", "r3"), claim_ids=("r1c", "r2c", "r3c"),
        explanation="Outlet r3 calls the figure precious metals.")
    dbmod.replace_story(db, records.Story(id="s", title="Exports", article_ids=ids,
                                          independent_sources=4), [fact], [finding])
    view = gather(db)[0].facts[0]
    assert {a: view.cell_state(a) for a in ids} == {
        "r1": "agree", "r2": "agree", "r3": "dispute", "r4": "agree"}


def test_figures_are_highlighted_inside_their_quotes(report_db: sqlite_utils.Database) -> None:
    html = render(report_db, "html", "s-trade")
    assert "<p>“Shipments to the US jumped <mark>54%</mark> on the month.”</p>" in html
    from extractor.report.text import spans

    claim = records.Claim(id="c", article_id="a", kind="quantity", text="5%", start=0, end=2,
                          sentence="")
    twice = records.Claim(id="d", article_id="a", kind="quantity", text="5%", start=0, end=2,
                          sentence="")
    # The same words twice in one sentence: each claim takes its own occurrence.
    assert spans("Up 5% then 5% again.", (claim, twice)) == [
        ("Up ", False), ("5%", True), (" then ", False), ("5%", True), (" again.", False)]
    assert spans("No figure here.", (claim,)) == [("No figure here.", False)]


def test_single_source_notices_do_not_rank_a_story_first(db: sqlite_utils.Database) -> None:
    def story(sid: str, n_articles: int, findings: list[tuple[Any, Any]]) -> None:
        ids = tuple(f"{sid}{i}" for i in range(n_articles))
        for aid in ids:
            db.table("articles").insert(dbmod.to_row(records.Article(
                id=aid, url=f"https://{aid}.example/", canonical_url=f"https://{aid}.example/",
                outlet=aid, title=aid, text="x", text_hash=aid), exclude=["raw_html"]))
        dbmod.replace_story(db, records.Story(id=sid, title=sid, article_ids=ids,
                                              independent_sources=n_articles), [], [
            records.Finding(id=f"{sid}-{i}", story_id=sid, kind=kind, severity=sev,
                            article_ids=ids[:1], claim_ids=(), explanation=kind)
            for i, (kind, sev) in enumerate(findings)])

    story("unchecked", 2, [("single_source", "low")] * 5)
    story("disputed", 3, [("value_conflict", "low")])
    story("lone", 1, [("single_source", "low")])
    assert [r.story.id for r in gather(db)] == ["disputed", "unchecked", "lone"]
    assert [r.story.id for r in gather(db) if r.brief] == ["lone"]


class Balance(HTMLParser):
    """Checks that every element is closed, in order (void elements aside)."""

    VOID = frozenset({"meta", "br", "img", "hr", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("story_id", [None, "s-trade", "s-lonely"])
def test_html_elements_are_balanced(report_db: sqlite_utils.Database, story_id: str | None) -> None:
    checker = Balance()
    checker.feed(render(report_db, "html", story_id))
    assert checker.errors == [] and checker.stack == []


def test_findings_link_to_their_fact_row(report_db: sqlite_utils.Database) -> None:
    html = render(report_db, "html", "s-trade")
    head = html.split('<ol class="findings">')[1].split("</li>")[0]
    assert '<a class="to-fact" href="#fact-f-deal">' in head
    assert '<tr class="status-conflict" id="fact-f-deal">' in html


def test_headline_claims_say_so_and_point_into_the_title(
    report_db: sqlite_utils.Database,
) -> None:
    """A figure read from a headline: `field` is title and its offsets index into the title."""
    title = report_db.table("articles").get("a2")["title"]
    headline = records.Claim(
        id="a2:title:0", article_id="a2", kind="quantity", text="surge", start=title.index("surge"),
        end=title.index("surge") + 5, sentence=title, field="title", value=1.0, unit="count",
        basis="absolute",
    )
    claims = list(dbmod.iter_claims(report_db, "a2"))
    dbmod.replace_claims(report_db, "a2", [*claims, headline], pipeline="hand-written")
    story = next(s for s in dbmod.iter_stories(report_db) if s.id == "s-trade")
    facts = list(dbmod.iter_facts(report_db, story.id))
    facts.append(records.Fact(
        id="f-head", story_id=story.id, kind="quantity", description="headline figure",
        status="single_source", value=1.0, unit="count", basis="absolute",
        claim_ids=(headline.id,), article_ids=("a2",), independent_sources=1))
    dbmod.replace_story(report_db, story, facts, list(dbmod.iter_findings(report_db, story.id)))
    payload = json.loads(render(report_db, "json", story.id))
    jsonschema.Draft202012Validator(load_schema()).validate(payload)
    fact = next(f for f in payload["stories"][0]["facts"] if f["id"] == "f-head")
    (claim,) = fact["claims"]
    assert claim["field"] == "title"
    assert title[claim["start"]:claim["end"]] == "surge"


def test_term_has_a_compact_timeline(report_db: sqlite_utils.Database) -> None:
    text = render(report_db, "term", "s-trade")
    timeline = text.split("\nTimeline\n")[1].split("\nSources\n")[0]
    flat = " ".join(timeline.split())
    # The dated event first, with the place each outlet gives it: two places, one date.
    assert flat.startswith("2025-06-12 event deal agreed (Copy Times, Wire Service, "
                           "blog.example); in Lisbon (blog.example); in Oslo (Copy Times, "
                           "Wire Service)")
    # Then the articles by day, cited by their [n] (their titles are under Sources).
    assert "2025-07-20 published Wire Service [1]" in flat
    assert "2025-07-21 published Copy Times [2], Daily Planet [3]" in flat
    assert flat.index("2025-07-20 published") < flat.index("2025-07-21 published")
    assert "blog.example [4]" not in flat  # undated: not on the timeline
    assert max(len(line) for line in timeline.splitlines()) <= 80


def test_term_timeline_counts_events_of_one_outlet(db: sqlite_utils.Database) -> None:
    text = "Talks were held on 3 May. A vote followed on 9 May."
    db.table("articles").insert(dbmod.to_row(records.Article(
        id="t1", url="https://one.example/t", canonical_url="https://one.example/t",
        outlet="One", title="Talks", text=text, text_hash="t1", published="2025-05-10",
    ), exclude=["raw_html"]))
    claims, facts = [], []
    for i, (words, day) in enumerate((("held on 3 May", "2025-05-03"),
                                      ("followed on 9 May", "2025-05-09"))):
        start = text.index(words)
        claims.append(records.Claim(id=f"c{i}", article_id="t1", kind="event", text=words,
                                    start=start, end=start + len(words), sentence=text,
                                    period_start=day, period_end=day))
        facts.append(records.Fact(id=f"f{i}", story_id="s", kind="event",
                                  description=f"event {i}, May 2025", status="single_source",
                                  period_start=day, period_end=day, claim_ids=(f"c{i}",),
                                  article_ids=("t1",)))
    dbmod.replace_claims(db, "t1", claims, pipeline="t")
    dbmod.replace_story(db, records.Story(id="s", title="Talks", article_ids=("t1",),
                                          independent_sources=1), facts, [])
    timeline = render(db, "term").split("\nTimeline\n")[1].split("\nSources\n")[0]
    assert "event 0" not in timeline
    assert "2025-05-10 published One [1]" in timeline
    assert "2 more dated events from one outlet only: listed above." in timeline


def test_outlet_lists_still_parse_when_a_name_holds_a_comma() -> None:
    from extractor.report.data import join_names

    assert join_names(["Daily Planet", "Wire Service"]) == "Daily Planet, Wire Service"
    assert join_names(["Rare metals, China…", "Talks end"]) == "Rare metals, China…; Talks end"


def test_markdown_has_the_timeline_too(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    timeline = md.split("### Timeline\n")[1].split("###")[0]
    lines = [line for line in timeline.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- **2025-06-12** event: deal agreed (")
    assert "in Lisbon (blog.example); in Oslo (Copy Times, Wire Service)" in lines[0]
    # Every dated article, oldest first, with its title (escaped: the hostile one stays text).
    # a full publication time is shown on the outlet's clock; a day alone comes first that day
    assert [line.split("**")[1] for line in lines[1:]] == ["2025-07-20", "2025-07-21",
                                                           "2025-07-21 09:35 +00:00"]
    assert "\\<script\\>" in timeline


def test_one_outlet_facts_highlight_their_figure_in_the_quote(
    report_db: sqlite_utils.Database,
) -> None:
    html = render(report_db, "html", "s-trade")
    single = html.split('id="single-s-trade"')[1].split("</ul>")[0]
    # collapsed into a <details> whose summary line counts the facts
    assert single.split("<ul>")[0].rstrip().endswith(
        '<details class="single-list"><summary>1 fact stated by one outlet only (figures and '
        "dated events, each with its sentence): show the list</summary>")
    assert "“The country set a mining quota of <mark>270,000 tons</mark> for 2025.”" in single
    md = render(report_db, "md", "s-trade")
    single_md = md.split("### Facts stated by one outlet only")[1].split("###")[0]
    assert "mining quota of **270,000 tons** for 2025.”" in single_md
