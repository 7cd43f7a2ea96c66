"""A scenario case's basis: where its expectation comes from, checked and counted.

The packaged scenarios state a basis on every case and none is ``recorded``;
a case whose outcome moves when a parameter outside the plan moves names that
parameter among its readings (so "plan" never hides a reading).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from revitalize import evidence
from revitalize.errors import RevitalizeError
from revitalize.policy.parameters import Parameter, ParameterSet, default_parameters
from revitalize.scenarios import (
    BASES,
    ScenarioCase,
    ScenarioError,
    basis_counts,
    packaged_scenarios,
    parse_scenario,
    render_result,
    result_json,
    run_case,
)

SCENARIOS = Path(str(resources.files("revitalize") / "data" / "scenarios"))

CASE = """\
name = "依据"
kind = "phase"
date = 2023-06-01

[[case]]
name = "规划期内"
{basis}
[case.input]
day = 2023-06-01
[case.expect.rules]
TRN-02 = "yes"
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "b.scenario.toml")
    return {p.path: p.message for p in info.value.problems}


# --------------------------------------------------------------------------- the format


def test_a_plan_basis_with_a_verbatim_quote_reads() -> None:
    """basis = "plan" with a source quoting the plan is read onto the case."""
    text = CASE.format(
        basis='basis = "plan"\nsource = "front matter 「规划实施期限为2021年—2025年」"')
    [case] = parse_scenario(text, "p.scenario.toml").cases
    assert (case.basis, case.readings) == ("plan", ())
    assert case.source.endswith("「规划实施期限为2021年—2025年」")
    assert run_case(case).passed


def test_a_reading_basis_names_its_parameters() -> None:
    """basis = "reading" keeps the parameters it names."""
    text = CASE.format(basis='basis = "reading"\nreadings = ["transition.plan_end"]')
    [case] = parse_scenario(text, "r.scenario.toml").cases
    assert (case.basis, case.readings) == ("reading", ("transition.plan_end",))


def test_a_case_without_basis_is_unstated() -> None:
    """A case that does not say has no basis (the format stays open to old files)."""
    [case] = parse_scenario(CASE.format(basis=""), "u.scenario.toml").cases
    assert case.basis is None
    assert basis_counts([case]) == {"plan": 0, "reading": 0, "recorded": 0, "unstated": 1}


def test_a_misspelt_basis_is_placed_with_its_close_match() -> None:
    """An unknown basis is an error on its line naming the close match."""
    text = CASE.format(basis='basis = "pla"')
    problems = _problems(text)
    where = f"b.scenario.toml:{_line(text, 'basis')}"
    assert "'pla' is not a basis; did you mean 'plan'?" in problems[where]


@pytest.mark.parametrize(("basis", "needle", "message"), [
    ('basis = "plan"\nsource = "front matter 「规划实施期限为2021年—2030年」"', "source",
     "is not verbatim in the plan text"),
    ('basis = "plan"\nsource = "front matter, no quote"', "basis",
     "basis \"plan\" needs a source quoting the plan"),
    ('basis = "reading"', "basis", "basis \"reading\" needs readings"),
    ('basis = "reading"\nreadings = ["transition.plan_ends"]', "readings",
     "did you mean 'transition.plan_end'"),
    ('basis = "plan"\nsource = "「规划实施期限为2021年—2025年」"\n'
     'readings = ["transition.plan_end"]', "readings", "readings belong to basis \"reading\""),
    ('source = "「规划实施期限为2021年—2025年」"', "[[case]]", "missing key 'basis'"),
    ('basis = "recorded"\nsource = "「不在规划里」"', "source", "is not verbatim"),
])
def test_a_bad_basis_is_an_error_on_its_line(basis: str, needle: str, message: str) -> None:
    """Each inconsistency of basis, source and readings is reported at file:line."""
    text = CASE.format(basis=basis)
    problems = _problems(text)
    where = f"b.scenario.toml:{_line(text, needle)}"
    assert where in problems, problems
    assert message in problems[where]


def test_a_failure_report_and_json_carry_the_basis() -> None:
    """A failing case's report heads with its basis; the JSON result carries it."""
    text = CASE.format(basis='basis = "reading"\nreadings = ["transition.plan_end"]').replace(
        'TRN-02 = "yes"', 'TRN-02 = "no"')
    result = run_case(parse_scenario(text, "f.scenario.toml").cases[0])
    assert not result.passed
    assert "预期依据：具名解读 (transition.plan_end)" in render_result(result, "zh")
    assert "basis: reading (transition.plan_end)" in render_result(result, "en")
    data = result_json(result)
    assert (data["basis"], data["readings"]) == ("reading", ["transition.plan_end"])


# --------------------------------------------------------------------------- the packaged set


@cache
def _cases() -> tuple[ScenarioCase, ...]:
    return tuple(c for f in packaged_scenarios() for c in f.cases)


#: Cases whose expectation is only what the library printed, each with why it stays so
#: (none: every packaged expectation is derived from the plan or a named reading).
KNOWN_RECORDED: set[tuple[str, str]] = set()


