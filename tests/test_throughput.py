"""Issue 15's equivalences: the fast path reads what the collector reads, the digest from
the loaded JSON equals the digest of the object, orjson writes the standard library's bytes.

Speed itself is measured by ``benchmarks/bench.py``, not here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize import _codec, batch
from revitalize import serialization as ser
from revitalize.batch import BatchTask, assess_records, read_jsonl, stream
from revitalize.errors import InvalidInputError
from revitalize.models import (
    DepartmentRecord,
    DrinkingWater,
    Household,
    Housing,
    Measure,
    Member,
    MonitoringCase,
    RigidExpenditure,
    WarningClue,
)
from revitalize.policy.parameters import default_parameters
from revitalize.reading import Limits
from revitalize.serialization import (
    from_json_value,
    input_sha256,
    loads,
    make_converter,
    to_json_value,
)
from revitalize.testing import strategies as rst
from revitalize.testing.population import SAMPLE_DATE

CONV = make_converter()

MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Household, rst.households(max_members=3)),
    (Member, rst.members()),
    (MonitoringCase, rst.monitoring_cases()),
    (Measure, rst.measures()),
    (WarningClue, rst.warning_clues()),
    (DepartmentRecord, rst.department_records()),
]
IDS = [m[0].__name__ for m in MODELS]

ORJSON = _codec.orjson_codec()
CODECS = [_codec.STDLIB] + ([ORJSON] if ORJSON is not None else [])
needs_orjson = pytest.mark.skipif(ORJSON is None, reason="orjson (the fast extra)")


# --------------------------------------------------------------------------- mutations


def _field_names() -> list[str]:
    names: set[str] = set()
    stack: list[Any] = [cls for cls, _ in MODELS]
    while stack:
        for a in attrs.fields(stack.pop()):
            names.add(a.name)
    return sorted(names)


KEYS = st.sampled_from(_field_names()) | st.text(max_size=6)
LEAVES = (
    st.none() | st.booleans() | st.integers() | st.integers(-(10**30), 10**30)
    | st.decimals(places=3) | st.sampled_from([Decimal("NaN"), Decimal("Infinity"),
                                                Decimal("1E+3"), Decimal("-0.0")])
    | st.text(max_size=10)
    | st.sampled_from(["", "1.0", "1.005", "-1", "-0", "1e3", "1_000", " 1", "NaN",
                       "2021-02-29", "2020-02-29", "2021-06-01T00:00", "full", "A", "a:b"])
)
JSON = st.recursive(LEAVES, lambda c: st.lists(c, max_size=3)
                    | st.dictionaries(KEYS, c, max_size=4), max_leaves=12)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*here, i))


def _out_of_range(leaf: Any) -> list[Any]:
    """Wrong values of the leaf's own type: just outside what a field accepts."""
    if isinstance(leaf, bool):
        return [int(leaf), str(leaf).lower(), None]
    if isinstance(leaf, int):
        return [-1, -leaf - 1, leaf + 10**15, 10**15, 10**28, 366, 1441, 1899, 2101]
    if isinstance(leaf, str):
        return [leaf + ".001", "-" + leaf, leaf + "0", leaf[:-1], leaf.upper(), " " + leaf,
                leaf + "T00:00", "9" * 16, "0.001", "1" * 29, "x" * 65, leaf + ":"]
    return []


