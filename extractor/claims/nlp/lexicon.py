"""The vocabularies in models/ (units, entities, hedges, directions), loaded once per pipeline."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from extractor.core.data import DATA_DIR
from extractor.core.errors import ConfigError

__all__ = ["MODELS_DIR", "VOCAB_FILES", "Lexicon", "read_vocab"]

MODELS_DIR = DATA_DIR
VOCAB_FILES = ("units.yaml", "entities.yaml", "lexicon.yaml", "events.yaml", "languages.yaml")
# The keys of lexicon.yaml a language other than English fills from its section of
# languages.yaml; every other English list is empty there (an English verb list read against
# German text matches nothing, or worse, a false friend).
_LOCAL_LISTS = ("comparison_markers", "noun_dates", "range_openers", "now_words",
                "per_share_words")


def read_vocab(models_dir: Path | str | None = None) -> dict[str, Any]:
    """The vocabulary files of ``models_dir`` as one dict keyed by file stem."""
    folder = Path(models_dir) if models_dir else MODELS_DIR
    data: dict[str, Any] = {}
    for name in VOCAB_FILES:
        path = folder / name
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read vocabulary ({exc.strerror or exc})") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise ConfigError(f"{where}: malformed YAML ({exc})") from exc
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}:1: expected a mapping at the top level")
        data[path.stem] = loaded
    return data


class EventClasses:
    """The event classes of models/events.yaml, indexed by verb and noun lemma."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.by_verb: dict[str, str] = {}
        self.by_noun: dict[str, str] = {}  # names of the event itself: "deal" -> agreement
        self.by_object: dict[str, str] = {}  # what it acts on: "tariff" -> imposition
        self.needs: dict[str, str] = {}  # class -> the class its object must belong to
        for name, spec in (data.get("classes") or {}).items():
            if spec.get("needs_object_of"):
                self.needs[name] = str(spec["needs_object_of"])
            for verb in spec.get("verbs", []):
                self.by_verb.setdefault(str(verb).lower(), name)
            for noun in spec.get("nouns", []):
                self.by_noun.setdefault(str(noun).lower(), name)
            for noun in spec.get("objects", []):
                self.by_object.setdefault(str(noun).lower(), name)
        self.support = frozenset(str(v).lower() for v in data.get("support_verbs", []))
        self.weak = frozenset(str(v).lower() for v in data.get("weak_classes", []))
        self.light = frozenset(str(v).lower() for v in data.get("light_verbs", []))

    def of_noun(self, *forms: str) -> str | None:
        for form in forms:
            found = self.by_noun.get(form) or self.by_object.get(form)
            if found:
                return found
        return None


class Lexicon:
    """Typed, pre-indexed access to the vocabulary dict (what the components serialise)."""

    def __init__(self, data: dict[str, Any], lang: str = "en") -> None:
        self.data = data
        self.lang = lang
        self.units: dict[str, Any] = data["units"]
        self.entities: dict[str, Any] = data["entities"]
        # the grammar of figures in ``lang`` when it is not English (data/languages.yaml)
        self.local: dict[str, Any] = dict((data.get("languages") or {}).get(lang) or {})
        self.words: dict[str, Any] = data["lexicon"] if lang == "en" else _local_words(
            data["lexicon"], self.local)
        self.events: dict[str, Any] = (data.get("events") or {}) if lang == "en" else {}
        self._sets: dict[str, frozenset[str]] = {}

    @cached_property
    def hedges(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.words["hedges"].items()}

    @cached_property
    def up_verbs(self) -> frozenset[str]:
        return frozenset(self.words["up"]["verbs"])

    @cached_property
    def down_verbs(self) -> frozenset[str]:
        return frozenset(self.words["down"]["verbs"])

    @cached_property
    def up_words(self) -> frozenset[str]:
        return frozenset(self.words["up"]["words"])

    @cached_property
    def down_words(self) -> frozenset[str]:
        return frozenset(self.words["down"]["words"])

    @cached_property
    def flat_words(self) -> frozenset[str]:
        return frozenset(self.words["flat"]["words"])

    def set_of(self, key: str) -> frozenset[str]:
        """The lower-cased words of a list of the vocabulary, built once (rules ask per token)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(str(w).lower() for w in self.words.get(key, []))
        return found

    @cached_property
    def comparison_markers(self) -> frozenset[str]:
        return self.set_of("comparison_markers")

    @cached_property
    def noun_dates(self) -> frozenset[str]:
        return self.set_of("noun_dates")

    @cached_property
    def share_nouns(self) -> frozenset[str]:
        return self.set_of("share_nouns")

    @cached_property
    def rate_nouns(self) -> frozenset[str]:
        return self.set_of("rate_nouns")

    @cached_property
    def generic_verbs(self) -> frozenset[str]:
        return self.set_of("generic_verbs")

    @cached_property
    def reporting_verbs(self) -> frozenset[str]:
        return self.set_of("reporting_verbs")

    @cached_property
    def source_nouns(self) -> frozenset[str]:
        return self.set_of("source_nouns")

    @cached_property
    def event_nouns(self) -> frozenset[str]:
        return self.set_of("event_nouns")

    @cached_property
    def count_verbs(self) -> frozenset[str]:
        return self.set_of("count_verbs")

    @cached_property
    def pair_nouns(self) -> frozenset[str]:
        return self.set_of("pair_nouns")

    @cached_property
    def measure_nouns(self) -> frozenset[str]:
        return self.set_of("measure_nouns")

    @cached_property
    def news_agencies(self) -> frozenset[str]:
        return self.set_of("news_agencies")

    @cached_property
    def noun_metrics(self) -> dict[str, str]:
        return {str(k).lower(): str(v) for k, v in self.words.get("noun_metrics", {}).items()}

    @cached_property
    def event_classes(self) -> EventClasses:
        return EventClasses(self.events)

    @cached_property
    def light_verbs(self) -> frozenset[str]:
        return self.set_of("light_verbs")

    @cached_property
    def label_nouns(self) -> frozenset[str]:
        return self.set_of("label_nouns")

    @cached_property
    def place_nouns(self) -> frozenset[str]:
        return self.set_of("place_nouns")

    @cached_property
    def superlatives(self) -> frozenset[str]:
        return self.set_of("superlatives")

    @cached_property
    def verb_metrics(self) -> dict[str, str]:
        return dict(self.words.get("verb_metrics", {}))

    @cached_property
    def multiple_of(self) -> tuple[str, ...]:
        return tuple(str(w).lower() for w in self.words.get("multiple_of", []))


def _local_words(english: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """lexicon.yaml's shape for another language: its hedges, directions and markers from
    languages.yaml, every other list empty."""
    words: dict[str, Any] = {key: type(value)() for key, value in english.items()
                             if isinstance(value, (list, dict))}
    words["hedges"] = dict(local.get("hedges", {}))
    for key in ("up", "down"):
        words[key] = {"verbs": list(local.get(key, [])), "words": list(local.get(key, []))}
    words["flat"] = {"words": list(local.get("flat", []))}
    for key in _LOCAL_LISTS:
        words[key] = list(local.get(key, []))
    words["superlatives"] = list(local.get("superlative", []))
    words["fold_verbs"] = dict(local.get("fold", {}))
    return words
