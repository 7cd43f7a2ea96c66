"""The pytest plugin: scenario files as test items, failures without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

pytest_plugins = ["pytester"]


def _packaged(name: str) -> str:
    return (resources.files("revitalize") / "data" / "scenarios" / name).read_text(
        encoding="utf-8")


def test_the_plugin_does_not_import_hypothesis() -> None:
    """Importing the plugin leaves hypothesis unimported."""
    code = ("import sys, revitalize.testing.pytest_plugin; "
            "print('hypothesis' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_passing_and_failing_scenarios(pytester: pytest.Pytester) -> None:
    """Each case is an item; a failure shows expected against actual and a citation."""
    good = _packaged("transition.scenario.toml")
    bad = good.replace('TRN-02 = "yes"', 'TRN-02 = "no"', 1)
    assert bad != good
    pytester.makefile(".scenario.toml", good=good, bad=bad)
    pytester.makepyfile(test_plain="def test_ok():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    n = good.count("\n[[case]]")
    result.assert_outcomes(passed=2 * n, failed=1)
    out = result.stdout.str()
    assert "预期" in out and "实际" in out
    assert "依据" in out and "TRN-02" in out
    assert "Traceback" not in out


def test_english_reports(pytester: pytest.Pytester) -> None:
    """--revitalize-lang en reports in English."""
    bad = _packaged("transition.scenario.toml").replace('TRN-02 = "yes"', 'TRN-02 = "no"', 1)
    pytester.makefile(".scenario.toml", bad=bad)
    result = pytester.runpytest(
                                "--revitalize-lang", "en")
    result.assert_outcomes(failed=1, passed=bad.count("\n[[case]]") - 1)
    out = result.stdout.str()
    assert "expected vs actual" in out and "per " in out


def test_a_file_with_errors_is_one_failing_item(pytester: pytest.Pytester) -> None:
    """Schema errors make one failing item listing every error, no traceback."""
    text = _packaged("transition.scenario.toml")
    text = text.replace('kind = "withdrawal"', 'kind = "withdrawl"')
    text = text.replace('subject_kind = "village"', 'subject_kind = "vilage"')
    pytester.makefile(".scenario.toml", broken=text)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "did you mean 'withdrawal'" in out
    assert "broken.scenario.toml:" in out
    assert "Traceback" not in out and "raise " not in out


def test_the_report_counts_and_shows_each_cases_basis(pytester: pytest.Pytester) -> None:
    """The summary counts cases by basis; a failure heads with its basis; JUnit XML carries it."""
    good = _packaged("transition.scenario.toml")
    bad = good.replace('TRN-02 = "yes"', 'TRN-02 = "no"', 1)
    pytester.makefile(".scenario.toml", bad=bad)
    result = pytester.runpytest("-p", "no:cacheprovider", "--junitxml=out.xml")
    n = bad.count("\n[[case]]")
    plan = bad.count('basis = "plan"')
    reading = bad.count('basis = "reading"')
    assert plan + reading == n and reading >= 1
    out = result.stdout.str()
    assert f"预期依据：规划原文 {plan}，具名解读 {reading}，仅为记录值 0，未注明 0" in out
    assert "预期依据：规划原文 — front matter 「规划实施期限为2021年—2025年」" in out
    xml = (pytester.path / "out.xml").read_text(encoding="utf-8")
    assert xml.count('<property name="basis" value="plan" />') == plan
    assert xml.count('<property name="basis" value="reading" />') == reading
