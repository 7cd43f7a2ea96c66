"""``revitalize assets FILE``: checks and report, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revitalize.cli import main

GOOD = {
    "on": "2023-06-30",
    "assets": [{
        "id": "A-1", "name": "到户种苗", "asset_class": "household", "town": "黑山镇",
        "project_kind": "household_subsidy",
        "funding": [{"source": "paired_assistance", "amount": "3000"}],
        "formed_on": "2019-03-01", "owner": {"type": "household", "name": "脱贫户甲"},
        "real_estate": False,
        "management": {"operating_mode": "entrusted", "chosen_by_household": True},
        "specialised": False,
        "ledger": {"ledger_class": "household", "competent_department": "区乡村振兴局"},
    }],
}


def _write(tmp_path: Path, doc: object) -> str:
    path = tmp_path / "assets.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_compliant_register_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A register with no refusal or missing item exits 0 and prints the report."""
    assert main(["assets", _write(tmp_path, GOOD)]) == 0
    out = capsys.readouterr().out
    assert "扶贫项目资产台账报告" in out and "A-1" in out


def test_refusal_exits_one_with_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pledge for consumption makes the exit code 1; JSON names the refused rule."""
    doc = json.loads(json.dumps(GOOD))
    doc["assets"][0]["asset_class"] = "operating"
    doc["assets"][0]["pledges"] = [{"id": "P-1", "kind": "pledge", "purpose": "consumption",
                                    "on": "2023-01-01"}]
    assert main(["assets", _write(tmp_path, doc), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["refused_assets"] == ["A-1"]
    refused = out["assessments"][0]["decision"]["refused"]
    assert "ASSET-05" in refused


def test_bad_input_names_the_json_path(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A bad amount is an error naming the file and the path, exit 1."""
    doc = json.loads(json.dumps(GOOD))
    doc["assets"][0]["funding"][0]["amount"] = 1.5
    assert main(["assets", _write(tmp_path, doc)]) == 1
    err = capsys.readouterr().err
    assert "$.assets[0].funding[0].amount" in err and "assets.json" in err


def test_missing_date_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without "on" or --on the command refuses rather than read the clock."""
    doc = {k: v for k, v in GOOD.items() if k != "on"}
    assert main(["assets", _write(tmp_path, doc)]) == 1
    assert "--on" in capsys.readouterr().err
    assert main(["assets", _write(tmp_path, doc), "--on", "2023-06-30"]) == 0


def test_packaged_sample_covers_every_class_source_and_refusal(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The sample has all classes and sources, refusals of every compliance rule, exit 1."""
    assert main(["assets", "sample", "--json", "--lang", "en"]) == 1
    out = json.loads(capsys.readouterr().out)
    report = out["report"]
    assert all(v["count"] > 0 for v in report["by_class"].values())
    assert len(report["by_funding_source"]) == 10
    assert len(report["by_town"]) == 8
    refused = {r for a in out["assessments"] for r in a["decision"]["refused"]}
    assert refused == {f"ASSET-{i:02d}" for i in range(1, 12)} - {"ASSET-02"}
    assert any(a["decision"]["in_scope"] is False for a in out["assessments"])
