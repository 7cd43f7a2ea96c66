"""TRN-01..05: the transition period, the four no-removals, policy dispositions, fund names.

- TRN-02 :func:`phase_of` says which phase of the plan's timeline a date
  falls in (五年巩固、十年进步、十五年基本实现农业农村现代化); the dates are
  parameters (``transition.plan_start`` …).
- TRN-01 :func:`no_removal` refuses a proposed withdrawal of responsibility,
  policy, assistance or supervision from a lifted place when it would take
  effect in the plan period; :func:`enforce_no_removals` raises
  :class:`WithdrawalRefusedError` with the citation.

  *Reading.* The four no-removals are a requirement of this plan, whose
  period is 2021–2025 (``transition.plan_start`` .. ``transition.plan_end``).
  The plan binds nothing after its period, and before it the campaign
  period's own rules applied: a withdrawal that takes effect outside the
  period is NOT_APPLICABLE here (not refused by this rule; other rules may
  still apply). A place that was never lifted (never 摘帽) is NO: the
  no-removals protect lifted places.
- TRN-03 :func:`policy_disposition`: a policy carries its disposition
  (continue / optimise / adjust); :func:`policies_by_disposition` lists them.
- TRN-04 :data:`POLICY_DIRECTIONS`: the policy-type → disposition table
  (``unique`` hit policy, checked for gaps and overlaps), and
  :func:`policy_direction`, which compares a policy's disposition with it.
- TRN-05 :func:`fund_name_in_force`: the former special poverty-alleviation
  fund (财政专项扶贫资金) is called the linkage fund (衔接推进乡村振兴补助资金)
  in the consolidation period; :func:`fund_name` checks a record's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..citations import Citation
from ..errors import RevitalizeError
from ..models.transition import (
    Disposition,
    FiscalFundName,
    FundAllocation,
    Phase,
    Policy,
    PolicyType,
    Withdrawal,
)
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of

__all__ = [
    "CITATIONS",
    "FUND_NAME",
    "NO_REMOVAL",
    "PLAN_PHASE",
    "POLICY_DIRECTION",
    "POLICY_DIRECTIONS",
    "POLICY_DISPOSITION",
    "RULES",
    "TABLES",
    "PhaseBounds",
    "PolicyDirection",
    "WithdrawalRefusedError",
    "enforce_no_removals",
    "fund_name",
    "fund_name_in_force",
    "no_removal",
    "phase_bounds",
    "phase_of",
    "plan_phase",
    "policies_by_disposition",
    "policy_direction",
    "policy_disposition",
]

# --------------------------------------------------------------------------- TRN-02 phases

#: TRN-02: the plan period (the opening paragraph, before Ch1) and the milestones (Ch2 §3).
_TIMELINE = Citation("front matter", "规划实施期限为2021年—2025年，展望至2035年")
_MILESTONES = Citation("Ch2 §3", "五年巩固、十年进步、十五年基本实现农业农村现代化")


@attrs.frozen
class PhaseBounds:
    """The last day of each phase of the timeline and the parameter values they come from."""

    plan_start: dt.date
    plan_end: dt.date
    progress_end: dt.date
    modernisation_end: dt.date
    used: tuple[ParameterValue, ...]

    def phase(self, day: dt.date) -> Phase:
        """The phase ``day`` falls in."""
        if day < self.plan_start:
            return Phase.CAMPAIGN
        if day <= self.plan_end:
            return Phase.CONSOLIDATION
        if day <= self.progress_end:
            return Phase.PROGRESS
        if day <= self.modernisation_end:
            return Phase.MODERNISATION
        return Phase.BEYOND_OUTLOOK

    def in_plan_period(self, day: dt.date) -> bool:
        """Whether ``day`` is in the plan period (the consolidation phase)."""
        return self.plan_start <= day <= self.plan_end


def _calendar_value(params: ParameterSet, name: str, on: dt.date) -> ParameterValue:
    """The value in force on ``on``; before the first value starts, the first value."""
    found = params.find(name, on)
    if found is not None:
        return found
    values = params.parameter(name).values
    return values[0] if values else params.get(name, on)


def phase_bounds(params: ParameterSet, on: dt.date) -> PhaseBounds:
    """The timeline's dates as set on ``on`` (TRN-02)."""
    used = tuple(_calendar_value(params, n, on) for n in (
        "transition.plan_start", "transition.plan_end", "transition.progress_end",
        "transition.modernisation_end"))
    dates: list[dt.date] = []
    for v in used:
        if not isinstance(v.value, dt.date):
            raise RevitalizeError(f"parameter {v.name!r} is not a date parameter")
        dates.append(v.value)
    return PhaseBounds(dates[0], dates[1], dates[2], dates[3], used)


