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
import sys

from ..errors import InvalidInputError, UnknownNameError
from ..models.places import wansheng_registry
from ..policy.case_review import review_cases
from ..policy.cases import CaseRegister
from ..policy.engine import render_findings
from ..policy.notice import village_notice
from ..policy.parameters import ParameterSet, default_parameters, load_reform
from ..reading import read_document
from ..serialization import loads
from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_lang, error_line, iso_date

__all__ = ["register", "run_cases", "run_notice"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``cases`` and ``notice`` commands."""
    p = sub.add_parser(
        "cases", help="due actions and compliance checks of monitoring cases 监测案件",
        description="Print each case's due actions (with the responsible level) and the "
                    "compliance findings (应纳尽纳、应扶尽扶、应消尽消、应保尽保). Exit code 1 "
                    "when an action is overdue or a check is violated.")
    p.add_argument("file", metavar="FILE", help="case register: JSON, or a workbook (.xlsx)")
    _common(p)
    p.set_defaults(func=run_cases)

    q = sub.add_parser(
        "notice", help="the village public-notice list of cases under appraisal 公示名单",
        description="Print the public-notice list of one village: cases proposed for "
                    "inclusion or risk elimination, without any personal data.")
    q.add_argument("file", metavar="FILE", help="case register: JSON, or a workbook (.xlsx)")
    q.add_argument("--village", required=True, metavar="NAME", help="the village")
    q.add_argument("--town", metavar="NAME", help="the town (when village names repeat)")
    q.add_argument("--propose-elimination", nargs="*", default=[], metavar="CASE_ID",
                   help="assisted cases proposed for risk elimination")
    _common(q)
    q.set_defaults(func=run_notice)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help="evaluation (or posting) date, ISO; default: the file's \"on\"")
    p.add_argument("--reform", metavar="FILE", help="apply a reform file to the parameters")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)



def _load(args: argparse.Namespace) -> tuple[CaseRegister, dt.date, ParameterSet]:
    if args.file.lower().endswith(".xlsx"):
        from ..excel import read_register
        from ..serialization import from_json_value

        reg = from_json_value(read_register(args.file, "cases"), CaseRegister)
    else:
        text = read_document(args.file, what="the case file")
        reg = loads(text, CaseRegister, source=args.file)
    on: dt.date | None = args.on or reg.on
    if on is None:
        raise InvalidInputError.one(f"{args.file}: $.on",
                                    "no evaluation date: give \"on\" in the file or --on DATE")
    params = default_parameters()
    if args.reform:
        params = load_reform(args.reform, params)
    return reg, on, params


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
        print(error_line("notice", f"--village: {unknown}", args.lang), file=sys.stderr)
        return EXIT_USAGE
    notice = village_notice(reg.cases, args.village, on, params, town=args.town,
                            households={h.id: h for h in reg.households},
                            proposed_elimination=frozenset(args.propose_elimination))
    if args.json:
        print(json.dumps(notice.to_json(), ensure_ascii=False, indent=2))
    else:
        print(notice.render(args.lang))
    return EXIT_OK
