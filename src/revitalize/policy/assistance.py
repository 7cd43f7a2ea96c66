"""AST-01..12: assistance measures for monitoring subjects (Ch5 §4, Ch4 §1).

The measures of a subject come from three layers, each documented here:

1. **AST-01** (:data:`MEASURE_TABLE`): a ``unique`` decision table from a
   risk type and a support layer to the sector measures that address it,
   each with its department, timing (preventive / after the event) and
   funding (AST-12). Every (risk, layer) pair is covered by exactly one row,
   so deleting any row leaves a gap that :meth:`DecisionTable.check` reports.
   Most rows hold for either layer; income risks split by layer: a labor-able
   household gets developmental assistance (AST-03: industry, employment), a
   household without labor capacity gets the safety net (AST-05).
2. **AST-08** layering (:func:`capacity_profile`): the layers a household
   needs. Age and student status come first: below
   ``assistance.minimum_working_age`` (16, 《劳动法》第十五条) a member is a
   dependant whatever the record says, and so is a student of any age; from
   that age to ``assistance.age_of_majority`` a member counts by the record
   only when out of school and in work. Otherwise a member with full, weak or
   half labor capacity is *able*; one without capacity through age, illness
   or disability is *lost capacity*; minors and students are neither (they are
   dependants, never "lost capacity"). A member whose capacity (or, for a
   youth, schooling or employment) was not assessed makes AST-08 insufficient
   data naming the field, even beside an able member. A household with an
   able member needs the developmental layer; one with a lost-capacity member,
   or with dependants and no able member, needs the safety-net layer; a mixed
   household needs both. MON-08 reads the same profile
   (:attr:`CapacityProfile.has_able_member`), so the two never disagree.
3. **AST-05, AST-07, AST-10** (:func:`safety_net_choice`, :data:`SAFETY_NET`):
   who gets which safety net, when the household has no stable income
   (``assistance.no_stable_income_test``: per-capita income below the
   monitoring line by default, or below the near-the-line band). The members
   who need one are those who lost labor capacity and, in a lifted household
   (脱贫人口), those disabled or semi-disabled in self-care (失能 / 半失能,
   :class:`~revitalize.models.household.SelfCare`: self-care, not labor
   capacity) whatever their labor capacity. Each gets extreme-poverty support
   (特困) when without capacity to work and without a legal supporter able to
   support (《社会救助暂行办法》第十四条; :attr:`Member.has_legal_supporter
   <revitalize.models.household.Member.has_legal_supporter>`); otherwise the
   minimum allowance, as a single-person household beside another able member
   (AST-07) or the household's. An unknown supporter or self-care is
   insufficient data naming the field: no safety net is picked. The table's
   household minimum allowance still covers dependants living without an able
   member.

Temporary assistance (AST-04, AST-11) is *emergency* (急难型) for a sudden
event — disaster, accident, food and clothing — and *expenditure* (支出型)
for illness, disability and rigid spending (:func:`temporary_assistance_type`).
One risk type makes a single-measure plan, several a comprehensive plan
(AST-02). AST-09's visit priority groups are :func:`visit_priority`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.household import (
    EmploymentStatus,
    Household,
    LaborCapacity,
    LeftBehind,
    Motivation,
    NoCapacityReason,
    PovertyStatus,
    SafetyNetStatus,
    SchoolStatus,
    SelfCare,
)
from ..models.monitoring import (
    Department,
    MeasureFunding,
    MeasureTiming,
    MeasureType,
    RiskType,
)
from ..money import ZERO
from .engine import (
    Finding,
    Outcome,
    Polarity,
    Reason,
    Rule,
    RuleSpec,
    born_by,
    slot_setters,
)
from .engine import _new_tuple as _new  # a finding built in line (see there)
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of

__all__ = [
    "CAPACITY",
    "CAUSES",
    "CITATIONS",
    "MEASURE_TABLE",
    "MOTIVATION",
    "NO_SAFETY_NET",
    "RULES",
    "SAFETY_NET",
    "TABLES",
    "CapacityProfile",
    "MeasureSpec",
    "PlanKind",
    "PlannedMeasure",
    "SafetyNetChoice",
    "StableIncomeTest",
    "SupportLayer",
    "VisitGroup",
    "VisitPriority",
    "capacity_finding",
    "capacity_profile",
    "capacity_rule",
    "cause_finding",
    "causes_rule",
    "measures_for",
    "motivation_finding",
    "motivation_rule",
    "plan_kind",
    "plan_measures",
    "safety_net_choice",
    "safety_net_finding",
    "safety_net_rule",
    "temporary_assistance_type",
    "uncovered_safety_net",
    "visit_priority",
]


# --------------------------------------------------------------------------- enums


class SupportLayer(LabelledEnum):
    """The two layers of AST-08: developmental for the able, safety net for the others."""

    DEVELOPMENTAL = "developmental", "开发式帮扶"
    SAFETY_NET = "safety_net", "保障性兜底帮扶"


class PlanKind(LabelledEnum):
    """AST-02: a single-measure plan for one risk, a comprehensive plan for several."""

    SINGLE = "single", "单项措施"
    COMPREHENSIVE = "comprehensive", "综合性帮扶"


# Read on every household's path, so bound once here: on CPython 3.11 reading an enum
# member as a class attribute (``Outcome.YES``) costs several times a module global.
_YES: Final = Outcome.YES
_NO: Final = Outcome.NO
_UNKNOWN: Final = Outcome.INSUFFICIENT_DATA
_NO_CAPACITY: Final = LaborCapacity.NONE
_MINOR: Final = NoCapacityReason.MINOR
_STUDENT_REASON: Final = NoCapacityReason.STUDENT
_SCHOOL_UNKNOWN: Final = SchoolStatus.NOT_ASSESSED
_EMPLOYMENT_UNKNOWN: Final = EmploymentStatus.NOT_ASSESSED
_MOTIVATION_UNKNOWN: Final = Motivation.NOT_ASSESSED
_MOTIVATION_LACKING: Final = Motivation.INSUFFICIENT
_DISABLED: Final = SelfCare.DISABLED
_INCOME_RISK: Final = RiskType.INCOME
_SINGLE_PLAN: Final = PlanKind.SINGLE
_COMPREHENSIVE_PLAN: Final = PlanKind.COMPREHENSIVE


# --------------------------------------------------------------------------- measures


@attrs.frozen
class MeasureSpec:
    """A measure as the AST-01 table gives it: type, department, timing, funding (AST-12)."""

    type: MeasureType
    department: Department
    timing: MeasureTiming
    funding: MeasureFunding


@attrs.frozen(init=False)
class PlannedMeasure:
    """A measure in a subject's plan, with why it is there and whom it is for."""

    type: MeasureType
    department: Department
    timing: MeasureTiming
    funding: MeasureFunding
    #: The catalog IDs of the rules that call for it (AST-01, AST-05 ...).
    rules: tuple[str, ...]
    #: The risks it addresses (empty for a layer measure).
    risks: tuple[RiskType, ...] = ()
    #: The members it is for (empty: the household).
    members: tuple[str, ...] = ()

    def __init__(self, type: MeasureType, department: Department,
                 timing: MeasureTiming, funding: MeasureFunding, rules: tuple[str, ...],
                 risks: tuple[RiskType, ...] = (), members: tuple[str, ...] = ()) -> None:
        (set_type, set_department, set_timing, set_funding, set_rules, set_risks,
         set_members) = _MEASURE_SETTERS
        set_type(self, type)
        set_department(self, department)
        set_timing(self, timing)
        set_funding(self, funding)
        set_rules(self, rules)
        set_risks(self, risks)
        set_members(self, members)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        # ``_value_``: the member's value without the ``value`` property's call
        return {"type": self.type._value_, "label_zh": self.type.label_zh,
                "department": self.department._value_, "timing": self.timing._value_,
                "funding": self.funding._value_, "rules": list(self.rules),
                "risks": [r._value_ for r in self.risks], "members": list(self.members)}

    def render(self, lang: str) -> str:
        """One line: the measure, whom it is for, department, timing, funding, rules."""
        zh = lang == "zh"
        who = ""
        if self.members:
            who = (f"（成员 {'、'.join(self.members)}）" if zh
                   else f" (members {', '.join(self.members)})")
        if zh:
            return (f"{self.type.label_zh}{who}  责任部门：{self.department.label_zh}  "
                    f"{self.timing.label_zh} · {self.funding.label_zh}  {'、'.join(self.rules)}")
        return (f"{self.type.label_en}{who}  department: {self.department.label_en}  "
                f"{self.timing.label_en} · {self.funding.label_en}  {', '.join(self.rules)}")


