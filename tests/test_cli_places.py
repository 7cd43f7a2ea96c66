"""``revitalize places``, ``plan-check`` and ``governance``: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from revitalize.cli import main
from revitalize.models.governance import records_to_json
from revitalize.models.places import wansheng_registry
from revitalize.policy.parameters import default_parameters
from revitalize.testing.strategies import complete_governance_records

CLEAN = complete_governance_records(wansheng_registry(), default_parameters(), 2025)


def test_places_lists_towns_classes_and_citations(capsys: pytest.CaptureFixture[str]) -> None:
    """The text lists every town with its class, Box 1's key towns and each list's citation."""
    assert main(["places"]) == 0
    out = capsys.readouterr().out
    assert "黑山镇  先行示范类  [专栏1重点帮扶镇]" in out
    assert "关坝镇凉风村  乡村振兴重点帮扶村、脱贫村  [衔接试点]" in out
    assert "专栏1 「乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇」" in out


def test_places_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` gives the eight towns with their classes and every list."""
    assert main(["places", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["towns"]) == 8
    assert {t["name"]: t["class"] for t in doc["towns"]}["黑山镇"] == "demonstration"
    assert "box1_key_towns" in {lst["id"] for lst in doc["lists"]}


def test_places_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang en`` labels classes in English."""
    assert main(["places", "--lang", "en"]) == 0
    assert "Heishan  demonstration  [Box 1 key town]" in capsys.readouterr().out


def test_plan_check_lists_every_item(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report lists items (1)..(10), each with two citations."""
    assert main(["plan-check"]) == 0
    out = capsys.readouterr().out
    for n in range(1, 11):
        assert f"({n}) " in out
    assert out.count("依据 ") == 20


def test_plan_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` gives ten items with both citations."""
    assert main(["plan-check", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["number"] for d in doc] == list(range(1, 11))
    assert all(d["first"]["citation"]["quote"] and d["second"]["citation"]["quote"] for d in doc)


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_governance_clean_records_exit_0(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Records that meet every requirement exit 0."""
    assert main(["governance", _write(tmp_path, records_to_json(CLEAN))]) == 0
    assert "GOV-10" in capsys.readouterr().out


def test_governance_shortfall_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing joint meeting exits 1 and is listed in the JSON gaps."""
    records = attrs.evolve(CLEAN, meetings=CLEAN.meetings[1:])
    assert main(["governance", _write(tmp_path, records_to_json(records)), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [g["rule"] for g in doc["gaps"]] == ["GOV-02"]


def test_governance_bad_input_names_the_path(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input exits 1 with an error naming the file and the JSON path."""
    data = records_to_json(CLEAN)
    data["visits"][0]["on"] = "2025-02-30"
    path = _write(tmp_path, data)
    assert main(["governance", path]) == 1
    err = capsys.readouterr().err
    assert path in err and "$.visits[0].on" in err


def test_governance_places_are_objects(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Places are written ``{"town", "village"}``; a bare name is refused with its path."""
    data = records_to_json(CLEAN)
    assert data["villages"][0] == {"town": CLEAN.villages[0].town,
                                   "village": CLEAN.villages[0].village}
    data["villages"][0] = str(CLEAN.villages[0])
    path = _write(tmp_path, data)
    assert main(["governance", path, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert path in err and "$.villages[0]: expected an object (PlaceRef)" in err
    assert main(["governance", path]) == 1
    assert "$.villages[0]: 应为对象 (PlaceRef)，实为 '丛林镇绿水村'" in capsys.readouterr().err


def test_governance_unknown_town_and_missing_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown town is an error (exit 1); a missing file a usage error (exit 2)."""
    data = records_to_json(CLEAN)
    data["support_posts"][0]["town"] = "万盛镇"
    assert main(["governance", _write(tmp_path, data)]) == 1
    assert "$.support_posts[0].town" in capsys.readouterr().err
    assert main(["governance", str(tmp_path / "none.json"), "--lang", "en"]) == 2
    assert "none.json: no such file" in capsys.readouterr().err
