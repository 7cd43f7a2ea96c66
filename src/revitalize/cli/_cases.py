"""``revitalize cases`` and ``revitalize notice``: the case life cycle from the command line.

``revitalize cases FILE [--on DATE] [--json] [--lang zh|en] [--reform FILE]`` reads a
:class:`~revitalize.policy.cases.CaseRegister` (JSON: ``{"on": ..., "cases": [...],
"households": [...], "screenings": [...]}``) and prints each case's due
actions (MON-07, MON-09, AST-09), the compliance findings (应纳尽纳、应扶尽扶、
应消尽消、应保尽保) and the statistics (MON-10d). ``--on`` overrides the file's
date; one of them is required (the command never reads the clock). Exit code
1 when an action is overdue or a compliance check is violated, else 0.

``revitalize notice FILE --village NAME [--town NAME] [--on DATE]
[--propose-elimination CASE_ID ...] [--json]`` prints the village public-notice
list (posted on ``--on`` or the file's date), which shows no personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from ..errors import InvalidInputError, UnknownNameError
from ..models.places import wansheng_registry
from ..policy.case_review import review_cases
from ..policy.cases import CaseRegister
from ..policy.engine import render_findings
from ..policy.notice import village_notice
from ..policy.parameters import ParameterSet
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

__all__ = ["register", "run_cases", "run_notice"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``cases`` and ``notice`` commands (help in ``lang``)."""
    p = sub.add_parser(
        "cases", help=tr(lang, "due actions and compliance checks of monitoring cases",
                         "监测案件的待办事项与合规检查"),
        description=tr(lang, "Print each case's due actions (with the responsible level) and "
                             "the compliance findings (应纳尽纳、应扶尽扶、应消尽消、应保尽保). "
                             "Exit code 1 when an action is overdue or a check is violated.",
                       "输出每个案件的待办事项（及责任层级）和合规检查结论（应纳尽纳、应扶尽扶、"
                       "应消尽消、应保尽保）。有逾期事项或违规时退出码为 1。"))
    _file(p, lang)
    _common(p, lang)
    p.set_defaults(func=run_cases)

    q = sub.add_parser(
        "notice", help=tr(lang, "the village public-notice list of cases under appraisal",
                          "村级公示名单"),
        description=tr(lang, "Print the public-notice list of one village: cases proposed for "
                             "inclusion or risk elimination, without any personal data. An "
                             "unknown village (or town) exits 2 naming the known ones.",
                       "输出一个村的公示名单：拟纳入或拟消除风险的案件，不含个人信息。未知的村"
                       "（或镇）以退出码 2 结束，并列出已知名称。"))
    _file(q, lang)
    q.add_argument("--village", required=True, metavar="NAME",
                   help=tr(lang, "the village", "村名"))
    q.add_argument("--town", metavar="NAME",
                   help=tr(lang, "the town (when village names repeat)", "镇名（村名重复时）"))
    q.add_argument("--propose-elimination", nargs="*", default=[], metavar="CASE_ID",
                   help=tr(lang, "assisted cases proposed for risk elimination",
                           "拟消除风险的帮扶案件"))
    _common(q, lang)
    q.set_defaults(func=run_notice)


def _file(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("file", metavar="FILE",
                   help=tr(lang, "case register: JSON ('-': standard input), or a workbook "
                                 "(.xlsx)", "案件登记：JSON（'-' 为标准输入）或工作簿（.xlsx）"))


def _common(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "evaluation (or posting) date, ISO; default: the file's "
                                 "\"on\"", "评估（或公示）日期，ISO；默认取文件中的 \"on\""))
    p.add_argument("--reform", metavar="FILE",
                   help=tr(lang, "apply a reform file to the parameters", "对参数应用改革文件"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_encoding(p, lang)
    add_limits(p, lang=lang)
    add_output(p, lang)
    add_lang(p, lang)


def _load(args: argparse.Namespace) -> tuple[CaseRegister, dt.date, ParameterSet]:
    source = where(args.file)
    if args.file.lower().endswith(".xlsx"):
        from ..excel import read_register
        from ..serialization import from_json_value

        if args.encoding is not None:
            raise UsageError("--encoding does not apply to a workbook (.xlsx)")
        reg = from_json_value(read_register(checked_file(args.file), "cases"), CaseRegister)
    else:
        limits = limits_of(args)
        text = read_text(args.file, what="the case file", encoding=args.encoding or "utf-8",
                         limits=limits)
        reg = loads(text, CaseRegister, source=source, limits=limits)
    on: dt.date | None = args.on or reg.on
    if on is None:
        raise InvalidInputError.one(f"{source}: $.on",
                                    "no evaluation date: give \"on\" in the file or --on DATE")
    return reg, on, load_params(args.reform)


def run_cases(args: argparse.Namespace) -> int:
    """Print due actions, compliance findings and statistics; exit 1 on a problem."""
    reg, on, params = _load(args)
    review = review_cases(reg, params, on)
    actions, findings, stats = review.due_actions, review.compliance, review.statistics
    overdue, violations = review.overdue, review.violations
    failed = not review.ok
    if args.json:
        print(json.dumps(review.to_json(), ensure_ascii=False, indent=2))
        return EXIT_FAILED if failed else EXIT_OK
    zh = args.lang == "zh"
    print(f"{'评估日期' if zh else 'on'} {on.isoformat()}")
    print("待办事项" if zh else "due actions")
    for a in actions:
        print(f"  {a.describe(args.lang)}")
    print("合规检查" if zh else "compliance")
    for line in render_findings(findings, args.lang, skip=()):
        print(f"  {line}")
    if not findings:
        print("  （无）" if zh else "  (none)")
    print(stats.render(args.lang))
    print(f"{'逾期事项' if zh else 'overdue actions'}: {len(overdue)}  "
          f"{'违规' if zh else 'violations'}: {len(violations)}")
    return EXIT_FAILED if failed else EXIT_OK


def _known_place(reg: CaseRegister, village: str, town: str | None) -> str | None:
    """Why ``village`` (of ``town``) names no known village — None when it is known: a
    village of a case or household of the register, or one the place registry lists."""
    places = wansheng_registry()
    if town is not None and not places.has_town(town):
        return str(UnknownNameError("town", town, [t.name for t in places.towns]))
    known = {(c.town, c.village) for c in reg.cases} | {
        (h.town, h.village) for h in reg.households} | {(v.town, v.name) for v in places.villages}
    names = sorted({v for t, v in known if town is None or t == town})
    if village in names:
        return None
    where = f" of {town}" if town else ""
    return str(UnknownNameError(f"village{where} (in the register or the place registry)",
                                village, names))


def run_notice(args: argparse.Namespace) -> int:
    """Print the village public-notice list (an unknown village is a usage error, exit 2,
    naming the known ones)."""
    reg, on, params = _load(args)
    unknown = _known_place(reg, args.village, args.town)
    if unknown is not None:
        raise UsageError(f"--village: {unknown}")
    notice = village_notice(reg.cases, args.village, on, params, town=args.town,
                            households={h.id: h for h in reg.households},
                            proposed_elimination=frozenset(args.propose_elimination))
    if args.json:
        print(json.dumps(notice.to_json(), ensure_ascii=False, indent=2))
    else:
        print(notice.render(args.lang))
    return EXIT_OK
