"""ASSET-01..11: project asset rules, each with a passing and a refused case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.models.assets import (
    AssetClass,
    AuditKind,
    BeneficiaryAction,
    BeneficiaryChange,
    BeneficiaryScope,
    DisposalKind,
    DisposalRecord,
    DistributionPart,
    FundingShare,
    FundingSource,
    IncomeRecord,
    IncomeUse,
    LedgerEntry,
    Management,
    OperatingMode,
    Owner,
    OwnerType,
    PerformanceEvaluation,
    Pledge,
    PledgeKind,
    PledgePurpose,
    PopulationChange,
    ProceedsUse,
    ProjectAsset,
    ProjectKind,
    ProvidentFundPurpose,
    ProvidentFundUse,
)
from revitalize.models.transition import FiscalFundName
from revitalize.policy import assets as A
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.policy.registry import default_registry
from revitalize.testing.strategies import project_assets

ON = dt.date(2023, 6, 30)


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def operating(**changes: Any) -> ProjectAsset:
    base = ProjectAsset(
        id="A-1", name="海孔村食用菌大棚", asset_class=AssetClass.OPERATING, town="丛林镇",
        village="海孔村", project_kind=ProjectKind.INDUSTRY,
        funding=(FundingShare(FundingSource.LINKAGE_FUND, Decimal("300000")),),
        formed_on=dt.date(2019, 5, 1), completed_on=dt.date(2019, 10, 1),
        owner=Owner(OwnerType.VILLAGE_COLLECTIVE, "海孔村股份经济合作社"),
        beneficiary_scope=BeneficiaryScope.ONE_VILLAGE, real_estate=True, title_registered=True,
        management=Management(operating_mode=OperatingMode.LEASED, operating_plan=True,
                              rights_and_duties=True, risk_control=True),
        specialised=False,
        ledger=LedgerEntry(AssetClass.OPERATING, "区农林局"),
    )
    return attrs.evolve(base, **changes)


def public(**changes: Any) -> ProjectAsset:
    base = ProjectAsset(
        id="A-2", name="村组公路", asset_class=AssetClass.PUBLIC_WELFARE, town="青年镇",
        project_kind=ProjectKind.PUBLIC_INFRASTRUCTURE,
        funding=(FundingShare(FundingSource.DISTRICT_FISCAL, Decimal("100000")),),
        formed_on=dt.date(2020, 3, 1), completed_on=dt.date(2020, 9, 1),
        handed_over_on=dt.date(2020, 10, 1),
        owner=Owner(OwnerType.COMPETENT_SECTOR, "区交通局"), real_estate=False,
        management=Management(upkeep_standard=True), specialised=False,
        ledger=LedgerEntry(AssetClass.PUBLIC_WELFARE, "区交通局"),
    )
    return attrs.evolve(base, **changes)


def household(**changes: Any) -> ProjectAsset:
    base = ProjectAsset(
        id="A-3", name="到户种苗", asset_class=AssetClass.HOUSEHOLD, town="黑山镇",
        project_kind=ProjectKind.HOUSEHOLD_SUBSIDY,
        funding=(FundingShare(FundingSource.PAIRED_ASSISTANCE, Decimal("3000")),),
        formed_on=dt.date(2019, 3, 1), owner=Owner(OwnerType.HOUSEHOLD, "脱贫户甲"),
        real_estate=False,
        management=Management(operating_mode=OperatingMode.ENTRUSTED, chosen_by_household=True),
        specialised=False, ledger=LedgerEntry(AssetClass.HOUSEHOLD, "区乡村振兴局"),
    )
    return attrs.evolve(base, **changes)


def income(parts: dict[IncomeUse, str], total: str = "10000", **kw: Any) -> IncomeRecord:
    return IncomeRecord(2022, Decimal(total),
                        tuple(DistributionPart(u, Decimal(v)) for u, v in parts.items()), **kw)


def test_registry_has_every_asset_rule() -> None:
    """ASSET-01..11 are all registered."""
    reg = default_registry()
    assert all(f"ASSET-{i:02d}" in reg for i in range(1, 12))


@pytest.mark.parametrize("make", [operating, public, household])
def test_compliant_assets_pass_every_rule(make: Any, params: ParameterSet) -> None:
    """A well-kept asset of each class has no refusal and is in scope."""
    check = A.check_asset(make(), params, ON)
    assert check.refusals == ()
    assert check.in_scope is True


# --------------------------------------------------------------------------- ASSET-01


@given(st.sampled_from(list(ProjectKind)))
def test_classification_is_total(kind: ProjectKind) -> None:
    """Every project kind maps to exactly one class."""
    assert len(A.CLASS_TABLE.evaluate({"project_kind": kind})) == 1
    assert A.classify(kind) in AssetClass


@given(project_assets())
def test_every_asset_has_exactly_one_class(asset: ProjectAsset) -> None:
    """Any asset has one class; ASSET-01 says YES exactly when it matches its kind."""
    f = A.asset_class_rule(asset, default_parameters(), ON)
    assert isinstance(asset.asset_class, AssetClass)
    if asset.project_kind is None:
        assert f.outcome is Outcome.INSUFFICIENT_DATA
    else:
        assert f.holds == (A.classify(asset.project_kind) is asset.asset_class)


def test_unknown_project_kind_is_insufficient_not_consistent(params: ParameterSet) -> None:
    """ASSET-01 cannot confirm the class without the project kind: it names the field."""
    f = A.asset_class_rule(operating(project_kind=None), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("project_kind",)
    assert "project_kind" in f.reason("zh")
    assert A.asset_class_rule(operating(), params, ON).outcome is Outcome.YES


def test_class_that_contradicts_the_project_kind_is_refused(params: ParameterSet) -> None:
    """An industry project declared public-welfare is refused naming both."""
    f = A.asset_class_rule(operating(asset_class=AssetClass.PUBLIC_WELFARE), params, ON)
    assert f.outcome is Outcome.NO
    assert "公益性资产" in f.reason("zh") and "经营性资产" in f.reason("zh")
    assert "operating" in f.reason("en")


# --------------------------------------------------------------------------- ASSET-02


def test_scope_starts_on_the_eighteenth_party_congress(params: ParameterSet) -> None:
    """Formed on the scope start is in scope; the day before is out."""
    start = params.date("assets.scope_start", ON)
    assert A.scope_rule(operating(formed_on=start, completed_on=None), params, ON).holds
    before = operating(formed_on=start - relativedelta(days=1), completed_on=None)
    f = A.scope_rule(before, params, ON)
    assert f.outcome is Outcome.NO
    assert str(start) in f.reason("zh")


def test_only_listed_funding_sources_are_in_scope(params: ParameterSet) -> None:
    """Self-raised or other money alone is out of scope; any listed source brings it in."""
    own = (FundingShare(FundingSource.SELF_RAISED, Decimal(1000)),
           FundingShare(FundingSource.OTHER, Decimal(10)))
    assert A.scope_rule(operating(funding=own), params, ON).outcome is Outcome.NO
    for source in A.IN_SCOPE_SOURCES:
        funded = operating(funding=(FundingShare(source, Decimal(1)),))
        assert A.scope_rule(funded, params, ON).holds, source


def test_unknown_formation_date_is_insufficient(params: ParameterSet) -> None:
    """No formation date: insufficient data naming the field."""
    f = A.scope_rule(operating(formed_on=None, completed_on=None), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("formed_on",)


def test_linkage_fund_is_named_by_date(params: ParameterSet) -> None:
    """TRN-05: before the consolidation period the fund has its former name."""
    renamed = params.date("transition.plan_start", ON)
    day_before = renamed - relativedelta(days=1)
    fund = FundingSource.LINKAGE_FUND
    assert fund.label_on(day_before, "zh", renamed) == "财政专项扶贫资金"
    assert fund.label_on(renamed, "zh", renamed) == "衔接推进乡村振兴补助资金"
    assert fund.fund_name_on(day_before, renamed) is FiscalFundName.SPECIAL_POVERTY_ALLEVIATION
    assert fund.fund_name_on(renamed, renamed) is FiscalFundName.LINKAGE
    assert FundingSource.SOCIAL_DONATION.fund_name_on(renamed, renamed) is None
    assert A.funding_labels(operating(), params, ON, "zh") == ("衔接推进乡村振兴补助资金",)


# --------------------------------------------------------------------------- ASSET-03


def test_public_welfare_asset_left_with_the_builder_is_refused(params: ParameterSet) -> None:
    """After completion and the handover period, a builder-held asset is refused."""
    days = params.integer("assets.handover_days", ON)
    completed = ON - relativedelta(days=days + 1)
    a = public(owner=Owner(OwnerType.BUILDER, "某建设公司"), completed_on=completed,
               handed_over_on=None, formed_on=completed)
    f = A.ownership_rule(a, params, ON)
    assert f.outcome is Outcome.NO
    assert A.Issue.LEFT_WITH_BUILDER in f.values["issues"]  # type: ignore[operator]
    assert A.Issue.HANDOVER_OVERDUE in f.values["issues"]  # type: ignore[operator]
    assert "项目实施单位" in f.reason("zh")
    assert "left with builder" in f.reason("en")


def test_builder_may_hold_within_the_handover_period(params: ParameterSet) -> None:
    """On the last day of the handover period the builder still holding it is not refused."""
    days = params.integer("assets.handover_days", ON)
    completed = ON - relativedelta(days=days)
    a = public(owner=Owner(OwnerType.BUILDER, "某建设公司"), completed_on=completed,
               handed_over_on=None, formed_on=completed)
    assert A.ownership_rule(a, params, ON).holds


@pytest.mark.parametrize(("make", "owner", "ok"), [
    (household, OwnerType.HOUSEHOLD, True),
    (household, OwnerType.VILLAGE_COLLECTIVE, False),
    (operating, OwnerType.INDIVIDUAL, True),
    (operating, OwnerType.COMPETENT_SECTOR, False),
    (public, OwnerType.VILLAGE_COLLECTIVE, True),
    (public, OwnerType.OPERATOR, False),
])
def test_owner_must_fit_the_class(make: Any, owner: OwnerType, ok: bool,
                                  params: ParameterSet) -> None:
    """Household-level assets belong to the household; the others by OWNER_TABLE."""
    f = A.ownership_rule(make(owner=Owner(owner, "某")), params, ON)
    assert f.holds is ok
    if not ok:
        assert A.Issue.OWNER_NOT_ALLOWED in f.values["issues"]  # type: ignore[operator]


def test_real_estate_needs_title_registration(params: ParameterSet) -> None:
    """Real estate of any class without registration is refused; unknown is insufficient."""
    assert A.ownership_rule(operating(title_registered=False), params, ON).outcome is Outcome.NO
    f = A.ownership_rule(public(real_estate=True, title_registered=None), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("title_registered",)


def test_missing_owner_is_refused_and_owner_suggested_by_scope(params: ParameterSet) -> None:
    """No owner is refused; the suggestion follows the beneficiary scope."""
    f = A.ownership_rule(operating(owner=None), params, ON)
    assert f.outcome is Outcome.NO
    assert f.values["suggested_owner"] is OwnerType.VILLAGE_COLLECTIVE
    assert A.suggested_owner(BeneficiaryScope.DISTRICT) is OwnerType.STATE_ENTITY


# --------------------------------------------------------------------------- ASSET-04


@pytest.mark.parametrize(("make", "field", "arrangement"), [
    (operating, "operating_plan", A.Arrangement.OPERATING_PLAN),
    (operating, "risk_control", A.Arrangement.RISK_CONTROL),
    (public, "upkeep_standard", A.Arrangement.UPKEEP_STANDARD),
    (household, "chosen_by_household", A.Arrangement.HOUSEHOLD_CHOICE),
])
def test_missing_arrangement_is_refused(make: Any, field: str, arrangement: A.Arrangement,
                                        params: ParameterSet) -> None:
    """Each class's required arrangement, when false, is named in the refusal."""
    a = make()
    bad = attrs.evolve(a, management=attrs.evolve(a.management, **{field: False}))
    f = A.management_rule(bad, params, ON)
    assert f.outcome is Outcome.NO
    assert f.values["absent"] == (arrangement,)
    assert arrangement.label_zh in f.reason("zh")


