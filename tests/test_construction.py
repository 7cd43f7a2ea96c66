"""BLD-01..06: sewage, service-facility area, health staffing, clinics, chronic care, toilets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.models.construction import (
    ChronicCondition,
    ChronicDiseaseManagement,
    ConditionCount,
    Settlement,
    SiteType,
    ToiletKind,
    ToiletSite,
    TownHealthCentre,
    VillageClinic,
    VillageFacilities,
)
from revitalize.policy.construction import (
    TOILET_REQUIREMENTS,
    centre_staffing,
    chronic_management,
    clinic_staffing,
    serious_illness_coverage,
    service_area,
    service_area_share,
    sewage_required,
    tcm_hall,
    toilet_requirement,
    village_clinics,
)
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import default_registry
from revitalize.testing.strategies._employment import (
    chronic_disease_management,
    settlements,
    toilet_sites,
    town_health_centres,
    village_facilities,
)

P = default_parameters()
ON = dt.date(2023, 6, 1)
MIN_H = P.integer("construction.sewage_min_households", ON)
MIN_P = P.integer("construction.sewage_min_residents", ON)
AREA = P.decimal("construction.service_area_per_100_households", ON)
SHARE = P.decimal("construction.service_area_village_share", ON)
GPS = P.integer("construction.gps_per_town_health_centre", ON)
DOCTORS = P.integer("construction.doctors_per_village_clinic", ON)
RATE = P.decimal("construction.chronic_management_rate", ON)
DISEASES = P.integer("construction.serious_illness_diseases", ON)
CLINICS = P.integer("construction.clinics_per_village", ON)


def settlement(households: int | None, residents: int | None) -> Settlement:
    return Settlement(id="S-1", name="石林聚居点", resident_households=households,
                      residents=residents, has_sewage_facility=False)


# --------------------------------------------------------------------------- BLD-01


@pytest.mark.parametrize("name", [
    "construction.sewage_min_households", "construction.sewage_min_residents",
    "construction.service_area_per_100_households", "construction.service_area_village_share",
    "construction.gps_per_town_health_centre", "construction.doctors_per_village_clinic",
    "construction.chronic_management_rate", "construction.serious_illness_diseases",
])
def test_plan_number_appears_in_its_source(plan_text: str, name: str) -> None:
    """Each threshold is the number in its source quote, and the quote is in the plan."""
    v = P.get(name, ON)
    quote = v.source.split(": ", 1)[1].split(" (")[0]
    assert quote in plan_text
    assert str(v.value) in quote


def test_household_boundary() -> None:
    """199 households (and few residents) need no facility; 200 do."""
    few = MIN_P - 1
    assert sewage_required(settlement(MIN_H - 1, few), P, ON).outcome is Outcome.NO
    f = sewage_required(settlement(MIN_H, few), P, ON)
    assert f.outcome is Outcome.YES
    assert f"{MIN_H} 户" in f.reason("zh") and "sewage" in f.reason("en")


def test_resident_boundary() -> None:
    """499 residents (and few households) need no facility; 500 do."""
    few = MIN_H - 1
    assert sewage_required(settlement(few, MIN_P - 1), P, ON).outcome is Outcome.NO
    assert sewage_required(settlement(few, MIN_P), P, ON).outcome is Outcome.YES


def test_either_threshold_suffices_even_when_the_other_is_unknown() -> None:
    """The test is OR: one known threshold met decides; otherwise unknown is insufficient."""
    assert sewage_required(settlement(MIN_H, None), P, ON).outcome is Outcome.YES
    assert sewage_required(settlement(None, MIN_P), P, ON).outcome is Outcome.YES
    f = sewage_required(settlement(MIN_H - 1, None), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("residents",)


def test_reform_moves_the_threshold() -> None:
    """The household threshold is read from the parameter set."""
    r = P.reform({"construction.sewage_min_households": MIN_H + 50})
    assert sewage_required(settlement(MIN_H, 0), r, ON).outcome is Outcome.NO


@given(settlements(), st.integers(0, 500), st.integers(0, 1500))
def test_adding_households_never_removes_the_requirement(s: Settlement, more_h: int,
                                                         more_p: int) -> None:
    """More households or residents never turn a requirement off."""
    before = sewage_required(s, P, ON)
    grown = attrs.evolve(
        s,
        resident_households=None if s.resident_households is None
        else s.resident_households + more_h,
        residents=None if s.residents is None else s.residents + more_p)
    if before.outcome is Outcome.YES:
        assert sewage_required(grown, P, ON).outcome is Outcome.YES


# --------------------------------------------------------------------------- BLD-02


def village(households: int | None, area: Decimal | None, name: str = "绿水村",
            clinics: tuple[VillageClinic, ...] | None = None) -> VillageFacilities:
    return VillageFacilities(village=name, town="丛林镇", households=households,
                             service_facility_area_m2=area, clinics=clinics)


def test_area_per_100_households_boundary() -> None:
    """Exactly the minimum per 100 households passes; one hundredth of a m² less fails."""
    households = 250
    exact = AREA * households / 100
    f = service_area(village(households, exact), P, ON)
    assert f.outcome is Outcome.YES
    assert service_area(village(households, exact - Decimal("0.01")), P, ON).outcome is (
        Outcome.NO)
    assert str(AREA) in f.reason("zh")


def test_area_unknown_or_no_households() -> None:
    """Unknown area is insufficient data; a village without households is not applicable."""
    assert service_area(village(100, None), P, ON).missing == ("service_facility_area_m2",)
    assert service_area(village(0, Decimal(10)), P, ON).outcome is Outcome.NOT_APPLICABLE


def _villages(meeting: int, failing: int, unknown: int = 0) -> list[VillageFacilities]:
    ok = [village(100, AREA, f"甲{i}村") for i in range(meeting)]
    bad = [village(100, AREA - 1, f"乙{i}村") for i in range(failing)]
    unk = [village(100, None, f"丙{i}村") for i in range(unknown)]
    return ok + bad + unk


def test_district_share_boundary() -> None:
    """9 of 10 villages meets a 90% target; 8 of 10 does not (counts derived from the target)."""
    total = 10
    need = int(SHARE * total / 100)
    assert service_area_share(_villages(need, total - need), P, ON).outcome is Outcome.YES
    f = service_area_share(_villages(need - 1, total - need + 1), P, ON)
    assert f.outcome is Outcome.NO
    assert f"{need - 1}/{total}" in f.reason("zh")


def test_district_share_with_unknown_villages() -> None:
    """Unknown villages decide only when they could change the outcome."""
    total = 10
    need = int(SHARE * total / 100)
    assert service_area_share(_villages(need, 0, total - need), P, ON).outcome is Outcome.YES
    assert service_area_share(_villages(need - 1, 0, total - need + 1), P,
                              ON).outcome is Outcome.INSUFFICIENT_DATA
    assert service_area_share(_villages(0, total - need + 1, need - 1), P,
                              ON).outcome is Outcome.NO


# --------------------------------------------------------------------------- BLD-03, BLD-05


def test_town_health_centre_needs_a_general_practitioner() -> None:
    """The minimum number of GPs passes, one fewer fails."""
    def centre(n: int) -> TownHealthCentre:
        return TownHealthCentre(id="T-1", town="青年镇", general_practitioners=n)
    assert centre_staffing(centre(GPS), P, ON).outcome is Outcome.YES
    assert centre_staffing(centre(GPS - 1), P, ON).outcome is Outcome.NO


def test_village_clinic_needs_a_village_doctor() -> None:
    """The minimum number of village doctors passes, one fewer fails; unknown is insufficient."""
    assert clinic_staffing(VillageClinic(id="C", village_doctors=DOCTORS), P, ON).holds
    assert clinic_staffing(VillageClinic(id="C", village_doctors=DOCTORS - 1), P,
                           ON).outcome is Outcome.NO
    assert clinic_staffing(VillageClinic(id="C"), P, ON).missing == ("village_doctors",)


def _clinics(n: int) -> tuple[VillageClinic, ...]:
    return tuple(VillageClinic(id=f"C{i}", village_doctors=1) for i in range(n))


def test_one_clinic_per_village() -> None:
    """A village with the required clinic passes, with none fails; unsurveyed is insufficient."""
    assert village_clinics(village(100, AREA, clinics=_clinics(CLINICS)), P, ON).holds
    assert village_clinics(village(100, AREA, clinics=_clinics(CLINICS - 1)), P,
                           ON).outcome is Outcome.NO
    assert village_clinics(village(100, AREA), P, ON).missing == ("clinics",)


def test_exactly_one_clinic_is_a_switch() -> None:
    """Two clinics pass under "at least" (default) and fail under "exactly"."""
    v = village(100, AREA, clinics=_clinics(CLINICS + 1))
    assert village_clinics(v, P, ON).holds
    strict = P.reform({"construction.clinic_count_exact": True})
    assert village_clinics(v, strict, ON).outcome is Outcome.NO


def test_every_town_health_centre_has_a_tcm_hall() -> None:
    """A centre without a TCM hall fails BLD-05.tcm_hall; unknown is insufficient."""
    assert tcm_hall(TownHealthCentre(id="T", town="黑山镇", has_tcm_hall=True), P, ON).holds
    f = tcm_hall(TownHealthCentre(id="T", town="黑山镇", has_tcm_hall=False), P, ON)
    assert f.outcome is Outcome.NO and "中医馆" in f.reason("zh")
    assert tcm_hall(TownHealthCentre(id="T", town="黑山镇"), P, ON).missing == ("has_tcm_hall",)


# --------------------------------------------------------------------------- BLD-04


def _management(rates: dict[ChronicCondition, tuple[int, int]],
                diseases: int | None = None) -> ChronicDiseaseManagement:
    return ChronicDiseaseManagement(
        area="万盛经开区", year=2023,
        conditions=tuple(ConditionCount(c, patients=p, managed=m)
                         for c, (m, p) in rates.items()),
        serious_illness_diseases=diseases)


def _all(managed: int, patients: int) -> dict[ChronicCondition, tuple[int, int]]:
    return dict.fromkeys(ChronicCondition, (managed, patients))


def test_management_rate_boundary() -> None:
    """Exactly the minimum rate passes; one patient fewer managed fails (per condition)."""
    patients = 1000
    just = int(RATE * patients / 100)
    assert chronic_management(_management(_all(just, patients)), P, ON).holds
    rates = _all(just, patients)
    rates[ChronicCondition.TUBERCULOSIS] = (just - 1, patients)
    f = chronic_management(_management(rates), P, ON)
    assert f.outcome is Outcome.NO
    assert "结核病" in f.reason("zh") and "tuberculosis" in f.reason("en")


def test_pooled_basis_lets_conditions_balance() -> None:
    """Pooled, one weak condition can be offset by another; per condition it cannot."""
    patients = 1000
    just = int(RATE * patients / 100)
    rates = _all(just, patients)
    rates[ChronicCondition.DIABETES] = (just - 1, patients)
    rates[ChronicCondition.HYPERTENSION] = (just + 1, patients)
    m = _management(rates)
    pooled = P.reform({"construction.chronic_rate_basis": "pooled"})
    assert chronic_management(m, P, ON).outcome is Outcome.NO
    assert chronic_management(m, pooled, ON).outcome is Outcome.YES


def test_missing_condition_is_insufficient_data() -> None:
    """A condition not reported is named as missing: the denominator must be complete."""
    rates = _all(100, 100)
    del rates[ChronicCondition.SEVERE_MENTAL_DISORDER]
    f = chronic_management(_management(rates), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("conditions[severe_mental_disorder]",)


def test_managed_cannot_exceed_patients() -> None:
    """The numerator is part of the denominator."""
    with pytest.raises(InvalidInputError, match="managed"):
        ConditionCount(ChronicCondition.DIABETES, patients=10, managed=11)


def test_serious_illness_disease_count_boundary() -> None:
    """The minimum number of diseases passes; one fewer fails."""
    assert serious_illness_coverage(_management({}, DISEASES), P, ON).holds
    assert serious_illness_coverage(_management({}, DISEASES - 1), P,
                                    ON).outcome is Outcome.NO


# --------------------------------------------------------------------------- BLD-06


@pytest.mark.parametrize(("site_type", "kind"), [
    (SiteType.NEW_RURAL_HOUSE, ToiletKind.SANITARY),
    (SiteType.LARGE_VILLAGE, ToiletKind.PUBLIC),
    (SiteType.TOURIST_PUBLIC_AREA, ToiletKind.PUBLIC),
    (SiteType.RURAL_TOURISM_SITE, ToiletKind.PUBLIC),
    (SiteType.A_GRADE_SCENIC_AREA, ToiletKind.PUBLIC),
])
def test_site_needs_its_toilet(site_type: SiteType, kind: ToiletKind) -> None:
    """Each site type needs the plan's toilet; having only the other kind fails."""
    has = ToiletSite(id="X", site_type=site_type, has_sanitary_toilet=kind is ToiletKind.SANITARY,
                     has_public_toilet=kind is ToiletKind.PUBLIC)
    lacks = ToiletSite(id="X", site_type=site_type,
                       has_sanitary_toilet=kind is not ToiletKind.SANITARY,
                       has_public_toilet=kind is not ToiletKind.PUBLIC)
    assert toilet_requirement(has, P, ON).outcome is Outcome.YES
    f = toilet_requirement(lacks, P, ON)
    assert f.outcome is Outcome.NO
    assert kind.label_zh in f.reason("zh")


