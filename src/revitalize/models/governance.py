"""Governance records of one year (GOV-01..10): who visited, met, trained, was admitted.

Every record is a frozen attrs class that checks its own structure at
construction; :func:`validate_records` checks the place names against a
place registry (anything with ``has_town`` / ``has_village``), and
:func:`records_from_json` builds a :class:`GovernanceRecords` from JSON with
the library's shared converter (:mod:`revitalize.serialization`), every
problem named by its JSON path (``$.visits[2].on``). A place is written
``{"town": "丛林镇", "village": "海孔村"}`` (``village`` left out for a town).

People are named by an identifier the caller chooses (``"L-01"``, a unit's
name for a unit head); no personal identifier is needed or stored.

The bundle covers one ``year``; records of earlier years may be included
where a rule looks back (party-member admissions: GOV-04's 2-year window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from ..errors import InvalidInputError, Problem
from ._enums import LabelledEnum
from ._fields import (
    enum_member,
    identifier,
    instance_of,
    int_between,
    iso_date,
    name,
    optional,
    strict_bool,
    tuple_of,
    unique,
)
from .places import PlaceRef

__all__ = [
    "Activity",
    "ActivityKind",
    "AssistanceGroup",
    "CivilizedTitle",
    "ContactAssignment",
    "Disclosure",
    "DisclosureKind",
    "GovernanceRecords",
    "JointMeeting",
    "LegalAdviser",
    "LocalTalent",
    "OfficialRole",
    "PartyAdmission",
    "PlaceNames",
    "ReserveCadre",
    "ReservePool",
    "SupportPost",
    "ThreeGovernance",
    "TitleLevel",
    "Training",
    "TrainingKind",
    "VillageOfficial",
    "Visit",
    "VisitorKind",
    "WorkTeam",
    "records_from_json",
    "records_to_json",
    "validate_records",
]


class VisitorKind(LabelledEnum):
    """Who visits a contact place (GOV-01)."""

    DISTRICT_LEADER = "district_leader", "区领导"
    UNIT_HEAD = "unit_head", "区级帮扶集团成员单位主要负责人"


class OfficialRole(LabelledEnum):
    """A village official's role (GOV-05, GOV-08)."""

    PARTY_SECRETARY = "party_secretary", "村党组织书记"
    COMMITTEE_MEMBER = "committee_member", "村“两委”班子成员"


class TrainingKind(LabelledEnum):
    """The kind of a training (GOV-05 counts every kind; GOV-08 needs legal training)."""

    GENERAL = "general", "培训"
    LEGAL = "legal", "法治轮训"


class DisclosureKind(LabelledEnum):
    """The three public disclosures (三公开, GOV-08)."""

    PARTY = "party", "党务公开"
    VILLAGE = "village", "村务公开"
    FINANCIAL = "financial", "财务公开"


class ActivityKind(LabelledEnum):
    """The three yearly activities of Box 7 (GOV-08)."""

    GOOD_PEOPLE = "good_people", "“好人在身边”微访谈活动"
    DREAM_CLASSROOM = "dream_classroom", "梦想课堂活动"
    FAMILY_TRADITION = "family_tradition", "“家风润万家”活动"


class TitleLevel(LabelledEnum):
    """The level of a civilized-village or civilized-town title (GOV-06)."""

    TOWN = "town", "镇级"
    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    NATIONAL = "national", "全国"


_ref = instance_of(PlaceRef)


