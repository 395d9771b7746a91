"""Short names read as the full name an article gives them ("Halden" for "Halden Foods"), and a
coordination ("Kenya and Uganda") never read as the longer name of its first party."""

from __future__ import annotations

from collections.abc import Callable

from extractor.core.records import Claim
from extractor.reconcile.align import unify_short_names, view


def test_a_coordination_is_not_the_longer_name_of_its_first_party(
        make_claim: Callable[..., Claim]) -> None:
    claims = [make_claim("a", "12%", value=12, subject="Kenya", metric="exports"),
              make_claim("a", "talks", kind="event", event="hold talks",
                         subject="Kenya and Uganda"),
              make_claim("a", "8%", value=8, subject="Halden", metric="sales"),
              make_claim("a", "9%", value=9, subject="Halden Foods", metric="sales")]
    views = unify_short_names([view(c, "a") for c in claims])
    assert views[0].subject == "kenya"  # not "kenya and uganda"
    assert views[2].subject == "halden foods"  # a short name still takes its full form
