"""Exact decimal arithmetic for money and rates.

Money is :class:`decimal.Decimal` in yuan. Every computation in the library
runs inside :func:`decimal_context` (a local context: the thread's global
context is never read or changed), so results do not depend on what a
caller did to ``decimal.getcontext()``.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Final

__all__ = [
    "CONTEXT",
    "FEN",
    "ZERO",
    "decimal_context",
    "format_number",
    "format_yuan",
    "percent_of",
    "to_fen",
]

#: The context every library computation uses: 28 significant digits,
#: banker's rounding never used implicitly, traps on invalid operations.
CONTEXT: Final = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
ZERO: Final = Decimal(0)
FEN: Final = Decimal("0.01")


def decimal_context() -> decimal.Context:
    """A fresh copy of :data:`CONTEXT`, for ``with decimal.localcontext(...)``."""
    return CONTEXT.copy()


def to_fen(amount: Decimal) -> Decimal:
    """Round ``amount`` to the fen (0.01 yuan), half up as in Chinese accounting.

    >>> to_fen(Decimal("1.005"))
    Decimal('1.01')
    >>> to_fen(Decimal("6000"))
    Decimal('6000.00')
    """
    return amount.quantize(FEN, rounding=decimal.ROUND_HALF_UP, context=CONTEXT)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole × 100`` in :data:`CONTEXT` (exact to 28 digits).

    >>> percent_of(Decimal(9), Decimal(10))
    Decimal('90')
    """
    return CONTEXT.divide(CONTEXT.multiply(part, Decimal(100)), whole)


def format_number(value: Decimal, places: int | None = None) -> str:
    """Format a decimal with thousands separators, keeping its own exponent.

    >>> format_number(Decimal("5999"))
    '5,999'
    >>> format_number(Decimal("1.50"))
    '1.50'
    >>> format_number(Decimal("2.9912"), 2)
    '2.99'
    """
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    return f"{value:,}"


def format_yuan(amount: Decimal) -> str:
    """Format a money amount to the fen with thousands separators.

    >>> format_yuan(Decimal("5999"))
    '5,999.00'
    """
    return f"{to_fen(amount):,}"
