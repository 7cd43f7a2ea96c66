"""Strategies for the employment, transition and construction models (EMP, TRN, BLD).

Objects are valid by construction and every assessed field is sometimes
"not assessed" (None or a ``NOT_ASSESSED`` member).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final, TypeVar

from hypothesis import strategies as st

from ...models._fields import Identifier, Quantity
from ...models.construction import (
    ChronicCondition,
    ChronicDiseaseManagement,
    ConditionCount,
    Settlement,
    SiteType,
    ToiletSite,
    TownHealthCentre,
    VillageClinic,
    VillageFacilities,
)
from ...models.employment import (
    AssistanceWorkshop,
    ContractKind,
    HiringRound,
    LaborCohort,
    ManagementStatus,
    OperationStatus,
    PayRecord,
    ProjectDomain,
    PublicWelfarePlacement,
    PublicWelfarePostType,
    SubsidyPayment,
    TechnicalLevel,
    TrainingRecord,
    Worker,
    WorkForReliefProject,
)
from ...models.household import EmploymentStatus, LaborCapacity
from ...models.transition import (
    Disposition,
    FiscalFundName,
    FundAllocation,
    NoRemovalKind,
    Policy,
    PolicyType,
    SubjectKind,
    Withdrawal,
)
from ._household import dates, identifiers, money, names, quantities, texts

__all__ = [
    "assistance_workshops",
    "chronic_disease_management",
    "condition_counts",
    "fund_allocations",
    "hiring_rounds",
    "labor_cohorts",
    "pay_records",
    "policies",
    "public_welfare_placements",
    "settlements",
    "subsidy_payments",
    "toilet_sites",
    "town_health_centres",
    "training_records",
    "village_clinics",
    "village_facilities",
    "withdrawals",
    "work_for_relief_projects",
    "workers",
]

T = TypeVar("T")

_FIRST: Final = dt.date(2015, 1, 1)
_LAST: Final = dt.date(2040, 12, 31)
_MAYBE_BOOL: Final = st.none() | st.booleans()


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _counts(max_value: int = 2000) -> st.SearchStrategy[int | None]:
    return _maybe(st.integers(0, max_value))


# --------------------------------------------------------------------------- employment


@st.composite
def workers(draw: st.DrawFn, *, worker_id: str | None = None) -> Worker:
    """A worker; every field is sometimes not assessed."""
    return Worker(
        id=Identifier(worker_id) if worker_id is not None else draw(identifiers()),
        lifted=draw(_MAYBE_BOOL),
        at_risk=draw(_MAYBE_BOOL),
        low_income=draw(_MAYBE_BOOL),
        local=draw(_MAYBE_BOOL),
        labor_capacity=draw(st.sampled_from(LaborCapacity)),
        employment_status=draw(st.sampled_from(EmploymentStatus)),
        willing_to_work=draw(_MAYBE_BOOL),
        training_need=draw(_MAYBE_BOOL),
        meets_aid_conditions=draw(_MAYBE_BOOL),
    )


def _worker_list(max_size: int = 8) -> st.SearchStrategy[list[Worker]]:
    return st.lists(st.integers(0, 10**6), min_size=0, max_size=max_size,
                    unique=True).flatmap(
        lambda ns: st.tuples(*(workers(worker_id=f"W{n}") for n in ns)).map(list))


@st.composite
def hiring_rounds(draw: st.DrawFn) -> HiringRound:
    """Candidates, some hired and some found ineligible (never both)."""
    candidates = draw(_worker_list())
    ids = [c.id for c in candidates]
    hired = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    rest = [i for i in ids if i not in hired]
    ineligible = draw(st.lists(st.sampled_from(rest), unique=True)) if rest else []
    return HiringRound(id=draw(identifiers()), candidates=tuple(candidates),
                       hired=tuple(hired), ineligible=tuple(ineligible))


@st.composite
def subsidy_payments(draw: st.DrawFn) -> SubsidyPayment:
    """A subsidy payment, sometimes with the period it pays for."""
    paid = draw(dates(_FIRST, _LAST))
    if draw(st.booleans()):
        start = draw(dates(_FIRST, _LAST))
        end = draw(dates(start, _LAST))
        return SubsidyPayment(paid_on=paid, amount=draw(money(10**4)), period_start=start,
                              period_end=end)
    return SubsidyPayment(paid_on=paid, amount=draw(money(10**4)))


@st.composite
def public_welfare_placements(draw: st.DrawFn) -> PublicWelfarePlacement:
    """A placement with consistent dates and any subsidy payments."""
    appointed = draw(dates(_FIRST, _LAST))
    exited = draw(_maybe(dates(appointed, _LAST)))
    return PublicWelfarePlacement(
        id=draw(identifiers()),
        post_type=draw(st.sampled_from(PublicWelfarePostType)),
        worker_id=draw(identifiers()),
        appointed_on=appointed,
        exited_on=exited,
        contract=draw(st.sampled_from(ContractKind)),
        monthly_subsidy=draw(_maybe(money(5000))),
        insurance_eligible=draw(_MAYBE_BOOL),
        accident_insured=draw(_MAYBE_BOOL),
        payments=tuple(draw(st.lists(subsidy_payments(), max_size=4))),
    )


@st.composite
def pay_records(draw: st.DrawFn) -> PayRecord:
    """A pay record, paid or not, in full or not."""
    return PayRecord(worker_id=draw(identifiers()), due_on=draw(dates(_FIRST, _LAST)),
                     amount_due=draw(money(10**5)), amount_paid=draw(money(10**5)),
                     paid_on=draw(_maybe(dates(_FIRST, _LAST))))


@st.composite
def work_for_relief_projects(draw: st.DrawFn) -> WorkForReliefProject:
    """A work-for-relief project with suitability data, hiring and pay records."""
    return WorkForReliefProject(
        id=draw(identifiers()),
        name=draw(names("工程")),
        domain=draw(st.sampled_from(ProjectDomain)),
        investment=draw(_maybe(quantities(5000))),
        technical_threshold=draw(_maybe(st.sampled_from(TechnicalLevel))),
        preparation_months=draw(_counts(48)),
        skilled_labor_share=draw(_maybe(st.integers(0, 100).map(
            lambda n: Quantity(Decimal(n).scaleb(-2))))),
        total_funds=draw(_maybe(money(10**8))),
        labor_remuneration=draw(_maybe(money(10**8))),
        hiring=draw(_maybe(hiring_rounds())),
        pay_records=tuple(draw(st.lists(pay_records(), max_size=4))),
    )


@st.composite
def assistance_workshops(draw: st.DrawFn) -> AssistanceWorkshop:
    """A workshop; priority employees never exceed employees."""
    employees = draw(_counts(500))
    priority = draw(_maybe(st.integers(0, employees if employees is not None else 500)))
    return AssistanceWorkshop(
        id=draw(identifiers()), name=draw(names("车间")),
        former_poverty_workshop=draw(st.booleans()),
        operation=draw(st.sampled_from(OperationStatus)),
        management=draw(st.sampled_from(ManagementStatus)),
        employees=employees, priority_employees=priority,
        hiring=draw(_maybe(hiring_rounds())),
    )


@st.composite
def training_records(draw: st.DrawFn) -> TrainingRecord:
    """A completed training."""
    return TrainingRecord(worker_id=draw(identifiers()), completed_on=draw(dates(_FIRST, _LAST)),
                          course=draw(texts()))


@st.composite
def labor_cohorts(draw: st.DrawFn) -> LaborCohort:
    """Workers of an area in a year, some with training records in that year."""
    year = draw(st.integers(2021, 2025))
    ws = draw(_worker_list(12))
    trained = draw(st.lists(st.sampled_from([w.id for w in ws]), unique=True)) if ws else []
    records = tuple(TrainingRecord(worker_id=i, completed_on=draw(
        dates(dt.date(year - 1, 1, 1), dt.date(year, 12, 31)))) for i in trained)
    return LaborCohort(area=draw(names("镇")), year=year, workers=tuple(ws), trainings=records)


# --------------------------------------------------------------------------- transition


@st.composite
def withdrawals(draw: st.DrawFn) -> Withdrawal:
    """A proposed withdrawal, effective on any day from 2015 to 2040 (or unset)."""
    return Withdrawal(
        id=draw(identifiers()), subject=draw(names("村")),
        subject_kind=draw(st.sampled_from(SubjectKind)),
        kind=draw(st.sampled_from(NoRemovalKind)), lifted=draw(_MAYBE_BOOL),
        effective_on=draw(_maybe(dates(_FIRST, _LAST))),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A policy with a type and sometimes a disposition."""
    return Policy(id=draw(identifiers()), name=draw(names("政策")),
                  policy_type=draw(st.sampled_from(PolicyType)),
                  disposition=draw(_maybe(st.sampled_from(Disposition))))


