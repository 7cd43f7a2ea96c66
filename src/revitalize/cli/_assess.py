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
when a household carries a record-level warning (see below).

**Warnings once per run.** A warning about the parameters in force on the date
(a stale monitoring line) is the same for every household: every path
(``assess FILE``, ``--sample``, ``--jsonl``, ``--csv``, ``-o``, ``diff``) prints
it once to stderr (``revitalize assess: warning: ...``) and lists it once in the
summary (``summary.notices`` in JSON, the 提示 / warnings lines in text), never
once per household: the households' records and rows leave it out, and
``with_warnings`` counts the households with a warning of their own. Such a
run-level warning never changes the exit code; ``--fail-on-warning`` exits 1 on
a record-level warning only: a household undecided for lack of data, or one
with a warning of its own.

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
from typing import IO, Any, Final

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
from ..policy.parameters import ParameterSet, default_parameters
from ..reading import DEFAULT_LIMITS, Limits
from ..serialization import from_json_value, loads, make_converter
from . import (
    EXIT_FAILED,
    EXIT_OK,
    add_encoding,
    add_lang,
    add_limits,
    add_output,
    iso_date,
    limits_of,
    positive_int,
    tr,
)
from ._io import (
    STDIN,
    UsageError,
    checked_file,
    load_params,
    open_input,
    sniff_jsonl,
    where,
    write_output,
)

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


def _read_file(path: str, limits: Limits = DEFAULT_LIMITS, encoding: str | None = None
               ) -> Iterator[Household | ErrorRecord]:
    """The households of a JSON, JSONL (``.jsonl``) or workbook (``.xlsx``) file, read as
    they are needed; ``-`` reads standard input (JSONL when its first line is one complete
    JSON object, else JSON). A missing file is a :class:`UsageError`."""
    if path.lower().endswith(".xlsx"):
        if encoding is not None:
            raise UsageError("--encoding does not apply to a workbook (.xlsx)")
        checked_file(path)
        yield from _read_xlsx(path, limits)
        return
    enc = encoding or "utf-8"
    with open_input(path) as stream:
        jsonl = path.endswith(".jsonl")
        if path == STDIN:
            jsonl, stream = sniff_jsonl(stream, enc, limits.max_record_bytes)
        reader = batch.read_jsonl if jsonl else batch.read_json
        try:
            yield from _households(reader(stream, where(path), encoding=enc, limits=limits),
                                   limits)
        except OSError as exc:
            yield ErrorRecord(where(path), (f"cannot read the file: {exc.strerror or exc}",))


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


