"""Decision tables: hit policies and the gap and overlap checker."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import RevitalizeError, UnknownNameError
from revitalize.models._enums import LabelledEnum
from revitalize.policy.registry import all_tables
from revitalize.policy.tables import (
    Column,
    DecisionTable,
    HitPolicy,
    Row,
    at_least,
    below,
    one_of,
)


class Color(LabelledEnum):
    RED = "red", "红"
    GREEN = "green", "绿"
    BLUE = "blue", "蓝"


def table(policy: HitPolicy = HitPolicy.UNIQUE) -> DecisionTable[str]:
    return DecisionTable(
        id="T", title_zh="测试", title_en="test", hit_policy=policy,
        columns=(Column.enum("color", Color), Column.range("x", Decimal(0))),
        rows=(
            Row("r-red", {"color": one_of(Color.RED)}, "a"),
            Row("r-green-low", {"color": one_of(Color.GREEN), "x": below(Decimal(10))}, "b"),
            Row("r-green-high", {"color": one_of(Color.GREEN), "x": at_least(Decimal(10))}, "c"),
            Row("r-blue", {"color": one_of(Color.BLUE)}, "d"),
        ),
    )


def test_complete_table_has_no_gaps_or_overlaps() -> None:
    """The reference table covers every combination exactly once."""
    assert table().check().ok


@given(st.sampled_from(["r-red", "r-green-low", "r-green-high", "r-blue"]))
def test_checker_finds_a_planted_gap(row: str) -> None:
    """Removing any row leaves a combination that no row covers."""
    check = table().without_row(row).check()
    assert check.gaps, row
    assert not check.overlaps


def test_gap_names_the_uncovered_combination() -> None:
    """The gap message names each column's value."""
    check = table().without_row("r-green-high").check()
    assert [str(g) for g in check.gaps] == ["no row covers color=green, x≥10"]


@given(st.decimals(min_value=0, max_value=20, places=2))
def test_checker_finds_a_planted_overlap(cut: Decimal) -> None:
    """A row that repeats part of another under `unique` is an overlap naming both rows."""
    t = table()
    extra = Row("r-extra", {"color": one_of(Color.GREEN), "x": at_least(cut)}, "e")
    check = DecisionTable(t.id, t.title_zh, t.title_en, t.hit_policy, t.columns,
                          (*t.rows, extra)).check()
    assert check.overlaps
    assert all("r-extra" in o.rows for o in check.overlaps)


def test_first_policy_takes_the_first_match() -> None:
    """Under `first` the earlier row wins, and overlaps are allowed."""
    t = DecisionTable("F", "优先", "first", HitPolicy.FIRST, (Column.flags("a"),),
                      (Row("1", {"a": one_of(True)}, "one"), Row("2", {}, "two")))
    assert t.evaluate({"a": True}) == ("one",)
    assert t.evaluate({"a": False}) == ("two",)
    assert t.check().ok


def test_collect_policy_returns_every_match() -> None:
    """Under `collect` every matching row contributes."""
    t = DecisionTable("C", "汇集", "collect", HitPolicy.COLLECT, (Column.flags("a"),),
                      (Row("1", {"a": one_of(True)}, "one"), Row("2", {}, "two")))
    assert t.evaluate({"a": True}) == ("one", "two")


def test_unique_policy_refuses_a_double_match_at_evaluation() -> None:
    """Evaluating an overlapping unique table raises rather than picking a row."""
    t = DecisionTable("U", "唯一", "unique", HitPolicy.UNIQUE, (Column.flags("a"),),
                      (Row("1", {}, "one"), Row("2", {}, "two")))
    with pytest.raises(RevitalizeError, match="rows 1, 2"):
        t.evaluate({"a": True})


def test_unknown_column_in_a_row_is_an_error() -> None:
    """A row over a column the table does not have is refused at construction."""
    with pytest.raises(UnknownNameError, match="colour"):
        DecisionTable("X", "x", "x", HitPolicy.UNIQUE, (Column.flags("color"),),
                      (Row("1", {"colour": one_of(True)}, "one"),))


@pytest.mark.parametrize("t", all_tables(), ids=lambda t: t.id)
def test_every_library_table_is_complete(t: DecisionTable[object]) -> None:
    """Every decision table the library has passes the checker."""
    check = t.check()
    assert check.ok, str(check)


def test_library_has_tables_to_check() -> None:
    """The library's table list is not empty once the policy areas exist."""
    pytest.importorskip("revitalize.policy.monitoring")
    assert all_tables()
