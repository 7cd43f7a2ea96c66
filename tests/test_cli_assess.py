"""``revitalize assess`` and ``revitalize diff``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from revitalize.cli import main
from revitalize.cli._assess import SAMPLE_DATE
from revitalize.serialization import dumps
from revitalize.testing.population import SAMPLE_DATE as GENERATED_ON
from revitalize.testing.population import baseline_household

ON = "2023-06-01"


def household_json(income: str = "60000", hid: str = "H-1") -> str:
    h = attrs.evolve(baseline_household(household_id=hid), annual_net_income=Decimal(income),
                     last_year_net_income=Decimal(income))
    return dumps(h, canonical=True)


def test_sample_date_is_the_generation_date() -> None:
    """--sample assesses on the date the sample was generated for."""
    assert SAMPLE_DATE == GENERATED_ON


def test_sample_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """The main command prints a Chinese summary; --detail adds the decisions with reasons
    and citations."""
    assert main(["assess", "--sample"]) == 0
    out = capsys.readouterr().out
    assert "汇总" in out and "数据不足" in out and "可复现" not in out
    assert main(["assess", "--sample", "--detail"]) == 0
    out = capsys.readouterr().out
    for needle in ("汇总", "纳入监测", "依据", "MON-02", "责任部门", "可复现", "数据不足"):
        assert needle in out, needle


def test_sample_in_english_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en speaks English; --json gives every household's decision as data."""
    assert main(["assess", "--sample", "--lang", "en"]) == 0
    assert "summary" in capsys.readouterr().out
    assert main(["assess", "--sample", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "households" not in doc and doc["summary"]["assessed"] == 300
    assert main(["assess", "--sample", "--json", "--detail"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["assessed"] == len(doc["households"]) == 300
    assert {"decision", "findings", "provenance"} <= set(doc["households"][0])


def test_bad_jsonl_line_is_reported_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad line gives an error record with its line number; the good lines are assessed."""
    f = tmp_path / "h.jsonl"
    f.write_text("\n".join([household_json("100", "H-1"), '{"id": "H-2"}',
                            household_json("60000", "H-3")]) + "\n", encoding="utf-8")
    assert main(["assess", str(f), "--on", ON, "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    records = doc["households"]
    assert records[1]["error"]["position"] == f"{f}:2"
    assert any("town" in p for p in records[1]["error"]["problems"])
    assert records[0]["decision"]["in_range"] is True
    assert records[2]["decision"]["in_range"] is False


def test_bad_array_element_names_its_index(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """In a JSON array the error record names the element's index."""
    f = tmp_path / "h.json"
    f.write_text(f"[{household_json()}, {{\"id\": 1}}]", encoding="utf-8")
    assert main(["assess", str(f), "--on", ON]) == 1
    captured = capsys.readouterr()
    assert f"{f}[1]" in captured.err and "H-1" in captured.out


def test_single_object_and_required_date(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """One object is one household; a file without --on is a usage error (no clock)."""
    f = tmp_path / "h.json"
    f.write_text(household_json(), encoding="utf-8")
    assert main(["assess", str(f), "--on", ON]) == 0
    assert main(["assess", str(f)]) == 2
    assert "--on" in capsys.readouterr().err


def test_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The stale monitoring line is a warning of the run, on stderr, that does not fail it;
    --fail-on-warning exits 1 on a record-level warning (a household undecided for lack of
    data: the sample has some)."""
    f = tmp_path / "h.json"
    f.write_text(household_json(), encoding="utf-8")
    assert main(["assess", str(f), "--on", ON, "--fail-on-warning"]) == 0
    assert "monitoring.monitoring_line" in capsys.readouterr().err
    assert main(["assess", "--sample", "--fail-on-warning"]) == 1
    assert "monitoring.monitoring_line" in capsys.readouterr().err


def test_the_stale_line_warning_is_shown_once_per_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The run-wide warning (a stale monitoring line) is printed once, not once a household,
    in text, in JSON and in a batch summary."""
    assert main(["assess", "--sample", "--detail"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("monitoring.monitoring_line") == 1
    assert captured.out.count("monitoring.monitoring_line") == 1  # the summary's line
    assert main(["assess", "--sample", "--json", "--detail"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (notice,) = doc["summary"]["notices"]
    assert "monitoring.monitoring_line" in notice["message_en"]
    assert all(h["notices"] == [] for h in doc["households"])
    f = tmp_path / "h.jsonl"
    f.write_text(household_json("100", "H-1") + "\n" + household_json("60000", "H-2") + "\n",
                 encoding="utf-8")
    assert main(["assess", "--jsonl", str(f), str(tmp_path / "out.jsonl"), "--on", ON]) == 0
    assert capsys.readouterr().err.count("monitoring.monitoring_line") == 1
    assert main(["assess", "--jsonl", str(f), str(tmp_path / "out.jsonl"), "--on", ON,
                 "--json"]) == 0
    (notice,) = json.loads(capsys.readouterr().out)["summary"]["notices"]
    assert notice["code"] == "stale_parameter"


def test_diff_lists_households_entering_the_range(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A higher line moves a household just above the old line into the range."""
    f = tmp_path / "h.jsonl"
    # 3 members: 18,300 is 6,100 a head, above 6,000 and below 6,500
    f.write_text(household_json("18300", "H-1") + "\n" + household_json("90000", "H-2") + "\n",
                 encoding="utf-8")
    reform = tmp_path / "r.toml"
    reform.write_text('name = "line 6500"\n[changes]\n"monitoring.monitoring_line" = "6500"\n',
                      encoding="utf-8")
    assert main(["diff", "--reform", str(reform), str(f), "--on", ON, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["seen"] == 2 and doc["summary"]["changed"] == 1
    (change,) = doc["changes"]
    assert change["subject"] == "H-1"
    assert {"aspect": "in_range", "kind": "entered", "before": False, "after": True} in (
        change["changes"])
    assert main(["diff", "--reform", str(reform), str(f), "--on", ON]) == 0
    assert "H-1" in capsys.readouterr().out


# --------------------------------------------------------------------------- run warnings


STALE_FROM = "2022-01-02"  # the 2021 line is 12 months old on 2022-01-01, stale a day later
FRESH_ON = "2022-01-01"


def _two(tmp_path: Path) -> Path:
    """Two households whose dates (housing appraisal, births) lie before FRESH_ON."""
    import datetime as dt

    f = tmp_path / "h.jsonl"
    lines = []
    for income, hid in (("100", "H-1"), ("60000", "H-2")):
        h = attrs.evolve(baseline_household(dt.date(2021, 6, 1), household_id=hid),
                         annual_net_income=Decimal(income), last_year_net_income=Decimal(income))
        lines.append(dumps(h, canonical=True))
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line or "：警告：" in line]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_batch_files_carry_the_run_warning_once_not_per_household(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """assess --jsonl/--csv IN OUT: on the first day the line is stale the warning is once in
    the summary and once on stderr, in no record or row; the day before, nowhere (the
    just-inside / just-outside pair of issue 12, item 12)."""
    import csv
    import io

    source = _two(tmp_path)
    out = tmp_path / f"out.{fmt}"
    for on, expected in ((FRESH_ON, 0), (STALE_FROM, 1)):
        assert main(["assess", "--jsonl", str(source), str(out), "--on", on, "--to", fmt,
                     "--json", "--lang", "en"]) == 0
        captured = capsys.readouterr()
        summary = json.loads(captured.out)["summary"]
        assert len(summary["notices"]) == expected and summary["with_warnings"] == 0
        warned = _warnings(captured.err)
        assert len(warned) == expected
        assert all("monitoring.monitoring_line" in w and w.startswith(
            "revitalize assess: warning: ") for w in warned)
        if fmt == "jsonl":
            records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
            assert [r["notices"] for r in records] == [[], []]
        else:
            rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
            assert [r["notices"] for r in rows] == ["", ""]
    # the run's warning is not a record-level warning: --fail-on-warning does not fail on it
    assert main(["assess", "--jsonl", str(source), str(out), "--on", STALE_FROM,
                 "--fail-on-warning"]) == 0
    assert main(["assess", "--jsonl", str(source), str(out), "--on", FRESH_ON,
                 "--fail-on-warning"]) == 0
    capsys.readouterr()


def test_assess_file_prints_the_run_warning_once_on_stderr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """assess FILE (text and JSON): the warning once on stderr and once in the summary; the
    day before the line is stale, none."""
    source = _two(tmp_path)
    for on, expected in ((FRESH_ON, 0), (STALE_FROM, 1)):
        assert main(["assess", str(source), "--on", on, "--lang", "en"]) == 0
        captured = capsys.readouterr()
        assert len(_warnings(captured.err)) == expected
        assert captured.out.count("monitoring.monitoring_line") == expected
        assert main(["assess", str(source), "--on", on, "--json"]) == 0
        captured = capsys.readouterr()
        doc = json.loads(captured.out)
        assert len(doc["summary"]["notices"]) == expected
        assert all(h["notices"] == [] for h in doc["households"])
        assert len(_warnings(captured.err)) == expected


def test_assess_workbook_lists_the_run_warning_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o OUT.xlsx: the run's warning is a row of the warnings sheet, not in every
    household's row; once on stderr."""
    openpyxl = pytest.importorskip("openpyxl")
    source = _two(tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["assess", str(source), "--on", STALE_FROM, "-o", str(out), "--lang",
                 "en"]) == 0
    assert len(_warnings(capsys.readouterr().err)) == 1
    wb = openpyxl.load_workbook(out)
    decisions = list(wb["decisions"].values)
    column = decisions[0].index("warnings")
    assert [row[column] for row in decisions[1:]] == [None, None]
    (row,) = list(wb["warnings"].values)[1:]
    assert row[0] == "stale_parameter" and "monitoring.monitoring_line" in row[1]


def test_diff_reports_the_warning_once_naming_the_parameter_sets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """diff: the stale-line warning once (JSON ``notices``, the text, stderr), naming the
    parameter sets that carry it; a reform that sets this year's line carries none."""
    source = _two(tmp_path)
    reform = tmp_path / "r.toml"
    reform.write_text('name = "ratio"\n[changes]\n"monitoring.rigid_expenditure_ratio" = "0.4"\n',
                      encoding="utf-8")
    assert main(["diff", "--reform", str(reform), str(source), "--on", STALE_FROM,
                 "--json"]) == 0
    captured = capsys.readouterr()
    (notice,) = json.loads(captured.out)["notices"]
    assert notice["parameter_sets"] == ["base", "reform"]
    assert len(_warnings(captured.err)) == 1
    line = tmp_path / "line.toml"
    line.write_text('name = "line 2022"\n[changes]\n"monitoring.monitoring_line" = [\n'
                    '  {start = 2022-01-01, value = "6000"}]\n', encoding="utf-8")
    assert main(["diff", "--reform", str(line), str(source), "--on", STALE_FROM,
                 "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("monitoring.monitoring_line") == 1
    assert "(base parameters)" in captured.out
    assert len(_warnings(captured.err)) == 1
    assert main(["diff", "--reform", str(reform), str(source), "--on", FRESH_ON,
                 "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["notices"] == [] and _warnings(captured.err) == []


def test_csv_output_has_the_referrals_of_a_household_out_of_range(
        tmp_path: Path) -> None:
    """The CSV's referrals column carries what the JSONL record's decision.referrals holds
    (type and members): a comfortable household with an uninsured member is referred for an
    insurance subsidy naming the member; a household without a gap has none."""
    import csv
    import io

    uninsured = baseline_household(household_id="H-1")
    first = attrs.evolve(uninsured.members[0], basic_medical_insurance=False)
    uninsured = attrs.evolve(uninsured, members=(first, *uninsured.members[1:]),
                             annual_net_income=Decimal("200000"),
                             last_year_net_income=Decimal("200000"))
    source = tmp_path / "h.jsonl"
    source.write_text(dumps(uninsured, canonical=True) + "\n" + household_json("200000", "H-2")
                      + "\n", encoding="utf-8")
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert main(["assess", "--jsonl", str(source), str(jsonl), "--on", ON]) == 0
    assert main(["assess", "--jsonl", str(source), str(table), "--on", ON, "--to", "csv"]) == 0
    records = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    referrals = records[0]["decision"]["referrals"]
    assert records[0]["decision"]["in_range"] is False and referrals
    assert rows[0]["referrals"] == ";".join(
        f"{m['type']}:{','.join(m['members'])}" if m["members"] else m["type"]
        for m in referrals)
    assert f"medical_insurance_subsidy:{first.id}" in rows[0]["referrals"].split(";")
    assert records[1]["decision"]["referrals"] == [] and rows[1]["referrals"] == ""
