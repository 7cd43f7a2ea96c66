"""The household assessment: MON-01..05 with the guarantees and the assistance plan.

:func:`assess_household` assesses one household on a date with a parameter
set and returns an :class:`~revitalize.policy.engine.Assessment` whose
decision is a :class:`MonitoringDecision`. Its findings, in order:

- MON-02 income screen (:func:`revitalize.policy.income.income_screen`);
- MON-03 rigid expenditure against income, and ``MON-03.income_fall`` (a sharp
  fall from last year's income) — thresholds are assumption parameters;
- GUA-01, GUA-02, GUA-03, GUA-05 and the four GUA-06 water rules
  (:mod:`revitalize.policy.guarantees`);
- ``MON-05.unemployment``: a member who moved from employment to
  unemployment (MON-05's 全力防范失业等潜在风险隐患; EMP-01's services follow);
- AST-04 causes (illness, disability, disaster, accident) and AST-06
  motivation (:mod:`revitalize.policy.assistance`);
- MON-04 low-income dynamic monitoring;
- AST-08 labor capacity.

A rule ID with a suffix (``MON-03.income_fall``, ``GUA-06.quality``) is one of
several rules encoding the catalog entry before the dot.

**Risks.** The *screened* risks (MON-02, MON-03, GUA, water) decide whether
the household is in the monitoring range: ``in_range`` is True when one of
them holds, None when none holds but one could not be decided for lack of data
(a field that was not assessed never reads as "safe"), and False only when
every screened item was assessed and none holds. The *cause* risks
(unemployment, illness, disability, disaster, accident, lack of motivation)
describe why a household in range is at risk and choose its measures; on
their own they do not put a household in range.

**Category (MON-01)** comes from :data:`CATEGORY_TABLE`, a ``first``-policy
table whose precedence is: (1) a household not in range has no category;
(2) a lifted household (registered and lifted, or returned to poverty) is an
*unstable lifted* household whatever else holds; (3) a never-registered
household with a sudden shock — a rigid-expenditure risk, a sharp income fall,
or a disaster or accident loss — is in *sudden severe hardship*; (4) any
other never-registered household in range is *marginal* (near the line).

**Dynamic monitoring (MON-04)** is a status of its own: a member under the
minimum allowance or extreme-poverty support (the list is the parameter
``monitoring.low_income_statuses``) puts the household under dynamic
monitoring whatever the income screen says; it does not make it a subject.

**Measures** follow :func:`revitalize.policy.assistance.plan_measures`; a
household that is not in range gets none.

Speed: every parameter is resolved once per parameter set and date and kept
on the (immutable) set itself (:meth:`ParameterSet.resolved
<revitalize.policy.parameters.ParameterSet.resolved>`), and so is the assessor
that :func:`assess_household` uses: repeated single calls cost what a batch
does, and there is no module-level cache. :class:`MonitoringAssessor` is the
explicit form for callers that prefer to hold one. What depends only on the
parameters and the date (the income screen's line, the birth dates that make a
member an adult or of compulsory-education age) is computed once with them, so
ages are one date comparison per member. Findings, the decision, the
provenance and the assessment are built without validation (plain slot stores
on a mutable twin of each frozen class: :data:`~revitalize.policy.engine.finding`),
the findings are read by their fixed position, the cause findings only for a
household in range, reasons are rendered only when asked for, the category
table is looked up from its eight precomputed answers, and the input digest of
the provenance is computed on first access (with one converter per assessor).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
import cattrs

from ..citations import Citation
from ..models.household import (
    AssistanceKind,
    EmploymentStatus,
    ExpenditureKind,
    Household,
    PovertyStatus,
    SafetyNetStatus,
    SchoolStatus,
)
from ..models.monitoring import MonitoringCategory, RiskType
from ..money import CONTEXT, ZERO
from ..serialization import input_sha256, make_converter
from . import assistance as ast
from . import guarantees as gua
from .engine import (
    Assessment,
    Finding,
    Notice,
    Outcome,
    Provenance,
    Reason,
    Rule,
    RuleSpec,
    _mutable_twin,
    finding,
    render_value,
    stale_parameter_notices,
)
from .income import INCOME_SCREEN, _Screen, _screen, _screen_finding, monitoring_line
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of

__all__ = [
    "CATEGORY_TABLE",
    "CITATIONS",
    "DYNAMIC_MONITORING",
    "EXPENDITURE",
    "INCOME_FALL",
    "RULES",
    "SCREENED",
    "TABLES",
    "UNEMPLOYMENT",
    "MonitoringAssessor",
    "MonitoringDecision",
    "MonitoringParams",
    "assess_household",
    "assess_households",
    "dynamic_monitoring",
    "expenditure_risk",
    "income_fall_risk",
    "render_assessment",
    "resolve",
    "unemployment_risk",
]

_EXPENDITURE_RISK: Final[Mapping[ExpenditureKind, RiskType]] = {
    ExpenditureKind.MEDICAL_OUT_OF_POCKET: RiskType.EXPENDITURE_MEDICAL,
    ExpenditureKind.EDUCATION: RiskType.EXPENDITURE_EDUCATION,
    ExpenditureKind.DISASTER_LOSS: RiskType.EXPENDITURE_DISASTER,
    ExpenditureKind.ACCIDENT_LOSS: RiskType.EXPENDITURE_ACCIDENT,
}
#: Risks that are a sudden shock (MON-01's sudden severe hardship).
_SUDDEN: Final = frozenset({RiskType.EXPENDITURE_MEDICAL, RiskType.EXPENDITURE_EDUCATION,
                            RiskType.EXPENDITURE_DISASTER, RiskType.EXPENDITURE_ACCIDENT,
                            RiskType.INCOME_FALL, RiskType.DISASTER, RiskType.ACCIDENT})
_RISK_ORDER: Final = {r: i for i, r in enumerate(RiskType)}


# --------------------------------------------------------------------------- parameters


@attrs.frozen
class MonitoringParams:
    """Every parameter the assessment reads, resolved once for a date (:func:`resolve`)."""

    on: dt.date
    kinds: ParameterValue
    ratio: ParameterValue
    fall: ParameterValue
    low_income: ParameterValue
    majority: ParameterValue
    elderly: ParameterValue
    guarantees: gua.GuaranteeParams
    expenditure_kinds: tuple[ExpenditureKind, ...]
    low_income_statuses: frozenset[str]
    #: The enum members (of member and household statuses) that are low-income statuses.
    low_income_members: frozenset[object] = attrs.field(init=False)
    #: ``(kind, RigidExpenditure attribute)`` pairs of the counted kinds.
    expenditure_fields: tuple[tuple[ExpenditureKind, str], ...] = attrs.field(init=False)
    #: The latest birth date of an adult on ``on`` (:func:`~revitalize.policy.assistance.
    #: adult_born_by`; None: nobody is).
    adult_by: dt.date | None = attrs.field(init=False)
    #: The birth dates of the compulsory-education ages on ``on``
    #: (:func:`~revitalize.policy.guarantees.school_age_born`).
    school_born: tuple[dt.date | None, dt.date | None] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        members = {m for enum in (SafetyNetStatus, AssistanceKind) for m in enum
                   if m.value in self.low_income_statuses}
        object.__setattr__(self, "low_income_members", frozenset(members))
        object.__setattr__(self, "expenditure_fields",
                           tuple((k, k.value) for k in self.expenditure_kinds))
        object.__setattr__(self, "adult_by", ast.adult_born_by(self.on, self.majority))
        object.__setattr__(self, "school_born",
                           gua.school_age_born(self.on, self.guarantees.school_year))


def _names(v: ParameterValue) -> tuple[str, ...]:
    assert isinstance(v.value, tuple)
    return v.value


def _dec(v: ParameterValue) -> Decimal:
    assert isinstance(v.value, Decimal)
    return v.value


def resolve(params: ParameterSet, on: dt.date) -> MonitoringParams:
    """Read the assessment's parameters in force on ``on`` (unknown kinds name close matches).

    Resolved once per parameter set and date (:meth:`ParameterSet.resolved`).
    """
    return params.resolved(_resolve, on)


def _resolve(params: ParameterSet, on: dt.date) -> MonitoringParams:
    kinds = params.get("monitoring.rigid_expenditure_kinds", on)
    low = params.get("monitoring.low_income_statuses", on)
    return MonitoringParams(
        on, kinds, params.get("monitoring.rigid_expenditure_ratio", on),
        params.get("monitoring.income_fall_fraction", on), low,
        params.get("assistance.age_of_majority", on), params.get("assistance.elderly_age", on),
        gua.resolve(params, on), tuple(ExpenditureKind.parse(k) for k in _names(kinds)),
        frozenset(_names(low)),
    )


# --------------------------------------------------------------------------- MON-03

_MON03: Final = Citation("Ch5 §2", "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况")

EXPENDITURE = RuleSpec(
    id="MON-03",
    title_zh="刚性支出明显超过收入",
    title_en="Rigid expenditure clearly exceeds income",
    citations=(_MON03,),
    parameters=("monitoring.rigid_expenditure_kinds", "monitoring.rigid_expenditure_ratio"),
    reasons={
        Outcome.YES: Reason(
            "刚性支出 {total:yuan} 元（{kinds}），超过家庭年纯收入 {income:yuan} 元 × {ratio} = "
            "{threshold:yuan} 元",
            "rigid expenditure {total:yuan} yuan ({kinds}) exceeds annual net income "
            "{income:yuan} yuan × {ratio} = {threshold:yuan} yuan"),
        Outcome.NO: Reason(
            "刚性支出 {total:yuan} 元，未超过家庭年纯收入 {income:yuan} 元 × {ratio} = "
            "{threshold:yuan} 元",
            "rigid expenditure {total:yuan} yuan does not exceed annual net income "
            "{income:yuan} yuan × {ratio} = {threshold:yuan} yuan"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断刚性支出是否超过年纯收入 × {ratio}",
            "insufficient data: {missing} not assessed; cannot tell whether rigid expenditure "
            "exceeds annual net income × {ratio}"),
    },
)


def _check_expenditure(h: Household, mp: MonitoringParams) -> Finding:
    rx = h.rigid_expenditure
    total = ZERO
    missing: list[str] = []
    add = CONTEXT.add
    for _, attr in mp.expenditure_fields:
        amount = getattr(rx, attr)
        if amount is None:
            missing.append(f"rigid_expenditure.{attr}")
        else:
            total = add(total, amount)
    ratio = _dec(mp.ratio)
    used = (mp.kinds, mp.ratio)
    income = h.annual_net_income
    if income is None:
        return finding(EXPENDITURE, Outcome.INSUFFICIENT_DATA, {"ratio": ratio}, used,
                       ("annual_net_income", *missing))
    threshold = CONTEXT.multiply(income, ratio)
    if total > threshold:
        positive = [(kind, amount) for kind, attr in mp.expenditure_fields
                    if (amount := getattr(rx, attr)) is not None and amount > 0]
        return finding(EXPENDITURE, Outcome.YES,
                       {"total": total, "kinds": _drivers(positive, threshold), "income": income,
                        "ratio": ratio, "threshold": threshold}, used, ())
    if missing:
        return finding(EXPENDITURE, Outcome.INSUFFICIENT_DATA, {"ratio": ratio}, used,
                       tuple(missing))
    return finding(EXPENDITURE, Outcome.NO, {"total": total, "income": income, "ratio": ratio,
                                             "threshold": threshold}, used, ())


def _drivers(positive: list[tuple[ExpenditureKind, Decimal]],
             threshold: Decimal) -> tuple[ExpenditureKind, ...]:
    """The kinds named as risks: each whose amount passes an equal share of the threshold.

    With ``n`` positive kinds a kind is named when ``amount × n > threshold``; the
    largest kind always is (the total passes the threshold), small kinds are not, and
    more income never names more kinds.
    """
    n = Decimal(len(positive))
    return tuple(k for k, amount in positive if CONTEXT.multiply(amount, n) > threshold)


def expenditure_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-03: YES when the counted rigid expenditure exceeds income × the ratio."""
    return _check_expenditure(h, params.resolved(_resolve, on))


