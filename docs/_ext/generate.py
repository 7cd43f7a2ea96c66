"""Sphinx extension: write the pages that come from the library into ``docs/generated/``.

Run at ``builder-inited`` (every build), so the pages always show the rules,
parameters, decision tables, indicators and schemas of the installed code:

- ``rules.md``: every registered rule with its ID, titles, citations (ref,
  Chinese ref, the plan's words), the citation review (how the quote supports
  the rule: :func:`revitalize.evidence.citation_reviews`), parameters and
  effective period;
- ``parameters.md``: every parameter with its unit, descriptions, bounds and
  dated values (source, assumption);
- ``assumptions.md``: the values the plan does not give, with their reasons;
- ``tables.md``: every decision table with its hit policy and rows;
- ``indicators.md``: the indicator catalog (if :mod:`revitalize.indicators`
  has one);
- ``consistency.md``: the plan's consistency report (PLAN-01), if the library has one;
- ``schemas/``: the JSON Schema of every input model and of the output, a page each;
- ``inputs.md``: every input file with its field table (Chinese and English), the
  commands that read it and its sample;
- ``cli.md``: the ``--help`` of every command;
- ``api/``: the autodoc reference of every public module, a page each.

The directory is git-ignored; nothing here reads anything but the library.
It can also be run by hand: ``python docs/_ext/generate.py [OUT_DIR]``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "generated"

#: Modules left out of the API reference (private, or entry points without API).
_API_SKIP_PREFIXES = ("revitalize.__main__", "revitalize.testing.pytest_plugin")


# --------------------------------------------------------------------------- helpers


def cell(value: object) -> str:
    """A value as the text of one Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def code(value: object) -> str:
    """Inline code (backticks inside are doubled-fenced)."""
    text = str(value)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def anchor(kind: str, name: str) -> str:
    """A Sphinx label for a rule, parameter, table or indicator."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    return f"{kind}-{slug}"


def render(value: object) -> str:
    """A parameter value, table condition or output for a page (Chinese labels for enums)."""
    from revitalize.policy.engine import render_value

    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | dt.date | bool | int | Enum | tuple | list | frozenset):
        return render_value(value, "zh")
    return str(value)


def quote_block(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()] + [""]


def write(out: Path, name: str, lines: Iterable[str]) -> None:
    """Write ``name`` only when its text changed (keeps incremental builds quiet)."""
    path = out / name
    text = "\n".join(lines).rstrip() + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


HEADER = (
    "```{note}\n"
    "This page is generated from the library at build time "
    "(`docs/_ext/generate.py`); do not edit it.\n"
    "```\n"
)


# --------------------------------------------------------------------------- pages


def _review_cell(rule_id: str) -> str:
    from revitalize.evidence import citation_reviews

    review = citation_reviews().get(rule_id)
    return f"`{review.support.value}`" if review else "—"


def _review_lines(rule_id: str, params: Any) -> list[str]:
    from revitalize.evidence import citation_reviews

    review = citation_reviews().get(rule_id)
    if review is None:
        return ["Citation review · 引文审查: not reviewed yet.", ""]
    lines = [f"Citation review · 引文审查: **{review.support.value}** "
             f"({review.support.label_zh})", ""]
    if review.readings:
        names = ", ".join(f"{{ref}}`{n} <{anchor('param', n)}>`" if n in params else code(n)
                          for n in review.readings)
        lines += [f"Rests on the readings · 具名解读: {names}", ""]
    if review.note_zh or review.note_en:
        lines += [f"- {review.note_zh}", f"- {review.note_en}", ""]
    return lines


def rules_page() -> list[str]:
    from revitalize.policy.parameters import default_parameters
    from revitalize.policy.registry import default_registry

    params = default_parameters()
    registry = default_registry()
    coverage = _scenario_coverage()
    lines = [
        "(rule-catalog)=",
        "# Rule catalog · 规则目录",
        "",
        HEADER,
        f"{len(registry)} rules are registered in `default_registry()`, in catalog order. "
        "Each quote is verbatim plan text (fragments joined by …); the test suite checks "
        "every one against the plan, and that it stands in the section its reference names. "
        "`revitalize cite ID` prints each quote inside its paragraph.",
        "",
        "The *review* column says how the citation supports the rule: `direct` — the quote "
        "states the rule; `context` — the quote states the goal or duty, and the rule is the "
        "library's encoding of it; `reading` — the rule rests on a named reading, parameters "
        "whose values the plan does not give (see {doc}`/explanation/sources`); `unsupported` "
        "— the quote does not state the rule, a known defect listed until it is fixed. "
        "引文审查：direct 原文直接规定；context 原文规定目标，规则为本库的编码；"
        "reading 依赖具名解读（参数）；unsupported 引文不支持该规则（待修正）。",
        "",
        "| ID | 规则 | rule | review 引文审查 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {{ref}}`{cell(r.id)} <{anchor('rule', r.id)}>` | {cell(r.spec.title_zh)} | "
        f"{cell(r.spec.title_en)} | {_review_cell(r.id)} |"
        for r in registry
    ]
    lines.append("")
    for r in registry:
        s = r.spec
        lines += [f"({anchor('rule', s.id)})=", f"## {s.id} {s.title_zh}", ""]
        lines += [f"*{s.title_en}*", ""]
        for c in s.citations:
            lines += [f"**{c.ref_zh}** ({c.ref})", "", *quote_block(c.quote)]
        lines += _review_lines(s.id, params)
        if s.parameters:
            lines.append("Parameters · 参数:")
            lines.append("")
            for name in s.parameters:
                if name in params:
                    lines.append(f"- {{ref}}`{name} <{anchor('param', name)}>`")
                else:
                    lines.append(f"- {code(name)} (not in the packaged parameter set)")
            lines.append("")
        lines += _rule_trace_lines(r, coverage)
        to = s.effective_to.isoformat() if s.effective_to else "—"
        lines += [f"Effective · 有效期: {s.effective_from.isoformat()} – {to}", ""]
    return lines


def _scenario_coverage() -> dict[str, list[str]]:
    """The packaged scenario cases that cover each rule ID (``covers`` it, or expect its
    outcome or status), as ``file:line name``."""
    from revitalize.policy.ids import catalog_id_of
    from revitalize.scenarios import load_scenario_file, scenario_paths

    root = Path(__file__).resolve().parents[2] / "src" / "revitalize" / "data" / "scenarios"
    out: dict[str, list[str]] = {}
    for path in scenario_paths(root):
        for case in load_scenario_file(path).cases:
            ids = set(case.expect.rules) | set(case.covers)
            where = f"{Path(case.file).name}:{case.line} {case.name}"
            for i in ids:
                out.setdefault(i, []).append(where)
                if catalog_id_of(i) != i:
                    out.setdefault(catalog_id_of(i), [])
    return out


def _statuses(spec: Any) -> list[str]:
    from revitalize.policy.engine import Polarity

    by = {Polarity.YES_IS_PROBLEM: ["problem (yes)", "ok (no)"],
          Polarity.YES_IS_OK: ["ok (yes)", "problem (no)"],
          Polarity.INFO: ["info (yes, no)"]}[spec.polarity]
    # Every rule may lack data (an unassessed field) and may not apply (outside its period).
    return [*by, "undecided (insufficient data)", "not_applicable"]


def _rule_trace_lines(rule: Any, coverage: dict[str, list[str]]) -> list[str]:
    """What ``explain`` says of a rule: reads, statuses, tables, scenarios, source."""
    import inspect

    s = rule.spec
    lines = [f"Polarity · 极性: `{s.polarity.value}`; statuses · 状态: "
             + ", ".join(_statuses(s)), ""]
    if s.reads:
        lines += ["Reads · 读取的输入字段: " + ", ".join(code(p) for p in s.reads), ""]
    if s.tables:
        lines += ["Feeds the decision tables · 输入决策表: " + ", ".join(
            f"{{ref}}`{t} <{anchor('table', t)}>`" for t in s.tables), ""]
    cases = coverage.get(s.id, [])
    if cases:
        lines += [f"Scenarios · 情景 ({len(cases)}):", ""]
        lines += [f"- {cell(c)}" for c in cases[:8]]
        if len(cases) > 8:
            lines.append(f"- … {len(cases) - 8} more")
        lines.append("")
    else:
        lines += ["Scenarios · 情景: none in the packaged scenario files", ""]
    fn = rule.function
    try:
        line = inspect.getsourcelines(fn)[1]
        path = inspect.getsourcefile(fn) or ""
        rel = path[path.rindex("revitalize/"):] if "revitalize/" in path else path
        lines += [f"Source · 源码: `src/{rel}:{line}` (`{fn.__module__}.{fn.__qualname__}`)", ""]
    except (OSError, TypeError):
        lines += [f"Source · 源码: `{fn.__module__}.{fn.__qualname__}`", ""]
    return lines


def parameters_page() -> list[str]:
    from revitalize.policy.parameters import default_parameters

    params = default_parameters()
    lines = [
        "(parameter-table)=",
        "# Parameters · 参数",
        "",
        HEADER,
        f"{len(params)} parameters in the packaged set (fingerprint `{params.fingerprint}`). "
        "A value holds from its start date until the next value's start date. A value marked "
        "*assumption* is not given by the plan: the reason is shown, and policy staff can "
        "change it with a reform (see {doc}`/howto/parameter`).",
        "",
    ]
    for p in params:
        lines += [
            f"({anchor('param', p.name)})=",
            f"## {p.name}",
            "",
            f"{p.description_zh}",
            "",
            f"*{p.description_en}*",
            "",
            f"- unit · 单位: {code(p.unit.name)} ({p.unit.label_zh}, {p.unit.label_en})",
        ]
        if p.catalog:
            refs = ", ".join(code(c) for c in p.catalog)
            lines.append(f"- catalog · 目录: {refs}")
        for label, value in (("minimum", p.minimum), ("maximum", p.maximum)):
            if value is not None:
                lines.append(f"- {label}: {render(value)}")
        if p.at_least_product_of:
            factors = ", ".join(map(code, p.at_least_product_of))
            lines.append(f"- at least the product of: {factors}")
        if p.choices:
            lines.append(f"- choices: {', '.join(map(code, p.choices))}")
        if p.stale_after_months is not None:
            lines.append(f"- stale after {p.stale_after_months} months")
        if p.derived:
            lines.append(f"- derived: {cell(p.derived)}")
        lines.append("")
        if p.values:
            lines += ["| from 自 | value 取值 | source 出处 | assumption 假设 |",
                      "|---|---|---|---|"]
            lines += [
                f"| {v.start.isoformat()} | {cell(render(v.value))} | {cell(v.source)} | "
                f"{cell(v.assumption or '')} |"
                for v in p.values
            ]
        else:
            lines.append("No dated value · 无取值.")
        lines.append("")
    return lines


def assumptions_page() -> list[str]:
    from revitalize.policy.parameters import default_parameters

    rows = [(p, v) for p in default_parameters() for v in p.values if v.assumption is not None]
    lines = [
        "(assumption-table)=",
        "# Assumptions · 假设取值",
        "",
        HEADER,
        f"{len(rows)} parameter values are not given by the plan. Each is ours, with the "
        "reason below; a reform changes it (see {doc}`/howto/parameter`).",
        "",
        "| parameter 参数 | from 自 | value 取值 | reason 理由 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {{ref}}`{p.name} <{anchor('param', p.name)}>` | {v.start.isoformat()} | "
        f"{cell(render(v.value))} | {cell(v.assumption)} |"
        for p, v in rows
    ]
    return lines


def _condition(cond: object) -> str:
    low = getattr(cond, "low", None)
    high = getattr(cond, "high", None)
    if hasattr(cond, "low") and hasattr(cond, "high"):
        if low is not None and high is not None:
            return f"[{render(low)}, {render(high)})"
        if high is not None:
            return f"< {render(high)}"
        if low is not None:
            return f"≥ {render(low)}"
        return "any"
    values = getattr(cond, "values", None)
    if isinstance(values, frozenset):
        return " / ".join(sorted(render(v) for v in values))
    return "any" if type(cond).__name__ == "_Any" else str(cond)


def tables_page() -> list[str]:
    from revitalize.policy.registry import all_tables

    tables = all_tables()
    lines = [
        "(decision-tables)=",
        "# Decision tables · 决策表",
        "",
        HEADER,
        f"{len(tables)} decision tables. Each declares a hit policy (unique, first or "
        "collect); the test suite checks each for gaps and, under `unique`, overlaps. An "
        "empty cell means any value.",
        "",
    ]
    for t in tables:
        lines += [
            f"({anchor('table', t.id)})=",
            f"## {t.id} {t.title_zh}",
            "",
            f"*{t.title_en}* · hit policy {code(t.hit_policy.value)} ({t.hit_policy.label_zh})",
            "",
        ]
        for c in t.citations:
            lines += [f"**{c.ref_zh}** ({c.ref})", "", *quote_block(c.quote)]
        names = [c.name for c in t.columns]
        lines += [
            "| row | " + " | ".join(cell(n) for n in names) + " | then 输出 |",
            "|---|" + "---|" * len(names) + "---|",
        ]
        for row in t.rows:
            conds = [cell(_condition(row.when[n])) if n in row.when else "" for n in names]
            then = cell(render(row.then))
            lines.append(f"| {cell(row.id)} | " + " | ".join(conds) + f" | {then} |")
        lines.append("")
    return lines


def indicators_page() -> list[str]:
    lines = ["(indicator-catalog)=", "# Indicators · 指标", "", HEADER]
    try:
        from revitalize.indicators import catalog_json, default_indicators
    except ImportError as e:  # the catalog is not part of this build
        return [*lines, f"The indicator catalog is not available in this build ({e})."]
    items: list[dict[str, Any]] = json.loads(catalog_json(default_indicators()))
    lines += [
        f"{len(items)} indicators: Table 1 of the plan and the targets of its text.",
        "",
        "| ID | 指标 | indicator | unit 单位 | baseline 基期 | target 目标 | attribute 属性 |",
        "|---|---|---|---|---|---|---|",
    ]
    for it in items:
        base = it.get("baseline") or {}
        target = it.get("target") or {}
        base_text = f"{base.get('value', '')} ({base.get('year', '')})" if base else ""
        target_text = target.get("text_zh") or target.get("kind", "")
        if target.get("year"):
            target_text = f"{target_text} ({target['year']})"
        lines.append(
            f"| {{ref}}`{cell(it['id'])} <{anchor('kpi', it['id'])}>` | {cell(it.get('name_zh'))} "
            f"| {cell(it.get('name_en'))} | {cell(it.get('unit_zh') or it.get('unit'))} "
            f"| {cell(base_text)} | {cell(target_text)} | {cell(it.get('attribute'))} |"
        )
    lines.append("")
    for it in items:
        lines += [f"({anchor('kpi', it['id'])})=", f"## {it['id']} {it.get('name_zh', '')}", ""]
        if it.get("name_en"):
            lines += [f"*{it['name_en']}*", ""]
        target = it.get("target") or {}
        if target.get("text_en"):
            lines += [f"Target: {target.get('text_zh', '')} — {target['text_en']}", ""]
        for c in it.get("citation", []):
            lines += [f"**{c['ref_zh']}** ({c['ref']})", "", *quote_block(c["quote"])]
        for note in it.get("notes", []):
            text = note.get("text_en") or note.get("text_zh") if isinstance(note, dict) else note
            lines += [f"- note: {cell(text)}"]
        lines.append("")
    return lines


def consistency_page() -> list[str]:
    lines = [
        "(consistency-report)=",
        "# The plan's consistency report · 规划自身不一致之处 (PLAN-01)",
        "",
        HEADER,
    ]
    try:
        from revitalize.policy.plan_check import consistency_report
    except ImportError as e:  # the report is not part of this build
        return [*lines, f"The consistency report is not available in this build ({e})."]
    report = consistency_report()
    lines += [
        f"{len(report)} items, computed from the library's data where possible (the place "
        "registry, the indicator catalog); *present* says whether the data still shows the "
        "disagreement. See {doc}`/explanation/inconsistencies`.",
        "",
    ]
    for d in report:
        state = "present · 存在" if d.present else "resolved · 已消除"
        lines += [
            f"({anchor('plan01', str(d.number))})=",
            f"## ({d.number}) {d.title_zh}",
            "",
            f"*{d.title_en}* · {d.kind.label_zh} ({d.kind.value}) · {state}",
            "",
        ]
        for side in (d.first, d.second):
            c = side.citation
            lines += [f"- {side.says_zh} — {side.says_en}", "",
                      f"  **{c.ref_zh}** ({c.ref}): 「{c.quote}」", ""]
        if d.values:
            lines.append("Computed · 计算:")
            lines.append("")
            lines += [f"- {code(k)}: {cell(render(v))}" for k, v in d.values.items()]
            lines.append("")
        lines += [f"Handling · 处理: {d.handling_zh}", "", f"*{d.handling_en}*", ""]
    return lines


def schema_pages() -> dict[str, list[str]]:
    """``schemas/index.md`` and one page per model (``schemas/<Model>.md``)."""
    from revitalize.schema import OUTPUT_MODELS, input_names, schema_for

    names = (*input_names(), *OUTPUT_MODELS)
    index = [
        "(json-schemas)=",
        "# JSON Schemas",
        "",
        HEADER,
        "The JSON Schema (draft 2020-12) of every input model and of the assessment output, "
        "as `revitalize schema MODEL` prints it, one page each. Each property carries its "
        "Chinese and English label (`x-label-zh`, `x-label-en`). See {doc}`/howto/schema` "
        "and {doc}`/reference/inputs`.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *names,
        "```",
    ]
    pages = {"schemas/index.md": index}
    for name in names:
        text = json.dumps(schema_for(name), ensure_ascii=False, indent=2)
        pages[f"schemas/{name}.md"] = [f"({anchor('schema', name)})=", f"# {name}", "",
                                       HEADER, "```json", text, "```", ""]
    return pages


def _type_text(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in prop:
        parts = [_type_text(p, defs) for p in prop["anyOf"]]
        return " or ".join(dict.fromkeys(p for p in parts if p))
    if "enum" in prop and "x-labels-zh" in prop:
        return "; ".join(f"`{k}` {v}" for k, v in prop["x-labels-zh"].items())
    t = prop.get("type", "")
    if t == "array":
        item = prop.get("items", {})
        return f"list of {_type_text(item, defs)}"
    if prop.get("format") == "date":
        return "date"
    if t == "string" and "pattern" in prop and "anyOf" not in prop:
        return "text"
    return str(t) if t else "any"


def _field_table(title: str, schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", ()))
    lines = [f"### {title}", ""]
    if schema.get("description"):
        lines += [cell(schema["description"]), ""]
    lines += ["| field 字段 | 中文 | English | type 类型 | required 必填 |",
              "|---|---|---|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        kind = _type_text(prop, defs)
        if "x-personal" in prop:
            kind += " (personal 个人信息)"
        lines.append(f"| {code(name)} | {cell(prop.get('x-label-zh', ''))} | "
                     f"{cell(prop.get('x-label-en', ''))} | {cell(kind)} | "
                     f"{'yes 是' if name in required else ''} |")
    return [*lines, ""]


def inputs_page() -> list[str]:
    """Every input file: its model, the commands that read it, its fields in Chinese and
    English (from the schema, so from the one label table), and its sample."""
    from revitalize.inputs import KINDS, sample_text
    from revitalize.schema import schema_for

    lines = [
        "(input-files)=",
        "# Input files · 输入文件",
        "",
        HEADER,
        "Every file a command reads, with its model (`revitalize schema MODEL`), its "
        "fields (the Chinese names are also the spreadsheet headers) and the start of its "
        "packaged sample (`revitalize sample KIND`). `revitalize validate FILE --model "
        "KIND` checks a file without assessing it.",
        "",
        "| kind 类型 | 中文 | model 模型 | read by 命令 | sample formats 示例格式 |",
        "|---|---|---|---|---|",
    ]
    for k in KINDS.values():
        lines.append(f"| {code(k.name)} | {k.label_zh} | {{ref}}`{k.model} "
                     f"<{anchor('schema', k.model)}>` | "
                     f"{', '.join(code('revitalize ' + c) for c in k.commands)} | "
                     f"{', '.join(k.formats)} |")
    lines.append("")
    for k in KINDS.values():
        schema = schema_for(k.model)
        defs = schema.get("$defs", {})
        lines += [f"({anchor('input', k.name)})=", f"## {k.label_zh} · {k.label_en}", "",
                  f"Model {code(k.model)}, read by "
                  f"{', '.join(code('revitalize ' + c) for c in k.commands)}. "
                  f"Sample: `revitalize sample {k.name} -o FILE` "
                  f"({', '.join(k.formats)}).", ""]
        lines += _field_table(k.model, schema, defs)
        for name, d in defs.items():
            if "properties" in d:
                lines += _field_table(name, d, defs)
        example = sample_text(k.name)
        if k.name == "households":
            example = json.dumps(json.loads(example.splitlines()[0]), ensure_ascii=False,
                                 indent=1)
        cut = len(example.splitlines()) > 60
        lines += ["Example (the start of the packaged sample) · 示例:", "",
                  "```text" if cut else "```json", *example.splitlines()[:60],
                  *(["..."] if len(example.splitlines()) > 60 else []), "```", ""]
    return lines


def cli_page() -> list[str]:
    import argparse

    from revitalize.cli import build_parser

    parser = build_parser("en")
    lines = [
        "(cli-commands)=",
        "# Commands · 命令",
        "",
        HEADER,
        "The `--help` of every command, as the installed `revitalize` prints it with "
        "`--lang en`; `--lang zh` (the default) prints the same in Chinese. "
        "See {doc}`/reference/cli` for the conventions, exit codes and the JSON shapes.",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                lines += [f"## `revitalize {name}`", "", "```text",
                          sub.format_help().rstrip(), "```", ""]
    return lines


def public_modules() -> list[str]:
    """Every public module of the package (no ``_private`` part), sorted."""
    import revitalize

    names = ["revitalize"]
    for m in pkgutil.walk_packages(revitalize.__path__, "revitalize."):
        if any(part.startswith("_") for part in m.name.split(".")[1:]):
            continue
        if m.name.startswith(_API_SKIP_PREFIXES):
            continue
        names.append(m.name)
    return sorted(names)


def reexports(module: Any) -> bool:
    """Whether ``module``'s ``__all__`` names classes or functions defined in another module."""
    for attr in getattr(module, "__all__", ()):
        obj = getattr(module, attr, None)
        defined_in = getattr(obj, "__module__", None)
        if (isinstance(obj, type) or callable(obj)) and defined_in not in (None, module.__name__):
            return True
    return False


