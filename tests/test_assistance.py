"""AST-01..12: the measure table, labor-capacity layers, safety net and visits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from revitalize.models import (
    EmploymentStatus,
    Household,
    LaborCapacity,
    LeftBehind,
    Member,
    NoCapacityReason,
    PovertyStatus,
    SafetyNetStatus,
    SchoolStatus,
    SelfCare,
)
from revitalize.models.monitoring import MeasureType, RiskType
from revitalize.money import CONTEXT
from revitalize.policy import assistance as ast
from revitalize.policy.engine import Outcome
from revitalize.policy.income import monitoring_line
from revitalize.policy.monitoring import assess_household
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
    h = household(person("G", 75, LaborCapacity.NONE, NoCapacityReason.ELDERLY,
                         has_legal_supporter=True),
                  person("C1", 9, LaborCapacity.NONE, NoCapacityReason.MINOR),
                  person("C2", 12, LaborCapacity.NONE, NoCapacityReason.MINOR))
    p = ast.capacity_profile(h, params, ON)
    assert p.lost == ("G",)
    assert p.dependants == ("C1", "C2")
    choice = ast.safety_net_choice(h, p, True)
    measures = ast.plan_measures((RiskType.INCOME,), p, safety_net=choice)
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
    """Age decides before the record: a minor recorded with full capacity and not in work is
    not a worker; whether the minor works, when not assessed, is missing data."""
    majority = params.integer("assistance.age_of_majority", ON)
    young = person("C", majority - 1, LaborCapacity.FULL,
                   employment_status=EmploymentStatus.NOT_EMPLOYED)
    adult = person("A", majority, LaborCapacity.FULL)
    p = ast.capacity_profile(household(young, adult), params, ON)
    assert p.dependants == ("C",) and p.able == ("A",)
    alone = ast.capacity_profile(household(young), params, ON)
    assert alone.able == ()
    unknown = ast.capacity_profile(household(attrs.evolve(
        young, employment_status=EmploymentStatus.NOT_ASSESSED)), params, ON)
    assert unknown.missing == ("members[0].employment_status",)
    assert unknown.has_able_member is None


def test_students_are_not_lost_capacity(params: ParameterSet) -> None:
    """An adult student without labor capacity is a dependant."""
    p = ast.capacity_profile(household(person("S", 20, LaborCapacity.NONE,
                                              NoCapacityReason.STUDENT)), params, ON)
    assert p.lost == () and p.dependants == ("S",)


def test_safety_net_choice(params: ParameterSet) -> None:
    """Beside an able member: single-person allowance; without capacity and without a legal
    supporter able to support: extreme poverty; with one: the household allowance."""
    def choice(*members: Member) -> ast.SafetyNetChoice:
        h = household(*members)
        return ast.safety_net_choice(h, ast.capacity_profile(h, params, ON), True)

    able = person("A", 45, LaborCapacity.FULL)
    lost = person("L", 70, LaborCapacity.NONE, NoCapacityReason.ELDERLY, has_legal_supporter=True)
    child = person("C", 8, LaborCapacity.NONE, NoCapacityReason.MINOR)
    assert choice(able, lost).single_person == ("L",)
    assert choice(attrs.evolve(lost, has_legal_supporter=False)).extreme_poverty == ("L",)
    assert choice(lost, child).allowance == ("L",)
    assert choice(attrs.evolve(lost, has_legal_supporter=None)).missing == (
        "members[0].has_legal_supporter",)


def test_mixed_household_gets_both_layers(params: ParameterSet) -> None:
    """AST-08: able and lost members together get developmental and safety-net measures."""
    h = household(person("A", 45, LaborCapacity.FULL),
                  person("L", 50, LaborCapacity.NONE, NoCapacityReason.ILLNESS,
                         has_legal_supporter=True))
    p = ast.capacity_profile(h, params, ON)
    types = {m.type: m for m in ast.plan_measures((RiskType.INCOME,), p,
                                                  safety_net=ast.safety_net_choice(h, p, True))}
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


# --------------------------------------------------------------------------- who counts as labor


def test_an_unassessed_member_is_insufficient_data_beside_an_able_one(
        params: ParameterSet) -> None:
    """AST-08: an able member does not hide another member whose capacity was not assessed."""
    unknown = ast.capacity_finding(ast.capacity_profile(household(
        person("A", 40, LaborCapacity.FULL), person("X", 45, LaborCapacity.NOT_ASSESSED)),
        params, ON))
    assert unknown.outcome is Outcome.INSUFFICIENT_DATA
    assert unknown.missing == ("members[1].labor_capacity",)
    assessed = ast.capacity_finding(ast.capacity_profile(household(
        person("A", 40, LaborCapacity.FULL), person("X", 45, LaborCapacity.FULL)), params, ON))
    assert assessed.outcome is Outcome.YES


def test_the_unassessed_member_reaches_the_decision(params: ParameterSet) -> None:
    """A household in range names the member whose capacity is unknown (never a silent no)."""
    h = baseline_household(ON)
    x = attrs.evolve(h.members[1], labor_capacity=LaborCapacity.NOT_ASSESSED)
    poor = attrs.evolve(h, members=(h.members[0], x, h.members[2]),
                        annual_net_income=Decimal(100), last_year_net_income=Decimal(100))
    d = assess_household(poor, params, ON).decision
    assert d.in_range is True
    assert ("AST-08", "members[1].labor_capacity") in d.insufficient_data


def worker(mid: str, age: int, **kw: object) -> Member:
    return person(mid, age, LaborCapacity.FULL, school_status=kw.pop(
        "school_status", SchoolStatus.NOT_APPLICABLE), employment_status=kw.pop(
        "employment_status", EmploymentStatus.EMPLOYED_LOCALLY), **kw)


def test_a_working_youth_out_of_school_counts_from_the_minimum_working_age(
        params: ParameterSet) -> None:
    """《劳动法》第十五条: out of school and working at the minimum working age is labor; a year
    younger is a dependant whatever the record says."""
    age = params.integer("assistance.minimum_working_age", ON)
    assert age < params.integer("assistance.age_of_majority", ON)
    p = ast.capacity_profile(household(worker("T", age)), params, ON)
    assert p.able == ("T",) and p.dependants == ()
    p = ast.capacity_profile(household(worker("Y", age - 1)), params, ON)
    assert p.able == () and p.dependants == ("Y",)


def test_a_youth_in_school_or_not_working_is_a_dependant(params: ParameterSet) -> None:
    """Between the working age and majority, a pupil or a youth without work is a dependant."""
    age = params.integer("assistance.minimum_working_age", ON)
    pupil = worker("P", age, school_status=SchoolStatus.IN_SCHOOL_IN_COUNTY)
    idle = worker("I", age, employment_status=EmploymentStatus.NOT_EMPLOYED)
    p = ast.capacity_profile(household(pupil, idle), params, ON)
    assert p.able == () and p.dependants == ("P", "I")


def test_an_adult_in_school_is_a_student_not_labor(params: ParameterSet) -> None:
    """Student status comes before the recorded capacity, for adults too."""
    student = worker("S", 20, school_status=SchoolStatus.IN_SCHOOL_OUTSIDE_COUNTY)
    p = ast.capacity_profile(household(student), params, ON)
    assert p.able == () and p.dependants == ("S",)
    p = ast.capacity_profile(household(worker("S", 20)), params, ON)
    assert p.able == ("S",)


# --------------------------------------------------------------------------- AST-05 and 特困


def below_line(h: Household, params: ParameterSet, fen: Decimal = Decimal("0.01")) -> Household:
    """``h`` with per-capita income ``fen`` below the monitoring line (this year and last)."""
    line = monitoring_line(params, ON).line
    total = CONTEXT.multiply(line - fen, Decimal(h.income_member_count))
    return attrs.evolve(h, annual_net_income=total, last_year_net_income=total)


def nets(d: object) -> dict[MeasureType, tuple[str, ...]]:
    kinds = (MeasureType.MINIMUM_ALLOWANCE, MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON,
             MeasureType.EXTREME_POVERTY_SUPPORT)
    return {m.type: m.members for m in (*d.measures, *d.referrals)  # type: ignore[attr-defined]
            if m.type in kinds}


def with_member(h: Household, i: int, **kw: object) -> Household:
    members = list(h.members)
    members[i] = attrs.evolve(members[i], **kw)  # type: ignore[arg-type]
    return attrs.evolve(h, members=tuple(members))


def cared() -> Household:
    """The baseline household with every member's self-care assessed as self-sufficient."""
    h = baseline_household(ON)
    return attrs.evolve(h, members=tuple(attrs.evolve(m, self_care=SelfCare.SELF_SUFFICIENT)
                                         for m in h.members))


