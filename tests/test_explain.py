"""Why, not only what (issue 13 §3): ``decision.because``, ``RuleSpec.reads``/``tables``,
``DecisionTable.explain``, the trace (:mod:`revitalize.policy.explain`) and ``revitalize
explain``. Each test would fail if the trace or the declarations lied."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from revitalize.cli import main
from revitalize.models import Household
from revitalize.models.monitoring import MonitoringCategory
from revitalize.policy import assistance as ast
from revitalize.policy.engine import Outcome, Status
from revitalize.policy.explain import (
    explain_assessment_json,
    explain_case,
    explain_household,
    read_path,
)
from revitalize.policy.monitoring import (
    CATEGORY_TABLE,
    SCREENED,
    assess_household,
    render_assessment,
)
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import all_tables, default_registry
from revitalize.policy.tables import HitPolicy
from revitalize.scenarios import ScenarioCase, load_scenario_file, scenario_paths
from revitalize.schema import schema_for
from revitalize.testing import strategies as st_
from revitalize.testing.reads import recording

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "revitalize" / "data" / "scenarios"
MONITORING = SCENARIOS / "monitoring.scenario.toml"
BASE = default_parameters()
REGISTRY = default_registry()


@cache
def _cases() -> tuple[ScenarioCase, ...]:
    return tuple(c for p in scenario_paths(SCENARIOS) for c in load_scenario_file(p).cases)


def _household_cases() -> list[ScenarioCase]:
    return [c for c in _cases() if c.kind == "household"]


def _covered(path: str, declared: tuple[str, ...]) -> bool:
    """A recorded read is declared itself, or is a container of a declared path."""
    return path in declared or any(d.startswith(path + ".") or d.startswith(path + "[]")
                                   for d in declared)


# --------------------------------------------------------------------------- declarations


def test_every_registered_rule_declares_reads_and_known_tables() -> None:
    """Every registered rule says what it reads; its tables are tables the library has."""
    tables = {t.id for t in all_tables()}
    assert [r.id for r in REGISTRY if not r.spec.reads] == []
    unknown = {r.id: t for r in REGISTRY for t in r.spec.tables if t not in tables}
    assert unknown == {}
    json_specs = [r.spec.to_json() for r in REGISTRY]
    assert all("reads" in s and "tables" in s for s in json_specs)


_HOUSEHOLD_RULES = [r for r in REGISTRY if r.function.__module__.rsplit(".", 1)[-1]
                    in ("monitoring", "guarantees", "assistance", "income") and r.id != "GUA-10"]


def _check_recorded(reads: dict[str, set[str]]) -> None:
    undeclared = {rid: sorted(p for p in paths if not _covered(p, REGISTRY.get(rid).spec.reads))
                  for rid, paths in reads.items()}
    assert {k: v for k, v in undeclared.items() if v} == {}


def test_what_each_rule_reads_on_the_packaged_scenarios_is_declared() -> None:
    """Run every packaged scenario case (and every household rule on each household case)
    under an attribute-read recorder: every field a rule read is in its ``reads``."""
    with recording() as rec:
        for c in _cases():
            params = c.parameters(BASE)
            if c.kind == "household":
                for r in _HOUSEHOLD_RULES:
                    r(c.subject, params, c.on)
            else:
                c.adapter.evaluate(c.subject, params, c.on)
    assert set(rec.reads) >= {r.id for r in REGISTRY} - {"GUA-10"} - {
        r.id for r in REGISTRY if r.spec.reads == ("$",)}
    _check_recorded(rec.reads)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
          database=None)
@given(st_.households())
def test_what_household_rules_read_on_generated_households_is_declared(h: Household) -> None:
    """The same on generated households (branches the scenarios may not reach)."""
    with recording() as rec:
        for r in _HOUSEHOLD_RULES:
            r(h, BASE, st_.ASSESSMENT_DATE)
    _check_recorded(rec.reads)


def test_the_recorder_sees_a_planted_read() -> None:
    """The recorder is not vacuous: MON-02 reads the income and who counts for it."""
    h = _household_cases()[0].subject
    with recording() as rec:
        REGISTRY.get("MON-02")(h, BASE, dt.date(2023, 6, 1))
    assert "annual_net_income" in rec.reads["MON-02"]
    assert "members[].counts_for_income" in rec.reads["MON-02"]
    assert not _covered("members[].labor_capacity", REGISTRY.get("MON-02").spec.reads)


# --------------------------------------------------------------------------- because


def _yes_ids(a: Any) -> set[str]:
    return {f.spec.id for f in a.findings if f.outcome is Outcome.YES}


@pytest.mark.parametrize("case", _household_cases(), ids=lambda c: c.where)
def test_because_names_findings_that_hold_and_the_row_the_table_gives(case: ScenarioCase
                                                                      ) -> None:
    """``because`` of every packaged household: the range's IDs are screened findings that
    hold (in range) or were judged (out of range); the category row is the one MON-01's
    table gives; each measure of a risk names a finding that holds."""
    a = assess_household(case.subject, case.parameters(BASE), case.on)
    d = a.decision
    b = d.because
    ids = {f.spec.id for f in a.findings}
    yes = _yes_ids(a)
    if d.in_range is True:
        assert b.in_range and set(b.in_range) <= yes
        assert set(b.in_range) - {"MON-02.near_line"} <= SCREENED
    else:
        assert set(b.in_range) <= ids
    table_row = {None: "not-in-range", MonitoringCategory.UNSTABLE_LIFTED: "unstable-lifted",
                 MonitoringCategory.SUDDEN_HARDSHIP: "sudden-hardship",
                 MonitoringCategory.MARGINAL: "marginal"}[d.category]
    assert b.category_row == table_row
    if d.category is MonitoringCategory.SUDDEN_HARDSHIP:
        assert set(b.category) <= {"MON-03", "MON-03.income_fall", "MON-02.near_line",
                                   "AST-04"} and b.category
    assert len(b.measures) == len(d.measures) and len(b.referrals) == len(d.referrals)
    for m, why in zip((*d.measures, *d.referrals), (*b.measures, *b.referrals), strict=True):
        assert set(why) <= ids
        if m.risks:
            assert set(why) & yes, (m, why)
    assert a.to_json()["decision"]["because"] == b.to_json()


def test_because_follows_a_planted_change() -> None:
    """Income below the line: in range because of MON-02; raise the income above the band
    and give a child out of school: in range because of GUA-02 and the band instead; at
    50 000 yuan the household is out of range and nothing holds for the range."""
    case = next(c for c in _household_cases() if "低于监测线 0.01 元的脱贫户" in c.name)
    h: Household = case.subject
    a = assess_household(h, BASE, case.on)
    assert a.decision.because.in_range == ("MON-02",)
    rich = attrs.evolve(h, annual_net_income=Decimal("50000"))
    out = assess_household(rich, BASE, case.on).decision
    assert out.in_range is False and out.because.category_row == "not-in-range"
    assert "MON-02" in out.because.in_range  # the finding that was judged, now "no"
    text = render_assessment(a, "en")
    assert "because (rules)" in text and "range (in range): MON-02" in text


def test_because_costs_nothing_unless_read() -> None:
    """The decision keeps its findings; because is derived on demand and is the same twice."""
    case = _household_cases()[1]
    d = assess_household(case.subject, BASE, case.on).decision
    assert d.findings and d.because == d.because


# --------------------------------------------------------------------------- tables


def _combinations(table: Any) -> list[dict[str, object]]:
    axes = [[v for v, _ in table._points(c)] for c in table.columns]
    return [{c.name: v for c, v in zip(table.columns, combo, strict=True)}
            for combo in itertools.product(*axes)]


@pytest.mark.parametrize("table", all_tables(), ids=lambda t: t.id)
def test_table_explain_agrees_with_evaluate(table: Any) -> None:
    """For every input combination, the rows ``explain`` matches give what ``evaluate``
    gives, and each failed row's named condition really fails on the input."""
    for inputs in _combinations(table):
        t = table.explain(inputs)
        got = tuple(r.then for r in table.rows if r.id in t.matched)
        try:
            want = table.evaluate(inputs)
        except Exception:  # a unique-policy overlap: explain lists every hit
            want = tuple(r.then for r in table.matching(inputs))
        assert got == want, inputs
        for row, trace in zip(table.rows, t.rows, strict=True):
            assert trace.row == row.id
            if trace.state == "failed":
                assert inputs.get(trace.column) not in row.when[trace.column]
            else:
                assert row.matches(inputs)
            if trace.state == "shadowed":
                assert table.hit_policy is HitPolicy.FIRST


