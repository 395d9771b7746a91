"""How long the reports take on a large synthetic database, against reading the same data.

    .venv/bin/python bench/report_bench.py [--stories 200] [--articles 8] [--facts 25]

The baseline is `gather` (reading every story, article, fact, claim and finding through
extractor.store, which each format has to do anyway); each format is reported as its own time and as
a ratio to that baseline, in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from extractor import store as dbmod
from extractor.core.records import Article, Claim, Fact, Finding, Story
from extractor.report import gather, render_reports
from extractor.report.data import next_step


def build(db_path: Path, stories: int, articles: int, facts: int) -> None:
    db = dbmod.open_db(db_path)
    for s in range(stories):
        ids = []
        for a in range(articles):
            aid = f"s{s}a{a}"
            text = " ".join(f"Figure {f} was {1000 + f * 7 + a % 2} tonnes in June." for f in
                            range(facts))
            db.table("articles").insert(dbmod.to_row(Article(
                id=aid, url=f"https://outlet{a}.example/{aid}", canonical_url=f"https://o{a}/{aid}",
                outlet=f"Outlet {a}", title=f"Story {s} headline <b>{a}</b>", text=text,
                text_hash=hashlib.sha256(text.encode()).hexdigest(), published="2025-07-20",
            ), exclude=["raw_html"]))
            claims = []
            for f in range(facts):
                figure = f"{1000 + f * 7 + a % 2} tonnes"
                start = text.index(figure, text.index(f"Figure {f} "))
                claims.append(Claim(
                    id=f"{aid}c{f}", article_id=aid, kind="quantity", text=figure, start=start,
                    end=start + len(figure), sentence=f"Figure {f} was {figure} in June.",
                    value=float(1000 + f * 7 + a % 2), unit="tonne", basis="absolute"))
            dbmod.replace_claims(db, aid, claims, pipeline="bench")
            ids.append(aid)
        fact_rows = [Fact(id=f"s{s}f{f}", story_id=f"s{s}", kind="quantity",
                          description=f"figure {f}", claim_ids=tuple(f"{a}c{f}" for a in ids),
                          article_ids=tuple(ids), status="conflict" if f % 5 == 0 else "agreed",
                          value=1000.0 + f * 7, unit="tonne") for f in range(facts)]
        findings = [Finding(id=f"s{s}x{f}", story_id=f"s{s}", kind="value_conflict",
                            severity="high" if f % 10 == 0 else "medium",
                            article_ids=(ids[0], ids[1]),
                            claim_ids=(f"{ids[0]}c{f}", f"{ids[1]}c{f}"),
                            explanation=f"Outlets disagree on figure {f}.", fact_id=f"s{s}f{f}",
                            evidence=("a", "b")) for f in range(0, facts, 5)]
        dbmod.replace_story(db, Story(id=f"s{s}", title=f"Story {s}", article_ids=tuple(ids),
                                      independent_sources=articles), fact_rows, findings)
    db.close()


def timed(fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--facts", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build(path, args.stories, args.articles, args.facts)
        print(f"built {args.stories} stories x {args.articles} articles x {args.facts} facts "
              f"in {time.perf_counter() - t0:.1f} s")
        db = dbmod.open_db(path)
        reports = gather(db)
        base = timed(lambda: gather(db))
        print(f"baseline gather (read everything): {base * 1000:8.1f} ms")
        # What `newsclaims report` checks first: which stage the database still needs.
        t = timed(lambda: next_step(db, "1"))
        print(f"next-step check  {t * 1000:8.1f} ms  ratio {t / base:5.2f}x")
        for fmt in ("json", "md", "html", "term"):
            size = len(render_reports(reports, fmt))
            repeat = 1 if fmt == "term" else 3  # rich's tables are slow: one run is enough
            t = timed(lambda fmt=fmt: render_reports(reports, fmt), repeat=repeat)
            print(f"render {fmt:<5} {t * 1000:8.1f} ms  ratio {t / base:5.2f}x  "
                  f"({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
