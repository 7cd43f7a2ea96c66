"""The JSON Schemas agree with the converter: valid output validates, structural errors fail."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (test extra) not installed")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from revitalize import models  # noqa: E402
from revitalize.cli import main  # noqa: E402
from revitalize.errors import InvalidInputError, UnknownNameError  # noqa: E402
from revitalize.models import Household  # noqa: E402
from revitalize.policy.engine import Assessment, Provenance, stale_parameter_notices  # noqa: E402
from revitalize.policy.income import income_screen  # noqa: E402
from revitalize.policy.parameters import default_parameters  # noqa: E402
from revitalize.schema import (  # noqa: E402
    input_models,
    json_schema,
    output_schema,
    schema_for,
    schema_names,
)
from revitalize.serialization import from_json_value, input_sha256, loads, to_json_value  # noqa: E402
from revitalize.testing import strategies  # noqa: E402
from test_invalid_inputs import TABLE as INVALID_TABLE  # noqa: E402
from test_invalid_inputs import _text as invalid_text  # noqa: E402

Validator = jsonschema.Draft202012Validator
MODELS = sorted(input_models())
SOME = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def _validator(schema: Mapping[str, Any]) -> Any:
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


def _strategy_targets() -> dict[str, Any]:
    """Each public strategy's name and the type its return annotation says it draws."""
    namespace: dict[str, Any] = {name: getattr(models, name) for name in models.__all__}
    namespace.update(input_models())  # the whole-file inputs outside revitalize.models
    namespace.update(dt=dt, tuple=tuple)
    out: dict[str, Any] = {}
    for name in strategies.__all__:
        fn = getattr(strategies, name)
        if not callable(fn):
            continue
        signature = inspect.signature(fn)
        if any(p.default is p.empty and p.kind is not p.VAR_KEYWORD
               and p.kind is not p.VAR_POSITIONAL for p in signature.parameters.values()):
            continue  # needs arguments (e.g. visits(year)): not drawn here
        text = str(signature.return_annotation)
        m = re.search(r"SearchStrategy\[(?:ForwardRef\(')?(.+?)(?:'\))?\]$", text)
        if m is None:
            continue
        try:
            out[name] = eval(m.group(1), namespace)  # annotations name exported model types
        except NameError:
            continue
    return out


TARGETS = _strategy_targets()


def _strategies_for(cls: type[Any]) -> list[Callable[[], st.SearchStrategy[Any]]]:
    """The strategies whose annotation says they draw ``cls`` (or a tuple of it); every input
    model has one (tests/test_strategies.py checks for_model covers each)."""
    found = [getattr(strategies, n) for n, t in TARGETS.items()
             if t is cls or (typing.get_origin(t) is tuple and typing.get_args(t)[0] is cls)]
    assert found, f"no strategy in revitalize.testing.strategies draws {cls.__name__}"
    return found


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, tuple) else [value]


# --------------------------------------------------------------------------- schemas