_MEASURE_SETTERS: Final = slot_setters(PlannedMeasure)
_P, _A = MeasureTiming.PREVENTIVE, MeasureTiming.AFTER_THE_EVENT
_SECTOR, _LINK, _SOCIAL = (MeasureFunding.SECTOR_POLICY, MeasureFunding.LINKAGE_FUND,
                           MeasureFunding.SOCIAL_ASSISTANCE_FUND)
_D = Department


def _m(t: MeasureType, d: Department, timing: MeasureTiming,
       funding: MeasureFunding) -> MeasureSpec:
    return MeasureSpec(t, d, timing, funding)


_DEV: Final = (
    _m(MeasureType.DEVELOPMENTAL_INDUSTRY, _D.AGRICULTURE_RURAL_AFFAIRS, _P, _LINK),
    _m(MeasureType.DEVELOPMENTAL_EMPLOYMENT, _D.HUMAN_RESOURCES_SOCIAL_SECURITY, _P, _SECTOR),
)
_MA: Final = _m(MeasureType.MINIMUM_ALLOWANCE, _D.CIVIL_AFFAIRS, _A, _SECTOR)
_TA_EXP: Final = _m(MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE, _D.CIVIL_AFFAIRS, _A, _SECTOR)
_TA_EMG: Final = _m(MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY, _D.CIVIL_AFFAIRS, _A, _SECTOR)
_MED_AID: Final = _m(MeasureType.MEDICAL_ASSISTANCE, _D.MEDICAL_INSURANCE, _A, _SECTOR)

_LAYER_CITATION: Final = Citation(
    "Ch4 §1", "对有劳动能力人群坚持开发式帮扶，对丧失劳动能力人群强化保障性兜底帮扶")
_DEV_ONLY = {"layer": one_of(SupportLayer.DEVELOPMENTAL)}
_NET_ONLY = {"layer": one_of(SupportLayer.SAFETY_NET)}


def _row(row_id: str, risk: RiskType, *measures: MeasureSpec,
         layer: Mapping[str, Any] | None = None) -> Row[tuple[MeasureSpec, ...]]:
    return Row(row_id, {"risk": one_of(risk), **(layer or {})}, measures)


_R = RiskType
#: AST-01 (with AST-03, AST-04, AST-05, AST-06, AST-08, AST-11, AST-12): risk type and
#: support layer → measures. ``unique``: every (risk, layer) pair matches exactly one row.
MEASURE_TABLE: Final[DecisionTable[tuple[MeasureSpec, ...]]] = DecisionTable(
    id="AST-01",
    title_zh="风险类别对应的帮扶措施（行业主导、缺什么补什么）",
    title_en="Measures by risk type (sector-led, supply what is lacking)",
    hit_policy=HitPolicy.UNIQUE,
    columns=(Column.enum("risk", RiskType), Column.enum("layer", SupportLayer)),
    rows=(
        _row("income-developmental", _R.INCOME, *_DEV, layer=_DEV_ONLY),
        _row("income-safety-net", _R.INCOME, _MA, layer=_NET_ONLY),
        _row("income-fall-developmental", _R.INCOME_FALL,
             _m(MeasureType.EMPLOYMENT_SERVICES, _D.HUMAN_RESOURCES_SOCIAL_SECURITY, _A, _SECTOR),
             _m(MeasureType.PUBLIC_WELFARE_JOB, _D.HUMAN_RESOURCES_SOCIAL_SECURITY, _A, _LINK),
             _m(MeasureType.WORK_FOR_RELIEF, _D.AGRICULTURE_RURAL_AFFAIRS, _A, _LINK),
             layer=_DEV_ONLY),
        _row("income-fall-safety-net", _R.INCOME_FALL, _TA_EXP, layer=_NET_ONLY),
        _row("expenditure-medical", _R.EXPENDITURE_MEDICAL, _MED_AID, _TA_EXP),
        _row("expenditure-education", _R.EXPENDITURE_EDUCATION,
             _m(MeasureType.EDUCATION_ASSISTANCE, _D.EDUCATION, _A, _SECTOR)),
        _row("expenditure-disaster", _R.EXPENDITURE_DISASTER, _TA_EMG),
        _row("expenditure-accident", _R.EXPENDITURE_ACCIDENT, _TA_EMG),
        _row("food-clothing", _R.FOOD_CLOTHING, _TA_EMG),
        _row("education", _R.EDUCATION,
             _m(MeasureType.EDUCATION_RETURN, _D.EDUCATION, _A, _SECTOR)),
        _row("medical-insurance", _R.MEDICAL_INSURANCE,
             _m(MeasureType.MEDICAL_INSURANCE_SUBSIDY, _D.MEDICAL_INSURANCE, _P, _SECTOR)),
        _row("housing", _R.HOUSING,
             _m(MeasureType.HOUSING_RENOVATION, _D.HOUSING_URBAN_RURAL, _P, _LINK),
             _m(MeasureType.HOUSING_ASSISTANCE, _D.HOUSING_URBAN_RURAL, _A, _SECTOR)),
        _row("water", _R.WATER, _m(MeasureType.WATER_SUPPLY, _D.WATER_RESOURCES, _P, _LINK)),
        _row("illness", _R.ILLNESS, _TA_EXP, _MED_AID),
        _row("disability", _R.DISABILITY, _TA_EXP),
        _row("disaster", _R.DISASTER,
             _m(MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY, _D.EMERGENCY_MANAGEMENT, _A, _SECTOR)),
        _row("accident", _R.ACCIDENT, _TA_EMG),
        _row("unemployment", _R.UNEMPLOYMENT,
             _m(MeasureType.EMPLOYMENT_SERVICES, _D.HUMAN_RESOURCES_SOCIAL_SECURITY, _A, _SECTOR),
             _m(MeasureType.EMPLOYMENT_ASSISTANCE, _D.HUMAN_RESOURCES_SOCIAL_SECURITY, _A,
                _SECTOR)),
        _row("lack-of-motivation", _R.LACK_OF_MOTIVATION,
             _m(MeasureType.MOTIVATION_SUPPORT, _D.AGRICULTURE_RURAL_AFFAIRS, _P, _SOCIAL)),
    ),
    citations=(
        Citation("Ch5 §4", "按照行业主导、缺什么补什么的原则 … 根据监测对象的风险类别、发展需求等"
                           "开展针对性帮扶"),
        Citation("Ch5 §4", "对有劳动能力的监测对象，采取开发式帮扶，"
                           "主要通过发展产业、引导就业等实施帮扶"),
        Citation("Ch5 §4", "对因病、因残、因灾等意外变故导致存在返贫致贫风险的监测对象，"
                           "及时落实临时救助政策"),
        _LAYER_CITATION,
        Citation("Ch5 §4", "坚持预防性措施和事后帮扶相结合，可使用行业政策、"
                           "各级财政衔接推进乡村振兴补助资金等 … "
                           "各部门充分发挥社会帮扶资金优势，主动覆盖财政资金的盲区"),
        Citation("Ch4 §1, Box 2", "联合推进医疗、教育、住房、就业等专项救助 … "
                                  "持续实施基本生活困难急难型和支出型临时救助"),
        Citation("Ch5 §4", "对内生动力不足的，通过持续扶志扶智激发内生发展动力"),
    ),
)