# --------------------------------------------------------------------------- the trace


@pytest.mark.parametrize("case", _household_cases(), ids=lambda c: c.where)
def test_the_trace_matches_the_decision(case: ScenarioCase) -> None:
    """The MON-01 row the trace matched gives the decision's category; each AST-01 trace
    has a risk of the decision; every finding has its rule trace with the same status,
    reason and compared values; each read value is the subject's own."""
    params = case.parameters(BASE)
    a = assess_household(case.subject, params, case.on)
    t = explain_household(case.subject, params, case.on)
    (mon01,) = t.table("MON-01")
    (row,) = [r for r in CATEGORY_TABLE.rows if r.id == mon01.matched[0]]
    assert row.then == a.decision.category
    assert mon01.matched[0] == a.decision.because.category_row
    risks = {r.value for r in a.decision.risks}
    assert {dict(x.inputs)["risk"] for x in t.table("AST-01")} <= risks
    assert [r.rule for r in t.rules] == [f.spec.id for f in a.findings]
    for f, r in zip(a.findings, t.rules, strict=True):
        assert (r.status, r.outcome, r.reason_en) == (f.status, f.outcome, f.reason("en"))
        assert r.applied == (f.status is not Status.NOT_APPLICABLE)
        assert [p.path for p in r.reads] == list(f.spec.reads)
        for p in r.reads:
            if "[]" not in p.path:
                value = read_path(case.subject, p.path)
                assert p.value == (None if value is None else json.loads(
                    json.dumps(p.value)))
        assert {p.name for p in r.parameters if p.used} == {v.name for v in f.used}
    jsonschema.validate(json.loads(json.dumps(t.to_json())), schema_for("Trace"))


