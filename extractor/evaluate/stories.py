"""Scoring story grouping against a corpus's events, beside a textbook baseline from the same run.

B-cubed precision, recall and F1 (Amigó et al., 2009): for each article, the share of its
predicted story that belongs to its event, and the share of its event found in its predicted
story, averaged over articles. They penalise merging and splitting alike, fairly across sizes.

The baseline is the textbook single-pass clustering on TF-IDF cosine (scikit-learn, sublinear tf,
English stop words, threshold 0.3; field notes, "Grouping articles into stories"): articles in
publication order join the most similar story centroid at or above the threshold, else start one.
It knows nothing of time, entities or figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlite_utils

from extractor import store
from extractor.core.dates import order_key
from extractor.core.records import Article
from extractor.evaluate.corpus import Corpus, article_ids

__all__ = ["GroupingScore", "bcubed", "score_grouping", "tfidf_baseline"]

# The baseline's cosine threshold, as the field notes and the issue give it.
BASELINE_THRESHOLD = 0.3


@dataclass(frozen=True)
class Bcubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Bcubed:
    """B-cubed precision and recall of a clustering (item -> cluster) against gold classes."""
    items = [i for i in gold if i in predicted]
    if not items:
        return Bcubed(0.0, 0.0)
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    precision = recall = 0.0
    for i in items:
        cluster, cls = by_pred[predicted[i]], by_gold[gold[i]]
        both = len(cluster & cls)
        precision += both / len(cluster)
        recall += both / len(cls)
    return Bcubed(precision / len(items), recall / len(items))


def tfidf_baseline(articles: Sequence[Article], threshold: float = BASELINE_THRESHOLD
                   ) -> dict[str, str]:
    """Article id -> cluster of the textbook single-pass TF-IDF clustering."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    ordered = sorted(articles, key=lambda a: (order_key(a.published), a.id))
    if not ordered:
        return {}
    texts = [f"{a.title or ''}\n{a.text}" for a in ordered]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    sums: list = []  # per cluster: the sum of its members' vectors
    out: dict[str, str] = {}
    for k, article in enumerate(ordered):
        vector = matrix[k]
        best, best_sim = -1, threshold
        for c, total in enumerate(sums):
            centroid = normalize(total)
            sim = float(vector.multiply(centroid).sum())
            if sim >= best_sim:
                best, best_sim = c, sim
        if best < 0:
            sums.append(vector.copy())
            best = len(sums) - 1
        else:
            sums[best] = sums[best] + vector
        out[article.id] = f"baseline-{best}"
    return out


@dataclass(frozen=True)
class GroupingScore:
    ours: Bcubed
    baseline: Bcubed
    stories: int  # predicted stories over the corpus's articles
    baseline_stories: int
    events: int
    splits: tuple[str, ...]  # one line per event: how its articles were grouped
    merged_confusables: tuple[str, ...]  # confusable event pairs that share a predicted story

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.ours.precision, 4), "recall": round(self.ours.recall, 4),
                "f1": round(self.ours.f1, 4), "baseline_f1": round(self.baseline.f1, 4)}

    def lines(self) -> list[str]:
        o, b = self.ours, self.baseline
        out = [
            f"stories: {self.stories} stories for {self.events} events; B-cubed precision "
            f"{o.precision:.3f}, recall {o.recall:.3f}, F1 {o.f1:.3f} (textbook TF-IDF baseline"
            f" in the same run: {self.baseline_stories} stories, precision {b.precision:.3f}, "
            f"recall {b.recall:.3f}, F1 {b.f1:.3f}; difference {o.f1 - b.f1:+.3f})",
        ]
        out += [f"  {line}" for line in self.splits]
        out += [f"  CONFUSABLE EVENTS MERGED: {line}" for line in self.merged_confusables]
        return out


def score_grouping(db: sqlite_utils.Database, corpus: Corpus) -> GroupingScore:
    """Score the stored stories of the corpus's articles, and the baseline on the same texts."""
    ids = article_ids(db, corpus)
    event_of = {ids[a.id]: a.event for a in corpus.articles if a.id in ids}
    name_of = {ids[a.id]: a.id for a in corpus.articles if a.id in ids}
    story_of: dict[str, str] = {}
    for story in store.iter_stories(db):
        for article_id in story.article_ids:
            story_of[article_id] = story.id
    predicted = {a: story_of.get(a, f"alone-{a}") for a in event_of}
    articles = list(store.articles_by_id(db, event_of).values())
    baseline = tfidf_baseline(articles)
    splits = []
    for event in corpus.events:
        members = [a for a, e in event_of.items() if e == event]
        groups = Counter(predicted[a] for a in members)
        strays = sorted({name_of[x] for a in members for x, s in predicted.items()
                         if s == predicted[a] and event_of[x] != event})
        parts = "+".join(str(n) for _, n in groups.most_common())
        line = f"{event}: {len(members)} articles in {len(groups)} stories ({parts})"
        if strays:
            line += f", with {len(strays)} of other events: {', '.join(strays[:6])}"
        splits.append(line)
    merged = []
    for event, others in corpus.confusable.items():
        for other in others:
            if other <= event:
                continue
            mine = {predicted[a] for a, e in event_of.items() if e == event}
            theirs = {predicted[a] for a, e in event_of.items() if e == other}
            if mine & theirs:
                merged.append(f"{event} and {other}")
    return GroupingScore(
        ours=bcubed(predicted, event_of), baseline=bcubed(baseline, event_of),
        stories=len(set(predicted.values())), baseline_stories=len(set(baseline.values())),
        events=len(corpus.events), splits=tuple(splits), merged_confusables=tuple(merged),
    )
