"""``revitalize explain``: a trace of one assessment (:mod:`revitalize.policy.explain`).

- ``revitalize explain SCENARIO.toml [--case NAME]``: a case of a scenario file (a file
  with one case needs no ``--case``); exit 1 when the case's expectations fail (the
  mismatches are printed before the trace);
- ``revitalize explain household.json --on DATE``: a household;
- ``revitalize explain assessment.json``: an assessment written earlier by
  ``revitalize assess --json`` (one assessment, or the ``households`` of a run).

``--json`` prints the trace as JSON (the ``Trace`` schema: ``revitalize schema Trace``),
``--lang zh|en`` the text's language.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, Problem, UnknownNameError
from ..i18n import message
from ..models.household import Household
from ..policy.explain import Trace, explain_assessment_json, explain_case, explain_household
from ..policy.parameters import default_parameters
from ..policy.registry import default_registry
from ..scenarios import ScenarioError, load_scenario_file, render_result, run_case
from ..serialization import loads, parse_json

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``explain`` command (help in ``lang``)."""
    from . import add_encoding, add_lang, add_output, iso_date, tr

    p = sub.add_parser(
        "explain", help=tr(lang, "trace one assessment: what each rule read and compared, and "
                                 "the decision's path through the decision tables",
                           "完整说明一次评估：每条规则读取和比较了什么，以及结论在决策表中的路径"),
        description=tr(lang, "Trace one assessment: what each rule read and compared, its "
                             "status and reason, and the decision's path through the decision "
                             "tables. FILE is a scenario file (exit 1 when the case fails), a "
                             "household as JSON with --on DATE, or an assessment JSON written "
                             "by `assess --json`.",
                       "完整说明一次评估：每条规则读取和比较了什么、其状态和理由，以及结论在决策表中"
                       "的路径。FILE 为情景文件（情景失败时退出码为 1）、JSON 格式的一户（需 --on "
                       "DATE），或 `assess --json` 写出的评估 JSON。"))
    p.add_argument("file", metavar="FILE",
                   help=tr(lang, "a scenario file (.toml), a household as JSON (with --on), or "
                                 "an assessment JSON written by `assess --json` ('-': JSON on "
                                 "standard input)",
                           "情景文件（.toml）、JSON 格式的一户（需 --on），或 `assess --json` 写出"
                           "的评估 JSON（'-' 为标准输入的 JSON）"))
    p.add_argument("--case", metavar="NAME", default=None,
                   help=tr(lang, "the case of the scenario file to explain (needed when it has "
                                 "several)", "要说明的情景名称（情景文件含多个情景时必需）"))
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "evaluation date for a JSON household (ISO date; required "
                                 "there)", "JSON 户的评估日期（ISO 日期；此时必需）"))
    p.add_argument("--json", action="store_true",
                   help=tr(lang, "print the trace as JSON", "以 JSON 输出说明"))
    add_encoding(p, lang)
    add_output(p, lang)
    add_lang(p, lang)
    p.set_defaults(func=_explain)


def _print(traces: list[Trace], args: argparse.Namespace) -> None:
    if args.json:
        payload: Any = traces[0].to_json() if len(traces) == 1 else [t.to_json() for t in traces]
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(t.render(args.lang) for t in traces))


def _scenario(path: Path, args: argparse.Namespace) -> int:
    from . import error_line

    try:
        scenario = load_scenario_file(path)
    except ScenarioError as exc:
        print("\n".join(f"{p.path}: {message(p.message, args.lang)}" for p in exc.problems),
              file=sys.stderr)
        return 1
    names = [c.name for c in scenario.cases]
    if args.case is not None:
        if args.case not in names:  # a bad option value: exit 2, naming the cases
            unknown = UnknownNameError(f"case of {path}", args.case, names)
            print(error_line(None, unknown, args.lang) + "\n"
                  + "\n".join(f"  {n}" for n in names), file=sys.stderr)
            return 2
        case = scenario.cases[names.index(args.case)]
    elif len(scenario.cases) == 1:
        case = scenario.cases[0]
    else:
        print(error_line(None, f"{path} has {len(names)} cases; choose one with --case NAME:",
                         args.lang) + "\n" + "\n".join(f"  {n}" for n in names),
              file=sys.stderr)
        return 2
    result = run_case(case)
    if not result.passed and not args.json:
        print(render_result(result, args.lang))
    _print([explain_case(case)], args)
    return 0 if result.passed else 1


def _is_assessment(value: object) -> bool:
    return isinstance(value, Mapping) and {"findings", "decision", "provenance"} <= value.keys()


def _explain(args: argparse.Namespace) -> int:
    from . import error_line, limits_of
    from ._io import UsageError, checked_file, read_text, where

    if args.file.endswith(".toml"):
        if args.encoding is not None:
            raise UsageError("--encoding does not apply to a scenario file (TOML is UTF-8)")
        return _scenario(checked_file(args.file), args)
    path = where(args.file)
    limits = limits_of(args)
    text = read_text(args.file, what="the input file", encoding=args.encoding or "utf-8",
                     limits=limits)
    value = parse_json(text, source=path, limits=limits)
    registry = default_registry()
    if _is_assessment(value):
        _print([explain_assessment_json(value, registry, source=str(path))], args)
        return 0
    if isinstance(value, Mapping) and isinstance(value.get("households"), list):
        runs = value["households"]
        bad = [i for i, a in enumerate(runs) if not _is_assessment(a)]
        if bad:
            raise InvalidInputError([Problem(f"{path}: $.households[{bad[0]}]",
                                             "expected an assessment with detail=full "
                                             "(findings, decision, provenance)")])
        _print([explain_assessment_json(a, registry, source=str(path)) for a in runs], args)
        return 0
    if args.on is None:
        print(error_line(None, "--on DATE is required for a JSON household", args.lang),
              file=sys.stderr)
        return 2
    household = loads(text, Household, source=str(path))
    _print([explain_household(household, default_parameters(), args.on)], args)
    return 0
