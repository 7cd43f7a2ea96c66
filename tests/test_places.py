"""PLACE-01..07: the place registry, classes, key towns, emphasis and priority places."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from revitalize.errors import InvalidInputError, UnknownNameError
from revitalize.models.places import (
    ListRole,
    PlaceRef,
    TownClass,
    VillageClass,
    load_place_registry,
    wansheng_registry,
)
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import default_parameters
from revitalize.policy.places import (
    KEY_SUPPORT_TOWN_LIST,
    PRIORITY_USES,
    RULES,
    TOWN_EMPHASIS,
    VILLAGE_EMPHASIS,
    PlaceQuery,
    PriorityUse,
    is_priority_place,
    key_support_towns,
    priority_place,
    town_class,
    village_class_emphasis,
)
from revitalize.testing.strategies import place_refs

ON = dt.date(2023, 6, 1)
REG = wansheng_registry()
PARAMS = default_parameters()

# The plan's lists, typed from the plan.
TOWN_CLASSES = {
    "黑山镇": TownClass.DEMONSTRATION,
    "青年镇": TownClass.KEY_SUPPORT,
    "丛林镇": TownClass.KEY_SUPPORT,
    "万东镇": TownClass.ACTIVE_ADVANCEMENT,
    "南桐镇": TownClass.ACTIVE_ADVANCEMENT,
    "关坝镇": TownClass.ACTIVE_ADVANCEMENT,
    "金桥镇": TownClass.ACTIVE_ADVANCEMENT,
    "石林镇": TownClass.ACTIVE_ADVANCEMENT,
}
KEY_SUPPORT_VILLAGES = {"万东镇五和村", "南桐镇王家坝村", "关坝镇凉风村", "青年镇板辽村",
                        "金桥镇青山村", "石林镇星台村", "黑山镇鱼子村"}
LIFTED_VILLAGES = {"万东镇五和村", "南桐镇岩门村", "青年镇板辽村", "关坝镇凉风村", "石林镇庙坝村",
                   "丛林镇海孔村", "金桥镇三台村"}


def test_place01_eight_towns_with_their_class() -> None:
    """PLACE-01: the eight towns and their Ch11 §2 class."""
    assert {t.name: t.town_class for t in REG.towns} == TOWN_CLASSES


def test_place01_rule_states_the_class() -> None:
    """PLACE-01: the rule's finding names the town's class."""
    f = town_class(PlaceQuery(REG, PlaceRef("黑山镇")), PARAMS, ON)
    assert f.outcome is Outcome.YES
    assert f.values["town_class"] is TownClass.DEMONSTRATION
    assert "先行示范类" in f.reason("zh")


def test_unknown_town_lists_known_and_closest() -> None:
    """An unknown town name raises, naming the closest match and every known town."""
    with pytest.raises(UnknownNameError) as err:
        REG.town("黑山")
    assert err.value.suggestions[0] == "黑山镇"
    assert set(err.value.known) == set(TOWN_CLASSES)
    with pytest.raises(UnknownNameError):
        town_class(PlaceQuery(REG, PlaceRef("万盛镇")), PARAMS, ON)


def test_unknown_village_lists_the_towns_villages() -> None:
    """An unknown village of a known town names the town's listed villages."""
    with pytest.raises(UnknownNameError) as err:
        REG.village("丛林镇", "绿山村")
    assert err.value.suggestions == ("绿水村",)
    assert set(err.value.known) == {"绿水村", "海孔村"}


def test_place02_demonstration_and_key_support_villages() -> None:
    """PLACE-02: one demonstration village and seven key-support villages, each with its town."""
    assert [v.full_name for v in REG.villages_of_class(VillageClass.DEMONSTRATION)] == [
        "丛林镇绿水村"]
    assert {v.full_name for v in REG.villages_of_class(VillageClass.KEY_SUPPORT)} == (
        KEY_SUPPORT_VILLAGES)


def test_place03_lifted_villages_and_overlap() -> None:
    """PLACE-03: seven lifted villages; 五和、板辽、凉风 are also key-support villages."""
    lifted = {v.full_name for v in REG.villages_of_class(VillageClass.LIFTED)}
    assert lifted == LIFTED_VILLAGES
    assert lifted & KEY_SUPPORT_VILLAGES == {"万东镇五和村", "青年镇板辽村", "关坝镇凉风村"}


