"""MON-05, MON-06, MON-10, MON-11: the monitoring platform's functions as pure functions.

(a) **Clue discovery** (MON-10a, 防贫预警线索发现功能): :func:`discover_clues`
turns department records into warning clues, each naming its source
department, the risk, the catalog ID of that risk's rule and the discovery
rule's finding. Amounts are compared with ``platform.*_threshold``
parameters: an amount *at* the threshold raises a clue (≥). Only records
dated within ``platform.record_lookback_days`` before the evaluation date
(that day included) and not after it count. Minimum-allowance and
extreme-poverty grants are coverage data (AST-10, MON-04), not clues.

(b) **Dispatch and verification** (MON-10b, 防贫预警线索分派核验功能, with the
MON-11 three-level linkage): :func:`dispatch` routes a clue to the town and
village of its household with the steps and the level of each — a
documented choice of the catalog's reading of Box 3: the *district* sets the
range, issues clues and approves; the *town* dispatches and verifies; the
*village* visits, discovers and reports. :func:`verify` records the
verification outcome against the MON-07 time limit.

(c) **Shared risk information** (MON-10c, 部门共享风险信息功能):
:class:`RiskInformation`, a flat record with no personal field, read and
written as JSON by :mod:`revitalize.serialization`.

(d) **Statistics** (MON-10d, 统计分析功能): :func:`statistics` counts cases
by category, risk, town, village, channel and status in one pass over any
iterable.

**Area warning** (MON-05): :func:`area_warnings` raises a regional / scale
warning for a village or town when the households with a new risk (a first
clue within ``platform.area_warning_window_days``) reach *both*
``platform.area_warning_min_households`` and
``platform.area_warning_share_percent`` of its households. "Passes the
threshold" is read as *reaches* (≥): a share exactly at the threshold
warns, in the plan's spirit of 早预警.

**Entry channels** (MON-06): the plan lists the means of discovery twice,
differently (PLAN-01 (8)); :data:`CHANNEL_LISTS` keeps both lists with their
citations and :class:`~revitalize.models.monitoring.EntryChannel` covers both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..errors import UnknownNameError
from ..models._enums import LabelledEnum
from ..models._fields import (
    CatalogId,
    Identifier,
    Name,
    Text,
    catalog_id,
    enum_member,
    identifier,
    iso_date,
    name,
    optional,
)
from ..models.monitoring import (
    CaseStatus,
    Department,
    DepartmentRecord,
    EntryChannel,
    Level,
    MonitoringCase,
    MonitoringCategory,
    RecordKind,
    RiskType,
    WarningClue,
)
from ..money import CONTEXT
from .cases import (
    CaseFile,
    Screening,
    open_case,
    qualifies,
    transition,
    verification_deadline,
)
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet
from .tables import DecisionTable

__all__ = [
    "AREA_WARNING",
    "CHANNEL_CITATIONS",
    "CHANNEL_LISTS",
    "CITATIONS",
    "CLUE_AMOUNT",
    "CLUE_EVENT",
    "CLUE_HOUSING",
    "CLUE_KINDS",
    "CLUE_WATER",
    "LEVEL_DUTIES",
    "RULES",
    "TABLES",
    "AreaCount",
    "CaseStatistics",
    "ClueKind",
    "DiscoveredClue",
    "Dispatch",
    "DispatchStep",
    "RiskInformation",
    "StepKind",
    "VerificationOutcome",
    "VerificationResult",
    "area_counts",
    "area_warning",
    "area_warnings",
    "channel_lists",
    "clue_finding",
    "discover_clues",
    "dispatch",
    "in_lookback",
    "new_risk_households",
    "open_verified_case",
    "places_of",
    "risk_information",
    "statistics",
    "verify",
]

# --------------------------------------------------------------------------- citations

_MON10 = Citation("Ch5 §3", "健全风险消除功能、防贫预警线索分派核验功能、部门共享风险信息功能、"
                            "统计分析功能、防贫预警线索发现功能")
_BOX3_DATA = Citation("Box 3", "有效对接农业农村、医疗卫生、医保、民政、教育、住房和城乡建设等"
                               "多部门数据")
_MON11 = Citation(
    "Box 3, Ch5 intro",
    "建立健全“区—镇—村”三级联动防止返贫监测和帮扶工作机制：成立区防止返贫动态监测和帮扶专项工作组"
    " … 落实镇村防止返贫动态监测和帮扶责任 … 配备专兼职信息员队伍"
    " … 按照区负总责、部门主管、镇村抓落实的原则")
_MON05 = Citation("Ch5 §2", "实时监测重大突发公共事件带来的影响，全力防范失业等潜在风险隐患，"
                            "及时排查预警区域性、规模性返贫风险")
_INTRO_CHANNELS = Citation(
    "Ch5 intro",
    "运用农户自主申报、基层走访排查、防止返贫大数据监测平台预警、行业部门数据比对等手段")
_S3_CHANNELS = Citation("Ch5 §3", "建立健全农户自主申报、基层干部排查、部门筛查预警等易返贫致贫人口"
                                  "快速发现和响应机制")

#: MON-06: the plan's two lists of discovery means, by reference (PLAN-01 (8)).
CHANNEL_LISTS: Final[Mapping[str, tuple[EntryChannel, ...]]] = MappingProxyType({
    "Ch5 intro": (EntryChannel.SELF_DECLARATION, EntryChannel.GRASSROOTS_VISIT,
                  EntryChannel.PLATFORM_WARNING, EntryChannel.DEPARTMENT_DATA_COMPARISON),
    "Ch5 §3": (EntryChannel.SELF_DECLARATION, EntryChannel.CADRE_CHECK,
               EntryChannel.DEPARTMENT_SCREENING),
})
#: MON-06: the citation of each list.
CHANNEL_CITATIONS: Final[Mapping[str, Citation]] = MappingProxyType({
    "Ch5 intro": _INTRO_CHANNELS, "Ch5 §3": _S3_CHANNELS,
})


def channel_lists(channel: EntryChannel) -> tuple[str, ...]:
    """The references of the plan's lists that name ``channel`` (MON-06).

    >>> channel_lists(EntryChannel.SELF_DECLARATION)
    ('Ch5 intro', 'Ch5 §3')
    >>> channel_lists(EntryChannel.CADRE_CHECK)
    ('Ch5 §3',)
    """
    return tuple(ref for ref, channels in CHANNEL_LISTS.items() if channel in channels)


#: MON-11: what each level does (the catalog's reading of Box 3, a documented choice).
LEVEL_DUTIES: Final[Mapping[Level, tuple[str, str]]] = MappingProxyType({
    Level.DISTRICT: ("区负总责：确定监测范围、下发预警线索、审核审批纳入和风险消除",
                     "the district sets the monitoring range, issues clues and approves "
                     "inclusion and risk elimination"),
    Level.TOWN: ("镇抓落实：分派线索、核实认定、组织帮扶和定期核查",
                 "the town dispatches clues, verifies, organises assistance and periodic review"),
    Level.VILLAGE: ("村抓落实：信息员走访发现、上报、民主评议公示和定期探访",
                    "the village's information officers visit, discover and report, hold the "
                    "appraisal and public notice, and make the periodic visits"),
})


# --------------------------------------------------------------------------- (a) clues


@attrs.frozen
class ClueKind:
    """What a kind of department record signals: the risk, its rule, an amount threshold."""

    risk: RiskType
    rule_id: str
    threshold: str | None = None


#: The record kinds that can raise a clue (MON-10a). Grants of minimum allowance or
#: extreme-poverty support are coverage data and raise none.
CLUE_KINDS: Final[Mapping[RecordKind, ClueKind]] = MappingProxyType({
    RecordKind.MEDICAL_OUT_OF_POCKET: ClueKind(RiskType.EXPENDITURE_MEDICAL, "GUA-08",
                                               "platform.medical_out_of_pocket_threshold"),
    RecordKind.SERIOUS_ILLNESS: ClueKind(RiskType.ILLNESS, "AST-04"),
    RecordKind.DISABILITY_REGISTRATION: ClueKind(RiskType.DISABILITY, "AST-04"),
    RecordKind.DISASTER_LOSS: ClueKind(RiskType.EXPENDITURE_DISASTER, "MON-03",
                                       "platform.disaster_loss_threshold"),
    RecordKind.ACCIDENT_LOSS: ClueKind(RiskType.EXPENDITURE_ACCIDENT, "MON-03",
                                       "platform.accident_loss_threshold"),
    RecordKind.UNEMPLOYMENT_REGISTRATION: ClueKind(RiskType.UNEMPLOYMENT, "EMP-01"),
    RecordKind.SCHOOL_DROPOUT: ClueKind(RiskType.EDUCATION, "GUA-07"),
    RecordKind.HOUSING_APPRAISAL: ClueKind(RiskType.HOUSING, "GUA-05"),
    RecordKind.WATER_TEST: ClueKind(RiskType.WATER, "GUA-06"),
    RecordKind.MEDICAL_INSURANCE_LAPSE: ClueKind(RiskType.MEDICAL_INSURANCE, "GUA-03"),
})

CLUE_AMOUNT = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-10.amount",
    reads=("amount", "kind", "on", "source_department"),
    title_zh="部门记录金额达到预警阈值", title_en="A department record's amount reaches the "
                                               "warning threshold",
    citations=(_MON10, _BOX3_DATA),
    parameters=("platform.medical_out_of_pocket_threshold", "platform.disaster_loss_threshold",
                "platform.accident_loss_threshold"),
    reasons={
        Outcome.YES: Reason("{department}部门 {recorded_on} 记录：{kind} {amount:yuan} 元，"
                            "不低于预警阈值 {threshold:yuan} 元",
                            "{department} record of {recorded_on}: {kind} {amount:yuan} yuan, "
                            "at or above the warning threshold {threshold:yuan} yuan"),
        Outcome.NO: Reason("{department}部门 {recorded_on} 记录：{kind} {amount:yuan} 元，"
                           "低于预警阈值 {threshold:yuan} 元",
                           "{department} record of {recorded_on}: {kind} {amount:yuan} yuan, "
                           "below the warning threshold {threshold:yuan} yuan"),
    },
)
CLUE_EVENT = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-10.event",
    reads=("kind", "on", "source_department"),
    title_zh="部门记录的事件构成预警线索", title_en="A department record's event is a warning clue",
    citations=(_MON10, _BOX3_DATA),
    reasons={
        Outcome.YES: Reason("{department}部门 {recorded_on} 记录：{kind}",
                            "{department} record of {recorded_on}: {kind}"),
    },
)
CLUE_HOUSING = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-10.housing",
    reads=("housing_grade", "kind", "on", "source_department"),
    title_zh="房屋安全鉴定为危房等级", title_en="A housing appraisal grades the house as dangerous",
    citations=(_MON10, _BOX3_DATA),
    parameters=("platform.dangerous_housing_grades",),
    reasons={
        Outcome.YES: Reason("{department}部门 {recorded_on} 鉴定：{grade}，属危房等级 {grades}",
                            "{department} appraisal of {recorded_on}: {grade}, a dangerous grade "
                            "({grades})"),
        Outcome.NO: Reason("{department}部门 {recorded_on} 鉴定：{grade}，不属危房等级 {grades}",
                           "{department} appraisal of {recorded_on}: {grade}, not a dangerous "
                           "grade ({grades})"),
    },
)
CLUE_WATER = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-10.water",
    reads=("kind", "on", "source_department", "water_quality"),
    title_zh="饮水水质检测不合格", title_en="A drinking-water test failed",
    citations=(_MON10,),
    reasons={
        Outcome.YES: Reason("{department}部门 {recorded_on} 检测：{quality}",
                            "{department} test of {recorded_on}: {quality}"),
        Outcome.NO: Reason("{department}部门 {recorded_on} 检测：{quality}",
                           "{department} test of {recorded_on}: {quality}"),
    },
)


def _base_values(r: DepartmentRecord) -> dict[str, object]:
    return {"department": r.source_department, "recorded_on": r.on, "kind": r.kind}


def _amount_clue(r: DepartmentRecord, params: ParameterSet, on: dt.date) -> Finding:
    """MON-10a: YES when an amount record reaches its kind's threshold (≥)."""
    kind = CLUE_KINDS.get(r.kind)
    if kind is None or kind.threshold is None or r.amount is None:
        return CLUE_AMOUNT.finding(Outcome.NOT_APPLICABLE)
    threshold = params.get(kind.threshold, on)
    assert isinstance(threshold.value, Decimal)
    values = {**_base_values(r), "amount": r.amount, "threshold": threshold.value}
    return CLUE_AMOUNT.finding(Outcome.YES if r.amount >= threshold.value else Outcome.NO,
                               values, (threshold,))


