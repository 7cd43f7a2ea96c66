"""GUA-01..10: the two assurances, three guarantees and drinking water."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from revitalize.errors import RevitalizeError
from revitalize.models import (
    DrinkingWater,
    Household,
    Housing,
    HousingGrade,
    Member,
    PovertyStatus,
    SafetyNetStatus,
    SchoolStatus,
    WaterQuality,
)
from revitalize.models.monitoring import MeasureType
from revitalize.policy import guarantees as gua
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.testing.population import baseline_household

ON = dt.date(2023, 6, 1)


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def with_child(age: int, status: SchoolStatus, *, days: int = 30) -> Household:
    """The baseline household whose child is ``age`` (plus ``days``) on ON with ``status``."""
    h = baseline_household(ON)
    child = attrs.evolve(h.members[2], birth_date=ON - relativedelta(years=age, days=days),
                         school_status=status)
    return attrs.evolve(h, members=(*h.members[:2], child))


def water(**changes: object) -> Household:
    h = baseline_household(ON)
    return attrs.evolve(h, water=attrs.evolve(h.water, **changes))


# --------------------------------------------------------------------------- GUA-01


def test_food_clothing_outcomes(params: ParameterSet) -> None:
    """Not secure is a risk, secure is not, not assessed is insufficient data."""
    h = baseline_household(ON)
    assert gua.food_clothing_risk(h, params, ON).outcome is Outcome.NO
    assert gua.food_clothing_risk(attrs.evolve(h, food_clothing_secure=False), params,
                                  ON).outcome is Outcome.YES
    f = gua.food_clothing_risk(attrs.evolve(h, food_clothing_secure=None), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("food_clothing_secure",)


# --------------------------------------------------------------------------- GUA-02 / GUA-07


def _school_year(p: ParameterSet, on: dt.date) -> tuple[int, tuple[int, int], tuple[int, int],
                                                   int, tuple[int, int]]:
    """(entry age, age cut-off, school-year start, years, end of the last year) on ``on``."""
    return (p.integer("guarantees.school_entry_age", on),
            p.month_day("guarantees.school_entry_cutoff", on),
            p.month_day("guarantees.school_year_start", on),
            p.integer("guarantees.compulsory_education_years", on),
            p.month_day("guarantees.school_year_end", on))


def _born(on: dt.date, birth: dt.date, status: SchoolStatus) -> Household:
    """The baseline household on ``on`` whose child was born on ``birth``, with ``status``."""
    h = baseline_household(on)
    child = attrs.evolve(h.members[2], birth_date=birth, school_status=status)
    return attrs.evolve(h, members=(*h.members[:2], child))


def _enrols(birth: dt.date, p: ParameterSet, on: dt.date) -> int:
    """The year a child born on ``birth`` enrols: reckoned by the cut-off, not the birthday."""
    age, cutoff, _, _, _ = _school_year(p, on)
    return birth.year + age + (0 if (birth.month, birth.day) <= cutoff else 1)


def test_a_child_enrols_in_the_school_year_after_the_cut_off(params: ParameterSet) -> None:
    """A child who turns six on the cut-off is due that September; a day later, a year later."""
    age, (m, d), start, _, _ = _school_year(params, ON)
    on = dt.date(2023, *start)  # the first day of a school year
    inside = dt.date(on.year - age, m, d)  # six on the cut-off day: due now
    outside = inside + dt.timedelta(days=1)  # six a day after the cut-off: due next year
    assert gua.education_risk(_born(on, inside, SchoolStatus.OUT_OTHER), params,
                              on).outcome is Outcome.YES
    f = gua.education_risk(_born(on, outside, SchoolStatus.OUT_OTHER), params, on)
    assert f.outcome is Outcome.NO and f.values["children"] == 0
    # not due before the school year starts, even at six
    before = on - dt.timedelta(days=1)
    assert gua.education_risk(_born(before, inside, SchoolStatus.OUT_OTHER), params,
                              before).outcome is Outcome.NO


def test_compulsory_schooling_ends_with_the_ninth_school_year(params: ParameterSet) -> None:
    """A child who finished grade 9 in June is not a dropout in July; on the last day, one is."""
    age, (m, d), _, years, end = _school_year(params, ON)
    last_day = dt.date(2023, *end)
    birth = dt.date(last_day.year - years - age, m, d)  # enrolled nine school years ago
    assert _enrols(birth, params, ON) + years == last_day.year
    assert gua.education_risk(_born(last_day, birth, SchoolStatus.OUT_OTHER), params,
                              last_day).outcome is Outcome.YES
    after = last_day + dt.timedelta(days=1)
    assert gua.education_risk(_born(after, birth, SchoolStatus.OUT_OTHER), params,
                              after).outcome is Outcome.NO
    # one day younger: enrolled a year later, still in grade 9 next school year
    younger = birth + dt.timedelta(days=1)
    assert gua.education_risk(_born(after, younger, SchoolStatus.OUT_OTHER), params,
                              after).outcome is Outcome.YES


def test_the_reason_names_the_birth_dates_of_the_compulsory_school_years(
        params: ParameterSet) -> None:
    """The finding says which births are of compulsory-education age on the date."""
    f = gua.education_risk(with_child(10, SchoolStatus.OUT_OTHER), params, ON)
    assert f.outcome is Outcome.YES
    born_from, born_to = f.values["born_from"], f.values["born_to"]
    assert isinstance(born_from, dt.date) and isinstance(born_to, dt.date)
    assert born_from.isoformat() in f.reason("zh") and born_to.isoformat() in f.reason("en")


def test_completed_compulsory_education_is_not_a_dropout(params: ParameterSet) -> None:
    """A child of compulsory age who already completed the nine grades is not a dropout."""
    status = SchoolStatus("completed_compulsory")
    assert status.label_zh == "已完成义务教育"
    f = gua.education_risk(with_child(14, status), params, ON)
    assert f.outcome is Outcome.NO
    assert gua.education_risk(with_child(14, SchoolStatus.OUT_OTHER), params,
                              ON).outcome is Outcome.YES


@given(st.dates(dt.date(2021, 1, 1), dt.date(2030, 12, 31)),
       st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_compulsory_age_is_the_nine_school_years_after_enrolment(on: dt.date,
                                                                 birth: dt.date) -> None:
    """A child counts exactly from its enrolment September to the June nine years later."""
    p = default_parameters()
    assume(birth <= on)
    _, _, start, years, end = _school_year(p, on)
    enrol = _enrols(birth, p, on)
    due = dt.date(enrol, *start) <= on <= dt.date(enrol + years, *end)
    h = _born(on, birth, SchoolStatus.OUT_OTHER)
    counted = [m.id for _, m in gua.compulsory_age_members(h, on, gua.resolve(p, on).school_year)]
    assert ("M3" in counted) is due
    assert (gua.education_risk(h, p, on).outcome is Outcome.YES) is due


@pytest.mark.parametrize("status", [SchoolStatus.OUT_PHYSICAL, SchoolStatus.ON_LEAVE,
                                    SchoolStatus.DEFERRED, SchoolStatus.SUSPENDED,
                                    SchoolStatus.HOME_TEACHING,
                                    SchoolStatus.IN_SCHOOL_OUTSIDE_COUNTY])
def test_physical_reason_and_formal_leave_are_not_an_education_risk(
        params: ParameterSet, status: SchoolStatus) -> None:
    """Out of school for a physical reason, or on formal leave / deferral / suspension, is safe."""
    f = gua.education_risk(with_child(10, status), params, ON)
    assert f.outcome is Outcome.NO
    assert "1" in f.reason("zh")


def test_unassessed_school_status_is_insufficient(params: ParameterSet) -> None:
    """A compulsory-age child whose schooling was not assessed is never read as in school."""
    f = gua.education_risk(with_child(10, SchoolStatus.NOT_ASSESSED), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("members[2].school_status",)


def test_schooling_ledger_names_the_measure(params: ParameterSet) -> None:
    """The ledger marks a dropout for 劝返复学 and a physical reason for 送教上门."""
    (entry,) = gua.schooling_ledger(with_child(9, SchoolStatus.OUT_OTHER), params, ON)
    assert entry.dropout and entry.measure is MeasureType.EDUCATION_RETURN and entry.age == 9
    (entry,) = gua.schooling_ledger(with_child(9, SchoolStatus.OUT_PHYSICAL), params, ON)
    assert not entry.dropout and entry.measure is MeasureType.HOME_TEACHING


# --------------------------------------------------------------------------- GUA-03 / GUA-04


def test_uninsured_member_is_a_risk_and_unknown_is_insufficient(params: ParameterSet) -> None:
    """One uninsured member makes the risk; an unknown insurance never reads as insured."""
    h = baseline_household(ON)
    m = attrs.evolve(h.members[1], basic_medical_insurance=False)
    f = gua.medical_insurance_risk(attrs.evolve(h, members=(h.members[0], m, h.members[2])),
                                   params, ON)
    assert f.outcome is Outcome.YES and f.values["members"] == ("M2",)
    m = attrs.evolve(h.members[1], basic_medical_insurance=None)
    f = gua.medical_insurance_risk(attrs.evolve(h, members=(h.members[0], m, h.members[2])),
                                   params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA


def test_contribution_subsidy_by_status(params: ParameterSet) -> None:
    """Extreme poverty: in full; minimum allowance: the fixed amount; lifted: the share."""
    h = baseline_household(ON)
    full = params.decimal("guarantees.resident_insurance_contribution", ON)
    fixed = params.decimal("guarantees.minimum_allowance_contribution_subsidy", ON)
    share = params.decimal("guarantees.lifted_contribution_subsidy_fraction", ON)
    m = h.members[0]
    eps = attrs.evolve(m, safety_net=SafetyNetStatus.EXTREME_POVERTY_SUPPORT)
    ma = attrs.evolve(m, safety_net=SafetyNetStatus.MINIMUM_ALLOWANCE)
    assert gua.insurance_subsidy(eps, h, params, ON).amount == full
    assert gua.insurance_subsidy(ma, h, params, ON).amount == min(fixed, full)
    assert gua.insurance_subsidy(m, h, params, ON).amount == (full * share).quantize(
        Decimal("0.01"))
    never = attrs.evolve(h, poverty_status=PovertyStatus.NEVER_REGISTERED, lifted_year=None)
    assert gua.insurance_subsidy(m, never, params, ON).amount == 0


def test_unassessed_safety_net_status_is_insufficient_not_no_subsidy(
        params: ParameterSet) -> None:
    """A member whose dibao / 特困 status was not assessed gets no amount, but the field named."""
    h = baseline_household(ON)
    m = attrs.evolve(h.members[0], safety_net=SafetyNetStatus.NOT_ASSESSED)
    s = gua.insurance_subsidy(m, h, params, ON)
    assert s.amount is None and s.basis is gua.SubsidyBasis.INSUFFICIENT_DATA
    assert s.missing == ("safety_net",)
    never = attrs.evolve(h, poverty_status=PovertyStatus.NEVER_REGISTERED, lifted_year=None)
    s = gua.insurance_subsidy(m, never, params, ON)
    assert s.amount is None and s.missing == ("safety_net",)
    # just outside: assessed as none, the ordinary answers
    assessed = attrs.evolve(m, safety_net=SafetyNetStatus.NONE)
    assert gua.insurance_subsidy(assessed, h, params, ON).basis is (
        gua.SubsidyBasis.LIFTED_POPULATION)
    s = gua.insurance_subsidy(assessed, never, params, ON)
    assert s.amount == 0 and s.basis is gua.SubsidyBasis.NONE and s.missing == ()


def test_contribution_has_the_2024_national_minimum() -> None:
    """The individual contribution has a 2024 value above 2023's (national minimums)."""
    p = default_parameters()
    c2023 = p.get("guarantees.resident_insurance_contribution", dt.date(2023, 12, 31))
    c2024 = p.get("guarantees.resident_insurance_contribution", dt.date(2024, 1, 1))
    assert c2024.start == dt.date(2024, 1, 1) and c2024.value > c2023.value
    assert "国家医保局" in c2024.source


