"""MON-02: the income screen, its line, reforms and the impact diff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.money import CONTEXT
from revitalize.policy.diff import impact_diff_of
from revitalize.policy.engine import Assessment, Outcome, Provenance
from revitalize.policy.income import income_screen, monitoring_line
from revitalize.policy.parameters import ParameterSet, default_parameters

ON = dt.date(2021, 6, 1)
FEN = Decimal("0.01")


@attrs.frozen
class Subject:
    """The smallest income subject: income and members counted for income."""

    annual_net_income: Decimal | None
    income_member_count: int
    id: str = "H-1"


def line_on(params: ParameterSet, on: dt.date = ON) -> Decimal:
    return monitoring_line(params, on).line


@pytest.fixture(params=["default", "reform 6500"])
def params(request: pytest.FixtureRequest) -> ParameterSet:
    base = default_parameters()
    if request.param == "default":
        return base
    return base.reform({"monitoring.monitoring_line": "6500"}, name="line 6500")


def test_default_line_is_standard_times_multiplier() -> None:
    """The 2021 line is the standard times the multiplier, both read from the set."""
    p = default_parameters()
    expected = p.decimal("monitoring.poverty_standard", ON) * p.decimal("monitoring.multiplier", ON)
    assert line_on(p) == expected


def test_set_line_replaces_the_product() -> None:
    """A dated monitoring line is used instead of standard × multiplier."""
    p = default_parameters().reform({"monitoring.monitoring_line": "6500"})
    assert line_on(p) == p.decimal("monitoring.monitoring_line", ON)


@pytest.mark.parametrize("members", [1, 3, 7])
def test_just_below_at_and_just_above_the_line(params: ParameterSet, members: int) -> None:
    """One fen below the line is in range; exactly at and above it are not."""
    line = line_on(params)
    n = Decimal(members)
    below = income_screen(Subject((line - FEN) * n, members), params, ON)
    at = income_screen(Subject(line * n, members), params, ON)
    above = income_screen(Subject((line + FEN) * n, members), params, ON)
    assert below.outcome is Outcome.YES
    assert at.outcome is Outcome.NO
    assert above.outcome is Outcome.NO


def test_rounding_parameter_decides_a_sub_fen_quotient() -> None:
    """5,999.995 per head is below 6,000 exactly, but not after rounding to the fen."""
    base = default_parameters()
    line = line_on(base)
    income = line * 2 - FEN  # per head: line - 0.005
    assert income_screen(Subject(income, 2), base, ON).outcome is Outcome.YES
    fen = base.reform({"monitoring.per_capita_rounding": "fen"})
    assert income_screen(Subject(income, 2), fen, ON).outcome is Outcome.NO


def test_income_not_assessed_is_insufficient_data() -> None:
    """An unassessed income names the field and is never 'not below'."""
    f = income_screen(Subject(None, 3), default_parameters(), ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("annual_net_income",)
    assert "annual_net_income" in f.reason("en")


def test_no_member_counted_is_insufficient_data() -> None:
    """A household with nobody counted for income cannot be screened."""
    f = income_screen(Subject(Decimal(100), 0), default_parameters(), ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA


def test_reason_carries_the_compared_values_in_both_languages() -> None:
    """The reasons show per-capita income and the line, formatted to the fen."""
    p = default_parameters()
    line = line_on(p)
    f = income_screen(Subject(line - FEN, 1), p, ON)
    zh, en = f.reason("zh"), f.reason("en")
    assert "5,999.99" in zh and "6,000.00" in zh and "低于监测线" in zh
    assert "5,999.99" in en and "6,000.00" in en and "below" in en


def test_finding_lists_the_parameters_with_sources() -> None:
    """The finding names each parameter value it used and where the value comes from."""
    f = income_screen(Subject(Decimal(1000), 1), default_parameters(), ON)
    names = {v.name for v in f.used}
    assert {"monitoring.poverty_standard", "monitoring.multiplier"} <= names
    assert all(v.source or v.assumption for v in f.used)


def test_line_in_force_on_the_evaluation_date() -> None:
    """A line set from 2023 applies from 2023 only; earlier dates keep the product."""
    p = default_parameters().reform(
        {"monitoring.monitoring_line": [{"start": dt.date(2023, 1, 1), "value": "7000"}]})
    assert line_on(p, dt.date(2022, 12, 31)) == line_on(default_parameters())
    assert line_on(p, dt.date(2023, 1, 1)) == p.decimal("monitoring.monitoring_line",
                                                        dt.date(2023, 1, 1))


# ---------------------------------------------------------------- properties and diffs


@attrs.frozen
class ScreenDecision:
    """A minimal decision: whether the household is in the monitoring range."""

    in_range: bool | None

    def aspects(self) -> dict[str, object]:
        return {"in_range": self.in_range}

    def to_json(self) -> dict[str, Any]:
        return {"in_range": self.in_range}

    def summary(self, lang: str) -> str:
        return str(self.in_range)


def screen(s: Subject, params: ParameterSet, on: dt.date) -> Assessment[ScreenDecision]:
    f = income_screen(s, params, on)
    in_range = None if f.outcome is Outcome.INSUFFICIENT_DATA else f.holds
    return Assessment(s.id, on, (f,), ScreenDecision(in_range), (),
                      Provenance.of(params, on, "0" * 64))


incomes = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False,
                      allow_infinity=False)
subjects = st.builds(Subject, incomes, st.integers(1, 9), st.uuids().map(str))


@given(subjects)
def test_rules_are_deterministic(s: Subject) -> None:
    """The same subject, parameters and date give equal findings."""
    p = default_parameters()
    assert income_screen(s, p, ON) == income_screen(s, p, ON)


@given(subjects)
def test_empty_reform_changes_nothing(s: Subject) -> None:
    """An empty reform is the base set and gives the same finding."""
    p = default_parameters()
    r = p.reform({}, name="empty")
    assert r.fingerprint == p.fingerprint
    assert income_screen(s, r, ON) == income_screen(s, p, ON)


@given(st.lists(subjects, max_size=30), st.decimals(min_value=0, max_value=5000, places=2))
def test_raising_the_line_never_removes_a_household(pop: list[Subject], rise: Decimal) -> None:
    """A higher line only moves households into the range (the diff is one-directional)."""
    base = default_parameters()
    higher = base.reform({"monitoring.monitoring_line": str(line_on(base) + rise)})
    diff = impact_diff_of(pop, base, higher, ON, screen)
    changes = list(diff)
    assert all(c.kind == "entered" for ch in changes for c in ch.changes)
    assert diff.summary.seen == len(pop)
    assert diff.summary.changed == len(changes)


@given(subjects, st.decimals(min_value=0, max_value=10_000, places=2))
def test_raising_income_never_adds_an_income_risk(s: Subject, extra: Decimal) -> None:
    """More income, all else equal, never turns NO into YES."""
    p = default_parameters()
    assert s.annual_net_income is not None
    richer = attrs.evolve(s, annual_net_income=CONTEXT.add(s.annual_net_income, extra))
    if income_screen(s, p, ON).outcome is Outcome.NO:
        assert income_screen(richer, p, ON).outcome is Outcome.NO
