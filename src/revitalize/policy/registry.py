"""The default rule registry, the decision tables and the citations of every area.

The registry is a value assembled from each area module's ``RULES`` tuple:
importing an area module registers nothing, and another district can build
its own registry from the same tuples. Every area module defines three
tuples:

- ``RULES``: its :class:`~revitalize.policy.engine.Rule` objects, in catalog order;
- ``TABLES``: its :class:`~revitalize.policy.tables.DecisionTable` objects;
- ``CITATIONS``: ``(id, Citation)`` pairs of the facts it encodes that are not
  rules (place lists, enums, checklists), so that every quote is checked.

:func:`coverage` says, for every ID of the plan's catalog
(:func:`revitalize.evidence.catalog`), how the library encodes it — its kind and
where it lives (module and object) — which ``revitalize rules`` prints. The kinds:

- ``rule``: a function returning findings (registered, or a check of a proposed
  action such as ``ASSET-05.pledge``);
- ``table``: a decision table;
- ``calculation``: a function that computes a value (GUA-08's payment split);
- ``procedure``: a sequence of steps encoded as data or a state machine;
- ``reference``: a list or definition the plan gives, encoded as data;
- ``indicator``: an indicator of the catalog (:mod:`revitalize.indicators`).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType, ModuleType
from typing import Any, Final

import attrs

from ..citations import Citation
from ..evidence import CatalogEntry, catalog
from .engine import Rule, RuleRegistry, RuleSpec
from .ids import catalog_id_of
from .tables import DecisionTable

__all__ = [
    "KINDS",
    "CatalogItem",
    "Encoding",
    "all_citations",
    "all_rule_specs",
    "all_tables",
    "area_modules",
    "coverage",
    "default_registry",
]

#: The kinds of encoding, in the order ``revitalize rules`` explains them.
KINDS: Final = ("rule", "table", "calculation", "procedure", "reference", "indicator")


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


def all_rule_specs() -> tuple[tuple[str, str, RuleSpec], ...]:
    """Every module-level :class:`RuleSpec` of the area modules, as ``(module, name, spec)``
    (the registered rules' specs and those of checks of proposed actions)."""
    out = []
    for m in area_modules():
        for name, value in vars(m).items():
            if isinstance(value, RuleSpec):
                out.append((m.__name__, name, value))
    return tuple(out)


@attrs.frozen
class Encoding:
    """One place a catalog ID is encoded: its kind, the module and the object's name."""

    kind: str
    module: str
    object: str

    def to_json(self) -> dict[str, str]:
        """As JSON."""
        return {"kind": self.kind, "module": self.module, "object": self.object}


@attrs.frozen
class CatalogItem:
    """A catalog entry and how the library encodes it.

    ``kind`` is the main kind (``rule`` when any registered rule encodes it, else the
    kind of its first encoding); ``rules`` are the registered rules of the ID and of its
    parts (``ID.part``); ``parts`` are the indicator IDs of an indicator entry.
    """

    entry: CatalogEntry
    kind: str
    where: tuple[Encoding, ...]
    rules: tuple[Rule[Any], ...] = ()
    parts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The catalog ID."""
        return self.entry.id

    def to_json(self) -> dict[str, Any]:
        """As JSON (what ``revitalize rules --json`` prints for the entry)."""
        e = self.entry
        out: dict[str, Any] = {"id": e.id, "kind": self.kind, "area": e.area, "cite": e.cite,
                               "quote": e.quote, "where": [w.to_json() for w in self.where],
                               "rules": [r.spec.to_json() for r in self.rules]}
        if e.name:
            out["name"] = e.name
        if self.parts:
            out["parts"] = list(self.parts)
        return out


_P, _A, _G = "revitalize.policy.platform", "revitalize.policy.assistance", \
    "revitalize.policy.guarantees"

#: How the catalog entries that are not (only) registered rules or tables are encoded.
_OTHER_ENCODINGS: Final[MappingProxyType[str, tuple[Encoding, ...]]] = MappingProxyType({
    "MON-06": (Encoding("reference", _P, "CHANNEL_LISTS"),
               Encoding("reference", "revitalize.models.monitoring", "EntryChannel")),
    "MON-07": (Encoding("procedure", "revitalize.policy.cases", "TRANSITIONS"),
               Encoding("procedure", "revitalize.policy.cases", "transition")),
    "MON-10": (Encoding("procedure", _P, "discover_clues"),),
    "MON-11": (Encoding("procedure", _P, "LEVEL_DUTIES"), Encoding("procedure", _P, "dispatch"),
               Encoding("procedure", "revitalize.policy.cases", "RESPONSIBLE_LEVEL")),
    "AST-02": (Encoding("calculation", _A, "plan_kind"),),
    "AST-03": (Encoding("table", _A, "MEASURE_TABLE"), Encoding("calculation", _A,
                                                                "plan_measures")),
    "AST-05": (Encoding("calculation", _A, "safety_net_choice"),),
    "AST-07": (Encoding("calculation", _A, "safety_net_choice"),),
    "AST-11": (Encoding("calculation", _A, "temporary_assistance_type"),),
    "AST-12": (Encoding("table", _A, "MEASURE_TABLE"),),
    "GUA-03": (Encoding("calculation", _G, "insurance_subsidy"),),
    "GUA-04": (Encoding("calculation", _G, "serious_illness_preference"),),
    "GUA-05": (Encoding("calculation", _G, "meets_renovation_criteria"),),
    "GUA-07": (Encoding("calculation", _G, "schooling_ledger"),),
    "GUA-08": (Encoding("calculation", _G, "three_layer_payment"),),
    "GUA-09": (Encoding("calculation", _G, "appraisal_coverage"),),
    "ASSET-05": (Encoding("rule", "revitalize.policy.assets", "check_pledge"),),
    "ASSET-09": (Encoding("rule", "revitalize.policy.assets", "check_disposal"),),
})


def _table_names() -> dict[int, tuple[str, str]]:
    """Each table's module and attribute name, by object identity."""
    out: dict[int, tuple[str, str]] = {}
    for m in area_modules():
        for name, value in vars(m).items():
            if isinstance(value, DecisionTable) and not name.startswith("_"):
                out.setdefault(id(value), (m.__name__, name))
    return out


def coverage(registry: RuleRegistry | None = None) -> tuple[CatalogItem, ...]:
    """Every catalog ID, in catalog order, with its kind and where it is encoded.

    ``registry`` defaults to :func:`default_registry` (another district's registry
    shows what it encodes of the same catalog).
    """
    from ..indicators import default_indicators

    reg = registry if registry is not None else default_registry()
    tables = _table_names()
    indicator_ids = default_indicators().ids
    out: list[CatalogItem] = []
    for e in catalog():
        if e.kind == "indicator":
            parts = tuple(i for i in indicator_ids if i == e.id or (
                i.startswith(e.id) and not i[len(e.id)].isdigit()))
            out.append(CatalogItem(e, "indicator", (Encoding(
                "indicator", "revitalize.indicators.catalog", "default_indicators"),), (),
                parts))
            continue
        rules = reg.parts(e.id)
        where = [Encoding("rule", r.function.__module__, r.function.__qualname__)
                 for r in rules]
        where += [Encoding("table", *tables[id(t)]) for t in all_tables()
                  if catalog_id_of(t.id) == e.id]
        where += _OTHER_ENCODINGS.get(e.id, ())
        kind = "rule" if rules else where[0].kind if where else "reference"
        out.append(CatalogItem(e, kind, tuple(dict.fromkeys(where)), rules))
    return tuple(out)
