"""EMP-01..08: employment of people lifted out of poverty (Ch7, Box 5, Ch4 §1, Table 1).

A catalog entry with more than one statement has one rule per statement;
the first keeps the catalog ID and the others are its parts, ``ID.part`` (``EMP-02.subsidy``):

- EMP-01 :func:`unemployment_response`: moving from employment to
  unemployment triggers career guidance and job referral, and employment aid
  for eligible people lifted out of poverty;
- EMP-02 :func:`public_welfare_priority`: public-welfare jobs go first to
  people lifted out of poverty, and among them first to weak and half labor;
  EMP-02.subsidy :func:`subsidy_in_post`: the post subsidy is paid only for days in
  post (按需设岗、以岗聘任、在岗领补、有序退岗; see
  :func:`~revitalize.models.employment.next_stage` for the life cycle);
- EMP-03 :func:`relief_pay`: work-for-relief pay in full and on time;
  EMP-03.hiring :func:`relief_hiring_priority`: people lifted out of poverty,
  at-risk households and other rural low-income people first (no order
  among them); EMP-03.remuneration :func:`remuneration_share`: the labor-remuneration
  share of project funds, against an optional floor;
- EMP-04 :func:`transfer_employment` and :func:`transfer_compliance_list`:
  everyone lifted out of poverty who is able and willing to work is in
  transfer employment (应转尽转); the share feeds KPI-7c (Table 1 targets 85%,
  PLAN-01 item 4). *Reading* (``employment.transfer_scope``): 转移就业 in
  national usage moves rural labor into non-farm work, away from home
  (外出务工) or locally (就地就近), and the 务工规模 statistics count both; so
  by default (``non_farm``) a worker in a local non-farm job counts as
  transferred. ``transfer_only`` (away only) is the narrow reading;
  ``any_employment`` also counts public-welfare jobs;
- EMP-05 :func:`training_coverage`: training coverage of people able and
  willing to work with a training need (KPI-7b);
- EMP-06 :func:`workshop_rectification`: a former poverty-alleviation
  workshop with poor operation, poor management or employment below
  standard (any one) is to be rectified or cleared; EMP-06.hiring
  :func:`workshop_hiring_priority`: workshops hire at-risk households first;
- EMP-07 :func:`placement_complete`: contract or agreement, post subsidy,
  accident insurance where eligible;
- EMP-08 :func:`project_suitability`: small investment, low technical
  threshold, simple preparation, low skill needs, in a named domain.

*Reading (priority checks).* A hiring round breaches priority when an
eligible candidate of a higher priority is passed over while one of a lower
priority is hired. The plan's "就地就近" (local labor) principle of
work-for-relief is kept on :class:`~revitalize.models.employment.Worker`
but not ranked: the plan gives it no order against the priority groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.employment import (
    AssistanceWorkshop,
    ContractKind,
    HiringRound,
    LaborCohort,
    ManagementStatus,
    OperationStatus,
    ProjectDomain,
    PublicWelfarePlacement,
    TechnicalLevel,
    Worker,
    WorkForReliefProject,
)
from ..models.household import EmploymentStatus, LaborCapacity
from ..money import CONTEXT, percent_of
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet, ParameterValue
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "PLACEMENT_COMPLETE",
    "PROJECT_SUITABILITY",
    "PUBLIC_WELFARE_PRIORITY",
    "RELIEF_HIRING_PRIORITY",
    "RELIEF_PAY",
    "REMUNERATION_SHARE",
    "RULES",
    "SUBSIDY_IN_POST",
    "TABLES",
    "TRAINING_COVERAGE",
    "TRANSFER_EMPLOYMENT",
    "UNEMPLOYMENT_RESPONSE",
    "WORKSHOP_HIRING_PRIORITY",
    "WORKSHOP_RECTIFICATION",
    "EmploymentAid",
    "EmploymentService",
    "PlacementGap",
    "RectifyTrigger",
    "SuitabilityGap",
    "employment_aid",
    "placement_complete",
    "project_suitability",
    "public_welfare_priority",
    "relief_hiring_priority",
    "relief_pay",
    "remuneration_share",
    "subsidy_in_post",
    "training_coverage",
    "transfer_compliance_list",
    "transfer_employment",
    "unemployment_response",
    "workshop_hiring_priority",
    "workshop_rectification",
]

_HUNDRED = Decimal(100)




def _reaches(part: int | Decimal, whole: int | Decimal, target_pct: Decimal) -> bool:
    """``part / whole ≥ target %`` without division."""
    return (CONTEXT.multiply(Decimal(part), _HUNDRED)
            >= CONTEXT.multiply(target_pct, Decimal(whole)))


def _capacities(params: ParameterSet, name: str, on: dt.date) -> tuple[
        frozenset[LaborCapacity], ParameterValue]:
    v = params.get(name, on)
    return frozenset(LaborCapacity.parse(x) for x in params.names(name, on)), v


# --------------------------------------------------------------------------- EMP-01


class EmploymentService(LabelledEnum):
    """Services for people who move from employment to unemployment (EMP-01)."""

    CAREER_GUIDANCE = "career_guidance", "职业指导"
    JOB_REFERRAL = "job_referral", "职业介绍"


class EmploymentAid(LabelledEnum):
    """Whether a person becomes an employment-aid target (EMP-01: 纳入就业援助对象范围)."""

    INCLUDED = "included", "纳入就业援助对象范围"
    TO_VERIFY = "to_verify", "待核实是否符合条件"
    NOT_ELIGIBLE = "not_eligible", "不符合就业援助条件"
    #: Not lifted out of poverty: the plan's aid clause names lifted people only.
    NOT_LIFTED = "not_lifted", "非脱贫人口"


def employment_aid(w: Worker) -> EmploymentAid:
    """The employment-aid status of a person who became unemployed after employment (EMP-01)."""
    if w.lifted is False:
        return EmploymentAid.NOT_LIFTED
    if w.meets_aid_conditions is False:
        return EmploymentAid.NOT_ELIGIBLE
    if w.lifted is True and w.meets_aid_conditions is True:
        return EmploymentAid.INCLUDED
    return EmploymentAid.TO_VERIFY


UNEMPLOYMENT_RESPONSE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="EMP-01",
    reads=("employment_status", "id", "lifted", "meets_aid_conditions"),
    title_zh="就业转失业：及时提供就业服务并纳入就业援助",
    title_en="Unemployment after employment triggers employment services and aid",
    citations=(Citation("Ch7 §1", "对就业转失业的人群及时提供职业指导、职业介绍等服务，"
                                  "将符合条件的脱贫人口纳入就业援助对象范围"),),
    reasons={
        Outcome.YES: Reason("{worker} 就业转失业：提供{services}；就业援助：{aid}",
                            "{worker} moved from employment to unemployment: provide "
                            "{services}; employment aid: {aid}"),
        Outcome.NO: Reason("{worker} 就业状态为{status}，不属就业转失业",
                           "{worker} is {status}, not unemployed after employment"),
    },
)


def unemployment_response(w: Worker, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-01: YES (services due) when the person moved from employment to unemployment."""
    values: dict[str, object] = {"worker": w.id, "status": w.employment_status}
    if w.employment_status is EmploymentStatus.NOT_ASSESSED:
        return UNEMPLOYMENT_RESPONSE.insufficient("employment_status", subject=w.id,
                                                  values=values)
    if w.employment_status is not EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT:
        return UNEMPLOYMENT_RESPONSE.finding(Outcome.NO, values, subject=w.id)
    values.update(services=tuple(EmploymentService), aid=employment_aid(w))
    return UNEMPLOYMENT_RESPONSE.finding(Outcome.YES, values, subject=w.id)


