"""The scenario file format: reading, running and every kind of error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from revitalize.errors import RevitalizeError
from revitalize.policy.parameters import default_parameters
from revitalize.scenarios import (
    ScenarioError,
    adapters,
    load_scenario_file,
    parse_scenario,
    render_result,
    run_case,
)
from revitalize.scenarios._locate import key_lines, line_of

GOOD = """\
name = "防止返贫监测"
kind = "household"
date = 2023-06-01

[[case]]
name = "收入低于监测线的脱贫户纳入监测"
covers = ["MON-02", "MON-01"]
[case.input]
id = "H-1"
town = "丛林镇"
village = "海孔村"
poverty_status = "registered_lifted"
lifted_year = 2019
annual_net_income = "{income}"
[[case.input.members]]
id = "M1"
birth_date = 1970-05-01
[case.expect]
in_range = true
category = "unstable_lifted"
risks = ["income"]
[case.expect.rules]
"MON-02" = "yes"
"""

THREE_ERRORS = """\
name = "错误示例"
kind = "household"
date = 2023-06-01

[[case]]
name = "三处错误"
[case.input]
id = "H-1"
town = "丛林镇"
village = "海孔村"
poverty_status = "registered_lifed"
lifted_year = "2019"
[[case.input.members]]
id = "M1"
birth_date = 1970-05-01
[case.expect]
in_rang = true
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _line_below() -> str:
    line = default_parameters().decimal("monitoring.poverty_standard", dt.date(2023, 6, 1)) * (
        default_parameters().decimal("monitoring.multiplier", dt.date(2023, 6, 1)))
    return str(line - 1)


def test_a_good_file_reads_and_passes() -> None:
    """A well-formed case reads, runs and passes, with its declared IDs covered."""
    f = parse_scenario(GOOD.format(income=_line_below()), "good.scenario.toml")
    [case] = f.cases
    assert case.name == "收入低于监测线的脱贫户纳入监测"
    assert case.on == dt.date(2023, 6, 1)
    result = run_case(case)
    assert result.passed, render_result(result)


def test_a_wrong_expectation_fails_field_by_field() -> None:
    """An income above the line fails with in_range expected true and actual false."""
    f = parse_scenario(GOOD.format(income="100000"), "x.scenario.toml")
    result = run_case(f.cases[0])
    assert not result.passed
    fields = {m.what for m in result.mismatches}
    assert {"in_range", "category", "risks", "rules.MON-02"} <= fields
    text = render_result(result, "zh")
    assert "预期" in text and "实际" in text and "MON-02" in text and "依据" in text
    assert "expected" in render_result(result, "en")


def test_three_mistakes_give_three_errors_with_lines_and_suggestions() -> None:
    """A typo in a key, a wrong type and a bad enum value: three problems, each placed."""
    with pytest.raises(ScenarioError) as info:
        parse_scenario(THREE_ERRORS, "bad.scenario.toml")
    problems = info.value.problems
    assert len(problems) == 3
    by_line = {p.path: p.message for p in problems}
    enum_at = f"bad.scenario.toml:{_line(THREE_ERRORS, 'registered_lifed')}"
    type_at = f"bad.scenario.toml:{_line(THREE_ERRORS, 'lifted_year')}"
    typo_at = f"bad.scenario.toml:{_line(THREE_ERRORS, 'in_rang')}"
    assert "registered_lifted" in by_line[enum_at]
    assert "lifted_year" in by_line[type_at]
    assert "did you mean 'in_range'" in by_line[typo_at]
    assert "Traceback" not in str(info.value)


def test_a_syntax_error_gives_file_line_and_column() -> None:
    """tomllib's position is reported as file:line:column."""
    with pytest.raises(ScenarioError) as info:
        parse_scenario('name = "x"\n[[case]]\nname = \n', "syn.scenario.toml")
    [problem] = info.value.problems
    assert problem.path == "syn.scenario.toml:3:8"
    assert "syntax" in problem.message


def test_missing_fields_and_unknown_kind_are_reported_together() -> None:
    """A case without input and expect, and one with an unknown kind, give every problem."""
    text = ('name = "x"\ndate = 2023-06-01\n[[case]]\nname = "a"\nkind = "household"\n'
            '[[case]]\nname = "b"\nkind = "houshold"\n[case.input]\n[case.expect]\n')
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "m.scenario.toml")
    messages = [str(p) for p in info.value.problems]
    assert any("'input'" in m for m in messages)
    assert any("'expect'" in m for m in messages)
    assert any("did you mean 'household'" in m and "m.scenario.toml:8:" in m for m in messages)


def test_a_bad_reform_is_a_located_error() -> None:
    """An unknown parameter in a case's reform names the closest parameter."""
    text = GOOD.format(income="1").replace(
        "[case.input]", '[case.reform]\n"monitoring.multiplyer" = "2"\n[case.input]')
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "r.scenario.toml")
    [p] = info.value.problems
    assert p.path == f"r.scenario.toml:{_line(text, 'multiplyer')}"
    assert "monitoring.multiplier" in p.message


def test_an_undeclared_coverage_fails_the_case() -> None:
    """A case that declares an ID its evaluation does not produce fails."""
    text = GOOD.format(income=_line_below()).replace('"MON-02", "MON-01"', '"MON-02", "TRN-05"')
    result = run_case(parse_scenario(text, "c.scenario.toml").cases[0])
    assert result.uncovered == ("TRN-05",)
    assert not result.passed


def test_scenario_errors_are_revitalize_errors(tmp_path: Path) -> None:
    """A missing file raises a ScenarioError, a RevitalizeError."""
    with pytest.raises(RevitalizeError):
        load_scenario_file(tmp_path / "none.scenario.toml")


def test_key_lines_follow_arrays_of_tables_and_inline_arrays() -> None:
    """The locator finds keys in [[arrays]] and elements of multi-line inline arrays."""
    text = ('[[case]]\nname = "a"\n[[case]]\nname = "b"\n[case.input]\nmembers = [\n'
            '  {id = "M1"},\n  {id = "M2"},\n]\n"MON-02" = "yes"\n')
    lines = key_lines(text)
    assert lines[("case", 1, "name")] == 4
    assert line_of(lines, ("case", 1, "input", "members", 1, "id")) == 8
    assert lines[("case", 1, "input", "MON-02")] == 10


def test_every_adapter_kind_is_unique() -> None:
    """The adapter table has one adapter per kind."""
    kinds = [a.kind for a in adapters()]
    assert len(kinds) == len(set(kinds))
