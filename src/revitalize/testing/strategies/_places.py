"""Strategies for places, place lists and registries, governance records, and a builder of
complete records.

Places are drawn from a registry (the packaged Wansheng one by default), so
every generated record names known towns and villages and passes
:func:`revitalize.models.governance.validate_records`. Each governance record
type has its own strategy (dated in one ``year``, default 2023);
:func:`place_registries` builds whole registries of an imagined district that
hold together as :func:`~revitalize.models.places.load_place_registry` requires.
:func:`complete_governance_records` builds a year's records that meet every
GOV requirement under a parameter set; tests perturb it one field at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, TypeVar

from hypothesis import strategies as st

from ...citations import Citation
from ...models.governance import (
    Activity,
    ActivityKind,
    AssistanceGroup,
    CivilizedTitle,
    ContactAssignment,
    Disclosure,
    DisclosureKind,
    GovernanceRecords,
    JointMeeting,
    LegalAdviser,
    LocalTalent,
    OfficialRole,
    PartyAdmission,
    ReserveCadre,
    ReservePool,
    SupportPost,
    ThreeGovernance,
    TitleLevel,
    Training,
    TrainingKind,
    VillageOfficial,
    Visit,
    VisitorKind,
    WorkTeam,
)
from ...models.places import (
    ListRole,
    ListSource,
    PlaceCount,
    PlaceList,
    PlaceRef,
    PlaceRegistry,
    Town,
    TownClass,
    Village,
    VillageClass,
    wansheng_registry,
)
from ...policy.parameters import ParameterSet
from ._household import names, texts

T = TypeVar("T")

#: The year the governance strategies date their records in, unless given one.
GOVERNANCE_YEAR: Final = 2023

__all__ = [
    "GOVERNANCE_YEAR",
    "activities",
    "assistance_groups",
    "civilized_titles",
    "complete_governance_records",
    "contact_assignments",
    "disclosures",
    "governance_records",
    "governance_trainings",
    "joint_meetings",
    "legal_advisers",
    "local_talents",
    "party_admissions",
    "place_counts",
    "place_lists",
    "place_refs",
    "place_registries",
    "reserve_cadres",
    "reserve_pools",
    "support_posts",
    "three_governance_checks",
    "towns",
    "village_officials",
    "villages",
    "visits",
    "work_teams",
]


def towns(registry: PlaceRegistry | None = None) -> st.SearchStrategy[Town]:
    """A town of ``registry`` (default: the Wansheng registry)."""
    return st.sampled_from((registry or wansheng_registry()).towns)


def villages(registry: PlaceRegistry | None = None) -> st.SearchStrategy[Village]:
    """A listed village of ``registry``."""
    return st.sampled_from((registry or wansheng_registry()).villages)


def place_refs(registry: PlaceRegistry | None = None) -> st.SearchStrategy[PlaceRef]:
    """A reference to a town or a listed village of ``registry``."""
    return st.one_of(towns(registry).map(lambda t: t.ref), villages(registry).map(lambda v: v.ref))


def _village_refs(registry: PlaceRegistry | None) -> st.SearchStrategy[PlaceRef]:
    return villages(registry).map(lambda v: v.ref)


def _days(year: int) -> st.SearchStrategy[dt.date]:
    """A day of ``year``; its first and last days and 29 February come up often."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    edges = [start, end] + ([dt.date(year, 2, 29)] if year % 4 == 0 and (
        year % 100 != 0 or year % 400 == 0) else [])
    return st.sampled_from(edges) | st.dates(start, end)


def _people(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 99).map(lambda i: f"{prefix}-{i}")


def visits(year: int = GOVERNANCE_YEAR,
           registry: PlaceRegistry | None = None) -> st.SearchStrategy[Visit]:
    """A visit in ``year`` by a leader ``L-1``..``L-3`` or a unit ``U-1``..``U-3``."""
    return st.builds(
        Visit,
        visitor=st.sampled_from(("L-1", "L-2", "L-3", "U-1", "U-2", "U-3")),
        kind=st.sampled_from(VisitorKind),
        place=place_refs(registry),
        on=_days(year),
    )