# --------------------------------------------------------------------------- priority checks


def _priority(spec: RuleSpec, hiring: HiringRound | None, tier: Callable[[Worker], int | None],
              used: Sequence[ParameterValue], values: dict[str, object], subject: str,
              ) -> Finding:
    """A priority finding: NO when an eligible higher-priority candidate is passed over."""
    if hiring is None:
        return spec.finding(Outcome.INSUFFICIENT_DATA, values, used, ("hiring",), subject)
    hired = set(hiring.hired)
    ineligible = set(hiring.ineligible)
    tiers = {c.id: tier(c) for c in hiring.candidates}
    known = {i: t for i, t in tiers.items() if t is not None}
    hired_known = [(known[c.id], c.id) for c in hiring.candidates if c.id in hired
                   and c.id in known]
    worst = max((t for t, _ in hired_known), default=None)
    waiting = [(known[c.id], c.id) for c in hiring.candidates
               if c.id not in hired and c.id not in ineligible and c.id in known]
    passed_t = [(t, i) for t, i in waiting if worst is not None and t < worst]
    passed = tuple(i for _, i in passed_t)
    best_passed = min((t for t, _ in passed_t), default=None)
    lower = tuple(i for t, i in hired_known if best_passed is not None and t > best_passed)
    unknown = tuple(c.id for c in hiring.candidates
                    if tiers[c.id] is None and c.id not in ineligible)
    values.update(hired=tuple(hiring.hired), passed_over=passed, hired_lower=lower,
                  unknown=unknown)
    if passed:
        return spec.finding(Outcome.NO, values, used, subject=subject)
    if unknown:
        return spec.finding(Outcome.INSUFFICIENT_DATA, values, used,
                            tuple(f"candidates[{i}]" for i in unknown), subject)
    return spec.finding(Outcome.YES, values, used, subject=subject)


def _priority_reasons(order_zh: str, order_en: str) -> dict[Outcome, Reason]:
    return {
        Outcome.YES: Reason(f"聘用 {{hired}} 符合优先顺序（{order_zh}）",
                            f"hiring {{hired}} follows the priority ({order_en})"),
        Outcome.NO: Reason(f"未按优先顺序（{order_zh}）：{{passed_over}} 优先却未聘用，"
                           "而聘用了 {hired_lower}",
                           f"priority ({order_en}) not followed: {{passed_over}} passed over "
                           "while {hired_lower} hired"),
        Outcome.INSUFFICIENT_DATA: Reason(
            f"数据不足：{{missing}} 未评估，无法按优先顺序（{order_zh}）判断",
            f"insufficient data: {{missing}} not assessed; cannot check the priority "
            f"({order_en})"),
    }


# --------------------------------------------------------------------------- EMP-02

_PUBLIC_WELFARE_CITE = Citation(
    "Ch7 §3, Box 5",
    "优先安置符合条件的脱贫人口特别是弱劳力、半劳力就业 … 按需设岗、以岗聘任、在岗领补、有序退岗")

