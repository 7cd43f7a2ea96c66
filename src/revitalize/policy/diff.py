"""Impact diffs: what a reform changes over a population.

:func:`impact_diff` takes the population, the base and the reformed parameter
sets and the date, assesses each subject under both, and returns an
:class:`ImpactDiff`: iterating it yields a :class:`Change` for every subject
whose decision differs, naming each changed aspect (``in_range`` False → True
reads as "entered the range"); its :attr:`ImpactDiff.summary` counts every
subject seen. The population is consumed lazily, one subject at a time, so a
file of millions of households streams in constant memory when the changes
are read as they come.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from revitalize.models import Household, Member, PovertyStatus
>>> from revitalize.policy.parameters import default_parameters
>>> def household(i, income):
...     return Household(id=f"H-{i}", town="丛林镇", village="海孔村",
...                      poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2019,
...                      members=(Member(id="M1", birth_date=dt.date(1980, 1, 31)),),
...                      annual_net_income=Decimal(income))
>>> base = default_parameters()
>>> reform = base.reform({"monitoring.monitoring_line": "6500"}, name="line 6500")
>>> diff = impact_diff([household(1, "5000"), household(2, "6200")], base, reform,
...                    dt.date(2023, 6, 1))
>>> for change in diff:
...     print(change.subject_id, "; ".join(c.render("en") for c in change.changes))
H-2 in range: changed (not assessed → yes); category: changed (not assessed → unstable lifted)
>>> diff.summary.seen, diff.summary.changed
(2, 1)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs

from .engine import Assessment, Decision, render_value
from .parameters import ParameterSet

if TYPE_CHECKING:
    from ..models.household import Household
    from .monitoring import MonitoringDecision

__all__ = ["AspectChange", "Change", "ImpactDiff", "ImpactSummary", "impact_diff",
           "impact_diff_of"]

S = TypeVar("S")
D = TypeVar("D", bound=Decision)


#: The label of each aspect a decision reports (``Decision.aspects``), Chinese and English.
ASPECT_LABELS: Final = MappingProxyType({
    "in_range": ("监测范围", "in range"), "category": ("类别", "category"),
    "measures": ("帮扶措施", "measures"), "risks": ("风险", "risks"),
    "include": ("纳入监测", "included"), "in_scope": ("摸底范围", "in scope"),
    "refused": ("不合规项", "refused"), "insufficient": ("数据不足", "insufficient data"),
})
_KIND_LABELS: Final = MappingProxyType({
    "entered": ("进入", "entered"), "left": ("退出", "left"), "changed": ("变化", "changed")})


def aspect_label(aspect: str, lang: str) -> str:
    """The label of a decision aspect (``in_range`` → 监测范围 / in range)."""
    pair = ASPECT_LABELS.get(aspect, (aspect, aspect.replace("_", " ")))
    return pair[0] if lang == "zh" else pair[1]


def kind_label(kind: str, lang: str) -> str:
    """The label of a change (``entered``, ``left``, ``changed``)."""
    pair = _KIND_LABELS.get(kind, (kind, kind))
    return pair[0] if lang == "zh" else pair[1]


def _value(value: object, lang: str) -> str:
    if isinstance(value, tuple | list | frozenset | set) and not value:
        return "无" if lang == "zh" else "none"
    return render_value(value, lang)


@attrs.frozen
class AspectChange:
    """One aspect of a decision before and after the reform."""

    aspect: str
    before: object
    after: object

    @property
    def kind(self) -> str:
        """``entered`` / ``left`` for a yes/no aspect, else ``changed``."""
        if self.before is False and self.after is True:
            return "entered"
        if self.before is True and self.after is False:
            return "left"
        return "changed"

    def render(self, lang: str) -> str:
        """One phrase, e.g. ``in range: entered (no → yes)``, ``监测范围：进入（否 → 是）``.

        >>> AspectChange("measures", (), ("x",)).render("zh")
        '帮扶措施：变化（无 → x）'
        """
        before, after = (_value(v, lang) for v in (self.before, self.after))
        if lang == "zh":
            return (f"{aspect_label(self.aspect, lang)}：{kind_label(self.kind, lang)}"
                    f"（{before} → {after}）")
        return f"{aspect_label(self.aspect, lang)}: {self.kind} ({before} → {after})"

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"aspect": self.aspect, "kind": self.kind,
                "before": _plain(self.before), "after": _plain(self.after)}


def _plain(value: object) -> object:
    if isinstance(value, frozenset | set | tuple):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, bool | int | str):
        return str(value) if isinstance(value, str) else value
    return str(value)


@attrs.frozen
class Change(Generic[D]):
    """A subject whose decision differs between the base and the reform."""

    subject_id: str
    changes: tuple[AspectChange, ...]
    before: Assessment[D]
    after: Assessment[D]

    def to_json(self) -> dict[str, Any]:
        """As JSON (the changed aspects; the assessments are not repeated)."""
        return {"subject": self.subject_id, "changes": [c.to_json() for c in self.changes]}


@attrs.define
class ImpactSummary:
    """Counts of a diff: subjects seen and changed, and each (aspect, kind) transition."""

    seen: int = 0
    changed: int = 0
    transitions: Counter[tuple[str, str]] = attrs.field(factory=Counter)

    def add(self, change: Change[Any] | None) -> None:
        """Count one subject (``None`` when unchanged)."""
        self.seen += 1
        if change is not None:
            self.changed += 1
            for c in change.changes:
                self.transitions[(c.aspect, c.kind)] += 1

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"seen": self.seen, "changed": self.changed,
                "transitions": [{"aspect": a, "kind": k, "count": n}
                                for (a, k), n in sorted(self.transitions.items())]}


def compare(before: Assessment[D], after: Assessment[D]) -> tuple[AspectChange, ...]:
    """The aspects of two decisions that differ."""
    a, b = before.decision.aspects(), after.decision.aspects()
    return tuple(AspectChange(k, a.get(k), b.get(k)) for k in {**a, **b}
                 if a.get(k) != b.get(k))


class ImpactDiff(Generic[D]):
    """The changes a reform makes over a population, found lazily, and their summary.

    Iterating yields each :class:`Change` once, as it is found (one subject read at a
    time). :attr:`summary` counts every subject; read after the iteration it costs
    nothing, read before it finishes the diff first, keeping the changes not yet read
    for the iteration.
    """

    def __init__(self, changes: Iterator[Change[D]], summary: ImpactSummary) -> None:
        self._changes = changes
        self._pending: deque[Change[D]] = deque()
        self._summary = summary

    def __iter__(self) -> Iterator[Change[D]]:
        return self

    def __next__(self) -> Change[D]:
        if self._pending:
            return self._pending.popleft()
        return next(self._changes)

    @property
    def summary(self) -> ImpactSummary:
        """Counts of the whole diff: subjects seen, changed, each (aspect, kind) transition."""
        self._pending.extend(self._changes)
        return self._summary


def _changes(population: Iterable[S], base: ParameterSet, reform: ParameterSet, on: dt.date,
             assess: Callable[[S, ParameterSet, dt.date], Assessment[D]],
             summary: ImpactSummary) -> Iterator[Change[D]]:
    for subject in population:
        before = assess(subject, base, on)
        after = assess(subject, reform, on)
        changes = compare(before, after)
        change = Change(before.subject_id, changes, before, after) if changes else None
        summary.add(change)
        if change is not None:
            yield change


def impact_diff(population: Iterable[Household], base: ParameterSet, reform: ParameterSet,
                on: dt.date) -> ImpactDiff[MonitoringDecision]:
    """The households whose decision (range, category, measures) changes under ``reform``
    on ``on``, each assessed with
    :func:`~revitalize.policy.monitoring.assess_household` under both parameter sets;
    lazily, with the summary (see :class:`ImpactDiff`). For another kind of subject,
    :func:`impact_diff_of` takes the function that assesses one."""
    from .monitoring import assess_household

    return impact_diff_of(population, base, reform, on, assess_household)


def impact_diff_of(population: Iterable[S], base: ParameterSet, reform: ParameterSet,
                   on: dt.date, assess: Callable[[S, ParameterSet, dt.date], Assessment[D]],
                   ) -> ImpactDiff[D]:
    """:func:`impact_diff` for any subject: ``assess(subject, params, on)`` assesses one
    (any area's assessment function, whose decision has
    :meth:`~revitalize.policy.engine.Decision.aspects`)."""
    summary = ImpactSummary()
    return ImpactDiff(_changes(population, base, reform, on, assess, summary), summary)
