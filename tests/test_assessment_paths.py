"""The assessment's hot path equals the slow one.

:class:`~revitalize.policy.monitoring.MonitoringAssessor` computes its findings with the
parameters read once per set and date and calls the rule modules' internal checks; each
finding must equal (to the JSON, decimal exponents included) what the rule's public
function ``(subject, params, on)`` gives for the same household, under each reading of
the parameters the checks precompute. The pieces rewritten for speed (AST-04's causes as
bits, MON-03's single pass over the kinds, the plan's merge) are checked against plain
reference implementations of their definitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.models import Household
from revitalize.models._fields import Money
from revitalize.models.household import ExpenditureKind, NoCapacityReason
from revitalize.models.monitoring import RiskType
from revitalize.money import CONTEXT
from revitalize.policy import assistance as ast
from revitalize.policy import guarantees as gua
from revitalize.policy import monitoring as mon
from revitalize.policy.engine import (
    Assessment,
    Finding,
    Outcome,
    Provenance,
    finding,
    slot_setters,
)
from revitalize.policy.income import _multiples, _screen, income_screen, monitoring_line
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.testing.strategies import ASSESSMENT_DATE, households

#: The public rule function of each finding of the assessment, by rule ID.
PUBLIC: dict[str, Callable[[Household, ParameterSet, dt.date], Finding]] = {
    "MON-02": income_screen,
    "MON-02.near_line": mon.near_line,
    "MON-03": mon.expenditure_risk,
    "MON-03.income_fall": mon.income_fall_risk,
    "GUA-01": gua.food_clothing_risk,
    "GUA-02": gua.education_risk,
    "GUA-03": gua.medical_insurance_risk,
    "GUA-05": gua.housing_risk,
    "GUA-06.quantity": gua.water_quantity_risk,
    "GUA-06.quality": gua.water_quality_risk,
    "GUA-06.access": gua.water_access_risk,
    "GUA-06.reliability": gua.water_reliability_risk,
    "MON-05.unemployment": mon.unemployment_risk,
    "AST-04": ast.causes_rule,
    "AST-06": ast.motivation_rule,
    "MON-04": mon.dynamic_monitoring,
    "AST-08": ast.capacity_rule,
    "AST-05": ast.safety_net_rule,
}

_BASE = default_parameters()
#: The readings the assessor precomputes differently (each a reform of the packaged set).
READINGS: dict[str, ParameterSet] = {
    "default": _BASE,
    "any_item": _BASE.reform({"monitoring.inclusion_reading": "any_item"}, name="any"),
    "fen": _BASE.reform({"monitoring.per_capita_rounding": "fen"}, name="fen"),
    "band": _BASE.reform({"assistance.no_stable_income_test": "below_near_line_band"},
                         name="band"),
    "two_kinds": _BASE.reform(
        {"monitoring.rigid_expenditure_kinds": [
            {"start": v.start, "value": ["disaster_loss", "medical_out_of_pocket"]}
            for v in _BASE.parameter("monitoring.rigid_expenditure_kinds").values]},
        name="two kinds"),
    # one counted kind: its amounts are read without an attrgetter (which gives no 1-tuple)
    "one_kind": _BASE.reform(
        {"monitoring.rigid_expenditure_kinds": [
            {"start": v.start, "value": ["education"]}
            for v in _BASE.parameter("monitoring.rigid_expenditure_kinds").values]},
        name="one kind"),
}


def test_every_finding_has_its_public_rule() -> None:
    assert [s.id for s in mon.FINDING_ORDER] == list(PUBLIC)


@pytest.mark.parametrize("reading", list(READINGS))
@given(h=households(on=ASSESSMENT_DATE))
def test_each_finding_equals_its_public_rule_function(reading: str, h: Household) -> None:
    params = READINGS[reading]
    a = mon.MonitoringAssessor.of(params, ASSESSMENT_DATE)(h)
    for f in a.findings:
        slow = PUBLIC[f.spec.id](h, params, ASSESSMENT_DATE)
        assert f == slow, f.spec.id
        assert f.to_json() == slow.to_json(), f.spec.id


_GAP_OF = {"GUA-01": RiskType.FOOD_CLOTHING, "GUA-02": RiskType.EDUCATION,
           "GUA-03": RiskType.MEDICAL_INSURANCE, "GUA-05": RiskType.HOUSING,
           **{s.id: RiskType.WATER for s in gua.WATER_SPECS}}
_EXPENDITURE_OF = {ExpenditureKind.MEDICAL_OUT_OF_POCKET: RiskType.EXPENDITURE_MEDICAL,
                   ExpenditureKind.EDUCATION: RiskType.EXPENDITURE_EDUCATION,
                   ExpenditureKind.DISASTER_LOSS: RiskType.EXPENDITURE_DISASTER,
                   ExpenditureKind.ACCIDENT_LOSS: RiskType.EXPENDITURE_ACCIDENT}


def reference_risks(findings: Sequence[Finding], in_range: bool | None,
                    ) -> tuple[RiskType, ...]:
    """A decision's risks as the module doc defines them, from the findings: a subject's are
    its economic risks, gaps and causes (MON-05, AST-04's causes, AST-06); any other
    household's, its gaps; in :class:`RiskType`'s order."""
    held = {f.spec.id: f for f in findings if f.outcome is Outcome.YES}
    risks = {risk for rid, risk in _GAP_OF.items() if rid in held}
    if in_range:
        if "MON-02" in held:
            risks.add(RiskType.INCOME)
        if "MON-03" in held:
            kinds: Any = held["MON-03"].values["kinds"]
            risks.update(_EXPENDITURE_OF[k] for k in kinds)
        if "MON-03.income_fall" in held:
            risks.add(RiskType.INCOME_FALL)
        if "MON-05.unemployment" in held:
            risks.add(RiskType.UNEMPLOYMENT)
        if "AST-04" in held:
            causes: Any = held["AST-04"].values["causes"]
            risks.update(causes)
        if "AST-06" in held:
            risks.add(RiskType.LACK_OF_MOTIVATION)
    return tuple(r for r in RiskType if r in risks)


@attrs.frozen
class PublicAssessor(mon.MonitoringAssessor):
    """The assessor with every finding from its public rule function (``PUBLIC``): the
    decision, measures and provenance then follow from the slow findings."""

    def _findings(self, h: Household, profile: ast.CapacityProfile) -> tuple[Finding, ...]:
        return tuple(PUBLIC[spec.id](h, self.params, self.on) for spec in mon.FINDING_ORDER)


@pytest.mark.parametrize("reading", list(READINGS))
@given(h=households(on=ASSESSMENT_DATE))
def test_assessment_equals_the_one_built_from_public_rules(reading: str, h: Household) -> None:
    """The assessment (findings, decision with its measures and ``because``, JSON, text) is
    the one derived from the public rule functions' findings, and each finding is a
    :class:`Finding` built as ``Finding(...)`` builds one."""
    params = READINGS[reading]
    fast = mon.MonitoringAssessor.of(params, ASSESSMENT_DATE)(h)
    slow = PublicAssessor.of(params, ASSESSMENT_DATE)(h)
    assert len(fast.findings) == len(slow.findings) == len(mon.FINDING_ORDER)
    for f, g, spec in zip(fast.findings, slow.findings, mon.FINDING_ORDER, strict=True):
        assert type(f) is Finding and len(f) == len(Finding._fields)
        assert f == Finding(*f) == g, spec.id
        assert f.spec.id == spec.id
        assert tuple(f) == tuple(g), spec.id  # field by field, spec object included
        assert type(f.values) is type(g.values) is dict, spec.id
    assert fast.decision == slow.decision
    assert fast.decision.because == slow.decision.because
    assert fast.decision.risks == reference_risks(slow.findings, fast.decision.in_range)
    assert fast.to_json() == slow.to_json()
    assert mon.render_assessment(fast, "en") == mon.render_assessment(slow, "en")
    assert fast.to_json() == mon.assess_household(h, params, ASSESSMENT_DATE).to_json()


@given(amount=st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False))
def test_multiples_equal_their_products(amount: Decimal) -> None:
    """The line's multiples computed once are the products a rule would compute (same value
    and exponent: their text is compared)."""
    table = _multiples(amount)
    for n, product in enumerate(table):
        assert str(product) == str(CONTEXT.multiply(amount, Decimal(n)))
    screen = _screen(_BASE, ASSESSMENT_DATE)
    assert screen.at_line == _multiples(screen.line.line)


# --------------------------------------------------------------------------- AST-04


def reference_causes(h: Household) -> Finding:
    """AST-04 as its definition reads: a set of causes, listed in the catalog order."""
    causes: set[RiskType] = set()
    missing: list[str] = []
    reasons = {NoCapacityReason.ILLNESS: RiskType.ILLNESS,
               NoCapacityReason.DISABILITY: RiskType.DISABILITY}
    for i, m in enumerate(h.members):
        if m.serious_illness:
            causes.add(RiskType.ILLNESS)
        if m.disability:
            causes.add(RiskType.DISABILITY)
        if m.no_capacity_reason in reasons:
            causes.add(reasons[m.no_capacity_reason])
        if m.serious_illness is None:
            missing.append(f"members[{i}].serious_illness")
        if m.disability is None:
            missing.append(f"members[{i}].disability")
    rx = h.rigid_expenditure
    for amount, risk, path in ((rx.disaster_loss, RiskType.DISASTER,
                                "rigid_expenditure.disaster_loss"),
                               (rx.accident_loss, RiskType.ACCIDENT,
                                "rigid_expenditure.accident_loss")):
        if amount is None:
            missing.append(path)
        elif amount > 0:
            causes.add(risk)
    if causes:
        ordered = tuple(r for r in (RiskType.ILLNESS, RiskType.DISABILITY, RiskType.DISASTER,
                                    RiskType.ACCIDENT) if r in causes)
        kinds = tuple(dict.fromkeys(t for r in ordered
                                    if (t := ast.temporary_assistance_type(r)) is not None))
        return finding(ast.CAUSES, Outcome.YES, {"causes": ordered, "assistance": kinds}, (),
                       ())
    if missing:
        return finding(ast.CAUSES, Outcome.INSUFFICIENT_DATA, {}, (), tuple(missing))
    return finding(ast.CAUSES, Outcome.NO, {}, (), ())


@given(households(on=ASSESSMENT_DATE))
def test_causes_equal_their_definition(h: Household) -> None:
    fast = ast.cause_finding(h)
    assert fast == reference_causes(h)
    assert fast.to_json() == reference_causes(h).to_json()


# --------------------------------------------------------------------------- MON-03


def reference_expenditure(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-03 under the economic gate as its definition reads: per-capita income after the
    counted kinds below the line (MON-02's comparison), the kinds named by their share."""
    value: Any = params.get("monitoring.rigid_expenditure_kinds", on).value
    kinds: list[str] = list(value)
    line = monitoring_line(params, on).line
    used = mon.resolve(params, on).expenditure_used
    fen = params.get("monitoring.per_capita_rounding", on).value == "fen"
    rx = h.rigid_expenditure
    amounts = [(k, getattr(rx, k)) for k in kinds]
    missing = [f"rigid_expenditure.{k}" for k, a in amounts if a is None]
    total = Decimal(0)
    for _, a in amounts:
        if a is not None:
            total = CONTEXT.add(total, a)
    screen = income_screen(h, params, on)
    if screen.outcome is Outcome.INSUFFICIENT_DATA:
        return finding(mon.EXPENDITURE, Outcome.INSUFFICIENT_DATA, {"line": line}, used,
                       (*screen.missing, *missing))
    income: Any = screen.values["annual_net_income"]
    members: Any = screen.values["members"]
    if not total:
        if missing:
            return finding(mon.EXPENDITURE, Outcome.INSUFFICIENT_DATA, {"line": line}, used,
                           tuple(missing))
        relation = (mon._Relation.NOTHING_DEDUCTED if screen.outcome is Outcome.YES
                    else mon._Relation.NOT_BELOW)
        return finding(mon.EXPENDITURE, Outcome.NO,
                       {"total": total, "after": screen.values["per_capita_income"],
                        "income": income, "members": members, "line": line,
                        "relation": relation}, used, ())
    left = CONTEXT.subtract(income, total)
    after = CONTEXT.divide(left, Decimal(members))
    if mon._below(left, members, line, fen):
        room = max(CONTEXT.subtract(income, CONTEXT.multiply(line, Decimal(members))),
                   Decimal(0))
        positive = [(kind, a) for kind, a in amounts if a is not None and a > 0]
        n = Decimal(len(positive))
        named = tuple(ExpenditureKind.parse(k) for k, a in positive
                      if CONTEXT.multiply(a, n) > room)
        return finding(mon.EXPENDITURE, Outcome.YES,
                       {"total": total, "kinds": named, "after": after, "income": income,
                        "members": members, "line": line}, used, ())
    if missing:
        return finding(mon.EXPENDITURE, Outcome.INSUFFICIENT_DATA, {"line": line}, used,
                       tuple(missing))
    return finding(mon.EXPENDITURE, Outcome.NO,
                   {"total": total, "after": after, "income": income, "members": members,
                    "line": line, "relation": mon._Relation.NOT_BELOW}, used, ())


