"""EMP-01..08: unemployment, public-welfare jobs, work-for-relief, workshops, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import IllegalTransitionError, InvalidInputError
from revitalize.models.employment import (
    AssistanceWorkshop,
    ContractKind,
    HiringRound,
    LaborCohort,
    ManagementStatus,
    OperationStatus,
    PayRecord,
    PostStage,
    ProjectDomain,
    PublicWelfarePlacement,
    PublicWelfarePostType,
    SubsidyPayment,
    TechnicalLevel,
    TrainingRecord,
    Worker,
    WorkForReliefProject,
    next_stage,
)
from revitalize.models.household import (
    EmploymentStatus,
    Household,
    LaborCapacity,
    Member,
    PovertyStatus,
)
from revitalize.policy.employment import (
    EmploymentAid,
    EmploymentService,
    PlacementGap,
    RectifyTrigger,
    SuitabilityGap,
    placement_complete,
    project_suitability,
    public_welfare_priority,
    relief_hiring_priority,
    relief_pay,
    remuneration_share,
    subsidy_in_post,
    training_coverage,
    transfer_compliance_list,
    transfer_employment,
    unemployment_response,
    workshop_hiring_priority,
    workshop_rectification,
)
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import default_registry
from revitalize.testing.strategies._employment import (
    assistance_workshops,
    hiring_rounds,
    labor_cohorts,
    public_welfare_placements,
    work_for_relief_projects,
    workers,
)

P = default_parameters()
ON = dt.date(2023, 6, 1)
DAY = dt.timedelta(days=1)

FULL, WEAK, HALF, NONE = (LaborCapacity.FULL, LaborCapacity.WEAK, LaborCapacity.HALF,
                          LaborCapacity.NONE)


def worker(wid: str, **kw: object) -> Worker:
    return Worker(id=wid, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- EMP-01


def test_unemployment_after_employment_triggers_services_and_aid() -> None:
    """A lifted person who lost a job gets guidance and referral, and aid when eligible."""
    w = worker("W1", lifted=True, meets_aid_conditions=True,
               employment_status=EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT)
    f = unemployment_response(w, P, ON)
    assert f.outcome is Outcome.YES
    assert f.values["services"] == tuple(EmploymentService)
    assert f.values["aid"] is EmploymentAid.INCLUDED
    assert "职业指导" in f.reason("zh") and "career guidance" in f.reason("en")


@pytest.mark.parametrize(("lifted", "conditions", "aid"), [
    (True, None, EmploymentAid.TO_VERIFY),
    (True, False, EmploymentAid.NOT_ELIGIBLE),
    (False, True, EmploymentAid.NOT_LIFTED),
    (None, True, EmploymentAid.TO_VERIFY),
])
def test_aid_depends_on_lifted_and_conditions(lifted: bool | None, conditions: bool | None,
                                              aid: EmploymentAid) -> None:
    """Only eligible lifted people are included; unknowns are to be verified, not excluded."""
    w = worker("W1", lifted=lifted, meets_aid_conditions=conditions,
               employment_status=EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT)
    assert unemployment_response(w, P, ON).values["aid"] is aid


def test_other_statuses_do_not_trigger() -> None:
    """Someone never employed is not "unemployed after employment"; unknown is insufficient."""
    assert unemployment_response(worker("W", employment_status=EmploymentStatus.NOT_EMPLOYED),
                                 P, ON).outcome is Outcome.NO
    assert unemployment_response(worker("W"), P, ON).missing == ("employment_status",)


def test_worker_from_a_household_member() -> None:
    """A member of a registered, lifted household is a lifted worker with the member's data."""
    m = Member(id="M1", birth_date=dt.date(1980, 1, 1), labor_capacity=WEAK,
               employment_status=EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT)
    h = Household(id="H-1", town="丛林镇", village="海孔村",
                  poverty_status=PovertyStatus.REGISTERED_LIFTED, members=(m,), lifted_year=2019)
    w = Worker.from_member(h, "M1", at_risk=True)
    assert (w.lifted, w.at_risk, w.labor_capacity) == (True, True, WEAK)
    assert unemployment_response(w, P, ON).holds


