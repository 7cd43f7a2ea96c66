"""One vocabulary: a polarity on every rule, one ID per rule (``ID.part`` for parts), the
retired IDs read with a notice, every catalog ID listed with its kind and where it lives."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import subprocess
import sys
import warnings
from collections import defaultdict

import pytest

import revitalize.models
from revitalize.errors import UnknownNameError
from revitalize.evidence import catalog, catalog_ids
from revitalize.policy.engine import Outcome, Polarity, RuleRegistry, RuleSpec, Status
from revitalize.policy.ids import RENAMED, DeprecatedIdWarning, catalog_id_of
from revitalize.policy.registry import (
    KINDS,
    all_rule_specs,
    all_tables,
    coverage,
    default_registry,
)
from revitalize.scenarios import packaged_scenarios, parse_scenario, run_case


def test_every_registered_rule_declares_a_polarity() -> None:
    """Every registered rule says what its YES means."""
    for rule in default_registry():
        assert isinstance(rule.spec.polarity, Polarity), rule.id


def test_a_rule_spec_without_a_polarity_cannot_be_built() -> None:
    """The polarity is required: no default, and the registry refuses one that is not set."""
    with pytest.raises(TypeError, match="polarity"):
        RuleSpec(id="X-01", title_zh="x", title_en="x", citations=())  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        RuleSpec(id="X-01", title_zh="x", title_en="x", citations=(),
                 polarity=None)  # type: ignore[arg-type]


def test_the_registry_checks_the_polarity() -> None:
    """A rule whose spec lost its polarity (built around the validator) is refused."""
    import attrs

    from revitalize.errors import RevitalizeError
    from revitalize.policy.engine import Rule

    spec = RuleSpec(id="X-01", title_zh="x", title_en="x", citations=(),
                    polarity=Polarity.INFO)
    object.__setattr__(spec, "polarity", None)
    with pytest.raises(RevitalizeError, match="declares no polarity"):
        RuleRegistry((Rule(spec, lambda s, p, o: spec.finding(Outcome.YES)),))
    assert attrs.has(RuleSpec)


def test_every_id_names_one_rule_or_table() -> None:
    """No two rules share an ID (a spec variant of the same rule, differing only in its
    reasons, keeps it), no table shares one with a rule or another table."""
    by_id: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for _module, _name, spec in all_rule_specs():
        by_id[spec.id].add((spec.title_zh, spec.title_en, spec.citations, spec.polarity))
    shared = {i: v for i, v in by_id.items() if len(v) > 1}
    assert shared == {}
    table_ids = [t.id for t in all_tables()]
    assert len(table_ids) == len(set(table_ids))
    assert set(table_ids).isdisjoint(by_id)
    registered = [r.id for r in default_registry()]
    assert len(registered) == len(set(registered))


def test_every_id_follows_the_part_convention() -> None:
    """A rule or table ID is a catalog ID or ``<catalog ID>.<part>`` with a worded part."""
    ids = set(catalog_ids())
    for ident in [s.id for _, _, s in all_rule_specs()] + [t.id for t in all_tables()]:
        base, _, part = ident.partition(".")
        assert base in ids, ident
        assert part == "" or (part.replace("_", "").isalpha() and part.islower()), ident


def test_the_renamed_ids_are_gone_and_point_to_rules() -> None:
    """Each retired ID is no rule's ID any more, and its new name is a registered rule."""
    registry = default_registry()
    for old, new in RENAMED.items():
        assert old not in registry
        assert new in registry
        assert catalog_id_of(new) == old[:-1]


