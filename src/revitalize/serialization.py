"""Exact JSON in and out of every model class.

:func:`make_converter` builds a cattrs converter configured by
:func:`configure_converter`; there is no global converter. The hooks are
generic: any frozen attrs class whose fields use the types of
:mod:`revitalize.models._fields` (``Money``, ``Quantity``, ``Identifier`` ...),
enums, dates, ``bool``, ``int``, ``str``, ``X | None``, ``tuple[X, ...]`` and
``Mapping[str, X]`` is read and written with no change to this module.

Reading (:func:`loads`, :func:`from_json_value`):

- JSON is parsed with ``parse_float=Decimal``; duplicate keys, ``NaN`` and
  ``Infinity`` are refused;
- the reader is bounded (:mod:`revitalize.reading`): arrays and objects nested
  deeper than :attr:`~revitalize.reading.Limits.max_depth` are refused before
  parsing, a number token longer than
  :attr:`~revitalize.reading.Limits.max_number_length` is refused at its path
  (Python would refuse an integer of more than 4,300 digits with a bare
  ``ValueError``), and at most :attr:`~revitalize.reading.Limits.max_problems`
  problems are listed, with a count of the rest;
- strings holding a lone surrogate (``"\\ud800"``, which no UTF-8 file can
  hold) are refused at their path;
- money is a decimal string (``"1.50"``) or an integer, at most 2 decimal
  places; booleans, JSON numbers with a fraction or exponent (they look like
  floats), ``"NaN"``, exponents, underscores, signs, spaces and padding are refused;
- dates are ISO dates (``"2021-06-01"``); a date and time is refused;
- enums are read by value; unknown fields are errors;
- every bad path is reported at once, in one
  :class:`~revitalize.errors.InvalidInputError` whose problems name the
  path (``$.members[2].birth_date: expected an ISO date, got '2021-13-01'``);
- a personal field's value is never shown in a message.

Fast structuring: a converter from :func:`make_converter` reads valid input
through one generated function per attrs class (:func:`_inlined_structure`: what
``cattrs.gen.make_dict_structure_fn`` generates, extra keys forbidden, the
classes' validators run by their ``__init__``, with the commonest valid leaf
value taken in line instead of through a call; cattrs' own generated hook for a
class it cannot write) over leaf hooks that keep the acceptance rules above
exactly (each takes the commonest valid value in one step and hands anything
else to the function the collector calls). Hand-written generation, because the
per-field calls of cattrs' hooks were half of a batch's reading time and cattrs
has no way to put a leaf check in line. :func:`loads` parses the text
with plain ``json.loads``' scanner (orjson with the ``fast`` extra:
:mod:`revitalize._codec`) for that path; a number with a fraction is then a float, which every field
refuses, and a text whose colons are not all keys (a key given twice, a colon in a
string) or with an escaped surrogate is left to the exact reader. Whatever the fast
path refuses is read again by the exact reader and the collector, which reports
every problem as described above. A hook registered on the converter afterwards
turns the fast path off. The batch hashes the provenance digest from the JSON value
it read (:func:`_value_sha256`: the canonical text of the public form the writer
would give, written by code generated per class, since cattrs generates hooks for
objects, not for "a JSON value as the writer would give it back"), equal to
:func:`input_sha256`.

Writing (:func:`to_json_value`, :func:`dumps`): money and other decimals as
strings that keep their exponent (``Decimal("1.0")`` → ``"1.0"``), in positional
notation where ``str`` would use an exponent (``Decimal("1E-7")`` → ``"0.0000001"``), dates in
ISO form, enums by value, tuples as arrays, ``None`` as ``null``. With
``public=True`` personal fields are left out. :func:`canonical_json` is the
sorted, compact form; :func:`input_sha256` hashes the public canonical form
(personal data never enters a provenance record).

>>> import datetime as dt
>>> from decimal import Decimal
>>> from revitalize.models import Household, Member, PovertyStatus
>>> text = '''{"id": "H-1", "town": "丛林镇", "village": "海孔村",
...   "poverty_status": "never_registered", "annual_net_income": "1.0",
...   "members": [{"id": "M1", "birth_date": "1980-01-31", "phone": "13800000000"}]}'''
>>> h = loads(text, Household)
>>> h.annual_net_income
Decimal('1.0')
>>> '"annual_net_income":"1.0"' in dumps(h, canonical=True)
True
>>> "13800000000" in dumps(h, public=True)
False
>>> loads('{"id": "H-1"}', Household)
Traceback (most recent call last):
...
revitalize.errors.InvalidInputError: 4 problems in the input:
  $.town: missing required field
  $.village: missing required field
  $.poverty_status: missing required field
  $.members: missing required field
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from . import _codec
from .errors import InvalidInputError, Problem, RevitalizeError, close_matches
from .models._fields import (
    _ALL_OF,
    _OPTIONAL_OF,
    _PASSES_EXACTLY,
    _PASSES_NONE,
    MONEY_MAX_INTEGER_DIGITS,
    MONEY_PLACES,
    QUANTITY_MAX_DIGITS,
    Money,
    Quantity,
    _optional_money,
    _optional_quantity,
    describe_value,
    is_personal,
    money,
    quantity,
)
from .reading import (
    DEFAULT_LIMITS,
    EARLIEST_DATE,
    LATEST_DATE,
    Limits,
    cap_problems,
    check_json_depth,
    date_problem,
    depth_message,
    surrogate_at,
)

__all__ = [
    "canonical_json",
    "configure_converter",
    "dumps",
    "from_json_value",
    "input_sha256",
    "loads",
    "make_converter",
    "parse_json",
    "to_json_value",
]

T = TypeVar("T")

_MONEY_TEXT: Final = re.compile(
    rf"(?:0|[1-9][0-9]{{0,{MONEY_MAX_INTEGER_DIGITS - 1}}})(?:\.[0-9]{{1,{MONEY_PLACES}}})?"
)
_DECIMAL_TEXT: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_LOOSE_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]*)?")
_DATE_TEXT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SIMPLE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MONEY_EXPECTED: Final = (
    f'expected an amount in yuan as a decimal string such as "1.50" or an integer, '
    f"at most {MONEY_PLACES} decimal places"
)


# --------------------------------------------------------------------------- JSON parsing


class _Constant:
    """A JSON ``NaN`` / ``Infinity`` token: kept so the converter can name its path."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    def __repr__(self) -> str:
        return self.token


class _Oversized:
    """A JSON number too long (or too large) to convert: kept so the converter names its path."""

    __slots__ = ("length",)

    def __init__(self, token: str) -> None:
        self.length = len(token)

    def __repr__(self) -> str:
        return f"a number of {self.length:,} characters (too long or too large to read)"


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys given more than once."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Object()
    dups: list[str] = []
    for key, value in pairs:
        if key in obj:
            dups.append(key)
        obj[key] = value
    if dups:
        obj.duplicates = tuple(dups)
    return obj


def _number_hooks(limits: Limits) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """``parse_float`` and ``parse_int`` hooks that turn a number token beyond ``limits``
    into an :class:`_Oversized` value (the converter then names its path). They run once
    per number token; a household's JSON has few numbers (amounts are strings)."""
    n = limits.max_number_length

    def parse_float(token: str) -> Any:
        if len(token) > n:
            return _Oversized(token)
        try:  # exact; an exponent beyond what Decimal holds signals InvalidOperation
            d = Decimal(token)
        except ArithmeticError:
            return _Oversized(token)
        return d if -n <= d.adjusted() <= n else _Oversized(token)

    def parse_int(token: str) -> Any:
        return int(token) if len(token) <= n else _Oversized(token)

    return parse_float, parse_int


def _decoded(text: str | bytes, where: str, source: str | None) -> str:
    """JSON bytes decoded as ``json.loads`` would (UTF-8, -16 or -32 by their first bytes)."""
    if isinstance(text, str):
        return text
    try:
        return text.decode(json.detect_encoding(text), "surrogatepass")
    except UnicodeDecodeError as e:
        line = text.count(b"\n", 0, e.start) + 1
        raise InvalidInputError(
            [Problem(f"{where}:{line}", f"not valid {e.encoding} (byte 0x{text[e.start]:02x})")],
            source=source) from None


def _parse(text: str | bytes, source: str | None, limits: Limits = DEFAULT_LIMITS) -> Any:
    where = source or "<input>"
    text = _decoded(text, where, source)
    if len(text) > limits.max_record_bytes:
        raise InvalidInputError([Problem(where, (
            f"larger than the limit of {limits.max_record_bytes:,} bytes"))], source=source)
    deep = check_json_depth(text, limits.max_depth)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        col = deep - text.rfind("\n", 0, deep)
        raise InvalidInputError(
            [Problem(f"{where}:{line}:{col}", depth_message(limits.max_depth))], source=source)
    try:
        parse_float, parse_int = _number_hooks(limits)
        return json.loads(text, parse_constant=_Constant, object_pairs_hook=_object_pairs,
                          parse_float=parse_float, parse_int=parse_int)
    except json.JSONDecodeError as e:
        raise InvalidInputError(
            [Problem(f"{where}:{e.lineno}:{e.colno}", f"not valid JSON: {e.msg}")], source=source
        ) from None
    except (ValueError, TypeError, RecursionError) as e:
        # UnicodeDecodeError, an integer too long to convert, nesting too deep.
        raise InvalidInputError(
            [Problem(where, f"not valid JSON text ({type(e).__name__})")], source=source
        ) from None


# --------------------------------------------------------------------------- paths


def _segment(key: object) -> str:
    """The JSON-path segment for a key or index (a lone surrogate is written as an escape)."""
    if isinstance(key, int):
        return f"[{key}]"
    if isinstance(key, str) and _SIMPLE_KEY.fullmatch(key):
        return f".{key}"
    text = str(key)
    return f"[{json.dumps(text, ensure_ascii=surrogate_at(text) is not None)}]"


def _reroot(problems: typing.Iterable[Problem], segment: str) -> list[Problem]:
    """Problems of a child value, moved under ``segment`` of its parent."""
    out = []
    for p in problems:
        if p.path.startswith("$"):
            out.append(Problem("$" + segment + p.path[1:], p.message))
        else:
            out.append(Problem("$" + segment, f"{p.path}: {p.message}"))
    return out