INCOME_FALL = RuleSpec(
    id="MON-03.income_fall",
    title_zh="收入大幅下降",
    title_en="Sharp fall of income",
    citations=(_MON03,),
    parameters=("monitoring.income_fall_fraction",),
    reasons={
        Outcome.YES: Reason(
            "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元，"
            "达到大幅下降标准 {limit:yuan} 元（上年收入 × {fraction}）",
            "annual net income {income:yuan} yuan fell by {fall:yuan} yuan from last year's "
            "{last:yuan} yuan, at least the limit {limit:yuan} yuan (last year × {fraction})"),
        Outcome.NO: Reason(
            "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元，"
            "未达到大幅下降标准 {limit:yuan} 元（上年收入 × {fraction}）",
            "annual net income {income:yuan} yuan changed by -{fall:yuan} yuan from last year's "
            "{last:yuan} yuan, short of the limit {limit:yuan} yuan (last year × {fraction})"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断收入是否下降上年收入的 {fraction} 以上",
            "insufficient data: {missing} not assessed; cannot tell whether income fell by "
            "{fraction} of last year's or more"),
    },
)


def _check_income_fall(h: Household, mp: MonitoringParams) -> Finding:
    fraction = _dec(mp.fall)
    used = (mp.fall,)
    now, last = h.annual_net_income, h.last_year_net_income
    if now is None or last is None:
        missing = tuple(p for p, v in (("annual_net_income", now), ("last_year_net_income", last))
                        if v is None)
        return finding(INCOME_FALL, Outcome.INSUFFICIENT_DATA, {"fraction": fraction}, used,
                       missing)
    fall = CONTEXT.subtract(last, now)
    limit = CONTEXT.multiply(last, fraction)
    outcome = Outcome.YES if fall > 0 and fall >= limit else Outcome.NO
    return finding(INCOME_FALL, outcome, {"income": now, "last": last, "fall": fall,
                                          "limit": limit, "fraction": fraction}, used, ())