def test_a_semi_disabled_worker_of_a_lifted_household_without_income_gets_the_safety_net(
        params: ParameterSet) -> None:
    """AST-05: 半失能 and no stable income (below the line) brings the safety net for the member
    whatever the household's labor profile; with income at the line it does not."""
    h = with_member(cared(), 1, labor_capacity=LaborCapacity.HALF,
                    self_care=SelfCare.SEMI_DISABLED)
    a = assess_household(below_line(h, params), params, ON)
    assert a.finding("AST-05").outcome is Outcome.YES
    assert nets(a.decision) == {MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON: ("M2",)}
    at = assess_household(below_line(h, params, Decimal(0)), params, ON)
    assert at.finding("AST-05").outcome is Outcome.NO
    assert nets(at.decision) == {}


def test_self_sufficient_or_never_registered_gets_no_self_care_safety_net(
        params: ParameterSet) -> None:
    """Self-care decides, and only for people lifted out of poverty (脱贫人口)."""
    h = with_member(cared(), 1, labor_capacity=LaborCapacity.HALF,
                    self_care=SelfCare.SELF_SUFFICIENT)
    assert nets(assess_household(below_line(h, params), params, ON).decision) == {}
    semi = with_member(cared(), 1, labor_capacity=LaborCapacity.HALF,
                       self_care=SelfCare.SEMI_DISABLED)
    never = attrs.evolve(semi, poverty_status=PovertyStatus.NEVER_REGISTERED, lifted_year=None)
    assert nets(assess_household(below_line(never, params), params, ON).decision) == {}


