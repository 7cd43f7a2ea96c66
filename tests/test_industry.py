"""IND-01..06: dividends, linkage, leading enterprises, parks, collectives, unsold produce."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError, UnknownNameError
from revitalize.models.assets import (
    DividendForm,
    DividendTerms,
    FeaturedIndustry,
    Institution,
    LeadingEnterprise,
    LinkageForm,
    LinkageRecord,
    LinkageTie,
    OperatorType,
    ParkApplication,
    ProduceRecord,
    VillageCollective,
)
from revitalize.money import CONTEXT
from revitalize.policy import industry as I
from revitalize.policy.engine import Outcome, Polarity
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.policy.places import KEY_SUPPORT_TOWN_LIST
from revitalize.policy.registry import default_registry
from revitalize.testing.strategies import allocation_weights, fen_amounts

ON = dt.date(2023, 6, 30)


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def test_registry_has_every_industry_rule() -> None:
    """IND-01..06 are all registered."""
    assert all(f"IND-0{i}" in default_registry() for i in range(1, 7))


# --------------------------------------------------------------------------- IND-01

rates = st.decimals(min_value=0, max_value=1, places=2)


@given(fen_amounts(10**7), rates, allocation_weights(), st.data())
def test_guaranteed_minimum_never_below_the_floor(profit: Decimal, rate: Decimal,
                                                  weights: dict[str, Decimal],
                                                  data: st.DataObject) -> None:
    """Every household gets at least its floor; the shortfall is what exceeds the profit."""
    floors = {k: data.draw(fen_amounts(10**5)) for k in weights}
    p = I.guaranteed_minimum_dividends(profit, rate, floors, weights)
    assert all(p.parts[k] >= floors[k] for k in floors)
    assert p.total == sum(p.parts.values(), Decimal(0))
    assert p.shortfall == max(Decimal(0), p.total - profit)
    assert p.shortfall >= 0 and p.topped_up >= 0


@given(fen_amounts(10**7), rates, allocation_weights())
def test_performance_dividends_share_the_pool_exactly(profit: Decimal, rate: Decimal,
                                                      weights: dict[str, Decimal]) -> None:
    """The parts sum to the pool (rate × profit, to the fen) and never exceed the profit."""
    p = I.performance_dividends(profit, rate, weights)
    pool = CONTEXT.multiply(profit, rate)
    assert Decimal(0) <= pool - p.total < Decimal("0.01")
    assert p.shortfall == 0 and all(v >= 0 for v in p.parts.values())


def test_floors_above_profit_report_the_shortfall() -> None:
    """When floors exceed the profit the operator's shortfall is reported, floors still paid."""
    p = I.guaranteed_minimum_dividends(Decimal("100"), Decimal("0.5"),
                                       {"H1": Decimal("80"), "H2": Decimal("60")})
    assert dict(p.parts) == {"H1": Decimal("80.00"), "H2": Decimal("60.00")}
    assert p.shortfall == Decimal("40.00")


def test_fixed_and_in_kind_dividends() -> None:
    """Fixed dividends ignore the profit; in-kind dividends are valued to the fen."""
    assert I.fixed_dividends({"H1": Decimal(300)}, Decimal(0)).shortfall == Decimal("300.00")
    assert I.in_kind_dividends({"H1": Decimal("3")}, Decimal("3.335")).parts["H1"] == \
        Decimal("10.01")


def _linkage(*terms: DividendTerms, lifted: int | None = 2) -> LinkageRecord:
    return LinkageRecord("L-1", "丛林食用菌专业合作社", OperatorType.COOPERATIVE,
                         LinkageForm.GUARANTEED_DIVIDEND, (LinkageTie.FUNDS,),
                         ("H1", "H2"), lifted, terms)


def _short_link() -> LinkageRecord:
    return _linkage(
        DividendTerms("H1", DividendForm.GUARANTEED_MINIMUM, amount=Decimal(500),
                      weight=Decimal(1)),
        DividendTerms("H2", DividendForm.FIXED, amount=Decimal(400)),
        DividendTerms("H3", DividendForm.IN_KIND, quantity=Decimal(10), unit_value=Decimal(5)))