@pytest.mark.parametrize(("rule_id", "ref", "outcome"), [
    ("PLACE-02", PlaceRef("南桐镇", "王家坝村"), Outcome.YES),
    ("PLACE-02", PlaceRef("南桐镇", "岩门村"), Outcome.NO),
    ("PLACE-02", PlaceRef("南桐镇"), Outcome.NOT_APPLICABLE),
    ("PLACE-03", PlaceRef("南桐镇", "岩门村"), Outcome.YES),
    ("PLACE-03", PlaceRef("南桐镇", "王家坝村"), Outcome.NO),
    ("PLACE-04", PlaceRef("黑山镇"), Outcome.YES),
    ("PLACE-04", PlaceRef("关坝镇"), Outcome.NO),
])
def test_village_and_key_town_rules(rule_id: str, ref: PlaceRef, outcome: Outcome) -> None:
    """PLACE-02..04 answer per place."""
    rule = next(r for r in RULES if r.id == rule_id)
    assert rule(PlaceQuery(REG, ref), PARAMS, ON).outcome is outcome


def test_place04_key_towns_kept_apart_from_class() -> None:
    """PLACE-04: Box 1's key towns include 黑山镇, whose class stays demonstration."""
    assert [t.name for t in REG.key_towns()] == ["黑山镇", "青年镇", "丛林镇"]
    assert REG.town("黑山镇").town_class is TownClass.DEMONSTRATION
    (lst,) = REG.lists_with(ListRole.KEY_TOWNS)
    assert lst.citation.ref == "Box 1" and lst.town_class is None


def test_place05_emphasis_per_town_class(plan_text: str) -> None:
    """PLACE-05: every town class has an emphasis whose quote is in Ch11 §2."""
    assert set(TOWN_EMPHASIS) == set(TownClass)
    for e in TOWN_EMPHASIS.values():
        assert e.catalog == "PLACE-05" and e.citation.ref == "Ch11 §2"
        assert all(frag in plan_text for frag in e.citation.fragments)
    assert "先行先试" in TOWN_EMPHASIS[TownClass.DEMONSTRATION].citation.quote
    assert "用足用好帮扶政策" in TOWN_EMPHASIS[TownClass.KEY_SUPPORT].citation.quote
    assert "五个振兴" in TOWN_EMPHASIS[TownClass.ACTIVE_ADVANCEMENT].citation.quote


def test_place07_emphasis_per_village_class() -> None:
    """PLACE-07: demonstration and key-support villages have an emphasis; lifted ones none."""
    assert set(VILLAGE_EMPHASIS) == {VillageClass.DEMONSTRATION, VillageClass.KEY_SUPPORT}
    f = village_class_emphasis(PlaceQuery(REG, PlaceRef("丛林镇", "绿水村")), PARAMS, ON)
    assert f.outcome is Outcome.YES and "示范带动" in str(f.values["emphasis"])
    lifted_only = village_class_emphasis(PlaceQuery(REG, PlaceRef("丛林镇", "海孔村")), PARAMS, ON)
    assert lifted_only.outcome is Outcome.NOT_APPLICABLE


def test_place06_uses_cite_their_passage() -> None:
    """PLACE-06: each use of the priority set cites its chapter (Ch3 §1/§3, Ch6, Ch12, Ch13)."""
    refs = {u: s.citation.ref for u, s in PRIORITY_USES.items()}
    assert refs[PriorityUse.FISCAL_SUPPORT] == "Ch3 §3"
    assert refs[PriorityUse.INDUSTRY] == "Ch6 §1"
    assert refs[PriorityUse.AGRICULTURE_CLUSTER] == "Ch12 §2"
    assert refs[PriorityUse.INSURANCE] == "Ch13 §2"
    assert refs[PriorityUse.FISCAL_TRANSFER] == "Ch13 §2"
    assert refs[PriorityUse.RESIDENT_WORK] == "Ch3 §1"


def test_place06_key_support_towns_follow_box1_by_default() -> None:
    """PLACE-06: where the plan says 乡村振兴重点帮扶镇 it means Box 1's list, 黑山镇 included."""
    assert PARAMS.choice(KEY_SUPPORT_TOWN_LIST, ON) == "box1_key_towns"
    assert {t.name for t in key_support_towns(REG, PARAMS, ON)} == {"青年镇", "丛林镇", "黑山镇"}
    heishan, wandong = PlaceRef("黑山镇"), PlaceRef("万东镇")
    for use in (PriorityUse.RESIDENT_WORK, PriorityUse.INDUSTRY, PriorityUse.INDUSTRIAL_PARK,
                PriorityUse.AGRICULTURE_CLUSTER, PriorityUse.INSURANCE):
        assert is_priority_place(REG, heishan, use, PARAMS, ON), use
        assert not is_priority_place(REG, wandong, use, PARAMS, ON), use
    # Ch11's class answers questions in Ch11's terms: 黑山镇 stays demonstration
    assert REG.town("黑山镇").town_class is TownClass.DEMONSTRATION
    ch11 = PARAMS.reform({KEY_SUPPORT_TOWN_LIST: "ch11_class"}, name="ch11")
    assert not is_priority_place(REG, heishan, PriorityUse.INSURANCE, ch11, ON)
    assert is_priority_place(REG, PlaceRef("丛林镇"), PriorityUse.INSURANCE, ch11, ON)