def test_contribution_past_its_last_value_warns() -> None:
    """The contribution set yearly warns once its last value is more than a year old."""
    p = default_parameters()
    param = p.parameter("guarantees.resident_insurance_contribution")
    months = param.stale_after_months
    assert months is not None
    last = param.values[-1].start
    h = baseline_household(ON)
    m = h.members[0]
    inside = last + relativedelta(months=months)
    assert gua.insurance_subsidy(m, h, p, inside).notices == ()
    outside = inside + dt.timedelta(days=1)
    (notice,) = gua.insurance_subsidy(m, h, p, outside).notices
    assert notice.code == "stale_parameter"
    assert "guarantees.resident_insurance_contribution" in notice.message_en


def test_serious_illness_preference() -> None:
    """Minimum-allowance, extreme-poverty and returned-to-poverty people are preferred."""
    h = baseline_household(ON)
    m = h.members[0]
    assert not gua.serious_illness_preference(m, h)
    assert gua.serious_illness_preference(
        attrs.evolve(m, safety_net=SafetyNetStatus.MINIMUM_ALLOWANCE), h)
    assert gua.serious_illness_preference(
        m, attrs.evolve(h, poverty_status=PovertyStatus.RETURNED_TO_POVERTY))
    assert gua.serious_illness_preference(m, h, newly_poor=True)


