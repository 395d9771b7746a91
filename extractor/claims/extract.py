"""``newsclaims extract``: articles -> spaCy Docs -> Claim records in the ``claims`` table.

Every article not yet extracted by the current pipeline version is processed (``--force`` redoes
all); the outcome of each is recorded in ``extractions`` (ok / skipped with a reason / error), so
a hostile article costs one line, never the run.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlite_utils

from extractor import store
from extractor.claims.profile import ProfileBuilder, tokenised_profile
from extractor.core.errors import InputError, NotFoundError
from extractor.core.records import Article, ArticleProfile, Claim, stable_id
from extractor.core.settings import Settings
from extractor.core.wording import plural

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ExtractSummary",
    "claims_from_doc",
    "extract_pending",
    "format_claims",
    "prepare_text",
]

log = logging.getLogger("newsclaims.claims")

# Texts are split at paragraph breaks into pieces of at most this many characters: spaCy's parser
# needs memory roughly in proportion to a Doc's length, and real articles are under 30,000
# characters, so only pathological inputs (a 100,000-word page) are ever split.
MAX_CHARS = 100_000
# Same story: rapidfuzz token_set_ratio of title + lead at or above this makes a dated article
# a candidate whose date an undated article may borrow. Measured on the seeds, tests/claims/
# articles and fixtures/stories: an undated article's best same-story match scores 59-70, while
# articles of other stories score 42-58 against it; 60 sits between, nearer the same-story side.
SIMILAR_THRESHOLD = 60
# The candidates must be one story within a few days: every candidate dated more than
# STORY_DAYS from the best must score at least STORY_MARGIN below it, or the date is not
# borrowed (two monthly jobs reports, two quarters of one carmaker's deliveries are alike in
# words). On fixtures/stories the best other-story candidate scores 5-8 below a clear best,
# and 2-3 below when two stories are equally alike.
STORY_DAYS = 7
STORY_MARGIN = 5
# ... unless they are all of one year within about a season (reports of consecutive months or
# quarters): then only that year is borrowed.
SEASON_DAYS = 100
# A day is one of its story's events when the leads of at least this many of its dated articles
# name it: one lead may date a background event; on fixtures/stories every story's event day
# is named by two or more leads.
EVENT_VOTES = 2
# Confidence taken off the dated claims of an article whose date was borrowed from another.
BORROWED_DATE_PENALTY = 0.15
# ... and of one dated by a full date its own dateline or lead writes ("BERLIN, March 12, 2025").
TEXT_DATE_PENALTY = 0.05
# Confidence taken off a headline figure dated by the body's main period: the step a body figure
# loses when it falls back to the main period (quantities.py, tier "main").
_HEADLINE_PENALTY = 0.15
# A headline amount this large or larger that names no unit takes the unit of the body figure of
# the same value: a million is the smallest value a scale word writes ("2.950 millones"), and two
# such values alike by chance in one article are unlikely (none on fixtures/stories, where the
# rule reads the one headline amount whose currency only the body names).
_HEADLINE_AMOUNT = 1e6

_FULL_DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? "
    r"\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d\d|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]* (?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_LEAD_CHARS = 600  # the first paragraph of a news report, or its first two sentences
_SURROGATES = re.compile(r"[\ud800-\udfff\x00]")
# A separator between two headlines in one title: "/" or "|" followed by a space and a capital
# ("... the US/ Exports of ...", "Markets slide | Oil jumps"); "24/7" or "km/h" have no space.
_HEADLINE_SEP = re.compile(r"[/|](?=\s+[A-Z])")


@dataclass(frozen=True)
class ExtractSummary:
    """What one ``extract`` run did."""

    articles: int  # articles processed (ok, skipped or failed)
    claims: int
    skipped: int
    errors: tuple[str, ...] = ()
    pipeline: str = ""

    def __str__(self) -> str:
        return (
            f"extract: {plural(self.articles, 'article')}, {plural(self.claims, 'claim')}, "
            f"{self.skipped} skipped, {plural(len(self.errors), 'error')} ({self.pipeline})"
        )


def prepare_text(text: str, lang: str = "en") -> str:
    """The text handed to spaCy: same length as ``text`` (offsets carry over), with full-width
    digits, Unicode minus signs and in-number spaces made ASCII and broken characters replaced
    (the in-number spaces as ``lang`` groups digits: numbers.normalize_text)."""
    from extractor.claims.nlp.numbers import normalize_text

    return _SURROGATES.sub("\ufffd", normalize_text(text, lang))


def claims_from_doc(doc: Any, article: Article, *, offset: int = 0,
                    field: str = "text") -> list[Claim]:
    """The claims of ``doc`` (a piece of ``article.text`` starting at ``offset``, or the
    article's title when ``field`` is "title") as records."""
    text = _SURROGATES.sub("\ufffd", (article.title or "") if field == "title" else article.text)
    claims: list[Claim] = []
    for c in doc._.claims or []:
        start, end = c.start + offset, c.end + offset
        sentence_start = c.sentence_start + offset
        # title claims get the field into their id: their offsets index another string
        parts = (article.id, start, end, c.kind) if field == "text" else (
            article.id, field, start, end, c.kind)
        claims.append(dataclasses.replace(
            c,
            id=stable_id(*parts),
            field=field,  # type: ignore[arg-type]
            article_id=article.id,
            start=start,
            end=end,
            text=text[start:end],
            sentence=text[sentence_start:sentence_start + len(c.sentence)],
            sentence_start=sentence_start,
        ))
    return claims


def split_headline(title: str) -> str:
    """ "China supplies the US/ Exports of American firms rose 660%": a slash or bar between
    two headline parts becomes a line break (one character for one, so offsets hold), and each
    part is read as its own sentence."""
    return _HEADLINE_SEP.sub("\n", title)


def headline_units(claims: list[Claim], body: Sequence[Claim]) -> list[Claim]:
    """ "Brussels fines Google 2.95 billion" over a body that says "2.95 billion euros": a
    headline amount (a million or more) that names no unit is in the unit of the body figure of
    the same value, since headlines drop the currency by style."""
    out: list[Claim] = []
    for c in claims:
        if c.kind == "quantity" and c.unit == "count" and c.value is not None and \
                abs(c.value) >= _HEADLINE_AMOUNT:
            twin = next((b for b in body if b.kind == "quantity" and b.value == c.value and
                         b.unit not in (None, "count")), None)
            if twin is not None:
                c = dataclasses.replace(c, unit=twin.unit)
        out.append(c)
    return out


def headline_periods(claims: list[Claim], main: Any,
                     body: Sequence[Claim] = ()) -> list[Claim]:
    """Headline figures with no period words of their own take the period of the body figure
    they restate, else the body's main period (its anchor: the story's time).

    Headlines drop dates by style ("Exports up 660%"). The body usually states the same figure
    with its period: a body claim with the same value and unit (else the same metric, unit and
    basis) gives its period, even none ("57 reports" is undated in the body too). Otherwise the
    figure is about what the body is mostly about (``main``: the period most of the body's
    figures are for). Either is a guess, so confidence drops by the same step as a body figure
    that falls back to the main period.
    """
    out: list[Claim] = []
    for c in claims:
        if c.kind == "quantity" and c.period_start is None:
            twin = _restated(c, body)
            start = end = None
            if twin is not None:
                start, end = twin.period_start, twin.period_end
            elif main is not None:
                start, end = main.period.start.isoformat(), main.period.end.isoformat()
            if start is not None:
                c = dataclasses.replace(
                    c, period_start=start, period_end=end, period_text=None,
                    confidence=round(max(0.1, c.confidence - _HEADLINE_PENALTY), 3))
        out.append(c)
    return out


def _restated(c: Claim, body: Sequence[Claim]) -> Claim | None:
    """The body claim a headline claim restates: same value and unit, else same metric."""
    figures = [b for b in body if b.kind == "quantity" and b.unit == c.unit]
    for b in figures:
        # the size, whatever sign each read: "Fed cuts rates by a quarter point" restates
        # "lowered interest rates by a quarter of a percentage point on Wednesday"
        if b.value is not None and c.value is not None and abs(b.value) == abs(c.value) and \
                b.basis == c.basis:
            return b
    for b in figures:
        if c.metric and b.metric == c.metric and b.basis == c.basis and b.period_start:
            return b
    return None


# --------------------------------------------------------------------------- skipping


def _language(article: Article) -> str | None:
    """The article's language: as stored (the page said, or the crawler guessed), else guessed."""
    from extractor.core.language import guess_language

    return article.language or guess_language(article.text or "")


def _skip_reason(article: Article, language: str | None) -> str | None:
    from extractor.core.language import unsupported_reason

    if not article.text or not article.text.strip():
        return "empty text"
    if not re.search(r"[^\W\d_]", article.text):
        return "no words in the text"
    # A language the pipelines do not read, or none that is clear, is skipped rather than read
    # as English: English rules on other text give nonsense claims (issue 11).
    return unsupported_reason(language)


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of ``text``, split at paragraph breaks when it is longer than MAX_CHARS."""
    if len(text) <= MAX_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end) + 1)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


# --------------------------------------------------------------------------- reference dates


class _DatedIndex:
    """Dated articles, for an undated one to borrow the date of its story (issue 11)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.rows = [
            (r["id"], r["published"], _lead(r["title"], r["text"]))
            for r in store.dated_articles(db)
        ]

    def borrow(self, article: Article) -> tuple[str, str] | None:
        """(published, id) of the most similar dated article, when it is clearly of one story:
        similar enough, and no article dated days away from it nearly as similar."""
        from rapidfuzz import fuzz, process

        pool = [row for row in self.rows if row[0] != article.id]
        found = process.extract(_lead(article.title, article.text), [r[2] for r in pool],
                                scorer=fuzz.token_set_ratio,
                                score_cutoff=SIMILAR_THRESHOLD - STORY_MARGIN, limit=None)
        best_score = max((score for _, score, _ in found), default=0.0)
        if best_score < SIMILAR_THRESHOLD:
            return None
        best = next(pool[k] for _, score, k in found if score == best_score)
        day = _day(best[1])
        rivals = [pool[k][1] for _, score, k in found if score > best_score - STORY_MARGIN]
        days = [d for d in map(_day, rivals) if d is not None]
        if day is None or len(days) < len(rivals):
            return None
        # two stories alike in words (two monthly jobs reports, two quarters of one carmaker)
        # lend not their day but their common year, in which months resolve
        lent = _one_time(day, days)
        return (lent, best[0]) if lent is not None else None


class _StoryDates:
    """The dates the stories lend their undated articles: once grouping has placed an undated
    article in a story with dated ones, the story is better evidence of when it appeared than
    the words of its lead (which miss a report in another language, or one whose lead is
    written unlike the others')."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.lent: dict[str, tuple[str, str]] = {}
        undated = store.undated_story_dates(db)
        named = store.lead_days(db, {a for _, dated in undated.values() for a, _ in dated},
                                _LEAD_CHARS)
        for article_id, (story_id, dated) in undated.items():
            days = sorted(d for d in (_day(p) for _, p in dated) if d is not None)
            when = _one_time(days[0], days) if days else None
            if when is not None and len(when) > 4:
                when = f"{when}/{days[-1].isoformat()}"  # the days the story appeared on
                events = _event_days([named.get(a, set()) for a, _ in dated])
                if events:
                    when += ";" + ",".join(events)
            if when is not None:
                self.lent[article_id] = (when, story_id)

    def lend(self, article_id: str) -> tuple[str, str] | None:
        """(the window of days its story appeared on, or its year; story id) for an undated
        article of a story with dated articles: ("2025-09-01/2025-09-03", id)."""
        return self.lent.get(article_id)


def _event_days(named: list[set[str]]) -> list[str]:
    """The days the leads of at least EVENT_VOTES dated articles of a story name: the days of
    its event ("late on Sunday", "on Friday"), by which an undated article's weekdays are
    read."""
    votes = Counter(day for days in named for day in days)
    return sorted(day for day, n in votes.items() if n >= EVENT_VOTES)


def _one_time(day: date, days: list[date]) -> str | None:
    """What dated articles lend an undated one of their story: ``day`` when they all appeared
    within STORY_DAYS of it; their common year when they appeared within about a season of
    one year; else nothing (no date rather than a wrong one)."""
    if all(abs((other - day).days) <= STORY_DAYS for other in days):
        return day.isoformat()
    if len({d.year for d in days}) == 1 and (max(days) - min(days)).days <= SEASON_DAYS:
        return f"{day.year:04d}"
    return None


def _day(published: str) -> date | None:
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _lead(title: str | None, text: str) -> str:
    return f"{title or ''} {text[:300]}".lower()


def _lead_date(text: str) -> str | None:
    """A full date the dateline or the first paragraph writes ("BERLIN, March 12, 2025 -", "At
    12:33 on Monday, April 28, 2025, ..."), ISO: the day the report is about or was filed.
    A date further on is one the story mentions, often years back."""
    from extractor.claims.nlp.periods import Reference, resolve_period

    lead = text[:_LEAD_CHARS].split("\n\n", 1)[0]
    for m in _FULL_DATE.finditer(lead):
        period = resolve_period(m.group(0), Reference())
        if period is not None:
            return period.start.isoformat()
    return None


def _reference(article: Article, index: _DatedIndex, stories: _StoryDates
               ) -> tuple[str | None, float, str | None]:
    """(reference date, confidence penalty, source) for the article's relative periods: its
    publication date; else a full date of its dateline or lead; else the date its story's
    dated articles lend it; else that of the dated article its lead is most like; else none
    (months without a year stay open, never today's)."""
    if article.published:
        # the time too: a report filed in the small hours is about the evening before
        return article.published, 0.0, "given"
    own = _lead_date(article.text)
    if own:
        return own, TEXT_DATE_PENALTY, "text-date"
    lent = stories.lend(article.id)
    if lent:
        return lent[0], BORROWED_DATE_PENALTY, f"story:{lent[1]}"  # a day or a year
    borrowed = index.borrow(article)
    if borrowed:
        return borrowed[0][:10], BORROWED_DATE_PENALTY, f"similar:{borrowed[1]}"  # or a year
    return None, 0.0, None


def _recorded(published: str | None, source: str | None) -> str | None:
    """The reference an extraction records for an undated article: "2025-09-01 story:<id>"."""
    return f"{published} {source}" if published and source and source != "given" else None


def _redate(db: sqlite_utils.Database, stories: _StoryDates) -> list[Article]:
    """Undated articles read against another date than their story lends them now (grouping
    placed them after they were read, or the story's dates changed): they are read again."""
    recorded = store.extraction_references(db, stories.lent)
    stale = [article_id for article_id, (when, _) in stories.lent.items()
             if article_id in recorded and (recorded[article_id] or "").split(" ")[0] != when]
    return list(store.articles_by_id(db, stale).values()) if stale else []


# --------------------------------------------------------------------------- extraction


def _pending(db: sqlite_utils.Database, pipelines: Sequence[str], force: bool,
             stories: _StoryDates) -> list[Article]:
    """Articles not yet extracted (or skipped) by one of the current pipelines (one a language),
    and undated ones whose story now lends them another date."""
    if force:
        return list(store.iter_articles(db))
    marks = ", ".join("?" for _ in pipelines)
    pending = list(store.iter_articles(
        db, f"id not in (select article_id from extractions where pipeline in ({marks}))",
        list(pipelines),
    ))
    known = {a.id for a in pending}
    return pending + [a for a in _redate(db, stories) if a.id not in known]


class _Pipelines:
    """The claim pipeline of each supported language, loaded on first use: a run over English
    articles never loads the French model."""

    def __init__(self, english: Language, model: str | None) -> None:
        from extractor.claims.nlp import pipeline_id

        self.model = model
        self.loaded: dict[str, Language] = {"en": english}
        self.english_id = pipeline_id(english)

    def get(self, lang: str) -> Language:
        from extractor.claims.nlp import load_language

        if lang not in self.loaded:
            self.loaded[lang] = load_language(lang, self.model)
        return self.loaded[lang]

    def ids(self) -> list[str]:
        """The current pipeline id of every supported language."""
        from extractor.claims.nlp import expected_pipeline_id, pipeline_id
        from extractor.core.language import SUPPORTED

        ids = [self.english_id]
        for lang in sorted(SUPPORTED - {"en"}):
            known = expected_pipeline_id(self.model, lang)
            ids.append(known or pipeline_id(self.get(lang)))
        return ids


def extract_pending(
    db: sqlite_utils.Database,
    settings: Settings,
    *,
    force: bool = False,
    n_process: int = 1,
    batch_size: int = 16,
    progress: bool | None = None,
    nlp: Language | None = None,
) -> ExtractSummary:
    """Extract claims from every article not yet done by the current pipeline version."""
    from extractor.claims.nlp import expected_pipeline_id, load, pipeline_id
    from extractor.core.language import SUPPORTED
    from extractor.core.progress import Progress

    if n_process < 1 or batch_size < 1:
        raise InputError(f"--n-process and --batch-size must be at least 1 "
                         f"(got {n_process} and {batch_size})")
    stories = _StoryDates(db)
    if nlp is None and not force:
        expected = [expected_pipeline_id(settings.spacy_model, lang)
                    for lang in ["en", *sorted(SUPPORTED - {"en"})]]
        if all(expected) and not _pending(db, [e for e in expected if e], False, stories):
            return ExtractSummary(0, 0, 0, (), str(expected[0]))
    nlp = nlp or load(settings.spacy_model)
    pipelines = _Pipelines(nlp, settings.spacy_model)
    pipeline = pipeline_id(nlp)  # the English id: skipped articles are recorded under it
    articles = _pending(db, pipelines.ids(), force, stories)
    index = _DatedIndex(db)
    n_claims = skipped = 0
    errors: list[str] = []
    todo: list[tuple[str, Article]] = []
    for article in articles:
        language = _language(article)
        reason = _skip_reason(article, language)
        if reason or language is None:
            # no claims, but the words still place the article in its story
            store.replace_claims(db, article.id, [], pipeline=pipeline, status="skipped",
                                 reason=reason, profile=tokenised_profile(article))
            skipped += 1
            log.info("skipped %s: %s", article.id, reason)
        else:
            todo.append((language, article))
    # each language through its own pipeline (English first, then the others as they come)
    todo.sort(key=lambda item: item[0] != "en")
    with Progress("extract", len(todo), progress) as bar:
        # groups of a few batches of one language: a failure costs at most one group its
        # batching, not the run
        group = batch_size * 4
        chunks: list[tuple[str, list[Article]]] = []
        for language, article in todo:
            if not chunks or chunks[-1][0] != language or len(chunks[-1][1]) >= group:
                chunks.append((language, []))
            chunks[-1][1].append(article)
        for language, chunk in chunks:
            nlp = pipelines.get(language)
            pipeline = pipeline_id(nlp)
            try:
                results = list(_run(nlp, chunk, (index, stories), n_process, batch_size))
            except Exception as exc:  # one bad Doc must not lose the others: retry one by one
                log.warning("batch failed (%s); retrying its articles one by one", exc)
                results = []
                for article in chunk:
                    try:
                        results.extend(_run(nlp, [article], (index, stories), 1, 1))
                    except Exception as one_exc:
                        line = (f"article {article.id} ({article.url}): "
                                f"{type(one_exc).__name__}: {one_exc}")
                        errors.append(line)
                        store.replace_claims(db, article.id, [], pipeline=pipeline,
                                             status="error", reason=line[:500])
                        bar.advance(f"error {article.id}")
            for article, claims, profile, reference in results:
                n_claims += store.replace_claims(db, article.id, claims, pipeline=pipeline,
                                                 profile=profile, reference=reference)
                bar.advance(f"extracted {article.id}: {len(claims)} claims")
    summary = ExtractSummary(len(articles), n_claims, skipped, tuple(errors),
                             pipelines.english_id)
    log.info("%s", summary)
    return summary


def _run(nlp: Language, articles: list[Article], dates: tuple[_DatedIndex, _StoryDates],
         n_process: int, batch_size: int
         ) -> Iterator[tuple[Article, list[Claim], ArticleProfile, str | None]]:
    from extractor.claims.nlp import make_doc

    references: dict[int, str | None] = {}  # article -> the date it was read against

    def docs() -> Iterator[tuple[Any, tuple[int, int, str]]]:
        for k, article in enumerate(articles):
            published, penalty, source = _reference(article, *dates)
            references[k] = _recorded(published, source)
            text = prepare_text(article.text, nlp.lang or "en")
            for offset, piece in _pieces(text):
                doc = make_doc(nlp, piece, published=published, reference_penalty=penalty)
                if source:
                    doc._.reference_source = source
                yield doc, (k, offset, "text")
            if article.title and article.title.strip():
                # headlines are claims too (a headline can contradict its own body); they are
                # verbless by style, so the furniture rule is off for them
                doc = make_doc(nlp, split_headline(prepare_text(article.title, nlp.lang or "en")),
                               published=published, reference_penalty=penalty)
                if source:
                    doc._.reference_source = source
                doc._.headline = True
                yield doc, (k, 0, "title")

    current: int | None = None
    claims: list[Claim] = []
    main: Any = None  # the body's main period (its pieces come before its title)
    profile: ProfileBuilder | None = None
    for doc, (k, offset, field) in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size,
                                             n_process=n_process):
        if current is not None and k != current and profile is not None:
            yield articles[current], claims, profile.profile(), references.get(current)
            claims, main = [], None
        if k != current:
            profile = ProfileBuilder(articles[k].id, articles[k].language or nlp.lang)
        current = k
        assert profile is not None
        profile.add(doc, "title" if field == "title" else "body", offset=offset)
        found = claims_from_doc(doc, articles[k], offset=offset, field=field)
        if field == "text":
            main = main or doc._.main_period
        else:
            found = headline_periods(headline_units(found, claims), main, claims)
        claims.extend(found)
    if current is not None and profile is not None:
        yield articles[current], claims, profile.profile(), references.get(current)


# --------------------------------------------------------------------------- listing


_TABLE_COLUMNS = ("article_id", "kind", "text", "value", "unit", "basis", "comparison",
                  "qualifier", "period_start", "period_end", "metric", "subject", "event")


def format_claims(db: sqlite_utils.Database, article_id: str | None = None,
                  fmt: str = "table") -> Iterable[str]:
    """Lines listing the stored claims (of one article), as a table or as JSON lines."""
    if article_id is not None and not store.has_article(db, article_id):
        raise NotFoundError(f"no article with id {article_id!r} in {store.db_path(db)}")
    claims = list(store.iter_claims(db, article_id))
    if fmt == "jsonl":
        return (json.dumps(dataclasses.asdict(c), ensure_ascii=False) for c in claims)
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r} (expected table or jsonl)")
    rows = [[_cell(getattr(c, col)) if not (c.kind == "event" and col == "qualifier") else ""
             for col in _TABLE_COLUMNS] for c in claims]
    widths = [max([len(col), *(len(r[i]) for r in rows)]) for i, col in enumerate(_TABLE_COLUMNS)]
    header = "  ".join(col.ljust(w) for col, w in zip(_TABLE_COLUMNS, widths, strict=True))
    lines = [header] + ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True))
                        for r in rows]
    lines.append(f"{len(claims)} claims")
    return lines


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"