def phase_of(day: dt.date, params: ParameterSet) -> Phase:
    """The phase of the plan's timeline that ``day`` falls in (TRN-02), with the timeline's
    dates as ``params`` set them on ``day``.

    >>> from revitalize.policy.parameters import default_parameters
    >>> p = default_parameters()
    >>> [phase_of(dt.date(y, 12, 31), p).value for y in (2020, 2025, 2026, 2035, 2036)]
    ['campaign', 'consolidation', 'progress', 'modernisation', 'beyond_outlook']
    """
    return phase_bounds(params, day).phase(day)


PLAN_PHASE = RuleSpec(
    polarity=Polarity.INFO,
    id="TRN-02",
    reads=("$",),
    title_zh="日期在规划实施期限内",
    title_en="The date is in the plan period",
    citations=(_TIMELINE, _MILESTONES),
    parameters=("transition.plan_start", "transition.plan_end", "transition.progress_end",
                "transition.modernisation_end"),
    reasons={
        Outcome.YES: Reason("{day} 在规划实施期限 {plan_start} 至 {plan_end} 内（{phase}）",
                            "{day} is in the plan period {plan_start} to {plan_end} ({phase})"),
        Outcome.NO: Reason("{day} 不在规划实施期限 {plan_start} 至 {plan_end} 内，属于{phase}",
                           "{day} is outside the plan period {plan_start} to {plan_end}: "
                           "{phase}"),
    },
)


def plan_phase(day: dt.date, params: ParameterSet, on: dt.date) -> Finding:
    """TRN-02: YES when ``day`` is in the plan period; the values name its phase."""
    b = phase_bounds(params, on)
    values = {"day": day, "phase": b.phase(day), "plan_start": b.plan_start,
              "plan_end": b.plan_end}
    return PLAN_PHASE.finding(Outcome.YES if b.in_plan_period(day) else Outcome.NO, values,
                              b.used)


# --------------------------------------------------------------------------- TRN-01 no-removals

_NO_REMOVALS = Citation("Ch3 §1", "摘帽不摘责任 … 摘帽不摘政策 … 摘帽不摘帮扶 … 摘帽不摘监管")

NO_REMOVAL = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="TRN-01",
    reads=("effective_on", "id", "kind", "lifted", "subject", "subject_kind"),
    title_zh="“四个不摘”：拒绝在过渡期内从已摘帽地方撤出",
    title_en="The four no-removals: a withdrawal from a lifted place in the period is refused",
    citations=(_NO_REMOVALS,),
    parameters=("transition.plan_start", "transition.plan_end"),
    reasons={
        Outcome.YES: Reason(
            "拒绝：{subject_kind}“{place}”已摘帽，{effective} 在规划期 {plan_start} 至 "
            "{plan_end} 内，{kind}",
            "refused: {subject_kind} {place} is lifted out of poverty and {effective} is in the "
            "plan period {plan_start} to {plan_end}; {kind} (lifting does not remove it)"),
        Outcome.NO: Reason(
            "不拒绝：{subject_kind}“{place}”未摘帽，“四个不摘”不适用于该撤出",
            "not refused: {subject_kind} {place} was never lifted out of poverty; the four "
            "no-removals protect lifted places only"),
        Outcome.NOT_APPLICABLE: Reason(
            "不适用：撤出生效日 {effective} 不在规划期 {plan_start} 至 {plan_end} 内"
            "（{phase}），本规划的“四个不摘”不约束",
            "not applicable: the withdrawal takes effect on {effective}, outside the plan "
            "period {plan_start} to {plan_end} ({phase}); this plan's no-removals do not "
            "bind it"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断“{place}”是否已摘帽",
            "insufficient data: {missing} not assessed; cannot tell whether {place} is lifted"),
    },
)


