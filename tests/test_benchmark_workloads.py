"""The W1 benchmark workload: the library's rule functions and the floor agree (not timed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

from revitalize.models.household import (
    DrinkingWater,
    Household,
    Housing,
    HousingGrade,
    LaborCapacity,
    Member,
    NoCapacityReason,
    PovertyStatus,
    SchoolStatus,
    WaterQuality,
)
from revitalize.policy import guarantees as gua
from revitalize.policy.income import monitoring_line
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.testing.benchmark import (
    DEVELOPMENTAL,
    SAFETY_NET,
    floor_limits,
    floor_tuple,
    w1_floor,
    w1_library,
    w1_parameters,
)
from revitalize.testing.population import SAMPLE_DATE, baseline_household, generate_households

ON = SAMPLE_DATE


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return w1_parameters(default_parameters())


def _agree(h: Household, params: ParameterSet) -> tuple[bool, str | None]:
    a = w1_library(h, params, ON)
    assert a == w1_floor(floor_tuple(h), floor_limits(params, ON)), h.id
    return a


def test_w1_counts_medical_and_disaster_spending(params: ParameterSet) -> None:
    """The W1 parameters count medical and disaster spending and keep the line and ratio."""
    assert params.names("monitoring.rigid_expenditure_kinds", ON) == (
        "medical_out_of_pocket", "disaster_loss")
    base = default_parameters()
    assert monitoring_line(params, ON) == monitoring_line(base, ON)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_library_and_floor_agree_on_the_seeded_population(params: ParameterSet,
                                                          seed: int) -> None:
    """(a) and (b) give the same inclusion and measure for 1,500 seeded households."""
    outcomes = [_agree(h, params) for h in generate_households(1500, seed=seed)]
    assert {o[1] for o in outcomes} == {None, DEVELOPMENTAL, SAFETY_NET}


def _members(h: Household, **changes: object) -> Household:
    return attrs.evolve(h, members=tuple(attrs.evolve(m, **changes) for m in h.members))


def _child(h: Household, birth: dt.date, status: SchoolStatus) -> Household:
    child = attrs.evolve(h.members[2], birth_date=birth, school_status=status)
    return attrs.evolve(h, members=(*h.members[:2], child))


def _boundaries(p: ParameterSet) -> list[tuple[str, Callable[[Household], Household], bool]]:
    """(name, change, include) at each W1 threshold, the thresholds read from ``p``."""
    line = monitoring_line(p, ON).line
    ratio = p.decimal("monitoring.rigid_expenditure_ratio", ON)
    latest, after = gua.school_age_born(ON, gua.resolve(p, ON).school_year)
    assert latest is not None and after is not None
    day = dt.timedelta(days=1)
    litres = p.decimal("guarantees.water_min_litres", ON)
    minutes = p.integer("guarantees.water_max_round_trip_minutes", ON)
    days = p.integer("guarantees.water_max_days_cut", ON)
    fen = Decimal("0.01")
    at_line = line * 3  # three members count for income

    def income(x: Decimal) -> Callable[[Household], Household]:
        return lambda h: attrs.evolve(h, annual_net_income=x)

    def spend(medical: Decimal, disaster: Decimal) -> Callable[[Household], Household]:
        def change(h: Household) -> Household:
            rx = attrs.evolve(h.rigid_expenditure, medical_out_of_pocket=medical,
                              disaster_loss=disaster, education=Decimal(100000))
            return attrs.evolve(h, rigid_expenditure=rx)
        return change

    half = Decimal(60000) * ratio
    water = DrinkingWater(quantity_litres_per_person_day=litres, quality=WaterQuality.PASSED,
                          piped_to_home=True, days_cut_per_year=0)
    return [
        ("income at the line", income(at_line), False),
        ("income a fen below", income(at_line - fen), True),
        ("income unknown", income(None), False),  # type: ignore[arg-type]
        ("spending at half", spend(half - 1, Decimal(1)), False),
        ("spending a fen above", spend(half, fen), True),
        ("education not counted", spend(Decimal(0), Decimal(0)), False),
        ("youngest school-age child out", lambda h: _child(h, latest, SchoolStatus.OUT_OTHER),
         True),
        ("child not yet due out", lambda h: _child(h, latest + day, SchoolStatus.OUT_OTHER),
         False),
        ("oldest school-age child out", lambda h: _child(h, after + day, SchoolStatus.OUT_OTHER),
         True),
        ("child past grade nine out", lambda h: _child(h, after, SchoolStatus.OUT_OTHER), False),
        ("child completed compulsory education",
         lambda h: _child(h, latest, SchoolStatus.COMPLETED_COMPULSORY), False),
        ("child out for a physical reason",
         lambda h: _child(h, latest, SchoolStatus.OUT_PHYSICAL), False),
        ("child born after the date",
         lambda h: _child(h, ON + 30 * day, SchoolStatus.OUT_OTHER), False),
        ("a member uninsured", lambda h: _members(h, basic_medical_insurance=False), True),
        ("insurance unknown", lambda h: _members(h, basic_medical_insurance=None), False),
        ("house grade C", lambda h: attrs.evolve(h, housing=Housing(grade=HousingGrade.C)), True),
        ("house C renovated and checked", lambda h: attrs.evolve(h, housing=Housing(
            grade=HousingGrade.C, renovated=True, post_renovation_check_passed=True)), False),
        ("house C renovated, check unknown", lambda h: attrs.evolve(h, housing=Housing(
            grade=HousingGrade.C, renovated=True)), True),
        ("house not appraised", lambda h: attrs.evolve(h, housing=Housing()), False),
        ("water at the minimum", lambda h: attrs.evolve(h, water=water), False),
        ("water below the minimum", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, quantity_litres_per_person_day=litres - fen)), True),
        ("water failed", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, quality=WaterQuality.FAILED)), True),
        ("trip at the limit", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, piped_to_home=False, round_trip_minutes=minutes)), False),
        ("trip over the limit", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, piped_to_home=False, round_trip_minutes=minutes + 1)), True),
        ("trip at the limit, far away", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, piped_to_home=False, round_trip_minutes=minutes,
            horizontal_distance_m=Decimal(10**6), vertical_distance_m=Decimal(10**6))), False),
        ("trip not measured, far away", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, piped_to_home=False, horizontal_distance_m=Decimal(10**6))), True),
        ("cuts at the limit", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, days_cut_per_year=days)), False),
        ("cuts over the limit", lambda h: attrs.evolve(h, water=attrs.evolve(
            water, days_cut_per_year=days + 1)), True),
    ]


def test_library_and_floor_agree_at_each_boundary(params: ParameterSet) -> None:
    """Just-in and just-out households at every W1 threshold give the same answer."""
    base = baseline_household(ON)
    assert _agree(base, params) == (False, None)
    for name, change, include in _boundaries(params):
        h = change(base)
        assert _agree(h, params)[0] is include, name


def test_measure_follows_labor_capacity(params: ParameterSet) -> None:
    """Developmental with a member able to work (weak counts), else safety net."""
    poor = attrs.evolve(baseline_household(ON), annual_net_income=Decimal(100))
    assert _agree(poor, params) == (True, DEVELOPMENTAL)
    weak = _members(poor, labor_capacity=LaborCapacity.WEAK, no_capacity_reason=None)
    assert _agree(weak, params) == (True, DEVELOPMENTAL)
    none = _members(poor, labor_capacity=LaborCapacity.NONE,
                    no_capacity_reason=NoCapacityReason.ILLNESS)
    assert _agree(none, params) == (True, SAFETY_NET)
    unknown = _members(poor, labor_capacity=LaborCapacity.NOT_ASSESSED, no_capacity_reason=None)
    assert _agree(unknown, params) == (True, SAFETY_NET)


def test_a_member_record_is_enough(params: ParameterSet) -> None:
    """A household with a single member born long ago is screened like the floor."""
    m = Member(id="M1", birth_date=dt.date(1950, 1, 1))
    h = Household(id="H", town="丛林镇", village="海孔村",
                  poverty_status=PovertyStatus.NEVER_REGISTERED, members=(m,))
    _agree(h, params)