def contact_assignments(registry: PlaceRegistry | None = None,
                        ) -> st.SearchStrategy[ContactAssignment]:
    """One to three distinct leaders contacting a town or village (GOV-09; none sometimes)."""
    return st.builds(ContactAssignment, place=place_refs(registry),
                     leaders=st.lists(_people("L"), max_size=3, unique=True).map(tuple))


def assistance_groups(registry: PlaceRegistry | None = None, group_id: str | None = None,
                      ) -> st.SearchStrategy[AssistanceGroup]:
    """A group with 0..2 lead departments (GOV-09 reports anything but one), distinct member
    units, the places it helps and sometimes a convener."""
    return st.builds(
        AssistanceGroup,
        id=st.just(group_id) if group_id is not None else _people("G"),
        lead_departments=st.lists(names("局"), max_size=2).map(tuple),
        member_units=st.lists(names("委"), max_size=4, unique=True).map(tuple),
        places=st.lists(place_refs(registry), max_size=4).map(tuple),
        convener=st.none() | _people("L"),
    )


def joint_meetings(year: int = GOVERNANCE_YEAR) -> st.SearchStrategy[JointMeeting]:
    """A joint meeting of group ``G-0`` or ``G-1`` in ``year``."""
    return st.builds(JointMeeting, group=st.sampled_from(("G-0", "G-1")), on=_days(year))


def work_teams(registry: PlaceRegistry | None = None) -> st.SearchStrategy[WorkTeam]:
    """A work team in a listed village, its group and first secretary sometimes unknown."""
    return st.builds(WorkTeam, village=_village_refs(registry),
                     group=st.none() | _people("G"), first_secretary=st.none() | _people("FS"))


def village_officials(registry: PlaceRegistry | None = None,
                      ) -> st.SearchStrategy[VillageOfficial]:
    """A village official with distinct roles (none sometimes)."""
    return st.builds(VillageOfficial, person=_people("S"), village=_village_refs(registry),
                     roles=st.lists(st.sampled_from(OfficialRole), unique=True).map(tuple))


def governance_trainings(year: int = GOVERNANCE_YEAR) -> st.SearchStrategy[Training]:
    """A training of 1..366 days starting in ``year`` (GOV-05, GOV-08)."""
    return st.builds(Training, person=_people("S"), kind=st.sampled_from(TrainingKind),
                     start=_days(year), days=st.integers(1, 366))


def reserve_cadres() -> st.SearchStrategy[ReserveCadre]:
    """A reserve cadre of a (Chinese-named) village."""
    return st.builds(ReserveCadre, person=_people("R"), village=names("村"))


@st.composite
def reserve_pools(draw: st.DrawFn, registry: PlaceRegistry | None = None,
                  town: str | None = None) -> ReservePool:
    """A town's pool of reserve cadres, each person once."""
    people = draw(st.lists(_people("R"), max_size=5, unique=True))
    return ReservePool(
        town=town if town is not None else draw(towns(registry)).name,
        cadres=tuple(ReserveCadre(p, draw(names("村"))) for p in people))


def local_talents(registry: PlaceRegistry | None = None) -> st.SearchStrategy[LocalTalent]:
    """A local talent kept in a listed village."""
    return st.builds(LocalTalent, person=_people("T"), village=_village_refs(registry))


def party_admissions(year: int = GOVERNANCE_YEAR, registry: PlaceRegistry | None = None,
                     ) -> st.SearchStrategy[PartyAdmission]:
    """An admission in ``year`` or the year before (GOV-04's window) at 16..120 years old."""
    return st.builds(PartyAdmission, village=_village_refs(registry),
                     on=_days(year - 1) | _days(year), age=st.integers(16, 120))


def legal_advisers(registry: PlaceRegistry | None = None) -> st.SearchStrategy[LegalAdviser]:
    """A listed village's legal adviser (a Chinese-named firm)."""
    return st.builds(LegalAdviser, village=_village_refs(registry),
                     adviser=names("律师事务所"))


