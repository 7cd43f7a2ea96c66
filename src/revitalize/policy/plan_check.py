"""PLAN-01: the plan's consistency report — every place where it disagrees with itself.

Each :class:`Disagreement` names both sides with their citations and is
*computed* from the data the library holds wherever it can be: the place
registry (list differences, counts the plan states against the places it
names) and the indicator catalog (targets and baselines). A data change that
resolves a disagreement turns its ``present`` to False; one that adds a new
difference shows in the numbers. Items the plan states only in words
(supervision levels, discovery means) are encoded here as the plan's own
lists, each with its citation.

>>> report = consistency_report()
>>> [d.number for d in report if d.present]
[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
>>> report[0].values["box1_only"]
('黑山镇',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from ..citations import Citation
from ..i18n import mark_chinese, value_label
from ..indicators.catalog import BaselineKind, IndicatorCatalog, IndicatorUnit, default_indicators
from ..indicators.targets import TargetKind
from ..models._enums import LabelledEnum
from ..models.places import (
    ListRole,
    ListSource,
    PlaceRegistry,
    TownClass,
    VillageClass,
    wansheng_registry,
)
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "CONSISTENCY",
    "RULES",
    "TABLES",
    "Disagreement",
    "DisagreementKind",
    "Side",
    "consistency_report",
    "plan_consistency",
]


class DisagreementKind(LabelledEnum):
    """What kind of disagreement an item is."""

    LIST_CONFLICT = "list_conflict", "名单不一致"
    COUNT_MISMATCH = "count_mismatch", "数量不符"
    NAMING = "naming", "名称不一"
    TARGET_CONFLICT = "target_conflict", "目标不一致"
    MEASURE = "measure", "口径不一"
    STRUCTURE = "structure", "层级或分类不一致"
    BASELINE_NOTE = "baseline_note", "基期说明（未必矛盾）"


@attrs.frozen
class Side:
    """One side of a disagreement: what the plan says there, with the citation."""

    citation: Citation
    says_zh: str
    says_en: str

    def says(self, lang: str) -> str:
        """The statement in ``lang``."""
        return self.says_zh if lang == "zh" else self.says_en

    def to_json(self) -> dict[str, Any]:
        """The side as JSON."""
        return {"citation": self.citation.to_json(), "says_zh": self.says_zh,
                "says_en": self.says_en}


@attrs.frozen
class Disagreement:
    """One item of the consistency report, computed from the library's data.

    ``present`` is whether the data still shows the disagreement; ``values``
    are the computed numbers and list differences; ``handling`` says what the
    library does about it.
    """

    number: int
    key: str
    kind: DisagreementKind
    title_zh: str
    title_en: str
    first: Side
    second: Side
    present: bool
    values: Mapping[str, object]
    handling_zh: str
    handling_en: str

    @property
    def citations(self) -> tuple[Citation, Citation]:
        """Both citations."""
        return (self.first.citation, self.second.citation)

    def title(self, lang: str) -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def handling(self, lang: str) -> str:
        """What the library does about it, in ``lang``."""
        return self.handling_zh if lang == "zh" else self.handling_en

    def to_json(self) -> dict[str, Any]:
        """The item as JSON."""
        return {
            "number": self.number, "key": self.key, "kind": self.kind.value,
            "kind_zh": self.kind.label_zh, "title_zh": self.title_zh,
            "title_en": self.title_en, "present": self.present,
            "first": self.first.to_json(), "second": self.second.to_json(),
            "values": {k: _json(v) for k, v in self.values.items()},
            "handling_zh": self.handling_zh, "handling_en": self.handling_en,
        }

    def render(self, lang: str = "zh") -> str:
        """The item as text lines."""
        zh = lang == "zh"
        state = ("存在" if self.present else "已消除") if zh else (
            "present" if self.present else "resolved")
        lines = [f"({self.number}) {self.title(lang)}  [{self.kind.label(lang)}; {state}]"]
        for side in (self.first, self.second):
            lines.append(f"    {side.says(lang)}")
            lines.append(f"      {'依据' if zh else 'per'} {side.citation.render(lang)}")
        if self.values:
            shown = "; ".join(f"{k}={_text(v, lang)}" for k, v in self.values.items())
            lines.append(f"    计算：{shown}" if zh else f"    computed: {shown}")
        lines.append(f"    处理：{self.handling(lang)}" if zh else
                     f"    handling: {mark_chinese(self.handling(lang))}")
        return "\n".join(lines)


def _json(v: object) -> Any:
    if isinstance(v, tuple):
        return [_json(x) for x in v]
    if isinstance(v, LabelledEnum):
        return v.value
    if isinstance(v, Decimal):
        return str(v)
    return v


def _text(v: object, lang: str = "en") -> str:
    if isinstance(v, tuple):
        return "[" + ", ".join(_text(x, lang) for x in v) + "]"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else str(v).lower()
    if isinstance(v, str) and lang == "zh":
        return value_label(v, lang)
    return str(v)


# --------------------------------------------------------------------------- the plan's words

_C11_1_CONTACTS: Final = Citation("Ch11 §1", "分别联系全区8个镇和8个重点帮扶村及5个脱贫村")
_C11_1_GROUPS: Final = Citation("Ch11 §1", "定向帮扶全区8个镇和8个重点帮扶村")
_BOX1_KEY_TOWNS: Final = Citation("Box 1", "乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇")
_C11_2_HEISHAN: Final = Citation("Ch11 §2",
                                  "其中黑山镇为“先行示范类” … 青年镇、丛林镇为“重点帮扶类”")
_BOX1_VILLAGES: Final = Citation(
    "Box 1", "乡村振兴重点帮扶村：万东镇五和村、青年镇板辽村、石林镇星台村、金桥镇青山村、"
             "南桐镇王家坝村、关坝镇凉风村、黑山镇鱼子村 … 脱贫村：万东镇五和村、南桐镇岩门村、"
             "青年镇板辽村、关坝镇凉风村、石林镇庙坝村、丛林镇海孔村、金桥镇三台村")
_BOX1_DEMO: Final = Citation("Box 1", "乡村振兴示范村：丛林镇绿水村")
_C11_2_DEMO: Final = Citation("Ch11 §2", "丛林镇绿水村为市区级“乡村振兴先行示范村”")
_C2_3_TRANSFER: Final = Citation("Ch2 §3", "确保有就业能力和就业意愿的脱贫人口转移就业“应转尽转”")
_T1_TRANSFER: Final = Citation("Table 1", "转移就业比重（%）")
_T1_INCOME: Final = Citation("Table 1", "农村常住居民人均可支配收入增速（%）")
_C1_1_INCOME: Final = Citation("Ch1 §1", "“十三五”期末，农村居民人均可支配收入实现年均增速7.1%")
_T1_WELFARE: Final = Citation("Table 1", "公益岗位脱贫人口就业比重（%）")
_T1_WELFARE_TARGET: Final = Citation("Table 1", "保持规模总体稳定")
_C10_4_LEVELS: Final = Citation(
    "Ch10 §4", "严格落实“市—区—镇—村”四级监督管理责任，落实区管委会的管理主体责任、"
               "镇政府的日常监管责任和村级组织担负对确权到村集体的扶贫项目资产监管责任")
_THREE_LEVELS: Final = Citation(
    "Ch3 §1, Box 3", "完善区、镇、村三级协同巩固拓展脱贫攻坚成果机制 … "
                     "建立健全“区—镇—村”三级联动防止返贫监测和帮扶工作机制")
_C5_INTRO: Final = Citation(
    "Ch5 intro", "运用农户自主申报、基层走访排查、防止返贫大数据监测平台预警、"
                 "行业部门数据比对等手段")
_C5_3: Final = Citation(
    "Ch5 §3", "建立健全农户自主申报、基层干部排查、部门筛查预警等"
              "易返贫致贫人口快速发现和响应机制")
_C11_2_LAYERS: Final = Citation("Ch11 §2", "对全区8个镇分为“两层”“三类”")
_C11_2_CLASSES: Final = Citation("Ch11 §2", "镇级分类 … 村级分类")
_C1_1_TEAMS: Final = Citation(
    "Ch1 §1", "下派9支区级驻村工作队，选派9名优秀第一书记兼任工作队队长，"
              "全脱产驻村帮扶7个贫困村和2个非贫困重点村")

#: PLAN-01 (7): supervision levels as Ch10 §4 names them, and those it gives duties to.
SUPERVISION_LEVELS_NAMED: Final = ("市", "区", "镇", "村")
SUPERVISION_LEVELS_WITH_DUTIES: Final = ("区", "镇", "村")
#: PLAN-01 (7): the levels of Ch3 §1 and Box 3.
THREE_LEVELS: Final = ("区", "镇", "村")
#: PLAN-01 (8): the discovery means of Ch5's introduction and of Ch5 §3.
DISCOVERY_MEANS_INTRO: Final = ("农户自主申报", "基层走访排查", "防止返贫大数据监测平台预警",
                                "行业部门数据比对")
DISCOVERY_MEANS_S3: Final = ("农户自主申报", "基层干部排查", "部门筛查预警")

#: "应转尽转": everyone who can and wants to work is transferred, i.e. 100 percent.
_ALL_PERCENT: Final = Decimal(100)


def consistency_report(registry: PlaceRegistry | None = None,
                       indicators: IndicatorCatalog | None = None) -> tuple[Disagreement, ...]:
    """PLAN-01: the ten disagreements, computed from ``registry`` and ``indicators``.

    Both default to the packaged data.
    """
    reg = registry if registry is not None else wansheng_registry()
    cat = indicators if indicators is not None else default_indicators()
    return (
        _key_towns(reg), _village_counts(reg), _demonstration_name(reg),
        _transfer(cat), _income_baseline(cat), _welfare_posts(cat), _levels(),
        _discovery(), _layers(reg), _campaign_teams(reg),
    )


def _key_towns(reg: PlaceRegistry) -> Disagreement:
    box1 = tuple(m.town for lst in reg.lists_with(ListRole.KEY_TOWNS) for m in lst.members)
    ch11 = tuple(t.name for t in reg.towns_of_class(TownClass.KEY_SUPPORT))
    box1_only = tuple(n for n in box1 if n not in ch11)
    ch11_only = tuple(n for n in ch11 if n not in box1)
    return Disagreement(
        1, "key_support_towns", DisagreementKind.LIST_CONFLICT,
        "“乡村振兴重点帮扶镇”有两份名单", "Two lists of key-support towns",
        Side(_BOX1_KEY_TOWNS, "专栏1：重点帮扶镇为 " + "、".join(box1),
             "Box 1: key-support towns are " + ", ".join(box1)),
        Side(_C11_2_HEISHAN, "第十一章第二节：重点帮扶类为 " + "、".join(ch11) + "；"
             + "、".join(f"{n}属“{reg.town(n).town_class.label_zh}”" for n in box1_only),
             "Ch11 §2: the key-support class is " + ", ".join(ch11) + "; "
             + ", ".join(f"{n} is {reg.town(n).town_class.label_en}" for n in box1_only)),
        bool(box1_only or ch11_only),
        {"box1": box1, "ch11_class": ch11, "box1_only": box1_only, "ch11_only": ch11_only,
         "box1_only_classes": tuple(reg.town(n).town_class for n in box1_only)},
        "写“乡村振兴重点帮扶镇”的规则（第三章第一节、第六章第一节、第十二章第二节、第十三章第二节）"
        "按参数 places.key_support_town_list 取名单，默认取用同一名称的专栏1名单（含黑山镇）；"
        "第十一章第二节的分类只回答按该章分类提出的问题。",
        "Rules that say 乡村振兴重点帮扶镇 (Ch3 §1, Ch6 §1, Ch12 §2, Ch13 §2) read the list "
        "chosen by the parameter places.key_support_town_list (default: Box 1's list, published "
        "under that exact term, 黑山镇 included); Ch11 §2's classes answer questions put in "
        "Ch11's terms.",
    )


def _village_list(reg: PlaceRegistry, cls: VillageClass, source: ListSource) -> tuple[str, ...]:
    out: list[str] = []
    for lst in reg.lists_with(ListRole.VILLAGE_CLASS, source):
        if lst.village_class is cls:
            out.extend(str(m) for m in lst.members)
    return tuple(out)


def _village_counts(reg: PlaceRegistry) -> Disagreement:
    key_box1 = _village_list(reg, VillageClass.KEY_SUPPORT, ListSource.BOX1)
    key_ch11 = _village_list(reg, VillageClass.KEY_SUPPORT, ListSource.CH11)
    key_named = tuple(v.full_name for v in reg.villages_of_class(VillageClass.KEY_SUPPORT))
    lifted = tuple(v.full_name for v in reg.villages_of_class(VillageClass.LIFTED))
    demo = tuple(v.full_name for v in reg.villages_of_class(VillageClass.DEMONSTRATION))
    both = tuple(v for v in lifted if v in key_named)
    lifted_only = tuple(v for v in lifted if v not in key_named)
    named = tuple(v.full_name for v in reg.villages if v.classes)
    claimed_key = reg.count("contact_key_support_villages").value
    claimed_group_key = reg.count("group_key_support_villages").value
    claimed_lifted = reg.count("contact_lifted_villages").value
    claimed_contacts = claimed_key + claimed_lifted
    present = (claimed_key != len(key_named) or claimed_group_key != len(key_named)
               or claimed_lifted not in (len(lifted), len(lifted_only))
               or claimed_contacts != len(named) or set(key_box1) != set(key_ch11))
    return Disagreement(
        2, "village_counts", DisagreementKind.COUNT_MISMATCH,
        "重点帮扶村、脱贫村的数量与名单不符",
        "Counts of key-support and lifted villages do not match the lists",
        Side(_C11_1_CONTACTS, f"第十一章第一节：{claimed_key} 个重点帮扶村（两处）、"
             f"{claimed_lifted} 个脱贫村，共 {claimed_contacts} 个联系村",
             f"Ch11 §1: {claimed_key} key-support villages (twice) and {claimed_lifted} lifted "
             f"villages, {claimed_contacts} contact villages"),
        Side(_BOX1_VILLAGES, f"专栏1、第十一章第二节：点名 {len(key_named)} 个重点帮扶村、"
             f"{len(demo)} 个示范村、{len(lifted)} 个脱贫村（其中 {len(both)} 个也是重点帮扶村，"
             f"余 {len(lifted_only)} 个），共 {len(named)} 个不同的村",
             f"Box 1 and Ch11 §2 name {len(key_named)} key-support villages, {len(demo)} "
             f"demonstration village, {len(lifted)} lifted villages ({len(both)} of them also "
             f"key-support, {len(lifted_only)} left), {len(named)} distinct villages"),
        present,
        {"claimed_key_support": claimed_key, "claimed_group_key_support": claimed_group_key,
         "named_key_support": len(key_named), "box1_ch11_key_support_agree":
         set(key_box1) == set(key_ch11), "claimed_lifted": claimed_lifted,
         "named_lifted": len(lifted), "lifted_and_key_support": both,
         "lifted_only": lifted_only, "claimed_contacts": claimed_contacts,
         "named_villages": len(named)},
        "联系与帮扶以名单上的村为准（GOV-09 按登记册中的重点帮扶村、脱贫村检查），"
        "数量差异只在此报告。",
        "Contacts and groups are checked against the named villages of the registry (GOV-09); "
        "the counts are only reported here.",
    )


def _demonstration_name(reg: PlaceRegistry) -> Disagreement:
    lists = [lst for lst in reg.lists_with(ListRole.VILLAGE_CLASS)
             if lst.village_class is VillageClass.DEMONSTRATION]
    box1 = next((lst for lst in lists if lst.source is ListSource.BOX1), None)
    ch11 = next((lst for lst in lists if lst.source is ListSource.CH11), None)
    labels = (box1.label_zh if box1 else "", ch11.label_zh if ch11 else "")
    same_village = bool(box1 and ch11 and set(box1.members) == set(ch11.members))
    return Disagreement(
        3, "demonstration_village_name", DisagreementKind.NAMING,
        "示范村的名称两处不同", "The demonstration village is named differently",
        Side(_BOX1_DEMO, f"专栏1：“{labels[0]}”", f"Box 1: {labels[0]}"),
        Side(_C11_2_DEMO, f"第十一章第二节：市区级“{labels[1]}”",
             f"Ch11 §2: municipal and district-level {labels[1]}"),
        labels[0] != labels[1],
        {"box1_label": labels[0], "ch11_label": labels[1], "same_village": same_village},
        "两个名称指同一个村，库中都归为 VillageClass.DEMONSTRATION（乡村振兴示范村）。",
        "Both names mean the same village; the library files it under "
        "VillageClass.DEMONSTRATION.",
    )


def _transfer(cat: IndicatorCatalog) -> Disagreement:
    kpi = cat["KPI-7c"]
    goal = kpi.target.goal
    return Disagreement(
        4, "transfer_employment", DisagreementKind.TARGET_CONFLICT,
        "转移就业：“应转尽转”与 85%", "Transfer employment: all versus 85%",
        Side(_C2_3_TRANSFER, "第二章第三节：应转尽转（全部）", "Ch2 §3: all who can and want to"),
        Side(_T1_TRANSFER, f"表1：目标 {goal}%", f"Table 1: target {goal}%"),
        goal is not None and goal != _ALL_PERCENT,
        {"indicator": kpi.id, "table1_target": goal, "text_target": _ALL_PERCENT},
        "指标 KPI-7c 按表1评价；“应转尽转”由就业规则逐人核对。",
        "KPI-7c is judged against Table 1; the all-transferred duty is checked per person by "
        "the employment rules.",
    )


def _income_baseline(cat: IndicatorCatalog) -> Disagreement:
    kpi = cat["KPI-2"]
    base = kpi.baseline
    present = base is not None and base.kind is BaselineKind.PERIOD_AVERAGE
    return Disagreement(
        5, "income_growth_baseline", DisagreementKind.MEASURE,
        "表1“2020年”栏的收入增速是“十三五”年均值",
        "Table 1's 2020 income growth is a 5-year average",
        Side(_T1_INCOME, f"表1：{base.year if base else '?'}年 {base.value if base else '?'}",
             f"Table 1: {base.year if base else '?'} value {base.value if base else '?'}"),
        Side(_C1_1_INCOME, "第一章第一节：这是“十三五”期间的年均增速",
             "Ch1 §1: it is the average annual growth of the 13th five-year period"),
        present,
        {"indicator": kpi.id, "baseline_year": base.year if base else None,
         "baseline": base.value if base else None,
         "baseline_kind": base.kind if base else None},
        "指标目录把基期值标为期间年均值（BaselineKind.PERIOD_AVERAGE）。",
        "The indicator catalog marks the baseline as a period average.",
    )


def _welfare_posts(cat: IndicatorCatalog) -> Disagreement:
    kpi = cat["KPI-7a"]
    present = kpi.unit is IndicatorUnit.PERCENT and kpi.target.kind is TargetKind.KEEP_STABLE
    return Disagreement(
        6, "welfare_post_share", DisagreementKind.MEASURE,
        "公益岗位指标是比重，目标却是规模", "A share with a scale target",
        Side(_T1_WELFARE, f"表1：指标单位 {kpi.unit.label_zh}",
             f"Table 1: the indicator is in {kpi.unit.label_en}"),
        Side(_T1_WELFARE_TARGET, f"表1：目标 {kpi.target_text_zh}",
             f"Table 1: target {kpi.target_text_en}"),
        present,
        {"indicator": kpi.id, "unit": kpi.unit, "target_kind": kpi.target.kind},
        "目标读作比重保持在容差带内（假设参数 indicators.kpi_7a.stable_tolerance）。",
        "The target is read as the share staying within a tolerance band (an assumption "
        "parameter).",
    )


def _levels() -> Disagreement:
    without = tuple(x for x in SUPERVISION_LEVELS_NAMED if x not in SUPERVISION_LEVELS_WITH_DUTIES)
    return Disagreement(
        7, "supervision_levels", DisagreementKind.STRUCTURE,
        "四级监督管理只给三级定了职责", "Four supervision levels, duties for three",
        Side(_C10_4_LEVELS, f"第十章第四节：{'—'.join(SUPERVISION_LEVELS_NAMED)} "
             f"{len(SUPERVISION_LEVELS_NAMED)} 级，职责只给 "
             f"{'、'.join(SUPERVISION_LEVELS_WITH_DUTIES)}",
             f"Ch10 §4: {len(SUPERVISION_LEVELS_NAMED)} levels, duties for "
             f"{len(SUPERVISION_LEVELS_WITH_DUTIES)}"),
        Side(_THREE_LEVELS, f"第三章第一节、专栏3：{'—'.join(THREE_LEVELS)} {len(THREE_LEVELS)} 级",
             f"Ch3 §1, Box 3: {len(THREE_LEVELS)} levels"),
        bool(without) or len(SUPERVISION_LEVELS_NAMED) != len(THREE_LEVELS),
        {"named": SUPERVISION_LEVELS_NAMED, "with_duties": SUPERVISION_LEVELS_WITH_DUTIES,
         "without_duties": without, "three_levels": THREE_LEVELS},
        "库中层级为区—镇—村三级；规划未给市级定职责。",
        "The library's levels are district, town, village; the plan gives the municipal level "
        "no duty.",
    )


def _discovery() -> Disagreement:
    only_intro = tuple(m for m in DISCOVERY_MEANS_INTRO if m not in DISCOVERY_MEANS_S3)
    only_s3 = tuple(m for m in DISCOVERY_MEANS_S3 if m not in DISCOVERY_MEANS_INTRO)
    return Disagreement(
        8, "discovery_means", DisagreementKind.NAMING,
        "发现手段：导语四种，第三节三种", "Discovery means: four in the introduction, three in §3",
        Side(_C5_INTRO, f"第五章导语：{len(DISCOVERY_MEANS_INTRO)} 种",
             f"Ch5 introduction: {len(DISCOVERY_MEANS_INTRO)} means"),
        Side(_C5_3, f"第五章第三节：{len(DISCOVERY_MEANS_S3)} 种",
             f"Ch5 §3: {len(DISCOVERY_MEANS_S3)} means"),
        bool(only_intro or only_s3),
        {"intro": DISCOVERY_MEANS_INTRO, "section_3": DISCOVERY_MEANS_S3,
         "only_intro": only_intro, "only_section_3": only_s3},
        "监测渠道取两处之并（自主申报、干部排查、部门筛查、平台预警），见术语表。",
        "The monitoring channels are the union (self-declaration, cadre check, department "
        "screening, platform warning), as in the glossary.",
    )


def _layers(reg: PlaceRegistry) -> Disagreement:
    ch11 = reg.lists_with(ListRole.TOWN_CLASS, ListSource.CH11)
    town_classes = tuple(c for c in TownClass if any(lst.town_class is c for lst in ch11))
    village_classes = tuple(c for c in VillageClass if any(
        lst.village_class is c for lst in reg.lists_with(ListRole.VILLAGE_CLASS, ListSource.CH11)))
    layers = reg.count("layers").value
    classes = reg.count("classes").value
    towns = reg.count("towns").value
    town_layers = 1 if town_classes else 0
    present = town_layers != layers or bool(village_classes)
    return Disagreement(
        9, "layers_and_classes", DisagreementKind.STRUCTURE,
        "“8个镇分为两层三类”，第二层却是村",
        "Eight towns in two layers, but the second layer is villages",
        Side(_C11_2_LAYERS, f"第十一章第二节：{towns} 个镇分为 {layers} 层 {classes} 类",
             f"Ch11 §2: {towns} towns in {layers} layers and {classes} classes"),
        Side(_C11_2_CLASSES, f"镇级 {len(town_classes)} 类（{len(reg.towns)} 个镇），"
             f"村级 {len(village_classes)} 类",
             f"town level: {len(town_classes)} classes ({len(reg.towns)} towns); village "
             f"level: {len(village_classes)} classes"),
        present,
        {"claimed_towns": towns, "claimed_layers": layers, "claimed_classes": classes,
         "town_classes": town_classes, "village_classes": village_classes,
         "registry_towns": len(reg.towns)},
        "库中两层为镇级分类（三类）与村级分类。",
        "The library's two layers are the town classes (TownClass, three) and the village "
        "classes (VillageClass).",
    )


def _campaign_teams(reg: PlaceRegistry) -> Disagreement:
    teams = reg.count("campaign_work_teams").value
    poor = reg.count("campaign_team_poor_villages").value
    other = reg.count("campaign_team_other_villages").value
    lifted = len(reg.villages_of_class(VillageClass.LIFTED))
    key_support = len(reg.villages_of_class(VillageClass.KEY_SUPPORT))
    return Disagreement(
        10, "campaign_work_teams", DisagreementKind.BASELINE_NOTE,
        "攻坚期 9 支驻村工作队与现名单", "Nine campaign-period work teams against today's lists",
        Side(_C1_1_TEAMS, f"第一章第一节：{teams} 支工作队，"
             f"{poor} 个贫困村 + {other} 个非贫困重点村",
             f"Ch1 §1: {teams} teams for {poor} poor and {other} other key villages"),
        Side(_C11_1_GROUPS, f"今名单：{key_support} 个重点帮扶村（各派工作队）、"
             f"{lifted} 个脱贫村",
             f"today: {key_support} key-support villages (each gets a team), {lifted} lifted"),
        teams != key_support,
        {"campaign_teams": teams, "campaign_poor": poor, "campaign_other": other,
         "campaign_sum_consistent": poor + other == teams,
         "poor_equals_lifted": poor == lifted, "key_support_villages": key_support},
        "这是攻坚期的基期数，未必矛盾；GOV-09 按今名单检查每个重点帮扶村的工作队。",
        "A campaign-period baseline, not necessarily a conflict; GOV-09 checks a work team for "
        "each key-support village of today's list.",
    )


# --------------------------------------------------------------------------- the rule

CONSISTENCY = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="PLAN-01",
    reads=("counts[].id", "counts[].value", "lists[].label_zh", "lists[].members[].town",
           "lists[].members[].village", "lists[].role", "lists[].source", "lists[].town_class",
           "lists[].village_class", "towns[].name", "towns[].town_class", "villages[].classes",
           "villages[].name", "villages[].town"),
    title_zh="规划各处表述一致",
    title_en="The plan agrees with itself",
    citations=(_C11_1_CONTACTS,),
    reasons={
        Outcome.YES: Reason("未发现不一致之处", "no disagreement found"),
        Outcome.NO: Reason("{count} 处不一致：{items}", "{count} disagreements: {items_en}"),
    },
)


def plan_consistency(registry: PlaceRegistry, params: ParameterSet, on: dt.date) -> Finding:
    """PLAN-01 as a rule: NO while any disagreement is present (each is named)."""
    present = [d for d in consistency_report(registry) if d.present]
    return CONSISTENCY.finding(Outcome.NO if present else Outcome.YES, {
        "count": len(present),
        "items": tuple(f"({d.number}) {d.title_zh}" for d in present),
        "items_en": tuple(f"({d.number}) {d.title_en}" for d in present)})


RULES: tuple[Rule[Any], ...] = (Rule(CONSISTENCY, plan_consistency),)
TABLES: tuple[DecisionTable[Any], ...] = ()
#: Every citation of both sides of every item.
CITATIONS: tuple[tuple[str, Citation], ...] = tuple(
    (f"PLAN-01 {key}", c) for key, c in (
        ("key_support_towns", _BOX1_KEY_TOWNS), ("key_support_towns", _C11_2_HEISHAN),
        ("village_counts", _C11_1_CONTACTS), ("village_counts", _BOX1_VILLAGES),
        ("demonstration_village_name", _BOX1_DEMO), ("demonstration_village_name", _C11_2_DEMO),
        ("transfer_employment", _C2_3_TRANSFER), ("transfer_employment", _T1_TRANSFER),
        ("income_growth_baseline", _T1_INCOME), ("income_growth_baseline", _C1_1_INCOME),
        ("welfare_post_share", _T1_WELFARE), ("welfare_post_share", _T1_WELFARE_TARGET),
        ("supervision_levels", _C10_4_LEVELS), ("supervision_levels", _THREE_LEVELS),
        ("discovery_means", _C5_INTRO), ("discovery_means", _C5_3),
        ("layers_and_classes", _C11_2_LAYERS), ("layers_and_classes", _C11_2_CLASSES),
        ("campaign_work_teams", _C1_1_TEAMS), ("campaign_work_teams", _C11_1_GROUPS),
    ))
