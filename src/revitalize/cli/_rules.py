"""``revitalize rules`` and ``revitalize parameters``: the rule and parameter catalogs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Final

from ..citations import ref_zh
from ..i18n import mark_chinese, parameter_value_text, set_name
from ..policy.engine import Polarity
from ..policy.parameters import (
    Parameter,
    ParameterValue,
    parameters_json,
)
from ..policy.registry import coverage, default_registry
from . import EXIT_OK, _cite, add_lang, add_output, iso_date, tr
from ._io import load_params

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``rules`` and ``parameters`` commands (help in ``lang``)."""
    p = sub.add_parser(
        "rules", help=tr(lang, "list every catalog ID: its kind, where it lives, its rules",
                         "列出目录中的每个编号：类型、实现位置、规则"),
        description=tr(lang, "List every ID of the plan's catalog with its kind (rule, table, "
                             "calculation, procedure, reference, indicator), where it is "
                             "encoded (module and object), and each rule's titles, polarity, "
                             "citations, effective period and parameters. With IDs, show their "
                             "quotes in their paragraphs (as `revitalize cite`); a retired rule "
                             "ID is read with a notice naming the new one.",
                       "列出规划目录中的每个编号及其类型（规则、决策表、计算、程序、参照、指标）、"
                       "实现位置（模块和对象），以及每条规则的名称、极性、依据、有效期和参数。"
                       "给出编号时，在原文段落中显示其引文（同 `revitalize cite`）；已停用的规则"
                       "编号照常读取，并提示新编号。"))
    p.add_argument("ids", nargs="*", metavar="ID",
                   help=tr(lang, "show these IDs' quotes in their paragraphs (as "
                                 "`revitalize cite`)", "在原文段落中显示这些编号的引文"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(p, lang)
    add_lang(p, lang)
    p.set_defaults(func=_rules)

    q = sub.add_parser(
        "parameters", help=tr(lang, "list the parameters and their dated values",
                              "列出参数及其分日期取值"),
        description=tr(lang, "List every parameter with its value on a date (or all dated "
                             "values), unit, source and assumption flag.",
                       "列出每个参数在某日的取值（或全部分日期取值）、单位、来源及是否为假设。"))
    q.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "show the value in force on DATE (ISO); default: every dated "
                                 "value", "显示 DATE（ISO 日期）当日有效的取值；默认显示全部取值"))
    q.add_argument("--reform", metavar="FILE",
                   help=tr(lang, "apply a reform file first ('-': standard input)",
                           "先应用改革文件（'-' 为标准输入）"))
    q.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(q, lang)
    add_lang(q, lang)
    q.set_defaults(func=_parameters)
    _cite.register(sub, lang)


_KIND_ZH: Final = {"rule": "规则", "table": "决策表", "calculation": "计算",
                   "procedure": "程序", "reference": "参照", "indicator": "指标"}
_POLARITY_NOTE: Final = {
    Polarity.YES_IS_PROBLEM: ("“是”为问题", "yes is a problem"),
    Polarity.YES_IS_OK: ("“是”为正常", "yes is ok"),
    Polarity.INFO: ("信息", "info"),
}


def _rules(args: argparse.Namespace) -> int:
    if args.ids:
        return _cite.cite(args.ids, as_json=args.json, lang=args.lang)
    items = coverage(default_registry())
    if args.json:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return EXIT_OK
    zh = args.lang == "zh"
    for item in items:
        e = item.entry
        kind = _KIND_ZH[item.kind] if zh else item.kind
        cite = ("多处" if e.cite == "several" else ref_zh(e.cite)) if zh else e.cite
        print(f"{e.id}  [{kind}]  {cite}")
        for w in item.where:
            print(f"    {'位于' if zh else 'in'} {w.module}.{w.object}"
                  f" ({_KIND_ZH[w.kind] if zh else w.kind})")
        if item.parts and item.parts != (e.id,):
            print(f"    {'分项' if zh else 'parts'}: {', '.join(item.parts)}")
        for rule in item.rules:
            s = rule.spec
            note = _POLARITY_NOTE[s.polarity][0 if zh else 1]
            print(f"  {s.id}  {s.title(args.lang)}  ({note})")
            for c in s.citations:
                print(f"      {c.render(args.lang)}")
            if s.parameters:
                print(f"      {'参数' if zh else 'parameters'}: {', '.join(s.parameters)}")
        if not item.rules and e.quote:
            print(f"    「{e.quote}」")
    return EXIT_OK


def _values(p: Parameter, on: dt.date | None) -> tuple[ParameterValue, ...]:
    """Every dated value of ``p``, or only the one in force on ``on``."""
    return p.values if on is None else tuple(v for v in [p.at(on)] if v is not None)


def _parameters(args: argparse.Namespace) -> int:
    params = load_params(args.reform)
    if args.json:
        print(json.dumps(parameters_json(params, args.on), ensure_ascii=False, indent=2))
        return EXIT_OK
    zh = args.lang == "zh"
    print(f"{'参数集' if zh else 'parameter set'} {set_name(params.name, args.lang)} "
          f"({params.fingerprint})")
    for p in params:
        print(f"{p.name}  [{p.unit.label_zh if zh else p.unit.label_en}]  "
              f"{p.description_zh if zh else mark_chinese(p.description_en)}")
        values = _values(p, args.on)
        for v in values:
            assumption = v.assumption_text(args.lang)
            tag = (("假设：" if zh else "assumption: ") + assumption if assumption
                   else v.source_text(args.lang))
            value = parameter_value_text(v.value, args.lang)
            print(f"    {'自' if zh else 'from'} {v.start}: {value}  "
                  + (f"（{tag}）" if zh else f"({tag})"))
        if not values:
            note = (p.derived_zh or p.derived) if zh else mark_chinese(p.derived or "")
            print(f"    {'（无取值）' if zh else '(no value)'} {note or ''}")
    return EXIT_OK