def api_pages() -> dict[str, list[str]]:
    """``api/index.md`` and one page per public module (``api/<module>.md``)."""
    modules = public_modules()
    index = [
        "(api-reference)=",
        "# API reference",
        "",
        HEADER,
        "Every public module, from its docstrings, one page each. Packages that re-export "
        "names (`revitalize`, `revitalize.models`, `revitalize.indicators`) list them; each "
        "name is documented in the module that defines it.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *modules,
        "```",
    ]
    pages = {"api/index.md": index}
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as e:  # an optional dependency (hypothesis, openpyxl) is missing
            pages[f"api/{name}.md"] = [f"# `{name}`", "", f"Not importable in this build: {e}."]
            continue
        options = ["   :members:", "   :show-inheritance:"]
        if reexports(importlib.import_module(name)):
            # Names defined elsewhere are documented where they are defined.
            options.append("   :ignore-module-all:")
        body = "\n".join([f".. automodule:: {name}", *options])
        pages[f"api/{name}.md"] = [f"# `{name}`", "", HEADER, f"```{{eval-rst}}\n{body}\n```",
                                   ""]
    return pages


PAGES = {
    "rules.md": rules_page,
    "parameters.md": parameters_page,
    "assumptions.md": assumptions_page,
    "tables.md": tables_page,
    "indicators.md": indicators_page,
    "consistency.md": consistency_page,
    "inputs.md": inputs_page,
    "cli.md": cli_page,
}

