"""MON-07, MON-08, MON-09, AST-09, AST-10: the monitoring case life cycle.

The state machine (MON-07)::

    clue ──► verified ──► included ──► assisted ──► risk_eliminated ──► exited
      │          │
      └──────────┴──► rejected

Every move is made by :func:`transition`, which returns a *new*
:class:`~revitalize.models.monitoring.MonitoringCase` with the dated move
appended to its history. A move the machine does not allow raises
:class:`~revitalize.errors.IllegalTransitionError` naming the state and the
allowed moves; a legal move whose guard does not hold raises
:class:`TransitionRefusedError` carrying the guard's finding (bilingual, with
the values compared). The guards:

==================  =======================================================
move                guard
==================  =======================================================
any                 the date is not before the last change (nor the opening)
→ verified          the date guard only: verification cannot precede the clue
→ rejected          the latest screening says the household does *not*
                    qualify (rejecting a qualifying case breaks 应纳尽纳)
→ included          the latest screening says it qualifies; the category
                    (MON-01) is set; a public notice of at least
                    ``cases.notice_days`` days, after verification, has ended
→ assisted          at least one assistance measure has started
→ risk_eliminated   MON-08 (:func:`risk_elimination`) holds; labor capacity
                    is AST-08's profile (:func:`has_labor_capacity`)
→ exited            no screening since the recorded elimination shows a
                    risk (MON-07.exit; it does not apply to a case never
                    marked risk eliminated, and no date is invented)
==================  =======================================================

What a household assessment said is passed in as :class:`Screening` values
(the view these rules read: "qualifies" and the risks, on a date), so the
life cycle does not depend on how the assessment is computed;
:func:`screening_from_assessment` adapts any
:class:`~revitalize.policy.engine.Assessment` whose decision's ``aspects()``
carry ``in_range`` and ``risks``.

Time limits (all assumption parameters, ``data/parameters/cases.toml``):

- verification within ``cases.verification_days`` of the first clue: verified
  on day N is in time, day N + 1 is late (one county's practice, 秦安县: 15 days);
- a public notice of at least ``cases.notice_days`` days, counting the first
  and the last day (one county's practice, 秦安县: 5 days);
- inclusion within ``cases.inclusion_grace_days`` after verification;
- a first measure within ``cases.assistance_grace_days`` after inclusion;
- periodic review (MON-09) every ``cases.review_cycle_months``: due on the
  day the cycle ends, *overdue the day after* (the last verification is then
  older than the cycle);
- visits (AST-09) every ``cases.visit_cycle_priority_months`` for the
  plan's priority groups (from :func:`~revitalize.policy.assistance.visit_priority`)
  and ``cases.visit_cycle_other_months`` for left-behind women.

A deadline is met on its last day: "late" always means strictly after the
due date.

Rule IDs: a rule that encodes one catalog entry has its ID (``MON-08``); the
several rules of MON-07 are ``MON-07.<name>`` (the registry needs unique IDs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, NoReturn, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..errors import IllegalTransitionError, InvalidInputError, RevitalizeError
from ..models._enums import LabelledEnum
from ..models._fields import (
    Identifier,
    Name,
    Text,
    enum_member,
    identifier,
    instance_of,
    iso_date,
    optional,
    strict_bool,
    tuple_of,
    unique,
)
from ..models.household import (
    AssistanceKind,
    Household,
    LeftBehind,
    SafetyNetStatus,
)
from ..models.monitoring import (
    CaseStatus,
    EntryChannel,
    Level,
    Measure,
    MeasureType,
    MonitoringCase,
    MonitoringCategory,
    RiskType,
    StatusChange,
)
from .assistance import VisitGroup, capacity_profile, visit_priority
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet, ParameterValue
from .tables import DecisionTable

__all__ = [
    "ASSISTANCE_COMPLIANCE",
    "ASSISTANCE_DEADLINE",
    "ASSISTANCE_GUARD",
    "CITATIONS",
    "DATE_ORDER",
    "ELIMINATION_COMPLIANCE",
    "EXIT_GUARD",
    "INCLUSION_COMPLIANCE",
    "INCLUSION_DEADLINE",
    "INCLUSION_GUARD",
    "MACHINE",
    "NOTICE_DUE",
    "NOTICE_PERIOD",
    "PERIODIC_REVIEW",
    "RESPONSIBLE_LEVEL",
    "RISK_ELIMINATION",
    "RULES",
    "SAFETY_NET_COVERAGE",
    "TABLES",
    "TRANSITIONS",
    "VERIFICATION_DEADLINE",
    "VISIT_SCHEDULE",
    "ActionKind",
    "CaseFile",
    "CaseRegister",
    "DeadlineState",
    "DueAction",
    "EliminationCause",
    "LeftBehindVisit",
    "NoticePeriod",
    "Screening",
    "ScreeningRecord",
    "SpanUnit",
    "TransitionRefusedError",
    "allowed_moves",
    "assistance_compliance",
    "assistance_deadline",
    "compliance",
    "date_order",
    "due_actions",
    "elimination_compliance",
    "entered_on",
    "exit_guard",
    "has_labor_capacity",
    "has_measure",
    "inclusion_compliance",
    "inclusion_deadline",
    "notice_due",
    "notice_period",
    "open_case",
    "periodic_review",
    "qualifies",
    "record_review",
    "risk_elimination",
    "safety_net_coverage",
    "screen_household",
    "screening_from_assessment",
    "transition",
    "verification_deadline",
    "visit_due",
    "visits_due",
]

#: The name of the state machine in error messages.
MACHINE: Final = "MON-07 monitoring case"

_S = CaseStatus

#: The legal moves of each status (MON-07); final statuses have none.
TRANSITIONS: Final[Mapping[CaseStatus, tuple[CaseStatus, ...]]] = MappingProxyType({
    _S.CLUE: (_S.VERIFIED, _S.REJECTED),
    _S.VERIFIED: (_S.INCLUDED, _S.REJECTED),
    _S.INCLUDED: (_S.ASSISTED,),
    _S.ASSISTED: (_S.RISK_ELIMINATED,),
    _S.RISK_ELIMINATED: (_S.EXITED,),
    _S.EXITED: (),
    _S.REJECTED: (),
})

#: Statuses of a monitoring subject (included and not yet exited): reviewed under MON-09.
_UNDER_MONITORING: Final = frozenset({_S.INCLUDED, _S.ASSISTED, _S.RISK_ELIMINATED})


def allowed_moves(status: CaseStatus) -> tuple[CaseStatus, ...]:
    """The statuses a case in ``status`` may move to.

    >>> [s.value for s in allowed_moves(CaseStatus.CLUE)]
    ['verified', 'rejected']
    >>> allowed_moves(CaseStatus.EXITED)
    ()
    """
    return TRANSITIONS[status]


# --------------------------------------------------------------------------- citations

_MON07 = Citation("Ch5 §1, §3", "应纳尽纳、应扶尽扶、应消尽消 … "
                                "制定严格、规范、透明的进入和退出标准、程序、核查办法")
_IDENTIFY = Citation("Ch5 §3", "建立健全农户自主申报、基层干部排查、部门筛查预警等易返贫致贫人口"
                               "快速发现和响应机制，完善监测对象识别程序")
_PROCEDURE = Citation("Ch5 §3", "制定严格、规范、透明的进入和退出标准、程序、核查办法")
#: The plan's ground for a public notice: a monitoring subject is identified by a procedure
#: (识别程序) that is transparent (透明的进入……程序); the notice and its length are the
#: usual form of that transparency, the minimum days an assumption (cases.notice_days).
_TRANSPARENT = Citation("Ch5 §3",
                        "完善监测对象识别程序 … 制定严格、规范、透明的进入和退出标准、程序")
_INCLUDE_ALL = Citation("Ch5 §1", "按照“应纳尽纳、应扶尽扶、应消尽消”原则")
_ASSIST_ALL = Citation("Ch5 §1", "动态监测和帮扶易返贫致贫户，做到早发现、早干预、早帮扶")
_MON08 = Citation("Ch5 §1, §3", "应消尽消 … 健全风险消除功能")
_MON09 = Citation("Ch5 §3", "完善定期核查和动态调整机制")
_AST09 = Citation("Ch4 §1", "开展以空巢、留守、散居特困等特殊困难老年人和留守儿童为重点的"
                            "“三留守”人员定期探访，加强困境儿童保护、留守妇女关爱")
_AST10 = Citation("Ch2 §3, Ch4 §1", "推动无劳动能力、无就业能力的农村困难人口应保尽保、应救尽救 … "
                                    "对符合条件的依规纳入农村低保、特困人员救助供养范围或及时给予"
                                    "临时救助，做到应保尽保、应救尽救")
_MON11 = Citation("Box 3", "建立健全“区—镇—村”三级联动防止返贫监测和帮扶工作机制")


# --------------------------------------------------------------------------- enums


class ActionKind(LabelledEnum):
    """An action a case is due for (MON-07, MON-09, AST-09)."""

    VERIFY = "verify", "入户核实认定"
    PUBLIC_NOTICE = "public_notice", "村级民主评议和公示"
    APPROVE_INCLUSION = "approve_inclusion", "审核审批纳入监测"
    ASSIST = "assist", "落实帮扶措施"
    REVIEW = "review", "定期核查"
    VISIT = "visit", "“三留守”人员定期探访"
    MARK_RISK_ELIMINATED = "mark_risk_eliminated", "标注风险消除"


#: Who does each action (MON-11, a documented choice of the catalog's reading: the
#: district sets the range and approves, the town verifies and dispatches, the
#: village discovers and reports). Assistance is organised by the town with the
#: departments; visits are made by the village.
RESPONSIBLE_LEVEL: Final[Mapping[ActionKind, Level]] = MappingProxyType({
    ActionKind.VERIFY: Level.TOWN,
    ActionKind.PUBLIC_NOTICE: Level.VILLAGE,
    ActionKind.APPROVE_INCLUSION: Level.DISTRICT,
    ActionKind.ASSIST: Level.TOWN,
    ActionKind.REVIEW: Level.TOWN,
    ActionKind.VISIT: Level.VILLAGE,
    ActionKind.MARK_RISK_ELIMINATED: Level.DISTRICT,
})


class DeadlineState(LabelledEnum):
    """Where an action stands against its deadline on the evaluation date."""

    DONE_IN_TIME = "done_in_time", "已按时完成"
    DONE_LATE = "done_late", "已逾期完成"
    PENDING = "pending", "未逾期"
    OVERDUE = "overdue", "已逾期"


class SpanUnit(LabelledEnum):
    """The unit of a time limit in a reason."""

    DAYS = "days", "天"
    MONTHS = "months", "个月"


class EliminationCause(LabelledEnum):
    """Why a subject does or does not meet the risk-elimination criteria (MON-08)."""

    MET = "met", "风险已消除且稳定满观察期、帮扶满观察期"
    NO_LABOR_CAPACITY = (
        "no_labor_capacity", "家庭无劳动能力：落实兜底保障后不标注风险消除，继续跟踪监测")
    RISK_REMAINS = "risk_remains", "最近一次评估仍有风险"
    NOT_STABLE = "not_stable", "无风险时间不足观察期"
    NO_ASSISTANCE = "no_assistance", "尚未落实帮扶措施"
    ASSISTANCE_TOO_SHORT = "assistance_too_short", "帮扶时间不足观察期"


# --------------------------------------------------------------------------- inputs


@attrs.frozen
class Screening:
    """What a household assessment said on one date: the view the case rules read.

    ``qualifies`` is whether the household meets the inclusion criteria (MON-02,
    MON-03): True, False, or None when the assessment had insufficient data.
    ``risks`` are the risks it found.
    """

    on: dt.date
    qualifies: bool | None
    risks: tuple[RiskType, ...] = ()

    @property
    def risk_free(self) -> bool:
        """Whether the screening found no risk, with complete data."""
        return self.qualifies is False and not self.risks


class _Decision(Protocol):
    def aspects(self) -> Mapping[str, object]: ...


class _Assessed(Protocol):
    @property
    def on(self) -> dt.date: ...

    @property
    def decision(self) -> _Decision: ...


def screening_from_assessment(assessment: _Assessed) -> Screening:
    """The :class:`Screening` of an assessment whose decision has ``in_range`` and ``risks``.

    Each is read from the decision's attribute, else from its ``aspects()``
    (so any :class:`~revitalize.policy.engine.Decision` fits, e.g.
    :class:`~revitalize.policy.monitoring.MonitoringDecision`). ``in_range``
    that is not a bool (absent, or None) means insufficient data; risks are
    read as :class:`RiskType` members or their values, others ignored.
    """
    decision = assessment.decision
    aspects = decision.aspects()
    in_range = getattr(decision, "in_range", aspects.get("in_range"))
    raw = getattr(decision, "risks", aspects.get("risks", ()))
    risks: list[RiskType] = []
    if isinstance(raw, Iterable) and not isinstance(raw, str):
        for r in raw:
            if isinstance(r, RiskType):
                risks.append(r)
            elif isinstance(r, str) and r in RiskType._value2member_map_:
                risks.append(RiskType.parse(r))
    ordered = tuple(sorted(set(risks), key=lambda r: r.value))
    return Screening(assessment.on, in_range if isinstance(in_range, bool) else None, ordered)


def screen_household(household: Household, params: ParameterSet, on: dt.date) -> Screening:
    """The screening of ``household`` on ``on`` by the household assessment (MON-02, MON-03).

    Calls :func:`~revitalize.policy.monitoring.assess_household`; pass
    :class:`Screening` values directly to use another assessment.
    """
    from .monitoring import assess_household

    return screening_from_assessment(assess_household(household, params, on))


@attrs.frozen
class CaseFile:
    """A case with what the rules about it read: its household and its screenings."""

    case: MonitoringCase
    household: Household | None = None
    screenings: tuple[Screening, ...] = ()

    def latest_screening(self, on: dt.date) -> Screening | None:
        """The latest screening dated on or before ``on``."""
        dated = [s for s in self.screenings if s.on <= on]
        return max(dated, key=lambda s: s.on) if dated else None


@attrs.frozen
class ScreeningRecord:
    """A :class:`Screening` of one household as a JSON record (for :class:`CaseRegister`)."""

    household_id: Identifier = attrs.field(validator=identifier)
    on: dt.date = attrs.field(validator=iso_date)
    qualifies: bool | None = attrs.field(validator=optional(strict_bool))
    risks: tuple[RiskType, ...] = attrs.field(
        default=(), validator=[tuple_of(enum_member(RiskType)), unique(what="risk")])

    def screening(self) -> Screening:
        """The screening."""
        return Screening(self.on, self.qualifies, self.risks)


@attrs.frozen
class CaseRegister:
    """A set of cases with their households and screenings: the ``revitalize cases`` input.

    JSON: ``{"on": "2023-06-01", "cases": [...], "households": [...],
    "screenings": [...]}``; ``on``, ``households`` and ``screenings`` are optional.
    """

    cases: tuple[MonitoringCase, ...] = attrs.field(
        validator=[tuple_of(instance_of(MonitoringCase)), unique(lambda c: c.id, "case id")])
    households: tuple[Household, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(Household)),
                               unique(lambda h: h.id, "household id")])
    screenings: tuple[ScreeningRecord, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(ScreeningRecord)))
    on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))

    def files(self, params: ParameterSet, on: dt.date) -> tuple[CaseFile, ...]:
        """One :class:`CaseFile` per case, in order.

        A household with no screening record is screened by the household
        assessment on ``on`` (:func:`screen_household`).
        """
        homes = {h.id: h for h in self.households}
        screened: dict[str, list[Screening]] = {}
        for r in self.screenings:
            screened.setdefault(r.household_id, []).append(r.screening())
        out = []
        for c in self.cases:
            h = homes.get(c.household_id)
            found = tuple(screened.get(c.household_id, ()))
            if not found and h is not None:
                found = (screen_household(h, params, on),)
            out.append(CaseFile(c, h, found))
        return tuple(out)


@attrs.frozen
class NoticePeriod:
    """A public notice posted from ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInputError.one(
                "$.end", f"the notice ends on {self.end.isoformat()}, before it starts on "
                         f"{self.start.isoformat()}")

    @property
    def days(self) -> int:
        """Calendar days of the notice, counting the first and the last day.

        >>> NoticePeriod(dt.date(2021, 6, 1), dt.date(2021, 6, 5)).days
        5
        """
        return (self.end - self.start).days + 1


