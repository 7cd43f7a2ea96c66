"""GOV-01..10: governance quotas and schedules, checked against a year's records.

Each rule reads a :class:`GovernanceCase` (a year's
:class:`~revitalize.models.governance.GovernanceRecords` and the place
registry) and answers whether the plan's requirement is met; the
:class:`Gap` objects behind the answer (who, where, which period, expected
and found) come from the matching ``*_gaps`` function, and
:func:`check_governance` gathers every finding and gap of a year.

Periods: a calendar year, two half-years (1 January – 30 June, 1 July –
31 December; a meeting on 30 June counts for the first half), and GOV-04's
admission window (rolling: the 2 years that end on the assessment date;
fixed: 2-year periods from the anchor date, the last one that has ended).
Only periods that have ended on the assessment date are judged; a rule with
no ended period is NOT_APPLICABLE. Every threshold is a parameter in
``data/parameters/governance.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.governance import (
    ActivityKind,
    DisclosureKind,
    GovernanceRecords,
    OfficialRole,
    TitleLevel,
    TrainingKind,
    VisitorKind,
    validate_records,
)
from ..models.places import PlaceRef, PlaceRegistry, VillageClass, wansheng_registry
from ..money import CONTEXT
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec, render_findings
from .parameters import ParameterSet, ParameterValue
from .tables import DecisionTable

__all__ = [
    "CITATIONS",
    "RULES",
    "TABLES",
    "Gap",
    "GapKind",
    "GovernanceCase",
    "GovernanceReport",
    "Period",
    "admission_gaps",
    "admission_window",
    "check_governance",
    "check_governance_records",
    "civilized_gaps",
    "contact_structure_gaps",
    "half_years",
    "legal_and_disclosure_gaps",
    "meeting_gaps",
    "pool_and_post_gaps",
    "talent_and_reserve_gaps",
    "three_governance_gaps",
    "training_gaps",
    "visit_gaps",
]

_PERCENT: Final = Decimal(100)  # shares are percentages: count × 100 against share × total


@attrs.frozen
class GovernanceCase:
    """The subject of the GOV rules: a year's records and the place registry."""

    records: GovernanceRecords
    registry: PlaceRegistry


class GapKind(LabelledEnum):
    """What a gap is: a requirement not met, or data needed to judge it that is missing."""

    SHORTFALL = "shortfall", "未达要求"
    MISSING = "missing", "数据缺失"


@attrs.frozen
class Gap:
    """One requirement not met (or not judgeable) for one subject in one period."""

    rule_id: str
    subject: str
    period: str
    what_zh: str
    what_en: str
    expected: object
    found: object
    kind: GapKind = GapKind.SHORTFALL

    def describe(self, lang: str = "zh") -> str:
        """One line in ``lang``."""
        period = f" {self.period}" if self.period else ""
        if lang == "zh":
            return (f"{self.rule_id} {self.subject}{period}：{self.what_zh}"
                    f"（要求 {self.expected}，实际 {self.found}）")
        return (f"{self.rule_id} {self.subject}{period}: {self.what_en} "
                f"(expected {self.expected}, found {self.found})")

    def to_json(self) -> dict[str, Any]:
        """The gap as JSON."""
        return {"rule": self.rule_id, "kind": self.kind.value, "subject": self.subject,
                "period": self.period, "what_zh": self.what_zh, "what_en": self.what_en,
                "expected": str(self.expected), "found": str(self.found)}


