"""ASSET-01..11: poverty-alleviation project assets (Ch10) as rules.

Every rule reads one :class:`~revitalize.models.assets.ProjectAsset`, a
:class:`ParameterSet` and the evaluation date. The statement in each rule's
title is the compliant state, so ``Outcome.NO`` is a refusal (except ASSET-02,
where NO means "outside the inventory scope"): :func:`check_asset` collects
the refusals. A refusal lists its :class:`Issue` members (Chinese and English
labels) beside the values compared.

- ASSET-01 :func:`classify` maps a project kind to exactly one class (a
  ``unique`` decision table, checked complete); the rule checks the declared
  class against it (an unknown project kind is insufficient data, not
  "consistent").
- ASSET-02 scope: formed since the 18th Party Congress (``assets.scope_start``)
  from an in-scope funding source; the linkage fund is named by date (TRN-05).
- ASSET-03 ownership by class (``OWNER_TABLE``), the handover of public-welfare
  assets, title registration of real estate.
- ASSET-04 required arrangements by class (``ARRANGEMENT_TABLE``).
- ASSET-05 operating modes and pledges (:func:`check_pledge` for a proposed one).
- ASSET-06 income distribution with priority to lifted villages and
  households, democratic decision, parts summing to the income
  (:func:`distribution_plan` allocates by shares to the fen).
- ASSET-07 collective income: labor participation, provident fund.
- ASSET-08 beneficiary lists follow the lifted population.
- ASSET-09 disposal procedure (:func:`check_disposal` for a proposed one).
- ASSET-10 supervision duties, expert or third-party audit, performance.
- ASSET-11 the ledger per class and the competent department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models._fields import Money
from ..models.assets import (
    AssetClass,
    AuditKind,
    BeneficiaryAction,
    BeneficiaryScope,
    DisposalRecord,
    DistributionPart,
    FundingSource,
    IncomeRecord,
    IncomeUse,
    OperatingMode,
    OwnerType,
    Pledge,
    PledgePurpose,
    ProceedsUse,
    ProjectAsset,
    ProjectKind,
    ProvidentFundPurpose,
)
from ..money import CONTEXT, ZERO
from .allocation import allocate_by_shares
from .engine import (
    Assessment,
    Finding,
    Outcome,
    Polarity,
    Provenance,
    Reason,
    Rule,
    RuleSpec,
    stale_parameter_notices,
)
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of
from .transition import phase_bounds

__all__ = [
    "ARRANGEMENT_TABLE",
    "ASSET_CLASS",
    "BENEFICIARIES",
    "CITATIONS",
    "CLASS_TABLE",
    "COLLECTIVE_INCOME",
    "COMPLIANCE_RULE_IDS",
    "DISPOSAL",
    "DISTRIBUTION",
    "IN_SCOPE_SOURCES",
    "LEDGER",
    "MANAGEMENT",
    "OPERATION",
    "OWNERSHIP",
    "OWNER_SUGGESTION_TABLE",
    "OWNER_TABLE",
    "PRIORITY_USES",
    "RULES",
    "SCOPE",
    "SELF_MANAGED_OWNERS",
    "STATE_OR_COLLECTIVE_OWNERS",
    "SUPERVISION",
    "SUPERVISION_DUTIES",
    "TABLES",
    "Arrangement",
    "AssetCheck",
    "AssetDecision",
    "Issue",
    "Listed",
    "NotApplicable",
    "SupervisionDuty",
    "Supervisor",
    "assess_asset",
    "check_asset",
    "check_disposal",
    "check_pledge",
    "classify",
    "distribution_plan",
    "ledgers",
    "required_arrangements",
    "suggested_owner",
    "supervisors",
]


class Issue(LabelledEnum):
    """Why an asset rule refuses: one member per problem, with the Chinese wording."""

    CLASS_MISMATCH = "class_does_not_match_project_kind", "资产类别与项目类型不符"
    OWNER_MISSING = "owner_missing", "权属未明确"
    OWNER_NOT_ALLOWED = "owner_type_not_allowed_for_class", "权属主体不符合资产类别要求"
    LEFT_WITH_BUILDER = ("left_with_builder_after_completion",
                         "建成后仍由项目实施单位持有，未移交")
    HANDOVER_OVERDUE = "handover_overdue", "建成后未及时办理移交手续"
    TITLE_NOT_REGISTERED = "real_estate_title_not_registered", "不动产未依法办理确权登记"
    ARRANGEMENT_MISSING = "required_arrangement_missing", "缺少所需管护运营安排"
    MODE_NOT_ALLOWED = "operating_mode_not_allowed", "经营方式不在允许范围内"
    PLEDGE_PURPOSE = "pledge_not_for_expanding_production", "抵押质押融资未用于扩大再生产"
    PLEDGE_CLASS = "class_may_not_be_pledged", "该类资产不得抵押质押"
    PARTS_DO_NOT_SUM = "distribution_does_not_sum_to_income", "分配合计不等于收益"
    PRIORITY_NOT_SERVED = ("priority_to_lifted_villages_and_households_not_served",
                           "未优先用于扶持脱贫村和脱贫户")
    DEMOCRATIC_DECISION_MISSING = "democratic_decision_missing", "未经民主决策程序"
    PROVIDENT_ABOVE_CAP = "provident_fund_above_cap", "公积公益金提取超过比例"
    PROVIDENT_OFF_FOCUS = ("provident_fund_not_focused_on_upkeep_and_public_welfare",
                           "公积公益金未重点用于项目运营管护和村级公益事业")
    BENEFICIARIES_NOT_ADJUSTED = "beneficiaries_not_adjusted", "受益对象未及时动态调整"
    NO_CLEARANCE = "no_asset_clearance", "未按规定开展资产清查"
    OUTSIDE_PROCEDURE = "disposal_outside_procedure", "未按规定程序处置（随意处置）"
    PROCEEDS_NOT_EARMARKED = ("proceeds_not_earmarked",
                              "村集体资产处置收入未用于巩固拓展脱贫攻坚成果和乡村振兴")
    EQUITY_EXIT_TERMS_MISSING = "equity_exit_terms_missing", "未明确股权退出办法和处置方式"
    AUDIT_MISSING = ("no_expert_or_third_party_audit",
                     "专业性较强的资产未聘请专家或第三方审计机构监督检查")
    LEDGER_MISSING = "ledger_missing", "未纳入管理台账"
    LEDGER_CLASS_MISMATCH = "ledger_class_mismatch", "台账类别与资产类别不符"


class Listed(LabelledEnum):
    """The value shown for an empty list in a reason (``无`` / ``none``), not "not assessed"."""

    NONE = "none", "无"


class Arrangement(LabelledEnum):
    """A management arrangement an asset class requires (ASSET-04)."""

    OPERATING_PLAN = "operating_plan", "运营方案"
    RIGHTS_AND_DUTIES = "rights_and_duties", "明确运营各方权利义务"
    RISK_CONTROL = "risk_control", "风险防控"
    UPKEEP_STANDARD = "upkeep_standard", "管护标准和规范"
    HOUSEHOLD_CHOICE = "household_choice", "农户自行确定自主经营或委托经营"


class Supervisor(LabelledEnum):
    """Who supervises project assets, with the duty the plan gives (ASSET-10)."""

    MUNICIPAL = "municipal", "市级（四级监督管理之一，规划未列具体职责）"
    DISTRICT_COMMITTEE = "district_committee", "区管委会（管理主体责任）"
    TOWN_GOVERNMENT = "town_government", "镇政府（日常监管责任）"
    VILLAGE_ORGANISATION = "village_organisation", "村级组织（确权到村集体的资产监管责任）"
    SECTOR_DEPARTMENT = "sector_department", "行业主管部门（行业监管职责）"


@attrs.frozen
class SupervisionDuty:
    """A supervisor and its duty in both languages (ASSET-10)."""

    supervisor: Supervisor
    duty_zh: str
    duty_en: str


# --------------------------------------------------------------------------- citations

_C_CLASS = Citation("Ch10 §1", "推动扶贫项目资产按照经营性资产、公益性资产和到户类资产进行分类管理")
_C_SCOPE = Citation("Ch10 §1", "全面摸底党的十八大以来使用各级财政资金、地方政府债券资金、"
                               "社会捐赠和对口帮扶等投入形成的扶贫项目资产")
_C_FUND = Citation("Ch13 §2", "巩固期内，原财政专项扶贫资金相应调整为衔接推进乡村振兴补助资金")
_C_OWNER = Citation(
    "Ch10 §1",
    "对经营性资产，根据资金来源、受益范围、管理需要等明确权属，尽可能明确到获得收益的个人、"
    "村集体经济组织等；对公益性资产，项目建成后及时办理移交手续，按照行业相关要求进行确权和管理；"
    "对到户类资产，归农户所有；对属于不动产的，依法办理确权登记")
_C_MANAGE = Citation(
    "Ch10 §2",
    "对经营性资产，主要通过完善运营方案，明确运营各方权利义务，做好风险防控；对公益性资产，"
    "主要加强后续管护，完善管护标准和规范；对到户类资产，主要由农户自行确定自主经营或委托经营")
_C_OPERATE = Citation(
    "Ch10 §2",
    "通过股份合作、业务托管、合作经营以及改制重组等方式 … "
    "支持通过抵押、质押等方式融资用于扩大再生产，经营性资产可采取委托、发包、出租、联营、股份制、合作社等方式经营")
_C_DISTRIBUTE = Citation(
    "Ch10 §3",
    "扶贫项目资产收益优先用于扶持脱贫村和脱贫户，并结合实际适当用于农村基层组织建设和乡村振兴公益性项目，"
    "对制度未予明确规定的，通过民主决策程序提出具体分配方案")
_C_COLLECTIVE = Citation(
    "Ch10 §3",
    "鼓励产权归属村集体的资产收益，采取参加村内项目建设和发展等劳动增收方式进行分配，"
    "提取的公积公益金重点用于项目运营管护、村级公益事业")
_C_BENEFICIARY = Citation(
    "Ch10 §3", "建立健全受益对象动态调整制度，根据脱贫人口增减变动情况，及时开展受益对象动态调整")
_C_DISPOSAL = Citation(
    "Ch10 §4",
    "按规定开展资产清查，任何单位和个人不得随意处置国有和集体扶贫项目资产；"
    "对以个人、村集体经济组织名义入股或参股企业等经营主体的，明确股权的退出办法和处置方式；"
    "属于村集体资产的处置收入应重新安排用于巩固拓展脱贫攻坚成果和全面实现乡村振兴")
_C_SUPERVISE = Citation(
    "Ch10 §4",
    "严格落实“市—区—镇—村”四级监督管理责任，落实区管委会的管理主体责任、镇政府的日常监管责任和"
    "村级组织担负对确权到村集体的扶贫项目资产监管责任，各级行业主管部门按照职责分工和行业领域资产管理"
    "制度和规定履行行业监管职责 … "
    "对于专业性较强的扶贫项目资产聘请相关专家或第三方审计机构进行监督检查 … "
    "对绩效制定好、运行好、评估好的资产加大补贴支持力度")
_C_LEDGER = Citation(
    "Ch10 §1, §3",
    "分类建立管理台账 … 按照“谁主管、谁负责”的原则 … 推动经营性资产收益分配按照现行资产管理制度实施"
    " … 推动确权到农户或其他经营主体的扶贫项目资产，依法维护其财产权利由其自主管理")

# --------------------------------------------------------------------------- constants

#: ASSET-02: the funding sources the inventory covers
#: (各级财政资金、地方政府债券资金、社会捐赠和对口帮扶).
IN_SCOPE_SOURCES: Final = frozenset({
    FundingSource.CENTRAL_FISCAL, FundingSource.MUNICIPAL_FISCAL, FundingSource.DISTRICT_FISCAL,
    FundingSource.TOWN_FISCAL, FundingSource.LINKAGE_FUND, FundingSource.LOCAL_GOVERNMENT_BOND,
    FundingSource.SOCIAL_DONATION, FundingSource.PAIRED_ASSISTANCE,
})
#: ASSET-06: the priority uses of asset income.
PRIORITY_USES: Final = frozenset({IncomeUse.LIFTED_VILLAGE, IncomeUse.LIFTED_HOUSEHOLD})
#: ASSET-06's democratic decision is needed for uses the plan does not name.
_UNNAMED_USES: Final = frozenset({IncomeUse.OTHER})
#: ASSET-11: owners who manage the asset themselves (outside ASSET-06's distribution).
SELF_MANAGED_OWNERS: Final = frozenset({OwnerType.HOUSEHOLD, OwnerType.INDIVIDUAL,
                                        OwnerType.OPERATOR})
#: ASSET-09: owners whose assets are state-owned or collective (国有和集体扶贫项目资产).
STATE_OR_COLLECTIVE_OWNERS: Final = frozenset({OwnerType.STATE_ENTITY, OwnerType.COMPETENT_SECTOR,
                                               OwnerType.VILLAGE_COLLECTIVE})
_EQUITY_HOLDERS: Final = frozenset({OwnerType.INDIVIDUAL, OwnerType.VILLAGE_COLLECTIVE})
_HOUSEHOLD_MODES: Final = frozenset({OperatingMode.SELF_OPERATED, OperatingMode.ENTRUSTED})
_AUDITED: Final = frozenset({AuditKind.EXPERT, AuditKind.THIRD_PARTY_AUDIT})

#: ASSET-10: the supervision duties by level and sector (the municipal level has none: PLAN-01).
SUPERVISION_DUTIES: Final = (
    SupervisionDuty(Supervisor.MUNICIPAL, "“市—区—镇—村”四级监督管理责任之一，规划未列具体职责",
                    "one of the four supervision levels; the plan names no duty (PLAN-01)"),
    SupervisionDuty(Supervisor.DISTRICT_COMMITTEE, "管理主体责任", "management responsibility"),
    SupervisionDuty(Supervisor.TOWN_GOVERNMENT, "日常监管责任", "daily supervision"),
    SupervisionDuty(Supervisor.VILLAGE_ORGANISATION, "对确权到村集体的扶贫项目资产监管责任",
                    "supervision of assets titled to the village collective"),
    SupervisionDuty(Supervisor.SECTOR_DEPARTMENT,
                    "按照职责分工和行业领域资产管理制度履行行业监管职责",
                    "sector supervision by their division of duties and sector rules"),
)

# --------------------------------------------------------------------------- tables

#: ASSET-01: the class of an asset by the kind of project that formed it (国办函〔2021〕51号).
CLASS_TABLE: Final = DecisionTable[AssetClass](
    id="ASSET-01.classes", title_zh="项目类型 → 资产类别", title_en="project kind → asset class",
    hit_policy=HitPolicy.UNIQUE, columns=(Column.enum("project_kind", ProjectKind),),
    rows=(
        Row("operating", {"project_kind": one_of(ProjectKind.INDUSTRY, ProjectKind.EMPLOYMENT)},
            AssetClass.OPERATING),
        Row("public-welfare", {"project_kind": one_of(ProjectKind.PUBLIC_INFRASTRUCTURE,
                                                      ProjectKind.PUBLIC_SERVICE)},
            AssetClass.PUBLIC_WELFARE),
        Row("household", {"project_kind": one_of(ProjectKind.HOUSEHOLD_SUBSIDY)},
            AssetClass.HOUSEHOLD),
    ),
    citations=(_C_CLASS,),
)

_OPERATING_OWNERS = (OwnerType.INDIVIDUAL, OwnerType.HOUSEHOLD, OwnerType.VILLAGE_COLLECTIVE,
                     OwnerType.STATE_ENTITY, OwnerType.OPERATOR)
_PUBLIC_OWNERS = (OwnerType.COMPETENT_SECTOR, OwnerType.VILLAGE_COLLECTIVE, OwnerType.STATE_ENTITY)


def _others(allowed: Iterable[OwnerType]) -> tuple[OwnerType, ...]:
    keep = set(allowed)
    return tuple(t for t in OwnerType if t not in keep)


#: ASSET-03: whether an owner type may hold an asset of a class after completion.
OWNER_TABLE: Final = DecisionTable[bool](
    id="ASSET-03.owners", title_zh="资产类别 × 权属主体 → 是否允许",
    title_en="asset class × owner type → allowed", hit_policy=HitPolicy.UNIQUE,
    columns=(Column.enum("asset_class", AssetClass), Column.enum("owner_type", OwnerType)),
    rows=(
        Row("operating-ok", {"asset_class": one_of(AssetClass.OPERATING),
                             "owner_type": one_of(*_OPERATING_OWNERS)}, True),
        Row("operating-no", {"asset_class": one_of(AssetClass.OPERATING),
                             "owner_type": one_of(*_others(_OPERATING_OWNERS))}, False),
        Row("public-ok", {"asset_class": one_of(AssetClass.PUBLIC_WELFARE),
                          "owner_type": one_of(*_PUBLIC_OWNERS)}, True),
        Row("public-no", {"asset_class": one_of(AssetClass.PUBLIC_WELFARE),
                          "owner_type": one_of(*_others(_PUBLIC_OWNERS))}, False),
        Row("household-ok", {"asset_class": one_of(AssetClass.HOUSEHOLD),
                             "owner_type": one_of(OwnerType.HOUSEHOLD)}, True),
        Row("household-no", {"asset_class": one_of(AssetClass.HOUSEHOLD),
                             "owner_type": one_of(*_others((OwnerType.HOUSEHOLD,)))}, False),
    ),
    citations=(_C_OWNER,),
)

#: ASSET-03: the owner an operating asset should preferably have, by beneficiary scope.
OWNER_SUGGESTION_TABLE: Final = DecisionTable[OwnerType](
    id="ASSET-03.suggested_owner", title_zh="受益范围 → 经营性资产建议权属",
    title_en="beneficiary scope → suggested owner of an operating asset",
    hit_policy=HitPolicy.UNIQUE, columns=(Column.enum("scope", BeneficiaryScope),),
    rows=(
        Row("individuals", {"scope": one_of(BeneficiaryScope.INDIVIDUALS)}, OwnerType.INDIVIDUAL),
        Row("village", {"scope": one_of(BeneficiaryScope.ONE_VILLAGE,
                                        BeneficiaryScope.SEVERAL_VILLAGES)},
            OwnerType.VILLAGE_COLLECTIVE),
        Row("district", {"scope": one_of(BeneficiaryScope.DISTRICT)}, OwnerType.STATE_ENTITY),
    ),
    citations=(_C_OWNER,),
)

#: ASSET-04: the arrangements each class requires.
ARRANGEMENT_TABLE: Final = DecisionTable[tuple[Arrangement, ...]](
    id="ASSET-04.arrangements", title_zh="资产类别 → 所需管护运营安排",
    title_en="asset class → required arrangements", hit_policy=HitPolicy.UNIQUE,
    columns=(Column.enum("asset_class", AssetClass),),
    rows=(
        Row("operating", {"asset_class": one_of(AssetClass.OPERATING)},
            (Arrangement.OPERATING_PLAN, Arrangement.RIGHTS_AND_DUTIES, Arrangement.RISK_CONTROL)),
        Row("public-welfare", {"asset_class": one_of(AssetClass.PUBLIC_WELFARE)},
            (Arrangement.UPKEEP_STANDARD,)),
        Row("household", {"asset_class": one_of(AssetClass.HOUSEHOLD)},
            (Arrangement.HOUSEHOLD_CHOICE,)),
    ),
    citations=(_C_MANAGE,),
)


def classify(kind: ProjectKind) -> AssetClass:
    """ASSET-01: the one class of an asset formed by a project of ``kind``.

    >>> classify(ProjectKind.PUBLIC_INFRASTRUCTURE).label_zh
    '公益性资产'
    """
    (cls,) = CLASS_TABLE.evaluate({"project_kind": kind})
    return cls


def suggested_owner(scope: BeneficiaryScope) -> OwnerType:
    """ASSET-03: the preferred owner of an operating asset benefiting ``scope``.

    >>> suggested_owner(BeneficiaryScope.ONE_VILLAGE).label_zh
    '村集体经济组织'
    """
    (owner,) = OWNER_SUGGESTION_TABLE.evaluate({"scope": scope})
    return owner


def required_arrangements(asset_class: AssetClass) -> tuple[Arrangement, ...]:
    """ASSET-04: the arrangements an asset of ``asset_class`` needs."""
    (out,) = ARRANGEMENT_TABLE.evaluate({"asset_class": asset_class})
    return out


def _owner_allowed(asset_class: AssetClass, owner_type: OwnerType) -> bool:
    (ok,) = OWNER_TABLE.evaluate({"asset_class": asset_class, "owner_type": owner_type})
    return ok


# --------------------------------------------------------------------------- shared helpers


def _verdict(spec: RuleSpec, issues: list[Issue], missing: list[str],
             values: dict[str, object], used: Iterable[ParameterValue] = (),
             subject: str = "") -> Finding:
    """NO when there are issues, else INSUFFICIENT_DATA when fields are missing, else YES."""
    values["issues"] = tuple(dict.fromkeys(issues))
    if issues:
        outcome = Outcome.NO
    elif missing:
        outcome = Outcome.INSUFFICIENT_DATA
    else:
        outcome = Outcome.YES
    return Finding(spec, outcome, values, tuple(used), tuple(dict.fromkeys(missing)), subject)


def _issues_reason(zh_values: str, en_values: str) -> Mapping[Outcome, Reason]:
    return {
        Outcome.YES: Reason(zh_values, en_values),
        Outcome.NO: Reason(zh_values + "；问题：{issues}", en_values + "; problems: {issues}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            zh_values + "；数据不足：{missing} 未评估",
            en_values + "; insufficient data: {missing} not assessed"),
    }


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return ZERO if whole == 0 else CONTEXT.divide(part, whole)


def _pct(fraction: Decimal) -> Decimal:
    return CONTEXT.multiply(fraction, Decimal(100)).quantize(Decimal("0.01"), context=CONTEXT)


# --------------------------------------------------------------------------- ASSET-01

ASSET_CLASS = RuleSpec(
    id="ASSET-01",
    reads=("asset_class", "project_kind"),
    tables=("ASSET-01.classes",),
    title_zh="资产有且仅有一个类别，且与项目类型一致",
    title_en="The asset has exactly one class, consistent with its project kind",
    citations=(_C_CLASS,),
    reasons={
        Outcome.YES: Reason("资产类别为{asset_class}（项目类型：{project_kind}）",
                            "class {asset_class} (project kind: {project_kind})"),
        Outcome.NO: Reason("申报类别为{asset_class}，但项目类型{project_kind}对应{expected}",
                           "declared class {asset_class}, but project kind {project_kind} "
                           "gives {expected}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未填，无法核对申报类别{asset_class}是否与项目类型一致",
            "insufficient data: {missing} not given; cannot check the declared class "
            "{asset_class} against the project kind"),
    },
    polarity=Polarity.YES_IS_OK,
)


def asset_class_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-01: YES when the declared class agrees with the project kind; an unknown kind is
    insufficient data naming ``project_kind`` (never "consistent")."""
    if asset.project_kind is None:
        return ASSET_CLASS.finding(Outcome.INSUFFICIENT_DATA, {"asset_class": asset.asset_class},
                                   missing=("project_kind",))
    expected = classify(asset.project_kind)
    values = {"asset_class": asset.asset_class, "project_kind": asset.project_kind,
              "expected": expected}
    return ASSET_CLASS.finding(Outcome.YES if expected is asset.asset_class else Outcome.NO,
                               values)


