"""Dated parameters with sources, and reforms.

Every number a rule compares against lives in a packaged TOML file under
``revitalize/data/parameters/``, one ``[[parameter]]`` table per parameter::

    [[parameter]]
    name = "monitoring.poverty_standard"
    unit = "yuan"
    description_zh = "脱贫攻坚期国家扶贫标准（年人均纯收入）"
    description_en = "National poverty standard (annual per-capita net income)"
    catalog = ["MON-02"]

    [[parameter.values]]
    start = 2021-01-01
    value = "4000"
    source = "中农组发〔2021〕7号: 1.5 × about 4,000 yuan = 6,000 yuan in 2021"

A value the plan does not give carries ``assumption = "<reason>"`` in place of,
or beside, ``source``. Decimal values are strings or integers (TOML floats are
binary and refused); a day of the year (unit ``month_day``, e.g. the school-age
cut-off) is a ``"MM-DD"`` string. A value holds from its ``start`` until the next value's
``start``; :meth:`ParameterSet.get` answers "the value of X on date D".

Optional keys of a parameter: ``minimum`` / ``maximum`` (a decimal string),
``at_least_product_of`` (a list of parameter names whose product on the same
date is a floor: MON-02's ``1.5 × standard``), ``choices`` (for ``choice``),
``stale_after_months`` (an assessment that uses a value older than this gets a
warning) and ``derived`` (a note for parameters that may have no values
because a rule derives them, like the monitoring line).

A :class:`ParameterSet` is an immutable value. :meth:`ParameterSet.reform`
returns a new, named set; it checks names (with close matches), kinds and
bounds, so a reform cannot set the monitoring line below MON-02's floor.

**Resolved once per date.** :meth:`ParameterSet.resolved` runs a pure
*resolver* ``f(params, on)`` (read the values a rule needs on a date, and
derive what follows from them, such as the monitoring line) once per
``(f, on)`` and keeps the result on the set itself, in a private bounded memo
(by date, then by resolver; at most :data:`MEMO_LIMIT` values; when full it starts
afresh). This is the
library's one cache: it lives and dies with the immutable set, so there is no
module-level state, a reform (a new set) starts with an empty memo, and a
rule called on its own (``income_screen(h, params, on)``) is as fast on its
second call as inside a batch. A set pickles without its memo.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias, TypeVar

import attrs

from ..errors import (
    InvalidInputError,
    MissingParameterValueError,
    Problem,
    RevitalizeError,
    UnknownNameError,
)
from ..money import CONTEXT
from ..reading import (
    DEFAULT_LIMITS,
    Limits,
    cap_problems,
    date_problem,
    decimal_text,
    iso_date,
    parse_toml,
    read_document,
    surrogate_at,
)

__all__ = [
    "MEMO_LIMIT",
    "UNITS",
    "Parameter",
    "ParameterSet",
    "ParameterValue",
    "Scalar",
    "Unit",
    "default_parameters",
    "load_parameter_file",
    "load_parameters",
    "load_reform",
    "parameters_json",
    "read_reform",
]

Kind: TypeAlias = Literal["decimal", "integer", "date", "month_day", "flag", "names", "choice"]
Scalar: TypeAlias = Decimal | int | dt.date | bool | tuple[str, ...] | str


@attrs.frozen
class Unit:
    """A unit of measure: the kind of value it holds and its labels."""

    name: str
    kind: Kind
    label_zh: str
    label_en: str


def _units(*rows: tuple[str, Kind, str, str]) -> Mapping[str, Unit]:
    return MappingProxyType({r[0]: Unit(*r) for r in rows})


#: The units a parameter may have.
UNITS: Final = _units(
    ("yuan", "decimal", "元", "yuan"),
    ("ten_thousand_yuan", "decimal", "万元", "10,000 yuan"),
    ("multiplier", "decimal", "倍", "times"),
    ("fraction", "decimal", "比例", "fraction"),
    ("percent", "decimal", "%", "%"),
    ("percentage_points", "decimal", "个百分点", "percentage points"),
    ("days", "integer", "天", "days"),
    ("months", "integer", "个月", "months"),
    ("years", "integer", "年", "years"),
    ("count", "integer", "个", "count"),
    ("persons", "integer", "人", "persons"),
    ("households", "integer", "户", "households"),
    ("litres_per_person_day", "decimal", "升/人·天", "litres per person per day"),
    ("minutes", "integer", "分钟", "minutes"),
    ("metres", "decimal", "米", "metres"),
    ("square_metres", "decimal", "平方米", "square metres"),
    ("date", "date", "日期", "date"),
    ("month_day", "month_day", "月-日", "month-day"),
    ("flag", "flag", "是/否", "yes/no"),
    ("names", "names", "名单", "list"),
    ("choice", "choice", "选项", "choice"),
)


@attrs.frozen
class ParameterValue:
    """One dated value of a parameter, with where it comes from.

    ``assumption`` is the reason when the plan does not give the value (the
    value is then ours, for policy staff to see and change); ``assumption_zh`` is
    the same reason in Chinese (every packaged assumption has one), and
    ``source_zh`` the source's Chinese form where it has English prose. The
    Chinese forms are renderings: they are not part of the fingerprint.
    """

    name: str
    start: dt.date
    value: Scalar
    source: str
    assumption: str | None = None
    assumption_zh: str | None = attrs.field(default=None, kw_only=True, eq=False)
    source_zh: str | None = attrs.field(default=None, kw_only=True, eq=False)

    def source_text(self, lang: str) -> str:
        """The source in ``lang``: ``source_zh`` when given, else the source with the
        plan's references in Chinese (see :func:`revitalize.i18n.source_text`)."""
        from ..i18n import source_text

        if lang == "zh" and self.source_zh:
            return self.source_zh
        return source_text(self.source, lang)

    def assumption_text(self, lang: str) -> str | None:
        """The assumption's reason in ``lang``: the Chinese form in ``zh`` when there is
        one; in ``en``, Chinese quoted in the reason is marked 「…」."""
        from ..i18n import mark_chinese

        if self.assumption is None:
            return None
        if lang == "zh":
            return self.assumption_zh or self.assumption
        return mark_chinese(self.assumption)

    def to_json(self) -> dict[str, Any]:
        """The value as exact JSON: decimals as strings keeping their exponent, ISO dates,
        lists as arrays; ``assumption`` is null for a sourced value."""
        return {"name": self.name, "start": self.start.isoformat(),
                "value": _json_scalar(self.value), "source": self.source,
                "assumption": self.assumption}

    @property
    def is_assumption(self) -> bool:
        """Whether the value is an assumption rather than a sourced fact."""
        return self.assumption is not None


