"""The packaged synthetic population: reproducible, and it covers every outcome."""

from __future__ import annotations

from importlib import resources

import pytest

from revitalize.models import Household, MeasureType, MonitoringCategory, RiskType
from revitalize.policy.monitoring import assess_households
from revitalize.policy.parameters import default_parameters
from revitalize.serialization import canonical_json, loads, make_converter, to_json_value
from revitalize.testing.population import (
    SAMPLE_DATE,
    SAMPLE_SEED,
    SAMPLE_SIZE,
    TOWN_VILLAGES,
    generate_households,
)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    text = (resources.files("revitalize") / "data" / "samples" / "households.jsonl").read_text(
        encoding="utf-8")
    return text.splitlines()


@pytest.fixture(scope="module")
def decisions(lines: list[str]) -> list:  # type: ignore[type-arg]
    households = [loads(line, Household) for line in lines]
    return [a.decision for a in assess_households(households, default_parameters(),
                                                  SAMPLE_DATE)]


def test_sample_is_the_seeded_generator_output(lines: list[str]) -> None:
    """The packaged file is exactly what the seeded generator writes (regenerate to change it)."""
    conv = make_converter()
    expected = [canonical_json(to_json_value(h, converter=conv))
                for h in generate_households(SAMPLE_SIZE, seed=SAMPLE_SEED, on=SAMPLE_DATE)]
    assert lines == expected


def test_sample_spans_the_eight_towns(lines: list[str]) -> None:
    """A few hundred households in all 8 towns, in the villages the plan names."""
    households = [loads(line, Household) for line in lines]
    assert len(households) == SAMPLE_SIZE
    places = dict(TOWN_VILLAGES)
    assert {h.town for h in households} == set(places)
    assert all(h.village in places[h.town] for h in households)


def test_sample_covers_every_risk_category_and_measure(decisions: list) -> None:  # type: ignore[type-arg]
    """Every risk type, category and measure type occurs at least once."""
    assert {r for d in decisions for r in d.risks} == set(RiskType)
    assert {d.category for d in decisions if d.category} == set(MonitoringCategory)
    assert {m.type for d in decisions for m in d.measures} == set(MeasureType)


def test_sample_has_undecided_and_dynamic_monitoring(decisions: list) -> None:  # type: ignore[type-arg]
    """Some households lack data (undecided) and some are low-income population only."""
    assert any(d.in_range is None for d in decisions)
    assert any(d.in_range is False for d in decisions)
    assert any(d.dynamic_monitoring and not d.include for d in decisions)


def test_generator_is_deterministic() -> None:
    """The same seed gives the same households; another seed gives others."""
    assert list(generate_households(5, seed=3)) == list(generate_households(5, seed=3))
    assert list(generate_households(5, seed=3)) != list(generate_households(5, seed=4))