# --------------------------------------------------------------------------- ASSET-02

SCOPE = RuleSpec(
    polarity=Polarity.INFO,
    id="ASSET-02",
    reads=("formed_on", "funding[].amount", "funding[].source"),
    title_zh="资产属于摸底范围（党的十八大以来各级财政等投入形成）",
    title_en="The asset is in the inventory scope (formed since the 18th Party Congress "
             "from fiscal and other listed funds)",
    citations=(_C_SCOPE, _C_FUND),
    parameters=("assets.scope_start", "transition.plan_start"),
    reasons={
        Outcome.YES: Reason("形成于 {formed_on}，不早于 {scope_start}；资金来源：{sources_zh}",
                            "formed on {formed_on}, not before {scope_start}; funded by "
                            "{sources_en}"),
        Outcome.NO: Reason("形成于 {formed_on}（范围起始 {scope_start}）；资金来源：{sources_zh}；"
                           "不在摸底范围",
                           "formed on {formed_on} (scope starts {scope_start}); funded by "
                           "{sources_en}; outside the inventory scope"),
    },
)


def funding_labels(asset: ProjectAsset, params: ParameterSet, on: dt.date,
                   lang: str) -> tuple[str, ...]:
    """The labels of the asset's funding sources on ``on`` (the linkage fund named by date)."""
    renamed = phase_bounds(params, on).plan_start
    return tuple(f.source.label_on(on, lang, renamed) for f in asset.funding)