@attrs.frozen
class Parameter:
    """A named, dated parameter with a unit, descriptions and sources."""

    name: str
    unit: Unit
    description_zh: str
    description_en: str
    values: tuple[ParameterValue, ...]
    catalog: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    at_least_product_of: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    stale_after_months: int | None = None
    derived: str | None = None
    derived_zh: str | None = attrs.field(default=None, kw_only=True, eq=False)
    _starts: tuple[dt.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(v.start for v in self.values))

    def at(self, on: dt.date) -> ParameterValue | None:
        """The value in force on ``on``, or None when none has started yet."""
        i = bisect.bisect_right(self._starts, on)
        return self.values[i - 1] if i else None


# --------------------------------------------------------------------------- parsing

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

#: The largest span a parameter of these units may hold: 200 years, so that a date a
#: rule derives from an input date (at most :data:`~revitalize.reading.LATEST_DATE`)
#: stays a date. Other integer parameters (counts, persons ...) hold at most 10⁹.
_SPAN_LIMIT: Final = {"days": 73_050, "months": 2_400, "years": 200}
_INTEGER_LIMIT: Final = 10**9
#: A reform's unknown names get close matches for its first problems only.
_HINTED: Final = 100

_MONTH_DAY = re.compile(r"^([0-9]{2})-([0-9]{2})\Z")


def _month_day(text: str) -> tuple[int, int] | None:
    """``(month, day)`` of an ``"MM-DD"`` text that names a day of some year, else None."""
    m = _MONTH_DAY.match(text)
    if m is None:
        return None
    month, day = int(m[1]), int(m[2])
    try:
        dt.date(2000, month, day)  # a leap year: 02-29 is a day of some years
    except ValueError:
        return None
    return month, day


