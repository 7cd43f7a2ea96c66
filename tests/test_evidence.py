"""The shipped evidence: the plan's text as published and the catalog of IDs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from revitalize import evidence
from revitalize.citations import Citation
from revitalize.indicators.catalog import default_indicators
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import all_tables, default_registry


def test_the_shipped_plan_text_is_the_published_text() -> None:
    """The packaged text below its header hashes to the published text's SHA-256."""
    assert evidence.plan_sha256() == evidence.PLAN_SHA256
    assert evidence.plan_text().startswith("重庆市万盛经开区巩固拓展脱贫攻坚成果\n")


def test_every_catalog_quote_is_verbatim_in_the_shipped_plan() -> None:
    """Each fragment of each catalog rule's quote is a substring of the plan's text."""
    text = evidence.plan_text()
    rules = [e for e in evidence.catalog() if e.kind == "rule"]
    assert len(rules) == 87
    for entry in rules:
        for fragment in re.split(r"\s*…\s*|\s*\(intro\);\s*|\s*\(§3\)\s*", entry.quote):
            if fragment:
                assert fragment in text, (entry.id, fragment)


def test_catalog_ids_are_unique_and_well_formed() -> None:
    """The 119 IDs are distinct and each names its area."""
    ids = evidence.catalog_ids()
    assert len(ids) == len(set(ids)) == 119
    assert all(re.fullmatch(r"(MON|AST|GUA|EMP|IND|ASSET|PLACE|PLAN|GOV|TRN|BLD|KPI)-[A-Z0-9a-z]+",
                            i) for i in ids)


def _library_citations() -> list[tuple[str, Citation]]:
    return ([(r.id, c) for r in default_registry() for c in r.spec.citations]
            + [(t.id, c) for t in all_tables() for c in t.citations]
            + [(i.id, c) for i in default_indicators() for c in i.citations])


def test_every_citation_stands_where_its_reference_says() -> None:
    """Each fragment of every rule, table and indicator citation is in the place its ref names."""
    misplaced = []
    for ident, c in _library_citations():
        for fragment, passages in evidence.locate(c.quote, c.ref):
            if not any(p.within(c.ref) for p in passages):
                misplaced.append((ident, c.ref, fragment, [p.ref for p in passages]))
    assert misplaced == []


def test_a_passage_knows_its_paragraph_and_place() -> None:
    """A passage gives its paragraph, the fragment's offsets in it and its outline."""
    (p,) = evidence.find_passages("以脱贫攻坚期国家扶贫标准的1.5倍为底线")
    assert p.paragraph[p.start:p.end] == p.fragment
    assert p.paragraph == evidence.plan_text().split("\n")[p.line - 1]
    assert (p.heading.chapter, p.heading.section, p.ref) == (5, 2, "Ch5 §2")
    assert p.heading.outline() == "第五章  健全重点对象监测和帮扶机制 › 第二节  明确监测对象和范围"
    assert "【以脱贫攻坚期国家扶贫标准的1.5倍为底线】" in p.marked()


def test_boxes_tables_intros_and_footnotes_are_placed() -> None:
    """Box 1, Table 1, a chapter's intro and the Ch3 §3 footnote are told apart."""
    def refs(fragment: str) -> list[str]:
        return [p.ref for p in evidence.find_passages(fragment)]
    assert refs("乡村振兴重点帮扶镇：青年镇、丛林镇、黑山镇") == ["Box 1"]
    assert refs("转移就业比重（%）") == ["Table 1"]
    assert refs("运用农户自主申报、基层走访排查") == ["Ch5 intro"]
    assert refs("即：脱贫不稳定户、边缘易致贫户、突发严重困难户") == ["Ch3 §3 fn"]
    assert refs("规划实施期限为2021年—2025年") == ["front matter"]
    # the text after Table 1 belongs to Ch2 §3 again, not to the table
    assert refs("到2035年，乡村振兴取得决定性进展") == ["Ch2 §3"]
    assert refs("不在规划中的一句话") == []


def test_a_short_fragment_is_located_where_cited() -> None:
    """A fragment standing in several paragraphs keeps only the cited ones."""
    everywhere = evidence.find_passages("应纳尽纳")
    cited = dict(evidence.locate("应纳尽纳", "Ch5 §1"))["应纳尽纳"]
    assert len(everywhere) >= 1 and cited
    assert all(p.ref == "Ch5 §1" for p in cited)


def test_every_registered_rule_has_one_citation_review() -> None:
    """The review table covers exactly the registered rules; readings name the rule's parameters."""
    reviews = evidence.citation_reviews()
    rules = {r.id: r for r in default_registry()}
    assert sorted(reviews) == sorted(rules)
    for rule_id, review in reviews.items():
        if review.support is evidence.Support.READING:
            assert review.readings, f"{rule_id}: a reading names its parameters"
        assert set(review.readings) <= set(rules[rule_id].spec.parameters), rule_id
        if review.support is not evidence.Support.DIRECT:
            assert review.note_zh and review.note_en, f"{rule_id}: say why"


def test_no_citation_is_left_unsupported() -> None:
    """No registered rule's citation is reviewed as not supporting it."""
    unsupported = {i for i, r in evidence.citation_reviews().items()
                   if r.support is evidence.Support.UNSUPPORTED}
    assert unsupported == set()