def income_fall_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-03: YES when income fell from last year by at least the fraction of last year's."""
    return _check_income_fall(h, params.resolved(_resolve, on))


# --------------------------------------------------------------------------- MON-05 (household)

UNEMPLOYMENT = RuleSpec(
    id="MON-05.unemployment",
    title_zh="成员就业转失业",
    title_en="A member moved from employment to unemployment",
    citations=(Citation("Ch5 §2", "全力防范失业等潜在风险隐患"),),
    parameters=("assistance.age_of_majority",),
    reasons={
        Outcome.YES: Reason("成员 {members} 就业转失业", "member(s) {members} lost their job"),
        Outcome.NO: Reason("有劳动能力成员 {count} 人，无就业转失业",
                           "{count} member(s) able to work, none lost their job"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断是否就业转失业",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether a member lost their job"),
    },
)


def _check_unemployment(h: Household, profile: ast.CapacityProfile) -> Finding:
    jobless: list[str] = []
    missing: list[str] = []
    able = profile.able
    lost_job, unknown = (EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT,
                         EmploymentStatus.NOT_ASSESSED)
    for i, m in enumerate(h.members):
        status = m.employment_status
        if status is lost_job:
            jobless.append(m.id)
        elif status is unknown and m.id in able:
            missing.append(f"members[{i}].employment_status")
    used = (profile.majority,)
    if jobless:
        return finding(UNEMPLOYMENT, Outcome.YES, {"members": tuple(jobless)}, used, ())
    if missing:
        return finding(UNEMPLOYMENT, Outcome.INSUFFICIENT_DATA, {}, used, tuple(missing))
    return finding(UNEMPLOYMENT, Outcome.NO, {"count": len(able)}, used, ())


