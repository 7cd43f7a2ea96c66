"""Poverty-alleviation project assets (Ch10) and industry linkage records (Ch6).

A :class:`ProjectAsset` (扶贫项目资产) has exactly one :class:`AssetClass`
(ASSET-01), typed funding sources with amounts (ASSET-02, TRN-05), a formation
date, an owner (ASSET-03), management and operating arrangements (ASSET-04,
ASSET-05), pledges, beneficiaries with dated changes (ASSET-08), income and
distribution records (ASSET-06, ASSET-07), disposals (ASSET-09), supervision
data (ASSET-10) and its ledger entry (ASSET-11).

The industry records are the linkage between operators and households
(IND-02), dividend terms (IND-01), leading enterprises (IND-03), park
applications (IND-04), village collective economic organisations (IND-05) and
produce stock and sales (IND-06).

Unknown is a value: a flag that was not assessed is ``None`` and the rules
answer "insufficient data" naming the field.

>>> import datetime as dt
>>> from decimal import Decimal
>>> a = ProjectAsset(
...     id="A-001", name="海孔村食用菌大棚", asset_class=AssetClass.OPERATING,
...     town="丛林镇", village="海孔村", formed_on=dt.date(2019, 5, 1),
...     funding=(FundingShare(FundingSource.LINKAGE_FUND, Decimal("300000")),
...              FundingShare(FundingSource.SOCIAL_DONATION, Decimal("50000.50"))),
... )
>>> a.value
Decimal('350000.50')
>>> renamed = dt.date(2021, 1, 1)  # policy code reads it from transition.plan_start
>>> FundingSource.LINKAGE_FUND.label_on(dt.date(2020, 12, 31), "zh", renamed)
'财政专项扶贫资金'
>>> FundingSource.LINKAGE_FUND.label_on(dt.date(2021, 1, 1), "zh", renamed)
'衔接推进乡村振兴补助资金'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final

import attrs

from ..errors import InvalidInputError
from ..money import CONTEXT
from ._enums import LabelledEnum
from ._fields import (
    Identifier,
    Money,
    Name,
    Quantity,
    Text,
    enum_member,
    identifier,
    instance_of,
    int_between,
    iso_date,
    money,
    optional,
    quantity,
    strict_bool,
    text,
    tuple_of,
    unique,
)
from ._fields import name as _name
from .transition import FiscalFundName

__all__ = [
    "FORMER_SPECIAL_FUND_ZH",
    "AssetClass",
    "AssetRegister",
    "AuditKind",
    "BeneficiaryAction",
    "BeneficiaryChange",
    "BeneficiaryScope",
    "CooperationForm",
    "DisposalKind",
    "DisposalReason",
    "DisposalRecord",
    "DistributionPart",
    "DividendForm",
    "DividendTerms",
    "FeaturedIndustry",
    "FundingShare",
    "FundingSource",
    "IncomeRecord",
    "IncomeUse",
    "Institution",
    "LeadingEnterprise",
    "LedgerEntry",
    "LinkageForm",
    "LinkageRecord",
    "LinkageTie",
    "Management",
    "OperatingMode",
    "OperatorType",
    "Owner",
    "OwnerType",
    "ParkApplication",
    "PerformanceEvaluation",
    "Pledge",
    "PledgeKind",
    "PledgePurpose",
    "PopulationChange",
    "ProceedsUse",
    "ProduceRecord",
    "ProjectAsset",
    "ProjectKind",
    "ProvidentFundPurpose",
    "ProvidentFundUse",
    "VillageCollective",
]

#: The name of the linkage fund before the consolidation period (TRN-05).
FORMER_SPECIAL_FUND_ZH: Final = FiscalFundName.SPECIAL_POVERTY_ALLEVIATION.label_zh


# --------------------------------------------------------------------------- enums (Ch10)


class AssetClass(LabelledEnum):
    """The class of a project asset (ASSET-01): exactly one per asset."""

    OPERATING = "operating", "经营性资产"
    PUBLIC_WELFARE = "public_welfare", "公益性资产"
    HOUSEHOLD = "household", "到户类资产"


class ProjectKind(LabelledEnum):
    """What kind of project formed the asset (国办函〔2021〕51号), ASSET-01.

    The kind decides the class: industry and employment projects form
    operating assets, public infrastructure and services form public-welfare
    assets, subsidies to households form household-level assets.
    """

    INDUSTRY = "industry", "产业项目"
    EMPLOYMENT = "employment", "就业项目"
    PUBLIC_INFRASTRUCTURE = "public_infrastructure", "公共基础设施项目"
    PUBLIC_SERVICE = "public_service", "公共服务项目"
    HOUSEHOLD_SUBSIDY = "household_subsidy", "到户补助项目"


class FundingSource(LabelledEnum):
    """A source of the funds that formed an asset (ASSET-02; TRN-05 for the linkage fund).

    ``LINKAGE_FUND`` is one fund under two names: 财政专项扶贫资金 before the
    consolidation period, 衔接推进乡村振兴补助资金 in it (:meth:`label_on`).
    ``SELF_RAISED`` and ``OTHER`` are outside ASSET-02's scope.
    """

    CENTRAL_FISCAL = "central_fiscal", "中央财政资金"
    MUNICIPAL_FISCAL = "municipal_fiscal", "市级财政资金"
    DISTRICT_FISCAL = "district_fiscal", "区级财政资金"
    TOWN_FISCAL = "town_fiscal", "镇级财政资金"
    LINKAGE_FUND = "linkage_fund", "衔接推进乡村振兴补助资金"
    LOCAL_GOVERNMENT_BOND = "local_government_bond", "地方政府债券资金"
    SOCIAL_DONATION = "social_donation", "社会捐赠"
    PAIRED_ASSISTANCE = "paired_assistance", "对口帮扶"
    SELF_RAISED = "self_raised", "自筹资金"
    OTHER = "other", "其他资金"

    def label_on(self, on: dt.date, lang: str, renamed_on: dt.date) -> str:
        """The label on ``on``: the linkage fund has its former name before ``renamed_on``."""
        if self is FundingSource.LINKAGE_FUND and on < renamed_on:
            return FiscalFundName.SPECIAL_POVERTY_ALLEVIATION.label(lang)
        return self.label(lang)

    def fund_name_on(self, on: dt.date, renamed_on: dt.date) -> FiscalFundName | None:
        """TRN-05's fund name of this source on ``on`` (None for sources other than the fund)."""
        if self is not FundingSource.LINKAGE_FUND:
            return None
        return (FiscalFundName.SPECIAL_POVERTY_ALLEVIATION if on < renamed_on
                else FiscalFundName.LINKAGE)