@pytest.mark.parametrize("reading", ["default", "fen", "two_kinds"])
@given(h=households(on=ASSESSMENT_DATE))
def test_expenditure_equals_its_definition(reading: str, h: Household) -> None:
    params = READINGS[reading]
    fast = mon.expenditure_risk(h, params, ASSESSMENT_DATE)
    slow = reference_expenditure(h, params, ASSESSMENT_DATE)
    assert fast == slow
    assert fast.to_json() == slow.to_json()


# --------------------------------------------------------------------------- the plan


def reference_plan(risks: Sequence[RiskType], profile: ast.CapacityProfile,
                   members_by_risk: Mapping[RiskType, tuple[str, ...]] | None = None, *,
                   home_teaching: tuple[str, ...] = (), visits: tuple[str, ...] = (),
                   safety_net: ast.SafetyNetChoice = ast.NO_SAFETY_NET,
                   ) -> tuple[ast.PlannedMeasure, ...]:
    """:func:`~revitalize.policy.assistance.plan_measures` as its docstring reads: every
    addition merged into ordered dicts by (type, department)."""
    if not risks and not safety_net.members:
        return ()
    members_by_risk = members_by_risk or {}
    merged: dict[Any, tuple[Any, dict[str, None], dict[RiskType, None], dict[str, None]]] = {}

    def add(spec: Any, rule: str, rs: Sequence[RiskType], ms: Sequence[str]) -> None:
        entry = merged.setdefault((spec.type, spec.department), (spec, {}, {}, {}))
        entry[1][rule] = None
        for r in rs:
            entry[2][r] = None
        for m in ms:
            entry[3][m] = None

    household_allowance = (not safety_net.members and not safety_net.missing) or (
        not profile.able and bool(profile.dependants))
    for risk in dict.fromkeys(risks):
        for _, spec, rule, source in ast._PLAN_ROWS[(risk, profile.layers)]:
            if source == 0 and not household_allowance:
                continue
            members = (safety_net.allowance, profile.able)[source] if source < 2 else (
                members_by_risk.get(risk, ()))
            add(spec, rule, (risk,), members)
    income = (RiskType.INCOME,) if RiskType.INCOME in risks else ()
    for spec, rule, members in ((ast._EXTREME, "AST-05", safety_net.extreme_poverty),
                                (ast._SINGLE, "AST-07", safety_net.single_person),
                                (ast._MA, "AST-05", safety_net.allowance)):
        if members:
            add(spec, rule, income, members)
    for spec, rule, members in ((ast._HOME_TEACHING, "GUA-02", home_teaching),
                                (ast._VISIT, "AST-09", visits)):
        if members:
            add(spec, rule, (), members)
    return tuple(ast.PlannedMeasure(s.type, s.department, s.timing, s.funding, tuple(rules),
                                    tuple(rs), tuple(ms))
                 for s, rules, rs, ms in merged.values())