def scope_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-02: YES when formed on or after the scope start from an in-scope source."""
    start = params.get("assets.scope_start", on)
    renamed = phase_bounds(params, on).used[0]
    assert isinstance(start.value, dt.date)
    values: dict[str, object] = {
        "formed_on": asset.formed_on, "scope_start": start.value,
        "sources_zh": funding_labels(asset, params, on, "zh"),
        "sources_en": funding_labels(asset, params, on, "en"),
    }
    missing = [m for m, absent in (("formed_on", asset.formed_on is None),
                                   ("funding", not asset.funding)) if absent]
    if missing:
        return Finding(SCOPE, Outcome.INSUFFICIENT_DATA, values, (start, renamed), tuple(missing))
    assert asset.formed_on is not None
    funded = any(f.source in IN_SCOPE_SOURCES and f.amount > 0 for f in asset.funding)
    ok = asset.formed_on >= start.value and funded
    return Finding(SCOPE, Outcome.YES if ok else Outcome.NO, values, (start, renamed), ())


# --------------------------------------------------------------------------- ASSET-03

OWNERSHIP = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-03",
    reads=("asset_class", "beneficiary_scope", "completed_on", "handed_over_on", "owner.type",
           "real_estate", "title_registered"),
    tables=("ASSET-03.owners", "ASSET-03.suggested_owner"),
    title_zh="权属按资产类别明确，公益性资产建成后及时移交，不动产依法确权登记",
    title_en="Ownership is set by class, public-welfare assets are handed over after "
             "completion, real estate has title registration",
    citations=(_C_OWNER,),
    parameters=("assets.handover_days",),
    reasons=_issues_reason(
        "{asset_class}，权属主体：{owner_type}（建议：{suggested_owner}）；建成 {completed_on}，"
        "移交 {handed_over_on}，移交期限 {handover_days} 天；不动产：{real_estate}，已确权登记："
        "{title_registered}",
        "{asset_class}, owner: {owner_type} (suggested: {suggested_owner}); completed "
        "{completed_on}, handed over {handed_over_on}, handover within {handover_days} days; "
        "real estate: {real_estate}, title registered: {title_registered}"),
)


def ownership_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-03: NO when the owner does not fit the class, a public-welfare asset is not
    handed over in time (or left with the builder), or real estate lacks title registration."""
    days_v = params.get("assets.handover_days", on)
    days = params.integer("assets.handover_days", on)
    owner_type = asset.owner.type if asset.owner is not None else None
    issues: list[Issue] = []
    missing: list[str] = []
    completed = asset.completed_on is not None and asset.completed_on <= on
    due = (asset.completed_on + relativedelta(days=days)
           if asset.completed_on is not None else None)
    if owner_type is None:
        issues.append(Issue.OWNER_MISSING)
    elif asset.asset_class is AssetClass.PUBLIC_WELFARE and owner_type is OwnerType.BUILDER:
        if asset.completed_on is None:
            missing.append("completed_on")
        elif completed and due is not None and on > due:
            issues.append(Issue.LEFT_WITH_BUILDER)
    elif not _owner_allowed(asset.asset_class, owner_type):
        issues.append(Issue.OWNER_NOT_ALLOWED)
    if (asset.asset_class is AssetClass.PUBLIC_WELFARE and completed and due is not None
            and on > due and (asset.handed_over_on is None or asset.handed_over_on > due)):
        issues.append(Issue.HANDOVER_OVERDUE)
    if asset.real_estate is None:
        missing.append("real_estate")
    elif asset.real_estate:
        if asset.title_registered is None:
            missing.append("title_registered")
        elif not asset.title_registered:
            issues.append(Issue.TITLE_NOT_REGISTERED)
    suggested: object = Listed.NONE
    if asset.asset_class is AssetClass.OPERATING:
        suggested = (suggested_owner(asset.beneficiary_scope)
                     if asset.beneficiary_scope is not None else None)
    values: dict[str, object] = {
        "asset_class": asset.asset_class, "owner_type": owner_type,
        "suggested_owner": suggested, "completed_on": asset.completed_on,
        "handed_over_on": asset.handed_over_on, "handover_due": due, "handover_days": days,
        "real_estate": asset.real_estate, "title_registered": asset.title_registered,
    }
    return _verdict(OWNERSHIP, issues, missing, values, (days_v,))


