"""The gold scoring rules: a stated figure is right when the gold value can be rounded to it."""

from __future__ import annotations

import pytest

from extractor.core.records import Claim
from extractor.evaluate.claims import GoldEntry, _check


def claim(text: str, value: float, unit: str, basis: str, qualifier: str = "exact",
          comparison: str | None = None, period: tuple[str, str] | None = None) -> Claim:
    return Claim(id="c", article_id="a", kind="quantity", text=text, start=0, end=len(text),
                 sentence=text, value=value, unit=unit, basis=basis,  # type: ignore[arg-type]
                 qualifier=qualifier, comparison=comparison,  # type: ignore[arg-type]
                 period_start=period[0] if period else None,
                 period_end=period[1] if period else None)


def gold(value: float, unit: str, basis: str | None, period: str | None = "2025-06") -> GoldEntry:
    return GoldEntry(fact="f", article="000", file="x.txt", stated="s", value=value, unit=unit,
                     basis=basis, period=period)


JUNE = ("2025-06-01", "2025-06-30")


@pytest.mark.parametrize(
    ("c", "right"),
    [
        (claim("160%", 160, "percent", "change", comparison="mom", period=JUNE), True),
        (claim("158%", 158, "percent", "change", comparison="mom", period=JUNE), True),
        (claim("nearly 160%", 160, "percent", "change", "nearly", "mom", JUNE), True),
        (claim("150%", 150, "percent", "change", comparison="mom", period=JUNE), False),
        (claim("157.5%", -157.5, "percent", "change", comparison="mom", period=JUNE), False),
        (claim("157.5%", 157.5, "percent", "change", comparison="yoy", period=JUNE), False),
        (claim("157.5%", 157.5, "percent", "change", comparison="mom"), False),  # no period
        (claim("more than sevenfold", 7, "multiple", "multiple", "more_than", "mom", JUNE),
         False),  # 7x is +600%: not +157.5%
    ],
)
def test_change_tolerances(c: Claim, right: bool) -> None:
    assert _check(gold(157.5, "percent", "mom"), c).correct is right


def test_fold_is_compared_on_the_ratio_scale() -> None:
    sevenfold = claim("more than sevenfold", 7, "multiple", "multiple", "more_than", "mom", JUNE)
    assert _check(gold(660, "percent", "mom"), sevenfold).correct
    half = claim("about half", 0.5, "multiple", "multiple", "about", "yoy", JUNE)
    assert _check(gold(-50, "percent", "yoy"), half).correct


def test_hedged_shares_and_levels() -> None:
    over = claim("over 90%", 90, "percent", "share", "more_than")
    assert _check(gold(90, "percent", "share", None), over).correct
    tonnes = claim("3,188 tons", 3188, "tonne", "absolute", period=JUNE)
    assert _check(gold(3188, "tonne", "absolute"), tonnes).correct
    assert not _check(gold(3188, "tonne", "absolute"),
                      claim("3,188 tons", 3188, "count", "absolute", period=JUNE)).unit_ok
    money = claim("$500 million", 5e8, "USD", "absolute")
    assert _check(gold(5e8, "USD", "absolute", None), money).correct
    assert not _check(gold(5.6e8, "USD", "absolute", None), money).value_ok
