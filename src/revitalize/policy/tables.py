"""Decision tables with a declared hit policy, and a checker for gaps and overlaps.

A table has typed input columns (each with a finite domain: the members of an
enum, booleans, or numeric ranges cut at the rows' own boundaries) and rows
that map conditions to an output. The hit policy says what a match means:

- ``unique``: exactly one row may match any input; an overlap is an error;
- ``first``: the first matching row wins (documented precedence);
- ``collect``: every matching row contributes its output.

:meth:`DecisionTable.check` enumerates the input space and reports every
*gap* (an input combination no row covers) and, under ``unique``, every
*overlap* (two rows that match one combination), naming the rows and the
combination. ``tests/test_tables.py`` runs the checker on every table the
library has.

>>> from enum import Enum
>>> t = DecisionTable(
...     id="demo", title_zh="示例", title_en="demo", hit_policy=HitPolicy.UNIQUE,
...     columns=(Column.flags("poor"), Column.range("income")),
...     rows=(Row("r1", {"poor": one_of(True)}, "help"),
...           Row("r2", {"poor": one_of(False), "income": below(Decimal(6000))}, "watch")),
... )
>>> [str(g) for g in t.check().gaps]
['no row covers poor=False, income≥6000']
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

import attrs

from ..citations import Citation
from ..errors import RevitalizeError, UnknownNameError
from ..models._enums import LabelledEnum

__all__ = [
    "ANY",
    "Column",
    "DecisionTable",
    "Gap",
    "HitPolicy",
    "Overlap",
    "Range",
    "Row",
    "RowTrace",
    "TableCheck",
    "TableTrace",
    "at_least",
    "below",
    "between",
    "one_of",
]

Out = TypeVar("Out")


class HitPolicy(LabelledEnum):
    """How matches of several rows are resolved (DMN's hit policies)."""

    UNIQUE = "unique", "唯一"
    FIRST = "first", "优先"
    COLLECT = "collect", "汇集"


@attrs.frozen
class Range:
    """A numeric interval ``[low, high)``; ``None`` leaves a side open."""

    low: Decimal | None = None
    high: Decimal | None = None

    def __contains__(self, x: object) -> bool:
        if not isinstance(x, Decimal | int):
            return False
        return (self.low is None or x >= self.low) and (self.high is None or x < self.high)


@attrs.frozen
class _OneOf:
    values: frozenset[Hashable]

    def __contains__(self, x: object) -> bool:
        return x in self.values


@attrs.frozen
class _Any:
    def __contains__(self, x: object) -> bool:
        return True


#: A condition that matches any value.
ANY = _Any()
Condition = Range | _OneOf | _Any


def one_of(*values: Hashable) -> _OneOf:
    """A condition that matches any of ``values``."""
    return _OneOf(frozenset(values))


def below(high: Decimal) -> Range:
    """``x < high``."""
    return Range(None, high)


def at_least(low: Decimal) -> Range:
    """``x >= low``."""
    return Range(low, None)


def between(low: Decimal, high: Decimal) -> Range:
    """``low <= x < high``."""
    return Range(low, high)


@attrs.frozen
class Column:
    """An input column: a name and its domain (finite values, or a numeric range)."""

    name: str
    values: tuple[Hashable, ...] | None = None  # None: numeric, cut at the rows' bounds
    minimum: Decimal | None = None

    @classmethod
    def enum(cls, name: str, enum: type[Enum], *, exclude: Iterable[Enum] = ()) -> Column:
        """A column over the members of ``enum`` (less ``exclude``)."""
        skip = set(exclude)
        return cls(name, tuple(m for m in enum if m not in skip))

    @classmethod
    def flags(cls, name: str) -> Column:
        """A yes/no column."""
        return cls(name, (True, False))

    @classmethod
    def range(cls, name: str, minimum: Decimal | None = None) -> Column:
        """A numeric column (optionally bounded below, e.g. incomes ≥ 0)."""
        return cls(name, None, minimum)


@attrs.frozen
class Row(Generic[Out]):
    """A row: an id, conditions by column name (missing = any), and the output."""

    id: str
    when: Mapping[str, Condition]
    then: Out

    def matches(self, inputs: Mapping[str, object]) -> bool:
        """Whether every condition holds for ``inputs``."""
        return all(inputs.get(k) in c for k, c in self.when.items())


@attrs.frozen
class Gap:
    """An input combination that no row covers."""

    combination: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return "no row covers " + ", ".join(f"{k}{v}" for k, v in self.combination)


@attrs.frozen
class Overlap:
    """Two rows that match one input combination under the ``unique`` policy."""

    rows: tuple[str, str]
    combination: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        where = ", ".join(f"{k}{v}" for k, v in self.combination)
        return f"rows {self.rows[0]} and {self.rows[1]} both match {where}"


@attrs.frozen
class TableCheck:
    """The result of checking a table."""

    table: str
    gaps: tuple[Gap, ...]
    overlaps: tuple[Overlap, ...]

    @property
    def ok(self) -> bool:
        """No gaps and no overlaps."""
        return not self.gaps and not self.overlaps

    def __str__(self) -> str:
        if self.ok:
            return f"table {self.table}: complete, no overlaps"
        return "\n".join([f"table {self.table}:", *(f"  {x}" for x in (*self.gaps,
                                                                       *self.overlaps))])


def _label(value: object) -> str:
    return f"={value.value}" if isinstance(value, Enum) else f"={value}"


def describe(condition: Condition, lang: str = "en") -> str:
    """A condition as text (``≥ 6000``, ``< 6000``, ``in [a, b)``, ``= x | y``, ``any``); in
    Chinese the values are labels (``= 是``, ``= 脱贫不稳定户``) and ``any`` is 任意.

    >>> describe(between(Decimal(1), Decimal(2))), describe(one_of(True)), describe(ANY)
    ('in [1, 2)', '= True', 'any')
    >>> describe(between(Decimal(1), Decimal(2)), "zh"), describe(one_of(True), "zh")
    ('介于 [1, 2)', '= 是')
    """
    zh = lang == "zh"
    if isinstance(condition, Range):
        if condition.low is not None and condition.high is not None:
            return f"{'介于' if zh else 'in'} [{condition.low}, {condition.high})"
        if condition.low is not None:
            return f"≥ {condition.low}"
        if condition.high is not None:
            return f"< {condition.high}"
        return "任意" if zh else "any"
    if isinstance(condition, _OneOf):
        return "= " + " | ".join(sorted(_input_text(v, lang) for v in condition.values))
    return "任意" if zh else "any"


def _input_text(value: object, lang: str = "en") -> str:
    """An input or condition value as text: the enum value and ``True``/``False`` in
    English (as the JSON has them); in Chinese the enum's label, 是/否, 无 for None and a
    choice value's label (:func:`revitalize.i18n.value_label`)."""
    if lang != "zh":
        return str(value.value) if isinstance(value, Enum) else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "无"
    if isinstance(value, LabelledEnum):
        return value.label_zh
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        from ..i18n import value_label

        return value_label(value, "zh")
    return str(value)


@attrs.frozen
class RowTrace:
    """One row of a table explanation: whether it matched, and if not, the first
    condition that failed (``column``, the condition, the input's value).

    ``state`` is ``matched`` (the row gives the output), ``shadowed`` (it matches but an
    earlier row wins under the ``first`` policy) or ``failed``.
    """

    row: str
    state: str
    column: str = ""
    condition: str = ""
    value: str = ""
    #: The condition and the input in Chinese (a rendering, not in JSON).
    condition_zh: str = attrs.field(default="", kw_only=True, eq=False)
    value_zh: str = attrs.field(default="", kw_only=True, eq=False)

    def to_json(self) -> dict[str, str]:
        """As JSON."""
        out = {"row": self.row, "state": self.state}
        if self.state == "failed":
            out.update(column=self.column, condition=self.condition, value=self.value)
        return out

    def render(self, lang: str) -> str:
        """One line."""
        if lang == "zh":
            if self.state == "matched":
                return f"{self.row}: 命中"
            if self.state == "shadowed":
                return f"{self.row}: 亦满足，但按优先规则前一行命中"
            return (f"{self.row}: 不满足 {self.column} {self.condition_zh or self.condition}"
                    f"（输入 {self.value_zh or _input_text(self.value, 'zh')}）")
        if self.state == "matched":
            return f"{self.row}: matched"
        if self.state == "shadowed":
            return f"{self.row}: also matches, an earlier row wins (first)"
        return f"{self.row}: fails {self.column} {self.condition} (input {self.value})"


@attrs.frozen
class TableTrace:
    """What :meth:`DecisionTable.explain` says: the inputs, the row(s) matched and why each
    other row did not match."""

    table: str
    title_zh: str
    title_en: str
    hit_policy: HitPolicy
    inputs: tuple[tuple[str, str], ...]
    matched: tuple[str, ...]
    rows: tuple[RowTrace, ...]
    #: The inputs' values in Chinese (a rendering, not in JSON).
    inputs_zh: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"table": self.table, "title_zh": self.title_zh, "title_en": self.title_en,
                "hit_policy": self.hit_policy.value, "inputs": dict(self.inputs),
                "matched": list(self.matched), "rows": [r.to_json() for r in self.rows]}

    def render(self, lang: str, indent: str = "") -> list[str]:
        """Text lines: the table, its inputs, each row's state."""
        zh = lang == "zh"
        if zh:
            pairs = self.inputs_zh or tuple((k, _input_text(v, "zh")) for k, v in self.inputs)
            inputs = "，".join(f"{k}={v}" for k, v in pairs)
            lines = [f"{indent}决策表 {self.table} {self.title_zh}"
                     f"（{self.hit_policy.label_zh}）：{inputs}"]
        else:
            inputs = ", ".join(f"{k}={v}" for k, v in self.inputs)
            lines = [f"{indent}table {self.table} {self.title_en} "
                     f"({self.hit_policy.value}): {inputs}"]
        by_column: dict[str, list[RowTrace]] = {}
        for r in self.rows:
            if r.state == "failed":
                by_column.setdefault(r.column, []).append(r)
        brief = {c for c, rs in by_column.items() if len(rs) > 3}
        for r in self.rows:
            if r.state != "failed" or r.column not in brief:
                lines.append(f"{indent}  {r.render(lang)}")
        for c in brief:  # many rows failing one column: one line (the JSON lists each)
            first = by_column[c][0]
            n = len(by_column[c])
            lines.append(
                f"{indent}  其余 {n} 行不满足 {c}"
                f"（输入 {first.value_zh or _input_text(first.value, 'zh')}）" if zh else
                f"{indent}  other {n} rows fail {c} (input {first.value})")
        return lines