def _village_ref(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _ref(inst, attribute, value)
    if value.village is None:
        raise InvalidInputError.one(f"$.{attribute.name}.village",
                                    "expected a village (town and village), got a town only")


_ids = tuple_of(identifier)


@attrs.frozen
class Visit:
    """GOV-01: a district leader or a unit head visited a contact town or village."""

    visitor: str = attrs.field(validator=identifier)
    kind: VisitorKind = attrs.field(validator=enum_member(VisitorKind))
    place: PlaceRef = attrs.field(validator=_ref)
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class ContactAssignment:
    """GOV-09: the district leaders who contact one place ("一对一" or "二对一")."""

    place: PlaceRef = attrs.field(validator=_ref)
    leaders: tuple[str, ...] = attrs.field(validator=[_ids, unique(what="leader")])


@attrs.frozen
class AssistanceGroup:
    """GOV-09: a district assistance group (1 lead department + N member units).

    ``lead_departments`` is a tuple so that a group recorded with none or
    several is reported by GOV-09 rather than refused.
    """

    id: str = attrs.field(validator=identifier)
    lead_departments: tuple[str, ...] = attrs.field(validator=tuple_of(name))
    member_units: tuple[str, ...] = attrs.field(validator=[tuple_of(name),
                                                            unique(what="unit")])
    places: tuple[PlaceRef, ...] = attrs.field(validator=tuple_of(_ref))
    convener: str | None = attrs.field(default=None, validator=optional(identifier))


@attrs.frozen
class JointMeeting:
    """GOV-02: a joint meeting of an assistance group."""

    group: str = attrs.field(validator=identifier)
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class WorkTeam:
    """GOV-09: the work team a group sent to a key-support village, and its first secretary."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    group: str | None = attrs.field(default=None, validator=optional(identifier))
    first_secretary: str | None = attrs.field(default=None,
                                                     validator=optional(identifier))


@attrs.frozen
class VillageOfficial:
    """GOV-05, GOV-08: a member of a village's two committees, and whether party secretary."""

    person: str = attrs.field(validator=identifier)
    village: PlaceRef = attrs.field(validator=_village_ref)
    roles: tuple[OfficialRole, ...] = attrs.field(
        default=(OfficialRole.COMMITTEE_MEMBER,),
        validator=[tuple_of(enum_member(OfficialRole)), unique(what="role")])


@attrs.frozen
class Training:
    """GOV-05, GOV-08: a training a person attended, starting on ``start``, for ``days`` days."""

    person: str = attrs.field(validator=identifier)
    kind: TrainingKind = attrs.field(validator=enum_member(TrainingKind))
    start: dt.date = attrs.field(validator=iso_date)
    days: int = attrs.field(validator=int_between(1, 366))


@attrs.frozen
class ReserveCadre:
    """GOV-03: a reserve cadre (后备力量) of a village, kept in the town's pool."""

    person: str = attrs.field(validator=identifier)
    village: str = attrs.field(validator=name)


@attrs.frozen
class ReservePool:
    """GOV-10: a town's pool of village reserve cadres (以镇为单位建立村级后备力量)."""

    town: str = attrs.field(validator=name)
    cadres: tuple[ReserveCadre, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(ReserveCadre)),
                               unique(lambda c: c.person, what="person")])


@attrs.frozen
class LocalTalent:
    """GOV-03: a local talent (本土人才) kept in a village."""

    person: str = attrs.field(validator=identifier)
    village: PlaceRef = attrs.field(validator=_village_ref)


@attrs.frozen
class PartyAdmission:
    """GOV-04: a new rural party member admitted in a village, with the age at admission."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    on: dt.date = attrs.field(validator=iso_date)
    age: int = attrs.field(validator=int_between(16, 120))


@attrs.frozen
class LegalAdviser:
    """GOV-08: a village's legal adviser (村（居）法律顾问)."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    adviser: str = attrs.field(validator=name)


@attrs.frozen
class Disclosure:
    """GOV-08: a publication of party, village or financial affairs."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    kind: DisclosureKind = attrs.field(validator=enum_member(DisclosureKind))
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class Activity:
    """GOV-08: one of Box 7's three yearly activities held in a village."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    kind: ActivityKind = attrs.field(validator=enum_member(ActivityKind))
    on: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class SupportPost:
    """GOV-10: a "three supports and one assistance" (三支一扶) post in a town."""

    town: str = attrs.field(validator=name)
    start: dt.date = attrs.field(validator=iso_date)
    end: dt.date | None = attrs.field(default=None, validator=optional(iso_date))

    @end.validator
    def _after_start(self, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < self.start:
            raise InvalidInputError.one("$.end", f"expected a date on or after start "
                                                 f"{self.start}, got {value}")


@attrs.frozen
class CivilizedTitle:
    """GOV-06: a civilized-village or civilized-town title held by a place."""

    place: PlaceRef = attrs.field(validator=_ref)
    level: TitleLevel = attrs.field(validator=enum_member(TitleLevel))
    awarded: dt.date = attrs.field(validator=iso_date)


@attrs.frozen
class ThreeGovernance:
    """GOV-07: whether a village meets the three-governance standard (None: not assessed)."""

    village: PlaceRef = attrs.field(validator=_village_ref)
    up_to_standard: bool | None = attrs.field(default=None, validator=optional(strict_bool))


def _records(cls: type[Any]) -> Any:
    return attrs.field(default=(), validator=tuple_of(instance_of(cls)))


@attrs.frozen
class GovernanceRecords:
    """A year's governance records; ``villages`` are the villages in scope (all of them)."""

    year: int = attrs.field(validator=int_between(2000, 2100))
    villages: tuple[PlaceRef, ...] = attrs.field(
        default=(), validator=[tuple_of(_village_ref), unique(what="village")])
    visits: tuple[Visit, ...] = _records(Visit)
    contacts: tuple[ContactAssignment, ...] = _records(ContactAssignment)
    groups: tuple[AssistanceGroup, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(AssistanceGroup)),
                               unique(lambda g: g.id, what="group id")])
    meetings: tuple[JointMeeting, ...] = _records(JointMeeting)
    work_teams: tuple[WorkTeam, ...] = _records(WorkTeam)
    officials: tuple[VillageOfficial, ...] = _records(VillageOfficial)
    trainings: tuple[Training, ...] = _records(Training)
    reserve_pools: tuple[ReservePool, ...] = attrs.field(
        default=(), validator=[tuple_of(instance_of(ReservePool)),
                               unique(lambda p: p.town, what="town pool")])
    local_talents: tuple[LocalTalent, ...] = _records(LocalTalent)
    admissions: tuple[PartyAdmission, ...] = _records(PartyAdmission)
    legal_advisers: tuple[LegalAdviser, ...] = _records(LegalAdviser)
    disclosures: tuple[Disclosure, ...] = _records(Disclosure)
    activities: tuple[Activity, ...] = _records(Activity)
    support_posts: tuple[SupportPost, ...] = _records(SupportPost)
    civilized_titles: tuple[CivilizedTitle, ...] = _records(CivilizedTitle)
    three_governance: tuple[ThreeGovernance, ...] = _records(ThreeGovernance)

    @property
    def year_start(self) -> dt.date:
        """1 January of the year."""
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        """31 December of the year."""
        return dt.date(self.year, 12, 31)


