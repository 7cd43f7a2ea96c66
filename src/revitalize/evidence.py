"""The evidence shipped with the library: the plan's full text and its catalog.

The plan's text (``data/plan/plan.zh.txt``) is packaged with a short header
naming the document and its issuer; :func:`plan_text` returns the text below
the header, byte for byte as published, so that anyone with the package can
check that every citation quote is verbatim. :func:`catalog` returns the
catalog of every rule and indicator the library encodes, by ID
(``data/plan/catalog.toml``), so that coverage is checkable from a clone.

:func:`find_passages` and :func:`locate` put a quote back in its paragraph,
with its place in the plan's outline (chapter, section, box or table,
footnote): ``revitalize cite`` prints them, and the tests check that every
citation stands where its reference says. :func:`citation_reviews` says, for
every registered rule, how its citation supports it (``data/plan/review.toml``:
the quote states the rule, states its goal, or the rule rests on a named
reading), the review column of the rule docs. It is a table keyed by rule ID
rather than a field of ``RuleSpec`` so that it can be reviewed as one document
and changed without touching the rule modules.

>>> "以脱贫攻坚期国家扶贫标准的1.5倍为底线" in plan_text()
True
>>> len(catalog()), catalog()[0].id
(119, 'MON-01')
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

import attrs

from .citations import ref_zh
from .models._enums import LabelledEnum

__all__ = [
    "PLAN_SHA256",
    "CatalogEntry",
    "CitationReview",
    "Heading",
    "Passage",
    "Support",
    "catalog",
    "catalog_ids",
    "citation_reviews",
    "find_passages",
    "locate",
    "plan_text",
    "quote_fragments",
]

#: The SHA-256 of the plan's text (UTF-8, below the header), as published.
PLAN_SHA256 = "94e8f27c9176528b25198855a16d19d46862dc2ead8cfa3c49d2b117841b7f40"

_HEADER_END = "# ---\n"


def _data(name: str) -> str:
    return resources.files("revitalize").joinpath("data", "plan", name).read_text("utf-8")


@functools.cache
def plan_text() -> str:
    """The plan's full text as published (the packaged file without its header)."""
    raw = _data("plan.zh.txt")
    head, sep, body = raw.partition(_HEADER_END)
    if not sep or not all(line.startswith("#") for line in head.splitlines()):
        raise ValueError("data/plan/plan.zh.txt: the header must end with a '# ---' line")
    return body


def plan_sha256() -> str:
    """The SHA-256 of :func:`plan_text` (equal to :data:`PLAN_SHA256` when unchanged)."""
    return hashlib.sha256(plan_text().encode("utf-8")).hexdigest()


@attrs.frozen
class CatalogEntry:
    """One entry of the plan catalog: a rule or an indicator, with where the plan says it.

    ``kind`` is ``"rule"`` or ``"indicator"``; ``quote`` (rules) joins verbatim
    fragments of the plan with ``" … "``; ``name`` (indicators) is the indicator or
    target as the plan words it.
    """

    id: str
    area: str
    kind: str
    cite: str
    quote: str = ""
    name: str = ""


@functools.cache
def catalog() -> tuple[CatalogEntry, ...]:
    """Every catalog entry, in catalog order."""
    data = tomllib.loads(_data("catalog.toml"))
    return tuple(CatalogEntry(**entry) for entry in data["entry"])


def catalog_ids() -> tuple[str, ...]:
    """Every catalog ID, in catalog order."""
    return tuple(e.id for e in catalog())


# --------------------------------------------------------------------------- passages

_ZH_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
_HEADINGS = (
    ("chapter", re.compile(r"^第([一二三四五六七八九十]+)章\s+(.*)$")),
    ("section", re.compile(r"^第([一二三四五六七八九十]+)节\s+(.*)$")),
    ("box", re.compile(r"^\s*专栏(\d+)\s+(.*)$")),
    ("table", re.compile(r"^表(\d+)\s+(.*)$")),
)
_FOOTNOTE = re.compile(r"\[(\d+): ")


def _zh_int(text: str) -> int:
    """A Chinese numeral from 1 to 99 as an int.

    >>> [_zh_int(t) for t in ("一", "十", "十一", "二十", "二十三")]
    [1, 10, 11, 20, 23]
    """
    if "十" not in text:
        return _ZH_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


