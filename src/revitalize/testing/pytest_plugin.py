"""The pytest plugin for scenario files (registered by the ``pytest11`` entry point).

It collects only ``*.scenario.toml`` files; every ``[[case]]`` is one test
item. A failing case shows each expected value against the actual one and
the findings behind the actual outcome (reasons, parameters, citations), in
Chinese unless ``--revitalize-lang en``. A file with schema errors is one
failing item listing every error with its line, and no traceback.

Each case's *basis* (where its expectation comes from: ``plan``, ``reading``
or ``recorded``) heads its failure report, is recorded as the item's
``basis`` user property (JUnit XML carries it), and the terminal summary
counts the collected cases by basis.

The plugin is light: it imports neither hypothesis nor anything else the
``test`` extra brings, only :mod:`revitalize.scenarios`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..scenarios import (
    SUFFIX,
    CaseResult,
    ScenarioCase,
    ScenarioError,
    basis_counts,
    load_scenario_file,
    render_basis_counts,
    render_result,
    run_case,
)

__all__ = ["ScenarioFailure", "ScenarioFileItem", "ScenarioItem", "ScenarioTomlFile"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--revitalize-lang zh|en`` (the language of scenario failure reports)."""
    group = parser.getgroup("revitalize", "revitalize scenario files")
    group.addoption("--revitalize-lang", choices=("zh", "en"), default="zh",
                    help="language of scenario failure reports (default: zh)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``*.scenario.toml`` files (and nothing else)."""
    if file_path.name.endswith(SUFFIX):
        collector: pytest.Collector = ScenarioTomlFile.from_parent(parent, path=file_path)
        return collector
    return None


_CASES = pytest.StashKey[list[ScenarioCase]]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Remember the selected scenario cases for the summary."""
    config.stash[_CASES] = [i.case for i in items if isinstance(i, ScenarioItem)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """Count the selected scenario cases by the basis of their expectation."""
    cases = config.stash.get(_CASES, [])
    if cases:
        terminalreporter.write_line(render_basis_counts(basis_counts(cases), _lang(config)))


class ScenarioFailure(Exception):
    """A case whose outcome differs from its expectation."""

    def __init__(self, result: CaseResult) -> None:
        self.result = result
        super().__init__(result.case.name)


def _lang(config: pytest.Config) -> str:
    lang: str = config.getoption("revitalize_lang", default="zh") or "zh"
    return lang


class ScenarioTomlFile(pytest.File):
    """A scenario file: one item per case, or one failing item for a file with errors."""

    def collect(self) -> Iterator[pytest.Item]:
        """Read the file; yield its cases (or its errors as one item)."""
        try:
            scenario = load_scenario_file(self.path)
        except ScenarioError as exc:
            yield ScenarioFileItem.from_parent(self, name="[schema]", error=exc)
            return
        for case in scenario.cases:
            yield ScenarioItem.from_parent(self, name=case.name, case=case)


class ScenarioFileItem(pytest.Item):
    """A scenario file that cannot be read: fails with its error list."""

    def __init__(self, *, error: ScenarioError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        """Fail with the file's errors."""
        raise self.error

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        """The error list, without a traceback."""
        zh = _lang(self.config) == "zh"
        head = "情景文件有错误：" if zh else "the scenario file has errors:"
        if isinstance(excinfo.value, ScenarioError):
            return head + "\n" + "\n".join(f"  {p}" for p in excinfo.value.problems)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the item comes from."""
        return self.path, 0, f"scenario file {self.path.name}"


class ScenarioItem(pytest.Item):
    """One case of a scenario file."""

    def __init__(self, *, case: ScenarioCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.user_properties.append(("basis", case.basis or "unstated"))

    def runtest(self) -> None:
        """Run the case; fail when the outcome differs or a declared ID is not covered."""
        result = run_case(self.case)
        if not result.passed:
            raise ScenarioFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        """Expected against actual, field by field, with the findings behind it."""
        lang = _lang(self.config)
        if isinstance(excinfo.value, ScenarioFailure):
            return render_result(excinfo.value.result, lang)
        if isinstance(excinfo.value, ScenarioError):
            return "\n".join(f"  {p}" for p in excinfo.value.problems)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """The file, the case's line and its name."""
        return (self.path, self.case.line - 1,
                f"scenario: {self.case.name} [basis: {self.case.basis or 'unstated'}]")