def _key_order(value: Any) -> Any:
    """The value with the keys of each object sorted, as canonical JSON has them."""
    if isinstance(value, dict):
        return {k: _key_order(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_key_order(v) for v in value]
    return value


@st.composite
def mutated(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """A valid document, or one with a key dropped, an unknown key added, a value of
    another type, or a value just out of range; its keys in the order of the fields (as
    ``to_json_value`` gives them) or sorted (as canonical JSON has them): the generated
    hooks take an object with as many keys as fields by subscripts, and look up any
    other."""
    doc = draw(_mutated(strategy))
    return _key_order(doc) if draw(st.booleans()) else doc


@st.composite
def _mutated(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    doc = to_json_value(draw(strategy), converter=CONV)
    kind = draw(st.sampled_from(["none", "drop", "add", "type", "range", "range"]))
    if kind == "none":
        return doc
    path = draw(st.sampled_from(list(_paths(doc))))
    if not path:
        if kind == "add":
            doc[draw(KEYS)] = draw(JSON)
            return doc
        return draw(JSON) if kind == "type" else doc
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if kind == "drop":
        del parent[last]
    elif kind == "add":
        if isinstance(parent[last], dict):
            parent[last][draw(KEYS)] = draw(JSON)
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(JSON)
        else:
            parent.append(draw(JSON))
    elif kind == "type":
        parent[last] = draw(JSON)
    else:
        choices = _out_of_range(parent[last])
        if choices:
            parent[last] = draw(st.sampled_from(choices))
    return doc


def _outcome(read: Any) -> tuple[str, Any]:
    """("ok", object) or ("error", problems) of a read."""
    try:
        return "ok", read()
    except InvalidInputError as e:
        return "error", e.problems


def _decimals(obj: Any) -> list[str]:
    """Every Decimal of an object tree as text (so 1.0 and 1.00 differ)."""
    if isinstance(obj, Decimal):
        return [str(obj)]
    if isinstance(obj, tuple):
        return [x for item in obj for x in _decimals(item)]
    if attrs.has(type(obj)):
        return [x for a in attrs.fields(type(obj)) for x in _decimals(getattr(obj, a.name))]
    return []


def _text(value: Any) -> str:
    """JSON text of a value whose Decimal leaves are written as bare number tokens."""
    if isinstance(value, Decimal):
        return str(value)  # NaN, Infinity and 1E+3 are tokens the reader sees as written
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- fast structuring


@pytest.mark.parametrize(("cls", "strategy"), MODELS, ids=IDS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_and_collector_accept_the_same_values(
        cls: type[Any], strategy: st.SearchStrategy[Any], data: Any) -> None:
    """For valid and mutated documents: the generated hooks accept exactly what the
    collector accepts and build equal objects (same Decimal exponents); a refused document
    gets the collector's problems, paths and suggestions."""
    value = data.draw(mutated(strategy))
    reference = _outcome(lambda: ser._collect(value, cls, CONV))
    fast = ser._fast_of(CONV)
    assert fast is not None
    plain = not any(isinstance(v, Decimal) for v in _leaves(value))
    try:
        built = fast.hook(cls)(value, cls)
    except Exception:
        assert reference[0] == "error" or not plain
    else:
        assert reference[0] == "ok"
        assert built == reference[1] and _decimals(built) == _decimals(reference[1])
    got = _outcome(lambda: from_json_value(value, cls, converter=CONV))
    assert got[0] == reference[0]
    if got[0] == "ok":
        assert got[1] == reference[1] and _decimals(got[1]) == _decimals(reference[1])
        digest = ser._value_sha256(value, cls, CONV)
        assert digest == input_sha256(got[1])
    else:
        assert got[1] == reference[1]


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
@pytest.mark.parametrize(("cls", "strategy"), MODELS[:3], ids=IDS[:3])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_text_reads_the_same_on_both_paths(
        codec: _codec.Codec, cls: type[Any], strategy: st.SearchStrategy[Any], data: Any,
        ) -> None:
    """JSON text (numbers with fractions, exponents, NaN included) read with a converter
    (fast path first, with either codec) gives the object or the problems that the exact
    reader and the collector give."""
    text = _text(data.draw(mutated(strategy)))
    reference = _outcome(lambda: ser._collect(ser._parse(text, None), cls, CONV))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_codec, "ACTIVE", codec)
        got = _outcome(lambda: loads(text, cls, converter=CONV))
    assert got[0] == reference[0]
    if got[0] == "ok":
        assert got[1] == reference[1] and _decimals(got[1]) == _decimals(reference[1])
    else:
        assert got[1] == reference[1]


HOUSEHOLD = ('{"id":"H-1","town":"丛林镇","village":"海孔村",'
             '"poverty_status":"never_registered","annual_net_income":%s,'
             '"members":[{"id":"M1","birth_date":"1980-01-31"}]}')


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
@pytest.mark.parametrize(("money", "ok"), [
    ('"1.50"', True), ("12000", True), ('"0"', True), ("0", True),
    ("1.5", False), ("1.0", False), ("1E+3", False), ("1e3", False), ("NaN", False),
    ("Infinity", False), ("-1", False), ("true", False), ('"1.005"', False),
    ("123456789012345678901234567890", False), ("18446744073709551616", False),
])
def test_money_as_a_json_number_keeps_its_rules(
        codec: _codec.Codec, money: str, ok: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson parses numbers to floats: money given as a JSON number with a fraction or an
    exponent is still refused with today's message, an integer still accepted."""
    monkeypatch.setattr(_codec, "ACTIVE", codec)
    text = HOUSEHOLD % money
    reference = _outcome(lambda: ser._collect(ser._parse(text, None), Household, CONV))
    got = _outcome(lambda: loads(text, Household, converter=CONV))
    assert got == reference
    assert (got[0] == "ok") is ok
    if ok:
        assert str(got[1].annual_net_income) == json.loads(money).__str__()


def _hook_outcome(hook: Any, value: Any) -> tuple[str, Any]:
    """("ok", the value and its Decimal text) or ("error", the problems) of a leaf hook."""
    try:
        got = hook(value, None)
    except InvalidInputError as e:
        return "error", e.problems
    return "ok", (got, str(got))


_QUANTITY_TEXTS = [
    "0", "00", "0.0", "1", "1.", ".5", "45.5", "-1", "-0", "+1", " 1", "1e3", "1E+3", "NaN",
    "1_000", "١", "1" * 28, "1" * 29, "0." + "0" * 25 + "1", "0." + "0" * 26 + "1",
    "1" * 27 + ".5", "0" * 28, "", "1.005",
]


@pytest.mark.parametrize("value", [*_QUANTITY_TEXTS, None, 1, 10**30, True, 1.5,
                                   Decimal("1.5"), [], {}], ids=repr)
def test_the_fast_quantity_hook_reads_as_the_quantity_hook(value: Any) -> None:
    """What the fast hook takes as is (a short plain decimal string) the quantity hook
    takes as the same Decimal; everything else goes to the quantity hook."""
    assert _hook_outcome(ser._fast_quantity, value) == _hook_outcome(
        ser._structure_quantity, value)
    assert _hook_outcome(ser._fast_optional_quantity, value) == (
        ("ok", (None, "None")) if value is None
        else _hook_outcome(ser._structure_quantity, value))


@given(text=st.from_regex(ser._QUANTITY_TEXT, fullmatch=True) | st.text(max_size=32))
def test_the_fast_quantity_hook_reads_any_text_as_the_quantity_hook(text: str) -> None:
    assert _hook_outcome(ser._fast_quantity, text) == _hook_outcome(
        ser._structure_quantity, text)


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
@pytest.mark.parametrize("text", [
    # a key given twice: the parsers keep one value, the exact reader reports it
    HOUSEHOLD.replace('{"id":"H-1",', '{"id":"H-1","id":"H-2",') % '"1.00"',
    HOUSEHOLD.replace('"M1",', '"M1","birth_date":"1990-01-01",') % '"1.00"',
    # a colon inside a string (the key count cannot tell): read by the exact reader
    HOUSEHOLD.replace('"H-1"', '"H:1"') % '"1.00"',
    # escaped characters, surrogates among them
    HOUSEHOLD.replace('"H-1"', '"H\\u002d1"') % '"1.00"',
    HOUSEHOLD.replace('"H-1"', '"H\\ud83d\\ude00"') % '"1.00"',
    HOUSEHOLD.replace('"H-1"', '"H\\ud800"') % '"1.00"',
    HOUSEHOLD.replace('"M1"', '"M1\\u003a"') % '"1.00"',
    # a lone surrogate character (not an escape), with and without other non-ASCII text
    HOUSEHOLD.replace('"H-1"', '"H\ud800"') % '"1.00"',
    HOUSEHOLD.replace('"H-1"', '"户\udc00"') % '"1.00"',
    # ... in every kind of string a household holds (the text itself is not searched)
    HOUSEHOLD.replace('丛林镇', '丛林\udc00') % '"1.00"',
    HOUSEHOLD.replace('"M1"', '"M\udfff"') % '"1.00"',
    HOUSEHOLD.replace('never_registered', 'never_registered\ud800') % '"1.00"',
    HOUSEHOLD.replace('1980-01-31', '1980-01-3\ud800') % '"1.00"',
    HOUSEHOLD % '"1.0\ud800"',
    HOUSEHOLD.replace('"id":"M1"', '"i\ud800d":"M1"') % '"1.00"',
    HOUSEHOLD.replace('"town"', '"tow\ud800n"') % '"1.00"',
])
def test_documents_the_fast_reader_cannot_tell_go_to_the_exact_reader(
        codec: _codec.Codec, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_codec, "ACTIVE", codec)
    reference = _outcome(lambda: ser._collect(ser._parse(text, None), Household, CONV))
    assert _outcome(lambda: loads(text, Household, converter=CONV)) == reference


@pytest.mark.parametrize("where", ["", "members", "housing", "water", "rigid_expenditure"])
def test_an_unknown_key_in_place_of_a_field_is_reported(where: str) -> None:
    """An object with as many keys as fields, one of them not a field's (a field left
    out): the generated hook refuses it, and the collector reports both problems."""
    value = json.loads(_sample_lines()[0])
    obj = value["members"][0] if where == "members" else value[where] if where else value
    first = next(iter(obj))
    obj["unknown_" + first] = obj.pop(first)
    fast = ser._fast_of(CONV)
    assert fast is not None
    with pytest.raises((KeyError, ser._NotFast)):  # either hands it to the collector
        fast.hook(Household)(value, Household)
    reference = _outcome(lambda: ser._collect(value, Household, CONV))
    assert reference[0] == "error"
    assert _outcome(lambda: from_json_value(value, Household, converter=CONV)) == reference
    assert any("unknown field" in p.message for p in reference[1])


def test_a_printable_string_holds_no_surrogate() -> None:
    """What the fast string hooks rely on to skip the encoding test."""
    assert not any(chr(c).isprintable() for c in range(0xD800, 0xE000))
    assert not "丛林镇\udc00".isprintable()


def test_duplicate_keys_are_still_reported() -> None:
    text = HOUSEHOLD.replace('{"id":"H-1",', '{"id":"H-1","id":"H-2",') % '"1.00"'
    with pytest.raises(InvalidInputError, match=r"\$\.id: the key is given more than once"):
        loads(text, Household, converter=CONV)


def test_a_hook_registered_later_applies_on_every_path() -> None:
    """A converter given more hooks reads through the collector only (the fast path is
    off), so the hook always applies."""
    conv = make_converter()
    assert ser._fast_of(conv) is not None
    conv.register_structure_hook(dt.date, lambda v, _: dt.date(2000, 1, 1))
    assert ser._fast_of(conv) is None
    h = loads(HOUSEHOLD % '"1.00"', Household, converter=conv)
    assert h.members[0].birth_date == dt.date(2000, 1, 1)


def test_a_copied_converter_reads_through_the_collector() -> None:
    copy = make_converter().copy()
    assert ser._fast_of(copy) is None
    assert loads(HOUSEHOLD % '"1.00"', Household, converter=copy).id == "H-1"


def test_the_fast_path_is_taken_for_valid_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid input never reaches the collector (a failure there would show)."""
    conv = make_converter()
    calls: list[Any] = []
    real = ser._collect
    monkeypatch.setattr(ser, "_collect", lambda *a: calls.append(a) or real(*a))
    for line in _sample_lines()[:50]:
        loads(line, Household, converter=conv)
    assert calls == []
    with pytest.raises(InvalidInputError):
        loads(HOUSEHOLD % '"-1"', Household, converter=conv)
    assert len(calls) == 1


# --------------------------------------------------------------------------- digest


def _sample_lines() -> list[str]:
    return files("revitalize").joinpath("data/samples/households.jsonl").read_text(
        "utf-8").splitlines()


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
def test_digest_from_the_loaded_value_equals_the_digest_of_the_object(
        codec: _codec.Codec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_codec, "ACTIVE", codec)
    for line in _sample_lines():
        h, value = ser._read(line, Household, source=None, converter=CONV)
        assert ser._value_sha256(value, Household, CONV) == input_sha256(h)


def _leave_out(draw: st.DrawFn, value: Any) -> Any:
    """The value with keys of its objects left out at random (the readers give the
    field's default), nested objects and arrays included."""
    if isinstance(value, dict):
        return {k: _leave_out(draw, v) for k, v in value.items() if draw(st.booleans())
                or k in ("id", "town", "village", "poverty_status", "members", "birth_date")}
    if isinstance(value, list):
        return [_leave_out(draw, v) for v in value]
    return value


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_digest_of_a_household_with_fields_left_out(
        codec: _codec.Codec, data: st.DataObject) -> None:
    """Objects that leave fields out are written by the generated code's other branch
    (defaults filled in): the digest still equals the digest of the object."""
    value = _leave_out(data.draw, to_json_value(data.draw(rst.households(max_members=3)),
                                                converter=CONV))
    if data.draw(st.booleans()):
        value = _key_order(value)
    try:
        h = from_json_value(value, Household, converter=CONV)
    except InvalidInputError:
        return  # a cross-field rule wants a field that was left out
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_codec, "ACTIVE", codec)
        assert ser._value_sha256(value, Household, CONV) == input_sha256(h)
        got = ser._read_hashed(json.dumps(value, ensure_ascii=False), Household, CONV)
    assert got is not None and got[0] == h and got[2] == input_sha256(h)


@settings(max_examples=100, deadline=None)
@given(text=st.from_regex(ser._DECIMAL_TEXT, fullmatch=True).filter(lambda t: len(t) < 40)
       | st.from_regex(ser._MONEY_TEXT, fullmatch=True))
def test_a_decimal_string_is_written_back_as_given(text: str) -> None:
    """What the digest relies on: the writer gives back the text the reader accepted."""
    assert ser._unstructure_decimal(Decimal(text)) == text


# --------------------------------------------------------------------------- codecs


def _loads_outcome(loads: Any, text: str) -> tuple[Any, ...]:
    try:
        return ("ok", loads(text))
    except Exception as e:
        return ("error", type(e).__name__, str(e))


_SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\t ", "\ufeff", "\x0c", "x", "{}"])


@settings(max_examples=300)
@given(st.tuples(_SPACE, JSON.map(lambda v: json.dumps(v, default=str)) | st.text(max_size=8),
                 _SPACE).map("".join)
       | JSON.map(lambda v: json.dumps(v, default=str)).flatmap(
           lambda t: st.integers(0, len(t)).map(lambda n: t[:n])))
def test_the_standard_codec_reads_as_json_loads(text: str) -> None:
    """The standard library codec scans an object or an array directly: the same value,
    or the same error, as ``json.loads`` for any text."""
    assert _loads_outcome(_codec.STDLIB.loads, text) == _loads_outcome(json.loads, text)


@needs_orjson
def test_orjson_escapes_every_character_as_the_standard_library() -> None:
    assert ORJSON is not None
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF]
    for i in range(0, len(chars), 4096):
        value = {"k" + "".join(chars[i:i + 8]): chars[i:i + 4096], "n": [0, -1, 2**63, None]}
        assert ORJSON.dumps_line(value) == _codec.STDLIB.dumps_line(value)
        assert ORJSON.canonical_bytes(value) == _codec.STDLIB.canonical_bytes(value)
        assert ORJSON.ordered_bytes(value) == _codec.STDLIB.ordered_bytes(value)


@needs_orjson
@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, {"a": "\ud800"}, {1: "a"}])
def test_what_orjson_cannot_write_is_written_by_the_standard_library(value: Any) -> None:
    assert ORJSON is not None
    assert ORJSON.dumps_line(value) == _codec.STDLIB.dumps_line(value)


def _run(tmp_path: Path, data: bytes, name: str, **kw: Any) -> bytes:
    out = tmp_path / name
    stream(io.BytesIO(data), out, BatchTask(default_parameters(), SAMPLE_DATE), **kw)
    return out.read_bytes()


@needs_orjson
@pytest.mark.parametrize("detail", ["summary", "full"])
def test_sample_population_records_are_byte_identical_with_orjson(
        tmp_path: Path, detail: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The packaged sample population (plus a bad line) streamed with orjson and with the
    standard library gives the same file, byte for byte."""
    lines = _sample_lines()
    extra = ['{"id": 1}', HOUSEHOLD % "1.5", HOUSEHOLD.replace('"H-1"', '"H:1"') % '"2.00"',
             HOUSEHOLD.replace('{"id":"H-1",', '{"id":"H-1","id":"H-2",') % '"1.00"']
    data = "\n".join([*lines, *extra]).encode("utf-8") + b"\n"
    task = BatchTask(default_parameters(), SAMPLE_DATE, detail)
    outs = []
    for codec in (_codec.STDLIB, ORJSON):
        monkeypatch.setattr(_codec, "ACTIVE", codec)
        out = tmp_path / f"{codec.name}.jsonl"
        stream(io.BytesIO(data), out, task)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") == len(lines) + len(extra)
    assert [b'"error"' in line for line in outs[0].splitlines()[-4:]] == [
        True, True, False, True]


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
def test_the_batch_reader_hashes_what_the_reader_and_the_digest_give(
        codec: _codec.Codec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_codec, "ACTIVE", codec)
    for line in _sample_lines()[:100]:
        got = ser._read_hashed(line, Household, CONV)
        assert got is not None
        h, value = ser._read(line, Household, source=None, converter=CONV)
        assert got[0] == h and got[1] == value and got[2] == input_sha256(h)
    for text in (HOUSEHOLD.replace('"H-1"', '"H:1"') % '"2.00"',  # a colon in a string
                 HOUSEHOLD.replace('{"id":"H-1",', '{"id":"H-1","id":"H-2",') % '"1.00"',
                 HOUSEHOLD % "1.5",
                 HOUSEHOLD.replace('"H-1"', '"户\ud800"') % '"1.00"'):  # a lone surrogate
        assert ser._read_hashed(text, Household, CONV) is None


@pytest.mark.parametrize("codec", CODECS, ids=[c.name for c in CODECS])
@pytest.mark.parametrize("text", ['"\ud800"', '{"户":"a\udfff"}', '{"\udc00":1}'])
def test_a_codec_that_refuses_surrogates_refuses_every_lone_surrogate(
        codec: _codec.Codec, text: str) -> None:
    """orjson refuses a lone surrogate character (its README, "UTF-8"); the standard library
    reads it. The fast path relies on neither: its hooks refuse such a string wherever they
    take a string (the next test)."""
    if codec.name == "orjson":
        with pytest.raises(ValueError, match="surrogate"):
            codec.loads(text)
    else:
        assert codec.loads(text) == json.loads(text)


def test_two_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    """Input order is kept and the records are the same with worker processes."""
    lines = _sample_lines()
    data = "\n".join([*lines[:120], '{"id": 1}', *lines[120:]]).encode("utf-8") + b"\n"
    one = _run(tmp_path, data, "one.jsonl")
    two = _run(tmp_path, data, "two.jsonl", workers=2, chunk_size=37)
    assert one == two
    assert [json.loads(x)["line"] for x in two.splitlines()] == list(range(1, len(lines) + 2))


def test_public_text_is_the_public_form_written_by_the_standard_library() -> None:
    """The digest's text, written directly, is the public form encoded (same key tally)."""
    fast = ser._fast_of(CONV)
    assert fast is not None
    for line in _sample_lines():
        value = json.loads(line)
        tally_text, tally_form = [0], [0]
        text = fast.public_text(Household)(value, tally_text)
        form = fast.public_form(Household)(value, tally_form)
        assert text.encode("utf-8") == _codec.STDLIB.canonical_bytes(form)
        assert tally_text == tally_form == [line.count(":")]


def test_the_household_models_are_read_by_the_inlined_functions() -> None:
    """The fast hooks of the household's classes are the generated functions (not cattrs'
    fallback), so the equivalence tests above test them."""
    fast = ser._fast_of(make_converter())
    assert fast is not None
    for cls in (Household, Member, RigidExpenditure, Housing, DrinkingWater):
        code = fast.hook(cls).__code__
        assert code.co_filename == f"<revitalize fast structure {cls.__qualname__}>"


def _odd_jsonl() -> bytes:
    """Sample households with a BOM, CRLF ends, blank lines, bad lines and a line that is
    too long (for a limit of 4,000 bytes)."""
    lines = _sample_lines()[:60]
    rows = [*lines[:7], "", "  ", '{"id": 1}', "not json", "x" * 5000, *lines[7:30],
            "", '{"id":"H-1","town":"丛林镇"}', *lines[30:]]
    return b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8") + b"\n\xff\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_raw_line_chunks_write_what_the_item_reader_gives(tmp_path: Path, workers: int) -> None:
    """JSONL goes to the workers as raw lines; the file written is, byte for byte, the
    records of ``read_jsonl``'s items encoded one by one (the path before), whatever the
    chunk size, and ``on_chunk`` counts every record."""
    data = _odd_jsonl()
    task = BatchTask(default_parameters(), SAMPLE_DATE, limits=Limits(max_record_bytes=4000))
    items = read_jsonl(io.BytesIO(data), "in.jsonl", limits=task.limits)
    written = attrs.evolve(task, run_notices_in_records=False)  # as stream() writes them
    expected = "".join(_codec.active().dumps_line(r) + "\n"
                       for r in assess_records(items, written)).encode("utf-8")
    assert b'"error"' in expected
    for size in (1, 3, 500):
        seen: list[int] = []
        out = tmp_path / f"out-{size}.jsonl"
        stream(io.BytesIO(data), out, task, workers=workers, chunk_size=size,
               source_name="in.jsonl", on_chunk=seen.append)
        assert out.read_bytes() == expected
        assert sum(seen) == expected.count(b"\n")


def test_chunk_size_counts_jsonl_lines() -> None:
    """``--chunk-size`` counts input lines for JSONL, blank and bad lines included."""
    data = _odd_jsonl()
    total = data.count(b"\n")
    for read_bytes in (10, 4096, None):
        chunks = list(batch._raw_jsonl_chunks(io.BytesIO(data), Limits(max_record_bytes=4000),
                                              7, read_bytes))
        assert [first for first, _ in chunks] == list(range(1, total + 1, 7))
        lines = [sum(1 if isinstance(p, tuple) else p.count(b"\n") for p in pieces)
                 for _, pieces in chunks]  # every line of this input ends
        assert lines == [7] * (total // 7) + ([total % 7] if total % 7 else [])
        # the line of 5,000 bytes is sent as its head when read 10 bytes at a time (the
        # limit passed with no end of line), else whole in a block (the worker refuses it)
        too_long = [p[1] for _, pieces in chunks for p in pieces if isinstance(p, tuple)]
        assert too_long == ([5000] if read_bytes == 10 else [])