def test_place06_box1_list_is_the_exact_term_of_every_town_passage(plan_text: str) -> None:
    """Every passage that favours towns names them 乡村振兴重点帮扶(乡)镇, Box 1's heading."""
    assert "乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇" in plan_text
    for spec in PRIORITY_USES.values():
        quote = spec.citation.quote
        assert spec.key_support_towns is ("乡村振兴重点帮扶镇" in quote
                                          or "乡村振兴重点帮扶乡镇" in quote), spec.use


def test_place06_village_only_passages_exclude_towns() -> None:
    """PLACE-06: a passage that lists villages only never favours a town."""
    assert not is_priority_place(REG, PlaceRef("丛林镇"), PriorityUse.FISCAL_SUPPORT, PARAMS, ON)
    assert is_priority_place(REG, PlaceRef("南桐镇", "岩门村"), PriorityUse.FISCAL_SUPPORT,
                             PARAMS, ON)
    assert not is_priority_place(REG, PlaceRef("南桐镇", "岩门村"), PriorityUse.INDUSTRIAL_PARK,
                                 PARAMS, ON)


def test_place06_weak_branch_villages_only_for_resident_work() -> None:
    """PLACE-06: a weak-party-branch village (an input list) counts only in Ch3 §1's use."""
    weak = frozenset({PlaceRef("丛林镇", "绿水村")})
    unlisted = PlaceRef("南桐镇", "某某村")
    assert not is_priority_place(REG, unlisted, PriorityUse.FISCAL_SUPPORT, PARAMS, ON,
                                 frozenset({unlisted}))
    assert is_priority_place(REG, unlisted, PriorityUse.RESIDENT_WORK, PARAMS, ON,
                             frozenset({unlisted}) | weak)


def test_place06_without_a_use_is_insufficient() -> None:
    """PLACE-06: asking without a passage is insufficient data, naming ``use``."""
    f = priority_place(PlaceQuery(REG, PlaceRef("丛林镇")), PARAMS, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA and f.missing == ("use",)


def test_linkage_pilot_is_liangfeng() -> None:
    """Ch3 §4: 关坝镇凉风村 is the linkage pilot village."""
    assert [v.full_name for v in REG.linkage_pilots()] == ["关坝镇凉风村"]


def test_has_village_with_a_non_exhaustive_list() -> None:
    """The packaged list is not exhaustive: any village of a known town is acceptable."""
    assert REG.has_village("丛林镇", "绿水村") and REG.is_listed_village("丛林镇", "绿水村")
    assert REG.has_village("丛林镇", "某某村") and not REG.is_listed_village("丛林镇", "某某村")
    assert not REG.has_village("万盛镇", "某某村")


_SMALL = """
district = "测试区"
district_en = "Test"
[[town]]
id = "a"
name = "甲镇"
name_en = "A"
[[village]]
id = "x"
name = "一村"
name_en = "X"
town = "甲镇"
[[list]]
id = "c1"
catalog = "PLACE-01"
source = "ch11"
role = "town_class"
town_class = "key_support"
label_zh = "重点帮扶类"
label_en = "key support"
members = ["甲镇"]
ref = "Ch11 §2"
quote = "x"
"""


def test_another_district_builds_its_own_registry() -> None:
    """A district's own TOML builds an exhaustive registry with strict village lookup."""
    reg = load_place_registry(_SMALL)
    assert reg.town("甲镇").town_class is TownClass.KEY_SUPPORT
    assert reg.has_village("甲镇", "一村") and not reg.has_village("甲镇", "二村")


def test_loader_reports_every_problem() -> None:
    """A town without a class and an unknown list member are both reported."""
    bad = _SMALL.replace('members = ["甲镇"]', 'members = ["乙镇"]')
    with pytest.raises(InvalidInputError) as err:
        load_place_registry(bad, "bad.toml")
    text = str(err.value)
    assert "unknown town '乙镇'" in text
    assert "expected exactly one town_class list, found 0" in text


@given(place_refs())
def test_every_registry_place_resolves(ref: PlaceRef) -> None:
    """Every place of the registry resolves by its Chinese names and is on the registry."""
    place = REG.place(ref)
    assert place.ref == ref
    assert REG.has_town(ref.town)
