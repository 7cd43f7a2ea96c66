"""The household assessment: MON-01..05, the decision, its properties and its text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from revitalize.models import (
    AssistanceKind,
    EmploymentStatus,
    Household,
    Housing,
    HousingGrade,
    MonitoringCategory,
    PovertyStatus,
    RiskType,
    SafetyNetStatus,
    SchoolStatus,
    WaterQuality,
)
from revitalize.money import CONTEXT
from revitalize.policy import monitoring as mon
from revitalize.policy.engine import Outcome, render_value
from revitalize.policy.income import monitoring_line
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.serialization import input_sha256
from revitalize.testing.population import baseline_household
from revitalize.testing.strategies import ASSESSMENT_DATE, households

ON = dt.date(2023, 6, 1)
FEN = Decimal("0.01")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


def assess(h: Household, params: ParameterSet | None = None,
           on: dt.date = ON) -> Any:
    return mon.assess_household(h, params or default_parameters(), on)


def with_income(income: Decimal, **kw: Any) -> Household:
    return attrs.evolve(baseline_household(ON), annual_net_income=income,
                        last_year_net_income=income, **kw)


# --------------------------------------------------------------------------- baseline


def test_secure_complete_household_is_not_in_range(params: ParameterSet) -> None:
    """Every field assessed and no risk: not in range, no category, no measure, no gap."""
    d = assess(baseline_household(ON), params).decision
    assert (d.in_range, d.category, d.risks, d.measures, d.plan, d.insufficient_data) == (
        False, None, (), (), None, ())
    assert not d.include


# --------------------------------------------------------------------------- MON-02


def test_income_exactly_at_the_line_is_not_below(params: ParameterSet) -> None:
    """Per-capita income exactly at the line is not in range; one fen of income less is."""
    h = baseline_household(ON)
    line = monitoring_line(params, ON).line
    at = CONTEXT.multiply(line, Decimal(h.income_member_count))
    d = assess(with_income(at), params).decision
    assert d.in_range is False and RiskType.INCOME not in d.risks
    d = assess(with_income(at - FEN), params).decision
    assert d.in_range is True and d.risks[0] is RiskType.INCOME


def test_unassessed_income_leaves_the_decision_open(params: ParameterSet) -> None:
    """No income: the decision is undecided and names the field, never 'not in range'."""
    d = assess(attrs.evolve(baseline_household(ON), annual_net_income=None), params).decision
    assert d.in_range is None
    assert ("MON-02", "annual_net_income") in d.insufficient_data


# --------------------------------------------------------------------------- MON-03


def test_rigid_expenditure_ratio_just_pass_and_just_fail(params: ParameterSet) -> None:
    """Under the any_item reading, spending equal to income × ratio is no risk; one fen more
    is (medical named)."""
    params = params.reform({"monitoring.inclusion_reading": "any_item"}, name="any item")
    h = baseline_household(ON)
    ratio = params.decimal("monitoring.rigid_expenditure_ratio", ON)
    assert h.annual_net_income is not None
    limit = CONTEXT.multiply(h.annual_net_income, ratio)

    def medical(amount: Decimal) -> Household:
        return attrs.evolve(h, rigid_expenditure=attrs.evolve(
            h.rigid_expenditure, medical_out_of_pocket=amount))

    f = mon.expenditure_risk(medical(limit), params, ON)
    assert f.outcome is Outcome.NO
    f = mon.expenditure_risk(medical(limit + FEN), params, ON)
    assert f.outcome is Outcome.YES
    d = assess(medical(limit + FEN), params).decision
    assert RiskType.EXPENDITURE_MEDICAL in d.risks
    assert d.category is MonitoringCategory.UNSTABLE_LIFTED


def test_expenditure_kinds_come_from_the_parameter(params: ParameterSet) -> None:
    """A kind left out of the counted kinds does not make the risk."""
    h = baseline_household(ON)
    assert h.annual_net_income is not None
    big = attrs.evolve(h, rigid_expenditure=attrs.evolve(
        h.rigid_expenditure, education=h.annual_net_income))
    assert mon.expenditure_risk(big, params, ON).holds
    reform = params.reform({"monitoring.rigid_expenditure_kinds": [
        {"start": dt.date(2021, 1, 1), "value": ["medical_out_of_pocket", "disaster_loss"]}]})
    assert not mon.expenditure_risk(big, reform, ON).holds


def test_income_fall_just_pass_and_just_fail(params: ParameterSet) -> None:
    """A fall of exactly the fraction of last year's income is a sharp fall; one fen less is
    not (a one-person household whose income stays inside the near-the-line band)."""
    fraction = params.decimal("monitoring.income_fall_fraction", ON)
    last = band(params)
    limit = CONTEXT.multiply(last, fraction)
    h = attrs.evolve(alone(), last_year_net_income=last)
    assert mon.income_fall_risk(attrs.evolve(h, annual_net_income=last - limit), params, ON).holds
    short = mon.income_fall_risk(attrs.evolve(h, annual_net_income=last - limit + FEN),
                                 params, ON)
    assert short.outcome is Outcome.NO and "short of the limit" in short.reason("en")


def test_unassessed_expenditure_is_insufficient_unless_already_over(params: ParameterSet) -> None:
    """A missing kind blocks 'no risk' but not a risk the assessed kinds already show."""
    h = baseline_household(ON)
    rx = attrs.evolve(h.rigid_expenditure, education=None)
    f = mon.expenditure_risk(attrs.evolve(h, rigid_expenditure=rx), params, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("rigid_expenditure.education",)
    over = attrs.evolve(rx, medical_out_of_pocket=h.annual_net_income)
    assert mon.expenditure_risk(attrs.evolve(h, rigid_expenditure=over), params, ON).holds


# --------------------------------------------------------------------------- MON-01


def test_category_table_is_complete() -> None:
    """The MON-01 table covers every input (first policy)."""
    assert mon.CATEGORY_TABLE.check().ok


@pytest.mark.parametrize(("status", "sudden", "category"), [
    (PovertyStatus.REGISTERED_LIFTED, True, MonitoringCategory.UNSTABLE_LIFTED),
    (PovertyStatus.RETURNED_TO_POVERTY, False, MonitoringCategory.UNSTABLE_LIFTED),
    (PovertyStatus.NEVER_REGISTERED, True, MonitoringCategory.SUDDEN_HARDSHIP),
    (PovertyStatus.NEVER_REGISTERED, False, MonitoringCategory.MARGINAL),
])
def test_category_precedence(params: ParameterSet, status: PovertyStatus, sudden: bool,
                             category: MonitoringCategory) -> None:
    """Lifted first; then a sudden shock; otherwise marginal (near the line)."""
    h = baseline_household(ON)
    lifted = None if status is PovertyStatus.NEVER_REGISTERED else 2018
    line = monitoring_line(params, ON).line
    if sudden:
        assert h.annual_net_income is not None
        h = attrs.evolve(h, rigid_expenditure=attrs.evolve(
            h.rigid_expenditure, disaster_loss=h.annual_net_income))
    else:
        h = attrs.evolve(h, annual_net_income=line * 3 - FEN, last_year_net_income=line * 3)
    d = assess(attrs.evolve(h, poverty_status=status, lifted_year=lifted), params).decision
    assert d.category is category


# --------------------------------------------------------------------------- MON-04


def test_low_income_status_is_dynamic_monitoring_not_inclusion(params: ParameterSet) -> None:
    """A minimum-allowance member well above the line: monitored dynamically, not a subject."""
    h = baseline_household(ON)
    m = attrs.evolve(h.members[0], safety_net=SafetyNetStatus.MINIMUM_ALLOWANCE)
    d = assess(attrs.evolve(h, members=(m, *h.members[1:])), params).decision
    assert d.dynamic_monitoring is True
    assert d.in_range is False and d.measures == ()


def test_household_assistance_counts_for_dynamic_monitoring(params: ParameterSet) -> None:
    """An extreme-poverty support record of the household puts it under dynamic monitoring."""
    h = attrs.evolve(baseline_household(ON),
                     social_assistance=(AssistanceKind.EXTREME_POVERTY_SUPPORT,))
    assert mon.dynamic_monitoring(h, params, ON).holds


# --------------------------------------------------------------------------- cause risks


def test_unemployment_alone_is_not_inclusion(params: ParameterSet) -> None:
    """A member who lost a job does not put a secure household in range; with low income it
    adds the unemployment risk and employment measures."""
    h = baseline_household(ON)
    m = attrs.evolve(h.members[0], employment_status=EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT)
    h = attrs.evolve(h, members=(m, *h.members[1:]))
    assert assess(h, params).decision.in_range is False
    d = assess(attrs.evolve(h, annual_net_income=Decimal("100"), last_year_net_income=Decimal(
        "100")), params).decision
    assert RiskType.UNEMPLOYMENT in d.risks
    unemployment = [x for x in d.measures if RiskType.UNEMPLOYMENT in x.risks]
    assert unemployment and all(x.members == ("M1",) for x in unemployment)


# --------------------------------------------------------------------------- decision, json, text


def test_aspects_and_json(params: ParameterSet) -> None:
    """The diff aspects are range, category and measure types; JSON carries every part."""
    a = assess(with_income(Decimal("100")), params)
    aspects = a.decision.aspects()
    assert set(aspects) == {"in_range", "category", "measures"}
    assert aspects["measures"] == frozenset(m.type for m in a.decision.measures)
    j = a.to_json()
    assert j["decision"]["risks"] == ["income"]
    assert j["decision"]["category"] == "unstable_lifted"
    assert j["decision"]["plan"] == "single"
    assert {m["department"] for m in j["decision"]["measures"]} >= {"agriculture_rural_affairs"}


def test_provenance_digest_is_lazy_and_right(params: ParameterSet) -> None:
    """The input digest equals serialization.input_sha256 of the household."""
    h = baseline_household(ON)
    assert assess(h, params).provenance.input_sha256 == input_sha256(h)


def test_assessor_equals_assess_household(params: ParameterSet) -> None:
    """A reused assessor decides as a fresh call does."""
    assessor = mon.MonitoringAssessor.of(params, ON)
    for income in (Decimal("100"), Decimal("60000")):
        h = with_income(income)
        assert assessor(h).decision == assess(h, params).decision


def test_text_names_values_parameter_citation_and_department(params: ParameterSet) -> None:
    """The Chinese text shows the compared values, the parameter, the plan's words, the rule
    ID, the measures' departments, the stale-line warning and the reproduction line."""
    h = attrs.evolve(with_income(Decimal("17999.97")), water=attrs.evolve(
        baseline_household(ON).water, quality=WaterQuality.NOT_TESTED))
    text = mon.render_assessment(assess(h, params), "zh")
    for needle in ("纳入监测", "脱贫不稳定户", "5,999.99", "6,000.00",
                   "monitoring.poverty_standard", "以脱贫攻坚期国家扶贫标准的1.5倍为底线", "MON-02",
                   "责任部门：农业农村", "数据不足", "GUA-06.quality", "提示", "可复现"):
        assert needle in text, needle
    en = mon.render_assessment(assess(h, params), "en")
    assert "5,999.99" in en and "department: agriculture rural affairs" in en


