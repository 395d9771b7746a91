"""newsclaims as a user installs it: a wheel built from the repository, installed with the locked
dependencies into a new virtual environment, run from a directory outside the repository; and a
missing data file of the installed package is a one-line error, not a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from extractor import store as dbmod
from extractor.core.records import Article, stable_id

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parent.parent
STORIES = PROJECT_DIR / "fixtures" / "stories"
# The stock interpreter this environment was made from (`python3.11` on a user's machine).
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)


def _env() -> dict[str, str]:
    """The user's environment without anything pointing at this checkout or its settings."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("NEWSCLAIMS_") and k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def _run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    return done


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel of a copy of the repository's package sources (the build writes build/ and
    *.egg-info/ beside its sources: a copy keeps them out of the checkout)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT_DIR / name, src / name)
    shutil.copytree(PROJECT_DIR / "extractor", src / "extractor",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          str(src), "-w", str(out)], cwd=tmp_path)
    (wheel,) = out.glob("newsclaims-*.whl")
    return wheel


def _install(venv: Path, wheel: Path) -> Path:
    """A new environment from the stock interpreter, set up as scripts/setup.sh does it: the
    pinned pip, the hash-pinned runtime lock, then newsclaims itself without dependencies."""
    _run([BASE_PYTHON, "-m", "venv", str(venv)], cwd=venv.parent)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "--require-hashes", "-r", str(PROJECT_DIR / "requirements-pip.lock")],
         cwd=venv.parent)
    _run([*pip, "--require-hashes", "-r", str(PROJECT_DIR / "requirements.lock")],
         cwd=venv.parent)
    _run([*pip, "--no-deps", str(wheel)], cwd=venv.parent)
    return venv / "bin" / "newsclaims"


def _fixture_article(work: Path) -> dict[str, str]:
    """One article of fixtures/stories copied beside a manifest giving its headline (the .txt
    holds the body only); returns its gold entry."""
    gold = yaml.safe_load((STORIES / "gold" / "us-jobs-2025-08.yaml").read_text(encoding="utf-8"))
    entry = next(a for a in gold["articles"] if a["language"] == "en" and not a["copy_of"])
    shutil.copy2(STORIES / "articles" / entry["file"], work / "article.txt")
    (work / "article.jsonl").write_text(json.dumps({
        "url": f"https://{entry['id']}.example/article", "outlet": entry["outlet"],
        "published": str(entry["published"]), "title": entry["title"], "path": "article.txt",
    }) + "\n", encoding="utf-8")
    return dict(entry)


@pytest.mark.timeout(1800)  # a full install from the registry: 1-2 minutes with a warm pip cache
def test_a_wheel_installed_with_the_lock_runs_every_stage_outside_the_repository(
        tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    newsclaims = _install(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert not work.is_relative_to(PROJECT_DIR)
    where = _run([str(tmp_path / "venv" / "bin" / "python"), "-c",
                  "import extractor; print(extractor.__file__)"], cwd=work).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")  # not this checkout
    entry = _fixture_article(work)
    db = ["--db", "news.db"]

    ingest = _run([str(newsclaims), *db, "ingest", "article.jsonl"], cwd=work).stdout
    assert re.search(r"\b1 new article\b", ingest), ingest

    extract = _run([str(newsclaims), *db, "extract"], cwd=work).stdout
    found = re.search(r"extract: 1 articles?, (\d+) claims?, 0 skipped", extract)
    assert found and int(found.group(1)) >= 10, extract

    reconcile = _run([str(newsclaims), *db, "reconcile"], cwd=work).stdout
    assert re.search(r"\b1 story\b", reconcile), reconcile

    report = _run([str(newsclaims), *db, "report", "--format", "md"], cwd=work).stdout
    assert report.startswith("# ")
    assert entry["title"] in report
    assert entry["outlet"] in report

    crawl = _run([str(newsclaims), *db, "crawl"], cwd=work).stdout  # the feeds it ships with
    counts = re.search(r"crawl: 3 feeds read .*?(\d+) new articles?, .*?(\d+) errors?", crawl)
    assert counts, crawl
    assert int(counts.group(1)) >= 4 and counts.group(2) == "0", crawl


# --------------------------------------------------------------------------- missing data files

# Several modules read the data folder when they are imported: the folder is replaced in a fresh
# process, before anything else of newsclaims is imported, as a damaged installation would be.
_WITH_DATA_DIR = """
import sys
from pathlib import Path
import extractor.core.data
extractor.core.data.DATA_DIR = Path(sys.argv[1])
from extractor.cli import main
sys.argv = ["newsclaims", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(("missing", "command"), [
    ("*", ["extract"]),  # an empty data folder
    ("lexicon.yaml", ["extract"]),
    ("entities.yaml", ["extract"]),
    ("config.cfg", ["extract"]),
    ("furniture.yaml", ["ingest", "article.txt"]),
    ("feeds.yaml", ["crawl"]),
])
def test_a_missing_data_file_is_a_one_line_error_naming_it(
        tmp_path: Path, missing: str, command: list[str]) -> None:
    data = tmp_path / "data"
    if missing == "*":
        data.mkdir()
    else:
        shutil.copytree(PROJECT_DIR / "extractor" / "data", data)
        (data / missing).unlink()
    text = ("Steel exports rose 12% to 4,100 tonnes in June, the statistics office said on "
            "Tuesday, the third monthly rise in a row.")
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    db_file = tmp_path / "news.db"
    db = dbmod.open_db(db_file)
    url = "https://news.example.org/steel"
    db.table("articles").insert(dbmod.to_row(Article(
        id=stable_id(url), url=url, canonical_url=url, outlet="Example", title="Steel",
        text=text, text_hash=stable_id(text, length=40), published="2025-07-01", language="en",
    ), exclude=["raw_html"]), pk="id")
    db.close()

    done = subprocess.run([sys.executable, "-c", _WITH_DATA_DIR, str(data), "--db",
                           str(db_file), *command], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    named = data if missing == "*" else data / missing
    assert str(named) in lines[0]
