"""``revitalize assess`` and ``revitalize diff``: household assessments and reform impact.

``revitalize assess --sample`` (the README's main command) assesses the
packaged synthetic population on :data:`~revitalize.testing.population.SAMPLE_DATE`
(2023-06-01, the date it was generated for). ``revitalize assess FILE --on DATE``
reads one household (a JSON object), a JSON array of households, or JSONL
(one household a line; a ``.jsonl`` file). ``--on`` is required for a file:
the rules never read the clock, and neither does the command.

A record that cannot be read gives an error record naming its position
(``file:line`` for JSONL, ``file[index]`` for an array) and the run goes on;
the exit code is 1 when any record failed, or, with ``--fail-on-warning``,
when any assessment carries a warning (such as a stale monitoring line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ..errors import InvalidInputError, RevitalizeError
from ..models.household import Household
from ..policy.diff import ImpactSummary, impact_diff
from ..policy.engine import Assessment
from ..policy.monitoring import (
    MonitoringAssessor,
    MonitoringDecision,
    assess_household,
    render_assessment,
)
from ..policy.parameters import ParameterSet, default_parameters, load_reform
from ..serialization import loads
from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_lang

__all__ = ["SAMPLE_DATE", "ErrorRecord", "read_households", "register"]

#: The date ``--sample`` assesses on by default: the date the sample was generated for.
SAMPLE_DATE = dt.date(2023, 6, 1)
_SAMPLE = "households.jsonl"


@attrs.frozen
class ErrorRecord:
    """A record that could not be read: where it is and what was wrong."""

    position: str
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"error": {"position": self.position, "problems": list(self.problems)}}

    def render(self, lang: str) -> str:
        """As text."""
        head = f"错误 {self.position}" if lang == "zh" else f"error {self.position}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def _problems(exc: RevitalizeError) -> tuple[str, ...]:
    if isinstance(exc, InvalidInputError):
        return tuple(str(p) for p in exc.problems)
    return (str(exc),)


def _one(text: str, position: str) -> Household | ErrorRecord:
    try:
        return loads(text, Household)
    except RevitalizeError as exc:
        return ErrorRecord(position, _problems(exc))


def _array_items(text: str, source: str) -> Iterator[Household | ErrorRecord]:
    """Each element of a JSON array, read on its own so one bad element spoils nothing else."""
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    index = 0
    n = len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == "]":
            return
        try:
            _, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(f"{source}[{index}]",
                              (f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
                               f"{exc.msg}",))
            return
        yield _one(text[i:end], f"{source}[{index}]")
        index += 1
        i = end
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == ",":
            i += 1
        elif i < n and text[i] == "]":
            return
        else:
            yield ErrorRecord(f"{source}[{index}]", ("expected ',' or ']' after an element",))
            return


def read_households(text: str, source: str, *, jsonl: bool) -> Iterator[Household | ErrorRecord]:
    """The households of a JSON object, a JSON array or JSONL text, with error records."""
    if jsonl:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _one(line, f"{source}:{number}")
        return
    stripped = text.lstrip().lstrip("\ufeff")
    if stripped.startswith("["):
        yield from _array_items(stripped, source)
    else:
        yield _one(stripped, source)


def _read_file(path: str) -> Iterator[Household | ErrorRecord]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield ErrorRecord(path, (f"cannot read the file: {exc}",))
        return
    yield from read_households(text, path, jsonl=path.endswith(".jsonl"))


def _sample() -> Iterator[Household | ErrorRecord]:
    text = (resources.files("revitalize") / "data" / "samples" / _SAMPLE).read_text(
        encoding="utf-8")
    yield from read_households(text, f"revitalize/data/samples/{_SAMPLE}", jsonl=True)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date such as 2023-06-01, got {text!r}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` and ``diff`` commands."""
    p = sub.add_parser(
        "assess", help="assess households: monitoring range, category, risks, measures",
        description="Assess households (MON, GUA, AST rules) and print a summary and each "
                    "decision with its reasons. --sample assesses the packaged synthetic "
                    f"population on {SAMPLE_DATE.isoformat()}.")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="a JSON household, a JSON array of households, or JSONL (.jsonl)")
    p.add_argument("--sample", action="store_true",
                   help="assess the packaged synthetic sample (300 households, 8 towns)")
    p.add_argument("--on", type=_date, metavar="DATE",
                   help=f"evaluation date (ISO); required for a FILE, default "
                        f"{SAMPLE_DATE.isoformat()} for --sample")
    p.add_argument("--reform", metavar="FILE", help="apply a reform file to the parameters")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--fail-on-warning", action="store_true",
                   help="exit 1 when any assessment carries a warning")
    add_lang(p)
    p.set_defaults(func=_assess)

    d = sub.add_parser(
        "diff", help="households whose decision changes under a reform",
        description="Assess each household under the base parameters and under a reform; "
                    "list the households that enter or leave the range, or change category "
                    "or measures, with counts.")
    d.add_argument("file", metavar="FILE", help="a JSON household, a JSON array, or JSONL")
    d.add_argument("--reform", required=True, metavar="FILE", help="the reform file")
    d.add_argument("--on", type=_date, required=True, metavar="DATE",
                   help="evaluation date (ISO)")
    d.add_argument("--json", action="store_true", help="print JSON")
    add_lang(d)
    d.set_defaults(func=_diff)


