"""IND-01..06: featured industries and benefit linkage (Ch6) as rules and pure functions.

- IND-01 dividend forms as pure functions (:func:`fixed_dividends`,
  :func:`guaranteed_minimum_dividends`, :func:`performance_dividends`,
  :func:`in_kind_dividends`, and :func:`settle_dividends` for a linkage
  record's mixed terms). Guaranteed-minimum households get
  ``max(floor, their share of the profit pool)``; when what is owed exceeds
  the profit, the operator's shortfall is reported and the households still
  get their floors. Parts are allocated to the fen and sum exactly. The rule
  IND-01 is information: it settles the dividends and reports the shortfall.
  The plan does not say that the profit must cover the dividends (a
  guaranteed dividend exists precisely to be paid when the profit is short):
  that check is IND-01.profit, an opt-in *reading*
  (``industry.dividend_profit_check = "profit_covers_dividends"``; by default
  ``"plan"``, and the check does not apply).
- IND-02 the linkage rule: a typed form that includes lifted households.
- IND-03 the leading-enterprise predicate (criteria are assumption parameters).
- IND-04 the featured industries and their towns, and priority for
  乡村振兴重点帮扶镇 in modern agricultural park applications (Ch6 §1). Which
  list that term means is the plan's own conflict (PLAN-01 (1)): the parameter
  ``places.key_support_town_list`` (the places area's) takes Box 1's list,
  published under the same term (青年镇、丛林镇、黑山镇), by default, or Ch11
  §2's key-support class (青年镇、丛林镇) as the alternative reading; both are
  read from the place registry.
- IND-05 the six institutions of a village collective economic organisation.
- IND-06 the unsold-produce warning (thresholds are assumption parameters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..citations import Citation
from ..errors import InvalidInputError
from ..models.assets import (
    DividendForm,
    DividendTerms,
    FeaturedIndustry,
    Institution,
    LeadingEnterprise,
    LinkageRecord,
    ParkApplication,
    ProduceRecord,
    VillageCollective,
)
from ..models.places import PlaceRegistry, wansheng_registry
from ..money import CONTEXT, FEN, ZERO, to_fen
from . import places
from .allocation import allocate, fen_units
from .assets import Listed
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "DIVIDENDS",
    "DIVIDENDS_PROFIT",
    "FEATURED_INDUSTRY_TOWNS",
    "INSTITUTIONS",
    "LEADING_ENTERPRISE",
    "LINKAGE",
    "PARK_PRIORITY",
    "PROFIT_COVERS_DIVIDENDS",
    "RULES",
    "TABLES",
    "UNSOLD_PRODUCE",
    "DividendPayout",
    "LinkageSettlement",
    "dividends_profit_rule",
    "dividends_rule",
    "fixed_dividends",
    "guaranteed_minimum_dividends",
    "in_kind_dividends",
    "institutions_rule",
    "key_support_towns",
    "leading_enterprise_rule",
    "linkage_rule",
    "park_priority",
    "park_priority_rule",
    "performance_dividends",
    "settle_dividends",
    "unsold_produce_rule",
]

_C_DIVIDEND = Citation("Ch6 §2", "探索完善固定分红、保底分红、效益分红、实物分红等分配方式，"
                                  "保障集体经济组织成员获得合理收益")
_C_LINKAGE_DIVIDEND = Citation("Ch6 §2", "通过保底分红、股份合作、利润返还等多种形式，"
                                         "让脱贫群众进一步合理分享全产业链增值收益")
_C_LINKAGE = Citation("Ch6 §2", "通过保底分红、股份合作、利润返还等多种形式，"
                                "让脱贫群众进一步合理分享全产业链增值收益")
_C_TIES = Citation("Ch6 §2", "支持脱贫人口以产权、资金、劳力、技术等为纽带")
_C_LEADING = Citation("Ch6 §2", "继续对带动脱贫人口稳定增收的龙头企业给予认定扶持")
_C_FEATURED = Citation("Ch6 §1", "做好丛林镇食用菌、黑山镇猕猴桃等特色产业规划 … "
                                 "着力推动食用菌、猕猴桃、茶叶、笋竹、特色水果、生态渔业等特色产业发展")
_C_PARK = Citation("Ch6 §1", "优先支持乡村振兴重点帮扶镇创建现代农业产业园")
_C_CH11 = Citation("Ch11 §2", "青年镇、丛林镇为“重点帮扶类”")
_C_BOX1 = Citation("Box 1", "乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇")
_C_INSTITUTIONS = Citation("Ch6 §2", "建立健全民主决策、经营管理、收益分配、风险防范、资产监管、"
                                     "财务监管等制度")
_C_UNSOLD = Citation("Ch6 §3", "建立完善农副产品滞销监测预警机制")

#: IND-04: the towns the plan names for a featured industry (丛林: edible fungi; 黑山: kiwifruit).
FEATURED_INDUSTRY_TOWNS: Final[Mapping[FeaturedIndustry, tuple[str, ...]]] = MappingProxyType({
    FeaturedIndustry.EDIBLE_FUNGI: ("丛林镇",),
    FeaturedIndustry.KIWIFRUIT: ("黑山镇",),
    FeaturedIndustry.TEA: (),
    FeaturedIndustry.BAMBOO_SHOOTS: (),
    FeaturedIndustry.SPECIALTY_FRUIT: (),
    FeaturedIndustry.ECO_FISHERY: (),
})


# --------------------------------------------------------------------------- IND-01


@attrs.frozen
class DividendPayout:
    """What each household receives, what the operator owes in all and its shortfall.

    ``parts`` maps household ids to yuan (to the fen); ``total`` is their sum;
    ``shortfall`` is how much ``total`` exceeds the operator's profit (0 when
    the profit covers it); ``topped_up`` is what guaranteed floors added above
    the households' profit shares.
    """

    parts: Mapping[str, Decimal]
    total: Decimal
    shortfall: Decimal
    topped_up: Decimal = ZERO


def _total(values: Sequence[Decimal] | Any) -> Decimal:
    out = ZERO
    for v in values:
        out = CONTEXT.add(out, v)
    return out


def _payout(parts: dict[str, Decimal], profit: Decimal | None,
            topped_up: Decimal = ZERO) -> DividendPayout:
    total = _total(parts.values())
    shortfall = ZERO if profit is None else max(ZERO, CONTEXT.subtract(total, max(profit, ZERO)))
    return DividendPayout(MappingProxyType(parts), total, shortfall, topped_up)


def _pool(profit: Decimal, rate: Decimal) -> Decimal:
    """The profit pool: ``max(profit, 0) × rate`` rounded down to the fen."""
    if rate < 0:
        raise InvalidInputError.one("$.rate", f"expected a rate of 0 or more, got {rate}")
    raw = CONTEXT.multiply(max(profit, ZERO), rate)
    return CONTEXT.multiply(CONTEXT.divide_int(raw, FEN), FEN)


def fixed_dividends(amounts: Mapping[str, Decimal],
                    profit: Decimal | None = None) -> DividendPayout:
    """IND-01 固定分红: each household gets its fixed amount whatever the profit.

    >>> p = fixed_dividends({"H1": Decimal("500"), "H2": Decimal("500")}, profit=Decimal("800"))
    >>> p.total, p.shortfall
    (Decimal('1000.00'), Decimal('200.00'))
    """
    parts = {k: to_fen(v) for k, v in amounts.items()}
    for k, v in parts.items():
        fen_units(v, f"$.amounts[{k!r}]")
    return _payout(parts, profit)


def performance_dividends(profit: Decimal, rate: Decimal,
                          weights: Mapping[str, Decimal]) -> DividendPayout:
    """IND-01 效益分红: ``rate`` of the profit (none on a loss), shared by ``weights``.

    >>> p = performance_dividends(Decimal("1000"), Decimal("0.3"),
    ...                           {"H1": Decimal(1), "H2": Decimal(2)})
    >>> dict(p.parts)
    {'H1': Decimal('100.00'), 'H2': Decimal('200.00')}
    """
    pool = _pool(profit, rate)
    return _payout(allocate(pool, weights), profit)


def guaranteed_minimum_dividends(profit: Decimal, rate: Decimal, floors: Mapping[str, Decimal],
                                 weights: Mapping[str, Decimal] | None = None) -> DividendPayout:
    """IND-01 保底分红: each household gets ``max(floor, its share of rate × profit)``.

    The pool is shared by ``weights`` (default: equal). When the payout
    exceeds the profit, ``shortfall`` says by how much; the floors are paid
    regardless.

    >>> p = guaranteed_minimum_dividends(Decimal("100"), Decimal("0.5"),
    ...                                  {"H1": Decimal("80"), "H2": Decimal("10")})
    >>> dict(p.parts), p.shortfall, p.topped_up
    ({'H1': Decimal('80.00'), 'H2': Decimal('25.00')}, Decimal('5.00'), Decimal('55.00'))
    """
    w = weights if weights is not None else {k: Decimal(1) for k in floors}
    if set(w) != set(floors):
        raise InvalidInputError.one("$.weights", "expected a weight for every household "
                                                 "with a floor, and no others")
    shares = allocate(_pool(profit, rate), {k: w[k] for k in floors})
    parts: dict[str, Decimal] = {}
    topped = ZERO
    for k, floor in floors.items():
        f = to_fen(floor)
        fen_units(f, f"$.floors[{k!r}]")
        parts[k] = max(f, shares[k])
        topped = CONTEXT.add(topped, CONTEXT.subtract(parts[k], shares[k]))
    return _payout(parts, profit, topped)


def in_kind_dividends(goods: Mapping[str, Decimal], unit_value: Decimal,
                      profit: Decimal | None = None) -> DividendPayout:
    """IND-01 实物分红: each household's quantity of goods valued at ``unit_value``, to the fen.

    >>> in_kind_dividends({"H1": Decimal("12.5")}, Decimal("8.8")).parts["H1"]
    Decimal('110.00')
    """
    parts = {k: to_fen(CONTEXT.multiply(q, unit_value)) for k, q in goods.items()}
    for k, v in parts.items():
        fen_units(v, f"$.goods[{k!r}]")
    return _payout(parts, profit)


def settle_dividends(terms: Sequence[DividendTerms], profit: Decimal,
                     rate: Decimal) -> DividendPayout:
    """IND-01: settle mixed dividend terms against the operator's ``profit``.

    Performance and guaranteed-minimum households share ``rate × profit`` by
    their weights; fixed and in-kind households get their amounts. Missing
    term values raise :class:`InvalidInputError` naming the household.
    """
    problems: list[str] = []
    weights: dict[str, Decimal] = {}
    for t in terms:
        if t.form in (DividendForm.PERFORMANCE, DividendForm.GUARANTEED_MINIMUM):
            if t.weight is None:
                problems.append(f"$.dividends[{t.household!r}].weight")
            else:
                weights[t.household] = t.weight
        need = {DividendForm.FIXED: ("amount",), DividendForm.GUARANTEED_MINIMUM: ("amount",),
                DividendForm.IN_KIND: ("quantity", "unit_value")}.get(t.form, ())
        problems.extend(f"$.dividends[{t.household!r}].{f}" for f in need
                        if getattr(t, f) is None)
    if problems:
        raise InvalidInputError.one(problems[0], f"needed by the dividend form; also missing: "
                                                 f"{', '.join(problems[1:]) or 'nothing else'}")
    shares = (allocate(_pool(profit, rate), weights) if weights and any(weights.values())
              else dict.fromkeys(weights, to_fen(ZERO)))
    parts: dict[str, Decimal] = {}
    topped = ZERO
    for t in terms:
        if t.form is DividendForm.FIXED:
            assert t.amount is not None
            parts[t.household] = to_fen(t.amount)
        elif t.form is DividendForm.PERFORMANCE:
            parts[t.household] = shares[t.household]
        elif t.form is DividendForm.GUARANTEED_MINIMUM:
            assert t.amount is not None
            parts[t.household] = max(to_fen(t.amount), shares[t.household])
            topped = CONTEXT.add(topped, CONTEXT.subtract(parts[t.household],
                                                          shares[t.household]))
        else:
            assert t.quantity is not None and t.unit_value is not None
            parts[t.household] = to_fen(CONTEXT.multiply(t.quantity, t.unit_value))
    return _payout(parts, profit, topped)


@attrs.frozen
class LinkageSettlement:
    """IND-01's subject: a linkage record with the year's profit and the profit-sharing rate."""

    linkage: LinkageRecord
    profit: Decimal | None
    rate: Decimal | None


DIVIDENDS = RuleSpec(
    id="IND-01",
    reads=("linkage.dividends[].amount", "linkage.dividends[].form",
           "linkage.dividends[].household", "linkage.dividends[].weight", "linkage.id", "profit",
           "rate"),
    title_zh="按约定分配方式结算分红",
    title_en="Dividends settled by the agreed distribution forms",
    citations=(_C_DIVIDEND, _C_LINKAGE_DIVIDEND),
    reasons={
        Outcome.YES: Reason(
            "分红合计 {total:yuan} 元（分配方式：{forms}；保底补足 {topped_up:yuan} 元）；"
            "经营主体利润 {profit:yuan} 元，超出利润 {shortfall:yuan} 元",
            "dividends {total:yuan} yuan (forms: {forms}; floors added {topped_up:yuan} "
            "yuan); the operator's profit is {profit:yuan} yuan, the dividends exceed it by "
            "{shortfall:yuan} yuan"),
    },
    polarity=Polarity.INFO,
)

#: The reading of ``industry.dividend_profit_check`` under which IND-01.profit applies.
PROFIT_COVERS_DIVIDENDS: Final = "profit_covers_dividends"

DIVIDENDS_PROFIT = RuleSpec(
    id="IND-01.profit",
    reads=("linkage.dividends[].amount", "linkage.dividends[].form",
           "linkage.dividends[].household", "linkage.dividends[].weight", "linkage.id", "profit",
           "rate"),
    title_zh="经营主体利润足以支付约定分红（解读，非规划要求）",
    title_en="The operator's profit covers the agreed dividends (a reading, not the plan)",
    citations=(_C_INSTITUTIONS,),
    parameters=("industry.dividend_profit_check",),
    reasons={
        Outcome.YES: Reason(
            "利润 {profit:yuan} 元，分红合计 {total:yuan} 元（分配方式：{forms}）；"
            "按解读 industry.dividend_profit_check = {check}，利润足以支付",
            "profit {profit:yuan} yuan, dividends {total:yuan} yuan (forms: {forms}); under "
            "the reading industry.dividend_profit_check = {check} the profit covers them"),
        Outcome.NO: Reason(
            "利润 {profit:yuan} 元，分红合计 {total:yuan} 元（分配方式：{forms}；保底补足 "
            "{topped_up:yuan} 元）；按解读 industry.dividend_profit_check = {check}，经营主体缺口 "
            "{shortfall:yuan} 元（农户仍按约定领取）",
            "profit {profit:yuan} yuan, dividends {total:yuan} yuan (forms: {forms}; floors "
            "added {topped_up:yuan} yuan); under the reading industry.dividend_profit_check = "
            "{check} the operator is short by {shortfall:yuan} yuan (the households are still "
            "paid as agreed)"),
        Outcome.NOT_APPLICABLE: Reason(
            "未检查：规划未要求分红不超过利润（保底分红正是在利润不足时兑付）；"
            "参数 industry.dividend_profit_check = {check}",
            "not checked: the plan does not require dividends within the profit (a guaranteed "
            "dividend is paid precisely when the profit is short); parameter "
            "industry.dividend_profit_check = {check}"),
    },
    polarity=Polarity.YES_IS_OK,
)


def _settle(subject: LinkageSettlement) -> tuple[DividendPayout | None, dict[str, object],
                                                 tuple[str, ...]]:
    """``(payout, values, ())``, or ``(None, {}, missing fields)``."""
    missing = tuple(m for m, absent in (("profit", subject.profit is None),
                                        ("rate", subject.rate is None),
                                        ("linkage.dividends", not subject.linkage.dividends))
                    if absent)
    if missing:
        return None, {}, missing
    assert subject.profit is not None and subject.rate is not None
    payout = settle_dividends(subject.linkage.dividends, subject.profit, subject.rate)
    forms = tuple(dict.fromkeys(t.form for t in subject.linkage.dividends))
    return payout, {"profit": subject.profit, "total": payout.total,
                    "shortfall": payout.shortfall, "topped_up": payout.topped_up,
                    "forms": forms}, ()


def dividends_rule(subject: LinkageSettlement, params: ParameterSet, on: dt.date) -> Finding:
    """IND-01: the dividends settled by their forms (information; the shortfall, the part the
    operator pays beyond its profit, is reported, not refused)."""
    payout, values, missing = _settle(subject)
    if payout is None:
        return DIVIDENDS.insufficient(*missing, subject=subject.linkage.id)
    return DIVIDENDS.finding(Outcome.YES, values, subject=subject.linkage.id)


def dividends_profit_rule(subject: LinkageSettlement, params: ParameterSet,
                          on: dt.date) -> Finding:
    """IND-01.profit: under the opt-in reading ``profit_covers_dividends`` of
    ``industry.dividend_profit_check``, NO when the dividends owed exceed the profit;
    NOT_APPLICABLE under the plan's own reading (``plan``, the default)."""
    check = params.get("industry.dividend_profit_check", on)
    values: dict[str, object] = {"check": check.value}
    if check.value != PROFIT_COVERS_DIVIDENDS:
        return DIVIDENDS_PROFIT.finding(Outcome.NOT_APPLICABLE, values, (check,),
                                        subject=subject.linkage.id)
    payout, found, missing = _settle(subject)
    if payout is None:
        return DIVIDENDS_PROFIT.finding(Outcome.INSUFFICIENT_DATA, values, (check,), missing,
                                        subject.linkage.id)
    return DIVIDENDS_PROFIT.finding(Outcome.NO if payout.shortfall > 0 else Outcome.YES,
                                    {**found, **values}, (check,), subject=subject.linkage.id)