class _Reader:
    """Reads parameter tables, collecting every problem with its file and line."""

    def __init__(self, source: str, text: str | None) -> None:
        self.source = source
        self.lines = text.splitlines() if text is not None else []
        self.problems: list[Problem] = []

    def where(self, name: str | None) -> str:
        """``file:line`` of the ``name = "..."`` line of a parameter, when found."""
        if name:
            needle = re.compile(r'^\s*name\s*=\s*"' + re.escape(name) + '"')
            for i, line in enumerate(self.lines, start=1):
                if needle.match(line):
                    return f"{self.source}:{i}"
        return self.source

    def problem(self, name: str | None, message: str) -> None:
        self.problems.append(Problem(self.where(name), message))

    def scalar(self, name: str, unit: Unit, raw: object, choices: tuple[str, ...]) -> Scalar:
        """Convert one raw TOML value to the unit's kind, or record a problem."""
        kind = unit.kind
        if kind == "decimal":
            if isinstance(raw, bool) or not isinstance(raw, int | str):
                raise _Bad(f"expected a decimal string or an integer for unit {unit.name!r}, "
                           f"got {type(raw).__name__} {_shown(raw)}")
            try:
                return decimal_text(str(raw), example="4000")
            except ValueError as exc:
                raise _Bad(str(exc)) from None
        if kind == "integer":
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise _Bad(f"expected an integer for unit {unit.name!r}, got {_shown(raw)}")
            most = _SPAN_LIMIT.get(unit.name, _INTEGER_LIMIT)
            if abs(raw) > most:
                raise _Bad(f"expected at most {most:,} {unit.label_en} in size, got {_shown(raw)}")
            return raw
        if kind == "date":
            if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
                raise _Bad(f"expected a TOML date such as 2021-01-01, got {_shown(raw)}")
            out_of_range = date_problem(raw)
            if out_of_range:
                raise _Bad(out_of_range)
            return raw
        if kind == "month_day":
            if not isinstance(raw, str) or _month_day(raw) is None:
                raise _Bad(f"expected a month and day such as \"08-31\", got {_shown(raw)}")
            return raw
        if kind == "flag":
            if not isinstance(raw, bool):
                raise _Bad(f"expected true or false, got {_shown(raw)}")
            return raw
        if kind == "names":
            if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
                raise _Bad(f"expected a list of strings, got {_shown(raw)}")
            if any(surrogate_at(x) is not None for x in raw):
                raise _Bad("a name holds a lone surrogate, which is not a character")
            return tuple(raw)
        # choice
        if not isinstance(raw, str) or raw not in choices:
            raise _Bad(f"expected one of {', '.join(choices)}, got {_shown(raw)}")
        return raw