def _own_output(args: argparse.Namespace) -> bool:
    """``assess -o OUT.xlsx`` writes the workbook itself (other ``-o`` files get stdout)."""
    return bool(args.output) and str(args.output).lower().endswith(".xlsx")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``assess`` and ``diff`` commands (help in ``lang``)."""
    p = sub.add_parser(
        "assess", help=tr(lang, "assess households: monitoring range, category, risks, measures",
                          "评估农户：监测范围、类别、风险、帮扶措施"),
        description=tr(
            lang,
            "Assess households (MON, GUA, AST rules). A FILE prints each decision with its "
            "reasons, then the summary; --sample assesses the packaged synthetic population "
            f"on {SAMPLE_DATE.isoformat()} and prints the summary (--detail: each decision "
            "too). --jsonl/--csv IN OUT stream a large file to records in OUT (batch mode). "
            "Warnings about the parameters (a monitoring line older than a year) concern the "
            "whole run: they are printed once on stderr and never change the exit code; "
            "--fail-on-warning exits 1 on a record-level warning (a household that could not "
            "be decided for lack of data, or a warning of its own).",
            "评估农户（MON、GUA、AST 规则）。给出 FILE 时输出每户的结论及理由，再输出汇总；"
            f"--sample 评估内置合成样本（评估日期 {SAMPLE_DATE.isoformat()}）并只输出汇总"
            "（--detail 同时输出每户结论）。--jsonl/--csv IN OUT 以流式方式把大文件评估为 OUT "
            "中的记录（批量模式）。关于参数的提示（监测线已超过一年未更新）针对整次运行："
            "只在标准错误上输出一次，不影响退出码；--fail-on-warning 仅在有记录级提示（某户因"
            "数据不足无法判断，或该户自身的提示）时以 1 退出。"))
    p.add_argument("file", nargs="?", metavar="FILE",
                   help=tr(lang, "a JSON household, a JSON array of households, JSONL (.jsonl), "
                                 "or a workbook (.xlsx, see `revitalize sample households "
                                 "--format xlsx`); '-': standard input",
                           "一户 JSON、JSON 数组、JSONL（.jsonl）或工作簿（.xlsx，见 "
                           "`revitalize sample households --format xlsx`）；'-' 为标准输入"))
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help=tr(lang, "write the output to FILE, atomically; OUT.xlsx: a workbook of "
                                 "decisions and problems (Chinese headers with --lang zh), the "
                                 "summary still on stdout",
                           "输出原子写入 FILE；OUT.xlsx 为含决定和问题两张表的工作簿（--lang zh "
                           "时为中文表头），汇总仍在标准输出"))
    p.add_argument("--sample", action="store_true",
                   help=tr(lang, "assess the packaged synthetic sample (300 households, 8 towns)",
                           "评估内置合成样本（300 户，8 个镇）"))
    p.add_argument("--on", type=iso_date, metavar="DATE",
                   help=tr(lang, f"evaluation date (ISO); required for a FILE, default "
                                 f"{SAMPLE_DATE.isoformat()} for --sample",
                           f"评估日期（ISO）；给出 FILE 时必需，--sample 默认 "
                           f"{SAMPLE_DATE.isoformat()}"))
    p.add_argument("--reform", metavar="FILE",
                   help=tr(lang, "apply a reform file to the parameters", "对参数应用改革文件"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    p.add_argument("--fail-on-warning", action="store_true",
                   help=tr(lang, "exit 1 when a household has a record-level warning: it could "
                                 "not be decided for lack of data, or carries a warning of its "
                                 "own (not for the run's warnings about the parameters)",
                           "有记录级提示时以 1 退出：某户因数据不足无法判断，或带有自身的提示"
                           "（关于参数的整次运行提示不计）"))
    p.add_argument("--detail", nargs="?", choices=("summary", "full"), const="full",
                   default=None,
                   help=tr(lang, "each household: full (every finding with its reasons; the "
                                 "default of --detail) or summary (the decision and each "
                                 "rule's outcome). Without it --sample prints only the run "
                                 "summary; with --jsonl/--csv it sets each record (default "
                                 "summary)",
                           "每户的详细程度：full（每条结论及理由；--detail 的默认值）或 "
                           "summary（结论及每条规则的结果）。不给时 --sample 只输出汇总；"
                           "批量模式下决定每条记录的内容（默认 summary）"))
    io_ = p.add_mutually_exclusive_group()
    io_.add_argument("--jsonl", nargs=2, metavar=("IN", "OUT"),
                     help=tr(lang, "batch mode: stream households from JSONL file IN to records "
                                   "in OUT (atomic); '-' for IN: standard input, for OUT: "
                                   "standard output (the summary then goes to stderr)",
                             "批量模式：从 JSONL 文件 IN 流式读取农户，记录原子写入 OUT；IN 为 '-' "
                             "时读标准输入，OUT 为 '-' 时写标准输出（汇总改到标准错误）"))
    io_.add_argument("--csv", nargs=2, metavar=("IN", "OUT"),
                     help=tr(lang, "batch mode: stream households from flat CSV file IN (one "
                                   "row per member) to records in OUT (atomic; '-' as for "
                                   "--jsonl)",
                             "批量模式：从扁平 CSV 文件 IN（每名成员一行）流式读取农户，"
                             "记录原子写入 OUT（'-' 同 --jsonl）"))
    p.add_argument("--to", choices=("jsonl", "csv"),
                   help=tr(lang, "batch mode: format of OUT (default: the input's format)",
                           "批量模式：OUT 的格式（默认与输入相同）"))
    add_encoding(p, lang)
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help=tr(lang, "batch mode: assess in N processes, keeping the input order "
                                 "(default 1)",
                           "批量模式：用 N 个进程评估，保持输入顺序（默认 1）"))
    p.add_argument("--chunk-size", type=positive_int, default=None, metavar="N",
                   help=tr(lang, f"batch mode: lines (JSONL) or households (CSV) per chunk "
                                 f"of work (default {batch.DEFAULT_CHUNK})",
                           f"批量模式：每块工作的行数（JSONL）或户数（CSV）"
                           f"（默认 {batch.DEFAULT_CHUNK}）"))
    add_limits(p, fields=True, lang=lang)
    add_lang(p, lang)
    p.set_defaults(func=_assess, own_output=_own_output)

    d = sub.add_parser(
        "diff", help=tr(lang, "households whose decision changes under a reform",
                        "改革后结论改变的农户"),
        description=tr(lang, "Assess each household under the base parameters and under a "
                             "reform; list the households that enter or leave the range, or "
                             "change category or measures, with counts. Records that cannot "
                             "be read are listed on stderr (exit 1).",
                       "分别按基准参数和改革参数评估每户，列出进入或退出监测范围、类别或帮扶措施"
                       "改变的农户及计数。无法读取的记录列在标准错误上（退出码 1）。"))
    d.add_argument("file", metavar="FILE",
                   help=tr(lang, "a JSON household, a JSON array, JSONL, or a workbook (.xlsx); "
                                 "'-': standard input",
                           "一户 JSON、JSON 数组、JSONL 或工作簿（.xlsx）；'-' 为标准输入"))
    d.add_argument("--reform", required=True, metavar="FILE",
                   help=tr(lang, "the reform file", "改革文件"))
    d.add_argument("--on", type=iso_date, required=True, metavar="DATE",
                   help=tr(lang, "evaluation date (ISO)", "评估日期（ISO）"))
    d.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_encoding(d, lang)
    add_limits(d, lang=lang)
    add_output(d, lang)
    add_lang(d, lang)
    d.set_defaults(func=_diff)


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


def _warn(lang: str, text: str, command: str = "assess") -> None:
    """A warning on stderr (``revitalize COMMAND: warning: ...``)."""
    print(f"revitalize {command}：警告：{text}" if lang == "zh" else
          f"revitalize {command}: warning: {text}", file=sys.stderr)


def _run_warnings(params: ParameterSet, on: dt.date, lang: str) -> frozenset[tuple[str, str]]:
    """The keys of the run's warnings (about the parameters in force: the same for every
    household), to tell them from a record's own warnings; :func:`_exit` prints them."""
    return frozenset((n.code, n.message_en) for n in run_notices(params, on))