def _index(table: DecisionTable[tuple[MeasureSpec, ...]],
           ) -> Mapping[tuple[RiskType, SupportLayer], tuple[Row[tuple[MeasureSpec, ...]], ...]]:
    return {(r, layer): table.matching({"risk": r, "layer": layer})
            for r in RiskType for layer in SupportLayer}


_INDEX: Final = _index(MEASURE_TABLE)


def measures_for(risk: RiskType, layer: SupportLayer) -> tuple[MeasureSpec, ...]:
    """AST-01: the measures of one risk type in one support layer."""
    return tuple(m for row in _INDEX[(risk, layer)] for m in row.then)


def temporary_assistance_type(risk: RiskType) -> MeasureType | None:
    """AST-04 / AST-11: the kind of temporary assistance a risk calls for, if any.

    >>> temporary_assistance_type(RiskType.DISASTER).value
    'temporary_assistance_emergency'
    >>> temporary_assistance_type(RiskType.ILLNESS).value
    'temporary_assistance_expenditure'
    >>> temporary_assistance_type(RiskType.WATER) is None
    True
    """
    for layer in SupportLayer:
        for m in measures_for(risk, layer):
            if m.type in (MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY,
                          MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE):
                return m.type
    return None


def plan_kind(risks: Sequence[RiskType]) -> PlanKind | None:
    """AST-02: single for one risk type, comprehensive for several, None for none."""
    n = len(set(risks))
    return None if n == 0 else _SINGLE_PLAN if n == 1 else _COMPREHENSIVE_PLAN


# --------------------------------------------------------------------------- capacity (AST-08)

_ABLE: Final = frozenset({LaborCapacity.FULL, LaborCapacity.WEAK, LaborCapacity.HALF})
_LOST_REASONS: Final = frozenset({NoCapacityReason.ELDERLY, NoCapacityReason.DISABILITY,
                                  NoCapacityReason.ILLNESS})
_COVERED: Final = frozenset({SafetyNetStatus.MINIMUM_ALLOWANCE,
                             SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON,
                             SafetyNetStatus.EXTREME_POVERTY_SUPPORT})
#: School statuses of a student (in school, or out with the formal procedure, or taught at
#: home): a student is a dependant whatever capacity is recorded.
_STUDENT: Final = frozenset({SchoolStatus.IN_SCHOOL_IN_COUNTY,
                             SchoolStatus.IN_SCHOOL_OUTSIDE_COUNTY, SchoolStatus.DEFERRED,
                             SchoolStatus.SUSPENDED, SchoolStatus.ON_LEAVE,
                             SchoolStatus.HOME_TEACHING})
#: Employment statuses of a youth in the labor force (working, or lost a job: 就业转失业).
_IN_WORK: Final = frozenset({EmploymentStatus.EMPLOYED_LOCALLY,
                             EmploymentStatus.TRANSFER_EMPLOYMENT,
                             EmploymentStatus.PUBLIC_WELFARE_JOB,
                             EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT})


@attrs.frozen(init=False)
class CapacityProfile:
    """The labor capacity of a household's members (AST-03, AST-05, AST-08, MON-08)."""

    #: Full, weak or half labor capacity (weak and half count as able).
    able: tuple[str, ...]
    #: Without capacity through age, illness or disability (never a minor or a student).
    lost: tuple[str, ...]
    #: Minors and students: without capacity, but not "lost capacity".
    dependants: tuple[str, ...]
    #: Lost-capacity members already under minimum allowance or extreme-poverty support.
    covered: tuple[str, ...]
    #: Paths of capacity fields that were not assessed.
    missing: tuple[str, ...]
    majority: ParameterValue
    #: ``assistance.minimum_working_age`` (None when the profile was built without it).
    working_age: ParameterValue | None = None
    #: Whether a member whose data is missing might be able to work.
    able_unknown: bool = False
    #: The parameter values the profile read (``majority``, then ``working_age`` if set).
    used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False)
    #: AST-08: the layers this household needs (empty when capacity is unknown):
    #: developmental with an able member; safety net with a lost-capacity member, or with
    #: dependants and no able member.
    layers: tuple[SupportLayer, ...] = attrs.field(init=False)

    def __init__(self, able: tuple[str, ...], lost: tuple[str, ...],
                 dependants: tuple[str, ...], covered: tuple[str, ...], missing: tuple[str, ...],
                 majority: ParameterValue, working_age: ParameterValue | None = None,
                 able_unknown: bool = False) -> None:
        (set_able, set_lost, set_dependants, set_covered, set_missing, set_majority,
         set_working_age, set_able_unknown, set_used, set_layers) = _PROFILE_SETTERS
        set_able(self, able)
        set_lost(self, lost)
        set_dependants(self, dependants)
        set_covered(self, covered)
        set_missing(self, missing)
        set_majority(self, majority)
        set_working_age(self, working_age)
        set_able_unknown(self, able_unknown)
        set_used(self, (majority,) if working_age is None else (majority, working_age))
        set_layers(self, _layers(able, lost, dependants, missing))

    @property
    def has_able_member(self) -> bool | None:
        """Whether a member can work: None when none is known able and one might be.

        MON-08 and AST-08 both read it, so they never disagree on one household.
        """
        if self.able:
            return True
        return None if self.able_unknown else False


