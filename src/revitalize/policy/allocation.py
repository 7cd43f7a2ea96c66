"""Exact allocation of money by weights or shares, to the fen (ASSET-06, IND-01).

An amount is split among beneficiaries in proportion to their weights; every
part is rounded *down* to the fen and the fen left over go, one each, to the
parts with the largest dropped fraction (the largest-remainder method), ties
broken by beneficiary id. So the parts always sum exactly to the amount and
none is negative.

The arithmetic is exact: weights are converted to :class:`fractions.Fraction`
(a ``Decimal`` converts without loss), so no precision limit of a decimal
context can make the parts drift from the whole.

>>> from decimal import Decimal
>>> allocate(Decimal("100"), {"H-2": Decimal(1), "H-1": Decimal(1), "H-3": Decimal(1)})
{'H-2': Decimal('33.33'), 'H-1': Decimal('33.34'), 'H-3': Decimal('33.33')}
>>> sum(allocate(Decimal("0.05"), {"a": Decimal(3), "b": Decimal(7)}).values())
Decimal('0.05')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..errors import InvalidInputError, Problem
from ..models._fields import MONEY_MAX_INTEGER_DIGITS
from ..money import CONTEXT, FEN

__all__ = ["SHARE_TOLERANCE", "allocate", "allocate_by_shares", "fen_units"]

#: Shares given to :func:`allocate_by_shares` must sum to one exactly (no tolerance).
SHARE_TOLERANCE: Final = Decimal(0)


def fen_units(amount: Decimal, path: str = "$.amount") -> int:
    """The amount as a whole number of fen; an error if it is negative, finer than the fen
    or beyond a Money amount (15 digits before the point: the parts are exact under
    :data:`~revitalize.money.CONTEXT`, never rounded).

    >>> fen_units(Decimal("12.30"))
    1230
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InvalidInputError.one(path, f"expected a finite Decimal amount, got {amount!r}")
    if amount.is_signed() and amount != 0:
        raise InvalidInputError.one(path, f"expected an amount of 0 or more, got {amount}")
    if amount != 0 and amount.adjusted() >= MONEY_MAX_INTEGER_DIGITS:
        raise InvalidInputError.one(
            path, f"expected an amount of at most {MONEY_MAX_INTEGER_DIGITS} digits before the "
                  f"point (a Money amount), got {amount:E}")
    units = Fraction(amount) / Fraction(FEN)
    if units.denominator != 1:
        raise InvalidInputError.one(
            path, f"expected an amount in whole fen (at most 2 decimal places), got {amount}")
    return int(units)


def _check_weights(weights: Mapping[str, Decimal], path: str) -> dict[str, Fraction]:
    problems: list[Problem] = []
    exact: dict[str, Fraction] = {}
    for key, w in weights.items():
        where = f"{path}[{key!r}]"
        if isinstance(w, bool) or not isinstance(w, Decimal | int) or (
                isinstance(w, Decimal) and not w.is_finite()):
            problems.append(Problem(where, f"expected a finite Decimal weight, got {w!r}"))
        elif w < 0:
            problems.append(Problem(where, f"expected a weight of 0 or more, got {w}"))
        else:
            exact[key] = Fraction(w)
    if not weights:
        problems.append(Problem(path, "expected at least one beneficiary, got none"))
    elif not problems and sum(exact.values()) == 0:
        problems.append(Problem(path, "expected at least one positive weight, got all zero"))
    if problems:
        raise InvalidInputError(problems)
    return exact


def allocate(amount: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Split ``amount`` (whole fen, ≥ 0) in proportion to ``weights`` (≥ 0, not all zero).

    Returns the parts in the order of ``weights``, each a ``Decimal`` with two
    places. The parts sum exactly to ``amount``; none is negative; a zero
    weight gets zero. The leftover fen go to the largest dropped fractions,
    ties to the smaller beneficiary id (ASSET-06, IND-01).

    >>> allocate(Decimal("10"), {"b": Decimal(1), "a": Decimal(1), "c": Decimal(1)})
    {'b': Decimal('3.33'), 'a': Decimal('3.34'), 'c': Decimal('3.33')}
    >>> allocate(Decimal("1.00"), {"x": Decimal("0.2"), "y": Decimal(0)})
    {'x': Decimal('1.00'), 'y': Decimal('0.00')}
    """
    units = fen_units(amount)
    exact = _check_weights(weights, "$.weights")
    total = sum(exact.values(), Fraction(0))
    floors: dict[str, int] = {}
    fractions: dict[str, Fraction] = {}
    for key, w in exact.items():
        share = units * w / total
        floors[key] = share.numerator // share.denominator
        fractions[key] = share - floors[key]
    left = units - sum(floors.values())
    order = sorted(exact, key=lambda k: (-fractions[k], k))
    for key in order[:left]:
        floors[key] += 1
    return {key: CONTEXT.multiply(Decimal(floors[key]), FEN) for key in weights}


def allocate_by_shares(amount: Decimal, shares: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Split ``amount`` by ``shares``, fractions that must sum to exactly one.

    >>> allocate_by_shares(Decimal("99.99"), {"village": Decimal("0.6"), "fund": Decimal("0.4")})
    {'village': Decimal('59.99'), 'fund': Decimal('40.00')}
    """
    exact = _check_weights(shares, "$.shares")
    total = sum(exact.values(), Fraction(0))
    if abs(total - 1) > Fraction(SHARE_TOLERANCE):
        got = CONTEXT.divide(Decimal(total.numerator), Decimal(total.denominator))
        raise InvalidInputError.one("$.shares", f"expected shares that sum to 1, got {got}")
    return allocate(amount, shares)
