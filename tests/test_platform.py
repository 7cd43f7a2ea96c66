"""MON-05, MON-06, MON-10, MON-11: clue discovery, dispatch, shared records, statistics."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import UnknownNameError
from revitalize.models import (
    CaseStatus,
    Department,
    DepartmentRecord,
    EntryChannel,
    HousingGrade,
    Level,
    MonitoringCase,
    RecordKind,
    RiskType,
    WaterQuality,
)
from revitalize.models.monitoring import AMOUNT_KINDS
from revitalize.money import CONTEXT
from revitalize.policy import platform as P
from revitalize.policy.cases import Screening, open_case
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.serialization import dumps, loads
from revitalize.testing.strategies import monitoring_cases

ON = dt.date(2023, 6, 1)
FEN = Decimal("0.01")
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACES = {"H-1": ("丛林镇", "海孔村"), "H-2": ("黑山镇", "八角村")}


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def record(kind: RecordKind, on: dt.date = ON, **kw: object) -> DepartmentRecord:
    dept = kw.pop("department", Department.MEDICAL_INSURANCE)
    return DepartmentRecord(source_department=dept, on=on, household_id="H-1", kind=kind,
                            **kw)  # type: ignore[arg-type]


def clues(params: ParameterSet, *records: DepartmentRecord) -> list[P.DiscoveredClue]:
    return list(P.discover_clues(records, params, ON))


# --------------------------------------------------------------------------- (a) discovery


@pytest.mark.parametrize("kind", sorted(AMOUNT_KINDS))
def test_an_amount_at_the_threshold_raises_a_clue_and_one_fen_less_does_not(
        params: ParameterSet, kind: RecordKind) -> None:
    """Amounts are compared with ≥ their kind's threshold read from the parameters."""
    name = P.CLUE_KINDS[kind].threshold
    assert name is not None
    threshold = params.decimal(name, ON)
    (at,) = clues(params, record(kind, amount=threshold))
    assert clues(params, record(kind, amount=threshold - FEN)) == []
    assert at.clue.rule_id == P.CLUE_KINDS[kind].rule_id
    assert at.finding.rule_id == "MON-10.amount"
    assert "医保" in at.finding.reason("zh")
    for lang in ("zh", "en"):
        assert f"{threshold:,.2f}" in at.finding.reason(lang)


@pytest.mark.parametrize("grade", list(HousingGrade))
def test_housing_grades_raise_a_clue_when_listed_as_dangerous(
        params: ParameterSet, grade: HousingGrade) -> None:
    """The dangerous grades come from the parameter (C and D: the national appraisal grades)."""
    dangerous = params.names("platform.dangerous_housing_grades", ON)
    found = clues(params, record(RecordKind.HOUSING_APPRAISAL, housing_grade=grade,
                                 department=Department.HOUSING_URBAN_RURAL))
    assert bool(found) is (grade.value in dangerous)


def test_water_and_event_records(params: ParameterSet) -> None:
    """A failed water test and event records are clues; grants and passes are not."""
    water = Department.WATER_RESOURCES
    assert clues(params, record(RecordKind.WATER_TEST, water_quality=WaterQuality.FAILED,
                                department=water))
    assert not clues(params, record(RecordKind.WATER_TEST, water_quality=WaterQuality.PASSED,
                                    department=water))
    untested = record(RecordKind.WATER_TEST, water_quality=WaterQuality.NOT_TESTED,
                      department=water)
    assert P.clue_finding(untested, params, ON).outcome is Outcome.INSUFFICIENT_DATA
    for kind in (RecordKind.SERIOUS_ILLNESS, RecordKind.DISABILITY_REGISTRATION,
                 RecordKind.UNEMPLOYMENT_REGISTRATION, RecordKind.SCHOOL_DROPOUT,
                 RecordKind.MEDICAL_INSURANCE_LAPSE):
        (found,) = clues(params, record(kind))
        assert found.risk is P.CLUE_KINDS[kind].risk
    for kind in (RecordKind.MINIMUM_ALLOWANCE_GRANT, RecordKind.EXTREME_POVERTY_GRANT):
        assert not clues(params, record(kind))


def test_each_clue_names_its_department_and_rule(params: ParameterSet) -> None:
    """The clue carries the record's department, date, member and the rule IDs."""
    r = record(RecordKind.UNEMPLOYMENT_REGISTRATION, member_id="M2",
               department=Department.HUMAN_RESOURCES_SOCIAL_SECURITY)
    (found,) = clues(params, r)
    c = found.clue
    assert (c.source_department, c.on, c.member_id, c.rule_id) == (
        Department.HUMAN_RESOURCES_SOCIAL_SECURITY, ON, "M2", "EMP-01")
    assert "MON-10.event" in c.description and "人力社保" in c.description


