"""``newsclaims eval``: score the extracted claims against a gold file (../shared/gold/seeds.yaml).

For each gold fact and each article that states it (``stated_by``), find the claim of that
article that states the figure, and check its value, unit, basis and period. The scoring is a
function of the database and the gold (:func:`score_claims`) so that tests can use it;
:func:`run_eval` ingests, extracts, scores claims, and is where findings scoring plugs in.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
import yaml

from extractor import store
from extractor.claims.nlp.numbers import FOLD_VERBS, FRACTIONS, ORDINALS, WORD_NUMBERS
from extractor.core.errors import ConfigError, InputError
from extractor.core.records import Article, Claim
from extractor.core.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ClaimScore",
    "EntryResult",
    "EvalReport",
    "Gold",
    "GoldEntry",
    "load_gold",
    "run_eval",
    "score_claims",
]

_CHANGE_BASES = ("mom", "yoy", "qoq")
# Widening of a hedged figure's interval, as a share of its value (AggChecker: a claim is wrong
# only when the truth cannot be rounded to it). "about"/"around" in news copy covers roundings to
# the nearest 10% of the value; "nearly" the same, from below only.
_ABOUT = 0.10
# The words that state a number in a gold statement: digits, or the number words the extractor
# itself reads (one vocabulary: data/lexicon.yaml, through claims.nlp.numbers).
_NUMBER_WORDS = re.compile(
    r"\d[\d,.]*|\b(?:" + "|".join(sorted(
        {*WORD_NUMBERS, *ORDINALS, *FRACTIONS, *FOLD_VERBS, "hundred"}, key=len, reverse=True))
    + r"|\w+fold)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GoldEntry:
    """One way one article states one gold fact."""

    fact: str
    article: str  # the gold file's article key ("000")
    file: str
    stated: str
    value: Any
    unit: str
    basis: str | None
    period: str | None
    what: str = ""


@dataclass(frozen=True)
class Gold:
    path: Path
    entries: tuple[GoldEntry, ...]
    excluded: tuple[str, ...]  # stated_by entries that state nothing checkable ("(no date)")
    files: dict[str, str] = field(default_factory=dict)  # article key -> file name


def load_gold(path: Path) -> Gold:
    """The gold file; a malformed one is a ConfigError naming file:line."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        raise ConfigError(f"{path}:1: expected a mapping with a 'facts' list")
    files = {str(a["id"]): str(a["file"]) for a in data.get("articles", [])
             if isinstance(a, dict) and "id" in a and "file" in a}
    entries: list[GoldEntry] = []
    excluded: list[str] = []
    for n, fact in enumerate(data["facts"], 1):
        if not isinstance(fact, dict) or "key" not in fact or "stated_by" not in fact:
            raise ConfigError(f"{path}: fact #{n} needs 'key' and 'stated_by'")
        for article, stated in fact["stated_by"].items():
            key = str(article)
            if key not in files:
                raise ConfigError(f"{path}: fact {fact['key']!r} names unknown article {key!r}")
            if re.fullmatch(r"\(.*\)", str(stated).strip()):
                excluded.append(f"{fact['key']} / {key}: {stated} (states nothing checkable)")
                continue
            entries.append(GoldEntry(
                fact=str(fact["key"]), article=key, file=files[key], stated=str(stated),
                value=fact.get("value"), unit=str(fact.get("unit")),
                basis=fact.get("basis"), period=_str(fact.get("period")),
                what=str(fact.get("what", "")),
            ))
    return Gold(Path(path), tuple(entries), tuple(excluded), files)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class EntryResult:
    entry: GoldEntry
    claim: Claim | None
    value_ok: bool = False
    unit_ok: bool = False
    basis_ok: bool = False
    period_ok: bool = False

    @property
    def found(self) -> bool:
        return self.claim is not None

    @property
    def correct(self) -> bool:
        return self.found and self.value_ok and self.unit_ok and self.basis_ok and self.period_ok

    def describe(self) -> str:
        e = self.entry
        head = f"{e.fact} / {e.article} ({e.stated!r})"
        if self.claim is None:
            return f"MISS {head}: no claim states it"
        c = self.claim
        wrong = [name for name, ok in (("value", self.value_ok), ("unit", self.unit_ok),
                                       ("basis", self.basis_ok), ("period", self.period_ok))
                 if not ok]
        got = (f"{c.text!r} value={c.value} unit={c.unit} basis={c.basis} "
               f"comparison={c.comparison} period={c.period_start}..{c.period_end}")
        return f"WRONG {head}: {', '.join(wrong)} -> {got}"


