"""`newsclaims run`, the README's first command, end to end on the shipped fixture feeds."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.report import render
from extractor.report.jsonout import load_schema

pytestmark = pytest.mark.slow


def test_run_writes_both_reports_and_says_where(seed_run: Any) -> None:
    run = seed_run
    assert run.exit_code == 0, run.stderr
    html, md = run.out_dir / "report.html", run.out_dir / "report.md"
    assert html.is_file() and md.is_file()
    lines = run.stdout.splitlines()
    assert f"Report: {html}" in lines and f"Report: {md}" in lines
    summary = next(x for x in lines if re.match(r"\d+ stor(y|ies), ", x))
    conn = sqlite3.connect(run.db_path)
    stories, articles = (conn.execute(f"select count(*) from {t}").fetchone()[0]
                         for t in ("stories", "articles"))
    high = conn.execute("select count(*) from findings where severity = 'high'").fetchone()[0]
    assert re.search(rf"\b{stories} stor(y|ies), {articles} articles\b", summary)
    assert f"{high} high" in summary
    assert articles >= 5


def test_the_geneva_june_conflict_leads_the_reports(seed_run: Any) -> None:
    """The acceptance test of issue 5: it needs the reconciler to flag Geneva vs June as high."""
    md = (seed_run.out_dir / "report.md").read_text(encoding="utf-8")
    # The first finding of the first story, with its quoted evidence, up to the second one.
    findings = md.split("### Findings", 1)[1].split("### Facts × outlets", 1)[0]
    first = findings.split("\n1. ", 1)[1].split("\n2. ", 1)[0]
    assert first.startswith("**HIGH")
    assert "Geneva" in first
    assert "**a trade meeting in Geneva**" in first  # quoted, with the disputed words in bold
    html = (seed_run.out_dir / "report.html").read_text(encoding="utf-8")
    head = html.split('<ol class="findings">')[1].split("</li>")[0]
    assert "badge sev-high" in head and "Geneva" in head


def test_json_report_of_the_run_validates(seed_run: Any) -> None:
    db = dbmod.open_db(seed_run.db_path)
    payload = json.loads(render(db, "json"))
    jsonschema.validate(payload, load_schema())
    # The most severe finding in the database leads the report.
    order = ["high", "medium", "low", "info"]
    conn = sqlite3.connect(seed_run.db_path)
    worst = min(order.index(r[0]) for r in conn.execute("select severity from findings"))
    assert payload["stories"][0]["findings"][0]["severity"] == order[worst]


def test_second_run_with_nothing_new_does_no_work(seed_run: Any) -> None:
    run = seed_run
    html = run.out_dir / "report.html"
    before = html.stat().st_mtime_ns
    result = CliRunner().invoke(
        cli, ["--db", str(run.db_path), "run", "--out", str(run.out_dir)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Nothing new since the last run")
    assert f"Report: {html}" in result.stdout.splitlines()
    assert html.stat().st_mtime_ns == before  # not rewritten


def test_run_rewrites_a_missing_report(seed_run: Any, tmp_path: Path) -> None:
    run = seed_run
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        cli, ["--db", str(run.db_path), "run", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Nothing new to crawl, extract or reconcile; the reports "
                                     "were written (they were missing or out of date).")
    assert (out / "report.html").is_file() and (out / "report.md").is_file()


def test_run_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "run", "--out", str(target)])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--out': Directory '{target}' is a "
                                  "file.\n")
    assert target.read_text() == "mine"
    assert not (tmp_path / "x.db").exists()  # refused before anything was crawled


def test_run_library_refuses_a_file_as_out_dir(tmp_path: Path) -> None:
    from extractor.core.errors import InputError
    from extractor.core.settings import load_settings
    from extractor.pipeline import run

    target = tmp_path / "taken"
    target.write_text("mine")
    with pytest.raises(InputError, match=f"^{target} is a file, not a directory: give --out a "
                       "directory$"):
        run(load_settings(db_path=tmp_path / "x.db"), out_dir=target)
    assert not (tmp_path / "x.db").exists()


def test_terminal_report_of_the_run_fits_80_columns(seed_run: Any) -> None:
    result = CliRunner().invoke(cli, ["--db", str(seed_run.db_path), "report"])
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        # Only a bare URL may run past 80 columns: broken in two it could not be clicked.
        assert len(line) <= 80 or re.fullmatch(r" +\S+://\S+", line), line


def test_bad_feeds_file_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - name: x\n    url: [oops\n")
    db_path, out = tmp_path / "x.db", tmp_path / "out"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "run", "--out", str(out),
                                      "--feeds", str(feeds)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: not valid YAML: ")
    assert result.stderr.endswith(f" ({feeds}:3)\n")
    assert not db_path.exists() and not out.exists()


_HOLD_LOCK = """
import sys
from pathlib import Path
from extractor.core.locking import crawl_lock
with crawl_lock(Path(sys.argv[1])) as held:
    print("held" if held else "busy", flush=True)
    sys.stdin.readline()
"""


def _second_run(db_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`newsclaims run` in a process of its own, as cron would start it."""
    return subprocess.run(
        [str(NEWSCLAIMS), "--db", str(db_path), "run", "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )


NEWSCLAIMS = Path(sys.executable).with_name("newsclaims")
_BUSY = re.compile(r"^Another newsclaims run, crawl or watch is going \(lock (.+) is held\): "
                   r"nothing done; the reports are left to it\.$")


def test_run_stands_aside_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    from extractor.core.settings import load_settings

    db_path, out = tmp_path / "x.db", tmp_path / "out"
    lock = load_settings(db_path=db_path).lock_file
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(lock)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = _second_run(db_path, out)
    finally:
        holder.communicate("done\n", timeout=30)
    assert result.returncode == 0, result.stderr
    match = _BUSY.match(result.stdout.strip())
    assert match and match.group(1) == str(lock), result.stdout
    # Nothing touched: no database created, no report directory, no progress lines.
    assert not db_path.exists() and not out.exists()
    assert result.stderr == ""


def test_the_whole_run_holds_the_lock(tmp_path: Path) -> None:
    """A second `run` started while the first extracts, reconciles or writes its reports waits
    its turn: the lock covers every stage, not only the crawl."""
    from extractor.core.settings import load_settings
    from extractor.pipeline import run

    db_path, out = tmp_path / "first.db", tmp_path / "out"
    seen: dict[str, subprocess.CompletedProcess[str]] = {}

    def log(line: str) -> None:
        for stage in ("extracting", "writing the reports"):
            if line.startswith(stage):
                # Same database and report directory, from another process.
                seen[stage] = _second_run(db_path, out)

    summary = run(load_settings(db_path=db_path), out_dir=out, log=log)
    assert set(seen) == {"extracting", "writing the reports"}
    for stage, second in seen.items():
        assert second.returncode == 0, (stage, second.stderr)
        assert _BUSY.match(second.stdout.strip()), (stage, second.stdout)
    assert not summary.locked and summary.rendered
    assert summary.articles >= 5 and (out / "report.html").is_file()
    # Once the first run is over, the lock is free again: the next run goes ahead.
    after = _second_run(db_path, out)
    assert after.returncode == 0, after.stderr
    assert after.stdout.startswith("Nothing new since the last run"), after.stdout
