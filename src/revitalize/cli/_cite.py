"""``revitalize cite ID ...``: the plan's words behind a rule, in their paragraphs.

For each ID the command finds what carries it — registered rules (a catalog
ID also finds its parts: ``GUA-06`` gives every ``GUA-06.*``), decision
tables, indicators (``KPI-…``), and otherwise the catalog entry itself — and
prints each citation's quote, then every paragraph of the shipped plan text
(:func:`revitalize.evidence.plan_text`) that holds a fragment of it, with the
fragment marked 【like this】 (bold too on a terminal, unless ``NO_COLOR`` is
set), its place in the plan's outline and its line number. Under a rule comes
its citation review (:func:`revitalize.evidence.citation_reviews`): whether the
quote states the rule, states its goal, or leaves it to a named reading.

``--json`` prints the same as data; ``--lang en`` labels in English (the plan's
words stay Chinese). An unknown ID exits 2 naming the close matches;
``revitalize rules ID`` does the same as ``cite``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from .. import evidence
from ..citations import Citation
from ..errors import close_matches
from ..i18n import join, mark_chinese
from ..policy.ids import resolve as resolve_id
from . import EXIT_OK, EXIT_USAGE, add_lang, add_output, error_line, tr

__all__ = ["cite", "register"]

_KIND_ZH = {"rule": "规则", "table": "决策表", "indicator": "指标", "catalog": "目录条目"}
_SUPPORT_EN = {
    evidence.Support.DIRECT: "direct: the quote states the rule",
    evidence.Support.CONTEXT: "context: the quote states the goal; the rule is our encoding",
    evidence.Support.READING: "reading: the rule rests on a named reading",
    evidence.Support.UNSUPPORTED: "unsupported: the quote does not state the rule (to fix)",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``cite`` command (help in ``lang``)."""
    p = sub.add_parser(
        "cite", help=tr(lang, "print the plan's words behind a rule, in their paragraphs",
                        "在原文段落中显示规则所依据的规划原文"),
        description=tr(lang, "Print each citation of the rule, table, indicator or catalog "
                             "entry ID with the paragraphs of the plan that hold its quote "
                             "(marked 【…】). A catalog ID also finds its parts (GUA-06 gives "
                             "GUA-06.*). An unknown ID exits 2.",
                       "显示规则、决策表、指标或目录条目编号的每条依据，以及规划中包含该引文的段落"
                       "（以【…】标出）。目录编号同时找到其分项（GUA-06 即 GUA-06.*）。未知编号"
                       "以退出码 2 结束。"))
    p.add_argument("ids", nargs="+", metavar="ID",
                   help=tr(lang, "a catalog, rule or indicator ID", "目录、规则或指标编号"))
    p.add_argument("--json", action="store_true", help=tr(lang, "print JSON", "输出 JSON"))
    add_output(p, lang)
    add_lang(p, lang)
    p.set_defaults(func=lambda args: cite(args.ids, as_json=args.json, lang=args.lang))


@attrs.frozen
class _Item:
    """One thing that carries an ID: a rule, a decision table, an indicator or a catalog entry."""

    kind: str
    id: str
    title_zh: str
    title_en: str
    citations: tuple[Citation, ...]
    review: evidence.CitationReview | None = None

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def _matches(item_id: str, query: str) -> bool:
    """``item_id`` is ``query`` or one of its parts (``GUA-06.access``, ``EMP-02.subsidy``,
    ``KPI-4a``)."""
    a, q = item_id.casefold(), query.casefold()
    return a == q or (a.startswith(q) and not a[len(q)].isdigit())


def _items() -> tuple[_Item, ...]:
    """Everything that carries an ID, in catalog order within each kind."""
    from ..indicators.catalog import default_indicators
    from ..policy.registry import all_tables, default_registry

    reviews = evidence.citation_reviews()
    out = [_Item("rule", r.spec.id, r.spec.title_zh, r.spec.title_en, r.spec.citations,
                 reviews.get(r.spec.id)) for r in default_registry()]
    out += [_Item("table", t.id, t.title_zh, t.title_en, t.citations) for t in all_tables()]
    out += [_Item("indicator", i.id, i.name_zh, i.name_en, i.citations)
            for i in default_indicators()]
    carried = {i.id for i in out}
    for entry in evidence.catalog():
        if not any(_matches(c, entry.id) for c in carried):
            quote = entry.quote or entry.name
            out.append(_Item("catalog", entry.id, entry.area, entry.area,
                             (Citation(entry.cite, quote),) if quote else ()))
    return tuple(out)


