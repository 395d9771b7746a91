"""The project's spaCy components, registered by factory name (with a version suffix).

- ``newsclaims_lines_v1``: sentence boundaries at line breaks (runs before the parser).
- ``newsclaims_periods_v1``: the periods, comparison cues and reference date of a Doc.
- ``newsclaims_quantities_v1``: quantity claims -> ``doc._.claims``.
- ``newsclaims_events_v1``: event claims, appended to ``doc._.claims``.
- ``newsclaims_people_v1`` (``people.py``): person claims and ages, appended to ``doc._.claims``.

Each holds the vocabularies of models/ and writes them with the pipeline (``to_disk``), so a
built pipeline directory is self-contained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from extractor.claims.nlp import people, serial
from extractor.claims.nlp.context import Context
from extractor.claims.nlp.entities import EntityNormalizer
from extractor.claims.nlp.events import EventReader
from extractor.claims.nlp.lexicon import Lexicon, read_vocab
from extractor.claims.nlp.local_dates import LocalDates
from extractor.claims.nlp.local_mentions import finder_for
from extractor.claims.nlp.periods import Reference
from extractor.claims.nlp.quantities import QuantityReader
from extractor.claims.nlp.timeline import CUES_KEY, analyse, forget_indexes, reference_from_text
from extractor.core.versions import PIPELINE_VERSION

__all__ = ["EXTENSIONS", "PIPELINE_VERSION", "pipeline_id", "register_extensions"]

_VOCAB_FILE = "vocab.json"

EXTENSIONS: dict[str, Any] = {
    "claims": None,  # list[records.Claim] (article_id empty until extractor.claims fills it)
    "reference_date": None,  # ISO date the relative periods resolve against (set by the caller)
    "reference_penalty": 0.0,  # confidence taken off dated claims when that date is a guess
    "reference_source": None,  # given | text-date | story:<story id> | similar:<article id> | none
    "periods": None,  # list[timeline.PeriodMention]
    "cues": None,  # list[timeline.Cue]
    "main_period": None,  # timeline.PeriodMention | None: the anchor (figure_periods.py)
    "headline": False,  # the Doc is a headline: verbless by style, not page furniture
}


def pipeline_id(nlp: Language) -> str:
    """The id stored with every claim and extraction: rules version, base model, vocabulary."""
    return str(nlp.meta.get("newsclaims", {}).get("pipeline", f"newsclaims-{PIPELINE_VERSION}"))


def register_extensions() -> None:
    """Add the Doc extensions once (guarded, as spaCy keeps them process-wide)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
del serial  # imported for its msgpack hooks (Docs with claims cross process boundaries)
del people  # imported for its factory registration


class _VocabComponent:
    """A component that holds the models/ vocabularies and serialises them with the pipeline."""

    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        self.nlp = nlp
        self._set(read_vocab(models_dir or None))

    def _set(self, data: dict[str, Any]) -> None:
        self.lexicon = Lexicon(data, self.nlp.lang or "en")
        self.entities = EntityNormalizer(self.lexicon.entities)
        self.context = Context(self.lexicon, self.entities)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        srsly.write_json(folder / _VOCAB_FILE, self.lexicon.data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _VocabComponent:
        self._set(srsly.read_json(Path(path) / _VOCAB_FILE))
        return self

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    @property
    def pipeline(self) -> str:
        """The pipeline id (``nlp.meta`` is rebuilt on every access: read it once)."""
        if getattr(self, "_pipeline", None) is None:
            self._pipeline = pipeline_id(self.nlp)
        return str(self._pipeline)

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - overridden
        raise NotImplementedError


class PeriodsComponent(_VocabComponent):
    def __call__(self, doc: Doc) -> Doc:
        given = doc._.reference_date
        if given:
            ref, source = Reference.parse(given), doc._.reference_source or "given"
        else:
            ref, source = reference_from_text(doc)
            # a date read from the text is less sure than a publication date
            doc._.reference_penalty = {"text-date": 0.05}.get(source, 0.0)
        doc._.reference_date = ref.iso()
        doc._.reference_source = source
        periods, cues = analyse(doc, self.lexicon, ref)
        doc._.periods = periods
        doc._.cues = cues
        return doc


class QuantitiesComponent(_VocabComponent):
    def _set(self, data: dict[str, Any]) -> None:
        super()._set(data)
        self.finder = finder_for(self.lexicon)
        self.reader = QuantityReader(self.finder, self.context)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.periods is None:
            raise ValueError(f"{self.name} needs newsclaims_periods_v1 before it in the pipeline")
        # sets doc._.main_period: the anchor, what the article reports (figure_periods.py)
        doc._.claims = self.reader.claims(
            doc, doc._.periods, doc._.cues, Reference.parse(doc._.reference_date),
            self.pipeline, doc._.reference_penalty,
        )
        return doc


class DatesComponent(_VocabComponent):
    """The date phrases of a language other than English as PERIOD spans (``local_dates``),
    where the English pipeline has its NER's DATE entities and its span-ruler patterns."""

    def _set(self, data: dict[str, Any]) -> None:
        super()._set(data)
        self.dates = LocalDates(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        found = self.dates.spans(doc)
        if CUES_KEY in doc.spans:
            found = [*doc.spans[CUES_KEY], *found]
        doc.spans[CUES_KEY] = found
        return doc


class EventsComponent(_VocabComponent):
    def _set(self, data: dict[str, Any]) -> None:
        super()._set(data)
        self.reader = EventReader(self.context)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.periods is None:
            raise ValueError(f"{self.name} needs newsclaims_periods_v1 before it in the pipeline")
        claims = list(doc._.claims or [])
        figure_tokens: set[int] = set()
        for c in claims:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is not None:
                figure_tokens.update(range(span.start, span.end))
        claims.extend(self.reader.claims(doc, doc._.periods, figure_tokens, self.pipeline,
                                         doc._.reference_penalty))
        doc._.claims = claims
        forget_indexes(doc)
        return doc


def _line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and subheads carry no full stop."""
    text = doc.text
    start = text.find("\n")
    while start >= 0:  # only the tokens around a line break are looked at
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None:
            i = span.end  # the token after the break, or after the space token holding it
            while i < len(doc) and doc[i].is_space:
                i += 1
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
        start = text.find("\n", start + 1)
    return doc


Language.component("newsclaims_lines_v1")(_line_breaks)


def _factory(cls: type[_VocabComponent]) -> Callable[[Language, str, str], _VocabComponent]:
    def make(nlp: Language, name: str, models_dir: str) -> _VocabComponent:
        return cls(nlp, name, models_dir)

    return make


# models_dir "" means the repository's models/ folder; a built pipeline restores its own copy.
Language.factory(
    "newsclaims_periods_v1", assigns=["doc._.periods", "doc._.cues"],
    default_config={"models_dir": ""},
)(_factory(PeriodsComponent))
Language.factory(
    "newsclaims_quantities_v1", assigns=["doc._.claims", "doc._.main_period"],
    requires=["doc._.periods", "token.dep", "token.pos", "doc.ents"],
    default_config={"models_dir": ""},
)(_factory(QuantitiesComponent))
Language.factory(
    "newsclaims_dates_v1", assigns=["doc.spans"], default_config={"models_dir": ""},
)(_factory(DatesComponent))
Language.factory(
    "newsclaims_events_v1", assigns=["doc._.claims"],
    requires=["doc._.periods", "token.dep", "token.lemma"],
    default_config={"models_dir": ""},
)(_factory(EventsComponent))
