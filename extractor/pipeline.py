"""The main job: crawl the feeds, extract claims, reconcile stories, write the reports."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from extractor import store
from extractor.core.errors import InputError
from extractor.core.records import Feed
from extractor.core.settings import Settings
from extractor.core.wording import shorten
from extractor.report import gather, render_reports, report_state
from extractor.report.data import SEVERITIES, EmptyReportError, StoryReport
from extractor.report.text import kind_label, one_line, plural

if TYPE_CHECKING:  # the stages load spaCy and the HTTP stack: imported when a run starts
    from extractor.claims.extract import ExtractSummary
    from extractor.crawl.crawler import CrawlSummary
    from extractor.reconcile.run import ReconcileSummary

__all__ = ["REPORT_FILES", "RunSummary", "run"]

REPORT_FILES = {"html": "report.html", "md": "report.md"}
_STATE = re.compile(r"newsclaims-state[\"']? ?(?:content=\"|: )([0-9a-f]+)")
# Enough of the top finding's explanation to recognise it in a terminal line.
_HEADLINE_CHARS = 160


@dataclass(frozen=True)
class RunSummary:
    """What one run did, what the database now holds, and where the reports are."""

    crawl: CrawlSummary
    extract: ExtractSummary | None  # None when skipped (another crawl held the lock)
    reconcile: ReconcileSummary | None
    stories: int
    articles: int
    facts: int
    findings: dict[str, int]
    report_paths: tuple[Path, ...]
    nothing_new: bool
    rendered: bool
    top_finding: str | None = None
    notes: tuple[str, ...] = field(default=())
    locked: bool = False  # another run, crawl or watch held the lock: nothing was done

    @property
    def failed(self) -> bool:
        """The crawl itself failed (there were feeds and none could be read)."""
        return self.crawl.failed

    def __str__(self) -> str:
        findings = ", ".join(f"{self.findings.get(s, 0)} {s}" for s in SEVERITIES)
        if self.locked:
            return (f"Another newsclaims run, crawl or watch is going (lock {self.crawl.lock_file}"
                    " is held): nothing done; the reports are left to it.")
        lines = []
        if self.nothing_new and not self.rendered:
            lines.append("Nothing new since the last run: no new articles, nothing to extract "
                         "or reconcile; the reports are up to date.")
        elif self.nothing_new:
            lines.append("Nothing new to crawl, extract or reconcile; the reports were written "
                         "(they were missing or out of date).")
        else:
            lines += [_line("crawl", self.crawl), _line("extract", self.extract),
                      _line("reconcile", self.reconcile)]
        lines += list(self.notes)
        lines.append(
            f"{plural(self.stories, 'story', 'stories')}, {plural(self.articles, 'article')}, "
            f"{plural(self.facts, 'fact')}; findings: {findings}"
        )
        if self.top_finding:
            lines.append(f"Top finding: {self.top_finding}")
        lines += [f"Report: {p}" for p in self.report_paths]
        return "\n".join(lines)


def _line(stage: str, summary: object) -> str:
    """A stage's one-line summary, named by its stage."""
    if summary is None:
        return f"{stage}: skipped"
    text = str(summary)
    return text if text.split(":")[0].startswith(stage[:6]) else f"{stage}: {text}"


def _counts(db: sqlite_utils.Database) -> tuple[int, int, int, dict[str, int]]:
    n = store.counts(db)
    findings = {s: n["findings"].get(s, 0) for s in SEVERITIES}
    return n["stories"], n["articles"], n["facts"], findings


def _top_finding(reports: list[StoryReport]) -> str | None:
    # Disputes only, and above info: "the arithmetic is consistent" is no headline.
    ranked = [(SEVERITIES.index(f.severity), r.story.title, f)
              for r in reports for f in r.disputes if f.severity in SEVERITIES[:3]]
    if not ranked:
        return None
    _, title, finding = min(ranked, key=lambda t: t[0])
    text = f"{finding.severity.upper()} {kind_label(finding.kind)} in “{one_line(title)}”: " + \
        one_line(finding.explanation)
    return shorten(text, _HEADLINE_CHARS)  # at a word boundary: "in Lisbon…", not "in Lis…"


def _state_of(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    # The last marker: Markdown keeps it at the end, after any article text that could mimic it.
    markers = _STATE.findall(text)
    return markers[-1] if markers else None


def _write(path: Path, text: str) -> None:
    """Write beside the target and rename, so a browser never opens a half-written report."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _check_out_dir(out_dir: Path) -> None:
    """Refuse an --out that is a file, without creating anything."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} is a file, not a directory: give --out a directory")


