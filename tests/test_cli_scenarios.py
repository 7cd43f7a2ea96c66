"""``revitalize check`` and ``revitalize explain``."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from revitalize.cli import main

SCENARIOS = Path(str(resources.files("revitalize") / "data" / "scenarios"))


def test_check_passes_on_the_packaged_set(capsys: pytest.CaptureFixture[str]) -> None:
    """The packaged set passes: exit 0 and a count line."""
    assert main(["check", str(SCENARIOS)]) == 0
    assert "失败 0" in capsys.readouterr().out


def test_check_fails_on_a_wrong_expectation(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong expectation exits 1 and shows expected against actual."""
    text = (SCENARIOS / "transition.scenario.toml").read_text(encoding="utf-8")
    (tmp_path / "t.scenario.toml").write_text(text.replace('TRN-02 = "yes"', 'TRN-02 = "no"', 1),
                                              encoding="utf-8")
    assert main(["check", str(tmp_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "expected" in out and "actual" in out and "TRN-02" in out


def test_check_reports_schema_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with errors exits 1 and lists them with their lines."""
    (tmp_path / "b.scenario.toml").write_text('name = "x"\n[[case]]\nnam = "a"\n',
                                              encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "b.scenario.toml:3" in capsys.readouterr().out


def test_check_with_a_reform_lists_changed_cases(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Raising the monitoring line changes the case whose income sits on the line."""
    reform = tmp_path / "r.toml"
    reform.write_text('name = "监测线 6500 元"\n[changes]\n"monitoring.monitoring_line" = "6500"\n',
                      encoding="utf-8")
    assert main(["check", str(SCENARIOS), "--reform", str(reform), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reform"] == "监测线 6500 元"
    assert any(r["kind"] == "household" for r in data["changed"])


def test_explain_a_one_case_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """explain prints every finding with its citation."""
    text = (SCENARIOS / "transition.scenario.toml").read_text(encoding="utf-8")
    first = text.split("\n[[case]]")[:2]
    path = tmp_path / "one.scenario.toml"
    path.write_text("\n[[case]]".join(first), encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "TRN-01" in out and "依据" in out


def test_explain_a_json_household(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """explain reads a JSON household with --on and prints the monitoring explanation."""
    path = tmp_path / "h.json"
    path.write_text(json.dumps({"id": "H-1", "town": "丛林镇", "village": "海孔村",
                                "poverty_status": "registered_lifted", "lifted_year": 2019,
                                "annual_net_income": "100",
                                "members": [{"id": "M1", "birth_date": "1970-01-01"}]},
                               ensure_ascii=False), encoding="utf-8")
    assert main(["explain", str(path), "--on", "2023-06-01", "--lang", "en"]) == 0
    assert "MON-02" in capsys.readouterr().out
