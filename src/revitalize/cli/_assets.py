"""``revitalize assets FILE|--sample [--detail] [--json] [--lang zh|en] [--on DATE]``:
check a register of assets.

The file is JSON: ``{"on": "2023-06-01", "assets": [ProjectAsset, ...]}`` (the
format of :class:`revitalize.models.assets.AssetRegister`, read with
:func:`revitalize.serialization.loads`), or a workbook (``.xlsx``); ``-`` reads
JSON from standard input. ``--on`` overrides the file's date; one of them is
required (the command never reads the clock).

``--sample`` checks the packaged sample and, like ``assess --sample``, prints
the register report and the counts; ``--detail`` adds each asset's
assessment (in JSON, the ``assessments``). A FILE prints the detail. ``assets
sample`` (the old spelling) still works, with a notice on stderr.

Every asset is assessed by ASSET-01..11 and the register report follows.
Exit code 1 when the input is bad (the error names the JSON path), when any
rule refuses an asset, or when the report lists a missing item; else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib import resources

from ..errors import InvalidInputError
from ..models.assets import AssetRegister
from ..policy.asset_report import check_assets
from ..serialization import loads
from . import (
    EXIT_FAILED,
    EXIT_OK,
    add_encoding,
    add_lang,
    add_limits,
    add_output,
    iso_date,
    limits_of,
    tr,
)
from ._io import UsageError, checked_file, load_params, read_text, where

__all__ = ["SAMPLE", "register", "run_assets"]

#: The old spelling of ``--sample`` (``revitalize assets sample``), read with a notice.
SAMPLE = "sample"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``assets`` command (help in ``lang``)."""
    p = sub.add_parser(
        "assets", help=tr(lang, "check project assets (ASSET-01..11) and print the register "
                                "report", "检查扶贫项目资产（ASSET-01..11）并输出台账报告"),
        description=tr(lang, "Assess every project asset of a register against ASSET-01..11 "
                             "and print the register report. --sample checks the packaged "
                             "sample and prints the report (--detail: each asset too). Exit "
                             "code 1 on bad input, a refusal or a missing item.",
                       "按 ASSET-01..11 评估资产台账中的每项资产并输出台账报告。--sample 检查内置"
                       "示例并输出报告（--detail 同时输出每项资产）。输入有误、有资产不予通过或"
                       "有缺项时退出码为 1。"))
    p.add_argument("file", metavar="FILE", nargs="?",
                   help=tr(lang, "register of assets: JSON ('-': standard input), or a "
                                 "workbook (.xlsx)",
                           "资产台账：JSON（'-' 为标准输入）或工作簿（.xlsx）"))
    p.add_argument("--sample", action="store_true",
                   help=tr(lang, "check the packaged sample register", "检查内置示例台账"))
    p.add_argument("--detail", action="store_true",
                   help=tr(lang, "with --sample: print each asset's assessment too (a FILE "
                                 "always does)", "与 --sample 连用：同时输出每项资产的评估"
                                                 "（给出 FILE 时总是输出）"))
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "evaluation date (ISO); default: the file's \"on\"",
                           "评估日期（ISO）；默认取文件中的 \"on\""))
    p.add_argument("--reform", metavar="FILE",
                   help=tr(lang, "apply a reform file to the parameters", "对参数应用改革文件"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_encoding(p, lang)
    add_limits(p, lang=lang)
    add_output(p, lang)
    add_lang(p, lang)
    p.set_defaults(func=run_assets)


def _register(args: argparse.Namespace) -> tuple[AssetRegister, str]:
    """The register the arguments name, and how messages name its source."""
    if args.sample:
        text = (resources.files("revitalize") / "data" / "samples" / "assets.json").read_text(
            encoding="utf-8")
        source = "revitalize/data/samples/assets.json"
        return loads(text, AssetRegister, source=source), source
    limits = limits_of(args)
    if args.file.lower().endswith(".xlsx"):
        from ..excel import read_register
        from ..serialization import from_json_value

        return from_json_value(read_register(checked_file(args.file), "assets", args.file),
                               AssetRegister), args.file
    text = read_text(args.file, what="the asset file", encoding=args.encoding or "utf-8",
                     limits=limits)
    return loads(text, AssetRegister, source=where(args.file), limits=limits), where(args.file)


def run_assets(args: argparse.Namespace) -> int:
    """Assess the register's assets and print the findings and the report."""
    if args.file == SAMPLE and not args.sample:
        print(tr(args.lang, "revitalize assets: notice: `assets sample` is now `assets --sample` "
                            "(it prints the report; --detail adds each asset)",
                 "revitalize assets：提示：`assets sample` 已改为 `assets --sample`（输出报告；"
                 "--detail 同时输出每项资产）"), file=sys.stderr)
        args.file, args.sample, args.detail = None, True, True
    if args.sample == (args.file is not None):
        raise UsageError("give a FILE or --sample (not both)")
    if args.detail and not args.sample:
        raise UsageError("--detail applies to --sample (a FILE always prints each asset)")
    if args.encoding is not None and (args.sample or args.file.lower().endswith(".xlsx")):
        raise UsageError("--encoding applies to a JSON FILE (not to --sample or a workbook)")
    register_, source = _register(args)
    on: dt.date | None = args.on or register_.on
    if on is None:
        raise InvalidInputError.one(f"{source}: $.on",
                                    "no evaluation date: give \"on\" in the file or --on DATE")
    params = load_params(args.reform)
    check = check_assets(register_.assets, params, on)
    assessments, report, refused = check.assessments, check.report, check.refused
    detail = args.detail or not args.sample
    if args.json:
        doc = check.to_json()
        if not detail:
            del doc["assessments"]
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        if detail:
            for a in assessments:
                print(a.render(args.lang))
                print()
        print(report.render(args.lang))
        zh = args.lang == "zh"
        print(f"{'不合规资产' if zh else 'refused assets'}: {len(refused)}  "
              f"{'缺项' if zh else 'missing items'}: {len(report.gaps)}")
    return EXIT_OK if check.ok else EXIT_FAILED
