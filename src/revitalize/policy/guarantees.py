"""GUA-01..10: the two assurances, three guarantees and drinking water (Ch4).

Household checks (rules, each a statement of a *risk*: ``YES`` means the
guarantee fails, ``NO`` that it holds, ``INSUFFICIENT_DATA`` names the fields
that were not assessed — an unassessed field never reads as "safe"):

- GUA-01 food and clothing (不愁吃、不愁穿);
- GUA-02 / GUA-07 compulsory education: a child of compulsory-education age
  who is out of school is a risk, *except* a child out of school for a
  physical condition (home teaching may apply), a child on deferred entry,
  suspension or leave with the formal procedure, and a child who already
  completed compulsory education. The age is counted **by school year, not by
  birthday** (:class:`SchoolYear`): a child enrols in the September after it
  turns six on or before the cut-off day (31 August by default, a dated
  parameter; the entry age of six is 《义务教育法》第十一条) and is of compulsory
  age until the end of its ninth school year in June (nine years: 第二条). A
  child not yet due to enrol, or who finished grade nine, is not a dropout;
- GUA-03 basic medical insurance per member;
- GUA-05 / GUA-09 housing: grades C and D (a parameter) are unsafe; a
  renovated house clears the risk only once it passed the check after
  renovation;
- GUA-06 drinking water on its four dimensions — quantity, quality, access,
  reliability — one rule each (ids ``GUA-06.quantity`` ...: one catalog
  entry encoded by several rules carries the catalog ID and a suffix). Access
  follows 《农村饮水安全评价准则》: piped to the home, or a round trip within 20
  minutes; the 800 m horizontal / 80 m vertical distances stand in for the
  round trip **only when the time was not measured** — a measured round trip
  decides;
- GUA-10 the four-management checklist of a water-supply work
  (:class:`WaterWork`).

Pure functions: the contribution subsidy (GUA-03: an unassessed
minimum-allowance / extreme-poverty status gives insufficient data, never "no
subsidy"; the yearly contribution warns when its last value is more than a
year old), the serious-illness preference (GUA-04), the three-layer medical
payment (GUA-08), the schooling ledger (GUA-07), appraisal coverage and the
renovation-subsidy inclusion check (GUA-05, GUA-09).

:func:`resolve` reads every parameter these rules need once for a date;
:mod:`revitalize.policy.monitoring` calls the ``check_*`` functions with the
resolved values, the public rule functions resolve for themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..citations import Citation
from ..errors import RevitalizeError
from ..models._enums import LabelledEnum
from ..models._fields import (
    Identifier,
    Name,
    identifier,
    name,
    optional,
    strict_bool,
)
from ..models.household import (
    Household,
    HousingGrade,
    Member,
    PovertyStatus,
    SafetyNetStatus,
    SchoolStatus,
    WaterQuality,
)
from ..models.monitoring import MeasureType
from ..money import CONTEXT, ZERO, to_fen
from .engine import (
    Assessment,
    Finding,
    Notice,
    Outcome,
    Polarity,
    Reason,
    Rule,
    RuleSpec,
    finding,
    stale_value_notices,
)
from .engine import _new_tuple as _new  # a finding built in line (see there)
from .parameters import ParameterSet, ParameterValue
from .tables import DecisionTable

if TYPE_CHECKING:
    from .monitoring import MonitoringDecision

__all__ = [
    "ACCESS",
    "CITATIONS",
    "EDUCATION",
    "FOOD_CLOTHING",
    "FOUR_MANAGEMENT",
    "HOUSING",
    "MEDICAL_INSURANCE",
    "QUALITY",
    "QUANTITY",
    "RELIABILITY",
    "RULES",
    "TABLES",
    "WATER_SPECS",
    "AppraisalCoverage",
    "FourManagement",
    "GuaranteeParams",
    "HousingState",
    "InsuranceSubsidy",
    "MedicalPayment",
    "SchoolYear",
    "SchoolingEntry",
    "SubsidyBasis",
    "WaterWork",
    "appraisal_coverage",
    "check_education",
    "check_food_clothing",
    "check_housing",
    "check_medical_insurance",
    "check_water",
    "compulsory_age_members",
    "education_risk",
    "food_clothing_risk",
    "four_management_check",
    "housing_risk",
    "insurance_subsidy",
    "medical_insurance_risk",
    "meets_renovation_criteria",
    "renovation_inclusion_gaps",
    "resolve",
    "school_age_born",
    "schooling_ledger",
    "serious_illness_preference",
    "three_layer_payment",
    "water_access_risk",
    "water_quality_risk",
    "water_quantity_risk",
    "water_reliability_risk",
]


# --------------------------------------------------------------------------- parameters


@attrs.frozen
class SchoolYear:
    """When a child is of compulsory-education age: counted by school year, not birthday.

    A child enrols on the first day of the school year (``start``, month and
    day) of the year in which it reaches ``entry_age`` on or before the
    ``cutoff`` day; it is of compulsory-education age from then until the last
    day (``end``) of its ``years``-th school year. A child who turns six a day
    after the cut-off enrols a year later; one who finished grade nine in June
    is no longer of compulsory age in July.

    >>> sy = SchoolYear(6, (8, 31), (9, 1), 9, (6, 30))
    >>> sy.enrolment_year(dt.date(2017, 8, 31)), sy.enrolment_year(dt.date(2017, 9, 1))
    (2023, 2024)
    >>> [d.isoformat() for d in sy.born_window(dt.date(2023, 10, 1))]
    ['2017-08-31', '2008-08-31']
    """

    entry_age: int
    cutoff: tuple[int, int]
    start: tuple[int, int]
    years: int
    end: tuple[int, int]

    def enrolment_year(self, birth: dt.date) -> int:
        """The year a child born on ``birth`` enrols (in the school year starting that year)."""
        late = (birth.month, birth.day) > self.cutoff
        return birth.year + self.entry_age + (1 if late else 0)

    def _cutoff_in(self, year: int) -> dt.date | None:
        if year < dt.MINYEAR:
            return None
        if year > dt.MAXYEAR:
            return dt.date.max
        month, day = self.cutoff
        try:
            return dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            return dt.date(year, 2, 28)

    def born_window(self, on: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """``(latest, after)``: a child is of compulsory-education age on ``on`` when born on
        or before ``latest`` and after ``after`` (``latest`` None: nobody; ``after`` None: no
        lower bound)."""
        md = (on.month, on.day)
        # the latest school year that has started, and the last one still to end
        enrolled = on.year if md >= self.start else on.year - 1
        ending = on.year if md <= self.end else on.year + 1
        latest = self._cutoff_in(enrolled - self.entry_age)
        return latest, self._cutoff_in(ending - self.years - self.entry_age - 1)


@attrs.frozen
class GuaranteeParams:
    """The GUA parameters in force on one date, read once (:func:`resolve`)."""

    entry_age: ParameterValue
    entry_cutoff: ParameterValue
    year_start: ParameterValue
    school_years: ParameterValue
    year_end: ParameterValue
    unsafe_grades: ParameterValue
    min_litres: ParameterValue
    min_litres_scarce: ParameterValue
    scarce_towns: ParameterValue
    max_minutes: ParameterValue
    max_horizontal: ParameterValue
    max_vertical: ParameterValue
    max_days_cut: ParameterValue
    #: Typed copies of the values above.
    school_year: SchoolYear
    unsafe: frozenset[str]
    towns_scarce: frozenset[str]
    #: The unsafe grades in order (as the housing reasons name them).
    unsafe_sorted: tuple[str, ...] = attrs.field(init=False)
    #: The water-access limits as the access reasons name them.
    access_limits: Mapping[str, object] = attrs.field(init=False)
    #: The parameter values the school-age window reads (GUA-02).
    school_year_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False,
                                                                repr=False)
    # What each household check reads and lists, typed once here (not per household).
    _housing_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False, repr=False)
    _litres: Decimal = attrs.field(init=False, eq=False, repr=False)
    _litres_scarce: Decimal = attrs.field(init=False, eq=False, repr=False)
    _quantity_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False, repr=False)
    _quantity_used_scarce: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False,
                                                                    repr=False)
    _minutes: int = attrs.field(init=False, eq=False, repr=False)
    _horizontal: Decimal = attrs.field(init=False, eq=False, repr=False)
    _vertical: Decimal = attrs.field(init=False, eq=False, repr=False)
    _access_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False, repr=False)
    _days: int = attrs.field(init=False, eq=False, repr=False)
    _reliability_used: tuple[ParameterValue, ...] = attrs.field(init=False, eq=False,
                                                                repr=False)

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "unsafe_sorted", tuple(sorted(self.unsafe)))
        set_(self, "access_limits", MappingProxyType({
            "max_minutes": _int(self.max_minutes), "max_horizontal": _dec(self.max_horizontal),
            "max_vertical": _dec(self.max_vertical)}))
        set_(self, "school_year_used", (self.entry_age, self.entry_cutoff, self.year_start,
                                        self.school_years, self.year_end))
        set_(self, "_housing_used", (self.unsafe_grades,))
        set_(self, "_litres", _dec(self.min_litres))
        set_(self, "_litres_scarce", _dec(self.min_litres_scarce))
        set_(self, "_quantity_used", (self.min_litres, self.scarce_towns))
        set_(self, "_quantity_used_scarce", (self.min_litres_scarce, self.scarce_towns))
        set_(self, "_minutes", _int(self.max_minutes))
        set_(self, "_horizontal", _dec(self.max_horizontal))
        set_(self, "_vertical", _dec(self.max_vertical))
        set_(self, "_access_used", (self.max_minutes, self.max_horizontal, self.max_vertical))
        set_(self, "_days", _int(self.max_days_cut))
        set_(self, "_reliability_used", (self.max_days_cut,))


def _int(v: ParameterValue) -> int:
    assert isinstance(v.value, int) and not isinstance(v.value, bool)
    return v.value


def _dec(v: ParameterValue) -> Decimal:
    assert isinstance(v.value, Decimal)
    return v.value


def _names(v: ParameterValue) -> tuple[str, ...]:
    assert isinstance(v.value, tuple)
    return v.value


def resolve(params: ParameterSet, on: dt.date) -> GuaranteeParams:
    """Read every GUA parameter in force on ``on`` (once per set and date)."""
    return params.resolved(_resolve, on)


_SCHOOL: Final = ("guarantees.school_entry_age", "guarantees.school_entry_cutoff",
                  "guarantees.school_year_start", "guarantees.compulsory_education_years",
                  "guarantees.school_year_end")


def _resolve(params: ParameterSet, on: dt.date) -> GuaranteeParams:
    g = params.get
    age, cutoff, start, years, end = (g(n, on) for n in _SCHOOL)
    school_year = SchoolYear(_int(age), params.month_day(cutoff.name, on),
                             params.month_day(start.name, on), _int(years),
                             params.month_day(end.name, on))
    unsafe = g("guarantees.unsafe_housing_grades", on)
    scarce = g("guarantees.water_scarce_towns", on)
    return GuaranteeParams(
        age, cutoff, start, years, end, unsafe,
        g("guarantees.water_min_litres", on), g("guarantees.water_min_litres_scarce", on),
        scarce, g("guarantees.water_max_round_trip_minutes", on),
        g("guarantees.water_max_horizontal_m", on),
        g("guarantees.water_max_vertical_m", on), g("guarantees.water_max_days_cut", on),
        school_year, frozenset(_names(unsafe)), frozenset(_names(scarce)),
    )


# Read on every household's path, so bound once here: on CPython 3.11 reading an enum
# member as a class attribute (``Outcome.YES``) costs several times a module global.
_YES: Final = Outcome.YES
_NO: Final = Outcome.NO
_UNKNOWN: Final = Outcome.INSUFFICIENT_DATA
_OUT_OTHER: Final = SchoolStatus.OUT_OTHER


# --------------------------------------------------------------------------- GUA-01

#: Ch5 §2: the monitoring of a household covers its 两不愁三保障 — the direct support of
#: GUA-01 (不愁吃、不愁穿) and GUA-03 (基本医疗有保障: basic medical insurance) as screened
#: items of the household assessment.
_MONITORED: Final = Citation("Ch5 §2", "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况")

FOOD_CLOTHING = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="GUA-01",
    reads=("food_clothing_secure",),
    tables=("MON-01", "AST-01"),
    title_zh="吃穿无保障",
    title_en="Food and clothing not secure",
    citations=(Citation("Ch4 §1", "兜住兜牢基本生活底线"), _MONITORED),
    reasons={
        Outcome.YES: Reason("经核查，家庭不愁吃、不愁穿未得到保障（{secure}）",
                            "food and clothing are not secure (secure: {secure})"),
        Outcome.NO: Reason("经核查，家庭不愁吃、不愁穿（{secure}）",
                           "food and clothing are secure (secure: {secure})"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断吃穿是否有保障",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether food and clothing are secure"),
    },
)


def check_food_clothing(h: Household) -> Finding:
    """GUA-01: YES when food and clothing are assessed as not secure."""
    secure = h.food_clothing_secure
    if secure is None:
        return _new(Finding, (FOOD_CLOTHING, _UNKNOWN, {}, (), ("food_clothing_secure",), ""))
    return _new(Finding, (FOOD_CLOTHING, _NO if secure else _YES, {"secure": secure}, (), (), ""))


def food_clothing_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-01 as a rule."""
    return check_food_clothing(h)


