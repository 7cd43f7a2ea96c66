"""The packaged scenario set passes, through the same code path as the pytest plugin."""

from __future__ import annotations

import pytest

from revitalize.scenarios import ScenarioCase, packaged_scenarios, render_result, run_case


def _cases() -> list[ScenarioCase]:
    return [c for f in packaged_scenarios() for c in f.cases]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.file.rsplit('/', 1)[-1]}:{c.line}")
def test_packaged_case_passes(case: ScenarioCase) -> None:
    """The case's expectation holds and its declared IDs are covered."""
    result = run_case(case)
    assert result.passed, render_result(result)


def test_one_file_per_area() -> None:
    """Every packaged file has a Chinese name and at least one case."""
    files = packaged_scenarios()
    assert len(files) >= 10
    for f in files:
        assert f.cases
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.name)
