"""Households and their members: what the monitoring, assistance and guarantee rules read.

A :class:`Household` holds its members, its income, its rigid expenditure,
and the state of the two assurances, three guarantees and drinking water
(MON-03, GUA-*). Every assessed field can be "not assessed" — ``None`` or an
explicit ``NOT_ASSESSED`` member — so a rule answers "insufficient data"
naming the field instead of defaulting to "safe".

Personal data (ID number, phone, bank account, and the health details
``serious_illness`` and ``disability``) is declared with
:func:`~revitalize.models._fields.personal_field`: it never appears in a
``repr``, a public JSON output or an error message.

>>> import datetime as dt
>>> from decimal import Decimal
>>> h = Household(
...     id="H-0001", town="丛林镇", village="海孔村",
...     poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2019,
...     members=(Member(id="M1", birth_date=dt.date(1970, 5, 1)),
...              Member(id="M2", birth_date=dt.date(2010, 9, 1), counts_for_income=True)),
...     annual_net_income=Decimal("11998"),
... )
>>> h.income_member_count, h.per_capita_net_income
(2, Decimal('5999'))
>>> h.members[0].age_on(dt.date(2023, 4, 30))
52
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ..errors import InvalidInputError, UnknownNameError
from ..money import CONTEXT
from ._enums import LabelledEnum
from ._fields import (
    Identifier,
    Money,
    Name,
    PersonalKind,
    Quantity,
    all_of,
    enum_member,
    identifier,
    instance_of,
    int_between,
    iso_date,
    money,
    name,
    non_empty,
    optional,
    passes_none,
    personal_field,
    quantity,
    strict_bool,
    tuple_of,
    unique,
)

__all__ = [
    "AssistanceKind",
    "DrinkingWater",
    "EmploymentStatus",
    "ExpenditureKind",
    "Household",
    "Housing",
    "HousingGrade",
    "LaborCapacity",
    "LeftBehind",
    "Member",
    "Motivation",
    "NoCapacityReason",
    "PovertyStatus",
    "RigidExpenditure",
    "SafetyNetStatus",
    "SchoolStatus",
    "SelfCare",
    "WaterQuality",
]

#: The first year a household could be lifted out of poverty as a registered poor household.
FIRST_LIFTED_YEAR = 2014
_LAST_YEAR = 2100
#: The most minutes in a day (a round trip for water cannot take longer).
_MINUTES_PER_DAY = 24 * 60
_DAYS_PER_YEAR = 366


# --------------------------------------------------------------------------- enums


class PovertyStatus(LabelledEnum):
    """Poverty history of a household (MON-01 reads it to choose the category)."""

    #: Registered poor (建档立卡) and lifted out of poverty in ``lifted_year``.
    REGISTERED_LIFTED = "registered_lifted", "建档立卡脱贫户"
    #: Never registered as poor.
    NEVER_REGISTERED = "never_registered", "非建档立卡户"
    #: Lifted, then returned to poverty (返贫).
    RETURNED_TO_POVERTY = "returned_to_poverty", "返贫户"


class LaborCapacity(LabelledEnum):
    """Labor capacity of a member (劳动能力: 有 / 弱 / 半 / 无), AST-03, AST-05, AST-08."""

    FULL = "full", "有劳动能力"
    WEAK = "weak", "弱劳动能力"
    HALF = "half", "半劳动能力"
    NONE = "none", "无劳动能力"
    NOT_ASSESSED = "not_assessed", "未评估"


class NoCapacityReason(LabelledEnum):
    """Why a member has no labor capacity (only with ``LaborCapacity.NONE``), AST-05."""

    MINOR = "minor", "未成年"
    STUDENT = "student", "在校学生"
    ELDERLY = "elderly", "老年"
    #: Lost through disability (失能 / 半失能 因残).
    DISABILITY = "disability", "因残丧失劳动能力"
    #: Lost through illness (失能 / 半失能 因病).
    ILLNESS = "illness", "因病丧失劳动能力"


class SelfCare(LabelledEnum):
    """A member's ability to care for themselves in daily living (生活自理能力), AST-05.

    失能 / 半失能 describe self-care, not labor capacity (the plan puts half labor to
    work: 优先安置……弱劳力、半劳力就业). A health detail: the field that holds it is
    personal data, and "not assessed" is None.
    """

    SELF_SUFFICIENT = "self_sufficient", "生活自理"
    SEMI_DISABLED = "semi_disabled", "半失能"
    DISABLED = "disabled", "失能"


class SchoolStatus(LabelledEnum):
    """Schooling of a member (GUA-02, GUA-07).

    Deferred entry, suspension and leave mean *with the formal procedure*
    (完善延缓入学、休学或请假手续); without it the child is ``OUT_OTHER``.
    """

    IN_SCHOOL_IN_COUNTY = "in_school_in_county", "县域内就学"
    IN_SCHOOL_OUTSIDE_COUNTY = "in_school_outside_county", "县域外就学"
    DEFERRED = "deferred", "延缓入学"
    SUSPENDED = "suspended", "休学"
    ON_LEAVE = "on_leave", "请假"
    #: Out of school because a physical condition makes study impossible (not a dropout).
    OUT_PHYSICAL = "out_physical", "因身体原因不具备学习条件"
    #: Out of school for any other reason (a dropout: 失学辍学).
    OUT_OTHER = "out_other", "失学辍学"
    HOME_TEACHING = "home_teaching", "送教上门"
    #: Finished the nine grades of compulsory education (not a dropout, whatever the age).
    COMPLETED_COMPULSORY = "completed_compulsory", "已完成义务教育"
    #: Not of school age, or schooling is not relevant (adults).
    NOT_APPLICABLE = "not_applicable", "不适用"
    NOT_ASSESSED = "not_assessed", "未评估"


class EmploymentStatus(LabelledEnum):
    """Employment of a member (EMP-01, EMP-02, EMP-04)."""

    EMPLOYED_LOCALLY = "employed_locally", "就地就近就业"
    TRANSFER_EMPLOYMENT = "transfer_employment", "转移就业"
    PUBLIC_WELFARE_JOB = "public_welfare_job", "公益性岗位"
    #: Moved from employment to unemployment (就业转失业), EMP-01.
    UNEMPLOYED_AFTER_EMPLOYMENT = "unemployed_after_employment", "就业转失业"
    NOT_EMPLOYED = "not_employed", "未就业"
    NOT_ASSESSED = "not_assessed", "未评估"


class SafetyNetStatus(LabelledEnum):
    """A member's own minimum-allowance / extreme-poverty status (AST-05, AST-07, AST-10)."""

    NONE = "none", "未纳入"
    MINIMUM_ALLOWANCE = "minimum_allowance", "农村低保对象"
    #: Covered as a single-person household apart from the family (低保“单人户”), AST-07.
    MINIMUM_ALLOWANCE_SINGLE_PERSON = "minimum_allowance_single_person", "低保单人户"
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support", "特困人员"
    NOT_ASSESSED = "not_assessed", "未评估"


