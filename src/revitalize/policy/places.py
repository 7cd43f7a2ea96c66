"""PLACE-01..07: towns, villages, their classes and the "priority place" predicate.

The facts live in the place registry (:mod:`revitalize.models.places`); this
module states them as cited rules over a :class:`PlaceQuery` (a registry and
one place), and adds what the plan says each class should emphasise
(PLACE-05 for towns, PLACE-07 for villages) and the set of places the plan
repeatedly favours (PLACE-06).

Which towns "乡村振兴重点帮扶镇" means is the plan's own conflict (PLAN-01 (1)):
Box 1 lists 「乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇」, while Ch11 §2 classes
青年镇 and 丛林镇 as key support (重点帮扶类) and 黑山镇 as demonstration. Ch3 §1,
Ch6 §1, Ch12 §2 and Ch13 §2 use Box 1's exact term, so by default
(``places.key_support_town_list`` = ``box1_key_towns``, a reading) the priority
passages favour Box 1's three towns; Ch11's classes answer questions put in
Ch11's terms (PLACE-01, PLACE-05). ``ch11_class`` is the alternative reading,
and PLAN-01 keeps reporting the conflict.

>>> import datetime as dt
>>> from revitalize.models.places import wansheng_registry
>>> from revitalize.policy.parameters import default_parameters
>>> reg, params, on = wansheng_registry(), default_parameters(), dt.date(2023, 1, 1)
>>> sorted(t.name for t in key_support_towns(reg, params, on))
['丛林镇', '青年镇', '黑山镇']
>>> q = PlaceQuery(reg, PlaceRef("黑山镇"), PriorityUse.INSURANCE)
>>> priority_place(q, params, on).outcome.value
'yes'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Final

import attrs

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.places import (
    PlaceRef,
    PlaceRegistry,
    Town,
    TownClass,
    Village,
    VillageClass,
    wansheng_registry,
)
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "KEY_SUPPORT_TOWN_LIST",
    "PRIORITY_USES",
    "RULES",
    "TABLES",
    "TOWN_EMPHASIS",
    "VILLAGE_EMPHASIS",
    "Emphasis",
    "KeySupportTownList",
    "PlaceQuery",
    "PriorityUse",
    "PriorityUseSpec",
    "is_priority_place",
    "key_support_towns",
    "priority_place",
    "town_emphasis",
    "village_emphasis",
]

#: The parameter that says which list "乡村振兴重点帮扶镇" means.
KEY_SUPPORT_TOWN_LIST: Final = "places.key_support_town_list"


class KeySupportTownList(LabelledEnum):
    """The choices of ``places.key_support_town_list`` (PLAN-01 (1))."""

    BOX1_KEY_TOWNS = "box1_key_towns", "专栏1“乡村振兴重点帮扶镇”"
    CH11_CLASS = "ch11_class", "第十一章第二节“重点帮扶类”"


@attrs.frozen
class PlaceQuery:
    """The subject of the PLACE rules: a registry and one place in it.

    ``use`` is the plan passage a priority question is asked for (PLACE-06);
    ``weak_branch_villages`` the villages with a weak party branch
    (软弱涣散村, Ch3 §1), an input list the plan does not name.
    """

    registry: PlaceRegistry
    place: PlaceRef
    use: PriorityUse | None = None
    weak_branch_villages: frozenset[PlaceRef] = frozenset()


def _town_of(q: PlaceQuery) -> Town:
    return q.registry.town(q.place.town)


def _village_of(q: PlaceQuery) -> Village | None:
    if q.place.village is None:
        q.registry.town(q.place.town)
        return None
    return q.registry.village(q.place.town, q.place.village)


# --------------------------------------------------------------------------- PLACE-01


_CH11 = "Ch11 §2"
_TOWNS_CITATION: Final = Citation(_CH11, "对全区8个镇分为“两层”“三类”")

TOWN_CLASS = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-01",
    reads=("place.town", "place.village", "registry.towns[].name", "registry.towns[].town_class"),
    title_zh="镇属于全区镇级分类",
    title_en="The town is one of the district's towns, with its revitalization class",
    citations=(
        _TOWNS_CITATION,
        Citation(_CH11, "黑山镇为“先行示范类” … 青年镇、丛林镇为“重点帮扶类” … "
                        "万东镇、南桐镇、关坝镇、金桥镇、石林镇为“积极推进类”"),
    ),
    reasons={Outcome.YES: Reason("{town} 为全区 {towns} 个镇之一，属“{town_class}”",
                                 "{town} is one of the district's {towns} towns, class: "
                                 "{town_class}")},
)


def town_class(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-01: the town's class (an unknown town raises, listing the known ones)."""
    town = _town_of(q)
    return TOWN_CLASS.finding(Outcome.YES, {"town": town.name, "town_class": town.town_class,
                                            "towns": len(q.registry.towns)},
                              subject=str(q.place))


