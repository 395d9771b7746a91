"""One story: align its claims into facts, run every rule, collect the findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractor.core.records import Article, Claim, Fact, Finding, stable_id
from extractor.reconcile.align import (
    EventGroup,
    Group,
    align_events,
    align_quantities,
    unify_short_names,
    view,
)
from extractor.reconcile.checks.arithmetic import arithmetic_rules
from extractor.reconcile.checks.attribution import attribution_rules
from extractor.reconcile.checks.context import DISPUTE_KINDS, Context, StoryAnalysis, describe
from extractor.reconcile.checks.conversions import conversion_rules
from extractor.reconcile.checks.currency import currency_rules
from extractor.reconcile.checks.direction import direction_rules
from extractor.reconcile.checks.events import event_rules, occurrence_rules
from extractor.reconcile.checks.labels import classifier_notes, label_rules, statistic_rules
from extractor.reconcile.checks.parts import part_whole_rules
from extractor.reconcile.checks.people import people_rules
from extractor.reconcile.checks.periods import period_rules
from extractor.reconcile.checks.scope import scope_rules
from extractor.reconcile.checks.values import value_rules
from extractor.reconcile.describe import describe_event
from extractor.reconcile.frames import is_figure, story_anchor, story_frames
from extractor.reconcile.syndication import quoted_from, source_key


def analyse_story(story_id: str, articles: Sequence[Article], claims: Sequence[Claim],
                  copies: dict[str, str]) -> StoryAnalysis:
    """Align a story's claims into facts and compare them."""
    by_id = {a.id: a for a in articles}
    names = {a.id: _outlet_name(a) for a in articles}
    for copy, original in copies.items():  # a republished wire names the outlet it copies
        if copy in names and original in names and names[copy] != names[original]:
            names[copy] = f"{names[copy]} (copy of {names[original]})"
    ctx = Context(story_id=story_id, names=names,
                  published={a.id: a.published for a in articles},
                  frames=story_frames(articles, claims))
    quoted = quoted_from(articles, claims, copies)

    def origin(c: Claim) -> Article:
        # the article a claim's sentence first appeared in: its own, what it copies or quotes
        return by_id[quoted.get(c.id) or copies.get(c.article_id, c.article_id)]

    # a quantity claim that writes no number ("a similar grip" restating a neighbour's share)
    # is no figure: it is neither a fact nor a statement of one
    views = [view(c, source_key(origin(c), copies, by_id), origin(c).id,
                  by_id[c.article_id].published)
             for c in claims if c.article_id in by_id and (c.kind != "quantity"
                                                           or is_figure(c))]
    views = unify_short_names(views)
    groups = align_quantities(views)
    groups = statistic_rules(groups)
    groups = label_rules(ctx, groups)
    groups = value_rules(ctx, groups)
    events = align_events(views)
    for g in groups:
        ctx.fact_ids[id(g)] = stable_id(story_id, *sorted(m.claim.id for m in g.members))
    direction_rules(ctx, groups)
    classifier_notes(ctx, groups)
    arithmetic_rules(ctx, groups)
    conversion_rules(ctx, views, groups)
    currency_rules(ctx, views, groups, story_anchor(articles), articles)
    part_whole_rules(ctx, views, groups)
    people_rules(ctx, views, groups)
    period_rules(ctx, articles, {a.id: source_key(by_id[copies.get(a.id, a.id)], copies, by_id)
                                 for a in articles}, views, story_anchor(articles))
    scope_rules(ctx, views, groups, story_anchor(articles))
    attribution_rules(ctx, views, groups)
    event_rules(ctx, events)
    occurrence_rules(ctx, views)
    facts = [_fact(ctx, g) for g in groups] + [_event_fact(ctx, e) for e in events]
    for g in groups:
        if len(g.sources) == 1 and ctx.status.get(id(g)) is None:
            ctx.add("single_source", "low", g.members,
                    f"Only {ctx.outlets(g.members)} states {describe(g)}: "
                    f"{ctx.quote(g.members, limit=1)}.", g)
    # every finding is linked to the fact it is about: the one its rule named, else the fact
    # (quantity or event) its first claim belongs to
    fact_of_claim = {c: f.id for f in facts for c in f.claim_ids}
    findings: dict[str, Finding] = {}
    for finding, fact in ctx.pending:
        if fact is not None and id(fact) in ctx.fact_ids:
            finding = replace(finding, fact_id=ctx.fact_ids[id(fact)])
        elif finding.fact_id is None:
            linked = next((fact_of_claim[c] for c in finding.claim_ids if c in fact_of_claim),
                          None)
            finding = replace(finding, fact_id=linked)
        # one finding per kind and claims: two rules can reach the same claims
        findings.setdefault(finding.id, finding)
    # a fact a finding disputes is in conflict, whatever rule raised it: a report never shows
    # a fact as agreed next to a finding against it
    disputed = {f.fact_id for f in findings.values()
                if f.fact_id and f.kind in DISPUTE_KINDS and f.severity != "info"}
    facts = [replace(f, status="conflict") if f.id in disputed else f for f in facts]
    return StoryAnalysis(facts=facts, findings=list(findings.values()))


def _outlet_name(article: Article) -> str:
    # a report not in English is named with its language ("Domstadt-Rundschau [de]"), as the
    # report shows it: its quotes are its original sentences
    lang = (article.language or "").split("-")[0].lower()
    marker = f" [{lang}]" if lang and lang != "en" else ""
    if article.outlet or article.site_name:
        return str(article.outlet or article.site_name) + marker
    title = " ".join((article.title or article.id).split())
    return f"the article «{title[:60]}{'…' if len(title) > 60 else ''}»"


def _fact(ctx: Context, g: Group) -> Fact:
    best = min(g.members, key=lambda m: (m.interval.hi - m.interval.lo) if m.interval else 1e300)
    c = best.claim
    status = ctx.status.get(id(g)) or ("single_source" if len(g.sources) == 1 else "agreed")
    return Fact(
        id=ctx.fact_ids[id(g)],
        story_id=ctx.story_id,
        kind="quantity",
        description=describe(g),
        claim_ids=tuple(m.claim.id for m in g.members),
        article_ids=tuple(g.article_ids),
        status=status,
        value=c.value,
        unit=c.unit,
        basis=c.basis,
        comparison=g.comparison,  # type: ignore[arg-type]
        period_start=g.period[0],
        period_end=g.period[1],
        metric=c.metric,
        object=next((m.claim.object for m in g.members if m.claim.object), None),
        subject=next((m.claim.subject for m in g.members if m.claim.subject), None),
        counterpart=next((m.claim.counterpart for m in g.members if m.claim.counterpart), None),
        independent_sources=len(g.sources),
    )


def _event_fact(ctx: Context, g: EventGroup) -> Fact:
    dated = next((m for m in g.members if m.period[0]), None)
    return Fact(
        id=stable_id(ctx.story_id, "event", *sorted(m.claim.id for m in g.members)),
        story_id=ctx.story_id,
        kind="event",
        description=describe_event(g.members),
        claim_ids=tuple(m.claim.id for m in g.members),
        article_ids=tuple(g.article_ids),
        status="single_source" if len(g.sources) == 1 else "agreed",
        period_start=dated.period[0] if dated else None,
        period_end=dated.period[1] if dated else None,
        independent_sources=len(g.sources),
    )