# --------------------------------------------------------------------------- IND-02

LINKAGE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="IND-02",
    reads=("form", "id", "lifted_households", "operator_type", "ties"),
    title_zh="利益联结形式明确并带动脱贫户",
    title_en="The linkage has a typed form and includes lifted households",
    citations=(_C_LINKAGE, _C_TIES),
    reasons={
        Outcome.YES: Reason("{operator_type}以{form}联结脱贫户 {lifted} 户（纽带：{ties}）",
                            "{operator_type} links {lifted} lifted household(s) by {form} "
                            "(ties: {ties})"),
        Outcome.NO: Reason("{operator_type}以{form}联结，但未带动脱贫户（{lifted} 户）",
                           "{operator_type} links by {form} but includes no lifted household "
                           "({lifted})"),
    },
)


def linkage_rule(record: LinkageRecord, params: ParameterSet, on: dt.date) -> Finding:
    """IND-02: YES when the linkage includes at least one lifted household."""
    values = {"operator_type": record.operator_type, "form": record.form,
              "ties": record.ties or Listed.NONE, "lifted": record.lifted_households}
    if record.lifted_households is None:
        return LINKAGE.insufficient("lifted_households", subject=record.id, values=values)
    outcome = Outcome.YES if record.lifted_households > 0 else Outcome.NO
    return LINKAGE.finding(outcome, values, subject=record.id)


