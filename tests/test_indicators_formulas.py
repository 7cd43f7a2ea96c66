"""Indicator formulas: exact decimals, named denominators, the KPI-8a growth path."""

from __future__ import annotations

import decimal
import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.indicators import (
    FormulaName,
    catalog,
    compound_annual_growth,
    compound_path,
    default_indicators,
    formulas,
    growth,
    linear_path,
    observations,
    parse_ratio,
    per_capita,
    percentage_points,
    progress,
    rate,
    ratio,
    report,
    targets,
)

MODULES = [formulas, targets, catalog, observations, progress, report]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_doctests(module: object) -> None:
    """The docstring examples of every indicators module run as written."""
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0


def test_kpi_8a_compound_growth_is_about_2_99_percent() -> None:
    """11.96 → 13.86 over 2020-2025 is about 2.99% a year (Table 1, KPI-8a)."""
    cagr = compound_annual_growth(Decimal("11.96"), Decimal("13.86"), 5)
    assert Decimal("2.985") < cagr < Decimal("2.995")
    assert compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2020) == Decimal("11.96")
    assert compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2025) == Decimal("13.86")
    year1 = compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2021)
    assert abs(growth(year1, Decimal("11.96")) - cagr) < Decimal("1e-20")


def test_compound_path_is_below_linear_path_for_growth() -> None:
    """A constant-growth path lies below the straight line between the same ends."""
    for year in range(2021, 2025):
        assert compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, year) < \
            linear_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, year)


def test_rate_names_the_denominator() -> None:
    """A zero denominator is an error that names what the denominator counts."""
    assert rate(Decimal(89), Decimal(100)) == Decimal(89)
    with pytest.raises(InvalidInputError, match="rural population: expected a positive"):
        rate(Decimal(1), Decimal(0), denominator_name="rural population")
    with pytest.raises(InvalidInputError, match="numerator"):
        rate(Decimal(-1), Decimal(10))


def test_ratio_and_parse_ratio() -> None:
    """Ratios normalise to x:1 whichever colon the plan uses."""
    assert ratio(Decimal(28), Decimal(20)) == Decimal("1.4")
    assert parse_ratio("2:1") == Decimal(2)
    assert parse_ratio("2︰1") == Decimal(2)
    assert parse_ratio("1.8：1") == Decimal("1.8")
    with pytest.raises(InvalidInputError, match="ratio"):
        parse_ratio("two to one")
    with pytest.raises(InvalidInputError, match="consequent"):
        ratio(Decimal(1), Decimal(0))


def test_growth_points_and_per_capita() -> None:
    """Growth, percentage points and per-capita values are exact."""
    assert growth(Decimal("110"), Decimal("100")) == Decimal(10)
    assert percentage_points(Decimal("25.1"), Decimal("20.1")) == Decimal(5)
    assert per_capita(Decimal(168630000), Decimal(10000)) == Decimal(16863)
    with pytest.raises(InvalidInputError, match="people"):
        per_capita(Decimal(1), Decimal(0))
    with pytest.raises(InvalidInputError, match="previous"):
        growth(Decimal(1), Decimal(0))


def test_paths_reject_bad_spans() -> None:
    """A path needs an end year after its start year and positive ends when compound."""
    with pytest.raises(InvalidInputError, match="end_year"):
        linear_path(Decimal(1), Decimal(2), 2025, 2025, 2025)
    with pytest.raises(InvalidInputError, match="end_year"):
        compound_path(Decimal(1), Decimal(2), 2025, 2020, 2025)
    with pytest.raises(InvalidInputError, match="start"):
        compound_path(Decimal(0), Decimal(2), 2020, 2025, 2022)
    with pytest.raises(InvalidInputError, match="years"):
        compound_annual_growth(Decimal(1), Decimal(2), 0)


def test_formulas_ignore_the_global_decimal_context() -> None:
    """A caller's low-precision global context does not change any result."""
    expected = compound_annual_growth(Decimal("11.96"), Decimal("13.86"), 5)
    third = rate(Decimal(2), Decimal(3))
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert compound_annual_growth(Decimal("11.96"), Decimal("13.86"), 5) == expected
        assert rate(Decimal(2), Decimal(3)) == third
    assert len(third.as_tuple().digits) == 28


def test_every_indicator_names_its_formula_terms() -> None:
    """Every rate and ratio indicator names its numerator and denominator in both languages."""
    for ind in default_indicators():
        assert ind.formula is not None, ind.id
        if ind.formula.name in (FormulaName.RATE, FormulaName.RATIO):
            assert ind.formula.numerator_zh and ind.formula.numerator_en, ind.id
            assert ind.formula.denominator_zh and ind.formula.denominator_en, ind.id


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
)
def test_rate_is_between_0_and_100_when_part_of_whole(a: Decimal, b: Decimal) -> None:
    """A part of a whole is a rate between 0 and 100."""
    part, whole = min(a, b), max(a, b)
    if whole == 0:
        return
    assert Decimal(0) <= rate(part, whole) <= Decimal(100)


@given(
    st.decimals(min_value=0, max_value=1000, places=3),
    st.decimals(min_value=0, max_value=1000, places=3),
    st.integers(min_value=2021, max_value=2025),
)
def test_linear_path_stays_between_its_ends(start: Decimal, end: Decimal, year: int) -> None:
    """Inside the period, the straight path lies between its start and end values."""
    value = linear_path(start, end, 2020, 2025, year)
    assert min(start, end) <= value <= max(start, end)
