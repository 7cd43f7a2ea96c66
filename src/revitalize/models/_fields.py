"""Field types and validators shared by every model module.

Model classes are frozen attrs classes whose fields use the types and
validators below, so that construction and the JSON converter
(:mod:`revitalize.serialization`) check the same things and name the field:

- :data:`Money` — ``Decimal`` yuan, not negative, at most 2 decimal places,
  no exponent form (``Decimal("1.0")`` keeps its exponent: it is written back
  as ``"1.0"``, never ``"1.00"``);
- :data:`Quantity` — a non-negative ``Decimal`` of any number of places
  (litres, metres, square metres ...);
- :data:`Identifier` — a record id such as ``"H-0001"``;
- :data:`Name` — a place or organisation name such as ``"丛林镇"``;
- :data:`Text` — free text (notes, descriptions);
- :data:`CatalogId` — a catalog ID such as ``"MON-02"`` or ``"KPI-8a"``.

The converter dispatches on these ``NewType`` names, so a model only has to
annotate a field ``Money`` (or ``Money | None``) and add the matching
validator, e.g.::

    @attrs.frozen
    class Grant:
        amount: Money = attrs.field(validator=money)
        paid_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))

Validators raise :class:`~revitalize.errors.InvalidInputError` whose problem
paths are relative to the object being built (``$.amount``); the converter
re-roots them (``$.grants[2].amount``).

Personal data (ID number, phone, bank account, health details) is declared
with :func:`personal_field`: the field is left out of ``repr``, of public JSON
output and of every error message (:func:`is_personal`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import weakref
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import Any, Final, NewType, TypeVar

import attrs

from ..errors import InvalidInputError, Problem

__all__ = [
    "MAX_TEXT_LENGTH",
    "MONEY_MAX_INTEGER_DIGITS",
    "MONEY_PLACES",
    "PERSONAL",
    "QUANTITY_MAX_DIGITS",
    "CatalogId",
    "Identifier",
    "Money",
    "Name",
    "PersonalKind",
    "Quantity",
    "Text",
    "all_of",
    "catalog_id",
    "describe_value",
    "enum_member",
    "identifier",
    "instance_of",
    "int_between",
    "is_personal",
    "iso_date",
    "money",
    "name",
    "non_empty",
    "optional",
    "passes_none",
    "personal",
    "personal_field",
    "personal_kind",
    "quantity",
    "strict_bool",
    "text",
    "tuple_of",
    "unique",
]

T = TypeVar("T")

#: ``Decimal`` yuan: not negative, at most :data:`MONEY_PLACES` decimal places.
Money = NewType("Money", Decimal)
#: A non-negative ``Decimal`` measure (litres, metres ...), any number of places.
Quantity = NewType("Quantity", Decimal)
#: A record identifier: 1-64 characters, no spaces or control characters.
Identifier = NewType("Identifier", str)
#: A name (town, village, department ...): non-empty, no surrounding spaces.
Name = NewType("Name", str)
#: Free text of at most :data:`MAX_TEXT_LENGTH` characters.
Text = NewType("Text", str)
#: A catalog ID such as ``MON-02`` or ``KPI-8a``.
CatalogId = NewType("CatalogId", str)

#: Money has at most this many decimal places (fen).
MONEY_PLACES: Final = 2
#: Money has at most this many digits before the decimal point (exact under money.CONTEXT).
MONEY_MAX_INTEGER_DIGITS: Final = 15
#: Quantities have at most this many significant digits (money.CONTEXT's precision).
QUANTITY_MAX_DIGITS: Final = 28
#: Free text is at most this long.
MAX_TEXT_LENGTH: Final = 2000
_MAX_NAME_LENGTH: Final = 100

#: The attrs metadata key that marks a field as personal data.
PERSONAL: Final = "revitalize.personal"

_IDENTIFIER = re.compile(r"[^\s\x00-\x1f\x7f]{1,64}")
_CATALOG_ID = re.compile(r"[A-Z]{2,6}-[0-9]{1,3}[a-z]?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PersonalKind(enum.StrEnum):
    """The kind of a personal field (only for documentation and audits)."""

    IDENTIFIER = "identifier"
    CONTACT = "contact"
    FINANCIAL = "financial"
    HEALTH = "health"


# --------------------------------------------------------------------------- messages


def describe_value(value: object, limit: int = 60) -> str:
    """A short description of a (non-personal) value for an error message.

    >>> describe_value(Decimal("1.5"))
    'the number 1.5'
    >>> len(describe_value("x" * 100))
    60
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float):
        return f"the number {value}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fail(attribute: attrs.Attribute[Any], message: str) -> InvalidInputError:
    return InvalidInputError.one(f"$.{attribute.name}", message)