# --------------------------------------------------------------------------- GUA-02, GUA-07

#: School statuses that are not a dropout (GUA-02's physical-reason exception, GUA-07's
#: formal deferral / suspension / leave, home teaching, enrolment in or outside the county,
#: and a child who already completed the nine grades).
_NOT_DROPOUT: Final = frozenset({
    SchoolStatus.IN_SCHOOL_IN_COUNTY, SchoolStatus.IN_SCHOOL_OUTSIDE_COUNTY,
    SchoolStatus.DEFERRED, SchoolStatus.SUSPENDED, SchoolStatus.ON_LEAVE,
    SchoolStatus.OUT_PHYSICAL, SchoolStatus.HOME_TEACHING, SchoolStatus.COMPLETED_COMPULSORY,
})
_EXEMPT: Final = frozenset({SchoolStatus.DEFERRED, SchoolStatus.SUSPENDED, SchoolStatus.ON_LEAVE,
                            SchoolStatus.OUT_PHYSICAL, SchoolStatus.HOME_TEACHING})

EDUCATION = RuleSpec(
    id="GUA-02",
    reads=("members[].birth_date", "members[].id", "members[].school_status"),
    tables=("MON-01", "AST-01"),
    title_zh="义务教育阶段适龄儿童少年失学辍学",
    title_en="A child of compulsory-education age out of school",
    citations=(
        Citation("Ch4 §2", "确保脱贫家庭义务教育阶段适龄儿童少年除身体原因不具备学习条件外"
                           "不失学辍学"),
        Citation("Ch4 §2", "重点排查辖区内建档立卡家庭，特别是易返贫致贫户义务教育阶段适龄儿童少年"
                           "县域内外就学情况 … 完善延缓入学、休学或请假手续"),
    ),
    parameters=_SCHOOL,
    reasons={
        Outcome.YES: Reason(
            "义务教育阶段适龄成员（按学年计，{born_from} 至 {born_to} 出生）{members} 失学辍学"
            "（非身体原因，且无延缓入学、休学或请假手续）",
            "member(s) {members} of compulsory-education age (by school year: born "
            "{born_from} to {born_to}) are out of school, not for a physical reason and "
            "without a formal deferral, suspension or leave"),
        Outcome.NO: Reason(
            "义务教育阶段适龄成员（按学年计，{born_from} 至 {born_to} 出生）{children} 人，"
            "无失学辍学（其中因身体原因或依手续延缓入学、休学、请假、送教上门 {exempt} 人）",
            "{children} member(s) of compulsory-education age (by school year: born "
            "{born_from} to {born_to}), none out of school ({exempt} for a physical reason, "
            "home teaching or a formal deferral, suspension or leave)"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断义务教育阶段适龄成员（按学年计，{born_from} 至 "
            "{born_to} 出生）是否失学辍学",
            "insufficient data: {missing} not assessed; cannot tell whether members of "
            "compulsory-education age (by school year: born {born_from} to {born_to}) are "
            "in school"),
    },
    polarity=Polarity.YES_IS_PROBLEM,
)


