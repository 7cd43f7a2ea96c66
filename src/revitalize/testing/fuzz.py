"""Hostile inputs for fuzzing the readers: hypothesis strategies of texts and bytes.

Where :mod:`revitalize.testing.strategies` builds valid objects, these build
what a reader must survive: valid documents with random edits, arrays nested
thousands deep, integers of 5,000 digits, ``1e999999``, lone surrogates
(``"\\ud800"``), full-width digits, dates at the end of the calendar, cells of
more than 131,072 characters, bytes that are not UTF-8. A sound reader returns
a value or raises a :class:`~revitalize.errors.RevitalizeError` naming where
(``tests/test_reliability_*.py``; ``benchmarks/reliability.py`` counts them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from typing import Final, TypeVar

from hypothesis import strategies as st

from ..batch import CSV_HOUSEHOLD_COLUMNS, CSV_MEMBER_COLUMNS, csv_rows
from ..errors import RevitalizeError
from ..serialization import dumps
from .strategies import households

__all__ = [
    "EXAMPLES",
    "LONG_EXAMPLES",
    "LeakedError",
    "csv_bytes",
    "examples",
    "json_texts",
    "jsonl_bytes",
    "mutated",
    "observation_json_texts",
    "observation_toml_texts",
    "reform_texts",
    "scenario_texts",
    "sound",
    "toml_texts",
]

T = TypeVar("T")

#: Field names a household document uses (so edits hit real fields, not only unknown keys).
_KEYS = ("id", "town", "village", "poverty_status", "members", "birth_date", "phone",
         "id_number", "bank_account", "serious_illness", "disability", "annual_net_income",
         "lifted_year", "housing", "water", "rigid_expenditure", "social_assistance",
         "labor_capacity", "observations", "references", "indicator", "year", "value",
         "name", "changes", "case", "kind", "date", "input", "expect")

_DEEP = st.integers(1, 3_000)

#: Number tokens that break naive readers.
_NUMBERS = st.sampled_from([
    "1e999999", "-1e-999999", "1E+400", "1e99999999999999999999", "9" * 5_000,
    "-" + "9" * 4_400, "1" * 70,
    "0." + "0" * 5_000 + "1", "1." + "5" * 5_000, "NaN", "Infinity", "-Infinity", "1.5",
    "0", "-0", "1e3", "12345678901234567890123456789", "４２"])

#: JSON string tokens that break naive readers.
_STRINGS = st.sampled_from([
    '"\\ud800"', '"H\\udfff"', '"\\udc80x"', '"\\ud83d\\ude00"', '"６５００"', '"2023-W22-4"',
    '"20230601"', '"9999-12-31"', '"0001-01-01"', '"2020-02-30"', '"1e999999"',
    '"' + "9" * 5_000 + '"', '"' + "1." + "0" * 5_000 + '"', '"-0.001"', '"1_000"', '" 1"',
    '"x' + "y" * 10_000 + '"', '""', '"\\u0000"', '"never_registered"', '"丛林镇"'])


def _json_leaf() -> st.SearchStrategy[str]:
    return (_NUMBERS | _STRINGS | st.sampled_from(["true", "false", "null"])
            | st.text(max_size=12).map(lambda t: json.dumps(t, ensure_ascii=False))
            | st.integers().map(str))


def _json_doc() -> st.SearchStrategy[str]:
    keys = st.sampled_from(_KEYS).map(json.dumps) | _STRINGS | st.text(max_size=6).map(
        json.dumps)

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return (st.lists(children, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]")
                | st.lists(st.tuples(keys, children), max_size=5).map(
                    lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"))

    return st.recursive(_json_leaf(), extend, max_leaves=20)


def _json_snippets() -> st.SearchStrategy[str]:
    return (_NUMBERS | _STRINGS | _DEEP.map(lambda n: "[" * n) | _DEEP.map(lambda n: "{\"a\":" * n)
            | st.sampled_from(["[", "]", "{", "}", ",", ":", '"', "\\", "\n", "\ufeff",
                               "\ud800", "\x00"])
            | st.text(max_size=8))


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str],
            snippets: st.SearchStrategy[str] | None = None) -> str:
    """A text of ``base`` with one to four random edits (insert, delete or replace a
    slice with a hostile ``snippet``)."""
    text = draw(base)
    pieces = snippets if snippets is not None else _json_snippets()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "delete":
            text = text[:i] + text[j:]
        else:
            text = text[:i] + draw(pieces) + (text[j:] if op == "replace" else text[i:])
    return text


def _household_texts() -> st.SearchStrategy[str]:
    return households(max_members=3).map(lambda h: dumps(h, canonical=True))


def json_texts() -> st.SearchStrategy[str]:
    """JSON texts for :func:`~revitalize.serialization.loads` and the JSON-array reader:
    valid households with edits, random documents with hostile leaves, nesting bombs,
    arrays of such elements."""
    one = (mutated(_household_texts()) | _household_texts() | _json_doc()
           | _DEEP.map(lambda n: "[" * n + "]" * n) | _DEEP.map(lambda n: '{"a":' * n + "1"
                                                                + "}" * n))
    return one | st.lists(one, min_size=1, max_size=4).map(lambda xs: "[" + ",\n".join(xs)
                                                            + "]")


def jsonl_bytes() -> st.SearchStrategy[bytes]:
    """JSONL files: valid household lines mixed with hostile ones and bytes that are not
    UTF-8 (each line should cost at most its own record)."""
    line = (_household_texts() | mutated(_household_texts()) | _json_doc()
            | _DEEP.map(lambda n: "[" * n + "]" * n)).map(
                lambda t: t.replace("\n", " ").encode("utf-8", "surrogatepass"))
    bad = st.sampled_from([b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\x00", b"\r"])
    return st.lists(line | bad, min_size=1, max_size=6).map(lambda ls: b"\n".join(ls) + b"\n")


def csv_bytes() -> st.SearchStrategy[bytes]:
    """Flat CSV files (one row per member) with hostile cells: too long (more than
    131,072 characters), quotes, new lines, bytes that are not UTF-8, wrong cell counts."""
    header = [*CSV_HOUSEHOLD_COLUMNS, *CSV_MEMBER_COLUMNS]

    def rows(h: object) -> list[list[str]]:
        value = json.loads(dumps(h))
        return [[r.get(c, "") for c in header] for r in csv_rows(value)]

    cell = (st.sampled_from(["x" * 140_000, '"', '""', "\n", "\r", "true", "maybe", "９",
                             "9" * 5_000, "1e999999", "9999-12-31", "\ud800", "-", ";;"])
            | st.text(max_size=10))

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        table = [list(header)]
        for h in draw(st.lists(households(max_members=2), min_size=1, max_size=3)):
            table.extend(rows(h))
        for _ in range(draw(st.integers(0, 4))):
            r = draw(st.integers(0, len(table) - 1))
            if draw(st.booleans()) and len(table[r]) > 1:
                table[r][draw(st.integers(0, len(table[r]) - 1))] = draw(cell)
            else:
                table[r] = table[r][: draw(st.integers(0, len(table[r])))]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(table)
        data = out.getvalue().encode("utf-8", "surrogatepass")
        if draw(st.booleans()):
            i = draw(st.integers(0, len(data)))
            data = data[:i] + draw(st.sampled_from([b"\xff", b"\xb6\xd4", b"\x00", b"\r"])) \
                + data[i:]
        return data

    return build()


_TOML_SNIPPETS = (st.sampled_from([
    "[", "]", "{", "}", "=", '"', "'", "\n", "#", ".", ",", '"\\ud800"', "\ud800", "\x00",
    "9" * 5_000, "1e999999", "9999-12-31", "2021-01-01T10:00:00", '"６５００"', "６５００",
    '"' + "1" * 5_000 + '"', "inf", "nan", '"""', "'''", "[[case]]", "[changes]"])
    | _DEEP.map(lambda n: "[" * n) | _DEEP.map(lambda n: "a = " + "[" * n + "]" * n + "\n")
    | st.text(max_size=8))


