"""AST-01..12: the measure table, labor-capacity layers, safety net and visits."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from revitalize.models import (
    Household,
    LaborCapacity,
    LeftBehind,
    Member,
    NoCapacityReason,
    PovertyStatus,
    SafetyNetStatus,
)
from revitalize.models.monitoring import MeasureType, RiskType
from revitalize.policy import assistance as ast
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.testing.population import baseline_household

ON = dt.date(2023, 6, 1)


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def person(mid: str, age: int, capacity: LaborCapacity,
           reason: NoCapacityReason | None = None, **kw: object) -> Member:
    return Member(id=mid, birth_date=ON - relativedelta(years=age, days=20),
                  labor_capacity=capacity, no_capacity_reason=reason, **kw)  # type: ignore[arg-type]


def household(*members: Member) -> Household:
    return Household(id="H-1", town="丛林镇", village="海孔村",
                     poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2018,
                     members=members)


# --------------------------------------------------------------------------- AST-01


def test_measure_table_is_complete_without_overlaps() -> None:
    """Every (risk type, layer) pair matches exactly one row."""
    check = ast.MEASURE_TABLE.check()
    assert check.ok, str(check)


@pytest.mark.parametrize("row", ast.MEASURE_TABLE.row_ids())
def test_deleting_any_row_leaves_a_gap(row: str) -> None:
    """Removing one row leaves a (risk, layer) pair without a measure."""
    check = ast.MEASURE_TABLE.without_row(row).check()
    assert check.gaps, row


def test_every_risk_has_a_measure_with_department_timing_and_funding() -> None:
    """Each risk type in each layer maps to at least one measure (AST-01, AST-12)."""
    for risk in RiskType:
        for layer in ast.SupportLayer:
            specs = ast.measures_for(risk, layer)
            assert specs, (risk, layer)
            assert all(s.department and s.timing and s.funding for s in specs)


def test_income_measures_split_by_layer() -> None:
    """Income below the line: developmental for the able, the safety net for the others."""
    dev = {s.type for s in ast.measures_for(RiskType.INCOME, ast.SupportLayer.DEVELOPMENTAL)}
    net = {s.type for s in ast.measures_for(RiskType.INCOME, ast.SupportLayer.SAFETY_NET)}
    assert dev == {MeasureType.DEVELOPMENTAL_INDUSTRY, MeasureType.DEVELOPMENTAL_EMPLOYMENT}
    assert net == {MeasureType.MINIMUM_ALLOWANCE}


@pytest.mark.parametrize(("risk", "kind"), [
    (RiskType.ILLNESS, MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE),
    (RiskType.DISABILITY, MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE),
    (RiskType.DISASTER, MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY),
    (RiskType.ACCIDENT, MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY),
    (RiskType.HOUSING, None),
])
def test_temporary_assistance_type(risk: RiskType, kind: MeasureType | None) -> None:
    """Illness and disability call for expenditure-type aid, disaster and accident emergency."""
    assert ast.temporary_assistance_type(risk) is kind


# --------------------------------------------------------------------------- AST-02


def test_plan_kind_counts_risk_types() -> None:
    """One risk type is a single-measure plan, two are comprehensive, none is no plan."""
    assert ast.plan_kind(()) is None
    assert ast.plan_kind((RiskType.WATER, RiskType.WATER)) is ast.PlanKind.SINGLE
    assert ast.plan_kind((RiskType.WATER, RiskType.HOUSING)) is ast.PlanKind.COMPREHENSIVE


# --------------------------------------------------------------------------- AST-03/05/08


@pytest.mark.parametrize("capacity", [LaborCapacity.FULL, LaborCapacity.WEAK, LaborCapacity.HALF])
def test_weak_and_half_labor_count_as_able(params: ParameterSet, capacity: LaborCapacity) -> None:
    """A weak or half labor member makes the household labor-able (developmental)."""
    p = ast.capacity_profile(household(person("M1", 50, capacity)), params, ON)
    assert p.able == ("M1",)
    assert p.layers == (ast.SupportLayer.DEVELOPMENTAL,)


def test_children_are_not_lost_capacity(params: ParameterSet) -> None:
    """Children and one elderly person without capacity: only the elderly has lost capacity."""
    h = household(person("G", 75, LaborCapacity.NONE, NoCapacityReason.ELDERLY),
                  person("C1", 9, LaborCapacity.NONE, NoCapacityReason.MINOR),
                  person("C2", 12, LaborCapacity.NONE, NoCapacityReason.MINOR))
    p = ast.capacity_profile(h, params, ON)
    assert p.lost == ("G",)
    assert p.dependants == ("C1", "C2")
    measures = ast.plan_measures((RiskType.INCOME,), p)
    (net,) = [m for m in measures if m.type in (MeasureType.MINIMUM_ALLOWANCE,
                                                MeasureType.EXTREME_POVERTY_SUPPORT,
                                                MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON)]
    assert net.members == ("G",)
    assert net.type is MeasureType.MINIMUM_ALLOWANCE


def test_minor_by_age_even_without_a_reason(params: ParameterSet) -> None:
    """A member under the age of majority is a dependant whatever the record says."""
    majority = params.integer("assistance.age_of_majority", ON)
    young = person("C", majority - 1, LaborCapacity.NONE, NoCapacityReason.DISABILITY)
    adult = person("A", majority, LaborCapacity.NONE, NoCapacityReason.DISABILITY)
    p = ast.capacity_profile(household(young, adult), params, ON)
    assert p.dependants == ("C",) and p.lost == ("A",)


def test_minor_recorded_as_able_is_still_a_dependant(params: ParameterSet) -> None:
    """Age decides before the record: a minor recorded with full capacity is not a worker."""
    majority = params.integer("assistance.age_of_majority", ON)
    young = person("C", majority - 1, LaborCapacity.FULL)
    adult = person("A", majority, LaborCapacity.FULL)
    p = ast.capacity_profile(household(young, adult), params, ON)
    assert p.dependants == ("C",) and p.able == ("A",)
    alone = ast.capacity_profile(household(young), params, ON)
    assert alone.able == ()


def test_students_are_not_lost_capacity(params: ParameterSet) -> None:
    """An adult student without labor capacity is a dependant."""
    p = ast.capacity_profile(household(person("S", 20, LaborCapacity.NONE,
                                              NoCapacityReason.STUDENT)), params, ON)
    assert p.lost == () and p.dependants == ("S",)


def test_safety_net_choice() -> None:
    """Mixed household: single-person allowance; lost only: extreme poverty; else allowance."""
    maj = default_parameters().get("assistance.age_of_majority", ON)

    def profile(able: tuple[str, ...], lost: tuple[str, ...],
                dependants: tuple[str, ...]) -> ast.CapacityProfile:
        return ast.CapacityProfile(able, lost, dependants, (), (), maj)

    assert ast.safety_net_measure(profile(("A",), ("L",), ())) is (
        MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON)
    assert ast.safety_net_measure(profile((), ("L",), ())) is MeasureType.EXTREME_POVERTY_SUPPORT
    assert ast.safety_net_measure(profile((), ("L",), ("C",))) is MeasureType.MINIMUM_ALLOWANCE


def test_mixed_household_gets_both_layers(params: ParameterSet) -> None:
    """AST-08: able and lost members together get developmental and safety-net measures."""
    h = household(person("A", 45, LaborCapacity.FULL),
                  person("L", 50, LaborCapacity.NONE, NoCapacityReason.ILLNESS))
    p = ast.capacity_profile(h, params, ON)
    types = {m.type: m for m in ast.plan_measures((RiskType.INCOME,), p)}
    assert types[MeasureType.DEVELOPMENTAL_INDUSTRY].members == ("A",)
    assert types[MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON].members == ("L",)
    assert "AST-07" in types[MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON].rules


def test_unknown_capacity_gives_only_layer_free_measures(params: ParameterSet) -> None:
    """With capacity not assessed, income gets no measure (the layer is unknown), water does."""
    p = ast.capacity_profile(household(person("X", 40, LaborCapacity.NOT_ASSESSED)), params, ON)
    assert p.layers == () and p.missing == ("members[0].labor_capacity",)
    assert ast.plan_measures((RiskType.INCOME,), p) == ()
    assert {m.type for m in ast.plan_measures((RiskType.WATER,), p)} == {MeasureType.WATER_SUPPLY}
    assert ast.capacity_finding(p).outcome is Outcome.INSUFFICIENT_DATA


def test_no_risk_no_measure(params: ParameterSet) -> None:
    """A plan without risks has no measures, whatever the members."""
    p = ast.capacity_profile(baseline_household(ON), params, ON)
    assert ast.plan_measures((), p, home_teaching=("M3",), visits=("M1",)) == ()


def test_uncovered_safety_net_needs_an_income_risk(params: ParameterSet) -> None:
    """AST-10: lost-capacity members not covered are listed only without stable income."""
    covered = person("C", 70, LaborCapacity.NONE, NoCapacityReason.ELDERLY,
                     safety_net=SafetyNetStatus.MINIMUM_ALLOWANCE)
    bare = person("B", 72, LaborCapacity.NONE, NoCapacityReason.ELDERLY)
    p = ast.capacity_profile(household(covered, bare), params, ON)
    assert ast.uncovered_safety_net(p, (RiskType.INCOME,)) == ("B",)
    assert ast.uncovered_safety_net(p, (RiskType.HOUSING,)) == ()


# --------------------------------------------------------------------------- AST-04, AST-06


def test_causes_name_no_member() -> None:
    """Illness and disaster are found as causes; the reason names no member (health data)."""
    h = baseline_household(ON)
    ill = attrs.evolve(h.members[0], serious_illness=True)
    h = attrs.evolve(h, members=(ill, *h.members[1:]),
                     rigid_expenditure=attrs.evolve(h.rigid_expenditure,
                                                    disaster_loss=h.annual_net_income))
    f = ast.cause_finding(h)
    assert f.values["causes"] == (RiskType.ILLNESS, RiskType.DISASTER)
    assert "M1" not in f.reason("zh") and "M1" not in f.reason("en")


def test_motivation() -> None:
    """Insufficient motivation is a risk; not assessed is insufficient data."""
    from revitalize.models import Motivation

    h = baseline_household(ON)
    assert ast.motivation_finding(attrs.evolve(h, motivation=Motivation.INSUFFICIENT)).holds
    assert ast.motivation_finding(attrs.evolve(h, motivation=Motivation.NOT_ASSESSED)).outcome is (
        Outcome.INSUFFICIENT_DATA)


# --------------------------------------------------------------------------- AST-09


def test_visit_priority_groups(params: ParameterSet) -> None:
    """Empty-nest and left-behind elderly, scattered extreme-poverty elderly and children lead."""
    elderly = params.integer("assistance.elderly_age", ON)
    h = household(
        person("E", 80, LaborCapacity.NONE, NoCapacityReason.ELDERLY,
               left_behind=LeftBehind.EMPTY_NEST_ELDERLY),
        person("S", elderly, LaborCapacity.NONE, NoCapacityReason.ELDERLY,
               safety_net=SafetyNetStatus.EXTREME_POVERTY_SUPPORT),
        person("Y", elderly - 1, LaborCapacity.NONE, NoCapacityReason.DISABILITY,
               safety_net=SafetyNetStatus.EXTREME_POVERTY_SUPPORT),
        person("C", 8, LaborCapacity.NONE, NoCapacityReason.MINOR, left_behind=LeftBehind.CHILD),
        person("W", 35, LaborCapacity.FULL, left_behind=LeftBehind.WOMAN),
    )
    got = {v.member_id: v.group for v in ast.visit_priority(h, params, ON)}
    assert got == {"E": ast.VisitGroup.EMPTY_NEST_ELDERLY,
                   "S": ast.VisitGroup.SCATTERED_EXTREME_POVERTY_ELDERLY,
                   "C": ast.VisitGroup.LEFT_BEHIND_CHILD, "W": ast.VisitGroup.LEFT_BEHIND_WOMAN}
    assert not ast.VisitGroup.LEFT_BEHIND_WOMAN.priority