def _resolve(query: str, items: Sequence[_Item]) -> list[_Item]:
    return [i for i in items if _matches(i.id, query)]


# --------------------------------------------------------------------------- output


def _citation_json(c: Citation) -> dict[str, Any]:
    return {**c.to_json(), "fragments": [
        {"fragment": f, "verbatim": bool(ps), "passages": [p.to_json() for p in ps]}
        for f, ps in evidence.locate(c.quote, c.ref)]}


def _item_json(item: _Item) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "title_zh": item.title_zh,
            "title_en": item.title_en,
            "review": item.review.to_json() if item.review else None,
            "citations": [_citation_json(c) for c in item.citations]}


def _highlight() -> tuple[str, str]:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return "\x1b[1m【", "】\x1b[0m"
    return "【", "】"


def _paragraphs(c: Citation, lang: str) -> list[str]:
    """The paragraphs holding the citation's fragments, each once, fragments marked."""
    zh = lang == "zh"
    left, right = _highlight()
    by_line: dict[int, list[evidence.Passage]] = {}
    lines: list[str] = []
    for fragment, passages in evidence.locate(c.quote, c.ref):
        if not passages:
            lines.append(f"    {'原文中未找到：' if zh else 'not found in the plan: '}"
                         f"{fragment if zh else '「' + fragment + '」'}")
        for p in passages:
            by_line.setdefault(p.line, []).append(p)
    for line in sorted(by_line):
        ps = sorted(by_line[line], key=lambda p: p.start)
        head = ps[0]
        where = (f"{head.heading.outline()} · 第 {line} 行" if zh else
                 f"{head.ref} · 「{head.heading.outline()}」 · line {line}")
        lines.append(f"    {where}")
        text, shift = head.paragraph, 0
        lead = len(text) - len(text.lstrip("\t"))
        done = -1
        for p in ps:
            if p.start < done:  # overlapping fragments: mark the first only
                continue
            s, e = p.start + shift, p.end + shift
            text = text[:s] + left + text[s:e] + right + text[e:]
            shift += len(left) + len(right)
            done = p.end
        # in English the plan's words are marked as a quote (the language rule, revitalize.i18n)
        paragraph = text[lead:].rstrip()
        lines.append(f"    {paragraph}" if zh else f"    「{paragraph}」")
    return lines


def _render(item: _Item, lang: str) -> list[str]:
    zh = lang == "zh"
    kind = _KIND_ZH[item.kind] if zh else item.kind
    out = [f"{item.id}  {item.title(lang)}  [{kind}]"]
    if item.review is not None:
        r = item.review
        label = r.support.label_zh if zh else _SUPPORT_EN[r.support]
        out.append(f"  {'引文审查：' if zh else 'citation review: '}{label}")
        if r.readings:
            out.append(f"    {'具名解读：' if zh else 'readings: '}{join(r.readings, lang)}")
        if r.note(lang):
            out.append(f"    {r.note(lang) if zh else mark_chinese(r.note(lang))}")
    if not item.citations:
        out.append("  （无引文）" if zh else "  (no citation)")
    for c in item.citations:
        out.append(f"  {c.render(lang)}")
        out.extend(_paragraphs(c, lang))
    return out


def cite(ids: Sequence[str], *, as_json: bool = False, lang: str = "zh") -> int:
    """Print the citations of each ID in its paragraphs; 2 when an ID is unknown."""
    items = _items()
    found = {q: _resolve(resolve_id(q), items) for q in ids}  # a retired ID warns
    unknown = [q for q, hits in found.items() if not hits]
    if unknown:
        known = sorted({i.id for i in items} | set(evidence.catalog_ids()))
        for q in unknown:
            near = close_matches(q, known) or close_matches(q.upper(), known)
            hint = (f"; did you mean {' or '.join(repr(n) for n in near)}?" if near
                    else "; see `revitalize rules` for every ID")
            print(error_line(None, f"unknown ID {q!r}{hint}", lang), file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        print(json.dumps([{"query": q, "matches": [_item_json(i) for i in hits]}
                          for q, hits in found.items()], ensure_ascii=False, indent=2))
        return EXIT_OK
    blocks = ["\n".join(_render(i, lang)) for hits in found.values() for i in hits]
    print("\n\n".join(blocks))
    return EXIT_OK