@dataclass(frozen=True)
class ClaimScore:
    results: tuple[EntryResult, ...]
    excluded: tuple[str, ...] = ()
    missing_articles: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def recall(self) -> float:
        """Share of statable entries found with the right value, unit, basis and period."""
        return self.correct / self.total if self.total else 0.0

    @property
    def found_rate(self) -> float:
        return self.found / self.total if self.total else 0.0

    def accuracy(self, name: str) -> float:
        """Share of the found entries whose ``name`` (value/unit/basis/period) is right."""
        found = [r for r in self.results if r.found]
        return sum(getattr(r, f"{name}_ok") for r in found) / len(found) if found else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "recall": round(self.recall, 4),
            "found": round(self.found_rate, 4),
            **{f"{n}_accuracy": round(self.accuracy(n), 4)
               for n in ("value", "unit", "basis", "period")},
        }

    def lines(self) -> list[str]:
        out = [
            f"claims: {self.correct}/{self.total} gold statements found with the right value, "
            f"unit, basis and period (recall {self.recall:.1%}); {self.found}/{self.total} found "
            f"at all ({self.found_rate:.1%})",
            "  accuracy of the found: " + ", ".join(
                f"{n} {self.accuracy(n):.1%}" for n in ("value", "unit", "basis", "period")),
        ]
        if self.excluded:
            out.append(f"  excluded {len(self.excluded)} gold statements that state nothing "
                       f"checkable: " + "; ".join(self.excluded))
        if self.missing_articles:
            out.append("  gold articles not in the database: " + ", ".join(self.missing_articles))
        out.extend(f"  {r.describe()}" for r in self.results if not r.correct)
        return out


def _article_map(db: sqlite_utils.Database, gold: Gold) -> dict[str, Article]:
    """Gold article key -> stored article, by file name in its URL."""
    articles = list(store.iter_articles(db))
    found: dict[str, Article] = {}
    for key, name in gold.files.items():
        for a in articles:
            if a.url.rstrip("/").endswith("/" + name) or a.url.endswith(name):
                found[key] = a
                break
    return found


def score_claims(db: sqlite_utils.Database, gold: Gold) -> ClaimScore:
    """Match the stored claims to the gold ``stated_by`` entries and check their fields."""
    articles = _article_map(db, gold)
    missing = tuple(sorted(set(gold.files) - set(articles)))
    claims: dict[str, list[Claim]] = {
        key: list(store.iter_claims(db, a.id)) for key, a in articles.items()
    }
    used: set[str] = set()
    results: list[EntryResult] = []
    for entry in gold.entries:
        # the body first: gold statements quote the article text; a headline only if no body
        # claim states the figure
        pool = sorted((c for c in claims.get(entry.article, []) if c.id not in used),
                      key=lambda c: c.field != "text")
        result = _match(entry, pool)
        if result.claim is not None:
            used.add(result.claim.id)
        results.append(result)
    return ClaimScore(tuple(results), gold.excluded, missing)


def _match(entry: GoldEntry, pool: list[Claim]) -> EntryResult:
    stated = re.sub(r"\([^)]*\)", " ", entry.stated)
    alternatives = [a.strip() for a in stated.split(";") if a.strip()]
    if entry.unit == "date":
        return _match_event(entry, alternatives, pool)
    best: EntryResult | None = None
    for claim in pool:
        if claim.kind != "quantity" or not any(_states(claim, alt) for alt in alternatives):
            continue
        result = _check(entry, claim)
        rank = (result.correct, result.value_ok + result.unit_ok + result.basis_ok
                + result.period_ok)
        if best is None or rank > (best.correct, best.value_ok + best.unit_ok + best.basis_ok
                                   + best.period_ok):
            best = result
    return best or EntryResult(entry, None)


def _states(claim: Claim, alternative: str) -> bool:
    """Whether the claim's text is the figure the gold statement quotes."""
    tokens = [t.lower().rstrip(".,") for t in _NUMBER_WORDS.findall(alternative)]
    text = claim.text.lower().replace("\u00a0", " ")
    if tokens:
        return tokens[0] in text
    words = alternative.lower().split()[:3]
    return bool(words) and " ".join(words) in claim.sentence.lower()


def _check(entry: GoldEntry, claim: Claim) -> EntryResult:
    gold_basis = entry.basis or ("rank" if entry.unit == "rank" else "absolute")
    if gold_basis in _CHANGE_BASES:
        unit_ok = claim.unit in ("percent", "multiple")
        basis_ok = claim.basis in ("change", "multiple") and claim.comparison == gold_basis
        expected = float(entry.value)
        if claim.unit == "multiple":
            expected = 1 + expected / 100  # +660% is 7.6 times the old level
    else:
        unit_ok = claim.unit == entry.unit
        basis_ok = claim.basis == gold_basis
        expected = float(entry.value)
    value_ok = claim.value is not None and _consistent(claim, expected)
    return EntryResult(entry, claim, value_ok, unit_ok, basis_ok, _period_ok(entry, claim))


