"""Observed indicator values: the format shared with scenario files.

An observation file is JSON or TOML with two lists::

    {
      "observations": [
        {"indicator": "KPI-5", "year": 2023, "value": "88.8"},
        {"indicator": "KPI-8b", "year": 2023, "value": "1.6:1", "source": "统计年鉴"}
      ],
      "references": [
        {"indicator": "KPI-1", "year": 2023, "value": "6.1", "source": "全市平均"}
      ]
    }

- ``observations``: the district's measured value of an indicator for a year
  (the year-end value, or the year's rate). A ratio indicator (KPI-8b, KPI-T6)
  also takes ``"a:b"``, normalised to ``x`` of ``x:1``.
- ``references``: the value an "above the reference" target compares with in
  that year (the municipal average of KPI-1, KPI-2, KPI-8c), only for those
  indicators.
- ``source`` is optional free text (where the number comes from).

Values are decimal strings of ASCII digits (``"88.8"``; at most 15 digits
before the point and 28 in all) or integers; floats are refused (binary floats
are not exact). Each (indicator, year) appears at most once per list, and a key
at most once per object. Files are read within the bounds of
:mod:`revitalize.reading` (size, nesting depth, number length). Unknown
indicator IDs raise :class:`~revitalize.errors.UnknownNameError` naming close
matches; every other problem is an :class:`~revitalize.errors.InvalidInputError`
listing each bad field by its path (``$.observations[3].value``). A scenario
file that embeds the two lists under a key passes its own ``path`` prefix to
:func:`parse_observations`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import InvalidInputError, Problem, UnknownNameError
from ..reading import (
    DEFAULT_LIMITS,
    MAX_INTEGER_DIGITS,
    Limits,
    cap_problems,
    decimal_text,
    parse_toml,
    read_document,
    surrogate_at,
)
from ..serialization import _unstructure_decimal, parse_json
from .catalog import IndicatorCatalog, IndicatorUnit, default_indicators
from .formulas import parse_ratio
from .targets import AboveReference

__all__ = [
    "Observation",
    "ObservationSet",
    "load_observations",
    "parse_observations",
    "parse_observations_json",
    "parse_observations_toml",
]

#: A decimal string as the reader takes it (ASCII digits, spaces around allowed; the JSON
#: Schema repeats this pattern). Digit counts are checked by :func:`decimal_text`.
_DECIMAL: Final = re.compile(r"^\s*-?[0-9]+(\.[0-9]+)?\s*$")
_ITEM_KEYS: Final = frozenset({"indicator", "year", "value", "source"})
_MIN_YEAR, _MAX_YEAR = 2000, 2100


@attrs.frozen
class Observation:
    """One value of one indicator for one year, with where it comes from."""

    indicator: str
    year: int
    value: Decimal
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The observation as a JSON object (value as a decimal string the reader takes back:
        positional, never ``1E-7``)."""
        out: dict[str, Any] = {"indicator": self.indicator, "year": self.year,
                               "value": _unstructure_decimal(self.value)}
        if self.source is not None:
            out["source"] = self.source
        return out


def _series(items: tuple[Observation, ...], indicator: str) -> dict[int, Decimal]:
    return {o.year: o.value for o in items if o.indicator == indicator}


@attrs.frozen
class ObservationSet:
    """Observed values and reference values (the municipal averages) by indicator and year."""

    observations: tuple[Observation, ...] = ()
    references: tuple[Observation, ...] = ()

    def values(self, indicator: str) -> dict[int, Decimal]:
        """The observed values of ``indicator`` by year."""
        return _series(self.observations, indicator)

    def reference_values(self, indicator: str) -> dict[int, Decimal]:
        """The reference values of ``indicator`` by year."""
        return _series(self.references, indicator)

    @property
    def latest_year(self) -> int | None:
        """The latest year with an observation (None when empty)."""
        return max((o.year for o in self.observations), default=None)

    def to_json(self) -> dict[str, Any]:
        """The set in the file format."""
        return {"observations": [o.to_json() for o in self.observations],
                "references": [o.to_json() for o in self.references]}


