"""Every parameter matters to some packaged scenario, or is listed as not covered.

For each parameter of :func:`default_parameters`, a reform moves it just past
a boundary (decimal ± a small step, integer ± 1, date or month-day ± 1 day, flag flipped,
choice switched, one name dropped or added) and the packaged scenarios of the
areas that read it are run again: at least one must change outcome. Those no
scenario can exercise are listed with a reason in
``revitalize/data/scenarios/not_covered.toml``; the list must stay honest (a
listed parameter that is in fact covered fails too).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import pytest

from revitalize.errors import RevitalizeError
from revitalize.policy.parameters import Parameter, ParameterSet, default_parameters
from revitalize.scenarios import ScenarioCase, packaged_scenarios, run_case

STEP = Decimal("0.01")


@cache
def _base() -> ParameterSet:
    return default_parameters()


@cache
def _cases() -> tuple[ScenarioCase, ...]:
    return tuple(c for f in packaged_scenarios() for c in f.cases)


@cache
def _baseline() -> dict[int, tuple[object, ...]]:
    return {id(c): run_case(c, _base()).outcome_key() for c in _cases()}


@cache
def _not_covered() -> dict[str, str]:
    text = (resources.files("revitalize") / "data" / "scenarios" / "not_covered.toml").read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    return {str(k): str(v) for k, v in data.get("not_covered", {}).items()}


def _value(p: Parameter) -> Any:
    if p.values:
        return p.values[-1].value
    return None


def _moves(p: Parameter) -> Iterator[Any]:
    """Values just past the parameter's current value, each way."""
    kind = p.unit.kind
    v = _value(p)
    if kind == "decimal":
        if v is None:  # derived (the monitoring line): start from its floor
            on = dt.date(2023, 6, 1)
            v = Decimal(1)
            for f in p.at_least_product_of:
                v *= _base().decimal(f, on)
        for x in (v + STEP, v - STEP):
            yield str(x)
    elif kind == "integer":
        yield v + 1
        yield v - 1
    elif kind == "date":
        yield v + dt.timedelta(days=1)
        yield v - dt.timedelta(days=1)
    elif kind == "month_day":  # "MM-DD": a day later and a day earlier (in a leap year)
        day = dt.date(2000, int(v[:2]), int(v[3:]))
        for d in (day + dt.timedelta(days=1), day - dt.timedelta(days=1)):
            yield d.strftime("%m-%d")
    elif kind == "flag":
        yield not v
    elif kind == "choice":
        yield from (c for c in p.choices if c != v)
    elif kind == "names":
        names = list(v or ())
        for i in range(len(names)):
            yield names[:i] + names[i + 1:]
        yield from ([*names, c] for c in p.choices if c not in names)


def _areas(name: str) -> set[str]:
    return {name.split(".", 1)[0]}


def _changes_some_case(p: Parameter) -> bool:
    cases = [c for c in _cases() if _areas(p.name) & set(c.adapter.parameter_areas)]
    baseline = _baseline()
    for value in _moves(p):
        try:
            params = _base().reform({p.name: value}, name=f"{p.name} moved")
        except RevitalizeError:
            continue  # out of the parameter's bounds
        for c in cases:
            try:
                key = run_case(c, params).outcome_key()
            except RevitalizeError:
                return True  # the move makes the case fail outright: it matters
            if key != baseline[id(c)]:
                return True
    return False


@pytest.mark.parametrize("name", [p.name for p in default_parameters()])
def test_parameter_moves_some_scenario_or_is_listed(name: str) -> None:
    """Moving the parameter past a boundary changes a packaged case, unless it is listed."""
    p = _base().parameter(name)
    covered = _changes_some_case(p)
    listed = name in _not_covered()
    if covered:
        assert not listed, f"{name} is covered by a packaged scenario: remove it from not_covered"
    else:
        assert listed, (f"no packaged scenario changes when {name} moves: add a scenario at its "
                        "boundary, or list it in data/scenarios/not_covered.toml with a reason")


def test_listed_parameters_exist_and_have_reasons() -> None:
    """Every listed name is a parameter and has a non-empty reason."""
    names = {p.name for p in default_parameters()}
    for name, reason in _not_covered().items():
        assert name in names, f"{name} is not a parameter"
        assert reason.strip()