# --------------------------------------------------------------------------- GUA-08


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.booleans(), st.booleans())
def test_three_layers_sum_to_the_cost(cost: Decimal, preferential: bool, aid: bool) -> None:
    """The layers and the out-of-pocket rest sum exactly to the cost, none negative."""
    p = gua.three_layer_payment(cost, default_parameters(), ON, preferential=preferential,
                                assistance=aid)
    parts = (p.basic_insurance, p.serious_illness_insurance, p.medical_assistance,
             p.out_of_pocket)
    assert sum(parts) == cost
    assert all(x >= 0 for x in parts)


@given(st.decimals(min_value=0, max_value=10**6, places=2))
def test_preference_and_assistance_never_raise_out_of_pocket(cost: Decimal) -> None:
    """Preferential terms and medical assistance leave at most the ordinary out-of-pocket."""
    p = default_parameters()
    plain = gua.three_layer_payment(cost, p, ON)
    better = gua.three_layer_payment(cost, p, ON, preferential=True, assistance=True)
    assert better.out_of_pocket <= plain.out_of_pocket


def test_serious_illness_deductible_boundary(params: ParameterSet) -> None:
    """Serious-illness insurance pays nothing up to its deductible and something beyond it."""
    rate = params.decimal("guarantees.basic_insurance_rate", ON)
    deductible = params.decimal("guarantees.serious_illness_deductible", ON)
    at = deductible / (1 - rate)
    assert gua.three_layer_payment(at, params, ON).serious_illness_insurance == 0
    assert gua.three_layer_payment(at + 100, params, ON).serious_illness_insurance > 0


