"""MON-07, MON-08, MON-09, AST-09, AST-10: the case life cycle, its time limits and checks."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import IllegalTransitionError, RevitalizeError
from revitalize.models import (
    AssistanceKind,
    CaseStatus,
    Department,
    EntryChannel,
    Household,
    LaborCapacity,
    LeftBehind,
    Measure,
    MeasureFunding,
    MeasureTiming,
    MeasureType,
    Member,
    MonitoringCase,
    MonitoringCategory,
    NoCapacityReason,
    PovertyStatus,
    RiskType,
    SafetyNetStatus,
)
from revitalize.models.household import EmploymentStatus, SchoolStatus
from revitalize.policy import assistance as ast
from revitalize.policy import cases as C
from revitalize.policy.cases import (
    CaseFile,
    DeadlineState,
    EliminationCause,
    NoticePeriod,
    Screening,
    TransitionRefusedError,
    transition,
)
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.testing.strategies import ASSESSMENT_DATE, households, monitoring_cases

S = CaseStatus
D = dt.date(2022, 1, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def days(n: int) -> dt.date:
    return D + relativedelta(days=n)


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def integer(params: ParameterSet, name: str, on: dt.date = D) -> int:
    return params.integer(name, on)


def member(mid: str = "M1", capacity: LaborCapacity = LaborCapacity.FULL,
           **kw: Any) -> Member:
    return Member(id=mid, birth_date=dt.date(1960, 1, 1), labor_capacity=capacity, **kw)


def household(*members: Member, **kw: Any) -> Household:
    return Household(id="H-1", town="丛林镇", village="海孔村",
                     poverty_status=PovertyStatus.NEVER_REGISTERED,
                     members=members or (member(),), **kw)


def measure(start: dt.date, type: MeasureType = MeasureType.DEVELOPMENTAL_EMPLOYMENT,
            member_id: str | None = None) -> Measure:
    return Measure(type=type, department=Department.HUMAN_RESOURCES_SOCIAL_SECURITY, start=start,
                   timing=MeasureTiming.AFTER_THE_EVENT, funding=MeasureFunding.SECTOR_POLICY,
                   member_id=member_id)


QUALIFYING = Screening(days(1), True, (RiskType.INCOME,))
NOT_QUALIFYING = Screening(days(1), False)
CLEAN = (Screening(days(30), False), Screening(days(200), False))
ELIMINATE_ON = dt.date(2022, 8, 10)
EXIT_ON = dt.date(2022, 9, 1)


def evidence(source: CaseStatus, target: CaseStatus) -> tuple[dt.date, dict[str, Any]]:
    """A date and the evidence that satisfy the guard of ``source`` → ``target``."""
    if target is S.VERIFIED:
        return days(5), {}
    if target is S.REJECTED:
        return days(12), {"screenings": (NOT_QUALIFYING,)}
    if target is S.INCLUDED:
        return days(12), {"screenings": (QUALIFYING,), "category": MonitoringCategory.MARGINAL,
                          "notice": NoticePeriod(days(6), days(10))}
    if target is S.ASSISTED:
        return days(20), {"measures": (measure(days(15)),)}
    if target is S.RISK_ELIMINATED:
        return ELIMINATE_ON, {"household": household(), "screenings": (QUALIFYING, *CLEAN)}
    if target is S.EXITED:
        return EXIT_ON, {"screenings": (QUALIFYING, *CLEAN)}
    return days(0), {}


_PATH = (S.CLUE, S.VERIFIED, S.INCLUDED, S.ASSISTED, S.RISK_ELIMINATED, S.EXITED)


def case_at(status: CaseStatus, params: ParameterSet) -> MonitoringCase:
    """A case brought to ``status`` through legal, guarded moves."""
    case = C.open_case("C-1", "H-1", EntryChannel.SELF_DECLARATION, D, "丛林镇", "海孔村")
    if status is S.REJECTED:
        on, kw = evidence(S.CLUE, S.REJECTED)
        return transition(case, S.REJECTED, on, params, **kw)
    for previous, target in itertools.pairwise(_PATH[: _PATH.index(status) + 1]):
        on, kw = evidence(previous, target)
        case = transition(case, target, on, params, **kw)
    return case


# --------------------------------------------------------------------------- the machine


@pytest.mark.parametrize(("source", "target"), list(itertools.product(CaseStatus, CaseStatus)),
                         ids=lambda s: s.value)
def test_every_pair_is_legal_or_raises_naming_the_allowed_moves(
        params: ParameterSet, source: CaseStatus, target: CaseStatus) -> None:
    """A legal move appends a dated change; an illegal one names the state and the moves."""
    case = case_at(source, params)
    on, kw = evidence(source, target)
    allowed = C.TRANSITIONS[source]
    if target in allowed:
        moved = transition(case, target, on, params, **kw)
        assert moved.status is target
        assert moved.history[:-1] == case.history
        assert (moved.history[-1].on, moved.history[-1].from_status,
                moved.history[-1].to_status) == (on, source, target)
        assert case.status is source  # the input is unchanged
    else:
        with pytest.raises(IllegalTransitionError) as err:
            transition(case, target, on, params, **kw)
        assert err.value.state == source.value
        assert err.value.allowed == tuple(a.value for a in allowed)
        message = str(err.value)
        assert repr(source.value) in message
        for move in allowed:
            assert move.value in message
        if not allowed:
            assert "final state" in message


def test_the_machine_has_the_catalog_moves() -> None:
    """The moves are the catalog's chain plus rejection at verification."""
    assert {(a, b) for a, moves in C.TRANSITIONS.items() for b in moves} == {
        (S.CLUE, S.VERIFIED), (S.CLUE, S.REJECTED), (S.VERIFIED, S.INCLUDED),
        (S.VERIFIED, S.REJECTED), (S.INCLUDED, S.ASSISTED), (S.ASSISTED, S.RISK_ELIMINATED),
        (S.RISK_ELIMINATED, S.EXITED)}


