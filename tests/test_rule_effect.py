"""A rule outside its effective period answers NOT_APPLICABLE with a reason that renders."""

from __future__ import annotations

import datetime as dt

import pytest

from revitalize.policy.engine import PLAN_START, NotInEffect, Outcome
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import default_registry

RULES = list(default_registry())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_out_of_effect_findings_render_in_both_languages(rule: object) -> None:
    """The day before a rule takes effect its finding is NOT_APPLICABLE, says why, and its
    reason renders in Chinese and English, naming the date (whatever values the rule's own
    NOT_APPLICABLE template reads)."""
    from revitalize.policy.engine import Rule

    assert isinstance(rule, Rule)
    before = rule.spec.effective_from - dt.timedelta(days=1)
    f = rule(None, default_parameters(), before)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.values["why"] is NotInEffect.NOT_IN_EFFECT
    assert "施行期" in f.reason("zh") and before.isoformat() in f.reason("zh")
    assert "effective period" in f.reason("en") and before.isoformat() in f.reason("en")


def test_the_plan_start_is_in_effect_for_default_rules() -> None:
    """On PLAN_START a rule with the default start is in effect (the just-inside date)."""
    defaults = [r for r in RULES if r.spec.effective_from == PLAN_START]
    assert defaults
    assert all(r.spec.in_effect(PLAN_START) for r in defaults)
    assert not any(r.spec.in_effect(PLAN_START - dt.timedelta(days=1)) for r in defaults)
