"""Households and members: construction checks, derived values and context validation."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

from revitalize import models
from revitalize.errors import InvalidInputError, UnknownNameError
from revitalize.models import (
    AssistanceKind,
    DrinkingWater,
    ExpenditureKind,
    Household,
    Housing,
    HousingGrade,
    LabelledEnum,
    LaborCapacity,
    Member,
    NoCapacityReason,
    PovertyStatus,
    RigidExpenditure,
    validate,
)
from revitalize.testing import strategies as rst

ON = dt.date(2023, 6, 1)


def member(member_id: str = "M1", **kw: Any) -> Member:
    """A member born in 1980 unless told otherwise."""
    kw.setdefault("birth_date", dt.date(1980, 1, 31))
    return Member(id=member_id, **kw)


def household(**kw: Any) -> Household:
    """A valid household; keywords override fields."""
    values: dict[str, Any] = {
        "id": "H-0001",
        "town": "丛林镇",
        "village": "海孔村",
        "poverty_status": PovertyStatus.REGISTERED_LIFTED,
        "lifted_year": 2019,
        "members": (member("M1"), member("M2", birth_date=dt.date(2012, 3, 1))),
    }
    values.update(kw)
    return Household(**values)


def paths(error: InvalidInputError) -> list[str]:
    """The problem paths of an error."""
    return [p.path for p in error.problems]


class FakeRegistry:
    """A place registry with one town and one village."""

    def has_town(self, name: str) -> bool:
        return name == "丛林镇"

    def has_village(self, town: str, village: str) -> bool:
        return (town, village) == ("丛林镇", "海孔村")


def test_age_on_counts_whole_years() -> None:
    """A member's age goes up on the birthday, not before."""
    m = member(birth_date=dt.date(2005, 6, 2))
    assert m.age_on(dt.date(2023, 6, 1)) == 17
    assert m.age_on(dt.date(2023, 6, 2)) == 18


def test_age_before_birth_is_an_error() -> None:
    """Asking for an age before the birth date raises an error naming the field."""
    with pytest.raises(InvalidInputError) as e:
        member(birth_date=dt.date(2024, 1, 1)).age_on(ON)
    assert paths(e.value) == ["$.birth_date"]


def test_income_members_and_per_capita_income() -> None:
    """Only members who count for income divide the household's income."""
    h = household(
        members=(member("M1"), member("M2"), member("M3", counts_for_income=False)),
        annual_net_income=Decimal("11999.99"),
    )
    assert h.income_member_count == 2
    assert [m.id for m in h.income_members] == ["M1", "M2"]
    assert h.per_capita_net_income == Decimal("5999.995")


def test_per_capita_income_is_unknown_without_income_or_members() -> None:
    """Per-capita income is None when income is not assessed or nobody counts."""
    assert household().per_capita_net_income is None
    nobody = household(
        members=(member(counts_for_income=False),), annual_net_income=Decimal(100)
    )
    assert nobody.per_capita_net_income is None


def test_member_lookup_names_close_matches() -> None:
    """Looking up an unknown member id raises UnknownNameError with suggestions."""
    h = household()
    assert h.member("M2").id == "M2"
    with pytest.raises(UnknownNameError) as e:
        h.member("M3")
    assert "M1" in str(e.value)


def test_duplicate_member_ids_are_refused_by_index() -> None:
    """Two members with one id cannot be built; the second is named."""
    with pytest.raises(InvalidInputError) as e:
        household(members=(member("M1"), member("M2"), member("M1")))
    assert paths(e.value) == ["$.members[2]"]
    assert "duplicate member id 'M1'" in str(e.value)


def test_a_household_has_members() -> None:
    """A household without members cannot be built."""
    with pytest.raises(InvalidInputError) as e:
        household(members=())
    assert paths(e.value) == ["$.members"]