def test_the_lookback_window_includes_its_first_day_only(params: ParameterSet) -> None:
    """A record exactly lookback days old counts; a day older or a future one does not."""
    n = params.integer("platform.record_lookback_days", ON)
    first = ON - relativedelta(days=n)
    assert clues(params, record(RecordKind.SERIOUS_ILLNESS, on=first))
    assert not clues(params, record(RecordKind.SERIOUS_ILLNESS, on=first - relativedelta(days=1)))
    assert not clues(params, record(RecordKind.SERIOUS_ILLNESS, on=ON + relativedelta(days=1)))


def test_departments_cover_box_3_and_the_reading() -> None:
    """Box 3's six departments plus the four the catalog's reading adds."""
    assert sum(d.in_box_3 for d in Department) == 6
    assert {d for d in Department if not d.in_box_3} == {
        Department.HUMAN_RESOURCES_SOCIAL_SECURITY, Department.DISABLED_PERSONS_FEDERATION,
        Department.EMERGENCY_MANAGEMENT, Department.WATER_RESOURCES}


# --------------------------------------------------------------------------- (b) dispatch


def test_dispatch_routes_a_clue_with_the_level_of_each_step(params: ParameterSet) -> None:
    """District issues and approves, town dispatches and verifies, village visits (MON-11)."""
    (found,) = clues(params, record(RecordKind.SERIOUS_ILLNESS))
    d = P.dispatch(found.clue, PLACES, params)
    n = params.integer("cases.verification_days", ON)
    grace = params.integer("cases.inclusion_grace_days", ON)
    assert (d.town, d.village) == PLACES["H-1"]
    assert [(s.kind.value, s.level, s.due_on) for s in d.steps] == [
        ("issue", Level.DISTRICT, ON), ("dispatch", Level.TOWN, ON),
        ("visit_report", Level.VILLAGE, ON + relativedelta(days=n)),
        ("verify", Level.TOWN, ON + relativedelta(days=n)),
        ("approve", Level.DISTRICT, ON + relativedelta(days=n + grace))]
    assert CJK.search(d.steps[0].describe("zh"))
    assert set(P.LEVEL_DUTIES) == set(Level)


def test_dispatch_of_an_unknown_household_names_close_matches(params: ParameterSet) -> None:
    """A clue for a household the registry lacks raises UnknownNameError."""
    (found,) = clues(params, record(RecordKind.SERIOUS_ILLNESS))
    with pytest.raises(UnknownNameError):
        P.dispatch(found.clue, {"H-3": ("丛林镇", "海孔村")}, params)


def test_verification_outcome_and_time_limit(params: ParameterSet) -> None:
    """Verified on day N is in time and N + 1 late; the outcome follows the screening."""
    n = params.integer("cases.verification_days", ON)
    (found,) = clues(params, record(RecordKind.SERIOUS_ILLNESS))
    d = P.dispatch(found.clue, PLACES, params)
    yes = Screening(ON, True, (RiskType.ILLNESS,))
    in_time = P.verify(d, yes, ON + relativedelta(days=n), params)
    late = P.verify(d, Screening(ON, False), ON + relativedelta(days=n + 1), params)
    assert in_time.outcome is P.VerificationOutcome.CONFIRMED and not in_time.late
    assert late.outcome is P.VerificationOutcome.NOT_CONFIRMED and late.late
    assert in_time.level is Level.TOWN
    case = P.open_verified_case(late, "C-9", params, Screening(ON, False))
    assert case.status is CaseStatus.REJECTED and case.opened_on == ON


# --------------------------------------------------------------------------- (c) shared record


def test_the_shared_risk_record_round_trips_through_json(params: ParameterSet) -> None:
    """RiskInformation is written and read by the generic converter."""
    (found,) = clues(params, record(RecordKind.DISASTER_LOSS, amount=Decimal("50000"),
                                    department=Department.EMERGENCY_MANAGEMENT))
    info = P.risk_information(found, PLACES, CaseStatus.CLUE)
    text = dumps(info)
    assert '"risk": "expenditure_disaster"' in text and '"source_department"' in text
    assert loads(text, P.RiskInformation) == info


# --------------------------------------------------------------------------- (d) statistics