def _layers(able: tuple[str, ...], lost: tuple[str, ...], dependants: tuple[str, ...],
            missing: tuple[str, ...]) -> tuple[SupportLayer, ...]:
    """AST-08: the layers of :attr:`CapacityProfile.layers`."""
    if able:
        if lost:
            return _BOTH
        return _DEVELOPMENTAL
    if lost or (dependants and not missing):
        return _SAFETY_NET
    return ()


_PROFILE_SETTERS: Final = slot_setters(CapacityProfile)
_BOTH: Final = (SupportLayer.DEVELOPMENTAL, SupportLayer.SAFETY_NET)
_DEVELOPMENTAL: Final = (SupportLayer.DEVELOPMENTAL,)
_SAFETY_NET: Final = (SupportLayer.SAFETY_NET,)


def capacity_profile(h: Household, params: ParameterSet, on: dt.date) -> CapacityProfile:
    """AST-08: sort the members by labor capacity on ``on`` (age and student status first).

    Below ``assistance.minimum_working_age`` (《劳动法》第十五条: 16) a member is a
    dependant whatever the record says, and so is a student of any age (in school,
    deferred, suspended, on leave or taught at home, or recorded as a student). From
    that age up to ``assistance.age_of_majority`` a member counts by the record only
    when out of school and in work (employed, or having lost a job); otherwise a
    dependant. A member without capacity for a reason that was not assessed, or whose
    capacity, schooling or employment the decision needs and was not assessed, is
    reported as missing data (never assumed to be lost capacity, nor "not able").
    """
    return _profile(h, *params.resolved(_profile_inputs, on))


def _profile_inputs(params: ParameterSet, on: dt.date) -> tuple[
        dt.date | None, dt.date | None, ParameterValue, ParameterValue,
        tuple[ParameterValue, ...]]:
    """:func:`_profile`'s arguments after the household: the birth-date cut-offs of the age
    of majority and of the working age, their values, and the values used (read once per
    set and date)."""
    majority = params.get("assistance.age_of_majority", on)
    working = params.get("assistance.minimum_working_age", on)
    return (adult_born_by(on, majority), adult_born_by(on, working), majority, working,
            (majority, working))


def adult_born_by(on: dt.date, majority: ParameterValue) -> dt.date | None:
    """The latest birth date of someone at least ``majority`` years old on ``on`` (None:
    nobody is); :func:`_profile` reads it for the age of majority and the working age."""
    adult = majority.value
    assert isinstance(adult, int)
    cut = born_by(on, adult)
    return None if cut is None else min(cut, on)


def _profile(h: Household, adult_by: dt.date | None, work_by: dt.date | None,
             majority: ParameterValue, working: ParameterValue,
             used: tuple[ParameterValue, ...]) -> CapacityProfile:
    """AST-08 with the birth-date cut-offs already computed (:func:`adult_born_by`)."""
    able: list[str] = []
    lost: list[str] = []
    dependants: list[str] = []
    covered: list[str] = []
    missing: list[str] = []
    unknown = False
    minor, student = _MINOR, _STUDENT_REASON
    i = -1  # the member's index, counted by hand (cheaper than enumerate's pairs)
    for m in h.members:
        i += 1
        reason = m.no_capacity_reason
        born = m.birth_date
        if (work_by is None or born > work_by or reason is minor or reason is student
                or m.school_status in _STUDENT):
            dependants.append(m.id)  # too young, or a student: whatever capacity is recorded
            continue
        if adult_by is None or born > adult_by:  # from the working age to majority
            if m.labor_capacity is _NO_CAPACITY:
                dependants.append(m.id)  # a minor without capacity: never "lost capacity"
                continue
            status = m.employment_status
            if status in _IN_WORK:
                if m.school_status is _SCHOOL_UNKNOWN:
                    missing.append(f"members[{i}].school_status")
                    unknown = True
                    continue
            elif status is _EMPLOYMENT_UNKNOWN:
                missing.append(f"members[{i}].employment_status")
                unknown = True
                continue
            else:
                dependants.append(m.id)  # not in work: a dependant
                continue
        cap = m.labor_capacity
        if cap in _ABLE:
            able.append(m.id)
        elif cap is _NO_CAPACITY and reason in _LOST_REASONS:
            lost.append(m.id)
            if m.safety_net in _COVERED:
                covered.append(m.id)
        elif cap is _NO_CAPACITY:
            missing.append(f"members[{i}].no_capacity_reason")
        else:
            missing.append(f"members[{i}].labor_capacity")
            unknown = True
    # Built by the class's __init__, which derives ``used`` (equal to the one given) and
    # the layers (its slots set directly: :func:`~revitalize.policy.engine.slot_setters`).
    return CapacityProfile(tuple(able), tuple(lost), tuple(dependants), tuple(covered),
                           tuple(missing), majority, working, unknown)


CAPACITY = RuleSpec(
    id="AST-08",
    reads=("members[].birth_date", "members[].employment_status", "members[].id",
           "members[].labor_capacity", "members[].no_capacity_reason", "members[].safety_net",
           "members[].school_status"),
    tables=("AST-01",),
    title_zh="家庭有劳动能力成员",
    title_en="The household has a member able to work",
    citations=(_LAYER_CITATION,),
    parameters=("assistance.age_of_majority", "assistance.minimum_working_age"),
    polarity=Polarity.INFO,
    reasons={
        Outcome.YES: Reason(
            "有劳动能力成员（含弱劳动力、半劳动力）{able} 人，丧失劳动能力成员 {lost} 人，"
            "未成年人或在校学生 {dependants} 人：{layers}",
            "{able} member(s) able to work (full, weak or half labor), {lost} lost capacity, "
            "{dependants} minor(s) or student(s): {layers}"),
        Outcome.NO: Reason(
            "无有劳动能力成员（有劳动能力 {able} 人）；丧失劳动能力成员 {lost} 人，"
            "未成年人或在校学生 {dependants} 人（未成年人和学生不属于丧失劳动能力）：{layers}",
            "no member able to work ({able} able); {lost} lost capacity, {dependants} minor(s) "
            "or student(s) (minors and students are not lost capacity): {layers}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断劳动能力（已知有劳动能力 {able} 人）",
            "insufficient data: {missing} not assessed; cannot tell the labor capacity "
            "({able} known able)"),
    },
)


