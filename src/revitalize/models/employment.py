"""Employment inputs (Ch7, Box 5, Ch4 §1): workers, public-welfare jobs, work-for-relief, workshops.

- :class:`Worker`: what the employment rules read about one person: lifted
  out of poverty, at-risk, low-income, labor capacity, employment status,
  willingness and training need (:meth:`Worker.from_member` builds it from a
  :class:`~revitalize.models.household.Household` member);
- :class:`HiringRound`: candidates and the ones hired, for the priority
  checks (EMP-02, EMP-03, EMP-06);
- :class:`PublicWelfarePlacement`: a person placed in a public-welfare job,
  with dates, contract or agreement, subsidy, accident insurance and subsidy
  payments (EMP-02, EMP-07); :class:`PostStage` is the job's life cycle;
- :class:`WorkForReliefProject` with :class:`PayRecord`: a work-for-relief
  project, its suitability data, hiring and pay (EMP-03, EMP-08);
- :class:`AssistanceWorkshop`: an employment-assistance workshop (EMP-06);
- :class:`LaborCohort` with :class:`TrainingRecord`: the people and training
  records behind transfer employment and training coverage (EMP-04, EMP-05).

None (or a ``NOT_ASSESSED`` member) means "not assessed".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..errors import IllegalTransitionError, InvalidInputError, Problem
from ._enums import LabelledEnum
from ._fields import (
    Identifier,
    Money,
    Name,
    Quantity,
    Text,
    enum_member,
    identifier,
    instance_of,
    int_between,
    iso_date,
    money,
    name,
    optional,
    quantity,
    strict_bool,
    text,
    tuple_of,
    unique,
)
from .household import EmploymentStatus, Household, LaborCapacity, PovertyStatus

__all__ = [
    "POST_STAGE_MOVES",
    "AssistanceWorkshop",
    "ContractKind",
    "HiringRound",
    "LaborCohort",
    "ManagementStatus",
    "OperationStatus",
    "PayRecord",
    "PostStage",
    "ProjectDomain",
    "PublicWelfarePlacement",
    "PublicWelfarePostType",
    "SubsidyPayment",
    "TechnicalLevel",
    "TrainingRecord",
    "WorkForReliefProject",
    "Worker",
    "next_stage",
]


def _optional_bool() -> Any:
    return attrs.field(default=None, validator=optional(strict_bool))


def _ids_unique(what: str) -> Any:
    return unique(lambda x: x.id, what)


# --------------------------------------------------------------------------- worker


@attrs.frozen
class Worker:
    """One person as the employment rules see them.

    ``lifted`` marks people lifted out of poverty (脱贫人口), ``at_risk``
    members of households at risk of returning to or falling into poverty
    (易返贫致贫户), ``low_income`` other rural low-income people (其他农村低收入群体),
    ``local`` labor from the project's own or a nearby village (就地就近).
    ``meets_aid_conditions`` says whether the person meets the conditions of
    employment aid (符合条件, EMP-01).
    """

    id: Identifier = attrs.field(validator=identifier)
    lifted: bool | None = _optional_bool()
    at_risk: bool | None = _optional_bool()
    low_income: bool | None = _optional_bool()
    local: bool | None = _optional_bool()
    labor_capacity: LaborCapacity = attrs.field(
        default=LaborCapacity.NOT_ASSESSED, validator=enum_member(LaborCapacity)
    )
    employment_status: EmploymentStatus = attrs.field(
        default=EmploymentStatus.NOT_ASSESSED, validator=enum_member(EmploymentStatus)
    )
    willing_to_work: bool | None = _optional_bool()
    training_need: bool | None = _optional_bool()
    meets_aid_conditions: bool | None = _optional_bool()

    @classmethod
    def from_member(
        cls,
        household: Household,
        member_id: str,
        *,
        at_risk: bool | None = None,
        low_income: bool | None = None,
        local: bool | None = None,
        meets_aid_conditions: bool | None = None,
    ) -> Worker:
        """The worker for one member of ``household`` (lifted: a registered, lifted household).

        Whether the household is at risk comes from monitoring (MON rules), so it
        is passed in, as are low income, locality and aid conditions.
        """
        m = household.member(member_id)
        return cls(
            id=m.id,
            lifted=household.poverty_status is PovertyStatus.REGISTERED_LIFTED,
            at_risk=at_risk,
            low_income=low_income,
            local=local,
            labor_capacity=m.labor_capacity,
            employment_status=m.employment_status,
            willing_to_work=m.willing_to_work,
            training_need=m.training_need,
            meets_aid_conditions=meets_aid_conditions,
        )


def _hired_are_candidates(inst: HiringRound, attribute: attrs.Attribute[Any], value: Any) -> None:
    known = {c.id for c in inst.candidates}
    problems = [Problem(f"$.{attribute.name}[{i}]",
                        f"{x!r} is not among the candidates; expected one of the candidate ids")
                for i, x in enumerate(value) if x not in known]
    if problems:
        raise InvalidInputError(problems)


@attrs.frozen
class HiringRound:
    """Candidates for jobs and the ids of those hired.

    ``ineligible`` names candidates found not to meet the job's conditions
    (不符合条件): passing them over is no breach of priority.
    """

    id: Identifier = attrs.field(validator=identifier)
    candidates: tuple[Worker, ...] = attrs.field(
        validator=[tuple_of(instance_of(Worker)), _ids_unique("candidate id")]
    )
    hired: tuple[Identifier, ...] = attrs.field(
        default=(), validator=[tuple_of(identifier), unique(what="hired id"),
                               _hired_are_candidates]
    )
    ineligible: tuple[Identifier, ...] = attrs.field(
        default=(), validator=[tuple_of(identifier), unique(what="ineligible id"),
                               _hired_are_candidates]
    )


# --------------------------------------------------------------------------- public-welfare jobs


class PublicWelfarePostType(LabelledEnum):
    """Types of rural public-welfare job (EMP-07, Box 5)."""

    CLEANER = "cleaner", "保洁员"
    FOREST_RANGER = "forest_ranger", "生态护林员"
    WETLAND_KEEPER = "wetland_keeper", "湿地管护员"
    RIVER_PATROL = "river_patrol", "巡河员"
    LAKE_PATROL = "lake_patrol", "巡湖员"
    #: Another type of the "多类公益性岗位".
    OTHER = "other", "其他公益性岗位"


class PostStage(LabelledEnum):
    """The life cycle of a public-welfare job (EMP-02: 按需设岗、以岗聘任、在岗领补、有序退岗)."""

    CREATED = "created", "按需设岗"
    APPOINTED = "appointed", "以岗聘任"
    IN_POST = "in_post", "在岗领补"
    EXITED = "exited", "有序退岗"


#: The allowed moves of the job life cycle (EMP-02).
POST_STAGE_MOVES: Final[Mapping[PostStage, tuple[PostStage, ...]]] = MappingProxyType({
    PostStage.CREATED: (PostStage.APPOINTED,),
    PostStage.APPOINTED: (PostStage.IN_POST,),
    PostStage.IN_POST: (PostStage.EXITED,),
    PostStage.EXITED: (),
})


def next_stage(current: PostStage, target: PostStage) -> PostStage:
    """Move a job from ``current`` to ``target``; a move out of order is an error (EMP-02).

    >>> next_stage(PostStage.APPOINTED, PostStage.IN_POST).label_zh
    '在岗领补'
    >>> next_stage(PostStage.CREATED, PostStage.IN_POST)
    Traceback (most recent call last):
    ...
    revitalize.errors.IllegalTransitionError: public-welfare job: cannot move from 'created' \