PUBLIC_WELFARE_PRIORITY = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-02",
    reads=("candidates[].id", "candidates[].labor_capacity", "candidates[].lifted", "hired", "id",
           "ineligible"),
    title_zh="公益性岗位按优先顺序安置",
    title_en="Public-welfare jobs are filled in priority order",
    citations=(_PUBLIC_WELFARE_CITE,),
    parameters=("employment.public_welfare_priority_capacities",),
    reasons=_priority_reasons("脱贫人口优先，其中弱劳力、半劳力最先",
                              "people lifted out of poverty first, weak and half labor "
                              "before them"),
)


def public_welfare_priority(hiring: HiringRound, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-02: YES when no eligible higher-priority candidate was passed over.

    Priority: lifted with a capacity in
    ``employment.public_welfare_priority_capacities`` (weak, half) → other
    lifted people → everyone else.
    """
    first, used = _capacities(params, "employment.public_welfare_priority_capacities", on)

    def tier(w: Worker) -> int | None:
        if w.lifted is None:
            return None
        if not w.lifted:
            return 2
        if w.labor_capacity is LaborCapacity.NOT_ASSESSED:
            return None
        return 0 if w.labor_capacity in first else 1

    return _priority(PUBLIC_WELFARE_PRIORITY, hiring, tier, (used,), {}, hiring.id)


SUBSIDY_IN_POST = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-02.subsidy",
    reads=("appointed_on", "exited_on", "id", "payments[].period_end", "payments[].period_start"),
    title_zh="岗位补贴仅在岗期间发放（在岗领补）",
    title_en="The post subsidy is paid only for time in post",
    citations=(_PUBLIC_WELFARE_CITE,),
    reasons={
        Outcome.YES: Reason("补贴 {payments} 笔均在在岗期间（{appointed} 至 {exited}）",
                            "all {payments} subsidy payments fall within the time in post "
                            "({appointed} to {exited})"),
        Outcome.NO: Reason("{flagged} 笔补贴不在在岗期间（{appointed} 至 {exited}）：所涉日期 "
                           "{flagged_dates}",
                           "{flagged} subsidy payments fall outside the time in post "
                           "({appointed} to {exited}): dates {flagged_dates}"),
    },
)


def subsidy_in_post(p: PublicWelfarePlacement, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-02.subsidy: NO when a payment pays for a day outside the time in post.

    A payment with a period is checked on its period (arrears paid after exit
    for days in post are fine); without a period, on the day it was paid.
    """
    flagged: list[dt.date] = []
    for pay in p.payments:
        first, last = pay.covers
        if not (p.in_post_on(first) and p.in_post_on(last)):
            flagged.append(last if p.exited_on is not None and last > p.exited_on else first)
    values = {"payments": len(p.payments), "appointed": p.appointed_on,
              "exited": p.exited_on if p.exited_on is not None else "—",
              "flagged": len(flagged), "flagged_dates": tuple(flagged)}
    return SUBSIDY_IN_POST.finding(Outcome.NO if flagged else Outcome.YES, values,
                                   subject=p.id)


# --------------------------------------------------------------------------- EMP-03

_RELIEF_CITE = Citation(
    "Ch7 §4, Ch4 §1",
    "优先安排脱贫人口从事相关工作 … 优先吸纳易返贫致贫户、其他农村低收入群体参与工程建设 … "
    "及时足额向参与以工代赈务工的劳动力发放劳务报酬 … 尽量提高项目资金中劳务报酬发放比例")

RELIEF_PAY = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-03",
    reads=("id", "pay_records[].amount_due", "pay_records[].amount_paid", "pay_records[].due_on",
           "pay_records[].paid_on", "pay_records[].worker_id"),
    title_zh="以工代赈劳务报酬及时足额发放",
    title_en="Work-for-relief pay is in full and on time",
    citations=(_RELIEF_CITE,),
    parameters=("employment.pay_grace_days",),
    reasons={
        Outcome.YES: Reason("到期劳务报酬 {due} 笔均及时足额发放",
                            "all {due} pay records due were paid in full and on time"),
        Outcome.NO: Reason("到期 {due} 笔中：逾期 {late} 笔，未足额 {short} 笔（差额 "
                           "{shortfall:yuan} 元）；涉及 {workers}",
                           "of {due} pay records due: {late} late, {short} short (shortfall "
                           "{shortfall:yuan} yuan); workers {workers}"),
        Outcome.NOT_APPLICABLE: Reason("尚无到期的劳务报酬", "no pay is due yet"),
    },
)