class OwnerType(LabelledEnum):
    """Who holds the title to an asset (ASSET-03)."""

    INDIVIDUAL = "individual", "获得收益的个人"
    HOUSEHOLD = "household", "农户"
    VILLAGE_COLLECTIVE = "village_collective", "村集体经济组织"
    COMPETENT_SECTOR = "competent_sector", "行业主管部门"
    STATE_ENTITY = "state_entity", "国有单位"
    OPERATOR = "operator", "其他经营主体"
    #: The builder or project implementer (项目实施单位): never the final owner after completion.
    BUILDER = "builder", "项目实施单位"


class BeneficiaryScope(LabelledEnum):
    """Who benefits from an asset (受益范围), which guides the owner of operating assets."""

    INDIVIDUALS = "individuals", "特定农户或个人"
    ONE_VILLAGE = "one_village", "本村"
    SEVERAL_VILLAGES = "several_villages", "跨村"
    DISTRICT = "district", "全区或跨镇"


class OperatingMode(LabelledEnum):
    """How an asset is run (ASSET-04, ASSET-05)."""

    ENTRUSTED = "entrusted", "委托"
    CONTRACTED_OUT = "contracted_out", "发包"
    LEASED = "leased", "出租"
    JOINT_OPERATION = "joint_operation", "联营"
    JOINT_STOCK = "joint_stock", "股份制"
    COOPERATIVE = "cooperative", "合作社"
    SELF_OPERATED = "self_operated", "自主经营"


