"""Fit story grouping's model (extractor/reconcile/stories.py COEFFICIENTS, INTERCEPT and
JOIN_PROBABILITY) on labelled corpora in the fixtures/stories format.

    .venv/bin/python scripts/calibrate_grouping.py fixtures/stories [--db /tmp/cal.db]

Each corpus is ingested and extracted into a database (once: pass --db to reuse it), and every
article becomes the grouping vector the product builds. Training pairs follow the online
process: articles in publication order, each paired with every story of its corpus formed
before it (the gold events so far), labelled by whether that story is its event; every other
event is paired a second time as if reported the same day (see pairs()). Logistic
regression is fitted for a few regularisation strengths; each is judged by leave-events-out
cross-validation of the whole online grouping (B-cubed F1 on events held out of the fit), and
the best is printed with its threshold, ready to paste.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor import store
from extractor.core.dates import order_key
from extractor.core.settings import load_settings
from extractor.evaluate.corpus import Corpus, article_ids, ingest_corpus, load_corpus
from extractor.evaluate.stories import bcubed
from extractor.reconcile import stories


def vectors(db_path: Path, corpus: Corpus) -> list[tuple[str, stories.GroupingVector]]:
    """(event, vector) of each article, in publication order."""
    from extractor.claims.extract import extract_pending

    db = store.open_db(db_path)
    settings = load_settings(db_path=db_path)
    if not store.counts(db)["articles"]:
        ingest_corpus(db, settings, corpus)
        extract_pending(db, settings)
    ids = article_ids(db, corpus)
    articles = store.articles_by_id(db, ids.values())
    claims = store.claims_by_article(db, ids.values())
    profiles = store.profiles_by_article(db, ids.values())
    out = []
    seen = set()
    for a in sorted(corpus.articles, key=lambda a: (order_key(articles[ids[a.id]].published),
                                                    ids[a.id])):
        stored = ids[a.id]
        if stored in seen:
            continue  # an exact copy stored once
        seen.add(stored)
        out.append((a.event, stories.grouping_vector(
            articles[stored], profiles.get(stored), claims[stored])))
    return out


def pairs(data: Sequence[tuple[str, stories.GroupingVector]]) -> tuple[list[list[float]],
                                                                        list[int]]:
    stats = stories.TermStats()
    formed: dict[str, stories.StoryState] = {}
    x, y = [], []
    for event, v in data:
        stats.count(v.keys())
        for other, state in formed.items():
            if other != event:
                # The corpus has a few events, each on its own days; a real stream has hundreds a
                # day. So every other event is also shown as if it were reported on the same day
                # as the article: the model learns that content, not the date, joins a story.
                same_day = stories.features(v, state, stats)
                same_day[stories.FEATURES.index("log_days_apart")] = 0.0
                same_day[stories.FEATURES.index("undated")] = 0.0
                x.append(same_day)
                y.append(0)
            if stories._too_far(v.day, state.days):
                continue  # never a candidate
            x.append(stories.features(v, state, stats))
            y.append(int(other == event))
            # Every article of the corpus names people and places; a page whose names were not
            # found (no NER for its language, a headline-only item) must still be grouped by its
            # words: each pair is shown a second time without its names.
            unnamed = list(x[-1])
            for name in ("centroid_names", "closest_names"):
                unnamed[stories.FEATURES.index(name)] = 0.0
            x.append(unnamed)
            y.append(y[-1])
        formed.setdefault(event, stories.StoryState(event)).add(v)
    return x, y


def group(data: Sequence[tuple[str, stories.GroupingVector]]) -> float:
    """B-cubed F1 of the product's online grouping (with the module's current model)."""
    index = stories.GroupingIndex()
    predicted = {}
    for _, v in data:
        story_id, folds = index.place(v, v.article_id)
        predicted[v.article_id] = story_id
        for fold, keep in folds:
            predicted = {a: keep if s == fold else s for a, s in predicted.items()}
    gold = {v.article_id: event for event, v in data}
    return bcubed(predicted, gold).f1


def use(coef: Sequence[float], intercept: float, join: float) -> None:
    stories.COEFFICIENTS = tuple(coef)
    stories.INTERCEPT = intercept
    stories.JOIN_PROBABILITY = join


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--db", type=Path, help="database folder to keep (default: temporary)")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--choose", nargs=2, type=float, metavar=("C", "JOIN"),
                        help="print the model of this strength and threshold, not the best")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    folder = args.db or Path(tempfile.mkdtemp(prefix="newsclaims-calibrate-"))
    folder.mkdir(parents=True, exist_ok=True)
    data: list[tuple[str, stories.GroupingVector]] = []
    for k, root in enumerate(args.corpora):
        corpus = load_corpus(root)
        data += [(f"{k}:{e}", v) for e, v in vectors(folder / f"corpus{k}.db", corpus)]
    events = sorted({e for e, _ in data})
    print(f"{len(data)} articles, {len(events)} events")

    def fit(rows: Sequence[tuple[str, stories.GroupingVector]], c: float) -> LogisticRegression:
        x, y = pairs(rows)
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)

    joins = (0.3, 0.4, 0.5, 0.6, 0.7)
    results = []
    for c in (0.1, 0.3, 1.0, 3.0):
        scores: dict[float, list[float]] = defaultdict(list)
        rng = random.Random(0)
        for _ in range(args.repeats):
            order = events[:]
            rng.shuffle(order)
            for fold in range(args.folds):
                held = set(order[fold::args.folds])
                model = fit([r for r in data if r[0] not in held], c)
                for join in joins:
                    use(model.coef_[0], float(model.intercept_[0]), join)
                    scores[join].append(group([r for r in data if r[0] in held]))
        for join in joins:
            mean = sum(scores[join]) / len(scores[join])
            results.append((mean, c, join))
            print(f"C={c:<5} join={join}: cross-validated F1 {mean:.3f} "
                  f"(min {min(scores[join]):.3f})")
    best_f1, c, join = max(results)
    if args.choose:
        c, join = args.choose
        best_f1 = next(f for f, cc, jj in results if (cc, jj) == (c, join))
    model = fit(data, c)
    use(model.coef_[0], float(model.intercept_[0]), join)
    print(f"\nchosen: C={c}, join={join}, cross-validated F1 {best_f1:.3f}; "
          f"fitted on everything: F1 {group(data):.3f}")
    print("COEFFICIENTS = (" + ", ".join(f"{w:.3g}" for w in model.coef_[0]) + ")")
    print(f"INTERCEPT = {model.intercept_[0]:.3g}")
    print(f"JOIN_PROBABILITY = {join}")
    for name, w in zip(stories.FEATURES, model.coef_[0], strict=True):
        print(f"  {name:18} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