def test_every_packaged_case_states_a_basis_and_none_is_recorded() -> None:
    """Every packaged case says plan or reading; recorded only where listed with a reason."""
    assert set(BASES) == {"plan", "reading", "recorded"}
    unstated = [c.where for c in _cases() if c.basis is None]
    assert unstated == []
    recorded = {(c.file.rsplit("/", 1)[-1], c.name) for c in _cases() if c.basis == "recorded"}
    assert recorded == KNOWN_RECORDED


def test_check_counts_cases_by_basis() -> None:
    """``revitalize check`` prints the counts by basis and gives them in JSON."""
    counts = basis_counts(_cases())
    env = {**os.environ, "NO_COLOR": "1"}
    run = [sys.executable, "-m", "revitalize", "check", str(SCENARIOS)]
    text = subprocess.run([*run, "--lang", "en"], capture_output=True, text=True, env=env,
                          check=False, timeout=300)
    assert text.returncode == 0, text.stdout[-2000:]
    assert counts["recorded"] == len(KNOWN_RECORDED) and counts["unstated"] == 0
    line = (f"basis: plan {counts['plan']}, reading {counts['reading']}, "
            f"recorded {len(KNOWN_RECORDED)}, unstated 0")
    assert line in text.stdout.splitlines()
    data = subprocess.run([*run, "--json"], capture_output=True, text=True, env=env,
                          check=False, timeout=300)
    assert json.loads(data.stdout)["basis"] == counts


# --------------------------------------------------------------------------- honesty of "plan"

_PLAN_REFS = ("Ch", "Box", "Table", "front matter")


def _from_plan(p: Parameter) -> bool:
    """Whether every value of ``p`` is the plan's own (sourced to a place in the plan)."""
    return bool(p.values) and all(
        v.assumption is None and v.source.startswith(_PLAN_REFS) for v in p.values)


def _moves(p: Parameter) -> Iterator[Any]:
    """Values just past the parameter's current value (as the sensitivity test moves them)."""
    v = p.values[-1].value if p.values else None
    kind = p.unit.kind
    if kind == "decimal":
        if v is None:
            on = dt.date(2023, 6, 1)
            v = Decimal(1)
            for f in p.at_least_product_of:
                v *= default_parameters().decimal(f, on)
        yield from (str(v + Decimal("0.01")), str(v - Decimal("0.01")))
    elif kind == "integer":
        yield from (v + 1, v - 1)
    elif kind == "date":
        yield from (v + dt.timedelta(days=1), v - dt.timedelta(days=1))
    elif kind == "flag":
        yield not v
    elif kind == "choice":
        yield from (c for c in p.choices if c != v)
    elif kind == "names":
        names = list(v or ())
        for i in range(len(names)):
            yield names[:i] + names[i + 1:]
        yield from ([*names, c] for c in p.choices if c not in names)


@cache
def _sensitive() -> dict[int, set[str]]:
    """For each packaged case, the parameters outside the plan whose move breaks an expectation."""
    base: ParameterSet = default_parameters()
    cases = _cases()
    out: dict[int, set[str]] = {id(c): set() for c in cases}
    for p in base:
        if _from_plan(p):
            continue
        area = p.name.split(".", 1)[0]
        mine = [c for c in cases if area in c.adapter.parameter_areas]
        for value in _moves(p):
            try:
                params = base.reform({p.name: value}, name=f"{p.name} moved")
            except RevitalizeError:
                continue
            for c in mine:
                if p.name in out[id(c)]:
                    continue
                try:
                    changed = not run_case(c, params).passed
                except RevitalizeError:
                    changed = True
                if changed:
                    out[id(c)].add(p.name)
    return out


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.file.rsplit('/', 1)[-1]}:{c.line}")
def test_a_case_names_every_reading_its_outcome_turns_on(case: ScenarioCase) -> None:
    """A case whose expectation breaks when a parameter the plan does not give moves names it."""
    turns_on = _sensitive()[id(case)]
    unnamed = sorted(turns_on - set(case.readings))
    assert unnamed == [], (f"{case.where}: an expectation breaks when {', '.join(unnamed)} moves; "
                           f"basis {case.basis!r} must name it in readings")


_PLACE = re.compile(r"(Ch\d+ (?:§\d+(?: fn)?|intro)|Box \d+|Table \d+|front matter)|「([^「」]*)」")


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.file.rsplit('/', 1)[-1]}:{c.line}")
def test_each_quote_in_a_source_stands_where_the_source_says(case: ScenarioCase) -> None:
    """Every 「quote」 of a packaged case follows the section it stands in (Ch5 §2, Box 3 ...)."""
    ref = ""
    wrong = []
    for m in _PLACE.finditer(case.source):
        if m.group(1):
            ref = m.group(1)
            continue
        if not ref:
            wrong.append(f"「{m.group(2)}」 has no section before it")
            continue
        for fragment, passages in evidence.locate(m.group(2), ref):
            if not any(p.within(ref) for p in passages):
                wrong.append(f"「{fragment}」 is not in {ref} but in "
                             f"{', '.join(p.ref for p in passages)}")
    assert wrong == [], f"{case.where}: " + "; ".join(wrong)
