"""People rules: a named person's age, title and name, as the outlets of a story give them.

Person claims (``kind == "person"``) and ages (quantity claims with metric ``age``) come from the
claims stage (extractor/claims/nlp/people.py). A person is known by surname; two mentions are
one person when their surnames are the same and their first names, where both give one, share
a word ("Richard Dick Eastland" / "Dick Eastland"). A surname that two different full names
carry in the story ("Dick Eastland", "Tweety Eastland") names nobody in particular alone, and is
left out.

- ``person_conflict`` (age): one person given two ages that differ. Ages change once a year
  and a story's reports are days apart, so two ages of one person in one story disagree (high);
  the age fewer independent sources give comes first.
- ``person_conflict`` (title): one outlet calls a person "former" holder of a role that other
  outlets give them as sitting ("former Federal Reserve chair Jerome Powell" against "Chair
  Jerome Powell") in reports of the same weeks: an office-holder leaves office in news the story
  would carry.
- ``name_spelling``: one person's name spelt two ways (within one article, or one outlet
  against the others): surnames a letter or two apart (rapidfuzz ratio), guarded against two
  real people with similar names (different first names, or both names in one sentence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz

from extractor.core.records import Severity
from extractor.reconcile.align import ClaimView, Group
from extractor.reconcile.checks.context import Context, plural, verb

__all__ = ["people_rules"]

# Surnames this close (rapidfuzz ratio, 0-100) and not equal are one name spelt two ways: a
# letter wrong, added or two swapped in a name of five or more letters scores 80 to 92; the
# surnames of different people rarely reach 80. Calibrated on fixtures/stories.
SPELLING_RATIO = 80
# ... between names of five or more letters whose lengths differ by one letter at most: a
# shorter name is a different name ("Meta" / "Mehta"), and a name with a plural ending is the
# family or the plural ("the Eastlands", "Teslas").
MIN_SURNAME = 5
# Reports this far apart may straddle a change of office: "former" is then not contradicted.
TITLE_WINDOW_DAYS = 31
STORY_DAYS = 7
# An age read from a description rather than beside the person's name ("der 70-Jährige", "El
# mediapunta, de 23 años": the person named nearest before it, claims/nlp/local_people.py; "the
# 69-year-old" in English) may belong to another person of the article. Such an age is compared
# only when it is this close to the age others give: one or two years off is a wrong age (a
# birthday missed, a digit slipped); further off it is more likely another person's.
DESCRIBED_AGE_GAP = 2
# "former" and its synonyms before a role; "outgoing", "caretaker", "acting", "interim" and
# "sitting" say the holder is still in office.
_FORMER = re.compile(r"\b(?:former|ex|erstwhile|onetime|one-time|then)\b[-\s]*", re.IGNORECASE)


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(ch))


def _name_words(name: str | None) -> list[str]:
    """The words of a name, a possessive dropped ("Merz's" -> "Merz")."""
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name or "")
    return [re.sub(r"['’]s$", "", w) for w in words]


def _surname(name: str | None) -> str | None:
    words = _name_words(name)
    return _fold(words[-1]) if words and len(words[-1]) >= 2 else None


def _first_names(name: str | None) -> frozenset[str]:
    return frozenset(_fold(w) for w in _name_words(name)[:-1] if len(w) > 1)


def _same_person(a: str | None, b: str | None) -> bool:
    if _surname(a) is None or _surname(a) != _surname(b):
        return False
    fa, fb = _first_names(a), _first_names(b)
    return not fa or not fb or bool(fa & fb)


def _ambiguous(names: Sequence[str]) -> set[str]:
    """Surnames that two different full names carry (two people of one family)."""
    firsts: dict[str, list[frozenset[str]]] = {}
    for name in names:
        key, first = _surname(name), _first_names(name)
        if key and first:
            firsts.setdefault(key, []).append(first)
    out = set()
    for key, sets in firsts.items():
        if any(not (x & y) for i, x in enumerate(sets) for y in sets[i + 1:]):
            out.add(key)
    return out


def people_rules(ctx: Context, views: Sequence[ClaimView], groups: list[Group]) -> None:
    """Ages, titles and spellings of the story's named people."""
    people = [v for v in views if v.claim.kind == "person" and v.claim.subject]
    ages = [v for v in views if v.claim.kind == "quantity" and v.claim.metric == "age"
            and v.claim.unit == "year" and v.claim.value is not None and v.claim.subject]
    ambiguous = _ambiguous([v.claim.subject or "" for v in people + ages])
    _ages(ctx, ages, groups, ambiguous)
    _titles(ctx, people, ambiguous)
    _spellings(ctx, people)


