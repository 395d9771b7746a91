"""``newsclaims eval --corpus DIR``: ingest a labelled corpus, extract, reconcile, and score story
grouping, figures and findings, each in one section with its misses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from extractor.core.settings import Settings
from extractor.core.wording import plural
from extractor.evaluate.conflicts import ConflictScore, score_conflicts
from extractor.evaluate.corpus import Corpus, article_ids, ingest_corpus, load_corpus
from extractor.evaluate.figures import FigureScore, score_figures
from extractor.evaluate.stories import GroupingScore, score_grouping

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CorpusReport", "run_corpus_eval"]


@dataclass(frozen=True)
class CorpusReport:
    corpus: Corpus
    ingest: str
    extract: str
    reconcile: str
    grouping: GroupingScore
    figures: FigureScore
    conflicts: ConflictScore

    def as_dict(self) -> dict[str, Any]:
        return {"stories": self.grouping.as_dict(), "figures": self.figures.as_dict(),
                "findings": self.conflicts.as_dict(),
                "figures_by_language": {k: {m: round(v, 4) for m, v in s.items()}
                                        for k, s in self.figures.by_language.items()}}

    def lines(self, *, details: int = 40) -> list[str]:
        head = (f"corpus {self.corpus.root}: {len(self.corpus.events)} events, "
                f"{len(self.corpus.articles)} articles")
        return [head, self.ingest, self.extract, self.reconcile, *self.grouping.lines(),
                *self.figures.lines(details=details), *self.conflicts.lines(details=details)]


def run_corpus_eval(db: sqlite_utils.Database, settings: Settings, root: Path, *,
                    nlp: Language | None = None, progress: bool | None = None,
                    given_stories: bool = False) -> CorpusReport:
    """Ingest the corpus under ``root`` into ``db``, extract and reconcile, and score it.

    ``given_stories``: place each article in its gold event's story instead of grouping, so that
    facts and findings are scored apart from grouping (the grouping score is then 1 by design).
    """
    from extractor.claims.extract import extract_pending
    from extractor.reconcile.run import reconcile

    corpus = load_corpus(root)
    ingested = ingest_corpus(db, settings, corpus, progress=progress)
    extracted = extract_pending(db, settings, nlp=nlp, progress=progress)
    events = {a.id: a.event for a in corpus.articles}
    given = None
    if given_stories:
        given = {stored: events[gold] for gold, stored in article_ids(db, corpus).items()}
    reconciled = reconcile(db, settings, given=given)
    # undated articles that grouping has just placed are read again against their story's date
    redated = extract_pending(db, settings, nlp=nlp, progress=progress)
    extract_line = str(extracted)
    if redated.articles:
        reconciled = reconcile(db, settings, given=given)
        extract_line += f"; {plural(redated.articles, 'undated article')} read again against " \
                        "their story's date"
    return CorpusReport(corpus, ingested, extract_line, str(reconciled),
                        score_grouping(db, corpus), score_figures(db, corpus),
                        score_conflicts(db, corpus))