def test_other_sites_have_no_requirement() -> None:
    """A site of no listed type is not applicable."""
    site = ToiletSite(id="X", site_type=SiteType.OTHER)
    assert toilet_requirement(site, P, ON).outcome is Outcome.NOT_APPLICABLE


@given(toilet_sites())
def test_toilet_finding_follows_the_table(site: ToiletSite) -> None:
    """The outcome is the presence of the table's toilet kind."""
    (kind,) = TOILET_REQUIREMENTS.evaluate({"site_type": site.site_type})
    f = toilet_requirement(site, P, ON)
    if kind is None:
        assert f.outcome is Outcome.NOT_APPLICABLE
    else:
        expected = {True: Outcome.YES, False: Outcome.NO, None: Outcome.INSUFFICIENT_DATA}
        assert f.outcome is expected[site.has(kind)]


def test_toilet_table_is_complete() -> None:
    """Every site type has exactly one row; removing a row leaves a gap."""
    assert TOILET_REQUIREMENTS.check().ok
    assert TOILET_REQUIREMENTS.without_row("BLD-06/public").check().gaps


def test_construction_rules_are_registered() -> None:
    """Every BLD catalog ID has a registered rule."""
    reg = default_registry()
    for n in range(1, 7):
        assert f"BLD-0{n}" in reg


