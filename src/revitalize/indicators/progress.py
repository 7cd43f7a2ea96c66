"""Progress of observed values against the plan's targets.

:func:`evaluate` judges every indicator of a catalog from an
:class:`~revitalize.indicators.observations.ObservationSet` and returns a
:class:`ProgressReport`. Each observed year gets a :class:`Status`:

- ``met``: the target is reached (a value at or past the target is always met);
- ``on_track`` / ``behind``: not yet reached, and on the good side of the path
  from the start value to the target in that year, or not. The path is drawn
  per indicator (the catalog's ``path``): straight (``linear``) for most,
  constant growth (``compound``) for KPI-8a's value added; counts to build by
  2025 (KPI-T8c…f, KPI-T9a/b) start from 0 at the end of 2020; KPI-T5 starts
  from its observed 2020 value; KPI-T10's start comes from its parameters;
- ``not_met``: the target is not reached and is not on its way: the target
  year has come, or the target has no path (maintain, above the reference,
  keep stable, zero events, keep pace, or no baseline) so that it is only met
  or not met. (Until 0.2 a path target past its year was ``missed``; the
  scenario format still reads that value, with a notice.)
- ``no_data``: no observation, or an input the target needs is missing (the
  municipal average, the base-year value); the missing input is named.

An indicator's status is that of its latest observed year. :attr:`Status.failing`
says whether a status is a failure (``behind`` or ``not_met``) — the one question
generic code asks, and what ``indicators report`` exits 1 on for a binding
indicator; :attr:`ProgressReport.failing` lists them. The report lists
binding indicators that are not met first, then binding ones without data,
then the other indicators not met, without data, on track and met, each group
in catalog order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from ..errors import UnknownNameError
from ..models._enums import LabelledEnum
from ..money import CONTEXT, format_number
from ..policy.parameters import ParameterSet
from ..serialization import _unstructure_decimal
from .catalog import Baseline, Indicator, IndicatorCatalog, PathKind, default_indicators
from .formulas import compound_path, linear_path
from .observations import ObservationSet
from .targets import (
    AboveReference,
    AtMost,
    Direction,
    KeepPace,
    KeepStable,
    PointChange,
    Ratio,
    TargetInputs,
)

__all__ = [
    "IndicatorProgress",
    "ProgressReport",
    "Status",
    "YearStatus",
    "evaluate",
    "evaluate_indicator",
    "show_number",
]


class Status(LabelledEnum):
    """Where an indicator stands against its target; :attr:`failing` says whether that is a
    failure (the target not met, or not on its way)."""

    MET = "met", "已达标"
    ON_TRACK = "on_track", "进度正常"
    BEHIND = "behind", "进度滞后"
    NOT_MET = "not_met", "未达标"
    NO_DATA = "no_data", "无数据"

    @property
    def failing(self) -> bool:
        """Whether the status means the target is not (or not on the way to being) met:
        ``behind`` or ``not_met``."""
        return self in (Status.BEHIND, Status.NOT_MET)


def show_number(value: Decimal, places: int = 2) -> str:
    """A value for display: at most ``places`` decimals, no trailing exponent noise.

    >>> show_number(Decimal("88.84000000"))
    '88.84'
    >>> show_number(Decimal("13.0594123"))
    '13.06'
    >>> show_number(Decimal("17365"))
    '17,365'
    """
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP, context=CONTEXT)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1), context=CONTEXT)
    else:
        rounded = rounded.normalize(CONTEXT)
    return format_number(rounded)


@attrs.frozen
class YearStatus:
    """The judgement of one observed year.

    ``expected`` is the path's value that year (None without a path);
    ``reference`` the municipal average or the pace rate; ``base`` the level a
    band or a change is measured from; ``missing`` names what is missing when
    the status is ``no_data``.
    """

    year: int
    observed: Decimal | None
    status: Status
    expected: Decimal | None = None
    reference: Decimal | None = None
    base: Decimal | None = None
    tolerance: Decimal | None = None
    missing_zh: str | None = None
    missing_en: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The year as a JSON object (decimals as strings)."""
        out: dict[str, Any] = {"year": self.year, "status": self.status.value,
                               "status_zh": self.status.label_zh}
        for key in ("observed", "expected", "reference", "base", "tolerance"):
            value = getattr(self, key)
            if value is not None:
                out[key] = _unstructure_decimal(value)  # positional, never 1E-7
        if self.missing_en:
            out["missing_zh"] = self.missing_zh
            out["missing_en"] = self.missing_en
        return out


