"""TRN-01..05: plan period and phases, the four no-removals, policy dispositions, fund names."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.models.transition import (
    Disposition,
    FiscalFundName,
    FundAllocation,
    NoRemovalKind,
    Phase,
    Policy,
    PolicyType,
    SubjectKind,
    Withdrawal,
)
from revitalize.policy.engine import PLAN_START, Outcome
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.policy.registry import default_registry
from revitalize.policy.transition import (
    POLICY_DIRECTIONS,
    WithdrawalRefusedError,
    enforce_no_removals,
    fund_name,
    fund_name_in_force,
    no_removal,
    phase_bounds,
    phase_of,
    plan_phase,
    policies_by_disposition,
    policy_direction,
    policy_disposition,
)
from revitalize.testing.strategies._employment import withdrawals

P = default_parameters()
ON = dt.date(2023, 6, 1)
DAY = dt.timedelta(days=1)


def _date(name: str) -> dt.date:
    return P.date(name, ON)


PLAN_FIRST = _date("transition.plan_start")
PLAN_LAST = _date("transition.plan_end")


def withdrawal(kind: NoRemovalKind = NoRemovalKind.ASSISTANCE, lifted: bool | None = True,
               effective_on: dt.date | None = None) -> Withdrawal:
    return Withdrawal(id="W-1", subject="海孔村", subject_kind=SubjectKind.VILLAGE, kind=kind,
                      lifted=lifted, effective_on=effective_on)


# --------------------------------------------------------------------------- TRN-02


@pytest.mark.parametrize(("name", "inside", "after"), [
    ("transition.plan_end", Phase.CONSOLIDATION, Phase.PROGRESS),
    ("transition.progress_end", Phase.PROGRESS, Phase.MODERNISATION),
    ("transition.modernisation_end", Phase.MODERNISATION, Phase.BEYOND_OUTLOOK),
])
def test_phase_ends_on_its_last_day(name: str, inside: Phase, after: Phase) -> None:
    """The last day of a phase is in it; the next day is in the next phase."""
    last = _date(name)
    assert phase_of(last, P) is inside
    assert phase_of(last + DAY, P) is after


def test_plan_period_starts_on_its_first_day() -> None:
    """The day before the plan starts is the campaign period; the first day is consolidation."""
    assert phase_of(PLAN_FIRST - DAY, P) is Phase.CAMPAIGN
    assert phase_of(PLAN_FIRST, P) is Phase.CONSOLIDATION


def test_plan_dates_are_whole_years_named_in_their_sources() -> None:
    """The period runs from a 1 January to a 31 December named in the source; the engine agrees."""
    b = phase_bounds(P, ON)
    assert (b.plan_start.month, b.plan_start.day) == (1, 1)
    for v in b.used[1:]:
        assert isinstance(v.value, dt.date)
        assert (v.value.month, v.value.day) == (12, 31)
    assert f"{b.plan_start.year}年—{b.plan_end.year}年" in b.used[0].source
    assert f"展望至{b.modernisation_end.year}年" in b.used[3].source
    assert b.plan_start == PLAN_START


@given(st.dates(), st.dates())
def test_phase_is_monotone_in_the_date(a: dt.date, b: dt.date) -> None:
    """A later date is never in an earlier phase."""
    early, late = sorted((a, b))
    assert phase_of(early, P).order <= phase_of(late, P).order


def test_plan_phase_rule_names_the_phase() -> None:
    """TRN-02 says YES inside the period and names the phase outside it, in both languages."""
    inside = plan_phase(PLAN_LAST, P, ON)
    outside = plan_phase(PLAN_LAST + DAY, P, ON)
    assert inside.outcome is Outcome.YES
    assert outside.outcome is Outcome.NO
    assert "十年进步" in outside.reason("zh")
    assert "progress" in outside.reason("en")


def test_reformed_plan_end_moves_the_phase() -> None:
    """The phase reads its dates from the parameter set."""
    r = P.reform({"transition.plan_end": dt.date(2026, 12, 31)})
    assert phase_of(dt.date(2026, 6, 1), P) is Phase.PROGRESS
    assert phase_of(dt.date(2026, 6, 1), r) is Phase.CONSOLIDATION


# --------------------------------------------------------------------------- TRN-01


def test_withdrawing_assistance_from_a_lifted_village_in_2023_is_refused() -> None:
    """Withdrawing assistance from a lifted village in 2023 is refused with TRN-01's citation."""
    w = withdrawal(effective_on=dt.date(2023, 3, 1))
    with pytest.raises(WithdrawalRefusedError) as info:
        enforce_no_removals(w, P, ON)
    f = info.value.finding
    assert f.rule_id == "TRN-01"
    assert f.outcome is Outcome.YES
    assert any("摘帽不摘帮扶" in c.quote for c in f.spec.citations)
    assert "摘帽不摘帮扶" in str(info.value)
    assert "海孔村" in f.reason("zh") and "refused" in f.reason("en")