@given(settlements(), village_facilities(), town_health_centres(), chronic_disease_management(),
       st.lists(village_facilities(), max_size=5))
def test_every_construction_rule_explains_itself(s: Settlement, v: VillageFacilities,
                                                 c: TownHealthCentre,
                                                 m: ChronicDiseaseManagement,
                                                 vs: list[VillageFacilities]) -> None:
    """Each BLD rule answers any valid input with reasons in Chinese and English."""
    findings = [sewage_required(s, P, ON), service_area(v, P, ON), village_clinics(v, P, ON),
                service_area_share(vs, P, ON), centre_staffing(c, P, ON), tcm_hall(c, P, ON),
                chronic_management(m, P, ON), serious_illness_coverage(m, P, ON),
                *(clinic_staffing(k, P, ON) for k in v.clinics or ())]
    for f in findings:
        assert f.reason("zh") and f.reason("en")
        assert f.to_json()["rule"].startswith("BLD-")


# --------------------------------------------------------------------------- BLD-01.missing


def test_a_required_facility_missing_is_a_problem_just_at_the_threshold() -> None:
    """BLD-01.missing: at 200 households (or 500 residents) without a facility, a problem; one
    below both, or with a facility, no; an unassessed facility where one is required is
    insufficient data. BLD-01 itself stays information (issue 12 audit)."""
    from revitalize.policy.construction import sewage_missing
    from revitalize.policy.engine import Status

    few = MIN_P - 1
    at = sewage_missing(settlement(MIN_H, few), P, ON)
    assert at.outcome is Outcome.YES and at.status is Status.PROBLEM
    assert "has none" in at.reason("en") and "尚无设施" in at.reason("zh")
    assert sewage_missing(settlement(few, MIN_P), P, ON).outcome is Outcome.YES
    below = sewage_missing(settlement(MIN_H - 1, few), P, ON)
    assert below.outcome is Outcome.NO and below.status is Status.OK
    assert "no facility is required" in below.reason("en")
    built = attrs.evolve(settlement(MIN_H, few), has_sewage_facility=True)
    assert sewage_missing(built, P, ON).outcome is Outcome.NO
    unknown = attrs.evolve(settlement(MIN_H, few), has_sewage_facility=None)
    f = sewage_missing(unknown, P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("has_sewage_facility",)
    assert sewage_required(settlement(MIN_H, few), P, ON).status is Status.INFO
