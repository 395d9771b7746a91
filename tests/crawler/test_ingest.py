"""`newsclaims ingest`: seed .txt files, local HTML and JSONL manifests, without HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractor.cli import cli
from extractor.core.data import DATA_DIR
from extractor.core.settings import Settings
from extractor.crawl.ingest import ingest_paths
from extractor.crawl.plaintext import clean_plain_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# (seed prefix, text that must be in Article.text, furniture that must not be anywhere in it)
SEED_CHECKS = {
    "000": (
        ["Chinese exports of rare earth metals to the United States in June rose more than "
         "sevenfold from the previous month",
         "In total, China exported 3,188 tonnes globally last month, nearly 160% more than May, "
         "but 38% less compared to the same period last year.",
         "look for ways to support domestic mineral mining."],
        ["Live TV", "Latest news", "All news", "Most visited", "Posted on", "From Dorian Koça"],
    ),
    "001": (
        ["Total exports of the precious metals increased to 3,188 tons, up around 160% from "
         "1,238 tons in May.",
         "“I informed my Chinese counterpart about the alarming situation",
         "after it banned sales of the chip to China in April."],
        ["Get all your news in one place.", "100’s of premium titles.", "One app.",
         "Start reading", "Sign up to read this article", "Already a member? Sign in here",
         "Related Stories", "Top stories on inkl", "Our Picks", "Fourteen days free",
         "Download the app", "100+ trusted global sources.", "Read news from 100’s of titles"],
    ),
    "002": (
        ["In a striking rebound, China's exports of rare earth magnets",
         "For now, the trade agreement has provided a lifeline to industries dependent on these "
         "vital components,",
         "but the broader implications of this strategic exchange will likely shape US-China "
         "relations for months to come."],
        ["[Download IPFS](#)", "Categories:", "July 20, 2025\n"],
    ),
    "003": (
        ["sending 3,188 tons abroad—a 158% rise from the previous month.",
         "where imports dropped to just 46 tons in May.",
         "keep rare earths under close watch in the years ahead."],
        ["Press \"Enter\" to skip to content", "Photo by", "Be First to Comment", "Leave a Reply",
         "Your email address will not be published", "Required fields are marked"],
    ),
    "004": (
        ["China’s exports of rare-earth magnets to the U.S. soared in June, climbing 660% "
         "month-over-month to reach 353 metric tons",
         "Global Magnet Trade Still Faces Tight Supply and Bottlenecks",  # a section heading
         "Last week, Apple and MP Materials announced a $500 million partnership",
         "magnify production delays in tech and automotive sectors."],
        [],
    ),
}
TITLES = {
    "000": "Rare metals, China supplies the US/ Exports of American firms increased 660% in June",
    "001": "China rare earth exports to the US surge 660% after trade agreement",
    "002": "China's Rare Earth Magnet Exports to the US Surge in June 2025",
    "003": "China Resumes Rare Earth Magnet Exports After Trade Truce",
    "004": "Beijing’s Export Curbs Ease Following Trade Framework",
}
DATES = {"000": "2025-07-21T09:35:00", "002": "2025-07-20"}


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize("prefix", sorted(SEED_CHECKS))
def test_seed_text_keeps_the_article_and_drops_furniture(seeds_dir: Path, prefix: str) -> None:
    raw = _seed(seeds_dir, prefix).read_text(encoding="utf-8")
    plain = clean_plain_text(raw)
    present, absent = SEED_CHECKS[prefix]
    for text in present:
        assert text in plain.text, text
    for text in absent:
        assert text not in plain.text, text
    assert plain.title == TITLES[prefix]
    assert plain.published == DATES.get(prefix)
    # the title has its own field: the text starts with the first body sentence
    assert not plain.text.startswith(TITLES[prefix])


def test_every_body_paragraph_of_the_seeds_is_kept(seeds_dir: Path) -> None:
    """Every line of 12+ words ending a sentence in a seed is article prose and must survive."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = clean_plain_text(path.read_text(encoding="utf-8")).text
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            sentence = len(line.split()) >= 12 and line.endswith((".", "”", ","))
            if sentence and "Required" not in line:
                assert line in text, (path.name, line)


def test_ingest_seeds_stores_each_once(
    db: sqlite_utils.Database, settings: Settings, seeds_dir: Path
) -> None:
    summary = ingest_paths(db, settings, [seeds_dir], progress=False)
    assert (summary.files, summary.new_articles, summary.duplicates) == (5, 5, 0)
    assert summary.errors == ()
    rows = list(db["articles"].rows_where(order_by="url"))
    files = sorted(seeds_dir.glob("*.txt"))
    assert [r["url"] for r in rows] == [p.resolve().as_uri() for p in files]
    assert all("100’s of premium titles" not in r["text"] for r in rows)
    assert {r["published"] for r in rows} == {"2025-07-21T09:35:00", "2025-07-20", None}
    assert all(r["language"] == "en" for r in rows)
    again = ingest_paths(db, settings, [seeds_dir], progress=False)
    assert (again.new_articles, again.known) == (0, 5)
    assert db["articles"].count == 5
    assert db["fetches"].count_where("kind = 'file'") == 10