def disclosures(year: int = GOVERNANCE_YEAR,
                registry: PlaceRegistry | None = None) -> st.SearchStrategy[Disclosure]:
    """A disclosure of any kind in a listed village in ``year``."""
    return st.builds(Disclosure, village=_village_refs(registry),
                     kind=st.sampled_from(DisclosureKind), on=_days(year))


def activities(year: int = GOVERNANCE_YEAR,
               registry: PlaceRegistry | None = None) -> st.SearchStrategy[Activity]:
    """One of Box 7's activities in a listed village in ``year``."""
    return st.builds(Activity, village=_village_refs(registry),
                     kind=st.sampled_from(ActivityKind), on=_days(year))


@st.composite
def support_posts(draw: st.DrawFn, year: int = GOVERNANCE_YEAR,
                  registry: PlaceRegistry | None = None) -> SupportPost:
    """A post in a town starting in ``year``; its end (on or after the start) or none."""
    start = draw(_days(year))
    end = draw(st.none() | st.dates(start, dt.date(year + 3, 12, 31)))
    return SupportPost(town=draw(towns(registry)).name, start=start, end=end)


def civilized_titles(year: int = GOVERNANCE_YEAR,
                     registry: PlaceRegistry | None = None) -> st.SearchStrategy[CivilizedTitle]:
    """A title of any level held by a town or village, awarded in ``year`` or before."""
    return st.builds(CivilizedTitle, place=place_refs(registry),
                     level=st.sampled_from(TitleLevel),
                     awarded=st.dates(dt.date(year - 5, 1, 1), dt.date(year, 12, 31)))


def three_governance_checks(registry: PlaceRegistry | None = None,
                            ) -> st.SearchStrategy[ThreeGovernance]:
    """A village's three-governance standard: met, not met or not assessed."""
    return st.builds(ThreeGovernance, village=_village_refs(registry),
                     up_to_standard=st.none() | st.booleans())


def _n(params: ParameterSet, name: str, on: dt.date) -> int:
    return params.integer(name, on)


def complete_governance_records(registry: PlaceRegistry, params: ParameterSet,
                                year: int) -> GovernanceRecords:
    """A year's records that meet every GOV-01..10 requirement on 31 December of ``year``.

    Every listed village of ``registry`` is in scope; every town and every
    key-support or lifted village has one contact leader; one assistance
    group per town (the parameter's number of groups must equal the number
    of towns) takes the town and its key-support villages.
    """
    end = dt.date(year, 12, 31)
    mid = dt.date(year, 6, 1)
    refs = tuple(v.ref for v in registry.villages)
    contact_places = [t.ref for t in registry.towns] + [
        v.ref for v in registry.villages if set(v.classes) - {VillageClass.DEMONSTRATION}]
    contacts = tuple(ContactAssignment(p, (f"L-{i}",)) for i, p in enumerate(contact_places))
    leader_of = {c.place: c.leaders[0] for c in contacts}
    groups = []
    for i, t in enumerate(registry.towns):
        places = (t.ref, *(v.ref for v in registry.villages_of(t.name)
                           if v.ref in leader_of and v.ref != t.ref))
        groups.append(AssistanceGroup(f"G-{i}", (f"牵头部门{i}",), (f"成员单位{i}",), places,
                                      leader_of[t.ref]))
    visits_per = _n(params, "governance.visits_per_year", end)
    meetings_per = _n(params, "governance.meetings_per_half_year", end)
    all_visits = [Visit(leader, VisitorKind.DISTRICT_LEADER, p, mid)
                  for p, leader in leader_of.items() for _ in range(visits_per)]
    all_visits += [Visit(u, VisitorKind.UNIT_HEAD, p, mid)
                   for g in groups for u in g.member_units for p in g.places
                   for _ in range(visits_per)]
    meetings = [JointMeeting(g.id, day) for g in groups
                for day in (dt.date(year, 3, 1), dt.date(year, 9, 1))
                for _ in range(meetings_per)]
    key_support = [v.ref for v in registry.villages if VillageClass.KEY_SUPPORT in v.classes]
    teams = tuple(WorkTeam(v, groups[0].id, f"FS-{i}") for i, v in enumerate(key_support))
    officials = tuple(VillageOfficial(f"S-{i}", v, (OfficialRole.PARTY_SECRETARY,))
                      for i, v in enumerate(refs))
    days = _n(params, "governance.secretary_training_days", end)
    trainings = (*(Training(o.person, TrainingKind.GENERAL, mid, days) for o in officials),
                 *(Training(o.person, TrainingKind.LEGAL, mid, 1) for o in officials))
    cadres_min = _n(params, "governance.min_reserve_cadres", end)
    talents_min = _n(params, "governance.min_local_talents", end)
    pools = tuple(
        ReservePool(t.name, tuple(ReserveCadre(f"R-{v.id}-{k}", v.name)
                                  for v in registry.villages_of(t.name) for k in range(cadres_min)))
        for t in registry.towns if registry.villages_of(t.name))
    talents = tuple(LocalTalent(f"T-{i}-{k}", v) for i, v in enumerate(refs)
                    for k in range(talents_min))
    admissions_min = _n(params, "governance.min_admissions_per_window", end)
    admissions = tuple(PartyAdmission(v, mid, 25) for v in refs for _ in range(admissions_min))
    return GovernanceRecords(
        year=year, villages=refs, visits=tuple(all_visits), contacts=contacts,
        groups=tuple(groups), meetings=tuple(meetings), work_teams=teams, officials=officials,
        trainings=trainings, reserve_pools=pools, local_talents=talents,
        admissions=admissions,
        legal_advisers=tuple(LegalAdviser(v, "律师事务所") for v in refs),
        disclosures=tuple(Disclosure(v, k, mid) for v in refs for k in DisclosureKind),
        activities=tuple(Activity(v, k, mid) for v in refs for k in ActivityKind),
        support_posts=tuple(SupportPost(t.name, dt.date(year, 1, 1)) for t in registry.towns),
        civilized_titles=tuple(CivilizedTitle(p, TitleLevel.DISTRICT, dt.date(year, 1, 1))
                               for p in (*refs, *(t.ref for t in registry.towns))),
        three_governance=tuple(ThreeGovernance(v, True) for v in refs),
    )