def _shown(value: object) -> str:
    """A value for a message, shortened (a reform may hold anything)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Bad(Exception):
    """Internal: one bad value (turned into a Problem by the caller)."""


_PARAM_KEYS: Final = frozenset(
    {"name", "unit", "description_zh", "description_en", "catalog", "values", "minimum",
     "maximum", "at_least_product_of", "choices", "stale_after_months", "derived",
     "derived_zh"}
)
_VALUE_KEYS: Final = frozenset({"start", "value", "source", "assumption", "assumption_zh",
                                "source_zh"})


def _read_parameter(r: _Reader, table: object, index: int) -> Parameter | None:
    if not isinstance(table, dict):
        r.problem(None, f"parameter[{index}]: expected a table, got {table!r}")
        return None
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        r.problem(None, f"parameter[{index}]: expected a dotted lower-case name such as "
                        f"\"monitoring.poverty_standard\", got {name!r}")
        return None
    ok = True
    for key in sorted(set(table) - _PARAM_KEYS):
        hint = UnknownNameError("key", key, _PARAM_KEYS).suggestions
        r.problem(name, f"{name}: unknown key {key!r}"
                        + (f"; did you mean {hint[0]!r}?" if hint else ""))
        ok = False
    unit_name = table.get("unit")
    unit = UNITS.get(unit_name) if isinstance(unit_name, str) else None
    if unit is None:
        r.problem(name, str(UnknownNameError("unit", str(unit_name), UNITS)).replace(
            "unknown", f"{name}: unknown", 1))
        return None
    texts: dict[str, str] = {}
    for key in ("description_zh", "description_en"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            r.problem(name, f"{name}: {key} must be a non-empty string")
            ok = False
        else:
            texts[key] = value
    choices_raw = table.get("choices", [])
    choices = tuple(choices_raw) if isinstance(choices_raw, list) else ()
    if unit.kind == "choice" and not choices:
        r.problem(name, f"{name}: a choice parameter needs a list of choices")
        ok = False
    bounds: dict[str, Decimal | None] = {}
    for key in ("minimum", "maximum"):
        raw = table.get(key)
        if raw is None:
            bounds[key] = None
        elif isinstance(raw, str | int) and not isinstance(raw, bool) and _is_decimal(str(raw)):
            bounds[key] = Decimal(str(raw))
        else:
            r.problem(name, f"{name}: {key} must be a decimal string, got {raw!r}")
            ok = False
    values: list[ParameterValue] = []
    raw_values = table.get("values", [])
    if not isinstance(raw_values, list):
        r.problem(name, f"{name}: values must be an array of tables")
        return None
    for j, raw_value in enumerate(raw_values):
        where = f"{name}.values[{j}]"
        if not isinstance(raw_value, dict):
            r.problem(name, f"{where}: expected a table")
            ok = False
            continue
        for key in sorted(set(raw_value) - _VALUE_KEYS):
            r.problem(name, f"{where}: unknown key {key!r} (expected start, value, source, "
                            "assumption, assumption_zh, source_zh)")
            ok = False
        start = raw_value.get("start")
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            r.problem(name, f"{where}.start: expected a TOML date such as 2021-01-01, "
                            f"got {start!r}")
            ok = False
            continue
        source = raw_value.get("source", "")
        assumption = raw_value.get("assumption")
        assumption_zh = raw_value.get("assumption_zh")
        source_zh = raw_value.get("source_zh")
        if not isinstance(source, str) or (assumption is not None
                                           and not isinstance(assumption, str)) \
                or not isinstance(assumption_zh, str | None) \
                or not isinstance(source_zh, str | None):
            r.problem(name, f"{where}: source, assumption and their _zh forms must be strings")
            ok = False
            continue
        if not source and not assumption:
            r.problem(name, f"{where}: a value needs a source, or an assumption with its reason")
            ok = False
            continue
        if "value" not in raw_value:
            r.problem(name, f"{where}: missing value")
            ok = False
            continue
        try:
            scalar = r.scalar(name, unit, raw_value["value"], choices)
        except _Bad as exc:
            r.problem(name, f"{where}.value: {exc}")
            ok = False
            continue
        if assumption_zh is not None and assumption is None:
            r.problem(name, f"{where}: assumption_zh without assumption")
            ok = False
            continue
        values.append(ParameterValue(name, start, scalar, source or "", assumption,
                                     assumption_zh=assumption_zh, source_zh=source_zh))
    starts = [v.start for v in values]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        r.problem(name, f"{name}: value start dates must be strictly increasing")
        ok = False
    if not values and not table.get("derived"):
        r.problem(name, f"{name}: no values (give at least one, or mark it derived)")
        ok = False
    stale = table.get("stale_after_months")
    if stale is not None and (isinstance(stale, bool) or not isinstance(stale, int)):
        r.problem(name, f"{name}: stale_after_months must be an integer")
        ok = False
    product = table.get("at_least_product_of", [])
    catalog = table.get("catalog", [])
    if not ok:
        return None
    return Parameter(
        name=name, unit=unit, description_zh=texts["description_zh"],
        description_en=texts["description_en"], values=tuple(values),
        catalog=tuple(catalog), minimum=bounds["minimum"], maximum=bounds["maximum"],
        at_least_product_of=tuple(product), choices=choices,
        stale_after_months=stale if isinstance(stale, int) else None,
        derived=table.get("derived"),
        derived_zh=table.get("derived_zh"),
    )


def _is_decimal(text: str) -> bool:
    try:
        decimal_text(text)
    except ValueError:
        return False
    return True


def _parse_toml(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The TOML document, read within ``limits`` (:func:`revitalize.reading.parse_toml`)."""
    return parse_toml(text, source, limits)