class CooperationForm(LabelledEnum):
    """A form of cooperation with operators (ASSET-05, Ch10 §2)."""

    SHARE_COOPERATION = "share_cooperation", "股份合作"
    BUSINESS_TRUSTEESHIP = "business_trusteeship", "业务托管"
    COOPERATIVE_OPERATION = "cooperative_operation", "合作经营"
    RESTRUCTURING = "restructuring", "改制重组"


class PledgeKind(LabelledEnum):
    """Mortgage or pledge financing (ASSET-05)."""

    MORTGAGE = "mortgage", "抵押"
    PLEDGE = "pledge", "质押"


class PledgePurpose(LabelledEnum):
    """What a mortgage or pledge finances (ASSET-05: only expanding production is supported)."""

    EXPAND_PRODUCTION = "expand_production", "扩大再生产"
    CONSUMPTION = "consumption", "消费"
    DEBT_REPAYMENT = "debt_repayment", "偿还债务"
    GUARANTEE_FOR_OTHERS = "guarantee_for_others", "为他人提供担保"
    OTHER = "other", "其他用途"


class BeneficiaryAction(LabelledEnum):
    """A change of a beneficiary list or of the lifted population (ASSET-08)."""

    ADD = "add", "增加"
    REMOVE = "remove", "减少"


class IncomeUse(LabelledEnum):
    """A use of asset income (ASSET-06, ASSET-07)."""

    LIFTED_VILLAGE = "lifted_village", "扶持脱贫村"
    LIFTED_HOUSEHOLD = "lifted_household", "扶持脱贫户"
    GRASSROOTS_ORGANISATION = "grassroots_organisation", "农村基层组织建设"
    PUBLIC_WELFARE_PROJECT = "public_welfare_project", "乡村振兴公益性项目"
    LABOR_PARTICIPATION = "labor_participation", "参加村内项目建设劳动增收"
    PROVIDENT_FUND = "provident_fund", "公积公益金"
    OTHER = "other", "其他用途"


class ProvidentFundPurpose(LabelledEnum):
    """What the provident and public-welfare fund is spent on (ASSET-07)."""

    OPERATION_MAINTENANCE = "operation_maintenance", "项目运营管护"
    VILLAGE_PUBLIC_WELFARE = "village_public_welfare", "村级公益事业"
    OTHER = "other", "其他方面"


class DisposalKind(LabelledEnum):
    """How an asset is disposed of (ASSET-09)."""

    SALE = "sale", "出售"
    TRANSFER = "transfer", "转让"
    SCRAPPING = "scrapping", "报废"
    EQUITY_EXIT = "equity_exit", "股权退出"
    WRITE_OFF = "write_off", "核销"


class DisposalReason(LabelledEnum):
    """Why an asset is disposed of (local practice)."""

    DISASTER = "disaster", "自然灾害"
    ACCIDENT = "accident", "意外事故"
    PLANNING_CHANGE = "planning_change", "规划调整"
    END_OF_LIFE = "end_of_life", "达到使用年限"
    OTHER = "other", "其他原因"


class ProceedsUse(LabelledEnum):
    """Where disposal proceeds go (ASSET-09)."""

    CONSOLIDATION_REVITALIZATION = ("consolidation_revitalization",
                                    "巩固拓展脱贫攻坚成果和全面实现乡村振兴")
    OTHER = "other", "其他用途"


class AuditKind(LabelledEnum):
    """The supervisory check of a specialised asset (ASSET-10)."""

    EXPERT = "expert", "聘请相关专家"
    THIRD_PARTY_AUDIT = "third_party_audit", "第三方审计机构"
    NONE = "none", "未聘请"


# --------------------------------------------------------------------------- enums (Ch6)


class DividendForm(LabelledEnum):
    """A form of dividend (IND-01)."""

    FIXED = "fixed", "固定分红"
    GUARANTEED_MINIMUM = "guaranteed_minimum", "保底分红"
    PERFORMANCE = "performance", "效益分红"
    IN_KIND = "in_kind", "实物分红"


class LinkageForm(LabelledEnum):
    """A form of benefit linkage between an operator and households (IND-02)."""

    GUARANTEED_DIVIDEND = "guaranteed_dividend", "保底分红"
    SHARE_COOPERATION = "share_cooperation", "股份合作"
    PROFIT_RETURN = "profit_return", "利润返还"


