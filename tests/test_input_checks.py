"""Places and dates are checked wherever they are given: a household that cannot be
assessed on its date (a member born after it, a lifted year after it, an unknown town)
is an input error with its path, never counted silently; an unknown place names the
close matches; a notice for an unknown village is a usage error naming the known ones."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import revitalize
from revitalize.errors import InvalidInputError
from revitalize.models import (
    CaseStatus,
    EntryChannel,
    Member,
    MonitoringCase,
    StatusChange,
    validate,
    wansheng_registry,
)
from revitalize.testing.population import baseline_household

ON = dt.date(2023, 6, 1)


def _problems(h: revitalize.Household) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        revitalize.assess_household(h, revitalize.default_parameters(), ON)
    return {p.path: p.message for p in caught.value.problems}


def test_a_member_born_after_the_date_is_an_input_error() -> None:
    """A member born the day after the assessment date is refused with the path; born on
    the date is fine."""
    h = baseline_household(ON)
    later = attrs.evolve(h, members=(*h.members, Member(id="M9", birth_date=ON + dt.timedelta(1))))
    path = f"$.members[{len(h.members)}].birth_date"
    assert _problems(later) == {path: "born on 2023-06-02, after the assessment date 2023-06-01"}
    same_day = attrs.evolve(h, members=(*h.members, Member(id="M9", birth_date=ON)))
    assert revitalize.assess_household(same_day, revitalize.default_parameters(), ON)


def test_a_lifted_year_after_the_date_is_an_input_error() -> None:
    """Lifted in the year after the assessment is refused; in the assessment year is fine."""
    h = baseline_household(ON)
    assert "$.lifted_year" in _problems(attrs.evolve(h, lifted_year=ON.year + 1))
    assert revitalize.assess_household(attrs.evolve(h, lifted_year=ON.year),
                                       revitalize.default_parameters(), ON)


def test_an_unknown_town_is_an_input_error_with_suggestions() -> None:
    """A misspelt town names the close match; every problem is reported at once."""
    h = baseline_household(ON)
    problems = _problems(attrs.evolve(h, town="丛林", lifted_year=ON.year + 1))
    assert "did you mean '丛林镇'" in problems["$.town"]
    assert "$.lifted_year" in problems


def test_a_batch_reports_the_household_instead_of_counting_it() -> None:
    """In a batch the household becomes an error record with the path."""
    from revitalize.batch import BatchTask, assess_records, read_jsonl

    h = baseline_household(ON)
    good = revitalize.dumps(h, canonical=True)
    bad = revitalize.dumps(attrs.evolve(h, id="H-BAD", town="万盛镇"), canonical=True)
    import io

    items = read_jsonl(io.BytesIO(f"{good}\n{bad}\n".encode()))
    records = list(assess_records(items, BatchTask(revitalize.default_parameters(), ON)))
    assert "error" not in records[0]
    assert any("$.town" in p for p in records[1]["error"]["problems"])


def test_validate_names_close_matches_and_dates_out_of_order() -> None:
    """validate suggests the close town; a case changed before it was opened is out of
    order."""
    h = attrs.evolve(baseline_household(ON), town="黑山")
    (p,) = validate(h, on=ON, registry=wansheng_registry())
    assert p.path == "$.town" and "'黑山镇'" in p.message
    case = MonitoringCase(id="C-1", household_id="H-1", entry_channel=EntryChannel.SELF_DECLARATION,
                          status=CaseStatus.CLUE, opened_on=dt.date(2023, 3, 1), town="丛林镇",
                          village="海孔村", history=(StatusChange(
                              on=dt.date(2023, 2, 28), from_status=None,
                              to_status=CaseStatus.CLUE),))
    assert [q.path for q in validate(case, on=ON)] == ["$.history[0].on"]
    in_order = attrs.evolve(case, history=(attrs.evolve(case.history[0], on=case.opened_on),))
    assert validate(in_order, on=ON) == []


def test_governance_records_with_an_unknown_place_are_refused() -> None:
    """check_governance refuses a record naming an unknown town, with the close match."""
    from revitalize.models.governance import GovernanceRecords
    from revitalize.models.places import PlaceRef

    records = GovernanceRecords(year=2023, villages=(PlaceRef("青年", "板辽村"),))
    with pytest.raises(InvalidInputError) as caught:
        revitalize.check_governance(records, wansheng_registry(),
                                    revitalize.default_parameters(), ON)
    (p,) = caught.value.problems
    assert p.path == "$.villages[0].town" and "'青年镇'" in p.message


def _register(tmp_path: Path) -> Path:
    from revitalize.policy.cases import CaseRegister, open_case

    case = open_case("C-1", "H-1", EntryChannel.SELF_DECLARATION, dt.date(2023, 3, 1),
                     "丛林镇", "海孔村")
    path = tmp_path / "register.json"
    path.write_text(revitalize.dumps(CaseRegister(cases=(case,), on=ON)), encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "code", "named"), [
    (("--village", "海孔村"), 0, None),
    (("--village", "海孔"), 2, "'海孔村'"),
    (("--village", "海孔村", "--town", "丛林"), 2, "'丛林镇'"),
])
def test_notice_for_an_unknown_village_is_a_usage_error(
        tmp_path: Path, args: tuple[str, ...], code: int, named: str | None) -> None:
    """``notice --village`` for a village neither the register nor the place registry
    knows exits 2 (a bad option value) naming the known villages; a known one prints."""
    r = subprocess.run([sys.executable, "-m", "revitalize", "notice", str(_register(tmp_path)),
                        *args, "--json"], capture_output=True, text=True)
    assert r.returncode == code, r.stderr
    if named is None:
        assert json.loads(r.stdout)["village"] == "海孔村"
    else:
        assert named in r.stderr and r.stdout == ""
