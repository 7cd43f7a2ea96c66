"""Target types: every form in which the plan states an indicator's target.

Each target is a frozen attrs class with a ``kind`` (a :class:`TargetKind`)
and one method, :meth:`is_met`, that compares an observed value (with the
inputs the form needs: a reference value, a base value, a tolerance) with
the target. ``is_met`` answers ``None`` when an input it needs is missing:
unknown is a value, never "met".

=================  ======================================  ==============================
kind               plan wording                            indicators
=================  ======================================  ==============================
at_least           达到 / ≥ / 以上                         KPI-4c, 5, 6a, 6b, 7c, 8a, 8d, 8e,
                                                           10, T2a, T2b, T3, T7, T10, T13a
at_most            不高于                                  (none in the plan; for reforms)
maintain           保持 / 稳定在 … 以上                    KPI-3, 4a, 4b, 7b, 9, T1, T13b
ratio              a:b, normalised to x:1                  KPI-8b (at least), T6 (at most)
above_reference    高于全市平均水平                        KPI-1, 2, 8c
keep_stable        保持规模总体稳定                        KPI-7a
point_change       总上升幅度达到5个百分点                 KPI-T5
reach              建成 N 个 / N 公里 / 至少有 N 所        KPI-T4, T8a…f, T9a/b
zero_events        不发生                                  KPI-T11
keep_pace          保持同步（同一价格口径）                KPI-T12
=================  ======================================  ==============================
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, TypeAlias

import attrs

from ..models._enums import LabelledEnum
from ..money import CONTEXT, format_number
from .formulas import ratio

__all__ = [
    "AboveReference",
    "AtLeast",
    "AtMost",
    "Direction",
    "GrowthBasis",
    "KeepPace",
    "KeepStable",
    "Maintain",
    "PointChange",
    "Ratio",
    "Reach",
    "Target",
    "TargetInputs",
    "TargetKind",
    "ZeroEvents",
]


class TargetKind(LabelledEnum):
    """The form of a target."""

    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"
    MAINTAIN = "maintain", "保持"
    RATIO = "ratio", "比值"
    ABOVE_REFERENCE = "above_reference", "高于全市平均水平"
    KEEP_STABLE = "keep_stable", "保持规模总体稳定"
    POINT_CHANGE = "point_change", "百分点变化"
    REACH = "reach", "数量或里程达到"
    ZERO_EVENTS = "zero_events", "不发生"
    KEEP_PACE = "keep_pace", "保持同步"


class Direction(LabelledEnum):
    """Which side of a ratio target is good."""

    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"


@attrs.frozen
class TargetInputs:
    """What a target is compared with, besides the observed value.

    ``reference``: the municipal average (above-reference) or the rate to keep
    pace with; ``base``: the level a change or a band is measured from (the
    2020 baseline of keep-stable, the base-year observation of a
    point change); ``tolerance``: the assumption parameter's value.
    """

    reference: Decimal | None = None
    base: Decimal | None = None
    tolerance: Decimal | None = None


def _fmt(value: Decimal) -> str:
    return format_number(value.normalize(CONTEXT) if value == value.to_integral() else value)


@attrs.frozen
class AtLeast:
    """Reach at least ``value`` by the target year (达到 / ≥ / 以上)."""

    value: Decimal
    kind: ClassVar[TargetKind] = TargetKind.AT_LEAST

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` is at least the value."""
        return observed >= self.value

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to."""
        return self.value

    def describe(self, lang: str) -> str:
        """The target in words."""
        return f"≥ {_fmt(self.value)}" if lang == "zh" else f"at least {_fmt(self.value)}"


@attrs.frozen
class AtMost:
    """Come down to at most ``value`` (不高于)."""

    value: Decimal
    kind: ClassVar[TargetKind] = TargetKind.AT_MOST

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` is at most the value."""
        return observed <= self.value

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to."""
        return self.value

    def describe(self, lang: str) -> str:
        """The target in words."""
        return f"≤ {_fmt(self.value)}" if lang == "zh" else f"at most {_fmt(self.value)}"


@attrs.frozen
class Maintain:
    """Stay at or above ``value`` in every year (保持 / 稳定在 … 以上); no path."""

    value: Decimal
    kind: ClassVar[TargetKind] = TargetKind.MAINTAIN

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` is at or above the level to keep."""
        return observed >= self.value

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to."""
        return self.value

    def describe(self, lang: str) -> str:
        """The target in words."""
        return f"保持 ≥ {_fmt(self.value)}" if lang == "zh" else f"keep at {_fmt(self.value)}"


@attrs.frozen
class Ratio:
    """A ratio ``antecedent : consequent``; observed values are ``x`` of ``x:1``."""

    antecedent: Decimal
    consequent: Decimal
    direction: Direction = Direction.AT_LEAST
    kind: ClassVar[TargetKind] = TargetKind.RATIO

    @property
    def normalised(self) -> Decimal:
        """The target as ``x`` of ``x:1``."""
        return ratio(self.antecedent, self.consequent)

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to."""
        return self.normalised

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether the observed ``x`` is on the good side of the target's ``x``."""
        if self.direction is Direction.AT_LEAST:
            return observed >= self.normalised
        return observed <= self.normalised

    def describe(self, lang: str) -> str:
        """The target in words."""
        x = f"{_fmt(self.normalised)}:1"
        if self.direction is Direction.AT_LEAST:
            return f"≥ {x}" if lang == "zh" else f"at least {x}"
        return f"≤ {x}" if lang == "zh" else f"at most {x}"