def compulsory_age_members(h: Household, on: dt.date,
                           school_year: SchoolYear) -> tuple[tuple[int, Member], ...]:
    """The members (with their index) of compulsory-education age on ``on``, by school year."""
    latest, after = school_age_born(on, school_year)
    if latest is None:
        return ()
    return tuple((i, m) for i, m in enumerate(h.members)
                 if m.birth_date <= latest and (after is None or m.birth_date > after))


def check_education(h: Household, on: dt.date, gp: GuaranteeParams) -> Finding:
    """GUA-02 / GUA-07: YES when a compulsory-age child is a dropout (``OUT_OTHER``)."""
    return _education(h, school_age_born(on, gp.school_year), gp)


def school_age_born(on: dt.date,
                    school_year: SchoolYear) -> tuple[dt.date | None, dt.date | None]:
    """``(latest, after)``: a member is of compulsory-education age on ``on`` when born on
    or before ``latest`` and after ``after`` (:meth:`SchoolYear.born_window`; ``latest``
    None: nobody is, ``after`` None: no lower bound)."""
    latest, after = school_year.born_window(on)
    return (None if latest is None else min(latest, on)), after


def _born_values(born: tuple[dt.date | None, dt.date | None]) -> tuple[dt.date, dt.date | None]:
    """GUA-02's ``born_from`` and ``born_to`` values for the window ``born``."""
    latest, after = born
    return dt.date.min if after is None else after + dt.timedelta(days=1), latest


def _born_range(born: tuple[dt.date | None, dt.date | None]) -> dict[str, object]:
    born_from, born_to = _born_values(born)
    return {"born_from": born_from, "born_to": born_to}


def _member_paths(h: Household, members: list[Member], field: str) -> tuple[str, ...]:
    """The paths of ``field`` of ``members`` (members of ``h``, in their order)."""
    at = {id(m): i for i, m in enumerate(h.members)}
    return tuple([f"members[{at[id(m)]}].{field}" for m in members])


def _education(h: Household, born: tuple[dt.date | None, dt.date | None],
               gp: GuaranteeParams,
               window: tuple[dt.date, dt.date | None] | None = None) -> Finding:
    """GUA-02 with the birth dates of the compulsory school years already computed
    (:func:`school_age_born`, once per date; ``window``: their :func:`_born_values`, also
    computed once when given)."""
    dropouts: list[str] = []
    # the unassessed children, whose paths are made only when the finding lists them (the
    # loop has no enumerate: its pairs cost about as much as the loop)
    unassessed: list[Member] = []
    exempt = 0
    children = 0
    latest, after = born
    if latest is not None:
        for m in h.members:
            b = m.birth_date
            if b > latest or (after is not None and b <= after):
                continue
            children += 1
            s = m.school_status
            if s is _OUT_OTHER:
                dropouts.append(m.id)
            elif s in _EXEMPT:
                exempt += 1
            elif s not in _NOT_DROPOUT:  # NOT_ASSESSED, or NOT_APPLICABLE for a school-age child
                unassessed.append(m)
    # their paths only with no dropout (YES names none)
    missing = () if not unassessed or dropouts else _member_paths(h, unassessed,
                                                                  "school_status")
    used = gp.school_year_used
    born_from, born_to = _born_values(born) if window is None else window
    if dropouts:
        return _new(Finding, (EDUCATION, _YES, {"members": tuple(dropouts),
                                                "born_from": born_from, "born_to": born_to},
                              used, (), ""))
    if missing:
        return _new(Finding, (EDUCATION, _UNKNOWN, {"born_from": born_from, "born_to": born_to},
                              used, missing, ""))
    return _new(Finding, (EDUCATION, _NO, {"children": children, "exempt": exempt,
                                           "born_from": born_from, "born_to": born_to},
                          used, (), ""))