def unemployment_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-05 (household): YES when a member moved from employment to unemployment."""
    return _check_unemployment(h, ast.capacity_profile(h, params, on))


# --------------------------------------------------------------------------- MON-04

DYNAMIC_MONITORING = RuleSpec(
    id="MON-04",
    title_zh="农村低收入人口动态监测",
    title_en="Rural low-income population under dynamic monitoring",
    citations=(Citation("Ch5 §2", "对农村低保对象、农村特困人员等农村低收入人口开展动态监测"),),
    parameters=("monitoring.low_income_statuses",),
    reasons={
        Outcome.YES: Reason(
            "属农村低收入人口（{statuses}；{count} 名成员），开展动态监测；"
            "此身份不等同于纳入监测对象",
            "rural low-income population ({statuses}; {count} member(s)): under dynamic "
            "monitoring, which is not inclusion as a monitoring subject"),
        Outcome.NO: Reason("成员均非农村低收入人口（{statuses}）",
                           "no member belongs to the rural low-income population ({statuses})"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，"
                                          "无法判断是否属农村低收入人口",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether the household is rural low-income "
                                          "population"),
    },
)


def _check_dynamic(h: Household, mp: MonitoringParams) -> Finding:
    statuses = mp.low_income_statuses
    found: dict[str, object] = {}
    count = 0
    missing: list[str] = []
    low = mp.low_income_members
    for i, m in enumerate(h.members):
        net = m.safety_net
        if net in low:
            count += 1
            found.setdefault(net.value, net)
        elif net is SafetyNetStatus.NOT_ASSESSED:
            missing.append(f"members[{i}].safety_net")
    held = h.social_assistance
    if held is not None:
        for kind in held:
            if kind in low:
                found.setdefault(kind.value, kind)
    used = (mp.low_income,)
    if found:
        return finding(DYNAMIC_MONITORING, Outcome.YES,
                       {"statuses": tuple(found.values()), "count": count}, used, ())
    if held is None and missing:
        return finding(DYNAMIC_MONITORING, Outcome.INSUFFICIENT_DATA, {}, used,
                       ("social_assistance", *missing))
    return finding(DYNAMIC_MONITORING, Outcome.NO, {"statuses": tuple(sorted(statuses))}, used,
                   ())


def dynamic_monitoring(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-04: YES when a member or the household holds a low-income status."""
    return _check_dynamic(h, params.resolved(_resolve, on))


# --------------------------------------------------------------------------- MON-01

#: MON-01: the category of a household in range, ``first`` policy (precedence in the module doc).
CATEGORY_TABLE: Final[DecisionTable[MonitoringCategory | None]] = DecisionTable(
    id="MON-01",
    title_zh="监测对象类别（脱贫不稳定户、边缘易致贫户、突发严重困难户）",
    title_en="Category of a monitoring subject",
    hit_policy=HitPolicy.FIRST,
    columns=(Column.flags("in_range"), Column.flags("lifted"), Column.flags("sudden")),
    rows=(
        Row("not-in-range", {"in_range": one_of(False)}, None),
        Row("unstable-lifted", {"lifted": one_of(True)}, MonitoringCategory.UNSTABLE_LIFTED),
        Row("sudden-hardship", {"sudden": one_of(True)}, MonitoringCategory.SUDDEN_HARDSHIP),
        Row("marginal", {}, MonitoringCategory.MARGINAL),
    ),
    citations=(Citation("Ch3 §3 fn", "即：脱贫不稳定户、边缘易致贫户、突发严重困难户"),),
)
#: The table's answer for each of its eight inputs ``(in_range, lifted, sudden)``, read once.
_CATEGORY_OF: Final[Mapping[tuple[bool, bool, bool], MonitoringCategory | None]] = (
    MappingProxyType({
        (i, lifted, sudden): CATEGORY_TABLE.evaluate(
            {"in_range": i, "lifted": lifted, "sudden": sudden})[0]
        for i in (True, False) for lifted in (True, False) for sudden in (True, False)}))


