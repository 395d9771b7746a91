"""Small parts of the crawler: Retry-After, charset decoding, language guess, shingles."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from extractor import store as dbmod
from extractor.core.language import guess_language
from extractor.core.records import Article, stable_id
from extractor.crawl.dedupe import (
    DuplicateIndex,
    fingerprint,
    parse_fingerprint,
    shingles,
    store_article,
    text_hash,
)
from extractor.crawl.fetch import parse_retry_after
from extractor.crawl.html import decode_html

STORY = ("The council approved a new budget of 12 million euros for the harbour on Monday, "
         "after a debate that lasted most of the evening and ended in a narrow vote. ") * 3


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 80 <= (parse_retry_after(later) or 0) <= 91
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_decode_html_prefers_valid_utf8_then_labels_then_detection() -> None:
    text = "<p>Café “quoted” – naïve</p>"
    assert decode_html(text.encode("utf-8"), "iso-8859-1") == (text, "utf-8")
    assert decode_html(text.encode("cp1252"), "windows-1252")[0] == text
    meta = f'<meta charset="windows-1252">{text}'
    assert decode_html(meta.encode("cp1252"))[0] == meta
    assert decode_html(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))[0] == text


def test_guess_language() -> None:
    assert guess_language(STORY) == "en"
    german = ("Der Rat hat am Montag einen neuen Haushalt für den Hafen beschlossen, und die "
              "Debatte dauerte fast den ganzen Abend, bis es eine knappe Abstimmung gab. ") * 2
    assert guess_language(german) == "de"
    assert guess_language("too short") is None


def _article(url: str, text: str, published: str | None = None) -> Article:
    return Article(id=stable_id(url), url=url, canonical_url=url, outlet="o", title=None,
                   text=text, text_hash=text_hash(text), published=published,
                   fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))


def test_near_duplicate_index(tmp_path: Path) -> None:
    from synth import paragraphs  # fixtures/, put on sys.path by conftest

    db = dbmod.open_db(tmp_path / "n.db")
    story = "\n".join(paragraphs(1))
    index = DuplicateIndex.from_db(db, 0.8)
    assert store_article(db, index, _article("http://a.example/1", story)) == (
        "new", stable_id("http://a.example/1"))
    a = stable_id("http://a.example/1")
    exact = index.find(story.upper().replace("\n", "\n\n"))  # case and spacing do not count
    assert exact is not None and (exact.kind, exact.article_id) == ("exact", a)
    copy = "This report is republished from our wire partner.\n" + story
    match = index.find(copy)
    assert match is not None and (match.kind, match.article_id) == ("near", a)
    assert match.score >= 0.9
    other = "\n".join(paragraphs(2))  # another story from the same generator
    assert index.find(other) is None
    # a story quoting two of the original's paragraphs is not a copy of it
    quoting = "\n".join(paragraphs(3) + paragraphs(1)[:2])
    assert index.find(quoting) is None
    assert shingles("too few words here") == frozenset()
    # the stored fingerprint is the sampled shingle set itself, read back without the text
    stored = db.execute("select fingerprint from articles where id = ?", [a]).fetchone()[0]
    assert parse_fingerprint(stored) == shingles(story)
    assert parse_fingerprint(fingerprint(frozenset())) == frozenset()
    assert parse_fingerprint("0123456789abcdef") is None  # another format: not used
    db.close()


def test_near_duplicate_check_does_not_reread_stored_articles(tmp_path: Path) -> None:
    """A check costs the same few index lookups with 10 or 200 articles stored, and never reads
    (or re-shingles) a stored text: a `watch` round costs in proportion to its new articles."""
    from synth import paragraphs

    db = dbmod.open_db(tmp_path / "n.db")
    statements: list[str] = []
    costs = []
    stored = 0
    for total in (10, 200):
        index = DuplicateIndex.from_db(db, 0.8)
        while stored < total:
            text = "\n".join(paragraphs(1000 + stored, 4))
            store_article(db, index, _article(f"http://s.example/{stored}", text))
            stored += 1
        db.conn.set_trace_callback(statements.append)
        statements.clear()
        index = DuplicateIndex.from_db(db, 0.8)
        copy = "Republished with permission.\n" + "\n".join(paragraphs(1005, 4))
        match = index.find(copy)
        assert match is not None and match.article_id == stable_id("http://s.example/5")
        db.conn.set_trace_callback(None)
        costs.append(len(statements))
        assert not [s for s in statements if "text" in s.split("from")[0]], statements
    assert costs[0] == costs[1]
    # old index rows leave with the window; the articles themselves stay
    db.execute("update article_shingles set day = day - 30 where article_id = ?",
               [stable_id("http://s.example/5")])
    DuplicateIndex.from_db(db, 0.8)
    assert db.execute("select count(*) from article_shingles where article_id = ?",
                      [stable_id("http://s.example/5")]).fetchone()[0] == 0
    assert DuplicateIndex.from_db(db, 0.8).find(copy) is None  # older than the window
    db.close()


def test_copy_that_arrives_first_is_turned_round(tmp_path: Path) -> None:
    from synth import paragraphs

    db = dbmod.open_db(tmp_path / "n.db")
    index = DuplicateIndex.from_db(db, 0.8)
    story = "\n".join(paragraphs(7))
    copy = "From our partners at the wire.\n" + story
    assert store_article(db, index, _article("http://copy.example/1", copy,
                                             "2025-07-22T10:00:00+00:00"))[0] == "new"
    outcome, original = store_article(db, index, _article("http://orig.example/1", story,
                                                           "2025-07-21T10:00:00+00:00"))
    assert outcome == "near_duplicate"
    rows = dict(db.execute("select id, duplicate_of from articles").fetchall())
    assert rows == {stable_id("http://copy.example/1"): original, original: None}
    db.close()


def test_fetch_of_an_invalid_url_is_an_error_not_a_crash() -> None:
    from extractor.core.settings import Settings
    from extractor.crawl.fetch import Fetcher

    with Fetcher(Settings(per_host_delay=0.0)) as fetcher:
        result = fetcher.fetch("http://[::1/broken")
    assert result.page.error is not None and result.page.error.startswith("invalid URL:")
    assert result.permanent and len(result.attempts) == 1