def education_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-02 / GUA-07 as a rule."""
    return _education(h, *params.resolved(_education_inputs, on))


def _education_inputs(params: ParameterSet, on: dt.date) -> tuple[
        tuple[dt.date | None, dt.date | None], GuaranteeParams, tuple[dt.date, dt.date | None]]:
    """:func:`_education`'s arguments after the household: the school-age birth window on
    ``on``, the guarantees' parameters and the window's values (read once per set and
    date, like :func:`_resolve`)."""
    gp = params.resolved(_resolve, on)
    born = school_age_born(on, gp.school_year)
    return born, gp, _born_values(born)


@attrs.frozen
class SchoolingEntry:
    """One line of the schooling ledger (GUA-07): a compulsory-age child and its status."""

    member_id: str
    age: int
    status: SchoolStatus
    #: Whether the child counts as a dropout (失学辍学).
    dropout: bool
    #: The measure the status calls for: 劝返复学 for a dropout, 送教上门 for a physical reason.
    measure: MeasureType | None


def schooling_ledger(h: Household, params: ParameterSet, on: dt.date) -> tuple[SchoolingEntry, ...]:
    """GUA-07: the schooling and dropout ledger (就读、辍学台账) of a household's children.

    Compulsory-education age is counted by school year (:class:`SchoolYear`).
    Enrolment inside and outside the county both count as in school; a
    formal deferral, suspension or leave, or completed compulsory education, is
    not a dropout.
    """
    gp = resolve(params, on)
    out = []
    for _, m in compulsory_age_members(h, on, gp.school_year):
        dropout = m.school_status is SchoolStatus.OUT_OTHER
        measure = (MeasureType.EDUCATION_RETURN if dropout else
                   MeasureType.HOME_TEACHING if m.school_status is SchoolStatus.OUT_PHYSICAL
                   else None)
        out.append(SchoolingEntry(m.id, m.age_on(on), m.school_status, dropout, measure))
    return tuple(out)


# --------------------------------------------------------------------------- GUA-03, GUA-04

_GUA03_QUOTE: Final = Citation(
    "Ch4 §3", "全面落实脱贫人口参加城乡居民基本医疗保险个人缴费补助政策，做好全额资助农村特困人员、"
              "定额资助低保对象工作")

MEDICAL_INSURANCE = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="GUA-03",
    reads=("members[].basic_medical_insurance", "members[].id"),
    tables=("MON-01", "AST-01"),
    title_zh="成员未参加基本医疗保险",
    title_en="A member without basic medical insurance",
    citations=(_GUA03_QUOTE, _MONITORED),
    reasons={
        Outcome.YES: Reason("成员 {members} 未参加基本医疗保险",
                            "member(s) {members} have no basic medical insurance"),
        Outcome.NO: Reason("全部 {count} 名成员均参加基本医疗保险",
                           "all {count} members have basic medical insurance"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断是否参保",
                                          "insufficient data: {missing} not assessed; cannot "
                                          "tell whether every member is insured"),
    },
)


def check_medical_insurance(h: Household) -> Finding:
    """GUA-03: YES when a member has no basic medical insurance."""
    # The members without their index (``enumerate`` costs about as much as the loop): the
    # paths of the unassessed fields are listed by a second pass, only when there are some.
    uninsured: list[str] = []
    unassessed = False
    for m in h.members:
        insured = m.basic_medical_insurance
        if insured is False:
            uninsured.append(m.id)
        elif insured is None:
            unassessed = True
    if uninsured:
        return _new(Finding, (MEDICAL_INSURANCE, _YES, {"members": tuple(uninsured)}, (), (), ""))
    if unassessed:
        missing = tuple([f"members[{i}].basic_medical_insurance"
                         for i, m in enumerate(h.members) if m.basic_medical_insurance is None])
        return _new(Finding, (MEDICAL_INSURANCE, _UNKNOWN, {}, (), missing, ""))
    return _new(Finding, (MEDICAL_INSURANCE, _NO, {"count": len(h.members)}, (), (), ""))


def medical_insurance_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-03 as a rule."""
    return check_medical_insurance(h)


class SubsidyBasis(LabelledEnum):
    """Why a member's insurance contribution is subsidised (GUA-03)."""

    EXTREME_POVERTY_FULL = "extreme_poverty_full", "特困人员全额资助"
    MINIMUM_ALLOWANCE_FIXED = "minimum_allowance_fixed", "低保对象定额资助"
    LIFTED_POPULATION = "lifted_population", "脱贫人口缴费补助"
    NONE = "none", "无资助"
    #: The member's minimum-allowance / extreme-poverty status was not assessed.
    INSUFFICIENT_DATA = "insufficient_data", "数据不足"


@attrs.frozen
class InsuranceSubsidy:
    """The contribution subsidy of one member (GUA-03), with the parameters it read.

    ``amount`` is None when the subsidy cannot be told (``basis`` is
    ``INSUFFICIENT_DATA`` and ``missing`` names the field). ``notices`` warn
    when a value used is older than its parameter allows (the contribution is
    set yearly).
    """

    amount: Decimal | None
    basis: SubsidyBasis
    contribution: Decimal
    used: tuple[ParameterValue, ...]
    missing: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()


def insurance_subsidy(member: Member, household: Household, params: ParameterSet,
                      on: dt.date) -> InsuranceSubsidy:
    """GUA-03: the individual contribution subsidy of ``member``.

    Extreme-poverty persons are subsidised in full; minimum-allowance persons
    (including the single-person household) by a fixed amount, never more
    than the contribution; other members of a lifted household by a share of
    the contribution; everyone else not at all. A member whose own status was
    not assessed (``safety_net`` is ``not_assessed``) gets no amount: the
    subsidy is insufficient data naming ``safety_net``, never "no subsidy".

    >>> import datetime as dt
    >>> from revitalize.policy.parameters import default_parameters
    >>> from revitalize.models import Household, Member, PovertyStatus, SafetyNetStatus
    >>> m = Member(id="M1", birth_date=dt.date(1950, 1, 1),
    ...            safety_net=SafetyNetStatus.EXTREME_POVERTY_SUPPORT)
    >>> h = Household(id="H", town="丛林镇", village="海孔村",
    ...               poverty_status=PovertyStatus.NEVER_REGISTERED, members=(m,))
    >>> s = insurance_subsidy(m, h, default_parameters(), dt.date(2023, 6, 1))
    >>> s.amount == s.contribution, s.basis.value
    (True, 'extreme_poverty_full')
    """
    contribution = params.get("guarantees.resident_insurance_contribution", on)
    full = _dec(contribution)
    status = member.safety_net
    if status is SafetyNetStatus.EXTREME_POVERTY_SUPPORT:
        return _subsidy(full, SubsidyBasis.EXTREME_POVERTY_FULL, full, (contribution,),
                        params, on)
    if status in (SafetyNetStatus.MINIMUM_ALLOWANCE,
                  SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON):
        fixed = params.get("guarantees.minimum_allowance_contribution_subsidy", on)
        return _subsidy(min(_dec(fixed), full), SubsidyBasis.MINIMUM_ALLOWANCE_FIXED, full,
                        (contribution, fixed), params, on)
    if status is SafetyNetStatus.NOT_ASSESSED:
        return _subsidy(None, SubsidyBasis.INSUFFICIENT_DATA, full, (contribution,), params, on,
                        ("safety_net",))
    if household.poverty_status is not PovertyStatus.NEVER_REGISTERED:
        share = params.get("guarantees.lifted_contribution_subsidy_fraction", on)
        return _subsidy(to_fen(CONTEXT.multiply(full, _dec(share))),
                        SubsidyBasis.LIFTED_POPULATION, full, (contribution, share), params, on)
    return _subsidy(ZERO, SubsidyBasis.NONE, full, (contribution,), params, on)