# --------------------------------------------------------------------------- IND-03

LEADING_ENTERPRISE = RuleSpec(
    polarity=Polarity.INFO,
    id="IND-03",
    reads=("id", "income_growth_years", "lifted_people_driven"),
    title_zh="符合带动脱贫人口稳定增收的龙头企业认定扶持条件",
    title_en="The enterprise qualifies for leading-enterprise support (drives stable income "
             "growth of lifted people)",
    citations=(_C_LEADING,),
    parameters=("industry.leading_min_lifted_people", "industry.leading_min_growth_years"),
    reasons={
        Outcome.YES: Reason("带动脱贫人口 {people} 人（不少于 {min_people} 人），收入连续增长 "
                            "{years} 年（不少于 {min_years} 年）",
                            "drives {people} lifted people (at least {min_people}), income grew "
                            "{years} years in a row (at least {min_years})"),
        Outcome.NO: Reason("带动脱贫人口 {people} 人（需不少于 {min_people} 人），收入连续增长 "
                           "{years} 年（需不少于 {min_years} 年），不符合认定条件",
                           "drives {people} lifted people (needs {min_people}), income grew "
                           "{years} years in a row (needs {min_years}): does not qualify"),
    },
)


def leading_enterprise_rule(e: LeadingEnterprise, params: ParameterSet, on: dt.date) -> Finding:
    """IND-03: YES when both criteria (assumption parameters) are met."""
    people_v = params.get("industry.leading_min_lifted_people", on)
    years_v = params.get("industry.leading_min_growth_years", on)
    min_people = params.integer("industry.leading_min_lifted_people", on)
    min_years = params.integer("industry.leading_min_growth_years", on)
    values = {"people": e.lifted_people_driven, "years": e.income_growth_years,
              "min_people": min_people, "min_years": min_years}
    missing = tuple(m for m, v in (("lifted_people_driven", e.lifted_people_driven),
                                   ("income_growth_years", e.income_growth_years)) if v is None)
    if missing:
        return Finding(LEADING_ENTERPRISE, Outcome.INSUFFICIENT_DATA, values,
                       (people_v, years_v), missing, e.id)
    assert e.lifted_people_driven is not None and e.income_growth_years is not None
    ok = e.lifted_people_driven >= min_people and e.income_growth_years >= min_years
    return Finding(LEADING_ENTERPRISE, Outcome.YES if ok else Outcome.NO, values,
                   (people_v, years_v), (), e.id)