class LinkageTie(LabelledEnum):
    """What ties lifted people to new operators (IND-02: 产权、资金、劳力、技术)."""

    PROPERTY_RIGHTS = "property_rights", "产权"
    FUNDS = "funds", "资金"
    LABOR = "labor", "劳力"
    TECHNOLOGY = "technology", "技术"


class OperatorType(LabelledEnum):
    """A new agricultural operator that links with households (IND-02)."""

    COOPERATIVE = "cooperative", "农民专业合作社"
    FAMILY_FARM = "family_farm", "家庭农场"
    AGRI_ENTERPRISE = "agri_enterprise", "涉农企业"
    ECOMMERCE_ENTERPRISE = "ecommerce_enterprise", "电子商务企业"


class FeaturedIndustry(LabelledEnum):
    """A featured industry of the district (IND-04)."""

    EDIBLE_FUNGI = "edible_fungi", "食用菌"
    KIWIFRUIT = "kiwifruit", "猕猴桃"
    TEA = "tea", "茶叶"
    BAMBOO_SHOOTS = "bamboo_shoots", "笋竹"
    SPECIALTY_FRUIT = "specialty_fruit", "特色水果"
    ECO_FISHERY = "eco_fishery", "生态渔业"


class Institution(LabelledEnum):
    """An institution a village collective economic organisation must have (IND-05)."""

    DEMOCRATIC_DECISION = "democratic_decision", "民主决策"
    OPERATIONS_MANAGEMENT = "operations_management", "经营管理"
    INCOME_DISTRIBUTION = "income_distribution", "收益分配"
    RISK_CONTROL = "risk_control", "风险防范"
    ASSET_SUPERVISION = "asset_supervision", "资产监管"
    FINANCIAL_SUPERVISION = "financial_supervision", "财务监管"


# --------------------------------------------------------------------------- helpers


def _opt_bool() -> Any:
    return attrs.field(default=None, validator=optional(strict_bool))


def _records(cls: type[Any], key: str | None = None, what: str = "id") -> Any:
    checks: list[Any] = [tuple_of(instance_of(cls))]
    if key is not None:
        checks.append(unique(lambda r: getattr(r, key), what))
    return attrs.field(default=(), validator=checks)


def _sum(amounts: Any) -> Decimal:
    total = Decimal(0)
    for a in amounts:
        total = CONTEXT.add(total, a)
    return total


# --------------------------------------------------------------------------- asset parts


@attrs.frozen
class FundingShare:
    """An amount of one funding source that went into an asset (ASSET-02)."""

    source: FundingSource = attrs.field(validator=enum_member(FundingSource))
    amount: Money = attrs.field(validator=money)


@attrs.frozen
class Owner:
    """The title holder of an asset: its type and name (ASSET-03)."""

    type: OwnerType = attrs.field(validator=enum_member(OwnerType))
    name: Name = attrs.field(validator=_name)


@attrs.frozen
class Management:
    """The management arrangements of an asset (ASSET-04, ASSET-05); None = not assessed.

    ``operating_plan``: an operating plan exists; ``rights_and_duties``: it
    fixes the parties' rights and duties; ``risk_control``: it provides risk
    control (operating assets). ``upkeep_standard``: a maintenance standard
    and norms exist (public-welfare assets). ``chosen_by_household``: the
    household itself chose self- or entrusted operation (household-level).
    """

    operating_mode: OperatingMode | None = attrs.field(
        default=None, validator=optional(enum_member(OperatingMode)))
    cooperation_forms: tuple[CooperationForm, ...] = attrs.field(
        default=(), validator=[tuple_of(enum_member(CooperationForm)),
                               unique(what="cooperation form")])
    operating_plan: bool | None = _opt_bool()
    rights_and_duties: bool | None = _opt_bool()
    risk_control: bool | None = _opt_bool()
    upkeep_standard: bool | None = _opt_bool()
    chosen_by_household: bool | None = _opt_bool()


