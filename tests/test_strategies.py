"""The public strategies: one for every model and schema input, each drawing valid objects.

For every model :func:`revitalize.testing.strategies.for_model` knows, a drawn
object is of the model's class, passes :func:`revitalize.models.validate` with
the packaged registry, comes back equal from its JSON text (read by the model's
own reader), writes the same bytes again, and, when the model is an input with a
schema, validates against that schema. Coverage cannot regress silently: a new
exported model or schema input without a strategy fails here.

The per-model tests run under the ``per-model`` hypothesis profile (30 examples
each: there are some 80 models).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from revitalize import models
from revitalize.errors import UnknownNameError
from revitalize.indicators.catalog import Baseline
from revitalize.indicators.observations import (
    Observation,
    ObservationSet,
    parse_observations_json,
)
from revitalize.indicators.progress import Status, YearStatus
from revitalize.models import GovernanceRecords, validate, validate_records, wansheng_registry
from revitalize.policy.cases import ScreeningRecord
from revitalize.schema import input_models, input_names, schema_for
from revitalize.serialization import dumps, loads, make_converter, to_json_value
from revitalize.testing import strategies as rst

settings.register_profile(
    "per-model", max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PER_MODEL = settings(settings.get_profile("per-model"))

CONV = make_converter()
REG = wansheng_registry()
ON = rst.ASSESSMENT_DATE
Validator = jsonschema.Draft202012Validator

#: Models read by their own reader rather than the converter, with that reader.
OWN_FORMAT = {"ObservationSet", "Observation"}


def _classes() -> dict[str, type[Any]]:
    """Every model class by name: the exported attrs classes and the schema inputs."""
    out = {n: getattr(models, n) for n in models.__all__
           if isinstance(getattr(models, n), type) and attrs.has(getattr(models, n))}
    out.update(input_models())
    out.update(ObservationSet=ObservationSet, Observation=Observation,
               ScreeningRecord=ScreeningRecord)
    return out


CLASSES = _classes()


# --------------------------------------------------------------------------- coverage


def test_every_schema_input_has_a_strategy() -> None:
    """Every input ``revitalize schema`` lists has a strategy (add one to for_model)."""
    missing = sorted(set(input_names()) - set(rst.model_names()))
    assert missing == [], f"no strategy in revitalize.testing.strategies for {missing}"


def test_every_exported_model_has_a_strategy() -> None:
    """Every attrs class revitalize.models exports has a strategy (add one to for_model)."""
    exported = {n for n in models.__all__
                if isinstance(getattr(models, n), type) and attrs.has(getattr(models, n))}
    missing = sorted(exported - set(rst.model_names()))
    assert missing == [], f"no strategy in revitalize.testing.strategies for {missing}"


def test_every_strategy_names_a_known_model() -> None:
    """for_model knows no model that does not exist (a renamed model is noticed)."""
    assert set(rst.model_names()) <= set(CLASSES)


def test_for_model_takes_a_class_or_a_name_and_names_close_matches() -> None:
    """for_model(Household) and for_model("Household") draw households; a typo is named."""
    for key in (models.Household, "Household"):
        assert isinstance(find(rst.for_model(key), lambda _: True), models.Household)
    with pytest.raises(UnknownNameError, match="Household"):
        rst.for_model("Houshold")


# --------------------------------------------------------------------------- every model


def _round_trip(name: str, value: Any) -> None:
    cls = CLASSES[name]
    if name == "Observation":
        value = ObservationSet((value,))
    if name in OWN_FORMAT:
        text = json.dumps(value.to_json(), ensure_ascii=False)
        back = parse_observations_json(text)
        assert back == value
        assert json.dumps(back.to_json(), ensure_ascii=False) == text
        return
    text = dumps(value, converter=CONV)
    back = loads(text, cls, converter=CONV)
    assert back == value
    assert dumps(back, converter=CONV) == text
    canonical = dumps(value, canonical=True, converter=CONV)
    assert loads(canonical, cls) == value
    assert dumps(loads(canonical, cls), canonical=True) == canonical


@pytest.mark.parametrize("name", rst.model_names())
@PER_MODEL
@given(data=st.data())
def test_strategy_draws_valid_objects_that_round_trip(name: str, data: st.DataObject) -> None:
    """Drawn objects are of the model, valid on the assessment date with the packaged
    registry, equal after a JSON round trip and written byte for byte the same again."""
    value = data.draw(rst.for_model(name))
    assert isinstance(value, CLASSES[name])
    assert validate(value, on=ON, registry=REG) == []
    if isinstance(value, GovernanceRecords):
        validate_records(value, REG)
    _round_trip(name, value)


@pytest.mark.parametrize("name", input_names())
@PER_MODEL
@given(data=st.data())
def test_strategy_output_validates_against_the_schema(name: str, data: st.DataObject) -> None:
    """Every schema input's drawn objects, as written, validate against its JSON Schema."""
    value = data.draw(rst.for_model(name))
    validator = Validator(schema_for(name), format_checker=Validator.FORMAT_CHECKER)
    instances = ([value.to_json()] if name in OWN_FORMAT
                 else [to_json_value(value), to_json_value(value, public=True)])
    for instance in instances:
        errors = [e.message for e in validator.iter_errors(json.loads(json.dumps(instance)))]
        assert errors == []