# --------------------------------------------------------------------------- IND-04


def key_support_towns(params: ParameterSet, on: dt.date,
                      registry: PlaceRegistry | None = None) -> tuple[str, ...]:
    """IND-04: the names of the key-support towns on ``on`` (PLAN-01's choice).

    The parameter ``places.key_support_town_list`` (the places area's) picks
    Box 1's list (default) or Ch11 §2's key-support class.

    >>> from revitalize.policy.parameters import default_parameters
    >>> sorted(key_support_towns(default_parameters(), dt.date(2023, 1, 1)))
    ['丛林镇', '青年镇', '黑山镇']
    """
    reg = registry if registry is not None else wansheng_registry()
    return tuple(t.name for t in places.key_support_towns(reg, params, on))


PARK_PRIORITY = RuleSpec(
    id="IND-04",
    reads=("id", "industry", "town"),
    title_zh="现代农业产业园创建申请享有重点帮扶镇优先支持",
    title_en="A modern agricultural park application gets key-support-town priority",
    citations=(_C_PARK, _C_BOX1, _C_FEATURED, _C_CH11),
    parameters=(places.KEY_SUPPORT_TOWN_LIST,),
    reasons={
        Outcome.YES: Reason("{town}属于乡村振兴重点帮扶镇（名单：{list}，{towns}），优先支持；"
                            "产业：{industry}（规划点名的镇：{named_towns}）",
                            "{town} is a key-support town (list: {list}, {towns}): priority; "
                            "industry: {industry} (towns the plan names: {named_towns})"),
        Outcome.NO: Reason("{town}不属于乡村振兴重点帮扶镇（名单：{list}，{towns}），不享有优先；"
                           "产业：{industry}（规划点名的镇：{named_towns}）",
                           "{town} is not a key-support town (list: {list}, {towns}): no "
                           "priority; industry: {industry} (towns the plan names: "
                           "{named_towns})"),
    },
    polarity=Polarity.INFO,
)