# --------------------------------------------------------------------------- the decision


@attrs.frozen
class MonitoringDecision:
    """What the assessment decides for one household (MON-01..04, AST-02).

    ``in_range`` is True (a monitoring subject to include), False (every
    screened item assessed, none holds) or None (undecided for lack of data).
    ``insufficient_data`` lists ``(rule id, field path)`` pairs.
    """

    in_range: bool | None
    category: MonitoringCategory | None
    risks: tuple[RiskType, ...]
    measures: tuple[ast.PlannedMeasure, ...]
    plan: ast.PlanKind | None
    dynamic_monitoring: bool | None
    insufficient_data: tuple[tuple[str, str], ...]
    town: str = ""
    village: str = ""

    @property
    def include(self) -> bool:
        """Whether the household is to be included as a monitoring subject."""
        return self.in_range is True

    @property
    def measure_types(self) -> frozenset[Any]:
        """The types of the planned measures."""
        return frozenset(m.type for m in self.measures)

    def aspects(self) -> Mapping[str, object]:
        """What an impact diff compares: range, category and the measure types."""
        return {"in_range": self.in_range, "category": self.category,
                "measures": self.measure_types}

    def to_json(self) -> dict[str, Any]:
        """Every value of the decision."""
        return {
            "in_range": self.in_range,
            "include": self.include,
            "category": self.category.value if self.category else None,
            "risks": [r.value for r in self.risks],
            "plan": self.plan.value if self.plan else None,
            "measures": [m.to_json() for m in self.measures],
            "dynamic_monitoring": self.dynamic_monitoring,
            "insufficient_data": [{"rule": r, "field": f} for r, f in self.insufficient_data],
            "town": self.town,
            "village": self.village,
        }

    def summary(self, lang: str) -> str:
        """One line: included or not, category, plan kind, dynamic monitoring."""
        zh = lang == "zh"
        if self.in_range is True:
            parts = ["纳入监测" if zh else "include as monitoring subject"]
            if self.category is not None:
                parts.append(self.category.label(lang))
            if self.plan is not None:
                parts.append(self.plan.label(lang))
        elif self.in_range is False:
            parts = ["未纳入监测范围" if zh else "not in the monitoring range"]
        else:
            parts = ["数据不足，暂不能判断" if zh else "undecided: insufficient data"]
        if self.dynamic_monitoring:
            parts.append("低收入人口动态监测" if zh else "low-income dynamic monitoring")
        return " · ".join(parts)


# --------------------------------------------------------------------------- assessment

#: The screened findings (MON-02, MON-03, GUA): they decide ``in_range``.
SCREENED: Final = frozenset({
    INCOME_SCREEN.id, EXPENDITURE.id, INCOME_FALL.id, gua.FOOD_CLOTHING.id, gua.EDUCATION.id,
    gua.MEDICAL_INSURANCE.id, gua.HOUSING.id, *(s.id for s in gua.WATER_SPECS)})
_SIMPLE_RISK: Final = {INCOME_SCREEN.id: RiskType.INCOME, INCOME_FALL.id: RiskType.INCOME_FALL,
                       gua.FOOD_CLOTHING.id: RiskType.FOOD_CLOTHING,
                       gua.EDUCATION.id: RiskType.EDUCATION,
                       gua.MEDICAL_INSURANCE.id: RiskType.MEDICAL_INSURANCE,
                       gua.HOUSING.id: RiskType.HOUSING,
                       **{s.id: RiskType.WATER for s in gua.WATER_SPECS},
                       UNEMPLOYMENT.id: RiskType.UNEMPLOYMENT,
                       ast.MOTIVATION.id: RiskType.LACK_OF_MOTIVATION}
_DYNAMIC_ID: Final = DYNAMIC_MONITORING.id
_MEMBERS_OF: Final = {gua.EDUCATION.id: RiskType.EDUCATION,
                      gua.MEDICAL_INSURANCE.id: RiskType.MEDICAL_INSURANCE,
                      UNEMPLOYMENT.id: RiskType.UNEMPLOYMENT}
#: The rules of :meth:`MonitoringAssessor._findings`, in the order it returns their
#: findings; the positions below are derived from it (the hot path reads by position).
FINDING_ORDER: Final[tuple[RuleSpec, ...]] = (
    INCOME_SCREEN, EXPENDITURE, INCOME_FALL, gua.FOOD_CLOTHING, gua.EDUCATION,
    gua.MEDICAL_INSURANCE, gua.HOUSING, *gua.WATER_SPECS, UNEMPLOYMENT, ast.CAUSES,
    ast.MOTIVATION, DYNAMIC_MONITORING, ast.CAPACITY)
#: The risk of each screened finding, by position (None for MON-03, whose risks are the
#: kinds that drive it).
_SCREENED_RISKS: Final[tuple[RiskType | None, ...]] = (
    RiskType.INCOME, None, RiskType.INCOME_FALL, RiskType.FOOD_CLOTHING, RiskType.EDUCATION,
    RiskType.MEDICAL_INSURANCE, RiskType.HOUSING, *(RiskType.WATER for _ in gua.WATER_SPECS))
