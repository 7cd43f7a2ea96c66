"""Shared test configuration: the hypothesis profile and the plan text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def plan_text() -> str:
    """The plan's full text (REVITALIZE_PLAN_TEXT, default ../shared/plan/plan.zh.txt)."""
    path = Path(os.environ.get("REVITALIZE_PLAN_TEXT", REPO.parent / "shared/plan/plan.zh.txt"))
    if not path.is_file():
        pytest.skip(f"plan text not found at {path}; set REVITALIZE_PLAN_TEXT")
    return path.read_text(encoding="utf-8")