# --------------------------------------------------------------------------- ASSET-04

MANAGEMENT = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-04",
    reads=("asset_class", "management.chosen_by_household", "management.operating_mode",
           "management.operating_plan", "management.rights_and_duties", "management.risk_control",
           "management.upkeep_standard"),
    tables=("ASSET-04.arrangements",),
    title_zh="按资产类别落实管护运营安排",
    title_en="The arrangements the class requires are in place",
    citations=(_C_MANAGE,),
    reasons=_issues_reason("{asset_class}需要：{required}；缺少：{absent}",
                           "{asset_class} requires: {required}; missing: {absent}"),
)


def _arrangement_state(asset: ProjectAsset, a: Arrangement) -> tuple[bool | None, str]:
    m = asset.management
    if a is Arrangement.HOUSEHOLD_CHOICE:
        if m.chosen_by_household is None or m.operating_mode is None:
            field = ("management.chosen_by_household" if m.chosen_by_household is None
                     else "management.operating_mode")
            if m.chosen_by_household is False:
                return False, field
            return None, field
        return (m.chosen_by_household and m.operating_mode in _HOUSEHOLD_MODES,
                "management.chosen_by_household")
    state: bool | None = getattr(m, a.value)
    return state, f"management.{a.value}"


def management_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-04: NO when an arrangement the class requires is missing."""
    required = required_arrangements(asset.asset_class)
    absent: list[Arrangement] = []
    missing: list[str] = []
    for a in required:
        state, field = _arrangement_state(asset, a)
        if state is None:
            missing.append(field)
        elif not state:
            absent.append(a)
    values: dict[str, object] = {"asset_class": asset.asset_class, "required": required,
                                 "absent": tuple(absent) or Listed.NONE}
    issues = [Issue.ARRANGEMENT_MISSING] if absent else []
    return _verdict(MANAGEMENT, issues, missing, values)


# --------------------------------------------------------------------------- ASSET-05

OPERATION = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-05",
    reads=("asset_class", "management.cooperation_forms", "management.operating_mode",
           "pledges[].id", "pledges[].purpose"),
    title_zh="经营方式在允许范围内，抵押质押融资仅用于扩大再生产",
    title_en="The operating mode is allowed and pledges only finance expanded production",
    citations=(_C_OPERATE,),
    parameters=("assets.operating_modes", "assets.pledgeable_classes"),
    reasons=_issues_reason(
        "{asset_class}，经营方式：{operating_mode}（允许：{allowed_modes}）；合作方式：{cooperation}；"
        "抵押质押 {pledges} 笔，可抵押质押的类别：{pledgeable}；不合规的：{bad_pledges}",
        "{asset_class}, operating mode: {operating_mode} (allowed: {allowed_modes}); "
        "cooperation: {cooperation}; {pledges} pledge(s), classes that may be pledged: "
        "{pledgeable}; refused: {bad_pledges}"),
)


def _pledge_issues(asset_class: AssetClass, pledge: Pledge,
                   pledgeable: tuple[str, ...]) -> list[Issue]:
    issues = []
    if asset_class.value not in pledgeable:
        issues.append(Issue.PLEDGE_CLASS)
    if pledge.purpose is not PledgePurpose.EXPAND_PRODUCTION:
        issues.append(Issue.PLEDGE_PURPOSE)
    return issues


def operation_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-05: NO when an operating asset runs in a mode not allowed, or a pledge is
    for anything but expanding production or of a class that may not be pledged."""
    modes_v = params.get("assets.operating_modes", on)
    classes_v = params.get("assets.pledgeable_classes", on)
    allowed = params.names("assets.operating_modes", on)
    pledgeable = params.names("assets.pledgeable_classes", on)
    mode = asset.management.operating_mode
    issues: list[Issue] = []
    missing: list[str] = []
    if asset.asset_class is AssetClass.OPERATING:
        if mode is None:
            missing.append("management.operating_mode")
        elif mode.value not in allowed:
            issues.append(Issue.MODE_NOT_ALLOWED)
    bad: list[str] = []
    for p in asset.pledges:
        found = _pledge_issues(asset.asset_class, p, pledgeable)
        if found:
            bad.append(p.id)  # the purpose is named by the issue (e.g. not for expansion)
            issues.extend(found)
    values: dict[str, object] = {
        "asset_class": asset.asset_class, "operating_mode": mode,
        "allowed_modes": tuple(OperatingMode.parse(m) for m in allowed),
        "cooperation": asset.management.cooperation_forms or Listed.NONE,
        "pledges": len(asset.pledges),
        "pledgeable": tuple(AssetClass.parse(c) for c in pledgeable),
        "bad_pledges": tuple(bad) or Listed.NONE,
    }
    return _verdict(OPERATION, issues, missing, values, (modes_v, classes_v))