#: The positions of the screened findings that name members (GUA-02, GUA-03), and of the
#: cause findings (MON-05, AST-04, AST-06, AST-08) and MON-04.
_MEMBERS_AT: Final = ((FINDING_ORDER.index(gua.EDUCATION), RiskType.EDUCATION),
                      (FINDING_ORDER.index(gua.MEDICAL_INSURANCE), RiskType.MEDICAL_INSURANCE))
_CAUSES_AT: Final = tuple(FINDING_ORDER.index(s) for s in (
    UNEMPLOYMENT, ast.CAUSES, ast.MOTIVATION, ast.CAPACITY))
_DYNAMIC_AT: Final = FINDING_ORDER.index(DYNAMIC_MONITORING)


@attrs.frozen
class MonitoringAssessor:
    """Assesses households with one parameter set on one date, reading parameters once.

    ``MonitoringAssessor.of(params, on)(household)`` equals
    ``assess_household(household, params, on)``; over a batch the assessor
    saves re-reading the parameters for every household.
    """

    params: ParameterSet
    on: dt.date
    resolved: MonitoringParams
    provenance: Provenance
    #: Warnings about the parameter values in force (the same for every household).
    notices: tuple[Notice, ...]
    #: What the income screen reads (read once, with the other parameters).
    _income: _Screen = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_income", self.params.resolved(_screen, self.on))

    @classmethod
    def of(cls, params: ParameterSet, on: dt.date) -> MonitoringAssessor:
        """An assessor for ``params`` on ``on``."""
        mp = resolve(params, on)
        line = monitoring_line(params, on)
        values = (*line.used, params.get("monitoring.per_capita_rounding", on),
                  *(v for v in attrs.astuple(mp, recurse=False)
                    if isinstance(v, ParameterValue)),
                  *(v for v in attrs.astuple(mp.guarantees, recurse=False)
                    if isinstance(v, ParameterValue)))
        probe = finding(INCOME_SCREEN, Outcome.NOT_APPLICABLE, {}, values, ())
        return cls(params, on, mp, Provenance.of(params, on, ""),
                   stale_parameter_notices((probe,), params, on))

    @functools.cached_property
    def _digest_converter(self) -> cattrs.Converter:
        """The public converter that input digests use (built on the first digest)."""
        return make_converter(public=True)

    def input_sha256(self, h: Household) -> str:
        """The provenance digest of ``h`` (:func:`~revitalize.serialization.input_sha256`)."""
        return input_sha256(h, converter=self._digest_converter)

    def findings(self, h: Household) -> tuple[Finding, ...]:
        """Every finding of the assessment, in order (see the module doc)."""
        mp = self.resolved
        return self._findings(h, ast._profile(h, mp.adult_by, mp.majority))

    def _findings(self, h: Household, profile: ast.CapacityProfile) -> tuple[Finding, ...]:
        mp = self.resolved
        gp = mp.guarantees
        return (
            _screen_finding(h, self._income),
            _check_expenditure(h, mp),
            _check_income_fall(h, mp),
            gua.check_food_clothing(h),
            gua._education(h, mp.school_born, gp),
            gua.check_medical_insurance(h),
            gua.check_housing(h, gp),
            gua._check_quantity(h, gp), gua._check_quality(h), gua._check_access(h, gp),
            gua._check_reliability(h, gp),  # GUA-06 (gua.check_water's four, called directly)
            _check_unemployment(h, profile),
            ast.cause_finding(h),
            ast.motivation_finding(h),
            _check_dynamic(h, mp),
            ast.capacity_finding(profile),
        )

    def __call__(self, h: Household) -> Assessment[MonitoringDecision]:
        """Assess one household."""
        on = self.on
        mp = self.resolved
        profile = ast._profile(h, mp.adult_by, mp.majority)
        findings = self._findings(h, profile)
        # The findings are in the order of :meth:`_findings`: the screened ones first
        # (positions 0-10, their risks in _SCREENED_RISKS), then the causes and MON-04.
        yes, insufficient = Outcome.YES, Outcome.INSUFFICIENT_DATA
        screened: set[RiskType] = set()
        missing: list[tuple[str, str]] = []
        undecided = False
        for f, risk in zip(findings, _SCREENED_RISKS, strict=False):  # the first 11
            outcome = f.outcome
            if outcome is yes:
                if risk is None:  # MON-03: the kinds that drive it
                    kinds: Any = f.values["kinds"]
                    for k in kinds:
                        screened.add(_EXPENDITURE_RISK[k])
                else:
                    screened.add(risk)
            elif outcome is insufficient:
                undecided = True
                rid = f.spec.id
                for p in f.missing:
                    missing.append((rid, p))
        dynamic_f = findings[_DYNAMIC_AT]
        outcome = dynamic_f.outcome
        dynamic: bool | None = None
        if outcome is yes:
            dynamic = True
        elif outcome is insufficient:
            rid = dynamic_f.spec.id
            for p in dynamic_f.missing:
                missing.append((rid, p))
        else:
            dynamic = False
        if screened:
            in_range: bool | None = True
            risks, measures = self._plan(h, profile, findings, screened, missing)
            category = _CATEGORY_OF[(True,
                                     h.poverty_status is not PovertyStatus.NEVER_REGISTERED,
                                     not _SUDDEN.isdisjoint(risks))]
            plan = ast.plan_kind(risks)
        else:
            in_range = None if undecided else False
            risks, measures = (), ()
            category = _CATEGORY_OF[(False,
                                     h.poverty_status is not PovertyStatus.NEVER_REGISTERED,
                                     False)]
            plan = None
        # Trusted: the decision, provenance and assessment are built on mutable twins of
        # the same layout (:func:`~revitalize.policy.engine._mutable_twin`), every field set.
        d = _new(_BuildingDecision)
        d.in_range = in_range
        d.category = category
        d.risks = risks
        d.measures = measures
        d.plan = plan
        d.dynamic_monitoring = dynamic
        d.insufficient_data = tuple(missing)
        d.town = h.town
        d.village = h.village
        d.__class__ = MonitoringDecision
        b = self.provenance
        p = _new(_BuildingProvenance)
        p.library_version = b.library_version
        p.parameter_fingerprint = b.parameter_fingerprint
        p.parameter_set = b.parameter_set
        p.reform = b.reform
        p.evaluated_on = on
        p._input_sha256 = functools.partial(self.input_sha256, h)
        p.__class__ = Provenance
        a = _new(_BuildingAssessment)
        a.subject_id = h.id
        a.on = on
        a.findings = findings
        a.decision = d
        a.notices = self.notices
        a.provenance = p
        a.__class__ = Assessment
        assessment: Assessment[MonitoringDecision] = a
        return assessment

    def _plan(self, h: Household, profile: ast.CapacityProfile, findings: tuple[Finding, ...],
              screened: set[RiskType], missing: list[tuple[str, str]],
              ) -> tuple[tuple[RiskType, ...], tuple[ast.PlannedMeasure, ...]]:
        """The risks and measures of a household in range (its cause findings read here;
        the missing fields of the cause findings are appended to ``missing``)."""
        on, mp = self.on, self.resolved
        yes, insufficient = Outcome.YES, Outcome.INSUFFICIENT_DATA
        causes: set[RiskType] = set()
        members: dict[RiskType, tuple[str, ...]] = {}
        for at, risk in _MEMBERS_AT:  # GUA-02, GUA-03: the members the risk names
            f = findings[at]
            if f.outcome is yes:
                ids: Any = f.values["members"]
                members[risk] = ids
        for at in _CAUSES_AT:
            f = findings[at]
            outcome = f.outcome
            if outcome is yes:
                rid = f.spec.id
                if rid == ast.CAUSES.id:
                    found: Any = f.values["causes"]
                    causes.update(found)
                elif rid in _SIMPLE_RISK:
                    causes.add(_SIMPLE_RISK[rid])
                if rid in _MEMBERS_OF:
                    ids = f.values["members"]
                    members[_MEMBERS_OF[rid]] = ids
            elif outcome is insufficient:
                rid = f.spec.id
                for p in f.missing:
                    missing.append((rid, p))
        risks = tuple(sorted(screened | causes, key=_RISK_ORDER.__getitem__))
        physical = SchoolStatus.OUT_PHYSICAL
        teaching = tuple(
            m.id for _, m in gua.compulsory_age_members(h, on, mp.guarantees.school_year)
            if m.school_status is physical) if any(
            m.school_status is physical for m in h.members) else ()
        visits = _visit_ids(h, on, mp)
        return risks, ast.plan_measures(risks, profile, members, home_teaching=teaching,
                                        visits=visits)