class LeftBehind(LabelledEnum):
    """Left-behind status of a member (三留守人员), AST-09."""

    NOT_LEFT_BEHIND = "not_left_behind", "非留守"
    ELDERLY = "elderly", "留守老年人"
    EMPTY_NEST_ELDERLY = "empty_nest_elderly", "空巢老年人"
    CHILD = "child", "留守儿童"
    WOMAN = "woman", "留守妇女"
    NOT_ASSESSED = "not_assessed", "未评估"


class HousingGrade(LabelledEnum):
    """Housing safety appraisal grade (GUA-05, GUA-09; national grades: C and D are dangerous)."""

    A = "A", "A级"
    B = "B", "B级"
    C = "C", "C级"
    D = "D", "D级"
    NOT_APPRAISED = "not_appraised", "未鉴定"


class WaterQuality(LabelledEnum):
    """Drinking-water quality by test report (GUA-06)."""

    PASSED = "passed", "水质检测合格"
    FAILED = "failed", "水质检测不合格"
    NOT_TESTED = "not_tested", "未检测"


class Motivation(LabelledEnum):
    """The cadres' assessment of a household's internal motivation (AST-06)."""

    SUFFICIENT = "sufficient", "内生动力充足"
    INSUFFICIENT = "insufficient", "内生动力不足"
    NOT_ASSESSED = "not_assessed", "未评估"


