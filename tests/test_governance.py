"""GOV-01..10: each requirement just met and just missed, thresholds from the ParameterSet."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError
from revitalize.models.governance import (
    AssistanceGroup,
    CivilizedTitle,
    ContactAssignment,
    GovernanceRecords,
    JointMeeting,
    LocalTalent,
    PartyAdmission,
    ReservePool,
    SupportPost,
    ThreeGovernance,
    TitleLevel,
    Training,
    TrainingKind,
    Visit,
    VisitorKind,
    WorkTeam,
    records_from_json,
    records_to_json,
    validate_records,
)
from revitalize.models.places import PlaceRef, wansheng_registry
from revitalize.policy.engine import Outcome
from revitalize.policy.governance import (
    GovernanceCase,
    admission_window,
    check_governance,
    half_years,
)
from revitalize.policy.parameters import default_parameters
from revitalize.testing.strategies import complete_governance_records, governance_records, visits

REG = wansheng_registry()
PARAMS = default_parameters()
YEAR = 2025
END = dt.date(YEAR, 12, 31)
CLEAN = complete_governance_records(REG, PARAMS, YEAR)
LVSHUI = PlaceRef("丛林镇", "绿水村")


def _int(name: str, on: dt.date = END) -> int:
    return PARAMS.integer(name, on)


def _gaps(records: GovernanceRecords, rule_id: str, on: dt.date = END,
          params: object = PARAMS) -> tuple[str, ...]:
    report = check_governance(records, REG, params, on)  # type: ignore[arg-type]
    return tuple(g.subject for g in report.gaps_of(rule_id))


def _outcome(records: GovernanceRecords, rule_id: str, on: dt.date = END) -> Outcome:
    report = check_governance(records, REG, PARAMS, on)
    return next(f for f in report.findings if f.rule_id == rule_id).outcome


def test_complete_records_are_clean() -> None:
    """The builder's records meet every GOV rule: no gap, every finding YES."""
    report = check_governance(CLEAN, REG, PARAMS, END)
    assert report.clean, [g.describe("en") for g in report.gaps]
    assert [f.outcome for f in report.findings] == [Outcome.YES] * 10
    assert [f.rule_id for f in report.findings] == [f"GOV-{i:02d}" for i in range(1, 11)]


# --------------------------------------------------------------------------- GOV-01


def test_gov01_a_missing_visit_is_a_gap() -> None:
    """GOV-01: a contact leader with one visit too few is a gap for that place."""
    contact = CLEAN.contacts[0]
    leader = contact.leaders[0]
    kept = [v for v in CLEAN.visits if not (v.visitor == leader and v.place == contact.place)]
    per = _int("governance.visits_per_year")
    kept += [Visit(leader, CLEAN.visits[0].kind, contact.place, dt.date(YEAR, 5, 1))] * (per - 1)
    records = attrs.evolve(CLEAN, visits=tuple(kept))
    assert _gaps(records, "GOV-01") == (f"{leader} → {contact.place}",)


def test_gov01_a_visit_of_another_year_does_not_count() -> None:
    """GOV-01: only visits within the calendar year count."""
    visits_ = tuple(attrs.evolve(v, on=v.on - relativedelta(years=1)) for v in CLEAN.visits)
    assert _outcome(attrs.evolve(CLEAN, visits=visits_), "GOV-01") is Outcome.NO


def test_gov01_with_no_one_owing_visits_is_insufficient_data() -> None:
    """GOV-01: with no contacts or groups recorded, visits are unknown, never "all made"."""
    empty = attrs.evolve(CLEAN, contacts=(), groups=(), visits=())
    assert _outcome(empty, "GOV-01") is Outcome.INSUFFICIENT_DATA


def test_gov01_not_judged_before_the_year_ends() -> None:
    """GOV-01: on 30 December the year has not ended; the rule is not applicable."""
    assert _outcome(attrs.evolve(CLEAN, visits=()), "GOV-01", END - dt.timedelta(days=1)) is (
        Outcome.NOT_APPLICABLE)
    assert _outcome(attrs.evolve(CLEAN, visits=()), "GOV-01", END) is Outcome.NO