def test_housing_and_school_measures_name_members(params: ParameterSet) -> None:
    """Near the line, a dropout child gets 劝返复学 naming the child; a dangerous house gets
    renovation."""
    h = baseline_household(ON)
    child = attrs.evolve(h.members[2], school_status=SchoolStatus.OUT_OTHER)
    h = attrs.evolve(h, members=(*h.members[:2], child), housing=Housing(grade=HousingGrade.D))
    d = assess(per_capita(h, band(params) - FEN), params).decision
    by_type = {m.type.value: m for m in d.measures}
    assert by_type["education_return"].members == ("M3",)
    assert "housing_renovation" in by_type
    assert d.plan is not None and d.plan.value == "comprehensive"


# --------------------------------------------------------------------------- properties

HOUSEHOLDS = households(on=ASSESSMENT_DATE)
PARAMS = default_parameters()


def _assess_at(h: Household) -> Any:
    return mon.assess_household(h, PARAMS, ASSESSMENT_DATE)


_INCOME_RISKS = frozenset({RiskType.INCOME, RiskType.INCOME_FALL, RiskType.EXPENDITURE_MEDICAL,
                           RiskType.EXPENDITURE_EDUCATION, RiskType.EXPENDITURE_DISASTER,
                           RiskType.EXPENDITURE_ACCIDENT})