@attrs.frozen
class Period:
    """A closed date interval ``[start, end]`` with a label (``2023``, ``2023H1``)."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def ended_by(self, on: dt.date) -> bool:
        """Whether the period has ended on ``on`` (its last day counts as ended)."""
        return self.end <= on


def year_period(year: int) -> Period:
    """The calendar year as a :class:`Period`."""
    start = dt.date(year, 1, 1)
    return Period(start, start + relativedelta(years=1, days=-1), str(year))


def half_years(year: int) -> tuple[Period, Period]:
    """The two half-years of ``year``.

    >>> [(p.label, p.end.isoformat()) for p in half_years(2023)]
    [('2023H1', '2023-06-30'), ('2023H2', '2023-12-31')]
    """
    start = dt.date(year, 1, 1)
    middle = start + relativedelta(months=6)
    return (Period(start, middle - relativedelta(days=1), f"{year}H1"),
            Period(middle, middle + relativedelta(months=6, days=-1), f"{year}H2"))


def admission_window(params: ParameterSet, on: dt.date) -> tuple[Period | None,
                                                                  tuple[ParameterValue, ...]]:
    """GOV-04's window on ``on`` and the parameter values that drew it.

    Rolling: the ``n`` years that end on ``on`` (``on`` included, the day ``n``
    years before excluded). Fixed: the last ``n``-year period counted from the
    anchor that has ended on ``on`` (None when none has).

    >>> from revitalize.policy.parameters import default_parameters
    >>> w, _ = admission_window(default_parameters(), dt.date(2023, 6, 30))
    >>> w.start, w.end
    (datetime.date(2021, 7, 1), datetime.date(2023, 6, 30))
    """
    years = params.get("governance.admission_window_years", on)
    kind = params.get("governance.admission_window_kind", on)
    assert isinstance(years.value, int)
    n = years.value
    if kind.value == "rolling":
        start = on - relativedelta(years=n) + relativedelta(days=1)
        return Period(start, on, f"{start.isoformat()}..{on.isoformat()}"), (years, kind)
    anchor = params.get("governance.admission_window_anchor", on)
    assert isinstance(anchor.value, dt.date)
    found: Period | None = None
    k = 0
    while True:
        start = anchor.value + relativedelta(years=n * k)
        end = anchor.value + relativedelta(years=n * (k + 1), days=-1)
        if end > on:
            break
        found = Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
        k += 1
    return found, (years, kind, anchor)


# --------------------------------------------------------------------------- check results


@attrs.frozen
class _Check:
    gaps: tuple[Gap, ...]
    used: tuple[ParameterValue, ...]
    assessed: bool = True
    checked: int = 0
    values: dict[str, object] = attrs.field(factory=dict)


def _reasons(met_zh: str, met_en: str) -> dict[Outcome, Reason]:
    return {
        Outcome.YES: Reason(f"{met_zh}（核对 {{checked}} 项）", f"{met_en} ({{checked}} checked)"),
        Outcome.NO: Reason("{gaps} 处未达要求：{subjects}", "{gaps} shortfalls: {subjects}"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing}", "insufficient data: {missing}"),
        Outcome.NOT_APPLICABLE: Reason("评估日 {on} 尚无到期的期间", "no period has ended on {on}"),
    }


def _finding(spec: RuleSpec, check: _Check, on: dt.date) -> Finding:
    values: dict[str, object] = {"on": on, "checked": check.checked, **check.values}
    if not check.assessed:
        return spec.finding(Outcome.NOT_APPLICABLE, values, check.used)
    shortfalls = [g for g in check.gaps if g.kind is GapKind.SHORTFALL]
    missing = tuple(dict.fromkeys(f"{g.subject}: {g.what_en}" for g in check.gaps
                                  if g.kind is GapKind.MISSING))
    if shortfalls:
        values |= {"gaps": len(shortfalls),
                   "subjects": tuple(dict.fromkeys(g.subject for g in shortfalls))}
        return spec.finding(Outcome.NO, values, check.used, missing)
    if missing:
        return spec.finding(Outcome.INSUFFICIENT_DATA, values, check.used, missing)
    return spec.finding(Outcome.YES, values, check.used)


def _i(p: ParameterValue) -> int:
    assert isinstance(p.value, int) and not isinstance(p.value, bool)
    return p.value


def _d(p: ParameterValue) -> Decimal:
    assert isinstance(p.value, Decimal)
    return p.value


def _missing_villages(rule: str) -> Gap:
    return Gap(rule, "$.villages", "", "未列出在评村", "no villages in scope listed",
               "≥1", 0, GapKind.MISSING)


# --------------------------------------------------------------------------- GOV-01


VISITS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-01",
    reads=("records.contacts[].leaders", "records.contacts[].place.town",
           "records.contacts[].place.village", "records.groups[].member_units",
           "records.groups[].places[].town", "records.groups[].places[].village",
           "records.visits[].kind", "records.visits[].on", "records.visits[].place.town",
           "records.visits[].place.village", "records.visits[].visitor", "records.year"),
    title_zh="联系区领导和帮扶集团成员单位主要负责人每年赴联系镇村至少走访规定次数",
    title_en="Contact leaders and member-unit heads visit their contact places every year",
    citations=(Citation("Ch11 §1", "区领导和区级帮扶集团成员单位主要负责人每年赴联系镇村开展调研、"
                                   "指导发展、推动工作至少1次"),),
    parameters=("governance.visits_per_year", "governance.visit_coverage"),
    reasons=_reasons("均已按要求走访", "every visit quota is met"),
)


def visit_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-01: the (visitor, place) pairs short of the yearly visit quota.

    Contact leaders owe visits to the places they contact; each member unit's
    head to its group's places (the lead department is not a member unit:
    the plan says 成员单位).
    """
    per = params.get("governance.visits_per_year", on)
    coverage = params.get("governance.visit_coverage", on)
    used = (per, coverage)
    r = case.records
    year = year_period(r.year)
    if not year.ended_by(on):
        return _Check((), used, assessed=False)
    owed: dict[tuple[str, VisitorKind], list[PlaceRef]] = defaultdict(list)
    for c in r.contacts:
        for leader in c.leaders:
            owed[(leader, VisitorKind.DISTRICT_LEADER)].append(c.place)
    for g in r.groups:
        for unit in g.member_units:
            owed[(unit, VisitorKind.UNIT_HEAD)].extend(g.places)
    if not owed:  # nobody recorded as owing a visit: unknown, never "all visits made"
        return _Check((Gap("GOV-01", "$.contacts", year.label, "未记录联系领导或帮扶集团成员单位",
                           "no contact leaders or group member units recorded", "≥1", 0,
                           GapKind.MISSING),), used, checked=0)
    made: Counter[tuple[str, VisitorKind, PlaceRef]] = Counter(
        (str(v.visitor), v.kind, v.place) for v in r.visits if v.on in year)
    gaps: list[Gap] = []
    for (who, kind), places in owed.items():
        unique_places = tuple(dict.fromkeys(places))
        if coverage.value == "any_place":
            n = sum(made[(who, kind, p)] for p in unique_places)
            if n < _i(per):
                gaps.append(Gap("GOV-01", who, year.label, f"{kind.label_zh}走访联系镇村次数不足",
                                f"{kind.label_en} visited the contact places too few times",
                                _i(per), n))
            continue
        for p in unique_places:
            n = made[(who, kind, p)]
            if n < _i(per):
                gaps.append(Gap("GOV-01", f"{who} → {p}", year.label,
                                f"{kind.label_zh}走访次数不足", f"too few visits by the "
                                f"{kind.label_en}", _i(per), n))
    return _Check(tuple(gaps), used, checked=len(owed))


