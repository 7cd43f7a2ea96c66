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

**Warnings once per run.** A warning about the parameters in force on the date
(a stale monitoring line) is the same for every household: every path
(``assess FILE``, ``--sample``, ``--jsonl``, ``--csv``, ``-o``, ``diff``) prints
it once to stderr (``revitalize assess: warning: ...``) and lists it once in the
summary (``summary.notices`` in JSON, the 提示 / warnings lines in text), never
once per household: the households' records and rows leave it out, and
``with_warnings`` counts the households with a warning of their own.

The command streams: a JSONL file is read a line at a time and each
decision is printed as it is made, so memory does not grow with the file;
the summary comes last.

Batch files (:mod:`revitalize.batch`): ``revitalize assess --jsonl IN OUT``
and ``revitalize assess --csv IN OUT`` read households as JSONL or flat CSV
and write one record per household (JSONL, or CSV with ``--to csv``)
atomically to ``OUT``; ``--encoding gbk`` reads files from older office
software; ``--workers N`` assesses in N processes, keeping the input order; a
progress bar goes to stderr when it is a terminal. The summary is printed to
stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Final

import attrs

from .. import batch
from ..errors import InvalidInputError, RevitalizeError
from ..i18n import message
from ..models.household import Household
from ..policy.diff import aspect_label, kind_label
from ..policy.engine import Assessment
from ..policy.monitoring import (
    MonitoringAssessor,
    MonitoringDecision,
    render_assessment,
    run_notices,
)
from ..policy.parameters import ParameterSet, default_parameters, load_reform
from ..reading import DEFAULT_LIMITS, Limits
from ..serialization import from_json_value, loads, make_converter
from . import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_lang,
    add_limits,
    error_line,
    iso_date,
    limits_of,
)

_ON_REQUIRED = "--on DATE is required for a file (the evaluation date; rules never read the clock)"

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
        return "\n".join([head, *(f"  {message(p, lang)}" for p in self.problems)])


def _problems(exc: RevitalizeError) -> tuple[str, ...]:
    if isinstance(exc, InvalidInputError):
        return tuple(str(p) for p in exc.problems)
    return (str(exc),)


def _households(items: Iterable[batch.Numbered], limits: Limits
                ) -> Iterator[Household | ErrorRecord]:
    """Households (or error records) of read items, one converter for them all."""
    converter = make_converter()
    for item in items:
        if item.error or item.household is None:
            yield ErrorRecord(item.position, item.error or ("no household",))
            continue
        try:
            if isinstance(item.household, str):
                yield loads(item.household, Household, converter=converter, limits=limits)
            else:
                yield from_json_value(item.household, Household, converter=converter,
                                      limits=limits)
        except RevitalizeError as exc:
            yield ErrorRecord(item.position, _problems(exc))


def read_households(text: str, source: str, *, jsonl: bool,
                    limits: Limits | None = None) -> Iterator[Household | ErrorRecord]:
    """The households of a JSON object, a JSON array or JSONL text, with error records.

    Each array element and JSONL line is read on its own (bounded by ``limits``), so
    one bad record spoils nothing else.
    """
    limits = limits or DEFAULT_LIMITS
    if jsonl:
        data = text.encode("utf-8", "surrogatepass")
        yield from _households(batch.read_jsonl(io.BytesIO(data), source, limits=limits),
                               limits)
        return
    yield from _households(batch.json_items([text], source, limits=limits), limits)


def _read_file(path: str, limits: Limits = DEFAULT_LIMITS
               ) -> Iterator[Household | ErrorRecord]:
    """The households of a JSON, JSONL (``.jsonl``) or workbook (``.xlsx``) file, read as
    they are needed."""
    if path.lower().endswith(".xlsx"):
        yield from _read_xlsx(path, limits)
        return
    reader = batch.read_jsonl if path.endswith(".jsonl") else batch.read_json
    try:
        with open(path, "rb") as stream:
            yield from _households(reader(stream, path, limits=limits), limits)
    except OSError as exc:
        yield ErrorRecord(path, (f"cannot read the file: {exc.strerror or exc}",))