@given(st.lists(visits(YEAR), max_size=5))
def test_gov01_adding_visits_never_adds_a_gap(extra: list[Visit]) -> None:
    """GOV-01: more visits never create a gap."""
    base = attrs.evolve(CLEAN, visits=CLEAN.visits[::2])
    before = set(_gaps(base, "GOV-01"))
    after = set(_gaps(attrs.evolve(base, visits=base.visits + tuple(extra)), "GOV-01"))
    assert after <= before


# --------------------------------------------------------------------------- GOV-02


def _meetings_on(group: str, *days: dt.date) -> GovernanceRecords:
    others = tuple(m for m in CLEAN.meetings if m.group != group)
    return attrs.evolve(CLEAN, meetings=others + tuple(JointMeeting(group, d) for d in days))


def test_gov02_meeting_on_the_last_day_of_a_half_counts_for_that_half() -> None:
    """GOV-02: a meeting on 30 June counts for H1; 1 July counts for H2 only."""
    assert _int("governance.meetings_per_half_year") == 1
    h1, h2 = half_years(YEAR)
    assert h1.end == dt.date(YEAR, 6, 30) and h2.start == dt.date(YEAR, 7, 1)
    group = CLEAN.groups[0].id
    assert _gaps(_meetings_on(group, h1.end, h2.end), "GOV-02") == ()
    assert _gaps(_meetings_on(group, h2.start, h2.end), "GOV-02") == (group,)
    report = check_governance(_meetings_on(group, h2.start), REG, PARAMS, END)
    assert [g.period for g in report.gaps_of("GOV-02")] == [h1.label]


def test_gov02_only_ended_halves_are_judged() -> None:
    """GOV-02: on 30 June only the first half is judged."""
    group = CLEAN.groups[0].id
    records = _meetings_on(group)
    report = check_governance(records, REG, PARAMS, dt.date(YEAR, 6, 30))
    assert [g.period for g in report.gaps_of("GOV-02")] == [f"{YEAR}H1"]


# --------------------------------------------------------------------------- GOV-03


def test_gov03_talents_and_reserve_cadres_just_met_and_just_missed() -> None:
    """GOV-03: one local talent fewer than the minimum, or one cadre fewer, is a gap."""
    talents = tuple(t for t in CLEAN.local_talents if t.village != LVSHUI)
    n = _int("governance.min_local_talents")
    ok = attrs.evolve(CLEAN, local_talents=talents + (LocalTalent("X", LVSHUI),) * n)
    assert _gaps(ok, "GOV-03") == ()
    short = attrs.evolve(CLEAN, local_talents=talents + (LocalTalent("X", LVSHUI),) * (n - 1))
    assert _gaps(short, "GOV-03") == (str(LVSHUI),)
    pools = tuple(attrs.evolve(p, cadres=p.cadres[1:]) if p.town == LVSHUI.town else p
                  for p in CLEAN.reserve_pools)
    assert str(LVSHUI) in _gaps(attrs.evolve(CLEAN, reserve_pools=pools), "GOV-03")
    assert _int("governance.min_reserve_cadres") == sum(
        1 for p in CLEAN.reserve_pools for c in p.cadres
        if p.town == LVSHUI.town and c.village == LVSHUI.village)


# --------------------------------------------------------------------------- GOV-04


def _with_admissions(*admissions: PartyAdmission) -> GovernanceRecords:
    return attrs.evolve(CLEAN, villages=(LVSHUI,), admissions=admissions)


def test_gov04_rolling_window_ends_on_the_assessment_date() -> None:
    """GOV-04: an admission on the assessment date counts; one exactly 2 years before does not."""
    on = dt.date(YEAR, 12, 31)
    window, _ = admission_window(PARAMS, on)
    assert window is not None and window.end == on
    years = _int("governance.admission_window_years")
    assert window.start == on - relativedelta(years=years) + relativedelta(days=1)
    assert _gaps(_with_admissions(PartyAdmission(LVSHUI, on, 25)), "GOV-04", on) == ()
    assert _gaps(_with_admissions(PartyAdmission(LVSHUI, window.start, 25)), "GOV-04", on) == ()
    before = window.start - relativedelta(days=1)
    assert _gaps(_with_admissions(PartyAdmission(LVSHUI, before, 25)), "GOV-04", on) == (
        str(LVSHUI),)