def test_the_trace_lists_the_field_a_planted_change_flips() -> None:
    """Raise the income of a household in range by MON-02 above the line: MON-02's outcome
    flips, and its trace lists annual_net_income with the old and the new value."""
    case = next(c for c in _household_cases() if "低于监测线 0.01 元的脱贫户" in c.name)
    before = explain_household(case.subject, BASE, case.on)
    after_h = attrs.evolve(case.subject, annual_net_income=Decimal("7000"))
    after = explain_household(after_h, BASE, case.on)
    b, a = before.rule("MON-02"), after.rule("MON-02")
    assert (b.outcome, a.outcome) == (Outcome.YES, Outcome.NO)
    read_b = {r.path: r.value for r in b.reads}
    read_a = {r.path: r.value for r in a.reads}
    assert read_b["annual_net_income"] == str(case.subject.annual_net_income)
    assert read_a["annual_net_income"] == "7000"
    assert before.table("MON-01")[0].matched != after.table("MON-01")[0].matched or (
        after.decision and after.decision["in_range"] is True)


def test_a_rule_that_did_not_apply_says_why() -> None:
    """Among the packaged cases some rule did not apply; the trace says so with its reason."""
    found = []
    for c in _cases():
        if c.kind in ("indicators", "household"):
            continue
        t = explain_case(c)
        found += [(r, t) for r in t.rules if not r.applied]
        if found:
            break
    assert found
    r, t = found[0]
    assert r.status is Status.NOT_APPLICABLE
    assert f"did not apply: {r.reason_en}" in t.render("en")


def test_explain_of_an_assessment_json_keeps_statuses_and_values() -> None:
    """A trace of an assessment JSON equals the live trace in what the JSON holds."""
    case = next(c for c in _household_cases() if "综合帮扶" in c.name)
    a = assess_household(case.subject, BASE, case.on)
    live = explain_household(case.subject, BASE, case.on)
    back = explain_assessment_json(json.loads(json.dumps(a.to_json())), REGISTRY)
    assert [(r.rule, r.status, r.compared, r.reason_zh) for r in back.rules] == [
        (r.rule, r.status, json.loads(json.dumps(r.compared)), r.reason_zh) for r in live.rules]
    assert back.table("MON-01")[0].matched == live.table("MON-01")[0].matched
    assert all(not f.known for r in back.rules for f in r.reads)


