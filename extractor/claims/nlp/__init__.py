"""The claim-extraction pipeline: the pretrained English spaCy model plus the project's components.

    from extractor import load
    nlp = load()
    doc = nlp(make_doc(nlp, text, published="2025-07-21"))   # or simply nlp(text)
    doc._.claims                                              # list[records.Claim]
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from extractor.claims.nlp import components
from extractor.claims.nlp.components import PIPELINE_VERSION, pipeline_id
from extractor.claims.nlp.lexicon import MODELS_DIR, VOCAB_FILES
from extractor.claims.nlp.numbers import normalize_text
from extractor.core.errors import ConfigError
from extractor.core.settings import load_settings

__all__ = [
    "PIPELINE_VERSION",
    "build_model",
    "expected_pipeline_id",
    "load",
    "load_language",
    "make_doc",
    "normalize_text",
    "pipeline_id",
]

# spaCy's default max_length (1,000,000 characters) is far above any article; longer texts are
# split by extractor.claims before they get here.
_CONFIG = "config.cfg"
_PATTERNS = "patterns.jsonl"
_OURS = "newsclaims_quantities"
_WITH_VOCAB = frozenset({"newsclaims_periods_v1", "newsclaims_quantities_v1",
                         "newsclaims_events_v1", "newsclaims_dates_v1"})


def _models_hash(models_dir: Path) -> str:
    """Of the models/ files and of the rules' code: either changing re-extracts every article."""
    digest = hashlib.sha1()
    for name in (_CONFIG, _PATTERNS, *VOCAB_FILES):
        try:
            digest.update((models_dir / name).read_bytes())
        except OSError as exc:  # a damaged installation: one line naming the file (issue 11)
            raise ConfigError(f"{models_dir / name}: cannot read a file of the claim pipeline "
                              f"({exc.strerror or exc})") from exc
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:8]


def as_phrases(patterns: list[dict[str, Any]], make_doc: Callable[[str], Doc]
               ) -> list[dict[str, Any]]:
    """The span ruler's patterns with every one made of plain words ("a year earlier", "on
    the year", with "IN" choices and optional tokens) spelt out as phrases, which spaCy's
    PhraseMatcher finds several times faster than the Matcher its token patterns need
    (bench/extract_bench.py). A word the tokenizer would split ("year-on-year") keeps its
    pattern a token pattern, so the spans found are the same."""
    out: list[dict[str, Any]] = []
    for entry in patterns:
        phrases = _phrases(entry["pattern"], make_doc)
        if phrases is None:
            out.append(entry)
        else:
            out.extend({"label": entry["label"], "pattern": p} for p in phrases)
    return out


def _phrases(pattern: Any, make_doc: Callable[[str], Doc]) -> list[str] | None:
    if not isinstance(pattern, list):
        return None
    choices: list[list[str | None]] = []
    for token in pattern:
        keys = set(token) - {"OP"}
        if len(keys) != 1 or not keys <= {"LOWER", "ORTH"} or token.get("OP", "?") != "?":
            return None
        value = token[keys.pop()]
        words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else value
        words = [words] if isinstance(words, str) else words
        if not isinstance(words, list) or any(
                not isinstance(w, str) or len(make_doc(w)) != 1 or w != w.lower()
                for w in words):
            return None
        choices.append([*words, None] if token.get("OP") == "?" else list(words))
    return [" ".join(w for w in combo if w is not None)
            for combo in itertools.product(*choices)]


def load(model: str | None = None, *, models_dir: Path | None = None) -> Language:
    """The pretrained pipeline ``model`` (default settings.spacy_model) with our components."""
    name = model or load_settings().spacy_model
    folder = models_dir or MODELS_DIR
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed or not a pipeline directory ({exc})"
        ) from exc
    if _OURS in nlp.pipe_names:  # a directory written by `newsclaims build-model`
        return nlp
    try:
        config = spacy.util.load_config(folder / _CONFIG)
        patterns = list(srsly.read_jsonl(folder / _PATTERNS))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{folder}: cannot read the claim pipeline ({exc})") from exc
    disable = list(config["pipeline"].get("disable", []))
    early = set(config["pipeline"].get("before_parser", []))
    for comp in config["pipeline"]["components"]:
        cfg = dict(config["components"][comp])
        factory = cfg.pop("factory")
        if factory in _WITH_VOCAB and models_dir is not None:
            cfg["models_dir"] = str(folder)
        before = "parser" if comp in early and "parser" in nlp.pipe_names else None
        nlp.add_pipe(factory, name=comp, config=cfg, before=before)
    # the ruler makes its phrase patterns with the pipes before it: only the tokenizer is needed
    earlier = nlp.pipe_names[:nlp.pipe_names.index("newsclaims_cues")]
    with nlp.select_pipes(disable=earlier):
        nlp.get_pipe("newsclaims_cues").add_patterns(  # type: ignore[attr-defined]
            as_phrases(patterns, nlp.make_doc))
    for comp in disable:
        if comp in nlp.pipe_names:
            nlp.disable_pipe(comp)
    nlp.meta["newsclaims"] = {"pipeline": _pipeline_name(nlp.meta, name, folder)}
    return nlp


