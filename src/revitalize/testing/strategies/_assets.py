"""Hypothesis strategies for project assets and their parts (ASSET-*), the industry
records (IND-01..06) and allocation inputs.

Every object passes construction and a JSON round trip. Towns are the
district's eight; ids are unique where the model asks for it (a register's
assets, an asset's pledges, disposals and income years, a linkage's
households). Every assessed field is sometimes "not assessed" (None).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final, TypeVar

from hypothesis import strategies as st

from ...models._fields import Identifier, Money, Name
from ...models.assets import (
    AssetClass,
    AssetRegister,
    AuditKind,
    BeneficiaryAction,
    BeneficiaryChange,
    BeneficiaryScope,
    CooperationForm,
    DisposalKind,
    DisposalReason,
    DisposalRecord,
    DistributionPart,
    DividendForm,
    DividendTerms,
    FeaturedIndustry,
    FundingShare,
    FundingSource,
    IncomeRecord,
    IncomeUse,
    Institution,
    LeadingEnterprise,
    LedgerEntry,
    LinkageForm,
    LinkageRecord,
    LinkageTie,
    Management,
    OperatingMode,
    OperatorType,
    Owner,
    OwnerType,
    ParkApplication,
    PerformanceEvaluation,
    Pledge,
    PledgeKind,
    PledgePurpose,
    PopulationChange,
    ProceedsUse,
    ProduceRecord,
    ProjectAsset,
    ProjectKind,
    ProvidentFundPurpose,
    ProvidentFundUse,
    VillageCollective,
)
from ...money import CONTEXT, FEN
from ...reading import EARLIEST_DATE, LATEST_DATE
from ._household import MONEY_MAX_YUAN, dates, identifiers, money, names, quantities, texts

__all__ = [
    "WANSHENG_TOWNS",
    "allocation_weights",
    "asset_registers",
    "beneficiary_changes",
    "disposal_records",
    "distribution_parts",
    "dividend_terms",
    "fen_amounts",
    "funding_shares",
    "income_records",
    "leading_enterprises",
    "ledger_entries",
    "linkage_records",
    "managements",
    "owners",
    "park_applications",
    "performance_evaluations",
    "pledges",
    "population_changes",
    "produce_records",
    "project_assets",
    "provident_fund_uses",
    "village_collectives",
]

T = TypeVar("T")

#: The district's eight towns (PLACE-01).
WANSHENG_TOWNS: Final = ("黑山镇", "青年镇", "丛林镇", "万东镇", "南桐镇", "关坝镇", "金桥镇",
                         "石林镇")


def fen_amounts(max_yuan: int = 10**9) -> st.SearchStrategy[Money]:
    """Money in whole fen from 0 to ``max_yuan`` (with 0 or 2 decimal places)."""
    return st.integers(0, max_yuan * 100).map(
        lambda units: Money(CONTEXT.multiply(Decimal(units), FEN)))


def allocation_weights(min_size: int = 1, max_size: int = 12,
                       ) -> st.SearchStrategy[dict[str, Decimal]]:
    """Positive Decimal weights keyed by beneficiary id (``B-0`` ...), at least one entry."""
    weight = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**6), places=4,
                         allow_nan=False, allow_infinity=False)
    return st.lists(st.tuples(st.integers(0, 10**4).map(lambda i: f"B-{i}"), weight),
                    min_size=min_size, max_size=max_size,
                    unique_by=lambda t: t[0]).map(dict)


def funding_shares() -> st.SearchStrategy[tuple[FundingShare, ...]]:
    """One to four funding shares with distinct sources."""
    return st.lists(
        st.builds(FundingShare, st.sampled_from(list(FundingSource)), fen_amounts(10**7)),
        min_size=1, max_size=4, unique_by=lambda f: f.source).map(tuple)


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


_MAYBE_BOOL: Final = st.none() | st.booleans()
_ANY_DAY: Final = dates(EARLIEST_DATE, LATEST_DATE)
_TOWN_NAMES: Final = st.sampled_from(WANSHENG_TOWNS).map(Name)


def _unique_ids(prefix: str, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.integers(0, 999).map(lambda i: f"{prefix}{i}"), max_size=max_size,
                    unique=True)


def owners() -> st.SearchStrategy[Owner]:
    """An asset's owner: any owner type with a Chinese name."""
    return st.builds(Owner, st.sampled_from(OwnerType), names())


def managements() -> st.SearchStrategy[Management]:
    """Management arrangements; every flag and the mode are sometimes not assessed."""
    return st.builds(
        Management,
        operating_mode=_maybe(st.sampled_from(OperatingMode)),
        cooperation_forms=st.lists(st.sampled_from(CooperationForm), unique=True).map(tuple),
        operating_plan=_MAYBE_BOOL, rights_and_duties=_MAYBE_BOOL, risk_control=_MAYBE_BOOL,
        upkeep_standard=_MAYBE_BOOL, chosen_by_household=_MAYBE_BOOL,
    )


