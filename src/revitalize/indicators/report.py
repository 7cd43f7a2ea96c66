"""The catalog and progress reports as text, JSON and one self-contained HTML page.

The HTML page is for policy staff: one table row per indicator (``<tr
id="KPI-5" data-status="on_track">``) with the baseline, the target, the
observed values, a bar from the start value to the target with the observed
value and the path's value marked, and the status. It has its styles inline,
no scripts and no links to anything outside the page.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape

from .._version import __version__
from ..citations import PLAN_TITLE_EN, PLAN_TITLE_ZH
from ..i18n import set_name
from ..money import CONTEXT
from .catalog import Indicator, IndicatorCatalog
from .progress import IndicatorProgress, ProgressReport, show_number
from .targets import KeepStable

__all__ = [
    "catalog_json",
    "catalog_text",
    "report_html",
    "report_json",
    "report_text",
]


def _baseline_text(ind: Indicator, lang: str) -> str:
    b = ind.baseline
    if b is None:
        return "—"
    text = f"{show_number(b.value)}（{b.year}）" if lang == "zh" else \
        f"{show_number(b.value)} ({b.year})"
    if b.note_zh:
        text += f"［{b.note_zh}］" if lang == "zh" else f" [{b.note_en}]"
    return text


def _target_text(ind: Indicator, lang: str) -> str:
    year = ind.target_year
    when = "" if year is None else (f"（{year}）" if lang == "zh" else f" ({year})")
    return ind.target_text(lang) + when


def _attribute(ind: Indicator, lang: str) -> str:
    if ind.attribute is None:
        return "—"
    return ind.attribute.label(lang)


def catalog_text(catalog: IndicatorCatalog, lang: str = "zh") -> str:
    """The catalog as text: one block per indicator (``revitalize indicators``)."""
    zh = lang == "zh"
    lines: list[str] = []
    for ind in catalog:
        unit = ind.unit.label_zh if zh else ind.unit.label_en
        lines.append(f"{ind.id}  {ind.name(lang)}（{unit}）" if zh
                     else f"{ind.id}  {ind.name(lang)} ({unit})")
        head = ("基期 {b} → 目标 {t}  {a}" if zh else "baseline {b} → target {t}  {a}")
        lines.append("    " + head.format(b=_baseline_text(ind, lang), t=_target_text(ind, lang),
                                           a=_attribute(ind, lang)))
        for c in ind.citations:
            lines.append(f"    {c.render(lang)}")
        for n in ind.notes:
            lines.append(f"    * {n.catalog}: {n.text(lang)}")
    return "\n".join(lines) + "\n"


def catalog_json(catalog: IndicatorCatalog) -> str:
    """The catalog as JSON text (``revitalize indicators --json``)."""
    return json.dumps(catalog.to_json(), ensure_ascii=False, indent=2) + "\n"


def _reproduce(report: ProgressReport, lang: str) -> str:
    if lang == "zh":
        name = set_name(report.parameters_name, "zh")
        return (f"可复现  revitalize {__version__} · 参数集 {name} "
                f"{report.parameters_fingerprint} · 参数日期 {report.on.isoformat()}")
    return (f"reproduce  revitalize {__version__} · parameters {report.parameters_name} "
            f"{report.parameters_fingerprint} · parameters read on {report.on.isoformat()}")


def report_text(report: ProgressReport, lang: str = "zh") -> str:
    """The progress report as text: counts, then one line per indicator."""
    zh = lang == "zh"
    counts = "  ".join(f"{s.label(lang)} {n}" for s, n in report.counts().items())
    failing = ("、" if zh else ", ").join(i.indicator.id for i in report.failing) or "-"
    lines = ["指标进度" if zh else "Indicator progress", counts,
             f"{'未达标或进度滞后' if zh else 'failing'}: {failing}", ""]
    for item in report.items:
        ind = item.indicator
        lines.append(f"[{item.status.label(lang)}] {ind.id} {ind.name(lang)} "
                     f"({_attribute(ind, lang)})")
        lines.append(f"    {item.explain(lang)}")
    lines += ["", _reproduce(report, lang)]
    return "\n".join(lines) + "\n"


def report_json(report: ProgressReport) -> str:
    """The progress report as JSON text."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em;
       color: #222; }