def no_removal(w: Withdrawal, params: ParameterSet, on: dt.date) -> Finding:
    """TRN-01: YES (refused) when a lifted place would lose one of the four in the period."""
    b = phase_bounds(params, on)
    effective = w.effective_on if w.effective_on is not None else on
    values: Mapping[str, Any] = {
        "place": w.subject, "subject_kind": w.subject_kind, "kind": w.kind,
        "effective": effective, "plan_start": b.plan_start, "plan_end": b.plan_end,
        "phase": b.phase(effective),
    }
    used = b.used[:2]
    if not b.in_plan_period(effective):
        return NO_REMOVAL.finding(Outcome.NOT_APPLICABLE, values, used, subject=w.id)
    if w.lifted is None:
        return NO_REMOVAL.finding(Outcome.INSUFFICIENT_DATA, values, used, ("lifted",),
                                  subject=w.id)
    return NO_REMOVAL.finding(Outcome.YES if w.lifted else Outcome.NO, values, used,
                              subject=w.id)


class WithdrawalRefusedError(RevitalizeError, PermissionError):
    """A withdrawal refused by the four no-removals (TRN-01); ``finding`` explains it."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        cites = "; ".join(c.render("en") for c in finding.spec.citations)
        super().__init__(f"{finding.spec.id} withdrawal {finding.subject!r}: "
                         f"{finding.reason('en')}; per {cites}")


def enforce_no_removals(w: Withdrawal, params: ParameterSet, on: dt.date) -> Finding:
    """Evaluate TRN-01 and raise :class:`WithdrawalRefusedError` when it refuses ``w``.

    Returns the finding otherwise (NO, NOT_APPLICABLE or INSUFFICIENT_DATA: a
    caller that needs certainty must check for INSUFFICIENT_DATA itself).
    """
    f = no_removal(w, params, on)
    if f.outcome is Outcome.YES:
        raise WithdrawalRefusedError(f)
    return f


# --------------------------------------------------------------------------- TRN-03 dispositions

POLICY_DISPOSITION = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="TRN-03",
    reads=("disposition", "id", "name"),
    title_zh="政策有过渡期处置（延续、优化或调整）",
    title_en="The policy carries a transition disposition (continue, optimise or adjust)",
    citations=(Citation("Ch3 §1", "现有帮扶政策该延续的延续、该优化的优化、该调整的调整"),),
    reasons={
        Outcome.YES: Reason("政策“{policy}”的处置为{disposition}",
                            "policy {policy} is to {disposition}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：政策“{policy}”尚无处置（{missing}），应明确延续、优化或调整",
            "insufficient data: policy {policy} has no disposition ({missing}); decide "
            "continue, optimise or adjust"),
    },
)


def policy_disposition(policy: Policy, params: ParameterSet, on: dt.date) -> Finding:
    """TRN-03: YES when the policy carries a disposition."""
    values = {"policy": policy.name, "disposition": policy.disposition}
    if policy.disposition is None:
        return POLICY_DISPOSITION.insufficient("disposition", subject=policy.id, values=values)
    return POLICY_DISPOSITION.finding(Outcome.YES, values, subject=policy.id)


def policies_by_disposition(
    policies: Iterable[Policy],
) -> Mapping[Disposition | None, tuple[Policy, ...]]:
    """Policies grouped by disposition, in input order; key None holds the undecided (TRN-03).

    Every disposition is a key, even with no policy.
    """
    groups: dict[Disposition | None, list[Policy]] = {d: [] for d in Disposition}
    groups[None] = []
    for p in policies:
        groups[p.disposition].append(p)
    return {k: tuple(v) for k, v in groups.items()}


# --------------------------------------------------------------------------- TRN-04 direction


@attrs.frozen
class PolicyDirection:
    """What the plan says to do with a type of policy, and where it says it (TRN-04)."""

    disposition: Disposition
    action_zh: str
    action_en: str
    citation: Citation


_DIRECTIONS: tuple[tuple[PolicyType, PolicyDirection], ...] = (
    (PolicyType.SAFETY_NET_RELIEF, PolicyDirection(
        Disposition.CONTINUE, "继续稳定", "keep stable",
        Citation("Ch3 §3", "继续稳定兜底救助类政策"))),
    (PolicyType.UNIVERSAL_LIVELIHOOD, PolicyDirection(
        Disposition.CONTINUE, "落实好", "implement",
        Citation("Ch3 §3", "落实好民生保障普惠性政策"))),
    (PolicyType.DEVELOPMENT, PolicyDirection(
        Disposition.OPTIMISE, "优化", "optimise",
        Citation("Ch3 §3", "优化产业就业等发展类政策"))),
    (PolicyType.FINANCIAL_ASSISTANCE, PolicyDirection(
        Disposition.CONTINUE, "保持总体稳定", "keep generally stable",
        Citation("Ch3 §3", "巩固期内，保持主要金融帮扶政策总体稳定"))),
    (PolicyType.POOR_VILLAGE_FISCAL_SUPPORT, PolicyDirection(
        Disposition.CONTINUE, "维持一段时间", "maintain for a time",
        Citation("Ch3 §3", "将脱贫攻坚期内给予贫困村强化财政保障能力的政策维持一段时间"))),
    (PolicyType.EXTRAORDINARY_MEDICAL, PolicyDirection(
        Disposition.ADJUST, "分阶段、分对象、分类别调整", "adjust by stage, target and category",
        Citation("Ch4 §3", "积极争取分阶段、分对象、分类别调整脱贫攻坚期超常规保障措施"))),
)

_DIRECTION_CITATION = Citation(
    "Ch3 §3, Ch4 §3",
    "继续稳定兜底救助类政策，落实好民生保障普惠性政策，优化产业就业等发展类政策 … "
    "积极争取分阶段、分对象、分类别调整脱贫攻坚期超常规保障措施",
)

#: TRN-04: policy type → direction (one row per type; ``unique`` hit policy).
POLICY_DIRECTIONS: DecisionTable[PolicyDirection] = DecisionTable(
    id="TRN-04.directions",
    title_zh="政策类别与过渡期处置",
    title_en="Policy type and transition disposition",
    hit_policy=HitPolicy.UNIQUE,
    columns=(Column.enum("policy_type", PolicyType),),
    rows=tuple(Row(f"TRN-04/{t.value}", {"policy_type": one_of(t)}, d) for t, d in _DIRECTIONS),
    citations=(_DIRECTION_CITATION,),
)

POLICY_DIRECTION = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="TRN-04",
    reads=("disposition", "id", "name", "policy_type"),
    tables=("TRN-04.directions",),
    title_zh="政策处置符合其类别的方向",
    title_en="The policy's disposition follows the direction for its type",
    citations=(_DIRECTION_CITATION,),
    reasons={
        Outcome.YES: Reason("政策“{policy}”属{policy_type}，处置{disposition}，符合“{action}”",
                            "policy {policy} is a {policy_type} policy; {disposition} "
                            "follows \"{action_en}\""),
        Outcome.NO: Reason("政策“{policy}”属{policy_type}，处置为{disposition}，"
                           "规划要求{expected}（“{action}”）",
                           "policy {policy} is a {policy_type} policy; its disposition is "
                           "{disposition} but the plan says {expected} (\"{action_en}\")"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：政策“{policy}”尚无处置（{missing}）；按其类别应为{expected}",
            "insufficient data: policy {policy} has no disposition ({missing}); its type "
            "calls for {expected}"),
    },
)


def policy_direction(policy: Policy, params: ParameterSet, on: dt.date) -> Finding:
    """TRN-04: YES when the policy's disposition is the one its type calls for."""
    (direction,) = POLICY_DIRECTIONS.evaluate({"policy_type": policy.policy_type})
    values = {"policy": policy.name, "policy_type": policy.policy_type,
              "disposition": policy.disposition, "expected": direction.disposition,
              "action": direction.action_zh, "action_en": direction.action_en}
    if policy.disposition is None:
        return POLICY_DIRECTION.insufficient("disposition", subject=policy.id, values=values)
    ok = policy.disposition is direction.disposition
    return POLICY_DIRECTION.finding(Outcome.YES if ok else Outcome.NO, values,
                                    subject=policy.id)