@attrs.frozen
class LeftBehindVisit:
    """A member on the visit list (AST-09) and their last visit (None: not since ``since``)."""

    household_id: str
    member_id: str
    group: VisitGroup
    since: dt.date
    last_visit: dt.date | None = None


class TransitionRefusedError(RevitalizeError, ValueError):
    """A legal move of the case machine whose guard does not hold.

    ``finding`` is the guard's finding: its reasons, in Chinese and English,
    give the values compared.
    """

    def __init__(self, case_id: str, state: CaseStatus, target: CaseStatus, on: dt.date,
                 finding: Finding) -> None:
        self.case_id = case_id
        self.state = state
        self.target = target
        self.on = on
        self.finding = finding
        super().__init__(
            f"{MACHINE}: case {case_id!r} cannot move from {state.value!r} to {target.value!r} "
            f"on {on.isoformat()}: guard {finding.rule_id} ({finding.spec.title_en}) does not "
            f"hold: {finding.reason('en')}")


# --------------------------------------------------------------------------- helpers


def entered_on(case: MonitoringCase, status: CaseStatus) -> dt.date | None:
    """The date the case last entered ``status`` by its history.

    A case without history that is a clue entered it when it was opened;
    otherwise None when the history does not say.
    """
    for change in reversed(case.history):
        if change.to_status is status:
            return change.on
    if status is _S.CLUE and (not case.history or case.history[0].from_status is None):
        return case.opened_on
    return None