def _event_clue(r: DepartmentRecord, params: ParameterSet, on: dt.date) -> Finding:
    """MON-10a: YES for an event record (illness, disability, unemployment, dropout, lapse)."""
    kind = CLUE_KINDS.get(r.kind)
    if kind is None or kind.threshold is not None or r.kind in (
            RecordKind.HOUSING_APPRAISAL, RecordKind.WATER_TEST):
        return CLUE_EVENT.finding(Outcome.NOT_APPLICABLE)
    return CLUE_EVENT.finding(Outcome.YES, _base_values(r))


def _housing_clue(r: DepartmentRecord, params: ParameterSet, on: dt.date) -> Finding:
    """MON-10a: YES when a housing appraisal's grade is in ``platform.dangerous_housing_grades``."""
    if r.kind is not RecordKind.HOUSING_APPRAISAL or r.housing_grade is None:
        return CLUE_HOUSING.finding(Outcome.NOT_APPLICABLE)
    grades = params.get("platform.dangerous_housing_grades", on)
    assert isinstance(grades.value, tuple)
    values = {**_base_values(r), "grade": r.housing_grade, "grades": grades.value}
    hit = r.housing_grade.value in grades.value
    return CLUE_HOUSING.finding(Outcome.YES if hit else Outcome.NO, values, (grades,))


