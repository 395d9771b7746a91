"""msgpack hooks so that Docs carrying claims and periods serialise (``nlp.pipe(n_process=N)``,
``Doc.to_bytes``): spaCy writes ``doc.user_data`` with srsly's msgpack, which knows only plain
types."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import srsly

from extractor.claims.nlp.periods import Period
from extractor.claims.nlp.timeline import Cue, PeriodMention
from extractor.core.records import Claim

__all__ = ["decode", "encode"]

_KEY = "__newsclaims__"
_TYPES: dict[str, type] = {"Claim": Claim, "Period": Period, "PeriodMention": PeriodMention,
                           "Cue": Cue}


def encode(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, date):
        return {_KEY: "date", "iso": obj.isoformat()}
    name = type(obj).__name__
    if name in _TYPES and isinstance(obj, _TYPES[name]):
        fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(_TYPES[name])}
        return {_KEY: name, "fields": fields}
    return obj if chain is None else chain(obj)


def decode(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _KEY in obj:
        kind = obj[_KEY]
        if kind == "date":
            return date.fromisoformat(obj["iso"])
        cls = _TYPES[kind]
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in obj["fields"].items()}
        return cls(**fields)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("newsclaims", func=encode)
srsly.msgpack_decoders.register("newsclaims", func=decode)
