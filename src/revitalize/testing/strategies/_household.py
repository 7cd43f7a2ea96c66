"""Strategies for households, members, monitoring cases, clues and department records.

Objects are valid by construction: they build without error, survive a JSON
round trip, and :func:`revitalize.models.validate` finds nothing wrong with
them on ``on``, with the packaged place registry (towns are drawn from it; the
registry lists only some villages, so any village name of a known town is
valid), so a household drawn here can be assessed. Every assessed field is sometimes "not
assessed"; personal fields are sometimes present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final, TypeVar

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from ...models._fields import (
    MONEY_MAX_INTEGER_DIGITS,
    CatalogId,
    Identifier,
    Money,
    Name,
    Quantity,
    Text,
)
from ...models.household import (
    FIRST_LIFTED_YEAR,
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
from ...models.monitoring import (
    AMOUNT_KINDS,
    CaseStatus,
    Department,
    DepartmentRecord,
    EntryChannel,
    Measure,
    MeasureFunding,
    MeasureTiming,
    MeasureType,
    MonitoringCase,
    MonitoringCategory,
    RecordKind,
    RiskType,
    StatusChange,
    WarningClue,
)
from ...models.places import wansheng_registry
from ...money import CONTEXT
from ...reading import EARLIEST_DATE, LATEST_DATE

__all__ = [
    "ASSESSMENT_DATE",
    "MONEY_MAX_YUAN",
    "catalog_ids",
    "dates",
    "department_records",
    "drinking_water",
    "households",
    "housing",
    "identifiers",
    "measures",
    "members",
    "money",
    "monitoring_cases",
    "names",
    "quantities",
    "rigid_expenditures",
    "status_changes",
    "texts",
    "warning_clues",
]

T = TypeVar("T")

#: The default assessment date: the last day of the plan period.
ASSESSMENT_DATE: Final = dt.date(2025, 12, 31)
_EARLIEST: Final = dt.date(1920, 1, 1)
_MINOR_AGE: Final = 18
_ID_CHARS: Final = "ABCDHMXabc0123456789-_"
#: The largest whole number of yuan the converter reads as money (15 digits).
MONEY_MAX_YUAN: Final = 10**MONEY_MAX_INTEGER_DIGITS - 1
#: Dates worth hitting: the plan period's ends and the day before it, leap days, the
#: readers' earliest and latest dates.
_EDGE_DATES: Final = (
    EARLIEST_DATE, LATEST_DATE, dt.date(2000, 2, 29), dt.date(2020, 2, 29),
    dt.date(2020, 12, 31), dt.date(2021, 1, 1), dt.date(2024, 2, 29), dt.date(2025, 12, 31),
)

#: A town of the packaged registry (any other town is an input error where a place is given).
_TOWNS: Final = st.deferred(lambda: st.sampled_from(
    tuple(t.name for t in wansheng_registry().towns)).map(Name))


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """None ("not assessed") or a value."""
    return st.none() | strategy


def money(max_yuan: int = 10**9) -> st.SearchStrategy[Money]:
    """Money from 0 to ``max_yuan`` with 0, 1 or 2 decimal places (``1``, ``1.0``, ``1.00``).

    The ends of the range come up often: ``0``, ``0.00``, ``0.01`` and ``max_yuan`` (as
    ``max_yuan`` and ``max_yuan.00``). ``money(MONEY_MAX_YUAN)`` reaches the largest amount
    the converter reads (15 digits before the point).
    """
    if not 0 <= max_yuan <= MONEY_MAX_YUAN:
        raise ValueError(f"max_yuan must be between 0 and {MONEY_MAX_YUAN}, got {max_yuan}")
    top = Decimal(max_yuan)
    edges = [Decimal(0), Decimal("0.00"), top, top.quantize(Decimal("0.01"), context=CONTEXT)]
    if max_yuan >= 1:
        edges.append(Decimal("0.01"))
    by_places = [st.builds(_scaled, st.integers(0, max_yuan * 10**places), st.just(places))
                 for places in (0, 1, 2)]
    return st.one_of(st.sampled_from(edges), *by_places).map(Money)


def _scaled(units: int, places: int) -> Decimal:
    """``units`` hundredths (places=2), tenths (1) or ones (0), with that exponent."""
    return Decimal(units).scaleb(-places, context=CONTEXT)


def quantities(max_value: int = 10**5) -> st.SearchStrategy[Quantity]:
    """Non-negative decimal quantities with 0 to 4 decimal places."""
    return st.builds(
        lambda units, exp: Quantity(Decimal(units).scaleb(exp, context=CONTEXT)),
        st.integers(0, max_value * 10_000),
        st.sampled_from([0, -1, -2, -3, -4]),
    )


def identifiers() -> st.SearchStrategy[Identifier]:
    """Record identifiers such as ``H-0001``."""
    return st.text(alphabet=_ID_CHARS, min_size=1, max_size=12).map(Identifier)


def names(suffix: str = "") -> st.SearchStrategy[Name]:
    """Chinese place-like names (``suffix`` such as ``"镇"`` or ``"村"`` is appended)."""
    return st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=5
    ).map(lambda s: Name(s + suffix))


def texts() -> st.SearchStrategy[Text]:
    """Short free text: any Unicode (printable or not), often Chinese."""
    return st.one_of(
        st.text(max_size=30),
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
                | st.sampled_from("，。、；：（）《》 \n0123456789"), max_size=30),
    ).map(Text)


def catalog_ids() -> st.SearchStrategy[CatalogId]:
    """Catalog IDs such as ``MON-10`` or ``KPI-8a``."""
    return st.builds(
        lambda area, n, suffix: CatalogId(f"{area}-{n:02d}{suffix}"),
        st.sampled_from(["MON", "AST", "GUA", "EMP", "IND", "ASSET", "KPI", "PLAN"]),
        st.integers(1, 999),
        st.sampled_from(["", "", "a", "b"]),
    )


def dates(
    min_value: dt.date = _EARLIEST, max_value: dt.date = ASSESSMENT_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates in ``[min_value, max_value]``; the ends, the plan period's first and last
    days, the day before it and leap days come up often."""
    edges = sorted({d for d in (min_value, max_value, *_EDGE_DATES)
                    if min_value <= d <= max_value})
    return st.one_of(st.sampled_from(edges), st.dates(min_value=min_value, max_value=max_value))