def _shown(attribute: attrs.Attribute[Any], value: object) -> str:
    """The value for a message, or a placeholder when the field is personal."""
    return "a value that is not shown (personal data)" if is_personal(attribute) else (
        describe_value(value)
    )


# --------------------------------------------------------------------------- personal data


def personal_field(kind: PersonalKind, validator: Any = None) -> Any:
    """An optional field (default None) holding personal data.

    The field is excluded from ``repr``, from public JSON output
    (``dumps(obj, public=True)``) and from every error message.
    """
    return attrs.field(
        default=None,
        repr=False,
        metadata=personal(kind),
        validator=optional(validator) if validator is not None else None,
    )


def personal(kind: PersonalKind) -> dict[str, PersonalKind]:
    """Field metadata marking personal data; use with ``repr=False``.

    ``attrs.field(default=None, repr=False, metadata=personal(PersonalKind.CONTACT))``
    is what :func:`personal_field` builds.
    """
    return {PERSONAL: kind}


def is_personal(attribute: attrs.Attribute[Any]) -> bool:
    """Whether ``attribute`` holds personal data (declared with :func:`personal_field`)."""
    return PERSONAL in attribute.metadata


def personal_kind(attribute: attrs.Attribute[Any]) -> PersonalKind | None:
    """The :class:`PersonalKind` of a personal field, or None."""
    kind = attribute.metadata.get(PERSONAL)
    return kind if isinstance(kind, PersonalKind) else None


# --------------------------------------------------------------------------- validators

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
V = TypeVar("V", bound=Validator)


#: Validators with a cheap sufficient test: a value whose type *is* the class passes the
#: validator (``True`` and ``False`` pass :func:`strict_bool`, a member of ``cls`` passes
#: ``enum_member(cls)`` ...). :func:`optional` and :func:`tuple_of` make that test first
#: and call the validator only when it fails, so the validator alone decides every other
#: value and words every message: the same values pass, the same errors are raised, with
#: one Python call fewer per field on the happy path (it runs for every field of every
#: object built). A weak mapping: validators made for a class that goes away go with it.
_PASSES_EXACTLY: Final[weakref.WeakKeyDictionary[Validator, type[Any]]] = (
    weakref.WeakKeyDictionary())


#: The validators :func:`optional` made of one validator: the class of
#: :data:`_PASSES_EXACTLY` (or None) and the validator, so that :func:`all_of` can make
#: their test in line and call the validator only when it fails.
_OPTIONAL_OF: Final[weakref.WeakKeyDictionary[Validator, tuple[type[Any] | None, Validator]]] = (
    weakref.WeakKeyDictionary())


#: The validators :func:`all_of` made: the validators it calls, in order, so that the
#: serializer's generated construction (``serialization._trusted_build``) can make each
#: one's test in line as it makes a field's.
_ALL_OF: Final[weakref.WeakKeyDictionary[Validator, tuple[Validator, ...]]] = (
    weakref.WeakKeyDictionary())


#: Validators that pass None whatever the object (a check between fields that has nothing
#: to check when its field is not given: ``if value is not None and ...``), recorded with
#: :func:`passes_none`, so that the serializer's generated construction calls them only
#: for a value that is not None (``tests/test_fast_build.py`` calls each with None on
#: objects of the public strategies).
_PASSES_NONE: Final[weakref.WeakKeyDictionary[Validator, bool]] = weakref.WeakKeyDictionary()


def passes_none(validator: V) -> V:
    """Record that None passes ``validator`` whatever the object it checks; returns it
    (a decorator)."""
    _PASSES_NONE[validator] = True
    return validator


def _passing(validator: Validator, cls: type[Any]) -> Validator:
    """Record that a value of exactly the class ``cls`` passes ``validator``; returns it."""
    _PASSES_EXACTLY[validator] = cls
    return validator