@attrs.frozen
class DecisionTable(Generic[Out]):
    """A typed decision table with a declared hit policy."""

    id: str
    title_zh: str
    title_en: str
    hit_policy: HitPolicy
    columns: tuple[Column, ...]
    rows: tuple[Row[Out], ...]
    citations: tuple[Citation, ...] = ()

    def __attrs_post_init__(self) -> None:
        names = {c.name for c in self.columns}
        for row in self.rows:
            for key in row.when:
                if key not in names:
                    raise UnknownNameError(f"column of table {self.id}", key, names)

    def matching(self, inputs: Mapping[str, object]) -> tuple[Row[Out], ...]:
        """Every row whose conditions hold for ``inputs``, in table order."""
        return tuple(r for r in self.rows if r.matches(inputs))

    def evaluate(self, inputs: Mapping[str, object]) -> tuple[Out, ...]:
        """The outputs for ``inputs`` under the hit policy (empty when no row matches)."""
        if self.hit_policy is HitPolicy.FIRST:
            for r in self.rows:
                if r.matches(inputs):
                    return (r.then,)
            return ()
        hits = self.matching(inputs)
        if self.hit_policy is HitPolicy.UNIQUE and len(hits) > 1:
            raise RevitalizeError(
                f"table {self.id}: rows {', '.join(r.id for r in hits)} all match one input "
                "under the unique hit policy")
        return tuple(r.then for r in hits)

    def explain(self, inputs: Mapping[str, object]) -> TableTrace:
        """Which row(s) match ``inputs`` under the hit policy, and for every other row the
        first condition (in column order) that fails.

        >>> t = DecisionTable("t", "表", "t", HitPolicy.FIRST, (Column.flags("a"),),
        ...                   (Row("yes", {"a": one_of(True)}, 1), Row("rest", {}, 2)))
        >>> [r.render("en") for r in t.explain({"a": False}).rows]
        ['yes: fails a = True (input False)', 'rest: matched']
        """
        traces: list[RowTrace] = []
        matched: list[str] = []
        for r in self.rows:
            failed = next(((c.name, r.when[c.name]) for c in self.columns
                           if c.name in r.when and inputs.get(c.name) not in r.when[c.name]),
                          None)
            if failed is not None:
                name, cond = failed
                value = inputs.get(name)
                traces.append(RowTrace(r.id, "failed", name, describe(cond),
                                       _input_text(value), condition_zh=describe(cond, "zh"),
                                       value_zh=_input_text(value, "zh")))
            elif matched and self.hit_policy is HitPolicy.FIRST:
                traces.append(RowTrace(r.id, "shadowed"))
            else:
                matched.append(r.id)
                traces.append(RowTrace(r.id, "matched"))
        given = [c.name for c in self.columns if c.name in inputs]
        return TableTrace(self.id, self.title_zh, self.title_en, self.hit_policy,
                          tuple((n, _input_text(inputs[n])) for n in given), tuple(matched),
                          tuple(traces),
                          inputs_zh=tuple((n, _input_text(inputs[n], "zh")) for n in given))

    def _points(self, column: Column) -> list[tuple[object, str]]:
        """Representative points of a column, each with a label for messages."""
        if column.values is not None:
            return [(v, _label(v)) for v in column.values]
        cuts = sorted({b for r in self.rows for c in [r.when.get(column.name)]
                       if isinstance(c, Range) for b in (c.low, c.high) if b is not None})
        if column.minimum is not None:
            cuts = sorted({column.minimum, *(c for c in cuts if c > column.minimum)})
        if not cuts:
            return [(Decimal(0), " any")]
        points: list[tuple[object, str]] = []
        if column.minimum is None:
            points.append((cuts[0] - 1, f"<{cuts[0]}"))
        for lo, hi in itertools.pairwise(cuts):
            points.append((lo, f" in [{lo}, {hi})"))
        points.append((cuts[-1], f"≥{cuts[-1]}"))
        return points

    def check(self) -> TableCheck:
        """Enumerate the input space; report gaps, and overlaps under ``unique``."""
        axes = [self._points(c) for c in self.columns]
        gaps: list[Gap] = []
        overlaps: list[Overlap] = []
        for combo in itertools.product(*axes):
            inputs = {c.name: p[0] for c, p in zip(self.columns, combo, strict=True)}
            labels = tuple((c.name, p[1]) for c, p in zip(self.columns, combo, strict=True))
            hits = self.matching(inputs)
            if not hits:
                gaps.append(Gap(labels))
            elif self.hit_policy is HitPolicy.UNIQUE and len(hits) > 1:
                overlaps.append(Overlap((hits[0].id, hits[1].id), labels))
        return TableCheck(self.id, tuple(gaps), tuple(overlaps))

    def without_row(self, row_id: str) -> DecisionTable[Out]:
        """A copy of the table with one row removed (for tests of completeness)."""
        return attrs.evolve(self, rows=tuple(r for r in self.rows if r.id != row_id))

    def row_ids(self) -> Sequence[str]:
        """The ids of the rows, in order."""
        return [r.id for r in self.rows]