@settings(max_examples=20)
@given(st.lists(monitoring_cases(), max_size=5))
def test_statistics_sum_to_the_number_of_cases(cases: list[MonitoringCase]) -> None:
    """Property: every breakdown but risks sums to the total; each risk count is at most it."""
    s = P.statistics(iter(cases))
    assert s.total == len(cases)
    for counts in (s.by_category, s.by_town, s.by_village, s.by_channel, s.by_status):
        assert sum(counts.values()) == s.total
    assert all(n <= s.total for n in s.by_risk.values())
    assert sum(s.by_risk.values()) >= s.total
    assert s.to_json()["total"] == s.total and s.render("zh") and s.render("en")


# --------------------------------------------------------------------------- MON-05


def exact_area(params: ParameterSet) -> tuple[int, int]:
    """A (new-risk count, households) pair whose share is exactly the threshold."""
    threshold = params.decimal("platform.area_warning_share_percent", ON)
    minimum = params.integer("platform.area_warning_min_households", ON)
    for count in range(minimum, minimum * 1000):
        total = CONTEXT.divide(Decimal(count * 100), threshold)
        if total == total.to_integral_value():
            return count, int(total)
    raise AssertionError("no exact pair")


def test_area_warning_at_exactly_the_threshold_share(params: ParameterSet) -> None:
    """A share equal to the threshold warns (≥); one more household below it does not."""
    count, total = exact_area(params)
    at = P.area_warning(P.AreaCount("丛林镇", "海孔村", total, count), params, ON)
    below = P.area_warning(P.AreaCount("丛林镇", "海孔村", total + 1, count), params, ON)
    assert at.outcome is Outcome.YES and below.outcome is Outcome.NO
    threshold = params.decimal("platform.area_warning_share_percent", ON)
    for lang in ("zh", "en"):
        assert f"{threshold}%" in at.reason(lang) and str(total) in at.reason(lang)


def test_area_warning_needs_the_minimum_number_of_households(params: ParameterSet) -> None:
    """Below the minimum count no warning, even at a share of 100%."""
    minimum = params.integer("platform.area_warning_min_households", ON)
    assert P.area_warning(P.AreaCount("丛林镇", None, minimum, minimum), params, ON).holds
    assert not P.area_warning(P.AreaCount("丛林镇", None, minimum - 1, minimum - 1), params,
                              ON).holds


def test_area_warnings_count_towns_and_villages(params: ParameterSet) -> None:
    """Households are counted per town and per village; only warnings are returned."""
    count, total = exact_area(params)

    class H:
        def __init__(self, i: int, village: str) -> None:
            self.id, self.town, self.village = f"H{i}", "丛林镇", village

    homes = [H(i, "海孔村") for i in range(total)] + [H(total + i, "绿水村") for i in range(total)]
    counts = P.area_counts(homes, {f"H{i}" for i in range(count)})
    assert [(a.level, a.households, a.new_risk) for a in counts] == [
        (Level.TOWN, 2 * total, count), (Level.VILLAGE, total, count),
        (Level.VILLAGE, total, 0)]
    warnings = P.area_warnings(homes, {f"H{i}" for i in range(count)}, params, ON)
    assert [w.subject for w in warnings] == ["丛林镇海孔村"]


def test_new_risk_households_use_the_window(params: ParameterSet) -> None:
    """A first clue exactly window days ago is new; one day older, or rejected, is not."""
    window = params.integer("platform.area_warning_window_days", ON)
    first = ON - relativedelta(days=window)

    def case(hid: str, on: dt.date) -> MonitoringCase:
        return open_case(f"C-{hid}", hid, EntryChannel.CADRE_CHECK, on, "丛林镇", "海孔村")

    cases = [case("A", first), case("B", first - relativedelta(days=1))]
    assert P.new_risk_households(cases, params, ON) == {"A"}


# --------------------------------------------------------------------------- MON-06


def test_entry_channels_cover_both_lists_of_the_plan() -> None:
    """Ch5 intro names four means, Ch5 §3 three; the enum covers their union (PLAN-01 (8))."""
    intro, s3 = P.CHANNEL_LISTS["Ch5 intro"], P.CHANNEL_LISTS["Ch5 §3"]
    assert (len(intro), len(s3)) == (4, 3)
    assert set(intro) | set(s3) == set(EntryChannel)
    for ref, channels in P.CHANNEL_LISTS.items():
        quote = P.CHANNEL_CITATIONS[ref].quote
        for c in channels:
            assert c.label_zh in quote