def park_priority(app: ParkApplication, params: ParameterSet, on: dt.date,
                  registry: PlaceRegistry | None = None) -> Finding:
    """IND-04: YES when the applying town is a key-support town (an unknown town raises)."""
    reg = registry if registry is not None else wansheng_registry()
    reg.town(app.town)
    choice = params.get(places.KEY_SUPPORT_TOWN_LIST, on)
    towns = key_support_towns(params, on, reg)
    named = FEATURED_INDUSTRY_TOWNS.get(app.industry, ()) if app.industry else ()
    values = {"town": app.town, "list": choice.value, "towns": towns,
              "industry": app.industry, "named_towns": named or Listed.NONE}
    return Finding(PARK_PRIORITY, Outcome.YES if app.town in towns else Outcome.NO, values,
                   (choice,), (), app.id)


def park_priority_rule(app: ParkApplication, params: ParameterSet, on: dt.date) -> Finding:
    """IND-04 with the plan's own place registry."""
    return park_priority(app, params, on)


# --------------------------------------------------------------------------- IND-05

INSTITUTIONS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="IND-05",
    reads=("id", "institutions", "town", "village"),
    title_zh="村集体经济组织建立健全六项制度",
    title_en="The village collective economic organisation has the six institutions",
    citations=(_C_INSTITUTIONS,),
    reasons={
        Outcome.YES: Reason("{village}：六项制度齐全", "{village}: all six institutions in place"),
        Outcome.NO: Reason("{village}：缺少 {absent}", "{village}: missing {absent}"),
    },
)