def _subsidy(amount: Decimal | None, basis: SubsidyBasis, contribution: Decimal,
             used: tuple[ParameterValue, ...], params: ParameterSet, on: dt.date,
             missing: tuple[str, ...] = ()) -> InsuranceSubsidy:
    return InsuranceSubsidy(amount, basis, contribution, used, missing,
                            stale_value_notices(used, params, on))


_GUA04_QUOTE: Final = Citation("Ch4 §3",
                               "大病保险继续对低保对象、特困人口和返贫致贫人口进行倾斜支付")


def serious_illness_preference(member: Member, household: Household, *,
                               newly_poor: bool = False) -> bool:
    """GUA-04: whether serious-illness insurance pays ``member`` preferentially.

    Minimum-allowance and extreme-poverty persons, and members of a household
    that returned to poverty (返贫) or fell into it (致贫: ``newly_poor``, as
    decided by the caller, e.g. a monitoring subject) are preferred.
    """
    return (member.safety_net in (SafetyNetStatus.MINIMUM_ALLOWANCE,
                                  SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON,
                                  SafetyNetStatus.EXTREME_POVERTY_SUPPORT)
            or household.poverty_status is PovertyStatus.RETURNED_TO_POVERTY or newly_poor)


# --------------------------------------------------------------------------- GUA-08

_GUA08_QUOTE: Final = Citation(
    "Ch4 §3", "统筹基本医保、大病保险、医疗救助三重制度 … 全面实现参保人员统筹区内基本医疗保险、"
              "大病保险、医疗救助“一站式”服务")


@attrs.frozen
class MedicalPayment:
    """GUA-08: a medical bill split over the three layers; the parts sum to the cost."""

    cost: Decimal
    basic_insurance: Decimal
    serious_illness_insurance: Decimal
    medical_assistance: Decimal
    out_of_pocket: Decimal
    used: tuple[ParameterValue, ...]


def three_layer_payment(cost: Decimal, params: ParameterSet, on: dt.date, *,
                        preferential: bool = False, assistance: bool = False) -> MedicalPayment:
    """GUA-08: pay ``cost`` by basic insurance, then serious-illness insurance, then assistance.

    Basic insurance pays its share of the cost; serious-illness insurance pays
    its share of what remains above the deductible (with GUA-04's preferential
    terms when ``preferential``); medical assistance (when ``assistance``: the
    person is eligible) pays its share of what still remains; the remainder is
    out of pocket — what MON-03's expenditure screen reads. Each layer is
    rounded to the fen and the parts sum exactly to ``cost``.

    >>> import datetime as dt
    >>> from revitalize.policy.parameters import default_parameters
    >>> p = three_layer_payment(Decimal("50000"), default_parameters(), dt.date(2023, 6, 1),
    ...                         assistance=True)
    >>> (p.basic_insurance + p.serious_illness_insurance + p.medical_assistance
    ...  + p.out_of_pocket) == p.cost
    True
    """
    g = params.get
    basic_rate = g("guarantees.basic_insurance_rate", on)
    deductible = g("guarantees.serious_illness_deductible", on)
    rate = g("guarantees.serious_illness_rate", on)
    used = [basic_rate, deductible, rate]
    d, r = _dec(deductible), _dec(rate)
    if preferential:
        dfrac = g("guarantees.serious_illness_preferential_deductible_fraction", on)
        bonus = g("guarantees.serious_illness_preferential_rate_bonus", on)
        used += [dfrac, bonus]
        d = CONTEXT.multiply(d, _dec(dfrac))
        r = min(Decimal(1), CONTEXT.add(r, _dec(bonus)))
    basic = to_fen(CONTEXT.multiply(cost, _dec(basic_rate)))
    rest = CONTEXT.subtract(cost, basic)
    serious = to_fen(CONTEXT.multiply(max(ZERO, CONTEXT.subtract(rest, d)), r))
    rest = CONTEXT.subtract(rest, serious)
    aid = ZERO
    if assistance:
        aid_rate = g("guarantees.medical_assistance_rate", on)
        used.append(aid_rate)
        aid = to_fen(CONTEXT.multiply(rest, _dec(aid_rate)))
    return MedicalPayment(cost, basic, serious, aid, CONTEXT.subtract(rest, aid), tuple(used))


# --------------------------------------------------------------------------- GUA-05, GUA-09


class HousingState(LabelledEnum):
    """Where an unsafe house stands (GUA-05, GUA-09)."""

    NOT_RENOVATED = "not_renovated", "未改造"
    RENOVATION_NOT_CHECKED = "renovation_not_checked", "已改造但尚未通过改造后安全验收"
    RENOVATION_CHECK_FAILED = "renovation_check_failed", "改造后安全验收未通过"
    RENOVATED_AND_CHECKED = "renovated_and_checked", "已改造并通过改造后安全验收"
    SAFE_GRADE = "safe_grade", "鉴定等级安全"


_NOT_APPRAISED: Final = HousingGrade.NOT_APPRAISED
_SAFE_GRADE: Final = HousingState.SAFE_GRADE
_NOT_RENOVATED: Final = HousingState.NOT_RENOVATED
_RENOVATED_AND_CHECKED: Final = HousingState.RENOVATED_AND_CHECKED
_RENOVATION_CHECK_FAILED: Final = HousingState.RENOVATION_CHECK_FAILED
_RENOVATION_NOT_CHECKED: Final = HousingState.RENOVATION_NOT_CHECKED
#: The states in which a house of an unsafe grade is no risk (or the grade is safe).
_SAFE_STATES: Final = (_SAFE_GRADE, _RENOVATED_AND_CHECKED)
_NOT_TESTED: Final = WaterQuality.NOT_TESTED
_FAILED: Final = WaterQuality.FAILED


