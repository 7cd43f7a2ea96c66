"""The validators' shortcuts (``_fields``): ``optional`` and ``tuple_of`` test a value's exact
type before calling a validator, ``all_of`` calls a list of validators in line (and makes
the test of an ``optional`` first validator itself), ``money`` and ``quantity`` (and their
``optional`` forms), ``identifier``, ``name`` and ``unique`` make a cheap sufficient test
before their checks. Each must accept
exactly what the plain composition (or the checks alone) accepts and raise the very same
problems."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.models import LaborCapacity, Member
from revitalize.models._fields import (
    _CONTROL,
    _IDENTIFIER,
    Validator,
    _money_checks,
    _name_checks,
    _quantity_checks,
    _string,
    all_of,
    enum_member,
    identifier,
    instance_of,
    int_between,
    iso_date,
    money,
    name,
    optional,
    quantity,
    strict_bool,
    tuple_of,
    unique,
)


class _Day(dt.date):
    """A date subclass (not a datetime): iso_date accepts it, the shortcut must not decide."""


class _Other(enum.Enum):
    X = "none"


@attrs.frozen
class _Holder:
    field: Any = None


_ATTRIBUTE = attrs.fields(_Holder).field
_MEMBER = Member(id="M1", birth_date=dt.date(1980, 1, 1))

_VALUES: list[Any] = [
    None, True, False, 0, 1, "true", "none", 1.0, Decimal("1"), dt.date(2021, 6, 1),
    dt.datetime(2021, 6, 1, 12), _Day(2021, 6, 1), LaborCapacity.NONE, _Other.X,
    _MEMBER, object(), (), [], {},
]

_VALIDATORS: dict[str, Validator] = {
    "strict_bool": strict_bool,
    "iso_date": iso_date,
    "enum_member": enum_member(LaborCapacity),
    "instance_of": instance_of(Member),
    "instance_of_tuple": instance_of((Member, bool)),
    "money": money,
}


def _outcome(check: Validator, value: Any) -> tuple[str, ...] | None:
    """None when ``check`` accepts ``value``, else the problems it raises."""
    try:
        check(_Holder(), _ATTRIBUTE, value)
    except InvalidInputError as e:
        return tuple(f"{p.path}: {p.message}" for p in e.problems)
    return None


def _plain_optional(check: Validator) -> Validator:
    def plain(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)
    return plain


def _plain_tuple_of(item: Validator) -> Validator:
    """``tuple_of`` as it was before the shortcut: every item through ``item``."""
    def plain(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            return tuple_of(item)(inst, attribute, value)  # the non-tuple message
        problems = []
        for i, element in enumerate(value):
            try:
                item(inst, attribute, element)
            except InvalidInputError as e:
                problems += [attrs.evolve(p, path=p.path.replace(
                    f"$.{attribute.name}", f"$.{attribute.name}[{i}]", 1)) for p in e.problems]
        if problems:
            raise InvalidInputError(problems)
        return None
    return plain


@pytest.mark.parametrize("kind", sorted(_VALIDATORS))
@pytest.mark.parametrize("value", _VALUES, ids=repr)
def test_optional_decides_as_its_validator(kind: str, value: Any) -> None:
    check = _VALIDATORS[kind]
    assert _outcome(optional(check), value) == _outcome(_plain_optional(check), value)


def test_the_shortcut_does_not_decide_what_its_validator_refuses() -> None:
    assert _outcome(optional(strict_bool), 1) == (
        "$.field: expected true or false, got the integer 1",)
    assert _outcome(optional(iso_date), dt.datetime(2021, 6, 1)) is not None
    assert _outcome(optional(iso_date), _Day(2021, 6, 1)) is None
    assert _outcome(optional(enum_member(LaborCapacity)), "none") is not None


@pytest.mark.parametrize("kind", sorted(_VALIDATORS))
@given(items=st.lists(st.sampled_from(_VALUES), max_size=4))
def test_tuple_of_decides_as_its_items(kind: str, items: list[Any]) -> None:
    check = _VALIDATORS[kind]
    for value in (tuple(items), items):
        assert _outcome(tuple_of(check), value) == _outcome(_plain_tuple_of(check), value)


@given(value=st.sampled_from(_VALUES),
       chosen=st.lists(st.sampled_from(sorted(_VALIDATORS)), min_size=1, max_size=4))
def test_all_of_is_attrs_and(value: Any, chosen: list[str]) -> None:
    checks = [_VALIDATORS[k] for k in chosen] + [int_between(0, 1)]
    assert _outcome(all_of(*checks), value) == _outcome(attrs.validators.and_(*checks), value)


class _Yuan(Decimal):
    """A Decimal subclass: money accepts it, the shortcut must not decide."""


_AMOUNTS = [
    "0", "-0", "0.00", "-0.00", "1", "1.0", "1.00", "1.005", "0.001", "1E+1", "1E+2", "1e-2",
    "-1", "-0.01", "NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "99999999999999.99",
    "999999999999999", "999999999999999.99", "1000000000000000", "1E+14", "123456.7",
]


def _plain_money(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _money_checks(attribute, value)


@pytest.mark.parametrize("value", [Decimal(a) for a in _AMOUNTS] + [_Yuan("1.50"), _Yuan("-1")]
                         + _VALUES, ids=repr)
def test_money_decides_as_its_checks(value: Any) -> None:
    assert _outcome(money, value) == _outcome(_plain_money, value)


@given(value=st.decimals(allow_nan=True, allow_infinity=True)
       | st.decimals(places=2, min_value=0) | st.decimals(places=1, min_value=0))
def test_money_decides_as_its_checks_on_any_decimal(value: Decimal) -> None:
    assert _outcome(money, value) == _outcome(_plain_money, value)


def _plain_quantity(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _quantity_checks(attribute, value)


_QUANTITIES = [*_AMOUNTS, "1" * 28, "1" * 29, "1" * 27 + ".5", "0." + "0" * 26 + "1",
               "1E-7", "0.0000001", "1.5E-10", "1" * 28 + "E-30", "-1E-7", "123.456789"]


@pytest.mark.parametrize("value", [Decimal(a) for a in _QUANTITIES]
                         + [_Yuan("1.50"), _Yuan("-1")] + _VALUES, ids=repr)
def test_quantity_decides_as_its_checks(value: Any) -> None:
    assert _outcome(quantity, value) == _outcome(_plain_quantity, value)


@given(value=st.decimals(allow_nan=True, allow_infinity=True)
       | st.decimals(places=3, min_value=0) | st.integers(0, 10**30).map(Decimal))
def test_quantity_decides_as_its_checks_on_any_decimal(value: Decimal) -> None:
    assert _outcome(quantity, value) == _outcome(_plain_quantity, value)


@pytest.mark.parametrize("kind", [*sorted(_VALIDATORS), "quantity", "int_between"])
@pytest.mark.parametrize("value", [*_VALUES, Decimal("-1"), Decimal("1.005"), 7], ids=repr)
def test_all_of_an_optional_first_decides_as_attrs_and(kind: str, value: Any) -> None:
    check = {"quantity": quantity, "int_between": int_between(0, 5)}.get(kind) or _VALIDATORS[kind]
    for second in (int_between(0, 1), strict_bool):
        assert _outcome(all_of(optional(check), second), value) == _outcome(
            attrs.validators.and_(_plain_optional(check), second), value)


@pytest.mark.parametrize("value", [Decimal(a) for a in _QUANTITIES]
                         + [_Yuan("1.50"), _Yuan("-1")] + _VALUES, ids=repr)
def test_optional_money_and_quantity_decide_as_their_checks(value: Any) -> None:
    for check, plain in ((money, _plain_money), (quantity, _plain_quantity)):
        assert _outcome(optional(check), value) == _outcome(_plain_optional(plain), value)


@given(value=st.decimals(allow_nan=True, allow_infinity=True)
       | st.decimals(places=2, min_value=0) | st.integers(0, 10**30).map(Decimal))
def test_optional_money_and_quantity_decide_as_their_checks_on_any_decimal(
        value: Decimal) -> None:
    for check, plain in ((money, _plain_money), (quantity, _plain_quantity)):
        assert _outcome(optional(check), value) == _outcome(_plain_optional(plain), value)


_PLAIN_IDENTIFIER = _string(_IDENTIFIER, "an identifier (1-64 characters, no spaces)", 64)


def _plain_name(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _name_checks(attribute, value)


def test_a_printable_character_other_than_the_space_is_one_identifiers_and_names_take() -> None:
    """What the shortcuts of identifier and name rely on, for every character: one that
    isprintable() and is not the space is no whitespace and no control character."""
    for code in range(0x110000):
        c = chr(code)
        if c.isprintable() and c != " ":
            assert _IDENTIFIER.fullmatch(c) and not _CONTROL.search(c) and c.strip() == c, code


_TEXTS = ["", " ", "a", "H-0001", "H 1", " H", "H ", "\t", "a\nb", "\x85", "\xa0", "\u3000",
          "\u200b", "\u2028", "\x7f", "\x00", "\ud800", "丛林镇", " 丛林镇", "丛林镇\u3000",
          "x" * 64, "x" * 65, "x" * 100, "x" * 101, "镇" * 100, "镇" * 101, 1, None, b"H-1"]


@pytest.mark.parametrize("value", _TEXTS, ids=repr)
def test_identifier_and_name_decide_as_their_checks(value: Any) -> None:
    assert _outcome(identifier, value) == _outcome(_PLAIN_IDENTIFIER, value)
    assert _outcome(name, value) == _outcome(_plain_name, value)


@given(value=st.text(max_size=70) | st.text(st.characters(codec="utf-8"), max_size=3))
def test_identifier_and_name_decide_as_their_checks_on_any_text(value: str) -> None:
    assert _outcome(identifier, value) == _outcome(_PLAIN_IDENTIFIER, value)
    assert _outcome(name, value) == _outcome(_plain_name, value)


@given(items=st.lists(st.sampled_from([0, 1, True, False, "a", "b", 1.0, None]), max_size=5))
def test_unique_decides_as_its_loop(items: list[Any]) -> None:
    """The shortcut (a tuple whose keys are as many as its items) is taken for tuples
    only: a list is read by the loop, which must decide the same."""
    for check in (unique(what="item"), unique(str, what="item")):
        assert _outcome(check, tuple(items)) == _outcome(check, items)