# --------------------------------------------------------------------------- PLACE-02, 03

VILLAGE_CLASS = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-02",
    reads=("place.town", "place.village", "registry.villages[].classes", "registry.villages[].name",
           "registry.villages[].town"),
    title_zh="村为乡村振兴示范村或重点帮扶村",
    title_en="The village is a demonstration or key-support village",
    citations=(Citation("Ch11 §2, Box 1",
                        "丛林镇绿水村为市区级“乡村振兴先行示范村” … 万东镇五和村、南桐镇王家坝村、"
                        "关坝镇凉风村、青年镇板辽村、金桥镇青山村、石林镇星台村、黑山镇鱼子村为"
                        "“重点帮扶村”"),),
    reasons={
        Outcome.YES: Reason("{village} 为{classes}", "{village} is a {classes} village"),
        Outcome.NO: Reason("{village} 不在乡村振兴示范村、重点帮扶村名单上",
                           "{village} is on neither the demonstration nor the key-support list"),
        Outcome.NOT_APPLICABLE: Reason("{place} 是镇，不是村", "{place} is a town, not a village"),
    },
)

_REVITALIZATION_CLASSES: Final = frozenset({VillageClass.DEMONSTRATION,
                                            VillageClass.KEY_SUPPORT})


def village_class(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-02: YES when the village is the demonstration village or a key-support village."""
    village = _village_of(q)
    if village is None:
        return VILLAGE_CLASS.finding(Outcome.NOT_APPLICABLE, {"place": str(q.place)})
    found = tuple(c for c in village.classes if c in _REVITALIZATION_CLASSES)
    return VILLAGE_CLASS.finding(Outcome.YES if found else Outcome.NO,
                                 {"village": village.full_name, "classes": found},
                                 subject=str(q.place))


LIFTED_VILLAGE = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-03",
    reads=("place.town", "place.village", "registry.villages[].classes", "registry.villages[].name",
           "registry.villages[].town"),
    title_zh="村为脱贫村",
    title_en="The village is a village lifted out of poverty",
    citations=(Citation("Box 1", "脱贫村：万东镇五和村、南桐镇岩门村、青年镇板辽村、关坝镇凉风村、"
                                 "石林镇庙坝村、丛林镇海孔村、金桥镇三台村"),),
    reasons={
        Outcome.YES: Reason("{village} 为脱贫村", "{village} is a lifted village"),
        Outcome.NO: Reason("{village} 不在脱贫村名单上", "{village} is not on the lifted list"),
        Outcome.NOT_APPLICABLE: Reason("{place} 是镇，不是村", "{place} is a town, not a village"),
    },
)


def lifted_village(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-03: YES when the village is on Box 1's list of lifted villages."""
    village = _village_of(q)
    if village is None:
        return LIFTED_VILLAGE.finding(Outcome.NOT_APPLICABLE, {"place": str(q.place)})
    return LIFTED_VILLAGE.finding(
        Outcome.YES if VillageClass.LIFTED in village.classes else Outcome.NO,
        {"village": village.full_name}, subject=str(q.place))


# --------------------------------------------------------------------------- PLACE-04

KEY_TOWN = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-04",
    reads=("place.town", "place.village", "registry.lists[].members[].town",
           "registry.lists[].members[].village", "registry.lists[].role", "registry.towns[].id",
           "registry.towns[].name", "registry.towns[].town_class"),
    title_zh="镇为专栏1驻村行动乡村振兴重点帮扶镇",
    title_en="The town is one of Box 1's key towns for resident work teams",
    citations=(Citation("Box 1", "乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇"),),
    reasons={
        Outcome.YES: Reason("{town} 在专栏1重点帮扶镇名单上（镇级分类仍为“{town_class}”）",
                            "{town} is on Box 1's key-town list (its class stays "
                            "{town_class})"),
        Outcome.NO: Reason("{town} 不在专栏1重点帮扶镇名单上",
                           "{town} is not on Box 1's key-town list"),
    },
)


