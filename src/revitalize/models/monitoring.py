"""Monitoring cases, warning clues and department records (MON-*, AST-*).

A :class:`MonitoringCase` stores a household's case: its category (MON-01),
entry channel (MON-06), status and the dated history of its status changes
(MON-07), risks, assistance measures (AST-*), the responsible town and
village and the last verification date (MON-09). Whether a transition is
legal is the monitoring state machine's business; this module only checks
that the record is well formed (dates in order, the status is where the
history ends).

:class:`WarningClue` and :class:`DepartmentRecord` carry their source
department (Box 3 and the departments the catalog's MON-10 reading adds)
and date (MON-10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..errors import InvalidInputError
from ._enums import LabelledEnum
from ._fields import (
    CatalogId,
    Identifier,
    Money,
    Name,
    Text,
    catalog_id,
    enum_member,
    identifier,
    instance_of,
    iso_date,
    money,
    name,
    optional,
    text,
    tuple_of,
    unique,
)
from .household import HousingGrade, WaterQuality

__all__ = [
    "AMOUNT_KINDS",
    "CaseStatus",
    "Department",
    "DepartmentRecord",
    "EntryChannel",
    "Level",
    "Measure",
    "MeasureFunding",
    "MeasureTiming",
    "MeasureType",
    "MonitoringCase",
    "MonitoringCategory",
    "RecordKind",
    "RiskType",
    "StatusChange",
    "WarningClue",
]


# --------------------------------------------------------------------------- enums


class MonitoringCategory(LabelledEnum):
    """The three categories of at-risk household (MON-01)."""

    UNSTABLE_LIFTED = "unstable_lifted", "脱贫不稳定户"
    MARGINAL = "marginal", "边缘易致贫户"
    SUDDEN_HARDSHIP = "sudden_hardship", "突发严重困难户"


class EntryChannel(LabelledEnum):
    """How a case was found (MON-06): both of the plan's lists (Ch5 intro and Ch5 §3)."""

    SELF_DECLARATION = "self_declaration", "农户自主申报"
    #: Ch5 intro.
    GRASSROOTS_VISIT = "grassroots_visit", "基层走访排查"
    #: Ch5 §3.
    CADRE_CHECK = "cadre_check", "基层干部排查"
    #: Ch5 intro.
    PLATFORM_WARNING = "platform_warning", "防止返贫大数据监测平台预警"
    #: Ch5 intro.
    DEPARTMENT_DATA_COMPARISON = "department_data_comparison", "行业部门数据比对"
    #: Ch5 §3.
    DEPARTMENT_SCREENING = "department_screening", "部门筛查预警"


class CaseStatus(LabelledEnum):
    """The status of a monitoring case (MON-07)."""

    CLUE = "clue", "预警线索"
    VERIFIED = "verified", "已核实"
    INCLUDED = "included", "纳入监测"
    ASSISTED = "assisted", "落实帮扶"
    RISK_ELIMINATED = "risk_eliminated", "风险消除"
    EXITED = "exited", "退出监测"
    REJECTED = "rejected", "核实不予纳入"


class RiskType(LabelledEnum):
    """A named risk of a household; :attr:`catalog` gives the catalog IDs it encodes."""

    #: Per-capita net income below the monitoring line (MON-02).
    INCOME = "income", "收入低于监测线"
    #: Sharp fall of income from last year (MON-03).
    INCOME_FALL = "income_fall", "收入大幅下降"
    #: Medical out-of-pocket costs clearly exceeding income (MON-03, GUA-08).
    EXPENDITURE_MEDICAL = "expenditure_medical", "医疗支出过大"
    #: Education costs clearly exceeding income (MON-03).
    EXPENDITURE_EDUCATION = "expenditure_education", "教育支出过大"
    #: Disaster losses clearly exceeding income (MON-03).
    EXPENDITURE_DISASTER = "expenditure_disaster", "灾害损失过大"
    #: Accident losses clearly exceeding income (MON-03).
    EXPENDITURE_ACCIDENT = "expenditure_accident", "意外事故损失过大"
    #: Food and clothing not secure (GUA-01).
    FOOD_CLOTHING = "food_clothing", "吃穿无保障"
    #: A compulsory-age child out of school (GUA-02, GUA-07).
    EDUCATION = "education", "义务教育无保障"
    #: A member without basic medical insurance (GUA-03).
    MEDICAL_INSURANCE = "medical_insurance", "基本医疗无保障"
    #: Unsafe housing (GUA-05, GUA-09).
    HOUSING = "housing", "住房安全无保障"
    #: Unsafe drinking water (GUA-06).
    WATER = "water", "饮水安全无保障"
    #: Illness as the cause (因病), AST-04.
    ILLNESS = "illness", "因病"
    #: Disability as the cause (因残), AST-04.
    DISABILITY = "disability", "因残"
    #: Disaster as the cause (因灾), AST-04.
    DISASTER = "disaster", "因灾"
    #: Accident or other sudden change (意外变故), AST-04.
    ACCIDENT = "accident", "意外变故"
    #: Unemployment (失业), MON-05, EMP-01.
    UNEMPLOYMENT = "unemployment", "失业"
    #: Lack of internal motivation (内生动力不足), AST-06.
    LACK_OF_MOTIVATION = "lack_of_motivation", "内生动力不足"

    @property
    def catalog(self) -> tuple[str, ...]:
        """The catalog IDs this risk type encodes."""
        return _RISK_CATALOG[self]