@pytest.mark.parametrize("kind", list(NoRemovalKind))
def test_each_of_the_four_is_refused_on_the_last_day(kind: NoRemovalKind) -> None:
    """Responsibility, policy, assistance and supervision are each refused to the period's end."""
    f = no_removal(withdrawal(kind, effective_on=PLAN_LAST), P, ON)
    assert f.outcome is Outcome.YES
    assert kind.label_zh in f.reason("zh")


def test_withdrawal_after_the_period_is_not_refused() -> None:
    """The day after the plan period, the plan's no-removals no longer bind (our reading)."""
    w = withdrawal(effective_on=PLAN_LAST + DAY)
    f = enforce_no_removals(w, P, ON)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert str(PLAN_LAST) in f.reason("zh")


def test_withdrawal_before_the_period_is_not_applicable() -> None:
    """The campaign period is outside this plan's no-removals."""
    assert no_removal(withdrawal(effective_on=PLAN_FIRST - DAY), P, ON).outcome is (
        Outcome.NOT_APPLICABLE)
    assert no_removal(withdrawal(effective_on=PLAN_FIRST), P, ON).outcome is Outcome.YES


def test_withdrawal_defaults_to_the_evaluation_date() -> None:
    """Without an effective date the evaluation date decides."""
    assert no_removal(withdrawal(), P, PLAN_LAST).outcome is Outcome.YES
    assert no_removal(withdrawal(), P, PLAN_LAST + DAY).outcome is Outcome.NOT_APPLICABLE


def test_place_never_lifted_is_not_protected() -> None:
    """A place that was never lifted out of poverty is not covered by the no-removals."""
    f = enforce_no_removals(withdrawal(lifted=False), P, ON)
    assert f.outcome is Outcome.NO


def test_unknown_lifted_status_is_insufficient_data() -> None:
    """Whether the place is lifted must be known: unknown is not "allowed"."""
    f = enforce_no_removals(withdrawal(lifted=None), P, ON)
    assert f.outcome is Outcome.INSUFFICIENT_DATA
    assert f.missing == ("lifted",)


@given(withdrawals())
def test_lifted_place_in_period_is_always_refused(w: Withdrawal) -> None:
    """Every withdrawal from a lifted place that takes effect in the period is refused."""
    f = no_removal(w, P, ON)
    effective = w.effective_on or ON
    in_period = PLAN_FIRST <= effective <= PLAN_LAST
    assert (f.outcome is Outcome.YES) == (in_period and w.lifted is True)


# --------------------------------------------------------------------------- TRN-03, TRN-04


def policy(t: PolicyType, d: Disposition | None) -> Policy:
    return Policy(id="P-1", name="测试政策", policy_type=t, disposition=d)


def test_policy_without_disposition_is_insufficient() -> None:
    """TRN-03: a policy must carry continue, optimise or adjust."""
    assert policy_disposition(policy(PolicyType.DEVELOPMENT, None), P, ON).missing == (
        "disposition",)
    assert policy_disposition(policy(PolicyType.DEVELOPMENT, Disposition.OPTIMISE), P,
                              ON).holds


