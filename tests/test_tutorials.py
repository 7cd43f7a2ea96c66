"""The tutorials' commands run, and their shown output is what the commands print.

A tutorial page (``docs/tutorial/*.md``) has three kinds of shell block:

- ```` ```sh ````: run as a bash script (``set -e``) in the page's working
  directory; it must succeed;
- ```` ```console ````: ``$ command`` lines, each followed by the output it
  shows (standard output and standard error together); the output is compared
  as doctest compares (``...`` matches anything, whitespace is normalised). A
  last output line ``[exit N]`` is the expected exit code (else 0);
- ```` ```shell ````: shown only (cloning and installing): not run.

Each page runs from its first block to its last in one fresh temporary
directory, with the ``revitalize`` of the running environment first on
``PATH``. The "first hour" page runs in a fresh copy of the repository's
files (what a clone has), using the installed package of the current
environment rather than a new ``pip install`` (to stay fast): its install
step is a ```` ```shell ```` block.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = ROOT / "docs" / "tutorial"
_BLOCK = re.compile(r"^```(sh|console|shell)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("REVITALIZE_LANG", None)
    env["COLUMNS"] = "100"
    return env


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=_env(), capture_output=True,
                          text=True, check=False, timeout=600)


def _console(block: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of a console block."""
    out: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], ""))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + line + "\n")
    return out


def run_page(page: Path, cwd: Path) -> list[str]:
    """Run a page's blocks in ``cwd``; the mismatches found (empty when all hold)."""
    failures: list[str] = []
    for kind, body in _BLOCK.findall(page.read_text(encoding="utf-8")):
        if kind == "shell":
            continue
        if kind == "sh":
            p = _bash("set -e\n" + body, cwd)
            if p.returncode != 0:
                failures.append(f"{page.name}: sh block failed ({p.returncode}):\n{body}\n"
                                f"{p.stdout}{p.stderr}")
            continue
        for command, expected in _console(body):
            p = _bash(command + " 2>&1", cwd)
            code = 0
            lines = expected.splitlines()
            if lines and re.fullmatch(r"\[exit \d+\]", lines[-1].strip()):
                code = int(lines[-1].strip()[6:-1])
                expected = "\n".join(lines[:-1]) + ("\n" if lines[:-1] else "")
            if p.returncode != code:
                failures.append(f"{page.name}: `{command}` exited {p.returncode}, expected "
                                f"{code}:\n{p.stdout}")
            elif expected.strip() and not _CHECKER.check_output(expected, p.stdout, _FLAGS):
                failures.append(f"{page.name}: `{command}` printed:\n{p.stdout}\nexpected:\n"
                                f"{expected}")
    return failures


PAGES = sorted(p for p in TUTORIALS.glob("*.md") if _BLOCK.search(p.read_text("utf-8"))
               and p.name != "first-hour.md")


def test_tutorials_have_checked_commands() -> None:
    """The command-line tutorial and the first-hour page have runnable shell blocks."""
    names = {p.name for p in PAGES}
    assert "cli.md" in names
    text = (TUTORIALS / "first-hour.md").read_text(encoding="utf-8")
    assert "```console" in text


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_tutorial_commands_print_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    """Every command of the page runs with the exit code and output the page shows."""
    assert run_page(page, tmp_path) == []


def _copy_of_the_repository(dest: Path) -> Path:
    """The repository's files as a clone has them (git's list when there is one)."""
    target = dest / "revitalize"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=False)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:  # an sdist: no git
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
            ".venv", ".ci-venv", "_build", "generated", "__pycache__", ".git"))
    return target


def test_first_hour_walkthrough_on_a_fresh_copy(tmp_path: Path) -> None:
    """The "first hour" page, from a fresh copy of the repository to a scenario test,
    runs as shown (with the installed package of this environment)."""
    clone = _copy_of_the_repository(tmp_path)
    assert (clone / "pyproject.toml").is_file()
    assert run_page(TUTORIALS / "first-hour.md", clone) == []