to 'in_post'; allowed moves: appointed
    """
    allowed = POST_STAGE_MOVES[current]
    if target not in allowed:
        raise IllegalTransitionError("public-welfare job", current.value, target.value,
                                     [s.value for s in allowed])
    return target


class ContractKind(LabelledEnum):
    """The contract of a placement (EMP-07: 依法签订劳动合同或劳务协议)."""

    LABOR_CONTRACT = "labor_contract", "劳动合同"
    SERVICE_AGREEMENT = "service_agreement", "劳务协议"
    NONE = "none", "未签订"
    NOT_ASSESSED = "not_assessed", "未评估"


def _period_order(inst: SubsidyPayment, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (value is None) != (inst.period_start is None):
        raise InvalidInputError.one(
            f"$.{attribute.name}", "give both period_start and period_end, or neither")
    if value is not None and inst.period_start is not None and value < inst.period_start:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"the period ends on {value.isoformat()}, before it starts on "
            f"{inst.period_start.isoformat()}")


@attrs.frozen
class SubsidyPayment:
    """One post-subsidy payment: when it was paid, how much, and the period it pays for.

    Without a period, the payment counts for the day it was paid.
    """

    paid_on: dt.date = attrs.field(validator=iso_date)
    amount: Money = attrs.field(validator=money)
    period_start: dt.date | None = attrs.field(default=None, validator=optional(iso_date))
    period_end: dt.date | None = attrs.field(
        default=None, validator=[optional(iso_date), _period_order])

    @property
    def covers(self) -> tuple[dt.date, dt.date]:
        """The first and last day the payment is for."""
        if self.period_start is not None and self.period_end is not None:
            return self.period_start, self.period_end
        return self.paid_on, self.paid_on


def _exit_after_appointment(inst: PublicWelfarePlacement, attribute: attrs.Attribute[Any],
                            value: Any) -> None:
    if value is not None and value < inst.appointed_on:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"exit on {value.isoformat()} is before the appointment on "
            f"{inst.appointed_on.isoformat()}")


@attrs.frozen
class PublicWelfarePlacement:
    """A person placed in a rural public-welfare job (EMP-02, EMP-07).

    The person is in post from ``appointed_on`` to ``exited_on`` (inclusive;
    None = still in post). ``monthly_subsidy`` is the post subsidy (0 = none
    granted, None = not assessed); ``insurance_eligible`` whether the placement
    meets the conditions for accident insurance (具备条件).
    """

    id: Identifier = attrs.field(validator=identifier)
    post_type: PublicWelfarePostType = attrs.field(validator=enum_member(PublicWelfarePostType))
    worker_id: Identifier = attrs.field(validator=identifier)
    appointed_on: dt.date = attrs.field(validator=iso_date)
    exited_on: dt.date | None = attrs.field(
        default=None, validator=[optional(iso_date), _exit_after_appointment])
    contract: ContractKind = attrs.field(
        default=ContractKind.NOT_ASSESSED, validator=enum_member(ContractKind))
    monthly_subsidy: Money | None = attrs.field(default=None, validator=optional(money))
    insurance_eligible: bool | None = _optional_bool()
    accident_insured: bool | None = _optional_bool()
    payments: tuple[SubsidyPayment, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(SubsidyPayment)))

    def in_post_on(self, on: dt.date) -> bool:
        """Whether the person is in post on ``on``."""
        return self.appointed_on <= on and (self.exited_on is None or on <= self.exited_on)

    def stage_on(self, on: dt.date) -> PostStage:
        """The life-cycle stage on ``on`` (before the appointment: the post is created)."""
        if on < self.appointed_on:
            return PostStage.CREATED
        if self.exited_on is not None and on > self.exited_on:
            return PostStage.EXITED
        return PostStage.IN_POST


# --------------------------------------------------------------------------- work-for-relief


class TechnicalLevel(LabelledEnum):
    """A project's technical threshold (技术门槛), EMP-08."""

    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class ProjectDomain(LabelledEnum):
    """Domains of work-for-relief infrastructure (EMP-08, Ch7 §4)."""

    AGRICULTURAL_PRODUCTION_LIVING = "agricultural_production_living", "农业生产生活"
    TRANSPORT = "transport", "交通"
    WATER_CONSERVANCY = "water_conservancy", "水利"
    CULTURE_TOURISM = "culture_tourism", "文化旅游"
    FORESTRY = "forestry", "林业"
    OTHER = "other", "其他领域"


