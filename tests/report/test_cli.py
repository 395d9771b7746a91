"""`newsclaims report` and `newsclaims export` as a user runs them, hostile inputs included."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.claims.extract import ExtractSummary
from extractor.cli import cli, error_line
from extractor.core.data import DATA_DIR
from extractor.crawl.crawler import CrawlSummary
from extractor.crawl.ingest import IngestSummary
from extractor.crawl.watch import WatchSummary
from extractor.report.jsonout import load_schema


def invoke(runner: CliRunner, db_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_report_prints_the_terminal_report(runner: CliRunner, report_db_path: Path) -> None:
    code, out, _ = invoke(runner, report_db_path, "report")
    assert code == 0
    assert out.index("HIGH") < out.index("Facts × outlets")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_report_writes_each_format_to_a_file(
    runner: CliRunner, report_db_path: Path, tmp_path: Path
) -> None:
    for fmt, name in (("html", "r.html"), ("md", "r.md"), ("json", "r.json")):
        code, out, err = invoke(runner, report_db_path, "report", "--format", fmt, "-o",
                                str(tmp_path / name))
        assert code == 0, err
        assert out == "" and err.strip() == f"Wrote {tmp_path / name}"
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "place conflict" in html
    jsonschema.validate(json.loads((tmp_path / "r.json").read_text()), load_schema())


def test_report_of_one_story(runner: CliRunner, report_db_path: Path) -> None:
    code, out, _ = invoke(runner, report_db_path, "report", "--story", "s-lonely", "--format", "md")
    assert code == 0
    assert "## A quiet day" in out and "Widget exports" not in out


def test_unknown_story_is_exit_3(runner: CliRunner, report_db_path: Path) -> None:
    code, out, err = invoke(runner, report_db_path, "report", "--story", "nope")
    assert code == 3
    assert out == ""
    assert err == (f"Error: no story 'nope' in {report_db_path}: `newsclaims stories` lists "
                   "them\n")


def test_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    code, _, err = invoke(runner, path, "report")
    assert code == 3
    assert err == (f"Error: no database at {path}: run `newsclaims run` first, "
                   "or pass --db FILE\n")
    assert not path.exists()


def test_empty_database_says_what_to_run(runner: CliRunner, db: object, db_path: Path) -> None:
    code, out, err = invoke(runner, db_path, "report", "--format", "html")
    assert code == 3 and out == ""
    assert err == (f"Error: {db_path} holds no articles yet: run `newsclaims run` (or "
                   "`newsclaims crawl`, `extract` and `reconcile`) first\n")


def test_articles_without_stories_point_to_reconcile(
    runner: CliRunner, report_db_path: Path
) -> None:
    conn = sqlite3.connect(report_db_path)
    for table in ("fact_claims", "findings", "facts", "story_articles", "stories"):
        conn.execute(f"delete from {table}")
    conn.commit()
    conn.close()
    code, out, err = invoke(runner, report_db_path, "report")
    assert code == 3 and out == ""
    assert err == (f"Error: {report_db_path} holds 5 articles not grouped into stories yet: "
                   "run `newsclaims reconcile`\n")


def _forget(db_path: Path, sql: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_articles_never_extracted_point_to_extract(runner: CliRunner, db: Any,
                                                   db_path: Path, add_article: Any) -> None:
    add_article(db, "n1", "Wire Service", "Widget exports rose 4% in May.")
    add_article(db, "n2", "Daily Planet", "Widget exports rose 5% in May.")
    code, out, err = invoke(runner, db_path, "report", "--format", "md")
    assert code == 3 and out == ""
    assert err == (f"Error: {db_path} holds 2 articles with no claims yet: run "
                   "`newsclaims extract`, then `newsclaims reconcile`\n")


def test_new_unreconciled_article_is_noted_but_the_report_printed(
    runner: CliRunner, report_db: Any, db_path: Path, add_article: Any
) -> None:
    add_article(report_db, "a6", "Late Post", "A later article, extracted but not reconciled.")
    dbmod.replace_claims(report_db, "a6", [], pipeline="hand-written")
    code, out, err = invoke(runner, db_path, "report")
    assert code == 0
    assert "Widget exports surge after trade deal" in out  # the stories there are still shown
    assert err == (f"Note: the report is incomplete: {db_path} holds 1 of 6 articles not "
                   "grouped into stories yet: run `newsclaims reconcile`\n")


def test_claims_of_an_older_pipeline_point_to_extract(runner: CliRunner, report_db: Any,
                                                      db_path: Path) -> None:
    from extractor.claims.nlp.components import PIPELINE_VERSION

    old = f"newsclaims-{int(PIPELINE_VERSION) - 1}+en_core_web_sm-3.0.0+0000"
    _forget(db_path, f"update extractions set pipeline = '{old}' where article_id in ('a1', 'a2')")
    code, out, err = invoke(runner, db_path, "report", "--format", "json")
    assert code == 0 and json.loads(out)["stories"]
    assert err == (f"Note: the report is incomplete: {db_path} holds 2 of 5 articles extracted "
                   f"by an older pipeline ({old}): run `newsclaims extract`, then "
                   "`newsclaims reconcile`\n")
    # With no fact left to show, the same line is the error instead of an empty report.
    _forget(db_path, "delete from fact_claims")
    _forget(db_path, "delete from findings")
    _forget(db_path, "delete from facts")
    code, out, err = invoke(runner, db_path, "report", "--format", "html")
    assert code == 3 and out == ""
    assert err.startswith(f"Error: {db_path} holds 2 of 5 articles extracted by an older "
                          "pipeline") and err.count("\n") == 1


def test_current_pipeline_claims_need_nothing(runner: CliRunner, report_db: Any,
                                              db_path: Path) -> None:
    from extractor.claims.nlp.components import PIPELINE_VERSION

    _forget(db_path, f"update extractions set pipeline = 'newsclaims-{PIPELINE_VERSION}+m+1'")
    code, _, err = invoke(runner, db_path, "report")
    assert code == 0 and err == ""


def test_newer_schema_is_refused(runner: CliRunner, report_db_path: Path) -> None:
    conn = sqlite3.connect(report_db_path)
    conn.execute("update meta set value = '99' where key = 'schema_version'")
    conn.commit()
    conn.close()
    code, out, err = invoke(runner, report_db_path, "report")
    assert code == 1 and out == ""
    assert err.startswith(f"Error: {report_db_path} has schema version 99, newer than")
    assert err.count("\n") == 1


def test_unversioned_empty_file_is_migrated(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # a SQLite file from before any schema: version 0
    code, _, err = invoke(runner, path, "report")
    assert code == 3 and "holds no articles yet" in err
    assert dbmod.schema_version(dbmod.open_db(path)) == dbmod.SCHEMA_VERSION


def test_pre_versioning_database_is_refused_untouched(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # tables of an older layout, without a schema version
    conn.execute("create table articles (id text primary key, url text, body text)")
    conn.execute("insert into articles values ('x', 'https://a.example/x', 'kept')")
    conn.commit()
    conn.close()
    code, out, err = invoke(runner, path, "report")
    assert code == 1 and out == ""
    assert err == (f"Error: {path} is not a newsclaims database (it has tables but no schema "
                   "version)\n")
    conn = sqlite3.connect(path)
    assert conn.execute("select body from articles").fetchall() == [("kept",)]


def test_not_a_database_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    code, _, err = invoke(runner, path, "report")
    assert code == 1
    assert err == f"Error: not a usable SQLite database: file is not a database ({path})\n"
    assert path.read_text().startswith("these are my notes")


def test_unknown_format_is_a_usage_error(runner: CliRunner, report_db_path: Path) -> None:
    code, _, err = invoke(runner, report_db_path, "report", "--format", "pdf")
    assert code == 2 and "'pdf' is not one of" in err


def test_unwritable_output_is_a_clear_error(
    runner: CliRunner, report_db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "r.html"
    code, _, err = invoke(runner, report_db_path, "report", "--format", "html", "-o", str(target))
    assert code == 2
    assert err.startswith(f"Error: cannot write {target}: ")


# --------------------------------------------------------------------------- export


def test_export_csv_and_jsonl(runner: CliRunner, report_db_path: Path, tmp_path: Path) -> None:
    import csv

    counts = {t: sqlite3.connect(report_db_path).execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("articles", "claims", "facts", "findings", "stories")}
    for fmt in ("csv", "jsonl"):
        out_dir = tmp_path / fmt
        code, out, err = invoke(runner, report_db_path, "export", "--format", fmt, "--out",
                                str(out_dir))
        assert code == 0, err
        assert out.splitlines() == [str(out_dir / f"{t}.{fmt}") for t in counts]
        for table, n in counts.items():
            path = out_dir / f"{table}.{fmt}"
            with path.open(encoding="utf-8", newline="") as handle:
                if fmt == "csv":
                    rows = list(csv.DictReader(handle))
                else:
                    rows = [json.loads(line) for line in handle]
            assert len(rows) == n, table
    findings = [json.loads(x) for x in (tmp_path / "jsonl" / "findings.jsonl").open()]
    assert all(isinstance(f["claim_ids"], list) for f in findings)
    stories = {s["id"]: s for s in map(json.loads, (tmp_path / "jsonl" / "stories.jsonl").open())}
    assert stories["s-trade"]["article_ids"] == ["a1", "a2", "a3", "a4"]
    articles = list(csv.DictReader((tmp_path / "csv" / "articles.csv").open(newline="")))
    assert "raw_html" not in articles[0]
    hostile = next(a for a in articles if a["id"] == "a2")
    assert "<script>" in hostile["title"]  # data exports keep the text exactly
    assert not list(tmp_path.rglob("*.partial"))


def test_export_into_a_file_is_refused(
    runner: CliRunner, report_db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "taken"
    target.write_text("mine")
    code, _, err = invoke(runner, report_db_path, "export", "--format", "csv", "--out",
                          str(target))
    assert code == 2
    assert err == f"Error: {target} is a file, not a directory: give --out a directory\n"
    assert target.read_text() == "mine"


def test_export_of_an_empty_database_writes_headers(
    runner: CliRunner, db: object, db_path: Path, tmp_path: Path
) -> None:
    code, _, _ = invoke(runner, db_path, "export", "--format", "csv", "--out", str(tmp_path / "e"))
    assert code == 0
    header = (tmp_path / "e" / "claims.csv").read_text().splitlines()
    assert header[0].startswith("id,article_id,kind,text,start,end,sentence") and len(header) == 1


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize("args", [
    ["report"], ["export", "--out", "{tmp}/e"], ["stories"], ["reconcile"], ["claims"],
    ["extract"], ["serve", "--get", "/"], ["ingest", "{tmp}"],
    ["crawl", "--feeds", str(DATA_DIR / "feeds.yaml")],
    ["run", "--out", "{tmp}/out", "--feeds", str(DATA_DIR / "feeds.yaml")],
])
def test_every_command_puts_the_place_of_an_error_last(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    """README: errors are one line, `Error: <what> (<where>)`, whichever command meets them."""
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    code, _, err = invoke(runner, path, *(a.format(tmp=tmp_path) for a in args))
    assert code == 1
    assert err.splitlines()[-1] == (
        f"Error: not a usable SQLite database: file is not a database ({path})")


def test_malformed_feeds_file_error_names_file_and_line_last(
    runner: CliRunner, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - name: a\n    url: https://example.org/rss\n    colour: red\n")
    code, out, err = invoke(runner, tmp_path / "x.db", "crawl", "--feeds", str(feeds))
    assert (code, out) == (2, "")
    assert err == ("Error: unknown feed key 'colour': expected one of enabled, interval, name, "
                   f"outlet, tags, url ({feeds}:4)\n")


def test_error_line_moves_a_leading_place_to_the_end(tmp_path: Path) -> None:
    spaced = tmp_path / "my notes.db"
    spaced.write_text("x")
    assert error_line("feeds.yaml:3: not valid YAML (expected <block end>, but found '-')") == (
        "Error: not valid YAML: expected <block end>, but found '-' (feeds.yaml:3)")
    assert error_line("gold.yaml:1:5: bad key") == "Error: bad key (gold.yaml:1:5)"
    assert error_line(f"{spaced}: not usable (bad (very))") == (
        f"Error: not usable: bad (very) ({spaced})")
    assert error_line("https://example.org/feed: HTTP 404") == (
        "Error: HTTP 404 (https://example.org/feed)")
    # a YAML parser's message spans lines, with a caret diagram: one line all the same
    assert error_line("gold.yaml:2: malformed YAML (while parsing\n  in line 2:\n    ^)") == (
        "Error: malformed YAML: while parsing in line 2: ^ (gold.yaml:2)")


def test_error_line_keeps_messages_that_name_their_place_in_words(tmp_path: Path) -> None:
    for message in (
        f"no story 'nope' in {tmp_path / 'x.db'}: `newsclaims stories` lists them",
        f"{tmp_path / 'x.db'} holds no articles yet: run `newsclaims run` first",
        "unknown report format 'pdf': use one of term, md, html, json",
        f"{tmp_path / 'out'} is a file, not a directory: give --out a directory",
        "no feed could be read",
    ):
        assert error_line(message) == f"Error: {message}"


def test_summaries_count_in_words() -> None:
    """"1 error", "2 errors": every count in a summary line agrees with its noun."""
    one = CrawlSummary(feeds=1, new_articles=1, duplicates=1, not_modified=0, errors=("e",),
                       disabled=("gone",))
    assert str(one) == ("crawl: 1 feed read (0 not modified), 1 new article, 1 duplicate, "
                        "1 error; 1 feed disabled after repeated failures (gone): fix them in "
                        "feeds.yaml or crawl --retry-disabled")
    two = CrawlSummary(feeds=2, new_articles=2, duplicates=2, not_modified=0, errors=("e", "f"))
    assert str(two) == ("crawl: 2 feeds read (0 not modified), 2 new articles, 2 duplicates, "
                        "2 errors")
    assert str(ExtractSummary(1, 1, 0, ("e",), "p")) == (
        "extract: 1 article, 1 claim, 0 skipped, 1 error (p)")
    assert str(ExtractSummary(2, 0, 1, ("e", "f"), "p")) == (
        "extract: 2 articles, 0 claims, 1 skipped, 2 errors (p)")
    assert str(IngestSummary(files=1, new_articles=0, duplicates=1, errors=("e",))) == (
        "ingest: 1 file read, 0 new articles, 1 duplicate, 0 already stored, 1 error")
    assert str(WatchSummary(rounds=1, crawls=1, new_articles=1, duplicates=0, errors=2)) == (
        "watch: stopped after 1 round (1 feed crawl), 1 new article, 0 duplicates, 2 errors")


def test_run_with_nothing_new_prints_one_line_not_each_stage(seed_run: Any) -> None:
    assert "extracting claims" in seed_run.stderr  # the first run had work: progress lines
    # A process of its own, as a user or cron starts it (Click's runner shares this process's
    # logging set-up with the other tests' commands).
    result = subprocess.run(
        [str(Path(sys.executable).with_name("newsclaims")), "--db", str(seed_run.db_path),
         "run", "--out", str(seed_run.out_dir)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == (
        "Nothing new since the last run: no new articles, nothing to extract or reconcile; "
        "the reports are up to date.")


def test_top_finding_is_cut_at_a_word_boundary(seed_run: Any) -> None:
    (line,) = [x for x in seed_run.stdout.splitlines() if x.startswith("Top finding: ")]
    conn = sqlite3.connect(seed_run.db_path)
    (explanation,) = conn.execute(
        "select explanation from findings where severity = 'high'").fetchone()
    shown = line.removeprefix("Top finding: ")
    assert len(shown) <= 160
    if shown.endswith("…"):  # cut: after a whole word of the explanation
        kept = shown[:-1].split(": ", 1)[1]
        assert explanation.startswith(kept)
        assert explanation[len(kept)] == " ", (kept, explanation)
    else:
        assert shown.endswith(explanation)