# --------------------------------------------------------------------------- GUA-05 / GUA-09


def test_unsafe_grades_come_from_the_parameter(params: ParameterSet) -> None:
    """Each grade is a risk exactly when the parameter lists it as unsafe."""
    unsafe = set(params.names("guarantees.unsafe_housing_grades", ON))
    h = baseline_household(ON)
    for grade in (HousingGrade.A, HousingGrade.B, HousingGrade.C, HousingGrade.D):
        f = gua.housing_risk(attrs.evolve(h, housing=Housing(grade=grade)), params, ON)
        assert f.holds == (grade.value in unsafe), grade


def test_renovation_clears_the_risk_only_after_the_check(params: ParameterSet) -> None:
    """A renovated dangerous house stays a risk until it passes the post-renovation check."""
    grade = HousingGrade(params.names("guarantees.unsafe_housing_grades", ON)[0])
    h = baseline_household(ON)

    def outcome(renovated: bool | None, passed: bool | None) -> Outcome:
        housing = Housing(grade=grade, renovated=renovated, post_renovation_check_passed=passed)
        return gua.housing_risk(attrs.evolve(h, housing=housing), params, ON).outcome

    assert outcome(None, None) is Outcome.YES
    assert outcome(True, None) is Outcome.YES
    assert outcome(True, False) is Outcome.YES
    assert outcome(True, True) is Outcome.NO


def test_unappraised_house_is_insufficient(params: ParameterSet) -> None:
    """A house that was never appraised is not read as safe."""
    h = attrs.evolve(baseline_household(ON), housing=Housing())
    assert gua.housing_risk(h, params, ON).outcome is Outcome.INSUFFICIENT_DATA
    cov = gua.appraisal_coverage([h, baseline_household(ON, household_id="H-2")])
    assert (cov.total, cov.appraised, cov.not_appraised, cov.complete) == (2, 1, ("H-BASE",),
                                                                           False)


def test_renovation_inclusion_gap(params: ParameterSet) -> None:
    """A lifted household in an unrenovated dangerous house must be on the subsidy list."""
    grade = HousingGrade(params.names("guarantees.unsafe_housing_grades", ON)[0])
    h = attrs.evolve(baseline_household(ON), housing=Housing(grade=grade))
    assert gua.renovation_inclusion_gaps([h], (), params, ON) == ("H-BASE",)
    assert gua.renovation_inclusion_gaps([h], ("H-BASE",), params, ON) == ()


