"""Rule IDs: one ID per rule, ``ID.part`` for the parts of a catalog entry, and the one
table of renamed IDs.

Every rule has one ID. A catalog entry that several rules encode gives each part
the ID ``<catalog ID>.<part>`` (``GUA-06.access``, ``MON-07.exit``); the catalog
ID alone names the entry's main rule where it has one (``MON-03`` beside
``MON-03.income_fall``). :data:`RENAMED` maps each retired ID to its new name;
:func:`resolve` accepts a retired ID where a user types one (the command line,
scenario files) and warns with :class:`DeprecatedIdWarning`, naming the new one.

>>> catalog_id_of("GUA-06.access"), catalog_id_of("MON-02")
('GUA-06', 'MON-02')
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     resolve("EMP-02b")
'EMP-02.subsidy'
>>> str(caught[0].message)
"rule ID 'EMP-02b' is renamed 'EMP-02.subsidy'; use the new ID (the old one will be removed)"
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["RENAMED", "DeprecatedIdWarning", "catalog_id_of", "deprecation_message", "resolve"]

#: Every retired rule ID and its new name (``ID.part``), the one alias table.
RENAMED: Final[Mapping[str, str]] = MappingProxyType({
    "EMP-02b": "EMP-02.subsidy",
    "EMP-03b": "EMP-03.hiring",
    "EMP-03c": "EMP-03.remuneration",
    "EMP-06b": "EMP-06.hiring",
    "BLD-02b": "BLD-02.share",
    "BLD-03b": "BLD-03.clinic",
    "BLD-04b": "BLD-04.serious_illness",
    "BLD-05b": "BLD-05.tcm_hall",
})


class DeprecatedIdWarning(DeprecationWarning):
    """A retired rule ID was used; the message names the new one."""


def catalog_id_of(rule_id: str) -> str:
    """The catalog ID a rule ID encodes: the part before the first ``.``."""
    return rule_id.partition(".")[0]


def deprecation_message(old: str, lang: str = "en") -> str:
    """The notice for the retired ID ``old``, in ``lang``."""
    new = RENAMED[old]
    if lang == "zh":
        return f"规则编号 {old!r} 已更名为 {new!r}；请使用新编号（旧编号将被删除）"
    return f"rule ID {old!r} is renamed {new!r}; use the new ID (the old one will be removed)"


def resolve(rule_id: str, *, where: str = "", stacklevel: int = 2) -> str:
    """The current ID of ``rule_id``: itself, or the new name of a retired ID (with a
    :class:`DeprecatedIdWarning` naming it, prefixed by ``where`` when given)."""
    new = RENAMED.get(rule_id)
    if new is None:
        return rule_id
    message = deprecation_message(rule_id)
    warnings.warn(f"{where}: {message}" if where else message, DeprecatedIdWarning,
                  stacklevel=stacklevel + 1)
    return new
