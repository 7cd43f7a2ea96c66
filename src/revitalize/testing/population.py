"""A seeded generator of synthetic, realistic households across the 8 towns.

The households are **synthetic**: no person in them exists. They follow
rough shares of a rural Wansheng population (most lifted households secure,
some near the monitoring line, a few with each kind of risk, some fields
not assessed), so that an assessment of a few hundred of them meets every
risk, category and measure. The same ``seed`` gives the same households on
every machine (``random.Random``; no clock, no global random state).

The packaged sample ``revitalize/data/samples/households.jsonl`` is
``generate_households(300, seed=SAMPLE_SEED, on=SAMPLE_DATE)``, written by
``benchmarks/generate_population.py``.

>>> hs = list(generate_households(3, seed=1))
>>> [h.id for h in hs]
['H-0001', 'H-0002', 'H-0003']
>>> hs == list(generate_households(3, seed=1))
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Final, TypeVar

from dateutil.relativedelta import relativedelta

from ..models._fields import Identifier, Money, Name, Quantity
from ..models.household import (
    AssistanceKind,
    DrinkingWater,
    EmploymentStatus,
    Household,
    Housing,
    HousingGrade,
    LaborCapacity,
    LeftBehind,
    Member,
    Motivation,
    NoCapacityReason,
    PovertyStatus,
    RigidExpenditure,
    SafetyNetStatus,
    SchoolStatus,
    SelfCare,
    WaterQuality,
)

__all__ = [
    "SAMPLE_DATE",
    "SAMPLE_SEED",
    "SAMPLE_SIZE",
    "TOWN_VILLAGES",
    "baseline_household",
    "generate_households",
]

#: The assessment date of the packaged sample (and the default of ``revitalize assess --sample``).
SAMPLE_DATE: Final = dt.date(2023, 6, 1)
SAMPLE_SEED: Final = 20230601
SAMPLE_SIZE: Final = 300

#: The 8 towns and the villages the plan names in each (data/places.toml).
TOWN_VILLAGES: Final = (
    ("黑山镇", ("鱼子村",)),
    ("青年镇", ("板辽村",)),
    ("丛林镇", ("绿水村", "海孔村")),
    ("万东镇", ("五和村",)),
    ("南桐镇", ("王家坝村", "岩门村")),
    ("关坝镇", ("凉风村",)),
    ("金桥镇", ("青山村", "三台村")),
    ("石林镇", ("星台村", "庙坝村")),
)

T = TypeVar("T")


class _Draw:
    """Weighted choices over one ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def p(self, probability: float) -> bool:
        return self.r.random() < probability

    def pick(self, *weighted: tuple[T, float]) -> T:
        values = [v for v, _ in weighted]
        weights = [w for _, w in weighted]
        return self.r.choices(values, weights)[0]

    def yuan(self, low: int, high: int) -> Money:
        return Money(Decimal(self.r.randint(low * 100, high * 100)).scaleb(-2))

    def maybe(self, value: T, missing: float = 0.03) -> T | None:
        return None if self.p(missing) else value


def _birth(d: _Draw, on: dt.date, low: int, high: int) -> dt.date:
    age = d.r.randint(low, high)
    return on - relativedelta(years=age, days=d.r.randint(1, 360))


