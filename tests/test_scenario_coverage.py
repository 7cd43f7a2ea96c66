"""Every catalog ID is covered by at least one packaged scenario case."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from revitalize.scenarios import packaged_scenarios

ROW = re.compile(r"^\|\s*((?:MON|AST|GUA|EMP|IND|ASSET|PLACE|PLAN|GOV|TRN|BLD|KPI)-[A-Za-z0-9]+)"
                 r"\s*\|")
CATALOG = Path(os.environ.get("REVITALIZE_CATALOG",
                              Path(__file__).resolve().parents[2] / "shared/plan/catalog.md"))


def _covers(declared: str, catalog_id: str) -> bool:
    if declared == catalog_id:
        return True
    return declared.startswith(catalog_id) and not declared[len(catalog_id)].isdigit()


def test_every_catalog_id_has_a_packaged_case() -> None:
    """Each ID of catalog.md (or a child such as KPI-T8a) is declared by a packaged case."""
    if not CATALOG.is_file():
        pytest.skip(f"catalog not found at {CATALOG}; set REVITALIZE_CATALOG")
    ids = [m.group(1) for line in CATALOG.read_text(encoding="utf-8").splitlines()
           if (m := ROW.match(line))]
    assert ids
    declared = {c for f in packaged_scenarios() for case in f.cases for c in case.covers}
    missing = [i for i in ids if not any(_covers(d, i) for d in declared)]
    assert not missing, f"catalog IDs without a packaged scenario: {missing}"