_RISK_CATALOG: Final[Mapping[RiskType, tuple[str, ...]]] = MappingProxyType(
    {
        RiskType.INCOME: ("MON-02", "MON-03"),
        RiskType.INCOME_FALL: ("MON-03",),
        RiskType.EXPENDITURE_MEDICAL: ("MON-03", "GUA-08"),
        RiskType.EXPENDITURE_EDUCATION: ("MON-03",),
        RiskType.EXPENDITURE_DISASTER: ("MON-03",),
        RiskType.EXPENDITURE_ACCIDENT: ("MON-03",),
        RiskType.FOOD_CLOTHING: ("MON-03", "GUA-01"),
        RiskType.EDUCATION: ("MON-03", "GUA-02", "GUA-07"),
        RiskType.MEDICAL_INSURANCE: ("MON-03", "GUA-03"),
        RiskType.HOUSING: ("MON-03", "GUA-05", "GUA-09"),
        RiskType.WATER: ("MON-03", "GUA-06"),
        RiskType.ILLNESS: ("AST-04",),
        RiskType.DISABILITY: ("AST-04",),
        RiskType.DISASTER: ("AST-04",),
        RiskType.ACCIDENT: ("AST-04",),
        RiskType.UNEMPLOYMENT: ("MON-05", "EMP-01"),
        RiskType.LACK_OF_MOTIVATION: ("AST-06",),
    }
)


class MeasureType(LabelledEnum):
    """An assistance measure; :attr:`catalog` gives the catalog IDs it encodes (AST-01..12).

    Medical, education, housing and employment assistance are the special
    assistance (专项救助) of AST-11; medical assistance is also the third
    medical layer of GUA-08.
    """

    DEVELOPMENTAL_INDUSTRY = "developmental_industry", "产业帮扶"
    DEVELOPMENTAL_EMPLOYMENT = "developmental_employment", "就业帮扶"
    PUBLIC_WELFARE_JOB = "public_welfare_job", "公益性岗位安置"
    WORK_FOR_RELIEF = "work_for_relief", "以工代赈"
    EMPLOYMENT_SERVICES = "employment_services", "职业指导和职业介绍"
    TEMPORARY_ASSISTANCE_EMERGENCY = "temporary_assistance_emergency", "急难型临时救助"
    TEMPORARY_ASSISTANCE_EXPENDITURE = "temporary_assistance_expenditure", "支出型临时救助"
    MINIMUM_ALLOWANCE = "minimum_allowance", "纳入农村低保"
    MINIMUM_ALLOWANCE_SINGLE_PERSON = "minimum_allowance_single_person", "低保单人户"
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support", "特困人员救助供养"
    MOTIVATION_SUPPORT = "motivation_support", "扶志扶智"
    EDUCATION_RETURN = "education_return", "劝返复学"
    HOME_TEACHING = "home_teaching", "送教上门"
    MEDICAL_INSURANCE_SUBSIDY = "medical_insurance_subsidy", "参保缴费资助"
    MEDICAL_ASSISTANCE = "medical_assistance", "医疗救助"
    EDUCATION_ASSISTANCE = "education_assistance", "教育救助"
    HOUSING_ASSISTANCE = "housing_assistance", "住房救助"
    EMPLOYMENT_ASSISTANCE = "employment_assistance", "就业救助"
    HOUSING_RENOVATION = "housing_renovation", "农村危房改造"
    WATER_SUPPLY = "water_supply", "饮水安全保障"
    LEFT_BEHIND_VISIT = "left_behind_visit", "“三留守”人员定期探访"

    @property
    def catalog(self) -> tuple[str, ...]:
        """The catalog IDs this measure type encodes."""
        return _MEASURE_CATALOG[self]


