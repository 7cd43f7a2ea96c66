"""Parameters resolved once per set and date, kept on the set (no module-level cache)."""

from __future__ import annotations

import datetime as dt
import pickle

from revitalize.policy import monitoring
from revitalize.policy.income import monitoring_line
from revitalize.policy.monitoring import MonitoringAssessor, assess_household
from revitalize.policy.parameters import MEMO_LIMIT, ParameterSet, default_parameters
from revitalize.testing.population import SAMPLE_DATE, baseline_household


def _fresh() -> ParameterSet:
    return pickle.loads(pickle.dumps(default_parameters()))


def _values(p: ParameterSet) -> list[object]:
    """Every value the set's memo keeps (by date, then by resolver)."""
    return [v for by_resolver in p._memo.values() for v in by_resolver.values()]


def test_resolved_runs_once_per_resolver_and_date() -> None:
    """A resolver runs once per date; another date runs it again."""
    p = _fresh()
    calls: list[dt.date] = []

    def resolver(params: ParameterSet, on: dt.date) -> dt.date:
        calls.append(on)
        return on

    for _ in range(3):
        assert p.resolved(resolver, SAMPLE_DATE) == SAMPLE_DATE
    p.resolved(resolver, dt.date(2022, 1, 1))
    assert calls == [SAMPLE_DATE, dt.date(2022, 1, 1)]


def test_memo_is_bounded_and_per_set() -> None:
    """The memo holds at most MEMO_LIMIT values; a reform and a copy start empty."""
    p = _fresh()
    for day in range(MEMO_LIMIT + 10):
        monitoring_line(p, dt.date(2022, 1, 1) + dt.timedelta(days=day))
    assert 0 < len(_values(p)) <= MEMO_LIMIT
    assert p.resolved(monitoring._resolve, dt.date(2022, 1, 1)) is p.resolved(
        monitoring._resolve, dt.date(2022, 1, 1))
    assert not p.reform({"monitoring.multiplier": "1.6"})._memo
    assert not pickle.loads(pickle.dumps(p))._memo
    assert pickle.loads(pickle.dumps(p)) == p


def test_assess_household_keeps_its_assessor_on_the_set() -> None:
    """assess_household reuses one assessor per set and date, held by the set itself."""
    p = _fresh()
    h = baseline_household()
    first = assess_household(h, p, SAMPLE_DATE)
    assessors = [v for v in _values(p) if isinstance(v, MonitoringAssessor)]
    assert len(assessors) == 1
    assert assess_household(h, p, SAMPLE_DATE).decision == first.decision
    assert [v for v in _values(p) if isinstance(v, MonitoringAssessor)] == assessors
    assert not any(hasattr(getattr(monitoring, n), "cache_info") for n in dir(monitoring))


def test_errors_are_not_kept() -> None:
    """A date before any value raises on every call."""
    p = _fresh()
    for _ in range(2):
        try:
            monitoring_line(p, dt.date(2000, 1, 1))
        except LookupError:
            pass
        else:  # pragma: no cover
            raise AssertionError("expected a missing value")
    assert not p._memo