class AssistanceKind(LabelledEnum):
    """Social assistance a household holds (MON-04, AST-04, AST-05, AST-11)."""

    MINIMUM_ALLOWANCE = "minimum_allowance", "农村低保"
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support", "特困人员救助供养"
    TEMPORARY_ASSISTANCE = "temporary_assistance", "临时救助"
    MEDICAL_ASSISTANCE = "medical_assistance", "医疗救助"
    EDUCATION_ASSISTANCE = "education_assistance", "教育救助"
    HOUSING_ASSISTANCE = "housing_assistance", "住房救助"
    EMPLOYMENT_ASSISTANCE = "employment_assistance", "就业救助"


class ExpenditureKind(LabelledEnum):
    """A kind of rigid expenditure (刚性支出), MON-03."""

    #: Medical costs left after basic insurance, serious-illness insurance and assistance (GUA-08).
    MEDICAL_OUT_OF_POCKET = "medical_out_of_pocket", "医疗自付支出"
    EDUCATION = "education", "教育支出"
    DISASTER_LOSS = "disaster_loss", "灾害损失"
    ACCIDENT_LOSS = "accident_loss", "意外事故损失"


# --------------------------------------------------------------------------- helpers


@passes_none
def _check_reason(inst: Member, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and inst.labor_capacity is not LaborCapacity.NONE:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"a reason for no labor capacity is given ({value.value!r}) but labor_capacity is "
            f"{inst.labor_capacity.value!r}; expected null, or labor_capacity 'none'",
        )


# --------------------------------------------------------------------------- member

_SELF_CARE = enum_member(SelfCare)


@attrs.frozen
class Member:
    """One member of a household.

    ``counts_for_income`` marks whether the member counts in the household for
    income purposes (the household register adjusted for who actually lives
    and shares income together, local practice). ``no_capacity_reason`` is only
    given with ``labor_capacity`` ``NONE`` (None there means "reason not
    assessed").
    ``self_care`` is the member's self-care ability (失能 / 半失能, AST-05; a
    health detail, personal data); ``has_legal_supporter`` whether the member
    has a legal supporter (法定赡养、抚养或扶养义务人) able to support them, which
    decides extreme-poverty support against the minimum allowance (AST-05,
    《社会救助暂行办法》第十四条). None is "not assessed" for both.
    """

    id: Identifier = attrs.field(validator=identifier)
    birth_date: dt.date = attrs.field(validator=iso_date)
    counts_for_income: bool = attrs.field(default=True, validator=strict_bool)
    labor_capacity: LaborCapacity = attrs.field(
        default=LaborCapacity.NOT_ASSESSED, validator=enum_member(LaborCapacity)
    )
    no_capacity_reason: NoCapacityReason | None = attrs.field(
        default=None, validator=all_of(optional(enum_member(NoCapacityReason)), _check_reason)
    )
    basic_medical_insurance: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )
    school_status: SchoolStatus = attrs.field(
        default=SchoolStatus.NOT_ASSESSED, validator=enum_member(SchoolStatus)
    )
    employment_status: EmploymentStatus = attrs.field(
        default=EmploymentStatus.NOT_ASSESSED, validator=enum_member(EmploymentStatus)
    )
    willing_to_work: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    training_need: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    safety_net: SafetyNetStatus = attrs.field(
        default=SafetyNetStatus.NOT_ASSESSED, validator=enum_member(SafetyNetStatus)
    )
    left_behind: LeftBehind = attrs.field(
        default=LeftBehind.NOT_ASSESSED, validator=enum_member(LeftBehind)
    )
    #: Serious illness (health detail: personal data).
    serious_illness: bool | None = personal_field(PersonalKind.HEALTH, strict_bool)
    #: Registered disability (health detail: personal data).
    disability: bool | None = personal_field(PersonalKind.HEALTH, strict_bool)
    #: Self-care ability, 失能 / 半失能 (health detail: personal data).
    self_care: SelfCare | None = personal_field(  # noqa: RUF009 (an attrs field, as above)
        PersonalKind.HEALTH, _SELF_CARE)
    #: Whether a legal supporter able to support the member exists (None: not assessed).
    has_legal_supporter: bool | None = attrs.field(default=None,
                                                   validator=optional(strict_bool))
    id_number: str | None = personal_field(PersonalKind.IDENTIFIER, identifier)
    phone: str | None = personal_field(PersonalKind.CONTACT, identifier)
    bank_account: str | None = personal_field(PersonalKind.FINANCIAL, identifier)

    def age_on(self, on: dt.date) -> int:
        """Age in whole years on ``on``; an error if ``on`` is before the birth date.

        >>> Member(id="M1", birth_date=dt.date(2008, 3, 1)).age_on(dt.date(2026, 2, 28))
        17
        """
        if on < self.birth_date:
            raise InvalidInputError.one(
                "$.birth_date",
                f"the member {self.id!r} is born on {self.birth_date.isoformat()}, "
                f"after {on.isoformat()}",
            )
        return relativedelta(on, self.birth_date).years


