"""The indicator catalog pins every value of Table 1 and every target of the text.

Expected values are typed here from the plan (Table 1, Ch2 §3, Boxes 2, 6, 7,
Ch8 §2), never read back from the package's data.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from revitalize.errors import InvalidInputError
from revitalize.indicators import (
    AboveReference,
    AtLeast,
    BaselineKind,
    Direction,
    GrowthBasis,
    IndicatorAttribute,
    KeepPace,
    KeepStable,
    Maintain,
    PathKind,
    PointChange,
    Ratio,
    Reach,
    TargetKind,
    ZeroEvents,
    default_indicators,
    load_indicator_catalog,
)
from revitalize.policy.parameters import default_parameters

B = "binding"
A = "anticipatory"

# id, name in Table 1, 2020 value (None: "--"), 2025 target as printed, attribute
TABLE1: list[tuple[str, str, str | None, str, str]] = [
    ("KPI-1", "地区生产总值增长（%）", "2.4", "高于全市平均水平", A),
    ("KPI-2", "农村常住居民人均可支配收入增速（%）", "7.1", "高于全市平均水平", A),
    ("KPI-3", "农村义务教育巩固率（%）", "100", "100", B),
    ("KPI-4a", "农村人口基本医保参保率（%）", "95", "95", B),
    ("KPI-4b", "标准化村卫生室比重（%）", "100", "100", A),
    ("KPI-4c", "乡村医生中执业（助理）医师比例（%）", "15", "18", A),
    ("KPI-5", "农村自来水普及率（%）", "88.6", "89", A),
    ("KPI-6a", "农村卫生户厕普及率（%）", "91.7", "92", A),
    ("KPI-6b", "行政村生活垃圾有效治理比例(%)", "90", "100", A),
    ("KPI-7a", "公益岗位脱贫人口就业比重（%）", "14.29", "保持规模总体稳定", A),
    ("KPI-7b", "有劳动能力、有就业意愿和培训需求的群众培训比重（%）", "100", "100", A),
    ("KPI-7c", "转移就业比重（%）", None, "85", A),
    ("KPI-8a", "第一产业增加值（亿元）", "11.96", "13.86", A),
    ("KPI-8b", "农产品加工产值与农业总产值比", "1.4:1", "2:1", A),
    ("KPI-8c", "农林牧渔服务业产值增速（%）", "3.3", "高于全市平均水平", A),
    ("KPI-8d", "粮食综合生产能力（万吨）", "5", "≥5", B),
    ("KPI-8e", "耕地中高标准农田占比（%）", "68.6", "≥70", B),
    ("KPI-9", "村民小组通硬化路的比例（%）", "100", "100", A),
    ("KPI-10", "返贫人口帮扶率（%）", None, "100%", B),
]

# The numeric form of each Table 1 target: (kind, value or None, direction of a ratio).
TABLE1_TARGETS: dict[str, tuple[TargetKind, str | None]] = {
    "KPI-1": (TargetKind.ABOVE_REFERENCE, None),
    "KPI-2": (TargetKind.ABOVE_REFERENCE, None),
    "KPI-3": (TargetKind.MAINTAIN, "100"),
    "KPI-4a": (TargetKind.MAINTAIN, "95"),
    "KPI-4b": (TargetKind.MAINTAIN, "100"),
    "KPI-4c": (TargetKind.AT_LEAST, "18"),
    "KPI-5": (TargetKind.AT_LEAST, "89"),
    "KPI-6a": (TargetKind.AT_LEAST, "92"),
    "KPI-6b": (TargetKind.AT_LEAST, "100"),
    "KPI-7a": (TargetKind.KEEP_STABLE, None),
    "KPI-7b": (TargetKind.MAINTAIN, "100"),
    "KPI-7c": (TargetKind.AT_LEAST, "85"),
    "KPI-8a": (TargetKind.AT_LEAST, "13.86"),
    "KPI-8b": (TargetKind.RATIO, "2"),
    "KPI-8c": (TargetKind.ABOVE_REFERENCE, None),
    "KPI-8d": (TargetKind.AT_LEAST, "5"),
    "KPI-8e": (TargetKind.AT_LEAST, "70"),
    "KPI-9": (TargetKind.MAINTAIN, "100"),
    "KPI-10": (TargetKind.AT_LEAST, "100"),
}

# Text targets: id, kind, value (count, level, points or x of x:1), unit, attribute.
TEXT_TARGETS: list[tuple[str, TargetKind, str | None, str, str | None]] = [
    ("KPI-T1", TargetKind.MAINTAIN, "80", "percent", None),
    ("KPI-T2a", TargetKind.AT_LEAST, "60", "percent", None),
    ("KPI-T2b", TargetKind.AT_LEAST, "75", "percent", None),
    ("KPI-T3", TargetKind.AT_LEAST, "90", "percent", None),
    ("KPI-T4", TargetKind.REACH, "1", "institutions", None),
    ("KPI-T5", TargetKind.POINT_CHANGE, "5", "percent", None),
    ("KPI-T6", TargetKind.RATIO, "1.8", "ratio", None),
    ("KPI-T7", TargetKind.AT_LEAST, "12", "percent", None),
    ("KPI-T8a", TargetKind.REACH, "1", "count", None),
    ("KPI-T8b", TargetKind.REACH, "1", "count", None),
    ("KPI-T8c", TargetKind.REACH, "18", "count", None),
    ("KPI-T8d", TargetKind.REACH, "45", "count", None),
    ("KPI-T8e", TargetKind.REACH, "17365", "households", None),
    ("KPI-T8f", TargetKind.REACH, "35", "structures", None),
    ("KPI-T9a", TargetKind.REACH, "100", "kilometres", None),
    ("KPI-T9b", TargetKind.REACH, "300", "kilometres", None),
    ("KPI-T10", TargetKind.AT_LEAST, "100", "percent", None),
    ("KPI-T11", TargetKind.ZERO_EVENTS, "0", "events", B),
    ("KPI-T12", TargetKind.KEEP_PACE, None, "percent", None),
    ("KPI-T13a", TargetKind.AT_LEAST, "100", "percent", None),
    ("KPI-T13b", TargetKind.MAINTAIN, "100", "percent", None),
]


def _plan_value(text: str) -> Decimal:
    return Decimal(text.rstrip("%").lstrip("≥").split(":")[0])


def test_catalog_holds_exactly_the_table_and_text_indicators() -> None:
    """The catalog lists Table 1's 19 rows and the 21 text quantities, in catalog order."""
    ids = [row[0] for row in TABLE1] + [row[0] for row in TEXT_TARGETS]
    assert default_indicators().ids == tuple(ids)