@st.composite
def fund_allocations(draw: st.DrawFn) -> FundAllocation:
    """An allocation under either fund name."""
    return FundAllocation(id=draw(identifiers()),
                          fund_name=draw(st.sampled_from(FiscalFundName)),
                          amount=draw(_maybe(money(10**7))))


# --------------------------------------------------------------------------- construction


@st.composite
def settlements(draw: st.DrawFn, max_households: int = 1000,
                max_residents: int = 3000) -> Settlement:
    """A settlement; counts are sometimes not assessed."""
    return Settlement(id=draw(identifiers()), name=draw(names("聚居点")),
                      resident_households=draw(_counts(max_households)),
                      residents=draw(_counts(max_residents)),
                      has_sewage_facility=draw(_MAYBE_BOOL))


@st.composite
def village_clinics(draw: st.DrawFn, clinic_id: str | None = None) -> VillageClinic:
    """A village clinic with or without a count of village doctors."""
    return VillageClinic(id=Identifier(clinic_id) if clinic_id is not None
                         else draw(identifiers()), village_doctors=draw(_counts(5)))


@st.composite
def village_facilities(draw: st.DrawFn) -> VillageFacilities:
    """A village with households, service area and clinics."""
    clinic_ids = draw(_maybe(st.lists(st.integers(0, 99), max_size=3, unique=True)))
    clinics = None if clinic_ids is None else tuple(
        draw(village_clinics(f"C{n}")) for n in clinic_ids)
    return VillageFacilities(village=draw(names("村")), town=draw(names("镇")),
                             households=draw(_counts(3000)),
                             service_facility_area_m2=draw(_maybe(quantities(5000))),
                             clinics=clinics)