def _child_problems(exc: BaseException, segment: str, *, personal: bool) -> list[Problem]:
    """Turn what structuring a child raised into problems under ``segment``."""
    if isinstance(exc, InvalidInputError):
        problems = _reroot(exc.problems, segment)
    elif isinstance(exc, RevitalizeError):
        problems = [Problem("$" + segment, str(exc))]
    else:
        problems = [Problem("$" + segment, f"invalid value ({type(exc).__name__})")]
    if personal:
        problems = [
            Problem(p.path, "invalid personal data (the value is not shown)") for p in problems
        ]
    return problems


def _bad(message: str) -> InvalidInputError:
    return InvalidInputError.one("$", message)


# --------------------------------------------------------------------------- scalar hooks


def _structure_money(obj: Any, _: Any) -> Money:
    if isinstance(obj, bool):
        raise _bad(f"{_MONEY_EXPECTED}, got {describe_value(obj)}")
    if isinstance(obj, int):
        if obj < 0:
            raise _bad(f"expected an amount of 0 or more, got {obj}")
        if obj >= 10**MONEY_MAX_INTEGER_DIGITS:
            raise _bad(f"expected at most {MONEY_MAX_INTEGER_DIGITS} digits, got {obj}")
        return Money(Decimal(obj))
    if isinstance(obj, str):
        if _MONEY_TEXT.fullmatch(obj):
            return Money(Decimal(obj))
        shown = describe_value(obj)
        if _LOOSE_NUMBER.fullmatch(obj):
            if obj.startswith("-"):
                raise _bad(f"expected an amount of 0 or more, got {shown}")
            if "." in obj and len(obj.split(".")[1]) > MONEY_PLACES:
                raise _bad(f"expected at most {MONEY_PLACES} decimal places, got {shown}")
        raise _bad(f"{_MONEY_EXPECTED}, got {shown}")
    if isinstance(obj, Decimal | float):
        raise _bad(
            f"{_MONEY_EXPECTED}, got {describe_value(obj)}: write a non-integer amount as a "
            f'string, such as "{obj}"'
            if isinstance(obj, Decimal) and obj.is_finite()
            else f"{_MONEY_EXPECTED}, got {describe_value(obj)}"
        )
    raise _bad(f"{_MONEY_EXPECTED}, got {describe_value(obj)}")


def _decimal_from(obj: Any, *, signed: bool, what: str) -> Decimal:
    expected = f"expected {what} as a decimal string such as \"35.5\" or an integer"
    if isinstance(obj, bool) or not isinstance(obj, int | str):
        raise _bad(f"{expected}, got {describe_value(obj)}")
    text = str(obj)
    if not _DECIMAL_TEXT.fullmatch(text):
        raise _bad(f"{expected}, got {describe_value(obj)}")
    if not signed and text.startswith("-"):
        raise _bad(f"expected {what} of 0 or more, got {describe_value(obj)}")
    if len(text.lstrip("-").replace(".", "").lstrip("0")) > QUANTITY_MAX_DIGITS:
        raise _bad(f"expected at most {QUANTITY_MAX_DIGITS} significant digits")
    return Decimal(text)


def _structure_quantity(obj: Any, _: Any) -> Quantity:
    return Quantity(_decimal_from(obj, signed=False, what="a quantity"))


def _structure_decimal(obj: Any, _: Any) -> Decimal:
    return _decimal_from(obj, signed=True, what="a number")


def _structure_date(obj: Any, _: Any) -> dt.date:
    if isinstance(obj, dt.date) and not isinstance(obj, dt.datetime):
        out_of_range = date_problem(obj)
        if out_of_range:
            raise _bad(out_of_range)
        return obj
    if isinstance(obj, str):
        if _DATE_TEXT.fullmatch(obj):
            try:
                value = dt.date.fromisoformat(obj)
            except ValueError:
                pass
            else:
                out_of_range = date_problem(value)
                if out_of_range:
                    raise _bad(out_of_range)
                return value
        elif "T" in obj or ":" in obj:
            raise _bad(f"expected an ISO date (YYYY-MM-DD), not a date and time, got {obj!r:.60}")
    raise _bad(f"expected an ISO date, got {describe_value(obj)}")


def _structure_datetime(obj: Any, _: Any) -> dt.datetime:
    raise _bad("date-and-time values are not used; expected an ISO date")


def _structure_bool(obj: Any, _: Any) -> bool:
    if not isinstance(obj, bool):
        raise _bad(f"expected true or false, got {describe_value(obj)}")
    return obj


def _structure_int(obj: Any, _: Any) -> int:
    if isinstance(obj, bool) or not isinstance(obj, int):
        raise _bad(f"expected an integer, got {describe_value(obj)}")
    return obj


def _structure_str(obj: Any, _: Any) -> str:
    if not isinstance(obj, str):
        raise _bad(f"expected a string, got {describe_value(obj)}")
    if not obj.isascii():
        at = surrogate_at(obj)
        if at is not None:
            raise _bad(f"a lone surrogate (U+{ord(obj[at]):04X}) at character {at + 1} is not a "
                       "character: expected valid Unicode text (a \\uD800-\\uDFFF escape needs "
                       "its pair)")
    return obj


def _structure_float(obj: Any, _: Any) -> float:
    raise _bad("binary floating-point fields are not supported; use Decimal")


def _structure_enum(obj: Any, cl: type[enum.Enum]) -> enum.Enum:
    if isinstance(obj, str | int) and not isinstance(obj, bool):
        found = cl._value2member_map_.get(obj)  # the common case, without a scan
        if found is not None and type(found.value) is type(obj):
            return found
        for member in cl:
            if type(member.value) is type(obj) and member.value == obj:
                return member
    values = [m.value for m in cl]
    shown = ", ".join(repr(v) for v in values) if len(values) <= 25 else f"{len(values)} values"
    msg = f"expected one of {shown}, got {describe_value(obj)}"
    if isinstance(obj, str):
        near = close_matches(obj, [str(v) for v in values])
        if near:
            msg += f"; did you mean {' or '.join(repr(n) for n in near)}?"
    raise _bad(msg)


# --------------------------------------------------------------------------- container hooks


def _is_sequence_type(t: Any) -> bool:
    return t in (tuple, list) or typing.get_origin(t) in (
        tuple,
        list,
        collections.abc.Sequence,
    )


def _is_mapping_type(t: Any) -> bool:
    return t is dict or typing.get_origin(t) in (dict, collections.abc.Mapping)


def _sequence_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = typing.get_args(t)
    origin = typing.get_origin(t) or t
    build: Callable[[list[Any]], Any] = list if origin is list else tuple
    if not args or (len(args) == 2 and args[1] is Ellipsis):
        item: Any = args[0] if args else Any
        fixed: tuple[Any, ...] | None = None
    else:
        fixed = args

    def structure(obj: Any, _: Any) -> Any:
        if not isinstance(obj, list | tuple):
            raise _bad(f"expected an array, got {describe_value(obj)}")
        if fixed is not None and len(obj) != len(fixed):
            raise _bad(f"expected an array of {len(fixed)} items, got {len(obj)}")
        problems: list[Problem] = []
        out = []
        for i, x in enumerate(obj):
            try:
                out.append(conv.structure(x, fixed[i] if fixed is not None else item))
            except Exception as e:
                problems.extend(_child_problems(e, f"[{i}]", personal=False))
        if problems:
            raise InvalidInputError(problems)
        return build(out)

    return structure


def _mapping_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = typing.get_args(t)
    key_type: Any = args[0] if args else str
    value_type: Any = args[1] if args else Any

    def structure(obj: Any, _: Any) -> Any:
        if not isinstance(obj, dict):
            raise _bad(f"expected an object, got {describe_value(obj)}")
        problems = [
            Problem("$" + _segment(k), "the key is given more than once")
            for k in getattr(obj, "duplicates", ())
        ]
        out = {}
        for k, v in obj.items():
            seg = _segment(k)
            try:
                key = conv.structure(k, key_type)
            except Exception as e:
                problems.extend(_child_problems(e, seg, personal=False))
                continue
            try:
                out[key] = conv.structure(v, value_type)
            except Exception as e:
                problems.extend(_child_problems(e, seg, personal=False))
        if problems:
            raise InvalidInputError(problems)
        return types.MappingProxyType(out)

    return structure


@attrs.frozen
class _FieldPlan:
    name: str
    alias: str
    type: Any
    required: bool
    personal: bool
    attribute: attrs.Attribute[Any]


def _field_types(cl: type[Any]) -> dict[str, Any]:
    """The type of each field of the attrs class ``cl``, its annotations resolved by
    ``attrs.resolve_types`` (once per class: attrs keeps them, as cattrs has it do)."""
    return {a.name: a.type for a in attrs.fields(attrs.resolve_types(cl)) if a.type is not None}


def _field_plans(cl: type[Any]) -> tuple[_FieldPlan, ...]:
    hints = _field_types(cl)
    return tuple(
        _FieldPlan(
            name=a.name,
            alias=a.alias or a.name,
            type=hints.get(a.name, Any),
            required=a.default is attrs.NOTHING,
            personal=is_personal(a),
            attribute=a,
        )
        for a in attrs.fields(cl)
        if a.init
    )


def _default_of(a: attrs.Attribute[Any]) -> Any:
    default: Any = a.default
    if isinstance(default, cast(type, attrs.Factory)):
        factory: Any = default
        return None if factory.takes_self else factory.factory()
    return default


def _validator_problems(
    plans: tuple[_FieldPlan, ...], kwargs: dict[str, Any], failed: set[str]
) -> list[Problem]:
    """Every validator problem of the fields that were read (attrs stops at the first).

    Fields in ``failed`` could not be read: they are left out of the object
    the validators see, so a cross-field check that needs one is skipped.
    """
    values: dict[str, Any] = {}
    for p in plans:
        if p.alias in kwargs:
            values[p.name] = kwargs[p.alias]
        elif p.name not in failed:
            values[p.name] = _default_of(p.attribute)
    proxy = types.SimpleNamespace(**values)
    problems: list[Problem] = []
    for p in plans:
        validator = p.attribute.validator
        if validator is None or p.name not in values:
            continue
        try:
            validator(proxy, p.attribute, values[p.name])
        except InvalidInputError as e:
            problems.extend(e.problems)
        except Exception:  # a check that needs a field that could not be read
            continue
    return problems


