"""What a figure measures and of whom: metric, object, subject and counterpart, by named rules.

The rules live in ``metric_rules`` (what is measured) and ``subject_rules`` (whose it is);
``RULES`` is their order, and :class:`RoleReader` runs them on one figure after another.
"""

from __future__ import annotations

from extractor.claims.nlp import metric_rules as m
from extractor.claims.nlp import subject_rules as s
from extractor.claims.nlp.context import Context
from extractor.claims.nlp.figures import Draft
from extractor.claims.nlp.role_state import RoleState, Rule

__all__ = ["RULES", "RoleReader"]

# The order is part of the rules: a rule sees what the rules before it set, and most only fill
# a role that is still empty, so an earlier rule wins over a later one.
# - The figure's own words come first: a share, rank or count knows what it is of.
# - Then its verb: a verb that moves its object beats the verb's subject noun, which beats a
#   metric named by the verb itself; each fires only when those before it found no metric
#   noun, and the verb's object is the metric noun only when none of them named anything.
# - The metric noun found so far then gives the metric, its owner (the subject), its "of",
#   "to" and "from" phrases; a subject named by the noun beats one from the clause.
# - The clause and the clauses above it give a subject only when the noun gave none, and a
#   reporting speaker only when no clause did.
# - Bare numbers are settled last, once the metric noun is known: "the number of X" sets a
#   metric noun after the noun rules on purpose (its X is counted, not owned), and the elided
#   count of a coordination overrides what its own clause suggested; a whole number that none
#   of them settled counts something (whole_number_count), last. An age ("aged 17") and a
#   quake's magnitude ("measuring 5.2") come first among them: their noun is no counted one.
# - A subject that is also the counterpart loses the counterpart, after everything set both.
RULES: tuple[Rule, ...] = (
    m.share_of_whole,
    m.ranked_noun,
    m.counted_object,
    m.amount_of_noun,
    m.modified_noun,
    m.verb_phrase_metric,
    m.nationals_are_people,
    m.counted_noun_metric,
    m.verb_moves_object,
    m.subject_noun,
    s.penalised_pays,
    m.verb_names_metric,
    s.verb_subject,
    m.object_noun,
    m.price_paid,
    m.headline_subject_noun,
    m.amount_of_metric_noun,
    m.change_in_noun,
    m.metric_from_noun,
    s.noun_owner,
    m.figure_is_the_of_phrase,
    s.possessive_of,
    s.of_phrase_owner,
    m.compound_object,
    s.noun_to_counterpart,
    s.noun_from,
    s.verb_to_counterpart,
    s.labelled_figure,
    s.clause_entity,
    s.clause_above,
    s.reporting_speaker,
    m.age_of_a_person,
    m.magnitude_of_a_quake,
    m.number_of_noun,
    m.bare_count_of_noun,
    m.multiple_of_noun,
    m.elided_count,
    m.whole_number_count,
    s.not_its_own_counterpart,
)


class RoleReader:
    """Runs ``rules`` on a figure; keeps the members of every coordinated subject it named."""

    def __init__(self, context: Context, rules: tuple[Rule, ...] = RULES) -> None:
        self.ctx = context
        self.rules = rules
        self.groups: dict[str, tuple[str, ...]] = {}  # joined subject -> its members

    def roles(self, d: Draft) -> tuple[str | None, str | None, str | None, str | None]:
        """metric, object, subject and counterpart of a figure (may set its ``unit``)."""
        state = RoleState(d, self.ctx, self.groups)
        for rule in self.rules:
            rule(state)
        return state.roles()
