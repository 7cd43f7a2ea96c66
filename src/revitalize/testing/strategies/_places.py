"""Strategies for places and governance records, and a builder of complete records.

Places are drawn from a registry (the packaged Wansheng one by default), so
every generated record names known towns and villages and passes
:func:`revitalize.models.governance.validate_records`.
:func:`complete_governance_records` builds a year's records that meet every
GOV requirement under a parameter set; tests perturb it one field at a time.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

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
    PlaceRef,
    PlaceRegistry,
    Town,
    Village,
    VillageClass,
    wansheng_registry,
)
from ...policy.parameters import ParameterSet

__all__ = [
    "complete_governance_records",
    "governance_records",
    "place_refs",
    "towns",
    "villages",
    "visits",
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


def visits(year: int, registry: PlaceRegistry | None = None) -> st.SearchStrategy[Visit]:
    """A visit in ``year`` by a leader ``L-1``..``L-3`` or a unit ``U-1``..``U-3``."""
    start = dt.date(year, 1, 1)
    return st.builds(
        Visit,
        visitor=st.sampled_from(("L-1", "L-2", "L-3", "U-1", "U-2", "U-3")),
        kind=st.sampled_from(VisitorKind),
        place=place_refs(registry),
        on=st.dates(start, start + relativedelta(years=1, days=-1)),
    )


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


def governance_records(year: int = 2023, registry: PlaceRegistry | None = None
                       ) -> st.SearchStrategy[GovernanceRecords]:
    """A year's records with random visits, meetings, admissions and disclosures."""
    reg = registry or wansheng_registry()
    village_refs = st.sampled_from(tuple(v.ref for v in reg.villages))
    start = dt.date(year, 1, 1)
    days = st.dates(start, start + relativedelta(years=1, days=-1))
    return st.builds(
        GovernanceRecords,
        year=st.just(year),
        villages=st.lists(village_refs, unique=True, max_size=5).map(tuple),
        visits=st.lists(visits(year, reg), max_size=8).map(tuple),
        meetings=st.lists(st.builds(JointMeeting, group=st.sampled_from(("G-0", "G-1")),
                                    on=days), max_size=4).map(tuple),
        admissions=st.lists(st.builds(PartyAdmission, village=village_refs, on=days,
                                      age=st.integers(18, 70)), max_size=6).map(tuple),
        disclosures=st.lists(st.builds(Disclosure, village=village_refs,
                                       kind=st.sampled_from(DisclosureKind), on=days),
                             max_size=6).map(tuple),
        three_governance=st.lists(st.builds(ThreeGovernance, village=village_refs,
                                            up_to_standard=st.none() | st.booleans()),
                                  max_size=4).map(tuple),
    )