def _params(reform: str | None) -> ParameterSet:
    base = default_parameters()
    return load_reform(reform, base) if reform else base


def _summary(assessments: list[Assessment[MonitoringDecision]], errors: int) -> dict[str, Any]:
    decisions = [a.decision for a in assessments]
    count = Counter[str]()
    for d in decisions:
        count["in_range" if d.in_range else "not_in_range" if d.in_range is False
              else "undecided"] += 1
    return {
        "records": len(assessments) + errors,
        "assessed": len(assessments),
        "errors": errors,
        "in_range": count["in_range"],
        "not_in_range": count["not_in_range"],
        "undecided": count["undecided"],
        "dynamic_monitoring": sum(1 for d in decisions if d.dynamic_monitoring),
        "with_warnings": sum(1 for a in assessments if a.notices),
        "categories": dict(sorted(Counter(d.category.value for d in decisions
                                          if d.category).items())),
        "risks": dict(sorted(Counter(r.value for d in decisions for r in d.risks).items())),
        "measures": dict(sorted(Counter(m.type.value for d in decisions
                                        for m in d.measures).items())),
        "towns": dict(sorted(Counter(d.town for d in decisions if d.in_range).items())),
    }


def _render_summary(s: dict[str, Any], lang: str, on: dt.date, params: ParameterSet) -> str:
    zh = lang == "zh"
    from ..models.monitoring import MeasureType, MonitoringCategory, RiskType

    def labels(counts: dict[str, int], enum: Any) -> str:
        sep = "、" if zh else ", "
        return sep.join(f"{enum.parse(k).label(lang)} {n}" for k, n in counts.items()) or "-"

    reform = params.name if params.reform_of else ("无" if zh else "none")
    if zh:
        return "\n".join([
            f"汇总  评估日期 {on.isoformat()} · 参数集 {params.fingerprint} · 改革 {reform}",
            f"  记录 {s['records']} 条：已评估 {s['assessed']}，出错 {s['errors']}",
            f"  纳入监测 {s['in_range']} 户 · 未纳入 {s['not_in_range']} 户 · "
            f"数据不足暂不能判断 {s['undecided']} 户 · 低收入人口动态监测 "
            f"{s['dynamic_monitoring']} 户 · 有提示 {s['with_warnings']} 户",
            f"  类别：{labels(s['categories'], MonitoringCategory)}",
            f"  风险：{labels(s['risks'], RiskType)}",
            f"  帮扶：{labels(s['measures'], MeasureType)}",
            f"  纳入监测户分布：{'、'.join(f'{t} {n}' for t, n in s['towns'].items()) or '-'}",
        ])
    return "\n".join([
        f"summary  on {on.isoformat()} · parameters {params.fingerprint} · reform {reform}",
        f"  {s['records']} records: {s['assessed']} assessed, {s['errors']} errors",
        f"  in range {s['in_range']} · not in range {s['not_in_range']} · undecided "
        f"(insufficient data) {s['undecided']} · low-income dynamic monitoring "
        f"{s['dynamic_monitoring']} · with warnings {s['with_warnings']}",
        f"  categories: {labels(s['categories'], MonitoringCategory)}",
        f"  risks: {labels(s['risks'], RiskType)}",
        f"  measures: {labels(s['measures'], MeasureType)}",
        f"  in range by town: {', '.join(f'{t} {n}' for t, n in s['towns'].items()) or '-'}",
    ])