def _water_clue(r: DepartmentRecord, params: ParameterSet, on: dt.date) -> Finding:
    """MON-10a: YES when a water test failed; an untested result is insufficient data."""
    from ..models.household import WaterQuality

    if r.kind is not RecordKind.WATER_TEST or r.water_quality is None:
        return CLUE_WATER.finding(Outcome.NOT_APPLICABLE)
    if r.water_quality is WaterQuality.NOT_TESTED:
        return CLUE_WATER.insufficient("water_quality", values=_base_values(r))
    values = {**_base_values(r), "quality": r.water_quality}
    failed = r.water_quality is WaterQuality.FAILED
    return CLUE_WATER.finding(Outcome.YES if failed else Outcome.NO, values)


_CLUE_RULES: Final = (
    Rule(CLUE_AMOUNT, _amount_clue),
    Rule(CLUE_EVENT, _event_clue),
    Rule(CLUE_HOUSING, _housing_clue),
    Rule(CLUE_WATER, _water_clue),
)


def clue_finding(record: DepartmentRecord, params: ParameterSet, on: dt.date) -> Finding:
    """The discovery rule's finding for ``record`` (NOT_APPLICABLE for kinds that raise none)."""
    for rule in _CLUE_RULES:
        f = rule(record, params, on)
        if f.outcome is not Outcome.NOT_APPLICABLE:
            return f
    return CLUE_EVENT.finding(Outcome.NOT_APPLICABLE, _base_values(record))