@given(HOUSEHOLDS, st.decimals(min_value=0, max_value=10**6, places=2))
def test_raising_income_never_adds_an_income_risk(h: Household, extra: Decimal) -> None:
    """More income, all else equal, never adds an income or expenditure risk."""
    income = h.annual_net_income if h.annual_net_income is not None else Decimal(0)
    low = attrs.evolve(h, annual_net_income=income)
    high = attrs.evolve(h, annual_net_income=income + extra)
    before = set(_assess_at(low).decision.risks) & _INCOME_RISKS
    after = set(_assess_at(high).decision.risks) & _INCOME_RISKS
    assert after <= before


def _add_risk(h: Household, which: int) -> Household:
    if which == 0:
        return attrs.evolve(h, food_clothing_secure=False)
    if which == 1:
        return attrs.evolve(h, housing=Housing(grade=HousingGrade.D))
    if which == 2:
        return attrs.evolve(h, water=attrs.evolve(h.water, quality=WaterQuality.FAILED))
    m = attrs.evolve(h.members[0], basic_medical_insurance=False)
    return attrs.evolve(h, members=(m, *h.members[1:]))


@given(HOUSEHOLDS, st.integers(0, 3))
def test_adding_a_risk_never_removes_a_measure(h: Household, which: int) -> None:
    """Making one more guarantee fail keeps every measure already planned."""
    before = _assess_at(h).decision
    after = _assess_at(_add_risk(h, which)).decision
    assert set(before.risks) <= set(after.risks)
    assert before.measure_types <= after.measure_types