def test_renovation_criteria_determine_the_monitoring_subject(params: ParameterSet) -> None:
    """A never-registered household without safety net in a dangerous house meets the
    criteria exactly when its own assessment makes it a monitoring subject: the library
    assesses it (a comfortable income keeps it out of the range, the economic gate; a low
    one brings it in), or reads the assessment it is given (of that household and date)."""
    from revitalize.models import PovertyStatus
    from revitalize.policy.monitoring import assess_household

    grade = HousingGrade(params.names("guarantees.unsafe_housing_grades", ON)[0])
    comfortable = attrs.evolve(baseline_household(ON), housing=Housing(grade=grade),
                               lifted_year=None, poverty_status=PovertyStatus.NEVER_REGISTERED)
    a = assess_household(comfortable, params, ON)
    assert a.decision.in_range is False
    assert not gua.meets_renovation_criteria(comfortable, params, ON)
    poor = attrs.evolve(comfortable, annual_net_income=Decimal("1000"))
    b = assess_household(poor, params, ON)
    assert b.decision.in_range is True
    assert gua.meets_renovation_criteria(poor, params, ON)
    assert gua.meets_renovation_criteria(poor, params, ON, assessment=b)
    outside = attrs.evolve(b, decision=attrs.evolve(b.decision, in_range=False))
    assert not gua.meets_renovation_criteria(poor, params, ON, assessment=outside)
    with pytest.raises(RevitalizeError, match="expected 'H-BASE'"):
        gua.meets_renovation_criteria(poor, params, ON,
                                      assessment=attrs.evolve(b, subject_id="H-OTHER"))
    safe = attrs.evolve(poor, housing=Housing(grade=HousingGrade.A))
    assert not gua.meets_renovation_criteria(safe, params, ON)
    rich = attrs.evolve(comfortable, id="H-RICH")
    assert gua.renovation_inclusion_gaps([rich, poor], (), params, ON) == ("H-BASE",)


# --------------------------------------------------------------------------- GUA-06


def test_water_quantity_just_pass_and_just_fail(params: ParameterSet) -> None:
    """Exactly the minimum litres is enough; a tenth of a litre less is not."""
    minimum = params.decimal("guarantees.water_min_litres", ON)
    assert gua.water_quantity_risk(water(quantity_litres_per_person_day=minimum), params,
                                   ON).outcome is Outcome.NO
    assert gua.water_quantity_risk(water(quantity_litres_per_person_day=minimum - Decimal("0.1")),
                                   params, ON).outcome is Outcome.YES


def test_water_scarce_town_uses_the_lower_threshold(params: ParameterSet) -> None:
    """Listing the town as water-scarce applies the scarce-area minimum."""
    scarce = params.decimal("guarantees.water_min_litres_scarce", ON)
    reform = params.reform({"guarantees.water_scarce_towns": [
        {"start": dt.date(2021, 1, 1), "value": ["丛林镇"]}]})
    h = water(quantity_litres_per_person_day=scarce)
    assert gua.water_quantity_risk(h, params, ON).outcome is Outcome.YES
    assert gua.water_quantity_risk(h, reform, ON).outcome is Outcome.NO


def test_water_access_boundaries(params: ParameterSet) -> None:
    """The round trip and distances pass at their limits and fail just beyond them."""
    minutes = params.integer("guarantees.water_max_round_trip_minutes", ON)
    horizontal = params.decimal("guarantees.water_max_horizontal_m", ON)
    vertical = params.decimal("guarantees.water_max_vertical_m", ON)

    def outcome(**kw: object) -> Outcome:
        return gua.water_access_risk(water(piped_to_home=False, **kw), params, ON).outcome

    assert outcome(round_trip_minutes=minutes) is Outcome.NO
    assert outcome(round_trip_minutes=minutes + 1) is Outcome.YES
    assert outcome(horizontal_distance_m=horizontal, vertical_distance_m=vertical) is Outcome.NO
    assert outcome(horizontal_distance_m=horizontal + Decimal("0.1"),
                   vertical_distance_m=vertical) is Outcome.YES
    assert outcome(horizontal_distance_m=horizontal,
                   vertical_distance_m=vertical + Decimal("0.1")) is Outcome.YES
    assert outcome() is Outcome.INSUFFICIENT_DATA
    assert gua.water_access_risk(water(piped_to_home=None), params,
                                 ON).outcome is Outcome.INSUFFICIENT_DATA