def load_parameter_file(text: str, source: str = "<string>") -> tuple[Parameter, ...]:
    """Parse one parameter file's text; every problem is reported at once with its line."""
    doc = _parse_toml(text, source)
    r = _Reader(source, text)
    extra = sorted(set(doc) - {"parameter"})
    for key in extra:
        r.problem(None, f"unknown top-level key {key!r} (expected [[parameter]] tables)")
    tables = doc.get("parameter", [])
    if not isinstance(tables, list):
        r.problem(None, "expected [[parameter]] tables")
        tables = []
    params = [p for i, t in enumerate(tables) if (p := _read_parameter(r, t, i)) is not None]
    if r.problems:
        raise InvalidInputError(cap_problems(r.problems, DEFAULT_LIMITS.max_problems, source),
                                source=source)
    return tuple(params)


def load_parameters(files: Iterable[tuple[str, str]], name: str = "base") -> ParameterSet:
    """Build a :class:`ParameterSet` from ``(source, text)`` pairs of parameter files."""
    found: dict[str, Parameter] = {}
    problems: list[Problem] = []
    for source, text in files:
        try:
            params = load_parameter_file(text, source)
        except InvalidInputError as exc:
            problems.extend(exc.problems)
            continue
        for p in params:
            if p.name in found:
                problems.append(Problem(source, f"parameter {p.name!r} is defined twice"))
            found[p.name] = p
    if problems:
        raise InvalidInputError(problems)
    pset = ParameterSet(found, name=name)
    pset.check_bounds()
    return pset


@functools.cache
def default_parameters() -> ParameterSet:
    """The packaged parameters: the plan's values, sourced national values, assumptions.

    The result is an immutable value (cached: every call returns the same set).
    """
    root = resources.files("revitalize") / "data" / "parameters"
    files = sorted((p.name, p.read_text(encoding="utf-8")) for p in root.iterdir()
                   if p.name.endswith(".toml"))
    return load_parameters(((f"revitalize/data/parameters/{n}", t) for n, t in files))


def parameters_json(params: ParameterSet, on: dt.date | None = None) -> dict[str, Any]:
    """The parameter set as JSON (``revitalize parameters --json``, ``GET /parameters``):
    its name and fingerprint, and each parameter with every dated value, or only the
    value in force on ``on`` (none when no value has started yet).

    >>> doc = parameters_json(default_parameters(), dt.date(2023, 6, 1))
    >>> line = next(p for p in doc["parameters"] if p["name"] == "monitoring.multiplier")
    >>> in_force = default_parameters().get("monitoring.multiplier", dt.date(2023, 6, 1))
    >>> [v["start"] for v in line["values"]] == [in_force.start.isoformat()]
    True
    """
    def values(p: Parameter) -> tuple[ParameterValue, ...]:
        return p.values if on is None else tuple(v for v in [p.at(on)] if v is not None)

    return {
        "parameter_set": params.name,
        "fingerprint": params.fingerprint,
        "on": on.isoformat() if on else None,
        "parameters": [{
            "name": p.name,
            "unit": p.unit.name,
            "description_zh": p.description_zh,
            "description_en": p.description_en,
            "catalog": list(p.catalog),
            "derived": p.derived,
            "values": [{k: x for k, x in v.to_json().items() if k != "name"}
                       for v in values(p)],
        } for p in params],
    }


# --------------------------------------------------------------------------- the set


def _json_scalar(value: Scalar) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _frozen_mapping(m: Mapping[str, Parameter]) -> Mapping[str, Parameter]:
    return MappingProxyType(dict(m))


#: The most resolved values a :class:`ParameterSet` keeps (see :meth:`ParameterSet.resolved`).
MEMO_LIMIT: Final = 256

R = TypeVar("R")


def _rebuild(parameters: dict[str, Parameter], name: str, reform_of: str | None) -> ParameterSet:
    """Unpickle a :class:`ParameterSet` (its bounds were checked when it was first built)."""
    return ParameterSet(parameters, name=name, reform_of=reform_of)