def _member(d: _Draw, mid: str, birth: dt.date, on: dt.date, household_size: int) -> Member:
    age = relativedelta(on, birth).years
    reason: NoCapacityReason | None = None
    school = SchoolStatus.NOT_APPLICABLE
    employment = EmploymentStatus.NOT_EMPLOYED
    left = LeftBehind.NOT_LEFT_BEHIND
    safety = SafetyNetStatus.NONE
    if age < 18:
        capacity = LaborCapacity.NONE
        reason = NoCapacityReason.MINOR
        if 6 <= age <= 15:
            school = d.pick((SchoolStatus.IN_SCHOOL_IN_COUNTY, 80),
                            (SchoolStatus.IN_SCHOOL_OUTSIDE_COUNTY, 6),
                            (SchoolStatus.OUT_OTHER, 4), (SchoolStatus.OUT_PHYSICAL, 2.5),
                            (SchoolStatus.ON_LEAVE, 1), (SchoolStatus.DEFERRED, 1),
                            (SchoolStatus.SUSPENDED, 1), (SchoolStatus.HOME_TEACHING, 1),
                            (SchoolStatus.NOT_ASSESSED, 2))
        elif age >= 16:
            school = SchoolStatus.IN_SCHOOL_IN_COUNTY
        if d.p(0.12):
            left = LeftBehind.CHILD
    elif age < 60:
        capacity = d.pick((LaborCapacity.FULL, 76), (LaborCapacity.WEAK, 8),
                          (LaborCapacity.HALF, 6), (LaborCapacity.NONE, 8),
                          (LaborCapacity.NOT_ASSESSED, 2))
        if capacity is LaborCapacity.NONE:
            reason = d.pick((NoCapacityReason.DISABILITY, 5), (NoCapacityReason.ILLNESS, 4),
                            (NoCapacityReason.STUDENT, 1 if age < 23 else 0))
        else:
            employment = d.pick((EmploymentStatus.EMPLOYED_LOCALLY, 35),
                                (EmploymentStatus.TRANSFER_EMPLOYMENT, 40),
                                (EmploymentStatus.PUBLIC_WELFARE_JOB, 5),
                                (EmploymentStatus.UNEMPLOYED_AFTER_EMPLOYMENT, 5),
                                (EmploymentStatus.NOT_EMPLOYED, 12),
                                (EmploymentStatus.NOT_ASSESSED, 3))
        if d.p(0.05):
            left = LeftBehind.WOMAN
    else:
        capacity = d.pick((LaborCapacity.NONE, 60), (LaborCapacity.WEAK, 28),
                          (LaborCapacity.HALF, 10), (LaborCapacity.NOT_ASSESSED, 2))
        if capacity is LaborCapacity.NONE:
            reason = d.pick((NoCapacityReason.ELDERLY, 8), (NoCapacityReason.ILLNESS, 1),
                            (NoCapacityReason.DISABILITY, 1), (None, 0.3))
        left = d.pick((LeftBehind.NOT_LEFT_BEHIND, 70), (LeftBehind.EMPTY_NEST_ELDERLY, 15),
                      (LeftBehind.ELDERLY, 12), (LeftBehind.NOT_ASSESSED, 3))
    if reason in (NoCapacityReason.ELDERLY, NoCapacityReason.ILLNESS,
                  NoCapacityReason.DISABILITY):
        safety = d.pick((SafetyNetStatus.NONE, 55), (SafetyNetStatus.MINIMUM_ALLOWANCE, 25),
                        (SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON, 5),
                        (SafetyNetStatus.EXTREME_POVERTY_SUPPORT, 15 if household_size == 1
                         else 2),
                        (SafetyNetStatus.NOT_ASSESSED, 3))
    elif d.p(0.02):
        safety = SafetyNetStatus.NOT_ASSESSED
    lost = reason in (NoCapacityReason.ELDERLY, NoCapacityReason.ILLNESS,
                      NoCapacityReason.DISABILITY)
    if lost or age >= 60:
        care = d.pick((SelfCare.SELF_SUFFICIENT, 70), (SelfCare.SEMI_DISABLED, 20),
                      (SelfCare.DISABLED, 7), (None, 3))
    else:
        care = d.pick((SelfCare.SELF_SUFFICIENT, 95), (SelfCare.SEMI_DISABLED, 2),
                      (SelfCare.DISABLED, 0.5), (None, 2.5))
    supporter = None
    if lost or care in (SelfCare.SEMI_DISABLED, SelfCare.DISABLED):
        supporter = d.pick((True, 80), (False, 40 if household_size == 1 else 12), (None, 3))
    return Member(
        id=Identifier(mid), birth_date=birth, labor_capacity=capacity, no_capacity_reason=reason,
        basic_medical_insurance=d.pick((True, 95), (False, 3), (None, 2)),
        school_status=school, employment_status=employment,
        willing_to_work=None if capacity is LaborCapacity.NONE else d.p(0.85),
        training_need=None if capacity is LaborCapacity.NONE else d.p(0.3),
        safety_net=safety, left_behind=left,
        serious_illness=d.maybe(d.p(0.06 if age < 60 else 0.15), 0.05),
        disability=d.maybe(reason is NoCapacityReason.DISABILITY or d.p(0.03), 0.05),
        self_care=care, has_legal_supporter=supporter,
    )