def test_a_measured_round_trip_decides_access(params: ParameterSet) -> None:
    """Distances stand in for the round trip only when the time was not measured."""
    minutes = params.integer("guarantees.water_max_round_trip_minutes", ON)
    horizontal = params.decimal("guarantees.water_max_horizontal_m", ON)
    vertical = params.decimal("guarantees.water_max_vertical_m", ON)
    far = {"horizontal_distance_m": horizontal + 1, "vertical_distance_m": vertical + 1}
    near = {"horizontal_distance_m": horizontal, "vertical_distance_m": vertical}

    def outcome(**kw: object) -> Outcome:
        return gua.water_access_risk(water(piped_to_home=False, **kw), params, ON).outcome

    # measured within the limit: convenient, however far the distances
    assert outcome(round_trip_minutes=minutes, **far) is Outcome.NO
    # measured beyond the limit: not convenient, however near the distances
    assert outcome(round_trip_minutes=minutes + 1, **near) is Outcome.YES
    # not measured: the distances decide
    assert outcome(**far) is Outcome.YES
    assert outcome(**near) is Outcome.NO
    assert outcome(horizontal_distance_m=horizontal + 1) is Outcome.YES
    assert outcome(horizontal_distance_m=horizontal) is Outcome.INSUFFICIENT_DATA


def test_water_reliability_and_quality(params: ParameterSet) -> None:
    """Cut days pass at the limit and fail one above; a failed test is a risk, none is unknown."""
    days = params.integer("guarantees.water_max_days_cut", ON)
    assert gua.water_reliability_risk(water(days_cut_per_year=days), params,
                                      ON).outcome is Outcome.NO
    assert gua.water_reliability_risk(water(days_cut_per_year=days + 1), params,
                                      ON).outcome is Outcome.YES
    assert gua.water_quality_risk(water(quality=WaterQuality.FAILED), params,
                                  ON).outcome is Outcome.YES
    f = gua.water_quality_risk(water(quality=WaterQuality.NOT_TESTED), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert "未检测" in f.reason("zh")


def test_unassessed_water_is_insufficient_on_every_dimension(params: ParameterSet) -> None:
    """Water with nothing assessed gives four insufficient findings, never safe."""
    h = attrs.evolve(baseline_household(ON), water=DrinkingWater())
    assert {f.outcome for f in gua.check_water(h, gua.resolve(params, ON))} == {
        Outcome.INSUFFICIENT_DATA}


# --------------------------------------------------------------------------- GUA-10


def test_four_management_checklist(params: ParameterSet) -> None:
    """A work lacking one management fails naming it; an unknown item is insufficient."""
    ok = gua.WaterWork(id="W1", town="丛林镇", person_in_charge=True, funding=True, rules=True,
                       professional=True)
    assert gua.four_management_check(ok, params, ON).outcome is Outcome.NO
    f = gua.four_management_check(attrs.evolve(ok, funding=False), params, ON)
    assert f.outcome is Outcome.YES and f.values["lacking"] == (gua.FourManagement.FUNDING,)
    assert "有钱管" in f.reason("zh")
    assert gua.four_management_check(attrs.evolve(ok, rules=None), params, ON).outcome is (
        Outcome.INSUFFICIENT_DATA)


def test_four_management_citations_quote_the_four_managements() -> None:
    """GUA-10 cites the passages that name the four managements, not paid water supply."""
    quotes = [c.quote for c in gua.FOUR_MANAGEMENT.citations]
    assert quotes and all("有人管、有钱管、有制度管、专业化管" in q for q in quotes)
    assert not any("有偿供水" in q for q in quotes)
    assert {c.ref for c in gua.FOUR_MANAGEMENT.citations} == {"Ch4 §5", "Box 2"}


def test_member_born_after_the_date_is_not_counted(params: ParameterSet) -> None:
    """A member not yet born on the date is not a compulsory-age child."""
    h = baseline_household(ON)
    baby = Member(id="M9", birth_date=ON + dt.timedelta(days=10))
    f = gua.education_risk(attrs.evolve(h, members=(*h.members, baby)), params, ON)
    assert f.outcome is Outcome.NO and f.values["children"] == 1