_IDS = st.sampled_from(["M1", "M2", "M3", "M4"])
_ID_TUPLES = st.lists(_IDS, max_size=3).map(tuple)  # duplicates allowed: the merge removes them


@st.composite
def plan_inputs(draw: st.DrawFn) -> tuple[Any, ...]:
    risks = tuple(draw(st.lists(st.sampled_from(RiskType), max_size=6)))
    majority = _BASE.get("assistance.age_of_majority", ASSESSMENT_DATE)
    profile = ast.CapacityProfile(draw(_ID_TUPLES), draw(_ID_TUPLES), draw(_ID_TUPLES), (),
                                  draw(st.sampled_from([(), ("members[0].labor_capacity",)])),
                                  majority)
    by_risk = draw(st.none() | st.dictionaries(st.sampled_from(RiskType), _ID_TUPLES,
                                               max_size=4))
    net = draw(st.sampled_from([ast.NO_SAFETY_NET]) | st.builds(
        ast.SafetyNetChoice, _ID_TUPLES, _ID_TUPLES, _ID_TUPLES,
        st.sampled_from([(), ("members[1].self_care",)])))
    return risks, profile, by_risk, draw(_ID_TUPLES), draw(_ID_TUPLES), net


@given(plan_inputs())
def test_plan_measures_equal_their_definition(inputs: tuple[Any, ...]) -> None:
    risks, profile, by_risk, teaching, visits, net = inputs
    fast = ast.plan_measures(risks, profile, by_risk, home_teaching=teaching, visits=visits,
                             safety_net=net)
    assert fast == reference_plan(risks, profile, by_risk, home_teaching=teaching,
                                  visits=visits, safety_net=net)