@attrs.frozen
class Heading:
    """The place in the plan's outline a line of its text belongs to.

    ``chapter`` / ``section`` / ``box`` / ``table`` are numbers (0: none) with
    their titles as printed; ``ref`` is the catalog's short form (``Ch5 §2``,
    ``Box 3``, ``Table 1``, ``Ch5 intro``, ``front matter``) and ``ref_zh`` the
    plan's Chinese form.
    """

    chapter: int = 0
    chapter_title: str = ""
    section: int = 0
    section_title: str = ""
    box: int = 0
    box_title: str = ""
    table: int = 0
    table_title: str = ""

    @property
    def ref(self) -> str:
        """The catalog form: ``Box 3``, ``Table 1``, ``Ch5 §2``, ``Ch5 intro``, ``front matter``."""
        if self.box:
            return f"Box {self.box}"
        if self.table:
            return f"Table {self.table}"
        if not self.chapter:
            return "front matter"
        return f"Ch{self.chapter} §{self.section}" if self.section else f"Ch{self.chapter} intro"

    def outline(self, lang: str = "zh") -> str:
        """The chapter, section and box or table with their titles (Chinese, as printed)."""
        zh = lang == "zh"
        parts: list[str] = []
        if not self.chapter:
            parts.append("前言" if zh else "front matter")
        else:
            parts.append(f"{ref_zh(f'Ch{self.chapter}')}  {self.chapter_title}")
            if self.section:
                parts.append(f"{ref_zh(f'§{self.section}')}  {self.section_title}")
        if self.box:
            parts.append(f"专栏{self.box}  {self.box_title}")
        if self.table:
            parts.append(f"表{self.table}  {self.table_title}")
        return " › ".join(parts)

    def to_json(self) -> dict[str, object]:
        """The heading as JSON: the short reference and the outline."""
        return {"ref": self.ref, "ref_zh": ref_zh(self.ref), "outline": self.outline()}


@functools.cache
def _outline() -> tuple[Heading, ...]:
    """The heading of every line of :func:`plan_text` (a box or table ends at two blank lines)."""
    out: list[Heading] = []
    h = Heading()
    blank = 0
    for line in plan_text().split("\n"):
        blank = blank + 1 if not line else 0  # a tab-only table cell is not blank
        if blank >= 2 and (h.box or h.table):
            h = attrs.evolve(h, box=0, box_title="", table=0, table_title="")
        for kind, pattern in _HEADINGS:
            m = pattern.match(line)
            if m is None:
                continue
            n, title = m.group(1), m.group(2).strip()
            if kind == "chapter":
                h = Heading(chapter=_zh_int(n), chapter_title=title)
            elif kind == "section":
                h = Heading(h.chapter, h.chapter_title, _zh_int(n), title)
            elif kind == "box":
                h = attrs.evolve(h, box=int(n), box_title=title)
            else:
                h = attrs.evolve(h, table=int(n), table_title=title)
            break
        out.append(h)
    return tuple(out)


@attrs.frozen
class Passage:
    """One place where a verbatim fragment of a quote stands in the plan.

    ``paragraph`` is the whole paragraph around it (one line of the plan's
    text), ``start``/``end`` the fragment's offsets in it, ``line`` its line
    number in :func:`plan_text` (1-based), ``heading`` where in the outline it
    is, and ``footnote`` whether it lies inside a footnote's text.
    """

    fragment: str
    line: int
    paragraph: str
    start: int
    heading: Heading
    footnote: bool = False

    @property
    def end(self) -> int:
        """The offset just past the fragment in :attr:`paragraph`."""
        return self.start + len(self.fragment)

    @property
    def ref(self) -> str:
        """The catalog form of where the fragment is (``Ch3 §3 fn`` inside a footnote)."""
        return self.heading.ref + (" fn" if self.footnote else "")

    def within(self, ref: str) -> bool:
        """Whether the passage stands in a place the catalog reference ``ref`` names.

        >>> find_passages("健全风险消除功能")[0].within("Ch5 §1, §3")
        True
        >>> find_passages("健全风险消除功能")[0].within("Ch5 §2")
        False
        """
        places = _ref_places(ref)
        return (self.ref in places or self.heading.ref in places
                or f"Ch{self.heading.chapter}" in places)

    def marked(self, left: str = "【", right: str = "】") -> str:
        """The paragraph with the fragment between ``left`` and ``right``."""
        p = self.paragraph.strip("\t")
        lead = len(self.paragraph) - len(self.paragraph.lstrip("\t"))
        s, e = self.start - lead, self.end - lead
        return p[:s] + left + p[s:e] + right + p[e:].rstrip()

    def to_json(self) -> dict[str, object]:
        """The passage as JSON (offsets are into ``paragraph``)."""
        return {"fragment": self.fragment, "line": self.line, "ref": self.ref,
                "ref_zh": ref_zh(self.ref), "outline": self.heading.outline(),
                "paragraph": self.paragraph, "start": self.start, "end": self.end}


_NOTE = re.compile(r"\s*\((?:intro|fn|§\d+)\)\s*$")


def quote_fragments(quote: str) -> tuple[str, ...]:
    """The verbatim pieces of a citation or catalog quote.

    Fragments are joined by ``…``; a catalog quote may also join passages with
    ``;`` and tag each with where it stands (``(intro)``, ``(§3)``), which is
    not plan text.

    >>> quote_fragments("应纳尽纳 … 健全风险消除功能")
    ('应纳尽纳', '健全风险消除功能')
    >>> quote_fragments("运用农户自主申报等手段 (intro); 建立健全机制 (§3)")
    ('运用农户自主申报等手段', '建立健全机制')
    """
    out: list[str] = []
    for piece in re.split(r"…|;\s", quote):
        piece = _NOTE.sub("", piece).strip()
        if piece:
            out.append(piece)
    return tuple(out)