def _members(d: _Draw, on: dt.date) -> tuple[Member, ...]:
    shape = d.pick(("single_elderly", 10), ("elderly_couple", 12), ("couple", 10),
                   ("family", 48), ("three_generations", 16), ("children_grandparent", 4))
    births: list[dt.date] = []
    if shape == "single_elderly":
        births = [_birth(d, on, 62, 90)]
    elif shape == "elderly_couple":
        births = [_birth(d, on, 60, 85), _birth(d, on, 60, 85)]
    elif shape == "couple":
        births = [_birth(d, on, 25, 59), _birth(d, on, 25, 59)]
    elif shape == "family":
        births = [_birth(d, on, 28, 55), _birth(d, on, 26, 55)]
        births += [_birth(d, on, 0, 17) for _ in range(d.r.randint(1, 3))]
    elif shape == "three_generations":
        births = [_birth(d, on, 60, 85), _birth(d, on, 30, 55), _birth(d, on, 28, 52)]
        births += [_birth(d, on, 0, 17) for _ in range(d.r.randint(1, 2))]
    else:
        births = [_birth(d, on, 62, 85)] + [_birth(d, on, 3, 15)
                                            for _ in range(d.r.randint(1, 2))]
    n = len(births)
    return tuple(_member(d, f"M{i + 1}", b, on, n) for i, b in enumerate(births))


def _water(d: _Draw) -> DrinkingWater:
    piped = d.maybe(d.p(0.86), 0.03)
    trip = None if piped is not False else d.maybe(d.pick((d.r.randint(4, 20), 85),
                                                          (d.r.randint(21, 45), 10)), 0.1)
    return DrinkingWater(
        quantity_litres_per_person_day=d.maybe(Quantity(Decimal(d.pick(
            (d.r.randint(35, 90), 97), (d.r.randint(15, 34), 3)))), 0.04),
        quality=d.pick((WaterQuality.PASSED, 88), (WaterQuality.FAILED, 3),
                       (WaterQuality.NOT_TESTED, 9)),
        piped_to_home=piped, round_trip_minutes=trip,
        days_cut_per_year=d.maybe(d.pick((d.r.randint(0, 36), 97), (d.r.randint(37, 80), 3)),
                                  0.04),
    )


def _housing(d: _Draw, on: dt.date) -> Housing:
    grade = d.pick((HousingGrade.A, 48), (HousingGrade.B, 40), (HousingGrade.C, 5),
                   (HousingGrade.D, 3), (HousingGrade.NOT_APPRAISED, 4))
    if grade is HousingGrade.NOT_APPRAISED:
        return Housing()
    appraised = on - relativedelta(days=d.r.randint(30, 900))
    renovated = d.p(0.5) if grade in (HousingGrade.C, HousingGrade.D) else None
    check = d.pick((True, 60), (False, 15), (None, 25)) if renovated else None
    return Housing(grade=grade, appraised_on=appraised, renovated=renovated,
                   post_renovation_check_passed=check)


def _household(d: _Draw, number: int, on: dt.date) -> Household:
    town, villages = TOWN_VILLAGES[(number - 1) % len(TOWN_VILLAGES)]
    village = d.r.choice(villages)
    status = d.pick((PovertyStatus.REGISTERED_LIFTED, 58), (PovertyStatus.NEVER_REGISTERED, 38),
                    (PovertyStatus.RETURNED_TO_POVERTY, 4))
    lifted = None if status is PovertyStatus.NEVER_REGISTERED else d.r.randint(2014, 2020)
    members = _members(d, on)
    n = sum(1 for m in members if m.counts_for_income)
    per_capita = d.pick((d.r.randint(3500, 6200), 14), (d.r.randint(6000, 9000), 30),
                        (d.r.randint(9000, 30000), 48))
    income = d.yuan(per_capita * n, per_capita * n + 1)
    if d.p(0.08):  # a sharp fall from last year
        last = Money((income * Decimal(d.r.randint(145, 250)) / 100).quantize(Decimal("0.01")))
    else:
        last = Money((income * Decimal(d.r.randint(80, 110)) / 100).quantize(Decimal("0.01")))
    big_medical = d.p(0.05)
    rigid = RigidExpenditure(
        medical_out_of_pocket=d.maybe(d.yuan(8000, 60000) if big_medical else d.yuan(0, 1500)),
        education=d.maybe(d.yuan(20000, 40000) if d.p(0.02) else d.yuan(0, 3000)),
        disaster_loss=d.maybe(d.yuan(10000, 80000) if d.p(0.03) else Money(Decimal(0))),
        accident_loss=d.maybe(d.yuan(10000, 60000) if d.p(0.02) else Money(Decimal(0))),
    )
    held: list[AssistanceKind] = []
    statuses = {m.safety_net for m in members}
    if statuses & {SafetyNetStatus.MINIMUM_ALLOWANCE,
                   SafetyNetStatus.MINIMUM_ALLOWANCE_SINGLE_PERSON}:
        held.append(AssistanceKind.MINIMUM_ALLOWANCE)
    if SafetyNetStatus.EXTREME_POVERTY_SUPPORT in statuses:
        held.append(AssistanceKind.EXTREME_POVERTY_SUPPORT)
    if d.p(0.04):
        held.append(AssistanceKind.TEMPORARY_ASSISTANCE)
    return Household(
        id=Identifier(f"H-{number:04d}"), town=Name(town), village=Name(village),
        poverty_status=status, lifted_year=lifted, members=members,
        annual_net_income=d.maybe(income, 0.03), last_year_net_income=d.maybe(last, 0.05),
        rigid_expenditure=rigid, housing=_housing(d, on), water=_water(d),
        food_clothing_secure=d.pick((True, 97), (False, 1.5), (None, 1.5)),
        social_assistance=None if d.p(0.03) else tuple(held),
        motivation=d.pick((Motivation.SUFFICIENT, 84), (Motivation.INSUFFICIENT, 8),
                          (Motivation.NOT_ASSESSED, 8)),
    )