def test_a_retired_id_is_read_with_a_notice() -> None:
    """The registry and an assessment accept a retired ID, warning with the new one."""
    from revitalize.models import Household, Member, PovertyStatus
    from revitalize.policy.monitoring import assess_household
    from revitalize.policy.parameters import default_parameters

    with pytest.warns(DeprecatedIdWarning, match="'EMP-02.subsidy'"):
        assert default_registry().get("EMP-02b").id == "EMP-02.subsidy"
    h = Household(id="H", town="丛林镇", village="海孔村",
                  poverty_status=PovertyStatus.NEVER_REGISTERED,
                  members=(Member(id="M1", birth_date=dt.date(1980, 1, 1)),))
    a = assess_household(h, default_parameters(), dt.date(2023, 6, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert a.finding("MON-02").rule_id == "MON-02"  # a current ID: no warning


def test_finding_of_a_catalog_id_with_parts_names_the_parts() -> None:
    """``finding("GUA-06")`` raises listing the GUA-06 parts; ``findings_for`` returns them."""
    from revitalize.models import Household, Member, PovertyStatus
    from revitalize.policy.monitoring import assess_household
    from revitalize.policy.parameters import default_parameters

    h = Household(id="H", town="丛林镇", village="海孔村",
                  poverty_status=PovertyStatus.NEVER_REGISTERED,
                  members=(Member(id="M1", birth_date=dt.date(1980, 1, 1)),))
    a = assess_household(h, default_parameters(), dt.date(2023, 6, 1))
    parts = ("GUA-06.quantity", "GUA-06.quality", "GUA-06.access", "GUA-06.reliability")
    with pytest.raises(UnknownNameError) as caught:
        a.finding("GUA-06")
    assert set(parts) <= set(caught.value.suggestions)
    assert tuple(f.rule_id for f in a.findings_for("GUA-06")) == parts
    assert [f.rule_id for f in a.findings_for("MON-03")] == ["MON-03", "MON-03.income_fall"]
    with pytest.raises(UnknownNameError):
        a.findings_for("GUA-99")


def test_unknown_rule_suggestions_include_the_parts() -> None:
    """An unknown catalog ID in the registry suggests its parts."""
    with pytest.raises(UnknownNameError) as caught:
        default_registry().get("GUA-06")
    assert "GUA-06.reliability" in caught.value.suggestions
    assert [r.id for r in default_registry().parts("BLD-02")] == ["BLD-02", "BLD-02.share"]


def test_a_scenario_with_a_retired_id_and_a_status_expectation() -> None:
    """A scenario may expect a status; a retired rule ID is read with a notice naming the
    new one (file and line), and its expectation checked against the new rule."""
    text = '''name = "x"
kind = "clinic"
date = 2023-06-01

[[case]]
name = "村卫生室没有村医"
covers = ["BLD-03b"]
[case.input]
id = "K-1"
village_doctors = 0
[case.expect.rules]
BLD-03b = "problem"
'''
    with pytest.warns(DeprecatedIdWarning) as caught:
        f = parse_scenario(text, "s.scenario.toml")
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("s.scenario.toml:12:") and "'BLD-03.clinic'" in m
               for m in messages), messages
    assert len(f.notices) == 2
    (case,) = f.cases
    assert case.expect.rules == {"BLD-03.clinic": Status.PROBLEM}
    assert case.covers == ("BLD-03.clinic",)
    assert run_case(case).passed
    ok = text.replace('"problem"', '"ok"')
    with pytest.warns(DeprecatedIdWarning):
        assert not run_case(parse_scenario(ok, "s.scenario.toml").cases[0]).passed


def test_the_packaged_scenarios_use_no_retired_id() -> None:
    """The packaged scenario files read without a deprecation notice."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecatedIdWarning)
        files = packaged_scenarios()
    assert all(f.notices == () for f in files)


# --------------------------------------------------------------------------- rules listing


def _rules_json(*args: str) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "revitalize", "rules", "--json", *args],
                         check=True, capture_output=True, text=True).stdout
    data: list[dict[str, object]] = json.loads(out)
    return data


def test_rules_json_lists_every_catalog_id_with_its_kind() -> None:
    """``rules --json`` lists every catalog ID (rules and indicators), each with a kind and
    where it lives; the rules of each ID are its registered rule and parts."""
    data = _rules_json()
    by_id = {e["id"]: e for e in data}
    assert set(catalog_ids()) <= set(by_id)
    for e in data:
        assert e["kind"] in KINDS, e["id"]
        assert e["where"], e["id"]
    kinds = {i: e["kind"] for i, e in by_id.items()}
    assert kinds["GUA-08"] == "calculation"
    assert kinds["MON-01"] == "table"
    assert kinds["MON-06"] == "reference"
    assert kinds["MON-11"] == "procedure"
    assert kinds["KPI-3"] == "indicator"
    assert [r["id"] for r in by_id["GUA-06"]["rules"]] == [  # type: ignore[union-attr]
        "GUA-06.quantity", "GUA-06.quality", "GUA-06.access", "GUA-06.reliability"]
    registered = {r["id"] for e in data for r in e["rules"]}  # type: ignore[union-attr]
    assert registered == {r.id for r in default_registry()}
    rule = by_id["MON-02"]["rules"][0]  # type: ignore[index]
    assert rule["polarity"] == "yes_is_problem"  # type: ignore[index]


def test_every_place_an_id_lives_exists() -> None:
    """Each (module, object) that ``coverage`` names can be imported; an indicator entry's
    parts are indicators of the catalog."""
    from revitalize.indicators import default_indicators

    indicators = default_indicators().ids
    entries = {e.id: e for e in catalog()}
    for item in coverage():
        assert item.entry is entries[item.id]
        for w in item.where:
            assert hasattr(importlib.import_module(w.module), w.object.split(".")[0]), w
        if item.kind == "indicator":
            assert item.parts and set(item.parts) <= set(indicators), item.id


def test_rules_and_cite_read_a_retired_id() -> None:
    """``rules ID`` (like ``cite ID``) reads a retired ID as the new one, naming it on
    stderr; an unknown ID is a usage error (exit 2) with suggestions."""
    r = subprocess.run([sys.executable, "-m", "revitalize", "rules", "--json", "EMP-03c"],
                       capture_output=True, text=True, check=True)
    (entry,) = json.loads(r.stdout)
    assert [m["id"] for m in entry["matches"]] == ["EMP-03.remuneration"]
    assert "'EMP-03.remuneration'" in r.stderr
    bad = subprocess.run([sys.executable, "-m", "revitalize", "rules", "GUA-6"],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "'GUA-06'" in bad.stderr


# --------------------------------------------------------------------------- models


def test_models_re_exports_every_public_name_of_its_modules() -> None:
    """``revitalize.models`` re-exports every name in each model module's ``__all__``
    (the same objects), and lists them in its own ``__all__``."""
    missing = []
    for info in pkgutil.iter_modules(revitalize.models.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"revitalize.models.{info.name}")
        for name in module.__all__:
            if getattr(revitalize.models, name, None) is not getattr(module, name):
                missing.append(f"{info.name}.{name}")
            elif name not in revitalize.models.__all__:
                missing.append(f"{info.name}.{name} (not in __all__)")
    assert missing == []
    for name in ("Owner", "Management", "Pledge", "DisposalRecord", "FundingShare",
                 "ProceedsUse", "GovernanceRecords"):
        assert name in revitalize.models.__all__


def test_finding_json_and_status_agree() -> None:
    """A finding's JSON carries its status, the same as the property; a spec's JSON its
    polarity."""
    from revitalize.models import Household, Member, PovertyStatus
    from revitalize.policy.monitoring import assess_household
    from revitalize.policy.parameters import default_parameters

    h = Household(id="H", town="丛林镇", village="海孔村",
                  poverty_status=PovertyStatus.NEVER_REGISTERED,
                  members=(Member(id="M1", birth_date=dt.date(1980, 1, 1)),))
    a = assess_household(h, default_parameters(), dt.date(2023, 6, 1))
    statuses = {f["rule"]: f["status"] for f in a.to_json()["findings"]}
    assert statuses == {f.rule_id: f.status.value for f in a.findings}
    assert statuses["MON-02"] == "undecided"  # income not assessed
    assert default_registry().get("EMP-03").spec.to_json()["polarity"] == "yes_is_ok"


def test_trn02_cites_the_plans_words_where_its_references_point(plan_text: str) -> None:
    """TRN-02 quotes the plan period from the opening paragraph (before Chapter 1) and the
    milestones from Ch2 §3, each citation with the reference of its own words."""
    (opening, milestones) = default_registry().get("TRN-02").spec.citations
    chapter1, chapter2 = plan_text.index("第一章"), plan_text.index("第二章")
    chapter3 = plan_text.index("第三章", chapter2)
    assert plan_text.index(opening.quote) < chapter1
    assert opening.ref_zh == "篇首（第一章前）"
    section3 = plan_text.index("第三节", chapter2)
    assert section3 < plan_text.index(milestones.quote) < chapter3
    assert milestones.ref == "Ch2 §3"


def test_import_revitalize_gives_the_entry_points_lazily() -> None:
    """Every name of ``revitalize.__all__`` resolves to the object of its module, and
    ``import revitalize`` alone imports none of the policy modules."""
    import revitalize

    for name in revitalize.__all__:
        assert getattr(revitalize, name) is not None, name
    from revitalize.policy.monitoring import assess_household
    from revitalize.serialization import loads

    assert revitalize.assess_household is assess_household
    assert revitalize.loads is loads
    assert revitalize.Status is Status
    with pytest.raises(AttributeError, match="no attribute 'assess'"):
        _ = revitalize.assess  # type: ignore[attr-defined]
    probe = ("import sys, revitalize; "
             "print(sorted(m for m in sys.modules if m.startswith('revitalize.')))")
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                            text=True).stdout
    assert "revitalize.policy" not in loaded and "revitalize.models" not in loaded, loaded


def test_one_indicator_status_for_not_met() -> None:
    """``not_met`` is the one "not met"; the retired ``missed`` reads as ``not_met`` with a
    notice; ``failing`` is true exactly for ``behind`` and ``not_met``."""
    from revitalize.indicators import Status as IndicatorStatus

    assert "missed" not in {s.value for s in IndicatorStatus}
    assert {s for s in IndicatorStatus if s.failing} == {IndicatorStatus.BEHIND,
                                                          IndicatorStatus.NOT_MET}
    text = '''name = "x"
kind = "indicators"
date = 2023-06-01

[[case]]
name = "KPI-T10 到期未完成"
[[case.input.observations]]
indicator = "KPI-T10"
year = 2022
value = "99"
[case.expect.indicators]
KPI-T10 = "missed"
'''
    with pytest.warns(DeprecationWarning, match="'not_met'"):
        f = parse_scenario(text, "i.scenario.toml")
    assert f.cases[0].expect.indicators == {"KPI-T10": IndicatorStatus.NOT_MET}
    assert run_case(f.cases[0]).passed


def test_text_output_groups_findings_by_status_problems_first() -> None:
    """``Assessment.render`` heads each status group, problems first, and lists each
    finding under its own status."""
    from revitalize.policy.assets import assess_asset
    from revitalize.policy.parameters import default_parameters

    (case,) = [c for f in packaged_scenarios() for c in f.cases if c.name == "鱼子村食用菌大棚"]
    import attrs

    from revitalize.models import AssetClass

    asset = attrs.evolve(case.subject, asset_class=AssetClass.PUBLIC_WELFARE)
    a = assess_asset(asset, default_parameters(), case.on)
    text = a.render("en").splitlines()
    headings = [line for line in text if line.split(" (")[0] in {s.value for s in Status}]
    assert headings[0].startswith("problem (")
    order = [Status(h.split(" (")[0]) for h in headings]
    assert order == sorted(order, key=lambda s: s.rank)
    problem_block = text[text.index(headings[0]) + 1:text.index(headings[1])]
    ids = {line.split()[0] for line in problem_block if line.startswith("  ") and
           not line.startswith("      ")}
    assert ids == {f.rule_id for f in a.problems} and "ASSET-01" in ids


def test_several_findings_of_one_rule_combine_by_status() -> None:
    """A rule whose findings disagree reports its most telling one: a problem first, so a
    compliance rule's NO (problem) is not hidden by another subject's YES."""
    from revitalize.scenarios import Evaluation

    spec = default_registry().get("MON-07.notice").spec  # YES is ok
    ok = spec.finding(Outcome.YES, subject="a")
    bad = spec.finding(Outcome.NO, subject="b")
    unknown = spec.insufficient("x", subject="c")
    e = Evaluation((ok, unknown, bad), {}, frozenset())
    assert e.rule_statuses() == {"MON-07.notice": Status.PROBLEM}
    assert e.rule_outcomes() == {"MON-07.notice": Outcome.NO}
    e2 = Evaluation((ok, unknown), {}, frozenset())
    assert e2.rule_statuses() == {"MON-07.notice": Status.UNDECIDED}


def test_the_batch_summary_counts_findings_by_status() -> None:
    """The batch summary counts every finding by status and the problems by rule, the
    same from records as from assessments."""
    from revitalize.batch import BatchStatistics, assess_stream
    from revitalize.policy.parameters import default_parameters
    from revitalize.testing.population import generate_households

    params, on = default_parameters(), dt.date(2023, 6, 1)
    households = generate_households(40, seed=5)
    stats = BatchStatistics()
    findings = problems = 0
    by_rule: dict[str, int] = defaultdict(int)
    for a in assess_stream(households, params, on):
        stats.add_assessment(a)
        findings += len(a.findings)
        problems += len(a.problems)
        for f in a.problems:
            by_rule[f.rule_id] += 1
    summary = stats.to_json()
    assert sum(summary["statuses"].values()) == findings
    assert summary["statuses"].get("problem", 0) == problems > 0
    assert summary["problems"] == dict(sorted(by_rule.items()))
    assert list(summary["statuses"]) == [s.value for s in sorted(
        (Status(k) for k in summary["statuses"]), key=lambda s: s.rank)]
