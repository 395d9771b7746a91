"""Story grouping benchmark: time and peak memory for 1k, 10k and 100k articles.

    .venv/bin/python bench/stories_bench.py [--sizes 1000,10000,100000]

Each size runs in a fresh subprocess (its peak RSS is its own) on a fresh SQLite file. Synthetic
articles report many events (one event per ~6 articles) as a news stream does: a steady
ARTICLES_PER_DAY, so a larger database covers a longer time rather than more events a day (the
grouping's cost per article depends on how many stories are running at the time, not on how many
there have been). Each event has its own names, figures and topic words, drawn beside a shared
Zipf-distributed vocabulary of common words, in one of three languages, as the grouping vectors
the claims stage would give. The timed
part places every article through the database-backed index (reconcile.stories.GroupingIndex:
candidates from the inverted index, the model, the write-back), as `reconcile` does; then one
new article is placed in a new index over the same database (an incremental run: only its
candidate stories are read). Cost must grow near-linearly: time(100k) <= 12 x time(10k), on the
process's CPU time (wall time is printed too).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor import store as dbmod
from extractor.reconcile.stories import GroupingIndex, GroupingVector

ARTICLES_PER_EVENT = 6
# A large monitoring desk's intake: 300 articles a day about 50 distinct events (a database
# of 100k articles is then a year of news).
ARTICLES_PER_DAY = 300
COMMON_WORDS = 5000
SYLLABLES = ["ka", "lo", "mi", "ren", "sto", "var", "ul", "ten", "bri", "zo", "pa", "dor", "nes",
             "qui", "fa", "gel", "hu", "jor", "vek", "sa"]
LANGUAGES = ("en", "de", "es")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def vectors(n: int, seed: int = 0) -> list[GroupingVector]:
    """``n`` synthetic articles, in publication order."""
    rng = random.Random(seed)
    common = [_word(rng) for _ in range(COMMON_WORDS)]
    weights = [1 / (k + 1) for k in range(COMMON_WORDS)]  # Zipf
    events = []
    for e in range(max(1, n // ARTICLES_PER_EVENT)):
        events.append({
            "day": e * ARTICLES_PER_EVENT // ARTICLES_PER_DAY,
            "names": [f"{_word(rng)} {_word(rng)}" for _ in range(4)],
            "topic": [_word(rng) for _ in range(12)],
            "figures": [f"f:count:{rng.randint(100, 99999)}.0" for _ in range(6)],
        })
    out = []
    for i in range(n):
        event = events[min(i // ARTICLES_PER_EVENT, len(events) - 1)]
        language = rng.choice(LANGUAGES)
        words: dict[str, float] = {}
        for w in rng.choices(common, weights, k=60) + rng.sample(event["topic"], 8):
            words[f"w:{language}:{w}"] = words.get(f"w:{language}:{w}", 0.0) + 1.0
        names = {f"n:{x}": 2.0 for x in rng.sample(event["names"], 3)}
        figures = dict.fromkeys(rng.sample(event["figures"], 4), 1.0)
        day = START + timedelta(days=event["day"] + rng.randint(0, 2))
        out.append(GroupingVector(f"a{i}", language, day.isoformat(), words, names, figures))
    return out


START = date(2020, 1, 1)


def run_one(n: int) -> dict[str, float]:
    rows = vectors(n + 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = dbmod.open_db(Path(tmp) / "bench.db")
        cpu, wall = time.process_time(), time.perf_counter()
        index = GroupingIndex(db)
        stories = set()
        for v in rows[:n]:
            story, folds = index.place(v, v.article_id)
            stories.add(story)
            stories -= {fold for fold, _ in folds}
        index.flush()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        one_cpu, one_wall = time.process_time(), time.perf_counter()
        again = GroupingIndex(db)
        again.place(rows[n], rows[n].article_id)
        again.flush()
        one_cpu, one_wall = time.process_time() - one_cpu, time.perf_counter() - one_wall
    return {"articles": n, "stories": len(stories), "cpu_s": cpu, "wall_s": wall,
            "peak_mb": peak, "incremental_cpu_s": one_cpu, "incremental_wall_s": one_wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['articles']:>7} articles -> {r['stories']:>6} stories: {r['cpu_s']:8.2f} s CPU "
              f"({r['wall_s']:.2f} s wall), peak {r['peak_mb']:.0f} MB; one more article "
              f"afterwards: {r['incremental_wall_s'] * 1000:.0f} ms wall", flush=True)
    by = {r["articles"]: r for r in results}
    if 10000 in by and 100000 in by:
        ratio = by[100000]["cpu_s"] / by[10000]["cpu_s"]
        print(f"time(100k)/time(10k) = {ratio:.1f} (bound 12): {'ok' if ratio <= 12 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