def visits(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-01: YES when every contact leader and unit head made the year's visits."""
    return _finding(VISITS, visit_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-02

MEETINGS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-02",
    reads=("records.groups[].id", "records.meetings[].group", "records.meetings[].on",
           "records.year"),
    title_zh="每个帮扶集团每半年至少召开规定次数的联席会议",
    title_en="Each assistance group holds its joint meetings every half year",
    citations=(Citation("Ch11 §1", "联系区领导为召集人，每半年至少召开1次联席会议"),),
    parameters=("governance.meetings_per_half_year",),
    reasons=_reasons("各集团各半年均已召开联席会议", "every group met in every half year"),
)


def meeting_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-02: the (group, half-year) pairs with too few joint meetings."""
    per = params.get("governance.meetings_per_half_year", on)
    halves = [h for h in half_years(case.records.year) if h.ended_by(on)]
    if not halves:
        return _Check((), (per,), assessed=False)
    gaps = []
    for g in case.records.groups:
        for h in halves:
            n = sum(1 for m in case.records.meetings if m.group == g.id and m.on in h)
            if n < _i(per):
                gaps.append(Gap("GOV-02", g.id, h.label, "联席会议次数不足",
                                "too few joint meetings", _i(per), n))
    if not case.records.groups:
        gaps.append(Gap("GOV-02", "$.groups", "", "未列出帮扶集团", "no assistance groups listed",
                        "≥1", 0, GapKind.MISSING))
    return _Check(tuple(gaps), (per,), checked=len(case.records.groups) * len(halves))


def meetings(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-02: YES when every group met in every half year that has ended."""
    return _finding(MEETINGS, meeting_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-03

TALENTS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-03",
    reads=("records.local_talents[].village.town", "records.local_talents[].village.village",
           "records.reserve_pools[].cadres[].village", "records.reserve_pools[].town",
           "records.villages[].town", "records.villages[].village"),
    title_zh="每村保持本土人才并储备后备力量",
    title_en="Each village keeps local talents and reserve cadres",
    citations=(Citation("Ch9 §1", "确保每村保持1名以上本土人才、培养储备至少2名后备力量"),
               Citation("Box 7", "每村培养储备后备力量2名以上")),
    parameters=("governance.min_local_talents", "governance.min_reserve_cadres"),
    reasons=_reasons("各村本土人才、后备力量均达到要求", "every village has its talents and "
                                                   "reserve cadres"),
)


def _cadres_by_village(r: GovernanceRecords) -> Counter[PlaceRef]:
    return Counter(PlaceRef(p.town, c.village) for p in r.reserve_pools for c in p.cadres)


def talent_and_reserve_gaps(case: GovernanceCase, params: ParameterSet,
                            on: dt.date) -> _Check:
    """GOV-03: villages with too few local talents or reserve cadres."""
    talents_min = params.get("governance.min_local_talents", on)
    cadres_min = params.get("governance.min_reserve_cadres", on)
    r = case.records
    talents = Counter(t.village for t in r.local_talents)
    cadres = _cadres_by_village(r)
    gaps = []
    for v in r.villages:
        if talents[v] < _i(talents_min):
            gaps.append(Gap("GOV-03", str(v), "", "本土人才不足", "too few local talents",
                            _i(talents_min), talents[v]))
        if cadres[v] < _i(cadres_min):
            gaps.append(Gap("GOV-03", str(v), "", "后备力量不足", "too few reserve cadres",
                            _i(cadres_min), cadres[v]))
    if not r.villages:
        gaps.append(_missing_villages("GOV-03"))
    return _Check(tuple(gaps), (talents_min, cadres_min), checked=len(r.villages))


def talents_and_reserves(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-03: YES when every village has its local talents and reserve cadres."""
    return _finding(TALENTS, talent_and_reserve_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-04

ADMISSIONS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-04",
    reads=("records.admissions[].age", "records.admissions[].on",
           "records.admissions[].village.town", "records.admissions[].village.village",
           "records.villages[].town", "records.villages[].village", "records.year",
           "registry.towns[].name"),
    title_zh="每村每2年至少发展1名党员，每镇每年新发展农村党员35岁以下的不低于50%",
    title_en="Each village admits party members every two years; towns admit enough young ones",
    citations=(Citation("Ch9 §1", "确保每个村每2年至少发展1名党员，"
                                  "每个镇每年新发展农村党员35岁以下的不低于50%"),),
    parameters=("governance.min_admissions_per_window", "governance.admission_window_years",
                "governance.admission_window_kind", "governance.admission_window_anchor",
                "governance.young_member_age", "governance.young_member_age_inclusive",
                "governance.young_member_min_share"),
    reasons=_reasons("发展党员数量与年龄结构均达到要求",
                     "admissions and the young share meet the plan"),
)


def _is_young(age: int, limit: int, inclusive: bool) -> bool:
    return age <= limit if inclusive else age < limit


def admission_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-04: villages without an admission in the window; towns below the young share.

    A town with no admissions in the year has no share to judge (its villages'
    windows are judged by the first part).
    """
    r = case.records
    minimum = params.get("governance.min_admissions_per_window", on)
    window, window_used = admission_window(params, on)
    age = params.get("governance.young_member_age", on)
    inclusive = params.get("governance.young_member_age_inclusive", on)
    share = params.get("governance.young_member_min_share", on)
    used = (minimum, *window_used, age, inclusive, share)
    gaps: list[Gap] = []
    checked = 0
    if window is not None:
        for v in r.villages:
            n = sum(1 for a in r.admissions if a.village == v and a.on in window)
            checked += 1
            if n < _i(minimum):
                gaps.append(Gap("GOV-04", str(v), window.label, "发展党员不足",
                                "too few party members admitted", _i(minimum), n))
        if not r.villages:
            gaps.append(_missing_villages("GOV-04"))
    year = year_period(r.year)
    shares: dict[str, str] = {}
    if year.ended_by(on):
        by_town: dict[str, list[int]] = defaultdict(list)
        for a in r.admissions:
            if a.on in year:
                by_town[a.village.town].append(a.age)
        for town in (t.name for t in case.registry.towns):
            ages = by_town.get(town)
            if not ages:
                continue
            checked += 1
            young = sum(1 for x in ages if _is_young(x, _i(age), inclusive.value is True))
            shares[town] = f"{young}/{len(ages)}"
            if Decimal(young) * _PERCENT < _d(share) * len(ages):
                gaps.append(Gap("GOV-04", town, year.label, "35岁以下新党员比例不足",
                                "share of young new members too low", f"≥{_d(share)}%",
                                f"{young}/{len(ages)}"))
    assessed = window is not None or year.ended_by(on)
    return _Check(tuple(gaps), used, assessed=assessed, checked=checked,
                  values={"window": window.label if window else None,
                          "young_shares": tuple(f"{t} {s}" for t, s in shares.items())})


def admissions(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-04: YES when every village admitted in the window and every town's share is met."""
    return _finding(ADMISSIONS, admission_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-05

TRAINING = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-05",
    reads=("records.officials[].person", "records.officials[].roles",
           "records.officials[].village.town", "records.officials[].village.village",
           "records.trainings[].days", "records.trainings[].person", "records.trainings[].start",
           "records.villages[].town", "records.villages[].village", "records.year"),
    title_zh="每名村党组织书记每年参加培训不少于规定天数",
    title_en="Each village party secretary trains enough days a year",
    citations=(Citation("Box 7", "每年每名村党组织书记参加培训不少于7天"),),
    parameters=("governance.secretary_training_days",),
    reasons=_reasons("各村党组织书记培训天数均达到要求", "every party secretary trained enough"),
)


def training_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-05: party secretaries with too few training days in the year (any training counts)."""
    days = params.get("governance.secretary_training_days", on)
    r = case.records
    year = year_period(r.year)
    if not year.ended_by(on):
        return _Check((), (days,), assessed=False)
    secretaries = [o for o in r.officials if OfficialRole.PARTY_SECRETARY in o.roles]
    gaps = []
    for o in secretaries:
        n = sum(t.days for t in r.trainings if t.person == o.person and t.start in year)
        if n < _i(days):
            gaps.append(Gap("GOV-05", f"{o.person} ({o.village})", year.label,
                            "村党组织书记培训天数不足", "party secretary trained too few days",
                            _i(days), n))
    with_secretary = {o.village for o in secretaries}
    for v in r.villages:
        if v not in with_secretary:
            gaps.append(Gap("GOV-05", str(v), year.label, "未列出村党组织书记",
                            "no party secretary listed", "≥1", 0, GapKind.MISSING))
    return _Check(tuple(gaps), (days,), checked=len(secretaries))


def training(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-05: YES when every party secretary trained enough days in the year."""
    return _finding(TRAINING, training_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-06

CIVILIZED = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-06",
    reads=("records.civilized_titles[].awarded", "records.civilized_titles[].level",
           "records.civilized_titles[].place.town", "records.civilized_titles[].place.village",
           "records.villages[].town", "records.villages[].village", "registry.towns[].name"),
    title_zh="区级以上文明村、文明乡镇占比达到目标",
    title_en="Shares of villages and towns with a civilized title reach the targets",
    citations=(Citation("Box 7", "到2025年区级以上文明村和文明乡镇占比分别达到60%、75%"),),
    parameters=("governance.civilized_village_share", "governance.civilized_town_share",
                "governance.civilized_deadline"),
    reasons={
        Outcome.YES: Reason("文明村占比 {village_share:pct}（目标 {village_target:pct}），"
                            "文明乡镇占比 {town_share:pct}（目标 {town_target:pct}）",
                            "civilized villages {village_share:pct} (target "
                            "{village_target:pct}), towns {town_share:pct} (target "
                            "{town_target:pct})"),
        Outcome.NO: Reason("期限 {deadline} 已到，占比未达目标：文明村 {village_share:pct}"
                           "（目标 {village_target:pct}），文明乡镇 {town_share:pct}"
                           "（目标 {town_target:pct}）",
                           "deadline {deadline} passed below target: villages "
                           "{village_share:pct} (target {village_target:pct}), towns "
                           "{town_share:pct} (target {town_target:pct})"),
        Outcome.NOT_APPLICABLE: Reason("期限 {deadline} 未到；当前文明村占比 {village_share:pct}，"
                                       "文明乡镇占比 {town_share:pct}（指标输入）",
                                       "deadline {deadline} not reached; villages now "
                                       "{village_share:pct}, towns {town_share:pct} "
                                       "(indicator input)"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing}", "insufficient data: {missing}"),
    },
)

_COUNTED_LEVELS: Final = frozenset({TitleLevel.DISTRICT, TitleLevel.MUNICIPAL,
                                    TitleLevel.NATIONAL})


def civilized_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-06: the shares of titled villages and towns (inputs to KPI-T2), judged at the deadline.

    A title counts when it is at district level or above and was awarded on or
    before ``on``; villages are those in scope, towns those of the registry.
    """
    vt = params.get("governance.civilized_village_share", on)
    tt = params.get("governance.civilized_town_share", on)
    deadline = params.get("governance.civilized_deadline", on)
    used = (vt, tt, deadline)
    r = case.records
    held = {t.place for t in r.civilized_titles if t.level in _COUNTED_LEVELS and t.awarded <= on}
    towns = [t.ref for t in case.registry.towns]
    if not r.villages:
        return _Check((_missing_villages("GOV-06"),), used)
    villages_titled = sum(1 for v in r.villages if v in held)
    towns_titled = sum(1 for t in towns if t in held)
    v_share = CONTEXT.divide(Decimal(villages_titled) * _PERCENT, Decimal(len(r.villages)))
    t_share = CONTEXT.divide(Decimal(towns_titled) * _PERCENT, Decimal(len(towns)))
    assert isinstance(deadline.value, dt.date)
    values: dict[str, object] = {"village_share": v_share.quantize(Decimal("0.01")),
                                 "town_share": t_share.quantize(Decimal("0.01")),
                                 "village_target": _d(vt), "town_target": _d(tt),
                                 "deadline": deadline.value,
                                 "villages_titled": f"{villages_titled}/{len(r.villages)}",
                                 "towns_titled": f"{towns_titled}/{len(towns)}"}
    due = deadline.value <= on
    gaps = []
    if due and Decimal(villages_titled) * _PERCENT < _d(vt) * len(r.villages):
        gaps.append(Gap("GOV-06", "文明村", str(deadline.value.year), "区级以上文明村占比不足",
                        "share of civilized villages too low", f"≥{_d(vt)}%",
                        f"{villages_titled}/{len(r.villages)}"))
    if due and Decimal(towns_titled) * _PERCENT < _d(tt) * len(towns):
        gaps.append(Gap("GOV-06", "文明乡镇", str(deadline.value.year), "区级以上文明乡镇占比不足",
                        "share of civilized towns too low", f"≥{_d(tt)}%",
                        f"{towns_titled}/{len(towns)}"))
    return _Check(tuple(gaps), used, assessed=due, checked=len(r.villages) + len(towns),
                  values=values)


def civilized(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-06: at the deadline, YES when both shares reach their targets (before it: the shares)."""
    return _finding(CIVILIZED, civilized_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-07

THREE_GOVERNANCE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-07",
    reads=("records.three_governance[].up_to_standard", "records.three_governance[].village.town",
           "records.three_governance[].village.village", "records.villages[].town",
           "records.villages[].village", "records.year"),
    title_zh="“三治结合”建设达标率达到目标",
    title_en="The three-governance standard rate reaches its target",
    citations=(Citation("Ch9 §3", "力争民主法治村（社区）自治、法治、德治“三治结合”"
                                  "建设达标率达到100%"),),
    parameters=("governance.three_governance_rate",),
    reasons={
        Outcome.YES: Reason("达标率 {rate:pct}，不低于目标 {target:pct}",
                            "rate {rate:pct}, at least the target {target:pct}"),
        Outcome.NO: Reason("达标率 {rate:pct}，低于目标 {target:pct}；未达标：{subjects}",
                           "rate {rate:pct}, below the target {target:pct}; not up to "
                           "standard: {subjects}"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing}", "insufficient data: {missing}"),
    },
)


def three_governance_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-07: the rate over the villages in scope; villages not assessed are missing data."""
    target = params.get("governance.three_governance_rate", on)
    r = case.records
    status: dict[PlaceRef, bool | None] = {a.village: a.up_to_standard
                                           for a in r.three_governance}
    gaps = []
    judged = [(v, status[v]) for v in r.villages if status.get(v) is not None]
    for v in r.villages:
        if status.get(v) is None:
            gaps.append(Gap("GOV-07", str(v), str(r.year), "未评估“三治结合”达标情况",
                            "three-governance standard not assessed", "true/false", None,
                            GapKind.MISSING))
    if not r.villages:
        gaps.append(_missing_villages("GOV-07"))
    up = sum(1 for _, ok in judged if ok)
    rate = (CONTEXT.divide(Decimal(up) * _PERCENT, Decimal(len(judged))).quantize(Decimal("0.01"))
            if judged else None)
    if judged and Decimal(up) * _PERCENT < _d(target) * len(judged):
        gaps.extend(Gap("GOV-07", str(v), str(r.year), "“三治结合”建设未达标",
                        "not up to the three-governance standard", True, False)
                    for v, ok in judged if not ok)
    return _Check(tuple(gaps), (target,), checked=len(judged),
                  values={"rate": rate, "target": _d(target)})


def three_governance(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-07: YES when the rate of villages up to standard reaches the target."""
    return _finding(THREE_GOVERNANCE, three_governance_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-08

LEGAL = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-08",
    reads=("records.activities[].kind", "records.activities[].on",
           "records.activities[].village.town", "records.activities[].village.village",
           "records.disclosures[].kind", "records.disclosures[].on",
           "records.disclosures[].village.town", "records.disclosures[].village.village",
           "records.legal_advisers[].village.town", "records.legal_advisers[].village.village",
           "records.officials[].person", "records.officials[].village.town",
           "records.officials[].village.village", "records.trainings[].kind",
           "records.trainings[].person", "records.trainings[].start", "records.villages[].town",
           "records.villages[].village", "records.year"),
    title_zh="各村落实法治轮训、法律顾问、“三公开”和三项年度活动",
    title_en="Each village has legal training, a legal adviser, the three disclosures and the "
             "three yearly activities",
    citations=(Citation("Box 7", "严格落实村“两委”班子成员年度全员法治轮训制度、"
                                 "村（居）法律顾问制度 … 完善党务、村务、财务“三公开”制度 … "
                                 "每年开展“好人在身边”微访谈活动、梦想课堂活动、"
                                 "“家风润万家”活动"),
               Citation("Ch9 §3", "推进法律援助进村、法律顾问进村")),
    reasons=_reasons("各村各项均已落实", "every village has every item"),
)


def legal_and_disclosure_gaps(case: GovernanceCase, params: ParameterSet,
                              on: dt.date) -> _Check:
    """GOV-08: per village and year, what is missing of the Box 7 checklist."""
    r = case.records
    year = year_period(r.year)
    if not year.ended_by(on):
        return _Check((), (), assessed=False)
    gaps: list[Gap] = []
    legal = {t.person for t in r.trainings if t.kind is TrainingKind.LEGAL and t.start in year}
    advisers = {a.village for a in r.legal_advisers}
    published = {(d.village, d.kind) for d in r.disclosures if d.on in year}
    held = {(a.village, a.kind) for a in r.activities if a.on in year}
    for v in r.villages:
        members = [o for o in r.officials if o.village == v]
        if not members:
            gaps.append(Gap("GOV-08", str(v), year.label, "未列出村“两委”班子成员",
                            "no committee members listed", "≥1", 0, GapKind.MISSING))
        for o in members:
            if o.person not in legal:
                gaps.append(Gap("GOV-08", f"{o.person} ({v})", year.label, "未参加年度法治轮训",
                                "no legal training this year", "≥1", 0))
        if v not in advisers:
            gaps.append(Gap("GOV-08", str(v), year.label, "无村法律顾问", "no legal adviser",
                            1, 0))
        for dk in DisclosureKind:
            if (v, dk) not in published:
                gaps.append(Gap("GOV-08", str(v), year.label, f"未{dk.label_zh}",
                                f"no {dk.label_en} disclosure", "≥1", 0))
        for ak in ActivityKind:
            if (v, ak) not in held:
                gaps.append(Gap("GOV-08", str(v), year.label, f"未开展{ak.label_zh}",
                                f"no {ak.label_en} activity", "≥1", 0))
    if not r.villages:
        gaps.append(_missing_villages("GOV-08"))
    return _Check(tuple(gaps), (), checked=len(r.villages))


def legal_and_disclosure(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-08: YES when every village has every item of the checklist for the year."""
    return _finding(LEGAL, legal_and_disclosure_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-09

CONTACTS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-09",
    reads=("records.contacts[].leaders", "records.contacts[].place.town",
           "records.contacts[].place.village", "records.groups[].convener",
           "records.groups[].lead_departments", "records.groups[].member_units",
           "records.groups[].places[].town", "records.groups[].places[].village",
           "records.work_teams[].first_secretary", "records.work_teams[].village.town",
           "records.work_teams[].village.village", "registry.towns[].name",
           "registry.villages[].classes", "registry.villages[].name", "registry.villages[].town"),
    title_zh="联系与帮扶结构完整",
    title_en="The contact and assistance structure is complete",
    citations=(Citation("Ch11 §1", "采取“一对一”或“二对一”方式 … "
                                   "采取“1个牵头部门+N个成员单位”的方式，"
                                   "组建8个区级乡村振兴帮扶集团 … 联系区领导为召集人 … "
                                   "各区级帮扶集团向重点帮扶村选派乡村振兴工作队，"
                                   "并选派驻村第一书记"),),
    parameters=("governance.min_contact_leaders", "governance.max_contact_leaders",
                "governance.assistance_groups", "governance.lead_departments_per_group",
                "governance.min_member_units"),
    reasons=_reasons("联系、帮扶集团和驻村工作队均已落实",
                     "contacts, groups and work teams are all in place"),
)


def contact_structure_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-09: contact leaders per place, groups and their make-up, work teams.

    The places that need contact leaders are the registry's towns,
    key-support villages and lifted villages (PLAN-01 (2): the plan's counts
    differ from its lists; the lists are used).
    """
    names = ("governance.min_contact_leaders", "governance.max_contact_leaders",
             "governance.assistance_groups", "governance.lead_departments_per_group",
             "governance.min_member_units")
    lo, hi, n_groups, n_leads, n_members = (params.get(n, on) for n in names)
    used = (lo, hi, n_groups, n_leads, n_members)
    r, reg = case.records, case.registry
    key_villages = [v.ref for v in reg.villages_of_class(VillageClass.KEY_SUPPORT)]
    contact_places = tuple(dict.fromkeys(
        [t.ref for t in reg.towns] + key_villages
        + [v.ref for v in reg.villages_of_class(VillageClass.LIFTED)]))
    leaders: dict[PlaceRef, list[str]] = defaultdict(list)
    for c in r.contacts:
        leaders[c.place].extend(c.leaders)
    gaps: list[Gap] = []
    for p in contact_places:
        k = len(set(leaders.get(p, ())))
        if not _i(lo) <= k <= _i(hi):
            gaps.append(Gap("GOV-09", str(p), "", "联系区领导人数不符（一对一或二对一）",
                            "contact leaders not one or two", f"{_i(lo)}..{_i(hi)}", k))
    if len(r.groups) != _i(n_groups):
        gaps.append(Gap("GOV-09", "帮扶集团", "", "区级帮扶集团个数不符",
                        "wrong number of assistance groups", _i(n_groups), len(r.groups)))
    for g in r.groups:
        if len(g.lead_departments) != _i(n_leads):
            gaps.append(Gap("GOV-09", g.id, "", "牵头部门个数不符", "wrong number of lead "
                            "departments", _i(n_leads), len(g.lead_departments)))
        if len(g.member_units) < _i(n_members):
            gaps.append(Gap("GOV-09", g.id, "", "成员单位不足", "too few member units",
                            _i(n_members), len(g.member_units)))
        group_leaders = {x for p in g.places for x in leaders.get(p, ())}
        if g.convener is None or g.convener not in group_leaders:
            gaps.append(Gap("GOV-09", g.id, "", "召集人不是联系区领导",
                            "the convener is not a contact leader of the group's places",
                            "、".join(sorted(group_leaders)) or "a contact leader",
                            g.convener))
    covered = {p for g in r.groups for p in g.places}
    for p in [t.ref for t in reg.towns] + key_villages:
        if p not in covered:
            gaps.append(Gap("GOV-09", str(p), "", "无帮扶集团定向帮扶",
                            "no assistance group assigned", "≥1", 0))
    for v in key_villages:
        teams = [t for t in r.work_teams if t.village == v]
        if not teams:
            gaps.append(Gap("GOV-09", str(v), "", "未选派乡村振兴工作队", "no work team", 1, 0))
        elif all(t.first_secretary is None for t in teams):
            gaps.append(Gap("GOV-09", str(v), "", "未选派驻村第一书记", "no first secretary",
                            1, 0))
    return _Check(tuple(gaps), used, checked=len(contact_places) + len(r.groups))


def contact_structure(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-09: YES when contacts, groups and work teams are all in place."""
    return _finding(CONTACTS, contact_structure_gaps(case, params, on), on)


# --------------------------------------------------------------------------- GOV-10

POOLS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="GOV-10",
    reads=("records.reserve_pools[].cadres[].village", "records.reserve_pools[].town",
           "records.support_posts[].end", "records.support_posts[].start",
           "records.support_posts[].town", "records.villages[].town", "records.villages[].village",
           "records.year", "registry.towns[].name"),
    title_zh="以镇为单位建立村级后备力量，每个镇开发“三支一扶”服务岗位",
    title_en="Reserve-cadre pools kept per town; each town has three-supports posts",
    citations=(Citation("Box 7", "以镇为单位建立村级后备力量"),
               Citation("Ch13 §3", "在每个镇开发“三支一扶”服务岗位")),
    parameters=("governance.min_support_posts_per_town",),
    reasons=_reasons("各镇后备力量库与“三支一扶”岗位均已落实",
                     "every town has its pool and its posts"),
)


def pool_and_post_gaps(case: GovernanceCase, params: ParameterSet, on: dt.date) -> _Check:
    """GOV-10: towns without a reserve pool or a 三支一扶 post in the year; stray cadres."""
    posts_min = params.get("governance.min_support_posts_per_town", on)
    r = case.records
    year = year_period(r.year)
    last = min(year.end, on)
    gaps: list[Gap] = []
    pools = {p.town: p for p in r.reserve_pools}
    scope = set(r.villages)
    for town in dict.fromkeys(v.town for v in r.villages):
        if town not in pools:
            gaps.append(Gap("GOV-10", town, "", "未以镇为单位建立后备力量库",
                            "no reserve-cadre pool kept by the town", 1, 0))
    for p in r.reserve_pools:
        for c in p.cadres:
            if PlaceRef(p.town, c.village) not in scope:
                gaps.append(Gap("GOV-10", f"{c.person} ({p.town}{c.village})", "",
                                "后备力量所在村不在本镇在评村中",
                                "the cadre's village is not a village in scope of the town",
                                p.town, c.village))
    for t in case.registry.towns:
        n = sum(1 for s in r.support_posts if s.town == t.name and s.start <= last
                and (s.end is None or s.end >= year.start))
        if n < _i(posts_min):
            gaps.append(Gap("GOV-10", t.name, year.label, "无“三支一扶”服务岗位",
                            "no three-supports post", _i(posts_min), n))
    return _Check(tuple(gaps), (posts_min,), checked=len(case.registry.towns))


def pools_and_posts(case: GovernanceCase, params: ParameterSet, on: dt.date) -> Finding:
    """GOV-10: YES when every town keeps its pool and has its posts."""
    return _finding(POOLS, pool_and_post_gaps(case, params, on), on)


# --------------------------------------------------------------------------- the report

_CHECKS: Final[tuple[tuple[Rule[GovernanceCase],
                           Callable[[GovernanceCase, ParameterSet, dt.date], _Check]], ...]] = (
    (Rule(VISITS, visits), visit_gaps),
    (Rule(MEETINGS, meetings), meeting_gaps),
    (Rule(TALENTS, talents_and_reserves), talent_and_reserve_gaps),
    (Rule(ADMISSIONS, admissions), admission_gaps),
    (Rule(TRAINING, training), training_gaps),
    (Rule(CIVILIZED, civilized), civilized_gaps),
    (Rule(THREE_GOVERNANCE, three_governance), three_governance_gaps),
    (Rule(LEGAL, legal_and_disclosure), legal_and_disclosure_gaps),
    (Rule(CONTACTS, contact_structure), contact_structure_gaps),
    (Rule(POOLS, pools_and_posts), pool_and_post_gaps),
)


@attrs.frozen
class GovernanceReport:
    """Every GOV finding for a year's records, and the gaps behind them."""

    year: int
    on: dt.date
    findings: tuple[Finding, ...]
    gaps: tuple[Gap, ...]

    @property
    def clean(self) -> bool:
        """Whether there is no gap at all (no shortfall and no missing data)."""
        return not self.gaps

    def gaps_of(self, rule_id: str) -> tuple[Gap, ...]:
        """The gaps of one rule."""
        return tuple(g for g in self.gaps if g.rule_id == rule_id)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {"year": self.year, "on": self.on.isoformat(), "clean": self.clean,
                "findings": [f.to_json() for f in self.findings],
                "gaps": [g.to_json() for g in self.gaps]}

    def render(self, lang: str = "zh") -> str:
        """The report as text in ``lang``: the findings grouped by status (problems first),
        then the gaps."""
        zh = lang == "zh"
        lines = [f"{'治理记录' if zh else 'governance records'} {self.year}  "
                 f"{'评估日期' if zh else 'on'} {self.on.isoformat()}"]
        lines.extend(render_findings(self.findings, lang, skip=()))
        if self.gaps:
            lines.append(f"{'不足与缺数据' if zh else 'gaps'} ({len(self.gaps)})")
            lines.extend(f"  - {g.describe(lang)}" for g in self.gaps)
        return "\n".join(lines)


def check_governance(records: GovernanceRecords, registry: PlaceRegistry, params: ParameterSet,
                     on: dt.date) -> GovernanceReport:
    """Run GOV-01..10 on a year's records; the findings in catalog order and every gap.

    A town or village ``registry`` does not know is an input error (every one, with its
    path and the close matches), as wherever a place is given.
    """
    validate_records(records, registry)
    case = GovernanceCase(records, registry)
    findings: list[Finding] = []
    gaps: list[Gap] = []
    for rule, gap_function in _CHECKS:
        findings.append(rule(case, params, on))
        check = gap_function(case, params, on)
        if check.assessed:
            gaps.extend(check.gaps)
    return GovernanceReport(records.year, on, tuple(findings), tuple(gaps))


def check_governance_records(records: GovernanceRecords, params: ParameterSet,
                             on: dt.date | None = None, *,
                             registry: PlaceRegistry | None = None) -> GovernanceReport:
    """Check a year's records as ``revitalize governance`` and ``POST /governance/check`` do:
    the places are checked against ``registry`` (default: the Wansheng registry; a
    place it does not know is an :class:`~revitalize.errors.InvalidInputError`
    naming the path), then GOV-01..10 run on ``on`` (default: 31 December of the
    records' year)."""
    if registry is None:
        registry = wansheng_registry()
    validate_records(records, registry)
    return check_governance(records, registry, params, on or records.year_end)


RULES: tuple[Rule[Any], ...] = tuple(rule for rule, _ in _CHECKS)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = ()
