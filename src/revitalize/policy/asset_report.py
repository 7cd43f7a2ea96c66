"""The project-asset register report (ASSET-02, ASSET-03, ASSET-04, ASSET-11).

:func:`register_report` totals a register's assets by class, town, owner type
and funding source (amounts in exact ``Decimal`` yuan; the linkage fund is
named as on the report date, TRN-05) and lists the assets missing what Ch10
requires: title registration (real estate), an owner, a ledger entry, an
operating plan (operating assets) or an upkeep standard (public-welfare
assets). A value not assessed (``None``) is listed as missing too, so that
nothing unknown passes as done.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from revitalize.models.assets import AssetClass, FundingShare, FundingSource, ProjectAsset
>>> from revitalize.policy.parameters import default_parameters
>>> a = ProjectAsset(id="A-1", name="村道", asset_class=AssetClass.PUBLIC_WELFARE, town="丛林镇",
...                  funding=(FundingShare(FundingSource.DISTRICT_FISCAL, Decimal("100")),))
>>> r = register_report([a], default_parameters(), dt.date(2023, 6, 1))
>>> r.by_class[AssetClass.PUBLIC_WELFARE].amount
Decimal('100')
>>> [g.item.value for g in r.gaps]
['registration', 'owner', 'ledger', 'upkeep_standard']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..models._enums import LabelledEnum
from ..models.assets import AssetClass, FundingSource, OwnerType, ProjectAsset
from ..money import CONTEXT, ZERO, format_yuan
from .assets import AssetDecision, assess_asset
from .engine import Assessment
from .parameters import ParameterSet
from .transition import phase_bounds

__all__ = [
    "AssetCheck",
    "AssetGap",
    "AssetRegisterReport",
    "GroupTotal",
    "MissingItem",
    "check_assets",
    "register_report",
]

_NO_OWNER: Final = "no_owner"


class MissingItem(LabelledEnum):
    """What an asset in the register lacks."""

    REGISTRATION = "registration", "不动产确权登记"
    OWNER = "owner", "权属主体"
    LEDGER = "ledger", "管理台账"
    OPERATING_PLAN = "operating_plan", "运营方案"
    UPKEEP_STANDARD = "upkeep_standard", "管护标准"


@attrs.frozen
class GroupTotal:
    """The number of assets and their total value in one group."""

    count: int
    amount: Decimal

    def to_json(self) -> dict[str, Any]:
        """The total as JSON (amount as a decimal string)."""
        return {"count": self.count, "amount": str(self.amount)}


@attrs.frozen
class AssetGap:
    """One thing an asset lacks; ``not_assessed`` when the field was unknown, not false."""

    asset_id: str
    town: str
    item: MissingItem
    not_assessed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The gap as JSON."""
        return {"asset": self.asset_id, "town": self.town, "missing": self.item.value,
                "missing_zh": self.item.label_zh, "not_assessed": self.not_assessed}


def _frozen(m: Mapping[Any, GroupTotal]) -> Mapping[Any, GroupTotal]:
    return MappingProxyType(dict(m))


def _frozen_labels(
        m: Mapping[FundingSource, tuple[str, str]]) -> Mapping[FundingSource, tuple[str, str]]:
    return MappingProxyType(dict(m))


@attrs.frozen
class AssetRegisterReport:
    """Totals by class, town, owner type and funding source, and the gaps, on a date."""

    on: dt.date
    count: int
    total: Decimal
    by_class: Mapping[AssetClass, GroupTotal] = attrs.field(converter=_frozen)
    by_town: Mapping[str, GroupTotal] = attrs.field(converter=_frozen)
    by_owner_type: Mapping[str, GroupTotal] = attrs.field(converter=_frozen)
    by_source: Mapping[FundingSource, GroupTotal] = attrs.field(converter=_frozen)
    source_labels: Mapping[FundingSource, tuple[str, str]] = attrs.field(
        converter=_frozen_labels)
    gaps: tuple[AssetGap, ...]

    @property
    def ok(self) -> bool:
        """No asset lacks anything."""
        return not self.gaps

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "on": self.on.isoformat(), "count": self.count, "total": str(self.total),
            "by_class": {k.value: v.to_json() for k, v in self.by_class.items()},
            "by_town": {k: v.to_json() for k, v in self.by_town.items()},
            "by_owner_type": {k: v.to_json() for k, v in self.by_owner_type.items()},
            "by_funding_source": {
                k.value: {**v.to_json(), "label_zh": self.source_labels[k][0],
                          "label_en": self.source_labels[k][1]}
                for k, v in self.by_source.items()},
            "gaps": [g.to_json() for g in self.gaps],
        }

    def render(self, lang: str = "zh") -> str:
        """The report as text in ``lang``."""
        zh = lang == "zh"

        def owner_label(key: str) -> str:
            if key == _NO_OWNER:
                return "未明确权属" if zh else "no owner"
            return OwnerType.parse(key).label(lang)

        def block(title: str, rows: Iterable[tuple[str, GroupTotal]]) -> list[str]:
            out = [title]
            out.extend(f"  {label}  {t.count} {'项' if zh else 'assets'}  "
                       f"{format_yuan(t.amount)} {'元' if zh else 'yuan'}" for label, t in rows)
            return out

        lines = [f"{'扶贫项目资产台账报告' if zh else 'Project asset register'}  "
                 f"{'日期' if zh else 'on'} {self.on.isoformat()}  "
                 f"{self.count} {'项' if zh else 'assets'}  {format_yuan(self.total)} "
                 f"{'元' if zh else 'yuan'}"]
        lines += block("按类别" if zh else "by class",
                       ((k.label(lang), v) for k, v in self.by_class.items()))
        lines += block("按镇" if zh else "by town", self.by_town.items())
        lines += block("按权属主体" if zh else "by owner type",
                       ((owner_label(k), v) for k, v in self.by_owner_type.items()))
        lines += block("按资金来源" if zh else "by funding source",
                       ((self.source_labels[k][0 if zh else 1], v)
                        for k, v in self.by_source.items()))
        lines.append(f"{'缺项' if zh else 'missing'} ({len(self.gaps)})")
        for g in self.gaps:
            tag = ("（未评估）" if zh else " (not assessed)") if g.not_assessed else ""
            lines.append(f"  {g.asset_id} {g.town}  {g.item.label(lang)}{tag}")
        return "\n".join(lines)


