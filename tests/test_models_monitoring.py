"""Monitoring cases, clues and department records: enums, construction checks, validate."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from revitalize.errors import InvalidInputError
from revitalize.models import (
    CaseStatus,
    Department,
    DepartmentRecord,
    EntryChannel,
    HousingGrade,
    Measure,
    MeasureFunding,
    MeasureTiming,
    MeasureType,
    MonitoringCase,
    MonitoringCategory,
    RecordKind,
    RiskType,
    StatusChange,
    WarningClue,
    WaterQuality,
    validate,
)
from revitalize.testing import strategies as rst

ON = dt.date(2023, 6, 1)


def paths(error: InvalidInputError) -> list[str]:
    """The problem paths of an error."""
    return [p.path for p in error.problems]


def measure(**kw: Any) -> Measure:
    """A valid measure; keywords override fields."""
    values: dict[str, Any] = {
        "type": MeasureType.DEVELOPMENTAL_EMPLOYMENT,
        "department": Department.HUMAN_RESOURCES_SOCIAL_SECURITY,
        "start": dt.date(2022, 3, 1),
        "timing": MeasureTiming.PREVENTIVE,
        "funding": MeasureFunding.LINKAGE_FUND,
    }
    values.update(kw)
    return Measure(**values)


def case(**kw: Any) -> MonitoringCase:
    """A valid included case; keywords override fields."""
    values: dict[str, Any] = {
        "id": "C-1",
        "household_id": "H-0001",
        "entry_channel": EntryChannel.PLATFORM_WARNING,
        "status": CaseStatus.INCLUDED,
        "opened_on": dt.date(2022, 1, 10),
        "town": "丛林镇",
        "village": "海孔村",
        "category": MonitoringCategory.MARGINAL,
        "history": (
            StatusChange(dt.date(2022, 1, 10), None, CaseStatus.CLUE),
            StatusChange(dt.date(2022, 1, 20), CaseStatus.CLUE, CaseStatus.VERIFIED),
            StatusChange(
                dt.date(2022, 2, 1), CaseStatus.VERIFIED, CaseStatus.INCLUDED, "公示无异议"
            ),
        ),
        "risks": (RiskType.INCOME, RiskType.EXPENDITURE_MEDICAL),
        "measures": (measure(),),
        "last_verified_on": dt.date(2023, 1, 5),
    }
    values.update(kw)
    return MonitoringCase(**values)


def test_categories_are_the_three_of_mon_01(plan_text: str) -> None:
    """The categories' labels are the plan's three terms (MON-01)."""
    labels = [c.label_zh for c in MonitoringCategory]
    assert labels == ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]
    for c in MonitoringCategory:
        assert c.label_zh in plan_text


def test_entry_channels_cover_both_lists_of_mon_06(plan_text: str) -> None:
    """Every discovery means of Ch5's intro and of Ch5 §3 is a channel, in the plan's words."""
    intro = "运用农户自主申报、基层走访排查、防止返贫大数据监测平台预警、行业部门数据比对等手段"
    section3 = "建立健全农户自主申报、基层干部排查、部门筛查预警等易返贫致贫人口快速发现和响应机制"
    assert intro in plan_text
    assert section3 in plan_text
    labels = {c.label_zh for c in EntryChannel}
    for quote in (intro, section3):
        listed = re.split("、", quote.removeprefix("运用").removeprefix("建立健全").split("等")[0])
        assert set(listed) <= labels, listed
    assert len(EntryChannel) == 6


def test_box_3_departments(plan_text: str) -> None:
    """Six departments are Box 3's; the four others come from MON-10's reading."""
    box3 = [d for d in Department if d.in_box_3]
    assert len(box3) == 6
    quote = "有效对接农业农村、医疗卫生、医保、民政、教育、住房和城乡建设等多部门数据"
    assert quote in plan_text
    assert [d.label_zh for d in box3] == quote.removeprefix("有效对接").split("等")[0].split("、")
    assert {d for d in Department if not d.in_box_3} == {
        Department.HUMAN_RESOURCES_SOCIAL_SECURITY,
        Department.DISABLED_PERSONS_FEDERATION,
        Department.EMERGENCY_MANAGEMENT,
        Department.WATER_RESOURCES,
    }


def test_risk_types_cover_the_screens() -> None:
    """Risk types encode MON-03, every risk-bearing guarantee, AST-04 and AST-06."""
    ids = {i for r in RiskType for i in r.catalog}
    expected = {"MON-02", "MON-03", "AST-04", "AST-06"} | {
        f"GUA-0{n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)
    }
    assert expected <= ids
    assert all(r.catalog for r in RiskType)


def test_measure_types_cover_the_assistance_rules() -> None:
    """Measure types encode AST-03 to AST-11 (AST-01/02 are the table, AST-12 the funding)."""
    ids = {i for m in MeasureType for i in m.catalog}
    assert {f"AST-{n:02d}" for n in range(3, 12)} <= ids
    assert all(m.catalog for m in MeasureType)
    assert {f.label_zh for f in MeasureFunding} >= {"行业政策", "衔接推进乡村振兴补助资金"}


def test_case_statuses_follow_mon_07() -> None:
    """The case statuses are MON-07's life cycle plus rejection."""
    assert [s.value for s in CaseStatus] == [
        "clue", "verified", "included", "assisted", "risk_eliminated", "exited", "rejected",
    ]


