"""The newcomer's path: schemas, samples, ``validate`` and spreadsheets, run as a user would.

Every command runs in a subprocess on real files; each test asserts the exit
code and which stream the output went to.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize import excel
from revitalize.inputs import KINDS
from revitalize.models.assets import AssetRegister
from revitalize.models.governance import records_from_json
from revitalize.models.household import Household
from revitalize.policy.cases import CaseRegister
from revitalize.schema import input_names, schema_for
from revitalize.serialization import from_json_value, loads, to_json_value
from revitalize.testing.strategies import households


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    """``revitalize ARGS`` in a subprocess (bytes in and out)."""
    return subprocess.run([sys.executable, "-m", "revitalize", *args], input=stdin,
                          capture_output=True, check=False, cwd=cwd, timeout=300)


def text(b: bytes) -> str:
    return b.decode("utf-8")


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("model", ["CaseRegister", "GovernanceRecords", "ObservationSet"])
def test_every_file_input_has_a_schema(model: str) -> None:
    """``schema`` prints the case register's, governance records' and observations' schema."""
    p = run("schema", model)
    assert p.returncode == 0, p.stderr
    assert p.stderr == b""
    doc = json.loads(p.stdout)
    assert doc["title"] == model
    assert doc["additionalProperties"] is False
    first = next(iter(doc["properties"].values()))
    assert first["x-label-zh"] and first["x-label-en"]


def test_every_kind_names_a_model_with_a_schema() -> None:
    """Each kind of input file names a model that ``schema`` knows."""
    assert {k.model for k in KINDS.values()} <= set(input_names())


def test_the_observation_schema_follows_the_reader() -> None:
    """A computed indicator is not an observation ID; only "above the reference"
    indicators take a reference, as the reader says."""
    s = schema_for("ObservationSet")["$defs"]
    observed = s["Observation"]["properties"]["indicator"]["enum"]
    referenced = s["Reference"]["properties"]["indicator"]["enum"]
    assert "KPI-5" in observed and "KPI-5" not in referenced
    assert set(referenced) <= set(observed)


# --------------------------------------------------------------------------- sample


def _readers() -> dict[str, Any]:
    return {
        "households": lambda b: [loads(line, Household) for line in text(b).splitlines()],
        "cases": lambda b: loads(b, CaseRegister),
        "assets": lambda b: loads(b, AssetRegister),
        "governance": lambda b: records_from_json(text(b)),
        "observations": lambda b: json.loads(b),
    }


@pytest.mark.parametrize(("kind", "fmt"), [(k.name, f) for k in KINDS.values()
                                           for f in k.formats])
def test_sample_writes_a_file_that_validates(tmp_path: Path, kind: str, fmt: str) -> None:
    """``sample KIND -o FILE`` writes a file (umask mode) that ``validate`` passes (exit 0)."""
    out = tmp_path / f"{kind}.{fmt}"
    old = os.umask(0o022)
    try:
        p = run("sample", kind, "-o", str(out))
    finally:
        os.umask(old)
    assert p.returncode == 0, p.stderr
    assert p.stdout == b"" and out.name in text(p.stderr)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    v = run("validate", str(out), "--model", kind, "--on", "2023-06-01")
    assert v.returncode == 0, v.stderr
    assert v.stderr == b""
    assert "无问题" in text(v.stdout)


@pytest.mark.parametrize("kind", list(KINDS))
def test_sample_json_loads_with_the_commands_reader(kind: str) -> None:
    """The JSON sample on stdout loads with the reader of the command that takes it."""
    fmt = "jsonl" if kind == "households" else "json"
    p = run("sample", kind, "--format", fmt)
    assert p.returncode == 0 and p.stderr == b""
    assert _readers()[kind](p.stdout)


@pytest.mark.parametrize(("kind", "command"), [
    ("cases", ["cases"]), ("assets", ["assets"]), ("governance", ["governance"]),
    ("observations", ["indicators", "report"])])
def test_sample_runs_in_its_command(tmp_path: Path, kind: str, command: list[str]) -> None:
    """The command that reads the kind accepts its sample (no input error on stderr)."""
    out = tmp_path / f"{kind}.json"
    assert run("sample", kind, "-o", str(out)).returncode == 0
    p = run(*command, str(out))
    assert p.returncode in (0, 1)
    assert b"error" not in p.stderr
    assert p.stdout