def test_an_unassessed_self_care_is_insufficient_data(params: ParameterSet) -> None:
    """Without stable income, a member whose self-care was not assessed is named."""
    h = with_member(cared(), 1, self_care=None)
    a = assess_household(below_line(h, params), params, ON)
    f = a.finding("AST-05")
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("members[1].self_care",)
    assert ("AST-05", "members[1].self_care") in a.decision.insufficient_data


def test_the_stable_income_test_is_a_named_reading(params: ParameterSet) -> None:
    """assistance.no_stable_income_test = below_near_line_band: between the line and the band a
    semi-disabled member gets the safety net (as a referral when the household is not in range)."""
    semi = with_member(cared(), 1, labor_capacity=LaborCapacity.HALF,
                       self_care=SelfCare.SEMI_DISABLED)
    h = below_line(semi, params, -monitoring_line(params, ON).line / 10)  # 1.1 × the line
    assert nets(assess_household(h, params, ON).decision) == {}
    wide = params.reform({"assistance.no_stable_income_test": "below_near_line_band"},
                         name="band")
    d = assess_household(h, wide, ON).decision
    assert d.in_range is False
    assert nets(d) == {MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON: ("M2",)}


def elder(**kw: object) -> Member:
    return person("L", 75, LaborCapacity.NONE, NoCapacityReason.ELDERLY,
                  self_care=SelfCare.SELF_SUFFICIENT, **kw)


def test_extreme_poverty_support_needs_no_able_legal_supporter(params: ParameterSet) -> None:
    """《社会救助暂行办法》第十四条: without capacity, income and a legal supporter able to
    support, 特困; with such a supporter, 低保."""
    alone = below_line(household(elder(has_legal_supporter=False)), params)
    assert nets(assess_household(alone, params, ON).decision) == {
        MeasureType.EXTREME_POVERTY_SUPPORT: ("L",)}
    supported = below_line(household(elder(has_legal_supporter=True)), params)
    assert nets(assess_household(supported, params, ON).decision) == {
        MeasureType.MINIMUM_ALLOWANCE: ("L",)}


def test_an_unknown_supporter_is_insufficient_data_not_a_choice(params: ParameterSet) -> None:
    """With the supporter unknown, no safety net is picked and the field is named."""
    h = below_line(household(elder()), params)
    a = assess_household(h, params, ON)
    assert nets(a.decision) == {}
    assert ("AST-05", "members[0].has_legal_supporter") in a.decision.insufficient_data
    assert a.finding("AST-05").outcome is Outcome.INSUFFICIENT_DATA


def test_the_safety_net_reason_names_no_member(params: ParameterSet) -> None:
    """Self-care is a health detail: AST-05's reasons give counts, never a member id."""
    h = with_member(cared(), 1, labor_capacity=LaborCapacity.HALF,
                    self_care=SelfCare.DISABLED)
    f = assess_household(below_line(h, params), params, ON).finding("AST-05")
    assert f.outcome is Outcome.YES
    assert "M2" not in f.reason("zh") and "M2" not in f.reason("en")
    assert "M2" not in repr(f.to_json()["values"])
