"""Reliability of the TOML readers: reforms (every ``--reform``), scenarios (``check``,
the pytest plugin) and observations (``indicators report``, JSON and TOML).

Each is fuzzed (``--fuzz-long`` for 10,000 inputs per reader) and checked on the
cases of issue 14: nesting bombs that crash ``tomllib``, integers and decimals
of 5,000 digits, ``1e999999``, full-width digits, lone surrogates, unknown keys.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from revitalize.cli import main
from revitalize.errors import InvalidInputError, RevitalizeError
from revitalize.indicators.observations import (
    ObservationSet,
    load_observations,
    parse_observations_json,
    parse_observations_toml,
)
from revitalize.policy.parameters import (
    ParameterSet,
    default_parameters,
    load_reform,
    read_reform,
)
from revitalize.reading import DEFAULT_LIMITS, Limits, check_toml, parse_toml
from revitalize.scenarios import ScenarioError, ScenarioFile, parse_scenario
from revitalize.testing import fuzz

pytest_plugins = ["pytester"]

FUZZ = settings(max_examples=fuzz.examples(), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BASE = default_parameters()
LINE = "monitoring.monitoring_line"


@FUZZ
@given(fuzz.reform_texts())
def test_reform_reader_survives_anything(text: str) -> None:
    """Whatever the reform file, a parameter set or an error naming ``file:line``."""
    result = fuzz.sound(lambda: read_reform(text, BASE, source="r.toml"), r"r\.toml")
    assert isinstance(result, ParameterSet | RevitalizeError)


@FUZZ
@given(fuzz.scenario_texts())
def test_scenario_reader_survives_anything(text: str) -> None:
    """Whatever the scenario file, its cases or a ScenarioError naming ``file:line``."""
    result = fuzz.sound(lambda: parse_scenario(text, "s.scenario.toml", base=BASE),
                        r"s\.scenario\.toml")
    assert isinstance(result, ScenarioFile | ScenarioError)


@FUZZ
@given(fuzz.observation_toml_texts())
def test_observation_toml_reader_survives_anything(text: str) -> None:
    """Whatever the TOML observation file, a set or an error naming the file or the path."""
    result = fuzz.sound(lambda: parse_observations_toml(text, source="o.toml"),
                        r"o\.toml|\$")
    assert isinstance(result, ObservationSet | RevitalizeError)


@FUZZ
@given(fuzz.observation_json_texts())
def test_observation_json_reader_survives_anything(text: str) -> None:
    """Whatever the JSON observation file, a set or an error naming the file or the path."""
    result = fuzz.sound(lambda: parse_observations_json(text, source="o.json"),
                        r"o\.json|\$|indicator \(at \$")
    assert isinstance(result, ObservationSet | RevitalizeError)


# --------------------------------------------------------------------------- TOML bounds


def test_toml_nesting_just_inside_and_just_outside() -> None:
    """Arrays nested 64 deep are parsed; 65 deep are refused before tomllib recurses."""
    n = DEFAULT_LIMITS.max_depth
    assert parse_toml("a = " + "[" * n + "]" * n + "\n", "x.toml")["a"]
    with pytest.raises(InvalidInputError) as e:
        parse_toml("a = 1\nb = " + "[" * (n + 1) + "]" * (n + 1) + "\n", "x.toml")
    assert str(e.value.problems[0]) == (
        f"x.toml:2: arrays and objects nested deeper than {n} levels (the limit)")


@pytest.mark.parametrize("bomb", [
    "a = " + "[" * 500 + "]" * 500,  # issue 14: 1 KB that crashes tomllib
    "a = " + "{b = " * 3_000 + "1" + "}" * 3_000,
])
def test_toml_nesting_bombs_are_refused(bomb: str) -> None:
    """Nesting bombs are an InvalidInputError, never a RecursionError."""
    with pytest.raises(InvalidInputError, match="nested deeper than"):
        parse_toml(bomb, "x.toml")


def test_brackets_in_toml_strings_and_comments_do_not_count() -> None:
    """Brackets in strings, literal strings and comments are not nesting."""
    text = ('a = "' + "[" * 200 + '"\nb = \'' + "{" * 200 + "'\n# " + "[" * 200
            + '\nc = """\n' + "[" * 200 + '\n"""\n')
    check_toml(text, "x.toml")
    assert parse_toml(text, "x.toml")["a"] == "[" * 200


def test_toml_number_length_just_inside_and_just_outside() -> None:
    """A number of 64 characters is parsed; 65 (or 5,000) is refused with its line."""
    n = DEFAULT_LIMITS.max_number_length
    assert parse_toml("a = " + "9" * n, "x.toml")["a"] == int("9" * n)
    for digits in (n + 1, 5_000):
        with pytest.raises(InvalidInputError) as e:
            parse_toml("x = 1\na = " + "9" * digits, "x.toml")
        assert str(e.value.problems[0]) == (
            f"x.toml:2: a number of {digits:,} characters; at most {n} are read")


def test_toml_lone_surrogates_are_refused_with_their_line() -> None:
    """A lone surrogate in TOML text (an escape tomllib refuses, or the character) names
    its line."""
    with pytest.raises(InvalidInputError, match=r"x\.toml:2"):
        parse_toml('a = 1\nb = "\\ud800"\n', "x.toml")
    with pytest.raises(InvalidInputError) as e:
        parse_toml('a = 1\nb = "H\ud800"\n', "x.toml")
    assert str(e.value.problems[0]).startswith("x.toml:2:7: a lone surrogate (U+D800)")


# --------------------------------------------------------------------------- reforms


def reform(tmp_path: Path, body: str) -> Path:
    f = tmp_path / "r.toml"
    f.write_text(body, encoding="utf-8")
    return f


def test_full_width_digits_are_not_an_amount(tmp_path: Path) -> None:
    """``"６５００"`` passes no more for 6500 (a ``\\d`` check did); ``"6500"`` does."""
    on = dt.date(2023, 6, 1)
    assert load_reform(reform(tmp_path, f'[changes]\n"{LINE}" = "6500"\n'), BASE).decimal(
        LINE, on) == 6500
    with pytest.raises(InvalidInputError) as e:
        load_reform(reform(tmp_path, f'[changes]\n"{LINE}" = "６５００"\n'), BASE)
    assert str(e.value.problems[0]) == (
        f'{tmp_path / "r.toml"}:2: reform.{LINE}: expected a decimal of ASCII digits such as '
        "\"4000\", got '６５００'")


@pytest.mark.parametrize(("value", "message"), [
    ('"' + "9" * 5_000 + '"', "expected at most 15 digits before the point, got 5,000"),
    ('"1.' + "5" * 40 + '"', "expected at most 28 significant digits, got 41"),
    ('"1e999999"', "expected a decimal of ASCII digits"),
])
def test_huge_decimals_are_refused_not_invalid_operation(tmp_path: Path, value: str,
                                                         message: str) -> None:
    """A 5,000-digit decimal string (issue 14: InvalidOperation) is refused with its line."""
    with pytest.raises(InvalidInputError) as e:
        load_reform(reform(tmp_path, f'[changes]\n"{LINE}" = {value}\n'), BASE)
    assert e.value.problems[0].path == f"{tmp_path / 'r.toml'}:2"
    assert message in e.value.problems[0].message


def test_spans_are_bounded_so_derived_dates_stay_dates(tmp_path: Path) -> None:
    """A span of days is at most 200 years: 73,050 days is read, 73,051 refused."""
    ok = load_reform(reform(tmp_path, '[changes]\n"cases.notice_days" = 73050\n'), BASE)
    assert ok.integer("cases.notice_days", dt.date(2023, 6, 1)) == 73_050
    with pytest.raises(InvalidInputError, match="expected at most 73,050 days in size"):
        load_reform(reform(tmp_path, '[changes]\n"cases.notice_days" = 73051\n'), BASE)


def test_declared_integer_bounds_are_checked(tmp_path: Path) -> None:
    """An integer parameter's declared minimum holds in a reform (it was only checked for
    decimals)."""
    p = next(p for p in BASE if p.unit.kind == "integer" and p.minimum is not None)
    below = int(p.minimum) - 1 if p.minimum is not None else 0
    with pytest.raises(InvalidInputError, match="is below the minimum"):
        load_reform(reform(tmp_path, f'[changes]\n"{p.name}" = {below}\n'), BASE)


def test_reform_dates_take_one_syntax(tmp_path: Path) -> None:
    """A dated change's start is YYYY-MM-DD, in range; ``20230101`` is refused."""
    body = f'[changes]\n[[changes."{LINE}"]]\nstart = "20230101"\nvalue = "6500"\n'
    with pytest.raises(InvalidInputError, match="expected an ISO date such as 2023-06-01"):
        load_reform(reform(tmp_path, body), BASE)
    body = f'[changes]\n[[changes."{LINE}"]]\nstart = 9999-12-31\nvalue = "6500"\n'
    with pytest.raises(InvalidInputError, match="expected a date between 1900-01-01"):
        load_reform(reform(tmp_path, body), BASE)