HOUSING = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="GUA-05",
    reads=("housing.grade", "housing.post_renovation_check_passed", "housing.renovated"),
    tables=("MON-01", "AST-01"),
    title_zh="住房安全无保障",
    title_en="Housing not safe",
    citations=(
        Citation("Ch4 §4", "将符合农村危房改造条件的对象全部纳入补助范围，"
                           "确保低收入群体住房安全全部有保障"),
        Citation("Ch4 §4", "全覆盖开展农村房屋安全隐患排查和鉴定 … 确保改造后的房屋符合安全要求"),
    ),
    parameters=("guarantees.unsafe_housing_grades",),
    reasons={
        Outcome.YES: Reason("房屋安全鉴定为 {grade}（{unsafe} 级为危房），{state}",
                            "the house is appraised grade {grade} (grades {unsafe} are dangerous "
                            "housing): {state}"),
        Outcome.NO: Reason("房屋安全鉴定为 {grade}（{unsafe} 级为危房），{state}",
                           "the house is appraised grade {grade} (grades {unsafe} are dangerous "
                           "housing): {state}"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未鉴定，无法判断住房是否安全"
                                          "（{unsafe} 级为危房）",
                                          "insufficient data: {missing} not appraised; cannot "
                                          "tell whether the house is safe (grades {unsafe} are "
                                          "dangerous)"),
    },
)


def _housing_state(h: Household, unsafe: frozenset[str]) -> HousingState:
    hs = h.housing
    if hs.grade._value_ not in unsafe:  # _value_: a plain attribute, faster than .value
        return _SAFE_GRADE
    if hs.renovated is not True:
        return _NOT_RENOVATED
    if hs.post_renovation_check_passed is True:
        return _RENOVATED_AND_CHECKED
    if hs.post_renovation_check_passed is False:
        return _RENOVATION_CHECK_FAILED
    return _RENOVATION_NOT_CHECKED


def check_housing(h: Household, gp: GuaranteeParams) -> Finding:
    """GUA-05 / GUA-09: YES for a C/D house unless it was renovated and passed the check."""
    unsafe = gp.unsafe_sorted
    grade = h.housing.grade
    if grade is _NOT_APPRAISED:
        return _new(Finding, (HOUSING, _UNKNOWN, {"unsafe": unsafe}, gp._housing_used,
                              ("housing.grade",), ""))
    state = _housing_state(h, gp.unsafe)
    outcome = _NO if state is _SAFE_GRADE or state is _RENOVATED_AND_CHECKED else _YES
    return _new(Finding, (HOUSING, outcome, {"grade": grade, "unsafe": unsafe, "state": state},
                          gp._housing_used, (), ""))


def housing_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-05 / GUA-09 as a rule."""
    return check_housing(h, params.resolved(_resolve, on))


def meets_renovation_criteria(h: Household, params: ParameterSet, on: dt.date, *,
                              assessment: Assessment[MonitoringDecision] | None = None,
                              ) -> bool:
    """GUA-05: whether a household meets the dangerous-housing renovation criteria.

    *(Reading, documented choice.)* The house is graded unsafe and not yet
    renovated, and the household belongs to a low-income group: lifted or
    returned to poverty, a member under minimum allowance or extreme-poverty
    support, or a monitoring subject — which the library determines itself: the
    household's monitoring assessment on ``on`` puts it in the range. Pass that
    ``assessment`` when you have it; otherwise the household is assessed here, and
    only when the other conditions leave the question open.
    """
    gp = resolve(params, on)
    if _housing_state(h, gp.unsafe) is not HousingState.NOT_RENOVATED:
        return False
    if h.poverty_status is not PovertyStatus.NEVER_REGISTERED or any(
            m.safety_net in (SafetyNetStatus.MINIMUM_ALLOWANCE,
                             SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON,
                             SafetyNetStatus.EXTREME_POVERTY_SUPPORT) for m in h.members):
        return True
    if assessment is None:
        from .monitoring import assess_household

        assessment = assess_household(h, params, on)
    elif assessment.subject_id != h.id or assessment.on != on:
        raise RevitalizeError(
            f"the assessment is of {assessment.subject_id!r} on {assessment.on}; expected "
            f"{h.id!r} on {on}")
    return assessment.decision.in_range is True


def renovation_inclusion_gaps(households: Iterable[Household], subsidised: Collection[str],
                              params: ParameterSet, on: dt.date) -> tuple[str, ...]:
    """GUA-05 (全部纳入): ids of households that meet the criteria but are not subsidised."""
    return tuple(h.id for h in households
                 if h.id not in subsidised and meets_renovation_criteria(h, params, on))


@attrs.frozen
class AppraisalCoverage:
    """GUA-09: how many houses were appraised, and which were not."""

    total: int
    appraised: int
    not_appraised: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether every house was appraised (全覆盖)."""
        return not self.not_appraised


def appraisal_coverage(households: Iterable[Household]) -> AppraisalCoverage:
    """GUA-09: the appraisal coverage of ``households`` (全覆盖开展 … 鉴定)."""
    total = 0
    missing: list[str] = []
    for h in households:
        total += 1
        if h.housing.grade is HousingGrade.NOT_APPRAISED:
            missing.append(h.id)
    return AppraisalCoverage(total, total - len(missing), tuple(missing))


# --------------------------------------------------------------------------- GUA-06

_GUA06_CITATIONS: Final = (
    Citation("Ch4 §5", "建立健全脱贫人口饮水安全监测机制，确保农村供水问题动态清零"),
    Citation("Ch1 §1", "水量、水质、用水方便程度、供水保证率"),
)


def _water_spec(suffix: str, zh: str, en: str, params: tuple[str, ...],
                reasons: dict[Outcome, Reason], *, reads: tuple[str, ...]) -> RuleSpec:
    return RuleSpec(id=f"GUA-06.{suffix}", title_zh=zh, title_en=en,
                    citations=_GUA06_CITATIONS, parameters=params, reasons=reasons,
                    polarity=Polarity.YES_IS_PROBLEM, reads=reads,
                    tables=("MON-01", "AST-01"))


