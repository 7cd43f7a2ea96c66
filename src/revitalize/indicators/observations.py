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

Values are decimal strings (``"88.8"``) or integers; floats are refused
(binary floats are not exact). Each (indicator, year) appears at most once
per list. Unknown indicator IDs raise :class:`~revitalize.errors.UnknownNameError`
naming close matches; every other problem is an
:class:`~revitalize.errors.InvalidInputError` listing each bad field by its
path (``$.observations[3].value``). A scenario file that embeds the two lists
under a key passes its own ``path`` prefix to :func:`parse_observations`.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import InvalidInputError, Problem, UnknownNameError
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

_DECIMAL = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")
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
        """The observation as a JSON object (value as a decimal string)."""
        out: dict[str, Any] = {"indicator": self.indicator, "year": self.year,
                               "value": str(self.value)}
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


def _value(raw: object, ratio_ok: bool) -> Decimal:
    if isinstance(raw, Decimal) and raw.is_finite():
        return raw
    if isinstance(raw, bool | float):
        raise ValueError(f"expected a decimal string such as \"88.8\", got {raw!r} "
                         "(floats are not exact: write the number as a string)")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str):
        if _DECIMAL.match(raw):
            return Decimal(raw.strip())
        if ratio_ok and (":" in raw or "：" in raw or "︰" in raw):
            try:
                return parse_ratio(raw)
            except InvalidInputError as exc:
                raise ValueError(exc.problems[0].message) from None
        hint = " or a ratio such as \"1.6:1\"" if ratio_ok else ""
        raise ValueError(f"expected a decimal string such as \"88.8\"{hint}, got {raw!r}")
    raise ValueError(f"expected a decimal string such as \"88.8\", got {raw!r}")


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
            problems.append(Problem(where, f"expected an object, got {item!r}"))
            continue
        for k in sorted(set(item) - _ITEM_KEYS):
            problems.append(Problem(f"{where}.{k}",
                                    "unknown key (expected indicator, year, value, source)"))
        ident = item.get("indicator")
        if not isinstance(ident, str):
            problems.append(Problem(f"{where}.indicator",
                                    f"expected a catalog ID such as \"KPI-5\", got {ident!r}"))
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
                                    f"got {year!r}"))
            continue
        try:
            value = _value(item.get("value"), indicator.unit is IndicatorUnit.RATIO)
        except ValueError as exc:
            problems.append(Problem(f"{where}.value", str(exc)))
            continue
        source = item.get("source")
        if source is not None and not isinstance(source, str):
            problems.append(Problem(f"{where}.source", f"expected text, got {source!r}"))
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
        Problem(f"{path}.{k}", "unknown key (expected observations, references)")
        for k in sorted(set(data) - {"observations", "references"})
    ]
    observations = _items(data, "observations", path, catalog, problems)
    references = _items(data, "references", path, catalog, problems)
    if problems:
        raise InvalidInputError(problems, source=source)
    return ObservationSet(observations, references)


def parse_observations_json(text: str, *, catalog: IndicatorCatalog | None = None,
                            source: str = "<json>") -> ObservationSet:
    """Parse the JSON form (numbers with a fraction are read exactly, as decimals)."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInputError.one(f"{source}:{exc.lineno}:{exc.colno}",
                                    f"JSON syntax error: {exc.msg}") from None
    return parse_observations(data, catalog=catalog, source=source)


def parse_observations_toml(text: str, *, catalog: IndicatorCatalog | None = None,
                            source: str = "<toml>") -> ObservationSet:
    """Parse the TOML form (``[[observations]]`` and ``[[references]]`` tables)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError.one(source, f"TOML syntax error: {exc}") from None
    return parse_observations(data, catalog=catalog, source=source)


def load_observations(path: Path | str, *, catalog: IndicatorCatalog | None = None
                      ) -> ObservationSet:
    """Read an observation file: ``.toml`` as TOML, anything else as JSON."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError.one(str(path), f"cannot read the observation file: {exc}"
                                    ) from None
    if path.suffix.lower() == ".toml":
        return parse_observations_toml(text, catalog=catalog, source=str(path))
    return parse_observations_json(text, catalog=catalog, source=str(path))