@attrs.frozen
class ParameterSet:
    """An immutable set of dated parameters; a reform is another set with a name.

    >>> p = default_parameters()
    >>> p.decimal("monitoring.poverty_standard", dt.date(2021, 6, 1))
    Decimal('4000')
    """

    _parameters: Mapping[str, Parameter] = attrs.field(converter=_frozen_mapping)
    name: str = "base"
    reform_of: str | None = None
    #: Resolved values by date, then by resolver; never compared, printed or pickled.
    _memo: dict[dt.date, dict[Callable[..., Any], Any]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False)
    #: :attr:`fingerprint`, computed on first access. (Not a ``functools.cached_property``:
    #: on a slotted class attrs implements one with a ``__getattr__``, which makes every
    #: attribute read of the set slower, :meth:`resolved` included.)
    _fingerprint: str | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the parameters, name and reform; not the memo (workers resolve their own)."""
        return (_rebuild, (dict(self._parameters), self.name, self.reform_of))

    def resolved(self, resolver: Callable[[ParameterSet, dt.date], R], on: dt.date) -> R:
        """``resolver(self, on)``, computed once per ``(resolver, on)`` and kept on this set.

        ``resolver`` must be a pure function of the set and the date defined once (a
        module-level function or method, not a lambda made per call: the memo is keyed on
        its identity). Errors are raised on every call, never kept.

        >>> p = default_parameters()
        >>> def line(params, on):
        ...     return params.decimal("monitoring.poverty_standard", on) * 2
        >>> p.resolved(line, dt.date(2022, 1, 1)) is p.resolved(line, dt.date(2022, 1, 1))
        True
        """
        # Two levels, by date then by resolver: a hit is two look-ups and makes no key
        # tuple (a rule function called on its own reads it once or twice a call).
        try:
            value: R = self._memo[on][resolver]
        except KeyError:
            value = resolver(self, on)  # may resolve others first (and start the memo afresh)
            memo = self._memo
            if sum(map(len, memo.values())) >= MEMO_LIMIT:  # a miss is rare: count then
                memo.clear()
            by_resolver = memo.get(on)
            if by_resolver is None:
                by_resolver = memo[on] = {}
            by_resolver[resolver] = value
        return value

    # -- lookup

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def __iter__(self) -> Iterator[Parameter]:
        return iter(sorted(self._parameters.values(), key=lambda p: p.name))

    def __len__(self) -> int:
        return len(self._parameters)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; an unknown name suggests close matches."""
        try:
            return self._parameters[name]
        except KeyError:
            raise UnknownNameError("parameter", name, self._parameters) from None

    def get(self, name: str, on: dt.date) -> ParameterValue:
        """The value of ``name`` in force on ``on`` (with its source)."""
        p = self.parameter(name)
        v = p.at(on)
        if v is None:
            first = p.values[0].start.isoformat() if p.values else "none"
            raise MissingParameterValueError(
                f"parameter {name!r} has no value on {on.isoformat()} "
                f"(first value starts: {first}); add a dated value that starts on or before "
                "that date"
            )
        return v

    def find(self, name: str, on: dt.date) -> ParameterValue | None:
        """Like :meth:`get`, but None when no value is in force (unknown names still raise)."""
        return self.parameter(name).at(on)

    def decimal(self, name: str, on: dt.date) -> Decimal:
        """A decimal-valued parameter on ``on``."""
        return _typed(self.get(name, on).value, Decimal, name)

    def integer(self, name: str, on: dt.date) -> int:
        """An integer-valued parameter on ``on`` (days, months, counts ...)."""
        value = self.get(name, on).value
        if isinstance(value, bool) or not isinstance(value, int):
            raise RevitalizeError(f"parameter {name!r} is not an integer parameter")
        return value

    def date(self, name: str, on: dt.date) -> dt.date:
        """A date-valued parameter on ``on``."""
        return _typed(self.get(name, on).value, dt.date, name)

    def month_day(self, name: str, on: dt.date) -> tuple[int, int]:
        """A month-and-day parameter on ``on`` (``"08-31"``) as ``(month, day)``."""
        value = self.get(name, on).value
        md = _month_day(value) if isinstance(value, str) else None
        if md is None or self.parameter(name).unit.kind != "month_day":
            raise RevitalizeError(f"parameter {name!r} is not a month-and-day parameter")
        return md

    def flag(self, name: str, on: dt.date) -> bool:
        """A yes/no parameter on ``on``."""
        return _typed(self.get(name, on).value, bool, name)

    def names(self, name: str, on: dt.date) -> tuple[str, ...]:
        """A list-of-names parameter on ``on``."""
        value = self.get(name, on).value
        if not isinstance(value, tuple):
            raise RevitalizeError(f"parameter {name!r} is not a list parameter")
        return value

    def choice(self, name: str, on: dt.date) -> str:
        """A choice parameter on ``on``."""
        return _typed(self.get(name, on).value, str, name)

    # -- identity

    @property
    def fingerprint(self) -> str:
        """A short hash of every name, value, date and source: equal sets, equal prints."""
        value = self._fingerprint
        if value is None:
            value = self._compute_fingerprint()
            object.__setattr__(self, "_fingerprint", value)
        return value

    def _compute_fingerprint(self) -> str:
        doc = [
            [p.name, p.unit.name,
             [[v.start.isoformat(), _json_scalar(v.value), v.source, v.assumption]
              for v in p.values]]
            for p in self
        ]
        blob = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    # -- bounds

    def check_bounds(self) -> None:
        """Raise :class:`InvalidInputError` listing every value that breaks a bound."""
        problems: list[Problem] = []
        for p in self:
            for v in p.values:
                if not isinstance(v.value, Decimal | int) or isinstance(v.value, bool):
                    continue
                if p.minimum is not None and v.value < p.minimum:
                    problems.append(Problem(f"{p.name}@{v.start}",
                                            f"{v.value} is below the minimum {p.minimum}"))
                if p.maximum is not None and v.value > p.maximum:
                    problems.append(Problem(f"{p.name}@{v.start}",
                                            f"{v.value} is above the maximum {p.maximum}"))
            if p.at_least_product_of:
                problems.extend(self._floor_problems(p))
        if problems:
            raise InvalidInputError(problems)

    def _floor_problems(self, p: Parameter) -> Iterator[Problem]:
        """Check ``p`` against the product of other parameters, on every date either changes."""
        factors = [self.parameter(n) for n in p.at_least_product_of]
        dates = sorted({v.start for f in [p, *factors] for v in f.values})
        for on in dates:
            mine = p.at(on)
            if mine is None or not isinstance(mine.value, Decimal):
                continue
            floor = Decimal(1)
            for f in factors:
                fv = f.at(on)
                if fv is None or not isinstance(fv.value, Decimal):
                    break
                floor = CONTEXT.multiply(floor, fv.value)
            else:
                if mine.value < floor:
                    yield Problem(
                        f"{p.name}@{on.isoformat()}",
                        f"{mine.value} is below the floor {floor} "
                        f"({' × '.join(p.at_least_product_of)})",
                    )

    # -- reforms

    def reform(self, changes: Mapping[str, object], name: str = "reform") -> ParameterSet:
        """A new set with ``changes`` applied, named ``name``.

        A change maps a parameter name to either a plain value, which replaces
        the whole history by that value from the parameter's first date (or
        2021-01-01 when it has none), or a list of ``{"start": date, "value":
        ...}`` tables, which set values from those dates on (later values of
        the base set are kept). Plain values are given as in the TOML files:
        decimal strings or integers, dates, booleans, lists of names. For a
        list-of-names parameter a list of strings is a plain value; only a list
        of tables is read as dated values.

        >>> base = default_parameters()
        >>> r = base.reform({"monitoring.monitoring_line": "6500"}, name="line 6500")
        >>> r.decimal("monitoring.monitoring_line", dt.date(2022, 1, 1))
        Decimal('6500')
        >>> base.reform({}) == base
        True
        """
        if not changes:
            return self
        problems: list[Problem] = []
        new = dict(self._parameters)
        reader = _Reader(f"reform {name!r}", None)
        for key, change in changes.items():
            if not isinstance(key, str) or surrogate_at(key) is not None:
                problems.append(Problem(f"reform.{_shown(key)}", "expected a parameter name"))
                continue
            if key not in self._parameters and len(problems) >= _HINTED:
                problems.append(Problem(f"reform.{key}", "unknown parameter"))
                continue  # no close matches beyond the first problems: each costs a search
            try:
                p = self.parameter(key)
            except UnknownNameError as exc:
                problems.append(Problem(f"reform.{key}", exc.message))
                continue
            source = f"reform {name!r}"
            try:
                if _is_dated(change, p):
                    assert isinstance(change, list)
                    dated: dict[dt.date, ParameterValue] = {v.start: v for v in p.values}
                    for i, item in enumerate(change):
                        if not isinstance(item, Mapping) or set(item) != {"start", "value"}:
                            raise _Bad(f"item {i}: expected a table with start and value")
                        start = item["start"]
                        if isinstance(start, str):
                            start = iso_date(start)
                        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
                            raise _Bad(f"item {i}: start must be a date, got {_shown(start)}")
                        if date_problem(start):
                            raise _Bad(f"item {i}: start: {date_problem(start)}")
                        value = reader.scalar(key, p.unit, item["value"], p.choices)
                        dated[start] = ParameterValue(key, start, value, source)
                    values = tuple(dated[d] for d in sorted(dated))
                else:
                    value = reader.scalar(key, p.unit, change, p.choices)
                    start = p.values[0].start if p.values else dt.date(2021, 1, 1)
                    values = (ParameterValue(key, start, value, source),)
            except (_Bad, ValueError) as exc:
                problems.append(Problem(f"reform.{key}", str(exc)))
                continue
            new[key] = attrs.evolve(p, values=values)
        if problems:
            raise InvalidInputError(problems, source=f"reform {name!r}")
        result = ParameterSet(new, name=name, reform_of=self.name)
        result.check_bounds()
        return result