@pytest.mark.parametrize(("ident", "name", "base", "target", "attr"), TABLE1)
def test_table1_row(ident: str, name: str, base: str | None, target: str, attr: str) -> None:
    """Each Table 1 row has the plan's baseline (2020), target (2025) and attribute."""
    ind = default_indicators()[ident]
    assert ind.attribute is IndicatorAttribute(attr)
    assert ind.in_table1
    assert any(c.ref == "Table 1" and name in c.quote for c in ind.citations)
    if base is None:
        assert ind.baseline is None
    else:
        assert ind.baseline is not None
        assert ind.baseline.year == 2020
        assert ind.baseline.value == _plan_value(base)
    kind, value = TABLE1_TARGETS[ident]
    assert ind.target.kind is kind
    assert ind.target_year == 2025
    if value is None:
        assert ind.target.goal is None
    else:
        assert ind.target.goal == Decimal(value)
    if kind in (TargetKind.ABOVE_REFERENCE, TargetKind.KEEP_STABLE) or "≥" in target:
        assert ind.target_text_zh.endswith(target) or target in ind.target_text_zh


@pytest.mark.parametrize(("ident", "name", "base", "target", "attr"), TABLE1)
def test_table1_row_matches_plan_text(plan_text: str, ident: str, name: str, base: str | None,
                                      target: str, attr: str) -> None:
    """The typed row is the plan's own row: name, 2020, 2025 and attribute lines in order."""
    lines = [line.strip() for line in plan_text.splitlines() if line.strip()]
    i = lines.index(name)
    attr_zh = {"binding": "约束性", "anticipatory": "预期性"}[attr]
    assert lines[i + 1: i + 4] == [base or "--", target, attr_zh]


def test_table1_attributes_count() -> None:
    """Table 1 has six binding rows (KPI-3, 4a, 8d, 8e, 10 and no other) plus 13 anticipatory."""
    catalog = default_indicators()
    binding = [i.id for i in catalog if i.in_table1 and i.is_binding]
    assert binding == ["KPI-3", "KPI-4a", "KPI-8d", "KPI-8e", "KPI-10"]
    assert sum(1 for i in catalog if i.in_table1) == 19


