"""The claims database in Datasette: the shipped metadata (table descriptions, canned queries)
applied to whatever the database file is called, and the app that ``newsclaims serve`` runs."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import io
import json
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.core.data import data_path

if TYPE_CHECKING:  # Datasette (and its web stack) is imported when a command needs it
    from datasette.app import Datasette

__all__ = ["METADATA_FILE", "database_name", "get_path", "make_datasette", "metadata_for", "serve"]

METADATA_FILE = "metadata.json"  # in extractor/data/, shipped with the package


def database_name(db_path: Path) -> str:
    """The name Datasette gives a database file: its stem (``news.db`` is ``news``)."""
    return Path(db_path).stem


@cache
def _shipped() -> dict[str, Any]:
    return dict(json.loads(data_path(METADATA_FILE).read_text(encoding="utf-8")))


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The shipped metadata with its database section keyed by ``db_path``'s Datasette name.

    Datasette looks table descriptions and canned queries up by database name, which it takes
    from the file name: the section written for ``newsclaims.db`` would be ignored for
    ``news.db`` (and its canned queries answer 404)."""
    metadata = copy.deepcopy(_shipped())
    (section,) = metadata["databases"].values()
    metadata["databases"] = {database_name(db_path): section}
    return metadata


def make_datasette(db_path: Path) -> Datasette:
    """A Datasette instance on ``db_path`` (mutable: a crawl may write while it serves) with
    our metadata, started up."""
    from datasette.app import Datasette

    ds = Datasette([str(db_path)], metadata=metadata_for(db_path))
    asyncio.run(ds.invoke_startup())
    return ds


def get_path(ds: Datasette, path: str) -> tuple[int, str]:
    """One GET request answered by ``ds`` without a server: (status, body)."""

    async def fetch() -> tuple[int, str]:
        response = await ds.client.get(path)
        return response.status_code, response.text

    # Datasette prints a traceback of every error answer (a 404 included) on standard output,
    # where it would be mixed with the body: kept for a server error only, on stderr.
    with contextlib.redirect_stdout(io.StringIO()) as noise:
        status, body = asyncio.run(fetch())
    if status >= 500:
        sys.stderr.write(noise.getvalue())
    return status, body


def serve(ds: Datasette, *, host: str, port: int) -> None:
    """Serve ``ds`` on host:port until interrupted (as ``datasette serve`` does)."""
    import uvicorn

    uvicorn.run(ds.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)
