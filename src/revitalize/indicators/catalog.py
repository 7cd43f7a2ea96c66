"""The indicator catalog: Table 1 and the targets in the plan's text, as data.

The catalog lives in ``revitalize/data/indicators.toml`` (its header documents
the format). :func:`default_indicators` reads it once and returns an immutable
:class:`IndicatorCatalog`; :func:`load_indicator_catalog` reads any text in the
same format (a reform of the catalog, a test fixture).

>>> catalog = default_indicators()
>>> kpi = catalog["KPI-8a"]
>>> kpi.baseline.value, kpi.target.describe("en"), kpi.attribute.label_zh
(Decimal('11.96'), 'at least 13.86', '预期性')
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from importlib import resources
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..errors import InvalidInputError, Problem, UnknownNameError
from ..models._enums import LabelledEnum
from ..policy.parameters import ParameterSet
from ..reading import parse_toml
from ..serialization import _unstructure_decimal
from .formulas import FormulaName
from .targets import (
    AboveReference,
    AtLeast,
    AtMost,
    Direction,
    GrowthBasis,
    KeepPace,
    KeepStable,
    Maintain,
    PointChange,
    Ratio,
    Reach,
    Target,
    TargetKind,
    ZeroEvents,
)

__all__ = [
    "Baseline",
    "BaselineKind",
    "Deadline",
    "Formula",
    "Indicator",
    "IndicatorAttribute",
    "IndicatorCatalog",
    "IndicatorNote",
    "IndicatorUnit",
    "PathKind",
    "default_indicators",
    "load_indicator_catalog",
]


class IndicatorAttribute(LabelledEnum):
    """Table 1's attribute column (指标属性)."""

    BINDING = "binding", "约束性"
    ANTICIPATORY = "anticipatory", "预期性"


class PathKind(LabelledEnum):
    """How the path from the start value to the target is drawn."""

    LINEAR = "linear", "线性"
    COMPOUND = "compound", "复合增长"
    NONE = "none", "无路径"


class BaselineKind(LabelledEnum):
    """What a baseline value measures."""

    YEAR_END = "year_end", "年末值"
    PERIOD_AVERAGE = "period_average", "期间年均值"


class IndicatorUnit(LabelledEnum):
    """The unit of an indicator's values (labels as the plan writes them)."""

    PERCENT = "percent", "%"
    RATIO = "ratio", "比值（x:1）"
    HUNDRED_MILLION_YUAN = "hundred_million_yuan", "亿元"
    TEN_THOUSAND_TONNES = "ten_thousand_tonnes", "万吨"
    COUNT = "count", "个"
    HOUSEHOLDS = "households", "户"
    STRUCTURES = "structures", "座"
    INSTITUTIONS = "institutions", "所"
    KILOMETRES = "kilometres", "公里"
    EVENTS = "events", "次"


@attrs.frozen
class Baseline:
    """A start value: the plan's 2020 value, or a start the plan implies (``implicit``)."""

    year: int
    value: Decimal
    kind: BaselineKind = BaselineKind.YEAR_END
    note_zh: str | None = None
    note_en: str | None = None
    implicit: bool = False

    def to_json(self) -> dict[str, Any]:
        """The baseline as a JSON object."""
        out: dict[str, Any] = {"year": self.year, "value": _unstructure_decimal(self.value),
                               "kind": self.kind.value}
        if self.note_zh:
            out["note_zh"] = self.note_zh
            out["note_en"] = self.note_en
        if self.implicit:
            out["implicit"] = True
        return out


@attrs.frozen
class Formula:
    """How an indicator is computed from raw values, with what its terms mean."""

    name: FormulaName
    numerator_zh: str | None = None
    numerator_en: str | None = None
    denominator_zh: str | None = None
    denominator_en: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The formula as a JSON object."""
        return {k: (v.value if isinstance(v, FormulaName) else v)
                for k, v in attrs.asdict(self, recurse=False).items() if v is not None}


@attrs.frozen
class IndicatorNote:
    """A documented caveat of an indicator, with the catalog entry it comes from."""

    catalog: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The note in ``lang``."""
        return self.zh if lang == "zh" else self.en


@attrs.frozen
class Deadline:
    """A target year set by parameters: a start date and a number of years (KPI-T10)."""

    start_parameter: str
    years_parameter: str

    def start(self, params: ParameterSet, on: dt.date) -> dt.date:
        """The start date in force on ``on``."""
        return params.date(self.start_parameter, on)

    def target_year(self, params: ParameterSet, on: dt.date) -> int:
        """The last year of the span: a start on 2021-01-01 plus 2 years gives 2022."""
        start = self.start(params, on)
        years = params.integer(self.years_parameter, on)
        return (start + relativedelta(years=years) - dt.timedelta(days=1)).year


