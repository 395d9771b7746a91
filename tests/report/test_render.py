"""What the four report formats show a fact-checker, checked on a hand-written database."""

from __future__ import annotations

import json
import re
import typing
from html.parser import HTMLParser

import jsonschema
import pytest
import sqlite_utils
from markdown_it import MarkdownIt

from extractor import db as dbmod
from extractor import records
from extractor.errors import NotFoundError
from extractor.report import EmptyReportError, gather, render
from extractor.report.data import outlet_of
from extractor.report.jsonout import SCHEMA_VERSION, load_schema
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
    high, medium, info = (md.index(s) for s in ("**HIGH", "**MEDIUM", "**INFO"))
    assert md.index("### Findings") < high < medium < info < md.index("### Facts × outlets")
    assert md.index("### Facts × outlets") < md.index("### Figures stated by one outlet only")
    assert md.index("### Figures stated by one outlet only") < md.index("### Sources")


def test_evidence_is_quoted_and_linked_to_its_article(report_db: sqlite_utils.Database) -> None:
    md = render(report_db, "md", "s-trade")
    line = next(x for x in md.splitlines() if "talks in Lisbon in June." in x)
    assert line.lstrip().startswith(">")
    assert "“The breakthrough came at talks in Lisbon in June.”" in line
    assert "(<https://www.blog.example/talks#:~:text=The%20breakthrough" in line
    oslo = next(x for x in md.splitlines() if "meeting in Oslo on June 12.”" in x)
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
    single = md.split("### Figures stated by one outlet only")[1].split("###")[0]
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


def test_empty_database_names_the_next_step(db: sqlite_utils.Database) -> None:
    with pytest.raises(EmptyReportError, match="holds no articles yet: run `newsclaims run`"):
        gather(db)


# --------------------------------------------------------------------------- terminal


def test_term_fits_80_columns_and_keeps_text_verbatim(report_db: sqlite_utils.Database) -> None:
    text = render(report_db, "term")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in text
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
    assert any("270,000 tons" in c for c in by_state["single"])
    assert "td.dispute{background:var(--dispute)" in html


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
    for story_id in (None, "s-trade", "s-lonely"):
        payload = json.loads(render(report_db, "json", story_id))
        jsonschema.Draft202012Validator(schema).validate(payload)
        assert payload["schema_version"] == SCHEMA_VERSION
    # The schema file and the code agree on the version they describe.
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["$id"].endswith(f":{SCHEMA_VERSION}")


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
                text = report_db.table("articles").get(claim["article_id"])["text"]
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


def test_local_files_are_named_by_file_name(db: sqlite_utils.Database) -> None:
    article = records.Article(
        id="f", url="file:///data/seeds/003_abc.txt", canonical_url="file:///data/seeds/003_abc.txt",
        outlet=None, title="t", text="x", text_hash="0",
    )
    assert outlet_of(article) == "003_abc.txt"


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
        assert f"✗ Outlet number {i}: {100 + i} tonnes" in text
