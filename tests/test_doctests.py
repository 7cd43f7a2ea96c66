"""The doctested examples in the library's docstrings hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import revitalize

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(revitalize.__path__, "revitalize.")
    if m.name != "revitalize.__main__" and not m.name.startswith("revitalize.testing.pytest_plugin")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    """Every example in the module's docstrings gives the output shown."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
