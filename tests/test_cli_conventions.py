"""Unix conventions of ``revitalize``, the same for every command (issue 16 §3, §4 help).

Every test runs the installed command in a subprocess on real files and asserts the exit
code and which stream (stdout or stderr) each piece of output went to: exit codes from
the one table (``EXIT_CODES``), ``--lang`` before or after the command and
``REVITALIZE_LANG``, Chinese ``--help`` and argparse errors, ``-`` for standard input,
``-o/--output`` written atomically with the umask's mode, options that do not apply
refused, ``assess --sample`` / ``assets --sample`` summary and ``--detail``, run-level
warnings once, ``--fail-on-warning`` on record-level warnings only, ``check --filter``.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import pytest

from revitalize.cli import EXIT_CODES, build_parser
from revitalize.serialization import dumps
from revitalize.testing.population import baseline_household

ON = "2023-06-01"
SAMPLES = Path(str(resources.files("revitalize") / "data" / "samples"))
SCENARIOS = Path(str(resources.files("revitalize") / "data" / "scenarios"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
        umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """``revitalize ARGS`` in a subprocess (text out); ``env`` adds variables,
    ``REVITALIZE_LANG`` is unset unless given."""
    environ = {k: v for k, v in os.environ.items() if k != "REVITALIZE_LANG"}
    environ.update(env or {})

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    p = subprocess.run([sys.executable, "-m", "revitalize", *args], input=stdin,
                       capture_output=True, check=False, timeout=300, env=environ,
                       preexec_fn=set_umask if umask is not None else None)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8"),
                                       p.stderr.decode("utf-8"))


def household_json(income: str = "60000", hid: str = "H-1") -> str:
    h = attrs.evolve(baseline_household(household_id=hid), annual_net_income=Decimal(income),
                     last_year_net_income=Decimal(income))
    return dumps(h, canonical=True)


@pytest.fixture
def household(tmp_path: Path) -> Path:
    f = tmp_path / "h.json"
    f.write_text(household_json(), encoding="utf-8")
    return f


@pytest.fixture
def reform(tmp_path: Path) -> Path:
    f = tmp_path / "r.toml"
    f.write_text('name = "line 6500"\n[changes]\n"monitoring.monitoring_line" = "6500"\n',
                 encoding="utf-8")
    return f


# --------------------------------------------------------------------------- exit codes


def test_the_exit_code_table_is_the_documented_one() -> None:
    """One table: 0 ok, 1 a record or check failed, 2 usage error, 130 interrupted; the
    CLI reference lists each code, and the top-level help names them."""
    assert {0, 1, 2, 130} <= set(EXIT_CODES)
    doc = Path(__file__).parents[1].joinpath("docs", "reference", "cli.md").read_text("utf-8")
    for code in EXIT_CODES:
        assert f"| {code} |" in doc, code
    for lang in ("zh", "en"):
        top = build_parser(lang).format_help()
        assert all(str(code) in top for code in EXIT_CODES)


def test_schema_of_an_unknown_model_is_a_usage_error() -> None:
    p = run("schema", "nonsense", "--lang", "en")
    assert p.returncode == 2 and p.stdout == ""
    assert "unknown model 'nonsense'" in p.stderr


@pytest.mark.parametrize("argv", [
    ["assess", "{missing}", "--on", ON],
    ["assess", "--jsonl", "{missing}", "{out}", "--on", ON],
    ["diff", "{missing}", "--reform", "{reform}", "--on", ON],
    ["explain", "{missing}", "--on", ON],
    ["validate", "{missing}", "--model", "Household"],
    ["indicators", "report", "{missing}"],
    ["cases", "{missing}"],
    ["notice", "{missing}", "--village", "海孔村"],
    ["assets", "{missing}"],
    ["governance", "{missing}"],
    ["check", "{missing}"],
    ["parameters", "--reform", "{missing}"],
])
def test_a_missing_input_file_is_a_usage_error(tmp_path: Path, reform: Path,
                                              argv: list[str]) -> None:
    """Exit 2 with the file's name and "no such file" on stderr — not a record error at
    ``<input>:1:1`` — and nothing on stdout, nothing written."""
    missing = tmp_path / "nowhere.json"
    out = tmp_path / "out.jsonl"
    p = run(*(a.format(missing=missing, reform=reform, out=out) for a in argv), "--lang", "en")
    assert p.returncode == 2, p.stderr
    assert f"{missing}: no such file" in p.stderr
    assert "<input>" not in p.stderr and p.stdout == "" and not out.exists()


def test_an_unknown_village_is_a_usage_error_naming_the_known_ones() -> None:
    p = run("notice", str(SAMPLES / "cases.json"), "--village", "不存在村")
    assert p.returncode == 2 and p.stdout == ""
    assert "不存在村" in p.stderr and "海孔村" in p.stderr


@pytest.mark.parametrize("argv", [
    ["assess", "--sample", "--on", "2023-13-01"],
    ["assess", "--sample", "--detail", "everything"],
    ["parameters", "--on", "yesterday"],
    ["sample", "households", "--format", "doc"],
    ["--lang", "fr", "places"],
])
def test_a_bad_option_value_is_a_usage_error(argv: list[str]) -> None:
    p = run(*argv)
    assert p.returncode == 2 and p.stdout == ""
    assert "error" in p.stderr or "错误" in p.stderr


# --------------------------------------------------------------------------- language


def test_lang_before_or_after_the_command_and_from_the_environment() -> None:
    after = run("places", "--lang", "en")
    before = run("--lang", "en", "places")
    assert after.returncode == before.returncode == 0
    assert after.stdout == before.stdout and "towns" in after.stdout
    env = run("places", env={"REVITALIZE_LANG": "en"})
    assert env.stdout == after.stdout
    override = run("places", "--lang", "zh", env={"REVITALIZE_LANG": "en"})
    assert "个镇" in override.stdout
    bad = run("places", env={"REVITALIZE_LANG": "fr"})
    assert bad.returncode == 2 and "REVITALIZE_LANG" in bad.stderr and bad.stdout == ""


def _commands() -> list[list[str]]:
    import argparse

    out: list[list[str]] = []
    parser = build_parser("en")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append([name])
                for a in sub._actions:
                    if isinstance(a, argparse._SubParsersAction):
                        out += [[name, s] for s in a.choices]
    return out


def test_every_command_has_chinese_help_with_lang_zh() -> None:
    """Usage, description and every option's help are Chinese with ``--lang zh``
    (before the command, after it, or from REVITALIZE_LANG); English with ``--lang en``."""
    import argparse

    commands = _commands()
    assert ["check"] in commands and ["indicators", "report"] in commands
    zh_parser, en_parser = build_parser("zh"), build_parser("en")

    def sub(parser: argparse.ArgumentParser, path: list[str]) -> argparse.ArgumentParser:
        for name in path:
            action = next(a for a in parser._actions
                          if isinstance(a, argparse._SubParsersAction))
            parser = action.choices[name]
        return parser

    for path in commands:
        zh, en = sub(zh_parser, path), sub(en_parser, path)
        assert zh.description and CJK.search(zh.description), path
        assert en.description and not en.format_usage().startswith("用法"), path
        for action in zh._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                assert CJK.search(action.help), (path, action.dest, action.help)
        text = zh.format_help()
        assert text.startswith("用法：revitalize") and "选项" in text, path
        assert "show this help" not in text and "usage:" not in text, path
        en_text = en.format_help()
        assert en_text.startswith("usage: revitalize") and "show this help" in en_text, path
    for argv, env in ((["--lang", "zh", "check", "--help"], None),
                      (["check", "--help", "--lang", "zh"], None),
                      (["check", "--help"], {"REVITALIZE_LANG": "zh"})):
        p = run(*argv, env=env)
        assert p.returncode == 0 and p.stdout.startswith("用法：revitalize check"), argv
        assert "--filter PATTERN" in p.stdout and "只运行名称包含" in p.stdout
    p = run("check", "--help", env={"REVITALIZE_LANG": "en"})
    assert p.stdout.startswith("usage: revitalize check") and not CJK.search(p.stdout)


def test_argparse_errors_are_chinese_in_zh_mode() -> None:
    zh = run("assess", "--bogus", "--lang", "zh")
    assert zh.returncode == 2 and zh.stdout == ""
    assert "用法：" in zh.stderr and "无法识别的参数：--bogus" in zh.stderr
    assert "unrecognized" not in zh.stderr
    required = run("--lang", "zh", "diff", "h.json")
    assert required.returncode == 2 and "缺少必需的参数：--reform, --on" in required.stderr
    choice = run("--lang", "zh", "schema", "--lang", "fr")
    assert choice.returncode == 2 and "无效的选项值 'fr'" in choice.stderr
    en = run("assess", "--bogus", "--lang", "en")
    assert en.returncode == 2 and "unrecognized arguments: --bogus" in en.stderr


# --------------------------------------------------------------------------- stdin


def _same(a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str],
          name: str) -> None:
    assert a.returncode == b.returncode, (a.stderr, b.stderr)
    assert a.stdout.replace(name, "<stdin>") == b.stdout


@pytest.mark.parametrize(("argv", "file"), [
    (["assess", "{}", "--on", ON, "--json"], "household"),
    (["assess", "{}", "--on", ON], "jsonl"),
    (["diff", "{}", "--reform", "{reform}", "--on", ON, "--json"], "household"),
    (["explain", "{}", "--on", ON], "household"),
    (["validate", "{}", "--model", "Household", "--json"], "household"),
    (["indicators", "report", "{}", "--json"], "observations.json"),
    (["cases", "{}", "--json"], "cases.json"),
    (["notice", "{}", "--village", "海孔村", "--json"], "cases.json"),
    (["assets", "{}", "--json"], "assets.json"),
    (["governance", "{}", "--json"], "governance.json"),
    (["check", "{}", "--json"], "monitoring.scenario.toml"),
    (["parameters", "--reform", "{}", "--on", ON], "reform"),
])
def test_dash_reads_standard_input(tmp_path: Path, household: Path, reform: Path,
                                   argv: list[str], file: str) -> None:
    """``-`` gives what the file gives (its name read as ``<stdin>``)."""
    if file == "household":
        path = household
    elif file == "reform":
        path = reform
    elif file == "jsonl":
        path = tmp_path / "h.jsonl"
        path.write_text(household_json("100", "H-1") + "\n" + household_json("60000", "H-2")
                        + "\n", encoding="utf-8")
    elif file.endswith(".scenario.toml"):
        path = SCENARIOS / file
    else:
        path = SAMPLES / file
    by_name = run(*(a.format(str(path), reform=reform) for a in argv))
    by_stdin = run(*(a.format("-", reform=reform) for a in argv), stdin=path.read_bytes())
    assert by_name.returncode in (0, 1), by_name.stderr
    assert by_name.stdout
    _same(by_name, by_stdin, str(path))


def test_batch_in_and_out_may_be_standard_streams(tmp_path: Path) -> None:
    """``--jsonl - -``: households from stdin, records on stdout, the summary on stderr."""
    lines = household_json("100", "H-1") + "\n" + household_json("60000", "H-2") + "\n"
    p = run("assess", "--jsonl", "-", "-", "--on", ON, "--lang", "en", stdin=lines.encode())
    assert p.returncode == 0, p.stderr
    records = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["subject"] for r in records] == ["H-1", "H-2"]
    assert records[0]["decision"]["in_range"] is True
    assert "summary" in p.stderr and "2 records" in p.stderr
    f = tmp_path / "h.jsonl"
    f.write_text(lines, encoding="utf-8")
    to_file = run("assess", "--jsonl", str(f), str(tmp_path / "o.jsonl"), "--on", ON)
    assert "汇总" in to_file.stdout and (tmp_path / "o.jsonl").read_text("utf-8").splitlines() \
        == p.stdout.splitlines()


# --------------------------------------------------------------------------- -o/--output


@pytest.mark.parametrize("argv", [
    ["rules", "--json"],
    ["parameters", "--on", ON],
    ["cite", "MON-02"],
    ["indicators"],
    ["indicators", "report", str(SAMPLES / "observations.json")],
    ["schema", "Household"],
    ["validate", str(SAMPLES / "cases.json"), "--model", "cases", "--json"],
    ["assets", "--sample"],
    ["places"],
    ["plan-check"],
    ["governance", str(SAMPLES / "governance.json")],
    ["cases", str(SAMPLES / "cases.json")],
    ["notice", str(SAMPLES / "cases.json"), "--village", "海孔村"],
    ["assess", "--sample", "--json"],
    ["diff", "{household}", "--reform", "{reform}", "--on", ON],
    ["check", str(SCENARIOS / "monitoring.scenario.toml")],
    ["explain", "{household}", "--on", ON],
    ["sample", "cases"],
])
def test_output_file_holds_what_stdout_would(tmp_path: Path, household: Path, reform: Path,
                                             argv: list[str]) -> None:
    """``-o FILE`` writes what the command prints on stdout (nothing then on stdout), with
    the mode a new file gets under the umask (not a temporary file's 0600)."""
    argv = [a.format(household=household, reform=reform) for a in argv]
    out = tmp_path / "out.txt"
    plain = run(*argv)
    p = run(*argv, "-o", str(out), umask=0o027)
    assert p.returncode == plain.returncode and p.returncode in (0, 1), p.stderr
    assert p.stdout == "" and plain.stdout
    assert out.read_text("utf-8") == plain.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".")] == []