# --------------------------------------------------------------------------- EMP-02


def _round(cands: list[Worker], hired: list[str], ineligible: tuple[str, ...] = ()
           ) -> HiringRound:
    return HiringRound(id="R1", candidates=tuple(cands), hired=tuple(hired),
                       ineligible=ineligible)


def test_weak_labor_comes_before_full_labor_among_lifted_people() -> None:
    """Hiring a lifted full-labor person over a lifted weak-labor one breaches priority."""
    weak = worker("weak", lifted=True, labor_capacity=WEAK)
    full = worker("full", lifted=True, labor_capacity=FULL)
    assert public_welfare_priority(_round([weak, full], ["weak"]), P, ON).holds
    f = public_welfare_priority(_round([weak, full], ["full"]), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["passed_over"] == ("weak",) and f.values["hired_lower"] == ("full",)
    assert "weak" in f.reason("zh") and "passed over" in f.reason("en")


def test_lifted_people_come_before_others() -> None:
    """Hiring someone not lifted over a lifted full-labor person breaches priority."""
    lifted = worker("lifted", lifted=True, labor_capacity=FULL)
    other = worker("other", lifted=False, labor_capacity=WEAK)
    assert public_welfare_priority(_round([lifted, other], ["lifted"]), P, ON).holds
    assert public_welfare_priority(_round([lifted, other], ["other"]), P,
                                   ON).outcome is Outcome.NO


def test_ineligible_candidate_may_be_passed_over() -> None:
    """A higher-priority candidate who does not meet the job's conditions is no breach."""
    weak = worker("weak", lifted=True, labor_capacity=WEAK)
    other = worker("other", lifted=False)
    assert public_welfare_priority(_round([weak, other], ["other"], ("weak",)), P, ON).holds


def test_unknown_priority_group_is_insufficient() -> None:
    """A candidate whose lifted status is unknown cannot be ranked."""
    f = public_welfare_priority(_round([worker("a"), worker("b", lifted=False)], ["b"]), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("candidates[a]",)


def test_priority_capacities_come_from_the_parameters() -> None:
    """With only half labor first, weak labor no longer outranks full labor."""
    weak = worker("weak", lifted=True, labor_capacity=WEAK)
    full = worker("full", lifted=True, labor_capacity=FULL)
    r = P.reform({"employment.public_welfare_priority_capacities": [
        {"start": dt.date(2021, 1, 1), "value": ["half"]}]})
    assert public_welfare_priority(_round([weak, full], ["full"]), r, ON).holds


_KNOWN = st.builds(
    lambda lifted, cap: (lifted, cap), st.booleans(), st.sampled_from([FULL, WEAK, HALF]))


@given(st.lists(_KNOWN, min_size=1, max_size=8), st.data())
def test_hiring_in_priority_order_never_breaches(people: list[tuple[bool, LaborCapacity]],
                                                 data: st.DataObject) -> None:
    """Hiring the first k candidates of the priority order always passes."""
    first = {WEAK, HALF}
    cands = [worker(f"W{i}", lifted=lifted, labor_capacity=cap)
             for i, (lifted, cap) in enumerate(people)]
    ranked = sorted(cands, key=lambda w: 2 if not w.lifted else (0 if w.labor_capacity in first
                                                                 else 1))
    k = data.draw(st.integers(0, len(cands)))
    assert public_welfare_priority(_round(cands, [w.id for w in ranked[:k]]), P, ON).holds


@given(hiring_rounds())
def test_priority_finding_is_consistent(r: HiringRound) -> None:
    """NO always names someone passed over; YES never does."""
    f = public_welfare_priority(r, P, ON)
    assert (f.outcome is Outcome.NO) == bool(f.values["passed_over"])


def placement(exited: dt.date | None = dt.date(2023, 6, 30),
              payments: tuple[SubsidyPayment, ...] = (), **kw: object) -> PublicWelfarePlacement:
    fields: dict[str, object] = {
        "id": "PL-1", "post_type": PublicWelfarePostType.FOREST_RANGER, "worker_id": "W1",
        "appointed_on": dt.date(2023, 1, 1), "exited_on": exited, "payments": payments,
        "contract": ContractKind.LABOR_CONTRACT, "monthly_subsidy": Decimal(500),
        "insurance_eligible": True, "accident_insured": True}
    fields.update(kw)
    return PublicWelfarePlacement(**fields)  # type: ignore[arg-type]


def test_subsidy_paid_after_exit_is_flagged() -> None:
    """A payment dated the day after exit is flagged; one on the exit day is not."""
    p = placement()
    assert p.exited_on is not None
    on_exit = SubsidyPayment(paid_on=p.exited_on, amount=Decimal(500))
    after = SubsidyPayment(paid_on=p.exited_on + DAY, amount=Decimal(500))
    assert subsidy_in_post(placement(payments=(on_exit,)), P, ON).holds
    f = subsidy_in_post(placement(payments=(on_exit, after)), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["flagged"] == 1
    assert str(p.exited_on + DAY) in f.reason("zh")


def test_arrears_for_days_in_post_are_allowed() -> None:
    """A payment after exit for a period in post is fine; a period past exit is not."""
    p = placement()
    assert p.exited_on is not None
    arrears = SubsidyPayment(paid_on=p.exited_on + 10 * DAY, amount=Decimal(500),
                             period_start=dt.date(2023, 6, 1), period_end=p.exited_on)
    beyond = attrs.evolve(arrears, period_end=p.exited_on + DAY)
    assert subsidy_in_post(placement(payments=(arrears,)), P, ON).holds
    assert subsidy_in_post(placement(payments=(beyond,)), P, ON).outcome is Outcome.NO


def test_subsidy_before_appointment_is_flagged() -> None:
    """No subsidy before the person is appointed to the post."""
    p = placement()
    early = SubsidyPayment(paid_on=p.appointed_on - DAY, amount=Decimal(500))
    assert subsidy_in_post(placement(payments=(early,)), P, ON).outcome is Outcome.NO


@given(public_welfare_placements())
def test_subsidy_finding_matches_in_post_days(p: PublicWelfarePlacement) -> None:
    """A payment is flagged exactly when a day it pays for is outside the time in post."""
    bad = [x for x in p.payments if not (p.in_post_on(x.covers[0]) and p.in_post_on(x.covers[1]))]
    assert subsidy_in_post(p, P, ON).values["flagged"] == len(bad)


def test_post_life_cycle_moves_in_order() -> None:
    """The job moves created → appointed → in post → exited; skipping a stage is an error."""
    stage = PostStage.CREATED
    for target in (PostStage.APPOINTED, PostStage.IN_POST, PostStage.EXITED):
        stage = next_stage(stage, target)
    assert stage is PostStage.EXITED
    with pytest.raises(IllegalTransitionError, match="in_post"):
        next_stage(PostStage.CREATED, PostStage.IN_POST)
    with pytest.raises(IllegalTransitionError, match="final"):
        next_stage(PostStage.EXITED, PostStage.IN_POST)
    p = placement()
    assert p.exited_on is not None
    assert [p.stage_on(d) for d in (p.appointed_on - DAY, p.exited_on, p.exited_on + DAY)] == [
        PostStage.CREATED, PostStage.IN_POST, PostStage.EXITED]


def test_exit_before_appointment_is_refused() -> None:
    """A placement cannot end before it starts."""
    with pytest.raises(InvalidInputError, match="exited_on"):
        placement(exited=dt.date(2022, 12, 31))


# --------------------------------------------------------------------------- EMP-07


def test_complete_placement_passes() -> None:
    """Contract, subsidy and insurance: complete."""
    f = placement_complete(placement(), P, ON)
    assert f.outcome is Outcome.YES
    assert "生态护林员" in f.reason("zh")


@pytest.mark.parametrize(("change", "gap"), [
    ({"contract": ContractKind.NONE}, PlacementGap.NO_CONTRACT),
    ({"monthly_subsidy": Decimal(0)}, PlacementGap.NO_SUBSIDY),
    ({"accident_insured": False}, PlacementGap.NO_ACCIDENT_INSURANCE),
])
def test_placement_missing_one_item_is_flagged(change: dict[str, object],
                                               gap: PlacementGap) -> None:
    """Each missing item alone makes the placement incomplete and is named."""
    f = placement_complete(placement(**change), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["gaps"] == (gap,)
    assert gap.label_zh in f.reason("zh")


def test_insurance_only_where_eligible() -> None:
    """No insurance is fine when the placement does not meet the conditions; unknown is not."""
    assert placement_complete(placement(insurance_eligible=False, accident_insured=False), P,
                              ON).holds
    f = placement_complete(placement(insurance_eligible=None, accident_insured=False), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("insurance_eligible",)
    f = placement_complete(placement(contract=ContractKind.NOT_ASSESSED), P, ON)
    assert f.missing == ("contract",)


# --------------------------------------------------------------------------- EMP-03, EMP-08


def project(**kw: object) -> WorkForReliefProject:
    fields: dict[str, object] = {
        "id": "WR-1", "name": "板辽村机耕道",
        "domain": ProjectDomain.AGRICULTURAL_PRODUCTION_LIVING,
        "investment": P.decimal("employment.relief_max_investment", ON),
        "technical_threshold": TechnicalLevel.parse(
            P.choice("employment.relief_max_technical_level", ON)),
        "preparation_months": P.integer("employment.relief_max_preparation_months", ON),
        "skilled_labor_share": P.decimal("employment.relief_max_skilled_share", ON)}
    fields.update(kw)
    return WorkForReliefProject(**fields)  # type: ignore[arg-type]


GRACE = P.integer("employment.pay_grace_days", ON)
DUE = dt.date(2023, 5, 1)


def _pay(paid_on: dt.date | None, paid: Decimal = Decimal(3000)) -> PayRecord:
    return PayRecord(worker_id="W1", due_on=DUE, amount_due=Decimal(3000), amount_paid=paid,
                     paid_on=paid_on)


def test_pay_on_the_last_day_is_on_time_and_a_day_later_is_late() -> None:
    """Pay by the due date plus the grace days is on time; one day later is late."""
    last = DUE + GRACE * DAY
    assert relief_pay(project(pay_records=(_pay(last),)), P, ON).holds
    f = relief_pay(project(pay_records=(_pay(last + DAY),)), P, ON)
    assert f.outcome is Outcome.NO and f.values["late"] == 1


def test_short_or_missing_pay_is_flagged() -> None:
    """A fen short is not full pay; unpaid past the due date is late."""
    f = relief_pay(project(pay_records=(_pay(DUE, Decimal("2999.99")),)), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["shortfall"] == Decimal("0.01")
    assert "0.01" in f.reason("zh")
    assert relief_pay(project(pay_records=(_pay(None, Decimal(0)),)), P, ON).values["late"] == 1


def test_pay_not_yet_due_is_not_judged() -> None:
    """Before the due date (plus grace) there is nothing to judge."""
    f = relief_pay(project(pay_records=(_pay(None, Decimal(0)),)), P, DUE + GRACE * DAY)
    assert f.outcome is Outcome.NOT_APPLICABLE


def test_grace_days_come_from_the_parameters() -> None:
    """A reform with grace days accepts pay that the default calls late."""
    r = P.reform({"employment.pay_grace_days": GRACE + 5})
    assert relief_pay(project(pay_records=(_pay(DUE + (GRACE + 5) * DAY),)), r, ON).holds


def test_work_for_relief_priority_groups_have_no_order_among_them() -> None:
    """A lifted person may be hired over an at-risk one; a non-priority person may not."""
    lifted = worker("lifted", lifted=True, at_risk=False, low_income=False)
    at_risk = worker("risk", lifted=False, at_risk=True, low_income=False)
    other = worker("other", lifted=False, at_risk=False, low_income=False)
    hiring = _round([lifted, at_risk, other], ["lifted"])
    assert relief_hiring_priority(project(hiring=hiring), P, ON).holds
    f = relief_hiring_priority(project(hiring=_round([lifted, at_risk, other], ["other"])), P,
                               ON)
    assert f.outcome is Outcome.NO
    assert set(f.values["passed_over"]) == {"lifted", "risk"}  # type: ignore[arg-type]
    assert relief_hiring_priority(project(), P, ON).missing == ("hiring",)


def test_remuneration_share_against_a_floor() -> None:
    """The share is reported; with a floor set, exactly the floor passes and less fails."""
    p = project(total_funds=Decimal(1000000), labor_remuneration=Decimal(250000))
    default = remuneration_share(p, P, ON)
    assert default.holds and default.used[0].is_assumption
    assert default.values["share"] == Decimal(25)
    at = P.reform({"employment.labor_remuneration_share_floor": "25"})
    above = P.reform({"employment.labor_remuneration_share_floor": "25.01"})
    assert remuneration_share(p, at, ON).holds
    f = remuneration_share(p, above, ON)
    assert f.outcome is Outcome.NO and "25.01" in f.reason("zh")


def test_project_at_every_limit_is_suitable() -> None:
    """A project exactly at every suitability limit passes EMP-08."""
    f = project_suitability(project(), P, ON)
    assert f.outcome is Outcome.YES
    assert all(v.is_assumption for v in f.used)


@pytest.mark.parametrize(("change", "gap"), [
    ({"investment": P.decimal("employment.relief_max_investment", ON) + Decimal("0.01")},
     SuitabilityGap.LARGE_INVESTMENT),
    ({"technical_threshold": TechnicalLevel.MEDIUM}, SuitabilityGap.HIGH_TECHNICAL_THRESHOLD),
    ({"preparation_months": P.integer("employment.relief_max_preparation_months", ON) + 1},
     SuitabilityGap.COMPLEX_PREPARATION),
    ({"skilled_labor_share": P.decimal("employment.relief_max_skilled_share", ON)
      + Decimal("0.01")}, SuitabilityGap.HIGH_SKILL_NEEDS),
    ({"domain": ProjectDomain.OTHER}, SuitabilityGap.OUTSIDE_DOMAINS),
])
def test_project_just_past_a_limit_is_not_suitable(change: dict[str, object],
                                                   gap: SuitabilityGap) -> None:
    """Just past any one limit, the project is not a work-for-relief focus project."""
    f = project_suitability(project(**change), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["gaps"] == (gap,)
    assert gap.label_zh in f.reason("zh")


def test_unknown_suitability_field_is_named() -> None:
    """An unassessed field makes the answer insufficient, naming it."""
    assert project_suitability(project(investment=None), P, ON).missing == ("investment",)


@given(work_for_relief_projects())
def test_relief_rules_run_on_any_project(p: WorkForReliefProject) -> None:
    """Every work-for-relief rule answers for any valid project, with reasons in both languages."""
    for rule in (relief_pay, relief_hiring_priority, remuneration_share, project_suitability):
        f = rule(p, P, ON)
        assert f.reason("zh") and f.reason("en")


# --------------------------------------------------------------------------- EMP-04, EMP-05


def _cohort(ws: list[Worker], trained: tuple[str, ...] = (), year: int = 2023) -> LaborCohort:
    return LaborCohort(area="青年镇", year=year, workers=tuple(ws), trainings=tuple(
        TrainingRecord(worker_id=i, completed_on=dt.date(year, 3, 1)) for i in trained))


def _able(wid: str, status: EmploymentStatus, capacity: LaborCapacity = FULL,
          **kw: object) -> Worker:
    fields: dict[str, object] = {"lifted": True, "labor_capacity": capacity,
                                 "willing_to_work": True, "employment_status": status}
    fields.update(kw)
    return worker(wid, **fields)


def test_untransferred_able_and_willing_people_are_listed() -> None:
    """Everyone lifted, able and willing who is in no non-farm job (away or local) is listed."""
    ws = [_able("t", EmploymentStatus.TRANSFER_EMPLOYMENT),
          _able("local", EmploymentStatus.EMPLOYED_LOCALLY, WEAK),
          _able("none", EmploymentStatus.NOT_EMPLOYED, HALF),
          _able("unable", EmploymentStatus.NOT_EMPLOYED, NONE),
          worker("unwilling", lifted=True, labor_capacity=FULL, willing_to_work=False),
          _able("not_lifted", EmploymentStatus.NOT_EMPLOYED, lifted=False)]
    f = transfer_employment(_cohort(ws), P, ON)
    assert f.outcome is Outcome.NO
    assert f.values["not_transferred"] == ("none",)
    assert f.values["share"] == Decimal(200) / 3
    assert [w.id for w in transfer_compliance_list(_cohort(ws), P, ON)] == ["none"]


def test_local_non_farm_job_counts_as_transfer_by_default() -> None:
    """转移就业 includes 就地就近 non-farm jobs; away-only is the narrow reading."""
    assert P.choice("employment.transfer_scope", ON) == "non_farm"
    local = [_able("local", EmploymentStatus.EMPLOYED_LOCALLY)]
    assert transfer_employment(_cohort(local), P, ON).holds
    # just outside: a public-welfare job is safety-net placement, not transfer employment
    welfare = [_able("post", EmploymentStatus.PUBLIC_WELFARE_JOB)]
    assert transfer_employment(_cohort(welfare), P, ON).outcome is Outcome.NO
    narrow = P.reform({"employment.transfer_scope": "transfer_only"})
    assert transfer_employment(_cohort(local), narrow, ON).outcome is Outcome.NO


def test_transfer_scope_is_a_parameter() -> None:
    """Counting any employment also takes public-welfare jobs off the list."""
    ws = [_able("post", EmploymentStatus.PUBLIC_WELFARE_JOB)]
    r = P.reform({"employment.transfer_scope": "any_employment"})
    assert transfer_employment(_cohort(ws), P, ON).outcome is Outcome.NO
    assert transfer_employment(_cohort(ws), r, ON).holds


def test_unknown_status_is_insufficient() -> None:
    """An able, willing lifted person with unknown status keeps the answer open."""
    ws = [_able("t", EmploymentStatus.TRANSFER_EMPLOYMENT),
          _able("u", EmploymentStatus.NOT_ASSESSED)]
    f = transfer_employment(_cohort(ws), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("workers[u]",)


TARGET = P.decimal("employment.training_coverage", ON)


def _needing(n: int) -> list[Worker]:
    return [worker(f"N{i}", labor_capacity=FULL, willing_to_work=True, training_need=True)
            for i in range(n)]


def test_training_coverage_boundary() -> None:
    """Coverage exactly at the target passes; one person fewer trained fails."""
    n = 20
    ws = _needing(n)
    k = int(TARGET * n / 100)
    ids = tuple(w.id for w in ws)
    assert training_coverage(_cohort(ws, ids[:k]), P, ON).holds
    f = training_coverage(_cohort(ws, ids[:k - 1]), P, ON)
    assert f.outcome is Outcome.NO
    assert ids[k - 1] in f.values["untrained"]  # type: ignore[operator]


def test_training_in_another_year_does_not_count() -> None:
    """Only trainings completed in the cohort's year count."""
    ws = _needing(1)
    cohort = LaborCohort(area="青年镇", year=2023, workers=tuple(ws), trainings=(
        TrainingRecord(worker_id="N0", completed_on=dt.date(2022, 12, 31)),))
    assert training_coverage(cohort, P, ON).outcome is Outcome.NO


def test_no_need_no_denominator() -> None:
    """People without a training need are outside the denominator."""
    ws = [worker("x", labor_capacity=FULL, willing_to_work=True, training_need=False)]
    assert training_coverage(_cohort(ws), P, ON).outcome is Outcome.NOT_APPLICABLE


@given(labor_cohorts())
def test_indicator_rules_run_on_any_cohort(c: LaborCohort) -> None:
    """EMP-04 and EMP-05 answer for any cohort; NO always lists someone."""
    f4 = transfer_employment(c, P, ON)
    assert (f4.outcome is Outcome.NO) == bool(f4.values["not_transferred"])
    f5 = training_coverage(c, P, ON)
    if f5.outcome is Outcome.YES:
        assert not f5.values["untrained"] or TARGET < 100


# --------------------------------------------------------------------------- EMP-06

MIN_E = P.integer("employment.workshop_min_employees", ON)
MIN_PR = P.integer("employment.workshop_min_priority_employees", ON)


def workshop(**kw: object) -> AssistanceWorkshop:
    fields: dict[str, object] = {
        "id": "WS-1", "name": "棕编车间", "operation": OperationStatus.SOUND,
        "management": ManagementStatus.SOUND, "employees": MIN_E, "priority_employees": MIN_PR}
    fields.update(kw)
    return AssistanceWorkshop(**fields)  # type: ignore[arg-type]


def test_sound_workshop_at_the_standard_is_not_to_be_rectified() -> None:
    """A workshop exactly at the employment standard with sound operation is fine."""
    assert workshop_rectification(workshop(), P, ON).outcome is Outcome.NO


@pytest.mark.parametrize(("change", "trigger"), [
    ({"operation": OperationStatus.POOR}, RectifyTrigger.POOR_OPERATION),
    ({"management": ManagementStatus.POOR}, RectifyTrigger.POOR_MANAGEMENT),
    ({"employees": MIN_E - 1, "priority_employees": min(MIN_PR, MIN_E - 1)},
     RectifyTrigger.EMPLOYMENT_BELOW_STANDARD),
    ({"priority_employees": MIN_PR - 1}, RectifyTrigger.EMPLOYMENT_BELOW_STANDARD),
])
def test_any_one_trigger_calls_for_rectification(change: dict[str, object],
                                                 trigger: RectifyTrigger) -> None:
    """Any one of the three triggers alone makes the workshop one to rectify or clear."""
    f = workshop_rectification(workshop(**change), P, ON)
    assert f.outcome is Outcome.YES
    assert f.values["triggers"] == (trigger,)
    assert trigger.label_zh in f.reason("zh")


def test_workshop_triggers_apply_to_former_workshops_only() -> None:
    """A workshop that was never a poverty-alleviation workshop is not covered."""
    f = workshop_rectification(workshop(former_poverty_workshop=False,
                                        operation=OperationStatus.POOR), P, ON)
    assert f.outcome is Outcome.NOT_APPLICABLE


def test_unassessed_workshop_is_insufficient() -> None:
    """Without a trigger, an unassessed item keeps the answer open."""
    f = workshop_rectification(workshop(management=ManagementStatus.NOT_ASSESSED), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("management",)


def test_workshop_hires_at_risk_households_first() -> None:
    """Passing over an at-risk candidate for another breaches EMP-06.hiring."""
    risk = worker("risk", at_risk=True)
    other = worker("other", at_risk=False)
    assert workshop_hiring_priority(workshop(hiring=_round([risk, other], ["risk"])), P,
                                    ON).holds
    assert workshop_hiring_priority(workshop(hiring=_round([risk, other], ["other"])), P,
                                    ON).outcome is Outcome.NO


@given(assistance_workshops(), workers())
def test_workshop_rules_run_on_any_workshop(ws: AssistanceWorkshop, w: Worker) -> None:
    """EMP-06 says YES exactly when it names a trigger."""
    f = workshop_rectification(ws, P, ON)
    if f.outcome is not Outcome.NOT_APPLICABLE:
        assert (f.outcome is Outcome.YES) == bool(f.values["triggers"])
    assert unemployment_response(w, P, ON).reason("en")


def test_employment_rules_are_registered() -> None:
    """Every EMP catalog ID has a registered rule."""
    reg = default_registry()
    for n in range(1, 9):
        assert f"EMP-0{n}" in reg
