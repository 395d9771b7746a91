"""Datasette on the claims database, as `newsclaims serve` runs it: any database file name, every
canned query answered by Datasette itself, and a search box that takes what people type."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.cli import cli
from extractor.core.data import DATA_DIR
from extractor.report.datasette import make_datasette, metadata_for

SHIPPED = json.loads((DATA_DIR / "metadata.json").read_text(encoding="utf-8"))
QUERIES = sorted(next(iter(SHIPPED["databases"].values()))["queries"])
# What people type into a search box: abbreviations, possessives, percentages, quotes, and
# words or signs that FTS5 reads as its own syntax (operators, column filters, prefixes).
TYPED = ["U.S.", "China's", "China’s", "660%", "'", '"', '""', '"rare earth', "rare - earth",
         "-", "AND", "OR", "NOT", "rare AND", "NEAR(", "(", ")", "*", "exports*", "^",
         "title:China", "a\"b", "\\", "+1", "1,238", "$500 million", "€", "~", "rare:earth"]


@pytest.fixture
def news_db(seed_run: Any, tmp_path: Path) -> Path:
    """The database `newsclaims run` wrote from the shipped feeds, as a file named news.db."""
    assert seed_run.exit_code == 0, seed_run.stderr
    target = tmp_path / "news.db"
    source, copy = sqlite3.connect(seed_run.db_path), sqlite3.connect(target)
    source.backup(copy)  # consistent even with the WAL of the original
    source.close()
    copy.close()
    return target


def get(ds: Any, path: str) -> tuple[int, Any]:
    """GET through Datasette's own ASGI client: (status, parsed JSON or page text)."""

    async def fetch() -> tuple[int, Any]:
        response = await ds.client.get(path)
        is_json = response.headers.get("content-type", "").startswith("application/json")
        return response.status_code, response.json() if is_json else response.text

    return asyncio.run(fetch())


def search(ds: Any, q: str) -> list[dict[str, Any]]:
    status, body = get(ds, "/news/search_articles.json?" + urlencode({"q": q, "_shape": "objects"}))
    assert status == 200, (q, body)
    assert body["ok"] and body["error"] is None, (q, body)
    return list(body["rows"])


def tokens(text: str) -> list[str]:
    """Words as FTS5's default tokenizer (unicode61) reads them: runs of letters and digits."""
    return re.findall(r"[^\W_]+", text.lower())


