"""``revitalize indicators``: the indicator catalog and progress reports.

``revitalize indicators [--json] [--lang zh|en]`` lists the catalog (Table 1
and the targets of the text). ``revitalize indicators report OBSERVED [--json]
[--html OUT] [--lang zh|en]`` judges the observed values of an observation
file (JSON, or TOML when it ends in ``.toml``; the format of
:mod:`revitalize.indicators.observations`). The exit code of ``report`` is 1
when a binding indicator is behind, missed or not met.
"""

from __future__ import annotations

import argparse
import sys

from ..indicators import (
    catalog_json,
    catalog_text,
    default_indicators,
    evaluate,
    report_html,
    report_json,
    report_text,
)
from ..indicators.observations import parse_observations_json, parse_observations_toml
from ..policy.parameters import default_parameters
from . import EXIT_FAILED, EXIT_OK, add_encoding, add_lang, limits_of, tr
from ._io import read_text, where, write_output

__all__ = ["register", "run_catalog", "run_report"]


def _add_output_options(parser: argparse.ArgumentParser, lang: str, *, suppress: bool) -> None:
    """``--json``, ``-o/--output`` and ``--lang``, on ``indicators`` and on ``indicators
    report`` (where they only set the value when given there)."""
    parser.add_argument("--json", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help=tr(lang, "print JSON instead of text", "输出 JSON 而非文本"))
    parser.add_argument("-o", "--output", metavar="FILE",
                        default=argparse.SUPPRESS if suppress else None,
                        help=tr(lang, "write the output to FILE (atomically; '-': standard "
                                      "output)", "输出写入 FILE（原子写入；'-' 为标准输出）"))
    add_lang(parser, lang)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             lang: str) -> None:
    """Add the ``indicators`` command and its ``report`` subcommand (help in ``lang``)."""
    parser = subparsers.add_parser(
        "indicators",
        help=tr(lang, "the plan's indicators (Table 1 and the text's targets)",
                "规划的主要指标（表 1 及正文目标）"),
        description=tr(lang, "List the indicator catalog, or report progress from observed "
                             "values (`indicators report`).",
                       "列出指标目录，或根据观测值报告进度（`indicators report`）。"),
    )
    _add_output_options(parser, lang, suppress=False)
    parser.set_defaults(func=run_catalog)
    sub = parser.add_subparsers(dest="indicators_command", metavar="SUBCOMMAND",
                                title=tr(lang, "subcommands", "子命令"))
    report = sub.add_parser(
        "report",
        help=tr(lang, "judge observed values against the targets", "对照目标评判观测值"),
        description=tr(lang, "Judge an observation file against every target. Exit code 1 "
                             "when a binding indicator is behind, missed or not met.",
                       "对照每项目标评判观测文件。约束性指标滞后、未达成或不满足时退出码为 1。"),
    )
    report.add_argument("observed", metavar="OBSERVED",
                        help=tr(lang, "observation file (.json, or .toml; '-': JSON on "
                                      "standard input)",
                                "观测文件（.json 或 .toml；'-' 为标准输入的 JSON）"))
    report.add_argument("--html", metavar="OUT", default=None,
                        help=tr(lang, "also write a self-contained HTML page to OUT, atomically "
                                      "('-': standard output, instead of the text)",
                                "另将独立 HTML 页面原子写入 OUT（'-'：代替文本写到标准输出）"))
    add_encoding(report, lang)
    _add_output_options(report, lang, suppress=True)
    report.set_defaults(func=run_report)


def run_catalog(args: argparse.Namespace) -> int:
    """Print the catalog as text or JSON."""
    catalog = default_indicators()
    sys.stdout.write(catalog_json(catalog) if args.json else catalog_text(catalog, args.lang))
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    """Evaluate the observation file and print (and optionally write) the report."""
    limits = limits_of(args)
    text = read_text(args.observed, what="the observation file",
                     encoding=args.encoding or "utf-8", limits=limits)
    parse = parse_observations_toml if args.observed.lower().endswith(".toml") \
        else parse_observations_json
    observations = parse(text, source=where(args.observed), limits=limits)
    report = evaluate(observations, default_parameters())
    html_out: str | None = args.html
    if html_out is not None:
        write_output(html_out, report_html(report, args.lang).encode("utf-8"))
    if html_out != "-":
        sys.stdout.write(report_json(report) if args.json else report_text(report, args.lang))
    failing = any(i.indicator.is_binding and i.status.failing for i in report.items)
    return EXIT_FAILED if failing else EXIT_OK