_MEASURE_CATALOG: Final[Mapping[MeasureType, tuple[str, ...]]] = MappingProxyType(
    {
        MeasureType.DEVELOPMENTAL_INDUSTRY: ("AST-03", "AST-08"),
        MeasureType.DEVELOPMENTAL_EMPLOYMENT: ("AST-03", "AST-08"),
        MeasureType.PUBLIC_WELFARE_JOB: ("EMP-02",),
        MeasureType.WORK_FOR_RELIEF: ("EMP-03",),
        MeasureType.EMPLOYMENT_SERVICES: ("EMP-01",),
        MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY: ("AST-04", "AST-05", "AST-11"),
        MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE: ("AST-04", "AST-05", "AST-11"),
        MeasureType.MINIMUM_ALLOWANCE: ("AST-05", "AST-08", "AST-10"),
        MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON: ("AST-07",),
        MeasureType.EXTREME_POVERTY_SUPPORT: ("AST-05", "AST-08", "AST-10"),
        MeasureType.MOTIVATION_SUPPORT: ("AST-06",),
        MeasureType.EDUCATION_RETURN: ("GUA-07",),
        MeasureType.HOME_TEACHING: ("GUA-02",),
        MeasureType.MEDICAL_INSURANCE_SUBSIDY: ("GUA-03",),
        MeasureType.MEDICAL_ASSISTANCE: ("AST-11", "GUA-08"),
        MeasureType.EDUCATION_ASSISTANCE: ("AST-11",),
        MeasureType.HOUSING_ASSISTANCE: ("AST-11",),
        MeasureType.EMPLOYMENT_ASSISTANCE: ("AST-11",),
        MeasureType.HOUSING_RENOVATION: ("GUA-05",),
        MeasureType.WATER_SUPPLY: ("GUA-06",),
        MeasureType.LEFT_BEHIND_VISIT: ("AST-09",),
    }
)


class Department(LabelledEnum):
    """A department that holds data or delivers measures (Box 3; MON-10's reading adds more)."""

    AGRICULTURE_RURAL_AFFAIRS = "agriculture_rural_affairs", "农业农村"
    HEALTH = "health", "医疗卫生"
    MEDICAL_INSURANCE = "medical_insurance", "医保"
    CIVIL_AFFAIRS = "civil_affairs", "民政"
    EDUCATION = "education", "教育"
    HOUSING_URBAN_RURAL = "housing_urban_rural", "住房和城乡建设"
    #: Not in Box 3 (MON-10 reading: unemployment, Ch5 §2).
    HUMAN_RESOURCES_SOCIAL_SECURITY = "human_resources_social_security", "人力社保"
    #: Not in Box 3 (MON-10 reading: disability, Ch5 §4).
    DISABLED_PERSONS_FEDERATION = "disabled_persons_federation", "残联"
    #: Not in Box 3 (MON-10 reading: disaster, Ch5 §4).
    EMERGENCY_MANAGEMENT = "emergency_management", "应急管理"
    #: Not in Box 3 (MON-10 reading: drinking water, Ch4 §5).
    WATER_RESOURCES = "water_resources", "水利"

    @property
    def in_box_3(self) -> bool:
        """Whether Box 3 names this department (the others come from MON-10's reading)."""
        return self in _BOX_3


_BOX_3: Final = frozenset(
    {
        Department.AGRICULTURE_RURAL_AFFAIRS,
        Department.HEALTH,
        Department.MEDICAL_INSURANCE,
        Department.CIVIL_AFFAIRS,
        Department.EDUCATION,
        Department.HOUSING_URBAN_RURAL,
    }
)


class Level(LabelledEnum):
    """The three levels of the linkage mechanism (区 — 镇 — 村), MON-11."""

    DISTRICT = "district", "区"
    TOWN = "town", "镇"
    VILLAGE = "village", "村"