def relief_pay(project: WorkForReliefProject, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-03: NO when pay due by ``on`` (plus the grace days) was late or short."""
    grace = params.get("employment.pay_grace_days", on)
    days = relativedelta(days=params.integer(grace.name, on))
    due = [r for r in project.pay_records if r.due_on + days < on]
    late = [r for r in due if r.paid_on is None or r.paid_on > r.due_on + days]
    short = [r for r in due if r.amount_paid < r.amount_due]
    shortfall = sum((CONTEXT.subtract(r.amount_due, r.amount_paid) for r in short), Decimal(0))
    workers = tuple(dict.fromkeys(r.worker_id for r in (*late, *short)))
    values = {"due": len(due), "late": len(late), "short": len(short), "shortfall": shortfall,
              "workers": workers}
    if not due:
        return RELIEF_PAY.finding(Outcome.NOT_APPLICABLE, values, (grace,), subject=project.id)
    outcome = Outcome.NO if late or short else Outcome.YES
    return RELIEF_PAY.finding(outcome, values, (grace,), subject=project.id)


RELIEF_HIRING_PRIORITY = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-03.hiring",
    reads=("hiring.candidates[].at_risk", "hiring.candidates[].id", "hiring.candidates[].lifted",
           "hiring.candidates[].low_income", "hiring.hired", "hiring.ineligible", "id"),
    title_zh="以工代赈优先吸纳重点群体",
    title_en="Work-for-relief hires the priority groups first",
    citations=(_RELIEF_CITE,),
    reasons=_priority_reasons("脱贫人口、易返贫致贫户、其他农村低收入群体优先，三者不分先后",
                              "people lifted out of poverty, at-risk households and other "
                              "rural low-income people first, in no order among them"),
)


def relief_hiring_priority(project: WorkForReliefProject, params: ParameterSet,
                           on: dt.date) -> Finding:
    """EMP-03.hiring: YES when no eligible priority-group candidate was passed over for another."""

    def tier(w: Worker) -> int | None:
        flags = (w.lifted, w.at_risk, w.low_income)
        if True in flags:
            return 0
        return None if None in flags else 1

    return _priority(RELIEF_HIRING_PRIORITY, project.hiring, tier, (), {}, project.id)


REMUNERATION_SHARE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-03.remuneration",
    reads=("id", "labor_remuneration", "total_funds"),
    title_zh="以工代赈项目劳务报酬发放比例不低于下限",
    title_en="The labor-remuneration share of the project's funds is not below the floor",
    citations=(_RELIEF_CITE,),
    parameters=("employment.labor_remuneration_share_floor",),
    reasons={
        Outcome.YES: Reason("劳务报酬 {remuneration:yuan} 元占项目资金 {funds:yuan} 元的 "
                            "{share:2}%，不低于下限 {floor}%",
                            "labor remuneration {remuneration:yuan} yuan is {share:2}% of the "
                            "project funds {funds:yuan} yuan, not below the floor {floor}%"),
        Outcome.NO: Reason("劳务报酬 {remuneration:yuan} 元占项目资金 {funds:yuan} 元的 "
                           "{share:2}%，低于下限 {floor}%",
                           "labor remuneration {remuneration:yuan} yuan is {share:2}% of the "
                           "project funds {funds:yuan} yuan, below the floor {floor}%"),
        Outcome.NOT_APPLICABLE: Reason("项目资金为 0", "the project has no funds"),
    },
)


def remuneration_share(project: WorkForReliefProject, params: ParameterSet,
                       on: dt.date) -> Finding:
    """EMP-03.remuneration: the labor-remuneration share, YES when at least the floor
    (0: no floor)."""
    floor = params.get("employment.labor_remuneration_share_floor", on)
    values: dict[str, object] = {"remuneration": project.labor_remuneration,
                                 "funds": project.total_funds, "floor": floor.value}
    missing = tuple(n for n, v in (("labor_remuneration", project.labor_remuneration),
                                   ("total_funds", project.total_funds)) if v is None)
    if missing:
        return REMUNERATION_SHARE.finding(Outcome.INSUFFICIENT_DATA, values, (floor,), missing,
                                          subject=project.id)
    assert project.labor_remuneration is not None and project.total_funds is not None
    if project.total_funds == 0:
        return REMUNERATION_SHARE.finding(Outcome.NOT_APPLICABLE, values, (floor,),
                                          subject=project.id)
    values["share"] = percent_of(project.labor_remuneration, project.total_funds)
    ok = _reaches(project.labor_remuneration, project.total_funds,
                  params.decimal(floor.name, on))
    return REMUNERATION_SHARE.finding(Outcome.YES if ok else Outcome.NO, values, (floor,),
                                      subject=project.id)


# --------------------------------------------------------------------------- EMP-04, EMP-05

#: The statuses that count as transfer employment under each ``employment.transfer_scope``:
#: ``non_farm`` (default, national usage) counts non-farm work away from home
#: (``transfer_employment``, 外出务工) and local non-farm jobs (``employed_locally``,
#: 就地就近就业); ``transfer_only`` is the narrow reading (away only); ``any_employment``
#: also counts public-welfare jobs (乡村公益性岗位, a separate placement channel, Ch7 §3).
_TRANSFER_STATUSES: Final[Mapping[str, frozenset[EmploymentStatus]]] = MappingProxyType({
    "non_farm": frozenset({EmploymentStatus.TRANSFER_EMPLOYMENT,
                           EmploymentStatus.EMPLOYED_LOCALLY}),
    "transfer_only": frozenset({EmploymentStatus.TRANSFER_EMPLOYMENT}),
    "any_employment": frozenset({EmploymentStatus.TRANSFER_EMPLOYMENT,
                                 EmploymentStatus.EMPLOYED_LOCALLY,
                                 EmploymentStatus.PUBLIC_WELFARE_JOB}),
})


def _able_and_willing(w: Worker, able: frozenset[LaborCapacity]) -> bool | None:
    """Whether the person is able and willing to work (None: cannot tell)."""
    capacity = (None if w.labor_capacity is LaborCapacity.NOT_ASSESSED
                else w.labor_capacity in able)
    if capacity is False or w.willing_to_work is False:
        return False
    if capacity is None or w.willing_to_work is None:
        return None
    return True


def _transfer_split(cohort: LaborCohort, params: ParameterSet, on: dt.date) -> tuple[
        list[Worker], list[Worker], list[Worker], tuple[ParameterValue, ...]]:
    """(transferred, not transferred, unknown) among lifted people able and willing to work."""
    able, able_v = _capacities(params, "employment.capacities_able_to_work", on)
    scope = params.get("employment.transfer_scope", on)
    counted = _TRANSFER_STATUSES[params.choice(scope.name, on)]
    yes: list[Worker] = []
    no: list[Worker] = []
    unknown: list[Worker] = []
    for w in cohort.workers:
        aw = _able_and_willing(w, able)
        if w.lifted is False or aw is False:
            continue
        if w.lifted is None or aw is None or w.employment_status is EmploymentStatus.NOT_ASSESSED:
            unknown.append(w)
        elif w.employment_status in counted:
            yes.append(w)
        else:
            no.append(w)
    return yes, no, unknown, (able_v, scope)


def transfer_compliance_list(cohort: LaborCohort, params: ParameterSet,
                             on: dt.date) -> tuple[Worker, ...]:
    """EMP-04: lifted people able and willing to work who are not in transfer employment."""
    return tuple(_transfer_split(cohort, params, on)[1])


TRANSFER_EMPLOYMENT = RuleSpec(
    id="EMP-04",
    reads=("area", "workers[].employment_status", "workers[].id", "workers[].labor_capacity",
           "workers[].lifted", "workers[].willing_to_work", "year"),
    title_zh="有就业能力和就业意愿的脱贫人口应转尽转",
    title_en="Every lifted person able and willing to work is in transfer employment",
    citations=(Citation("Ch2 §3", "确保有就业能力和就业意愿的脱贫人口转移就业“应转尽转”"),),
    parameters=("employment.capacities_able_to_work", "employment.transfer_scope"),
    reasons={
        Outcome.YES: Reason("{area} {year} 年：应转 {eligible} 人均已转移就业（{share:2}%；"
                            "口径 {scope}）",
                            "{area} {year}: all {eligible} people able and willing are in "
                            "transfer employment ({share:2}%; scope {scope})"),
        Outcome.NO: Reason("{area} {year} 年：应转 {eligible} 人，已转移 {transferred} 人"
                           "（{share:2}%；口径 {scope}）；未转移：{not_transferred}",
                           "{area} {year}: {transferred} of {eligible} able and willing people "
                           "in transfer employment ({share:2}%; scope {scope}); not "
                           "transferred: {not_transferred}"),
        Outcome.NOT_APPLICABLE: Reason("{area} {year} 年：无有就业能力和就业意愿的脱贫人口",
                                       "{area} {year}: no lifted person able and willing to "
                                       "work"),
    },    polarity=Polarity.YES_IS_OK,
)


def transfer_employment(cohort: LaborCohort, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-04: YES when no one able and willing is left untransferred; the share for KPI-7c."""
    yes, no, unknown, used = _transfer_split(cohort, params, on)
    eligible = len(yes) + len(no)
    values: dict[str, object] = {"area": cohort.area, "year": cohort.year,
                                 "eligible": eligible, "transferred": len(yes),
                                 "not_transferred": tuple(w.id for w in no),
                                 "scope": used[1].value}
    if eligible:
        values["share"] = percent_of(Decimal(len(yes)), Decimal(eligible))
    missing = tuple(f"workers[{w.id}]" for w in unknown)
    if no:
        return TRANSFER_EMPLOYMENT.finding(Outcome.NO, values, used, missing, cohort.area)
    if unknown:
        return TRANSFER_EMPLOYMENT.finding(Outcome.INSUFFICIENT_DATA, values, used, missing,
                                           cohort.area)
    if not eligible:
        return TRANSFER_EMPLOYMENT.finding(Outcome.NOT_APPLICABLE, values, used,
                                           subject=cohort.area)
    return TRANSFER_EMPLOYMENT.finding(Outcome.YES, values, used, subject=cohort.area)


TRAINING_COVERAGE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-05",
    reads=("area", "trainings[].completed_on", "trainings[].worker_id", "workers[].id",
           "workers[].labor_capacity", "workers[].training_need", "workers[].willing_to_work",
           "year"),
    title_zh="有劳动能力、有就业意愿和培训需求的群众培训比重达标",
    title_en="Training coverage of people able and willing to work with a training need "
             "meets the target",
    citations=(Citation("Table 1", "有劳动能力、有就业意愿和培训需求的群众培训比重（%）"),),
    parameters=("employment.capacities_able_to_work", "employment.training_coverage"),
    reasons={
        Outcome.YES: Reason("{area} {year} 年：培训 {trained}/{needing} 人（{share:2}%），"
                            "不低于 {target}%",
                            "{area} {year}: {trained} of {needing} trained ({share:2}%), not "
                            "below {target}%"),
        Outcome.NO: Reason("{area} {year} 年：培训 {trained}/{needing} 人（{share:2}%），"
                           "低于 {target}%；未培训：{untrained}",
                           "{area} {year}: {trained} of {needing} trained ({share:2}%), below "
                           "{target}%; not trained: {untrained}"),
        Outcome.NOT_APPLICABLE: Reason("{area} {year} 年：无有培训需求的人",
                                       "{area} {year}: no one with a training need"),
    },
)