def _read_xlsx(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[Household | ErrorRecord]:
    """The households of a workbook (:mod:`revitalize.excel`), with error records."""
    from .. import excel

    try:
        yield from _households(excel.read_households(path), limits)
    except OSError as exc:
        yield ErrorRecord(path, (f"cannot read the file: {exc}",))
    except RevitalizeError as exc:
        yield ErrorRecord(path, _problems(exc))


def _sample() -> Iterator[Household | ErrorRecord]:
    text = (resources.files("revitalize") / "data" / "samples" / _SAMPLE).read_text(
        encoding="utf-8")
    yield from read_households(text, f"revitalize/data/samples/{_SAMPLE}", jsonl=True)



def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` and ``diff`` commands."""
    p = sub.add_parser(
        "assess", help="assess households: monitoring range, category, risks, measures",
        description="Assess households (MON, GUA, AST rules) and print a summary and each "
                    "decision with its reasons. --sample assesses the packaged synthetic "
                    f"population on {SAMPLE_DATE.isoformat()}.")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="a JSON household, a JSON array of households, JSONL (.jsonl), or a "
                        "workbook (.xlsx, see `revitalize sample households --format xlsx`)")
    p.add_argument("-o", "--output", metavar="OUT.xlsx", default=None,
                   help="write the results to a workbook (decisions and problems sheets, "
                        "Chinese headers with --lang zh); the summary still goes to stdout")
    p.add_argument("--sample", action="store_true",
                   help="assess the packaged synthetic sample (300 households, 8 towns)")
    p.add_argument("--on", type=iso_date, metavar="DATE",
                   help=f"evaluation date (ISO); required for a FILE, default "
                        f"{SAMPLE_DATE.isoformat()} for --sample")
    p.add_argument("--reform", metavar="FILE", help="apply a reform file to the parameters")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--fail-on-warning", action="store_true",
                   help="exit 1 when any assessment carries a warning")
    io = p.add_mutually_exclusive_group()
    io.add_argument("--jsonl", nargs=2, metavar=("IN", "OUT"),
                    help="stream households from JSONL file IN to records in OUT (atomic)")
    io.add_argument("--csv", nargs=2, metavar=("IN", "OUT"),
                    help="stream households from flat CSV file IN (one row per member) to "
                         "records in OUT (atomic)")
    p.add_argument("--to", choices=("jsonl", "csv"),
                   help="format of OUT (default: the input's format)")
    p.add_argument("--encoding", default="utf-8", metavar="ENC",
                   help="encoding of IN (default utf-8, with or without BOM; gbk for files "
                        "from older office software)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="assess in N processes, keeping the input order (default 1)")
    p.add_argument("--chunk-size", type=int, default=batch.DEFAULT_CHUNK, metavar="N",
                   help=f"households per chunk of work (default {batch.DEFAULT_CHUNK})")
    p.add_argument("--detail", choices=("summary", "full"), default="summary",
                   help="records with the decision and each rule's outcome (summary), or every "
                        "finding with its reasons (full)")
    add_limits(p, fields=True)
    add_lang(p)
    p.set_defaults(func=_assess)

    d = sub.add_parser(
        "diff", help="households whose decision changes under a reform",
        description="Assess each household under the base parameters and under a reform; "
                    "list the households that enter or leave the range, or change category "
                    "or measures, with counts.")
    d.add_argument("file", metavar="FILE", help="a JSON household, a JSON array, or JSONL")
    d.add_argument("--reform", required=True, metavar="FILE", help="the reform file")
    d.add_argument("--on", type=iso_date, required=True, metavar="DATE",
                   help="evaluation date (ISO)")
    d.add_argument("--json", action="store_true", help="print JSON")
    add_limits(d)
    add_lang(d)
    d.set_defaults(func=_diff)


def _params(reform: str | None) -> ParameterSet:
    base = default_parameters()
    return load_reform(reform, base) if reform else base


def _render_summary(s: dict[str, Any], lang: str, on: dt.date, params: ParameterSet) -> str:
    zh = lang == "zh"
    from ..models.monitoring import MeasureType, MonitoringCategory, RiskType
    from ..policy.engine import Status

    def labels(counts: dict[str, int], enum: Any) -> str:
        sep = "、" if zh else ", "
        return sep.join(f"{enum.parse(k).label(lang)} {n}" for k, n in counts.items()) or "-"

    reform = params.name if params.reform_of else ("无" if zh else "none")
    statuses = ("、" if zh else ", ").join(
        f"{Status.parse(k).label(lang)} {n}" for k, n in s.get("statuses", {}).items()) or "-"
    problems = ("、" if zh else ", ").join(
        f"{k} {n}" for k, n in s.get("problems", {}).items()) or "-"
    if zh:
        return "\n".join([
            f"汇总  评估日期 {on.isoformat()} · 参数集 {params.fingerprint} · 改革 {reform}",
            f"  记录 {s['records']} 条：已评估 {s['assessed']}，出错 {s['errors']}",
            f"  纳入监测 {s['in_range']} 户 · 未纳入 {s['not_in_range']} 户 · "
            f"数据不足暂不能判断 {s['undecided']} 户 · 低收入人口动态监测 "
            f"{s['dynamic_monitoring']} 户 · 另有逐户提示 {s['with_warnings']} 户",
            f"  类别：{labels(s['categories'], MonitoringCategory)}",
            f"  风险：{labels(s['risks'], RiskType)}",
            f"  帮扶：{labels(s['measures'], MeasureType)}",
            f"  纳入监测户分布：{'、'.join(f'{t} {n}' for t, n in s['towns'].items()) or '-'}",
            f"  规则结论按状态：{statuses}",
            f"  问题按规则：{problems}",
            *_notice_lines(s, lang),
        ])
    return "\n".join([
        f"summary  on {on.isoformat()} · parameters {params.fingerprint} · reform {reform}",
        f"  {s['records']} records: {s['assessed']} assessed, {s['errors']} errors",
        f"  in range {s['in_range']} · not in range {s['not_in_range']} · undecided "
        f"(insufficient data) {s['undecided']} · low-income dynamic monitoring "
        f"{s['dynamic_monitoring']} · with warnings of their own {s['with_warnings']}",
        f"  categories: {labels(s['categories'], MonitoringCategory)}",
        f"  risks: {labels(s['risks'], RiskType)}",
        f"  measures: {labels(s['measures'], MeasureType)}",
        f"  in range by town: {', '.join(f'{t} {n}' for t, n in s['towns'].items()) or '-'}",
        f"  findings by status: {statuses}",
        f"  problems by rule: {problems}",
        *_notice_lines(s, lang),
    ])


def _notice_lines(s: dict[str, Any], lang: str) -> list[str]:
    """The run's warnings, each once (the households with warnings of their own are counted
    above)."""
    if not s.get("notices"):
        return []
    key = "message_zh" if lang == "zh" else "message_en"
    return ["  提示：" if lang == "zh" else "  warnings:",
            *(f"    - {n[key]}" for n in s["notices"])]


def _warn(notices: Iterable[dict[str, Any]], lang: str, command: str = "assess") -> None:
    """Each warning of the run once on stderr (whatever goes to stdout or to a file)."""
    key = "message_zh" if lang == "zh" else "message_en"
    for n in notices:
        print(f"revitalize {command}：警告：{n[key]}" if lang == "zh" else
              f"revitalize {command}: warning: {n[key]}", file=sys.stderr)


def _failed(summary: dict[str, Any], fail_on_warning: bool) -> bool:
    """Whether the run exits 1: a record failed, or (``--fail-on-warning``) a warning."""
    return bool(summary["errors"] or (fail_on_warning and (
        summary["with_warnings"] or summary["notices"])))


def _assess(args: argparse.Namespace) -> int:
    batch_io = args.jsonl or args.csv
    if batch_io:
        if args.sample or args.file:
            print(error_line("assess", "--jsonl/--csv take IN and OUT; give no FILE or "
                             "--sample", args.lang), file=sys.stderr)
            return EXIT_USAGE
        if args.on is None:
            print(error_line("assess", _ON_REQUIRED, args.lang), file=sys.stderr)
            return EXIT_USAGE
        return _assess_batch(args)
    if args.sample == bool(args.file):
        print(error_line("assess", "give a FILE or --sample (not both)", args.lang),
              file=sys.stderr)
        return EXIT_USAGE
    if args.file and args.on is None:
        print(error_line("assess", _ON_REQUIRED, args.lang), file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None and (args.json or not args.output.lower().endswith(".xlsx")):
        print(error_line("assess", "-o/--output writes a workbook: give OUT.xlsx and no "
                         "--json (--jsonl/--csv IN OUT write the other formats)", args.lang),
              file=sys.stderr)
        return EXIT_USAGE
    on: dt.date = args.on or SAMPLE_DATE
    params = _params(args.reform)
    assessor = MonitoringAssessor.of(params, on)
    run_notices = {(n.code, n.message_en) for n in assessor.notices}
    stats = batch.BatchStatistics()
    stats.add_run_notices(assessor.notices)

    def records() -> Iterator[Assessment[MonitoringDecision] | ErrorRecord]:
        for item in (_sample() if args.sample else _read_file(args.file, limits_of(args))):
            if isinstance(item, ErrorRecord):
                stats.add(item.to_json())
                yield item
                continue
            try:
                a = assessor(item)
            except RevitalizeError as exc:
                error = ErrorRecord(item.id, _problems(exc))
                stats.add(error.to_json())
                yield error
                continue
            stats.add_assessment(a)
            yield a

    if args.output is not None:
        return _assess_to_workbook(args, records(), stats, on, params, assessor)
    if args.json:
        print("{")
        print(f'  "on": "{on.isoformat()}",')
        print('  "households": [', end="")
        for i, r in enumerate(records()):
            record = r.to_json()
            if not isinstance(r, ErrorRecord):  # the run's warnings go in the summary, once
                record["notices"] = [n for n in record["notices"]
                                     if (n["code"], n["message_en"]) not in run_notices]
            text = json.dumps(record, ensure_ascii=False, indent=2)
            print(("," if i else "") + "\n" + textwrap.indent(text, "    "), end="")
        summary = stats.to_json()
        print("\n  ],")
        print('  "summary": ' + textwrap.indent(
            json.dumps(summary, ensure_ascii=False, indent=2), "  ").lstrip())
        print("}")
    else:
        for r in records():
            print(r.render(args.lang) if isinstance(r, ErrorRecord)
                  else render_assessment(r, args.lang, notices=False))
            print()
        summary = stats.to_json()
        print(_render_summary(summary, args.lang, on, params))
    _warn(summary["notices"], args.lang)
    return EXIT_FAILED if _failed(summary, args.fail_on_warning) else EXIT_OK


def _assess_to_workbook(args: argparse.Namespace,
                        records: Iterator[Assessment[MonitoringDecision] | ErrorRecord],
                        stats: batch.BatchStatistics, on: dt.date, params: ParameterSet,
                        assessor: MonitoringAssessor) -> int:
    """Write the results to ``args.output`` (decisions and problems sheets) atomically;
    the summary to stdout, each unreadable record to stderr."""
    from .. import excel
    from ._io import UsageError, write_output

    results: list[tuple[str, Any]] = []
    for r in records:
        if isinstance(r, ErrorRecord):
            print(r.render(args.lang), file=sys.stderr)
            results.append((r.position, r.problems))
        else:
            results.append((r.subject_id, r))
    try:
        write_output(args.output, excel.results_workbook(results, args.lang,
                                                         run_notices=assessor.notices))
    except UsageError as exc:
        print(error_line("assess", exc, args.lang), file=sys.stderr)
        return EXIT_USAGE
    summary = stats.to_json()
    print(_render_summary(summary, args.lang, on, params))
    print(f"  → {args.output}")
    _warn(summary["notices"], args.lang)
    return EXIT_FAILED if _failed(summary, args.fail_on_warning) else EXIT_OK


def _progress(stream: BinaryIO, size: int) -> Callable[[int], None] | None:
    """A progress bar on stderr (share of the input read, households, rate), only when
    stderr is a terminal. The clock is read here, for the rate shown, never by a rule."""
    if not sys.stderr.isatty():
        return None
    start = time.monotonic()
    done = [0]

    def update(n: int) -> None:
        done[0] += n
        share = min(stream.tell() / size, 1.0) if size else 1.0
        bar = "#" * int(share * 30)
        rate = done[0] / max(time.monotonic() - start, 1e-9)
        print(f"\r  [{bar:<30}] {share:4.0%}  {done[0]:,} households · {rate:,.0f}/s",
              end="", file=sys.stderr, flush=True)

    return update


def _assess_batch(args: argparse.Namespace) -> int:
    source, target = args.jsonl or args.csv
    fmt_in = "jsonl" if args.jsonl else "csv"
    fmt_out = args.to or fmt_in
    if args.workers < 1 or args.chunk_size < 1:
        print(error_line("assess", "--workers and --chunk-size must be at least 1", args.lang),
              file=sys.stderr)
        return EXIT_USAGE
    params = _params(args.reform)
    task = batch.BatchTask(params, args.on, args.detail, limits_of(args))
    progress = None
    try:
        with open(source, "rb") as stream:
            progress = _progress(stream, Path(source).stat().st_size)
            stats = batch.stream(stream, target, task, fmt_in=fmt_in, fmt_out=fmt_out,
                                 encoding=args.encoding, source_name=source,
                                 workers=args.workers, chunk_size=args.chunk_size,
                                 on_chunk=progress)
    except OSError as exc:
        print(error_line("assess", exc, args.lang), file=sys.stderr)
        return EXIT_FAILED
    except (batch.EncodingError, batch.OutputError) as exc:
        if progress is not None:
            print(file=sys.stderr)
        print(error_line("assess", f"{exc}; nothing was written to {target}", args.lang),
              file=sys.stderr)
        return EXIT_FAILED
    if progress is not None:
        print(file=sys.stderr)
    summary = stats.to_json()
    if args.json:
        print(json.dumps({"summary": summary, "on": args.on.isoformat(), "output": target},
                         ensure_ascii=False, indent=2))
    else:
        print(_render_summary(summary, args.lang, args.on, params))
        print(f"  → {target}")
    _warn(summary["notices"], args.lang)
    return EXIT_FAILED if _failed(summary, args.fail_on_warning) else EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    base = default_parameters()
    reform = load_reform(args.reform, base)
    errors: list[ErrorRecord] = []

    def households() -> Iterator[Household]:
        for item in _read_file(args.file, limits_of(args)):
            if isinstance(item, ErrorRecord):
                errors.append(item)
            else:
                yield item

    changes = batch.diff_stream(households(), base, reform, args.on)
    zh = args.lang == "zh"
    notices = _diff_notices(base, reform, args.on)
    if args.json:
        # streamed: the changes are written as they are found, the counts last
        print("{")
        print(f'  "reform": {json.dumps(reform.name, ensure_ascii=False)},')
        print(f'  "on": "{args.on.isoformat()}",')
        print('  "changes": [', end="")
        for i, c in enumerate(changes):
            print(("," if i else "") + "\n    " + json.dumps(c.to_json(), ensure_ascii=False),
                  end="")
        print("\n  ],")
        print('  "errors": ' + json.dumps([e.to_json()["error"] for e in errors],
                                          ensure_ascii=False) + ",")
        print('  "summary": ' + json.dumps(changes.summary.to_json(), ensure_ascii=False) + ",")
        print('  "notices": ' + json.dumps(notices, ensure_ascii=False))
        print("}")
    else:
        for c in changes:
            print(f"{c.subject_id}  " + ("；" if zh else "; ").join(a.render(args.lang)
                                                                 for a in c.changes))
        for e in errors:
            print(e.render(args.lang))
        summary = changes.summary
        print(f"改革 {reform.name} · 评估日期 {args.on.isoformat()} · 户数 {summary.seen} · "
              f"决定变化 {summary.changed}" if zh else
              f"reform {reform.name} · on {args.on.isoformat()} · households {summary.seen} · "
              f"changed {summary.changed}")
        for (aspect, kind), n in sorted(summary.transitions.items()):
            print(f"  {aspect_label(aspect, args.lang)}{kind_label(kind, args.lang)}：{n}" if zh
                  else f"  {aspect_label(aspect, args.lang)} {kind}: {n}")
        if notices:
            print("  提示：" if zh else "  warnings:")
            for notice in notices:
                under = ("、" if zh else ", ").join(
                    _SET_LABELS[x][0 if zh else 1] for x in notice["parameter_sets"])
                print(f"    - {notice['message_zh']}（{under}）" if zh
                      else f"    - {notice['message_en']} ({under})")
    _warn(notices, args.lang, "diff")
    return EXIT_FAILED if errors else EXIT_OK


_SET_LABELS: Final = {"base": ("基础参数", "base parameters"), "reform": ("改革", "reform")}


def _diff_notices(base: ParameterSet, reform: ParameterSet, on: dt.date
                  ) -> list[dict[str, Any]]:
    """The warnings of the diff's two runs, each once, naming the parameter sets (``base``,
    ``reform``) whose assessments carry it (a reform that sets this year's line has none)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for name, params in (("base", base), ("reform", reform)):
        for n in run_notices(params, on):
            entry = out.setdefault((n.code, n.message_en),
                                   {**batch.notice_json(n), "parameter_sets": []})
            entry["parameter_sets"].append(name)
    return list(out.values())