def capacity_finding(profile: CapacityProfile) -> Finding:
    """AST-08: YES when some member can work; the layers follow.

    A member whose capacity is not known makes the finding insufficient data naming
    the field, even beside an able member (the safety-net layer may be needed).
    """
    used = profile.used
    if profile.missing:
        return _new(Finding, (CAPACITY, _UNKNOWN, {"able": len(profile.able)}, used,
                              profile.missing, ""))
    values = {"able": len(profile.able), "lost": len(profile.lost),
              "dependants": len(profile.dependants), "layers": profile.layers}
    return _new(Finding, (CAPACITY, _YES if profile.able else _NO, values, used, (), ""))


def capacity_rule(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """AST-08 as a rule."""
    return capacity_finding(capacity_profile(h, params, on))


# --------------------------------------------------------------------------- AST-05/07/10


class StableIncomeTest(LabelledEnum):
    """The reading of 无法通过产业就业获得稳定收入 (``assistance.no_stable_income_test``)."""

    BELOW_MONITORING_LINE = "below_monitoring_line", "家庭人均纯收入低于监测线"
    BELOW_NEAR_LINE_BAND = "below_near_line_band", "家庭人均纯收入低于监测线附近范围上限"


class _NoNet(LabelledEnum):
    STABLE_INCOME = "the household has stable income", "家庭有稳定收入"
    NO_MEMBER = ("no member without labor capacity, disabled or semi-disabled",
                 "无丧失劳动能力或失能、半失能成员")


_STABLE_INCOME: Final = _NoNet.STABLE_INCOME
_NO_MEMBER: Final = _NoNet.NO_MEMBER


@attrs.frozen
class SafetyNetChoice:
    """AST-05 / AST-07: the safety net of each member who needs one.

    ``extreme_poverty``: no capacity to work and no legal supporter able to support
    (《社会救助暂行办法》第十四条; no source of income is the household's lack of stable
    income); ``single_person``: the minimum allowance as a single-person household
    beside an able member (AST-07); ``allowance``: the household's minimum allowance.
    ``missing`` names the fields a choice needs that were not assessed (no choice is
    made for such a member).
    """

    extreme_poverty: tuple[str, ...] = ()
    single_person: tuple[str, ...] = ()
    allowance: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        """Every member with a safety net chosen."""
        return self.extreme_poverty + self.single_person + self.allowance

    @property
    def kinds(self) -> tuple[MeasureType, ...]:
        """The measures chosen, in a fixed order."""
        return tuple(t for t, ids in ((MeasureType.EXTREME_POVERTY_SUPPORT, self.extreme_poverty),
                                      (MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON,
                                       self.single_person),
                                      (MeasureType.MINIMUM_ALLOWANCE, self.allowance)) if ids)


#: No member needs (or has) a safety net.
NO_SAFETY_NET: Final = SafetyNetChoice()
_LIMITED: Final = frozenset({SelfCare.SEMI_DISABLED, SelfCare.DISABLED})
_LIFTED: Final = frozenset({PovertyStatus.REGISTERED_LIFTED, PovertyStatus.RETURNED_TO_POVERTY})


def safety_net_choice(h: Household, profile: CapacityProfile,
                      no_stable_income: bool | None) -> SafetyNetChoice:
    """AST-05 / AST-07 / AST-08: who gets the minimum allowance or extreme-poverty support.

    Only without stable income (``no_stable_income`` True, the test of
    ``assistance.no_stable_income_test``). The members who need a safety net are those
    who lost labor capacity (AST-08), and, in a lifted household (脱贫人口, AST-05),
    those disabled or semi-disabled in self-care (失能 / 半失能) whatever their labor
    capacity; a lifted household's member whose self-care was not assessed is missing
    data. Each gets extreme-poverty support when without capacity to work and without a
    legal supporter able to support; with such a supporter, or able to work, the minimum
    allowance (single-person beside another able member, AST-07). An unknown supporter
    is missing data, never a pick.
    """
    if not no_stable_income:
        return NO_SAFETY_NET
    lifted = h.poverty_status in _LIFTED
    lost, able, dependants = profile.lost, profile.able, profile.dependants
    extreme: list[str] = []
    single: list[str] = []
    allowance: list[str] = []
    missing: list[str] = []
    for i, m in enumerate(h.members):
        mid = m.id
        if mid in lost:
            no_capacity: bool | None = True
        elif not lifted:
            continue
        else:
            care = m.self_care
            if care is None:
                missing.append(f"members[{i}].self_care")
                continue
            if care not in _LIMITED:
                continue
            if mid in able:
                no_capacity = False
            elif (mid in dependants or m.labor_capacity is _NO_CAPACITY
                  or care is _DISABLED):
                no_capacity = True
            else:
                no_capacity = None
        if no_capacity is None:
            missing.extend(p for p in profile.missing if p.startswith(f"members[{i}]."))
            continue
        if no_capacity:
            supporter = m.has_legal_supporter
            if supporter is None:
                missing.append(f"members[{i}].has_legal_supporter")
                continue
            if not supporter:
                extreme.append(mid)
                continue
        if any(a != mid for a in able):
            single.append(mid)
        else:
            allowance.append(mid)
    if not (extreme or single or allowance or missing):
        return NO_SAFETY_NET
    return SafetyNetChoice(tuple(extreme), tuple(single), tuple(allowance), tuple(missing))


SAFETY_NET = RuleSpec(
    id="AST-05",
    reads=("annual_net_income", "members[].birth_date", "members[].counts_for_income",
           "members[].employment_status", "members[].has_legal_supporter", "members[].id",
           "members[].labor_capacity", "members[].no_capacity_reason", "members[].safety_net",
           "members[].school_status", "members[].self_care", "poverty_status"),
    tables=("AST-01",),
    title_zh="丧失劳动能力或失能、半失能且无稳定收入的成员纳入兜底保障",
    title_en="Members who cannot work or care for themselves, without stable income, get the "
             "safety net",
    citations=(Citation("Ch5 §4", "对脱贫人口中失能或半失能、且无法通过产业就业获得稳定收入的人口，"
                                  "依规纳入农村低保或特困人员救助供养范围"),
               _LAYER_CITATION),
    parameters=("assistance.no_stable_income_test", "monitoring.near_line_multiple",
                "assistance.age_of_majority", "assistance.minimum_working_age"),
    polarity=Polarity.YES_IS_PROBLEM,
    reasons={
        Outcome.YES: Reason(
            "{count} 名成员丧失劳动能力或失能、半失能，且{test}（无稳定收入）：{kinds}",
            "{count} member(s) without labor capacity, or disabled or semi-disabled in "
            "self-care, and {test} (no stable income): {kinds}"),
        Outcome.NO: Reason("无需兜底保障：{why}（无稳定收入的判断：{test}）",
                           "no safety net needed: {why} (no stable income means: {test})"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法确定兜底保障（无稳定收入的判断：{test}）",
            "insufficient data: {missing} not assessed; cannot settle the safety net (no "
            "stable income means: {test})"),
    },
)


def safety_net_finding(h: Household, profile: CapacityProfile, no_stable_income: bool | None,
                       test: StableIncomeTest, used: tuple[ParameterValue, ...],
                       income_missing: tuple[str, ...] = ("annual_net_income",)) -> Finding:
    """AST-05: YES when members need the safety net and each one's is chosen.

    The reasons give counts and measures, never a member (self-care is a health detail);
    :func:`safety_net_choice` names the members.
    """
    if no_stable_income is None:
        return _new(Finding, (SAFETY_NET, _UNKNOWN, {"test": test}, used,
                              income_missing, ""))
    if not no_stable_income:
        return _new(Finding, (SAFETY_NET, _NO, {"why": _STABLE_INCOME, "test": test},
                              used, (), ""))
    choice = safety_net_choice(h, profile, True)
    if choice.missing:
        return _new(Finding, (SAFETY_NET, _UNKNOWN, {"test": test}, used,
                              choice.missing, ""))
    members = choice.members
    if members:
        return _new(Finding, (SAFETY_NET, _YES,
                              {"count": len(members), "kinds": choice.kinds, "test": test},
                              used, (), ""))
    return _new(Finding, (SAFETY_NET, _NO, {"why": _NO_MEMBER, "test": test}, used, (), ""))


def safety_net_rule(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """AST-05 as a rule: the stable-income test reads the household's income screen."""
    from .monitoring import no_stable_income

    profile = capacity_profile(h, params, on)
    known, test, used, missing = no_stable_income(h, params, on)
    return safety_net_finding(h, profile, known, test, used, missing)


def uncovered_safety_net(profile: CapacityProfile, risks: Iterable[RiskType]) -> tuple[str, ...]:
    """AST-10 (应保尽保): lost-capacity members without stable income not yet covered.

    "Without stable income" is read as an income risk (income below the line
    or a sharp fall) of the household.
    """
    if not {RiskType.INCOME, RiskType.INCOME_FALL} & set(risks):
        return ()
    return tuple(m for m in profile.lost if m not in profile.covered)


# --------------------------------------------------------------------------- AST-04 causes

_CAUSE_REASON: Final = {NoCapacityReason.ILLNESS: RiskType.ILLNESS,
                        NoCapacityReason.DISABILITY: RiskType.DISABILITY}

_CAUSE_ORDER: Final = (RiskType.ILLNESS, RiskType.DISABILITY, RiskType.DISASTER,
                       RiskType.ACCIDENT)
_TEMPORARY: Final = {r: temporary_assistance_type(r) for r in RiskType}
#: The bits of :func:`cause_finding`'s causes: bit ``i`` is ``_CAUSE_ORDER[i]``.
_ILLNESS_BIT, _DISABILITY_BIT, _DISASTER_BIT, _ACCIDENT_BIT = (
    1 << _CAUSE_ORDER.index(r) for r in (RiskType.ILLNESS, RiskType.DISABILITY, RiskType.DISASTER,
                                         RiskType.ACCIDENT))

CAUSES = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="AST-04",
    reads=("members[].disability", "members[].no_capacity_reason", "members[].serious_illness",
           "rigid_expenditure.accident_loss", "rigid_expenditure.disaster_loss"),
    tables=("MON-01", "AST-01"),
    title_zh="风险因病、因残、因灾或意外变故引起",
    title_en="The risk is caused by illness, disability, disaster or accident",
    citations=(Citation("Ch5 §4", "对因病、因残、因灾等意外变故导致存在返贫致贫风险的监测对象，"
                                  "及时落实临时救助政策"),),
    reasons={
        Outcome.YES: Reason("风险成因：{causes}（临时救助：{assistance}）",
                            "cause(s) of the risk: {causes} (temporary assistance: "
                            "{assistance})"),
        Outcome.NO: Reason("未发现因病、因残、因灾或意外变故",
                           "no illness, disability, disaster or accident found"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断是否因病、因残、"
                                          "因灾或意外变故",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether illness, disability, disaster or an "
                                          "accident is a cause"),
    },
)


def cause_finding(h: Household) -> Finding:
    """AST-04: the causes among illness, disability, disaster and accident.

    Illness and disability come from the members' health fields or their
    reason for lost capacity (the reason names no member: health details are
    personal data); disaster and accident from a positive loss.
    """
    found = 0  # the causes found, bit i for _CAUSE_ORDER[i]
    # The members without their index (``enumerate`` costs about as much as the loop): the
    # paths of the unassessed fields are listed by a second pass, only when needed.
    unassessed = False
    for m in h.members:
        ill, disabled = m.serious_illness, m.disability
        if ill:
            found |= _ILLNESS_BIT
        if disabled:
            found |= _DISABILITY_BIT
        reason = m.no_capacity_reason
        if reason in _CAUSE_REASON_BIT:
            found |= _CAUSE_REASON_BIT[reason]
        if ill is None or disabled is None:
            unassessed = True
    rx = h.rigid_expenditure
    disaster, accident = rx.disaster_loss, rx.accident_loss
    if disaster is None:
        unassessed = True
    elif disaster > ZERO:
        found |= _DISASTER_BIT
    if accident is None:
        unassessed = True
    elif accident > ZERO:
        found |= _ACCIDENT_BIT
    if found:
        causes, kinds = _CAUSES_OF[found]
        return _new(Finding, (CAUSES, _YES, {"causes": causes, "assistance": kinds}, (), (), ""))
    if unassessed:
        missing: list[str] = []
        for i, m in enumerate(h.members):
            if m.serious_illness is None:
                missing.append(f"members[{i}].serious_illness")
            if m.disability is None:
                missing.append(f"members[{i}].disability")
        if disaster is None:
            missing.append("rigid_expenditure.disaster_loss")
        if accident is None:
            missing.append("rigid_expenditure.accident_loss")
        return _new(Finding, (CAUSES, _UNKNOWN, {}, (), tuple(missing), ""))
    return _new(Finding, (CAUSES, _NO, {}, (), (), ""))


def _causes_of(found: int) -> tuple[tuple[RiskType, ...], tuple[MeasureType, ...]]:
    """AST-04's causes (in :data:`_CAUSE_ORDER`) and their temporary assistance, for the
    causes found as bits (bit ``i`` is ``_CAUSE_ORDER[i]``)."""
    ordered = tuple(r for i, r in enumerate(_CAUSE_ORDER) if found & (1 << i))
    return ordered, tuple(dict.fromkeys(t for r in ordered if (t := _TEMPORARY[r]) is not None))


#: A lost-capacity reason's cause as its bit in :func:`cause_finding`'s ``found``.
_CAUSE_REASON_BIT: Final = {reason: 1 << _CAUSE_ORDER.index(risk)
                            for reason, risk in _CAUSE_REASON.items()}
#: :func:`_causes_of` for every set of causes, computed once.
_CAUSES_OF: Final = tuple(_causes_of(found) for found in range(1 << len(_CAUSE_ORDER)))


def causes_rule(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """AST-04 as a rule."""
    return cause_finding(h)


# --------------------------------------------------------------------------- AST-06

MOTIVATION = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="AST-06",
    reads=("motivation",),
    tables=("AST-01",),
    title_zh="内生动力不足",
    title_en="Lack of internal motivation",
    citations=(Citation("Ch5 §4", "对内生动力不足的，通过持续扶志扶智激发内生发展动力"),),
    reasons={
        Outcome.YES: Reason("经评估：{motivation}", "assessed: {motivation}"),
        Outcome.NO: Reason("经评估：{motivation}", "assessed: {motivation}"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断内生动力",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell the internal motivation"),
    },
)


def motivation_finding(h: Household) -> Finding:
    """AST-06: YES when the household's motivation was assessed as insufficient."""
    if h.motivation is _MOTIVATION_UNKNOWN:
        return _new(Finding, (MOTIVATION, _UNKNOWN, {}, (), ("motivation",), ""))
    outcome = _YES if h.motivation is _MOTIVATION_LACKING else _NO
    return _new(Finding, (MOTIVATION, outcome, {"motivation": h.motivation}, (), (), ""))


def motivation_rule(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """AST-06 as a rule."""
    return motivation_finding(h)


# --------------------------------------------------------------------------- AST-09


class VisitGroup(LabelledEnum):
    """AST-09: the left-behind groups; the first four are the plan's priority groups."""

    EMPTY_NEST_ELDERLY = "empty_nest_elderly", "空巢老年人"
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", "留守老年人"
    SCATTERED_EXTREME_POVERTY_ELDERLY = "scattered_extreme_poverty_elderly", "散居特困老年人"
    LEFT_BEHIND_CHILD = "left_behind_child", "留守儿童"
    LEFT_BEHIND_WOMAN = "left_behind_woman", "留守妇女"

    @property
    def priority(self) -> bool:
        """Whether the plan names the group as a visit priority (women get care, Ch4 §1)."""
        return self is not VisitGroup.LEFT_BEHIND_WOMAN


@attrs.frozen
class VisitPriority:
    """A member to visit and the group that puts them on the list (AST-09)."""

    member_id: str
    group: VisitGroup


_VISIT_CITATION: Final = Citation(
    "Ch4 §1", "开展以空巢、留守、散居特困等特殊困难老年人和留守儿童为重点的“三留守”人员定期探访，"
              "加强困境儿童保护、留守妇女关爱")
_LEFT: Final = {LeftBehind.EMPTY_NEST_ELDERLY: VisitGroup.EMPTY_NEST_ELDERLY,
                LeftBehind.ELDERLY: VisitGroup.LEFT_BEHIND_ELDERLY,
                LeftBehind.CHILD: VisitGroup.LEFT_BEHIND_CHILD,
                LeftBehind.WOMAN: VisitGroup.LEFT_BEHIND_WOMAN}


def visit_priority(h: Household, params: ParameterSet, on: dt.date) -> tuple[VisitPriority, ...]:
    """AST-09: the household's members on the periodic-visit list, with their group.

    An extreme-poverty person at or above the elderly age who lives in the
    household (not in an institution) is scattered extreme-poverty elderly.
    """
    elderly = params.integer("assistance.elderly_age", on)
    out = []
    for m in h.members:
        group = _LEFT.get(m.left_behind)
        if group is None and m.safety_net is SafetyNetStatus.EXTREME_POVERTY_SUPPORT and (
                m.birth_date <= on and m.age_on(on) >= elderly):
            group = VisitGroup.SCATTERED_EXTREME_POVERTY_ELDERLY
        if group is not None:
            out.append(VisitPriority(m.id, group))
    return tuple(out)


# --------------------------------------------------------------------------- the plan


def plan_measures(
    risks: Sequence[RiskType],
    profile: CapacityProfile,
    members_by_risk: Mapping[RiskType, tuple[str, ...]] | None = None,
    *,
    home_teaching: tuple[str, ...] = (),
    visits: tuple[str, ...] = (),
    safety_net: SafetyNetChoice = NO_SAFETY_NET,
) -> tuple[PlannedMeasure, ...]:
    """The measures of a subject with ``risks`` (AST-01, AST-05, AST-07, AST-08, AST-09).

    Each (risk, layer) row of :data:`MEASURE_TABLE` contributes its measures;
    when the layers are unknown (capacity not assessed) only the rows that
    hold for either layer contribute. The members' safety nets are ``safety_net``
    (:func:`safety_net_choice`: extreme-poverty support, single-person or household
    minimum allowance); the table's minimum allowance (income risk, safety-net layer)
    adds the household's allowance only where no member's safety net covers it: no
    member needs one (nothing missing), or dependants live without an able member.
    Home teaching (GUA-02) and left-behind visits (AST-09) are added for a subject
    that has such members. No risk and no safety net, no measure.
    """
    net_members = safety_net.members
    if not risks and not net_members:
        return ()
    by_risk = members_by_risk or _NO_MEMBERS
    # merge key (an int for each (type, department), :data:`_MERGE_KEY`) -> [spec, rules,
    # risks, members], merged in first-seen order (the rules and risks kept unique as they
    # are added, the members when the measure is made)
    merged: dict[int, list[Any]] = {}
    household_allowance = (not net_members and not safety_net.missing) or (
        not profile.able and bool(profile.dependants))
    sources = (safety_net.allowance, profile.able)
    rows_of = _PLAN_ROWS_BY_LAYERS[profile.layers]
    for risk in risks if len(risks) < 2 else dict.fromkeys(risks):
        one_risk = (risk,)
        for key, spec, rule, source in rows_of[risk]:
            if source == 0 and not household_allowance:
                continue  # the members' own safety nets cover it
            members = sources[source] if source < 2 else by_risk.get(risk, ())
            # _merge's steps in line, with the row's key precomputed: calling it per row
            # costs about 0.5 µs a household (CPU, 2,000 households). Keep the two in step;
            # tests/test_assessment_paths.py checks plan_measures against its definition.
            entry = merged.get(key)
            if entry is None:
                merged[key] = [spec, (rule,), one_risk, members]
                continue
            if rule not in entry[1]:
                entry[1] += (rule,)
            if risk not in entry[2]:
                entry[2] += one_risk
            if members:
                entry[3] += members
    if net_members:
        income = (_INCOME_RISK,) if _INCOME_RISK in risks else ()
        for spec, rule, members in ((_EXTREME, "AST-05", safety_net.extreme_poverty),
                                    (_SINGLE, "AST-07", safety_net.single_person),
                                    (_MA, "AST-05", safety_net.allowance)):
            if members:
                _merge(merged, spec, rule, income, members)
    if home_teaching:
        _merge(merged, _HOME_TEACHING, "GUA-02", (), home_teaching)
    if visits:
        _merge(merged, _VISIT, "AST-09", (), visits)
    measure = PlannedMeasure
    return tuple([measure(s.type, s.department, s.timing, s.funding, rules, rs,
                          ms if len(ms) < 2 or len(set(ms)) == len(ms)
                          else tuple(dict.fromkeys(ms)))
                  for s, rules, rs, ms in merged.values()])


_NO_MEMBERS: Final[Mapping[RiskType, tuple[str, ...]]] = MappingProxyType({})


def _merge(merged: dict[int, list[Any]], spec: MeasureSpec,
           rule: str, risks: tuple[RiskType, ...], members: tuple[str, ...]) -> None:
    """Add ``spec`` for ``rule``, ``risks`` and ``members`` to :func:`plan_measures`' merged
    measures (a measure of the same type and department takes them on)."""
    key = _MERGE_KEY[(spec.type, spec.department)]
    entry = merged.get(key)
    if entry is None:
        merged[key] = [spec, (rule,), risks, members]
        return
    if rule not in entry[1]:
        entry[1] += (rule,)
    for r in risks:
        if r not in entry[2]:
            entry[2] += (r,)
    entry[3] += members


#: :func:`plan_measures`' merge key of each (type, department): an int, which a dict hashes
#: and compares faster than the pair (a plan merges about ten rows).
_MERGE_KEY: Final[Mapping[tuple[MeasureType, Department], int]] = {
    (t, d): i for i, (t, d) in enumerate((t, d) for t in MeasureType for d in Department)}


def _plan_rows(specs: tuple[MeasureSpec, ...]) -> tuple[tuple[int, MeasureSpec, str, int], ...]:
    """What :func:`plan_measures` adds for one risk's table measures:
    ``(merge key, spec, rule id, members)`` (the key of :data:`_MERGE_KEY`) with members
    0 = the household's minimum allowance (its members from the safety-net choice),
    1 = able, 2 = the members the risk names."""
    out: list[tuple[int, MeasureSpec, str, int]] = []
    for spec in specs:
        t = spec.type
        key = _MERGE_KEY[(t, spec.department)]
        if t is MeasureType.MINIMUM_ALLOWANCE:
            out.append((key, spec, "AST-05", 0))
        elif t is MeasureType.DEVELOPMENTAL_INDUSTRY or t is MeasureType.DEVELOPMENTAL_EMPLOYMENT:
            out.append((key, spec, "AST-03", 1))
        else:
            out.append((key, spec, "AST-01", 2))
    return tuple(out)


_HOME_TEACHING: Final = MeasureSpec(MeasureType.HOME_TEACHING, Department.EDUCATION, _A, _SECTOR)
_VISIT: Final = MeasureSpec(MeasureType.LEFT_BEHIND_VISIT, Department.CIVIL_AFFAIRS, _P, _SECTOR)
_EXTREME: Final = MeasureSpec(MeasureType.EXTREME_POVERTY_SUPPORT, Department.CIVIL_AFFAIRS, _A,
                              _SECTOR)
_SINGLE: Final = MeasureSpec(MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON, Department.CIVIL_AFFAIRS,
                             _A, _SECTOR)


def _specs_by_layers(risk: RiskType,
                     layers: tuple[SupportLayer, ...]) -> tuple[MeasureSpec, ...]:
    rows = {r.id: r for layer in layers for r in _INDEX[(risk, layer)]}
    return tuple(m for r in rows.values() for m in r.then)


def _layer_free(risk: RiskType) -> tuple[MeasureSpec, ...]:
    """The measures of a risk whose row holds in either layer (used when capacity is unknown)."""
    dev = _INDEX[(risk, SupportLayer.DEVELOPMENTAL)]
    net = _INDEX[(risk, SupportLayer.SAFETY_NET)]
    same = [r.id for r in dev] == [r.id for r in net]
    return tuple(m for r in dev for m in r.then) if same else ()


_LAYER_SETS: Final[tuple[tuple[SupportLayer, ...], ...]] = (
    (), (SupportLayer.DEVELOPMENTAL,), (SupportLayer.SAFETY_NET,),
    (SupportLayer.DEVELOPMENTAL, SupportLayer.SAFETY_NET))
#: The AST-01 measures of each risk for each possible set of layers, computed once.
_SPECS: Final[Mapping[tuple[RiskType, tuple[SupportLayer, ...]], tuple[MeasureSpec, ...]]] = {
    (r, ls): _specs_by_layers(r, ls) if ls else _layer_free(r)
                 for r in RiskType for ls in _LAYER_SETS}
#: :func:`plan_measures`' rows for each risk and set of layers, computed once.
_PLAN_ROWS: Final = {key: _plan_rows(specs) for key, specs in _SPECS.items()}
#: The same rows by set of layers, then by risk (one look-up of the layers per plan).
_PLAN_ROWS_BY_LAYERS: Final = {ls: {r: _PLAN_ROWS[(r, ls)] for r in RiskType}
                               for ls in _LAYER_SETS}


RULES: tuple[Rule[Any], ...] = (
    Rule(CAUSES, causes_rule),
    Rule(SAFETY_NET, safety_net_rule),
    Rule(MOTIVATION, motivation_rule),
    Rule(CAPACITY, capacity_rule),
)
TABLES: tuple[DecisionTable[Any], ...] = (MEASURE_TABLE,)
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("AST-02", Citation("Ch5 §4", "对风险单一的，实施单项措施，"
                                  "对风险复杂多样的，因户施策落实综合性帮扶")),
    ("AST-07", Citation("Ch4 §1", "贯彻落实农村低保“单人户”政策")),
    ("AST-09", _VISIT_CITATION),
    ("AST-10", Citation("Ch2 §3", "推动无劳动能力、无就业能力的农村困难人口应保尽保、应救尽救")),
)