def test_household_asset_leased_out_is_not_the_households_choice(params: ParameterSet) -> None:
    """A household-level asset must be self-operated or entrusted."""
    a = household(management=Management(operating_mode=OperatingMode.LEASED,
                                        chosen_by_household=True))
    assert A.management_rule(a, params, ON).outcome is Outcome.NO


def test_unassessed_arrangement_is_insufficient(params: ParameterSet) -> None:
    """An arrangement not assessed is named, never taken as done."""
    a = public(management=Management())
    f = A.management_rule(a, params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("management.upkeep_standard",)


# --------------------------------------------------------------------------- ASSET-05


def test_pledge_for_consumption_is_refused(params: ParameterSet) -> None:
    """A pledge for consumption is refused with the citation; one for production is allowed."""
    a = operating()
    bad = Pledge("P-1", PledgeKind.PLEDGE, PledgePurpose.CONSUMPTION, dt.date(2023, 1, 1))
    f = A.check_pledge(a, bad, params, ON)
    assert f.outcome is Outcome.NO
    assert "扩大再生产" in f.reason("zh") and "消费" in f.reason("zh")
    assert any("扩大再生产" in c.quote for c in f.spec.citations)
    good = attrs.evolve(bad, purpose=PledgePurpose.EXPAND_PRODUCTION)
    assert A.check_pledge(a, good, params, ON).holds
    assert A.operation_rule(operating(pledges=(bad,)), params, ON).outcome is Outcome.NO


def test_pledgeable_classes_come_from_the_parameter(params: ParameterSet) -> None:
    """A public-welfare asset may not be pledged by default, and may when a reform allows it."""
    pledge = Pledge("P-1", PledgeKind.MORTGAGE, PledgePurpose.EXPAND_PRODUCTION, ON)
    classes = params.names("assets.pledgeable_classes", ON)
    assert AssetClass.PUBLIC_WELFARE.value not in classes
    assert A.check_pledge(public(), pledge, params, ON).outcome is Outcome.NO
    reform = params.reform({"assets.pledgeable_classes": [
        {"start": ON, "value": [*classes, "public_welfare"]}]})
    assert A.check_pledge(public(), pledge, reform, ON).holds


def test_operating_mode_outside_the_parameter_is_refused(params: ParameterSet) -> None:
    """Every listed mode passes; a mode removed by a reform is refused."""
    for mode in params.names("assets.operating_modes", ON):
        a = operating(management=attrs.evolve(operating().management,
                                              operating_mode=OperatingMode.parse(mode)))
        assert A.operation_rule(a, params, ON).holds, mode
    reform = params.reform({"assets.operating_modes": [{"start": ON, "value": ["leased"]}]})
    a = operating(management=attrs.evolve(operating().management,
                                          operating_mode=OperatingMode.JOINT_STOCK))
    assert A.operation_rule(a, reform, ON).outcome is Outcome.NO


# --------------------------------------------------------------------------- ASSET-06


def test_distribution_with_priority_passes(params: ParameterSet) -> None:
    """Income shared first with lifted households and villages, summing exactly, passes."""
    r = income({IncomeUse.LIFTED_HOUSEHOLD: "6000", IncomeUse.LIFTED_VILLAGE: "2000",
                IncomeUse.PUBLIC_WELFARE_PROJECT: "2000"}, covered_by_rules=True)
    f = A.distribution_rule(operating(income=(r,)), params, ON)
    assert f.holds
    assert f.values["priority"] == Decimal(8000)


def test_distribution_without_priority_or_decision_is_refused(params: ParameterSet) -> None:
    """No priority share and an unnamed use without democratic decision are both refused."""
    r = income({IncomeUse.GRASSROOTS_ORGANISATION: "7000", IncomeUse.OTHER: "3000"},
               covered_by_rules=True, democratic_decision=False)
    f = A.distribution_rule(operating(income=(r,)), params, ON)
    assert f.outcome is Outcome.NO
    assert set(f.values["issues"]) == {  # type: ignore[call-overload]
        A.Issue.PRIORITY_NOT_SERVED, A.Issue.DEMOCRATIC_DECISION_MISSING}
    assert "民主决策" in f.reason("zh") and "democratic decision" in f.reason("en")


def test_plan_outside_the_rules_needs_a_democratic_decision(params: ParameterSet) -> None:
    """A plan the rules do not fix needs the decision: unknown is insufficient, yes passes."""
    parts = {IncomeUse.LIFTED_HOUSEHOLD: "10000"}
    unknown = income(parts, covered_by_rules=False)
    f = A.distribution_rule(operating(income=(unknown,)), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    taken = income(parts, covered_by_rules=False, democratic_decision=True)
    assert A.distribution_rule(operating(income=(taken,)), params, ON).holds


def test_parts_must_sum_to_the_income(params: ParameterSet) -> None:
    """A fen missing from the parts is refused."""
    r = income({IncomeUse.LIFTED_HOUSEHOLD: "9999.99"}, covered_by_rules=True)
    f = A.distribution_rule(operating(income=(r,)), params, ON)
    assert A.Issue.PARTS_DO_NOT_SUM in f.values["issues"]  # type: ignore[operator]


def test_priority_minimum_share_from_the_parameter(params: ParameterSet) -> None:
    """Just at the minimum share passes; a fen below is refused."""
    share = Decimal("0.6")
    reform = params.reform({"assets.priority_min_share": str(share)})
    at = reform.decimal("assets.priority_min_share", ON) * 10000
    ok = income({IncomeUse.LIFTED_HOUSEHOLD: str(at), IncomeUse.PUBLIC_WELFARE_PROJECT:
                 str(10000 - at)}, covered_by_rules=True)
    assert A.distribution_rule(operating(income=(ok,)), reform, ON).holds
    low = income({IncomeUse.LIFTED_HOUSEHOLD: str(at - Decimal("0.01")),
                  IncomeUse.PUBLIC_WELFARE_PROJECT: str(10000 - at + Decimal("0.01"))},
                 covered_by_rules=True)
    assert A.distribution_rule(operating(income=(low,)), reform, ON).outcome is Outcome.NO


def test_assets_titled_to_households_are_outside_distribution(params: ParameterSet) -> None:
    """ASSET-11: assets of households or other operators are managed by them."""
    f = A.distribution_rule(household(), params, ON)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert "自主管理" in f.reason("zh")
    assert A.ledger_rule(household(), params, ON).values["self_managed"] is True


@given(st.integers(0, 10**9))
def test_distribution_plan_sums_exactly(units: int) -> None:
    """A plan by shares always sums to the income."""
    amount = Decimal(units) / 100
    plan = A.distribution_plan(amount, {IncomeUse.LIFTED_HOUSEHOLD: Decimal("0.55"),
                                        IncomeUse.LIFTED_VILLAGE: Decimal("0.15"),
                                        IncomeUse.PROVIDENT_FUND: Decimal("0.3")})
    assert sum(p.amount for p in plan) == amount


# --------------------------------------------------------------------------- ASSET-07


def test_provident_fund_focus_is_checked(params: ParameterSet) -> None:
    """Spending exactly the minimum focus share passes; below it is refused."""
    focus = params.decimal("assets.provident_fund_focus_min_share", ON)
    spent = Decimal(1000)
    on_focus = (spent * focus).quantize(Decimal("0.01"))

    def record(focus_amount: Decimal) -> IncomeRecord:
        return income({IncomeUse.LIFTED_HOUSEHOLD: "9000", IncomeUse.PROVIDENT_FUND: "1000"},
                      covered_by_rules=True, provident_fund_uses=(
                          ProvidentFundUse(ProvidentFundPurpose.OPERATION_MAINTENANCE,
                                           focus_amount),
                          ProvidentFundUse(ProvidentFundPurpose.OTHER, spent - focus_amount)))

    assert A.collective_income_rule(operating(income=(record(on_focus),)), params, ON).holds
    f = A.collective_income_rule(
        operating(income=(record(on_focus - Decimal("0.01")),)), params, ON)
    assert f.outcome is Outcome.NO
    assert A.Issue.PROVIDENT_OFF_FOCUS in f.values["issues"]  # type: ignore[operator]


def test_provident_fund_cap_from_the_parameter(params: ParameterSet) -> None:
    """A provident part above the capped share is refused."""
    reform = params.reform({"assets.provident_fund_max_share": "0.2"})
    r = income({IncomeUse.LIFTED_HOUSEHOLD: "7900", IncomeUse.PROVIDENT_FUND: "2100"},
               covered_by_rules=True)
    f = A.collective_income_rule(operating(income=(r,)), reform, ON)
    assert A.Issue.PROVIDENT_ABOVE_CAP in f.values["issues"]  # type: ignore[operator]
    ok = income({IncomeUse.LIFTED_HOUSEHOLD: "8000", IncomeUse.PROVIDENT_FUND: "2000"},
                covered_by_rules=True)
    assert A.collective_income_rule(operating(income=(ok,)), reform, ON).holds


def test_collective_rule_only_for_collective_assets(params: ParameterSet) -> None:
    """ASSET-07 does not apply to assets not titled to the village collective."""
    a = operating(owner=Owner(OwnerType.STATE_ENTITY, "区国资公司"))
    assert A.collective_income_rule(a, params, ON).outcome is Outcome.NOT_APPLICABLE


# --------------------------------------------------------------------------- ASSET-08


def test_beneficiary_list_follows_the_lifted_population(params: ParameterSet) -> None:
    """A removal not reflected within the period is refused; in time it passes."""
    days = params.integer("assets.beneficiary_adjustment_days", ON)
    change_on = ON - relativedelta(days=days)
    pop = (PopulationChange("H-9", BeneficiaryAction.REMOVE, change_on),)
    added = BeneficiaryChange("H-9", BeneficiaryAction.ADD, dt.date(2021, 1, 1))
    stale = operating(population_changes=pop, beneficiary_changes=(added,))
    f = A.beneficiaries_rule(stale, params, ON)
    assert f.outcome is Outcome.NO
    assert f.values["not_adjusted"] == ("H-9",)
    removed = BeneficiaryChange("H-9", BeneficiaryAction.REMOVE, ON)
    assert A.beneficiaries_rule(attrs.evolve(stale, beneficiary_changes=(added, removed)),
                                params, ON).holds


def test_a_change_not_yet_due_is_not_refused(params: ParameterSet) -> None:
    """A change younger than the adjustment period is not yet due."""
    days = params.integer("assets.beneficiary_adjustment_days", ON)
    pop = (PopulationChange("H-9", BeneficiaryAction.ADD, ON - relativedelta(days=days - 1)),)
    assert A.beneficiaries_rule(operating(population_changes=pop), params, ON).holds


def test_beneficiaries_replay_dated_changes() -> None:
    """The list on a date replays the adds and removals up to it."""
    a = operating(beneficiary_changes=(
        BeneficiaryChange("H-1", BeneficiaryAction.ADD, dt.date(2021, 1, 1)),
        BeneficiaryChange("H-1", BeneficiaryAction.REMOVE, dt.date(2022, 1, 1)),
        BeneficiaryChange("H-2", BeneficiaryAction.ADD, dt.date(2021, 6, 1))))
    assert a.beneficiaries_on(dt.date(2021, 12, 31)) == {"H-1", "H-2"}
    assert a.beneficiaries_on(dt.date(2022, 1, 1)) == {"H-2"}


# --------------------------------------------------------------------------- ASSET-09


def _disposal(**kw: Any) -> DisposalRecord:
    base = DisposalRecord("D-1", DisposalKind.SALE, dt.date(2023, 1, 1), clearance_done=True,
                          procedure_followed=True, proceeds=Decimal(5000),
                          proceeds_use=ProceedsUse.CONSOLIDATION_REVITALIZATION)
    return attrs.evolve(base, **kw)


def test_disposal_outside_the_procedure_is_refused(params: ParameterSet) -> None:
    """A collective asset sold without the procedure is refused saying why."""
    f = A.check_disposal(operating(), _disposal(procedure_followed=False), params, ON)
    assert f.outcome is Outcome.NO
    assert "随意处置" in f.reason("zh")
    assert "disposal outside procedure" in f.reason("en")
    assert A.check_disposal(operating(), _disposal(), params, ON).holds


def test_collective_proceeds_must_be_earmarked(params: ParameterSet) -> None:
    """Collective proceeds used elsewhere are refused; a state asset's are not checked."""
    bad = _disposal(proceeds_use=ProceedsUse.OTHER)
    f = A.disposal_rule(operating(disposals=(bad,)), params, ON)
    assert A.Issue.PROCEEDS_NOT_EARMARKED in f.values["issues"]  # type: ignore[operator]
    state = operating(owner=Owner(OwnerType.STATE_ENTITY, "区国资公司"), disposals=(bad,))
    assert A.disposal_rule(state, params, ON).holds


def test_equity_needs_exit_terms(params: ParameterSet) -> None:
    """Shares held in the collective's name without exit terms are refused."""
    a = operating(equity_investment=True, equity_exit_terms=False)
    assert A.disposal_rule(a, params, ON).outcome is Outcome.NO
    assert A.disposal_rule(attrs.evolve(a, equity_exit_terms=True), params, ON).holds


# --------------------------------------------------------------------------- ASSET-10


def test_specialised_asset_needs_expert_or_third_party_audit(params: ParameterSet) -> None:
    """No audit of a specialised asset is refused; an expert or audit firm passes."""
    a = operating(specialised=True, audit=AuditKind.NONE)
    assert A.supervision_rule(a, params, ON).outcome is Outcome.NO
    for kind in (AuditKind.EXPERT, AuditKind.THIRD_PARTY_AUDIT):
        assert A.supervision_rule(attrs.evolve(a, audit=kind), params, ON).holds


def test_supervisors_by_level_and_performance_bonus(params: ParameterSet) -> None:
    """The village organisation supervises collective assets; three goods raise subsidy."""
    assert A.Supervisor.VILLAGE_ORGANISATION in A.supervisors(operating())
    assert A.Supervisor.VILLAGE_ORGANISATION not in A.supervisors(public())
    good = PerformanceEvaluation(True, True, True, dt.date(2022, 12, 31))
    f = A.supervision_rule(operating(performance=good), params, ON)
    assert f.values["more_subsidy"] is True
    weak = attrs.evolve(good, evaluated_well=False)
    assert A.supervision_rule(operating(performance=weak), params, ON).values[
        "more_subsidy"] is False
    assert A.SUPERVISION_DUTIES[0].supervisor is A.Supervisor.MUNICIPAL


# --------------------------------------------------------------------------- ASSET-11


def test_ledger_missing_or_of_another_class_is_refused(params: ParameterSet) -> None:
    """An asset needs a ledger entry of its own class."""
    assert A.ledger_rule(operating(ledger=None), params, ON).outcome is Outcome.NO
    other = LedgerEntry(AssetClass.PUBLIC_WELFARE, "区农林局")
    f = A.ledger_rule(operating(ledger=other), params, ON)
    assert f.values["issues"] == (A.Issue.LEDGER_CLASS_MISMATCH,)


def test_one_ledger_per_class() -> None:
    """ledgers() groups the assets by class, every class present."""
    books = A.ledgers([operating(), public(), household(), operating(id="A-9")])
    assert [a.id for a in books[AssetClass.OPERATING]] == ["A-1", "A-9"]
    assert set(books) == set(AssetClass)


# --------------------------------------------------------------------------- model & output


def test_completion_before_formation_is_invalid() -> None:
    """A completion date before formation is refused at construction with its path."""
    with pytest.raises(InvalidInputError, match=r"\$\.completed_on"):
        operating(completed_on=dt.date(2018, 1, 1))


def test_findings_carry_both_languages_values_and_citations(params: ParameterSet) -> None:
    """Every finding renders in Chinese and English and cites the plan."""
    a = operating(title_registered=False)
    for f in A.check_asset(a, params, ON).findings:
        assert f.reason("zh") and f.reason("en")
        assert f.spec.citations
        assert f.to_json()["reason_zh"]
    f = A.ownership_rule(a, params, ON)
    assert "不动产未依法办理确权登记" in f.reason("zh")
    assert "real estate title not registered" in f.reason("en")


def test_assessment_decision_lists_refused_rules(params: ParameterSet) -> None:
    """assess_asset's decision names the refused rules and renders."""
    a = operating(ledger=None)
    assessment = A.assess_asset(a, params, ON)
    assert assessment.decision.refused == ("ASSET-11",)
    assert "ASSET-11" in assessment.render("en")