# --------------------------------------------------------------------------- ages


def _ages(ctx: Context, ages: list[ClaimView], groups: list[Group], ambiguous: set[str]) -> None:
    persons: list[list[ClaimView]] = []
    for v in ages:
        if _surname(v.claim.subject) in ambiguous and not _first_names(v.claim.subject):
            continue  # a surname two people of the story carry, written alone
        for p in persons:
            if _same_person(p[0].claim.subject, v.claim.subject) and not (
                    _surname(v.claim.subject) in ambiguous
                    and not _first_names(p[0].claim.subject)):
                p.append(v)
                break
        else:
            persons.append([v])
    for mentions in persons:
        by_value: dict[float, list[ClaimView]] = {}
        stated = {v.claim.value for v in mentions if v.claim.qualifier != "nearly"}
        for v in mentions:
            assert v.claim.value is not None
            value = v.claim.value
            if v.claim.qualifier == "nearly" and value - 1 in stated:
                value -= 1  # "turns 20 on Tuesday" is 19 until then: no conflict with 19
            by_value.setdefault(value, []).append(v)
        named_values = {value for value, vs in by_value.items()
                        if any(_named(ctx, m) for m in vs)}
        for value in list(by_value):
            # an age only a description gives, far from every age given beside the name, is
            # more likely another person's (DESCRIBED_AGE_GAP)
            if value not in named_values and not any(
                    abs(value - other) <= DESCRIBED_AGE_GAP for other in named_values):
                del by_value[value]
        if len(by_value) < 2:
            continue
        ranked = sorted(by_value.values(), key=lambda vs: (-len({m.source for m in vs}),
                                                           vs[0].claim.start))
        right, odd_sides = ranked[0], ranked[1:]
        n_right = len({m.source for m in right})
        for odd in odd_sides:
            n_odd = len({m.source for m in odd})
            name = max((m.claim.subject or "" for m in odd + right), key=len)
            n_articles = len({m.claim.article_id for m in odd})
            lead = (f"Odd one out: {ctx.outlets(odd)} {verb(n_articles, 'give')} "
                    f"{name} the age {_age(odd[0])}, while "
                    f"{plural(n_right, 'independent source')} {verb(n_right, 'give')} "
                    f"{_age(right[0])}") if n_odd < n_right else (
                f"{name} is given two ages: {_age(odd[0])} ({ctx.outlets(odd)}) and "
                f"{_age(right[0])} ({ctx.outlets(right)})")
            described = [m for m in odd + right if not _named(ctx, m)]
            how = "".join(
                f" ({ctx.outlets([m])} writes \"{m.claim.text}\" in a sentence that does not "
                f"name {name}: the person it names nearest before it)" for m in described[:2])
            text = (f"{lead}. Same person: each names {name}{how}, and a person's age cannot "
                    f"change between reports days apart. {ctx.quote(odd + right)}.")
            severity: Severity = "high"
            fact = next((g for g in groups if odd[0] in g.members), None)
            ctx.add("person_conflict", severity, odd + right, text, fact)
            for g in groups:
                if any(m in g.members for m in odd + right):
                    ctx.status[id(g)] = "conflict"


def _named(ctx: Context, v: ClaimView) -> bool:
    """Whether an age's own sentence names its person (frames.py): "Merz, 69," rather than
    "der 70-Jährige" after a sentence about him."""
    frame = ctx.frame(v)
    return frame.entity if frame is not None else False


def _age(v: ClaimView) -> str:
    return f"{v.claim.value:.0f}"


# --------------------------------------------------------------------------- titles