def institutions_rule(c: VillageCollective, params: ParameterSet, on: dt.date) -> Finding:
    """IND-05: NO listing the missing institutions."""
    values: dict[str, object] = {"village": f"{c.town}{c.village}"}
    if c.institutions is None:
        return INSTITUTIONS.insufficient("institutions", subject=c.id, values=values)
    absent = tuple(i for i in Institution if i not in c.institutions)
    values["absent"] = absent or Listed.NONE
    return INSTITUTIONS.finding(Outcome.NO if absent else Outcome.YES, values, subject=c.id)


# --------------------------------------------------------------------------- IND-06

UNSOLD_PRODUCE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="IND-06",
    reads=("id", "previous_sales", "product", "sales", "stock", "town"),
    title_zh="农副产品滞销预警",
    title_en="Unsold-produce warning",
    citations=(_C_UNSOLD,),
    parameters=("industry.unsold_stock_to_sales_ratio", "industry.unsold_sales_drop_share"),
    reasons={
        Outcome.YES: Reason(
            "{town}{product}：库存 {stock} 为本期销量 {sales} 的 {ratio:2} 倍"
            "（预警 {max_ratio} 倍），"
            "销量较上期下降 {drop_pct:pct}（预警 {max_drop_pct:pct}）；启动消费帮扶",
            "{product} in {town}: stock {stock} is {ratio:2} × sales {sales} (warn at "
            "{max_ratio}), sales fell {drop_pct:pct} (warn at {max_drop_pct:pct}); start "
            "consumption assistance"),
        Outcome.NO: Reason(
            "{town}{product}：库存 {stock} 为本期销量 {sales} 的 {ratio:2} 倍"
            "（预警 {max_ratio} 倍），"
            "销量较上期下降 {drop_pct:pct}（预警 {max_drop_pct:pct}）；无滞销预警",
            "{product} in {town}: stock {stock} is {ratio:2} × sales {sales} (warn at "
            "{max_ratio}), sales fell {drop_pct:pct} (warn at {max_drop_pct:pct}); no warning"),
    },
)