@attrs.frozen
class DiscoveredClue:
    """A warning clue with the risk it signals and the discovery rule's finding."""

    clue: WarningClue
    risk: RiskType
    finding: Finding


def in_lookback(record: DepartmentRecord, params: ParameterSet, on: dt.date) -> bool:
    """Whether ``record`` is dated within the lookback window ending on ``on`` (both ends in)."""
    days = params.get("platform.record_lookback_days", on).value
    assert isinstance(days, int)
    return on - relativedelta(days=days) <= record.on <= on


def discover_clues(records: Iterable[DepartmentRecord], params: ParameterSet,
                   on: dt.date) -> Iterator[DiscoveredClue]:
    """MON-10a: the warning clues of ``records`` (streamed), in record order.

    Each clue is dated on its record (the verification clock runs from the
    department's record), names the record's department, and carries the
    catalog ID of the risk's rule; its description is the finding's Chinese
    reason with the discovery rule's ID.
    """
    for r in records:
        if not in_lookback(r, params, on):
            continue
        f = clue_finding(r, params, on)
        if not f.holds:
            continue
        kind = CLUE_KINDS[r.kind]
        clue = WarningClue(
            household_id=r.household_id, source_department=r.source_department, on=r.on,
            rule_id=CatalogId(kind.rule_id), description=Text(f"{f.reason('zh')}（{f.rule_id}）"),
            member_id=r.member_id,
        )
        yield DiscoveredClue(clue, kind.risk, f)