@st.composite
def governance_records(draw: st.DrawFn, year: int = GOVERNANCE_YEAR,
                       registry: PlaceRegistry | None = None) -> GovernanceRecords:
    """A year's records with a few of every kind (distinct villages in scope, group ids and
    pool towns), all naming places of ``registry``."""
    reg = registry or wansheng_registry()

    def some(strategy: st.SearchStrategy[T], n: int = 4) -> tuple[T, ...]:
        return tuple(draw(st.lists(strategy, max_size=n)))

    group_ids = draw(st.lists(_people("G"), max_size=3, unique=True))
    pool_towns = draw(st.lists(st.sampled_from([t.name for t in reg.towns]), max_size=3,
                               unique=True))
    return GovernanceRecords(
        year=year,
        villages=tuple(draw(st.lists(_village_refs(reg), unique=True, max_size=5))),
        visits=some(visits(year, reg), 8),
        contacts=some(contact_assignments(reg)),
        groups=tuple(draw(assistance_groups(reg, g)) for g in group_ids),
        meetings=some(joint_meetings(year)),
        work_teams=some(work_teams(reg), 3),
        officials=some(village_officials(reg)),
        trainings=some(governance_trainings(year)),
        reserve_pools=tuple(draw(reserve_pools(reg, t)) for t in pool_towns),
        local_talents=some(local_talents(reg), 3),
        admissions=some(party_admissions(year, reg), 6),
        legal_advisers=some(legal_advisers(reg), 3),
        disclosures=some(disclosures(year, reg), 6),
        activities=some(activities(year, reg)),
        support_posts=some(support_posts(year, reg), 3),
        civilized_titles=some(civilized_titles(year, reg), 3),
        three_governance=some(three_governance_checks(reg)),
    )


# --------------------------------------------------------------------------- place lists


def _citations() -> st.SearchStrategy[Citation]:
    return st.builds(Citation, ref=st.sampled_from(("Ch3 §4", "Ch11 §2", "Box 1", "Ch5 §2")),
                     quote=texts())