PLEDGE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-05.pledge",
    title_zh="抵押、质押融资用于扩大再生产",
    title_en="A mortgage or pledge finances expanded production",
    citations=(_C_OPERATE,),
    parameters=("assets.pledgeable_classes",),
    reasons={
        Outcome.YES: Reason("{asset_class}{kind}，用途：{purpose}，准予",
                            "{kind} of an {asset_class} asset for {purpose}: allowed"),
        Outcome.NO: Reason("{asset_class}{kind}，用途：{purpose}"
                           "（可抵押质押的类别：{pledgeable}）；拒绝：{issues}",
                           "{kind} of an {asset_class} asset for {purpose} (classes that may "
                           "be pledged: {pledgeable}); refused: {issues}"),
    },
)


def check_pledge(asset: ProjectAsset, pledge: Pledge, params: ParameterSet,
                 on: dt.date) -> Finding:
    """ASSET-05: a proposed mortgage or pledge; NO (refused, with the reason) unless it
    finances expanded production on an asset of a class that may be pledged."""
    classes_v = params.get("assets.pledgeable_classes", on)
    pledgeable = params.names("assets.pledgeable_classes", on)
    issues = _pledge_issues(asset.asset_class, pledge, pledgeable)
    values: dict[str, object] = {
        "asset_class": asset.asset_class, "kind": pledge.kind, "purpose": pledge.purpose,
        "pledgeable": tuple(AssetClass.parse(c) for c in pledgeable), "issues": tuple(issues),
    }
    return Finding(PLEDGE, Outcome.NO if issues else Outcome.YES, values, (classes_v,), (),
                   pledge.id)


# --------------------------------------------------------------------------- ASSET-06

DISTRIBUTION = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-06",
    reads=("income[].covered_by_rules", "income[].democratic_decision", "income[].income",
           "income[].parts[].amount", "income[].parts[].use", "income[].year", "owner.type"),
    title_zh="资产收益优先用于扶持脱贫村和脱贫户，分配合计等于收益，必要时经民主决策",
    title_en="Asset income goes first to lifted villages and households, the parts sum to "
             "the income, and a democratic decision is taken where needed",
    citations=(_C_DISTRIBUTE,),
    parameters=("assets.priority_min_share",),
    reasons={
        **_issues_reason(
            "{year} 年收益 {income:yuan} 元，分配合计 {distributed:yuan} 元；扶持脱贫村和脱贫户 "
            "{priority:yuan} 元（{priority_pct:pct}，最低 {min_pct:pct}）；"
            "需民主决策：{needs_decision}，已民主决策：{democratic_decision}",
            "income of {year} {income:yuan} yuan, distributed {distributed:yuan} yuan; to lifted "
            "villages and households {priority:yuan} yuan ({priority_pct:pct}, minimum "
            "{min_pct:pct}); democratic decision needed: {needs_decision}, taken: "
            "{democratic_decision}"),
        Outcome.NOT_APPLICABLE: Reason("不适用：{why}", "not applicable: {why}"),
    },
)