_SIMPLE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _key(key: object) -> str:
    """The JSON-path segment of a key (quoted when not simple, a lone surrogate escaped)."""
    text = str(key)
    if _SIMPLE_KEY.fullmatch(text):
        return f".{text}"
    return f"[{json.dumps(text, ensure_ascii=surrogate_at(text) is not None)}]"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value(raw: object, ratio_ok: bool) -> Decimal:
    if isinstance(raw, Decimal) and raw.is_finite():
        decimal_text(format(raw, "f"))  # within the digits every computation keeps exact
        return raw
    if isinstance(raw, bool | float):
        raise ValueError(f"expected a decimal string such as \"88.8\", got {_shown(raw)} "
                         "(floats are not exact: write the number as a string)")
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_INTEGER_DIGITS:
            raise ValueError(f"expected at most {MAX_INTEGER_DIGITS} digits, got an integer of "
                             f"{len(str(abs(raw))):,}")
        return Decimal(raw)
    if isinstance(raw, str):
        if raw.strip() and raw.strip()[0] in "-0123456789" \
                and not any(c in raw for c in ":：︰"):
            return decimal_text(raw.strip(), example="88.8")
        if ratio_ok and (":" in raw or "：" in raw or "︰" in raw):
            sides = raw.replace("：", ":").replace("︰", ":").split(":")
            for side in sides:
                if side.strip():
                    decimal_text(side.strip(), signed=False, example="1.6")
            try:
                value = parse_ratio(raw)
                decimal_text(format(value, "f"))
            except InvalidInputError as exc:
                raise ValueError(exc.problems[0].message) from None
            except (ArithmeticError, ValueError):
                raise ValueError(f"expected a ratio of at most {MAX_INTEGER_DIGITS} digits "
                                 f"to 1, got {_shown(raw)}") from None
            return value
        hint = " or a ratio such as \"1.6:1\"" if ratio_ok else ""
        raise ValueError(f"expected a decimal string such as \"88.8\"{hint}, got {_shown(raw)}")
    raise ValueError(f"expected a decimal string such as \"88.8\", got {_shown(raw)}")


def _items(data: Mapping[str, Any], key: str, path: str, catalog: IndicatorCatalog,
           problems: list[Problem]) -> tuple[Observation, ...]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        problems.append(Problem(f"{path}.{key}", f"expected a list, got {type(raw).__name__}"))
        return ()
    out: list[Observation] = []
    seen: dict[tuple[str, int], int] = {}
    for i, item in enumerate(raw):
        where = f"{path}.{key}[{i}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, f"expected an object, got {_shown(item)}"))
            continue
        for k in getattr(item, "duplicates", ()):
            problems.append(Problem(f"{where}{_key(k)}", "the key is given more than once"))
        for k in sorted(set(item) - _ITEM_KEYS, key=str):
            problems.append(Problem(f"{where}{_key(k)}",
                                    "unknown key (expected indicator, year, value, source)"))
        ident = item.get("indicator")
        if not isinstance(ident, str):
            problems.append(Problem(f"{where}.indicator",
                                    f"expected a catalog ID such as \"KPI-5\", got "
                                    f"{_shown(ident)}"))
            continue
        if ident not in catalog:
            raise UnknownNameError(f"indicator (at {where}.indicator)", ident, catalog.ids)
        indicator = catalog[ident]
        if key == "observations" and indicator.observed_from is not None:
            problems.append(Problem(
                f"{where}.indicator",
                f"{ident} is computed from {indicator.observed_from}'s observations; "
                f"give {indicator.observed_from} instead"))
            continue
        if key == "references" and not isinstance(indicator.target, AboveReference):
            problems.append(Problem(
                f"{where}.indicator",
                f"{ident} has no \"above the reference\" target; references are only for "
                "KPI-1, KPI-2 and KPI-8c (the municipal average)"))
            continue
        year = item.get("year")
        if isinstance(year, bool) or not isinstance(year, int) \
                or not _MIN_YEAR <= year <= _MAX_YEAR:
            problems.append(Problem(f"{where}.year",
                                    f"expected a year between {_MIN_YEAR} and {_MAX_YEAR}, "
                                    f"got {_shown(year)}"))
            continue
        try:
            value = _value(item.get("value"), indicator.unit is IndicatorUnit.RATIO)
        except ValueError as exc:
            problems.append(Problem(f"{where}.value", str(exc)))
            continue
        source = item.get("source")
        if source is not None and (not isinstance(source, str)
                                   or surrogate_at(source) is not None):
            problems.append(Problem(f"{where}.source", f"expected text, got {_shown(source)}"))
            continue
        if (ident, year) in seen:
            problems.append(Problem(where, f"{ident} {year} is already given at "
                                           f"{path}.{key}[{seen[ident, year]}]"))
            continue
        seen[ident, year] = i
        out.append(Observation(ident, year, value, source))
    return tuple(out)