def test_explain_of_a_bad_assessment_json_names_the_path() -> None:
    """A JSON that is not an assessment is an input error naming what is missing."""
    from revitalize.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"\$\.findings"):
        explain_assessment_json({"subject": "x", "on": "2023-06-01", "decision": {}}, REGISTRY)


# --------------------------------------------------------------------------- command line


def test_explain_case_shows_each_rules_inputs_and_the_table_rows(
        capsys: pytest.CaptureFixture[str]) -> None:
    """explain --case on a packaged scenario: every rule with the fields it read (values),
    its parameters, and MON-01's and AST-01's rows."""
    case = next(c for c in _household_cases() if "低于监测线 0.01 元的脱贫户" in c.name)
    assert main(["explain", str(MONITORING), "--case", case.name, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    a = assess_household(case.subject, BASE, case.on)
    for f in a.findings:
        assert f"  {f.spec.id} " in out
    assert f"read annual_net_income = {case.subject.annual_net_income}" in out
    assert "parameter monitoring.poverty_standard = 4000" in out
    assert "table MON-01" in out and "unstable-lifted: matched" in out
    assert "table AST-01" in out and "income-developmental: matched" in out
    assert main(["explain", str(MONITORING), "--case", case.name, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema_for("Trace"))
    assert data["tables"][0]["matched"] == ["unstable-lifted"]


def test_explain_needs_a_known_case(capsys: pytest.CaptureFixture[str]) -> None:
    """Several cases and no --case, or an unknown name: exit 2 listing the cases."""
    assert main(["explain", str(MONITORING)]) == 2
    assert "--case" in capsys.readouterr().err
    assert main(["explain", str(MONITORING), "--case", "no such case"]) == 2
    err = capsys.readouterr().err
    assert load_scenario_file(MONITORING).cases[0].name in err


def test_explain_reads_what_assess_json_wrote(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """assess --json --detail full, then explain that file: one trace per household, with
    the statuses the assessment had."""
    case = _household_cases()[1]
    from revitalize.serialization import dumps

    h = tmp_path / "h.json"
    h.write_text(dumps(case.subject), encoding="utf-8")
    out = tmp_path / "a.json"
    assert main(["assess", str(h), "--on", case.on.isoformat(), "--json",
                 "--detail", "full"]) == 0
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["explain", str(out), "--json"]) == 0
    trace = json.loads(capsys.readouterr().out)
    a = assess_household(case.subject, BASE, case.on)
    assert [r["status"] for r in trace["rules"]] == [f.status.value for f in a.findings]
    assert main(["explain", str(h), "--on", case.on.isoformat(), "--lang", "en"]) == 0
    assert "path through the decision tables" in capsys.readouterr().out


def test_measure_table_rows_follow_the_capacity_layer() -> None:
    """AST-01's traced rows use the household's AST-08 layers."""
    case = next(c for c in _household_cases() if "低于监测线 0.01 元的脱贫户" in c.name)
    t = explain_household(case.subject, BASE, case.on)
    layers = ast.capacity_profile(case.subject, BASE, case.on).layers
    assert {dict(x.inputs)["layer"] for x in t.table("AST-01")} == {
        layer.value for layer in layers}


def test_an_asset_trace_shows_the_rows_its_rules_consult() -> None:
    """An asset case: ASSET-01's matched row gives the class classify() gives for the
    asset's project kind; ASSET-03's owner row is the one for the asset's class and owner."""
    from revitalize.policy.assets import OWNER_TABLE, classify

    case = next(c for c in _cases() if c.kind == "asset")
    t = explain_case(case)
    (classes,) = t.table("ASSET-01.classes")
    from revitalize.policy.assets import CLASS_TABLE

    (row,) = [r for r in CLASS_TABLE.rows if r.id == classes.matched[0]]
    assert row.then == classify(case.subject.project_kind)
    (owners,) = t.table("ASSET-03.owners")
    assert dict(owners.inputs) == {"asset_class": case.subject.asset_class.value,
                                   "owner_type": case.subject.owner.type.value}
    assert owners.matched == tuple(r.id for r in OWNER_TABLE.matching(
        {"asset_class": case.subject.asset_class, "owner_type": case.subject.owner.type}))