def test_dividend_rule_settles_a_guaranteed_dividend_beyond_the_profit(
        params: ParameterSet) -> None:
    """IND-01: dividends beyond the profit are settled, the shortfall reported, not refused."""
    f = I.dividends_rule(I.LinkageSettlement(_short_link(), Decimal(800), Decimal("0.5")),
                         params, ON)
    assert f.outcome is Outcome.YES
    assert f.spec.polarity is Polarity.INFO
    assert f.values["shortfall"] == Decimal("150.00") and f.values["total"] == Decimal("950.00")
    assert "150.00" in f.reason("zh") and "150.00" in f.reason("en")


def test_profit_check_is_an_opt_in_reading(params: ParameterSet) -> None:
    """IND-01.profit applies only under the reading that profit must cover the dividends."""
    short = I.LinkageSettlement(_short_link(), Decimal(800), Decimal("0.5"))
    off = I.dividends_profit_rule(short, params, ON)
    assert params.choice("industry.dividend_profit_check", ON) == "plan"
    assert off.outcome is Outcome.NOT_APPLICABLE
    assert "industry.dividend_profit_check" in off.reason("en")
    on = params.reform({"industry.dividend_profit_check": "profit_covers_dividends"})
    f = I.dividends_profit_rule(short, on, ON)
    assert f.outcome is Outcome.NO and f.spec.polarity is Polarity.YES_IS_OK
    assert f.values["shortfall"] == Decimal("150.00")
    assert "解读" in f.spec.title_zh and "reading" in f.spec.title_en
    # just inside: the profit exactly covers the 950.00 owed
    covered = I.LinkageSettlement(_short_link(), Decimal(950), Decimal("0.5"))
    assert I.dividends_profit_rule(covered, on, ON).outcome is Outcome.YES
    assert "IND-01.profit" in default_registry()


def test_dividend_citations_name_the_distribution_forms() -> None:
    """IND-01 cites the plan's dividend forms, and no passage about profit covering them."""
    quotes = " ".join(c.quote for c in I.DIVIDENDS.citations)
    for form in ("固定分红", "保底分红", "效益分红", "实物分红"):
        assert form in quotes
    assert "利润" not in quotes.replace("利润返还", "")


def test_dividend_terms_missing_values_are_refused() -> None:
    """A guaranteed-minimum term without a floor is an input error naming the household."""
    with pytest.raises(InvalidInputError, match=r"H1"):
        I.settle_dividends((DividendTerms("H1", DividendForm.GUARANTEED_MINIMUM,
                                          weight=Decimal(1)),), Decimal(1), Decimal(1))


# --------------------------------------------------------------------------- IND-02


def test_linkage_needs_lifted_households(params: ParameterSet) -> None:
    """A typed linkage with lifted households holds; none is NO; unknown is insufficient."""
    assert I.linkage_rule(_linkage(), params, ON).holds
    assert I.linkage_rule(_linkage(lifted=0), params, ON).outcome is Outcome.NO
    assert I.linkage_rule(_linkage(lifted=None), params, ON).outcome is \
        Outcome.INSUFFICIENT_DATA
    assert {f.label_zh for f in LinkageForm} == {"保底分红", "股份合作", "利润返还"}


# --------------------------------------------------------------------------- IND-03


def test_leading_enterprise_thresholds(params: ParameterSet) -> None:
    """Just at both thresholds qualifies; one person fewer does not."""
    people = params.integer("industry.leading_min_lifted_people", ON)
    years = params.integer("industry.leading_min_growth_years", ON)
    e = LeadingEnterprise("E-1", "华绿公司", people, years)
    assert I.leading_enterprise_rule(e, params, ON).holds
    f = I.leading_enterprise_rule(LeadingEnterprise("E-1", "华绿公司", people - 1, years),
                                  params, ON)
    assert f.outcome is Outcome.NO
    assert str(people) in f.reason("zh")
    short = LeadingEnterprise("E-1", "华绿公司", people, years - 1)
    assert I.leading_enterprise_rule(short, params, ON).outcome is Outcome.NO