def _merge(first: typing.Sequence[Problem], more: typing.Iterable[Problem]) -> list[Problem]:
    """``first`` and then each problem of ``more`` not already there (linear: a set of seen)."""
    out = list(first)
    seen = set(out)
    for q in more:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


#: Unknown keys beyond this many get no "did you mean" hint (each costs a fuzzy match).
_HINTED_KEYS: Final = 100


def _attrs_factory(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    plans = _field_plans(cl)
    by_name = {p.name: p for p in plans}
    names = [p.name for p in plans]
    has_personal = any(p.personal for p in plans)
    # Each field's hook, looked up on first use (as cattrs' own generated hooks bake theirs).
    hooks: dict[str, Callable[[Any, Any], Any]] = {}

    def structure(obj: Any, _: Any) -> Any:
        if not isinstance(obj, dict):
            raise _bad(f"expected an object ({cl.__name__}), got {describe_value(obj)}")
        problems = [
            Problem("$" + _segment(k), "the key is given more than once")
            for k in getattr(obj, "duplicates", ())
        ]
        hinted = 0
        for key in obj:
            if key not in by_name:
                if hinted >= _HINTED_KEYS:
                    problems.append(Problem("$" + _segment(key), f"unknown field of {cl.__name__}"))
                    continue
                hinted += 1
                near = close_matches(str(key), names)
                hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else (
                    f"expected one of: {', '.join(names)}"
                )
                problems.append(
                    Problem("$" + _segment(key), f"unknown field of {cl.__name__}; {hint}")
                )
        kwargs: dict[str, Any] = {}
        failed: set[str] = set()
        for p in plans:
            if p.name not in obj:
                if p.required:
                    problems.append(Problem("$" + _segment(p.name), "missing required field"))
                    failed.add(p.name)
                continue
            try:
                hook = hooks.get(p.name)
                if hook is None:
                    hook = hooks[p.name] = conv.get_structure_hook(p.type)
                kwargs[p.alias] = hook(obj[p.name], p.type)
            except Exception as e:
                problems.extend(_child_problems(e, _segment(p.name), personal=p.personal))
                failed.add(p.name)
        if problems:
            raise InvalidInputError(_merge(problems, _validator_problems(plans, kwargs, failed)))
        try:
            return cl(**kwargs)
        except InvalidInputError as e:
            more = _validator_problems(plans, kwargs, failed)
            raise InvalidInputError(_merge(e.problems, more)) from None
        except Exception as e:
            detail = type(e).__name__ if has_personal else f"{type(e).__name__}: {e}"
            raise _bad(f"could not build {cl.__name__} ({detail})") from None

    return structure


# --------------------------------------------------------------------------- unstructure


_AS_IS: Final = frozenset({str, int, bool, type(None)})


def _unstructure_attrs_factory(
    cl: type[Any], conv: cattrs.Converter, *, public: bool
) -> Callable[[Any], Any]:
    fields = tuple(
        a for a in attrs.fields(cl) if a.init and not (public and is_personal(a))
    )

    names = tuple(a.name for a in fields)

    def unstructure(obj: Any) -> dict[str, Any]:
        out = {}
        for name in names:
            value = getattr(obj, name)
            # str, int, bool and None are written as they are (no hook; saves a dispatch)
            out[name] = value if type(value) in _AS_IS else conv.unstructure(value)
        return out

    return unstructure


def _unstructure_decimal(d: Decimal) -> str:
    if not d.is_finite():
        raise _bad(f"cannot write the non-finite number {d} as JSON")
    text = str(d)
    if "E" in text:
        # The reader takes no exponent: write 1E-7 as 0.0000001 (same digits and exponent).
        text = format(d, "f")
    return text


# --------------------------------------------------------------------------- converter


def configure_converter(conv: cattrs.Converter, *, public: bool = False) -> None:
    """Install the library's exact-JSON hooks on ``conv``.

    With ``public=True`` the converter leaves personal fields out of its
    output (reading is the same).
    """
    enum_types = (enum.Enum, enum.StrEnum, enum.IntEnum, enum.Flag)
    for hook_type, hook in (
        (bool, _structure_bool),
        (int, _structure_int),
        (str, _structure_str),
        (float, _structure_float),
        (Decimal, _structure_decimal),
        (dt.date, _structure_date),
        (dt.datetime, _structure_datetime),
        *((e, _structure_enum) for e in enum_types),
    ):
        conv.register_structure_hook(hook_type, hook)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_structure_hook(Quantity, _structure_quantity)
    conv.register_structure_hook_factory(_is_sequence_type, _sequence_factory)
    conv.register_structure_hook_factory(_is_mapping_type, _mapping_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)

    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    for e in enum_types:
        conv.register_unstructure_hook(e, lambda m: m.value)
    conv.register_unstructure_hook(tuple, lambda t: [conv.unstructure(x) for x in t])
    conv.register_unstructure_hook(list, lambda t: [conv.unstructure(x) for x in t])
    conv.register_unstructure_hook(
        types.MappingProxyType,
        lambda m: {conv.unstructure(k): conv.unstructure(v) for k, v in m.items()},
    )
    conv.register_unstructure_hook(
        dict, lambda m: {conv.unstructure(k): conv.unstructure(v) for k, v in m.items()}
    )
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cl: _unstructure_attrs_factory(cl, conv, public=public)
    )


def make_converter(*, public: bool = False) -> cattrs.Converter:
    """A new converter with the library's exact-JSON hooks (see :func:`configure_converter`).

    It also reads valid input through generated hooks (see "Fast structuring" below);
    a hook registered on it afterwards turns those off, so the hook always applies.
    """
    conv = _Converter()
    configure_converter(conv, public=public)
    conv._fast = None  # built on first use
    return conv


# --------------------------------------------------------------------------- fast structuring
#
# Valid input takes the fast path: hooks that cattrs generates for each attrs class
# (``make_dict_structure_fn``, extra keys forbidden, the classes' validators run by their
# ``__init__``) over leaf hooks that keep today's acceptance rules exactly: each is a
# shortcut for the commonest valid case (a ``str`` that matches the money pattern ...)
# in front of the very function the collector calls, which decides everything else.
# The fast path stops at the first thing it does not like; then the collector above
# reads the input again and reports every problem, with its path and suggestion, as
# it always did. ``tests/test_throughput.py`` checks on the public strategies and their
# mutations that both paths accept the same inputs and build equal objects.


class _NotFast(Exception):
    """The fast path cannot decide this input; the collector will (never escapes)."""


_NOT_FAST: Final = _NotFast()
_DISABLED: Final = object()