@attrs.frozen
class Indicator:
    """One indicator of the plan, with its catalog ID, target and citation."""

    id: str
    name_zh: str
    name_en: str
    unit: IndicatorUnit
    attribute: IndicatorAttribute | None
    path: PathKind
    baseline: Baseline | None
    target: Target
    target_year: int | None
    target_text_zh: str
    target_text_en: str
    citations: tuple[Citation, ...]
    formula: Formula | None = None
    implicit_start: Baseline | None = None
    deadline: Deadline | None = None
    notes: tuple[IndicatorNote, ...] = ()
    observed_from: str | None = None

    @property
    def citation(self) -> Citation:
        """The first (main) citation."""
        return self.citations[0]

    @property
    def in_table1(self) -> bool:
        """Whether the indicator is a row of Table 1 (else a target of the text)."""
        return any(c.ref == "Table 1" for c in self.citations)

    @property
    def is_binding(self) -> bool:
        """Whether the indicator is binding (约束性)."""
        return self.attribute is IndicatorAttribute.BINDING

    def name(self, lang: str) -> str:
        """The name in ``lang``."""
        return self.name_zh if lang == "zh" else self.name_en

    def target_text(self, lang: str) -> str:
        """The target as the plan words it (Chinese) or our English rendering."""
        return self.target_text_zh if lang == "zh" else self.target_text_en

    def resolved_target_year(self, params: ParameterSet, on: dt.date) -> int:
        """The target year: fixed in the catalog, or from the deadline parameters."""
        if self.deadline is not None:
            return self.deadline.target_year(params, on)
        assert self.target_year is not None  # checked by the loader
        return self.target_year

    def path_start(self, params: ParameterSet, on: dt.date) -> Baseline | None:
        """Where the path starts: the baseline, else the implicit start (None: no path)."""
        if self.baseline is not None:
            return self.baseline
        start = self.implicit_start
        if start is not None and self.deadline is not None:
            return attrs.evolve(start, year=self.deadline.start(params, on).year - 1)
        return start

    def to_json(self) -> dict[str, Any]:
        """The catalog row as a JSON object (the ``revitalize indicators --json`` row)."""
        target: dict[str, Any] = {
            "kind": self.target.kind.value,
            "year": self.target_year,
            "text_zh": self.target_text_zh,
            "text_en": self.target_text_en,
        }
        goal = self.target.goal
        if goal is not None:
            target["value"] = str(goal)
        if isinstance(self.target, Ratio):
            target["direction"] = self.target.direction.value
        if isinstance(self.target, KeepStable | KeepPace):
            target["tolerance_parameter"] = self.target.tolerance_parameter
        if isinstance(self.target, KeepPace):
            target["pace_indicator"] = self.target.pace_indicator
            target["basis"] = self.target.basis.value
        if isinstance(self.target, PointChange):
            target["points"] = str(self.target.points)
            target["base_year"] = self.target.base_year
        if isinstance(self.target, Reach) and self.target.cumulative_from is not None:
            target["cumulative_from"] = self.target.cumulative_from
        if self.deadline is not None:
            target["start_parameter"] = self.deadline.start_parameter
            target["years_parameter"] = self.deadline.years_parameter
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "unit": self.unit.value,
            "unit_zh": self.unit.label_zh,
            "baseline": self.baseline.to_json() if self.baseline else None,
            "target": target,
            "attribute": self.attribute.value if self.attribute else None,
            "path": self.path.value,
            "formula": self.formula.to_json() if self.formula else None,
            "citation": [c.to_json() for c in self.citations],
            "notes": [attrs.asdict(n) for n in self.notes],
            "observed_from": self.observed_from,
        }


