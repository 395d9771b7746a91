"""Direction rules: the same figure of a flow with its parties swapped."""

from __future__ import annotations

from extractor.reconcile.align import ClaimView, Group, periods_overlap
from extractor.reconcile.checks.context import Context, flow_phrase, plural, show, verb
from extractor.reconcile.tolerance import same_figure


def _reversed(a: Group, b: Group) -> bool:
    """The same figure of the same flow, one side's subject the other's counterpart."""
    if a.block != b.block or not (a.flow and a.flow == b.flow):
        return False
    if not (a.interval and b.interval and a.interval.meets(b.interval)):
        return False
    if not periods_overlap(a.period, b.period):
        return False
    if a.comparison and b.comparison and a.comparison != b.comparison:
        return False
    swapped = (a.subject and a.subject != b.subject and a.subject == b.counterpart) or (
        b.subject and b.subject != a.subject and b.subject == a.counterpart)
    return bool(swapped) and any(
        same_figure(x.claim, y.claim) for x in a.members for y in b.members)


def direction_rules(ctx: Context, groups: list[Group]) -> None:
    """The same figure of the same flow with its parties swapped (who exported to whom).

    The side fewer independent sources give is the odd one. One odd side found against several
    facts (the others state the figure with more or fewer details, so they stay separate facts)
    is one finding: one disputed figure, one outlet to look at.
    """
    against: dict[int, tuple[Group, list[Group]]] = {}
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if _reversed(a, b):
                odd, right = (a, b) if len(a.sources) < len(b.sources) else (b, a)
                against.setdefault(id(odd), (odd, []))[1].append(right)
    for odd, rights in against.values():
        ctx.status[id(odd)] = "conflict"
        right_members = list({id(m): m for r in rights for m in r.members}.values())
        _report(ctx, odd, rights, right_members)


def _report(ctx: Context, odd: Group, rights: list[Group], right_members: list[ClaimView]) -> None:
    """One direction finding for the odd side, and an internal one per article on both sides."""
    odd_articles = {m.claim.article_id for m in odd.members}
    own = [a for a in dict.fromkeys(m.claim.article_id for m in odd.members)
           if a in {m.claim.article_id for m in right_members}]
    others = {m.source for m in right_members} - {m.source for m in odd.members}
    # the flow most of the other side states, as its largest fact gives it
    right = max(rights, key=lambda r: len(r.sources))
    figure = show(odd.members[0])
    if len(odd_articles) == 1:
        article_id = next(iter(odd_articles))
        headline = all(m.claim.field == "title" for m in odd.members)
        name = ctx.names.get(article_id, article_id)
        who = name if not headline else (
            f"the headline of {name}" if name.startswith("the article ") else f"{name}'s headline")
        n_who = 1
    else:
        who, n_who = ctx.outlets(odd.members), len(odd_articles)
    if own and others:
        by = f"its own text and {plural(len(others), 'other independent source')} give"
    elif own:
        by = "its own text gives"
    else:
        by = f"{plural(len(others), 'independent source')} {verb(len(others), 'give')}"
    ctx.add("direction_conflict", "medium", odd.members + right_members,
            f"Odd one out: {who} {verb(n_who, 'give')} {figure} to {flow_phrase(odd)}; "
            f"{by} it to {flow_phrase(right)}: {ctx.quote(odd.members + right_members)}.", odd)
    for article_id in own:
        mine = [m for m in odd.members if m.claim.article_id == article_id]
        body = [m for m in right_members if m.claim.article_id == article_id]
        where = "its headline" if mine[0].claim.field == "title" else "one sentence"
        ctx.add("internal_inconsistency", "medium", mine + body,
                f"{ctx.names.get(article_id, article_id)} contradicts itself on whose figure "
                f"{show(mine[0])} is: {where} gives it to {flow_phrase(odd)}, its own text to "
                f"{flow_phrase(right)}: {ctx.quote(mine + body, limit=2)}.", odd)
