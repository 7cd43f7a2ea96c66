"""The fast structure's own construction of model objects (``serialization._trusted_build``:
no ``__init__`` call, each slot set through its descriptor, the validators' class tests in
line) accepts, builds and refuses exactly what ``cl(...)`` does, and the fast path as a
whole what the collector does.

Three readers of the same JSON value are compared: the fast hooks as they are, the same
hooks generated with ``cl(...)`` (``_trusted_build`` giving None: what the fast path was
before), and the collector (``conv.structure``, every problem listed)."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import enum
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize import serialization
from revitalize.errors import InvalidInputError
from revitalize.models import Household
from revitalize.models._fields import enum_member, iso_date, optional, strict_bool
from revitalize.models.household import DrinkingWater, Housing, Member, RigidExpenditure
from revitalize.serialization import from_json_value, make_converter, to_json_value
from revitalize.testing import strategies as rst
from revitalize.testing.population import SAMPLE_DATE, generate_households

CONV = make_converter()


def _reachable(t: Any, seen: set[Any]) -> Iterator[Any]:
    """``t`` and every type its fields, items and arguments name, each once."""
    if t in seen or t is type(None):
        return
    seen.add(t)
    yield t
    for arg in typing.get_args(t):
        yield from _reachable(arg, seen)
    if attrs.has(t):
        for a in attrs.fields(t):
            yield from _reachable(serialization._field_types(t).get(a.name, a.type), seen)
        for a in attrs.fields(t):
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                yield from _reachable(a.default.factory, seen)


@pytest.fixture(scope="module")
def plain() -> tuple[serialization._FastHooks, set[Any]]:
    """Fast hooks that build with ``cl(...)``, and the types whose hooks they have made
    (see :func:`_plain_hook`)."""
    return serialization._FastHooks(), set()


def _plain_hook(plain: tuple[serialization._FastHooks, set[Any]], cls: type[Any]) -> Any:
    """The hook of ``cls`` that builds with ``cl(...)``: every hook it reaches is made while
    ``_trusted_build`` says no (the converter keeps them, so none is made later with it)."""
    hooks, seen = plain
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(serialization, "_trusted_build", lambda *args: None)
        for t in _reachable(cls, seen):
            with contextlib.suppress(Exception):  # Ellipsis, a Literal's values ...
                hooks.hook(t)
    return hooks.hook(cls)


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "built", read()
    except InvalidInputError as e:
        return "refused", e.problems
    except Exception as e:  # the fast path's own refusals (a key missing, not a dict ...)
        return "error", (type(e), str(e))


# --------------------------------------------------------------------------- mutations

_ENUM_VALUES = sorted({m.value for c in (Member, Housing, DrinkingWater, Household)
                       for a in attrs.fields(c)
                       for t in [serialization._field_types(c)[a.name]]
                       for e in [t, *typing.get_args(t)]
                       if isinstance(e, type) and issubclass(e, enum.Enum)
                       for m in e if isinstance(m.value, str)})

_ODD = [None, True, False, 0, 1, -1, 2**70, "", " ", "x", "H 1", "H-1", "1.5", "1.005", "-1",
        "1e3", "NaN", "2020-02-29", "2021-02-29", "1800-01-01", "2020-01-01T00:00",
        Decimal("1.5"), Decimal("-0"), 1.5, [], {}, ["x"], {"x": 1}, "\ud800", "a\tb",
        *_ENUM_VALUES]


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*here, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*here, i)))
    return out


@st.composite
def json_values(draw: st.DrawFn, name: str) -> tuple[type[Any], Any]:
    """A ``name`` model's class and the JSON value of a valid one, or that value with up
    to three nodes changed (to an odd value, another node's value, an enum value),
    deleted, or given an extra key."""
    obj = draw(rst.for_model(name))
    value = to_json_value(obj, converter=CONV)
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in _paths(value) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = value
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        kind = draw(st.sampled_from(["odd", "odd", "other", "delete", "extra", "null"]))
        if kind == "odd":
            parent[last] = copy.deepcopy(draw(st.sampled_from(_ODD)))
        elif kind == "other":
            parent[last] = copy.deepcopy(value if draw(st.booleans()) else draw(
                st.sampled_from([parent[k] for k in (
                    parent if isinstance(parent, dict) else range(len(parent)))])))
        elif kind == "null":
            parent[last] = None
        elif kind == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(["x", "id", "grade", "members"]))] = 1
        else:
            parent[last] = {"value": parent[last]}
    return type(obj), value


# --------------------------------------------------------------------------- the property


@pytest.mark.parametrize("name", rst.model_names())
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fast_build_accepts_builds_and_refuses_as_init(
        name: str, plain: tuple[serialization._FastHooks, set[Any]], data: Any) -> None:
    cls, value = data.draw(json_values(name))
    fast = serialization._fast_of(CONV)
    assert fast is not None
    trusted = _outcome(lambda: fast.hook(cls)(copy.deepcopy(value), cls))
    by_init = _outcome(lambda: _plain_hook(plain, cls)(copy.deepcopy(value), cls))
    # the same object of the same type, or the same first problem, or the same refusal
    assert trusted[0] == by_init[0], (value, trusted, by_init)
    if trusted[0] == "built":
        assert type(trusted[1]) is type(by_init[1]) is cls
        assert trusted[1] == by_init[1]
        assert repr(trusted[1]) == repr(by_init[1])
        assert attrs.astuple(trusted[1], recurse=True) == attrs.astuple(by_init[1], recurse=True)
        assert _types(trusted[1]) == _types(by_init[1])
    else:
        assert trusted[1] == by_init[1]
    # and what the fast path builds, the collector builds; what it refuses, the public
    # reader reports as the collector does
    collected = _outcome(lambda: serialization._collect(copy.deepcopy(value), cls, CONV))
    public = _outcome(lambda: from_json_value(copy.deepcopy(value), cls, converter=CONV))
    assert public[0] == collected[0]
    if trusted[0] == "built":
        assert collected[0] == "built"
        assert type(collected[1]) is cls and collected[1] == trusted[1]
        assert _types(collected[1]) == _types(trusted[1])
    assert public[1] == collected[1]


def _types(obj: Any) -> Any:
    """The exact type of every value in ``obj``, nested."""
    if attrs.has(type(obj)):
        return (type(obj), tuple(_types(getattr(obj, a.name)) for a in attrs.fields(type(obj))))
    if isinstance(obj, tuple | list):
        return (type(obj), tuple(_types(x) for x in obj))
    if isinstance(obj, Mapping):
        return (type(obj), tuple((_types(k), _types(v)) for k, v in obj.items()))
    return type(obj)


# --------------------------------------------------------------------------- examples


def test_the_household_classes_are_built_without_init() -> None:
    for cls in (Household, Member, Housing, DrinkingWater, RigidExpenditure):
        assert serialization._trusted_build(cls, list(attrs.fields(cls)), {}) is not None


def test_sample_households_read_back_equal() -> None:
    fast = serialization._fast_of(CONV)
    assert fast is not None
    for h in generate_households(300, seed=3, on=SAMPLE_DATE):
        value = to_json_value(h, converter=CONV)
        built = fast.hook(Household)(value, Household)
        assert type(built) is Household and built == h and hash(built) == hash(h)
        assert all(type(m) is Member for m in built.members)


def _refused(value: Any) -> list[tuple[str, str]]:
    fast = serialization._fast_of(CONV)
    assert fast is not None
    with pytest.raises(InvalidInputError) as e:
        fast.hook(Member)(value, Member)
    return [(p.path, p.message) for p in e.value.problems]


def test_cross_field_validators_see_every_field_set() -> None:
    """``_check_reason`` (no_capacity_reason) reads labor_capacity, a later-set field
    would be missing if validators ran before every field was set."""
    base = {"id": "M1", "birth_date": "1980-01-01"}
    ok = from_json_value({**base, "labor_capacity": "none", "no_capacity_reason": "disability"},
                         Member, converter=CONV)
    assert ok.no_capacity_reason is not None
    problems = _refused({**base, "labor_capacity": "full", "no_capacity_reason": "disability"})
    assert problems == [("$.no_capacity_reason", problems[0][1])]
    assert "labor_capacity is 'full'" in problems[0][1]


def test_the_first_failing_validator_is_the_one_init_reports() -> None:
    """Two bad fields: the fast path raises the first in field order, as ``__init__``."""
    both = _refused({"id": "M 1", "birth_date": "1980-01-01", "labor_capacity": "full",
                     "no_capacity_reason": "disability"})
    assert both == _refused({"id": "M 1", "birth_date": "1980-01-01"})
    assert [path for path, _ in both] == ["$.id"]


def test_factories_make_the_missing_parts() -> None:
    h = next(iter(generate_households(1, seed=1, on=SAMPLE_DATE)))
    value = to_json_value(h, converter=CONV)
    for key in ("housing", "water", "rigid_expenditure"):
        del value[key]
    built = from_json_value(value, Household, converter=CONV)
    assert built.housing == Housing() and built.water == DrinkingWater()
    assert built.rigid_expenditure == RigidExpenditure()
    other = from_json_value(copy.deepcopy(value), Household, converter=CONV)
    assert other.housing is not built.housing  # a new object each time, as the factory


def test_disabled_validators_are_respected() -> None:
    value = {"id": "M1", "birth_date": "1980-01-01", "labor_capacity": "full",
             "no_capacity_reason": "disability"}
    fast = serialization._fast_of(CONV)
    assert fast is not None
    with attrs.validators.disabled():
        built = fast.hook(Member)(dict(value), Member)
        expected = Member(id="M1", birth_date=dt.date(1980, 1, 1),
                          labor_capacity=built.labor_capacity,
                          no_capacity_reason=built.no_capacity_reason)
    assert built == expected and type(built) is Member
    with pytest.raises(InvalidInputError):
        fast.hook(Member)(dict(value), Member)


@attrs.frozen
class _PostInit:
    x: int = attrs.field(validator=attrs.validators.instance_of(int))

    def __attrs_post_init__(self) -> None:
        if self.x < 0:
            raise ValueError("negative")


@attrs.frozen
class _Converted:
    x: int = attrs.field(converter=abs)


@attrs.frozen(cache_hash=True)
class _CachedHash:
    x: int


@attrs.frozen
class _TakesSelf:
    x: int
    y: int = attrs.field(default=attrs.Factory(lambda self: self.x + 1, takes_self=True))


@attrs.frozen
class _NotInit:
    x: int
    y: int = attrs.field(init=False, default=3)


@attrs.define
class _Mutable:
    x: int


@attrs.frozen
class _Plain:
    x: int = attrs.field(validator=attrs.validators.instance_of(int))
    y: tuple[int, ...] = attrs.field(default=attrs.Factory(tuple))


@attrs.frozen
class _Inheriting(_Plain):
    z: int = 0


@attrs.frozen
class _OwnNew:
    x: int

    def __new__(cls, *args: Any, **kwargs: Any) -> _OwnNew:
        return super().__new__(cls)


@pytest.mark.parametrize("cls", [_PostInit, _Converted, _CachedHash, _TakesSelf, _NotInit,
                                 _Mutable, _Inheriting, _OwnNew])
def test_a_class_whose_init_does_more_keeps_its_init(cls: type[Any]) -> None:
    assert serialization._trusted_build(cls, list(attrs.fields(cls)), {}) is None


def test_a_plain_class_is_built_without_init() -> None:
    assert serialization._trusted_build(_Plain, list(attrs.fields(_Plain)), {}) is not None
    conv = make_converter()
    fast = serialization._fast_of(conv)
    assert fast is not None
    built = fast.hook(_Plain)({"x": 2}, _Plain)
    assert type(built) is _Plain and built == _Plain(2) and built.y == ()
    post = fast.hook(_PostInit)
    with pytest.raises(ValueError, match="negative"):
        post({"x": -1}, _PostInit)


_ATTRIBUTE = attrs.fields(RigidExpenditure).education


@given(text=st.from_regex(serialization._MONEY_TEXT, fullmatch=True))
def test_a_money_text_taken_in_line_is_money(text: str) -> None:
    """The built object skips money() for a string the fast path took in line."""
    validator = serialization._PROVEN_BY_TEXT[serialization._fast_money]
    validator(None, _ATTRIBUTE, Decimal(text))
    serialization._PROVEN_BY_TEXT[serialization._fast_optional_money](None, _ATTRIBUTE,
                                                                       Decimal(text))


@given(text=st.from_regex(serialization._QUANTITY_TEXT, fullmatch=True).filter(
    lambda t: len(t) <= serialization.QUANTITY_MAX_DIGITS)
       | st.from_regex(r"0\.0{0,20}[1-9]{1,6}", fullmatch=True))
def test_a_quantity_text_taken_in_line_is_a_quantity(text: str) -> None:
    if len(text) > serialization.QUANTITY_MAX_DIGITS:
        return
    serialization._PROVEN_BY_TEXT[serialization._fast_quantity](None, _ATTRIBUTE, Decimal(text))
    serialization._PROVEN_BY_TEXT[serialization._fast_optional_quantity](None, _ATTRIBUTE,
                                                                         Decimal(text))


def test_money_read_another_way_is_still_checked() -> None:
    """An amount the fast path did not take in line (a number) is checked by money()."""
    h = next(iter(generate_households(1, seed=1, on=SAMPLE_DATE)))
    value = to_json_value(h, converter=CONV)
    value["rigid_expenditure"]["education"] = Decimal("1.005")
    fast = serialization._fast_of(CONV)
    assert fast is not None
    with pytest.raises(InvalidInputError, match="at most 2 decimal places"):
        fast.hook(Household)(value, Household)


# --------------------------------------------------------------------------- a parse's proof


def _model_classes() -> list[type[Any]]:
    import revitalize.models as models

    seen: set[Any] = set()
    for name in models.__all__:
        t = getattr(models, name)
        if isinstance(t, type) and attrs.has(t):
            list(_reachable(t, seen))
    return [t for t in seen if isinstance(t, type) and attrs.has(t)]


def _values_of(parsed: tuple[type[Any], bool]) -> list[Any]:
    """Every value (or a spread of them, for dates) the in-line branch gives."""
    cls, may_be_none = parsed
    values: list[Any]
    if cls is bool:
        values = [True, False]
    elif cls is dt.date:
        values = [serialization.EARLIEST_DATE, SAMPLE_DATE, serialization.LATEST_DATE]
    else:
        values = list(serialization._enum_table(cls).values())
    return [*values, None] if may_be_none else values


def test_a_validator_left_out_after_a_parse_passes_what_the_parse_gives() -> None:
    """The fast build leaves out a validator part when every field took its in-line branch
    and that part passes exactly the class the branch gives (``_passes_parsed``): each such
    part of every model passes every value the branch can give."""
    fast = serialization._fast_of(CONV)
    assert fast is not None
    left_out = 0
    for cls in _model_classes():
        hints = serialization._field_types(cls)
        for a in attrs.fields(cls):
            if a.validator is None or not a.init:
                continue
            t = hints.get(a.name, a.type)
            parsed = serialization._parsed_class(t, fast.converter.get_structure_hook(t))
            if parsed is None:
                continue
            for part in serialization._ALL_OF.get(a.validator, (a.validator,)):
                if serialization._passes_parsed(part, parsed):
                    left_out += 1
                    for value in _values_of(parsed):
                        part(None, a, value)
    assert left_out > 50  # the booleans, enums and dates of every model


class _Colour(enum.Enum):
    RED = "red"


class _Shade(enum.Enum):
    RED = "red"


@attrs.frozen
class _BoolOfAnotherClass:
    x: bool = attrs.field(validator=enum_member(_Shade))


@attrs.frozen
class _NoneRefused:
    x: bool | None = attrs.field(default=None, validator=strict_bool)


@attrs.frozen
class _EnumOfAnotherClass:
    x: _Colour = attrs.field(validator=enum_member(_Shade))


@attrs.frozen
class _OptionalEnumOfAnotherClass:
    x: _Colour | None = attrs.field(
        default=None, validator=optional(enum_member(_Shade)))


@attrs.frozen
class _OptionalDate:
    x: dt.date | None = attrs.field(default=None,
                                    validator=optional(iso_date))
    y: dt.date | None = attrs.field(default=None, validator=iso_date)


@pytest.mark.parametrize(("cls", "value", "built"), [
    (_BoolOfAnotherClass, {"x": True}, False),
    (_NoneRefused, {"x": None}, False),
    (_NoneRefused, {"x": True}, True),
    (_EnumOfAnotherClass, {"x": "red"}, False),
    (_OptionalEnumOfAnotherClass, {"x": "red"}, False),
    (_OptionalEnumOfAnotherClass, {"x": None}, True),
    (_OptionalDate, {"x": "2020-02-29", "y": "2020-02-29"}, True),
    (_OptionalDate, {"x": None, "y": None}, False),
    (_OptionalDate, {"x": None, "y": "2020-02-29"}, True),
])
def test_a_parse_proves_only_what_the_validator_passes(
        cls: type[Any], value: dict[str, Any], built: bool,
        plain: tuple[serialization._FastHooks, set[Any]]) -> None:
    """A value the in-line branch gave skips only a validator recorded to pass exactly its
    class (and None only where it passes None): a validator of another class, or one that
    refuses None, still runs and refuses as ``__init__`` does."""
    assert serialization._trusted_build(cls, list(attrs.fields(cls)), {}) is not None
    fast = serialization._fast_of(make_converter())
    assert fast is not None
    got = _outcome(lambda: fast.hook(cls)(dict(value), cls))
    assert got == _outcome(lambda: _plain_hook(plain, cls)(dict(value), cls))
    assert got[0] == ("built" if built else "refused")


def _objects(obj: Any) -> Iterator[Any]:
    """``obj`` and every model object in it, nested."""
    if attrs.has(type(obj)):
        yield obj
        for a in attrs.fields(type(obj)):
            yield from _objects(getattr(obj, a.name))
    elif isinstance(obj, tuple | list):
        for x in obj:
            yield from _objects(x)


def test_validators_that_pass_none_are_recorded() -> None:
    recorded = {(cls, a.name) for cls in _model_classes() for a in attrs.fields(cls)
                if a.validator is not None and any(
                    part in serialization._PASSES_NONE
                    for part in serialization._ALL_OF.get(a.validator, (a.validator,)))}
    assert {(Member, "no_capacity_reason"), (Housing, "appraised_on"),
            (DrinkingWater, "round_trip_minutes"), (Household, "social_assistance")} <= recorded


@pytest.mark.parametrize("name", rst.model_names())
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_validator_recorded_to_pass_none_passes_none(name: str, data: Any) -> None:
    """The fast build calls a validator recorded with ``passes_none`` only for a value that
    is not None: each passes None on any object (``__init__`` would have called it)."""
    for obj in _objects(data.draw(rst.for_model(name))):
        for a in attrs.fields(type(obj)):
            if a.validator is None:
                continue
            for part in serialization._ALL_OF.get(a.validator, (a.validator,)):
                if part in serialization._PASSES_NONE:
                    part(obj, a, None)


_SHAPED = st.builds(
    lambda a, b, c: f"{a}-{b}-{c}",
    *(st.text(alphabet=st.sampled_from("0123456789+- _W.:T\u0663\uff11é"), min_size=n,
              max_size=n) | st.from_regex(rf"[0-9]{{{n}}}", fullmatch=True) for n in (4, 2, 2)))


@settings(max_examples=500)
@given(text=_SHAPED | st.text(max_size=12) | st.dates().map(dt.date.isoformat))
def test_the_date_shape_test_takes_what_the_pattern_takes(text: str) -> None:
    """The fast build's test of a date string (``_DATE_SHAPE``) followed by
    ``fromisoformat`` takes exactly the strings the date pattern followed by it takes,
    and reads the same date."""
    test = eval(f"lambda v: {serialization._DATE_SHAPE}",  # the generated code's test
                {"DX": serialization._DATE_TEXT.fullmatch})

    def read() -> Any:
        try:
            return serialization._from_iso(text)
        except ValueError:
            return "refused"

    by_shape = read() if test(text) else "not taken"
    by_pattern = read() if serialization._DATE_TEXT.fullmatch(text) else "not taken"
    if by_pattern != "not taken":  # the pattern's strings all have the shape
        assert by_shape == by_pattern
    elif by_shape != "not taken":  # a shaped string the pattern does not take is refused
        assert by_shape == "refused", text