#: Generators of several pages (a subdirectory each): ``{relative path: lines}``.
MULTI_PAGES = (schema_pages, api_pages)


def generate(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write every generated page into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, page in PAGES.items():
        write(out, name, page())
        written.append(out / name)
    for pages in MULTI_PAGES:
        produced = pages()
        for sub in {Path(n).parent for n in produced}:
            (out / sub).mkdir(parents=True, exist_ok=True)
            for stale in (out / sub).glob("*.md"):
                if f"{sub}/{stale.name}" not in produced:
                    stale.unlink()
        for name, lines in produced.items():
            write(out, name, lines)
            written.append(out / name)
    for old in ("schemas.md", "api.md"):  # the single pages of earlier builds
        (out / old).unlink(missing_ok=True)
    return written


def _on_builder_inited(app: Any) -> None:
    generate(Path(app.srcdir) / "generated")


_CATALOG_WILDCARD = re.compile(r"\b([A-Z]{2,6}-)\*")


def _escape_catalog_wildcards(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Docstrings write a catalog family as ``MON-*``: keep the star from starting emphasis."""
    lines[:] = [_CATALOG_WILDCARD.sub(r"\1\\*", line) for line in lines]


def setup(app: Any) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", _escape_catalog_wildcards)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    for path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT):
        print(path)
