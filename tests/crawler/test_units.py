"""Small parts of the crawler: Retry-After, charset decoding, language guess, shingles."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from extractor.dedupe import DuplicateIndex, fingerprint, shingles, text_hash
from extractor.fetch import parse_retry_after
from extractor.text import decode_html, guess_language

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


def test_near_duplicate_index() -> None:
    from synth import paragraphs  # fixtures/, put on sys.path by conftest

    story = "\n".join(paragraphs(1))
    index = DuplicateIndex(threshold=0.8)
    index.add("a", story, text_hash(story), None)
    exact = index.find(story.upper().replace("\n", "\n\n"))  # case and spacing do not count
    assert exact is not None and (exact.kind, exact.article_id) == ("exact", "a")
    copy = "This report is republished from our wire partner.\n" + story
    match = index.find(copy)
    assert match is not None and (match.kind, match.article_id) == ("near", "a")
    assert match.score >= 0.9
    other = "\n".join(paragraphs(2))  # another story from the same generator
    assert index.find(other) is None
    assert shingles("too few words here") == frozenset()
    # similar texts have close fingerprints, different ones do not
    near = bin(int(fingerprint(story), 16) ^ int(fingerprint(copy), 16)).count("1")
    far = bin(int(fingerprint(story), 16) ^ int(fingerprint(other), 16)).count("1")
    assert near <= 6 < far


def test_fetch_of_an_invalid_url_is_an_error_not_a_crash() -> None:
    from extractor.fetch import Fetcher
    from extractor.settings import Settings

    with Fetcher(Settings(per_host_delay=0.0)) as fetcher:
        result = fetcher.fetch("http://[::1/broken")
    assert result.page.error is not None and result.page.error.startswith("invalid URL:")
    assert result.permanent and len(result.attempts) == 1
