"""Transition-period inputs: phases, the four no-removals, policies and fund names (Ch3, Ch13).

- :class:`Phase`: the phases of the plan's timeline (TRN-02);
- :class:`NoRemovalKind` and :class:`Withdrawal`: a proposed withdrawal of
  responsibility, policy, assistance or supervision from a place (TRN-01);
- :class:`Disposition`, :class:`PolicyType` and :class:`Policy`: each policy's
  transition disposition and type (TRN-03, TRN-04);
- :class:`FiscalFundName` and :class:`FundAllocation`: the name of the fiscal
  fund, which changes in the consolidation period (TRN-05).
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import LabelledEnum
from ._fields import (
    Identifier,
    Money,
    Name,
    enum_member,
    identifier,
    iso_date,
    money,
    name,
    optional,
    strict_bool,
)

__all__ = [
    "Disposition",
    "FiscalFundName",
    "FundAllocation",
    "NoRemovalKind",
    "Phase",
    "Policy",
    "PolicyType",
    "SubjectKind",
    "Withdrawal",
]


class Phase(LabelledEnum):
    """A phase of the plan's timeline (TRN-02: 五年巩固、十年进步、十五年基本实现农业农村现代化).

    Members are declared in calendar order; :attr:`order` compares them.
    """

    #: Before the plan period: the poverty-alleviation campaign period (脱贫攻坚期).
    CAMPAIGN = "campaign", "脱贫攻坚期"
    #: 2021-2025, the plan period: five years of consolidation (五年巩固).
    CONSOLIDATION = "consolidation", "五年巩固"
    #: 2026-2030: ten years of progress (十年进步).
    PROGRESS = "progress", "十年进步"
    #: 2031-2035: fifteen years to basic modernisation (十五年基本实现农业农村现代化).
    MODERNISATION = "modernisation", "十五年基本实现农业农村现代化"
    #: After 2035: beyond the plan's outlook (展望至2035年).
    BEYOND_OUTLOOK = "beyond_outlook", "2035年以后"

    @property
    def order(self) -> int:
        """The position of the phase in calendar order (0 = campaign period)."""
        return list(type(self)).index(self)


class NoRemovalKind(LabelledEnum):
    """What lifting a place out of poverty does not remove (TRN-01: 四个不摘)."""

    RESPONSIBILITY = "responsibility", "摘帽不摘责任"
    POLICY = "policy", "摘帽不摘政策"
    ASSISTANCE = "assistance", "摘帽不摘帮扶"
    SUPERVISION = "supervision", "摘帽不摘监管"


class SubjectKind(LabelledEnum):
    """What a withdrawal is proposed from (区 — 镇 — 村, or a household)."""

    TOWN = "town", "镇"
    VILLAGE = "village", "村"
    HOUSEHOLD = "household", "户"


@attrs.frozen
class Withdrawal:
    """A proposal to withdraw responsibility, policy, assistance or supervision (TRN-01).

    ``lifted`` says whether the place (or household) has been lifted out of
    poverty (None = not assessed); a place registry can supply it.
    ``effective_on`` is the day the withdrawal would take effect (None: the
    evaluation date).
    """

    id: Identifier = attrs.field(validator=identifier)
    subject: Name = attrs.field(validator=name)
    subject_kind: SubjectKind = attrs.field(validator=enum_member(SubjectKind))
    kind: NoRemovalKind = attrs.field(validator=enum_member(NoRemovalKind))
    lifted: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    effective_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))


class Disposition(LabelledEnum):
    """A policy's transition disposition (TRN-03: 该延续的延续、该优化的优化、该调整的调整)."""

    CONTINUE = "continue", "延续"
    OPTIMISE = "optimise", "优化"
    ADJUST = "adjust", "调整"


class PolicyType(LabelledEnum):
    """The policy types the plan gives a direction for (TRN-04, Ch3 §3, Ch4 §3)."""

    SAFETY_NET_RELIEF = "safety_net_relief", "兜底救助类政策"
    UNIVERSAL_LIVELIHOOD = "universal_livelihood", "民生保障普惠性政策"
    DEVELOPMENT = "development", "产业就业等发展类政策"
    FINANCIAL_ASSISTANCE = "financial_assistance", "金融帮扶政策"
    POOR_VILLAGE_FISCAL_SUPPORT = "poor_village_fiscal_support", "给予贫困村强化财政保障能力的政策"
    EXTRAORDINARY_MEDICAL = "extraordinary_medical", "脱贫攻坚期超常规保障措施"


@attrs.frozen
class Policy:
    """An assistance policy with its type and, once decided, its disposition (TRN-03)."""

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=name)
    policy_type: PolicyType = attrs.field(validator=enum_member(PolicyType))
    disposition: Disposition | None = attrs.field(
        default=None, validator=optional(enum_member(Disposition))
    )


class FiscalFundName(LabelledEnum):
    """The name of the fiscal assistance fund, which depends on the date (TRN-05)."""

    SPECIAL_POVERTY_ALLEVIATION = "special_poverty_alleviation", "财政专项扶贫资金"
    LINKAGE = "linkage", "衔接推进乡村振兴补助资金"


@attrs.frozen
class FundAllocation:
    """An allocation recorded under a fiscal fund name (TRN-05)."""

    id: Identifier = attrs.field(validator=identifier)
    fund_name: FiscalFundName = attrs.field(validator=enum_member(FiscalFundName))
    amount: Money | None = attrs.field(default=None, validator=optional(money))