# --------------------------------------------------------------------------- (b) dispatch


class StepKind(LabelledEnum):
    """A step of a clue's way from discovery to decision (MON-10b, MON-11)."""

    ISSUE = "issue", "下发预警线索"
    DISPATCH = "dispatch", "分派至村"
    VISIT_REPORT = "visit_report", "入户走访并上报"
    VERIFY = "verify", "核实认定"
    APPROVE = "approve", "审核审批"


_STEP_LEVEL: Final[Mapping[StepKind, Level]] = MappingProxyType({
    StepKind.ISSUE: Level.DISTRICT,
    StepKind.DISPATCH: Level.TOWN,
    StepKind.VISIT_REPORT: Level.VILLAGE,
    StepKind.VERIFY: Level.TOWN,
    StepKind.APPROVE: Level.DISTRICT,
})


@attrs.frozen
class DispatchStep:
    """One step: what, by which level, by when."""

    kind: StepKind
    level: Level
    due_on: dt.date

    def describe(self, lang: str = "zh") -> str:
        """One line of the step."""
        if lang == "zh":
            return f"{self.level.label_zh}级 {self.kind.label_zh} 截止 {self.due_on.isoformat()}"
        return f"{self.level.label_en}: {self.kind.label_en} by {self.due_on.isoformat()}"


@attrs.frozen
class Dispatch:
    """A clue routed to the town and village of its household, with its steps (MON-10b)."""

    clue: WarningClue
    town: str
    village: str
    steps: tuple[DispatchStep, ...]