# --------------------------------------------------------------------------- construction


HAND_BUILT = (Provenance, Assessment, mon.MonitoringDecision, ast.CapacityProfile,
              ast.PlannedMeasure)


@pytest.mark.parametrize("cls", HAND_BUILT)
def test_hand_written_init_sets_every_field(cls: Any) -> None:
    """Each class whose ``__init__`` sets its slots by hand sets every attrs field, and
    ``attrs.evolve`` (which calls that ``__init__`` by the fields' names) keeps them."""
    params = default_parameters()
    a = mon.MonitoringAssessor.of(params, ASSESSMENT_DATE)
    from revitalize.testing.population import generate_households

    seen = 0
    for h in generate_households(60, seed=4, on=ASSESSMENT_DATE):
        result = a(h)
        objs: list[Any] = [result, result.decision, result.provenance,
                           ast.capacity_profile(h, params, ASSESSMENT_DATE),
                           *result.decision.measures, *result.decision.referrals]
        obj: Any
        for obj in objs:
            if type(obj) is not cls:
                continue
            seen += 1
            values = attrs.astuple(obj, recurse=False)  # AttributeError if a slot is unset
            assert len(values) == len(attrs.fields(cls))
            again = attrs.evolve(obj)
            assert type(again) is cls
            assert attrs.astuple(again, recurse=False) == values
    assert seen