@st.composite
def place_lists(draw: st.DrawFn, registry: PlaceRegistry | None = None) -> PlaceList:
    """A list of places of ``registry`` of any role: towns for a town class or the key
    towns, villages otherwise; the class field its role needs is set, the other is None."""
    reg = registry or wansheng_registry()
    role = draw(st.sampled_from(ListRole))
    town_level = role in (ListRole.TOWN_CLASS, ListRole.KEY_TOWNS)
    pool = [t.ref for t in reg.towns] if town_level else [v.ref for v in reg.villages]
    members = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True))
    return PlaceList(
        id=draw(_people("list")), catalog=draw(st.sampled_from(("PLACE-01", "PLACE-02",
                                                                "PLACE-04", "PLACE-06"))),
        source=draw(st.sampled_from(ListSource)), role=role,
        label_zh=draw(names("名单")), label_en=draw(st.text("abcdefg ", min_size=1,
                                                            max_size=20).map(str.strip)
                                                    .filter(bool)),
        members=tuple(members), citation=draw(_citations()),
        town_class=draw(st.sampled_from(TownClass)) if role is ListRole.TOWN_CLASS else None,
        village_class=(draw(st.sampled_from(VillageClass))
                       if role is ListRole.VILLAGE_CLASS else None),
    )


def place_counts() -> st.SearchStrategy[PlaceCount]:
    """A count the plan states about its places, with its citation."""
    return st.builds(PlaceCount, id=_people("count"), value=st.integers(0, 10**4),
                     citation=_citations())


@st.composite
def place_registries(draw: st.DrawFn, max_towns: int = 5) -> PlaceRegistry:
    """A registry of an imagined district, as :func:`load_place_registry` would build it:
    1..``max_towns`` towns each on exactly one town-class list, villages of known towns
    (unique per town), village-class lists whose members set the villages' classes, and
    sometimes a key-towns list and counts."""
    n = draw(st.integers(1, max_towns))
    town_names = [f"{t}镇" for t in draw(st.lists(names(), min_size=n, max_size=n,
                                                   unique=True))]
    town_classes = {t: draw(st.sampled_from(TownClass)) for t in town_names}
    village_keys = draw(st.lists(
        st.tuples(st.sampled_from(town_names), names("村")), max_size=8,
        unique=True))
    cite = draw(_citations())
    lists = [PlaceList(f"town-{c.value}", "PLACE-01", ListSource.CH11, ListRole.TOWN_CLASS,
                       c.label_zh, c.value, tuple(PlaceRef(t) for t in town_names
                                                   if town_classes[t] is c), cite, town_class=c)
             for c in TownClass if c in town_classes.values()]
    classes: dict[tuple[str, str], set[VillageClass]] = {k: set() for k in village_keys}
    for c in VillageClass:
        members = draw(st.lists(st.sampled_from(village_keys), unique=True)) \
            if village_keys else []
        if members:
            lists.append(PlaceList(f"village-{c.value}", "PLACE-02", ListSource.CH11,
                                   ListRole.VILLAGE_CLASS, c.label_zh, c.value,
                                   tuple(PlaceRef(*m) for m in members), cite,
                                   village_class=c))
            for m in members:
                classes[m].add(c)
    key = draw(st.lists(st.sampled_from(town_names), unique=True))
    if key:
        lists.append(PlaceList("key-towns", "PLACE-04", ListSource.BOX1, ListRole.KEY_TOWNS,
                               "重点帮扶镇", "key towns", tuple(PlaceRef(t) for t in key), cite))
    return PlaceRegistry(
        district=draw(names("区")), district_en="Imagined District",
        towns=tuple(Town(f"T{i}", t, f"Town {i}", town_classes[t])
                    for i, t in enumerate(town_names)),
        villages=tuple(Village(f"V{i}", v, f"Village {i}", t,
                               tuple(c for c in VillageClass if c in classes[(t, v)]))
                       for i, (t, v) in enumerate(village_keys)),
        lists=tuple(lists), counts=tuple(draw(st.lists(place_counts(), max_size=2))),
        villages_exhaustive=draw(st.booleans()),
    )