class _Placed(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def town(self) -> str: ...

    @property
    def village(self) -> str: ...


def places_of(households: Iterable[_Placed]) -> dict[str, tuple[str, str]]:
    """Household id → (town, village), for :func:`dispatch`."""
    return {h.id: (h.town, h.village) for h in households}


def dispatch(clue: WarningClue, places: Mapping[str, tuple[str, str]],
             params: ParameterSet) -> Dispatch:
    """MON-10b: route ``clue`` to its household's town and village, with each step's level.

    The district issues the clue on its date and the town dispatches it the
    same day; the village visits and reports, and the town verifies, by the
    MON-07 verification deadline (``cases.verification_days`` after the
    clue); the district approves by ``cases.inclusion_grace_days`` later.
    An unknown household raises :class:`~revitalize.errors.UnknownNameError`.
    """
    if clue.household_id not in places:
        raise UnknownNameError("household", clue.household_id, places)
    town, village = places[clue.household_id]
    verify_days = params.get("cases.verification_days", clue.on).value
    grace = params.get("cases.inclusion_grace_days", clue.on).value
    assert isinstance(verify_days, int) and isinstance(grace, int)
    verify_by = clue.on + relativedelta(days=verify_days)
    due = {StepKind.ISSUE: clue.on, StepKind.DISPATCH: clue.on, StepKind.VISIT_REPORT: verify_by,
           StepKind.VERIFY: verify_by, StepKind.APPROVE: verify_by + relativedelta(days=grace)}
    steps = tuple(DispatchStep(k, _STEP_LEVEL[k], due[k]) for k in StepKind)
    return Dispatch(clue, town, village, steps)


class VerificationOutcome(LabelledEnum):
    """The outcome of verifying a clue (MON-10b)."""

    CONFIRMED = "confirmed", "核实符合条件，进入评议公示"
    NOT_CONFIRMED = "not_confirmed", "核实不符合条件，不予纳入"
    INSUFFICIENT_DATA = "insufficient_data", "数据不足，需补充核实"


@attrs.frozen
class VerificationResult:
    """A dispatched clue's verification: the outcome, the criteria finding, the time limit."""

    dispatch: Dispatch
    verified_on: dt.date
    outcome: VerificationOutcome
    level: Level
    criteria: Finding
    timeliness: Finding

    @property
    def late(self) -> bool:
        """Whether verification came after the MON-07 deadline."""
        return self.timeliness.holds


def verify(d: Dispatch, screening: Screening, verified_on: dt.date,
           params: ParameterSet, channel: EntryChannel = EntryChannel.DEPARTMENT_SCREENING,
           case_id: str | None = None) -> VerificationResult:
    """MON-10b: the town's verification of a dispatched clue against ``screening``.

    The outcome follows the MON-07 criteria finding (``qualifies``); the
    timeliness finding says whether ``verified_on`` met the verification
    deadline counted from the clue's date.
    """
    case = open_case(case_id or f"clue-{d.clue.household_id}", d.clue.household_id, channel,
                     d.clue.on, d.town, d.village)
    criteria = qualifies(CaseFile(case, None, (screening,)), params, verified_on)
    outcome = {Outcome.YES: VerificationOutcome.CONFIRMED,
               Outcome.NO: VerificationOutcome.NOT_CONFIRMED}.get(
        criteria.outcome, VerificationOutcome.INSUFFICIENT_DATA)
    done = transition(case, CaseStatus.VERIFIED, verified_on, params)
    timeliness = verification_deadline(done, params, verified_on)
    return VerificationResult(d, verified_on, outcome, _STEP_LEVEL[StepKind.VERIFY], criteria,
                              timeliness)


def open_verified_case(result: VerificationResult, case_id: str, params: ParameterSet,
                       screening: Screening,
                       channel: EntryChannel = EntryChannel.DEPARTMENT_SCREENING
                       ) -> MonitoringCase:
    """The case of a verified clue: opened on the clue's date, then verified or rejected.

    Raises as :func:`~revitalize.policy.cases.transition` does (a clue whose
    verification had insufficient data cannot be rejected).
    """
    d = result.dispatch
    case = open_case(case_id, d.clue.household_id, channel, d.clue.on, d.town, d.village,
                     risks=())
    target = (CaseStatus.VERIFIED if result.outcome is VerificationOutcome.CONFIRMED
              else CaseStatus.REJECTED)
    return transition(case, target, result.verified_on, params, screenings=(screening,))


# --------------------------------------------------------------------------- (c) shared record


@attrs.frozen
class RiskInformation:
    """A risk-information record shared between departments (MON-10c).

    It holds no personal field: household and member are record ids; the
    risk is a :class:`~revitalize.models.monitoring.RiskType`. JSON in and
    out with :func:`revitalize.serialization.dumps` / ``loads``.
    """

    household_id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=name)
    village: Name = attrs.field(validator=name)
    source_department: Department = attrs.field(validator=enum_member(Department))
    recorded_on: dt.date = attrs.field(validator=iso_date)
    risk: RiskType = attrs.field(validator=enum_member(RiskType))
    #: The catalog ID of the risk's rule.
    rule_id: CatalogId = attrs.field(validator=catalog_id)
    member_id: Identifier | None = attrs.field(default=None, validator=optional(identifier))
    case_status: CaseStatus | None = attrs.field(default=None,
                                                 validator=optional(enum_member(CaseStatus)))


def risk_information(found: DiscoveredClue, places: Mapping[str, tuple[str, str]],
                     case_status: CaseStatus | None = None) -> RiskInformation:
    """The shared record of a discovered clue."""
    c = found.clue
    if c.household_id not in places:
        raise UnknownNameError("household", c.household_id, places)
    town, village = places[c.household_id]
    return RiskInformation(c.household_id, Name(town), Name(village), c.source_department, c.on,
                           found.risk, c.rule_id, c.member_id, case_status)


# --------------------------------------------------------------------------- (d) statistics


