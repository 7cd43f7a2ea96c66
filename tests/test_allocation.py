"""Allocation by weights and shares: exact to the fen, never negative (ASSET-06, IND-01)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.money import FEN
from revitalize.policy.allocation import allocate, allocate_by_shares, fen_units
from revitalize.testing.strategies import allocation_weights, fen_amounts


@given(fen_amounts(), allocation_weights())
def test_parts_sum_exactly_and_are_never_negative(amount: Decimal,
                                                  weights: dict[str, Decimal]) -> None:
    """For any amount and positive weights the parts sum to the amount and none is negative."""
    parts = allocate(amount, weights)
    assert list(parts) == list(weights)
    assert sum(parts.values(), Decimal(0)) == amount
    assert all(p >= 0 for p in parts.values())
    assert all(p == p.quantize(FEN) for p in parts.values())


@given(fen_amounts(), allocation_weights())
def test_each_part_is_within_a_fen_of_its_exact_share(amount: Decimal,
                                                      weights: dict[str, Decimal]) -> None:
    """Largest remainder: no part is more than one fen from its exact proportional share."""
    from fractions import Fraction
    total = sum(Fraction(w) for w in weights.values())
    for key, part in allocate(amount, weights).items():
        exact = Fraction(amount) * Fraction(weights[key]) / total
        assert abs(Fraction(part) - exact) < Fraction(FEN)


def test_leftover_fen_go_to_the_smallest_id_on_a_tie() -> None:
    """Equal fractions break ties by beneficiary id, not by input order."""
    parts = allocate(Decimal("0.02"), {"c": Decimal(1), "b": Decimal(1), "a": Decimal(1)})
    assert parts == {"c": Decimal("0.00"), "b": Decimal("0.01"), "a": Decimal("0.01")}


def test_leftover_fen_go_to_the_largest_fraction_first() -> None:
    """The part with the largest dropped fraction gets the leftover fen, whatever its id."""
    parts = allocate(Decimal("1.00"), {"a": Decimal(1), "z": Decimal(2)})
    assert parts == {"a": Decimal("0.33"), "z": Decimal("0.67")}


def test_shares_must_sum_to_one() -> None:
    """Shares that do not sum to one are refused with the sum named."""
    with pytest.raises(InvalidInputError, match=r"sum to 1, got 0\.9"):
        allocate_by_shares(Decimal(10), {"a": Decimal("0.5"), "b": Decimal("0.4")})


@pytest.mark.parametrize(("amount", "weights", "message"), [
    (Decimal("1.005"), {"a": Decimal(1)}, "whole fen"),
    (Decimal("-1"), {"a": Decimal(1)}, "0 or more"),
    (Decimal(1), {}, "at least one beneficiary"),
    (Decimal(1), {"a": Decimal(0)}, "at least one positive weight"),
    (Decimal(1), {"a": Decimal(-1)}, "weight of 0 or more"),
    (Decimal(1), {"a": Decimal("NaN")}, "finite Decimal weight"),
])
def test_invalid_inputs_are_refused(amount: Decimal, weights: dict[str, Decimal],
                                    message: str) -> None:
    """Each invalid input raises InvalidInputError saying what was expected."""
    with pytest.raises(InvalidInputError, match=message):
        allocate(amount, weights)


@given(st.integers(0, 10**12))
def test_fen_units_round_trip(units: int) -> None:
    """A whole number of fen converts back to itself."""
    assert fen_units(Decimal(units) * FEN) == units