def generate_households(n: int, *, seed: int = SAMPLE_SEED,
                        on: dt.date = SAMPLE_DATE) -> Iterator[Household]:
    """``n`` synthetic households, lazily, the same for the same ``seed`` and ``on``.

    Towns rotate over the 8 towns; villages are those the plan names.
    """
    d = _Draw(seed)
    for number in range(1, n + 1):
        yield _household(d, number, on)


def baseline_household(on: dt.date = SAMPLE_DATE, *, household_id: str = "H-BASE") -> Household:
    """A lifted household with every field assessed and no risk on ``on``.

    Two working adults (40 and 38) and a child of 10 in school, a safe
    appraised house, piped tested water, income well above any line: tests
    change one field at a time with ``attrs.evolve`` to make one risk.
    """
    zero = Money(Decimal(0))

    def adult(mid: str, age: int) -> Member:
        return Member(id=Identifier(mid), birth_date=on - relativedelta(years=age, days=30),
                      labor_capacity=LaborCapacity.FULL, basic_medical_insurance=True,
                      school_status=SchoolStatus.NOT_APPLICABLE,
                      employment_status=EmploymentStatus.EMPLOYED_LOCALLY,
                      willing_to_work=True, training_need=False, safety_net=SafetyNetStatus.NONE,
                      left_behind=LeftBehind.NOT_LEFT_BEHIND, serious_illness=False,
                      disability=False, self_care=SelfCare.SELF_SUFFICIENT)

    child = Member(id=Identifier("M3"), birth_date=on - relativedelta(years=10, days=30),
                   labor_capacity=LaborCapacity.NONE, no_capacity_reason=NoCapacityReason.MINOR,
                   basic_medical_insurance=True, school_status=SchoolStatus.IN_SCHOOL_IN_COUNTY,
                   employment_status=EmploymentStatus.NOT_EMPLOYED,
                   safety_net=SafetyNetStatus.NONE, left_behind=LeftBehind.NOT_LEFT_BEHIND,
                   serious_illness=False, disability=False, self_care=SelfCare.SELF_SUFFICIENT)
    return Household(
        id=Identifier(household_id), town=Name("丛林镇"), village=Name("海孔村"),
        poverty_status=PovertyStatus.REGISTERED_LIFTED, lifted_year=2018,
        members=(adult("M1", 40), adult("M2", 38), child),
        annual_net_income=Money(Decimal("60000")), last_year_net_income=Money(Decimal("58000")),
        rigid_expenditure=RigidExpenditure(zero, zero, zero, zero),
        housing=Housing(grade=HousingGrade.A, appraised_on=on - relativedelta(months=6)),
        water=DrinkingWater(quantity_litres_per_person_day=Quantity(Decimal("60")),
                            quality=WaterQuality.PASSED, piped_to_home=True, days_cut_per_year=0),
        food_clothing_secure=True, social_assistance=(), motivation=Motivation.SUFFICIENT,
    )
