"""Language identification: py3langid against lingua, on short news sentences and whole articles.

    .venv/bin/python bench/langid_bench.py [--per-language 40]

Sentences: bench/data/langid_sentences.tsv (news-style sentences of 5-25 words written for this
bench, 30 in each of 13 languages) plus sentences and headlines of the articles in
fixtures/stories/ (their language from the gold files; at most --per-language per language, spread
evenly over the articles). Whole articles: every article of fixtures/stories/, which is what the
pipeline identifies (core/language.py reads an article's text, never one sentence).

Each detector runs in a fresh process, so that its load time and memory are its own: load time
and the first pass over the sentences (lingua loads its per-language models lazily), warm passes
(time per sentence, best of 3), the articles (best of 3), the memory resident after and the peak
RSS, and the size of the installed package. The accuracy per language, the ratios lingua /
py3langid and the calibration of the confidence threshold of core/language.py are printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from extractor.core.language import MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "bench" / "data" / "langid_sentences.tsv"
STORIES = ROOT / "fixtures" / "stories"
DETECTORS = ("py3langid", "lingua-high", "lingua-low")
PACKAGES = {"py3langid": "py3langid", "lingua-high": "lingua-language-detector",
            "lingua-low": "lingua-language-detector"}
# py3langid says "no" (Norwegian) where our gold says "nb" (Bokmål); both are ISO 639-1
SAME = {"no": "nb"}
PREFIX_WORDS = (1, 2, 3, 4, 6, 8)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“«¿¡A-ZÀ-ÖØ-Þ])")


# --------------------------------------------------------------------------- data


def own_sentences() -> list[tuple[str, str, str]]:
    """(language, text, "own") of the sentences written for this bench."""
    with OWN.open(encoding="utf-8", newline="") as f:
        return [(row["language"], row["text"], "own")
                for row in csv.DictReader(f, delimiter="\t")]


def fixture_articles() -> list[tuple[str, str, str]]:
    """(language, title, text) of every article of fixtures/stories/."""
    out = []
    for gold in sorted((STORIES / "gold").glob("*.yaml")):
        for a in yaml.safe_load(gold.read_text(encoding="utf-8"))["articles"]:
            text = (STORIES / "articles" / a["file"]).read_text(encoding="utf-8")
            out.append((a["language"], a["title"], text))
    return out


def fixture_sentences(per_language: int) -> list[tuple[str, str, str]]:
    """(language, sentence, "fixtures") of 5-25 words, headlines included, spread over articles."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for lang, title, text in fixture_articles():
        for piece in [title, *_SENTENCE_END.split(" ".join(text.split()))]:
            if 5 <= len(piece.split()) <= 25:
                by_lang[lang].append(piece)
    out = []
    for lang, pieces in sorted(by_lang.items()):
        step = max(1, len(pieces) // per_language)  # evenly spaced, so every article contributes
        out += [(lang, p, "fixtures") for p in pieces[::step][:per_language]]
    return out


# --------------------------------------------------------------------------- one detector


def _detector(name: str) -> Any:
    """A function text -> (ISO 639-1 or None, confidence) for the named detector."""
    if name == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def py3(text: str) -> tuple[str | None, float]:
            lang, conf = ident.classify(text)
            return lang, conf

        return py3
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if name == "lingua-low":
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def lingua(text: str) -> tuple[str | None, float]:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value == 0:
            return None, 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    return lingua


def _resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 1e6


def run_one(name: str, per_language: int) -> dict[str, Any]:
    """Everything measured for one detector, in this (fresh) process."""
    sentences = own_sentences() + fixture_sentences(per_language)
    articles = fixture_articles()
    # the first k words of each own sentence: how short a text may be (calibration)
    prefixes = [(lang, " ".join(text.split()[:k]), k) for lang, text, _ in own_sentences()
                for k in PREFIX_WORDS]
    before = _resident_mb()
    t0 = time.perf_counter()
    detect = _detector(name)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = [detect(text) for _, text, _ in sentences]
    cold = time.perf_counter() - t0
    warm = article_time = float("inf")
    for _ in range(3):  # best of 3: the machine is shared
        t0 = time.perf_counter()
        warm_pass = [detect(text) for _, text, _ in sentences]
        warm = min(warm, time.perf_counter() - t0)
        assert [p for p, _ in warm_pass] == [p for p, _ in first]  # same answers, warm or cold
        t0 = time.perf_counter()
        on_articles = [detect(text) for _, _, text in articles]
        article_time = min(article_time, time.perf_counter() - t0)
    on_prefixes = [detect(text) for _, text, _ in prefixes]
    files = [Path(str(f.locate())) for f in metadata.files(PACKAGES[name]) or []]
    size = sum(f.stat().st_size for f in files if f.exists())
    return {
        "name": name,
        "load_s": load,
        "cold_s": cold,
        "warm_s": warm,
        "article_s": article_time,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "resident_mb": _resident_mb() - before,
        "size_mb": size / 1e6,
        "sentences": [[lang, text, src, pred, conf]
                      for (lang, text, src), (pred, conf) in zip(sentences, first, strict=True)],
        "articles": [[lang, pred, conf]
                     for (lang, _, _), (pred, conf) in zip(articles, on_articles, strict=True)],
        "prefixes": [[lang, k, pred, conf]
                     for (lang, _, k), (pred, conf) in zip(prefixes, on_prefixes, strict=True)],
    }


def baseline_rss_mb() -> float:
    """Peak RSS of a process that loads the same data and no detector (subtracted from each)."""
    own_sentences(), fixture_sentences(40), fixture_articles()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- report


def _right(gold: str, pred: str | None) -> bool:
    return pred is not None and SAME.get(pred, pred) == gold


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "-"


def accuracy_table(results: dict[str, dict[str, Any]]) -> None:
    langs = sorted({row[0] for row in results["py3langid"]["sentences"]})
    names = list(results)
    print("\naccuracy on sentences (own + fixtures), per language; n = sentences")
    print("| language | n | " + " | ".join(names) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in names) + " |")
    for lang in langs:
        cells = []
        for name in names:
            rows = [r for r in results[name]["sentences"] if r[0] == lang]
            cells.append(_pct(sum(_right(r[0], r[3]) for r in rows), len(rows)))
        n = sum(1 for r in results[names[0]]["sentences"] if r[0] == lang)
        print(f"| {lang} | {n} | " + " | ".join(cells) + " |")
    for label, keep in (("all sentences", lambda r: True),
                        ("own sentences", lambda r: r[2] == "own"),
                        ("fixture sentences and headlines", lambda r: r[2] == "fixtures"),
                        ("5-9 words", lambda r: len(r[1].split()) < 10),
                        ("10-25 words", lambda r: len(r[1].split()) >= 10)):
        cells = []
        for name in names:
            rows = [r for r in results[name]["sentences"] if keep(r)]
            cells.append(_pct(sum(_right(r[0], r[3]) for r in rows), len(rows)))
        n = sum(1 for r in results[names[0]]["sentences"] if keep(r))
        print(f"| **{label}** | {n} | " + " | ".join(cells) + " |")
    cells = []
    for name in names:
        rows = results[name]["articles"]
        cells.append(_pct(sum(_right(r[0], r[1]) for r in rows), len(rows)))
    n = len(results[names[0]]["articles"])
    print(f"| **whole fixture articles** | {n} | " + " | ".join(cells) + " |")


