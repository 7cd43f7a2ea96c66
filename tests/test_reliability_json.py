"""Reliability of the JSON readers: ``loads`` and the JSON-array reader (``assess FILE``).

Fuzzed with :mod:`revitalize.testing.fuzz` (``--fuzz-long`` for 10,000 inputs per
reader), and the cases of issue 14: nesting bombs, integers of 5,000 digits,
``1e999999``, lone surrogates, 200,000 unknown keys, 20,000 duplicate member IDs.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from revitalize import batch
from revitalize.cli import main
from revitalize.cli._assess import ErrorRecord, read_households
from revitalize.errors import InvalidInputError, Problem, RevitalizeError
from revitalize.models import Household, Member
from revitalize.reading import DEFAULT_LIMITS, Limits, json_depth
from revitalize.serialization import _merge, loads, parse_json
from revitalize.testing import fuzz

FUZZ = settings(max_examples=fuzz.examples(), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
ON = "2023-06-01"


def household(hid: str = "H-1", **extra: Any) -> dict[str, Any]:
    """A valid household's JSON value."""
    return {"id": hid, "town": "丛林镇", "village": "海孔村",
            "poverty_status": "never_registered", "annual_net_income": "9000.00",
            "members": [{"id": "M1", "birth_date": "1980-01-31"}], **extra}


def text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@FUZZ
@given(fuzz.json_texts())
def test_loads_survives_anything(doc: str) -> None:
    """Whatever the text, loads gives a Household or a RevitalizeError naming the path."""
    result = fuzz.sound(lambda: loads(doc, Household, source="fuzz.json"), r"\$|fuzz\.json:")
    assert isinstance(result, Household | RevitalizeError)


@FUZZ
@given(fuzz.json_texts())
def test_array_reader_survives_anything(doc: str) -> None:
    """Whatever the file, the JSON-array reader gives households and error records
    positioned ``file[index]`` or ``file:line``, never an exception."""
    items = fuzz.sound(lambda: list(read_households(doc, "fuzz.json", jsonl=False)),
                       r"fuzz\.json")
    assert isinstance(items, list)
    for item in items:
        if isinstance(item, ErrorRecord):
            assert item.position.startswith("fuzz.json"), item.position
            assert item.problems
            for p in item.problems:
                p.encode("utf-8")


