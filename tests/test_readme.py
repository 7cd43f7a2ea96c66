"""The README's Python example runs as shown and uses only names of ``import revitalize``."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
_BLOCK = re.compile(r"```pycon\n(.*?)```", re.DOTALL)


def _examples() -> list[str]:
    return _BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_example_runs_as_shown() -> None:
    """Every ``pycon`` block of the README gives the output shown (a doctest)."""
    blocks = _examples()
    assert blocks
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, "README", str(README), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0


def test_the_readme_example_uses_only_the_top_level_names() -> None:
    """The example imports nothing but ``revitalize`` (and the standard library), loads,
    assesses, prints problems with reasons and citations, reforms and diffs in ten lines
    of code or so."""
    (block,) = _examples()
    code = [line[4:] for line in block.splitlines() if line.startswith((">>> ", "... "))]
    imports = [c for c in code if c.startswith(("import ", "from "))]
    assert imports == ["import datetime as dt", "import revitalize"]
    used = set(re.findall(r"revitalize\.(\w+)", "\n".join(code)))
    import revitalize

    assert used <= set(revitalize.__all__), used - set(revitalize.__all__)
    assert {"loads", "assess_household", "default_parameters", "impact_diff"} <= used
    joined = "\n".join(code)
    for step in (".problems", ".reason(", ".citations", ".reform(", ".summary"):
        assert step in joined, step
    statements = [c for c in code if not c.startswith((" ", "..."))]
    assert len(statements) <= 10, len(statements)