def cost_table(results: dict[str, dict[str, Any]], base_rss: float) -> None:
    print("\ncost (each detector in a fresh process)")
    print("| detector | installed size | load + first pass | warm, per sentence "
          "| per article | resident after | peak RSS above baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        n, a = len(r["sentences"]), len(r["articles"])
        print(f"| {name} | {r['size_mb']:.0f} MB | {(r['load_s'] + r['cold_s']) * 1000:.0f} ms "
              f"| {r['warm_s'] / n * 1e3:.2f} ms | {r['article_s'] / a * 1e3:.2f} ms "
              f"| {r['resident_mb']:.0f} MB | {r['peak_rss_mb'] - base_rss:.0f} MB |")
    py3 = results["py3langid"]
    py3_first = py3["load_s"] + py3["cold_s"]
    print("\nratios to py3langid (lingua / py3langid)")
    for name in (n for n in results if n != "py3langid"):
        r = results[name]
        print(f"- {name}: size {r['size_mb'] / py3['size_mb']:.1f}x, "
              f"load + first pass {(r['load_s'] + r['cold_s']) / py3_first:.1f}x, "
              f"warm time per sentence {r['warm_s'] / py3['warm_s']:.1f}x, "
              f"per article {r['article_s'] / py3['article_s']:.1f}x, "
              f"resident memory {r['resident_mb'] / py3['resident_mb']:.1f}x")


def errors(results: dict[str, dict[str, Any]]) -> None:
    for name, r in results.items():
        wrong = [row for row in r["sentences"] if not _right(row[0], row[3])]
        confusions: dict[str, int] = defaultdict(int)
        for row in wrong:
            confusions[f"{row[0]}->{row[3]}"] += 1
        top = sorted(confusions.items(), key=lambda kv: -kv[1])[:8]
        print(f"\n{name}: {len(wrong)} wrong; most frequent: "
              + ", ".join(f"{k} x{v}" for k, v in top))


def calibration(results: dict[str, dict[str, Any]]) -> None:
    """What a minimum confidence keeps and rejects: the threshold core/language.py uses."""
    for name in results:
        rows = results[name]["sentences"]
        pre = results[name]["prefixes"]
        print(f"\n{name}: a minimum confidence, on the sentences and on the first 1-8 words of "
              "the own sentences (prefixes)")
        print("| min confidence | sentences answered | wrong kept | English rejected "
              "| prefixes answered | wrong kept | non-English read as English |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for threshold in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
            kept = [r for r in rows if r[3] is not None and r[4] >= threshold]
            wrong = sum(not _right(r[0], r[3]) for r in kept)
            en_rejected = sum(1 for r in rows if r[0] == "en") - sum(
                1 for r in kept if r[0] == "en")
            pkept = [r for r in pre if r[2] is not None and r[3] >= threshold]
            pwrong = sum(not _right(r[0], r[2]) for r in pkept)
            as_en = sum(1 for r in kept + pkept if r[-2] == "en" and r[0] != "en")
            print(f"| {threshold:.2f} | {_pct(len(kept), len(rows))} | {wrong} | {en_rejected} "
                  f"| {_pct(len(pkept), len(pre))} | {pwrong} | {as_en} |")
        by_length = []
        for k in PREFIX_WORDS:
            answered = [r for r in pre if r[1] == k and r[3] >= MIN_CONFIDENCE]
            wrong = sum(not _right(r[0], r[2]) for r in answered)
            total = sum(1 for r in pre if r[1] == k)
            by_length.append(f"{k}: {len(answered)}/{total} ({wrong} wrong)")
        print("prefix length (words): answered / wrong at the threshold of core/language.py "
              f"({MIN_CONFIDENCE}): " + ", ".join(by_length))
        arts = results[name]["articles"]
        print(f"whole articles: lowest confidence {min(r[2] for r in arts):.3f}")


def pipeline_check() -> None:
    """What the pipeline's guess_language says on each headline and article of the fixtures."""
    from extractor.core.language import guess_language

    arts = fixture_articles()
    wrong_articles = [(lang, text[:60]) for lang, _, text in arts
                      if guess_language(text) != lang]
    titles = [(lang, guess_language(title), title) for lang, title, _ in arts]
    print(f"\nextractor.core.language.guess_language: {len(arts) - len(wrong_articles)} of "
          f"{len(arts)} fixture articles right; headlines: "
          f"{sum(1 for g, p, _ in titles if p == g)} right, "
          f"{sum(1 for _, p, _ in titles if p is None)} unknown (too short or unsure), "
          f"{sum(1 for g, p, _ in titles if p not in (None, g))} wrong")
    for lang, start in wrong_articles:
        print(f"  article ({lang}) read as {guess_language(start)!r}: {start}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=40,
                        help="fixture sentences per language at most (default 40)")
    parser.add_argument("--one", choices=DETECTORS, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.per_language)))
        return
    if args.baseline:
        print(json.dumps(baseline_rss_mb()))
        return

    def child(*flags: str) -> Any:
        out = subprocess.run([sys.executable, __file__, *flags], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)

    base = child("--baseline")
    results = {name: child("--one", name, "--per-language", str(args.per_language))
               for name in DETECTORS}
    n = len(results["py3langid"]["sentences"])
    own = sum(1 for r in results["py3langid"]["sentences"] if r[2] == "own")
    print(f"{n} sentences ({own} own, {n - own} from fixtures/stories), "
          f"{len(results['py3langid']['articles'])} whole articles")
    accuracy_table(results)
    cost_table(results, base)
    errors(results)
    calibration(results)
    pipeline_check()


if __name__ == "__main__":
    main()