@attrs.frozen
class IndicatorProgress:
    """An indicator's progress: its status (that of the latest year) and every year's."""

    indicator: Indicator
    status: Status
    target_year: int
    start: Baseline | None
    goal: Decimal | None
    history: tuple[YearStatus, ...]

    @property
    def latest(self) -> YearStatus | None:
        """The latest observed year (None when nothing was observed)."""
        return self.history[-1] if self.history else None

    @property
    def rank(self) -> int:
        """The report's sort group: binding not met first, met last."""
        s = self.status
        if self.indicator.is_binding:
            if s.failing:
                return 0
            if s is Status.NO_DATA:
                return 1
        if s.failing:
            return 2
        if s is Status.NO_DATA:
            return 3
        return 4 if s is Status.ON_TRACK else 5

    def explain(self, lang: str) -> str:
        """One line: the latest value against the path, reference or target."""
        zh = lang == "zh"
        y = self.latest
        target = f"{self.indicator.target_text(lang)}（{self.target_year}）" if zh else \
            f"{self.indicator.target_text(lang)} ({self.target_year})"
        if y is None or y.observed is None:
            return (f"无观测值；目标 {target}" if zh else f"no observation; target {target}")
        parts = [f"{y.year}年 {show_number(y.observed)}" if zh
                 else f"{y.year}: {show_number(y.observed)}"]
        if y.reference is not None:
            t = self.indicator.target
            label = ("全市平均" if isinstance(t, AboveReference)
                     else f"比较值 {t.pace_indicator}（{t.basis.label_zh}）"
                     if isinstance(t, KeepPace) else "比较值")
            label_en = ("municipal average" if isinstance(t, AboveReference)
                        else f"pace {t.pace_indicator} ({t.basis.value} growth)"
                        if isinstance(t, KeepPace) else "pace")
            parts.append(f"{label} {show_number(y.reference)}" if zh
                         else f"{label_en} {show_number(y.reference)}")
        if y.base is not None and isinstance(self.indicator.target, KeepStable) \
                and y.tolerance is not None:
            low, high = self.indicator.target.band(y.base, y.tolerance)
            parts.append(f"稳定区间 {show_number(low)}–{show_number(high)}" if zh
                         else f"stable band {show_number(low)}-{show_number(high)}")
        elif y.base is not None:
            parts.append(f"基数 {show_number(y.base)}" if zh else f"base {show_number(y.base)}")
        if y.expected is not None:
            parts.append(f"路径值 {show_number(y.expected)}" if zh
                         else f"path {show_number(y.expected)}")
        if y.missing_zh:
            parts.append(y.missing_zh if zh else y.missing_en or "")
        parts.append(f"目标 {target}" if zh else f"target {target}")
        return "；".join(parts) if zh else "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The progress as a JSON object."""
        ind = self.indicator
        return {
            "id": ind.id,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "attribute": ind.attribute.value if ind.attribute else None,
            "status": self.status.value,
            "status_zh": self.status.label_zh,
            "failing": self.status.failing,
            "target_year": self.target_year,
            "target_zh": ind.target_text_zh,
            "target_en": ind.target_text_en,
            "goal": str(self.goal) if self.goal is not None else None,
            "start": self.start.to_json() if self.start else None,
            "path": ind.path.value,
            "years": [y.to_json() for y in self.history],
            "citation": [c.to_json() for c in ind.citations],
        }


