"""The documentation's examples hold, and the site builds with warnings as errors."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from revitalize.policy.registry import default_registry

DOCS = Path(__file__).resolve().parent.parent / "docs"
_FENCE = re.compile(r"^\s*(```|~~~|:::).*$", re.MULTILINE)


def _pages_with_examples() -> list[Path]:
    if not DOCS.is_dir():
        return []
    return sorted(
        p for p in DOCS.rglob("*.md")
        if not {"generated", "_build"} & set(p.relative_to(DOCS).parts)
        and ">>> " in p.read_text(encoding="utf-8")
    )


PAGES = _pages_with_examples()


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples(page: Path) -> None:
    """Every ``>>>`` example on a hand-written docs page gives the output shown."""
    # A closing code fence right after an expected output would be read as output.
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, page.stem, str(page), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_docs_have_examples() -> None:
    """The tutorial and the how-to pages have tested examples."""
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"tutorial/python.md", "howto/parameter.md", "howto/reform-diff.md"} <= names


def _missing_docs_tools() -> str | None:
    for module in ("sphinx", "myst_parser", "furo"):
        if importlib.util.find_spec(module) is None:
            return module
    return None


@pytest.mark.skipif(
    _missing_docs_tools() is not None,
    reason=f"{_missing_docs_tools()} is not installed (pip install -e '.[docs]')",
)
def test_docs_build_warning_free_and_list_every_rule(tmp_path: Path) -> None:
    """``sphinx-build -W`` succeeds and the rule catalog lists every registered rule ID.

    ``.ci/run`` builds the site with ``-W`` before the tests and points
    ``REVITALIZE_DOCS_HTML`` at the output, so CI builds it once; without the
    variable the test builds it here.
    """
    built = os.environ.get("REVITALIZE_DOCS_HTML")
    if built:
        out = Path(built)
    else:
        src = tmp_path / "docs"
        shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("generated", "_build"))
        out = tmp_path / "html"
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
             str(src), str(out)],
            capture_output=True, text=True, check=False,
        )
        assert proc.returncode == 0, proc.stderr[-5000:]
    catalog = (out / "generated" / "rules.html").read_text(encoding="utf-8")
    missing = [rule.id for rule in default_registry() if f"{rule.id} " not in catalog]
    assert missing == []
    assert (out / "generated" / "parameters.html").is_file()
