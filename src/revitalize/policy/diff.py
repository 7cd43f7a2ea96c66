"""Impact diffs: what a reform changes over a population.

:func:`impact_diff` assesses each subject under the base and the reformed
parameter set and yields a :class:`Change` for every subject whose decision
differs, naming each changed aspect (``in_range`` False → True reads as
"entered the range"). The population is an iterable consumed lazily, so a
file of millions of households streams in constant memory; :class:`ImpactSummary`
counts the changes as they pass.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import attrs

from .engine import Assessment, Decision, render_value
from .parameters import ParameterSet

__all__ = ["AspectChange", "Change", "ImpactSummary", "impact_diff"]

S = TypeVar("S")
D = TypeVar("D", bound=Decision)


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
        """One phrase, e.g. ``in_range: entered (no → yes)``."""
        kinds = {"entered": "进入", "left": "退出", "changed": "变化"}
        kind = kinds[self.kind] if lang == "zh" else self.kind
        return (f"{self.aspect}: {kind} ({render_value(self.before, lang)} → "
                f"{render_value(self.after, lang)})")

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


def impact_diff(
    population: Iterable[S],
    on: dt.date,
    base: ParameterSet,
    reform: ParameterSet,
    assess: Callable[[S, ParameterSet, dt.date], Assessment[D]],
    summary: ImpactSummary | None = None,
) -> Iterator[Change[D]]:
    """Yield the subjects whose decision changes under ``reform``, lazily.

    Pass an :class:`ImpactSummary` to have it count every subject seen.
    """
    for subject in population:
        before = assess(subject, base, on)
        after = assess(subject, reform, on)
        changes = compare(before, after)
        change = Change(before.subject_id, changes, before, after) if changes else None
        if summary is not None:
            summary.add(change)
        if change is not None:
            yield change
