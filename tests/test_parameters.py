"""Dated parameters: lookup by date, sources, reforms and every error path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revitalize.errors import (
    InvalidInputError,
    MissingParameterValueError,
    RevitalizeError,
    UnknownNameError,
)
from revitalize.policy.parameters import (
    default_parameters,
    load_parameter_file,
    load_parameters,
    load_reform,
)

GOOD = '''
[[parameter]]
name = "demo.rate"
unit = "percent"
description_zh = "示例"
description_en = "demo"

[[parameter.values]]
start = 2021-01-01
value = "10"
source = "test"

[[parameter.values]]
start = 2023-01-01
value = "12.5"
assumption = "test assumption"
'''


def test_value_holds_until_the_next_dated_value() -> None:
    """A value is in force from its start until the next value starts."""
    p = load_parameters([("demo.toml", GOOD)])
    assert p.decimal("demo.rate", dt.date(2021, 1, 1)) == Decimal("10")
    assert p.decimal("demo.rate", dt.date(2022, 12, 31)) == Decimal("10")
    assert p.decimal("demo.rate", dt.date(2023, 1, 1)) == Decimal("12.5")
    assert p.get("demo.rate", dt.date(2024, 1, 1)).is_assumption


def test_unknown_parameter_suggests_the_close_match() -> None:
    """A misspelt name raises an error that suggests the real one."""
    with pytest.raises(UnknownNameError, match=r"monitoring\.multiplier"):
        default_parameters().get("monitoring.multiplyer", dt.date(2022, 1, 1))


def test_unknown_key_in_a_reform_suggests_the_close_match() -> None:
    """A reform with a misspelt key is refused with the suggestion."""
    with pytest.raises(InvalidInputError, match=r"did you mean .monitoring\.multiplier."):
        default_parameters().reform({"monitoring.multiplyer": "1.6"})


def test_date_before_any_value_is_a_clear_error() -> None:
    """Asking for a date before the first value names the parameter and the first date."""
    with pytest.raises(MissingParameterValueError, match="2021-01-01"):
        default_parameters().get("monitoring.poverty_standard", dt.date(2020, 12, 31))


def test_missing_value_error_is_a_lookup_error() -> None:
    """The error also subclasses the matching builtin."""
    with pytest.raises(LookupError):
        default_parameters().get("monitoring.poverty_standard", dt.date(2000, 1, 1))


def test_reform_below_the_mon02_floor_is_refused() -> None:
    """A monitoring line below 1.5 × the standard breaks the plan's floor."""
    p = default_parameters()
    on = dt.date(2021, 1, 1)
    floor = p.decimal("monitoring.poverty_standard", on) * p.decimal(
        "monitoring.floor_multiplier", on)
    with pytest.raises(InvalidInputError, match="below the floor"):
        p.reform({"monitoring.monitoring_line": str(floor - Decimal("0.01"))})
    assert p.reform({"monitoring.monitoring_line": str(floor)}) is not None


def test_multiplier_below_the_floor_is_refused() -> None:
    """The multiplier itself may not go below the plan's 1.5."""
    p = default_parameters()
    floor = p.decimal("monitoring.floor_multiplier", dt.date(2021, 1, 1))
    with pytest.raises(InvalidInputError, match="below the floor"):
        p.reform({"monitoring.multiplier": str(floor - Decimal("0.1"))})


def test_reform_with_a_wrong_type_is_refused() -> None:
    """A float (binary) value or a wrong kind is refused naming the parameter."""
    with pytest.raises(InvalidInputError, match=r"monitoring\.multiplier"):
        default_parameters().reform({"monitoring.multiplier": 1.6})
    with pytest.raises(InvalidInputError, match="expected one of exact, fen"):
        default_parameters().reform({"monitoring.per_capita_rounding": "half"})


def test_reform_has_a_name_and_a_new_fingerprint() -> None:
    """A reform is a named set whose fingerprint differs from the base."""
    base = default_parameters()
    r = base.reform({"monitoring.monitoring_line": "6500"}, name="line 6500")
    assert r.name == "line 6500" and r.reform_of == base.name
    assert r.fingerprint != base.fingerprint


def test_malformed_parameter_file_names_file_and_line() -> None:
    """A schema mistake is reported with the file and the parameter's line."""
    bad = GOOD.replace('unit = "percent"', 'unit = "percnt"')
    with pytest.raises(InvalidInputError) as info:
        load_parameter_file(bad, "demo.toml")
    assert "demo.toml:3" in str(info.value)
    assert "percent" in str(info.value)  # the suggestion


