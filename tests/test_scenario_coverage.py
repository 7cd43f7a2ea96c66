"""Every catalog ID is covered by at least one packaged scenario case."""

from __future__ import annotations

from revitalize.evidence import catalog_ids
from revitalize.scenarios import packaged_scenarios


def _covers(declared: str, catalog_id: str) -> bool:
    if declared == catalog_id:
        return True
    return declared.startswith(catalog_id) and not declared[len(catalog_id)].isdigit()


def test_every_catalog_id_has_a_packaged_case() -> None:
    """Each catalog ID (or a child such as KPI-T8a) is declared by a packaged case."""
    ids = catalog_ids()
    assert len(ids) == 119
    declared = {c for f in packaged_scenarios() for case in f.cases for c in case.covers}
    missing = [i for i in ids if not any(_covers(d, i) for d in declared)]
    assert not missing, f"catalog IDs without a packaged scenario: {missing}"
