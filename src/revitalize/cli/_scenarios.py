"""``revitalize check``: scenario files without pytest.

- ``revitalize check SCENARIO_DIR [--filter PATTERN] [--reform FILE] [--lang zh|en]
  [--json]`` runs every ``*.scenario.toml`` under the directory (or one file; ``-``:
  one scenario file on standard input); exit 1 when a case fails or a file has
  errors. ``--filter PATTERN`` keeps the cases whose name contains PATTERN (or
  matches it, with ``*`` or ``?``) or that cover or expect a rule ID matching it
  (``GUA-06`` also selects ``GUA-06.access``). With ``--reform`` (a reform TOML
  file: ``name`` and a ``[changes]`` table) it lists the cases whose outcome
  changes under the reform instead.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, Problem
from ..policy.parameters import default_parameters
from ..scenarios import (
    ScenarioCase,
    ScenarioError,
    basis_counts,
    load_scenario_file,
    parse_scenario,
    render_basis_counts,
    render_result,
    result_json,
    run_case,
    scenario_paths,
)
from . import EXIT_FAILED, EXIT_OK
from ._io import STDIN, UsageError, load_params, read_text, where

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``check`` command (help in ``lang``)."""
    from . import add_lang, add_output, tr

    check = sub.add_parser(
        "check", help=tr(lang, "run scenario files without pytest", "不经 pytest 运行情景测试"),
        description=tr(lang, "Run every case of the scenario files (*.scenario.toml) under "
                             "SCENARIO_DIR, or of one file, and report the cases that fail "
                             "with their reasons, and the counts by basis. With --reform, list "
                             "the cases whose outcome changes under the reform instead. Exit 1 "
                             "when a case fails or a file has errors.",
                       "运行 SCENARIO_DIR 下（或单个文件中）全部情景文件（*.scenario.toml）的"
                       "每个情景，报告失败的情景及原因，并按依据类别计数。给出 --reform 时改为列出"
                       "在改革下结论改变的情景。有情景失败或文件有错误时退出码为 1。"))
    check.add_argument("path", metavar="SCENARIO_DIR",
                       help=tr(lang, "a directory or a scenario file ('-': one scenario file "
                                     "on standard input)",
                               "目录或情景文件（'-' 为标准输入的一个情景文件）"))
    check.add_argument("--filter", metavar="PATTERN", default=None,
                       help=tr(lang, "only the cases whose name contains PATTERN (or matches "
                                     "it, with * or ?) or that cover or expect a rule ID "
                                     "matching it (GUA-06 selects GUA-06.access too)",
                               "只运行名称包含 PATTERN（或含 * ? 时与之匹配）、或涉及与之匹配的"
                               "规则编号的情景（GUA-06 也选中 GUA-06.access）"))
    check.add_argument("--reform", metavar="FILE",
                       help=tr(lang, "a reform TOML file: list the cases whose outcome changes",
                               "改革 TOML 文件：列出结论改变的情景"))
    check.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(check, lang)
    add_lang(check, lang)
    check.set_defaults(func=_check)


def _load_cases(root: str) -> tuple[list[ScenarioCase], list[ScenarioError]]:
    cases: list[ScenarioCase] = []
    errors: list[ScenarioError] = []
    if root == STDIN:
        try:
            cases.extend(parse_scenario(read_text(root, what="the scenario file"),
                                        where(root)).cases)
        except ScenarioError as exc:
            errors.append(exc)
        return cases, errors
    if not Path(root).exists():
        raise UsageError(f"{root}: no such file or directory")
    paths = scenario_paths(root)
    if not paths:
        raise InvalidInputError([Problem(root, "no *.scenario.toml file found")])
    for p in paths:
        try:
            cases.extend(load_scenario_file(p).cases)
        except ScenarioError as exc:
            errors.append(exc)
    return cases, errors


def _id_matches(rule_id: str, pattern: str) -> bool:
    """``rule_id`` is ``pattern``, one of its parts, or matches it as a glob."""
    a, q = rule_id.casefold(), pattern.casefold()
    return a == q or a.startswith(q + ".") or fnmatch.fnmatchcase(a, q)


def selected(case: ScenarioCase, pattern: str) -> bool:
    """Whether ``check --filter pattern`` keeps ``case``: its name contains the pattern
    (or matches it as a glob, with ``*`` or ``?``), or a rule or indicator ID it covers or
    expects matches it."""
    name, q = case.name.casefold(), pattern.casefold()
    if (fnmatch.fnmatchcase(name, q) if any(c in q for c in "*?[") else q in name):
        return True
    ids = (*case.covers, *case.expect.rules, *case.expect.indicators)
    return any(_id_matches(i, pattern) for i in ids)


def _check(args: argparse.Namespace) -> int:
    lang: str = args.lang
    zh = lang == "zh"
    cases, errors = _load_cases(args.path)
    if args.filter is not None:
        cases = [c for c in cases if selected(c, args.filter)]
        if not cases and not errors:
            raise UsageError(f"--filter {args.filter!r}: no case has that name or covers or "
                             "expects that rule ID")
    base = default_parameters()
    out: list[str] = []
    payload: dict[str, Any] = {"errors": [[str(p) for p in e.problems] for e in errors]}
    for e in errors:
        out.append("情景文件有错误：" if zh else "scenario file errors:")
        out.extend(f"  {p}" for p in e.problems)
    if args.reform:
        reform = load_params(args.reform)
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
        status = EXIT_FAILED if errors else EXIT_OK
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
        status = EXIT_FAILED if failed or errors else EXIT_OK
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        print("\n".join(out))
    return status
