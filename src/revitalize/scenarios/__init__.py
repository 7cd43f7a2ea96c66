"""Scenario files: rule tests that policy staff read and write, in TOML.

A scenario file (``*.scenario.toml``, read with the standard library's
``tomllib``) holds one or more cases. Each case names its input kind, a date,
optional parameter overrides (a reform), the input and the expected outcome::

    name = "防止返贫监测"                 # the file's name (Chinese allowed)
    kind = "household"                   # default kind of the cases (optional)
    date = 2023-06-01                    # default date of the cases (optional)

    [[case]]
    name = "收入低于监测线的脱贫户纳入监测"
    covers = ["MON-02", "MON-01"]        # catalog IDs the case exercises (checked)
    basis = "reading"                    # where the expectation comes from (see below)
    readings = ["monitoring.monitoring_line"]
    source = "Ch5 §2 「以脱贫攻坚期国家扶贫标准的1.5倍为底线」; the line is raised by the reform"

    [case.reform]                        # optional: parameter name = value
    "monitoring.monitoring_line" = "6500"

    [case.input]                         # the input: the model's JSON fields
    id = "H-1"
    town = "丛林镇"
    village = "海孔村"
    poverty_status = "registered_lifted"
    annual_net_income = "5999.00"        # money: a decimal string, never a float
    [[case.input.members]]
    id = "M1"
    birth_date = 1970-05-01

    [case.expect]                        # the expected outcome
    in_range = true
    category = "unstable_lifted"
    risks = ["income"]                   # lists compare as sets
    [case.expect.rules]                  # per-rule outcomes by rule ID
    "MON-02" = "yes"

The input table is converted by the model's JSON converter (so its error
messages and paths are the converter's); indicator observations use the
observation format of :mod:`revitalize.indicators.observations`. The kinds and
their expectable fields are in :func:`adapters`.

``basis`` says where a case's expectation comes from, so a reader can check
it without trusting the library: ``"plan"`` (the plan's words decide it:
``source`` names the section and quotes it in 「…」), ``"reading"`` (it rests
on parameters whose values the plan does not give — a national standard, one
locality's practice or the library's own choice — named in ``readings``, each
a parameter with its source or assumption) or ``"recorded"`` (what the library
printed, not yet derived). Every 「quote」 in a ``source`` must be verbatim in
the plan's shipped text. ``revitalize check`` counts the cases by basis, and
the pytest plugin reports each case's basis; the packaged scenarios have no
``recorded`` case.

Every problem in a file — a TOML syntax error (with line and column), an
unknown key (with the closest match), a wrong type, a missing field, a bad
enum value — is reported together in one :class:`ScenarioError`, each problem
with ``file:line``. A case's ``covers`` must appear among the catalog IDs its
evaluation produced, or the case fails.
"""

from __future__ import annotations

from ._adapters import Adapter, Evaluation, FieldSpec, adapter, adapters
from ._format import (
    BASES,
    SUFFIX,
    CaseResult,
    Expectation,
    Mismatch,
    ScenarioCase,
    ScenarioError,
    ScenarioFile,
    child_of,
    load_scenario_file,
    parse_scenario,
    run_case,
    run_cases,
    scenario_paths,
)
from ._report import (
    basis_counts,
    explain_evaluation,
    render_basis,
    render_basis_counts,
    render_result,
    result_json,
)

__all__ = [
    "BASES",
    "SUFFIX",
    "Adapter",
    "CaseResult",
    "Evaluation",
    "Expectation",
    "FieldSpec",
    "Mismatch",
    "ScenarioCase",
    "ScenarioError",
    "ScenarioFile",
    "adapter",
    "adapters",
    "basis_counts",
    "child_of",
    "explain_evaluation",
    "load_scenario_file",
    "packaged_scenarios",
    "parse_scenario",
    "render_basis",
    "render_basis_counts",
    "render_result",
    "result_json",
    "run_case",
    "run_cases",
    "scenario_paths",
]


def packaged_scenarios() -> tuple[ScenarioFile, ...]:
    """The packaged scenario set (``revitalize/data/scenarios``), one file per area."""
    from importlib import resources

    from ..policy.parameters import default_parameters

    root = resources.files("revitalize") / "data" / "scenarios"
    table, base = adapters(), default_parameters()
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(SUFFIX):
            text = entry.read_text(encoding="utf-8")
            out.append(parse_scenario(text, f"revitalize/data/scenarios/{entry.name}",
                                      table=table, base=base))
    return tuple(out)
