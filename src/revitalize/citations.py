"""Citations to the plan: where a rule, parameter or indicator comes from.

A :class:`Citation` names a place in the plan (``"Ch5 §2"``, ``"Box 3"``,
``"Table 1"``, ``"Ch3 §3 fn"``) and quotes the plan's own words. Quotes are
verbatim substrings of the plan text; a quote that joins distant passages
separates them with ``" … "`` and each fragment is verbatim on its own
(``tests/test_citations.py`` checks every citation the library holds).
"""

from __future__ import annotations

import re

import attrs

__all__ = ["PLAN_TITLE_EN", "PLAN_TITLE_ZH", "Citation", "ref_zh"]

PLAN_TITLE_ZH = (
    "重庆市万盛经开区巩固拓展脱贫攻坚成果同乡村振兴有效衔接“十四五”规划（2021—2025年）"
)
PLAN_TITLE_EN = (
    "Wansheng Economic and Technological Development Zone plan for consolidating "
    "poverty-alleviation results and linking them with rural revitalization (2021-2025)"
)

_NUMERALS = "零一二三四五六七八九十"


def _zh_number(n: int) -> str:
    """Write 1..99 in Chinese numerals.

    >>> [_zh_number(n) for n in (1, 10, 11, 13, 20)]
    ['一', '十', '十一', '十三', '二十']
    """
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


_PART = re.compile(
    r"^(?:Ch(?P<ch>\d+))?\s*(?:§(?P<sec>\d+))?\s*(?P<tail>fn|intro)?$|"
    r"^Box (?P<box>\d+)$|^Table (?P<table>\d+)$|^(?P<front>front matter)$"
)


def ref_zh(ref: str) -> str:
    """Render a catalog reference in the plan's Chinese form.

    Several references are separated by commas; a bare ``§3`` after a chapter
    refers to that chapter.

    >>> ref_zh("Ch5 §2")
    '第五章第二节'
    >>> ref_zh("Ch5 §1, §3")
    '第五章第一节、第三节'
    >>> ref_zh("Box 3, Ch5 intro")
    '专栏3、第五章导语'
    >>> ref_zh("Ch3 §3 fn")
    '第三章第三节脚注'
    >>> ref_zh("front matter")
    '篇首（第一章前）'
    """
    out: list[str] = []
    for raw in ref.split(","):
        part = raw.strip()
        m = _PART.match(part)
        if m is None or not part:
            out.append(part)
            continue
        if m["box"]:
            out.append(f"专栏{m['box']}")
        elif m["table"]:
            out.append(f"表{m['table']}")
        elif m["front"]:  # the opening paragraph, which has no heading in the plan
            out.append("篇首（第一章前）")
        else:
            text = ""
            if m["ch"]:
                text += f"第{_zh_number(int(m['ch']))}章"
            if m["sec"]:
                text += f"第{_zh_number(int(m['sec']))}节"
            if m["tail"] == "fn":
                text += "脚注"
            elif m["tail"] == "intro":
                text += "导语"
            out.append(text)
    return "、".join(out)


@attrs.frozen
class Citation:
    """A place in the plan and the plan's own words there.

    >>> c = Citation("Ch5 §2", "以脱贫攻坚期国家扶贫标准的1.5倍为底线")
    >>> c.ref_zh
    '第五章第二节'
    >>> c.render("en")
    'Ch5 §2 「以脱贫攻坚期国家扶贫标准的1.5倍为底线」'
    """

    ref: str
    quote: str

    @property
    def ref_zh(self) -> str:
        """The reference in the plan's Chinese form (``第五章第二节``)."""
        return ref_zh(self.ref)

    @property
    def fragments(self) -> tuple[str, ...]:
        """The verbatim pieces of the quote (split at ``…``)."""
        return tuple(f.strip() for f in self.quote.split("…") if f.strip())

    def render(self, lang: str = "zh") -> str:
        """The citation as one line of text in ``lang`` (``zh`` or ``en``)."""
        where = self.ref_zh if lang == "zh" else self.ref
        return f"{where} 「{self.quote}」"

    def to_json(self) -> dict[str, str]:
        """The citation as a JSON object."""
        return {"ref": self.ref, "ref_zh": self.ref_zh, "quote": self.quote}