@attrs.frozen
class PayRecord:
    """Labor remuneration due to one worker for one period, and what was paid (EMP-03)."""

    worker_id: Identifier = attrs.field(validator=identifier)
    due_on: dt.date = attrs.field(validator=iso_date)
    amount_due: Money = attrs.field(validator=money)
    amount_paid: Money = attrs.field(default=Money(Decimal(0)), validator=money)
    #: The day of (the last) payment; None = nothing paid yet.
    paid_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))


def _fraction(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    quantity(inst, attribute, value)
    if value > 1:
        raise InvalidInputError.one(f"$.{attribute.name}",
                                    f"expected a fraction between 0 and 1, got {value}")


@attrs.frozen
class WorkForReliefProject:
    """A work-for-relief (以工代赈) project: suitability, funds, hiring and pay.

    ``investment`` is the total investment in 10,000 yuan (万元);
    ``skilled_labor_share`` the fraction of jobs that need a skill;
    ``total_funds`` and ``labor_remuneration`` are yuan.
    """

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=name)
    domain: ProjectDomain = attrs.field(validator=enum_member(ProjectDomain))
    investment: Quantity | None = attrs.field(default=None, validator=optional(quantity))
    technical_threshold: TechnicalLevel | None = attrs.field(
        default=None, validator=optional(enum_member(TechnicalLevel)))
    preparation_months: int | None = attrs.field(
        default=None, validator=optional(int_between(0, None)))
    skilled_labor_share: Quantity | None = attrs.field(default=None, validator=optional(_fraction))
    total_funds: Money | None = attrs.field(default=None, validator=optional(money))
    labor_remuneration: Money | None = attrs.field(default=None, validator=optional(money))
    hiring: HiringRound | None = attrs.field(default=None, validator=optional(
        instance_of(HiringRound)))
    pay_records: tuple[PayRecord, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(PayRecord)))