def contains_phrase(text: str, phrase: list[str]) -> bool:
    words = tokens(text)
    return any(words[i:i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


# --------------------------------------------------------------------------- canned queries


@pytest.mark.parametrize("name", QUERIES)
def test_every_canned_query_answers_for_a_database_not_named_newsclaims(
    name: str, news_db: Path
) -> None:
    conn = sqlite3.connect(news_db)
    (fact_id,) = conn.execute(
        "select fact_id from fact_claims group by fact_id order by count(*) desc limit 1"
    ).fetchone()
    params = {"fact_id": fact_id, "q": "rare earth", "_shape": "objects"}
    status, body = get(make_datasette(news_db), f"/news/{name}.json?{urlencode(params)}")
    assert status == 200, body
    assert body["ok"] and body["query_name"] == name
    assert body["rows"], f"{name} returned nothing on a database that has something to show"


def test_table_descriptions_apply_to_the_file_being_served(news_db: Path) -> None:
    ds = make_datasette(news_db)
    status, metadata = get(ds, "/-/metadata.json")
    assert status == 200 and set(metadata["databases"]) == {"news"}
    status, page = get(ds, "/news/findings")
    description = SHIPPED["databases"]["newsclaims"]["tables"]["findings"]["description"]
    assert status == 200 and description.split(":")[0] in page


def test_all_conflicts_through_datasette_lists_the_high_finding_first(news_db: Path) -> None:
    status, body = get(make_datasette(news_db), "/news/all_conflicts.json?_shape=objects")
    assert status == 200
    severities = [row["severity"] for row in body["rows"]]
    order = ["high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index) and severities[0] == "high"


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("q", TYPED)
def test_search_accepts_what_people_type(q: str, news_db: Path) -> None:
    ds = make_datasette(news_db)
    search(ds, q)  # JSON: 200, no error
    status, page = get(ds, "/news/search_articles?" + urlencode({"q": q}))  # the page people see
    assert status == 200 and "syntax error" not in page


@pytest.mark.parametrize("q", ["U.S.", "China's", "660%", "Geneva"])
def test_search_finds_exactly_the_articles_holding_the_words(q: str, news_db: Path) -> None:
    conn = sqlite3.connect(news_db)
    expected = {aid for aid, title, text in conn.execute("select id, title, text from articles")
                if contains_phrase(f"{title}\n{text}", tokens(q))}
    assert expected, f"the seed articles hold {q!r}: the test needs some"
    found = search(make_datasette(news_db), q)
    assert {row["id"] for row in found} == expected
    assert all(row["snippet"] for row in found)


def test_search_words_need_not_be_next_to_each_other(news_db: Path) -> None:
    conn = sqlite3.connect(news_db)
    expected = {aid for aid, title, text in conn.execute("select id, title, text from articles")
                if {"magnet", "geneva"} <= set(tokens(f"{title}\n{text}"))}
    assert expected
    assert {row["id"] for row in search(make_datasette(news_db), "Geneva magnet")} == expected


@pytest.mark.parametrize("q", ["", "   ", '"'])
def test_empty_search_lists_the_latest_articles(q: str, news_db: Path) -> None:
    conn = sqlite3.connect(news_db)
    articles = conn.execute("select id, published from articles").fetchall()
    found = search(make_datasette(news_db), q)
    assert len(found) == min(len(articles), 100)
    published = [row["published"] or "" for row in found]
    assert published == sorted(published, reverse=True)


def test_search_without_a_q_parameter_is_not_an_error(news_db: Path) -> None:
    status, body = get(make_datasette(news_db), "/news/search_articles.json?_shape=objects")
    assert status == 200 and body["ok"] and body["rows"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # one database, read only
@given(q=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=24))
def test_no_typed_text_is_a_search_error(q: str, news_db: Path) -> None:
    search(make_datasette(news_db), q)


# --------------------------------------------------------------------------- newsclaims serve


def test_metadata_is_keyed_by_the_database_file_name() -> None:
    section = SHIPPED["databases"]["newsclaims"]
    assert metadata_for(Path("/srv/data/news.db"))["databases"] == {"news": section}
    assert metadata_for(Path("newsclaims.db"))["databases"] == {"newsclaims": section}
    assert SHIPPED["databases"] == {"newsclaims": section}  # the shipped file is not changed


def test_serve_has_help_with_host_and_port(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--print-metadata", "--get"):
        assert option in result.output
    assert "Datasette" in result.output


def test_serve_builds_the_app_on_the_db_option(runner: CliRunner, news_db: Path) -> None:
    path = "/news/search_articles.json?" + urlencode({"q": "660%", "_shape": "array"})
    result = runner.invoke(cli, ["--db", str(news_db), "serve", "--get", path])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all("660" in f"{r['title']} {r['snippet']}" for r in rows)


def test_serve_builds_the_app_on_newsclaims_db(runner: CliRunner, news_db: Path) -> None:
    result = runner.invoke(cli, ["serve", "--get", "/news/all_conflicts.json?_shape=array"],
                           env={"NEWSCLAIMS_DB": str(news_db)})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["severity"] == "high"


def test_serve_get_of_an_unknown_page_fails_with_one_line(
    runner: CliRunner, news_db: Path
) -> None:
    result = runner.invoke(cli, ["--db", str(news_db), "serve", "--get", "/news/nope.json"])
    assert result.exit_code == 1
    assert result.stderr == "Error: Datasette answered HTTP 404 (/news/nope.json)\n"
    assert json.loads(result.stdout)["ok"] is False


def test_printed_metadata_serves_with_plain_datasette(runner: CliRunner, news_db: Path) -> None:
    """`newsclaims --db news.db serve --print-metadata > m.json; datasette news.db -m m.json`."""
    from datasette.app import Datasette

    result = runner.invoke(cli, ["--db", str(news_db), "serve", "--print-metadata"])
    assert result.exit_code == 0
    ds = Datasette([str(news_db)], metadata=json.loads(result.stdout))
    status, body = get(ds, "/news/search_articles.json?" + urlencode({"q": "China's"}))
    assert status == 200 and body["rows"]


def test_serve_refuses_a_missing_database(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "news.db"
    result = runner.invoke(cli, ["--db", str(missing), "serve", "--get", "/"])
    assert result.exit_code == 3
    assert result.stderr == (f"Error: no database at {missing}: run `newsclaims run` first, or "
                             "pass --db FILE\n")
    assert not missing.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_the_given_host_and_port(news_db: Path) -> None:
    """The real server, in a process of its own, stopped at the end of the test."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("newsclaims")), "--db", str(news_db), "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/news/search_articles.json?" + urlencode(
        {"q": "U.S.", "_shape": "array"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    rows = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert rows
    assert f"Serving {news_db} at http://127.0.0.1:{port}/news" in err