class _Converter(cattrs.Converter):
    """The converter :func:`make_converter` makes: the collector's hooks, and the fast
    path's generated hooks, built on first use (``_fast``: None until then)."""

    __slots__ = ("_fast",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # cattrs' copy() passes options
        self._fast: _FastHooks | object | None = _DISABLED
        super().__init__(*args, **kwargs)

    # A hook registered after make_converter applies to the collector only: turn the
    # fast path off, so that what the converter accepts does not depend on the path.
    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = _DISABLED
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = _DISABLED
        return super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._fast = _DISABLED
        return super().register_structure_hook_factory(*args, **kwargs)


def _fast_bool(obj: Any, _: Any) -> bool:
    if obj is True or obj is False:
        return obj
    return _structure_bool(obj, bool)


def _fast_optional_bool(obj: Any, _: Any) -> bool | None:
    if obj is None or obj is True or obj is False:
        return obj
    return _structure_bool(obj, bool)


#: Integers the exact reader reads (a longer number token is refused there).
_INT_BOUND: Final = 10 ** DEFAULT_LIMITS.max_number_length


def _fast_int(obj: Any, _: Any) -> int:
    if obj.__class__ is int and -_INT_BOUND < obj < _INT_BOUND:
        return obj
    if obj.__class__ is int:
        raise _NOT_FAST  # the exact reader names the number that is too long
    return _structure_int(obj, int)


def _fast_optional_int(obj: Any, _: Any) -> int | None:
    if obj is None or (obj.__class__ is int and -_INT_BOUND < obj < _INT_BOUND):
        return obj
    if obj.__class__ is int:
        raise _NOT_FAST
    return _structure_int(obj, int)


# A string holds no lone surrogate when it is ASCII, or printable (a surrogate is not),
# which is cheaper to tell than trying to encode it (surrogate_at), the test of the rest.
def _fast_str(obj: Any, _: Any) -> str:
    if obj.__class__ is str and (obj.isascii() or obj.isprintable() or surrogate_at(obj) is None):
        return obj
    return _structure_str(obj, str)


def _fast_optional_str(obj: Any, _: Any) -> str | None:
    if obj is None or (obj.__class__ is str and (
            obj.isascii() or obj.isprintable() or surrogate_at(obj) is None)):
        return obj
    return _structure_str(obj, str)


def _fast_money(obj: Any, _: Any) -> Money:
    if obj.__class__ is str and _MONEY_TEXT.fullmatch(obj):
        return Money(Decimal(obj))
    return _structure_money(obj, Money)


def _fast_optional_money(obj: Any, _: Any) -> Money | None:
    if obj is None:
        return None
    if obj.__class__ is str and _MONEY_TEXT.fullmatch(obj):
        return Money(Decimal(obj))
    return _structure_money(obj, Money)


#: Quantity text that :func:`_structure_quantity` takes as is (``Decimal(text)``): an
#: unsigned plain decimal of at most ``QUANTITY_MAX_DIGITS`` characters (so digits).
_QUANTITY_TEXT: Final = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def _fast_quantity(obj: Any, _: Any) -> Quantity:
    if obj.__class__ is str and len(obj) <= QUANTITY_MAX_DIGITS and _QUANTITY_TEXT.fullmatch(obj):
        return Quantity(Decimal(obj))
    return _structure_quantity(obj, Quantity)


def _fast_optional_quantity(obj: Any, _: Any) -> Quantity | None:
    if obj is None:
        return None
    return _fast_quantity(obj, Quantity)


_from_iso: Final = dt.date.fromisoformat

#: The generated code's test of a string before ``date.fromisoformat`` reads it (the fast
#: path then takes the date when it is in the readers' range): ``_DATE_TEXT``'s pattern,
#: or, with CPython's C ``fromisoformat``, a cheaper test that with it comes to the same
#: (about 150 ns less a date, four a household): ten ASCII characters with hyphens at 4
#: and 7, of which the C parser takes a date only when the other eight are digits (it
#: reads the year, month and day as ASCII digits, and a week date "YYYY-Www-D" has no
#: hyphen at 7). The pure-Python ``fromisoformat`` reads them with ``int()``, which takes
#: a sign or spaces: there the pattern stays. ``tests/test_fast_build.py`` checks both
#: ways on strings of that shape.
_DATE_SHAPE: Final = (
    "len(v) == 10 and v[4] == '-' == v[7] and v.isascii()"
    if isinstance(_from_iso, types.BuiltinFunctionType) else "DX(v)")


def _fast_date(obj: Any, _: Any) -> dt.date:
    if obj.__class__ is str and _DATE_TEXT.fullmatch(obj):
        try:
            value = _from_iso(obj)
        except ValueError:
            pass
        else:
            if EARLIEST_DATE <= value <= LATEST_DATE:
                return value
    return _structure_date(obj, dt.date)


def _fast_optional_date(obj: Any, _: Any) -> dt.date | None:
    if obj is None:
        return None
    return _fast_date(obj, dt.date)


#: The fast leaf hooks and their ``X | None`` forms (one call for a field either way).
_OPTIONAL_FORM: Final[dict[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]] = {
    _fast_bool: _fast_optional_bool,
    _fast_int: _fast_optional_int,
    _fast_str: _fast_optional_str,
    _fast_money: _fast_optional_money,
    _fast_quantity: _fast_optional_quantity,
    _fast_date: _fast_optional_date,
}


def _enum_table(cl: type[enum.Enum]) -> dict[str, enum.Enum]:
    """The members of ``cl`` by string value: the member :func:`_structure_enum` finds."""
    table: dict[str, enum.Enum] = {}
    for member in cl:
        if type(member.value) is str:
            table.setdefault(member.value, member)
    return table


def _fast_enum(cl: type[enum.Enum], optional: bool) -> Callable[[Any, Any], Any]:
    """An enum's hook: a string value found in :func:`_enum_table`, anything else decided
    by :func:`_structure_enum`."""
    get = _enum_table(cl).get

    def structure(obj: Any, _: Any) -> Any:
        if obj.__class__ is str:
            found = get(obj)
            if found is not None:
                return found
        elif obj is None and optional:
            return None
        return _structure_enum(obj, cl)

    return structure


def _non_none(t: Any) -> Any:
    """``X`` of ``X | None`` (None when ``t`` is not such a union)."""
    if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
        args = typing.get_args(t)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _is_newtype(t: Any) -> bool:
    return hasattr(t, "__supertype__")


class _FastHooks:
    """The fast path of one converter: a cattrs converter of generated hooks."""

    def __init__(self) -> None:
        fast = cattrs.Converter(detailed_validation=False, forbid_extra_keys=True)
        self.converter = fast
        self.public: dict[Any, _Form] = {}
        self.texts: dict[Any, _Text] = {}
        self.hooks: dict[Any, Callable[[Any, Any], Any]] = {}
        self.writer: cattrs.Converter | None = None  # the public writer, for defaults
        for hook_type, hook in (
            (bool, _fast_bool),
            (int, _fast_int),
            (str, _fast_str),
            (float, _structure_float),
            (Decimal, _structure_decimal),
            (dt.date, _fast_date),
            (dt.datetime, _structure_datetime),
        ):
            fast.register_structure_hook(hook_type, hook)
        # Later registrations are tried first: NewTypes of str resolve to the str hook
        # (cattrs would wrap it in a lambda), Money and Quantity keep their own.
        fast.register_structure_hook_factory(_is_newtype, self._newtype)
        fast.register_structure_hook(Money, _fast_money)
        fast.register_structure_hook(Quantity, _fast_quantity)
        # Enums by their base classes, as configure_converter does (else a str enum would
        # find the str hook): one table per enum class.
        tables: dict[type[enum.Enum], dict[str, enum.Enum]] = {}

        def structure_enum(obj: Any, cl: type[enum.Enum]) -> Any:
            if obj.__class__ is str:
                table = tables.get(cl)
                if table is None:
                    table = tables[cl] = _enum_table(cl)
                found = table.get(obj)
                if found is not None:
                    return found
            return _structure_enum(obj, cl)

        for e in (enum.Enum, enum.StrEnum, enum.IntEnum, enum.Flag):
            fast.register_structure_hook(e, structure_enum)
        fast.register_structure_hook_factory(_is_sequence_type, self._sequence)
        fast.register_structure_hook_factory(_is_mapping_type, self._mapping)
        fast.register_structure_hook_factory(attrs.has, self._attrs)
        fast.register_structure_hook_factory(lambda t: _non_none(t) is not None,
                                             self._optional)

    def hook(self, cls: Any) -> Callable[[Any, Any], Any]:
        """The fast hook of ``cls`` (kept: the converter's hooks are all registered)."""
        found = self.hooks.get(cls)
        if found is None:
            found = self.hooks[cls] = self.converter.get_structure_hook(cls)
        return found

    def _newtype(self, t: Any) -> Callable[[Any, Any], Any]:
        base = t.__supertype__
        handler = self.converter.get_structure_hook(base)
        if handler in _OPTIONAL_FORM:  # a leaf hook: it ignores its type argument
            return handler
        return lambda obj, _: handler(obj, base)

    def _optional(self, t: Any) -> Callable[[Any, Any], Any]:
        inner = _non_none(t)
        if _is_enum(inner):
            return _fast_enum(inner, True)
        handler = self.converter.get_structure_hook(inner)
        if handler in _OPTIONAL_FORM:
            return _OPTIONAL_FORM[handler]

        def structure(obj: Any, _: Any) -> Any:
            return None if obj is None else handler(obj, inner)

        return structure

    def _sequence(self, t: Any) -> Callable[[Any, Any], Any]:
        args = typing.get_args(t)
        origin = typing.get_origin(t) or t
        build: Callable[[list[Any]], Any] = list if origin is list else tuple
        fixed: tuple[Any, ...] | None = None
        item: Any = Any
        if args and not (len(args) == 2 and args[1] is Ellipsis):
            fixed = args
        elif args:
            item = args[0]
        get = self.converter.get_structure_hook
        handler: list[Callable[[Any, Any], Any]] = []  # looked up on first use

        def structure(obj: Any, _: Any) -> Any:
            if obj.__class__ is not list:  # a tuple from Python code: the collector decides
                raise _NOT_FAST
            if fixed is not None:
                if len(obj) != len(fixed):
                    raise _NOT_FAST
                return build([get(t)(x, t) for x, t in zip(obj, fixed, strict=True)])
            if not handler:
                handler.append(get(item))
            h = handler[0]
            return build([h(x, item) for x in obj])

        return structure

    def _mapping(self, t: Any) -> Callable[[Any, Any], Any]:
        args = typing.get_args(t)
        key_type: Any = args[0] if args else str
        value_type: Any = args[1] if args else Any
        get = self.converter.get_structure_hook

        def structure(obj: Any, _: Any) -> Any:
            if obj.__class__ is not dict:  # a dict with duplicate keys is an _Object
                raise _NOT_FAST
            kh, vh = get(key_type), get(value_type)
            return types.MappingProxyType(
                {kh(k, key_type): vh(v, value_type) for k, v in obj.items()})

        return structure

    def _attrs(self, cl: type[Any]) -> Callable[[Any, Any], Any]:
        inlined = _inlined_structure(cl, self.converter)
        if inlined is not None:
            return inlined
        generated = make_dict_structure_fn(cl, self.converter, _cattrs_forbid_extra_keys=True,
                                           _cattrs_detailed_validation=False)

        def structure(obj: Any, _: Any) -> Any:
            if obj.__class__ is not dict:  # the collector reads other mappings (or refuses)
                raise _NOT_FAST
            return generated(obj, cl)

        return structure

    # ----------------------------------------------------------------- the public form

    def public_form(self, cls: Any) -> _Form:
        """What ``to_json_value(from_json_value(v, cls), public=True)`` is, computed from
        a JSON value ``v`` that the converter accepted, its objects' keys in any order (it
        is written with sorted keys) and parts of it possibly ``v``'s own (it is written,
        never changed): ``_NotFast`` for a type whose form cannot be told from its JSON
        value. The second argument counts the keys of the objects it reads."""
        found = self.public.get(cls)
        if found is None:
            found = self.public[cls] = _public_form(cls, self.public_form, self.public_writer())
        return found

    def public_text(self, cls: Any) -> _Text:
        """The canonical text of :meth:`public_form`'s value, written directly (the text
        ``_codec.STDLIB.canonical_bytes`` gives of it, decoded), with the same key tally."""
        found = self.texts.get(cls)
        if found is None:
            found = self.texts[cls] = _public_text(cls, self.public_text, self.public_form,
                                                   self.public_writer())
        return found

    def public_writer(self) -> cattrs.Converter:
        """The public writer (made once), which writes the fields' defaults."""
        if self.writer is None:
            self.writer = make_converter(public=True)
        return self.writer


#: The inline form of a leaf hook's commonest valid value: the condition under which the
#: value is taken as is (anything else goes to the hook, which decides as it always did).
_INLINE_AS_IS: Final[dict[Callable[[Any, Any], Any], str]] = {
    _fast_bool: "v is True or v is False",
    _fast_optional_bool: "v is None or v is True or v is False",
    _fast_int: "v.__class__ is int and -B < v < B",
    _fast_optional_int: "v is None or (v.__class__ is int and -B < v < B)",
    _fast_str: "v.__class__ is str and (v.isascii() or v.isprintable() or sa(v) is None)",
    _fast_optional_str: ("v is None or (v.__class__ is str and (v.isascii() or v.isprintable()"
                         " or sa(v) is None))"),
}


#: The inline form of a decimal leaf hook: the test under which a string is the text of
#: the Decimal the hook returns (``Decimal(v)``), and whether None is taken as is.
_INLINE_DECIMAL: Final[dict[Callable[[Any, Any], Any], tuple[str, bool]]] = {
    _fast_money: ("MT(v)", False),
    _fast_optional_money: ("MT(v)", True),
    _fast_quantity: ("len(v) <= QD and QT(v)", False),
    _fast_optional_quantity: ("len(v) <= QD and QT(v)", True),
}


def _inlined_structure(cl: type[Any], conv: cattrs.Converter,
                       ) -> Callable[[Any, Any], Any] | None:
    """The fast hook of the attrs class ``cl`` as one generated function, or None (then
    cattrs' generated hook is used).

    It does what ``make_dict_structure_fn`` generates (each field through its hook, extra
    keys forbidden, then ``cl(...)``: the class's own ``__init__`` and validators; or, for
    a class whose ``__init__`` only sets the fields and runs their validators, the same
    done in line, :func:`_trusted_build`), with
    the commonest valid value of a leaf taken in line instead of through a call: a
    boolean, an integer, a string without a lone surrogate, a money string matching the
    money pattern, a short plain quantity string, an enum value of the class's table (or
    None for an optional enum), an ISO date string in the readers' range.
    Anything else goes to the same hook as before, so what is accepted, and how, does not
    change; only calls are saved (the structuring was half of the batch's time). A field
    that is absent is given its default as ``__init__`` would take it (``attrs.NOTHING``
    for a factory).

    An object with as many keys as the class has fields has each field's value taken by
    its key (a missing key raises ``KeyError``: the object has a key that is not a
    field's, and the collector reports it); any other object is read by ``lookup``, which
    refuses a key that is not a field's and gives each absent field its default. The
    values then go through the same code either way."""
    plan: list[tuple[attrs.Attribute[Any], Any]] = []
    hints = _field_types(cl)
    for a in attrs.fields(cl):
        if not a.init:
            continue
        if a.converter is not None or a.alias != a.name:
            return None
        plan.append((a, hints.get(a.name, a.type)))
    names: dict[str, Any] = {"cl": cl, "NF": _NOT_FAST, "M": _MISSING, "B": _INT_BOUND,
                             "sa": surrogate_at, "MT": _MONEY_TEXT.fullmatch, "D": Decimal,
                             "QT": _QUANTITY_TEXT.fullmatch, "QD": QUANTITY_MAX_DIGITS,
                             "DX": _DATE_TEXT.fullmatch, "FI": _from_iso, "ED": EARLIEST_DATE,
                             "LD": LATEST_DATE,
                             "K": frozenset(a.name for a, _ in plan)}
    # A money or quantity field whose only validator is money() or quantity(): the
    # string taken in line is the text of a value it passes, so the built object runs it
    # only on a value that came another way (its hook, or the default): w<i> says so.
    proven = {i for i, (a, t) in enumerate(plan) if a.validator is not None and (
        _PROVEN_BY_TEXT.get(conv.get_structure_hook(t)) is a.validator)}
    # What each field's in-line branch below leaves in v<i> when it is taken: a value of
    # exactly one class (or None, for an optional field), a parse having proven it: a
    # boolean, a member from the enum's table, a date fromisoformat made. The build skips
    # a validator part that passes exactly that (see _trusted_build) when every field
    # took its in-line branch; a field that goes to its hook sets ``slow``.
    parsed = {i: found for i, (_, t) in enumerate(plan)
              if (found := _parsed_class(t, conv.get_structure_hook(t))) is not None}
    trusted = _trusted_build(cl, [a for a, _ in plan], names, proven, parsed)
    flagged = set(proven)  # the fields whose hook call sets ``slow``
    if trusted is None:
        proven = set()
        flagged = set()
        args = [f"{a.name}=v{i}" if a.kw_only else f"v{i}" for i, (a, _) in enumerate(plan)]
        args.sort(key=lambda arg: "=" in arg)  # keywords (kw_only fields) after the positions
        build = lookup_build = f"    return cl({', '.join(args)})"
    else:
        build, lookup_build = ("\n".join("    " + line for line in lines) for lines in trusted)
        if "slow" in build:
            flagged |= set(parsed)
    # Each field's code works on its variable v<i> in place: it leaves there the value
    # to pass to cl(), read as its hook reads it.
    fields: list[list[str]] = []
    for i, (_, t) in enumerate(plan):
        hook = conv.get_structure_hook(t)
        names[f"h{i}"], names[f"t{i}"] = hook, t
        call = f"v = h{i}(v, t{i})" + ("; slow = True" if i in flagged else "")
        body: list[str]
        if hook in _INLINE_AS_IS:
            body = [f"if not ({_INLINE_AS_IS[hook]}):", "    " + call]
        elif hook in _INLINE_DECIMAL:
            test, optional = _INLINE_DECIMAL[hook]
            none = "v is None or " if optional else ""
            body = [f"if not ({none}(v.__class__ is str and {test})):", "    " + call,
                    *([f"    w{i} = True"] if i in proven else []),
                    "elif v is not None:" if none else "else:", "    v = D(v)"]
        elif _is_enum(t) or _is_enum(_non_none(t)):
            names[f"e{i}"] = _enum_table(t if _is_enum(t) else _non_none(t))
            body = [f"if v.__class__ is str and v in e{i}:", f"    v = e{i}[v]",
                    "else:" if _is_enum(t) else "elif v is not None:", "    " + call]
        elif hook is _fast_date or hook is _fast_optional_date:
            # a string the hook takes as is: the date pattern (or _DATE_SHAPE), a date, in
            # the range (when fromisoformat raises, the fast path stops, as the hook would)
            body = [f"if v.__class__ is str and {_DATE_SHAPE} and ED <= (x := FI(v)) <= LD:",
                    "    v = x", "else:" if hook is _fast_date else "elif v is not None:",
                    "    " + call]
        else:
            body = [call]
        fields.append([re.sub(r"\bv\b", f"v{i}", line) for line in body])
    # structure(): an object with as many keys as fields has each taken by its key (one
    # subscript each: cheaper than comparing the keys' order and unpacking); any other
    # goes to lookup(), key by key, each absent field's default taken as is.
    lines = ["def structure(o, _):",
             "    if o.__class__ is not dict:",
             "        raise NF",
             f"    if len(o) != {len(plan)}:",
             "        return lookup(o)"]
    lines += [f"    v{i} = o[{a.name!r}]" for i, (a, _) in enumerate(plan)]
    lines += [f"    w{i} = False" for i in sorted(proven)]
    if flagged:
        lines.append("    slow = False")
    for body in fields:
        lines.extend("    " + b for b in body)
    lines.append(build)
    exec(compile("\n".join(lines), f"<revitalize fast structure {cl.__qualname__}>", "exec"),
         names)
    lines = ["def lookup(o):",
             "    if not o.keys() <= K:",
             "        raise NF",
             "    g = o.get"]
    for i, (a, _) in enumerate(plan):
        lines.append(f"    v{i} = o[{a.name!r}]" if a.default is attrs.NOTHING
                     else f"    v{i} = g({a.name!r}, M)")
    lines += [f"    w{i} = False" for i in sorted(proven)]
    for i, ((a, _), body) in enumerate(zip(plan, fields, strict=True)):
        if a.default is attrs.NOTHING:
            lines.extend("    " + b for b in body)
        else:
            names[f"d{i}"] = attrs.NOTHING if isinstance(
                a.default, cast(type, attrs.Factory)) else a.default
            lines += [f"    if v{i} is M:", f"        v{i} = d{i}",
                      *([f"        w{i} = True"] if i in proven else []), "    else:"]
            lines.extend("        " + b for b in body)
    lines.append(lookup_build)
    _compiled_on_first_call(names, "lookup", "\n".join(lines),
                            f"<revitalize fast structure {cl.__qualname__}, lookup>")
    generated: Callable[[Any, Any], Any] = names["structure"]
    return generated


def _parsed_class(t: Any, hook: Callable[[Any, Any], Any]) -> tuple[type[Any], bool] | None:
    """What the in-line branch :func:`_inlined_structure` writes for a field of type ``t``
    (read by ``hook``) leaves when it is taken: ``(class, may be None)`` when that is a
    value of exactly one class (``v is True or v is False``: a ``bool``; the enum's table:
    a member of ``t``; ``date.fromisoformat``: a ``date``), or None for no such branch."""
    if hook is _fast_bool or hook is _fast_optional_bool:
        return bool, hook is _fast_optional_bool
    if hook is _fast_date or hook is _fast_optional_date:
        return dt.date, hook is _fast_optional_date
    if hook in _INLINE_AS_IS or hook in _INLINE_DECIMAL:
        return None
    if _is_enum(t):
        return t, False
    if _is_enum(_non_none(t)):
        return _non_none(t), True
    return None


def _passes_parsed(part: Any, parsed: tuple[type[Any], bool]) -> bool:
    """Whether the validator ``part`` is recorded to pass every value of exactly the class
    ``parsed[0]``, and None too when ``parsed[1]`` (see :func:`_parsed_class`)."""
    exact = _PASSES_EXACTLY.get(part)
    if exact is not None:
        return exact is parsed[0] and not parsed[1]
    optional = _OPTIONAL_OF.get(part)
    return optional is not None and optional[0] is parsed[0]


#: The leaf hooks whose string taken in line (``_INLINE_DECIMAL``) is the text of a value
#: that this validator passes: a ``_MONEY_TEXT`` match is unsigned, of at most 15 digits
#: before the point and 2 after; a ``_QUANTITY_TEXT`` match of at most 28 characters is
#: unsigned, of at most 28 digits, without exponent (``tests/test_fast_build.py``).
_PROVEN_BY_TEXT: Final[dict[Callable[[Any, Any], Any], Any]] = {
    _fast_money: money,
    _fast_optional_money: _optional_money,
    _fast_quantity: quantity,
    _fast_optional_quantity: _optional_quantity,
}


def _trusted_build(cl: type[Any], fields: list[attrs.Attribute[Any]], names: dict[str, Any],
                   proven: typing.Collection[int] = (),
                   parsed: typing.Mapping[int, tuple[type[Any], bool]] | None = None,
                   ) -> tuple[list[str], list[str]] | None:
    """The code that builds a ``cl`` from the values ``v0, v1 ...`` of ``fields`` (its
    fields, in order) as ``cl(v0, v1 ...)`` does, and returns it, without the call of
    ``__init__``: for :func:`_inlined_structure`, which has the values in variables. Two
    versions: for values all given, and for values of which a factory's field may be
    ``attrs.NOTHING`` (then the factory makes it, as ``__init__`` does). None when ``cl``'s
    ``__init__`` does anything these do not (then ``cl(...)`` is called).

    Why not attrs' ``__init__``: the fast path builds every object of every household
    (20 fields a member), and the generated ``__init__`` of a frozen class sets each
    field through ``object.__setattr__``, which looks the slot up again each time, then
    calls each field's validator, most of which only test the value's class. Here each
    slot is set through its descriptor's ``__set__`` (as the assessment classes'
    ``__init__`` do: ``policy.engine.slot_setters``), and a validator recorded in
    :mod:`revitalize.models._fields` to pass a value of exactly one class
    (``_PASSES_EXACTLY``; inside ``optional``, ``_OPTIONAL_OF``; the parts of
    ``all_of``, ``_ALL_OF``) has that test made in line, the validator called only when
    it fails, so it alone decides and words every other value (the test reads
    ``__class__``, as money()'s shortcut does: the values are the hooks', none of which
    overrides it). Every other validator is called as attrs calls it: after every field
    is set (a validator may read other
    fields), in field order, with the same arguments (the attrs ``Attribute`` and
    validator objects the generated ``__init__`` uses, read from its globals), and only
    when attrs' validators are on (``attrs.validators.set_disabled``). The validator of a
    field in ``proven`` runs only when ``w<i>`` is true: its value was not read from a
    string that the validator is known to pass (``_PROVEN_BY_TEXT``).

    ``parsed`` names the fields whose value, when the caller's in-line branch took it, is
    of exactly one class, or None when the flag says so (``{i: (class, may be None)}``:
    a JSON boolean, a member from the enum's table, a date ``fromisoformat`` made; see
    :func:`_inlined_structure`). The code for values all given then has two sets of
    checks, chosen by the caller's variable ``slow`` (true when some field's value came
    from its hook instead): without it, every check is made as above; with it, a
    validator part that passes exactly what the branch gave (``_PASSES_EXACTLY`` of that
    class, or ``optional`` of it, ``_OPTIONAL_OF``, where None may come) is left out,
    and so is a ``proven`` field's: each would only have made its class test and found
    it true (about ten tests a member of a household). ``tests/test_fast_build.py``
    checks that each such validator passes what the branch gives.

    What attrs' ``__init__`` does is read from its code, not assumed: the names it uses
    must be only those of the frozen ``__init__`` that sets each field (or makes it with
    its factory) and runs its validator; a ``__attrs_pre_init__``, a
    ``__attrs_post_init__``, a converter, a cached hash, a field not in ``__init__`` or
    under another name, a factory that takes ``self``, a field that is not a slot of
    ``cl`` itself, a metaclass or a ``__new__`` of its own: each keeps ``cl(...)``.
    ``tests/test_fast_build.py`` checks that both ways accept, build and refuse the same.
    """
    init = cl.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated") or (
            type(cl) is not type or cl.__dict__.get("__new__") is not None or (
                any("__new__" in base.__dict__ for base in cl.__mro__[1:-1]))):
        return None
    every = attrs.fields(cl)
    if len(every) != len(fields) or any(a.alias != a.name for a in every):
        return None
    allowed = {"_cached_setattr_get", "_config", "_run_validators", "NOTHING"}
    for a in every:
        allowed |= {a.name, f"__attr_{a.name}", f"__attr_validator_{a.name}",
                    f"__attr_factory_{a.name}"}
    texts = {c for c in code.co_consts if isinstance(c, str)}  # the names it sets
    field_names = {a.name for a in every}
    if "_cached_setattr_get" not in code.co_names or not set(code.co_names) <= allowed or (
            code.co_varnames[1:len(every) + 1] != tuple(a.name for a in every)) or not (
            texts <= field_names and set(cl.__dict__.get("__slots__", ())) <= (
                field_names | {"__weakref__"})):
        return None
    glob = cast(types.FunctionType, init).__globals__
    names["NEW"], names["NT"] = object.__new__, attrs.NOTHING
    sets: list[str] = []
    lookup_sets: list[str] = []
    checks: list[str] = []
    parse_checks: list[str] = []  # the checks when every in-line branch was taken
    parsed = parsed or {}
    for i, a in enumerate(every):
        slot = cl.__dict__.get(a.name)
        if not isinstance(slot, types.MemberDescriptorType):
            return None
        names[f"S{i}"] = slot.__set__
        sets.append(f"S{i}(s, v{i})")
        if isinstance(a.default, cast(type, attrs.Factory)):
            if cast(Any, a.default).takes_self:
                return None
            names[f"F{i}"] = glob[f"__attr_factory_{a.name}"]
            lookup_sets += [f"if v{i} is NT:", f"    v{i} = F{i}()"]
        lookup_sets.append(f"S{i}(s, v{i})")
        if f"__attr_validator_{a.name}" in code.co_names:
            names[f"A{i}"] = glob[f"__attr_{a.name}"]
            validator = glob[f"__attr_validator_{a.name}"]
            found = _validator_lines(validator, i, names)
            checks += [f"if w{i}:", *("    " + c for c in found)] if i in proven else found
            if i not in proven:
                parse_checks += _validator_lines(validator, i, names, parsed.get(i))
    tail: list[str] = []
    if checks:  # attrs' __init__ reads its _config module (only when it runs validators)
        names["AC"] = glob["_config"]
        tail = ["if AC._run_validators is True:", *("    " + c for c in checks)]
    complete_tail = tail
    if checks and parse_checks != checks:
        complete_tail = ["if AC._run_validators is True:",
                         "    if slow:", *("        " + c for c in checks),
                         *(["    else:", *("        " + c for c in parse_checks)]
                           if parse_checks else [])]
    return (["s = NEW(cl)", *sets, *complete_tail, "return s"],
            ["s = NEW(cl)", *lookup_sets, *tail, "return s"])