# --------------------------------------------------------------------------- IND-04


def test_key_support_town_gets_park_priority(params: ParameterSet) -> None:
    """By default (Box 1's 乡村振兴重点帮扶镇) 丛林 and 黑山 have priority, 万东 does not."""
    conglin = ParkApplication("P-1", "丛林镇", FeaturedIndustry.EDIBLE_FUNGI)
    heishan = ParkApplication("P-2", "黑山镇", FeaturedIndustry.KIWIFRUIT)
    wandong = ParkApplication("P-3", "万东镇", FeaturedIndustry.TEA)
    assert I.park_priority_rule(conglin, params, ON).holds
    assert I.park_priority_rule(heishan, params, ON).holds
    assert I.park_priority_rule(wandong, params, ON).outcome is Outcome.NO
    ch11 = params.reform({KEY_SUPPORT_TOWN_LIST: "ch11_class"})
    assert I.park_priority_rule(heishan, ch11, ON).outcome is Outcome.NO
    refs = {c.ref for c in I.PARK_PRIORITY.citations}
    assert {"Ch11 §2", "Box 1"} <= refs


def test_featured_industries_and_their_towns() -> None:
    """丛林 is named for edible fungi, 黑山 for kiwifruit; six industries in all."""
    assert I.FEATURED_INDUSTRY_TOWNS[FeaturedIndustry.EDIBLE_FUNGI] == ("丛林镇",)
    assert I.FEATURED_INDUSTRY_TOWNS[FeaturedIndustry.KIWIFRUIT] == ("黑山镇",)
    assert set(I.FEATURED_INDUSTRY_TOWNS) == set(FeaturedIndustry)


def test_unknown_town_is_an_error(params: ParameterSet) -> None:
    """A town not in the registry names the close matches."""
    with pytest.raises(UnknownNameError):
        I.park_priority_rule(ParkApplication("P-3", "丛林"), params, ON)


# --------------------------------------------------------------------------- IND-05


def test_village_collective_lists_missing_institutions(params: ParameterSet) -> None:
    """All six pass; a missing one is named; unknown is insufficient."""
    full = VillageCollective("C-1", "关坝镇", "凉风村", tuple(Institution))
    assert I.institutions_rule(full, params, ON).holds
    partial = VillageCollective("C-1", "关坝镇", "凉风村", tuple(Institution)[:-1])
    f = I.institutions_rule(partial, params, ON)
    assert f.outcome is Outcome.NO
    assert f.values["absent"] == (Institution.FINANCIAL_SUPERVISION,)
    assert "财务监管" in f.reason("zh")
    unknown = VillageCollective("C-1", "关坝镇", "凉风村", None)
    assert I.institutions_rule(unknown, params, ON).outcome is Outcome.INSUFFICIENT_DATA


# --------------------------------------------------------------------------- IND-06


def test_unsold_produce_warning_thresholds(params: ParameterSet) -> None:
    """Stock at the ratio warns, just below does not; a sales drop at the share warns."""
    ratio = params.decimal("industry.unsold_stock_to_sales_ratio", ON)
    drop = params.decimal("industry.unsold_sales_drop_share", ON)
    sales = Decimal(100)
    end = ON - relativedelta(days=1)
    at = ProduceRecord("R-1", "猕猴桃", "黑山镇", end, stock=ratio * sales, sales=sales)
    assert I.unsold_produce_rule(at, params, ON).holds
    below = ProduceRecord("R-1", "猕猴桃", "黑山镇", end, stock=ratio * sales - 1, sales=sales)
    assert I.unsold_produce_rule(below, params, ON).outcome is Outcome.NO
    previous = Decimal(1000)
    fell = ProduceRecord("R-2", "茶叶", "石林镇", end, stock=Decimal(0),
                         sales=previous * (1 - drop), previous_sales=previous)
    f = I.unsold_produce_rule(fell, params, ON)
    assert f.holds
    assert "消费帮扶" in f.reason("zh")
    missing = ProduceRecord("R-3", "茶叶", "石林镇", end, stock=None, sales=sales)
    assert I.unsold_produce_rule(missing, params, ON).missing == ("stock",)