def parse_observations(data: object, *, catalog: IndicatorCatalog | None = None,
                       path: str = "$", source: str | None = None) -> ObservationSet:
    """Build an :class:`ObservationSet` from parsed JSON or TOML (a mapping).

    >>> s = parse_observations({"observations": [
    ...     {"indicator": "KPI-5", "year": 2023, "value": "88.8"}]})
    >>> s.values("KPI-5")
    {2023: Decimal('88.8')}
    >>> parse_observations({"observations": [
    ...     {"indicator": "KPI-5", "year": 2023, "value": "high"}]})
    Traceback (most recent call last):
    ...
    revitalize.errors.InvalidInputError: 1 problem in the input:
      $.observations[0].value: expected a decimal string such as "88.8", got 'high'
    """
    catalog = catalog if catalog is not None else default_indicators()
    if not isinstance(data, Mapping):
        raise InvalidInputError.one(path, f"expected an object with \"observations\", "
                                          f"got {type(data).__name__}")
    problems: list[Problem] = [
        Problem(f"{path}{_key(k)}", "the key is given more than once")
        for k in getattr(data, "duplicates", ())
    ]
    problems.extend(
        Problem(f"{path}{_key(k)}", "unknown key (expected observations, references)")
        for k in sorted(set(data) - {"observations", "references"}, key=str)
    )
    observations = _items(data, "observations", path, catalog, problems)
    references = _items(data, "references", path, catalog, problems)
    if problems:
        raise InvalidInputError(cap_problems(problems, DEFAULT_LIMITS.max_problems, path),
                                source=source)
    return ObservationSet(observations, references)


def parse_observations_json(text: str, *, catalog: IndicatorCatalog | None = None,
                            source: str = "<json>",
                            limits: Limits | None = None) -> ObservationSet:
    """Parse the JSON form (numbers with a fraction are read exactly, as decimals), read
    as :func:`~revitalize.serialization.loads` reads JSON (bounded, keys once)."""
    data = parse_json(text, source=source, limits=limits)
    return parse_observations(data, catalog=catalog, source=source)


def parse_observations_toml(text: str, *, catalog: IndicatorCatalog | None = None,
                            source: str = "<toml>",
                            limits: Limits | None = None) -> ObservationSet:
    """Parse the TOML form (``[[observations]]`` and ``[[references]]`` tables)."""
    data = parse_toml(text, source, limits or DEFAULT_LIMITS)
    return parse_observations(data, catalog=catalog, source=source)


def load_observations(path: Path | str, *, catalog: IndicatorCatalog | None = None,
                      limits: Limits | None = None) -> ObservationSet:
    """Read an observation file: ``.toml`` as TOML, anything else as JSON."""
    path = Path(path)
    text = read_document(path, what="the observation file", limits=limits or DEFAULT_LIMITS)
    if path.suffix.lower() == ".toml":
        return parse_observations_toml(text, catalog=catalog, source=str(path), limits=limits)
    return parse_observations_json(text, catalog=catalog, source=str(path), limits=limits)
