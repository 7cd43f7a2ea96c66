"""MON-07: the village public-notice list never shows personal data."""

from __future__ import annotations

import datetime as dt
import json
import re

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.models import (
    CaseStatus,
    EntryChannel,
    Household,
    MonitoringCase,
    MonitoringCategory,
    RiskType,
    StatusChange,
)
from revitalize.models._fields import is_personal
from revitalize.policy.cases import open_case
from revitalize.policy.notice import (
    CASE_FIELDS,
    HEALTH_RISKS,
    PUBLIC_FIELDS,
    NoticeEntry,
    Proposal,
    village_notice,
)
from revitalize.policy.parameters import default_parameters
from revitalize.testing.strategies import households

POSTED = dt.date(2023, 6, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def verified_case(h: Household, risks: tuple[RiskType, ...], case_id: str = "",
                  status: CaseStatus = CaseStatus.VERIFIED) -> MonitoringCase:
    """A case of ``h`` at ``status`` in its village (history: clue, then status)."""
    case = open_case(case_id or f"C-{h.id}", h.id, EntryChannel.SELF_DECLARATION,
                     dt.date(2023, 5, 1), h.town, h.village, risks=risks)
    change = StatusChange(on=dt.date(2023, 5, 10), from_status=CaseStatus.CLUE, to_status=status)
    return attrs.evolve(case, status=status, history=(*case.history, change),
                        category=MonitoringCategory.SUDDEN_HARDSHIP)


def personal_values(h: Household) -> set[str]:
    """Every personal string value of the household's members."""
    out = set()
    for m in h.members:
        for a in attrs.fields(type(m)):
            value = getattr(m, a.name)
            if is_personal(a) and isinstance(value, str):
                out.add(value)
    return out


@settings(max_examples=30)
@given(homes=st.lists(households(max_members=4), min_size=1, max_size=3),
       risks=st.lists(st.sampled_from(RiskType), unique=True, max_size=5).map(tuple))
def test_the_notice_never_contains_a_personal_identifier(
        homes: list[Household], risks: tuple[RiskType, ...]) -> None:
    """Property: no ID number, phone or bank account, and no health risk, in any output."""
    village = homes[0].village
    town = homes[0].town
    homes = [attrs.evolve(h, id=f"H-{i}", village=village, town=town)
             for i, h in enumerate(homes)]
    secrets = set().union(*(personal_values(h) for h in homes))
    cases = [verified_case(h, risks) for h in homes]
    notice = village_notice(cases, village, POSTED, default_parameters(), town=town,
                            households={h.id: h for h in homes})
    assert len(notice.entries) == len(homes)
    texts = (notice.render("zh"), notice.render("en"),
             json.dumps(notice.to_json(), ensure_ascii=False))
    for text in texts:
        for secret in secrets:
            assert secret not in text
        for field in ("id_number", "phone", "bank_account", "serious_illness", "disability"):
            assert field not in text
    for entry in notice.entries:
        assert not set(entry.risks) & HEALTH_RISKS
        assert entry.other_hardship is bool(set(risks) & HEALTH_RISKS)
    for risk in HEALTH_RISKS:
        assert risk.label_zh not in texts[0] and risk.value not in texts[2]


def test_an_entry_has_exactly_the_allow_listed_fields() -> None:
    """NoticeEntry's fields are PUBLIC_FIELDS; the copied case fields are a subset."""
    names = tuple(a.name for a in attrs.fields(NoticeEntry))
    assert names == PUBLIC_FIELDS
    assert set(CASE_FIELDS) <= set(PUBLIC_FIELDS)
    assert not any(is_personal(a) for a in attrs.fields(NoticeEntry))


def household(hid: str, village: str = "海孔村") -> Household:
    from revitalize.models import Member, PovertyStatus

    return Household(id=hid, town="丛林镇", village=village,
                     poverty_status=PovertyStatus.NEVER_REGISTERED,
                     members=(Member(id="M1", birth_date=dt.date(1970, 1, 1),
                                     phone="13800000000", id_number="500000197001010000"),))


def test_the_notice_lists_cases_under_appraisal_in_the_village_only() -> None:
    """Verified cases and proposed eliminations of the village, ordered by household."""
    params = default_parameters()
    cases = [
        verified_case(household("H-3"), (RiskType.INCOME,)),
        verified_case(household("H-1"), (RiskType.ILLNESS, RiskType.HOUSING)),
        verified_case(household("H-2"), (), status=CaseStatus.ASSISTED),
        verified_case(household("H-4"), (), status=CaseStatus.INCLUDED),
        verified_case(household("H-5", "绿水村"), (RiskType.INCOME,)),
    ]
    notice = village_notice(cases, "海孔村", POSTED, params,
                            proposed_elimination={"C-H-2"})
    assert [(e.number, e.household_id, e.proposal) for e in notice.entries] == [
        (1, "H-1", Proposal.INCLUSION), (2, "H-2", Proposal.RISK_ELIMINATION),
        (3, "H-3", Proposal.INCLUSION)]
    first = notice.entries[0]
    assert first.risks == (RiskType.HOUSING,) and first.other_hardship
    assert "其他困难" in notice.render("zh") and "因病" not in notice.render("zh")
    assert notice.town == "丛林镇" and CJK.search(notice.render("zh"))


def test_the_notice_period_is_the_minimum_days_with_both_ends() -> None:
    """The notice runs cases.notice_days days from the posting day, both ends included."""
    params = default_parameters()
    m = params.integer("cases.notice_days", POSTED)
    notice = village_notice([], "海孔村", POSTED, params)
    assert notice.days == m
    assert notice.ends_on == POSTED + relativedelta(days=m - 1)
    assert f"（{m} 天）" in notice.render("zh") and f"({m} days)" in notice.render("en")