def _consistent(claim: Claim, expected: float) -> bool:
    """Whether ``expected`` can be rounded to the claim as stated (with its hedge)."""
    value = float(claim.value or 0.0)
    if expected and value and math.copysign(1, expected) != math.copysign(1, value):
        return False
    v, x = abs(value), abs(expected)
    half = _half_unit(claim.text, v)
    low, high = v - half, v + half
    q = claim.qualifier
    if q == "about":
        low, high = min(low, v * (1 - _ABOUT)), max(high, v * (1 + _ABOUT))
    elif q == "nearly":
        low = min(low, v * (1 - _ABOUT))
    elif q in ("more_than", "at_least"):
        high = math.inf
    elif q in ("less_than", "up_to"):
        low = -math.inf
    return low - 1e-9 <= x <= high + 1e-9


def _half_unit(text: str, value: float) -> float:
    """Half a unit of the last stated digit: 157.5 -> 0.05, 3,188 -> 0.5, 160 -> 5."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if m is None:
        return value * 0.05 if value else 0.5  # word numbers and folds: the nearest step
    if m.group(1):
        return 0.5 * 10 ** -len(m.group(1))
    digits = m.group(0).replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == len(digits):
        return 0.5
    scale = value / float(digits) if float(digits) else 1.0  # "$500 million": 500 -> 5e8
    return 0.5 * 10 ** zeros * scale


def _gold_range(period: str) -> tuple[str, str] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}|H[12]|Q[1-4]))?(?:-(\d{2}))?", period)
    if not m:
        return None
    year = int(m.group(1))
    part, day = m.group(2), m.group(3)
    if part is None:
        return f"{year}-01-01", f"{year}-12-31"
    if part.startswith("H"):
        first, last = (1, 6) if part == "H1" else (7, 12)
    elif part.startswith("Q"):
        q = int(part[1])
        first, last = 3 * q - 2, 3 * q
    else:
        first = last = int(part)
        if day:
            return f"{year}-{first:02d}-{day}", f"{year}-{first:02d}-{day}"
    end = calendar.monthrange(year, last)[1]
    return f"{year}-{first:02d}-01", f"{year}-{last:02d}-{end:02d}"


def _period_ok(entry: GoldEntry, claim: Claim) -> bool:
    if entry.period is None:
        return True
    wanted = _gold_range(entry.period)
    return wanted is not None and (claim.period_start, claim.period_end) == wanted


def _match_event(entry: GoldEntry, alternatives: list[str], pool: list[Claim]) -> EntryResult:
    wanted = _gold_range(str(entry.value))
    best: EntryResult | None = None
    for claim in pool:
        if claim.kind != "event":
            continue
        sentence = claim.sentence.lower()
        if not any(alt.lower() in sentence for alt in alternatives):
            continue
        if not any(alt.lower() in claim.text.lower() or
                   (claim.period_text or "").lower() in alt.lower() for alt in alternatives):
            continue
        inside = wanted is not None and claim.period_start is not None and \
            claim.period_end is not None and \
            claim.period_start <= wanted[0] and wanted[1] <= claim.period_end
        result = EntryResult(entry, claim, inside, True, True, inside)
        if best is None or (result.correct and not best.correct):
            best = result
    return best or EntryResult(entry, None)


# --------------------------------------------------------------------------- the command


@dataclass(frozen=True)
class EvalReport:
    """What ``newsclaims eval`` prints: ingest and extract summaries, then the scores."""

    ingest: str
    extract: str
    claims: ClaimScore
    # The reconciler's findings scoring is added here by the lead (run_eval's hook below).
    findings: Any = None

    def lines(self) -> list[str]:
        out = [self.ingest, self.extract, *self.claims.lines()]
        if self.findings is not None:
            out.extend(self.findings.lines())
        return out


# Hook for findings scoring: a function (db, settings, gold_path) -> object with .lines(),
# called by run_eval after the claims are scored. None until the reconciler provides one.
FindingsScorer = Callable[[sqlite_utils.Database, Settings, Path], Any]


def run_eval(
    db: sqlite_utils.Database,
    settings: Settings,
    gold_path: Path,
    articles_dir: Path,
    *,
    nlp: Language | None = None,
    progress: bool | None = None,
    findings: FindingsScorer | None = None,
) -> EvalReport:
    """Ingest the articles, extract their claims, and score them against the gold file."""
    from extractor.claims.extract import extract_pending
    from extractor.crawl.ingest import ingest_paths

    gold = load_gold(gold_path)
    if not Path(articles_dir).is_dir():
        raise InputError(f"{articles_dir}: not a directory of articles")
    paths = sorted(Path(articles_dir) / name for name in set(gold.files.values()))
    absent = [p for p in paths if not p.is_file()]
    if absent:
        raise InputError(f"{absent[0]}: named by {gold_path} but not found")
    ingested = ingest_paths(db, settings, paths, progress=progress)
    extracted = extract_pending(db, settings, nlp=nlp, progress=progress)
    score = score_claims(db, gold)
    scored_findings = findings(db, settings, gold_path) if findings else None
    return EvalReport(str(ingested), str(extracted), score, scored_findings)
