"""Every field of every input has a Chinese and an English label, from one table."""

from __future__ import annotations

import attrs

from revitalize import excel
from revitalize.labels import field_labels, labelled_classes
from revitalize.models.assets import AssetRegister
from revitalize.models.governance import GovernanceRecords
from revitalize.models.household import Household
from revitalize.policy.cases import CaseRegister
from revitalize.schema import json_schema, schema_for

ROOTS = (Household, CaseRegister, GovernanceRecords, AssetRegister)


def _classes() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for root in ROOTS:
        s = json_schema(root)
        for name, d in [(root.__name__, s), *s.get("$defs", {}).items()]:
            if "properties" in d:
                out[name] = d["properties"]
    out["ObservationSet"] = schema_for("ObservationSet")["properties"]
    out["Observation"] = schema_for("ObservationSet")["$defs"]["Observation"]["properties"]
    return out


def test_every_input_field_has_both_labels() -> None:
    """Each property of each file input's schema carries x-label-zh and x-label-en."""
    missing = [f"{cls}.{name}" for cls, props in _classes().items()
               for name, prop in props.items()
               if not (isinstance(prop, dict) and prop.get("x-label-zh")
                       and prop.get("x-label-en"))]
    assert missing == []


def test_no_label_names_a_field_that_does_not_exist() -> None:
    """The table labels only fields that exist (a renamed field cannot keep a stale label)."""
    classes = _classes()
    stale = [f"{cls}.{name}" for cls in labelled_classes() for name in field_labels(cls)
             if name not in classes.get(cls, {})]
    assert stale == []


def test_workbook_headers_are_unique_per_sheet() -> None:
    """Within a sheet no two columns share a Chinese header or a field name, so a header
    names one field; sheet names are unique too."""
    for kind in excel.XLSX_KINDS:
        sheets = excel.layout(kind).sheets
        assert len({s.name for s in sheets}) == len(sheets)
        assert len({s.label_zh for s in sheets}) == len(sheets)
        for s in sheets:
            zh = [c.label_zh for c in s.columns]
            names = [c.name for c in s.columns]
            assert len(set(zh)) == len(zh), (kind, s.name)
            assert len(set(names)) == len(names), (kind, s.name)


def test_headers_come_from_the_label_table() -> None:
    """The spreadsheet header of a field is its label in the table (one source)."""
    members = excel.layout("households").sheets[1]
    by_name = {c.name: c.label_zh for c in members.columns}
    assert by_name["birth_date"] == field_labels("Member")["birth_date"][0]
    assert attrs.fields_dict(Household)["members"]
