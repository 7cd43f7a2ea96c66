"""Every command, in Chinese and in English, follows the language rule (``revitalize.i18n``).

Each command runs in-process (``revitalize.cli.main``) on the packaged samples and
scenarios, on its success path and on its usual error paths, in ``--lang zh`` and
``--lang en``; stdout, stderr and the HTML report are checked:

- **zh**: no English word outside identifiers. A *word* is two or more ASCII letters
  standing alone; it is allowed when it is part of an identifier (glued to ``_ . - / $ [``
  or a digit: ``MON-03.income_fall``, ``members[2].income``, ``H-0001``, a file path),
  inside 「…」 (the plan's words) or '…' (an input echoed back), a field or model name
  of the inputs (what a user writes in a file), a parameter choice (what a user writes
  in a reform), or one of :data:`revitalize.i18n.ASCII_ALLOWED` (the program's name,
  format names).
- **en**: no Chinese punctuation outside 「…」. Chinese text is allowed as place names
  and inside the 「…」 quotes.

The data outputs (``--json``, ``schema MODEL``, ``sample``) are data, not text: their keys
are the field names in both languages and are not checked here.
``test_the_check_catches_*`` plant an untranslated label and show the checks fail.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import pkgutil
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import attrs
import pytest

from revitalize import policy
from revitalize.cli import build_parser, main
from revitalize.i18n import ASCII_ALLOWED, CHINESE_PUNCTUATION
from revitalize.labels import field_labels, labelled_classes
from revitalize.policy.parameters import default_parameters
from revitalize.schema import input_models, schema_names

DATA = Path(str(resources.files("revitalize") / "data"))
SAMPLES = DATA / "samples"
SCENARIOS = DATA / "scenarios"

_PLAN_QUOTES = re.compile(r"「[^」\n]*」")
_ECHOED = re.compile(r"'[^'\n]*'")


def _unquoted(line: str) -> str:
    """The line without the plan's words (「…」) and then without echoed input ('…')."""
    return _ECHOED.sub(" ", _PLAN_QUOTES.sub(" ", line))
_WORD = re.compile(r"(?<![\w.$/\\\-@\[])[A-Za-z]{2,}(?![\w.\-/\\\[(=])")
#: A metavariable of the usage (DATE, FILE, MODEL) or an abbreviation (KPI, JSON).
_UPPER = re.compile(r"[A-Z]{2,}")


def _identifiers() -> frozenset[str]:
    names: set[str] = set(ASCII_ALLOWED)
    for cls in labelled_classes():
        names.add(cls)
        names.update(field_labels(cls))
    names.update(schema_names())
    for model in input_models().values():
        names.update(a.name for a in attrs.fields(model))
    for p in default_parameters():
        names.update(p.choices)
    for module in pkgutil.iter_modules(policy.__path__):  # decision-table rows and columns
        for table in getattr(importlib.import_module(f"revitalize.policy.{module.name}"),
                             "TABLES", ()):
            names.update(r.id for r in table.rows)
            names.update(c.name for c in table.columns)
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    names.update(sub._name_parser_map)  # the command names
    return frozenset(names)


IDENTIFIERS = _identifiers()


def english_words(text: str) -> list[str]:
    """The English words of Chinese output that the rule does not allow."""
    found: list[str] = []
    for line in text.splitlines():
        for word in _WORD.findall(_unquoted(line)):
            if word not in IDENTIFIERS and not _UPPER.fullmatch(word):
                found.append(f"{word!r} in {line.strip()[:160]!r}")
    return found


def _case_names() -> tuple[str, ...]:
    from revitalize.scenarios import load_scenario_file

    names = {c.name for f in SCENARIOS.glob("*.scenario.toml")
             for c in load_scenario_file(f).cases}
    return tuple(sorted(names, key=len, reverse=True))


#: The packaged scenarios' case names: names their authors gave, shown as written.
CASE_NAMES = _case_names()