def pledges(pledge_id: str | None = None) -> st.SearchStrategy[Pledge]:
    """A mortgage or pledge for any purpose, on any readable date, up to the money limit."""
    return st.builds(
        Pledge, id=st.just(Identifier(pledge_id)) if pledge_id else identifiers(),
        kind=st.sampled_from(PledgeKind), purpose=st.sampled_from(PledgePurpose), on=_ANY_DAY,
        amount=_maybe(money(MONEY_MAX_YUAN)))


def beneficiary_changes() -> st.SearchStrategy[BeneficiaryChange]:
    """A dated addition or removal of a beneficiary."""
    return st.builds(BeneficiaryChange, identifiers(), st.sampled_from(BeneficiaryAction),
                     _ANY_DAY)


def population_changes() -> st.SearchStrategy[PopulationChange]:
    """A dated change of the lifted population in an asset's scope."""
    return st.builds(PopulationChange, identifiers(), st.sampled_from(BeneficiaryAction),
                     _ANY_DAY)


def distribution_parts() -> st.SearchStrategy[DistributionPart]:
    """One use of an income record and its amount."""
    return st.builds(DistributionPart, st.sampled_from(IncomeUse), money(10**7))


def provident_fund_uses() -> st.SearchStrategy[ProvidentFundUse]:
    """Spending of the provident and public-welfare fund on one purpose."""
    return st.builds(ProvidentFundUse, st.sampled_from(ProvidentFundPurpose), money(10**7))


def income_records(year: int | None = None) -> st.SearchStrategy[IncomeRecord]:
    """A year's income (2012..2100, or ``year``) with its parts; the parts need not add up."""
    return st.builds(
        IncomeRecord,
        year=st.just(year) if year is not None else st.integers(2012, 2100),
        income=money(10**8),
        parts=st.lists(distribution_parts(), max_size=4).map(tuple),
        covered_by_rules=_MAYBE_BOOL, democratic_decision=_MAYBE_BOOL,
        provident_fund_uses=st.lists(provident_fund_uses(), max_size=3).map(tuple),
    )


def disposal_records(disposal_id: str | None = None) -> st.SearchStrategy[DisposalRecord]:
    """A disposal of any kind and reason, its proceeds and their use sometimes unknown."""
    return st.builds(
        DisposalRecord, id=st.just(Identifier(disposal_id)) if disposal_id else identifiers(),
        kind=st.sampled_from(DisposalKind), on=_ANY_DAY, reason=st.sampled_from(DisposalReason),
        clearance_done=_MAYBE_BOOL, procedure_followed=_MAYBE_BOOL,
        proceeds=_maybe(money(MONEY_MAX_YUAN)), proceeds_use=_maybe(st.sampled_from(ProceedsUse)))


def performance_evaluations() -> st.SearchStrategy[PerformanceEvaluation]:
    """A performance evaluation with any of the three judgements."""
    return st.builds(PerformanceEvaluation, st.booleans(), st.booleans(), st.booleans(),
                     _ANY_DAY)


def ledger_entries() -> st.SearchStrategy[LedgerEntry]:
    """A ledger entry of any class, sometimes dated."""
    return st.builds(LedgerEntry, st.sampled_from(AssetClass), names("局"),
                     _maybe(_ANY_DAY))


@st.composite
def project_assets(draw: st.DrawFn, asset_id: str | None = None) -> ProjectAsset:
    """A project asset of any class with funding, an owner, management, pledges, changes,
    income, disposals, supervision data and a ledger entry (each part sometimes absent).

    The project kind is drawn apart from the class, so it sometimes contradicts it
    (ASSET-01 reports that); completion and handover are on or after formation.
    """
    kind = draw(st.none() | st.sampled_from(list(ProjectKind)))
    cls = draw(st.sampled_from(list(AssetClass)))
    formed = draw(st.none() | dates(dt.date(2010, 1, 1), dt.date(2025, 12, 31)))
    after = formed or dt.date(2010, 1, 1)
    real_estate = draw(_MAYBE_BOOL)
    pledge_ids = draw(_unique_ids("P-", 2))
    disposal_ids = draw(_unique_ids("D-", 2))
    years = draw(st.lists(st.integers(2012, 2100), max_size=3, unique=True))
    return ProjectAsset(
        id=Identifier(asset_id or draw(st.integers(0, 10**6).map(lambda i: f"A-{i}"))),
        name=draw(names()), asset_class=cls, town=draw(_TOWN_NAMES),
        village=draw(_maybe(names("村"))), project_kind=kind,
        funding=draw(funding_shares()), formed_on=formed,
        completed_on=draw(_maybe(dates(after, dt.date(2030, 12, 31)))),
        owner=draw(_maybe(owners())),
        beneficiary_scope=draw(_maybe(st.sampled_from(BeneficiaryScope))),
        handed_over_on=draw(_maybe(dates(after, dt.date(2030, 12, 31)))),
        real_estate=real_estate,
        title_registered=draw(_MAYBE_BOOL) if real_estate else None,
        management=draw(managements()),
        pledges=tuple(draw(pledges(i)) for i in pledge_ids),
        beneficiary_changes=tuple(draw(st.lists(beneficiary_changes(), max_size=3))),
        population_changes=tuple(draw(st.lists(population_changes(), max_size=2))),
        income=tuple(draw(income_records(y)) for y in years),
        disposals=tuple(draw(disposal_records(i)) for i in disposal_ids),
        equity_investment=draw(_MAYBE_BOOL), equity_exit_terms=draw(_MAYBE_BOOL),
        specialised=draw(_MAYBE_BOOL), audit=draw(_maybe(st.sampled_from(AuditKind))),
        performance=draw(_maybe(performance_evaluations())),
        ledger=draw(_maybe(ledger_entries())),
        note=draw(_maybe(texts())),
    )