def test_ingest_html_and_manifest(
    db: sqlite_utils.Database, settings: Settings, tmp_path: Path, seeds_dir: Path
) -> None:
    page = DATA_DIR / "demo/articles/china-rare-metals-exports-us.html"
    manifest = tmp_path / "batch.jsonl"
    lines = [
        {"url": "https://example.org/a?utm_source=x#top", "outlet": "Example",
         "published": "2025-07-22", "title": "Given title",
         "text": "A sentence of manifest text that is long enough to count. " * 6},
        {"url": "https://example.org/seed-002", "outlet": "Finance blog",
         "path": str(_seed(seeds_dir, "002"))},
        "not json at all",
        {"url": "https://example.org/b", "text": "x", "path": "y"},
        {"url": "javascript:alert(1)", "text": "some text"},
        {"path": "missing.html"},
        [1, 2],
    ]
    manifest.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
                        + "\n", encoding="utf-8")
    summary = ingest_paths(db, settings, [page, manifest], progress=False)
    assert (summary.new_articles, summary.duplicates) == (3, 0)
    assert [e.split(": ", 1)[0] for e in summary.errors] == [
        f"{manifest}:{n}" for n in (3, 4, 5, 6, 7)
    ]
    assert "not valid JSON" in summary.errors[0]
    assert "needs exactly one of 'text' and 'path'" in summary.errors[1]
    assert "'url' must be an http(s) or file: URL" in summary.errors[2]
    assert "'path' 'missing.html': no such file" in summary.errors[3]
    assert "expected a JSON object" in summary.errors[4]
    given = next(db["articles"].rows_where("canonical_url = ?", ["https://example.org/a"]))
    assert (given["outlet"], given["title"], given["published"]) == (
        "Example", "Given title", "2025-07-22")
    seed = next(db["articles"].rows_where("url = ?", ["https://example.org/seed-002"]))
    assert seed["outlet"] == "Finance blog" and seed["published"] == "2025-07-20"
    assert seed["title"] == TITLES["002"]
    html = next(db["articles"].rows_where("url = ?", [page.resolve().as_uri()]))
    assert html["author"] == "Dorian Koça" and "cookie" not in html["text"].lower()
    assert html["outlet"] == "Daily Metals Report"  # og:site_name when nothing else names it


def test_ingest_bad_files(db: sqlite_utils.Database, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "blank.txt").write_text("\n\nMenu\nSign in\n", encoding="utf-8")
    summary = ingest_paths(
        db, settings,
        [tmp_path / "notes.pdf", tmp_path / "blank.txt", FIXTURES / "bad/empty.html",
         FIXTURES / "bad/not-article.html", tmp_path / "nope.txt"],
        progress=False,
    )
    assert summary.new_articles == 0
    errors = "\n".join(summary.errors)
    assert f"{tmp_path / 'notes.pdf'}: unsupported file type" in errors
    assert f"{tmp_path / 'blank.txt'}: no article text" in errors
    assert "empty.html: empty page" in errors
    assert "not-article.html: not an article" in errors
    assert f"{tmp_path / 'nope.txt'}: no such file" in errors


def test_exact_duplicate_file_is_linked_not_stored_twice(
    db: sqlite_utils.Database, settings: Settings, tmp_path: Path, seeds_dir: Path
) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(_seed(seeds_dir, "003").read_bytes())
    summary = ingest_paths(db, settings, [_seed(seeds_dir, "003"), copy], progress=False)
    assert (summary.new_articles, summary.duplicates) == (1, 1)
    assert db["articles"].count == 1
    assert db["article_urls"].count_where("url = ?", [copy.resolve().as_uri()]) == 1


def test_seed_page_and_seed_text_are_the_same_article(
    db: sqlite_utils.Database, settings: Settings, seeds_dir: Path
) -> None:
    """The fixture page built from seed 000 and the seed text itself give the same clean text."""
    page = DATA_DIR / "demo/articles/china-rare-metals-exports-us.html"
    summary = ingest_paths(db, settings, [page, _seed(seeds_dir, "000")], progress=False)
    assert (summary.new_articles, summary.duplicates) == (1, 1)
    stored = next(db["articles"].rows)
    assert db["article_urls"].count_where(
        "article_id = ? and url = ?", [stored["id"], _seed(seeds_dir, "000").resolve().as_uri()]
    ) == 1


def test_cli_ingest(runner: CliRunner, db_path: Path, seeds_dir: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db_path), "ingest", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert "ingest: 5 files read, 5 new articles, 0 duplicates, 0 already stored, 0 errors" in (
        result.output)
    missing = runner.invoke(cli, ["--db", str(db_path), "ingest", "no/such/file.txt"])
    assert missing.exit_code == 2
    assert "Path 'no/such/file.txt' does not exist" in missing.output


