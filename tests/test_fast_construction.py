"""The hot path's cheap construction, with no tricks: a finding is a named tuple built by
``finding`` (``tuple.__new__``), profiles, decisions, provenances and assessments are built
by their classes' own ``__init__``; each is the type that was constructed, immutable."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from pathlib import Path
from types import MappingProxyType

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given
from hypothesis import strategies as st

import revitalize
from revitalize.policy import assistance as ast
from revitalize.policy import guarantees as gua
from revitalize.policy.engine import Assessment, Finding, Outcome, Provenance, born_by, finding
from revitalize.policy.monitoring import EXPENDITURE, MonitoringAssessor, MonitoringDecision
from revitalize.policy.parameters import default_parameters
from revitalize.testing.population import SAMPLE_DATE, generate_households


def _whole_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@given(on=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
       born=st.dates(dt.date(1850, 1, 1), dt.date(2100, 12, 31)),
       years=st.integers(-2, 130))
def test_born_by_matches_the_age_in_whole_years(on: dt.date, born: dt.date, years: int) -> None:
    cut = born_by(on, years)
    assert cut is not None
    assert (born <= cut) == (_whole_years(born, on) >= years)


def test_born_by_on_29_february() -> None:
    assert born_by(dt.date(2024, 2, 29), 18) == dt.date(2006, 2, 28)
    assert born_by(dt.date(2024, 2, 29), 4) == dt.date(2020, 2, 29)


@pytest.mark.parametrize("build", [Finding, finding])
def test_finding_is_immutable_pickles_and_replaces(build: type[Finding]) -> None:
    f = build(EXPENDITURE, Outcome.NO, {"total": 1}, (), ("x",), "M1")
    assert type(f) is Finding
    assert f == Finding(EXPENDITURE, Outcome.NO, {"total": 1}, (), ("x",), "M1")
    assert (f != Finding(EXPENDITURE, Outcome.NO, {"total": 1}, (), ("x",), "M1")) is False
    assert f != Finding(EXPENDITURE, Outcome.YES, {"total": 1}, (), ("x",), "M1")
    with pytest.raises(AttributeError):
        f.outcome = Outcome.YES  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del f.subject  # type: ignore[misc]
    with pytest.raises(AttributeError):
        f.other = 1  # type: ignore[attr-defined]
    for other in (pickle.loads(pickle.dumps(f)), copy.copy(f), copy.deepcopy(f)):
        assert type(other) is Finding and other == f and hash(other) == hash(f)
    assert f._replace(subject="M2").subject == "M2"
    assert Finding._fields == ("spec", "outcome", "values", "used", "missing", "subject")
    assert (f.rule_id, f.holds) == ("MON-03", False)


def test_finding_equality_is_by_rule_id_and_values_not_by_tuple() -> None:
    same_id = attrs.evolve(EXPENDITURE, title_en="another title")
    f = finding(EXPENDITURE, Outcome.YES, {"a": 1}, (), ())
    assert f == finding(same_id, Outcome.YES, MappingProxyType({"a": 1}), (), ())
    assert hash(f) == hash(finding(same_id, Outcome.YES, {"a": 1}, (), ()))
    assert f != finding(EXPENDITURE, Outcome.YES, {"a": 2}, (), ())
    assert f != tuple(f) and tuple(f) != f  # not equal to a plain tuple of its fields
    assert (f == tuple(f)) is False and (tuple(f) == f) is False
    with pytest.raises(TypeError):
        _ = f < finding(EXPENDITURE, Outcome.NO, {}, (), ())  # findings are not ordered


def test_no_object_changes_its_class() -> None:
    """No module builds an object as one class and then swaps ``__class__``."""
    src = Path(revitalize.__file__).parent
    swaps = [f"{p.relative_to(src)}:{i}" for p in src.rglob("*.py")
             for i, line in enumerate(p.read_text("utf-8").splitlines(), start=1)
             if "__class__ =" in line]
    assert swaps == []


def test_assessments_equal_the_attrs_built_ones() -> None:
    """Every field of the cheaply built decision, provenance, assessment and profile is set,
    and equals what the classes' own ``__init__`` builds."""
    params = default_parameters()
    assessor = MonitoringAssessor.of(params, SAMPLE_DATE)
    majority = params.get("assistance.age_of_majority", SAMPLE_DATE)
    for h in generate_households(300, seed=3, on=SAMPLE_DATE):
        a = assessor(h)
        d = a.decision
        assert type(a) is Assessment and type(d) is MonitoringDecision
        assert type(a.provenance) is Provenance
        assert d == MonitoringDecision(*attrs.astuple(d, recurse=False))
        p = a.provenance
        assert p == Provenance(p.library_version, p.parameter_fingerprint, p.parameter_set,
                               p.reform, p.evaluated_on, p.input_sha256)
        rebuilt = Assessment(a.subject_id, a.on, a.findings, d, a.notices, p)
        assert attrs.astuple(rebuilt, recurse=False) == attrs.astuple(a, recurse=False)
        with pytest.raises(FrozenInstanceError):
            a.on = SAMPLE_DATE  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError):
            d.in_range = None  # type: ignore[misc]
        assert all(type(f) is Finding for f in a.findings)
        prof = ast.capacity_profile(h, params, SAMPLE_DATE)
        assert prof == ast.CapacityProfile(prof.able, prof.lost, prof.dependants,
                                           prof.covered, prof.missing, majority,
                                           prof.working_age, prof.able_unknown)
        assert pickle.loads(pickle.dumps(d)) == d


def test_school_age_matches_compulsory_age_members() -> None:
    params = default_parameters()
    for on in (SAMPLE_DATE, dt.date(2024, 2, 29), dt.date(2023, 3, 1)):
        gp = gua.resolve(params, on)
        for h in generate_households(200, seed=5, on=on):
            assert gua.check_education(h, on, gp) == gua._education(
                h, gua.school_age_born(on, gp.school_year), gp)
            latest, after = gua.school_age_born(on, gp.school_year)
            assert latest is not None
            fast = [m.id for m in h.members
                    if m.birth_date <= latest and (after is None or m.birth_date > after)]
            assert fast == [m.id for _, m in gua.compulsory_age_members(h, on, gp.school_year)]
