"""``revitalize places``, ``revitalize plan-check`` and ``revitalize governance``."""

from __future__ import annotations

import argparse
import json

from ..errors import InvalidInputError
from ..i18n import join
from ..models.governance import records_from_json
from ..models.places import ListRole, VillageClass, wansheng_registry
from ..policy.governance import check_governance_records
from ..policy.parameters import default_parameters
from ..policy.places import TOWN_EMPHASIS, village_emphasis
from ..policy.plan_check import consistency_report
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
from ._io import read_text, where

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``places``, ``plan-check`` and ``governance`` commands (help in ``lang``)."""
    p = sub.add_parser(
        "places", help=tr(lang, "list the towns, villages and the plan's place lists",
                          "列出镇、村及规划中的名单"),
        description=tr(lang, "List the eight towns with their class (PLACE-01), the villages "
                             "with their lists, Box 1's key towns and the linkage pilot, each "
                             "list with its citation.",
                       "列出八个镇及其分类（PLACE-01）、各村及其所属名单、专栏 1 重点帮扶镇和衔接"
                       "试点，每个名单附依据。"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(p, lang)
    add_lang(p, lang)
    p.set_defaults(func=_places)

    q = sub.add_parser(
        "plan-check", help=tr(lang, "list where the plan disagrees with itself (PLAN-01)",
                              "列出规划内部不一致之处（PLAN-01）"),
        description=tr(lang, "The plan consistency report: each disagreement with both "
                             "citations, computed from the place registry and the indicator "
                             "catalog.",
                       "规划一致性报告：每处不一致附双方依据，由地名登记和指标目录计算得出。"))
    q.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(q, lang)
    add_lang(q, lang)
    q.set_defaults(func=_plan_check)

    g = sub.add_parser(
        "governance", help=tr(lang, "check a year's governance records (GOV-01..10)",
                              "检查一年的治理记录（GOV-01..10）"),
        description=tr(lang, "Check a JSON file of one year's governance records; exit 1 when "
                             "any shortfall or missing data is found.",
                       "检查一年治理记录的 JSON 文件；有不足或缺少数据时退出码为 1。"))
    g.add_argument("file", metavar="FILE",
                   help=tr(lang, "JSON file of a year's governance records ('-': standard "
                                 "input)", "一年治理记录的 JSON 文件（'-' 为标准输入）"))
    g.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "assessment date (ISO); default: 31 December of the records' "
                                 "year", "评估日期（ISO）；默认为记录年度的 12 月 31 日"))
    g.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_encoding(g, lang)
    add_limits(g, lang=lang)
    add_output(g, lang)
    add_lang(g, lang)
    g.set_defaults(func=_governance)


def _places(args: argparse.Namespace) -> int:
    reg = wansheng_registry()
    if args.json:
        print(json.dumps(reg.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = args.lang
    zh = lang == "zh"
    print(f"{reg.district if zh else reg.district_en}  "
          f"{len(reg.towns)} {'个镇' if zh else 'towns'}")
    key_towns = set(reg.key_towns())
    for t in reg.towns:
        mark = ("  [专栏1重点帮扶镇]" if zh else "  [Box 1 key town]") if t in key_towns else ""
        print(f"  {t.label(lang)}  {t.town_class.label(lang)}{mark}")
        print(f"      {TOWN_EMPHASIS[t.town_class].summary(lang)}")
    print("村" if zh else "villages")
    pilots = set(reg.linkage_pilots())
    for v in reg.villages:
        ordered = [c for c in VillageClass if c in v.classes]
        classes = join((c.label(lang) for c in ordered), lang)
        mark = ("  [衔接试点]" if zh else "  [linkage pilot]") if v in pilots else ""
        print(f"  {v.label(lang)}  {classes}{mark}")
        for c in ordered:
            e = village_emphasis(c)
            if e is not None:
                print(f"      {e.summary(lang)}")
    print("名单及依据" if zh else "lists and citations")
    for lst in reg.lists:
        members = join((str(m) for m in lst.members), lang)
        role = "" if lst.role is not ListRole.KEY_TOWNS else (
            "（不改变镇级分类）" if zh else " (does not change the class)")
        print(f"  {lst.catalog} {lst.label(lang)}{role}: {members}")
        print(f"      {'依据' if zh else 'per'} {lst.citation.render(lang)}")
    return EXIT_OK


def _plan_check(args: argparse.Namespace) -> int:
    report = consistency_report()
    if args.json:
        print(json.dumps([d.to_json() for d in report], ensure_ascii=False, indent=2))
        return EXIT_OK
    zh = args.lang == "zh"
    present = sum(1 for d in report if d.present)
    print(f"PLAN-01 {'规划内部不一致之处' if zh else 'where the plan disagrees with itself'}: "
          f"{present}/{len(report)}")
    for d in report:
        print(d.render(args.lang))
    return EXIT_OK


def _governance(args: argparse.Namespace) -> int:
    source = where(args.file)
    text = read_text(args.file, what="the records file", encoding=args.encoding or "utf-8",
                     limits=limits_of(args))
    records = records_from_json(text, source=source)
    try:
        report = check_governance_records(records, default_parameters(), args.on)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.problems, source=source) from None
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.render(args.lang))
    return EXIT_OK if report.clean else EXIT_FAILED