def test_a_date_before_the_last_change_is_refused(params: ParameterSet) -> None:
    """Moving on a day before the last change raises; the same day is allowed."""
    case = case_at(S.VERIFIED, params)
    last = case.history[-1].on
    _, kw = evidence(S.VERIFIED, S.REJECTED)
    with pytest.raises(TransitionRefusedError) as err:
        transition(case, S.REJECTED, last - relativedelta(days=1), params, **kw)
    assert err.value.finding.rule_id == "MON-07.date"
    assert last.isoformat() in err.value.finding.reason("zh")
    assert isinstance(err.value, RevitalizeError)
    assert transition(case, S.REJECTED, last, params, **kw).status is S.REJECTED


def test_rejecting_a_qualifying_case_is_refused(params: ParameterSet) -> None:
    """应纳尽纳: a verified case whose screening qualifies cannot be rejected."""
    case = case_at(S.VERIFIED, params)
    with pytest.raises(TransitionRefusedError) as err:
        transition(case, S.REJECTED, days(12), params, screenings=(QUALIFYING,))
    assert err.value.finding.rule_id == "MON-07.qualifies"


def test_inclusion_needs_screening_category_and_notice(params: ParameterSet) -> None:
    """Each missing piece of evidence refuses the inclusion with its own finding."""
    case = case_at(S.VERIFIED, params)
    on, kw = evidence(S.VERIFIED, S.INCLUDED)
    for drop, rule in (("screenings", "MON-07.qualifies"), ("category", "MON-07.qualifies"),
                       ("notice", "MON-07.notice")):
        partial = {k: v for k, v in kw.items() if k != drop}
        with pytest.raises(TransitionRefusedError) as err:
            transition(case, S.INCLUDED, on, params, **partial)
        assert err.value.finding.rule_id == rule, drop
        assert err.value.finding.outcome is Outcome.INSUFFICIENT_DATA


def test_a_notice_before_verification_or_ending_after_the_decision_is_refused(
        params: ParameterSet) -> None:
    """The notice lies between the verification and the inclusion."""
    case = case_at(S.VERIFIED, params)
    on, kw = evidence(S.VERIFIED, S.INCLUDED)
    m = integer(params, "cases.notice_days")
    early = NoticePeriod(days(4), days(4 + m))
    late = NoticePeriod(days(6), on + relativedelta(days=1))
    for notice in (early, late):
        with pytest.raises(TransitionRefusedError) as err:
            transition(case, S.INCLUDED, on, params, **{**kw, "notice": notice})
        assert err.value.finding.rule_id == "MON-07.date"


def test_assisting_needs_a_started_measure(params: ParameterSet) -> None:
    """Without a measure started by the date the move is refused."""
    case = case_at(S.INCLUDED, params)
    with pytest.raises(TransitionRefusedError) as err:
        transition(case, S.ASSISTED, days(20), params, measures=(measure(days(21)),))
    assert err.value.finding.rule_id == "MON-07.measure"


def test_exit_is_refused_after_a_new_risk(params: ParameterSet) -> None:
    """A risk found after the elimination blocks the exit."""
    case = case_at(S.RISK_ELIMINATED, params)
    new = Screening(EXIT_ON - relativedelta(days=3), True, (RiskType.UNEMPLOYMENT,))
    with pytest.raises(TransitionRefusedError) as err:
        transition(case, S.EXITED, EXIT_ON, params, screenings=(new,))
    assert err.value.finding.rule_id == "MON-07.exit"
    assert "失业" in err.value.finding.reason("zh")