@given(HOUSEHOLDS)
def test_no_risk_and_complete_data_means_no_measure(h: Household) -> None:
    """Without a risk and without missing data, the plan is empty and the household not in range."""
    d = _assess_at(h).decision
    if not d.risks and not d.insufficient_data:
        assert d.measures == () and d.in_range is False and d.plan is None
    if d.in_range is not True:
        assert d.measures == ()


_BLANKS = (
    lambda h: attrs.evolve(h, annual_net_income=None),
    lambda h: attrs.evolve(h, food_clothing_secure=None),
    lambda h: attrs.evolve(h, housing=Housing()),
    lambda h: attrs.evolve(h, water=attrs.evolve(h.water, quality=WaterQuality.NOT_TESTED)),
    lambda h: attrs.evolve(h, members=(attrs.evolve(h.members[0], basic_medical_insurance=None),
                                       *h.members[1:])),
    lambda h: attrs.evolve(h, rigid_expenditure=attrs.evolve(h.rigid_expenditure,
                                                             disaster_loss=None)),
    lambda h: attrs.evolve(h, members=(*h.members[:2], attrs.evolve(
        h.members[2], school_status=SchoolStatus.NOT_ASSESSED))),
)


def _near_line() -> Household:
    """The baseline with per-capita income between the line and the near-line band."""
    line = monitoring_line(PARAMS, ON).line
    income = CONTEXT.multiply(line, Decimal("3.3"))  # 1.1 × the line a head, 3 members
    return attrs.evolve(baseline_household(ON), annual_net_income=income,
                        last_year_net_income=income)


@given(st.sampled_from(range(len(_BLANKS))))
def test_a_not_assessed_field_never_yields_safe(i: int) -> None:
    """Blanking any screened field of a secure near-the-line household makes it undecided,
    never safe."""
    d = mon.assess_household(_BLANKS[i](_near_line()), PARAMS, ON).decision
    assert d.in_range is None
    assert d.insufficient_data


@given(HOUSEHOLDS)
def test_not_in_range_only_when_every_screened_item_was_assessed(h: Household) -> None:
    """'Not in range' never rests on a finding with insufficient data that could make the
    household a subject: the economic findings are decided, a gap is decided unless the
    household is above the near-line band, and so is a fall."""
    a = _assess_at(h)
    if a.decision.in_range is False:
        outcome = {f.spec.id: f.outcome for f in a.findings}
        unknown = Outcome.INSUFFICIENT_DATA
        assert unknown not in (outcome["MON-02"], outcome["MON-03"], outcome["MON-02.near_line"])
        if outcome["MON-02.near_line"] is Outcome.YES:
            assert all(outcome[r] is not unknown for r in mon.SCREENED)


