"""Strategies for the whole-file inputs: the case register and the observation file.

:func:`case_registers` draws what ``revitalize cases`` reads (cases with unique
ids, households with unique ids that some cases point at, screening records);
:func:`observation_sets` draws what ``revitalize indicators report`` reads, from
the packaged indicator catalog: observations only of indicators that are not
computed from another's, references only of "above the reference" indicators,
each (indicator, year) once per list. Values are exact decimals of every size the
reader takes (up to 15 digits before the point, 28 in all), negative ones
included, from ``0.0000001`` to ``999999999999999``.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st

from ...indicators.catalog import IndicatorCatalog, default_indicators
from ...indicators.observations import Observation, ObservationSet
from ...indicators.targets import AboveReference
from ...models.monitoring import RiskType
from ...policy.cases import CaseRegister, ScreeningRecord
from ...reading import MAX_INTEGER_DIGITS, MAX_SIGNIFICANT_DIGITS
from ._household import ASSESSMENT_DATE, dates, households, identifiers, monitoring_cases, texts

__all__ = [
    "case_registers",
    "observation_sets",
    "observations",
    "screening_records",
]

_YEARS: Final = st.integers(2000, 2100)


def screening_records(*, on: dt.date = ASSESSMENT_DATE,
                      household_id: str | None = None) -> st.SearchStrategy[ScreeningRecord]:
    """A screening on or before ``on``: qualifies, does not, or unknown, with distinct risks."""
    return st.builds(
        ScreeningRecord,
        household_id=st.just(household_id) if household_id is not None else identifiers(),
        on=dates(dt.date(2021, 1, 1), on),
        qualifies=st.none() | st.booleans(),
        risks=st.lists(st.sampled_from(RiskType), unique=True, max_size=3).map(tuple),
    )


@st.composite
def case_registers(draw: st.DrawFn, *, on: dt.date = ASSESSMENT_DATE,
                   max_cases: int = 4) -> CaseRegister:
    """A register valid on ``on``: distinct case ids and household ids, some cases with their
    household, some households with screening records, and sometimes the date it asks for."""
    homes = draw(st.lists(households(on=on, max_members=3), max_size=3,
                          unique_by=lambda h: h.id))
    case_ids = draw(st.lists(identifiers(), max_size=max_cases, unique=True))
    cases = []
    for case_id in case_ids:
        case = attrs.evolve(draw(monitoring_cases(on=on)), id=case_id)
        linked: bool = draw(st.booleans())
        if homes and linked:
            case = attrs.evolve(case, household_id=draw(st.sampled_from(homes)).id)
        cases.append(case)
    screened = [h.id for h in homes]
    screenings = [draw(screening_records(on=on, household_id=i))
                  for i in draw(st.lists(st.sampled_from(screened), max_size=3))] \
        if screened else []
    return CaseRegister(cases=tuple(cases), households=tuple(homes),
                        screenings=tuple(screenings),
                        on=draw(st.none() | dates(dt.date(2021, 1, 1), on)))


def _decimals() -> st.SearchStrategy[Decimal]:
    """Exact decimals the observation reader takes: edges and any sign, size and scale."""
    top = 10**MAX_INTEGER_DIGITS - 1
    edges = [Decimal(0), Decimal("0.0"), Decimal("-0.5"), Decimal("0.0000001"), Decimal(100),
             Decimal("1E+2"), Decimal(top), Decimal(f"{top}.{'9' * (MAX_SIGNIFICANT_DIGITS - 15)}")]

    def build(units: int, places: int) -> Decimal:
        return Decimal(units).scaleb(-places)

    digits = st.integers(-(10**MAX_INTEGER_DIGITS - 1), 10**MAX_INTEGER_DIGITS - 1)
    scaled = st.builds(build, digits, st.integers(0, MAX_SIGNIFICANT_DIGITS - MAX_INTEGER_DIGITS))
    small = st.builds(build, st.integers(-999, 999), st.integers(0, 12))
    return st.one_of(st.sampled_from(edges), small, scaled)


@functools.cache
def _ids(catalog: IndicatorCatalog) -> tuple[tuple[str, ...], tuple[str, ...]]:
    observed = tuple(i.id for i in catalog if i.observed_from is None)
    referenced = tuple(i.id for i in catalog if isinstance(i.target, AboveReference))
    return observed, referenced


def observations(catalog: IndicatorCatalog | None = None, *,
                 reference: bool = False) -> st.SearchStrategy[Observation]:
    """One observation (or, with ``reference=True``, one reference value) the reader takes."""
    observed, referenced = _ids(catalog or default_indicators())
    return st.builds(Observation, indicator=st.sampled_from(referenced if reference else observed),
                     year=_YEARS, value=_decimals(), source=st.none() | texts())


def observation_sets(catalog: IndicatorCatalog | None = None,
                     max_size: int = 8) -> st.SearchStrategy[ObservationSet]:
    """An observation file's content: each (indicator, year) at most once per list."""
    def key(o: Observation) -> tuple[str, int]:
        return (o.indicator, o.year)

    return st.builds(
        ObservationSet,
        observations=st.lists(observations(catalog), max_size=max_size, unique_by=key).map(tuple),
        references=st.lists(observations(catalog, reference=True), max_size=3,
                            unique_by=key).map(tuple),
    )
