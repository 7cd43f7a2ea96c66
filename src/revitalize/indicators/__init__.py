"""Indicators of the plan: the catalog (Table 1 and the text's targets), target types,
formulas, observed values, progress and reports.

>>> from revitalize.indicators import default_indicators, evaluate, parse_observations
>>> catalog = default_indicators()
>>> catalog["KPI-3"].attribute.label_zh
'约束性'
>>> obs = parse_observations({"observations": [
...     {"indicator": "KPI-3", "year": 2023, "value": "99.5"}]})
>>> from revitalize.policy.parameters import default_parameters
>>> evaluate(obs, default_parameters())["KPI-3"].status.value
'not_met'
"""

from .catalog import (
    Baseline,
    BaselineKind,
    Deadline,
    Formula,
    Indicator,
    IndicatorAttribute,
    IndicatorCatalog,
    IndicatorNote,
    IndicatorUnit,
    PathKind,
    default_indicators,
    load_indicator_catalog,
)
from .formulas import (
    FormulaName,
    compound_annual_growth,
    compound_path,
    growth,
    linear_path,
    parse_ratio,
    per_capita,
    percentage_points,
    rate,
    ratio,
)
from .observations import (
    Observation,
    ObservationSet,
    load_observations,
    parse_observations,
    parse_observations_json,
    parse_observations_toml,
)
from .progress import (
    IndicatorProgress,
    ProgressReport,
    Status,
    YearStatus,
    evaluate,
    evaluate_indicator,
    show_number,
)
from .report import catalog_json, catalog_text, report_html, report_json, report_text
from .targets import (
    AboveReference,
    AtLeast,
    AtMost,
    Direction,
    GrowthBasis,
    KeepPace,
    KeepStable,
    Maintain,
    PointChange,
    Ratio,
    Reach,
    Target,
    TargetInputs,
    TargetKind,
    ZeroEvents,
)

__all__ = [
    "AboveReference",
    "AtLeast",
    "AtMost",
    "Baseline",
    "BaselineKind",
    "Deadline",
    "Direction",
    "Formula",
    "FormulaName",
    "GrowthBasis",
    "Indicator",
    "IndicatorAttribute",
    "IndicatorCatalog",
    "IndicatorNote",
    "IndicatorProgress",
    "IndicatorUnit",
    "KeepPace",
    "KeepStable",
    "Maintain",
    "Observation",
    "ObservationSet",
    "PathKind",
    "PointChange",
    "ProgressReport",
    "Ratio",
    "Reach",
    "Status",
    "Target",
    "TargetInputs",
    "TargetKind",
    "YearStatus",
    "ZeroEvents",
    "catalog_json",
    "catalog_text",
    "compound_annual_growth",
    "compound_path",
    "default_indicators",
    "evaluate",
    "evaluate_indicator",
    "growth",
    "linear_path",
    "load_indicator_catalog",
    "load_observations",
    "parse_observations",
    "parse_observations_json",
    "parse_observations_toml",
    "parse_ratio",
    "per_capita",
    "percentage_points",
    "rate",
    "ratio",
    "report_html",
    "report_json",
    "report_text",
    "show_number",
]