@attrs.frozen
class CaseStatistics:
    """Counts of cases (MON-10d). Each mapping but ``by_risk`` sums to ``total``.

    ``by_category`` has None for cases without a category; ``by_risk``
    counts the cases having each risk (a case with several counts once per
    risk; None counts cases without a risk); ``by_village`` is keyed by
    (town, village).
    """

    total: int
    by_category: Mapping[MonitoringCategory | None, int]
    by_risk: Mapping[RiskType | None, int]
    by_town: Mapping[str, int]
    by_village: Mapping[tuple[str, str], int]
    by_channel: Mapping[EntryChannel, int]
    by_status: Mapping[CaseStatus, int]

    def to_json(self) -> dict[str, Any]:
        """Counts as JSON (enum values as keys; ``"none"`` for a missing category or risk)."""
        def key(k: object) -> str:
            return "none" if k is None else str(k)

        return {
            "total": self.total,
            "by_category": {key(k): v for k, v in self.by_category.items()},
            "by_risk": {key(k): v for k, v in self.by_risk.items()},
            "by_town": dict(self.by_town),
            "by_village": {f"{t}/{v}": n for (t, v), n in self.by_village.items()},
            "by_channel": {str(k): v for k, v in self.by_channel.items()},
            "by_status": {str(k): v for k, v in self.by_status.items()},
        }

    def render(self, lang: str = "zh") -> str:
        """The counts as text, with the plan's labels in Chinese."""
        zh = lang == "zh"

        def label(k: object) -> str:
            if k is None:
                return "未确定/无" if zh else "none"
            if isinstance(k, LabelledEnum):
                return k.label(lang)
            if isinstance(k, tuple):
                return "".join(k) if zh else "/".join(k)
            return str(k)

        lines = [f"{'案件总数' if zh else 'cases'}: {self.total}"]
        for title_zh, title_en, counts in (
                ("按类别", "by category", self.by_category), ("按风险", "by risk", self.by_risk),
                ("按镇", "by town", self.by_town), ("按村", "by village", self.by_village),
                ("按发现渠道", "by channel", self.by_channel),
                ("按状态", "by status", self.by_status)):
            mapping: Mapping[Any, int] = counts
            parts = ", ".join(f"{label(k)} {n}" for k, n in mapping.items())
            lines.append(f"  {title_zh if zh else title_en}: {parts}")
        return "\n".join(lines)


def statistics(cases: Iterable[MonitoringCase]) -> CaseStatistics:
    """MON-10d: count ``cases`` in one pass (any iterable, e.g. a generator over a file)."""
    total = 0
    category: Counter[MonitoringCategory | None] = Counter()
    risk: Counter[RiskType | None] = Counter()
    town: Counter[str] = Counter()
    village: Counter[tuple[str, str]] = Counter()
    channel: Counter[EntryChannel] = Counter()
    status: Counter[CaseStatus] = Counter()
    for c in cases:
        total += 1
        category[c.category] += 1
        if c.risks:
            risk.update(c.risks)
        else:
            risk[None] += 1
        town[c.town] += 1
        village[(c.town, c.village)] += 1
        channel[c.entry_channel] += 1
        status[c.status] += 1
    return CaseStatistics(
        total, MappingProxyType(dict(category)), MappingProxyType(dict(risk)),
        MappingProxyType(dict(town)), MappingProxyType(dict(village)),
        MappingProxyType(dict(channel)), MappingProxyType(dict(status)))


# --------------------------------------------------------------------------- MON-05


@attrs.frozen
class AreaCount:
    """An area's households and those with a new risk (MON-05); ``village`` None = a town."""

    town: str
    village: str | None
    households: int
    new_risk: int

    @property
    def level(self) -> Level:
        """The level of the area."""
        return Level.TOWN if self.village is None else Level.VILLAGE

    @property
    def name(self) -> str:
        """The area's name (``town`` or ``town village``)."""
        return self.town if self.village is None else f"{self.town}{self.village}"