def test_a_failed_run_leaves_the_output_file_as_it_was(tmp_path: Path) -> None:
    """A usage error after ``-o`` leaves an existing file untouched and no temporary file."""
    out = tmp_path / "out.json"
    out.write_text("keep", encoding="utf-8")
    p = run("schema", "nonsense", "-o", str(out))
    assert p.returncode == 2 and out.read_text("utf-8") == "keep"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out.json"]


# --------------------------------------------------------------------------- streams


def test_per_record_errors_go_to_stderr_and_data_to_stdout(tmp_path: Path,
                                                           reform: Path) -> None:
    f = tmp_path / "h.jsonl"
    f.write_text(household_json("100", "H-1") + '\n{"id": "H-2"}\n', encoding="utf-8")
    p = run("assess", str(f), "--on", ON, "--lang", "en")
    assert p.returncode == 1
    assert f"error {f}:2" in p.stderr and f"{f}:2" not in p.stdout
    assert "H-1" in p.stdout and "summary" in p.stdout
    d = run("diff", str(f), "--reform", str(reform), "--on", ON, "--lang", "en")
    assert d.returncode == 1
    assert f"{f}:2" in d.stderr and f"{f}:2" not in d.stdout and "households 1" in d.stdout


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(("argv", "says"), [
    (["assess", "--sample", "--encoding", "gbk"], "--encoding"),
    (["assess", "--sample", "--workers", "2"], "--workers"),
    (["assess", "--sample", "--chunk-size", "10"], "--chunk-size"),
    (["assess", "--sample", "--to", "csv"], "--to"),
    (["assess", "{household}", "--on", ON, "--workers", "2"], "--workers"),
    (["assess", "--jsonl", "{household}", "{out}", "--on", ON, "-o", "{out}"], "-o"),
    (["assess", "--sample", "--workers", "0"], "--workers"),
    (["assess", "--jsonl", "{household}", "{out}", "--on", ON, "--chunk-size", "-1"],
     "--chunk-size"),
    (["assess", "--jsonl", "{household}", "{out}", "--on", ON, "--encoding", "bogus"],
     "bogus"),
    (["assets", str(SAMPLES / "assets.json"), "--detail"], "--detail"),
    (["assets", "--sample", "--encoding", "gbk"], "--encoding"),
    (["serve", "--workers", "0"], "--workers"),
])
def test_options_that_do_not_apply_are_usage_errors(tmp_path: Path, household: Path,
                                                    argv: list[str], says: str) -> None:
    out = tmp_path / "out.jsonl"
    p = run(*(a.format(household=household, out=out) for a in argv), "--lang", "en")
    assert p.returncode == 2, p.stderr
    assert says in p.stderr and p.stdout == "" and not out.exists()


