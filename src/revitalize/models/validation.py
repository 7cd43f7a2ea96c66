"""Checks that need context: an assessment date and, optionally, a place registry.

Structural checks (types, ranges, formats, unique member ids) run when an
object is built. :func:`validate` adds the checks that depend on a date or
on the towns and villages of a district, and returns *every* problem with
its path instead of raising:

- nothing is dated after the assessment date (birth dates, appraisals,
  case dates, clues, records), and no household was lifted in a later year;
- a member whose labor capacity is "none" because they are a minor is
  under 18 on the assessment date;
- dates are in order: a case's first status change is not before it was opened;
- with a registry, every town and village is known to it; an unknown name
  comes with the close matches (and, for a short list, every known name) when
  the registry can list its names (:class:`~revitalize.models.places.PlaceRegistry`
  can).

:func:`check_household` is the check the assessment runs on every household
(:func:`~revitalize.policy.monitoring.assess_household`): the same problems,
raised as one :class:`~revitalize.errors.InvalidInputError`; it costs one
comparison per member.

:func:`validate` walks nested attrs objects, tuples and lists, so a tuple of
households or a scenario object holding cases is checked in one call.

>>> import datetime as dt
>>> from revitalize.models import Household, Member, PovertyStatus
>>> h = Household(id="H-1", town="丛林镇", village="海孔村",
...               poverty_status=PovertyStatus.NEVER_REGISTERED,
...               members=(Member(id="M1", birth_date=dt.date(2024, 3, 1)),))
>>> [str(p) for p in validate(h, on=dt.date(2023, 12, 31))]
['$.members[0].birth_date: born on 2024-03-01, after the assessment date 2023-12-31']
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Protocol, cast, runtime_checkable

import attrs

from ..errors import InvalidInputError, Problem, UnknownNameError
from .household import Household, LaborCapacity, Member, NoCapacityReason
from .monitoring import DepartmentRecord, MonitoringCase, WarningClue

__all__ = ["AGE_OF_MAJORITY", "PlaceLookup", "check_household", "place_problems", "validate"]

#: A minor is under 18 (《中华人民共和国未成年人保护法》第二条: 未满十八周岁的公民).
AGE_OF_MAJORITY: Final = 18


@runtime_checkable
class PlaceLookup(Protocol):
    """What :func:`validate` needs from a place registry: does a town or village exist?

    Any object with these two methods works (the packaged Wansheng registry,
    another district's, or a test double).
    """

    def has_town(self, name: str) -> bool:
        """Whether the registry knows the town ``name``."""
        ...

    def has_village(self, town: str, village: str) -> bool:
        """Whether the registry knows the village ``village`` of the town ``town``."""
        ...


def validate(obj: object, *, on: dt.date, registry: PlaceLookup | None = None) -> list[Problem]:
    """Every context problem of ``obj`` on the assessment date ``on``, each with its path."""
    problems: list[Problem] = []
    _walk(obj, "$", on, registry, problems)
    return problems


def _after(value: dt.date | None, path: str, on: dt.date, what: str, out: list[Problem]) -> None:
    if value is not None and value > on:
        out.append(
            Problem(path, f"{what} {value.isoformat()}, after the assessment date {on.isoformat()}")
        )


def _unknown(kind: str, name: str, known: list[str] | None, of: str = "") -> str:
    """``unknown town '...' (not in the place registry)`` with the close matches, if any."""
    message = f"unknown {kind} {name!r}{of} (not in the place registry)"
    if known is None:
        return message
    hint = str(UnknownNameError(kind, name, known)).partition(f"unknown {kind} {name!r}")[2]
    return message + hint  # "; did you mean ...?" and, for a short list, " Known: ..."


def place_problems(town: str, village: str | None, path: str,
                   registry: PlaceLookup) -> list[Problem]:
    """The problems of a place given as ``town`` (and ``village``, None for a town) at
    ``path`` (``$.visits[0].place``): an unknown town or village, each with the close
    matches when ``registry`` can list its names. Empty when the place is known."""
    out: list[Problem] = []
    _places(town, village, path, registry, out)
    return out


def _places(
    town: str, village: str | None, path: str, registry: PlaceLookup | None,
    out: list[Problem]
) -> None:
    if registry is None:
        return
    if not registry.has_town(town):
        towns = getattr(registry, "towns", None)
        known = [t.name for t in towns] if towns is not None else None
        out.append(Problem(f"{path}.town", _unknown("town", town, known)))
    elif village is not None and not registry.has_village(town, village):
        villages = getattr(registry, "villages", None)
        known = [v.name for v in villages if v.town == town] if villages is not None else None
        out.append(Problem(f"{path}.village", _unknown("village", village, known,
                                                       f" of the town {town!r}")))


def check_household(h: Household, on: dt.date, registry: PlaceLookup | None) -> None:
    """Raise :class:`~revitalize.errors.InvalidInputError` when ``h`` cannot be assessed on
    ``on``: a member born after the date, a lifted year after it, an appraisal dated after
    it, or a town or village ``registry`` does not know — every problem with its path (one
    comparison per member when all is well)."""
    for m in h.members:  # a loop, not max() over a generator: a third of the check's time
        if m.birth_date > on:
            break
    else:
        lifted, appraised = h.lifted_year, h.housing.appraised_on
        if ((lifted is None or lifted <= on.year) and (appraised is None or appraised <= on)
                and (registry is None or registry.has_village(h.town, h.village))):
            return
    problems: list[Problem] = []
    _places(h.town, h.village, "$", registry, problems)
    _lifted(h, "$", on, problems)
    _after(h.housing.appraised_on, "$.housing.appraised_on", on, "appraised on", problems)
    for i, m in enumerate(h.members):
        _after(m.birth_date, f"$.members[{i}].birth_date", on, "born on", problems)
    raise InvalidInputError(problems, source=f"household {h.id!r}")


def _lifted(h: Household, path: str, on: dt.date, out: list[Problem]) -> None:
    if h.lifted_year is not None and h.lifted_year > on.year:
        out.append(
            Problem(
                f"{path}.lifted_year",
                f"lifted in {h.lifted_year}, after the assessment year {on.year}",
            )
        )


def _household(
    h: Household, path: str, on: dt.date, registry: PlaceLookup | None, out: list[Problem]
) -> None:
    _places(h.town, h.village, path, registry, out)
    _lifted(h, path, on, out)
    _after(h.housing.appraised_on, f"{path}.housing.appraised_on", on, "appraised on", out)
    for i, m in enumerate(h.members):
        _member(m, f"{path}.members[{i}]", on, out)


def _member(m: Member, path: str, on: dt.date, out: list[Problem]) -> None:
    if m.birth_date > on:
        _after(m.birth_date, f"{path}.birth_date", on, "born on", out)
        return
    if (
        m.labor_capacity is LaborCapacity.NONE
        and m.no_capacity_reason is NoCapacityReason.MINOR
        and m.age_on(on) >= AGE_OF_MAJORITY
    ):
        out.append(
            Problem(
                f"{path}.no_capacity_reason",
                f"the reason is 'minor' but the member is {m.age_on(on)} on "
                f"{on.isoformat()} (a minor is under {AGE_OF_MAJORITY})",
            )
        )


def _case(
    c: MonitoringCase, path: str, on: dt.date, registry: PlaceLookup | None, out: list[Problem]
) -> None:
    _places(c.town, c.village, path, registry, out)
    _after(c.opened_on, f"{path}.opened_on", on, "opened on", out)
    if c.history and c.history[0].on < c.opened_on:
        out.append(Problem(f"{path}.history[0].on",
                           f"changed on {c.history[0].on.isoformat()}, before the case was "
                           f"opened on {c.opened_on.isoformat()}; expected the dates in order"))
    _after(c.last_verified_on, f"{path}.last_verified_on", on, "verified on", out)
    for i, change in enumerate(c.history):
        _after(change.on, f"{path}.history[{i}].on", on, "changed on", out)
    for i, measure in enumerate(c.measures):
        _after(measure.start, f"{path}.measures[{i}].start", on, "starts on", out)


def _walk(
    obj: object, path: str, on: dt.date, registry: PlaceLookup | None, out: list[Problem]
) -> None:
    if isinstance(obj, Household):
        _household(obj, path, on, registry, out)
    elif isinstance(obj, Member):
        _member(obj, path, on, out)
    elif isinstance(obj, MonitoringCase):
        _case(obj, path, on, registry, out)
    elif isinstance(obj, WarningClue):
        _after(obj.on, f"{path}.on", on, "found on", out)
    elif isinstance(obj, DepartmentRecord):
        _after(obj.on, f"{path}.on", on, "recorded on", out)
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            _walk(item, f"{path}[{i}]", on, registry, out)
    elif attrs.has(type(obj)):
        for a in attrs.fields(cast(Any, type(obj))):
            value: Any = getattr(obj, a.name)
            if attrs.has(type(value)) or isinstance(value, tuple | list):
                _walk(value, f"{path}.{a.name}", on, registry, out)
