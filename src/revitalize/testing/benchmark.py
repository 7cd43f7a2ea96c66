"""The benchmark workloads, shipped so that tests can check them (``benchmarks/bench.py``).

**W1 screen.** Per household: per-capita income below the monitoring line
(1.5 × 4,000 yuan); or a child of compulsory-education age (counted by school
year: born inside the window of :func:`~revitalize.policy.guarantees.school_age_born`)
out of school for a non-physical reason, an uninsured member, unsafe housing or
unsafe water (any of the four GUA-06 checks; a measured round trip decides access,
the distances stand in only when it was not measured); or medical plus disaster
spending above half
the annual income. Include if any holds; the measure is *developmental* when
a member can work, else *safety net*. Unknown fields never include (they are
"insufficient data", not a hit).

- :func:`w1_library` runs the library's public rule functions — the same
  functions the full assessment calls (MON-02, MON-03, GUA-02, GUA-03, GUA-05,
  GUA-06, AST-08) — with :func:`w1_parameters` (MON-03 counting medical and
  disaster spending only). No separate fast path.
- :func:`w1_floor` is the floor: a minimal hand-written function over plain
  tuples (:func:`floor_tuple`, :func:`floor_limits`), the least Python can do.

``tests/test_benchmark_workloads.py`` checks that the two agree on the seeded
population and on households at each boundary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from ..models.household import Household, LaborCapacity
from ..policy import guarantees as gua
from ..policy.assistance import capacity_profile
from ..policy.engine import Outcome
from ..policy.income import income_screen, monitoring_line
from ..policy.monitoring import expenditure_risk
from ..policy.parameters import ParameterSet

__all__ = ["DEVELOPMENTAL", "SAFETY_NET", "floor_limits", "floor_tuple", "w1_floor",
           "w1_library", "w1_parameters"]

DEVELOPMENTAL: Final = "developmental"
SAFETY_NET: Final = "safety_net"
_ABLE: Final = frozenset({LaborCapacity.FULL.value, LaborCapacity.WEAK.value,
                          LaborCapacity.HALF.value})
_YES: Final = Outcome.YES


def w1_parameters(base: ParameterSet) -> ParameterSet:
    """``base`` with MON-03 counting medical and disaster spending (ratio and line as given)
    under the any_item reading (W1 includes on any item; MON-03 is the ratio test)."""
    kinds = base.parameter("monitoring.rigid_expenditure_kinds")
    return base.reform({kinds.name: [{"start": v.start,
                                      "value": ["medical_out_of_pocket", "disaster_loss"]}
                                     for v in kinds.values],
                        "monitoring.inclusion_reading": "any_item"}, name="W1 screen")


def w1_library(h: Household, params: ParameterSet, on: dt.date) -> tuple[bool, str | None]:
    """The W1 screen through the library's rule functions: ``(include, measure)``."""
    include = (
        income_screen(h, params, on).outcome is _YES
        or expenditure_risk(h, params, on).outcome is _YES
        or gua.education_risk(h, params, on).outcome is _YES
        or gua.medical_insurance_risk(h, params, on).outcome is _YES
        or gua.housing_risk(h, params, on).outcome is _YES
        or gua.water_quantity_risk(h, params, on).outcome is _YES
        or gua.water_quality_risk(h, params, on).outcome is _YES
        or gua.water_access_risk(h, params, on).outcome is _YES
        or gua.water_reliability_risk(h, params, on).outcome is _YES
    )
    if not include:
        return False, None
    return True, DEVELOPMENTAL if capacity_profile(h, params, on).able else SAFETY_NET


def floor_limits(params: ParameterSet, on: dt.date) -> tuple[Any, ...]:
    """The W1 thresholds on ``on`` as a plain tuple (read once, outside any timing)."""
    g = gua.resolve(params, on)
    return (monitoring_line(params, on).line, params.decimal("monitoring.rigid_expenditure_ratio",
                                                             on),
            on, *gua.school_age_born(on, g.school_year), frozenset(g.unsafe), g.towns_scarce,
            g.min_litres.value, g.min_litres_scarce.value, g.max_minutes.value,
            g.max_horizontal.value, g.max_vertical.value, g.max_days_cut.value)


def floor_tuple(h: Household) -> tuple[Any, ...]:
    """The fields W1 reads, as plain values (enums by value) in a flat tuple."""
    rx, hs, w = h.rigid_expenditure, h.housing, h.water
    members = tuple((m.birth_date, m.school_status.value, m.basic_medical_insurance,
                     m.labor_capacity.value) for m in h.members)
    return (h.annual_net_income, h.income_member_count, rx.medical_out_of_pocket,
            rx.disaster_loss, members, hs.grade.value, hs.renovated,
            hs.post_renovation_check_passed, h.town, w.quantity_litres_per_person_day,
            w.quality.value, w.piped_to_home, w.round_trip_minutes, w.horizontal_distance_m,
            w.vertical_distance_m, w.days_cut_per_year)


def w1_floor(t: tuple[Any, ...], lim: tuple[Any, ...]) -> tuple[bool, str | None]:
    """The W1 screen as a minimal function over :func:`floor_tuple` and :func:`floor_limits`."""
    (income, n, medical, disaster, members, grade, renovated, checked, town, litres, quality,
     piped, minutes, horizontal, vertical, days) = t
    (line, ratio, _on, born_latest, born_after, unsafe, scarce, min_litres, min_scarce,
     max_minutes, max_horizontal, max_vertical, max_days) = lim
    hit = income is not None and (
        (n > 0 and income < line * n)
        or (medical or 0) + (disaster or 0) > income * ratio)
    if not hit:
        for birth, school, insured, _ in members:
            if insured is False:
                hit = True
                break
            if school == "out_other" and born_latest is not None and birth <= born_latest \
                    and (born_after is None or birth > born_after):
                hit = True
                break
    if not hit:
        hit = (grade in unsafe and not (renovated is True and checked is True)) or (
            litres is not None and litres < (min_scarce if town in scarce else min_litres)
        ) or quality == "failed" or (piped is False and (
            (minutes > max_minutes) if minutes is not None else (
                (horizontal is not None and horizontal > max_horizontal)
                or (vertical is not None and vertical > max_vertical)))
        ) or (days is not None and days > max_days)
    if not hit:
        return False, None
    for m in members:
        if m[3] in _ABLE:
            return True, DEVELOPMENTAL
    return True, SAFETY_NET
