"""Scheduled use: the crawl lock, a crawl killed half way and resumed, watch and SIGTERM, CLI."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sqlite_utils
from click.testing import CliRunner

from extractor import store as dbmod
from extractor.cli import cli
from extractor.core.data import DATA_DIR
from extractor.core.locking import crawl_lock
from extractor.core.settings import Settings
from extractor.crawl.crawler import crawl
from extractor.crawl.watch import watch

PROJECT_DIR = Path(__file__).resolve().parents[2]

NEWSCLAIMS = [sys.executable, "-m", "extractor"]


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {i}</title><link>{link}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
            "</channel></rss>").encode()


def _count(db_path: Path, sql: str = "select count(*) from articles") -> int:
    try:
        with sqlite3.connect(db_path, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}


def test_second_run_stands_aside_while_the_lock_is_held(
    runner: CliRunner, db_path: Path, settings: Settings
) -> None:
    feeds = DATA_DIR / "feeds.yaml"
    with crawl_lock(settings.lock_file) as acquired:
        assert acquired
        result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(feeds)])
    assert result.exit_code == 0, result.output
    assert "another crawl is running" in result.output
    assert str(settings.lock_file) in result.output
    # the database was not even opened: not created, not migrated, no WAL files
    assert not db_path.exists()
    assert list(db_path.parent.glob(db_path.name + "-*")) == []
    with crawl_lock(settings.lock_file) as acquired:
        assert acquired
        result = runner.invoke(cli, ["--db", str(db_path), "watch", "--every", "1m",
                                     "--feeds", str(feeds)])
    assert result.exit_code == 0 and "another crawl is running" in result.output
    assert not db_path.exists()
    # the lock is free again: the next run works
    result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(feeds)])
    assert result.exit_code == 0 and "5 new articles, 1 duplicate, 0 errors" in result.output


def test_crawl_killed_half_way_then_resumed_has_no_duplicates(
    db_path: Path, settings: Settings, site: Any, tmp_path: Path
) -> None:
    links = ["/dyn/article/501", "/dyn/stall"] + [f"/dyn/article/{n}" for n in range(502, 507)]
    site.overrides["/extra/resume.rss"] = _rss(links)
    feeds = tmp_path / "resume.yaml"
    feeds.write_text(f"feeds:\n  - name: resume\n    url: {site.base}/extra/resume.rss\n")
    # The real command, with its default politeness (1 s between requests to a host), so it is
    # half way when killed; one page stalls so that a fetch is in flight at the kill.
    proc = subprocess.Popen([*NEWSCLAIMS, "--db", str(db_path), "crawl", "--feeds", str(feeds)],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: _count(db_path) >= 2, 30), "the crawl stored nothing"
    finally:
        proc.kill()
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    stored_before = _count(db_path)
    assert 2 <= stored_before < 7
    site.stall.set()
    db = dbmod.open_db(db_path)
    summary = crawl(db, settings, feeds_path=feeds, progress=False)
    assert summary.errors == ()
    assert summary.new_articles == 7 - stored_before
    assert db["articles"].count == 7
    urls = [r[0] for r in db.execute("select canonical_url from articles").fetchall()]
    assert len(set(urls)) == 7
    # pages stored before the kill were not fetched again
    assert site.counts["/dyn/article/501"] == 1
    again = crawl(db, settings, feeds_path=feeds, progress=False)
    assert (again.new_articles, again.pages) == (0, 0)
    db.close()


def test_watch_stops_cleanly_on_sigterm(db_path: Path, site: Any, tmp_path: Path) -> None:
    site.overrides["/extra/watch.rss"] = _rss([f"/dyn/article/{n}" for n in range(601, 607)])
    feeds = tmp_path / "watch.yaml"
    feeds.write_text(f"feeds:\n  - name: w\n    url: {site.base}/extra/watch.rss\n")
    proc = subprocess.Popen(
        [*NEWSCLAIMS, "--db", str(db_path), "watch", "--every", "1s", "--feeds", str(feeds)],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert _wait_for(lambda: _count(db_path) >= 1, 30), "watch stored nothing"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "watch: stopped after 1 round (" in out
    assert "SIGTERM received" in err
    stored = _count(db_path)
    # what was fetched is stored: no fetch of a stored page is left without its article
    fetched_ok = _count(db_path, "select count(distinct url) from fetches "
                                 "where kind = 'page' and status = 200")
    assert fetched_ok == stored
    # and the lock was released
    with crawl_lock(Path(str(db_path) + ".lock")) as acquired:
        assert acquired


def test_watch_crawls_due_feeds_each_round(
    db: sqlite_utils.Database, settings: Settings, site: Any, tmp_path: Path
) -> None:
    site.overrides["/extra/a.rss"] = _rss(["/dyn/article/701"])
    feeds = tmp_path / "w.yaml"
    feeds.write_text(
        f"feeds:\n  - name: a\n    url: {site.base}/extra/a.rss\n    interval: 1h\n"
        f"  - name: off\n    url: {site.base}/extra/a.rss\n    enabled: false\n"
    )
    summary = watch(db, settings, every=0.05, feeds_path=feeds, progress=False, max_rounds=3)
    assert (summary.rounds, summary.crawls, summary.new_articles) == (3, 1, 1)
    assert "/extra/a.rss" in site.counts and site.counts["/extra/a.rss"] == 1  # due once per hour


def test_cli_crawl_errors(runner: CliRunner, db_path: Path, tmp_path: Path, site: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - name: a\n    colour: red\n")
    result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(bad)])
    assert result.exit_code == 2
    assert "Error: unknown feed key 'colour': expected one of " in result.output
    assert result.output.endswith(f" ({bad}:3)\n")
    assert not db_path.exists()  # refused before the database is created
    dead = tmp_path / "dead.yaml"
    dead.write_text(f"feeds:\n  - name: gone\n    url: {site.base}/bad/nothing.rss\n")
    result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(dead)])
    assert result.exit_code == 1  # the only feed could not be read: the run failed
    assert "crawl: 1 feed read (0 not modified), 0 new articles, 0 duplicates, 1 error" in (
        result.output)
    assert "Error: no feed could be read" in result.output
    result = runner.invoke(cli, ["--db", str(db_path), "watch", "--every", "soon"])
    assert result.exit_code == 2 and "is not a duration" in result.output


def test_crawler_commands_have_help(runner: CliRunner) -> None:
    for command in ("crawl", "ingest", "watch"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert len(result.output.split("Options:")[0].strip().splitlines()) >= 3, command


def test_unusable_database_fails_the_run(runner: CliRunner, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not SQLite\n" * 100)
    result = runner.invoke(cli, ["--db", str(not_a_db), "crawl",
                                 "--feeds", str(DATA_DIR / "feeds.yaml")])
    assert result.exit_code == 1
    assert "Error: not a usable SQLite database: " in result.output
    assert result.output.endswith(f" ({not_a_db})\n")


def test_local_feed_may_link_local_text_and_html_files(
    db: sqlite_utils.Database, settings: Settings, tmp_path: Path, seeds_dir: Path
) -> None:
    (tmp_path / "pages").mkdir()
    story = tmp_path / "pages" / "story.txt"
    story.write_bytes(next(seeds_dir.glob("003_*.txt")).read_bytes())
    feed = tmp_path / "feeds" / "local.rss"
    feed.parent.mkdir()
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>L</title>'
        "<item><title>From the feed</title><link>../pages/story.txt</link>"
        "<pubDate>Tue, 22 Jul 2025 08:15:00 GMT</pubDate></item>"
        "<item><title>Missing</title><link>../pages/missing.html</link></item>"
        "</channel></rss>", encoding="utf-8")
    feeds = tmp_path / "f.yaml"
    feeds.write_text("feeds:\n  - name: local\n    url: feeds/local.rss\n")
    summary = crawl(db, settings, feeds_path=feeds, progress=False)
    assert summary.new_articles == 1
    assert [e.split(": ", 1)[1] for e in summary.errors] == [
        "cannot read file: No such file or directory"]
    article = next(db["articles"].rows)
    assert article["url"] == story.as_uri()
    assert article["published"] == "2025-07-22T08:15:00+00:00"  # no date in the text: the feed's
    assert "Be First to Comment" not in article["text"]
    assert article["title"] == "China Resumes Rare Earth Magnet Exports After Trade Truce"


def test_plain_log_lines_when_not_on_a_terminal(runner: CliRunner, db_path: Path) -> None:
    feeds = DATA_DIR / "feeds.yaml"
    for _ in range(2):  # the second run must log to its own stderr too
        result = runner.invoke(cli, ["--db", str(db_path), "crawl", "--feeds", str(feeds)])
        assert result.exit_code == 0
        assert "feed daily-metals: 2 entries" in result.stderr
    assert "new file://" not in result.stderr  # the second run found nothing new
    first = runner.invoke(cli, ["--db", str(db_path.with_name("other.db")), "crawl",
                                "--feeds", str(feeds)])
    assert "new file://" in first.stderr and " -> " in first.stderr
    assert "\x1b[" not in first.stderr  # no progress bar escapes off a terminal
    assert first.stdout.strip() == (
        "crawl: 3 feeds read (0 not modified), 5 new articles, 1 duplicate, 0 errors")