def _validator_lines(validator: Any, i: int, names: dict[str, Any],
                     parsed: tuple[type[Any], bool] | None = None) -> list[str]:
    """The code that runs ``validator`` on field ``i`` of ``s`` (see :func:`_trusted_build`):
    each part of an ``all_of`` in order, a class test in line where one is recorded; with
    ``parsed`` (the value is of exactly that class, or None if its flag says so), without
    the parts that pass every such value."""
    lines = []
    for k, part in enumerate(_ALL_OF.get(validator, (validator,))):
        call = f"V{i}_{k}(s, A{i}, v{i})"
        exact = _PASSES_EXACTLY.get(part)
        optional = _OPTIONAL_OF.get(part)
        if parsed is not None and _passes_parsed(part, parsed):
            continue
        if exact is not None:
            names[f"V{i}_{k}"], names[f"X{i}_{k}"] = part, exact
            lines += [f"if v{i}.__class__ is not X{i}_{k}:", f"    {call}"]
        elif optional is not None:
            exact, only = optional
            names[f"V{i}_{k}"], names[f"X{i}_{k}"] = only, exact
            test = f" and v{i}.__class__ is not X{i}_{k}" if exact is not None else ""
            lines += [f"if v{i} is not None{test}:", f"    {call}"]
        elif part in _PASSES_NONE:
            names[f"V{i}_{k}"] = part
            lines += [f"if v{i} is not None:", f"    {call}"]
        else:
            names[f"V{i}_{k}"] = part
            lines.append(call)
    return lines