def key_town(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-04: YES when the town is one of Box 1's key towns (kept apart from its class)."""
    town = _town_of(q)
    yes = town in q.registry.key_towns()
    return KEY_TOWN.finding(Outcome.YES if yes else Outcome.NO,
                            {"town": town.name, "town_class": town.town_class},
                            subject=str(q.place))


# --------------------------------------------------------------------------- PLACE-05, 07


@attrs.frozen
class Emphasis:
    """What the plan says a class of towns or villages should emphasise, with its citation."""

    catalog: str
    summary_zh: str
    summary_en: str
    citation: Citation

    def summary(self, lang: str) -> str:
        """The emphasis in ``lang``."""
        return self.summary_zh if lang == "zh" else self.summary_en


#: PLACE-05: each town class's emphasis (Ch11 §2).
TOWN_EMPHASIS: Final = {
    TownClass.DEMONSTRATION: Emphasis(
        "PLACE-05", "农业现代化先行、农业农村改革先行先试、镇级示范典型",
        "lead agricultural modernisation, pilot rural reforms, be the town-level model",
        Citation(_CH11, "加快提升农业现代化水平，鼓励在深化农业农村改革上先行先试，"
                        "打造全区乡村振兴镇级示范典型")),
    TownClass.KEY_SUPPORT: Emphasis(
        "PLACE-05", "用足用好帮扶政策，以乡村振兴巩固脱贫成果",
        "make full use of support policies; consolidate results through revitalization",
        Citation(_CH11, "用足用好帮扶政策，以乡村振兴巩固拓展脱贫攻坚成果")),
    TownClass.ACTIVE_ADVANCEMENT: Emphasis(
        "PLACE-05", "在巩固成果基础上全面推进“五个振兴”",
        "advance the five revitalizations on the consolidated base",
        Citation(_CH11, "在巩固拓展脱贫攻坚成果基础上，全面推进“五个振兴”")),
}

#: PLACE-07: each village class's emphasis (Ch11 §2 gives none for lifted villages).
VILLAGE_EMPHASIS: Final = {
    VillageClass.DEMONSTRATION: Emphasis(
        "PLACE-07", "提升发展水平，发挥示范带动作用",
        "raise its development level and lead by example across the district",
        Citation(_CH11, "进一步提升发展水平，发挥其在乡村振兴中的示范带动作用，"
                        "在全区内形成示范效应")),
    VillageClass.KEY_SUPPORT: Emphasis(
        "PLACE-07", "加大帮扶力度，重点支持有效衔接",
        "more support, focused on linking consolidation with revitalization",
        Citation(_CH11, "加大帮扶力度，重点支持巩固拓展脱贫攻坚成果同乡村振兴有效衔接")),
}


def town_emphasis(town_class: TownClass) -> Emphasis:
    """PLACE-05: the emphasis of a town class."""
    return TOWN_EMPHASIS[town_class]


def village_emphasis(village_class: VillageClass) -> Emphasis | None:
    """PLACE-07: the emphasis of a village class (None: the plan gives none, e.g. lifted)."""
    return VILLAGE_EMPHASIS.get(village_class)


TOWN_EMPHASIS_SPEC = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-05",
    reads=("place.town", "place.village", "registry.towns[].name", "registry.towns[].town_class"),
    title_zh="镇级分类的政策重点",
    title_en="Policy emphasis of the town's class",
    citations=(_TOWNS_CITATION, *(e.citation for e in TOWN_EMPHASIS.values())),
    reasons={Outcome.YES: Reason("{town}（{town_class}）：{emphasis}",
                                 "{town} ({town_class}): {emphasis_en}")},
)


