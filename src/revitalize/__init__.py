"""revitalize: the Wansheng rural revitalization plan (2021-2025) as typed, cited rules.

万盛经开区巩固拓展脱贫攻坚成果同乡村振兴有效衔接“十四五”规划的规则代码库。

The main entry points are importable from here, without knowing the modules::

    import revitalize
    params = revitalize.default_parameters()
    household = revitalize.loads(text, revitalize.Household)
    assessment = revitalize.assess_household(household, params, on)
    for f in assessment.problems:
        print(f.rule_id, f.reason("en"), f.spec.citations[0].render("en"))

Assessing (:func:`assess_household`, :func:`assess_households`, :func:`assess_asset`,
:func:`check_governance`), reading and writing JSON (:func:`loads`, :func:`dumps`),
parameters and reforms (:func:`default_parameters`, :class:`ParameterSet`,
:func:`load_reform`), reform diffs (:func:`impact_diff`), the rule registry
(:func:`default_registry`, :func:`coverage`), findings and their vocabulary
(:class:`Finding`, :class:`Status`, :class:`Outcome`, :class:`Polarity`), the main
models (:class:`Household`, :class:`Member`, :class:`MonitoringCase`,
:class:`ProjectAsset`, :class:`GovernanceRecords` …; every model is in
:mod:`revitalize.models`), input checks (:func:`validate`), scenarios
(:func:`load_scenario_file`, :func:`run_case`) and the evidence (:func:`plan_text`,
:func:`catalog`).

Only the errors, :class:`Citation` and the version are imported with the package;
every other name is imported on first use (:pep:`562`), so ``import revitalize``
stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from ._version import __version__
from .citations import Citation
from .errors import (
    IllegalTransitionError,
    InvalidInputError,
    MissingParameterValueError,
    RevitalizeError,
    UnknownNameError,
)

if TYPE_CHECKING:
    from .evidence import catalog, plan_text
    from .models import (
        Household,
        Housing,
        HousingGrade,
        LaborCapacity,
        Member,
        MonitoringCase,
        PlaceRegistry,
        PovertyStatus,
        ProjectAsset,
        validate,
        wansheng_registry,
    )
    from .models.governance import GovernanceRecords
    from .policy.assets import assess_asset
    from .policy.diff import impact_diff
    from .policy.engine import Assessment, Finding, Outcome, Polarity, Status
    from .policy.governance import check_governance
    from .policy.monitoring import assess_household, assess_households, render_assessment
    from .policy.parameters import ParameterSet, default_parameters, load_reform
    from .policy.registry import coverage, default_registry
    from .scenarios import load_scenario_file, run_case
    from .serialization import dumps, loads

#: Each lazily imported name and the module it lives in.
_LAZY: Final[dict[str, str]] = {
    # assessing
    "assess_household": "revitalize.policy.monitoring",
    "assess_households": "revitalize.policy.monitoring",
    "render_assessment": "revitalize.policy.monitoring",
    "assess_asset": "revitalize.policy.assets",
    "check_governance": "revitalize.policy.governance",
    # findings
    "Assessment": "revitalize.policy.engine",
    "Finding": "revitalize.policy.engine",
    "Outcome": "revitalize.policy.engine",
    "Polarity": "revitalize.policy.engine",
    "Status": "revitalize.policy.engine",
    # JSON in and out
    "loads": "revitalize.serialization",
    "dumps": "revitalize.serialization",
    # parameters, reforms, diffs
    "ParameterSet": "revitalize.policy.parameters",
    "default_parameters": "revitalize.policy.parameters",
    "load_reform": "revitalize.policy.parameters",
    "impact_diff": "revitalize.policy.diff",
    # the registry and the catalog
    "default_registry": "revitalize.policy.registry",
    "coverage": "revitalize.policy.registry",
    "catalog": "revitalize.evidence",
    "plan_text": "revitalize.evidence",
    # models and input checks
    "Household": "revitalize.models",
    "Housing": "revitalize.models",
    "HousingGrade": "revitalize.models",
    "LaborCapacity": "revitalize.models",
    "Member": "revitalize.models",
    "MonitoringCase": "revitalize.models",
    "PlaceRegistry": "revitalize.models",
    "PovertyStatus": "revitalize.models",
    "ProjectAsset": "revitalize.models",
    "GovernanceRecords": "revitalize.models.governance",
    "validate": "revitalize.models",
    "wansheng_registry": "revitalize.models",
    # scenarios
    "load_scenario_file": "revitalize.scenarios",
    "run_case": "revitalize.scenarios",
}

__all__ = [
    "Assessment",
    "Citation",
    "Finding",
    "GovernanceRecords",
    "Household",
    "Housing",
    "HousingGrade",
    "IllegalTransitionError",
    "InvalidInputError",
    "LaborCapacity",
    "Member",
    "MissingParameterValueError",
    "MonitoringCase",
    "Outcome",
    "ParameterSet",
    "PlaceRegistry",
    "Polarity",
    "PovertyStatus",
    "ProjectAsset",
    "RevitalizeError",
    "Status",
    "UnknownNameError",
    "__version__",
    "assess_asset",
    "assess_household",
    "assess_households",
    "catalog",
    "check_governance",
    "coverage",
    "default_parameters",
    "default_registry",
    "dumps",
    "impact_diff",
    "load_reform",
    "load_scenario_file",
    "loads",
    "plan_text",
    "render_assessment",
    "run_case",
    "validate",
    "wansheng_registry",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (:pep:`562`) and keep it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'revitalize' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