@attrs.frozen
class Pledge:
    """A mortgage or pledge of the asset to raise finance (ASSET-05)."""

    id: Identifier = attrs.field(validator=identifier)
    kind: PledgeKind = attrs.field(validator=enum_member(PledgeKind))
    purpose: PledgePurpose = attrs.field(validator=enum_member(PledgePurpose))
    on: dt.date = attrs.field(validator=iso_date)
    amount: Money | None = attrs.field(default=None, validator=optional(money))


@attrs.frozen
class BeneficiaryChange:
    """A dated change of the asset's beneficiary list (ASSET-08)."""

    beneficiary: Identifier = attrs.field(validator=identifier)
    action: BeneficiaryAction = attrs.field(validator=enum_member(BeneficiaryAction))
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class PopulationChange:
    """A dated change of the lifted population in the asset's beneficiary scope (ASSET-08).

    ``household`` entered (``ADD``) or left (``REMOVE``) the lifted population
    the asset is meant to benefit.
    """

    household: Identifier = attrs.field(validator=identifier)
    action: BeneficiaryAction = attrs.field(validator=enum_member(BeneficiaryAction))
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class DistributionPart:
    """One use of an income record and its amount (ASSET-06, ASSET-07)."""

    use: IncomeUse = attrs.field(validator=enum_member(IncomeUse))
    amount: Money = attrs.field(validator=money)


@attrs.frozen
class ProvidentFundUse:
    """Spending of the provident and public-welfare fund on one purpose (ASSET-07)."""

    purpose: ProvidentFundPurpose = attrs.field(validator=enum_member(ProvidentFundPurpose))
    amount: Money = attrs.field(validator=money)


@attrs.frozen
class IncomeRecord:
    """The income of one year and how it was distributed (ASSET-06, ASSET-07).

    ``covered_by_rules``: the existing asset-management rules fix this
    distribution (False: the plan needs a democratic decision);
    ``democratic_decision``: the plan went through the democratic decision
    procedure.
    """

    year: int = attrs.field(validator=int_between(2012, 2100))
    income: Money = attrs.field(validator=money)
    parts: tuple[DistributionPart, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(DistributionPart)))
    covered_by_rules: bool | None = _opt_bool()
    democratic_decision: bool | None = _opt_bool()
    provident_fund_uses: tuple[ProvidentFundUse, ...] = attrs.field(
        default=(), validator=tuple_of(instance_of(ProvidentFundUse)))

    def part(self, use: IncomeUse) -> Decimal:
        """The total amount distributed to ``use``."""
        return _sum(p.amount for p in self.parts if p.use is use)

    @property
    def distributed(self) -> Decimal:
        """The total of the parts."""
        return _sum(p.amount for p in self.parts)


@attrs.frozen
class DisposalRecord:
    """A disposal of the asset, done or proposed (ASSET-09).

    ``clearance_done``: an asset clearance (资产清查) was carried out;
    ``procedure_followed``: the owner's regulated decision procedure was
    followed; ``proceeds_use``: where the proceeds go.
    """

    id: Identifier = attrs.field(validator=identifier)
    kind: DisposalKind = attrs.field(validator=enum_member(DisposalKind))
    on: dt.date = attrs.field(validator=iso_date)
    reason: DisposalReason = attrs.field(default=DisposalReason.OTHER,
                                         validator=enum_member(DisposalReason))
    clearance_done: bool | None = _opt_bool()
    procedure_followed: bool | None = _opt_bool()
    proceeds: Money | None = attrs.field(default=None, validator=optional(money))
    proceeds_use: ProceedsUse | None = attrs.field(
        default=None, validator=optional(enum_member(ProceedsUse)))


@attrs.frozen
class PerformanceEvaluation:
    """The performance evaluation of an asset (ASSET-10: 绩效制定好、运行好、评估好)."""

    goals_well_set: bool = attrs.field(validator=strict_bool)
    running_well: bool = attrs.field(validator=strict_bool)
    evaluated_well: bool = attrs.field(validator=strict_bool)
    on: dt.date = attrs.field(validator=iso_date)

    @property
    def all_good(self) -> bool:
        """All three are good: the asset earns more subsidy support."""
        return self.goals_well_set and self.running_well and self.evaluated_well