@pytest.mark.parametrize(
    ("status", "year", "ok"),
    [
        (PovertyStatus.REGISTERED_LIFTED, 2019, True),
        (PovertyStatus.REGISTERED_LIFTED, None, False),
        (PovertyStatus.RETURNED_TO_POVERTY, None, True),
        (PovertyStatus.RETURNED_TO_POVERTY, 2018, True),
        (PovertyStatus.NEVER_REGISTERED, None, True),
        (PovertyStatus.NEVER_REGISTERED, 2019, False),
        (PovertyStatus.REGISTERED_LIFTED, 2013, False),
    ],
)
def test_lifted_year_matches_the_poverty_history(
    status: PovertyStatus, year: int | None, ok: bool
) -> None:
    """A lifted household needs its year; a never-registered one has none."""
    if ok:
        assert household(poverty_status=status, lifted_year=year).lifted_year == year
    else:
        with pytest.raises(InvalidInputError) as e:
            household(poverty_status=status, lifted_year=year)
        assert paths(e.value) == ["$.lifted_year"]


@pytest.mark.parametrize(
    "amount",
    [Decimal("-1"), Decimal("-0"), Decimal("1.005"), Decimal("NaN"), Decimal("1E+3"), 1.5, True, 5],
)
def test_money_fields_refuse_bad_amounts(amount: object) -> None:
    """Income must be a non-negative Decimal with at most 2 places and no exponent."""
    with pytest.raises(InvalidInputError) as e:
        household(annual_net_income=amount)
    assert paths(e.value) == ["$.annual_net_income"]


def test_money_keeps_its_exponent() -> None:
    """An amount written 1.0 stays 1.0 (not 1 or 1.00)."""
    assert str(household(annual_net_income=Decimal("1.0")).annual_net_income) == "1.0"


def test_dates_refuse_datetimes() -> None:
    """A datetime is not a date for a birth date."""
    with pytest.raises(InvalidInputError) as e:
        member(birth_date=dt.datetime(1980, 1, 1, 12, 0))
    assert paths(e.value) == ["$.birth_date"]


def test_no_capacity_reason_only_with_no_capacity() -> None:
    """A reason for no labor capacity needs labor capacity NONE; NONE may lack a reason."""
    with pytest.raises(InvalidInputError) as e:
        member(labor_capacity=LaborCapacity.FULL, no_capacity_reason=NoCapacityReason.ELDERLY)
    assert paths(e.value) == ["$.no_capacity_reason"]
    assert member(labor_capacity=LaborCapacity.NONE).no_capacity_reason is None


def test_housing_post_check_needs_renovation() -> None:
    """A post-renovation check result needs a renovated house (GUA-09)."""
    with pytest.raises(InvalidInputError) as e:
        Housing(grade=HousingGrade.C, renovated=False, post_renovation_check_passed=True)
    assert paths(e.value) == ["$.post_renovation_check_passed"]
    assert Housing(renovated=True, post_renovation_check_passed=False).renovated


def test_housing_appraisal_date_needs_a_grade() -> None:
    """An appraisal date with grade 'not appraised' is contradictory."""
    with pytest.raises(InvalidInputError) as e:
        Housing(appraised_on=dt.date(2022, 1, 1))
    assert paths(e.value) == ["$.appraised_on"]


def test_piped_water_has_no_walk() -> None:
    """Water piped to the home has no round trip to a source."""
    with pytest.raises(InvalidInputError) as e:
        DrinkingWater(piped_to_home=True, round_trip_minutes=10)
    assert paths(e.value) == ["$.round_trip_minutes"]
    with pytest.raises(InvalidInputError):
        DrinkingWater(days_cut_per_year=367)


def test_default_household_is_not_assessed() -> None:
    """A household built with only its identity has every assessment unknown."""
    h = household()
    assert h.annual_net_income is None
    assert h.rigid_expenditure.not_assessed == tuple(ExpenditureKind)
    assert h.housing.grade is HousingGrade.NOT_APPRAISED
    assert h.water.quantity_litres_per_person_day is None
    assert h.food_clothing_secure is None
    assert h.social_assistance is None


def test_rigid_expenditure_by_kind() -> None:
    """Expenditure is read by kind and totalled over the assessed kinds."""
    r = RigidExpenditure(medical_out_of_pocket=Decimal("100.5"), disaster_loss=Decimal("0.25"))
    assert r.get(ExpenditureKind.MEDICAL_OUT_OF_POCKET) == Decimal("100.5")
    assert r.assessed_total == Decimal("100.75")
    assert r.not_assessed == (ExpenditureKind.EDUCATION, ExpenditureKind.ACCIDENT_LOSS)