def _since(case: MonitoringCase, status: CaseStatus) -> dt.date:
    """When the case entered ``status``; the opening date when the history does not say."""
    return entered_on(case, status) or case.opened_on


def _left(case: MonitoringCase, status: CaseStatus) -> dt.date | None:
    """The date of the first move out of ``status``."""
    for change in case.history:
        if change.from_status is status:
            return change.on
    return None


def _last_change(case: MonitoringCase) -> dt.date:
    return max(case.history[-1].on, case.opened_on) if case.history else case.opened_on


def has_labor_capacity(household: Household, params: ParameterSet, on: dt.date) -> bool | None:
    """Whether a member can work on ``on``, by AST-08's capacity profile
    (:func:`~revitalize.policy.assistance.capacity_profile`: age and student status first;
    full, weak or half capacity count as able), so MON-08 and AST-08 never disagree.

    None when no member is able and one might be (a field not assessed).
    """
    return capacity_profile(household, params, on).has_able_member


def _started(measures: Iterable[Measure], on: dt.date) -> tuple[Measure, ...]:
    return tuple(m for m in measures if m.start <= on)


def _int(params: ParameterSet, name: str, on: dt.date) -> tuple[int, ParameterValue]:
    value = params.get(name, on)
    assert isinstance(value.value, int) and not isinstance(value.value, bool)
    return value.value, value


# --------------------------------------------------------------------------- deadlines

_DEADLINE_ZH = ("自{start_label} {start} 起 {limit} {unit}，截止 {due_on}；"
                "{checked_on} {state}")
_DEADLINE_EN = ("{limit} {unit} from the {start_label} on {start}, due {due_on}; "
                "{state} on {checked_on}")


class _StartLabel(LabelledEnum):
    CLUE = "first clue", "首次发现线索"
    VERIFICATION = "verification", "核实"
    INCLUSION = "inclusion", "纳入监测"
    LAST_VERIFICATION = "last verification", "上次核查"
    LAST_VISIT = "last visit", "上次探访"
    NOT_VISITED = "start of tracking (never visited)", "开始跟踪（尚未探访）"


def _deadline_spec(id: str, title_zh: str, title_en: str, citations: tuple[Citation, ...],
                   parameters: tuple[str, ...], prefix_zh: str = "{action}：",
                   prefix_en: str = "{action}: ", *, reads: tuple[str, ...]) -> RuleSpec:
    reason = Reason(prefix_zh + _DEADLINE_ZH, prefix_en + _DEADLINE_EN)
    return RuleSpec(id=id, title_zh=title_zh, title_en=title_en, citations=citations,
                    parameters=parameters, reasons={Outcome.YES: reason, Outcome.NO: reason},
                    polarity=Polarity.YES_IS_PROBLEM, reads=reads)  # YES: late


def _deadline(spec: RuleSpec, action: ActionKind, start_label: _StartLabel, start: dt.date,
              limit: int, unit: SpanUnit, used: ParameterValue, on: dt.date,
              done_on: dt.date | None, subject: str = "",
              extra: Mapping[str, object] | None = None) -> Finding:
    """YES (late) when the action was done after, or is still not done after, its due date."""
    span = relativedelta(days=limit) if unit is SpanUnit.DAYS else relativedelta(months=limit)
    due = start + span
    if done_on is not None and done_on <= on:
        state = DeadlineState.DONE_LATE if done_on > due else DeadlineState.DONE_IN_TIME
        checked = done_on
    else:
        state = DeadlineState.OVERDUE if on > due else DeadlineState.PENDING
        checked = on
    late = state in (DeadlineState.DONE_LATE, DeadlineState.OVERDUE)
    values = {"action": action, "start_label": start_label, "start": start, "limit": limit,
              "unit": unit, "due_on": due, "checked_on": checked, "state": state,
              "late_days": max(0, (checked - due).days), **(extra or {})}
    return spec.finding(Outcome.YES if late else Outcome.NO, values, (used,), subject=subject)


VERIFICATION_DEADLINE = _deadline_spec(
    "MON-07.verification", "核实认定超过时限", "Verification is late",
    (_IDENTIFY, _MON07), ("cases.verification_days",),
    reads=("history[].from_status", "history[].on", "history[].to_status", "id", "opened_on",
           "status"))


def verification_deadline(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when the case was (or still is not) verified after N days from the first clue.

    Verification is done when the case leaves ``clue`` (to verified, or
    rejected at verification). Verified on day N is in time; N + 1 is late.
    """
    limit, used = _int(params, "cases.verification_days", on)
    done = _left(case, _S.CLUE)
    if done is None and case.status is not _S.CLUE:
        return VERIFICATION_DEADLINE.insufficient("history", subject=case.id)
    return _deadline(VERIFICATION_DEADLINE, ActionKind.VERIFY, _StartLabel.CLUE, case.opened_on,
                     limit, SpanUnit.DAYS, used, on, done, case.id)


INCLUSION_DEADLINE = _deadline_spec(
    "MON-07.inclusion", "核实后纳入监测超过时限", "Inclusion after verification is late",
    (_PROCEDURE, _INCLUDE_ALL), ("cases.inclusion_grace_days",),
    reads=("history[].from_status", "history[].on", "history[].to_status", "id"))


def inclusion_deadline(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when a verified case was (or still is not) decided after the grace days."""
    limit, used = _int(params, "cases.inclusion_grace_days", on)
    verified = entered_on(case, _S.VERIFIED)
    if verified is None:
        return INCLUSION_DEADLINE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    return _deadline(INCLUSION_DEADLINE, ActionKind.APPROVE_INCLUSION, _StartLabel.VERIFICATION,
                     verified, limit, SpanUnit.DAYS, used, on, _left(case, _S.VERIFIED), case.id)


NOTICE_DUE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-07.notice_due",
    reads=("history[].on", "history[].to_status", "id", "status"),
    title_zh="公示开始过晚，无法在纳入时限内公示满规定天数",
    title_en="The public notice starts too late to run its minimum days before the inclusion "
             "deadline",
    citations=(_PROCEDURE,),
    parameters=("cases.notice_days", "cases.inclusion_grace_days"),
    reasons={o: Reason(
        "公示至少 {notice_days} 天、纳入时限 {inclusion_due}：最迟 {due_on} 开始公示；{on} {state}",
        "a notice of at least {notice_days} days ending by the inclusion deadline "
        "{inclusion_due} must start by {due_on}; {state} on {on}") for o in (Outcome.YES,
                                                                              Outcome.NO)},
)