def chinese_punctuation(text: str) -> list[str]:
    """The lines of English output with Chinese punctuation outside 「…」 (a scenario
    case's name, the user's words, is shown as written)."""
    out = []
    for line in text.splitlines():
        bare = _PLAN_QUOTES.sub(" ", line)
        if any(c in CHINESE_PUNCTUATION for c in bare):
            for name in CASE_NAMES:
                bare = bare.replace(name, " ")
        if any(c in CHINESE_PUNCTUATION for c in bare):
            out.append(line.strip()[:160])
    return out


def _html_text(path: Path) -> str:
    doc = path.read_text(encoding="utf-8")
    doc = re.sub(r"<style.*?</style>", "", doc, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", doc).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_files(tmp_path_factory.mktemp("lang"))


def make_files(d: Path) -> dict[str, Path]:
    """The inputs the commands read besides the packaged ones."""
    reform = d / "line-6500.toml"
    reform.write_text('name = "监测线 6500 元"\n[changes]\n"monitoring.monitoring_line" = "6500"\n',
                      encoding="utf-8")
    bad_reform = d / "bad.toml"
    bad_reform.write_text('name = "x"\n[changes]\n"monitoring.multiplyer" = "2"\n',
                          encoding="utf-8")
    first = (SAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines()[0]
    household = d / "household.json"
    household.write_text(first, encoding="utf-8")
    bad = d / "bad.json"
    bad.write_text(json.dumps({"id": "H-1", "town": "黑山镇", "members": []}),
                   encoding="utf-8")
    invalid = d / "invalid.json"
    invalid.write_text(json.dumps({"id": "H-1", "town": "黑山镇", "village": "鱼子村",
                                   "poverty_status": "lifted", "members": "none"}),
                       encoding="utf-8")
    assessment = d / "assessment.json"  # as `assess --json --detail full` writes it
    with contextlib.redirect_stdout(io.StringIO()) as out:
        main(["assess", str(household), "--on", "2023-06-01", "--json", "--detail", "full"])
    assessment.write_text(out.getvalue(), encoding="utf-8")
    return {"reform": reform, "bad_reform": bad_reform, "household": household, "bad": bad,
            "invalid": invalid, "assessment": assessment, "dir": d}


def _first_case(path: Path) -> str:
    from revitalize.scenarios import load_scenario_file

    return load_scenario_file(path).cases[0].name


def commands(f: dict[str, Path]) -> Iterator[tuple[str, list[str]]]:
    """(name, argv) of every command: success paths, then error paths."""
    s = str(SAMPLES)
    hh = f"{s}/households.jsonl"
    yield "rules", ["rules"]
    yield "rules ID", ["rules", "GUA-06"]
    yield "parameters", ["parameters"]
    yield "parameters reform", ["parameters", "--on", "2023-06-01", "--reform", str(f["reform"])]
    yield "cite", ["cite", "GUA-06", "MON-02", "KPI-8d"]
    yield "indicators", ["indicators"]
    yield "indicators report", ["indicators", "report", f"{s}/observations.json"]
    yield "schema", ["schema"]
    yield "validate", ["validate", hh, "--model", "Household"]
    yield "validate problems", ["validate", str(f["bad"]), "--model", "Household"]
    yield "assets", ["assets", f"{s}/assets.json"]
    yield "places", ["places"]
    yield "plan-check", ["plan-check"]
    yield "governance", ["governance", f"{s}/governance.json"]
    yield "cases", ["cases", f"{s}/cases.json"]
    yield "notice", ["notice", f"{s}/cases.json", "--village", "鱼子村"]
    yield "assess sample", ["assess", "--sample"]
    yield "assess file", ["assess", str(f["household"]), "--on", "2023-06-01"]
    yield "assess batch", ["assess", "--jsonl", hh, str(f["dir"] / "out.jsonl"),
                           "--on", "2023-06-01"]
    yield "diff", ["diff", hh, "--reform", str(f["reform"]), "--on", "2023-06-01"]
    yield "check", ["check", str(SCENARIOS / "monitoring.scenario.toml")]
    yield "explain", ["explain", str(f["household"]), "--on", "2023-06-01"]
    yield "explain case", ["explain", str(SCENARIOS / "monitoring.scenario.toml"), "--case",
                           "人均纯收入低于监测线 0.01 元的脱贫户纳入监测，属脱贫不稳定户"]
    yield "explain assessment", ["explain", str(f["assessment"])]
    yield "explain assets", ["explain", str(SCENARIOS / "assets.scenario.toml"), "--case",
                             _first_case(SCENARIOS / "assets.scenario.toml")]
    yield "sample to file", ["sample", "households", "-o", str(f["dir"] / "h.json")]
    yield "rules retired ID", ["rules", "EMP-02b"]
    # error paths
    yield "schema unknown", ["schema", "Houshold"]
    yield "rules unknown", ["rules", "GUA-6"]
    yield "notice unknown village", ["notice", f"{s}/cases.json", "--village", "x"]
    yield "sample bad format", ["sample", "cases", "--format", "csv"]
    yield "assess missing file", ["assess", str(f["dir"] / "missing.json"), "--on", "2023-06-01"]
    yield "assess bad household", ["assess", str(f["bad"]), "--on", "2023-06-01"]
    yield "assess invalid household", ["assess", str(f["invalid"]), "--on", "2023-06-01"]
    yield "assess no date", ["assess", str(f["household"])]
    yield "diff bad reform", ["diff", hh, "--reform", str(f["bad_reform"]), "--on", "2023-06-01"]
    yield "governance bad", ["governance", str(f["bad"])]
    yield "cases bad", ["cases", str(f["bad"])]
    yield "explain scenarios", ["explain", str(SCENARIOS / "monitoring.scenario.toml")]
    yield "explain no date", ["explain", str(f["household"])]
    yield "explain unknown case", ["explain", str(SCENARIOS / "monitoring.scenario.toml"),
                                   "--case", "nope"]


def _render(argv: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> str:
    main([*argv, "--lang", lang])
    captured = capsys.readouterr()
    return captured.out + captured.err


COMMANDS = [name for name, _ in commands({k: Path() for k in
                                          ("reform", "bad_reform", "household", "bad",
                                           "invalid", "assessment", "dir")})]


@pytest.mark.parametrize("name", COMMANDS)
def test_chinese_output_has_no_english_labels(name: str, files: dict[str, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    argv = dict(commands(files))[name]
    text = _render(argv, "zh", capsys)
    assert text.strip(), f"{name}: no output"
    assert english_words(text) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_english_output_has_no_chinese_punctuation(name: str, files: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    argv = dict(commands(files))[name]
    text = _render(argv, "en", capsys)
    assert text.strip(), f"{name}: no output"
    assert chinese_punctuation(text) == []


def test_the_html_report_follows_the_rule(files: dict[str, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The HTML progress report: Chinese in zh, no Chinese punctuation outside 「…」 in en."""
    for lang, check in (("zh", english_words), ("en", chinese_punctuation)):
        out = files["dir"] / f"report.{lang}.html"
        main(["indicators", "report", str(SAMPLES / "observations.json"), "--html", str(out),
              "--lang", lang])
        capsys.readouterr()
        text = _html_text(out)
        assert ("指标" in text) == (lang == "zh")
        assert check(text) == []


def test_errors_are_chinese_in_zh_and_english_for_python(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The same error: Chinese on the command line in zh, English in en and as ``str``."""
    from revitalize.errors import UnknownNameError

    assert main(["schema", "Houshold"]) != 0
    zh = capsys.readouterr().err
    assert "revitalize schema：错误：未知的模型 'Houshold'；是否指 'Household'" in zh
    assert main(["schema", "Houshold", "--lang", "en"]) != 0
    assert "revitalize schema: error: unknown model 'Houshold'; did you mean 'Household'" \
        in capsys.readouterr().err
    exc = UnknownNameError("model", "Houshold", ["Household"])
    assert str(exc).startswith("unknown model 'Houshold'")
    assert exc.render("zh").startswith("未知的模型 'Houshold'")


def test_diff_keys_are_labels(files: dict[str, Path],
                              capsys: pytest.CaptureFixture[str]) -> None:
    """The diff names each aspect and change by its label in the language."""
    argv = ["diff", str(SAMPLES / "households.jsonl"), "--reform", str(files["reform"]),
            "--on", "2023-06-01"]
    main(argv)
    zh = capsys.readouterr().out
    assert "帮扶措施：变化（" in zh and "监测范围：进入（否 → 是）" in zh
    assert "measures" not in zh and "in_range" not in zh
    main([*argv, "--lang", "en"])
    en = capsys.readouterr().out
    assert "measures: changed (" in en and "in range: entered (no → yes)" in en
    assert "category changed: " in en


def test_every_packaged_assumption_has_a_chinese_form(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each assumption of the packaged parameters has its Chinese reason, shown in zh."""
    missing = [v.name for p in default_parameters() for v in p.values
               if v.assumption is not None and not v.assumption_zh]
    assert missing == []
    main(["parameters"])
    out = capsys.readouterr().out
    assert "（假设：第十章第一节称“项目建成后及时办理移交手续”，未给期限" in out
    main(["parameters", "--lang", "en"])
    out = capsys.readouterr().out
    assert "(assumption: Ch10 §1 says 「项目建成后及时办理移交手续」 without a period" in out


def test_kpi_8d_baseline_and_target_share_the_unit(capsys: pytest.CaptureFixture[str]) -> None:
    """KPI-8d (ten thousand tonnes): baseline 5 and target 5 in both languages."""
    main(["indicators"])
    zh = capsys.readouterr().out
    assert re.search(r"KPI-8d  粮食综合生产能力（万吨）\n    基期 5（2020） → 目标 ≥5（2025）", zh)
    main(["indicators", "--lang", "en"])
    en = capsys.readouterr().out
    assert re.search(r"KPI-8d  Grain production capacity \(ten thousand tonnes\)\n"
                     r"    baseline 5 \(2020\) → target at least 5 \(2025\)", en)


def test_places_in_english_join_with_commas(capsys: pytest.CaptureFixture[str]) -> None:
    main(["places", "--lang", "en"])
    out = capsys.readouterr().out
    assert "Wuhe (万东镇)  key support, lifted" in out and chinese_punctuation(out) == []


# -- the checks can fail


def _planted(monkeypatch: pytest.MonkeyPatch, target: str, value: object,
             run: Callable[[], None]) -> None:
    monkeypatch.setattr(target, value)
    run()


def test_the_check_catches_an_untranslated_label(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the diff's change labels planted back to the English keys (``measures:
    changed``), the zh check fails."""
    import revitalize.policy.diff as diff

    argv = ["diff", str(SAMPLES / "households.jsonl"), "--reform", str(files["reform"]),
            "--on", "2023-06-01"]
    assert english_words(_render(argv, "zh", capsys)) == []
    monkeypatch.setattr(diff, "_KIND_LABELS", {})
    found = english_words(_render(argv, "zh", capsys))
    assert any(w.startswith("'changed' in '") for w in found)


def test_the_check_catches_chinese_punctuation(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``places`` planted to join lists with 、 in English, the en check fails."""
    import revitalize.cli._places as places

    monkeypatch.setattr(places, "join", lambda items, lang: "、".join(items))
    text = _render(["places"], "en", capsys)
    assert any("key support、lifted" in line for line in chinese_punctuation(text))


def test_the_check_catches_an_untranslated_message(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An error message with no Chinese template is flagged, not passed off as Chinese."""
    import revitalize.i18n as i18n

    monkeypatch.setattr(i18n, "_COMPILED", ())
    text = _render(["schema", "Houshold"], "zh", capsys)
    assert any("'unknown' in" in w for w in english_words(text))


def test_the_check_catches_an_untranslated_trace_value(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the trace's values planted back to their JSON form (``relation=is not below the
    monitoring line``, ``poverty_status = never_registered``), the zh check fails on the
    compared and read lines."""
    import revitalize.policy.explain as explain

    argv = ["explain", str(files["household"]), "--on", "2023-06-01"]
    assert english_words(_render(argv, "zh", capsys)) == []
    monkeypatch.setattr(explain, "_value_text",
                        lambda value, lang: str(getattr(value, "value", value)))
    found = english_words(_render(argv, "zh", capsys))
    assert any("in '比较: " in w for w in found), found
    assert any("'monitoring' in '比较: " in w for w in found), found


def test_the_check_catches_an_untranslated_table_input(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the decision table's inputs planted back to ``True``/``False``, the zh check
    fails on the table's line."""
    import revitalize.policy.tables as tables

    argv = ["explain", str(files["household"]), "--on", "2023-06-01"]
    monkeypatch.setattr(tables, "_input_text", lambda value, lang="en": str(value))
    found = english_words(_render(argv, "zh", capsys))
    assert any("'False' in '决策表 MON-01 " in w for w in found), found


def test_the_trace_in_chinese_and_english(files: dict[str, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The trace's compared values, reads and table rows: labels in zh, the rules' own
    English in en, place names as ``Pinyin (中文)``."""
    argv = ["explain", str(files["household"]), "--on", "2023-06-01"]
    zh = _render(argv, "zh", capsys)
    assert "relation=不低于监测线" in zh and "读取 poverty_status = 非建档立卡户" in zh
    assert "决策表 MON-01 " in zh and "（优先）：in_range=否，lifted=否，sudden=否" in zh
    assert "unstable-lifted: 不满足 lifted = 是（输入 否）" in zh
    en = _render(argv, "en", capsys)
    assert "relation=is not below the monitoring line" in en
    assert "read poverty_status = never_registered" in en and "read town = Heishan (黑山镇)" in en
    assert "(first): in_range=False, lifted=False, sudden=False" in en
    assert chinese_punctuation(en) == []


@pytest.mark.parametrize("name", ["explain", "explain case", "explain assets",
                                  "explain assessment"])
def test_explain_json_keeps_machine_values(name: str, files: dict[str, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``explain --json`` is data: the same in both languages, enum values as identifiers."""
    argv = [*dict(commands(files))[name], "--json"]
    zh, en = _render(argv, "zh", capsys), _render(argv, "en", capsys)
    assert zh == en
    trace = json.loads(zh)
    if name == "explain":
        rules = {r["rule"]: r for r in trace["rules"]}
        assert rules["MON-03"]["compared"]["relation"] == "is not below the monitoring line"
        reads = {r["path"]: r["value"] for x in trace["rules"] for r in x["reads"]}
        assert reads["poverty_status"] == "never_registered"
        assert trace["tables"][0]["inputs"] == {"in_range": "False", "lifted": "False",
                                                "sudden": "False"}


# -- the library's problem messages in Chinese

_HAN = re.compile(r"[\u3400-\u9fff]")


def _untranslated(exc: Exception, seen: list[str], lines: list[int]) -> None:
    from revitalize.errors import RevitalizeError

    assert isinstance(exc, RevitalizeError)
    for line in exc.render("zh").splitlines():
        lines[0] += 1
        if "（英文）" in line or not _HAN.search(line):
            seen.append(line.strip())


def test_input_problems_render_in_chinese() -> None:
    """Fuzzed households and reforms (``revitalize.testing.fuzz``, the same inputs the
    reliability tests draw, derandomized): at least 97% of the problem lines they raise
    render in Chinese. The ones that do not are shown with the marker （英文） so that a
    message without a template is visible."""
    from hypothesis import HealthCheck, given, settings

    from revitalize.errors import RevitalizeError
    from revitalize.models import Household
    from revitalize.policy.parameters import read_reform
    from revitalize.serialization import loads
    from revitalize.testing import fuzz

    seen: list[str] = []
    lines = [0]
    base = default_parameters()
    fuzzed = settings(max_examples=fuzz.examples(), deadline=None, derandomize=True,
                      database=None, suppress_health_check=list(HealthCheck))

    @fuzzed
    @given(fuzz.json_texts())
    def households(text: str) -> None:
        try:
            loads(text, Household)
        except RevitalizeError as exc:
            _untranslated(exc, seen, lines)

    @fuzzed
    @given(fuzz.reform_texts())
    def reforms(text: str) -> None:
        try:
            read_reform(text, base)
        except RevitalizeError as exc:
            _untranslated(exc, seen, lines)

    households()
    reforms()
    assert lines[0] > 50
    assert len(seen) <= 0.03 * lines[0], seen