def find_passages(fragment: str) -> tuple[Passage, ...]:
    """Every place where ``fragment`` stands in the plan, in text order (none: not verbatim).

    >>> [p.ref for p in find_passages("以脱贫攻坚期国家扶贫标准的1.5倍为底线")]
    ['Ch5 §2']
    >>> find_passages("即：脱贫不稳定户")[0].ref
    'Ch3 §3 fn'
    """
    if not fragment:
        return ()
    out: list[Passage] = []
    headings = _outline()
    for i, line in enumerate(plan_text().split("\n")):
        start = line.find(fragment)
        while start >= 0:
            notes = [m.start() for m in _FOOTNOTE.finditer(line, 0, start)]
            out.append(Passage(fragment, i + 1, line, start, headings[i], bool(notes)))
            start = line.find(fragment, start + 1)
    return tuple(out)


# --------------------------------------------------------------------------- citation review


class Support(LabelledEnum):
    """How a rule's citation supports the rule (the review column of the rule docs)."""

    #: The quote states the rule itself.
    DIRECT = "direct", "原文直接规定"
    #: The quote states the goal or duty; the rule is the library's encoding of it.
    CONTEXT = "context", "原文规定目标，规则为本库的编码"
    #: The rule rests on a named reading: parameters whose values the plan does not give.
    READING = "reading", "依赖具名解读（参数）"
    #: The quote does not state the rule (a known defect, listed until it is fixed).
    UNSUPPORTED = "unsupported", "引文不支持该规则（待修正）"


@attrs.frozen
class CitationReview:
    """One rule's citation review: how its quotes support it, and why.

    ``readings`` names the parameters a ``reading`` rests on (each one a
    parameter the rule reads); the notes say what the quote does and does not
    say, in Chinese and English.
    """

    id: str
    support: Support
    readings: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""

    def note(self, lang: str) -> str:
        """The note in ``lang``."""
        return self.note_zh if lang == "zh" else self.note_en

    def to_json(self) -> dict[str, object]:
        """The review as JSON."""
        return {"support": self.support.value, "support_zh": self.support.label_zh,
                "readings": list(self.readings), "note_zh": self.note_zh,
                "note_en": self.note_en}


@functools.cache
def citation_reviews() -> Mapping[str, CitationReview]:
    """The review of every registered rule's citation, by rule ID (``data/plan/review.toml``)."""
    data = tomllib.loads(_data("review.toml"))
    out: dict[str, CitationReview] = {}
    for entry in data["review"]:
        review = CitationReview(
            entry["id"], Support.parse(entry["support"]), tuple(entry.get("readings", ())),
            entry.get("note_zh", ""), entry.get("note_en", ""))
        if review.id in out:
            raise ValueError(f"data/plan/review.toml: {review.id} is reviewed twice")
        out[review.id] = review
    return MappingProxyType(out)


def _ref_places(ref: str) -> frozenset[str]:
    """The places a catalog reference names, in :attr:`Passage.ref` form.

    >>> sorted(_ref_places("Ch5 §1, §3"))
    ['Ch5 §1', 'Ch5 §3']
    >>> sorted(_ref_places("Ch7 §3, Box 5"))
    ['Box 5', 'Ch7 §3']
    >>> sorted(_ref_places("front matter, Ch2 §3"))
    ['Ch2 §3', 'front matter']
    """
    out: set[str] = set()
    chapter = ""
    for raw in ref.split(","):
        part = raw.strip()
        m = re.match(r"^Ch(\d+)\s*(.*)$", part)
        if m:
            chapter, rest = m.group(1), m.group(2).strip()
        else:
            rest = part
        if not m and not rest.startswith("§") and rest not in ("intro", "fn"):
            out.add(part)
        elif chapter:
            out.add(f"Ch{chapter} {rest}".strip() if rest else f"Ch{chapter}")
    return frozenset(out)


def locate(quote: str, ref: str = "") -> tuple[tuple[str, tuple[Passage, ...]], ...]:
    """Each fragment of ``quote`` with the passages where it stands.

    When ``ref`` is given and some of a fragment's passages lie in the places
    it names, only those are kept (a short fragment such as 应消尽消 stands in
    several paragraphs). A fragment with no passage is not verbatim.
    """
    out: list[tuple[str, tuple[Passage, ...]]] = []
    for fragment in quote_fragments(quote):
        found = find_passages(fragment)
        cited = tuple(p for p in found if p.within(ref)) if ref else ()
        out.append((fragment, cited or found))
    return tuple(out)