def test_sample_usage_errors_exit_2() -> None:
    """An unknown kind or a format the kind lacks is a usage error on stderr (exit 2)."""
    for args in (["sample", "householdz"], ["sample", "governance", "--format", "csv"],
                 ["sample", "cases", "--format", "jsonl"]):
        p = run(*args)
        assert p.returncode == 2, args
        assert p.stdout == b"" and "revitalize sample：错误：" in p.stderr.decode()


# --------------------------------------------------------------------------- validate


def _household(hid: str, **changes: Any) -> dict[str, Any]:
    h: dict[str, Any] = {"id": hid, "town": "丛林镇", "village": "海孔村",
                         "poverty_status": "never_registered",
                         "members": [{"id": "M1", "birth_date": "1970-05-01"}]}
    h.update(changes)
    return h


def test_validate_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    """JSONL: every bad line is reported with its line number on stderr; exit 1."""
    f = tmp_path / "h.jsonl"
    f.write_text("\n".join(json.dumps(h) for h in (
        _household("H-1"), _household("H-2", town=""),
        _household("H-3", annual_net_income=1.5))) + "\n", encoding="utf-8")
    p = run("validate", str(f), "--model", "Household", "--lang", "en")
    assert p.returncode == 1
    err = text(p.stderr).splitlines()
    assert any(line.startswith(f"{f}:2: $.town") for line in err), err
    assert any(line.startswith(f"{f}:3: $.annual_net_income") for line in err), err
    assert "3 records, 2 problems" in text(p.stdout)


def test_validate_json_array_and_stdin() -> None:
    """A JSON array on stdin: each element by its index; --json puts the result on stdout."""
    data = json.dumps([_household("H-1"), _household("H-2", poverty_status="poor")]).encode()
    p = run("validate", "-", "--model", "households", "--json", stdin=data)
    assert p.returncode == 1 and p.stderr == b""
    doc = json.loads(p.stdout)
    assert doc["records"] == 2 and not doc["ok"]
    assert [x["path"] for x in doc["problems"]] == ["<stdin>[1]: $.poverty_status"]


def test_validate_on_checks_dates_and_places(tmp_path: Path) -> None:
    """--on adds the checks that need a date and the registry (an unknown town)."""
    f = tmp_path / "h.json"
    f.write_text(json.dumps(_household("H-1", town="无此镇")), encoding="utf-8")
    assert run("validate", str(f), "--model", "Household").returncode == 0
    p = run("validate", str(f), "--model", "Household", "--on", "2023-06-01")
    assert p.returncode == 1
    assert "$.town" in text(p.stderr)


def test_validate_observations_and_governance(tmp_path: Path) -> None:
    """Observation and governance files are checked by their own readers, with paths."""
    o = tmp_path / "o.json"
    o.write_text(json.dumps({"observations": [
        {"indicator": "KPI-5", "year": 2023, "value": "high"}]}), encoding="utf-8")
    p = run("validate", str(o), "--model", "ObservationSet")
    assert p.returncode == 1
    assert "$.observations[0].value" in text(p.stderr)
    g = tmp_path / "g.json"
    g.write_text(json.dumps({"year": 2023, "villages": [{"town": "无此镇",
                                                         "village": "海孔村"}]}),
                 encoding="utf-8")
    p = run("validate", str(g), "--model", "governance")
    assert p.returncode == 1
    assert "$.villages[0].town" in text(p.stderr)


def test_validate_usage_errors_exit_2(tmp_path: Path) -> None:
    """An unknown model, a missing file, an unknown extension or a format the model has
    not: exit 2 with the message on stderr and nothing on stdout."""
    f = tmp_path / "h.json"
    f.write_text("{}", encoding="utf-8")
    odd = tmp_path / "h.dat"
    odd.write_text("{}", encoding="utf-8")
    for args in (["validate", str(f), "--model", "Houshold"],
                 ["validate", str(tmp_path / "missing.json"), "--model", "Household"],
                 ["validate", str(odd), "--model", "Household"],
                 ["validate", str(f), "--model", "governance", "--format", "csv"]):
        p = run(*args)
        assert p.returncode == 2, args
        assert p.stdout == b"" and "revitalize validate：错误：" in p.stderr.decode()
    assert b"did you mean 'Household'" in run(
        "validate", str(f), "--model", "Houshold", "--lang", "en").stderr
    assert "是否指 'Household'" in run("validate", str(f), "--model", "Houshold").stderr.decode()