# --------------------------------------------------------------------------- workshops


class OperationStatus(LabelledEnum):
    """How a workshop operates (EMP-06)."""

    SOUND = "sound", "经营正常"
    POOR = "poor", "经营不佳"
    NOT_ASSESSED = "not_assessed", "未评估"


class ManagementStatus(LabelledEnum):
    """How a workshop is managed (EMP-06)."""

    SOUND = "sound", "管理规范"
    POOR = "poor", "管理不善"
    NOT_ASSESSED = "not_assessed", "未评估"


def _priority_not_above_total(inst: AssistanceWorkshop, attribute: attrs.Attribute[Any],
                              value: Any) -> None:
    if value is not None and inst.employees is not None and value > inst.employees:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"{value} priority employees but {inst.employees} employees in all; expected at most "
            f"{inst.employees}")


@attrs.frozen
class AssistanceWorkshop:
    """An employment-assistance workshop (就业帮扶车间), EMP-06.

    ``former_poverty_workshop`` marks a former poverty-alleviation workshop
    (原扶贫车间); ``priority_employees`` counts employees who are lifted out
    of poverty or from at-risk households.
    """

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=name)
    former_poverty_workshop: bool = attrs.field(default=True, validator=strict_bool)
    operation: OperationStatus = attrs.field(
        default=OperationStatus.NOT_ASSESSED, validator=enum_member(OperationStatus))
    management: ManagementStatus = attrs.field(
        default=ManagementStatus.NOT_ASSESSED, validator=enum_member(ManagementStatus))
    employees: int | None = attrs.field(default=None, validator=optional(int_between(0, None)))
    priority_employees: int | None = attrs.field(
        default=None, validator=[optional(int_between(0, None)), _priority_not_above_total])
    hiring: HiringRound | None = attrs.field(default=None, validator=optional(
        instance_of(HiringRound)))


# --------------------------------------------------------------------------- indicator inputs


@attrs.frozen
class TrainingRecord:
    """A completed training of one worker (EMP-05)."""

    worker_id: Identifier = attrs.field(validator=identifier)
    completed_on: dt.date = attrs.field(validator=iso_date)
    course: Text = attrs.field(default=Text(""), validator=text)


@attrs.frozen
class LaborCohort:
    """The workers of an area in a year and their training records (EMP-04, EMP-05)."""

    area: Name = attrs.field(validator=name)
    year: int = attrs.field(validator=int_between(2000, 2100))
    workers: tuple[Worker, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(Worker)), _ids_unique("worker id")])
    trainings: tuple[TrainingRecord, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(TrainingRecord)))

    def trained_in_year(self, worker_id: str) -> bool:
        """Whether ``worker_id`` completed a training in the cohort's year."""
        return any(t.worker_id == worker_id and t.completed_on.year == self.year
                   for t in self.trainings)