# --------------------------------------------------------------------------- edge values


def _reaches(strategy: st.SearchStrategy[Any], condition: Any) -> None:
    find(strategy, condition, settings=settings(max_examples=2000, database=None))


def test_money_reaches_its_bounds_and_the_converter_takes_them() -> None:
    """Money hits 0, 0.01 and the converter's largest amount, which reads back exactly."""
    top = Decimal(rst.MONEY_MAX_YUAN)
    strategy = rst.money(rst.MONEY_MAX_YUAN)
    for edge in (Decimal(0), Decimal("0.01"), top):
        _reaches(strategy, lambda d, edge=edge: d == edge)
    record = models.DepartmentRecord(
        source_department=models.Department.HEALTH, on=ON, household_id="H",
        kind=models.RecordKind.MEDICAL_OUT_OF_POCKET, amount=top)
    assert loads(dumps(record), models.DepartmentRecord).amount == top
    with pytest.raises(ValueError, match="max_yuan"):
        rst.money(rst.MONEY_MAX_YUAN + 1)


def test_dates_reach_the_ends_of_the_range_and_leap_days() -> None:
    """Dates hit both ends of their range and 29 February."""
    strategy = rst.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31))
    for edge in (dt.date(2020, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 2, 29),
                 dt.date(2021, 1, 1)):
        _reaches(strategy, lambda d, edge=edge: d == edge)


def test_households_have_chinese_names_and_unassessed_fields() -> None:
    """Households name Chinese villages and sometimes leave an assessed field unset."""
    _reaches(rst.households(), lambda h: h.annual_net_income is None)
    _reaches(rst.members(), lambda m: m.willing_to_work is None and m.disability is None)
    _reaches(rst.texts(), lambda t: any("\u4e00" <= c <= "\u9fa5" for c in t))
    h = find(rst.households(), lambda _: True)
    assert all("\u4e00" <= c <= "\u9fa5" for c in h.village)


def test_observation_values_reach_tiny_and_huge_decimals() -> None:
    """Observation values include 0.0000001 and 15-digit numbers (what the bug needed)."""
    _reaches(rst.observations(), lambda o: o.value == Decimal("0.0000001"))
    _reaches(rst.observations(), lambda o: o.value.adjusted() == 14)


# --------------------------------------------------------------------------- regressions


@pytest.mark.parametrize(("value", "written"), [
    (Decimal("0.0000001"), "0.0000001"),
    (Decimal("1E+2"), "100"),
    (Decimal("-1.5E-8"), "-0.000000015"),
    (Decimal("88.80"), "88.80"),
])
def test_observation_writer_writes_decimals_the_reader_takes(value: Decimal,
                                                             written: str) -> None:
    """An observation file written by ObservationSet.to_json reads back (it wrote 1E-7,
    which the reader refuses); the value keeps its digits."""
    s = ObservationSet((Observation("KPI-5", 2023, value),))
    assert s.to_json()["observations"][0]["value"] == written
    assert parse_observations_json(json.dumps(s.to_json())) == s


def test_indicator_outputs_write_decimals_without_an_exponent() -> None:
    """A year's judgement and a baseline write decimals positionally, as the converter does."""
    year = YearStatus(2023, Decimal("1E-7"), Status.ON_TRACK, expected=Decimal("1E+3"))
    assert year.to_json()["observed"] == "0.0000001"
    assert year.to_json()["expected"] == "1000"
    assert Baseline(2020, Decimal("2.5E-6")).to_json()["value"] == "0.0000025"