def _record_for(asset: ProjectAsset, on: dt.date,
                check: Callable[[IncomeRecord], Finding]) -> Finding | None:
    """The first refused record up to ``on``'s year, else the latest record's finding."""
    records = sorted((r for r in asset.income if r.year <= on.year), key=lambda r: r.year)
    if not records:
        return None
    findings = [check(r) for r in records]
    for f in findings:
        if f.outcome is Outcome.NO:
            return f
    return findings[-1]


class NotApplicable(LabelledEnum):
    """Why an income rule does not apply to an asset (ASSET-06, ASSET-07, ASSET-11)."""

    SELF_MANAGED = ("titled_to_a_household_or_other_operator_who_manages_it",
                    "确权到农户或其他经营主体的资产由其自主管理")
    NO_INCOME = "no_income_recorded", "无收益记录"
    NOT_COLLECTIVE = "not_titled_to_the_village_collective", "产权不属于村集体"


def _not_applicable(spec: RuleSpec, why: NotApplicable) -> Finding:
    return Finding(spec, Outcome.NOT_APPLICABLE, {"why": why}, (), ())


def distribution_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-06: per income record, the parts sum to the income, the priority uses are
    served (and reach ``assets.priority_min_share``), and a plan outside the existing rules
    or with unnamed uses went through a democratic decision.

    Assets titled to households, individuals or other operators are managed by them and
    are not applicable (ASSET-11).
    """
    if asset.owner is not None and asset.owner.type in SELF_MANAGED_OWNERS:
        return _not_applicable(DISTRIBUTION, NotApplicable.SELF_MANAGED)
    share_v = params.get("assets.priority_min_share", on)
    min_share = params.decimal("assets.priority_min_share", on)

    def check(r: IncomeRecord) -> Finding:
        issues: list[Issue] = []
        missing: list[str] = []
        priority = ZERO
        for use in PRIORITY_USES:
            priority = CONTEXT.add(priority, r.part(use))
        distributed = r.distributed
        others = CONTEXT.subtract(distributed, priority)
        share = _share(priority, r.income)
        if distributed != r.income:
            issues.append(Issue.PARTS_DO_NOT_SUM)
        if r.income > 0 and ((priority == 0 and others > 0) or share < min_share):
            issues.append(Issue.PRIORITY_NOT_SERVED)
        unnamed = any(p.use in _UNNAMED_USES and p.amount > 0 for p in r.parts)
        needs: bool | None = True if unnamed else (
            None if r.covered_by_rules is None else not r.covered_by_rules)
        if needs is None:
            missing.append(f"income[{r.year}].covered_by_rules")
        elif needs:
            if r.democratic_decision is None:
                missing.append(f"income[{r.year}].democratic_decision")
            elif not r.democratic_decision:
                issues.append(Issue.DEMOCRATIC_DECISION_MISSING)
        values: dict[str, object] = {
            "year": r.year, "income": r.income, "distributed": distributed,
            "priority": priority, "priority_pct": _pct(share), "min_pct": _pct(min_share),
            "needs_decision": needs, "democratic_decision": r.democratic_decision,
        }
        return _verdict(DISTRIBUTION, issues, missing, values, (share_v,), str(r.year))

    found = _record_for(asset, on, check)
    if found is None:
        return _not_applicable(DISTRIBUTION, NotApplicable.NO_INCOME)
    return found


def distribution_plan(income: Decimal,
                      shares: Mapping[IncomeUse, Decimal]) -> tuple[DistributionPart, ...]:
    """ASSET-06: split ``income`` by ``shares`` of uses (summing to 1), to the fen, exactly.

    >>> plan = distribution_plan(Decimal("1000.01"), {IncomeUse.LIFTED_HOUSEHOLD: Decimal("0.7"),
    ...                                              IncomeUse.PROVIDENT_FUND: Decimal("0.3")})
    >>> [(p.use.value, p.amount) for p in plan]
    [('lifted_household', Decimal('700.01')), ('provident_fund', Decimal('300.00'))]
    """
    parts = allocate_by_shares(income, {u.value: s for u, s in shares.items()})
    return tuple(DistributionPart(IncomeUse.parse(k), Money(v)) for k, v in parts.items())


# --------------------------------------------------------------------------- ASSET-07

COLLECTIVE_INCOME = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-07",
    reads=("income[].income", "income[].parts[].amount", "income[].parts[].use",
           "income[].provident_fund_uses[].amount", "income[].provident_fund_uses[].purpose",
           "income[].year", "owner.type"),
    title_zh="村集体资产收益：鼓励劳动增收分配，公积公益金重点用于运营管护和村级公益事业",
    title_en="Collective asset income: labor-based distribution encouraged, provident fund "
             "focused on upkeep and village public welfare",
    citations=(_C_COLLECTIVE,),
    parameters=("assets.provident_fund_max_share", "assets.provident_fund_focus_min_share"),
    reasons={
        **_issues_reason(
            "{year} 年收益 {income:yuan} 元；劳动增收分配 {labor:yuan} 元；公积公益金 "
            "{provident:yuan} 元（{provident_pct:pct}，上限 {cap_pct:pct}）；其中用于运营管护和"
            "村级公益事业 {focus_pct:pct}（最低 {focus_min_pct:pct}）",
            "income of {year} {income:yuan} yuan; labor-based distribution {labor:yuan} yuan; "
            "provident fund {provident:yuan} yuan ({provident_pct:pct}, cap {cap_pct:pct}); "
            "spent on upkeep and village public welfare {focus_pct:pct} (minimum "
            "{focus_min_pct:pct})"),
        Outcome.NOT_APPLICABLE: Reason("不适用：{why}", "not applicable: {why}"),
    },
)


def collective_income_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-07: for collective-owned assets, NO when the provident fund exceeds its cap or
    its spending is not focused on operation and maintenance and village public welfare."""
    if asset.owner is None or asset.owner.type is not OwnerType.VILLAGE_COLLECTIVE:
        return _not_applicable(COLLECTIVE_INCOME, NotApplicable.NOT_COLLECTIVE)
    cap_v = params.get("assets.provident_fund_max_share", on)
    focus_v = params.get("assets.provident_fund_focus_min_share", on)
    cap = params.decimal("assets.provident_fund_max_share", on)
    focus_min = params.decimal("assets.provident_fund_focus_min_share", on)

    def check(r: IncomeRecord) -> Finding:
        provident = r.part(IncomeUse.PROVIDENT_FUND)
        issues: list[Issue] = []
        if provident > CONTEXT.multiply(r.income, cap):
            issues.append(Issue.PROVIDENT_ABOVE_CAP)
        spent = ZERO
        focus = ZERO
        for u in r.provident_fund_uses:
            spent = CONTEXT.add(spent, u.amount)
            if u.purpose is not ProvidentFundPurpose.OTHER:
                focus = CONTEXT.add(focus, u.amount)
        focus_share = _share(focus, spent) if spent > 0 else Decimal(1)
        if spent > 0 and focus_share < focus_min:
            issues.append(Issue.PROVIDENT_OFF_FOCUS)
        values: dict[str, object] = {
            "year": r.year, "income": r.income, "labor": r.part(IncomeUse.LABOR_PARTICIPATION),
            "provident": provident, "provident_pct": _pct(_share(provident, r.income)),
            "cap_pct": _pct(cap), "focus_pct": _pct(focus_share),
            "focus_min_pct": _pct(focus_min),
        }
        return _verdict(COLLECTIVE_INCOME, issues, [], values, (cap_v, focus_v), str(r.year))

    found = _record_for(asset, on, check)
    if found is None:
        return _not_applicable(COLLECTIVE_INCOME, NotApplicable.NO_INCOME)
    return found


