"""The default rule registry and the catalog of decision tables.

The registry is a value assembled from each area module's ``RULES`` tuple:
importing an area module registers nothing, and another district can build
its own registry from the same tuples.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..citations import Citation
from .engine import RuleRegistry
from .tables import DecisionTable

__all__ = ["all_citations", "all_tables", "default_registry"]


def default_registry() -> RuleRegistry:
    """Every rule of the plan the library encodes, in catalog order."""
    from . import income

    return RuleRegistry((*income.RULES,))


def all_tables() -> tuple[DecisionTable[Any], ...]:
    """Every decision table the library has (each is checked for gaps and overlaps)."""
    return ()


def all_citations() -> Iterator[tuple[str, Citation]]:
    """Every citation the library exposes, with the id of what carries it."""
    for rule in default_registry():
        for c in rule.spec.citations:
            yield rule.id, c
    for table in all_tables():
        for c in table.citations:
            yield table.id, c