def _id_numbers() -> st.SearchStrategy[str]:
    return st.builds(
        lambda n, check: f"{n}{check}",
        st.integers(10**16, 7 * 10**16 - 1),
        st.sampled_from("0123456789X"),
    )


def _phones() -> st.SearchStrategy[str]:
    return st.integers(13 * 10**9, 2 * 10**10 - 1).map(str)


def _bank_accounts() -> st.SearchStrategy[str]:
    return st.integers(6 * 10**15, 7 * 10**18 - 1).map(str)


_BOOL: Final = st.booleans()
_MAYBE_BOOL: Final = _maybe(_BOOL)
_LABOR: Final = st.sampled_from(LaborCapacity)
_MAYBE_REASON: Final = _maybe(st.sampled_from(NoCapacityReason))
_SCHOOL: Final = st.sampled_from(SchoolStatus)
_EMPLOYMENT: Final = st.sampled_from(EmploymentStatus)
_SAFETY_NET: Final = st.sampled_from(SafetyNetStatus)
_LEFT_BEHIND: Final = st.sampled_from(LeftBehind)
_MAYBE_SELF_CARE: Final = _maybe(st.sampled_from(SelfCare))
_MAYBE_ID_NUMBER: Final = _maybe(_id_numbers())
_MAYBE_PHONE: Final = _maybe(_phones())
_MAYBE_BANK: Final = _maybe(_bank_accounts())
_IDENTIFIERS: Final = identifiers()
_MAYBE_IDENTIFIER: Final = _maybe(_IDENTIFIERS)
_MAYBE_AMOUNT: Final = _maybe(money(10**6))
_TEXTS: Final = texts()


