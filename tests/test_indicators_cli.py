"""The ``revitalize indicators`` command and its ``report`` subcommand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revitalize.cli import _indicators, build_parser, main


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    assert args.func in (_indicators.run_catalog, _indicators.run_report)
    result: int = args.func(args)
    return result


def _write(tmp_path: Path, rows: list[dict[str, object]],
           refs: list[dict[str, object]] | None = None) -> Path:
    path = tmp_path / "observed.json"
    path.write_text(json.dumps({"observations": rows, "references": refs or []}),
                    encoding="utf-8")
    return path


def test_catalog_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The bare command lists the catalog in Chinese."""
    assert _run(["indicators"]) == 0
    out = capsys.readouterr().out
    assert "KPI-1  地区生产总值增长（%）" in out
    assert "KPI-T13b" in out
    assert "约束性" in out


def test_catalog_english(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en lists the catalog in English."""
    assert _run(["indicators", "--lang", "en"]) == 0
    assert "KPI-5  Rural tap water coverage (percent)" in capsys.readouterr().out


def test_catalog_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives the catalog rows with the listed fields."""
    assert _run(["indicators", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 40
    row = rows[0]
    assert {"id", "name_zh", "name_en", "unit", "baseline", "target", "attribute",
            "citation"} <= set(row)
    assert row["id"] == "KPI-1"
    assert row["attribute"] == "anticipatory"


def test_report_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report with no binding indicator failing exits 0."""
    path = _write(tmp_path, [{"indicator": "KPI-5", "year": 2023, "value": "88.9"}])
    assert _run(["indicators", "report", str(path)]) == 0
    assert "[进度正常] KPI-5" in capsys.readouterr().out


def test_report_binding_failure_exits_1(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A binding indicator that is not met makes the exit code 1."""
    path = _write(tmp_path, [{"indicator": "KPI-3", "year": 2023, "value": "99"}])
    assert _run(["indicators", "report", str(path), "--lang", "en"]) == 1
    assert "[not met] KPI-3" in capsys.readouterr().out


def test_report_json_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints JSON and --html writes the page; options work before the subcommand."""
    path = _write(tmp_path, [{"indicator": "KPI-1", "year": 2023, "value": "6.2"}],
                  [{"indicator": "KPI-1", "year": 2023, "value": "6.1"}])
    out = tmp_path / "report.html"
    assert _run(["indicators", "--json", "report", str(path), "--html", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["indicators"][-1]["id"] == "KPI-1"
    assert data["indicators"][-1]["status"] == "met"
    assert 'id="KPI-1" data-status="met"' in out.read_text(encoding="utf-8")


def test_report_html_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--html - prints only the page."""
    path = _write(tmp_path, [])
    assert _run(["indicators", "report", str(path), "--html", "-", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in out


def test_report_bad_file(tmp_path: Path) -> None:
    """A bad observation raises the library's error with the path of the value."""
    from revitalize.errors import InvalidInputError

    path = _write(tmp_path, [{"indicator": "KPI-5", "year": 2023, "value": "lots"}])
    with pytest.raises(InvalidInputError, match=r"\$\.observations\[0\]\.value"):
        _run(["indicators", "report", str(path)])


def test_report_unwritable_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An HTML path that cannot be written is a usage error naming it (exit 2)."""
    path = _write(tmp_path, [])
    out = tmp_path / "no" / "r.html"
    assert main(["indicators", "report", str(path), "--html", str(out), "--lang", "en"]) == 2
    assert f"{out}: the directory" in capsys.readouterr().err
    assert main(["indicators", "report", str(path), "--html", str(out)]) == 2  # zh default
    assert f"{out}：目录 {out.parent} 不存在" in capsys.readouterr().err


def test_main_registers_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The installed ``revitalize`` entry point knows the indicators command."""
    path = _write(tmp_path, [{"indicator": "KPI-5", "year": 2023, "value": "lots"}])
    assert main(["indicators", "report", str(path)]) == 1
    assert "$.observations[0].value" in capsys.readouterr().err
