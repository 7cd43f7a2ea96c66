"""The household assessment: MON-01..05 with the guarantees and the assistance plan.

:func:`assess_household` assesses one household on a date with a parameter
set and returns an :class:`~revitalize.policy.engine.Assessment` whose
decision is a :class:`MonitoringDecision`. Its findings, in order:

- MON-02 income screen (:func:`revitalize.policy.income.income_screen`), and
  ``MON-02.near_line``: per-capita income below the near-the-line band
  (the line × ``monitoring.near_line_multiple``);
- MON-03 large rigid expenditure, and ``MON-03.income_fall`` (a sharp fall
  from last year's income, ``monitoring.income_fall_fraction``, that leaves
  per-capita income inside the near-the-line band under the economic gate: a
  household far above the band whose income fell is not at risk);
- GUA-01, GUA-02, GUA-03, GUA-05 and the four GUA-06 water rules
  (:mod:`revitalize.policy.guarantees`);
- ``MON-05.unemployment``: a member who moved from employment to
  unemployment (MON-05's 全力防范失业等潜在风险隐患; EMP-01's services follow);
- AST-04 causes (illness, disability, disaster, accident) and AST-06
  motivation (:mod:`revitalize.policy.assistance`);
- MON-04 low-income dynamic monitoring;
- AST-08 labor capacity, and AST-05 the safety net (minimum allowance or
  extreme-poverty support) of the members who need one.

A rule ID with a suffix (``MON-03.income_fall``, ``GUA-06.quality``) is one of
several rules encoding the catalog entry before the dot.

**The monitoring range: a reading** (``monitoring.inclusion_reading``). The
plan names the three kinds of subject but not their test. The default,
``economic_gate``, follows the national definition (中农组发〔2021〕7号;
国开发〔2020〕6号 for the expenditure and income-fall criteria): an *economic
risk* decides inclusion —

- per-capita income below the monitoring line (MON-02);
- per-capita income after deducting the counted rigid expenditure below the
  line (MON-03: expenditure so large that basic living is in serious
  difficulty);
- a sharp fall (MON-03.income_fall) leaving per-capita income inside the
  near-the-line band (MON-02.near_line).

A 两不愁三保障 or water gap (GUA) is always a risk with its sector action,
whoever has it; it makes the household a monitoring subject only together
with an economic risk, or when per-capita income lies inside the band (the
plan's 1.5× is the *floor* of the range, 「以……1.5倍为底线，合理确定全区监测
范围」, so the district looks above the line; how far is the assumption
parameter ``monitoring.near_line_multiple``, 2 by default). A household that is
not a subject gets its gaps' actions as ``referrals`` (insure the member,
repair the house), not as an assistance plan. The alternative reading
``any_item`` keeps the library's earlier behaviour: any screened item
includes, and MON-03 is the ratio test (expenditure above
``monitoring.rigid_expenditure_ratio`` × income).

``in_range`` is True when the reading's test holds, None when it does not
but an unassessed field could make it hold (a field that was not assessed
never reads as "safe"), and False otherwise — so a household far above the
band with no economic risk is not in range even with a guarantee field not
assessed (the field is still listed as insufficient data). The *cause* risks
(unemployment, illness, disability, disaster, accident, lack of motivation)
describe why a subject is at risk and choose its measures; on their own they
never include.

**Category (MON-01)** comes from :data:`CATEGORY_TABLE`, a ``first``-policy
table whose precedence is: (1) a household not in range has no category;
(2) a lifted household (registered and lifted, or returned to poverty) is an
*unstable lifted* household whatever else holds; (3) a never-registered
household brought into range by a shock — an expenditure risk or a sharp
income fall, not income below the line on its own — is in *sudden severe
hardship*; (4) any other never-registered subject is *marginal* (income below
or near the line). Under ``any_item`` (3) reads as before: any expenditure,
income-fall, disaster or accident risk.

**Dynamic monitoring (MON-04)** is a status of its own: a member under the
minimum allowance or extreme-poverty support (the list is the parameter
``monitoring.low_income_statuses``) puts the household under dynamic
monitoring whatever the income screen says; it does not make it a subject.

**Measures** follow :func:`revitalize.policy.assistance.plan_measures` with
the members' safety nets of :func:`~revitalize.policy.assistance.safety_net_choice`;
a household that is not in range gets none (its gaps' actions are
``referrals``).

**Warnings.** The monitoring line is set yearly: when the line in force is
older than ``monitoring.monitoring_line``'s ``stale_after_months``, every
assessment carries one warning naming that parameter
(:func:`~revitalize.policy.income.line_notices`); the national poverty standard,
fixed by definition, never warns. The warnings are the same for every
household of a run (:attr:`MonitoringAssessor.notices`): the command line and
the batch summary show them once.

Speed: every parameter is resolved once per parameter set and date and kept
on the (immutable) set itself (:meth:`ParameterSet.resolved
<revitalize.policy.parameters.ParameterSet.resolved>`), and so is the assessor
that :func:`assess_household` uses: repeated single calls cost what a batch
does, and there is no module-level cache. :class:`MonitoringAssessor` is the
explicit form for callers that prefer to hold one. What depends only on the
parameters and the date (the income screen's line, the near-the-line band,
the parameter values each finding lists, the birth dates that make a member
an adult, of working age or of compulsory-education age) is computed once with
them, so ages are one date comparison per member, and so are the line and the band's
top times each member count; MON-02's per-capita income is computed once and read by
the near-line and expenditure findings. Findings are named tuples built in line by the
rule checks (``tuple.__new__(Finding, ...)``, what ``Finding(...)`` and
:func:`~revitalize.policy.engine.finding` do, without a call); the decision,
the provenance and the assessment are built by their classes' ``__init__``, which
set their slots directly (:func:`~revitalize.policy.engine.slot_setters`; no
validators run); the enum members, the money context's methods and each check's
typed limits are read from constants bound once; the findings are read by their
fixed position, the cause findings only for a household in range, reasons are
rendered only when asked for, the category table is looked up from its eight
precomputed answers, and the input digest of the provenance is computed on first
access (with one converter per assessor) unless the caller gives it (the batch
hashes the JSON it read).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
import cattrs

from ..citations import Citation
from ..i18n import used_value_line
from ..models import places as place_data
from ..models._enums import LabelledEnum
from ..models.household import (
    AssistanceKind,
    EmploymentStatus,
    ExpenditureKind,
    Household,
    PovertyStatus,
    RigidExpenditure,
    SafetyNetStatus,
    SchoolStatus,
)
from ..models.monitoring import MonitoringCategory, RiskType
from ..models.validation import PlaceLookup, check_household
from ..money import CONTEXT, ZERO, to_fen
from ..serialization import input_sha256, make_converter
from . import assistance as ast
from . import guarantees as gua
from .engine import (
    Assessment,
    Finding,
    Notice,
    Outcome,
    Polarity,
    Provenance,
    Reason,
    Rule,
    RuleSpec,
    Status,
    finding,
    slot_setters,
    stale_parameter_notices,
)
from .engine import _new_tuple as _new  # a finding built in line (see there)
from .income import (
    INCOME_SCREEN,
    LineInForce,
    _count,
    _multiples,
    _Screen,
    _screen,
    _screen_finding,
    line_notices,
)
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of

__all__ = [
    "CATEGORY_TABLE",
    "CITATIONS",
    "DYNAMIC_MONITORING",
    "EXPENDITURE",
    "EXPENDITURE_RATIO",
    "INCOME_FALL",
    "INCOME_FALL_ANY",
    "NEAR_LINE",
    "RULES",
    "SCREENED",
    "TABLES",
    "UNEMPLOYMENT",
    "Because",
    "MonitoringAssessor",
    "MonitoringDecision",
    "MonitoringParams",
    "assess_household",
    "assess_households",
    "dynamic_monitoring",
    "expenditure_risk",
    "income_fall_risk",
    "near_line",
    "no_stable_income",
    "render_assessment",
    "resolve",
    "run_notices",
    "unemployment_risk",
]

_EXPENDITURE_RISK: Final[Mapping[ExpenditureKind, RiskType]] = {
    ExpenditureKind.MEDICAL_OUT_OF_POCKET: RiskType.EXPENDITURE_MEDICAL,
    ExpenditureKind.EDUCATION: RiskType.EXPENDITURE_EDUCATION,
    ExpenditureKind.DISASTER_LOSS: RiskType.EXPENDITURE_DISASTER,
    ExpenditureKind.ACCIDENT_LOSS: RiskType.EXPENDITURE_ACCIDENT,
}
#: Risks that are a sudden shock (MON-01's sudden severe hardship).
_SUDDEN: Final = frozenset({RiskType.EXPENDITURE_MEDICAL, RiskType.EXPENDITURE_EDUCATION,
                            RiskType.EXPENDITURE_DISASTER, RiskType.EXPENDITURE_ACCIDENT,
                            RiskType.INCOME_FALL, RiskType.DISASTER, RiskType.ACCIDENT})
_RISK_ORDER: Final = {r: i for i, r in enumerate(RiskType)}

# Read on every household's path, so bound once here: on CPython 3.11 reading an enum
# member as a class attribute (``Outcome.YES``) costs several times a module global, and
# calling ``CONTEXT.multiply`` looks the method up on each call (the bound method is the
# same function with the same context).
_YES: Final = Outcome.YES
_NO: Final = Outcome.NO
_UNKNOWN: Final = Outcome.INSUFFICIENT_DATA
_add: Final = CONTEXT.add
_sub: Final = CONTEXT.subtract
_mul: Final = CONTEXT.multiply
_div: Final = CONTEXT.divide
_INCOME_RISK: Final = RiskType.INCOME
_FALL_RISK: Final = RiskType.INCOME_FALL
_LOST_JOB: Final = EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT
_EMPLOYMENT_UNKNOWN: Final = EmploymentStatus.NOT_ASSESSED
_NET_UNKNOWN: Final = SafetyNetStatus.NOT_ASSESSED
_EXTREME_POVERTY: Final = SafetyNetStatus.EXTREME_POVERTY_SUPPORT
_NEVER_REGISTERED: Final = PovertyStatus.NEVER_REGISTERED
_OUT_PHYSICAL: Final = SchoolStatus.OUT_PHYSICAL
_WOMAN: Final = ast.VisitGroup.LEFT_BEHIND_WOMAN


# --------------------------------------------------------------------------- parameters


@attrs.frozen
class MonitoringParams:
    """Every parameter the assessment reads, resolved once for a date (:func:`resolve`)."""

    on: dt.date
    kinds: ParameterValue
    ratio: ParameterValue
    fall: ParameterValue
    low_income: ParameterValue
    majority: ParameterValue
    elderly: ParameterValue
    guarantees: gua.GuaranteeParams
    expenditure_kinds: tuple[ExpenditureKind, ...]
    low_income_statuses: frozenset[str]
    #: ``monitoring.inclusion_reading`` (economic_gate or any_item).
    reading: ParameterValue
    #: ``monitoring.near_line_multiple``.
    near: ParameterValue
    #: ``assistance.minimum_working_age``.
    working_age: ParameterValue
    #: ``assistance.no_stable_income_test``.
    net_test: ParameterValue
    #: The monitoring line in force (MON-02) and whether per-capita income is rounded to
    #: the fen before it meets a line (``monitoring.per_capita_rounding``).
    line: LineInForce
    fen: bool
    #: ``monitoring.per_capita_rounding``.
    rounding: ParameterValue
    #: Whether the economic gate decides inclusion (``reading`` is economic_gate).
    gate: bool = attrs.field(init=False)
    #: The upper end of the near-the-line band: line × ``near``.
    band: Decimal = attrs.field(init=False)
    #: What the near-the-line finding used: the line's values and ``near``.
    band_used: tuple[ParameterValue, ...] = attrs.field(init=False)
    #: AST-05's reading of "no stable income" as a value.
    stable_income_test: ast.StableIncomeTest = attrs.field(init=False)
    #: What MON-03 (economic gate), AST-05 and the capacity profile used.
    expenditure_used: tuple[ParameterValue, ...] = attrs.field(init=False)
    net_used: tuple[ParameterValue, ...] = attrs.field(init=False)
    profile_used: tuple[ParameterValue, ...] = attrs.field(init=False)
    #: The enum members (of member and household statuses) that are low-income statuses.
    low_income_members: frozenset[object] = attrs.field(init=False)
    #: ``(kind, RigidExpenditure attribute)`` pairs of the counted kinds.
    expenditure_fields: tuple[tuple[ExpenditureKind, str], ...] = attrs.field(init=False)
    #: The counted kinds' amounts of a :class:`~revitalize.models.household.RigidExpenditure`
    #: as a tuple, in the kinds' order (an :func:`operator.attrgetter` of their attributes:
    #: one call instead of a ``getattr`` per kind).
    expenditure_amounts: Callable[[RigidExpenditure], tuple[Decimal | None, ...]] = (
        attrs.field(init=False, eq=False, repr=False))
    #: The latest birth date of an adult on ``on`` (:func:`~revitalize.policy.assistance.
    #: adult_born_by`; None: nobody is).
    adult_by: dt.date | None = attrs.field(init=False)
    #: The latest birth date of someone of the minimum working age on ``on``.
    work_by: dt.date | None = attrs.field(init=False)
    #: The birth dates of the compulsory-education ages on ``on``
    #: (:func:`~revitalize.policy.guarantees.school_age_born`).
    school_born: tuple[dt.date | None, dt.date | None] = attrs.field(init=False)
    #: Their values in GUA-02's finding (``born_from``, ``born_to``), computed once.
    school_window: Mapping[str, object] = attrs.field(init=False)
    # Typed values and used tuples the household checks read, computed once here.
    _multiple: Decimal = attrs.field(init=False, eq=False, repr=False)
    _fraction: Decimal = attrs.field(init=False, eq=False, repr=False)
    _ratio: Decimal = attrs.field(init=False, eq=False, repr=False)
    _ratio_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False, repr=False)
    _fall_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False, repr=False)
    _low_income_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False,
                                                               repr=False)
    _statuses_sorted: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _school_values: tuple[dt.date, dt.date | None] = attrs.field(init=False, eq=False,
                                                                 repr=False)
    _expenditure_paths: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    #: The line and the band's top times each member count of :data:`~revitalize.policy.
    #: income._COUNTS` (:func:`~revitalize.policy.income._multiples`): MON-02's comparison
    #: of a household's income, one multiplication fewer per finding.
    _line_at: tuple[Decimal, ...] = attrs.field(init=False, eq=False, repr=False)
    _band_at: tuple[Decimal, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        members = {m for enum in (SafetyNetStatus, AssistanceKind) for m in enum
                   if m.value in self.low_income_statuses}
        set_ = object.__setattr__
        set_(self, "gate", self.reading.value == "economic_gate")
        set_(self, "band", CONTEXT.multiply(self.line.line, _dec(self.near)))
        set_(self, "_line_at", _multiples(self.line.line))
        set_(self, "_band_at", _multiples(self.band))
        set_(self, "band_used", (*self.line.used, self.near))
        assert isinstance(self.net_test.value, str)
        test = ast.StableIncomeTest.parse(self.net_test.value)
        set_(self, "stable_income_test", test)
        set_(self, "expenditure_used", (self.kinds, self.reading, *self.line.used))
        income_used = (self.band_used if test is ast.StableIncomeTest.BELOW_NEAR_LINE_BAND
                       else (*self.line.used, self.rounding))
        set_(self, "net_used", (self.net_test, *income_used, self.majority, self.working_age))
        set_(self, "profile_used", (self.majority, self.working_age))
        set_(self, "low_income_members", frozenset(members))
        set_(self, "expenditure_fields", tuple((k, k.value) for k in self.expenditure_kinds))
        set_(self, "expenditure_amounts", _amounts_getter(tuple(k.value for k in
                                                                self.expenditure_kinds)))
        set_(self, "_expenditure_paths", tuple(f"rigid_expenditure.{k.value}"
                                               for k in self.expenditure_kinds))
        set_(self, "adult_by", ast.adult_born_by(self.on, self.majority))
        set_(self, "work_by", ast.adult_born_by(self.on, self.working_age))
        set_(self, "school_born", gua.school_age_born(self.on, self.guarantees.school_year))
        set_(self, "school_window", MappingProxyType(gua._born_range(self.school_born)))
        set_(self, "_multiple", _dec(self.near))
        set_(self, "_fraction", _dec(self.fall))
        set_(self, "_ratio", _dec(self.ratio))
        set_(self, "_ratio_used", (self.kinds, self.reading, self.ratio))
        set_(self, "_fall_used", (self.fall, self.reading, *self.band_used) if self.gate
             else (self.fall, self.reading))
        set_(self, "_low_income_used", (self.low_income,))
        set_(self, "_statuses_sorted", tuple(sorted(self.low_income_statuses)))
        set_(self, "_school_values", gua._born_values(self.school_born))


def _amounts_getter(names: tuple[str, ...],
                    ) -> Callable[[RigidExpenditure], tuple[Decimal | None, ...]]:
    """:attr:`MonitoringParams.expenditure_amounts` for the attributes ``names`` (an
    ``attrgetter`` of one name returns the value, not a 1-tuple; of none, it cannot be made)."""
    if len(names) > 1:
        getter: Callable[[RigidExpenditure], tuple[Decimal | None, ...]] = (
            operator.attrgetter(*names))
        return getter
    return functools.partial(_few_amounts, names)


def _few_amounts(names: tuple[str, ...], rx: RigidExpenditure) -> tuple[Decimal | None, ...]:
    return tuple(getattr(rx, n) for n in names)


def _names(v: ParameterValue) -> tuple[str, ...]:
    assert isinstance(v.value, tuple)
    return v.value


def _dec(v: ParameterValue) -> Decimal:
    assert isinstance(v.value, Decimal)
    return v.value


def resolve(params: ParameterSet, on: dt.date) -> MonitoringParams:
    """Read the assessment's parameters in force on ``on`` (unknown kinds name close matches).

    Resolved once per parameter set and date (:meth:`ParameterSet.resolved`).
    """
    return params.resolved(_resolve, on)


def _resolve(params: ParameterSet, on: dt.date) -> MonitoringParams:
    kinds = params.get("monitoring.rigid_expenditure_kinds", on)
    low = params.get("monitoring.low_income_statuses", on)
    screen = params.resolved(_screen, on)
    return MonitoringParams(
        on, kinds, params.get("monitoring.rigid_expenditure_ratio", on),
        params.get("monitoring.income_fall_fraction", on), low,
        params.get("assistance.age_of_majority", on), params.get("assistance.elderly_age", on),
        gua.resolve(params, on), tuple(ExpenditureKind.parse(k) for k in _names(kinds)),
        frozenset(_names(low)), params.get("monitoring.inclusion_reading", on),
        params.get("monitoring.near_line_multiple", on),
        params.get("assistance.minimum_working_age", on),
        params.get("assistance.no_stable_income_test", on), screen.line, screen.fen,
        params.get("monitoring.per_capita_rounding", on),
    )


# --------------------------------------------------------------------------- MON-02.near_line

_MON02: Final = Citation("Ch5 §2", "以脱贫攻坚期国家扶贫标准的1.5倍为底线，合理确定全区监测范围")

NEAR_LINE = RuleSpec(
    id="MON-02.near_line",
    reads=("annual_net_income", "members[].counts_for_income"),
    tables=("MON-01", "AST-01"),
    title_zh="家庭人均纯收入在监测线附近",
    title_en="Per-capita net income near the monitoring line",
    citations=(_MON02,),
    parameters=("monitoring.near_line_multiple", "monitoring.poverty_standard",
                "monitoring.multiplier", "monitoring.monitoring_line",
                "monitoring.per_capita_rounding"),
    polarity=Polarity.INFO,
    reasons={
        Outcome.YES: Reason(
            "家庭人均纯收入 {per_capita_income:yuan} 元，低于监测线附近范围上限 {band:yuan} 元"
            "（监测线 {line:yuan} 元 × {multiple}）",
            "per-capita net income {per_capita_income:yuan} yuan is below the top of the "
            "near-the-line band, {band:yuan} yuan (the line {line:yuan} yuan × {multiple})"),
        Outcome.NO: Reason(
            "家庭人均纯收入 {per_capita_income:yuan} 元，不低于监测线附近范围上限 {band:yuan} 元"
            "（监测线 {line:yuan} 元 × {multiple}）",
            "per-capita net income {per_capita_income:yuan} yuan is not below the top of the "
            "near-the-line band, {band:yuan} yuan (the line {line:yuan} yuan × {multiple})"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法与监测线附近范围上限 {band:yuan} 元比较",
            "insufficient data: {missing} not assessed; cannot compare with the top of the "
            "near-the-line band, {band:yuan} yuan"),
    },
)


def _below(income: Decimal, members: int, line: Decimal, fen: bool) -> bool:
    """Whether ``income`` shared by ``members`` is below ``line`` a head (MON-02's comparison:
    exact, ``income < line × members``, or rounded half-up to the fen first)."""
    count = _count(members)
    if fen:
        return to_fen(_div(income, count)) < line
    return income < _mul(line, count)


def _check_near_line(mp: MonitoringParams, screen: Finding) -> Finding:
    """MON-02.near_line from MON-02's finding ``screen`` (its per-capita income, read once)."""
    values = screen.values
    if screen.outcome is _UNKNOWN:
        return _new(Finding, (NEAR_LINE, _UNKNOWN, {"band": mp.band}, mp.band_used,
                              screen.missing, ""))
    per_capita: Any = values["per_capita_income"]
    if screen.outcome is _YES:  # below the line is below the band (multiple >= 1)
        below = True
    elif mp.fen:
        below = to_fen(per_capita) < mp.band
    else:
        income: Any = values["annual_net_income"]
        members: Any = values["members"]
        below = income < (mp._band_at[members] if members < 64
                          else _mul(mp.band, _count(members)))
    return _new(Finding, (NEAR_LINE, _YES if below else _NO,
                          {"per_capita_income": per_capita, "band": mp.band, "line": mp.line.line,
                           "multiple": mp._multiple}, mp.band_used, (), ""))


