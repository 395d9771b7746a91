"""The e2e fixture: fixtures/e2e/ served over a real HTTP server on 127.0.0.1, run through the CLI.

One run per test session: crawl (the CLI's `crawl --feeds` on a generated feeds.yaml), `extract`,
`reconcile`, `report --format json`, all through Click's CliRunner on one SQLite file. The tests
then read the database and the JSON report.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner, Result

from extractor import store as dbmod
from extractor.cli import cli

E2E = Path(__file__).resolve().parents[2] / "fixtures" / "e2e"
STORIES = ("cardivex-recall", "typhoon-koji")
_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".html": "text/html; charset=utf-8"}


def _handler() -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            status, body, ctype = 404, b"not found", "text/plain"
            if path == "/robots.txt":
                status, body = 200, b"User-agent: *\nAllow: /\n"
            else:
                f = (E2E / path.lstrip("/")).resolve()
                # only files of the fixture tree, never anything outside it
                if f.is_file() and E2E in f.parents and f.suffix in _TYPES:
                    status, body, ctype = 200, f.read_bytes(), _TYPES[f.suffix]
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextlib.contextmanager
def serve() -> Iterator[str]:
    """fixtures/e2e on 127.0.0.1 (random port); yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def outlet_names() -> dict[str, str]:
    """Feed key -> outlet name, from each feed's own <title>."""
    import re

    out = {}
    for story in STORIES:
        for feed in sorted((E2E / story / "feeds").iterdir()):
            title = re.search(r"<title>([^<]+)</title>", feed.read_text(encoding="utf-8"))
            assert title, feed
            out[f"{story}/{feed.name}"] = title.group(1)
    return out


@dataclasses.dataclass
class E2ERun:
    db: sqlite_utils.Database
    results: dict[str, Result]
    report: dict[str, Any]
    golds: dict[str, dict[str, Any]]


def _invoke(runner: CliRunner, db_path: Path, *args: str) -> Result:
    result = runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result


def _feeds_file(path: Path, base: str, keys: list[str]) -> Path:
    names = outlet_names()
    feeds = [{"name": key.split("/")[1].split(".")[0],
              "url": f"{base}/{key.replace('/', '/feeds/')}", "outlet": names[key]}
             for key in keys]
    path.write_text(yaml.safe_dump({"feeds": feeds}), encoding="utf-8")
    return path


@contextlib.contextmanager
def _no_politeness_delay() -> Iterator[None]:
    # Politeness (1 s between requests to one host) is for real sites; every page here comes from
    # one local host, so the test sets it to 0 the way a user's settings would, nothing else.
    from extractor import cli as climod

    mp = pytest.MonkeyPatch()
    real = climod.load_settings
    mp.setattr(climod, "load_settings",
               lambda **kw: dataclasses.replace(real(**kw), per_host_delay=0.0))
    try:
        yield
    finally:
        mp.undo()


@dataclasses.dataclass
class DailyRun:
    db_path: Path
    outputs: list[dict[str, str]]  # per day: command -> output


@pytest.fixture(scope="session")
def daily_typhoon(tmp_path_factory: pytest.TempPathFactory) -> DailyRun:
    """The typhoon story as a newsroom sees it: one crawl, extract and incremental reconcile a
    day, each day's feeds added to the feeds file as the outlets publish."""
    tmp = tmp_path_factory.mktemp("daily")
    db_path = tmp / "newsclaims.db"
    runner = CliRunner()
    days = [["typhoon-koji/asiawire.rss", "typhoon-koji/luzonledger.rss",
             "typhoon-koji/weatherdesk.atom"],
            ["typhoon-koji/globalpost.atom"],
            ["typhoon-koji/islandtimes.rss"]]
    outputs = []
    with _no_politeness_delay(), serve() as base:
        keys: list[str] = []
        for day in days:
            keys += day
            feeds = _feeds_file(tmp / "feeds.yaml", base, keys)
            outputs.append({cmd: _invoke(runner, db_path, *args).output for cmd, args in (
                ("crawl", ("crawl", "--feeds", str(feeds))), ("extract", ("extract",)),
                ("reconcile", ("reconcile",)))})
    return DailyRun(db_path, outputs)


@pytest.fixture(scope="session")
def e2e(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2ERun]:
    tmp = tmp_path_factory.mktemp("e2e")
    db_path = tmp / "newsclaims.db"
    runner = CliRunner()
    results: dict[str, Result] = {}
    with _no_politeness_delay():
        with serve() as base:
            feeds_path = _feeds_file(tmp / "feeds.yaml", base, list(outlet_names()))
            results["crawl"] = _invoke(runner, db_path, "crawl", "--feeds", str(feeds_path))
        results["extract"] = _invoke(runner, db_path, "extract")
        results["reconcile"] = _invoke(runner, db_path, "reconcile")
        results["stories"] = _invoke(runner, db_path, "stories")
        results["report"] = _invoke(runner, db_path, "report", "--format", "json")
    golds = {s: yaml.safe_load((E2E / s / "gold.yaml").read_text(encoding="utf-8"))
             for s in STORIES}
    database = dbmod.open_db(db_path)
    yield E2ERun(database, results, json.loads(results["report"].output), golds)
    database.close()
