"""Fuzzing the converter: the only exception that ever escapes is a RevitalizeError."""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError, RevitalizeError
from revitalize.models import (
    DepartmentRecord,
    Household,
    Member,
    MonitoringCase,
    WarningClue,
)
from revitalize.serialization import from_json_value, loads, make_converter, to_json_value
from revitalize.testing import strategies as rst

CONV = make_converter()

MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Household, rst.households(max_members=3)),
    (Member, rst.members()),
    (MonitoringCase, rst.monitoring_cases()),
    (WarningClue, rst.warning_clues()),
    (DepartmentRecord, rst.department_records()),
]


def _field_names() -> list[str]:
    names: set[str] = set()
    for cls, _ in MODELS:
        stack = [cls]
        while stack:
            c = stack.pop()
            for a in attrs.fields(c):
                names.add(a.name)
    for c in (Household,):
        for a in attrs.fields(c):
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                names.update(f.name for f in attrs.fields(a.default.factory))
    return sorted(names)


KEYS = st.sampled_from(_field_names()) | st.text(max_size=8)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.decimals()
    | st.text(max_size=12)
    | st.sampled_from(["", "1.0", "-0", "1e3", "2021-02-29", "2020-02-29", "full", "A", "NaN"])
)
JSON = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=25,
)


def check(value: Any, cls: type[Any]) -> None:
    """Read ``value`` as ``cls``: a model comes back or a RevitalizeError is raised."""
    error: RevitalizeError | None = None
    try:
        result = from_json_value(value, cls, converter=CONV)
    except RevitalizeError as e:
        error = e
    if error is None:
        assert isinstance(result, cls)
    else:
        assert isinstance(error, InvalidInputError)
        assert error.problems
        assert all(p.path.startswith("$") for p in error.problems)
    try:
        text = json.dumps(value, default=str)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - unusual values
        return
    with contextlib.suppress(RevitalizeError):
        loads(text, cls, converter=CONV)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a JSON value (the root is the empty path)."""
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*here, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*here, i)))
    return out


def _tweak(leaf: Any) -> list[Any]:
    """Plausible wrong values near ``leaf``."""
    if isinstance(leaf, bool):
        return [not leaf, int(leaf), str(leaf).lower()]
    if isinstance(leaf, int):
        return [-leaf - 1, leaf + 10**20, float(leaf), str(leaf), Decimal(leaf) / 3]
    if isinstance(leaf, str):
        return [leaf + "0", leaf[:-1], " " + leaf, leaf.upper(), leaf + ".001", leaf + "T00:00"]
    return [0, "", [], {}]


@st.composite
def mutated(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """A valid document with one node changed, deleted, or given an extra key."""
    doc = to_json_value(draw(strategy), converter=CONV)
    paths = _paths(doc)
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "tweak", "delete", "extra"]))
    if not path:
        if kind == "extra":
            doc[draw(KEYS)] = draw(JSON)
            return doc
        return draw(JSON)
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if kind == "replace":
        parent[last] = draw(JSON)
    elif kind == "tweak":
        parent[last] = draw(st.sampled_from(_tweak(parent[last])))
    elif kind == "delete":
        del parent[last]
    else:
        target = parent[last]
        if isinstance(target, dict):
            target[draw(KEYS)] = draw(JSON)
        else:
            parent[last] = {"value": target}
    return doc


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=[m[0].__name__ for m in MODELS])
@settings(max_examples=150)
@given(data=st.data())
def test_one_mutated_leaf_raises_only_revitalize_errors(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: Any
) -> None:
    """A valid document with one node changed is read or refused with a RevitalizeError."""
    check(data.draw(mutated(strategy)), cls)


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=[m[0].__name__ for m in MODELS])
@settings(max_examples=150)
@given(value=JSON)
def test_arbitrary_json_raises_only_revitalize_errors(
    cls: type[Any], strategy: st.SearchStrategy[Any], value: Any
) -> None:
    """Any JSON-like value is read or refused with a RevitalizeError."""
    check(value, cls)


@given(text=st.text(max_size=60) | st.binary(max_size=30))
def test_arbitrary_text_raises_only_revitalize_errors(text: str | bytes) -> None:
    """Any text (or bytes) given to loads is parsed or refused with a RevitalizeError."""
    with contextlib.suppress(RevitalizeError):
        loads(text, Household, converter=CONV)


def test_deep_nesting_is_refused_cleanly() -> None:
    """A document nested too deeply for the parser is an InvalidInputError."""
    with pytest.raises(InvalidInputError):
        loads("[" * 100_000 + "]" * 100_000, Household)