def test_exit_check_needs_a_recorded_elimination(params: ParameterSet) -> None:
    """MON-07.exit does not apply to a case never marked risk eliminated (no date is invented);
    on an eliminated case it reads the real elimination date."""
    clue = case_at(S.CLUE, params)
    f = C.exit_guard(CaseFile(clue, None, (QUALIFYING,)), params, days(3))
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert "eliminated_on" not in f.values
    assert D.isoformat() not in f.reason("zh") and D.isoformat() not in f.reason("en")
    done = case_at(S.RISK_ELIMINATED, params)
    f = C.exit_guard(CaseFile(done, None, CLEAN), params, EXIT_ON)
    assert f.outcome is Outcome.YES and f.values["eliminated_on"] == ELIMINATE_ON
    lost = attrs.evolve(done, history=())
    f = C.exit_guard(CaseFile(lost, None, CLEAN), params, EXIT_ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("history",)


def test_verification_records_the_last_verification(params: ParameterSet) -> None:
    """Moving to verified sets last_verified_on; record_review moves it forward only."""
    case = case_at(S.VERIFIED, params)
    assert case.last_verified_on == days(5)
    later = C.record_review(case, days(9))
    assert later.last_verified_on == days(9)
    with pytest.raises(TransitionRefusedError):
        C.record_review(later, days(8))


# --------------------------------------------------------------------------- time limits


def test_verification_on_day_n_is_in_time_and_day_n_plus_1_is_late(params: ParameterSet) -> None:
    """Verified N days after the first clue is in time; N + 1 is late."""
    n = integer(params, "cases.verification_days")
    case = C.open_case("C-1", "H-1", EntryChannel.SELF_DECLARATION, D, "丛林镇", "海孔村")
    on_time = transition(case, S.VERIFIED, days(n), params)
    late = transition(case, S.VERIFIED, days(n + 1), params)
    f_on_time = C.verification_deadline(on_time, params, days(60))
    f_late = C.verification_deadline(late, params, days(60))
    assert f_on_time.outcome is Outcome.NO
    assert f_on_time.values["state"] is DeadlineState.DONE_IN_TIME
    assert f_late.outcome is Outcome.YES
    assert f_late.values["state"] is DeadlineState.DONE_LATE
    assert f_late.values["late_days"] == 1


def test_an_unverified_clue_is_overdue_the_day_after_the_deadline(params: ParameterSet) -> None:
    """The due action is due on day N and overdue on day N + 1, at the town level."""
    n = integer(params, "cases.verification_days")
    case = case_at(S.CLUE, params)
    (due,) = C.due_actions(case, params, days(n))
    (overdue,) = C.due_actions(case, params, days(n + 1))
    assert due.kind is C.ActionKind.VERIFY and due.level.value == "town"
    assert due.due_on == days(n)
    assert not due.overdue and overdue.overdue


def test_notice_of_m_minus_1_days_is_refused_and_m_days_accepted(params: ParameterSet) -> None:
    """A notice one day short of the minimum refuses the inclusion; the minimum passes."""
    m = integer(params, "cases.notice_days")
    case = case_at(S.VERIFIED, params)
    start = days(6)
    on, kw = evidence(S.VERIFIED, S.INCLUDED)
    full = NoticePeriod(start, start + relativedelta(days=m - 1))
    short = NoticePeriod(start, start + relativedelta(days=m - 2))
    assert full.days == m and short.days == m - 1
    decided = max(on, full.end)
    assert transition(case, S.INCLUDED, decided, params,
                      **{**kw, "notice": full}).status is S.INCLUDED
    with pytest.raises(TransitionRefusedError) as err:
        transition(case, S.INCLUDED, decided, params, **{**kw, "notice": short})
    assert err.value.finding.rule_id == "MON-07.notice"
    assert str(m - 1) in err.value.finding.reason("en")
    assert str(m) in err.value.finding.reason("zh")


def test_review_is_due_at_the_cycle_boundary_and_overdue_the_day_after(
        params: ParameterSet) -> None:
    """The review is not overdue on last + cycle, and overdue one day later."""
    months = integer(params, "cases.review_cycle_months")
    case = attrs.evolve(case_at(S.ASSISTED, params), last_verified_on=days(40))
    boundary = days(40) + relativedelta(months=months)
    at = C.periodic_review(case, params, boundary)
    after = C.periodic_review(case, params, boundary + relativedelta(days=1))
    assert at.outcome is Outcome.NO and at.values["due_on"] == boundary
    assert after.outcome is Outcome.YES


def test_periodic_review_does_not_apply_before_inclusion(params: ParameterSet) -> None:
    """Clues and verified cases are not monitoring subjects yet."""
    for status in (S.CLUE, S.VERIFIED, S.REJECTED, S.EXITED):
        assert C.periodic_review(case_at(status, params), params, days(400)).outcome is (
            Outcome.NOT_APPLICABLE)


@pytest.mark.parametrize(("status", "name"), [
    (LeftBehind.EMPTY_NEST_ELDERLY, "cases.visit_cycle_priority_months"),
    (LeftBehind.CHILD, "cases.visit_cycle_priority_months"),
    (LeftBehind.WOMAN, "cases.visit_cycle_other_months"),
])
def test_visits_are_overdue_the_day_after_their_cycle(
        params: ParameterSet, status: LeftBehind, name: str) -> None:
    """Priority groups use the priority cycle, others the other cycle (AST-09)."""
    months = integer(params, name)
    h = household(member("M1", left_behind=status),
                  member("M2", left_behind=LeftBehind.NOT_LEFT_BEHIND))
    boundary = days(10) + relativedelta(months=months)
    (at,) = C.visits_due(h, days(0), {"M1": days(10)}, params, boundary)
    (after,) = C.visits_due(h, days(0), {"M1": days(10)}, params,
                            boundary + relativedelta(days=1))
    assert at.outcome is Outcome.NO and after.outcome is Outcome.YES
    assert at.subject == "M1"
    assert status.label_zh[:2] in at.reason("zh") and boundary.isoformat() in at.reason("en")


def test_scattered_extreme_poverty_elderly_are_a_visit_priority(params: ParameterSet) -> None:
    """An elderly extreme-poverty member not marked left behind is visited on the priority cycle."""
    age = integer(params, "assistance.elderly_age")
    months = integer(params, "cases.visit_cycle_priority_months")
    on = dt.date(2023, 6, 1)
    old = Member(id="M1", birth_date=on - relativedelta(years=age),
                 safety_net=SafetyNetStatus.EXTREME_POVERTY_SUPPORT,
                 left_behind=LeftBehind.NOT_LEFT_BEHIND)
    (f,) = C.visits_due(household(old), on - relativedelta(months=months), {}, params, on)
    assert f.outcome is Outcome.NO and f.values["due_on"] == on
    assert "散居特困" in f.reason("zh")


def test_an_unassessed_left_behind_status_is_insufficient(params: ParameterSet) -> None:
    """A member whose left-behind status was not assessed is not silently skipped."""
    h = household(member("M1", left_behind=LeftBehind.NOT_ASSESSED))
    (f,) = C.visits_due(h, D, {}, params, days(10))
    assert f.outcome is Outcome.INSUFFICIENT_DATA


def test_case_visits_come_from_visit_measures(params: ParameterSet) -> None:
    """A left_behind_visit measure for the member is the last visit, at the village level."""
    case = case_at(S.ASSISTED, params)
    months = integer(params, "cases.visit_cycle_priority_months")
    visited = days(50)
    case = attrs.evolve(case, measures=(*case.measures,
                                        measure(visited, MeasureType.LEFT_BEHIND_VISIT, "M1")))
    h = household(member("M1", left_behind=LeftBehind.CHILD))
    on = visited + relativedelta(months=months)
    actions = C.due_actions(CaseFile(case, h), params, on)
    visit = [a for a in actions if a.kind is C.ActionKind.VISIT]
    assert [(a.member_id, a.due_on, a.overdue, a.level.value) for a in visit] == [
        ("M1", on, False, "village")]


def test_inclusion_grace_period_decides_include_all(params: ParameterSet) -> None:
    """应纳尽纳: a qualifying verified case is fine on the last day and a violation after."""
    grace = integer(params, "cases.inclusion_grace_days")
    case = case_at(S.VERIFIED, params)
    file = CaseFile(case, household(), (QUALIFYING,))
    last = days(5 + grace)
    assert C.inclusion_compliance(file, params, last).outcome is Outcome.NO
    late = C.inclusion_compliance(file, params, last + relativedelta(days=1))
    assert late.outcome is Outcome.YES
    assert last.isoformat() in late.reason("zh") and last.isoformat() in late.reason("en")
    not_qualifying = CaseFile(case, household(), (NOT_QUALIFYING,))
    assert C.inclusion_compliance(not_qualifying, params, days(400)).outcome is Outcome.NO


def test_a_rejected_qualifying_case_breaks_include_all_at_once(params: ParameterSet) -> None:
    """A case rejected although its later screening qualifies is reported."""
    case = case_at(S.REJECTED, params)
    f = C.inclusion_compliance(CaseFile(case, None, (Screening(days(13), True),)), params,
                               days(13))
    assert f.outcome is Outcome.YES


def test_assistance_grace_period_decides_assist_all(params: ParameterSet) -> None:
    """应扶尽扶: no measure on the last grace day is fine; the day after is a violation."""
    grace = integer(params, "cases.assistance_grace_days")
    case = case_at(S.INCLUDED, params)
    included = C.entered_on(case, S.INCLUDED)
    assert included is not None
    last = included + relativedelta(days=grace)
    file = CaseFile(case)
    assert C.assistance_compliance(file, params, last).outcome is Outcome.NO
    assert C.assistance_compliance(file, params, last + relativedelta(days=1)).outcome is (
        Outcome.YES)
    helped = CaseFile(attrs.evolve(case, measures=(measure(last),)))
    assert C.assistance_compliance(helped, params, last + relativedelta(days=30)).outcome is (
        Outcome.NO)


# --------------------------------------------------------------------------- MON-08


def elimination_file(params: ParameterSet, on: dt.date, risk_free_since: dt.date,
                     h: Household | None = None) -> CaseFile:
    case = attrs.evolve(case_at(S.ASSISTED, params), measures=(measure(days(15)),))
    screenings = (QUALIFYING, Screening(risk_free_since, False), Screening(on, False))
    return CaseFile(case, h or household(), screenings)


def test_observation_period_just_pass_and_just_fail(params: ParameterSet) -> None:
    """Risk-free for exactly the observation period qualifies; one day less does not."""
    months = integer(params, "cases.observation_months")
    on = dt.date(2023, 3, 1)
    since = on - relativedelta(months=months)
    ok = C.risk_elimination(elimination_file(params, on, since), params, on)
    short = C.risk_elimination(elimination_file(params, on, since + relativedelta(days=1)),
                               params, on)
    assert ok.outcome is Outcome.YES
    assert short.outcome is Outcome.NO and short.values["cause"] is EliminationCause.NOT_STABLE
    assert str(months) in short.reason("zh") and str(months) in short.reason("en")


def test_a_household_without_labor_capacity_is_not_marked_risk_eliminated(
        params: ParameterSet) -> None:
    """MON-08: a stable household without labor capacity stays under monitoring."""
    months = integer(params, "cases.observation_months")
    on = dt.date(2023, 3, 1)
    h = household(member("M1", LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.ELDERLY),
                  member("M2", LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.ILLNESS))
    file = elimination_file(params, on, on - relativedelta(months=months + 3), h)
    f = C.risk_elimination(file, params, on)
    assert f.outcome is Outcome.NO
    assert f.values["cause"] is EliminationCause.NO_LABOR_CAPACITY
    assert "不标注风险消除" in f.reason("zh")
    with pytest.raises(TransitionRefusedError) as err:
        transition(file.case, S.RISK_ELIMINATED, on, params, household=h,
                   screenings=file.screenings)
    assert err.value.finding.values["cause"] is EliminationCause.NO_LABOR_CAPACITY
    assert C.elimination_compliance(file, params, on).outcome is Outcome.NO
    assert not [a for a in C.due_actions(file, params, on)
                if a.kind is C.ActionKind.MARK_RISK_ELIMINATED]


_NO_CAPACITY = st.sampled_from([*NoCapacityReason, None])


@given(reasons=st.lists(_NO_CAPACITY, min_size=1, max_size=5),
       extra_months=st.integers(0, 24))
def test_no_household_without_labor_capacity_is_ever_marked(
        reasons: list[NoCapacityReason | None], extra_months: int) -> None:
    """Property: whatever the stability, no member able to work means never YES."""
    params = default_parameters()
    members = tuple(member(f"M{i}", LaborCapacity.NONE, no_capacity_reason=r)
                    for i, r in enumerate(reasons))
    on = dt.date(2024, 6, 1)
    months = integer(params, "cases.observation_months")
    file = elimination_file(params, on, on - relativedelta(months=months + extra_months),
                            household(*members))
    assert C.risk_elimination(file, params, on).outcome is Outcome.NO


def test_weak_capacity_counts_as_able(params: ParameterSet) -> None:
    """A member with weak labor capacity lets a stable household be marked."""
    months = integer(params, "cases.observation_months")
    on = dt.date(2023, 3, 1)
    h = household(member("M1", LaborCapacity.WEAK))
    f = C.risk_elimination(elimination_file(params, on, on - relativedelta(months=months), h),
                           params, on)
    assert f.outcome is Outcome.YES


def test_unassessed_capacity_is_insufficient_data(params: ParameterSet) -> None:
    """No able member and one not assessed: the rule cannot decide."""
    on = dt.date(2023, 3, 1)
    h = household(member("M1", LaborCapacity.NOT_ASSESSED))
    f = C.risk_elimination(elimination_file(params, on, dt.date(2022, 1, 1), h), params, on)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("members[0].labor_capacity",)


def youth(mid: str, age: int, on: dt.date, **kw: Any) -> Member:
    """A member aged ``age`` on ``on``, recorded with full labor capacity."""
    return Member(id=mid, birth_date=on - relativedelta(years=age, days=20),
                  labor_capacity=LaborCapacity.FULL, **kw)


def test_a_minor_recorded_as_able_is_not_labor_for_risk_elimination(
        params: ParameterSet) -> None:
    """MON-08 reads AST-08's capacity profile: a youth below the minimum working age recorded
    with full capacity is no labor (never marked); at that age, out of school and working, is."""
    months = integer(params, "cases.observation_months")
    on = dt.date(2023, 3, 1)
    age = integer(params, "assistance.minimum_working_age", on)
    grandma = member("G", LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.ELDERLY)
    since = on - relativedelta(months=months)
    young = household(grandma, youth("Y", age - 1, on))
    f = C.risk_elimination(elimination_file(params, on, since, young), params, on)
    assert f.values["cause"] is EliminationCause.NO_LABOR_CAPACITY
    working = household(grandma, youth("Y", age, on, school_status=SchoolStatus.NOT_APPLICABLE,
                                       employment_status=EmploymentStatus.EMPLOYED_LOCALLY))
    f = C.risk_elimination(elimination_file(params, on, since, working), params, on)
    assert f.outcome is Outcome.YES


@given(households(on=ASSESSMENT_DATE))
def test_risk_elimination_and_ast08_agree_on_labor(h: Household) -> None:
    """MON-08 and AST-08 never disagree on whether a household has labor capacity."""
    params = default_parameters()
    on = ASSESSMENT_DATE
    profile = ast.capacity_profile(h, params, on)
    assert C.has_labor_capacity(h, params, on) is profile.has_able_member
    f = C.risk_elimination(CaseFile(case_at(S.ASSISTED, params), h, (Screening(on, False),)),
                           params, on)
    if f.outcome is not Outcome.INSUFFICIENT_DATA:
        assert f.values["able"] == len(profile.able)
        assert (f.values.get("cause") is EliminationCause.NO_LABOR_CAPACITY) is (
            profile.has_able_member is False)


def test_eliminate_all_reports_a_stable_unmarked_subject(params: ParameterSet) -> None:
    """应消尽消: a subject meeting MON-08 and still assisted is a violation and a due action."""
    months = integer(params, "cases.observation_months")
    on = dt.date(2023, 3, 1)
    file = elimination_file(params, on, on - relativedelta(months=months))
    f = C.elimination_compliance(file, params, on)
    assert f.outcome is Outcome.YES
    assert CJK.search(f.reason("zh")) and str(months) in f.reason("en")
    assert [a.level.value for a in C.due_actions(file, params, on)
            if a.kind is C.ActionKind.MARK_RISK_ELIMINATED] == ["district"]
    moved = transition(file.case, S.RISK_ELIMINATED, on, params, household=file.household,
                       screenings=file.screenings)
    assert moved.status is S.RISK_ELIMINATED


# --------------------------------------------------------------------------- AST-10


def ast10(params: ParameterSet, m: Member, qualifies: bool | None = True,
          **kw: Any) -> Outcome:
    case = case_at(S.INCLUDED, params)
    file = CaseFile(case, household(member("M0"), m, **kw), (Screening(days(13), qualifies),))
    return C.safety_net_coverage(file, params, days(14)).outcome


def test_cover_all_reports_a_person_without_capacity_and_without_cover(
        params: ParameterSet) -> None:
    """应保尽保: lost capacity, qualifying, no allowance, support or relief is a violation."""
    lost = member("M1", LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.DISABILITY,
                  safety_net=SafetyNetStatus.NONE)
    assert ast10(params, lost) is Outcome.YES
    assert ast10(params, lost, qualifies=False) is Outcome.NO
    assert ast10(params, lost, qualifies=None) is Outcome.INSUFFICIENT_DATA
    assert ast10(params, attrs.evolve(lost, safety_net=SafetyNetStatus.MINIMUM_ALLOWANCE)) is (
        Outcome.NO)
    assert ast10(params, attrs.evolve(lost, safety_net=SafetyNetStatus.NOT_ASSESSED)) is (
        Outcome.INSUFFICIENT_DATA)
    assert ast10(params, lost, social_assistance=(
        AssistanceKind.TEMPORARY_ASSISTANCE,)) is Outcome.NO


def test_minors_and_students_are_not_lost_capacity(params: ParameterSet) -> None:
    """A child without capacity is not a 应保尽保 candidate."""
    child = Member(id="M1", birth_date=dt.date(2015, 1, 1), labor_capacity=LaborCapacity.NONE,
                   no_capacity_reason=NoCapacityReason.MINOR, safety_net=SafetyNetStatus.NONE)
    assert ast10(params, child) is Outcome.NO


def test_cover_all_reads_the_capacity_profile_at_the_age_of_majority(
        params: ParameterSet) -> None:
    """AST-10 reads AST-08's capacity profile (issue 12): a member recorded without capacity
    through illness is a 应保尽保 candidate from the day they come of age, a dependant the day
    before (a minor is never "lost capacity", whatever the record says)."""
    on = days(14)
    majority = integer(params, "assistance.age_of_majority", on)
    adult = on - relativedelta(years=majority)

    def ill(born: dt.date) -> Member:
        return Member(id="M1", birth_date=born, labor_capacity=LaborCapacity.NONE,
                      no_capacity_reason=NoCapacityReason.ILLNESS,
                      safety_net=SafetyNetStatus.NONE)

    assert ast10(params, ill(adult)) is Outcome.YES
    assert ast10(params, ill(adult + dt.timedelta(days=1))) is Outcome.NO
    h = household(member("M0"), ill(adult + dt.timedelta(days=1)))
    assert ast.capacity_profile(h, params, on).lost == ()


def test_cover_all_reads_an_unknown_capacity_as_insufficient_data(
        params: ParameterSet) -> None:
    """An adult whose capacity was not assessed might have lost it: AST-10 is insufficient
    data naming the member's field (as AST-08 is), not a silent "no"; assessed as able, no."""
    unknown = member("M1", LaborCapacity.NOT_ASSESSED, safety_net=SafetyNetStatus.NONE)
    case = case_at(S.INCLUDED, params)
    file = CaseFile(case, household(member("M0"), unknown), (Screening(days(13), True),))
    f = C.safety_net_coverage(file, params, days(14))
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("members[1].labor_capacity",)
    assert "members[1].labor_capacity" in ast.capacity_finding(
        ast.capacity_profile(file.household, params, days(14))).missing
    assert ast10(params, attrs.evolve(unknown, labor_capacity=LaborCapacity.FULL)) is Outcome.NO


def test_cover_all_treats_a_student_as_a_dependant(params: ParameterSet) -> None:
    """An adult student recorded without capacity through illness is a dependant for AST-08,
    so not a 应保尽保 candidate either; out of school, a candidate."""
    student = member("M1", LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.ILLNESS,
                     safety_net=SafetyNetStatus.NONE,
                     school_status=SchoolStatus.IN_SCHOOL_IN_COUNTY)
    assert ast10(params, student) is Outcome.NO
    assert ast10(params, attrs.evolve(student, school_status=SchoolStatus.NOT_APPLICABLE)) is (
        Outcome.YES)


@given(households(on=ASSESSMENT_DATE))
def test_cover_all_and_ast08_agree_on_lost_capacity(h: Household) -> None:
    """AST-10's uncovered members are always among AST-08's lost-capacity members, and an
    unknown capacity that AST-08 reports never reads as AST-10's "no"."""
    params = default_parameters()
    on = ASSESSMENT_DATE
    profile = ast.capacity_profile(h, params, on)
    file = CaseFile(case_at(S.INCLUDED, params), h, (Screening(on, True),))
    f = C.safety_net_coverage(file, params, on)
    if f.outcome is Outcome.YES:
        members: Any = f.values["members"]
        assert set(members) <= set(profile.lost)
    unknown = [p for p in profile.missing if p.endswith((".labor_capacity",
                                                         ".no_capacity_reason"))]
    covered = bool(set(h.social_assistance or ()) & {
        AssistanceKind.MINIMUM_ALLOWANCE, AssistanceKind.EXTREME_POVERTY_SUPPORT,
        AssistanceKind.TEMPORARY_ASSISTANCE})
    if unknown and not covered and f.outcome is not Outcome.YES:
        assert f.outcome is Outcome.INSUFFICIENT_DATA
        assert set(unknown) <= set(f.missing)


def test_compliance_collects_violations_by_case(params: ParameterSet) -> None:
    """compliance() returns only violations and insufficient data, naming the case."""
    grace = integer(params, "cases.assistance_grace_days")
    included = case_at(S.INCLUDED, params)
    verified = attrs.evolve(case_at(S.VERIFIED, params), id="C-2")
    on = days(12 + grace + 1)
    found = C.compliance([CaseFile(included, household(), (QUALIFYING,)),
                          CaseFile(verified, household(), (NOT_QUALIFYING,))], params, on)
    assert [(f.rule_id, f.subject) for f in found] == [("MON-07.assist_all", "C-1")]


# --------------------------------------------------------------------------- reasons, adapter


def test_reasons_are_bilingual_with_the_compared_values(params: ParameterSet) -> None:
    """Each due action's zh reason has Chinese; both languages show the due date."""
    case = case_at(S.INCLUDED, params)
    for action in C.due_actions(CaseFile(case, household()), params, days(100)):
        zh, en = action.finding.reason("zh"), action.finding.reason("en")
        assert CJK.search(zh)
        assert action.due_on.isoformat() in zh and action.due_on.isoformat() in en
        assert action.finding.spec.citations
        assert action.describe("zh") and action.to_json()["finding"]["reason_en"] == en


@attrs.frozen
class _Decision:
    values: Mapping[str, object]

    def aspects(self) -> Mapping[str, object]:
        return self.values


@attrs.frozen
class _Assessment:
    on: dt.date
    decision: _Decision


def test_screening_wires_the_household_assessment(params: ParameterSet) -> None:
    """screen_household reads assess_household's decision: in range, with the income risk."""
    line = params.decimal("monitoring.poverty_standard", D) * params.decimal(
        "monitoring.multiplier", D)
    poor = household(annual_net_income=line - 1)
    s = C.screen_household(poor, params, D)
    assert s.qualifies is True and RiskType.INCOME in s.risks


def test_screening_adapts_an_assessment_decision() -> None:
    """in_range and risks of a decision's aspects become a Screening."""
    a = _Assessment(D, _Decision({"in_range": True, "risks": frozenset({"income", "water"})}))
    assert C.screening_from_assessment(a) == Screening(D, True,
                                                       (RiskType.INCOME, RiskType.WATER))
    unknown = _Assessment(D, _Decision({"in_range": None}))
    assert C.screening_from_assessment(unknown).qualifies is None


# --------------------------------------------------------------------------- CLI


def test_cases_and_notice_commands(params: ParameterSet, tmp_path: Any,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`revitalize cases` prints actions and violations (exit 1); `notice` hides personal data."""
    from revitalize.cli import main
    from revitalize.serialization import dumps

    grace = integer(params, "cases.assistance_grace_days")
    secret = "13912345678"
    h = household(member("M1", phone=secret))
    reg = C.CaseRegister(cases=(case_at(S.INCLUDED, params), attrs.evolve(
        case_at(S.VERIFIED, params), id="C-2")), households=(h,),
        screenings=(C.ScreeningRecord("H-1", days(1), True, (RiskType.INCOME,)),),
        on=days(12 + grace + 1))
    path = tmp_path / "cases.json"
    path.write_text(dumps(reg), encoding="utf-8")
    assert main(["cases", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["subject"]) for f in out["compliance"]] == [
        ("MON-07.assist_all", "C-1"), ("MON-07.include_all", "C-2")]
    assert out["statistics"]["total"] == 2
    assert main(["cases", str(path)]) == 1
    assert "应扶尽扶" in capsys.readouterr().out
    assert main(["notice", str(path), "--village", "海孔村", "--on", "2022-02-01"]) == 0
    text = capsys.readouterr().out
    assert "C-2" not in text and "H-1" in text and secret not in text


@settings(max_examples=25)
@given(case=monitoring_cases(), home=households(max_members=3),
       qualifies=st.sampled_from([True, False, None]))
def test_due_actions_and_compliance_accept_any_well_formed_case(
        case: MonitoringCase, home: Household, qualifies: bool | None) -> None:
    """Property: any valid case gets due actions and checks, each with a bilingual reason."""
    params = default_parameters()
    on = ASSESSMENT_DATE
    file = CaseFile(case, attrs.evolve(home, id=case.household_id),
                    (Screening(case.opened_on, qualifies),))
    for action in C.due_actions(file, params, on):
        assert action.level is C.RESPONSIBLE_LEVEL[action.kind]
        assert CJK.search(action.finding.reason("zh")) and action.finding.reason("en")
    for f in C.compliance([file], params, on):
        assert f.subject == case.id
        assert CJK.search(f.reason("zh")) and f.reason("en")