def optional(validator: Validator | list[Validator] | tuple[Validator, ...]) -> Validator:
    """Accept None, otherwise apply ``validator`` (or each of a list of validators).

    None means "not assessed".
    """
    validators = tuple(validator) if isinstance(validator, list | tuple) else (validator,)
    if len(validators) == 1:  # the common case, without a loop (it runs for every field)
        (only,) = validators
        if only is money:
            return _optional_money
        if only is quantity:
            return _optional_quantity
        exact = _PASSES_EXACTLY.get(only)
        if exact is not None:

            def check_exact(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
                if value is not None and type(value) is not exact:
                    only(inst, attribute, value)

            _OPTIONAL_OF[check_exact] = (exact, only)
            return check_exact

        def check_one(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value is not None:
                only(inst, attribute, value)

        _OPTIONAL_OF[check_one] = (None, only)
        return check_one

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            for v in validators:
                v(inst, attribute, value)

    return check


def all_of(*validators: Validator) -> Validator:
    """Each of ``validators`` in order, stopping at the first that raises: what attrs does
    with a list of validators (``attrs.validators.and_``), as one function that calls
    them directly instead of looping over them (it runs for every object built).
    """
    made = _all_of(validators)
    _ALL_OF[made] = validators
    return made


def _all_of(validators: tuple[Validator, ...]) -> Validator:
    """:func:`all_of`'s function."""
    if len(validators) == 2:
        first, second = validators
        found = _OPTIONAL_OF.get(first)
        if found is not None:  # optional(v): its test in line, v called only when it fails
            exact, only = found
            if exact is None:

                def check_optional_two(inst: Any, attribute: attrs.Attribute[Any],
                                       value: Any) -> None:
                    if value is not None:
                        only(inst, attribute, value)
                    second(inst, attribute, value)

                return check_optional_two

            def check_optional_exact_two(inst: Any, attribute: attrs.Attribute[Any],
                                         value: Any) -> None:
                if value is not None and type(value) is not exact:
                    only(inst, attribute, value)
                second(inst, attribute, value)

            return check_optional_exact_two

        def check_two(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            first(inst, attribute, value)
            second(inst, attribute, value)

        return check_two
    if len(validators) == 3:
        one, two, three = validators

        def check_three(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            one(inst, attribute, value)
            two(inst, attribute, value)
            three(inst, attribute, value)

        return check_three

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for v in validators:
            v(inst, attribute, value)

    return check


#: Decimals of exponent -2, 0 and -1 (``same_quantum`` compares exponents): the places
#: :func:`money` accepts (``MONEY_PLACES`` is 2).
_CENT: Final = Decimal("0.01")
_YUAN: Final = Decimal("1")
_DIME: Final = Decimal("0.1")


def money(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A :data:`Money` amount: a finite, non-negative Decimal with at most 2 places.

    >>> import attrs
    >>> @attrs.frozen
    ... class Grant:
    ...     amount: Money = attrs.field(validator=money)
    >>> Grant(Decimal("1.005"))
    Traceback (most recent call last):
    ...
    revitalize.errors.InvalidInputError: 1 problem in the input:
      $.amount: expected an amount in yuan with at most 2 decimal places, got 1.005
    """
    # A cheap sufficient test first (it runs for every amount of every object built):
    # a plain Decimal, not signed, of exponent 0, -1 or -2 (so finite: same_quantum is
    # true of a finite number and an infinity never), with fewer integer digits than the
    # limit passes every check below. Anything else is decided, and worded, by them.
    if value.__class__ is Decimal and not value.is_signed() and value.adjusted() < (
            MONEY_MAX_INTEGER_DIGITS) and (value.same_quantum(_CENT) or value.same_quantum(
            _YUAN) or value.same_quantum(_DIME)):
        return
    _money_checks(attribute, value)


def _optional_money(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``optional(money)``: None, or what :func:`money` passes (its test in line)."""
    if value is None or (value.__class__ is Decimal and not value.is_signed() and (
            value.adjusted() < MONEY_MAX_INTEGER_DIGITS) and (value.same_quantum(_CENT) or (
            value.same_quantum(_YUAN) or value.same_quantum(_DIME)))):
        return
    _money_checks(attribute, value)


def _money_checks(attribute: attrs.Attribute[Any], value: Any) -> None:
    """Every check of :func:`money`, in order, each with its message."""
    if not isinstance(value, Decimal):
        raise _fail(attribute, f"expected a Decimal amount in yuan, got {_shown(attribute, value)}")
    if not value.is_finite():
        raise _fail(attribute, f"expected a finite amount, got {_shown(attribute, value)}")
    if value.is_signed():
        raise _fail(attribute, f"expected an amount of 0 or more, got {_shown(attribute, value)}")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > 0:
        raise _fail(attribute, f"expected a plain decimal (no exponent), got {value}")
    if exponent < -MONEY_PLACES:
        raise _fail(
            attribute,
            f"expected an amount in yuan with at most {MONEY_PLACES} decimal places, got {value}",
        )
    if value.adjusted() >= MONEY_MAX_INTEGER_DIGITS:
        raise _fail(
            attribute, f"expected at most {MONEY_MAX_INTEGER_DIGITS} digits before the point"
        )


#: The text of a plain Decimal (``str`` writes one of exponent 0 or less, unless it is very
#: small, without an exponent; NaN, infinities and negatives have other text).
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def quantity(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A :data:`Quantity`: a finite, non-negative Decimal without exponent form."""
    # A cheap sufficient test first, as in money(): a plain Decimal written as unsigned
    # digits (so finite, not signed, of exponent 0 or less) in at most the digits allowed
    # passes every check below. Anything else is decided, and worded, by them.
    if value.__class__ is Decimal:
        written = str(value)
        if len(written) <= QUANTITY_MAX_DIGITS and _PLAIN_DECIMAL.fullmatch(written):
            return
    _quantity_checks(attribute, value)


def _optional_quantity(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``optional(quantity)``: None, or what :func:`quantity` passes (its test in line)."""
    if value is None:
        return
    if value.__class__ is Decimal:
        written = str(value)
        if len(written) <= QUANTITY_MAX_DIGITS and _PLAIN_DECIMAL.fullmatch(written):
            return
    _quantity_checks(attribute, value)


_OPTIONAL_OF[_optional_money] = (None, money)
_OPTIONAL_OF[_optional_quantity] = (None, quantity)


def _quantity_checks(attribute: attrs.Attribute[Any], value: Any) -> None:
    """Every check of :func:`quantity`, in order, each with its message."""
    if not isinstance(value, Decimal):
        raise _fail(attribute, f"expected a Decimal quantity, got {_shown(attribute, value)}")
    if not value.is_finite() or value.is_signed():
        raise _fail(attribute, f"expected a quantity of 0 or more, got {_shown(attribute, value)}")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent > 0:
        raise _fail(attribute, f"expected a plain decimal (no exponent), got {value}")
    if len(digits) > QUANTITY_MAX_DIGITS:
        raise _fail(attribute, f"expected at most {QUANTITY_MAX_DIGITS} significant digits")


def iso_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A calendar date (``datetime.date``, not a ``datetime``)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _fail(attribute, f"expected a date, got {_shown(attribute, value)}")


_passing(iso_date, dt.date)


def strict_bool(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """True or False (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        raise _fail(attribute, f"expected true or false, got {_shown(attribute, value)}")


_passing(strict_bool, bool)


def int_between(minimum: int | None = 0, maximum: int | None = None) -> Validator:
    """An integer (not a bool) in ``[minimum, maximum]`` (either bound may be None)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(attribute, f"expected an integer, got {_shown(attribute, value)}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            lo = "" if minimum is None else f"at least {minimum}"
            hi = "" if maximum is None else f"at most {maximum}"
            want = " and ".join(x for x in (lo, hi) if x)
            raise _fail(attribute, f"expected an integer {want}, got {_shown(attribute, value)}")

    return check


def _string(
    pattern: re.Pattern[str] | None, what: str, max_length: int,
    printable_passes: bool = False,
) -> Validator:
    """A string validator. With ``printable_passes`` (the pattern takes every string of 1 to
    ``max_length`` characters with no whitespace or control character), a string of that
    length that ``isprintable()`` (so no control character and no whitespace but the
    space) and holds no space passes without the pattern (which runs for every id of every
    object built); anything else is decided by the checks below."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if printable_passes and value.__class__ is str and 0 < len(value) <= max_length and (
                value.isprintable() and " " not in value):
            return
        if not isinstance(value, str):
            raise _fail(attribute, f"expected {what}, got {_shown(attribute, value)}")
        if len(value) > max_length:
            raise _fail(attribute, f"expected {what} of at most {max_length} characters")
        if pattern is not None and not pattern.fullmatch(value):
            raise _fail(attribute, f"expected {what}, got {_shown(attribute, value)}")

    return check


#: An :data:`Identifier`: 1-64 characters without spaces or control characters.
identifier: Final = _string(_IDENTIFIER, "an identifier (1-64 characters, no spaces)", 64,
                           printable_passes=True)
#: A :data:`CatalogId` such as ``MON-02``.
catalog_id: Final = _string(_CATALOG_ID, "a catalog ID such as 'MON-02'", 16)


def name(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A :data:`Name`: non-empty, no surrounding spaces or control characters."""
    # A cheap sufficient test first (names are checked for every object built): a
    # string that isprintable() holds no control character and no whitespace but the
    # space, so it passes when it is not too long and neither starts nor ends with one.
    if value.__class__ is str and 0 < len(value) <= _MAX_NAME_LENGTH and value.isprintable() and (
            value[0] != " " and value[-1] != " "):
        return
    _name_checks(attribute, value)


def _name_checks(attribute: attrs.Attribute[Any], value: Any) -> None:
    """Every check of :func:`name`, with its message."""
    if not isinstance(value, str):
        raise _fail(attribute, f"expected a name, got {_shown(attribute, value)}")
    if (
        not value
        or value != value.strip()
        or len(value) > _MAX_NAME_LENGTH
        or _CONTROL.search(value)
        or "\n" in value
    ):
        raise _fail(
            attribute,
            f"expected a non-empty name of at most {_MAX_NAME_LENGTH} characters without "
            f"surrounding spaces or control characters, got {_shown(attribute, value)}",
        )


def text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:data:`Text`: a string of at most :data:`MAX_TEXT_LENGTH` characters."""
    if not isinstance(value, str):
        raise _fail(attribute, f"expected a string, got {_shown(attribute, value)}")
    if len(value) > MAX_TEXT_LENGTH:
        raise _fail(attribute, f"expected at most {MAX_TEXT_LENGTH} characters")


def enum_member(cls: type[enum.Enum]) -> Validator:
    """A member of the enum ``cls`` (a bare string is refused: build the member)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise _fail(
                attribute, f"expected a {cls.__name__} member, got {_shown(attribute, value)}"
            )

    return _passing(check, cls)


def tuple_of(item: Validator) -> Validator:
    """A tuple whose every item passes ``item``; problems are named ``$.field[i]``."""

    exact = _PASSES_EXACTLY.get(item)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise _fail(attribute, f"expected a tuple, got {_shown(attribute, value)}")
        if exact is not None:  # every item of exactly that class passes ``item``
            for element in value:
                if type(element) is not exact:
                    break
            else:
                return
        problems = []
        for i, element in enumerate(value):
            try:
                item(inst, attribute, element)
            except InvalidInputError as e:
                for p in e.problems:
                    problems.append(
                        attrs.evolve(p, path=p.path.replace(
                            f"$.{attribute.name}", f"$.{attribute.name}[{i}]", 1
                        ))
                    )
        if problems:
            raise InvalidInputError(problems)

    return check


def instance_of(cls: type[Any] | tuple[type[Any], ...]) -> Validator:
    """An instance of ``cls`` (for nested model objects)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)
            raise _fail(attribute, f"expected a {names}, got {type(value).__name__}")

    return _passing(check, cls) if isinstance(cls, type) else check


def non_empty(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty sequence."""
    if len(value) == 0:
        raise _fail(attribute, "expected at least one item, got none")


def unique(key: Callable[[Any], Hashable] | None = None, what: str = "item") -> Validator:
    """Items of a sequence are unique (by ``key``); the duplicates are named by index.

    >>> import attrs
    >>> @attrs.frozen
    ... class Pair:
    ...     ids: tuple[str, ...] = attrs.field(validator=unique(what="id"))
    >>> Pair(("a", "b", "a"))
    Traceback (most recent call last):
    ...
    revitalize.errors.InvalidInputError: 1 problem in the input:
      $.ids[2]: duplicate id 'a' (first at $.ids[0])
    """

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
        if value.__class__ is tuple:  # a cheap sufficient test first: as many keys as items
            keys = value if key is None else map(key, value)
            if len(set(keys)) == len(value):
                return
        seen: dict[Hashable, int] = {}
        problems = []
        for i, item in enumerate(value):
            k = key(item) if key is not None else item
            if k in seen:
                problems.append(
                    (
                        f"$.{attribute.name}[{i}]",
                        f"duplicate {what} {_shown(attribute, k)} "
                        f"(first at $.{attribute.name}[{seen[k]}])",
                    )
                )
            else:
                seen[k] = i
        if problems:
            raise InvalidInputError([Problem(p, m) for p, m in problems])

    return check
