"""The evidence shipped with the library: the plan's full text and its catalog.

The plan's text (``data/plan/plan.zh.txt``) is packaged with a short header
naming the document and its issuer; :func:`plan_text` returns the text below
the header, byte for byte as published, so that anyone with the package can
check that every citation quote is verbatim. :func:`catalog` returns the
catalog of every rule and indicator the library encodes, by ID
(``data/plan/catalog.toml``), so that coverage is checkable from a clone.

>>> "以脱贫攻坚期国家扶贫标准的1.5倍为底线" in plan_text()
True
>>> len(catalog()), catalog()[0].id
(119, 'MON-01')
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from importlib import resources

import attrs

__all__ = ["PLAN_SHA256", "CatalogEntry", "catalog", "catalog_ids", "plan_text"]

#: The SHA-256 of the plan's text (UTF-8, below the header), as published.
PLAN_SHA256 = "94e8f27c9176528b25198855a16d19d46862dc2ead8cfa3c49d2b117841b7f40"

_HEADER_END = "# ---\n"


def _data(name: str) -> str:
    return resources.files("revitalize").joinpath("data", "plan", name).read_text("utf-8")


@functools.cache
def plan_text() -> str:
    """The plan's full text as published (the packaged file without its header)."""
    raw = _data("plan.zh.txt")
    head, sep, body = raw.partition(_HEADER_END)
    if not sep or not all(line.startswith("#") for line in head.splitlines()):
        raise ValueError("data/plan/plan.zh.txt: the header must end with a '# ---' line")
    return body


def plan_sha256() -> str:
    """The SHA-256 of :func:`plan_text` (equal to :data:`PLAN_SHA256` when unchanged)."""
    return hashlib.sha256(plan_text().encode("utf-8")).hexdigest()


@attrs.frozen
class CatalogEntry:
    """One entry of the plan catalog: a rule or an indicator, with where the plan says it.

    ``kind`` is ``"rule"`` or ``"indicator"``; ``quote`` (rules) joins verbatim
    fragments of the plan with ``" … "``; ``name`` (indicators) is the indicator or
    target as the plan words it.
    """

    id: str
    area: str
    kind: str
    cite: str
    quote: str = ""
    name: str = ""


@functools.cache
def catalog() -> tuple[CatalogEntry, ...]:
    """Every catalog entry, in catalog order."""
    data = tomllib.loads(_data("catalog.toml"))
    return tuple(CatalogEntry(**entry) for entry in data["entry"])


def catalog_ids() -> tuple[str, ...]:
    """Every catalog ID, in catalog order."""
    return tuple(e.id for e in catalog())
