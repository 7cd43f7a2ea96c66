"""The shipped evidence: the plan's text as published and the catalog of IDs."""

from __future__ import annotations

import re

from revitalize import evidence


def test_the_shipped_plan_text_is_the_published_text() -> None:
    """The packaged text below its header hashes to the published text's SHA-256."""
    assert evidence.plan_sha256() == evidence.PLAN_SHA256
    assert evidence.plan_text().startswith("重庆市万盛经开区巩固拓展脱贫攻坚成果\n")


def test_every_catalog_quote_is_verbatim_in_the_shipped_plan() -> None:
    """Each fragment of each catalog rule's quote is a substring of the plan's text."""
    text = evidence.plan_text()
    rules = [e for e in evidence.catalog() if e.kind == "rule"]
    assert len(rules) == 87
    for entry in rules:
        for fragment in re.split(r"\s*…\s*|\s*\(intro\);\s*|\s*\(§3\)\s*", entry.quote):
            if fragment:
                assert fragment in text, (entry.id, fragment)


def test_catalog_ids_are_unique_and_well_formed() -> None:
    """The 119 IDs are distinct and each names its area."""
    ids = evidence.catalog_ids()
    assert len(ids) == len(set(ids)) == 119
    assert all(re.fullmatch(r"(MON|AST|GUA|EMP|IND|ASSET|PLACE|PLAN|GOV|TRN|BLD|KPI)-[A-Z0-9a-z]+",
                            i) for i in ids)