@attrs.frozen
class LedgerEntry:
    """The asset's entry in a management ledger (ASSET-11)."""

    ledger_class: AssetClass = attrs.field(validator=enum_member(AssetClass))
    competent_department: Name = attrs.field(validator=_name)
    entered_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))


# --------------------------------------------------------------------------- the asset


def _check_after_formation(inst: ProjectAsset, attribute: attrs.Attribute[Any],
                           value: Any) -> None:
    if value is not None and inst.formed_on is not None and value < inst.formed_on:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"{attribute.name} {value.isoformat()} is before formed_on "
            f"{inst.formed_on.isoformat()}; expected a date on or after it")


@attrs.frozen
class ProjectAsset:
    """A poverty-alleviation project asset (扶贫项目资产), Ch10.

    ``asset_class`` is the one class of ASSET-01 (``project_kind``, when
    known, must agree with it: ASSET-01's table). ``formed_on`` is when the
    asset was formed (None = not known); ``completed_on`` when construction
    was completed and ``handed_over_on`` when a public-welfare asset was
    handed over (ASSET-03). ``real_estate`` marks immovable property;
    ``title_registered`` its title registration. ``equity_investment`` marks
    assets invested as shares in an enterprise in the name of individuals or
    the village collective, ``equity_exit_terms`` whether the exit terms are
    fixed (ASSET-09). ``specialised`` marks assets that need expert or
    third-party checks (ASSET-10).
    """

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=_name)
    asset_class: AssetClass = attrs.field(validator=enum_member(AssetClass))
    town: Name = attrs.field(validator=_name)
    village: Name | None = attrs.field(default=None, validator=optional(_name))
    project_kind: ProjectKind | None = attrs.field(
        default=None, validator=optional(enum_member(ProjectKind)))
    funding: tuple[FundingShare, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(FundingShare)),
                               unique(lambda f: f.source, "funding source")])
    formed_on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))
    completed_on: dt.date | None = attrs.field(
        default=None, validator=[optional(iso_date), _check_after_formation])
    owner: Owner | None = attrs.field(default=None, validator=optional(instance_of(Owner)))
    beneficiary_scope: BeneficiaryScope | None = attrs.field(
        default=None, validator=optional(enum_member(BeneficiaryScope)))
    handed_over_on: dt.date | None = attrs.field(
        default=None, validator=[optional(iso_date), _check_after_formation])
    real_estate: bool | None = _opt_bool()
    title_registered: bool | None = _opt_bool()
    management: Management = attrs.field(factory=Management, validator=instance_of(Management))
    pledges: tuple[Pledge, ...] = _records(Pledge, "id", "pledge id")
    beneficiary_changes: tuple[BeneficiaryChange, ...] = _records(BeneficiaryChange)
    population_changes: tuple[PopulationChange, ...] = _records(PopulationChange)
    income: tuple[IncomeRecord, ...] = _records(IncomeRecord, "year", "income year")
    disposals: tuple[DisposalRecord, ...] = _records(DisposalRecord, "id", "disposal id")
    equity_investment: bool | None = _opt_bool()
    equity_exit_terms: bool | None = _opt_bool()
    specialised: bool | None = _opt_bool()
    audit: AuditKind | None = attrs.field(default=None, validator=optional(enum_member(AuditKind)))
    performance: PerformanceEvaluation | None = attrs.field(
        default=None, validator=optional(instance_of(PerformanceEvaluation)))
    ledger: LedgerEntry | None = attrs.field(
        default=None, validator=optional(instance_of(LedgerEntry)))
    note: Text | None = attrs.field(default=None, validator=optional(text))

    @property
    def value(self) -> Decimal:
        """The asset's value: the sum of its funding amounts (exact)."""
        return _sum(f.amount for f in self.funding)

    @property
    def sources(self) -> tuple[FundingSource, ...]:
        """The funding sources, in the order given."""
        return tuple(f.source for f in self.funding)

    def beneficiaries_on(self, on: dt.date) -> frozenset[str]:
        """The beneficiary ids on ``on``, replaying the dated changes in date order."""
        current: set[str] = set()
        for change in sorted(self.beneficiary_changes, key=lambda c: c.on):
            if change.on > on:
                break
            if change.action is BeneficiaryAction.ADD:
                current.add(change.beneficiary)
            else:
                current.discard(change.beneficiary)
        return frozenset(current)