# --------------------------------------------------------------------------- TRN-05 fund name

_FUND_RENAMING = Citation(
    "Ch13 §2", "巩固期内，原财政专项扶贫资金相应调整为衔接推进乡村振兴补助资金")


def fund_name_in_force(params: ParameterSet, on: dt.date) -> tuple[FiscalFundName,
                                                                    tuple[ParameterValue, ...]]:
    """The fiscal fund's name on ``on`` and the parameter values it depends on (TRN-05).

    Before the consolidation period: 财政专项扶贫资金; in it: 衔接推进乡村振兴补助资金;
    after it: ``transition.fund_name_after_period`` (an assumption: the plan is silent).

    >>> from revitalize.policy.parameters import default_parameters
    >>> fund_name_in_force(default_parameters(), dt.date(2020, 12, 31))[0].label_zh
    '财政专项扶贫资金'
    >>> fund_name_in_force(default_parameters(), dt.date(2021, 1, 1))[0].label_zh
    '衔接推进乡村振兴补助资金'
    """
    b = phase_bounds(params, on)
    phase = b.phase(on)
    if phase is Phase.CAMPAIGN:
        return FiscalFundName.SPECIAL_POVERTY_ALLEVIATION, b.used[:2]
    if phase is Phase.CONSOLIDATION:
        return FiscalFundName.LINKAGE, b.used[:2]
    after = params.get("transition.fund_name_after_period", on)
    return FiscalFundName.parse(params.choice(after.name, on)), (*b.used[:2], after)