def _assess(args: argparse.Namespace) -> int:
    if args.sample == bool(args.file):
        print("revitalize assess: error: give a FILE or --sample (not both)", file=sys.stderr)
        return EXIT_USAGE
    if args.file and args.on is None:
        print("revitalize assess: error: --on DATE is required for a file "
              "(the evaluation date; rules never read the clock)", file=sys.stderr)
        return EXIT_USAGE
    on: dt.date = args.on or SAMPLE_DATE
    params = _params(args.reform)
    assessor = MonitoringAssessor.of(params, on)
    records: list[Assessment[MonitoringDecision] | ErrorRecord] = []
    for item in (_sample() if args.sample else _read_file(args.file)):
        if isinstance(item, ErrorRecord):
            records.append(item)
            continue
        try:
            records.append(assessor(item))
        except RevitalizeError as exc:
            records.append(ErrorRecord(item.id, _problems(exc)))
    assessments = [r for r in records if not isinstance(r, ErrorRecord)]
    errors = len(records) - len(assessments)
    summary = _summary(assessments, errors)
    if args.json:
        print(json.dumps({"summary": summary, "on": on.isoformat(),
                          "households": [r.to_json() for r in records]},
                         ensure_ascii=False, indent=2))
    else:
        print(_render_summary(summary, args.lang, on, params))
        for r in records:
            print()
            print(r.render(args.lang) if isinstance(r, ErrorRecord)
                  else render_assessment(r, args.lang))
    if errors or (args.fail_on_warning and summary["with_warnings"]):
        return EXIT_FAILED
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    base = default_parameters()
    reform = load_reform(args.reform, base)
    errors: list[ErrorRecord] = []

    def households() -> Iterator[Household]:
        for item in _read_file(args.file):
            if isinstance(item, ErrorRecord):
                errors.append(item)
            else:
                yield item

    summary = ImpactSummary()
    changes = list(impact_diff(households(), args.on, base, reform, assess_household, summary))
    zh = args.lang == "zh"
    if args.json:
        print(json.dumps({"reform": reform.name, "on": args.on.isoformat(),
                          "summary": summary.to_json(),
                          "changes": [c.to_json() for c in changes],
                          "errors": [e.to_json()["error"] for e in errors]},
                         ensure_ascii=False, indent=2))
    else:
        print(f"改革 {reform.name} · 评估日期 {args.on.isoformat()} · 户数 {summary.seen} · "
              f"决定变化 {summary.changed}" if zh else
              f"reform {reform.name} · on {args.on.isoformat()} · households {summary.seen} · "
              f"changed {summary.changed}")
        for (aspect, kind), n in sorted(summary.transitions.items()):
            print(f"  {aspect} {kind}: {n}")
        for c in changes:
            print(f"{c.subject_id}  " + "; ".join(a.render(args.lang) for a in c.changes))
        for e in errors:
            print(e.render(args.lang))
    return EXIT_FAILED if errors else EXIT_OK