def test_toml_syntax_error_names_file_line_and_column() -> None:
    """A TOML syntax error gives file, line and column."""
    with pytest.raises(InvalidInputError, match=r"demo.toml:2:\d+"):
        load_parameter_file('[[parameter]]\nname = "x\n', "demo.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('value = "10"', "value = 10.0", "decimal string"),
        ('source = "test"', 'sauce = "test"', "unknown key 'sauce'"),
        ("start = 2023-01-01", "start = 2020-01-01", "strictly increasing"),
        ('source = "test"', 'source = ""', "needs a source"),
    ],
)
def test_each_schema_mistake_is_reported(old: str, new: str, message: str) -> None:
    """Bad values, unknown keys, unordered dates and missing sources are errors."""
    with pytest.raises(InvalidInputError, match=message):
        load_parameter_file(GOOD.replace(old, new, 1), "demo.toml")


def test_reform_file_round_trip(tmp_path: Path) -> None:
    """A reform file applies its changes and takes its name."""
    f = tmp_path / "line.toml"
    f.write_text('name = "监测线 6500"\n[changes]\n"monitoring.monitoring_line" = "6500"\n',
                 encoding="utf-8")
    r = load_reform(f, default_parameters())
    assert r.name == "监测线 6500"
    assert r.decimal("monitoring.monitoring_line", dt.date(2021, 6, 1)) == Decimal(6500)


def test_reform_file_error_names_the_line(tmp_path: Path) -> None:
    """A bad key in a reform file is reported with its line."""
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\n[changes]\n"monitoring.multiplyer" = "1.6"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"bad\.toml:3"):
        load_reform(f, default_parameters())


def test_every_packaged_parameter_has_a_source_or_assumption() -> None:
    """No packaged value is silent about where it comes from."""
    for p in default_parameters():
        assert p.description_zh and p.description_en
        for v in p.values:
            assert v.source or v.assumption, p.name


def test_every_error_is_a_revitalize_error() -> None:
    """The parameter errors share the library's root."""
    for exc in (UnknownNameError, MissingParameterValueError, InvalidInputError):
        assert issubclass(exc, RevitalizeError)


def test_a_list_of_names_is_a_plain_value_in_a_reform() -> None:
    """For a list parameter, a list of strings replaces the value; tables are dated values."""
    base = default_parameters()
    lists = [p for p in base if p.unit.kind == "names" and p.values]
    assert lists
    p = lists[0]
    on = p.values[-1].start
    r = base.reform({p.name: ["x", "y"]})
    assert r.names(p.name, on) == ("x", "y")
    dated = base.reform({p.name: [{"start": on, "value": ["z"]}]})
    assert dated.names(p.name, on) == ("z",)


def test_parameters_json_is_exact(capsys: pytest.CaptureFixture[str]) -> None:
    """`revitalize parameters --json` gives decimals, dates and lists exactly, not as text."""
    import json

    from revitalize.cli import main

    on = dt.date(2021, 6, 1)
    assert main(["parameters", "--json", "--on", on.isoformat()]) == 0
    doc = {p["name"]: p for p in json.loads(capsys.readouterr().out)["parameters"]}
    params = default_parameters()
    for p in params:
        v = p.at(on)
        got = doc[p.name]["values"]
        if v is None:
            assert got == []
            continue
        (value,) = got
        assert value["start"] == v.start.isoformat()
        expected = (str(v.value) if isinstance(v.value, Decimal | dt.date)
                    else list(v.value) if isinstance(v.value, tuple) else v.value)
        assert value["value"] == expected, p.name


MONTH_DAY = '''
[[parameter]]
name = "demo.cutoff"
unit = "month_day"
description_zh = "示例截止日"
description_en = "demo cut-off"

[[parameter.values]]
start = 2021-01-01
value = "08-31"
source = "test"
'''


def test_month_day_parameter_reads_as_month_and_day() -> None:
    """A month_day value is an "MM-DD" text read as (month, day); 29 February is a day."""
    p = load_parameters([("demo.toml", MONTH_DAY)])
    assert p.month_day("demo.cutoff", dt.date(2023, 1, 1)) == (8, 31)
    leap = p.reform({"demo.cutoff": "02-29"})
    assert leap.month_day("demo.cutoff", dt.date(2023, 1, 1)) == (2, 29)
    with pytest.raises(RevitalizeError, match="not a month-and-day"):
        default_parameters().month_day("monitoring.per_capita_rounding", dt.date(2023, 1, 1))


@pytest.mark.parametrize("bad", ['"02-30"', '"8-31"', '"13-01"', '"08/31"', "831",
                                 "2021-08-31"])
def test_month_day_refuses_what_is_not_a_day_of_the_year(bad: str) -> None:
    """A month_day value that is not an MM-DD day of some year is refused with an example."""
    with pytest.raises(InvalidInputError, match=r'month and day such as \\"08-31\\"|08-31'):
        load_parameter_file(MONTH_DAY.replace('"08-31"', bad), "demo.toml")