# --------------------------------------------------------------------------- registry check


class PlaceNames(Protocol):
    """What :func:`validate_records` needs of a place registry."""

    def has_town(self, name: str) -> bool:
        """Whether ``name`` is a known town."""
        ...

    def has_village(self, town: str, village: str) -> bool:
        """Whether ``village`` of ``town`` is a known village."""
        ...


def _place_problems(ref: PlaceRef, path: str, registry: PlaceNames) -> list[Problem]:
    from .validation import place_problems

    return place_problems(ref.town, ref.village, path, registry)


def validate_records(records: GovernanceRecords, registry: PlaceNames) -> None:
    """Check every town and village name against ``registry``; list every unknown one."""
    problems: list[Problem] = []
    for field in attrs.fields(GovernanceRecords):
        items = getattr(records, field.name)
        if not isinstance(items, tuple):
            continue
        for i, item in enumerate(items):
            path = f"$.{field.name}[{i}]"
            if isinstance(item, PlaceRef):
                problems += _place_problems(item, path, registry)
            elif isinstance(item, ReservePool):
                problems += _place_problems(PlaceRef(item.town), path, registry)
                for j, c in enumerate(item.cadres):
                    problems += _place_problems(PlaceRef(item.town, c.village),
                                                f"{path}.cadres[{j}]", registry)
            elif isinstance(item, SupportPost):
                problems += _place_problems(PlaceRef(item.town), path, registry)
            else:
                for sub in ("place", "village"):
                    ref = getattr(item, sub, None)
                    if isinstance(ref, PlaceRef):
                        problems += _place_problems(ref, f"{path}.{sub}", registry)
                for j, ref in enumerate(getattr(item, "places", ())):
                    problems += _place_problems(ref, f"{path}.places[{j}]", registry)
    if problems:
        raise InvalidInputError(problems)


# --------------------------------------------------------------------------- JSON


def records_from_json(data: str | Mapping[str, Any], source: str = "<input>") -> GovernanceRecords:
    """Build :class:`GovernanceRecords` from JSON text or a parsed object.

    The shared converter of :mod:`revitalize.serialization` reads it: a
    place is the object ``{"town": "丛林镇", "village": "海孔村"}``
    (``village`` omitted or ``null`` for a town). Every problem is reported
    at once, each with its JSON path, in one
    :class:`~revitalize.errors.InvalidInputError` headed by ``source``.
    """
    # Imported here: revitalize.serialization imports revitalize.models.
    from ..serialization import from_json_value, loads

    if isinstance(data, str):
        return loads(data, GovernanceRecords, source=source)
    value = dict(data) if isinstance(data, Mapping) else data
    try:
        return from_json_value(value, GovernanceRecords)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.problems, source=source) from None


def records_to_json(records: GovernanceRecords) -> dict[str, Any]:
    """The records as a JSON object (the input format of :func:`records_from_json`)."""
    from ..serialization import to_json_value

    out: dict[str, Any] = to_json_value(records)
    return out