def test_slot_setters_refuse_a_class_without_slots() -> None:
    @attrs.frozen(slots=False)
    class Loose:
        x: int

    with pytest.raises(TypeError, match="not a slot"):
        slot_setters(Loose)


@pytest.mark.parametrize("reading", ["default", "fen"])
@pytest.mark.parametrize("offset", ["-0.01", "0", "0.01"])
@given(h=households(on=ASSESSMENT_DATE), spent=st.decimals("0.01", "50000", places=2))
def test_expenditure_at_the_line_equals_its_definition(reading: str, offset: str,
                                                       h: Household, spent: Decimal) -> None:
    """Income after the expenditure one fen below, at and one fen above the line."""
    params = READINGS[reading]
    n = h.income_member_count
    if n == 0:
        return
    at_line = CONTEXT.multiply(monitoring_line(params, ASSESSMENT_DATE).line, Decimal(n))
    income = CONTEXT.add(CONTEXT.add(at_line, spent), Decimal(offset))
    zero = Money(Decimal(0))
    rx = attrs.evolve(h.rigid_expenditure, medical_out_of_pocket=Money(spent), education=zero,
                      disaster_loss=zero, accident_loss=zero)
    h = attrs.evolve(h, annual_net_income=Money(income), rigid_expenditure=rx)
    fast = mon.expenditure_risk(h, params, ASSESSMENT_DATE)
    slow = reference_expenditure(h, params, ASSESSMENT_DATE)
    if reading == "default":  # exact: one fen below the line is below it
        assert fast.outcome is (Outcome.YES if offset == "-0.01" else Outcome.NO)
    else:  # rounded to the fen a head first: one fen below may round up to the line
        assert fast.outcome is Outcome.NO or offset == "-0.01"
    assert fast.to_json() == slow.to_json()


# --------------------------------------------------------------------------- because as JSON


@pytest.mark.parametrize("reading", list(READINGS))
@given(h=households(on=ASSESSMENT_DATE), order=st.randoms(use_true_random=False),
       in_range=st.sampled_from([True, False, None]),
       category=st.sampled_from([None, *mon.MonitoringCategory]),
       swap=st.booleans())
def test_because_json_equals_because(reading: str, h: Household, order: Any,
                                     in_range: bool | None,
                                     category: mon.MonitoringCategory | None,
                                     swap: bool) -> None:
    """The decision's JSON writes ``because`` with :func:`monitoring._because_json`: the same
    JSON as the lazily derived :attr:`MonitoringDecision.because` (``_because``), for an
    assessment's decision and for hand-built ones (another range or category, the measures
    as referrals, the findings in another order or none), each list a new one."""
    d = mon.MonitoringAssessor.of(READINGS[reading], ASSESSMENT_DATE)(h).decision
    shuffled = list(d.findings)
    order.shuffle(shuffled)
    built = attrs.evolve(d, in_range=in_range, category=category)
    if swap:
        built = attrs.evolve(built, measures=d.referrals, referrals=d.measures)
    for decision in (d, built, attrs.evolve(built, findings=tuple(shuffled)),
                     attrs.evolve(built, findings=())):
        fast = mon._because_json(decision)
        assert fast == decision.because.to_json()
        assert decision.to_json()["because"] == fast
        assert fast["in_range"] is not fast["category"]
        for m in fast["measures"] + fast["referrals"]:  # no list shared with another value
            assert sum(m is other for other in fast["measures"] + fast["referrals"]) == 1
        again = mon._because_json(decision)
        assert all(again[k] is not fast[k] for k in ("in_range", "category", "measures"))