def _gaps(a: ProjectAsset) -> list[AssetGap]:
    out: list[AssetGap] = []

    def gap(item: MissingItem, state: bool | None) -> None:
        if state is not True:
            out.append(AssetGap(a.id, a.town, item, state is None))

    if a.real_estate is not False:
        gap(MissingItem.REGISTRATION, a.title_registered if a.real_estate else None)
    gap(MissingItem.OWNER, a.owner is not None)
    gap(MissingItem.LEDGER, a.ledger is not None and a.ledger.ledger_class is a.asset_class)
    if a.asset_class is AssetClass.OPERATING:
        gap(MissingItem.OPERATING_PLAN, a.management.operating_plan)
    if a.asset_class is AssetClass.PUBLIC_WELFARE:
        gap(MissingItem.UPKEEP_STANDARD, a.management.upkeep_standard)
    return out


def _add(groups: dict[Any, GroupTotal], key: Any, amount: Decimal) -> None:
    t = groups.get(key, GroupTotal(0, ZERO))
    groups[key] = GroupTotal(t.count + 1, CONTEXT.add(t.amount, amount))


def register_report(assets: Iterable[ProjectAsset], params: ParameterSet,
                    on: dt.date) -> AssetRegisterReport:
    """The register report of ``assets`` on ``on``.

    By class, town and owner type an asset counts once with its whole value;
    by funding source each source counts the asset once with that source's
    amount (so each grouping sums to the total). Every class and every
    funding source present appears; real estate whose ``real_estate`` flag is
    unknown is listed as a registration gap (not assessed).
    """
    renamed = phase_bounds(params, on).plan_start
    by_class: dict[Any, GroupTotal] = {c: GroupTotal(0, ZERO) for c in AssetClass}
    by_town: dict[Any, GroupTotal] = {}
    by_owner: dict[Any, GroupTotal] = {}
    by_source: dict[Any, GroupTotal] = {}
    gaps: list[AssetGap] = []
    total = ZERO
    count = 0
    for a in assets:
        value = a.value
        count += 1
        total = CONTEXT.add(total, value)
        _add(by_class, a.asset_class, value)
        _add(by_town, a.town, value)
        _add(by_owner, a.owner.type.value if a.owner else _NO_OWNER, value)
        for f in a.funding:
            _add(by_source, f.source, f.amount)
        gaps.extend(_gaps(a))
    sources = {s: by_source[s] for s in FundingSource if s in by_source}
    labels = {s: (s.label_on(on, "zh", renamed), s.label_on(on, "en", renamed)) for s in sources}
    return AssetRegisterReport(on, count, total, by_class, dict(sorted(by_town.items())),
                               dict(sorted(by_owner.items())), sources, labels, tuple(gaps))


@attrs.frozen
class AssetCheck:
    """Every asset's assessment (ASSET-01..11) and the register report, on a date:
    what ``revitalize assets`` and ``POST /assets/check`` report."""

    on: dt.date
    assessments: tuple[Assessment[AssetDecision], ...]
    report: AssetRegisterReport

    @property
    def refused(self) -> tuple[Assessment[AssetDecision], ...]:
        """The assessments of the assets a rule refuses."""
        return tuple(a for a in self.assessments if a.decision.refused)

    @property
    def ok(self) -> bool:
        """No asset is refused and the report lists nothing missing."""
        return not self.refused and self.report.ok

    def to_json(self) -> dict[str, Any]:
        """The check as JSON (``revitalize assets --json``)."""
        return {
            "on": self.on.isoformat(), "ok": self.ok,
            "refused_assets": [a.subject_id for a in self.refused],
            "assessments": [a.to_json() for a in self.assessments],
            "report": self.report.to_json(),
        }


def check_assets(assets: Iterable[ProjectAsset], params: ParameterSet,
                 on: dt.date) -> AssetCheck:
    """Assess every asset on ``on`` (each with the digest of its public JSON) and
    report the register."""
    from ..serialization import input_sha256, make_converter

    items = tuple(assets)
    converter = make_converter(public=True)
    assessments = tuple(assess_asset(a, params, on, input_sha256(a, converter=converter))
                        for a in items)
    return AssetCheck(on, assessments, register_report(items, params, on))