def _rendered(value: object, lang: str) -> set[str]:
    specs = ("", "yuan") if isinstance(value, Decimal) else ("",)
    return {render_value(value, lang, spec) for spec in specs}


@given(HOUSEHOLDS)
def test_reasons_are_chinese_and_show_the_compared_values(h: Household) -> None:
    """Each Chinese reason has Chinese characters; both languages show every compared value."""
    for f in _assess_at(h).findings:
        zh, en = f.reason("zh"), f.reason("en")
        assert CJK.search(zh), f.spec.id
        for name, value in f.values.items():
            assert any(r in zh for r in _rendered(value, "zh")), (f.spec.id, name, zh)
            assert any(r in en for r in _rendered(value, "en")), (f.spec.id, name, en)


@given(households(on=ASSESSMENT_DATE))
def test_findings_come_in_the_declared_order(h: Household) -> None:
    """The assessor's findings follow FINDING_ORDER, which its positional reads rely on."""
    a = mon.assess_household(h, default_parameters(), ASSESSMENT_DATE)
    assert [f.rule_id for f in a.findings] == [s.id for s in mon.FINDING_ORDER]


# --------------------------------------------------------------------------- the economic gate


def band(params: ParameterSet) -> Decimal:
    """The upper end of the near-the-line band on ON (line × monitoring.near_line_multiple)."""
    return CONTEXT.multiply(monitoring_line(params, ON).line,
                            params.decimal("monitoring.near_line_multiple", ON))


def per_capita(h: Household, amount: Decimal) -> Household:
    """``h`` with income (this year and last) of ``amount`` per member counted for income."""
    total = CONTEXT.multiply(amount, Decimal(h.income_member_count))
    return attrs.evolve(h, annual_net_income=total, last_year_net_income=total)


def alone(status: PovertyStatus = PovertyStatus.NEVER_REGISTERED) -> Household:
    """The baseline's first adult living alone, with the poverty history ``status``."""
    h = baseline_household(ON)
    lifted = None if status is PovertyStatus.NEVER_REGISTERED else 2018
    return attrs.evolve(h, members=h.members[:1], poverty_status=status, lifted_year=lifted)


def dropout(h: Household) -> Household:
    """``h`` with its child (M3) out of school (a GUA-02 gap)."""
    child = attrs.evolve(h.members[2], school_status=SchoolStatus.OUT_OTHER)
    return attrs.evolve(h, members=(*h.members[:2], child))


def uninsured(h: Household) -> Household:
    """``h`` with its first member without basic medical insurance (a GUA-03 gap)."""
    m = attrs.evolve(h.members[0], basic_medical_insurance=False)
    return attrs.evolve(h, members=(m, *h.members[1:]))


def test_a_gap_makes_a_subject_just_inside_the_near_line_band(params: ParameterSet) -> None:
    """A dropout child puts a lifted household in range one fen below the band, not at it."""
    top = band(params)
    inside = assess(per_capita(dropout(baseline_household(ON)), top - FEN), params).decision
    assert inside.in_range is True
    assert inside.category is MonitoringCategory.UNSTABLE_LIFTED
    assert RiskType.EDUCATION in inside.risks and "education_return" in {
        m.type.value for m in inside.measures}
    assert inside.referrals == ()
    outside = assess(per_capita(dropout(baseline_household(ON)), top), params).decision
    assert (outside.in_range, outside.category, outside.measures) == (False, None, ())


def test_a_gap_outside_the_range_is_a_risk_with_its_sector_referral(params: ParameterSet) -> None:
    """Not a monitoring subject, the gap is still a risk with the sector's action for it."""
    a = assess(per_capita(dropout(baseline_household(ON)), band(params)), params)
    d = a.decision
    assert d.risks == (RiskType.EDUCATION,)
    (referral,) = d.referrals
    assert referral.type.value == "education_return" and referral.members == ("M3",)
    assert a.finding("GUA-02").outcome is Outcome.YES
    assert a.finding("MON-02.near_line").outcome is Outcome.NO
    j = d.to_json()
    assert j["in_range"] is False and j["referrals"][0]["type"] == "education_return"
    text = mon.render_assessment(a, "zh")
    assert "行业部门跟进" in text and "劝返复学" in text