def test_gov04_fixed_window_ending_on_the_assessment_date() -> None:
    """GOV-04: with fixed periods, the period ending on the assessment date is judged."""
    fixed = PARAMS.reform({"governance.admission_window_kind": "fixed"}, name="fixed")
    anchor = fixed.date("governance.admission_window_anchor", END)
    years = fixed.integer("governance.admission_window_years", END)
    end = anchor + relativedelta(years=years, days=-1)
    window, _ = admission_window(fixed, end)
    assert window is not None and (window.start, window.end) == (anchor, end)
    assert admission_window(fixed, end - relativedelta(days=1))[0] is None
    records = attrs.evolve(_with_admissions(PartyAdmission(LVSHUI, end, 25)), year=end.year)
    assert _gaps(records, "GOV-04", end, fixed) == ()
    records = attrs.evolve(_with_admissions(PartyAdmission(LVSHUI, end + relativedelta(days=1),
                                                           25)), year=end.year)
    assert _gaps(records, "GOV-04", end, fixed) == (str(LVSHUI),)


def test_gov04_exactly_the_minimum_young_share_passes() -> None:
    """GOV-04: a town whose young share is exactly the minimum passes; one fewer fails."""
    share = PARAMS.decimal("governance.young_member_min_share", END)
    age = _int("governance.young_member_age")
    total = 4
    young = int(share * total / Decimal(100))
    assert Decimal(young * 100) == share * total  # the boundary is exactly reachable
    day = dt.date(YEAR, 3, 1)
    ages = [age] * young + [age + 1] * (total - young)  # age itself counts as young
    ok = _with_admissions(*(PartyAdmission(LVSHUI, day, a) for a in ages))
    assert _gaps(ok, "GOV-04") == ()
    ages = [age] * (young - 1) + [age + 1] * (total - young + 1)
    short = _with_admissions(*(PartyAdmission(LVSHUI, day, a) for a in ages))
    assert _gaps(short, "GOV-04") == (LVSHUI.town,)


def test_gov04_age_limit_exclusive_by_reform() -> None:
    """GOV-04: with the limit exclusive, members exactly at the age limit are not young."""
    age = _int("governance.young_member_age")
    strict = PARAMS.reform({"governance.young_member_age_inclusive": False}, name="strict")
    records = _with_admissions(PartyAdmission(LVSHUI, dt.date(YEAR, 3, 1), age))
    assert _gaps(records, "GOV-04") == ()
    assert _gaps(records, "GOV-04", END, strict) == (LVSHUI.town,)


# --------------------------------------------------------------------------- GOV-05


def test_gov05_training_days_just_met_and_just_missed() -> None:
    """GOV-05: the minimum days pass; one day fewer is a gap for the secretary."""
    days = _int("governance.secretary_training_days")
    secretary = CLEAN.officials[0]
    others = tuple(t for t in CLEAN.trainings if t.person != secretary.person)
    legal = Training(secretary.person, TrainingKind.LEGAL, dt.date(YEAR, 2, 1), 1)
    general = Training(secretary.person, TrainingKind.GENERAL, dt.date(YEAR, 3, 1), days - 1)
    ok = attrs.evolve(CLEAN, trainings=(*others, legal, general))
    assert _gaps(ok, "GOV-05") == ()
    short = attrs.evolve(ok, trainings=(*others, legal,
                                        attrs.evolve(general, days=days - 2)))
    assert _gaps(short, "GOV-05") == (f"{secretary.person} ({secretary.village})",)


# --------------------------------------------------------------------------- GOV-06


def _titled(villages: int, towns: int) -> GovernanceRecords:
    v = CLEAN.villages[:villages]
    t = tuple(x.ref for x in REG.towns[:towns])
    titles = tuple(CivilizedTitle(p, TitleLevel.DISTRICT, dt.date(YEAR, 1, 1)) for p in v + t)
    return attrs.evolve(CLEAN, civilized_titles=titles)