_new: Final = object.__new__
_BuildingDecision: Final = _mutable_twin(MonitoringDecision)
_BuildingProvenance: Final = _mutable_twin(Provenance)
_BuildingAssessment: Final = _mutable_twin(Assessment)


def _visit_ids(h: Household, on: dt.date, mp: MonitoringParams) -> tuple[str, ...]:
    """The members on AST-09's priority visit list (the groups of :func:`ast.visit_priority`
    that :attr:`~revitalize.policy.assistance.VisitGroup.priority` names)."""
    elderly = mp.elderly.value
    assert isinstance(elderly, int)
    woman = ast.VisitGroup.LEFT_BEHIND_WOMAN
    out = []
    for m in h.members:
        group = ast._LEFT.get(m.left_behind)
        if group is None:
            if m.safety_net is SafetyNetStatus.EXTREME_POVERTY_SUPPORT and (
                    m.birth_date <= on and m.age_on(on) >= elderly):
                out.append(m.id)  # scattered extreme-poverty elderly
        elif group is not woman:
            out.append(m.id)
    return tuple(out)


def _assessor(params: ParameterSet, on: dt.date) -> MonitoringAssessor:
    """The resolver :func:`assess_household` keeps on the parameter set (one per date)."""
    return MonitoringAssessor.of(params, on)