def near_line(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-02.near_line: YES when per-capita income is below line × near_line_multiple."""
    return _check_near_line(params.resolved(_resolve, on),
                            _screen_finding(h, params.resolved(_screen, on)))


def _no_stable(mp: MonitoringParams, screen: Finding, near: Finding) -> bool | None:
    """AST-05's "no stable income" from the income findings (``assistance.no_stable_income_test``):
    MON-02's outcome, or the near-the-line band's."""
    outcome = (near if mp.stable_income_test is _BAND_TEST else screen).outcome
    return True if outcome is _YES else None if outcome is _UNKNOWN else (
        False)


_BAND_TEST: Final = ast.StableIncomeTest.BELOW_NEAR_LINE_BAND


def no_stable_income(h: Household, params: ParameterSet, on: dt.date) -> tuple[
        bool | None, ast.StableIncomeTest, tuple[ParameterValue, ...], tuple[str, ...]]:
    """Whether ``h`` has no stable income by ``assistance.no_stable_income_test`` (None: not
    known), the test, the parameter values read and the fields missing (AST-05)."""
    mp = params.resolved(_resolve, on)
    screen = _screen_finding(h, params.resolved(_screen, on))
    near = _check_near_line(mp, screen)
    return _no_stable(mp, screen, near), mp.stable_income_test, mp.net_used, screen.missing


# --------------------------------------------------------------------------- MON-03

_MON03: Final = Citation("Ch5 §2", "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况")
_EXPENDITURE_PARAMETERS: Final = (
    "monitoring.rigid_expenditure_kinds", "monitoring.inclusion_reading",
    "monitoring.rigid_expenditure_ratio", "monitoring.poverty_standard", "monitoring.multiplier",
    "monitoring.monitoring_line", "monitoring.per_capita_rounding")

#: MON-03 under the economic_gate reading: per-capita income after deducting the counted
#: rigid expenditure below the monitoring line (中农组发〔2021〕7号: 刚性支出较大……导致基本生活
#: 出现严重困难). :data:`EXPENDITURE_RATIO` is the same rule under the any_item reading.
EXPENDITURE = RuleSpec(
    id="MON-03",
    reads=("annual_net_income", "members[].counts_for_income", "rigid_expenditure.accident_loss",
           "rigid_expenditure.disaster_loss", "rigid_expenditure.education",
           "rigid_expenditure.medical_out_of_pocket"),
    tables=("MON-01", "AST-01"),
    title_zh="刚性支出较大",
    title_en="Large rigid expenditure",
    citations=(_MON03,),
    parameters=_EXPENDITURE_PARAMETERS,
    polarity=Polarity.YES_IS_PROBLEM,
    reasons={
        Outcome.YES: Reason(
            "扣除刚性支出 {total:yuan} 元（{kinds}）后，家庭人均纯收入 {after:yuan} 元"
            "（（{income:yuan} − {total:yuan}）÷ {members} 人），低于监测线 {line:yuan} 元",
            "after rigid expenditure of {total:yuan} yuan ({kinds}), per-capita net income "
            "{after:yuan} yuan (({income:yuan} − {total:yuan}) ÷ {members}) is below the "
            "monitoring line {line:yuan} yuan"),
        Outcome.NO: Reason(
            "扣除刚性支出 {total:yuan} 元后，家庭人均纯收入 {after:yuan} 元"
            "（（{income:yuan} − {total:yuan}）÷ {members} 人），{relation}"
            "（监测线 {line:yuan} 元）",
            "after rigid expenditure of {total:yuan} yuan, per-capita net income {after:yuan} "
            "yuan (({income:yuan} − {total:yuan}) ÷ {members}) {relation} (the monitoring "
            "line is {line:yuan} yuan)"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断扣除刚性支出后家庭人均纯收入是否低于监测线 "
            "{line:yuan} 元",
            "insufficient data: {missing} not assessed; cannot tell whether per-capita net "
            "income after rigid expenditure is below the monitoring line {line:yuan} yuan"),
    },
)

class _Relation(LabelledEnum):
    """How per-capita income after the rigid expenditure meets the line when MON-03 is no."""

    NOT_BELOW = "is not below the monitoring line", "不低于监测线"
    NOTHING_DEDUCTED = ("is below the line with no rigid expenditure to deduct (an income "
                        "risk, MON-02, not an expenditure risk)",
                        "低于监测线，但无刚性支出可扣除（属收入风险 MON-02，不属刚性支出风险）")


_NOTHING_DEDUCTED: Final = _Relation.NOTHING_DEDUCTED
_NOT_BELOW: Final = _Relation.NOT_BELOW


#: MON-03 under the any_item reading: rigid expenditure above ``ratio`` × annual net income.
EXPENDITURE_RATIO = attrs.evolve(EXPENDITURE, reasons={
    Outcome.YES: Reason(
        "刚性支出 {total:yuan} 元（{kinds}），超过家庭年纯收入 {income:yuan} 元 × {ratio} = "
        "{threshold:yuan} 元",
        "rigid expenditure {total:yuan} yuan ({kinds}) exceeds annual net income "
        "{income:yuan} yuan × {ratio} = {threshold:yuan} yuan"),
    Outcome.NO: Reason(
        "刚性支出 {total:yuan} 元，未超过家庭年纯收入 {income:yuan} 元 × {ratio} = "
        "{threshold:yuan} 元",
        "rigid expenditure {total:yuan} yuan does not exceed annual net income "
        "{income:yuan} yuan × {ratio} = {threshold:yuan} yuan"),
    Outcome.INSUFFICIENT_DATA: Reason(
        "数据不足：{missing} 未评估，无法判断刚性支出是否超过年纯收入 × {ratio}",
        "insufficient data: {missing} not assessed; cannot tell whether rigid expenditure "
        "exceeds annual net income × {ratio}"),
})


def _counted(h: Household, mp: MonitoringParams) -> tuple[
        Decimal, list[str], list[tuple[ExpenditureKind, Decimal]]]:
    """The counted rigid expenditure's total, the paths of its unassessed kinds and the
    positive amounts by kind (in the order of ``monitoring.rigid_expenditure_kinds``)."""
    rx = h.rigid_expenditure
    total = ZERO
    missing: list[str] = []
    positive: list[tuple[ExpenditureKind, Decimal]] = []
    add = _add
    for kind, attr in mp.expenditure_fields:
        amount = getattr(rx, attr)
        if amount is None:
            missing.append(f"rigid_expenditure.{attr}")
        else:
            total = add(total, amount)
            if amount > ZERO:
                positive.append((kind, amount))
    return total, missing, positive


def _check_expenditure(h: Household, mp: MonitoringParams, screen: Finding) -> Finding:
    """MON-03 (``screen`` is MON-02's finding: its income and members, read once).

    Under the economic gate in one pass over the counted amounts (read together by
    :attr:`MonitoringParams.expenditure_amounts`): their total here, the paths of the
    unassessed kinds and the positive amounts only when the finding needs them (what
    :func:`_counted` gives, which the any_item reading uses)."""
    if not mp.gate:
        return _check_ratio(h, mp, *_counted(h, mp))
    line = mp.line.line
    used = mp.expenditure_used
    amounts = mp.expenditure_amounts(h.rigid_expenditure)
    total = ZERO
    add = _add
    complete = True
    for amount in amounts:
        if amount is None:
            complete = False
        else:
            total = add(total, amount)
    outcome = screen.outcome
    if outcome is _UNKNOWN:
        return _new(Finding, (EXPENDITURE, _UNKNOWN, {"line": line}, used,
                              (*screen.missing, *_unassessed(mp, amounts)), ""))
    values = screen.values
    income: Any = values["annual_net_income"]
    members: Any = values["members"]
    if not total:  # nothing to deduct: per-capita income as MON-02 found it
        if not complete:
            return _new(Finding, (EXPENDITURE, _UNKNOWN, {"line": line}, used,
                                  _unassessed(mp, amounts), ""))
        relation = _NOTHING_DEDUCTED if outcome is _YES else _NOT_BELOW
        return _new(Finding, (EXPENDITURE, _NO,
                              {"total": total, "after": values["per_capita_income"],
                               "income": income, "members": members, "line": line,
                               "relation": relation}, used, (), ""))
    # MON-02's comparison (:func:`_below`) of the income left after the expenditure
    left = _sub(income, total)
    count = _count(members)
    after = _div(left, count)
    at_line = mp._line_at[members] if members < 64 else _mul(line, count)
    if to_fen(after) < line if mp.fen else left < at_line:
        zero = ZERO
        positive = [(kind, amount)
                    for kind, amount in zip(mp.expenditure_kinds, amounts, strict=True)
                    if amount is not None and amount > zero]
        return _new(Finding, (EXPENDITURE, _YES,
                              {"total": total,
                               "kinds": _drivers(positive, max(_sub(income, at_line), zero)),
                               "after": after, "income": income, "members": members, "line": line},
                              used, (), ""))
    if not complete:
        return _new(Finding, (EXPENDITURE, _UNKNOWN, {"line": line}, used,
                              _unassessed(mp, amounts), ""))
    return _new(Finding, (EXPENDITURE, _NO,
                          {"total": total, "after": after, "income": income, "members": members,
                           "line": line, "relation": _NOT_BELOW}, used, (), ""))


def _unassessed(mp: MonitoringParams, amounts: tuple[Decimal | None, ...]) -> tuple[str, ...]:
    """The paths of the counted kinds whose amount is None (in the kinds' order)."""
    return tuple([p for p, amount in zip(mp._expenditure_paths, amounts, strict=True)
                  if amount is None])


def _check_ratio(h: Household, mp: MonitoringParams, total: Decimal, missing: list[str],
                 positive: list[tuple[ExpenditureKind, Decimal]]) -> Finding:
    """MON-03 under the any_item reading (:data:`EXPENDITURE_RATIO`)."""
    ratio = mp._ratio
    used = mp._ratio_used
    income = h.annual_net_income
    if income is None:
        return _new(Finding, (EXPENDITURE_RATIO, _UNKNOWN, {"ratio": ratio}, used,
                              ("annual_net_income", *missing), ""))
    threshold = _mul(income, ratio)
    if total > threshold:
        return _new(Finding, (EXPENDITURE_RATIO, _YES,
                              {"total": total, "kinds": _drivers(positive, threshold),
                               "income": income, "ratio": ratio, "threshold": threshold},
                              used, (), ""))
    if missing:
        return _new(Finding, (EXPENDITURE_RATIO, _UNKNOWN, {"ratio": ratio}, used,
                              tuple(missing), ""))
    return _new(Finding, (EXPENDITURE_RATIO, _NO, {"total": total, "income": income,
                                                          "ratio": ratio, "threshold": threshold},
                          used, (), ""))


def _drivers(positive: list[tuple[ExpenditureKind, Decimal]],
             threshold: Decimal) -> tuple[ExpenditureKind, ...]:
    """The kinds named as risks: each whose amount passes an equal share of the threshold.

    With ``n`` positive kinds a kind is named when ``amount × n > threshold``; the
    largest kind always is (the total passes the threshold), small kinds are not, and
    more income never names more kinds. The threshold is the room above the line
    (income − line × members, at least 0) under the economic gate, income × the ratio
    under the any_item reading.
    """
    n = _count(len(positive))
    return tuple([k for k, amount in positive if _mul(amount, n) > threshold])


def expenditure_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-03: YES when per-capita income after the counted rigid expenditure is below the
    monitoring line (economic_gate reading), or when the expenditure exceeds income × the
    ratio (any_item reading)."""
    mp = params.resolved(_resolve, on)
    if not mp.gate:  # the any_item reading compares with income alone: no MON-02 needed
        return _check_ratio(h, mp, *_counted(h, mp))
    return _check_expenditure(h, mp, _screen_finding(h, params.resolved(_screen, on)))


_FALL_PARAMETERS: Final = (
    "monitoring.income_fall_fraction", "monitoring.inclusion_reading",
    "monitoring.near_line_multiple", "monitoring.poverty_standard", "monitoring.multiplier",
    "monitoring.monitoring_line", "monitoring.per_capita_rounding")


class _FallRelation(LabelledEnum):
    """Why MON-03.income_fall is no under the economic gate."""

    SHORT = "short of the limit", "未达到大幅下降标准"
    ABOVE_BAND = ("a sharp fall, but per-capita income after it is not below the top of the "
                  "near-the-line band: basic living is not in difficulty, not an economic risk",
                  "虽达到大幅下降标准，但下降后家庭人均纯收入不低于监测线附近范围上限，"
                  "基本生活未出现困难，不构成经济风险")


_SHORT: Final = _FallRelation.SHORT
_ABOVE_BAND: Final = _FallRelation.ABOVE_BAND


#: MON-03.income_fall under the economic_gate reading: a sharp fall (at least
#: ``monitoring.income_fall_fraction`` of last year's income) that leaves per-capita income
#: inside the near-the-line band (MON-02.near_line): 中农组发〔2021〕7号's 收入大幅缩减 "so
#: that basic living is in serious difficulty". A household far above the band whose income
#: fell is not at risk: the finding is no. :data:`INCOME_FALL_ANY` is the same rule under
#: the any_item reading (the fall alone).
INCOME_FALL = RuleSpec(
    id="MON-03.income_fall",
    reads=("annual_net_income", "last_year_net_income", "members[].counts_for_income"),
    tables=("MON-01", "AST-01"),
    title_zh="收入大幅下降",
    title_en="Sharp fall of income",
    citations=(_MON03,),
    parameters=_FALL_PARAMETERS,
    polarity=Polarity.YES_IS_PROBLEM,
    reasons={
        Outcome.YES: Reason(
            "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元，"
            "达到大幅下降标准 {limit:yuan} 元（上年收入 × {fraction}）；下降后家庭人均纯收入 "
            "{per_capita_income:yuan} 元，低于监测线附近范围上限 {band:yuan} 元",
            "annual net income {income:yuan} yuan fell by {fall:yuan} yuan from last year's "
            "{last:yuan} yuan, at least the limit {limit:yuan} yuan (last year × {fraction}); "
            "per-capita net income after the fall, {per_capita_income:yuan} yuan, is below the "
            "top of the near-the-line band, {band:yuan} yuan"),
        Outcome.NO: Reason(
            "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元"
            "（大幅下降标准 {limit:yuan} 元 = 上年收入 × {fraction}；下降后家庭人均纯收入 "
            "{per_capita_income:yuan} 元，监测线附近范围上限 {band:yuan} 元）：{relation}",
            "annual net income {income:yuan} yuan changed by -{fall:yuan} yuan from last year's "
            "{last:yuan} yuan (the limit is {limit:yuan} yuan, last year × {fraction}; "
            "per-capita net income after it {per_capita_income:yuan} yuan, the top of the "
            "near-the-line band {band:yuan} yuan): {relation}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断收入是否下降上年收入的 {fraction} 以上、"
            "下降后是否在监测线附近",
            "insufficient data: {missing} not assessed; cannot tell whether income fell by "
            "{fraction} of last year's or more into the near-the-line band"),
    },
)

#: MON-03.income_fall under the any_item reading: the fall alone.
INCOME_FALL_ANY = attrs.evolve(INCOME_FALL, reasons={
    Outcome.YES: Reason(
        "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元，"
        "达到大幅下降标准 {limit:yuan} 元（上年收入 × {fraction}）",
        "annual net income {income:yuan} yuan fell by {fall:yuan} yuan from last year's "
        "{last:yuan} yuan, at least the limit {limit:yuan} yuan (last year × {fraction})"),
    Outcome.NO: Reason(
        "年纯收入 {income:yuan} 元，较上年 {last:yuan} 元下降 {fall:yuan} 元，"
        "未达到大幅下降标准 {limit:yuan} 元（上年收入 × {fraction}）",
        "annual net income {income:yuan} yuan changed by -{fall:yuan} yuan from last year's "
        "{last:yuan} yuan, short of the limit {limit:yuan} yuan (last year × {fraction})"),
    Outcome.INSUFFICIENT_DATA: Reason(
        "数据不足：{missing} 未评估，无法判断收入是否下降上年收入的 {fraction} 以上",
        "insufficient data: {missing} not assessed; cannot tell whether income fell by "
        "{fraction} of last year's or more"),
})


def _check_income_fall(h: Household, mp: MonitoringParams, near: Finding) -> Finding:
    """MON-03.income_fall (``near`` is MON-02.near_line's finding: the band, read once)."""
    fraction = mp._fraction
    gate = mp.gate
    spec = INCOME_FALL if gate else INCOME_FALL_ANY
    used = mp._fall_used
    now, last = h.annual_net_income, h.last_year_net_income
    if now is None or last is None:
        missing = tuple(p for p, v in (("annual_net_income", now), ("last_year_net_income", last))
                        if v is None)
        return _new(Finding, (spec, _UNKNOWN, {"fraction": fraction}, used, missing, ""))
    fall = _sub(last, now)
    limit = _mul(last, fraction)
    sharp = fall > ZERO and fall >= limit
    if not gate:
        return _new(Finding, (spec, _YES if sharp else _NO,
                              {"income": now, "last": last, "fall": fall, "limit": limit,
                               "fraction": fraction}, used, (), ""))
    if sharp:
        outcome = near.outcome
        if outcome is _UNKNOWN:
            return _new(Finding, (spec, _UNKNOWN, {"fraction": fraction}, used, near.missing, ""))
        if outcome is _YES:
            return _new(Finding, (spec, _YES, {
                "income": now, "last": last, "fall": fall, "limit": limit, "fraction": fraction,
                "band": mp.band, "per_capita_income": near.values["per_capita_income"]},
                used, (), ""))
    return _new(Finding, (spec, _NO, {"income": now, "last": last, "fall": fall, "limit": limit,
                                      "fraction": fraction, "band": mp.band,
                                      "per_capita_income": near.values.get("per_capita_income"),
                                      "relation": _ABOVE_BAND if sharp else _SHORT}, used, (), ""))


def income_fall_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-03.income_fall: YES when income fell from last year by at least the fraction of
    last year's and (economic_gate reading) per-capita income after the fall lies inside
    the near-the-line band; under the any_item reading the fall alone."""
    mp = params.resolved(_resolve, on)
    return _check_income_fall(h, mp, _check_near_line(
        mp, _screen_finding(h, params.resolved(_screen, on))))


# --------------------------------------------------------------------------- MON-05 (household)

UNEMPLOYMENT = RuleSpec(
    id="MON-05.unemployment",
    reads=("members[].birth_date", "members[].employment_status", "members[].id",
           "members[].labor_capacity", "members[].no_capacity_reason", "members[].safety_net",
           "members[].school_status"),
    tables=("AST-01",),
    title_zh="成员就业转失业",
    title_en="A member moved from employment to unemployment",
    citations=(Citation("Ch5 §2", "全力防范失业等潜在风险隐患"),),
    parameters=("assistance.age_of_majority", "assistance.minimum_working_age"),
    polarity=Polarity.YES_IS_PROBLEM,
    reasons={
        Outcome.YES: Reason("成员 {members} 就业转失业", "member(s) {members} lost their job"),
        Outcome.NO: Reason("有劳动能力成员 {count} 人，无就业转失业",
                           "{count} member(s) able to work, none lost their job"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断是否就业转失业",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether a member lost their job"),
    },
)


def _check_unemployment(h: Household, profile: ast.CapacityProfile) -> Finding:
    # The members without their index (``enumerate`` costs about as much as the loop): the
    # paths of the unassessed fields are listed by a second pass, only when there are some.
    jobless: list[str] = []
    unassessed = False
    able = profile.able
    lost_job, unknown = _LOST_JOB, _EMPLOYMENT_UNKNOWN
    for m in h.members:
        status = m.employment_status
        if status is lost_job:
            jobless.append(m.id)
        elif status is unknown and m.id in able:
            unassessed = True
    used = profile.used
    if jobless:
        return _new(Finding, (UNEMPLOYMENT, _YES, {"members": tuple(jobless)}, used, (), ""))
    if unassessed:
        missing = tuple([f"members[{i}].employment_status" for i, m in enumerate(h.members)
                         if m.employment_status is unknown and m.id in able])
        return _new(Finding, (UNEMPLOYMENT, _UNKNOWN, {}, used, missing, ""))
    return _new(Finding, (UNEMPLOYMENT, _NO, {"count": len(able)}, used, (), ""))


def unemployment_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-05 (household): YES when a member moved from employment to unemployment."""
    return _check_unemployment(h, ast.capacity_profile(h, params, on))


# --------------------------------------------------------------------------- MON-04

DYNAMIC_MONITORING = RuleSpec(
    polarity=Polarity.INFO,
    id="MON-04",
    reads=("members[].safety_net", "social_assistance"),
    title_zh="农村低收入人口动态监测",
    title_en="Rural low-income population under dynamic monitoring",
    citations=(Citation("Ch5 §2", "对农村低保对象、农村特困人员等农村低收入人口开展动态监测"),),
    parameters=("monitoring.low_income_statuses",),
    reasons={
        Outcome.YES: Reason(
            "属农村低收入人口（{statuses}；{count} 名成员），开展动态监测；"
            "此身份不等同于纳入监测对象",
            "rural low-income population ({statuses}; {count} member(s)): under dynamic "
            "monitoring, which is not inclusion as a monitoring subject"),
        Outcome.NO: Reason("成员均非农村低收入人口（{statuses}）",
                           "no member belongs to the rural low-income population ({statuses})"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，"
                                          "无法判断是否属农村低收入人口",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether the household is rural low-income "
                                          "population"),
    },
)


def _check_dynamic(h: Household, mp: MonitoringParams) -> Finding:
    found: dict[str, object] = {}
    count = 0
    unassessed = False  # the paths listed by a second pass, when needed (no enumerate here)
    low = mp.low_income_members
    for m in h.members:
        net = m.safety_net
        if net in low:
            count += 1
            found.setdefault(net._value_, net)
        elif net is _NET_UNKNOWN:
            unassessed = True
    held = h.social_assistance
    if held is not None:
        for kind in held:
            if kind in low:
                found.setdefault(kind._value_, kind)
    used = mp._low_income_used
    if found:
        return _new(Finding, (DYNAMIC_MONITORING, _YES,
                              {"statuses": tuple(found.values()), "count": count}, used, (), ""))
    if held is None and unassessed:
        missing = [f"members[{i}].safety_net" for i, m in enumerate(h.members)
                   if m.safety_net is _NET_UNKNOWN]
        return _new(Finding, (DYNAMIC_MONITORING, _UNKNOWN, {}, used,
                              ("social_assistance", *missing), ""))
    return _new(Finding, (DYNAMIC_MONITORING, _NO, {"statuses": mp._statuses_sorted}, used, (), ""))


def dynamic_monitoring(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """MON-04: YES when a member or the household holds a low-income status."""
    return _check_dynamic(h, params.resolved(_resolve, on))


# --------------------------------------------------------------------------- MON-01

#: MON-01: the category of a household in range, ``first`` policy (precedence in the module doc).
CATEGORY_TABLE: Final[DecisionTable[MonitoringCategory | None]] = DecisionTable(
    id="MON-01",
    title_zh="监测对象类别（脱贫不稳定户、边缘易致贫户、突发严重困难户）",
    title_en="Category of a monitoring subject",
    hit_policy=HitPolicy.FIRST,
    columns=(Column.flags("in_range"), Column.flags("lifted"), Column.flags("sudden")),
    rows=(
        Row("not-in-range", {"in_range": one_of(False)}, None),
        Row("unstable-lifted", {"lifted": one_of(True)}, MonitoringCategory.UNSTABLE_LIFTED),
        Row("sudden-hardship", {"sudden": one_of(True)}, MonitoringCategory.SUDDEN_HARDSHIP),
        Row("marginal", {}, MonitoringCategory.MARGINAL),
    ),
    citations=(Citation("Ch3 §3 fn", "即：脱贫不稳定户、边缘易致贫户、突发严重困难户"),),
)
#: The table's answer for each of its eight inputs ``(in_range, lifted, sudden)``, read once.
_CATEGORY_OF: Final[Mapping[tuple[bool, bool, bool], MonitoringCategory | None]] = (
    MappingProxyType({
        (i, lifted, sudden): CATEGORY_TABLE.evaluate(
            {"in_range": i, "lifted": lifted, "sudden": sudden})[0]
        for i in (True, False) for lifted in (True, False) for sudden in (True, False)}))


# --------------------------------------------------------------------------- the decision


@attrs.frozen
class Because:
    """Why a :class:`MonitoringDecision` is what it is: the IDs of the findings behind it.

    ``in_range``: the findings that put the household in range (its economic risks, or
    its gaps with MON-02.near_line), or, when it is not in range, the economic findings
    that kept it out (undecided: the screened findings with insufficient data).
    ``category``: the findings that chose the row ``category_row`` of MON-01's table
    (:data:`CATEGORY_TABLE`): the shocks of a sudden severe hardship, else the findings
    that put the household in range (the table's ``lifted`` column reads the input field
    ``poverty_status``, not a finding). ``measures`` and ``referrals``: for each measure
    of the decision, in order, the findings whose risks it addresses and those of the
    rules that call for it (AST-05's safety net, AST-08's capacity for the layered income
    rows); empty for a measure no finding calls for (AST-09's visits follow the members'
    ``left_behind`` field).
    """

    in_range: tuple[str, ...]
    category: tuple[str, ...]
    category_row: str
    measures: tuple[tuple[str, ...], ...]
    referrals: tuple[tuple[str, ...], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """As JSON (``decision.because``)."""
        return {"in_range": list(self.in_range), "category": list(self.category),
                "category_row": self.category_row,
                "measures": [list(m) for m in self.measures],
                "referrals": [list(m) for m in self.referrals]}

    def render(self, decision: MonitoringDecision, lang: str) -> list[str]:
        """Text lines: the findings behind the range, the category and each measure."""
        zh = lang == "zh"
        sep = "、" if zh else ", "
        none = "无" if zh else "none"
        range_word = ("纳入监测" if decision.in_range is True else
                      "未纳入" if decision.in_range is False else "待定") if zh else (
            "in range" if decision.in_range is True else
            "not in range" if decision.in_range is False else "undecided")
        lines = ["依据（规则）" if zh else "because (rules)",
                 f"  {'监测范围' if zh else 'range'} ({range_word}): "
                 f"{sep.join(self.in_range) or none}"]
        cat = decision.category.label(lang) if decision.category else none
        lines.append(f"  {'类别' if zh else 'category'} {cat} "
                     f"({CATEGORY_TABLE.id} {self.category_row}): "
                     f"{sep.join(self.category) or none}")
        for label, measures, ids in (("帮扶" if zh else "measure", decision.measures,
                                      self.measures),
                                     ("跟进" if zh else "referral", decision.referrals,
                                      self.referrals)):
            for m, why in zip(measures, ids, strict=False):
                name = m.type.label_zh if zh else m.type.label_en
                direct = ("无规则结论，依据输入字段（" if zh else "no finding: the input fields ("
                          ) + sep.join(m.rules) + ("）" if zh else ")")
                lines.append(f"  {label} {name}: {sep.join(why) or direct}")
        return lines


#: MON-01's row for each category (not in range: ``not-in-range``).
_CATEGORY_ROW: Final[Mapping[MonitoringCategory | None, str]] = MappingProxyType({
    None: "not-in-range", MonitoringCategory.UNSTABLE_LIFTED: "unstable-lifted",
    MonitoringCategory.SUDDEN_HARDSHIP: "sudden-hardship",
    MonitoringCategory.MARGINAL: "marginal"})


@attrs.frozen(init=False)
class MonitoringDecision:
    """What the assessment decides for one household (MON-01..04, AST-02).

    ``in_range`` is True (a monitoring subject to include), False (not a
    subject, and no unknown could make it one) or None (undecided for lack of
    data). ``risks`` are the risks found: for a subject, every risk of its plan;
    for any other household, its 两不愁三保障 and water gaps. ``measures`` are
    a subject's assistance plan; ``referrals`` are the sector actions for the
    gaps (and the AST-05 safety net) of a household that is not a subject —
    insure the member, repair the house — which the departments carry out
    whoever has the gap (a subject's are in ``measures``).
    ``insufficient_data`` lists ``(rule id, field path)`` pairs.
    """

    in_range: bool | None
    category: MonitoringCategory | None
    risks: tuple[RiskType, ...]
    measures: tuple[ast.PlannedMeasure, ...]
    plan: ast.PlanKind | None
    dynamic_monitoring: bool | None
    insufficient_data: tuple[tuple[str, str], ...]
    town: str = ""
    village: str = ""
    referrals: tuple[ast.PlannedMeasure, ...] = ()
    #: The findings the decision was derived from (read by :attr:`because`, on demand).
    findings: tuple[Finding, ...] = attrs.field(default=(), eq=False, repr=False)

    def __init__(self, in_range: bool | None, category: MonitoringCategory | None,
                 risks: tuple[RiskType, ...], measures: tuple[ast.PlannedMeasure, ...],
                 plan: ast.PlanKind | None, dynamic_monitoring: bool | None,
                 insufficient_data: tuple[tuple[str, str], ...], town: str = "",
                 village: str = "", referrals: tuple[ast.PlannedMeasure, ...] = (),
                 findings: tuple[Finding, ...] = ()) -> None:
        (set_in_range, set_category, set_risks, set_measures, set_plan, set_dynamic,
         set_insufficient, set_town, set_village, set_referrals, set_findings) = (
            _DECISION_SETTERS)
        set_in_range(self, in_range)
        set_category(self, category)
        set_risks(self, risks)
        set_measures(self, measures)
        set_plan(self, plan)
        set_dynamic(self, dynamic_monitoring)
        set_insufficient(self, insufficient_data)
        set_town(self, town)
        set_village(self, village)
        set_referrals(self, referrals)
        set_findings(self, findings)

    @property
    def because(self) -> Because:
        """The IDs of the findings behind the range, the category and each measure
        (:class:`Because`), derived on demand from :attr:`findings` (an assessment does
        not pay for it unless it is read)."""
        return _because(self)

    @property
    def include(self) -> bool:
        """Whether the household is to be included as a monitoring subject."""
        return self.in_range is True

    @property
    def measure_types(self) -> frozenset[Any]:
        """The types of the planned measures."""
        return frozenset(m.type for m in self.measures)

    def aspects(self) -> Mapping[str, object]:
        """What an impact diff compares: range, category and the measure types."""
        return {"in_range": self.in_range, "category": self.category,
                "measures": self.measure_types}

    def to_json(self) -> dict[str, Any]:
        """Every value of the decision."""
        # ``_value_``: the member's value without the ``value`` property's call
        return {
            "in_range": self.in_range,
            "include": self.in_range is True,
            "category": self.category._value_ if self.category else None,
            "risks": [r._value_ for r in self.risks],
            "plan": self.plan._value_ if self.plan else None,
            "measures": [m.to_json() for m in self.measures],
            "dynamic_monitoring": self.dynamic_monitoring,
            "insufficient_data": [{"rule": r, "field": f} for r, f in self.insufficient_data],
            "town": self.town,
            "village": self.village,
            "referrals": [m.to_json() for m in self.referrals],
            "because": _because_json(self),
        }

    def summary(self, lang: str) -> str:
        """One line: included or not, category, plan kind, dynamic monitoring."""
        zh = lang == "zh"
        if self.in_range is True:
            parts = ["纳入监测" if zh else "include as monitoring subject"]
            if self.category is not None:
                parts.append(self.category.label(lang))
            if self.plan is not None:
                parts.append(self.plan.label(lang))
        elif self.in_range is False:
            parts = ["未纳入监测范围" if zh else "not in the monitoring range"]
        else:
            parts = ["数据不足，暂不能判断" if zh else "undecided: insufficient data"]
        if self.referrals:
            parts.append(f"行业部门跟进 {len(self.referrals)} 项" if zh
                         else f"{len(self.referrals)} sector referral(s)")
        if self.dynamic_monitoring:
            parts.append("低收入人口动态监测" if zh else "low-income dynamic monitoring")
        return " · ".join(parts)


_DECISION_SETTERS: Final = slot_setters(MonitoringDecision)


# --------------------------------------------------------------------------- assessment

#: The screened findings (MON-02, MON-03, GUA): they decide ``in_range``.
SCREENED: Final = frozenset({
    INCOME_SCREEN.id, EXPENDITURE.id, INCOME_FALL.id, gua.FOOD_CLOTHING.id, gua.EDUCATION.id,
    gua.MEDICAL_INSURANCE.id, gua.HOUSING.id, *(s.id for s in gua.WATER_SPECS)})
_SIMPLE_RISK: Final = {INCOME_SCREEN.id: RiskType.INCOME, INCOME_FALL.id: RiskType.INCOME_FALL,
                       gua.FOOD_CLOTHING.id: RiskType.FOOD_CLOTHING,
                       gua.EDUCATION.id: RiskType.EDUCATION,
                       gua.MEDICAL_INSURANCE.id: RiskType.MEDICAL_INSURANCE,
                       gua.HOUSING.id: RiskType.HOUSING,
                       **{s.id: RiskType.WATER for s in gua.WATER_SPECS},
                       UNEMPLOYMENT.id: RiskType.UNEMPLOYMENT,
                       ast.MOTIVATION.id: RiskType.LACK_OF_MOTIVATION}
_DYNAMIC_ID: Final = DYNAMIC_MONITORING.id
_MEMBERS_OF: Final = {gua.EDUCATION.id: RiskType.EDUCATION,
                      gua.MEDICAL_INSURANCE.id: RiskType.MEDICAL_INSURANCE,
                      UNEMPLOYMENT.id: RiskType.UNEMPLOYMENT}
#: The rules of :meth:`MonitoringAssessor._findings`, in the order it returns their
#: findings; the positions below are derived from it (the hot path reads by position).
FINDING_ORDER: Final[tuple[RuleSpec, ...]] = (
    INCOME_SCREEN, NEAR_LINE, EXPENDITURE, INCOME_FALL, gua.FOOD_CLOTHING, gua.EDUCATION,
    gua.MEDICAL_INSURANCE, gua.HOUSING, *gua.WATER_SPECS, UNEMPLOYMENT, ast.CAUSES,
    ast.MOTIVATION, DYNAMIC_MONITORING, ast.CAPACITY, ast.SAFETY_NET)
#: The screened findings' IDs in finding order.
SCREENED_ORDER: Final = tuple(s.id for s in FINDING_ORDER if s.id in SCREENED)
_INCOME_AT: Final = FINDING_ORDER.index(INCOME_SCREEN)
_NEAR_AT: Final = FINDING_ORDER.index(NEAR_LINE)
_EXPENDITURE_AT: Final = FINDING_ORDER.index(EXPENDITURE)
_FALL_AT: Final = FINDING_ORDER.index(INCOME_FALL)
#: The gap findings (两不愁三保障 and water) by position, with their risk.
_GAPS_AT: Final = tuple((FINDING_ORDER.index(spec), risk) for spec, risk in (
    (gua.FOOD_CLOTHING, RiskType.FOOD_CLOTHING), (gua.EDUCATION, RiskType.EDUCATION),
    (gua.MEDICAL_INSURANCE, RiskType.MEDICAL_INSURANCE), (gua.HOUSING, RiskType.HOUSING),
    *((spec, RiskType.WATER) for spec in gua.WATER_SPECS)))
#: The positions of the screened findings that name members (GUA-02, GUA-03), and of the
#: cause findings (MON-05, AST-04, AST-06, AST-08, AST-05) and MON-04.
_MEMBERS_AT: Final = ((FINDING_ORDER.index(gua.EDUCATION), RiskType.EDUCATION),
                      (FINDING_ORDER.index(gua.MEDICAL_INSURANCE), RiskType.MEDICAL_INSURANCE))
_CAUSES_AT: Final = tuple(FINDING_ORDER.index(s) for s in (
    UNEMPLOYMENT, ast.CAUSES, ast.MOTIVATION, ast.CAPACITY, ast.SAFETY_NET))
#: What :meth:`MonitoringAssessor._plan` reads of each cause finding: its position, whether
#: it is AST-04 (its causes are risks), the risk its YES adds (or None) and the risk whose
#: members it names (or None); derived from :data:`_SIMPLE_RISK` and :data:`_MEMBERS_OF`.
_CAUSE_STEPS: Final[tuple[tuple[int, bool, RiskType | None, RiskType | None], ...]] = tuple(
    (at, FINDING_ORDER[at].id == ast.CAUSES.id, _SIMPLE_RISK.get(FINDING_ORDER[at].id),
     _MEMBERS_OF.get(FINDING_ORDER[at].id)) for at in _CAUSES_AT)
_DYNAMIC_AT: Final = FINDING_ORDER.index(DYNAMIC_MONITORING)
#: The layout :meth:`MonitoringAssessor.__call__` reads the screened findings by: MON-02,
#: MON-02.near_line, MON-03 and MON-03.income_fall at 0-3, the gaps right after them.
_SCREEN_LAYOUT: Final = (_INCOME_AT, _NEAR_AT, _EXPENDITURE_AT, _FALL_AT,
                         *(at for at, _ in _GAPS_AT))
if tuple(range(len(_SCREEN_LAYOUT))) != _SCREEN_LAYOUT:  # pragma: no cover - a layout change
    raise AssertionError(f"the screened findings moved: {_SCREEN_LAYOUT}")
_NET_AT: Final = FINDING_ORDER.index(ast.SAFETY_NET)
_SHOCKS: Final = frozenset({RiskType.EXPENDITURE_MEDICAL, RiskType.EXPENDITURE_EDUCATION,
                            RiskType.EXPENDITURE_DISASTER, RiskType.EXPENDITURE_ACCIDENT,
                            RiskType.INCOME_FALL})


_ECONOMIC: Final = frozenset({RiskType.INCOME, RiskType.INCOME_FALL, *_EXPENDITURE_RISK.values()})
_GAP_RISKS: Final = frozenset(risk for _, risk in _GAPS_AT)
_LAYERED: Final = frozenset({RiskType.INCOME, RiskType.INCOME_FALL})
#: The rules whose measures are a member's safety net (AST-05's choice, on AST-08's capacity).
_NET_RULES: Final = frozenset({"AST-05", "AST-07"})


_ECONOMIC_IDS: Final = (INCOME_SCREEN.id, EXPENDITURE.id, INCOME_FALL.id)
_FINDING_IDS: Final = tuple(spec.id for spec in FINDING_ORDER)
_FINDING_ID_SET: Final = frozenset(_FINDING_IDS)
_OUT_OF_RANGE: Final = Because(_ECONOMIC_IDS, _ECONOMIC_IDS, "not-in-range", ())
_OUT_OF_RANGE_BAND: Final = Because((*_ECONOMIC_IDS, NEAR_LINE.id),
                                    (*_ECONOMIC_IDS, NEAR_LINE.id), "not-in-range", ())
#: The findings an undecided range names, in order (those with insufficient data).
_UNDECIDED_ORDER: Final = (*SCREENED_ORDER, NEAR_LINE.id)


def _because(d: MonitoringDecision) -> Because:
    """:attr:`MonitoringDecision.because` (see :class:`Because`)."""
    if d.in_range is False and not d.referrals and len(d.findings) == len(FINDING_ORDER):
        # The common case, an assessment's household out of range with nothing to refer:
        # the economic findings that were judged (and the band, when a gap was found).
        return _OUT_OF_RANGE_BAND if d.risks else _OUT_OF_RANGE
    if d.in_range is None and not d.measures and not d.referrals and (
            d.category is not MonitoringCategory.SUDDEN_HARDSHIP):
        # Undecided with nothing to plan or refer (the commonest case after the first):
        # the screened findings with insufficient data, for the range and the category.
        undecided = {r for r, _ in d.insufficient_data}
        ids = tuple(i for i in _UNDECIDED_ORDER if i in undecided)
        return Because(ids, ids, _CATEGORY_ROW[d.category], (), ())
    yes = _YES
    findings = d.findings
    by: Collection[str]  # the IDs of the findings
    held: dict[str, Finding]  # the findings that hold (YES), first of each ID
    expenditure: Finding | None
    if len(findings) == len(FINDING_ORDER) and findings[0].spec is INCOME_SCREEN:
        by = _FINDING_ID_SET  # an assessment's, in order
        held = {rid: f for rid, f in zip(_FINDING_IDS, findings, strict=True)
                if f[1] is yes}
        expenditure = findings[_EXPENDITURE_AT]
    else:
        first: dict[str, Finding] = {}
        held = {}
        for f in findings:
            rid = f.spec.id
            if rid not in first:
                first[rid] = f
                if f.outcome is yes:
                    held[rid] = f
        by = first
        expenditure = first.get(EXPENDITURE.id)

    def holds(rule_id: str) -> bool:
        return rule_id in held

    gate = expenditure is None or expenditure.spec is not EXPENDITURE_RATIO
    risk_ids: dict[RiskType, tuple[str, ...]] = {}
    for rule_id, f in held.items():
        risk = _SIMPLE_RISK.get(rule_id)
        if risk is not None:
            risk_ids[risk] = (*risk_ids.get(risk, ()), rule_id)
        elif rule_id == EXPENDITURE.id:
            kinds: Any = f.values.get("kinds", ())
            for k in kinds:
                risk_ids[_EXPENDITURE_RISK[k]] = (rule_id,)
        elif rule_id == ast.CAUSES.id:
            found: Any = f.values.get("causes", ())
            for r in found:
                risk_ids.setdefault(r, (rule_id,))
    if RiskType.INCOME_FALL in risk_ids and gate and holds(NEAR_LINE.id):
        risk_ids[RiskType.INCOME_FALL] += (NEAR_LINE.id,)

    def ids_of(risks: Iterable[RiskType]) -> tuple[str, ...]:
        out: list[str] = []
        for r in risks:
            ids = risk_ids.get(r)
            if ids:
                out += ids
        return tuple(dict.fromkeys(out)) if len(out) > 1 else tuple(out)

    economic = [r for r in d.risks if r in _ECONOMIC]
    if d.in_range is True:
        in_range = ids_of(economic) if economic else (
            *ids_of(r for r in d.risks if r in _GAP_RISKS),
            *((NEAR_LINE.id,) if gate and holds(NEAR_LINE.id) else ()))
    elif d.in_range is None:
        undecided = {r for r, _ in d.insufficient_data}
        in_range = tuple(i for i in _UNDECIDED_ORDER if i in undecided)
    else:
        in_range = tuple(i for i in (INCOME_SCREEN.id, EXPENDITURE.id, INCOME_FALL.id)
                         if i in by)
        if d.risks and NEAR_LINE.id in by:
            in_range += (NEAR_LINE.id,)
    if d.category is MonitoringCategory.SUDDEN_HARDSHIP:
        shocks = _SHOCKS if gate else _SUDDEN
        category = ids_of(r for r in d.risks if r in shocks)
    else:
        category = in_range

    def measure_ids(m: ast.PlannedMeasure) -> tuple[str, ...]:
        out: list[str] = []
        for risk in m.risks:
            ids = risk_ids.get(risk)
            if ids:
                out += ids
        net = False
        for r in m.rules:
            if r in by and r != causes_id:
                out.append(r)
            if r in _NET_RULES:
                net = True
        if net and net_id in by:  # AST-07's single-person allowance is AST-05's choice
            out.append(net_id)
        if capacity_id in by and (net or not _LAYERED.isdisjoint(m.risks)):
            out.append(capacity_id)
        return tuple(dict.fromkeys(out)) if len(out) > 1 else tuple(out)

    causes_id, net_id, capacity_id = ast.CAUSES.id, ast.SAFETY_NET.id, ast.CAPACITY.id
    return Because(in_range, category, _CATEGORY_ROW[d.category],
                   tuple(measure_ids(m) for m in d.measures),
                   tuple(measure_ids(m) for m in d.referrals))


#: For each position of :data:`FINDING_ORDER`: the finding's ID, its risk when it holds
#: (:data:`_SIMPLE_RISK`) and otherwise what it adds to :func:`_because`'s IDs by risk
#: (1: MON-03's kinds, 2: AST-04's causes, 0: nothing), read by :func:`_because_json`.
_BECAUSE_AT: Final = tuple(
    (rid, _SIMPLE_RISK.get(rid), 1 if rid == EXPENDITURE.id else 2 if rid == ast.CAUSES.id
     else 0) for rid in _FINDING_IDS)
if len(_FINDING_ID_SET) != len(_FINDING_IDS):  # pragma: no cover - a catalog change
    raise AssertionError("two findings of an assessment share an ID")
_N_FINDINGS: Final = len(FINDING_ORDER)
_OUT_OF_RANGE_BAND_IDS: Final = (*_ECONOMIC_IDS, NEAR_LINE.id)
_NEAR_ID: Final = NEAR_LINE.id
_CAUSES_ID: Final = ast.CAUSES.id
_NET_ID: Final = ast.SAFETY_NET.id
_CAPACITY_ID: Final = ast.CAPACITY.id
_SUDDEN_HARDSHIP: Final = MonitoringCategory.SUDDEN_HARDSHIP


def _ids_of(risks: Iterable[RiskType], kinds: Collection[RiskType],
           risk_ids: Mapping[RiskType, list[str]]) -> list[str]:
    """The IDs of the findings behind each of ``risks`` that is one of ``kinds``, in order,
    each once (a fresh list)."""
    out: list[str] = []
    for r in risks:
        if r in kinds:
            ids = risk_ids.get(r)
            if ids:
                out += ids
    return list(dict.fromkeys(out)) if len(out) > 1 else out


def _because_json(d: MonitoringDecision) -> dict[str, Any]:
    """``_because(d).to_json()``, the same JSON, with less work per decision: what
    :meth:`MonitoringDecision.to_json` writes as ``because`` (the batch writes it for every
    household).

    Why not :func:`_because` itself: it builds the :class:`Because` of tuples (which
    ``to_json`` turns into lists again) through closures, a dict of the findings that hold
    and a look-up by ID for each; here the findings of an assessment (in
    :data:`FINDING_ORDER`) are read once by position with the table :data:`_BECAUSE_AT`
    and the lists are built directly. Any other decision (findings given in another
    order, or none) is :func:`_because`'s. ``tests/test_assessment_paths.py`` checks the two
    agree on generated households and on hand-built decisions.
    """
    findings = d.findings
    in_range_flag = d.in_range
    if in_range_flag is False and not d.referrals and len(findings) == _N_FINDINGS:
        judged = _OUT_OF_RANGE_BAND_IDS if d.risks else _ECONOMIC_IDS
        return {"in_range": list(judged), "category": list(judged),
                "category_row": "not-in-range",
                "measures": [], "referrals": []}
    category_value = d.category
    if in_range_flag is None and not d.measures and not d.referrals and (
            category_value is not _SUDDEN_HARDSHIP):
        undecided = {r for r, _ in d.insufficient_data}
        listed = [i for i in _UNDECIDED_ORDER if i in undecided]
        return {"in_range": listed, "category": listed[:],
                "category_row": _CATEGORY_ROW[category_value], "measures": [],
                "referrals": []}
    if len(findings) != _N_FINDINGS or findings[0][0] is not INCOME_SCREEN:
        return _because(d).to_json()
    yes = _YES
    # The IDs of the findings that hold, by the risk they show (as _because's risk_ids).
    risk_ids: dict[Any, list[str]] = {}
    for (rid, risk, special), f in zip(_BECAUSE_AT, findings, strict=True):
        if f[1] is not yes:
            continue
        if risk is not None:
            if risk in risk_ids:
                risk_ids[risk].append(rid)
            else:
                risk_ids[risk] = [rid]
        elif special == 1:  # MON-03: each kind's risk
            kinds: Any = f[2].get("kinds", ())
            for k in kinds:
                risk_ids[_EXPENDITURE_RISK[k]] = [rid]
        elif special == 2:  # AST-04: each cause, unless a finding before named it
            found: Any = f[2].get("causes", ())
            for r in found:
                if r not in risk_ids:
                    risk_ids[r] = [rid]
    gate = findings[_EXPENDITURE_AT][0] is not EXPENDITURE_RATIO
    near_holds = findings[_NEAR_AT][1] is yes
    if gate and near_holds and _FALL_RISK in risk_ids:
        risk_ids[_FALL_RISK].append(_NEAR_ID)
    risks = d.risks
    if in_range_flag is True:
        if any(r in _ECONOMIC for r in risks):
            in_range = _ids_of(risks, _ECONOMIC, risk_ids)
        else:
            in_range = _ids_of(risks, _GAP_RISKS, risk_ids)
            if gate and near_holds:
                in_range.append(_NEAR_ID)
    elif in_range_flag is None:
        undecided = {r for r, _ in d.insufficient_data}
        in_range = [i for i in _UNDECIDED_ORDER if i in undecided]
    else:
        in_range = list(_OUT_OF_RANGE_BAND_IDS if risks else _ECONOMIC_IDS)
    if category_value is _SUDDEN_HARDSHIP:
        category = _ids_of(risks, _SHOCKS if gate else _SUDDEN, risk_ids)
    else:
        category = in_range[:]
    get = risk_ids.get
    every = (d.measures, d.referrals)
    lists: list[list[list[str]]] = [[], []]
    for measures, into in zip(every, lists, strict=True):
        for m in measures:
            out = []
            m_risks = m.risks
            for risk in m_risks:
                ids = get(risk)
                if ids:
                    out += ids
            net = False
            for r in m.rules:  # every finding ID is an assessment's
                if r in _FINDING_ID_SET and r != _CAUSES_ID:
                    out.append(r)
                if r in _NET_RULES:
                    net = True
            if net:
                out.append(_NET_ID)
                out.append(_CAPACITY_ID)
            elif not _LAYERED.isdisjoint(m_risks):
                out.append(_CAPACITY_ID)
            into.append(list(dict.fromkeys(out)) if len(out) > 1 else out)
    return {"in_range": in_range, "category": category,
            "category_row": _CATEGORY_ROW[category_value], "measures": lists[0],
            "referrals": lists[1]}


@attrs.frozen
class MonitoringAssessor:
    """Assesses households with one parameter set on one date, reading parameters once.

    ``MonitoringAssessor.of(params, on)(household)`` equals
    ``assess_household(household, params, on)``; over a batch the assessor
    saves re-reading the parameters for every household.
    """

    params: ParameterSet
    on: dt.date
    resolved: MonitoringParams
    provenance: Provenance
    #: Warnings about the parameter values in force (the same for every household: shown
    #: once per run by the command line and the batch summary).
    notices: tuple[Notice, ...]
    #: What the income screen reads (read once, with the other parameters).
    _income: _Screen = attrs.field(init=False, repr=False, eq=False)
    #: The place registry a household's town and village are checked against.
    places: PlaceLookup | None = attrs.field(default=None, kw_only=True)
    #: The converter of :attr:`_digest_converter`, built on the first digest. (Not a
    #: ``functools.cached_property``: on a slotted class attrs implements one with a
    #: ``__getattr__``, which makes every attribute read of the assessor slower.)
    _converter: cattrs.Converter | None = attrs.field(init=False, default=None, eq=False,
                                                      repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_income", self.params.resolved(_screen, self.on))

    @classmethod
    def of(cls, params: ParameterSet, on: dt.date, *,
           places: PlaceLookup | None = None) -> MonitoringAssessor:
        """An assessor for ``params`` on ``on``; households' places are checked against
        ``places`` (by default the plan's own registry, the packaged ``places.toml``)."""
        mp = resolve(params, on)
        values = (params.get("monitoring.per_capita_rounding", on),
                  *(v for v in attrs.astuple(mp, recurse=False)
                    if isinstance(v, ParameterValue)),
                  *(v for v in attrs.astuple(mp.guarantees, recurse=False)
                    if isinstance(v, ParameterValue)))
        probe = finding(INCOME_SCREEN, Outcome.NOT_APPLICABLE, {}, values, ())
        return cls(params, on, mp, Provenance.of(params, on, ""),
                   (*line_notices(params, on), *stale_parameter_notices((probe,), params, on)),
                   places=places if places is not None else place_data.wansheng_registry())

    @property
    def _digest_converter(self) -> cattrs.Converter:
        """The public converter that input digests use (built on the first digest)."""
        conv = self._converter
        if conv is None:
            conv = make_converter(public=True)
            object.__setattr__(self, "_converter", conv)
        return conv

    def input_sha256(self, h: Household) -> str:
        """The provenance digest of ``h`` (:func:`~revitalize.serialization.input_sha256`)."""
        return input_sha256(h, converter=self._digest_converter)

    def findings(self, h: Household) -> tuple[Finding, ...]:
        """Every finding of the assessment, in order (see the module doc)."""
        mp = self.resolved
        return self._findings(h, ast._profile(h, mp.adult_by, mp.work_by, mp.majority,
                                              mp.working_age, mp.profile_used))

    def _findings(self, h: Household, profile: ast.CapacityProfile) -> tuple[Finding, ...]:
        mp = self.resolved
        gp = mp.guarantees
        screen = _screen_finding(h, self._income)
        near = _check_near_line(mp, screen)
        known = _no_stable(mp, screen, near)
        return (
            screen,
            near,
            _check_expenditure(h, mp, screen),
            _check_income_fall(h, mp, near),
            gua.check_food_clothing(h),
            gua._education(h, mp.school_born, gp, mp._school_values),
            gua.check_medical_insurance(h),
            gua.check_housing(h, gp),
            gua._check_quantity(h, gp), gua._check_quality(h), gua._check_access(h, gp),
            gua._check_reliability(h, gp),  # GUA-06 (gua.check_water's four, called directly)
            _check_unemployment(h, profile),
            ast.cause_finding(h),
            ast.motivation_finding(h),
            _check_dynamic(h, mp),
            ast.capacity_finding(profile),
            ast.safety_net_finding(h, profile, known, mp.stable_income_test, mp.net_used,
                                   screen.missing),
        )

    def __call__(self, h: Household, input_sha256: str | Callable[[], str] | None = None,
                 ) -> Assessment[MonitoringDecision]:
        """Assess one household (an input it cannot be assessed with — a member born after
        the date, an unknown town — raises :class:`~revitalize.errors.InvalidInputError`).

        ``input_sha256``: the provenance digest of ``h``, or a function that computes it
        on first access (a reader that kept the JSON value ``h`` was read from hashes
        that, see :mod:`revitalize.batch`); by default it is computed from ``h`` on
        first access.
        """
        on = self.on
        check_household(h, on, self.places)
        mp = self.resolved
        profile = ast._profile(h, mp.adult_by, mp.work_by, mp.majority, mp.working_age,
                               mp.profile_used)
        findings = self._findings(h, profile)
        yes, no, insufficient = _YES, _NO, _UNKNOWN
        # The economic risks (MON-02, MON-03, MON-03.income_fall) and the gaps (GUA), and the
        # fields these findings miss, in finding order: MON-02, MON-02.near_line, MON-03,
        # MON-03.income_fall, then the gaps (the layout :data:`_SCREEN_LAYOUT` checks).
        missing: list[tuple[str, str]] = []
        economic: set[RiskType] = set()
        economic_unknown = False
        screen, near_f, expenditure, fall_f = findings[0], findings[1], findings[2], findings[3]
        income = screen.outcome
        if income is yes:
            economic.add(_INCOME_RISK)
        elif income is insufficient:
            economic_unknown = True
            rid = screen.spec.id
            for p in screen.missing:
                missing.append((rid, p))
        near = near_f.outcome
        if near is insufficient:
            rid = near_f.spec.id
            for p in near_f.missing:
                missing.append((rid, p))
        outcome = expenditure.outcome
        if outcome is yes:
            kinds: Any = expenditure.values["kinds"]
            for k in kinds:
                economic.add(_EXPENDITURE_RISK[k])
        elif outcome is insufficient:
            economic_unknown = True
            rid = expenditure.spec.id
            for p in expenditure.missing:
                missing.append((rid, p))
        fall = fall_f.outcome  # under the gate, yes only inside the band
        gate = mp.gate
        if fall is yes:
            economic.add(_FALL_RISK)
        elif fall is insufficient:
            if near is not no or not gate:
                economic_unknown = True
            rid = fall_f.spec.id
            for p in fall_f.missing:
                missing.append((rid, p))
        gaps: set[RiskType] = set()
        gaps_unknown = False
        for at, risk in _GAPS_AT:
            f = findings[at]
            outcome = f.outcome
            if outcome is yes:
                gaps.add(risk)
            elif outcome is insufficient:
                gaps_unknown = True
                rid = f.spec.id
                for p in f.missing:
                    missing.append((rid, p))
        if not gate:  # any_item: any screened item is inclusion
            in_range: bool | None = True if economic or gaps else (
                None if economic_unknown or gaps_unknown else False)
        elif economic or (gaps and near is yes):
            in_range = True
        elif economic_unknown or (near is insufficient and (gaps or gaps_unknown)) or (
                near is yes and gaps_unknown):
            in_range = None
        else:
            in_range = False
        dynamic_f = findings[_DYNAMIC_AT]
        outcome = dynamic_f.outcome
        dynamic: bool | None = None
        if outcome is yes:
            dynamic = True
        elif outcome is insufficient:
            rid = dynamic_f.spec.id
            for p in dynamic_f.missing:
                missing.append((rid, p))
        else:
            dynamic = False
        lifted = h.poverty_status is not _NEVER_REGISTERED
        referrals: tuple[ast.PlannedMeasure, ...] = ()
        if in_range:
            risks, measures = self._plan(h, profile, findings, economic | gaps, missing)
            if gate:  # a shock, not income alone, makes sudden severe hardship
                sudden = _INCOME_RISK not in economic and not _SHOCKS.isdisjoint(economic)
            else:
                sudden = not _SUDDEN.isdisjoint(risks)
            category = _CATEGORY_OF[(True, lifted, sudden)]
            plan = ast.plan_kind(risks)
        else:
            risks = (tuple(gaps) if len(gaps) < 2 else
                     tuple(sorted(gaps, key=_RISK_ORDER.__getitem__)))
            measures = ()
            category = _CATEGORY_OF[(False, lifted, False)]
            plan = None
            if gaps or findings[_NET_AT].outcome is not no:
                referrals = self._referrals(h, profile, findings, risks, missing)
        # Built by the classes' own __init__ (slots set directly, no validators: trusted).
        d = MonitoringDecision(in_range, category, risks, measures, plan, dynamic,
                               tuple(missing), h.town, h.village, referrals, findings)
        b = self.provenance
        prov = Provenance(b.library_version, b.parameter_fingerprint, b.parameter_set,
                          b.reform, on, functools.partial(self.input_sha256, h)
                          if input_sha256 is None else input_sha256)
        return Assessment(h.id, on, findings, d, self.notices, prov)

    def _members(self, findings: tuple[Finding, ...]) -> dict[RiskType, tuple[str, ...]]:
        """The members GUA-02 and GUA-03 name, by risk."""
        members: dict[RiskType, tuple[str, ...]] = {}
        for at, risk in _MEMBERS_AT:
            f = findings[at]
            if f.outcome is _YES:
                ids: Any = f.values["members"]
                members[risk] = ids
        return members

    def _safety_net(self, h: Household, profile: ast.CapacityProfile,
                    findings: tuple[Finding, ...]) -> ast.SafetyNetChoice:
        """AST-05's choice of safety nets (none unless the household has no stable income)."""
        if findings[_NET_AT].outcome is _NO:
            return ast.NO_SAFETY_NET
        known = _no_stable(self.resolved, findings[_INCOME_AT], findings[_NEAR_AT])
        return ast.safety_net_choice(h, profile, known)

    def _plan(self, h: Household, profile: ast.CapacityProfile, findings: tuple[Finding, ...],
              screened: set[RiskType], missing: list[tuple[str, str]],
              ) -> tuple[tuple[RiskType, ...], tuple[ast.PlannedMeasure, ...]]:
        """The risks and measures of a household in range (its cause findings read here;
        the missing fields of the cause findings are appended to ``missing``). ``screened``
        (the caller's own new set) takes on the causes."""
        on, mp = self.on, self.resolved
        yes, insufficient = _YES, _UNKNOWN
        every = screened  # the caller's set, not read after this call
        members = self._members(findings)
        # The cause findings by their fixed position (:data:`_CAUSE_STEPS`): the risk a YES
        # adds (AST-04: its causes), the members it names.
        for at, is_causes, risk, named in _CAUSE_STEPS:
            f = findings[at]
            outcome = f.outcome
            if outcome is yes:
                if is_causes:  # AST-04
                    found: Any = f.values["causes"]
                    every.update(found)
                elif risk is not None:
                    every.add(risk)
                if named is not None:
                    ids: Any = f.values["members"]
                    members[named] = ids
            elif outcome is insufficient:
                rid = f.spec.id
                for p in f.missing:
                    missing.append((rid, p))
        risks = (tuple(every) if len(every) < 2 else
                 tuple(sorted(every, key=_RISK_ORDER.__getitem__)))
        physical = _OUT_PHYSICAL
        teaching: tuple[str, ...] = ()
        for m in h.members:  # a loop, not any() over a generator
            if m.school_status is physical:
                teaching = tuple(
                    m.id for _, m in gua.compulsory_age_members(h, on, mp.guarantees.school_year)
                    if m.school_status is physical)
                break
        visits = _visit_ids(h, on, mp)
        return risks, ast.plan_measures(risks, profile, members, home_teaching=teaching,
                                        visits=visits,
                                        safety_net=self._safety_net(h, profile, findings))

    def _referrals(self, h: Household, profile: ast.CapacityProfile,
                   findings: tuple[Finding, ...], gaps: tuple[RiskType, ...],
                   missing: list[tuple[str, str]]) -> tuple[ast.PlannedMeasure, ...]:
        """The sector actions for the gaps (and the AST-05 safety net) of a household that is
        not a monitoring subject: AST-01's rows for the gaps, naming their members. The
        fields AST-05 needs and lacks are appended to ``missing``."""
        choice = self._safety_net(h, profile, findings)
        rid = ast.SAFETY_NET.id
        for p in choice.missing:
            missing.append((rid, p))
        if not gaps and not choice.members:
            return ()
        return ast.plan_measures(gaps, profile, self._members(findings), safety_net=choice)


def _visit_ids(h: Household, on: dt.date, mp: MonitoringParams) -> tuple[str, ...]:
    """The members on AST-09's priority visit list (the groups of :func:`ast.visit_priority`
    that :attr:`~revitalize.policy.assistance.VisitGroup.priority` names)."""
    elderly = mp.elderly.value
    assert isinstance(elderly, int)
    woman = _WOMAN
    out = []
    for m in h.members:
        group = ast._LEFT.get(m.left_behind)
        if group is None:
            if m.safety_net is _EXTREME_POVERTY and (
                    m.birth_date <= on and m.age_on(on) >= elderly):
                out.append(m.id)  # scattered extreme-poverty elderly
        elif group is not woman:
            out.append(m.id)
    return tuple(out)


def _assessor(params: ParameterSet, on: dt.date) -> MonitoringAssessor:
    """The resolver :func:`assess_household` keeps on the parameter set (one per date)."""
    return MonitoringAssessor.of(params, on)


def assess_household(household: Household, params: ParameterSet,
                     on: dt.date) -> Assessment[MonitoringDecision]:
    """Assess ``household`` on ``on`` with ``params`` (MON-01..05, GUA, AST).

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from revitalize.models import Household, Member, PovertyStatus
    >>> from revitalize.policy.parameters import default_parameters
    >>> h = Household(id="H-1", town="丛林镇", village="海孔村",
    ...               poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2019,
    ...               members=(Member(id="M1", birth_date=dt.date(1970, 5, 1)),),
    ...               annual_net_income=Decimal("5999.99"))
    >>> a = assess_household(h, default_parameters(), dt.date(2021, 6, 1))
    >>> a.decision.in_range, a.decision.category.value, a.decision.risks[0].value
    (True, 'unstable_lifted', 'income')
    """
    return params.resolved(_assessor, on)(household)


def run_notices(params: ParameterSet, on: dt.date) -> tuple[Notice, ...]:
    """The warnings every assessment with ``params`` on ``on`` carries (a stale monitoring
    line): the run's, which batch summaries and the command line show once
    (:attr:`MonitoringAssessor.notices`, read from the assessor kept on ``params``)."""
    return params.resolved(_assessor, on).notices


def assess_households(households: Iterable[Household], params: ParameterSet,
                      on: dt.date) -> Iterator[Assessment[MonitoringDecision]]:
    """Assess each household lazily with parameters read once."""
    assessor = MonitoringAssessor.of(params, on)
    for h in households:
        yield assessor(h)


# --------------------------------------------------------------------------- text


def _finding_lines(f: Finding, lang: str, indent: str) -> list[str]:
    zh = lang == "zh"
    lines = [f"{indent}{f.reason(lang)}"]
    for v in f.used:
        lines.append(indent + used_value_line(v.name, v.value, v.start, v.is_assumption, lang))
    for c in f.spec.citations:
        lines.append(f"{indent}{'依据' if zh else 'per'} {c.render(lang)}  {f.spec.id}")
    return lines


def render_assessment(a: Assessment[MonitoringDecision], lang: str = "zh", *,
                      notices: bool = True) -> str:
    """The assessment as text, by status: decision; the problems (risks) with the values
    compared, the parameters and the plan's words behind them; what is undecided
    (insufficient data); the measures with their departments (or the sector referrals of
    a household that is not a subject, with why it is not one); dynamic monitoring (info);
    warnings and what it takes to reproduce the result.

    ``notices=False`` leaves the warnings out (a caller that prints the run's warnings
    once, as the command line does)."""
    zh = lang == "zh"
    d = a.decision
    place = f"（{d.town}{d.village}）" if zh else f" ({d.town} {d.village})"
    lines = [f"{'户' if zh else 'household'} {a.subject_id}{place}  "
             f"{'评估日期' if zh else 'on'} {a.on.isoformat()}  "
             f"{'结论：' if zh else 'decision: '}{d.summary(lang)}"]
    risky = [f for f in a.findings if f.status is Status.PROBLEM
             and (f.spec.id in SCREENED or (d.in_range and f.spec.id in _CAUSE_RULES))]
    if risky:
        lines.append("问题：风险" if zh else "problems: risks")
        for i, f in enumerate(risky, start=1):
            lines.append(f"  {i} {f.spec.title(lang)}")
            lines.extend(_finding_lines(f, lang, "      "))
    if d.insufficient_data:
        lines.append("待定：数据不足" if zh else "undecided: insufficient data")
        shown: set[str] = set()
        for rule_id, _ in d.insufficient_data:
            if rule_id in shown:
                continue
            shown.add(rule_id)
            lines.append(f"  - {a.finding(rule_id).reason(lang)}  {rule_id}")
    if d.measures:
        plan = f"（{d.plan.label(lang)}）" if zh and d.plan else (
            f" ({d.plan.label(lang)})" if d.plan else "")
        lines.append(f"{'帮扶' if zh else 'measures'}{plan}")
        lines.extend(f"  {i} {m.render(lang)}" for i, m in enumerate(d.measures, start=1))
    if d.referrals:
        lines.append("行业部门跟进（未纳入监测对象）" if zh
                     else "sector referrals (not a monitoring subject)")
        lines.extend(f"  {i} {m.render(lang)}" for i, m in enumerate(d.referrals, start=1))
    if d.findings:
        lines.extend(d.because.render(d, lang))
    if d.in_range is not True and risky and NEAR_LINE.id in {f.spec.id for f in a.findings}:
        lines.append("监测范围" if zh else "monitoring range")
        lines.extend(_finding_lines(a.finding(NEAR_LINE.id), lang, "  "))
    if d.dynamic_monitoring:
        f = a.finding(DYNAMIC_MONITORING.id)
        lines.append("信息：动态监测" if zh else "info: dynamic monitoring")
        lines.extend(_finding_lines(f, lang, "  "))
    if notices and a.notices:
        lines.append("提示" if zh else "warnings")
        lines.extend(f"  - {n.message(lang)}" for n in a.notices)
    lines.append(a.provenance.render(lang))
    return "\n".join(lines)


_CAUSE_RULES: Final = frozenset({UNEMPLOYMENT.id, ast.CAUSES.id, ast.MOTIVATION.id})

RULES: tuple[Rule[Any], ...] = (
    Rule(NEAR_LINE, near_line),
    Rule(EXPENDITURE, expenditure_risk),
    Rule(INCOME_FALL, income_fall_risk),
    Rule(DYNAMIC_MONITORING, dynamic_monitoring),
    Rule(UNEMPLOYMENT, unemployment_risk),
)
TABLES: tuple[DecisionTable[Any], ...] = (CATEGORY_TABLE,)
CITATIONS: tuple[tuple[str, Citation], ...] = ()