@attrs.frozen
class IndicatorCatalog:
    """The indicators in catalog order, looked up by catalog ID."""

    indicators: tuple[Indicator, ...]
    _by_id: Mapping[str, Indicator] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.indicators})

    def __getitem__(self, indicator_id: str) -> Indicator:
        """The indicator with ``indicator_id``; an unknown ID names close matches."""
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise UnknownNameError("indicator", indicator_id, self._by_id) from None

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every catalog ID, in catalog order."""
        return tuple(i.id for i in self.indicators)

    def to_json(self) -> list[dict[str, Any]]:
        """Every indicator as a JSON object."""
        return [i.to_json() for i in self.indicators]


# --------------------------------------------------------------------------- loading

_ID = re.compile(r"^KPI-(?:\d+[a-z]?|T\d+[a-z]?)$")
_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_KEYS: Final = frozenset({
    "id", "name_zh", "name_en", "unit", "attribute", "path", "baseline", "implicit_start",
    "target", "formula", "citations", "notes", "observed_from",
})
_TARGET_KEYS: Final = {
    TargetKind.AT_LEAST: {"value"},
    TargetKind.AT_MOST: {"value"},
    TargetKind.MAINTAIN: {"value"},
    TargetKind.RATIO: {"antecedent", "consequent", "direction"},
    TargetKind.ABOVE_REFERENCE: set(),
    TargetKind.KEEP_STABLE: {"tolerance_parameter"},
    TargetKind.POINT_CHANGE: {"points", "base_year"},
    TargetKind.REACH: {"value", "cumulative_from"},
    TargetKind.ZERO_EVENTS: set(),
    TargetKind.KEEP_PACE: {"pace_indicator", "tolerance_parameter", "basis"},
}
_COMMON_TARGET_KEYS: Final = frozenset(
    {"kind", "year", "text_zh", "text_en", "start_parameter", "years_parameter"})


class _Bad(Exception):
    """Internal: one problem in one indicator table."""


def _dec(table: Mapping[str, Any], key: str) -> Decimal:
    raw = table.get(key)
    if isinstance(raw, bool) or not isinstance(raw, str | int) or not _DECIMAL.match(str(raw)):
        raise _Bad(f"{key}: expected a decimal string such as \"88.6\", got {raw!r}")
    return Decimal(str(raw))


def _str(table: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    raw = table.get(key)
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise _Bad(f"{key}: expected a non-empty string, got {raw!r}")
    return raw


def _req(table: Mapping[str, Any], key: str) -> str:
    value = _str(table, key)
    assert value is not None
    return value


def _int(table: Mapping[str, Any], key: str, *, required: bool = True) -> int | None:
    raw = table.get(key)
    if raw is None and not required:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _Bad(f"{key}: expected a year (an integer), got {raw!r}")
    return raw


def _table(raw: object, what: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad(f"{what}: expected a table, got {raw!r}")
    return raw


def _baseline(raw: object, what: str, *, implicit: bool) -> Baseline:
    t = _table(raw, what)
    extra = set(t) - {"year", "value", "kind", "note_zh", "note_en"}
    if extra:
        raise _Bad(f"{what}: unknown keys {sorted(extra)}")
    year = _int(t, "year", required=not implicit)
    return Baseline(
        year=year if year is not None else 0,
        value=_dec(t, "value"),
        kind=BaselineKind.parse(t.get("kind", "year_end")),
        note_zh=_str(t, "note_zh", required=False),
        note_en=_str(t, "note_en", required=False),
        implicit=implicit,
    )


def _target(raw: object) -> tuple[Target, int | None, Deadline | None, str, str]:
    t = _table(raw, "target")
    kind = TargetKind.parse(str(t.get("kind")))
    extra = set(t) - _COMMON_TARGET_KEYS - _TARGET_KEYS[kind]
    if extra:
        raise _Bad(f"target: unknown keys for kind {kind.value!r}: {sorted(extra)}")
    target: Target
    if kind is TargetKind.AT_LEAST:
        target = AtLeast(_dec(t, "value"))
    elif kind is TargetKind.AT_MOST:
        target = AtMost(_dec(t, "value"))
    elif kind is TargetKind.MAINTAIN:
        target = Maintain(_dec(t, "value"))
    elif kind is TargetKind.RATIO:
        target = Ratio(_dec(t, "antecedent"), _dec(t, "consequent"),
                       Direction.parse(t.get("direction", "at_least")))
    elif kind is TargetKind.ABOVE_REFERENCE:
        target = AboveReference()
    elif kind is TargetKind.KEEP_STABLE:
        target = KeepStable(_req(t, "tolerance_parameter"))
    elif kind is TargetKind.POINT_CHANGE:
        base_year = _int(t, "base_year")
        assert base_year is not None
        target = PointChange(_dec(t, "points"), base_year)
    elif kind is TargetKind.REACH:
        target = Reach(_dec(t, "value"), _int(t, "cumulative_from", required=False))
    elif kind is TargetKind.ZERO_EVENTS:
        target = ZeroEvents()
    else:
        target = KeepPace(_req(t, "pace_indicator"), _req(t, "tolerance_parameter"),
                          GrowthBasis.parse(_req(t, "basis")))
    deadline = None
    if "start_parameter" in t or "years_parameter" in t:
        deadline = Deadline(_req(t, "start_parameter"), _req(t, "years_parameter"))
    year = _int(t, "year", required=deadline is None)
    if year is not None and deadline is not None:
        raise _Bad("target: give either a year or start_parameter/years_parameter, not both")
    return target, year, deadline, _req(t, "text_zh"), _req(t, "text_en")


def _indicator(t: Mapping[str, Any]) -> Indicator:
    extra = set(t) - _KEYS
    if extra:
        raise _Bad(f"unknown keys {sorted(extra)}")
    target, year, deadline, text_zh, text_en = _target(t.get("target"))
    citations_raw = t.get("citations")
    if not isinstance(citations_raw, list) or not citations_raw:
        raise _Bad("citations: expected at least one [[indicator.citations]] table")
    citations = []
    for c in citations_raw:
        ct = _table(c, "citation")
        citations.append(Citation(_req(ct, "ref"), _req(ct, "quote")))
    notes = []
    for n in t.get("notes", []):
        nt = _table(n, "note")
        notes.append(IndicatorNote(_req(nt, "catalog"), _req(nt, "zh"), _req(nt, "en")))
    formula = None
    if "formula" in t:
        ft = _table(t["formula"], "formula")
        formula = Formula(
            FormulaName.parse(str(ft.get("name"))),
            *(_str(ft, k, required=False) for k in (
                "numerator_zh", "numerator_en", "denominator_zh", "denominator_en")),
        )
    attribute = t.get("attribute")
    baseline = _baseline(t["baseline"], "baseline", implicit=False) if "baseline" in t else None
    implicit = (_baseline(t["implicit_start"], "implicit_start", implicit=True)
                if "implicit_start" in t else None)
    path = PathKind.parse(str(t.get("path")))
    if path is not PathKind.NONE and baseline is None and implicit is None \
            and not isinstance(target, PointChange):
        raise _Bad(f"path {path.value!r} needs a baseline or an implicit_start")
    if path is PathKind.COMPOUND and (baseline is None or baseline.value <= 0):
        raise _Bad("a compound path needs a positive baseline")
    return Indicator(
        id=_req(t, "id"), name_zh=_req(t, "name_zh"), name_en=_req(t, "name_en"),
        unit=IndicatorUnit.parse(str(t.get("unit"))),
        attribute=IndicatorAttribute.parse(attribute) if attribute is not None else None,
        path=path, baseline=baseline, target=target, target_year=year,
        target_text_zh=text_zh, target_text_en=text_en, citations=tuple(citations),
        formula=formula, implicit_start=implicit, deadline=deadline, notes=tuple(notes),
        observed_from=_str(t, "observed_from", required=False),
    )


def load_indicator_catalog(text: str, source: str = "<string>") -> IndicatorCatalog:
    """Parse catalog text; every problem is reported at once, each with its indicator."""
    doc = parse_toml(text, source)  # bounded: depth, number length, size
    problems: list[Problem] = []
    extra = sorted(set(doc) - {"indicator"})
    if extra:
        problems.append(Problem(source, f"unknown top-level keys {extra} "
                                        "(expected [[indicator]] tables)"))
    tables = doc.get("indicator", [])
    indicators: list[Indicator] = []
    for i, raw in enumerate(tables if isinstance(tables, list) else []):
        ident = raw.get("id") if isinstance(raw, dict) else None
        where = f"{source}: indicator[{i}]" + (f" ({ident})" if ident else "")
        try:
            if not isinstance(ident, str) or not _ID.match(ident):
                raise _Bad(f"id: expected a catalog ID such as \"KPI-8a\", got {ident!r}")
            indicators.append(_indicator(_table(raw, "indicator")))
        except (_Bad, UnknownNameError) as exc:
            problems.append(Problem(where, str(exc)))
    ids = [i.id for i in indicators]
    for dup in sorted({x for x in ids if ids.count(x) > 1}):
        problems.append(Problem(source, f"indicator {dup!r} is defined twice"))
    for ind in indicators:
        for other in (ind.observed_from,
                      ind.target.pace_indicator if isinstance(ind.target, KeepPace) else None):
            if other is not None and other not in ids:
                problems.append(Problem(f"{source}: {ind.id}",
                                        str(UnknownNameError("indicator", other, ids))))
    if problems:
        raise InvalidInputError(problems, source=source)
    return IndicatorCatalog(tuple(indicators))


@functools.cache
def default_indicators() -> IndicatorCatalog:
    """The packaged catalog: every KPI entry of the plan (cached; the value is immutable)."""
    text = (resources.files("revitalize") / "data" / "indicators.toml").read_text(
        encoding="utf-8")
    return load_indicator_catalog(text, "revitalize/data/indicators.toml")
