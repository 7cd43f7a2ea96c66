"""Formulas that compute the plan's indicators from raw counts and values.

Every function is pure, takes and returns :class:`~decimal.Decimal` (never
``float``) and computes in :data:`revitalize.money.CONTEXT`, so a caller's
``decimal.getcontext()`` changes nothing. Results are exact where the
arithmetic is exact and carry the context's 28 significant digits otherwise;
round them only for display (:func:`revitalize.money.format_number`).

Which indicator uses which formula (the catalog's ``formula.name``):

- :func:`rate` — shares in percent with a named denominator: KPI-3, KPI-4a/b/c,
  KPI-5, KPI-6a/b, KPI-7a/b/c, KPI-8e, KPI-9, KPI-10, KPI-T1, KPI-T2a/b,
  KPI-T3, KPI-T7, KPI-T10, KPI-T13a/b.
- :func:`ratio` and :func:`parse_ratio` — ``a:b`` normalised to ``x:1``: KPI-8b, KPI-T6.
- :func:`growth` — year-over-year growth in percent: KPI-1, KPI-2, KPI-8c (and KPI-T12).
- :func:`compound_annual_growth` and :func:`compound_path` — KPI-8a's path
  (11.96 → 13.86 over 2020-2025, about 2.99% a year).
- :func:`linear_path` — the straight path of the other indicators with a path.
- :func:`percentage_points` — KPI-T5.
- :func:`per_capita` — per-capita values behind KPI-2, KPI-T6 and KPI-T7.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import InvalidInputError
from ..models._enums import LabelledEnum
from ..money import CONTEXT

__all__ = [
    "FormulaName",
    "compound_annual_growth",
    "compound_path",
    "growth",
    "linear_path",
    "parse_ratio",
    "per_capita",
    "percentage_points",
    "rate",
    "ratio",
]

_HUNDRED = Decimal(100)
_ONE = Decimal(1)


class FormulaName(LabelledEnum):
    """The formula family an indicator is computed with."""

    RATE = "rate", "比率（分子 ÷ 分母 × 100）"
    RATIO = "ratio", "比值（a:b 化为 x:1）"
    GROWTH = "growth", "增速（本年 ÷ 上年 − 1）× 100"
    POINT_CHANGE = "point_change", "百分点变化"
    LEVEL = "level", "绝对值"
    COUNT = "count", "数量"


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form (``88.600`` → ``88.6``)."""
    if value == value.to_integral_value(context=CONTEXT):
        return value.quantize(_ONE, context=CONTEXT)
    return value.normalize(CONTEXT)


def _positive(name: str, value: Decimal) -> None:
    if value <= 0:
        raise InvalidInputError.one(name, f"expected a positive number, got {value}")


def rate(numerator: Decimal, denominator: Decimal, *, denominator_name: str = "denominator"
         ) -> Decimal:
    """``numerator / denominator × 100``: a share in percent.

    ``denominator_name`` says what the denominator counts; it names the
    problem when the denominator is not positive.

    >>> rate(Decimal(886), Decimal(1000), denominator_name="rural population")
    Decimal('88.6')
    >>> rate(Decimal(1), Decimal(0), denominator_name="rural population")
    Traceback (most recent call last):
    ...
    revitalize.errors.InvalidInputError: 1 problem in the input:
      rural population: expected a positive number, got 0
    """
    _positive(denominator_name, denominator)
    if numerator < 0:
        raise InvalidInputError.one("numerator", f"expected a count of 0 or more, got {numerator}")
    return _tidy(CONTEXT.multiply(CONTEXT.divide(numerator, denominator), _HUNDRED))


def ratio(antecedent: Decimal, consequent: Decimal) -> Decimal:
    """The ratio ``antecedent : consequent`` normalised to ``x : 1`` (returns ``x``).

    >>> ratio(Decimal(28), Decimal(20))      # processing output 28, agricultural output 20
    Decimal('1.4')
    >>> ratio(Decimal("3.6"), Decimal(2))
    Decimal('1.8')
    """
    _positive("consequent", consequent)
    if antecedent < 0:
        raise InvalidInputError.one("antecedent", f"expected 0 or more, got {antecedent}")
    return _tidy(CONTEXT.divide(antecedent, consequent))


