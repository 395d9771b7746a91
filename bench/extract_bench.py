"""Claim-extraction benchmark (a script, not a test).

    .venv/bin/python bench/extract_bench.py [--mb 1.0] [--batch-size 16] [--quantulum-kb 200]

Builds a corpus of at least ``--mb`` MB of article text (the seed articles and the other-domain
test articles, copied with their digits shuffled so that no two copies are alike), then in ONE
run times:

1. the bare pretrained pipeline (``spacy.load(settings.spacy_model)``, every component) with
   ``nlp.pipe`` over the corpus: the baseline;
2. the claim pipeline (``extractor.claims.nlp.load()``) over the same texts: claims/s, words/s,
   and the ratio baseline_time / our_time (target >= 0.8: our components cost at most 20% over
   the model);
3. resident memory after each quarter of the corpus (flat = no leak);
4. the claim pipeline of each language other than English on the corpus's articles in that
   language (fixtures/stories), beside the same pipeline without our components (issue 12);
5. quantulum3 on the first ``--quantulum-kb`` KB of the same corpus (words/s), and its recall of
   the gold quantities of the seeds beside ours (a statement is found when some extracted value
   equals the figure it states).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

SEEDS = PROJECT.parent / "shared" / "seeds"
GOLD = PROJECT.parent / "shared" / "gold" / "seeds.yaml"
OTHER = PROJECT / "tests" / "claims" / "articles"


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; falls back to the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus(min_bytes: int) -> list[str]:
    """Article texts totalling at least ``min_bytes`` bytes, digits shuffled per copy."""
    from extractor.crawl.plaintext import clean_plain_text

    sources = [clean_plain_text(p.read_text(encoding="utf-8")).text
               for p in sorted(SEEDS.glob("*.txt"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted(OTHER.glob("*.txt"))]
    rng = random.Random(7)  # a fixed seed: the same corpus on every run
    texts: list[str] = []
    size = 0
    copy = 0
    while size < min_bytes:
        for text in sources:
            varied = text if copy == 0 else re.sub(
                r"(?<=\d)\d", lambda _m: str(rng.randrange(10)), text)
            texts.append(varied)
            size += len(varied.encode("utf-8"))
        copy += 1
    return texts


def timed_pipe(nlp: object, items: Iterable[object], n: int,
               batch_size: int) -> tuple[float, int, list[float]]:
    """Seconds for nlp.pipe over ``items`` (``n`` of them, streamed), the number of claims, and
    RSS at each quarter."""
    marks = {n * q // 4 for q in (1, 2, 3, 4)}
    memory: list[float] = []
    claims = 0
    start = time.perf_counter()
    for i, doc in enumerate(nlp.pipe(items, batch_size=batch_size), 1):  # type: ignore[attr-defined]
        if doc.has_extension("claims") and doc._.claims:
            claims += len(doc._.claims)
        if i in marks:
            memory.append(rss_mb())
    return time.perf_counter() - start, claims, memory


def gold_targets() -> list[tuple[str, str, float]]:
    """(seed file, stated text, the figure it states) for the gold quantity statements."""
    from extractor.claims.nlp.lexicon import Lexicon, read_vocab
    from extractor.claims.nlp.mentions import MentionFinder
    from extractor.evaluate.claims import load_gold

    finder = MentionFinder(Lexicon(read_vocab()))
    targets = []
    for entry in load_gold(GOLD).entries:
        if entry.unit == "date":
            continue
        stated = re.sub(r"\([^)]*\)", " ", entry.stated).split(";")[0]
        found = finder.find(stated)
        if found:
            targets.append((entry.file, entry.stated, found[0].value))
    return targets


def recall(values_by_file: dict[str, list[float]],
           targets: list[tuple[str, str, float]]) -> float:
    hits = sum(any(abs(abs(v) - t) <= 1e-6 * max(1.0, t) for v in values_by_file.get(f, []))
               for f, _, t in targets)
    return hits / len(targets) if targets else 0.0


STORIES = PROJECT / "fixtures" / "stories"


def other_languages(batch_size: int, copies: int = 20) -> None:
    """One line per language other than English: the claim pipeline of the language
    (``load_language``) beside the same pipeline without our components, over the corpus's
    articles in that language (fixtures/stories), repeated ``copies`` times with digits shuffled.
    French's base is the pretrained fr_core_news_sm; the others' a blank pipeline with a
    sentencizer, so their ratio is the cost of our components over tokenising alone."""
    import yaml

    from extractor.claims.extract import prepare_text
    from extractor.claims.nlp import load_language, make_doc

    by_lang: dict[str, list[str]] = {}
    for gold in sorted((STORIES / "gold").glob("*.yaml")):
        for art in yaml.safe_load(gold.read_text(encoding="utf-8"))["articles"]:
            if art.get("language", "en") != "en":
                text = (STORIES / "articles" / art["file"]).read_text(encoding="utf-8")
                by_lang.setdefault(art["language"], []).append(text)
    rng = random.Random(7)
    for lang, sources in sorted(by_lang.items()):
        texts = [t if k == 0 else re.sub(r"(?<=\d)\d", lambda _m: str(rng.randrange(10)), t)
                 for k in range(copies) for t in sources]
        words = sum(len(t.split()) for t in texts)
        ours = load_language(lang)
        own = [n for n in ours.pipe_names if n.startswith("newsclaims_")]
        list(ours.pipe(texts[:4]))
        start = time.perf_counter()
        docs = (make_doc(ours, prepare_text(t, lang), published="2025-07-21") for t in texts)
        claims = sum(len(d._.claims or []) for d in ours.pipe(docs, batch_size=batch_size))
        ours_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in ours.pipe(texts, batch_size=batch_size, disable=own):
            pass
        base_s = time.perf_counter() - start
        base = "fr_core_news_sm" if "parser" in ours.pipe_names else "blank + sentencizer"
        print(f"{lang} ({len(texts)} articles, {words:,} words; base {base}): claim pipeline "
              f"{words / ours_s:,.0f} words/s, {claims / ours_s:,.0f} claims/s; base "
              f"{words / base_s:,.0f} words/s; ratio base/ours {base_s / ours_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (>= 1)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs; best is kept")
    parser.add_argument("--quantulum-kb", type=int, default=200,
                        help="KB of the corpus to time quantulum3 on (it is slow)")
    args = parser.parse_args()

    import spacy

    from extractor.claims.extract import prepare_text
    from extractor.claims.nlp import load, make_doc
    from extractor.core.settings import load_settings

    texts = corpus(int(args.mb * 1_000_000))
    size = sum(len(t.encode("utf-8")) for t in texts)
    words = sum(len(t.split()) for t in texts)
    model = load_settings().spacy_model
    print(f"corpus: {len(texts)} articles, {size / 1e6:.2f} MB, {words:,} words; model {model}")

    bare = spacy.load(model)
    ours = load(model)
    warm = texts[:8]  # load weights and caches outside the timed runs
    list(bare.pipe(warm))
    list(ours.pipe(warm))

    # Alternate the two runs and keep the best of each: the machine is shared, and a burst of
    # someone else's load during one run would otherwise decide the ratio.
    base_s = ours_s = float("inf")
    for _ in range(args.repeat):
        s, _, base_mem = timed_pipe(bare, iter(texts), len(texts), args.batch_size)
        base_s = min(base_s, s)
        docs = (make_doc(ours, prepare_text(t), published="2025-07-21") for t in texts)
        s, n_claims, our_mem = timed_pipe(ours, docs, len(texts), args.batch_size)
        ours_s = min(ours_s, s)
    ratio = base_s / ours_s
    # The cost of our components alone, timed inside one run (independent of the machine's load):
    # the pretrained part of our pipeline, then each of our components on its output.
    own = [n for n in ours.pipe_names if n.startswith("newsclaims_") and n != "newsclaims_lines"]
    model_s = comps_s = 0.0
    start = time.perf_counter()
    docs = (make_doc(ours, prepare_text(t), published="2025-07-21") for t in texts)
    for doc in ours.pipe(docs, batch_size=args.batch_size, disable=own):
        model_s += time.perf_counter() - start
        t0 = time.perf_counter()
        for name in own:
            ours.get_pipe(name)(doc)
        comps_s += time.perf_counter() - t0
        start = time.perf_counter()
    print(f"bare nlp.pipe ({', '.join(bare.pipe_names)}): {base_s:.1f} s, "
          f"{words / base_s:,.0f} words/s")
    print(f"claim pipeline: {ours_s:.1f} s, {words / ours_s:,.0f} words/s, "
          f"{n_claims / ours_s:,.0f} claims/s ({n_claims:,} claims)")
    print(f"ratio bare/ours: {ratio:.2f} (target >= 0.80) -> {'OK' if ratio >= 0.8 else 'BELOW'}"
          f"  [best of {args.repeat}]")
    print(f"our components alone: {comps_s:.1f} s on top of {model_s:.1f} s of the pretrained "
          f"components in the same run = {comps_s / model_s:.1%} overhead "
          f"(ratio {model_s / (model_s + comps_s):.2f})")
    print("RSS MB at each quarter: bare " + ", ".join(f"{m:.0f}" for m in base_mem)
          + "; ours " + ", ".join(f"{m:.0f}" for m in our_mem))

    other_languages(args.batch_size)

    # quantulum3: speed on a slice of the same corpus, recall of the gold quantities on the seeds
    warnings.filterwarnings("ignore")
    from quantulum3 import classifier as q3_classifier
    from quantulum3 import parser as q3

    # quantulum3's unit classifier is a scikit-learn model pickled with an older scikit-learn
    # than the one the TF-IDF baseline of `eval` installs ("No module named '_loss'" on load):
    # use its rule-based disambiguation, which is what it does without scikit-learn
    q3_classifier.USE_CLF = False

    sample: list[str] = []
    sample_bytes = 0
    for t in texts:
        if sample_bytes >= args.quantulum_kb * 1000:
            break
        sample.append(t)
        sample_bytes += len(t.encode("utf-8"))
    q3.parse("warm up 3 tonnes")
    start = time.perf_counter()
    for t in sample:
        q3.parse(t)
    q3_s = time.perf_counter() - start
    sample_words = sum(len(t.split()) for t in sample)
    print(f"quantulum3 on {sample_bytes / 1000:.0f} KB of the same corpus: {q3_s:.1f} s, "
          f"{sample_words / q3_s:,.0f} words/s")

    targets = gold_targets()
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    q3_values = {name: [q.value for q in q3.parse(text)] for name, text in seeds.items()}
    our_values = {}
    for name, text in seeds.items():
        doc = ours(make_doc(ours, prepare_text(text), published="2025-07-21"))
        our_values[name] = [c.value for c in doc._.claims if c.value is not None]
    print(f"recall of the {len(targets)} gold quantity statements (value as stated): "
          f"quantulum3 {recall(q3_values, targets):.1%}, "
          f"newsclaims {recall(our_values, targets):.1%}")


if __name__ == "__main__":
    main()