@st.composite
def asset_registers(draw: st.DrawFn, max_size: int = 8) -> AssetRegister:
    """A register of assets with unique ids."""
    n = draw(st.integers(0, max_size))
    return AssetRegister(tuple(draw(project_assets(asset_id=f"A-{i:03d}")) for i in range(n)),
                         on=draw(st.none() | dates(dt.date(2021, 1, 1), dt.date(2025, 12, 31))))


# --------------------------------------------------------------------------- industry (Ch6)


@st.composite
def dividend_terms(draw: st.DrawFn, household: str | None = None) -> DividendTerms:
    """A household's dividend terms of any form; the amounts that form uses are sometimes
    unknown, the others absent."""
    form = draw(st.sampled_from(DividendForm))
    priced = form in (DividendForm.FIXED, DividendForm.GUARANTEED_MINIMUM)
    weighted = form in (DividendForm.PERFORMANCE, DividendForm.GUARANTEED_MINIMUM)
    in_kind = form is DividendForm.IN_KIND
    return DividendTerms(
        household=Identifier(household) if household else draw(identifiers()), form=form,
        amount=draw(_maybe(money(10**6))) if priced else None,
        weight=draw(_maybe(quantities(10**4))) if weighted else None,
        quantity=draw(_maybe(quantities(10**4))) if in_kind else None,
        unit_value=draw(_maybe(money(10**4))) if in_kind else None,
    )


@st.composite
def linkage_records(draw: st.DrawFn) -> LinkageRecord:
    """A linkage with distinct households, some of them with dividend terms."""
    households = draw(_unique_ids("H-", 6))
    with_terms = draw(st.lists(st.sampled_from(households), unique=True)) if households else []
    return LinkageRecord(
        id=draw(identifiers()), operator=draw(names("合作社")),
        operator_type=draw(st.sampled_from(OperatorType)),
        form=draw(st.sampled_from(LinkageForm)),
        ties=tuple(draw(st.lists(st.sampled_from(LinkageTie), unique=True))),
        households=tuple(Identifier(h) for h in households),
        lifted_households=draw(_maybe(st.integers(0, 10**4))),
        dividends=tuple(draw(dividend_terms(h)) for h in with_terms),
    )


def leading_enterprises() -> st.SearchStrategy[LeadingEnterprise]:
    """An enterprise; the people it drives and its years of growth sometimes unknown."""
    return st.builds(LeadingEnterprise, id=identifiers(), name=names("公司"),
                     lifted_people_driven=_maybe(st.integers(0, 10**5)),
                     income_growth_years=_maybe(st.integers(0, 100)))


def park_applications() -> st.SearchStrategy[ParkApplication]:
    """A park application in a district town, for a featured industry or not."""
    return st.builds(ParkApplication, id=identifiers(), town=_TOWN_NAMES,
                     industry=_maybe(st.sampled_from(FeaturedIndustry)))


def village_collectives() -> st.SearchStrategy[VillageCollective]:
    """A village collective with some, all or no institutions (or not assessed)."""
    return st.builds(
        VillageCollective, id=identifiers(), town=_TOWN_NAMES, village=names("村"),
        institutions=_maybe(st.lists(st.sampled_from(Institution), unique=True).map(tuple)))


def produce_records() -> st.SearchStrategy[ProduceRecord]:
    """Stock and sales of a product; each quantity sometimes unknown."""
    return st.builds(
        ProduceRecord, id=identifiers(), product=names(), town=_TOWN_NAMES,
        period_end=dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
        stock=_maybe(quantities()), sales=_maybe(quantities()),
        previous_sales=_maybe(quantities()))