# --------------------------------------------------------------------------- ASSET-08

BENEFICIARIES = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-08",
    reads=("beneficiary_changes[].action", "beneficiary_changes[].beneficiary",
           "beneficiary_changes[].on", "population_changes[].action",
           "population_changes[].household", "population_changes[].on"),
    title_zh="受益对象随脱贫人口增减及时动态调整",
    title_en="The beneficiary list follows changes of the lifted population in time",
    citations=(_C_BENEFICIARY,),
    parameters=("assets.beneficiary_adjustment_days",),
    reasons=_issues_reason(
        "到期应调整的脱贫人口变动 {due} 项（期限 {days} 天），未调整：{not_adjusted}",
        "{due} change(s) of the lifted population due for adjustment (within {days} days); "
        "not adjusted: {not_adjusted}"),
)


def beneficiaries_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-08: NO when a change of the lifted population older than
    ``assets.beneficiary_adjustment_days`` is not reflected in the beneficiary list."""
    days_v = params.get("assets.beneficiary_adjustment_days", on)
    days = params.integer("assets.beneficiary_adjustment_days", on)
    latest: dict[str, tuple[dt.date, BeneficiaryAction]] = {}
    for c in sorted(asset.population_changes, key=lambda c: c.on):
        if c.on <= on:
            latest[c.household] = (c.on, c.action)
    due = 0
    not_adjusted: list[str] = []
    for household, (when, action) in sorted(latest.items()):
        deadline = when + relativedelta(days=days)
        if deadline > on:
            continue
        due += 1
        listed = household in asset.beneficiaries_on(deadline)
        if listed != (action is BeneficiaryAction.ADD):
            not_adjusted.append(household)
    issues = [Issue.BENEFICIARIES_NOT_ADJUSTED] if not_adjusted else []
    values: dict[str, object] = {"due": due, "days": days,
                                 "not_adjusted": tuple(not_adjusted) or Listed.NONE}
    return _verdict(BENEFICIARIES, issues, [], values, (days_v,))


# --------------------------------------------------------------------------- ASSET-09

DISPOSAL = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-09",
    reads=("disposals[].clearance_done", "disposals[].id", "disposals[].on",
           "disposals[].procedure_followed", "disposals[].proceeds", "disposals[].proceeds_use",
           "equity_exit_terms", "equity_investment", "owner.type"),
    title_zh="国有和集体资产按规定程序处置，股权明确退出办法，村集体处置收入专用",
    title_en="State and collective assets are disposed of only through the regulated "
             "procedure, equity has exit terms, collective proceeds are earmarked",
    citations=(_C_DISPOSAL,),
    reasons=_issues_reason(
        "权属主体：{owner_type}；处置 {disposals} 项，不合规：{refused}；入股参股：{equity}，"
        "已明确退出办法：{exit_terms}",
        "owner: {owner_type}; {disposals} disposal(s), refused: {refused}; equity "
        "investment: {equity}, exit terms fixed: {exit_terms}"),
)


def _disposal_issues(asset: ProjectAsset, d: DisposalRecord, path: str,
                     missing: list[str]) -> list[Issue]:
    owner_type = asset.owner.type if asset.owner is not None else None
    if owner_type is None:
        missing.append("owner")
        return []
    if owner_type not in STATE_OR_COLLECTIVE_OWNERS:
        return []
    issues: list[Issue] = []
    for field, issue in (("clearance_done", Issue.NO_CLEARANCE),
                         ("procedure_followed", Issue.OUTSIDE_PROCEDURE)):
        state = getattr(d, field)
        if state is None:
            missing.append(f"{path}.{field}")
        elif not state:
            issues.append(issue)
    if owner_type is OwnerType.VILLAGE_COLLECTIVE and (d.proceeds is None or d.proceeds > 0):
        if d.proceeds_use is None:
            missing.append(f"{path}.proceeds_use")
        elif d.proceeds_use is not ProceedsUse.CONSOLIDATION_REVITALIZATION:
            issues.append(Issue.PROCEEDS_NOT_EARMARKED)
    return issues


def _equity_issues(asset: ProjectAsset, missing: list[str]) -> list[Issue]:
    owner_type = asset.owner.type if asset.owner is not None else None
    if asset.equity_investment and owner_type in _EQUITY_HOLDERS:
        if asset.equity_exit_terms is None:
            missing.append("equity_exit_terms")
        elif not asset.equity_exit_terms:
            return [Issue.EQUITY_EXIT_TERMS_MISSING]
    return []


def disposal_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-09: NO when a disposal of a state or collective asset skipped the clearance or
    the regulated procedure, collective proceeds are not earmarked, or equity held in the
    name of individuals or the collective has no exit terms."""
    issues: list[Issue] = []
    missing: list[str] = []
    refused: list[str] = []
    for i, d in enumerate(asset.disposals):
        if d.on > on:
            continue
        found = _disposal_issues(asset, d, f"disposals[{i}]", missing)
        if found:
            refused.append(d.id)
            issues.extend(found)
    issues.extend(_equity_issues(asset, missing))
    values: dict[str, object] = {
        "owner_type": asset.owner.type if asset.owner else None,
        "disposals": sum(1 for d in asset.disposals if d.on <= on),
        "refused": tuple(refused) or Listed.NONE, "equity": asset.equity_investment,
        "exit_terms": asset.equity_exit_terms,
    }
    return _verdict(DISPOSAL, issues, missing, values)


DISPOSAL_CHECK = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-09.proposal",
    title_zh="处置申请符合规定程序",
    title_en="A proposed disposal follows the regulated procedure",
    citations=(_C_DISPOSAL,),
    reasons=_issues_reason(
        "{kind}（{reason}），权属主体：{owner_type}；资产清查：{clearance}，按规定程序：{procedure}，"
        "处置收入用途：{proceeds_use}",
        "{kind} ({reason}), owner: {owner_type}; clearance: {clearance}, regulated procedure: "
        "{procedure}, proceeds go to: {proceeds_use}"),
)


def check_disposal(asset: ProjectAsset, disposal: DisposalRecord, params: ParameterSet,
                   on: dt.date) -> Finding:
    """ASSET-09: a proposed disposal; NO (refused, saying why) when it breaks the procedure."""
    missing: list[str] = []
    issues = _disposal_issues(asset, disposal, "disposal", missing)
    values: dict[str, object] = {
        "kind": disposal.kind, "reason": disposal.reason,
        "owner_type": asset.owner.type if asset.owner else None,
        "clearance": disposal.clearance_done, "procedure": disposal.procedure_followed,
        "proceeds_use": disposal.proceeds_use,
    }
    return _verdict(DISPOSAL_CHECK, issues, missing, values, (), disposal.id)


# --------------------------------------------------------------------------- ASSET-10

SUPERVISION = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-10",
    reads=("audit", "owner.type", "performance.evaluated_well", "performance.goals_well_set",
           "performance.on", "performance.running_well", "specialised"),
    title_zh="资产监管责任落实，专业性较强的资产经专家或第三方审计监督检查",
    title_en="Supervision is assigned and specialised assets get an expert or third-party "
             "audit",
    citations=(_C_SUPERVISE,),
    reasons=_issues_reason(
        "监管主体：{supervisors}；专业性较强：{specialised}，监督检查：{audit}；"
        "绩效“三好”加大补贴支持：{more_subsidy}",
        "supervisors: {supervisors}; specialised: {specialised}, audit: {audit}; performance "
        "good on all three counts, more subsidy support: {more_subsidy}"),
)


