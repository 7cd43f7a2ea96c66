"""``revitalize cite`` and ``rules ID`` through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from revitalize import evidence
from revitalize.policy.registry import default_registry


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "revitalize", *args], capture_output=True,
                          text=True, check=False, env=env, timeout=120)


def test_cite_prints_the_quote_marked_in_its_paragraph() -> None:
    """MON-02's quote is printed inside its whole paragraph, marked, with its line and place."""
    quote = "以脱贫攻坚期国家扶贫标准的1.5倍为底线，合理确定全区监测范围"
    (p,) = evidence.find_passages(quote)
    out = _run("cite", "MON-02")
    assert out.returncode == 0, out.stderr
    marked = p.paragraph[:p.start] + "【" + quote + "】" + p.paragraph[p.end:]
    assert marked.strip() in out.stdout
    assert f"第 {p.line} 行" in out.stdout
    assert "第五章  健全重点对象监测和帮扶机制 › 第二节  明确监测对象和范围" in out.stdout
    assert out.stdout.startswith("MON-02  家庭人均纯收入低于监测线  [规则]")
    assert "引文审查：原文直接规定" in out.stdout
    assert out.stderr == ""


def test_rules_id_shows_the_same_as_cite_in_english() -> None:
    """``rules ID --lang en`` prints what ``cite ID --lang en`` prints."""
    cite = _run("cite", "GUA-06.access", "--lang", "en")
    rules = _run("rules", "GUA-06.access", "--lang", "en")
    assert cite.returncode == rules.returncode == 0
    assert cite.stdout == rules.stdout
    assert cite.stdout.startswith("GUA-06.access  Water access not convenient  [rule]")
    assert "citation review: direct: the quote states the rule" in cite.stdout
    assert "Ch4 §5 · 「第四章" in cite.stdout and "line " in cite.stdout


def test_a_catalog_id_finds_all_its_parts() -> None:
    """GUA-06 gives every GUA-06.* rule, and nothing else."""
    out = _run("cite", "GUA-06", "--json")
    assert out.returncode == 0, out.stderr
    (entry,) = json.loads(out.stdout)
    ids = [m["id"] for m in entry["matches"]]
    expected = [r.id for r in default_registry() if r.id.startswith("GUA-06.")]
    assert ids == expected and len(ids) == 4


def test_reading_rules_name_their_parameters() -> None:
    """A rule that rests on a reading prints the parameters it rests on."""
    out = _run("cite", "MON-07.verification")
    assert out.returncode == 0
    assert "依赖具名解读（参数）" in out.stdout
    assert "具名解读：cases.verification_days" in out.stdout


def test_indicators_tables_and_catalog_entries_are_found() -> None:
    """KPI-7 finds its three indicators, AST-01 its table, AST-02 the catalog's own quote."""
    out = _run("cite", "KPI-7", "AST-01", "AST-02", "--json")
    assert out.returncode == 0, out.stderr
    by_query = {e["query"]: e["matches"] for e in json.loads(out.stdout)}
    assert [(m["id"], m["kind"]) for m in by_query["KPI-7"]] == [
        ("KPI-7a", "indicator"), ("KPI-7b", "indicator"), ("KPI-7c", "indicator")]
    assert [(m["id"], m["kind"]) for m in by_query["AST-01"]] == [("AST-01", "table")]
    (ast02,) = by_query["AST-02"]
    entry = next(e for e in evidence.catalog() if e.id == "AST-02")
    assert ast02["kind"] == "catalog"
    assert ast02["citations"][0]["quote"] == entry.quote
    assert ast02["citations"][0]["fragments"][0]["verbatim"]


def test_an_unknown_id_exits_2_with_close_matches() -> None:
    """A mistyped ID prints nothing on stdout and names the close matches on stderr."""
    out = _run("cite", "GUA-6", "MON-07.notise", "--lang", "en")
    assert out.returncode == 2
    assert out.stdout == ""
    assert "unknown ID 'GUA-6'; did you mean 'GUA-06'" in out.stderr
    assert "unknown ID 'MON-07.notise'; did you mean 'MON-07.notice'" in out.stderr


def test_every_catalog_id_cites_verbatim_passages() -> None:
    """For every catalog ID, each quoted fragment is found and each passage marks it exactly."""
    out = _run("cite", *evidence.catalog_ids(), "--json")
    assert out.returncode == 0, out.stderr
    data: list[dict[str, Any]] = json.loads(out.stdout)
    assert [e["query"] for e in data] == list(evidence.catalog_ids())
    for entry in data:
        assert entry["matches"], entry["query"]
        for match in entry["matches"]:
            if match["kind"] == "rule":
                assert match["review"] is not None, match["id"]
            for citation in match["citations"]:
                for fragment in citation["fragments"]:
                    assert fragment["verbatim"], (match["id"], fragment["fragment"])
                    for p in fragment["passages"]:
                        assert p["paragraph"][p["start"]:p["end"]] == fragment["fragment"]