def test_policies_are_listed_by_disposition() -> None:
    """Every disposition is a key; undecided policies are under None."""
    ps = [Policy(id="A", name="甲", policy_type=PolicyType.DEVELOPMENT,
                 disposition=Disposition.OPTIMISE),
          Policy(id="B", name="乙", policy_type=PolicyType.SAFETY_NET_RELIEF),
          Policy(id="C", name="丙", policy_type=PolicyType.FINANCIAL_ASSISTANCE,
                 disposition=Disposition.CONTINUE)]
    groups = policies_by_disposition(ps)
    assert [p.id for p in groups[Disposition.OPTIMISE]] == ["A"]
    assert [p.id for p in groups[None]] == ["B"]
    assert groups[Disposition.ADJUST] == ()


@pytest.mark.parametrize(("t", "expected"), [
    (PolicyType.SAFETY_NET_RELIEF, Disposition.CONTINUE),       # 继续稳定兜底救助类政策
    (PolicyType.UNIVERSAL_LIVELIHOOD, Disposition.CONTINUE),    # 落实好民生保障普惠性政策
    (PolicyType.DEVELOPMENT, Disposition.OPTIMISE),             # 优化产业就业等发展类政策
    (PolicyType.FINANCIAL_ASSISTANCE, Disposition.CONTINUE),    # 保持…总体稳定
    (PolicyType.POOR_VILLAGE_FISCAL_SUPPORT, Disposition.CONTINUE),  # 维持一段时间
    (PolicyType.EXTRAORDINARY_MEDICAL, Disposition.ADJUST),     # 分阶段…调整
])
def test_policy_type_maps_to_the_plans_disposition(t: PolicyType, expected: Disposition) -> None:
    """TRN-04: each type gets the plan's disposition; any other disposition is NO."""
    assert policy_direction(policy(t, expected), P, ON).outcome is Outcome.YES
    for other in set(Disposition) - {expected}:
        f = policy_direction(policy(t, other), P, ON)
        assert f.outcome is Outcome.NO
        assert expected.label_zh in f.reason("zh")


def test_direction_table_is_complete_and_a_removed_row_is_a_gap() -> None:
    """The TRN-04 table covers every policy type once; dropping a row leaves a gap."""
    assert POLICY_DIRECTIONS.check().ok
    for row in POLICY_DIRECTIONS.row_ids():
        assert POLICY_DIRECTIONS.without_row(row).check().gaps


# --------------------------------------------------------------------------- TRN-05


def test_fund_is_renamed_on_the_first_day_of_the_period() -> None:
    """The former name holds before the consolidation period, the linkage name from day one."""
    assert fund_name_in_force(P, PLAN_FIRST - DAY)[0] is FiscalFundName.SPECIAL_POVERTY_ALLEVIATION
    assert fund_name_in_force(P, PLAN_FIRST)[0] is FiscalFundName.LINKAGE
    assert fund_name_in_force(P, PLAN_LAST)[0] is FiscalFundName.LINKAGE


def test_record_with_the_old_name_in_2023_is_flagged() -> None:
    """TRN-05 flags an allocation in the period recorded under the former name."""
    old = FundAllocation(id="F-1", fund_name=FiscalFundName.SPECIAL_POVERTY_ALLEVIATION)
    f = fund_name(old, P, ON)
    assert f.outcome is Outcome.NO
    assert "衔接推进乡村振兴补助资金" in f.reason("zh")
    new = FundAllocation(id="F-2", fund_name=FiscalFundName.LINKAGE)
    assert fund_name(new, P, ON).holds


def test_name_after_the_period_is_a_visible_assumption() -> None:
    """After the period the name comes from an assumption parameter that a reform can change."""
    after = PLAN_LAST + DAY
    name, used = fund_name_in_force(P, after)
    assert name is FiscalFundName.LINKAGE
    assert any(v.is_assumption for v in used)
    r: ParameterSet = P.reform({"transition.fund_name_after_period": "special_poverty_alleviation"})
    assert fund_name_in_force(r, after)[0] is FiscalFundName.SPECIAL_POVERTY_ALLEVIATION


def test_transition_rules_are_registered() -> None:
    """The registry has every TRN rule."""
    reg = default_registry()
    for rule_id in ("TRN-01", "TRN-02", "TRN-03", "TRN-04", "TRN-05"):
        assert rule_id in reg
