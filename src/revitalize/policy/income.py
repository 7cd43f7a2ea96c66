"""MON-02: the income screen and the monitoring line.

The monitoring line is ``poverty_standard × multiplier`` unless a dated
``monitoring.monitoring_line`` is set; a set line may never fall below
``poverty_standard × floor_multiplier`` (the plan's 底线, checked when the
parameters are loaded or reformed). The line applied is the one in force on
the evaluation date.

Per-capita income is the household's annual net income divided by the
members who count for income (the register adjusted for co-residence,
local practice). How it meets the line is the parameter
``monitoring.per_capita_rounding``:

- ``exact`` (default): the exact quotient is compared, computed without
  division as ``income < line × members``, so 5,999.995 per head is below
  6,000;
- ``fen``: the quotient is rounded half-up to the fen first, so 5,999.995
  becomes 6,000.00 and is not below.

Per-capita income exactly at the line is *not* below it.

The line is set each year (``monitoring.monitoring_line``, ``stale_after_months``);
:func:`line_notices` warns when the line in force — a set value, or the product
``poverty_standard × multiplier`` when none is set — started longer ago than that.
The national poverty standard itself is fixed by definition (the campaign-period
standard) and never warns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..money import CONTEXT, format_yuan, to_fen
from .engine import Finding, Notice, Outcome, Polarity, Reason, Rule, RuleSpec
from .engine import _new_tuple as _new  # a finding built in line (see there)
from .parameters import ParameterSet, ParameterValue
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "INCOME_SCREEN",
    "RULES",
    "TABLES",
    "IncomeSubject",
    "LineInForce",
    "income_screen",
    "line_notices",
    "monitoring_line",
]


class IncomeSubject(Protocol):
    """What the income screen reads: a household's income and who counts for it."""

    @property
    def annual_net_income(self) -> Decimal | None:
        """Total annual net income in yuan; None when not assessed."""
        ...

    @property
    def income_member_count(self) -> int:
        """The number of members who count in the household for income."""
        ...


@attrs.frozen
class LineInForce:
    """The monitoring line on a date and the parameter values it comes from."""

    line: Decimal
    used: tuple[ParameterValue, ...]


def monitoring_line(params: ParameterSet, on: dt.date) -> LineInForce:
    """The monitoring line in force on ``on`` (MON-02), computed once per set and date.

    >>> from revitalize.policy.parameters import default_parameters
    >>> monitoring_line(default_parameters(), dt.date(2021, 6, 1)).line
    Decimal('6000.0')
    """
    return params.resolved(_line_in_force, on)


def _line_in_force(params: ParameterSet, on: dt.date) -> LineInForce:
    set_line = params.find("monitoring.monitoring_line", on)
    if set_line is not None and isinstance(set_line.value, Decimal):
        return LineInForce(set_line.value, (set_line,))
    standard = params.get("monitoring.poverty_standard", on)
    multiplier = params.get("monitoring.multiplier", on)
    assert isinstance(standard.value, Decimal) and isinstance(multiplier.value, Decimal)
    return LineInForce(CONTEXT.multiply(standard.value, multiplier.value),
                       (standard, multiplier))


def line_notices(params: ParameterSet, on: dt.date) -> tuple[Notice, ...]:
    """A warning when the monitoring line in force on ``on`` is older than
    ``monitoring.monitoring_line``'s ``stale_after_months`` (the line is set yearly).

    >>> from revitalize.policy.parameters import default_parameters
    >>> line_notices(default_parameters(), dt.date(2022, 1, 1))
    ()
    >>> (n,) = line_notices(default_parameters(), dt.date(2022, 1, 2))
    >>> "monitoring.monitoring_line" in n.message_en
    True
    """
    months = params.parameter("monitoring.monitoring_line").stale_after_months
    if months is None:
        return ()
    line = monitoring_line(params, on)
    start = max(v.start for v in line.used)
    if start + relativedelta(months=months) >= on:
        return ()
    derived = len(line.used) > 1
    how_zh = "国家扶贫标准 × 倍数" if derived else "设定值"
    how_en = "poverty standard × multiplier" if derived else "set value"
    amount = format_yuan(line.line)
    return (Notice(
        "stale_parameter",
        f"监测线 {amount} 元（{how_zh}，自 {start.isoformat()} 起）至 {on.isoformat()} 已超过 "
        f"{months} 个月未更新；请设置当年监测线（参数 monitoring.monitoring_line）。",
        f"the monitoring line of {amount} yuan ({how_en}, from {start.isoformat()}) is more "
        f"than {months} months old on {on.isoformat()}; set this year's line (parameter "
        "monitoring.monitoring_line).",
    ),)


