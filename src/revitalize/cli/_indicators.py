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
from pathlib import Path

from ..errors import InvalidInputError
from ..indicators import (
    catalog_json,
    catalog_text,
    default_indicators,
    evaluate,
    load_observations,
    report_html,
    report_json,
    report_text,
)
from ..policy.parameters import default_parameters

__all__ = ["register", "run_catalog", "run_report"]

_EXIT_OK = 0
_EXIT_FAILED = 1


def _add_output_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default_json: object = argparse.SUPPRESS if suppress else False
    default_lang: object = argparse.SUPPRESS if suppress else "zh"
    parser.add_argument("--json", action="store_true", default=default_json,
                        help="print JSON instead of text")
    parser.add_argument("--lang", choices=("zh", "en"), default=default_lang,
                        help="output language (default: zh)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``indicators`` command and its ``report`` subcommand."""
    parser = subparsers.add_parser(
        "indicators",
        help="the plan's indicators (Table 1 and the text's targets) 主要指标",
        description="List the indicator catalog, or report progress from observed values.",
    )
    _add_output_options(parser, suppress=False)
    parser.set_defaults(func=run_catalog)
    sub = parser.add_subparsers(dest="indicators_command", metavar="SUBCOMMAND")
    report = sub.add_parser(
        "report",
        help="judge observed values against the targets 指标进度",
        description=("Judge an observation file against every target. Exit code 1 when a "
                     "binding indicator is behind, missed or not met."),
    )
    report.add_argument("observed", metavar="OBSERVED", type=Path,
                        help="observation file (.json, or .toml)")
    report.add_argument("--html", metavar="OUT", type=Path, default=None,
                        help="also write a self-contained HTML page to OUT ('-': stdout)")
    _add_output_options(report, suppress=True)
    report.set_defaults(func=run_report)


def run_catalog(args: argparse.Namespace) -> int:
    """Print the catalog as text or JSON."""
    catalog = default_indicators()
    sys.stdout.write(catalog_json(catalog) if args.json else catalog_text(catalog, args.lang))
    return _EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    """Evaluate the observation file and print (and optionally write) the report."""
    observations = load_observations(args.observed)
    report = evaluate(observations, default_parameters())
    html_out: Path | None = args.html
    if html_out is not None:
        page = report_html(report, args.lang)
        if str(html_out) == "-":
            sys.stdout.write(page)
        else:
            try:
                html_out.write_text(page, encoding="utf-8")
            except OSError as exc:
                raise InvalidInputError.one(str(html_out),
                                            f"cannot write the HTML report: {exc}") from None
    if html_out is None or str(html_out) != "-":
        sys.stdout.write(report_json(report) if args.json else report_text(report, args.lang))
    failing = any(i.indicator.is_binding and i.status.failing for i in report.items)
    return _EXIT_FAILED if failing else _EXIT_OK
