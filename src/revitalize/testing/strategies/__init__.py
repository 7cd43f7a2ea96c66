"""Public hypothesis strategies that build valid model objects by construction.

Each area has a private module (``_household`` ...) re-exported here, one
import line per module. Every strategy's objects pass construction, a JSON
round trip, their JSON Schema (:mod:`revitalize.schema`) and
:func:`revitalize.models.validate` on the strategies' assessment date (``on``,
default :data:`ASSESSMENT_DATE`) with the packaged place registry. Edge values
come up often: money at ``0``, ``0.01`` and the top of its range, dates at the
ends of their range, of the plan period and on leap days, Chinese text, and
"not assessed" (None) for every assessed field.

:func:`for_model` names the strategy of a model by class or name: every input
that has a JSON Schema (``revitalize schema`` lists them) and every attrs class
:mod:`revitalize.models` exports has one (a test keeps it so).

>>> from revitalize.models import Household
>>> for_model(Household) is not None and for_model("ObservationSet") is not None
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from hypothesis import strategies as st

from ._assets import (
    WANSHENG_TOWNS,
    allocation_weights,
    asset_registers,
    beneficiary_changes,
    disposal_records,
    distribution_parts,
    dividend_terms,
    fen_amounts,
    funding_shares,
    income_records,
    leading_enterprises,
    ledger_entries,
    linkage_records,
    managements,
    owners,
    park_applications,
    performance_evaluations,
    pledges,
    population_changes,
    produce_records,
    project_assets,
    provident_fund_uses,
    village_collectives,
)
from ._employment import (
    assistance_workshops,
    chronic_disease_management,
    condition_counts,
    fund_allocations,
    hiring_rounds,
    labor_cohorts,
    pay_records,
    policies,
    public_welfare_placements,
    settlements,
    subsidy_payments,
    toilet_sites,
    town_health_centres,
    training_records,
    village_clinics,
    village_facilities,
    withdrawals,
    work_for_relief_projects,
    workers,
)
from ._household import (
    ASSESSMENT_DATE,
    MONEY_MAX_YUAN,
    catalog_ids,
    dates,
    department_records,
    drinking_water,
    households,
    housing,
    identifiers,
    measures,
    members,
    money,
    monitoring_cases,
    names,
    quantities,
    rigid_expenditures,
    status_changes,
    texts,
    warning_clues,
)
from ._inputs import case_registers, observation_sets, observations, screening_records
from ._places import (
    GOVERNANCE_YEAR,
    activities,
    assistance_groups,
    civilized_titles,
    complete_governance_records,
    contact_assignments,
    disclosures,
    governance_records,
    governance_trainings,
    joint_meetings,
    legal_advisers,
    local_talents,
    party_admissions,
    place_counts,
    place_lists,
    place_refs,
    place_registries,
    reserve_cadres,
    reserve_pools,
    support_posts,
    three_governance_checks,
    towns,
    village_officials,
    villages,
    visits,
    work_teams,
)

__all__ = [
    "ASSESSMENT_DATE",
    "GOVERNANCE_YEAR",
    "MONEY_MAX_YUAN",
    "WANSHENG_TOWNS",
    "activities",
    "allocation_weights",
    "asset_registers",
    "assistance_groups",
    "assistance_workshops",
    "beneficiary_changes",
    "case_registers",
    "catalog_ids",
    "chronic_disease_management",
    "civilized_titles",
    "complete_governance_records",
    "condition_counts",
    "contact_assignments",
    "dates",
    "department_records",
    "disclosures",
    "disposal_records",
    "distribution_parts",
    "dividend_terms",
    "drinking_water",
    "fen_amounts",
    "for_model",
    "fund_allocations",
    "funding_shares",
    "governance_records",
    "governance_trainings",
    "hiring_rounds",
    "households",
    "housing",
    "identifiers",
    "income_records",
    "joint_meetings",
    "labor_cohorts",
    "leading_enterprises",
    "ledger_entries",
    "legal_advisers",
    "linkage_records",
    "local_talents",
    "managements",
    "measures",
    "members",
    "model_names",
    "money",
    "monitoring_cases",
    "names",
    "observation_sets",
    "observations",
    "owners",
    "park_applications",
    "party_admissions",
    "pay_records",
    "performance_evaluations",
    "place_counts",
    "place_lists",
    "place_refs",
    "place_registries",
    "pledges",
    "policies",
    "population_changes",
    "produce_records",
    "project_assets",
    "provident_fund_uses",
    "public_welfare_placements",
    "quantities",
    "reserve_cadres",
    "reserve_pools",
    "rigid_expenditures",
    "screening_records",
    "settlements",
    "status_changes",
    "subsidy_payments",
    "support_posts",
    "texts",
    "three_governance_checks",
    "toilet_sites",
    "town_health_centres",
    "towns",
    "training_records",
    "village_clinics",
    "village_collectives",
    "village_facilities",
    "village_officials",
    "villages",
    "visits",
    "warning_clues",
    "withdrawals",
    "work_for_relief_projects",
    "work_teams",
    "workers",
]

_Factory = Callable[[], st.SearchStrategy[Any]]

#: The strategy of each model, by class name (a single object each).
_BY_MODEL: Final[Mapping[str, _Factory]] = MappingProxyType({
    # household and monitoring
    "DepartmentRecord": department_records,
    "DrinkingWater": drinking_water,
    "Household": households,
    "Housing": housing,
    "Measure": measures,
    "Member": members,
    "MonitoringCase": monitoring_cases,
    "RigidExpenditure": rigid_expenditures,
    "StatusChange": lambda: status_changes(min_size=1).flatmap(st.sampled_from),
    "WarningClue": warning_clues,
    # assets and industry
    "AssetRegister": asset_registers,
    "BeneficiaryChange": beneficiary_changes,
    "DisposalRecord": disposal_records,
    "DistributionPart": distribution_parts,
    "DividendTerms": dividend_terms,
    "FundingShare": lambda: funding_shares().flatmap(st.sampled_from),
    "IncomeRecord": income_records,
    "LeadingEnterprise": leading_enterprises,
    "LedgerEntry": ledger_entries,
    "LinkageRecord": linkage_records,
    "Management": managements,
    "Owner": owners,
    "ParkApplication": park_applications,
    "PerformanceEvaluation": performance_evaluations,
    "Pledge": pledges,
    "PopulationChange": population_changes,
    "ProduceRecord": produce_records,
    "ProjectAsset": project_assets,
    "ProvidentFundUse": provident_fund_uses,
    "VillageCollective": village_collectives,
    # employment, transition, construction
    "AssistanceWorkshop": assistance_workshops,
    "ChronicDiseaseManagement": chronic_disease_management,
    "ConditionCount": condition_counts,
    "FundAllocation": fund_allocations,
    "HiringRound": hiring_rounds,
    "LaborCohort": labor_cohorts,
    "PayRecord": pay_records,
    "Policy": policies,
    "PublicWelfarePlacement": public_welfare_placements,
    "Settlement": settlements,
    "SubsidyPayment": subsidy_payments,
    "ToiletSite": toilet_sites,
    "TownHealthCentre": town_health_centres,
    "TrainingRecord": training_records,
    "VillageClinic": village_clinics,
    "VillageFacilities": village_facilities,
    "Withdrawal": withdrawals,
    "WorkForReliefProject": work_for_relief_projects,
    "Worker": workers,
    # places and governance
    "Activity": activities,
    "AssistanceGroup": assistance_groups,
    "CivilizedTitle": civilized_titles,
    "ContactAssignment": contact_assignments,
    "Disclosure": disclosures,
    "GovernanceRecords": governance_records,
    "JointMeeting": joint_meetings,
    "LegalAdviser": legal_advisers,
    "LocalTalent": local_talents,
    "PartyAdmission": party_admissions,
    "PlaceCount": place_counts,
    "PlaceList": place_lists,
    "PlaceRef": place_refs,
    "PlaceRegistry": place_registries,
    "ReserveCadre": reserve_cadres,
    "ReservePool": reserve_pools,
    "SupportPost": support_posts,
    "ThreeGovernance": three_governance_checks,
    "Town": towns,
    "Training": governance_trainings,
    "Village": villages,
    "VillageOfficial": village_officials,
    "Visit": visits,
    "WorkTeam": work_teams,
    # whole-file inputs
    "CaseRegister": case_registers,
    "Observation": observations,
    "ObservationSet": observation_sets,
    "ScreeningRecord": screening_records,
})


def model_names() -> tuple[str, ...]:
    """The names of the models :func:`for_model` has a strategy for, sorted."""
    return tuple(sorted(_BY_MODEL))


def for_model(model: type[Any] | str) -> st.SearchStrategy[Any]:
    """The strategy that draws valid ``model`` objects (a class or its name).

    An unknown model is a :class:`~revitalize.errors.UnknownNameError` with the
    close matches.

    >>> for_model("Houshold")
    Traceback (most recent call last):
    ...
    revitalize.errors.UnknownNameError: unknown model 'Houshold'; did you mean 'Household'? ...
    """
    name = model if isinstance(model, str) else model.__name__
    factory = _BY_MODEL.get(name)
    if factory is None:
        from ...errors import UnknownNameError

        raise UnknownNameError("model", name, _BY_MODEL)
    return factory()