# --------------------------------------------------------------------------- household parts


@attrs.frozen
class RigidExpenditure:
    """Rigid expenditure of the last year by kind, in yuan; None = not assessed (MON-03)."""

    #: Medical out-of-pocket costs after the three insurance layers (GUA-08).
    medical_out_of_pocket: Money | None = attrs.field(default=None, validator=optional(money))
    education: Money | None = attrs.field(default=None, validator=optional(money))
    disaster_loss: Money | None = attrs.field(default=None, validator=optional(money))
    accident_loss: Money | None = attrs.field(default=None, validator=optional(money))

    def get(self, kind: ExpenditureKind) -> Money | None:
        """The amount of one kind of expenditure (None = not assessed)."""
        value: Money | None = getattr(self, kind.value)
        return value

    @property
    def not_assessed(self) -> tuple[ExpenditureKind, ...]:
        """The kinds that were not assessed."""
        return tuple(k for k in ExpenditureKind if self.get(k) is None)

    @property
    def assessed_total(self) -> Decimal:
        """The sum of the assessed kinds (exact, money.CONTEXT)."""
        total = Decimal(0)
        for kind in ExpenditureKind:
            amount = self.get(kind)
            if amount is not None:
                total = CONTEXT.add(total, amount)
        return total


@passes_none
def _check_appraised_on(inst: Housing, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and inst.grade is HousingGrade.NOT_APPRAISED:
        raise InvalidInputError.one(
            f"$.{attribute.name}", "an appraisal date is given but the grade is 'not_appraised'"
        )


@passes_none
def _check_post_check(inst: Housing, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and inst.renovated is not True:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            "a post-renovation check result is given but the house is not marked renovated; "
            "expected null, or renovated true",
        )


@attrs.frozen
class Housing:
    """Housing safety: appraisal grade, renovation and the post-renovation check (GUA-05, 09)."""

    grade: HousingGrade = attrs.field(
        default=HousingGrade.NOT_APPRAISED, validator=enum_member(HousingGrade)
    )
    appraised_on: dt.date | None = attrs.field(
        default=None, validator=all_of(optional(iso_date), _check_appraised_on)
    )
    renovated: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    #: Whether the renovated house passed the safety check after renovation (GUA-09).
    post_renovation_check_passed: bool | None = attrs.field(
        default=None, validator=all_of(optional(strict_bool), _check_post_check)
    )


@passes_none
def _check_not_piped(inst: DrinkingWater, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and inst.piped_to_home is True:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            "water is piped to the home, so the way to a water source is not measured; "
            "expected null",
        )


@attrs.frozen
class DrinkingWater:
    """Drinking water on its four dimensions (GUA-06); each None / NOT_TESTED = not assessed.

    Quantity in litres per person per day; quality by test report; access is
    piped to the home, or else the round trip to the source (minutes, and
    optionally the horizontal and vertical distance in metres); reliability
    is the number of days a year the supply is cut or short.
    """

    quantity_litres_per_person_day: Quantity | None = attrs.field(
        default=None, validator=optional(quantity)
    )
    quality: WaterQuality = attrs.field(
        default=WaterQuality.NOT_TESTED, validator=enum_member(WaterQuality)
    )
    piped_to_home: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    round_trip_minutes: int | None = attrs.field(
        default=None, validator=all_of(optional(int_between(0, _MINUTES_PER_DAY)), _check_not_piped)
    )
    horizontal_distance_m: Quantity | None = attrs.field(
        default=None, validator=all_of(optional(quantity), _check_not_piped)
    )
    vertical_distance_m: Quantity | None = attrs.field(
        default=None, validator=all_of(optional(quantity), _check_not_piped)
    )
    days_cut_per_year: int | None = attrs.field(
        default=None, validator=optional(int_between(0, _DAYS_PER_YEAR))
    )


# --------------------------------------------------------------------------- household


def _check_lifted_year(inst: Household, attribute: attrs.Attribute[Any], value: Any) -> None:
    status = inst.poverty_status
    if status is PovertyStatus.REGISTERED_LIFTED and value is None:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            "a registered poor household lifted out of poverty needs the year it was lifted",
        )
    if status is PovertyStatus.NEVER_REGISTERED and value is not None:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"a household never registered as poor has no lifted year, got {value}; "
            "expected null",
        )


