"""The default rule registry, the decision tables and the citations of every area.

The registry is a value assembled from each area module's ``RULES`` tuple:
importing an area module registers nothing, and another district can build
its own registry from the same tuples. Every area module defines three
tuples:

- ``RULES``: its :class:`~revitalize.policy.engine.Rule` objects, in catalog order;
- ``TABLES``: its :class:`~revitalize.policy.tables.DecisionTable` objects;
- ``CITATIONS``: ``(id, Citation)`` pairs of the facts it encodes that are not
  rules (place lists, enums, checklists), so that every quote is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

from ..citations import Citation
from .engine import Rule, RuleRegistry
from .tables import DecisionTable

__all__ = ["all_citations", "all_tables", "area_modules", "default_registry"]


def area_modules() -> tuple[ModuleType, ...]:
    """The policy area modules, in catalog order."""
    from . import (
        assets,
        assistance,
        cases,
        construction,
        employment,
        governance,
        guarantees,
        income,
        industry,
        monitoring,
        notice,
        places,
        plan_check,
        platform,
        transition,
    )

    return (income, monitoring, cases, platform, notice, assistance, guarantees, employment,
            industry, assets, places, plan_check, governance, transition, construction)


def _rules(module: ModuleType) -> tuple[Rule[Any], ...]:
    rules: tuple[Rule[Any], ...] = module.RULES
    return rules


def default_registry() -> RuleRegistry:
    """Every rule of the plan the library encodes, in catalog order."""
    return RuleRegistry(tuple(rule for m in area_modules() for rule in _rules(m)))


def all_tables() -> tuple[DecisionTable[Any], ...]:
    """Every decision table the library has (each is checked for gaps and overlaps)."""
    return tuple(t for m in area_modules() for t in m.TABLES)


def all_citations() -> Iterator[tuple[str, Citation]]:
    """Every citation the library exposes, with the id of what carries it."""
    for rule in default_registry():
        for c in rule.spec.citations:
            yield rule.id, c
    for table in all_tables():
        for c in table.citations:
            yield table.id, c
    for m in area_modules():
        yield from m.CITATIONS
    from ..indicators import default_indicators

    for indicator in default_indicators():
        for c in indicator.citations:
            yield indicator.id, c