@attrs.frozen
class ProgressReport:
    """Every indicator's progress, binding indicators that are not met first."""

    items: tuple[IndicatorProgress, ...]
    on: dt.date
    parameters_name: str
    parameters_fingerprint: str

    def counts(self) -> dict[Status, int]:
        """How many indicators have each status (every status, zero included)."""
        c = Counter(i.status for i in self.items)
        return {s: c.get(s, 0) for s in Status}

    @property
    def failing(self) -> tuple[IndicatorProgress, ...]:
        """The indicators whose status is failing (behind or not met), in report order."""
        return tuple(i for i in self.items if i.status.failing)

    def __getitem__(self, indicator_id: str) -> IndicatorProgress:
        """The progress of one indicator."""
        for item in self.items:
            if item.indicator.id == indicator_id:
                return item
        raise UnknownNameError("indicator", indicator_id, [i.indicator.id for i in self.items])

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object."""
        return {
            "on": self.on.isoformat(),
            "parameters": {"name": self.parameters_name,
                           "fingerprint": self.parameters_fingerprint},
            "counts": {s.value: n for s, n in self.counts().items()},
            "failing": [i.indicator.id for i in self.failing],
            "indicators": [i.to_json() for i in self.items],
        }


def _higher_is_better(ind: Indicator) -> bool:
    t = ind.target
    if isinstance(t, AtMost):
        return False
    return not (isinstance(t, Ratio) and t.direction is Direction.AT_MOST)


def _goal(ind: Indicator, base: Decimal | None) -> Decimal | None:
    t = ind.target
    if isinstance(t, PointChange):
        return None if base is None else CONTEXT.add(base, t.points)
    return t.goal


def _expected(ind: Indicator, start: Baseline | None, goal: Decimal | None, target_year: int,
              year: int) -> Decimal | None:
    if ind.path is PathKind.NONE or start is None or goal is None:
        return None
    if target_year <= start.year:
        return goal
    if year >= target_year:
        return goal
    if ind.path is PathKind.COMPOUND:
        return compound_path(start.value, goal, start.year, target_year, year)
    return linear_path(start.value, goal, start.year, target_year, year)


def evaluate_indicator(indicator: Indicator, observations: ObservationSet, *,
                       params: ParameterSet, on: dt.date) -> IndicatorProgress:
    """Judge one indicator's observed years against its target (parameters read on ``on``)."""
    t = indicator.target
    target_year = indicator.resolved_target_year(params, on)
    series_id = indicator.observed_from or indicator.id
    series = observations.values(series_id)
    tolerance = (params.decimal(t.tolerance_parameter, on)
                 if isinstance(t, KeepStable | KeepPace) else None)
    start = indicator.path_start(params, on)
    base: Decimal | None = None
    base_missing: tuple[str, str] | None = None
    if isinstance(t, PointChange):
        base = series.get(t.base_year)
        start = Baseline(t.base_year, base, implicit=True) if base is not None else None
        if base is None:
            base_missing = (f"缺少{t.base_year}年的值（上升幅度的起点）",
                            f"no {t.base_year} value (the start of the rise)")
    elif isinstance(t, KeepStable):
        base = indicator.baseline.value if indicator.baseline else None
    goal = _goal(indicator, base)
    if isinstance(t, AboveReference):
        references = observations.reference_values(indicator.id)
    elif isinstance(t, KeepPace):
        references = observations.values(t.pace_indicator)
    else:
        references = {}
    higher = _higher_is_better(indicator)
    history: list[YearStatus] = []
    for year in sorted(series):
        observed = series[year]
        reference = references.get(year)
        inputs = TargetInputs(reference=reference, base=base, tolerance=tolerance)
        met = t.is_met(observed, inputs)
        expected = _expected(indicator, start, goal, target_year, year)
        common: dict[str, Any] = {"expected": expected, "reference": reference, "base": base,
                                  "tolerance": tolerance}
        if met is None:
            if base_missing is not None:
                zh, en = base_missing
            elif isinstance(t, KeepPace):
                zh, en = (f"缺少{year}年 {t.pace_indicator} 的值",
                          f"no {year} value of {t.pace_indicator}")
            else:
                zh, en = (f"缺少{year}年全市平均水平", f"no {year} municipal average")
            history.append(YearStatus(year, observed, Status.NO_DATA, missing_zh=zh,
                                      missing_en=en, **common))
            continue
        if met:
            status = Status.MET
        elif expected is None or year >= target_year:
            status = Status.NOT_MET
        elif (observed >= expected) if higher else (observed <= expected):
            status = Status.ON_TRACK
        else:
            status = Status.BEHIND
        history.append(YearStatus(year, observed, status, **common))
    status = history[-1].status if history else Status.NO_DATA
    return IndicatorProgress(indicator, status, target_year, start, goal, tuple(history))


def evaluate(observations: ObservationSet, params: ParameterSet, on: dt.date | None = None, *,
             catalog: IndicatorCatalog | None = None) -> ProgressReport:
    """Judge every indicator of ``catalog`` (default: the plan's) from ``observations``
    with ``params``.

    ``on`` is the date the parameters are read on; by default the last day of
    the latest observed year (2025-12-31 when nothing is observed) — no clock
    is read.

    >>> from revitalize.indicators.observations import parse_observations
    >>> obs = parse_observations({"observations": [
    ...     {"indicator": "KPI-5", "year": 2023, "value": "88.9"},
    ...     {"indicator": "KPI-8e", "year": 2023, "value": "68.7"}]})
    >>> from revitalize.policy.parameters import default_parameters
    >>> report = evaluate(obs, default_parameters())
    >>> [(i.indicator.id, i.status.value) for i in report.items[:2]]
    [('KPI-8e', 'behind'), ('KPI-3', 'no_data')]
    >>> report["KPI-5"].status.label_zh
    '进度正常'
    """
    catalog = catalog if catalog is not None else default_indicators()
    if on is None:
        on = dt.date(observations.latest_year or 2025, 12, 31)
    items = [evaluate_indicator(ind, observations, params=params, on=on) for ind in catalog]
    order = {ind.id: n for n, ind in enumerate(catalog)}
    items.sort(key=lambda i: (i.rank, order[i.indicator.id]))
    return ProgressReport(tuple(items), on, params.name, params.fingerprint)