_RATIO = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*[:：︰]\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def parse_ratio(text: str) -> Decimal:
    """Read ``"a:b"`` (ASCII or full-width colon, as the plan writes it) as ``x`` of ``x:1``.

    >>> parse_ratio("1.4:1")
    Decimal('1.4')
    >>> parse_ratio("1.8：1")
    Decimal('1.8')
    >>> parse_ratio("4:2")
    Decimal('2')
    """
    m = _RATIO.match(text)
    if m is None:
        raise InvalidInputError.one("ratio", f"expected a ratio such as \"2:1\", got {text!r}")
    return ratio(Decimal(m[1]), Decimal(m[2]))


def growth(current: Decimal, previous: Decimal) -> Decimal:
    """Year-over-year growth in percent: ``(current / previous − 1) × 100``.

    >>> growth(Decimal("107.1"), Decimal(100))
    Decimal('7.1')
    >>> growth(Decimal(98), Decimal(100))
    Decimal('-2')
    """
    _positive("previous", previous)
    return _tidy(CONTEXT.multiply(CONTEXT.subtract(CONTEXT.divide(current, previous), _ONE),
                                 _HUNDRED))


def compound_annual_growth(start: Decimal, end: Decimal, years: int) -> Decimal:
    """The compound annual growth rate, in percent, that takes ``start`` to ``end``.

    KPI-8a: primary industry value added 11.96 (2020) → 13.86 (2025):

    >>> cagr = compound_annual_growth(Decimal("11.96"), Decimal("13.86"), 5)
    >>> round(cagr, 2)
    Decimal('2.99')
    """
    _positive("start", start)
    _positive("end", end)
    if years <= 0:
        raise InvalidInputError.one("years", f"expected a positive number of years, got {years}")
    factor = CONTEXT.power(CONTEXT.divide(end, start), CONTEXT.divide(_ONE, Decimal(years)))
    return CONTEXT.multiply(CONTEXT.subtract(factor, _ONE), _HUNDRED)


def compound_path(start: Decimal, end: Decimal, start_year: int, end_year: int, year: int
                  ) -> Decimal:
    """The value in ``year`` on the constant-growth path from ``start`` to ``end``.

    Years outside ``start_year..end_year`` extend the path at the same rate.

    >>> round(compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2023), 2)
    Decimal('13.07')
    >>> compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2025)
    Decimal('13.86')
    """
    _positive("start", start)
    _positive("end", end)
    if end_year <= start_year:
        raise InvalidInputError.one("end_year", f"expected a year after {start_year}, "
                                                f"got {end_year}")
    if year == end_year:
        return end
    share = CONTEXT.divide(Decimal(year - start_year), Decimal(end_year - start_year))
    return CONTEXT.multiply(start, CONTEXT.power(CONTEXT.divide(end, start), share))


def linear_path(start: Decimal, end: Decimal, start_year: int, end_year: int, year: int
                ) -> Decimal:
    """The value in ``year`` on the straight path from ``start`` to ``end``.

    >>> linear_path(Decimal("88.6"), Decimal("89"), 2020, 2025, 2023)
    Decimal('88.84')
    >>> linear_path(Decimal(0), Decimal(45), 2020, 2025, 2022)
    Decimal('18')
    """
    if end_year <= start_year:
        raise InvalidInputError.one("end_year", f"expected a year after {start_year}, "
                                                f"got {end_year}")
    step = CONTEXT.divide(CONTEXT.subtract(end, start), Decimal(end_year - start_year))
    return CONTEXT.add(start, CONTEXT.multiply(step, Decimal(year - start_year)))


def percentage_points(current: Decimal, base: Decimal) -> Decimal:
    """The change from ``base`` to ``current`` in percentage points (both in percent).

    KPI-T5: health literacy from 20.5% to 25.5% is a rise of 5 points.

    >>> percentage_points(Decimal("25.5"), Decimal("20.5"))
    Decimal('5.0')
    """
    return CONTEXT.subtract(current, base)


def per_capita(total: Decimal, people: Decimal) -> Decimal:
    """``total / people``: a per-capita value (income, spending ...).

    Ch1 §1's rural per-capita disposable income of 16,863 yuan:

    >>> per_capita(Decimal(168630000), Decimal(10000))
    Decimal('16863')
    """
    _positive("people", people)
    return CONTEXT.divide(total, people)