def unsold_produce_rule(r: ProduceRecord, params: ParameterSet, on: dt.date) -> Finding:
    """IND-06: YES (warning) when stock ≥ ratio × sales, or sales fell by ≥ the drop share."""
    ratio_v = params.get("industry.unsold_stock_to_sales_ratio", on)
    drop_v = params.get("industry.unsold_sales_drop_share", on)
    max_ratio = params.decimal("industry.unsold_stock_to_sales_ratio", on)
    max_drop = params.decimal("industry.unsold_sales_drop_share", on)
    if r.stock is None or r.sales is None:
        missing = tuple(m for m, v in (("stock", r.stock), ("sales", r.sales)) if v is None)
        return Finding(UNSOLD_PRODUCE, Outcome.INSUFFICIENT_DATA, {}, (ratio_v, drop_v),
                       missing, r.id)
    by_stock = r.stock >= CONTEXT.multiply(max_ratio, r.sales) and r.stock > 0
    ratio = CONTEXT.divide(r.stock, r.sales) if r.sales > 0 else None
    drop = ZERO
    if r.previous_sales is not None and r.previous_sales > 0:
        drop = max(ZERO, CONTEXT.divide(CONTEXT.subtract(r.previous_sales, r.sales),
                                        r.previous_sales))
    by_drop = drop >= max_drop and drop > 0
    values = {"town": r.town, "product": r.product, "stock": r.stock, "sales": r.sales,
              "ratio": ratio, "max_ratio": max_ratio,
              "drop_pct": CONTEXT.multiply(drop, Decimal(100)),
              "max_drop_pct": CONTEXT.multiply(max_drop, Decimal(100))}
    return Finding(UNSOLD_PRODUCE, Outcome.YES if by_stock or by_drop else Outcome.NO, values,
                   (ratio_v, drop_v), (), r.id)


# --------------------------------------------------------------------------- the area

RULES: tuple[Rule[Any], ...] = (
    Rule(DIVIDENDS, dividends_rule),
    Rule(DIVIDENDS_PROFIT, dividends_profit_rule),
    Rule(LINKAGE, linkage_rule),
    Rule(LEADING_ENTERPRISE, leading_enterprise_rule),
    Rule(PARK_PRIORITY, park_priority_rule),
    Rule(INSTITUTIONS, institutions_rule),
    Rule(UNSOLD_PRODUCE, unsold_produce_rule),
)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("IND-04", _C_FEATURED),
    ("IND-04", _C_CH11),
    ("IND-04", _C_BOX1),
    ("IND-02", _C_TIES),
)