def _prepare(out_dir: Path) -> None:
    _check_out_dir(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the report directory {out_dir}: {exc.strerror}") from exc


def write_reports(
    db: sqlite_utils.Database, out_dir: Path, *, force: bool = False
) -> tuple[tuple[Path, ...], bool, list[StoryReport]]:
    """Write report.html and report.md unless both already show the database's current state."""
    _prepare(out_dir)
    try:
        reports = gather(db)
    except EmptyReportError:
        reports = []
    paths = tuple(out_dir / name for name in REPORT_FILES.values())
    state = report_state(reports)
    if not force and all(_state_of(p) == state for p in paths):
        return paths, False, reports
    for fmt, path in zip(REPORT_FILES, paths, strict=True):
        _write(path, render_reports(reports, fmt))
    return paths, True, reports


def run(
    settings: Settings, *, out_dir: Path, log: Callable[[str], None] | None = None
) -> RunSummary:
    """Crawl settings.feeds_path, extract, reconcile, then write report.html and report.md.

    The whole run holds the crawl lock (the lock file of ``newsclaims crawl`` and ``watch``), so
    runs, crawls and watches take turns. A run that finds the lock held touches nothing: no
    database, no report directory, and says so (a cron job's overlap is not an error).
    """
    # The stages load spaCy and the HTTP stack: import them only when a run starts.
    from extractor.crawl.crawler import CrawlSummary, locked_database, run_crawl
    from extractor.crawl.feeds import load_feeds

    # A bad feeds file or --out is refused before anything is created or crawled.
    feeds = load_feeds(Path(settings.feeds_path))
    _check_out_dir(Path(out_dir))

    # The same helper as `crawl` and `watch`: the lock first, then the report directory and the
    # database (nothing is created by a run that stands aside).
    with locked_database(settings, prepare=lambda: _prepare(Path(out_dir))) as held:
        if held is None:
            return RunSummary(
                crawl=CrawlSummary(0, 0, 0, 0, locked=True, lock_file=str(settings.lock_file)),
                extract=None, reconcile=None, stories=0, articles=0, facts=0, findings={},
                report_paths=(), nothing_new=False, rendered=False, locked=True,
            )
        db = held.db
        return _run_locked(db, settings, feeds, Path(out_dir), log or (lambda _line: None),
                           lambda: run_crawl(db, settings, [f for f in feeds if f.enabled],
                                             workers=held.workers))


def _run_locked(
    db: sqlite_utils.Database,
    settings: Settings,
    feeds: list[Feed],
    out_dir: Path,
    say: Callable[[str], None],
    crawl: Callable[[], CrawlSummary],
) -> RunSummary:
    """The stages of a run, once the crawl lock is held."""
    from extractor.claims.extract import extract_pending
    from extractor.reconcile.run import reconcile

    for feed in feeds:
        store.save_feed_config(db, feed)
    # A progress line only for a stage that has work: a run with nothing new prints the one
    # summary line saying so, not four lines for stages that did nothing. (The crawl, whose
    # outcome is unknown until it is done, shows its progress bar on a terminal.)
    crawled = crawl()
    if crawled.new_articles:
        say("extracting claims from new articles")
    extracted = extract_pending(db, settings)
    if crawled.new_articles or extracted.articles:
        say("reconciling stories")
    reconciled = reconcile(db, settings)
    # undated articles that grouping has just placed are read again against their story's date
    if extract_pending(db, settings).articles:
        reconciled = reconcile(db, settings)
    nothing_new = (
        crawled.new_articles == 0 and extracted.articles == 0
        and reconciled.changed_stories == 0
    )
    if not nothing_new:
        say(f"writing the reports into {out_dir}")
    paths, rendered, reports = write_reports(db, out_dir)
    stories, articles, facts, findings = _counts(db)
    notes = []
    if not stories:
        notes.append("No story yet: the feeds gave no article that could be grouped; "
                     "the reports say so.")
    return RunSummary(
        crawl=crawled, extract=extracted, reconcile=reconciled, stories=stories,
        articles=articles, facts=facts, findings=findings, report_paths=paths,
        nothing_new=nothing_new, rendered=rendered, top_finding=_top_finding(reports),
        notes=tuple(notes),
    )