def test_the_issue_examples(params: ParameterSet) -> None:
    """Issue 12's examples on the default parameters: 10,000 a head with a dropout is in range,
    50,000 with one uninsured member is not; never-registered 100,000 with 50,000.01 of
    medical cost is not sudden hardship; 200,000 with one uninsured member is not marginal."""
    assert assess(per_capita(dropout(baseline_household(ON)), Decimal("10000")),
                  params).decision.in_range is True
    assert assess(per_capita(uninsured(baseline_household(ON)), Decimal("50000")),
                  params).decision.in_range is False
    h = alone()
    sick = attrs.evolve(per_capita(h, Decimal("100000")), rigid_expenditure=attrs.evolve(
        h.rigid_expenditure, medical_out_of_pocket=Decimal("50000.01")))
    assert assess(sick, params).decision.in_range is False
    d = assess(per_capita(uninsured(alone()), Decimal("200000")), params).decision
    assert d.in_range is False and d.category is None


def test_sudden_hardship_needs_income_below_the_line_after_rigid_expenditure(
        params: ParameterSet) -> None:
    """Per-capita income after the rigid expenditure one fen below the line is sudden severe
    hardship; exactly at the line it is not."""
    line = monitoring_line(params, ON).line
    h = per_capita(alone(), Decimal("100000"))
    assert h.annual_net_income is not None

    def medical(amount: Decimal) -> Household:
        return attrs.evolve(h, rigid_expenditure=attrs.evolve(
            h.rigid_expenditure, medical_out_of_pocket=amount))

    room = h.annual_net_income - line
    inside = assess(medical(room + FEN), params)
    assert inside.finding("MON-03").outcome is Outcome.YES
    assert inside.decision.in_range is True
    assert inside.decision.category is MonitoringCategory.SUDDEN_HARDSHIP
    assert inside.decision.risks == (RiskType.EXPENDITURE_MEDICAL,)
    outside = assess(medical(room), params)
    assert outside.finding("MON-03").outcome is Outcome.NO
    assert outside.decision.in_range is False


def test_a_sharp_fall_counts_only_near_the_line(params: ParameterSet) -> None:
    """A sharp fall to one fen below the band is sudden severe hardship; to the band, the
    fall is no economic risk at all: MON-03.income_fall is no (ok, not a problem), and the
    reason says why (issue 12, item 1: the fall goes through the economic gate)."""
    top = band(params)
    last = top * 2

    def fell_to(now: Decimal) -> Household:
        return attrs.evolve(alone(), annual_net_income=now, last_year_net_income=last)

    inside = assess(fell_to(top - FEN), params)
    assert inside.decision.in_range is True
    assert inside.decision.category is MonitoringCategory.SUDDEN_HARDSHIP
    assert inside.decision.risks == (RiskType.INCOME_FALL,)
    fall = inside.finding("MON-03.income_fall")
    assert fall.outcome is Outcome.YES and fall.status.value == "problem"
    outside = assess(fell_to(top), params)
    fall = outside.finding("MON-03.income_fall")
    assert fall.outcome is Outcome.NO and fall.status.value == "ok"
    assert "not below the top of the near-the-line band" in fall.reason("en")
    assert outside.decision.in_range is False and outside.decision.risks == ()
    assert "MON-03.income_fall" not in {f.spec.id for f in outside.problems}
    # the any_item reading keeps the fall alone
    old = params.reform({"monitoring.inclusion_reading": "any_item"}, name="any item")
    assert assess(fell_to(top), old).finding("MON-03.income_fall").outcome is Outcome.YES


def test_a_fall_far_above_the_band_is_no_problem_in_the_sample(params: ParameterSet) -> None:
    """H-0002 of the packaged sample (85,760 yuan for 5 members, 17,152 a head, after
    135,501 last year) fell sharply far above the band: not a problem, not a risk."""
    from importlib import resources

    from revitalize.serialization import loads

    text = (resources.files("revitalize") / "data" / "samples" / "households.jsonl"
            ).read_text(encoding="utf-8")
    (line,) = [x for x in text.splitlines() if '"id":"H-0002"' in x]
    h = loads(line, Household)
    a = assess(h, params)
    fall = a.finding("MON-03.income_fall")
    assert fall.outcome is Outcome.NO and fall.status.value == "ok"
    assert a.finding("MON-02.near_line").outcome is Outcome.NO
    assert RiskType.INCOME_FALL not in a.decision.risks