def test_gov06_shares_at_the_target_pass_at_the_deadline() -> None:
    """GOV-06: exactly the target shares pass at the deadline; one title fewer fails."""
    deadline = PARAMS.date("governance.civilized_deadline", END)
    vs = PARAMS.decimal("governance.civilized_village_share", END)
    ts = PARAMS.decimal("governance.civilized_town_share", END)
    n_v, n_t = len(CLEAN.villages), len(REG.towns)
    need_v = -(-int(vs * n_v) // 100)  # ceiling of share × total / 100
    need_t = -(-int(ts * n_t) // 100)
    assert _gaps(_titled(need_v, need_t), "GOV-06", deadline) == ()
    assert _gaps(_titled(need_v - 1, need_t), "GOV-06", deadline) == ("文明村",)
    assert _gaps(_titled(need_v, need_t - 1), "GOV-06", deadline) == ("文明乡镇",)


def test_gov06_before_the_deadline_only_reports_shares() -> None:
    """GOV-06: before the deadline the shares are reported, not judged."""
    deadline = PARAMS.date("governance.civilized_deadline", END)
    records = attrs.evolve(_titled(0, 0), year=deadline.year - 1)
    on = dt.date(deadline.year - 1, 12, 31)
    assert _outcome(records, "GOV-06", on) is Outcome.NOT_APPLICABLE
    assert _gaps(records, "GOV-06", on) == ()


def test_gov06_town_level_titles_do_not_count() -> None:
    """GOV-06: a town-level title is below district level and does not count."""
    titles = tuple(attrs.evolve(t, level=TitleLevel.TOWN) for t in CLEAN.civilized_titles)
    deadline = PARAMS.date("governance.civilized_deadline", END)
    assert set(_gaps(attrs.evolve(CLEAN, civilized_titles=titles), "GOV-06", deadline)) == {
        "文明村", "文明乡镇"}


# --------------------------------------------------------------------------- GOV-07


def test_gov07_rate_below_target_and_missing_assessment() -> None:
    """GOV-07: a village not up to standard is a gap; one not assessed is missing data."""
    assert PARAMS.decimal("governance.three_governance_rate", END) == Decimal(100)
    rest = CLEAN.three_governance[1:]
    first = CLEAN.three_governance[0]
    failing = attrs.evolve(CLEAN, three_governance=(ThreeGovernance(first.village, False),
                                                    *rest))
    assert _gaps(failing, "GOV-07") == (str(first.village),)
    unknown = attrs.evolve(CLEAN, three_governance=(ThreeGovernance(first.village, None), *rest))
    assert _outcome(unknown, "GOV-07") is Outcome.INSUFFICIENT_DATA


# --------------------------------------------------------------------------- GOV-08


def test_gov08_lists_what_a_village_misses() -> None:
    """GOV-08: no legal adviser, a missing disclosure and a missing activity are each listed."""
    records = attrs.evolve(
        CLEAN,
        legal_advisers=tuple(a for a in CLEAN.legal_advisers if a.village != LVSHUI),
        disclosures=tuple(d for d in CLEAN.disclosures
                          if not (d.village == LVSHUI and d.kind.value == "financial")),
        activities=tuple(a for a in CLEAN.activities
                         if not (a.village == LVSHUI and a.kind.value == "dream_classroom")),
    )
    report = check_governance(records, REG, PARAMS, END)
    whats = [g.what_en for g in report.gaps_of("GOV-08")]
    assert whats == ["no legal adviser", "no financial disclosure",
                     "no dream classroom activity"]


def test_gov08_every_committee_member_needs_legal_training() -> None:
    """GOV-08: a committee member without the year's legal training is a gap."""
    person = CLEAN.officials[0].person
    trainings = tuple(t for t in CLEAN.trainings
                      if not (t.person == person and t.kind is TrainingKind.LEGAL))
    assert _gaps(attrs.evolve(CLEAN, trainings=trainings), "GOV-08") == (
        f"{person} ({CLEAN.officials[0].village})",)


# --------------------------------------------------------------------------- GOV-09


@pytest.mark.parametrize("extra", [0, 1, 2])
def test_gov09_one_or_two_leaders_per_place(extra: int) -> None:
    """GOV-09: one or two contact leaders pass; none or more than two fail."""
    lo, hi = _int("governance.min_contact_leaders"), _int("governance.max_contact_leaders")
    first = CLEAN.contacts[0]
    leaders = tuple(f"X-{i}" for i in range(lo - 1 + extra))
    records = attrs.evolve(CLEAN, contacts=(attrs.evolve(first, leaders=leaders),
                                            *CLEAN.contacts[1:]))
    ok = lo <= len(leaders) <= hi
    assert (str(first.place) in _gaps(records, "GOV-09")) is not ok
    too_many = tuple(f"X-{i}" for i in range(hi + 1))
    records = attrs.evolve(CLEAN, contacts=(ContactAssignment(first.place, too_many),
                                            *CLEAN.contacts[1:]))
    assert str(first.place) in _gaps(records, "GOV-09")


def test_gov09_groups_lead_department_convener_and_work_teams() -> None:
    """GOV-09: group count, one lead department, a contact-leader convener, teams, secretaries."""
    g = CLEAN.groups[0]
    two_leads = attrs.evolve(g, lead_departments=("甲", "乙"))
    assert _gaps(attrs.evolve(CLEAN, groups=(two_leads, *CLEAN.groups[1:])), "GOV-09") == (g.id,)
    stranger = attrs.evolve(g, convener="nobody")
    assert _gaps(attrs.evolve(CLEAN, groups=(stranger, *CLEAN.groups[1:])), "GOV-09") == (g.id,)
    assert len(CLEAN.groups) == _int("governance.assistance_groups")
    assert "帮扶集团" in _gaps(attrs.evolve(CLEAN, groups=CLEAN.groups[:-1]), "GOV-09")
    team = CLEAN.work_teams[0]
    no_secretary = attrs.evolve(team, first_secretary=None)
    assert _gaps(attrs.evolve(CLEAN, work_teams=(no_secretary, *CLEAN.work_teams[1:])),
                 "GOV-09") == (str(team.village),)
    assert _gaps(attrs.evolve(CLEAN, work_teams=CLEAN.work_teams[1:]), "GOV-09") == (
        str(team.village),)


def test_gov09_structure_is_not_refused_at_construction() -> None:
    """GOV-09: a group with no lead department can be recorded (and is reported)."""
    group = AssistanceGroup("G", (), ("单位",), (PlaceRef("丛林镇"),), "L-1")
    assert group.lead_departments == ()
    assert isinstance(WorkTeam(LVSHUI), WorkTeam)


# --------------------------------------------------------------------------- GOV-10


def test_gov10_pool_per_town_and_support_posts() -> None:
    """GOV-10: a town without a pool or without a post in the year is a gap."""
    town = LVSHUI.town
    pools = tuple(p for p in CLEAN.reserve_pools if p.town != town)
    assert town in _gaps(attrs.evolve(CLEAN, reserve_pools=pools), "GOV-10")
    posts = tuple(p for p in CLEAN.support_posts if p.town != town)
    n = _int("governance.min_support_posts_per_town")
    ended = SupportPost(town, dt.date(YEAR - 2, 1, 1), dt.date(YEAR - 1, 12, 31))
    assert _gaps(attrs.evolve(CLEAN, support_posts=(*posts, ended)), "GOV-10") == (town,)
    current = SupportPost(town, dt.date(YEAR - 2, 1, 1), dt.date(YEAR, 1, 1))
    assert _gaps(attrs.evolve(CLEAN, support_posts=(*posts, *(current,) * n)), "GOV-10") == ()


def test_gov10_a_cadre_outside_the_towns_villages_is_reported() -> None:
    """GOV-10: a pool keeps the villages of its own town."""
    pool = CLEAN.reserve_pools[0]
    stray = attrs.evolve(pool.cadres[0], person="R-stray", village="不存在村")
    records = attrs.evolve(CLEAN, reserve_pools=(ReservePool(pool.town, (*pool.cadres, stray)),
                                                 *CLEAN.reserve_pools[1:]))
    assert _gaps(records, "GOV-10") == (f"R-stray ({pool.town}不存在村)",)


# --------------------------------------------------------------------------- input


def test_records_round_trip_through_json() -> None:
    """The complete records survive a JSON round trip."""
    assert records_from_json(records_to_json(CLEAN)) == CLEAN


@given(governance_records(YEAR))
def test_generated_records_round_trip_and_validate(records: GovernanceRecords) -> None:
    """Generated records survive JSON and name only registry places."""
    assert records_from_json(records_to_json(records)) == records
    validate_records(records, REG)
    check_governance(records, REG, PARAMS, END)


@pytest.mark.parametrize(("data", "path"), [
    ({"year": 2025, "visits": [{"visitor": "L", "kind": "x", "place": {"town": "丛林镇"},
                                "on": "2025-01-01"}]}, "$.visits[0].kind"),
    ({"year": 2025, "meetings": [{"group": "G", "on": "2025-02-30"}]}, "$.meetings[0].on"),
    ({"year": 2025, "admissions": [{"village": {"town": "丛林镇"}, "on": "2025-01-01",
                                    "age": 30}]}, "$.admissions[0].village.village"),
    ({"year": 2025, "trainings": [{"person": "P", "kind": "legal", "start": "2025-01-01",
                                   "days": 0}]}, "$.trainings[0].days"),
    ({"year": 2025, "visits": [{"visitor": "L", "kind": "unit_head", "place": "丛林镇",
                                "on": "2025-01-01"}]}, "$.visits[0].place"),
    ({"year": 2025, "villages": [{"town": "丛林镇", "village": 7}]}, "$.villages[0].village"),
    ({"year": 2025, "surprise": 1}, "$.surprise"),
])
def test_bad_input_names_the_path(data: dict[str, object], path: str) -> None:
    """Bad JSON input raises one error naming the path of each problem."""
    with pytest.raises(InvalidInputError) as err:
        records_from_json(data)
    assert path in [p.path for p in err.value.problems]


def test_places_are_json_objects() -> None:
    """A place is written as ``{"town", "village"}``, ``village`` null for a town."""
    visit = Visit("L-1", VisitorKind.DISTRICT_LEADER, PlaceRef("丛林镇"), END)
    data = records_to_json(GovernanceRecords(YEAR, villages=(LVSHUI,), visits=(visit,)))
    assert data["villages"] == [{"town": "丛林镇", "village": "绿水村"}]
    assert data["visits"][0]["place"] == {"town": "丛林镇", "village": None}
    data["visits"][0]["place"] = {"town": "丛林镇"}
    assert records_from_json(data).visits == (visit,)


def test_every_bad_path_is_reported_at_once() -> None:
    """Several bad values give one error naming each path, headed by the source."""
    text = json.dumps({"year": 2025,
                       "villages": ["丛林镇/绿水村"],
                       "meetings": [{"group": "G", "on": "2025-02-30"}],
                       "admissions": [{"village": {"town": "丛林镇"}, "on": "2025-01-01",
                                       "age": 3}]}, ensure_ascii=False)
    with pytest.raises(InvalidInputError) as err:
        records_from_json(text, source="records.json")
    paths = [p.path for p in err.value.problems]
    assert set(paths) == {"$.villages[0]", "$.meetings[0].on", "$.admissions[0].village.village",
                          "$.admissions[0].age"}
    assert str(err.value).startswith("records.json")


def test_unknown_place_names_the_path_and_closest_town() -> None:
    """A town not in the registry is reported with its path and the closest match."""
    records = attrs.evolve(CLEAN, villages=(PlaceRef("丛林", "绿水村"),))
    with pytest.raises(InvalidInputError) as err:
        validate_records(records, REG)
    (problem,) = err.value.problems
    assert problem.path == "$.villages[0].town" and "丛林镇" in problem.message


def test_case_is_a_value() -> None:
    """The rule subject is an immutable value of records and registry."""
    case = GovernanceCase(CLEAN, REG)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.records = CLEAN  # type: ignore[misc]