@pytest.mark.parametrize(("ident", "kind", "value", "unit", "attr"), TEXT_TARGETS)
def test_text_target(ident: str, kind: TargetKind, value: str | None, unit: str,
                     attr: str | None) -> None:
    """Each target stated in the text has the plan's form, number and unit."""
    ind = default_indicators()[ident]
    assert not ind.in_table1
    assert ind.target.kind is kind
    assert ind.unit.value == unit
    assert (ind.attribute.value if ind.attribute else None) == attr
    if isinstance(ind.target, PointChange):
        assert ind.target.points == Decimal(value or "")
        assert ind.target.base_year == 2020
    elif isinstance(ind.target, Ratio):
        assert ind.target.normalised == Decimal(value or "")
    elif value is None:
        assert ind.target.goal is None
    else:
        assert ind.target.goal == Decimal(value)


def test_ratio_targets_directions() -> None:
    """KPI-8b rises to at least 2:1; KPI-T6 falls to at most 1.8:1."""
    catalog = default_indicators()
    t8b, t6 = catalog["KPI-8b"].target, catalog["KPI-T6"].target
    assert isinstance(t8b, Ratio) and t8b.direction is Direction.AT_LEAST
    assert (t8b.antecedent, t8b.consequent) == (Decimal(2), Decimal(1))
    assert isinstance(t6, Ratio) and t6.direction is Direction.AT_MOST
    assert (t6.antecedent, t6.consequent) == (Decimal("1.8"), Decimal(1))


def test_counts_to_build_are_cumulative_from_2021() -> None:
    """Box 6's counts and lengths are counted from 2021 to 2025."""
    catalog = default_indicators()
    for ident in ("KPI-T8a", "KPI-T8b", "KPI-T8c", "KPI-T8d", "KPI-T8e", "KPI-T8f",
                  "KPI-T9a", "KPI-T9b"):
        target = catalog[ident].target
        assert isinstance(target, Reach)
        assert target.cumulative_from == 2021


def test_kpi_t10_target_year_comes_from_parameters() -> None:
    """KPI-T10's 'about 2 years' end in 2022 from the assumed 2021-01-01 start."""
    ind = default_indicators()["KPI-T10"]
    params = default_parameters()
    on = dt.date(2022, 12, 31)
    assert ind.target_year is None
    assert params.integer("indicators.kpi_t10.within_years", on) == 2
    assert params.get("indicators.kpi_t10.start", on).is_assumption
    assert ind.resolved_target_year(params, on) == 2022
    later = params.reform({"indicators.kpi_t10.start": dt.date(2022, 1, 1)})
    assert ind.resolved_target_year(later, on) == 2023


def test_kpi_t12_compares_real_growth_with_kpi1() -> None:
    """KPI-T12 is observed as real income growth and keeps pace with KPI-1 (comparable prices)."""
    catalog = default_indicators()
    ind = catalog["KPI-T12"]
    assert ind.observed_from is None
    assert isinstance(ind.target, KeepPace)
    assert ind.target.pace_indicator == "KPI-1"
    assert ind.target.basis is GrowthBasis.REAL
    assert "可比价" in (catalog["KPI-1"].formula.numerator_zh or "")
    assert "实际" in (ind.formula.numerator_zh or "")


def test_kpi_t11_is_zero_events() -> None:
    """KPI-T11 allows no large-scale return to poverty at all."""
    assert isinstance(default_indicators()["KPI-T11"].target, ZeroEvents)


@pytest.mark.parametrize(
    ("ident", "kind"),
    [("KPI-1", AboveReference), ("KPI-7a", KeepStable), ("KPI-3", Maintain),
     ("KPI-5", AtLeast)],
)
def test_target_classes(ident: str, kind: type) -> None:
    """Target kinds map to their classes."""
    assert isinstance(default_indicators()[ident].target, kind)


def test_plan01_notes() -> None:
    """KPI-2 (5-year average), KPI-7a (percentage vs scale), KPI-7c (vs 应转尽转) carry PLAN-01."""
    catalog = default_indicators()
    kpi2 = catalog["KPI-2"]
    assert kpi2.baseline is not None
    assert kpi2.baseline.kind is BaselineKind.PERIOD_AVERAGE
    assert [n.catalog for n in kpi2.notes] == ["PLAN-01 (5)"]
    assert [n.catalog for n in catalog["KPI-7a"].notes] == ["PLAN-01 (6)"]
    assert [n.catalog for n in catalog["KPI-7c"].notes] == ["PLAN-01 (4)", "EMP-04"]
    assert any("应转尽转" in c.quote for c in catalog["KPI-7c"].citations)


def test_paths_per_indicator() -> None:
    """KPI-8a follows a compound path; targets without a start or a level have none."""
    catalog = default_indicators()
    assert catalog["KPI-8a"].path is PathKind.COMPOUND
    assert catalog["KPI-5"].path is PathKind.LINEAR
    for ident in ("KPI-1", "KPI-2", "KPI-3", "KPI-7a", "KPI-7c", "KPI-10", "KPI-T11",
                  "KPI-T12"):
        assert catalog[ident].path is PathKind.NONE