def _role_head(title: str) -> str | None:
    words = re.findall(r"[^\W\d_]+", title.lower())
    return words[-1] if words else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _titles(ctx: Context, people: list[ClaimView], ambiguous: set[str]) -> None:
    former = [v for v in people if v.claim.object and _FORMER.search(v.claim.object)
              and (_surname(v.claim.subject) not in ambiguous or _first_names(v.claim.subject))]
    for odd in former:
        title = odd.claim.object or ""
        role = _role_head(_FORMER.sub("", title))
        if not role:
            continue
        sitting = [v for v in people if v.source != odd.source and v.claim.object
                   and not _FORMER.search(v.claim.object)
                   and _role_head(v.claim.object) == role
                   and _same_person(v.claim.subject, odd.claim.subject)]
        if not sitting:
            continue
        when = _day(ctx.published.get(odd.claim.article_id))
        days = [d for v in sitting if (d := _day(ctx.published.get(v.claim.article_id)))]
        if when and days and (when - max(days)).days > TITLE_WINDOW_DAYS:
            continue  # weeks later: the person may have left office since
        n = len({v.source for v in sitting})
        # two sources, or reports within a story's week: an office-holder who left office in
        # between would be news the story carries
        near = bool(when and days and abs((when - max(days)).days) <= STORY_DAYS)
        severity: Severity = "high" if n >= 2 or near else "medium"
        name = max((v.claim.subject or "" for v in [odd, *sitting]), key=len)
        text = (f"Odd one out: {ctx.outlets([odd])} calls {name} \"{title}\", while "
                f"{plural(n, 'independent source')} {verb(n, 'give')} {name} the {role} "
                f"without \"former\" in reports of the same weeks "
                f"({', '.join(dict.fromkeys(repr(v.claim.object) for v in sitting))}). Same "
                f"person, same role: a sitting holder is not a former one. "
                f"{ctx.quote([odd, *sitting])}.")
        ctx.add("person_conflict", severity, [odd, *sitting], text)


# --------------------------------------------------------------------------- spellings


def _spellings(ctx: Context, people: list[ClaimView]) -> None:
    """One person's surname written two ways."""
    spelt: dict[str, list[ClaimView]] = {}
    for v in people:
        words = _name_words(v.claim.text)
        if words and len(words[-1]) >= MIN_SURNAME:
            spelt.setdefault(words[-1], []).append(v)
    names = sorted(spelt, key=lambda s: (-len({v.source for v in spelt[s]}), -len(spelt[s]), s))
    done: set[str] = set()
    for i, right in enumerate(names):
        for odd in names[i + 1:]:
            if odd in done or right in done or _fold(odd) == _fold(right):
                continue
            if not _variant(odd, right):
                continue
            if _two_people(spelt[odd], spelt[right]):
                continue
            _report_spelling(ctx, odd, spelt[odd], right, spelt[right])
            done.add(odd)


def _variant(a: str, b: str) -> bool:
    """Two spellings of one name: a letter or two apart, of nearly one length, neither the
    other's plural."""
    x, y = _fold(a), _fold(b)
    if abs(len(x) - len(y)) > 1 or min(len(x), len(y)) < MIN_SURNAME:
        return False
    if x.rstrip("s") == y or y.rstrip("s") == x:
        return False
    return fuzz.ratio(x, y) >= SPELLING_RATIO


def _two_people(a: list[ClaimView], b: list[ClaimView]) -> bool:
    """Two real people with similar names: both named in one sentence, or each with a first
    name the other never has."""
    sentences_a = {(v.claim.article_id, v.claim.sentence_start, v.claim.sentence) for v in a}
    if any((v.claim.article_id, v.claim.sentence_start, v.claim.sentence) in sentences_a
           for v in b):
        return True
    first_a = {w for v in a for w in _first_names(v.claim.text)}
    first_b = {w for v in b for w in _first_names(v.claim.text)}
    return bool(first_a and first_b and not (first_a & first_b))


def _report_spelling(ctx: Context, odd: str, odd_mentions: list[ClaimView], right: str,
                     right_mentions: list[ClaimView]) -> None:
    odd_articles = {v.claim.article_id for v in odd_mentions}
    inside = [v for v in right_mentions if v.claim.article_id in odd_articles]
    others = [v for v in right_mentions if v.claim.article_id not in odd_articles]
    n_right = len({v.source for v in right_mentions})
    n_odd = len({v.source for v in odd_mentions})
    if not inside and n_right <= n_odd:
        return  # two outlets, two spellings, nothing says which is right
    name = max((v.claim.subject or right for v in right_mentions), key=len)
    where = (f"{ctx.outlets(odd_mentions)} {verb(len(odd_articles), 'spell')} {name} "
             f"\"{right}\" and also \"{odd}\"") if inside else (
        f"{ctx.outlets(odd_mentions)} {verb(len(odd_articles), 'spell')} {name} \"{odd}\"")
    text = (f"Odd one out: {where}, while {plural(n_right, 'independent source')} "
            f"{verb(n_right, 'write')} \"{right}\". Same person: the two spellings are a letter "
            f"or two apart and never name two people in one text. "
            f"{ctx.quote(odd_mentions + inside + others)}.")
    # an article that spells one name two ways is certainly wrong once; one outlet against
    # two or more that agree is very likely wrong
    severity: Severity = "high" if inside or (n_odd == 1 and n_right >= 2) else "medium"
    ctx.add("name_spelling", severity, odd_mentions + inside[:2] + others[:4], text)