QUANTITY = _water_spec(
    "quantity", "饮水水量不达标", "Drinking-water quantity below the standard",
    ("guarantees.water_min_litres", "guarantees.water_min_litres_scarce",
     "guarantees.water_scarce_towns"),
    {Outcome.YES: Reason("饮水水量 {litres} 升/人·天，低于标准 {minimum} 升/人·天",
                         "water quantity {litres} L per person per day is below the standard "
                         "{minimum} L"),
     Outcome.NO: Reason("饮水水量 {litres} 升/人·天，达到标准 {minimum} 升/人·天",
                        "water quantity {litres} L per person per day meets the standard "
                        "{minimum} L"),
     Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法与水量标准 {minimum} "
                                       "升/人·天比较",
                                       "insufficient data: {missing} not assessed; cannot "
                                       "compare with the standard {minimum} L per person per "
                                       "day")},
    reads=("town", "water.quantity_litres_per_person_day"),
)
QUALITY = _water_spec(
    "quality", "饮水水质不达标", "Drinking-water quality fails the test",
    (),
    {Outcome.YES: Reason("饮水水质：{quality}", "water quality: {quality}"),
     Outcome.NO: Reason("饮水水质：{quality}", "water quality: {quality}"),
     Outcome.INSUFFICIENT_DATA: Reason("饮水水质未检测（{missing}）：无法判断饮水安全",
                                       "water quality not tested ({missing}): cannot tell "
                                       "whether drinking water is safe")},
    reads=("water.quality",),
)
ACCESS = _water_spec(
    "access", "用水不方便", "Water access not convenient",
    ("guarantees.water_max_round_trip_minutes", "guarantees.water_max_horizontal_m",
     "guarantees.water_max_vertical_m"),
    {Outcome.YES: Reason("未通自来水入户，取水往返 {minutes} 分钟、水平距离 {horizontal} 米、"
                         "垂直距离 {vertical} 米，超过标准（{max_minutes} 分钟、{max_horizontal} "
                         "米、{max_vertical} 米）",
                         "not piped to the home; the round trip takes {minutes} minutes over "
                         "{horizontal} m horizontal and {vertical} m vertical, beyond the "
                         "standard ({max_minutes} minutes, {max_horizontal} m, {max_vertical} m)"),
     Outcome.NO: Reason("未通自来水入户，取水往返 {minutes} 分钟、水平距离 {horizontal} 米、"
                        "垂直距离 {vertical} 米，在标准内（{max_minutes} 分钟、{max_horizontal} "
                        "米、{max_vertical} 米）",
                        "not piped to the home; round trip {minutes} minutes, "
                        "{horizontal} m horizontal, {vertical} m vertical, within the standard "
                        "({max_minutes} minutes, {max_horizontal} m, {max_vertical} m)"),
     Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断用水方便程度（标准："
                                       "自来水入户，或往返 {max_minutes} 分钟内；未测时间时以水平"
                                       "距离 {max_horizontal} 米、垂直距离 {max_vertical} 米内"
                                       "代替）",
                                       "insufficient data: {missing} not assessed; cannot tell "
                                       "whether water access meets the standard (piped, or a "
                                       "round trip within {max_minutes} minutes; when the time "
                                       "is not measured, {max_horizontal} m horizontal and "
                                       "{max_vertical} m vertical stand in for it)")},
    reads=("water.horizontal_distance_m", "water.piped_to_home", "water.round_trip_minutes",
           "water.vertical_distance_m"),
)
#: GUA-06.access for water piped to the home (same rule, its own wording).
_ACCESS_PIPED: Final = attrs.evolve(ACCESS, reasons={
    Outcome.NO: Reason("自来水入户（{piped}），用水方便",
                       "piped to the home ({piped}): convenient"),
})
#: GUA-06.access decided by a measured round trip (the distances do not count).
_ACCESS_TIMED: Final = attrs.evolve(ACCESS, reasons={
    Outcome.YES: Reason("未通自来水入户，实测取水往返 {minutes} 分钟，超过 {max_minutes} 分钟"
                        "（已测时间，不以距离代替）",
                        "not piped to the home; the measured round trip of {minutes} minutes "
                        "is beyond {max_minutes} minutes (time measured: distances do not "
                        "stand in)"),
    Outcome.NO: Reason("未通自来水入户，实测取水往返 {minutes} 分钟，在 {max_minutes} 分钟内"
                       "（已测时间，不以距离代替）",
                       "not piped to the home; the measured round trip of {minutes} minutes "
                       "is within {max_minutes} minutes (time measured: distances do not "
                       "stand in)"),
})
#: GUA-06.access decided by the distances that stand in for an unmeasured round trip.
_ACCESS_DISTANCE: Final = attrs.evolve(ACCESS, reasons={
    Outcome.YES: Reason("未通自来水入户，往返时间未测；水平距离 {horizontal} 米、垂直距离 "
                        "{vertical} 米，超过代替标准（{max_horizontal} 米、{max_vertical} 米）",
                        "not piped to the home, round trip not measured; {horizontal} m "
                        "horizontal and {vertical} m vertical, beyond the distances that stand "
                        "in for it ({max_horizontal} m, {max_vertical} m)"),
    Outcome.NO: Reason("未通自来水入户，往返时间未测；水平距离 {horizontal} 米、垂直距离 "
                       "{vertical} 米，在代替标准内（{max_horizontal} 米、{max_vertical} 米）",
                       "not piped to the home, round trip not measured; {horizontal} m "
                       "horizontal and {vertical} m vertical, within the distances that stand "
                       "in for it ({max_horizontal} m, {max_vertical} m)"),
})
RELIABILITY = _water_spec(
    "reliability", "供水保证率不达标", "Water supply not reliable",
    ("guarantees.water_max_days_cut",),
    {Outcome.YES: Reason("每年断水或供水不足 {days} 天，超过标准 {max_days} 天",
                         "supply cut or short on {days} days a year, more than the standard "
                         "{max_days} days"),
     Outcome.NO: Reason("每年断水或供水不足 {days} 天，不超过标准 {max_days} 天",
                        "supply cut or short on {days} days a year, within the standard "
                        "{max_days} days"),
     Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法与供水保证率标准 "
                                       "{max_days} 天比较",
                                       "insufficient data: {missing} not assessed; cannot "
                                       "compare with the reliability standard {max_days} days")},
    reads=("water.days_cut_per_year",),
)
#: The four GUA-06 rules, in the order of Ch1 §1.
WATER_SPECS: Final = (QUANTITY, QUALITY, ACCESS, RELIABILITY)


def _check_quantity(h: Household, gp: GuaranteeParams) -> Finding:
    if h.town in gp.towns_scarce:
        minimum, used = gp._litres_scarce, gp._quantity_used_scarce
    else:
        minimum, used = gp._litres, gp._quantity_used
    litres = h.water.quantity_litres_per_person_day
    if litres is None:
        return _new(Finding, (QUANTITY, _UNKNOWN, {"minimum": minimum}, used,
                              ("water.quantity_litres_per_person_day",), ""))
    return _new(Finding, (QUANTITY, _YES if litres < minimum else _NO,
                          {"litres": litres, "minimum": minimum}, used, (), ""))