def load_language(lang: str, model: str | None = None, *,
                  models_dir: Path | None = None) -> Language:
    """The claim pipeline of ``lang`` (ISO 639-1): English is :func:`load` (``model`` names the
    English pipeline); another language gets the pretrained pipeline config.cfg names for it
    (``[languages] pretrained``), else a blank pipeline with a sentencizer, plus the components
    of ``[languages] components`` reading that language."""
    if lang == "en":
        return load(model, models_dir=models_dir)
    folder = models_dir or MODELS_DIR
    try:
        config = spacy.util.load_config(folder / _CONFIG)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{folder}: cannot read the claim pipeline ({exc})") from exc
    languages = config.get("languages", {})
    pretrained = dict(languages.get("pretrained", {})).get(lang)
    if pretrained:
        try:
            nlp = spacy.load(pretrained)
        except OSError as exc:
            raise ConfigError(f"spaCy pipeline {pretrained!r} for {lang} is not installed "
                              f"({exc})") from exc
    else:
        try:
            nlp = spacy.blank(lang)
        except ImportError as exc:
            raise ConfigError(f"spaCy has no language {lang!r} ({exc})") from exc
        nlp.add_pipe("sentencizer")
    _split_full_stop_after_figures(nlp)
    for comp in languages.get("components", []):
        cfg = dict(config["components"][comp])
        factory = cfg.pop("factory")
        if factory in _WITH_VOCAB and models_dir is not None:
            cfg["models_dir"] = str(folder)
        before = "parser" if comp in config["pipeline"].get("before_parser", []) and \
            "parser" in nlp.pipe_names else None
        nlp.add_pipe(factory, name=comp, config=cfg, before=before)
    name = pretrained or f"{lang}_blank"
    meta = dict(nlp.meta) if pretrained else {"lang": lang, "name": "blank",
                                             "version": spacy.about.__version__}
    nlp.meta["newsclaims"] = {"pipeline": _pipeline_name(meta, name, folder)}
    return nlp


# The full stop after a figure written with a separator ("ein Minus von 13.000.", "hasta el
# 4,5."), which the tokenizers of these languages keep on the number (a trailing dot marks an
# ordinal there: "am 23. Februar"): split off, it ends the sentence.
_FIGURE_FULL_STOP = (r"(?<=[.,]\d\d\d)\.$", r"(?<=,\d)\.$", r"(?<=,\d\d)\.$")


def _split_full_stop_after_figures(nlp: Language) -> None:
    suffixes = list(nlp.Defaults.suffixes or ()) + list(_FIGURE_FULL_STOP)
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def _pipeline_name(meta: dict[str, Any], name: str, folder: Path) -> str:
    base = f"{meta.get('lang', 'en')}_{meta.get('name', name)}-{meta.get('version', '')}"
    return f"newsclaims-{PIPELINE_VERSION}+{base}+{_models_hash(folder)}"


def expected_pipeline_id(model: str | None = None, lang: str = "en") -> str | None:
    """The id ``load_language(lang, model)`` would give, read from the model's meta.json without
    loading its weights (so that a run with nothing to extract costs no model load); None if
    unknown."""
    if lang != "en":
        return _expected_local_id(lang)
    name = model or load_settings().spacy_model
    try:
        path = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
        meta = srsly.read_json(path / "meta.json")
    except Exception:  # not installed, not a package, no meta: let load() give the real error
        return None
    ours = meta.get("newsclaims", {}).get("pipeline")  # a directory from `build-model`
    return str(ours) if ours else _pipeline_name(meta, name, MODELS_DIR)


def _expected_local_id(lang: str) -> str | None:
    try:
        config = spacy.util.load_config(MODELS_DIR / _CONFIG)
        pretrained = dict(config.get("languages", {}).get("pretrained", {})).get(lang)
        if not pretrained:
            meta = {"lang": lang, "name": "blank", "version": spacy.about.__version__}
            return _pipeline_name(meta, f"{lang}_blank", MODELS_DIR)
        meta = srsly.read_json(spacy.util.get_package_path(pretrained) / "meta.json")
    except Exception:  # not installed, no meta: let load_language() give the real error
        return None
    return _pipeline_name(meta, pretrained, MODELS_DIR)


def make_doc(nlp: Language, text: str, *, published: str | None = None,
             reference_penalty: float = 0.0) -> Doc:
    """A tokenised Doc of ``text`` (normalised character for character) with its reference date."""
    doc = nlp.make_doc(normalize_text(text, nlp.lang or "en"))
    doc._.reference_date = published
    doc._.reference_penalty = reference_penalty
    if published:
        doc._.reference_source = "given"
    return doc


def build_model(out: Path, model: str | None = None) -> Path:
    """Write the assembled pipeline to ``out`` (readable by ``spacy.load`` once extractor.nlp is
    imported); the pretrained weights come from the installed package, not from the repo."""
    nlp = load(model)
    # the written ruler keeps the token patterns: spaCy re-reads phrase patterns through every
    # pipe before the ruler when it loads them (slow, and a warning for each label)
    ruler = nlp.get_pipe("newsclaims_cues")
    ruler.clear()  # type: ignore[attr-defined]
    ruler.add_patterns(list(srsly.read_jsonl(MODELS_DIR / _PATTERNS)))  # type: ignore[attr-defined]
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    srsly.write_json(out / "newsclaims.json", {
        "pipeline": pipeline_id(nlp),
        "built_from": json.dumps({"model": model or load_settings().spacy_model,
                                  "models_dir": str(MODELS_DIR)}),
    })
    return out


del components  # imported for its factory registrations
