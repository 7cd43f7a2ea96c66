"""Importing the library loads only the standard library and its three dependencies."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Third-party top-level modules allowed at import time: the runtime dependencies
#: and what they import themselves.
ALLOWED = {
    "attr",
    "attrs",
    "cattr",
    "cattrs",
    "dateutil",
    "six",
    "typing_extensions",
    "exceptiongroup",
    "revitalize",
}

PROBE = """
import json, sys
before = set(sys.modules)
{imports}
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _loaded(imports: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [str(m) for m in json.loads(out)]


@pytest.mark.parametrize(
    "imports",
    [
        "import revitalize",
        "import revitalize.models, revitalize.serialization, revitalize.models.validation",
        "import revitalize.testing",
    ],
)
def test_import_loads_only_allowed_modules(imports: str) -> None:
    """The import pulls in nothing outside the standard library and the allowed packages."""
    loaded = _loaded(imports)
    tops = {m.split(".")[0] for m in loaded}
    foreign = sorted(
        t for t in tops if t not in sys.stdlib_module_names and t not in ALLOWED and t != "_"
    )
    assert foreign == [], foreign
    assert "hypothesis" not in tops
    assert "pytest" not in tops
