"""The HTML report agrees with itself: every finding about a fact links to that fact's row,
and that row is shown in conflict (never as agreed), on real extracted stories."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import store
from extractor.cli import cli

PROJECT_DIR = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_DIR / "fixtures" / "stories"
# stories with findings of several kinds: parts that do not add up, two ages of one person, a
# running toll, a sub-area's count beside the state's
EVENTS = ("dc-midair-collision-2025-01", "tesla-deliveries-2025-q1", "texas-floods-2025-07")


class _Rows(HTMLParser):
    """The matrix rows (fact id -> status cell text) and each finding's link to its fact."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self.links: list[str] = []
        self._row: str | None = None
        self._cells = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and (a.get("id") or "").startswith("fact-"):
            self._row, self._cells = (a["id"] or "")[5:], 0
        elif tag in ("td", "th") and self._row is not None:
            self._cells += 1
            self._text = []
        elif tag == "a" and "to-fact" in (a.get("class") or ""):
            self.links.append((a.get("href") or "").removeprefix("#fact-"))

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cells == 3:
            self.rows[self._row] = "".join(self._text).strip()
        elif tag == "tr":
            self._row = None


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("consistency")
    corpus = base / "stories"
    (corpus / "gold").mkdir(parents=True)
    for event in EVENTS:
        shutil.copy(CORPUS / "gold" / f"{event}.yaml", corpus / "gold")
        shutil.copytree(CORPUS / "articles" / event, corpus / "articles" / event)
    db = base / "corpus.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "eval", "--corpus", str(corpus),
                                 "--given-stories", "--details", "0"])
    assert result.exit_code == 0, result.output
    out = base / "report.html"
    result = runner.invoke(cli, ["--db", str(db), "report", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return db, out.read_text(encoding="utf-8")


def test_every_finding_about_a_fact_links_to_its_row_shown_in_conflict(
        corpus_report: tuple[Path, str]) -> None:
    db_path, html = corpus_report
    parsed = _Rows()
    parsed.feed(html)
    findings = [f for f in store.iter_findings(store.open_db(db_path))
                if f.kind not in ("single_source", "update") and f.severity != "info"]
    about_facts = [f for f in findings if f.fact_id]
    assert about_facts, "the stories raise findings about facts"
    for finding in about_facts:
        assert finding.fact_id in parsed.rows, (finding.kind, finding.explanation[:120])
        assert parsed.rows[finding.fact_id] == "conflict", (
            finding.kind, parsed.rows[finding.fact_id], finding.explanation[:120])
        assert finding.fact_id in parsed.links, finding.explanation[:120]


def test_no_row_is_agreed_while_a_cell_of_it_is_disputed(corpus_report: tuple[Path, str]
                                                         ) -> None:
    _, html = corpus_report
    for row in re.findall(r'<tr class="status-[a-z_]+" id="fact-[^"]+">.*?</tr>', html):
        status = re.search(r'<tr class="status-([a-z_]+)"', row)
        assert status is not None
        if 'class="dispute"' in row:
            assert status.group(1) == "conflict", row[:300]