h1 { font-size: 1.3em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; }
td.bar { width: 16em; }
div.bar { position: relative; height: 1.1em; background: #eee; border-radius: 2px; }
div.bar span { position: absolute; top: 0; height: 100%; }
span.range { background: #cfe0f5; }
span.observed { width: 3px; margin-left: -1.5px; background: #1f4e9c; }
span.path { width: 2px; margin-left: -1px; background: #999; }
span.goal { width: 2px; margin-left: -1px; background: #2e7d32; }
small { color: #555; }
tr.status-met td.status { color: #2e7d32; font-weight: bold; }
tr.status-on_track td.status { color: #1f4e9c; }
tr.status-behind td.status, tr.status-not_met td.status
  { color: #b71c1c; font-weight: bold; }
tr.status-no_data td.status { color: #777; }
p.legend span { display: inline-block; width: 0.8em; height: 0.8em; margin: 0 0.2em 0 0.8em; }
"""

_HEAD_ZH = ("编号", "指标", "属性", "基期值", "目标", "观测值", "进度条", "状态")
_HEAD_EN = ("ID", "Indicator", "Attribute", "Baseline", "Target", "Observed", "Progress",
            "Status")


def _pct(value: Decimal, lo: Decimal, hi: Decimal) -> str:
    share = CONTEXT.divide(CONTEXT.subtract(value, lo), CONTEXT.subtract(hi, lo))
    pct = CONTEXT.multiply(share, Decimal(100))
    return str(min(max(pct, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"),
                                                                 context=CONTEXT))


def _bar(item: IndicatorProgress, lang: str) -> str:
    """A bar from the start value to the target, with the observed and path values marked."""
    latest = item.latest
    start = item.start.value if item.start is not None else None
    goal = item.goal
    observed = latest.observed if latest is not None else None
    expected = latest.expected if latest is not None else None
    points = [v for v in (start, goal, observed, expected) if v is not None]
    low_band = high_band = None
    if latest is not None and latest.reference is not None:
        points.append(latest.reference)
        if goal is None:
            goal = latest.reference
    if isinstance(item.indicator.target, KeepStable) and latest is not None \
            and latest.base is not None and latest.tolerance is not None:
        low_band, high_band = item.indicator.target.band(latest.base, latest.tolerance)
        points += [low_band, high_band]
        goal = latest.base
    if not points:
        return '<div class="bar"></div>'
    lo, hi = min(points), max(points)
    if lo == hi:
        lo = min(lo, Decimal(0))
        hi = hi if hi != lo else lo + 1
    spans: list[str] = []
    if low_band is not None and high_band is not None:
        left, right = _pct(low_band, lo, hi), _pct(high_band, lo, hi)
        spans.append(f'<span class="range" style="left:{left}%;width:'
                     f'{Decimal(right) - Decimal(left)}%"></span>')
    elif goal is not None:
        a = start if start is not None else lo
        left, right = sorted((_pct(a, lo, hi), _pct(goal, lo, hi)), key=Decimal)
        spans.append(f'<span class="range" style="left:{left}%;width:'
                     f'{Decimal(right) - Decimal(left)}%"></span>')
    if goal is not None:
        spans.append(f'<span class="goal" style="left:{_pct(goal, lo, hi)}%"></span>')
    if expected is not None:
        spans.append(f'<span class="path" style="left:{_pct(expected, lo, hi)}%"></span>')
    if observed is not None:
        spans.append(f'<span class="observed" style="left:{_pct(observed, lo, hi)}%"></span>')
    caption_parts = []
    if low_band is not None and high_band is not None:
        caption_parts.append(f"{show_number(low_band)}–{show_number(high_band)}")
    elif start is not None:
        caption_parts.append(show_number(start))
    if goal is not None and low_band is None:
        caption_parts.append(show_number(goal))
    caption = " → ".join(caption_parts)
    label = escape(item.explain(lang), quote=True)
    return (f'<div class="bar" role="img" aria-label="{label}">{"".join(spans)}</div>'
            f"<small>{escape(caption)}</small>")


def _row(item: IndicatorProgress, lang: str) -> str:
    ind = item.indicator
    observed = "<br>".join(
        f"{y.year}: {show_number(y.observed)}" if y.observed is not None else f"{y.year}: —"
        for y in item.history) or "—"
    cells = [
        ("id", escape(ind.id)),
        ("name", escape(ind.name(lang)) + f'<br><small>{escape(ind.citation.render(lang))}'
                                          "</small>"),
        ("attribute", escape(_attribute(ind, lang))),
        ("baseline", escape(_baseline_text(ind, lang))),
        ("target", escape(f"{ind.target_text(lang)}（{item.target_year}）" if lang == "zh"
                          else f"{ind.target_text(lang)} ({item.target_year})")),
        ("observed", observed),
        ("bar", _bar(item, lang)),
        ("status", escape(item.status.label(lang))),
    ]
    tds = "".join(f'<td class="{cls}">{html}</td>' for cls, html in cells)
    return (f'<tr id="{escape(ind.id)}" data-status="{item.status.value}" '
            f'class="status-{item.status.value}">{tds}</tr>')


def report_html(report: ProgressReport, lang: str = "zh") -> str:
    """The progress report as one self-contained HTML page (no scripts, no external links)."""
    zh = lang == "zh"
    title = ("“十四五”主要指标进度" if zh
             else "Main indicators of the 14th five-year period: progress")
    head = _HEAD_ZH if zh else _HEAD_EN
    counts = " · ".join(f"{escape(s.label(lang))} {n}" for s, n in report.counts().items())
    legend = ("<p class=\"legend\"><span style=\"background:#cfe0f5\"></span>基期到目标"
              "<span style=\"background:#1f4e9c\"></span>观测值"
              "<span style=\"background:#999\"></span>路径值"
              "<span style=\"background:#2e7d32\"></span>目标</p>") if zh else (
              "<p class=\"legend\"><span style=\"background:#cfe0f5\"></span>baseline to target"
              "<span style=\"background:#1f4e9c\"></span>observed"
              "<span style=\"background:#999\"></span>path"
              "<span style=\"background:#2e7d32\"></span>target</p>")
    rows = "\n".join(_row(i, lang) for i in report.items)
    ths = "".join(f"<th>{h}</th>" for h in head)
    plan = PLAN_TITLE_ZH if zh else PLAN_TITLE_EN
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n<p>{escape(plan)}</p>\n<p>{counts}</p>\n{legend}\n"
        f'<table class="indicators">\n<thead><tr>{ths}</tr></thead>\n<tbody>\n{rows}\n'
        f"</tbody>\n</table>\n<p><small>{escape(_reproduce(report, lang))}</small></p>\n"
        "</body>\n</html>\n"
    )