def _ingest(runner: CliRunner, db_path: Path, *paths: Path) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--db", str(db_path), "ingest", *map(str, paths)])
    return result.exit_code, result.stdout, result.stderr


def test_binary_txt_is_an_error_and_not_reported_as_ingested(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    code, out, err = _ingest(runner, db_path, binary)
    assert code == 0  # a file that is not an article: recorded, listed, the run goes on
    assert out == "ingest: 1 file read, 0 new articles, 0 duplicates, 0 already stored, 1 error\n"
    assert err == f"error: {binary}: not a text file (it holds binary data)\n"
    assert "ingested" not in err


def test_empty_txt_is_reported_as_empty(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text("  \n\n \t\n", encoding="utf-8")
    code, out, err = _ingest(runner, db_path, empty, blank)
    assert code == 0
    assert out == "ingest: 2 files read, 0 new articles, 0 duplicates, 0 already stored, 2 errors\n"
    assert err == f"error: {empty}: empty file\nerror: {blank}: empty file\n"


def test_empty_manifest_says_it_holds_no_articles(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "empty.jsonl"
    manifest.write_text("\n\n", encoding="utf-8")
    code, out, err = _ingest(runner, db_path, manifest)
    assert code == 0
    assert out == "ingest: 1 file read, 0 new articles, 0 duplicates, 0 already stored, 1 error\n"
    assert err == f"error: {manifest}: holds no articles (the manifest is empty)\n"


def test_malformed_manifest_exits_2_naming_file_line_and_column(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "batch.jsonl"
    good = {"url": "https://example.org/a", "outlet": "Example",
            "text": "A sentence of manifest text that is long enough to count. " * 6}
    # line 2 is cut short: the comma or brace is missing just after its last character (not
    # at "column 1" of a next line); line 3 has a bare word at column 9 where a value should be
    cut_short = '{"url": "https://example.org/b"'
    manifest.write_text(f"{json.dumps(good)}\n{cut_short}\n" + '{"url": oops}\n',
                        encoding="utf-8")
    code, out, err = _ingest(runner, db_path, manifest)
    assert code == 2
    assert out == "ingest: 1 file read, 1 new article, 0 duplicates, 0 already stored, 2 errors\n"
    column = len(cut_short) + 1
    assert err.splitlines() == [
        f"error: {manifest}:2: not valid JSON: expecting ',' delimiter at column {column}",
        f"error: {manifest}:3: not valid JSON: expecting value at column 9",
        f"ingested {manifest} (1 article)",
        "Error: 2 malformed manifest lines (listed above); the first: not valid JSON: "
        f"expecting ',' delimiter at column {column} ({manifest}:2)",
    ]
    # the good line was stored all the same
    stored = sqlite_utils.Database(db_path)
    assert [r["url"] for r in stored["articles"].rows] == ["https://example.org/a"]


def test_one_malformed_line_is_the_error_line(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "one.jsonl"
    manifest.write_text('\ufeff["not", "an", "object"]\r\n', encoding="utf-8")
    code, _, err = _ingest(runner, db_path, manifest)
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: expected a JSON object {url, outlet, title, text|path, ...} "
        f"({manifest}:1)")


UNSEEN_PAGE = """Skip to main content
Menu
Search
World
Business
Flood barriers fail as river rises to record level
By Anna Berg
12 March 2024
Share
Tweet
The river rose to 8.4 metres on Tuesday night, the highest level since records began in 1880, \
the city's water board said.
Emergency crews evacuated 2,300 residents from low-lying districts before dawn, officials said.
Advertisement
The mayor said the barriers, built in 2009 for about €45 million, had been designed for a level \
of eight metres.
"We will review every assumption," she told reporters at the town hall on Wednesday morning.
Read more: How the city prepared for floods
Sign up for our daily newsletter
Related articles
Storm warning for the coast
Most popular
© 2024 Example Times. All rights reserved.
"""


def test_plain_text_cleaning_generalises_to_another_site() -> None:
    """A page dump from another domain and layout: the same general rules apply."""
    plain = clean_plain_text(UNSEEN_PAGE)
    assert plain.title == "Flood barriers fail as river rises to record level"
    assert (plain.published, plain.author) == ("2024-03-12", "Anna Berg")
    paragraphs = plain.text.split("\n\n")
    assert len(paragraphs) == 4  # the four sentences of the story, across the advertisement
    assert paragraphs[0].startswith("The river rose to 8.4 metres")
    assert paragraphs[-1].endswith("at the town hall on Wednesday morning.")
    for furniture in ("Advertisement", "Read more", "Sign up", "Related", "Storm warning",
                      "Most popular", "©", "Share", "Tweet", "Menu"):
        assert furniture not in plain.text