# --------------------------------------------------------------------------- Excel


def _sample_households() -> list[dict[str, Any]]:
    return [json.loads(line) for line in text(run("sample", "households", "--format",
                                                  "jsonl").stdout).splitlines()]


def _workbook_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


def test_template_has_chinese_headers_and_reads_back(tmp_path: Path) -> None:
    """The households template: 农户 and 家庭成员 sheets, Chinese headers, a column guide;
    read back it gives the sample's households exactly."""
    out = tmp_path / "template.xlsx"
    assert run("sample", "households", "--format", "xlsx", "-o", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["农户", "家庭成员", "字段说明"]
    header = _workbook_rows(out, "家庭成员")[0]
    assert header[:3] == ("户编号", "成员编号", "出生日期")
    items = list(excel.read_households(out))
    assert all(not i.error for i in items)
    read = [from_json_value(i.household, Household) for i in items]
    assert read == [from_json_value(h, Household) for h in _sample_households()]


def test_assess_a_workbook_writes_decisions_and_problems(tmp_path: Path) -> None:
    """``assess FILE.xlsx -o OUT.xlsx``: the summary on stdout, a workbook with a decisions
    sheet (one row per household, the same decisions as the JSON input) and a problems
    sheet with reasons and citations."""
    src = tmp_path / "h.xlsx"
    assert run("sample", "households", "-o", str(src)).returncode == 0
    out = tmp_path / "out.xlsx"
    p = run("assess", str(src), "--on", "2023-06-01", "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert "汇总" in text(p.stdout)
    # no record failed: stderr holds only the run's warning (a stale line), once
    (warning,) = text(p.stderr).splitlines()
    assert warning.startswith("revitalize assess：警告：") and "监测线" in warning
    decisions = _workbook_rows(out, "决定")
    assert decisions[0][:5] == ("位置", "户编号", "镇", "村", "纳入监测")
    assert len(decisions) == 1 + 300
    j = run("assess", "--sample", "--json", "--detail", "summary")
    expected = {h["subject"]: h["decision"]["in_range"]
                for h in json.loads(j.stdout)["households"]}
    flag = {"是": True, "否": False, None: None}
    assert {r[1]: flag[r[4]] for r in decisions[1:]} == expected
    problems = _workbook_rows(out, "问题")
    assert problems[0] == ("位置", "户编号", "类别", "规则", "规则名称", "理由", "依据")
    income = [r for r in problems[1:] if r[3] == "MON-02"]
    assert income and all("「" in r[6] and r[5] for r in income)


def test_a_bad_cell_names_sheet_row_and_column_but_not_a_personal_value(
        tmp_path: Path) -> None:
    """A bad birth date and a bad phone number: each error names the sheet, the row and
    the column; the phone's value is not shown; the good household is still assessed."""
    src = tmp_path / "h.xlsx"
    hs = [_household("H-1"), _household("H-2")]
    src.write_bytes(excel.households_workbook(hs))
    wb = openpyxl.load_workbook(src)
    members = wb["家庭成员"]
    header = [c.value for c in members[1]]
    members.cell(3, header.index("出生日期") + 1, "1970-13-01")
    members.cell(3, header.index("联系电话（个人信息）") + 1, "139 1234 5678")
    wb.save(src)
    p = run("assess", str(src), "--on", "2023-06-01")
    assert p.returncode == 1
    out, err = text(p.stdout), text(p.stderr)
    assert "sheet 家庭成员, row 3, column C (出生日期)" in err
    assert "联系电话" in err and "139 1234 5678" not in out + err
    assert "户 H-1" in out


def test_the_flat_layout_with_chinese_headers_reads_the_same(tmp_path: Path) -> None:
    """One sheet, one row per member (the CSV layout), headers as Chinese labels or field
    names, enums by Chinese label: the same households as JSON."""
    hs = [_household("H-1", members=[{"id": "M1", "birth_date": "1970-05-01"},
                                     {"id": "M2", "birth_date": "2010-09-01",
                                      "labor_capacity": "none",
                                      "no_capacity_reason": "minor"}]),
          _household("H-2", poverty_status="registered_lifted", lifted_year=2019)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["户编号", "household.town", "村", "脱贫状态", "脱贫年度", "成员编号",
               "出生日期", "member.labor_capacity", "无劳动能力原因"])
    ws.append(["H-1", "丛林镇", "海孔村", "非建档立卡户", None, "M1", "1970-05-01", None, None])
    ws.append(["H-1", "丛林镇", "海孔村", "非建档立卡户", None, "M2", "2010-09-01",
               "无劳动能力", "未成年"])
    ws.append(["H-2", "丛林镇", "海孔村", "registered_lifted", 2019, "M1", "1970-05-01",
               None, None])
    buf = io.BytesIO()
    wb.save(buf)
    f = tmp_path / "flat.xlsx"
    f.write_bytes(buf.getvalue())
    items = list(excel.read_households(f))
    assert [i.error for i in items] == [(), ()]
    assert [from_json_value(i.household, Household) for i in items] == [
        from_json_value(h, Household) for h in hs]
    assert run("validate", str(f), "--model", "households").returncode == 0


@pytest.mark.parametrize(("kind", "command"), [("cases", "cases"), ("assets", "assets")])
def test_registers_read_from_workbooks_as_from_json(tmp_path: Path, kind: str,
                                                    command: str) -> None:
    """``cases`` and ``assets`` give the same output and exit code for the workbook form
    of the sample as for its JSON form."""
    j, x = tmp_path / f"{kind}.json", tmp_path / f"{kind}.xlsx"
    assert run("sample", kind, "-o", str(j)).returncode == 0
    assert run("sample", kind, "-o", str(x)).returncode == 0
    a, b = run(command, str(j), "--json"), run(command, str(x), "--json")
    assert a.returncode == b.returncode
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_english_headers_read_back(tmp_path: Path) -> None:
    """``--lang en`` writes field names as headers; they read back the same."""
    out = tmp_path / "cases.xlsx"
    assert run("sample", "cases", "-o", str(out), "--lang", "en").returncode == 0
    assert "measures" in openpyxl.load_workbook(out, read_only=True).sheetnames
    value = excel.read_register(out, "cases")
    sample = json.loads(run("sample", "cases").stdout)
    assert from_json_value(value, CaseRegister) == from_json_value(sample, CaseRegister)


def test_an_orphan_child_row_is_an_error(tmp_path: Path) -> None:
    """A measure whose 案件编号 names no case is reported with its sheet and row."""
    out = tmp_path / "cases.xlsx"
    assert run("sample", "cases", "-o", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out)
    wb["帮扶措施"].cell(2, 1, "C-NONE")
    wb.save(out)
    p = run("validate", str(out), "--model", "cases")
    assert p.returncode == 1
    assert "sheet 帮扶措施, row 2" in text(p.stderr) and "C-NONE" in text(p.stderr)


@settings(max_examples=15)
@given(hs=st.lists(households(max_members=3), max_size=3,
                   unique_by=lambda h: h.id))
def test_households_round_trip_through_a_workbook(hs: list[Household]) -> None:
    """Property: households written to a workbook read back equal (both header languages)."""
    for lang in ("zh", "en"):
        data = excel.households_workbook(hs, lang)
        items = list(excel.read_households(io.BytesIO(data)))
        assert [i.error for i in items] == [()] * len(hs)
        assert [from_json_value(i.household, Household) for i in items] == hs
        assert [to_json_value(h) for h in hs] == [
            to_json_value(from_json_value(i.household, Household)) for i in items]


@pytest.mark.parametrize("kind", list(KINDS))
def test_packaged_samples_validate_against_their_schemas(kind: str) -> None:
    """Each packaged sample is valid under its model's JSON Schema (with format checks),
    and a value the reader refuses is refused by the schema too."""
    import jsonschema

    from revitalize.inputs import sample_bytes

    draft = jsonschema.Draft202012Validator
    validator = draft(schema_for(KINDS[kind].model), format_checker=draft.FORMAT_CHECKER)
    value = json.loads(sample_bytes(kind, "json"))
    for item in value if isinstance(value, list) else [value]:
        assert [e.message for e in validator.iter_errors(item)] == []
    if kind == "observations":
        bad = {"observations": [{"indicator": "KPI-5", "year": 2023, "value": "high"}]}
        assert not validator.is_valid(bad)
        assert not validator.is_valid({"references": [
            {"indicator": "KPI-5", "year": 2023, "value": "1"}]})