T = TypeVar("T")


def _is_dated(change: object, p: Parameter) -> bool:
    """Whether a reform's change is a list of dated values rather than a plain value."""
    if not isinstance(change, list):
        return False
    if p.unit.kind == "names":
        return any(isinstance(item, Mapping) for item in change)
    return True


def _typed(value: Scalar, kind: type[T], name: str) -> T:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise RevitalizeError(f"parameter {name!r} does not hold a {kind.__name__}")
    return value


def load_reform(path: Path | str, base: ParameterSet, *,
                limits: Limits | None = None) -> ParameterSet:
    """Read a reform file and apply it to ``base`` (the one reform reader of every command).

    A reform file is TOML with a ``name`` and a ``[changes]`` table::

        name = "监测线 6500 元"
        [changes]
        "monitoring.monitoring_line" = "6500"

        [[changes."monitoring.multiplier"]]
        start = 2023-01-01
        value = "1.6"

    The file is read within ``limits`` (:mod:`revitalize.reading`); any other
    top-level key, a ``name`` that is not a non-empty string and every bad
    change are listed at once, each with its line.
    """
    path = Path(path)
    text = read_document(path, what="the reform file", limits=limits or DEFAULT_LIMITS)
    return read_reform(text, base, source=str(path), limits=limits)


