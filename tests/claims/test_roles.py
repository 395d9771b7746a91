"""The role rules (metric, object, subject, counterpart) by their own examples.

Built from ``roles.RULES``: every rule's docstring example goes through the real pipeline and
must yield the claim fields the rule declares, and must not yield them with that rule left
out, so a rule that stops doing its job, or one added without an example, fails here.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from spacy.language import Language

from extractor.claims.nlp import make_doc, metric_rules, subject_rules
from extractor.claims.nlp.components import QuantitiesComponent
from extractor.claims.nlp.role_state import Rule
from extractor.claims.nlp.roles import RULES
from extractor.core.records import Claim


def _figure(nlp: Language, rule: Rule) -> Claim:
    doc = make_doc(nlp, rule.example, published="2025-07-21")
    doc._.headline = rule.headline
    found = [c for c in nlp(doc)._.claims
             if c.kind == "quantity" and rule.figure in (None, c.text)]
    assert len(found) == 1, f"{rule.name}: expected one figure in {rule.example!r}, got {found}"
    return found[0]


def _fields(claim: Claim, rule: Rule) -> dict[str, Any]:
    return {name: getattr(claim, name) for name in rule.expect}


def test_every_rule_is_in_the_order() -> None:
    defined = {id(v) for module in (metric_rules, subject_rules) for v in vars(module).values()
               if isinstance(v, Rule)}
    assert defined == {id(r) for r in RULES}
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_example_yields_what_the_rule_is_for(nlp: Language, rule: Rule,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert rule.expect, f"{rule.name} declares no claim fields for its example"
    doc = " ".join((rule.apply.__doc__ or "").split())
    assert " ".join(rule.example.split()) in doc, f"{rule.name}: its docstring lacks its example"
    assert _fields(_figure(nlp, rule), rule) == dict(rule.expect)
    # the rule itself is what yields it: the same sentence without the rule does not
    roles = cast(QuantitiesComponent, nlp.get_pipe("newsclaims_quantities")).reader.roles
    monkeypatch.setattr(roles, "rules", tuple(r for r in RULES if r is not rule))
    assert _fields(_figure(nlp, rule), rule) != dict(rule.expect)