def test_encoding_works_for_every_input(tmp_path: Path) -> None:
    """A GBK household JSON is read with ``--encoding gbk`` (and refused without it); so is
    a GBK case register, observation file and governance file."""
    gbk = tmp_path / "h.json"
    gbk.write_bytes(household_json().encode("gbk"))
    assert gbk.read_bytes() != household_json().encode("utf-8")  # Chinese names differ
    p = run("assess", str(gbk), "--on", ON, "--encoding", "gbk", "--json", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["households"][0]["subject"] == "H-1"
    refused = run("assess", str(gbk), "--on", ON, "--json")
    assert refused.returncode == 1 and "cannot decode" in refused.stdout
    e = run("explain", str(gbk), "--on", ON, "--encoding", "gbk")
    assert e.returncode == 0 and "H-1" in e.stdout
    v = run("validate", str(gbk), "--model", "Household", "--encoding", "gbk")
    assert v.returncode == 0, v.stderr
    for kind, argv in (("cases.json", ["cases"]), ("governance.json", ["governance"]),
                       ("observations.json", ["indicators", "report"]),
                       ("assets.json", ["assets"])):
        f = tmp_path / kind
        f.write_bytes((SAMPLES / kind).read_text("utf-8").encode("gbk"))
        utf = run(*argv, str(SAMPLES / kind))
        p = run(*argv, str(f), "--encoding", "gbk")
        assert p.returncode == utf.returncode and p.stdout == utf.stdout.replace(
            str(SAMPLES / kind), str(f)), kind
        assert run(*argv, str(f)).returncode == 1, kind


# --------------------------------------------------------------------------- assess --sample


def test_assess_sample_prints_a_summary_and_detail_on_demand() -> None:
    summary = run("assess", "--sample", "--lang", "en")
    assert summary.returncode == 0
    assert summary.stdout.startswith("summary") and "household H-0001" not in summary.stdout
    detail = run("assess", "--sample", "--lang", "en", "--detail")
    assert detail.stdout.count("reproduce") == 300 and detail.stdout.endswith(summary.stdout)
    short = run("assess", "--sample", "--lang", "en", "--detail", "summary")
    assert short.stdout.count("\n") == summary.stdout.count("\n") + 300
    # the run's warning: once on stderr (and once in the summary), never once a household
    for p in (summary, detail, short):
        assert p.stderr.count("monitoring.monitoring_line") == 1
        assert p.stdout.count("monitoring.monitoring_line") == 1


def test_fail_on_warning_is_for_record_level_warnings_only(tmp_path: Path,
                                                           household: Path) -> None:
    """A run-level warning (the monitoring line is stale on every date after 2022-01-01)
    never fails the run; a household undecided for lack of data does, with
    --fail-on-warning."""
    for on in ("2023-06-01", "2024-12-31"):
        p = run("assess", str(household), "--on", on, "--fail-on-warning")
        assert p.returncode == 0, (on, p.stderr)
        assert "monitoring.monitoring_line" in p.stderr
    undecided = json.loads(household.read_text("utf-8"))
    undecided["annual_net_income"] = None
    f = tmp_path / "u.json"
    f.write_text(json.dumps(undecided, ensure_ascii=False), encoding="utf-8")
    assert run("assess", str(f), "--on", ON).returncode == 0
    assert run("assess", str(f), "--on", ON, "--fail-on-warning").returncode == 1
    lines = tmp_path / "h.jsonl"
    lines.write_text(household.read_text("utf-8") + "\n", encoding="utf-8")
    batch = run("assess", "--jsonl", str(lines), str(tmp_path / "o.jsonl"), "--on", ON,
                "--fail-on-warning")
    assert batch.returncode == 0, batch.stderr


# --------------------------------------------------------------------------- assets, check


def test_assets_sample_like_assess_sample() -> None:
    summary = run("assets", "--sample", "--lang", "en")
    assert summary.returncode == 1  # the sample holds refusals
    assert "refused assets" in summary.stdout and "ASSET-05" not in summary.stdout
    detail = run("assets", "--sample", "--lang", "en", "--detail")
    assert "ASSET-05" in detail.stdout and detail.stdout.endswith(summary.stdout)
    j = json.loads(run("assets", "--sample", "--json").stdout)
    assert "assessments" not in j and j["report"]["count"] > 0
    old = run("assets", "sample", "--lang", "en")
    assert old.returncode == 1 and old.stdout == detail.stdout
    assert "assets --sample" in old.stderr


def test_check_and_explain_have_descriptions() -> None:
    for command in ("check", "explain"):
        p = run(command, "--help", "--lang", "en")
        assert p.returncode == 0
        description = p.stdout.split("\n\n")[1]
        assert len(description) > 80 and not description.startswith("positional"), command


def test_check_filter_selects_cases_by_name_or_rule_id() -> None:
    every = json.loads(run("check", str(SCENARIOS), "--json").stdout)["results"]
    by_id = run("check", str(SCENARIOS), "--filter", "GUA-06", "--json")
    assert by_id.returncode == 0, by_id.stderr
    picked = json.loads(by_id.stdout)["results"]
    assert 0 < len(picked) < len(every)
    assert all(any(k == "GUA-06" or k.startswith("GUA-06.") for k in r["rules"])
               for r in picked)
    name = picked[0]["case"]
    fragment = name[2:8]
    by_name = json.loads(run("check", str(SCENARIOS), "--filter", fragment,
                             "--json").stdout)["results"]
    assert name in {r["case"] for r in by_name}
    assert all(fragment in r["case"] for r in by_name)
    glob = json.loads(run("check", str(SCENARIOS), "--filter", "*监测*",
                          "--json").stdout)["results"]
    assert glob and len(glob) < len(every)
    none = run("check", str(SCENARIOS), "--filter", "no-such-case-or-rule", "--lang", "en")
    assert none.returncode == 2 and "--filter" in none.stderr and none.stdout == ""