def training_coverage(cohort: LaborCohort, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-05: YES when the share trained in the cohort's year reaches the target.

    People whose ability, willingness or training need is unknown decide the
    outcome only if they could: the rate is checked with them counted in the
    worst and the best way.
    """
    able, able_v = _capacities(params, "employment.capacities_able_to_work", on)
    target = params.get("employment.training_coverage", on)
    t = params.decimal(target.name, on)
    needing: list[Worker] = []
    unknown: list[Worker] = []
    for w in cohort.workers:
        aw = _able_and_willing(w, able)
        if aw is False or w.training_need is False:
            continue
        (unknown if aw is None or w.training_need is None else needing).append(w)
    trained = [w for w in needing if cohort.trained_in_year(w.id)]
    untrained = tuple(w.id for w in needing if not cohort.trained_in_year(w.id))
    u_trained = sum(1 for w in unknown if cohort.trained_in_year(w.id))
    u_untrained = len(unknown) - u_trained
    values: dict[str, object] = {"area": cohort.area, "year": cohort.year,
                                 "needing": len(needing), "trained": len(trained),
                                 "untrained": untrained, "target": target.value}
    if needing:
        values["share"] = percent_of(Decimal(len(trained)), Decimal(len(needing)))
    used = (able_v, target)
    missing = tuple(f"workers[{w.id}]" for w in unknown)
    worst_whole = len(needing) + u_untrained
    best_whole = len(needing) + u_trained
    if worst_whole == 0 and best_whole == 0:
        return TRAINING_COVERAGE.finding(Outcome.NOT_APPLICABLE, values, used, subject=cohort.area)
    worst_ok = worst_whole == 0 or _reaches(len(trained), worst_whole, t)
    best_ok = best_whole == 0 or _reaches(len(trained) + u_trained, best_whole, t)
    if worst_ok and needing:
        return TRAINING_COVERAGE.finding(Outcome.YES, values, used, subject=cohort.area)
    if not best_ok:
        return TRAINING_COVERAGE.finding(Outcome.NO, values, used, missing, cohort.area)
    return TRAINING_COVERAGE.finding(Outcome.INSUFFICIENT_DATA, values, used, missing,
                                     cohort.area)


# --------------------------------------------------------------------------- EMP-06


class RectifyTrigger(LabelledEnum):
    """Why a former poverty-alleviation workshop is to be rectified or cleared (EMP-06)."""

    POOR_OPERATION = "poor_operation", "经营不佳"
    POOR_MANAGEMENT = "poor_management", "管理不善"
    EMPLOYMENT_BELOW_STANDARD = "employment_below_standard", "吸纳就业不达标"


_WORKSHOP_CITE = Citation(
    "Ch4 §1, Box 5",
    "强化就业帮扶车间、乡村振兴车间等联农带农能力，重点吸纳易返贫致贫户等务工 … "
    "对经营不佳、管理不善、吸纳就业不达标的原扶贫车间及时整改清理")

WORKSHOP_RECTIFICATION = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="EMP-06",
    reads=("employees", "former_poverty_workshop", "id", "management", "name", "operation",
           "priority_employees"),
    title_zh="原扶贫车间须及时整改清理",
    title_en="The former poverty-alleviation workshop is to be rectified or cleared",
    citations=(_WORKSHOP_CITE,),
    parameters=("employment.workshop_min_employees", "employment.workshop_min_priority_employees"),
    reasons={
        Outcome.YES: Reason("“{workshop}”{triggers}，须及时整改清理（吸纳就业 {employees} 人，"
                            "其中脱贫和易返贫致贫人口 {priority_employees} 人；标准 "
                            "{min_employees} 人、{min_priority} 人）",
                            "{workshop}: {triggers}; to be rectified or cleared ({employees} "
                            "employees, {priority_employees} lifted or at-risk; standard "
                            "{min_employees} and {min_priority})"),
        Outcome.NO: Reason("“{workshop}”经营、管理正常，吸纳就业 {employees} 人（其中 "
                           "{priority_employees} 人）达到标准 {min_employees} 人、"
                           "{min_priority} 人",
                           "{workshop}: sound operation and management; {employees} employees "
                           "({priority_employees} lifted or at-risk) meet the standard "
                           "{min_employees} and {min_priority}"),
        Outcome.NOT_APPLICABLE: Reason("“{workshop}”不是原扶贫车间",
                                       "{workshop} is not a former poverty-alleviation "
                                       "workshop"),
    },
)


def workshop_rectification(ws: AssistanceWorkshop, params: ParameterSet,
                           on: dt.date) -> Finding:
    """EMP-06: YES when any one trigger holds (poor operation, management, or employment)."""
    min_e = params.get("employment.workshop_min_employees", on)
    min_p = params.get("employment.workshop_min_priority_employees", on)
    used = (min_e, min_p)
    triggers: list[RectifyTrigger] = []
    missing: list[str] = []
    if ws.operation is OperationStatus.POOR:
        triggers.append(RectifyTrigger.POOR_OPERATION)
    elif ws.operation is OperationStatus.NOT_ASSESSED:
        missing.append("operation")
    if ws.management is ManagementStatus.POOR:
        triggers.append(RectifyTrigger.POOR_MANAGEMENT)
    elif ws.management is ManagementStatus.NOT_ASSESSED:
        missing.append("management")
    below = [(ws.employees, params.integer(min_e.name, on), "employees"),
             (ws.priority_employees, params.integer(min_p.name, on), "priority_employees")]
    if any(n is not None and n < m for n, m, _ in below):
        triggers.append(RectifyTrigger.EMPLOYMENT_BELOW_STANDARD)
    else:
        missing.extend(f for n, _, f in below if n is None)
    values = {"workshop": ws.name, "triggers": tuple(triggers), "employees": ws.employees,
              "priority_employees": ws.priority_employees, "min_employees": min_e.value,
              "min_priority": min_p.value}
    if not ws.former_poverty_workshop:
        return WORKSHOP_RECTIFICATION.finding(Outcome.NOT_APPLICABLE, values, used,
                                              subject=ws.id)
    if triggers:
        return WORKSHOP_RECTIFICATION.finding(Outcome.YES, values, used, tuple(missing), ws.id)
    if missing:
        return WORKSHOP_RECTIFICATION.finding(Outcome.INSUFFICIENT_DATA, values, used,
                                              tuple(missing), ws.id)
    return WORKSHOP_RECTIFICATION.finding(Outcome.NO, values, used, subject=ws.id)


WORKSHOP_HIRING_PRIORITY = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-06.hiring",
    reads=("hiring.candidates[].at_risk", "hiring.candidates[].id", "hiring.hired",
           "hiring.ineligible", "id"),
    title_zh="就业帮扶车间重点吸纳易返贫致贫户",
    title_en="The assistance workshop hires at-risk households first",
    citations=(_WORKSHOP_CITE,),
    reasons=_priority_reasons("易返贫致贫户优先", "at-risk households first"),
)


def workshop_hiring_priority(ws: AssistanceWorkshop, params: ParameterSet,
                             on: dt.date) -> Finding:
    """EMP-06.hiring: YES when no eligible at-risk candidate was passed over for another."""

    def tier(w: Worker) -> int | None:
        return None if w.at_risk is None else (0 if w.at_risk else 1)

    return _priority(WORKSHOP_HIRING_PRIORITY, ws.hiring, tier, (), {}, ws.id)


# --------------------------------------------------------------------------- EMP-07


class PlacementGap(LabelledEnum):
    """What a public-welfare placement lacks (EMP-07)."""

    NO_CONTRACT = "no_contract", "未签订劳动合同或劳务协议"
    NO_SUBSIDY = "no_subsidy", "未给予岗位补贴"
    NO_ACCIDENT_INSURANCE = "no_accident_insurance", "具备条件但未购买意外伤害商业保险"


_POST_TYPES_CITE = Citation(
    "Box 5",
    "保洁员、生态护林员、湿地管护员、巡河员、巡湖员 … 对乡村公益性岗位安置人员按规定给予岗位补贴，"
    "对具备条件的购买意外伤害商业保险，依法签订劳动合同或劳务协议")

PLACEMENT_COMPLETE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="EMP-07",
    reads=("accident_insured", "contract", "id", "insurance_eligible", "monthly_subsidy",
           "post_type"),
    title_zh="公益性岗位安置手续齐全（合同或协议、岗位补贴、意外伤害保险）",
    title_en="The public-welfare placement is complete (contract or agreement, subsidy, "
             "accident insurance)",
    citations=(_POST_TYPES_CITE,),
    reasons={
        Outcome.YES: Reason("{post_type}安置 {placement}：{contract}，岗位补贴 {subsidy:yuan} 元/月"
                            "，意外伤害保险：{insured}",
                            "{post_type} placement {placement}: {contract}, subsidy "
                            "{subsidy:yuan} yuan a month, accident insurance: {insured}"),
        Outcome.NO: Reason("{post_type}安置 {placement} 缺少：{gaps}",
                           "{post_type} placement {placement} lacks: {gaps}"),
    },
)


def placement_complete(p: PublicWelfarePlacement, params: ParameterSet, on: dt.date) -> Finding:
    """EMP-07: NO when the placement lacks a contract, a subsidy, or insurance where eligible."""
    gaps: list[PlacementGap] = []
    missing: list[str] = []
    if p.contract is ContractKind.NONE:
        gaps.append(PlacementGap.NO_CONTRACT)
    elif p.contract is ContractKind.NOT_ASSESSED:
        missing.append("contract")
    if p.monthly_subsidy is None:
        missing.append("monthly_subsidy")
    elif p.monthly_subsidy == 0:
        gaps.append(PlacementGap.NO_SUBSIDY)
    if p.insurance_eligible is True and p.accident_insured is False:
        gaps.append(PlacementGap.NO_ACCIDENT_INSURANCE)
    elif p.accident_insured is not True and p.insurance_eligible is not False:
        missing.append("accident_insured" if p.insurance_eligible else "insurance_eligible")
    values = {"placement": p.id, "post_type": p.post_type, "contract": p.contract,
              "subsidy": p.monthly_subsidy, "insured": p.accident_insured,
              "gaps": tuple(gaps)}
    if gaps:
        return PLACEMENT_COMPLETE.finding(Outcome.NO, values, (), tuple(missing), p.id)
    if missing:
        return PLACEMENT_COMPLETE.finding(Outcome.INSUFFICIENT_DATA, values, (), tuple(missing),
                                          p.id)
    return PLACEMENT_COMPLETE.finding(Outcome.YES, values, subject=p.id)


# --------------------------------------------------------------------------- EMP-08


class SuitabilityGap(LabelledEnum):
    """Why a project is not a focus project for work-for-relief (EMP-08)."""

    LARGE_INVESTMENT = "large_investment", "投资规模不小"
    HIGH_TECHNICAL_THRESHOLD = "high_technical_threshold", "技术门槛不低"
    COMPLEX_PREPARATION = "complex_preparation", "前期工作不简单"
    HIGH_SKILL_NEEDS = "high_skill_needs", "务工技能要求高"
    OUTSIDE_DOMAINS = "outside_domains", "不在所列基础设施领域"


_LEVELS = tuple(TechnicalLevel)

PROJECT_SUITABILITY = RuleSpec(
    polarity=Polarity.INFO,
    id="EMP-08",
    reads=("domain", "id", "investment", "name", "preparation_months", "skilled_labor_share",
           "technical_threshold"),
    title_zh="项目适合以工代赈（投资规模小、技术门槛低、前期工作简单、务工技能要求不高）",
    title_en="The project suits work-for-relief (small, low threshold, simple preparation, "
             "low skill needs)",
    citations=(Citation(
        "Ch7 §4",
        "以投资规模小、技术门槛低、前期工作简单、务工技能要求不高的农业基础设施项目为重点 … "
        "围绕农业生产生活、交通、水利、文化旅游和林业等基础设施建设领域"),),
    parameters=("employment.relief_max_investment", "employment.relief_max_technical_level",
                "employment.relief_max_preparation_months", "employment.relief_max_skilled_share"),
    reasons={
        Outcome.YES: Reason("“{project}”（{domain}）：投资 {investment} 万元 ≤ {max_investment}，"
                            "技术门槛{level}，前期 {months} 个月 ≤ {max_months}，技能岗位占比 "
                            "{skilled} ≤ {max_skilled}",
                            "{project} ({domain}): investment {investment} ≤ {max_investment} "
                            "(10,000 yuan), {level} threshold, preparation {months} ≤ "
                            "{max_months} months, skilled share {skilled} ≤ {max_skilled}"),
        Outcome.NO: Reason("“{project}”不适合作为以工代赈重点：{gaps}（投资 {investment} 万元，"
                           "上限 {max_investment}；技术门槛{level}；前期 {months} 个月，上限 "
                           "{max_months}；技能岗位占比 {skilled}，上限 {max_skilled}）",
                           "{project} is not a work-for-relief focus project: {gaps} "
                           "(investment {investment}, limit {max_investment}; {level} "
                           "threshold; preparation {months} months, limit {max_months}; "
                           "skilled share {skilled}, limit {max_skilled})"),
    },
)


def project_suitability(project: WorkForReliefProject, params: ParameterSet,
                        on: dt.date) -> Finding:
    """EMP-08: YES when every suitability test passes (the limits are assumption parameters)."""
    inv = params.get("employment.relief_max_investment", on)
    lvl = params.get("employment.relief_max_technical_level", on)
    prep = params.get("employment.relief_max_preparation_months", on)
    skl = params.get("employment.relief_max_skilled_share", on)
    used = (inv, lvl, prep, skl)
    max_level = TechnicalLevel.parse(params.choice(lvl.name, on))
    checks: tuple[tuple[bool | None, SuitabilityGap, str], ...] = (
        (None if project.investment is None
         else project.investment <= params.decimal(inv.name, on),
         SuitabilityGap.LARGE_INVESTMENT, "investment"),
        (None if project.technical_threshold is None
         else _LEVELS.index(project.technical_threshold) <= _LEVELS.index(max_level),
         SuitabilityGap.HIGH_TECHNICAL_THRESHOLD, "technical_threshold"),
        (None if project.preparation_months is None
         else project.preparation_months <= params.integer(prep.name, on),
         SuitabilityGap.COMPLEX_PREPARATION, "preparation_months"),
        (None if project.skilled_labor_share is None
         else project.skilled_labor_share <= params.decimal(skl.name, on),
         SuitabilityGap.HIGH_SKILL_NEEDS, "skilled_labor_share"),
        (project.domain is not ProjectDomain.OTHER, SuitabilityGap.OUTSIDE_DOMAINS, "domain"),
    )
    gaps = tuple(g for ok, g, _ in checks if ok is False)
    missing = tuple(f for ok, _, f in checks if ok is None)
    values = {"project": project.name, "domain": project.domain, "investment": project.investment,
              "max_investment": inv.value, "level": project.technical_threshold,
              "months": project.preparation_months, "max_months": prep.value,
              "skilled": project.skilled_labor_share, "max_skilled": skl.value, "gaps": gaps}
    if gaps:
        return PROJECT_SUITABILITY.finding(Outcome.NO, values, used, missing, project.id)
    if missing:
        return PROJECT_SUITABILITY.finding(Outcome.INSUFFICIENT_DATA, values, used, missing,
                                           project.id)
    return PROJECT_SUITABILITY.finding(Outcome.YES, values, used, subject=project.id)


RULES: tuple[Rule[Any], ...] = (
    Rule(UNEMPLOYMENT_RESPONSE, unemployment_response),
    Rule(PUBLIC_WELFARE_PRIORITY, public_welfare_priority),
    Rule(SUBSIDY_IN_POST, subsidy_in_post),
    Rule(RELIEF_PAY, relief_pay),
    Rule(RELIEF_HIRING_PRIORITY, relief_hiring_priority),
    Rule(REMUNERATION_SHARE, remuneration_share),
    Rule(TRANSFER_EMPLOYMENT, transfer_employment),
    Rule(TRAINING_COVERAGE, training_coverage),
    Rule(WORKSHOP_RECTIFICATION, workshop_rectification),
    Rule(WORKSHOP_HIRING_PRIORITY, workshop_hiring_priority),
    Rule(PLACEMENT_COMPLETE, placement_complete),
    Rule(PROJECT_SUITABILITY, project_suitability),
)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("EMP-07", Citation(
        "Box 5", "积极开发和拓宽保洁员、生态护林员、湿地管护员、巡河员、巡湖员等多类公益性岗位")),
)
