"""One table of invalid inputs: each raises, or validate returns, an error naming the path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from revitalize.errors import InvalidInputError, Problem, RevitalizeError
from revitalize.models import Household, MonitoringCase, validate
from revitalize.serialization import loads

ON = dt.date(2023, 6, 1)

HOUSEHOLD: dict[str, Any] = {
    "id": "H-0001",
    "town": "丛林镇",
    "village": "海孔村",
    "poverty_status": "registered_lifted",
    "lifted_year": 2019,
    "annual_net_income": "11999.50",
    "last_year_net_income": 13000,
    "rigid_expenditure": {"medical_out_of_pocket": "8000.00"},
    "housing": {"grade": "B", "appraised_on": "2021-09-30"},
    "water": {"quantity_litres_per_person_day": "60", "quality": "passed", "piped_to_home": True},
    "members": [
        {"id": "M1", "birth_date": "1970-05-01", "labor_capacity": "full"},
        {"id": "M2", "birth_date": "1972-11-15", "labor_capacity": "half"},
        {"id": "M3", "birth_date": "2010-09-01", "school_status": "in_school_in_county"},
    ],
}

CASE: dict[str, Any] = {
    "id": "C-1",
    "household_id": "H-0001",
    "entry_channel": "cadre_check",
    "status": "clue",
    "opened_on": "2023-01-05",
    "town": "丛林镇",
    "village": "海孔村",
}


class Registry:
    """A place registry that knows one village of one town."""

    def has_town(self, name: str) -> bool:
        return name == "丛林镇"

    def has_village(self, town: str, village: str) -> bool:
        return (town, village) == ("丛林镇", "海孔村")


def setting(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the leaf at ``path``."""

    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def deleting(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    """A change that removes the key at ``path``."""

    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


#: (id, base document, change or (key, raw JSON text), model, where checked, path, fragment)
TABLE: list[tuple[str, dict[str, Any], Any, type[Any], str, str, str]] = [
    ("negative income", HOUSEHOLD, setting(("annual_net_income",), "-1"), Household, "loads",
     "$.annual_net_income", "0 or more"),
    ("negative integer income", HOUSEHOLD, setting(("last_year_net_income",), -5), Household,
     "loads", "$.last_year_net_income", "0 or more"),
    ("three decimal places", HOUSEHOLD,
     setting(("rigid_expenditure", "medical_out_of_pocket"), "8000.001"), Household, "loads",
     "$.rigid_expenditure.medical_out_of_pocket", "2 decimal places"),
    ("a float as money", HOUSEHOLD, ("annual_net_income", "11999.5"), Household, "loads",
     "$.annual_net_income", "the number 11999.5"),
    ("true as money", HOUSEHOLD, setting(("annual_net_income",), True), Household, "loads",
     "$.annual_net_income", "got true"),
    ('"NaN" as money', HOUSEHOLD, setting(("annual_net_income",), "NaN"), Household, "loads",
     "$.annual_net_income", "got 'NaN'"),
    ("bare NaN as money", HOUSEHOLD, ("annual_net_income", "NaN"), Household, "loads",
     "$.annual_net_income", "got NaN"),
    ("Infinity as money", HOUSEHOLD, setting(("annual_net_income",), "Infinity"), Household,
     "loads", "$.annual_net_income", "got 'Infinity'"),
    ("exponent in money", HOUSEHOLD, setting(("annual_net_income",), "1E+4"), Household, "loads",
     "$.annual_net_income", "decimal string"),
    ("underscore in money", HOUSEHOLD, setting(("annual_net_income",), "11_999"), Household,
     "loads", "$.annual_net_income", "decimal string"),
    ("padded money", HOUSEHOLD, setting(("annual_net_income",), " 11999"), Household, "loads",
     "$.annual_net_income", "decimal string"),
    ("unknown enum value", HOUSEHOLD, setting(("members", 1, "labor_capacity"), "partial"),
     Household, "loads", "$.members[1].labor_capacity", "expected one of"),
    ("unknown field", HOUSEHOLD, setting(("housing", "colour"), "red"), Household, "loads",
     "$.housing.colour", "unknown field"),
    ("misspelt field", HOUSEHOLD, setting(("members", 0, "labour_capacity"), "full"), Household,
     "loads", "$.members[0].labour_capacity", "did you mean 'labor_capacity'"),
    ("missing field", HOUSEHOLD, deleting(("members", 2, "birth_date")), Household, "loads",
     "$.members[2].birth_date", "missing required field"),
    ("datetime in a date field", HOUSEHOLD,
     setting(("members", 2, "birth_date"), "2010-09-01T08:00:00"), Household, "loads",
     "$.members[2].birth_date", "not a date and time"),
    ("impossible date", HOUSEHOLD, setting(("members", 2, "birth_date"), "2021-13-01"),
     Household, "loads", "$.members[2].birth_date", "expected an ISO date, got '2021-13-01'"),
    ("duplicate member ids", HOUSEHOLD, setting(("members", 2, "id"), "M1"), Household, "loads",
     "$.members[2]", "duplicate member id 'M1'"),
    ("duplicate JSON key", HOUSEHOLD, ("town", '"丛林镇", "town": "丛林镇"'), Household, "loads",
     "$.town", "more than once"),
    ("string as a bool", HOUSEHOLD, setting(("water", "piped_to_home"), "yes"), Household,
     "loads", "$.water.piped_to_home", "true or false"),
    ("number as a date", CASE, setting(("history",), [{"on": 1.0}]), MonitoringCase, "loads",
     "$.history[0].on", "ISO date"),
    ("fraction as an integer", HOUSEHOLD, ("lifted_year", "2019.0"), Household, "loads",
     "$.lifted_year", "expected an integer"),
    ("member born after the assessment date", HOUSEHOLD,
     setting(("members", 2, "birth_date"), "2023-06-02"), Household, "validate",
     "$.members[2].birth_date", "after the assessment date 2023-06-01"),
    ("unknown town", HOUSEHOLD, setting(("town",), "万东镇"), Household, "validate", "$.town",
     "unknown town '万东镇'"),
    ("unknown village", CASE, setting(("village",), "青山村"), MonitoringCase, "validate",
     "$.village", "unknown village '青山村'"),
]


def _text(base: dict[str, Any], change: Any) -> str:
    doc = copy.deepcopy(base)
    if callable(change):
        change(doc)
        return json.dumps(doc, ensure_ascii=False)
    # (key, raw text): the key's value is written as given, so JSON-only forms
    # (floats, NaN, duplicate keys) reach the parser as written.
    key, raw = change
    rest = json.dumps({k: v for k, v in doc.items() if k != key}, ensure_ascii=False)[1:]
    return f"{{{json.dumps(key)}: {raw}, {rest}"


@pytest.mark.parametrize(
    ("base", "change", "model", "where", "path", "fragment"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_invalid_input_is_reported_with_its_path(
    base: dict[str, Any], change: Any, model: type[Any], where: str, path: str, fragment: str
) -> None:
    """The input is refused (or validate objects) with a problem at the path saying why."""
    text = _text(base, change)
    problems: list[Problem]
    if where == "loads":
        with pytest.raises(RevitalizeError) as e:
            loads(text, model)
        assert isinstance(e.value, InvalidInputError)
        problems = list(e.value.problems)
        assert f"{path}: " in str(e.value)
    else:
        obj = loads(text, model)
        problems = validate(obj, on=ON, registry=Registry())
    matching = [p for p in problems if p.path == path]
    assert matching, problems
    assert any(fragment in p.message for p in matching), matching