def _check_quality(h: Household) -> Finding:
    q = h.water.quality
    if q is _NOT_TESTED:
        return _new(Finding, (QUALITY, _UNKNOWN, {}, (), ("water.quality",), ""))
    return _new(Finding, (QUALITY, _YES if q is _FAILED else _NO,
                          {"quality": q}, (), (), ""))


def _check_access(h: Household, gp: GuaranteeParams) -> Finding:
    w = h.water
    if w.piped_to_home:
        return _new(Finding, (_ACCESS_PIPED, _NO, {"piped": True}, (), (), ""))
    used = gp._access_used
    if w.piped_to_home is None:
        return _new(Finding, (ACCESS, _UNKNOWN, dict(gp.access_limits), used,
                              ("water.piped_to_home",), ""))
    minutes = w.round_trip_minutes
    if minutes is not None:  # measured: the round trip decides
        max_minutes = gp._minutes
        return _new(Finding, (_ACCESS_TIMED, _YES if minutes > max_minutes else _NO,
                              {"minutes": minutes, "max_minutes": max_minutes}, used, (), ""))
    # not measured: the distances stand in for it
    hz, vt = w.horizontal_distance_m, w.vertical_distance_m
    max_horizontal, max_vertical = gp._horizontal, gp._vertical
    over = ((hz is not None and hz > max_horizontal)
            or (vt is not None and vt > max_vertical))
    if not over and (hz is None or vt is None):
        return _new(Finding, (ACCESS, _UNKNOWN, dict(gp.access_limits), used,
                              ("water.round_trip_minutes",), ""))
    return _new(Finding, (_ACCESS_DISTANCE, _YES if over else _NO,
                          {"horizontal": hz, "vertical": vt, "max_horizontal": max_horizontal,
                           "max_vertical": max_vertical}, used, (), ""))


def _check_reliability(h: Household, gp: GuaranteeParams) -> Finding:
    days = h.water.days_cut_per_year
    max_days = gp._days
    used = gp._reliability_used
    if days is None:
        return _new(Finding, (RELIABILITY, _UNKNOWN, {"max_days": max_days}, used,
                              ("water.days_cut_per_year",), ""))
    return _new(Finding, (RELIABILITY, _YES if days > max_days else _NO,
                          {"days": days, "max_days": max_days}, used, (), ""))


def check_water(h: Household, gp: GuaranteeParams) -> tuple[Finding, Finding, Finding, Finding]:
    """GUA-06: the four water findings (quantity, quality, access, reliability)."""
    return (_check_quantity(h, gp), _check_quality(h), _check_access(h, gp),
            _check_reliability(h, gp))


def water_quantity_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-06 quantity: YES below the litres threshold (the lower one in water-scarce towns)."""
    return _check_quantity(h, params.resolved(_resolve, on))


def water_quality_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-06 quality: YES when the test report failed."""
    return _check_quality(h)


def water_access_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-06 access: YES when not piped and the measured round trip passes its limit, or,
    with the time not measured, a distance passes the limit that stands in for it."""
    return _check_access(h, params.resolved(_resolve, on))


def water_reliability_risk(h: Household, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-06 reliability: YES when the supply is cut on more days than allowed."""
    return _check_reliability(h, params.resolved(_resolve, on))


# --------------------------------------------------------------------------- GUA-10


class FourManagement(LabelledEnum):
    """The four managements of a water-supply work (GUA-10, Box 2: 四管)."""

    PERSON_IN_CHARGE = "person_in_charge", "有人管"
    FUNDING = "funding", "有钱管"
    RULES = "rules", "有制度管"
    PROFESSIONAL = "professional", "专业化管"


@attrs.frozen
class WaterWork:
    """A rural water-supply work and its four managements (GUA-10); None = not assessed."""

    id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=name)
    person_in_charge: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    funding: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    rules: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    professional: bool | None = attrs.field(default=None, validator=optional(strict_bool))

    def get(self, item: FourManagement) -> bool | None:
        """Whether the work has one of the four managements."""
        value: bool | None = getattr(self, item.value)
        return value


FOUR_MANAGEMENT = RuleSpec(
    id="GUA-10",
    reads=("funding", "id", "person_in_charge", "professional", "rules"),
    title_zh="供水工程未达到“四管”标准",
    title_en="Water-supply work short of the four-management standard",
    citations=(Citation("Ch4 §5", "加强已建农村供水工程运行管理 … "
                                  "创建“四管”（有人管、有钱管、有制度管、专业化管）示范工程"),
               Citation("Box 2", "创建“四管”（有人管、有钱管、有制度管、专业化管）示范工程，"
                                 "加强已建农村供水工程运行管理")),
    reasons={
        Outcome.YES: Reason("供水工程 {work} 缺少：{lacking}",
                            "water-supply work {work} lacks: {lacking}"),
        Outcome.NO: Reason("供水工程 {work} 达到“四管”：{items}",
                           "water-supply work {work} has all four managements: {items}"),
        Outcome.INSUFFICIENT_DATA: Reason("数据不足：供水工程 {work} 的 {missing} 未评估",
                                          "insufficient data: {missing} of water-supply work "
                                          "{work} not assessed"),
    },
    polarity=Polarity.YES_IS_PROBLEM,
)


def four_management_check(work: WaterWork, params: ParameterSet, on: dt.date) -> Finding:
    """GUA-10: YES when the work lacks one of the four managements (the checklist; it reads
    no parameter)."""
    lacking = tuple(i for i in FourManagement if work.get(i) is False)
    missing = tuple(i.value for i in FourManagement if work.get(i) is None)
    if lacking:
        return finding(FOUR_MANAGEMENT, Outcome.YES, {"work": work.id, "lacking": lacking}, (), ())
    if missing:
        return finding(FOUR_MANAGEMENT, Outcome.INSUFFICIENT_DATA, {"work": work.id}, (), missing)
    return finding(FOUR_MANAGEMENT, Outcome.NO, {"work": work.id, "items": tuple(FourManagement)},
                   (), ())


RULES: tuple[Rule[Any], ...] = (
    Rule(FOOD_CLOTHING, food_clothing_risk),
    Rule(EDUCATION, education_risk),
    Rule(MEDICAL_INSURANCE, medical_insurance_risk),
    Rule(HOUSING, housing_risk),
    Rule(QUANTITY, water_quantity_risk),
    Rule(QUALITY, water_quality_risk),
    Rule(ACCESS, water_access_risk),
    Rule(RELIABILITY, water_reliability_risk),
    Rule(FOUR_MANAGEMENT, four_management_check),
)
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("GUA-03", _GUA03_QUOTE),
    ("GUA-04", _GUA04_QUOTE),
    ("GUA-08", _GUA08_QUOTE),
)