@attrs.frozen
class AssetRegister:
    """A register of project assets, as read from a JSON file (ASSET-11's ledgers).

    ``on`` is the evaluation date the file asks for (None: the caller gives it).
    Asset ids are unique.
    """

    assets: tuple[ProjectAsset, ...] = attrs.field(
        validator=[tuple_of(instance_of(ProjectAsset)), unique(lambda a: a.id, "asset id")])
    on: dt.date | None = attrs.field(default=None, validator=optional(iso_date))


# --------------------------------------------------------------------------- industry (Ch6)


@attrs.frozen
class DividendTerms:
    """The dividend terms of one household under a linkage (IND-01).

    ``amount`` is the fixed dividend (``FIXED``) or the floor
    (``GUARANTEED_MINIMUM``); ``weight`` the household's shares in the profit
    pool (performance and guaranteed-minimum); ``quantity`` and
    ``unit_value`` the goods of an in-kind dividend.
    """

    household: Identifier = attrs.field(validator=identifier)
    form: DividendForm = attrs.field(validator=enum_member(DividendForm))
    amount: Money | None = attrs.field(default=None, validator=optional(money))
    weight: Quantity | None = attrs.field(default=None, validator=optional(quantity))
    quantity: Quantity | None = attrs.field(default=None, validator=optional(quantity))
    unit_value: Money | None = attrs.field(default=None, validator=optional(money))


@attrs.frozen
class LinkageRecord:
    """A benefit linkage between an operator and households (IND-02)."""

    id: Identifier = attrs.field(validator=identifier)
    operator: Name = attrs.field(validator=_name)
    operator_type: OperatorType = attrs.field(validator=enum_member(OperatorType))
    form: LinkageForm = attrs.field(validator=enum_member(LinkageForm))
    ties: tuple[LinkageTie, ...] = attrs.field(
        default=(), validator=[tuple_of(enum_member(LinkageTie)), unique(what="tie")])
    households: tuple[Identifier, ...] = attrs.field(
        default=(), validator=[tuple_of(identifier), unique(what="household")])
    lifted_households: int | None = attrs.field(default=None, validator=optional(int_between(0)))
    dividends: tuple[DividendTerms, ...] = _records(DividendTerms, "household", "household")


@attrs.frozen
class LeadingEnterprise:
    """An enterprise applying for leading-enterprise support (IND-03); None = not assessed.

    ``lifted_people_driven``: lifted people whose income it drives;
    ``income_growth_years``: consecutive years in which their income grew.
    """

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=_name)
    lifted_people_driven: int | None = attrs.field(default=None,
                                                   validator=optional(int_between(0)))
    income_growth_years: int | None = attrs.field(default=None,
                                                  validator=optional(int_between(0, 100)))


@attrs.frozen
class ParkApplication:
    """An application to create a modern agricultural industrial park (IND-04)."""

    id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=_name)
    industry: FeaturedIndustry | None = attrs.field(
        default=None, validator=optional(enum_member(FeaturedIndustry)))


@attrs.frozen
class VillageCollective:
    """A village collective economic organisation and its institutions (IND-05).

    ``institutions`` is None when not assessed.
    """

    id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=_name)
    village: Name = attrs.field(validator=_name)
    institutions: tuple[Institution, ...] | None = attrs.field(
        default=None, validator=optional(tuple_of(enum_member(Institution))))


@attrs.frozen
class ProduceRecord:
    """Stock and sales of a farm product in one period (IND-06); None = not assessed.

    ``sales`` is this period's sales, ``previous_sales`` the previous
    period's, in the same unit as ``stock``.
    """

    id: Identifier = attrs.field(validator=identifier)
    product: Name = attrs.field(validator=_name)
    town: Name = attrs.field(validator=_name)
    period_end: dt.date = attrs.field(validator=iso_date)
    stock: Quantity | None = attrs.field(default=None, validator=optional(quantity))
    sales: Quantity | None = attrs.field(default=None, validator=optional(quantity))
    previous_sales: Quantity | None = attrs.field(default=None, validator=optional(quantity))