def _compiled_on_first_call(names: dict[str, Any], name: str, source: str,
                            filename: str) -> None:
    """Put in ``names``, under ``name``, a function that compiles ``source`` (which
    defines ``name`` in ``names``) on its first call, then calls what it defined: the code
    for objects that leave fields out is compiled only when one comes (compiling is most
    of the cost of a converter's first use, which a batch of a few thousand lines feels)."""

    def first_call(*args: Any) -> Any:
        exec(compile(source, filename, "exec"), names)
        return names[name](*args)

    names[name] = first_call


def _fast_of(conv: cattrs.Converter) -> _FastHooks | None:
    """The fast path of ``conv`` (built on first use), or None when it has none."""
    if not isinstance(conv, _Converter):
        return None
    fast = conv._fast
    if fast is None:
        fast = conv._fast = _FastHooks()
    return fast if isinstance(fast, _FastHooks) else None


#: A public-form function: ``(JSON value, key tally) -> public JSON value``.
_Form = Callable[[Any, list[int]], Any]


def _as_is(value: Any, tally: list[int]) -> Any:
    return value


def _decimal_text(value: Any, tally: list[int]) -> Any:
    # The reader keeps the text of a decimal string (it matches the money or decimal
    # pattern, which str() of the Decimal gives back, or format "f" where str() would use
    # an exponent: the writer's form); an integer is written as its digits.
    if value is None or value.__class__ is str:
        return value
    if value.__class__ is int:
        return str(value)
    raise _NOT_FAST