def test_every_citation_is_verbatim(plan_text: str) -> None:
    """Every fragment of every indicator's citation is a substring of the plan."""
    for ind in default_indicators():
        assert ind.citations
        for c in ind.citations:
            for fragment in c.fragments:
                assert fragment in plan_text, (ind.id, fragment)


def test_ids_follow_the_catalog_pattern() -> None:
    """Every ID is a KPI catalog ID; each is unique."""
    ids = default_indicators().ids
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"KPI-(\d+[a-z]?|T\d+[a-z]?)", i) for i in ids)


def test_tolerance_parameters_are_assumptions() -> None:
    """The keep-stable and keep-pace bands are parameters marked as assumptions."""
    params = default_parameters()
    on = dt.date(2023, 1, 1)
    for ident in ("KPI-7a", "KPI-T12"):
        target = default_indicators()[ident].target
        assert isinstance(target, KeepStable | KeepPace)
        value = params.get(target.tolerance_parameter, on)
        assert value.is_assumption
        assert ident in params.parameter(target.tolerance_parameter).catalog


def test_catalog_json_rows_have_the_listed_fields() -> None:
    """Each JSON row has id, names, unit, baseline, target, attribute and citation."""
    rows = default_indicators().to_json()
    for row in rows:
        assert {"id", "name_zh", "name_en", "unit", "baseline", "target", "attribute",
                "citation"} <= set(row)
    kpi5 = next(r for r in rows if r["id"] == "KPI-5")
    assert kpi5["baseline"]["value"] == "88.6"
    assert kpi5["target"] == {"kind": "at_least", "year": 2025, "value": "89",
                              "text_zh": "达到89%", "text_en": "reach 89%"}


def test_unknown_indicator_names_close_matches() -> None:
    """Looking up a misspelt ID suggests the right one."""
    with pytest.raises(KeyError, match="did you mean 'KPI-T8"):
        default_indicators()["KPI-T8"]


MINIMAL = """
[[indicator]]
id = "KPI-5"
name_zh = "农村自来水普及率"
name_en = "Rural tap water coverage"
unit = "percent"
attribute = "anticipatory"
path = "linear"
[indicator.baseline]
year = 2020
value = "88.6"
[indicator.target]
kind = "at_least"
year = 2025
value = "89"
text_zh = "达到89%"
text_en = "reach 89%"
[[indicator.citations]]
ref = "Ch2 §3"
quote = "农村自来水普及率达到89%"
"""


def test_loader_reads_a_minimal_catalog() -> None:
    """A one-indicator catalog loads."""
    catalog = load_indicator_catalog(MINIMAL)
    assert catalog.ids == ("KPI-5",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('value = "89"', "value = 89.0"), "expected a decimal string"),
        (('id = "KPI-5"', 'id = "K5"'), "expected a catalog ID"),
        (('path = "linear"', 'path = "wavy"'), "unknown PathKind"),
        (('kind = "at_least"', 'kind = "atleast"'), "at_least"),
        (('unit = "percent"', 'unit = "percent"\ncolour = "red"'), "unknown keys"),
        (('year = 2025\n', 'year = 2025\npoints = "5"\n'), "unknown keys for kind"),
        (('[indicator.baseline]\nyear = 2020\nvalue = "88.6"\n', ""), "needs a baseline"),
        (('[[indicator.citations]]', '[[indicator.notes]]\ncatalog = "X"\nzh = "x"\nen = "x"'
                                     '\n[[indicator.citationz]]'), "unknown keys"),
    ],
)
def test_loader_rejects_bad_catalogs(change: tuple[str, str], message: str) -> None:
    """A broken catalog raises InvalidInputError naming the indicator and the problem."""
    text = MINIMAL.replace(*change)
    with pytest.raises(InvalidInputError, match=message) as info:
        load_indicator_catalog(text, "cat.toml")
    assert "cat.toml" in str(info.value)


def test_loader_rejects_duplicates_and_unknown_links() -> None:
    """A repeated ID and an unknown observed_from are both reported."""
    text = MINIMAL + MINIMAL.replace('id = "KPI-5"', 'id = "KPI-5"\nobserved_from = "KPI-55"')
    with pytest.raises(InvalidInputError) as info:
        load_indicator_catalog(text)
    message = str(info.value)
    assert "defined twice" in message
    assert "KPI-55" in message


def test_loader_rejects_toml_syntax_errors() -> None:
    """A TOML syntax error is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match="TOML syntax error"):
        load_indicator_catalog("[[indicator]\n")