def _record_warnings(summary: dict[str, Any]) -> int:
    """How many households of a run's summary carry a record-level warning
    (``--fail-on-warning``): undecided for lack of data, or with a warning of their own
    (``with_warnings``: the run's warnings are not counted there)."""
    return int(summary["undecided"]) + int(summary["with_warnings"])


def _exit(summary: dict[str, Any], args: argparse.Namespace,
          run: frozenset[tuple[str, str]]) -> int:
    """Print the run's warnings once on stderr (after the output, whatever went to stdout
    or a file); the exit code."""
    key = "message_zh" if args.lang == "zh" else "message_en"
    for n in summary["notices"]:
        if (n["code"], n["message_en"]) in run:
            _warn(args.lang, n[key])
    if summary["errors"] or (args.fail_on_warning and _record_warnings(summary)):
        return EXIT_FAILED
    return EXIT_OK


def _not_batch(args: argparse.Namespace) -> None:
    """Options of batch mode given without it are usage errors, never ignored."""
    given = [o for o, v in (("--to", args.to), ("--workers", args.workers),
                            ("--chunk-size", args.chunk_size)) if v is not None]
    if given:
        raise UsageError(f"{', '.join(given)}: only in batch mode (--jsonl IN OUT or --csv IN "
                         "OUT)")
    if args.encoding is not None and args.sample:
        raise UsageError("--encoding applies to an input file, not to --sample")


def _assess(args: argparse.Namespace) -> int:
    batch_io = args.jsonl or args.csv
    if batch_io:
        if args.sample or args.file:
            raise UsageError("--jsonl/--csv take IN and OUT; give no FILE or --sample")
        if args.output is not None:
            raise UsageError("-o/--output does not apply to batch mode: OUT of --jsonl/--csv "
                             "IN OUT is the output ('-': standard output)")
        if args.on is None:
            raise UsageError("--on DATE is required for a file (the evaluation date; rules "
                             "never read the clock)")
        return _assess_batch(args)
    _not_batch(args)
    if args.sample == bool(args.file):
        raise UsageError("give a FILE or --sample (not both)")
    if args.file and args.on is None:
        raise UsageError("--on DATE is required for a file (the evaluation date; rules never "
                         "read the clock)")
    if args.file and args.file != STDIN and not args.file.lower().endswith(".xlsx"):
        checked_file(args.file)  # a usage error before any work or warning
    workbook = _own_output(args)
    if workbook and (args.json or args.detail):
        raise UsageError("-o OUT.xlsx writes the workbook: give no --json or --detail")
    on: dt.date = args.on or SAMPLE_DATE
    params = load_params(args.reform)
    assessor = MonitoringAssessor.of(params, on)
    run = _run_warnings(params, on, args.lang)
    stats = batch.BatchStatistics()
    stats.add_run_notices(assessor.notices)

    def records() -> Iterator[Assessment[MonitoringDecision] | ErrorRecord]:
        items = _sample() if args.sample else _read_file(args.file, limits_of(args),
                                                         args.encoding)
        for item in items:
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
            for n in a.notices:  # a warning of the household's own, on stderr
                if (n.code, n.message_en) not in run:
                    _warn(args.lang, f"{a.subject_id}: {n.message(args.lang)}")
            yield a

    if workbook:
        return _assess_to_workbook(args, records(), stats, on, params, run)
    detail: str | None = args.detail or (None if args.sample else "full")
    if args.json:
        print("{")
        print(f'  "on": "{on.isoformat()}",')
        if detail is not None:
            print('  "households": [', end="")
            for i, r in enumerate(records()):
                record = r.to_json() if isinstance(r, ErrorRecord) or detail == "full" \
                    else batch.summary_record(r)
                if not isinstance(r, ErrorRecord):  # the run's warnings go in the summary
                    record["notices"] = [n for n in record["notices"]
                                         if (n["code"], n["message_en"]) not in run]
                text = json.dumps(record, ensure_ascii=False, indent=2)
                print(("," if i else "") + "\n" + textwrap.indent(text, "    "), end="")
            print("\n  ],")
        else:
            for _ in records():
                pass
        summary = stats.to_json()
        print('  "summary": ' + textwrap.indent(
            json.dumps(summary, ensure_ascii=False, indent=2), "  ").lstrip())
        print("}")
    else:
        for r in records():
            if isinstance(r, ErrorRecord):  # per-record errors on stderr
                print(r.render(args.lang), file=sys.stderr)
            elif detail == "full":
                print(render_assessment(r, args.lang, notices=False))
                print()
            elif detail == "summary":
                print(render_assessment(r, args.lang, notices=False).splitlines()[0])
        summary = stats.to_json()
        print(_render_summary(summary, args.lang, on, params))
    return _exit(summary, args, run)