def test_nesting_just_inside_and_just_outside_the_limit() -> None:
    """Arrays nested 64 deep are read; 65 deep are refused before parsing, at their column."""
    limit = DEFAULT_LIMITS.max_depth
    assert json_depth("[" * limit + "]" * limit) == limit
    parse_json("[" * limit + "]" * limit)
    with pytest.raises(InvalidInputError) as e:
        parse_json("[" * (limit + 1) + "]" * (limit + 1), source="x.json")
    assert str(e.value.problems[0]) == (
        f"x.json:1:{limit + 1}: arrays and objects nested deeper than {limit} levels (the limit)")


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_nesting_bombs_are_refused_not_a_recursion_error(depth: int) -> None:
    """A nesting bomb (issue 14: RecursionError at ~3,000) is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match="nested deeper than"):
        loads('{"members": ' + "[" * depth + "]" * depth + "}", Household)


def test_brackets_in_strings_do_not_count() -> None:
    """Brackets inside strings (escaped quotes included) are text, not nesting."""
    doc = text({"a": "[" * 1_000, "b": ["{\\\"" * 100]})
    assert json_depth(doc) == 2
    assert parse_json(doc)["a"] == "[" * 1_000


def test_number_length_just_inside_and_just_outside() -> None:
    """An integer of 64 digits is read as an integer; one of 65 (or 5,000) digits is
    refused at its path, without the ValueError Python raises past 4,300 digits."""
    n = DEFAULT_LIMITS.max_number_length
    assert parse_json("9" * n) == int("9" * n)
    for digits in (n + 1, 5_000):
        with pytest.raises(InvalidInputError) as e:
            loads(text(household()).replace('"id": "H-1"', f'"id": {"9" * digits}'), Household)
        assert [str(p) for p in e.value.problems] == [
            f"$.id: expected a string, got a number of {digits:,} characters (too long or "
            "too large to read)"]


@pytest.mark.parametrize("token", ["1e999999", "1e99999999999999999999", "-1e-65", "1e65"])
def test_huge_exponents_are_refused_at_their_path(token: str) -> None:
    """``1e999999`` is refused where it is (it would break decimal arithmetic later), and an
    exponent Decimal cannot hold is too (found by the 10,000-input fuzz run:
    ``InvalidOperation``); ``1e64`` is read."""
    with pytest.raises(InvalidInputError) as e:
        loads(text(household()).replace('"9000.00"', token), Household)
    assert e.value.problems[0].path == "$.annual_net_income"
    assert "too long or too large" in e.value.problems[0].message
    assert parse_json("1e64") == Decimal("1e64")


def test_lone_surrogates_are_refused_at_their_path() -> None:
    """A lone surrogate loads no more (it could not be written later): refused at its path,
    and the message itself is valid UTF-8."""
    doc = text(household()).replace('"H-1"', '"H\\ud800"')
    with pytest.raises(InvalidInputError) as e:
        loads(doc, Household)
    assert e.value.problems[0].path == "$.id"
    assert "lone surrogate (U+D800)" in e.value.problems[0].message
    str(e.value).encode("utf-8")
    pair = text(household()).replace('"H-1"', '"H\\ud83d\\ude00"')
    assert loads(pair, Household).id == "H\U0001f600"


def test_a_surrogate_in_an_unknown_key_is_escaped_in_the_path() -> None:
    """An unknown key holding a lone surrogate is named with an escape."""
    with pytest.raises(InvalidInputError) as e:
        loads(text(household()).replace('"town"', '"t\\udc80": 1, "town"'), Household)
    assert any(p.path == '$["t\\udc80"]' for p in e.value.problems)
    str(e.value).encode("utf-8")


def test_two_hundred_thousand_unknown_keys_list_the_first_hundred() -> None:
    """200,000 unknown keys give the first 100 problems and a count of the rest."""
    doc = dict(household(), **{f"k{i}": 1 for i in range(200_000)})
    with pytest.raises(InvalidInputError) as e:
        loads(text(doc), Household)
    problems = e.value.problems
    assert len(problems) == DEFAULT_LIMITS.max_problems + 1
    assert str(problems[-1]) == "$: and 199,900 more problems (the first 100 are listed)"
    assert len(str(e.value)) < 100_000


def test_twenty_thousand_duplicate_members_are_reported_once_each() -> None:
    """Duplicate member IDs are each reported once (the merge is linear), listed up to 100."""
    doc = household(members=[{"id": "M1", "birth_date": "1980-01-31"}] * 20_000)
    with pytest.raises(InvalidInputError) as e:
        loads(text(doc), Household)
    listed = [str(p) for p in e.value.problems]
    assert listed[0] == "$.members[1]: duplicate member id 'M1' (first at $.members[0])"
    assert listed[-1] == "$: and 19,899 more problems (the first 100 are listed)"


def test_merge_keeps_order_and_drops_repeats() -> None:
    """_merge keeps the first list, then each new problem once, in order."""
    a, b, c = Problem("$.a", "x"), Problem("$.b", "y"), Problem("$.c", "z")
    assert _merge([a, b], [b, c, a, c]) == [a, b, c]
    many = [Problem(f"$[{i}]", "dup") for i in range(50_000)]
    assert _merge(many, many) == many


def test_max_problems_is_a_limit() -> None:
    """The number of problems listed follows ``Limits.max_problems``."""
    doc = dict(household(), **{f"k{i}": 1 for i in range(30)})
    with pytest.raises(InvalidInputError) as e:
        loads(text(doc), Household, limits=Limits(max_problems=5))
    assert len(e.value.problems) == 6


def test_dates_outside_the_calendar_range_are_refused() -> None:
    """A date past 2199-12-31 (whose derived dates could overflow) is refused at its path."""
    member = {"id": "M1", "birth_date": "9999-12-31"}
    with pytest.raises(InvalidInputError) as e:
        loads(text(household(members=[member])), Household)
    assert str(e.value.problems[0]) == ("$.members[0].birth_date: expected a date between "
                                        "1900-01-01 and 2199-12-31, got 9999-12-31")
    assert loads(text({"id": "M1", "birth_date": "2199-12-31"}), Member).birth_date.year == 2199


# --------------------------------------------------------------------------- the array reader


def _items(doc: str, limits: Limits | None = None) -> list[batch.Numbered]:
    return list(batch.read_json(io.BytesIO(doc.encode("utf-8", "surrogatepass")), "in.json",
                                limits=limits))


def test_array_reader_isolates_a_nesting_bomb() -> None:
    """A 3,000-deep element costs its own record; the elements around it are read."""
    doc = "[" + text(household("H-1")) + ", " + "[" * 3_000 + "]" * 3_000 + ", " \
        + text(household("H-3")) + "]"
    records = list(read_households(doc, "in.json", jsonl=False))
    assert [r.id if isinstance(r, Household) else r.position for r in records] == [
        "H-1", "in.json[1]", "H-3"]
    assert isinstance(records[1], ErrorRecord)
    assert "nested deeper than 64" in records[1].problems[0]


def test_array_reader_isolates_bad_json_and_big_numbers() -> None:
    """An element that is not valid JSON, or holds a 5,000-digit integer, is one record."""
    doc = ("[" + text(household("H-1")) + ', {"id": tru}, {"id": ' + "7" * 5_000 + "}, "
           + text(household("H-4")) + "]")
    records = list(read_households(doc, "in.json", jsonl=False))
    assert [r.id if isinstance(r, Household) else r.position for r in records] == [
        "H-1", "in.json[1]", "in.json[2]", "H-4"]


def test_array_reader_element_size_limit() -> None:
    """An element larger than the record limit is refused by size, without being parsed."""
    small = Limits(max_record_bytes=2_000)
    doc = "[" + text(household("H-1")) + ", " + text(household("H-2", x="y" * 5_000)) + "]"
    items = _items(doc, small)
    assert items[0].household is not None and not items[0].error
    assert items[1].household is None
    assert "characters, more than the limit of 2,000 bytes" in items[1].error[0]


def test_array_reader_reads_an_escape_split_across_pieces() -> None:
    """A backslash escape cut at a read boundary is scanned whole (no element lost)."""
    pad = "x" * (65_536 - len('[{"id": "H-1", "note": "') - 1)
    doc = '[{"id": "H-1", "note": "' + pad + '\\"]", "more": 1}, {"id": "H-2"}]'
    items = _items(doc)
    assert [json.loads(str(i.household))["id"] for i in items] == ["H-1", "H-2"]


@pytest.mark.parametrize(("doc", "expected"), [
    ("", "the file is empty"),
    ("[", "the file ends inside the array"),
    ("[1,]", "expected a value before ']'"),
    ("[1,,2]", "expected a value before ','"),
    ("[1] x", "unexpected text after the end of the array"),
    ("7", "expected a JSON object (a household) or an array of them"),
])
def test_array_reader_names_what_is_wrong_with_the_file(doc: str, expected: str) -> None:
    """A file that is not an object or a well-formed array says what is wrong."""
    errors = [e for i in _items(doc) for e in i.error]
    assert any(expected in e for e in errors), errors


def test_array_reader_empty_array_and_single_object() -> None:
    """``[]`` has no items; a single object is one item."""
    assert _items("[]") == []
    (only,) = _items(text(household()))
    assert only.position == "in.json:1" and only.household is not None


def test_assess_file_goes_on_after_a_bad_element(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``assess FILE`` with a nesting bomb in the middle assesses the others and exits 1."""
    f = tmp_path / "h.json"
    f.write_text("[" + text(household("H-1")) + ", " + "[" * 5_000 + "]" * 5_000 + ", "
                 + text(household("H-3")) + "]", encoding="utf-8")
    assert main(["assess", str(f), "--on", ON, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["records"] == 3 and out["summary"]["errors"] == 1
    assert out["households"][1]["error"]["position"] == f"{f}[1]"


def test_diff_file_goes_on_after_a_bad_element(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``diff FILE`` reports the bad element and diffs the others."""
    f, reform = tmp_path / "h.json", tmp_path / "r.toml"
    f.write_text("[" + text(household("H-1")) + ', {"id": ' + "1" * 5_000 + "}]",
                 encoding="utf-8")
    reform.write_text('name = "r"\n[changes]\n"monitoring.monitoring_line" = "9500"\n',
                      encoding="utf-8")
    assert main(["diff", str(f), "--reform", str(reform), "--on", ON, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["seen"] == 1
    assert out["errors"][0]["position"] == f"{f}[1]"