FUND_NAME = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="TRN-05",
    reads=("fund_name", "id"),
    title_zh="资金名称与日期相符",
    title_en="The fund is named as on its date",
    citations=(_FUND_RENAMING,),
    parameters=("transition.plan_start", "transition.plan_end",
                "transition.fund_name_after_period"),
    reasons={
        Outcome.YES: Reason("{on} 资金名称为“{expected}”，记录相符",
                            "on {on} the fund is the {expected}; the record agrees"),
        Outcome.NO: Reason("{on} 资金名称应为“{expected}”，记录为“{recorded}”",
                           "on {on} the fund is the {expected}, but the record says "
                           "{recorded}"),
    },
)


def fund_name(allocation: FundAllocation, params: ParameterSet, on: dt.date) -> Finding:
    """TRN-05: YES when the allocation uses the fund name in force on ``on``."""
    expected, used = fund_name_in_force(params, on)
    values = {"on": on, "expected": expected, "recorded": allocation.fund_name}
    ok = allocation.fund_name is expected
    return FUND_NAME.finding(Outcome.YES if ok else Outcome.NO, values, used,
                             subject=allocation.id)


RULES: tuple[Rule[Any], ...] = (
    Rule(NO_REMOVAL, no_removal),
    Rule(PLAN_PHASE, plan_phase),
    Rule(POLICY_DISPOSITION, policy_disposition),
    Rule(POLICY_DIRECTION, policy_direction),
    Rule(FUND_NAME, fund_name),
)
TABLES: tuple[DecisionTable[Any], ...] = (POLICY_DIRECTIONS,)
CITATIONS: tuple[tuple[str, Citation], ...] = (
    *((f"TRN-04/{t.value}", d.citation) for t, d in _DIRECTIONS),
    ("TRN-02", Citation("Ch2 §3", "到2035年，乡村振兴取得决定性进展")),
)
