"""PLAN-01: the consistency report, item by item (not a snapshot)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from revitalize.indicators.catalog import BaselineKind
from revitalize.models.places import TownClass, load_place_registry, wansheng_registry
from revitalize.policy.engine import Outcome
from revitalize.policy.parameters import default_parameters
from revitalize.policy.plan_check import Disagreement, consistency_report, plan_consistency

REPORT = {d.number: d for d in consistency_report()}


def _refs(d: Disagreement) -> tuple[str, str]:
    return d.first.citation.ref, d.second.citation.ref


def test_report_has_the_ten_items_in_order() -> None:
    """The report lists exactly the catalog's ten disagreements, numbered 1..10."""
    assert list(REPORT) == list(range(1, 11))


def test_every_item_quotes_the_plan_on_both_sides(plan_text: str) -> None:
    """Both citations of every item are verbatim in the plan and differ."""
    for d in REPORT.values():
        assert d.first.citation != d.second.citation, d.key
        for c in d.citations:
            assert all(f in plan_text for f in c.fragments), (d.key, c)


def test_item1_key_support_towns() -> None:
    """(1) Box 1 adds 黑山镇 to the key-support towns; Ch11 §2 classes it demonstration."""
    d = REPORT[1]
    assert _refs(d) == ("Box 1", "Ch11 §2")
    assert d.present and d.values["box1_only"] == ("黑山镇",) and d.values["ch11_only"] == ()
    assert d.values["box1_only_classes"] == (TownClass.DEMONSTRATION,)
    # the report still names the conflict, and says that the exact term follows Box 1
    assert "专栏1" in d.handling("zh") and "default: Box 1" in d.handling("en")


def test_item2_village_counts() -> None:
    """(2) 8 key-support villages claimed vs 7 named; 5 lifted claimed vs 7 (4 not key)."""
    d = REPORT[2]
    assert _refs(d) == ("Ch11 §1", "Box 1")
    v = d.values
    assert d.present
    assert (v["claimed_key_support"], v["named_key_support"]) == (8, 7)
    assert v["claimed_group_key_support"] == 8
    assert (v["claimed_lifted"], v["named_lifted"], len(v["lifted_only"])) == (5, 7, 4)
    assert set(v["lifted_and_key_support"]) == {"万东镇五和村", "青年镇板辽村", "关坝镇凉风村"}
    assert (v["claimed_contacts"], v["named_villages"]) == (13, 12)
    assert v["box1_ch11_key_support_agree"] is True


def test_item3_demonstration_village_name() -> None:
    """(3) The same village is 乡村振兴示范村 in Box 1 and 乡村振兴先行示范村 in Ch11 §2."""
    d = REPORT[3]
    assert _refs(d) == ("Box 1", "Ch11 §2")
    assert d.present and d.values["same_village"] is True
    assert d.values["box1_label"] == "乡村振兴示范村"
    assert d.values["ch11_label"] == "乡村振兴先行示范村"


def test_item4_transfer_employment() -> None:
    """(4) Ch2 §3 asks for all (应转尽转); Table 1 targets 85%."""
    d = REPORT[4]
    assert _refs(d) == ("Ch2 §3", "Table 1")
    assert d.present and d.values["table1_target"] == Decimal(85)


def test_item5_income_growth_baseline() -> None:
    """(5) Table 1's 2020 value 7.1 is the 13th-plan average (Ch1 §1)."""
    d = REPORT[5]
    assert _refs(d) == ("Table 1", "Ch1 §1")
    assert d.present and d.values["baseline"] == Decimal("7.1")
    assert d.values["baseline_kind"] is BaselineKind.PERIOD_AVERAGE


def test_item6_welfare_post_share() -> None:
    """(6) KPI-7a is a percentage with a scale target."""
    d = REPORT[6]
    assert _refs(d) == ("Table 1", "Table 1")
    assert d.present and d.values["indicator"] == "KPI-7a"
    assert d.second.citation.quote == "保持规模总体稳定"


def test_item7_supervision_levels() -> None:
    """(7) Ch10 §4 names four levels and gives duties to three; Ch3 §1 and Box 3 say three."""
    d = REPORT[7]
    assert _refs(d) == ("Ch10 §4", "Ch3 §1, Box 3")
    assert d.present and d.values["without_duties"] == ("市",)
    assert len(d.values["named"]) == 4 and len(d.values["three_levels"]) == 3


def test_item8_discovery_means() -> None:
    """(8) Ch5's introduction lists four discovery means, Ch5 §3 three, differently named."""
    d = REPORT[8]
    assert _refs(d) == ("Ch5 intro", "Ch5 §3")
    assert d.present and (len(d.values["intro"]), len(d.values["section_3"])) == (4, 3)
    assert "基层干部排查" in d.values["only_section_3"]


def test_item9_layers_and_classes() -> None:
    """(9) 8 towns in two layers and three classes, but the second layer is villages."""
    d = REPORT[9]
    assert _refs(d) == ("Ch11 §2", "Ch11 §2")
    assert d.present and d.values["claimed_layers"] == 2
    assert len(d.values["town_classes"]) == 3 and len(d.values["village_classes"]) == 2


def test_item10_campaign_work_teams() -> None:
    """(10) 9 teams = 7 poor + 2 other villages: a baseline, not necessarily a conflict."""
    d = REPORT[10]
    assert _refs(d) == ("Ch1 §1", "Ch11 §1")
    assert d.kind.value == "baseline_note"
    assert d.values["campaign_sum_consistent"] is True and d.values["poor_equals_lifted"] is True
    assert (d.values["campaign_teams"], d.values["key_support_villages"]) == (9, 7)


def _packaged_places() -> str:
    return (resources.files("revitalize") / "data" / "places.toml").read_text(encoding="utf-8")


def test_data_change_resolving_item1_is_seen() -> None:
    """Dropping 黑山镇 from Box 1's list resolves item 1 and only item 1's list difference."""
    text = _packaged_places().replace('members = ["青年镇", "丛林镇", "黑山镇"]',
                                      'members = ["青年镇", "丛林镇"]')
    report = consistency_report(load_place_registry(text))
    assert not report[0].present
    assert report[0].values["box1_only"] == ()


def test_data_change_adding_a_difference_is_seen() -> None:
    """A town added to Ch11's key-support class shows as a Ch11-only difference."""
    text = (_packaged_places()
            .replace('members = ["青年镇", "丛林镇"]\nref = "Ch11 §2"',
                     'members = ["青年镇", "丛林镇", "万东镇"]\nref = "Ch11 §2"')
            .replace('members = ["万东镇", "南桐镇"', 'members = ["南桐镇"'))
    report = consistency_report(load_place_registry(text))
    assert report[0].values["ch11_only"] == ("万东镇",)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rule_names_every_present_item(lang: str) -> None:
    """PLAN-01 as a rule answers NO and names each present item."""
    f = plan_consistency(wansheng_registry(), default_parameters(), dt.date(2023, 1, 1))
    assert f.outcome is Outcome.NO
    assert f.values["count"] == sum(1 for d in REPORT.values() if d.present)
    assert all(f"({n})" in f.reason(lang) for n, d in REPORT.items() if d.present)