def test_social_assistance_is_unique() -> None:
    """The same kind of assistance cannot be listed twice."""
    with pytest.raises(InvalidInputError) as e:
        household(
            social_assistance=(AssistanceKind.MINIMUM_ALLOWANCE, AssistanceKind.MINIMUM_ALLOWANCE)
        )
    assert paths(e.value) == ["$.social_assistance[1]"]


def test_left_behind_members() -> None:
    """Left-behind members are those with a left-behind status."""
    h = household(
        members=(
            member("M1", left_behind=models.LeftBehind.CHILD),
            member("M2", left_behind=models.LeftBehind.NOT_LEFT_BEHIND),
            member("M3"),
        )
    )
    assert [m.id for m in h.left_behind_members] == ["M1"]


def test_models_are_frozen() -> None:
    """Model objects cannot be changed after construction."""
    h = household()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        h.town = "黑山镇"  # type: ignore[misc]


def _enums() -> list[type[enum.Enum]]:
    return [
        obj
        for obj in vars(models).values()
        if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj is not LabelledEnum
    ]


def test_every_enum_member_has_a_chinese_label() -> None:
    """Every public model enum is a LabelledEnum whose members carry Chinese labels."""
    for cls in _enums():
        assert issubclass(cls, LabelledEnum), cls
        for m in cls:
            assert any("\u4e00" <= c <= "\u9fff" for c in m.label_zh), (cls, m)


# --------------------------------------------------------------------------- validate


def test_validate_finds_a_member_born_after_the_date() -> None:
    """validate names the birth date of a member born after the assessment date."""
    h = household(members=(member("M1"), member("M2", birth_date=dt.date(2023, 6, 2))))
    problems = validate(h, on=ON)
    assert [p.path for p in problems] == ["$.members[1].birth_date"]
    assert validate(h, on=dt.date(2023, 6, 2)) == []
    assert [p.path for p in validate(h.members[1], on=ON)] == ["$.birth_date"]


def test_validate_checks_the_minor_reason_against_age() -> None:
    """'Minor' as the reason for no capacity needs a member under 18 on the date."""
    m = member(
        birth_date=dt.date(2005, 6, 1),
        labor_capacity=LaborCapacity.NONE,
        no_capacity_reason=NoCapacityReason.MINOR,
    )
    h = household(members=(m,))
    assert validate(h, on=dt.date(2023, 5, 31)) == []
    assert [p.path for p in validate(h, on=ON)] == ["$.members[0].no_capacity_reason"]


def test_validate_checks_places_against_a_registry() -> None:
    """An unknown town or village is named when a registry is given."""
    reg = FakeRegistry()
    assert validate(household(), on=ON, registry=reg) == []
    assert validate(household(town="万东镇"), on=ON) == []
    assert [p.path for p in validate(household(town="万东镇"), on=ON, registry=reg)] == ["$.town"]
    bad_village = household(village="青山村")
    assert [p.path for p in validate(bad_village, on=ON, registry=reg)] == ["$.village"]


def test_validate_reports_every_problem_in_a_sequence() -> None:
    """validate walks tuples and reports the lifted year and appraisal dates too."""
    h = household(
        lifted_year=2024,
        housing=Housing(grade=HousingGrade.A, appraised_on=dt.date(2024, 1, 1)),
    )
    problems = validate((household(), h), on=ON, registry=FakeRegistry())
    assert [p.path for p in problems] == ["$[1].lifted_year", "$[1].housing.appraised_on"]


def test_fake_registry_is_a_place_registry() -> None:
    """Any object with has_town and has_village satisfies the PlaceLookup protocol."""
    assert isinstance(FakeRegistry(), models.PlaceLookup)


@given(rst.households(on=ON))
def test_strategy_households_are_valid(h: Household) -> None:
    """Generated households pass validate on the strategy's date."""
    assert validate(h, on=ON) == []
    assert len({m.id for m in h.members}) == len(h.members)