class MeasureTiming(LabelledEnum):
    """Whether a measure prevents a risk or follows an event (AST-12)."""

    PREVENTIVE = "preventive", "预防性措施"
    AFTER_THE_EVENT = "after_the_event", "事后帮扶"


class MeasureFunding(LabelledEnum):
    """Where a measure's money comes from (AST-12)."""

    SECTOR_POLICY = "sector_policy", "行业政策"
    LINKAGE_FUND = "linkage_fund", "衔接推进乡村振兴补助资金"
    SOCIAL_ASSISTANCE_FUND = "social_assistance_fund", "社会帮扶资金"


class RecordKind(LabelledEnum):
    """The kind of a department record used for clue discovery (MON-10a)."""

    #: Medical costs left after the three insurance layers (``amount``), GUA-08.
    MEDICAL_OUT_OF_POCKET = "medical_out_of_pocket", "医疗自付费用"
    SERIOUS_ILLNESS = "serious_illness", "大病患者"
    DISABILITY_REGISTRATION = "disability_registration", "残疾登记"
    #: Disaster loss (``amount``).
    DISASTER_LOSS = "disaster_loss", "灾害损失"
    #: Accident loss (``amount``).
    ACCIDENT_LOSS = "accident_loss", "意外事故损失"
    UNEMPLOYMENT_REGISTRATION = "unemployment_registration", "失业登记"
    SCHOOL_DROPOUT = "school_dropout", "失学辍学"
    #: A housing safety appraisal (``housing_grade``).
    HOUSING_APPRAISAL = "housing_appraisal", "房屋安全鉴定"
    #: A drinking-water quality test (``water_quality``).
    WATER_TEST = "water_test", "饮水水质检测"
    MEDICAL_INSURANCE_LAPSE = "medical_insurance_lapse", "未参加基本医疗保险"
    MINIMUM_ALLOWANCE_GRANT = "minimum_allowance_grant", "纳入低保"
    EXTREME_POVERTY_GRANT = "extreme_poverty_grant", "纳入特困供养"


#: The kinds whose record carries ``amount`` (and no other kind does).
AMOUNT_KINDS: Final = frozenset(
    {RecordKind.MEDICAL_OUT_OF_POCKET, RecordKind.DISASTER_LOSS, RecordKind.ACCIDENT_LOSS}
)


# --------------------------------------------------------------------------- records


@attrs.frozen
class StatusChange:
    """One dated status change of a case; ``from_status`` None = the case was opened."""

    on: dt.date = attrs.field(validator=iso_date)
    from_status: CaseStatus | None = attrs.field(validator=optional(enum_member(CaseStatus)))
    to_status: CaseStatus = attrs.field(validator=enum_member(CaseStatus))
    note: Text = attrs.field(default=Text(""), validator=text)


def _check_end(inst: Measure, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < inst.start:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"the measure ends on {value.isoformat()}, before it starts on "
            f"{inst.start.isoformat()}",
        )


@attrs.frozen
class Measure:
    """One assistance measure of a case (AST-01, AST-11, AST-12).

    ``member_id`` names the member it is for (None = the household);
    ``amount`` is the money it gives, when it gives money.
    """

    type: MeasureType = attrs.field(validator=enum_member(MeasureType))
    department: Department = attrs.field(validator=enum_member(Department))
    start: dt.date = attrs.field(validator=iso_date)
    timing: MeasureTiming = attrs.field(validator=enum_member(MeasureTiming))
    funding: MeasureFunding = attrs.field(validator=enum_member(MeasureFunding))
    end: dt.date | None = attrs.field(default=None, validator=[optional(iso_date), _check_end])
    member_id: Identifier | None = attrs.field(default=None, validator=optional(identifier))
    amount: Money | None = attrs.field(default=None, validator=optional(money))
    note: Text = attrs.field(default=Text(""), validator=text)


def _check_history(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for i in range(1, len(value)):
        if value[i].on < value[i - 1].on:
            raise InvalidInputError.one(
                f"$.{attribute.name}[{i}].on",
                f"status changes are in date order; {value[i].on.isoformat()} comes after "
                f"{value[i - 1].on.isoformat()}",
            )


def _check_status(inst: MonitoringCase, attribute: attrs.Attribute[Any], value: Any) -> None:
    if inst.history and inst.history[-1].to_status is not value:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"the status is {value.value!r} but the history ends in "
            f"{inst.history[-1].to_status.value!r}; expected them to agree",
        )