def supervisors(asset: ProjectAsset) -> tuple[Supervisor, ...]:
    """ASSET-10: who supervises ``asset``: the district committee, the town, the village
    organisation for assets titled to the village collective, and the sector department."""
    out = [Supervisor.DISTRICT_COMMITTEE, Supervisor.TOWN_GOVERNMENT]
    if asset.owner is not None and asset.owner.type is OwnerType.VILLAGE_COLLECTIVE:
        out.append(Supervisor.VILLAGE_ORGANISATION)
    out.append(Supervisor.SECTOR_DEPARTMENT)
    return tuple(out)


def supervision_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-10: NO when a specialised asset has no expert or third-party audit; the finding
    names the supervisors and whether performance earns more subsidy support."""
    issues: list[Issue] = []
    missing: list[str] = []
    if asset.specialised is None:
        missing.append("specialised")
    elif asset.specialised:
        if asset.audit is None:
            missing.append("audit")
        elif asset.audit not in _AUDITED:
            issues.append(Issue.AUDIT_MISSING)
    perf = asset.performance
    values: dict[str, object] = {
        "supervisors": supervisors(asset), "specialised": asset.specialised,
        "audit": asset.audit,
        "more_subsidy": perf.all_good if perf is not None and perf.on <= on else None,
    }
    return _verdict(SUPERVISION, issues, missing, values)


# --------------------------------------------------------------------------- ASSET-11

LEDGER = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="ASSET-11",
    reads=("asset_class", "ledger.competent_department", "ledger.ledger_class", "owner.type"),
    title_zh="资产纳入本类别管理台账，明确主管部门（谁主管、谁负责）",
    title_en="The asset is in its class's ledger with a competent department responsible",
    citations=(_C_LEDGER,),
    reasons=_issues_reason(
        "{asset_class}；台账类别：{ledger_class}；主管部门：{department}；由权属人自主管理：{self_managed}",
        "{asset_class}; ledger: {ledger_class}; competent department: {department}; managed by "
        "its titled owner: {self_managed}"),
)


def ledger_rule(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Finding:
    """ASSET-11: NO when the asset is in no ledger or in another class's ledger."""
    issues: list[Issue] = []
    if asset.ledger is None:
        issues.append(Issue.LEDGER_MISSING)
    elif asset.ledger.ledger_class is not asset.asset_class:
        issues.append(Issue.LEDGER_CLASS_MISMATCH)
    values: dict[str, object] = {
        "asset_class": asset.asset_class,
        "ledger_class": asset.ledger.ledger_class if asset.ledger else None,
        "department": asset.ledger.competent_department if asset.ledger else None,
        "self_managed": (asset.owner.type in SELF_MANAGED_OWNERS) if asset.owner else None,
    }
    return _verdict(LEDGER, issues, [], values)


def ledgers(assets: Iterable[ProjectAsset]) -> dict[AssetClass, tuple[ProjectAsset, ...]]:
    """ASSET-11: one ledger per class: the assets of each class, in input order."""
    out: dict[AssetClass, list[ProjectAsset]] = {c: [] for c in AssetClass}
    for a in assets:
        out[a.asset_class].append(a)
    return {c: tuple(v) for c, v in out.items()}


# --------------------------------------------------------------------------- the area

RULES: tuple[Rule[Any], ...] = (
    Rule(ASSET_CLASS, asset_class_rule),
    Rule(SCOPE, scope_rule),
    Rule(OWNERSHIP, ownership_rule),
    Rule(MANAGEMENT, management_rule),
    Rule(OPERATION, operation_rule),
    Rule(DISTRIBUTION, distribution_rule),
    Rule(COLLECTIVE_INCOME, collective_income_rule),
    Rule(BENEFICIARIES, beneficiaries_rule),
    Rule(DISPOSAL, disposal_rule),
    Rule(SUPERVISION, supervision_rule),
    Rule(LEDGER, ledger_rule),
)
TABLES: tuple[DecisionTable[Any], ...] = (CLASS_TABLE, OWNER_TABLE, OWNER_SUGGESTION_TABLE,
                                          ARRANGEMENT_TABLE)
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("TRN-05", _C_FUND),
    ("ASSET-05", PLEDGE.citations[0]),
    ("ASSET-09", DISPOSAL_CHECK.citations[0]),
)

#: The rules whose NO is a refusal (ASSET-02's NO only says "outside the scope").
COMPLIANCE_RULE_IDS: Final = frozenset(r.id for r in RULES) - {"ASSET-02"}


@attrs.frozen
class AssetCheck:
    """The findings of every asset rule for one asset, and its refusals."""

    asset_id: str
    findings: tuple[Finding, ...]

    @property
    def refusals(self) -> tuple[Finding, ...]:
        """The findings that refuse (outcome NO of a compliance rule)."""
        return tuple(f for f in self.findings
                     if f.outcome is Outcome.NO and f.rule_id in COMPLIANCE_RULE_IDS)

    @property
    def in_scope(self) -> bool | None:
        """ASSET-02's answer (None when insufficient data)."""
        for f in self.findings:
            if f.rule_id == "ASSET-02":
                return None if f.outcome is Outcome.INSUFFICIENT_DATA else f.holds
        return None


def check_asset(asset: ProjectAsset, params: ParameterSet, on: dt.date,
                rules: Iterable[Rule[Any]] = RULES) -> AssetCheck:
    """Evaluate the asset rules (default: ASSET-01..11) on ``asset``."""
    return AssetCheck(asset.id, tuple(rule(asset, params, on) for rule in rules))


@attrs.frozen
class AssetDecision:
    """What the asset rules decided: in scope or not, and the refused rules."""

    in_scope: bool | None
    refused: tuple[str, ...]
    insufficient: tuple[str, ...]

    def aspects(self) -> Mapping[str, object]:
        """The comparable parts of the decision."""
        return {"in_scope": self.in_scope, "refused": frozenset(self.refused)}

    def to_json(self) -> dict[str, Any]:
        """The decision as JSON."""
        return {"in_scope": self.in_scope, "refused": list(self.refused),
                "insufficient": list(self.insufficient)}

    def summary(self, lang: str) -> str:
        """One line saying what was decided."""
        zh = lang == "zh"
        scope = {True: ("在摸底范围内", "in scope"), False: ("不在摸底范围", "out of scope"),
                 None: ("范围数据不足", "scope not assessed")}[self.in_scope]
        head = scope[0] if zh else scope[1]
        if self.refused:
            return (f"{head} · 不合规：{'、'.join(self.refused)}" if zh
                    else f"{head} · refused: {', '.join(self.refused)}")
        return f"{head} · 合规" if zh else f"{head} · compliant"


def assess_asset(asset: ProjectAsset, params: ParameterSet, on: dt.date,
                 input_sha256: str = "") -> Assessment[AssetDecision]:
    """Assess ``asset`` on ``on``: every finding, the decision, notices and provenance."""
    check = check_asset(asset, params, on)
    decision = AssetDecision(
        check.in_scope, tuple(f.rule_id for f in check.refusals),
        tuple(f.rule_id for f in check.findings if f.outcome is Outcome.INSUFFICIENT_DATA))
    return Assessment(asset.id, on, check.findings, decision,
                      stale_parameter_notices(check.findings, params, on),
                      Provenance.of(params, on, input_sha256))