def assess_household(household: Household, params: ParameterSet,
                     on: dt.date) -> Assessment[MonitoringDecision]:
    """Assess ``household`` on ``on`` with ``params`` (MON-01..05, GUA, AST).

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from revitalize.models import Household, Member, PovertyStatus
    >>> from revitalize.policy.parameters import default_parameters
    >>> h = Household(id="H-1", town="丛林镇", village="海孔村",
    ...               poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2019,
    ...               members=(Member(id="M1", birth_date=dt.date(1970, 5, 1)),),
    ...               annual_net_income=Decimal("5999.99"))
    >>> a = assess_household(h, default_parameters(), dt.date(2021, 6, 1))
    >>> a.decision.in_range, a.decision.category.value, a.decision.risks[0].value
    (True, 'unstable_lifted', 'income')
    """
    return params.resolved(_assessor, on)(household)


def assess_households(households: Iterable[Household], params: ParameterSet,
                      on: dt.date) -> Iterator[Assessment[MonitoringDecision]]:
    """Assess each household lazily with parameters read once."""
    assessor = MonitoringAssessor.of(params, on)
    for h in households:
        yield assessor(h)


# --------------------------------------------------------------------------- text


def _finding_lines(f: Finding, lang: str, indent: str) -> list[str]:
    zh = lang == "zh"
    lines = [f"{indent}{f.reason(lang)}"]
    for v in f.used:
        value = render_value(v.value, lang)
        if zh:
            tag = "，假设" if v.is_assumption else ""
            lines.append(f"{indent}参数 {v.name} = {value}（自 {v.start} 起{tag}）")
        else:
            tag = ", assumption" if v.is_assumption else ""
            lines.append(f"{indent}parameter {v.name} = {value} (from {v.start}{tag})")
    for c in f.spec.citations:
        lines.append(f"{indent}{'依据' if zh else 'per'} {c.render(lang)}  {f.spec.id}")
    return lines


def render_assessment(a: Assessment[MonitoringDecision], lang: str = "zh") -> str:
    """The assessment as text: decision, risks with the values compared, the parameters
    and the plan's words behind them, the measures with their departments, insufficient
    data, dynamic monitoring, warnings and what it takes to reproduce the result."""
    zh = lang == "zh"
    d = a.decision
    place = f"（{d.town}{d.village}）" if zh else f" ({d.town} {d.village})"
    lines = [f"{'户' if zh else 'household'} {a.subject_id}{place}  "
             f"{'评估日期' if zh else 'on'} {a.on.isoformat()}  "
             f"{'结论：' if zh else 'decision: '}{d.summary(lang)}"]
    risky = [f for f in a.findings if f.outcome is Outcome.YES
             and (f.spec.id in SCREENED or (d.in_range and f.spec.id in _CAUSE_RULES))]
    if risky:
        lines.append("风险" if zh else "risks")
        for i, f in enumerate(risky, start=1):
            lines.append(f"  {i} {f.spec.title(lang)}")
            lines.extend(_finding_lines(f, lang, "      "))
    if d.measures:
        plan = f"（{d.plan.label(lang)}）" if zh and d.plan else (
            f" ({d.plan.label(lang)})" if d.plan else "")
        lines.append(f"{'帮扶' if zh else 'measures'}{plan}")
        lines.extend(f"  {i} {m.render(lang)}" for i, m in enumerate(d.measures, start=1))
    if d.dynamic_monitoring:
        f = a.finding(DYNAMIC_MONITORING.id)
        lines.append("动态监测" if zh else "dynamic monitoring")
        lines.extend(_finding_lines(f, lang, "  "))
    if d.insufficient_data:
        lines.append("数据不足" if zh else "insufficient data")
        shown: set[str] = set()
        for rule_id, _ in d.insufficient_data:
            if rule_id in shown:
                continue
            shown.add(rule_id)
            lines.append(f"  - {a.finding(rule_id).reason(lang)}  {rule_id}")
    if a.notices:
        lines.append("提示" if zh else "warnings")
        lines.extend(f"  - {n.message(lang)}" for n in a.notices)
    lines.append(a.provenance.render(lang))
    return "\n".join(lines)


_CAUSE_RULES: Final = frozenset({UNEMPLOYMENT.id, ast.CAUSES.id, ast.MOTIVATION.id})

RULES: tuple[Rule[Any], ...] = (
    Rule(EXPENDITURE, expenditure_risk),
    Rule(INCOME_FALL, income_fall_risk),
    Rule(DYNAMIC_MONITORING, dynamic_monitoring),
    Rule(UNEMPLOYMENT, unemployment_risk),
)
TABLES: tuple[DecisionTable[Any], ...] = (CATEGORY_TABLE,)
CITATIONS: tuple[tuple[str, Citation], ...] = ()