@st.composite
def town_health_centres(draw: st.DrawFn) -> TownHealthCentre:
    """A town health centre."""
    return TownHealthCentre(id=draw(identifiers()), town=draw(names("镇")),
                            general_practitioners=draw(_counts(10)),
                            has_tcm_hall=draw(_MAYBE_BOOL))


@st.composite
def condition_counts(draw: st.DrawFn,
                     condition: ChronicCondition | None = None) -> ConditionCount:
    """Counts for one condition (any, by default); managed never exceeds patients."""
    cond = condition if condition is not None else draw(st.sampled_from(ChronicCondition))
    patients = draw(_counts(5000))
    managed = draw(_maybe(st.integers(0, patients if patients is not None else 5000)))
    return ConditionCount(condition=cond, patients=patients, managed=managed)


@st.composite
def chronic_disease_management(draw: st.DrawFn) -> ChronicDiseaseManagement:
    """A year's counts for some or all of the four conditions."""
    conditions = draw(st.lists(st.sampled_from(ChronicCondition), unique=True))
    return ChronicDiseaseManagement(
        area=draw(names("区")), year=draw(st.integers(2021, 2025)),
        conditions=tuple(draw(condition_counts(c)) for c in conditions),
        serious_illness_diseases=draw(_counts(100)))


@st.composite
def toilet_sites(draw: st.DrawFn) -> ToiletSite:
    """A site of any type with or without toilets."""
    return ToiletSite(id=draw(identifiers()), site_type=draw(st.sampled_from(SiteType)),
                      has_sanitary_toilet=draw(_MAYBE_BOOL),
                      has_public_toilet=draw(_MAYBE_BOOL))