AREA_WARNING = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-05",
    reads=("households", "new_risk", "town", "village"),
    title_zh="区域性、规模性返贫风险预警",
    title_en="Regional or scale risk of returning to poverty",
    citations=(_MON05,),
    parameters=("platform.area_warning_share_percent", "platform.area_warning_min_households",
                "platform.area_warning_window_days"),
    reasons={
        Outcome.YES: Reason(
            "{area}（{level}）新增风险户 {new_risk} 户 / 共 {households} 户 = {share:pct}，"
            "达到预警比例 {threshold:pct} 且不少于 {minimum} 户",
            "{area} ({level}): {new_risk} of {households} households with a new risk = "
            "{share:pct}, reaching the warning share {threshold:pct} and at least {minimum} "
            "households"),
        Outcome.NO: Reason(
            "{area}（{level}）新增风险户 {new_risk} 户 / 共 {households} 户 = {share:pct}；"
            "预警须达到 {threshold:pct} 且不少于 {minimum} 户",
            "{area} ({level}): {new_risk} of {households} households with a new risk = "
            "{share:pct}; a warning needs {threshold:pct} and at least {minimum} households"),
    },
)

_PLACES: Final = Decimal("0.01")


def area_warning(area: AreaCount, params: ParameterSet, on: dt.date) -> Finding:
    """MON-05: YES when the area's new-risk households reach the share and the minimum count.

    The share is compared exactly (``new_risk × 100 ≥ threshold × households``);
    the reason shows it rounded to 0.01%.
    """
    threshold = params.get("platform.area_warning_share_percent", on)
    minimum = params.get("platform.area_warning_min_households", on)
    assert isinstance(threshold.value, Decimal) and isinstance(minimum.value, int)
    if area.households <= 0:
        return AREA_WARNING.finding(Outcome.NOT_APPLICABLE, subject=area.name)
    share = CONTEXT.divide(Decimal(area.new_risk * 100), Decimal(area.households))
    reaches = (CONTEXT.multiply(Decimal(area.new_risk), Decimal(100))
               >= CONTEXT.multiply(threshold.value, Decimal(area.households)))
    warn = reaches and area.new_risk >= minimum.value
    values = {"area": area.name, "level": area.level, "new_risk": area.new_risk,
              "households": area.households, "share": share.quantize(_PLACES, context=CONTEXT),
              "threshold": threshold.value, "minimum": minimum.value}
    return AREA_WARNING.finding(Outcome.YES if warn else Outcome.NO, values,
                                (threshold, minimum), subject=area.name)


def new_risk_households(cases: Iterable[MonitoringCase], params: ParameterSet,
                        on: dt.date) -> frozenset[str]:
    """Households whose case was opened (first clue) within the window ending on ``on``.

    Rejected cases do not count: verification found no risk.
    """
    window = params.get("platform.area_warning_window_days", on).value
    assert isinstance(window, int)
    start = on - relativedelta(days=window)
    return frozenset(c.household_id for c in cases
                     if start <= c.opened_on <= on and c.status is not CaseStatus.REJECTED)


def area_counts(households: Iterable[_Placed], new_risk: Collection[str]) -> tuple[AreaCount, ...]:
    """Per town and per village: households and those in ``new_risk`` (one pass, sorted)."""
    totals: Counter[tuple[str, str | None]] = Counter()
    risky: Counter[tuple[str, str | None]] = Counter()
    for h in households:
        for key in ((h.town, None), (h.town, h.village)):
            totals[key] += 1
            if h.id in new_risk:
                risky[key] += 1
    return tuple(AreaCount(t, v, n, risky[(t, v)])
                 for (t, v), n in sorted(totals.items(), key=lambda kv: (kv[0][0],
                                                                         kv[0][1] or "")))


def area_warnings(households: Iterable[_Placed], new_risk: Collection[str],
                  params: ParameterSet, on: dt.date) -> tuple[Finding, ...]:
    """MON-05 over every town and village of ``households``: the findings that warn (YES)."""
    findings = (area_warning(a, params, on) for a in area_counts(households, new_risk))
    return tuple(f for f in findings if f.holds)


# --------------------------------------------------------------------------- registry

RULES: tuple[Rule[Any], ...] = (Rule(AREA_WARNING, area_warning), *_CLUE_RULES)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("MON-06", _INTRO_CHANNELS),
    ("MON-06", _S3_CHANNELS),
    ("MON-10", _MON10),
    ("MON-10", _BOX3_DATA),
    ("MON-11", _MON11),
)
