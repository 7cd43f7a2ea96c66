"""Every citation the library exposes quotes the plan verbatim."""

from __future__ import annotations

import pytest

from revitalize.citations import Citation, ref_zh
from revitalize.policy.registry import all_citations


def test_library_exposes_citations() -> None:
    """At least the registered rules carry citations."""
    assert list(all_citations())


@pytest.mark.parametrize(("owner", "citation"), list(all_citations()),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_quote_is_verbatim_in_the_plan(plan_text: str, owner: str, citation: Citation) -> None:
    """Each fragment of the quote is a substring of the plan text."""
    assert citation.fragments, owner
    for fragment in citation.fragments:
        assert fragment in plan_text, f"{owner}: {fragment!r} is not in the plan"


def test_reference_renders_in_the_plans_chinese_form() -> None:
    """Chapters, sections, boxes and tables read as the plan writes them."""
    assert ref_zh("Ch11 §2") == "第十一章第二节"
    assert ref_zh("Box 7, Ch13 §3") == "专栏7、第十三章第三节"
    assert ref_zh("Table 1") == "表1"


def test_fragments_split_at_the_ellipsis() -> None:
    """A quote joining distant passages splits into its verbatim pieces."""
    c = Citation("Ch5 §1, §3", "应纳尽纳 … 健全风险消除功能")
    assert c.fragments == ("应纳尽纳", "健全风险消除功能")