_UNIQUE_ASSISTANCE = unique(what="assistance kind")


@passes_none
def _unique_assistance(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _UNIQUE_ASSISTANCE(inst, attribute, value)


@attrs.frozen
class Household:
    """A rural household: members, income, rigid expenditure, assurances and guarantees.

    ``annual_net_income`` is the household's total annual net income in yuan
    and ``last_year_net_income`` the previous year's (None = not assessed).
    ``social_assistance`` is None when not assessed and ``()`` when the
    household holds none. Member ids are unique.
    """

    id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=name)
    village: Name = attrs.field(validator=name)
    poverty_status: PovertyStatus = attrs.field(validator=enum_member(PovertyStatus))
    members: tuple[Member, ...] = attrs.field(
        validator=all_of(tuple_of(instance_of(Member)), non_empty,
                         unique(attrgetter("id"), "member id"))
    )
    lifted_year: int | None = attrs.field(
        default=None,
        validator=all_of(optional(int_between(FIRST_LIFTED_YEAR, _LAST_YEAR)),
                         _check_lifted_year),
    )
    annual_net_income: Money | None = attrs.field(default=None, validator=optional(money))
    last_year_net_income: Money | None = attrs.field(default=None, validator=optional(money))
    rigid_expenditure: RigidExpenditure = attrs.field(
        factory=RigidExpenditure, validator=instance_of(RigidExpenditure)
    )
    housing: Housing = attrs.field(factory=Housing, validator=instance_of(Housing))
    water: DrinkingWater = attrs.field(factory=DrinkingWater, validator=instance_of(DrinkingWater))
    food_clothing_secure: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    social_assistance: tuple[AssistanceKind, ...] | None = attrs.field(
        default=None,
        validator=all_of(optional(tuple_of(enum_member(AssistanceKind))), _unique_assistance),
    )
    motivation: Motivation = attrs.field(
        default=Motivation.NOT_ASSESSED, validator=enum_member(Motivation)
    )

    def member(self, member_id: str) -> Member:
        """The member with id ``member_id`` (an UnknownNameError names close matches)."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise UnknownNameError("member", member_id, (m.id for m in self.members))

    @property
    def income_members(self) -> tuple[Member, ...]:
        """The members who count in the household for income."""
        return tuple(m for m in self.members if m.counts_for_income)

    @property
    def income_member_count(self) -> int:
        """The number of members who count in the household for income."""
        n = 0
        for m in self.members:
            if m.counts_for_income:
                n += 1
        return n

    @property
    def per_capita_net_income(self) -> Decimal | None:
        """Annual net income per member counted for income, unrounded (money.CONTEXT).

        None when the income is not assessed or no member counts for income.
        """
        n = self.income_member_count
        if self.annual_net_income is None or n == 0:
            return None
        return CONTEXT.divide(self.annual_net_income, Decimal(n))

    @property
    def left_behind_members(self) -> tuple[Member, ...]:
        """The members who are left behind (三留守), AST-09."""
        return tuple(
            m
            for m in self.members
            if m.left_behind not in (LeftBehind.NOT_LEFT_BEHIND, LeftBehind.NOT_ASSESSED)
        )