def _public_form(cls: Any, form_of: Callable[[Any], _Form], writer: cattrs.Converter) -> _Form:
    """The public-form function of ``cls`` (see :meth:`_FastHooks.public_form`)."""
    inner = _non_none(cls)
    t = inner if inner is not None else cls
    while _is_newtype(t) and t not in (Money, Quantity):
        t = t.__supertype__
    if t in (Money, Quantity, Decimal):
        return _decimal_text
    if t in (str, int, bool, dt.date) or _is_enum(t):
        # The reader keeps these as given: a string, an integer, a boolean, an ISO date
        # (YYYY-MM-DD: date.isoformat() gives it back), an enum's value.
        return _as_is
    if _is_sequence_type(t):
        args = typing.get_args(t)
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = form_of(args[0] if args else Any)
            if item is _as_is:

                def as_is_items(value: Any, tally: list[int]) -> Any:
                    return None if value is None else list(value)

                return as_is_items

            def sequence(value: Any, tally: list[int]) -> Any:
                return None if value is None else [item(x, tally) for x in value]

            return sequence
        raise _NOT_FAST
    if _is_mapping_type(t):
        args = typing.get_args(t)
        key = form_of(args[0] if args else str)
        val = form_of(args[1] if args else Any)

        def mapping(value: Any, tally: list[int]) -> Any:
            if value is None:
                return None
            tally[0] += len(value)
            return {key(k, tally): val(v, tally) for k, v in value.items()}

        return mapping
    if attrs.has(t):
        return _attrs_public_form(t, form_of, writer)
    raise _NOT_FAST


def _attrs_public_form(cl: type[Any], form_of: Callable[[Any], _Form],
                       writer: cattrs.Converter) -> _Form:
    hints = _field_types(cl)
    plan: list[tuple[str, _Form | None, Any]] = []
    personal: list[str] = []
    fields = 0
    for a in attrs.fields(cl):
        if not a.init:
            continue
        fields += 1
        if is_personal(a):
            personal.append(a.name)
            continue
        if a.converter is not None:
            raise _NOT_FAST
        if isinstance(a.default, cast(type, attrs.Factory)) and cast(Any, a.default).takes_self:
            raise _NOT_FAST
        form = form_of(hints.get(a.name, Any))
        default = _MISSING if a.default is attrs.NOTHING else _in_order(
            writer.unstructure(_default_of(a)))
        plan.append((a.name, None if form is _as_is else form, default))
    # Generated code, as cattrs generates its hooks (cattrs has no generator for "the JSON
    # value of a model as its writer would give it back"). An object that gives every
    # field (the reader accepted it, so its keys are the fields: as many keys as fields)
    # is copied, its personal fields deleted and each value that is not taken as is put
    # through its form (a decimal string is its own form: only another value is); the
    # copy is left out when there is nothing to delete or put through. Any other object
    # goes to partial(), compiled on first use: one dict display, each value taken as is,
    # or through its form, or the default's JSON when the key is absent.
    names: dict[str, Any] = {"M": _MISSING, "DT": _decimal_text}
    entries = []
    complete = []
    for i, (name, fn, default) in enumerate(plan):
        names[f"f{i}"], names[f"d{i}"] = fn, default
        if default is _MISSING:
            got = f"value[{name!r}]"
            value = got if fn is None else f"f{i}({got}, tally)"
        elif fn is None:
            value = f"get({name!r}, d{i})"
        else:
            value = f"(d{i} if (v{i} := get({name!r}, M)) is M else f{i}(v{i}, tally))"
        entries.append(f"        {name!r}: {value},")
        if fn is _decimal_text:
            complete += [f"    if (x := out[{name!r}]).__class__ is not str and x is not None:",
                         f"        out[{name!r}] = DT(x, tally)"]
        elif fn is not None:
            complete.append(f"    out[{name!r}] = f{i}(out[{name!r}], tally)")
    complete = [f"    del out[{name!r}]" for name in personal] + complete
    source = "\n".join([
        "def form(value, tally):",
        "    if value is None:",
        "        return None",
        "    n = len(value)",
        "    tally[0] += n",
        f"    if n == {fields}:",
        "        out = value.copy()" if complete else "        return value",
        *("    " + line for line in complete),
        *(["        return out"] if complete else []),
        "    return partial(value, tally)",
    ])
    exec(compile(source, f"<revitalize public form {cl.__qualname__}>", "exec"), names)
    _compiled_on_first_call(names, "partial", "\n".join([
        "def partial(value, tally):",
        "    get = value.get",
        "    return {",
        *entries,
        "    }",
    ]), f"<revitalize public form {cl.__qualname__}, partial>")
    generated: _Form = names["form"]
    return generated


#: A public-text function: ``(JSON value, key tally) -> canonical JSON text``.
_Text = Callable[[Any, list[int]], str]

_json_string: Final[Callable[[str], str]] = json.encoder.encode_basestring
_BOOL_TEXT: Final = {True: "true", False: "false", None: "null"}


def _null(value: Any) -> str:
    """``null`` for None; anything else is not what the text function expects."""
    if value is None:
        return "null"
    raise _NOT_FAST


def _int_text(value: Any) -> str:
    if value.__class__ is int:
        return int.__repr__(value)
    return _null(value)


def _leaf_text(value: Any) -> str:
    """A JSON scalar as the standard library writes it (an enum's value of any type)."""
    if value.__class__ is str:
        return _json_string(value)
    if value is None or value is True or value is False:
        return _BOOL_TEXT[value]
    if value.__class__ is int:
        return int.__repr__(value)
    raise _NOT_FAST


def _decimal_json(value: Any) -> str:
    # as _decimal_text, written: the text the reader kept, or an integer's digits
    if value.__class__ is str:
        return _json_string(value)
    if value.__class__ is int:
        return '"' + int.__repr__(value) + '"'
    return _null(value)


def _public_text(cls: Any, text_of: Callable[[Any], _Text],
                 form_of: Callable[[Any], _Form], writer: cattrs.Converter) -> _Text:
    """The public-text function of ``cls`` (see :meth:`_FastHooks.public_text`).

    Generated code, as for the public form: for an attrs class one string display, the
    keys in order, each value written by the expression of its type (a string through
    the standard library's own string encoder, a boolean or None by table, an integer
    by ``int.__repr__``, as :mod:`json` writes them); a type with no such expression (a
    mapping) is written by the standard library from its public form. The batch spent a
    fifth of its time building the public form and encoding it."""
    inner = _non_none(cls)
    t = inner if inner is not None else cls
    while _is_newtype(t) and t not in (Money, Quantity):
        t = t.__supertype__
    if t in (Money, Quantity, Decimal):
        return lambda value, tally: _decimal_json(value)
    if t in (str, dt.date):
        return lambda value, tally: (_json_string(value) if value.__class__ is str
                                     else _null(value))
    if t is bool:
        return lambda value, tally: _BOOL_TEXT[value]
    if t is int:
        return lambda value, tally: _int_text(value)
    if _is_enum(t):
        return lambda value, tally: _leaf_text(value)
    if _is_sequence_type(t):
        args = typing.get_args(t)
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = text_of(args[0] if args else Any)

            def sequence(value: Any, tally: list[int]) -> str:
                if value is None:
                    return "null"
                return "[" + ",".join([item(x, tally) for x in value]) + "]"

            return sequence
        raise _NOT_FAST
    if attrs.has(t):
        return _attrs_public_text(t, text_of, writer)
    form = form_of(cls)
    return lambda value, tally: canonical_json(form(value, tally))


def _attrs_public_text(cl: type[Any], text_of: Callable[[Any], _Text],
                       writer: cattrs.Converter) -> _Text:
    hints = _field_types(cl)
    fields = [a for a in attrs.fields(cl) if a.init]
    plan: list[tuple[str, Any, Any]] = []
    for a in fields:  # the fields and defaults of _attrs_public_form
        if is_personal(a):
            continue
        if a.converter is not None:
            raise _NOT_FAST
        if isinstance(a.default, cast(type, attrs.Factory)) and cast(Any, a.default).takes_self:
            raise _NOT_FAST
        default = _MISSING if a.default is attrs.NOTHING else _codec.STDLIB.dumps_line(
            _in_order(writer.unstructure(_default_of(a))))
        plan.append((a.name, hints.get(a.name, Any), default))
    names: dict[str, Any] = {"M": _MISSING, "E": _json_string, "BT": _BOOL_TEXT,
                             "I": _int_text, "N": _null, "LT": _leaf_text, "DJ": _decimal_json,
                             "Q": '"', "NL": "null"}
    # Two displays: one for an object that gives every field (the reader accepted it, so
    # its keys are the fields: as many keys as fields), each value taken by its key, and
    # one for any other, each absent field written as its default's JSON (in partial(),
    # compiled on first use). A string the
    # reader accepted as a date (YYYY-MM-DD) or a decimal (digits and a point) holds
    # nothing to escape: it is written between quotes as it is; an enum's value is
    # written from a table of its members' values, written once.
    complete: list[str] = []
    general: list[str] = []
    for i, (name, t, default) in enumerate(sorted(plan, key=lambda p: p[0])):
        inner = _non_none(t)
        base = inner if inner is not None else t
        while _is_newtype(base) and base not in (Money, Quantity):
            base = base.__supertype__
        names[f"k{i}"] = name
        # (an integer is formatted by the f-string as str() writes it: its digits)
        if base is bool:
            form = "BT[{}]"
        elif base is str:
            form = "(E(x) if (x := {}).__class__ is str else NL if x is None else N(x))"
        elif base is dt.date:
            form = "(Q + x + Q if (x := {}).__class__ is str else NL if x is None else N(x))"
        elif base is int:
            form = "(x if (x := {}).__class__ is int else NL if x is None else N(x))"
        elif _is_enum(base):
            names[f"T{i}"] = {m.value: _json_string(m.value) for m in base
                              if type(m.value) is str}
            form = f"(T{i}[x] if (x := {{}}) in T{i} else NL if x is None else LT(x))"
        elif base in (Money, Quantity, Decimal):
            form = "(Q + x + Q if (x := {}).__class__ is str else NL if x is None else DJ(x))"
        else:
            names[f"f{i}"] = text_of(t)
            form = f"f{i}({{}}, tally)"
        complete.append(form.format(f"value[k{i}]"))
        if default is _MISSING:
            general.append(form.format(f"value[k{i}]"))
        else:
            names[f"d{i}"] = default
            general.append(f"(d{i} if (v{i} := get(k{i}, M)) is M else {form.format(f'v{i}')})")

    def display(exprs: list[str]) -> str:
        parts: list[str] = []
        for (name, _, _), expr in zip(sorted(plan, key=lambda p: p[0]), exprs, strict=True):
            key = json.dumps(name, ensure_ascii=False) + ":"
            parts.append(("," if parts else "{{") + key.replace("{", "{{").replace("}", "}}")
                         + "{" + expr + "}")
        return "".join(parts) + "}}" if parts else "{{}}"

    source = "\n".join([
        "def text(value, tally):",
        "    if value is None:",
        "        return 'null'",
        "    n = len(value)",
        "    tally[0] += n",
        f"    if n == {len(fields)}:",
        f"        return f{display(complete)!r}",
        "    return partial(value, tally)",
    ])
    exec(compile(source, f"<revitalize public text {cl.__qualname__}>", "exec"), names)
    _compiled_on_first_call(names, "partial", "\n".join([
        "def partial(value, tally):",
        "    get = value.get",
        f"    return f{display(general)!r}",
    ]), f"<revitalize public text {cl.__qualname__}, partial>")
    generated: _Text = names["text"]
    return generated