def test_the_any_item_reading_keeps_the_old_range(params: ParameterSet) -> None:
    """monitoring.inclusion_reading = any_item: any screened item puts a household in range,
    and the expenditure test is the ratio of income."""
    old = params.reform({"monitoring.inclusion_reading": "any_item"}, name="any item")
    rich = per_capita(uninsured(alone()), Decimal("200000"))
    assert assess(rich, params).decision.in_range is False
    d = assess(rich, old).decision
    assert d.in_range is True and d.category is MonitoringCategory.MARGINAL
    assert d.referrals == ()
    h = per_capita(alone(), Decimal("100000"))
    assert h.annual_net_income is not None
    ratio = params.decimal("monitoring.rigid_expenditure_ratio", ON)
    limit = CONTEXT.multiply(h.annual_net_income, ratio)

    def medical(amount: Decimal) -> Household:
        return attrs.evolve(h, rigid_expenditure=attrs.evolve(
            h.rigid_expenditure, medical_out_of_pocket=amount))

    assert mon.expenditure_risk(medical(limit + FEN), old, ON).outcome is Outcome.YES
    assert mon.expenditure_risk(medical(limit), old, ON).outcome is Outcome.NO
    assert assess(medical(limit + FEN), old).decision.category is (
        MonitoringCategory.SUDDEN_HARDSHIP)
    assert assess(medical(limit + FEN), params).decision.in_range is False


def test_an_unassessed_gap_far_above_the_band_does_not_hold_the_decision(
        params: ParameterSet) -> None:
    """Far above the band a gap cannot make a subject: not in range, the unknown still named."""
    h = attrs.evolve(baseline_household(ON), housing=Housing())
    d = assess(h, params).decision
    assert d.in_range is False
    assert any(rule == "GUA-05" for rule, _ in d.insufficient_data)
    near = per_capita(h, band(params) - FEN)
    assert assess(near, params).decision.in_range is None


@given(HOUSEHOLDS)
def test_no_economic_risk_and_above_the_band_is_never_in_range(h: Household) -> None:
    """Under the economic gate, a household whose MON-02, MON-03 and near-line findings are
    all no is never a monitoring subject, whatever its guarantees say."""
    a = _assess_at(h)
    if all(a.finding(r).outcome is Outcome.NO for r in ("MON-02", "MON-03", "MON-02.near_line")):
        assert a.decision.in_range is False
        assert set(a.decision.risks) <= _GAP_RISKS


_GAP_RISKS = frozenset({RiskType.FOOD_CLOTHING, RiskType.EDUCATION, RiskType.MEDICAL_INSURANCE,
                        RiskType.HOUSING, RiskType.WATER})


# --------------------------------------------------------------------------- stale line (MON-02)


def test_the_stale_warning_is_on_the_monitoring_line_not_the_standard(
        params: ParameterSet) -> None:
    """Twelve months after the line's start there is no warning; a day later there is one,
    naming monitoring.monitoring_line (poverty_standard is fixed by definition)."""
    standard = params.get("monitoring.poverty_standard", ON)
    months = params.parameter("monitoring.monitoring_line").stale_after_months
    assert months is not None
    due = standard.start + relativedelta(months=months)
    h = baseline_household(due)
    assert mon.assess_household(h, params, due).notices == ()
    (notice,) = mon.assess_household(h, params, due + dt.timedelta(days=1)).notices
    assert "monitoring.monitoring_line" in notice.message_zh
    assert "monitoring.monitoring_line" in notice.message_en
    assert "poverty_standard" not in notice.message_en


def test_a_line_set_this_year_is_not_stale(params: ParameterSet) -> None:
    """A monitoring line set for the year silences the warning; a year later it warns again."""
    reform = params.reform({"monitoring.monitoring_line": [
        {"start": dt.date(2023, 1, 1), "value": "6300"}]}, name="line 2023")
    assert assess(baseline_household(ON), reform).notices == ()
    later = dt.date(2024, 1, 2)
    (notice,) = mon.assess_household(baseline_household(later), reform, later).notices
    assert "monitoring.monitoring_line" in notice.message_en