def test_check_reform_is_the_same_reader(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``check --reform`` refuses unknown top-level keys and ``name = 5`` as every other
    command does (issue 14: it accepted them)."""
    scenarios = Path(__file__).parent.parent / "src/revitalize/data/scenarios"
    for body, expected in [
        ('name = "r"\nextra = 1\n[changes]\n', "unknown key 'extra'"),
        ("name = 5\n[changes]\n", "name must be a non-empty string, got 5"),
    ]:
        f = reform(tmp_path, body)
        assert main(["check", str(scenarios), "--reform", str(f), "--lang", "en"]) == 1
        assert expected in capsys.readouterr().err
        assert main(["assess", "--sample", "--reform", str(f), "--lang", "en"]) == 1
        assert expected in capsys.readouterr().err


def test_a_reform_file_too_large_is_refused(tmp_path: Path) -> None:
    """A reform file over the record limit is refused by size before it is parsed."""
    f = reform(tmp_path, "# " + "x" * 2_000 + "\n[changes]\n")
    with pytest.raises(InvalidInputError, match="larger than the limit of 1,000 bytes"):
        load_reform(f, BASE, limits=Limits(max_record_bytes=1_000))


# --------------------------------------------------------------------------- scenarios


SCENARIO = '''name = "s"
kind = "household"
date = {date}

[[case]]
name = "c"

[case.input]
id = "H-1"
town = "丛林镇"
village = "海孔村"
poverty_status = "never_registered"
annual_net_income = {income}

[[case.input.members]]
id = "M1"
birth_date = "1980-01-31"

[case.expect]
in_range = false
'''


def test_scenario_bounds_name_their_lines() -> None:
    """A 5,000-digit amount, a date past 2199 and a nesting bomb in a scenario file are
    ScenarioErrors naming their lines, never a traceback."""
    with pytest.raises(ScenarioError) as e:
        parse_scenario(SCENARIO.format(date="2023-06-01", income="9" * 5_000), "s.toml")
    assert str(e.value.problems[0]) == "s.toml:13: a number of 5,000 characters; at most 64 " \
                                       "are read"
    with pytest.raises(ScenarioError) as e:
        parse_scenario(SCENARIO.format(date="9999-12-31", income='"9000"'), "s.toml")
    assert "expected a date between 1900-01-01 and 2199-12-31, got 9999-12-31" in str(e.value)
    with pytest.raises(ScenarioError, match="nested deeper than"):
        parse_scenario(SCENARIO.format(date="2023-06-01", income="[" * 500 + "]" * 500),
                       "s.toml")
    ok = parse_scenario(SCENARIO.format(date="2023-06-01", income='"9000.00"'), "s.toml")
    assert len(ok.cases) == 1


def test_check_command_reports_a_bad_scenario_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``check`` on a scenario file with a nesting bomb lists the error and exits 1."""
    f = tmp_path / "bomb.scenario.toml"
    f.write_text(SCENARIO.format(date="2023-06-01", income="[" * 3_000 + "]" * 3_000),
                 encoding="utf-8")
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr()
    assert "nested deeper than 64" in out.out and "Traceback" not in out.err


def test_pytest_plugin_reports_a_bad_scenario_file(pytester: pytest.Pytester) -> None:
    """The pytest plugin turns a scenario file with a 5,000-digit number into one failing
    item naming the line, with no traceback."""
    pytester.makefile(".scenario.toml", bomb=SCENARIO.format(date="2023-06-01",
                                                             income="9" * 5_000))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    assert "bomb.scenario.toml:13: a number of 5,000 characters" in result.stdout.str()
    assert "RecursionError" not in result.stdout.str()


# --------------------------------------------------------------------------- observations


def test_observations_json_bounds() -> None:
    """``1e999999`` (InvalidOperation in issue 14), a nesting bomb and a duplicate key are
    refused with their paths."""
    doc = '{"observations": [{"indicator": "KPI-5", "year": 2023, "value": 1e999999}]}'
    with pytest.raises(InvalidInputError) as e:
        parse_observations_json(doc, source="o.json")
    assert e.value.problems[0].path == "$.observations[0].value"
    with pytest.raises(InvalidInputError, match="nested deeper than"):
        parse_observations_json('{"observations": ' + "[" * 3_000 + "]" * 3_000 + "}")
    dup = '{"observations": [{"indicator": "KPI-5", "year": 2023, "value": "1", "value": "2"}]}'
    with pytest.raises(InvalidInputError) as e:
        parse_observations_json(dup)
    assert str(e.value.problems[0]) == "$.observations[0].value: the key is given more than once"


@pytest.mark.parametrize(("value", "message"), [
    ('"８８.８"', "expected a decimal string such as \"88.8\""),
    ('"' + "9" * 5_000 + '"', "expected at most 15 digits before the point"),
    ("9" * 30, "expected at most 15 digits"),
    ('"1' + "0" * 20 + ':0.0001"', "expected at most 15 digits before the point"),
])
def test_observation_values_are_bounded(value: str, message: str) -> None:
    """Observation values take ASCII digits, at most 15 before the point (ratios too)."""
    doc = json.dumps({"observations": [{"indicator": "KPI-8b", "year": 2023, "value": 0}]})
    with pytest.raises(InvalidInputError) as e:
        parse_observations_json(doc.replace("0}", value + "}"))
    assert message in e.value.problems[0].message, e.value.problems[0]


def test_observations_toml_bounds(tmp_path: Path) -> None:
    """A TOML observation file with a nesting bomb or a 5,000-digit value names its line."""
    f = tmp_path / "o.toml"
    f.write_text('[[observations]]\nindicator = "KPI-5"\nyear = 2023\nvalue = '
                 + "9" * 5_000 + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as e:
        load_observations(f)
    assert e.value.problems[0].path == f"{f}:4"
    f.write_text("a = " + "[" * 500 + "]" * 500, encoding="utf-8")
    with pytest.raises(InvalidInputError, match="nested deeper than"):
        load_observations(f)


def test_indicators_report_exits_1_for_a_bad_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``indicators report`` on an observation file with ``1e999999`` exits 1 naming the path."""
    f = tmp_path / "o.json"
    f.write_text('{"observations": [{"indicator": "KPI-5", "year": 2023, "value": 1e999999}]}',
                 encoding="utf-8")
    assert main(["indicators", "report", str(f)]) == 1
    err = capsys.readouterr().err
    assert "$.observations[0].value" in err and "Traceback" not in err
