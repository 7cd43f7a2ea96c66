"""The asset register report: totals by class, town, owner type and source; the gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given

from revitalize.models.assets import (
    AssetClass,
    AssetRegister,
    FundingShare,
    FundingSource,
    LedgerEntry,
    Management,
    Owner,
    OwnerType,
    ProjectAsset,
)
from revitalize.policy.asset_report import MissingItem, register_report
from revitalize.policy.parameters import default_parameters
from revitalize.testing.strategies import asset_registers

ON = dt.date(2023, 6, 30)


def _asset(i: int, cls: AssetClass, town: str, **kw: object) -> ProjectAsset:
    return ProjectAsset(
        id=f"A-{i}", name="资产", asset_class=cls, town=town,
        funding=(FundingShare(FundingSource.LINKAGE_FUND, Decimal("100.10")),
                 FundingShare(FundingSource.SOCIAL_DONATION, Decimal(50))),
        **kw)  # type: ignore[arg-type]


@given(asset_registers())
def test_every_grouping_sums_to_the_total(register: AssetRegister) -> None:
    """By class, town, owner type and source the totals and counts add up."""
    r = register_report(register.assets, default_parameters(), ON)
    total = sum((a.value for a in register.assets), Decimal(0))
    assert r.total == total and r.count == len(register.assets)
    for groups in (r.by_class, r.by_town, r.by_owner_type, r.by_source):
        assert sum((g.amount for g in groups.values()), Decimal(0)) == total
    for groups in (r.by_class, r.by_town, r.by_owner_type):
        assert sum(g.count for g in groups.values()) == r.count


def test_gaps_name_what_each_asset_lacks() -> None:
    """Missing registration, owner, ledger, plan and upkeep standard are each listed."""
    kept = _asset(1, AssetClass.OPERATING, "丛林镇", real_estate=True, title_registered=True,
                  owner=Owner(OwnerType.VILLAGE_COLLECTIVE, "合作社"),
                  management=Management(operating_plan=True),
                  ledger=LedgerEntry(AssetClass.OPERATING, "区农林局"))
    bare_op = _asset(2, AssetClass.OPERATING, "黑山镇", real_estate=True, title_registered=False,
                     management=Management(operating_plan=False))
    bare_pw = _asset(3, AssetClass.PUBLIC_WELFARE, "青年镇", real_estate=False,
                     owner=Owner(OwnerType.COMPETENT_SECTOR, "区交通局"),
                     ledger=LedgerEntry(AssetClass.OPERATING, "区交通局"))
    r = register_report([kept, bare_op, bare_pw], default_parameters(), ON)
    gaps = {(g.asset_id, g.item, g.not_assessed) for g in r.gaps}
    assert gaps == {
        ("A-2", MissingItem.REGISTRATION, False), ("A-2", MissingItem.OWNER, False),
        ("A-2", MissingItem.LEDGER, False), ("A-2", MissingItem.OPERATING_PLAN, False),
        ("A-3", MissingItem.LEDGER, False), ("A-3", MissingItem.UPKEEP_STANDARD, True),
    }
    assert not r.ok
    assert r.by_owner_type["no_owner"].count == 1
    assert r.by_town["丛林镇"].amount == Decimal("150.10")


def test_linkage_fund_label_follows_the_report_date() -> None:
    """TRN-05: the report names the fund as on its date, in both languages."""
    params = default_parameters()
    renamed = params.date("transition.plan_start", ON)
    a = [_asset(1, AssetClass.HOUSEHOLD, "万东镇")]
    before = register_report(a, params, dt.date(renamed.year - 1, 12, 31))
    after = register_report(a, params, renamed)
    assert before.source_labels[FundingSource.LINKAGE_FUND][0] == "财政专项扶贫资金"
    assert after.source_labels[FundingSource.LINKAGE_FUND][0] == "衔接推进乡村振兴补助资金"
    assert "衔接推进乡村振兴补助资金" in after.render("zh")
    assert after.to_json()["by_funding_source"]["linkage_fund"]["amount"] == "100.10"


def test_report_renders_in_both_languages() -> None:
    """The text names the groups in Chinese and English."""
    r = register_report([_asset(1, AssetClass.PUBLIC_WELFARE, "石林镇")],
                        default_parameters(), ON)
    assert "按类别" in r.render("zh") and "公益性资产" in r.render("zh")
    assert "by class" in r.render("en") and "public welfare" in r.render("en")
