"""Exact JSON: text round trips for every model, money format, canonical form, hashing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.models import (
    Department,
    DepartmentRecord,
    DrinkingWater,
    Household,
    Housing,
    Measure,
    Member,
    MonitoringCase,
    PovertyStatus,
    RigidExpenditure,
    StatusChange,
    WarningClue,
)
from revitalize.models._fields import (
    QUANTITY_MAX_DIGITS,
    Money,
    Name,
    Quantity,
    iso_date,
    money,
    name,
    optional,
    quantity,
)
from revitalize.serialization import (
    canonical_json,
    dumps,
    from_json_value,
    input_sha256,
    loads,
    make_converter,
    to_json_value,
)
from revitalize.testing import strategies as rst

CONV = make_converter()
PUBLIC = make_converter(public=True)

MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Household, rst.households()),
    (Member, rst.members()),
    (RigidExpenditure, rst.rigid_expenditures()),
    (Housing, rst.housing()),
    (DrinkingWater, rst.drinking_water()),
    (MonitoringCase, rst.monitoring_cases()),
    (StatusChange, rst.status_changes().filter(bool).map(lambda h: h[0])),
    (Measure, rst.measures()),
    (WarningClue, rst.warning_clues()),
    (DepartmentRecord, rst.department_records()),
]


def decimals(obj: Any, path: str = "$") -> list[tuple[str, str]]:
    """Every Decimal in an object tree, as (path, str(value))."""
    if isinstance(obj, Decimal):
        return [(path, str(obj))]
    if isinstance(obj, tuple):
        return [x for i, item in enumerate(obj) for x in decimals(item, f"{path}[{i}]")]
    if attrs.has(type(obj)):
        return [
            x for a in attrs.fields(type(obj)) for x in decimals(getattr(obj, a.name), a.name)
        ]
    return []


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=[m[0].__name__ for m in MODELS])
@settings(max_examples=200)
@given(data=st.data())
def test_json_text_round_trip(cls: type[Any], strategy: st.SearchStrategy[Any], data: Any) -> None:
    """Every model comes back equal from its JSON text, each Decimal with its own exponent."""
    obj = data.draw(strategy)
    text = dumps(obj, converter=CONV)
    back = loads(text, cls, converter=CONV)
    assert back == obj
    assert decimals(back) == decimals(obj)
    assert dumps(back, converter=CONV) == text
    canonical = dumps(obj, canonical=True, converter=CONV)
    assert loads(canonical, cls, converter=CONV) == obj


@pytest.mark.parametrize(
    ("given_", "written"),
    [("1.0", "1.0"), ("1.00", "1.00"), ("1", "1"), ("0.10", "0.10"), ("0", "0"), ("0.00", "0.00")],
)
def test_money_keeps_its_exponent_through_text(given_: str, written: str) -> None:
    """Money written as a string comes back written the same way."""
    doc = {"household_id": "H", "source_department": "health", "on": "2022-01-01",
           "kind": "medical_out_of_pocket", "amount": given_}
    record = loads(json.dumps(doc), DepartmentRecord)
    assert str(record.amount) == written
    assert to_json_value(record)["amount"] == written


def test_integer_money_is_read_and_written_as_a_string() -> None:
    """A JSON integer is accepted as money and written back as a decimal string."""
    doc = {"household_id": "H", "source_department": "health", "on": "2022-01-01",
           "kind": "disaster_loss", "amount": 12000}
    record = from_json_value(doc, DepartmentRecord)
    assert record.amount == Decimal(12000)
    assert to_json_value(record)["amount"] == "12000"


def test_output_is_plain_json() -> None:
    """Dates are ISO strings, enums their values, tuples arrays, unknowns null."""
    h = Household(
        id="H-1", town="丛林镇", village="海孔村", poverty_status=PovertyStatus.NEVER_REGISTERED,
        members=(Member(id="M1", birth_date=dt.date(1980, 1, 31)),),
    )
    value = to_json_value(h)
    assert value["poverty_status"] == "never_registered"
    assert value["members"][0]["birth_date"] == "1980-01-31"
    assert value["members"][0]["labor_capacity"] == "not_assessed"
    assert value["annual_net_income"] is None
    assert isinstance(value["members"], list)
    assert "丛林镇" in dumps(h)


def test_canonical_json_is_sorted_and_compact() -> None:
    """The canonical form sorts keys and has no spaces."""
    assert canonical_json({"b": [1, {"d": None, "c": "镇"}], "a": True}) == (
        '{"a":true,"b":[1,{"c":"镇","d":null}]}'
    )


@given(rst.households())
def test_input_hash_ignores_key_order_and_personal_data(h: Household) -> None:
    """The input hash is the same for reordered keys and for changed personal data."""
    digest = input_sha256(h, converter=PUBLIC)
    assert len(digest) == 64
    assert input_sha256(h) == digest
    shuffled = json.dumps(dict(reversed(list(to_json_value(h, converter=CONV).items()))))
    assert input_sha256(loads(shuffled, Household, converter=CONV), converter=PUBLIC) == digest
    other = attrs.evolve(h, members=tuple(attrs.evolve(m, phone="13912345678") for m in h.members))
    assert input_sha256(other, converter=PUBLIC) == digest


def test_input_hash_changes_with_an_exponent() -> None:
    """1.0 and 1.00 yuan are different inputs for provenance."""
    base = {"household_id": "H", "source_department": "health", "on": "2022-01-01",
            "kind": "disaster_loss"}
    one = from_json_value({**base, "amount": "1.0"}, DepartmentRecord)
    two = from_json_value({**base, "amount": "1.00"}, DepartmentRecord)
    assert one == two
    assert input_sha256(one) != input_sha256(two)


def test_converters_are_independent_values() -> None:
    """Two converters are separate objects; hooks added to one do not change the other."""
    a, b = make_converter(), make_converter()
    a.register_unstructure_hook(dt.date, lambda d: "changed")
    clue = WarningClue("H-1", Department.HEALTH, dt.date(2022, 1, 1), "MON-10")
    assert to_json_value(clue, converter=a)["on"] == "changed"
    assert to_json_value(clue, converter=b)["on"] == "2022-01-01"


# --------------------------------------------------------------------------- genericity


@attrs.frozen
class Grant:
    """A model defined outside the library, built only on the _fields helpers."""

    recipient: Name = attrs.field(validator=name)
    amount: Money = attrs.field(validator=money)
    paid_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))


@attrs.frozen
class Programme:
    """A model holding tuples and a mapping of other models."""

    grants: tuple[Grant, ...]
    by_town: Mapping[str, Money] = attrs.field(factory=dict, eq=False)
    tags: tuple[str, ...] = ()


def test_new_models_work_without_changing_the_converter() -> None:
    """An attrs class using the _fields types is read and written with no new hooks."""
    text = json.dumps(
        {
            "grants": [{"recipient": "海孔村", "amount": "10.50", "paid_on": "2022-05-01"}],
            "by_town": {"丛林镇": "1.0"},
            "tags": ["a"],
        }
    )
    p = loads(text, Programme)
    assert p.grants[0].amount == Decimal("10.50")
    assert str(p.by_town["丛林镇"]) == "1.0"
    assert json.loads(dumps(p)) == json.loads(text)
    with pytest.raises(InvalidInputError) as e:
        loads(
            '{"grants": [{"recipient": "", "amount": 1.5}], "by_town": {"x": "-1"}}', Programme
        )
    assert sorted(p.path for p in e.value.problems) == [
        "$.by_town.x",
        "$.grants[0].amount",
        "$.grants[0].recipient",
    ]


# --------------------------------------------------------------------------- exponents


@attrs.frozen
class Gauge:
    """A model with a quantity and a signed decimal, for values ``str`` writes with an exponent."""

    reading: Quantity = attrs.field(validator=quantity)
    offset: Decimal = Decimal(0)


def _decimal(digits: int, exponent: int, negative: bool = False) -> Decimal:
    return Decimal(f"{'-' if negative else ''}{digits}E{exponent}")


@settings(max_examples=300)
@given(
    digits=st.integers(0, 10**QUANTITY_MAX_DIGITS - 1),
    exponent=st.integers(-80, 0),
    offset_digits=st.integers(0, 10**QUANTITY_MAX_DIGITS - 1),
    offset_exponent=st.integers(-80, 0),
    negative=st.booleans(),
)
def test_tiny_and_huge_decimals_round_trip_without_an_exponent(
    digits: int, exponent: int, offset_digits: int, offset_exponent: int, negative: bool
) -> None:
    """A tiny or huge decimal (up to QUANTITY_MAX_DIGITS digits) comes back equal, same exponent."""
    gauge = Gauge(Quantity(_decimal(digits, exponent)),
                  _decimal(offset_digits, offset_exponent, negative))
    text = dumps(gauge)
    assert not any(c in v for v in json.loads(text).values() for c in "eE")
    back = loads(text, Gauge)
    assert back == gauge
    assert back.reading.as_tuple() == gauge.reading.as_tuple()
    assert back.offset.as_tuple() == gauge.offset.as_tuple()


@pytest.mark.parametrize(
    ("value", "written"),
    [("1E-7", "0.0000001"), ("1.00E-7", "0.000000100"), ("0E-10", "0.0000000000"),
     ("0.000001", "0.000001"), ("1.0", "1.0"), ("0", "0"), ("12345.670", "12345.670")],
)
def test_decimals_are_written_in_positional_notation(value: str, written: str) -> None:
    """A value ``str`` writes with an exponent is written positionally; others keep ``str``."""
    assert to_json_value(Gauge(Quantity(Decimal(value))))["reading"] == written