def notice_due(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: the latest start of the public notice of a verified case, and whether it passed."""
    verified = entered_on(case, _S.VERIFIED)
    if case.status is not _S.VERIFIED or verified is None:
        return NOTICE_DUE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    days, days_used = _int(params, "cases.notice_days", on)
    grace, grace_used = _int(params, "cases.inclusion_grace_days", on)
    inclusion_due = verified + relativedelta(days=grace)
    due = max(verified, inclusion_due - relativedelta(days=days - 1))
    state = DeadlineState.OVERDUE if on > due else DeadlineState.PENDING
    values = {"notice_days": days, "inclusion_due": inclusion_due, "due_on": due, "on": on,
              "state": state}
    return NOTICE_DUE.finding(Outcome.YES if on > due else Outcome.NO, values,
                              (days_used, grace_used), subject=case.id)


ASSISTANCE_DEADLINE = _deadline_spec(
    "MON-07.assistance", "纳入监测后落实帮扶超过时限", "The first measure after inclusion is late",
    (_ASSIST_ALL, _MON07), ("cases.assistance_grace_days",),
    reads=("history[].on", "history[].to_status", "id", "measures[].start", "opened_on",
           "status"))


def assistance_deadline(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when the first measure started (or still has not) after the grace days."""
    included = entered_on(case, _S.INCLUDED)
    if case.status not in _UNDER_MONITORING:
        return ASSISTANCE_DEADLINE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    start = included or case.opened_on
    limit, used = _int(params, "cases.assistance_grace_days", on)
    started = _started(case.measures, on)
    first = min((m.start for m in started), default=None)
    return _deadline(ASSISTANCE_DEADLINE, ActionKind.ASSIST, _StartLabel.INCLUSION, start, limit,
                     SpanUnit.DAYS, used, on, max(first, start) if first else None, case.id)


PERIODIC_REVIEW = _deadline_spec(
    "MON-09", "定期核查逾期", "The periodic review is overdue", (_MON09,),
    ("cases.review_cycle_months",),
    reads=("history[].on", "history[].to_status", "id", "last_verified_on", "opened_on",
           "status"))


def periodic_review(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-09: YES when the last verification is older than the review cycle.

    The review is due on the day the cycle ends (``last + cycle``) and overdue
    from the day after. Without a recorded verification the cycle runs from
    the inclusion (or the opening) date.
    """
    if case.status not in _UNDER_MONITORING:
        return PERIODIC_REVIEW.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    months, used = _int(params, "cases.review_cycle_months", on)
    if case.last_verified_on is not None and case.last_verified_on <= on:
        start, label = case.last_verified_on, _StartLabel.LAST_VERIFICATION
    else:
        start, label = _since(case, _S.INCLUDED), _StartLabel.INCLUSION
    return _deadline(PERIODIC_REVIEW, ActionKind.REVIEW, label, start, months, SpanUnit.MONTHS,
                     used, on, None, case.id)


VISIT_SCHEDULE = _deadline_spec(
    "AST-09", "“三留守”人员定期探访逾期", "A periodic visit to a left-behind person is overdue",
    (_AST09,), ("cases.visit_cycle_priority_months", "cases.visit_cycle_other_months",
                "assistance.elderly_age"),
    prefix_zh="{group} {member}（{cycle}）：", prefix_en="{group} {member} ({cycle}): ",
    reads=("group", "last_visit", "member_id", "since"))


class _Cycle(LabelledEnum):
    PRIORITY = "priority cycle", "重点探访周期"
    OTHER = "ordinary cycle", "一般探访周期"


def visit_due(visit: LeftBehindVisit, params: ParameterSet, on: dt.date) -> Finding:
    """AST-09: YES when the member's last visit (or the start of tracking) is older than the cycle.

    The plan's priority groups (:attr:`VisitGroup.priority`) use
    ``cases.visit_cycle_priority_months``, left-behind women the other cycle.
    Due on the day the cycle ends, overdue from the day after.
    """
    cycle = _Cycle.PRIORITY if visit.group.priority else _Cycle.OTHER
    name = ("cases.visit_cycle_priority_months" if cycle is _Cycle.PRIORITY
            else "cases.visit_cycle_other_months")
    months, used = _int(params, name, on)
    if visit.last_visit is not None and visit.last_visit <= on:
        start, label = max(visit.last_visit, visit.since), _StartLabel.LAST_VISIT
    else:
        start, label = visit.since, _StartLabel.NOT_VISITED
    return _deadline(VISIT_SCHEDULE, ActionKind.VISIT, label, start, months, SpanUnit.MONTHS,
                     used, on, None, visit.member_id,
                     {"group": visit.group, "member": visit.member_id, "cycle": cycle})


def visits_due(household: Household, since: dt.date, last_visits: Mapping[str, dt.date],
               params: ParameterSet, on: dt.date) -> tuple[Finding, ...]:
    """AST-09 for every member of ``household`` on the visit list.

    The list is :func:`~revitalize.policy.assistance.visit_priority` (left
    behind, or scattered extreme-poverty elderly). ``last_visits`` maps
    member ids to their last visit; ``since`` is when tracking began (a
    member never visited is due one cycle after it). A member not on the
    list whose left-behind status was not assessed gets INSUFFICIENT_DATA.
    """
    listed = visit_priority(household, params, on)
    out = [visit_due(LeftBehindVisit(household.id, p.member_id, p.group, since,
                                     last_visits.get(p.member_id)), params, on) for p in listed]
    on_list = {p.member_id for p in listed}
    for i, m in enumerate(household.members):
        if m.left_behind is LeftBehind.NOT_ASSESSED and m.id not in on_list:
            out.append(VISIT_SCHEDULE.insufficient(f"members[{i}].left_behind", subject=m.id))
    return tuple(out)


# --------------------------------------------------------------------------- guards

DATE_ORDER = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="MON-07.date",
    reads=("history[].on", "history[].to_status", "id", "opened_on"),
    title_zh="日期不早于前一步骤", title_en="The date is not before the previous step",
    citations=(_PROCEDURE,),
    reasons={
        Outcome.YES: Reason("日期 {on} 不早于前一步骤（{step}）日期 {last}",
                            "the date {on} is not before the previous step ({step}) on {last}"),
        Outcome.NO: Reason("日期 {on} 早于前一步骤（{step}）日期 {last}",
                           "the date {on} is before the previous step ({step}) on {last}"),
    },
)


def date_order(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when ``on`` is not before the case's last change (or its opening)."""
    step = case.history[-1].to_status if case.history else _S.CLUE
    return _order(case.id, on, _last_change(case), step)


def _order(case_id: str, on: dt.date, last: dt.date, step: LabelledEnum) -> Finding:
    return DATE_ORDER.finding(Outcome.YES if on >= last else Outcome.NO,
                              {"on": on, "last": last, "step": step}, subject=case_id)


INCLUSION_GUARD = RuleSpec(
    polarity=Polarity.INFO,
    id="MON-07.qualifies",
    reads=("case.id", "screenings[].on", "screenings[].qualifies", "screenings[].risks"),
    title_zh="核实符合纳入监测条件", title_en="Verified as meeting the inclusion criteria",
    citations=(_PROCEDURE, _INCLUDE_ALL),
    reasons={
        Outcome.YES: Reason("{screened_on} 评估：符合纳入监测条件（风险：{risks}）",
                            "assessment of {screened_on}: meets the inclusion criteria "
                            "(risks: {risks})"),
        Outcome.NO: Reason("{screened_on} 评估：不符合纳入监测条件（风险：{risks}）",
                           "assessment of {screened_on}: does not meet the inclusion criteria "
                           "(risks: {risks})"),
    },
)


def qualifies(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when the latest screening on or before ``on`` says the household qualifies."""
    s = file.latest_screening(on)
    if s is None:
        return INCLUSION_GUARD.insufficient("screenings", subject=file.case.id)
    if s.qualifies is None:
        return INCLUSION_GUARD.insufficient("screening.qualifies", subject=file.case.id,
                                            values={"screened_on": s.on})
    values = {"screened_on": s.on, "risks": tuple(s.risks) or ("—",)}
    return INCLUSION_GUARD.finding(Outcome.YES if s.qualifies else Outcome.NO, values,
                                   subject=file.case.id)


NOTICE_PERIOD = RuleSpec(
    id="MON-07.notice",
    reads=("end", "start"),
    title_zh="公示不少于规定天数", title_en="The public notice lasts at least the minimum days",
    citations=(_TRANSPARENT,),
    parameters=("cases.notice_days",),
    polarity=Polarity.YES_IS_OK,
    reasons={
        Outcome.YES: Reason("公示 {start} 至 {end} 共 {days} 天，不少于 {minimum} 天",
                            "notice from {start} to {end}: {days} days, at least {minimum}"),
        Outcome.NO: Reason("公示 {start} 至 {end} 共 {days} 天，少于 {minimum} 天",
                           "notice from {start} to {end}: {days} days, fewer than {minimum}"),
    },
)


def notice_period(notice: NoticePeriod, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when the notice (both ends counted) lasts at least ``cases.notice_days``."""
    minimum, used = _int(params, "cases.notice_days", on)
    values = {"start": notice.start, "end": notice.end, "days": notice.days, "minimum": minimum}
    return NOTICE_PERIOD.finding(Outcome.YES if notice.days >= minimum else Outcome.NO, values,
                                 (used,))


ASSISTANCE_GUARD = RuleSpec(
    polarity=Polarity.INFO,
    id="MON-07.measure",
    reads=("id", "measures[].start", "measures[].type"),
    title_zh="已落实帮扶措施", title_en="An assistance measure is in place",
    citations=(_ASSIST_ALL,),
    reasons={
        Outcome.YES: Reason("已落实 {count} 项帮扶措施：{measures}",
                            "{count} measure(s) in place: {measures}"),
        Outcome.NO: Reason("截至 {on} 未落实任何帮扶措施", "no measure has started by {on}"),
    },
)


def has_measure(case: MonitoringCase, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when at least one of the case's measures started on or before ``on``."""
    started = _started(case.measures, on)
    values = {"count": len(started), "measures": tuple(m.type for m in started), "on": on}
    return ASSISTANCE_GUARD.finding(Outcome.YES if started else Outcome.NO, values,
                                    subject=case.id)


# --------------------------------------------------------------------------- MON-08

RISK_ELIMINATION = RuleSpec(
    id="MON-08",
    reads=("case.id", "case.measures[].start", "household.members[].birth_date",
           "household.members[].id", "household.members[].labor_capacity",
           "household.members[].no_capacity_reason", "household.members[].school_status",
           "screenings[].on", "screenings[].qualifies", "screenings[].risks"),
    title_zh="符合风险消除条件", title_en="Meets the risk-elimination criteria",
    citations=(_MON08,),
    parameters=("cases.observation_months", "assistance.age_of_majority",
                "assistance.minimum_working_age"),
    polarity=Polarity.YES_IS_OK,
    reasons={
        Outcome.YES: Reason(
            "{cause}：自 {risk_free_since} 起无风险、自 {assisted_since} 起帮扶，均不少于观察期 "
            "{months} 个月（评估日 {on}）；有劳动能力成员 {able} 人",
            "{cause}: risk-free since {risk_free_since} and assisted since {assisted_since}, "
            "both at least the observation period of {months} months (on {on}); "
            "{able} member(s) able to work"),
        Outcome.NO: Reason(
            "不符合风险消除条件：{cause}（观察期 {months} 个月，评估日 {on}；无风险自 "
            "{risk_free_since}，帮扶自 {assisted_since}，有劳动能力成员 {able} 人）",
            "does not meet the risk-elimination criteria: {cause} (observation period {months} "
            "months, on {on}; risk-free since {risk_free_since}, assisted since "
            "{assisted_since}, {able} member(s) able to work)"),
    },
)


def _risk_free_since(screenings: Sequence[Screening], on: dt.date) -> dt.date | None:
    """The first date of the unbroken run of risk-free screenings that ends with the latest."""
    since = None
    for s in sorted((s for s in screenings if s.on <= on), key=lambda s: s.on, reverse=True):
        if not s.risk_free:
            break
        since = s.on
    return since


def risk_elimination(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """MON-08: YES when the subject may be marked risk eliminated on ``on``.

    The criteria (several provinces' rules): the latest screening finds no risk with
    complete data, and every screening for at least ``cases.observation_months``
    before ``on`` did too (risk-free since a date on or before ``on`` minus
    the period); assistance has run for the same period; and the household
    has labor capacity. A household without labor capacity is **not** marked:
    it keeps its social-security measures and stays under monitoring
    (practice confirmed in Hainan and Anhui). Labor capacity is AST-08's
    profile (:func:`has_labor_capacity`): age and student status first, weak
    and half capacity count as able.
    """
    subject = file.case.id
    h = file.household
    if h is None:
        return RISK_ELIMINATION.insufficient("household", subject=subject)
    months, used = _int(params, "cases.observation_months", on)
    started = _started(file.case.measures, on)
    assisted_since = min((m.start for m in started), default=None)
    risk_free = _risk_free_since(file.screenings, on)
    profile = capacity_profile(h, params, on)
    values: dict[str, object] = {"months": months, "on": on, "risk_free_since": risk_free,
                                 "assisted_since": assisted_since, "able": len(profile.able)}
    capacity = profile.has_able_member
    if capacity is None:
        return RISK_ELIMINATION.insufficient(*profile.missing, subject=subject, values=values)
    latest = file.latest_screening(on)
    if latest is None:
        return RISK_ELIMINATION.insufficient("screenings", subject=subject, values=values)
    if latest.qualifies is None:
        return RISK_ELIMINATION.insufficient("screening.qualifies", subject=subject,
                                             values=values)
    limit = on - relativedelta(months=months)
    if not capacity:
        cause = EliminationCause.NO_LABOR_CAPACITY
    elif risk_free is None:
        cause = EliminationCause.RISK_REMAINS
    elif risk_free > limit:
        cause = EliminationCause.NOT_STABLE
    elif assisted_since is None:
        cause = EliminationCause.NO_ASSISTANCE
    elif assisted_since > limit:
        cause = EliminationCause.ASSISTANCE_TOO_SHORT
    else:
        cause = EliminationCause.MET
    values["cause"] = cause
    outcome = Outcome.YES if cause is EliminationCause.MET else Outcome.NO
    return RISK_ELIMINATION.finding(outcome, values, (used, *profile.used), subject=subject)


EXIT_GUARD = RuleSpec(
    id="MON-07.exit",
    reads=("case.history[].on", "case.history[].to_status", "case.id", "case.status",
           "screenings[].on", "screenings[].qualifies", "screenings[].risks"),
    title_zh="风险消除后无新增风险", title_en="No new risk since the risk was eliminated",
    citations=(_PROCEDURE,),
    polarity=Polarity.YES_IS_OK,
    reasons={
        Outcome.YES: Reason("自 {eliminated_on} 风险消除以来的评估均无风险",
                            "no assessment since the elimination on {eliminated_on} found a risk"),
        Outcome.NO: Reason("{screened_on} 评估发现新的风险（{risks}），风险消除于 {eliminated_on}",
                           "the assessment of {screened_on} found a new risk ({risks}) after the "
                           "elimination on {eliminated_on}"),
        Outcome.NOT_APPLICABLE: Reason("案件状态为“{status}”，尚未标注风险消除，不涉及退出",
                                       "the case is '{status}', not marked risk eliminated: no "
                                       "exit to check"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未记录风险消除日期",
                                          "insufficient data: {missing} does not record when "
                                          "the risk was eliminated"),
    },
)

_ELIMINATED: Final = frozenset({_S.RISK_ELIMINATED, _S.EXITED})


def exit_guard(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """MON-07: YES when no screening from the elimination to ``on`` found a risk.

    Only a case marked risk eliminated has an exit to check: for any other case
    the finding is NOT_APPLICABLE (no elimination date is invented), and for an
    eliminated case whose history does not record the move it is insufficient
    data naming the history.
    """
    case = file.case
    eliminated = entered_on(case, _S.RISK_ELIMINATED)
    if eliminated is None:
        if case.status in _ELIMINATED:
            return EXIT_GUARD.insufficient("history", subject=case.id)
        return EXIT_GUARD.finding(Outcome.NOT_APPLICABLE, {"status": case.status},
                                  subject=case.id)
    for s in sorted(file.screenings, key=lambda s: s.on):
        if eliminated <= s.on <= on and (s.qualifies or s.risks):
            return EXIT_GUARD.finding(Outcome.NO, {"screened_on": s.on, "risks": s.risks or ("—",),
                                                   "eliminated_on": eliminated},
                                      subject=case.id)
    return EXIT_GUARD.finding(Outcome.YES, {"eliminated_on": eliminated}, subject=case.id)


# --------------------------------------------------------------------------- transitions


def open_case(case_id: str, household_id: str, channel: EntryChannel, on: dt.date, town: str,
              village: str, *, risks: Sequence[RiskType] = (), note: str = "") -> MonitoringCase:
    """A new case at ``clue`` opened on ``on`` (the first clue) by ``channel`` (MON-06)."""
    return MonitoringCase(
        id=Identifier(case_id), household_id=Identifier(household_id), entry_channel=channel,
        status=_S.CLUE, opened_on=on, town=Name(town), village=Name(village), risks=tuple(risks),
        history=(StatusChange(on=on, from_status=None, to_status=_S.CLUE, note=Text(note)),),
    )


def _refuse(case: MonitoringCase, to: CaseStatus, on: dt.date, finding: Finding) -> NoReturn:
    raise TransitionRefusedError(case.id, case.status, to, on, finding)


def transition(
    case: MonitoringCase,
    to: CaseStatus,
    on: dt.date,
    params: ParameterSet,
    *,
    household: Household | None = None,
    screenings: Sequence[Screening] = (),
    notice: NoticePeriod | None = None,
    category: MonitoringCategory | None = None,
    measures: Sequence[Measure] = (),
    note: str = "",
) -> MonitoringCase:
    """Move ``case`` to ``to`` on ``on``; a new case with the move appended to its history.

    ``measures`` are added to the case and ``category`` sets it, before the
    guard is checked. Moving to ``verified`` or ``rejected`` records ``on`` as
    the last verification. Raises :class:`~revitalize.errors.IllegalTransitionError`
    for a move the machine does not allow and :class:`TransitionRefusedError`
    when the move's guard does not hold (see the module's table).
    """
    allowed = TRANSITIONS[case.status]
    if to not in allowed:
        raise IllegalTransitionError(MACHINE, case.status.value, to.value,
                                     [a.value for a in allowed])
    order = date_order(case, params, on)
    if not order.holds:
        _refuse(case, to, on, order)
    new = attrs.evolve(case, measures=case.measures + tuple(measures),
                       category=category if category is not None else case.category)
    file = CaseFile(new, household, tuple(screenings))
    if to is _S.REJECTED:
        guard = qualifies(file, params, on)
        if guard.outcome is not Outcome.NO:
            _refuse(case, to, on, guard)
    elif to is _S.INCLUDED:
        guard = qualifies(file, params, on)
        if not guard.holds:
            _refuse(case, to, on, guard)
        if new.category is None:
            _refuse(case, to, on, INCLUSION_GUARD.insufficient("category", subject=case.id))
        if notice is None:
            _refuse(case, to, on, NOTICE_PERIOD.insufficient("notice", subject=case.id))
        verified = entered_on(case, _S.VERIFIED) or _last_change(case)
        for check in (_order(case.id, notice.start, verified, _S.VERIFIED),
                      _order(case.id, on, notice.end, ActionKind.PUBLIC_NOTICE),
                      notice_period(notice, params, on)):
            if not check.holds:
                _refuse(case, to, on, check)
    elif to is _S.ASSISTED:
        guard = has_measure(new, params, on)
        if not guard.holds:
            _refuse(case, to, on, guard)
    elif to is _S.RISK_ELIMINATED:
        guard = risk_elimination(file, params, on)
        if not guard.holds:
            _refuse(case, to, on, guard)
    elif to is _S.EXITED:
        guard = exit_guard(file, params, on)
        if not guard.holds:
            _refuse(case, to, on, guard)
    change = StatusChange(on=on, from_status=case.status, to_status=to, note=Text(note))
    verified_on = on if to in (_S.VERIFIED, _S.REJECTED) else new.last_verified_on
    return attrs.evolve(new, status=to, history=(*new.history, change),
                        last_verified_on=verified_on)


def record_review(case: MonitoringCase, on: dt.date) -> MonitoringCase:
    """A new case whose last verification (MON-09) is ``on``; not before the last one."""
    last = max(case.last_verified_on or case.opened_on, case.opened_on)
    if on < last:
        finding = _order(case.id, on, last, ActionKind.REVIEW)
        raise TransitionRefusedError(case.id, case.status, case.status, on, finding)
    return attrs.evolve(case, last_verified_on=on)


# --------------------------------------------------------------------------- due actions


@attrs.frozen
class DueAction:
    """An action a case is due for: its kind, the responsible level, its due date, why.

    ``finding``'s outcome is YES when the action is overdue; its reasons
    give the start, the limit, the due date and the state in both languages.
    """

    case_id: str
    kind: ActionKind
    level: Level
    due_on: dt.date
    finding: Finding
    member_id: str | None = None

    @property
    def overdue(self) -> bool:
        """Whether the due date has passed."""
        return self.finding.holds

    def describe(self, lang: str = "zh") -> str:
        """One line: case, level, action, due date, reason."""
        who = f" [{self.member_id}]" if self.member_id else ""
        if lang == "zh":
            flag = "（已逾期）" if self.overdue else ""
            return (f"{self.case_id}{who}  {self.level.label_zh}级 {self.kind.label_zh} 截止 "
                    f"{self.due_on.isoformat()}{flag}  {self.finding.reason('zh')}  "
                    f"{self.finding.rule_id}")
        flag = " (overdue)" if self.overdue else ""
        return (f"{self.case_id}{who}  {self.level.label_en}: {self.kind.label_en} due "
                f"{self.due_on.isoformat()}{flag}  {self.finding.reason('en')}  "
                f"{self.finding.rule_id}")

    def to_json(self) -> dict[str, Any]:
        """The action as JSON, with its finding."""
        return {"case": self.case_id, "kind": self.kind.value, "kind_zh": self.kind.label_zh,
                "level": self.level.value, "due_on": self.due_on.isoformat(),
                "overdue": self.overdue, "member": self.member_id,
                "finding": self.finding.to_json()}


def _action(case: MonitoringCase, kind: ActionKind, f: Finding,
            member_id: str | None = None) -> Iterator[DueAction]:
    """The due action of ``f``, when it has a due date (a history that says too little has none)."""
    due = f.values.get("due_on")
    if isinstance(due, dt.date):
        yield DueAction(case.id, kind, RESPONSIBLE_LEVEL[kind], due, f, member_id)


def _case_visits(file: CaseFile, params: ParameterSet, on: dt.date) -> Iterator[DueAction]:
    h = file.household
    if h is None:
        return
    since = _since(file.case, _S.INCLUDED)
    last: dict[str, dt.date] = {}
    for m in file.case.measures:
        if m.type is MeasureType.LEFT_BEHIND_VISIT and m.member_id and m.start <= on:
            last[m.member_id] = max(m.start, last.get(m.member_id, m.start))
    for f in visits_due(h, since, last, params, on):
        yield from _action(file.case, ActionKind.VISIT, f, f.subject)


def due_actions(file: CaseFile | MonitoringCase, params: ParameterSet,
                on: dt.date) -> tuple[DueAction, ...]:
    """The actions a case is due for on ``on``, each with its date and responsible level.

    - clue: verification (town) within ``cases.verification_days``;
    - verified: the public notice (village; the latest start for a notice of
      ``cases.notice_days`` ending by the inclusion deadline) and approval
      (district) within ``cases.inclusion_grace_days``;
    - included: the first measure (town) within ``cases.assistance_grace_days``;
    - included, assisted, risk eliminated: the periodic review (town, MON-09);
      with the household, the visits of its left-behind members (village,
      AST-09; a visit is a measure of type ``left_behind_visit`` for the member);
    - assisted, with household and screenings: marking the risk eliminated
      (district) when MON-08 holds.
    """
    f = file if isinstance(file, CaseFile) else CaseFile(file)
    case = f.case
    out: list[DueAction] = []
    if case.status is _S.CLUE:
        out.extend(_action(case, ActionKind.VERIFY, verification_deadline(case, params, on)))
    elif case.status is _S.VERIFIED:
        out.extend(_action(case, ActionKind.PUBLIC_NOTICE, notice_due(case, params, on)))
        out.extend(_action(case, ActionKind.APPROVE_INCLUSION,
                           inclusion_deadline(case, params, on)))
    if case.status is _S.INCLUDED:
        out.extend(_action(case, ActionKind.ASSIST, assistance_deadline(case, params, on)))
    if case.status in _UNDER_MONITORING:
        out.extend(_action(case, ActionKind.REVIEW, periodic_review(case, params, on)))
        out.extend(_case_visits(f, params, on))
    if case.status is _S.ASSISTED and f.household is not None and f.screenings:
        elimination = risk_elimination(f, params, on)
        if elimination.holds:
            out.append(DueAction(case.id, ActionKind.MARK_RISK_ELIMINATED,
                                 RESPONSIBLE_LEVEL[ActionKind.MARK_RISK_ELIMINATED], on,
                                 elimination))
    return tuple(out)


# --------------------------------------------------------------------------- compliance

INCLUSION_COMPLIANCE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-07.include_all",
    reads=("case.history[].on", "case.history[].to_status", "case.id", "case.status",
           "screenings[].on", "screenings[].qualifies", "screenings[].risks"),
    title_zh="应纳尽纳：已核实符合条件但未纳入监测",
    title_en="Include all who qualify: a verified qualifying case is not included",
    citations=(_INCLUDE_ALL, _PROCEDURE),
    parameters=("cases.inclusion_grace_days",),
    reasons={
        Outcome.YES: Reason(
            "{screened_on} 评估符合纳入条件，案件状态为“{status}”（核实于 {verified_on}），"
            "纳入时限 {due_on} 已过（评估日 {on}）",
            "the assessment of {screened_on} meets the inclusion criteria but the case is "
            "'{status}' (verified on {verified_on}); the inclusion deadline {due_on} has "
            "passed (on {on})"),
        Outcome.NO: Reason(
            "案件状态为“{status}”（核实于 {verified_on}），符合纳入条件：{qualifies}；"
            "纳入时限 {due_on}（评估日 {on}）",
            "the case is '{status}' (verified on {verified_on}); meets the criteria: "
            "{qualifies}; inclusion deadline {due_on} (on {on})"),
    },
)


def inclusion_compliance(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """应纳尽纳 (MON-07): YES when a verified case that qualifies is not included in time.

    A verified case breaks the rule once ``cases.inclusion_grace_days`` after
    verification have passed (the last day is still in time); a case
    *rejected* although its screening qualifies breaks it at once.
    """
    case = file.case
    if case.status not in (_S.VERIFIED, _S.REJECTED):
        return INCLUSION_COMPLIANCE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    guard = qualifies(file, params, on)
    grace, used = _int(params, "cases.inclusion_grace_days", on)
    verified = entered_on(case, _S.VERIFIED) or _since(case, case.status)
    due = verified + relativedelta(days=grace)
    values: dict[str, object] = {"status": case.status, "verified_on": verified, "due_on": due,
                                 "on": on, **guard.values}
    if guard.outcome is Outcome.INSUFFICIENT_DATA:
        return INCLUSION_COMPLIANCE.insufficient(*guard.missing, subject=case.id, values=values)
    values["qualifies"] = guard.holds
    late = case.status is _S.REJECTED or on > due
    outcome = Outcome.YES if guard.holds and late else Outcome.NO
    return INCLUSION_COMPLIANCE.finding(outcome, values, (used,), subject=case.id)


ASSISTANCE_COMPLIANCE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-07.assist_all",
    reads=("case.history[].on", "case.history[].to_status", "case.id", "case.measures[].start",
           "case.status"),
    title_zh="应扶尽扶：纳入监测后超过时限仍无帮扶措施",
    title_en="Assist all who are included: an included subject has no measure after the grace "
             "period",
    citations=(_INCLUDE_ALL, _ASSIST_ALL),
    parameters=("cases.assistance_grace_days",),
    reasons={
        Outcome.YES: Reason(
            "{start} 纳入监测，{limit} 天内（截止 {due_on}）应落实帮扶，{checked_on} 仍无帮扶措施",
            "included on {start}; a measure was due within {limit} days (by {due_on}); none on "
            "{checked_on}"),
        Outcome.NO: Reason(
            "{start} 纳入监测，帮扶时限 {due_on}；{checked_on} {state}",
            "included on {start}; measure due by {due_on}; {state} on {checked_on}"),
    },
)


def assistance_compliance(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """应扶尽扶 (MON-07): YES when an included subject has no measure after the grace days."""
    case = file.case
    if case.status not in (_S.INCLUDED, _S.ASSISTED):
        return ASSISTANCE_COMPLIANCE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    f = assistance_deadline(case, params, on)
    violated = f.values.get("state") is DeadlineState.OVERDUE
    return ASSISTANCE_COMPLIANCE.finding(Outcome.YES if violated else Outcome.NO, f.values,
                                         f.used, subject=case.id)


ELIMINATION_COMPLIANCE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-07.eliminate_all",
    reads=("case.id", "case.measures[].start", "case.status", "household.members[].birth_date",
           "household.members[].id", "household.members[].labor_capacity",
           "household.members[].no_capacity_reason", "household.members[].school_status",
           "screenings[].on", "screenings[].qualifies", "screenings[].risks"),
    title_zh="应消尽消：符合风险消除条件但未标注风险消除",
    title_en="Eliminate all whose risk is gone: a subject meets MON-08 but is not marked",
    citations=(_INCLUDE_ALL, _MON08),
    parameters=("cases.observation_months",),
    reasons={
        Outcome.YES: Reason(
            "案件状态为“{status}”，但自 {risk_free_since} 起无风险、自 {assisted_since} 起帮扶，"
            "均满观察期 {months} 个月（评估日 {on}），应标注风险消除",
            "the case is '{status}' but risk-free since {risk_free_since} and assisted since "
            "{assisted_since}, both for the observation period of {months} months (on {on}); "
            "it should be marked risk eliminated"),
        Outcome.NO: Reason(
            "案件状态为“{status}”：{cause}", "the case is '{status}': {cause}"),
    },
)


def elimination_compliance(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """应消尽消 (MON-07, MON-08): YES when an included or assisted subject meets MON-08.

    A household without labor capacity never breaks it: it is kept under
    monitoring, not marked (MON-08).
    """
    case = file.case
    if case.status not in (_S.INCLUDED, _S.ASSISTED):
        return ELIMINATION_COMPLIANCE.finding(Outcome.NOT_APPLICABLE, subject=case.id)
    f = risk_elimination(file, params, on)
    values = {**f.values, "status": case.status}
    if f.outcome is Outcome.INSUFFICIENT_DATA:
        return ELIMINATION_COMPLIANCE.insufficient(*f.missing, subject=case.id, values=values)
    return ELIMINATION_COMPLIANCE.finding(f.outcome, values, f.used, subject=case.id)


SAFETY_NET_COVERAGE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="AST-10",
    reads=("case.id", "household.members[].birth_date", "household.members[].id",
           "household.members[].labor_capacity", "household.members[].no_capacity_reason",
           "household.members[].school_status"),
    title_zh="应保尽保：无劳动能力的困难人口未纳入低保、特困供养或临时救助",
    title_en="Cover all who qualify: a person in hardship without labor capacity has no minimum "
             "allowance, extreme-poverty support or relief",
    citations=(_AST10,),
    parameters=("assistance.age_of_majority", "assistance.minimum_working_age"),
    reasons={
        Outcome.YES: Reason(
            "{screened_on} 评估符合救助条件（收入无保障），无劳动能力成员 {members} 未纳入低保、"
            "特困供养，也未获临时救助",
            "the assessment of {screened_on} meets the conditions; member(s) {members} without "
            "labor capacity have no minimum allowance, extreme-poverty support or temporary "
            "assistance"),
        Outcome.NO: Reason(
            "无劳动能力成员 {candidates} 均已纳入兜底保障，或家庭不符合条件"
            "（符合条件：{qualifies}）",
            "member(s) without labor capacity {candidates} are covered, or the household does "
            "not meet the conditions (meets them: {qualifies})"),
    },
)

_COVERING_MEASURES: Final = frozenset({
    MeasureType.MINIMUM_ALLOWANCE, MeasureType.MINIMUM_ALLOWANCE_SINGLE_PERSON,
    MeasureType.EXTREME_POVERTY_SUPPORT, MeasureType.TEMPORARY_ASSISTANCE_EMERGENCY,
    MeasureType.TEMPORARY_ASSISTANCE_EXPENDITURE,
})
_COVERING_ASSISTANCE: Final = frozenset({
    AssistanceKind.MINIMUM_ALLOWANCE, AssistanceKind.EXTREME_POVERTY_SUPPORT,
    AssistanceKind.TEMPORARY_ASSISTANCE,
})
_COVERING_STATUS: Final = frozenset({
    SafetyNetStatus.MINIMUM_ALLOWANCE, SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON,
    SafetyNetStatus.EXTREME_POVERTY_SUPPORT,
})


def safety_net_coverage(file: CaseFile, params: ParameterSet, on: dt.date) -> Finding:
    """应保尽保 (AST-10): YES when a member who lost labor capacity is not covered.

    Candidates are the members AST-08's capacity profile
    (:func:`~revitalize.policy.assistance.capacity_profile`) counts as *lost capacity* on
    ``on``: age and student status first (below ``assistance.age_of_majority`` or a student
    is a dependant, never lost capacity, whatever the record says), then labor capacity
    ``none`` for a reason other than being a minor or a student. AST-10, AST-08 and MON-08
    read the same profile, so they never disagree on one household. A member whose
    capacity (or its reason) was not assessed is insufficient data naming the member's
    field, never a silent "no". "Meets the conditions" reads the latest screening: the
    household qualifies (no stable income). A member is covered by their own
    minimum-allowance or extreme-poverty status, by the household's minimum allowance,
    extreme-poverty support or temporary assistance, or by a started measure of those
    types for them or the household. Unknown statuses give INSUFFICIENT_DATA.
    """
    case = file.case
    h = file.household
    if h is None:
        return SAFETY_NET_COVERAGE.insufficient("household", subject=case.id)
    profile = capacity_profile(h, params, on)
    used = profile.used
    lost = frozenset(profile.lost)
    candidates = [m for m in h.members if m.id in lost]
    # Only a member who might have lost capacity matters: an unknown capacity or reason.
    missing = [p for p in profile.missing if p.endswith(_MAY_BE_LOST)]
    if not candidates and not missing:
        return SAFETY_NET_COVERAGE.finding(Outcome.NO, {"candidates": ("—",), "qualifies": None},
                                           used, subject=case.id)
    s = file.latest_screening(on)
    if s is None or s.qualifies is None:
        return SAFETY_NET_COVERAGE.insufficient("screening.qualifies", subject=case.id)
    household_covered = bool(set(h.social_assistance or ()) & _COVERING_ASSISTANCE)
    covering = [m for m in _started(case.measures, on) if m.type in _COVERING_MEASURES
                and (m.end is None or m.end >= on)]
    uncovered: list[str] = []
    if s.qualifies and not household_covered:
        for m in candidates:
            if m.safety_net in _COVERING_STATUS or any(
                    x.member_id in (None, m.id) for x in covering):
                continue
            if m.safety_net is SafetyNetStatus.NOT_ASSESSED:
                missing.append(f"members[{h.members.index(m)}].safety_net")
                continue
            uncovered.append(m.id)
    if uncovered:
        return SAFETY_NET_COVERAGE.finding(
            Outcome.YES, {"screened_on": s.on, "members": tuple(uncovered)}, used,
            subject=case.id)
    if missing and s.qualifies and not household_covered:
        return SAFETY_NET_COVERAGE.finding(Outcome.INSUFFICIENT_DATA, {}, used, tuple(missing),
                                           subject=case.id)
    return SAFETY_NET_COVERAGE.finding(
        Outcome.NO, {"candidates": tuple(m.id for m in candidates) or ("—",),
                     "qualifies": s.qualifies}, used, subject=case.id)


#: The capacity profile's missing fields that may hide a lost-capacity member (AST-10): an
#: unassessed capacity, or capacity ``none`` for a reason not assessed. (A youth's schooling
#: or employment decides between able and dependant, never lost capacity.)
_MAY_BE_LOST: Final = (".labor_capacity", ".no_capacity_reason")


#: The compliance checks :func:`compliance` runs, in order.
_COMPLIANCE: Final = (
    Rule(INCLUSION_COMPLIANCE, inclusion_compliance),
    Rule(ASSISTANCE_COMPLIANCE, assistance_compliance),
    Rule(ELIMINATION_COMPLIANCE, elimination_compliance),
    Rule(SAFETY_NET_COVERAGE, safety_net_coverage),
)


def compliance(files: Iterable[CaseFile], params: ParameterSet,
               on: dt.date) -> tuple[Finding, ...]:
    """应纳尽纳、应扶尽扶、应消尽消、应保尽保 over a set of cases.

    Returns the violations (YES) and the checks that could not be made
    (INSUFFICIENT_DATA), each naming its case in ``subject``; checks that
    pass or do not apply are left out.
    """
    out: list[Finding] = []
    for file in files:
        for rule in _COMPLIANCE:
            f = rule(file, params, on)
            if f.outcome in (Outcome.YES, Outcome.INSUFFICIENT_DATA):
                out.append(f)
    return tuple(out)


RULES: tuple[Rule[Any], ...] = (
    Rule(DATE_ORDER, date_order),
    Rule(VERIFICATION_DEADLINE, verification_deadline),
    Rule(NOTICE_DUE, notice_due),
    Rule(NOTICE_PERIOD, notice_period),
    Rule(INCLUSION_GUARD, qualifies),
    Rule(INCLUSION_DEADLINE, inclusion_deadline),
    Rule(ASSISTANCE_GUARD, has_measure),
    Rule(ASSISTANCE_DEADLINE, assistance_deadline),
    Rule(EXIT_GUARD, exit_guard),
    *_COMPLIANCE[:3],
    Rule(RISK_ELIMINATION, risk_elimination),
    Rule(PERIODIC_REVIEW, periodic_review),
    Rule(VISIT_SCHEDULE, visit_due),
    _COMPLIANCE[3],
)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (("MON-07", _MON07), ("MON-11", _MON11))