_MISSING: Final = object()


def _in_order(value: Any) -> Any:
    """A JSON value with the keys of each object in order (as the canonical form has them)."""
    if isinstance(value, dict):
        return {k: _in_order(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_in_order(v) for v in value]
    return value


def _key_count(value: Any) -> int:
    """How many keys the objects of a JSON value hold, nested objects included."""
    n = 0
    if value.__class__ is dict:
        n = len(value)
        for v in value.values():
            if v.__class__ is dict or v.__class__ is list:
                n += _key_count(v)
    elif value.__class__ is list:
        for v in value:
            if v.__class__ is dict or v.__class__ is list:
                n += _key_count(v)
    return n


_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_UTF8: Final = re.compile(rb"\\u[dD][89a-fA-F]")


def _fast_parse(text: str) -> Any:
    """The JSON value of ``text`` when the fast path may use it, else ``_NotFast``.

    Parsed with the active codec (:mod:`revitalize._codec`): numbers with a fraction
    become floats, which every fast hook refuses. Every colon of the text must be a
    key's: a colon inside a string, or a key given twice (the parser keeps one), and
    the exact reader decides. So do escaped surrogates. A lone surrogate character is
    not looked for in the text: a string holding one is refused by the fast hook of any
    field that takes a string (a key that is not a field's name is refused), as for a
    value given by :func:`from_json_value`, so the collector decides it (the standard
    library reads one; orjson refuses it).
    """
    codec = _codec.active()
    value = codec.loads(text)
    if text.count(":") != _key_count(value):
        raise _NOT_FAST
    # a backslash first: one character is found at once, a text with Chinese characters
    # is searched for "\\u" twenty times slower; no backslash, no escape
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        raise _NOT_FAST
    return value


def _read(text: str | bytes, cls: type[T], *, source: str | None,
          converter: cattrs.Converter, limits: Limits | None = None) -> tuple[T, Any]:
    """``(object, the JSON value it was read from)``: :func:`loads` that keeps the value.

    Text over ``limits.max_record_bytes`` goes to the exact reader, which refuses it.
    """
    limits = limits or DEFAULT_LIMITS
    fast = _fast_of(converter)
    if fast is not None and isinstance(text, str) and len(text) <= limits.max_record_bytes:
        try:
            value = _fast_parse(text)
            obj: T = fast.hook(cls)(value, cls)
        except Exception:  # the exact reader and the collector decide
            pass
        else:
            return obj, value
    value = _parse(text, source, limits)
    try:
        return _collect(value, cls, converter, limits), value
    except InvalidInputError as e:
        if source is None:
            raise
        raise InvalidInputError(e.problems, source=source) from None


def _value_sha256(value: Any, cls: type[Any], converter: cattrs.Converter) -> str | None:
    """:func:`input_sha256` of the object that ``value`` (a JSON value ``converter``
    accepted as a ``cls``) was read into, from the value: None when it cannot be told
    from it (then hash the object)."""
    fast = _fast_of(converter)
    if fast is None:
        return None
    try:
        public = _public_bytes(fast, cls, value, [0])
    except Exception:  # a form that cannot be told from the value
        return None
    return hashlib.sha256(public).hexdigest()


def _public_bytes(fast: _FastHooks, cls: Any, value: Any, tally: list[int]) -> bytes:
    """The canonical public bytes of ``value``: written directly with the standard
    library (:meth:`_FastHooks.public_text`), or the public form written by orjson with
    its keys sorted, which is faster still (the same bytes: ``tests/test_throughput.py``)."""
    codec = _codec.active()
    if codec is _codec.STDLIB:
        return fast.public_text(cls)(value, tally).encode("utf-8")
    return codec.canonical_bytes(fast.public_form(cls)(value, tally))


def _read_hashed(text: str | bytes, cls: type[T], converter: cattrs.Converter,
                 ) -> tuple[T, Any, str] | None:
    """The batch's fast path: ``(object, JSON value, digest)`` of valid ``text``, or None
    (then :func:`_read`). One walk of the value makes its public form and counts its keys
    (the check of :func:`_fast_parse`). ``text`` may be the UTF-8 bytes of the text when
    the codec reads bytes (:attr:`~revitalize._codec.Codec.loads_utf8`; else None): the
    same value, the same tests (a colon and a backslash are single bytes in UTF-8, and
    no other character's bytes contain theirs)."""
    fast = _fast_of(converter)
    if fast is None:
        return None
    try:
        codec = _codec.active()
        if isinstance(text, bytes):
            loads_utf8 = codec.loads_utf8
            if loads_utf8 is None:
                return None
            value = loads_utf8(text)
            if b"\\" in text and _SURROGATE_ESCAPE_UTF8.search(text):
                return None
            colons = text.count(b":")
        else:
            value = codec.loads(text)
            if "\\" in text and _SURROGATE_ESCAPE.search(text):  # see _fast_parse
                return None
            colons = text.count(":")
        obj: T = fast.hook(cls)(value, cls)
        tally = [0]
        public = _public_bytes(fast, cls, value, tally)
    except Exception:  # the exact reader and the collector decide
        return None
    if tally[0] != colons:
        return None
    return obj, value, hashlib.sha256(public).hexdigest()


# --------------------------------------------------------------------------- API


def from_json_value(value: Any, cls: type[T], *, converter: cattrs.Converter | None = None,
                    limits: Limits | None = None) -> T:
    """Build a ``cls`` from a parsed JSON value; every problem is reported at once.

    Only :class:`~revitalize.errors.InvalidInputError` escapes; it lists at most
    ``limits.max_problems`` problems and counts the rest.
    """
    conv = converter if converter is not None else make_converter()
    fast = _fast_of(conv) if converter is not None else None
    if fast is not None:
        try:
            obj: T = fast.hook(cls)(value, cls)
        except Exception:  # the collector reports every problem
            pass
        else:
            return obj
    return _collect(value, cls, conv, limits)


def _collect(value: Any, cls: type[T], conv: cattrs.Converter,
             limits: Limits | None = None) -> T:
    """Structure ``value`` with the collector (every problem reported at once, the first
    ``limits.max_problems`` listed and the rest counted)."""
    try:
        result: T = conv.structure(value, cls)
    except InvalidInputError as e:
        most = (limits or DEFAULT_LIMITS).max_problems
        if len(e.problems) <= most:
            raise
        raise InvalidInputError(cap_problems(e.problems, most), source=e.source) from None
    except RecursionError:
        raise InvalidInputError.one("$", "nested too deeply to read") from None
    except Exception as e:
        raise InvalidInputError(_child_problems(e, "", personal=False)) from None
    return result


def parse_json(text: str | bytes, *, source: str | None = None,
               limits: Limits | None = None) -> Any:
    """The JSON value of ``text``, read as :func:`loads` reads it (bounded; decimals exact).

    Objects are dicts, numbers with a fraction are ``Decimal``; ``NaN``, numbers
    too long to read and keys given twice are kept as values that the readers
    refuse with their path. Only :class:`~revitalize.errors.InvalidInputError`
    escapes: a syntax error names ``source:line:column``.
    """
    return _parse(text, source, limits or DEFAULT_LIMITS)


def loads(
    text: str | bytes,
    cls: type[T],
    *,
    source: str | None = None,
    converter: cattrs.Converter | None = None,
    limits: Limits | None = None,
) -> T:
    """Parse JSON ``text`` into a ``cls``; ``source`` (a file name) heads the error message.

    With a ``converter`` from :func:`make_converter`, valid text takes the fast path.
    ``limits`` (default :data:`~revitalize.reading.DEFAULT_LIMITS`) bound the work done.
    """
    if converter is not None:
        return _read(text, cls, source=source, converter=converter, limits=limits)[0]
    value = _parse(text, source, limits or DEFAULT_LIMITS)
    try:
        return from_json_value(value, cls, converter=converter, limits=limits)
    except InvalidInputError as e:
        if source is None:
            raise
        raise InvalidInputError(e.problems, source=source) from None


def to_json_value(
    obj: Any, *, public: bool = False, converter: cattrs.Converter | None = None
) -> Any:
    """The JSON value (dicts, lists, strings, integers, booleans, None) of ``obj``.

    ``public=True`` leaves personal fields out. A given ``converter`` decides
    that itself (build it with ``make_converter(public=True)``).
    """
    conv = converter if converter is not None else make_converter(public=public)
    return conv.unstructure(obj)


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON value: sorted keys, compact, UTF-8 characters kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dumps(
    obj: Any,
    *,
    public: bool = False,
    canonical: bool = False,
    converter: cattrs.Converter | None = None,
) -> str:
    """JSON text of ``obj`` (indented, or :func:`canonical_json` form with ``canonical=True``)."""
    value = to_json_value(obj, public=public, converter=converter)
    if canonical:
        return canonical_json(value)
    return json.dumps(value, ensure_ascii=False, indent=2)


def input_sha256(obj: Any, *, converter: cattrs.Converter | None = None) -> str:
    """SHA-256 (hex) of the public canonical JSON of ``obj``, for provenance records.

    Personal fields are left out: rules never read them, and a hash of a
    short identifier could be reversed by trying every value.
    """
    conv = converter if converter is not None else make_converter(public=True)
    text = canonical_json(to_json_value(obj, converter=conv))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
