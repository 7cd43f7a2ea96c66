"""Shared test configuration: the hypothesis profile and the plan text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from revitalize import evidence

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def plan_text() -> str:
    """The plan's full text, as shipped in the package (:func:`revitalize.evidence.plan_text`)."""
    return evidence.plan_text()
