"""Text for scenario results: expected against actual, and the findings behind it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from ..i18n import used_value_line
from ..models._enums import LabelledEnum
from ..money import format_yuan
from ..policy.engine import Outcome, render_value
from ._adapters import NONE, Evaluation
from ._format import BASES, CaseResult, ScenarioCase

__all__ = ["basis_counts", "explain_evaluation", "render_basis", "render_basis_counts",
           "render_result", "result_json", "show"]

_BASIS_ZH = {"plan": "规划原文", "reading": "具名解读", "recorded": "仅为记录值",
             "unstated": "未注明"}


def basis_counts(cases: Iterable[ScenarioCase]) -> dict[str, int]:
    """How many cases have each basis (``unstated``: the case does not say), in a fixed order."""
    counts = dict.fromkeys((*BASES, "unstated"), 0)
    for c in cases:
        counts[c.basis or "unstated"] += 1
    return counts


def render_basis_counts(counts: Mapping[str, int], lang: str = "zh") -> str:
    """The counts by basis as one line, such as ``basis: plan 40, reading 54, recorded 0``."""
    if lang == "zh":
        return "预期依据：" + "，".join(f"{_BASIS_ZH[k]} {n}" for k, n in counts.items())
    return "basis: " + ", ".join(f"{k} {n}" for k, n in counts.items())


def render_basis(case: ScenarioCase, lang: str = "zh") -> str:
    """One line: the case's basis, its readings and its source."""
    zh = lang == "zh"
    key = case.basis or "unstated"
    text = f"预期依据：{_BASIS_ZH[key]}" if zh else f"basis: {key}"
    if case.readings:
        text += f" ({', '.join(case.readings)})"
    if case.source:
        text += f" — {case.source}"
    return text


def show(value: object, lang: str) -> str:
    """An expected or actual value for display in ``lang``."""
    zh = lang == "zh"
    if value is None:
        return "（未产生）" if zh else "(not produced)"
    if value == NONE:
        return "无" if zh else "none"
    if isinstance(value, LabelledEnum):
        return f"{value.label(lang)} ({value.value})"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format_yuan(value)
    if isinstance(value, frozenset):
        if not value:
            return "（空）" if zh else "(empty)"
        return ("、" if zh else ", ").join(sorted(str(v) for v in value))
    return render_value(value, lang)


def explain_evaluation(e: Evaluation, lang: str = "zh", *, only_relevant: bool = False) -> str:
    """Every finding of ``e`` with its status and outcome, reason, parameters and citations,
    then the details.

    With ``only_relevant`` the findings that do not apply are left out.
    """
    zh = lang == "zh"
    lines = [f"{'结论' if zh else 'decision'}: {e.summary(lang)}"]
    for f in e.findings:
        if only_relevant and f.outcome is Outcome.NOT_APPLICABLE:
            continue
        who = f" [{f.subject}]" if f.subject else ""
        status = (f"{f.status.label(lang)}（{f.outcome.label(lang)}）" if zh else
                  f"{f.status.label(lang)} ({f.outcome.label(lang)})")
        lines.append(f"  {f.rule_id} {f.spec.title(lang)}{who}: {status}")
        lines.append(f"      {f.reason(lang)}")
        for v in f.used:
            lines.append("      " + used_value_line(v.name, v.value, v.start,
                                                    v.is_assumption, lang))
        for c in f.spec.citations:
            lines.append(f"      {'依据' if zh else 'per'} {c.render(lang)}  {f.rule_id}")
    for text_zh, text_en in e.details:
        lines.append(f"  {text_zh if zh else text_en}")
    for v in e.used:
        lines.append("      " + used_value_line(v.name, v.value, v.start, v.is_assumption,
                                                lang))
    for ident, c in e.citations:
        lines.append(f"      {'依据' if zh else 'per'} {c.render(lang)}  {ident}")
    return "\n".join(lines)


def render_result(result: CaseResult, lang: str = "zh") -> str:
    """A failed (or passed) case: expected against actual field by field, then the findings."""
    zh = lang == "zh"
    case = result.case
    head = (f"情景「{case.name}」（{case.where}，类型 {case.adapter.label_zh}，"
            f"评估日期 {case.on.isoformat()}）" if zh else
            f"scenario {case.name!r} ({case.where}, kind {case.kind}, on {case.on.isoformat()})")
    lines = [head, "  " + render_basis(case, lang)]
    if case.reform:
        changes = "，".join(f"{k} = {v}" for k, v in case.reform.items())
        lines.append(f"  {'参数调整' if zh else 'reform'}: {changes}")
    if result.passed:
        lines.append("  通过" if zh else "  passed")
    if result.mismatches:
        lines.append("  预期与实际不符：" if zh else "  expected vs actual:")
        for m in result.mismatches:
            lines.append(f"    {m.label(lang)} ({m.what})")
            lines.append(f"      {'预期' if zh else 'expected'}: {show(m.expected, lang)}")
            lines.append(f"      {'实际' if zh else 'actual'}:   {show(m.actual, lang)}")
    if result.uncovered:
        ids = "、".join(result.uncovered) if zh else ", ".join(result.uncovered)
        lines.append(f"  {'声明覆盖但未产生结论的编号' if zh else 'declared but not covered'}: "
                     f"{ids}")
    lines.append("  " + ("实际结论的依据：" if zh else "findings behind the actual outcome:"))
    lines.extend("  " + line for line in
                 explain_evaluation(result.evaluation, lang, only_relevant=True).splitlines())
    return "\n".join(lines)


def _json(value: object) -> Any:
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def result_json(result: CaseResult) -> dict[str, Any]:
    """A case result as JSON."""
    case = result.case
    e = result.evaluation
    return {
        "file": case.file, "line": case.line, "case": case.name, "kind": case.kind,
        "on": case.on.isoformat(), "passed": result.passed,
        "basis": case.basis, "source": case.source or None, "readings": list(case.readings),
        "mismatches": [{"field": m.what, "expected": _json(m.expected),
                        "actual": _json(m.actual)} for m in result.mismatches],
        "uncovered": list(result.uncovered),
        "fields": {k: _json(v) for k, v in e.fields.items()},
        "rules": {k: v.value for k, v in e.rule_outcomes().items()},
        "statuses": {k: v.value for k, v in e.rule_statuses().items()},
        "indicators": dict(e.indicators),
        "findings": [f.to_json() for f in e.findings],
    }
