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
    """The main command prints a Chinese summary and decisions with reasons and citations."""
    assert main(["assess", "--sample"]) == 0
    out = capsys.readouterr().out
    for needle in ("汇总", "纳入监测", "依据", "MON-02", "责任部门", "可复现", "数据不足"):
        assert needle in out, needle


def test_sample_in_english_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en speaks English; --json gives every household's decision as data."""
    assert main(["assess", "--sample", "--lang", "en"]) == 0
    assert "summary" in capsys.readouterr().out
    assert main(["assess", "--sample", "--json"]) == 0
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
    out = capsys.readouterr().out
    assert f"{f}[1]" in out and "H-1" in out


def test_single_object_and_required_date(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """One object is one household; a file without --on is a usage error (no clock)."""
    f = tmp_path / "h.json"
    f.write_text(household_json(), encoding="utf-8")
    assert main(["assess", str(f), "--on", ON]) == 0
    assert main(["assess", str(f)]) == 2
    assert "--on" in capsys.readouterr().err


def test_fail_on_warning(capsys: pytest.CaptureFixture[str]) -> None:
    """The stale monitoring line is a warning; --fail-on-warning turns it into exit 1."""
    assert main(["assess", "--sample", "--fail-on-warning"]) == 1
    assert "提示" in capsys.readouterr().out


def test_the_stale_line_warning_is_shown_once_per_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The run-wide warning (a stale monitoring line) is printed once, not once a household,
    in text, in JSON and in a batch summary."""
    assert main(["assess", "--sample"]) == 0
    out = capsys.readouterr().out
    assert out.count("monitoring.monitoring_line") == 1
    assert main(["assess", "--sample", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (notice,) = doc["summary"]["notices"]
    assert "monitoring.monitoring_line" in notice["message_en"]
    assert all(h["notices"] == [] for h in doc["households"])
    f = tmp_path / "h.jsonl"
    f.write_text(household_json("100", "H-1") + "\n" + household_json("60000", "H-2") + "\n",
                 encoding="utf-8")
    assert main(["assess", "--jsonl", str(f), str(tmp_path / "out.jsonl"), "--on", ON]) == 0
    assert capsys.readouterr().out.count("monitoring.monitoring_line") == 1
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