def town_class_emphasis(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-05: the emphasis for the town's class."""
    town = _town_of(q)
    e = town_emphasis(town.town_class)
    return TOWN_EMPHASIS_SPEC.finding(Outcome.YES, {
        "town": town.name, "town_class": town.town_class, "emphasis": e.summary_zh,
        "emphasis_en": e.summary_en, "quote": e.citation.quote}, subject=str(q.place))


VILLAGE_EMPHASIS_SPEC = RuleSpec(
    polarity=Polarity.INFO,
    id="PLACE-07",
    reads=("place.town", "place.village", "registry.villages[].classes", "registry.villages[].name",
           "registry.villages[].town"),
    title_zh="村级分类的政策重点",
    title_en="Policy emphasis of the village's class",
    citations=tuple(e.citation for e in VILLAGE_EMPHASIS.values()),
    reasons={
        Outcome.YES: Reason("{village}（{classes}）：{emphasis}",
                            "{village} ({classes}): {emphasis_en}"),
        Outcome.NOT_APPLICABLE: Reason("{place} 不属于第十一章第二节的村级分类",
                                       "{place} has no village class in Ch11 §2"),
    },
)


def village_class_emphasis(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-07: the emphasis for the village's class (NOT_APPLICABLE without one)."""
    village = _village_of(q)
    if village is None:
        return VILLAGE_EMPHASIS_SPEC.finding(Outcome.NOT_APPLICABLE, {"place": str(q.place)})
    found = [(c, e) for c in VillageClass if c in village.classes
             and (e := village_emphasis(c)) is not None]
    if not found:
        return VILLAGE_EMPHASIS_SPEC.finding(Outcome.NOT_APPLICABLE,
                                             {"place": village.full_name})
    return VILLAGE_EMPHASIS_SPEC.finding(Outcome.YES, {
        "village": village.full_name, "classes": tuple(c for c, _ in found),
        "emphasis": "；".join(e.summary_zh for _, e in found),
        "emphasis_en": "; ".join(e.summary_en for _, e in found)}, subject=str(q.place))


# --------------------------------------------------------------------------- PLACE-06


class PriorityUse(LabelledEnum):
    """A passage where the plan favours its priority places (PLACE-06)."""

    RESIDENT_WORK = "resident_work", "驻镇驻村第一书记和工作队员选派"
    FISCAL_SUPPORT = "fiscal_support", "财政保障政策"
    INDUSTRY = "industry", "特色产业差异化发展"
    INDUSTRIAL_PARK = "industrial_park", "创建现代农业产业园"
    AGRICULTURE_CLUSTER = "agriculture_cluster", "现代山地特色高效农业集群化发展"
    FISCAL_TRANSFER = "fiscal_transfer", "市级财政转移支付倾斜"
    INSURANCE = "insurance", "保险服务"


_ALL_VILLAGE_CLASSES: Final = frozenset(VillageClass)


@attrs.frozen
class PriorityUseSpec:
    """Which places one passage favours: key-support towns, village classes, weak branches."""

    use: PriorityUse
    citation: Citation
    key_support_towns: bool
    village_classes: frozenset[VillageClass]
    weak_branch_villages: bool = False


#: PLACE-06: each use of the priority set, with what it includes and its citation.
PRIORITY_USES: Final = {s.use: s for s in (
    PriorityUseSpec(PriorityUse.RESIDENT_WORK, Citation(
        "Ch3 §1", "以乡村振兴重点帮扶乡镇、脱贫村、乡村振兴示范村、乡村振兴重点帮扶村、"
                  "党组织软弱涣散村等为重点"), True, _ALL_VILLAGE_CLASSES, True),
    PriorityUseSpec(PriorityUse.FISCAL_SUPPORT, Citation(
        "Ch3 §3", "继续把脱贫村、乡村振兴示范村和乡村振兴重点帮扶村作为全面推进乡村振兴的支持重点"),
        False, _ALL_VILLAGE_CLASSES),
    PriorityUseSpec(PriorityUse.INDUSTRY, Citation(
        "Ch6 §1", "指导乡村振兴重点帮扶镇、脱贫村、乡村振兴示范村和乡村振兴重点帮扶村特色产业"
                  "差异化、特色化发展"), True, _ALL_VILLAGE_CLASSES),
    PriorityUseSpec(PriorityUse.INDUSTRIAL_PARK, Citation(
        "Ch6 §1", "优先支持乡村振兴重点帮扶镇创建现代农业产业园"), True, frozenset()),
    PriorityUseSpec(PriorityUse.AGRICULTURE_CLUSTER, Citation(
        "Ch12 §2", "推动现代山地特色高效农业在乡村振兴重点帮扶镇、脱贫村、乡村振兴示范村、"
                   "乡村振兴重点帮扶村集群化、规模化发展"), True, _ALL_VILLAGE_CLASSES),
    PriorityUseSpec(PriorityUse.FISCAL_TRANSFER, Citation(
        "Ch13 §2", "力争继续向脱贫村、乡村振兴示范村和乡村振兴重点帮扶村倾斜"),
        False, _ALL_VILLAGE_CLASSES),
    PriorityUseSpec(PriorityUse.INSURANCE, Citation(
        "Ch13 §2", "为乡村振兴重点帮扶镇、脱贫村、乡村振兴示范村和乡村振兴重点帮扶村做好保险服务"),
        True, _ALL_VILLAGE_CLASSES),
)}


def key_support_towns(registry: PlaceRegistry, params: ParameterSet,
                      on: dt.date) -> tuple[Town, ...]:
    """The towns "乡村振兴重点帮扶镇" means on ``on`` (``places.key_support_town_list``:
    Box 1's list by default, or Ch11 §2's key-support class)."""
    choice = KeySupportTownList.parse(params.choice(KEY_SUPPORT_TOWN_LIST, on))
    if choice is KeySupportTownList.BOX1_KEY_TOWNS:
        return registry.key_towns()
    return registry.towns_of_class(TownClass.KEY_SUPPORT)


def is_priority_place(registry: PlaceRegistry, place: PlaceRef, use: PriorityUse,
                      params: ParameterSet, on: dt.date,
                      weak_branch_villages: frozenset[PlaceRef] = frozenset()) -> bool:
    """PLACE-06: whether ``place`` is among the places ``use``'s passage favours."""
    return priority_place(PlaceQuery(registry, place, use, weak_branch_villages),
                          params, on).holds


PRIORITY_PLACE = RuleSpec(
    id="PLACE-06",
    reads=("place.town", "place.village", "registry.lists[].members[].town",
           "registry.lists[].members[].village", "registry.lists[].role", "registry.towns[].id",
           "registry.towns[].name", "registry.towns[].name_en", "registry.villages[].classes",
           "use", "weak_branch_villages"),
    title_zh="属于规划倾斜支持的重点镇村",
    title_en="The place is among the priority places the plan favours",
    citations=(*(s.citation for s in PRIORITY_USES.values()),
               Citation("Box 1", "乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇")),
    parameters=(KEY_SUPPORT_TOWN_LIST,),
    reasons={
        Outcome.YES: Reason("{place} 属于“{use}”的重点镇村：{why}",
                            "{place} is a priority place for {use}: {why_en}"),
        Outcome.NO: Reason("{place} 不属于“{use}”的重点镇村（{why}）",
                           "{place} is not a priority place for {use} ({why_en})"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未给出",
                                          "insufficient data: {missing} not given"),
    },
    polarity=Polarity.INFO,
)


def priority_place(q: PlaceQuery, params: ParameterSet, on: dt.date) -> Finding:
    """PLACE-06: YES when the place is in the priority set of ``q.use``'s passage."""
    if q.use is None:
        return PRIORITY_PLACE.insufficient("use", subject=str(q.place))
    spec = PRIORITY_USES[q.use]
    used = (params.get(KEY_SUPPORT_TOWN_LIST, on),)
    values: dict[str, Any] = {"place": str(q.place), "use": q.use,
                              "citation": spec.citation.ref}
    if q.place.village is None:
        towns = key_support_towns(q.registry, params, on)
        yes = spec.key_support_towns and q.registry.town(q.place.town) in towns
        listed = "、".join(t.name for t in towns)
        if not spec.key_support_towns:
            values |= {"why": "该处只列村", "why_en": "the passage lists villages only"}
        else:
            which = KeySupportTownList.parse(params.choice(KEY_SUPPORT_TOWN_LIST, on))
            values |= {"why": f"乡村振兴重点帮扶镇（{which.label_zh}）为 {listed}",
                       "why_en": f"key-support towns ({which.value}) are "
                                 f"{', '.join(t.name_en for t in towns)}"}
        return PRIORITY_PLACE.finding(Outcome.YES if yes else Outcome.NO, values, used,
                                      subject=str(q.place))
    reg, town, name = q.registry, q.place.town, q.place.village
    # a village on no list (e.g. a weak-branch village) is known only if the registry allows it
    on_lists: tuple[VillageClass, ...] = ()
    if reg.is_listed_village(town, name) or not reg.has_village(town, name):
        on_lists = reg.village(town, name).classes
    classes = tuple(c for c in on_lists if c in spec.village_classes)
    weak = spec.weak_branch_villages and q.place in q.weak_branch_villages
    reasons_zh = [c.label_zh for c in classes] + (["党组织软弱涣散村"] if weak else [])
    reasons_en = [c.label_en for c in classes] + (["weak party branch"] if weak else [])
    values |= {"why": "、".join(reasons_zh) or "不在所列名单上",
               "why_en": ", ".join(reasons_en) or "on none of the lists"}
    return PRIORITY_PLACE.finding(Outcome.YES if reasons_zh else Outcome.NO, values, used,
                                  subject=str(q.place))


# --------------------------------------------------------------------------- registry

RULES: tuple[Rule[Any], ...] = (
    Rule(TOWN_CLASS, town_class),
    Rule(VILLAGE_CLASS, village_class),
    Rule(LIFTED_VILLAGE, lifted_village),
    Rule(KEY_TOWN, key_town),
    Rule(TOWN_EMPHASIS_SPEC, town_class_emphasis),
    Rule(PRIORITY_PLACE, priority_place),
    Rule(VILLAGE_EMPHASIS_SPEC, village_class_emphasis),
)
TABLES: tuple[DecisionTable[Any], ...] = ()


class _PlaceCitations:
    """The citations of the packaged place lists, read when iterated (importing reads nothing)."""

    def __iter__(self) -> Iterator[tuple[str, Citation]]:
        yield from wansheng_registry().citations()


#: The ``(id, Citation)`` pairs of the place facts that are not rules.
CITATIONS: Final = _PlaceCitations()
