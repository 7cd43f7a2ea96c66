"""``revitalize check``: scenario files without pytest (``explain`` is in :mod:`._explain`).

- ``revitalize check SCENARIO_DIR [--reform FILE] [--lang zh|en] [--json]`` runs
  every ``*.scenario.toml`` under the directory (or one file); exit 1 when a
  case fails or a file has errors. With ``--reform`` (a reform TOML file:
  ``name`` and a ``[changes]`` table) it lists the cases whose outcome changes
  under the reform instead.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import InvalidInputError, Problem
from ..policy.parameters import default_parameters, load_reform
from ..scenarios import (
    ScenarioCase,
    ScenarioError,
    basis_counts,
    load_scenario_file,
    render_basis_counts,
    render_result,
    result_json,
    run_case,
    scenario_paths,
)

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command."""
    from . import add_lang

    check = sub.add_parser("check", help="run scenario files (情景测试) without pytest")
    check.add_argument("path", metavar="SCENARIO_DIR", help="a directory or a scenario file")
    check.add_argument("--reform", metavar="FILE",
                       help="a reform TOML file: list the cases whose outcome changes")
    check.add_argument("--json", action="store_true", help="print JSON")
    add_lang(check)
    check.set_defaults(func=_check)


def _load_cases(root: str) -> tuple[list[ScenarioCase], list[ScenarioError]]:
    cases: list[ScenarioCase] = []
    errors: list[ScenarioError] = []
    paths = scenario_paths(root)
    if not paths:
        raise InvalidInputError([Problem(root, "no *.scenario.toml file found")])
    for p in paths:
        try:
            cases.extend(load_scenario_file(p).cases)
        except ScenarioError as exc:
            errors.append(exc)
    return cases, errors


def _check(args: argparse.Namespace) -> int:
    lang: str = args.lang
    zh = lang == "zh"
    cases, errors = _load_cases(args.path)
    base = default_parameters()
    out: list[str] = []
    payload: dict[str, Any] = {"errors": [[str(p) for p in e.problems] for e in errors]}
    for e in errors:
        out.append("情景文件有错误：" if zh else "scenario file errors:")
        out.extend(f"  {p}" for p in e.problems)
    if args.reform:
        reform = load_reform(args.reform, base)
        changed = []
        for c in cases:
            before = run_case(c, base)
            after = run_case(c, reform)
            if before.outcome_key() != after.outcome_key():
                changed.append(after)
                out.append(f"{'结论改变' if zh else 'changed'}: {c.name} ({c.where})")
                out.append(f"  {'原' if zh else 'before'}: {before.evaluation.summary(lang)}")
                out.append(f"  {'改革后' if zh else 'after'}: {after.evaluation.summary(lang)}")
        out.append(f"{'改革' if zh else 'reform'} {reform.name}: "
                   f"{len(changed)}/{len(cases)} {'个情景结论改变' if zh else 'cases change'}")
        payload["reform"] = reform.name
        payload["changed"] = [result_json(r) for r in changed]
        status = 1 if errors else 0
    else:
        results = [run_case(c, base) for c in cases]
        failed = [r for r in results if not r.passed]
        for r in failed:
            out.append(render_result(r, lang))
        out.append(f"{'情景' if zh else 'cases'}: {len(results)}, "
                   f"{'通过' if zh else 'passed'} {len(results) - len(failed)}, "
                   f"{'失败' if zh else 'failed'} {len(failed)}, "
                   f"{'有错误的文件' if zh else 'files with errors'} {len(errors)}")
        counts = basis_counts(cases)
        out.append(render_basis_counts(counts, lang))
        payload["basis"] = counts
        payload["results"] = [result_json(r) for r in results]
        status = 1 if failed or errors else 0
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        print("\n".join(out))
    return status
