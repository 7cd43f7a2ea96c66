"""Personal fields never appear in a message, whatever the input format.

For every personal field of every model (today the member's ID number, phone,
bank account and two health fields) and every input format — JSON (``loads``),
a JSON array (``assess FILE``), JSONL and flat CSV (the batch), a scenario file,
a workbook (``.xlsx``) — a bad value in the field (the wrong type, a text with a space, a list, a
long number) is reported by its path, and its text is nowhere in what the
reader gives back: messages, error records, rendered errors.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import pkgutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import revitalize.models
from revitalize import batch
from revitalize.batch import CSV_HOUSEHOLD_COLUMNS, CSV_MEMBER_COLUMNS, BatchTask
from revitalize.cli._assess import ErrorRecord, _households, read_households
from revitalize.errors import RevitalizeError
from revitalize.models import Household
from revitalize.models._fields import is_personal
from revitalize.policy.parameters import default_parameters
from revitalize.reading import DEFAULT_LIMITS
from revitalize.scenarios import ScenarioError, parse_scenario
from revitalize.serialization import loads
from revitalize.testing.population import SAMPLE_DATE

FORMATS = ("json", "json-array", "jsonl", "csv", "scenario", "xlsx")
MARK = "秘密"  # in every secret text: never in any output otherwise
TASK = BatchTask(default_parameters(), SAMPLE_DATE)


def _personal_fields() -> list[tuple[str, str]]:
    out = []
    for info in pkgutil.iter_modules(revitalize.models.__path__, "revitalize.models."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == module.__name__:
                out.extend((obj.__name__, a.name) for a in attrs.fields(obj) if is_personal(a))
    return sorted(out)


PERSONAL = _personal_fields()


def test_the_personal_fields_are_the_members() -> None:
    """Every personal field is a member's (the formats below reach them through a household);
    a new one elsewhere must be added to this test."""
    assert PERSONAL and all(cls == "Member" for cls, _ in PERSONAL), PERSONAL


def _secrets() -> st.SearchStrategy[tuple[Any, str]]:
    """A bad value for a personal field, and the text that must not appear."""
    tail = st.text("0123456789尿毒症透析abcXYZ", min_size=4, max_size=12)
    text = tail.map(lambda t: MARK + t)
    digits = st.integers(10**17, 10**19).map(lambda n: "98765" + str(n))
    return st.one_of(
        text.map(lambda s: (s, s)),  # wrong type for a health field; an id with no space
        text.map(lambda s: (s + " x", s)),  # not an identifier
        text.map(lambda s: ([s], s)),
        text.map(lambda s: ({"v": s}, s)),
        digits.map(lambda d: (int(d), d)),  # a number where a string or bool goes
        text.map(lambda s: (s * 10, s)),  # too long for an identifier
    )


def household(field: str, value: Any) -> dict[str, Any]:
    """A household whose first member's ``field`` is ``value`` (and a bad birth date, so
    there is always an error to report)."""
    return {"id": "H-1", "town": "丛林镇", "village": "海孔村",
            "poverty_status": "never_registered", "annual_net_income": "9000.00",
            "members": [{"id": "M1", "birth_date": "1980-02-30", field: value},
                        {"id": "M2", "birth_date": "1985-01-01"}]}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


def _csv(doc: dict[str, Any]) -> bytes:
    header = [*CSV_HOUSEHOLD_COLUMNS, *CSV_MEMBER_COLUMNS]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for row in batch.csv_rows(doc):
        w.writerow([row.get(c, "") for c in header])
    return out.getvalue().encode()


def _stream(data: bytes, fmt: str) -> str:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out.jsonl"
        batch.stream(io.BytesIO(data), out, TASK, fmt_in=fmt, fmt_out="jsonl",
                     source_name=f"in.{fmt}")
        return out.read_text(encoding="utf-8")


def _xlsx(doc: dict[str, Any]) -> str:
    """The error records of a workbook of ``doc`` (its first member's personal cell and birth
    date set as they are in ``doc``), read as ``assess FILE.xlsx`` reads it."""
    openpyxl = pytest.importorskip("openpyxl")
    from revitalize import excel

    first = doc["members"][0]
    plain = dict(doc, members=[{"id": "M1", "birth_date": "1980-01-31"}, *doc["members"][1:]])
    wb = openpyxl.load_workbook(io.BytesIO(excel.households_workbook([plain], lang="en",
                                                                     guide=False)))
    ws = wb["members"]
    headers = [c.value for c in ws[1]]
    for key, value in first.items():
        if key != "id":
            cell = value if isinstance(value, str | int) else json.dumps(value,
                                                                        ensure_ascii=False)
            ws.cell(row=2, column=headers.index(key) + 1, value=cell)
    out = io.BytesIO()
    wb.save(out)
    items = excel.read_households(io.BytesIO(out.getvalue()), "in.xlsx")
    records = list(_households(items, DEFAULT_LIMITS))
    assert any(isinstance(r, ErrorRecord) for r in records)
    return "\n".join(r.render("en") if isinstance(r, ErrorRecord) else repr(r) for r in records)


def outputs(fmt: str, doc: dict[str, Any]) -> str:
    """Everything the reader of ``fmt`` gives back for ``doc`` (it must hold an error)."""
    text = json.dumps(doc, ensure_ascii=False)
    if fmt == "json":
        with pytest.raises(RevitalizeError) as e:
            loads(text, Household, source="in.json")
        return str(e.value)
    if fmt == "json-array":
        records = list(read_households(f"[{text}, {text}]", "in.json", jsonl=False))
        errors = [r for r in records if isinstance(r, ErrorRecord)]
        assert len(errors) == 2
        return "\n".join(r.render(lang) + json.dumps(r.to_json(), ensure_ascii=False)
                         for r in errors for lang in ("zh", "en"))
    if fmt == "jsonl":
        out = _stream((text + "\n").encode(), "jsonl")
        assert '"error"' in out
        return out
    if fmt == "xlsx":
        return _xlsx(doc)
    if fmt == "csv":
        out = _stream(_csv(doc), "csv")
        assert '"error"' in out
        return out
    members = ", ".join(_toml(m) for m in doc["members"])
    scenario = (f'name = "s"\nkind = "household"\ndate = 2023-06-01\n\n[[case]]\nname = "c"\n'
                f'input = {{id = "H-1", town = "丛林镇", village = "海孔村", '
                f'poverty_status = "never_registered", annual_net_income = "9000.00", '
                f'members = [{members}]}}\n\n[case.expect]\nin_range = false\n')
    with pytest.raises(ScenarioError) as e:
        parse_scenario(scenario, "in.scenario.toml")
    return str(e.value)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("cls", "field"), PERSONAL)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bad=_secrets())
def test_personal_values_never_appear(fmt: str, cls: str, field: str,
                                      bad: tuple[Any, str]) -> None:
    """A bad value in a personal field, in any input format, is never in the output."""
    value, secret = bad
    out = outputs(fmt, household(field, value))
    assert secret not in out, (fmt, field, out[:500])
    assert MARK not in out and "98765" not in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_health_cell_is_reported_by_path(fmt: str) -> None:
    """The error still says where: the field's path or column, with no value."""
    out = outputs(fmt, household("serious_illness", MARK + "尿毒症透析"))
    where = "sheet members, row 2, column N" if fmt == "xlsx" else "serious_illness"
    assert where in out and "尿毒症" not in out
