"""Hypothesis strategies for project assets and allocation inputs (ASSET-*, IND-01).

Every object passes construction and a JSON round trip. Towns are the
district's eight; ids are unique within a register.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from ...models._fields import Identifier, Money, Name
from ...models.assets import (
    AssetClass,
    AssetRegister,
    FundingShare,
    FundingSource,
    LedgerEntry,
    Management,
    Owner,
    OwnerType,
    ProjectAsset,
    ProjectKind,
)
from ...money import CONTEXT, FEN

__all__ = [
    "WANSHENG_TOWNS",
    "allocation_weights",
    "asset_registers",
    "fen_amounts",
    "funding_shares",
    "project_assets",
]

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


@st.composite
def project_assets(draw: st.DrawFn, asset_id: str | None = None) -> ProjectAsset:
    """A project asset of any class with funding, an owner, a ledger and flags."""
    kind = draw(st.sampled_from(list(ProjectKind)))
    cls = draw(st.sampled_from(list(AssetClass)))
    formed = draw(st.dates(dt.date(2010, 1, 1), dt.date(2025, 12, 31)))
    town = draw(st.sampled_from(WANSHENG_TOWNS))
    owner_type = draw(st.none() | st.sampled_from(list(OwnerType)))
    real_estate = draw(st.none() | st.booleans())
    return ProjectAsset(
        id=Identifier(asset_id or draw(st.integers(0, 10**6).map(lambda i: f"A-{i}"))),
        name=Name("资产"), asset_class=cls, town=Name(town), project_kind=kind,
        funding=draw(funding_shares()), formed_on=formed,
        owner=Owner(owner_type, Name("权属人")) if owner_type is not None else None,
        real_estate=real_estate,
        title_registered=draw(st.none() | st.booleans()) if real_estate else None,
        management=Management(operating_plan=draw(st.none() | st.booleans()),
                              upkeep_standard=draw(st.none() | st.booleans())),
        ledger=draw(st.none() | st.builds(LedgerEntry, st.sampled_from(list(AssetClass)),
                                          st.just(Name("区农林局")))),
    )


@st.composite
def asset_registers(draw: st.DrawFn, max_size: int = 8) -> AssetRegister:
    """A register of assets with unique ids."""
    n = draw(st.integers(0, max_size))
    return AssetRegister(tuple(draw(project_assets(asset_id=f"A-{i:03d}")) for i in range(n)))