def read_reform(text: str, base: ParameterSet, *, source: str = "<reform>",
                limits: Limits | None = None) -> ParameterSet:
    """Apply the reform TOML ``text`` to ``base`` (see :func:`load_reform`)."""
    limits = limits or DEFAULT_LIMITS
    doc = _parse_toml(text, source, limits)
    problems = [Problem(source, f"unknown key {_shown(k)} (expected name and [changes])")
                for k in sorted(set(doc) - {"name", "changes"})]
    name = doc.get("name", Path(source).stem.removesuffix(".toml") or "reform")
    changes = doc.get("changes", {})
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(source, f"name must be a non-empty string, got {_shown(name)}"))
    if not isinstance(changes, dict):
        problems.append(Problem(source, "[changes] must be a table"))
    if problems:
        raise InvalidInputError(problems, source=source)
    assert isinstance(changes, dict)
    try:
        return base.reform(changes, name=str(name))
    except InvalidInputError as exc:
        lines = text.splitlines()

        def line_of(problem: Problem) -> str:
            key = problem.path.removeprefix("reform.").split("@")[0]
            for i, line in enumerate(lines, start=1):
                if key in line:
                    return f"{source}:{i}"
            return source

        shown = cap_problems(exc.problems, limits.max_problems, source)
        raise InvalidInputError(
            [Problem(line_of(p), f"{p.path}: {p.message}") for p in shown],
            source=source,
        ) from None