def _assess_to_workbook(args: argparse.Namespace,
                        records: Iterator[Assessment[MonitoringDecision] | ErrorRecord],
                        stats: batch.BatchStatistics, on: dt.date, params: ParameterSet,
                        run: frozenset[tuple[str, str]]) -> int:
    """Write the results to ``args.output`` (decisions and problems sheets) atomically;
    the summary to stdout, each unreadable record to stderr."""
    from .. import excel

    results: list[tuple[str, Any]] = []
    for r in records:
        if isinstance(r, ErrorRecord):
            print(r.render(args.lang), file=sys.stderr)
            results.append((r.position, r.problems))
        else:
            results.append((r.subject_id, r))
    write_output(args.output, excel.results_workbook(results, args.lang,
                                                     run_notices=run_notices(params, on)))
    summary = stats.to_json()
    print(_render_summary(summary, args.lang, on, params))
    print(f"  → {args.output}")
    return _exit(summary, args, run)


def _progress(stream: IO[bytes], size: int) -> Callable[[int], None] | None:
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
    to_stdout = target == STDIN
    if source != STDIN:
        checked_file(source)  # a usage error before any work or warning
    params = load_params(args.reform)
    run = _run_warnings(params, args.on, args.lang)
    task = batch.BatchTask(params, args.on, args.detail or "summary", limits_of(args))
    progress = None
    try:
        with open_input(source) as stream:
            if source != STDIN and not to_stdout:
                progress = _progress(stream, Path(source).stat().st_size)
            stats = batch.stream(stream, sys.stdout if to_stdout else target, task,
                                 fmt_in=fmt_in, fmt_out=fmt_out,
                                 encoding=args.encoding or "utf-8", source_name=where(source),
                                 workers=args.workers or 1,
                                 chunk_size=args.chunk_size or batch.DEFAULT_CHUNK,
                                 on_chunk=progress)
    except (batch.EncodingError, batch.OutputError) as exc:
        if progress is not None:
            print(file=sys.stderr)
        raise UsageError(f"{exc}; nothing was written to {where(target)}") from None
    if progress is not None:
        print(file=sys.stderr)
    summary = stats.to_json()
    out = sys.stderr if to_stdout else sys.stdout  # data on stdout: the summary then moves
    if args.json:
        print(json.dumps({"summary": summary, "on": args.on.isoformat(),
                          "output": where(target)}, ensure_ascii=False, indent=2), file=out)
    else:
        print(_render_summary(summary, args.lang, args.on, params), file=out)
        print(f"  → {where(target)}", file=out)
    return _exit(summary, args, run)


def _diff(args: argparse.Namespace) -> int:
    if args.file != STDIN:
        checked_file(args.file)  # a usage error before any output
    base = default_parameters()
    reform = load_params(args.reform)
    errors: list[ErrorRecord] = []

    def households() -> Iterator[Household]:
        for item in _read_file(args.file, limits_of(args), args.encoding):
            if isinstance(item, ErrorRecord):
                errors.append(item)
                print(item.render(args.lang), file=sys.stderr)  # per-record errors: stderr
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
    for notice in notices:
        _warn(args.lang, notice["message_zh" if zh else "message_en"], "diff")
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