@attrs.frozen
class AboveReference:
    """Above a reference value given as input each year (高于全市平均水平)."""

    kind: ClassVar[TargetKind] = TargetKind.ABOVE_REFERENCE

    @property
    def goal(self) -> Decimal | None:
        """No fixed number: the reference changes each year."""
        return None

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` is strictly above the reference (None without one)."""
        if inputs.reference is None:
            return None
        return observed > inputs.reference

    def describe(self, lang: str) -> str:
        """The target in words."""
        return "高于全市平均水平" if lang == "zh" else "above the municipal average"


@attrs.frozen
class KeepStable:
    """Stay within a band around the baseline; the band is a fraction of the baseline.

    ``tolerance_parameter`` names the assumption parameter that holds the band.
    """

    tolerance_parameter: str
    kind: ClassVar[TargetKind] = TargetKind.KEEP_STABLE

    @property
    def goal(self) -> Decimal | None:
        """No fixed number: the goal is the baseline itself."""
        return None

    def band(self, base: Decimal, tolerance: Decimal) -> tuple[Decimal, Decimal]:
        """The low and high end of the band around ``base``."""
        width = CONTEXT.multiply(abs(base), tolerance)
        return CONTEXT.subtract(base, width), CONTEXT.add(base, width)

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` lies in the band (None without a base or tolerance)."""
        if inputs.base is None or inputs.tolerance is None:
            return None
        low, high = self.band(inputs.base, inputs.tolerance)
        return low <= observed <= high

    def describe(self, lang: str) -> str:
        """The target in words."""
        return "保持规模总体稳定" if lang == "zh" else "keep the scale generally stable"


@attrs.frozen
class PointChange:
    """Rise by at least ``points`` percentage points from the ``base_year`` level."""

    points: Decimal
    base_year: int
    kind: ClassVar[TargetKind] = TargetKind.POINT_CHANGE

    @property
    def goal(self) -> Decimal | None:
        """No fixed level: the goal is the base-year level plus the points."""
        return None

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed`` is at least ``base + points`` (None without a base)."""
        if inputs.base is None:
            return None
        return CONTEXT.subtract(observed, inputs.base) >= self.points

    def describe(self, lang: str) -> str:
        """The target in words."""
        if lang == "zh":
            return f"较{self.base_year}年上升 ≥ {_fmt(self.points)} 个百分点"
        return f"up at least {_fmt(self.points)} points from {self.base_year}"


@attrs.frozen
class Reach:
    """A count or a length to reach; ``cumulative_from`` is the first year counted."""

    value: Decimal
    cumulative_from: int | None = None
    kind: ClassVar[TargetKind] = TargetKind.REACH

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to."""
        return self.value

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether the count reached the value."""
        return observed >= self.value

    def describe(self, lang: str) -> str:
        """The target in words."""
        since = ""
        if self.cumulative_from is not None:
            since = (f"（{self.cumulative_from}年起累计）" if lang == "zh"
                     else f" (cumulative from {self.cumulative_from})")
        head = f"达到 {_fmt(self.value)}" if lang == "zh" else f"reach {_fmt(self.value)}"
        return head + since


@attrs.frozen
class ZeroEvents:
    """No event at all in any year (不发生)."""

    kind: ClassVar[TargetKind] = TargetKind.ZERO_EVENTS

    @property
    def goal(self) -> Decimal | None:
        """The number the bar of the report runs to: zero."""
        return Decimal(0)

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether no event was observed."""
        return observed == 0

    def describe(self, lang: str) -> str:
        """The target in words."""
        return "0 次" if lang == "zh" else "zero events"


class GrowthBasis(LabelledEnum):
    """The price basis of a growth rate: two rates are compared only on the same basis."""

    REAL = "real", "实际增速（可比价，扣除价格因素）"
    NOMINAL = "nominal", "名义增速（现价）"


@attrs.frozen
class KeepPace:
    """Grow at least as fast as another indicator's rate, less a tolerance (保持同步).

    ``pace_indicator`` is the catalog ID whose observed value is the pace;
    ``tolerance_parameter`` the assumption parameter with the allowed shortfall
    in percentage points; ``basis`` the price basis both rates share (the
    observed value and the pace must be given on it: KPI-T12 compares real
    income growth with real GDP growth, the way GDP growth is published).
    """

    pace_indicator: str
    tolerance_parameter: str
    basis: GrowthBasis = GrowthBasis.REAL
    kind: ClassVar[TargetKind] = TargetKind.KEEP_PACE

    @property
    def goal(self) -> Decimal | None:
        """No fixed number: the pace changes each year."""
        return None

    def is_met(self, observed: Decimal, inputs: TargetInputs) -> bool | None:
        """Whether ``observed ≥ pace − tolerance`` (None without the pace or tolerance)."""
        if inputs.reference is None or inputs.tolerance is None:
            return None
        return observed >= CONTEXT.subtract(inputs.reference, inputs.tolerance)

    def describe(self, lang: str) -> str:
        """The target in words."""
        if lang == "zh":
            return f"与 {self.pace_indicator} 保持同步（均按{self.basis.label_zh}）"
        return f"keep pace with {self.pace_indicator} (both {self.basis.value} growth rates)"


#: Any target.
Target: TypeAlias = (
    AtLeast | AtMost | Maintain | Ratio | AboveReference | KeepStable | PointChange | Reach
    | ZeroEvents | KeepPace
)