def test_a_valid_case_builds() -> None:
    """A case with ordered history ending in its status builds and lists its departments."""
    c = case(measures=(measure(), measure(department=Department.CIVIL_AFFAIRS), measure()))
    assert c.status is CaseStatus.INCLUDED
    assert c.measure_departments == (
        Department.HUMAN_RESOURCES_SOCIAL_SECURITY,
        Department.CIVIL_AFFAIRS,
    )
    assert case(history=(), status=CaseStatus.CLUE, category=None).category is None


def test_case_status_agrees_with_history() -> None:
    """A case whose status is not where its history ends cannot be built."""
    with pytest.raises(InvalidInputError) as e:
        case(status=CaseStatus.ASSISTED)
    assert paths(e.value) == ["$.status"]


def test_case_history_is_in_date_order() -> None:
    """Status changes out of date order are refused, naming the later record."""
    history = (
        StatusChange(dt.date(2022, 2, 1), None, CaseStatus.CLUE),
        StatusChange(dt.date(2022, 1, 1), CaseStatus.CLUE, CaseStatus.VERIFIED),
    )
    with pytest.raises(InvalidInputError) as e:
        case(history=history, status=CaseStatus.VERIFIED)
    assert paths(e.value) == ["$.history[1].on"]


def test_case_verification_not_before_opening() -> None:
    """The last verification cannot be before the case was opened."""
    with pytest.raises(InvalidInputError) as e:
        case(last_verified_on=dt.date(2021, 12, 31))
    assert paths(e.value) == ["$.last_verified_on"]


def test_case_risks_are_unique() -> None:
    """A risk type is listed once."""
    with pytest.raises(InvalidInputError) as e:
        case(risks=(RiskType.HOUSING, RiskType.HOUSING))
    assert paths(e.value) == ["$.risks[1]"]


def test_measure_ends_after_it_starts() -> None:
    """A measure cannot end before it starts."""
    with pytest.raises(InvalidInputError) as e:
        measure(end=dt.date(2022, 2, 28))
    assert paths(e.value) == ["$.end"]
    assert measure(end=dt.date(2022, 3, 1)).end == dt.date(2022, 3, 1)


def test_warning_clue_needs_a_catalog_rule_id() -> None:
    """A clue names the rule that found it by catalog ID."""
    clue = WarningClue("H-1", Department.MEDICAL_INSURANCE, ON, "MON-10", "自付费用高")
    assert clue.rule_id == "MON-10"
    with pytest.raises(InvalidInputError) as e:
        WarningClue("H-1", Department.MEDICAL_INSURANCE, ON, "mon10")
    assert paths(e.value) == ["$.rule_id"]


@pytest.mark.parametrize(
    ("kind", "fields", "ok"),
    [
        (RecordKind.MEDICAL_OUT_OF_POCKET, {"amount": Decimal("8000.50")}, True),
        (RecordKind.MEDICAL_OUT_OF_POCKET, {}, False),
        (RecordKind.UNEMPLOYMENT_REGISTRATION, {}, True),
        (RecordKind.UNEMPLOYMENT_REGISTRATION, {"amount": Decimal(1)}, False),
        (RecordKind.HOUSING_APPRAISAL, {"housing_grade": HousingGrade.D}, True),
        (RecordKind.HOUSING_APPRAISAL, {}, False),
        (RecordKind.WATER_TEST, {"water_quality": WaterQuality.FAILED}, True),
        (RecordKind.WATER_TEST, {"housing_grade": HousingGrade.A}, False),
    ],
)
def test_department_record_values_match_kind(
    kind: RecordKind, fields: dict[str, Any], ok: bool
) -> None:
    """A record carries exactly the value its kind needs."""
    def build() -> DepartmentRecord:
        return DepartmentRecord(Department.HEALTH, ON, "H-1", kind, **fields)

    if ok:
        assert build().kind is kind
    else:
        with pytest.raises(InvalidInputError):
            build()


def test_validate_finds_dates_after_the_assessment_date() -> None:
    """validate names every case, clue and record date after the assessment date."""
    late = dt.date(2023, 6, 2)
    c = case(measures=(measure(start=late),), last_verified_on=late)
    clue = WarningClue("H-1", Department.EDUCATION, late, "GUA-02")
    record = DepartmentRecord(Department.EDUCATION, late, "H-1", RecordKind.SCHOOL_DROPOUT)
    problems = validate((c, clue, record), on=ON)
    assert [p.path for p in problems] == [
        "$[0].last_verified_on",
        "$[0].measures[0].start",
        "$[1].on",
        "$[2].on",
    ]
    assert validate((c, clue, record), on=late) == []


@given(rst.monitoring_cases(on=ON))
def test_strategy_cases_are_valid(c: MonitoringCase) -> None:
    """Generated cases pass validate and end their history in their status."""
    assert validate(c, on=ON) == []
    if c.history:
        assert c.history[-1].to_status is c.status