INCOME_SCREEN = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="MON-02",
    reads=("annual_net_income", "members[].counts_for_income"),
    tables=("MON-01", "AST-01"),
    title_zh="家庭人均纯收入低于监测线",
    title_en="Per-capita net income below the monitoring line",
    citations=(Citation("Ch5 §2", "以脱贫攻坚期国家扶贫标准的1.5倍为底线，合理确定全区监测范围"),),
    parameters=("monitoring.poverty_standard", "monitoring.multiplier",
                "monitoring.floor_multiplier", "monitoring.monitoring_line",
                "monitoring.per_capita_rounding"),
    reasons={
        Outcome.YES: Reason(
            "家庭人均纯收入 {per_capita_income:yuan} 元（年纯收入 {annual_net_income:yuan} 元 ÷ "
            "{members} 人），低于监测线 {line:yuan} 元",
            "per-capita net income {per_capita_income:yuan} yuan (annual net income "
            "{annual_net_income:yuan} yuan ÷ {members}) is below the monitoring line "
            "{line:yuan} yuan"),
        Outcome.NO: Reason(
            "家庭人均纯收入 {per_capita_income:yuan} 元（年纯收入 {annual_net_income:yuan} 元 ÷ "
            "{members} 人），不低于监测线 {line:yuan} 元",
            "per-capita net income {per_capita_income:yuan} yuan (annual net income "
            "{annual_net_income:yuan} yuan ÷ {members}) is not below the monitoring line "
            "{line:yuan} yuan"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法与监测线 {line:yuan} 元比较",
            "insufficient data: {missing} not assessed; cannot compare with the monitoring "
            "line {line:yuan} yuan"),
    },
)


# Read on every household's path, so bound once here: on CPython 3.11 reading an enum
# member as a class attribute (``Outcome.YES``) costs several times a module global.
_YES: Final = Outcome.YES
_NO: Final = Outcome.NO
_UNKNOWN: Final = Outcome.INSUFFICIENT_DATA
_div: Final = CONTEXT.divide
_mul: Final = CONTEXT.multiply
#: ``Decimal(n)`` for the member counts households have, made once (``Decimal(int)`` costs
#: several times a tuple index); :func:`_count` falls back to ``Decimal(n)`` beyond them.
_COUNTS: Final = tuple(Decimal(n) for n in range(64))


def _count(n: int) -> Decimal:
    """``Decimal(n)`` (the same value and exponent) for a count ``n >= 0``."""
    return _COUNTS[n] if n < 64 else Decimal(n)


@attrs.frozen
class _Screen:
    """What the income screen reads on a date (resolved once per set and date)."""

    line: LineInForce
    #: The line's parameter values and the rounding parameter.
    used: tuple[ParameterValue, ...]
    #: Whether per-capita income is rounded to the fen before it meets the line.
    fen: bool
    #: ``line × n`` for the member counts of :data:`_COUNTS` (:func:`_multiples`): the
    #: household's income below it is per-capita income below the line, without a
    #: multiplication per household.
    at_line: tuple[Decimal, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "at_line", _multiples(self.line.line))


def _multiples(amount: Decimal) -> tuple[Decimal, ...]:
    """``amount × n`` (``CONTEXT.multiply``, what a rule would compute) for each count
    ``n`` of :data:`_COUNTS`, computed once per parameter set and date."""
    return tuple([_mul(amount, n) for n in _COUNTS])


def _screen(params: ParameterSet, on: dt.date) -> _Screen:
    line = monitoring_line(params, on)
    rounding = params.get("monitoring.per_capita_rounding", on)
    return _Screen(line, (*line.used, rounding), rounding.value == "fen")


def income_screen(subject: IncomeSubject, params: ParameterSet, on: dt.date) -> Finding:
    """MON-02: YES when per-capita net income is below the line in force on ``on``."""
    return _screen_finding(subject, params.resolved(_screen, on))


def _screen_finding(subject: IncomeSubject, screen: _Screen) -> Finding:
    """MON-02 with the line already read (:func:`_screen`, once per set and date)."""
    line = screen.line
    income = subject.annual_net_income
    members = subject.income_member_count
    if income is None or members <= 0:
        missing = "annual_net_income" if income is None else "members[].counts_for_income"
        return _new(Finding, (INCOME_SCREEN, _UNKNOWN,
                              {"line": line.line}, line.used, (missing,), ""))
    count = _COUNTS[members] if members < 64 else Decimal(members)  # members > 0 here
    per_capita = _div(income, count)
    if screen.fen:
        below = to_fen(per_capita) < line.line
    else:
        below = income < (screen.at_line[members] if members < 64 else _mul(line.line, count))
    values: Mapping[str, Any] = {
        "per_capita_income": per_capita,
        "annual_net_income": income,
        "members": members,
        "line": line.line,
    }
    return _new(Finding, (INCOME_SCREEN, _YES if below else _NO, values, screen.used, (), ""))


RULES: tuple[Rule[Any], ...] = (Rule(INCOME_SCREEN, income_screen),)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = ()