@pytest.mark.parametrize("name", [*MODELS, "Assessment"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    """Every schema is itself a valid draft 2020-12 schema."""
    Validator.check_schema(schema_for(name))


@pytest.mark.parametrize("name", MODELS)
def test_schema_closes_every_object(name: str) -> None:
    """Every object of an input schema refuses fields the model does not have."""
    schema = schema_for(name)
    objects = [schema, *schema.get("$defs", {}).values()]
    assert all(o["additionalProperties"] is False for o in objects if o.get("type") == "object")


def test_required_fields_are_those_without_defaults() -> None:
    """A field without a default is required; one with a default is not."""
    schema = json_schema(Household)
    assert {"id", "town", "village", "poverty_status", "members"} <= set(schema["required"])
    assert "annual_net_income" not in schema["required"]
    member = schema["$defs"]["Member"]
    assert member["required"] == ["id", "birth_date"]


def test_personal_fields_are_marked() -> None:
    """Personal fields carry x-personal with their kind."""
    member = json_schema(Household)["$defs"]["Member"]["properties"]
    assert member["phone"]["x-personal"] == "contact"
    assert member["serious_illness"]["x-personal"] == "health"
    assert "x-personal" not in member["birth_date"]


def test_enum_lists_values_and_chinese_labels() -> None:
    """An enum field lists its values and their Chinese labels."""
    prop = json_schema(Household)["properties"]["poverty_status"]
    assert "never_registered" in prop["enum"]
    assert prop["x-labels-zh"]["never_registered"] == "非建档立卡户"


def test_unknown_model_names_close_matches() -> None:
    """An unknown model name is an UnknownNameError naming the close match."""
    with pytest.raises(UnknownNameError, match="Household"):
        schema_for("Houshold")
    with pytest.raises(UnknownNameError):
        output_schema("Household")


# --------------------------------------------------------------------------- valid data


@pytest.mark.parametrize("name", sorted(TARGETS))
@SOME
@given(data=st.data())
def test_strategy_output_validates(name: str, data: st.DataObject) -> None:
    """Every strategy's output, written by the converter, validates (with format checks)."""
    target = TARGETS[name]
    item_type = typing.get_args(target)[0] if typing.get_origin(target) is tuple else target
    validator = _validator(json_schema(item_type))
    for value in _items(data.draw(getattr(strategies, name)())):
        for public in (False, True):
            instance = json.loads(json.dumps(to_json_value(value, public=public)))
            errors = [e.message for e in validator.iter_errors(instance)]
            assert errors == [], (name, public, errors)


@pytest.mark.parametrize("name", MODELS)
@SOME
@given(data=st.data())
def test_every_input_model_validates_its_strategy_output(name: str, data: st.DataObject) -> None:
    """Each input model's strategy output validates against the model's own schema."""
    cls = input_models()[name]
    found = _strategies_for(cls)
    validator = _validator(json_schema(cls))
    value = data.draw(st.one_of([s() for s in found]))
    for item in _items(value):
        instance = json.loads(json.dumps(to_json_value(item)))
        assert list(validator.iter_errors(instance)) == []


def test_assessment_output_validates() -> None:
    """An assessment's JSON validates against the Assessment schema."""

    class _Decision:
        def aspects(self) -> Mapping[str, object]:
            return {"in_range": True}

        def to_json(self) -> dict[str, Any]:
            return {"in_range": True}

        def summary(self, lang: str) -> str:
            return "in range"

    params = default_parameters()
    on = dt.date(2023, 6, 1)
    h = loads(json.dumps(_BASE), Household)
    findings = (income_screen(h, params, on),)
    assessment = Assessment(h.id, on, findings, _Decision(),
                            stale_parameter_notices(findings, params, on),
                            Provenance.of(params, on, input_sha256(h)))
    instance = json.loads(json.dumps(assessment.to_json(), ensure_ascii=False))
    assert list(_validator(output_schema("Assessment")).iter_errors(instance)) == []


@SOME
@given(household=strategies.households())
def test_household_assessment_output_validates(household: Household) -> None:
    """Every household assessment's JSON validates against the Assessment schema."""
    monitoring = pytest.importorskip("revitalize.policy.monitoring")
    assessment = monitoring.assess_household(household, default_parameters(),
                                             strategies.ASSESSMENT_DATE)
    instance = json.loads(json.dumps(assessment.to_json(), ensure_ascii=False))
    errors = [e.message for e in _validator(output_schema("Assessment")).iter_errors(instance)]
    assert errors == []


# --------------------------------------------------------------------------- invalid data

_BASE: dict[str, Any] = {
    "id": "H-1",
    "town": "丛林镇",
    "village": "海孔村",
    "poverty_status": "registered_lifted",
    "lifted_year": 2019,
    "annual_net_income": "11998.50",
    "members": [{"id": "M1", "birth_date": "1980-01-31"}],
}


#: Rows of the invalid-input table that JSON Schema cannot express, with the reason.
NOT_EXPRESSIBLE = {
    "duplicate member ids": "uniqueness by a key of the items is checked by the converter",
    "duplicate JSON key": "a parsed JSON value has no duplicate keys left to check",
    "fraction as an integer": "JSON Schema counts 2019.0 as an integer; the converter refuses it",
}

STRUCTURAL = [row for row in INVALID_TABLE if row[4] == "loads"]


def test_base_document_is_valid() -> None:
    """The documents the invalid cases start from are valid for schema and converter."""
    assert list(_validator(json_schema(Household)).iter_errors(_BASE)) == []
    from_json_value(_BASE, Household)
    for row in STRUCTURAL:
        assert list(_validator(json_schema(row[3])).iter_errors(row[1])) == [], row[0]


@pytest.mark.parametrize(
    ("case", "base", "change", "model"),
    [row[:4] for row in STRUCTURAL],
    ids=[row[0] for row in STRUCTURAL],
)
def test_structural_invalid_input_fails_schema(
    case: str, base: dict[str, Any], change: Any, model: type[Any]
) -> None:
    """Each structural case of the invalid-input table fails schema validation."""
    if case in NOT_EXPRESSIBLE:
        pytest.skip(f"not expressible in JSON Schema: {NOT_EXPRESSIBLE[case]}")
    doc = json.loads(invalid_text(base, change))  # Python's parser: floats, NaN as float
    assert not _validator(json_schema(model)).is_valid(doc)


def _bad_values(prop: Mapping[str, Any]) -> list[Any]:
    """Values a property's schema must refuse, by the kind of value it holds."""
    options = prop.get("anyOf", [prop])
    patterns = {o.get("pattern", "") for o in options}
    if any("[1-9][0-9]{0," in p for p in patterns):  # money
        return ["1.005", 1.5, True, "NaN", "-1", "1e3"]
    if any(o.get("format") == "date" for o in options):
        return ["2021-06-01T00:00:00", "2021-13-01", 20210601]
    enums = [o for o in options if "enum" in o]
    if enums:
        return ["no_such_value", 1]
    if any(o.get("type") == "boolean" for o in options):
        return ["true", 1]
    return []


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_structural_mutations_fail_schema_and_converter(name: str, data: st.DataObject) -> None:
    """A bad money, date, enum or boolean value, or an unknown key, fails schema and converter."""
    cls = input_models()[name]
    found = _strategies_for(cls)
    schema = json_schema(cls)
    validator = _validator(schema)
    items = _items(data.draw(st.one_of([s() for s in found])))
    assume(items)
    value = items[0]
    good = json.loads(json.dumps(to_json_value(value)))
    cases = [("__unknown__", "x")]
    for key, prop in schema["properties"].items():
        cases.extend((key, bad) for bad in _bad_values(prop))
    for key, bad in cases:
        doc = {**good, key: bad}
        assert not validator.is_valid(doc), (key, bad)
        with pytest.raises(InvalidInputError):
            loads(json.dumps(doc), cls)


# --------------------------------------------------------------------------- command


def test_schema_command_prints_a_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``revitalize schema Household`` prints the Household schema as JSON."""
    assert main(["schema", "Household"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(Household)


def test_schema_command_lists_models(capsys: pytest.CaptureFixture[str]) -> None:
    """``revitalize schema`` without a model lists every model name."""
    assert main(["schema", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in schema_names())


def test_schema_command_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown model is a usage error (exit 2) with the close match and no traceback."""
    assert main(["schema", "MonitoringCas", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'MonitoringCase'" in err
    assert "Traceback" not in err