@st.composite
def members(
    draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE, member_id: str | None = None
) -> Member:
    """A member born on or before ``on``, with consistent labor capacity and reason."""
    capacity = draw(_LABOR)
    reason = (
        draw(_MAYBE_REASON)
        if capacity is LaborCapacity.NONE
        else None
    )
    earliest = _EARLIEST
    if reason is NoCapacityReason.MINOR:
        earliest = on - relativedelta(years=_MINOR_AGE) + relativedelta(days=1)
    return Member(
        id=Identifier(member_id) if member_id is not None else draw(_IDENTIFIERS),
        birth_date=draw(dates(earliest, on)),
        counts_for_income=draw(_BOOL),
        labor_capacity=capacity,
        no_capacity_reason=reason,
        basic_medical_insurance=draw(_MAYBE_BOOL),
        school_status=draw(_SCHOOL),
        employment_status=draw(_EMPLOYMENT),
        willing_to_work=draw(_MAYBE_BOOL),
        training_need=draw(_MAYBE_BOOL),
        safety_net=draw(_SAFETY_NET),
        left_behind=draw(_LEFT_BEHIND),
        serious_illness=draw(_MAYBE_BOOL),
        disability=draw(_MAYBE_BOOL),
        self_care=draw(_MAYBE_SELF_CARE),
        has_legal_supporter=draw(_MAYBE_BOOL),
        id_number=draw(_MAYBE_ID_NUMBER),
        phone=draw(_MAYBE_PHONE),
        bank_account=draw(_MAYBE_BANK),
    )


def rigid_expenditures() -> st.SearchStrategy[RigidExpenditure]:
    """Rigid expenditure, each kind sometimes not assessed."""
    return st.builds(
        RigidExpenditure,
        medical_out_of_pocket=_MAYBE_AMOUNT,
        education=_MAYBE_AMOUNT,
        disaster_loss=_MAYBE_AMOUNT,
        accident_loss=_MAYBE_AMOUNT,
    )


@st.composite
def housing(draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE) -> Housing:
    """Housing safety with a consistent appraisal date and post-renovation check."""
    grade = draw(st.sampled_from(HousingGrade))
    renovated = draw(_MAYBE_BOOL)
    return Housing(
        grade=grade,
        appraised_on=(
            None if grade is HousingGrade.NOT_APPRAISED else draw(_maybe(dates(max_value=on)))
        ),
        renovated=renovated,
        post_renovation_check_passed=draw(_MAYBE_BOOL) if renovated else None,
    )


@st.composite
def drinking_water(draw: st.DrawFn) -> DrinkingWater:
    """Drinking water on its four dimensions, each sometimes not assessed."""
    piped = draw(_MAYBE_BOOL)
    return DrinkingWater(
        quantity_litres_per_person_day=draw(_maybe(quantities(500))),
        quality=draw(st.sampled_from(WaterQuality)),
        piped_to_home=piped,
        round_trip_minutes=None if piped else draw(_maybe(st.integers(0, 240))),
        horizontal_distance_m=None if piped else draw(_maybe(quantities(5000))),
        vertical_distance_m=None if piped else draw(_maybe(quantities(500))),
        days_cut_per_year=draw(_maybe(st.integers(0, 366))),
    )


@st.composite
def households(
    draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE, max_members: int = 6
) -> Household:
    """A household with 1..``max_members`` members (unique ids), valid on ``on``."""
    n = draw(st.integers(1, max_members))
    ids = draw(st.lists(_IDENTIFIERS, min_size=n, max_size=n, unique=True))
    status = draw(st.sampled_from(PovertyStatus))
    last_year = max(FIRST_LIFTED_YEAR, on.year)
    year = st.integers(FIRST_LIFTED_YEAR, last_year)
    lifted_year = {
        PovertyStatus.REGISTERED_LIFTED: year,
        PovertyStatus.RETURNED_TO_POVERTY: _maybe(year),
        PovertyStatus.NEVER_REGISTERED: st.none(),
    }[status]
    assistance = _maybe(
        st.lists(st.sampled_from(AssistanceKind), unique=True, max_size=3).map(tuple)
    )
    return Household(
        id=draw(_IDENTIFIERS),
        town=draw(_TOWNS),
        village=draw(names("村")),
        poverty_status=status,
        members=tuple(draw(members(on=on, member_id=i)) for i in ids),
        lifted_year=draw(lifted_year),
        annual_net_income=draw(_MAYBE_AMOUNT),
        last_year_net_income=draw(_MAYBE_AMOUNT),
        rigid_expenditure=draw(rigid_expenditures()),
        housing=draw(housing(on=on)),
        water=draw(drinking_water()),
        food_clothing_secure=draw(_MAYBE_BOOL),
        social_assistance=draw(assistance),
        motivation=draw(st.sampled_from(Motivation)),
    )