def test_texts_name_public_documents_not_the_developers_note() -> None:
    """No parameter text, packaged file, docs page or docstring points users to context.md."""
    for p in default_parameters():
        texts = [p.derived or "", *(v.source for v in p.values),
                 *(v.assumption or "" for v in p.values)]
        assert not any("context.md" in t for t in texts), p.name
    repo = Path(__file__).resolve().parent.parent
    files = [*(repo / "src" / "revitalize").rglob("*.py"), *(repo / "src" / "revitalize").rglob(
        "*.toml"), *(repo / "docs").rglob("*.md"), repo / "CONTRIBUTING.md"]
    mentions = [str(f.relative_to(repo)) for f in files
                if f.is_file() and "context.md" in f.read_text(encoding="utf-8")]
    assert mentions == []


def test_the_sources_page_names_real_parameters_and_every_outside_value() -> None:
    """docs/explanation/sources.md names only existing parameters, and every choice and
    every value sourced outside the plan appears there."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "explanation" / "sources.md"
            ).read_text(encoding="utf-8")
    params = default_parameters()
    names = {p.name for p in params}
    named = set(re.findall(r"`([a-z_]+\.[a-z0-9_.*]+)`", page))
    for n in named:
        if n.endswith("*"):
            assert any(x.startswith(n.rstrip("*")) for x in names), n
        elif not n.endswith(".py"):
            assert n in names, f"sources.md names {n}, which is not a parameter"
    plan_refs = ("Ch", "Box", "Table", "front matter")
    outside = {p.name for p in params
               if p.choices or any(v.assumption is None and not v.source.startswith(plan_refs)
                                   for v in p.values)}
    missing = sorted(n for n in outside if f"`{n}`" not in page)
    assert missing == []


def test_the_rule_docs_carry_the_review_column() -> None:
    """The generated rule catalog shows each rule's review in its row and its section."""
    path = Path(__file__).resolve().parent.parent / "docs" / "_ext" / "generate.py"
    spec = importlib.util.spec_from_file_location("_revitalize_docs_generate", path)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    page = "\n".join(generate.rules_page())
    assert "| ID | 规则 | rule | review 引文审查 |" in page
    for rule_id, review in evidence.citation_reviews().items():
        row = next(line for line in page.splitlines() if line.startswith(f"| {{ref}}`{rule_id} <"))
        assert row.endswith(f"| `{review.support.value}` |"), row
        assert (f"Citation review · 引文审查: **{review.support.value}** "
                f"({review.support.label_zh})") in page
        for name in review.readings:
            assert f"{{ref}}`{name} <" in page


def test_guarantee_citations_name_the_monitoring_passage_that_states_them() -> None:
    """GUA-01 and GUA-03 cite Ch5 §2's 两不愁三保障 monitoring passage, the passage that states
    them as screened items (issue 12, item 17), and their review is ``direct`` in the rule
    docs; the goal (GUA-01) and the subsidy (GUA-03) stay as the first citation."""
    path = Path(__file__).resolve().parent.parent / "docs" / "_ext" / "generate.py"
    spec = importlib.util.spec_from_file_location("_revitalize_docs_generate", path)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    page = generate.rules_page()
    rules = {r.id: r for r in default_registry()}
    reviews = evidence.citation_reviews()
    monitored = Citation("Ch5 §2", "重点监测其收入支出状况、“两不愁三保障”及饮水安全状况")
    for rule_id, first in (("GUA-01", "Ch4 §1"), ("GUA-03", "Ch4 §3")):
        citations = rules[rule_id].spec.citations
        assert citations[0].ref == first and monitored in citations, rule_id
        assert reviews[rule_id].support is evidence.Support.DIRECT, rule_id
        assert "Ch5 §2" in reviews[rule_id].note_en, rule_id
        row = next(line for line in page if line.startswith(f"| {{ref}}`{rule_id} <"))
        assert row.endswith("| `direct` |"), row


def test_the_reviewed_citations_of_issue_12_item_17_state_their_rules() -> None:
    """Issue 12, item 17: MON-07.notice cites the transparent identification procedure the
    notice serves (not the verification passage alone) and is a reading of
    ``cases.notice_days``; MON-03's title says what its quote and test say (large rigid
    expenditure), not "clearly exceeds income"; GUA-10 and IND-01 cite the passages
    that state them (the four managements, the dividend forms), not paid water supply or
    a profit limit."""
    rules = {r.id: r.spec for r in default_registry()}
    reviews = evidence.citation_reviews()
    notice = rules["MON-07.notice"]
    assert any("识别程序" in c.quote and "透明" in c.quote for c in notice.citations)
    assert reviews["MON-07.notice"].support is evidence.Support.READING
    assert reviews["MON-07.notice"].readings == ("cases.notice_days",)
    mon03 = rules["MON-03"]
    assert (mon03.title_zh, mon03.title_en) == ("刚性支出较大", "Large rigid expenditure")
    assert all("明显超过" not in t and "clearly exceeds" not in t
               for t in (mon03.title_zh, mon03.title_en))
    assert all("收入支出状况" in c.quote for c in mon03.citations)
    assert not any("有偿供水" in c.quote for c in rules["GUA-10"].citations)
    assert any("四管" in c.quote for c in rules["GUA-10"].citations)
    assert any("保底分红" in c.quote for c in rules["IND-01"].citations)
    supported = {i for i, r in reviews.items() if r.support is evidence.Support.UNSUPPORTED}
    assert not supported & {"MON-07.notice", "MON-03", "GUA-10", "IND-01", "GUA-01", "GUA-03"}