def _not_before_opened(inst: MonitoringCase, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < inst.opened_on:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"{value.isoformat()} is before the case was opened on {inst.opened_on.isoformat()}",
        )


@attrs.frozen
class MonitoringCase:
    """A household's monitoring case (MON-01, MON-06, MON-07, MON-09, AST-*).

    ``category`` is None until it is determined (a clue has none yet).
    ``history`` is in date order and, when not empty, ends in ``status``.
    """

    id: Identifier = attrs.field(validator=identifier)
    household_id: Identifier = attrs.field(validator=identifier)
    entry_channel: EntryChannel = attrs.field(validator=enum_member(EntryChannel))
    status: CaseStatus = attrs.field(validator=[enum_member(CaseStatus), _check_status])
    opened_on: dt.date = attrs.field(validator=iso_date)
    town: Name = attrs.field(validator=name)
    village: Name = attrs.field(validator=name)
    category: MonitoringCategory | None = attrs.field(
        default=None, validator=optional(enum_member(MonitoringCategory))
    )
    history: tuple[StatusChange, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(StatusChange)), _check_history]
    )
    risks: tuple[RiskType, ...] = attrs.field(
        default=(), validator=[tuple_of(enum_member(RiskType)), unique(what="risk")]
    )
    measures: tuple[Measure, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(Measure))
    )
    last_verified_on: dt.date | None = attrs.field(
        default=None, validator=[optional(iso_date), _not_before_opened]
    )

    @property
    def measure_departments(self) -> tuple[Department, ...]:
        """The departments of the case's measures, each once, in first-seen order."""
        return tuple(dict.fromkeys(m.department for m in self.measures))


@attrs.frozen
class WarningClue:
    """A poverty warning clue (防贫预警线索) found from department data (MON-10a)."""

    household_id: Identifier = attrs.field(validator=identifier)
    source_department: Department = attrs.field(validator=enum_member(Department))
    on: dt.date = attrs.field(validator=iso_date)
    #: The catalog ID of the rule that found the clue.
    rule_id: CatalogId = attrs.field(validator=catalog_id)
    description: Text = attrs.field(default=Text(""), validator=text)
    member_id: Identifier | None = attrs.field(default=None, validator=optional(identifier))


def _check_record_value(
    kinds: frozenset[RecordKind], what: str
) -> Any:
    def check(inst: DepartmentRecord, attribute: attrs.Attribute[Any], value: Any) -> None:
        if inst.kind in kinds and value is None:
            raise InvalidInputError.one(
                f"$.{attribute.name}", f"a {inst.kind.value!r} record needs {what}"
            )
        if inst.kind not in kinds and value is not None:
            raise InvalidInputError.one(
                f"$.{attribute.name}",
                f"a {inst.kind.value!r} record has no {what}; expected null",
            )

    return check


@attrs.frozen
class DepartmentRecord:
    """A record a department shares for clue discovery (MON-10a, MON-10c).

    ``amount`` is given exactly for the kinds in :data:`AMOUNT_KINDS`,
    ``housing_grade`` exactly for housing appraisals and ``water_quality``
    exactly for water tests.
    """

    source_department: Department = attrs.field(validator=enum_member(Department))
    on: dt.date = attrs.field(validator=iso_date)
    household_id: Identifier = attrs.field(validator=identifier)
    kind: RecordKind = attrs.field(validator=enum_member(RecordKind))
    member_id: Identifier | None = attrs.field(default=None, validator=optional(identifier))
    amount: Money | None = attrs.field(
        default=None, validator=[optional(money), _check_record_value(AMOUNT_KINDS, "an amount")]
    )
    housing_grade: HousingGrade | None = attrs.field(
        default=None,
        validator=[
            optional(enum_member(HousingGrade)),
            _check_record_value(frozenset({RecordKind.HOUSING_APPRAISAL}), "a housing grade"),
        ],
    )
    water_quality: WaterQuality | None = attrs.field(
        default=None,
        validator=[
            optional(enum_member(WaterQuality)),
            _check_record_value(frozenset({RecordKind.WATER_TEST}), "a water quality result"),
        ],
    )
    note: Text = attrs.field(default=Text(""), validator=text)