def toml_texts(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """TOML texts: ``base`` documents with hostile edits, and nesting bombs."""
    return (mutated(base, _TOML_SNIPPETS) | base
            | _DEEP.map(lambda n: "a = " + "[" * n + "]" * n + "\n")
            | _DEEP.map(lambda n: "a = " + "{b = " * n + "1" + "}" * n + "\n"))


def reform_texts() -> st.SearchStrategy[str]:
    """Reform files (``name`` and ``[changes]``) with hostile edits."""
    values = st.sampled_from(['"6500"', '"６５００"', "6500", '"1.6"', "true", "2023-01-01",
                              '["a"]', "[{start = 2023-01-01, value = \"1.6\"}]",
                              '"' + "9" * 5_000 + '"', "9" * 30, '"1e999999"', "73051",
                              "9999-12-31", "5"])
    names = st.sampled_from(["monitoring.monitoring_line", "monitoring.multiplier",
                             "cases.notice_days", "cases.inclusion_grace_days",
                             "assets.handover_days", "guarantees.water_scarce_towns",
                             "no.such_parameter"])
    base = st.lists(st.tuples(names, values), max_size=4).map(
        lambda kv: 'name = "fuzz"\n[changes]\n'
        + "".join(f'"{k}" = {v}\n' for k, v in dict(kv).items()))
    return toml_texts(base)


_SCENARIO = '''name = "fuzz"
kind = "household"
date = 2023-06-01

[[case]]
name = "a household"
covers = ["MON-02"]

[case.input]
id = "H-1"
town = "丛林镇"
village = "海孔村"
poverty_status = "registered_lifted"
lifted_year = 2019
annual_net_income = "5000.00"

[[case.input.members]]
id = "M1"
birth_date = "1980-01-31"
phone = "13800000000"

[case.expect]
in_range = true
'''


def scenario_texts() -> st.SearchStrategy[str]:
    """Scenario files (one household case) with hostile edits."""
    return toml_texts(st.just(_SCENARIO))


_OBSERVATIONS_JSON = ('{"observations": [{"indicator": "KPI-5", "year": 2023, "value": "88.8"},'
                      ' {"indicator": "KPI-8b", "year": 2023, "value": "1.6:1"}],'
                      ' "references": [{"indicator": "KPI-1", "year": 2023, "value": "6.1"}]}')
_OBSERVATIONS_TOML = '''[[observations]]
indicator = "KPI-5"
year = 2023
value = "88.8"

[[observations]]
indicator = "KPI-8b"
year = 2023
value = "1.6:1"

[[references]]
indicator = "KPI-1"
year = 2023
value = "6.1"
'''


def observation_json_texts() -> st.SearchStrategy[str]:
    """Observation files in JSON with hostile edits, random documents and nesting bombs."""
    return (mutated(st.just(_OBSERVATIONS_JSON)) | _json_doc()
            | _DEEP.map(lambda n: '{"observations":' + "[" * n + "]" * n + "}"))


def observation_toml_texts() -> st.SearchStrategy[str]:
    """Observation files in TOML with hostile edits."""
    return toml_texts(st.just(_OBSERVATIONS_TOML))


# --------------------------------------------------------------------------- checking

#: Inputs per reader in a normal test run (CI); see :func:`examples`.
EXAMPLES: Final = 100
#: Inputs per reader with ``pytest --fuzz-long`` or ``REVITALIZE_FUZZ_LONG=1``.
LONG_EXAMPLES: Final = 10_000


def examples() -> int:
    """How many inputs each reader's fuzz test draws: :data:`EXAMPLES`, or
    :data:`LONG_EXAMPLES` when the environment variable ``REVITALIZE_FUZZ_LONG`` is set
    to a non-empty value other than ``0`` (``pytest --fuzz-long`` sets it)."""
    flag = os.environ.get("REVITALIZE_FUZZ_LONG", "")
    return LONG_EXAMPLES if flag not in ("", "0") else EXAMPLES


class LeakedError(AssertionError):
    """A reader let an exception other than :class:`~revitalize.errors.RevitalizeError`
    escape, or raised one that does not say where."""


def sound(call: Callable[[], T], where: str) -> T | RevitalizeError:
    """Run a reader: its value, or the :class:`~revitalize.errors.RevitalizeError` it raised.

    Raises :class:`LeakedError` when anything else escapes, when a problem's
    path (or the message of an error without problems) does not match the
    regular expression ``where`` (a JSON path, ``file:line``), or when the
    message could not be written as UTF-8 (a lone surrogate in it).
    """
    try:
        return call()
    except RevitalizeError as exc:
        pattern = re.compile(where)
        message = str(exc)
        try:
            message.encode("utf-8")
        except UnicodeEncodeError:
            raise LeakedError(f"the message holds a lone surrogate: {message!r:.300}") from exc
        problems = getattr(exc, "problems", None)
        if problems:
            bad = [p for p in problems if not pattern.match(p.path)]
            if bad:
                raise LeakedError(f"problems that do not say where ({where}): "
                                  f"{[str(p) for p in bad][:3]!r:.500}") from exc
        elif not pattern.search(message):
            raise LeakedError(f"a message that does not say where ({where}): "
                              f"{message!r:.300}") from exc
        return exc
    except Exception as exc:
        raise LeakedError(f"{type(exc).__name__} escaped the reader: {exc!r:.300}") from exc