@st.composite
def status_changes(
    draw: st.DrawFn, *, min_date: dt.date = dt.date(2021, 1, 1), on: dt.date = ASSESSMENT_DATE,
    min_size: int = 0,
) -> tuple[StatusChange, ...]:
    """A date-ordered history of ``min_size``..5 status changes between ``min_date`` and
    ``on``."""
    days = sorted(draw(st.lists(dates(min_date, on), min_size=min_size,
                                max_size=max(5, min_size))))
    changes = []
    previous: CaseStatus | None = None
    for day in days:
        target = draw(st.sampled_from(CaseStatus))
        changes.append(
            StatusChange(on=day, from_status=previous, to_status=target, note=draw(texts()))
        )
        previous = target
    return tuple(changes)


@st.composite
def measures(
    draw: st.DrawFn, *, min_date: dt.date = dt.date(2021, 1, 1), on: dt.date = ASSESSMENT_DATE
) -> Measure:
    """An assistance measure starting between ``min_date`` and ``on``."""
    start = draw(dates(min_date, on))
    return Measure(
        type=draw(st.sampled_from(MeasureType)),
        department=draw(st.sampled_from(Department)),
        start=start,
        timing=draw(st.sampled_from(MeasureTiming)),
        funding=draw(st.sampled_from(MeasureFunding)),
        end=draw(_maybe(dates(start, start + relativedelta(years=3)))),
        member_id=draw(_maybe(identifiers())),
        amount=draw(_maybe(money(10**5))),
        note=draw(texts()),
    )


@st.composite
def monitoring_cases(draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE) -> MonitoringCase:
    """A monitoring case whose history is in date order and ends in its status."""
    opened = draw(dates(dt.date(2021, 1, 1), on))
    history = draw(status_changes(min_date=opened, on=on))
    status = history[-1].to_status if history else draw(st.sampled_from(CaseStatus))
    return MonitoringCase(
        id=draw(identifiers()),
        household_id=draw(identifiers()),
        entry_channel=draw(st.sampled_from(EntryChannel)),
        status=status,
        opened_on=opened,
        town=draw(_TOWNS),
        village=draw(names("村")),
        category=draw(_maybe(st.sampled_from(MonitoringCategory))),
        history=history,
        risks=tuple(draw(st.lists(st.sampled_from(RiskType), unique=True, max_size=4))),
        measures=tuple(draw(st.lists(measures(min_date=opened, on=on), max_size=3))),
        last_verified_on=draw(_maybe(dates(opened, on))),
    )


def warning_clues(*, on: dt.date = ASSESSMENT_DATE) -> st.SearchStrategy[WarningClue]:
    """A warning clue dated on or before ``on``."""
    return st.builds(
        WarningClue,
        household_id=identifiers(),
        source_department=st.sampled_from(Department),
        on=dates(dt.date(2021, 1, 1), on),
        rule_id=catalog_ids(),
        description=texts(),
        member_id=_maybe(identifiers()),
    )


@st.composite
def department_records(draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE) -> DepartmentRecord:
    """A department record whose value fields match its kind."""
    kind = draw(st.sampled_from(RecordKind))
    return DepartmentRecord(
        source_department=draw(st.sampled_from(Department)),
        on=draw(dates(dt.date(2021, 1, 1), on)),
        household_id=draw(identifiers()),
        kind=kind,
        member_id=draw(_maybe(identifiers())),
        amount=draw(money(10**6)) if kind in AMOUNT_KINDS else None,
        housing_grade=(
            draw(st.sampled_from(HousingGrade)) if kind is RecordKind.HOUSING_APPRAISAL else None
        ),
        water_quality=(
            draw(st.sampled_from(WaterQuality)) if kind is RecordKind.WATER_TEST else None
        ),
        note=draw(texts()),
    )
